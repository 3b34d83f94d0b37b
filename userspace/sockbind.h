/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binding the tool's own TCP connections (discovery, iSNS) to an
 * interface or a source address, as the kernel binds a session's.
 */
#ifndef KISCSI_SOCKBIND_H
#define KISCSI_SOCKBIND_H

#include <stddef.h>

#include "node.h"

struct sock_binding {
	const char *iface;		/* NULL or "": any interface */
	struct node_addr source;	/* family 0: the kernel picks */
};

/*
 * Apply B (may be NULL) to socket FD of address family FAMILY before
 * connect(). Returns 0, or -1 with ERR saying what to fix.
 */
int sock_bind(int fd, int family, const struct sock_binding *b, char *err,
	      size_t errlen);

#endif /* KISCSI_SOCKBIND_H */
