#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# kiscsi.ko against tgt (the user-space target) with mutual CHAP and
# digests, two LUNs, verified I/O on both. tgt answers our CHAP_A list
# with SHA-256 but can only verify MD5, so this also proves the MD5
# fallback.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/tgt.sh"

dir=$(mktemp -d)
cleanup_push "rm -rf $dir"
printf '%s' kisecret-0123456 >"$dir/sec"
printf '%s' kitgtsecret-4567 >"$dir/tsec"
chmod 600 "$dir"/*
net_setup 1
tgt_setup --luns 2 --size 16 --chap kiuser:kisecret-0123456 \
	--mutual kitgt:kitgtsecret-4567 \
	--param HeaderDigest=CRC32C --param DataDigest=CRC32C
ki_start
ki_login --portal "$(target_ip 1):$TGT_PORT" --target "$TGT_IQN" \
	--chap-user kiuser --chap-secret-file "$dir/sec" \
	--mutual-user kitgt --mutual-secret-file "$dir/tsec" \
	--header-digest crc32c --data-digest crc32c
ki_wait_disks 2 || fail "tgt LUNs did not appear"
for d in $(ki_disks); do
	fio_verify "/dev/$d" --bsrange=512-256k || fail "I/O on $d failed"
done
