// SPDX-License-Identifier: GPL-2.0
/*
 * test_engine.c - the per-connection engine, driven through the framers:
 * login watching (digests, MaxRecvDataSegmentLength, Continue), StatSN
 * renumbering with header digest recompute, the corrupt-* faults,
 * redirect, async and every malformed PDU.
 */
#include "fpt.h"

#define LOGIN_STATSN	100U
#define EXP_CMDSN	7U
#define MAX_CMDSN	38U

static struct fp_core core;
static struct fp_conn conn;
static u8 scratch[1 << 20];

static void setup(void)
{
	memset(&core, 0, sizeof(core));
	core.now_ms = 1000;
	fp_conn_init(&conn, 1);
}

static void teardown(void)
{
	fp_conn_free(&conn);
}

static void base(struct isc_pdu *pdu, u8 opcode, u32 itt)
{
	memset(pdu, 0, sizeof(*pdu));
	pdu->opcode = opcode;
	pdu->final = true;
	pdu->itt = itt;
	pdu->ttt = ISCSI_RESERVED_TAG;
}

static bool login_req(const char *keys, size_t len, bool transit)
{
	struct isc_pdu req;

	base(&req, ISCSI_OP_LOGIN, 1);
	req.login.csg = ISC_STAGE_OP;
	req.login.nsg = ISC_STAGE_FFP;
	req.login.transit = transit;
	req.login.isid[0] = 0x80;
	req.cmdsn = EXP_CMDSN;
	req.data_len = len;
	return fpt_feed(&core, &conn, FP_INI, fpt_mk(&req, keys, false, false),
			11) == 1;
}

static bool login_rsp(const char *keys, size_t len, bool transit, bool cont)
{
	struct isc_pdu rsp;

	base(&rsp, ISCSI_OP_LOGIN_RSP, 1);
	rsp.login.csg = ISC_STAGE_OP;
	rsp.login.nsg = ISC_STAGE_FFP;
	rsp.login.transit = transit;
	rsp.login.cont = cont;
	rsp.login.isid[0] = 0x80;
	rsp.login.tsih = 9;
	rsp.statsn = LOGIN_STATSN;
	rsp.exp_cmdsn = EXP_CMDSN;
	rsp.max_cmdsn = MAX_CMDSN;
	rsp.data_len = len;
	return fpt_feed(&core, &conn, FP_TGT, fpt_mk(&rsp, keys, false, false),
			13) == 1;
}

static void drain(void)
{
	fp_queue_purge(&conn.txq[FP_INI]);
	fp_queue_purge(&conn.txq[FP_TGT]);
}

/* A fresh connection in full feature phase with the given digests. */
static bool ffp(bool hd, bool dd)
{
	char keys[128];
	size_t len = 0;

	setup();
	isc_text_put(keys, sizeof(keys), &len, "HeaderDigest",
		     hd ? "CRC32C" : "None");
	isc_text_put(keys, sizeof(keys), &len, "DataDigest",
		     dd ? "CRC32C" : "None");
	if (!login_req(keys, len, true) || !login_rsp(keys, len, true, false))
		return false;
	drain();
	return conn.ffp && conn.neg_hd == hd && conn.neg_dd == dd;
}

/* Feed a target PDU built with the connection's digests. */
static bool from_tgt(const struct isc_pdu *pdu, const void *data)
{
	return fpt_feed(&core, &conn, FP_TGT,
			fpt_mk(pdu, data, conn.neg_hd, conn.neg_dd), 1000) == 1;
}

static bool from_ini(const struct isc_pdu *pdu, const void *data)
{
	return fpt_feed(&core, &conn, FP_INI,
			fpt_mk(pdu, data, conn.neg_hd, conn.neg_dd), 1000) == 1;
}

static struct fp_pdu *take(enum fp_side to, struct isc_pdu *pdu)
{
	struct fp_pdu *p = fpt_out(&conn, to);

	if (p && fpt_parse(p, to == FP_INI ? ISC_FROM_TARGET :
					     ISC_FROM_INITIATOR,
			   !conn.ffp, scratch, sizeof(scratch), pdu)) {
		memset(pdu, 0, sizeof(*pdu));
		pdu->opcode = 0xff;
	}
	return p;
}

