// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the generic netlink control path.
 *
 * The contract (commands, attributes, semantics) is documented in
 * include/uapi/linux/kiscsi.h. This file only translates: it validates a
 * request completely, turns it into a struct kiscsi_login_cfg or a
 * session id, calls the session core (session.h), and serializes the
 * core's snapshots. Every rejection carries an extack message that tells
 * the user what to fix, and a rejected request changes nothing.
 */
#include <linux/ctype.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include <uapi/linux/kiscsi.h>
#include "kiscsi.h"
#include "session.h"

#define KISCSI_DEFAULT_PORT	3260

/*
 * The InitiatorName used when a LOGIN request has none. Empty by default:
 * an initiator name identifies a host to its targets, so we do not invent
 * one that every host would share. The tool sends the host's configured
 * name (see Documentation/kiscsi-tool.md).
 */
static char initiator_name[KISCSI_NAME_MAX + 1];
module_param_string(initiator_name, initiator_name, sizeof(initiator_name),
		    0644);
MODULE_PARM_DESC(initiator_name,
		 "InitiatorName for logins that do not name one (default: none, the request must)");

static struct netlink_range_validation dsl_range = {
	.min = 512,
	.max = 16777215,
};

static struct netlink_range_validation r2t_range = {
	.min = 1,
	.max = 65535,
};

static struct netlink_range_validation replacement_range = {
	.max = 86400,
};

static struct netlink_range_validation nop_interval_range = {
	.max = 3600000,
};

static struct netlink_range_validation nop_timeout_range = {
	.min = 100,
	.max = 3600000,
};

static const struct nla_policy kiscsi_policy[KISCSI_A_MAX + 1] = {
	[KISCSI_A_INFO_VERSION]	= { .type = NLA_REJECT,
				    .reject_message = "reply-only attribute" },
	[KISCSI_A_INFO_API]	= { .type = NLA_REJECT,
				    .reject_message = "reply-only attribute" },
	[KISCSI_A_TARGET_NAME]	= { .type = NLA_NUL_STRING,
				    .len = KISCSI_NAME_MAX },
	[KISCSI_A_INITIATOR_NAME] = { .type = NLA_NUL_STRING,
				      .len = KISCSI_NAME_MAX },
	[KISCSI_A_ADDR_IPV4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[KISCSI_A_ADDR_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	/* u16: the range's upper end is the type's own */
	[KISCSI_A_PORT]		= NLA_POLICY_MIN(NLA_U16, 1),
	[KISCSI_A_SCOPE_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[KISCSI_A_CHAP_USER]	= { .type = NLA_NUL_STRING,
				    .len = ISC_CHAP_NAME_MAX },
	[KISCSI_A_CHAP_SECRET]	= NLA_POLICY_RANGE(NLA_BINARY, 1,
						   KISCSI_SECRET_MAX),
	[KISCSI_A_CHAP_MUTUAL_USER] = { .type = NLA_NUL_STRING,
					.len = ISC_CHAP_NAME_MAX },
	[KISCSI_A_CHAP_MUTUAL_SECRET] = NLA_POLICY_RANGE(NLA_BINARY, 1,
							 KISCSI_SECRET_MAX),
	[KISCSI_A_HEADER_DIGEST] = NLA_POLICY_MAX(NLA_U32, KISCSI_DIGEST_CRC32C),
	[KISCSI_A_DATA_DIGEST]	= NLA_POLICY_MAX(NLA_U32, KISCSI_DIGEST_CRC32C),
	[KISCSI_A_OPT_IMMEDIATE_DATA] = NLA_POLICY_MAX(NLA_U32, 1),
	[KISCSI_A_OPT_INITIAL_R2T] = NLA_POLICY_MAX(NLA_U32, 1),
	[KISCSI_A_OPT_MAX_RECV_DSL] = NLA_POLICY_FULL_RANGE(NLA_U32, &dsl_range),
	[KISCSI_A_OPT_MAX_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &dsl_range),
	[KISCSI_A_OPT_FIRST_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &dsl_range),
	[KISCSI_A_OPT_MAX_OUTSTANDING_R2T] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &r2t_range),
	[KISCSI_A_SESSION_ID]	= { .type = NLA_U32 },
	[KISCSI_A_ALL]		= { .type = NLA_FLAG },
	[KISCSI_A_SESSION]	= { .type = NLA_REJECT,
				    .reject_message = "reply-only attribute" },
	[KISCSI_A_OPT_REPLACEMENT_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &replacement_range),
	[KISCSI_A_OPT_NOP_INTERVAL_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &nop_interval_range),
	[KISCSI_A_OPT_NOP_TIMEOUT_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &nop_timeout_range),
	[KISCSI_A_SRC_ADDR_IPV4] = NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[KISCSI_A_SRC_ADDR_IPV6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[KISCSI_A_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[KISCSI_A_EVENT]	= { .type = NLA_REJECT,
				    .reject_message = "notification-only attribute" },
	[KISCSI_A_REASON]	= { .type = NLA_REJECT,
				    .reject_message = "notification-only attribute" },
	[KISCSI_A_MESSAGE]	= { .type = NLA_REJECT,
				    .reject_message = "notification-only attribute" },
	[KISCSI_A_ASYNC_EVENT]	= { .type = NLA_REJECT,
				    .reject_message = "notification-only attribute" },
};

static struct genl_family kiscsi_genl_family;

enum name_problem {
	NAME_OK,
	NAME_PREFIX,
	NAME_EMPTY,
	NAME_CHARS,
};

/*
 * RFC 7143 §4.2.7: an iSCSI name is "iqn.", "eui." or "naa." followed by
 * the rest of the name, at most 223 bytes (the policy), without
 * whitespace or control characters. That is all we check: real names
 * often bend the finer rules, and the target has the last word.
 */
static enum name_problem iscsi_name_problem(const char *name)
{
	static const char * const prefixes[] = { "iqn.", "eui.", "naa." };
	const unsigned char *p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], 4))
			break;
	if (i == ARRAY_SIZE(prefixes))
		return NAME_PREFIX;
	if (!name[4])
		return NAME_EMPTY;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return NAME_CHARS;
	return NAME_OK;
}

/* A CHAP name: not empty, printable ASCII (it travels as a text value). */
static bool chap_name_ok(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < ' ' || *p >= 0x7f)
			return false;
	return true;
}

