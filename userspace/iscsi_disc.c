// SPDX-License-Identifier: GPL-2.0
/*
 * A userspace discovery session (see iscsi_disc.h). Compiled against the
 * protocol core's headers (kernel/proto) through the unit-test shim.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "login.h"
#include "chap_openssl.h"

#include "iscsi_disc.h"
#include "sendtargets.h"

#define SEG_MAX		ISCSI_DEF_MAX_RECV_SEG_LEN	/* 8192 */
#define LOGIN_ROUNDS	32
/* A target cannot keep us in continuations forever. */
#define TEXT_ROUNDS	4096
#define FIRST_CMDSN	1
#define LOGIN_ITT	0
#define TEXT_ITT	1
#define LOGOUT_ITT	2

struct dsess {
	int fd;
	const struct disc_cfg *cfg;
	struct isc_login l;
	struct isc_chap chap;
	bool use_chap;
	u8 isid[ISC_ISID_LEN];
	u32 cmdsn;
	u32 exp_statsn;
	u8 tx[SEG_MAX];
	u8 rx[ISCSI_HDR_LEN + SEG_MAX + ISCSI_PAD_LEN];
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct dsess *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, d->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int send_all(struct dsess *d, const void *buf, size_t len)
{
	const u8 *p = buf;
	ssize_t n;

	while (len) {
		n = send(d->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return fail(d, "connection lost while sending: %s",
				    n < 0 ? strerror(errno) : "closed");
		p += n;
		len -= n;
	}
	return 0;
}

static int recv_all(struct dsess *d, void *buf, size_t len)
{
	u8 *p = buf;
	ssize_t n;

	while (len) {
		n = recv(d->fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return fail(d, "the portal did not answer in time");
		if (n <= 0)
			return fail(d, "the portal closed the connection%s%s",
				    n < 0 ? ": " : "",
				    n < 0 ? strerror(errno) : "");
		p += n;
		len -= n;
	}
	return 0;
}

/* Send one PDU: header from P, TEXT_LEN bytes of d->tx, padding. */
static int send_pdu(struct dsess *d, struct isc_pdu *p, u32 text_len)
{
	static const u8 zeros[ISCSI_PAD_LEN];
	u8 hdr[ISCSI_HDR_LEN];
	int hlen;

	p->data_len = text_len;
	hlen = isc_pdu_build(p, hdr, sizeof(hdr));
	if (hlen < 0)
		return fail(d, "cannot build a PDU (%d)", hlen);
	if (send_all(d, hdr, hlen) || send_all(d, d->tx, text_len) ||
	    send_all(d, zeros, isc_pad_len(text_len)))
		return -1;
	return 0;
}

/*
 * Receive one PDU into d->rx; *LEN is BHS + data (no padding). The BHS
 * is checked before it sizes the read: at most CTX's MaxRecvDSL.
 */
static int recv_pdu(struct dsess *d, const struct isc_pdu_ctx *ctx,
		    u32 *len)
{
	struct isc_pdu_lens lens;
	enum isc_pdu_err perr;

	if (recv_all(d, d->rx, ISCSI_HDR_LEN))
		return -1;
	perr = isc_pdu_check_bhs(d->rx, ISCSI_HDR_LEN, ctx, &lens);
	if (perr)
		return fail(d, "the target sent a malformed PDU: %s",
			    isc_pdu_err_str(perr));
	if (lens.ahs_len || lens.data_padded > SEG_MAX + ISCSI_PAD_LEN)
		return fail(d, "the target sent a PDU larger than we allow");
	if (recv_all(d, d->rx + ISCSI_HDR_LEN, lens.data_padded))
		return -1;
	*len = ISCSI_HDR_LEN + lens.data_len;
	return 0;
}

static void build_offer(struct dsess *d, struct isc_offer *o)
{
	isc_offer_default(o);
	o->val[ISC_KEY_AUTH_METHOD] = 1U << ISC_AUTH_NONE;
	if (d->use_chap)
		o->val[ISC_KEY_AUTH_METHOD] |= 1U << ISC_AUTH_CHAP;
	o->val[ISC_KEY_HEADER_DIGEST] = 1U << ISC_DIGEST_NONE;
	o->val[ISC_KEY_DATA_DIGEST] = 1U << ISC_DIGEST_NONE;
	o->val[ISC_KEY_MAX_RECV_DSL] = SEG_MAX;
	o->val[ISC_KEY_PROTOCOL_LEVEL] = 0;
}

/* The text of our next Login Request; returns its length or -1. */
static int compose(struct dsess *d, u8 stage, bool first, bool *transit)
{
	struct isc_negot *n = &d->l.negot;
	size_t off;
	int ret = 0;

	if (n->ans_len > SEG_MAX)
		return fail(d, "login answers do not fit a PDU");
	memcpy(d->tx, n->ans, n->ans_len);
	off = n->ans_len;
	if (first &&
	    (isc_text_put((char *)d->tx, SEG_MAX, &off, "InitiatorName",
			  d->cfg->initiator) ||
	     isc_text_put((char *)d->tx, SEG_MAX, &off, "SessionType",
			  "Discovery")))
		return fail(d, "the initiator name does not fit a PDU");
	*transit = true;
	if (stage == ISC_STAGE_SEC && d->use_chap) {
		if (first) {
			*transit = false;	/* settle AuthMethod first */
		} else if (n->res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP) {
			if (d->chap.state == ISC_CHAP_START) {
				ret = isc_chap_build_algs(&d->chap, (char *)d->tx,
							  SEG_MAX, &off);
				*transit = false;
			} else if (d->chap.state == ISC_CHAP_CHALLENGED) {
				ret = isc_chap_build_response(&d->chap,
							      (char *)d->tx,
							      SEG_MAX, &off);
			}
			if (ret)
				return fail(d, "CHAP failed: the target's challenge is unusable");
		}
	}
	ret = isc_negot_offer(n, (char *)d->tx + off, SEG_MAX - off);
	if (ret < 0)
		return fail(d, "login keys do not fit a PDU");
	return off + ret;
}

static int login_refused(struct dsess *d)
{
	u8 cls = d->l.status_class, det = d->l.status_detail;

	if (cls == ISCSI_STATUS_CLS_REDIRECT)
		return fail(d, "the target redirected the discovery login (to %s); use that portal",
			    d->l.params.target_address);
	if (cls == ISCSI_STATUS_CLS_INITIATOR_ERR) {
		switch (det) {
		case ISCSI_LOGIN_STATUS_AUTH_FAILED:
			return fail(d, "target refused login: authentication failed (check the CHAP user and secret)");
		case ISCSI_LOGIN_STATUS_TGT_FORBIDDEN:
			return fail(d, "target refused login: this initiator is not authorized");
		default:
			return fail(d, "target refused login: initiator error (status 0x%02x%02x)",
				    cls, det);
		}
	}
	if (cls == ISCSI_STATUS_CLS_TARGET_ERR)
		return fail(d, "target refused login: target error (status 0x%02x%02x; retry later)",
			    cls, det);
	return fail(d, "target refused login (status 0x%02x%02x)", cls, det);
}

static int login(struct dsess *d)
{
	struct isc_negot *n = &d->l.negot;
	enum isc_login_next next;
	enum isc_login_err lerr;
	struct isc_offer offer;
	u8 stage = ISC_STAGE_SEC;
	bool first = true, transit = true;
	struct isc_pdu p;
	int round, len;
	u32 rlen;

	build_offer(d, &offer);
	isc_login_init(&d->l, &offer, d->isid, 0, LOGIN_ITT, true, true,
		       d->use_chap ? &d->chap : NULL);
	for (round = 0; round < LOGIN_ROUNDS; round++) {
		if (first)
			isc_negot_begin(n, stage);
		len = compose(d, stage, first, &transit);
		if (len < 0)
			return -1;
		memset(&p, 0, sizeof(p));
		p.opcode = ISCSI_OP_LOGIN;
		p.immediate = true;
		p.login.transit = transit;
		p.login.csg = stage;
		p.login.nsg = transit ? (stage == ISC_STAGE_SEC ?
					 ISC_STAGE_OP : ISC_STAGE_FFP) : 0;
		memcpy(p.login.isid, d->isid, ISC_ISID_LEN);
		p.itt = LOGIN_ITT;
		p.cmdsn = FIRST_CMDSN;
		p.exp_statsn = d->l.exp_statsn;
		if (send_pdu(d, &p, len))
			return -1;
		isc_login_sent(&d->l, stage, p.login.nsg, transit);
		if (recv_pdu(d, &d->l.ctx, &rlen))
			return -1;
		first = false;
		lerr = isc_login_rx(&d->l, d->rx, rlen, &next);
		if (lerr == ISC_LOGIN_ERR_TEXT &&
		    d->l.text_err == ISC_TEXT_ERR_AUTH)
			return fail(d, "CHAP failed: the target's CHAP exchange is not acceptable");
		if (lerr)
			return fail(d, "the target broke the login protocol: %s%s%s",
				    isc_login_err_str(lerr),
				    lerr == ISC_LOGIN_ERR_TEXT ? ": " : "",
				    lerr == ISC_LOGIN_ERR_TEXT ?
				    isc_text_err_str(d->l.text_err) : "");
		switch (next) {
		case ISC_LOGIN_NEXT_SEND:
			break;
		case ISC_LOGIN_NEXT_STAGE:
			stage = n->stage;
			break;
		case ISC_LOGIN_NEXT_FFP:
			d->exp_statsn = d->l.exp_statsn;
			d->cmdsn = FIRST_CMDSN;
			return 0;
		case ISC_LOGIN_NEXT_REDIRECT:
		case ISC_LOGIN_NEXT_FAILED:
			return login_refused(d);
		}
	}
	return fail(d, "the discovery login did not converge");
}

/* Append DATA to the growing response, bounded by ST_TEXT_MAX. */
static int append(struct dsess *d, char **text, size_t *len, size_t *cap,
		  const u8 *data, size_t n)
{
	char *t;

	if (!n)
		return 0;
	if (*len + n > ST_TEXT_MAX)
		return fail(d, "the SendTargets response is larger than %u bytes",
			    ST_TEXT_MAX);
	if (*len + n > *cap) {
		size_t c = *cap ? *cap : 16384;

		while (c < *len + n)
			c *= 2;
		t = realloc(*text, c);
		if (!t)
			return fail(d, "out of memory");
		*text = t;
		*cap = c;
	}
	memcpy(*text + *len, data, n);
	*len += n;
	return 0;
}

static int sendtargets(struct dsess *d, char **text, size_t *len)
{
	struct isc_pdu_ctx ctx = {
		.role = ISC_FROM_TARGET,
		.max_recv_dsl = d->l.params.max_recv_dsl,
	};
	static const char req[] = "SendTargets=All";
	u32 ttt = ISCSI_RESERVED_TAG, rlen;
	size_t cap = 0;
	struct isc_pdu p;
	enum isc_pdu_err perr;
	int round;

	if (ctx.max_recv_dsl > SEG_MAX)
		ctx.max_recv_dsl = SEG_MAX;
	for (round = 0; round < TEXT_ROUNDS; round++) {
		memset(&p, 0, sizeof(p));
		p.opcode = ISCSI_OP_TEXT;
		p.final = true;
		p.itt = TEXT_ITT;
		p.ttt = ttt;
		p.cmdsn = d->cmdsn++;
		p.exp_statsn = d->exp_statsn;
		/* The request once; continuations are empty (RFC 7143 §11.10.4). */
		if (!round)
			memcpy(d->tx, req, sizeof(req));
		if (send_pdu(d, &p, round ? 0 : sizeof(req)))
			return -1;
		for (;;) {
			if (recv_pdu(d, &ctx, &rlen))
				return -1;
			perr = isc_pdu_parse(d->rx, rlen, &ctx, &p);
			if (perr)
				return fail(d, "the target sent a malformed PDU: %s",
					    isc_pdu_err_str(perr));
			/* A ping that wants no answer, or an event: skip it. */
			if ((p.opcode == ISCSI_OP_NOOP_IN &&
			     p.ttt == ISCSI_RESERVED_TAG) ||
			    p.opcode == ISCSI_OP_ASYNC_EVENT)
				continue;
			break;
		}
		if (p.opcode == ISCSI_OP_REJECT)
			return fail(d, "the target rejected the SendTargets request (reason 0x%02x)",
				    p.reject.reason);
		if (p.opcode != ISCSI_OP_TEXT_RSP || p.itt != TEXT_ITT)
			return fail(d, "the target answered SendTargets with an unexpected PDU (opcode 0x%02x)",
				    p.opcode);
		d->exp_statsn = p.statsn + 1;
		if (append(d, text, len, &cap, p.data, p.data_len))
			return -1;
		if (p.final)
			return 0;
		ttt = p.ttt;
	}
	return fail(d, "the SendTargets response did not end");
}

static void logout(struct dsess *d)
{
	struct isc_pdu_ctx ctx = {
		.role = ISC_FROM_TARGET,
		.max_recv_dsl = SEG_MAX,
	};
	struct isc_pdu p = { 0 };
	u32 rlen;

	p.opcode = ISCSI_OP_LOGOUT;
	p.immediate = true;
	p.itt = LOGOUT_ITT;
	p.cmdsn = d->cmdsn;
	p.exp_statsn = d->exp_statsn;
	p.logout.reason = ISCSI_LOGOUT_REASON_CLOSE_SESSION;
	/* Best effort: the answer changes nothing for us. */
	if (!send_pdu(d, &p, 0))
		recv_pdu(d, &ctx, &rlen);
}

static int connect_portal(struct dsess *d, const struct portal *p)
{
	struct sockaddr_storage ss = { 0 };
	struct timeval tv = {
		.tv_sec = d->cfg->timeout_ms / 1000,
		.tv_usec = (d->cfg->timeout_ms % 1000) * 1000,
	};
	char why[160];
	socklen_t sl;
	int one = 1;

	if (p->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, p->addr, 4);
		sin->sin_port = htons(p->port);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, p->addr, 16);
		sin6->sin6_port = htons(p->port);
		sin6->sin6_scope_id = p->scope;
		sl = sizeof(*sin6);
	}
	d->fd = socket(p->family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (d->fd < 0)
		return fail(d, "cannot create a TCP socket: %s", strerror(errno));
	setsockopt(d->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* SO_SNDTIMEO bounds connect() too. */
	setsockopt(d->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(d->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (sock_bind(d->fd, p->family, d->cfg->bind, why, sizeof(why)))
		return fail(d, "%s", why);
	if (connect(d->fd, (struct sockaddr *)&ss, sl) == 0)
		return 0;
	if (errno == ECONNREFUSED)
		return fail(d, "portal refused the connection (nothing listens there)");
	if (errno == EINPROGRESS || errno == ETIMEDOUT || errno == EAGAIN)
		return fail(d, "portal unreachable: connection timed out");
	return fail(d, "cannot connect to the portal: %s", strerror(errno));
}

int iscsi_sendtargets(const struct portal *p, const struct disc_cfg *cfg,
		      char **text, size_t *len, char *err, size_t errlen)
{
	struct dsess *d;
	int ret = -1;

	*text = NULL;
	*len = 0;
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	d->fd = -1;
	d->cfg = cfg;
	d->err = err;
	d->errlen = errlen;
	/* RFC 7143 §11.12.5: type 10b, random qualifier. */
	if (getrandom(d->isid, sizeof(d->isid), 0) != sizeof(d->isid))
		memset(d->isid, 0x5a, sizeof(d->isid));
	d->isid[0] = 0x80 | (d->isid[0] & 0x3f);
	if (cfg->chap_user) {
		d->use_chap = true;
		if (isc_chap_init(&d->chap, &isc_chap_openssl_ops,
				  cfg->chap_user, cfg->chap_secret,
				  cfg->chap_secret_len, ISC_BIN_HEX)) {
			fail(d, "cannot set up CHAP (user name or secret too long)");
			goto out;
		}
	}
	if (connect_portal(d, p) || login(d) || sendtargets(d, text, len))
		goto out;
	logout(d);
	ret = 0;
out:
	if (ret) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
	if (d->fd >= 0)
		close(d->fd);
	isc_chap_destroy(&d->chap);
	explicit_bzero(d, sizeof(*d));
	free(d);
	return ret;
}
