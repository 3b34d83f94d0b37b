#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
#
# adaptive under a long fio write job with crc32c verify (time-based, so
# --verify_backlog makes it verify as it goes):
#  1. equal paths share the I/O;
#  2. a delay on path 2 (netem, each way) of at least 50 ms and at
#     least 3x the paths' expected latency under the equal load: within
#     seconds path 2's share falls under 5 % (probes only);
#  3. the delay removed: probing notices and path 2 gets its share back;
#  4. path 2 cut for real (link down): the session fails, dm-mpath fails
#     the path, I/O goes on through path 1 without error; link back up,
#     session back, reinstate_path: path 2 carries I/O again.
# fio must finish with no I/O or verify error and must have read back
# (verified) data: its read counter is checked, so a verify that never
# ran fails the test. That verify can fail: see the negative control in
# dm-selectors.sh.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../bench/dm-lib.inc"

# NOP timeout 5 s, not 1: on a loaded TCG host a connection shaped with
# +50 ms each way sometimes receives nothing for 2-3 s; a 1 s timeout then
# failed path 2 mid-test (seen with the old and the new estimator alike).
# The link cut below is still detected within ~6 s. On the debug kernel
# the timeout scales: with +1500 ms each way its slow guest answered no
# NOP within 5 s, the path failed, and no probe could reach it.
dm_two_paths --size 64 --nop "1/$(scaled 5)" --replacement 5
dm_modules
dm_create dm_a adaptive "" 1 1 1

out=$VM_RUN_DIR/dm-adaptive.fio
fio --name=bg --filename=/dev/mapper/dm_a --direct=1 --ioengine=libaio \
	--rw=randwrite --bs=4k --iodepth=16 --size=48M --time_based \
	--runtime="$(scaled 300)" --verify=crc32c --verify_backlog=64 \
	--verify_fatal=1 \
	--output-format=terse --terse-version=3 >"$out" 2>&1 &
fpid=$!
cleanup_push "kill $fpid"

# share2 SECONDS: per mille of the I/Os started on path 2 over SECONDS.
share2() {
	local a1 a2 b1 b2 st
	st=$(dmsetup status dm_a)
	a1=$(dm_sfield "$st" "$DM_DEV1" 0) a2=$(dm_sfield "$st" "$DM_DEV2" 0)
	sleep "$1"
	st=$(dmsetup status dm_a)
	b1=$(dm_sfield "$st" "$DM_DEV1" 0) b2=$(dm_sfield "$st" "$DM_DEV2" 0)
	echo $((1000 * (b2 - a2) / (b1 - a1 + b2 - a2 + 1)))
}
share_below() { (($(share2 1) < $1)); }
share_above() { (($(share2 1) > $1)); }

# Equal share over 8000 I/Os after fio's first 500: a fixed sleep measured
# nothing on the debug kernel, where fio takes seconds to start (0 I/Os
# in the window read as 0‰). Why so many: on TCG a response varies by
# several times its mean, and within the 1/16 band the selector follows
# that noise for a few hundred I/Os at a time (seen: 17 % over 1900 I/Os
# right after start, 44-50 % over the next 20 s). A throwaway model of the
# selection (two paths behind one FIFO server, 1 % of services stalled
# 1-5 ms) put 41 % of 400-I/O windows outside 25-75 %, 0.6 % of 4000-I/O
# windows and none of 600 8000-I/O windows. What it must not do is settle
# on one of two equal paths.
ios() {
	local st
	st=$(dmsetup status dm_a)
	echo $(($(dm_sfield "$st" "$DM_DEV1" 0) + $(dm_sfield "$st" "$DM_DEV2" 0)))
}
poll_until "$(scaled 30)" eval '(($(ios) >= 500))' || fail "fio issued no I/O"
st=$(dmsetup status dm_a)
a1=$(dm_sfield "$st" "$DM_DEV1" 0) a2=$(dm_sfield "$st" "$DM_DEV2" 0)
poll_until "$(scaled 60)" eval '(($(ios) >= a1 + a2 + 8000))' ||
	fail "fio stalled: $(ios) I/Os"
st=$(dmsetup status dm_a)
b1=$(dm_sfield "$st" "$DM_DEV1" 0) b2=$(dm_sfield "$st" "$DM_DEV2" 0)
s=$((1000 * (b2 - a2) / (b1 - a1 + b2 - a2)))
log "equal paths: path 2 share ${s}‰ ($((b1 - a1)) and $((b2 - a2)) I/Os)"
((s > 250 && s < 750)) ||
	fail "equal paths not shared (${s}‰): $(dmsetup status dm_a)"

