// SPDX-License-Identifier: GPL-2.0
/*
 * The proxy's view of one iSCSI connection: it watches the login for the
 * digest and data-segment keys and the switch to full feature phase,
 * tracks StatSN/ExpCmdSN/MaxCmdSN and the commands in flight, rewrites
 * PDUs for the armed faults and builds the PDUs it injects.
 *
 * PDUs are decoded with isc_pdu_parse() and built with isc_pdu_build();
 * the few header words rewritten in place go through the
 * <scsi/iscsi_proto.h> structs, never byte offsets.
 */
#include <stdarg.h>
#include "fp.h"

/*
 * StatSN sits in the same word of every target PDU and ExpStatSN in the
 * same word of every initiator PDU (RFC 7143 §11.2.1), so the NOP-In and
 * NOP-Out structs name the field for all of them.
 */
#define FP_ASSERT_SAME(a, b, field)					\
	static_assert(offsetof(struct a, field) == offsetof(struct b, field), \
		      #a "." #field " moved")
FP_ASSERT_SAME(iscsi_scsi_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_tm_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_text_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_data_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_logout_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_r2t_rsp, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_async, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_reject, iscsi_nopin, statsn);
FP_ASSERT_SAME(iscsi_scsi_req, iscsi_nopout, exp_statsn);
FP_ASSERT_SAME(iscsi_tm, iscsi_nopout, exp_statsn);
FP_ASSERT_SAME(iscsi_text, iscsi_nopout, exp_statsn);
FP_ASSERT_SAME(iscsi_data, iscsi_nopout, exp_statsn);
FP_ASSERT_SAME(iscsi_logout, iscsi_nopout, exp_statsn);
FP_ASSERT_SAME(iscsi_snack, iscsi_nopout, exp_statsn);

/* Data bytes of an injected Data-In that runs past the expected length. */
#define FP_OVERFLOW_LEN		512U
/* How far past the initiator's MaxRecvDataSegmentLength huge-dsl goes. */
#define FP_HUGE_DSL_EXTRA	4096U
/* RFC 7143 §13.12: MaxRecvDataSegmentLength default. */
#define FP_MRDSL_DEFAULT	8192U
/* Tags we invent: an unknown ITT to start searching from, and a TTT. */
#define FP_FAKE_ITT		0x7f00ff00U
#define FP_FAKE_TTT		0x0f00d000U
/* The opcode bad-opcode sends: 0x27 is unassigned (RFC 7143 §11.1.2). */
#define FP_BAD_OPCODE		0x27
/* TargetAddress portal group tag appended by redirect. */
#define FP_REDIRECT_TPGT	",1"

static const char * const fault_names[] = {
	[FP_F_RESET] = "reset",
	[FP_F_DROP] = "drop",
	[FP_F_STALL] = "stall",
	[FP_F_DELAY] = "delay",
	[FP_F_CORRUPT_HD] = "corrupt-hdigest",
	[FP_F_CORRUPT_DD] = "corrupt-ddigest",
	[FP_F_CORRUPT_DATA] = "corrupt-data",
	[FP_F_ASYNC] = "async",
	[FP_F_REDIRECT] = "redirect",
	[FP_F_MALFORMED] = "malformed",
};

static_assert(ARRAY_SIZE(fault_names) == __FP_F_LAST, "fault names");

static const char * const malformed_names[] = {
	[FP_M_BAD_OPCODE] = "bad-opcode",
	[FP_M_HUGE_DSL] = "huge-dsl",
	[FP_M_DATAIN_OVERFLOW] = "datain-overflow",
	[FP_M_UNKNOWN_ITT] = "unknown-itt",
	[FP_M_R2T_ZERO] = "r2t-zero",
};

static_assert(ARRAY_SIZE(malformed_names) == __FP_M_LAST, "malformed names");

const char *fp_fault_name(enum fp_fault f)
{
	return (unsigned int)f < __FP_F_LAST ? fault_names[f] : "?";
}

const char *fp_malformed_name(enum fp_malformed m)
{
	return (unsigned int)m < __FP_M_LAST ? malformed_names[m] : NULL;
}

void fp_log(struct fp_core *core, const char *fmt, ...)
{
	va_list ap;

	if (!core->log)
		return;
	fputs("kiscsi-faultproxy: ", core->log);
	va_start(ap, fmt);
	vfprintf(core->log, fmt, ap);
	va_end(ap);
	fputc('\n', core->log);
	fflush(core->log);
}

static void count_fault(struct fp_core *core, enum fp_fault f)
{
	core->st.faults[f]++;
}

void fp_conn_init(struct fp_conn *c, unsigned int id)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	fp_framer_init(&c->rx[FP_INI], ISC_FROM_INITIATOR);
	fp_framer_init(&c->rx[FP_TGT], ISC_FROM_TARGET);
	fp_queue_init(&c->txq[FP_INI]);
	fp_queue_init(&c->txq[FP_TGT]);
	isc_text_acc_init(&c->acc[FP_INI], 0);
	isc_text_acc_init(&c->acc[FP_TGT], 0);
	c->ini_mrdsl = FP_MRDSL_DEFAULT;
}

