/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three per-session timeouts, as options (--replacement-timeout,
 * --nop-interval, --nop-timeout) shared by login, set and node records,
 * and as netlink attributes.
 */
#ifndef KISCSI_TIMEOUTS_H
#define KISCSI_TIMEOUTS_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>

enum ktmo {
	KTMO_REPLACEMENT,	/* seconds */
	KTMO_NOP_INTERVAL,	/* milliseconds */
	KTMO_NOP_TIMEOUT,	/* milliseconds */
	KTMO_COUNT,
};

struct ktimeouts {
	bool has[KTMO_COUNT];
	uint32_t val[KTMO_COUNT];
};

/* The long option name of @t, without dashes: "nop-interval". */
const char *ktmo_option(enum ktmo t);

/*
 * Parse @v for option @t into @k. 0, or -1 with a phrase saying what is
 * expected in @err.
 */
int ktmo_parse(struct ktimeouts *k, enum ktmo t, const char *v,
	       char *err, size_t errlen);

/* Add the given timeouts to a LOGIN or SET_SESSION request. */
void ktmo_put(struct nlmsghdr *nlh, const struct ktimeouts *k);

bool ktmo_any(const struct ktimeouts *k);

#endif /* KISCSI_TIMEOUTS_H */
