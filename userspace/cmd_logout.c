// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi logout: end one session, every session to a target, or all.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <linux/kiscsi.h>

#include "cli.h"
#include "kiscsi.h"
#include "nl.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi logout --target IQN | --session N | --all\n";

int cmd_logout(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "session", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *why;
	struct nlmsghdr *nlh;
	int o, given = 0, all = 0;
	uint32_t sid = 0;
	struct knl nl;
	int ret;

	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			target = optarg;
			why = check_iscsi_name(target);
			if (why) {
				fprintf(stderr, "kiscsi logout: bad --target '%s': expected %s\n",
					target, why);
				return 2;
			}
			given++;
			break;
		case 's':
			if (!parse_u32_range(optarg, 0, UINT32_MAX, &sid)) {
				fprintf(stderr, "kiscsi logout: bad --session '%s': expected a session id (see: kiscsi show)\n",
					optarg);
				return 2;
			}
			given++;
			break;
		case 'a':
			all = 1;
			given++;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_bad_option("kiscsi logout", o, argv);
		}
	}
	if (cli_no_more_args("kiscsi logout", argc, argv))
		return 2;
	if (given != 1) {
		fprintf(stderr, "kiscsi logout: give exactly one of --target, --session, --all\n");
		return 2;
	}
	if (knl_open(&nl))
		return 1;
	nlh = knl_request(&nl, KISCSI_CMD_LOGOUT, 0);
	if (target)
		mnl_attr_put_strz(nlh, KISCSI_A_TARGET_NAME, target);
	else if (all)
		mnl_attr_put(nlh, KISCSI_A_ALL, 0, NULL);
	else
		mnl_attr_put_u32(nlh, KISCSI_A_SESSION_ID, sid);
	ret = knl_talk(&nl, nlh, NULL, NULL);
	knl_close(&nl);
	if (ret)
		return 1;
	if (target)
		printf("logged out: every session to %s\n", target);
	else if (all)
		printf("logged out: all sessions\n");
	else
		printf("logged out: session %u\n", sid);
	return 0;
}
