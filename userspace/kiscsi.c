// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: the administrator's tool for the kiscsi initiator.
 *
 * A table of subcommands, in the manner of wg(8): each one lives in its
 * own cmd_*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "kiscsi.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "login", cmd_login, "log in to a target and attach its disks" },
	{ "logout", cmd_logout, "log out of sessions and detach their disks" },
	{ "show", cmd_show, "show sessions (-j: as JSON)" },
	{ "set", cmd_set, "change a live session's timeouts" },
	{ "discover", cmd_discover, "find targets (SendTargets or iSNS), keep them as node records" },
	{ "node", cmd_node, "list, add, change or delete node records" },
	{ "restore", cmd_restore, "log in to every automatic node record" },
	{ "monitor", cmd_monitor, "print session events as they happen (-j: as JSON)" },
	{ "version", cmd_version, "show the tool's and the module's version" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: kiscsi <command> [arguments]\n\nCommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'kiscsi <command> --help' shows a command's arguments.\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad arguments.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* "kiscsi help CMD" is "kiscsi CMD --help" */
	if (argc == 3 && !strcmp(argv[1], "help")) {
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			if (!strcmp(argv[2], cmds[i].name)) {
				char *sub[] = { argv[2], "--help", NULL };

				return cmds[i].fn(2, sub);
			}
		}
	}
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "kiscsi: unknown command '%s' (see: kiscsi help)\n",
		argv[1]);
	return 2;
}
