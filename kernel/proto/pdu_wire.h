/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to pdu.c and pdu_build.c: one aligned union over
 * all the BHS wire structs of <scsi/iscsi_proto.h>, with compile-time
 * proof that each of them is exactly one 48-byte BHS.
 */
#ifndef KISCSI_PROTO_PDU_WIRE_H
#define KISCSI_PROTO_PDU_WIRE_H

#include "pdu.h"

/* Every wire struct we overlay is exactly one BHS (RFC 7143 §11.2.1). */
static_assert(sizeof(struct iscsi_hdr) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_nopout) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_nopin) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_scsi_req) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_scsi_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_tm) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_tm_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_login_req) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_login_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_text) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_text_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_data) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_data_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_logout) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_logout_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_snack) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_r2t_rsp) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_async) == ISCSI_HDR_LEN);
static_assert(sizeof(struct iscsi_reject) == ISCSI_HDR_LEN);
static_assert(sizeof(struct scsi_lun) == ISC_LUN_LEN);
static_assert(sizeof(struct iscsi_rlength_ahdr) ==
	      ISC_AHS_HDR_LEN + ISC_AHS_RLENGTH_LEN);
static_assert(offsetof(struct iscsi_ecdb_ahdr, ecdb) == ISC_AHS_WORD);
static_assert(ISCSI_CDB_SIZE + sizeof(((struct iscsi_ecdb_ahdr *)0)->ecdb) ==
	      ISC_CDB_MAX);
/* The async ITT sits in rsvd4 of struct iscsi_async; read it via hdr. */
static_assert(offsetof(struct iscsi_async, rsvd4) ==
	      offsetof(struct iscsi_hdr, itt));

/*
 * Every target PDU carries StatSN, ExpCmdSN and MaxCmdSN in the same three
 * words (RFC 7143 §11.2.1); pdu_build.c relies on it, so prove it.
 */
#define ISC_ASSERT_SN_LAYOUT(type)					\
	static_assert(offsetof(struct type, statsn) ==			\
		      offsetof(struct iscsi_nopin, statsn) &&		\
		      offsetof(struct type, exp_cmdsn) ==		\
		      offsetof(struct iscsi_nopin, exp_cmdsn) &&	\
		      offsetof(struct type, max_cmdsn) ==		\
		      offsetof(struct iscsi_nopin, max_cmdsn))
ISC_ASSERT_SN_LAYOUT(iscsi_scsi_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_tm_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_login_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_text_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_data_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_logout_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_r2t_rsp);
ISC_ASSERT_SN_LAYOUT(iscsi_async);
ISC_ASSERT_SN_LAYOUT(iscsi_reject);
/* The Reject's 0xffffffff word is where every other PDU has its ITT. */
static_assert(offsetof(struct iscsi_reject, ffffffff) ==
	      offsetof(struct iscsi_hdr, itt));

union isc_bhs {
	struct iscsi_hdr hdr;
	struct iscsi_nopout nopout;
	struct iscsi_nopin nopin;
	struct iscsi_scsi_req cmd;
	struct iscsi_scsi_rsp rsp;
	struct iscsi_tm tm;
	struct iscsi_tm_rsp tm_rsp;
	struct iscsi_login_req login;
	struct iscsi_login_rsp login_rsp;
	struct iscsi_text text;
	struct iscsi_text_rsp text_rsp;
	struct iscsi_data data;
	struct iscsi_data_rsp data_rsp;
	struct iscsi_logout logout;
	struct iscsi_logout_rsp logout_rsp;
	struct iscsi_snack snack;
	struct iscsi_r2t_rsp r2t;
	struct iscsi_async async;
	struct iscsi_reject reject;
	u8 raw[ISCSI_HDR_LEN];
};

#define ISC_LOGIN_CSG_SHIFT		2
#define ISC_FLAG_F			ISCSI_FLAG_CMD_FINAL

static inline u32 be32(__be32 v)
{
	return be32_to_cpu(v);
}

static inline u32 itt_get(itt_t v)
{
	return be32_to_cpu((__force __be32)v);
}

static inline itt_t itt_put(u32 v)
{
	return (__force itt_t)cpu_to_be32(v);
}

#endif /* KISCSI_PROTO_PDU_WIRE_H */
