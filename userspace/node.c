// SPDX-License-Identifier: GPL-2.0
/*
 * Node records (see node.h).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node.h"
#include "validate.h"

const char *node_dir(void)
{
	static char buf[PATH_MAX];
	const char *base = getenv("KISCSI_CONFIG_DIR");

	if (!base || !*base)
		base = NODE_DEFAULT_DIR;
	snprintf(buf, sizeof(buf), "%s/nodes", base);
	return buf;
}

int node_addr_parse(const char *s, struct node_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->addr) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

void node_addr_format(const struct node_addr *a, char *buf, size_t len)
{
	if (!a->family || !inet_ntop(a->family, a->addr, buf, len))
		snprintf(buf, len, "%s", "");
}

int node_add_portal(struct node *n, const struct portal *p)
{
	struct node_portal *np;
	unsigned int i;

	for (i = 0; i < n->nportals; i++) {
		const struct portal *q = &n->portals[i].p;

		if (q->family == p->family && q->port == p->port &&
		    q->scope == p->scope &&
		    !memcmp(q->addr, p->addr, p->family == AF_INET ? 4 : 16))
			return 0;
	}
	if (n->nportals >= NODE_MAX_PORTALS)
		return -1;
	np = &n->portals[n->nportals++];
	memset(np, 0, sizeof(*np));
	np->p = *p;
	portal_format(p, np->text, sizeof(np->text));
	return 1;
}

/* ---- parsing ---- */

struct parse {
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
	uint32_t seen;		/* bit per single-valued key */
};

__attribute__((format(printf, 2, 3)))
static int perr(struct parse *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->name, ps->line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int set_str(struct parse *ps, const char *key, char *dst, size_t cap,
		   const char *val)
{
	if (strlen(val) >= cap)
		return perr(ps, "%s is longer than %zu bytes", key, cap - 1);
	memcpy(dst, val, strlen(val) + 1);
	return 0;
}

/* "portal = ADDR[:PORT] [iface=NAME] [source=ADDR]" */
static int parse_portal(struct parse *ps, struct node *n, char *val)
{
	char *tok, *save = NULL, err[128];
	struct node_portal *np;
	struct portal p;

	tok = strtok_r(val, " \t", &save);
	if (!tok)
		return perr(ps, "portal needs an address");
	if (portal_parse(tok, &p, err, sizeof(err)))
		return perr(ps, "bad portal '%s': expected %s", tok, err);
	if (n->nportals >= NODE_MAX_PORTALS)
		return perr(ps, "more than %d portals", NODE_MAX_PORTALS);
	if (node_add_portal(n, &p) == 0)
		return perr(ps, "portal '%s' is listed twice", tok);
	np = &n->portals[n->nportals - 1];
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strncmp(tok, "iface=", 6)) {
			if (!tok[6] || strlen(tok + 6) >= IF_NAMESIZE)
				return perr(ps, "bad iface '%s': expected an interface name", tok + 6);
			snprintf(np->iface, sizeof(np->iface), "%s", tok + 6);
		} else if (!strncmp(tok, "source=", 7)) {
			if (node_addr_parse(tok + 7, &np->source))
				return perr(ps, "bad source '%s': expected an IPv4 or IPv6 address",
					    tok + 7);
			if (np->source.family != p.family)
				return perr(ps, "source %s is not of the portal's address family",
					    tok + 7);
		} else {
			return perr(ps, "unknown portal option '%s' (iface=, source=)", tok);
		}
	}
	return 0;
}

enum key_id {
	K_TARGET, K_PORTAL, K_STARTUP, K_INITIATOR, K_CHAP_USER,
	K_CHAP_SECRET_FILE, K_MUTUAL_USER, K_MUTUAL_SECRET_FILE,
	K_HEADER_DIGEST, K_DATA_DIGEST, K_REPLACEMENT_TIMEOUT,
	K_NOP_INTERVAL, K_NOP_TIMEOUT, K_IFACE, K_SOURCE,
};

static const char *const key_names[] = {
	[K_TARGET] = "target",
	[K_PORTAL] = "portal",
	[K_STARTUP] = "startup",
	[K_INITIATOR] = "initiator",
	[K_CHAP_USER] = "chap-user",
	[K_CHAP_SECRET_FILE] = "chap-secret-file",
	[K_MUTUAL_USER] = "mutual-user",
	[K_MUTUAL_SECRET_FILE] = "mutual-secret-file",
	[K_HEADER_DIGEST] = "header-digest",
	[K_DATA_DIGEST] = "data-digest",
	[K_REPLACEMENT_TIMEOUT] = "replacement-timeout",
	[K_NOP_INTERVAL] = "nop-interval",
	[K_NOP_TIMEOUT] = "nop-timeout",
	[K_IFACE] = "iface",
	[K_SOURCE] = "source",
};

