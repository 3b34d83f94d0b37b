#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
#
# The dm-dsm selectors over two open-iscsi paths to LIO:
#  - every selector is reachable through its dm-<name> module alias;
#  - malformed tables are rejected with the selector's precise error;
#  - under fio write+crc32c verify, failing and reinstating each path with
#    dmsetup messages causes no I/O error, a failed path starts no I/O,
#    and both paths carry I/O;
#  - status echoes the table and shows per-path counters.
#
# The integrity check can fail: the negative control below writes a
# verified pattern, corrupts one block through the raw path device, and
# requires fio's verify-only pass to report the corruption.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../bench/dm-lib.inc"

dm_two_paths --size 64
dm_modules

# Bad tables: "WANT-IN-DMESG" then the selector part of the table.
bad() {
	local want=$1 sel=$2
	must_fail dmsetup create dm_bad --table \
		"0 $DM_SECTORS multipath 0 0 1 1 $sel" 2>/dev/null ||
		fail "table accepted: $sel"
	dmesg | tail -n 4 | grep -qF "$want" ||
		fail "no '$want' in the kernel log for: $sel"
}
d1=$DM_DEV1 d2=$DM_DEV2
bad "weighted-paths ps: invalid weight" "weighted-paths 0 2 1 $d1 1 $d2 x"
bad "weighted-paths ps: invalid weight" "weighted-paths 0 2 1 $d1 1 $d2 3x"
bad "weighted-paths ps: invalid weight" "weighted-paths 0 2 1 $d1 1 $d2 10001"
bad "weighted-paths ps: invalid weight" "weighted-paths 0 2 1 $d1 1 $d2 -1"
bad "weighted-paths ps: too many path arguments" "weighted-paths 0 2 2 $d1 1 1 $d2 1 1"
bad "round-robin-with-subset ps: invalid path argument" "round-robin-with-subset 0 2 1 $d1 1001 $d2 1"
bad "least-blocks ps: invalid path argument" "least-blocks 0 2 1 $d1 1 $d2 1000001"
bad "least-blocks takes no selector arguments" "least-blocks 1 5 2 1 $d1 1 $d2 1"
bad "adaptive ps: too many path arguments" "adaptive 0 2 2 $d1 1 1 $d2 1 1"
bad "adaptive: invalid probe interval" "adaptive 1 abc 2 1 $d1 1 $d2 1"
bad "adaptive: too many selector arguments" "adaptive 2 1 1 2 1 $d1 1 $d2 1"
log "bad tables rejected with precise errors"

# Negative control: a corrupted block must make the verify fail.
dm_create dm_neg round-robin-with-subset "" 1 1 1
fio_verify /dev/mapper/dm_neg --size=4M --do_verify=0 ||
	fail "negative control: write pass failed"
dd if=/dev/urandom of="/dev/$DM_SD2" bs=4k seek=100 count=1 oflag=direct \
	conv=notrunc status=none
must_fail fio_verify /dev/mapper/dm_neg --size=4M --verify_only=1 2>/dev/null ||
	fail "negative control: fio did not detect a corrupted block"
dm_remove dm_neg
log "negative control: corruption detected"

# fail_path / reinstate_path under verified I/O.
toggle() {
	local dev
	for dev in $DM_DEV1 $DM_DEV2; do
		sleep 1
		dmsetup message "$1" 0 fail_path "$dev"
		local before
		before=$(dm_pfield "$1" "$dev" 0)
		sleep 1
		[[ $(dm_pfield "$1" "$dev" 0) == "$before" ]] ||
			echo "started I/O on failed path $dev" >"$VM_RUN_DIR/dm-toggle.err"
		dmsetup message "$1" 0 reinstate_path "$dev"
	done
}
rm -f "$VM_RUN_DIR/dm-toggle.err"
for sel in round-robin-with-subset weighted-paths least-blocks adaptive; do
	dm_create dm_t "$sel" "" 1 1 1
	[[ $(dmsetup table dm_t) == *" $sel 0 2 1 $d1 1 $d2 1 "* ]] ||
		fail "$sel: table not echoed: $(dmsetup table dm_t)"
	toggle dm_t &
	tpid=$!
	fio_verify /dev/mapper/dm_t --size=24M || fail "$sel: I/O or verify error"
	wait "$tpid" || fail "$sel: fail/reinstate messages failed"
	[[ ! -e $VM_RUN_DIR/dm-toggle.err ]] || fail "$sel: $(cat "$VM_RUN_DIR/dm-toggle.err")"
	log "$sel: $(dmsetup status dm_t)"
	for dev in $d1 $d2; do
		[[ $(dm_path_state dm_t "$dev") == A ]] || fail "$sel: $dev not active"
		(($(dm_pfield dm_t "$dev" 0) > 0)) || fail "$sel: no I/O on $dev"
		(($(dm_pfield dm_t "$dev" 2) == 0)) || fail "$sel: $dev inflight != 0 when idle"
	done
	dm_remove dm_t
done
