#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
#
# kiscsi against LIO across the negotiation space that changes the data
# path: ImmediateData x InitialR2T (all four), MaxRecvDataSegmentLength
# 512 B and 256 KiB in both directions (LIO declares its
# MaxXmitDataSegmentLength parameter as its receive limit), small and large bursts,
# MaxOutstandingR2T 1 and 4, digests on. Each case sets the target's
# parameters (LIO's defaults, then the case's), logs in, checks that the
# negotiated values are the ones the case meant to exercise, writes and
# verifies 512 B to 1 MiB at random, and logs out. One target serves all
# cases: LIO copies a portal group's parameters into each new login, and
# building and removing a target per case was most of this test's time
# on the debug kernel.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
ki_start
lio_setup --luns 1 --size 32
declare -A lio_default
for k in ImmediateData InitialR2T MaxRecvDataSegmentLength \
	MaxXmitDataSegmentLength FirstBurstLength MaxBurstLength \
	MaxOutstandingR2T HeaderDigest DataDigest; do
	lio_default[$k]=$(<"$LIO_TPG/param/$k")
done

# show_param KEY: the negotiated value from `kiscsi show -j`.
show_param() {
	kiscsi show -j | python3 -c "import json,sys
s = json.load(sys.stdin)[0]
v = s['params']['$1']
print(int(v) if isinstance(v, bool) else v)"
}

# case NAME "LIO params" "tool options" "expected key=value ..."
run_case() {
	local name=$1 opts exp p k
	read -ra opts <<<"$3"
	log "case $name"
	for k in "${!lio_default[@]}"; do
		lio_put "$LIO_TPG/param/$k" "${lio_default[$k]}"
	done
	for p in $2; do
		[[ -v lio_default[${p%%=*}] ]] ||
			fail "$name: add ${p%%=*} to the parameters reset per case"
		lio_put "$LIO_TPG/param/${p%%=*}" "${p#*=}"
	done
	ki_login --portal "$(target_ip 1)" --target "$LIO_IQN" "${opts[@]}" >/dev/null ||
		fail "$name: login failed"
	log "$name: logged in"
	ki_wait_disks 1 || fail "$name: no disk"
	log "$name: disk up"
	for exp in $4; do
		[[ $(show_param "${exp%%=*}") == "${exp#*=}" ]] ||
			fail "$name: ${exp%%=*} is $(show_param "${exp%%=*}"), want ${exp#*=}"
	done
	fio_verify "/dev/$(ki_disks)" --bsrange=512-1m --size=8M --iodepth=8 ||
		fail "$name: verified I/O failed"
	log "$name: verified"
	kiscsi logout --all
}

run_case imm-yes-r2t-no "ImmediateData=Yes InitialR2T=No" "" \
	"immediate_data=1 initial_r2t=0"
run_case imm-yes-r2t-yes "ImmediateData=Yes InitialR2T=Yes" "" \
	"immediate_data=1 initial_r2t=1"
run_case imm-no-r2t-no "ImmediateData=No InitialR2T=No" "" \
	"immediate_data=0 initial_r2t=0"
run_case imm-no-r2t-yes "ImmediateData=No InitialR2T=Yes" "" \
	"immediate_data=0 initial_r2t=1"
run_case mrdsl-512 "MaxXmitDataSegmentLength=512 MaxRecvDataSegmentLength=512 InitialR2T=No" \
	"--max-recv-dsl 512" "max_recv_dsl=512 max_xmit_dsl=512"
run_case mrdsl-256k "MaxXmitDataSegmentLength=262144 MaxRecvDataSegmentLength=262144 InitialR2T=No" \
	"--max-recv-dsl 262144" "max_recv_dsl=262144 max_xmit_dsl=262144"
run_case bursts-small "FirstBurstLength=512 MaxBurstLength=4096 InitialR2T=No" "" \
	"first_burst=512 max_burst=4096"
run_case bursts-large "FirstBurstLength=16777215 MaxBurstLength=16777215 MaxRecvDataSegmentLength=262144 InitialR2T=No" \
	"--max-burst 16777215 --first-burst 16777215" \
	"first_burst=16777215 max_burst=16777215"
run_case r2t-1 "MaxOutstandingR2T=1 InitialR2T=Yes MaxBurstLength=65536" "" \
	"max_outstanding_r2t=1"
run_case r2t-4 "MaxOutstandingR2T=4 InitialR2T=Yes MaxBurstLength=65536" \
	"--max-outstanding-r2t 4" "max_outstanding_r2t=4"
run_case digests "HeaderDigest=CRC32C DataDigest=CRC32C" \
	"--header-digest crc32c --data-digest crc32c" \
	"header_digest=crc32c data_digest=crc32c"