static int parse_tmo(struct parse *ps, struct node *n, enum ktmo t,
		     const char *val)
{
	char why[128];

	if (ktmo_parse(&n->tmo, t, val, why, sizeof(why)))
		return perr(ps, "bad %s '%s': expected %s", ktmo_option(t), val,
			    why);
	return 0;
}

static int parse_pair(struct parse *ps, struct node *n, int k, char *val)
{
	const char *why;

	switch (k) {
	case K_TARGET:
		why = check_iscsi_name(val);
		if (why)
			return perr(ps, "bad target '%s': expected %s", val, why);
		return set_str(ps, "target", n->target, sizeof(n->target), val);
	case K_PORTAL:
		return parse_portal(ps, n, val);
	case K_STARTUP:
		if (!strcmp(val, "automatic"))
			n->startup = NODE_STARTUP_AUTOMATIC;
		else if (!strcmp(val, "manual"))
			n->startup = NODE_STARTUP_MANUAL;
		else
			return perr(ps, "bad startup '%s': expected automatic or manual",
				    val);
		return 0;
	case K_INITIATOR:
		why = check_iscsi_name(val);
		if (why)
			return perr(ps, "bad initiator '%s': expected %s", val, why);
		return set_str(ps, "initiator", n->initiator,
			       sizeof(n->initiator), val);
	case K_CHAP_USER:
	case K_MUTUAL_USER:
		why = check_chap_name(val);
		if (why)
			return perr(ps, "bad %s: expected %s", key_names[k], why);
		return set_str(ps, key_names[k], k == K_CHAP_USER ?
			       n->chap_user : n->mutual_user,
			       sizeof(n->chap_user), val);
	case K_CHAP_SECRET_FILE:
	case K_MUTUAL_SECRET_FILE:
		if (val[0] != '/')
			return perr(ps, "bad %s '%s': expected an absolute path",
				    key_names[k], val);
		return set_str(ps, key_names[k], k == K_CHAP_SECRET_FILE ?
			       n->chap_secret_file : n->mutual_secret_file,
			       sizeof(n->chap_secret_file), val);
	case K_HEADER_DIGEST:
	case K_DATA_DIGEST:
		if (!parse_digest(val, k == K_HEADER_DIGEST ?
				  &n->header_digest : &n->data_digest))
			return perr(ps, "bad %s '%s': expected crc32c or none",
				    key_names[k], val);
		n->has |= k == K_HEADER_DIGEST ? NODE_HAS_HEADER_DIGEST :
						 NODE_HAS_DATA_DIGEST;
		return 0;
	case K_REPLACEMENT_TIMEOUT:
		return parse_tmo(ps, n, KTMO_REPLACEMENT, val);
	case K_NOP_INTERVAL:
		return parse_tmo(ps, n, KTMO_NOP_INTERVAL, val);
	case K_NOP_TIMEOUT:
		return parse_tmo(ps, n, KTMO_NOP_TIMEOUT, val);
	case K_IFACE:
		if (strlen(val) >= IF_NAMESIZE || strpbrk(val, " \t/"))
			return perr(ps, "bad iface '%s': expected an interface name",
				    val);
		return set_str(ps, "iface", n->iface, sizeof(n->iface), val);
	case K_SOURCE:
		if (node_addr_parse(val, &n->source))
			return perr(ps, "bad source '%s': expected an IPv4 or IPv6 address",
				    val);
		return 0;
	}
	return perr(ps, "internal error");
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

const char *node_check(const struct node *n)
{
	unsigned int i;

	if (!n->target[0])
		return "no target";
	if (!n->nportals)
		return "no portal";
	if (!n->chap_user[0] != !n->chap_secret_file[0])
		return "chap-user and chap-secret-file go together";
	if (!n->mutual_user[0] != !n->mutual_secret_file[0])
		return "mutual-user and mutual-secret-file go together";
	if (n->mutual_user[0] && !n->chap_user[0])
		return "mutual CHAP needs one-way CHAP too (chap-user, chap-secret-file)";
	for (i = 0; i < n->nportals; i++)
		if (n->source.family && !n->portals[i].source.family &&
		    n->source.family != n->portals[i].p.family)
			return "source is not of every portal's address family";
	return NULL;
}

int node_parse(const char *text, size_t len, const char *name,
	       struct node *n, char *err, size_t errlen)
{
	struct parse ps = { .name = name, .err = err, .errlen = errlen };
	char line[NODE_LINE_MAX + 1], *key, *val, *eq;
	const char *p = text, *end = text + len, *nl;
	const char *why;
	size_t i, ll;
	int k;

	memset(n, 0, sizeof(*n));
	if (len > NODE_FILE_MAX) {
		ps.line = 0;
		return perr(&ps, "larger than %d bytes", NODE_FILE_MAX);
	}
	while (p < end) {
		ps.line++;
		nl = memchr(p, '\n', end - p);
		ll = (nl ? nl : end) - p;
		if (ll > NODE_LINE_MAX)
			return perr(&ps, "line longer than %d bytes", NODE_LINE_MAX);
		memcpy(line, p, ll);
		line[ll] = '\0';
		p += ll + (nl ? 1 : 0);
		if (strlen(line) != ll)
			return perr(&ps, "NUL byte in the line");
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq)
			return perr(&ps, "expected 'key = value'");
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		for (k = -1, i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
			if (!strcmp(key, key_names[i]))
				k = i;
		if (k < 0)
			return perr(&ps, "unknown key '%s'", key);
		if (!*val)
			return perr(&ps, "%s has no value", key);
		if (k != K_PORTAL) {
			if (ps.seen & (1U << k))
				return perr(&ps, "%s is given twice", key);
			ps.seen |= 1U << k;
		}
		if (parse_pair(&ps, n, k, val))
			return -1;
	}
	why = node_check(n);
	if (why) {
		ps.line = 0;
		return perr(&ps, "%s", why);
	}
	return 0;
}

/* ---- writing ---- */

struct out {
	char *buf;
	size_t cap, len;
	bool full;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len)
		o->full = true;
	else
		o->len += n;
}

