#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kiscsi vs open-iscsi on the same LIO ramdisk LUN, in one VM boot.
# Odd rounds run the arms in the order given, then open-iscsi; even rounds
# the reverse, so drift in the guest (TCG is noisy: 7-20 %) and any order
# effect hit every arm alike. Each sample is a fresh login
# and three fio jobs: 4k random read QD32, 128k sequential read QD8,
# 128k sequential write QD8. Guest CPU and context switches per I/O come
# from /proc/stat over each job (the ramp included, so they run a little
# high; both initiators alike). The summary gives medians and
# kiscsi/open-iscsi ratios.
#
# Env: BENCH_ROUNDS (default 3), BENCH_RUNTIME seconds per job (20).
# BENCH_JOBS: a subset of the job names to run (default all three), e.g.
# "seqwrite-128k-qd8" for more rounds of one job in the same time.
# BENCH_ARMS: kiscsi variants for a same-boot A/B, space-separated
# NAME[:PARAM=VALUE,...] where each PARAM is a kiscsi module parameter
# written before that arm's login (default "kiscsi": as loaded). Values
# persist into later arms, so give every arm each parameter any arm sets.
# Example: BENCH_ARMS="kiscsi:rx_softirq=1 kiscsi-wq:rx_softirq=0".
# BENCH_PERF=1: a guest-wide CPU profile of each job (perf, cpu-clock:
# TCG has no PMU), its flat top symbols per initiator in
# bench-initiators/profile-WHO-JOB.txt, so the two datapaths' costs can
# be compared symbol by symbol. Sampling costs a few per cent of
# throughput, both initiators alike.
# BENCH_PERF=sched: instead, every context switch of each job with its
# kernel stack (sched:sched_switch -g); profile-WHO-JOB.txt counts them
# per I/O by the task that stopped running and where it blocked, to find
# where one initiator's datapath sleeps or wakes more than the other's.
# Counted over fio's ramp too, as ctx/IO is.
# BENCH_PERF=callers:SYMBOL: a cpu-clock profile with call stacks, and
# for each thread the call chains that reach SYMBOL (e.g. read_hpet, the
# guest's clock: which code reads the time how often), down to 0.5 %.
source "$(dirname "$0")/../lib/kiscsi.sh"
source "$(dirname "$0")/../lib/openiscsi.sh"

rounds=${BENCH_ROUNDS:-3}
runtime=${BENCH_RUNTIME:-20}
out=${VM_RUN_DIR:-/tmp}/bench-initiators
mkdir -p "$out"
: >"$out/samples.tsv"

net_setup 1
lio_setup --luns 1 --size 256 --param InitialR2T=No \
	--param MaxRecvDataSegmentLength=262144 \
	--param MaxXmitDataSegmentLength=262144
modprobe sd_mod
oi_start
modprobe kiscsi
cleanup_push "modprobe -r kiscsi"
# perf's first start reads its binary and libraries over 9p, which took
# most of the first job's run: pay for that before measuring.
[[ -z ${BENCH_PERF:-} ]] || perf record -q -o /dev/null -- true >/dev/null 2>&1 || true
# Tracepoints are found through tracefs, which the guest does not mount.
if [[ ${BENCH_PERF:-} == sched ]] && ! mountpoint -q /sys/kernel/tracing; then
	mount -t tracefs nodev /sys/kernel/tracing
fi

arms=${BENCH_ARMS:-kiscsi}
for arm in $arms; do
	[[ ${arm%%:*} =~ ^kiscsi[a-z0-9-]*$ ]] ||
		fail "BENCH_ARMS: arm name '${arm%%:*}' must start with kiscsi"
done

