# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/lio.sh: the kernel's own iSCSI target (LIO), driven through
# configfs directly (targetcli needs dbus and costs ~10 s under TCG).
#
# lio_setup [options]      build a target, torn down at exit
#   --iqn IQN              target name (default $LIO_IQN)
#   --luns N               number of LUNs (default 1)
#   --size MB              size of each LUN (default 64)
#   --backstore ram|file   rd_mcp ramdisk (default) or fileio on tmpfs
#   --paths "1 2"          portals on these paths' target addresses
#                          (default: every path net_setup made)
#   --port P               TCP port (default 3260)
#   --chap USER:SECRET     require one-way CHAP from the initiator
#   --mutual USER:SECRET   and authenticate the target too
#   --erl N                ErrorRecoveryLevel the target accepts
#   --maxconn N            MaxConnections
#   --param KEY=VALUE      any other tpgt_1/param/KEY (repeatable)
# lio_add_lun              one more ramdisk LUN, mapped like the others
#                          (the target raises no async event by itself)
# lio_restart [SECONDS]    the target service restarts: every session and
#                          portal goes away, and after SECONDS (default 2)
#                          the same target returns; LUN data is kept
# lio_sessions             number of logged-in sessions on the target
# lio_serial N             the unit serial of LUN N (to match disks)
#
# Needs net.sh's net_setup first: portals live in the target namespace,
# and LIO opens a portal's socket in the namespace of whoever mkdirs it.

[[ -n ${_KT_LIO_SH:-} ]] && return 0
_KT_LIO_SH=1

# shellcheck source=net.sh
source "$(dirname "${BASH_SOURCE[0]}")/net.sh"

LIO_IQN=iqn.2026-11.org.kiscsi:lio-target
LIO_CFS=/sys/kernel/config/target
LIO_LUNS=0
LIO_BS=
LIO_TPG=
# What lio_setup was given, for lio_add_lun and lio_restart.
LIO_PATHS=
LIO_PORT=3260
LIO_CHAP=
LIO_MUTUAL=
LIO_PARAMS=()
LIO_SIZE=64

# Writes go through printf %s: a trailing newline makes LIO reject some
# values (the CHAP user name among them).
lio_put() { printf '%s' "$2" >"$1"; }

lio_setup() {
	local iqn=$LIO_IQN luns=1 size=64 bs=ram paths= port=3260
	local chap= mutual= erl= maxconn= params=() i
	while (($#)); do
		case $1 in
		--iqn) iqn=$2 ;;
		--luns) luns=$2 ;;
		--size) size=$2 ;;
		--backstore) bs=$2 ;;
		--paths) paths=$2 ;;
		--port) port=$2 ;;
		--chap) chap=$2 ;;
		--mutual) mutual=$2 ;;
		--erl) erl=$2 ;;
		--maxconn) maxconn=$2 ;;
		--param) params+=("$2") ;;
		*) fail "lio_setup: unknown option $1" ;;
		esac
		shift 2
	done
	[[ -n $paths ]] || paths=$(seq -s' ' 1 "$KT_NPATHS")
	[[ -n $paths ]] || fail "lio_setup: call net_setup first"
	LIO_IQN=$iqn

	modprobe target_core_mod
	modprobe iscsi_target_mod
	[[ $bs == file ]] && modprobe target_core_file
	cleanup_push lio_teardown

	case $bs in
	ram) LIO_BS=$LIO_CFS/core/rd_mcp_0 ;;
	file) LIO_BS=$LIO_CFS/core/fileio_0 ;;
	*) fail "lio_setup: backstore must be ram or file" ;;
	esac
	mkdir -p "$LIO_BS"
	for ((i = 0; i < luns; i++)); do
		mkdir "$LIO_BS/lun$i"
		if [[ $bs == ram ]]; then
			lio_put "$LIO_BS/lun$i/control" "rd_pages=$((size * 256))"
		else
			truncate -s "${size}M" "/tmp/lio-lun$i.img"
			lio_put "$LIO_BS/lun$i/control" \
				"fd_dev_name=/tmp/lio-lun$i.img,fd_dev_size=$((size << 20))"
		fi
		lio_put "$LIO_BS/lun$i/enable" 1
		lio_put "$LIO_BS/lun$i/wwn/vpd_unit_serial" "$(lio_serial $i)"
		LIO_LUNS=$((i + 1))
	done

	LIO_PATHS=$paths LIO_PORT=$port LIO_CHAP=$chap LIO_MUTUAL=$mutual
	[[ -n $erl ]] && params+=("ErrorRecoveryLevel=$erl")
	[[ -n $maxconn ]] && params+=("MaxConnections=$maxconn")
	LIO_PARAMS=("${params[@]}") LIO_SIZE=$size
	_lio_fabric_up
}