/* Check a name attribute; the bad attribute tells which name it was. */
static int check_name_attr(struct genl_info *info, int type)
{
	struct nlattr *attr = info->attrs[type];

	switch (iscsi_name_problem(nla_data(attr))) {
	case NAME_OK:
		return 0;
	case NAME_PREFIX:
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not an iSCSI name: it must start with iqn., eui. or naa.");
		break;
	case NAME_EMPTY:
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not an iSCSI name: nothing follows the iqn./eui./naa. prefix");
		break;
	case NAME_CHARS:
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not an iSCSI name: it contains whitespace, control or non-ASCII characters");
		break;
	}
	return -EINVAL;
}

/*
 * Where to connect from: a source address of the portal's family and/or
 * a network device, both of the caller's namespace. The device is looked
 * up here for the error message and again by name at every connect.
 */
static int login_cfg_bind(struct kiscsi_login_cfg *cfg, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	int family = cfg->addr.ss_family;
	struct net_device *dev;

	if (attrs[KISCSI_A_SRC_ADDR_IPV4] && attrs[KISCSI_A_SRC_ADDR_IPV6]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "give the source address as one of IPv4 or IPv6");
		return -EINVAL;
	}
	if (attrs[KISCSI_A_SRC_ADDR_IPV4]) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&cfg->src_addr;

		if (family != AF_INET) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_SRC_ADDR_IPV4],
					    "the source address is IPv4 but the portal is not");
			return -EINVAL;
		}
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr =
			nla_get_in_addr(attrs[KISCSI_A_SRC_ADDR_IPV4]);
	} else if (attrs[KISCSI_A_SRC_ADDR_IPV6]) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&cfg->src_addr;
		const struct sockaddr_in6 *dst = (struct sockaddr_in6 *)&cfg->addr;

		if (family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_SRC_ADDR_IPV6],
					    "the source address is IPv6 but the portal is not");
			return -EINVAL;
		}
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = nla_get_in6_addr(attrs[KISCSI_A_SRC_ADDR_IPV6]);
		/* A link-local source lives on the portal's link. */
		if (ipv6_addr_type(&sin6->sin6_addr) & IPV6_ADDR_LINKLOCAL)
			sin6->sin6_scope_id = dst->sin6_scope_id;
	}
	if (attrs[KISCSI_A_IFNAME]) {
		nla_strscpy(cfg->ifname, attrs[KISCSI_A_IFNAME],
			    sizeof(cfg->ifname));
		dev = dev_get_by_name(genl_info_net(info), cfg->ifname);
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_IFNAME],
					    "no network interface of that name in this network namespace");
			return -ENODEV;
		}
		dev_put(dev);
	}
	return 0;
}

