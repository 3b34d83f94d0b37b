/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kiscsi: the objects of the initiator and how they relate.
 *
 *   kiscsi_session   one iSCSI session = one Scsi_Host; owns the login
 *                    config, the negotiated parameters and the connection
 *   kiscsi_conn      one TCP connection: socket, io_work, send and
 *                    receive state machines
 *   kiscsi_task      one SCSI command in flight (scsi_cmd_priv)
 *
 * Concurrency model (the NVMe/TCP host driver's shape):
 *   - queuecommand only initialises the task and pushes it on the
 *     connection's lock-free req_list, then kicks io_work. It takes no
 *     session-wide lock, so CPUs never serialise on the fast path.
 *   - io_work is the only context that sends, receives, assigns CmdSN,
 *     walks the send queues and completes commands while the connection
 *     is up. Everything marked "io_work" below is touched only there, so
 *     it needs no lock. io_work runs for at most one jiffy per pass and
 *     re-queues itself.
 *   - Teardown stops the socket callbacks, cancels io_work and waits for
 *     it, and only then reads the io_work state to fail what is left.
 *
 * Lock order: kiscsi_sessions_mutex -> session->lock. Socket locks are
 * only taken inside io_work and the blocking login.
 */
#ifndef _KISCSI_CORE_H
#define _KISCSI_CORE_H

#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>

#include "proto/digest.h"
#include "proto/pdu.h"
#include "proto/text.h"
#include "session.h"

/* The largest header we build: BHS + extended-CDB AHS + header digest. */
#define KISCSI_HDR_MAX		(ISCSI_HDR_LEN + 32 + ISC_DIGEST_LEN)
/* R2Ts we can hold for one task; we offer MaxOutstandingR2T up to this. */
#define KISCSI_MAX_R2T		8
/* What we declare as MaxRecvDataSegmentLength by default. */
#define KISCSI_DEF_MAX_RECV_DSL	(256 * 1024)
/* Commands per session the SCSI midlayer may have outstanding. */
#define KISCSI_CAN_QUEUE	128

/*
 * ITT layout: [31..24] generation, [23..16] hardware queue, [15..0] tag.
 * The generation changes each time a tag is reused, so a late PDU for a
 * finished command cannot match its successor. Hardware queue 0xfe is
 * reserved for ITTs the driver itself uses (NOP-Out pings, logout).
 */
#define KISCSI_ITT_GEN_SHIFT	24
#define KISCSI_ITT_HWQ_SHIFT	16
#define KISCSI_ITT_TAG_MASK	0xffffU
#define KISCSI_ITT_HWQ_MASK	0xffU
#define KISCSI_ITT_INTERNAL_HWQ	0xfeU
#define KISCSI_ITT_LOGOUT	((KISCSI_ITT_INTERNAL_HWQ << KISCSI_ITT_HWQ_SHIFT) | 1)
#define KISCSI_ITT_NOP		((KISCSI_ITT_INTERNAL_HWQ << KISCSI_ITT_HWQ_SHIFT) | 2)
/* TMF ITTs carry a generation in the top byte, like command ITTs. */
#define KISCSI_ITT_TMF		((KISCSI_ITT_INTERNAL_HWQ << KISCSI_ITT_HWQ_SHIFT) | 3)
/* How long the error handler waits for one TMF before escalating. */
#define KISCSI_TMF_TIMEOUT	(10 * HZ)

/* Where the one task management request of a connection stands. */
enum kiscsi_tmf_state {
	KISCSI_TMF_IDLE,
	KISCSI_TMF_QUEUED,	/* posted by the error handler */
	KISCSI_TMF_SENT,	/* on the wire, awaiting the response */
	KISCSI_TMF_DONE,	/* response (or local outcome) in @response */
	KISCSI_TMF_CANCELLED,	/* the error handler gave up waiting */
};

/**
 * struct kiscsi_tmf - a task management request from the SCSI error handler
 *
 * The error handler fills it and waits; io_work sends it and acts on
 * the response. @state and the fields the error handler writes are
 * under conn->tmf_lock.
 */
struct kiscsi_tmf {
	u32 state;		/* enum kiscsi_tmf_state */
	u8 function;		/* ISCSI_TM_FUNC_* */
	u8 response;		/* ISCSI_TMF_RSP_* */
	u8 gen;
	u64 lun;
	struct kiscsi_task *ref;	/* ABORT TASK: the task */
	bool wait_tx;		/* done once the PDU being sent is written */
	struct completion done;
};

/* Which PDU of its command a task sends next (io_work). */
enum kiscsi_task_tx {
	KISCSI_TX_CMD,		/* SCSI Command PDU (+ immediate data) */
	KISCSI_TX_UNSOL,	/* unsolicited Data-Out up to FirstBurst */
	KISCSI_TX_R2T,		/* solicited Data-Out for queued R2Ts */
	KISCSI_TX_IDLE,		/* nothing to send; awaiting the target */
};

struct kiscsi_r2t {
	u32 ttt;
	u32 offset;		/* next byte to send */
	u32 end;		/* one past the last byte of the burst */
	u32 datasn;		/* next DataSN of this sequence */
};

/**
 * struct kiscsi_task - one SCSI command, the private part of a scsi_cmnd
 *
 * All fields are io_work state once the task is taken off req_list,
 * except @inflight, which teardown also reads after io_work has stopped.
 */
struct kiscsi_task {
	struct llist_node lnode;	/* on conn->req_list */
	struct list_head qnode;		/* on conn->cmd_queue / xfer_queue */
	struct scsi_cmnd *sc;
	u32 itt;
	u32 cmdsn;
	u8 gen;
	bool inflight;			/* sent, response not yet seen */
	bool done_deferred;		/* completed while its PDU was sending */
	bool queued;			/* on cmd_queue or xfer_queue */
	enum kiscsi_task_tx tx;
	u32 write_len;			/* bytes to write (EDTL for writes) */
	u32 read_len;			/* bytes the target may send */
	u32 unsol_end;			/* end of immediate+unsolicited data */
	u32 unsol_off;			/* next unsolicited byte */
	u32 unsol_datasn;
	struct kiscsi_r2t r2t[KISCSI_MAX_R2T];
	u8 r2t_head;			/* index of the R2T being served */
	u8 r2t_count;			/* R2Ts queued */
	u32 exp_datasn;			/* next Data-In DataSN */
	u32 data_in_next;		/* next Data-In offset (in-order data) */
};

/**
 * struct kiscsi_tx_pdu - the PDU being written to the socket (io_work)
 *
 * Sends resume from these counters after a partial write, so the state
 * is the counters themselves.
 */
struct kiscsi_tx_pdu {
	u8 hdr[KISCSI_HDR_MAX];
	u32 hdr_len;		/* header + header digest */
	u32 hdr_sent;
	struct kiscsi_task *task;	/* data from its scatterlist, or */
	const u8 *buf;			/* data from a driver buffer */
	u32 data_off;		/* offset of the data in the task's buffer */
	u32 data_len;
	u32 data_sent;
	/* Scatterlist cursor: the entry holding byte @sg_pos of the buffer,
	 * so each chunk does not rescan the list from its start.
	 */
	struct scatterlist *sg;
	u32 sg_pos;
	u32 cursor_itt;		/* ITT of the command @sg belongs to */
	u32 pad_len;
	u32 crc;		/* running data digest */
	u8 trailer[8];		/* padding + data digest */
	u32 trailer_len;
	u32 trailer_sent;
	bool active;
};

/**
 * struct kiscsi_rx - receive state (the owner); derived from counters
 *
 * hdr_want > hdr_got: reading BHS (+AHS +digest) into @hdr;
 * then data_left: into a task's scatterlist or @buf; then trailer_left
 * (padding + data digest).
 */
struct kiscsi_rx {
	u8 hdr[ISCSI_HDR_LEN + 255 * 4 + ISC_DIGEST_LEN];
	u32 hdr_want;
	u32 hdr_got;
	struct isc_pdu pdu;		/* parsed header */
	struct kiscsi_task *task;	/* Data-In target, or NULL */
	u8 *buf;			/* other data segments land here */
	u32 buf_size;
	u32 data_off;			/* Data-In: offset in the task buffer */
	u32 data_len;
	u32 data_got;
	struct scatterlist *sg;		/* cursor, as in kiscsi_tx_pdu */
	u32 sg_pos;
	u32 cursor_itt;
	u32 pad_len;
	u32 trailer_want;		/* padding + data digest */
	u32 trailer_got;
	u8 trailer[8];
	u32 crc;
	/* a whole PDU softirq may not act on waits here for io_work */
	bool deferred;
	bool in_softirq;		/* being run from data_ready */
};

struct kiscsi_session;

/* Largest Time2Wait we honour, in seconds (RFC 7143 §13.15) */
#define KISCSI_TIME2WAIT_MAX	3600

/* How long a Logout Request may go unanswered before the connection fails */
#define KISCSI_LOGOUT_WAIT	(5 * HZ)

/**
 * struct kiscsi_conn - one TCP connection of a session
 */
struct kiscsi_conn {
	struct kiscsi_session *session;
	struct socket *sock;
	u16 cid;
	/* enum kiscsi_conn_state; only kiscsi_conn_set_state() writes it */
	u32 state;
	int io_cpu;
	struct work_struct io_work;
	/*
	 * The same work at normal priority, for queuecommand: a high-priority
	 * worker woken there preempts the submitter on its own CPU at once
	 * (design.md, "Where the context switches go"). The ownership bit
	 * below keeps the two from ever running the connection at once.
	 */
	struct work_struct submit_work;
	bool submit_highpri;		/* set by kiscsi_conn_start() */
	/*
	 * The state below marked "io_work only" belongs to whoever holds
	 * KISCSI_OWN_HELD: io_work or submit_work (one function), or with
	 * @rx_softirq the socket's data_ready when neither is running (it
	 * then receives in softirq and leaves sending to io_work). A bit
	 * lock, not a spinlock, because io_work holds it across socket
	 * calls that sleep; nobody ever waits for it: see kiscsi_conn_own().
	 */
	unsigned long own;
	bool rx_softirq;		/* set by kiscsi_conn_start() */
	/* lock-free hand-off from queuecommand to io_work */
	struct llist_head req_list;
	/* io_work only: */
	struct list_head cmd_queue;	/* commands awaiting CmdSN window */
	struct list_head xfer_queue;	/* tasks with Data-Out to send */
	struct kiscsi_tx_pdu tx;
	struct kiscsi_rx rx;
	u32 exp_statsn;
	bool nop_reply_pending;		/* answer a target ping */
	u32 nop_reply_ttt;
	u32 nop_reply_len;
	u8 *nop_reply_buf;
	bool logout_pending;		/* send a Logout Request */
	bool async_logout;		/* io_work: the target asked for it */
	/* io_work: a Logout Request went out, so no new request may follow
	 * it on this connection (RFC 7143 §11.14); only answers to the
	 * target's pings do. nop_work fails the connection if no answer
	 * comes by KISCSI_LOGOUT_WAIT after @logout_sent_at.
	 */
	bool logout_sent;
	unsigned long logout_sent_at;
	/* Time2Wait the target gave with a drop or logout, -1 for none;
	 * set before kiscsi_conn_fail(), read by fail_work.
	 */
	int time2wait;
	bool nop_ping_pending;		/* send our own ping */
	/* io_work leaves the socket alone; true from a failure (or from
	 * allocation) until kiscsi_conn_start() has a logged-in socket
	 */
	bool failed;
	/* why it failed: written once by the kiscsi_conn_fail() that won */
	u32 fail_reason;		/* enum kiscsi_reason */
	const char *fail_why;		/* a string literal */
	/* set by the connection's owner, read anywhere */
	unsigned long last_rx;		/* jiffies of the last PDU received */
	unsigned long nop_sent;		/* jiffies of our outstanding ping, 0 */
	struct delayed_work nop_work;	/* liveness */
	unsigned long nop_requested;	/* nop_work only: silence noticed at */
	struct completion logout_done;
	/*
	 * Serialises error-handler callers over the one @tmf slot. The
	 * midlayer already runs aborts one at a time per host (its TMF
	 * workqueue), but the error-handler thread may overlap a late one.
	 */
	struct mutex tmf_mutex;
	/* Protects the hand-off of @tmf between the error handler and io_work. */
	spinlock_t tmf_lock;
	struct kiscsi_tmf tmf;
	/* the socket's original callbacks, restored at teardown */
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
};

/**
 * struct kiscsi_session - one iSCSI session, one Scsi_Host
 */
struct kiscsi_session {
	struct list_head node;		/* on kiscsi_sessions, under the mutex */
	u32 id;
	struct net *net;		/* holds a reference */
	struct Scsi_Host *shost;
	struct kiscsi_conn *conn;
	/* immutable after login */
	struct kiscsi_login_cfg *cfg;	/* secrets wiped after login */
	struct isc_params params;
	u8 isid[ISC_ISID_LEN];
	u16 tsih;
	u32 auth;			/* enum kiscsi_auth */
	/*
	 * Protects @state, @portal and @portal_moved against concurrent
	 * logout, recovery and info snapshots.
	 */
	spinlock_t lock;
	u32 state;			/* enum kiscsi_session_state */
	/* Woken on every change of @state (the host reset waits on it). */
	wait_queue_head_t state_wait;
	/* io_work only: */
	u32 cmdsn;			/* next CmdSN to assign */
	struct isc_sn_window window;
	/* process context: stop the connection after kiscsi_conn_fail() */
	struct work_struct fail_work;
	/* Serialises kiscsi_conn_stop() between fail_work and logout. */
	struct mutex stop_mutex;
	bool stopped;			/* under stop_mutex */
	/* ERL0 recovery: reconnect with backoff, and the point after which
	 * held I/O fails (replacement timeout). Both run while FAILED.
	 */
	struct delayed_work recovery_work;
	struct delayed_work replacement_work;
	/* LUN rescan on the target's word (async event); not while
	 * logging out (checked under @lock when queueing).
	 */
	struct work_struct rescan_work;
	unsigned int backoff;		/* recovery_work only: next delay, s */
	/* Timeouts: set at login, changed by SET_SESSION, read anywhere. */
	unsigned int replacement_timeout;	/* seconds */
	unsigned int nop_interval_ms;		/* 0: never ping */
	unsigned int nop_timeout_ms;
	u32 last_reason;		/* enum kiscsi_reason of the last failure */
	/*
	 * Where (re)connects go: the login's portal, or where a permanent
	 * login redirect sent us; under @lock. Written only by the login
	 * that follows a redirect (login or recovery_work, never both).
	 */
	struct sockaddr_storage portal;
	bool portal_moved;
	/* Set by kiscsi_login() when it returns -EREMOTE, same contexts. */
	struct sockaddr_storage redirect;
	bool redirect_permanent;
	bool md5_only;			/* CHAP needed the MD5-only retry */
	u32 recoveries;			/* successful reconnects */
	/* Per-session counters; updated in io_work, read racily for show. */
	struct kiscsi_stats stats;
};

extern struct workqueue_struct *kiscsi_io_wq;
extern struct workqueue_struct *kiscsi_submit_wq;

/* conn.c */
struct kiscsi_conn *kiscsi_conn_alloc(struct kiscsi_session *s);
int kiscsi_conn_connect(struct kiscsi_conn *conn, struct net *net,
			const struct sockaddr_storage *addr,
			struct netlink_ext_ack *extack);
int kiscsi_conn_start(struct kiscsi_conn *conn);
bool kiscsi_conn_set_state(struct kiscsi_conn *conn, u32 new);
void kiscsi_conn_fail(struct kiscsi_conn *conn, u32 reason, const char *why);
void kiscsi_conn_stop(struct kiscsi_conn *conn, int host_byte);
void kiscsi_conn_reset(struct kiscsi_conn *conn);
void kiscsi_conn_free(struct kiscsi_conn *conn);
int kiscsi_conn_logout(struct kiscsi_conn *conn);
void kiscsi_conn_kick(struct kiscsi_conn *conn);
void kiscsi_conn_kick_submit(struct kiscsi_conn *conn);

/* Bits of kiscsi_conn.own */
enum {
	KISCSI_OWN_HELD,	/* the protocol state has an owner */
	KISCSI_OWN_WANTED,	/* someone found it held: run a pass for them */
};

/*
 * Take the protocol state, or, when another context holds it, leave word
 * (OWN_WANTED) that a pass of sending and receiving is owed. Never waits:
 * a context that loses returns, and its work is done by the holder: an
 * io_work or submit_work pass that begins after the word was left takes
 * it back and does the work; a holder that lets go with the word still
 * there (data_ready, or a pass out of time) kicks io_work.
 */
static inline bool kiscsi_conn_own(struct kiscsi_conn *conn)
{
	if (!test_and_set_bit_lock(KISCSI_OWN_HELD, &conn->own))
		return true;
	set_bit(KISCSI_OWN_WANTED, &conn->own);
	/*
	 * Pairs with kiscsi_conn_unown(): either the holder sees WANTED, or
	 * we see HELD clear. The holder may have let go before it could see
	 * WANTED.
	 */
	smp_mb__after_atomic();
	return !test_and_set_bit_lock(KISCSI_OWN_HELD, &conn->own);
}

static inline void kiscsi_conn_unown(struct kiscsi_conn *conn)
{
	clear_bit_unlock(KISCSI_OWN_HELD, &conn->own);
	/* Pairs with kiscsi_conn_own(): HELD clear before WANTED is read. */
	smp_mb__after_atomic();
	if (test_and_clear_bit(KISCSI_OWN_WANTED, &conn->own))
		kiscsi_conn_kick(conn);
}

/*
 * Find the scatterlist entry holding byte @want of @sc's buffer, starting
 * from the cursor (*@sg, *@pos) when it is not past @want, and move the
 * cursor there. NULL if @want is beyond the buffer.
 */
static inline struct scatterlist *kiscsi_sg_seek(struct scsi_cmnd *sc,
						 struct scatterlist **sg,
						 u32 *pos, u32 want)
{
	struct scatterlist *cur = *sg;
	u32 p = *pos;

	if (!cur || want < p) {
		cur = scsi_sglist(sc);
		p = 0;
	}
	while (cur && want >= p + cur->length) {
		p += cur->length;
		cur = sg_next(cur);
	}
	*sg = cur;
	*pos = p;
	return cur;
}

/* xmit.c */
int kiscsi_try_send(struct kiscsi_conn *conn);
void kiscsi_task_queue_xfer(struct kiscsi_conn *conn,
			    struct kiscsi_task *task);

/* session.c, for the receive path */
void kiscsi_session_async(struct kiscsi_session *s, u8 event);
void kiscsi_session_rescan(struct kiscsi_session *s);

/* recv.c */
int kiscsi_try_recv(struct kiscsi_conn *conn);
bool kiscsi_recv_softirq(struct kiscsi_conn *conn);

/* tmf.c */
int kiscsi_tmf_run(struct kiscsi_conn *conn, u8 function, u64 lun,
		   struct kiscsi_task *ref);
int kiscsi_tmf_prep(struct kiscsi_conn *conn);
int kiscsi_tmf_rx(struct kiscsi_conn *conn, const struct isc_pdu *p);
void kiscsi_tmf_tx_done(struct kiscsi_conn *conn);
int kiscsi_prep_tmf_pdu(struct kiscsi_conn *conn, struct isc_pdu *p);
void kiscsi_init_out(struct kiscsi_conn *conn, struct isc_pdu *p, u8 op);

/* login.c */
int kiscsi_login(struct kiscsi_session *s, struct kiscsi_conn *conn,
		 struct netlink_ext_ack *extack, bool md5_only);

/* host.c */
int kiscsi_host_add(struct kiscsi_session *s);
void kiscsi_host_remove(struct kiscsi_session *s);
void kiscsi_task_complete(struct kiscsi_conn *conn, struct kiscsi_task *task,
			  int host_byte);
struct kiscsi_task *kiscsi_task_lookup(struct kiscsi_conn *conn, u32 itt);
void kiscsi_fail_all_tasks(struct kiscsi_conn *conn, int host_byte);
int kiscsi_host_init(void);
void kiscsi_host_exit(void);

#endif /* _KISCSI_CORE_H */
