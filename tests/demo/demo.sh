#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the vm-run guest by `make demo`: a LIO target
# reached over two network paths, one kiscsi session per path, a
# dm-multipath disk on top, verified I/O, and one path blackholed under
# load, narrated step by step.
source "$(dirname "$0")/../lib/kiscsi.sh"

say() { printf '\n==> %s\n' "$*"; }
host_of() {
	kiscsi show -j | python3 -c "import json,sys
print([s['host_no'] for s in json.load(sys.stdin) if s['id'] == $1][0])"
}
state_of() {
	kiscsi show -j | python3 -c "import json,sys
print([s['state'] for s in json.load(sys.stdin) if s['id'] == $1][0])"
}

say "target: LIO in network namespace 'kt', portals $(target_ip 1) and $(target_ip 2)"
net_setup 2
lio_setup --luns 1 --size 256

say "initiator: kiscsi.ko, one session per path, logged in by the kernel (no daemon)"
ki_start
kiscsi version
disks=()
for p in 1 2; do
	ki_login --portal "$(target_ip $p)" --target "$LIO_IQN"
done
for id in 1 2; do
	ki_wait_disks 1 "$(host_of $id)" || fail "session $id: no disk"
	disks+=("$(ki_disks "$(host_of $id)")")
done
kiscsi show | sed -n '1,40p'

say "dm-multipath over both paths (service-time selector)"
modprobe dm_multipath
modprobe dm_service_time
export DM_DISABLE_UDEV=1
sectors=$(blockdev --getsz "/dev/${disks[0]}")
d0=$(cat "/sys/block/${disks[0]}/dev")
d1=$(cat "/sys/block/${disks[1]}/dev")
dmsetup create kiscsi-demo --table \
	"0 $sectors multipath 1 queue_if_no_path 0 1 1 service-time 0 2 2 $d0 1 1 $d1 1 1"
cleanup_push "dmsetup remove -f kiscsi-demo"
dmsetup status kiscsi-demo

say "verified random I/O on /dev/mapper/kiscsi-demo for 40 s; path 2 blackholed at 5 s"
fio --name=demo --filename=/dev/mapper/kiscsi-demo --direct=1 \
	--ioengine=libaio --rw=randrw --bs=4k --iodepth=16 --size=64M \
	--time_based --runtime=40 --verify=crc32c --verify_backlog=512 \
	--verify_fatal=1 --output-format=terse --terse-version=3 \
	>/tmp/demo-fio.terse 2>/tmp/demo-fio.err &
fio_pid=$!
cleanup_push "kill $fio_pid"
sleep 5
path_blackhole 2
t0=$SECONDS
echo "$(date +%T) path 2 blackholed (packets silently dropped)"
failed() { [[ $(state_of 2) == failed ]]; }
poll_until 30 failed &&
	echo "$(date +%T) kiscsi declared session 2 failed after $((SECONDS - t0)) s"
dmsetup status kiscsi-demo
sleep 3
path_up 2
echo "$(date +%T) path 2 restored"
up() { [[ $(state_of 2) == logged-in ]]; }
poll_until 30 up &&
	echo "$(date +%T) kiscsi reconnected session 2 by itself (no daemon)"
dmsetup message kiscsi-demo 0 reinstate_path "$d1"
wait "$fio_pid"
rc=$?
awk -F';' '{ printf "fio: read %d IOPS, write %d IOPS, every block verified\n", $8, $49 }' /tmp/demo-fio.terse
((rc == 0)) || { cat /tmp/demo-fio.err; fail "fio reported errors"; }
dmsetup status kiscsi-demo

say "done: a path died and came back under load: no I/O error, no bad byte"
