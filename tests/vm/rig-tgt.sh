#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# The same rig with tgt as the target: open-iscsi logs in with mutual
# CHAP through both paths (tgtd serves every address) and verified I/O
# passes.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../lib/tgt.sh"

net_setup 2
tgt_setup --luns 1 --size 16 --chap kiuser:kisecret-0123 \
	--mutual kitgt:kitgtsecret-45
oi_start
for p in 1 2; do
	oi_login "$(target_ip $p):$TGT_PORT" --iqn "$TGT_IQN" \
		--chap kiuser:kisecret-0123 --mutual kitgt:kitgtsecret-45
	oi_wait_disks "$(target_ip $p)" 1 || fail "path $p: LUN did not appear"
done
fio_verify "/dev/$(oi_disks_of "$(target_ip 1)")" || fail "I/O through tgt failed"
