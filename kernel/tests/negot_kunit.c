// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: text keys and the operational negotiation (kernel/proto/text.c,
 * text_negot.c) as built into kiscsi.ko. The per-key tables live in the
 * userspace tests (tests/unit/test_negot.c); here the engine runs in the
 * kernel, under KASAN/UBSAN in the debug lane, on heap buffers sized to
 * the byte.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "../proto/pdu.h"
#include "../proto/text.h"

/* What isc_offer_default() proposes, in order. */
static const char default_offer[] =
	"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
	"InitialR2T=No\0ImmediateData=Yes\0"
	"MaxRecvDataSegmentLength=262144\0MaxBurstLength=262144\0"
	"FirstBurstLength=65536\0DefaultTime2Wait=2\0"
	"DefaultTime2Retain=20\0MaxOutstandingR2T=1\0"
	"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
	"ErrorRecoveryLevel=0\0iSCSIProtocolLevel=1\0";

/* A complete LIO-like answer to the default offer. */
static const char lio_answer[] =
	"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
	"InitialR2T=Yes\0ImmediateData=Yes\0"
	"MaxRecvDataSegmentLength=65536\0MaxBurstLength=131072\0"
	"FirstBurstLength=65536\0DefaultTime2Wait=2\0"
	"DefaultTime2Retain=0\0MaxOutstandingR2T=1\0"
	"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
	"ErrorRecoveryLevel=0\0iSCSIProtocolLevel=1\0"
	"TargetPortalGroupTag=1\0TargetAlias=LIO\0";

struct negot_fixture {
	struct isc_negot n;
	struct isc_params p;
	struct isc_text_acc acc;
	char offer[2048];
	int offer_len;
};

