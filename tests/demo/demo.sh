#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the vm-run guest by `make demo`: a target reached
# over two network paths, one multipath disk on top, verified I/O, one
# path cut and restored under load, and a narration of each step.
#
# Until kiscsi.ko logs in by itself (the datapath issue), the initiator
# here is open-iscsi; kiscsi.ko is loaded and queried to show it is alive.
source "$(dirname "$0")/../lib/openiscsi.sh"

say() { printf '\n==> %s\n' "$*"; }

say "loading kiscsi.ko"
modprobe kiscsi
kiscsi version

say "target: LIO in netns 'kt', portals $(target_ip 1) and $(target_ip 2)"
net_setup 2
lio_setup --luns 1 --size 256

say "initiator: open-iscsi, one session per path (kiscsi's own login comes next)"
oi_start
disks=()
for p in 1 2; do
	oi_login "$(target_ip $p)" --nop 2/2 --replacement 5
	oi_wait_disks "$(target_ip $p)" 1 || fail "path $p: no disk"
	d=$(oi_disks_of "$(target_ip $p)")
	disks+=("$d")
	echo "path $p: session $(oi_session_of "$(target_ip $p)") -> /dev/$d ($(oi_session_state "$(target_ip $p)"))"
done

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

say "verified random I/O on /dev/mapper/kiscsi-demo (20 s, path 2 cut at 5 s, back at 12 s)"
fio --name=demo --filename=/dev/mapper/kiscsi-demo --direct=1 \
	--ioengine=libaio --rw=randrw --bs=4k --iodepth=16 --size=64M \
	--time_based --runtime=20 --verify=crc32c --verify_backlog=512 \
	--verify_fatal=1 --output-format=terse --terse-version=3 \
	>/tmp/demo-fio.terse 2>/tmp/demo-fio.err &
fio_pid=$!
cleanup_push "kill $fio_pid"
sleep 5
path_blackhole 2
echo "$(date +%T) path 2 blackholed"
state_not_in() { [[ $(oi_session_state "$(target_ip 2)") != LOGGED_IN ]]; }
poll_until 15 state_not_in && echo "$(date +%T) path 2 session: $(oi_session_state "$(target_ip 2)")"
dmsetup status kiscsi-demo
sleep 3
path_up 2
echo "$(date +%T) path 2 restored"
logged_in() { [[ $(oi_session_state "$(target_ip 2)") == LOGGED_IN ]]; }
poll_until 30 logged_in && echo "$(date +%T) path 2 session: LOGGED_IN"
dmsetup message kiscsi-demo 0 reinstate_path "$d1" 2>/dev/null || true
wait "$fio_pid"
rc=$?
# terse v3: field 8 read IOPS, 49 write IOPS
awk -F';' '{ printf "fio: read %d IOPS, write %d IOPS, verified\n", $8, $49 }' /tmp/demo-fio.terse
((rc == 0)) || { cat /tmp/demo-fio.err; fail "fio reported errors"; }
dmsetup status kiscsi-demo

say "done: no I/O error and every block verified while a path was lost and restored"