void fp_conn_free(struct fp_conn *c)
{
	fp_framer_free(&c->rx[FP_INI]);
	fp_framer_free(&c->rx[FP_TGT]);
	fp_queue_purge(&c->txq[FP_INI]);
	fp_queue_purge(&c->txq[FP_TGT]);
	free(c->scratch);
	c->scratch = NULL;
	c->scratch_cap = 0;
}

/* ---- header words rewritten in place ---- */

static void set_statsn(struct fp_pdu *p, u32 statsn)
{
	struct iscsi_nopin h;

	memcpy(&h, p->buf, sizeof(h));
	h.statsn = cpu_to_be32(statsn);
	memcpy(p->buf, &h, sizeof(h));
}

static void set_exp_statsn(struct fp_pdu *p, u32 exp_statsn)
{
	struct iscsi_nopout h;

	memcpy(&h, p->buf, sizeof(h));
	h.exp_statsn = cpu_to_be32(exp_statsn);
	memcpy(p->buf, &h, sizeof(h));
}

static void set_opcode(struct fp_pdu *p, u8 opcode)
{
	struct iscsi_hdr h;

	memcpy(&h, p->buf, sizeof(h));
	h.opcode = opcode;
	memcpy(p->buf, &h, sizeof(h));
}

/* ---- parse ---- */

/*
 * isc_pdu_parse() wants BHS, AHS and data back to back; with a header
 * digest the data starts 4 bytes later, so parse a copy and point the
 * decoded data at the real buffer.
 */
static enum isc_pdu_err conn_parse(struct fp_conn *c, enum fp_side from,
				   struct fp_pdu *p, struct isc_pdu *pdu)
{
	struct isc_pdu_ctx ctx = {
		.role = from == FP_INI ? ISC_FROM_INITIATOR : ISC_FROM_TARGET,
		.login = !c->ffp,
		.max_recv_dsl = ISC_DSL_MAX,
		.max_burst = U32_MAX,
		.erl = 2,
	};
	size_t hdr = fp_pdu_hdr_len(p), need = hdr + p->data_len;
	enum isc_pdu_err err;

	if (!p->hd)
		return isc_pdu_parse(p->buf, p->len, &ctx, pdu);
	if (need > c->scratch_cap) {
		u8 *s = realloc(c->scratch, need);

		if (!s)
			return ISC_PDU_ERR_SHORT;
		c->scratch = s;
		c->scratch_cap = need;
	}
	memcpy(c->scratch, p->buf, hdr);
	memcpy(c->scratch + hdr, fp_pdu_data(p), p->data_len);
	err = isc_pdu_parse(c->scratch, need, &ctx, pdu);
	if (!err && pdu->data)
		pdu->data = fp_pdu_data(p);
	return err;
}

/* ---- login watch ---- */

struct login_watch {
	struct fp_conn *c;
	enum fp_side from;
};

/*
 * A value without a comma is an answer (or a single-value offer that the
 * answer will overwrite): the last one seen is the result. Reject,
 * Irrelevant and None all leave the digest off.
 */
