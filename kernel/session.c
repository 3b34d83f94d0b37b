// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: session lifecycle.
 *
 * A session is created by a netlink LOGIN in a network namespace and
 * lives until LOGOUT, module unload, or the namespace's exit. Creation
 * order: connect, login, start io_work, add the SCSI host and scan; each
 * step has its unwind label. Destruction mirrors it: remove the SCSI host
 * while the connection still works (so outstanding I/O and the disks'
 * final commands complete), send Logout, stop the connection, free.
 */
#include <linux/idr.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "core.h"
#include "trace.h"

/* Protects kiscsi_sessions and each session's membership in it. */
static DEFINE_MUTEX(kiscsi_sessions_mutex);
static LIST_HEAD(kiscsi_sessions);
static DEFINE_IDA(kiscsi_session_ida);

/*
 * How long I/O is held while a failed session reconnects before it fails
 * with a transport error. 120 s is right for a single-path disk (a root
 * filesystem survives a switch reboot); use a few seconds under
 * dm-multipath, which has other paths to go to.
 */
static unsigned int replacement_timeout = 120;
module_param(replacement_timeout, uint, 0644);
MODULE_PARM_DESC(replacement_timeout,
		 "seconds a failed session holds I/O before failing it (default 120)");

/* Defaults for the liveness check (conn.c), per session settable. */
static unsigned int nop_interval_ms = 5000;
module_param(nop_interval_ms, uint, 0644);
MODULE_PARM_DESC(nop_interval_ms,
		 "receive silence (ms) before pinging the target; 0 never pings (default 5000)");

static unsigned int nop_timeout_ms = 5000;
module_param(nop_timeout_ms, uint, 0644);
MODULE_PARM_DESC(nop_timeout_ms,
		 "silence (ms) after a ping before the connection is declared dead (default 5000)");

/* Reconnect attempts back off from 1 s to this, so a path that returns
 * is noticed within a few seconds.
 */
#define KISCSI_RECOVERY_BACKOFF_MAX	4
/* ... and to this after a login refused for good (see recovery_work). */
#define KISCSI_RECOVERY_BACKOFF_REFUSED	30
/* Login redirects followed in a row before we call it a loop. */
#define KISCSI_MAX_REDIRECTS		4

/*
 * The one place session state changes. Returns false (and changes
 * nothing) for a move the lifecycle does not allow.
 */
static bool session_set_state(struct kiscsi_session *s, u32 new)
{
	bool ok;

	spin_lock(&s->lock);
	switch (new) {
	case KISCSI_SESSION_LOGGED_IN:
		ok = s->state == KISCSI_SESSION_LOGGING_IN ||
		     s->state == KISCSI_SESSION_FAILED;
		break;
	case KISCSI_SESSION_FAILED:
		ok = s->state == KISCSI_SESSION_LOGGED_IN;
		break;
	case KISCSI_SESSION_LOGGING_OUT:
		ok = true;
		break;
	default:
		ok = false;
		break;
	}
	/* queuecommand reads it without the lock, as a hint. */
	if (ok) {
		trace_kiscsi_session_state(s->id, s->state, new);
		WRITE_ONCE(s->state, new);
	}
	spin_unlock(&s->lock);
	if (ok)
		wake_up_all(&s->state_wait);
	return ok;
}

static void fill_info(struct kiscsi_session *s, struct kiscsi_session_info *i);

/*
 * Tell listeners (kiscsi monitor) and the tracepoint. Process context,
 * possibly on the way to unblocking held I/O: no allocation may wait for
 * that I/O, and a failed allocation only loses the notification.
 */
static void session_notify(struct kiscsi_session *s,
			   const struct kiscsi_event_msg *ev)
{
	struct kiscsi_session_info *si;

	trace_kiscsi_event(s->id, ev->event, ev->reason);
	si = kmalloc(sizeof(*si), GFP_NOIO);
	if (!si)
		return;
	fill_info(s, si);
	kiscsi_nl_notify(s->net, ev, si);
	kfree(si);
}

static void session_event(struct kiscsi_session *s, u32 event, u32 reason,
			  const char *message)
{
	struct kiscsi_event_msg ev = {
		.event = event,
		.reason = reason,
		.message = message,
	};

	session_notify(s, &ev);
}

/*
 * The connection failed (fail_work, process context). A logged-in
 * session blocks its disks, hands outstanding commands back to the
 * midlayer to retry, and starts recovering; otherwise (login, logout)
 * the connection is only stopped.
 */
