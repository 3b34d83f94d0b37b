#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# kiscsi over IPv6: a global address and a link-local one with its scope
# (fe80::...%ini1), each a login with verified I/O; discovery over the
# link-local address hands back portals scoped to the same interface.
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 1
ip addr add fd00:1::2/64 dev ini1 nodad
kt ip addr add fd00:1::1/64 dev tgt1 nodad
tentative() { ! kt ip -6 addr show dev tgt1 | grep -q tentative &&
	      ! ip -6 addr show dev ini1 | grep -q tentative; }
poll_until 20 tentative || fail "IPv6 addresses stay tentative"
ll=$(kt ip -6 addr show dev tgt1 scope link | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }')
[[ $ll == fe80:* ]] || fail "the target has no link-local address"
poll_until 10 ping -6 -c1 -W1 -q fd00:1::1 >/dev/null || fail "no IPv6 path"
poll_until 10 ping -6 -c1 -W1 -q "$ll%ini1" >/dev/null || fail "no link-local path"

# One IPv6 wildcard portal serves both addresses (LIO cannot bind a
# link-local address with its scope); the IPv4 portal moves out of its way.
lio_setup --luns 1 --size 32 --port 3262
kt mkdir "$LIO_TPG/np/[::]:3260"
ki_start
nodes_setup
cleanup_push "kiscsi logout --all"

for portal in "[fd00:1::1]" "$ll%ini1"; do
	out=$(kiscsi login --portal "$portal" --target "$LIO_IQN") ||
		fail "login over $portal failed: $out"
	log "$out"
	ki_wait_disks 1 || fail "no disk over $portal"
	peer=$(kiscsi show -j | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['connections'][0]['peer_addr'])")
	[[ $portal == *"$peer"* ]] || fail "session peer $peer is not $portal"
	mapfile -t disks < <(ki_disks)
	disk=${disks[0]}
	fio_verify "/dev/$disk" --size=8M || fail "verify over $portal failed"
	kiscsi logout --all >/dev/null || fail "logout"
	[[ -z $(ki_hosts) ]] || fail "logout left a SCSI host"
done

out=$(kiscsi discover --no-record "[$ll%ini1]") || fail "discover over link-local: $out"
log "$out"
[[ $out == *"$LIO_IQN"* && $out == *"[$ll%ini1]:3260"* ]] ||
	fail "discovery did not return the scoped link-local portal: $out"
# The discovered, scoped portal works as a record.
kiscsi discover "[$ll%ini1]" >/dev/null || fail "discover into a record"
kiscsi restore --target "$LIO_IQN" --timeout 30 || fail "restore of the link-local record"
kiscsi show -j | python3 -c "import json,sys
peers = [s['connections'][0]['peer_addr'] for s in json.load(sys.stdin)]
assert sys.argv[1] in peers, peers" "$ll" || fail "no session over the recorded link-local portal"
kiscsi logout --all >/dev/null
