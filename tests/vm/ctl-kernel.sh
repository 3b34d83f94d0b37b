#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 120
#
# kiscsi.ko refuses malformed requests on its own, with an extack message
# and the offending attribute (tests/vm/ctl-genl.py speaks raw generic
# netlink, bypassing the tool's checks), never logs a secret, and hands a
# request that passes every check to the session core. The tool prints
# the kernel's message and exits 1.
source "$(dirname "$0")/../lib/lib.sh"

modprobe kiscsi
cleanup_push "modprobe -r kiscsi"
param=/sys/module/kiscsi/parameters/initiator_name
saved=$(cat "$param")
cleanup_push "printf %s '$saved' >$param"
printf '' >"$param"

timeout 30 python3 -u "$(dirname "$0")/ctl-genl.py" validate || fail "kernel-side validation"

! grep -q kiscsi-canary-secret <(dmesg) || fail "a CHAP secret reached the kernel log"

# The module parameter is the default initiator name, and it is checked.
genl=$(dirname "$0")/ctl-genl.py
printf 'not a name' >"$param"
out=$(timeout 30 python3 "$genl" login-noinit)
[[ $out == "EINVAL: "*"kiscsi.initiator_name is not an iSCSI name"* ]] ||
	fail "a bad initiator_name parameter was not refused: $out"
printf 'iqn.2026-11.org.kiscsi:param\n' >"$param"
out=$(timeout 30 python3 "$genl" login-noinit)
log "login with the parameter's initiator name: $out"
[[ $out != EINVAL:* && $out != ERANGE:* ]] ||
	fail "the initiator_name parameter was not used: $out"

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
printf 'secret-two' >"$tmp/s"
chmod 600 "$tmp/s"

# Through the tool: a request both sides accept reaches the session core;
# whatever it answers (the stub: "not built yet"; later: the connection
# to 127.0.0.1:1 is refused), the tool prints it and exits 1.
rc=0
out=$(kiscsi login --portal 127.0.0.1:1 --target iqn.2003-01.org.example:t1 \
	--initiator iqn.2026-11.org.kiscsi:vm-initiator \
	--chap-user u --chap-secret-file "$tmp/s" 2>&1) || rc=$?
log "$out"
((rc == 1)) || fail "login to 127.0.0.1:1: exit $rc, want 1"
[[ $out == kiscsi:* ]] || fail "no kernel message: $out"
[[ $out != *secret-two* ]] || fail "the secret was printed"
rc=0
out=$(kiscsi logout --session 12345 2>&1) || rc=$?
log "$out"
((rc == 1)) || fail "logout of a missing session: exit $rc, want 1"
