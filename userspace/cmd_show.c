// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi show: the sessions of this network namespace, for people or
 * (-j) as a JSON array. Unprivileged.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kiscsi.h>

#include "cli.h"
#include "json.h"
#include "kiscsi.h"
#include "model.h"
#include "nl.h"
#include "render.h"
#include "sysfs.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi show [-j|--json] [--session N]\n";

struct show_ctx {
	bool json;
	unsigned int count;
	struct json j;
	struct ksession s;	/* large: the ctx lives on the heap */
};

static int session_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *c = data;

	if (ksession_from_msg(nlh, &c->s))
		return MNL_CB_OK;	/* not a session: skip it */
	sysfs_disks("/sys", &c->s);
	if (c->json) {
		render_json(&c->j, &c->s);
	} else {
		if (c->count)
			putchar('\n');
		render_human(stdout, &c->s);
	}
	c->count++;
	return MNL_CB_OK;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "session", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct show_ctx *c;
	struct nlmsghdr *nlh;
	bool one = false;
	uint32_t sid = 0;
	struct knl nl;
	int o, ret;

	c = calloc(1, sizeof(*c));
	if (!c) {
		perror("kiscsi show");
		return 1;
	}
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":j", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			c->json = true;
			break;
		case 's':
			if (!parse_u32_range(optarg, 0, UINT32_MAX, &sid)) {
				fprintf(stderr, "kiscsi show: bad --session '%s': expected a session id\n",
					optarg);
				ret = 2;
				goto out;
			}
			one = true;
			break;
		case 'h':
			fputs(usage, stdout);
			ret = 0;
			goto out;
		default:
			ret = cli_bad_option("kiscsi show", o, argv);
			goto out;
		}
	}
	ret = cli_no_more_args("kiscsi show", argc, argv);
	if (ret)
		goto out;
	if (knl_open(&nl)) {
		ret = 1;
		goto out;
	}
	nlh = knl_request(&nl, KISCSI_CMD_GET_SESSION, one ? 0 : NLM_F_DUMP);
	if (one)
		mnl_attr_put_u32(nlh, KISCSI_A_SESSION_ID, sid);
	json_init(&c->j, stdout);
	if (c->json)
		json_arr_begin(&c->j, NULL);
	ret = knl_talk(&nl, nlh, session_cb, c);
	knl_close(&nl);
	if (c->json) {
		/* Valid JSON even on failure; the status says it failed. */
		json_arr_end(&c->j);
		json_end(&c->j);
	} else if (!ret && !c->count) {
		printf("no sessions\n");
	}
	ret = ret ? 1 : 0;
out:
	free(c);
	return ret;
}
