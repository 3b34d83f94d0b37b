/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing for the kiscsi tool: one socket, the family
 * resolved once, requests answered through a callback, and kernel
 * rejections printed with their extack message.
 */
#ifndef KISCSI_NL_H
#define KISCSI_NL_H

#include <libmnl/libmnl.h>
#include <stdint.h>

struct knl {
	struct mnl_socket *sock;
	uint16_t family;	/* resolved id of KISCSI_GENL_NAME */
	uint32_t portid;
	uint32_t seq;
	char *buf;		/* MNL_SOCKET_BUFFER_SIZE bytes */
};

/* Open the socket and resolve the family. Prints why on failure. */
int knl_open(struct knl *nl);
void knl_close(struct knl *nl);

/* Start a request for CMD into nl->buf; add attributes with mnl_attr_put*. */
struct nlmsghdr *knl_request(struct knl *nl, uint8_t cmd, uint16_t flags);

/*
 * Send REQ and run CB on every reply message. Returns 0, or a negative
 * errno after printing the kernel's explanation.
 */
int knl_talk(struct knl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data);

/* Join the family's multicast GROUP (nl_mcast.c). 0, or -1 after saying why. */
int knl_subscribe(struct knl *nl, const char *group);

#endif /* KISCSI_NL_H */
