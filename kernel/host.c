// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the SCSI side. One Scsi_Host per session on blk-mq.
 *
 * queuecommand takes no session lock: it prepares the task in the
 * command's private area and hands it to io_work through a lock-free
 * list. Commands complete from the connection's receive side (io_work,
 * or data_ready in softirq; see kiscsi_conn_own()), or from teardown once
 * io_work has stopped. Error handling escalates through task management (tmf.c) to
 * a host reset, which fails the connection and completes every
 * outstanding command with a transport error that dm-multipath treats as
 * a path failure.
 */
#include <linux/blk-mq.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_tcq.h>

#include "core.h"

static struct kiscsi_session *host_session(struct Scsi_Host *shost)
{
	return *(struct kiscsi_session **)shost_priv(shost);
}

static int kiscsi_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *sc)
{
	struct kiscsi_task *task = scsi_cmd_priv(sc);

	/* Defining this hook keeps the midlayer from zeroing the private
	 * area per command, so the ITT generation survives tag reuse.
	 */
	memset(task, 0, sizeof(*task));
	task->sc = sc;
	return 0;
}

static int kiscsi_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *sc)
{
	struct kiscsi_session *s = host_session(shost);
	struct kiscsi_task *task = scsi_cmd_priv(sc);
	/* The connection object outlives the host; only its socket changes. */
	struct kiscsi_conn *conn = s->conn;
	u32 utag = blk_mq_unique_tag(scsi_cmd_to_rq(sc));
	bool failed = READ_ONCE(conn->failed);
	u32 state = READ_ONCE(s->state);

	/*
	 * Between a failure and fail_work blocking the host, a session that
	 * will recover accepts the command but does not wake io_work:
	 * fail_work hands every started command back to the midlayer, which
	 * retries it once the session is back. (Answering "busy" here
	 * instead makes the dispatcher spin against scsi_host_block().)
	 */
	if (failed && state != KISCSI_SESSION_LOGGED_IN &&
	    state != KISCSI_SESSION_FAILED) {
		set_host_byte(sc, DID_TRANSPORT_FAILFAST);
		scsi_done(sc);
		return 0;
	}
	task->sc = sc;
	/* Generation 0 never appears, so an ITT is never 0 (a "none"). */
	if (!++task->gen)
		task->gen = 1;
	task->itt = ((u32)task->gen << KISCSI_ITT_GEN_SHIFT) | utag;
	task->inflight = false;
	task->queued = false;
	task->done_deferred = false;
	task->tx = KISCSI_TX_CMD;
	task->read_len = 0;
	task->write_len = 0;
	task->unsol_end = 0;
	task->unsol_off = 0;
	task->r2t_head = 0;
	task->r2t_count = 0;
	task->exp_datasn = 0;
	task->data_in_next = 0;
	switch (sc->sc_data_direction) {
	case DMA_TO_DEVICE:
		task->write_len = scsi_bufflen(sc);
		break;
	case DMA_FROM_DEVICE:
		task->read_len = scsi_bufflen(sc);
		break;
	case DMA_NONE:
		break;
	default:
		set_host_byte(sc, DID_ERROR);
		scsi_done(sc);
		return 0;
	}
	llist_add(&task->lnode, &conn->req_list);
	if (!failed)
		kiscsi_conn_kick_submit(conn);
	return 0;
}

/**
 * kiscsi_task_lookup() - find the in-flight task an ITT names
 * @conn: the connection the PDU came on
 * @itt: the ITT from the wire, untrusted
 *
 * Return: the task, or NULL when no command in flight has this ITT (a
 * stale tag, an unknown hardware queue or a forged value).
 */
struct kiscsi_task *kiscsi_task_lookup(struct kiscsi_conn *conn, u32 itt)
{
	struct Scsi_Host *shost = conn->session->shost;
	u32 hwq = (itt >> KISCSI_ITT_HWQ_SHIFT) & KISCSI_ITT_HWQ_MASK;
	struct kiscsi_task *task;
	struct scsi_cmnd *sc;

