// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing GET_SESSION/LOGIN replies into struct ksession (see model.h).
 * Attributes this tool does not know are skipped, so an older tool works
 * with a newer module.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "model.h"

static bool get_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

static bool get_str(const struct nlattr *a, char *buf, size_t len)
{
	if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return false;
	snprintf(buf, len, "%s", mnl_attr_get_str(a));
	return true;
}

static void get_addr(const struct nlattr *a, struct kaddr *k)
{
	uint16_t len = mnl_attr_get_payload_len(a);

	if (len != 4 && len != 16)
		return;
	k->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(k->addr, mnl_attr_get_payload(a), len);
}

static int conn_cb(const struct nlattr *a, void *data)
{
	struct kconn *c = data;

	switch (mnl_attr_get_type(a)) {
	case KISCSI_A_C_CID:
		c->has_cid = get_u32(a, &c->cid);
		break;
	case KISCSI_A_C_STATE:
		c->has_state = get_u32(a, &c->state);
		break;
	case KISCSI_A_C_PEER_ADDR:
		get_addr(a, &c->peer);
		break;
	case KISCSI_A_C_PEER_PORT:
		get_u32(a, &c->peer.port);
		break;
	case KISCSI_A_C_LOCAL_ADDR:
		get_addr(a, &c->local);
		break;
	case KISCSI_A_C_LOCAL_PORT:
		get_u32(a, &c->local.port);
		break;
	}
	return MNL_CB_OK;
}

static int params_cb(const struct nlattr *a, void *data)
{
	struct ksession *s = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t && t <= KISCSI_A_P_MAX && get_u32(a, &s->params[t]))
		s->params_has |= 1ULL << t;
	return MNL_CB_OK;
}

static int stats_cb(const struct nlattr *a, void *data)
{
	struct ksession *s = data;
	uint16_t t = mnl_attr_get_type(a);

	if (t && t <= KISCSI_A_ST_MAX && t != KISCSI_A_ST_PAD &&
	    mnl_attr_validate(a, MNL_TYPE_U64) >= 0) {
		s->stats[t] = mnl_attr_get_u64(a);
		s->stats_has |= 1ULL << t;
	}
	return MNL_CB_OK;
}

static int session_cb(const struct nlattr *a, void *data)
{
	struct ksession *s = data;

	switch (mnl_attr_get_type(a)) {
	case KISCSI_A_S_ID:
		if (get_u32(a, &s->id))
			s->has |= KS_HAS_ID;
		break;
	case KISCSI_A_S_TARGET_NAME:
		if (get_str(a, s->target, sizeof(s->target)))
			s->has |= KS_HAS_TARGET;
		break;
	case KISCSI_A_S_INITIATOR_NAME:
		if (get_str(a, s->initiator, sizeof(s->initiator)))
			s->has |= KS_HAS_INITIATOR;
		break;
	case KISCSI_A_S_STATE:
		if (get_u32(a, &s->state))
			s->has |= KS_HAS_STATE;
		break;
	case KISCSI_A_S_HOST_NO:
		if (get_u32(a, &s->host_no))
			s->has |= KS_HAS_HOST_NO;
		break;
	case KISCSI_A_S_TSIH:
		if (get_u32(a, &s->tsih))
			s->has |= KS_HAS_TSIH;
		break;
	case KISCSI_A_S_ISID:
		if (mnl_attr_get_payload_len(a) == sizeof(s->isid)) {
			memcpy(s->isid, mnl_attr_get_payload(a),
			       sizeof(s->isid));
			s->has |= KS_HAS_ISID;
		}
		break;
	case KISCSI_A_S_TPGT:
		if (get_u32(a, &s->tpgt))
			s->has |= KS_HAS_TPGT;
		break;
	case KISCSI_A_S_AUTH:
		if (get_u32(a, &s->auth))
			s->has |= KS_HAS_AUTH;
		break;
	case KISCSI_A_S_PARAMS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(a, params_cb, s);
		break;
	case KISCSI_A_S_STATS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(a, stats_cb, s);
		break;
	case KISCSI_A_S_REPLACEMENT_TIMEOUT:
		get_u32(a, &s->replacement_timeout);
		s->has |= KS_HAS_TIMEOUTS;
		break;
	case KISCSI_A_S_NOP_INTERVAL_MS:
		get_u32(a, &s->nop_interval_ms);
		break;
	case KISCSI_A_S_NOP_TIMEOUT_MS:
		get_u32(a, &s->nop_timeout_ms);
		break;
	case KISCSI_A_S_RECOVERIES:
		if (get_u32(a, &s->recoveries))
			s->has |= KS_HAS_RECOVERIES;
		break;
	case KISCSI_A_S_LAST_REASON:
		if (get_u32(a, &s->last_reason))
			s->has |= KS_HAS_LAST_REASON;
		break;
	case KISCSI_A_S_PORTAL_ADDR:
		get_addr(a, &s->portal);
		if (s->portal.family)
			s->has |= KS_HAS_PORTAL;
		break;
	case KISCSI_A_S_PORTAL_PORT:
		get_u32(a, &s->portal.port);
		break;
	case KISCSI_A_S_PORTAL_MOVED: {
		uint32_t v;

		if (get_u32(a, &v))
			s->portal_moved = v;
		break;
	}
	case KISCSI_A_S_CONN:
		if (s->nconns < KS_MAX_CONNS &&
		    mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(a, conn_cb,
					      &s->conns[s->nconns++]);
		break;
	}
	return MNL_CB_OK;
}

static int top_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == KISCSI_A_SESSION &&
	    mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
		mnl_attr_parse_nested(a, session_cb, data);
	return MNL_CB_OK;
}

