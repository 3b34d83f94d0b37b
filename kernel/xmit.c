// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the send side of a connection (io_work only).
 *
 * One PDU is in flight towards the socket at a time (conn->tx). When it
 * is fully written the next one is chosen, in this order: a Logout
 * Request, an answer to a target ping, our own ping, Data-Out for the
 * tasks that have unsolicited data or R2Ts to serve (one PDU each in
 * turn), and finally new commands,
 * each of which needs a CmdSN inside the target's window. A command
 * waits in cmd_queue while the window is closed; the receive side kicks
 * io_work when MaxCmdSN moves.
 */
#include <linux/highmem.h>
#include <linux/net.h>
#include <linux/scatterlist.h>
#include <net/sock.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>

#include "core.h"

/* PDUs written per call before io_work gets to receive again. */
#define KISCSI_TX_BUDGET	16

static void tx_finish_header(struct kiscsi_conn *conn, int hlen)
{
	struct kiscsi_tx_pdu *tx = &conn->tx;

	/*
	 * Data-Out PDUs of one command walk forward: keep the cursor. The
	 * ITT, not the task pointer, says "same command": a reused tag has
	 * the same task and a different scatterlist.
	 */
	if (!tx->task || tx->task->itt != tx->cursor_itt) {
		tx->sg = NULL;
		tx->sg_pos = 0;
		tx->cursor_itt = tx->task ? tx->task->itt : 0;
	}
	tx->hdr_len = hlen;
	if (conn->session->params.header_digest) {
		isc_digest_put(tx->hdr + hlen, isc_crc32c(tx->hdr, hlen));
		tx->hdr_len += ISC_DIGEST_LEN;
	}
	tx->hdr_sent = 0;
	tx->data_sent = 0;
	tx->pad_len = isc_pad_len(tx->data_len);
	tx->trailer_len = 0;
	tx->trailer_sent = 0;
	tx->crc = ISC_CRC32C_SEED;
	tx->active = true;
}

static int build(struct kiscsi_conn *conn, struct isc_pdu *p);

void kiscsi_init_out(struct kiscsi_conn *conn, struct isc_pdu *p, u8 op)
{
	memset(p, 0, sizeof(*p));
	p->opcode = op;
	p->final = true;
	p->ttt = ISCSI_RESERVED_TAG;
	p->cmdsn = conn->session->cmdsn;
	p->exp_statsn = conn->exp_statsn;
}

int kiscsi_prep_tmf_pdu(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	conn->tx.task = NULL;
	conn->tx.buf = NULL;
	return build(conn, p);
}

static int build(struct kiscsi_conn *conn, struct isc_pdu *p)
{
	int hlen = isc_pdu_build(p, conn->tx.hdr, sizeof(conn->tx.hdr) -
				 ISC_DIGEST_LEN);

	if (hlen < 0) {
		kiscsi_conn_fail(conn, KISCSI_REASON_PROTOCOL_ERROR,
				 "PDU does not fit its header buffer");
		return hlen;
	}
	conn->tx.data_len = p->data_len;
	tx_finish_header(conn, hlen);
	return 0;
}

static int prep_logout(struct kiscsi_conn *conn)
{
	struct isc_pdu p;

	kiscsi_init_out(conn, &p, ISCSI_OP_LOGOUT);
	p.immediate = true;
	p.itt = KISCSI_ITT_LOGOUT;
	p.logout.reason = ISCSI_LOGOUT_REASON_CLOSE_SESSION;
	conn->tx.task = NULL;
	conn->tx.buf = NULL;
	return build(conn, &p);
}

static int prep_nop_reply(struct kiscsi_conn *conn)
{
	struct isc_pdu p;

	kiscsi_init_out(conn, &p, ISCSI_OP_NOOP_OUT);
	p.immediate = true;
	p.itt = ISCSI_RESERVED_TAG;
	p.ttt = conn->nop_reply_ttt;
	p.data_len = conn->nop_reply_len;
	conn->tx.task = NULL;
	conn->tx.buf = conn->nop_reply_buf;
	conn->session->stats.nops_rx++;
	return build(conn, &p);
}

