// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: one TCP connection: the socket, its callbacks and io_work.
 *
 * The socket callbacks schedule io_work, which sends and receives for at
 * most one jiffy, then re-queues itself if there is more to do. With
 * rx_softirq, data_ready receives itself when io_work is not running
 * (kiscsi_conn_own()) and wakes io_work only for what must be sent.
 * queuecommand wakes the same function as submit_work, at normal priority.
 * An error anywhere marks the connection failed, stops io_work from
 * touching the socket, and fails the commands still outstanding.
 */
#include <linux/inet.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "core.h"
#include "trace.h"

#define KISCSI_CONNECT_TIMEOUT	(10 * HZ)
/* How often the liveness check looks at the connection. */
#define KISCSI_NOP_TICK		(HZ / 10)

struct workqueue_struct *kiscsi_io_wq;
struct workqueue_struct *kiscsi_submit_wq;

/*
 * Read at each (re)connect's start; see kiscsi_recv_softirq(). Off, every
 * arrival wakes io_work: kept for comparison (make bench, BENCH_ARMS) and
 * as a way back should receiving in softirq ever misbehave.
 */
static bool rx_softirq = true;
module_param(rx_softirq, bool, 0644);
MODULE_PARM_DESC(rx_softirq,
		 "receive in the socket's data_ready when io_work is idle (default on; new connections)");

/*
 * Read at each (re)connect's start. Off (the default), queuecommand wakes
 * io_work at normal priority; on, at high priority as the receive side
 * does, which preempts the submitter: kept for comparison (make bench).
 */
static bool submit_highpri;
module_param(submit_highpri, bool, 0644);
MODULE_PARM_DESC(submit_highpri,
		 "queuecommand wakes io_work at high priority (default off; new connections)");

static struct kiscsi_conn *sk_conn(struct sock *sk)
{
	return sk->sk_user_data;
}

void kiscsi_conn_kick(struct kiscsi_conn *conn)
{
	queue_work_on(conn->io_cpu, kiscsi_io_wq, &conn->io_work);
}

/* From queuecommand: new commands to send. */
void kiscsi_conn_kick_submit(struct kiscsi_conn *conn)
{
	if (conn->submit_highpri)
		kiscsi_conn_kick(conn);
	else
		queue_work_on(conn->io_cpu, kiscsi_submit_wq,
			      &conn->submit_work);
}

