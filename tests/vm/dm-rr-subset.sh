#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# round-robin-with-subset: a standby path (per-path 0) carries nothing
# (checked on the disk's own /sys/block/sdX/stat) while the active path
# is valid, takes over without an I/O error when the active path fails
# in the middle of a verified fio run, and goes idle again once the
# active path is reinstated. Two active paths with repeat 2 and 1 split
# 2:1.
#
# The verify can fail: see the negative control in dm-selectors.sh.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../bench/dm-lib.inc"

dm_two_paths --size 64
dm_modules

dm_create dm_s round-robin-with-subset "" 1 1 0
s2=$(dm_sd_ios "$DM_SD2")
fio_verify /dev/mapper/dm_s --size=16M || fail "verify failed"
(($(dm_sd_ios "$DM_SD2") == s2)) || fail "standby path carried I/O"
(($(dm_pfield dm_s "$DM_DEV2" 0) == 0)) || fail "standby path counted I/O"

# Fail the active path mid-run.
(sleep 2; dmsetup message dm_s 0 fail_path "$DM_DEV1") &
fio_verify /dev/mapper/dm_s --size=24M || fail "verify across failover failed"
wait $! || fail "fail_path message failed"
(($(dm_pfield dm_s "$DM_DEV2" 0) > 0)) || fail "standby did not take over"
log "after failover: $(dmsetup status dm_s)"

dmsetup message dm_s 0 reinstate_path "$DM_DEV1"
s2=$(dm_sd_ios "$DM_SD2")
fio_verify /dev/mapper/dm_s --size=8M || fail "verify after reinstate failed"
(($(dm_sd_ios "$DM_SD2") == s2)) || fail "standby kept carrying I/O after reinstate"
dm_remove dm_s

dm_create dm_s round-robin-with-subset "" 1 2 1
fio --name=split --filename=/dev/mapper/dm_s --direct=1 --ioengine=libaio \
	--rw=randread --bs=4k --iodepth=8 --number_ios=3000 --size=64M \
	--output-format=terse >/dev/null || fail "fio failed"
c1=$(dm_pfield dm_s "$DM_DEV1" 0) c2=$(dm_pfield dm_s "$DM_DEV2" 0)
log "repeat 2:1 gives $c1/$c2"
((c1 * 100 / (c1 + c2) >= 63 && c1 * 100 / (c1 + c2) <= 70)) ||
	fail "repeat 2:1 split $c1/$c2"
