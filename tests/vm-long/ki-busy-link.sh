#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# A saturated, slow link with aggressive NOP settings (ping after 0.5 s
# of silence, dead 1 s later) must never be declared dead: for 5 minutes
# verified writes and reads fill a 40 Mbit/s path with 20 ms of delay,
# and the session must see no failure, no recovery and no I/O error. Any
# PDU from the target proves the connection alive, so pings only go out
# when the link is truly idle.
source "$(dirname "$0")/../lib/kiscsi.sh"

runtime=${KISCSI_T_BUSY_RUNTIME:-300}
net_setup 1
lio_setup --luns 1 --size 64
ki_start nop_interval_ms=500 nop_timeout_ms=1000 replacement_timeout=120
path_shape 1 delay 20ms rate 40mbit
cleanup_push "path_unshape 1"
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN" >/dev/null
ki_wait_disks 1 || fail "no disk"
d=/dev/$(ki_disks)
js() { kiscsi show -j | jq -r ".[0]$1"; }

fio --name=busy --filename="$d" --direct=1 --ioengine=libaio \
	--rw=randrw --bs=64k --iodepth=32 --size=48M --time_based \
	--runtime="$runtime" --verify=crc32c --verify_backlog=64 \
	--verify_fatal=1 --output=/tmp/busy.log ||
	fail "fio failed: $(grep -E 'err=|verify' /tmp/busy.log)"
grep -E 'err=|read: IOPS|write: IOPS' /tmp/busy.log | sed 's/^/# /'
grep -q 'err= 0' /tmp/busy.log || fail "fio saw an error"
[[ $(js .recoveries) == 0 && $(js .last_failure) == none ]] ||
	fail "a busy link was declared dead: $(js .recoveries) recoveries, $(js .last_failure)"
! dmesg | grep -q 'kiscsi: session .*: connection failed' ||
	fail "connection failures in dmesg: $(dmesg | grep 'connection failed')"
log "$runtime s saturated: $(js .stats.nops_tx) pings sent, no false timeout"
