// SPDX-License-Identifier: GPL-2.0
/*
 * The session list (see sessions.h).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kiscsi.h>

#include "sessions.h"

/* A namespace with more sessions than this is beyond what restore handles. */
#define SESSIONS_MAX 4096

static int session_cb(const struct nlmsghdr *nlh, void *data)
{
	struct session_list *l = data;
	struct ksession *t;

	if (l->n >= SESSIONS_MAX)
		return MNL_CB_OK;
	t = realloc(l->s, (l->n + 1) * sizeof(*t));
	if (!t)
		return MNL_CB_ERROR;
	l->s = t;
	memset(&l->s[l->n], 0, sizeof(*t));
	if (!ksession_from_msg(nlh, &l->s[l->n]))
		l->n++;
	return MNL_CB_OK;
}

int sessions_get(struct knl *nl, struct session_list *l)
{
	struct nlmsghdr *nlh;

	memset(l, 0, sizeof(*l));
	nlh = knl_request(nl, KISCSI_CMD_GET_SESSION, NLM_F_DUMP);
	if (knl_talk(nl, nlh, session_cb, l)) {
		sessions_free(l);
		return -1;
	}
	return 0;
}

void sessions_free(struct session_list *l)
{
	free(l->s);
	memset(l, 0, sizeof(*l));
}

const struct ksession *sessions_find(const struct session_list *l,
				     const char *target,
				     const struct portal *p)
{
	size_t alen = p->family == AF_INET ? 4 : 16;
	unsigned int i, c;

	for (i = 0; i < l->n; i++) {
		const struct ksession *s = &l->s[i];

		if (!(s->has & KS_HAS_TARGET) || strcmp(s->target, target))
			continue;
		for (c = 0; c < s->nconns; c++) {
			const struct kaddr *a = &s->conns[c].peer;

			if (a->family == p->family && a->port == p->port &&
			    !memcmp(a->addr, p->addr, alen))
				return s;
		}
	}
	return NULL;
}
