#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# Every integrity test in this suite relies on fio's crc32c verify. Prove
# the check can fail: lay down verify data, corrupt one block behind fio's
# back, and require the verify-only pass to report it.
source "$(dirname "$0")/../lib/openiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 16
oi_start
oi_login "$(target_ip 1)"
oi_wait_disks "$(target_ip 1)" 1 || fail "LUN did not appear"
d=/dev/$(oi_disks_of "$(target_ip 1)")

fio_verify "$d" --rw=write --size=4M --do_verify=0 || fail "write failed"
fio_verify "$d" --rw=read --size=4M --verify_only=1 || fail "clean verify failed"
# Overwrite 4 KiB in the middle with zeros, bypassing fio.
dd if=/dev/zero of="$d" bs=4k seek=300 count=1 oflag=direct status=none
if fio_verify "$d" --rw=read --size=4M --verify_only=1 2>/dev/null; then
	fail "fio verify did not notice a corrupted block"
fi
log "corruption detected, as it must be"
