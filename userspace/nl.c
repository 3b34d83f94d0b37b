// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for the kiscsi tool (see nl.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/kiscsi.h>

#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		*id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			      data);
}

/* The tool option behind each request attribute, to name it in errors. */
static const char *const attr_option[KISCSI_A_MAX + 1] = {
	[KISCSI_A_TARGET_NAME] = "--target",
	[KISCSI_A_INITIATOR_NAME] = "--initiator",
	[KISCSI_A_ADDR_IPV4] = "--portal",
	[KISCSI_A_ADDR_IPV6] = "--portal",
	[KISCSI_A_PORT] = "--portal (port)",
	[KISCSI_A_SCOPE_ID] = "--portal (%interface)",
	[KISCSI_A_CHAP_USER] = "--chap-user",
	[KISCSI_A_CHAP_SECRET] = "--chap-secret-file",
	[KISCSI_A_CHAP_MUTUAL_USER] = "--mutual-user",
	[KISCSI_A_CHAP_MUTUAL_SECRET] = "--mutual-secret-file",
	[KISCSI_A_HEADER_DIGEST] = "--header-digest",
	[KISCSI_A_DATA_DIGEST] = "--data-digest",
	[KISCSI_A_OPT_IMMEDIATE_DATA] = "--immediate-data",
	[KISCSI_A_OPT_INITIAL_R2T] = "--initial-r2t",
	[KISCSI_A_OPT_MAX_RECV_DSL] = "--max-recv-dsl",
	[KISCSI_A_OPT_MAX_BURST] = "--max-burst",
	[KISCSI_A_OPT_FIRST_BURST] = "--first-burst",
	[KISCSI_A_OPT_MAX_OUTSTANDING_R2T] = "--max-outstanding-r2t",
	[KISCSI_A_SESSION_ID] = "--session",
	[KISCSI_A_ALL] = "--all",
	[KISCSI_A_OPT_REPLACEMENT_TIMEOUT] = "--replacement-timeout",
	[KISCSI_A_OPT_NOP_INTERVAL_MS] = "--nop-interval",
	[KISCSI_A_OPT_NOP_TIMEOUT_MS] = "--nop-timeout",
	[KISCSI_A_SRC_ADDR_IPV4] = "--source",
	[KISCSI_A_SRC_ADDR_IPV6] = "--source",
	[KISCSI_A_IFNAME] = "--iface",
};

/* What the kernel said about a refused request, beyond the errno. */
struct nlerr {
	const char *msg;
	int bad_type;		/* attribute type at the bad offset, or 0 */
	int has_range;
	uint64_t min, max;
};

static int policy_cb(const struct nlattr *attr, void *data)
{
	struct nlerr *e = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
		e->min = mnl_attr_get_u64(attr);
		e->has_range |= 1;
		break;
	case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
		e->max = mnl_attr_get_u64(attr);
		e->has_range |= 2;
		break;
	}
	return MNL_CB_OK;
}

/*
 * The kernel appends its extack message to NLMSG_ERROR when asked to,
 * with the offset of the offending attribute in our request (echoed back,
 * as we do not set NETLINK_CAP_ACK) and, for policy failures, the
 * allowed range. Print all of it, naming the tool option, so the user
 * learns what to fix.
 */
static void print_nlerr(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	struct nlerr e = { 0 };
	const char *opt = NULL;
	uint32_t bad_off = 0;
	unsigned int off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		goto plain;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
				e.msg = mnl_attr_get_str(attr);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
				bad_off = mnl_attr_get_u32(attr);
			break;
		case NLMSGERR_ATTR_POLICY:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
				mnl_attr_parse_nested(attr, policy_cb, &e);
			break;
		}
	}
	/* The offset counts from the start of the echoed request. */
	if (bad_off && !(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    bad_off + sizeof(struct nlattr) <= err->msg.nlmsg_len) {
		attr = (const struct nlattr *)((const char *)&err->msg + bad_off);
		e.bad_type = mnl_attr_get_type(attr);
		if (e.bad_type > 0 && e.bad_type <= KISCSI_A_MAX)
			opt = attr_option[e.bad_type];
	}
	/* NL_SET_ERR_MSG_MOD prefixes the module name; we print our own. */
	if (e.msg && !strncmp(e.msg, KISCSI_GENL_NAME ": ",
			      strlen(KISCSI_GENL_NAME) + 2))
		e.msg += strlen(KISCSI_GENL_NAME) + 2;
plain:
	if (err->error == -EPERM && !e.msg) {
		fprintf(stderr,
			"kiscsi: permission denied: this command needs root (CAP_NET_ADMIN in the initial user namespace)\n");
		return;
	}
	fprintf(stderr, "kiscsi: %s", e.msg ? e.msg : strerror(-err->error));
	if (opt)
		fprintf(stderr, " [%s]", opt);
	if (e.has_range == 3)
		fprintf(stderr, " (allowed: %llu..%llu)",
			(unsigned long long)e.min, (unsigned long long)e.max);
	/* The errno's own text, unless it speaks of files, not networks. */
	if (e.msg && err->error != -ELOOP && err->error != -EREMOTE)
		fprintf(stderr, " (%s)", strerror(-err->error));
	fputc('\n', stderr);
}