static void kiscsi_data_ready(struct sock *sk)
{
	struct kiscsi_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk_conn(sk);
	/*
	 * The read lock keeps kiscsi_conn_stop() (restore_callbacks) from
	 * passing while we receive here.
	 */
	if (conn && !READ_ONCE(conn->failed) &&
	    !(conn->rx_softirq && kiscsi_recv_softirq(conn)))
		kiscsi_conn_kick(conn);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void kiscsi_write_space(struct sock *sk)
{
	struct kiscsi_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk_conn(sk);
	if (conn && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		kiscsi_conn_kick(conn);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void kiscsi_state_change(struct sock *sk)
{
	struct kiscsi_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk_conn(sk);
	if (!conn)
		goto out;
	switch (sk->sk_state) {
	case TCP_CLOSE:
	case TCP_CLOSE_WAIT:
	case TCP_LAST_ACK:
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		/* io_work sees the error on its next read or write. */
		kiscsi_conn_kick(conn);
		break;
	default:
		break;
	}
	if (conn->saved_state_change)
		conn->saved_state_change(sk);
out:
	read_unlock_bh(&sk->sk_callback_lock);
}

/* io_work and submit_work: whichever owns the connection sends and receives. */
static void kiscsi_io_run(struct kiscsi_conn *conn)
{
	unsigned long deadline = jiffies + 1;
	unsigned int noio;
	bool more;
	int ret;

	/* Held by data_ready or the other work: it does our pass, or kicks io_work. */
	if (!kiscsi_conn_own(conn))
		return;
	/* Block I/O may be waiting on us: no allocation may recurse into it. */
	noio = memalloc_noio_save();
	do {
		/*
		 * A pass sends and receives whatever is there, which covers
		 * what anyone who found the connection held before the pass
		 * began came for (see kiscsi_conn_own()). Taking their word
		 * back here, instead of waking io_work for it when letting go,
		 * saved about four context switches per 128k sequential read:
		 * data_ready often comes while submit_work holds the connection.
		 */
		test_and_clear_bit(KISCSI_OWN_WANTED, &conn->own);
		more = false;
		if (READ_ONCE(conn->failed))
			break;
		ret = kiscsi_try_send(conn);
		if (ret > 0)
			more = true;
		else if (ret < 0 && ret != -EAGAIN)
			break;
		ret = kiscsi_try_recv(conn);
		if (ret > 0)
			more = true;
		else if (ret < 0 && ret != -EAGAIN)
			break;
	} while ((more || test_bit(KISCSI_OWN_WANTED, &conn->own)) &&
		 !time_after(jiffies, deadline));
	memalloc_noio_restore(noio);
	kiscsi_conn_unown(conn);
	if (more && !READ_ONCE(conn->failed))
		kiscsi_conn_kick(conn);
}

static void kiscsi_io_work(struct work_struct *w)
{
	kiscsi_io_run(container_of(w, struct kiscsi_conn, io_work));
}

static void kiscsi_submit_work(struct work_struct *w)
{
	kiscsi_io_run(container_of(w, struct kiscsi_conn, submit_work));
}

/*
 * Liveness. Any PDU from the target proves the connection alive, so a
 * busy link is never pinged and never times out falsely. After the
 * session's NOP interval of silence we ask for a ping; if still nothing
 * has arrived a NOP timeout later the connection is dead. Counting from
 * the request, not from the ping's send, also catches a blackholed path
 * whose socket is too full to carry the ping. An interval of 0 turns
 * pinging off; socket errors still end the connection.
 */
static void kiscsi_nop_work(struct work_struct *w)
{
	struct kiscsi_conn *conn = container_of(to_delayed_work(w),
						struct kiscsi_conn, nop_work);
	struct kiscsi_session *s = conn->session;
	unsigned long now = jiffies, last = READ_ONCE(conn->last_rx);
	unsigned int interval = READ_ONCE(s->nop_interval_ms);
	unsigned int timeout = READ_ONCE(s->nop_timeout_ms);

	if (READ_ONCE(conn->failed))
		return;
	if (READ_ONCE(conn->logout_sent) &&
	    time_after(now, READ_ONCE(conn->logout_sent_at) + KISCSI_LOGOUT_WAIT)) {
		kiscsi_conn_fail(conn, KISCSI_REASON_TARGET_REQUEST,
				 "target did not answer the Logout");
		return;
	}
	if (!interval ||
	    !time_after(now, last + msecs_to_jiffies(interval))) {
		conn->nop_requested = 0;
	} else if (!conn->nop_requested) {
		conn->nop_requested = now;
		WRITE_ONCE(conn->nop_ping_pending, true);
		kiscsi_conn_kick(conn);
	} else if (time_after(now, conn->nop_requested +
			      msecs_to_jiffies(timeout))) {
		kiscsi_conn_fail(conn, KISCSI_REASON_PING_TIMEOUT,
				 "target silent: ping not answered");
		return;
	}
	queue_delayed_work(kiscsi_io_wq, &conn->nop_work, KISCSI_NOP_TICK);
}

/* Which moves the connection lifecycle allows: bit old set in allowed[new]. */
static const u8 conn_state_allowed[] = {
	[KISCSI_CONN_CONNECTING] = BIT(KISCSI_CONN_CLOSED) |
				   BIT(KISCSI_CONN_CONNECTING) |
				   BIT(KISCSI_CONN_LOGIN),
	[KISCSI_CONN_LOGIN] = BIT(KISCSI_CONN_CONNECTING),
	[KISCSI_CONN_FULL_FEATURE] = BIT(KISCSI_CONN_LOGIN),
	[KISCSI_CONN_FAILED] = BIT(KISCSI_CONN_CONNECTING) |
			       BIT(KISCSI_CONN_LOGIN) |
			       BIT(KISCSI_CONN_FULL_FEATURE),
	[KISCSI_CONN_CLOSED] = BIT(KISCSI_CONN_CONNECTING) |
			       BIT(KISCSI_CONN_LOGIN) |
			       BIT(KISCSI_CONN_FULL_FEATURE) |
			       BIT(KISCSI_CONN_FAILED),
};

/*
 * The one place connection state changes; any context. A move the
 * lifecycle does not allow changes nothing and returns false: e.g. a
 * failure noticed by io_work after logout already closed the connection.
 */
bool kiscsi_conn_set_state(struct kiscsi_conn *conn, u32 new)
{
	u32 old;

	if (new >= ARRAY_SIZE(conn_state_allowed))
		return false;
	do {
		old = READ_ONCE(conn->state);
		if (old >= 8 || !(conn_state_allowed[new] & BIT(old)))
			return false;
	} while (cmpxchg(&conn->state, old, new) != old);
	trace_kiscsi_conn_state(conn->session->id, conn->cid, old, new);
	return true;
}

struct kiscsi_conn *kiscsi_conn_alloc(struct kiscsi_session *s)
{
	struct kiscsi_conn *conn;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return NULL;
	conn->session = s;
	conn->state = KISCSI_CONN_CONNECTING;
	conn->failed = true;		/* no socket yet; see kiscsi_conn_start() */
	conn->time2wait = -1;
	conn->io_cpu = WORK_CPU_UNBOUND;
	INIT_WORK(&conn->io_work, kiscsi_io_work);
	INIT_WORK(&conn->submit_work, kiscsi_submit_work);
	INIT_DELAYED_WORK(&conn->nop_work, kiscsi_nop_work);
	init_llist_head(&conn->req_list);
	INIT_LIST_HEAD(&conn->cmd_queue);
	INIT_LIST_HEAD(&conn->xfer_queue);
	init_completion(&conn->logout_done);
	mutex_init(&conn->tmf_mutex);
	spin_lock_init(&conn->tmf_lock);
	init_completion(&conn->tmf.done);
	return conn;
}

/*
 * Bind to the session's device and source address, if it has them. The
 * device is looked up by name in the session's namespace each time, so a
 * reconnect follows an interface that was recreated.
 */
static int conn_bind(struct socket *sock, struct net *net,
		     const struct kiscsi_login_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int ret, len;

	if (cfg->ifname[0]) {
		dev = dev_get_by_name(net, cfg->ifname);
		if (!dev) {
			NL_SET_ERR_MSG_MOD(extack,
					   "the interface to connect through does not exist");
			return -ENODEV;
		}
		ret = sock_bindtoindex(sock->sk, dev->ifindex, true);
		dev_put(dev);
		if (ret) {
			NL_SET_ERR_MSG_MOD(extack,
					   "cannot bind the connection to its interface");
			return ret;
		}
	}
	if (!cfg->src_addr.ss_family)
		return 0;
	len = cfg->src_addr.ss_family == AF_INET6 ?
		sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	ret = kernel_bind(sock, (struct sockaddr *)&cfg->src_addr, len);
	if (ret == -EADDRNOTAVAIL)
		NL_SET_ERR_MSG_MOD(extack,
				   "the source address is not one of this host's (in this network namespace)");
	else if (ret)
		NL_SET_ERR_MSG_MOD(extack, "cannot bind to the source address");
	return ret;
}

int kiscsi_conn_connect(struct kiscsi_conn *conn, struct net *net,
			const struct sockaddr_storage *addr,
			struct netlink_ext_ack *extack)
{
	struct socket *sock;
	int len, ret;

	len = addr->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					     sizeof(struct sockaddr_in);
	ret = sock_create_kern(net, addr->ss_family, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "cannot create a TCP socket");
		return ret;
	}
	/* Storage traffic: no Nagle delay, no reclaim recursion. */
	tcp_sock_set_nodelay(sock->sk);
	sock->sk->sk_allocation = GFP_NOIO;
	sock->sk->sk_sndtimeo = KISCSI_CONNECT_TIMEOUT;
	sock->sk->sk_rcvtimeo = KISCSI_CONNECT_TIMEOUT;
	memcpy(&conn->peer, addr, sizeof(*addr));

	ret = conn_bind(sock, net, conn->session->cfg, extack);
	if (ret)
		goto err_sock;
	ret = kernel_connect(sock, (struct sockaddr *)addr, len, 0);
	if (ret) {
		if (ret == -ECONNREFUSED)
			NL_SET_ERR_MSG_MOD(extack,
					   "portal refused the connection (nothing listens there)");
		else if (ret == -ETIMEDOUT || ret == -EINPROGRESS)
			NL_SET_ERR_MSG_MOD(extack,
					   "portal unreachable: connection timed out");
		else
			NL_SET_ERR_MSG_MOD(extack, "cannot connect to the portal");
		goto err_sock;
	}
	ret = kernel_getsockname(sock, (struct sockaddr *)&conn->local);
	if (ret < 0)
		goto err_sock;
	conn->sock = sock;
	kiscsi_conn_set_state(conn, KISCSI_CONN_LOGIN);
	return 0;

err_sock:
	sock_release(sock);
	return ret < 0 ? ret : -ECONNABORTED;
}

/* Switch a logged-in connection to full feature phase: callbacks, io_work. */
int kiscsi_conn_start(struct kiscsi_conn *conn)
{
	struct kiscsi_session *s = conn->session;
	struct sock *sk = conn->sock->sk;

	u32 size = max_t(u32, s->params.max_recv_dsl,
			 ISCSI_DEF_MAX_RECV_SEG_LEN) + ISCSI_HDR_LEN;

	/* A reconnect reuses the buffers unless the new login grew them. */
	if (conn->rx.buf && conn->rx.buf_size < size) {
		kvfree(conn->rx.buf);
		conn->rx.buf = NULL;
	}
	if (!conn->rx.buf) {
		conn->rx.buf = kvmalloc(size, GFP_KERNEL);
		if (!conn->rx.buf)
			return -ENOMEM;
		conn->rx.buf_size = size;
	}
	if (!conn->nop_reply_buf) {
		conn->nop_reply_buf = kmalloc(ISCSI_DEF_MAX_RECV_SEG_LEN,
					      GFP_KERNEL);
		if (!conn->nop_reply_buf)
			return -ENOMEM;
	}
	conn->rx.hdr_want = ISCSI_HDR_LEN;
	conn->last_rx = jiffies;
	conn->rx_softirq = READ_ONCE(rx_softirq);
	conn->submit_highpri = READ_ONCE(submit_highpri);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = conn;
	conn->saved_data_ready = sk->sk_data_ready;
	conn->saved_write_space = sk->sk_write_space;
	conn->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = kiscsi_data_ready;
	sk->sk_write_space = kiscsi_write_space;
	sk->sk_state_change = kiscsi_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	/*
	 * Only now may io_work run: until here a kick (a TMF from the error
	 * handler, a Logout from teardown) would find no socket, or the
	 * previous connection's, released. The debug kernel caught io_work
	 * sending on a NULL socket while a reconnect was logging in.
	 */
	WRITE_ONCE(conn->failed, false);
	kiscsi_conn_set_state(conn, KISCSI_CONN_FULL_FEATURE);
	queue_delayed_work(kiscsi_io_wq, &conn->nop_work, KISCSI_NOP_TICK);
	/* Data may have arrived between login and the callbacks. */
	kiscsi_conn_kick(conn);
	return 0;
}

static void restore_callbacks(struct kiscsi_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->saved_data_ready;
		sk->sk_write_space = conn->saved_write_space;
		sk->sk_state_change = conn->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

/*
 * Any context, io_work included (which may hold the socket lock): the
 * connection is unusable. io_work stops touching the socket at its next
 * check. The session's fail_work then runs kiscsi_conn_stop() in process
 * context, which shuts the socket down and fails outstanding commands.
 */
void kiscsi_conn_fail(struct kiscsi_conn *conn, u32 reason, const char *why)
{
	if (xchg(&conn->failed, true))
		return;
	/* Read by fail_work, which schedule_work() below orders after. */
	conn->fail_reason = reason;
	conn->fail_why = why;
	kiscsi_conn_set_state(conn, KISCSI_CONN_FAILED);
	trace_kiscsi_conn_fail(conn->session->id, reason, why);
	pr_warn_ratelimited("session %u: connection failed: %s\n",
			    conn->session->id, why);
	complete(&conn->logout_done);
	/* A waiting error handler sees no DONE and escalates. */
	complete(&conn->tmf.done);
	schedule_work(&conn->session->fail_work);
}

/*
 * Process context: stop io_work for good and fail what is outstanding
 * with @host_byte (DID_TRANSPORT_DISRUPTED when the session will recover:
 * the midlayer retries into the blocked queue, and dm-multipath's
 * failfast requests move to another path at once).
 */
void kiscsi_conn_stop(struct kiscsi_conn *conn, int host_byte)
{
	WRITE_ONCE(conn->failed, true);
	if (conn->sock)
		restore_callbacks(conn);
	cancel_delayed_work_sync(&conn->nop_work);
	/* submit_work first: letting go of the connection may kick io_work. */
	cancel_work_sync(&conn->submit_work);
	cancel_work_sync(&conn->io_work);
	if (conn->sock)
		kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	kiscsi_fail_all_tasks(conn, host_byte);
	kiscsi_conn_set_state(conn, KISCSI_CONN_CLOSED);
}

/*
 * Process context, after kiscsi_conn_stop(): forget the old socket and
 * every bit of per-connection protocol state, ready for a new connect
 * and login. The buffers stay. Nothing else touches the connection now:
 * io_work and nop_work are cancelled and the host is blocked.
 */
void kiscsi_conn_reset(struct kiscsi_conn *conn)
{
	if (conn->sock) {
		sock_release(conn->sock);
		conn->sock = NULL;
	}
	memset(&conn->tx, 0, sizeof(conn->tx));
	conn->rx.hdr_want = ISCSI_HDR_LEN;
	conn->rx.hdr_got = 0;
	conn->rx.task = NULL;
	conn->rx.data_len = 0;
	conn->rx.data_got = 0;
	conn->rx.trailer_want = 0;
	conn->rx.trailer_got = 0;
	conn->rx.sg = NULL;
	conn->rx.cursor_itt = 0;
	conn->rx.deferred = false;
	conn->own = 0;
	conn->exp_statsn = 0;
	conn->nop_reply_pending = false;
	WRITE_ONCE(conn->logout_pending, false);
	WRITE_ONCE(conn->nop_ping_pending, false);
	WRITE_ONCE(conn->nop_sent, 0);
	conn->nop_requested = 0;
	reinit_completion(&conn->logout_done);
	conn->fail_reason = KISCSI_REASON_NONE;
	conn->fail_why = NULL;
	conn->async_logout = false;
	WRITE_ONCE(conn->logout_sent, false);
	conn->time2wait = -1;
	kiscsi_conn_set_state(conn, KISCSI_CONN_CONNECTING);
	/* @failed stays true: kiscsi_conn_start() clears it with a socket. */
}

void kiscsi_conn_free(struct kiscsi_conn *conn)
{
	if (!conn)
		return;
	if (conn->sock)
		sock_release(conn->sock);
	kvfree(conn->rx.buf);
	kfree(conn->nop_reply_buf);
	kfree(conn);
}

/*
 * Ask the target to close the session (RFC 7143 §11.14) and wait for its
 * answer, or for the connection to fail, for at most a few seconds.
 */
int kiscsi_conn_logout(struct kiscsi_conn *conn)
{
	if (READ_ONCE(conn->failed))
		return -ENOTCONN;
	WRITE_ONCE(conn->logout_pending, true);
	kiscsi_conn_kick(conn);
	if (!wait_for_completion_timeout(&conn->logout_done, KISCSI_LOGOUT_WAIT))
		return -ETIMEDOUT;
	return 0;
}
