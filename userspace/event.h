/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KISCSI_CMD_EVENT notifications as plain structs, and their rendering
 * for `kiscsi monitor` (pure, so the unit tests run it).
 */
#ifndef KISCSI_EVENT_H
#define KISCSI_EVENT_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/kiscsi.h>

#include "json.h"

#define KEVENT_MESSAGE_MAX 256

struct kevent {
	bool has_event, has_session, has_reason, has_async;
	uint32_t event;		/* enum kiscsi_event */
	uint32_t session;
	uint32_t reason;	/* enum kiscsi_reason */
	uint32_t async_event;
	char target[KISCSI_NAME_MAX + 1];
	char message[KEVENT_MESSAGE_MAX];
};

/* Parse one KISCSI_CMD_EVENT message. 0, or -1 if it is not one. */
int kevent_from_msg(const struct nlmsghdr *nlh, struct kevent *ev);

/* "conn-failed"; "unknown" for a value this tool does not know. */
const char *kevent_token(uint32_t event);
/* "connection failed" */
const char *kevent_name(uint32_t event);

/* One line: "session 3 iqn...: connection failed (ping timeout): msg" */
void kevent_print(FILE *f, const struct kevent *ev);
/* The event's members, into an object the caller opened. */
void kevent_json(struct json *j, const struct kevent *ev);

#endif /* KISCSI_EVENT_H */
