// SPDX-License-Identifier: GPL-2.0
/*
 * Build and parse iSCSI Basic Header Segments (RFC 7143 §11).
 *
 * Parsing is written for hostile input: every length is checked against
 * the buffer before it is used, and every field a target sends that has
 * reserved code values is range-checked. Reserved *bits* are ignored as
 * RFC 7143 §11.2 requires ("Any compliant receiver MUST ignore any bit
 * not defined"), but receipt of a reserved *code value* in a defined
 * field is a protocol error (same section).
 *
 * The BHS is copied into an aligned union first: the buffer a socket
 * hands us may start anywhere, and the wire structs hold __be32 fields.
 */
#include "pdu.h"
#include "pdu_wire.h"

static const char * const pdu_err_names[] = {
	[ISC_PDU_OK] = "ok",
	[ISC_PDU_ERR_SHORT] = "buffer shorter than the PDU",
	[ISC_PDU_ERR_OPCODE] = "undefined opcode",
	[ISC_PDU_ERR_DIRECTION] = "opcode not valid from this sender",
	[ISC_PDU_ERR_PHASE] = "opcode not valid in this phase",
	[ISC_PDU_ERR_AHS_LEN] = "AHS length inconsistent",
	[ISC_PDU_ERR_AHS_TYPE] = "AHS type unknown or unexpected",
	[ISC_PDU_ERR_DSL_LIMIT] = "DataSegmentLength exceeds MaxRecvDataSegmentLength",
	[ISC_PDU_ERR_DSL_FORBIDDEN] = "data segment on a PDU that carries none",
	[ISC_PDU_ERR_FINAL] = "F bit not set",
	[ISC_PDU_ERR_FLAGS] = "inconsistent flags",
	[ISC_PDU_ERR_RESIDUAL] = "inconsistent residual",
	[ISC_PDU_ERR_TAG] = "task tag violates reserved-value rule",
	[ISC_PDU_ERR_RESPONSE] = "reserved response code",
	[ISC_PDU_ERR_STATUS] = "unknown SCSI status",
	[ISC_PDU_ERR_LOGIN_STATUS] = "reserved login status",
	[ISC_PDU_ERR_STAGE] = "invalid login stage",
	[ISC_PDU_ERR_VERSION] = "inconsistent version",
	[ISC_PDU_ERR_OFFSET] = "buffer offset beyond expected transfer length",
	[ISC_PDU_ERR_R2T_LENGTH] = "R2T desired length invalid",
	[ISC_PDU_ERR_ASYNC_EVENT] = "reserved async event",
	[ISC_PDU_ERR_SENSE_LEN] = "sense length exceeds data segment",
	[ISC_PDU_ERR_REJECT_REASON] = "reserved reject reason",
	[ISC_PDU_ERR_REJECT_HDR] = "reject lacks the rejected header",
	[ISC_PDU_ERR_TIME] = "Time2Wait/Time2Retain out of range",
	[ISC_PDU_ERR_TMF_FUNC] = "reserved task management function",
	[ISC_PDU_ERR_LOGOUT_REASON] = "reserved logout reason",
	[ISC_PDU_ERR_SNACK_TYPE] = "reserved SNACK type",
	[ISC_PDU_ERR_ATTR] = "reserved task attribute",
};

static_assert(ARRAY_SIZE(pdu_err_names) == __ISC_PDU_ERR_LAST);

/**
 * isc_pdu_err_str() - human-readable name of a parse error
 * @err: the error
 *
 * Return: a static string, never NULL.
 */
const char *isc_pdu_err_str(enum isc_pdu_err err)
{
	if ((unsigned int)err >= ARRAY_SIZE(pdu_err_names))
		return "unknown error";
	return pdu_err_names[err];
}
EXPORT_SYMBOL_GPL(isc_pdu_err_str);

/* ---- serial number window (RFC 7143 §4.2.2.1) ---- */

/**
 * isc_sn_window_update() - fold a target's ExpCmdSN/MaxCmdSN into the window
 * @w: the session's window
 * @exp_cmdsn: ExpCmdSN from the PDU
 * @max_cmdsn: MaxCmdSN from the PDU
 *
 * RFC 7143 §4.2.2.1: a MaxCmdSN less than ExpCmdSN - 1 makes both values
 * invalid and they MUST be ignored; otherwise each edge only moves
 * forward, since PDUs on different connections may arrive out of order.
 *
 * Return: whether the window changed, was stale, or was invalid.
 */
enum isc_sn_update isc_sn_window_update(struct isc_sn_window *w,
					u32 exp_cmdsn, u32 max_cmdsn)
{
	bool moved = false;

	if (isc_sn_lt(max_cmdsn, exp_cmdsn - 1) ||
	    (max_cmdsn - (exp_cmdsn - 1)) == ISC_SN_HALF)
		return ISC_SN_INVALID;
	if (isc_sn_gt(exp_cmdsn, w->exp_cmdsn)) {
		w->exp_cmdsn = exp_cmdsn;
		moved = true;
	}
	if (isc_sn_gt(max_cmdsn, w->max_cmdsn)) {
		w->max_cmdsn = max_cmdsn;
		moved = true;
	}
	return moved ? ISC_SN_UPDATED : ISC_SN_STALE;
}
EXPORT_SYMBOL_GPL(isc_sn_window_update);

/**
 * isc_sn_window_closed() - true when MaxCmdSN == ExpCmdSN - 1
 * @w: the window
 *
 * Return: true if no non-immediate command may be sent (RFC 7143 §4.2.2.1).
 */
