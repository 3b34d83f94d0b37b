// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the PDU codec (kernel/proto/pdu.c, pdu_build.c) inside the
 * kernel, as kiscsi.ko exports it.
 *
 * The userspace unit tests (tests/unit/test_pdu.c) cover every opcode and
 * every parse error; these suites run the same code as built for the
 * kernel, under KASAN and UBSAN in the debug-kernel lane. Wire buffers
 * are allocated at their exact length, so any read past the end of a PDU
 * is a KASAN report, not a silent pass.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../proto/pdu.h"

#define RECV_DSL	8192
#define MAX_BURST	65536

static const struct isc_task_xfer task4k = {
	.read_len = 4096, .write_len = 4096, .bidi = false,
};

static struct isc_pdu_ctx ctx_from(enum isc_pdu_role role)
{
	struct isc_pdu_ctx c = {
		.role = role, .login = false, .max_recv_dsl = RECV_DSL,
		.max_burst = MAX_BURST, .erl = 0, .task = NULL,
	};

	return c;
}

static void pdu_base(struct isc_pdu *p, u8 op)
{
	memset(p, 0, sizeof(*p));
	p->opcode = op;
	p->final = true;
	p->itt = 0x11223344;
	p->ttt = ISCSI_RESERVED_TAG;
	p->lun[1] = 1;
	p->cmdsn = 0xfffffff0;
	p->exp_statsn = 77;
	p->statsn = 0x80000001;
	p->exp_cmdsn = 10;
	p->max_cmdsn = 41;
}

/*
 * Build @in into a buffer of exactly header + padded data bytes, data
 * filled with a pattern. Returns the buffer (test-managed) and its
 * length in *@len, the header length in *@hl.
 */
static u8 *pdu_wire(struct kunit *test, const struct isc_pdu *in,
		    size_t *len, int *hl)
{
	const size_t max = ISCSI_HDR_LEN + ISC_AHS_MAX;
	u8 *scratch = kunit_kzalloc(test, max, GFP_KERNEL);
	u32 i;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, scratch);
	*hl = isc_pdu_build(in, scratch, max);
	KUNIT_ASSERT_GE(test, *hl, ISCSI_HDR_LEN);
	*len = *hl + isc_padded(in->data_len);
	buf = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, scratch, *hl);
	kunit_kfree(test, scratch);
	for (i = 0; i < in->data_len; i++)
		buf[*hl + i] = (u8)(i * 7 + 1);
	return buf;
}

static void pdu_test_helpers(struct kunit *test)
{
	u8 dl[3];

	KUNIT_EXPECT_EQ(test, isc_pad_len(0), 0U);
	KUNIT_EXPECT_EQ(test, isc_pad_len(1), 3U);
	KUNIT_EXPECT_EQ(test, isc_pad_len(4), 0U);
	KUNIT_EXPECT_EQ(test, isc_padded(5), 8U);
	KUNIT_EXPECT_EQ(test, isc_padded(ISC_DSL_MAX), ISC_DSL_MAX + 1);
	isc_put_dsl(dl, 0xabcdef);
	KUNIT_EXPECT_EQ(test, dl[0], 0xab);
	KUNIT_EXPECT_EQ(test, dl[2], 0xef);
	KUNIT_EXPECT_EQ(test, isc_get_dsl(dl), 0xabcdefU);
}

static void pdu_test_err_str(struct kunit *test)
{
	int e;

	for (e = ISC_PDU_OK; e <= ISC_PDU_ERR_MAX; e++) {
		const char *s = isc_pdu_err_str(e);

		KUNIT_ASSERT_NOT_NULL(test, s);
		KUNIT_EXPECT_STRNEQ(test, s, "unknown error");
	}
	KUNIT_EXPECT_STREQ(test, isc_pdu_err_str(__ISC_PDU_ERR_LAST),
			   "unknown error");
	KUNIT_EXPECT_STREQ(test, isc_pdu_err_str(-1), "unknown error");
}

static void pdu_test_opcode_roles(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, isc_opcode_is_initiator(ISCSI_OP_SCSI_CMD));
	KUNIT_EXPECT_FALSE(test, isc_opcode_is_target(ISCSI_OP_SCSI_CMD));
	KUNIT_EXPECT_TRUE(test, isc_opcode_is_target(ISCSI_OP_SCSI_DATA_IN));
	KUNIT_EXPECT_FALSE(test, isc_opcode_is_initiator(ISCSI_OP_R2T));
	KUNIT_EXPECT_FALSE(test, isc_opcode_is_target(0x3c));
	KUNIT_EXPECT_FALSE(test, isc_opcode_is_initiator(0x3c));
}

