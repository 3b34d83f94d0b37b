// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the login of one connection, in the kernel (RFC 7143 §6).
 *
 * Login is a short, strictly alternating request/response exchange, so it
 * runs in process context on the blocking socket, before the connection
 * switches to io_work for the full feature phase. The judgement of each
 * Login Response (stages, keys, CHAP) is the protocol core's
 * (proto/login.c); this file owns the socket, the PDUs we send and the
 * translation of failures into messages an administrator can act on.
 */
#include <linux/inet.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "core.h"
#include "proto/login.h"

/* Login PDUs carry at most 8192 data bytes (RFC 7143 §13.12 default). */
#define LOGIN_SEG_MAX		ISCSI_DEF_MAX_RECV_SEG_LEN
/* Bound on request/response rounds: a target cannot keep us forever. */
#define LOGIN_MAX_ROUNDS	32
/* The first CmdSN of the session; any value works (RFC 7143 §4.2.2.1). */
#define KISCSI_INITIAL_CMDSN	1
/* Our mutual-CHAP challenge length. */
#define KISCSI_CHAP_CHAL_LEN	32

/* Default offers that depart from the RFC defaults, for throughput. */
#define KISCSI_OFFER_MAX_BURST		(1024 * 1024)
#define KISCSI_OFFER_FIRST_BURST	(256 * 1024)

struct login_ctx {
	bool md5_only;		/* this is the MD5-only retry */
	struct kiscsi_session *s;
	struct kiscsi_conn *conn;
	struct isc_login l;
	struct isc_chap chap;
	struct netlink_ext_ack *extack;
	u8 *txbuf;		/* data segment being built */
	u8 *rxbuf;		/* BHS + data segment received */
	u32 exp_cmdsn, max_cmdsn;
};

static int send_all(struct socket *sock, struct kvec *iov, int n, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int ret = kernel_sendmsg(sock, &msg, iov, n, len);

	return ret == len ? 0 : ret < 0 ? ret : -EIO;
}

static int recv_all(struct socket *sock, void *buf, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_WAITALL | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int ret = kernel_recvmsg(sock, &msg, &iov, 1, len, msg.msg_flags);

	return ret == len ? 0 : ret < 0 ? ret : -ECONNRESET;
}

static int send_request(struct login_ctx *c, u8 csg, u8 nsg, bool transit,
			u32 text_len)
{
	static const u8 zeros[ISCSI_PAD_LEN];
	struct isc_pdu p = { 0 };
	u8 hdr[ISCSI_HDR_LEN];
	struct kvec iov[3];
	u32 pad = isc_pad_len(text_len);
	int hlen, ret;

	p.opcode = ISCSI_OP_LOGIN;
	p.immediate = true;
	p.login.transit = transit;
	p.login.csg = csg;
	p.login.nsg = transit ? nsg : 0;
	p.login.ver_max = ISC_VERSION;
	p.login.ver_min = ISC_VERSION;
	memcpy(p.login.isid, c->s->isid, ISC_ISID_LEN);
	p.login.tsih = 0;
	p.login.cid = c->conn->cid;
	p.itt = c->l.itt;
	p.cmdsn = KISCSI_INITIAL_CMDSN;
	p.exp_statsn = c->l.exp_statsn;
	p.data_len = text_len;
	hlen = isc_pdu_build(&p, hdr, sizeof(hdr));
	if (hlen < 0)
		return hlen;
	iov[0].iov_base = hdr;
	iov[0].iov_len = hlen;
	iov[1].iov_base = c->txbuf;
	iov[1].iov_len = text_len;
	iov[2].iov_base = (void *)zeros;
	iov[2].iov_len = pad;
	ret = send_all(c->conn->sock, iov, 3, hlen + text_len + pad);
	if (ret)
		return ret;
	isc_login_sent(&c->l, csg, nsg, transit);
	return 0;
}

static int recv_response(struct login_ctx *c, u32 *len)
{
	struct iscsi_login_rsp *rsp = (struct iscsi_login_rsp *)c->rxbuf;
	struct isc_pdu_lens lens;
	enum isc_pdu_err err;
	int ret;

	ret = recv_all(c->conn->sock, c->rxbuf, ISCSI_HDR_LEN);
	if (ret)
		return ret;
	err = isc_pdu_check_bhs(c->rxbuf, ISCSI_HDR_LEN, &c->l.ctx, &lens);
	if (err || lens.ahs_len) {
		pr_warn_ratelimited("login: bad response header: %s\n",
				    isc_pdu_err_str(err));
		return -EPROTO;
	}
	ret = recv_all(c->conn->sock, c->rxbuf + ISCSI_HDR_LEN,
		       lens.data_padded);
	if (ret)
		return ret;
	c->exp_cmdsn = be32_to_cpu(rsp->exp_cmdsn);
	c->max_cmdsn = be32_to_cpu(rsp->max_cmdsn);
	*len = ISCSI_HDR_LEN + lens.data_len;
	return 0;
}