	if (!shost || hwq >= shost->tag_set.nr_hw_queues)
		return NULL;
	sc = scsi_host_find_tag(shost, (hwq << KISCSI_ITT_HWQ_SHIFT) |
				       (itt & KISCSI_ITT_TAG_MASK));
	if (!sc)
		return NULL;
	task = scsi_cmd_priv(sc);
	if (task->itt != itt || !task->inflight || task->sc != sc)
		return NULL;
	return task;
}

/**
 * kiscsi_task_complete() - finish a command (the connection's owner, or
 * teardown after io_work stopped)
 * @conn: its connection
 * @task: the task
 * @host_byte: DID_OK, or the transport error to report
 *
 * If the send side is in the middle of a PDU of this task, the completion
 * waits until that PDU is written: its data still comes from the
 * command's buffer.
 */
void kiscsi_task_complete(struct kiscsi_conn *conn, struct kiscsi_task *task,
			  int host_byte)
{
	struct scsi_cmnd *sc = task->sc;

	/* No cursor may outlive the scatterlist it points into. */
	if (conn->rx.cursor_itt == task->itt) {
		conn->rx.sg = NULL;
		conn->rx.cursor_itt = 0;
	}
	if (conn->tx.cursor_itt == task->itt && conn->tx.task != task) {
		conn->tx.sg = NULL;
		conn->tx.cursor_itt = 0;
	}
	set_host_byte(sc, host_byte);
	if (task->queued) {
		list_del(&task->qnode);
		task->queued = false;
	}
	task->tx = KISCSI_TX_IDLE;
	task->r2t_count = 0;
	if (conn->tx.active && conn->tx.task == task) {
		task->done_deferred = true;
		return;
	}
	task->inflight = false;
	if (host_byte == DID_OK && task->write_len)
		conn->session->stats.write_bytes += task->write_len -
						    scsi_get_resid(sc);
	scsi_done(sc);
}

static bool fail_one(struct scsi_cmnd *sc, void *data)
{
	struct kiscsi_task *task = scsi_cmd_priv(sc);
	int host_byte = *(int *)data;

	/* Every started command of this host belongs to our connection. */
	task->queued = false;
	task->inflight = false;
	task->done_deferred = false;
	/*
	 * A command that asked to fail fast on transport trouble (what
	 * dm-multipath sends) goes back now rather than waiting in the
	 * blocked queue for recovery: another path can serve it at once.
	 */
	if (host_byte == DID_TRANSPORT_DISRUPTED &&
	    (scsi_cmd_to_rq(sc)->cmd_flags & REQ_FAILFAST_TRANSPORT))
		host_byte = DID_TRANSPORT_FAILFAST;
	set_host_byte(sc, host_byte);
	scsi_done(sc);
	return true;
}

/*
 * Teardown, io_work stopped and dispatch blocked: fail every started
 * command, wherever it is (req_list, queues, awaiting a response).
 */
void kiscsi_fail_all_tasks(struct kiscsi_conn *conn, int host_byte)
{
	struct Scsi_Host *shost = conn->session->shost;

	llist_del_all(&conn->req_list);
	INIT_LIST_HEAD(&conn->cmd_queue);
	INIT_LIST_HEAD(&conn->xfer_queue);
	conn->tx.active = false;
	conn->tx.task = NULL;
	if (shost)
		scsi_host_busy_iter(shost, fail_one, &host_byte);
}

/*
 * The error handler's ladder: ABORT TASK, LOGICAL UNIT RESET, TARGET WARM
 * RESET (tmf.c), then host reset, which fails the connection.
 */
static int kiscsi_eh_abort(struct scsi_cmnd *sc)
{
	struct kiscsi_session *s = host_session(sc->device->host);

	return kiscsi_tmf_run(s->conn, ISCSI_TM_FUNC_ABORT_TASK,
			      sc->device->lun, scsi_cmd_priv(sc));
}

static int kiscsi_eh_device_reset(struct scsi_cmnd *sc)
{
	struct kiscsi_session *s = host_session(sc->device->host);

	return kiscsi_tmf_run(s->conn, ISCSI_TM_FUNC_LOGICAL_UNIT_RESET,
			      sc->device->lun, NULL);
}

