#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 200
#
# Interface binding: --source picks the connection's local address (even
# one on another interface: the target answers by its own route),
# --iface pins the connection to a device (it leaves through that device
# whatever the routes say), both survive in node records, and a
# reconnect keeps them.
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 2
lio_setup --luns 1 --size 16
ki_start
nodes_setup
cleanup_push "kiscsi logout --all"

local_addr() {
	kiscsi show -j | python3 -c "import json,sys
for s in json.load(sys.stdin):
    if s['id'] == int(sys.argv[1]): print(s['connections'][0]['local_addr'])" "$1"
}
sid() { kiscsi show -j | python3 -c "import json,sys; print(max(s['id'] for s in json.load(sys.stdin)))"; }

# Without binding the kernel picks 10.0.1.2; bound, it uses 10.0.2.2.
kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" \
	--source "$(initiator_ip 2)" >/dev/null || fail "login --source"
s=$(sid)
[[ $(local_addr "$s") == "$(initiator_ip 2)" ]] ||
	fail "--source ignored: local address $(local_addr "$s")"
# A reconnect keeps the binding.
path_down 1
poll_until 20 bash -c "[[ \$(kiscsi show -j) == *failed* ]]" || fail "the path cut was not noticed"
path_up 1
poll_until 40 bash -c "[[ \$(kiscsi show -j) == *'\"logged-in\"'* ]]" || fail "no reconnect"
[[ $(local_addr "$s") == "$(initiator_ip 2)" ]] ||
	fail "the reconnect lost --source: $(local_addr "$s")"
kiscsi logout --session "$s" >/dev/null

# Pinned to ini2, the connection to path 1's portal leaves through ini2
# (no route says so: the device binding does), so its source is ini2's.
kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" --iface ini2 >/dev/null ||
	fail "login --iface ini2"
s=$(sid)
[[ $(local_addr "$s") == "$(initiator_ip 2)" ]] ||
	fail "--iface ignored: local address $(local_addr "$s")"
kiscsi logout --all >/dev/null
rc=0
out=$(kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" --source 192.0.2.99 2>&1) || rc=$?
((rc == 1)) && [[ $out == *"not one of this host"* ]] ||
	fail "a foreign source address: exit $rc: $out"
rc=0
out=$(kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" --iface nosuch0 2>&1) || rc=$?
((rc == 2)) || fail "--iface nosuch0: exit $rc: $out"
[[ $(ki_nsessions) == 0 ]] || fail "a failed login left a session"

# Records carry the binding per node and per portal.
kiscsi node add --target "$LIO_IQN" --portal "$(target_ip 1)" \
	--startup automatic --source "$(initiator_ip 1)" --iface ini1 >/dev/null
printf 'portal = %s iface=ini2 source=%s\n' "$(target_ip 2)" "$(initiator_ip 2)" \
	>>"$(nodes_files)"
kiscsi restore --timeout 30 >/dev/null || fail "restore of bound portals"
kiscsi show -j | python3 -c "import json,sys
got = sorted((s['connections'][0]['peer_addr'], s['connections'][0]['local_addr'])
             for s in json.load(sys.stdin))
assert got == [('10.0.1.1', '10.0.1.2'), ('10.0.2.1', '10.0.2.2')], got" ||
	fail "restore did not bind each portal as recorded"
kiscsi logout --all >/dev/null

# Discovery binds its own connection and records the binding. The target
# refuses 10.0.1.2, the address the routes would pick for path 1.
kt nft -f - <<'NFT'
table inet kt_refuse_ini1 {
	chain in { type filter hook input priority 0; ip saddr 10.0.1.2 tcp dport 3260 drop; }
}
NFT
cleanup_push "kt nft delete table inet kt_refuse_ini1"
rm -f "$KISCSI_CONFIG_DIR"/nodes/*
rc=0
out=$(kiscsi discover "$(target_ip 1)" --no-record --timeout 3 2>&1) || rc=$?
((rc == 1)) || fail "unbound discovery got through the block: exit $rc: $out"
kiscsi discover "$(target_ip 1)" --source "$(initiator_ip 2)" --timeout 10 \
	>/dev/null || fail "discover --source"
grep -q "^portal = $(target_ip 1):3260 source=$(initiator_ip 2)\$" "$(nodes_files)" ||
	fail "discover --source not recorded: $(cat "$(nodes_files)")"
rm -f "$KISCSI_CONFIG_DIR"/nodes/*
kiscsi discover "$(target_ip 1)" --iface ini2 --startup automatic --timeout 10 \
	>/dev/null || fail "discover --iface"
grep -q "^portal = $(target_ip 1):3260 iface=ini2\$" "$(nodes_files)" ||
	fail "discover --iface not recorded: $(cat "$(nodes_files)")"
# The recorded binding gets restore's logins through the block too.
kiscsi restore --timeout 30 >/dev/null || fail "restore of a discovered, bound portal"
s=$(sid)
[[ $(local_addr "$s") == "$(initiator_ip 2)" ]] ||
	fail "restore ignored the discovered binding: local address $(local_addr "$s")"
kiscsi logout --all >/dev/null
rc=0
out=$(kiscsi discover "$(target_ip 1)" --source fd00::2 --no-record 2>&1) || rc=$?
((rc == 2)) && [[ $out == *"address family"* ]] ||
	fail "--source of the wrong family: exit $rc: $out"
