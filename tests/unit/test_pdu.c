// SPDX-License-Identifier: GPL-2.0
/*
 * test_pdu.c - BHS build/parse round trips for every opcode, AHS, padding,
 * serial number arithmetic, and one test per enum isc_pdu_err value.
 */
#include "tap.h"
#include "pdu.h"

#define BUF_LEN		8192
#define MAX_BURST	65536
#define RECV_DSL	8192

/* Aligned so the tests may overlay the kernel's wire structs. */
static union {
	u8 b[BUF_LEN];
	struct iscsi_hdr hdr;
	struct iscsi_scsi_req cmd;
	struct iscsi_scsi_rsp rsp;
	struct iscsi_data_rsp din;
	struct iscsi_r2t_rsp r2t;
	struct iscsi_login_rsp login_rsp;
	struct iscsi_async async;
	struct iscsi_reject reject;
	struct iscsi_nopin nopin;
	struct iscsi_text_rsp text_rsp;
	struct iscsi_logout_rsp logout_rsp;
	struct iscsi_tm_rsp tm_rsp;
} wire;
static size_t wire_len;

static struct isc_task_xfer task = {
	.read_len = 4096, .write_len = 4096, .bidi = false,
};

static struct isc_pdu_ctx tgt_ctx(void)
{
	struct isc_pdu_ctx c = {
		.role = ISC_FROM_TARGET, .login = false,
		.max_recv_dsl = RECV_DSL, .max_burst = MAX_BURST, .erl = 0,
		.task = NULL,
	};
	return c;
}

static struct isc_pdu_ctx ini_ctx(void)
{
	struct isc_pdu_ctx c = tgt_ctx();

	c.role = ISC_FROM_INITIATOR;
	return c;
}

/* Build @in into the wire buffer with @in->data_len bytes of pattern. */
static int build(const struct isc_pdu *in)
{
	int hl = isc_pdu_build(in, wire.b, sizeof(wire.b));
	u32 i;

	if (hl < 0)
		return hl;
	for (i = 0; i < in->data_len; i++)
		wire.b[hl + i] = (u8)(i * 7 + 1);
	for (; i < isc_padded(in->data_len); i++)
		wire.b[hl + i] = 0;
	wire_len = hl + isc_padded(in->data_len);
	return hl;
}

static enum isc_pdu_err reparse(const struct isc_pdu_ctx *ctx,
				struct isc_pdu *out)
{
	return isc_pdu_parse(wire.b, wire_len, ctx, out);
}

static void base(struct isc_pdu *p, u8 op)
{
	static const u8 lun[ISC_LUN_LEN] = { 0, 1, 0, 0, 0, 0, 0, 0 };

	memset(p, 0, sizeof(*p));
	p->opcode = op;
	p->final = true;
	p->itt = 0x11223344;
	p->ttt = ISCSI_RESERVED_TAG;
	memcpy(p->lun, lun, sizeof(lun));
	p->cmdsn = 0xfffffff0;
	p->exp_statsn = 77;
	p->statsn = 0x80000001;
	p->exp_cmdsn = 10;
	p->max_cmdsn = 41;
}

static bool common_eq(const struct isc_pdu *a, const struct isc_pdu *b,
		      bool target)
{
	bool ok = true;

	EXPECT(a->opcode == b->opcode);
	EXPECT(a->itt == b->itt);
	EXPECT(a->data_len == b->data_len);
	EXPECT(a->immediate == b->immediate);
	if (target) {
		EXPECT(a->statsn == b->statsn);
		EXPECT(a->exp_cmdsn == b->exp_cmdsn);
		EXPECT(a->max_cmdsn == b->max_cmdsn);
	} else {
		EXPECT(a->cmdsn == b->cmdsn || a->opcode ==
		       ISCSI_OP_SCSI_DATA_OUT || a->opcode == ISCSI_OP_SNACK);
		EXPECT(a->exp_statsn == b->exp_statsn);
	}
	if (b->data_len)
		EXPECT(b->data && b->data >= wire.b + ISCSI_HDR_LEN);
	return ok;
}

/* ---- initiator opcodes ---- */

static bool rt_nop_out(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_NOOP_OUT);
	in.immediate = true;
	in.ttt = 0x5555;
	in.data_len = 5;
	EXPECT(build(&in) == ISCSI_HDR_LEN);
	EXPECT(wire_len == ISCSI_HDR_LEN + 8);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.ttt == 0x5555 && !memcmp(out.lun, in.lun, ISC_LUN_LEN));
	return ok;
}

