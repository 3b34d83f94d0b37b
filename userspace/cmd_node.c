// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi node list|show|add|set|delete: the node records (node.h).
 *
 * Reading needs nothing; changing a record needs write access to the
 * record directory (root), checked up front with a message saying so.
 * Every argument is checked before a file is touched, and a record is
 * written whole or not at all.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "kiscsi.h"
#include "node.h"
#include "secret.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi node list [-j|--json]\n"
	"       kiscsi node show --target IQN [-j|--json]\n"
	"       kiscsi node add --target IQN --portal ADDR[:PORT] [--portal ...] [SETTINGS]\n"
	"       kiscsi node set --target IQN SETTINGS\n"
	"       kiscsi node delete --target IQN [--portal ADDR[:PORT]]\n"
	"SETTINGS: [--startup automatic|manual] [--initiator IQN]\n"
	"          [--chap-user U --chap-secret-file F] [--mutual-user U --mutual-secret-file F]\n"
	"          [--no-chap] [--header-digest crc32c|none] [--data-digest crc32c|none]\n"
	"          [--replacement-timeout S] [--nop-interval S] [--nop-timeout S]\n"
	"          [--iface NETDEV] [--source ADDR]   (an empty value clears iface/source)\n"
	"Records live in $KISCSI_CONFIG_DIR/nodes (default /etc/kiscsi/nodes).\n";

enum {
	O_TARGET = 1, O_PORTAL, O_STARTUP, O_INITIATOR, O_CHAP_USER,
	O_CHAP_SECRET, O_MUTUAL_USER, O_MUTUAL_SECRET, O_NO_CHAP, O_HDIGEST,
	O_DDIGEST, O_REPLACEMENT, O_NOP_INTERVAL, O_NOP_TIMEOUT, O_IFACE,
	O_SOURCE, O_JSON, O_HELP,
};

static const struct option opts[] = {
	{ "target", required_argument, NULL, O_TARGET },
	{ "portal", required_argument, NULL, O_PORTAL },
	{ "startup", required_argument, NULL, O_STARTUP },
	{ "initiator", required_argument, NULL, O_INITIATOR },
	{ "chap-user", required_argument, NULL, O_CHAP_USER },
	{ "chap-secret-file", required_argument, NULL, O_CHAP_SECRET },
	{ "mutual-user", required_argument, NULL, O_MUTUAL_USER },
	{ "mutual-secret-file", required_argument, NULL, O_MUTUAL_SECRET },
	{ "no-chap", no_argument, NULL, O_NO_CHAP },
	{ "header-digest", required_argument, NULL, O_HDIGEST },
	{ "data-digest", required_argument, NULL, O_DDIGEST },
	{ "replacement-timeout", required_argument, NULL, O_REPLACEMENT },
	{ "nop-interval", required_argument, NULL, O_NOP_INTERVAL },
	{ "nop-timeout", required_argument, NULL, O_NOP_TIMEOUT },
	{ "iface", required_argument, NULL, O_IFACE },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "json", no_argument, NULL, O_JSON },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

struct node_args {
	const char *verb;
	const char *target;
	unsigned int nportals;
	struct portal portals[NODE_MAX_PORTALS];
	bool json;
	bool given[O_HELP];
	const char *str[O_HELP];
	uint32_t val[O_HELP];
	struct ktimeouts tmo;
	struct node_addr source;
	char chap_path[PATH_MAX], mutual_path[PATH_MAX];
};

static int bad(const struct node_args *a, const char *opt, const char *val,
	       const char *expected)
{
	fprintf(stderr, "kiscsi node %s: bad %s '%s': expected %s\n", a->verb,
		opt, val, expected);
	return 2;
}

