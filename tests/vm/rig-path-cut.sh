#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# Cutting one path is seen: with short NOP timeouts, blackholing path 2
# moves its session out of LOGGED_IN while path 1 keeps doing verified
# I/O; restoring the path brings the session back.
source "$(dirname "$0")/../lib/openiscsi.sh"

net_setup 2
lio_setup --luns 1 --size 16
oi_start
for p in 1 2; do
	oi_login "$(target_ip $p)" --nop 1/1 --replacement 5
	oi_wait_disks "$(target_ip $p)" 1 || fail "path $p: LUN did not appear"
done

state_is() { [[ $(oi_session_state "$(target_ip "$1")") == "$2" ]]; }
state_is_not() { ! state_is "$@"; }

path_blackhole 2
poll_until 15 state_is_not 2 LOGGED_IN || fail "cut of path 2 not detected"
log "path 2 session went $(oi_session_state "$(target_ip 2)")"
state_is 1 LOGGED_IN || fail "path 1 was disturbed by the cut of path 2"
fio_verify "/dev/$(oi_disks_of "$(target_ip 1)")" || fail "I/O on path 1 failed"

path_up 2
poll_until 30 state_is 2 LOGGED_IN || fail "path 2 did not come back"
