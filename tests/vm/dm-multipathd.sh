#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 360
#
# multipathd drives weighted-paths from multipath.conf with the one
# integer per path multipath-tools can emit: path_selector
# "weighted-paths 0", rr_weight priorities and prio weightedpath give
# path 1 weight 3 and path 2 weight 1. Checked: the table multipathd
# loads, the 3:1 split, verified I/O, and a real cut of path 2 under
# verified I/O that multipathd fails and, once the link is back,
# reinstates.
#
# The verify can fail: see the negative control in dm-selectors.sh.
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/../bench/dm-lib.inc"

[[ -x /lib/systemd/systemd-udevd ]] || skip "no systemd-udevd"
command -v multipathd >/dev/null || skip "no multipathd"

# multipathd learns about paths from udev.
/lib/systemd/systemd-udevd --daemon
cleanup_push "udevadm control --exit"
dm_two_paths --size 64 --nop 1/1 --replacement 5
dm_modules
udevadm trigger --action=add --subsystem-match=block
udevadm settle -t 30

cat >/etc/multipath.conf <<CONF
defaults {
	user_friendly_names no
	find_multipaths no
	polling_interval 1
}
devices {
	device {
		vendor "LIO-ORG"
		product ".*"
		path_grouping_policy multibus
		path_selector "weighted-paths 0"
		rr_weight priorities
		detect_prio no
		prio weightedpath
		prio_args "devname ^${DM_SD1}\$ 3 ^${DM_SD2}\$ 1"
		path_checker tur
		no_path_retry 30
	}
}
CONF
cleanup_push "rm -f /etc/multipath.conf"

mlog=$VM_RUN_DIR/multipathd.log
multipathd -d -s -v3 >"$mlog" 2>&1 &
mpid=$!
cleanup_push "multipath -F; kill $mpid; wait $mpid"

map=
find_map() { map=$(dmsetup ls --target multipath | awk 'NR == 1 { print $1 }'); [[ -n $map && $map != No ]]; }
poll_until 60 find_map || fail "multipathd made no map: $(tail -20 "$mlog")"
has_both() { [[ $(dmsetup table "$map") == *" $DM_DEV1 "*" $DM_DEV2 "* || $(dmsetup table "$map") == *" $DM_DEV2 "*" $DM_DEV1 "* ]]; }
poll_until 30 has_both || fail "map lacks a path: $(dmsetup table "$map")"
table=$(dmsetup table "$map")
log "multipathd loaded: $table"
[[ $table == *"weighted-paths 0 2 1 "* ]] || fail "not weighted-paths with one arg per path"
[[ $table == *" $DM_DEV1 3 "* ]] || fail "path 1 weight is not 3"
[[ $table == *" $DM_DEV2 1"* ]] || fail "path 2 weight is not 1"

fio_verify "/dev/mapper/$map" --size=16M || fail "verify through multipathd's map failed"
c1=$(dm_pfield "$map" "$DM_DEV1" 0) c2=$(dm_pfield "$map" "$DM_DEV2" 0)
log "split $c1/$c2"
share=$((1000 * c1 / (c1 + c2)))
((share >= 712 && share <= 788)) || fail "split $c1/$c2 is not 3:1 within 5 %"

# Real cut of path 2 under verified I/O; multipathd fails and reinstates.
out=$VM_RUN_DIR/dm-multipathd.fio
fio --name=cut --filename="/dev/mapper/$map" --direct=1 --ioengine=libaio \
	--rw=randwrite --bs=4k --iodepth=16 --size=48M --time_based \
	--runtime=300 --verify=crc32c --verify_backlog=64 --verify_fatal=1 \
	--output-format=terse --terse-version=3 >"$out" 2>&1 &
fpid=$!
cleanup_push "kill $fpid"
sleep 2
path_down 2
failed() { [[ $(dm_path_state "$map" "$DM_DEV2") == F ]]; }
poll_until 40 failed || fail "path 2 not failed after the cut"
log "cut: $(dmsetup status "$map")"
path_up 2
poll_until 60 eval '! failed' || fail "multipathd did not reinstate path 2"
log "reinstated: $(dmsetup status "$map")"
n=$(dm_pfield "$map" "$DM_DEV2" 0)
poll_until 10 eval '(($(dm_pfield "$map" "$DM_DEV2" 0) > n))' ||
	fail "no I/O on path 2 after reinstate"
kill -INT "$fpid"
wait "$fpid" || true
err=$(awk -F';' '$1 == 3 { print $5 }' "$out")
reads=$(awk -F';' '$1 == 3 { print $6 }' "$out")
log "fio: error ${err:-none}, verified ${reads:-0} KiB"
[[ $err == 0 ]] || fail "fio failed: $(cat "$out")"
((reads > 0)) || fail "fio never verified anything"
