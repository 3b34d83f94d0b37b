/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plain structs for what GET_SESSION returns, in the manner of wg's
 * containers.h: no netlink types beyond the parser's signature, and
 * HAS_* bits for what the kernel actually sent.
 */
#ifndef KISCSI_MODEL_H
#define KISCSI_MODEL_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/kiscsi.h>

#define KS_MAX_CONNS 8
#define KS_MAX_DISKS 256

enum {
	KS_HAS_ID = 1 << 0,
	KS_HAS_TARGET = 1 << 1,
	KS_HAS_INITIATOR = 1 << 2,
	KS_HAS_STATE = 1 << 3,
	KS_HAS_HOST_NO = 1 << 4,
	KS_HAS_TSIH = 1 << 5,
	KS_HAS_ISID = 1 << 6,
	KS_HAS_TPGT = 1 << 7,
	KS_HAS_AUTH = 1 << 8,
	KS_HAS_TIMEOUTS = 1 << 9,	/* all three */
	KS_HAS_RECOVERIES = 1 << 10,
	KS_HAS_LAST_REASON = 1 << 11,
	KS_HAS_PORTAL = 1 << 12,
};

struct kaddr {
	int family;		/* 0: none */
	uint8_t addr[16];
	uint32_t port;
};

struct kconn {
	bool has_cid, has_state;
	uint32_t cid;
	uint32_t state;		/* enum kiscsi_conn_state */
	struct kaddr peer;
	struct kaddr local;
};

struct kdisk {
	char name[32];		/* sda */
	uint64_t lun;
};

struct ksession {
	uint32_t has;		/* KS_HAS_* */
	uint32_t id;
	char target[KISCSI_NAME_MAX + 1];
	char initiator[KISCSI_NAME_MAX + 1];
	uint32_t state;		/* enum kiscsi_session_state */
	uint32_t host_no;
	uint32_t tsih;
	uint8_t isid[6];
	uint32_t tpgt;
	uint32_t auth;		/* enum kiscsi_auth */
	uint32_t params[KISCSI_A_P_MAX + 1];
	uint64_t params_has;	/* bit per KISCSI_A_P_* */
	uint64_t stats[KISCSI_A_ST_MAX + 1];
	uint64_t stats_has;	/* bit per KISCSI_A_ST_* */
	unsigned int nconns;
	struct kconn conns[KS_MAX_CONNS];
	uint32_t replacement_timeout;	/* s */
	uint32_t nop_interval_ms;
	uint32_t nop_timeout_ms;
	uint32_t recoveries;
	uint32_t last_reason;		/* enum kiscsi_reason */
	struct kaddr portal;		/* where reconnects go */
	bool portal_moved;
	/* filled from sysfs by the caller, not from netlink */
	unsigned int ndisks;
	struct kdisk disks[KS_MAX_DISKS];
};

/* Parse the KISCSI_A_SESSION nest of a reply message. 0 or -1. */
int ksession_from_msg(const struct nlmsghdr *nlh, struct ksession *s);

const char *ksession_state_name(uint32_t state);
const char *kconn_state_name(uint32_t state);
const char *kauth_name(uint32_t auth);
/* "ping timeout"; NULL for an unknown value. */
const char *kreason_name(uint32_t reason);
/* The same as a JSON token: "ping-timeout"; "unknown" if unknown. */
const char *kreason_token(uint32_t reason);

#endif /* KISCSI_MODEL_H */
