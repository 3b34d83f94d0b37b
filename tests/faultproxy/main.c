// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi-faultproxy: sockets, the poll loop and the control socket.
 *
 *   kiscsi-faultproxy --listen ADDR:PORT --target ADDR:PORT --ctl PATH
 *   kiscsi-faultproxy --ctl PATH --cmd 'COMMAND ...'
 *
 * One thread, non-blocking sockets, ppoll(). Each accepted connection
 * gets its own connection to the target; the PDU work is engine.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <time.h>
#include <unistd.h>
#include "fp.h"

/* Stop reading a side while this much waits to be written to the other. */
#define PX_HIGH_WATER		(4U << 20)
/* Reads per side per loop turn, so one busy connection cannot starve. */
#define PX_READ_BURST		64
#define PX_CTL_LINE_MAX		512
#define PX_ANSWER_MAX		1024
#define PX_LISTEN_BACKLOG	64

struct px_conn {
	struct fp_conn pc;
	int fd[2];		/* FP_INI, FP_TGT; -1 once closed */
	int pi[2];		/* index in the pollfd array, -1 if not polled */
	bool connecting;	/* non-blocking connect to the target pending */
	bool eof[2];
	bool dead;
	struct px_conn *next;
};

struct px_client {
	int fd;
	int pi;
	size_t len;
	char buf[PX_CTL_LINE_MAX];
	bool dead;
	struct px_client *next;
};

struct px {
	struct fp_core core;
	int lfd;
	int cfd;
	struct sockaddr_storage tgt;
	socklen_t tgt_len;
	const char *ctl_path;
	struct px_conn *conns;
	struct px_client *clients;
	unsigned int next_id;
};

static volatile sig_atomic_t px_stop;

