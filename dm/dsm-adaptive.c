// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive: route each I/O to the path with the smallest expected delay,
 * from a measured per-path service time and the bytes outstanding.
 *
 * Table: adaptive <0|1> [<probe_interval>] <#paths> <0|1> [<dev> [<n>]]+
 *   probe_interval  0 disables probing, else 1-1000000 (default 128):
 *                   a valid, idle path not picked in the last
 *                   probe_interval selections gets the next I/O.
 *   <n>             per-path integer from multipath-tools; echoed only.
 *
 * Service time without timestamps.  Request-based dm passes end_io the
 * clone's io_start_time_ns, which blk-mq fills in only when the queue
 * collects statistics; it is 0 otherwise.  So each path integrates its
 * own queue length instead:
 *
 *	area += nr_inflight * (now - last_ts)	(at every start and end)
 *
 * and each completion takes the area accumulated since the previous one
 * as its sample.  By Little's law the mean of these samples is exactly
 * the mean time T an I/O spends on the path, whatever the completion
 * order.  A second EWMA tracks W, the sectors in flight seen by each
 * completion.  Both use weight 1/4 and shifts only:
 *
 *	est = est - est / 4 + sample / 4
 *
 * Expected delay.  T / W is the path's time per outstanding sector (the
 * inverse of its throughput when bandwidth-bound; for a latency-bound
 * path it overstates the delay, on the safe side), so an I/O of n
 * sectors sent to a path with w sectors outstanding expects
 *
 *	delay = T * (w + n) / W
 *
 * Two paths are compared by cross-multiplying, so selection divides
 * nothing.  Multiplying T by the queue length instead (as
 * historical-service-time does) would count queueing twice, since T
 * already contains it, and push I/O onto a slow path whenever a burst
 * lengthens the fast path's queue.  Units are chosen so that the product
 * fits in 64 bits: T in 1024 ns units capped at 2^24, sectors capped at
 * 2^18, W in 1/16 sectors capped at 2^20.
 *
 * Fast reaction.  A path that slows down completes nothing, so a
 * completion-driven EWMA would lag.  While a path has I/O in flight,
 * the area accumulated since its last completion is a lower bound of
 * its next sample; selection uses max(est, pending / 2), so a stalled
 * path looks worse within a couple of service times, i.e. milliseconds.
 * A path without a sample yet (new or reinstated) borrows the estimate
 * of the best known path: optimistic, and corrected by the pending term
 * within milliseconds if wrong.  Ties rotate.
 *
 * Probing.  A path judged slow stops getting I/O and so stops producing
 * samples; it would never be seen to recover.  Hence the probe: at most
 * one I/O per probe_interval selections goes to an idle path that has
 * not been picked for that long.
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

#define ADP_EWMA_SHIFT		2	/* weight of a new sample: 1/4 */
#define ADP_EST_MAX		BIT_ULL(36)	/* ns, ~69 s */
#define ADP_EST_SHIFT		10	/* compare T in ~us */
#define ADP_EST_CMP_MAX		BIT_ULL(24)
#define ADP_SECTORS_MAX		BIT_ULL(18)
#define ADP_WBAR_SHIFT		4	/* W in 1/16 sectors */
#define ADP_WBAR_MAX		BIT_ULL(20)
#define ADP_PROBE_DEFAULT	128
#define ADP_PROBE_MAX		1000000
#define ADP_ARG_MAX		1000000

/* Path lock held: integrate the queue length up to @now. */
static void adp_advance(struct dsm_path *p, u64 now)
{
	if (now > p->last_ts)
		WRITE_ONCE(p->area, p->area + (u64)p->nr_inflight *
			   (now - p->last_ts));
	WRITE_ONCE(p->last_ts, now);
}

static void adp_start_io(struct dsm_selector *s, struct dsm_path *p,
			 size_t nr_bytes)
{
	u64 now = ktime_get_ns();
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	adp_advance(p, now);
	WRITE_ONCE(p->nr_inflight, p->nr_inflight + 1);
	spin_unlock_irqrestore(&p->lock, flags);
}

