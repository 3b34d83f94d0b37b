#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/bench/dm-ps.sh: dm-multipath path selectors over two shaped
# open-iscsi paths to in-guest LIO. Runs as root inside the vm-run guest
# (`make bench`); about 12 minutes of TCG time with the defaults.
#
# Paths are shaped on the target-side veths (the direction that carries
# read data) with tbf (rate) and a netem child (delay):
#   S1  two equal paths            100 / 100 mbit
#   S2  bandwidth 2:1              100 /  50 mbit
#   S3  one path +5 ms latency     100 / 100 mbit, path 2 +5 ms
#   S4  one path degrading         100 / 100 mbit; at 1/3 of the run path
#                                  2 gets +20 ms and 1 % loss, at 2/3
#                                  +50 ms and 3 % loss (a failing link)
# Workload: fio random 1 MiB direct reads, iodepth 4, over a 256 KiB
# max_sectors_kb, so each read is four requests that the selector may
# spread over both paths and that all must finish (a large sequential
# stream, as in backup or copy). Reported: throughput, p99 completion
# latency, and path 2's share of the bytes (from /sys/block/sdX/stat).
#
# Selectors: the kernel's round-robin, queue-length, service-time, plus
# historical-service-time and io-affinity built from linux-source-6.1
# by scripts/build-kernel-selectors, and ours. weighted-paths gets the
# static weights matching the rates at the start of the run (S2: 2:1).
#
# Environment: DM_PS_RUNTIME (s per run, default 12), DM_PS_RATE (path
# rate, default 100mbit), DM_PS_SCENARIOS ("S1 S2 S3 S4"),
# DM_PS_SELECTORS (space separated names).
source "$(dirname "$0")/../lib/openiscsi.sh"
source "$(dirname "$0")/dm-lib.inc"

runtime=${DM_PS_RUNTIME:-12}
rate=${DM_PS_RATE:-100mbit}
rate_mbit=${rate%mbit}
scenarios=${DM_PS_SCENARIOS:-S1 S2 S3 S4}
kernel_sels="round-robin queue-length service-time historical-service-time io-affinity"
our_sels="round-robin-with-subset weighted-paths least-blocks adaptive"
selectors=${DM_PS_SELECTORS:-$kernel_sels $our_sels}
res=${VM_RUN_DIR:-/tmp}/dm-ps.results
: >"$res"

dm_two_paths --size 256
dm_modules
modprobe dm-round-robin
modprobe dm-queue-length
modprobe dm-service-time
if ks=$("$KISCSI_TOP/scripts/build-kernel-selectors" 2>/dev/null); then
	insmod "$ks/dm-historical-service-time.ko" 2>/dev/null || true
	insmod "$ks/dm-io-affinity.ko" 2>/dev/null || true
	cleanup_push "rmmod dm_historical_service_time dm_io_affinity"
else
	log "could not build historical-service-time/io-affinity; skipping them"
	selectors=$(tr ' ' '\n' <<<"$selectors" |
		grep -vx 'historical-service-time\|io-affinity' | tr '\n' ' ')
fi
for sd in "$DM_SD1" "$DM_SD2"; do
	echo 256 >"/sys/block/$sd/queue/max_sectors_kb"
done

# shape PATH RATE DELAY [LOSS]: tbf at RATE, a netem child adding DELAY
# and LOSS.
shape() {
	kt tc qdisc replace dev "tgt$1" root handle 1: tbf rate "$2" \
		burst 64kb latency 50ms
	kt tc qdisc replace dev "tgt$1" parent 1:1 handle 10: netem \
		delay "$3" loss "${4:-0%}" limit 10000
}
cleanup_push "kt tc qdisc del dev tgt1 root; kt tc qdisc del dev tgt2 root"

scenario_setup() {
	case $1 in
	S1) shape 1 "$rate" 0ms; shape 2 "$rate" 0ms ;;
	S2) shape 1 "$rate" 0ms; shape 2 "$((rate_mbit / 2))mbit" 0ms ;;
	S3) shape 1 "$rate" 0ms; shape 2 "$rate" 5ms ;;
	S4) shape 1 "$rate" 0ms; shape 2 "$rate" 0ms ;;
	esac
}
# Sum of the path limits in MB/s (1e6), as seen at the start of the run.
limit_mbs() {
	case $1 in
	S2) echo "$((rate_mbit * 3 / 2 / 8))" ;;
	*) echo "$((rate_mbit * 2 / 8))" ;;
	esac
}