static void pdu_test_scsi_cmd_round_trip(struct kunit *test)
{
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_INITIATOR);
	struct isc_pdu in, out;
	size_t len;
	int hl, i;
	u8 *buf;

	pdu_base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.write = true;
	in.cmd.attr = ISCSI_ATTR_SIMPLE;
	in.cmd.exp_len = 4096;
	in.cmd.cdb_len = ISCSI_CDB_SIZE;
	for (i = 0; i < ISCSI_CDB_SIZE; i++)
		in.cmd.cdb[i] = 0x2a + i;
	in.data_len = 512;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, hl, ISCSI_HDR_LEN);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, out.opcode, ISCSI_OP_SCSI_CMD);
	KUNIT_EXPECT_EQ(test, out.itt, in.itt);
	KUNIT_EXPECT_EQ(test, out.cmdsn, in.cmdsn);
	KUNIT_EXPECT_EQ(test, out.exp_statsn, in.exp_statsn);
	KUNIT_EXPECT_TRUE(test, out.cmd.write);
	KUNIT_EXPECT_FALSE(test, out.cmd.read);
	KUNIT_EXPECT_EQ(test, out.cmd.exp_len, 4096U);
	KUNIT_EXPECT_EQ(test, out.cmd.cdb_len, ISCSI_CDB_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(out.cmd.cdb, in.cmd.cdb, ISCSI_CDB_SIZE),
			0);
	KUNIT_EXPECT_EQ(test, out.data_len, 512U);
	KUNIT_EXPECT_PTR_EQ(test, out.data, (const u8 *)buf + hl);
}

static void pdu_test_ext_cdb_ahs(struct kunit *test)
{
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_INITIATOR);
	struct isc_pdu in, out;
	size_t len;
	int hl, i;
	u8 *buf;

	pdu_base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.read = true;
	in.cmd.write = true;
	in.cmd.exp_len = 1024;
	in.cmd.bidi_read_len = 2048;
	in.cmd.cdb_len = 32;
	for (i = 0; i < 32; i++)
		in.cmd.cdb[i] = i;
	buf = pdu_wire(test, &in, &len, &hl);
	/* extended CDB AHS: 4 + 16 bytes; bidi read length AHS: 8 */
	KUNIT_EXPECT_EQ(test, hl, ISCSI_HDR_LEN + 20 + 8);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, out.ahs_len, 28U);
	KUNIT_EXPECT_EQ(test, out.cmd.cdb_len, 32);
	KUNIT_EXPECT_EQ(test, memcmp(out.cmd.cdb, in.cmd.cdb, 32), 0);
	KUNIT_EXPECT_EQ(test, out.cmd.bidi_read_len, 2048U);
}

static void pdu_test_target_pdus(struct kunit *test)
{
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_TARGET);
	struct isc_pdu in, out;
	size_t len;
	int hl;
	u8 *buf;

	c.task = &task4k;

	/* SCSI Response with 18 bytes of sense */
	pdu_base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.rsp.response = ISC_RSP_COMPLETED;
	in.rsp.status = ISC_SAM_CHECK_CONDITION;
	in.rsp.underflow = true;
	in.rsp.residual = 512;
	in.rsp.exp_datasn = 4;
	in.data_len = 2 + 18;
	buf = pdu_wire(test, &in, &len, &hl);
	buf[hl] = 0;
	buf[hl + 1] = 18;
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, out.statsn, in.statsn);
	KUNIT_EXPECT_EQ(test, out.exp_cmdsn, in.exp_cmdsn);
	KUNIT_EXPECT_EQ(test, out.max_cmdsn, in.max_cmdsn);
	KUNIT_EXPECT_EQ(test, out.rsp.status, ISC_SAM_CHECK_CONDITION);
	KUNIT_EXPECT_TRUE(test, out.rsp.underflow);
	KUNIT_EXPECT_EQ(test, out.rsp.residual, 512U);
	KUNIT_EXPECT_EQ(test, out.rsp.sense_len, 18);
	KUNIT_EXPECT_PTR_EQ(test, out.rsp.sense, (const u8 *)buf + hl + 2);
	/* a SenseLength larger than the segment */
	buf[hl + 1] = 19;
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_SENSE_LEN);

	/* Data-In with status */
	pdu_base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.dat.has_status = true;
	in.dat.underflow = true;
	in.dat.residual = 96;
	in.dat.datasn = 1;
	in.dat.offset = 1000;
	in.data_len = 3000;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_TRUE(test, out.dat.has_status);
	KUNIT_EXPECT_EQ(test, out.dat.datasn, 1U);
	KUNIT_EXPECT_EQ(test, out.dat.offset, 1000U);
	KUNIT_EXPECT_EQ(test, isc_pdu_check_task(&out, &task4k), ISC_PDU_OK);
	/* ... and one whose data runs past the task's 4 KiB */
	pdu_base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.dat.offset = 2048;
	in.data_len = 2049;
	buf = pdu_wire(test, &in, &len, &hl);
	c.task = NULL;
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, isc_pdu_check_task(&out, &task4k),
			ISC_PDU_ERR_OFFSET);
	c.task = &task4k;

	/* R2T: in range, zero length, beyond MaxBurstLength */
	pdu_base(&in, ISCSI_OP_R2T);
	in.ttt = 0x10;
	in.r2t.offset = 1024;
	in.r2t.length = 3072;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, out.ttt, 0x10U);
	KUNIT_EXPECT_EQ(test, out.r2t.length, 3072U);
	in.r2t.length = 0;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_R2T_LENGTH);

	/* Login Response in the login phase only */
	c.login = true;
	pdu_base(&in, ISCSI_OP_LOGIN_RSP);
	in.login.transit = true;
	in.login.csg = ISC_STAGE_SEC;
	in.login.nsg = ISC_STAGE_OP;
	in.login.tsih = 9;
	in.login.status_class = ISCSI_STATUS_CLS_SUCCESS;
	in.data_len = 30;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_TRUE(test, out.login.transit);
	KUNIT_EXPECT_EQ(test, out.login.nsg, ISC_STAGE_OP);
	KUNIT_EXPECT_EQ(test, out.login.tsih, 9);
	c.login = false;
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_PHASE);

	/* Reject carries the refused header */
	pdu_base(&in, ISCSI_OP_REJECT);
	in.itt = ISCSI_RESERVED_TAG;
	in.reject.reason = ISCSI_REASON_PROTOCOL_ERROR;
	in.data_len = ISCSI_HDR_LEN;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_ASSERT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
	KUNIT_EXPECT_PTR_EQ(test, out.reject.bad_hdr, (const u8 *)buf + hl);
}

