/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kiscsi: sessions, as seen by the control path (netlink.c).
 *
 * The netlink layer validates and translates requests into a
 * struct kiscsi_login_cfg and reads sessions back as snapshots
 * (struct kiscsi_session_info); it never touches a live session.
 */
#ifndef _KISCSI_SESSION_H
#define _KISCSI_SESSION_H

#include <linux/if.h>
#include <linux/socket.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <net/net_namespace.h>
#include <uapi/linux/kiscsi.h>

#include "proto/pdu.h"
#include "proto/text.h"
#include "proto/chap.h"

/* Bits of kiscsi_login_cfg.opt_set: which overrides the caller gave. */
#define KISCSI_OPT_IMMEDIATE_DATA	BIT(0)
#define KISCSI_OPT_INITIAL_R2T		BIT(1)
#define KISCSI_OPT_MAX_RECV_DSL		BIT(2)
#define KISCSI_OPT_MAX_BURST		BIT(3)
#define KISCSI_OPT_FIRST_BURST		BIT(4)
#define KISCSI_OPT_MAX_OUTSTANDING_R2T	BIT(5)

/* Bits of kiscsi_timeouts.set: which timeouts the caller gave. */
#define KISCSI_TMO_REPLACEMENT		BIT(0)
#define KISCSI_TMO_NOP_INTERVAL		BIT(1)
#define KISCSI_TMO_NOP_TIMEOUT		BIT(2)

/**
 * struct kiscsi_timeouts - timeouts given at login or by SET_SESSION
 * @set: KISCSI_TMO_* bits: which of the fields below are given
 * @replacement: seconds a failed session holds I/O
 * @nop_interval_ms: receive silence before a ping; 0: never ping
 * @nop_timeout_ms: silence after the ping request before failing
 */
struct kiscsi_timeouts {
	u32 set;
	u32 replacement;
	u32 nop_interval_ms;
	u32 nop_timeout_ms;
};

/**
 * struct kiscsi_login_cfg - everything a login needs, validated
 * @addr: target portal: AF_INET or AF_INET6 with port (and scope id)
 * @target_name: TargetName
 * @initiator_name: InitiatorName
 * @chap_user: our CHAP_N; empty for no authentication
 * @chap_secret: our secret (@chap_secret_len bytes)
 * @mutual_user: the target's expected CHAP_N; empty for one-way
 * @mutual_secret: the target's secret
 * @header_digest: offer CRC32C header digests
 * @data_digest: offer CRC32C data digests
 * @opt_set: KISCSI_OPT_* bits: which of the fields below are set
 * @immediate_data: ImmediateData we offer
 * @initial_r2t: InitialR2T we offer
 * @max_recv_dsl: MaxRecvDataSegmentLength we declare
 * @max_burst: MaxBurstLength we offer
 * @first_burst: FirstBurstLength we offer
 * @max_outstanding_r2t: MaxOutstandingR2T we offer
 * @tmo: timeouts; the module's defaults for those not given
 * @src_addr: local address to connect from (port 0); ss_family 0: any
 * @ifname: network device to connect through (SO_BINDTODEVICE), looked
 *	up by name in the session's namespace at every connect; "": any
 *
 * The secrets are wiped (kiscsi_login_cfg_wipe()) as soon as the session
 * has copied what it needs.
 */
struct kiscsi_login_cfg {
	struct sockaddr_storage addr;
	char target_name[KISCSI_NAME_MAX + 1];
	char initiator_name[KISCSI_NAME_MAX + 1];
	char chap_user[ISC_CHAP_NAME_MAX + 1];
	u8 chap_secret[KISCSI_SECRET_MAX];
	u32 chap_secret_len;
	char mutual_user[ISC_CHAP_NAME_MAX + 1];
	u8 mutual_secret[KISCSI_SECRET_MAX];
	u32 mutual_secret_len;
	bool header_digest;
	bool data_digest;
	u32 opt_set;
	bool immediate_data;
	bool initial_r2t;
	u32 max_recv_dsl;
	u32 max_burst;
	u32 first_burst;
	u32 max_outstanding_r2t;
	struct kiscsi_timeouts tmo;
	struct sockaddr_storage src_addr;
	char ifname[IFNAMSIZ];
};

