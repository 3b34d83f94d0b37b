// SPDX-License-Identifier: GPL-2.0
/*
 * test_negot.c - the negotiation engine, key by key: every key's result
 * function, range and "who may send it" rule, plus the engine errors.
 */
#include "tap.h"
#include "text.h"
#include "pdu.h"

static struct isc_negot n;
static char offer_buf[2048];
static int offer_len;

/* Operational stage, our default offer sent (or not, for target offers). */
static void setup(bool send_offer, bool leading, bool discovery,
		  enum isc_key k, u32 offer_val)
{
	struct isc_offer o;

	isc_offer_default(&o);
	if (k != ISC_KEY_NONE)
		o.val[k] = offer_val;
	isc_negot_init(&n, &o, leading, discovery);
	isc_negot_begin(&n, ISC_STAGE_OP);
	offer_len = send_offer ? isc_negot_offer(&n, offer_buf,
						 sizeof(offer_buf)) : 0;
}

static bool has_pair(const char *buf, size_t len, const char *pair)
{
	size_t off = 0;

	while (off < len) {
		if (!strcmp(buf + off, pair))
			return true;
		off += strlen(buf + off) + 1;
	}
	return false;
}

static bool answered(const char *pair)
{
	return has_pair(n.ans, n.ans_len, pair);
}

#define NO_ANSWER	NULL
#define OFFERED		true
#define TGT_OFFER	false
#define KEEP		0xffffffffU

struct key_case {
	enum isc_key key;
	bool we_offer;
	u32 offer;		/* KEEP: default offer */
	const char *val;	/* what the target sends */
	enum isc_text_err err;
	u32 res;		/* expected n.res[key] when err == OK */
	const char *answer;	/* expected queued answer, or NULL */
	const char *why;
};

#define CRC	(1U << ISC_DIGEST_CRC32C)
#define NONE	(1U << ISC_DIGEST_NONE)