static int login_cfg_addr(struct kiscsi_login_cfg *cfg, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	u16 port = KISCSI_DEFAULT_PORT;
	u32 scope = 0;

	if (!attrs[KISCSI_A_ADDR_IPV4] == !attrs[KISCSI_A_ADDR_IPV6]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "give the portal address as exactly one of IPv4 or IPv6");
		return -EINVAL;
	}
	if (attrs[KISCSI_A_PORT])
		port = nla_get_u16(attrs[KISCSI_A_PORT]);
	if (attrs[KISCSI_A_SCOPE_ID])
		scope = nla_get_u32(attrs[KISCSI_A_SCOPE_ID]);

	if (attrs[KISCSI_A_ADDR_IPV4]) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&cfg->addr;
		__be32 a = nla_get_in_addr(attrs[KISCSI_A_ADDR_IPV4]);

		if (scope) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_SCOPE_ID],
					    "a scope (%interface) only applies to IPv6 portals");
			return -EINVAL;
		}
		if (ipv4_is_zeronet(a) || ipv4_is_multicast(a) ||
		    ipv4_is_lbcast(a)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_ADDR_IPV4],
					    "portal address must be a unicast IPv4 address");
			return -EINVAL;
		}
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = a;
		sin->sin_port = htons(port);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&cfg->addr;
		struct in6_addr a = nla_get_in6_addr(attrs[KISCSI_A_ADDR_IPV6]);
		int type = ipv6_addr_type(&a);

		if (type == IPV6_ADDR_ANY || (type & IPV6_ADDR_MULTICAST) ||
		    ipv6_addr_v4mapped(&a)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_ADDR_IPV6],
					    "portal address must be a unicast IPv6 address (use plain IPv4 for v4-mapped)");
			return -EINVAL;
		}
		if ((type & IPV6_ADDR_LINKLOCAL) && !scope) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KISCSI_A_ADDR_IPV6],
					    "a link-local IPv6 portal needs its interface (fe80::1%eth0)");
			return -EINVAL;
		}
		if (scope) {
			bool found;

			rcu_read_lock();
			found = dev_get_by_index_rcu(genl_info_net(info), scope);
			rcu_read_unlock();
			if (!found) {
				NL_SET_ERR_MSG_ATTR(extack,
						    attrs[KISCSI_A_SCOPE_ID],
						    "no interface with that index in this network namespace");
				return -ENODEV;
			}
		}
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a;
		sin6->sin6_port = htons(port);
		sin6->sin6_scope_id = scope;
	}
	return login_cfg_bind(cfg, info);
}

static int login_cfg_names(struct kiscsi_login_cfg *cfg, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	int ret;

	if (!attrs[KISCSI_A_TARGET_NAME]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a login needs the target's name (iqn....)");
		return -EINVAL;
	}
	ret = check_name_attr(info, KISCSI_A_TARGET_NAME);
	if (ret)
		return ret;
	nla_strscpy(cfg->target_name, attrs[KISCSI_A_TARGET_NAME],
		    sizeof(cfg->target_name));

	if (attrs[KISCSI_A_INITIATOR_NAME]) {
		ret = check_name_attr(info, KISCSI_A_INITIATOR_NAME);
		if (ret)
			return ret;
		nla_strscpy(cfg->initiator_name,
			    attrs[KISCSI_A_INITIATOR_NAME],
			    sizeof(cfg->initiator_name));
		return 0;
	}

	/* The parameter can be rewritten through sysfs at any time. */
	kernel_param_lock(THIS_MODULE);
	strscpy(cfg->initiator_name, initiator_name,
		sizeof(cfg->initiator_name));
	kernel_param_unlock(THIS_MODULE);
	strim(cfg->initiator_name);	/* echo adds a newline */
	if (!cfg->initiator_name[0]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no initiator name: pass one, or set the module parameter kiscsi.initiator_name");
		return -EINVAL;
	}
	if (iscsi_name_problem(cfg->initiator_name) != NAME_OK) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "module parameter kiscsi.initiator_name is not an iSCSI name; fix it or pass one");
		return -EINVAL;
	}
	return 0;
}