static void kiscsi_session_fail_work(struct work_struct *w)
{
	struct kiscsi_session *s = container_of(w, struct kiscsi_session,
						fail_work);
	bool recover = session_set_state(s, KISCSI_SESSION_FAILED);
	unsigned int tmo;
	int t2w;

	mutex_lock(&s->stop_mutex);
	if (!s->stopped) {
		if (s->shost)
			scsi_host_block(s->shost);
		kiscsi_conn_stop(s->conn, recover ? DID_TRANSPORT_DISRUPTED :
						    DID_TRANSPORT_FAILFAST);
		if (s->shost && !recover)
			scsi_host_unblock(s->shost, SDEV_TRANSPORT_OFFLINE);
		s->stopped = true;
	}
	mutex_unlock(&s->stop_mutex);
	if (!recover)
		return;
	tmo = READ_ONCE(s->replacement_timeout);
	WRITE_ONCE(s->last_reason, s->conn->fail_reason);
	pr_info("session %u: connection lost; reconnecting (I/O held up to %u s)\n",
		s->id, tmo);
	session_event(s, KISCSI_EVENT_CONN_FAILED, s->conn->fail_reason,
		      s->conn->fail_why);
	/*
	 * The target's Time2Wait, when it gave one, else a second. It comes
	 * off the wire as 16 bits: held to RFC 7143's 3600 s, so a hostile
	 * target cannot park the reconnect for 18 hours.
	 */
	t2w = min(s->conn->time2wait, KISCSI_TIME2WAIT_MAX);
	s->backoff = 1;
	queue_delayed_work(kiscsi_io_wq, &s->recovery_work,
			   t2w >= 0 ? t2w * HZ : HZ);
	queue_delayed_work(kiscsi_io_wq, &s->replacement_work, tmo * HZ);
}

/* Held I/O has waited long enough: fail it; keep trying to reconnect. */
static void kiscsi_session_replacement_work(struct work_struct *w)
{
	struct kiscsi_session *s = container_of(to_delayed_work(w),
						struct kiscsi_session,
						replacement_work);

	spin_lock(&s->lock);
	if (s->state != KISCSI_SESSION_FAILED) {
		spin_unlock(&s->lock);
		return;
	}
	spin_unlock(&s->lock);
	pr_warn("session %u: replacement timeout (%u s): failing held I/O\n",
		s->id, READ_ONCE(s->replacement_timeout));
	scsi_host_unblock(s->shost, SDEV_TRANSPORT_OFFLINE);
	session_event(s, KISCSI_EVENT_REPLACEMENT_TIMEOUT, s->last_reason,
		      "held I/O failed; still reconnecting");
}

/*
 * Connect to the session's portal and log in, following login redirects
 * (at most KISCSI_MAX_REDIRECTS in a row, so targets pointing at each
 * other cannot keep us) and retrying once with MD5-only CHAP for targets
 * that need it. A permanent redirect moves the session's portal; a
 * temporary one only this connection. Process context; on failure
 * *reason says which step failed and the socket is left to the caller.
 */
static int session_connect_login(struct kiscsi_session *s,
				 struct netlink_ext_ack *extack, u32 *reason)
{
	struct kiscsi_conn *conn = s->conn;
	struct sockaddr_storage to;
	int hops = 0, ret;

	spin_lock(&s->lock);
	to = s->portal;
	spin_unlock(&s->lock);
	for (;;) {
		*reason = KISCSI_REASON_UNREACHABLE;
		ret = kiscsi_conn_connect(conn, s->net, &to, extack);
		if (ret)
			return ret;
		*reason = KISCSI_REASON_LOGIN_REFUSED;
		ret = kiscsi_login(s, conn, extack, s->md5_only);
		if (ret == -EPROTONOSUPPORT && !s->md5_only) {
			pr_info("session %u: %s refused CHAP with a SHA hash; retrying with MD5\n",
				s->id, s->cfg->target_name);
			s->md5_only = true;
		} else if (ret == -EREMOTE) {
			if (++hops > KISCSI_MAX_REDIRECTS) {
				NL_SET_ERR_MSG_MOD(extack,
						   "login redirected too many times in a row (a redirect loop?)");
				pr_warn_ratelimited("session %u: more than %d redirects in a row; giving up this attempt\n",
						    s->id, KISCSI_MAX_REDIRECTS);
				return -ELOOP;
			}
			to = s->redirect;
			if (s->redirect_permanent) {
				spin_lock(&s->lock);
				s->portal = to;
				s->portal_moved = true;
				spin_unlock(&s->lock);
			}
			session_event(s, KISCSI_EVENT_REDIRECT,
				      KISCSI_REASON_NONE,
				      s->redirect_permanent ?
				      "moved permanently" : "moved temporarily");
		} else {
			return ret;
		}
		kiscsi_conn_reset(conn);
	}
}

