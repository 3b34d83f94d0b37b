/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KISCSI_TOOL_H
#define KISCSI_TOOL_H

#define KISCSI_TOOL_VERSION "0.1.0"

/* Each subcommand gets argv starting at its own name. */
int cmd_version(int argc, char **argv);

#endif /* KISCSI_TOOL_H */