static bool rt_scsi_cmd(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;
	int i;

	base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.write = true;
	in.cmd.attr = ISCSI_ATTR_SIMPLE;
	in.cmd.exp_len = 4096;
	in.cmd.cdb_len = ISCSI_CDB_SIZE;
	for (i = 0; i < ISCSI_CDB_SIZE; i++)
		in.cmd.cdb[i] = 0x2a + i;
	in.data_len = 512;
	EXPECT(build(&in) == ISCSI_HDR_LEN);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.cmd.write && !out.cmd.read && out.final);
	EXPECT(out.cmd.attr == ISCSI_ATTR_SIMPLE);
	EXPECT(out.cmd.exp_len == 4096 && out.cmd.cdb_len == ISCSI_CDB_SIZE);
	EXPECT(!memcmp(out.cmd.cdb, in.cmd.cdb, ISCSI_CDB_SIZE));
	return ok;
}

static bool rt_scsi_cmd_ahs(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;
	int i, hl;

	base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.read = true;
	in.cmd.write = true;
	in.cmd.exp_len = 1024;
	in.cmd.bidi_read_len = 2048;
	in.cmd.cdb_len = 32;	/* variable-length CDB: 16 spill bytes */
	for (i = 0; i < 32; i++)
		in.cmd.cdb[i] = i;
	hl = build(&in);
	/* ext CDB AHS: 4 + 16 = 20; bidi AHS: 8 */
	EXPECT(hl == ISCSI_HDR_LEN + 20 + 8);
	EXPECT(wire.hdr.hlength == (20 + 8) / 4);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(out.ahs_len == 28);
	EXPECT(out.cmd.cdb_len == 32 && !memcmp(out.cmd.cdb, in.cmd.cdb, 32));
	EXPECT(out.cmd.bidi_read_len == 2048);
	return ok;
}

static bool rt_scsi_cmd_max_cdb(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;
	int i;

	base(&in, ISCSI_OP_SCSI_CMD);
	in.cmd.read = true;
	in.cmd.cdb_len = ISC_CDB_MAX;
	for (i = 0; i < ISC_CDB_MAX; i++)
		in.cmd.cdb[i] = i * 3;
	EXPECT(build(&in) > ISCSI_HDR_LEN);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(out.cmd.cdb_len == ISC_CDB_MAX);
	EXPECT(!memcmp(out.cmd.cdb, in.cmd.cdb, ISC_CDB_MAX));
	in.cmd.cdb_len = ISC_CDB_MAX + 1;
	EXPECT(isc_pdu_build(&in, wire.b, sizeof(wire.b)) == -EINVAL);
	return ok;
}

static bool rt_tmf(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_TMFUNC);
	in.immediate = true;
	in.tmf.function = ISCSI_TM_FUNC_ABORT_TASK;
	in.tmf.rtt = 0x99;
	in.tmf.refcmdsn = 1234;
	in.tmf.exp_datasn = 3;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.tmf.function == ISCSI_TM_FUNC_ABORT_TASK);
	EXPECT(out.tmf.rtt == 0x99 && out.tmf.refcmdsn == 1234);
	EXPECT(out.tmf.exp_datasn == 3);
	return ok;
}

static bool rt_login(void)
{
	static const u8 isid[ISC_ISID_LEN] = { 0x80, 1, 2, 3, 4, 5 };
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	c.login = true;
	base(&in, ISCSI_OP_LOGIN);
	in.immediate = true;
	in.login.transit = true;
	in.login.csg = ISC_STAGE_OP;
	in.login.nsg = ISC_STAGE_FFP;
	memcpy(in.login.isid, isid, sizeof(isid));
	in.login.tsih = 0x1234;
	in.login.cid = 7;
	in.data_len = 100;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.login.transit && !out.login.cont);
	EXPECT(out.login.csg == ISC_STAGE_OP && out.login.nsg == ISC_STAGE_FFP);
	EXPECT(!memcmp(out.login.isid, isid, sizeof(isid)));
	EXPECT(out.login.tsih == 0x1234 && out.login.cid == 7);
	return ok;
}

static bool rt_text(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_TEXT);
	in.final = false;
	in.text.cont = true;
	in.ttt = 0x42;
	in.data_len = 16;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(!out.final && out.text.cont && out.ttt == 0x42);
	return ok;
}

static bool rt_data_out(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_DATA_OUT);
	in.ttt = 0x777;
	in.dat.datasn = 2;
	in.dat.offset = 8192;
	in.data_len = 1021;	/* exercises 3 pad bytes */
	build(&in);
	EXPECT(wire_len == ISCSI_HDR_LEN + 1024);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.ttt == 0x777 && out.dat.datasn == 2);
	EXPECT(out.dat.offset == 8192 && out.final);
	return ok;
}