bool isc_sn_window_closed(const struct isc_sn_window *w)
{
	return w->max_cmdsn == w->exp_cmdsn - 1;
}
EXPORT_SYMBOL_GPL(isc_sn_window_closed);

/**
 * isc_sn_window_allows() - may a non-immediate command carry @cmdsn now
 * @w: the window
 * @cmdsn: the CmdSN the command would carry
 *
 * Return: true if ExpCmdSN <= @cmdsn <= MaxCmdSN in serial arithmetic.
 */
bool isc_sn_window_allows(const struct isc_sn_window *w, u32 cmdsn)
{
	return !isc_sn_window_closed(w) && isc_sn_gte(cmdsn, w->exp_cmdsn) &&
	       isc_sn_lte(cmdsn, w->max_cmdsn);
}
EXPORT_SYMBOL_GPL(isc_sn_window_allows);

/* ---- opcode classes ---- */

/**
 * isc_opcode_is_target() - opcode defined for target-to-initiator PDUs
 * @opcode: opcode without the I bit
 *
 * Return: true for the ten target opcodes of RFC 7143 §11.1.2. Vendor
 * specific opcodes are not accepted.
 */
bool isc_opcode_is_target(u8 opcode)
{
	switch (opcode) {
	case ISCSI_OP_NOOP_IN:
	case ISCSI_OP_SCSI_CMD_RSP:
	case ISCSI_OP_SCSI_TMFUNC_RSP:
	case ISCSI_OP_LOGIN_RSP:
	case ISCSI_OP_TEXT_RSP:
	case ISCSI_OP_SCSI_DATA_IN:
	case ISCSI_OP_LOGOUT_RSP:
	case ISCSI_OP_R2T:
	case ISCSI_OP_ASYNC_EVENT:
	case ISCSI_OP_REJECT:
		return true;
	}
	return false;
}
EXPORT_SYMBOL_GPL(isc_opcode_is_target);

/**
 * isc_opcode_is_initiator() - opcode defined for initiator-to-target PDUs
 * @opcode: opcode without the I bit
 *
 * Return: true for the eight initiator opcodes of RFC 7143 §11.1.1.
 */
bool isc_opcode_is_initiator(u8 opcode)
{
	switch (opcode) {
	case ISCSI_OP_NOOP_OUT:
	case ISCSI_OP_SCSI_CMD:
	case ISCSI_OP_SCSI_TMFUNC:
	case ISCSI_OP_LOGIN:
	case ISCSI_OP_TEXT:
	case ISCSI_OP_SCSI_DATA_OUT:
	case ISCSI_OP_LOGOUT:
	case ISCSI_OP_SNACK:
		return true;
	}
	return false;
}
EXPORT_SYMBOL_GPL(isc_opcode_is_initiator);

/* PDUs whose layout has no data segment (RFC 7143 §11.5, §11.6, §11.8,
 * §11.14, §11.15, §11.16).
 */
static bool opcode_forbids_data(u8 opcode)
{
	switch (opcode) {
	case ISCSI_OP_SCSI_TMFUNC:
	case ISCSI_OP_SCSI_TMFUNC_RSP:
	case ISCSI_OP_R2T:
	case ISCSI_OP_LOGOUT:
	case ISCSI_OP_LOGOUT_RSP:
	case ISCSI_OP_SNACK:
		return true;
	}
	return false;
}

/**
 * isc_pdu_check_bhs() - first-stage check of a freshly read BHS
 * @bhs: at least @len bytes
 * @len: bytes available
 * @ctx: connection context
 * @lens: out: how many AHS and data bytes follow
 *
 * Called by the receive path after the 48-byte BHS has arrived and before
 * it reads anything else, so that a hostile length never sizes a read.
 *
 * Return: ISC_PDU_OK or the reason the BHS is refused.
 */
enum isc_pdu_err isc_pdu_check_bhs(const void *bhs, size_t len,
				   const struct isc_pdu_ctx *ctx,
				   struct isc_pdu_lens *lens)
{
	struct iscsi_hdr hdr;
	bool from_target = ctx->role == ISC_FROM_TARGET;
	u8 op;
	u32 dsl;

	if (len < ISCSI_HDR_LEN)
		return ISC_PDU_ERR_SHORT;
	memcpy(&hdr, bhs, sizeof(hdr));
	op = hdr.opcode & ISCSI_OPCODE_MASK;

	if (from_target ? isc_opcode_is_initiator(op) :
			  isc_opcode_is_target(op))
		return ISC_PDU_ERR_DIRECTION;
	if (from_target ? !isc_opcode_is_target(op) :
			  !isc_opcode_is_initiator(op))
		return ISC_PDU_ERR_OPCODE;

	/* RFC 7143 §6.3: only Login PDUs during login, none after it. */
	if (ctx->login != (op == ISCSI_OP_LOGIN || op == ISCSI_OP_LOGIN_RSP))
		return ISC_PDU_ERR_PHASE;

	/* RFC 7143 §11.2.2: only the SCSI Command defines AHS types. */
	if (hdr.hlength && op != ISCSI_OP_SCSI_CMD)
		return ISC_PDU_ERR_AHS_TYPE;

	dsl = isc_get_dsl(hdr.dlength);
	if (dsl && opcode_forbids_data(op))
		return ISC_PDU_ERR_DSL_FORBIDDEN;
	/* RFC 7143 §13.12: the sender MUST NOT exceed our declaration. */
	if (dsl > ctx->max_recv_dsl)
		return ISC_PDU_ERR_DSL_LIMIT;

