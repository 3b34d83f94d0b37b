// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive: route each I/O to the path where it is expected to finish
 * first, from each path's measured throughput and the bytes it has
 * outstanding; notice a stalling path within milliseconds and probe a
 * path judged slow so that its recovery is noticed too.
 *
 * Table: adaptive <0|1> [<probe_interval>] <#paths> <0|1> [<dev> [<n>]]+
 *   probe_interval  0 disables probing, else 1-1000000 (default 128):
 *                   a valid, idle path not picked in the last
 *                   probe_interval selections gets the next I/O.
 *   <n>             per-path integer from multipath-tools; echoed only.
 *
 * Throughput.  Request-based dm passes end_io the clone's
 * io_start_time_ns only when the queue collects statistics, so nothing
 * here relies on per-request timestamps.  Each path accounts its busy
 * time (time with at least one I/O in flight) and, at every completion,
 * folds the busy time since the previous completion and the completed
 * bytes into two decayed sums (weight 1/8 per completion, shifts only):
 *
 *	S_busy  = S_busy  - S_busy  / 8 + busy since the last completion
 *	S_bytes = S_bytes - S_bytes / 8 + bytes completed
 *
 * S_busy / S_bytes is the path's time per byte over its last ~8
 * completions, weighted by time rather than by sample (a burst of
 * completions after a gap averages out instead of inflating the rate).
 * For a bandwidth-bound path it is the inverse of the link rate; for a
 * latency-bound one it overstates the delay, on the safe side.  Paths
 * that are always busy (a deep queue) converge to their real rates,
 * whatever their latency.
 *
 * Expected delay.  An I/O of n bytes sent to a path with w bytes in
 * flight expects (w + n) * S_busy / S_bytes: the service-time rule, with
 * the relative throughputs measured instead of configured.  With equal
 * paths it balances the bytes in flight; with 2:1 paths it keeps twice
 * the bytes on the faster one, so the parts of a large I/O split over
 * both finish together.
 *
 * Fast reaction.  A path that stalls completes nothing, so a
 * completion-driven average lags.  While a path has I/O in flight, the
 * time since it last made progress (its last completion, or the start
 * of the busy period) bounds its time per byte from below: had it run at
 * its estimated rate it would have completed its oldest request, of
 * about the average size, by then.  Selection uses the larger of the
 * estimate and half that bound (half: completions come in bursts), so a
 * stalled path looks worse within about two of its usual completion
 * gaps.  A path without a sample yet (new or reinstated) borrows the
 * estimate of the best known path: optimistic, and corrected by the
 * pending term within milliseconds if wrong.  Ties rotate.
 *
 * Probing.  A path judged slow stops getting I/O and so stops producing
 * samples; it would never be seen to recover.  Hence the probe: at most
 * one I/O per probe_interval selections goes to an idle path that has
 * not been picked for that long.  The probe's completion replaces the
 * path's sums instead of adding to them: with the 1/8 decay, one stall
 * of seconds would otherwise outweigh dozens of good probes, and a path
 * that got one bad early sample would be left with probes only (seen on
 * a slow debug kernel: two equal paths split 7:993).
 *
 * Units: time per KiB in ns (capped at 2^34), bytes in flight in KiB
 * (capped at 2^26), so the delay products stay below 2^60.
 *
 * Lock order: dsm_selector.lock, then dsm_path.lock (reinstate only).
 */

#include <linux/bits.h>
#include <linux/device-mapper.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>

#include "dsm.h"

#define DM_MSG_PREFIX		"multipath adaptive"

#define ADP_DECAY_SHIFT		3	/* decay per completion: 1/8 */
#define ADP_N_SHIFT		8	/* ewma_n fixed point */
#define ADP_BUSY_MAX		BIT_ULL(36)	/* ns per completion, ~69 s */
#define ADP_NPK_MAX		BIT_ULL(34)	/* ns per KiB, ~17 s */
#define ADP_KIB_MAX		BIT_ULL(26)
#define ADP_PROBE_DEFAULT	128
#define ADP_PROBE_MAX		1000000
#define ADP_ARG_MAX		1000000