static int prep_nop_ping(struct kiscsi_conn *conn)
{
	struct isc_pdu p;

	kiscsi_init_out(conn, &p, ISCSI_OP_NOOP_OUT);
	p.immediate = true;
	p.itt = KISCSI_ITT_NOP;
	conn->tx.task = NULL;
	conn->tx.buf = NULL;
	WRITE_ONCE(conn->nop_sent, jiffies ? jiffies : 1);
	conn->session->stats.nops_tx++;
	return build(conn, &p);
}

static int prep_command(struct kiscsi_conn *conn, struct kiscsi_task *task)
{
	struct kiscsi_session *s = conn->session;
	struct scsi_cmnd *sc = task->sc;
	u32 imm = 0;
	struct isc_pdu p;

	kiscsi_init_out(conn, &p, ISCSI_OP_SCSI_CMD);
	p.itt = task->itt;
	task->cmdsn = s->cmdsn++;
	p.cmdsn = task->cmdsn;
	int_to_scsilun(sc->device->lun, (struct scsi_lun *)p.lun);
	p.cmd.attr = ISCSI_ATTR_SIMPLE;
	p.cmd.cdb_len = sc->cmd_len;
	memcpy(p.cmd.cdb, sc->cmnd, sc->cmd_len);
	p.cmd.read = task->read_len > 0;
	p.cmd.write = task->write_len > 0;
	p.cmd.exp_len = task->read_len + task->write_len;

	if (task->write_len) {
		u32 first = min(task->write_len, s->params.first_burst);

		if (s->params.immediate_data)
			imm = min(first, s->params.max_xmit_dsl);
		task->unsol_end = s->params.initial_r2t ? imm : first;
		task->unsol_off = imm;
		task->unsol_datasn = 0;
	}
	/* RFC 7143 §11.3.4: F=1 unless unsolicited Data-Out follows. */
	p.final = task->unsol_off == task->unsol_end;
	p.data_len = imm;
	conn->tx.task = task;
	conn->tx.buf = NULL;
	conn->tx.data_off = 0;
	task->inflight = true;
	task->tx = p.final ? KISCSI_TX_IDLE : KISCSI_TX_UNSOL;
	s->stats.cmds++;
	return build(conn, &p);
}

static int prep_data_out(struct kiscsi_conn *conn, struct kiscsi_task *task)
{
	u32 max = conn->session->params.max_xmit_dsl;
	struct kiscsi_r2t *r;
	struct isc_pdu p;
	u32 off, len;

	kiscsi_init_out(conn, &p, ISCSI_OP_SCSI_DATA_OUT);
	int_to_scsilun(task->sc->device->lun, (struct scsi_lun *)p.lun);
	p.itt = task->itt;
	if (task->tx == KISCSI_TX_UNSOL) {
		off = task->unsol_off;
		len = min(task->unsol_end - off, max);
		p.dat.datasn = task->unsol_datasn++;
		task->unsol_off += len;
		p.final = task->unsol_off == task->unsol_end;
		if (p.final)
			task->tx = task->r2t_count ? KISCSI_TX_R2T :
						     KISCSI_TX_IDLE;
	} else {
		r = &task->r2t[task->r2t_head];
		off = r->offset;
		len = min(r->end - off, max);
		p.ttt = r->ttt;
		p.dat.datasn = r->datasn++;
		r->offset += len;
		p.final = r->offset == r->end;
		if (p.final) {
			task->r2t_head = (task->r2t_head + 1) % KISCSI_MAX_R2T;
			if (!--task->r2t_count)
				task->tx = KISCSI_TX_IDLE;
		}
	}
	p.dat.offset = off;
	p.data_len = len;
	/* Data-Out carries no CmdSN; the field is reserved (RFC 7143 §11.7). */
	p.cmdsn = 0;
	conn->tx.task = task;
	conn->tx.buf = NULL;
	conn->tx.data_off = off;
	return build(conn, &p);
}

/* Queue a task that has Data-Out to send (unsolicited done or R2T came). */
void kiscsi_task_queue_xfer(struct kiscsi_conn *conn, struct kiscsi_task *task)
{
	if (task->queued)
		return;
	task->queued = true;
	list_add_tail(&task->qnode, &conn->xfer_queue);
}

static void take_new_commands(struct kiscsi_conn *conn)
{
	struct llist_node *list = llist_del_all(&conn->req_list);
	struct kiscsi_task *task, *tmp;

	/* llist hands them back newest first; queue them oldest first. */
	list = llist_reverse_order(list);
	llist_for_each_entry_safe(task, tmp, list, lnode) {
		task->queued = true;
		list_add_tail(&task->qnode, &conn->cmd_queue);
	}
}