static bool rt_logout(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_LOGOUT);
	in.logout.reason = ISCSI_LOGOUT_REASON_CLOSE_CONNECTION;
	in.logout.cid = 3;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.logout.reason == ISCSI_LOGOUT_REASON_CLOSE_CONNECTION);
	EXPECT(out.logout.cid == 3);
	return ok;
}

static bool rt_snack(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = ini_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SNACK);
	in.snack.type = ISCSI_FLAG_SNACK_TYPE_STATUS;
	in.snack.begrun = 5;
	in.snack.runlength = 2;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, false);
	EXPECT(out.snack.type == ISCSI_FLAG_SNACK_TYPE_STATUS);
	EXPECT(out.snack.begrun == 5 && out.snack.runlength == 2);
	return ok;
}

/* ---- target opcodes ---- */

static bool rt_nop_in(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_NOOP_IN);
	in.itt = ISCSI_RESERVED_TAG;
	in.ttt = 0xabc;
	in.data_len = 4;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.ttt == 0xabc && !memcmp(out.lun, in.lun, ISC_LUN_LEN));
	return ok;
}

static bool rt_scsi_rsp(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;
	int hl;

	base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.rsp.response = ISC_RSP_COMPLETED;
	in.rsp.status = ISC_SAM_CHECK_CONDITION;
	in.rsp.underflow = true;
	in.rsp.residual = 512;
	in.rsp.exp_datasn = 4;
	in.data_len = 2 + 18;
	hl = build(&in);
	/* SenseLength = 18 */
	wire.b[hl] = 0;
	wire.b[hl + 1] = 18;
	c.task = &task;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.rsp.status == ISC_SAM_CHECK_CONDITION);
	EXPECT(out.rsp.underflow && !out.rsp.overflow);
	EXPECT(out.rsp.residual == 512 && out.rsp.exp_datasn == 4);
	EXPECT(out.rsp.sense_len == 18 && out.rsp.sense == wire.b + hl + 2);
	return ok;
}

static bool rt_scsi_rsp_bidi(void)
{
	struct isc_pdu in, out;
	struct isc_task_xfer bidi = { .read_len = 100, .write_len = 200,
				      .bidi = true };
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.rsp.bidi_underflow = true;
	in.rsp.bidi_residual = 50;
	in.rsp.overflow = true;
	in.rsp.residual = 1000;
	build(&in);
	c.task = &bidi;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(out.rsp.bidi_underflow && out.rsp.bidi_residual == 50);
	EXPECT(out.rsp.overflow && out.rsp.residual == 1000);
	EXPECT(!out.rsp.sense && !out.rsp.sense_len);
	/* Residual counts without their flag are reserved: ignored. */
	wire.rsp.flags = ISCSI_FLAG_CMD_FINAL;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(out.rsp.residual == 0 && out.rsp.bidi_residual == 0);
	return ok;
}

static bool rt_tmf_rsp(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_TMFUNC_RSP);
	in.tmf.response = ISCSI_TMF_RSP_NO_TASK;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.tmf.response == ISCSI_TMF_RSP_NO_TASK);
	return ok;
}

static bool rt_login_rsp(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	c.login = true;
	base(&in, ISCSI_OP_LOGIN_RSP);
	in.login.transit = true;
	in.login.csg = ISC_STAGE_SEC;
	in.login.nsg = ISC_STAGE_OP;
	in.login.tsih = 9;
	in.login.status_class = ISCSI_STATUS_CLS_SUCCESS;
	in.data_len = 30;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.login.transit && out.login.csg == ISC_STAGE_SEC);
	EXPECT(out.login.nsg == ISC_STAGE_OP && out.login.tsih == 9);
	return ok;
}

static bool rt_text_rsp(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_TEXT_RSP);
	in.data_len = 40;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.final && !out.text.cont);
	return ok;
}

static bool rt_data_in(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.dat.has_status = true;
	in.dat.status = ISC_SAM_GOOD;
	in.dat.underflow = true;
	in.dat.residual = 96;
	in.dat.datasn = 1;
	in.dat.offset = 1000;
	in.data_len = 3000;
	build(&in);
	c.task = &task;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.dat.has_status && out.dat.underflow);
	EXPECT(out.dat.residual == 96 && out.dat.datasn == 1);
	EXPECT(out.dat.offset == 1000);
	return ok;
}

