#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Logging out while fio runs finishes promptly (fio sees errors, nothing
# hangs), and unloading the module with live sessions logs them out.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 2 --size 32
ki_start
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 2 || fail "no disks"
# sed, not head: head exits after one line and, under pipefail, the
# second disk name written into the closed pipe failed the test (141).
d=/dev/$(ki_disks | sed -n 1p)
fio --name=busy --filename="$d" --direct=1 --ioengine=libaio --rw=randrw \
	--bs=16k --iodepth=32 --time_based --runtime=60 >/dev/null 2>&1 &
fio_pid=$!
cleanup_push "kill -9 $fio_pid"
sleep 3
start=$SECONDS
timeout 60 kiscsi logout --all || fail "logout under I/O failed or hung"
log "logout under I/O took $((SECONDS - start)) s"
timeout 30 tail --pid=$fio_pid -f /dev/null || fail "fio hung after logout"
[[ -z $(ki_hosts) ]] || fail "logout left a SCSI host"

ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 2 || fail "no disks after re-login"
lio_before=$(lio_sessions)
timeout 60 modprobe -r kiscsi || fail "unload with a live session failed"
! grep -q '^kiscsi ' /proc/modules || fail "module still loaded"
klog=$(dmesg)
[[ $klog == *"logged out of"* ]] || fail "no logout logged at unload"
poll_until 10 eval '(( $(lio_sessions) < lio_before ))' ||
	fail "target still sees the session after unload"