/*
 * ERL0 session reinstatement (RFC 7143 §6.3.5): a new connection logs in
 * with the session's ISID and TSIH 0, and the target drops what is left
 * of the old session. Held commands are retried by the midlayer once the
 * disks are unblocked.
 */
static void kiscsi_session_recovery_work(struct work_struct *w)
{
	struct kiscsi_session *s = container_of(to_delayed_work(w),
						struct kiscsi_session,
						recovery_work);
	struct kiscsi_conn *conn = s->conn;
	u32 reason;
	int ret;

	spin_lock(&s->lock);
	if (s->state != KISCSI_SESSION_FAILED) {
		spin_unlock(&s->lock);
		return;
	}
	spin_unlock(&s->lock);

	kiscsi_conn_reset(conn);
	ret = session_connect_login(s, NULL, &reason) ?:
	      kiscsi_conn_start(conn);
	if (ret) {
		/*
		 * Refused for who we are (CHAP, ACL) or for a target that is
		 * gone: no use holding I/O for it. Keep trying, slowly, in
		 * case the target's configuration is being restored.
		 */
		bool permanent = ret == -EACCES || ret == -ENOENT;
		const char *why = "login failed; will retry";

		if (permanent)
			why = "login refused (CHAP, ACL or no target): held I/O failed";
		else if (reason == KISCSI_REASON_UNREACHABLE)
			why = "portal unreachable";
		session_event(s, KISCSI_EVENT_RECOVERY_FAILED, reason, why);
		if (permanent) {
			s->backoff = KISCSI_RECOVERY_BACKOFF_REFUSED;
			mod_delayed_work(kiscsi_io_wq, &s->replacement_work, 0);
		}
		pr_info_ratelimited("session %u: reconnect failed (%d); retrying in %u s\n",
				    s->id, ret, s->backoff);
		if (conn->sock) {
			sock_release(conn->sock);
			conn->sock = NULL;
		}
		queue_delayed_work(kiscsi_io_wq, &s->recovery_work,
				   s->backoff * HZ);
		if (!permanent)
			s->backoff = min(s->backoff * 2,
					 KISCSI_RECOVERY_BACKOFF_MAX);
		return;
	}
	mutex_lock(&s->stop_mutex);
	s->stopped = false;
	mutex_unlock(&s->stop_mutex);
	if (!session_set_state(s, KISCSI_SESSION_LOGGED_IN)) {
		/* Logout began meanwhile; it owns the connection now. */
		return;
	}
	cancel_delayed_work(&s->replacement_work);
	WRITE_ONCE(s->recoveries, s->recoveries + 1);
	pr_info("session %u: reconnected to %s\n", s->id, s->cfg->target_name);
	scsi_host_unblock(s->shost, SDEV_RUNNING);
	session_event(s, KISCSI_EVENT_RECOVERED, s->last_reason, NULL);
}

/* The target's word that LUNs or their capacity changed (async event). */
static void kiscsi_session_rescan_work(struct work_struct *w)
{
	struct kiscsi_session *s = container_of(w, struct kiscsi_session,
						rescan_work);
	struct scsi_device *sdev;

	pr_info("session %u: target reports changed LUNs; rescanning\n",
		s->id);
	scsi_scan_host(s->shost);
	shost_for_each_device(sdev, s->shost)
		scsi_rescan_device(sdev);
	session_event(s, KISCSI_EVENT_RESCAN, KISCSI_REASON_NONE, NULL);
}

void kiscsi_session_rescan(struct kiscsi_session *s)
{
	spin_lock(&s->lock);
	if (s->state == KISCSI_SESSION_LOGGED_IN && s->shost)
		queue_work(system_long_wq, &s->rescan_work);
	spin_unlock(&s->lock);
}

void kiscsi_session_async(struct kiscsi_session *s, u8 event)
{
	struct kiscsi_event_msg ev = {
		.event = KISCSI_EVENT_ASYNC,
		.async_event = event,
		.has_async = true,
	};

	session_notify(s, &ev);
}

