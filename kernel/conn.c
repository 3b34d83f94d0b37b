// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: one TCP connection: the socket, its callbacks and io_work.
 *
 * The socket callbacks only schedule io_work; io_work sends and receives
 * for at most one jiffy, then re-queues itself if there is more to do.
 * An error anywhere marks the connection failed, stops io_work from
 * touching the socket, and fails the commands still outstanding.
 */
#include <linux/inet.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "core.h"

/* Seconds between our pings when the connection is idle, and how long
 * a ping may go unanswered before the connection is declared dead.
 */
#define KISCSI_NOP_INTERVAL	5
#define KISCSI_NOP_TIMEOUT	5
#define KISCSI_CONNECT_TIMEOUT	(10 * HZ)

struct workqueue_struct *kiscsi_io_wq;

static struct kiscsi_conn *sk_conn(struct sock *sk)
{
	return sk->sk_user_data;
}

void kiscsi_conn_kick(struct kiscsi_conn *conn)
{
	queue_work_on(conn->io_cpu, kiscsi_io_wq, &conn->io_work);
}

static void kiscsi_data_ready(struct sock *sk)
{
	struct kiscsi_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk_conn(sk);
	if (conn && !READ_ONCE(conn->failed))
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

static void kiscsi_io_work(struct work_struct *w)
{
	struct kiscsi_conn *conn = container_of(w, struct kiscsi_conn, io_work);
	unsigned long deadline = jiffies + 1;
	unsigned int noio;
	bool more;
	int ret;

	/* Block I/O may be waiting on us: no allocation may recurse into it. */
	noio = memalloc_noio_save();
	do {
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
	} while (more && !time_after(jiffies, deadline));
	memalloc_noio_restore(noio);
	if (more && !READ_ONCE(conn->failed))
		kiscsi_conn_kick(conn);
}

/*
 * Liveness. Any PDU from the target proves the connection alive, so a
 * busy link is never pinged and never times out falsely. After
 * KISCSI_NOP_INTERVAL seconds of silence we ask for a ping; if still
 * nothing has arrived KISCSI_NOP_TIMEOUT seconds later the connection is
 * dead. Counting from the request, not from the ping's send, also
 * catches a blackholed path whose socket is too full to carry the ping.
 */
static void kiscsi_nop_work(struct work_struct *w)
{
	struct kiscsi_conn *conn = container_of(to_delayed_work(w),
						struct kiscsi_conn, nop_work);
	unsigned long now = jiffies, last = READ_ONCE(conn->last_rx);

	if (READ_ONCE(conn->failed))
		return;
	if (!time_after(now, last + KISCSI_NOP_INTERVAL * HZ)) {
		conn->nop_requested = 0;
	} else if (!conn->nop_requested) {
		conn->nop_requested = now;
		WRITE_ONCE(conn->nop_ping_pending, true);
		kiscsi_conn_kick(conn);
	} else if (time_after(now, conn->nop_requested +
			      KISCSI_NOP_TIMEOUT * HZ)) {
		kiscsi_conn_fail(conn, "target silent: ping not answered");
		return;
	}
	queue_delayed_work(kiscsi_io_wq, &conn->nop_work, HZ / 2);
}

struct kiscsi_conn *kiscsi_conn_alloc(struct kiscsi_session *s)
{
	struct kiscsi_conn *conn;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return NULL;
	conn->session = s;
	conn->state = KISCSI_CONN_CONNECTING;
	conn->io_cpu = WORK_CPU_UNBOUND;
	INIT_WORK(&conn->io_work, kiscsi_io_work);
	INIT_DELAYED_WORK(&conn->nop_work, kiscsi_nop_work);
	init_llist_head(&conn->req_list);
	INIT_LIST_HEAD(&conn->cmd_queue);
	INIT_LIST_HEAD(&conn->xfer_queue);
	init_completion(&conn->logout_done);
	spin_lock_init(&conn->tmf_lock);
	init_completion(&conn->tmf.done);
	return conn;
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
	WRITE_ONCE(conn->state, KISCSI_CONN_LOGIN);
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

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = conn;
	conn->saved_data_ready = sk->sk_data_ready;
	conn->saved_write_space = sk->sk_write_space;
	conn->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = kiscsi_data_ready;
	sk->sk_write_space = kiscsi_write_space;
	sk->sk_state_change = kiscsi_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	WRITE_ONCE(conn->state, KISCSI_CONN_FULL_FEATURE);
	queue_delayed_work(kiscsi_io_wq, &conn->nop_work, HZ);
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
void kiscsi_conn_fail(struct kiscsi_conn *conn, const char *why)
{
	if (xchg(&conn->failed, true))
		return;
	WRITE_ONCE(conn->state, KISCSI_CONN_FAILED);
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
	cancel_work_sync(&conn->io_work);
	if (conn->sock)
		kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	kiscsi_fail_all_tasks(conn, host_byte);
	WRITE_ONCE(conn->state, KISCSI_CONN_CLOSED);
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
	conn->exp_statsn = 0;
	conn->nop_reply_pending = false;
	WRITE_ONCE(conn->logout_pending, false);
	WRITE_ONCE(conn->nop_ping_pending, false);
	WRITE_ONCE(conn->nop_sent, 0);
	conn->nop_requested = 0;
	reinit_completion(&conn->logout_done);
	WRITE_ONCE(conn->state, KISCSI_CONN_CONNECTING);
	WRITE_ONCE(conn->failed, false);
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
	if (!wait_for_completion_timeout(&conn->logout_done, 5 * HZ))
		return -ETIMEDOUT;
	return 0;
}