/* Choose and build the next PDU; 0 if there is nothing to send. */
static int prep_next(struct kiscsi_conn *conn)
{
	struct kiscsi_session *s = conn->session;
	struct kiscsi_task *task;
	int ret;

	if (READ_ONCE(conn->logout_pending)) {
		WRITE_ONCE(conn->logout_pending, false);
		WRITE_ONCE(conn->logout_sent_at, jiffies);
		WRITE_ONCE(conn->logout_sent, true);
		return prep_logout(conn) ?: 1;
	}
	if (conn->nop_reply_pending) {
		conn->nop_reply_pending = false;
		return prep_nop_reply(conn) ?: 1;
	}
	/*
	 * Held commands and Data-Out wait for the connection to close; the
	 * recovery that follows retries them.
	 */
	if (conn->logout_sent)
		return 0;
	ret = kiscsi_tmf_prep(conn);
	if (ret)
		return ret;
	if (READ_ONCE(conn->nop_ping_pending)) {
		WRITE_ONCE(conn->nop_ping_pending, false);
		if (!READ_ONCE(conn->nop_sent))
			return prep_nop_ping(conn) ?: 1;
	}
	task = list_first_entry_or_null(&conn->xfer_queue, struct kiscsi_task,
					qnode);
	if (task) {
		ret = prep_data_out(conn, task);

		/*
		 * One Data-Out PDU per task per turn. Served first come, all
		 * of a burst at once, the last of N tasks waits for N - 1
		 * bursts before its first byte: with small PDUs on a slow
		 * link that is seconds, and a target that times out Data-Out
		 * (LIO: 3 s, then the connection is closed at ERL 0) drops
		 * the connection while every task is making progress.
		 */
		if (task->tx == KISCSI_TX_IDLE) {
			list_del(&task->qnode);
			task->queued = false;
		} else {
			list_move_tail(&task->qnode, &conn->xfer_queue);
		}
		return ret ?: 1;
	}
	take_new_commands(conn);
	task = list_first_entry_or_null(&conn->cmd_queue, struct kiscsi_task,
					qnode);
	if (!task || !isc_sn_window_allows(&s->window, s->cmdsn))
		return 0;
	list_del(&task->qnode);
	task->queued = false;
	if (prep_command(conn, task))
		return -EIO;
	if (task->tx == KISCSI_TX_UNSOL)
		kiscsi_task_queue_xfer(conn, task);
	return 1;
}

static int send_kvec(struct kiscsi_conn *conn, const void *buf, size_t len,
		     bool more)
{
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };

	return kernel_sendmsg(conn->sock, &msg, &iov, 1, len);
}

/* Send up to one page worth of the task's data at tx->data_off + sent. */
static int send_task_data(struct kiscsi_conn *conn, bool more)
{
	struct kiscsi_tx_pdu *tx = &conn->tx;
	struct scsi_cmnd *sc = tx->task->sc;
	u32 want = tx->data_off + tx->data_sent;
	u32 left = tx->data_len - tx->data_sent;
	struct scatterlist *sg;
	struct page *page;
	u32 in_sg, pgoff, n;
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL;
	void *va;
	int ret;

	sg = kiscsi_sg_seek(sc, &tx->sg, &tx->sg_pos, want);
	if (!sg)
		return -EIO;	/* ran past the buffer: a driver bug */
	in_sg = sg->offset + (want - tx->sg_pos);
	page = nth_page(sg_page(sg), in_sg >> PAGE_SHIFT);
	pgoff = offset_in_page(in_sg);
	n = min3(left, (u32)(sg->length - (want - tx->sg_pos)),
		 (u32)(PAGE_SIZE - pgoff));
	/*
	 * More of this PDU follows: MSG_MORE corks it, and NOTLAST skips the
	 * push TCP otherwise does at the end of every sendpage call. That push
	 * runs the transmit path (and reads the clock) once per page; TCP
	 * still sends each full segment as it fills, and the write that ends
	 * the PDU (its last page, or the padding and digest) pushes the rest.
	 */
	if (n < left || tx->pad_len || conn->session->params.data_digest)
		flags |= MSG_MORE | MSG_SENDPAGE_NOTLAST;
	else if (more)
		flags |= MSG_MORE;

	if (sendpage_ok(page))
		ret = kernel_sendpage(conn->sock, page, pgoff, n, flags);
	else
		ret = sock_no_sendpage(conn->sock, page, pgoff, n, flags);
	if (ret <= 0)
		return ret ? ret : -EAGAIN;
	if (conn->session->params.data_digest) {
		va = kmap_local_page(page);
		tx->crc = isc_crc32c_update(tx->crc, va + pgoff, ret);
		kunmap_local(va);
	}
	tx->data_sent += ret;
	return ret;
}

