// SPDX-License-Identifier: GPL-2.0
/*
 * Serialise a struct isc_pdu into a BHS (+ AHS).
 *
 * The data segment is not copied: the transport sends it from the
 * caller's pages after the header, padded to 4 bytes (RFC 7143 §11.2.3),
 * so the header only records its length.
 */
#include "pdu.h"
#include "pdu_wire.h"

static u8 login_flags(const struct isc_pdu_login *l)
{
	u8 flags = (l->csg << ISC_LOGIN_CSG_SHIFT) &
		   ISCSI_FLAG_LOGIN_CURRENT_STAGE_MASK;

	if (l->transit)
		flags |= ISCSI_FLAG_LOGIN_TRANSIT |
			 (l->nsg & ISCSI_FLAG_LOGIN_NEXT_STAGE_MASK);
	if (l->cont)
		flags |= ISCSI_FLAG_LOGIN_CONTINUE;
	return flags;
}

/* RFC 7143 §11.2.2.3/§11.2.2.4: extended CDB and bidi read AHS. */
static u32 build_ahs(const struct isc_pdu_cmd *cmd, u8 *ahs)
{
	u32 off = 0;

	if (cmd->cdb_len > ISCSI_CDB_SIZE) {
		struct iscsi_ecdb_ahdr eh;
		u32 extra = cmd->cdb_len - ISCSI_CDB_SIZE;
		u32 total = isc_padded(offsetof(struct iscsi_ecdb_ahdr, ecdb) +
				       extra);

		memset(&eh, 0, sizeof(eh));
		/* AHSLength covers the reserved byte plus the spill-over. */
		eh.ahslength = cpu_to_be16(extra + 1);
		eh.ahstype = ISCSI_AHSTYPE_CDB;
		memcpy(eh.ecdb, cmd->cdb + ISCSI_CDB_SIZE, extra);
		memcpy(ahs + off, &eh, total);
		off += total;
	}
	if (cmd->read && cmd->write && cmd->bidi_read_len) {
		struct iscsi_rlength_ahdr rl;

		memset(&rl, 0, sizeof(rl));
		rl.ahslength = cpu_to_be16(ISC_AHS_RLENGTH_LEN);
		rl.ahstype = ISCSI_AHSTYPE_RLENGTH;
		rl.read_length = cpu_to_be32(cmd->bidi_read_len);
		memcpy(ahs + off, &rl, sizeof(rl));
		off += sizeof(rl);
	}
	return off;
}

static u32 ahs_size(const struct isc_pdu *pdu)
{
	const struct isc_pdu_cmd *cmd = &pdu->cmd;
	u32 size = 0;

	if (pdu->opcode != ISCSI_OP_SCSI_CMD)
		return 0;
	if (cmd->cdb_len > ISCSI_CDB_SIZE)
		size += isc_padded(offsetof(struct iscsi_ecdb_ahdr, ecdb) +
				   cmd->cdb_len - ISCSI_CDB_SIZE);
	if (cmd->read && cmd->write && cmd->bidi_read_len)
		size += sizeof(struct iscsi_rlength_ahdr);
	return size;
}