/* One CHAP direction: a name and a secret, both or neither. */
static int login_cfg_chap_pair(struct genl_info *info, int user_type,
			       int secret_type, char *user, size_t user_size,
			       u8 *secret, u32 *secret_len)
{
	struct nlattr *u = info->attrs[user_type];
	struct nlattr *s = info->attrs[secret_type];

	if (!u && !s)
		return 0;
	if (!u) {
		NL_SET_ERR_MSG_ATTR(info->extack, s,
				    "a CHAP secret needs its CHAP user name too");
		return -EINVAL;
	}
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, u,
				    "a CHAP user name needs its secret too");
		return -EINVAL;
	}
	if (!chap_name_ok(nla_data(u))) {
		NL_SET_ERR_MSG_ATTR(info->extack, u,
				    "a CHAP user name must be non-empty printable ASCII");
		return -EINVAL;
	}
	nla_strscpy(user, u, user_size);
	*secret_len = nla_len(s);
	memcpy(secret, nla_data(s), *secret_len);
	return 0;
}

static int login_cfg_chap(struct kiscsi_login_cfg *cfg, struct genl_info *info)
{
	int ret;

	ret = login_cfg_chap_pair(info, KISCSI_A_CHAP_USER,
				  KISCSI_A_CHAP_SECRET, cfg->chap_user,
				  sizeof(cfg->chap_user), cfg->chap_secret,
				  &cfg->chap_secret_len);
	if (ret)
		return ret;
	ret = login_cfg_chap_pair(info, KISCSI_A_CHAP_MUTUAL_USER,
				  KISCSI_A_CHAP_MUTUAL_SECRET, cfg->mutual_user,
				  sizeof(cfg->mutual_user), cfg->mutual_secret,
				  &cfg->mutual_secret_len);
	if (ret)
		return ret;
	if (cfg->mutual_user[0] && !cfg->chap_user[0]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[KISCSI_A_CHAP_MUTUAL_USER],
				    "mutual CHAP needs one-way CHAP too (our user name and secret)");
		return -EINVAL;
	}
	return 0;
}

/* The OPT_* overrides: attribute, KISCSI_OPT_* bit, u32 field of the cfg. */
struct login_opt {
	int attr;
	u32 bit;
	size_t offset;
};

static const struct login_opt login_opts[] = {
	{ KISCSI_A_OPT_MAX_RECV_DSL, KISCSI_OPT_MAX_RECV_DSL,
	  offsetof(struct kiscsi_login_cfg, max_recv_dsl) },
	{ KISCSI_A_OPT_MAX_BURST, KISCSI_OPT_MAX_BURST,
	  offsetof(struct kiscsi_login_cfg, max_burst) },
	{ KISCSI_A_OPT_FIRST_BURST, KISCSI_OPT_FIRST_BURST,
	  offsetof(struct kiscsi_login_cfg, first_burst) },
	{ KISCSI_A_OPT_MAX_OUTSTANDING_R2T, KISCSI_OPT_MAX_OUTSTANDING_R2T,
	  offsetof(struct kiscsi_login_cfg, max_outstanding_r2t) },
};

static void login_cfg_opts(struct kiscsi_login_cfg *cfg, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	unsigned int i;

	if (attrs[KISCSI_A_HEADER_DIGEST])
		cfg->header_digest = nla_get_u32(attrs[KISCSI_A_HEADER_DIGEST]) ==
				     KISCSI_DIGEST_CRC32C;
	if (attrs[KISCSI_A_DATA_DIGEST])
		cfg->data_digest = nla_get_u32(attrs[KISCSI_A_DATA_DIGEST]) ==
				   KISCSI_DIGEST_CRC32C;
	/* Booleans are bool in the cfg, so they are not in the table. */
	if (attrs[KISCSI_A_OPT_IMMEDIATE_DATA]) {
		cfg->opt_set |= KISCSI_OPT_IMMEDIATE_DATA;
		cfg->immediate_data =
			nla_get_u32(attrs[KISCSI_A_OPT_IMMEDIATE_DATA]);
	}
	if (attrs[KISCSI_A_OPT_INITIAL_R2T]) {
		cfg->opt_set |= KISCSI_OPT_INITIAL_R2T;
		cfg->initial_r2t = nla_get_u32(attrs[KISCSI_A_OPT_INITIAL_R2T]);
	}
	for (i = 0; i < ARRAY_SIZE(login_opts); i++) {
		const struct login_opt *o = &login_opts[i];

		if (!attrs[o->attr])
			continue;
		cfg->opt_set |= o->bit;
		*(u32 *)((u8 *)cfg + o->offset) = nla_get_u32(attrs[o->attr]);
	}
}

