// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi login: create a session, log in, show the disks it brought.
 *
 * Every argument is checked before anything is sent; a bad one is named
 * on one line and the exit status is 2. Secrets are read from files,
 * sent once, and wiped from memory.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/kiscsi.h>

#include "cli.h"
#include "initname.h"
#include "kiscsi.h"
#include "login_req.h"
#include "model.h"
#include "nl.h"
#include "portal.h"
#include "render.h"
#include "secret.h"
#include "sysfs.h"
#include "validate.h"

#define DSL_MIN 512
#define DSL_MAX 16777215

enum {
	O_PORTAL = 1, O_TARGET, O_INITIATOR, O_CHAP_USER, O_CHAP_SECRET,
	O_MUTUAL_USER, O_MUTUAL_SECRET, O_HDIGEST, O_DDIGEST, O_IMMEDIATE,
	O_INITIAL_R2T, O_MAX_RECV_DSL, O_MAX_BURST, O_FIRST_BURST, O_MAX_R2T,
	O_REPLACEMENT, O_NOP_INTERVAL, O_NOP_TIMEOUT, O_IFACE, O_SOURCE,
	O_HELP,
};

static const struct option opts[] = {
	{ "portal", required_argument, NULL, O_PORTAL },
	{ "target", required_argument, NULL, O_TARGET },
	{ "initiator", required_argument, NULL, O_INITIATOR },
	{ "chap-user", required_argument, NULL, O_CHAP_USER },
	{ "chap-secret-file", required_argument, NULL, O_CHAP_SECRET },
	{ "mutual-user", required_argument, NULL, O_MUTUAL_USER },
	{ "mutual-secret-file", required_argument, NULL, O_MUTUAL_SECRET },
	{ "header-digest", required_argument, NULL, O_HDIGEST },
	{ "data-digest", required_argument, NULL, O_DDIGEST },
	{ "immediate-data", required_argument, NULL, O_IMMEDIATE },
	{ "initial-r2t", required_argument, NULL, O_INITIAL_R2T },
	{ "max-recv-dsl", required_argument, NULL, O_MAX_RECV_DSL },
	{ "max-burst", required_argument, NULL, O_MAX_BURST },
	{ "first-burst", required_argument, NULL, O_FIRST_BURST },
	{ "max-outstanding-r2t", required_argument, NULL, O_MAX_R2T },
	{ "replacement-timeout", required_argument, NULL, O_REPLACEMENT },
	{ "nop-interval", required_argument, NULL, O_NOP_INTERVAL },
	{ "nop-timeout", required_argument, NULL, O_NOP_TIMEOUT },
	{ "iface", required_argument, NULL, O_IFACE },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static const char usage[] =
	"Usage: kiscsi login --portal ADDR[:PORT] --target IQN [--initiator IQN]\n"
	"         [--chap-user U --chap-secret-file F]\n"
	"         [--mutual-user U --mutual-secret-file F]\n"
	"         [--header-digest crc32c|none] [--data-digest crc32c|none]\n"
	"         [--immediate-data yes|no] [--initial-r2t yes|no]\n"
	"         [--max-recv-dsl N] [--max-burst N] [--first-burst N]\n"
	"         [--max-outstanding-r2t N]\n"
	"         [--replacement-timeout S] [--nop-interval S] [--nop-timeout S]\n"
	"         [--iface NETDEV] [--source ADDR]\n"
	"ADDR: 10.0.1.1, 10.0.1.1:3260, [fd00::1]:3260, fd00::1, fe80::1%eth0\n";

/* Everything the request carries; u32 options are valid when has_*. */
struct login_args {
	const char *portal_arg;
	struct portal portal;
	const char *target;
	const char *initiator;
	char initiator_buf[KISCSI_NAME_MAX + 2];
	const char *chap_user, *chap_file;
	const char *mutual_user, *mutual_file;
	struct secret chap, mutual;
	const char *iface;
	struct node_addr source;
	struct ktimeouts tmo;
	bool has[O_HELP];
	uint32_t val[O_HELP];
};

static int bad(const char *opt, const char *val, const char *expected)
{
	fprintf(stderr, "kiscsi login: bad %s '%s': expected %s\n", opt, val,
		expected);
	return 2;
}

static int parse_value(struct login_args *a, int o, const char *v)
{
	char err[128];
	bool b;

	switch (o) {
	case O_PORTAL:
		a->portal_arg = v;
		if (portal_parse(v, &a->portal, err, sizeof(err)))
			return bad("--portal", v, err);
		break;
	case O_TARGET:
		a->target = v;
		break;
	case O_INITIATOR:
		a->initiator = v;
		break;
	case O_CHAP_USER:
		a->chap_user = v;
		break;
	case O_CHAP_SECRET:
		a->chap_file = v;
		break;
	case O_MUTUAL_USER:
		a->mutual_user = v;
		break;
	case O_MUTUAL_SECRET:
		a->mutual_file = v;
		break;
	case O_HDIGEST:
	case O_DDIGEST:
		if (!parse_digest(v, &a->val[o]))
			return bad(o == O_HDIGEST ? "--header-digest" :
				   "--data-digest", v, "crc32c or none");
		break;
	case O_IMMEDIATE:
	case O_INITIAL_R2T:
		if (!parse_yesno(v, &b))
			return bad(o == O_IMMEDIATE ? "--immediate-data" :
				   "--initial-r2t", v, "yes or no");
		a->val[o] = b;
		break;
	case O_MAX_RECV_DSL:
	case O_MAX_BURST:
	case O_FIRST_BURST:
		if (!parse_u32_range(v, DSL_MIN, DSL_MAX, &a->val[o]))
			return bad(o == O_MAX_RECV_DSL ? "--max-recv-dsl" :
				   o == O_MAX_BURST ? "--max-burst" :
				   "--first-burst", v,
				   "a number of bytes 512..16777215");
		break;
	case O_MAX_R2T:
		if (!parse_u32_range(v, 1, 65535, &a->val[o]))
			return bad("--max-outstanding-r2t", v,
				   "a number 1..65535");
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
			return bad(opt, v, err);
		}
		break;
	}
	case O_IFACE:
		if (!*v || strlen(v) >= IF_NAMESIZE || !if_nametoindex(v))
			return bad("--iface", v,
				   "an existing network interface");
		a->iface = v;
		break;
	case O_SOURCE:
		if (node_addr_parse(v, &a->source))
			return bad("--source", v,
				   "an IPv4 or IPv6 address of this host");
		break;
	}
	a->has[o] = true;
	return 0;
}

