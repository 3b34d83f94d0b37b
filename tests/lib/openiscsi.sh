# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/openiscsi.sh: open-iscsi (iscsid + iscsiadm + iscsi_tcp), the
# incumbent initiator. It proves the rig and is the baseline every
# benchmark compares kiscsi against.
#
# oi_start                 load iscsi_tcp and start iscsid; stopped at exit
# oi_login IP[:PORT] [opts] log in to one portal; logged out at exit
#   --iqn IQN              target (default $LIO_IQN)
#   --chap USER:SECRET     one-way CHAP
#   --mutual USER:SECRET   mutual CHAP
#   --digest on|off        HeaderDigest and DataDigest CRC32C, or None
#   --nop I/T              NOP-Out interval/timeout in seconds
#   --replacement S        replacement_timeout (I/O held this long)
# oi_logout [IQN PORTAL]   delete the SCSI disks, then log out (all if no args)
# oi_session_of IP         sysfs name of the session through portal IP
# oi_session_state IP      that session's state (LOGGED_IN, FAILED, ...)
# oi_disks_of IP           block devices (sdX) of that session
# oi_wait_disks IP N       wait until that session has N disks

[[ -n ${_KT_OPENISCSI_SH:-} ]] && return 0
_KT_OPENISCSI_SH=1

# shellcheck source=lio.sh
source "$(dirname "${BASH_SOURCE[0]}")/lio.sh"

OI_PID=

oi_start() {
	modprobe sd_mod
	modprobe iscsi_tcp
	mkdir -p /run/lock/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets
	cleanup_push oi_stop
	# Own session: iscsid signals its whole process group on exit.
	setsid iscsid -f >/tmp/iscsid.log 2>&1 &
	OI_PID=$!
	poll_until "$(scaled 10)" iscsiadm -m session -P0 >/dev/null 2>&1 ||
		[[ $(iscsiadm -m session 2>&1) == *"No active sessions"* ]] ||
		fail "iscsid did not start: $(cat /tmp/iscsid.log)"
}

oi_stop() {
	oi_logout >/dev/null 2>&1
	iscsiadm -m node -o delete >/dev/null 2>&1
	[[ -n $OI_PID ]] && { kill "$OI_PID"; wait "$OI_PID"; }
	OI_PID=
}

# The stock 6.1 kernel WARNs (fatal under panic_on_warn) when iscsi_tcp's
# logout removes a SCSI target whose runtime-PM work is still queued: the
# removal runs on a WQ_MEM_RECLAIM queue and flushes pm_wq. Deleting the
# disks first, from this shell, removes the target here instead; the
# logout then has nothing left to remove. iscsiadm users script the same.
oi_delete_disks() {
	local iqn=${1:-} ip=${2:-} s c d mine
	for s in /sys/class/iscsi_session/session*; do
		[[ -e $s ]] || continue
		if [[ -n $iqn ]]; then
			[[ $(cat "$s/targetname") == "$iqn" ]] || continue
			mine=
			for c in /sys/class/iscsi_connection/connection"${s##*/session}":*; do
				[[ $(cat "$c/persistent_address" 2>/dev/null) == "$ip" ]] && mine=1
			done
			[[ -n $mine ]] || continue
		fi
		for d in "$s"/device/target*/*:*:*:*/delete; do
			[[ -e $d ]] && echo 1 >"$d" 2>/dev/null
		done
	done
	return 0
}

oi_logout() {
	if (($# == 2)); then
		oi_delete_disks "$1" "${2%:*}"
		iscsiadm -m node -T "$1" -p "$2" -u
	else
		oi_delete_disks
		iscsiadm -m node -u
	fi
}

oi_set() {
	iscsiadm -m node -T "$1" -p "$2" -o update -n "$3" -v "$4" >/dev/null
}

oi_login() {
	local portal=$1 iqn=$LIO_IQN chap= mutual= nop= repl= digest= v
	shift
	while (($#)); do
		case $1 in
		--iqn) iqn=$2 ;;
		--chap) chap=$2 ;;
		--mutual) mutual=$2 ;;
		--digest) digest=$2 ;;
		--nop) nop=$2 ;;
		--replacement) repl=$2 ;;
		*) fail "oi_login: unknown option $1" ;;
		esac
		shift 2
	done
	[[ $portal == *:* ]] || portal=$portal:3260
	iscsiadm -m node -o new -T "$iqn" -p "$portal" >/dev/null
	if [[ -n $chap ]]; then
		oi_set "$iqn" "$portal" node.session.auth.authmethod CHAP
		oi_set "$iqn" "$portal" node.session.auth.username "${chap%%:*}"
		oi_set "$iqn" "$portal" node.session.auth.password "${chap#*:}"
	fi
	if [[ -n $mutual ]]; then
		oi_set "$iqn" "$portal" node.session.auth.username_in "${mutual%%:*}"
		oi_set "$iqn" "$portal" node.session.auth.password_in "${mutual#*:}"
	fi
	if [[ -n $digest ]]; then
		v=None
		[[ $digest == on ]] && v=CRC32C
		oi_set "$iqn" "$portal" 'node.conn[0].iscsi.HeaderDigest' "$v"
		oi_set "$iqn" "$portal" 'node.conn[0].iscsi.DataDigest' "$v"
	fi
	if [[ -n $nop ]]; then
		oi_set "$iqn" "$portal" 'node.conn[0].timeo.noop_out_interval' "${nop%/*}"
		oi_set "$iqn" "$portal" 'node.conn[0].timeo.noop_out_timeout' "${nop#*/}"
	fi
	[[ -n $repl ]] &&
		oi_set "$iqn" "$portal" node.session.timeo.replacement_timeout "$repl"
	cleanup_push "oi_logout '$iqn' '$portal' >/dev/null"
	iscsiadm -m node -T "$iqn" -p "$portal" -l >/dev/null
}

oi_session_of() {
	local c ip=$1
	for c in /sys/class/iscsi_connection/connection*; do
		[[ $(cat "$c/persistent_address" 2>/dev/null) == "$ip" ]] || continue
		# connectionS:C belongs to sessionS
		c=${c##*/connection}
		echo "session${c%%:*}"
		return 0
	done
	return 1
}

oi_session_state() {
	local s
	s=$(oi_session_of "$1") || return 1
	cat "/sys/class/iscsi_session/$s/state"
}

oi_disks_of() {
	local s d
	s=$(oi_session_of "$1") || return 1
	for d in /sys/class/iscsi_session/"$s"/device/target*/*:*/block/*; do
		[[ -e $d ]] && echo "${d##*/}"
	done
}

oi_wait_disks() {
	_oi_ndisks() { [[ $(oi_disks_of "$1" | wc -l) -ge $2 ]]; }
	poll_until 20 _oi_ndisks "$1" "$2"
}