/* What one request's callbacks share. */
struct talk_ctx {
	mnl_cb_t cb;
	void *data;
	int quiet;	/* the caller explains failures itself */
};

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *ctx = data;

	return ctx->cb ? ctx->cb(nlh, ctx->data) : MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct talk_ctx *ctx = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error && !ctx->quiet)
		print_nlerr(nlh);
	errno = -err->error;
	return err->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

/*
 * A dump ends with NLMSG_DONE, whose payload is an int error and, with
 * extended ACKs, the same TLVs as NLMSG_ERROR. libmnl's default ignores
 * the error, which would turn a failed dump into an empty one.
 */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk_ctx *ctx = data;
	const struct nlattr *attr;
	const char *msg = NULL;
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return MNL_CB_STOP;
	error = *(const int *)mnl_nlmsg_get_payload(nlh);
	if (!error)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, sizeof(int)) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
				msg = mnl_attr_get_str(attr);
		}
	}
	if (!ctx->quiet)
		fprintf(stderr, "kiscsi: %s%s%s\n", msg ? msg : "",
			msg ? ": " : "", strerror(-error));
	errno = -error;
	return MNL_CB_ERROR;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

static int talk(struct knl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, int quiet)
{
	struct talk_ctx ctx = { .cb = cb, .data = data, .quiet = quiet };
	uint32_t seq = req->nlmsg_seq;
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0) {
		fprintf(stderr, "kiscsi: netlink send: %s\n", strerror(errno));
		return -errno;
	}
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->buf,
					MNL_SOCKET_BUFFER_SIZE);
		if (n < 0) {
			fprintf(stderr, "kiscsi: netlink receive: %s\n",
				strerror(errno));
			return -errno;
		}
		ret = mnl_cb_run2(nl->buf, n, seq, nl->portid, data_cb, &ctx,
				  ctl_cbs, MNL_ARRAY_SIZE(ctl_cbs));
	} while (ret == MNL_CB_OK);
	return ret < 0 ? -errno : 0;
}

struct nlmsghdr *knl_request(struct knl *nl, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = KISCSI_GENL_VERSION;
	return nlh;
}

int knl_talk(struct knl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	return talk(nl, req, cb, data, 0);
}

int knl_open(struct knl *nl)
{
	struct nlmsghdr *nlh;
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->buf || !nl->sock) {
		fprintf(stderr, "kiscsi: cannot open a netlink socket: %s\n",
			strerror(errno));
		goto err;
	}
	/* Best effort: older kernels simply do not send extack text. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "kiscsi: cannot bind netlink: %s\n",
			strerror(errno));
		goto err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = getpid();

	nl->family = GENL_ID_CTRL;
	nlh = knl_request(nl, CTRL_CMD_GETFAMILY, 0);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KISCSI_GENL_NAME);
	nl->family = 0;
	ret = talk(nl, nlh, family_cb, &nl->family, 1);
	if (ret == -ENOENT || (!ret && !nl->family)) {
		fprintf(stderr,
			"kiscsi: the kiscsi kernel module is not loaded and could not be loaded (try: modprobe kiscsi)\n");
		goto err;
	}
	if (ret) {
		fprintf(stderr, "kiscsi: cannot resolve the kiscsi netlink family: %s\n",
			strerror(-ret));
		goto err;
	}
	return 0;
err:
	knl_close(nl);
	return -1;
}

void knl_close(struct knl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
}