/* Build the offer: defaults tuned for throughput, then the user's overrides. */
static void build_offer(const struct kiscsi_login_cfg *cfg,
			struct isc_offer *o)
{
	isc_offer_default(o);
	o->val[ISC_KEY_AUTH_METHOD] = BIT(ISC_AUTH_NONE);
	if (cfg->chap_user[0])
		o->val[ISC_KEY_AUTH_METHOD] |= BIT(ISC_AUTH_CHAP);
	/* Mutual CHAP means the target must prove itself: no None. */
	if (cfg->mutual_user[0])
		o->val[ISC_KEY_AUTH_METHOD] = BIT(ISC_AUTH_CHAP);
	o->val[ISC_KEY_HEADER_DIGEST] = cfg->header_digest ?
		BIT(ISC_DIGEST_CRC32C) : BIT(ISC_DIGEST_NONE);
	o->val[ISC_KEY_DATA_DIGEST] = cfg->data_digest ?
		BIT(ISC_DIGEST_CRC32C) : BIT(ISC_DIGEST_NONE);
	o->val[ISC_KEY_MAX_CONNECTIONS] = 1;
	o->val[ISC_KEY_ERL] = 0;
	o->val[ISC_KEY_MAX_RECV_DSL] = KISCSI_DEF_MAX_RECV_DSL;
	o->val[ISC_KEY_MAX_BURST] = KISCSI_OFFER_MAX_BURST;
	o->val[ISC_KEY_FIRST_BURST] = KISCSI_OFFER_FIRST_BURST;
	o->val[ISC_KEY_MAX_OUTSTANDING_R2T] = KISCSI_MAX_R2T;
	o->val[ISC_KEY_INITIAL_R2T] = 0;
	o->val[ISC_KEY_IMMEDIATE_DATA] = 1;
	/* RFC 7144's key draws a complaint per login from LIO; leave it out. */
	o->val[ISC_KEY_PROTOCOL_LEVEL] = 0;

	if (cfg->opt_set & KISCSI_OPT_IMMEDIATE_DATA)
		o->val[ISC_KEY_IMMEDIATE_DATA] = cfg->immediate_data;
	if (cfg->opt_set & KISCSI_OPT_INITIAL_R2T)
		o->val[ISC_KEY_INITIAL_R2T] = cfg->initial_r2t;
	if (cfg->opt_set & KISCSI_OPT_MAX_RECV_DSL)
		o->val[ISC_KEY_MAX_RECV_DSL] = cfg->max_recv_dsl;
	if (cfg->opt_set & KISCSI_OPT_MAX_BURST)
		o->val[ISC_KEY_MAX_BURST] = cfg->max_burst;
	if (cfg->opt_set & KISCSI_OPT_FIRST_BURST)
		o->val[ISC_KEY_FIRST_BURST] = cfg->first_burst;
	if (cfg->opt_set & KISCSI_OPT_MAX_OUTSTANDING_R2T)
		o->val[ISC_KEY_MAX_OUTSTANDING_R2T] =
			min_t(u32, cfg->max_outstanding_r2t, KISCSI_MAX_R2T);
	/* RFC 7143 §13.14: FirstBurstLength must not exceed MaxBurstLength. */
	if (o->val[ISC_KEY_FIRST_BURST] > o->val[ISC_KEY_MAX_BURST])
		o->val[ISC_KEY_FIRST_BURST] = o->val[ISC_KEY_MAX_BURST];
}

static int setup_chap(struct login_ctx *c)
{
	const struct kiscsi_login_cfg *cfg = c->s->cfg;
	u8 chal[KISCSI_CHAP_CHAL_LEN];
	u8 id;
	int ret;

	ret = isc_chap_init(&c->chap, &isc_chap_kcrypto_ops, cfg->chap_user,
			    cfg->chap_secret, cfg->chap_secret_len, ISC_BIN_HEX);
	if (ret || !cfg->mutual_user[0])
		return ret;
	get_random_bytes(&id, sizeof(id));
	get_random_bytes(chal, sizeof(chal));
	ret = isc_chap_set_mutual(&c->chap, cfg->mutual_user,
				  cfg->mutual_secret, cfg->mutual_secret_len,
				  id, chal, sizeof(chal));
	memzero_explicit(chal, sizeof(chal));
	return ret;
}