static const struct {
	int attr;
	u32 bit;
	size_t offset;
} timeout_opts[] = {
	{ KISCSI_A_OPT_REPLACEMENT_TIMEOUT, KISCSI_TMO_REPLACEMENT,
	  offsetof(struct kiscsi_timeouts, replacement) },
	{ KISCSI_A_OPT_NOP_INTERVAL_MS, KISCSI_TMO_NOP_INTERVAL,
	  offsetof(struct kiscsi_timeouts, nop_interval_ms) },
	{ KISCSI_A_OPT_NOP_TIMEOUT_MS, KISCSI_TMO_NOP_TIMEOUT,
	  offsetof(struct kiscsi_timeouts, nop_timeout_ms) },
};

/* The timeouts a LOGIN or SET_SESSION gives; the policy checked ranges. */
static void timeouts_from_attrs(struct kiscsi_timeouts *tmo,
				struct nlattr **attrs)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(timeout_opts); i++) {
		if (!attrs[timeout_opts[i].attr])
			continue;
		tmo->set |= timeout_opts[i].bit;
		*(u32 *)((u8 *)tmo + timeout_opts[i].offset) =
			nla_get_u32(attrs[timeout_opts[i].attr]);
	}
}

/* Fill @cfg from a LOGIN request; on error @cfg may hold secrets. */
static int login_cfg_from_attrs(struct kiscsi_login_cfg *cfg,
				struct genl_info *info)
{
	static const int login_only[] = { KISCSI_A_SESSION_ID, KISCSI_A_ALL };
	int ret;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(login_only); i++) {
		if (info->attrs[login_only[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[login_only[i]],
					    "attribute not valid in a login request");
			return -EINVAL;
		}
	}
	ret = login_cfg_names(cfg, info);
	if (ret)
		return ret;
	ret = login_cfg_addr(cfg, info);
	if (ret)
		return ret;
	ret = login_cfg_chap(cfg, info);
	if (ret)
		return ret;
	login_cfg_opts(cfg, info);
	timeouts_from_attrs(&cfg->tmo, info->attrs);
	if ((cfg->opt_set & KISCSI_OPT_FIRST_BURST) &&
	    (cfg->opt_set & KISCSI_OPT_MAX_BURST) &&
	    cfg->first_burst > cfg->max_burst) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[KISCSI_A_OPT_FIRST_BURST],
				    "FirstBurstLength must not exceed MaxBurstLength");
		return -EINVAL;
	}
	return 0;
}

/* ---- serializing a struct kiscsi_session_info ---- */

static int put_addr(struct sk_buff *msg, int type,
		    const struct sockaddr_storage *ss)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	switch (ss->ss_family) {
	case AF_INET:
		return nla_put_in_addr(msg, type, sin->sin_addr.s_addr);
	case AF_INET6:
		return nla_put_in6_addr(msg, type, &sin6->sin6_addr);
	default:
		return 0;	/* not connected (yet): no address */
	}
}

static u32 addr_port(const struct sockaddr_storage *ss)
{
	switch (ss->ss_family) {
	case AF_INET:
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	case AF_INET6:
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	default:
		return 0;
	}
}

static int put_conn(struct sk_buff *msg, const struct kiscsi_conn_info *ci)
{
	struct nlattr *nest = nla_nest_start(msg, KISCSI_A_S_CONN);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, KISCSI_A_C_CID, ci->cid) ||
	    nla_put_u32(msg, KISCSI_A_C_STATE, ci->state) ||
	    put_addr(msg, KISCSI_A_C_PEER_ADDR, &ci->peer) ||
	    nla_put_u32(msg, KISCSI_A_C_PEER_PORT, addr_port(&ci->peer)) ||
	    put_addr(msg, KISCSI_A_C_LOCAL_ADDR, &ci->local) ||
	    nla_put_u32(msg, KISCSI_A_C_LOCAL_PORT, addr_port(&ci->local))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static u32 digest_of(bool crc32c)
{
	return crc32c ? KISCSI_DIGEST_CRC32C : KISCSI_DIGEST_NONE;
}

