/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's InitiatorName: open-iscsi's /etc/iscsi/initiatorname.iscsi
 * if it exists, else /etc/kiscsi/initiatorname. Both take the
 * "InitiatorName=iqn...." line format; the latter may also hold the bare
 * name. '#' starts a comment line.
 */
#ifndef KISCSI_INITNAME_H
#define KISCSI_INITNAME_H

#include <stddef.h>

#define INITNAME_OPEN_ISCSI	"/etc/iscsi/initiatorname.iscsi"
#define INITNAME_KISCSI		"/etc/kiscsi/initiatorname"

/*
 * Read the name from PATH into OUT. Returns 1 when found, 0 when the file
 * does not exist or names nothing, -1 when it cannot be read.
 */
int initname_from_file(const char *path, char *out, size_t len);

/*
 * Try the two files in order. Returns 1 and sets *FROM to the file used,
 * 0 when neither names one, -1 on a read error (*FROM is that file).
 */
int initname_default(char *out, size_t len, const char **from);

#endif /* KISCSI_INITNAME_H */