static int parse_opt(struct node_args *a, int o, const char *v)
{
	char err[128];
	const char *why;
	bool b;

	a->given[o] = true;
	a->str[o] = v;
	switch (o) {
	case O_TARGET:
		why = check_iscsi_name(v);
		if (why)
			return bad(a, "--target", v, why);
		a->target = v;
		break;
	case O_PORTAL:
		if (a->nportals >= NODE_MAX_PORTALS)
			return bad(a, "--portal", v, "at most 32 portals");
		if (portal_parse(v, &a->portals[a->nportals], err, sizeof(err)))
			return bad(a, "--portal", v, err);
		a->nportals++;
		break;
	case O_STARTUP:
		if (strcmp(v, "automatic") && strcmp(v, "manual"))
			return bad(a, "--startup", v, "automatic or manual");
		a->val[o] = !strcmp(v, "automatic") ? NODE_STARTUP_AUTOMATIC :
						      NODE_STARTUP_MANUAL;
		break;
	case O_INITIATOR:
		why = check_iscsi_name(v);
		if (why)
			return bad(a, "--initiator", v, why);
		break;
	case O_CHAP_USER:
	case O_MUTUAL_USER:
		why = check_chap_name(v);
		if (why)
			return bad(a, o == O_CHAP_USER ? "--chap-user" :
				   "--mutual-user", v, why);
		break;
	case O_CHAP_SECRET:
	case O_MUTUAL_SECRET: {
		char *path = o == O_CHAP_SECRET ? a->chap_path : a->mutual_path;
		struct secret s;

		/* Check the file now, store its absolute path, never the secret. */
		if (!realpath(v, path) ||
		    secret_read(path, &s, &b, err, sizeof(err))) {
			secret_wipe(&s);
			return bad(a, o == O_CHAP_SECRET ? "--chap-secret-file" :
				   "--mutual-secret-file", v,
				   "a readable file holding the secret");
		}
		secret_wipe(&s);
		break;
	}
	case O_HDIGEST:
	case O_DDIGEST:
		if (!parse_digest(v, &a->val[o]))
			return bad(a, o == O_HDIGEST ? "--header-digest" :
				   "--data-digest", v, "crc32c or none");
		break;
	case O_REPLACEMENT:
	case O_NOP_INTERVAL:
	case O_NOP_TIMEOUT: {
		enum ktmo t = o == O_REPLACEMENT ? KTMO_REPLACEMENT :
			      o == O_NOP_INTERVAL ? KTMO_NOP_INTERVAL :
			      KTMO_NOP_TIMEOUT;
		char opt[40];

		if (ktmo_parse(&a->tmo, t, v, err, sizeof(err))) {
			snprintf(opt, sizeof(opt), "--%s", ktmo_option(t));
			return bad(a, opt, v, err);
		}
		break;
	}
	case O_IFACE:
		if (*v && (strlen(v) >= IF_NAMESIZE || strpbrk(v, " \t/")))
			return bad(a, "--iface", v, "a network interface name");
		break;
	case O_SOURCE:
		if (*v && node_addr_parse(v, &a->source))
			return bad(a, "--source", v, "an IPv4 or IPv6 address");
		break;
	case O_JSON:
		a->json = true;
		break;
	}
	return 0;
}

static int parse_args(struct node_args *a, int argc, char **argv)
{
	char cmd[32];
	int o, ret;

	snprintf(cmd, sizeof(cmd), "kiscsi node %s", a->verb);
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":j", opts, NULL)) != -1) {
		if (o == 'j')
			o = O_JSON;
		if (o == O_HELP) {
			fputs(usage, stdout);
			return -1;
		}
		if (o == ':' || o == '?')
			return cli_bad_option(cmd, o, argv);
		ret = parse_opt(a, o, optarg);
		if (ret)
			return ret;
	}
	return cli_no_more_args(cmd, argc, argv);
}

/* Which options each verb takes. */
static int allowed(const struct node_args *a, const char *verb_opts)
{
	int o;

	for (o = 1; o < O_HELP; o++) {
		if (!a->given[o] || strchr(verb_opts, 'a' + o))
			continue;
		fprintf(stderr, "kiscsi node %s: --%s does not apply here\n",
			a->verb, opts[o - 1].name);
		return 2;
	}
	return 0;
}

