#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# LIO with CHAP: the wrong secret is refused and leaves no session; the
# right one (mutual) logs in and does I/O.
source "$(dirname "$0")/../lib/openiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 16 --chap kiuser:kisecret-0123 \
	--mutual kitgt:kitgtsecret-45
oi_start
ip=$(target_ip 1)
if oi_login "$ip" --chap kiuser:wrong-secret-99 2>/dev/null; then
	fail "login with a wrong CHAP secret succeeded"
fi
! oi_session_of "$ip" >/dev/null || fail "a failed login left a session"
iscsiadm -m node -o delete >/dev/null
oi_login "$ip" --chap kiuser:kisecret-0123 --mutual kitgt:kitgtsecret-45
oi_wait_disks "$ip" 1 || fail "LUN did not appear"
fio_verify "/dev/$(oi_disks_of "$ip")" || fail "I/O failed"