	lens->ahs_len = (u32)hdr.hlength * ISC_AHS_WORD;
	lens->data_len = dsl;
	lens->data_padded = isc_padded(dsl);
	return ISC_PDU_OK;
}
EXPORT_SYMBOL_GPL(isc_pdu_check_bhs);

/* SAM status codes a target may return (RFC 7143 §11.4.2 refers to SAM). */
static bool sam_status_valid(u8 status)
{
	switch (status) {
	case ISC_SAM_GOOD:
	case ISC_SAM_CHECK_CONDITION:
	case ISC_SAM_CONDITION_MET:
	case ISC_SAM_BUSY:
	case ISC_SAM_RESERVATION_CONFLICT:
	case ISC_SAM_TASK_SET_FULL:
	case ISC_SAM_ACA_ACTIVE:
	case ISC_SAM_TASK_ABORTED:
		return true;
	}
	return false;
}

/*
 * RFC 7143 §11.4.7: a data segment on a SCSI Response (and on an Async
 * SCSI event, §11.9.1) starts with a 2-byte SenseLength that must fit.
 */
static enum isc_pdu_err parse_sense(const u8 *data, u32 dsl,
				    const u8 **sense, u16 *sense_len)
{
	u16 slen;

	*sense = NULL;
	*sense_len = 0;
	if (!dsl)
		return ISC_PDU_OK;
	if (dsl < ISC_SENSE_LEN_FIELD)
		return ISC_PDU_ERR_SENSE_LEN;
	slen = ((u16)data[0] << 8) | data[1];
	if (slen > dsl - ISC_SENSE_LEN_FIELD)
		return ISC_PDU_ERR_SENSE_LEN;
	*sense = slen ? data + ISC_SENSE_LEN_FIELD : NULL;
	*sense_len = slen;
	return ISC_PDU_OK;
}

/* ---- initiator PDUs (parsed by tests and loopback targets) ---- */

static enum isc_pdu_err parse_ahs(const u8 *ahs, u32 ahs_len,
				  struct isc_pdu *pdu)
{
	struct isc_pdu_cmd *cmd = &pdu->cmd;
	bool have_ecdb = false, have_rlen = false;
	u32 off = 0;

	while (off < ahs_len) {
		struct iscsi_rlength_ahdr rl;
		struct iscsi_ecdb_ahdr eh;
		u32 alen, total;

		if (ahs_len - off < ISC_AHS_WORD)
			return ISC_PDU_ERR_AHS_LEN;
		memcpy(&eh, ahs + off, ISC_AHS_WORD);
		alen = be16_to_cpu(eh.ahslength);
		total = isc_padded(ISC_AHS_HDR_LEN + alen);
		if (total > ahs_len - off)
			return ISC_PDU_ERR_AHS_LEN;

		switch (eh.ahstype) {
		case ISCSI_AHSTYPE_CDB:
			/* RFC 7143 §11.2.2.3: AHSLength = CDB length - 15. */
			if (have_ecdb || alen < 2 ||
			    alen - 1 > ISC_CDB_MAX - ISCSI_CDB_SIZE)
				return ISC_PDU_ERR_AHS_LEN;
			memcpy(cmd->cdb + ISCSI_CDB_SIZE,
			       ahs + off + offsetof(struct iscsi_ecdb_ahdr,
						    ecdb), alen - 1);
			cmd->cdb_len = ISCSI_CDB_SIZE + alen - 1;
			have_ecdb = true;
			break;
		case ISCSI_AHSTYPE_RLENGTH:
			/* RFC 7143 §11.2.2.4: fixed length 5. */
			if (have_rlen || alen != ISC_AHS_RLENGTH_LEN)
				return ISC_PDU_ERR_AHS_LEN;
			memcpy(&rl, ahs + off, sizeof(rl));
			cmd->bidi_read_len = be32(rl.read_length);
			have_rlen = true;
			break;
		default:
			return ISC_PDU_ERR_AHS_TYPE;
		}
		off += total;
	}
	/* The bidi AHS only makes sense on a command that reads and writes. */
	if (have_rlen && !(cmd->read && cmd->write))
		return ISC_PDU_ERR_AHS_TYPE;
	return ISC_PDU_OK;
}

static enum isc_pdu_err parse_scsi_cmd(const union isc_bhs *b, const u8 *ahs,
				       struct isc_pdu *pdu)
{
	const struct iscsi_scsi_req *h = &b->cmd;
	struct isc_pdu_cmd *cmd = &pdu->cmd;

	cmd->read = h->flags & ISCSI_FLAG_CMD_READ;
	cmd->write = h->flags & ISCSI_FLAG_CMD_WRITE;
	cmd->attr = h->flags & ISCSI_FLAG_CMD_ATTR_MASK;
	if (cmd->attr > ISCSI_ATTR_ACA)
		return ISC_PDU_ERR_ATTR;
	/* RFC 7143 §11.3.1.2: no W bit, no immediate data. */
	if (pdu->data_len && !cmd->write)
		return ISC_PDU_ERR_DSL_FORBIDDEN;
	/* RFC 7143 §11.3.1.1: F=0 only when unsolicited data follows. */
	if (!pdu->final && !cmd->write)
		return ISC_PDU_ERR_FLAGS;
	memcpy(pdu->lun, &h->lun, ISC_LUN_LEN);
	cmd->exp_len = be32(h->data_length);
	pdu->cmdsn = be32(h->cmdsn);
	pdu->exp_statsn = be32(h->exp_statsn);
	memcpy(cmd->cdb, h->cdb, ISCSI_CDB_SIZE);
	cmd->cdb_len = ISCSI_CDB_SIZE;
	cmd->bidi_read_len = 0;
	return parse_ahs(ahs, pdu->ahs_len, pdu);
}

