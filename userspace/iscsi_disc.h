/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A discovery session in userspace (RFC 7143 §4.3, Appendix C): connect
 * over plain TCP, log in with SessionType=Discovery (CHAP optional), ask
 * SendTargets=All, follow the target's continuations, log out. The PDU
 * codec, key negotiation and CHAP are the kernel's own protocol core
 * (kernel/proto), built here unchanged.
 */
#ifndef KISCSI_ISCSI_DISC_H
#define KISCSI_ISCSI_DISC_H

#include <stddef.h>
#include <stdint.h>

#include "portal.h"
#include "sockbind.h"

struct disc_cfg {
	const char *initiator;		/* InitiatorName, required */
	const char *chap_user;		/* NULL: no CHAP */
	const uint8_t *chap_secret;
	size_t chap_secret_len;
	unsigned int timeout_ms;	/* connect and each receive */
	const struct sock_binding *bind;	/* NULL: unbound */
};

/*
 * Run the discovery session against P. On success returns 0 and a
 * malloc'd copy of the SendTargets response text in *TEXT (*LEN bytes,
 * at most ST_TEXT_MAX). On failure returns -1 with ERR saying why, in
 * words an administrator can act on.
 */
int iscsi_sendtargets(const struct portal *p, const struct disc_cfg *cfg,
		      char **text, size_t *len, char *err, size_t errlen);

#endif /* KISCSI_ISCSI_DISC_H */
