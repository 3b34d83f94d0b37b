// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi set: change a live session's timeouts, without logging out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kiscsi.h>

#include "cli.h"
#include "kiscsi.h"
#include "model.h"
#include "nl.h"
#include "timeouts.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi set --session N [--replacement-timeout SECONDS]\n"
	"         [--nop-interval SECONDS] [--nop-timeout SECONDS]\n"
	"NOP interval and timeout accept 0.5, 2s, 500ms; --nop-interval 0\n"
	"stops pinging. A timer already running keeps its deadline.\n";

enum { O_SESSION = 1, O_HELP, O_TMO };

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ksession *s = data;

	ksession_from_msg(nlh, s);
	return MNL_CB_OK;
}

int cmd_set(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "session", required_argument, NULL, O_SESSION },
		{ "replacement-timeout", required_argument, NULL,
		  O_TMO + KTMO_REPLACEMENT },
		{ "nop-interval", required_argument, NULL,
		  O_TMO + KTMO_NOP_INTERVAL },
		{ "nop-timeout", required_argument, NULL,
		  O_TMO + KTMO_NOP_TIMEOUT },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct ktimeouts tmo = {};
	struct nlmsghdr *nlh;
	struct ksession *s;
	bool has_sid = false;
	uint32_t sid = 0;
	char err[96];
	struct knl nl;
	int o, ret;

	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case O_SESSION:
			if (!parse_u32_range(optarg, 0, UINT32_MAX, &sid)) {
				fprintf(stderr, "kiscsi set: bad --session '%s': expected a session id (see: kiscsi show)\n",
					optarg);
				return 2;
			}
			has_sid = true;
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		case ':':
		case '?':
			return cli_bad_option("kiscsi set", o, argv);
		default:
			if (ktmo_parse(&tmo, o - O_TMO, optarg, err,
				       sizeof(err))) {
				fprintf(stderr, "kiscsi set: bad --%s '%s': expected %s\n",
					ktmo_option(o - O_TMO), optarg, err);
				return 2;
			}
			break;
		}
	}
	if (cli_no_more_args("kiscsi set", argc, argv))
		return 2;
	if (!has_sid) {
		fprintf(stderr, "kiscsi set: --session N is required (see: kiscsi show)\n");
		return 2;
	}
	if (!ktmo_any(&tmo)) {
		fprintf(stderr, "kiscsi set: nothing to change: give --replacement-timeout, --nop-interval or --nop-timeout\n");
		return 2;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		perror("kiscsi set");
		return 1;
	}
	if (knl_open(&nl)) {
		free(s);
		return 1;
	}
	nlh = knl_request(&nl, KISCSI_CMD_SET_SESSION, 0);
	mnl_attr_put_u32(nlh, KISCSI_A_SESSION_ID, sid);
	ktmo_put(nlh, &tmo);
	ret = knl_talk(&nl, nlh, reply_cb, s);
	knl_close(&nl);
	if (!ret)
		printf("session %u: replacement timeout %u s, NOP interval %u ms, NOP timeout %u ms\n",
		       sid, s->replacement_timeout, s->nop_interval_ms,
		       s->nop_timeout_ms);
	free(s);
	return ret ? 1 : 0;
}