static const struct key_case cases[] = {
	{ ISC_KEY_HEADER_DIGEST, OFFERED, CRC | NONE, "CRC32C", ISC_TEXT_OK,
	  ISC_DIGEST_CRC32C, NO_ANSWER, "offer CRC32C,None, answer CRC32C" },
	{ ISC_KEY_HEADER_DIGEST, OFFERED, CRC | NONE, "None", ISC_TEXT_OK,
	  ISC_DIGEST_NONE, NO_ANSWER, "offer CRC32C,None, answer None" },
	{ ISC_KEY_HEADER_DIGEST, OFFERED, NONE, "CRC32C",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "answer not offered" },
	{ ISC_KEY_HEADER_DIGEST, OFFERED, CRC | NONE, "CRC32C,None",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "answer is a list" },
	{ ISC_KEY_HEADER_DIGEST, OFFERED, CRC | NONE, "MD5",
	  ISC_TEXT_ERR_VALUE, 0, NO_ANSWER, "unknown digest" },
	{ ISC_KEY_HEADER_DIGEST, TGT_OFFER, NONE, "CRC32C,None", ISC_TEXT_OK,
	  ISC_DIGEST_NONE, "HeaderDigest=None", "target offer, we pick" },
	{ ISC_KEY_DATA_DIGEST, OFFERED, CRC, "CRC32C", ISC_TEXT_OK,
	  ISC_DIGEST_CRC32C, NO_ANSWER, "CRC32C required and agreed" },
	{ ISC_KEY_DATA_DIGEST, TGT_OFFER, NONE, "CRC32C", ISC_TEXT_OK,
	  ISC_DIGEST_NONE, "DataDigest=Reject", "no common value" },
	{ ISC_KEY_DATA_DIGEST, TGT_OFFER, NONE, "CRC32C,,None",
	  ISC_TEXT_ERR_VALUE, 0, NO_ANSWER, "malformed list" },
	{ ISC_KEY_MAX_CONNECTIONS, OFFERED, 1, "1", ISC_TEXT_OK, 1,
	  NO_ANSWER, "minimum" },
	{ ISC_KEY_MAX_CONNECTIONS, OFFERED, 4, "8", ISC_TEXT_ERR_NEGOTIATION,
	  0, NO_ANSWER, "answer above offer" },
	{ ISC_KEY_MAX_CONNECTIONS, OFFERED, 4, "0", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "0 out of range" },
	{ ISC_KEY_MAX_CONNECTIONS, TGT_OFFER, 1, "4", ISC_TEXT_OK, 1,
	  "MaxConnections=1", "target offer gets min" },
	{ ISC_KEY_INITIAL_R2T, OFFERED, 0, "Yes", ISC_TEXT_OK, 1, NO_ANSWER,
	  "OR: No offered, Yes answered" },
	{ ISC_KEY_INITIAL_R2T, OFFERED, 0, "No", ISC_TEXT_OK, 0, NO_ANSWER,
	  "OR: No, No" },
	{ ISC_KEY_INITIAL_R2T, OFFERED, 1, "No", ISC_TEXT_ERR_NEGOTIATION, 0,
	  NO_ANSWER, "OR: Yes offered, No answered" },
	{ ISC_KEY_INITIAL_R2T, OFFERED, 0, "yes", ISC_TEXT_ERR_BOOL, 0,
	  NO_ANSWER, "booleans are case-sensitive" },
	{ ISC_KEY_INITIAL_R2T, TGT_OFFER, 0, "No", ISC_TEXT_OK, 0,
	  "InitialR2T=No", "target offer No, ours No" },
	{ ISC_KEY_INITIAL_R2T, TGT_OFFER, 1, "No", ISC_TEXT_OK, 1,
	  "InitialR2T=Yes", "target offer No, ours Yes" },
	{ ISC_KEY_IMMEDIATE_DATA, OFFERED, 1, "No", ISC_TEXT_OK, 0, NO_ANSWER,
	  "AND: Yes offered, No answered" },
	{ ISC_KEY_IMMEDIATE_DATA, OFFERED, 0, "Yes", ISC_TEXT_ERR_NEGOTIATION,
	  0, NO_ANSWER, "AND: No offered, Yes answered" },
	{ ISC_KEY_IMMEDIATE_DATA, TGT_OFFER, 0, "Yes", ISC_TEXT_OK, 0,
	  "ImmediateData=No", "target offer Yes, ours No" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "65536", ISC_TEXT_OK, 65536,
	  NO_ANSWER, "answer below offer" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "524288",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "answer above offer" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "511", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "below 512" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "16777216", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "above 2^24-1" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "65536x", ISC_TEXT_ERR_NUMBER, 0,
	  NO_ANSWER, "trailing junk" },
	{ ISC_KEY_MAX_BURST, OFFERED, KEEP, "Reject", ISC_TEXT_OK, 262144,
	  NO_ANSWER, "Reject keeps the default" },
	{ ISC_KEY_MAX_BURST, TGT_OFFER, 262144, "1048576", ISC_TEXT_OK,
	  262144, "MaxBurstLength=262144", "target offer gets min" },
	{ ISC_KEY_MAX_BURST, TGT_OFFER, 262144, "100", ISC_TEXT_OK, 262144,
	  "MaxBurstLength=Reject", "out-of-range offer rejected" },
	{ ISC_KEY_FIRST_BURST, OFFERED, KEEP, "0x8000", ISC_TEXT_OK, 32768,
	  NO_ANSWER, "hex answer" },
	{ ISC_KEY_FIRST_BURST, OFFERED, KEEP, "131072",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "answer above offer" },
	{ ISC_KEY_FIRST_BURST, OFFERED, KEEP, "Irrelevant", ISC_TEXT_OK,
	  65536, NO_ANSWER, "Irrelevant keeps the default" },
	{ ISC_KEY_T2WAIT, OFFERED, 2, "5", ISC_TEXT_OK, 5, NO_ANSWER,
	  "maximum: answer above offer" },
	{ ISC_KEY_T2WAIT, OFFERED, 2, "1", ISC_TEXT_ERR_NEGOTIATION, 0,
	  NO_ANSWER, "maximum: answer below offer" },
	{ ISC_KEY_T2WAIT, OFFERED, 2, "3601", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "above 3600" },
	{ ISC_KEY_T2WAIT, TGT_OFFER, 2, "0", ISC_TEXT_OK, 2,
	  "DefaultTime2Wait=2", "target offer gets max" },
	{ ISC_KEY_T2RETAIN, OFFERED, 20, "0", ISC_TEXT_OK, 0, NO_ANSWER,
	  "minimum" },
	{ ISC_KEY_T2RETAIN, OFFERED, 20, "21", ISC_TEXT_ERR_NEGOTIATION, 0,
	  NO_ANSWER, "answer above offer" },
	{ ISC_KEY_MAX_OUTSTANDING_R2T, OFFERED, 1, "1", ISC_TEXT_OK, 1,
	  NO_ANSWER, "minimum" },
	{ ISC_KEY_MAX_OUTSTANDING_R2T, OFFERED, 1, "2",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "answer above offer" },
	{ ISC_KEY_MAX_OUTSTANDING_R2T, OFFERED, 1, "0", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "0 out of range" },
	{ ISC_KEY_MAX_OUTSTANDING_R2T, OFFERED, 1, "65536",
	  ISC_TEXT_ERR_RANGE, 0, NO_ANSWER, "65536 out of range" },
	{ ISC_KEY_DATA_PDU_IN_ORDER, OFFERED, 1, "No",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "OR: Yes offered" },
	{ ISC_KEY_DATA_PDU_IN_ORDER, OFFERED, 0, "Yes", ISC_TEXT_OK, 1,
	  NO_ANSWER, "OR: No offered, Yes answered" },
	{ ISC_KEY_DATA_SEQ_IN_ORDER, OFFERED, 1, "No",
	  ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER, "OR: Yes offered" },
	{ ISC_KEY_DATA_SEQ_IN_ORDER, TGT_OFFER, 0, "No", ISC_TEXT_OK, 0,
	  "DataSequenceInOrder=No", "target offer No, ours No" },
	{ ISC_KEY_ERL, OFFERED, 0, "0", ISC_TEXT_OK, 0, NO_ANSWER, "minimum" },
	{ ISC_KEY_ERL, OFFERED, 0, "1", ISC_TEXT_ERR_NEGOTIATION, 0,
	  NO_ANSWER, "answer above offer" },
	{ ISC_KEY_ERL, OFFERED, 2, "1", ISC_TEXT_OK, 1, NO_ANSWER,
	  "2 offered, 1 answered" },
	{ ISC_KEY_ERL, OFFERED, 2, "3", ISC_TEXT_ERR_RANGE, 0, NO_ANSWER,
	  "3 out of range" },
	{ ISC_KEY_PROTOCOL_LEVEL, OFFERED, 1, "1", ISC_TEXT_OK, 1, NO_ANSWER,
	  "RFC 7144 minimum" },
	{ ISC_KEY_PROTOCOL_LEVEL, OFFERED, 1, "2", ISC_TEXT_ERR_NEGOTIATION, 0,
	  NO_ANSWER, "answer above offer" },
	{ ISC_KEY_PROTOCOL_LEVEL, OFFERED, 1, "NotUnderstood", ISC_TEXT_OK, 0,
	  NO_ANSWER, "RFC 3720 target: default 0" },
	{ ISC_KEY_PROTOCOL_LEVEL, OFFERED, 1, "32", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "above 31" },
	{ ISC_KEY_TASK_REPORTING, OFFERED,
	  (1U << ISC_TASKREP_FASTABORT) | (1U << ISC_TASKREP_RFC3720),
	  "FastAbort", ISC_TEXT_OK, ISC_TASKREP_FASTABORT, NO_ANSWER,
	  "FastAbort agreed" },
	{ ISC_KEY_TASK_REPORTING, OFFERED,
	  (1U << ISC_TASKREP_FASTABORT) | (1U << ISC_TASKREP_RFC3720),
	  "ResponseFence", ISC_TEXT_ERR_NEGOTIATION, 0, NO_ANSWER,
	  "answer not offered" },
	{ ISC_KEY_MAX_RECV_DSL, OFFERED, KEEP, "65536", ISC_TEXT_OK, 262144,
	  NO_ANSWER, "target declares its own limit" },
	{ ISC_KEY_MAX_RECV_DSL, OFFERED, KEEP, "511", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "declaration below 512" },
	{ ISC_KEY_MAX_RECV_DSL, OFFERED, KEEP, "0x1000000",
	  ISC_TEXT_ERR_RANGE, 0, NO_ANSWER, "declaration above 2^24-1" },
	{ ISC_KEY_TPGT, TGT_OFFER, KEEP, "1", ISC_TEXT_OK, 1, NO_ANSWER,
	  "declared" },
	{ ISC_KEY_TPGT, TGT_OFFER, KEEP, "65536", ISC_TEXT_ERR_RANGE, 0,
	  NO_ANSWER, "above 65535" },
	{ ISC_KEY_TARGET_ALIAS, TGT_OFFER, KEEP, "Storage 1", ISC_TEXT_OK, 0,
	  NO_ANSWER, "declared" },
	{ ISC_KEY_TARGET_ADDRESS, TGT_OFFER, KEEP, "10.0.0.1:3260,1",
	  ISC_TEXT_OK, 0, NO_ANSWER, "declared" },
	{ ISC_KEY_SEND_TARGETS, TGT_OFFER, KEEP, "All", ISC_TEXT_ERR_SENDER,
	  0, NO_ANSWER, "initiator-only key" },
	{ ISC_KEY_INITIATOR_NAME, TGT_OFFER, KEEP, "iqn.x",
	  ISC_TEXT_ERR_SENDER, 0, NO_ANSWER, "initiator-only key" },
	{ ISC_KEY_INITIATOR_ALIAS, TGT_OFFER, KEEP, "x", ISC_TEXT_ERR_SENDER,
	  0, NO_ANSWER, "initiator-only key" },
	{ ISC_KEY_SESSION_TYPE, TGT_OFFER, KEEP, "Normal",
	  ISC_TEXT_ERR_SENDER, 0, NO_ANSWER, "initiator-only key" },
	{ ISC_KEY_TARGET_NAME, TGT_OFFER, KEEP, "iqn.t", ISC_TEXT_ERR_PHASE,
	  0, NO_ANSWER, "only SendTargets names targets" },
	{ ISC_KEY_AUTH_METHOD, TGT_OFFER, KEEP, "None", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "security key in operational stage" },
	{ ISC_KEY_CHAP_A, TGT_OFFER, KEEP, "5", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "CHAP key in operational stage" },
	{ ISC_KEY_CHAP_I, TGT_OFFER, KEEP, "5", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "CHAP key in operational stage" },
	{ ISC_KEY_CHAP_C, TGT_OFFER, KEEP, "0x01", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "CHAP key in operational stage" },
	{ ISC_KEY_CHAP_N, TGT_OFFER, KEEP, "t", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "CHAP key in operational stage" },
	{ ISC_KEY_CHAP_R, TGT_OFFER, KEEP, "0x01", ISC_TEXT_ERR_PHASE, 0,
	  NO_ANSWER, "CHAP key in operational stage" },
};

