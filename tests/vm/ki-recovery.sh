#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
#
# ERL0 recovery in the kernel, no daemon. Verified random writes run
# while the connection is reset 8 times (through the fault proxy) and the
# path is blackholed 3 times for less than the replacement timeout: fio
# sees no error and no bad byte. Then the path goes down for longer than
# the replacement timeout: I/O errors surface within the timeout plus
# the ping interval and timeout, and the session comes back by itself
# when the path returns.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/faultproxy.sh"

repl=12
net_setup 1
lio_setup --luns 1 --size 64
ki_start replacement_timeout=$repl
fp_start 127.0.0.1:3262 "$(target_ip 1):3260"
ki_login --portal 127.0.0.1:3262 --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)

failed() { [[ $(ki_state) == failed ]]; }
up() { [[ $(ki_state) == logged-in ]]; }
reconnects() { grep -c 'reconnected to' <(dmesg) || true; }

fio --name=survive --filename="$d" --direct=1 --ioengine=libaio \
	--rw=randwrite --bs=16k --iodepth=16 --size=48M --time_based \
	--runtime=600 --verify=crc32c --verify_backlog=256 --verify_fatal=1 \
	--output=/tmp/survive.log &
fio_pid=$!
cleanup_push "kill $fio_pid"
sleep 2
for i in $(seq 8); do
	before=$(reconnects)
	fp_cmd reset
	poll_until 30 eval '(( $(reconnects) > before ))' ||
		fail "reset $i: no reconnect"
	sleep 1
done
log "8 resets survived ($(reconnects) reconnects)"
for i in 1 2 3; do
	before=$(reconnects)
	path_blackhole 1
	poll_until 30 failed || fail "blackhole $i: failure not detected"
	sleep 2
	path_up 1
	poll_until 30 eval '(( $(reconnects) > before ))' ||
		fail "blackhole $i: no reconnect"
	sleep 1
done
log "3 path-down periods survived"
# Stop the time-based job; its summary must show no error at all (an
# I/O error or a verify mismatch ends the job with err != 0 first).
kill -INT "$fio_pid"
wait "$fio_pid" || true
grep -E 'err=|verify|write: IOPS' /tmp/survive.log | sed 's/^/# /'
grep -q 'err= 0' /tmp/survive.log || fail "fio saw an error"
! grep -qi 'verify.*bad\|bad magic\|crc32c: verify failed' /tmp/survive.log ||
	fail "fio found corrupted data"

# A path down for longer than the replacement timeout.
path_blackhole 1
t0=$SECONDS
if dd if="$d" of=/dev/null bs=4k count=1 skip=77 iflag=direct 2>/dev/null; then
	fail "a read succeeded with the path down past the replacement timeout"
fi
took=$((SECONDS - t0))
log "I/O error surfaced after $took s (replacement timeout $repl s)"
((took <= repl + 15)) || fail "error took $took s, over timeout + ping budget"
path_up 1
poll_until 60 up || fail "session did not come back by itself"
fio_verify "$d" --size=4M || fail "I/O after the session came back failed"