static void pdu_test_refusals(struct kunit *test)
{
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_TARGET);
	struct isc_pdu in, out;
	size_t len;
	int hl;
	u8 *buf;

	/* an initiator opcode from the target */
	pdu_base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.read = true;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_DIRECTION);

	/* a vendor opcode */
	pdu_base(&in, ISCSI_OP_NOOP_IN);
	buf = pdu_wire(test, &in, &len, &hl);
	buf[0] = 0x3c;
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_OPCODE);

	/* DataSegmentLength over our MaxRecvDataSegmentLength */
	pdu_base(&in, ISCSI_OP_NOOP_IN);
	in.data_len = RECV_DSL + 1;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out),
			ISC_PDU_ERR_DSL_LIMIT);

	/* TotalAHSLength running past the buffer */
	pdu_base(&in, ISCSI_OP_NOOP_IN);
	buf = pdu_wire(test, &in, &len, &hl);
	buf[4] = 1;
	KUNIT_EXPECT_NE(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);

	/*
	 * The header alone: isc_pdu_parse_hdr() takes a Data-In whose data
	 * went straight to the command's pages, and refuses opcodes whose
	 * checks need the data segment.
	 */
	c.task = &task4k;
	pdu_base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.data_len = 100;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, ISCSI_HDR_LEN, &c, &out),
			ISC_PDU_ERR_SHORT);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse_hdr(buf, ISCSI_HDR_LEN, &c, &out),
			ISC_PDU_OK);
	KUNIT_EXPECT_EQ(test, out.data_len, 100U);
	KUNIT_EXPECT_NULL(test, out.data);
	pdu_base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.data_len = 20;
	buf = pdu_wire(test, &in, &len, &hl);
	KUNIT_EXPECT_EQ(test, isc_pdu_parse_hdr(buf, ISCSI_HDR_LEN, &c, &out),
			ISC_PDU_ERR_OPCODE);
}

/*
 * Every truncation of a valid PDU is refused, and parsing reads nothing
 * beyond the given length: each prefix sits at the end of its own exact
 * allocation, so an overread is a KASAN report.
 */
static void pdu_test_truncations(struct kunit *test)
{
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_TARGET);
	struct isc_pdu in, out;
	size_t len, cut;
	int hl;
	u8 *buf;

	c.task = &task4k;
	pdu_base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.data_len = 2 + 18;
	buf = pdu_wire(test, &in, &len, &hl);
	buf[hl] = 0;
	buf[hl + 1] = 18;
	for (cut = 0; cut < len; cut++) {
		u8 *prefix = kmemdup(buf, cut ? cut : 1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, prefix);
		KUNIT_EXPECT_EQ_MSG(test, isc_pdu_parse(prefix, cut, &c, &out),
				    ISC_PDU_ERR_SHORT, "cut at %zu", cut);
		kfree(prefix);
	}
	KUNIT_EXPECT_EQ(test, isc_pdu_parse(buf, len, &c, &out), ISC_PDU_OK);
}

