#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# kiscsi-faultproxy is transparent: open-iscsi logs in through it and
# fio's crc32c verify passes, once with HeaderDigest/DataDigest CRC32C and
# once with None. The proxy must have followed the login to full feature
# phase with the digests actually negotiated, and decoded every PDU of
# the session with the protocol core (no refused BHS, no parse error),
# so its framing is right in both modes.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262

net_setup 1
lio_setup --luns 1 --size 16 \
	--param HeaderDigest=CRC32C,None --param DataDigest=CRC32C,None
oi_start
fp_start "$PORTAL" "$(target_ip 1):3260"

round() {
	local digest=$1 want=$2 d
	fp_oi_login "$PORTAL" --digest "$digest"
	oi_wait_disks 127.0.0.1 1 || fail "digest $digest: LUN did not appear"
	[[ $(fp_stat ffp) == 1 ]] || fail "digest $digest: proxy saw no login to FFP"
	[[ $(fp_stat hd) == "$want" && $(fp_stat dd) == "$want" ]] ||
		fail "digest $digest: proxy saw hd=$(fp_stat hd) dd=$(fp_stat dd), want $want"
	d=/dev/$(oi_disks_of 127.0.0.1)
	fio_verify "$d" --size=4M || fail "digest $digest: verify through the proxy failed"
	fio_verify "$d" --rw=randrw --bs=64k --iodepth=8 --size=4M ||
		fail "digest $digest: 64k randrw verify failed"
	fp_cmd stats
	[[ $(fp_stat refused) == 0 && $(fp_stat parse_err) == 0 ]] ||
		fail "digest $digest: the proxy mis-framed or could not decode PDUs"
	[[ $(fp_stat injected) == 0 ]] || fail "transparent mode injected something"
	oi_logout "$LIO_IQN" "$PORTAL" >/dev/null
	iscsiadm -m node -T "$LIO_IQN" -p "$PORTAL" -o delete >/dev/null
	poll_until 10 fp_stat_is live -eq 0 || fail "proxy connection lingers after logout"
}

round on 1
round off 0
[[ $(fp_stat logins) == 2 ]] || fail "expected 2 logins through the proxy"
fp_finish
