// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi discover: ask a portal (SendTargets, through a discovery
 * session) or an iSNS server which targets there are and where, print
 * them, and keep them as node records (new ones with --startup, manual by
 * default; existing ones gain new portals and keep their settings).
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "disc.h"
#include "initname.h"
#include "iscsi_disc.h"
#include "isns.h"
#include "json.h"
#include "kiscsi.h"
#include "node.h"
#include "portal.h"
#include "secret.h"
#include "sendtargets.h"
#include "sockbind.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi discover ADDR[:PORT] [--chap-user U --chap-secret-file F]\n"
	"       kiscsi discover --isns SERVER[:PORT]\n"
	"         [--initiator IQN] [--startup automatic|manual] [--no-record]\n"
	"         [--iface NAME] [--source ADDR] [--timeout S] [-j|--json]\n"
	"ADDR: 10.0.1.1, 10.0.1.1:3260, [fd00::1]:3260, fe80::1%eth0 (port 3260;\n"
	"iSNS port 3205). Found targets become node records unless --no-record;\n"
	"--iface and --source bind the discovery connection and are recorded\n"
	"with each new portal, so that logins to it are bound the same way.\n";

#define DEFAULT_TIMEOUT_S 10
#define MODULE_INITNAME "/sys/module/kiscsi/parameters/initiator_name"

enum { REC_NONE, REC_NEW, REC_UPDATED, REC_UNCHANGED, REC_FAILED };
static const char *const rec_names[] = {
	[REC_NONE] = "not recorded", [REC_NEW] = "new",
	[REC_UPDATED] = "updated", [REC_UNCHANGED] = "unchanged",
	[REC_FAILED] = "failed",
};

struct disc_args {
	const char *addr_arg;
	struct portal portal;
	bool isns, json, no_record;
	const char *initiator;
	char initiator_buf[KISCSI_NAME_MAX + 2];
	const char *chap_user, *chap_file;
	struct secret chap;
	enum node_startup startup;
	uint32_t timeout_s;
	struct sock_binding bind;
};

static int bad(const char *opt, const char *val, const char *expected)
{
	fprintf(stderr, "kiscsi discover: bad %s '%s': expected %s\n", opt, val,
		expected);
	return 2;
}

/* --initiator, the host's files, or the module's parameter. */
static int find_initiator(struct disc_args *a)
{
	const char *from, *why;
	int ret;

	if (a->initiator)
		return 0;
	ret = initname_default(a->initiator_buf, sizeof(a->initiator_buf),
			       &from);
	if (ret < 0) {
		fprintf(stderr, "kiscsi discover: cannot read %s; pass --initiator IQN\n",
			from);
		return 2;
	}
	if (ret == 0)
		ret = initname_from_file(MODULE_INITNAME, a->initiator_buf,
					 sizeof(a->initiator_buf)) > 0;
	if (ret <= 0 || !a->initiator_buf[0]) {
		fprintf(stderr, "kiscsi discover: no initiator name (pass --initiator IQN or write %s)\n",
			INITNAME_KISCSI);
		return 2;
	}
	why = check_iscsi_name(a->initiator_buf);
	if (why) {
		fprintf(stderr, "kiscsi discover: bad InitiatorName '%s': expected %s\n",
			a->initiator_buf, why);
		return 2;
	}
	a->initiator = a->initiator_buf;
	return 0;
}

