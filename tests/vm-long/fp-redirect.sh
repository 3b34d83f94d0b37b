#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# The proxy answers open-iscsi's first Login Request itself with status
# 0x0101 (target moved temporarily) and TargetAddress=<real portal>,1.
# open-iscsi must follow the redirect: the session ends up connected to
# the real portal directly, the proxy never carries a full feature phase
# PDU, and verified I/O works.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262
REAL=$(target_ip 1):3260

net_setup 1
lio_setup --luns 1 --size 16
oi_start
fp_start "$PORTAL" "$REAL"
fp_cmd redirect temp "$REAL"
fp_oi_login "$PORTAL"

conn_addr() { cat /sys/class/iscsi_connection/connection*/address 2>/dev/null | head -1 || true; }
at_real_portal() { [[ $(conn_addr) == "$(target_ip 1)" ]]; }
poll_until 20 at_real_portal ||
	fail "session is not connected to the real portal (address '$(conn_addr)')"
[[ $(fp_stat redirect) == 1 ]] || fail "the proxy did not answer with a redirect"
[[ $(fp_stat logins) == 0 && $(fp_stat ffp) == 0 ]] ||
	fail "the login went through the proxy instead of being redirected"
[[ $(lio_sessions) -ge 1 ]] || fail "LIO sees no session"
disks() { ls /sys/class/iscsi_session/session*/device/target*/*:*/block/ 2>/dev/null || true; }
has_disk() { [[ -n $(disks) ]]; }
poll_until 20 has_disk || fail "LUN did not appear"
disk=$(disks | sed -n 1p)	# head would SIGPIPE disks under pipefail
log "redirected to $(conn_addr), persistent address $(cat /sys/class/iscsi_connection/connection*/persistent_address | head -1), disk $disk"
fio_verify "/dev/$disk" --size=8M || fail "verify on the redirected session failed"
fp_finish
