#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 200
#
# Each way an administrator's request can go wrong ends the same way: one
# line on stderr naming the cause, a non-zero exit, and nothing changed
# (no session, no record written): a malformed node record, an unknown
# option, an unreachable portal (refused, and silent), a target that
# refuses the login.
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 2
lio_setup --luns 1 --size 16 --paths 1
ki_start
nodes_setup
cleanup_push "kiscsi logout --all"

# expect_error WANT-RC PATTERN CMD...: fails with WANT-RC ("x": any
# non-zero), exactly one stderr line matching PATTERN, nothing changed.
expect_error() {
	local want=$1 pat=$2 rc=0 err before after
	shift 2
	before=$( (ls -lR --time-style=full-iso "$KISCSI_CONFIG_DIR"; kiscsi show -j) 2>&1)
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	after=$( (ls -lR --time-style=full-iso "$KISCSI_CONFIG_DIR"; kiscsi show -j) 2>&1)
	if [[ $want == x ]]; then
		((rc != 0)) || fail "$*: succeeded"
	else
		((rc == want)) || fail "$*: exit $rc, want $want ($err)"
	fi
	[[ $(wc -l <<<"$err") == 1 ]] || fail "$*: not one line: $err"
	[[ $err == *$pat* ]] || fail "$*: '$err' does not say '$pat'"
	[[ $before == "$after" ]] || fail "$*: something changed: $before -> $after"
	log "$* -> $err"
}

kiscsi node add --target "$LIO_IQN" --portal "$(target_ip 1)" \
	--startup automatic >/dev/null || fail "node add"
good=$(nodes_files)

# A malformed record: nothing is logged in, not even the good record.
bad=$KISCSI_CONFIG_DIR/nodes/iqn.2026-11.org.kiscsi:broken.conf
printf 'target = iqn.2026-11.org.kiscsi:broken\nportal = 10.0.1.1\nnop-interval = soon\n' >"$bad"
expect_error 1 "$bad:3: bad nop-interval 'soon'" kiscsi restore
expect_error 1 "$bad:3:" kiscsi node list
printf 'target = iqn.2026-11.org.kiscsi:broken\nportal = 10.0.1.1\n' >"$bad"
printf 'colour = blue\n' >>"$bad"
expect_error 1 "$bad:3: unknown key 'colour'" kiscsi restore
rm "$bad"

# Unknown options
expect_error 2 "unknown option '--colour'" kiscsi login --colour blue
expect_error 2 "unknown option '--colour'" kiscsi node set --target "$LIO_IQN" --colour blue
expect_error 2 "unknown option '--colour'" kiscsi discover --colour blue 10.0.1.1
expect_error 2 "unknown option '--colour'" kiscsi restore --colour blue
expect_error 2 "unknown command" kiscsi colour

# Unreachable portals: nothing listens, and nothing answers at all.
expect_error 1 "refused the connection" kiscsi login --portal "$(target_ip 1):3999" --target "$LIO_IQN"
expect_error 1 "refused the connection" kiscsi discover --no-record "$(target_ip 1):3999"
path_blackhole 2
expect_error 1 "timed out" kiscsi login --portal "$(target_ip 2)" --target "$LIO_IQN"
expect_error 1 "timed out" kiscsi discover --no-record --timeout 2 "$(target_ip 2)"
path_up 2

# A target that refuses the login: no such target on this portal.
expect_error 1 "target refused login" kiscsi login --portal "$(target_ip 1)" \
	--target iqn.2026-11.org.kiscsi:nobody-here
# restore of a record whose login fails: exit 1, the good one is untouched
kiscsi node set --target "$LIO_IQN" --startup manual >/dev/null
kiscsi node add --target iqn.2026-11.org.kiscsi:nobody-here \
	--portal "$(target_ip 1)" --startup automatic >/dev/null
rc=0
out=$(kiscsi restore --timeout 5 2>&1) || rc=$?
((rc == 1)) || fail "restore of a refused record: exit $rc: $out"
[[ $out == *"target refused login"* ]] || fail "restore does not say why: $out"
[[ $(ki_nsessions) == 0 ]] || fail "restore logged something in"
[[ $(cat "$good") == *"startup = manual"* ]] || fail "record lost its change"