static int kiscsi_eh_target_reset(struct scsi_cmnd *sc)
{
	struct kiscsi_session *s = host_session(sc->device->host);

	return kiscsi_tmf_run(s->conn, ISCSI_TM_FUNC_TARGET_WARM_RESET, 0,
			      NULL);
}

/*
 * The last rung: drop the connection and wait for the session to log in
 * again, as long as held I/O would wait (the replacement timeout). Only
 * a session that is back may answer SUCCESS: the midlayer then tests
 * each device with TEST UNIT READY and offlines, for good, any that does
 * not answer in its eh_timeout (10 s), which a reconnect on a slow or
 * lossy link easily outlasts. A session still down at the timeout
 * answers FAILED and its devices go offline, as open-iscsi's do.
 *
 * Interruptible: the replacement timeout can exceed the hung-task
 * watchdog's 120 s, and the error handler's thread takes no signals.
 */
static int kiscsi_eh_host_reset(struct scsi_cmnd *sc)
{
	struct kiscsi_session *s = host_session(sc->device->host);
	unsigned long tmo = READ_ONCE(s->replacement_timeout) * HZ;

	if (s->conn)
		kiscsi_conn_fail(s->conn, KISCSI_REASON_ERROR_HANDLER,
				 "SCSI error handler reset the host");
	flush_work(&s->fail_work);
	wait_event_interruptible_timeout(s->state_wait,
					 READ_ONCE(s->state) !=
					 KISCSI_SESSION_FAILED, tmo);
	return READ_ONCE(s->state) == KISCSI_SESSION_LOGGED_IN ? SUCCESS :
								 FAILED;
}

static int kiscsi_slave_configure(struct scsi_device *sdev)
{
	struct kiscsi_session *s = host_session(sdev->host);

	/* Data digests are computed while pages are sent: they must not
	 * change under us.
	 */
	if (s->params.data_digest)
		blk_queue_flag_set(QUEUE_FLAG_STABLE_WRITES,
				   sdev->request_queue);
	return 0;
}

static struct scsi_host_template kiscsi_sht = {
	.module			= THIS_MODULE,
	.name			= "kiscsi",
	.proc_name		= "kiscsi",
	.queuecommand		= kiscsi_queuecommand,
	.init_cmd_priv		= kiscsi_init_cmd_priv,
	.eh_abort_handler	= kiscsi_eh_abort,
	.eh_device_reset_handler = kiscsi_eh_device_reset,
	.eh_target_reset_handler = kiscsi_eh_target_reset,
	.eh_host_reset_handler	= kiscsi_eh_host_reset,
	.slave_configure	= kiscsi_slave_configure,
	.cmd_size		= sizeof(struct kiscsi_task),
	.can_queue		= KISCSI_CAN_QUEUE,
	.cmd_per_lun		= 64,
	.this_id		= -1,
	.sg_tablesize		= 256,
	.max_sectors		= 2048,
	.max_segment_size	= 0xffffffff,
	.dma_boundary		= PAGE_SIZE - 1,
	.track_queue_depth	= 1,
	.skip_settle_delay	= 1,
};

int kiscsi_host_add(struct kiscsi_session *s)
{
	struct Scsi_Host *shost;
	int ret;

	shost = scsi_host_alloc(&kiscsi_sht, sizeof(s));
	if (!shost)
		return -ENOMEM;
	*(struct kiscsi_session **)shost_priv(shost) = s;
	shost->max_id = 1;
	shost->max_channel = 0;
	shost->max_lun = 512;
	shost->max_cmd_len = 16;
	shost->nr_hw_queues = 1;
	ret = scsi_add_host(shost, NULL);
	if (ret) {
		scsi_host_put(shost);
		return ret;
	}
	s->shost = shost;
	/* Synchronous: REPORT LUNS and every LUN's disk before we return. */
	scsi_scan_target(&shost->shost_gendev, 0, 0, SCAN_WILD_CARD,
			 SCSI_SCAN_INITIAL);
	return 0;
}

void kiscsi_host_remove(struct kiscsi_session *s)
{
	if (s->shost)
		scsi_remove_host(s->shost);
}
