# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/reset.sh: put the guest back the way a test expects to find
# it, whatever the last test left (the runner calls this after a test
# that leaked; a test never needs it).
#
# rig_reset    log out every session (kiscsi and open-iscsi), stop the
#              daemons, remove dm devices, every LIO target and backstore,
#              the rig's links and namespaces; then wait until they are gone
#
# The order matters: a LIO portal's listening socket lives in the target
# namespace and keeps it alive, and the namespace keeps its end of each
# veth pair, so "ini1" would still exist when the next test creates it.

[[ -n ${_KT_RESET_SH:-} ]] && return 0
_KT_RESET_SH=1

# shellcheck source=openiscsi.sh
source "$(dirname "${BASH_SOURCE[0]}")/openiscsi.sh"

# Every LIO iSCSI target and backstore, whoever made them.
_reset_lio() {
	local cfs=/sys/kernel/config/target t tpg d
	[[ -d $cfs/iscsi ]] || return 0
	for t in "$cfs"/iscsi/iqn.*; do
		[[ -d $t ]] || continue
		for tpg in "$t"/tpgt_*; do
			[[ -d $tpg ]] && lio_remove_tpg "$tpg"
		done
		rmdir "$t"
	done
	for d in "$cfs"/core/*_[0-9]*/*; do
		[[ -d $d ]] && rmdir "$d"
	done
	for d in "$cfs"/core/*_[0-9]*; do [[ -d $d ]] && rmdir "$d"; done
	rm -f /tmp/lio-lun*.img
	return 0
}

_reset_gone() {
	[[ -z $(ip netns list 2>/dev/null) ]] &&
		! ip -o link show 2>/dev/null | grep -q ': ini[0-9]'
}

rig_reset() {
	local d l
	set +e
	[[ -d /sys/module/kiscsi ]] && kiscsi logout --all >/dev/null 2>&1
	oi_logout >/dev/null 2>&1
	iscsiadm -m node -o delete >/dev/null 2>&1
	for d in iscsid tgtd multipathd fio; do pkill -9 -x "$d"; done
	dmsetup remove_all -f >/dev/null 2>&1
	_reset_lio 2>/dev/null
	for l in $(ip -o link show | sed -n 's/^[0-9]*: \(ini[0-9]*\)@.*/\1/p'); do
		ip link del "$l"
	done
	for d in $(ip netns list | awk '{print $1}'); do ip netns del "$d"; done
	poll_until 30 _reset_gone || echo "rig_reset: links or namespaces remain"
	return 0
}