/* Turn a Login Response status (RFC 7143 §11.13.5) into advice. */
static int login_refused(struct login_ctx *c)
{
	u8 cls = c->l.status_class, det = c->l.status_detail;
	struct netlink_ext_ack *extack = c->extack;

	pr_info_ratelimited("login to %s refused: status %u/%u\n",
			    c->s->cfg->target_name, cls, det);
	/*
	 * Some targets (tgt) answer our CHAP_A list with an algorithm they
	 * cannot verify, then refuse the response. Before calling the
	 * secret wrong, the caller retries once proposing MD5 alone.
	 */
	if (cls == ISCSI_STATUS_CLS_INITIATOR_ERR && !c->md5_only &&
	    c->s->cfg->chap_user[0] && c->chap.alg &&
	    c->chap.alg != ISC_CHAP_MD5)
		return -EPROTONOSUPPORT;
	if (cls == ISCSI_STATUS_CLS_INITIATOR_ERR) {
		switch (det) {
		case ISCSI_LOGIN_STATUS_AUTH_FAILED:
			NL_SET_ERR_MSG_MOD(extack,
					   "target refused login: authentication failed (check the CHAP user and secret)");
			return -EACCES;
		case ISCSI_LOGIN_STATUS_TGT_FORBIDDEN:
			NL_SET_ERR_MSG_MOD(extack,
					   "target refused login: this initiator is not authorized (check the target's ACL for our initiator name)");
			return -EACCES;
		case ISCSI_LOGIN_STATUS_TGT_NOT_FOUND:
		case ISCSI_LOGIN_STATUS_TGT_REMOVED:
			NL_SET_ERR_MSG_MOD(extack,
					   "target refused login: no such target name on this portal");
			return -ENOENT;
		default:
			NL_SET_ERR_MSG_MOD(extack,
					   "target refused login: initiator error");
			return -EINVAL;
		}
	}
	if (cls == ISCSI_STATUS_CLS_TARGET_ERR) {
		NL_SET_ERR_MSG_MOD(extack,
				   "target refused login: target error (busy or out of resources; retry later)");
		return -EAGAIN;
	}
	NL_SET_ERR_MSG_MOD(extack, "target refused login");
	return -ECONNREFUSED;
}

/*
 * TargetAddress of a redirect (RFC 7143 §13.8): "domainname[:port][,tpgt]"
 * where domainname is an IPv4 address or a bracketed IPv6 address. The
 * kernel resolves no host names, so a name is refused. An IPv6 address
 * keeps the scope of the address we logged in to.
 */
static int parse_target_address(const char *str,
				const struct sockaddr_storage *from,
				struct sockaddr_storage *to)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)to;
	struct sockaddr_in *sin = (struct sockaddr_in *)to;
	const char *end = strchrnul(str, ','), *host = str, *hend, *port;
	char num[8];
	u16 p = ISCSI_LISTEN_PORT;
	size_t n;

	memset(to, 0, sizeof(*to));
	if (*str == '[') {
		host = str + 1;
		hend = memchr(host, ']', end - host);
		if (!hend)
			return -EINVAL;
		port = hend + 1;
		if (!in6_pton(host, hend - host, sin6->sin6_addr.s6_addr, -1,
			      NULL))
			return -EINVAL;
		sin6->sin6_family = AF_INET6;
		if (from->ss_family == AF_INET6)
			sin6->sin6_scope_id =
				((const struct sockaddr_in6 *)from)->sin6_scope_id;
	} else {
		hend = memchr(host, ':', end - host) ?: end;
		port = hend;
		if (!in4_pton(host, hend - host, (u8 *)&sin->sin_addr, -1, NULL))
			return -EINVAL;
		sin->sin_family = AF_INET;
	}
	if (port < end) {
		if (*port != ':')
			return -EINVAL;
		n = end - port - 1;
		if (!n || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, port + 1, n);
		num[n] = '\0';
		if (kstrtou16(num, 10, &p) || !p)
			return -EINVAL;
	}
	if (to->ss_family == AF_INET6)
		sin6->sin6_port = htons(p);
	else
		sin->sin_port = htons(p);
	return 0;
}

