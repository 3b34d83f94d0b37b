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

/* Reconnect attempts back off from 1 s to this, so a path that returns
 * is noticed within a few seconds.
 */
#define KISCSI_RECOVERY_BACKOFF_MAX	4

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
	if (ok)
		WRITE_ONCE(s->state, new);
	spin_unlock(&s->lock);
	return ok;
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
	pr_info("session %u: connection lost; reconnecting (I/O held up to %u s)\n",
		s->id, s->replacement_timeout);
	s->backoff = 1;
	queue_delayed_work(kiscsi_io_wq, &s->recovery_work, HZ);
	queue_delayed_work(kiscsi_io_wq, &s->replacement_work,
			   s->replacement_timeout * HZ);
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
		s->id, s->replacement_timeout);
	scsi_host_unblock(s->shost, SDEV_TRANSPORT_OFFLINE);
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
	int ret;

	spin_lock(&s->lock);
	if (s->state != KISCSI_SESSION_FAILED) {
		spin_unlock(&s->lock);
		return;
	}
	spin_unlock(&s->lock);

	kiscsi_conn_reset(conn);
	ret = kiscsi_conn_connect(conn, s->net, &s->cfg->addr, NULL) ?:
	      kiscsi_login(s, conn, NULL, s->md5_only) ?:
	      kiscsi_conn_start(conn);
	if (ret) {
		pr_info_ratelimited("session %u: reconnect failed (%d); retrying in %u s\n",
				    s->id, ret, s->backoff);
		if (conn->sock) {
			sock_release(conn->sock);
			conn->sock = NULL;
		}
		queue_delayed_work(kiscsi_io_wq, &s->recovery_work,
				   s->backoff * HZ);
		s->backoff = min(s->backoff * 2, KISCSI_RECOVERY_BACKOFF_MAX);
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
	s->recoveries++;
	pr_info("session %u: reconnected to %s\n", s->id, s->cfg->target_name);
	scsi_host_unblock(s->shost, SDEV_RUNNING);
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
static void session_destroy(struct kiscsi_session *s)
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
	session_free(s);
}

int kiscsi_session_login(struct net *net, const struct kiscsi_login_cfg *cfg,
			 struct netlink_ext_ack *extack, u32 *sid)
{
	struct kiscsi_session *s;
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
	INIT_WORK(&s->fail_work, kiscsi_session_fail_work);
	INIT_DELAYED_WORK(&s->recovery_work, kiscsi_session_recovery_work);
	INIT_DELAYED_WORK(&s->replacement_work,
			  kiscsi_session_replacement_work);
	s->replacement_timeout = READ_ONCE(replacement_timeout);
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
	ret = kiscsi_conn_connect(s->conn, net, &cfg->addr, extack);
	if (ret)
		goto err_login;
	ret = kiscsi_login(s, s->conn, extack, false);
	if (ret == -EPROTONOSUPPORT) {
		pr_info("session %u: %s refused CHAP with a SHA hash; retrying with MD5\n",
			s->id, cfg->target_name);
		sock_release(s->conn->sock);
		s->conn->sock = NULL;
		ret = kiscsi_conn_connect(s->conn, net, &cfg->addr, extack) ?:
		      kiscsi_login(s, s->conn, extack, true);
		s->md5_only = true;
	}
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
static int logout_matching(struct net *net,
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
		session_destroy(s);
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
	if (logout_matching(net, match_id, &sid))
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "no session with this id");
	return -ENOENT;
}

int kiscsi_session_logout_target(struct net *net, const char *target,
				 struct netlink_ext_ack *extack)
{
	if (logout_matching(net, match_target, target))
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "no session to this target");
	return -ENOENT;
}

int kiscsi_session_logout_all(struct net *net, struct netlink_ext_ack *extack)
{
	logout_matching(net, match_all, NULL);
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
	logout_matching(net, match_all, NULL);
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
	ret = register_pernet_subsys(&kiscsi_net_ops);
	if (ret)
		goto err_pernet;
	return 0;

err_pernet:
	destroy_workqueue(kiscsi_io_wq);
	return ret;
}

void kiscsi_sessions_exit(void)
{
	logout_matching(NULL, match_all, NULL);
	unregister_pernet_subsys(&kiscsi_net_ops);
	destroy_workqueue(kiscsi_io_wq);
}
