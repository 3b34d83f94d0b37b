/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The iSCSI Basic Header Segment build and parse (RFC 7143 §11).
 *
 * Wire layout comes only from the structs in <scsi/iscsi_proto.h>; this
 * file adds the decoded, host-order view (struct isc_pdu), the validation
 * context (struct isc_pdu_ctx) and named parse errors (enum isc_pdu_err).
 * No function here touches a socket or allocates memory.
 */
#ifndef KISCSI_PROTO_PDU_H
#define KISCSI_PROTO_PDU_H

#include "compat.h"

/* RFC 7143 §11.2.1.3: DataSegmentLength is a 24-bit field. */
#define ISC_DSL_MAX		0xffffffU
/* RFC 7143 §11.2.1.2: TotalAHSLength counts 4-byte words in one byte. */
#define ISC_AHS_WORD		4U
#define ISC_AHS_MAX		(0xffU * ISC_AHS_WORD)
/* RFC 7143 §11.2.2: AHSLength excludes the type and length fields. */
#define ISC_AHS_HDR_LEN		3U
/* RFC 7143 §11.2.2.3: the bidi AHS carries a reserved byte + 4 bytes. */
#define ISC_AHS_RLENGTH_LEN	5U
/* SPC: the largest CDB we can carry (16 in the BHS + extended CDB AHS). */
#define ISC_CDB_MAX		SCSI_MAX_VARLEN_CDB_SIZE
/* RFC 7143 §11.4.7.1: sense data is preceded by a 2-byte SenseLength. */
#define ISC_SENSE_LEN_FIELD	2U
/* RFC 7143 §13.15/§13.16: Time2Wait/Time2Retain range 0..3600 s. */
#define ISC_TIME2_MAX		3600U
/* RFC 7143 §11.10.1 ISID is 6 bytes. */
#define ISC_ISID_LEN		6U
#define ISC_LUN_LEN		8U
/* RFC 7143 §11.12.4: Version-max/min, only 0 is defined. */
#define ISC_VERSION		0x00

/* RFC 7143 §11.4.2: SCSI Response codes (0x80..0xff vendor specific). */
#define ISC_RSP_COMPLETED	ISCSI_STATUS_CMD_COMPLETED
#define ISC_RSP_TARGET_FAILURE	ISCSI_STATUS_TARGET_FAILURE
#define ISC_RSP_VENDOR_FIRST	0x80

/* SAM-5 status codes that may appear in a SCSI Response / Data-In. */
#define ISC_SAM_GOOD			0x00
#define ISC_SAM_CHECK_CONDITION		0x02
#define ISC_SAM_CONDITION_MET		0x04
#define ISC_SAM_BUSY			0x08
#define ISC_SAM_RESERVATION_CONFLICT	0x18
#define ISC_SAM_TASK_SET_FULL		0x28
#define ISC_SAM_ACA_ACTIVE		0x30
#define ISC_SAM_TASK_ABORTED		0x40

/* RFC 7143 §11.17.1: Reject reasons (0x01 is reserved). */
#define ISC_REJECT_DIGEST		0x02
#define ISC_REJECT_WAIT_LOGOUT		0x0c

/* RFC 7143 §11.12.3: the CSG/NSG value 2 is reserved. */
#define ISC_STAGE_SEC		ISCSI_SECURITY_NEGOTIATION_STAGE
#define ISC_STAGE_OP		ISCSI_OP_PARMS_NEGOTIATION_STAGE
#define ISC_STAGE_RESERVED	2
#define ISC_STAGE_FFP		ISCSI_FULL_FEATURE_PHASE

/**
 * enum isc_pdu_err - why a received PDU was refused
 *
 * Each value names one check so that logs and per-reason counters say
 * precisely what the peer got wrong. isc_pdu_err_str() gives the text.
 */
