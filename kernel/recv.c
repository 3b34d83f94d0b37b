// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the receive side of a connection (its owner: io_work, or
 * data_ready in softirq, see kiscsi_recv_softirq()).
 *
 * tcp_read_sock() hands us skbs; recv_actor() moves their bytes into the
 * current PDU according to counters in conn->rx: header (BHS, AHS,
 * header digest), then data (Data-In straight into the command's
 * scatterlist, anything else into rx.buf behind a copy of the header),
 * then padding and data digest. Every length is checked against what we
 * negotiated before it sizes a copy; any violation fails the connection
 * with one rate-limited line naming the rule.
 */
#include <linux/highmem.h>
#include <linux/scatterlist.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_eh.h>

#include "core.h"

/* One rate-limited line ("<prefix><what>: <rule>"), a counter, a failure. */
static int report_violation(struct kiscsi_conn *conn, const char *prefix,
			    const char *what, enum isc_pdu_err err)
{
	conn->session->stats.protocol_errors++;
	pr_warn_ratelimited("session %u: %s%s%s%s\n", conn->session->id,
			    prefix, what, err ? ": " : "",
			    err ? isc_pdu_err_str(err) : "");
	kiscsi_conn_fail(conn, KISCSI_REASON_PROTOCOL_ERROR, "protocol error");
	return -EPROTO;
}

static int protocol_error(struct kiscsi_conn *conn, const char *what,
			  enum isc_pdu_err err)
{
	return report_violation(conn, "", what, err);
}

static void rx_reset(struct kiscsi_rx *rx)
{
	rx->hdr_want = ISCSI_HDR_LEN;
	rx->hdr_got = 0;
	rx->task = NULL;
	rx->data_len = 0;
	rx->data_got = 0;
	rx->trailer_want = 0;
	rx->trailer_got = 0;
}

static struct isc_pdu_ctx rx_ctx(struct kiscsi_conn *conn)
{
	const struct isc_params *p = &conn->session->params;
	struct isc_pdu_ctx ctx = {
		.role = ISC_FROM_TARGET,
		.login = false,
		.max_recv_dsl = p->max_recv_dsl,
		.max_burst = p->max_burst,
		.erl = p->erl,
	};

	return ctx;
}

static void update_window(struct kiscsi_conn *conn, const struct isc_pdu *p)
{
	struct kiscsi_session *s = conn->session;

	/* RFC 7143 §4.2.2.1: out-of-range values are ignored. */
	if (isc_sn_window_update(&s->window, p->exp_cmdsn, p->max_cmdsn) ==
	    ISC_SN_UPDATED && !list_empty(&conn->cmd_queue))
		kiscsi_conn_kick(conn);
}

static void advance_statsn(struct kiscsi_conn *conn, u32 statsn)
{
	if (isc_sn_gte(statsn, conn->exp_statsn))
		conn->exp_statsn = statsn + 1;
}

/*
 * Check a command's outcome against the data that arrived: a GOOD read
 * must have filled every byte it did not declare as residual, or the
 * block layer would be handed bytes the target never sent.
 */
static int finish_task(struct kiscsi_conn *conn, struct kiscsi_task *task,
		       u8 status, bool underflow, bool overflow, u32 residual)
{
	struct scsi_cmnd *sc = task->sc;
	u32 expected;

	if (task->read_len && status == ISC_SAM_GOOD) {
		expected = task->read_len - (underflow ? residual : 0);
		if (task->data_in_next != expected)
			return protocol_error(conn,
					      "read completed with missing data",
					      ISC_PDU_OK);
	}
	scsi_set_resid(sc, underflow ? residual : 0);
	if (overflow)
		scsi_set_resid(sc, 0);
	sc->result = status;
	kiscsi_task_complete(conn, task, DID_OK);
	return 0;
}

/*
 * The task a target PDU names, checked against that task's transfer
 * lengths; NULL after failing the connection if there is no such task in
 * flight or the PDU does not fit it. @what names the PDU in the log.
 */
static struct kiscsi_task *rx_task(struct kiscsi_conn *conn,
				   const struct isc_pdu *p, const char *what)
{
	struct kiscsi_task *task = kiscsi_task_lookup(conn, p->itt);
	struct isc_task_xfer xfer = { .bidi = false };
	enum isc_pdu_err err;

	if (!task) {
		report_violation(conn, "unknown task in ", what,
				 ISC_PDU_ERR_TAG);
		return NULL;
	}
	xfer.read_len = task->read_len;
	xfer.write_len = task->write_len;
	err = isc_pdu_check_task(p, &xfer);
	if (err) {
		report_violation(conn, "bad ", what, err);
		return NULL;
	}
	return task;
}