static void build_initiator(const struct isc_pdu *pdu, union isc_bhs *b)
{
	const struct isc_pdu_cmd *cmd = &pdu->cmd;
	u8 flags = pdu->final ? ISC_FLAG_F : 0;

	switch (pdu->opcode) {
	case ISCSI_OP_NOOP_OUT:
		b->nopout.flags = ISC_FLAG_F;
		memcpy(&b->nopout.lun, pdu->lun, ISC_LUN_LEN);
		b->nopout.ttt = cpu_to_be32(pdu->ttt);
		b->nopout.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->nopout.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		break;
	case ISCSI_OP_SCSI_CMD:
		if (cmd->read)
			flags |= ISCSI_FLAG_CMD_READ;
		if (cmd->write)
			flags |= ISCSI_FLAG_CMD_WRITE;
		b->cmd.flags = flags | (cmd->attr & ISCSI_FLAG_CMD_ATTR_MASK);
		memcpy(&b->cmd.lun, pdu->lun, ISC_LUN_LEN);
		b->cmd.data_length = cpu_to_be32(cmd->exp_len);
		b->cmd.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->cmd.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		memcpy(b->cmd.cdb, cmd->cdb, cmd->cdb_len < ISCSI_CDB_SIZE ?
		       cmd->cdb_len : ISCSI_CDB_SIZE);
		break;
	case ISCSI_OP_SCSI_TMFUNC:
		b->tm.flags = ISC_FLAG_F |
			      (pdu->tmf.function & ISCSI_FLAG_TM_FUNC_MASK);
		memcpy(&b->tm.lun, pdu->lun, ISC_LUN_LEN);
		b->tm.rtt = itt_put(pdu->tmf.rtt);
		b->tm.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->tm.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		b->tm.refcmdsn = cpu_to_be32(pdu->tmf.refcmdsn);
		b->tm.exp_datasn = cpu_to_be32(pdu->tmf.exp_datasn);
		break;
	case ISCSI_OP_LOGIN:
		b->login.flags = login_flags(&pdu->login);
		b->login.max_version = pdu->login.ver_max;
		b->login.min_version = pdu->login.ver_min;
		memcpy(b->login.isid, pdu->login.isid, ISC_ISID_LEN);
		b->login.tsih = cpu_to_be16(pdu->login.tsih);
		b->login.cid = cpu_to_be16(pdu->login.cid);
		b->login.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->login.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		break;
	case ISCSI_OP_TEXT:
		if (pdu->text.cont)
			flags |= ISCSI_FLAG_TEXT_CONTINUE;
		b->text.flags = flags;
		b->text.ttt = cpu_to_be32(pdu->ttt);
		b->text.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->text.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		break;
	case ISCSI_OP_SCSI_DATA_OUT:
		b->data.flags = flags;
		memcpy(&b->data.lun, pdu->lun, ISC_LUN_LEN);
		b->data.ttt = cpu_to_be32(pdu->ttt);
		b->data.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		b->data.datasn = cpu_to_be32(pdu->dat.datasn);
		b->data.offset = cpu_to_be32(pdu->dat.offset);
		break;
	case ISCSI_OP_LOGOUT:
		b->logout.flags = ISC_FLAG_F | (pdu->logout.reason &
						ISCSI_FLAG_LOGOUT_REASON_MASK);
		b->logout.cid = cpu_to_be16(pdu->logout.cid);
		b->logout.cmdsn = cpu_to_be32(pdu->cmdsn);
		b->logout.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		break;
	case ISCSI_OP_SNACK:
		b->snack.flags = ISC_FLAG_F |
				 (pdu->snack.type & ISCSI_FLAG_SNACK_TYPE_MASK);
		memcpy(b->snack.lun, pdu->lun, ISC_LUN_LEN);
		b->snack.ttt = cpu_to_be32(pdu->ttt);
		b->snack.exp_statsn = cpu_to_be32(pdu->exp_statsn);
		b->snack.begrun = cpu_to_be32(pdu->snack.begrun);
		b->snack.runlength = cpu_to_be32(pdu->snack.runlength);
		break;
	}
}

static u8 rsp_flags(const struct isc_pdu_rsp *r)
{
	u8 flags = ISC_FLAG_F;

	if (r->overflow)
		flags |= ISCSI_FLAG_CMD_OVERFLOW;
	if (r->underflow)
		flags |= ISCSI_FLAG_CMD_UNDERFLOW;
	if (r->bidi_overflow)
		flags |= ISCSI_FLAG_CMD_BIDI_OVERFLOW;
	if (r->bidi_underflow)
		flags |= ISCSI_FLAG_CMD_BIDI_UNDERFLOW;
	return flags;
}

static u8 data_in_flags(const struct isc_pdu *pdu)
{
	const struct isc_pdu_data *d = &pdu->dat;
	u8 flags = pdu->final ? ISC_FLAG_F : 0;

	if (d->ack)
		flags |= ISCSI_FLAG_DATA_ACK;
	if (d->has_status)
		flags |= ISCSI_FLAG_DATA_STATUS;
	if (d->overflow)
		flags |= ISCSI_FLAG_DATA_OVERFLOW;
	if (d->underflow)
		flags |= ISCSI_FLAG_DATA_UNDERFLOW;
	return flags;
}

