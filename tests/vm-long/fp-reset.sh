#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Both TCP connections are reset (RST) in the middle of a verified fio
# run: open-iscsi must see the error, log in again through the proxy and
# retry its commands within replacement_timeout, so that fio (writes,
# then crc32c verify) still passes.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262

net_setup 1
lio_setup --luns 1 --size 16
oi_start
fp_start "$PORTAL" "$(target_ip 1):3260"
fp_oi_login "$PORTAL" --replacement 120
oi_wait_disks 127.0.0.1 1 || fail "LUN did not appear"
d=/dev/$(oi_disks_of 127.0.0.1)

start=$(fp_stat i2t_pdus)
fio_verify "$d" --size=16M &
fio_pid=$!
cleanup_push "kill $fio_pid"
busy() { (($(fp_stat i2t_pdus) > start + 500)); }
poll_until 60 busy || fail "fio did not get going"
fp_cmd reset
[[ $(fp_stat reset) -ge 1 ]] || fail "nothing was reset"
wait "$fio_pid" || fail "fio verify failed across the reset"
[[ $(fp_stat logins) -ge 2 ]] || fail "open-iscsi did not log in again"
log "recovered: $(fp_stat logins) logins, $(dmesg | grep -c 'detected conn error' || true) conn errors in the kernel log"
[[ $(oi_session_state 127.0.0.1) == LOGGED_IN ]] || fail "session not LOGGED_IN"
fp_finish