static void apply_settings(const struct node_args *a, struct node *n)
{
	if (a->given[O_STARTUP])
		n->startup = a->val[O_STARTUP];
	if (a->given[O_INITIATOR])
		snprintf(n->initiator, sizeof(n->initiator), "%s",
			 a->str[O_INITIATOR]);
	if (a->given[O_NO_CHAP]) {
		n->chap_user[0] = n->chap_secret_file[0] = '\0';
		n->mutual_user[0] = n->mutual_secret_file[0] = '\0';
	}
	if (a->given[O_CHAP_USER])
		snprintf(n->chap_user, sizeof(n->chap_user), "%s",
			 a->str[O_CHAP_USER]);
	if (a->given[O_CHAP_SECRET])
		snprintf(n->chap_secret_file, sizeof(n->chap_secret_file), "%s",
			 a->chap_path);
	if (a->given[O_MUTUAL_USER])
		snprintf(n->mutual_user, sizeof(n->mutual_user), "%s",
			 a->str[O_MUTUAL_USER]);
	if (a->given[O_MUTUAL_SECRET])
		snprintf(n->mutual_secret_file, sizeof(n->mutual_secret_file),
			 "%s", a->mutual_path);
	if (a->given[O_HDIGEST]) {
		n->header_digest = a->val[O_HDIGEST];
		n->has |= NODE_HAS_HEADER_DIGEST;
	}
	if (a->given[O_DDIGEST]) {
		n->data_digest = a->val[O_DDIGEST];
		n->has |= NODE_HAS_DATA_DIGEST;
	}
	for (int t = 0; t < KTMO_COUNT; t++) {
		if (a->tmo.has[t]) {
			n->tmo.has[t] = true;
			n->tmo.val[t] = a->tmo.val[t];
		}
	}
	if (a->given[O_IFACE])
		snprintf(n->iface, sizeof(n->iface), "%s", a->str[O_IFACE]);
	if (a->given[O_SOURCE])
		n->source = a->source;	/* family 0 for "" */
}

