// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive: send each I/O to the path where it is expected to finish
 * first, from a model of each path fitted to its measured response
 * times; notice a stalling path within one of its response times, and
 * probe a path judged slow so that its recovery is noticed too.
 *
 * Table: adaptive <0|1> [<probe_interval>] <#paths> <0|1> [<dev> [<n>]]+
 *   probe_interval  0 disables probing, else 1-1000000 (default 128):
 *                   a valid, idle path not picked in the last
 *                   probe_interval selections gets the next I/O.
 *   <n>             per-path integer from multipath-tools; echoed only.
 *
 * Response times.  Request-based dm passes end_io the clone's
 * io_start_time_ns only when the queue collects statistics, so each path
 * times its own I/Os: start_io appends (now, bytes in flight) to a ring,
 * end_io takes the oldest entry.  When completions come back out of
 * order a sample is attributed to the wrong I/O, but every start and
 * every completion time is used exactly once, so the mean response time
 * is exact; on one TCP connection completions are nearly in order
 * anyway.  Beyond ADP_RING I/Os in flight on one path the newest go
 * untimed.
 *
 * Model.  dsm-adaptive-model.h fits r = a + b * x per path (x: bytes in
 * flight when an I/O started, its own included) and explains why a line
 * rather than a time per byte: a path whose latency does not grow with
 * its load must not look slower for holding fewer I/Os.
 *
 * Expected delay of an I/O of n bytes on a path with w bytes in flight:
 *
 *	E = max(a + b * (w + n) + tail, age of the path's oldest outstanding I/O)
 *
 * a + b * (w + n) is service-time's rule for a bandwidth-bound path and a
 * constant for a latency-bound one.  The tail (dsm-adaptive-model.h) is
 * what the path's recent stalls cost beyond the line, decaying with time
 * and with good responses: a lossy path is judged by what its slowest
 * I/Os cost a request split over two paths, not by its mean between two
 * retransmission timeouts.  The age of the oldest I/O reacts to a stall at
 * once, without waiting for a completion: an I/O queued behind one that
 * has been outstanding for t is not expected to finish sooner than t
 * from now.  A path with no sample yet (new or reinstated) borrows the
 * lowest a of the others: optimistic, and corrected within its first
 * response time.
 *
 * Choice.  The lowest E wins; paths within 1/16 of it count as equal and
 * the one with the fewest bytes in flight among them wins (then the one
 * picked longest ago): equal latency-bound paths share the load instead
 * of following noise.
 *
 * Probing.  A path judged slow gets no I/O and so no samples; it would
 * never be seen to recover.  At most one I/O per probe_interval
 * selections goes to an idle path that has not been picked for that
 * long, and its completion restarts the path's line from that sample
 * alone: a stall of seconds would otherwise outweigh many good probes.
 * The tail is kept, and a good probe halves it.
 *
 * Lock order: dsm_selector.lock, then adp_path.lock (reinstate only).
 */

#include <linux/device-mapper.h>
#include <linux/ktime.h>
#include <linux/module.h>

#include "dsm.h"
#include "dsm-adaptive-model.h"

#define DM_MSG_PREFIX		"multipath adaptive"

#define ADP_RING		256	/* timed I/Os in flight per path */
#define ADP_PROBE_DEFAULT	128
#define ADP_PROBE_MAX		1000000
#define ADP_ARG_MAX		1000000
#define ADP_BAND_SHIFT		4	/* within 1/16 of the best: equal */

struct adp_path {
	/*
	 * Protects the ring, @untimed, @remeasure, @m and @tail against start_io
	 * and end_io on other CPUs (irqsave: end_io may run in interrupt
	 * context).  Selection reads only the published values below, with
	 * READ_ONCE and without the lock: a stale one skews one decision.
	 */
	spinlock_t lock;
	struct adp_model m;
	struct adp_tail tail;
	bool remeasure;		/* the next sample restarts @m */
	u32 head;		/* ring index of the oldest timed I/O */
	u32 count;		/* timed I/Os in the ring */
	u32 untimed;		/* I/Os started while the ring was full */
	u64 start_ns[ADP_RING];
	u32 x[ADP_RING];	/* units in flight at start, own included */

	/* Published by end_io/start_io for selection. */
	bool valid;		/* @a and @b8 hold a fitted model */
	u64 a;			/* ns */
	u64 b8;			/* ns per unit << ADP_B_SHIFT */
	u64 msz;		/* mean request size, units */
	u64 tail_ns;		/* @tail.ns */
	u64 tail_at;		/* @tail.at */
	u64 oldest;		/* start of the oldest timed I/O in flight, 0 */

	u64 last_pick;		/* under dsm_selector.lock */
	u64 est;		/* this selection's E, under dsm_selector.lock */
};

static struct adp_path *adp(struct dsm_path *p)
{
	return (struct adp_path *)p->priv;
}

static void adp_add_path(struct dsm_selector *s, struct dsm_path *p)
{
	struct adp_path *ap = adp(p);

	spin_lock_init(&ap->lock);
	ap->last_pick = s->nr_selects;
}

static void adp_start_io(struct dsm_selector *s, struct dsm_path *p,
			 size_t nr_bytes)
{
	struct adp_path *ap = adp(p);
	/* The common counters already include this I/O. */
	s64 x = adp_units(max_t(s64, atomic64_read(&p->inflight_bytes), 0));
	u64 now = ktime_get_ns();
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&ap->lock, flags);
	if (ap->count < ADP_RING) {
		i = (ap->head + ap->count) % ADP_RING;
		ap->start_ns[i] = now;
		ap->x[i] = x;
		if (!ap->count++)
			WRITE_ONCE(ap->oldest, now);
	} else {
		ap->untimed++;
	}
	spin_unlock_irqrestore(&ap->lock, flags);
}