static void session_free(struct kiscsi_session *s)
{
	kiscsi_conn_free(s->conn);
	if (s->shost)
		scsi_host_put(s->shost);
	ida_free(&kiscsi_session_ida, s->id);
	kfree_sensitive(s->cfg);
	kfree(s);
}

/* Tear down a session that is no longer on the list. */
static void session_destroy(struct kiscsi_session *s, u32 reason)
{
	bool was_failed;

	spin_lock(&s->lock);
	was_failed = s->state == KISCSI_SESSION_FAILED;
	spin_unlock(&s->lock);
	session_set_state(s, KISCSI_SESSION_LOGGING_OUT);
	/*
	 * From LOGGING_OUT nothing queues recovery: a fail_work already past
	 * its FAILED transition is flushed first, then the works it queued
	 * are cancelled. Held I/O fails now.
	 */
	flush_work(&s->fail_work);
	cancel_delayed_work_sync(&s->recovery_work);
	cancel_delayed_work_sync(&s->replacement_work);
	cancel_work_sync(&s->rescan_work);
	if (was_failed || READ_ONCE(s->conn->failed)) {
		mutex_lock(&s->stop_mutex);
		if (!s->stopped) {
			kiscsi_conn_stop(s->conn, DID_TRANSPORT_FAILFAST);
			s->stopped = true;
		}
		mutex_unlock(&s->stop_mutex);
		scsi_host_unblock(s->shost, SDEV_TRANSPORT_OFFLINE);
	}

	kiscsi_host_remove(s);
	kiscsi_conn_logout(s->conn);
	mutex_lock(&s->stop_mutex);
	if (!s->stopped) {
		kiscsi_conn_stop(s->conn, DID_TRANSPORT_FAILFAST);
		s->stopped = true;
	}
	mutex_unlock(&s->stop_mutex);
	cancel_work_sync(&s->fail_work);
	pr_info("session %u: logged out of %s\n", s->id, s->cfg->target_name);
	session_event(s, KISCSI_EVENT_LOGOUT, reason, NULL);
	session_free(s);
}

int kiscsi_session_login(struct net *net, const struct kiscsi_login_cfg *cfg,
			 struct netlink_ext_ack *extack, u32 *sid)
{
	struct kiscsi_session *s;
	u32 reason;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->cfg = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!s->cfg) {
		ret = -ENOMEM;
		goto err_cfg;
	}
	ret = ida_alloc_min(&kiscsi_session_ida, 1, GFP_KERNEL);
	if (ret < 0)
		goto err_id;
	s->id = ret;
	s->net = net;
	spin_lock_init(&s->lock);
	mutex_init(&s->stop_mutex);
	init_waitqueue_head(&s->state_wait);
	INIT_WORK(&s->fail_work, kiscsi_session_fail_work);
	INIT_DELAYED_WORK(&s->recovery_work, kiscsi_session_recovery_work);
	INIT_DELAYED_WORK(&s->replacement_work,
			  kiscsi_session_replacement_work);
	INIT_WORK(&s->rescan_work, kiscsi_session_rescan_work);
	s->replacement_timeout = cfg->tmo.set & KISCSI_TMO_REPLACEMENT ?
				 cfg->tmo.replacement :
				 READ_ONCE(replacement_timeout);
	s->nop_interval_ms = cfg->tmo.set & KISCSI_TMO_NOP_INTERVAL ?
			     cfg->tmo.nop_interval_ms :
			     READ_ONCE(nop_interval_ms);
	s->nop_timeout_ms = cfg->tmo.set & KISCSI_TMO_NOP_TIMEOUT ?
			    cfg->tmo.nop_timeout_ms :
			    max(READ_ONCE(nop_timeout_ms), 100U);
	memcpy(&s->portal, &cfg->addr, sizeof(s->portal));
	s->state = KISCSI_SESSION_LOGGING_IN;
	/* RFC 7143 §11.12.5: ISID type "random" (T=10b), qualifier = id. */
	s->isid[0] = 0x80;
	get_random_bytes(&s->isid[1], 3);
	s->isid[4] = (s->id >> 8) & 0xff;
	s->isid[5] = s->id & 0xff;

	s->conn = kiscsi_conn_alloc(s);
	if (!s->conn) {
		ret = -ENOMEM;
		goto err_conn;
	}
	ret = session_connect_login(s, extack, &reason);
	if (ret)
		goto err_login;
	ret = kiscsi_conn_start(s->conn);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory starting the connection");
		goto err_login;
	}
	session_set_state(s, KISCSI_SESSION_LOGGED_IN);
	ret = kiscsi_host_add(s);
	if (ret) {
		NL_SET_ERR_MSG_MOD(extack, "cannot register the SCSI host");
		goto err_host;
	}

	mutex_lock(&kiscsi_sessions_mutex);
	list_add_tail(&s->node, &kiscsi_sessions);
	mutex_unlock(&kiscsi_sessions_mutex);
	pr_info("session %u: logged in to %s (host%u)\n", s->id,
		cfg->target_name, s->shost->host_no);
	session_event(s, KISCSI_EVENT_LOGIN, KISCSI_REASON_NONE, NULL);
	*sid = s->id;
	return 0;