enum isc_pdu_err {
	ISC_PDU_OK = 0,
	ISC_PDU_ERR_SHORT,		/* buffer shorter than BHS+AHS+data */
	ISC_PDU_ERR_OPCODE,		/* opcode not defined by RFC 7143 */
	ISC_PDU_ERR_DIRECTION,		/* opcode of the wrong role */
	ISC_PDU_ERR_PHASE,		/* not allowed in login / in FFP */
	ISC_PDU_ERR_AHS_LEN,		/* AHS overruns TotalAHSLength */
	ISC_PDU_ERR_AHS_TYPE,		/* AHS type unknown or unexpected */
	ISC_PDU_ERR_DSL_LIMIT,		/* DSL > MaxRecvDataSegmentLength */
	ISC_PDU_ERR_DSL_FORBIDDEN,	/* data segment where none allowed */
	ISC_PDU_ERR_FINAL,		/* F bit must be 1 */
	ISC_PDU_ERR_FLAGS,		/* flags contradict each other */
	ISC_PDU_ERR_RESIDUAL,		/* residual flags/count inconsistent */
	ISC_PDU_ERR_TAG,		/* ITT/TTT reserved-value rule */
	ISC_PDU_ERR_RESPONSE,		/* reserved response code */
	ISC_PDU_ERR_STATUS,		/* unknown SCSI status */
	ISC_PDU_ERR_LOGIN_STATUS,	/* reserved login status class */
	ISC_PDU_ERR_STAGE,		/* reserved or backwards CSG/NSG */
	ISC_PDU_ERR_VERSION,		/* version fields inconsistent */
	ISC_PDU_ERR_OFFSET,		/* offset+length past the task's EDTL */
	ISC_PDU_ERR_R2T_LENGTH,		/* R2T length 0 or > MaxBurstLength */
	ISC_PDU_ERR_ASYNC_EVENT,	/* reserved AsyncEvent code */
	ISC_PDU_ERR_SENSE_LEN,		/* SenseLength exceeds the segment */
	ISC_PDU_ERR_REJECT_REASON,	/* reserved Reject reason */
	ISC_PDU_ERR_REJECT_HDR,		/* Reject without the refused BHS */
	ISC_PDU_ERR_TIME,		/* Time2Wait/Time2Retain > 3600 */
	ISC_PDU_ERR_TMF_FUNC,		/* reserved TMF function */
	ISC_PDU_ERR_LOGOUT_REASON,	/* reserved logout reason */
	ISC_PDU_ERR_SNACK_TYPE,		/* reserved SNACK type */
	ISC_PDU_ERR_ATTR,		/* reserved task attribute */
	__ISC_PDU_ERR_LAST
};

#define ISC_PDU_ERR_MAX (__ISC_PDU_ERR_LAST - 1)

/**
 * enum isc_pdu_role - who sent the PDU being parsed
 * @ISC_FROM_TARGET: the normal initiator receive path
 * @ISC_FROM_INITIATOR: used by tests and a loopback fake target
 */
enum isc_pdu_role {
	ISC_FROM_TARGET,
	ISC_FROM_INITIATOR,
};

/**
 * struct isc_task_xfer - what a task expects, for Data-In/R2T/Response
 * @read_len: bytes the target may send (EDTL, or bidi read length)
 * @write_len: bytes the target may solicit (EDTL of a write)
 * @bidi: the command was bidirectional (o/u residual bits allowed)
 */
struct isc_task_xfer {
	u32 read_len;
	u32 write_len;
	bool bidi;
};

/**
 * struct isc_pdu_ctx - connection state that validation needs
 * @role: sender of the PDU
 * @login: connection is in the login phase (RFC 7143 §6.3)
 * @max_recv_dsl: our declared MaxRecvDataSegmentLength
 * @max_burst: negotiated MaxBurstLength (bounds R2T Desired Length)
 * @erl: negotiated ErrorRecoveryLevel (Data-In A bit needs >= 1)
 * @task: the task the PDU's ITT refers to, or NULL before lookup
 */
struct isc_pdu_ctx {
	enum isc_pdu_role role;
	bool login;
	u32 max_recv_dsl;
	u32 max_burst;
	u8 erl;
	const struct isc_task_xfer *task;
};

