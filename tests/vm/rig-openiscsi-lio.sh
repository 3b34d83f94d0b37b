#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# The rig itself: open-iscsi logs in to the in-guest LIO target over both
# paths; each path shows both LUNs; data written with crc32c verify
# headers through path 1 verifies when read back through path 2 (so the
# two disks really are one LUN, and the verify really ran).
source "$(dirname "$0")/../lib/openiscsi.sh"

net_setup 2
lio_setup --luns 2 --size 32
oi_start
for p in 1 2; do
	oi_login "$(target_ip $p)"
done
for p in 1 2; do
	oi_wait_disks "$(target_ip $p)" 2 || fail "path $p: LUNs did not appear"
	[[ $(oi_session_state "$(target_ip $p)") == LOGGED_IN ]] ||
		fail "path $p: session not LOGGED_IN"
done
[[ $(lio_sessions) -ge 2 ]] || fail "LIO does not see two sessions"

# Pair each disk with its LUN by unit serial (VPD page 0x80).
serial_of() { sg_inq -p 0x80 -r "/dev/$1" | tail -c +5 | tr -d '\0 '; }
disk_with_serial() {
	local d
	for d in $(oi_disks_of "$1"); do
		[[ $(serial_of "$d") == "$2" ]] && { echo "$d"; return 0; }
	done
	return 1
}
a=$(disk_with_serial "$(target_ip 1)" "$(lio_serial 1)") || fail "LUN 1 not on path 1"
b=$(disk_with_serial "$(target_ip 2)" "$(lio_serial 1)") || fail "LUN 1 not on path 2"
[[ $a != "$b" ]] || fail "both paths gave the same disk"
log "LUN 1 is /dev/$a (path 1) and /dev/$b (path 2)"

fio_verify "/dev/$a" --do_verify=0 || fail "write through path 1 failed"
fio_verify "/dev/$b" --rw=randread --verify_only=1 ||
	fail "data written through path 1 does not verify through path 2"
fio_verify "/dev/$b" --rw=randrw --bs=64k --iodepth=8 ||
	fail "verified randrw on path 2 failed"