static inline void kiscsi_login_cfg_wipe(struct kiscsi_login_cfg *cfg)
{
	memzero_explicit(cfg->chap_secret, sizeof(cfg->chap_secret));
	memzero_explicit(cfg->mutual_secret, sizeof(cfg->mutual_secret));
	cfg->chap_secret_len = 0;
	cfg->mutual_secret_len = 0;
}

/* Counters of one session; u64 so they never wrap in practice. */
struct kiscsi_stats {
	u64 tx_pdus;
	u64 rx_pdus;
	u64 tx_bytes;
	u64 rx_bytes;
	u64 cmds;
	u64 read_bytes;
	u64 write_bytes;
	u64 r2ts;
	u64 nops_rx;
	u64 nops_tx;
	u64 digest_errors;
	u64 protocol_errors;
	u64 tmfs;
};

#define KISCSI_INFO_MAX_CONNS	8

struct kiscsi_conn_info {
	u32 cid;
	u32 state;			/* enum kiscsi_conn_state */
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
};

/**
 * struct kiscsi_session_info - a snapshot of one session for netlink
 *
 * Large (negotiated strings): allocate it, do not put it on the stack.
 */
struct kiscsi_session_info {
	u32 id;
	char target_name[KISCSI_NAME_MAX + 1];
	char initiator_name[KISCSI_NAME_MAX + 1];
	u32 state;			/* enum kiscsi_session_state */
	u32 host_no;
	u32 tsih;
	u8 isid[ISC_ISID_LEN];
	u32 tpgt;
	u32 auth;			/* enum kiscsi_auth */
	struct isc_params params;
	struct kiscsi_stats stats;
	u32 nconns;
	struct kiscsi_conn_info conns[KISCSI_INFO_MAX_CONNS];
	u32 replacement_timeout;
	u32 nop_interval_ms;
	u32 nop_timeout_ms;
	u32 recoveries;
	u32 last_reason;		/* enum kiscsi_reason */
	struct sockaddr_storage portal;	/* where reconnects go */
	bool portal_moved;		/* permanent redirect seen */
};

/**
 * struct kiscsi_event_msg - one notification, as netlink.c sends it
 * @event: enum kiscsi_event
 * @reason: enum kiscsi_reason
 * @message: human-readable detail, or NULL
 * @async_event: the AsyncEvent code, if @has_async
 * @has_async: the event is about an Async Message
 */
struct kiscsi_event_msg {
	u32 event;
	u32 reason;
	const char *message;
	u32 async_event;
	bool has_async;
};

/*
 * Multicast one notification about the session @si describes to the
 * listeners of @net (netlink.c). Process context; never sleeps on I/O.
 */
void kiscsi_nl_notify(struct net *net, const struct kiscsi_event_msg *ev,
		      const struct kiscsi_session_info *si);

/* Change a session's timeouts (those set in @tmo); -ENOENT if unknown. */
int kiscsi_session_set_timeouts(struct net *net, u32 sid,
				const struct kiscsi_timeouts *tmo,
				struct netlink_ext_ack *extack);

/*
 * Log in (blocking: connect, login, LUN scan). On success *sid is the new
 * session's id. On failure an extack message says why (refused by the
 * target with its status, CHAP failure, unreachable, ...).
 */
int kiscsi_session_login(struct net *net, const struct kiscsi_login_cfg *cfg,
			 struct netlink_ext_ack *extack, u32 *sid);

/* Log out and free one session / all sessions to a target / all. */
int kiscsi_session_logout_id(struct net *net, u32 sid,
			     struct netlink_ext_ack *extack);
int kiscsi_session_logout_target(struct net *net, const char *target,
				 struct netlink_ext_ack *extack);
int kiscsi_session_logout_all(struct net *net, struct netlink_ext_ack *extack);

/* Snapshot one session by id; -ENOENT if it is not in @net. */
int kiscsi_session_info_get(struct net *net, u32 sid,
			    struct kiscsi_session_info *info);
/*
 * Snapshot the session of @net with the smallest id >= *cursor and set
 * *cursor past it (for dumps). -ENOENT when there is none.
 */
int kiscsi_session_info_next(struct net *net, u32 *cursor,
			     struct kiscsi_session_info *info);

int kiscsi_sessions_init(void);
/* Log out every session (module unload). */
void kiscsi_sessions_exit(void);

#endif /* _KISCSI_SESSION_H */
