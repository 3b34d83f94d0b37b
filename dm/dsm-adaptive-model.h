/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The adaptive selector's model of one path, as pure integer arithmetic:
 * no locks, no clocks, no allocation.  dsm-adaptive.c feeds it one sample
 * per completed I/O and asks it what a new I/O would cost; tests/unit
 * builds the same code in userspace (test_adp_model.c).
 *
 * A sample is (x, r): x the bytes in flight on the path when the I/O
 * started, its own included; r its response time.  The path is modelled
 * as
 *
 *	r = a + b * x
 *
 * a the latency a lone I/O sees, b the time each byte ahead of it adds
 * (the inverse of the path's bandwidth).  The fit is a least-squares line
 * over exponentially weighted samples (weight 1/16 per completion), kept
 * as running mean, variance and covariance (Welford's update, which does
 * not cancel catastrophically as E[x^2] - E[x]^2 would).
 *
 * Why a line, not time per byte: a path whose response time does not
 * grow with its load (latency-bound, or sharing its CPUs with the other
 * paths) has b = 0, so holding fewer I/Os does not make it look slower,
 * which is what starved one of two equal paths when the model was
 * "busy time per byte".  A bandwidth-bound path has a = small, b = 1/B,
 * and the expected delay is service-time's (w + n) / B.
 *
 * The slope is only identifiable while x varies.  A selector that
 * balances well keeps x nearly constant, so when the spread of x is
 * below 1/32 of its mean the last identifiable slope is kept (the first
 * one is 0: an unmeasured path is assumed not to slow down under load
 * until it shows that it does).  b is never negative and never above
 * mean(r) / mean(x), a path whose delay is all queueing.
 *
 * Units and bounds (so that no product overflows 64 bits):
 *	x	in ADP_XUNIT (256) bytes, at most 2^20 (256 MiB in flight)
 *	r	ns, at most 2^34 (~17 s)
 *	cxx	variance, at most 2^41; cxr covariance, |cxr| < 2^55
 *	b8	ns per unit << 8, at most mr / mx << 8 < 2^42
 *	b8 * x	< 2^62
 */
#ifndef DM_DSM_ADAPTIVE_MODEL_H
#define DM_DSM_ADAPTIVE_MODEL_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/types.h>
#else
#include "adp_model_shim.h"	/* tests/unit */
#endif

#define ADP_XUNIT_SHIFT	8		/* x, sizes: 256-byte units */
#define ADP_X_MAX	((s64)BIT_ULL(20))
#define ADP_R_MAX	((s64)BIT_ULL(34))	/* ns */
#define ADP_W_SHIFT	4		/* sample weight 1/16 */
#define ADP_B_SHIFT	8		/* b8: fixed point */
/* x varies enough to fit a slope when var(x) > mean(x)^2 / 2^10 */
#define ADP_CV2_SHIFT	10

struct adp_model {
	bool valid;	/* has at least one sample */
	s64 mx;		/* mean x, units */
	s64 mr;		/* mean r, ns */
	s64 msz;	/* mean request size, units */
	s64 cxx;	/* EW variance of x */
	s64 cxr;	/* EW covariance of x and r */
	u64 b8;		/* slope, ns per unit << ADP_B_SHIFT */
	u64 a;		/* intercept, ns */
};

/* Bytes to model units, at least 1, capped. */
static inline s64 adp_units(u64 bytes)
{
	return clamp_t(s64, bytes >> ADP_XUNIT_SHIFT, 1, ADP_X_MAX);
}

/* Recompute the line's intercept and (when identifiable) slope. */
static inline void adp_model_fit(struct adp_model *m)
{
	u64 bmax = div64_u64((u64)m->mr << ADP_B_SHIFT, max_t(s64, m->mx, 1));
	u64 mx2 = (u64)m->mx * m->mx;

	if (m->cxx > 0 && ((u64)m->cxx << ADP_CV2_SHIFT) > mx2)
		m->b8 = m->cxr > 0 ?
			div64_u64((u64)m->cxr << ADP_B_SHIFT, m->cxx) : 0;
	m->b8 = min(m->b8, bmax);
	m->a = (u64)max_t(s64, m->mr - (s64)((m->b8 * m->mx) >> ADP_B_SHIFT),
			  0);
}

/*
 * Start afresh from one sample, as a probe or a path's first I/O does:
 * what the path was like before says nothing about it now.
 */
static inline void adp_model_reset(struct adp_model *m, s64 x, s64 r, s64 sz)
{
	m->valid = true;
	m->mx = x;
	m->mr = min(r, ADP_R_MAX);
	m->msz = sz;
	m->cxx = 0;
	m->cxr = 0;
	m->b8 = 0;
	adp_model_fit(m);
}

/* Fold in a sample: x and sz in units (adp_units()), r in ns. */
static inline void adp_model_add(struct adp_model *m, s64 x, s64 r, s64 sz)
{
	s64 dx, dr;

	r = min(r, ADP_R_MAX);
	if (!m->valid) {
		adp_model_reset(m, x, r, sz);
		return;
	}
	dx = x - m->mx;
	dr = r - m->mr;
	/* Means move by a sixteenth of the error, rounded to nearest. */
	m->mx += div_s64(dx + (dx < 0 ? -8 : 8), 16);
	m->mr += div_s64(dr + (dr < 0 ? -8 : 8), 16);
	m->msz += div_s64(sz - m->msz + (sz < m->msz ? -8 : 8), 16);
	/* EW (co)variance: c = (1 - 1/16) * (c + d1 * d2 / 16) */
	m->cxx += div_s64(dx * dx, 16);
	m->cxx -= div_s64(m->cxx, 16);
	m->cxr += div_s64(dx * dr, 16);
	m->cxr -= div_s64(m->cxr, 16);
	adp_model_fit(m);
}

/* Expected response time (ns) of an I/O that finds @w units in flight,
 * its own included.
 */
static inline u64 adp_model_expect(const struct adp_model *m, s64 w)
{
	w = clamp_t(s64, w, 1, ADP_X_MAX);
	return m->a + ((m->b8 * (u64)w) >> ADP_B_SHIFT);
}

/*
 * The tail: how much worse than the line a path has recently been.
 *
 * A mean is what throughput needs for one I/O, but a request split over
 * two paths waits for its slowest part, and a lossy path's mean between
 * two retransmission timeouts looks fine.  So a sample slower than twice
 * what the path was expected to take (the larger of the line's value and
 * pure queueing, mean(r) * x / mean(x), so that a flat line fitted to one
 * sample does not call the first loaded I/O a stall) leaves its excess
 * as a penalty added to the path's expected delay.  The penalty halves
 * every ADP_TAIL_HALF_SHIFT of time (linearly within each halving), and
 * at once on each sample within the bound: time alone brings back a path
 * that gets no I/O, and good responses bring back a recovered one fast.
 * The tail survives the restart of the line by a probe: that restart
 * forgets the mean of a stall, not that there were stalls.
 */
#define ADP_TAIL_HALF_SHIFT	30	/* ~1.07 s in ns */

struct adp_tail {
	u64 ns;		/* penalty when noted, ns */
	u64 at;		/* when noted, ns */
};

/* The penalty at @now. */
static inline u64 adp_tail_at(const struct adp_tail *t, u64 now)
{
	u64 age = now > t->at ? now - t->at : 0;
	u64 k = age >> ADP_TAIL_HALF_SHIFT, v;
	u64 frac = age & (BIT_ULL(ADP_TAIL_HALF_SHIFT) - 1);

	if (k >= 63)
		return 0;
	v = t->ns >> k;
	/* v < 2^35, frac < 2^30: no overflow */
	return v - (((v >> 1) * frac) >> ADP_TAIL_HALF_SHIFT);
}

/*
 * Judge a sample (x units in flight, response r ns) against the model
 * as it was before the sample is folded in.
 */
static inline void adp_tail_note(struct adp_tail *t, const struct adp_model *m,
				 s64 x, s64 r, u64 now)
{
	u64 cur, bound;

	if (!m->valid)
		return;
	/* Every completion comes here; a path without a tail has none to age. */
	cur = t->ns ? adp_tail_at(t, now) : 0;
	x = clamp_t(s64, x, 1, ADP_X_MAX);
	r = clamp_t(s64, r, 0, ADP_R_MAX);
	bound = max(adp_model_expect(m, x),
		    div64_u64((u64)m->mr * x, max_t(s64, m->mx, 1)));
	bound *= 2;
	if ((u64)r > bound)
		t->ns = max(cur, (u64)r - bound);
	else
		t->ns = cur >> 1;
	t->at = now;
}

#endif /* DM_DSM_ADAPTIVE_MODEL_H */