static int negot_init(struct kunit *test)
{
	struct negot_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

/* Operational stage of a leading normal session, our offer sent. */
static void negot_start(struct negot_fixture *f, enum isc_key k, u32 val)
{
	struct isc_offer o;

	isc_offer_default(&o);
	if (k != ISC_KEY_NONE)
		o.val[k] = val;
	isc_negot_init(&f->n, &o, true, false);
	isc_negot_begin(&f->n, ISC_STAGE_OP);
	f->offer_len = isc_negot_offer(&f->n, f->offer, sizeof(f->offer));
}

/* The same, but nothing offered yet: the target speaks first. */
static void negot_start_silent(struct negot_fixture *f)
{
	struct isc_offer o;

	isc_offer_default(&o);
	isc_negot_init(&f->n, &o, true, false);
	isc_negot_begin(&f->n, ISC_STAGE_OP);
}

static bool answered(const struct isc_negot *n, const char *pair)
{
	u32 off = 0;

	while (off < n->ans_len) {
		if (!strcmp(n->ans + off, pair))
			return true;
		off += strlen(n->ans + off) + 1;
	}
	return false;
}

static void negot_test_default_offer(struct kunit *test)
{
	struct negot_fixture *f = test->priv;

	negot_start(f, ISC_KEY_NONE, 0);
	KUNIT_ASSERT_EQ(test, f->offer_len, (int)sizeof(default_offer) - 1);
	KUNIT_EXPECT_EQ(test, memcmp(f->offer, default_offer,
				     sizeof(default_offer) - 1), 0);
	/* nothing is offered twice */
	KUNIT_EXPECT_EQ(test, isc_negot_offer(&f->n, f->offer,
					      sizeof(f->offer)), 0);
	/* a buffer too small for the offer */
	negot_start_silent(f);
	KUNIT_EXPECT_EQ(test, isc_negot_offer(&f->n, f->offer, 40), -ENOSPC);
}

struct key_case {
	const char *desc;
	enum isc_key key;
	u32 offer;		/* KEEP: the default */
	const char *val;	/* the target's answer */
	enum isc_text_err err;
	u32 res;
};

#define KEEP	0xffffffffU

static const struct key_case key_cases[] = {
	{ "digest answered CRC32C", ISC_KEY_HEADER_DIGEST,
	  (1U << ISC_DIGEST_CRC32C) | (1U << ISC_DIGEST_NONE), "CRC32C",
	  ISC_TEXT_OK, ISC_DIGEST_CRC32C },
	{ "digest not offered", ISC_KEY_HEADER_DIGEST,
	  1U << ISC_DIGEST_NONE, "CRC32C", ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "digest answer is a list", ISC_KEY_DATA_DIGEST,
	  (1U << ISC_DIGEST_CRC32C) | (1U << ISC_DIGEST_NONE), "CRC32C,None",
	  ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "unknown digest", ISC_KEY_HEADER_DIGEST, KEEP, "MD5",
	  ISC_TEXT_ERR_VALUE, 0 },
	{ "MaxConnections above offer", ISC_KEY_MAX_CONNECTIONS, 4, "8",
	  ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "MaxConnections 0", ISC_KEY_MAX_CONNECTIONS, 4, "0",
	  ISC_TEXT_ERR_RANGE, 0 },
	{ "InitialR2T OR", ISC_KEY_INITIAL_R2T, 0, "Yes", ISC_TEXT_OK, 1 },
	{ "InitialR2T Yes answered No", ISC_KEY_INITIAL_R2T, 1, "No",
	  ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "booleans are case-sensitive", ISC_KEY_INITIAL_R2T, 0, "yes",
	  ISC_TEXT_ERR_BOOL, 0 },
	{ "ImmediateData AND", ISC_KEY_IMMEDIATE_DATA, 1, "No",
	  ISC_TEXT_OK, 0 },
	{ "MaxBurstLength below offer", ISC_KEY_MAX_BURST, KEEP, "65536",
	  ISC_TEXT_OK, 65536 },
	{ "MaxBurstLength above offer", ISC_KEY_MAX_BURST, KEEP, "524288",
	  ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "MaxBurstLength below 512", ISC_KEY_MAX_BURST, KEEP, "511",
	  ISC_TEXT_ERR_RANGE, 0 },
	{ "MaxBurstLength above 2^24-1", ISC_KEY_MAX_BURST, KEEP, "16777216",
	  ISC_TEXT_ERR_RANGE, 0 },
	{ "number with trailing junk", ISC_KEY_MAX_BURST, KEEP, "65536x",
	  ISC_TEXT_ERR_NUMBER, 0 },
	{ "number overflowing 64 bits", ISC_KEY_MAX_BURST, KEEP,
	  "99999999999999999999999", ISC_TEXT_ERR_NUMBER, 0 },
	{ "Reject keeps the default", ISC_KEY_MAX_BURST, KEEP, "Reject",
	  ISC_TEXT_OK, 262144 },
	{ "hex number", ISC_KEY_FIRST_BURST, KEEP, "0x8000", ISC_TEXT_OK,
	  32768 },
	{ "Time2Wait takes the maximum", ISC_KEY_T2WAIT, 2, "5",
	  ISC_TEXT_OK, 5 },
	{ "Time2Wait above 3600", ISC_KEY_T2WAIT, 2, "3601",
	  ISC_TEXT_ERR_RANGE, 0 },
	{ "ErrorRecoveryLevel above offer", ISC_KEY_ERL, 0, "1",
	  ISC_TEXT_ERR_NEGOTIATION, 0 },
	{ "ErrorRecoveryLevel 3", ISC_KEY_ERL, 2, "3", ISC_TEXT_ERR_RANGE, 0 },
	{ "RFC 3720 target: ProtocolLevel NotUnderstood",
	  ISC_KEY_PROTOCOL_LEVEL, 1, "NotUnderstood", ISC_TEXT_OK, 0 },
	{ "target sends an initiator-only key", ISC_KEY_INITIATOR_NAME, KEEP,
	  "iqn.x", ISC_TEXT_ERR_SENDER, 0 },
	{ "security key in operational stage", ISC_KEY_AUTH_METHOD, KEEP,
	  "None", ISC_TEXT_ERR_PHASE, 0 },
	{ "CHAP key in operational stage", ISC_KEY_CHAP_C, KEEP, "0x01",
	  ISC_TEXT_ERR_PHASE, 0 },
};

static void key_case_desc(const struct key_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(key, key_cases, key_case_desc);

static void negot_test_key(struct kunit *test)
{
	const struct key_case *c = test->param_value;
	struct negot_fixture *f = test->priv;
	const struct isc_key_def *d = isc_key_def(c->key);
	enum isc_text_err err;

	KUNIT_ASSERT_NOT_NULL(test, d);
	negot_start(f, c->offer == KEEP ? ISC_KEY_NONE : c->key, c->offer);
	err = isc_negot_rx(&f->n, d->name, c->val);
	KUNIT_EXPECT_EQ_MSG(test, err, c->err, "%s=%s: got \"%s\"", d->name,
			    c->val, isc_text_err_str(err));
	if (err == ISC_TEXT_OK && c->err == ISC_TEXT_OK)
		KUNIT_EXPECT_EQ(test, f->n.res[c->key], c->res);
}

static void negot_test_target_offers(struct kunit *test)
{
	struct negot_fixture *f = test->priv;

	/* keys the target offers and we did not: we answer them */
	negot_start_silent(f);
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "MaxBurstLength", "1048576"),
			ISC_TEXT_OK);
	KUNIT_EXPECT_TRUE(test, answered(&f->n, "MaxBurstLength=262144"));
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "DataDigest", "CRC32C"),
			ISC_TEXT_OK);
	KUNIT_EXPECT_TRUE(test, answered(&f->n, "DataDigest=Reject"));
	/* an unknown key is NotUnderstood, a duplicate is an error */
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "X-com.example.f", "1"),
			ISC_TEXT_OK);
	KUNIT_EXPECT_TRUE(test,
			  answered(&f->n, "X-com.example.f=NotUnderstood"));
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "MaxBurstLength", "65536"),
			ISC_TEXT_ERR_DUPLICATE);
}