/* The target sent us elsewhere: note where, for the caller to follow. */
static int login_redirected(struct login_ctx *c)
{
	const char *addr = c->l.params.target_address;
	struct kiscsi_session *s = c->s;

	if (parse_target_address(addr, &c->conn->peer, &s->redirect)) {
		pr_warn_ratelimited("session %u: redirect to an address we cannot use: %.64s\n",
				    s->id, addr);
		NL_SET_ERR_MSG_MOD(c->extack,
				   "target redirected the login to an address that is not a numeric IPv4 or [IPv6] portal");
		return -EINVAL;
	}
	s->redirect_permanent = c->l.status_detail ==
				ISCSI_LOGIN_STATUS_TGT_MOVED_PERM;
	pr_info("session %u: %s redirect to %pISpc\n", s->id,
		s->redirect_permanent ? "permanent" : "temporary",
		&s->redirect);
	return -EREMOTE;
}

static int login_error(struct login_ctx *c, enum isc_login_err err)
{
	struct netlink_ext_ack *extack = c->extack;

	pr_warn_ratelimited("login to %s failed: %s%s%s\n",
			    c->s->cfg->target_name, isc_login_err_str(err),
			    err == ISC_LOGIN_ERR_PDU ? ": " :
			    err == ISC_LOGIN_ERR_TEXT ? ": " : "",
			    err == ISC_LOGIN_ERR_PDU ?
			    isc_pdu_err_str(c->l.pdu_err) :
			    err == ISC_LOGIN_ERR_TEXT ?
			    isc_text_err_str(c->l.text_err) : "");
	if (err == ISC_LOGIN_ERR_TEXT && c->l.text_err == ISC_TEXT_ERR_AUTH) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the target failed mutual CHAP: it is not the target it claims to be, or the mutual secret is wrong");
		return -EACCES;
	}
	if (err == ISC_LOGIN_ERR_TEXT &&
	    c->l.text_err == ISC_TEXT_ERR_NEGOTIATION &&
	    (!strcmp(c->l.negot.bad_key, "HeaderDigest") ||
	     !strcmp(c->l.negot.bad_key, "DataDigest"))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the target does not agree to the requested digest (enable CRC32C on the target, or log in without it)");
		return -EPROTO;
	}
	if (err == ISC_LOGIN_ERR_AUTH) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the target skipped authentication that was required");
		return -EACCES;
	}
	NL_SET_ERR_MSG_MOD(extack,
			   "login failed: the target broke the login protocol (see the kernel log)");
	return -EPROTO;
}

/* Compose the next request of stage @stage; returns its text length. */
static int compose(struct login_ctx *c, u8 stage, bool first, bool *transit)
{
	const struct kiscsi_login_cfg *cfg = c->s->cfg;
	struct isc_negot *n = &c->l.negot;
	size_t off = 0;
	int ret;

	if (n->ans_len > LOGIN_SEG_MAX)
		return -ENOSPC;
	memcpy(c->txbuf, n->ans, n->ans_len);
	off = n->ans_len;
	if (first) {
		ret = isc_text_put(c->txbuf, LOGIN_SEG_MAX, &off,
				   "InitiatorName", cfg->initiator_name) ?:
		      isc_text_put(c->txbuf, LOGIN_SEG_MAX, &off,
				   "TargetName", cfg->target_name) ?:
		      isc_text_put(c->txbuf, LOGIN_SEG_MAX, &off,
				   "SessionType", "Normal");
		if (ret)
			return ret;
	}
	*transit = true;
	if (stage == ISC_STAGE_SEC &&
	    n->res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP && !first &&
	    cfg->chap_user[0]) {
		switch (c->chap.state) {
		case ISC_CHAP_START:
			ret = isc_chap_build_algs(&c->chap, c->txbuf,
						  LOGIN_SEG_MAX, &off);
			*transit = false;
			break;
		case ISC_CHAP_CHALLENGED:
			ret = isc_chap_build_response(&c->chap, c->txbuf,
						      LOGIN_SEG_MAX, &off);
			break;
		default:
			ret = 0;
			break;
		}
		if (ret)
			return ret;
	} else if (stage == ISC_STAGE_SEC && first && cfg->chap_user[0]) {
		/* AuthMethod must be settled before CHAP keys flow. */
		*transit = false;
	}
	ret = isc_negot_offer(n, c->txbuf + off, LOGIN_SEG_MAX - off);
	if (ret < 0)
		return ret;
	return off + ret;
}

