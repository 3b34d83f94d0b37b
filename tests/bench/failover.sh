#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multipath failover, kiscsi against open-iscsi in the same VM run: two
# sessions to one LIO LUN under dm-multipath (service-time), path 1
# blackholed mid-run. For each initiator: the longest gap in fio's
# completion log and the worst single-I/O latency (the I/O caught on the
# dead path). Each initiator uses its recommended multipath settings:
# kiscsi NOP 0.5 s / 1 s, replacement 0 (dm-multipath does the queueing
# when every path is down); open-iscsi NOP 2 s / 2 s, replacement 5 s (its
# documented best for dm-multipath).
#
# Env: BENCH_ROUNDS (default 3), FO_RUNTIME/FO_CUT/FO_DOWN (failover.inc).
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/failover.inc"

rounds=${BENCH_ROUNDS:-3}
out=${VM_RUN_DIR:-/tmp}/bench-failover
mkdir -p "$out"
: >"$out/samples.tsv"

net_setup 2
lio_setup --luns 1 --size 64
modprobe sd_mod
oi_start
ki_start nop_interval_ms=500 nop_timeout_ms=1000 replacement_timeout=0

sample() {
	local who=$1 sds=() p
	if [[ $who == kiscsi ]]; then
		for p in 1 2; do
			kiscsi login --portal "$(target_ip $p)" \
				--target "$LIO_IQN" >/dev/null
		done
		ki_wait_disks 2 || fail "kiscsi: two paths, not two disks"
		mapfile -t sds < <(ki_disks)
	else
		for p in 1 2; do
			oi_login "$(target_ip $p)" --nop 2/2 --replacement 5
			oi_wait_disks "$(target_ip $p)" 1 ||
				fail "open-iscsi: path $p has no disk"
			sds+=("$(oi_disks_of "$(target_ip $p)")")
		done
	fi
	failover_run "fo_${who//-/_}" "${sds[0]}" "${sds[1]}" "$out"
	printf '%s\t%s\t%s\t%s\t%s\n' "$who" "$FO_GAP_MS" "$FO_MAX_MS" \
		"$FO_ERR" "$FO_FAILED" >>"$out/samples.tsv"
	if [[ $who == kiscsi ]]; then
		kiscsi logout --all >/dev/null
	else
		oi_logout >/dev/null
		iscsiadm -m node -o delete >/dev/null
	fi
}

for ((r = 1; r <= rounds; r++)); do
	if ((r % 2)); then order="kiscsi open-iscsi"; else order="open-iscsi kiscsi"; fi
	for who in $order; do
		log "round $r/$rounds: $who"
		sample "$who"
	done
done

python3 - "$out/samples.tsv" <<'PY' | tee "$out/summary.txt"
import statistics as st, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(f"{'initiator':11} {'gap ms (median, worst)':>24} {'worst I/O ms (median, worst)':>30} {'fio errors':>10}")
for who in ("kiscsi", "open-iscsi"):
    r = [x for x in rows if x[0] == who]
    gap = [int(x[1]) for x in r]
    mx = [int(x[2]) for x in r]
    errs = sum(1 for x in r if x[3] != "0")
    print(f"{who:11} {st.median(gap):>14.0f} {max(gap):>9} {st.median(mx):>20.0f} {max(mx):>9} {errs:>10}")
PY