static int read_secret(const char *opt, const char *path, struct secret *s)
{
	char err[128];
	bool loose;

	if (secret_read(path, s, &loose, err, sizeof(err))) {
		fprintf(stderr, "kiscsi login: bad %s '%s': %s\n", opt, path,
			err);
		return 2;
	}
	if (loose)
		fprintf(stderr,
			"kiscsi login: warning: %s is readable by every user (chmod 600 it)\n",
			path);
	return 0;
}

/* The cross-checks, after each value was parsed on its own. */
static int check_args(struct login_args *a)
{
	const char *why, *from;
	int ret;

	if (!a->portal_arg) {
		fprintf(stderr, "kiscsi login: --portal ADDR[:PORT] is required\n");
		return 2;
	}
	if (!a->target) {
		fprintf(stderr, "kiscsi login: --target IQN is required\n");
		return 2;
	}
	why = check_iscsi_name(a->target);
	if (why)
		return bad("--target", a->target, why);
	if (a->initiator) {
		why = check_iscsi_name(a->initiator);
		if (why)
			return bad("--initiator", a->initiator, why);
	} else {
		ret = initname_default(a->initiator_buf,
				       sizeof(a->initiator_buf), &from);
		if (ret < 0) {
			fprintf(stderr, "kiscsi login: cannot read %s; pass --initiator IQN\n",
				from);
			return 2;
		}
		if (ret > 0) {
			why = check_iscsi_name(a->initiator_buf);
			if (why) {
				fprintf(stderr,
					"kiscsi login: bad InitiatorName '%s' in %s: expected %s (or pass --initiator)\n",
					a->initiator_buf, from, why);
				return 2;
			}
			a->initiator = a->initiator_buf;
		}
	}
	if (!a->chap_user != !a->chap_file) {
		fprintf(stderr,
			"kiscsi login: --chap-user and --chap-secret-file go together\n");
		return 2;
	}
	if (!a->mutual_user != !a->mutual_file) {
		fprintf(stderr,
			"kiscsi login: --mutual-user and --mutual-secret-file go together\n");
		return 2;
	}
	if (a->mutual_user && !a->chap_user) {
		fprintf(stderr,
			"kiscsi login: mutual CHAP needs one-way CHAP too (--chap-user, --chap-secret-file)\n");
		return 2;
	}
	if (a->chap_user && (why = check_chap_name(a->chap_user)))
		return bad("--chap-user", a->chap_user, why);
	if (a->mutual_user && (why = check_chap_name(a->mutual_user)))
		return bad("--mutual-user", a->mutual_user, why);
	if (a->has[O_FIRST_BURST] && a->has[O_MAX_BURST] &&
	    a->val[O_FIRST_BURST] > a->val[O_MAX_BURST]) {
		fprintf(stderr,
			"kiscsi login: --first-burst %u is larger than --max-burst %u; FirstBurstLength must not exceed MaxBurstLength\n",
			a->val[O_FIRST_BURST], a->val[O_MAX_BURST]);
		return 2;
	}
	if (a->source.family && a->source.family != a->portal.family) {
		fprintf(stderr,
			"kiscsi login: --source and --portal are of different address families\n");
		return 2;
	}
	if (a->chap_file &&
	    read_secret("--chap-secret-file", a->chap_file, &a->chap))
		return 2;
	if (a->mutual_file &&
	    read_secret("--mutual-secret-file", a->mutual_file, &a->mutual))
		return 2;
	return 0;
}