static int put_params(struct sk_buff *msg, const struct isc_params *p)
{
	struct nlattr *nest = nla_nest_start(msg, KISCSI_A_S_PARAMS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, KISCSI_A_P_HEADER_DIGEST,
			digest_of(p->header_digest)) ||
	    nla_put_u32(msg, KISCSI_A_P_DATA_DIGEST,
			digest_of(p->data_digest)) ||
	    nla_put_u32(msg, KISCSI_A_P_MAX_CONNECTIONS, p->max_connections) ||
	    nla_put_u32(msg, KISCSI_A_P_INITIAL_R2T, p->initial_r2t) ||
	    nla_put_u32(msg, KISCSI_A_P_IMMEDIATE_DATA, p->immediate_data) ||
	    nla_put_u32(msg, KISCSI_A_P_MAX_RECV_DSL, p->max_recv_dsl) ||
	    nla_put_u32(msg, KISCSI_A_P_MAX_XMIT_DSL, p->max_xmit_dsl) ||
	    nla_put_u32(msg, KISCSI_A_P_MAX_BURST, p->max_burst) ||
	    nla_put_u32(msg, KISCSI_A_P_FIRST_BURST, p->first_burst) ||
	    nla_put_u32(msg, KISCSI_A_P_DEFAULT_TIME2WAIT, p->t2wait) ||
	    nla_put_u32(msg, KISCSI_A_P_DEFAULT_TIME2RETAIN, p->t2retain) ||
	    nla_put_u32(msg, KISCSI_A_P_MAX_OUTSTANDING_R2T,
			p->max_outstanding_r2t) ||
	    nla_put_u32(msg, KISCSI_A_P_DATA_PDU_IN_ORDER,
			p->data_pdu_in_order) ||
	    nla_put_u32(msg, KISCSI_A_P_DATA_SEQ_IN_ORDER,
			p->data_seq_in_order) ||
	    nla_put_u32(msg, KISCSI_A_P_ERL, p->erl)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_stats(struct sk_buff *msg, const struct kiscsi_stats *st)
{
	const struct {
		int type;
		u64 val;
	} v[] = {
		{ KISCSI_A_ST_TX_PDUS, st->tx_pdus },
		{ KISCSI_A_ST_RX_PDUS, st->rx_pdus },
		{ KISCSI_A_ST_TX_BYTES, st->tx_bytes },
		{ KISCSI_A_ST_RX_BYTES, st->rx_bytes },
		{ KISCSI_A_ST_CMDS, st->cmds },
		{ KISCSI_A_ST_READ_BYTES, st->read_bytes },
		{ KISCSI_A_ST_WRITE_BYTES, st->write_bytes },
		{ KISCSI_A_ST_R2TS, st->r2ts },
		{ KISCSI_A_ST_NOPS_RX, st->nops_rx },
		{ KISCSI_A_ST_NOPS_TX, st->nops_tx },
		{ KISCSI_A_ST_DIGEST_ERRORS, st->digest_errors },
		{ KISCSI_A_ST_PROTOCOL_ERRORS, st->protocol_errors },
		{ KISCSI_A_ST_TMFS, st->tmfs },
	};
	struct nlattr *nest = nla_nest_start(msg, KISCSI_A_S_STATS);
	size_t i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		if (nla_put_u64_64bit(msg, v[i].type, v[i].val,
				      KISCSI_A_ST_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* One KISCSI_A_SESSION nest. The info struct holds no secrets. */
static int put_session(struct sk_buff *msg,
		       const struct kiscsi_session_info *si)
{
	struct nlattr *nest = nla_nest_start(msg, KISCSI_A_SESSION);
	u32 i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, KISCSI_A_S_ID, si->id) ||
	    nla_put_string(msg, KISCSI_A_S_TARGET_NAME, si->target_name) ||
	    nla_put_string(msg, KISCSI_A_S_INITIATOR_NAME,
			   si->initiator_name) ||
	    nla_put_u32(msg, KISCSI_A_S_STATE, si->state) ||
	    nla_put_u32(msg, KISCSI_A_S_HOST_NO, si->host_no) ||
	    nla_put_u32(msg, KISCSI_A_S_TSIH, si->tsih) ||
	    nla_put(msg, KISCSI_A_S_ISID, sizeof(si->isid), si->isid) ||
	    nla_put_u32(msg, KISCSI_A_S_TPGT, si->tpgt) ||
	    nla_put_u32(msg, KISCSI_A_S_AUTH, si->auth) ||
	    put_params(msg, &si->params) ||
	    put_stats(msg, &si->stats) ||
	    nla_put_u32(msg, KISCSI_A_S_REPLACEMENT_TIMEOUT,
			si->replacement_timeout) ||
	    nla_put_u32(msg, KISCSI_A_S_NOP_INTERVAL_MS, si->nop_interval_ms) ||
	    nla_put_u32(msg, KISCSI_A_S_NOP_TIMEOUT_MS, si->nop_timeout_ms) ||
	    nla_put_u32(msg, KISCSI_A_S_RECOVERIES, si->recoveries) ||
	    nla_put_u32(msg, KISCSI_A_S_LAST_REASON, si->last_reason) ||
	    put_addr(msg, KISCSI_A_S_PORTAL_ADDR, &si->portal) ||
	    nla_put_u32(msg, KISCSI_A_S_PORTAL_PORT, addr_port(&si->portal)) ||
	    nla_put_u32(msg, KISCSI_A_S_PORTAL_MOVED, si->portal_moved))
		goto err_cancel;
	for (i = 0; i < min_t(u32, si->nconns, KISCSI_INFO_MAX_CONNS); i++)
		if (put_conn(msg, &si->conns[i]))
			goto err_cancel;
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* Reply to @info with session @sid, or with just its id if it is gone. */
static int reply_session(struct genl_info *info, u8 cmd, u32 sid,
			 const struct kiscsi_session_info *si)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kiscsi_genl_family, 0, cmd);
	if (!hdr)
		goto err_msg;
	if (si) {
		if (put_session(msg, si))
			goto err_msg;
	} else {
		nest = nla_nest_start(msg, KISCSI_A_SESSION);
		if (!nest || nla_put_u32(msg, KISCSI_A_S_ID, sid))
			goto err_msg;
		nla_nest_end(msg, nest);
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	NL_SET_ERR_MSG_MOD(info->extack, "reply does not fit in a message");
	return -EMSGSIZE;
}

/*
 * Reply with session @sid as it is now. The request already took effect,
 * so a failure to describe the session must not look like a failed
 * request: fall back to a reply with only its id.
 */
static int reply_current_session(struct genl_info *info, u8 cmd, u32 sid)
{
	struct kiscsi_session_info *si;
	int ret;

	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (si && kiscsi_session_info_get(genl_info_net(info), sid, si)) {
		kfree(si);
		si = NULL;
	}
	ret = reply_session(info, cmd, sid, si);
	kfree(si);
	return ret;
}

/* ---- commands ---- */

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
	NL_SET_ERR_MSG_MOD(info->extack, "reply does not fit in a message");
	return -EMSGSIZE;
}

static int kiscsi_nl_login(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct kiscsi_login_cfg *cfg;
	u32 sid;
	int ret;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = login_cfg_from_attrs(cfg, info);
	if (!ret)
		ret = kiscsi_session_login(net, cfg, info->extack, &sid);
	kiscsi_login_cfg_wipe(cfg);
	kfree_sensitive(cfg);
	if (ret)
		return ret;
	return reply_current_session(info, KISCSI_CMD_LOGIN, sid);
}

static int kiscsi_nl_logout(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct net *net = genl_info_net(info);
	int given;

	given = !!attrs[KISCSI_A_SESSION_ID] + !!attrs[KISCSI_A_TARGET_NAME] +
		!!attrs[KISCSI_A_ALL];
	if (given != 1) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "log out by exactly one of: session id, target name, all");
		return -EINVAL;
	}
	if (attrs[KISCSI_A_SESSION_ID])
		return kiscsi_session_logout_id(net,
						nla_get_u32(attrs[KISCSI_A_SESSION_ID]),
						info->extack);
	if (attrs[KISCSI_A_TARGET_NAME]) {
		int ret = check_name_attr(info, KISCSI_A_TARGET_NAME);

		if (ret)
			return ret;
		return kiscsi_session_logout_target(net,
						    nla_data(attrs[KISCSI_A_TARGET_NAME]),
						    info->extack);
	}
	return kiscsi_session_logout_all(net, info->extack);
}

