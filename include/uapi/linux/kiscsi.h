/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kiscsi: the generic netlink contract between kiscsi.ko and userspace.
 *
 * This header is the stable ABI of the control path. Attributes and
 * commands are only ever appended; a value, once published, never changes
 * meaning. Userspace resolves the family by KISCSI_GENL_NAME; resolving it
 * loads the module on demand. Sessions belong to the network namespace of
 * the socket that created them; every command only sees its own
 * namespace's sessions.
 *
 * Errors are a negative errno with a human-readable extack message (and
 * the offending attribute); userspace should set NETLINK_EXT_ACK and print
 * it. A refused request changes nothing.
 *
 * Commands
 * --------
 * KISCSI_CMD_GET_INFO (do; unprivileged)
 *	Reply: KISCSI_A_INFO_VERSION (string), KISCSI_A_INFO_API (u32).
 *
 * KISCSI_CMD_LOGIN (do; CAP_NET_ADMIN in the initial user namespace: a
 *	login attaches block devices, which no namespace contains)
 *	Create a session with one connection, log in, expose its LUNs as SCSI
 *	disks, return when the LUN scan has finished.
 *	Request:
 *	  KISCSI_A_TARGET_NAME (string, required)
 *	  KISCSI_A_ADDR_IPV4 (binary 4, network order) or
 *	  KISCSI_A_ADDR_IPV6 (binary 16)            -- exactly one, required
 *	  KISCSI_A_PORT (u16, host order; default 3260)
 *	  KISCSI_A_SCOPE_ID (u32; IPv6 link-local scope)
 *	  KISCSI_A_INITIATOR_NAME (string; default: the module's
 *	      initiator_name parameter)
 *	  KISCSI_A_CHAP_USER + KISCSI_A_CHAP_SECRET (binary): one-way CHAP
 *	  KISCSI_A_CHAP_MUTUAL_USER + KISCSI_A_CHAP_MUTUAL_SECRET: the
 *	      target's name and secret, for mutual CHAP (needs one-way too)
 *	  KISCSI_A_HEADER_DIGEST, KISCSI_A_DATA_DIGEST (u32,
 *	      enum kiscsi_digest; default none)
 *	  KISCSI_A_OPT_* (u32): optional overrides of what we offer (see
 *	      enum kiscsi_attr); absent means the driver's default.
 *	Reply: KISCSI_A_SESSION (nest, see below) of the new session.
 *	Secrets are never returned by any command and never logged.
 *
 * KISCSI_CMD_LOGOUT (do; CAP_NET_ADMIN in the initial user namespace)
 *	Request: KISCSI_A_SESSION_ID (u32), or KISCSI_A_TARGET_NAME (every
 *	session to that target), or KISCSI_A_ALL (flag). Logs out, removes
 *	the disks (outstanding I/O completes or fails first), frees the
 *	session. ENOENT when an id or target matched nothing; ALL with no
 *	session succeeds.
 *
 * KISCSI_CMD_GET_SESSION (do with KISCSI_A_SESSION_ID, or dump; unprivileged)
 *	Each reply message carries one KISCSI_A_SESSION nest:
 *	  KISCSI_A_S_ID (u32), KISCSI_A_S_TARGET_NAME (string),
 *	  KISCSI_A_S_INITIATOR_NAME (string), KISCSI_A_S_STATE (u32,
 *	  enum kiscsi_session_state), KISCSI_A_S_HOST_NO (u32: SCSI host,
 *	  the disks are under /sys/class/scsi_host/hostN), KISCSI_A_S_TSIH
 *	  (u32), KISCSI_A_S_ISID (binary 6), KISCSI_A_S_TPGT (u32),
 *	  KISCSI_A_S_AUTH (u32, enum kiscsi_auth),
 *	  KISCSI_A_S_PARAMS (nest of KISCSI_A_P_*, negotiated values, u32),
 *	  KISCSI_A_S_STATS (nest of KISCSI_A_ST_*, u64 counters),
 *	  KISCSI_A_S_CONN (nest, one per connection): KISCSI_A_C_CID (u32),
 *	    KISCSI_A_C_STATE (u32, enum kiscsi_conn_state),
 *	    KISCSI_A_C_PEER_ADDR / KISCSI_A_C_LOCAL_ADDR (binary 4 or 16),
 *	    KISCSI_A_C_PEER_PORT / KISCSI_A_C_LOCAL_PORT (u32).
 *	  KISCSI_A_S_REPLACEMENT_TIMEOUT (u32 s), KISCSI_A_S_NOP_INTERVAL_MS,
 *	  KISCSI_A_S_NOP_TIMEOUT_MS (u32 ms): the timeouts in effect now,
 *	  KISCSI_A_S_RECOVERIES (u32: reconnects so far),
 *	  KISCSI_A_S_LAST_REASON (u32, enum kiscsi_reason: why the last
 *	    connection failed; KISCSI_REASON_NONE if none has),
 *	  KISCSI_A_S_PORTAL_ADDR (binary 4 or 16) + KISCSI_A_S_PORTAL_PORT
 *	    (u32): the portal the session reconnects to; differs from the
 *	    one logged in to after a permanent login redirect,
 *	  KISCSI_A_S_PORTAL_MOVED (u32 0/1): the target answered with a
 *	    permanent redirect ("moved permanently"); tools keeping node
 *	    records should store KISCSI_A_S_PORTAL_ADDR/PORT.
 *
 * Timeouts (KISCSI_A_OPT_REPLACEMENT_TIMEOUT in seconds,
 *	KISCSI_A_OPT_NOP_INTERVAL_MS and _NOP_TIMEOUT_MS in milliseconds; all
 *	u32) may be given at login and changed later:
 *
 * KISCSI_CMD_SET_SESSION (do; CAP_NET_ADMIN in the initial user namespace)
 *	Request: KISCSI_A_SESSION_ID (u32, required) and one or more of the
 *	timeout attributes. Takes effect at once (a timer already running
 *	keeps its old deadline). Reply: KISCSI_A_SESSION nest.
 *	  REPLACEMENT_TIMEOUT: 0..86400; how long a failed session holds
 *	    I/O before failing it (0: fail at once). Default: the module's
 *	    replacement_timeout parameter (120 s; use 5-15 s under
 *	    dm-multipath, keep 120 s or more for a single path or root).
 *	  NOP_INTERVAL_MS: 0..3600000; receive silence before we ping the
 *	    target (0: never ping). Any PDU from the target counts, so a
 *	    busy link is never pinged. Default: module parameter
 *	    nop_interval_ms (5000).
 *	  NOP_TIMEOUT_MS: 100..3600000; how long after that ping the
 *	    connection may stay silent before it is declared dead.
 *	    Default: module parameter nop_timeout_ms (5000). Detection
 *	    takes about NOP_INTERVAL + NOP_TIMEOUT; 500 + 1000 suits
 *	    dm-multipath (failover in under 2 s).
 *
 * Binding (KISCSI_CMD_LOGIN only): KISCSI_A_SRC_ADDR_IPV4 / _IPV6 (binary;
 *	local address to connect from) and/or KISCSI_A_IFNAME (string;
 *	netdev to connect through, SO_BINDTODEVICE). Kept for reconnects.
 *
 * Notifications
 * -------------
 * Every session state change and every recovery step is multicast on the
 * KISCSI_MCGRP_EVENTS group as a KISCSI_CMD_EVENT message, only within the
 * session's network namespace. Attributes:
 *	KISCSI_A_EVENT (u32, enum kiscsi_event), KISCSI_A_SESSION_ID (u32),
 *	KISCSI_A_TARGET_NAME (string), KISCSI_A_REASON (u32, enum
 *	kiscsi_reason; for failures), KISCSI_A_MESSAGE (string, human
 *	readable detail; optional), KISCSI_A_ASYNC_EVENT (u32: the
 *	AsyncEvent code, for KISCSI_EVENT_ASYNC), KISCSI_A_SESSION (nest,
 *	as in GET_SESSION: state, host, connections).
 */