/* The receive path parses a Data-In header before its data arrives. */
static bool hdr_data_in(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.dat.datasn = 2;
	in.dat.offset = 1000;
	in.data_len = 3000;
	build(&in);
	c.task = &task;
	EXPECT(isc_pdu_parse_hdr(wire.b, ISCSI_HDR_LEN, &c, &out) ==
	       ISC_PDU_OK);
	EXPECT(out.data_len == 3000 && !out.data);
	EXPECT(out.dat.offset == 1000 && out.dat.datasn == 2);
	/* The task check uses the real length: 1000 + 3200 > 4096. */
	in.data_len = 3200;
	build(&in);
	EXPECT(isc_pdu_parse_hdr(wire.b, ISCSI_HDR_LEN, &c, &out) ==
	       ISC_PDU_ERR_OFFSET);
	return ok;
}

static bool hdr_refuses_data_readers(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_CMD_RSP);
	in.data_len = 20;
	build(&in);
	EXPECT(isc_pdu_parse_hdr(wire.b, ISCSI_HDR_LEN, &c, &out) ==
	       ISC_PDU_ERR_OPCODE);
	return ok;
}

static bool rt_logout_rsp(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_LOGOUT_RSP);
	in.logout.response = ISCSI_LOGOUT_SUCCESS;
	in.logout.t2wait = 2;
	in.logout.t2retain = 20;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.logout.t2wait == 2 && out.logout.t2retain == 20);
	return ok;
}

static bool rt_r2t(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_R2T);
	in.ttt = 0x10;
	in.r2t.r2tsn = 0;
	in.r2t.offset = 1024;
	in.r2t.length = 3072;
	build(&in);
	c.task = &task;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.ttt == 0x10 && out.r2t.offset == 1024);
	EXPECT(out.r2t.length == 3072 && out.r2t.r2tsn == 0);
	return ok;
}

static bool rt_async(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_ASYNC_EVENT);
	in.itt = ISCSI_RESERVED_TAG;
	in.async.event = ISCSI_ASYNC_MSG_DROPPING_CONNECTION;
	in.async.param1 = 1;
	in.async.param2 = 2;
	in.async.param3 = 20;
	build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.async.event == ISCSI_ASYNC_MSG_DROPPING_CONNECTION);
	EXPECT(out.async.param1 == 1 && out.async.param2 == 2);
	EXPECT(out.async.param3 == 20);
	return ok;
}

static bool rt_reject(void)
{
	struct isc_pdu in, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;
	int hl;

	base(&in, ISCSI_OP_REJECT);
	in.itt = ISCSI_RESERVED_TAG;
	in.reject.reason = ISCSI_REASON_PROTOCOL_ERROR;
	in.data_len = ISCSI_HDR_LEN;
	hl = build(&in);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	ok &= common_eq(&in, &out, true);
	EXPECT(out.reject.reason == ISCSI_REASON_PROTOCOL_ERROR);
	EXPECT(out.reject.bad_hdr == wire.b + hl);
	return ok;
}

/* ---- helpers, lengths, serial numbers ---- */

static bool t_dsl_24bit(void)
{
	struct isc_pdu in;
	struct isc_pdu_lens lens;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	base(&in, ISCSI_OP_SCSI_DATA_IN);
	in.data_len = ISC_DSL_MAX;
	EXPECT(isc_pdu_build(&in, wire.b, sizeof(wire.b)) == ISCSI_HDR_LEN);
	EXPECT(isc_get_dsl(wire.hdr.dlength) == ISC_DSL_MAX);
	c.max_recv_dsl = ISC_DSL_MAX;
	EXPECT(isc_pdu_check_bhs(wire.b, ISCSI_HDR_LEN, &c, &lens) ==
	       ISC_PDU_OK);
	EXPECT(lens.data_len == ISC_DSL_MAX && lens.data_padded == 0x1000000);
	in.data_len = ISC_DSL_MAX + 1;
	EXPECT(isc_pdu_build(&in, wire.b, sizeof(wire.b)) == -EINVAL);
	EXPECT(isc_pdu_build(&in, wire.b, 10) == -EINVAL);
	in.data_len = 0;
	EXPECT(isc_pdu_build(&in, wire.b, 10) == -ENOSPC);
	in.opcode = 0x3a;
	EXPECT(isc_pdu_build(&in, wire.b, sizeof(wire.b)) == -EINVAL);
	return ok;
}

static bool t_padding(void)
{
	bool ok = true;

	EXPECT(isc_pad_len(0) == 0 && isc_pad_len(1) == 3);
	EXPECT(isc_pad_len(2) == 2 && isc_pad_len(3) == 1);
	EXPECT(isc_pad_len(4) == 0 && isc_padded(5) == 8);
	EXPECT(isc_padded(ISC_DSL_MAX) == ISC_DSL_MAX + 1);
	return ok;
}

