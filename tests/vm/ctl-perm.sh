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

# Node records: an unprivileged user may read them, not change them, and
# is told why; the record is untouched. restore needs root like login.
cfg=$(mktemp -d /tmp/kiscsi-cfg.XXXXXX)
cleanup_push "rm -rf '$cfg'"
chmod 755 "$cfg"
export KISCSI_CONFIG_DIR=$cfg
kiscsi node add --target iqn.2003-01.org.example:t1 --portal 127.0.0.1:1 \
	--startup automatic --initiator iqn.2026-11.org.kiscsi:vm-initiator \
	>/dev/null || fail "root cannot add a node"
rec=$cfg/nodes/iqn.2003-01.org.example:t1.conf
before=$(cat "$rec")
out=$(nobody kiscsi node list) || fail "unprivileged node list failed: $out"
[[ $out == *"iqn.2003-01.org.example:t1 automatic 127.0.0.1:1"* ]] ||
	fail "unprivileged node list: '$out'"

# expect_node_eacces CMD...: exit 1, one line saying root is needed
expect_node_eacces() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	((rc == 1)) || fail "$*: exit $rc, want 1 ($out)"
	[[ $(wc -l <<<"$out") == 1 && $out == *"permission denied"*"needs root"* ]] ||
		fail "$*: does not say what is needed: $out"
	log "$*: $out"
}
expect_node_eacces nobody kiscsi node set --target iqn.2003-01.org.example:t1 --startup manual
expect_node_eacces nobody kiscsi node delete --target iqn.2003-01.org.example:t1
expect_node_eacces nobody kiscsi node add --target iqn.2003-01.org.example:t2 --portal 127.0.0.1:2
expect_node_eacces nobody kiscsi discover 127.0.0.1:1
[[ $(cat "$rec") == "$before" ]] || fail "an unprivileged user changed the record"
[[ $(ls "$cfg/nodes") == "iqn.2003-01.org.example:t1.conf" ]] ||
	fail "an unprivileged user changed the store: $(ls "$cfg/nodes")"
# restore logs in: refused by the module like login
expect_eperm nobody kiscsi restore
