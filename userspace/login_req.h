/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One LOGIN request, from `kiscsi login`'s options or from a node record:
 * what it carries, and sending it.
 */
#ifndef KISCSI_LOGIN_REQ_H
#define KISCSI_LOGIN_REQ_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kiscsi.h>

#include "model.h"
#include "nl.h"
#include "node.h"
#include "portal.h"
#include "secret.h"
#include "timeouts.h"

struct login_req {
	const char *target;
	const char *initiator;		/* NULL: the module's default */
	char initiator_buf[KISCSI_NAME_MAX + 2];
	struct portal portal;
	const char *chap_user;		/* NULL: no CHAP */
	struct secret chap;
	const char *mutual_user;	/* NULL: one-way at most */
	struct secret mutual;
	/* u32 attributes (digests, KISCSI_A_OPT_*), sent when set[] */
	bool set[KISCSI_A_MAX + 1];
	uint32_t val[KISCSI_A_MAX + 1];
	struct ktimeouts tmo;
	const char *ifname;		/* NULL: any interface */
	struct node_addr source;	/* family 0: the kernel picks */
};

void login_req_put(struct nlmsghdr *nlh, const struct login_req *r);

/*
 * Send R on NL and fill S from the reply. 0, or -1 after the module's
 * explanation was printed. Wipes the request buffer (it held secrets).
 */
int login_req_send(struct knl *nl, const struct login_req *r,
		   struct ksession *s);

/*
 * Fill R from node N and its portal PI: the record's initiator name or
 * the host's (initiatorname files), and the secret files (ERR says which
 * failed and why). The caller wipes R's secrets.
 */
int login_req_from_node(struct login_req *r, const struct node *n,
			unsigned int pi, char *err, size_t errlen);

#endif /* KISCSI_LOGIN_REQ_H */
