#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# Two network namespaces, each with a session of its own to the same
# target: neither sees the other's session, and neither can log it out,
# by id or by target name, nor with --all.
#
#   netns "kia" ini1 10.0.1.2 ---- tgt1 10.0.1.1 \
#                                                  netns "kt" (LIO)
#   netns "kib" ini2 10.0.2.2 ---- tgt2 10.0.2.1 /
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 2
lio_setup --luns 1 --size 16
ki_start
for x in a b; do
	ip netns add ki$x
	cleanup_push "ip netns del ki$x"
done
# Sessions go with their namespace; log out first so disks go cleanly.
ina() { ip netns exec kia "$@"; }
inb() { ip netns exec kib "$@"; }
ip link set ini1 netns kia
ip link set ini2 netns kib
ina ip addr add "$(initiator_ip 1)/24" dev ini1
inb ip addr add "$(initiator_ip 2)/24" dev ini2
ina ip link set ini1 up
inb ip link set ini2 up
ina ip link set lo up
inb ip link set lo up
poll_until 10 ina ping -c1 -W1 -q "$(target_ip 1)" >/dev/null || fail "kia: no path"
poll_until 10 inb ping -c1 -W1 -q "$(target_ip 2)" >/dev/null || fail "kib: no path"
cleanup_push "ina kiscsi logout --all; inb kiscsi logout --all"

ina kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" || fail "login in kia"
inb kiscsi login --portal "$(target_ip 2)" --target "$LIO_IQN" || fail "login in kib"
ida=$(ina kiscsi show -j | python3 -c "import json,sys; s=json.load(sys.stdin); assert len(s)==1, s; print(s[0]['id'])") ||
	fail "kia does not see exactly its session"
idb=$(inb kiscsi show -j | python3 -c "import json,sys; s=json.load(sys.stdin); assert len(s)==1, s; print(s[0]['id'])") ||
	fail "kib does not see exactly its session"
((ida != idb)) || fail "both namespaces report session $ida"
[[ $(kiscsi show) == "no sessions" ]] || fail "the root namespace sees sessions"
rc=0
out=$(ina kiscsi show --session "$idb" 2>&1) || rc=$?
((rc != 0)) || fail "kia can read kib's session $idb: $out"

# Logging out the other's session fails and leaves it alone.
rc=0
out=$(ina kiscsi logout --session "$idb" 2>&1) || rc=$?
((rc == 1)) || fail "kia logged out kib's session (exit $rc): $out"
log "kia logout --session $idb: $out"
ina kiscsi logout --all >/dev/null || fail "logout --all in kia"
inb kiscsi show -j | python3 -c "import json,sys
s = json.load(sys.stdin); assert [x['id'] for x in s] == [int(sys.argv[1])], s" "$idb" ||
	fail "kia's logout --all took kib's session"
rc=0
inb kiscsi logout --target iqn.2026-11.org.kiscsi:not-here >/dev/null 2>&1 || rc=$?
((rc == 1)) || fail "logout of an unknown target did not fail"
rc=0
kiscsi logout --target "$LIO_IQN" >/dev/null 2>&1 || rc=$?
((rc == 1)) || fail "the root namespace's logout --target did not fail (exit $rc)"
[[ $(inb kiscsi show -j) != "[]" ]] || fail "the root namespace logged out kib's session"
inb kiscsi logout --all >/dev/null || fail "logout in kib"
[[ $(inb kiscsi show) == "no sessions" ]] || fail "kib still has a session"