# arm_params ARM: write the arm's module parameters
arm_params() {
	local kv
	[[ $1 == *:* ]] || return 0
	for kv in ${1#*:}; do
		[[ -w /sys/module/kiscsi/parameters/${kv%%=*} ]] ||
			fail "BENCH_ARMS: no kiscsi parameter '${kv%%=*}'"
		echo "${kv#*=}" >"/sys/module/kiscsi/parameters/${kv%%=*}"
	done
}

busy_jiffies() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

ctxt() {
	awk '/^ctxt / { print $2 }' /proc/stat
}

# profile PERF-DATA TITLE FIO-JSON: the report BENCH_PERF asked for
profile() {
	if [[ $BENCH_PERF == sched ]]; then
		perf script -i "$1" -F comm,event,trace,ip,sym 2>/dev/null |
			python3 "$(dirname "$0")/sched-switches.py" "$2" "$3"
		return
	fi
	if [[ $BENCH_PERF == callers:* ]]; then
		echo "== $2: where ${BENCH_PERF#callers:} is called from"
		perf report -i "$1" --stdio --no-children --sort comm,sym \
			--symbols="${BENCH_PERF#callers:}" -g graph,0.5,callee \
			--max-stack 16 2>&1 | sed -e '/^#/d' -e '/^$/d'
		return
	fi
	echo "== $2: by thread"
	perf report -i "$1" --stdio --no-children --sort comm \
		--percent-limit 1 2>&1 | sed -e '/^#/d' -e '/^$/d'
	echo "== by symbol"
	perf report -i "$1" --stdio --no-children --sort dso,sym \
		--percent-limit 0.5 2>&1 | sed -e '/^#/d' -e '/^$/d'
}

# job NAME DEV INITIATOR FIO-ARGS...: one sample, one line in samples.tsv
job() {
	local name=$1 dev=$2 who=$3 b0 b1 c0 c1 json perfpid
	shift 3
	[[ " ${BENCH_JOBS:-$name} " == *" $name "* ]] || return 0
	json=$out/$who-$name-$RANDOM.json
	b0=$(busy_jiffies)
	c0=$(ctxt)
	if [[ ${BENCH_PERF:-} == sched ]]; then
		perf record -q -e sched:sched_switch -g -a -o "$json.perf" \
			>/dev/null 2>&1 &
		perfpid=$!
	elif [[ ${BENCH_PERF:-} == callers:* ]]; then
		perf record -q -e cpu-clock -F 997 -a -g -o "$json.perf" \
			>/dev/null 2>&1 &
		perfpid=$!
	elif [[ -n ${BENCH_PERF:-} ]]; then
		perf record -q -e cpu-clock -F 997 -a -o "$json.perf" \
			>/dev/null 2>&1 &
		perfpid=$!
	fi
	fio --name="$name" --filename="$dev" --direct=1 --ioengine=libaio \
		--time_based --runtime="$runtime" --ramp_time=2 \
		--output-format=json "$@" >"$json"
	b1=$(busy_jiffies)
	c1=$(ctxt)
	if [[ -n ${BENCH_PERF:-} ]]; then
		# perf exits 130 on the SIGINT that ends its recording.
		kill -INT "$perfpid"
		wait "$perfpid" || true
		# Appended per sample: every round's profile, in order.
		profile "$json.perf" "$who $name $(date +%T)" "$json" \
			>>"$out/profile-$who-$name.txt"
		rm -f "$json.perf"
	fi
	python3 - "$json" "$((b1 - b0))" "$who" "$name" "$((c1 - c0))" \
		>>"$out/samples.tsv" <<'PY'
import json, sys, os
j = json.load(open(sys.argv[1]))["jobs"][0]
busy = int(sys.argv[2]) * 1e6 / os.sysconf("SC_CLK_TCK")  # microseconds
ios = j["read"]["total_ios"] + j["write"]["total_ios"]
iops = j["read"]["iops"] + j["write"]["iops"]
mbs = (j["read"]["bw_bytes"] + j["write"]["bw_bytes"]) / 1e6
ctx = int(sys.argv[5]) / max(ios, 1)
print(f"{sys.argv[3]}\t{sys.argv[4]}\t{iops:.0f}\t{mbs:.1f}\t{busy / max(ios, 1):.1f}\t{ctx:.2f}")
PY
}

sample() {
	local arm=$1 who=${1%%:*} dev
	if [[ $who == kiscsi* ]]; then
		IFS=, arm_params "$arm"
		kiscsi login --portal "$(target_ip 1)" --target "$LIO_IQN" >/dev/null
		ki_wait_disks 1 || fail "kiscsi: no disk"
		dev=/dev/$(ki_disks)
	else
		oi_login "$(target_ip 1)"
		oi_wait_disks "$(target_ip 1)" 1 || fail "open-iscsi: no disk"
		dev=/dev/$(oi_disks_of "$(target_ip 1)")
	fi
	job randread-4k-qd32 "$dev" "$who" --rw=randread --bs=4k --iodepth=32
	job seqread-128k-qd8 "$dev" "$who" --rw=read --bs=128k --iodepth=8
	job seqwrite-128k-qd8 "$dev" "$who" --rw=write --bs=128k --iodepth=8
	if [[ $who == kiscsi* ]]; then
		kiscsi logout --all >/dev/null
	else
		oi_logout >/dev/null
	fi
}

for ((r = 1; r <= rounds; r++)); do
	# Even rounds run the arms in reverse, so with BENCH_ARMS every arm
	# runs both before and after each other one (an A/B whose B always
	# follows A measured an order effect once).
	read -ra order <<<"$arms open-iscsi"
	if ! ((r % 2)); then
		for ((i = 0, j = ${#order[@]} - 1; i < j; i++, j--)); do
			tmp=${order[i]} order[i]=${order[j]} order[j]=$tmp
		done
	fi
	for arm in "${order[@]}"; do
		log "round $r/$rounds: ${arm%%:*}"
		sample "$arm"
	done
done

python3 - "$out/samples.tsv" <<'PY' | tee "$out/summary.txt"
import statistics as st, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
jobs = ["randread-4k-qd32", "seqread-128k-qd8", "seqwrite-128k-qd8"]
jobs = [j for j in jobs if any(r[1] == j for r in rows)]
def med(who, job, col):
    v = [float(r[col]) for r in rows if r[0] == who and r[1] == job]
    return st.median(v), len(v)
arms = sorted({r[0] for r in rows if r[0] != "open-iscsi"},
              key=lambda a: (a != "kiscsi", a))
for arm in arms:
    if len(arms) > 1:
        print(f"== {arm}")
    print(f"{'job':20} {'metric':8} {arm:>10} {'open-iscsi':>11} {'ratio':>7}  (median of n)")
    for job in jobs:
        for col, metric in ((2, "IOPS"), (3, "MB/s"), (4, "us/IO"),
                            (5, "ctx/IO")):
            k, n = med(arm, job, col)
            o, _ = med("open-iscsi", job, col)
            ratio = k / o if o else float("nan")
            if metric in ("us/IO", "ctx/IO"):
                ratio = o / k if k else float("nan")  # >1: kiscsi cheaper
            print(f"{job:20} {metric:8} {k:10.1f} {o:11.1f} {ratio:6.2f}x  (n={n})")
print("ratio: kiscsi/open-iscsi for IOPS and MB/s; open-iscsi/kiscsi for CPU and")
print("context switches per I/O (guest-wide, target included; >1: kiscsi cheaper)")
PY