static bool run_case(const struct key_case *c)
{
	const struct isc_key_def *d = isc_key_def(c->key);
	enum isc_text_err err;
	bool ok = true;

	setup(c->we_offer, true, false, c->offer == KEEP ? ISC_KEY_NONE :
	      c->key, c->offer);
	if (c->we_offer && d->rule != ISC_KR_DECL)
		EXPECT(n.offered & (1U << c->key));
	err = isc_negot_rx(&n, d->name, c->val);
	if (err != c->err)
		tap_diag("got %s", isc_text_err_str(err));
	EXPECT(err == c->err);
	if (!c->err)
		EXPECT(n.res[c->key] == c->res);
	if (c->answer)
		EXPECT(answered(c->answer));
	else
		EXPECT(!c->err || n.ans_len == 0);
	return ok;
}

static bool t_default_offer(void)
{
	static const char expect[] =
		"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
		"InitialR2T=No\0ImmediateData=Yes\0"
		"MaxRecvDataSegmentLength=262144\0MaxBurstLength=262144\0"
		"FirstBurstLength=65536\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=20\0MaxOutstandingR2T=1\0"
		"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
		"ErrorRecoveryLevel=0\0iSCSIProtocolLevel=1\0";
	bool ok = true;

	setup(true, true, false, ISC_KEY_NONE, 0);
	EXPECT(offer_len == sizeof(expect) - 1);
	EXPECT(!memcmp(offer_buf, expect, sizeof(expect) - 1));
	/* nothing is offered twice */
	EXPECT(isc_negot_offer(&n, offer_buf, sizeof(offer_buf)) == 0);
	/* too small a buffer */
	setup(false, true, false, ISC_KEY_NONE, 0);
	EXPECT(isc_negot_offer(&n, offer_buf, 40) == -ENOSPC);
	return ok;
}