static bool t_sn_compare(void)
{
	bool ok = true;

	EXPECT(isc_sn_lt(1, 2) && !isc_sn_lt(2, 1) && !isc_sn_lt(5, 5));
	EXPECT(isc_sn_lt(0xffffffff, 0) && isc_sn_gt(0, 0xffffffff));
	EXPECT(isc_sn_lt(0xfffffff0, 0x10));
	EXPECT(isc_sn_lte(7, 7) && isc_sn_gte(7, 7));
	EXPECT(isc_sn_gt(0x7fffffff, 0) && isc_sn_lt(0, 0x7fffffff));
	/* RFC 1982 §3.2: 2^31 apart is undefined: neither order holds. */
	EXPECT(!isc_sn_lt(0, 0x80000000) && !isc_sn_gt(0, 0x80000000));
	EXPECT(!isc_sn_lt(0x80000000, 0) && !isc_sn_gt(0x80000000, 0));
	return ok;
}

static bool t_sn_window(void)
{
	struct isc_sn_window w = { .exp_cmdsn = 10, .max_cmdsn = 20 };
	bool ok = true;

	EXPECT(isc_sn_window_allows(&w, 10) && isc_sn_window_allows(&w, 20));
	EXPECT(!isc_sn_window_allows(&w, 21) && !isc_sn_window_allows(&w, 9));
	EXPECT(isc_sn_window_update(&w, 12, 30) == ISC_SN_UPDATED);
	EXPECT(w.exp_cmdsn == 12 && w.max_cmdsn == 30);
	/* stale values never move the window back */
	EXPECT(isc_sn_window_update(&w, 11, 25) == ISC_SN_STALE);
	EXPECT(w.exp_cmdsn == 12 && w.max_cmdsn == 30);
	/* MaxCmdSN = ExpCmdSN - 1: valid, window closed */
	w.exp_cmdsn = 100;
	w.max_cmdsn = 99;
	EXPECT(isc_sn_window_closed(&w) && !isc_sn_window_allows(&w, 100));
	/* MaxCmdSN < ExpCmdSN - 1: both ignored */
	EXPECT(isc_sn_window_update(&w, 200, 150) == ISC_SN_INVALID);
	EXPECT(w.exp_cmdsn == 100 && w.max_cmdsn == 99);
	EXPECT(isc_sn_window_update(&w, 101, 100) == ISC_SN_UPDATED);
	EXPECT(isc_sn_window_closed(&w));
	EXPECT(isc_sn_window_update(&w, 102, 100) == ISC_SN_INVALID);
	/* wrap-around */
	w.exp_cmdsn = 0xfffffffe;
	w.max_cmdsn = 0xfffffffe;
	EXPECT(isc_sn_window_update(&w, 0xffffffff, 5) == ISC_SN_UPDATED);
	EXPECT(isc_sn_window_allows(&w, 0) && isc_sn_window_allows(&w, 5));
	EXPECT(!isc_sn_window_allows(&w, 6));
	return ok;
}

static bool t_err_str(void)
{
	bool ok = true;
	int i, j;

	for (i = 0; i < __ISC_PDU_ERR_LAST; i++) {
		EXPECT(isc_pdu_err_str(i) && *isc_pdu_err_str(i));
		for (j = 0; j < i; j++)
			EXPECT(strcmp(isc_pdu_err_str(i), isc_pdu_err_str(j)));
	}
	EXPECT(!strcmp(isc_pdu_err_str(__ISC_PDU_ERR_LAST), "unknown error"));
	return ok;
}

/* ---- one test per error ---- */

struct err_case {
	enum isc_pdu_err err;
	const char *what;
	bool (*fn)(struct isc_pdu_ctx *c);	/* builds wire, adjusts ctx */
};

static void tgt(u8 op, struct isc_pdu *p)
{
	base(p, op);
	if (op == ISCSI_OP_ASYNC_EVENT || op == ISCSI_OP_REJECT)
		p->itt = ISCSI_RESERVED_TAG;
	if (op == ISCSI_OP_R2T) {
		p->ttt = 1;
		p->r2t.length = 512;
	}
	if (op == ISCSI_OP_REJECT) {
		p->reject.reason = ISCSI_REASON_PROTOCOL_ERROR;
		p->data_len = ISCSI_HDR_LEN;
	}
}

static bool e_short(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_NOOP_IN, &p);
	p.data_len = 100;
	build(&p);
	wire_len = ISCSI_HDR_LEN + 99;
	return true;
}

static bool e_opcode(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_NOOP_IN, &p);
	build(&p);
	wire.hdr.opcode = 0x3c;	/* vendor specific: not accepted */
	return true;
}