static void on_signal(int sig)
{
	(void)sig;
	px_stop = 1;
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

static bool px_stalled(const struct px *px)
{
	return px->core.now_ms < px->core.faults.stall_until_ms;
}

/* ---- addresses and sockets ---- */

static int resolve(const char *addr, bool passive, struct sockaddr_storage *ss,
		   socklen_t *len)
{
	char host[FP_ADDR_MAX], port[8];
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int err;

	if (fp_addr_split(addr, host, sizeof(host), port, sizeof(port))) {
		fprintf(stderr, "kiscsi-faultproxy: bad address '%s'\n", addr);
		return -1;
	}
	hints.ai_flags = passive ? AI_PASSIVE : 0;
	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "kiscsi-faultproxy: %s: %s\n", addr,
			gai_strerror(err));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static void set_nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* SO_LINGER 0: close() sends RST and drops whatever is queued. */
static void close_rst(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

/*
 * FIN, not RST: close() on a socket with unread bytes resets it, so send
 * our FIN first and discard what the peer had already sent.
 */
static void close_fin(int fd)
{
	char sink[4096];
	int i;

	shutdown(fd, SHUT_WR);
	for (i = 0; i < 64 && read(fd, sink, sizeof(sink)) > 0; i++)
		;
	close(fd);
}

static void conn_close_side(struct px_conn *c, enum fp_side s, bool rst)
{
	if (c->fd[s] < 0)
		return;
	if (rst)
		close_rst(c->fd[s]);
	else
		close_fin(c->fd[s]);
	c->fd[s] = -1;
	fp_queue_purge(&c->pc.txq[s]);
}

static void conn_kill(struct px_conn *c, bool rst)
{
	conn_close_side(c, FP_INI, rst);
	conn_close_side(c, FP_TGT, rst);
	c->dead = true;
}

static void px_accept(struct px *px)
{
	struct px_conn *c;
	int fd, tfd;

	fd = accept4(px->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	tfd = socket(px->tgt.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
		     SOCK_CLOEXEC, 0);
	c = calloc(1, sizeof(*c));
	if (tfd < 0 || !c)
		goto err_close;
	if (connect(tfd, (struct sockaddr *)&px->tgt, px->tgt_len) &&
	    errno != EINPROGRESS)
		goto err_close;
	set_nodelay(fd);
	set_nodelay(tfd);
	fp_conn_init(&c->pc, ++px->next_id);
	c->fd[FP_INI] = fd;
	c->fd[FP_TGT] = tfd;
	c->connecting = true;
	c->next = px->conns;
	px->conns = c;
	px->core.st.conns++;
	return;

err_close:
	fprintf(stderr, "kiscsi-faultproxy: cannot reach the target: %s\n",
		strerror(errno));
	free(c);
	if (tfd >= 0)
		close(tfd);
	close(fd);
}

/* ---- the data path ---- */

static void conn_read(struct px *px, struct px_conn *c, enum fp_side s)
{
	enum fp_side to = fp_other(s);
	struct fp_framer *f = &c->pc.rx[s];
	u64 refused;
	int i, r;

	for (i = 0; i < PX_READ_BURST; i++) {
		size_t room;
		u8 *at = fp_framer_space(f, &room);
		ssize_t n = read(c->fd[s], at, room);

		if (n == 0) {
			c->eof[s] = true;
			return;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			/* Pass a reset on: the other side sees what we saw. */
			conn_kill(c, errno == ECONNRESET);
			return;
		}
		refused = f->refused;
		r = fp_framer_advance(f, n);
		px->core.st.refused[s] += f->refused - refused;
		if (r < 0) {
			conn_kill(c, true);
			return;
		}
		if (r == 1 && fp_conn_rx(&px->core, &c->pc, s,
					 fp_framer_take(f))) {
			conn_kill(c, true);
			return;
		}
		if (c->pc.close_tgt)
			conn_close_side(c, FP_TGT, false);
		if (c->pc.txq[to].bytes >= PX_HIGH_WATER ||
		    c->pc.close_after_flush || c->fd[s] < 0)
			return;
	}
}

static bool queue_ready(const struct px *px, const struct fp_queue *q)
{
	return q->head && q->head->release_ms <= px->core.now_ms;
}

static void conn_write(struct px *px, struct px_conn *c, enum fp_side s)
{
	struct fp_queue *q = &c->pc.txq[s];

	if (s == FP_TGT && c->connecting) {
		int err = 0;
		socklen_t len = sizeof(err);

		getsockopt(c->fd[s], SOL_SOCKET, SO_ERROR, &err, &len);
		if (err) {
			fprintf(stderr, "kiscsi-faultproxy: conn %u: connect to target: %s\n",
				c->pc.id, strerror(err));
			conn_kill(c, true);
			return;
		}
		c->connecting = false;
	}
	while (queue_ready(px, q)) {
		struct fp_pdu *p = q->head;
		ssize_t n = send(c->fd[s], p->buf + p->sent, p->len - p->sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			conn_kill(c, errno == ECONNRESET || errno == EPIPE);
			return;
		}
		p->sent += n;
		q->bytes -= n;
		if (p->sent == p->len)
			free(fp_queue_pop(q));
	}
}

/* What a side waits for; 0 when it should not be polled. */
static short conn_events(const struct px *px, const struct px_conn *c,
			 enum fp_side s)
{
	enum fp_side to = fp_other(s);
	short ev = 0;

	if (c->fd[s] < 0 || c->dead)
		return 0;
	if (s == FP_TGT && c->connecting)
		return POLLOUT;
	if (px_stalled(px))
		return 0;
	if (!c->eof[s] && !c->pc.close_after_flush &&
	    c->pc.txq[to].bytes < PX_HIGH_WATER && c->fd[to] >= 0 &&
	    !(to == FP_TGT && c->connecting))
		ev |= POLLIN;
	if (queue_ready(px, &c->pc.txq[s]))
		ev |= POLLOUT;
	return ev;
}

/* Close what has run its course: EOF seen and the other way flushed. */
static void conn_settle(struct px_conn *c)
{
	if (c->dead)
		return;
	if (c->pc.close_after_flush && !c->pc.txq[FP_INI].head) {
		conn_kill(c, false);
		return;
	}
	if ((c->eof[FP_INI] && !c->pc.txq[FP_TGT].head) ||
	    (c->eof[FP_TGT] && !c->pc.txq[FP_INI].head) ||
	    c->fd[FP_INI] < 0)
		conn_kill(c, false);
}

/* ---- control socket ---- */

static unsigned int px_live(struct px *px, bool ffp_only)
{
	struct px_conn *c;
	unsigned int n = 0;

	for (c = px->conns; c; c = c->next)
		if (!c->dead && (!ffp_only || c->pc.ffp))
			n++;
	return n;
}

static void px_stats(struct px *px, char *ans, size_t len)
{
	const struct fp_stats *st = &px->core.st;
	unsigned int hd = 0, dd = 0;
	struct px_conn *c;
	u64 total = 0;
	size_t off;
	int f;

	for (c = px->conns; c; c = c->next) {
		if (c->dead || !c->pc.ffp)
			continue;
		hd += c->pc.neg_hd;
		dd += c->pc.neg_dd;
	}
	for (f = 0; f < __FP_F_LAST; f++)
		total += st->faults[f];
	off = snprintf(ans, len,
		       "ok conns=%llu live=%u ffp=%u hd=%u dd=%u logins=%llu i2t_pdus=%llu i2t_bytes=%llu t2i_pdus=%llu t2i_bytes=%llu renumbered=%llu refused=%llu parse_err=%llu injected=%llu",
		       (unsigned long long)st->conns, px_live(px, false),
		       px_live(px, true), hd, dd,
		       (unsigned long long)st->logins,
		       (unsigned long long)st->pdus[FP_INI],
		       (unsigned long long)st->bytes[FP_INI],
		       (unsigned long long)st->pdus[FP_TGT],
		       (unsigned long long)st->bytes[FP_TGT],
		       (unsigned long long)st->renumbered,
		       (unsigned long long)(st->refused[FP_INI] +
					    st->refused[FP_TGT]),
		       (unsigned long long)(st->parse_err[FP_INI] +
					    st->parse_err[FP_TGT]),
		       (unsigned long long)total);
	for (f = 0; f < __FP_F_LAST && off < len; f++) {
		const char *name = fp_fault_name(f);
		size_t i;

		off += snprintf(ans + off, len - off, " ");
		/* Shell-friendly keys: corrupt-data -> corrupt_data. */
		for (i = 0; name[i] && off + 1 < len; i++)
			ans[off++] = name[i] == '-' ? '_' : name[i];
		ans[off] = '\0';
		off += snprintf(ans + off, len - off, "=%llu",
				(unsigned long long)st->faults[f]);
	}
}

/* Close every connection, with RST (reset) or FIN (drop). */
static unsigned int px_cut(struct px *px, bool rst)
{
	struct px_conn *c;
	unsigned int n = 0;

	for (c = px->conns; c; c = c->next) {
		if (c->dead)
			continue;
		conn_kill(c, rst);
		n++;
	}
	px->core.st.faults[rst ? FP_F_RESET : FP_F_DROP] += n;
	fp_log(&px->core, "%s: %u connection(s)", rst ? "reset" : "drop", n);
	return n;
}

static void px_inject(struct px *px, const struct fp_cmd *cmd, char *ans,
		      size_t len)
{
	unsigned int done = 0, armed = 0, ffp = 0;
	struct px_conn *c;
	int err = 0, r;

	for (c = px->conns; c; c = c->next) {
		if (c->dead || !c->pc.ffp)
			continue;
		ffp++;
		if (cmd->kind == FP_CMD_ASYNC)
			r = fp_conn_async(&px->core, &c->pc, cmd->event,
					  cmd->param[0], cmd->param[1],
					  cmd->param[2]);
		else
			r = fp_conn_malformed(&px->core, &c->pc,
					      cmd->malformed);
		if (r < 0)
			err = r;
		else if (r == 1)
			armed++;
		else
			done++;
	}
	if (!ffp)
		snprintf(ans, len, "error: no connection in full feature phase");
	else if (!done && !armed)
		snprintf(ans, len, "error: injection failed: %s", strerror(-err));
	else if (armed && !done)
		snprintf(ans, len, "ok armed");
	else
		snprintf(ans, len, "ok %u", done);
}

static void px_exec(struct px *px, const char *line, char *ans, size_t len)
{
	struct fp_faults *f = &px->core.faults;
	struct fp_cmd cmd;
	char err[256];

	if (fp_cmd_parse(line, &cmd, err, sizeof(err))) {
		snprintf(ans, len, "error: %s", err);
		return;
	}
	snprintf(ans, len, "ok");
	switch (cmd.kind) {
	case FP_CMD_RESET:
	case FP_CMD_DROP:
		snprintf(ans, len, "ok %u", px_cut(px, cmd.kind == FP_CMD_RESET));
		break;
	case FP_CMD_STALL:
		f->stall_until_ms = cmd.n ? px->core.now_ms + cmd.n * 1000ULL : 0;
		px->core.st.faults[FP_F_STALL]++;
		fp_log(&px->core, "stall: %u s", cmd.n);
		break;
	case FP_CMD_DELAY:
		f->delay_ms = cmd.n;
		px->core.st.faults[FP_F_DELAY]++;
		fp_log(&px->core, "delay: %u ms per PDU", cmd.n);
		break;
	case FP_CMD_CORRUPT_HD:
		f->corrupt_hd = cmd.n;
		break;
	case FP_CMD_CORRUPT_DD:
		f->corrupt_dd = cmd.n;
		break;
	case FP_CMD_CORRUPT_DATA:
		f->corrupt_data = cmd.n;
		break;
	case FP_CMD_ASYNC:
	case FP_CMD_MALFORMED:
		px_inject(px, &cmd, ans, len);
		break;
	case FP_CMD_REDIRECT:
		f->redirect = true;
		f->redirect_perm = cmd.perm;
		f->redirect_always = cmd.always;
		strscpy(f->redirect_addr, cmd.addr, sizeof(f->redirect_addr));
		break;
	case FP_CMD_STATS:
		px_stats(px, ans, len);
		break;
	case FP_CMD_PASS:
		memset(f, 0, sizeof(*f));
		fp_log(&px->core, "pass: all faults cleared");
		break;
	}
}

static void client_read(struct px *px, struct px_client *cl)
{
	char ans[PX_ANSWER_MAX];
	char *nl;
	ssize_t n;

	n = read(cl->fd, cl->buf + cl->len, sizeof(cl->buf) - 1 - cl->len);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		cl->dead = true;
		return;
	}
	cl->len += n;
	cl->buf[cl->len] = '\0';
	while ((nl = strchr(cl->buf, '\n'))) {
		*nl = '\0';
		px_exec(px, cl->buf, ans, sizeof(ans) - 1);
		strcat(ans, "\n");
		/* A short answer on a unix socket: one write or nothing. */
		if (write(cl->fd, ans, strlen(ans)) < 0)
			cl->dead = true;
		cl->len -= nl + 1 - cl->buf;
		memmove(cl->buf, nl + 1, cl->len + 1);
	}
	if (cl->len == sizeof(cl->buf) - 1) {
		static const char too_long[] = "error: line too long\n";

		if (write(cl->fd, too_long, sizeof(too_long) - 1) < 0)
			cl->dead = true;
		cl->dead = true;
	}
}

static void px_ctl_accept(struct px *px)
{
	struct px_client *cl;
	int fd = accept4(px->cfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		close(fd);
		return;
	}
	cl->fd = fd;
	cl->next = px->clients;
	px->clients = cl;
}

/* ---- the loop ---- */

static void px_reap(struct px *px)
{
	struct px_conn **cp = &px->conns, *c;
	struct px_client **lp = &px->clients, *cl;

	while ((c = *cp)) {
		if (!c->dead) {
			cp = &c->next;
			continue;
		}
		*cp = c->next;
		fp_conn_free(&c->pc);
		free(c);
	}
	while ((cl = *lp)) {
		if (!cl->dead) {
			lp = &cl->next;
			continue;
		}
		*lp = cl->next;
		close(cl->fd);
		free(cl);
	}
}

/* Milliseconds until a delayed PDU or the end of a stall; -1: none. */
static int px_timeout(const struct px *px)
{
	const struct px_conn *c;
	u64 next = U64_MAX;
	int s;

	if (px_stalled(px))
		next = px->core.faults.stall_until_ms;
	else
		for (c = px->conns; c; c = c->next)
			for (s = FP_INI; s <= FP_TGT; s++)
				if (c->fd[s] >= 0 && c->pc.txq[s].head &&
				    c->pc.txq[s].head->release_ms < next)
					next = c->pc.txq[s].head->release_ms;
	if (next == U64_MAX)
		return -1;
	if (next <= px->core.now_ms)
		return 0;
	return next - px->core.now_ms > 60000 ? 60000 :
	       (int)(next - px->core.now_ms);
}

static int px_loop(struct px *px, const sigset_t *waitmask)
{
	struct pollfd *pfd = NULL;
	size_t cap = 0;

	while (!px_stop) {
		struct px_conn *c;
		struct px_client *cl;
		struct timespec ts, *tsp = NULL;
		size_t n = 2, need = 2;
		int tmo, s;

		px->core.now_ms = now_ms();
		for (c = px->conns; c; c = c->next)
			need += 2;
		for (cl = px->clients; cl; cl = cl->next)
			need++;
		if (need > cap) {
			struct pollfd *np = realloc(pfd, need * sizeof(*pfd));

			if (!np)
				break;
			pfd = np;
			cap = need;
		}
		pfd[0] = (struct pollfd){ .fd = px->lfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = px->cfd, .events = POLLIN };
		for (c = px->conns; c; c = c->next) {
			for (s = FP_INI; s <= FP_TGT; s++) {
				short ev = conn_events(px, c, s);

				c->pi[s] = n;
				pfd[n++] = (struct pollfd){
					.fd = ev ? c->fd[s] : -1, .events = ev };
			}
		}
		for (cl = px->clients; cl; cl = cl->next) {
			cl->pi = n;
			pfd[n++] = (struct pollfd){ .fd = cl->fd, .events = POLLIN };
		}
		tmo = px_timeout(px);
		if (tmo >= 0) {
			ts.tv_sec = tmo / 1000;
			ts.tv_nsec = (long)(tmo % 1000) * 1000000;
			tsp = &ts;
		}
		if (ppoll(pfd, n, tsp, waitmask) < 0 && errno != EINTR)
			break;
		if (px_stop)
			break;
		px->core.now_ms = now_ms();

		for (c = px->conns; c; c = c->next) {
			for (s = FP_INI; s <= FP_TGT; s++) {
				short re = pfd[c->pi[s]].revents;

				if (c->dead || pfd[c->pi[s]].fd < 0)
					continue;
				if (re & (POLLOUT | POLLERR | POLLHUP))
					conn_write(px, c, s);
				if (!c->dead && c->fd[s] >= 0 &&
				    (re & (POLLIN | POLLERR | POLLHUP)) &&
				    (pfd[c->pi[s]].events & POLLIN))
					conn_read(px, c, s);
			}
			/* Forward at once what reading just queued. */
			for (s = FP_INI; s <= FP_TGT; s++)
				if (!c->dead && c->fd[s] >= 0 &&
				    !(s == FP_TGT && c->connecting) &&
				    !px_stalled(px))
					conn_write(px, c, s);
			conn_settle(c);
		}
		for (cl = px->clients; cl; cl = cl->next)
			if (pfd[cl->pi].revents)
				client_read(px, cl);
		if (pfd[1].revents & POLLIN)
			px_ctl_accept(px);
		if (pfd[0].revents & POLLIN)
			px_accept(px);
		px_reap(px);
	}
	free(pfd);
	return 0;
}

/* ---- setup ---- */

static int listen_on(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (resolve(addr, true, &ss, &len))
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) ||
	    listen(fd, PX_LISTEN_BACKLOG)) {
		fprintf(stderr, "kiscsi-faultproxy: listen on %s: %s\n", addr,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int unix_addr(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		fprintf(stderr, "kiscsi-faultproxy: control path too long\n");
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

static int ctl_listen(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if (unix_addr(path, &sun))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(path, 0600) || listen(fd, 8)) {
		fprintf(stderr, "kiscsi-faultproxy: control socket %s: %s\n",
			path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Client mode: send one command, print the one-line answer. */
static int ctl_client(const char *path, const char *cmd)
{
	struct sockaddr_un sun;
	char ans[PX_ANSWER_MAX];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (unix_addr(path, &sun))
		return 2;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		fprintf(stderr, "kiscsi-faultproxy: %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return 2;
	}
	if (write(fd, cmd, strlen(cmd)) < 0 || write(fd, "\n", 1) < 0) {
		close(fd);
		return 2;
	}
	while (len < sizeof(ans) - 1 &&
	       (n = read(fd, ans + len, sizeof(ans) - 1 - len)) > 0) {
		len += n;
		if (memchr(ans, '\n', len))
			break;
	}
	close(fd);
	ans[len] = '\0';
	fputs(ans, stdout);
	if (!strncmp(ans, "ok", 2))
		return 0;
	return strncmp(ans, "error:", 6) ? 2 : 1;
}

static void usage(FILE *out)
{
	fputs("usage: kiscsi-faultproxy --listen ADDR:PORT --target ADDR:PORT --ctl PATH\n"
	      "       kiscsi-faultproxy --ctl PATH --cmd 'COMMAND [ARGS]'\n"
	      "commands: reset | drop | stall S | delay MS | corrupt-hdigest N |\n"
	      "  corrupt-ddigest N | corrupt-data N | async EVENT [P1 P2 P3] |\n"
	      "  redirect temp|perm ADDR:PORT [always] | malformed KIND | stats | pass\n"
	      "see Documentation/fault-injection.md\n", out);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "target", required_argument, NULL, 't' },
		{ "ctl", required_argument, NULL, 'c' },
		{ "cmd", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen_addr = NULL, *target = NULL, *cmd = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, waitmask;
	struct px px;
	int o, rc;

	memset(&px, 0, sizeof(px));
	while ((o = getopt_long(argc, argv, "l:t:c:x:h", opts, NULL)) != -1) {
		switch (o) {
		case 'l':
			listen_addr = optarg;
			break;
		case 't':
			target = optarg;
			break;
		case 'c':
			px.ctl_path = optarg;
			break;
		case 'x':
			cmd = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (px.ctl_path && cmd && !listen_addr && !target)
		return ctl_client(px.ctl_path, cmd);
	if (!listen_addr || !target || !px.ctl_path || cmd || optind != argc) {
		usage(stderr);
		return 2;
	}

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	px.core.log = stderr;
	if (resolve(target, false, &px.tgt, &px.tgt_len))
		return 1;
	px.lfd = listen_on(listen_addr);
	if (px.lfd < 0)
		return 1;
	px.cfd = ctl_listen(px.ctl_path);
	if (px.cfd < 0) {
		close(px.lfd);
		return 1;
	}
	fp_log(&px.core, "listening on %s, target %s, control %s", listen_addr,
	       target, px.ctl_path);

	rc = px_loop(&px, &waitmask);

	while (px.conns) {
		conn_kill(px.conns, false);
		px_reap(&px);
	}
	while (px.clients) {
		px.clients->dead = true;
		px_reap(&px);
	}
	close(px.lfd);
	close(px.cfd);
	unlink(px.ctl_path);
	fp_log(&px.core, "exiting");
	return rc;
}