static int parse_args(struct login_args *a, int argc, char **argv)
{
	int o, ret;

	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (o == O_HELP) {
			fputs(usage, stdout);
			return -1;
		}
		if (o == ':' || o == '?')
			return cli_bad_option("kiscsi login", o, argv);
		ret = parse_value(a, o, optarg);
		if (ret)
			return ret;
	}
	if (cli_no_more_args("kiscsi login", argc, argv))
		return 2;
	return check_args(a);
}

static void to_req(const struct login_args *a, struct login_req *r)
{
	static const struct {
		int opt, attr;
	} u32s[] = {
		{ O_HDIGEST, KISCSI_A_HEADER_DIGEST },
		{ O_DDIGEST, KISCSI_A_DATA_DIGEST },
		{ O_IMMEDIATE, KISCSI_A_OPT_IMMEDIATE_DATA },
		{ O_INITIAL_R2T, KISCSI_A_OPT_INITIAL_R2T },
		{ O_MAX_RECV_DSL, KISCSI_A_OPT_MAX_RECV_DSL },
		{ O_MAX_BURST, KISCSI_A_OPT_MAX_BURST },
		{ O_FIRST_BURST, KISCSI_A_OPT_FIRST_BURST },
		{ O_MAX_R2T, KISCSI_A_OPT_MAX_OUTSTANDING_R2T },
	};
	size_t i;

	r->target = a->target;
	r->initiator = a->initiator;
	r->portal = a->portal;
	if (a->chap_user) {
		r->chap_user = a->chap_user;
		r->chap = a->chap;
	}
	if (a->mutual_user) {
		r->mutual_user = a->mutual_user;
		r->mutual = a->mutual;
	}
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		if (a->has[u32s[i].opt]) {
			r->set[u32s[i].attr] = true;
			r->val[u32s[i].attr] = a->val[u32s[i].opt];
		}
	}
	r->tmo = a->tmo;
	r->ifname = a->iface;
	r->source = a->source;
}

int cmd_login(int argc, char **argv)
{
	struct login_args *a;
	struct login_req *r = NULL;
	struct ksession *s;
	char portal[INET6_ADDRSTRLEN + 32];
	struct knl nl;
	unsigned int i;
	int ret;

	a = calloc(1, sizeof(*a));
	s = calloc(1, sizeof(*s));
	r = calloc(1, sizeof(*r));
	if (!a || !s || !r) {
		perror("kiscsi login");
		ret = 1;
		goto out;
	}
	ret = parse_args(a, argc, argv);
	if (ret) {
		ret = ret < 0 ? 0 : ret;
		goto out;
	}
	if (knl_open(&nl)) {
		ret = 1;
		goto out;
	}
	to_req(a, r);
	ret = login_req_send(&nl, r, s);
	knl_close(&nl);
	if (ret) {
		ret = 1;
		goto out;
	}
	portal_format(&a->portal, portal, sizeof(portal));
	if (s->has & KS_HAS_HOST_NO)
		sysfs_wait_disks("/sys", s->host_no, 10000);
	sysfs_disks("/sys", s);
	printf("logged in: session %u, target %s, portal %s, disks:", s->id,
	       a->target, portal);
	for (i = 0; i < s->ndisks; i++)
		printf(" %s", s->disks[i].name);
	printf("%s\n", s->ndisks ? "" : " none");
out:
	if (a) {
		secret_wipe(&a->chap);
		secret_wipe(&a->mutual);
	}
	if (r) {
		secret_wipe(&r->chap);
		secret_wipe(&r->mutual);
	}
	free(r);
	free(a);
	free(s);
	return ret;
}