#ifndef _UAPI_LINUX_KISCSI_H
#define _UAPI_LINUX_KISCSI_H

#define KISCSI_GENL_NAME	"kiscsi"
#define KISCSI_GENL_VERSION	1

/* RFC 7143 §4.2.7.1: iSCSI names are at most 223 bytes. */
#define KISCSI_NAME_MAX		223
/* Longest CHAP secret accepted, bytes. */
#define KISCSI_SECRET_MAX	256

enum kiscsi_cmd {
	KISCSI_CMD_UNSPEC,
	KISCSI_CMD_GET_INFO,
	KISCSI_CMD_LOGIN,
	KISCSI_CMD_LOGOUT,
	KISCSI_CMD_GET_SESSION,
	KISCSI_CMD_SET_SESSION,
	KISCSI_CMD_EVENT,		/* notification only */

	__KISCSI_CMD_MAX,
};

#define KISCSI_CMD_MAX (__KISCSI_CMD_MAX - 1)

/* Multicast group of KISCSI_CMD_EVENT notifications. */
#define KISCSI_MCGRP_EVENTS	"events"

enum kiscsi_event {
	KISCSI_EVENT_LOGIN,		/* session logged in, disks scanned */
	KISCSI_EVENT_LOGOUT,		/* session logged out and freed */
	KISCSI_EVENT_CONN_FAILED,	/* connection lost; I/O held */
	KISCSI_EVENT_RECOVERY_FAILED,	/* one reconnect attempt failed */
	KISCSI_EVENT_RECOVERED,		/* reconnected, session reinstated */
	KISCSI_EVENT_REPLACEMENT_TIMEOUT, /* held I/O is now failed */
	KISCSI_EVENT_ASYNC,		/* the target sent an Async Message */
	KISCSI_EVENT_REDIRECT,		/* login was redirected */
	KISCSI_EVENT_RESCAN,		/* LUNs rescanned on target's word */
	KISCSI_EVENT_SET,		/* timeouts changed */
};

