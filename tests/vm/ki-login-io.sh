#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# kiscsi.ko logs in to LIO by itself (no daemon), its LUNs become disks,
# and verified I/O passes; show reports the session; logout removes it.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 2 --size 64
ki_start
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 2 || fail "LUNs did not appear"
kiscsi show
mapfile -t disks < <(ki_disks)
log "disks: ${disks[*]}"
for d in "${disks[@]}"; do
	fio_verify "/dev/$d" || fail "verify on $d failed"
done
fio_verify "/dev/${disks[0]}" --rw=randrw --bs=64k --iodepth=32 --size=32M ||
	fail "64k randrw failed"
kiscsi logout --target "$LIO_IQN"
[[ -z $(ki_hosts) ]] || fail "logout left a SCSI host"
