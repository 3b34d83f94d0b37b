#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Every write waiting for its Data-Out gets it in turn. LIO closes the
# connection (at ERL 0) when a write it sent an R2T for receives no
# Data-Out for 3 s. Here 16 writes of 256 KiB each get an R2T at once
# and the initiator's link carries 4 Mbit/s in 512-byte PDUs: a whole
# burst takes ~0.5 s, so serving the writes one burst after another
# leaves the last waiting ~7.5 s, the target drops the connection and
# the session recovers (seen: 4 and 5 recoveries before the fix). One PDU
# per write per turn keeps every write's gap at ~20 ms: no recovery, and
# the data verifies.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
# Every byte solicited by R2T, in PDUs of 512 bytes (LIO declares its
# MaxXmitDataSegmentLength parameter as its receive limit).
lio_setup --luns 1 --size 32 --param ImmediateData=No --param InitialR2T=Yes \
	--param MaxRecvDataSegmentLength=512 \
	--param MaxXmitDataSegmentLength=512 --param MaxBurstLength=262144
ki_start
# Our pings wait behind the queued Data-Out on the slow link: keep them
# from failing the connection themselves.
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN" \
	--nop-interval 60 --nop-timeout 60
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)

js() { kiscsi show -j | jq -r ".[0]$1"; }
[[ $(js .params.max_xmit_dsl) == 512 ]] ||
	fail "Data-Out PDUs are $(js .params.max_xmit_dsl) bytes, want 512"
[[ $(js .params.initial_r2t) == true || $(js .params.initial_r2t) == 1 ]] ||
	fail "InitialR2T is $(js .params.initial_r2t)"

# The initiator's side of the link only: writes are slow, reads are not.
# A token bucket with a short queue (50 ms), as a real bottleneck has,
# not netem's 10000 packets: what waits in a queue we do not order is
# not ours to interleave.
tc qdisc replace dev ini1 root tbf rate 4mbit burst 16kb latency 50ms
cleanup_push "tc qdisc del dev ini1 root"
before=$(js .recoveries)
log "16 x 256 KiB writes at 4 Mbit/s in 512-byte Data-Out PDUs"
fio_verify "$d" --rw=write --bs=256k --iodepth=16 --size=8M ||
	fail "verified writes failed"
after=$(js .recoveries)
log "recoveries: $before before, $after after"
((after == before)) ||
	fail "the target dropped the connection $((after - before)) times during the writes: $(dmesg | grep -c 'DataOut timeout') Data-Out timeouts in the kernel log"
