/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dm-dsm: a family of device-mapper multipath path selectors modelled on
 * the load-balance policies of Microsoft's MSDSM that Linux lacks.
 *
 * All selectors share one framework (dsm-core.c): path lists, strict
 * argument parsing, per-path counters and the status format.  Each
 * policy file supplies only its selection rule and optional I/O hooks.
 */
#ifndef DM_DSM_H
#define DM_DSM_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* Private drivers/md header, extracted at build time (see Kbuild). */
#include "dm-path-selector.h"

#define DSM_VERSION	"1.0.0"

/*
 * Per-path state.  The common part serves every policy; a policy that
 * needs more asks for policy->path_priv bytes in @priv.
 */
struct dsm_path {
	struct list_head list;		/* on valid_paths or failed_paths */
	struct dm_path *path;
	unsigned int arg;		/* the per-path table integer */

	/* Lock-free counters, updated from start_io/end_io. */
	atomic64_t ios;			/* I/Os dispatched to this path */
	atomic64_t bytes;		/* bytes dispatched to this path */
	atomic64_t inflight_bytes;	/* dispatched and not yet completed */

	/* weighted-paths: smooth weighted round-robin credit. */
	s64 credit;			/* under dsm_selector.lock */

	/* Policy-private state, policy->path_priv bytes (adaptive). */
	u8 priv[] __aligned(sizeof(u64));
};

struct dsm_policy;

struct dsm_selector {
	const struct dsm_policy *policy;
	/*
	 * Protects valid_paths, failed_paths (and so every path's list
	 * linkage) and the selection state below and in struct dsm_path
	 * marked "under dsm_selector.lock".  Taken with irqsave: end_io may
	 * run in interrupt context.
	 */
	spinlock_t lock;
	struct list_head valid_paths;
	struct list_head failed_paths;

	/* round-robin-with-subset: path being repeated and I/Os left. */
	struct dsm_path *cur;
	unsigned int repeat_left;

	/* adaptive */
	u64 nr_selects;			/* selections so far */
	unsigned int probe_interval;	/* 0: never probe */
	unsigned int nr_sel_args;	/* selector args given, echoed */
};

/**
 * struct dsm_policy - one path selector built on the dsm framework
 * @pst:	the type registered with device-mapper; its ops are the
 *		dsm_* functions of dsm-core.c except create
 * @arg_max:	largest valid per-path integer
 * @arg_default: value used when the table gives no per-path integer
 * @path_priv:	bytes of policy-private state per path (struct dsm_path.priv),
 *		zeroed at allocation
 * @err_argc:	*error for too many per-path arguments
 * @err_arg:	*error for a malformed or out-of-range per-path integer
 * @parse:	optional, parses selector-level arguments (0 when NULL)
 * @select:	picks a path from a non-empty valid_paths; lock held
 * @start_io:	optional hook after the common counters are updated
 * @end_io:	optional hook after the common counters are updated
 * @add_path:	optional, initialises the private state of a new path;
 *		lock held
 * @reinstate:	optional, resets policy state of a returning path; lock held
 * @status_info: optional, emits the policy's extra INFO fields
 */
struct dsm_policy {
	struct path_selector_type pst;
	unsigned int arg_max;
	unsigned int arg_default;
	size_t path_priv;
	const char *err_argc;
	const char *err_arg;
	int (*parse)(struct dsm_selector *s, unsigned int argc, char **argv);
	struct dsm_path *(*select)(struct dsm_selector *s, size_t nr_bytes);
	void (*start_io)(struct dsm_selector *s, struct dsm_path *p,
			 size_t nr_bytes);
	void (*end_io)(struct dsm_selector *s, struct dsm_path *p,
		       size_t nr_bytes);
	void (*add_path)(struct dsm_selector *s, struct dsm_path *p);
	void (*reinstate)(struct dsm_selector *s, struct dsm_path *p);
	unsigned int (*status_info)(struct dsm_selector *s, struct dsm_path *p,
				    char *result, unsigned int maxlen);
};

/* Common path_selector_type ops (dsm-core.c). */
int dsm_create(struct path_selector *ps, const struct dsm_policy *policy,
	       unsigned int argc, char **argv);
void dsm_destroy(struct path_selector *ps);
int dsm_add_path(struct path_selector *ps, struct dm_path *path,
		 int argc, char **argv, char **error);
void dsm_fail_path(struct path_selector *ps, struct dm_path *path);
int dsm_reinstate_path(struct path_selector *ps, struct dm_path *path);
struct dm_path *dsm_select_path(struct path_selector *ps, size_t nr_bytes);
int dsm_status(struct path_selector *ps, struct dm_path *path,
	       status_type_t type, char *result, unsigned int maxlen);
int dsm_start_io(struct path_selector *ps, struct dm_path *path,
		 size_t nr_bytes);
int dsm_end_io(struct path_selector *ps, struct dm_path *path,
	       size_t nr_bytes, u64 start_time);

/* Fills in the ops shared by every policy. */
#define DSM_PST_OPS				\
	.module		= THIS_MODULE,		\
	.table_args	= 1,			\
	.destroy	= dsm_destroy,		\
	.add_path	= dsm_add_path,		\
	.fail_path	= dsm_fail_path,	\
	.reinstate_path	= dsm_reinstate_path,	\
	.select_path	= dsm_select_path,	\
	.status		= dsm_status,		\
	.start_io	= dsm_start_io,		\
	.end_io		= dsm_end_io

extern struct dsm_policy dsm_rr_subset_policy;
extern struct dsm_policy dsm_weighted_policy;
extern struct dsm_policy dsm_least_blocks_policy;
extern struct dsm_policy dsm_adaptive_policy;

#endif /* DM_DSM_H */