static enum isc_pdu_err parse_initiator(const union isc_bhs *b, const u8 *ahs,
					struct isc_pdu *pdu)
{
	u8 flags = b->hdr.flags;

	switch (pdu->opcode) {
	case ISCSI_OP_NOOP_OUT:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		/* RFC 7143 §11.18.2: a reply-less ping must be immediate. */
		if (pdu->itt == ISCSI_RESERVED_TAG && !pdu->immediate)
			return ISC_PDU_ERR_TAG;
		memcpy(pdu->lun, &b->nopout.lun, ISC_LUN_LEN);
		pdu->ttt = be32(b->nopout.ttt);
		pdu->cmdsn = be32(b->nopout.cmdsn);
		pdu->exp_statsn = be32(b->nopout.exp_statsn);
		return ISC_PDU_OK;
	case ISCSI_OP_SCSI_CMD:
		return parse_scsi_cmd(b, ahs, pdu);
	case ISCSI_OP_SCSI_TMFUNC:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->tmf.function = flags & ISCSI_FLAG_TM_FUNC_MASK;
		if (pdu->tmf.function < ISCSI_TM_FUNC_ABORT_TASK ||
		    pdu->tmf.function > ISCSI_TM_FUNC_TASK_REASSIGN)
			return ISC_PDU_ERR_TMF_FUNC;
		memcpy(pdu->lun, &b->tm.lun, ISC_LUN_LEN);
		pdu->tmf.rtt = itt_get(b->tm.rtt);
		pdu->cmdsn = be32(b->tm.cmdsn);
		pdu->exp_statsn = be32(b->tm.exp_statsn);
		pdu->tmf.refcmdsn = be32(b->tm.refcmdsn);
		pdu->tmf.exp_datasn = be32(b->tm.exp_datasn);
		return ISC_PDU_OK;
	case ISCSI_OP_LOGIN: {
		struct isc_pdu_login *l = &pdu->login;

		l->transit = flags & ISCSI_FLAG_LOGIN_TRANSIT;
		l->cont = flags & ISCSI_FLAG_LOGIN_CONTINUE;
		l->csg = (flags & ISCSI_FLAG_LOGIN_CURRENT_STAGE_MASK) >>
			 ISC_LOGIN_CSG_SHIFT;
		l->nsg = flags & ISCSI_FLAG_LOGIN_NEXT_STAGE_MASK;
		if (l->transit && l->cont)
			return ISC_PDU_ERR_FLAGS;
		if (l->csg == ISC_STAGE_RESERVED || l->csg == ISC_STAGE_FFP ||
		    (l->transit && (l->nsg == ISC_STAGE_RESERVED ||
				    l->nsg <= l->csg)))
			return ISC_PDU_ERR_STAGE;
		l->ver_max = b->login.max_version;
		l->ver_min = b->login.min_version;
		if (l->ver_min > l->ver_max)
			return ISC_PDU_ERR_VERSION;
		memcpy(l->isid, b->login.isid, ISC_ISID_LEN);
		l->tsih = be16_to_cpu(b->login.tsih);
		l->cid = be16_to_cpu(b->login.cid);
		pdu->cmdsn = be32(b->login.cmdsn);
		pdu->exp_statsn = be32(b->login.exp_statsn);
		return ISC_PDU_OK;
	}
	case ISCSI_OP_TEXT:
		pdu->text.cont = flags & ISCSI_FLAG_TEXT_CONTINUE;
		/* RFC 7143 §11.10.2: F and C MUST NOT both be 1. */
		if (pdu->final && pdu->text.cont)
			return ISC_PDU_ERR_FLAGS;
		pdu->ttt = be32(b->text.ttt);
		pdu->cmdsn = be32(b->text.cmdsn);
		pdu->exp_statsn = be32(b->text.exp_statsn);
		return ISC_PDU_OK;
	case ISCSI_OP_SCSI_DATA_OUT:
		memcpy(pdu->lun, &b->data.lun, ISC_LUN_LEN);
		pdu->ttt = be32(b->data.ttt);
		pdu->exp_statsn = be32(b->data.exp_statsn);
		pdu->dat.datasn = be32(b->data.datasn);
		pdu->dat.offset = be32(b->data.offset);
		return ISC_PDU_OK;
	case ISCSI_OP_LOGOUT:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->logout.reason = flags & ISCSI_FLAG_LOGOUT_REASON_MASK;
		/* RFC 7143 §11.14.1: reasons 0..2; 3 is not defined. */
		if (pdu->logout.reason > ISCSI_LOGOUT_REASON_RECOVERY)
			return ISC_PDU_ERR_LOGOUT_REASON;
		pdu->logout.cid = be16_to_cpu(b->logout.cid);
		pdu->cmdsn = be32(b->logout.cmdsn);
		pdu->exp_statsn = be32(b->logout.exp_statsn);
		return ISC_PDU_OK;
	case ISCSI_OP_SNACK:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->snack.type = flags & ISCSI_FLAG_SNACK_TYPE_MASK;
		if (pdu->snack.type > ISCSI_FLAG_SNACK_TYPE_RDATA)
			return ISC_PDU_ERR_SNACK_TYPE;
		memcpy(pdu->lun, b->snack.lun, ISC_LUN_LEN);
		pdu->ttt = be32(b->snack.ttt);
		pdu->exp_statsn = be32(b->snack.exp_statsn);
		pdu->snack.begrun = be32(b->snack.begrun);
		pdu->snack.runlength = be32(b->snack.runlength);
		return ISC_PDU_OK;
	}
	return ISC_PDU_ERR_OPCODE;
}