/* Target PDUs: built by the unit tests and fuzz seeds acting as target. */
static void build_target(const struct isc_pdu *pdu, union isc_bhs *b)
{
	switch (pdu->opcode) {
	case ISCSI_OP_NOOP_IN:
		b->nopin.flags = ISC_FLAG_F;
		memcpy(&b->nopin.lun, pdu->lun, ISC_LUN_LEN);
		b->nopin.ttt = cpu_to_be32(pdu->ttt);
		break;
	case ISCSI_OP_SCSI_CMD_RSP:
		b->rsp.flags = rsp_flags(&pdu->rsp);
		b->rsp.response = pdu->rsp.response;
		b->rsp.cmd_status = pdu->rsp.status;
		b->rsp.exp_datasn = cpu_to_be32(pdu->rsp.exp_datasn);
		b->rsp.bi_residual_count = cpu_to_be32(pdu->rsp.bidi_residual);
		b->rsp.residual_count = cpu_to_be32(pdu->rsp.residual);
		break;
	case ISCSI_OP_SCSI_TMFUNC_RSP:
		b->tm_rsp.flags = ISC_FLAG_F;
		b->tm_rsp.response = pdu->tmf.response;
		break;
	case ISCSI_OP_LOGIN_RSP:
		b->login_rsp.flags = login_flags(&pdu->login);
		b->login_rsp.max_version = pdu->login.ver_max;
		b->login_rsp.active_version = pdu->login.ver_min;
		memcpy(b->login_rsp.isid, pdu->login.isid, ISC_ISID_LEN);
		b->login_rsp.tsih = cpu_to_be16(pdu->login.tsih);
		b->login_rsp.status_class = pdu->login.status_class;
		b->login_rsp.status_detail = pdu->login.status_detail;
		break;
	case ISCSI_OP_TEXT_RSP:
		b->text_rsp.flags = (pdu->final ? ISC_FLAG_F : 0) |
				    (pdu->text.cont ?
				     ISCSI_FLAG_TEXT_CONTINUE : 0);
		b->text_rsp.ttt = cpu_to_be32(pdu->ttt);
		break;
	case ISCSI_OP_SCSI_DATA_IN:
		b->data_rsp.flags = data_in_flags(pdu);
		b->data_rsp.cmd_status = pdu->dat.status;
		memcpy(&b->data_rsp.lun, pdu->lun, ISC_LUN_LEN);
		b->data_rsp.ttt = cpu_to_be32(pdu->ttt);
		b->data_rsp.datasn = cpu_to_be32(pdu->dat.datasn);
		b->data_rsp.offset = cpu_to_be32(pdu->dat.offset);
		b->data_rsp.residual_count = cpu_to_be32(pdu->dat.residual);
		break;
	case ISCSI_OP_LOGOUT_RSP:
		b->logout_rsp.flags = ISC_FLAG_F;
		b->logout_rsp.response = pdu->logout.response;
		b->logout_rsp.t2wait = cpu_to_be16(pdu->logout.t2wait);
		b->logout_rsp.t2retain = cpu_to_be16(pdu->logout.t2retain);
		break;
	case ISCSI_OP_R2T:
		b->r2t.flags = ISC_FLAG_F;
		memcpy(&b->r2t.lun, pdu->lun, ISC_LUN_LEN);
		b->r2t.ttt = cpu_to_be32(pdu->ttt);
		b->r2t.r2tsn = cpu_to_be32(pdu->r2t.r2tsn);
		b->r2t.data_offset = cpu_to_be32(pdu->r2t.offset);
		b->r2t.data_length = cpu_to_be32(pdu->r2t.length);
		break;
	case ISCSI_OP_ASYNC_EVENT:
		b->async.flags = ISC_FLAG_F;
		memcpy(&b->async.lun, pdu->lun, ISC_LUN_LEN);
		b->async.async_event = pdu->async.event;
		b->async.async_vcode = pdu->async.vcode;
		b->async.param1 = cpu_to_be16(pdu->async.param1);
		b->async.param2 = cpu_to_be16(pdu->async.param2);
		b->async.param3 = cpu_to_be16(pdu->async.param3);
		break;
	case ISCSI_OP_REJECT:
		b->reject.flags = ISC_FLAG_F;
		b->reject.reason = pdu->reject.reason;
		b->reject.datasn = cpu_to_be32(pdu->reject.datasn);
		break;
	}
}

/*
 * StatSN, ExpCmdSN and MaxCmdSN sit at the same place in every target
 * PDU except Data-In, where StatSN is only valid with the S bit; the
 * generic header names the first one, the rest follow it.
 */
static void build_target_sn(const struct isc_pdu *pdu, union isc_bhs *b)
{
	/* Identical layout checked in pdu_wire.h for every target struct. */
	b->nopin.statsn = cpu_to_be32(pdu->statsn);
	b->nopin.exp_cmdsn = cpu_to_be32(pdu->exp_cmdsn);
	b->nopin.max_cmdsn = cpu_to_be32(pdu->max_cmdsn);
}

/**
 * isc_pdu_build() - write the BHS and AHS for @pdu
 * @pdu: the PDU; @pdu->data_len is the length of the data segment that
 *	 the caller will send after the header
 * @buf: output buffer
 * @len: size of @buf
 *
 * Return: bytes written (ISCSI_HDR_LEN + AHS), -EINVAL for an opcode or
 * field we cannot encode, -ENOSPC if @buf is too small.
 */
int isc_pdu_build(const struct isc_pdu *pdu, void *buf, size_t len)
{
	bool initiator = isc_opcode_is_initiator(pdu->opcode);
	u8 *out = buf;
	union isc_bhs b;
	u32 ahs;

	if (!initiator && !isc_opcode_is_target(pdu->opcode))
		return -EINVAL;
	if (pdu->data_len > ISC_DSL_MAX)
		return -EINVAL;
	if (pdu->opcode == ISCSI_OP_SCSI_CMD &&
	    pdu->cmd.cdb_len > ISC_CDB_MAX)
		return -EINVAL;
	ahs = ahs_size(pdu);
	if (len < ISCSI_HDR_LEN + ahs)
		return -ENOSPC;

	memset(&b, 0, sizeof(b));
	if (initiator) {
		build_initiator(pdu, &b);
		if (pdu->immediate)
			b.hdr.opcode = ISCSI_OP_IMMEDIATE;
	} else {
		build_target_sn(pdu, &b);
		build_target(pdu, &b);
	}
	b.hdr.opcode |= pdu->opcode;
	b.hdr.hlength = ahs / ISC_AHS_WORD;
	isc_put_dsl(b.hdr.dlength, pdu->data_len);
	b.hdr.itt = itt_put(pdu->itt);
	memcpy(out, &b, ISCSI_HDR_LEN);
	if (ahs)
		build_ahs(&pdu->cmd, out + ISCSI_HDR_LEN);
	return ISCSI_HDR_LEN + ahs;
}
EXPORT_SYMBOL_GPL(isc_pdu_build);
