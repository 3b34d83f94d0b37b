#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# Logging in and out needs CAP_NET_ADMIN in the initial user namespace;
# reading does not. An unprivileged user is told what is needed, and
# root of a fresh user namespace (which anyone may create) is refused
# too: a login attaches block devices, which no namespace contains.
source "$(dirname "$0")/../lib/lib.sh"

modprobe kiscsi
cleanup_push "modprobe -r kiscsi"

nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@"
}
login=(login --portal 127.0.0.1:1 --target iqn.2003-01.org.example:t1
	--initiator iqn.2026-11.org.kiscsi:vm-initiator)

# expect_eperm CMD...: exit 1 with the "needs root" line
expect_eperm() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	((rc == 1)) || fail "$*: exit $rc, want 1 ($out)"
	[[ $out == *"permission denied"*"CAP_NET_ADMIN"* ]] ||
		fail "$*: does not say what is needed: $out"
	log "$*: $out"
}

expect_eperm nobody kiscsi "${login[@]}"
expect_eperm nobody kiscsi logout --all
expect_eperm nobody kiscsi logout --session 1

out=$(nobody kiscsi show) || fail "unprivileged show failed: $out"
[[ $out == "no sessions" ]] || fail "unprivileged show: '$out'"
out=$(nobody kiscsi show -j) || fail "unprivileged show -j failed: $out"
[[ $out == "[]" ]] || fail "unprivileged show -j: '$out'"
nobody kiscsi version >/dev/null || fail "unprivileged version failed"

# Root in a user namespace of its own, with a network namespace of its own
if nobody unshare --user --map-root-user --net true 2>/dev/null; then
	expect_eperm nobody unshare --user --map-root-user --net kiscsi "${login[@]}"
	out=$(nobody unshare --user --map-root-user --net kiscsi show) ||
		fail "show in a user+net namespace failed: $out"
	[[ $out == "no sessions" ]] || fail "show in a user+net namespace: '$out'"
else
	log "unprivileged user namespaces are disabled; that part is moot"
fi
