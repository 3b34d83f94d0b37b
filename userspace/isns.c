// SPDX-License-Identifier: GPL-2.0
/*
 * iSNS DevAttrQry client (see isns.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "isns.h"

#define TLV_HDR		8
/* A response of more PDUs than this is not one we want. */
#define ISNS_MAX_PDUS	1024

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

void isns_hdr_get(const uint8_t *buf, struct isns_hdr *h)
{
	h->version = get16(buf);
	h->function = get16(buf + 2);
	h->length = get16(buf + 4);
	h->flags = get16(buf + 6);
	h->xid = get16(buf + 8);
	h->seq = get16(buf + 10);
}

/* Append one TLV; values are padded to 4 bytes (RFC 4171 §5.1.3). */
static int put_tlv(uint8_t *buf, size_t cap, size_t *off, uint32_t tag,
		   const void *val, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (*off + TLV_HDR + padded > cap)
		return -1;
	put32(buf + *off, tag);
	put32(buf + *off + 4, padded);
	memset(buf + *off + TLV_HDR, 0, padded);
	if (len)
		memcpy(buf + *off + TLV_HDR, val, len);
	*off += TLV_HDR + padded;
	return 0;
}

int isns_build_query(uint8_t *buf, size_t cap, uint16_t xid,
		     const char *source)
{
	static const uint32_t wanted[] = {
		ISNS_TAG_ISCSI_NAME, ISNS_TAG_NODE_TYPE,
		ISNS_TAG_PORTAL_IP, ISNS_TAG_PORTAL_PORT,
		ISNS_TAG_PG_ISCSI_NAME, ISNS_TAG_PG_PORTAL_IP,
		ISNS_TAG_PG_PORTAL_PORT, ISNS_TAG_PG_TAG,
	};
	uint8_t type[4];
	size_t off = ISNS_HDR_LEN, i;

	put32(type, ISNS_NODE_TARGET);
	/* Source, message key (node type = target), delimiter, operating attrs */
	if (put_tlv(buf, cap, &off, ISNS_TAG_ISCSI_NAME, source,
		    strlen(source) + 1) ||
	    put_tlv(buf, cap, &off, ISNS_TAG_NODE_TYPE, type, 4) ||
	    put_tlv(buf, cap, &off, ISNS_TAG_DELIMITER, NULL, 0))
		return -1;
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (put_tlv(buf, cap, &off, wanted[i], NULL, 0))
			return -1;
	if (off - ISNS_HDR_LEN > 65535)
		return -1;
	put16(buf, ISNS_VERSION);
	put16(buf + 2, ISNS_DEV_ATTR_QRY);
	put16(buf + 4, off - ISNS_HDR_LEN);
	put16(buf + 6, ISNS_F_CLIENT | ISNS_F_FIRST | ISNS_F_LAST);
	put16(buf + 8, xid);
	put16(buf + 10, 0);
	return off;
}

/* An iSNS string value: NUL-terminated within LEN. */
static const char *tlv_str(const uint8_t *v, uint32_t len)
{
	if (!len || !memchr(v, '\0', len))
		return NULL;
	return (const char *)v;
}

/* RFC 4171 §6.3.1: 16 bytes, IPv4 as ::ffff:a.b.c.d (or ::a.b.c.d). */
static int tlv_addr(const uint8_t *v, uint32_t len, struct portal *p)
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t v4compat[12];

	if (len != 16)
		return -1;
	memset(p, 0, sizeof(*p));
	if (!memcmp(v, v4mapped, 12) || !memcmp(v, v4compat, 12)) {
		p->family = AF_INET;
		memcpy(p->addr, v + 12, 4);
	} else {
		p->family = AF_INET6;
		memcpy(p->addr, v, 16);
	}
	return 0;
}

/* What the parse holds between attributes. */
struct rsp_state {
	int node;		/* current storage node's target index, or -1 */
	int pg_node;		/* the portal group's node, or -1 */
	struct portal portal, pg_portal;
	bool has_portal, has_pg_portal;
};

static const char *const isns_status[] = {
	[1] = "unknown error",
	[2] = "message format error",
	[3] = "invalid registration",
	[5] = "invalid query",
	[6] = "source unknown",
	[7] = "source absent",
	[8] = "source unauthorized",
	[9] = "no such entry",
	[12] = "authentication unknown",
	[13] = "authentication failed",
	[16] = "internal error",
};

