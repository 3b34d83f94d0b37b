// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi restore: log in to every automatic node record over each of its
 * portals (one session per portal), skipping portals already logged in,
 * then wait for the new sessions' block devices until a deadline. Run at
 * boot by kiscsi-restore.service; --target restores one record whatever
 * its startup setting.
 *
 * Records are loaded and checked before anything is sent: a malformed
 * one stops the run with "FILE:LINE: why" and changes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "kiscsi.h"
#include "login_req.h"
#include "model.h"
#include "nl.h"
#include "node.h"
#include "sessions.h"
#include "sysfs.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi restore [--target IQN] [--timeout S]\n"
	"Logs in to every node record with startup = automatic (or the one\n"
	"--target names) over all its portals, then waits up to --timeout\n"
	"seconds (default 30) for the disks.\n";

#define DEFAULT_TIMEOUT_S 30

struct started {
	unsigned int id, host_no;
	bool has_host;
	const struct node *n;
	unsigned int pi;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * The target answered portal PI's login with a permanent redirect
 * (RFC 7143 "moved permanently"): the record follows it, so the next
 * restore goes straight to the new portal.
 */
static void follow_moved_portal(struct node *n, unsigned int pi,
				const struct ksession *s)
{
	struct node_portal *np = &n->portals[pi];
	char old[sizeof(np->text)], err[512];

	if (!s->portal_moved || !(s->has & KS_HAS_PORTAL) ||
	    (s->portal.family != AF_INET && s->portal.family != AF_INET6))
		return;
	snprintf(old, sizeof(old), "%s", np->text);
	np->p.family = s->portal.family;
	memcpy(np->p.addr, s->portal.addr, sizeof(np->p.addr));
	np->p.port = s->portal.port;
	if (np->p.family == AF_INET)
		np->p.scope = 0;
	portal_format(&np->p, np->text, sizeof(np->text));
	if (node_save(node_dir(), n, err, sizeof(err)))
		fprintf(stderr,
			"kiscsi restore: %s moved permanently from %s to %s, but its record was not updated: %s\n",
			n->target, old, np->text, err);
	else
		printf("moved permanently: target %s, portal %s is now %s (record updated)\n",
		       n->target, old, np->text);
}

/* Log in to portal PI of N. 1 logged in, 0 already, -1 failed. */
static int restore_portal(struct knl *nl, const struct session_list *have,
			  struct node *n, unsigned int pi,
			  struct ksession *s)
{
	const char *portal = n->portals[pi].text;
	struct login_req *r;
	char err[512];
	int ret = -1;

	if (sessions_find(have, n->target, &n->portals[pi].p)) {
		printf("already logged in: target %s, portal %s\n", n->target,
		       portal);
		return 0;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	if (login_req_from_node(r, n, pi, err, sizeof(err))) {
		fprintf(stderr, "kiscsi restore: %s at %s: %s\n", n->target,
			portal, err);
		goto out;
	}
	memset(s, 0, sizeof(*s));
	if (login_req_send(nl, r, s)) {
		fprintf(stderr, "kiscsi restore: login to %s at %s failed\n",
			n->target, portal);
		goto out;
	}
	follow_moved_portal(n, pi, s);
	ret = 1;
out:
	secret_wipe(&r->chap);
	secret_wipe(&r->mutual);
	free(r);
	return ret;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *why;
	uint32_t timeout_s = DEFAULT_TIMEOUT_S;
	struct session_list have = { 0 };
	struct started *st = NULL;
	unsigned int nnodes = 0, nst = 0, i, p, d, failed = 0, wanted = 0;
	struct node *nodes = NULL;
	struct ksession *s = NULL;
	long long deadline;
	struct knl nl;
	char err[512];
	int o, ret;

	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			why = check_iscsi_name(optarg);
			if (why) {
				fprintf(stderr, "kiscsi restore: bad --target '%s': expected %s\n",
					optarg, why);
				return 2;
			}
			target = optarg;
			break;
		case 'T':
			if (!parse_u32_range(optarg, 0, 86400, &timeout_s)) {
				fprintf(stderr, "kiscsi restore: bad --timeout '%s': expected seconds 0..86400\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_bad_option("kiscsi restore", o, argv);
		}
	}
	if (cli_no_more_args("kiscsi restore", argc, argv))
		return 2;
	deadline = now_ms() + timeout_s * 1000LL;
	if (node_load_all(node_dir(), &nodes, &nnodes, err, sizeof(err))) {
		fprintf(stderr, "kiscsi restore: %s\n", err);
		return 1;
	}
	for (i = 0; i < nnodes; i++)
		if (target ? !strcmp(nodes[i].target, target) :
		    nodes[i].startup == NODE_STARTUP_AUTOMATIC)
			wanted += nodes[i].nportals;
	if (target && !wanted) {
		fprintf(stderr, "kiscsi restore: no record for %s (see: kiscsi node list)\n",
			target);
		ret = 1;
		goto out;
	}
	if (!wanted) {
		printf("no automatic node records\n");
		ret = 0;
		goto out;
	}
	st = calloc(wanted, sizeof(*st));
	s = calloc(1, sizeof(*s));
	if (!st || !s || knl_open(&nl)) {
		ret = 1;
		goto out;
	}
	if (sessions_get(&nl, &have)) {
		knl_close(&nl);
		ret = 1;
		goto out;
	}
	for (i = 0; i < nnodes; i++) {
		struct node *n = &nodes[i];

		if (target ? strcmp(n->target, target) :
		    n->startup != NODE_STARTUP_AUTOMATIC)
			continue;
		for (p = 0; p < n->nportals; p++) {
			ret = restore_portal(&nl, &have, n, p, s);
			if (ret < 0) {
				failed++;
				continue;
			}
			if (!ret)
				continue;
			st[nst].id = s->id;
			st[nst].has_host = s->has & KS_HAS_HOST_NO;
			st[nst].host_no = s->host_no;
			st[nst].n = n;
			st[nst].pi = p;
			nst++;
		}
	}
	knl_close(&nl);
	/* The disks of every new session, within what is left of the deadline. */
	for (i = 0; i < nst; i++) {
		long long left = deadline - now_ms();

		memset(s, 0, sizeof(*s));
		if (st[i].has_host) {
			s->has = KS_HAS_HOST_NO;
			s->host_no = st[i].host_no;
			if (sysfs_wait_disks("/sys", s->host_no,
					     left > 0 ? left : 0)) {
				fprintf(stderr, "kiscsi restore: session %u (%s at %s): disks did not appear within %u s\n",
					st[i].id, st[i].n->target,
					st[i].n->portals[st[i].pi].text, timeout_s);
				failed++;
			}
			sysfs_disks("/sys", s);
		}
		printf("logged in: session %u, target %s, portal %s, disks:",
		       st[i].id, st[i].n->target, st[i].n->portals[st[i].pi].text);
		for (d = 0; d < s->ndisks; d++)
			printf(" %s", s->disks[d].name);
		printf("%s\n", s->ndisks ? "" : " none");
	}
	ret = failed ? 1 : 0;
out:
	sessions_free(&have);
	free(st);
	free(s);
	free(nodes);
	return ret;
}
