# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/lib.sh: common helpers for tests that run as root in the
# vm-run guest. Source it first; it sets strict mode and a cleanup stack
# that runs in reverse order on exit, so every helper that creates
# something also registers how to undo it.
#
# Exit codes a test uses: 0 pass, 4 skip (after `skip REASON`), other fail.

[[ -n ${_KT_LIB_SH:-} ]] && return 0
_KT_LIB_SH=1

set -euo pipefail

KISCSI_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KISCSI_TOP
export PATH=$KISCSI_TOP/userspace:$PATH
# The initiator name every test initiator uses (the rig writes it into
# /etc/iscsi/initiatorname.iscsi); target ACLs are made for it.
KT_INITIATOR_IQN=iqn.2026-11.org.kiscsi:vm-initiator

log() { echo "# $*"; }
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
skip() {
	echo "SKIP: $*"
	exit 4
}

_kt_cleanups=()
# cleanup_push CMD...: run CMD (eval'd) at exit, last pushed runs first.
cleanup_push() { _kt_cleanups+=("$*"); }
_kt_run_cleanups() {
	local rc=$? i
	set +e
	for ((i = ${#_kt_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_kt_cleanups[i]}" >/dev/null 2>&1
	done
	exit "$rc"
}
trap _kt_run_cleanups EXIT

# scaled SECONDS: SECONDS times KISCSI_T_TIMEOUT_MULT (the debug kernel's
# slowdown), for waits on our own tools starting up. Deadlines that are
# what a test asserts (detection within N s) stay unscaled.
scaled() { echo $(($1 * ${KISCSI_T_TIMEOUT_MULT:-1})); }

# poll_until SECONDS CMD...: run CMD until it succeeds or SECONDS pass.
# Returns CMD's success, or 1 at the deadline. This is the only way tests
# wait: never a bare sleep for an event that can be observed.
poll_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# must_fail CMD...: succeed only if CMD fails.
must_fail() {
	if "$@"; then
		echo "expected failure: $*" >&2
		return 1
	fi
	return 0
}

# fio_verify DEV [FIO-ARGS...]: write DEV with crc32c verify headers and
# read everything back. A non-time-based job always runs its verify phase;
# callers that add --time_based must also pass --verify_backlog=N or the
# verify never happens. Prints fio's summary on failure.
fio_verify() {
	local dev=$1 out
	shift
	out=$(mktemp)
	if ! fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size=16M \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3 "$@" >"$out" 2>&1; then
		cat "$out" >&2
		rm -f "$out"
		return 1
	fi
	rm -f "$out"
}
