// SPDX-License-Identifier: GPL-2.0
/*
 * Portal address parsing (see portal.h).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portal.h"
#include "validate.h"

#define ADDR_MAX 128

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

/* "eth0" or "2": an interface name or index. */
static int parse_scope(const char *s, uint32_t *scope, char *err,
		       size_t errlen)
{
	if (!*s)
		return fail(err, errlen, "an interface name after '%'");
	if (parse_u32_range(s, 1, UINT32_MAX, scope))
		return 0;
	*scope = if_nametoindex(s);
	if (!*scope) {
		snprintf(err, errlen,
			 "an existing network interface after '%%' ('%s' is none)",
			 s);
		return -1;
	}
	return 0;
}

static int check_unicast(struct portal *p, char *err, size_t errlen)
{
	if (p->family == AF_INET) {
		uint32_t a = ntohl(*(uint32_t *)p->addr);

		if ((a >> 24) == 0 || (a >> 28) == 0xe || a == 0xffffffffu)
			return fail(err, errlen,
				    "a unicast IPv4 address (not 0.x, multicast or broadcast)");
		return 0;
	}
	if (p->addr[0] == 0xff)
		return fail(err, errlen, "a unicast IPv6 address, not multicast");
	if (!memcmp(p->addr, &in6addr_any, 16))
		return fail(err, errlen, "a unicast IPv6 address, not ::");
	if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)p->addr))
		return fail(err, errlen,
			    "a plain IPv4 address instead of a v4-mapped one");
	if (IN6_IS_ADDR_LINKLOCAL((struct in6_addr *)p->addr) && !p->scope)
		return fail(err, errlen,
			    "a link-local address with its interface, as fe80::1%eth0");
	return 0;
}

int portal_parse(const char *s, struct portal *p, char *err, size_t errlen)
{
	char host[ADDR_MAX];
	const char *port = NULL, *end;
	char *pct;
	uint32_t v;

	memset(p, 0, sizeof(*p));
	p->port = PORTAL_DEFAULT_PORT;
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end)
			return fail(err, errlen, "a ']' closing the IPv6 address");
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return fail(err, errlen,
				    "only ':PORT' after the bracketed IPv6 address");
		s++;
	} else {
		end = strrchr(s, ':');
		/* Exactly one ':' means IPv4:PORT; more is a bare IPv6. */
		if (end && end == strchr(s, ':'))
			port = end + 1;
		else
			end = s + strlen(s);
	}
	if ((size_t)(end - s) >= sizeof(host))
		return fail(err, errlen, "an address of reasonable length");
	memcpy(host, s, end - s);
	host[end - s] = '\0';
	if (port) {
		if (!parse_u32_range(port, 1, 65535, &v))
			return fail(err, errlen, "a port number 1..65535");
		p->port = v;
	}

	if (inet_pton(AF_INET, host, p->addr) == 1) {
		p->family = AF_INET;
		return check_unicast(p, err, errlen);
	}
	pct = strchr(host, '%');
	if (pct) {
		*pct = '\0';
		if (parse_scope(pct + 1, &p->scope, err, errlen))
			return -1;
	}
	if (inet_pton(AF_INET6, host, p->addr) != 1)
		return fail(err, errlen,
			    "an IPv4 address, [IPv6]:PORT, IPv6 or fe80::1%IFACE (no host names)");
	p->family = AF_INET6;
	return check_unicast(p, err, errlen);
}

void portal_format(const struct portal *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?", ifname[IF_NAMESIZE];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	if (p->family == AF_INET) {
		snprintf(buf, len, "%s:%u", a, p->port);
	} else if (p->scope) {
		if (!if_indextoname(p->scope, ifname))
			snprintf(ifname, sizeof(ifname), "%u", p->scope);
		snprintf(buf, len, "[%s%%%s]:%u", a, ifname, p->port);
	} else {
		snprintf(buf, len, "[%s]:%u", a, p->port);
	}
}