static int run_login(struct login_ctx *c)
{
	struct isc_negot *n = &c->l.negot;
	enum isc_login_next next;
	enum isc_login_err err;
	u8 stage = ISC_STAGE_SEC;
	bool first = true, transit;
	int round, len, ret;
	u32 rlen;

	for (round = 0; round < LOGIN_MAX_ROUNDS; round++) {
		if (first)
			isc_negot_begin(n, stage);
		len = compose(c, stage, first, &transit);
		if (len < 0)
			return login_error(c, ISC_LOGIN_ERR_TEXT);
		ret = send_request(c, stage, stage == ISC_STAGE_SEC ?
				   ISC_STAGE_OP : ISC_STAGE_FFP, transit, len);
		if (!ret)
			ret = recv_response(c, &rlen);
		if (ret) {
			NL_SET_ERR_MSG_MOD(c->extack,
					   "connection lost during login (the portal may not be an iSCSI target)");
			return ret;
		}
		first = false;
		err = isc_login_rx(&c->l, c->rxbuf, rlen, &next);
		if (err)
			return login_error(c, err);
		switch (next) {
		case ISC_LOGIN_NEXT_SEND:
			break;
		case ISC_LOGIN_NEXT_STAGE:
			stage = n->stage;
			break;
		case ISC_LOGIN_NEXT_FFP:
			return 0;
		case ISC_LOGIN_NEXT_REDIRECT:
			return login_redirected(c);
		case ISC_LOGIN_NEXT_FAILED:
			return login_refused(c);
		}
	}
	NL_SET_ERR_MSG_MOD(c->extack, "login did not converge (too many rounds)");
	return -EPROTO;
}

/**
 * kiscsi_login() - log in on a connected socket (blocking)
 * @s: the session; s->cfg holds the configuration, s->isid is set
 * @conn: its connected connection
 * @extack: where to explain a failure
 * @md5_only: propose CHAP_A=5 alone (the retry after -EPROTONOSUPPORT)
 *
 * Return: 0; -EPROTONOSUPPORT when a CHAP login with a stronger hash was
 * refused and an MD5-only retry on a new connection may succeed;
 * -EREMOTE when the target redirected us to s->redirect (permanently if
 * s->redirect_permanent); -EAGAIN when the target is busy or out of
 * resources (retry later); another negative errno with @extack set.
 *
 * On success s->params, s->tsih, s->auth, the CmdSN window and the
 * connection's ExpStatSN are set, and the socket is ready for io_work.
 */
int kiscsi_login(struct kiscsi_session *s, struct kiscsi_conn *conn,
		 struct netlink_ext_ack *extack, bool md5_only)
{
	struct isc_offer *offer;
	struct login_ctx *c;
	int ret = -ENOMEM;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	offer = kzalloc(sizeof(*offer), GFP_KERNEL);
	if (!c || !offer)
		goto out;
	c->s = s;
	c->conn = conn;
	c->extack = extack;
	c->md5_only = md5_only;
	c->txbuf = kmalloc(LOGIN_SEG_MAX, GFP_KERNEL);
	c->rxbuf = kmalloc(ISCSI_HDR_LEN + LOGIN_SEG_MAX + ISCSI_PAD_LEN,
			   GFP_KERNEL);
	if (!c->txbuf || !c->rxbuf)
		goto out;
	if (s->cfg->chap_user[0]) {
		ret = setup_chap(c);
		if (ret) {
			NL_SET_ERR_MSG_MOD(extack, "cannot set up CHAP");
			goto out;
		}
		if (md5_only)
			isc_chap_use_md5_only(&c->chap);
	}
	build_offer(s->cfg, offer);
	isc_login_init(&c->l, offer, s->isid, 0, 0, true, false,
		       s->cfg->chap_user[0] ? &c->chap : NULL);

	ret = run_login(c);
	if (ret)
		goto out;
	s->params = c->l.params;
	s->tsih = c->l.tsih;
	if (c->l.negot.res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP)
		s->auth = s->cfg->mutual_user[0] ? KISCSI_AUTH_CHAP_MUTUAL :
						   KISCSI_AUTH_CHAP;
	else
		s->auth = KISCSI_AUTH_NONE;
	conn->exp_statsn = c->l.exp_statsn;
	s->cmdsn = KISCSI_INITIAL_CMDSN;
	s->window.exp_cmdsn = c->exp_cmdsn;
	s->window.max_cmdsn = c->max_cmdsn;
out:
	if (c) {
		isc_chap_destroy(&c->chap);
		kfree(c->txbuf);
		kfree(c->rxbuf);
		kfree_sensitive(c);
	}
	kfree(offer);
	return ret;
}