static int rx_scsi_rsp(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	struct kiscsi_task *task = rx_task(conn, p, "SCSI Response");

	if (!task)
		return -EPROTO;
	if (p->rsp.response != ISC_RSP_COMPLETED) {
		/* The target could not run the command at all. */
		kiscsi_task_complete(conn, task, DID_TRANSPORT_DISRUPTED);
		return 0;
	}
	if (p->rsp.sense_len) {
		memcpy(task->sc->sense_buffer, p->rsp.sense,
		       min_t(u32, p->rsp.sense_len, SCSI_SENSE_BUFFERSIZE));
	}
	return finish_task(conn, task, p->rsp.status, p->rsp.underflow,
			   p->rsp.overflow, p->rsp.residual);
}

static int rx_r2t(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	struct kiscsi_task *task = rx_task(conn, p, "R2T");
	struct kiscsi_session *s = conn->session;
	struct kiscsi_r2t *r;

	if (!task)
		return -EPROTO;
	/* RFC 7143 §11.8: solicited data never overlaps the unsolicited. */
	if (p->r2t.offset < task->unsol_end || p->ttt == ISCSI_RESERVED_TAG)
		return protocol_error(conn, "R2T for unsolicited data",
				      ISC_PDU_ERR_OFFSET);
	if (task->r2t_count >= min_t(u32, KISCSI_MAX_R2T,
				     s->params.max_outstanding_r2t))
		return protocol_error(conn, "more R2Ts than MaxOutstandingR2T",
				      ISC_PDU_OK);
	r = &task->r2t[(task->r2t_head + task->r2t_count) % KISCSI_MAX_R2T];
	r->ttt = p->ttt;
	r->offset = p->r2t.offset;
	r->end = p->r2t.offset + p->r2t.length;
	r->datasn = 0;
	task->r2t_count++;
	s->stats.r2ts++;
	if (task->tx == KISCSI_TX_IDLE) {
		task->tx = KISCSI_TX_R2T;
		kiscsi_task_queue_xfer(conn, task);
	}
	return 0;
}

static int rx_nop_in(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	if (p->itt == KISCSI_ITT_NOP) {
		WRITE_ONCE(conn->nop_sent, 0);
		return 0;
	}
	if (p->itt != ISCSI_RESERVED_TAG)
		return protocol_error(conn, "NOP-In for an unknown ping",
				      ISC_PDU_ERR_TAG);
	if (p->ttt == ISCSI_RESERVED_TAG)
		return 0;	/* no answer wanted */
	/* A target ping: echo its data (RFC 7143 §11.19). */
	conn->nop_reply_ttt = p->ttt;
	conn->nop_reply_len = min_t(u32, p->data_len,
				    min_t(u32, ISCSI_DEF_MAX_RECV_SEG_LEN,
					  conn->session->params.max_xmit_dsl));
	if (conn->nop_reply_len)
		memcpy(conn->nop_reply_buf, p->data, conn->nop_reply_len);
	conn->nop_reply_pending = true;
	return 0;
}

/*
 * A SCSI async event (RFC 7143 §11.9.4) whose sense says the LUN
 * inventory, a capacity or the inquiry data changed: rescan.
 */
static bool sense_wants_rescan(const u8 *sense, u16 len)
{
	struct scsi_sense_hdr sshdr;

	if (!sense || !scsi_normalize_sense(sense, len, &sshdr))
		return false;
	return (sshdr.asc == 0x3f && sshdr.ascq == 0x0e) ||	/* LUNs */
	       (sshdr.asc == 0x2a && sshdr.ascq == 0x09) ||	/* capacity */
	       (sshdr.asc == 0x3f && sshdr.ascq == 0x03);	/* inquiry */
}

/*
 * Async Message (RFC 7143 §11.9). Every code is reported to userspace.
 * A logout or renegotiation request is answered with a Logout: the
 * reconnect that follows logs in afresh, which renegotiates everything,
 * and held commands are retried there. A dropped connection is recovered
 * after the target's Time2Wait.
 */
