/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of a SendTargets response (RFC 7143 §13.3, Appendix C):
 * "key=value\0" pairs, each TargetName followed by the TargetAddress
 * values of its portals. Pure: the unit tests feed it hostile input.
 */
#ifndef KISCSI_SENDTARGETS_H
#define KISCSI_SENDTARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "disc.h"

/* Largest response we accept, all Text Response PDUs together. */
#define ST_TEXT_MAX	(1U << 20)

/*
 * Parse LEN bytes of BUF into R. SCOPE is the interface of the discovery
 * connection (for link-local addresses without one). Returns 0, or -1
 * with ERR naming what is malformed (nothing is added then). Addresses
 * that are host names, or do not fit, are counted in r->skipped.
 */
int st_parse(const char *buf, size_t len, uint32_t scope,
	     struct disc_result *r, char *err, size_t errlen);

#endif /* KISCSI_SENDTARGETS_H */