static int kiscsi_nl_get_session(struct sk_buff *skb, struct genl_info *info)
{
	struct kiscsi_session_info *si;
	u32 sid;
	int ret;

	if (!info->attrs[KISCSI_A_SESSION_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "give a session id, or ask for a dump of all sessions");
		return -EINVAL;
	}
	sid = nla_get_u32(info->attrs[KISCSI_A_SESSION_ID]);
	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	ret = kiscsi_session_info_get(genl_info_net(info), sid, si);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[KISCSI_A_SESSION_ID],
				    "no session with that id in this network namespace");
	if (!ret)
		ret = reply_session(info, KISCSI_CMD_GET_SESSION, sid, si);
	kfree(si);
	return ret;
}

/*
 * Dump: one message per session, in id order. cb->args[0] is the cursor
 * (the smallest id not dumped yet), so sessions created or removed
 * between the parts of a dump are seen at most once; cb->args[1] is set
 * once the session with the largest possible id was dumped, where the
 * cursor would wrap.
 */
static int kiscsi_nl_dump_sessions(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct kiscsi_session_info *si;
	u32 cursor = cb->args[0];
	int ret = 0;

	if (cb->args[1])
		return 0;
	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	for (;;) {
		u32 next = cursor;
		void *hdr;

		ret = kiscsi_session_info_next(net, &next, si);
		if (ret == -ENOENT) {
			ret = 0;
			break;
		}
		if (ret)
			break;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &kiscsi_genl_family,
				  NLM_F_MULTI, KISCSI_CMD_GET_SESSION);
		if (!hdr) {
			ret = -EMSGSIZE;
			break;
		}
		if (put_session(skb, si)) {
			genlmsg_cancel(skb, hdr);
			ret = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		if (next <= cursor) {	/* wrapped past U32_MAX: done */
			cb->args[1] = 1;
			break;
		}
		cursor = next;
	}
	kfree(si);
	cb->args[0] = cursor;
	/* Out of room: continue in the next part if this one has anything. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	if (ret == -EMSGSIZE)
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "one session does not fit in a dump message");
	return ret ? ret : skb->len;
}

static int kiscsi_nl_set_session(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct kiscsi_timeouts tmo = {};
	u32 sid;
	int ret;

	if (!info->attrs[KISCSI_A_SESSION_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack, "give the session id to change");
		return -EINVAL;
	}
	timeouts_from_attrs(&tmo, info->attrs);
	if (!tmo.set) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "nothing to change: give a replacement or NOP timeout");
		return -EINVAL;
	}
	sid = nla_get_u32(info->attrs[KISCSI_A_SESSION_ID]);
	ret = kiscsi_session_set_timeouts(net, sid, &tmo, info->extack);
	if (ret)
		return ret;
	return reply_current_session(info, KISCSI_CMD_SET_SESSION, sid);
}

static const struct genl_multicast_group kiscsi_mcgrps[] = {
	/* Open to all, like GET_SESSION: events carry no secrets. */
	{ .name = KISCSI_MCGRP_EVENTS },
};