static enum isc_text_err watch_pair(void *arg, const char *key,
				    const char *val)
{
	struct login_watch *w = arg;
	struct fp_conn *c = w->c;
	enum isc_key k = isc_key_lookup(key);
	bool on;
	u64 n;

	switch (k) {
	case ISC_KEY_HEADER_DIGEST:
	case ISC_KEY_DATA_DIGEST:
		if (strchr(val, ','))
			break;
		on = isc_key_value_index(isc_key_def(k), val) ==
		     ISC_DIGEST_CRC32C;
		if (k == ISC_KEY_HEADER_DIGEST)
			c->neg_hd = on;
		else
			c->neg_dd = on;
		break;
	case ISC_KEY_MAX_RECV_DSL:
		if (w->from == FP_INI && !isc_text_parse_num(val, &n) && n &&
		    n <= ISC_DSL_MAX)
			c->ini_mrdsl = n;
		break;
	default:
		break;
	}
	return ISC_TEXT_OK;
}

static void watch_login(struct fp_conn *c, enum fp_side from,
			const struct isc_pdu *pdu)
{
	struct login_watch w = { .c = c, .from = from };
	static const u8 empty[1];
	bool last = !pdu->login.cont;

	if (!c->acc_bad[from] &&
	    isc_text_acc_feed(&c->acc[from], pdu->data ? pdu->data : empty,
			      pdu->data_len, last, watch_pair, &w))
		c->acc_bad[from] = true;
	if (last) {
		isc_text_acc_init(&c->acc[from], 0);
		c->acc_bad[from] = false;
	}
}

static void enter_ffp(struct fp_core *core, struct fp_conn *c,
		      const struct isc_pdu *rsp)
{
	int s;

	c->ffp = true;
	for (s = FP_INI; s <= FP_TGT; s++) {
		c->rx[s].login = false;
		c->rx[s].hd = c->neg_hd;
		c->rx[s].dd = c->neg_dd;
	}
	c->next_statsn = rsp->statsn + 1;
	c->win.exp_cmdsn = rsp->exp_cmdsn;
	c->win.max_cmdsn = rsp->max_cmdsn;
	core->st.logins++;
	fp_log(core, "conn %u: full feature phase, HeaderDigest=%s DataDigest=%s",
	       c->id, c->neg_hd ? "CRC32C" : "None",
	       c->neg_dd ? "CRC32C" : "None");
}

/* ---- tasks in flight ---- */

static struct fp_task *task_find(struct fp_conn *c, u32 itt)
{
	u32 i;

	for (i = 0; i < c->ntasks; i++)
		if (c->tasks[i].itt == itt)
			return &c->tasks[i];
	return NULL;
}

static void task_add(struct fp_conn *c, const struct isc_pdu *pdu)
{
	const struct isc_pdu_cmd *cmd = &pdu->cmd;
	struct fp_task *t = task_find(c, pdu->itt);

	if (!t) {
		/* Aborted tasks never complete here; recycle the oldest. */
		if (c->ntasks == FP_TASKS_MAX)
			t = &c->tasks[c->evict++ % FP_TASKS_MAX];
		else
			t = &c->tasks[c->ntasks++];
	}
	memset(t, 0, sizeof(*t));
	t->itt = pdu->itt;
	if (cmd->read)
		t->read_len = cmd->write ? cmd->bidi_read_len : cmd->exp_len;
	t->write_len = cmd->write ? cmd->exp_len : 0;
	memcpy(t->lun, pdu->lun, ISC_LUN_LEN);
}

static void task_del(struct fp_conn *c, u32 itt)
{
	struct fp_task *t = task_find(c, itt);

	if (t)
		*t = c->tasks[--c->ntasks];
}

static struct fp_task *task_first(struct fp_conn *c, bool read, bool write)
{
	u32 i;

	for (i = 0; i < c->ntasks; i++)
		if ((!read || c->tasks[i].read_len) &&
		    (!write || c->tasks[i].write_len))
			return &c->tasks[i];
	return NULL;
}

/* ---- building PDUs ---- */

static void forward(struct fp_core *core, struct fp_conn *c, enum fp_side to,
		    struct fp_pdu *p)
{
	p->release_ms = core->now_ms + core->faults.delay_ms;
	fp_queue_push(&c->txq[to], p);
}

/*
 * Build a target PDU for the initiator with the digests in force; the
 * data segment is @data (or zeros when NULL). Returns NULL on failure.
 */
