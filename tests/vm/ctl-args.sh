#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# `kiscsi login/logout/show` refuse every bad argument with one line that
# names the bad value, exit 2, and send nothing: the module is not loaded
# beforehand, and resolving the family would load it, so it must still be
# absent afterwards.
source "$(dirname "$0")/../lib/lib.sh"

modprobe -r kiscsi 2>/dev/null || true
! grep -q '^kiscsi ' /proc/modules || fail "kiscsi is loaded and cannot be unloaded"

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
printf 'secret-one\n' >"$tmp/secret"
chmod 600 "$tmp/secret"
: >"$tmp/empty"
head -c 257 /dev/zero | tr '\0' x >"$tmp/long"
ok=(--portal 10.0.1.1 --target iqn.2003-01.org.example:t1)

# expect_bad PIECE ARGS...: kiscsi ARGS exits 2 with one line containing PIECE
expect_bad() {
	local piece=$1 out rc=0
	shift
	out=$(kiscsi "$@" 2>&1 >/dev/null) || rc=$?
	((rc == 2)) || fail "kiscsi $*: exit $rc, want 2 ($out)"
	[[ $out == *"$piece"* ]] || fail "kiscsi $*: '$out' does not mention '$piece'"
	(($(wc -l <<<"$out") == 1)) || fail "kiscsi $*: more than one line: $out"
	log "kiscsi $*: $out"
}

expect_bad "unknown command 'frobnicate'" frobnicate
expect_bad "--portal ADDR[:PORT] is required" login --target iqn.2003-01.org.example:t1
expect_bad "--target IQN is required" login --portal 10.0.1.1
expect_bad "'target.example.com'" login --portal target.example.com --target iqn.2003-01.x:t
expect_bad "'10.0.1.1:0'" login --portal 10.0.1.1:0 --target iqn.2003-01.x:t
expect_bad "'10.0.1.1:99999'" login --portal 10.0.1.1:99999 --target iqn.2003-01.x:t
expect_bad "'[fd00::1'" login --portal '[fd00::1' --target iqn.2003-01.x:t
expect_bad "fe80::1%eth0" login --portal fe80::1 --target iqn.2003-01.x:t
expect_bad "'nosuchif0' is none" login --portal 'fe80::1%nosuchif0' --target iqn.2003-01.x:t
expect_bad "'224.0.0.1'" login --portal 224.0.0.1 --target iqn.2003-01.x:t
expect_bad "'target1'" login --portal 10.0.1.1 --target target1
expect_bad "'iqn.'" login --portal 10.0.1.1 --target iqn.
expect_bad "without spaces" login --portal 10.0.1.1 --target 'iqn.2003-01.x:a b'
expect_bad "--initiator 'me'" login "${ok[@]}" --initiator me
expect_bad "go together" login "${ok[@]}" --chap-user u
expect_bad "go together" login "${ok[@]}" --chap-secret-file "$tmp/secret"
expect_bad "go together" login "${ok[@]}" --chap-user u --chap-secret-file "$tmp/secret" --mutual-user t
expect_bad "needs one-way CHAP" login "${ok[@]}" --mutual-user t --mutual-secret-file "$tmp/secret"
expect_bad "is empty" login "${ok[@]}" --chap-user u --chap-secret-file "$tmp/empty"
expect_bad "longer than 256" login "${ok[@]}" --chap-user u --chap-secret-file "$tmp/long"
expect_bad "No such file" login "${ok[@]}" --chap-user u --chap-secret-file "$tmp/none"
expect_bad "non-empty CHAP user" login "${ok[@]}" --chap-user '' --chap-secret-file "$tmp/secret"
expect_bad "'md5'" login "${ok[@]}" --header-digest md5
expect_bad "'sometimes'" login "${ok[@]}" --data-digest sometimes
expect_bad "'maybe'" login "${ok[@]}" --immediate-data maybe
expect_bad "'perhaps'" login "${ok[@]}" --initial-r2t perhaps
expect_bad "'511'" login "${ok[@]}" --max-recv-dsl 511
expect_bad "'16777216'" login "${ok[@]}" --max-burst 16777216
expect_bad "'1k'" login "${ok[@]}" --first-burst 1k
expect_bad "'0'" login "${ok[@]}" --max-outstanding-r2t 0
expect_bad "'65536'" login "${ok[@]}" --max-outstanding-r2t 65536
expect_bad "must not exceed" login "${ok[@]}" --max-burst 8192 --first-burst 16384
expect_bad "unknown option '--bogus'" login "${ok[@]}" --bogus
expect_bad "--portal needs a value" login --portal
expect_bad "unexpected argument 'extra'" login "${ok[@]}" extra
expect_bad "exactly one" logout
expect_bad "exactly one" logout --all --session 1
expect_bad "'x'" logout --session x
expect_bad "'nope'" logout --target nope
expect_bad "'-1'" show --session -1
expect_bad "unknown option" show --bogus

# A secret never shows up in anything the tool prints.
out=$(kiscsi login "${ok[@]}" --chap-user u --chap-secret-file "$tmp/secret" \
	--max-burst 1 2>&1) && fail "login with --max-burst 1 succeeded"
[[ $out != *secret-one* ]] || fail "the secret was printed: $out"

! grep -q '^kiscsi ' /proc/modules || fail "a refused command reached the kernel (kiscsi got loaded)"

# help works, and lists the commands
out=$(kiscsi help) || fail "kiscsi help failed"
for c in login logout show version; do
	[[ $out == *"  $c "* ]] || fail "kiscsi help does not list $c"
done
kiscsi help login | grep -q -- --chap-secret-file || fail "kiscsi help login has no usage"