static void t_login(void)
{
	static const char ini[] = "HeaderDigest=CRC32C,None\0DataDigest=CRC32C,None\0"
				  "MaxRecvDataSegmentLength=65536";
	static const char tgt[] = "HeaderDigest=CRC32C\0DataDigest=None\0"
				  "MaxRecvDataSegmentLength=262144";
	bool ok = true;

	setup();
	EXPECT(login_req(ini, sizeof(ini), true));
	EXPECT(!conn.ffp && conn.ini_mrdsl == 65536);
	EXPECT(!conn.neg_hd);	/* an offer list decides nothing */
	EXPECT(login_rsp(tgt, sizeof(tgt), true, false));
	EXPECT(conn.ffp && conn.neg_hd && !conn.neg_dd);
	EXPECT(!conn.rx[FP_INI].login && conn.rx[FP_INI].hd &&
	       !conn.rx[FP_INI].dd);
	EXPECT(!conn.rx[FP_TGT].login && conn.rx[FP_TGT].hd);
	EXPECT(conn.next_statsn == LOGIN_STATSN + 1);
	EXPECT(conn.win.exp_cmdsn == EXP_CMDSN &&
	       conn.win.max_cmdsn == MAX_CMDSN);
	EXPECT(core.st.logins == 1 && core.st.pdus[FP_INI] == 1 &&
	       core.st.pdus[FP_TGT] == 1 && !core.st.parse_err[FP_TGT]);
	EXPECT(fpt_count(&conn.txq[FP_INI]) == 1 &&
	       fpt_count(&conn.txq[FP_TGT]) == 1);
	EXPECT(conn.txq[FP_INI].head->len == ISCSI_HDR_LEN +
	       isc_padded(sizeof(tgt)));
	teardown();
	tap_ok(ok, "engine: login to FFP, HeaderDigest=CRC32C DataDigest=None, MRDSL 65536");
}

static void t_login_continue(void)
{
	static const char a[] = "HeaderDig";
	static const char b[] = "est=CRC32C\0DataDigest=CRC32C";
	bool ok = true;

	setup();
	EXPECT(login_req("HeaderDigest=CRC32C", 20, true));
	EXPECT(login_rsp(a, sizeof(a) - 1, false, true));
	EXPECT(!conn.ffp);
	EXPECT(login_rsp(b, sizeof(b), true, false));
	EXPECT(conn.ffp && conn.neg_hd && conn.neg_dd);
	teardown();
	tap_ok(ok, "engine: key split across a Continue login response");
}

static void t_login_answers(void)
{
	static const char none[] = "HeaderDigest=None\0DataDigest=Reject";
	static const char crc[] = "HeaderDigest=CRC32C\0DataDigest=CRC32C";
	bool ok = true;

	setup();
	EXPECT(login_req(crc, sizeof(crc), true));
	EXPECT(conn.neg_hd && conn.neg_dd);
	EXPECT(login_rsp(none, sizeof(none), true, false));
	EXPECT(conn.ffp && !conn.neg_hd && !conn.neg_dd);
	EXPECT(!conn.rx[FP_TGT].hd && !conn.rx[FP_TGT].dd);
	teardown();
	tap_ok(ok, "engine: target answers None/Reject turn single offers off");
}

static void t_async_renumber(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(true, false));
	base(&pdu, ISCSI_OP_SCSI_CMD_RSP, 3);
	pdu.statsn = 101;
	pdu.exp_cmdsn = 8;
	pdu.max_cmdsn = 40;
	EXPECT(from_tgt(&pdu, NULL));
	p = take(FP_INI, &out);
	EXPECT(p && out.statsn == 101 && fpt_hd_ok(p));
	free(p);
	EXPECT(conn.next_statsn == 102);

	EXPECT(!fp_conn_async(&core, &conn, ISCSI_ASYNC_MSG_REQUEST_LOGOUT,
			      0, 0, 5));
	p = take(FP_INI, &out);
	EXPECT(p && out.opcode == ISCSI_OP_ASYNC_EVENT);
	EXPECT(out.statsn == 102 && out.exp_cmdsn == 8 && out.max_cmdsn == 40);
	EXPECT(out.async.event == ISCSI_ASYNC_MSG_REQUEST_LOGOUT &&
	       out.async.param3 == 5);
	EXPECT(p && fpt_hd_ok(p) && p->len == ISCSI_HDR_LEN + ISC_DIGEST_LEN);
	free(p);
	EXPECT(core.st.faults[FP_F_ASYNC] == 1);

	/* The target's 102 is now the initiator's 103, digest redone. */
	base(&pdu, ISCSI_OP_NOOP_IN, 4);
	pdu.statsn = 102;
	pdu.exp_cmdsn = 8;
	pdu.max_cmdsn = 40;
	EXPECT(from_tgt(&pdu, NULL));
	p = take(FP_INI, &out);
	EXPECT(p && out.statsn == 103 && fpt_hd_ok(p));
	free(p);
	EXPECT(core.st.renumbered == 1 && conn.next_statsn == 104);

	/* ExpStatSN sent before the async was seen passes unchanged. */
	base(&pdu, ISCSI_OP_NOOP_OUT, 5);
	pdu.exp_statsn = 102;
	pdu.cmdsn = 8;
	EXPECT(from_ini(&pdu, NULL));
	p = take(FP_TGT, &out);
	EXPECT(p && out.exp_statsn == 102 && fpt_hd_ok(p));
	free(p);
	/* After it: one less. */
	pdu.exp_statsn = 104;
	EXPECT(from_ini(&pdu, NULL));
	p = take(FP_TGT, &out);
	EXPECT(p && out.exp_statsn == 103 && fpt_hd_ok(p));
	free(p);
	teardown();
	tap_ok(ok, "engine: async takes the next StatSN; later StatSN +1, ExpStatSN -1, header digests recomputed");
}

