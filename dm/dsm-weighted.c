// SPDX-License-Identifier: GPL-2.0
/*
 * weighted-paths: every valid path gets a share of the I/Os proportional
 * to its weight.
 *
 * Per-path integer <weight>, 0-10000 (default 1).  Weight 0 marks a path
 * that is used only while no path of positive weight is valid.
 *
 * Unlike MSDSM, where the lowest weight wins outright, weights here are
 * shares; priority-style failover is what multipath priority groups are
 * for.  With multipath-tools use rr_weight "priorities" and a prio such
 * as "weightedpath" to feed the weights.
 *
 * The split is exact over each cycle of sum(weights) I/Os: smooth
 * weighted round-robin gives every path credit += weight per I/O, picks
 * the path with the most credit and charges it the total.  This also
 * interleaves the paths instead of sending bursts.
 */

#include <linux/device-mapper.h>
#include <linux/module.h>

#include "dsm.h"

#define WP_MAX_WEIGHT	10000

/* Called with s->lock held and valid_paths non-empty. */
static struct dsm_path *wp_select(struct dsm_selector *s, size_t nr_bytes)
{
	struct dsm_path *p, *best = NULL;
	s64 total = 0;

	list_for_each_entry(p, &s->valid_paths, list) {
		if (!p->arg)
			continue;
		p->credit += p->arg;
		total += p->arg;
		if (!best || p->credit > best->credit)
			best = p;
	}

	if (best) {
		best->credit -= total;
		return best;
	}

	/* Only weight-0 paths are left: plain round-robin over them. */
	best = list_first_entry(&s->valid_paths, struct dsm_path, list);
	list_move_tail(&best->list, &s->valid_paths);
	return best;
}

/* Called with s->lock held: start over so the split is exact again. */
static void wp_reinstate(struct dsm_selector *s, struct dsm_path *p)
{
	struct dsm_path *q;

	list_for_each_entry(q, &s->valid_paths, list)
		q->credit = 0;
}

static int wp_create(struct path_selector *ps, unsigned int argc, char **argv)
{
	return dsm_create(ps, &dsm_weighted_policy, argc, argv);
}

struct dsm_policy dsm_weighted_policy = {
	.pst = {
		.name		= "weighted-paths",
		.info_args	= 3,
		.create		= wp_create,
		DSM_PST_OPS,
	},
	.arg_max	= WP_MAX_WEIGHT,
	.arg_default	= 1,
	.err_argc	= "weighted-paths ps: too many path arguments (expected 0 or 1)",
	.err_arg	= "weighted-paths ps: invalid weight (expected 0-10000)",
	.select		= wp_select,
	.reinstate	= wp_reinstate,
};