# The target's fabric (TPG, LUN maps, portals, ACL, parameters) from
# what lio_setup recorded; the backstores exist already.
_lio_fabric_up() {
	local i chap=$LIO_CHAP mutual=$LIO_MUTUAL
	LIO_TPG=$LIO_CFS/iscsi/$LIO_IQN/tpgt_1
	mkdir -p "$LIO_TPG"
	if [[ -n $chap ]]; then
		mkdir "$LIO_TPG/acls/$KT_INITIATOR_IQN"
	fi
	for ((i = 0; i < LIO_LUNS; i++)); do
		_lio_map_lun "$i"
	done
	for i in $LIO_PATHS; do
		kt mkdir "$LIO_TPG/np/$(target_ip "$i"):$LIO_PORT"
	done

	if [[ -n $chap ]]; then
		local acl=$LIO_TPG/acls/$KT_INITIATOR_IQN
		lio_put "$acl/auth/userid" "${chap%%:*}"
		lio_put "$acl/auth/password" "${chap#*:}"
		if [[ -n $mutual ]]; then
			lio_put "$acl/auth/userid_mutual" "${mutual%%:*}"
			lio_put "$acl/auth/password_mutual" "${mutual#*:}"
		fi
		lio_put "$LIO_TPG/attrib/authentication" 1
		lio_put "$LIO_TPG/attrib/generate_node_acls" 0
		lio_put "$LIO_TPG/param/AuthMethod" CHAP
	else
		lio_put "$LIO_TPG/attrib/authentication" 0
		lio_put "$LIO_TPG/attrib/generate_node_acls" 1
		lio_put "$LIO_TPG/attrib/cache_dynamic_acls" 1
		lio_put "$LIO_TPG/attrib/demo_mode_write_protect" 0
	fi
	for i in "${LIO_PARAMS[@]}"; do
		[[ -e $LIO_TPG/param/${i%%=*} ]] ||
			fail "lio_setup: LIO has no parameter ${i%%=*}"
		lio_put "$LIO_TPG/param/${i%%=*}" "${i#*=}"
	done
	lio_put "$LIO_TPG/enable" 1
}

# Map backstore LUN $1 into the TPG (and the CHAP ACL, if there is one).
_lio_map_lun() {
	local i=$1 acl
	mkdir "$LIO_TPG/lun/lun_$i"
	ln -s "$LIO_BS/lun$i" "$LIO_TPG/lun/lun_$i/storage"
	for acl in "$LIO_TPG"/acls/*; do
		[[ -d $acl ]] || continue
		mkdir "$acl/lun_$i"
		ln -s "$LIO_TPG/lun/lun_$i" "$acl/lun_$i/mapped"
	done
}

lio_add_lun() {
	local i=$LIO_LUNS
	[[ $LIO_BS == */rd_mcp_0 ]] || fail "lio_add_lun: ramdisk targets only"
	mkdir "$LIO_BS/lun$i"
	lio_put "$LIO_BS/lun$i/control" "rd_pages=$((LIO_SIZE * 256))"
	lio_put "$LIO_BS/lun$i/enable" 1
	lio_put "$LIO_BS/lun$i/wwn/vpd_unit_serial" "$(lio_serial "$i")"
	LIO_LUNS=$((i + 1))
	_lio_map_lun "$i"
}

lio_restart() {
	local down=${1:-2} bs=$LIO_BS
	# Tear down the fabric only: the backstores, and their data, stay.
	LIO_BS=
	lio_teardown
	LIO_BS=$bs
	sleep "$down"
	_lio_fabric_up
}

lio_serial() { printf 'kiscsi%010d' "$1"; }

lio_sessions() {
	local d n=0
	for d in "$LIO_TPG"/acls/*/info "$LIO_TPG"/dynamic_sessions; do
		[[ -r $d ]] || continue
		n=$((n + $(grep -c 'InitiatorName:\|iqn\.' "$d" 2>/dev/null || true)))
	done
	echo "$n"
}

# lio_remove_tpg DIR: disable one target portal group and remove its
# portals, ACLs with their LUN maps, and LUNs (links first), then DIR.
# The symlink names are the ones _lio_fabric_up makes.
lio_remove_tpg() {
	local tpg=$1 d l
	lio_put "$tpg/enable" 0 2>/dev/null
	for d in "$tpg"/np/*; do [[ -d $d ]] && rmdir "$d"; done
	for d in "$tpg"/acls/*; do
		[[ -d $d ]] || continue
		for l in "$d"/lun_*; do
			[[ -d $l ]] || continue
			rm -f "$l"/mapped
			rmdir "$l"
		done
		rmdir "$d"
	done
	for d in "$tpg"/lun/lun_*; do
		[[ -d $d ]] || continue
		rm -f "$d"/storage
		rmdir "$d"
	done
	rmdir "$tpg"
}

lio_teardown() {
	local d
	[[ -n $LIO_TPG && -d $LIO_TPG ]] && {
		lio_remove_tpg "$LIO_TPG"
		rmdir "$(dirname "$LIO_TPG")"
	}
	[[ -n $LIO_BS && -d $LIO_BS ]] && {
		for d in "$LIO_BS"/lun*; do [[ -d $d ]] && rmdir "$d"; done
		rmdir "$LIO_BS"
	}
	[[ -n $LIO_BS ]] && rm -f /tmp/lio-lun*.img
	LIO_TPG= LIO_BS=
}