int node_format(const struct node *n, char *buf, size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };
	char a[INET6_ADDRSTRLEN];
	unsigned int i;
	int t;

	put(&o, "# kiscsi node record; see kiscsi(8), NODE RECORDS.\n");
	put(&o, "target = %s\n", n->target);
	for (i = 0; i < n->nportals; i++) {
		const struct node_portal *np = &n->portals[i];

		put(&o, "portal = %s", np->text);
		if (np->iface[0])
			put(&o, " iface=%s", np->iface);
		if (np->source.family) {
			node_addr_format(&np->source, a, sizeof(a));
			put(&o, " source=%s", a);
		}
		put(&o, "\n");
	}
	put(&o, "startup = %s\n", n->startup == NODE_STARTUP_AUTOMATIC ?
	    "automatic" : "manual");
	if (n->initiator[0])
		put(&o, "initiator = %s\n", n->initiator);
	if (n->chap_user[0])
		put(&o, "chap-user = %s\nchap-secret-file = %s\n", n->chap_user,
		    n->chap_secret_file);
	if (n->mutual_user[0])
		put(&o, "mutual-user = %s\nmutual-secret-file = %s\n",
		    n->mutual_user, n->mutual_secret_file);
	if (n->has & NODE_HAS_HEADER_DIGEST)
		put(&o, "header-digest = %s\n", n->header_digest ? "crc32c" : "none");
	if (n->has & NODE_HAS_DATA_DIGEST)
		put(&o, "data-digest = %s\n", n->data_digest ? "crc32c" : "none");
	if (n->tmo.has[KTMO_REPLACEMENT])
		put(&o, "replacement-timeout = %u\n",
		    n->tmo.val[KTMO_REPLACEMENT]);
	for (t = KTMO_NOP_INTERVAL; t <= KTMO_NOP_TIMEOUT; t++) {
		if (!n->tmo.has[t])
			continue;
		if (n->tmo.val[t] % 1000)
			put(&o, "%s = %ums\n", ktmo_option(t), n->tmo.val[t]);
		else
			put(&o, "%s = %u\n", ktmo_option(t),
			    n->tmo.val[t] / 1000);
	}
	if (n->iface[0])
		put(&o, "iface = %s\n", n->iface);
	if (n->source.family) {
		node_addr_format(&n->source, a, sizeof(a));
		put(&o, "source = %s\n", a);
	}
	return o.full ? -1 : (int)o.len;
}