err_host:
	session_set_state(s, KISCSI_SESSION_LOGGING_OUT);
	flush_work(&s->fail_work);
	cancel_delayed_work_sync(&s->recovery_work);
	cancel_delayed_work_sync(&s->replacement_work);
	mutex_lock(&s->stop_mutex);
	kiscsi_conn_stop(s->conn, DID_TRANSPORT_FAILFAST);
	s->stopped = true;
	mutex_unlock(&s->stop_mutex);
	cancel_work_sync(&s->fail_work);
err_login:
	kiscsi_conn_free(s->conn);
	s->conn = NULL;
err_conn:
	ida_free(&kiscsi_session_ida, s->id);
err_id:
	kfree_sensitive(s->cfg);
err_cfg:
	kfree(s);
	return ret;
}

/* Take every session of @net matching @match off the list, then destroy. */
static int logout_matching(struct net *net, u32 reason,
			   bool (*match)(struct kiscsi_session *, const void *),
			   const void *arg)
{
	struct kiscsi_session *s, *tmp;
	LIST_HEAD(doomed);
	int n = 0;

	mutex_lock(&kiscsi_sessions_mutex);
	list_for_each_entry_safe(s, tmp, &kiscsi_sessions, node) {
		if ((!net || net_eq(s->net, net)) && match(s, arg)) {
			list_move_tail(&s->node, &doomed);
			n++;
		}
	}
	mutex_unlock(&kiscsi_sessions_mutex);
	list_for_each_entry_safe(s, tmp, &doomed, node) {
		list_del(&s->node);
		session_destroy(s, reason);
	}
	return n;
}

static bool match_id(struct kiscsi_session *s, const void *arg)
{
	return s->id == *(const u32 *)arg;
}

static bool match_target(struct kiscsi_session *s, const void *arg)
{
	return !strcmp(s->cfg->target_name, arg);
}

static bool match_all(struct kiscsi_session *s, const void *arg)
{
	return true;
}

int kiscsi_session_logout_id(struct net *net, u32 sid,
			     struct netlink_ext_ack *extack)
{
	if (logout_matching(net, KISCSI_REASON_ADMIN, match_id, &sid))
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "no session with this id");
	return -ENOENT;
}

int kiscsi_session_logout_target(struct net *net, const char *target,
				 struct netlink_ext_ack *extack)
{
	if (logout_matching(net, KISCSI_REASON_ADMIN, match_target, target))
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "no session to this target");
	return -ENOENT;
}

int kiscsi_session_logout_all(struct net *net, struct netlink_ext_ack *extack)
{
	logout_matching(net, KISCSI_REASON_ADMIN, match_all, NULL);
	return 0;
}

static void fill_info(struct kiscsi_session *s, struct kiscsi_session_info *i)
{
	struct kiscsi_conn *c = s->conn;

	memset(i, 0, sizeof(*i));
	i->id = s->id;
	strscpy(i->target_name, s->cfg->target_name, sizeof(i->target_name));
	strscpy(i->initiator_name, s->cfg->initiator_name,
		sizeof(i->initiator_name));
	spin_lock(&s->lock);
	i->state = s->state;
	i->portal = s->portal;
	i->portal_moved = s->portal_moved;
	spin_unlock(&s->lock);
	i->host_no = s->shost ? s->shost->host_no : 0;
	i->tsih = s->tsih;
	memcpy(i->isid, s->isid, sizeof(i->isid));
	i->tpgt = s->params.tpgt;
	i->auth = s->auth;
	i->params = s->params;
	i->stats = s->stats;
	if (c) {
		i->nconns = 1;
		i->conns[0].cid = c->cid;
		i->conns[0].state = READ_ONCE(c->state);
		i->conns[0].peer = c->peer;
		i->conns[0].local = c->local;
	}
	i->replacement_timeout = READ_ONCE(s->replacement_timeout);
	i->nop_interval_ms = READ_ONCE(s->nop_interval_ms);
	i->nop_timeout_ms = READ_ONCE(s->nop_timeout_ms);
	i->recoveries = READ_ONCE(s->recoveries);
	i->last_reason = READ_ONCE(s->last_reason);
}