/* A full exchange, the answer split across two Login Responses. */
static void negot_test_full_exchange(struct kunit *test)
{
	struct negot_fixture *f = test->priv;
	struct isc_params *p = &f->p;
	size_t split;

	for (split = 1; split < sizeof(lio_answer) - 1; split += 37) {
		size_t rest = sizeof(lio_answer) - 1 - split;
		u8 *a = kmemdup(lio_answer, split, GFP_KERNEL);
		u8 *b = kmemdup(lio_answer + split, rest, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, a);
		KUNIT_ASSERT_NOT_NULL(test, b);
		negot_start(f, ISC_KEY_NONE, 0);
		isc_text_acc_init(&f->acc, 0);
		KUNIT_EXPECT_EQ(test, isc_text_acc_feed(&f->acc, a, split,
							false,
							isc_negot_rx_pair,
							&f->n), ISC_TEXT_OK);
		KUNIT_EXPECT_EQ(test, isc_text_acc_feed(&f->acc, b, rest, true,
							isc_negot_rx_pair,
							&f->n), ISC_TEXT_OK);
		kfree(a);
		kfree(b);
		KUNIT_EXPECT_EQ(test, f->n.ans_len, 0U);
		KUNIT_ASSERT_EQ(test, isc_negot_finish(&f->n, p), ISC_TEXT_OK);
		KUNIT_EXPECT_FALSE(test, p->header_digest);
		KUNIT_EXPECT_TRUE(test, p->initial_r2t);
		KUNIT_EXPECT_TRUE(test, p->immediate_data);
		KUNIT_EXPECT_EQ(test, p->max_recv_dsl, 262144U);
		KUNIT_EXPECT_EQ(test, p->max_xmit_dsl, 65536U);
		KUNIT_EXPECT_EQ(test, p->max_burst, 131072U);
		KUNIT_EXPECT_EQ(test, p->first_burst, 65536U);
		KUNIT_EXPECT_EQ(test, p->t2retain, 0U);
		KUNIT_EXPECT_TRUE(test, p->has_tpgt);
		KUNIT_EXPECT_EQ(test, p->tpgt, 1);
		KUNIT_EXPECT_STREQ(test, p->target_alias, "LIO");
	}
}

/* FirstBurstLength may not exceed MaxBurstLength (RFC 7143 §13.14). */
static void negot_test_burst_rule(struct kunit *test)
{
	struct negot_fixture *f = test->priv;

	negot_start(f, ISC_KEY_NONE, 0);
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "MaxBurstLength", "4096"),
			ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, isc_negot_rx(&f->n, "FirstBurstLength", "8192"),
			ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, isc_negot_finish(&f->n, &f->p),
			ISC_TEXT_ERR_BURST);
}