static bool t_security_offer(void)
{
	struct isc_offer o;
	int len;
	bool ok = true;

	isc_offer_default(&o);
	o.val[ISC_KEY_AUTH_METHOD] = (1U << ISC_AUTH_CHAP) |
				     (1U << ISC_AUTH_NONE);
	isc_negot_init(&n, &o, true, false);
	isc_negot_begin(&n, ISC_STAGE_SEC);
	len = isc_negot_offer(&n, offer_buf, sizeof(offer_buf));
	EXPECT(len == 21 && !strcmp(offer_buf, "AuthMethod=CHAP,None"));
	EXPECT(isc_negot_rx(&n, "AuthMethod", "SRP") ==
	       ISC_TEXT_ERR_NEGOTIATION);
	isc_negot_init(&n, &o, true, false);
	isc_negot_begin(&n, ISC_STAGE_SEC);
	isc_negot_offer(&n, offer_buf, sizeof(offer_buf));
	EXPECT(!isc_negot_rx(&n, "AuthMethod", "CHAP"));
	EXPECT(n.res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP);
	/* operational keys may not be answered before they are offered */
	EXPECT(isc_negot_rx(&n, "MaxBurstLength", "Reject") ==
	       ISC_TEXT_ERR_NEGOTIATION);
	return ok;
}

