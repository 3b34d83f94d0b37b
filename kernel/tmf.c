// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: task management for the SCSI error handler (RFC 7143 §11.5).
 *
 * The error handler escalates ABORT TASK -> LOGICAL UNIT RESET -> TARGET
 * WARM RESET -> host reset (a connection failure). Each TMF is posted to
 * io_work, which owns the tasks, and waited for with a timeout; a TMF
 * that times out fails and the error handler escalates.
 *
 * Before a TMF reports success, every task it ended is off our queues
 * and no PDU being written still reads from its buffer, because the
 * error handler will reuse the command as soon as we return.
 */
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>

#include "core.h"

static u32 tmf_itt(const struct kiscsi_tmf *t)
{
	return ((u32)t->gen << KISCSI_ITT_GEN_SHIFT) | KISCSI_ITT_TMF;
}

/* io_work or tmf_lock held: finish the TMF, or after the current PDU. */
static void tmf_finish(struct kiscsi_conn *conn, u8 response)
{
	struct kiscsi_tmf *t = &conn->tmf;

	spin_lock(&conn->tmf_lock);
	if (t->state == KISCSI_TMF_QUEUED || t->state == KISCSI_TMF_SENT) {
		t->response = response;
		t->state = KISCSI_TMF_DONE;
		if (conn->tx.active && conn->tx.task &&
		    conn->tx.task->done_deferred)
			t->wait_tx = true;
		else
			complete(&t->done);
	}
	spin_unlock(&conn->tmf_lock);
}

void kiscsi_tmf_tx_done(struct kiscsi_conn *conn)
{
	struct kiscsi_tmf *t = &conn->tmf;

	spin_lock(&conn->tmf_lock);
	if (t->wait_tx) {
		t->wait_tx = false;
		complete(&t->done);
	}
	spin_unlock(&conn->tmf_lock);
}

struct reset_ctx {
	struct kiscsi_conn *conn;
	bool all_luns;
	u64 lun;
};

static bool reset_one(struct scsi_cmnd *sc, void *data)
{
	struct reset_ctx *r = data;
	struct kiscsi_task *task = scsi_cmd_priv(sc);

	/* Only tasks io_work holds; a command still being queued is new. */
	if (!task->inflight && !task->queued)
		return true;
	if (!r->all_luns && sc->device->lun != r->lun)
		return true;
	kiscsi_task_complete(r->conn, task, DID_RESET);
	return true;
}

/* io_work: the target ended these tasks; so do we. */
static void end_tasks(struct kiscsi_conn *conn, bool all_luns, u64 lun)
{
	struct reset_ctx r = { .conn = conn, .all_luns = all_luns, .lun = lun };
	struct llist_node *list = llist_del_all(&conn->req_list);
	struct kiscsi_task *task, *tmp;

	/* Commands not yet taken by io_work were never sent: keep them, in
	 * order, at the head of the command queue.
	 */
	list = llist_reverse_order(list);
	llist_for_each_entry_safe(task, tmp, list, lnode) {
		task->queued = true;
		list_add_tail(&task->qnode, &conn->cmd_queue);
	}
	scsi_host_busy_iter(conn->session->shost, reset_one, &r);
}

/**
 * kiscsi_tmf_prep() - io_work: send a posted TMF, or settle it locally
 * @conn: the connection
 *
 * Return: 1 if a PDU was built, 0 if there was nothing to do, negative
 * on failure.
 */
int kiscsi_tmf_prep(struct kiscsi_conn *conn)
{
	struct kiscsi_tmf *t = &conn->tmf;
	struct kiscsi_task *ref;
	struct isc_pdu p;

	spin_lock(&conn->tmf_lock);
	if (t->state != KISCSI_TMF_QUEUED) {
		spin_unlock(&conn->tmf_lock);
		return 0;
	}
	ref = t->ref;
	spin_unlock(&conn->tmf_lock);

	if (t->function == ISCSI_TM_FUNC_ABORT_TASK && !ref->inflight) {
		/* Never sent: withdraw it here, the target never saw it. */
		if (ref->queued) {
			list_del(&ref->qnode);
			ref->queued = false;
		}
		tmf_finish(conn, ISCSI_TMF_RSP_NO_TASK);
		return 0;
	}
	kiscsi_init_out(conn, &p, ISCSI_OP_SCSI_TMFUNC);
	p.immediate = true;
	p.itt = tmf_itt(t);
	p.tmf.function = t->function;
	int_to_scsilun(t->lun, (struct scsi_lun *)p.lun);
	p.tmf.rtt = ISCSI_RESERVED_TAG;
	if (t->function == ISCSI_TM_FUNC_ABORT_TASK) {
		p.tmf.rtt = ref->itt;
		p.tmf.refcmdsn = ref->cmdsn;
	}
	spin_lock(&conn->tmf_lock);
	t->state = KISCSI_TMF_SENT;
	spin_unlock(&conn->tmf_lock);
	conn->session->stats.tmfs++;
	return kiscsi_prep_tmf_pdu(conn, &p) ?: 1;
}