static void t_nonadvancing(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(false, false));
	/* A target ping and an R2T carry the next StatSN, not a new one. */
	base(&pdu, ISCSI_OP_NOOP_IN, ISCSI_RESERVED_TAG);
	pdu.ttt = 77;
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	EXPECT(conn.next_statsn == 101);
	base(&pdu, ISCSI_OP_R2T, 9);
	pdu.ttt = 78;
	pdu.r2t.length = 4096;
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	EXPECT(conn.next_statsn == 101);
	EXPECT(!fp_conn_async(&core, &conn, 0, 0, 0, 0));
	drain();
	base(&pdu, ISCSI_OP_R2T, 9);
	pdu.ttt = 79;
	pdu.r2t.length = 4096;
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	p = take(FP_INI, &out);
	EXPECT(p && out.statsn == 102 && !p->hd);
	free(p);
	teardown();
	tap_ok(ok, "engine: NOP-In ping and R2T do not advance StatSN but are renumbered");
}

static void t_corrupt_hd(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	u8 data[2048];
	bool ok = true;

	memset(data, 0x11, sizeof(data));
	EXPECT(ffp(true, true));
	core.faults.corrupt_hd = 1;
	base(&pdu, ISCSI_OP_SCSI_DATA_IN, 3);
	pdu.final = false;
	pdu.data_len = sizeof(data);
	EXPECT(from_tgt(&pdu, data));
	p = take(FP_INI, &out);
	EXPECT(p && !fpt_hd_ok(p) && fpt_dd_ok(p));
	free(p);
	EXPECT(!core.faults.corrupt_hd && core.st.faults[FP_F_CORRUPT_HD] == 1);
	EXPECT(from_tgt(&pdu, data));
	p = take(FP_INI, &out);
	EXPECT(p && fpt_hd_ok(p));
	free(p);
	teardown();
	tap_ok(ok, "engine: corrupt-hdigest 1 spoils exactly one header digest");
}

static void t_corrupt_dd(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	u8 data[512];
	bool ok = true;

	memset(data, 0x22, sizeof(data));
	EXPECT(ffp(true, true));
	core.faults.corrupt_dd = 1;
	base(&pdu, ISCSI_OP_SCSI_CMD_RSP, 3);
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	p = take(FP_INI, &out);
	EXPECT(p && fpt_hd_ok(p) && core.faults.corrupt_dd == 1);
	free(p);
	base(&pdu, ISCSI_OP_SCSI_DATA_IN, 4);
	pdu.final = false;
	pdu.data_len = sizeof(data);
	EXPECT(from_tgt(&pdu, data));
	p = take(FP_INI, &out);
	EXPECT(p && fpt_hd_ok(p) && !fpt_dd_ok(p));
	EXPECT(p && !memcmp(fp_pdu_data(p), data, sizeof(data)));
	free(p);
	EXPECT(!core.faults.corrupt_dd && core.st.faults[FP_F_CORRUPT_DD] == 1);
	teardown();
	tap_ok(ok, "engine: corrupt-ddigest skips PDUs without data, spoils the next data digest");
}