static void adp_end_io(struct dsm_selector *s, struct dsm_path *p,
		       size_t nr_bytes)
{
	struct adp_path *ap = adp(p);
	s64 sz = adp_units(nr_bytes);
	u64 now = ktime_get_ns();
	unsigned long flags;
	u64 start, r;
	s64 x;

	spin_lock_irqsave(&ap->lock, flags);
	if (!ap->count) {
		if (ap->untimed)
			ap->untimed--;
		goto out;
	}
	start = ap->start_ns[ap->head];
	x = ap->x[ap->head];
	ap->head = (ap->head + 1) % ADP_RING;
	ap->count--;
	WRITE_ONCE(ap->oldest, ap->count ? ap->start_ns[ap->head] : 0);

	r = now > start ? now - start : 0;
	adp_tail_note(&ap->tail, &ap->m, x, r, now);
	if (ap->remeasure) {
		ap->remeasure = false;
		adp_model_reset(&ap->m, x, r, sz);
	} else {
		adp_model_add(&ap->m, x, r, sz);
	}
	WRITE_ONCE(ap->tail_ns, ap->tail.ns);
	WRITE_ONCE(ap->tail_at, ap->tail.at);
	WRITE_ONCE(ap->a, ap->m.a);
	WRITE_ONCE(ap->b8, ap->m.b8);
	WRITE_ONCE(ap->msz, ap->m.msz);
	WRITE_ONCE(ap->valid, true);
out:
	spin_unlock_irqrestore(&ap->lock, flags);
}

/* The path's published tail penalty at @now (see adp_tail_at()). */
static u64 adp_tail_now(struct adp_path *ap, u64 now)
{
	struct adp_tail tail = { .ns = READ_ONCE(ap->tail_ns) };

	if (!tail.ns)
		return 0;
	tail.at = READ_ONCE(ap->tail_at);
	return adp_tail_at(&tail, now);
}

/*
 * Expected response time (ns) of an I/O of @nr_bytes sent to @p now;
 * @ref stands in for the latency of a path that has no model yet.
 */
static u64 adp_expect(struct dsm_path *p, u64 now, size_t nr_bytes, u64 ref)
{
	struct adp_path *ap = adp(p);
	s64 w = max_t(s64, atomic64_read(&p->inflight_bytes), 0) + nr_bytes;
	u64 oldest = READ_ONCE(ap->oldest);
	u64 e = ref;

	if (READ_ONCE(ap->valid)) {
		w = adp_units(w);
		e = READ_ONCE(ap->a) + ((READ_ONCE(ap->b8) * (u64)w) >>
					ADP_B_SHIFT);
	}
	e += adp_tail_now(ap, now);
	if (oldest && now > oldest)
		e = max(e, now - oldest);
	return e;
}

/* The idle path picked longest ago, if that is over probe_interval ago. */
static struct dsm_path *adp_probe(struct dsm_selector *s)
{
	struct dsm_path *p, *stale = NULL;

	list_for_each_entry(p, &s->valid_paths, list) {
		if (s->nr_selects - adp(p)->last_pick <= s->probe_interval ||
		    atomic64_read(&p->inflight_bytes) > 0)
			continue;
		if (!stale || adp(p)->last_pick < adp(stale)->last_pick)
			stale = p;
	}