static struct fp_pdu *build_for_ini(struct fp_conn *c,
				    const struct isc_pdu *pdu, const void *data)
{
	u8 hdr[ISCSI_HDR_LEN + ISC_AHS_MAX];
	struct fp_pdu *p;
	int n = isc_pdu_build(pdu, hdr, sizeof(hdr));

	if (n < 0)
		return NULL;
	p = fp_pdu_alloc(n - ISCSI_HDR_LEN, pdu->data_len,
			 c->ffp && c->neg_hd, c->ffp && c->neg_dd);
	if (!p)
		return NULL;
	memcpy(p->buf, hdr, n);
	if (data && pdu->data_len)
		memcpy(fp_pdu_data(p), data, pdu->data_len);
	fp_pdu_seal(p);
	return p;
}

/* The sequence numbers an injected target PDU carries. */
static void target_sn(const struct fp_conn *c, struct isc_pdu *pdu)
{
	pdu->statsn = c->next_statsn;
	pdu->exp_cmdsn = c->win.exp_cmdsn;
	pdu->max_cmdsn = c->win.max_cmdsn;
}

/*
 * Queue an injected PDU for the initiator. One that advances StatSN
 * takes the next number and shifts the rest of the stream.
 */
static int inject(struct fp_core *core, struct fp_conn *c, struct fp_pdu *p,
		  bool advances)
{
	if (!p)
		return -ENOMEM;
	if (advances) {
		if (fp_sn_inject(&c->sn, c->next_statsn)) {
			free(p);
			return -ENOSPC;
		}
		c->next_statsn++;
	}
	forward(core, c, FP_INI, p);
	return 0;
}

/* ---- redirect ---- */

static int redirect(struct fp_core *core, struct fp_conn *c,
		    const struct isc_pdu *req)
{
	char addr[FP_ADDR_MAX + sizeof(FP_REDIRECT_TPGT)];
	char text[sizeof("TargetAddress=") + sizeof(addr)];
	struct isc_pdu rsp;
	size_t len = 0;
	bool perm = core->faults.redirect_perm;
	int err;

	snprintf(addr, sizeof(addr), "%s%s", core->faults.redirect_addr,
		 FP_REDIRECT_TPGT);
	if (isc_text_put(text, sizeof(text), &len, "TargetAddress", addr))
		return -EINVAL;
	memset(&rsp, 0, sizeof(rsp));
	rsp.opcode = ISCSI_OP_LOGIN_RSP;
	rsp.itt = req->itt;
	rsp.data_len = len;
	rsp.login.csg = req->login.csg;
	memcpy(rsp.login.isid, req->login.isid, ISC_ISID_LEN);
	rsp.login.tsih = req->login.tsih;
	rsp.login.status_class = ISCSI_STATUS_CLS_REDIRECT;
	rsp.login.status_detail = perm ? ISCSI_LOGIN_STATUS_TGT_MOVED_PERM :
					 ISCSI_LOGIN_STATUS_TGT_MOVED_TEMP;
	rsp.exp_cmdsn = req->cmdsn;
	rsp.max_cmdsn = req->cmdsn;
	err = inject(core, c, build_for_ini(c, &rsp, text), false);
	if (err)
		return err;
	if (!core->faults.redirect_always)
		core->faults.redirect = false;
	c->close_after_flush = true;
	c->close_tgt = true;
	count_fault(core, FP_F_REDIRECT);
	fp_log(core, "conn %u: redirect: Login Response 0x01%02x TargetAddress=%s",
	       c->id, rsp.login.status_detail, addr);
	return 0;
}

/* ---- malformed PDUs ---- */

static int inject_overflow(struct fp_core *core, struct fp_conn *c,
			   const struct fp_task *t)
{
	static const u8 junk[FP_OVERFLOW_LEN] = { 0xa5 };
	struct isc_pdu pdu;
	int err;

	memset(&pdu, 0, sizeof(pdu));
	pdu.opcode = ISCSI_OP_SCSI_DATA_IN;
	pdu.itt = t->itt;
	pdu.ttt = ISCSI_RESERVED_TAG;
	memcpy(pdu.lun, t->lun, ISC_LUN_LEN);
	pdu.dat.datasn = t->next_datasn;
	pdu.dat.offset = t->read_len;
	pdu.data_len = FP_OVERFLOW_LEN;
	target_sn(c, &pdu);
	err = inject(core, c, build_for_ini(c, &pdu, junk), false);
	if (err)
		return err;
	count_fault(core, FP_F_MALFORMED);
	fp_log(core, "conn %u: malformed datain-overflow: ITT 0x%x DataSN %u offset %u + %u > %u",
	       c->id, t->itt, t->next_datasn, t->read_len, FP_OVERFLOW_LEN,
	       t->read_len);
	return 0;
}

