// SPDX-License-Identifier: GPL-2.0
/*
 * sock_bind(): pin a socket to a device and/or a local address. The
 * device binding decides the way out whatever the routes say; the source
 * address only decides what the target sees and where it answers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockbind.h"

int sock_bind(int fd, int family, const struct sock_binding *b, char *err,
	      size_t errlen)
{
	struct sockaddr_storage ss = { 0 };
	char addr[INET6_ADDRSTRLEN];
	socklen_t sl;

	if (!b)
		return 0;
	if (b->iface && *b->iface &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, b->iface,
		       strlen(b->iface) + 1)) {
		snprintf(err, errlen, "cannot bind to interface %s: %s",
			 b->iface, strerror(errno));
		return -1;
	}
	if (!b->source.family)
		return 0;
	if (!inet_ntop(b->source.family, b->source.addr, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	if (b->source.family != family) {
		snprintf(err, errlen, "source %s is not of the portal's address family",
			 addr);
		return -1;
	}
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, b->source.addr, 4);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, b->source.addr, 16);
		sl = sizeof(*sin6);
	}
	if (bind(fd, (struct sockaddr *)&ss, sl)) {
		if (errno == EADDRNOTAVAIL)
			snprintf(err, errlen, "source %s is not one of this host's addresses",
				 addr);
		else
			snprintf(err, errlen, "cannot bind to source %s: %s",
				 addr, strerror(errno));
		return -1;
	}
	return 0;
}