struct isc_pdu_cmd {
	u32 exp_len;		/* Expected Data Transfer Length */
	u32 bidi_read_len;	/* from the bidi AHS, 0 if none */
	bool read, write;
	u8 attr;
	u16 cdb_len;
	u8 cdb[ISC_CDB_MAX];
};

struct isc_pdu_rsp {
	u8 response;
	u8 status;
	bool overflow, underflow;
	bool bidi_overflow, bidi_underflow;
	u32 exp_datasn;
	u32 residual;		/* 0 unless O or U is set */
	u32 bidi_residual;	/* 0 unless o or u is set */
	const u8 *sense;	/* into the data segment */
	u16 sense_len;
};

/* Data-In and Data-Out */
struct isc_pdu_data {
	u32 datasn;
	u32 offset;
	u32 residual;
	u8 status;
	bool has_status;	/* S bit (Data-In) */
	bool ack;		/* A bit (Data-In) */
	bool overflow, underflow;
};

struct isc_pdu_r2t {
	u32 r2tsn;
	u32 offset;
	u32 length;
};

struct isc_pdu_tmf {
	u8 function;		/* request */
	u8 response;		/* response */
	u32 rtt;
	u32 refcmdsn;
	u32 exp_datasn;
};

struct isc_pdu_login {
	bool transit, cont;
	u8 csg, nsg;
	u8 ver_max;
	u8 ver_min;		/* request: Version-min; response: active */
	u8 isid[ISC_ISID_LEN];
	u16 tsih;
	u16 cid;		/* request only */
	u8 status_class, status_detail;	/* response only */
};

struct isc_pdu_text {
	bool cont;
};

struct isc_pdu_logout {
	u8 reason;		/* request */
	u16 cid;		/* request */
	u8 response;		/* response */
	u16 t2wait, t2retain;	/* response */
};

struct isc_pdu_snack {
	u8 type;
	u32 begrun;
	u32 runlength;
};

struct isc_pdu_async {
	u8 event;
	u8 vcode;
	u16 param1, param2, param3;
	const u8 *sense;
	u16 sense_len;
};

struct isc_pdu_reject {
	u8 reason;
	u32 datasn;
	const u8 *bad_hdr;	/* ISCSI_HDR_LEN bytes in the data segment */
};

/**
 * struct isc_pdu - host-order view of one PDU, for build and for parse
 * @opcode: ISCSI_OP_* without the I bit
 * @immediate: I bit (initiator PDUs)
 * @final: F bit (Text/SCSI Command/Data); for Login see @login.transit
 * @ahs_len: TotalAHSLength in bytes
 * @data_len: DataSegmentLength (before padding)
 * @data: parse: the data segment inside the parsed buffer, else NULL
 * @lun: LUN or opcode-specific bytes, wire order
 * @itt: Initiator Task Tag (host order of the wire value)
 * @ttt: Target Transfer Tag
 * @cmdsn: initiator PDUs
 * @exp_statsn: initiator PDUs
 * @statsn: target PDUs
 * @exp_cmdsn: target PDUs
 * @max_cmdsn: target PDUs
 */
struct isc_pdu {
	u8 opcode;
	bool immediate;
	bool final;
	u32 ahs_len;
	u32 data_len;
	const u8 *data;
	u8 lun[ISC_LUN_LEN];
	u32 itt;
	u32 ttt;
	u32 cmdsn;
	u32 exp_statsn;
	u32 statsn;
	u32 exp_cmdsn;
	u32 max_cmdsn;
	union {
		struct isc_pdu_cmd cmd;
		struct isc_pdu_rsp rsp;
		struct isc_pdu_data dat;
		struct isc_pdu_r2t r2t;
		struct isc_pdu_tmf tmf;
		struct isc_pdu_login login;
		struct isc_pdu_text text;
		struct isc_pdu_logout logout;
		struct isc_pdu_snack snack;
		struct isc_pdu_async async;
		struct isc_pdu_reject reject;
	};
};

/**
 * struct isc_pdu_lens - sizes a receiver must read after the BHS
 * @ahs_len: TotalAHSLength in bytes
 * @data_len: DataSegmentLength
 * @data_padded: data_len rounded up to 4 (RFC 7143 §11.2.3)
 */
