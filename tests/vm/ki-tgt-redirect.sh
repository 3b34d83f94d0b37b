#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# Login redirects from a real target: tgt's own RedirectAddress /
# RedirectPort / RedirectReason send kiscsi from tgt's portal to LIO
# serving the same target name. A temporary redirect leaves the session's
# portal alone; a permanent one moves it.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/tgt.sh"

net_setup 1
tgt=$(target_ip 1)
tgt_setup --luns 1 --size 8
lio_setup --iqn "$TGT_IQN" --luns 1 --size 16
ki_start
js() { kiscsi show -j | jq -r ".[0]$1"; }

for reason in Temporary Permanent; do
	tgtadm_kt --op update --mode target --tid 1 -n RedirectAddress -v "$tgt"
	tgtadm_kt --op update --mode target --tid 1 -n RedirectPort -v 3260
	tgtadm_kt --op update --mode target --tid 1 -n RedirectReason -v "$reason"
	ki_login --portal "$tgt:$TGT_PORT" --target "$TGT_IQN" >/dev/null
	ki_wait_disks 1 || fail "$reason: no disk"
	[[ $(js '.connections[0].peer_port') == 3260 ]] ||
		fail "$reason redirect from tgt not followed: $(js .connections)"
	# LIO's LUN is 16 MiB, tgt's 8: the disk is LIO's
	[[ $(blockdev --getsize64 "/dev/$(ki_disks)") == $((16 << 20)) ]] ||
		fail "$reason: the disk is not the one behind the redirect"
	want=false port=$TGT_PORT
	[[ $reason == Permanent ]] && want=true port=3260
	[[ $(js .portal_moved) == "$want" && $(js .portal_port) == "$port" ]] ||
		fail "$reason: portal $(js .portal_port), moved $(js .portal_moved)"
	fio_verify "/dev/$(ki_disks)" --size=4M || fail "$reason: I/O"
	kiscsi logout --all >/dev/null || fail "logout"
	log "$reason redirect from tgt followed"
done
