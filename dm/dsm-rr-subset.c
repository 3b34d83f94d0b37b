// SPDX-License-Identifier: GPL-2.0
/*
 * round-robin-with-subset: MSDSM's "Round Robin with Subset".
 *
 * Per-path integer <n>:
 *   n > 0  active path; it takes n consecutive I/Os per turn
 *   n = 0  standby path; used only while every active path has failed
 *
 * Active paths share I/O round-robin; standby paths take over, also
 * round-robin, only when no active path is valid, and hand back as soon
 * as one is reinstated.  multipath-tools emits 1 for every path with
 * rr_weight "uniform" (all active) or the path priority with rr_weight
 * "priorities".
 */

#include <linux/device-mapper.h>
#include <linux/module.h>

#include "dsm.h"

#define RRS_MAX_REPEAT	1000

/* Called with s->lock held and valid_paths non-empty. */
static struct dsm_path *rrs_select(struct dsm_selector *s, size_t nr_bytes)
{
	struct dsm_path *p, *best = NULL;

	/* The first active path in rotation order, else the first standby. */
	list_for_each_entry(p, &s->valid_paths, list) {
		if (p->arg) {
			best = p;
			break;
		}
	}
	if (!best)
		best = list_first_entry(&s->valid_paths, struct dsm_path, list);

	if (s->cur != best) {
		s->cur = best;
		s->repeat_left = best->arg ? best->arg : 1;
	}
	if (--s->repeat_left == 0) {
		/* Turn over: least preferred until the others had theirs. */
		list_move_tail(&best->list, &s->valid_paths);
		s->cur = NULL;
	}

	return best;
}

static int rrs_create(struct path_selector *ps, unsigned int argc,
		      char **argv)
{
	return dsm_create(ps, &dsm_rr_subset_policy, argc, argv);
}

struct dsm_policy dsm_rr_subset_policy = {
	.pst = {
		.name		= "round-robin-with-subset",
		.info_args	= 3,
		.create		= rrs_create,
		DSM_PST_OPS,
	},
	.arg_max	= RRS_MAX_REPEAT,
	.arg_default	= 1,
	.err_argc	= "round-robin-with-subset ps: too many path arguments (expected 0 or 1)",
	.err_arg	= "round-robin-with-subset ps: invalid path argument (expected 0-1000)",
	.select		= rrs_select,
};
