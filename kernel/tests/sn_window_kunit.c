// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: RFC 1982 serial arithmetic and the CmdSN window
 * (isc_sn_window_* in kernel/proto/pdu.c, RFC 7143 §4.2.2.1), including
 * the wrap at 2^32 and the ambiguous distance of exactly 2^31.
 */
#include <kunit/test.h>

#include "../proto/pdu.h"

static void sn_test_compare(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, isc_sn_lt(1, 2));
	KUNIT_EXPECT_FALSE(test, isc_sn_lt(2, 2));
	KUNIT_EXPECT_TRUE(test, isc_sn_lte(2, 2));
	/* across the wrap */
	KUNIT_EXPECT_TRUE(test, isc_sn_lt(0xffffffff, 0));
	KUNIT_EXPECT_TRUE(test, isc_sn_gt(0, 0xffffffff));
	KUNIT_EXPECT_TRUE(test, isc_sn_lt(0xfffffff0, 0x10));
	/* 2^31 apart: neither less nor greater (RFC 1982 §3.2) */
	KUNIT_EXPECT_FALSE(test, isc_sn_lt(0, ISC_SN_HALF));
	KUNIT_EXPECT_FALSE(test, isc_sn_gt(0, ISC_SN_HALF));
	KUNIT_EXPECT_FALSE(test, isc_sn_lt(ISC_SN_HALF, 0));
	KUNIT_EXPECT_FALSE(test, isc_sn_gt(ISC_SN_HALF, 0));
	/* just inside the half */
	KUNIT_EXPECT_TRUE(test, isc_sn_lt(0, ISC_SN_HALF - 1));
	KUNIT_EXPECT_TRUE(test, isc_sn_gt(0, ISC_SN_HALF + 1));
}

static void sn_test_update(struct kunit *test)
{
	struct isc_sn_window w = { .exp_cmdsn = 10, .max_cmdsn = 41 };

	/* both edges forward */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 12, 50), ISC_SN_UPDATED);
	KUNIT_EXPECT_EQ(test, w.exp_cmdsn, 12U);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 50U);
	/* older values (another connection's late PDU) change nothing */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 11, 45), ISC_SN_STALE);
	KUNIT_EXPECT_EQ(test, w.exp_cmdsn, 12U);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 50U);
	/* one edge forward, the other stale */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 11, 60), ISC_SN_UPDATED);
	KUNIT_EXPECT_EQ(test, w.exp_cmdsn, 12U);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 60U);
	/* MaxCmdSN < ExpCmdSN - 1: both ignored */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 100, 90),
			ISC_SN_INVALID);
	KUNIT_EXPECT_EQ(test, w.exp_cmdsn, 12U);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 60U);
	/* MaxCmdSN == ExpCmdSN - 1 is valid: the window closes */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 61, 60), ISC_SN_UPDATED);
	KUNIT_EXPECT_TRUE(test, isc_sn_window_closed(&w));
	/* a window 2^31 wide is ambiguous: ignored */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 61, 60 + ISC_SN_HALF),
			ISC_SN_INVALID);
}

static void sn_test_wrap(struct kunit *test)
{
	struct isc_sn_window w = {
		.exp_cmdsn = 0xfffffffe, .max_cmdsn = 0xffffffff,
	};

	KUNIT_EXPECT_TRUE(test, isc_sn_window_allows(&w, 0xfffffffe));
	KUNIT_EXPECT_TRUE(test, isc_sn_window_allows(&w, 0xffffffff));
	KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, 0));
	/* the window moves across zero */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 0xffffffff, 5),
			ISC_SN_UPDATED);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 5U);
	KUNIT_EXPECT_TRUE(test, isc_sn_window_allows(&w, 0));
	KUNIT_EXPECT_TRUE(test, isc_sn_window_allows(&w, 5));
	KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, 6));
	KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, 0xfffffffe));
	/* a stale MaxCmdSN from before the wrap does not pull it back */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 0xfffffffe, 0xffffffff),
			ISC_SN_STALE);
	KUNIT_EXPECT_EQ(test, w.max_cmdsn, 5U);
}

static void sn_test_closed(struct kunit *test)
{
	struct isc_sn_window w = { .exp_cmdsn = 0, .max_cmdsn = 0xffffffff };
	u32 sn;

	KUNIT_EXPECT_TRUE(test, isc_sn_window_closed(&w));
	for (sn = 0xfffffff0; sn != 0x10; sn++)
		KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, sn));
	/* one slot: exactly ExpCmdSN */
	KUNIT_EXPECT_EQ(test, isc_sn_window_update(&w, 0, 0), ISC_SN_UPDATED);
	KUNIT_EXPECT_FALSE(test, isc_sn_window_closed(&w));
	KUNIT_EXPECT_TRUE(test, isc_sn_window_allows(&w, 0));
	KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, 1));
	KUNIT_EXPECT_FALSE(test, isc_sn_window_allows(&w, 0xffffffff));
}

/* A window of any width at any position allows exactly its members. */
static void sn_test_sweep(struct kunit *test)
{
	static const u32 bases[] = { 0, 1, 0x7ffffff0, 0xfffffff8 };
	static const u32 widths[] = { 1, 2, 7, 32 };
	unsigned int b, wi;
	u32 d;

	for (b = 0; b < ARRAY_SIZE(bases); b++) {
		for (wi = 0; wi < ARRAY_SIZE(widths); wi++) {
			struct isc_sn_window w = {
				.exp_cmdsn = bases[b],
				.max_cmdsn = bases[b] + widths[wi] - 1,
			};

			for (d = 0; d < 64; d++) {
				u32 sn = bases[b] - 16 + d;
				bool in = d >= 16 && d < 16 + widths[wi];

				KUNIT_EXPECT_EQ_MSG(test,
						    isc_sn_window_allows(&w, sn),
						    in, "base %#x width %u sn %#x",
						    bases[b], widths[wi], sn);
			}
		}
	}
}

static struct kunit_case sn_cases[] = {
	KUNIT_CASE(sn_test_compare),
	KUNIT_CASE(sn_test_update),
	KUNIT_CASE(sn_test_wrap),
	KUNIT_CASE(sn_test_closed),
	KUNIT_CASE(sn_test_sweep),
	{}
};

static struct kunit_suite sn_suite = {
	.name = "kiscsi_sn_window",
	.test_cases = sn_cases,
};

kunit_test_suite(sn_suite);
