#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# With DataDigest=CRC32C a corrupted data digest is a connection error:
# open-iscsi must drop the connection (kernel: "detected conn error
# (1015)", ISCSI_ERR_DATA_DGST), log in again through the proxy and
# retry, so fio's verify-only read still passes.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262

net_setup 1
lio_setup --luns 1 --size 16 --param HeaderDigest=CRC32C --param DataDigest=CRC32C
oi_start
fp_start "$PORTAL" "$(target_ip 1):3260"
fp_oi_login "$PORTAL" --digest on --replacement 120
oi_wait_disks 127.0.0.1 1 || fail "LUN did not appear"
[[ $(fp_stat hd) == 1 && $(fp_stat dd) == 1 ]] || fail "digests are not on"
d=/dev/$(oi_disks_of 127.0.0.1)

fio_verify "$d" --rw=write --size=4M --do_verify=0 || fail "write failed"
[[ $(fp_stat logins) == 1 ]] || fail "unexpected re-login before the fault"
errs=$(dmesg | grep -c 'detected conn error (1015)' || true)

fp_cmd corrupt-ddigest 1
fio_verify "$d" --rw=read --size=4M --verify_only=1 ||
	fail "verify failed across the digest error"
[[ $(fp_stat corrupt_ddigest) == 1 ]] || fail "no data digest was corrupted"
poll_until 60 fp_stat_is logins -ge 2 || fail "open-iscsi did not log in again"
(($(dmesg | grep -c 'detected conn error (1015)' || true) > errs)) ||
	fail "the kernel did not report a data digest error"
log "data digest error detected, connection re-established ($(fp_stat logins) logins)"
logged_in() { [[ $(oi_session_state 127.0.0.1) == LOGGED_IN ]]; }
poll_until 30 logged_in ||
	fail "session not LOGGED_IN after recovery"
fio_verify "$d" --rw=read --size=4M --verify_only=1 || fail "verify after recovery failed"
fp_finish
