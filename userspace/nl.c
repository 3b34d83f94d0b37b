// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for the kiscsi tool (see nl.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * The kernel appends its extack message to NLMSG_ERROR when asked to;
 * print it with the errno text so the user learns what to fix.
 */
static void print_nlerr(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const char *msg = NULL;
	const struct nlattr *attr;
	unsigned int off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		goto plain;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			msg = mnl_attr_get_str(attr);
	}
plain:
	if (msg)
		fprintf(stderr, "kiscsi: %s (%s)\n", msg, strerror(-err->error));
	else
		fprintf(stderr, "kiscsi: %s\n", strerror(-err->error));
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

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb };

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