static int rx_async(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	const struct isc_pdu_async *a = &p->async;
	struct kiscsi_session *s = conn->session;

	pr_info_ratelimited("session %u: async event %u (param %u/%u/%u)\n",
			    s->id, a->event, a->param1, a->param2, a->param3);
	kiscsi_session_async(s, a->event);
	switch (a->event) {
	case ISCSI_ASYNC_MSG_SCSI_EVENT:
		if (sense_wants_rescan(a->sense, a->sense_len))
			kiscsi_session_rescan(s);
		return 0;
	case ISCSI_ASYNC_MSG_REQUEST_LOGOUT:
	case ISCSI_ASYNC_MSG_PARAM_NEGOTIATION:
		conn->async_logout = true;
		WRITE_ONCE(conn->logout_pending, true);
		return 0;
	case ISCSI_ASYNC_MSG_DROPPING_CONNECTION:
	case ISCSI_ASYNC_MSG_DROPPING_ALL_CONNECTIONS:
		conn->time2wait = a->param2;
		kiscsi_conn_fail(conn, KISCSI_REASON_TARGET_REQUEST,
				 "target is dropping the connection");
		return -ECONNRESET;
	default:		/* vendor specific: reported, nothing to do */
		return 0;
	}
}

/* A whole PDU other than Data-In is in rx.buf: parse and act on it. */
static int rx_dispatch(struct kiscsi_conn *conn)
{
	struct kiscsi_rx *rx = &conn->rx;
	struct isc_pdu_ctx ctx = rx_ctx(conn);
	struct isc_pdu *p = &rx->pdu;
	enum isc_pdu_err err;

	err = isc_pdu_parse(rx->buf, ISCSI_HDR_LEN + rx->data_len, &ctx, p);
	if (err)
		return protocol_error(conn, "malformed PDU", err);
	update_window(conn, p);
	switch (p->opcode) {
	case ISCSI_OP_SCSI_CMD_RSP:
		advance_statsn(conn, p->statsn);
		return rx_scsi_rsp(conn, p);
	case ISCSI_OP_R2T:
		return rx_r2t(conn, p);
	case ISCSI_OP_NOOP_IN:
		if (p->itt != ISCSI_RESERVED_TAG)
			advance_statsn(conn, p->statsn);
		return rx_nop_in(conn, p);
	case ISCSI_OP_LOGOUT_RSP:
		advance_statsn(conn, p->statsn);
		if (p->itt != KISCSI_ITT_LOGOUT)
			return protocol_error(conn, "Logout Response for no request",
					      ISC_PDU_ERR_TAG);
		complete(&conn->logout_done);
		if (conn->async_logout) {
			/* The target asked for it; now reconnect. */
			conn->time2wait = p->logout.t2wait;
			kiscsi_conn_fail(conn, KISCSI_REASON_TARGET_REQUEST,
					 "logged out at the target's request");
			return -ECONNRESET;
		}
		return 0;
	case ISCSI_OP_ASYNC_EVENT:
		advance_statsn(conn, p->statsn);
		return rx_async(conn, p);
	case ISCSI_OP_SCSI_TMFUNC_RSP:
		advance_statsn(conn, p->statsn);
		return kiscsi_tmf_rx(conn, p);
	case ISCSI_OP_REJECT:
		advance_statsn(conn, p->statsn);
		pr_warn_ratelimited("session %u: target rejected a PDU, reason 0x%02x\n",
				    conn->session->id, p->reject.reason);
		kiscsi_conn_fail(conn, KISCSI_REASON_REJECT, "PDU rejected");
		return -EPROTO;
	default:
		return protocol_error(conn, "unexpected PDU", ISC_PDU_ERR_OPCODE);
	}
}

/*
 * The header of a Data-In is complete: validate it against its task
 * before a single data byte is placed in the command's pages.
 */
