// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery results (see disc.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc.h"
#include "validate.h"

void disc_init(struct disc_result *r)
{
	memset(r, 0, sizeof(*r));
}

void disc_free(struct disc_result *r)
{
	free(r->t);
	memset(r, 0, sizeof(*r));
}

int disc_target(struct disc_result *r, const char *name)
{
	struct disc_target *t;
	unsigned int i;

	if (check_iscsi_name(name)) {
		r->skipped++;
		return -1;
	}
	for (i = 0; i < r->ntargets; i++)
		if (!strcmp(r->t[i].name, name))
			return i;
	if (r->ntargets >= DISC_MAX_TARGETS) {
		r->skipped++;
		return -1;
	}
	if (r->ntargets == r->cap) {
		unsigned int cap = r->cap ? r->cap * 2 : 8;

		t = realloc(r->t, cap * sizeof(*t));
		if (!t) {
			r->skipped++;
			return -1;
		}
		r->t = t;
		r->cap = cap;
	}
	t = &r->t[r->ntargets];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	return r->ntargets++;
}

int disc_add_portal(struct disc_result *r, unsigned int ti,
		    const struct portal *p, uint32_t tpgt)
{
	struct disc_target *t = &r->t[ti];
	unsigned int i;

	for (i = 0; i < t->nportals; i++) {
		const struct portal *q = &t->portals[i].p;

		if (q->family == p->family && q->port == p->port &&
		    q->scope == p->scope &&
		    !memcmp(q->addr, p->addr, p->family == AF_INET ? 4 : 16))
			return 0;
	}
	if (t->nportals >= DISC_MAX_PORTALS) {
		r->skipped++;
		return -1;
	}
	t->portals[t->nportals].p = *p;
	t->portals[t->nportals].tpgt = tpgt;
	t->nportals++;
	return 0;
}

int disc_parse_address(const char *val, uint32_t scope, struct portal *p,
		       uint32_t *tpgt, char *err, size_t errlen)
{
	char buf[300], *comma, *close;
	struct in6_addr a6;
	size_t n = strlen(val);

	*tpgt = DISC_NO_TPGT;
	if (n >= sizeof(buf) - 16) {
		snprintf(err, errlen, "address too long");
		return -1;
	}
	memcpy(buf, val, n + 1);
	close = strrchr(buf, ']');
	comma = strrchr(buf, ',');
	if (comma && (!close || comma > close)) {
		if (!parse_u32_range(comma + 1, 0, 65535, tpgt)) {
			snprintf(err, errlen, "bad portal group tag");
			return -1;
		}
		*comma = '\0';
	}
	/* A scope-less link-local address: the interface we asked over. */
	if (buf[0] == '[' && scope && !strchr(buf, '%')) {
		close = strchr(buf, ']');
		if (close) {
			*close = '\0';
			if (inet_pton(AF_INET6, buf + 1, &a6) == 1 &&
			    IN6_IS_ADDR_LINKLOCAL(&a6)) {
				char tail[16];

				if (strlen(close + 1) >= sizeof(tail)) {
					snprintf(err, errlen, "bad port");
					return -1;
				}
				snprintf(tail, sizeof(tail), "%s", close + 1);
				n = strlen(buf);
				snprintf(buf + n, sizeof(buf) - n, "%%%u]%s",
					 scope, tail);
			} else {
				*close = ']';
			}
		}
	}
	return portal_parse(buf, p, err, errlen);
}
