#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# A filesystem on a kiscsi disk: mkfs.ext4, mount, copy a tree, unmount,
# log out and back in, mount again: every file's checksum matches.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 128
ki_start
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk"
mnt=$(mktemp -d)
cleanup_push "umount $mnt; rmdir $mnt"
mkfs.ext4 -q -F "/dev/$(ki_disks)"
mount "/dev/$(ki_disks)" "$mnt"
src=/usr/include/linux
cp -a "$src" "$mnt/tree"
(cd "$src" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >/tmp/sums
umount "$mnt"
kiscsi logout --all
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk after re-login"
mount "/dev/$(ki_disks)" "$mnt"
(cd "$mnt/tree" && sha256sum --quiet -c /tmp/sums) || fail "checksums differ"
log "$(wc -l </tmp/sums) files verified after remount"
umount "$mnt"
