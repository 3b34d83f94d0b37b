#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Context switches per I/O, by who stopped running and where.

Reads `perf script -F comm,event,trace,ip,sym` of a sched:sched_switch
recording with call chains on stdin; argv: a title and fio's JSON output
of the same job (for the I/O count). Prints one line per (task, state,
blocking point), most frequent first, as switches per I/O. The task is
the one switched out, its digits folded (kworker/N:NH), so both vCPUs'
workers add up; the blocking point is the first three frames above the
scheduler; state R means preempted, S or D that it went to sleep.
"""
import collections
import json
import re
import sys

SCHED = re.compile(r"^(__schedule|schedule\w*|io_schedule\w*|"
                   r"preempt_schedule\w*|__cond_resched|_cond_resched|"
                   r"__x64_sys_sched_yield|do_sched_yield|"
                   r"smpboot_thread_fn\.cold)$")


def events(lines):
    """Yield (comm, state, [frames]) per sched_switch record."""
    head, frames = None, []
    for line in lines:
        if not line.strip():
            continue
        if line[0].isspace():
            parts = line.split()
            if len(parts) >= 2:
                frames.append(parts[1].split("+")[0])
            continue
        if head:
            yield head + (frames,)
        m = re.search(r"prev_state=(\S+)", line)
        comm = line.split(" sched:")[0].strip()
        head = (re.sub(r"\d+", "N", comm), m.group(1) if m else "?")
        frames = []
    if head:
        yield head + (frames,)


def main():
    title, fio_json = sys.argv[1], sys.argv[2]
    job = json.load(open(fio_json))["jobs"][0]
    ios = max(job["read"]["total_ios"] + job["write"]["total_ios"], 1)
    count = collections.Counter()
    total = 0
    for comm, state, frames in events(sys.stdin):
        above = [f for f in frames if not SCHED.match(f)][:3]
        count[(comm, state[0], " < ".join(above) or "-")] += 1
        total += 1
    print(f"== {title}: {total} context switches, {ios} I/Os, "
          f"{total / ios:.2f} per I/O")
    for (comm, state, where), n in count.most_common(25):
        if n / ios < 0.02:
            break
        print(f"{n / ios:6.2f}  {comm:16} {state}  {where}")


if __name__ == "__main__":
    main()