struct isc_pdu_lens {
	u32 ahs_len;
	u32 data_len;
	u32 data_padded;
};

/* RFC 7143 §11.2.3: the data segment is padded to a 4-byte boundary. */
static inline u32 isc_pad_len(u32 len)
{
	return (ISCSI_PAD_LEN - (len % ISCSI_PAD_LEN)) % ISCSI_PAD_LEN;
}

static inline u32 isc_padded(u32 len)
{
	return len + isc_pad_len(len);
}

static inline u32 isc_get_dsl(const u8 dlength[3])
{
	return ((u32)dlength[0] << 16) | ((u32)dlength[1] << 8) | dlength[2];
}

static inline void isc_put_dsl(u8 dlength[3], u32 len)
{
	dlength[0] = (len >> 16) & 0xff;
	dlength[1] = (len >> 8) & 0xff;
	dlength[2] = len & 0xff;
}

/*
 * RFC 1982 serial number arithmetic over 32 bits, used by RFC 7143 §4.2.2
 * for CmdSN, ExpCmdSN, MaxCmdSN, StatSN, DataSN and R2TSN. When the two
 * numbers are exactly 2^31 apart the comparison is undefined (RFC 1982
 * §3.2); we then answer false to both "<" and ">" so that a peer cannot
 * use the ambiguity to move our window.
 */
#define ISC_SN_HALF	0x80000000U

static inline bool isc_sn_lt(u32 a, u32 b)
{
	return a != b && (b - a) < ISC_SN_HALF;
}

static inline bool isc_sn_gt(u32 a, u32 b)
{
	return a != b && (a - b) < ISC_SN_HALF;
}

static inline bool isc_sn_lte(u32 a, u32 b)
{
	return a == b || isc_sn_lt(a, b);
}

static inline bool isc_sn_gte(u32 a, u32 b)
{
	return a == b || isc_sn_gt(a, b);
}

/**
 * struct isc_sn_window - the session's command window (RFC 7143 §4.2.2.1)
 * @exp_cmdsn: highest ExpCmdSN seen
 * @max_cmdsn: highest MaxCmdSN seen
 */
struct isc_sn_window {
	u32 exp_cmdsn;
	u32 max_cmdsn;
};

/**
 * enum isc_sn_update - outcome of isc_sn_window_update()
 * @ISC_SN_UPDATED: at least one edge of the window moved forward
 * @ISC_SN_STALE: valid but older than what we have, nothing changed
 * @ISC_SN_INVALID: MaxCmdSN < ExpCmdSN - 1; both values ignored
 */
enum isc_sn_update {
	ISC_SN_UPDATED,
	ISC_SN_STALE,
	ISC_SN_INVALID,
};

enum isc_sn_update isc_sn_window_update(struct isc_sn_window *w,
					u32 exp_cmdsn, u32 max_cmdsn);
bool isc_sn_window_closed(const struct isc_sn_window *w);
bool isc_sn_window_allows(const struct isc_sn_window *w, u32 cmdsn);

const char *isc_pdu_err_str(enum isc_pdu_err err);
bool isc_opcode_is_target(u8 opcode);
bool isc_opcode_is_initiator(u8 opcode);
enum isc_pdu_err isc_pdu_check_bhs(const void *bhs, size_t len,
				   const struct isc_pdu_ctx *ctx,
				   struct isc_pdu_lens *lens);
enum isc_pdu_err isc_pdu_parse(const void *buf, size_t len,
			       const struct isc_pdu_ctx *ctx,
			       struct isc_pdu *pdu);
enum isc_pdu_err isc_pdu_parse_hdr(const void *bhs, size_t len,
				   const struct isc_pdu_ctx *ctx,
				   struct isc_pdu *pdu);
enum isc_pdu_err isc_pdu_check_task(const struct isc_pdu *pdu,
				    const struct isc_task_xfer *task);
int isc_pdu_build(const struct isc_pdu *pdu, void *buf, size_t len);

#endif /* KISCSI_PROTO_PDU_H */
