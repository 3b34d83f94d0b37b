#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# With digests off nothing below fio can notice a flipped bit in a
# Data-In: corrupt-data must make fio's verify-only read fail, which is
# what proves that the integrity checks of the other tests can catch
# corruption in flight. Once the proxy is back to pass-through the same
# verify passes: the data on the target was never touched.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262

net_setup 1
lio_setup --luns 1 --size 16 --param HeaderDigest=None --param DataDigest=None
oi_start
fp_start "$PORTAL" "$(target_ip 1):3260"
fp_oi_login "$PORTAL" --digest off
oi_wait_disks 127.0.0.1 1 || fail "LUN did not appear"
[[ $(fp_stat hd) == 0 && $(fp_stat dd) == 0 ]] || fail "digests are not off"
d=/dev/$(oi_disks_of 127.0.0.1)

fio_verify "$d" --rw=write --size=4M --do_verify=0 || fail "write failed"
fio_verify "$d" --rw=read --size=4M --verify_only=1 || fail "clean verify failed"

fp_cmd corrupt-data 4
if fio_verify "$d" --rw=read --size=4M --verify_only=1 2>/dev/null; then
	fail "fio verify did not notice data corrupted in flight"
fi
n=$(fp_stat corrupt_data)
((n >= 1)) || fail "the proxy corrupted nothing"
log "fio caught $n corrupted Data-In PDU(s)"

fp_cmd pass
fio_verify "$d" --rw=read --size=4M --verify_only=1 ||
	fail "verify after pass failed: the target's data was damaged"
[[ $(oi_session_state 127.0.0.1) == LOGGED_IN ]] || fail "session not LOGGED_IN"
fp_finish