/* Write what is left of conn->tx. 1 when complete, -EAGAIN, or error. */
static int send_pdu(struct kiscsi_conn *conn, bool more)
{
	struct kiscsi_tx_pdu *tx = &conn->tx;
	bool ddgst = conn->session->params.data_digest && tx->data_len;
	int ret;

	while (tx->hdr_sent < tx->hdr_len) {
		ret = send_kvec(conn, tx->hdr + tx->hdr_sent,
				tx->hdr_len - tx->hdr_sent,
				more || tx->data_len);
		if (ret <= 0)
			return ret ? ret : -EAGAIN;
		tx->hdr_sent += ret;
		conn->session->stats.tx_bytes += ret;
	}
	while (tx->data_sent < tx->data_len) {
		if (tx->task) {
			ret = send_task_data(conn, more);
		} else {
			ret = send_kvec(conn, tx->buf + tx->data_sent,
					tx->data_len - tx->data_sent,
					more || tx->pad_len || ddgst);
			if (ret > 0 && ddgst)
				tx->crc = isc_crc32c_update(tx->crc,
							    tx->buf + tx->data_sent,
							    ret);
			if (ret > 0)
				tx->data_sent += ret;
		}
		if (ret <= 0)
			return ret ? ret : -EAGAIN;
		conn->session->stats.tx_bytes += ret;
	}
	if (tx->data_len && !tx->trailer_len) {
		/* RFC 7143 §11.2.4: the digest covers the padding too. */
		memset(tx->trailer, 0, tx->pad_len);
		tx->trailer_len = tx->pad_len;
		if (ddgst) {
			tx->crc = isc_crc32c_update(tx->crc, tx->trailer,
						    tx->pad_len);
			isc_digest_put(tx->trailer + tx->pad_len,
				       isc_crc32c_final(tx->crc));
			tx->trailer_len += ISC_DIGEST_LEN;
		}
	}
	while (tx->trailer_sent < tx->trailer_len) {
		ret = send_kvec(conn, tx->trailer + tx->trailer_sent,
				tx->trailer_len - tx->trailer_sent, more);
		if (ret <= 0)
			return ret ? ret : -EAGAIN;
		tx->trailer_sent += ret;
		conn->session->stats.tx_bytes += ret;
	}
	tx->active = false;
	conn->session->stats.tx_pdus++;
	if (tx->task && tx->task->done_deferred) {
		/* The response came while this PDU was being written. */
		tx->task->done_deferred = false;
		tx->task->inflight = false;
		tx->sg = NULL;
		tx->cursor_itt = 0;
		scsi_done(tx->task->sc);
		kiscsi_tmf_tx_done(conn);
	}
	tx->task = NULL;
	return 1;
}

/**
 * kiscsi_try_send() - write PDUs until the socket is full or work runs out
 * @conn: the connection (io_work)
 *
 * Return: 1 if something was sent, 0 if there was nothing to send,
 * -EAGAIN if the socket is full, another negative errno on failure (the
 * connection has then been failed).
 */
int kiscsi_try_send(struct kiscsi_conn *conn)
{
	int budget = KISCSI_TX_BUDGET, sent = 0, ret;

	while (budget--) {
		if (!conn->tx.active) {
			ret = prep_next(conn);
			if (ret <= 0)
				return ret < 0 ? ret : sent;
		}
		ret = send_pdu(conn, false);
		if (ret == -EAGAIN)
			return sent ? 1 : -EAGAIN;
		if (ret < 0) {
			kiscsi_conn_fail(conn, KISCSI_REASON_SOCKET_ERROR,
					 "socket write failed");
			return ret;
		}
		sent = 1;
	}
	return 1;
}