static int rx_data_in_hdr(struct kiscsi_conn *conn)
{
	struct kiscsi_rx *rx = &conn->rx;
	struct isc_pdu_ctx ctx = rx_ctx(conn);
	struct isc_pdu *p = &rx->pdu;
	struct kiscsi_task *task;
	enum isc_pdu_err err;

	err = isc_pdu_parse_hdr(rx->hdr, ISCSI_HDR_LEN, &ctx, p);
	if (err)
		return protocol_error(conn, "malformed Data-In", err);
	task = rx_task(conn, p, "Data-In");
	if (!task)
		return -EPROTO;
	/* DataPDUInOrder=Yes and ERL 0: exactly the next bytes, next DataSN. */
	if (p->dat.offset != task->data_in_next ||
	    p->dat.datasn != task->exp_datasn)
		return protocol_error(conn, "Data-In out of order",
				      ISC_PDU_ERR_OFFSET);
	update_window(conn, p);
	/* Same rule as the send side: the ITT names the command. */
	if (task->itt != rx->cursor_itt) {
		rx->sg = NULL;
		rx->sg_pos = 0;
		rx->cursor_itt = task->itt;
	}
	rx->task = task;
	rx->data_off = p->dat.offset;
	return 0;
}

static int rx_data_in_done(struct kiscsi_conn *conn)
{
	struct kiscsi_rx *rx = &conn->rx;
	struct isc_pdu *p = &rx->pdu;
	struct kiscsi_task *task = rx->task;

	task->data_in_next += rx->data_len;
	task->exp_datasn++;
	conn->session->stats.read_bytes += rx->data_len;
	if (!p->dat.has_status)
		return 0;
	advance_statsn(conn, p->statsn);
	return finish_task(conn, task, p->dat.status, p->dat.underflow,
			   p->dat.overflow, p->dat.residual);
}

static int rx_hdr_done(struct kiscsi_conn *conn)
{
	struct kiscsi_session *s = conn->session;
	struct kiscsi_rx *rx = &conn->rx;
	struct isc_pdu_ctx ctx = rx_ctx(conn);
	struct isc_pdu_lens lens;
	enum isc_pdu_err err;
	u32 hlen;

	if (rx->hdr_want == ISCSI_HDR_LEN) {
		err = isc_pdu_check_bhs(rx->hdr, ISCSI_HDR_LEN, &ctx, &lens);
		if (err)
			return protocol_error(conn, "bad header", err);
		rx->hdr_want += lens.ahs_len;
		if (s->params.header_digest)
			rx->hdr_want += ISC_DIGEST_LEN;
		rx->data_len = lens.data_len;
		rx->pad_len = lens.data_padded - lens.data_len;
		if (rx->hdr_want > ISCSI_HDR_LEN)
			return 0;	/* read the rest of the header first */
	}
	hlen = rx->hdr_want - (s->params.header_digest ? ISC_DIGEST_LEN : 0);
	if (s->params.header_digest &&
	    !isc_digest_ok(rx->hdr + hlen, isc_crc32c(rx->hdr, hlen))) {
		s->stats.digest_errors++;
		pr_warn_ratelimited("session %u: header digest error\n", s->id);
		kiscsi_conn_fail(conn, KISCSI_REASON_DIGEST_ERROR,
				 "header digest error");
		return -EBADMSG;
	}
	/* Target PDUs never carry an AHS (check_bhs enforces it). */
	rx->trailer_want = rx->data_len ? rx->pad_len : 0;
	if (rx->data_len && s->params.data_digest)
		rx->trailer_want += ISC_DIGEST_LEN;
	rx->crc = ISC_CRC32C_SEED;
	if ((rx->hdr[0] & ISCSI_OPCODE_MASK) == ISCSI_OP_SCSI_DATA_IN)
		return rx_data_in_hdr(conn);
	memcpy(rx->buf, rx->hdr, ISCSI_HDR_LEN);
	return 0;
}

/*
 * What data_ready may act on in softirq: the PDUs of the I/O path. The
 * rest (TMF and Logout Responses, Async Messages, Rejects) reach into the
 * session, the error handler and userspace: io_work handles them.
 */
static bool softirq_may_dispatch(u8 opcode_byte)
{
	switch (opcode_byte & ISCSI_OPCODE_MASK) {
	case ISCSI_OP_SCSI_CMD_RSP:
	case ISCSI_OP_R2T:
	case ISCSI_OP_NOOP_IN:
		return true;
	default:
		return false;
	}
}

