// SPDX-License-Identifier: GPL-2.0
/*
 * test_sn.c - StatSN renumbering after injected status PDUs.
 */
#include "fpt.h"

static void none(void)
{
	struct fp_sn_map m = { 0 };
	bool ok = true;

	EXPECT(!fp_sn_active(&m));
	EXPECT(fp_sn_to_ini(&m, 77) == 77);
	EXPECT(fp_sn_to_tgt(&m, 78) == 78);
	tap_ok(ok, "sn: no injection, identity both ways");
}

static void one(void)
{
	struct fp_sn_map m = { 0 };
	bool ok = true;

	/* Target sent StatSN 10; we inject 11; the target's 11 becomes 12. */
	EXPECT(!fp_sn_inject(&m, 11));
	EXPECT(fp_sn_active(&m));
	EXPECT(fp_sn_to_ini(&m, 11) == 12);
	EXPECT(fp_sn_to_ini(&m, 12) == 13);
	/* ExpStatSN 11: the initiator has not seen the injected PDU. */
	EXPECT(fp_sn_to_tgt(&m, 11) == 11);
	EXPECT(m.npend == 1 && m.base == 0);
	/* ExpStatSN 12: it has; the target's next is 11. */
	EXPECT(fp_sn_to_tgt(&m, 12) == 11);
	EXPECT(m.npend == 0 && m.base == 1);
	EXPECT(fp_sn_to_tgt(&m, 13) == 12);
	EXPECT(fp_sn_to_ini(&m, 12) == 13);
	tap_ok(ok, "sn: one injection shifts StatSN +1 and ExpStatSN -1 once passed");
}

static void two(void)
{
	struct fp_sn_map m = { 0 };
	bool ok = true;

	/* tgt 10 -> ini 10, inject 11, tgt 11 -> ini 12, inject 13,
	 * tgt 12 -> ini 14.
	 */
	EXPECT(!fp_sn_inject(&m, 11));
	EXPECT(fp_sn_to_ini(&m, 11) == 12);
	EXPECT(!fp_sn_inject(&m, 13));
	EXPECT(fp_sn_to_ini(&m, 12) == 14);
	/* ExpStatSN 13 acknowledges ini 12 = tgt 11: the target's next is 12. */
	EXPECT(fp_sn_to_tgt(&m, 13) == 12);
	EXPECT(m.base == 1 && m.npend == 1);
	EXPECT(fp_sn_to_tgt(&m, 15) == 13);
	EXPECT(m.base == 2 && m.npend == 0);
	tap_ok(ok, "sn: two injections, ExpStatSN between them");
}

static void wrap(void)
{
	struct fp_sn_map m = { 0 };
	bool ok = true;

	EXPECT(!fp_sn_inject(&m, 0xffffffffU));
	EXPECT(fp_sn_to_ini(&m, 0xffffffffU) == 0);
	EXPECT(fp_sn_to_tgt(&m, 0xffffffffU) == 0xffffffffU);
	EXPECT(fp_sn_to_tgt(&m, 1) == 0);
	tap_ok(ok, "sn: serial arithmetic across 2^32");
}

static void full(void)
{
	struct fp_sn_map m = { 0 };
	bool ok = true;
	int i;

	for (i = 0; i < FP_SN_PEND_MAX; i++)
		EXPECT(!fp_sn_inject(&m, 100 + i));
	EXPECT(fp_sn_inject(&m, 200) == -ENOSPC);
	EXPECT(fp_sn_to_tgt(&m, 100 + FP_SN_PEND_MAX) == 100);
	EXPECT(!fp_sn_inject(&m, 200));
	tap_ok(ok, "sn: at most %d unacknowledged injections", FP_SN_PEND_MAX);
}

int main(void)
{
	none();
	one();
	two();
	wrap();
	full();
	return tap_done();
}
