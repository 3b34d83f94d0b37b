// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_pdu.c - libFuzzer target for isc_pdu_check_bhs()/isc_pdu_parse()
 * and the header-only isc_pdu_parse_hdr().
 * The first byte picks the parse context; the rest is the PDU.
 */
#include "pdu.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct isc_task_xfer task = { .read_len = 8192, .write_len = 8192 };
	struct isc_pdu_ctx ctx = {
		.role = ISC_FROM_TARGET, .max_recv_dsl = 8192,
		.max_burst = 262144,
	};
	struct isc_pdu_lens lens;
	struct isc_pdu pdu;
	u8 sel;

	if (!size)
		return 0;
	sel = data[0];
	data++;
	size--;
	ctx.role = (sel & 1) ? ISC_FROM_INITIATOR : ISC_FROM_TARGET;
	ctx.login = sel & 2;
	ctx.erl = (sel >> 2) & 3;
	ctx.task = (sel & 0x10) ? &task : NULL;
	task.bidi = sel & 0x20;
	if (sel & 0x40)
		ctx.max_recv_dsl = ISC_DSL_MAX;

	if (isc_pdu_check_bhs(data, size, &ctx, &lens) == ISC_PDU_OK &&
	    lens.data_padded < lens.data_len)
		__builtin_trap();
	/* The header-only parse must never accept data it cannot see. */
	if (isc_pdu_parse_hdr(data, size, &ctx, &pdu) == ISC_PDU_OK &&
	    (pdu.data || (pdu.opcode != ISCSI_OP_SCSI_DATA_IN &&
			  pdu.opcode != ISCSI_OP_R2T)))
		__builtin_trap();
	if (isc_pdu_parse(data, size, &ctx, &pdu) != ISC_PDU_OK)
		return 0;
	/* Accepted: every pointer lies inside the input. */
	if (pdu.data && (pdu.data < data ||
			 pdu.data + pdu.data_len > data + size))
		__builtin_trap();
	if (pdu.opcode == ISCSI_OP_SCSI_CMD_RSP && pdu.rsp.sense &&
	    pdu.rsp.sense + pdu.rsp.sense_len > data + size)
		__builtin_trap();
	if (ctx.role == ISC_FROM_TARGET && !isc_opcode_is_target(pdu.opcode))
		__builtin_trap();
	/* Re-encode and re-parse: the decoded view must be stable. */
	{
		static u8 again[ISCSI_HDR_LEN + ISC_AHS_MAX];
		struct isc_pdu pdu2;
		int hl = isc_pdu_build(&pdu, again, sizeof(again));

		if (hl < 0 || pdu.ahs_len)
			return 0;
		pdu.data_len = 0;
		pdu.data = NULL;
		if (pdu.opcode == ISCSI_OP_REJECT)
			return 0;
		if (isc_pdu_parse(again, hl, &ctx, &pdu2) == ISC_PDU_OK &&
		    (pdu2.opcode != pdu.opcode || pdu2.itt != pdu.itt))
			__builtin_trap();
	}
	return 0;
}
