#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# `kiscsi show` with no sessions: "no sessions" for people, "[]" as JSON
# (valid, per python3's parser); a missing session id is the kernel's
# ENOENT with its message; every network namespace has its own (empty)
# view.
source "$(dirname "$0")/../lib/lib.sh"

modprobe kiscsi
cleanup_push "modprobe -r kiscsi"

out=$(kiscsi show) || fail "show failed: $out"
[[ $out == "no sessions" ]] || fail "show: '$out'"
out=$(kiscsi show -j) || fail "show -j failed: $out"
[[ $out == "[]" ]] || fail "show -j: '$out'"
kiscsi show --json | python3 -m json.tool >/dev/null || fail "show --json is not JSON"

rc=0
out=$(kiscsi show --session 7 2>&1) || rc=$?
((rc == 1)) || fail "show --session 7: exit $rc, want 1"
[[ $out == *"no session with that id"* ]] || fail "show --session 7: '$out'"
log "$out"

out=$(unshare --net kiscsi show) || fail "show in a new netns failed: $out"
[[ $out == "no sessions" ]] || fail "show in a new netns: '$out'"