static enum isc_text_err auth_seen(void *arg, enum isc_key key,
				   const char *val)
{
	int *count = arg;

	(void)val;
	(*count)++;
	return key == ISC_KEY_CHAP_C ? ISC_TEXT_ERR_AUTH : ISC_TEXT_OK;
}

static bool t_auth_keys(void)
{
	struct isc_offer o;
	int count = 0;
	bool ok = true;

	isc_offer_default(&o);
	isc_negot_init(&n, &o, true, false);
	isc_negot_begin(&n, ISC_STAGE_SEC);
	EXPECT(isc_negot_rx(&n, "CHAP_A", "5") == ISC_TEXT_ERR_AUTH);
	n.auth_fn = auth_seen;
	n.auth_arg = &count;
	EXPECT(isc_negot_rx(&n, "CHAP_I", "1") == ISC_TEXT_OK);
	EXPECT(isc_negot_rx(&n, "CHAP_C", "0x01") == ISC_TEXT_ERR_AUTH);
	EXPECT(count == 2);
	return ok;
}

static bool t_unknown_and_duplicates(void)
{
	bool ok = true;

	setup(true, true, false, ISC_KEY_NONE, 0);
	EXPECT(!isc_negot_rx(&n, "X-com.example.feature", "1"));
	EXPECT(answered("X-com.example.feature=NotUnderstood"));
	EXPECT(isc_negot_rx(&n, "X-com.example.other", "NotUnderstood") ==
	       ISC_TEXT_ERR_NEGOTIATION);
	EXPECT(!isc_negot_rx(&n, "MaxBurstLength", "65536"));
	EXPECT(isc_negot_rx(&n, "MaxBurstLength", "65536") ==
	       ISC_TEXT_ERR_DUPLICATE);
	/* a settled key offered again in a later exchange */
	isc_negot_begin(&n, ISC_STAGE_OP);
	EXPECT(isc_negot_rx(&n, "MaxBurstLength", "4096") ==
	       ISC_TEXT_ERR_DUPLICATE);
	/* TargetAddress may repeat */
	EXPECT(!isc_negot_rx(&n, "TargetAddress", "a:1,1"));
	EXPECT(!isc_negot_rx(&n, "TargetAddress", "b:1,1"));
	EXPECT(!strcmp(n.address, "b:1,1"));
	/* an answer we never asked for */
	setup(false, true, false, ISC_KEY_NONE, 0);
	EXPECT(isc_negot_rx(&n, "ImmediateData", "Irrelevant") ==
	       ISC_TEXT_ERR_NEGOTIATION);
	return ok;
}