static int parse_args(struct disc_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "isns", no_argument, NULL, 'I' },
		{ "chap-user", required_argument, NULL, 'u' },
		{ "chap-secret-file", required_argument, NULL, 's' },
		{ "initiator", required_argument, NULL, 'i' },
		{ "startup", required_argument, NULL, 'S' },
		{ "no-record", no_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "iface", required_argument, NULL, 'F' },
		{ "source", required_argument, NULL, 'A' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[128];
	const char *why;
	bool loose, port_given;
	int o;

	a->timeout_s = DEFAULT_TIMEOUT_S;
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":j", opts, NULL)) != -1) {
		switch (o) {
		case 'I':
			a->isns = true;
			break;
		case 'u':
			why = check_chap_name(optarg);
			if (why)
				return bad("--chap-user", optarg, why);
			a->chap_user = optarg;
			break;
		case 's':
			a->chap_file = optarg;
			break;
		case 'i':
			why = check_iscsi_name(optarg);
			if (why)
				return bad("--initiator", optarg, why);
			a->initiator = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "automatic") && strcmp(optarg, "manual"))
				return bad("--startup", optarg, "automatic or manual");
			a->startup = !strcmp(optarg, "automatic") ?
				NODE_STARTUP_AUTOMATIC : NODE_STARTUP_MANUAL;
			break;
		case 'n':
			a->no_record = true;
			break;
		case 'T':
			if (!parse_u32_range(optarg, 1, 3600, &a->timeout_s))
				return bad("--timeout", optarg, "seconds 1..3600");
			break;
		case 'F':
			if (!*optarg || strlen(optarg) >= IF_NAMESIZE ||
			    !if_nametoindex(optarg))
				return bad("--iface", optarg,
					   "an existing network interface");
			a->bind.iface = optarg;
			break;
		case 'A':
			if (node_addr_parse(optarg, &a->bind.source))
				return bad("--source", optarg,
					   "an IPv4 or IPv6 address of this host");
			break;
		case 'j':
			a->json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return cli_bad_option("kiscsi discover", o, argv);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, optind < argc ?
			"kiscsi discover: unexpected argument '%s'\n" :
			"kiscsi discover: give the portal or iSNS server ADDR[:PORT]%s\n",
			optind < argc ? argv[optind + 1] : "");
		return 2;
	}
	a->addr_arg = argv[optind];
	if (portal_parse(a->addr_arg, &a->portal, err, sizeof(err)))
		return bad(a->isns ? "iSNS server" : "portal", a->addr_arg, err);
	/* portal_parse defaults to the iSCSI port, iSNS has its own */
	port_given = a->addr_arg[0] == '[' ? !!strstr(a->addr_arg, "]:") :
		     a->portal.family == AF_INET && strchr(a->addr_arg, ':');
	if (a->isns && !port_given)
		a->portal.port = ISNS_DEFAULT_PORT;
	if (a->bind.source.family &&
	    a->bind.source.family != a->portal.family) {
		fprintf(stderr, "kiscsi discover: --source is not of %s's address family\n",
			a->addr_arg);
		return 2;
	}
	if (!a->chap_user != !a->chap_file) {
		fprintf(stderr, "kiscsi discover: --chap-user and --chap-secret-file go together\n");
		return 2;
	}
	if (a->isns && a->chap_user) {
		fprintf(stderr, "kiscsi discover: CHAP applies to SendTargets discovery, not to iSNS\n");
		return 2;
	}
	if (a->chap_file) {
		if (secret_read(a->chap_file, &a->chap, &loose, err, sizeof(err)))
			return bad("--chap-secret-file", a->chap_file, err);
		if (loose)
			fprintf(stderr, "kiscsi discover: warning: %s is readable by every user (chmod 600 it)\n",
				a->chap_file);
	}
	return 0;
}

/*
 * A portal found through a bound discovery connection is reached the same
 * way: it keeps the interface, and the source address when the families
 * match (a target may answer with portals of both).
 */
static void bind_portal(const struct disc_args *a, struct node_portal *np)
{
	if (a->bind.iface)
		snprintf(np->iface, sizeof(np->iface), "%s", a->bind.iface);
	if (a->bind.source.family == np->p.family)
		np->source = a->bind.source;
}

/* Record target T: new records get --startup, old ones new portals. */
static int record(const struct disc_args *a, const struct disc_target *t)
{
	struct node *n = calloc(1, sizeof(*n));
	unsigned int i, added = 0;
	char err[512];
	int ret, state = REC_FAILED;

	if (!n)
		return REC_FAILED;
	ret = node_load(node_dir(), t->name, n, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "kiscsi discover: %s\n", err);
		goto out;
	}
	if (!ret) {
		snprintf(n->target, sizeof(n->target), "%s", t->name);
		n->startup = a->startup;
	}
	for (i = 0; i < t->nportals; i++)
		if (node_add_portal(n, &t->portals[i].p) > 0) {
			bind_portal(a, &n->portals[n->nportals - 1]);
			added++;
		}
	if (ret && !added) {
		state = REC_UNCHANGED;
		goto out;
	}
	if (!n->nportals) {
		state = REC_NONE;
		goto out;
	}
	if (node_save(node_dir(), n, err, sizeof(err))) {
		fprintf(stderr, "kiscsi discover: %s\n", err);
		goto out;
	}
	state = ret ? REC_UPDATED : REC_NEW;
out:
	free(n);
	return state;
}

