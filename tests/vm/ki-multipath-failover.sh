#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Two kiscsi sessions to one LUN under dm-multipath (the kernel's
# service-time selector). One path goes silent during verified writes:
# I/O continues on the other path with no error and no bad byte. With the
# settings the admin guide recommends under dm-multipath (replacement
# timeout 0: dm-multipath queues when every path is down), the commands
# caught on the dead path return as soon as the path is declared dead,
# so no I/O waits anywhere near the SCSI command timeout. The benchmark
# (make bench BENCH=failover) compares the figures with open-iscsi's.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../bench/failover.inc"

net_setup 2
lio_setup --luns 1 --size 64
# What Documentation/admin-guide.md recommends under dm-multipath
ki_start nop_interval_ms=500 nop_timeout_ms=1000 replacement_timeout=0
for p in 1 2; do
	ki_login --portal "$(target_ip $p)" --target "$LIO_IQN" >/dev/null
done
ki_wait_disks 2 || fail "two paths, not two disks"
mapfile -t sds < <(ki_disks)
failover_run ki_mpath "${sds[0]}" "${sds[1]}" "${VM_RUN_DIR:-/tmp}/failover"
((FO_ERR == 0)) || fail "fio saw error $FO_ERR during failover"
((FO_FAILED == 1)) || fail "dm-multipath never failed the cut path"
((FO_IOS > 1000)) || fail "only $FO_IOS I/Os completed"
((FO_GAP_MS < 5000 && FO_MAX_MS < 5000)) ||
	fail "I/O stalled on the dead path (gap $FO_GAP_MS ms, worst $FO_MAX_MS ms)"