static bool t_non_leading(void)
{
	static const char expect[] =
		"HeaderDigest=None\0DataDigest=None\0"
		"MaxRecvDataSegmentLength=262144\0";
	bool ok = true;

	setup(true, false, false, ISC_KEY_NONE, 0);
	EXPECT(offer_len == sizeof(expect) - 1 &&
	       !memcmp(offer_buf, expect, offer_len));
	EXPECT(isc_negot_rx(&n, "MaxBurstLength", "512") == ISC_TEXT_ERR_PHASE);
	return ok;
}

static bool t_discovery(void)
{
	bool ok = true;

	setup(true, true, true, ISC_KEY_NONE, 0);
	EXPECT(!memcmp(offer_buf, "HeaderDigest=None\0DataDigest=None\0"
		       "MaxRecvDataSegmentLength=262144\0", offer_len));
	EXPECT(!isc_negot_rx(&n, "MaxBurstLength", "512"));
	EXPECT(answered("MaxBurstLength=Irrelevant"));
	return ok;
}

static bool t_ffp_text(void)
{
	bool ok = true;

	setup(false, true, false, ISC_KEY_NONE, 0);
	isc_negot_begin(&n, ISC_STAGE_FFP);
	EXPECT(!isc_negot_rx(&n, "TargetName", "iqn.2001-04.com.example:a"));
	EXPECT(!isc_negot_rx(&n, "TargetName", "iqn.2001-04.com.example:b"));
	EXPECT(!isc_negot_rx(&n, "MaxRecvDataSegmentLength", "4096"));
	EXPECT(isc_negot_rx(&n, "InitialR2T", "Yes") == ISC_TEXT_ERR_PHASE);
	return ok;
}

/* RFC 7143 §6.2 style exchange: full offer, full answer, outcome. */
static bool t_full_exchange(void)
{
	static const char rsp[] =
		"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
		"InitialR2T=Yes\0ImmediateData=Yes\0"
		"MaxRecvDataSegmentLength=65536\0MaxBurstLength=131072\0"
		"FirstBurstLength=65536\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=0\0MaxOutstandingR2T=1\0"
		"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
		"ErrorRecoveryLevel=0\0iSCSIProtocolLevel=1\0"
		"TargetPortalGroupTag=1\0TargetAlias=LIO\0";
	struct isc_text_acc acc;
	struct isc_params p;
	bool ok = true;

	setup(true, true, false, ISC_KEY_NONE, 0);
	isc_text_acc_init(&acc, 0);
	EXPECT(!isc_text_acc_feed(&acc, (const u8 *)rsp, 100, false,
				  isc_negot_rx_pair, &n));
	EXPECT(!isc_text_acc_feed(&acc, (const u8 *)rsp + 100,
				  sizeof(rsp) - 101, true,
				  isc_negot_rx_pair, &n));
	EXPECT(n.ans_len == 0);
	EXPECT(!isc_negot_finish(&n, &p));
	EXPECT(!p.header_digest && !p.data_digest && p.initial_r2t);
	EXPECT(p.immediate_data && p.max_recv_dsl == 262144);
	EXPECT(p.max_xmit_dsl == 65536 && p.max_burst == 131072);
	EXPECT(p.first_burst == 65536 && p.t2wait == 2 && p.t2retain == 0);
	EXPECT(p.max_outstanding_r2t == 1 && p.erl == 0);
	EXPECT(p.protocol_level == 1 && p.has_tpgt && p.tpgt == 1);
	EXPECT(!strcmp(p.target_alias, "LIO"));
	return ok;
}

static bool t_unanswered(void)
{
	struct isc_params p;
	bool ok = true;

	setup(true, true, false, ISC_KEY_IMMEDIATE_DATA, 0);
	EXPECT(!isc_negot_finish(&n, &p));
	EXPECT(!p.immediate_data);	/* AND(No, default Yes) */
	EXPECT(p.initial_r2t);		/* OR(No, default Yes) */
	EXPECT(p.max_burst == 262144 && p.first_burst == 65536);
	EXPECT(p.max_xmit_dsl == ISCSI_DEF_MAX_RECV_SEG_LEN);
	EXPECT(p.protocol_level == 0);	/* MIN(1, default 0) */
	/* CRC32C required, target silent: default None unacceptable */
	setup(true, true, false, ISC_KEY_HEADER_DIGEST, CRC);
	EXPECT(isc_negot_finish(&n, &p) == ISC_TEXT_ERR_NEGOTIATION);
	return ok;
}