/* Why a connection failed or a session ended. */
enum kiscsi_reason {
	KISCSI_REASON_NONE,
	KISCSI_REASON_ADMIN,		/* logout requested */
	KISCSI_REASON_SOCKET_CLOSED,	/* peer closed or reset the TCP connection */
	KISCSI_REASON_SOCKET_ERROR,	/* send or receive failed */
	KISCSI_REASON_PING_TIMEOUT,	/* target silent, NOP-Out unanswered */
	KISCSI_REASON_PROTOCOL_ERROR,	/* malformed or hostile PDU */
	KISCSI_REASON_DIGEST_ERROR,	/* header or data digest mismatch */
	KISCSI_REASON_TARGET_REQUEST,	/* Async Message: drop / logout */
	KISCSI_REASON_ERROR_HANDLER,	/* task management escalated */
	KISCSI_REASON_REJECT,		/* target rejected a PDU we must not lose */
	KISCSI_REASON_UNREACHABLE,	/* reconnect: no route, refused, timeout */
	KISCSI_REASON_LOGIN_REFUSED,	/* reconnect: target refused the login */
	KISCSI_REASON_SHUTDOWN,		/* module unload or namespace exit */
};

enum kiscsi_digest {
	KISCSI_DIGEST_NONE,
	KISCSI_DIGEST_CRC32C,
};

enum kiscsi_auth {
	KISCSI_AUTH_NONE,
	KISCSI_AUTH_CHAP,
	KISCSI_AUTH_CHAP_MUTUAL,
};

enum kiscsi_session_state {
	KISCSI_SESSION_LOGGING_IN,
	KISCSI_SESSION_LOGGED_IN,
	KISCSI_SESSION_FAILED,		/* connection lost, I/O held */
	KISCSI_SESSION_LOGGING_OUT,
};

enum kiscsi_conn_state {
	KISCSI_CONN_CONNECTING,
	KISCSI_CONN_LOGIN,
	KISCSI_CONN_FULL_FEATURE,
	KISCSI_CONN_FAILED,
	KISCSI_CONN_CLOSED,
};

