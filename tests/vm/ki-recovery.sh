#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# ERL0 recovery in the kernel, no daemon. Verified random writes run
# through 20 connection resets (the fault proxy), 5 target restarts (LIO
# tears its fabric down and comes back 2 s later) and 5 path-down periods
# shorter than the replacement timeout (5, 2 and 2 in the debug lane, see
# shrunk): fio sees no error and no bad byte.
# Then the path goes down for longer than the replacement timeout (made
# shorter live with 'kiscsi set'): I/O errors surface within that timeout
# plus the ping interval and timeout, and the session comes back by itself
# when the path returns.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/faultproxy.sh"

net_setup 1
lio_setup --luns 1 --size 64
ki_start nop_interval_ms=1000 nop_timeout_ms=1000 replacement_timeout=30
fp_start 127.0.0.1:3262 "$(target_ip 1):3260"
ki_login --portal 127.0.0.1:3262 --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)

js() { kiscsi show -j | jq -r ".[0]$1"; }
failed() { [[ $(js .state) == failed ]]; }
up() { [[ $(js .state) == logged-in ]]; }
# wait until the session is up again after more than $1 reconnects
# (one tool call per poll: under TCG with fio running, calls are costly)
_past() {
	local st
	st=$(js '| "\(.state) \(.recoveries)"')
	[[ ${st% *} == logged-in ]] && ((${st#* } > $1))
}
recovered_past() { poll_until 60 _past "$1"; }

fio --name=survive --filename="$d" --direct=1 --ioengine=libaio \
	--rw=randwrite --bs=16k --iodepth=4 --size=48M --time_based \
	--runtime=900 --verify=crc32c --verify_backlog=256 --verify_fatal=1 \
	--output=/tmp/survive.log &
fio_pid=$!
cleanup_push "kill $fio_pid 2>/dev/null"
sleep 2
t0=$SECONDS
n_resets=$(shrunk 20 5) n_restarts=$(shrunk 5 2) n_downs=$(shrunk 5 2)
for i in $(seq "$n_resets"); do
	fp_cmd reset >/dev/null
	recovered_past $((i - 1)) || fail "reset $i: no reconnect"
done
log "$n_resets resets survived ($((SECONDS - t0)) s)"
t0=$SECONDS
for i in $(seq "$n_restarts"); do
	n=$(js .recoveries)
	lio_restart 2
	recovered_past "$n" || fail "target restart $i: no reconnect"
done
log "$n_restarts target restarts survived ($((SECONDS - t0)) s)"
t0=$SECONDS
for i in $(seq "$n_downs"); do
	n=$(js .recoveries)
	path_blackhole 1
	poll_until 30 failed || fail "path down $i: failure not detected"
	sleep 1
	path_up 1
	recovered_past "$n" || fail "path down $i: no reconnect"
done
log "$n_downs path-down periods survived ($((SECONDS - t0)) s, $(js .recoveries) recoveries)"
# Stop the time-based job; its summary must show no error at all (an
# I/O error or a verify mismatch ends the job with err != 0 first).
kill -INT "$fio_pid"
wait "$fio_pid" || true
grep -E 'err=|verify|write: IOPS' /tmp/survive.log | sed 's/^/# /'
grep -q 'err= 0' /tmp/survive.log || fail "fio saw an error"
! grep -qi 'verify.*bad\|bad magic\|crc32c: verify failed' /tmp/survive.log ||
	fail "fio found corrupted data"

# A path down for longer than the replacement timeout.
repl=8
kiscsi set --session "$(js .id)" --replacement-timeout $repl >/dev/null ||
	fail "kiscsi set"
path_blackhole 1
t0=$SECONDS
if dd if="$d" of=/dev/null bs=4k count=1 skip=77 iflag=direct 2>/dev/null; then
	fail "a read succeeded with the path down past the replacement timeout"
fi
took=$((SECONDS - t0))
log "I/O error surfaced after $took s (replacement timeout $repl s, NOP 1 s + 1 s)"
((took <= repl + 2 + 2)) || fail "error took $took s, over timeout + ping budget"
[[ $(js .last_failure) == ping-timeout ]] || fail "reason: $(js .last_failure)"
path_up 1
poll_until 60 up || fail "session did not come back by itself"
fio_verify "$d" --size=4M || fail "I/O after the session came back failed"