static void adp_end_io(struct dsm_selector *s, struct dsm_path *p,
		       size_t nr_bytes)
{
	s64 inflight = atomic64_read(&p->inflight_bytes) + nr_bytes;
	u64 w = (u64)max(inflight, 0LL) >> (SECTOR_SHIFT - ADP_WBAR_SHIFT);
	u64 now = ktime_get_ns();
	unsigned long flags;
	u64 sample, est;

	w = clamp(w, 1ULL << ADP_WBAR_SHIFT, ADP_WBAR_MAX);
	spin_lock_irqsave(&p->lock, flags);
	adp_advance(p, now);
	sample = min(max(p->area, 1ULL), ADP_EST_MAX);
	WRITE_ONCE(p->area, 0);
	if (p->nr_inflight)
		WRITE_ONCE(p->nr_inflight, p->nr_inflight - 1);

	est = p->est_ns;
	if (est)
		est = est - (est >> ADP_EWMA_SHIFT) +
		      (sample >> ADP_EWMA_SHIFT);
	else
		est = sample;
	WRITE_ONCE(p->est_ns, est);
	if (p->wbar)
		w = p->wbar - (p->wbar >> ADP_EWMA_SHIFT) + (w >> ADP_EWMA_SHIFT);
	WRITE_ONCE(p->wbar, w);
	spin_unlock_irqrestore(&p->lock, flags);
}

/*
 * The estimate select_path works with: the EWMA, raised to half the
 * area pending since the last completion when that is larger.  Reads
 * without the path lock; see struct dsm_path.
 */
static u64 adp_effective_est(struct dsm_path *p, u64 now)
{
	u64 est = READ_ONCE(p->est_ns);
	u32 n = READ_ONCE(p->nr_inflight);
	u64 last, pending;

	if (!n)
		return est;

	last = READ_ONCE(p->last_ts);
	pending = READ_ONCE(p->area);
	if (now > last)
		pending += (u64)n * (now - last);
	pending >>= 1;

	return min(max(est, pending), ADP_EST_MAX);
}

/* Sectors in flight on @p once @nr_bytes more are sent to it. */
static u64 adp_sectors(struct dsm_path *p, size_t nr_bytes)
{
	s64 inflight = atomic64_read(&p->inflight_bytes);
	u64 sectors = ((u64)max(inflight, 0LL) + nr_bytes) >> SECTOR_SHIFT;

	return min(sectors + 1, ADP_SECTORS_MAX);
}

/*
 * Is the expected delay on @a lower than on @b?  snap_est * sectors /
 * snap_wbar compared by cross-multiplying; all factors are capped so
 * each product stays below 2^62.
 */
static bool adp_less(struct dsm_path *a, u64 sa, struct dsm_path *b, u64 sb)
{
	return a->snap_est * sa * b->snap_wbar < b->snap_est * sb * a->snap_wbar;
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
	struct dsm_path *p, *best = NULL, *ref = NULL;
	u64 now = ktime_get_ns();
	u64 sectors, best_sectors = 0;

	s->nr_selects++;
	if (s->probe_interval) {
		best = adp_probe(s);
		if (best)
			goto out;
	}

	/* Snapshot the estimates; ref: the fastest path with a sample. */
	list_for_each_entry(p, &s->valid_paths, list) {
		p->snap_est = min(adp_effective_est(p, now) >> ADP_EST_SHIFT,
				  ADP_EST_CMP_MAX);
		p->snap_wbar = max(READ_ONCE(p->wbar), 1ULL << ADP_WBAR_SHIFT);
		if (p->snap_est && (!ref || adp_less(p, 1, ref, 1)))
			ref = p;
	}

	list_for_each_entry(p, &s->valid_paths, list) {
		if (!p->snap_est && ref) {
			p->snap_est = ref->snap_est;
			p->snap_wbar = ref->snap_wbar;
		}
		sectors = adp_sectors(p, nr_bytes);
		if (!best || adp_less(p, sectors, best, best_sectors)) {
			best = p;
			best_sectors = sectors;
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
	WRITE_ONCE(p->est_ns, 0);
	WRITE_ONCE(p->wbar, 0);
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
	unsigned int sz = 0;

	DMEMIT("%llu ", div_u64(adp_effective_est(p, ktime_get_ns()),
				NSEC_PER_USEC));
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