/*
 * Hostile input: random bit flips in valid target PDUs never crash or
 * overread, and whatever parses is self-consistent.
 */
static void pdu_test_mutations(struct kunit *test)
{
	static const u8 ops[] = {
		ISCSI_OP_NOOP_IN, ISCSI_OP_SCSI_CMD_RSP, ISCSI_OP_SCSI_DATA_IN,
		ISCSI_OP_R2T, ISCSI_OP_ASYNC_EVENT, ISCSI_OP_REJECT,
		ISCSI_OP_TEXT_RSP, ISCSI_OP_LOGOUT_RSP, ISCSI_OP_SCSI_TMFUNC_RSP,
	};
	struct isc_pdu_ctx c = ctx_from(ISC_FROM_TARGET);
	struct rnd_state rnd;
	struct isc_pdu in, out;
	unsigned int i, n;
	size_t len;
	int hl;
	u8 *buf;

	prandom_seed_state(&rnd, 0x6b697363);
	c.task = &task4k;
	for (i = 0; i < 4000; i++) {
		u8 op = ops[i % ARRAY_SIZE(ops)];

		pdu_base(&in, op);
		if (op == ISCSI_OP_ASYNC_EVENT || op == ISCSI_OP_REJECT)
			in.itt = ISCSI_RESERVED_TAG;
		if (op == ISCSI_OP_R2T) {
			in.ttt = 1;
			in.r2t.length = 512;
		}
		in.data_len = prandom_u32_state(&rnd) % 64;
		if (op == ISCSI_OP_REJECT) {
			in.reject.reason = ISCSI_REASON_PROTOCOL_ERROR;
			in.data_len = ISCSI_HDR_LEN;
		}
		if (op == ISCSI_OP_R2T)
			in.data_len = 0;
		buf = pdu_wire(test, &in, &len, &hl);
		for (n = prandom_u32_state(&rnd) % 4 + 1; n; n--) {
			u32 bit = prandom_u32_state(&rnd) % (len * 8);

			buf[bit / 8] ^= 1U << (bit % 8);
		}
		if (isc_pdu_parse(buf, len, &c, &out) == ISC_PDU_OK) {
			KUNIT_EXPECT_LE(test, ISCSI_HDR_LEN + out.ahs_len +
					isc_padded(out.data_len), len);
			if (out.data_len)
				KUNIT_EXPECT_PTR_EQ(test, out.data,
						    (const u8 *)buf +
						    ISCSI_HDR_LEN + out.ahs_len);
		}
		kunit_kfree(test, buf);
	}
}

static void pdu_test_build_limits(struct kunit *test)
{
	const size_t max = ISCSI_HDR_LEN + ISC_AHS_MAX;
	u8 *hdr = kunit_kzalloc(test, max, GFP_KERNEL);
	struct isc_pdu in;

	KUNIT_ASSERT_NOT_NULL(test, hdr);
	pdu_base(&in, ISCSI_OP_NOOP_OUT);
	KUNIT_EXPECT_LT(test, isc_pdu_build(&in, hdr, ISCSI_HDR_LEN - 1), 0);
	in.data_len = ISC_DSL_MAX + 1;
	KUNIT_EXPECT_LT(test, isc_pdu_build(&in, hdr, max), 0);
	/* a 32-byte CDB needs room for its AHS */
	pdu_base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.read = true;
	in.cmd.cdb_len = 32;
	KUNIT_EXPECT_LT(test, isc_pdu_build(&in, hdr, ISCSI_HDR_LEN), 0);
	KUNIT_EXPECT_EQ(test, isc_pdu_build(&in, hdr, max), ISCSI_HDR_LEN + 20);
}

static struct kunit_case pdu_cases[] = {
	KUNIT_CASE(pdu_test_helpers),
	KUNIT_CASE(pdu_test_err_str),
	KUNIT_CASE(pdu_test_opcode_roles),
	KUNIT_CASE(pdu_test_scsi_cmd_round_trip),
	KUNIT_CASE(pdu_test_ext_cdb_ahs),
	KUNIT_CASE(pdu_test_target_pdus),
	KUNIT_CASE(pdu_test_refusals),
	KUNIT_CASE(pdu_test_truncations),
	KUNIT_CASE(pdu_test_mutations),
	KUNIT_CASE(pdu_test_build_limits),
	{}
};

static struct kunit_suite pdu_suite = {
	.name = "kiscsi_pdu",
	.test_cases = pdu_cases,
};

kunit_test_suite(pdu_suite);
