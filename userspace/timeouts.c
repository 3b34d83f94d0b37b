// SPDX-License-Identifier: GPL-2.0
/*
 * Per-session timeouts: option names, value ranges (the kernel's policy
 * in kernel/netlink.c, so a request is never refused for its shape) and
 * their attributes.
 */
#include <stdio.h>
#include <linux/kiscsi.h>

#include "timeouts.h"
#include "validate.h"

static const struct {
	const char *option;
	int attr;
	uint32_t min, max;	/* seconds for REPLACEMENT, else ms */
	const char *expected;
} tmo[KTMO_COUNT] = {
	[KTMO_REPLACEMENT] = { "replacement-timeout",
			       KISCSI_A_OPT_REPLACEMENT_TIMEOUT, 0, 86400,
			       "whole seconds 0..86400" },
	[KTMO_NOP_INTERVAL] = { "nop-interval", KISCSI_A_OPT_NOP_INTERVAL_MS,
				0, 3600000,
				"seconds 0..3600 (0.5, 2s, 500ms; 0: never ping)" },
	[KTMO_NOP_TIMEOUT] = { "nop-timeout", KISCSI_A_OPT_NOP_TIMEOUT_MS,
			       100, 3600000,
			       "seconds 0.1..3600 (0.5, 2s, 500ms)" },
};

const char *ktmo_option(enum ktmo t)
{
	return tmo[t].option;
}

int ktmo_parse(struct ktimeouts *k, enum ktmo t, const char *v,
	       char *err, size_t errlen)
{
	bool ok;

	if (t == KTMO_REPLACEMENT)
		ok = parse_u32_range(v, tmo[t].min, tmo[t].max, &k->val[t]);
	else
		ok = parse_duration_ms(v, tmo[t].min, tmo[t].max, &k->val[t]);
	if (!ok) {
		snprintf(err, errlen, "%s", tmo[t].expected);
		return -1;
	}
	k->has[t] = true;
	return 0;
}

void ktmo_put(struct nlmsghdr *nlh, const struct ktimeouts *k)
{
	int t;

	for (t = 0; t < KTMO_COUNT; t++)
		if (k->has[t])
			mnl_attr_put_u32(nlh, tmo[t].attr, k->val[t]);
}

bool ktmo_any(const struct ktimeouts *k)
{
	int t;

	for (t = 0; t < KTMO_COUNT; t++)
		if (k->has[t])
			return true;
	return false;
}