static void print(const struct disc_args *a, const struct disc_result *r,
		  const int *state)
{
	char buf[128], addr[INET6_ADDRSTRLEN], path[PATH_MAX];
	unsigned int i, p;
	struct json j;

	json_init(&j, stdout);
	if (a->json)
		json_arr_begin(&j, NULL);
	for (i = 0; i < r->ntargets; i++) {
		const struct disc_target *t = &r->t[i];

		if (a->json) {
			json_obj_begin(&j, NULL);
			json_str(&j, "target", t->name);
			json_arr_begin(&j, "portals");
		} else {
			printf("%s\n", t->name);
		}
		for (p = 0; p < t->nportals; p++) {
			const struct disc_portal *dp = &t->portals[p];

			portal_format(&dp->p, buf, sizeof(buf));
			if (!a->json) {
				if (dp->tpgt != DISC_NO_TPGT)
					printf("  portal %s tpgt %u\n", buf, dp->tpgt);
				else
					printf("  portal %s\n", buf);
				continue;
			}
			json_obj_begin(&j, NULL);
			json_str(&j, "portal", buf);
			inet_ntop(dp->p.family, dp->p.addr, addr, sizeof(addr));
			json_str(&j, "address", addr);
			json_u64(&j, "port", dp->p.port);
			if (dp->tpgt != DISC_NO_TPGT)
				json_u64(&j, "tpgt", dp->tpgt);
			json_obj_end(&j);
		}
		if (node_path(node_dir(), t->name, path, sizeof(path)))
			path[0] = '\0';
		if (a->json) {
			json_arr_end(&j);
			json_str(&j, "record", rec_names[state[i]]);
			if (state[i] != REC_NONE && state[i] != REC_FAILED)
				json_str(&j, "file", path);
			json_obj_end(&j);
		} else if (state[i] == REC_NONE || state[i] == REC_FAILED) {
			printf("  record: %s\n", rec_names[state[i]]);
		} else {
			printf("  record: %s (%s)\n", rec_names[state[i]], path);
		}
	}
	if (a->json) {
		json_arr_end(&j);
		json_end(&j);
	} else if (!r->ntargets) {
		printf("no targets\n");
	}
}

int cmd_discover(int argc, char **argv)
{
	struct disc_args *a = calloc(1, sizeof(*a));
	struct disc_result r;
	struct disc_cfg cfg;
	char err[512], *text = NULL;
	unsigned int i, failed = 0;
	int *state = NULL, ret;
	size_t len;

	disc_init(&r);
	if (!a)
		return 1;
	ret = parse_args(a, argc, argv);
	if (ret) {
		ret = ret < 0 ? 0 : ret;
		goto out;
	}
	/* Refuse before the network when the records could not be kept. */
	if (!a->no_record && node_writable(node_dir(), err, sizeof(err))) {
		fprintf(stderr, "kiscsi discover: %s (or pass --no-record)\n", err);
		ret = 1;
		goto out;
	}
	ret = find_initiator(a);
	if (ret)
		goto out;
	if (a->isns) {
		ret = isns_query(&a->portal, a->initiator, &a->bind,
				 a->timeout_s * 1000, &r, err, sizeof(err));
	} else {
		memset(&cfg, 0, sizeof(cfg));
		cfg.initiator = a->initiator;
		cfg.chap_user = a->chap_user;
		cfg.chap_secret = a->chap.buf;
		cfg.chap_secret_len = a->chap.len;
		cfg.timeout_ms = a->timeout_s * 1000;
		cfg.bind = &a->bind;
		ret = iscsi_sendtargets(&a->portal, &cfg, &text, &len, err,
					sizeof(err));
		if (!ret) {
			char why[400];

			ret = st_parse(text, len, a->portal.scope, &r, why,
				       sizeof(why));
			if (ret)
				snprintf(err, sizeof(err),
					 "malformed SendTargets response: %s", why);
		}
	}
	if (ret) {
		fprintf(stderr, "kiscsi discover: %s: %s\n", a->addr_arg, err);
		ret = 1;
		goto out;
	}
	state = calloc(r.ntargets + 1, sizeof(*state));
	if (!state) {
		ret = 1;
		goto out;
	}
	for (i = 0; i < r.ntargets; i++) {
		state[i] = a->no_record ? REC_NONE : record(a, &r.t[i]);
		failed += state[i] == REC_FAILED;
	}
	print(a, &r, state);
	if (r.skipped)
		fprintf(stderr, "kiscsi discover: warning: %u targets or portals skipped (host names, or over the limits)\n",
			r.skipped);
	ret = failed ? 1 : 0;
out:
	free(state);
	free(text);
	disc_free(&r);
	if (a)
		secret_wipe(&a->chap);
	free(a);
	return ret;
}