void kiscsi_nl_notify(struct net *net, const struct kiscsi_event_msg *ev,
		      const struct kiscsi_session_info *si)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&kiscsi_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_NOIO);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &kiscsi_genl_family, 0, KISCSI_CMD_EVENT);
	if (!hdr)
		goto err_msg;
	if (nla_put_u32(msg, KISCSI_A_EVENT, ev->event) ||
	    nla_put_u32(msg, KISCSI_A_SESSION_ID, si->id) ||
	    nla_put_string(msg, KISCSI_A_TARGET_NAME, si->target_name) ||
	    nla_put_u32(msg, KISCSI_A_REASON, ev->reason) ||
	    (ev->message &&
	     nla_put_string(msg, KISCSI_A_MESSAGE, ev->message)) ||
	    (ev->has_async &&
	     nla_put_u32(msg, KISCSI_A_ASYNC_EVENT, ev->async_event)) ||
	    put_session(msg, si))
		goto err_msg;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&kiscsi_genl_family, net, msg, 0, 0, GFP_NOIO);
	return;

err_msg:
	nlmsg_free(msg);
}

static const struct genl_small_ops kiscsi_genl_ops[] = {
	{
		.cmd	= KISCSI_CMD_GET_INFO,
		.doit	= kiscsi_nl_get_info,
		/* read-only: no GENL_ADMIN_PERM */
	},
	{
		.cmd	= KISCSI_CMD_LOGIN,
		.doit	= kiscsi_nl_login,
		/*
		 * CAP_NET_ADMIN in the initial user namespace, not the
		 * netns' own (GENL_UNS_ADMIN_PERM): a login attaches block
		 * devices, which are not namespaced, whose contents the
		 * kernel and udev parse. Root of an unprivileged user
		 * namespace must not get that.
		 */
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= KISCSI_CMD_LOGOUT,
		.doit	= kiscsi_nl_logout,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= KISCSI_CMD_GET_SESSION,
		.doit	= kiscsi_nl_get_session,
		.dumpit	= kiscsi_nl_dump_sessions,
		/* read-only; never carries secrets */
	},
	{
		.cmd	= KISCSI_CMD_SET_SESSION,
		.doit	= kiscsi_nl_set_session,
		.flags	= GENL_ADMIN_PERM,
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
	.mcgrps		= kiscsi_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(kiscsi_mcgrps),
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
