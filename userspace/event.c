// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications (see event.h).
 */
#include <string.h>
#include <linux/genetlink.h>

#include "event.h"
#include "model.h"

static const struct {
	const char *token, *name;
} events[] = {
	[KISCSI_EVENT_LOGIN] = { "login", "logged in" },
	[KISCSI_EVENT_LOGOUT] = { "logout", "logged out" },
	[KISCSI_EVENT_CONN_FAILED] = { "conn-failed", "connection failed" },
	[KISCSI_EVENT_RECOVERY_FAILED] = { "recovery-failed",
					   "reconnect attempt failed" },
	[KISCSI_EVENT_RECOVERED] = { "recovered", "recovered" },
	[KISCSI_EVENT_REPLACEMENT_TIMEOUT] = { "replacement-timeout",
					       "replacement timeout: held I/O failed" },
	[KISCSI_EVENT_ASYNC] = { "async", "target message" },
	[KISCSI_EVENT_REDIRECT] = { "redirect", "login redirected" },
	[KISCSI_EVENT_RESCAN] = { "rescan", "LUNs rescanned" },
	[KISCSI_EVENT_SET] = { "set", "timeouts changed" },
};

const char *kevent_token(uint32_t event)
{
	if (event >= sizeof(events) / sizeof(events[0]) || !events[event].token)
		return "unknown";
	return events[event].token;
}

const char *kevent_name(uint32_t event)
{
	if (event >= sizeof(events) / sizeof(events[0]) || !events[event].name)
		return "unknown event";
	return events[event].name;
}

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

/* Copy a string attribute, bounded, whether or not it is terminated. */
static void get_str(const struct nlattr *a, char *dst, size_t cap)
{
	size_t n = mnl_attr_get_payload_len(a);
	const char *s = mnl_attr_get_payload(a);
	const char *nul = memchr(s, '\0', n);

	if (nul)
		n = nul - s;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int attr_cb(const struct nlattr *a, void *data)
{
	struct kevent *ev = data;

	switch (mnl_attr_get_type(a)) {
	case KISCSI_A_EVENT:
		ev->has_event = get_u32(a, &ev->event);
		break;
	case KISCSI_A_SESSION_ID:
		ev->has_session = get_u32(a, &ev->session);
		break;
	case KISCSI_A_REASON:
		ev->has_reason = get_u32(a, &ev->reason);
		break;
	case KISCSI_A_ASYNC_EVENT:
		ev->has_async = get_u32(a, &ev->async_event);
		break;
	case KISCSI_A_TARGET_NAME:
		get_str(a, ev->target, sizeof(ev->target));
		break;
	case KISCSI_A_MESSAGE:
		get_str(a, ev->message, sizeof(ev->message));
		break;
	}
	return MNL_CB_OK;
}

int kevent_from_msg(const struct nlmsghdr *nlh, struct kevent *ev)
{
	const struct genlmsghdr *g;

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
		return -1;
	g = mnl_nlmsg_get_payload(nlh);
	if (g->cmd != KISCSI_CMD_EVENT)
		return -1;
	if (mnl_attr_parse(nlh, sizeof(*g), attr_cb, ev) < 0 || !ev->has_event)
		return -1;
	return 0;
}

/* Printable: control characters from the kernel become '?'. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < ' ' || *s == 0x7f ? '?' : *s, f);
}

void kevent_print(FILE *f, const struct kevent *ev)
{
	const char *reason = ev->has_reason ? kreason_name(ev->reason) : NULL;

	if (ev->has_session)
		fprintf(f, "session %u ", ev->session);
	if (ev->target[0]) {
		put_clean(f, ev->target);
		fputs(": ", f);
	}
	fputs(kevent_name(ev->event), f);
	if (reason && ev->reason != KISCSI_REASON_NONE)
		fprintf(f, " (%s)", reason);
	if (ev->has_async)
		fprintf(f, " [AsyncEvent %u]", ev->async_event);
	if (ev->message[0]) {
		fputs(": ", f);
		put_clean(f, ev->message);
	}
	fputc('\n', f);
}

void kevent_json(struct json *j, const struct kevent *ev)
{
	json_str(j, "event", kevent_token(ev->event));
	if (ev->has_session)
		json_u64(j, "session", ev->session);
	if (ev->target[0])
		json_str(j, "target", ev->target);
	if (ev->has_reason)
		json_str(j, "reason", kreason_token(ev->reason));
	if (ev->has_async)
		json_u64(j, "async_event", ev->async_event);
	if (ev->message[0])
		json_str(j, "message", ev->message);
}