# The delay must dwarf what path 1 costs when it carries all 16 I/Os
# (about twice its estimate now): otherwise sending some I/O to path 2
# is the right answer, not a failure. On the stock kernel 50 ms does;
# on the debug kernel each path's estimate is ~100 ms, so 50 ms leaves
# path 2 a fair 12 % and the delay scales up instead.
st=$(dmsetup status dm_a)
e1=$(dm_sfield "$st" "$DM_DEV1" 3) e2=$(dm_sfield "$st" "$DM_DEV2" 3)
delay=$(((e1 > e2 ? e1 : e2) * 3 / 1000))
((delay >= 50)) || delay=50
# ...but under 1.5 s each way, so that a NOP (5 s timeout, scaled) still returns
# and the session stays up: the test is about selection, not failure.
((delay <= 1500)) || delay=1500
log "estimates under equal load: ${e1} and ${e2} us; path 2 delay ${delay} ms"
path_shape 2 delay "${delay}ms"
# Trace how fast path 2 is dropped: I/Os started per 250 ms on each path
# (a diagnostic; two samples in the debug lane, where each takes seconds).
for ((i = 1; i <= $(shrunk 8 2); i++)); do
	st=$(dmsetup status dm_a)
	log "t+$((i * 250))ms: path1 $(dm_sfield "$st" "$DM_DEV1" 0) path2 $(dm_sfield "$st" "$DM_DEV2" 0) est2 $(dm_sfield "$st" "$DM_DEV2" 3)us"
	sleep 0.25
done
t0=$SECONDS
poll_until "$(scaled 10)" share_below 50 ||
	fail "path 2 still used after +${delay} ms ($(share2 1)‰)"
log "+${delay} ms on path 2: share under 5 % $((SECONDS - t0)) s after the trace: $(dmsetup status dm_a)"
n2=$(dm_pfield dm_a "$DM_DEV2" 0)
s=$(share2 "$(scaled 3)")
((s < 50)) || fail "path 2 share ${s}‰ with +${delay} ms"
# A probe goes only to an idle path and takes two delays or more (seen at
# +415 ms: none started in 3 s, the one in flight outstanding over 1 s;
# TCP's retransmission timer, fitted to a 1 ms RTT, likely fired), so
# wait for one rather than count them in a fixed window.
probed() { (($(dm_pfield dm_a "$DM_DEV2" 0) > n2)); }
poll_until "$(scaled 20)" probed || fail "no probe I/O reached the slow path"
log "slow path 2 gets ${s}‰ (probes: $(($(dm_pfield dm_a "$DM_DEV2" 0) - n2)) I/Os)"

path_unshape 2
t0=$SECONDS
poll_until "$(scaled 30)" share_above 250 || fail "path 2 not taken back after recovery"
log "path 2 recovered: share back after $((SECONDS - t0)) s"

path_down 2
poll_until "$(scaled 30)" eval '[[ $(dm_path_state dm_a "$DM_DEV2") == F ]]' ||
	fail "dm did not fail path 2 after the cut"
log "cut: $(dmsetup status dm_a)"
s=$(share2 2)
((s == 0)) || fail "I/O started on the cut path"
kill -0 "$fpid" || fail "fio stopped during the cut: $(cat "$out")"

path_up 2
poll_until "$(scaled 60)" eval '[[ $(oi_session_state "$(target_ip 2)") == LOGGED_IN ]]' ||
	fail "path 2 session did not come back"
dmsetup message dm_a 0 reinstate_path "$DM_DEV2"
poll_until "$(scaled 20)" share_above 250 || fail "path 2 not used after reinstate"
log "reinstated: $(dmsetup status dm_a)"

# fio exits non-zero when interrupted; its own error field says whether
# any I/O or verify failed.
kill -INT "$fpid"
wait "$fpid" || true
# terse v3: field 5 is the job's error, field 6 the KiB read (verify).
err=$(awk -F';' '$1 == 3 { print $5 }' "$out")
reads=$(awk -F';' '$1 == 3 { print $6 }' "$out")
log "fio: error ${err:-none}, verified ${reads:-0} KiB"
[[ $err == 0 ]] || fail "fio failed: $(cat "$out")"
((reads > 0)) || fail "fio never verified anything: $(cat "$out")"