	return stale;
}

/* Called with s->lock held and valid_paths non-empty. */
static struct dsm_path *adp_select(struct dsm_selector *s, size_t nr_bytes)
{
	struct dsm_path *p, *best = NULL;
	u64 now = ktime_get_ns();
	u64 e, best_e = 0, limit, ref = 0;
	s64 fewest = 0, w;
	unsigned long flags;

	s->nr_selects++;
	if (s->probe_interval) {
		best = adp_probe(s);
		if (best) {
			spin_lock_irqsave(&adp(best)->lock, flags);
			adp(best)->remeasure = true;
			spin_unlock_irqrestore(&adp(best)->lock, flags);
			goto out;
		}
	}

	/* ref: the lowest latency of a path with a model. */
	list_for_each_entry(p, &s->valid_paths, list) {
		if (READ_ONCE(adp(p)->valid) &&
		    (!ref || READ_ONCE(adp(p)->a) < ref))
			ref = max(READ_ONCE(adp(p)->a), 1ULL);
	}

	list_for_each_entry(p, &s->valid_paths, list) {
		e = adp_expect(p, now, nr_bytes, ref);
		adp(p)->est = e;
		if (!best || e < best_e) {
			best = p;
			best_e = e;
		}
	}

	/*
	 * Near-equal paths: the fewest bytes in flight, then list order.
	 * The band compares the estimates computed once above: recomputed,
	 * they would move under us (start_io and end_io on other CPUs) and
	 * could leave the band empty.
	 */
	limit = best_e + (best_e >> ADP_BAND_SHIFT);
	best = NULL;
	list_for_each_entry(p, &s->valid_paths, list) {
		if (adp(p)->est > limit)
			continue;
		w = atomic64_read(&p->inflight_bytes);
		if (!best || w < fewest) {
			best = p;
			fewest = w;
		}
	}

out:
	adp(best)->last_pick = s->nr_selects;
	list_move_tail(&best->list, &s->valid_paths);
	return best;
}

/* Called with s->lock held: forget what the path was like before. */
static void adp_reinstate(struct dsm_selector *s, struct dsm_path *p)
{
	struct adp_path *ap = adp(p);
	unsigned long flags;

	spin_lock_irqsave(&ap->lock, flags);
	ap->m.valid = false;
	ap->remeasure = false;
	ap->tail.ns = 0;
	WRITE_ONCE(ap->valid, false);
	WRITE_ONCE(ap->tail_ns, 0);
	spin_unlock_irqrestore(&ap->lock, flags);
	ap->last_pick = s->nr_selects;
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

/*
 * <est us> <lat us> <ns per KiB> <tail us>: the delay selection expects
 * for a new I/O of the path's mean request size, the model's a and b (0 0
 * 0 before the path's first completion), and the tail penalty now (part
 * of est: why a path that looks fast is avoided).
 */
static unsigned int adp_status_info(struct dsm_selector *s,
				    struct dsm_path *p, char *result,
				    unsigned int maxlen)
{
	struct adp_path *ap = adp(p);
	u64 now = ktime_get_ns(), est = 0;
	unsigned int sz = 0;

	if (READ_ONCE(ap->valid))
		est = adp_expect(p, now,
				 READ_ONCE(ap->msz) << ADP_XUNIT_SHIFT, 0);
	DMEMIT("%llu %llu %llu %llu ", div_u64(est, NSEC_PER_USEC),
	       div_u64(READ_ONCE(ap->a), NSEC_PER_USEC),
	       /* a unit is 256 bytes: four to a KiB */
	       (READ_ONCE(ap->b8) << 2) >> ADP_B_SHIFT,
	       div_u64(adp_tail_now(ap, now), NSEC_PER_USEC));
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
		.info_args	= 7,
		.create		= adp_create,
		DSM_PST_OPS,
	},
	.arg_max	= ADP_ARG_MAX,
	.arg_default	= 1,
	.path_priv	= sizeof(struct adp_path),
	.err_argc	= "adaptive ps: too many path arguments (expected 0 or 1)",
	.err_arg	= "adaptive ps: invalid path argument (expected 0-1000000)",
	.parse		= adp_parse,
	.select		= adp_select,
	.start_io	= adp_start_io,
	.end_io		= adp_end_io,
	.add_path	= adp_add_path,
	.reinstate	= adp_reinstate,
	.status_info	= adp_status_info,
};
