// SPDX-License-Identifier: GPL-2.0
/*
 * The iSCSI key table (RFC 7143 §12.1.3 and §13, RFC 7144
 * §2). One row per key; the negotiation engine has no per-key code.
 */
#include "text.h"
#include "pdu.h"

/* The engine keeps per-key state in u32 bitmaps. */
static_assert(__ISC_KEY_LAST <= 32);

/* RFC 7143 §13.12-13.14: 512 to 2^24 - 1 bytes. */
#define LEN_MIN		512U
#define LEN_MAX		0xffffffU
#define U16_LIMIT	65535U
/* RFC 7143 §13.20: ErrorRecoveryLevel 0..2. */
#define ERL_MAX		2U
/* RFC 7144 §2.1: iSCSIProtocolLevel 0..31. */
#define PLEVEL_MAX	31U
/* RFC 7143 §12.1.3: CHAP_I is one octet. */
#define CHAP_ID_MAX	255U

static const char * const digest_values[] = {
	[ISC_DIGEST_CRC32C] = "CRC32C",
	[ISC_DIGEST_NONE] = "None",
};

static const char * const session_values[] = {
	[ISC_SESSION_DISCOVERY] = "Discovery",
	[ISC_SESSION_NORMAL] = "Normal",
};

/* RFC 7143 §12.1: the AuthMethod values; we only implement CHAP/None. */
static const char * const auth_values[] = {
	[ISC_AUTH_CHAP] = "CHAP",
	[ISC_AUTH_NONE] = "None",
	[ISC_AUTH_SRP] = "SRP",
	[ISC_AUTH_KRB5] = "KRB5",
	[ISC_AUTH_SPKM1] = "SPKM1",
	[ISC_AUTH_SPKM2] = "SPKM2",
};

/* RFC 7144 §2.2 */
static const char * const taskrep_values[] = {
	[ISC_TASKREP_FASTABORT] = "FastAbort",
	[ISC_TASKREP_RESPONSEFENCE] = "ResponseFence",
	[ISC_TASKREP_RFC3720] = "RFC3720",
};

#define OPER	(ISC_KF_LO | ISC_KF_IO | ISC_KF_NORMAL)

