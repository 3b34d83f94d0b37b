#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# weighted-paths splits I/O by weight: 1:3 gives path 2 75 % of the I/Os
# within 5 % (relative), on both our counters and the disks' own
# /sys/block/sdX/stat; a weight-0 path carries nothing while a weighted
# path is valid and takes over, verified, when that one fails.
#
# The verify can fail: see the negative control in dm-selectors.sh.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../bench/dm-lib.inc"

dm_two_paths --size 64
dm_modules

# within EXPECTED GOT: |GOT - EXPECTED| <= 5 % of EXPECTED (per mille)
within() { (( ($2 - $1) * 20 <= $1 && ($1 - $2) * 20 <= $1 )); }

check_split() {
	local w1=$1 w2=$2 s1 s2 c1 c2 n1 n2 want
	dm_create dm_w weighted-paths "" 1 "$w1" "$w2"
	s1=$(dm_sd_ios "$DM_SD1") s2=$(dm_sd_ios "$DM_SD2")
	fio --name=split --filename=/dev/mapper/dm_w --direct=1 --ioengine=libaio \
		--rw=randread --bs=4k --iodepth=8 --number_ios=4000 --size=64M \
		--output-format=terse >/dev/null || fail "fio failed"
	c1=$(dm_pfield dm_w "$DM_DEV1" 0) c2=$(dm_pfield dm_w "$DM_DEV2" 0)
	n1=$(($(dm_sd_ios "$DM_SD1") - s1)) n2=$(($(dm_sd_ios "$DM_SD2") - s2))
	want=$((1000 * w2 / (w1 + w2)))
	log "weights $w1:$w2: selector ios $c1/$c2, disk ios $n1/$n2"
	within "$want" $((1000 * c2 / (c1 + c2))) ||
		fail "selector split $c1/$c2 is not $w1:$w2 within 5 %"
	within "$want" $((1000 * n2 / (n1 + n2))) ||
		fail "disk split $n1/$n2 is not $w1:$w2 within 5 %"
	dm_remove dm_w
}
check_split 1 3
check_split 5 2

# Weight 0: idle while path 1 is valid, carries everything after.
dm_create dm_w weighted-paths "" 1 1 0
fio_verify /dev/mapper/dm_w --size=16M || fail "verify failed"
(($(dm_pfield dm_w "$DM_DEV2" 0) == 0)) || fail "weight-0 path got I/O"
dmsetup message dm_w 0 fail_path "$DM_DEV1"
fio_verify /dev/mapper/dm_w --size=16M || fail "verify on the weight-0 path failed"
(($(dm_pfield dm_w "$DM_DEV2" 0) > 0)) || fail "weight-0 path did not take over"
c1=$(dm_pfield dm_w "$DM_DEV2" 0)
dmsetup message dm_w 0 reinstate_path "$DM_DEV1"
fio_verify /dev/mapper/dm_w --size=8M || fail "verify after reinstate failed"
(($(dm_pfield dm_w "$DM_DEV2" 0) == c1)) || fail "weight-0 path kept getting I/O"
