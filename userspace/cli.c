// SPDX-License-Identifier: GPL-2.0
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cli_bad_option(const char *cmd, int o, char **argv)
{
	if (o == ':')
		fprintf(stderr, "%s: %s needs a value\n", cmd, argv[optind - 1]);
	else
		fprintf(stderr, "%s: unknown option '%s' (see: %s --help)\n",
			cmd, argv[optind - 1], cmd);
	return 2;
}

int cli_no_more_args(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	fprintf(stderr, "%s: unexpected argument '%s'\n", cmd, argv[optind]);
	return 2;
}