int node_path(const char *dir, const char *target, char *path, size_t len)
{
	int n;

	/* iSCSI names have no '/', but a record's name must not escape DIR. */
	if (!*target || target[0] == '.' || strchr(target, '/'))
		return -1;
	n = snprintf(path, len, "%s/%s%s", dir, target, NODE_SUFFIX);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int read_file(const char *path, char **text, size_t *len, char *err,
		     size_t errlen)
{
	char *buf;
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(NODE_FILE_MAX + 1);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (n <= NODE_FILE_MAX) {
		r = read(fd, buf + n, NODE_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (!r)
			break;
		n += r;
	}
	close(fd);
	*text = buf;
	*len = n;
	return 1;
}

static int load_path(const char *path, const char *target, struct node *n,
		     char *err, size_t errlen)
{
	char *text = NULL;
	size_t len;
	int ret;

	ret = read_file(path, &text, &len, err, errlen);
	if (ret <= 0)
		return ret;
	ret = node_parse(text, len, path, n, err, errlen);
	free(text);
	if (ret)
		return -1;
	if (target && strcmp(n->target, target)) {
		snprintf(err, errlen, "%s:0: target %s does not match the file name",
			 path, n->target);
		return -1;
	}
	return 1;
}

int node_load(const char *dir, const char *target, struct node *n,
	      char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (node_path(dir, target, path, sizeof(path))) {
		snprintf(err, errlen, "'%s' cannot name a record file", target);
		return -1;
	}
	return load_path(path, target, n, err, errlen);
}

static int cmp_node(const void *a, const void *b)
{
	return strcmp(((const struct node *)a)->target,
		      ((const struct node *)b)->target);
}

int node_load_all(const char *dir, struct node **nodes, unsigned int *count,
		  char *err, size_t errlen)
{
	char path[PATH_MAX], target[KISCSI_NAME_MAX + 1];
	struct node *v = NULL, *t;
	unsigned int n = 0, cap = 0;
	struct dirent *de;
	size_t len, sl = strlen(NODE_SUFFIX);
	DIR *d;
	int ret;

	*nodes = NULL;
	*count = 0;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		/* Only NAME.conf; temporary and hidden files are not records. */
		if (de->d_name[0] == '.' || len <= sl ||
		    strcmp(de->d_name + len - sl, NODE_SUFFIX))
			continue;
		if (len - sl > KISCSI_NAME_MAX) {
			snprintf(err, errlen, "%s/%s:0: the file name is too long for a target",
				 dir, de->d_name);
			goto fail;
		}
		memcpy(target, de->d_name, len - sl);
		target[len - sl] = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			t = realloc(v, cap * sizeof(*v));
			if (!t) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			v = t;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ret = load_path(path, target, &v[n], err, errlen);
		if (ret < 0)
			goto fail;
		if (ret > 0)
			n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_node);
	*nodes = v;
	*count = n;
	return 0;
fail:
	closedir(d);
	free(v);
	return -1;
}

static int mkdir_one(const char *path, char *err, size_t errlen)
{
	if (!mkdir(path, 0755) || errno == EEXIST)
		return 0;
	if (errno == EACCES || errno == EPERM || errno == EROFS)
		snprintf(err, errlen,
			 "permission denied: changing node records needs root (cannot create %s: %s)",
			 path, strerror(errno));
	else
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
	return -1;
}

int node_writable(const char *dir, char *err, size_t errlen)
{
	char parent[PATH_MAX], *slash;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = '\0';
		if (mkdir_one(parent, err, errlen))
			return -1;
	}
	if (mkdir_one(dir, err, errlen))
		return -1;
	if (access(dir, W_OK)) {
		if (errno == EACCES || errno == EPERM || errno == EROFS)
			snprintf(err, errlen,
				 "permission denied: changing node records needs root (cannot write %s)",
				 dir);
		else
			snprintf(err, errlen, "cannot write %s: %s", dir,
				 strerror(errno));
		return -1;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

int node_save(const char *dir, const struct node *n, char *err,
	      size_t errlen)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32], *buf;
	const char *why = node_check(n);
	size_t off = 0;
	ssize_t w;
	int fd, len;

	if (why) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (node_path(dir, n->target, path, sizeof(path))) {
		snprintf(err, errlen, "'%s' cannot name a record file", n->target);
		return -1;
	}
	buf = malloc(NODE_FILE_MAX);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	len = node_format(n, buf, NODE_FILE_MAX);
	if (len < 0) {
		snprintf(err, errlen, "the record does not fit %d bytes", NODE_FILE_MAX);
		free(buf);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%d", dir, n->target, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		free(buf);
		return -1;
	}
	while (off < (size_t)len) {
		w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto err_write;
		off += w;
	}
	if (fsync(fd))
		goto err_write;
	if (close(fd)) {
		fd = -1;
		goto err_write;
	}
	fd = -1;
	if (rename(tmp, path))
		goto err_write;
	free(buf);
	if (fsync_dir(dir)) {
		snprintf(err, errlen, "cannot sync %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
err_write:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(buf);
	return -1;
}

int node_remove(const char *dir, const char *target, char *err,
		size_t errlen)
{
	char path[PATH_MAX];

	if (node_path(dir, target, path, sizeof(path))) {
		snprintf(err, errlen, "'%s' cannot name a record file", target);
		return -1;
	}
	if (unlink(path)) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
		return -1;
	}
	if (fsync_dir(dir)) {
		snprintf(err, errlen, "cannot sync %s: %s", dir, strerror(errno));
		return -1;
	}
	return 1;
}
