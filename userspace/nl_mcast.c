// SPDX-License-Identifier: GPL-2.0
/*
 * Joining the family's multicast group (see knl_subscribe() in nl.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/kiscsi.h>

#include "nl.h"

struct grp_find {
	const char *name;
	uint32_t id;
};

static int grp_cb(const struct nlattr *grp, void *data)
{
	struct grp_find *g = data;
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	if (mnl_attr_validate(grp, MNL_TYPE_NESTED) < 0)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			id = mnl_attr_get_u32(a);
	}
	if (name && id && !strcmp(name, g->name))
		g->id = id;
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS &&
		    mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(a, grp_cb, data);
	}
	return MNL_CB_OK;
}

int knl_subscribe(struct knl *nl, const char *group)
{
	struct grp_find g = { .name = group };
	uint16_t family = nl->family;
	struct nlmsghdr *nlh;
	int ret;

	nl->family = GENL_ID_CTRL;
	nlh = knl_request(nl, CTRL_CMD_GETFAMILY, 0);
	nl->family = family;
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KISCSI_GENL_NAME);
	ret = knl_talk(nl, nlh, family_cb, &g);
	if (ret)
		return -1;
	if (!g.id) {
		fprintf(stderr, "kiscsi: the module has no '%s' notification group (too old a kiscsi.ko?)\n",
			group);
		return -1;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &g.id,
				  sizeof(g.id)) < 0) {
		fprintf(stderr, "kiscsi: cannot join the '%s' group: %s\n",
			group, strerror(errno));
		return -1;
	}
	return 0;
}