static void nopin_base(const struct fp_conn *c, struct isc_pdu *pdu)
{
	memset(pdu, 0, sizeof(*pdu));
	pdu->opcode = ISCSI_OP_NOOP_IN;
	pdu->final = true;
	pdu->itt = ISCSI_RESERVED_TAG;
	pdu->ttt = ISCSI_RESERVED_TAG;
	target_sn(c, pdu);
}

static u32 unused_itt(struct fp_conn *c)
{
	u32 itt = FP_FAKE_ITT;

	while (task_find(c, itt) || itt == ISCSI_RESERVED_TAG)
		itt++;
	return itt;
}

/**
 * fp_conn_malformed() - send the initiator one hostile PDU
 * @core: shared state
 * @c: a connection in full feature phase
 * @kind: which PDU
 *
 * Return: 0 when queued, 1 when armed (datain-overflow with no read in
 * flight: sent right after the next read command), -ENOTCONN before full
 * feature phase, -ENOSPC, -ENOMEM.
 */
int fp_conn_malformed(struct fp_core *core, struct fp_conn *c,
		      enum fp_malformed kind)
{
	struct fp_task *t;
	struct fp_pdu *p;
	struct isc_pdu pdu;
	bool advances = false;
	int err;

	if (!c->ffp)
		return -ENOTCONN;
	switch (kind) {
	case FP_M_DATAIN_OVERFLOW:
		t = task_first(c, true, false);
		if (!t) {
			core->faults.datain_overflow = true;
			return 1;
		}
		return inject_overflow(core, c, t);
	case FP_M_BAD_OPCODE:
		nopin_base(c, &pdu);
		p = build_for_ini(c, &pdu, NULL);
		if (p) {
			set_opcode(p, FP_BAD_OPCODE);
			fp_pdu_seal(p);
		}
		break;
	case FP_M_HUGE_DSL:
		nopin_base(c, &pdu);
		pdu.data_len = c->ini_mrdsl + FP_HUGE_DSL_EXTRA;
		if (pdu.data_len > ISC_DSL_MAX)
			pdu.data_len = ISC_DSL_MAX;
		p = build_for_ini(c, &pdu, NULL);
		break;
	case FP_M_UNKNOWN_ITT:
		memset(&pdu, 0, sizeof(pdu));
		pdu.opcode = ISCSI_OP_SCSI_CMD_RSP;
		pdu.final = true;
		pdu.itt = unused_itt(c);
		pdu.rsp.response = ISC_RSP_COMPLETED;
		pdu.rsp.status = ISC_SAM_GOOD;
		target_sn(c, &pdu);
		p = build_for_ini(c, &pdu, NULL);
		advances = true;
		break;
	case FP_M_R2T_ZERO:
		memset(&pdu, 0, sizeof(pdu));
		pdu.opcode = ISCSI_OP_R2T;
		pdu.final = true;
		t = task_first(c, false, true);
		if (!t)
			t = task_first(c, false, false);
		pdu.itt = t ? t->itt : unused_itt(c);
		if (t)
			memcpy(pdu.lun, t->lun, ISC_LUN_LEN);
		pdu.ttt = FP_FAKE_TTT | (c->id & 0xfff);
		target_sn(c, &pdu);
		p = build_for_ini(c, &pdu, NULL);
		break;
	default:
		return -EINVAL;
	}
	err = inject(core, c, p, advances);
	if (err)
		return err;
	count_fault(core, FP_F_MALFORMED);
	fp_log(core, "conn %u: malformed %s: opcode 0x%02x ITT 0x%x DSL %u",
	       c->id, fp_malformed_name(kind),
	       kind == FP_M_BAD_OPCODE ? FP_BAD_OPCODE : pdu.opcode, pdu.itt,
	       pdu.data_len);
	return 0;
}