void node_json(struct json *j, const struct node *n)
{
	char a[INET6_ADDRSTRLEN], path[PATH_MAX];
	unsigned int i;

	json_obj_begin(j, NULL);
	json_str(j, "target", n->target);
	json_str(j, "startup", n->startup == NODE_STARTUP_AUTOMATIC ?
		 "automatic" : "manual");
	json_arr_begin(j, "portals");
	for (i = 0; i < n->nportals; i++) {
		const struct node_portal *np = &n->portals[i];

		json_obj_begin(j, NULL);
		json_str(j, "portal", np->text);
		inet_ntop(np->p.family, np->p.addr, a, sizeof(a));
		json_str(j, "address", a);
		json_u64(j, "port", np->p.port);
		if (np->iface[0])
			json_str(j, "iface", np->iface);
		if (np->source.family) {
			node_addr_format(&np->source, a, sizeof(a));
			json_str(j, "source", a);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	if (n->initiator[0])
		json_str(j, "initiator", n->initiator);
	if (n->chap_user[0]) {
		json_str(j, "chap_user", n->chap_user);
		json_str(j, "chap_secret_file", n->chap_secret_file);
	}
	if (n->mutual_user[0]) {
		json_str(j, "mutual_user", n->mutual_user);
		json_str(j, "mutual_secret_file", n->mutual_secret_file);
	}
	if (n->has & NODE_HAS_HEADER_DIGEST)
		json_str(j, "header_digest", n->header_digest ? "crc32c" : "none");
	if (n->has & NODE_HAS_DATA_DIGEST)
		json_str(j, "data_digest", n->data_digest ? "crc32c" : "none");
	if (n->tmo.has[KTMO_REPLACEMENT])
		json_u64(j, "replacement_timeout", n->tmo.val[KTMO_REPLACEMENT]);
	if (n->tmo.has[KTMO_NOP_INTERVAL])
		json_u64(j, "nop_interval_ms", n->tmo.val[KTMO_NOP_INTERVAL]);
	if (n->tmo.has[KTMO_NOP_TIMEOUT])
		json_u64(j, "nop_timeout_ms", n->tmo.val[KTMO_NOP_TIMEOUT]);
	if (n->iface[0])
		json_str(j, "iface", n->iface);
	if (n->source.family) {
		node_addr_format(&n->source, a, sizeof(a));
		json_str(j, "source", a);
	}
	if (!node_path(node_dir(), n->target, path, sizeof(path)))
		json_str(j, "file", path);
	json_obj_end(j);
}

static int do_list(const struct node_args *a)
{
	struct node *nodes;
	unsigned int n, i, p;
	char err[512];
	struct json j;

	if (node_load_all(node_dir(), &nodes, &n, err, sizeof(err))) {
		fprintf(stderr, "kiscsi node list: %s\n", err);
		return 1;
	}
	json_init(&j, stdout);
	if (a->json)
		json_arr_begin(&j, NULL);
	for (i = 0; i < n; i++) {
		if (a->json) {
			node_json(&j, &nodes[i]);
			continue;
		}
		printf("%s %s", nodes[i].target,
		       nodes[i].startup == NODE_STARTUP_AUTOMATIC ?
		       "automatic" : "manual");
		for (p = 0; p < nodes[i].nportals; p++)
			printf(" %s", nodes[i].portals[p].text);
		putchar('\n');
	}
	if (a->json) {
		json_arr_end(&j);
		json_end(&j);
	} else if (!n) {
		printf("no node records\n");
	}
	free(nodes);
	return 0;
}

/* Load the record A names into N: 0, or an exit status after a message. */
static int load(const struct node_args *a, struct node *n)
{
	char err[512];
	int ret;

	ret = node_load(node_dir(), a->target, n, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "kiscsi node %s: %s\n", a->verb, err);
		return 1;
	}
	if (!ret) {
		fprintf(stderr, "kiscsi node %s: no record for %s (see: kiscsi node list)\n",
			a->verb, a->target);
		return 1;
	}
	return 0;
}

static int do_show(const struct node_args *a)
{
	struct node *n = calloc(1, sizeof(*n));
	char *buf = malloc(NODE_FILE_MAX);
	struct json j;
	int ret = 1;

	if (!n || !buf)
		goto out;
	ret = load(a, n);
	if (ret)
		goto out;
	if (a->json) {
		json_init(&j, stdout);
		node_json(&j, n);
		json_end(&j);
	} else if (node_format(n, buf, NODE_FILE_MAX) >= 0) {
		fputs(buf, stdout);
	}
out:
	free(buf);
	free(n);
	return ret;
}

static int save(const struct node_args *a, const struct node *n)
{
	char err[512];

	if (node_save(node_dir(), n, err, sizeof(err))) {
		fprintf(stderr, "kiscsi node %s: %s\n", a->verb, err);
		return 1;
	}
	return 0;
}

static int do_add(const struct node_args *a)
{
	struct node *n = calloc(1, sizeof(*n));
	char err[512];
	const char *why;
	unsigned int i, added = 0;
	int ret = 1;

	if (!n)
		return 1;
	ret = node_load(node_dir(), a->target, n, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "kiscsi node add: %s\n", err);
		ret = 1;
		goto out;
	}
	if (!ret)
		snprintf(n->target, sizeof(n->target), "%s", a->target);
	for (i = 0; i < a->nportals; i++) {
		ret = node_add_portal(n, &a->portals[i]);
		if (ret < 0) {
			fprintf(stderr, "kiscsi node add: %s would have more than %d portals\n",
				a->target, NODE_MAX_PORTALS);
			ret = 1;
			goto out;
		}
		added += ret;
	}
	apply_settings(a, n);
	why = node_check(n);
	if (why) {
		fprintf(stderr, "kiscsi node add: %s\n", why);
		ret = 2;
		goto out;
	}
	ret = save(a, n);
	if (!ret)
		printf("node %s: %u portal%s added, %u in all\n", n->target, added,
		       added == 1 ? "" : "s", n->nportals);
out:
	free(n);
	return ret;
}

static int do_set(const struct node_args *a)
{
	struct node *n = calloc(1, sizeof(*n));
	const char *why;
	int ret;

	if (!n)
		return 1;
	ret = load(a, n);
	if (ret)
		goto out;
	apply_settings(a, n);
	why = node_check(n);
	if (why) {
		fprintf(stderr, "kiscsi node set: %s\n", why);
		ret = 2;
		goto out;
	}
	ret = save(a, n);
	if (!ret)
		printf("node %s: updated\n", n->target);
out:
	free(n);
	return ret;
}

