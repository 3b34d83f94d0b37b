// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the task table's ITT encoding (kernel/core.h).
 *
 * A command's ITT is (generation << 24) | blk_mq_unique_tag(rq), and the
 * receive path finds the task again from the ITT alone
 * (kiscsi_task_lookup(): hardware queue and tag back out of the ITT,
 * then the generation must match). These tests pin the layout to the
 * block layer's unique-tag encoding and check that no command ITT can
 * collide with the reserved tag or with the driver's own internal ITTs
 * (logout, NOP-Out ping, task management), whatever the generation.
 */
#include <kunit/test.h>
#include <linux/blk-mq.h>

#include "../core.h"

/* As kiscsi_queuecommand() builds it. */
static u32 cmd_itt(u8 gen, u16 hwq, u16 tag)
{
	return ((u32)gen << KISCSI_ITT_GEN_SHIFT) |
	       (((u32)hwq << BLK_MQ_UNIQUE_TAG_BITS) | tag);
}

/* As kiscsi_task_lookup() takes it apart. */
static u32 itt_hwq(u32 itt)
{
	return (itt >> KISCSI_ITT_HWQ_SHIFT) & KISCSI_ITT_HWQ_MASK;
}

static u32 itt_unique_tag(u32 itt)
{
	return (itt_hwq(itt) << KISCSI_ITT_HWQ_SHIFT) |
	       (itt & KISCSI_ITT_TAG_MASK);
}

/* As tmf.c recognises a TMF response of any generation. */
static bool itt_is_tmf(u32 itt)
{
	return (itt & ~(0xffU << KISCSI_ITT_GEN_SHIFT)) == KISCSI_ITT_TMF;
}

static void itt_test_layout(struct kunit *test)
{
	/* The ITT's low 24 bits are exactly blk_mq_unique_tag(). */
	KUNIT_EXPECT_EQ(test, KISCSI_ITT_HWQ_SHIFT, BLK_MQ_UNIQUE_TAG_BITS);
	KUNIT_EXPECT_EQ(test, KISCSI_ITT_TAG_MASK, BLK_MQ_UNIQUE_TAG_MASK);
	KUNIT_EXPECT_EQ(test, KISCSI_ITT_GEN_SHIFT,
			KISCSI_ITT_HWQ_SHIFT + 8);
	/* every tag the midlayer may hand out fits in the tag field */
	KUNIT_EXPECT_LE(test, KISCSI_CAN_QUEUE - 1, KISCSI_ITT_TAG_MASK);
	/* the internal hardware queue is not one blk-mq could give us */
	KUNIT_EXPECT_GT(test, KISCSI_ITT_INTERNAL_HWQ, 1U);
}

static void itt_test_round_trip(struct kunit *test)
{
	static const u16 tags[] = { 0, 1, KISCSI_CAN_QUEUE - 1, 0xffff };
	unsigned int t;
	u16 hwq;
	u32 gen;

	for (gen = 1; gen <= 0xff; gen++) {
		for (hwq = 0; hwq < 4; hwq++) {
			for (t = 0; t < ARRAY_SIZE(tags); t++) {
				u32 itt = cmd_itt(gen, hwq, tags[t]);
				u32 utag = itt_unique_tag(itt);

				KUNIT_ASSERT_EQ(test, itt_hwq(itt), (u32)hwq);
				KUNIT_ASSERT_EQ(test,
						blk_mq_unique_tag_to_hwq(utag),
						hwq);
				KUNIT_ASSERT_EQ(test,
						blk_mq_unique_tag_to_tag(utag),
						tags[t]);
				KUNIT_ASSERT_EQ(test,
						itt >> KISCSI_ITT_GEN_SHIFT,
						gen);
			}
		}
	}
}

/*
 * Generations 1..255: a command ITT is never 0, never the reserved tag
 * and never an internal ITT; internal ITTs are distinct from each other.
 */
static void itt_test_no_collisions(struct kunit *test)
{
	static const u16 tags[] = { 0, 1, 2, 3, KISCSI_CAN_QUEUE - 1 };
	unsigned int t;
	u32 gen;

	KUNIT_EXPECT_NE(test, KISCSI_ITT_LOGOUT, KISCSI_ITT_NOP);
	KUNIT_EXPECT_NE(test, KISCSI_ITT_LOGOUT, ISCSI_RESERVED_TAG);
	KUNIT_EXPECT_NE(test, KISCSI_ITT_NOP, ISCSI_RESERVED_TAG);
	KUNIT_EXPECT_EQ(test, itt_hwq(KISCSI_ITT_NOP), KISCSI_ITT_INTERNAL_HWQ);
	KUNIT_EXPECT_FALSE(test, itt_is_tmf(KISCSI_ITT_NOP));
	KUNIT_EXPECT_FALSE(test, itt_is_tmf(KISCSI_ITT_LOGOUT));

	for (gen = 0; gen <= 0xff; gen++) {
		u32 tmf = (gen << KISCSI_ITT_GEN_SHIFT) | KISCSI_ITT_TMF;

		KUNIT_ASSERT_TRUE(test, itt_is_tmf(tmf));
		KUNIT_ASSERT_NE(test, tmf, ISCSI_RESERVED_TAG);
		KUNIT_ASSERT_NE(test, tmf, KISCSI_ITT_NOP);
		KUNIT_ASSERT_NE(test, tmf, KISCSI_ITT_LOGOUT);
		if (!gen)
			continue;
		for (t = 0; t < ARRAY_SIZE(tags); t++) {
			u32 itt = cmd_itt(gen, 0, tags[t]);

			KUNIT_ASSERT_NE(test, itt, 0U);
			KUNIT_ASSERT_NE(test, itt, ISCSI_RESERVED_TAG);
			KUNIT_ASSERT_NE(test, itt, KISCSI_ITT_NOP);
			KUNIT_ASSERT_NE(test, itt, KISCSI_ITT_LOGOUT);
			KUNIT_ASSERT_FALSE(test, itt_is_tmf(itt));
		}
	}
}

/*
 * A tag reused 255 times gets 255 distinct ITTs (generation 0 is
 * skipped), so a late PDU for a finished command never matches its
 * successor until the generation comes round again.
 */
static void itt_test_generations(struct kunit *test)
{
	DECLARE_BITMAP(seen, 256);
	u8 gen = 0xfd;
	int i;

	bitmap_zero(seen, 256);
	for (i = 0; i < 255; i++) {
		u32 itt;

		if (!++gen)
			gen = 1;
		itt = cmd_itt(gen, 0, 7);
		KUNIT_ASSERT_NE(test, itt >> KISCSI_ITT_GEN_SHIFT, 0U);
		KUNIT_ASSERT_FALSE(test, test_bit(itt >> KISCSI_ITT_GEN_SHIFT,
						  seen));
		__set_bit(itt >> KISCSI_ITT_GEN_SHIFT, seen);
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, 256), 255U);
}

static struct kunit_case itt_cases[] = {
	KUNIT_CASE(itt_test_layout),
	KUNIT_CASE(itt_test_round_trip),
	KUNIT_CASE(itt_test_no_collisions),
	KUNIT_CASE(itt_test_generations),
	{}
};

static struct kunit_suite itt_suite = {
	.name = "kiscsi_itt",
	.test_cases = itt_cases,
};

kunit_test_suite(itt_suite);

MODULE_DESCRIPTION("KUnit tests of the kiscsi protocol core and task tags");
MODULE_LICENSE("GPL");
