// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the generic netlink control path.
 *
 * The contract (commands, attributes, semantics) is documented in
 * include/uapi/linux/kiscsi.h. Every rejection carries an extack message.
 */
#include <net/genetlink.h>

#include <uapi/linux/kiscsi.h>
#include "kiscsi.h"

static const struct nla_policy kiscsi_policy[KISCSI_A_MAX + 1] = {
	[KISCSI_A_INFO_VERSION]	= { .type = NLA_NUL_STRING },
	[KISCSI_A_INFO_API]	= { .type = NLA_U32 },
};

static struct genl_family kiscsi_genl_family;

static int kiscsi_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &kiscsi_genl_family, 0,
				KISCSI_CMD_GET_INFO);
	if (!hdr)
		goto err_msg;
	if (nla_put_string(msg, KISCSI_A_INFO_VERSION, KISCSI_VERSION) ||
	    nla_put_u32(msg, KISCSI_A_INFO_API, KISCSI_GENL_VERSION))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "kiscsi: reply does not fit");
	return -EMSGSIZE;
}

static const struct genl_small_ops kiscsi_genl_ops[] = {
	{
		.cmd	= KISCSI_CMD_GET_INFO,
		.doit	= kiscsi_nl_get_info,
		/* read-only: no GENL_ADMIN_PERM */
	},
};

static struct genl_family kiscsi_genl_family __ro_after_init = {
	.name		= KISCSI_GENL_NAME,
	.version	= KISCSI_GENL_VERSION,
	.maxattr	= KISCSI_A_MAX,
	.policy		= kiscsi_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= kiscsi_genl_ops,
	.n_small_ops	= ARRAY_SIZE(kiscsi_genl_ops),
	.resv_start_op	= KISCSI_CMD_GET_INFO + 1,
};

int __init kiscsi_netlink_init(void)
{
	return genl_register_family(&kiscsi_genl_family);
}

void kiscsi_netlink_exit(void)
{
	genl_unregister_family(&kiscsi_genl_family);
}
