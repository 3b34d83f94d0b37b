#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
#
# The iscsiadm workflow on kiscsi: SendTargets discovery through a
# discovery session finds the target on both of its portals and keeps it
# as a node record; restore logs in to it over both portals (one session
# each) and waits for the disks; a second restore changes nothing; node
# delete + logout leave no session, no disk and no record behind.
source "$(dirname "$0")/../lib/nodes.sh"

net_setup 2
lio_setup --luns 1 --size 32
ki_start
nodes_setup

out=$(kiscsi discover "$(target_ip 1)" --startup automatic) ||
	fail "discover failed: $out"
log "$out"
[[ $out == *"$LIO_IQN"* && $out == *"portal $(target_ip 1):3260"* &&
	$out == *"portal $(target_ip 2):3260"* && $out == *"record: new"* ]] ||
	fail "discover did not report the target on both portals: $out"
mapfile -t files < <(nodes_files)
((${#files[@]} == 1)) || fail "want one record, have: ${files[*]}"
grep -q "^startup = automatic$" "${files[0]}" || fail "record: $(cat "${files[0]}")"
((${#files[@]} == 1)) && [[ $(grep -c '^portal = ' "${files[0]}") == 2 ]] ||
	fail "the record does not hold both portals: $(cat "${files[0]}")"

# JSON, and a second discovery leaves the record alone.
kiscsi discover -j "$(target_ip 2)" | python3 -c "import json,sys
t = json.load(sys.stdin)
assert len(t) == 1 and t[0]['target'] == sys.argv[1], t
assert sorted(p['address'] for p in t[0]['portals']) == ['10.0.1.1', '10.0.2.1'], t
assert t[0]['record'] == 'unchanged', t" "$LIO_IQN" || fail "discover -j"
kiscsi node list -j | python3 -c "import json,sys
n = json.load(sys.stdin)
assert len(n) == 1 and n[0]['startup'] == 'automatic' and len(n[0]['portals']) == 2, n" ||
	fail "node list -j"

# A manual record is not restored.
kiscsi node add --target iqn.2026-11.org.kiscsi:manual-only \
	--portal "$(target_ip 1):3999" >/dev/null || fail "node add"

cleanup_push "kiscsi logout --all"
out=$(kiscsi restore --timeout 60) || fail "restore failed: $out"
log "$out"
[[ $(grep -c '^logged in: ' <<<"$out") == 2 ]] || fail "restore: $out"
mapfile -t ids < <(sessions_of "$LIO_IQN")
((${#ids[@]} == 2)) || fail "want 2 sessions, have ${#ids[@]}"
kiscsi show -j | python3 -c "import json,sys
peers = sorted(s['connections'][0]['peer_addr'] for s in json.load(sys.stdin))
assert peers == ['10.0.1.1', '10.0.2.1'], peers" || fail "sessions do not use both portals"
ki_wait_disks 2 || fail "disks of both sessions did not appear"
[[ $(ki_nsessions) == 2 ]] || fail "the manual record was logged in"

out=$(kiscsi restore --timeout 10) || fail "second restore failed: $out"
[[ $(grep -c '^already logged in: ' <<<"$out") == 2 ]] || fail "second restore: $out"
[[ $(ki_nsessions) == 2 ]] || fail "a second restore added sessions"

mapfile -t disks < <(ki_disks)
disk=${disks[0]}
fio_verify "/dev/$disk" --size=8M || fail "verify on $disk failed"

kiscsi node delete --target "$LIO_IQN" || fail "node delete"
kiscsi node delete --target iqn.2026-11.org.kiscsi:manual-only || fail "node delete"
kiscsi logout --target "$LIO_IQN" || fail "logout"
[[ $(ki_nsessions) == 0 ]] || fail "sessions left"
[[ -z $(ki_hosts) && -z $(ki_disks) ]] || fail "SCSI hosts or disks left"
[[ -z $(nodes_files) ]] || fail "records left: $(nodes_files)"
[[ -z $(ls -A "$KISCSI_CONFIG_DIR/nodes") ]] || fail "files left: $(ls -A "$KISCSI_CONFIG_DIR/nodes")"
