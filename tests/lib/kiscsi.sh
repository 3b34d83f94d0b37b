# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/kiscsi.sh: drive kiscsi.ko through the kiscsi tool.
#
# ki_start [PARAM=V...]     load kiscsi.ko with module parameters
#                           (unloaded at exit: that also proves unload
#                           with live sessions logs out)
# ki_login ARGS...          kiscsi login ARGS; logged out at exit
# ki_hosts                  SCSI host numbers of kiscsi sessions
# ki_disks [HOST]           block devices of one kiscsi host (or all)
# ki_wait_disks N [HOST]    wait until there are N such disks

[[ -n ${_KT_KISCSI_SH:-} ]] && return 0
_KT_KISCSI_SH=1

# shellcheck source=lio.sh
source "$(dirname "${BASH_SOURCE[0]}")/lio.sh"

# ki_start [PARAM=VALUE...]: load kiscsi. KISCSI_MODULE_PARAMS (space-
# separated PARAM=VALUE) comes first, so one can run the suite in a mode
# that is not the default: env KISCSI_MODULE_PARAMS=rx_softirq=1 ...
ki_start() {
	# No udev in the guest: load the disk driver by hand.
	modprobe sd_mod
	# shellcheck disable=SC2086 # word splitting wanted
	modprobe kiscsi ${KISCSI_MODULE_PARAMS:-} "$@"
	cleanup_push "modprobe -r kiscsi"
}

ki_login() {
	kiscsi login "$@" || return
	cleanup_push "kiscsi logout --all"
}

ki_hosts() {
	local h
	for h in /sys/class/scsi_host/host*; do
		[[ $(cat "$h/proc_name" 2>/dev/null) == kiscsi ]] &&
			echo "${h##*/host}"
	done
	return 0
}

ki_disks() {
	local h d
	for h in ${1:-$(ki_hosts)}; do
		for d in /sys/class/scsi_host/host"$h"/device/target*/*:*/block/*; do
			[[ -e $d ]] && echo "${d##*/}"
		done
	done
	return 0
}

# ki_state                  state of the first session (none without one)
ki_state() {
	kiscsi show -j | python3 -c "import json,sys
s = json.load(sys.stdin)
print(s[0]['state'] if s else 'none')"
}

ki_wait_disks() {
	_ki_ndisks() { [[ $(ki_disks "${2:-}" | wc -l) -ge $1 ]]; }
	# Scaled: on the debug kernel a LUN found by a rescan behind fio's
	# writes took longer than 20 s (ki-async, 2026-12-07).
	poll_until "$(scaled 20)" _ki_ndisks "$@"
}