static bool e_direction(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	base(&p, ISCSI_OP_SCSI_CMD);
	p.cmd.read = true;
	build(&p);
	return true;
}

static bool e_phase(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->login = true;
	tgt(ISCSI_OP_NOOP_IN, &p);
	build(&p);
	return true;
}

static bool e_ahs_len(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	*c = ini_ctx();
	base(&p, ISCSI_OP_SCSI_CMD);
	p.cmd.read = true;
	p.cmd.cdb_len = 32;
	build(&p);
	/* AHSLength claims more than TotalAHSLength holds */
	wire.b[ISCSI_HDR_LEN + 1] = 200;
	return true;
}

static bool e_ahs_type(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.data_len = 0;
	build(&p);
	wire.hdr.hlength = 1;	/* target PDUs define no AHS */
	wire_len += ISC_AHS_WORD;
	return true;
}

static bool e_dsl_limit(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->max_recv_dsl = 512;
	tgt(ISCSI_OP_SCSI_DATA_IN, &p);
	p.data_len = 516;
	build(&p);
	return true;
}

static bool e_dsl_forbidden(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_R2T, &p);
	p.data_len = 4;
	build(&p);
	return true;
}

static bool e_final(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	build(&p);
	wire.rsp.flags &= ~ISCSI_FLAG_CMD_FINAL;
	return true;
}

static bool e_flags(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_DATA_IN, &p);
	p.final = false;
	p.dat.has_status = true;	/* S without F */
	build(&p);
	return true;
}

static bool e_residual(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.rsp.overflow = true;
	p.rsp.underflow = true;
	build(&p);
	return true;
}

static bool e_tag(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_NOOP_IN, &p);
	p.ttt = 5;	/* ITT and TTT both valid */
	build(&p);
	return true;
}

static bool e_response(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.rsp.response = 0x02;	/* reserved: 0x02..0x7f */
	build(&p);
	return true;
}

static bool e_status(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.rsp.status = 0x01;
	build(&p);
	return true;
}

static bool e_login_status(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->login = true;
	tgt(ISCSI_OP_LOGIN_RSP, &p);
	p.login.status_class = 4;
	build(&p);
	return true;
}

static bool e_stage(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->login = true;
	tgt(ISCSI_OP_LOGIN_RSP, &p);
	p.login.transit = true;
	p.login.csg = ISC_STAGE_OP;
	p.login.nsg = ISC_STAGE_RESERVED;
	build(&p);
	return true;
}

static bool e_version(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->login = true;
	tgt(ISCSI_OP_LOGIN_RSP, &p);
	build(&p);
	wire.login_rsp.active_version = 1;	/* above Version-max 0 */
	return true;
}

static bool e_offset(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	c->task = &task;
	tgt(ISCSI_OP_SCSI_DATA_IN, &p);
	p.dat.offset = 4000;
	p.data_len = 100;	/* 4100 > 4096 */
	build(&p);
	return true;
}

static bool e_r2t_length(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_R2T, &p);
	p.r2t.length = MAX_BURST + 1;
	build(&p);
	return true;
}

static bool e_async_event(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_ASYNC_EVENT, &p);
	p.async.event = 5;
	build(&p);
	return true;
}

static bool e_sense_len(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;
	int hl;

	(void)c;
	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.rsp.status = ISC_SAM_CHECK_CONDITION;
	p.data_len = 10;
	hl = build(&p);
	wire.b[hl] = 0;
	wire.b[hl + 1] = 9;	/* 2 + 9 > 10 */
	return true;
}

static bool e_reject_reason(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_REJECT, &p);
	p.reject.reason = 0x01;
	build(&p);
	return true;
}

static bool e_reject_hdr(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_REJECT, &p);
	p.data_len = ISCSI_HDR_LEN - 4;
	build(&p);
	return true;
}

static bool e_time(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	(void)c;
	tgt(ISCSI_OP_LOGOUT_RSP, &p);
	p.logout.t2wait = ISC_TIME2_MAX + 1;
	build(&p);
	return true;
}

static bool e_tmf_func(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	*c = ini_ctx();
	base(&p, ISCSI_OP_SCSI_TMFUNC);
	p.tmf.function = 9;
	build(&p);
	return true;
}

static bool e_logout_reason(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	*c = ini_ctx();
	base(&p, ISCSI_OP_LOGOUT);
	p.logout.reason = 3;
	build(&p);
	return true;
}

static bool e_snack_type(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	*c = ini_ctx();
	base(&p, ISCSI_OP_SNACK);
	p.snack.type = 4;
	build(&p);
	return true;
}