/* Top-level attributes (requests and GET_INFO). */
enum kiscsi_attr {
	KISCSI_A_UNSPEC,
	KISCSI_A_INFO_VERSION,		/* string */
	KISCSI_A_INFO_API,		/* u32 */
	KISCSI_A_TARGET_NAME,		/* string */
	KISCSI_A_INITIATOR_NAME,	/* string */
	KISCSI_A_ADDR_IPV4,		/* binary 4 */
	KISCSI_A_ADDR_IPV6,		/* binary 16 */
	KISCSI_A_PORT,			/* u16 */
	KISCSI_A_SCOPE_ID,		/* u32 */
	KISCSI_A_CHAP_USER,		/* string */
	KISCSI_A_CHAP_SECRET,		/* binary, write-only */
	KISCSI_A_CHAP_MUTUAL_USER,	/* string */
	KISCSI_A_CHAP_MUTUAL_SECRET,	/* binary, write-only */
	KISCSI_A_HEADER_DIGEST,		/* u32, enum kiscsi_digest */
	KISCSI_A_DATA_DIGEST,		/* u32, enum kiscsi_digest */
	KISCSI_A_OPT_IMMEDIATE_DATA,	/* u32 0/1 */
	KISCSI_A_OPT_INITIAL_R2T,	/* u32 0/1 */
	KISCSI_A_OPT_MAX_RECV_DSL,	/* u32 512..16777215 */
	KISCSI_A_OPT_MAX_BURST,		/* u32 512..16777215 */
	KISCSI_A_OPT_FIRST_BURST,	/* u32 512..16777215 */
	KISCSI_A_OPT_MAX_OUTSTANDING_R2T, /* u32 1..65535 */
	KISCSI_A_SESSION_ID,		/* u32 */
	KISCSI_A_ALL,			/* flag */
	KISCSI_A_SESSION,		/* nest: KISCSI_A_S_* */
	KISCSI_A_OPT_REPLACEMENT_TIMEOUT, /* u32 s, 0..86400 */
	KISCSI_A_OPT_NOP_INTERVAL_MS,	/* u32 ms, 0..3600000; 0: no pings */
	KISCSI_A_OPT_NOP_TIMEOUT_MS,	/* u32 ms, 100..3600000 */
	KISCSI_A_SRC_ADDR_IPV4,		/* binary 4 */
	KISCSI_A_SRC_ADDR_IPV6,		/* binary 16 */
	KISCSI_A_IFNAME,		/* string, < IFNAMSIZ */
	KISCSI_A_EVENT,			/* u32, enum kiscsi_event */
	KISCSI_A_REASON,		/* u32, enum kiscsi_reason */
	KISCSI_A_MESSAGE,		/* string */
	KISCSI_A_ASYNC_EVENT,		/* u32, AsyncEvent code */

	__KISCSI_A_MAX,
};

#define KISCSI_A_MAX (__KISCSI_A_MAX - 1)

/* Inside KISCSI_A_SESSION. */
enum kiscsi_session_attr {
	KISCSI_A_S_UNSPEC,
	KISCSI_A_S_ID,			/* u32 */
	KISCSI_A_S_TARGET_NAME,		/* string */
	KISCSI_A_S_INITIATOR_NAME,	/* string */
	KISCSI_A_S_STATE,		/* u32, enum kiscsi_session_state */
	KISCSI_A_S_HOST_NO,		/* u32 */
	KISCSI_A_S_TSIH,		/* u32 */
	KISCSI_A_S_ISID,		/* binary 6 */
	KISCSI_A_S_TPGT,		/* u32 */
	KISCSI_A_S_AUTH,		/* u32, enum kiscsi_auth */
	KISCSI_A_S_PARAMS,		/* nest: KISCSI_A_P_* */
	KISCSI_A_S_STATS,		/* nest: KISCSI_A_ST_* */
	KISCSI_A_S_CONN,		/* nest: KISCSI_A_C_*, repeated */
	KISCSI_A_S_PAD,
	KISCSI_A_S_REPLACEMENT_TIMEOUT,	/* u32 s */
	KISCSI_A_S_NOP_INTERVAL_MS,	/* u32 ms */
	KISCSI_A_S_NOP_TIMEOUT_MS,	/* u32 ms */
	KISCSI_A_S_RECOVERIES,		/* u32 */
	KISCSI_A_S_LAST_REASON,		/* u32, enum kiscsi_reason */
	KISCSI_A_S_PORTAL_ADDR,		/* binary 4 or 16 */
	KISCSI_A_S_PORTAL_PORT,		/* u32 */
	KISCSI_A_S_PORTAL_MOVED,	/* u32 0/1 */