int ksession_from_msg(const struct nlmsghdr *nlh, struct ksession *s)
{
	memset(s, 0, sizeof(*s));
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_cb, s) < 0)
		return -1;
	return s->has & KS_HAS_ID ? 0 : -1;
}

const char *ksession_state_name(uint32_t state)
{
	switch (state) {
	case KISCSI_SESSION_LOGGING_IN:
		return "logging in";
	case KISCSI_SESSION_LOGGED_IN:
		return "logged in";
	case KISCSI_SESSION_FAILED:
		return "failed (reconnecting, I/O held)";
	case KISCSI_SESSION_LOGGING_OUT:
		return "logging out";
	}
	return "unknown";
}

const char *kconn_state_name(uint32_t state)
{
	switch (state) {
	case KISCSI_CONN_CONNECTING:
		return "connecting";
	case KISCSI_CONN_LOGIN:
		return "login";
	case KISCSI_CONN_FULL_FEATURE:
		return "full feature";
	case KISCSI_CONN_FAILED:
		return "failed";
	case KISCSI_CONN_CLOSED:
		return "closed";
	}
	return "unknown";
}

static const struct {
	const char *name, *token;
} reasons[] = {
	[KISCSI_REASON_NONE] = { "none", "none" },
	[KISCSI_REASON_ADMIN] = { "administrator's request", "admin" },
	[KISCSI_REASON_SOCKET_CLOSED] = { "target closed the connection",
					  "socket-closed" },
	[KISCSI_REASON_SOCKET_ERROR] = { "socket error", "socket-error" },
	[KISCSI_REASON_PING_TIMEOUT] = { "ping timeout (target silent)",
					 "ping-timeout" },
	[KISCSI_REASON_PROTOCOL_ERROR] = { "protocol error", "protocol-error" },
	[KISCSI_REASON_DIGEST_ERROR] = { "digest error", "digest-error" },
	[KISCSI_REASON_TARGET_REQUEST] = { "target's request",
					   "target-request" },
	[KISCSI_REASON_ERROR_HANDLER] = { "SCSI error handling",
					  "error-handler" },
	[KISCSI_REASON_REJECT] = { "target rejected a PDU", "reject" },
	[KISCSI_REASON_UNREACHABLE] = { "portal unreachable", "unreachable" },
	[KISCSI_REASON_LOGIN_REFUSED] = { "login refused", "login-refused" },
	[KISCSI_REASON_SHUTDOWN] = { "module unload or namespace exit",
				     "shutdown" },
};

const char *kreason_name(uint32_t reason)
{
	if (reason >= sizeof(reasons) / sizeof(reasons[0]) ||
	    !reasons[reason].name)
		return NULL;
	return reasons[reason].name;
}

const char *kreason_token(uint32_t reason)
{
	if (reason >= sizeof(reasons) / sizeof(reasons[0]) ||
	    !reasons[reason].token)
		return "unknown";
	return reasons[reason].token;
}

const char *kauth_name(uint32_t auth)
{
	switch (auth) {
	case KISCSI_AUTH_NONE:
		return "none";
	case KISCSI_AUTH_CHAP:
		return "CHAP";
	case KISCSI_AUTH_CHAP_MUTUAL:
		return "CHAP (mutual)";
	}
	return "unknown";
}