static bool e_attr(struct isc_pdu_ctx *c)
{
	struct isc_pdu p;

	*c = ini_ctx();
	base(&p, ISCSI_OP_SCSI_CMD);
	p.cmd.read = true;
	p.cmd.attr = 5;
	build(&p);
	return true;
}

static const struct err_case err_cases[] = {
	{ ISC_PDU_ERR_SHORT, "data segment truncated", e_short },
	{ ISC_PDU_ERR_OPCODE, "vendor opcode 0x3c", e_opcode },
	{ ISC_PDU_ERR_DIRECTION, "SCSI Command from a target", e_direction },
	{ ISC_PDU_ERR_PHASE, "NOP-In during login", e_phase },
	{ ISC_PDU_ERR_AHS_LEN, "AHSLength past TotalAHSLength", e_ahs_len },
	{ ISC_PDU_ERR_AHS_TYPE, "AHS on a SCSI Response", e_ahs_type },
	{ ISC_PDU_ERR_DSL_LIMIT, "DSL above MaxRecvDSL", e_dsl_limit },
	{ ISC_PDU_ERR_DSL_FORBIDDEN, "data on an R2T", e_dsl_forbidden },
	{ ISC_PDU_ERR_FINAL, "SCSI Response without F", e_final },
	{ ISC_PDU_ERR_FLAGS, "Data-In S without F", e_flags },
	{ ISC_PDU_ERR_RESIDUAL, "SCSI Response O and U", e_residual },
	{ ISC_PDU_ERR_TAG, "NOP-In with ITT and TTT", e_tag },
	{ ISC_PDU_ERR_RESPONSE, "SCSI Response code 0x02", e_response },
	{ ISC_PDU_ERR_STATUS, "SCSI status 0x01", e_status },
	{ ISC_PDU_ERR_LOGIN_STATUS, "login status class 4", e_login_status },
	{ ISC_PDU_ERR_STAGE, "login NSG 2", e_stage },
	{ ISC_PDU_ERR_VERSION, "active version above max", e_version },
	{ ISC_PDU_ERR_OFFSET, "Data-In past EDTL", e_offset },
	{ ISC_PDU_ERR_R2T_LENGTH, "R2T above MaxBurstLength", e_r2t_length },
	{ ISC_PDU_ERR_ASYNC_EVENT, "AsyncEvent 5", e_async_event },
	{ ISC_PDU_ERR_SENSE_LEN, "SenseLength past segment", e_sense_len },
	{ ISC_PDU_ERR_REJECT_REASON, "Reject reason 0x01", e_reject_reason },
	{ ISC_PDU_ERR_REJECT_HDR, "Reject shorter than a BHS", e_reject_hdr },
	{ ISC_PDU_ERR_TIME, "Logout Time2Wait 3601", e_time },
	{ ISC_PDU_ERR_TMF_FUNC, "TMF function 9", e_tmf_func },
	{ ISC_PDU_ERR_LOGOUT_REASON, "logout reason 3", e_logout_reason },
	{ ISC_PDU_ERR_SNACK_TYPE, "SNACK type 4", e_snack_type },
	{ ISC_PDU_ERR_ATTR, "task attribute 5", e_attr },
};

