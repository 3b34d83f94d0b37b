#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# Verified random read/write through kiscsi.ko at every block size from
# 512 B to 1 MiB, at queue depth 1 and 32.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 64 --param InitialR2T=No
ki_start
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)
for bs in 512 4k 64k 1m; do
	for qd in 1 32; do
		# Enough I/Os per cell to cross pages and bursts, no more.
		# The small blocks cost per I/O, not per MiB, so the debug
		# lane shrinks their I/O count (2048 and 1024) as well.
		case $bs in
		512) size=$(shrunk 1024 256)k ;;
		4k) size=$(shrunk 4096 1024)k ;;
		64k) size=8M ;;
		*) size=16M ;;
		esac
		log "randrw bs=$bs iodepth=$qd"
		fio_verify "$d" --rw=randrw --bs=$bs --iodepth=$qd --size=$size ||
			fail "bs=$bs iodepth=$qd failed"
	done
done