static bool t_burst(void)
{
	struct isc_params p;
	bool ok = true;

	setup(true, true, false, ISC_KEY_NONE, 0);
	EXPECT(!isc_negot_rx(&n, "MaxBurstLength", "512"));
	EXPECT(!isc_negot_rx(&n, "FirstBurstLength", "1024"));
	EXPECT(isc_negot_finish(&n, &p) == ISC_TEXT_ERR_BURST);
	/* irrelevant with InitialR2T=Yes and ImmediateData=No */
	setup(true, true, false, ISC_KEY_NONE, 0);
	EXPECT(!isc_negot_rx(&n, "InitialR2T", "Yes"));
	EXPECT(!isc_negot_rx(&n, "ImmediateData", "No"));
	EXPECT(!isc_negot_rx(&n, "MaxBurstLength", "512"));
	EXPECT(!isc_negot_rx(&n, "FirstBurstLength", "1024"));
	EXPECT(!isc_negot_finish(&n, &p));
	return ok;
}

static bool t_answer_space(void)
{
	char key[ISC_KEY_NAME_MAX + 1];
	enum isc_text_err err = ISC_TEXT_OK;
	bool ok = true;
	int i;

	setup(false, true, false, ISC_KEY_NONE, 0);
	for (i = 0; i < 64 && !err; i++) {
		snprintf(key, sizeof(key), "X-com.example.padding-padding-%04d",
			 i);
		err = isc_negot_rx(&n, key, "1");
	}
	EXPECT(err == ISC_TEXT_ERR_NOSPC);
	EXPECT(n.ans_len <= ISC_ANSWER_MAX);
	return ok;
}

static bool t_defaults(void)
{
	struct isc_params p;
	bool ok = true;

	isc_params_default(&p);
	EXPECT(!p.header_digest && !p.data_digest && p.max_connections == 1);
	EXPECT(p.initial_r2t && p.immediate_data);
	EXPECT(p.max_recv_dsl == 8192 && p.max_xmit_dsl == 8192);
	EXPECT(p.max_burst == 262144 && p.first_burst == 65536);
	EXPECT(p.t2wait == 2 && p.t2retain == 20);
	EXPECT(p.max_outstanding_r2t == 1 && p.data_pdu_in_order);
	EXPECT(p.data_seq_in_order && p.erl == 0 && p.protocol_level == 0);
	EXPECT(p.task_reporting == ISC_TASKREP_RFC3720);
	return ok;
}

int main(void)
{
	u32 covered = 0;
	unsigned int i;

	tap_ok(t_defaults(), "RFC 7143 §13 defaults");
	tap_ok(t_default_offer(), "default operational offer, exact bytes");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct key_case *c = &cases[i];

		covered |= 1U << c->key;
		tap_ok(run_case(c), "%s=%s: %s", isc_key_def(c->key)->name,
		       c->val, c->why);
	}
	tap_ok(covered == (1ULL << __ISC_KEY_LAST) - 1,
	       "every key of the table has a negotiation case");
	tap_ok(t_security_offer(), "AuthMethod offer and answer");
	tap_ok(t_auth_keys(), "CHAP keys go to the auth layer");
	tap_ok(t_unknown_and_duplicates(), "NotUnderstood, duplicates, repeats");
	tap_ok(t_non_leading(), "non-leading connection: no LO keys");
	tap_ok(t_discovery(), "discovery session: Irrelevant keys");
	tap_ok(t_ffp_text(), "full feature phase text keys");
	tap_ok(t_full_exchange(), "full exchange split over two PDUs");
	tap_ok(t_unanswered(), "unanswered offers settle on the default");
	tap_ok(t_burst(), "FirstBurstLength <= MaxBurstLength");
	tap_ok(t_answer_space(), "answer queue is bounded");
	return tap_done();
}
