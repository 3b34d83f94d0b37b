#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Nothing from the network is trusted. Through the fault-injection proxy
# the "target" sends kiscsi hostile PDUs: an undefined opcode, a data
# segment over our MaxRecvDataSegmentLength, Data-In beyond the
# command's buffer, a response for an ITT never used, an R2T for zero
# bytes, and a corrupted data digest. Each must drop that connection
# with a log line naming the rule and a counter, after which the session
# reconnects by itself; never a crash, a hang or a wrong byte (the
# kernel panics on any oops or warning in this rig).
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/faultproxy.sh"

net_setup 1
lio_setup --luns 1 --size 16 --param DataDigest=CRC32C
ki_start
fp_start 127.0.0.1:3262 "$(target_ip 1):3260"

up() { [[ $(ki_state) == logged-in ]]; }
counter() { kiscsi show -j | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats']['$1'])"; }

# hostile KIND LOG-PATTERN COUNTER: one fresh session, I/O in flight, then
# the hostile PDU; the session must fail and say why.
hostile() {
	local kind=$1 pattern=$2 ctr=$3 d io n0
	kiscsi login --portal 127.0.0.1:3262 --target "$LIO_IQN" \
		--data-digest crc32c >/dev/null || fail "$kind: login failed"
	ki_wait_disks 1 || fail "$kind: no disk"
	d=$(ki_disks)
	fio --name=bg --filename="/dev/$d" --direct=1 --ioengine=libaio \
		--rw=randread --bs=64k --iodepth=8 --time_based --runtime=20 \
		>/dev/null 2>&1 &
	io=$!
	sleep 1
	dmesg -C
	n0=$(counter "$ctr")
	fp_cmd "$kind"
	poll_until 20 eval '(( $(counter "$ctr") > n0 ))' ||
		fail "$kind: $ctr not counted"
	poll_until 10 eval 'grep -q "$pattern" <(dmesg)' ||
		fail "$kind: no log line matching '$pattern'"
	log "$kind: $(grep -m1 "$pattern" <(dmesg))"
	poll_until 30 eval 'grep -q "reconnected to" <(dmesg)' ||
		fail "$kind: the session did not reconnect"
	poll_until 30 up || fail "$kind: session not back"
	# fio may have finished already (a slow kernel reconnects late).
	kill "$io" 2>/dev/null || true
	timeout 60 tail --pid="$io" -f /dev/null || fail "$kind: fio hung"
	timeout 60 kiscsi logout --all >/dev/null || fail "$kind: logout hung"
}

hostile "malformed bad-opcode" "bad header\|malformed" protocol_errors
hostile "malformed huge-dsl" "DataSegmentLength\|bad header" protocol_errors
hostile "malformed datain-overflow" "Data-In" protocol_errors
hostile "malformed unknown-itt" "unknown task" protocol_errors
hostile "malformed r2t-zero" "R2T\|malformed" protocol_errors
hostile "corrupt-ddigest 1" "data digest error" digest_errors
