// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi monitor: print the module's notifications (KISCSI_CMD_EVENT on
 * the "events" multicast group) as they happen, one line each, or one
 * JSON object per line with -j. Unprivileged; sees only this network
 * namespace's sessions. Runs until interrupted (or --count N events).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/kiscsi.h>

#include "cli.h"
#include "event.h"
#include "json.h"
#include "kiscsi.h"
#include "nl.h"
#include "validate.h"

static const char usage[] =
	"Usage: kiscsi monitor [-j|--json] [--count N]\n"
	"Prints session events (login, logout, connection failures, recovery,\n"
	"target messages) until interrupted, or until N events were seen.\n";

struct mon {
	bool json;
	uint32_t count, seen;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mon *m = data;
	struct kevent ev;
	struct json j;
	char ts[32];
	time_t now = time(NULL);

	if (kevent_from_msg(nlh, &ev))
		return MNL_CB_OK;	/* not an event: ignore */
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", localtime(&now));
	if (m->json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "time", ts);
		kevent_json(&j, &ev);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("%s ", ts);
		kevent_print(stdout, &ev);
	}
	fflush(stdout);
	m->seen++;
	return m->count && m->seen >= m->count ? MNL_CB_STOP : MNL_CB_OK;
}

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mon m = { 0 };
	struct knl nl;
	ssize_t n;
	int o, ret;

	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, ":j", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			m.json = true;
			break;
		case 'c':
			if (!parse_u32_range(optarg, 1, UINT32_MAX, &m.count)) {
				fprintf(stderr, "kiscsi monitor: bad --count '%s': expected a number of events\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return cli_bad_option("kiscsi monitor", o, argv);
		}
	}
	if (cli_no_more_args("kiscsi monitor", argc, argv))
		return 2;
	if (knl_open(&nl))
		return 1;
	if (knl_subscribe(&nl, KISCSI_MCGRP_EVENTS)) {
		knl_close(&nl);
		return 1;
	}
	/* Line-buffered, so a pipe sees each event as it comes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		n = mnl_socket_recvfrom(nl.sock, nl.buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr, "kiscsi monitor: events were lost (receive buffer overrun)\n");
				continue;
			}
			fprintf(stderr, "kiscsi monitor: netlink receive: %s\n",
				strerror(errno));
			ret = 1;
			break;
		}
		ret = mnl_cb_run(nl.buf, n, 0, 0, event_cb, &m);
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
	}
	knl_close(&nl);
	return ret;
}