/* Malformed sequences from the accumulator's point of view. */
static void negot_test_text_acc(struct kunit *test)
{
	static const char unterminated[] = "MaxBurstLength=4096";
	static const char no_equals[] = "MaxBurstLength\0";
	struct negot_fixture *f = test->priv;
	u8 *buf;

	buf = kmemdup(unterminated, sizeof(unterminated) - 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	negot_start(f, ISC_KEY_NONE, 0);
	isc_text_acc_init(&f->acc, 0);
	KUNIT_EXPECT_EQ(test, isc_text_acc_feed(&f->acc, buf,
						sizeof(unterminated) - 1, true,
						isc_negot_rx_pair, &f->n),
			ISC_TEXT_ERR_UNTERMINATED);
	kfree(buf);

	buf = kmemdup(no_equals, sizeof(no_equals) - 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	isc_text_acc_init(&f->acc, 0);
	KUNIT_EXPECT_EQ(test, isc_text_acc_feed(&f->acc, buf,
						sizeof(no_equals) - 1, true,
						isc_negot_rx_pair, &f->n),
			ISC_TEXT_ERR_SYNTAX);
	kfree(buf);

	/* the byte cap of one sequence */
	isc_text_acc_init(&f->acc, 16);
	KUNIT_EXPECT_EQ(test, isc_text_acc_feed(&f->acc,
						(const u8 *)lio_answer, 64,
						false, isc_negot_rx_pair,
						&f->n),
			ISC_TEXT_ERR_TOO_MUCH);
}

static void negot_test_text_codec(struct kunit *test)
{
	static const u8 bin[] = { 0x00, 0xfe, 0x10, 0x7f };
	char *out = kunit_kzalloc(test, 64, GFP_KERNEL);
	u8 back[8];
	size_t len;
	u64 v;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, isc_text_parse_num("0", &v), ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, isc_text_parse_num("0x10", &v), ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, v, 16ULL);
	KUNIT_EXPECT_NE(test, isc_text_parse_num("", &v), ISC_TEXT_OK);
	KUNIT_EXPECT_NE(test, isc_text_parse_num("-1", &v), ISC_TEXT_OK);
	KUNIT_EXPECT_GT(test, isc_text_encode_binary(bin, sizeof(bin),
						     ISC_BIN_HEX, out, 64), 0);
	KUNIT_EXPECT_EQ(test, isc_text_decode_binary(out, back, sizeof(back),
						     &len), ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, len, sizeof(bin));
	KUNIT_EXPECT_EQ(test, memcmp(back, bin, sizeof(bin)), 0);
	KUNIT_EXPECT_GT(test, isc_text_encode_binary(bin, sizeof(bin),
						     ISC_BIN_BASE64, out, 64),
			0);
	KUNIT_EXPECT_EQ(test, isc_text_decode_binary(out, back, sizeof(back),
						     &len), ISC_TEXT_OK);
	KUNIT_EXPECT_EQ(test, memcmp(back, bin, sizeof(bin)), 0);
	/* a destination one byte short */
	KUNIT_EXPECT_NE(test, isc_text_decode_binary("0x0102", back, 1, &len),
			ISC_TEXT_OK);
	KUNIT_EXPECT_NE(test, isc_text_decode_binary("0x0g", back,
						     sizeof(back), &len),
			ISC_TEXT_OK);
}

static struct kunit_case negot_cases[] = {
	KUNIT_CASE(negot_test_default_offer),
	KUNIT_CASE_PARAM(negot_test_key, key_gen_params),
	KUNIT_CASE(negot_test_target_offers),
	KUNIT_CASE(negot_test_full_exchange),
	KUNIT_CASE(negot_test_burst_rule),
	KUNIT_CASE(negot_test_text_acc),
	KUNIT_CASE(negot_test_text_codec),
	{}
};

static struct kunit_suite negot_suite = {
	.name = "kiscsi_negot",
	.init = negot_init,
	.test_cases = negot_cases,
};

kunit_test_suite(negot_suite);
