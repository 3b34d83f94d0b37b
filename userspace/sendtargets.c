// SPDX-License-Identifier: GPL-2.0
/*
 * SendTargets response parsing (see sendtargets.h).
 */
#include <stdio.h>
#include <string.h>

#include "sendtargets.h"
#include "validate.h"

/* RFC 7143 §6.1: key names up to 63 bytes, values up to 255 (names 223). */
#define ST_KEY_MAX	63
#define ST_VALUE_MAX	255

int st_parse(const char *buf, size_t len, uint32_t scope,
	     struct disc_result *r, char *err, size_t errlen)
{
	struct disc_result tmp;
	const char *p = buf, *end = buf + len, *nul, *eq;
	char perr[128];
	struct portal portal;
	uint32_t tpgt;
	int cur = -1;
	unsigned int pair = 0;

	if (len > ST_TEXT_MAX) {
		snprintf(err, errlen, "response larger than %u bytes", ST_TEXT_MAX);
		return -1;
	}
	disc_init(&tmp);
	while (p < end) {
		pair++;
		nul = memchr(p, '\0', end - p);
		if (!nul) {
			snprintf(err, errlen, "pair %u is not NUL-terminated", pair);
			goto bad;
		}
		if (nul == p) {		/* padding or a stray NUL: skip it */
			p++;
			continue;
		}
		eq = memchr(p, '=', nul - p);
		if (!eq || eq == p || eq - p > ST_KEY_MAX) {
			snprintf(err, errlen, "pair %u is not key=value", pair);
			goto bad;
		}
		if (nul - eq - 1 > ST_VALUE_MAX) {
			snprintf(err, errlen, "pair %u: value longer than %d bytes",
				 pair, ST_VALUE_MAX);
			goto bad;
		}
		if (eq - p == 10 && !memcmp(p, "TargetName", 10)) {
			if (check_iscsi_name(eq + 1)) {
				snprintf(err, errlen, "pair %u: TargetName is not an iSCSI name",
					 pair);
				goto bad;
			}
			cur = disc_target(&tmp, eq + 1);
			if (cur < 0)
				cur = -2;	/* over the limit: drop its portals */
		} else if (eq - p == 13 && !memcmp(p, "TargetAddress", 13)) {
			if (cur == -1) {
				snprintf(err, errlen, "pair %u: TargetAddress before any TargetName",
					 pair);
				goto bad;
			}
			if (cur >= 0 &&
			    !disc_parse_address(eq + 1, scope, &portal, &tpgt,
						perr, sizeof(perr)))
				disc_add_portal(&tmp, cur, &portal, tpgt);
			else
				tmp.skipped++;
		}
		/* TargetAlias and keys we do not know: ignored. */
		p = nul + 1;
	}
	disc_free(r);
	*r = tmp;
	return 0;
bad:
	disc_free(&tmp);
	return -1;
}