/* ---- target PDUs: the hostile direction ---- */

static enum isc_pdu_err parse_scsi_rsp(const union isc_bhs *b,
				       struct isc_pdu *pdu)
{
	const struct iscsi_scsi_rsp *h = &b->rsp;
	struct isc_pdu_rsp *r = &pdu->rsp;

	if (!pdu->final)
		return ISC_PDU_ERR_FINAL;
	r->response = h->response;
	r->status = h->cmd_status;
	if (r->response != ISC_RSP_COMPLETED &&
	    r->response != ISC_RSP_TARGET_FAILURE &&
	    r->response < ISC_RSP_VENDOR_FIRST)
		return ISC_PDU_ERR_RESPONSE;
	/* RFC 7143 §11.4.2: Status is only valid for "Command Completed". */
	if (r->response == ISC_RSP_COMPLETED && !sam_status_valid(r->status))
		return ISC_PDU_ERR_STATUS;

	r->overflow = h->flags & ISCSI_FLAG_CMD_OVERFLOW;
	r->underflow = h->flags & ISCSI_FLAG_CMD_UNDERFLOW;
	r->bidi_overflow = h->flags & ISCSI_FLAG_CMD_BIDI_OVERFLOW;
	r->bidi_underflow = h->flags & ISCSI_FLAG_CMD_BIDI_UNDERFLOW;
	/* RFC 7143 §11.4.1: O/U and o/u are each mutually exclusive. */
	if ((r->overflow && r->underflow) ||
	    (r->bidi_overflow && r->bidi_underflow))
		return ISC_PDU_ERR_RESIDUAL;
	/* Counts are reserved (so ignored) unless their flag is set. */
	r->residual = (r->overflow || r->underflow) ?
		      be32(h->residual_count) : 0;
	r->bidi_residual = (r->bidi_overflow || r->bidi_underflow) ?
			   be32(h->bi_residual_count) : 0;
	r->exp_datasn = be32(h->exp_datasn);
	pdu->statsn = be32(h->statsn);
	pdu->exp_cmdsn = be32(h->exp_cmdsn);
	pdu->max_cmdsn = be32(h->max_cmdsn);
	if (pdu->itt == ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	return parse_sense(pdu->data, pdu->data_len, &r->sense,
			   &r->sense_len);
}

static enum isc_pdu_err parse_data_in(const union isc_bhs *b,
				      const struct isc_pdu_ctx *ctx,
				      struct isc_pdu *pdu)
{
	const struct iscsi_data_rsp *h = &b->data_rsp;
	struct isc_pdu_data *d = &pdu->dat;

