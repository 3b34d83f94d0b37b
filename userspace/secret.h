/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CHAP secrets come from files, never from the command line (where every
 * user could read them in /proc). Callers wipe the buffer after use.
 */
#ifndef KISCSI_SECRET_H
#define KISCSI_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kiscsi.h>

struct secret {
	uint8_t buf[KISCSI_SECRET_MAX];
	size_t len;
};

/*
 * Read PATH into *S: at most KISCSI_SECRET_MAX bytes after stripping one
 * trailing newline; an empty secret is refused. *WORLD_READABLE is set
 * when others may read the file (the caller warns). On failure returns
 * -1 with ERR saying why.
 */
int secret_read(const char *path, struct secret *s, bool *world_readable,
		char *err, size_t errlen);

void secret_wipe(struct secret *s);

#endif /* KISCSI_SECRET_H */