int isns_parse_response(const uint8_t *buf, size_t len, struct disc_result *r,
			char *err, size_t errlen)
{
	struct rsp_state st = { .node = -1, .pg_node = -1 };
	bool past_key = false, is_target = true;
	uint32_t status, tag, vlen, v;
	size_t off = 4;
	const uint8_t *val;
	const char *s;

	if (len > ISNS_RSP_MAX) {
		snprintf(err, errlen, "the iSNS response is larger than %u bytes",
			 ISNS_RSP_MAX);
		return -1;
	}
	if (len < 4) {
		snprintf(err, errlen, "the iSNS response has no status");
		return -1;
	}
	status = get32(buf);
	if (status) {
		snprintf(err, errlen, "the iSNS server refused the query: %s (status %u)",
			 status < sizeof(isns_status) / sizeof(isns_status[0]) &&
			 isns_status[status] ? isns_status[status] : "error",
			 status);
		return -1;
	}
	while (off < len) {
		if (len - off < TLV_HDR) {
			snprintf(err, errlen, "truncated attribute at byte %zu", off);
			return -1;
		}
		tag = get32(buf + off);
		vlen = get32(buf + off + 4);
		if (vlen > len - off - TLV_HDR) {
			snprintf(err, errlen, "attribute %u at byte %zu runs past the message",
				 tag, off);
			return -1;
		}
		val = buf + off + TLV_HDR;
		off += TLV_HDR + vlen;
		/* The key attributes come back first, up to a delimiter. */
		if (!past_key) {
			if (tag == ISNS_TAG_DELIMITER)
				past_key = true;
			continue;
		}
		switch (tag) {
		case ISNS_TAG_ISCSI_NAME:
			s = tlv_str(val, vlen);
			st.node = s ? disc_target(r, s) : -1;
			if (!s)
				r->skipped++;
			is_target = true;
			break;
		case ISNS_TAG_NODE_TYPE:
			if (vlen != 4)
				goto bad_len;
			is_target = get32(val) & ISNS_NODE_TARGET;
			/* An initiator slipped in: forget it again. */
			if (!is_target && st.node >= 0 &&
			    st.node == (int)r->ntargets - 1 &&
			    !r->t[st.node].nportals) {
				r->ntargets--;
				st.node = -1;
			}
			break;
		case ISNS_TAG_PORTAL_IP:
			if (tlv_addr(val, vlen, &st.portal))
				goto bad_len;
			st.has_portal = true;
			break;
		case ISNS_TAG_PORTAL_PORT:
			if (vlen != 4)
				goto bad_len;
			v = get32(val);
			/* bit 16 set: UDP, not for iSCSI */
			if (st.has_portal && !(v & 0x10000) && (v & 0xffff) &&
			    st.node >= 0 && is_target) {
				st.portal.port = v & 0xffff;
				disc_add_portal(r, st.node, &st.portal,
						DISC_NO_TPGT);
			}
			st.has_portal = false;
			break;
		case ISNS_TAG_PG_ISCSI_NAME:
			s = tlv_str(val, vlen);
			st.pg_node = s ? disc_target(r, s) : -1;
			break;
		case ISNS_TAG_PG_PORTAL_IP:
			if (tlv_addr(val, vlen, &st.pg_portal))
				goto bad_len;
			st.has_pg_portal = true;
			break;
		case ISNS_TAG_PG_PORTAL_PORT:
			if (vlen != 4)
				goto bad_len;
			v = get32(val);
			st.pg_portal.port = v & 0xffff;
			if ((v & 0x10000) || !st.pg_portal.port)
				st.has_pg_portal = false;
			break;
		case ISNS_TAG_PG_TAG:
			if (vlen != 4 && vlen != 0)
				goto bad_len;
			/* A PG ends with its tag; a NULL tag means no access. */
			if (vlen && st.has_pg_portal && st.pg_node >= 0) {
				unsigned int i;
				struct disc_target *t = &r->t[st.pg_node];

				disc_add_portal(r, st.pg_node, &st.pg_portal,
						get32(val) & 0xffff);
				for (i = 0; i < t->nportals; i++)
					if (!memcmp(&t->portals[i].p,
						    &st.pg_portal,
						    sizeof(st.pg_portal)))
						t->portals[i].tpgt =
							get32(val) & 0xffff;
			}
			st.has_pg_portal = false;
			st.pg_node = -1;
			break;
		default:
			break;	/* what we did not ask for: ignore */
		}
	}
	return 0;
bad_len:
	snprintf(err, errlen, "attribute %u has a bad length (%u)", tag, vlen);
	return -1;
}

