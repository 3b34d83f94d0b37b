#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Per-session timeouts, set at login and changed live: a silent path is
# declared dead about NOP interval + NOP timeout after it went quiet, the
# failure carries its named reason, held I/O fails after the session's
# own replacement timeout, and the session comes back by itself. Every
# state change shows in the kiscsi tracepoints.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 16
ki_start

tr=/sys/kernel/tracing
[[ -d $tr/events ]] || mount -t tracefs nodev "$tr" ||
	fail "cannot mount tracefs"
[[ -d $tr/events/kiscsi ]] || fail "no kiscsi tracepoints"
echo >"$tr/trace"
echo 1 >"$tr/events/kiscsi/enable"
cleanup_push "echo 0 >$tr/events/kiscsi/enable"

ki_login --portal "$(target_ip 1)" --target "$LIO_IQN" \
	--replacement-timeout 4 --nop-interval 0.5 --nop-timeout 1
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)

# jq path over the first session of 'kiscsi show -j'
js() { kiscsi show -j | jq -r ".[0]$1"; }
sid=$(js .id)
[[ $(js .timeouts.replacement_s) == 4 ]] || fail "replacement: $(js .timeouts)"
[[ $(js .timeouts.nop_interval_ms) == 500 ]] || fail "interval: $(js .timeouts)"
[[ $(js .timeouts.nop_timeout_ms) == 1000 ]] || fail "timeout: $(js .timeouts)"
[[ $(js .last_failure) == none ]] || fail "fresh session has a failure"
kiscsi show | grep -q 'timeouts: *replacement 4 s, NOP interval 0.5 s, NOP timeout 1.0 s' ||
	fail "human show lacks the timeouts: $(kiscsi show)"

# Live change, and refusals that change nothing
out=$(kiscsi set --session "$sid" --replacement-timeout 6) ||
	fail "set failed: $out"
[[ $(js .timeouts.replacement_s) == 6 ]] || fail "set did not take: $(js .timeouts)"
rc=0; out=$(kiscsi set --session "$sid" --nop-timeout 50ms 2>&1) || rc=$?
((rc == 2)) && [[ $out == *"--nop-timeout"*"0.1..3600"* ]] ||
	fail "too small a NOP timeout: exit $rc: $out"
rc=0; out=$(kiscsi set --session 4242 --nop-interval 1 2>&1) || rc=$?
((rc == 1)) && [[ $out == *"no session"* ]] ||
	fail "unknown session: exit $rc: $out"
rc=0; out=$(kiscsi set --session "$sid" 2>&1) || rc=$?
((rc == 2)) && [[ $out == *"nothing to change"* ]] ||
	fail "empty set: exit $rc: $out"
[[ $(js .timeouts.nop_interval_ms) == 500 ]] || fail "a refused set changed something"

# A silent path: detection within interval + timeout (+ tick and poll)
failed() { [[ $(js .state) == failed ]]; }
up() { [[ $(js .state) == logged-in ]]; }
path_blackhole 1
t0=$(date +%s%N)
poll_until 10 failed || fail "silent path not detected in 10 s"
ms=$((($(date +%s%N) - t0) / 1000000))
log "silent path declared dead after $ms ms (interval 500 + timeout 1000)"
((ms < 4000)) || fail "detection took $ms ms"
[[ $(js .last_failure) == ping-timeout ]] ||
	fail "reason: $(js .last_failure), want ping-timeout"

# Held I/O fails after the session's own replacement timeout (6 s)
t0=$SECONDS
if dd if="$d" of=/dev/null bs=4k count=1 skip=99 iflag=direct 2>/dev/null; then
	fail "a read succeeded with the path down past the replacement timeout"
fi
took=$((SECONDS - t0))
log "held read failed after $took s (replacement timeout 6 s)"
((took <= 10)) || fail "replacement timeout not honoured: $took s"

path_up 1
poll_until 30 up || fail "session did not come back"
[[ $(js .recoveries) == 1 ]] || fail "recoveries: $(js .recoveries)"
kiscsi show | grep -q 'recoveries: *1 (last failure: ping timeout' ||
	fail "human show lacks the recovery: $(kiscsi show)"
fio_verify "$d" --size=4M || fail "I/O after recovery failed"

# The tracepoints saw every step
t=$(cat "$tr/trace")
for want in "kiscsi_session_state: session=$sid logging-in -> logged-in" \
	"kiscsi_session_state: session=$sid logged-in -> failed" \
	"kiscsi_session_state: session=$sid failed -> logged-in" \
	"kiscsi_conn_state: session=$sid cid=0 full-feature -> failed" \
	"kiscsi_conn_fail: session=$sid reason=4 target silent" \
	"kiscsi_event: session=$sid event=2 reason=4"; do
	grep -qF "$want" <<<"$t" || fail "trace lacks '$want'"
done
log "tracepoints: $(grep -c 'kiscsi_' <<<"$t") lines"