/* 0 to go on reading, 1 to stop (a PDU was deferred), negative on failure */
static int rx_pdu_done(struct kiscsi_conn *conn)
{
	struct kiscsi_session *s = conn->session;
	struct kiscsi_rx *rx = &conn->rx;
	int ret;

	if (rx->data_len && s->params.data_digest) {
		u32 crc = isc_crc32c_update(rx->crc, rx->trailer, rx->pad_len);

		if (!isc_digest_ok(rx->trailer + rx->pad_len,
				   isc_crc32c_final(crc))) {
			s->stats.digest_errors++;
			pr_warn_ratelimited("session %u: data digest error\n",
					    s->id);
			kiscsi_conn_fail(conn, KISCSI_REASON_DIGEST_ERROR,
					 "data digest error");
			return -EBADMSG;
		}
	}
	s->stats.rx_pdus++;
	WRITE_ONCE(conn->last_rx, jiffies);
	if (!rx->task && rx->in_softirq && !softirq_may_dispatch(rx->hdr[0])) {
		/* Kept in rx.buf for io_work; stop reading behind it. */
		rx->deferred = true;
		return 1;
	}
	ret = rx->task ? rx_data_in_done(conn) : rx_dispatch(conn);
	rx_reset(rx);
	return ret;
}

/* Copy @len bytes at @off of @skb into the task's buffer at rx->data_off. */
static int rx_copy_to_task(struct kiscsi_conn *conn, struct sk_buff *skb,
			   unsigned int off, u32 len)
{
	struct kiscsi_rx *rx = &conn->rx;
	struct scsi_cmnd *sc = rx->task->sc;
	u32 want = rx->data_off + rx->data_got;
	u32 in_sg, pgoff, n;
	struct scatterlist *sg;
	struct page *page;
	void *va;
	int ret;

	sg = kiscsi_sg_seek(sc, &rx->sg, &rx->sg_pos, want);
	if (!sg)
		return protocol_error(conn, "Data-In past the buffer",
				      ISC_PDU_ERR_OFFSET);
	in_sg = sg->offset + (want - rx->sg_pos);
	page = nth_page(sg_page(sg), in_sg >> PAGE_SHIFT);
	pgoff = offset_in_page(in_sg);
	n = min3(len, (u32)(sg->length - (want - rx->sg_pos)),
		 (u32)(PAGE_SIZE - pgoff));
	va = kmap_local_page(page);
	ret = skb_copy_bits(skb, off, va + pgoff, n);
	if (!ret && conn->session->params.data_digest)
		rx->crc = isc_crc32c_update(rx->crc, va + pgoff, n);
	kunmap_local(va);
	return ret ? ret : n;
}

static int recv_actor(read_descriptor_t *desc, struct sk_buff *skb,
		      unsigned int offset, size_t len)
{
	struct kiscsi_conn *conn = desc->arg.data;
	struct kiscsi_rx *rx = &conn->rx;
	size_t consumed = 0;
	u32 n;
	int ret;

	/* TCP offers the rest of an skb even after we asked it to stop. */
	if (rx->deferred)
		return 0;
	while (consumed < len) {
		if (READ_ONCE(conn->failed))
			return -ENOTCONN;
		if (rx->hdr_got < rx->hdr_want) {
			n = min_t(size_t, rx->hdr_want - rx->hdr_got,
				  len - consumed);
			if (skb_copy_bits(skb, offset, rx->hdr + rx->hdr_got, n))
				return -EFAULT;
			rx->hdr_got += n;
			ret = rx->hdr_got == rx->hdr_want ? rx_hdr_done(conn) : 0;
		} else if (rx->data_got < rx->data_len) {
			n = min_t(size_t, rx->data_len - rx->data_got,
				  len - consumed);
			if (rx->task) {
				ret = rx_copy_to_task(conn, skb, offset, n);
				if (ret < 0)
					return ret;
				n = ret;
			} else {
				u8 *dst = rx->buf + ISCSI_HDR_LEN + rx->data_got;

				if (skb_copy_bits(skb, offset, dst, n))
					return -EFAULT;
				if (conn->session->params.data_digest)
					rx->crc = isc_crc32c_update(rx->crc,
								    dst, n);
			}
			rx->data_got += n;
			ret = 0;
		} else {
			n = min_t(size_t, rx->trailer_want - rx->trailer_got,
				  len - consumed);
			if (skb_copy_bits(skb, offset,
					  rx->trailer + rx->trailer_got, n))
				return -EFAULT;
			rx->trailer_got += n;
			ret = 0;
		}
		if (ret < 0)
			return ret;
		offset += n;
		consumed += n;
		conn->session->stats.rx_bytes += n;
		if (rx->hdr_got == rx->hdr_want && rx->data_got == rx->data_len &&
		    rx->trailer_got == rx->trailer_want) {
			ret = rx_pdu_done(conn);
			if (ret < 0)
				return ret;
			if (ret > 0) {
				desc->count = 0;	/* tcp_read_sock: stop */
				break;
			}
		}
	}
	return consumed;
}

