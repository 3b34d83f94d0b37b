// SPDX-License-Identifier: GPL-2.0
/*
 * least-blocks: MSDSM's "Least Blocks".  Each I/O goes to the valid path
 * with the fewest bytes outstanding; ties rotate.
 *
 * Per-path integer: accepted for multipath-tools (which always emits
 * one) and echoed in the table, otherwise unused; 0-1000000, default 1.
 */

#include <linux/device-mapper.h>
#include <linux/module.h>

#include "dsm.h"

#define LB_MAX_ARG	1000000

/* Called with s->lock held and valid_paths non-empty. */
static struct dsm_path *lb_select(struct dsm_selector *s, size_t nr_bytes)
{
	struct dsm_path *p, *best = NULL;
	s64 best_bytes = 0, bytes;

	list_for_each_entry(p, &s->valid_paths, list) {
		bytes = atomic64_read(&p->inflight_bytes);
		if (!best || bytes < best_bytes) {
			best = p;
			best_bytes = bytes;
		}
	}

	/* Most recently used becomes least preferred among equals. */
	list_move_tail(&best->list, &s->valid_paths);
	return best;
}

static int lb_create(struct path_selector *ps, unsigned int argc, char **argv)
{
	return dsm_create(ps, &dsm_least_blocks_policy, argc, argv);
}

struct dsm_policy dsm_least_blocks_policy = {
	.pst = {
		.name		= "least-blocks",
		.info_args	= 3,
		.create		= lb_create,
		DSM_PST_OPS,
	},
	.arg_max	= LB_MAX_ARG,
	.arg_default	= 1,
	.err_argc	= "least-blocks ps: too many path arguments (expected 0 or 1)",
	.err_arg	= "least-blocks ps: invalid path argument (expected 0-1000000)",
	.select		= lb_select,
};
