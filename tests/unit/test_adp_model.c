// SPDX-License-Identifier: GPL-2.0
/*
 * The adaptive path selector's model (dm/dsm-adaptive-model.h): what it
 * learns from synthetic paths, and that its arithmetic stays in range.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../dm/dsm-adaptive-model.h"
#include "tap.h"

#define KIB	4	/* model units (256 bytes) per KiB */
#define MS	1000000LL

/* Feed @n samples of a pipe: r = lat + x * per_unit (+ noise). */
static void feed(struct adp_model *m, int n, s64 lat, s64 per_unit,
		 s64 xlo, s64 xhi, s64 noise)
{
	for (int i = 0; i < n; i++) {
		s64 x = xlo + (xhi > xlo ? rand() % (xhi - xlo + 1) : 0);
		s64 r = lat + x * per_unit + (noise ? rand() % noise : 0);

		adp_model_add(m, x, r, 64 * KIB);
	}
}

static bool near(u64 got, u64 want, u64 pct)
{
	u64 d = got > want ? got - want : want - got;

	return d * 100 <= want * pct;
}

int main(void)
{
	struct adp_model m = { 0 }, l = { 0 };
	u64 e1, e2, b;

	srand(1);

	/* A bandwidth-bound path: 50 Mbit/s is ~40 us per 256 bytes. */
	feed(&m, 400, 2 * MS, 40000, 256 * KIB, 2048 * KIB, 0);
	tap_ok(near((m.b8 >> ADP_B_SHIFT), 40000, 2),
	       "bandwidth-bound: slope %llu ns/unit ~ 40000",
	       (unsigned long long)(m.b8 >> ADP_B_SHIFT));
	tap_ok(near(m.a, 2 * MS, 10), "bandwidth-bound: latency %llu ns ~ 2 ms",
	       (unsigned long long)m.a);
	e1 = adp_model_expect(&m, 1024 * KIB);
	e2 = adp_model_expect(&m, 2048 * KIB);
	tap_ok(e2 > e1 && near(e2 - e1, 1024 * KIB * 40000ULL, 3),
	       "bandwidth-bound: twice the bytes ahead, one more transfer time");

	/* A latency-bound path: 10 ms whatever it holds, 1 ms of noise. */
	feed(&l, 400, 10 * MS, 0, 4 * KIB, 64 * KIB, MS);
	e1 = adp_model_expect(&l, 4 * KIB);
	e2 = adp_model_expect(&l, 64 * KIB);
	tap_ok(near(e1, 10 * MS + MS / 2, 10) && near(e2, e1, 10),
	       "latency-bound: holding more does not look slower (%llu, %llu ns)",
	       (unsigned long long)e1, (unsigned long long)e2);

	/* x stops varying (a well-balanced path): the slope is kept. */
	feed(&m, 200, 2 * MS, 40000, 1024 * KIB, 1024 * KIB, 0);
	b = m.b8 >> ADP_B_SHIFT;
	tap_ok(m.cxx << ADP_CV2_SHIFT <= (s64)(m.mx * m.mx) && near(b, 40000, 2),
	       "constant load: slope unidentifiable, last one kept (%llu)",
	       (unsigned long long)b);
	tap_ok(adp_model_expect(&m, 2048 * KIB) > adp_model_expect(&m, 1024 * KIB),
	       "constant load: more bytes ahead still cost more");

	/* A first sample gives a flat line: optimistic until it varies. */
	adp_model_reset(&l, 16 * KIB, 5 * MS, 16 * KIB);
	tap_ok(l.b8 == 0 && l.a == 5 * MS, "reset: one sample, flat at its latency");

	/* The slope never exceeds all-queueing, and is never negative. */
	memset(&l, 0, sizeof(l));
	for (int i = 0; i < 200; i++)
		adp_model_add(&l, 4 + (i % 8) * 4, 20 * MS - (i % 8) * MS, 4);
	tap_ok(l.b8 == 0, "falling response with load: slope 0, not negative");
	memset(&l, 0, sizeof(l));
	for (int i = 0; i < 200; i++)
		adp_model_add(&l, 4 + (i % 2) * 400, (i % 2) ? 100 * MS : 1, 4);
	tap_ok(l.b8 <= ((u64)l.mr << ADP_B_SHIFT) / l.mx && l.a <= (u64)l.mr,
	       "steep samples: slope capped at mean(r)/mean(x), a >= 0");

	/* Extremes: every product stays in range, results are sane. */
	memset(&l, 0, sizeof(l));
	for (int i = 0; i < 1000; i++)
		adp_model_add(&l, (i % 2) ? ADP_X_MAX : 1,
			      (i % 3) ? ADP_R_MAX * 4 : 0, ADP_X_MAX);
	tap_ok(l.mr >= 0 && l.mr <= ADP_R_MAX && l.mx >= 1 && l.mx <= ADP_X_MAX &&
	       l.cxx >= 0 && adp_model_expect(&l, ADP_X_MAX * 8) <= 2 * (u64)ADP_R_MAX,
	       "extreme samples: means in range, expectation bounded");
	tap_ok(adp_units(0) == 1 && adp_units(1ULL << 62) == ADP_X_MAX &&
	       adp_units(4096) == 16, "adp_units clamps to [1, 2^20]");

	/* The tail: a stall leaves a penalty that time and good I/O undo. */
	{
		struct adp_tail t = { 0 };
		u64 now = 10ULL * 1000 * MS, half = BIT_ULL(ADP_TAIL_HALF_SHIFT);
		u64 p0;

		memset(&m, 0, sizeof(m));
		feed(&m, 200, 100 * MS, 0, 4 * KIB, 4 * KIB, 0);
		adp_tail_note(&t, &m, 4 * KIB, 180 * MS, now);
		tap_ok(t.ns == 0, "tail: a response within twice the line is no stall");
		adp_tail_note(&t, &m, 4 * KIB, 1500 * MS, now);
		p0 = adp_tail_at(&t, now);
		tap_ok(p0 == 1300 * MS,
		       "tail: a 1.5 s stall on a 100 ms path leaves 1.3 s (%llu)",
		       (unsigned long long)p0);
		tap_ok(adp_tail_at(&t, now + half) == p0 / 2 &&
		       adp_tail_at(&t, now + half / 2) == p0 - p0 / 4 &&
		       adp_tail_at(&t, now + 2 * half) == p0 / 4 &&
		       adp_tail_at(&t, now + 64 * half) == 0,
		       "tail: halves every 2^%d ns, linear in between, reaches 0",
		       ADP_TAIL_HALF_SHIFT);
		adp_tail_note(&t, &m, 4 * KIB, 600 * MS, now);
		tap_ok(t.ns == p0, "tail: a smaller stall does not lower it");
		adp_tail_note(&t, &m, 4 * KIB, 100 * MS, now);
		tap_ok(t.ns == p0 / 2, "tail: a good response halves it");

		/* A line fitted to one unloaded sample: load alone is no stall. */
		memset(&t, 0, sizeof(t));
		adp_model_reset(&l, 4 * KIB, 5 * MS, 4 * KIB);
		adp_tail_note(&t, &l, 64 * KIB, 80 * MS, now);
		tap_ok(t.ns == 0,
		       "tail: 16x the bytes ahead, 16x the time: queueing, not a stall");

		/* Extremes stay in range. */
		memset(&t, 0, sizeof(t));
		adp_tail_note(&t, &l, ADP_X_MAX * 4, ADP_R_MAX * 4, now);
		tap_ok(adp_tail_at(&t, now) <= (u64)ADP_R_MAX &&
		       adp_tail_at(&t, 0) <= (u64)ADP_R_MAX,
		       "tail: extreme samples bounded");
	}

	return tap_done();
}