/*
 * io_work: act on the PDU data_ready left in rx.buf, before anything
 * behind it. 1 if there was one, 0 if not, negative on failure.
 */
static int rx_take_deferred(struct kiscsi_conn *conn)
{
	struct kiscsi_rx *rx = &conn->rx;
	int ret;

	if (!rx->deferred)
		return 0;
	rx->deferred = false;
	ret = rx_dispatch(conn);
	rx_reset(rx);
	if (ret < 0)
		return ret;
	return READ_ONCE(conn->failed) ? -ENOTCONN : 1;
}

/**
 * kiscsi_try_recv() - consume what the socket has
 * @conn: the connection (io_work)
 *
 * Return: >0 if bytes were consumed, 0 if none were waiting, negative on
 * failure (the connection has been failed).
 */
int kiscsi_try_recv(struct kiscsi_conn *conn)
{
	struct socket *sock = conn->sock;
	struct sock *sk = sock->sk;
	read_descriptor_t desc = { .arg.data = conn, .count = 1 };
	int ret, got;

	got = rx_take_deferred(conn);
	if (got < 0)
		return got;
	/*
	 * Nothing queued and the connection healthy: skip the socket lock and
	 * read_sock(), which reads the clock even when it finds nothing (an
	 * expensive exit on some virtual machines). Every pass of io_work
	 * ends with such an empty read. Data that lands after this check
	 * calls data_ready, which queues io_work again.
	 */
	if (skb_queue_empty_lockless(&sk->sk_receive_queue) &&
	    !READ_ONCE(sk->sk_err) &&
	    !(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) &&
	    READ_ONCE(sk->sk_state) == TCP_ESTABLISHED)
		return got;
	lock_sock(sk);
	ret = sock->ops->read_sock(sk, &desc, recv_actor);
	if (ret == 0 && (sk->sk_err || sk->sk_shutdown & RCV_SHUTDOWN ||
			 sk->sk_state == TCP_CLOSE ||
			 sk->sk_state == TCP_CLOSE_WAIT))
		ret = -ECONNRESET;
	release_sock(sk);
	if (ret < 0)
		kiscsi_conn_fail(conn, ret == -ECONNRESET ?
				 KISCSI_REASON_SOCKET_CLOSED :
				 KISCSI_REASON_SOCKET_ERROR,
				 ret == -ECONNRESET ?
				 "connection closed by the target" :
				 "receive failed");
	return ret < 0 ? ret : ret + got;
}

/**
 * kiscsi_recv_softirq() - receive from data_ready, if io_work is not running
 * @conn: the connection (data_ready, under sk_callback_lock and the socket
 *	  lock TCP holds around the callback)
 *
 * Saves a wakeup of io_work per arrival: responses complete and R2Ts are
 * queued right here. io_work is still needed to send (Data-Out for an R2T,
 * a ping answer, commands the window now admits) and for the PDUs
 * softirq_may_dispatch() refuses.
 *
 * Return: true if io_work need not run for what arrived.
 */
bool kiscsi_recv_softirq(struct kiscsi_conn *conn)
{
	read_descriptor_t desc = { .arg.data = conn, .count = 1 };
	struct sock *sk = conn->sock->sk;
	struct kiscsi_rx *rx = &conn->rx;
	bool idle;
	int ret;

	/* Held: the holder receives it (kiscsi_conn_own()). */
	if (!kiscsi_conn_own(conn))
		return true;
	if (rx->deferred) {
		kiscsi_conn_unown(conn);
		return false;
	}
	rx->in_softirq = true;
	ret = tcp_read_sock(sk, &desc, recv_actor);
	rx->in_softirq = false;
	if (ret < 0)
		kiscsi_conn_fail(conn, KISCSI_REASON_SOCKET_ERROR,
				 "receive failed");
	/* Errors and the target's close are io_work's to notice, as ever. */
	idle = ret >= 0 && !rx->deferred && !conn->nop_reply_pending &&
	       list_empty(&conn->xfer_queue) && !sk->sk_err &&
	       !(sk->sk_shutdown & RCV_SHUTDOWN);
	kiscsi_conn_unown(conn);
	return idle;
}