/**
 * fp_conn_async() - send the initiator an Async Message
 * @core: shared state
 * @c: a connection in full feature phase
 * @event: AsyncEvent (RFC 7143 §11.9.1)
 * @p1: Parameter1
 * @p2: Parameter2
 * @p3: Parameter3
 *
 * The message takes the next StatSN; the rest of the connection is
 * renumbered (sn.c).
 *
 * Return: 0, -ENOTCONN before full feature phase, -ENOSPC, -ENOMEM.
 */
int fp_conn_async(struct fp_core *core, struct fp_conn *c, u8 event,
		  u16 p1, u16 p2, u16 p3)
{
	/*
	 * A SCSI async event carries sense data (§11.9.4): SenseLength,
	 * then fixed-format sense, UNIT ATTENTION with ASC/ASCQ 3Fh/0Eh,
	 * REPORTED LUNS DATA HAS CHANGED, the one initiators act on.
	 */
	static const u8 luns_changed[2 + 18] = {
		0, 18, 0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x3f, 0x0e,
	};
	struct isc_pdu pdu;
	int err;

	if (!c->ffp)
		return -ENOTCONN;
	memset(&pdu, 0, sizeof(pdu));
	pdu.opcode = ISCSI_OP_ASYNC_EVENT;
	pdu.final = true;
	pdu.itt = ISCSI_RESERVED_TAG;
	pdu.async.event = event;
	pdu.async.param1 = p1;
	pdu.async.param2 = p2;
	pdu.async.param3 = p3;
	if (event == ISCSI_ASYNC_MSG_SCSI_EVENT)
		pdu.data_len = sizeof(luns_changed);
	target_sn(c, &pdu);
	err = inject(core, c, build_for_ini(c, &pdu, luns_changed), true);
	if (err)
		return err;
	count_fault(core, FP_F_ASYNC);
	fp_log(core, "conn %u: async: event %u params %u %u %u StatSN %u",
	       c->id, event, p1, p2, p3, pdu.statsn);
	return 0;
}

/* ---- the two directions ---- */

static int rx_initiator(struct fp_core *core, struct fp_conn *c,
			struct fp_pdu *p, const struct isc_pdu *pdu)
{
	bool read_cmd = false;
	int err;

	if (pdu && !c->ffp && pdu->opcode == ISCSI_OP_LOGIN) {
		if (core->faults.redirect) {
			err = redirect(core, c, pdu);
			if (!err) {
				free(p);
				return 0;
			}
		}
		watch_login(c, FP_INI, pdu);
	}
	if (pdu && c->ffp) {
		if (fp_sn_active(&c->sn)) {
			set_exp_statsn(p, fp_sn_to_tgt(&c->sn, pdu->exp_statsn));
			fp_pdu_fix_hdigest(p);
			core->st.renumbered++;
		}
		if (pdu->opcode == ISCSI_OP_SCSI_CMD) {
			task_add(c, pdu);
			read_cmd = pdu->cmd.read;
		}
	}
	forward(core, c, FP_TGT, p);
	if (read_cmd && core->faults.datain_overflow) {
		err = inject_overflow(core, c, task_find(c, pdu->itt));
		if (err)
			return err;
		core->faults.datain_overflow = false;
	}
	return 0;
}

/* RFC 7143 §11.7.4, §11.8, §11.19: these do not advance StatSN. */
static bool statsn_advances(const struct isc_pdu *pdu)
{
	switch (pdu->opcode) {
	case ISCSI_OP_NOOP_IN:
		return pdu->itt != ISCSI_RESERVED_TAG;
	case ISCSI_OP_SCSI_DATA_IN:
		return pdu->dat.has_status;
	case ISCSI_OP_R2T:
		return false;
	}
	return true;
}

/* Data-In without status: the StatSN field is reserved. */
static bool statsn_valid(const struct isc_pdu *pdu)
{
	return pdu->opcode != ISCSI_OP_SCSI_DATA_IN || pdu->dat.has_status;
}

