/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal iSNS client (RFC 4171): one DevAttrQry for every iSCSI
 * target the server will show us, with the portals of each (portal group
 * objects, or the portals of the target's network entity).
 *
 * The codec is pure so the unit tests can feed it hostile responses:
 * every TLV length is checked against what is left of the message, and
 * the whole response is bounded.
 */
#ifndef KISCSI_ISNS_H
#define KISCSI_ISNS_H

#include <stddef.h>
#include <stdint.h>

#include "disc.h"
#include "portal.h"
#include "sockbind.h"

#define ISNS_DEFAULT_PORT	3205
#define ISNS_HDR_LEN		12
#define ISNS_VERSION		1
/* RFC 4171 §5.1: the PDU length field is 16 bits. */
#define ISNS_PDU_MAX		(ISNS_HDR_LEN + 65535)
/* Our bound on one response, all its PDUs together. */
#define ISNS_RSP_MAX		(1U << 20)

/* RFC 4171 §6.1 function IDs and §5.1.4 flags */
#define ISNS_DEV_ATTR_QRY	0x0002
#define ISNS_RSP		0x8000
#define ISNS_F_CLIENT		0x8000
#define ISNS_F_SERVER		0x4000
#define ISNS_F_AUTH		0x2000
#define ISNS_F_LAST		0x0800
#define ISNS_F_FIRST		0x0400

/* RFC 4171 §6.1 attribute tags */
enum {
	ISNS_TAG_DELIMITER = 0,
	ISNS_TAG_PORTAL_IP = 16,
	ISNS_TAG_PORTAL_PORT = 17,
	ISNS_TAG_ISCSI_NAME = 32,
	ISNS_TAG_NODE_TYPE = 33,
	ISNS_TAG_PG_ISCSI_NAME = 48,
	ISNS_TAG_PG_PORTAL_IP = 49,
	ISNS_TAG_PG_PORTAL_PORT = 50,
	ISNS_TAG_PG_TAG = 51,
};

#define ISNS_NODE_TARGET	0x00000001

/* The header, host order. */
struct isns_hdr {
	uint16_t version;
	uint16_t function;
	uint16_t length;	/* payload bytes */
	uint16_t flags;
	uint16_t xid;
	uint16_t seq;
};

void isns_hdr_get(const uint8_t *buf, struct isns_hdr *h);

/*
 * Build a DevAttrQry PDU for every target, asked as SOURCE (our iSCSI
 * name), into BUF. Returns its length, or -1 when CAP is too small.
 */
int isns_build_query(uint8_t *buf, size_t cap, uint16_t xid,
		     const char *source);

/*
 * Parse the payload of a DevAttrQryRsp (all PDUs' payloads joined) into
 * R. 0, or -1 with ERR (a status code from the server is an error too).
 */
int isns_parse_response(const uint8_t *buf, size_t len, struct disc_result *r,
			char *err, size_t errlen);

/* Connect, query, collect the response. 0, or -1 with ERR. */
int isns_query(const struct portal *server, const char *source,
	       const struct sock_binding *bind, unsigned int timeout_ms,
	       struct disc_result *r, char *err, size_t errlen);

#endif /* KISCSI_ISNS_H */
