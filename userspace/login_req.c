// SPDX-License-Identifier: GPL-2.0
/*
 * LOGIN requests (see login_req.h).
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "initname.h"
#include "login_req.h"
#include "validate.h"

void login_req_put(struct nlmsghdr *nlh, const struct login_req *r)
{
	int a;

	mnl_attr_put_strz(nlh, KISCSI_A_TARGET_NAME, r->target);
	if (r->initiator)
		mnl_attr_put_strz(nlh, KISCSI_A_INITIATOR_NAME, r->initiator);
	if (r->portal.family == AF_INET)
		mnl_attr_put(nlh, KISCSI_A_ADDR_IPV4, 4, r->portal.addr);
	else
		mnl_attr_put(nlh, KISCSI_A_ADDR_IPV6, 16, r->portal.addr);
	mnl_attr_put_u16(nlh, KISCSI_A_PORT, r->portal.port);
	if (r->portal.scope)
		mnl_attr_put_u32(nlh, KISCSI_A_SCOPE_ID, r->portal.scope);
	if (r->chap_user) {
		mnl_attr_put_strz(nlh, KISCSI_A_CHAP_USER, r->chap_user);
		mnl_attr_put(nlh, KISCSI_A_CHAP_SECRET, r->chap.len,
			     r->chap.buf);
	}
	if (r->mutual_user) {
		mnl_attr_put_strz(nlh, KISCSI_A_CHAP_MUTUAL_USER,
				  r->mutual_user);
		mnl_attr_put(nlh, KISCSI_A_CHAP_MUTUAL_SECRET, r->mutual.len,
			     r->mutual.buf);
	}
	for (a = 0; a <= KISCSI_A_MAX; a++)
		if (r->set[a])
			mnl_attr_put_u32(nlh, a, r->val[a]);
	ktmo_put(nlh, &r->tmo);
	if (r->source.family == AF_INET)
		mnl_attr_put(nlh, KISCSI_A_SRC_ADDR_IPV4, 4, r->source.addr);
	else if (r->source.family == AF_INET6)
		mnl_attr_put(nlh, KISCSI_A_SRC_ADDR_IPV6, 16, r->source.addr);
	if (r->ifname)
		mnl_attr_put_strz(nlh, KISCSI_A_IFNAME, r->ifname);
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ksession *s = data;

	if (ksession_from_msg(nlh, s))
		fprintf(stderr, "kiscsi: the module's reply has no session\n");
	return MNL_CB_OK;
}

int login_req_send(struct knl *nl, const struct login_req *r,
		   struct ksession *s)
{
	struct nlmsghdr *nlh = knl_request(nl, KISCSI_CMD_LOGIN, 0);
	int ret;

	login_req_put(nlh, r);
	ret = knl_talk(nl, nlh, reply_cb, s);
	/* the request, secrets included, was built in nl->buf */
	explicit_bzero(nl->buf, MNL_SOCKET_BUFFER_SIZE);
	return ret ? -1 : 0;
}

static int read_one(const char *what, const char *path, struct secret *s,
		    char *err, size_t errlen)
{
	char why[128];
	bool loose;

	if (secret_read(path, s, &loose, why, sizeof(why))) {
		snprintf(err, errlen, "bad %s '%s': %s", what, path, why);
		return -1;
	}
	return 0;
}

int login_req_from_node(struct login_req *r, const struct node *n,
			unsigned int pi, char *err, size_t errlen)
{
	const struct node_portal *np = &n->portals[pi];
	const char *from, *why;
	int ret;

	memset(r, 0, sizeof(*r));
	r->target = n->target;
	r->initiator = n->initiator[0] ? n->initiator : NULL;
	if (!r->initiator) {
		ret = initname_default(r->initiator_buf,
				       sizeof(r->initiator_buf), &from);
		if (ret < 0) {
			snprintf(err, errlen, "cannot read %s", from);
			return -1;
		}
		if (ret > 0) {
			why = check_iscsi_name(r->initiator_buf);
			if (why) {
				snprintf(err, errlen, "bad InitiatorName '%s' in %s: expected %s",
					 r->initiator_buf, from, why);
				return -1;
			}
			r->initiator = r->initiator_buf;
		}
	}
	r->portal = np->p;
	if (n->chap_user[0]) {
		r->chap_user = n->chap_user;
		if (read_one("chap-secret-file", n->chap_secret_file, &r->chap,
			     err, errlen))
			return -1;
	}
	if (n->mutual_user[0]) {
		r->mutual_user = n->mutual_user;
		if (read_one("mutual-secret-file", n->mutual_secret_file,
			     &r->mutual, err, errlen))
			return -1;
	}
#define SET(flag, attr, v) do {					\
		if (n->has & (flag)) {				\
			r->set[attr] = true;			\
			r->val[attr] = (v);			\
		}						\
	} while (0)
	SET(NODE_HAS_HEADER_DIGEST, KISCSI_A_HEADER_DIGEST, n->header_digest);
	SET(NODE_HAS_DATA_DIGEST, KISCSI_A_DATA_DIGEST, n->data_digest);
#undef SET
	r->tmo = n->tmo;
	r->ifname = np->iface[0] ? np->iface : n->iface[0] ? n->iface : NULL;
	if (np->source.family)
		r->source = np->source;
	else if (n->source.family == np->p.family)
		r->source = n->source;
	return 0;
}
