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
	{ "version", cmd_version, "show the tool's and the module's version" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: kiscsi <command> [arguments]\n\nCommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
}

int main(int argc, char **argv)
{
	size_t i;

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
