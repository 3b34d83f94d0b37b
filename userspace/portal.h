/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Portal addresses as the user writes them:
 *   10.0.1.1   10.0.1.1:3260   [fd00::1]:3260   fd00::1
 *   fe80::1%eth0   [fe80::1%eth0]:3261   (scope by name or number)
 */
#ifndef KISCSI_PORTAL_H
#define KISCSI_PORTAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define PORTAL_DEFAULT_PORT 3260

struct portal {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network order; 4 bytes used for AF_INET */
	uint16_t port;		/* host order */
	uint32_t scope;		/* IPv6 scope id (ifindex), 0 for none */
};

/*
 * Parse S into *P. On failure returns -1 with ERR set to a phrase saying
 * what is expected (it does not repeat S).
 */
int portal_parse(const char *s, struct portal *p, char *err, size_t errlen);

/* "10.0.1.1:3260" or "[fe80::1%eth0]:3260". */
void portal_format(const struct portal *p, char *buf, size_t len);

#endif /* KISCSI_PORTAL_H */
