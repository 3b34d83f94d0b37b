// SPDX-License-Identifier: GPL-2.0
/*
 * dm-dsm framework: the path_selector_type operations shared by every
 * policy, and module registration.
 *
 * Table syntax common to all policies (multipath-tools emits exactly one
 * integer per path, so every policy takes at most one):
 *
 *   <selector> <#selector args> [<arg>]* <#paths> <#path args = 0|1>
 *              [<dev> [<integer>]]+
 *
 * INFO status per path: <ios> <bytes> <inflight bytes> [policy fields]
 * TABLE status per path: <integer> (the default if none was given)
 */

#include <linux/device-mapper.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "dsm.h"

#define DM_MSG_PREFIX	"multipath dsm"

int dsm_create(struct path_selector *ps, const struct dsm_policy *policy,
	       unsigned int argc, char **argv)
{
	struct dsm_selector *s;
	int r;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;

	s->policy = policy;
	spin_lock_init(&s->lock);
	INIT_LIST_HEAD(&s->valid_paths);
	INIT_LIST_HEAD(&s->failed_paths);

	if (policy->parse) {
		r = policy->parse(s, argc, argv);
		if (r)
			goto err_parse;
	} else if (argc) {
		/* create() has no *error; the caller reports a generic one. */
		DMERR("%s takes no selector arguments, got %u",
		      policy->pst.name, argc);
		r = -EINVAL;
		goto err_parse;
	}

	ps->context = s;
	return 0;

err_parse:
	kfree(s);
	return r;
}

static void dsm_free_paths(struct list_head *paths)
{
	struct dsm_path *p, *next;

	list_for_each_entry_safe(p, next, paths, list) {
		list_del(&p->list);
		kfree(p);
	}
}

void dsm_destroy(struct path_selector *ps)
{
	struct dsm_selector *s = ps->context;

	dsm_free_paths(&s->valid_paths);
	dsm_free_paths(&s->failed_paths);
	kfree(s);
	ps->context = NULL;
}

int dsm_add_path(struct path_selector *ps, struct dm_path *path,
		 int argc, char **argv, char **error)
{
	struct dsm_selector *s = ps->context;
	const struct dsm_policy *policy = s->policy;
	unsigned int arg = policy->arg_default;
	struct dsm_path *p;
	unsigned long flags;
	char dummy;

	if (argc > 1) {
		*error = (char *)policy->err_argc;
		return -EINVAL;
	}
	if (argc == 1 &&
	    (sscanf(argv[0], "%u%c", &arg, &dummy) != 1 ||
	     arg > policy->arg_max)) {
		*error = (char *)policy->err_arg;
		return -EINVAL;
	}

	p = kzalloc(struct_size(p, priv, policy->path_priv), GFP_KERNEL);
	if (!p) {
		*error = "dsm ps: error allocating path context";
		return -ENOMEM;
	}
	p->path = path;
	p->arg = arg;
	path->pscontext = p;

	spin_lock_irqsave(&s->lock, flags);
	if (policy->add_path)
		policy->add_path(s, p);
	list_add_tail(&p->list, &s->valid_paths);
	spin_unlock_irqrestore(&s->lock, flags);

	return 0;
}

void dsm_fail_path(struct path_selector *ps, struct dm_path *path)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p = path->pscontext;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	list_move(&p->list, &s->failed_paths);
	if (s->cur == p)
		s->cur = NULL;
	spin_unlock_irqrestore(&s->lock, flags);
}

int dsm_reinstate_path(struct path_selector *ps, struct dm_path *path)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p = path->pscontext;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	list_move_tail(&p->list, &s->valid_paths);
	if (s->policy->reinstate)
		s->policy->reinstate(s, p);
	spin_unlock_irqrestore(&s->lock, flags);

	return 0;
}

struct dm_path *dsm_select_path(struct path_selector *ps, size_t nr_bytes)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p = NULL;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (!list_empty(&s->valid_paths))
		p = s->policy->select(s, nr_bytes);
	spin_unlock_irqrestore(&s->lock, flags);

	return p ? p->path : NULL;
}