/* Further cases per error: more than one rule can raise the same code. */
static bool extra_errors(void)
{
	struct isc_pdu p, out;
	struct isc_pdu_ctx c = tgt_ctx();
	bool ok = true;

	tgt(ISCSI_OP_SCSI_DATA_IN, &p);
	p.dat.ack = true;	/* A bit at ERL 0 */
	p.ttt = 3;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_FLAGS);
	c.erl = 1;
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	p.ttt = ISCSI_RESERVED_TAG;	/* A bit needs a TTT */
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_TAG);
	c = tgt_ctx();

	tgt(ISCSI_OP_R2T, &p);
	p.r2t.length = 0;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_R2T_LENGTH);
	p.r2t.length = 512;
	p.r2t.offset = 4000;	/* past write EDTL 4096 */
	build(&p);
	c.task = &task;
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_OFFSET);
	p.r2t.offset = 0;
	p.ttt = ISCSI_RESERVED_TAG;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_TAG);
	c.task = NULL;

	tgt(ISCSI_OP_SCSI_CMD_RSP, &p);
	p.rsp.bidi_underflow = true;	/* o/u on a non-bidi task */
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(isc_pdu_check_task(&out, &task) == ISC_PDU_ERR_RESIDUAL);
	p.rsp.bidi_underflow = false;
	p.rsp.underflow = true;
	p.rsp.residual = 5000;	/* more than was expected */
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	EXPECT(isc_pdu_check_task(&out, &task) == ISC_PDU_ERR_RESIDUAL);

	c.login = true;
	tgt(ISCSI_OP_LOGIN_RSP, &p);
	p.login.transit = true;
	p.login.cont = true;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_FLAGS);
	p.login.cont = false;
	p.login.csg = ISC_STAGE_OP;
	p.login.nsg = ISC_STAGE_SEC;	/* backwards */
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_STAGE);
	c.login = false;

	tgt(ISCSI_OP_TEXT_RSP, &p);
	p.final = false;	/* more to come but no TTT */
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_TAG);
	p.text.cont = true;
	p.final = true;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_FLAGS);

	tgt(ISCSI_OP_ASYNC_EVENT, &p);
	p.async.event = ISCSI_ASYNC_MSG_DROPPING_ALL_CONNECTIONS;
	p.async.param3 = ISC_TIME2_MAX + 1;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_TIME);
	p.async.event = ISCSI_ASYNC_MSG_VENDOR_SPECIFIC;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);
	p.itt = 1;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_TAG);

	tgt(ISCSI_OP_SCSI_TMFUNC_RSP, &p);
	p.tmf.response = 7;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_ERR_RESPONSE);
	p.tmf.response = ISCSI_TMF_RSP_REJECTED;
	build(&p);
	EXPECT(reparse(&c, &out) == ISC_PDU_OK);

	EXPECT(isc_pdu_parse(wire.b, ISCSI_HDR_LEN - 1, &c, &out) ==
	       ISC_PDU_ERR_SHORT);
	return ok;
}

int main(void)
{
	unsigned int i;

	tap_ok(rt_nop_out(), "round trip NOP-Out");
	tap_ok(rt_scsi_cmd(), "round trip SCSI Command (write, immediate data)");
	tap_ok(rt_scsi_cmd_ahs(), "round trip SCSI Command with ext CDB + bidi AHS");
	tap_ok(rt_scsi_cmd_max_cdb(), "round trip SCSI Command with 260-byte CDB");
	tap_ok(rt_tmf(), "round trip Task Management Function request");
	tap_ok(rt_login(), "round trip Login request");
	tap_ok(rt_text(), "round trip Text request");
	tap_ok(rt_data_out(), "round trip SCSI Data-Out");
	tap_ok(rt_logout(), "round trip Logout request");
	tap_ok(rt_snack(), "round trip SNACK request");
	tap_ok(rt_nop_in(), "round trip NOP-In");
	tap_ok(rt_scsi_rsp(), "round trip SCSI Response with sense data");
	tap_ok(rt_scsi_rsp_bidi(), "round trip SCSI Response bidi residuals");
	tap_ok(rt_tmf_rsp(), "round trip Task Management Function response");
	tap_ok(rt_login_rsp(), "round trip Login response");
	tap_ok(rt_text_rsp(), "round trip Text response");
	tap_ok(rt_data_in(), "round trip SCSI Data-In with status");
	tap_ok(hdr_data_in(), "header-only parse of Data-In checks the real length");
	tap_ok(hdr_refuses_data_readers(),
	       "header-only parse refuses opcodes whose rules read data");
	tap_ok(rt_logout_rsp(), "round trip Logout response");
	tap_ok(rt_r2t(), "round trip R2T");
	tap_ok(rt_async(), "round trip Asynchronous Message");
	tap_ok(rt_reject(), "round trip Reject");
	tap_ok(t_dsl_24bit(), "DataSegmentLength is 24 bits");
	tap_ok(t_padding(), "padding to 4 bytes");
	tap_ok(t_sn_compare(), "RFC 1982 serial comparisons");
	tap_ok(t_sn_window(), "CmdSN window update/closed/invalid");
	tap_ok(t_err_str(), "every isc_pdu_err has a distinct string");

	tap_ok(ARRAY_SIZE(err_cases) == ISC_PDU_ERR_MAX,
	       "every isc_pdu_err value has a test case");
	for (i = 0; i < ARRAY_SIZE(err_cases); i++) {
		struct isc_pdu_ctx c = tgt_ctx();
		struct isc_pdu out;
		enum isc_pdu_err got;

		err_cases[i].fn(&c);
		got = isc_pdu_parse(wire.b, wire_len, &c, &out);
		if (got != err_cases[i].err)
			tap_diag("got %d (%s)", got, isc_pdu_err_str(got));
		tap_ok(got == err_cases[i].err && i + 1 == err_cases[i].err,
		       "error %s: %s", isc_pdu_err_str(err_cases[i].err),
		       err_cases[i].what);
	}
	tap_ok(extra_errors(), "further rules mapped to their errors");
	return tap_done();
}