	__KISCSI_A_S_MAX,
};

#define KISCSI_A_S_MAX (__KISCSI_A_S_MAX - 1)

/* Inside KISCSI_A_S_PARAMS: the negotiated operational values, all u32. */
enum kiscsi_param_attr {
	KISCSI_A_P_UNSPEC,
	KISCSI_A_P_HEADER_DIGEST,	/* enum kiscsi_digest */
	KISCSI_A_P_DATA_DIGEST,		/* enum kiscsi_digest */
	KISCSI_A_P_MAX_CONNECTIONS,
	KISCSI_A_P_INITIAL_R2T,
	KISCSI_A_P_IMMEDIATE_DATA,
	KISCSI_A_P_MAX_RECV_DSL,	/* what we receive per PDU */
	KISCSI_A_P_MAX_XMIT_DSL,	/* what the target receives per PDU */
	KISCSI_A_P_MAX_BURST,
	KISCSI_A_P_FIRST_BURST,
	KISCSI_A_P_DEFAULT_TIME2WAIT,
	KISCSI_A_P_DEFAULT_TIME2RETAIN,
	KISCSI_A_P_MAX_OUTSTANDING_R2T,
	KISCSI_A_P_DATA_PDU_IN_ORDER,
	KISCSI_A_P_DATA_SEQ_IN_ORDER,
	KISCSI_A_P_ERL,

	__KISCSI_A_P_MAX,
};

#define KISCSI_A_P_MAX (__KISCSI_A_P_MAX - 1)

/* Inside KISCSI_A_S_STATS: counters since login, all u64. */
enum kiscsi_stat_attr {
	KISCSI_A_ST_UNSPEC,
	KISCSI_A_ST_TX_PDUS,
	KISCSI_A_ST_RX_PDUS,
	KISCSI_A_ST_TX_BYTES,		/* octets sent, headers included */
	KISCSI_A_ST_RX_BYTES,
	KISCSI_A_ST_CMDS,		/* SCSI commands sent */
	KISCSI_A_ST_READ_BYTES,		/* SCSI payload read */
	KISCSI_A_ST_WRITE_BYTES,	/* SCSI payload written */
	KISCSI_A_ST_R2TS,
	KISCSI_A_ST_NOPS_RX,		/* target pings answered */
	KISCSI_A_ST_NOPS_TX,		/* our pings */
	KISCSI_A_ST_DIGEST_ERRORS,
	KISCSI_A_ST_PROTOCOL_ERRORS,	/* malformed or hostile PDUs */
	KISCSI_A_ST_TMFS,
	KISCSI_A_ST_PAD,

	__KISCSI_A_ST_MAX,
};

#define KISCSI_A_ST_MAX (__KISCSI_A_ST_MAX - 1)

/* Inside KISCSI_A_S_CONN. */
enum kiscsi_conn_attr {
	KISCSI_A_C_UNSPEC,
	KISCSI_A_C_CID,			/* u32 */
	KISCSI_A_C_STATE,		/* u32, enum kiscsi_conn_state */
	KISCSI_A_C_PEER_ADDR,		/* binary 4 or 16 */
	KISCSI_A_C_PEER_PORT,		/* u32 */
	KISCSI_A_C_LOCAL_ADDR,		/* binary 4 or 16 */
	KISCSI_A_C_LOCAL_PORT,		/* u32 */

	__KISCSI_A_C_MAX,
};

#define KISCSI_A_C_MAX (__KISCSI_A_C_MAX - 1)

#endif /* _UAPI_LINUX_KISCSI_H */
