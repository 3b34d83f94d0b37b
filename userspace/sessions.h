/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sessions of this network namespace, as an array (for restore's
 * "already logged in?" and for the tests' view of a node's sessions).
 */
#ifndef KISCSI_SESSIONS_H
#define KISCSI_SESSIONS_H

#include "model.h"
#include "nl.h"
#include "portal.h"

struct session_list {
	unsigned int n;
	struct ksession *s;
};

/* Dump every session. 0, or -1 after printing why. */
int sessions_get(struct knl *nl, struct session_list *l);
void sessions_free(struct session_list *l);

/* A session of TARGET whose connection goes to portal P, or NULL. */
const struct ksession *sessions_find(const struct session_list *l,
				     const char *target,
				     const struct portal *p);

#endif /* KISCSI_SESSIONS_H */
