/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KISCSI_TOOL_H
#define KISCSI_TOOL_H

#define KISCSI_TOOL_VERSION "0.1.0"

/*
 * Each subcommand gets argv starting at its own name. Exit status: 0
 * done, 1 the kernel refused or failed (its message was printed), 2 a bad
 * argument (nothing was sent).
 */
int cmd_version(int argc, char **argv);
int cmd_login(int argc, char **argv);
int cmd_logout(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_discover(int argc, char **argv);
int cmd_node(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* A node record as a JSON object (cmd_node.c; also for discover). */
struct json;
struct node;
void node_json(struct json *j, const struct node *n);
int cmd_set(int argc, char **argv);

#endif /* KISCSI_TOOL_H */
