#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# kiscsi monitor prints the module's notifications as they happen: a
# login, a connection lost to silence (with its reason), the recovery,
# and the logout; as JSON lines with -j. A monitor in another network
# namespace sees none of them.
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 1
lio_setup --luns 1 --size 16
ki_start
cleanup_push "kiscsi logout --all"

out=$(mktemp /tmp/monitor.XXXXXX)
human=$(mktemp /tmp/monitor.XXXXXX)
other=$(mktemp /tmp/monitor.XXXXXX)
cleanup_push "rm -f '$out' '$human' '$other'"
kiscsi monitor -j >"$out" 2>&1 &
mon=$!
cleanup_push "kill $mon 2>/dev/null"
kiscsi monitor --count 1 >"$human" 2>&1 &
mon1=$!
cleanup_push "kill $mon1 2>/dev/null"
unshare --net kiscsi monitor >"$other" 2>&1 &
mon2=$!
cleanup_push "kill $mon2 2>/dev/null"
# The monitors must have joined the group before anything happens: two
# generic netlink sockets (protocol 16) of this namespace with a group.
joined() { (($(awk '$2 == 16 && $4 != "00000000"' /proc/net/netlink | wc -l) >= 2)); }
poll_until 10 joined || fail "the monitors did not join the events group"

has() { python3 -c "import json,sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want = sys.argv[2:]
sys.exit(0 if any(all(e.get(k) == v for k, v in (w.split('=', 1) for w in want)) for e in evs) else 1)" "$out" "$@"; }

kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" \
	--nop-interval 0.5 --nop-timeout 1 --replacement-timeout 60 >/dev/null ||
	fail "login"
poll_until 10 has event=login "target=$LIO_IQN" || fail "no login event: $(cat "$out")"
wait "$mon1" || fail "monitor --count 1 did not exit after one event"
grep -q "logged in" "$human" || fail "human monitor line: $(cat "$human")"
log "human: $(cat "$human")"

path_blackhole 1
poll_until 20 has event=conn-failed reason=ping-timeout ||
	fail "no conn-failed (ping-timeout) event: $(cat "$out")"
path_up 1
poll_until 40 has event=recovered || fail "no recovered event: $(cat "$out")"

kiscsi logout --all >/dev/null || fail "logout"
poll_until 10 has event=logout || fail "no logout event: $(cat "$out")"
log "events: $(tr '\n' ' ' <"$out")"
python3 -c "import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    assert isinstance(e['session'], int) and e['time'], e" "$out" ||
	fail "monitor -j printed something that is not an event"
[[ ! -s $other ]] || fail "a monitor in another namespace saw: $(cat "$other")"
