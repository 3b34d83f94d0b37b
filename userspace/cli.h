/* SPDX-License-Identifier: GPL-2.0 */
/* What every command says about options it cannot take. */
#ifndef KISCSI_CLI_H
#define KISCSI_CLI_H

/*
 * getopt_long() returned ':' (an option without its value) or anything
 * it did not know: say so, naming the option and CMD's --help, and
 * return the usage exit status 2.
 */
int cli_bad_option(const char *cmd, int o, char **argv);

/* 0 if no argument is left after the options, else say so and return 2. */
int cli_no_more_args(const char *cmd, int argc, char **argv);

#endif /* KISCSI_CLI_H */