static void t_corrupt_data(bool dd)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	u8 data[4096];
	bool ok = true;
	size_t i, diff = 0;
	u8 orig_dd[ISC_DIGEST_LEN];

	for (i = 0; i < sizeof(data); i++)
		data[i] = i * 7;
	isc_digest_put(orig_dd, isc_data_digest(data, sizeof(data)));
	EXPECT(ffp(false, dd));
	core.faults.corrupt_data = 1;
	base(&pdu, ISCSI_OP_SCSI_DATA_IN, 4);
	pdu.final = false;
	pdu.data_len = sizeof(data);
	EXPECT(from_tgt(&pdu, data));
	p = take(FP_INI, &out);
	if (p)
		for (i = 0; i < sizeof(data); i++)
			diff += fp_pdu_data(p)[i] != data[i];
	EXPECT(diff == 1);
	if (dd)
		EXPECT(p && !fpt_dd_ok(p) &&
		       !memcmp(fp_pdu_ddigest(p), orig_dd, ISC_DIGEST_LEN));
	free(p);
	EXPECT(!core.faults.corrupt_data);
	teardown();
	tap_ok(ok, "engine: corrupt-data flips one data byte, keeps the target's digest (DataDigest %s)",
	       dd ? "on" : "off");
}

static void t_redirect(void)
{
	static const char want[] = "TargetAddress=10.0.1.1:3260,1";
	struct isc_pdu out;
	struct fp_pdu *p;
	bool ok = true;

	setup();
	core.faults.redirect = true;
	strcpy(core.faults.redirect_addr, "10.0.1.1:3260");
	EXPECT(login_req("HeaderDigest=None", 18, false));
	EXPECT(!conn.txq[FP_TGT].head);
	p = take(FP_INI, &out);
	EXPECT(p && out.opcode == ISCSI_OP_LOGIN_RSP);
	EXPECT(out.login.status_class == ISCSI_STATUS_CLS_REDIRECT &&
	       out.login.status_detail == ISCSI_LOGIN_STATUS_TGT_MOVED_TEMP);
	EXPECT(out.itt == 1 && out.login.isid[0] == 0x80 &&
	       out.exp_cmdsn == EXP_CMDSN);
	EXPECT(out.data_len == sizeof(want) && out.data &&
	       !memcmp(out.data, want, sizeof(want)));
	free(p);
	EXPECT(conn.close_after_flush && conn.close_tgt);
	EXPECT(!core.faults.redirect && core.st.faults[FP_F_REDIRECT] == 1);
	teardown();
	tap_ok(ok, "engine: redirect temp answers the Login with 0x0101 and TargetAddress");

	ok = true;
	setup();
	core.faults.redirect = true;
	core.faults.redirect_always = true;
	strcpy(core.faults.redirect_addr, "127.0.0.1:3262");
	EXPECT(login_req("HeaderDigest=None", 18, false));
	p = take(FP_INI, &out);
	EXPECT(p && out.login.status_class == ISCSI_STATUS_CLS_REDIRECT);
	free(p);
	EXPECT(core.faults.redirect && core.st.faults[FP_F_REDIRECT] == 1);
	teardown();
	tap_ok(ok, "engine: redirect always stays armed after answering");
}

/* A read of @len bytes in flight, with one Data-In (DataSN 0) seen. */
static void read_in_flight(u32 itt, u32 len)
{
	struct isc_pdu pdu;
	u8 data[1024] = { 0 };

	base(&pdu, ISCSI_OP_SCSI_CMD, itt);
	pdu.cmd.read = true;
	pdu.cmd.exp_len = len;
	pdu.cmd.cdb_len = ISCSI_CDB_SIZE;
	pdu.cmdsn = EXP_CMDSN;
	from_ini(&pdu, NULL);
	base(&pdu, ISCSI_OP_SCSI_DATA_IN, itt);
	pdu.final = false;
	pdu.data_len = sizeof(data);
	from_tgt(&pdu, data);
	drain();
}

static void t_datain_overflow(void)
{
	struct isc_task_xfer task = { .read_len = 4096 };
	struct isc_pdu out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(true, true));
	read_in_flight(0x20, 4096);
	EXPECT(fp_conn_malformed(&core, &conn, FP_M_DATAIN_OVERFLOW) == 0);
	p = take(FP_INI, &out);
	EXPECT(p && out.opcode == ISCSI_OP_SCSI_DATA_IN && out.itt == 0x20);
	EXPECT(out.dat.datasn == 1 && out.dat.offset == 4096);
	EXPECT(isc_pdu_check_task(&out, &task) == ISC_PDU_ERR_OFFSET);
	EXPECT(p && fpt_hd_ok(p) && fpt_dd_ok(p));
	free(p);
	teardown();
	tap_ok(ok, "engine: datain-overflow: next DataSN, offset at EDTL, core says OFFSET");
}