int kiscsi_session_set_timeouts(struct net *net, u32 sid,
				const struct kiscsi_timeouts *tmo,
				struct netlink_ext_ack *extack)
{
	struct kiscsi_session *s;
	int ret = -ENOENT;

	mutex_lock(&kiscsi_sessions_mutex);
	list_for_each_entry(s, &kiscsi_sessions, node) {
		if (!net_eq(s->net, net) || s->id != sid)
			continue;
		if (tmo->set & KISCSI_TMO_REPLACEMENT)
			WRITE_ONCE(s->replacement_timeout, tmo->replacement);
		if (tmo->set & KISCSI_TMO_NOP_INTERVAL)
			WRITE_ONCE(s->nop_interval_ms, tmo->nop_interval_ms);
		if (tmo->set & KISCSI_TMO_NOP_TIMEOUT)
			WRITE_ONCE(s->nop_timeout_ms, tmo->nop_timeout_ms);
		/* Still on the list under the mutex: logout waits for us. */
		session_event(s, KISCSI_EVENT_SET, KISCSI_REASON_ADMIN, NULL);
		ret = 0;
		break;
	}
	mutex_unlock(&kiscsi_sessions_mutex);
	if (ret)
		NL_SET_ERR_MSG_MOD(extack,
				   "no session with that id in this network namespace");
	return ret;
}

int kiscsi_session_info_get(struct net *net, u32 sid,
			    struct kiscsi_session_info *info)
{
	struct kiscsi_session *s;
	int ret = -ENOENT;

	mutex_lock(&kiscsi_sessions_mutex);
	list_for_each_entry(s, &kiscsi_sessions, node) {
		if (net_eq(s->net, net) && s->id == sid) {
			fill_info(s, info);
			ret = 0;
			break;
		}
	}
	mutex_unlock(&kiscsi_sessions_mutex);
	return ret;
}

int kiscsi_session_info_next(struct net *net, u32 *cursor,
			     struct kiscsi_session_info *info)
{
	struct kiscsi_session *s, *best = NULL;
	int ret = -ENOENT;

	mutex_lock(&kiscsi_sessions_mutex);
	list_for_each_entry(s, &kiscsi_sessions, node) {
		if (net_eq(s->net, net) && s->id >= *cursor &&
		    (!best || s->id < best->id))
			best = s;
	}
	if (best) {
		fill_info(best, info);
		*cursor = best->id + 1;
		ret = 0;
	}
	mutex_unlock(&kiscsi_sessions_mutex);
	return ret;
}

/* A namespace going away takes its sessions with it. */
static void __net_exit kiscsi_net_exit(struct net *net)
{
	logout_matching(net, KISCSI_REASON_SHUTDOWN, match_all, NULL);
}

static struct pernet_operations kiscsi_net_ops = {
	.exit = kiscsi_net_exit,
};

int __init kiscsi_sessions_init(void)
{
	int ret;

	kiscsi_io_wq = alloc_workqueue("kiscsi_io",
				       WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	if (!kiscsi_io_wq)
		return -ENOMEM;
	kiscsi_submit_wq = alloc_workqueue("kiscsi_submit", WQ_MEM_RECLAIM, 0);
	if (!kiscsi_submit_wq) {
		ret = -ENOMEM;
		goto err_submit_wq;
	}
	ret = register_pernet_subsys(&kiscsi_net_ops);
	if (ret)
		goto err_pernet;
	return 0;

err_pernet:
	destroy_workqueue(kiscsi_submit_wq);
err_submit_wq:
	destroy_workqueue(kiscsi_io_wq);
	return ret;
}

void kiscsi_sessions_exit(void)
{
	logout_matching(NULL, KISCSI_REASON_SHUTDOWN, match_all, NULL);
	unregister_pernet_subsys(&kiscsi_net_ops);
	destroy_workqueue(kiscsi_submit_wq);
	destroy_workqueue(kiscsi_io_wq);
}