table_for() {
	local sel=$1 scn=$2 d1=$DM_DEV1 d2=$DM_DEV2
	case $sel in
	service-time) echo "$sel 0 2 2 $d1 1 1 $d2 1 1" ;;
	io-affinity) echo "$sel 0 2 1 $d1 1 $d2 2" ;;
	weighted-paths)
		if [[ $scn == S2 ]]; then
			echo "$sel 0 2 1 $d1 2 $d2 1"
		else
			echo "$sel 0 2 1 $d1 1 $d2 1"
		fi
		;;
	*) echo "$sel 0 2 1 $d1 1 $d2 1" ;;
	esac
}

sd_read_bytes() { awk '{ print $3 * 512 }' "/sys/block/$1/stat"; }

run_one() {
	local scn=$1 sel=$2 j b1 b2 dpid=
	dmsetup create dm_bench --table \
		"0 $DM_SECTORS multipath 1 queue_if_no_path 0 1 1 $(table_for "$sel" "$scn")" ||
		fail "cannot create a table with $sel"
	b1=$(sd_read_bytes "$DM_SD1") b2=$(sd_read_bytes "$DM_SD2")
	if [[ $scn == S4 ]]; then
		(sleep $((runtime / 3)); shape 2 "$rate" 20ms 1%
		 sleep $((runtime / 3)); shape 2 "$rate" 50ms 3%) &
		dpid=$!
	fi
	j=$(mktemp)
	fio --name=bench --filename=/dev/mapper/dm_bench --direct=1 \
		--ioengine=libaio --rw=randread --bs=1M --iodepth=4 \
		--runtime="$runtime" --time_based --output-format=json >"$j" ||
		fail "fio failed with $sel in $scn"
	[[ -n $dpid ]] && wait "$dpid"
	b1=$(($(sd_read_bytes "$DM_SD1") - b1)) b2=$(($(sd_read_bytes "$DM_SD2") - b2))
	python3 - "$j" "$scn" "$sel" "$b1" "$b2" >>"$res" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))["jobs"][0]["read"]
b1, b2 = int(sys.argv[4]), int(sys.argv[5])
p99 = j["clat_ns"]["percentile"]["99.000000"] / 1e6
print(sys.argv[2], sys.argv[3], "%.2f" % (j["bw_bytes"] / 1e6),
      "%.1f" % p99, "%.0f" % (100.0 * b2 / max(b1 + b2, 1)))
PY
	rm -f "$j"
	dmsetup remove --retry dm_bench
	tail -1 "$res" | awk '{ printf "# %-3s %-24s %7s MB/s  p99 %8s ms  path2 %3s%%\n", $1, $2, $3, $4, $5 }'
}
cleanup_push "dmsetup remove --retry dm_bench"

for scn in $scenarios; do
	for sel in $selectors; do
		scenario_setup "$scn"
		run_one "$scn" "$sel"
	done
done

python3 - "$res" "$kernel_sels" "$(limit_mbs S1)" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
kernel = sys.argv[2].split()
limit_s1 = float(sys.argv[3])
scns = []
for r in rows:
    if r[0] not in scns:
        scns.append(r[0])
print()
print("%-4s %-24s %9s %10s %7s" % ("scn", "selector", "MB/s", "p99 ms", "path2"))
for r in rows:
    print("%-4s %-24s %9s %10s %6s%%" % (r[0], r[1], r[2], r[3], r[4]))
print()
print("summary (adaptive vs the best kernel selector by throughput):")
ok = True
for s in scns:
    k = [r for r in rows if r[0] == s and r[1] in kernel]
    a = [r for r in rows if r[0] == s and r[1] == "adaptive"]
    if not k or not a:
        continue
    best = max(k, key=lambda r: float(r[2]))
    ratio = float(a[0][2]) / max(float(best[2]), 1e-9)
    goal = 1.2 if s == "S4" else 1.0
    line = "%s: adaptive %s MB/s p99 %s ms; best kernel %s %s MB/s p99 %s ms; ratio %.2f (goal >= %.2f)" % (
        s, a[0][2], a[0][3], best[1], best[2], best[3], ratio, goal)
    if s == "S1":
        line += "; %.0f%% of the %g MB/s limit (goal >= 90%%)" % (
            100 * float(a[0][2]) / limit_s1, limit_s1)
        ok &= float(a[0][2]) >= 0.9 * limit_s1
    ok &= ratio >= goal * 0.97 if s != "S4" else ratio >= goal
    print(line)
print("goals:", "met" if ok else "NOT met (noise is 7-20 % per run under TCG for equal cases)")
PY