/**
 * kiscsi_tmf_rx() - io_work: a Task Management Function Response
 * @conn: the connection
 * @p: the parsed response
 *
 * Return: 0, or negative after failing the connection.
 */
int kiscsi_tmf_rx(struct kiscsi_conn *conn, const struct isc_pdu *p)
{
	struct kiscsi_tmf *t = &conn->tmf;
	bool ok;
	u32 state;

	spin_lock(&conn->tmf_lock);
	state = t->state;
	spin_unlock(&conn->tmf_lock);
	if (p->itt != tmf_itt(t) || state != KISCSI_TMF_SENT) {
		/* The answer to a TMF the error handler gave up on. */
		if ((p->itt & ~(0xffU << KISCSI_ITT_GEN_SHIFT)) == KISCSI_ITT_TMF)
			return 0;
		conn->session->stats.protocol_errors++;
		pr_warn_ratelimited("session %u: TMF response for no request\n",
				    conn->session->id);
		kiscsi_conn_fail(conn, KISCSI_REASON_PROTOCOL_ERROR,
				 "protocol error");
		return -EPROTO;
	}
	ok = p->tmf.response == ISCSI_TMF_RSP_COMPLETE;
	switch (t->function) {
	case ISCSI_TM_FUNC_ABORT_TASK:
		/* "Task does not exist": it completed; nothing to wait for. */
		ok = ok || p->tmf.response == ISCSI_TMF_RSP_NO_TASK;
		if (ok && (t->ref->inflight || t->ref->queued))
			kiscsi_task_complete(conn, t->ref, DID_ABORT);
		break;
	case ISCSI_TM_FUNC_LOGICAL_UNIT_RESET:
		if (ok)
			end_tasks(conn, false, t->lun);
		break;
	case ISCSI_TM_FUNC_TARGET_WARM_RESET:
		if (ok)
			end_tasks(conn, true, 0);
		break;
	}
	tmf_finish(conn, p->tmf.response);
	return 0;
}

static int tmf_run_locked(struct kiscsi_conn *conn, u8 function, u64 lun,
			  struct kiscsi_task *ref)
{
	struct kiscsi_tmf *t = &conn->tmf;
	u8 response;
	bool done;

	if (READ_ONCE(conn->failed))
		return FAILED;
	spin_lock(&conn->tmf_lock);
	t->function = function;
	t->lun = lun;
	t->ref = ref;
	t->gen++;
	t->wait_tx = false;
	reinit_completion(&t->done);
	t->state = KISCSI_TMF_QUEUED;
	spin_unlock(&conn->tmf_lock);
	kiscsi_conn_kick(conn);

	wait_for_completion_timeout(&t->done, KISCSI_TMF_TIMEOUT);
	spin_lock(&conn->tmf_lock);
	done = t->state == KISCSI_TMF_DONE && !t->wait_tx;
	response = t->response;
	t->state = done ? KISCSI_TMF_IDLE : KISCSI_TMF_CANCELLED;
	spin_unlock(&conn->tmf_lock);
	if (!done) {
		pr_warn_ratelimited("session %u: TMF %u timed out\n",
				    conn->session->id, function);
		return FAILED;
	}
	if (function == ISCSI_TM_FUNC_ABORT_TASK)
		return response == ISCSI_TMF_RSP_COMPLETE ||
		       response == ISCSI_TMF_RSP_NO_TASK ? SUCCESS : FAILED;
	return response == ISCSI_TMF_RSP_COMPLETE ? SUCCESS : FAILED;
}

/**
 * kiscsi_tmf_run() - error handler: one TMF, waited for with a timeout
 * @conn: the connection
 * @function: ISCSI_TM_FUNC_ABORT_TASK, _LOGICAL_UNIT_RESET or
 *	      _TARGET_WARM_RESET
 * @lun: the LUN it addresses
 * @ref: for ABORT TASK, the task
 *
 * Return: SUCCESS or FAILED, for the SCSI error handler.
 */
int kiscsi_tmf_run(struct kiscsi_conn *conn, u8 function, u64 lun,
		   struct kiscsi_task *ref)
{
	int ret;

	mutex_lock(&conn->tmf_mutex);
	ret = tmf_run_locked(conn, function, lun, ref);
	mutex_unlock(&conn->tmf_mutex);
	return ret;
}
