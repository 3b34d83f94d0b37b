#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# The control path end to end against LIO with mutual CHAP: a wrong secret
# is refused with a message and leaves nothing; login prints the session
# and its disks; show (human, JSON, by id, unprivileged) reports it and
# never a secret; each kind of logout works; secrets never reach the log.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 2 --size 32 --chap ctl-user:ctl-secret-0123 \
	--mutual ctl-target:ctl-tsecret-4567
ki_start
cleanup_push "kiscsi logout --all"
ip=$(target_ip 1)

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
printf 'ctl-secret-0123\n' >"$tmp/ours"
printf 'ctl-tsecret-4567' >"$tmp/theirs"
printf 'wrong-secret-89' >"$tmp/wrong"
chmod 600 "$tmp"/*
chap=(--chap-user ctl-user --chap-secret-file "$tmp/ours"
	--mutual-user ctl-target --mutual-secret-file "$tmp/theirs")
login=(kiscsi login --portal "$ip" --target "$LIO_IQN")

rc=0
out=$("${login[@]}" --chap-user ctl-user --chap-secret-file "$tmp/wrong" 2>&1) || rc=$?
log "wrong secret: $out"
((rc == 1)) || fail "login with a wrong secret: exit $rc, want 1"
[[ $out == kiscsi:* ]] || fail "no message for a wrong secret"
[[ $(kiscsi show) == "no sessions" ]] || fail "a refused login left a session"

out=$("${login[@]}" "${chap[@]}") || fail "login failed: $out"
log "$out"
re="^logged in: session ([0-9]+), target $LIO_IQN, portal $ip:3260, disks: (sd[a-z]+) (sd[a-z]+)\$"
[[ $out =~ $re ]] || fail "unexpected login line: $out"
sid=${BASH_REMATCH[1]}
[[ -b /dev/${BASH_REMATCH[2]} && -b /dev/${BASH_REMATCH[3]} ]] ||
	fail "the disks printed are not block devices"

out=$(kiscsi show) || fail "show failed"
echo "$out"
for want in "session $sid" "target:       $LIO_IQN" "state:        logged in" \
	"auth:         CHAP (mutual)" "portal:       $ip:3260" "HeaderDigest" \
	"MaxBurstLength" "SCSI commands" "(LUN 1)"; do
	[[ $out == *"$want"* ]] || fail "show lacks '$want'"
done

kiscsi show -j | python3 -c '
import json, sys
sid, iqn, ip = int(sys.argv[1]), sys.argv[2], sys.argv[3]
text = sys.stdin.read()
j = json.loads(text)
assert isinstance(j, list) and len(j) == 1, j
s = j[0]
assert s["id"] == sid and s["target"] == iqn, s
assert s["state"] == "logged-in" and s["auth"] == "chap-mutual", s
assert s["connections"][0]["peer_addr"] == ip, s["connections"]
assert s["connections"][0]["peer_port"] == 3260
assert isinstance(s["params"]["max_burst"], int)
assert isinstance(s["params"]["immediate_data"], bool)
assert s["params"]["header_digest"] in ("none", "crc32c")
assert isinstance(s["stats"]["cmds"], int)
assert [d["lun"] for d in s["disks"]] == [0, 1], s["disks"]
assert "secret" not in text, "a secret in the JSON"
' "$sid" "$LIO_IQN" "$ip" || fail "show -j is wrong"

out=$(kiscsi show -j --session "$sid") || fail "show --session failed"
[[ $(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$out") == 1 ]] ||
	fail "show -j --session: $out"
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	kiscsi show) || fail "unprivileged show failed"
[[ $out == *"session $sid"* ]] || fail "unprivileged show does not see the session"
[[ $out != *secret* ]] || fail "a secret in show"

out=$(kiscsi logout --session "$sid") || fail "logout --session failed: $out"
[[ $out == "logged out: session $sid" ]] || fail "logout said: $out"
[[ $(kiscsi show) == "no sessions" ]] || fail "session left after logout --session"

"${login[@]}" "${chap[@]}" >/dev/null || fail "second login failed"
kiscsi logout --target "$LIO_IQN" >/dev/null || fail "logout --target failed"
[[ $(kiscsi show) == "no sessions" ]] || fail "session left after logout --target"

"${login[@]}" "${chap[@]}" >/dev/null || fail "third login failed"
kiscsi logout --all >/dev/null || fail "logout --all failed"
[[ $(kiscsi show -j) == "[]" ]] || fail "session left after logout --all"
[[ -z $(ki_hosts) ]] || fail "a SCSI host is left"

# Nothing to log out: the uapi says ENOENT, the core says done; either
# way the tool must not report a failure without saying why.
rc=0
out=$(kiscsi logout --all 2>&1) || rc=$?
log "logout --all of nothing: exit $rc: $out"
((rc == 0 || rc == 1)) || fail "logout --all of nothing: exit $rc"
((rc == 0)) || [[ $out == kiscsi:* ]] || fail "logout --all of nothing: no message"

! grep -q 'ctl-secret-0123\|ctl-tsecret-4567\|wrong-secret-89' <(dmesg) ||
	fail "a secret reached the kernel log"
