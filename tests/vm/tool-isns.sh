#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# iSNS discovery: open-isns's isnsd runs in the target's namespace, the
# LIO target is registered there with both of its portals (isnsadm over
# the control socket), and `kiscsi discover --isns` finds it, keeps it as
# a record, and restore logs in over both portals.
source "$(dirname "$0")/../lib/nodes.sh"

command -v isnsd >/dev/null || skip "isnsd (open-isns-server) is not installed"
command -v isnsadm >/dev/null || skip "isnsadm (open-isns-utils) is not installed"

net_setup 2
lio_setup --luns 1 --size 16
ki_start
nodes_setup

dir=$(mktemp -d /tmp/isns.XXXXXX)
cleanup_push "rm -rf '$dir'"
mkdir "$dir/db"
cat >"$dir/isnsd.conf" <<CONF
SourceName = iqn.2026-11.org.kiscsi:isns-server
Database = $dir/db
PIDFile = $dir/isnsd.pid
ControlSocket = $dir/control
Security = 0
SLPRegister = 0
DefaultDiscoveryDomain = 1
CONF
cat >"$dir/isnsadm.conf" <<CONF
SourceName = $LIO_IQN
ServerAddress = $(target_ip 1)
ControlSocket = $dir/control
Security = 0
CONF
kt isnsd --config "$dir/isnsd.conf" --foreground >"$dir/isnsd.log" 2>&1 &
isnsd_pid=$!
cleanup_push "kill $isnsd_pid; wait $isnsd_pid"
listening() { kt ss -ltn | grep -q ':3205 '; }
poll_until 15 listening || fail "isnsd does not listen: $(cat "$dir/isnsd.log")"

# Nothing registered yet: no targets.
out=$(kiscsi discover --isns "$(target_ip 1)" --no-record) ||
	fail "discover on an empty server failed: $out"
[[ $out == "no targets" ]] || fail "empty server: $out"

isnsadm --config "$dir/isnsadm.conf" --local --register \
	"target=$LIO_IQN" "portal=$(target_ip 1):3260" "portal=$(target_ip 2):3260" ||
	fail "isnsadm could not register the target"

out=$(kiscsi discover --isns "$(target_ip 2)" --startup automatic) ||
	fail "iSNS discover failed: $out"
log "$out"
[[ $out == *"$LIO_IQN"* && $out == *"portal $(target_ip 1):3260"* &&
	$out == *"portal $(target_ip 2):3260"* && $out == *"record: new"* ]] ||
	fail "iSNS discover did not find the target on both portals: $out"
kiscsi discover --isns "$(target_ip 1):3205" --no-record -j | python3 -c "import json,sys
t = json.load(sys.stdin)
assert [x['target'] for x in t] == [sys.argv[1]], t
assert sorted(p['address'] for p in t[0]['portals']) == ['10.0.1.1', '10.0.2.1'], t" \
	"$LIO_IQN" || fail "discover --isns -j"

cleanup_push "kiscsi logout --all"
kiscsi restore --timeout 60 || fail "restore of the iSNS-found record failed"
[[ $(ki_nsessions) == 2 ]] || fail "want 2 sessions after restore, have $(ki_nsessions)"
kiscsi node delete --target "$LIO_IQN" >/dev/null
kiscsi logout --all >/dev/null
