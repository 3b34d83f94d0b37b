#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# CHAP through kiscsi.ko against LIO: a wrong secret and an impostor
# target (wrong mutual secret) each fail with a message that says so and
# leave no session; one-way and mutual CHAP log in and do verified I/O;
# the secrets appear nowhere: not in show (human or JSON, i.e. the netlink
# dump), sysfs, or the kernel log.
source "$(dirname "$0")/../lib/kiscsi.sh"

user=kiuser sec=kisecret-0123456 tuser=kitgt tsec=kitgtsecret-4567
dir=$(mktemp -d)
cleanup_push "rm -rf $dir"
printf '%s\n' "$sec" >"$dir/sec"
printf '%s\n' "wrong-secret-999" >"$dir/wrong"
printf '%s\n' "$tsec" >"$dir/tsec"
printf '%s\n' "impostor-secret-1" >"$dir/tbad"
chmod 600 "$dir"/*

net_setup 1
ki_start
ip=$(target_ip 1)
no_session() { [[ -z $(ki_hosts) && $(kiscsi show -j) == "[]" ]]; }

lio_setup --luns 1 --size 16 --chap "$user:$sec" --mutual "$tuser:$tsec"
out=$(kiscsi login --portal "$ip" --target "$LIO_IQN" --chap-user "$user" \
	--chap-secret-file "$dir/wrong" 2>&1) && fail "wrong secret logged in"
log "wrong secret: $out"
[[ $out == *"authentication failed"* ]] || fail "unclear message: $out"
no_session || fail "a refused login left a session"

out=$(kiscsi login --portal "$ip" --target "$LIO_IQN" --chap-user "$user" \
	--chap-secret-file "$dir/sec" --mutual-user "$tuser" \
	--mutual-secret-file "$dir/tbad" 2>&1) && fail "impostor target accepted"
log "impostor: $out"
[[ $out == *"mutual CHAP"* ]] || fail "unclear message: $out"
no_session || fail "a refused login left a session"

ki_login --portal "$ip" --target "$LIO_IQN" --chap-user "$user" \
	--chap-secret-file "$dir/sec" --mutual-user "$tuser" \
	--mutual-secret-file "$dir/tsec"
ki_wait_disks 1 || fail "mutual: no disk"
fio_verify "/dev/$(ki_disks)" || fail "mutual: I/O failed"
auth=$(kiscsi show -j | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['auth'])")
[[ $auth == chap-mutual ]] || fail "show reports auth '$auth', want chap-mutual"

# Capture first: `cmd | grep -q` under pipefail can fail by SIGPIPE, and
# a negated check would then pass whatever the output.
shown=$(kiscsi show)
shown_json=$(kiscsi show -j)
klog=$(dmesg)
sysfs=$(grep -rsh . /sys/class/scsi_host/host*/ /sys/module/kiscsi/ 2>/dev/null || true)
for s in "$sec" "$tsec"; do
	[[ $shown != *"$s"* ]] || fail "secret in kiscsi show"
	[[ $shown_json != *"$s"* ]] || fail "secret in kiscsi show -j"
	[[ $klog != *"$s"* ]] || fail "secret in the kernel log"
	[[ $sysfs != *"$s"* ]] || fail "secret in sysfs"
done
kiscsi logout --all
lio_teardown

lio_setup --luns 1 --size 16 --chap "$user:$sec"
ki_login --portal "$ip" --target "$LIO_IQN" --chap-user "$user" \
	--chap-secret-file "$dir/sec"
ki_wait_disks 1 || fail "one-way: no disk"
fio_verify "/dev/$(ki_disks)" || fail "one-way: I/O failed"