static void t_datain_overflow_armed(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(false, false));
	EXPECT(fp_conn_malformed(&core, &conn, FP_M_DATAIN_OVERFLOW) == 1);
	EXPECT(core.faults.datain_overflow && !conn.txq[FP_INI].head);
	base(&pdu, ISCSI_OP_SCSI_CMD, 0x31);
	pdu.cmd.read = true;
	pdu.cmd.exp_len = 8192;
	pdu.cmd.cdb_len = ISCSI_CDB_SIZE;
	EXPECT(from_ini(&pdu, NULL));
	p = take(FP_TGT, &out);
	EXPECT(p && out.opcode == ISCSI_OP_SCSI_CMD && out.itt == 0x31);
	free(p);
	p = take(FP_INI, &out);
	EXPECT(p && out.opcode == ISCSI_OP_SCSI_DATA_IN && out.itt == 0x31 &&
	       out.dat.datasn == 0 && out.dat.offset == 8192);
	free(p);
	EXPECT(!core.faults.datain_overflow &&
	       core.st.faults[FP_F_MALFORMED] == 1);
	teardown();
	tap_ok(ok, "engine: datain-overflow with no read in flight arms for the next read");
}

static void t_unknown_itt(void)
{
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(true, false));
	read_in_flight(0x7f00ff00, 512);	/* the first tag we would try */
	EXPECT(!fp_conn_malformed(&core, &conn, FP_M_UNKNOWN_ITT));
	p = take(FP_INI, &out);
	EXPECT(p && out.opcode == ISCSI_OP_SCSI_CMD_RSP &&
	       out.itt == 0x7f00ff01 && out.statsn == 101 && fpt_hd_ok(p));
	free(p);
	base(&pdu, ISCSI_OP_SCSI_CMD_RSP, 0x7f00ff00);
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	p = take(FP_INI, &out);
	EXPECT(p && out.statsn == 102 && fpt_hd_ok(p));
	free(p);
	EXPECT(!conn.ntasks);
	teardown();
	tap_ok(ok, "engine: unknown-itt SCSI Response uses a fresh ITT and shifts StatSN");
}

static void t_r2t_zero(void)
{
	struct isc_pdu_ctx ctx = { .role = ISC_FROM_TARGET, .max_recv_dsl = 8192,
				   .max_burst = 262144 };
	struct isc_pdu pdu, out;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(false, false));
	base(&pdu, ISCSI_OP_SCSI_CMD, 0x44);
	pdu.cmd.write = true;
	pdu.cmd.exp_len = 65536;
	pdu.cmd.cdb_len = ISCSI_CDB_SIZE;
	EXPECT(from_ini(&pdu, NULL));
	drain();
	EXPECT(!fp_conn_malformed(&core, &conn, FP_M_R2T_ZERO));
	p = fpt_out(&conn, FP_INI);
	EXPECT(p && isc_pdu_parse(p->buf, p->len, &ctx, &out) ==
	       ISC_PDU_ERR_R2T_LENGTH);
	EXPECT(p && fp_pdu_opcode(p) == ISCSI_OP_R2T);
	free(p);
	teardown();
	tap_ok(ok, "engine: r2t-zero targets the write in flight; core says R2T_LENGTH");
}

static void t_huge_dsl(void)
{
	struct isc_pdu_ctx ctx = { .role = ISC_FROM_TARGET, .max_recv_dsl = 8192 };
	struct isc_pdu_lens lens;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(false, true));
	EXPECT(!fp_conn_malformed(&core, &conn, FP_M_HUGE_DSL));
	p = fpt_out(&conn, FP_INI);
	EXPECT(p && p->data_len == 8192 + 4096 && fpt_dd_ok(p));
	EXPECT(p && isc_pdu_check_bhs(p->buf, p->len, &ctx, &lens) ==
	       ISC_PDU_ERR_DSL_LIMIT);
	free(p);
	teardown();
	tap_ok(ok, "engine: huge-dsl exceeds the initiator's MRDSL (default 8192)");
}