	d->ack = h->flags & ISCSI_FLAG_DATA_ACK;
	d->has_status = h->flags & ISCSI_FLAG_DATA_STATUS;
	d->overflow = false;
	d->underflow = false;
	d->residual = 0;
	d->status = 0;
	/* RFC 7143 §11.7.2: S=1 requires F=1. */
	if (d->has_status && !pdu->final)
		return ISC_PDU_ERR_FLAGS;
	/* RFC 7143 §11.7.1: A is for ErrorRecoveryLevel >= 1 only. */
	if (d->ack && ctx->erl < 1)
		return ISC_PDU_ERR_FLAGS;
	if (d->has_status) {
		d->overflow = h->flags & ISCSI_FLAG_DATA_OVERFLOW;
		d->underflow = h->flags & ISCSI_FLAG_DATA_UNDERFLOW;
		if (d->overflow && d->underflow)
			return ISC_PDU_ERR_RESIDUAL;
		if (d->overflow || d->underflow)
			d->residual = be32(h->residual_count);
		d->status = h->cmd_status;
		if (!sam_status_valid(d->status))
			return ISC_PDU_ERR_STATUS;
	}
	memcpy(pdu->lun, &h->lun, ISC_LUN_LEN);
	pdu->ttt = be32(h->ttt);
	pdu->statsn = be32(h->statsn);
	pdu->exp_cmdsn = be32(h->exp_cmdsn);
	pdu->max_cmdsn = be32(h->max_cmdsn);
	d->datasn = be32(h->datasn);
	d->offset = be32(h->offset);
	if (pdu->itt == ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	/* RFC 7143 §11.7.4: the TTT is only meaningful when A is set. */
	if (d->ack && pdu->ttt == ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	return ISC_PDU_OK;
}

static enum isc_pdu_err parse_r2t(const union isc_bhs *b,
				  const struct isc_pdu_ctx *ctx,
				  struct isc_pdu *pdu)
{
	const struct iscsi_r2t_rsp *h = &b->r2t;

	if (!pdu->final)
		return ISC_PDU_ERR_FINAL;
	memcpy(pdu->lun, &h->lun, ISC_LUN_LEN);
	pdu->ttt = be32(h->ttt);
	pdu->statsn = be32(h->statsn);
	pdu->exp_cmdsn = be32(h->exp_cmdsn);
	pdu->max_cmdsn = be32(h->max_cmdsn);
	pdu->r2t.r2tsn = be32(h->r2tsn);
	pdu->r2t.offset = be32(h->data_offset);
	pdu->r2t.length = be32(h->data_length);
	/* RFC 7143 §11.8.4: the TTT MUST NOT be the reserved value. */
	if (pdu->itt == ISCSI_RESERVED_TAG || pdu->ttt == ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	/* RFC 7143 §11.8.5: 0 < Desired Data Transfer Length <= MaxBurst. */
	if (!pdu->r2t.length || pdu->r2t.length > ctx->max_burst)
		return ISC_PDU_ERR_R2T_LENGTH;
	return ISC_PDU_OK;
}

static bool time2_ok(u16 t2wait, u16 t2retain)
{
	return t2wait <= ISC_TIME2_MAX && t2retain <= ISC_TIME2_MAX;
}

static enum isc_pdu_err parse_async(const union isc_bhs *b,
				    struct isc_pdu *pdu)
{
	const struct iscsi_async *h = &b->async;
	struct isc_pdu_async *a = &pdu->async;

	if (!pdu->final)
		return ISC_PDU_ERR_FINAL;
	/* RFC 7143 §11.9: the ITT field is 0xffffffff. */
	if (pdu->itt != ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	memcpy(pdu->lun, &h->lun, ISC_LUN_LEN);
	pdu->statsn = be32(h->statsn);
	pdu->exp_cmdsn = be32(h->exp_cmdsn);
	pdu->max_cmdsn = be32(h->max_cmdsn);
	a->event = h->async_event;
	a->vcode = h->async_vcode;
	a->param1 = be16_to_cpu(h->param1);
	a->param2 = be16_to_cpu(h->param2);
	a->param3 = be16_to_cpu(h->param3);
	a->sense = NULL;
	a->sense_len = 0;
	switch (a->event) {
	case ISCSI_ASYNC_MSG_SCSI_EVENT:
		return parse_sense(pdu->data, pdu->data_len, &a->sense,
				   &a->sense_len);
	case ISCSI_ASYNC_MSG_DROPPING_CONNECTION:
	case ISCSI_ASYNC_MSG_DROPPING_ALL_CONNECTIONS:
		/* §11.9.1: Parameter2 is Time2Wait, Parameter3 Time2Retain. */
		if (!time2_ok(a->param2, a->param3))
			return ISC_PDU_ERR_TIME;
		return ISC_PDU_OK;
	case ISCSI_ASYNC_MSG_REQUEST_LOGOUT:
		/* §11.9.1: Parameter3 is the time to logout, seconds. */
		if (a->param3 > ISC_TIME2_MAX)
			return ISC_PDU_ERR_TIME;
		return ISC_PDU_OK;
	case ISCSI_ASYNC_MSG_PARAM_NEGOTIATION:
	case ISCSI_ASYNC_MSG_VENDOR_SPECIFIC:
		return ISC_PDU_OK;
	}
	return ISC_PDU_ERR_ASYNC_EVENT;
}

static enum isc_pdu_err parse_login_rsp(const union isc_bhs *b,
					struct isc_pdu *pdu)
{
	const struct iscsi_login_rsp *h = &b->login_rsp;
	struct isc_pdu_login *l = &pdu->login;

	l->transit = h->flags & ISCSI_FLAG_LOGIN_TRANSIT;
	l->cont = h->flags & ISCSI_FLAG_LOGIN_CONTINUE;
	l->csg = (h->flags & ISCSI_FLAG_LOGIN_CURRENT_STAGE_MASK) >>
		 ISC_LOGIN_CSG_SHIFT;
	l->nsg = h->flags & ISCSI_FLAG_LOGIN_NEXT_STAGE_MASK;
	/* RFC 7143 §11.13.2: T=1 with C=1 is a protocol error. */
	if (l->transit && l->cont)
		return ISC_PDU_ERR_FLAGS;
	if (l->csg == ISC_STAGE_RESERVED || l->csg == ISC_STAGE_FFP ||
	    (l->transit && (l->nsg == ISC_STAGE_RESERVED ||
			    l->nsg <= l->csg)))
		return ISC_PDU_ERR_STAGE;
	l->ver_max = h->max_version;
	l->ver_min = h->active_version;
	if (l->ver_min > l->ver_max)
		return ISC_PDU_ERR_VERSION;
	memcpy(l->isid, h->isid, ISC_ISID_LEN);
	l->tsih = be16_to_cpu(h->tsih);
	l->cid = 0;
	l->status_class = h->status_class;
	l->status_detail = h->status_detail;
	if (l->status_class > ISCSI_STATUS_CLS_TARGET_ERR ||
	    (l->status_class == ISCSI_STATUS_CLS_SUCCESS &&
	     l->status_detail != ISCSI_LOGIN_STATUS_ACCEPT))
		return ISC_PDU_ERR_LOGIN_STATUS;
	pdu->statsn = be32(h->statsn);
	pdu->exp_cmdsn = be32(h->exp_cmdsn);
	pdu->max_cmdsn = be32(h->max_cmdsn);
	if (pdu->itt == ISCSI_RESERVED_TAG)
		return ISC_PDU_ERR_TAG;
	return ISC_PDU_OK;
}

static enum isc_pdu_err parse_target(const union isc_bhs *b,
				     const struct isc_pdu_ctx *ctx,
				     struct isc_pdu *pdu)
{
	switch (pdu->opcode) {
	case ISCSI_OP_NOOP_IN:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		memcpy(pdu->lun, &b->nopin.lun, ISC_LUN_LEN);
		pdu->ttt = be32(b->nopin.ttt);
		pdu->statsn = be32(b->nopin.statsn);
		pdu->exp_cmdsn = be32(b->nopin.exp_cmdsn);
		pdu->max_cmdsn = be32(b->nopin.max_cmdsn);
		/* RFC 7143 §11.19: a reply carries our ITT and no TTT, a
		 * target ping carries a TTT and no ITT; never both.
		 */
		if (pdu->itt != ISCSI_RESERVED_TAG &&
		    pdu->ttt != ISCSI_RESERVED_TAG)
			return ISC_PDU_ERR_TAG;
		return ISC_PDU_OK;
	case ISCSI_OP_SCSI_CMD_RSP:
		return parse_scsi_rsp(b, pdu);
	case ISCSI_OP_SCSI_TMFUNC_RSP:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->tmf.response = b->tm_rsp.response;
		if (pdu->tmf.response > ISCSI_TMF_RSP_AUTH_FAILED &&
		    pdu->tmf.response != ISCSI_TMF_RSP_REJECTED)
			return ISC_PDU_ERR_RESPONSE;
		pdu->statsn = be32(b->tm_rsp.statsn);
		pdu->exp_cmdsn = be32(b->tm_rsp.exp_cmdsn);
		pdu->max_cmdsn = be32(b->tm_rsp.max_cmdsn);
		if (pdu->itt == ISCSI_RESERVED_TAG)
			return ISC_PDU_ERR_TAG;
		return ISC_PDU_OK;
	case ISCSI_OP_LOGIN_RSP:
		return parse_login_rsp(b, pdu);
	case ISCSI_OP_TEXT_RSP:
		pdu->text.cont = b->text_rsp.flags & ISCSI_FLAG_TEXT_CONTINUE;
		if (pdu->final && pdu->text.cont)
			return ISC_PDU_ERR_FLAGS;
		pdu->ttt = be32(b->text_rsp.ttt);
		pdu->statsn = be32(b->text_rsp.statsn);
		pdu->exp_cmdsn = be32(b->text_rsp.exp_cmdsn);
		pdu->max_cmdsn = be32(b->text_rsp.max_cmdsn);
		/* RFC 7143 §11.11.4: F=0 needs a TTT to continue with. */
		if (pdu->itt == ISCSI_RESERVED_TAG ||
		    (!pdu->final && pdu->ttt == ISCSI_RESERVED_TAG))
			return ISC_PDU_ERR_TAG;
		return ISC_PDU_OK;
	case ISCSI_OP_SCSI_DATA_IN:
		return parse_data_in(b, ctx, pdu);
	case ISCSI_OP_LOGOUT_RSP:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->logout.response = b->logout_rsp.response;
		if (pdu->logout.response > ISCSI_LOGOUT_CLEANUP_FAILED)
			return ISC_PDU_ERR_RESPONSE;
		pdu->logout.t2wait = be16_to_cpu(b->logout_rsp.t2wait);
		pdu->logout.t2retain = be16_to_cpu(b->logout_rsp.t2retain);
		if (!time2_ok(pdu->logout.t2wait, pdu->logout.t2retain))
			return ISC_PDU_ERR_TIME;
		pdu->statsn = be32(b->logout_rsp.statsn);
		pdu->exp_cmdsn = be32(b->logout_rsp.exp_cmdsn);
		pdu->max_cmdsn = be32(b->logout_rsp.max_cmdsn);
		if (pdu->itt == ISCSI_RESERVED_TAG)
			return ISC_PDU_ERR_TAG;
		return ISC_PDU_OK;
	case ISCSI_OP_R2T:
		return parse_r2t(b, ctx, pdu);
	case ISCSI_OP_ASYNC_EVENT:
		return parse_async(b, pdu);
	case ISCSI_OP_REJECT:
		if (!pdu->final)
			return ISC_PDU_ERR_FINAL;
		pdu->reject.reason = b->reject.reason;
		if (pdu->reject.reason < ISC_REJECT_DIGEST ||
		    pdu->reject.reason > ISC_REJECT_WAIT_LOGOUT)
			return ISC_PDU_ERR_REJECT_REASON;
		if (pdu->itt != ISCSI_RESERVED_TAG)
			return ISC_PDU_ERR_TAG;
		/* RFC 7143 §11.17.1: the data segment is the refused BHS. */
		if (pdu->data_len < ISCSI_HDR_LEN)
			return ISC_PDU_ERR_REJECT_HDR;
		pdu->reject.bad_hdr = pdu->data;
		pdu->reject.datasn = be32(b->reject.datasn);
		pdu->statsn = be32(b->reject.statsn);
		pdu->exp_cmdsn = be32(b->reject.exp_cmdsn);
		pdu->max_cmdsn = be32(b->reject.max_cmdsn);
		return ISC_PDU_OK;
	}
	return ISC_PDU_ERR_OPCODE;
}

/**
 * isc_pdu_check_task() - validate a task-bound PDU against its task
 * @pdu: a PDU that isc_pdu_parse() accepted
 * @task: what the task referred to by @pdu->itt expects
 *
 * Data-In must stay within the read length (RFC 7143 §11.7.5), an R2T
 * within the write length (§11.8.5), and an underflow residual cannot
 * exceed what was expected (§11.4.5). isc_pdu_parse() calls this when
 * @ctx->task is set; a receive path that looks the task up after the
 * parse calls it itself.
 *
 * Return: ISC_PDU_OK or the violated rule.
 */
enum isc_pdu_err isc_pdu_check_task(const struct isc_pdu *pdu,
				    const struct isc_task_xfer *task)
{
	switch (pdu->opcode) {
	case ISCSI_OP_SCSI_DATA_IN:
		if (pdu->dat.offset > task->read_len ||
		    pdu->data_len > task->read_len - pdu->dat.offset)
			return ISC_PDU_ERR_OFFSET;
		if (pdu->dat.underflow && pdu->dat.residual > task->read_len)
			return ISC_PDU_ERR_RESIDUAL;
		return ISC_PDU_OK;
	case ISCSI_OP_R2T:
		if (pdu->r2t.offset > task->write_len ||
		    pdu->r2t.length > task->write_len - pdu->r2t.offset)
			return ISC_PDU_ERR_OFFSET;
		return ISC_PDU_OK;
	case ISCSI_OP_SCSI_CMD_RSP:
		if ((pdu->rsp.bidi_overflow || pdu->rsp.bidi_underflow) &&
		    !task->bidi)
			return ISC_PDU_ERR_RESIDUAL;
		if (pdu->rsp.underflow &&
		    pdu->rsp.residual > (task->bidi ? task->write_len :
					 max(task->read_len, task->write_len)))
			return ISC_PDU_ERR_RESIDUAL;
		if (pdu->rsp.bidi_underflow &&
		    pdu->rsp.bidi_residual > task->read_len)
			return ISC_PDU_ERR_RESIDUAL;
		return ISC_PDU_OK;
	}
	return ISC_PDU_OK;
}
EXPORT_SYMBOL_GPL(isc_pdu_check_task);

/**
 * isc_pdu_parse() - validate and decode one complete PDU
 * @buf: BHS, then TotalAHSLength bytes of AHS, then the data segment
 *	 (padding and digests are optional and not looked at)
 * @len: bytes available in @buf
 * @ctx: connection context (limits, phase, optional task)
 * @pdu: out: the decoded PDU; @pdu->data points into @buf
 *
 * Return: ISC_PDU_OK with @pdu filled in, or the first rule violated.
 * On error @pdu is partly written and must not be used.
 */
enum isc_pdu_err isc_pdu_parse(const void *buf, size_t len,
			       const struct isc_pdu_ctx *ctx,
			       struct isc_pdu *pdu)
{
	const u8 *p = buf;
	struct isc_pdu_lens lens;
	enum isc_pdu_err err;
	union isc_bhs b;

	err = isc_pdu_check_bhs(buf, len, ctx, &lens);
	if (err)
		return err;
	if (len - ISCSI_HDR_LEN < (size_t)lens.ahs_len + lens.data_len)
		return ISC_PDU_ERR_SHORT;
	memcpy(&b, buf, sizeof(b));

	memset(pdu, 0, sizeof(*pdu));
	pdu->opcode = b.hdr.opcode & ISCSI_OPCODE_MASK;
	pdu->immediate = b.hdr.opcode & ISCSI_OP_IMMEDIATE;
	pdu->final = b.hdr.flags & ISC_FLAG_F;
	pdu->ahs_len = lens.ahs_len;
	pdu->data_len = lens.data_len;
	pdu->data = lens.data_len ? p + ISCSI_HDR_LEN + lens.ahs_len : NULL;
	pdu->itt = itt_get(b.hdr.itt);
	pdu->ttt = ISCSI_RESERVED_TAG;

	if (ctx->role == ISC_FROM_INITIATOR)
		return parse_initiator(&b, p + ISCSI_HDR_LEN, pdu);
	err = parse_target(&b, ctx, pdu);
	if (err || !ctx->task)
		return err;
	return isc_pdu_check_task(pdu, ctx->task);
}
EXPORT_SYMBOL_GPL(isc_pdu_parse);

/**
 * isc_pdu_parse_hdr() - validate and decode a PDU whose data is elsewhere
 * @bhs: the BHS (the receive path places the data segment straight into
 *	 a command's pages, so it is not behind the header)
 * @len: bytes available in @bhs
 * @ctx: connection context; with @ctx->task set the task checks run
 *	 against the real DataSegmentLength
 * @pdu: out: the decoded PDU; @pdu->data is NULL
 *
 * Only for opcodes whose rules never read the data segment (Data-In and
 * R2T); any other opcode is refused, since its data-dependent checks
 * (sense length, Reject header, Async sense) could not run.
 *
 * Return: ISC_PDU_OK or the first rule violated.
 */
enum isc_pdu_err isc_pdu_parse_hdr(const void *bhs, size_t len,
				   const struct isc_pdu_ctx *ctx,
				   struct isc_pdu *pdu)
{
	struct isc_pdu_ctx hctx = *ctx;
	struct isc_pdu_lens lens;
	enum isc_pdu_err err;
	union isc_bhs b;
	u8 op;

	err = isc_pdu_check_bhs(bhs, len, ctx, &lens);
	if (err)
		return err;
	memcpy(&b, bhs, sizeof(b));
	op = b.hdr.opcode & ISCSI_OPCODE_MASK;
	if (op != ISCSI_OP_SCSI_DATA_IN && op != ISCSI_OP_R2T)
		return ISC_PDU_ERR_OPCODE;
	/* Parse as if the segment were empty, then restore its length. */
	isc_put_dsl(b.hdr.dlength, 0);
	hctx.task = NULL;
	err = isc_pdu_parse(&b, sizeof(b), &hctx, pdu);
	if (err)
		return err;
	pdu->data_len = lens.data_len;
	pdu->data = NULL;
	return ctx->task ? isc_pdu_check_task(pdu, ctx->task) : ISC_PDU_OK;
}
EXPORT_SYMBOL_GPL(isc_pdu_parse_hdr);
