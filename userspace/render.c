// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering sessions (see render.h).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "render.h"

enum pkind { P_NUM, P_BOOL, P_DIGEST };

/* The negotiated parameters, by their RFC 7143 key names. */
static const struct {
	int type;
	const char *key;	/* RFC 7143 */
	const char *json;
	enum pkind kind;
	const char *note;
} params[] = {
	{ KISCSI_A_P_HEADER_DIGEST, "HeaderDigest", "header_digest", P_DIGEST, NULL },
	{ KISCSI_A_P_DATA_DIGEST, "DataDigest", "data_digest", P_DIGEST, NULL },
	{ KISCSI_A_P_MAX_CONNECTIONS, "MaxConnections", "max_connections", P_NUM, NULL },
	{ KISCSI_A_P_INITIAL_R2T, "InitialR2T", "initial_r2t", P_BOOL, NULL },
	{ KISCSI_A_P_IMMEDIATE_DATA, "ImmediateData", "immediate_data", P_BOOL, NULL },
	{ KISCSI_A_P_MAX_RECV_DSL, "MaxRecvDataSegmentLength", "max_recv_dsl", P_NUM,
	  "we receive per PDU" },
	{ KISCSI_A_P_MAX_XMIT_DSL, "MaxXmitDataSegmentLength", "max_xmit_dsl", P_NUM,
	  "the target receives per PDU" },
	{ KISCSI_A_P_MAX_BURST, "MaxBurstLength", "max_burst", P_NUM, NULL },
	{ KISCSI_A_P_FIRST_BURST, "FirstBurstLength", "first_burst", P_NUM, NULL },
	{ KISCSI_A_P_DEFAULT_TIME2WAIT, "DefaultTime2Wait", "default_time2wait", P_NUM, NULL },
	{ KISCSI_A_P_DEFAULT_TIME2RETAIN, "DefaultTime2Retain", "default_time2retain",
	  P_NUM, NULL },
	{ KISCSI_A_P_MAX_OUTSTANDING_R2T, "MaxOutstandingR2T", "max_outstanding_r2t",
	  P_NUM, NULL },
	{ KISCSI_A_P_DATA_PDU_IN_ORDER, "DataPDUInOrder", "data_pdu_in_order", P_BOOL, NULL },
	{ KISCSI_A_P_DATA_SEQ_IN_ORDER, "DataSequenceInOrder", "data_seq_in_order",
	  P_BOOL, NULL },
	{ KISCSI_A_P_ERL, "ErrorRecoveryLevel", "erl", P_NUM, NULL },
};