static void track_tasks(struct fp_conn *c, const struct isc_pdu *pdu)
{
	struct fp_task *t;

	switch (pdu->opcode) {
	case ISCSI_OP_SCSI_CMD_RSP:
		task_del(c, pdu->itt);
		break;
	case ISCSI_OP_SCSI_DATA_IN:
		t = task_find(c, pdu->itt);
		if (t)
			t->next_datasn = pdu->dat.datasn + 1;
		if (pdu->dat.has_status)
			task_del(c, pdu->itt);
		break;
	}
}

static void corrupt(struct fp_core *core, struct fp_conn *c,
		    struct fp_pdu *p, const struct isc_pdu *pdu)
{
	struct fp_faults *f = &core->faults;

	if (f->corrupt_data && pdu->opcode == ISCSI_OP_SCSI_DATA_IN &&
	    p->data_len) {
		/* The target's digest stays: it no longer matches. */
		fp_pdu_data(p)[p->data_len / 2] ^= 0x01;
		f->corrupt_data--;
		count_fault(core, FP_F_CORRUPT_DATA);
		fp_log(core, "conn %u: corrupt-data: Data-In ITT 0x%x offset %u byte %u",
		       c->id, pdu->itt, pdu->dat.offset, p->data_len / 2);
	}
	if (f->corrupt_hd && p->hd) {
		fp_pdu_hdigest(p)[0] ^= 0x01;
		f->corrupt_hd--;
		count_fault(core, FP_F_CORRUPT_HD);
		fp_log(core, "conn %u: corrupt-hdigest: opcode 0x%02x ITT 0x%x",
		       c->id, pdu->opcode, pdu->itt);
	}
	if (f->corrupt_dd && fp_pdu_has_ddigest(p)) {
		fp_pdu_ddigest(p)[0] ^= 0x01;
		f->corrupt_dd--;
		count_fault(core, FP_F_CORRUPT_DD);
		fp_log(core, "conn %u: corrupt-ddigest: opcode 0x%02x ITT 0x%x DSL %u",
		       c->id, pdu->opcode, pdu->itt, p->data_len);
	}
}

static int rx_target(struct fp_core *core, struct fp_conn *c,
		     struct fp_pdu *p, const struct isc_pdu *pdu)
{
	u32 statsn;

	if (!pdu) {
		forward(core, c, FP_INI, p);
		return 0;
	}
	if (!c->ffp) {
		if (pdu->opcode == ISCSI_OP_LOGIN_RSP) {
			watch_login(c, FP_TGT, pdu);
			if (pdu->login.transit &&
			    pdu->login.nsg == ISC_STAGE_FFP &&
			    pdu->login.status_class == ISCSI_STATUS_CLS_SUCCESS)
				enter_ffp(core, c, pdu);
		}
		forward(core, c, FP_INI, p);
		return 0;
	}

	track_tasks(c, pdu);
	if (statsn_valid(pdu)) {
		statsn = fp_sn_to_ini(&c->sn, pdu->statsn);
		if (statsn != pdu->statsn) {
			set_statsn(p, statsn);
			fp_pdu_fix_hdigest(p);
			core->st.renumbered++;
		}
		c->next_statsn = statsn + statsn_advances(pdu);
		isc_sn_window_update(&c->win, pdu->exp_cmdsn, pdu->max_cmdsn);
	}
	corrupt(core, c, p, pdu);
	forward(core, c, FP_INI, p);
	return 0;
}

/**
 * fp_conn_rx() - handle one complete PDU from one side
 * @core: shared state (faults armed, counters, time)
 * @c: the connection
 * @from: the side that sent @p
 * @p: the PDU; ownership passes to the engine (queued or freed)
 *
 * Return: 0, or a negative errno; the caller closes the connection then.
 */
int fp_conn_rx(struct fp_core *core, struct fp_conn *c, enum fp_side from,
	       struct fp_pdu *p)
{
	struct isc_pdu pdu;
	bool ok;

	core->st.pdus[from]++;
	core->st.bytes[from] += p->len;
	ok = conn_parse(c, from, p, &pdu) == ISC_PDU_OK;
	if (!ok)
		core->st.parse_err[from]++;
	if (from == FP_INI)
		return rx_initiator(core, c, p, ok ? &pdu : NULL);
	return rx_target(core, c, p, ok ? &pdu : NULL);
}
