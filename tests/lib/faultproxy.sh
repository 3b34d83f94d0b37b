# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/faultproxy.sh: kiscsi-faultproxy between an initiator and a
# target, so a test can cut, stall, delay or corrupt the iSCSI stream in
# the middle of I/O (Documentation/fault-injection.md).
#
#   initiator --> LISTEN (root netns) ==proxy==> TARGET (LIO in netns kt)
#
# fp_start LISTEN TARGET   start the proxy (each ADDR:PORT), control socket
#                          under /tmp; stopped at exit
# fp_cmd CMD...            one control command; the test fails on "error:"
# fp_stat KEY              one counter from "stats" (logins, reset, ...)
# fp_stat_is KEY OP N      test "$(fp_stat KEY)" OP N, for poll_until
# fp_stop                  SIGTERM; fails unless it exits 0 with no
#                          sanitizer report; prints its log
# fp_finish                log out every open-iscsi session, then fp_stop
# fp_oi_login PORTAL [--digest on|off] [--nop I/T] [--replacement S]
#                          open-iscsi login with HeaderDigest/DataDigest
#                          both CRC32C (on) or None (off); logged out at exit
#
# The binary is built on the host (make -C tests/faultproxy); if it is
# missing it is built here, which under TCG takes a while.

[[ -n ${_KT_FAULTPROXY_SH:-} ]] && return 0
_KT_FAULTPROXY_SH=1

# shellcheck source=openiscsi.sh
source "$(dirname "${BASH_SOURCE[0]}")/openiscsi.sh"

FP_BIN=${FP_BIN:-$KISCSI_TOP/tests/faultproxy/bin/kiscsi-faultproxy}
FP_DIR=
FP_PID=
FP_CTL=

_fp_ctl() { "$FP_BIN" --ctl "$FP_CTL" --cmd "$*"; }

fp_start() {
	local listen=$1 target=$2
	if [[ ! -x $FP_BIN ]]; then
		make -s -C "$KISCSI_TOP/tests/faultproxy" >/dev/null ||
			fail "cannot build kiscsi-faultproxy"
	fi
	FP_DIR=$(mktemp -d /tmp/faultproxy.XXXXXX)
	FP_CTL=$FP_DIR/ctl
	cleanup_push fp_stop
	"$FP_BIN" --listen "$listen" --target "$target" --ctl "$FP_CTL" \
		2>"$FP_DIR/log" &
	FP_PID=$!
	poll_until "$(scaled 20)" _fp_ctl stats >/dev/null 2>&1 ||
		fail "faultproxy did not start: $(cat "$FP_DIR/log")"
	log "faultproxy $listen -> $target (pid $FP_PID)"
}

fp_cmd() {
	local out
	[[ -n $FP_PID ]] || fail "fp_cmd: no faultproxy running"
	out=$(_fp_ctl "$@") || fail "faultproxy '$*': $out"
	log "faultproxy $*: $out"
}

fp_stat() {
	_fp_ctl stats | tr ' ' '\n' | sed -n "s/^$1=//p"
}

fp_stat_is() { test "$(fp_stat "$1")" "$2" "$3"; }

fp_stop() {
	local rc=0
	[[ -n $FP_PID ]] || return 0
	kill -TERM "$FP_PID" 2>/dev/null
	wait "$FP_PID" || rc=$?
	FP_PID=
	sed 's/^/# | /' "$FP_DIR/log"
	if grep -q 'Sanitizer\|runtime error' "$FP_DIR/log"; then
		echo "faultproxy: sanitizer report above" >&2
		rc=1
	fi
	rm -rf "$FP_DIR"
	FP_DIR=
	return "$rc"
}

fp_finish() {
	oi_logout >/dev/null 2>&1 || true
	fp_stop || fail "faultproxy did not exit cleanly"
}

fp_oi_login() {
	oi_login "$@"
	# Runs before the logout at exit: a proxy left stalling would hang it.
	[[ -n $FP_PID ]] && cleanup_push "_fp_ctl pass"
	return 0
}