static const struct {
	int type;
	const char *label;
	const char *json;
	bool bytes;
} stats[] = {
	{ KISCSI_A_ST_CMDS, "SCSI commands", "cmds", false },
	{ KISCSI_A_ST_READ_BYTES, "read", "read_bytes", true },
	{ KISCSI_A_ST_WRITE_BYTES, "written", "write_bytes", true },
	{ KISCSI_A_ST_TX_PDUS, "PDUs sent", "tx_pdus", false },
	{ KISCSI_A_ST_RX_PDUS, "PDUs received", "rx_pdus", false },
	{ KISCSI_A_ST_TX_BYTES, "sent", "tx_bytes", true },
	{ KISCSI_A_ST_RX_BYTES, "received", "rx_bytes", true },
	{ KISCSI_A_ST_R2TS, "R2Ts", "r2ts", false },
	{ KISCSI_A_ST_NOPS_RX, "target pings", "nops_rx", false },
	{ KISCSI_A_ST_NOPS_TX, "our pings", "nops_tx", false },
	{ KISCSI_A_ST_TMFS, "task management", "tmfs", false },
	{ KISCSI_A_ST_DIGEST_ERRORS, "digest errors", "digest_errors", false },
	{ KISCSI_A_ST_PROTOCOL_ERRORS, "protocol errors", "protocol_errors", false },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *digest_name(uint32_t d)
{
	return d == KISCSI_DIGEST_CRC32C ? "CRC32C" : "None";
}

void render_addr(const struct kaddr *a, char *buf, size_t len)
{
	char s[INET6_ADDRSTRLEN];

	if (!a->family || !inet_ntop(a->family, a->addr, s, sizeof(s)))
		snprintf(buf, len, "-");
	else if (a->family == AF_INET)
		snprintf(buf, len, "%s:%" PRIu32, s, a->port);
	else
		snprintf(buf, len, "[%s]:%" PRIu32, s, a->port);
}

static void isid_hex(const struct ksession *s, char *buf)
{
	size_t i;

	for (i = 0; i < sizeof(s->isid); i++)
		sprintf(buf + 2 * i, "%02x", s->isid[i]);
}

/* 10485760 -> "10485760 bytes (10.0 MiB)" */
static void human_bytes(FILE *f, uint64_t v)
{
	static const char * const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double d = v;
	int u = -1;

	fprintf(f, "%" PRIu64 " bytes", v);
	while (d >= 1024 && u < (int)N(unit) - 1) {
		d /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(f, " (%.1f %s)", d, unit[u]);
}

void render_human(FILE *f, const struct ksession *s)
{
	char buf[INET6_ADDRSTRLEN + 16], buf2[INET6_ADDRSTRLEN + 16];
	unsigned int i;

	fprintf(f, "session %" PRIu32 "\n", s->id);
	if (s->has & KS_HAS_TARGET)
		fprintf(f, "  target:       %s\n", s->target);
	if (s->has & KS_HAS_STATE)
		fprintf(f, "  state:        %s\n", ksession_state_name(s->state));
	if (s->has & KS_HAS_INITIATOR)
		fprintf(f, "  initiator:    %s\n", s->initiator);
	for (i = 0; i < s->nconns; i++) {
		const struct kconn *c = &s->conns[i];

		render_addr(&c->peer, buf, sizeof(buf));
		render_addr(&c->local, buf2, sizeof(buf2));
		fprintf(f, "  portal:       %s (from %s), connection %" PRIu32 " %s\n",
			buf, buf2, c->cid,
			c->has_state ? kconn_state_name(c->state) : "?");
	}
	if (s->has & (KS_HAS_TSIH | KS_HAS_ISID | KS_HAS_TPGT)) {
		isid_hex(s, buf);
		fprintf(f, "  ids:          TSIH %" PRIu32 ", ISID %s, TPGT %" PRIu32 "\n",
			s->tsih, buf, s->tpgt);
	}
	if (s->has & KS_HAS_AUTH)
		fprintf(f, "  auth:         %s\n", kauth_name(s->auth));
	if (s->has & KS_HAS_HOST_NO)
		fprintf(f, "  scsi host:    host%" PRIu32 "\n", s->host_no);
	if (s->has & KS_HAS_TIMEOUTS)
		fprintf(f, "  timeouts:     replacement %" PRIu32 " s, NOP interval %.1f s, NOP timeout %.1f s\n",
			s->replacement_timeout, s->nop_interval_ms / 1000.0,
			s->nop_timeout_ms / 1000.0);
	if (s->has & KS_HAS_RECOVERIES) {
		const char *why = kreason_name(s->last_reason);

		fprintf(f, "  recoveries:   %" PRIu32, s->recoveries);
		if (s->has & KS_HAS_LAST_REASON &&
		    s->last_reason != KISCSI_REASON_NONE)
			fprintf(f, " (last failure: %s)", why ? why : "unknown");
		fputc('\n', f);
	}
	if (s->portal_moved) {
		render_addr(&s->portal, buf, sizeof(buf));
		fprintf(f, "  moved to:     %s (permanent redirect)\n", buf);
	}
	fprintf(f, "  disks:       ");
	for (i = 0; i < s->ndisks; i++)
		fprintf(f, "%s %s (LUN %" PRIu64 ")", i ? "," : "",
			s->disks[i].name, s->disks[i].lun);
	fprintf(f, "%s\n", s->ndisks ? "" : " none");

	if (s->params_has) {
		fprintf(f, "  negotiated:\n");
		for (i = 0; i < N(params); i++) {
			uint32_t v = s->params[params[i].type];

			if (!(s->params_has & (1ULL << params[i].type)))
				continue;
			fprintf(f, "    %-26s ", params[i].key);
			if (params[i].kind == P_DIGEST)
				fprintf(f, "%s", digest_name(v));
			else if (params[i].kind == P_BOOL)
				fprintf(f, "%s", v ? "Yes" : "No");
			else
				fprintf(f, "%" PRIu32, v);
			if (params[i].note)
				fprintf(f, "  (%s)", params[i].note);
			fputc('\n', f);
		}
	}
	if (s->stats_has) {
		fprintf(f, "  counters:\n");
		for (i = 0; i < N(stats); i++) {
			uint64_t v = s->stats[stats[i].type];

			if (!(s->stats_has & (1ULL << stats[i].type)))
				continue;
			fprintf(f, "    %-26s ", stats[i].label);
			if (stats[i].bytes)
				human_bytes(f, v);
			else
				fprintf(f, "%" PRIu64, v);
			fputc('\n', f);
		}
	}
}

static void json_addr(struct json *j, const char *key, const char *port_key,
		      const struct kaddr *a)
{
	char s[INET6_ADDRSTRLEN];

	if (!a->family || !inet_ntop(a->family, a->addr, s, sizeof(s)))
		return;
	json_str(j, key, s);
	json_u64(j, port_key, a->port);
}

static const char *json_state(uint32_t st)
{
	switch (st) {
	case KISCSI_SESSION_LOGGING_IN:
		return "logging-in";
	case KISCSI_SESSION_LOGGED_IN:
		return "logged-in";
	case KISCSI_SESSION_FAILED:
		return "failed";
	case KISCSI_SESSION_LOGGING_OUT:
		return "logging-out";
	}
	return "unknown";
}

static const char *json_conn_state(uint32_t st)
{
	switch (st) {
	case KISCSI_CONN_CONNECTING:
		return "connecting";
	case KISCSI_CONN_LOGIN:
		return "login";
	case KISCSI_CONN_FULL_FEATURE:
		return "full-feature";
	case KISCSI_CONN_FAILED:
		return "failed";
	case KISCSI_CONN_CLOSED:
		return "closed";
	}
	return "unknown";
}

static const char *json_auth(uint32_t a)
{
	switch (a) {
	case KISCSI_AUTH_NONE:
		return "none";
	case KISCSI_AUTH_CHAP:
		return "chap";
	case KISCSI_AUTH_CHAP_MUTUAL:
		return "chap-mutual";
	}
	return "unknown";
}

void render_json(struct json *j, const struct ksession *s)
{
	char isid[2 * sizeof(s->isid) + 1];
	unsigned int i;

	json_obj_begin(j, NULL);
	json_u64(j, "id", s->id);
	if (s->has & KS_HAS_TARGET)
		json_str(j, "target", s->target);
	if (s->has & KS_HAS_INITIATOR)
		json_str(j, "initiator", s->initiator);
	if (s->has & KS_HAS_STATE)
		json_str(j, "state", json_state(s->state));
	if (s->has & KS_HAS_HOST_NO)
		json_u64(j, "host_no", s->host_no);
	if (s->has & KS_HAS_TSIH)
		json_u64(j, "tsih", s->tsih);
	if (s->has & KS_HAS_ISID) {
		isid_hex(s, isid);
		json_str(j, "isid", isid);
	}
	if (s->has & KS_HAS_TPGT)
		json_u64(j, "tpgt", s->tpgt);
	if (s->has & KS_HAS_AUTH)
		json_str(j, "auth", json_auth(s->auth));

	if (s->has & KS_HAS_TIMEOUTS) {
		json_obj_begin(j, "timeouts");
		json_u64(j, "replacement_s", s->replacement_timeout);
		json_u64(j, "nop_interval_ms", s->nop_interval_ms);
		json_u64(j, "nop_timeout_ms", s->nop_timeout_ms);
		json_obj_end(j);
	}
	if (s->has & KS_HAS_RECOVERIES)
		json_u64(j, "recoveries", s->recoveries);
	if (s->has & KS_HAS_LAST_REASON)
		json_str(j, "last_failure", kreason_token(s->last_reason));
	if (s->has & KS_HAS_PORTAL) {
		json_addr(j, "portal_addr", "portal_port", &s->portal);
		json_bool(j, "portal_moved", s->portal_moved);
	}

	json_arr_begin(j, "connections");
	for (i = 0; i < s->nconns; i++) {
		const struct kconn *c = &s->conns[i];

		json_obj_begin(j, NULL);
		if (c->has_cid)
			json_u64(j, "cid", c->cid);
		if (c->has_state)
			json_str(j, "state", json_conn_state(c->state));
		json_addr(j, "peer_addr", "peer_port", &c->peer);
		json_addr(j, "local_addr", "local_port", &c->local);
		json_obj_end(j);
	}
	json_arr_end(j);

	json_obj_begin(j, "params");
	for (i = 0; i < N(params); i++) {
		uint32_t v = s->params[params[i].type];

		if (!(s->params_has & (1ULL << params[i].type)))
			continue;
		if (params[i].kind == P_DIGEST)
			json_str(j, params[i].json,
				 v == KISCSI_DIGEST_CRC32C ? "crc32c" : "none");
		else if (params[i].kind == P_BOOL)
			json_bool(j, params[i].json, v);
		else
			json_u64(j, params[i].json, v);
	}
	json_obj_end(j);

	json_obj_begin(j, "stats");
	for (i = 0; i < N(stats); i++)
		if (s->stats_has & (1ULL << stats[i].type))
			json_u64(j, stats[i].json, s->stats[stats[i].type]);
	json_obj_end(j);

	json_arr_begin(j, "disks");
	for (i = 0; i < s->ndisks; i++) {
		json_obj_begin(j, NULL);
		json_str(j, "name", s->disks[i].name);
		json_u64(j, "lun", s->disks[i].lun);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
