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

# log MSG: a TAP comment stamped with the seconds since the test began,
# so a slow run (the debug lane) shows where its time went.
log() { echo "# [${SECONDS}s] $*"; }
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

# shrunk N [FLOOR]: N divided by KISCSI_T_SHRINK, but no less than FLOOR
# (default 1). The debug lane sets KISCSI_T_SHRINK=4: there KASAN, lockdep
# and kmemleak under TCG make every verified megabyte and every reconnect
# cycle several times dearer, and the same code paths run with a quarter
# of the volume and repetitions. Assertions never shrink, only workloads.
shrunk() {
	local n=$(($1 / ${KISCSI_T_SHRINK:-1}))
	echo $((n < ${2:-1} ? ${2:-1} : n))
}

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
# verify never happens. Prints fio's summary on failure. Sizes above 4 MiB
# (--size=NM) shrink in the debug lane (see shrunk), to no less than 4 MiB:
# the negative controls, which corrupt a block of a 4 MiB region, keep
# their region.
fio_verify() {
	local dev=$1 out a args=()
	shift
	for a in "$@"; do
		if [[ $a =~ ^--size=([0-9]+)M$ ]] && ((BASH_REMATCH[1] > 4)); then
			a=--size=$(shrunk "${BASH_REMATCH[1]}" 4)M
		fi
		args+=("$a")
	done
	out=$(mktemp)
	if ! fio --name=verify --filename="$dev" --direct=1 --ioengine=libaio \
		--rw=randwrite --bs=4k --iodepth=16 --size="$(shrunk 16 4)M" \
		--verify=crc32c --verify_fatal=1 --do_verify=1 \
		--output-format=terse --terse-version=3 "${args[@]}" >"$out" 2>&1; then
		cat "$out" >&2
		rm -f "$out"
		return 1
	fi
	rm -f "$out"
}