int dsm_status(struct path_selector *ps, struct dm_path *path,
	       status_type_t type, char *result, unsigned int maxlen)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p;
	unsigned int sz = 0;

	if (!path) {
		if (type == STATUSTYPE_TABLE && s->nr_sel_args)
			DMEMIT("1 %u ", s->probe_interval);
		else if (type != STATUSTYPE_IMA)
			DMEMIT("0 ");
		return sz;
	}

	p = path->pscontext;
	switch (type) {
	case STATUSTYPE_INFO:
		DMEMIT("%llu %llu %lld ",
		       (unsigned long long)atomic64_read(&p->ios),
		       (unsigned long long)atomic64_read(&p->bytes),
		       (long long)atomic64_read(&p->inflight_bytes));
		if (s->policy->status_info)
			sz += s->policy->status_info(s, p, result + sz,
						     maxlen - sz);
		break;
	case STATUSTYPE_TABLE:
		DMEMIT("%u ", p->arg);
		break;
	case STATUSTYPE_IMA:
		/* Counters change with every I/O: nothing to measure. */
		break;
	}

	return sz;
}

int dsm_start_io(struct path_selector *ps, struct dm_path *path,
		 size_t nr_bytes)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p = path->pscontext;

	atomic64_inc(&p->ios);
	atomic64_add(nr_bytes, &p->bytes);
	atomic64_add(nr_bytes, &p->inflight_bytes);
	if (s->policy->start_io)
		s->policy->start_io(s, p, nr_bytes);

	return 0;
}

int dsm_end_io(struct path_selector *ps, struct dm_path *path,
	       size_t nr_bytes, u64 start_time)
{
	struct dsm_selector *s = ps->context;
	struct dsm_path *p = path->pscontext;

	atomic64_sub(nr_bytes, &p->inflight_bytes);
	if (s->policy->end_io)
		s->policy->end_io(s, p, nr_bytes);

	return 0;
}

/*
 * Unregistering cannot fail for a registered type; 6.1 still returns an
 * int (later kernels return void), so report rather than ignore it.
 */
static void dsm_unregister(struct dsm_policy *policy)
{
	int r = dm_unregister_path_selector(&policy->pst);

	if (r < 0)
		DMERR("unregister %s failed %d", policy->pst.name, r);
}

static int __init dm_dsm_init(void)
{
	int r;

	r = dm_register_path_selector(&dsm_rr_subset_policy.pst);
	if (r < 0)
		goto err_rr_subset;
	r = dm_register_path_selector(&dsm_weighted_policy.pst);
	if (r < 0)
		goto err_weighted;
	r = dm_register_path_selector(&dsm_least_blocks_policy.pst);
	if (r < 0)
		goto err_least_blocks;
	r = dm_register_path_selector(&dsm_adaptive_policy.pst);
	if (r < 0)
		goto err_adaptive;

	DMINFO("version " DSM_VERSION " loaded");
	return 0;

err_adaptive:
	dsm_unregister(&dsm_least_blocks_policy);
err_least_blocks:
	dsm_unregister(&dsm_weighted_policy);
err_weighted:
	dsm_unregister(&dsm_rr_subset_policy);
err_rr_subset:
	DMERR("register failed %d", r);
	return r;
}

static void __exit dm_dsm_exit(void)
{
	dsm_unregister(&dsm_adaptive_policy);
	dsm_unregister(&dsm_least_blocks_policy);
	dsm_unregister(&dsm_weighted_policy);
	dsm_unregister(&dsm_rr_subset_policy);
}

module_init(dm_dsm_init);
module_exit(dm_dsm_exit);

/* dm_get_path_selector() does request_module("dm-%s", name). */
MODULE_ALIAS("dm-round-robin-with-subset");
MODULE_ALIAS("dm-weighted-paths");
MODULE_ALIAS("dm-least-blocks");
MODULE_ALIAS("dm-adaptive");
MODULE_DESCRIPTION(DM_NAME " MSDSM-style path selectors: round-robin-with-subset, weighted-paths, least-blocks, adaptive");
MODULE_LICENSE("GPL");