static int recv_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = recv(fd, p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static int server_connect(const struct portal *server,
			  const struct sock_binding *bind,
			  unsigned int timeout_ms, char *err, size_t errlen)
{
	struct sockaddr_storage ss = { 0 };
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};
	socklen_t sl;
	int fd;

	if (server->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, server->addr, 4);
		sin->sin_port = htons(server->port);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, server->addr, 16);
		sin6->sin6_port = htons(server->port);
		sin6->sin6_scope_id = server->scope;
		sl = sizeof(*sin6);
	}
	fd = socket(server->family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a TCP socket: %s",
			 strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (sock_bind(fd, server->family, bind, err, errlen)) {
		close(fd);
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, sl)) {
		if (errno == ECONNREFUSED)
			snprintf(err, errlen, "iSNS server refused the connection (nothing listens there)");
		else if (errno == EINPROGRESS || errno == ETIMEDOUT ||
			 errno == EAGAIN)
			snprintf(err, errlen, "iSNS server unreachable: connection timed out");
		else
			snprintf(err, errlen, "cannot connect to the iSNS server: %s",
				 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int isns_query(const struct portal *server, const char *source,
	       const struct sock_binding *bind, unsigned int timeout_ms,
	       struct disc_result *r, char *err, size_t errlen)
{
	uint8_t *pdu = NULL, *rsp = NULL;
	uint16_t xid = (uint16_t)getpid();
	struct isns_hdr h;
	size_t rlen = 0;
	int fd, len, n, ret = -1;
	ssize_t w;

	fd = server_connect(server, bind, timeout_ms, err, errlen);
	if (fd < 0)
		return -1;
	pdu = malloc(ISNS_PDU_MAX);
	rsp = malloc(ISNS_RSP_MAX);
	if (!pdu || !rsp) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	len = isns_build_query(pdu, ISNS_PDU_MAX, xid, source);
	if (len < 0) {
		snprintf(err, errlen, "the query does not fit a PDU");
		goto out;
	}
	w = send(fd, pdu, len, MSG_NOSIGNAL);
	if (w != len) {
		snprintf(err, errlen, "cannot send to the iSNS server: %s",
			 w < 0 ? strerror(errno) : "short write");
		goto out;
	}
	for (n = 0; n < ISNS_MAX_PDUS; n++) {
		if (recv_all(fd, pdu, ISNS_HDR_LEN)) {
			snprintf(err, errlen, "the iSNS server did not answer");
			goto out;
		}
		isns_hdr_get(pdu, &h);
		if (h.version != ISNS_VERSION ||
		    h.function != (ISNS_RSP | ISNS_DEV_ATTR_QRY) ||
		    h.xid != xid || (h.flags & ISNS_F_AUTH)) {
			snprintf(err, errlen, "the iSNS server sent an unexpected PDU (function 0x%04x, flags 0x%04x)",
				 h.function, h.flags);
			goto out;
		}
		if (rlen + h.length > ISNS_RSP_MAX) {
			snprintf(err, errlen, "the iSNS response is larger than %u bytes",
				 ISNS_RSP_MAX);
			goto out;
		}
		if (recv_all(fd, rsp + rlen, h.length)) {
			snprintf(err, errlen, "the iSNS server closed the connection mid-response");
			goto out;
		}
		rlen += h.length;
		if (h.flags & ISNS_F_LAST)
			break;
	}
	if (n == ISNS_MAX_PDUS) {
		snprintf(err, errlen, "the iSNS response did not end");
		goto out;
	}
	ret = isns_parse_response(rsp, rlen, r, err, errlen);
out:
	close(fd);
	free(pdu);
	free(rsp);
	return ret;
}