static const struct isc_key_def key_table[__ISC_KEY_LAST] = {
	/* RFC 7143 §13.1: list, IO */
	[ISC_KEY_HEADER_DIGEST] = {
		.name = "HeaderDigest", .type = ISC_KT_LIST,
		.rule = ISC_KR_LIST, .flags = ISC_KF_IO,
		.def = ISC_DIGEST_NONE, .values = digest_values,
		.nvalues = ARRAY_SIZE(digest_values),
		.max_len = ISC_VALUE_MAX,
	},
	[ISC_KEY_DATA_DIGEST] = {
		.name = "DataDigest", .type = ISC_KT_LIST,
		.rule = ISC_KR_LIST, .flags = ISC_KF_IO,
		.def = ISC_DIGEST_NONE, .values = digest_values,
		.nvalues = ARRAY_SIZE(digest_values),
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.2: 1..65535, minimum, LO */
	[ISC_KEY_MAX_CONNECTIONS] = {
		.name = "MaxConnections", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = 1, .max = U16_LIMIT, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.3: FFP, discovery; the initiator asks */
	[ISC_KEY_SEND_TARGETS] = {
		.name = "SendTargets", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL,
		.flags = ISC_KF_FFP_ONLY | ISC_KF_FROM_INI,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.4: declared by the initiator in login, by SendTargets after */
	[ISC_KEY_TARGET_NAME] = {
		.name = "TargetName", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL, .flags = ISC_KF_REPEAT,
		.max_len = ISCSI_NAME_LEN,
	},
	/* §13.5 */
	[ISC_KEY_INITIATOR_NAME] = {
		.name = "InitiatorName", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL, .flags = ISC_KF_IO | ISC_KF_FROM_INI,
		.max_len = ISCSI_NAME_LEN,
	},
	/* §13.6 */
	[ISC_KEY_TARGET_ALIAS] = {
		.name = "TargetAlias", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL, .flags = ISC_KF_FROM_TGT,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.7 */
	[ISC_KEY_INITIATOR_ALIAS] = {
		.name = "InitiatorAlias", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL, .flags = ISC_KF_FROM_INI,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.8: redirects and SendTargets, may repeat */
	[ISC_KEY_TARGET_ADDRESS] = {
		.name = "TargetAddress", .type = ISC_KT_STR,
		.rule = ISC_KR_DECL,
		.flags = ISC_KF_FROM_TGT | ISC_KF_REPEAT,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.9: 0..65535, IO, target declares */
	[ISC_KEY_TPGT] = {
		.name = "TargetPortalGroupTag", .type = ISC_KT_NUM,
		.rule = ISC_KR_DECL,
		.flags = ISC_KF_IO | ISC_KF_FROM_TGT | ISC_KF_REPEAT,
		.min = 0, .max = U16_LIMIT, .def = 0,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.10: OR, default Yes */
	[ISC_KEY_INITIAL_R2T] = {
		.name = "InitialR2T", .type = ISC_KT_BOOL,
		.rule = ISC_KR_OR, .flags = OPER, .max = 1, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.11: AND, default Yes */
	[ISC_KEY_IMMEDIATE_DATA] = {
		.name = "ImmediateData", .type = ISC_KT_BOOL,
		.rule = ISC_KR_AND, .flags = OPER, .max = 1, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.12: declarative per direction, ALL phases */
	[ISC_KEY_MAX_RECV_DSL] = {
		.name = "MaxRecvDataSegmentLength", .type = ISC_KT_NUM,
		.rule = ISC_KR_DECL, .flags = 0,
		.min = LEN_MIN, .max = LEN_MAX,
		.def = ISCSI_DEF_MAX_RECV_SEG_LEN,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.13 */
	[ISC_KEY_MAX_BURST] = {
		.name = "MaxBurstLength", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = LEN_MIN, .max = LEN_MAX,
		.def = ISCSI_DEF_MAX_BURST_LEN,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.14 */
	[ISC_KEY_FIRST_BURST] = {
		.name = "FirstBurstLength", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = LEN_MIN, .max = LEN_MAX,
		.def = ISCSI_DEF_FIRST_BURST_LEN,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.15: maximum */
	[ISC_KEY_T2WAIT] = {
		.name = "DefaultTime2Wait", .type = ISC_KT_NUM,
		.rule = ISC_KR_MAX, .flags = OPER,
		.min = 0, .max = ISC_TIME2_MAX, .def = ISCSI_DEF_TIME2WAIT,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.16: minimum */
	[ISC_KEY_T2RETAIN] = {
		.name = "DefaultTime2Retain", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = 0, .max = ISC_TIME2_MAX, .def = 20,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.17 */
	[ISC_KEY_MAX_OUTSTANDING_R2T] = {
		.name = "MaxOutstandingR2T", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = 1, .max = U16_LIMIT, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.18 */
	[ISC_KEY_DATA_PDU_IN_ORDER] = {
		.name = "DataPDUInOrder", .type = ISC_KT_BOOL,
		.rule = ISC_KR_OR, .flags = OPER, .max = 1, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.19 */
	[ISC_KEY_DATA_SEQ_IN_ORDER] = {
		.name = "DataSequenceInOrder", .type = ISC_KT_BOOL,
		.rule = ISC_KR_OR, .flags = OPER, .max = 1, .def = 1,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.20 */
	[ISC_KEY_ERL] = {
		.name = "ErrorRecoveryLevel", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = 0, .max = ERL_MAX, .def = 0,
		.max_len = ISC_VALUE_MAX,
	},
	/* §13.21: the initiator declares it in the first login PDU */
	[ISC_KEY_SESSION_TYPE] = {
		.name = "SessionType", .type = ISC_KT_LIST,
		.rule = ISC_KR_DECL,
		.flags = ISC_KF_LO | ISC_KF_IO | ISC_KF_FROM_INI,
		.def = ISC_SESSION_NORMAL, .values = session_values,
		.nvalues = ARRAY_SIZE(session_values),
		.max_len = ISC_VALUE_MAX,
	},
	/* §12.1 */
	[ISC_KEY_AUTH_METHOD] = {
		.name = "AuthMethod", .type = ISC_KT_LIST,
		.rule = ISC_KR_LIST, .flags = ISC_KF_IO | ISC_KF_SEC,
		.def = ISC_AUTH_NONE, .values = auth_values,
		.nvalues = ARRAY_SIZE(auth_values),
		.max_len = ISC_VALUE_MAX,
	},
	/* §12.1.3: CHAP keys, interpreted by chap.c */
	[ISC_KEY_CHAP_A] = {
		.name = "CHAP_A", .type = ISC_KT_LIST, .rule = ISC_KR_AUTH,
		.flags = ISC_KF_IO | ISC_KF_SEC, .max_len = ISC_VALUE_MAX,
	},
	[ISC_KEY_CHAP_I] = {
		.name = "CHAP_I", .type = ISC_KT_NUM, .rule = ISC_KR_AUTH,
		.flags = ISC_KF_IO | ISC_KF_SEC, .max = CHAP_ID_MAX,
		.max_len = ISC_VALUE_MAX,
	},
	[ISC_KEY_CHAP_C] = {
		.name = "CHAP_C", .type = ISC_KT_BINARY, .rule = ISC_KR_AUTH,
		.flags = ISC_KF_IO | ISC_KF_SEC,
		.max_len = ISC_LARGE_VALUE_MAX,
	},
	[ISC_KEY_CHAP_N] = {
		.name = "CHAP_N", .type = ISC_KT_STR, .rule = ISC_KR_AUTH,
		.flags = ISC_KF_IO | ISC_KF_SEC, .max_len = ISC_VALUE_MAX,
	},
	[ISC_KEY_CHAP_R] = {
		.name = "CHAP_R", .type = ISC_KT_BINARY, .rule = ISC_KR_AUTH,
		.flags = ISC_KF_IO | ISC_KF_SEC,
		.max_len = ISC_LARGE_VALUE_MAX,
	},
	/* RFC 7144 §2.1: minimum, LO */
	[ISC_KEY_PROTOCOL_LEVEL] = {
		.name = "iSCSIProtocolLevel", .type = ISC_KT_NUM,
		.rule = ISC_KR_MIN, .flags = OPER,
		.min = 0, .max = PLEVEL_MAX, .def = 0,
		.max_len = ISC_VALUE_MAX,
	},
	/* RFC 7144 §2.2: list, LO */
	[ISC_KEY_TASK_REPORTING] = {
		.name = "TaskReporting", .type = ISC_KT_LIST,
		.rule = ISC_KR_LIST, .flags = OPER,
		.def = ISC_TASKREP_RFC3720, .values = taskrep_values,
		.nvalues = ARRAY_SIZE(taskrep_values),
		.max_len = ISC_VALUE_MAX,
	},
};

/**
 * isc_key_def() - table row of a key
 * @key: a key id below __ISC_KEY_LAST
 *
 * Return: the row, or NULL for an out-of-range id.
 */
const struct isc_key_def *isc_key_def(enum isc_key key)
{
	if ((unsigned int)key >= ARRAY_SIZE(key_table))
		return NULL;
	return &key_table[key];
}
EXPORT_SYMBOL_GPL(isc_key_def);

/**
 * isc_key_lookup() - find a key by its wire name (case-sensitive,
 * RFC 7143 §6.1)
 * @name: NUL-terminated key name
 *
 * Return: the key id, or ISC_KEY_NONE for a key we do not know.
 */
enum isc_key isc_key_lookup(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(key_table); i++)
		if (!strcmp(key_table[i].name, name))
			return i;
	return ISC_KEY_NONE;
}
EXPORT_SYMBOL_GPL(isc_key_lookup);

/**
 * isc_key_value_index() - position of a token among a list key's values
 * @def: a list key's row
 * @tok: the token
 *
 * Return: the index, or -ENOENT.
 */
int isc_key_value_index(const struct isc_key_def *def, const char *tok)
{
	unsigned int i;

	for (i = 0; i < def->nvalues; i++)
		if (!strcmp(def->values[i], tok))
			return i;
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(isc_key_value_index);
