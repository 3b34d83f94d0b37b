/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What discovery found: targets and their portals, whichever way they
 * were learnt (SendTargets, iSNS). Plain structs, no protocol types.
 * Everything here came from the network: names are checked, counts are
 * bounded, and what does not fit is counted as skipped, not stored.
 */
#ifndef KISCSI_DISC_H
#define KISCSI_DISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kiscsi.h>

#include "portal.h"

/* Bounds on what one discovery may bring back. */
#define DISC_MAX_TARGETS	1024
#define DISC_MAX_PORTALS	32
#define DISC_NO_TPGT		UINT32_MAX

struct disc_portal {
	struct portal p;
	uint32_t tpgt;		/* DISC_NO_TPGT when not given */
};

struct disc_target {
	char name[KISCSI_NAME_MAX + 1];
	unsigned int nportals;
	struct disc_portal portals[DISC_MAX_PORTALS];
};

struct disc_result {
	unsigned int ntargets;
	unsigned int cap;
	unsigned int skipped;	/* portals or targets we could not use */
	struct disc_target *t;
};

void disc_init(struct disc_result *r);
void disc_free(struct disc_result *r);

/*
 * The index of target NAME, added when new. -1 when NAME is not an
 * iSCSI name, or on the target limit / no memory (r->skipped counts it).
 */
int disc_target(struct disc_result *r, const char *name);

/* Add portal P to target TI unless it is there already. 0, or -1 when full. */
int disc_add_portal(struct disc_result *r, unsigned int ti,
		    const struct portal *p, uint32_t tpgt);

/*
 * Parse a TargetAddress value (RFC 7143 §13.8):
 *   10.0.1.1:3260,1   [fd00::1]:3260,1   10.0.1.1   [fe80::1%eth0],2
 * A link-local IPv6 address without a scope gets SCOPE (the interface
 * discovery used). Host names are not resolved: -1. ERR says why.
 */
int disc_parse_address(const char *val, uint32_t scope, struct portal *p,
		       uint32_t *tpgt, char *err, size_t errlen);

#endif /* KISCSI_DISC_H */