/* Path lock held: account busy time up to @now. */
static void adp_advance(struct dsm_path *p, u64 now)
{
	if (p->nr_inflight && now > p->last_ts)
		WRITE_ONCE(p->busy_ns, p->busy_ns + now - p->last_ts);
	WRITE_ONCE(p->last_ts, now);
}

static void adp_start_io(struct dsm_selector *s, struct dsm_path *p,
			 size_t nr_bytes)
{
	u64 now = ktime_get_ns();
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	adp_advance(p, now);
	if (!p->nr_inflight)
		WRITE_ONCE(p->prog_ts, now);
	WRITE_ONCE(p->nr_inflight, p->nr_inflight + 1);
	spin_unlock_irqrestore(&p->lock, flags);
}

static void adp_end_io(struct dsm_selector *s, struct dsm_path *p,
		       size_t nr_bytes)
{
	u64 now = ktime_get_ns();
	unsigned long flags;
	u64 busy;

	spin_lock_irqsave(&p->lock, flags);
	adp_advance(p, now);
	busy = min(max(p->busy_ns, 1ULL), ADP_BUSY_MAX);
	WRITE_ONCE(p->busy_ns, 0);
	WRITE_ONCE(p->prog_ts, now);
	if (p->nr_inflight)
		WRITE_ONCE(p->nr_inflight, p->nr_inflight - 1);

	if (p->remeasure) {
		/* A probe: its sample alone, at the sums' steady-state scale. */
		p->remeasure = false;
		WRITE_ONCE(p->ewma_busy, busy << ADP_DECAY_SHIFT);
		WRITE_ONCE(p->ewma_bytes,
			   max_t(u64, nr_bytes, 1) << ADP_DECAY_SHIFT);
		WRITE_ONCE(p->ewma_n, BIT(ADP_N_SHIFT + ADP_DECAY_SHIFT));
	} else {
		WRITE_ONCE(p->ewma_busy, p->ewma_busy -
			   (p->ewma_busy >> ADP_DECAY_SHIFT) + busy);
		WRITE_ONCE(p->ewma_bytes, p->ewma_bytes -
			   (p->ewma_bytes >> ADP_DECAY_SHIFT) +
			   max_t(u64, nr_bytes, 1));
		WRITE_ONCE(p->ewma_n, p->ewma_n -
			   (p->ewma_n >> ADP_DECAY_SHIFT) + BIT(ADP_N_SHIFT));
	}
	spin_unlock_irqrestore(&p->lock, flags);
}

/*
 * The path's time per KiB (ns) that selection works with: the measured
 * one, raised to half the bound given by the time since the path last
 * made progress when that is larger; 0 when the path has no sample.
 * Reads without the path lock; see struct dsm_path.
 */
static u64 adp_npk(struct dsm_path *p, u64 now)
{
	u64 busy = READ_ONCE(p->ewma_busy);
	u64 bytes = READ_ONCE(p->ewma_bytes);
	u32 n = READ_ONCE(p->ewma_n);
	u64 npk, req, since;

	if (!busy || !bytes || !n)
		return 0;
	npk = min(div64_u64(busy << 10, bytes), ADP_NPK_MAX);

	if (READ_ONCE(p->nr_inflight)) {
		/* average request size in bytes, times two */
		req = div_u64(bytes << (ADP_N_SHIFT + 1), n);
		since = READ_ONCE(p->prog_ts);
		since = now > since ? now - since : 0;
		since = min(since, ADP_BUSY_MAX);
		npk = max(npk, div64_u64(since << 10, max(req, 1ULL)));
	}

	return clamp(npk, 1ULL, ADP_NPK_MAX);
}

/* KiB in flight on @p once @nr_bytes more are sent to it. */
static u64 adp_kib(struct dsm_path *p, size_t nr_bytes)
{
	s64 inflight = atomic64_read(&p->inflight_bytes);
	u64 kib = ((u64)max(inflight, 0LL) + nr_bytes + 1023) >> 10;

	return min(max(kib, 1ULL), ADP_KIB_MAX);
}

/* The idle path picked longest ago, if that is over probe_interval ago. */
static struct dsm_path *adp_probe(struct dsm_selector *s)
{
	struct dsm_path *p, *stale = NULL;