static void t_bad_opcode(void)
{
	struct isc_pdu_ctx ctx = { .role = ISC_FROM_TARGET, .max_recv_dsl = 8192 };
	struct isc_pdu_lens lens;
	struct fp_pdu *p;
	bool ok = true;

	EXPECT(ffp(true, false));
	EXPECT(!fp_conn_malformed(&core, &conn, FP_M_BAD_OPCODE));
	p = fpt_out(&conn, FP_INI);
	EXPECT(p && isc_pdu_check_bhs(p->buf, p->len, &ctx, &lens) ==
	       ISC_PDU_ERR_OPCODE);
	EXPECT(p && fpt_hd_ok(p));
	free(p);
	teardown();
	tap_ok(ok, "engine: bad-opcode is refused by the core as OPCODE, digest valid");
}

static void t_misc(void)
{
	struct isc_pdu pdu;
	bool ok = true;

	setup();
	EXPECT(fp_conn_async(&core, &conn, 0, 0, 0, 0) == -ENOTCONN);
	EXPECT(fp_conn_malformed(&core, &conn, FP_M_BAD_OPCODE) == -ENOTCONN);
	teardown();

	EXPECT(ffp(false, false));
	core.faults.delay_ms = 250;
	base(&pdu, ISCSI_OP_NOOP_OUT, 5);
	EXPECT(from_ini(&pdu, NULL));
	EXPECT(conn.txq[FP_TGT].head &&
	       conn.txq[FP_TGT].head->release_ms == 1250);
	EXPECT(!fp_conn_async(&core, &conn, ISCSI_ASYNC_MSG_DROPPING_CONNECTION,
			      0, 2, 20));
	EXPECT(conn.txq[FP_INI].head && conn.txq[FP_INI].head->len == 48);
	teardown();
	tap_ok(ok, "engine: injections need FFP; delay sets release time; no digests when off");

	ok = true;
	EXPECT(ffp(false, false));
	EXPECT(!fp_conn_async(&core, &conn, ISCSI_ASYNC_MSG_SCSI_EVENT, 0, 0, 0));
	/* 48 + SenseLength 2 + 18 bytes of sense, already a multiple of 4 */
	EXPECT(conn.txq[FP_INI].head && conn.txq[FP_INI].head->len == 68);
	if (conn.txq[FP_INI].head && conn.txq[FP_INI].head->len == 68) {
		const u8 *d = conn.txq[FP_INI].head->buf + 48;

		EXPECT(d[0] == 0 && d[1] == 18 && d[2] == 0x70 &&
		       d[4] == 0x06 && d[14] == 0x3f && d[15] == 0x0e);
	}
	teardown();
	tap_ok(ok, "engine: a SCSI async event carries REPORTED LUNS DATA HAS CHANGED sense");

	ok = true;
	EXPECT(ffp(false, false));
	read_in_flight(0x50, 2048);
	EXPECT(conn.ntasks == 1);
	base(&pdu, ISCSI_OP_SCSI_DATA_IN, 0x50);
	pdu.dat.has_status = true;
	pdu.dat.datasn = 1;
	pdu.dat.offset = 1024;
	pdu.data_len = 1024;
	pdu.statsn = 101;
	EXPECT(from_tgt(&pdu, NULL));
	EXPECT(conn.ntasks == 0 && conn.next_statsn == 102);
	teardown();
	tap_ok(ok, "engine: Data-In with status completes the task and advances StatSN");

	ok = true;
	EXPECT(ffp(false, false));
	for (u32 i = 0; i < FP_SN_PEND_MAX; i++)
		EXPECT(!fp_conn_async(&core, &conn, 0, 0, 0, 0));
	EXPECT(fp_conn_async(&core, &conn, 0, 0, 0, 0) == -ENOSPC);
	teardown();
	tap_ok(ok, "engine: async refuses more than %d unacknowledged", FP_SN_PEND_MAX);
}

int main(void)
{
	t_login();
	t_login_continue();
	t_login_answers();
	t_async_renumber();
	t_nonadvancing();
	t_corrupt_hd();
	t_corrupt_dd();
	t_corrupt_data(false);
	t_corrupt_data(true);
	t_redirect();
	t_datain_overflow();
	t_datain_overflow_armed();
	t_unknown_itt();
	t_r2t_zero();
	t_huge_dsl();
	t_bad_opcode();
	t_misc();
	return tap_done();
}
