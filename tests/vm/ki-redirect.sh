#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# Login redirects, from the fault proxy standing in front of LIO:
#  - temporary: the session logs in where it is sent, but reconnects go
#    back to the portal it was given;
#  - permanent: the session's portal moves (show reports it) and
#    reconnects go to the new place; a node record logged in by
#    'kiscsi restore' is rewritten to the new portal;
#  - a redirect loop is cut after a few hops with a clear message, and
#    leaves no session behind.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/faultproxy.sh"
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 1
lio_setup --luns 1 --size 16
# Quick failure detection, through the module's defaults this time
ki_start nop_interval_ms=500 nop_timeout_ms=1000 replacement_timeout=60
tgt=$(target_ip 1)
fp_start 127.0.0.1:3262 "$tgt:3260"
js() { kiscsi show -j | jq -r ".[0]$1"; }
up() { [[ $(js .state) == logged-in ]]; }
failed() { [[ $(js .state) == failed ]]; }

# Temporary
fp_cmd redirect temp "$tgt:3260"
ki_login --portal 127.0.0.1:3262 --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk after a temporary redirect"
[[ $(js '.connections[0].peer_addr') == "$tgt" ]] ||
	fail "temporary redirect not followed: $(js .connections)"
[[ $(js .portal_addr):$(js .portal_port) == 127.0.0.1:3262 &&
	$(js .portal_moved) == false ]] ||
	fail "a temporary redirect moved the portal: $(js .portal_addr)"
fio_verify "/dev/$(ki_disks)" --size=4M || fail "I/O after a temporary redirect"
# Break the redirected connection: the reconnect goes to the proxy again
path_blackhole 1
poll_until 10 failed || fail "blackhole not noticed"
path_up 1
poll_until 30 up || fail "no reconnect after a temporary redirect"
[[ $(js '.connections[0].peer_addr'):$(js '.connections[0].peer_port') == 127.0.0.1:3262 ]] ||
	fail "reconnect did not return to the original portal: $(js .connections)"
kiscsi logout --all >/dev/null || fail "logout"

# Permanent
fp_cmd redirect perm "$tgt:3260"
ki_login --portal 127.0.0.1:3262 --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk after a permanent redirect"
[[ $(js .portal_addr):$(js .portal_port) == "$tgt:3260" &&
	$(js .portal_moved) == true ]] ||
	fail "permanent redirect did not move the portal: $(kiscsi show -j)"
kiscsi show | grep -q "moved to: *$tgt:3260 (permanent redirect)" ||
	fail "human show does not say the target moved"
logins=$(fp_stat logins)
path_blackhole 1
poll_until 10 failed || fail "blackhole not noticed"
path_up 1
poll_until 30 up || fail "no reconnect after a permanent redirect"
[[ $(js '.connections[0].peer_addr') == "$tgt" ]] ||
	fail "reconnect did not go to the new portal: $(js .connections)"
[[ $(fp_stat logins) == "$logins" ]] || fail "reconnect went through the old portal"
fio_verify "/dev/$(ki_disks)" --size=4M || fail "I/O after a permanent redirect"
kiscsi logout --all >/dev/null || fail "logout"

# A node record follows a permanent redirect
nodes_setup
kiscsi node add --target "$LIO_IQN" --portal 127.0.0.1:3262 \
	--startup automatic >/dev/null || fail "node add"
fp_cmd redirect perm "$tgt:3260"
out=$(kiscsi restore --timeout 30) || fail "restore: $out"
cleanup_push "kiscsi logout --all"
[[ $out == *"moved permanently: target $LIO_IQN, portal 127.0.0.1:3262 is now $tgt:3260"* ]] ||
	fail "restore did not report the move: $out"
grep -q "^portal = $tgt:3260" $(nodes_files) ||
	fail "record not updated: $(cat $(nodes_files))"
kiscsi logout --all >/dev/null || fail "logout"
logins=$(fp_stat logins)
out=$(kiscsi restore --timeout 30) || fail "second restore: $out"
[[ $(fp_stat logins) == "$logins" ]] || fail "the record still leads to the old portal"
[[ $(js '.connections[0].peer_addr') == "$tgt" ]] || fail "restore went elsewhere"
kiscsi logout --all >/dev/null || fail "logout"

# A loop: the proxy sends every login back to itself
fp_cmd redirect temp 127.0.0.1:3262 always
rc=0
out=$(kiscsi login --portal 127.0.0.1:3262 --target "$LIO_IQN" 2>&1) || rc=$?
((rc == 1)) && [[ $out == *"redirected too many times"* ]] ||
	fail "redirect loop: exit $rc: $out"
log "loop refused: $out"
[[ $(kiscsi show -j) == "[]" ]] || fail "a failed login left a session"
fp_cmd pass