static int do_delete(const struct node_args *a)
{
	struct node *n;
	char err[512];
	unsigned int i, j, kept = 0;
	int ret;

	if (!a->nportals) {
		ret = node_remove(node_dir(), a->target, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "kiscsi node delete: %s\n", err);
			return 1;
		}
		if (!ret) {
			fprintf(stderr, "kiscsi node delete: no record for %s\n",
				a->target);
			return 1;
		}
		printf("node %s: deleted\n", a->target);
		return 0;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return 1;
	ret = load(a, n);
	if (ret)
		goto out;
	for (i = 0; i < n->nportals; i++) {
		bool drop = false;

		for (j = 0; j < a->nportals; j++) {
			const struct portal *p = &a->portals[j], *q = &n->portals[i].p;

			drop |= p->family == q->family && p->port == q->port &&
				!memcmp(p->addr, q->addr,
					p->family == AF_INET ? 4 : 16);
		}
		if (!drop)
			n->portals[kept++] = n->portals[i];
	}
	if (kept == n->nportals) {
		fprintf(stderr, "kiscsi node delete: %s has no such portal\n",
			a->target);
		ret = 1;
		goto out;
	}
	n->nportals = kept;
	if (!kept) {
		ret = node_remove(node_dir(), a->target, err, sizeof(err)) < 0;
		if (ret)
			fprintf(stderr, "kiscsi node delete: %s\n", err);
		else
			printf("node %s: last portal deleted, record removed\n",
			       a->target);
		goto out;
	}
	ret = save(a, n);
	if (!ret)
		printf("node %s: %u portal%s left\n", a->target, kept,
		       kept == 1 ? "" : "s");
out:
	free(n);
	return ret;
}

/* Option letters per verb: 'a' + O_*. */
#define L(o) ((char)('a' + (o)))

int cmd_node(int argc, char **argv)
{
	static const char settings[] = {
		L(O_STARTUP), L(O_INITIATOR), L(O_CHAP_USER), L(O_CHAP_SECRET),
		L(O_MUTUAL_USER), L(O_MUTUAL_SECRET), L(O_NO_CHAP),
		L(O_HDIGEST), L(O_DDIGEST), L(O_REPLACEMENT),
		L(O_NOP_INTERVAL), L(O_NOP_TIMEOUT), L(O_IFACE), L(O_SOURCE),
		L(O_TARGET), 0,
	};
	char add_opts[sizeof(settings) + 1], err[512];
	struct node_args *a;
	const char *verb;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	verb = argv[1];
	if (strcmp(verb, "list") && strcmp(verb, "show") && strcmp(verb, "add") &&
	    strcmp(verb, "set") && strcmp(verb, "delete")) {
		fprintf(stderr, "kiscsi node: unknown action '%s' (list, show, add, set, delete)\n",
			verb);
		return 2;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return 1;
	a->verb = verb;
	ret = parse_args(a, argc - 1, argv + 1);
	if (ret) {
		ret = ret < 0 ? 0 : ret;
		goto out;
	}
	snprintf(add_opts, sizeof(add_opts), "%s%c", settings, L(O_PORTAL));
	if (!strcmp(verb, "list"))
		ret = allowed(a, (char[]){ L(O_JSON), 0 });
	else if (!strcmp(verb, "show"))
		ret = allowed(a, (char[]){ L(O_JSON), L(O_TARGET), 0 });
	else if (!strcmp(verb, "add"))
		ret = allowed(a, add_opts);
	else if (!strcmp(verb, "set"))
		ret = allowed(a, settings);
	else
		ret = allowed(a, (char[]){ L(O_TARGET), L(O_PORTAL), 0 });
	if (ret)
		goto out;
	if (strcmp(verb, "list") && !a->target) {
		fprintf(stderr, "kiscsi node %s: --target IQN is required\n", verb);
		ret = 2;
		goto out;
	}
	if (!strcmp(verb, "add") && !a->nportals) {
		fprintf(stderr, "kiscsi node add: give at least one --portal ADDR[:PORT]\n");
		ret = 2;
		goto out;
	}
	if (!strcmp(verb, "list")) {
		ret = do_list(a);
		goto out;
	}
	if (!strcmp(verb, "show")) {
		ret = do_show(a);
		goto out;
	}
	/* A change: say plainly when the caller may not make it. */
	if (node_writable(node_dir(), err, sizeof(err))) {
		fprintf(stderr, "kiscsi node %s: %s\n", verb, err);
		ret = 1;
		goto out;
	}
	if (!strcmp(verb, "add"))
		ret = do_add(a);
	else if (!strcmp(verb, "set"))
		ret = do_set(a);
	else
		ret = do_delete(a);
out:
	free(a);
	return ret;
}