	list_for_each_entry(p, &s->valid_paths, list) {
		if (s->nr_selects - p->last_pick <= s->probe_interval ||
		    READ_ONCE(p->nr_inflight))
			continue;
		if (!stale || p->last_pick < stale->last_pick)
			stale = p;
	}

	return stale;
}

/* Called with s->lock held and valid_paths non-empty. */
static struct dsm_path *adp_select(struct dsm_selector *s, size_t nr_bytes)
{
	struct dsm_path *p, *best = NULL;
	u64 now = ktime_get_ns();
	u64 npk, ref = 0, delay, best_delay = 0;
	unsigned long flags;

	s->nr_selects++;
	if (s->probe_interval) {
		best = adp_probe(s);
		if (best) {
			spin_lock_irqsave(&best->lock, flags);
			best->remeasure = true;
			spin_unlock_irqrestore(&best->lock, flags);
			goto out;
		}
	}

	/* ref: the lowest time per KiB of a path with a sample. */
	list_for_each_entry(p, &s->valid_paths, list) {
		npk = adp_npk(p, now);
		if (npk && (!ref || npk < ref))
			ref = npk;
	}

	list_for_each_entry(p, &s->valid_paths, list) {
		npk = adp_npk(p, now) ?: ref ?: 1;
		delay = npk * adp_kib(p, nr_bytes);
		if (!best || delay < best_delay) {
			best = p;
			best_delay = delay;
		}
	}

out:
	best->last_pick = s->nr_selects;
	list_move_tail(&best->list, &s->valid_paths);
	return best;
}

/* Called with s->lock held: forget what the path was like before. */
static void adp_reinstate(struct dsm_selector *s, struct dsm_path *p)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	WRITE_ONCE(p->ewma_busy, 0);
	WRITE_ONCE(p->ewma_bytes, 0);
	WRITE_ONCE(p->ewma_n, 0);
	WRITE_ONCE(p->busy_ns, 0);
	p->remeasure = false;
	spin_unlock_irqrestore(&p->lock, flags);
	p->last_pick = s->nr_selects;
}

static int adp_parse(struct dsm_selector *s, unsigned int argc, char **argv)
{
	char dummy;

	s->probe_interval = ADP_PROBE_DEFAULT;
	if (argc > 1) {
		DMERR("too many selector arguments (expected 0 or 1), got %u",
		      argc);
		return -EINVAL;
	}
	if (argc == 1 &&
	    (sscanf(argv[0], "%u%c", &s->probe_interval, &dummy) != 1 ||
	     s->probe_interval > ADP_PROBE_MAX)) {
		DMERR("invalid probe interval '%s' (expected 0-%u)",
		      argv[0], ADP_PROBE_MAX);
		return -EINVAL;
	}
	s->nr_sel_args = argc;

	return 0;
}

static unsigned int adp_status_info(struct dsm_selector *s,
				    struct dsm_path *p, char *result,
				    unsigned int maxlen)
{
	u64 npk = adp_npk(p, ktime_get_ns());
	u64 n = READ_ONCE(p->ewma_n);
	unsigned int sz = 0;
	u64 req;

	/* What selection expects for a new I/O of the average size. */
	req = n ? div64_u64(READ_ONCE(p->ewma_bytes) << ADP_N_SHIFT, n) : 0;
	DMEMIT("%llu ", div_u64(npk * adp_kib(p, req), NSEC_PER_USEC));
	return sz;
}

static int adp_create(struct path_selector *ps, unsigned int argc,
		      char **argv)
{
	return dsm_create(ps, &dsm_adaptive_policy, argc, argv);
}

struct dsm_policy dsm_adaptive_policy = {
	.pst = {
		.name		= "adaptive",
		.info_args	= 4,
		.create		= adp_create,
		DSM_PST_OPS,
	},
	.arg_max	= ADP_ARG_MAX,
	.arg_default	= 1,
	.err_argc	= "adaptive ps: too many path arguments (expected 0 or 1)",
	.err_arg	= "adaptive ps: invalid path argument (expected 0-1000000)",
	.parse		= adp_parse,
	.select		= adp_select,
	.start_io	= adp_start_io,
	.end_io		= adp_end_io,
	.reinstate	= adp_reinstate,
	.status_info	= adp_status_info,
};
