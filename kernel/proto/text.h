/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI text keys: codec, accumulator and negotiation engine
 * (RFC 7143 §6 and §13, RFC 7144 §2, CHAP keys of RFC 7143 §12.1.3).
 *
 * text.c        key=value codec, numbers, binary values, accumulator
 * text_keys.c   the key table: one row per key
 * text_negot.c  the initiator's negotiation engine over that table
 */
#ifndef KISCSI_PROTO_TEXT_H
#define KISCSI_PROTO_TEXT_H

#include "compat.h"

/* RFC 7143 §6.1: key names up to 63 bytes, values up to 255 bytes. */
#define ISC_KEY_NAME_MAX	63U
#define ISC_VALUE_MAX		255U
/* RFC 7143 §12.1.3: CHAP_C/CHAP_R binary values of at most 1024 bytes. */
#define ISC_BINARY_MAX		1024U
/* "0x" + two hex digits per byte: the longest encoding we accept. */
#define ISC_LARGE_VALUE_MAX	(2U + 2U * ISC_BINARY_MAX)
/* One complete "key=value\0". */
#define ISC_PAIR_MAX		(ISC_KEY_NAME_MAX + 1U + ISC_LARGE_VALUE_MAX + 1U)
/* Bytes of answers we queue for one response PDU sequence. */
#define ISC_ANSWER_MAX		2048U
/* Default cap on one text/login sequence fed to an accumulator. */
#define ISC_TEXT_SEQ_MAX	65536U

/**
 * enum isc_text_err - why a text key or value was refused
 */
enum isc_text_err {
	ISC_TEXT_OK = 0,
	ISC_TEXT_ERR_SYNTAX,		/* no '=', empty or illegal key name */
	ISC_TEXT_ERR_KEY_LEN,		/* key name over 63 bytes */
	ISC_TEXT_ERR_VALUE_LEN,		/* value over its length limit */
	ISC_TEXT_ERR_UNTERMINATED,	/* sequence ended inside a pair */
	ISC_TEXT_ERR_TOO_MUCH,		/* sequence over the byte cap */
	ISC_TEXT_ERR_DUPLICATE,		/* key sent twice */
	ISC_TEXT_ERR_NUMBER,		/* malformed or overflowing number */
	ISC_TEXT_ERR_RANGE,		/* number outside the key's range */
	ISC_TEXT_ERR_BOOL,		/* neither Yes nor No */
	ISC_TEXT_ERR_VALUE,		/* not one of the key's values */
	ISC_TEXT_ERR_BINARY,		/* malformed hex/base64 value */
	ISC_TEXT_ERR_NEGOTIATION,	/* answer outside what we offered */
	ISC_TEXT_ERR_SENDER,		/* key the target may not send */
	ISC_TEXT_ERR_PHASE,		/* key not allowed in this stage */
	ISC_TEXT_ERR_BURST,		/* FirstBurstLength > MaxBurstLength */
	ISC_TEXT_ERR_NOSPC,		/* output or answer buffer full */
	ISC_TEXT_ERR_AUTH,		/* security key refused by auth layer */
	__ISC_TEXT_ERR_LAST
};

#define ISC_TEXT_ERR_MAX (__ISC_TEXT_ERR_LAST - 1)

/**
 * enum isc_key - every key of RFC 7143 §12-13 and RFC 7144 §2
 */
enum isc_key {
	ISC_KEY_HEADER_DIGEST,
	ISC_KEY_DATA_DIGEST,
	ISC_KEY_MAX_CONNECTIONS,
	ISC_KEY_SEND_TARGETS,
	ISC_KEY_TARGET_NAME,
	ISC_KEY_INITIATOR_NAME,
	ISC_KEY_TARGET_ALIAS,
	ISC_KEY_INITIATOR_ALIAS,
	ISC_KEY_TARGET_ADDRESS,
	ISC_KEY_TPGT,
	ISC_KEY_INITIAL_R2T,
	ISC_KEY_IMMEDIATE_DATA,
	ISC_KEY_MAX_RECV_DSL,
	ISC_KEY_MAX_BURST,
	ISC_KEY_FIRST_BURST,
	ISC_KEY_T2WAIT,
	ISC_KEY_T2RETAIN,
	ISC_KEY_MAX_OUTSTANDING_R2T,
	ISC_KEY_DATA_PDU_IN_ORDER,
	ISC_KEY_DATA_SEQ_IN_ORDER,
	ISC_KEY_ERL,
	ISC_KEY_SESSION_TYPE,
	ISC_KEY_AUTH_METHOD,
	ISC_KEY_CHAP_A,
	ISC_KEY_CHAP_I,
	ISC_KEY_CHAP_C,
	ISC_KEY_CHAP_N,
	ISC_KEY_CHAP_R,
	ISC_KEY_PROTOCOL_LEVEL,
	ISC_KEY_TASK_REPORTING,
	__ISC_KEY_LAST
};

#define ISC_KEY_NONE	__ISC_KEY_LAST

/* RFC 7143 §6.1 value types */
enum isc_key_type {
	ISC_KT_BOOL,		/* Yes | No */
	ISC_KT_NUM,		/* numerical-value */
	ISC_KT_RANGE,		/* numerical-range a~b (no RFC 7143 key left) */
	ISC_KT_STR,		/* text-value / iSCSI name / address */
	ISC_KT_LIST,		/* list-of-values */
	ISC_KT_BINARY,		/* large-binary-value (CHAP_C, CHAP_R) */
};

/* RFC 7143 §6.2.2 result functions; DECL for declarative keys. */
enum isc_key_rule {
	ISC_KR_DECL,
	ISC_KR_MIN,
	ISC_KR_MAX,
	ISC_KR_OR,
	ISC_KR_AND,
	ISC_KR_LIST,		/* first value in the offer the responder likes */
	ISC_KR_AUTH,		/* handed to the authentication layer */
};

/* Where a key may appear and who may send it (RFC 7143 §13 "Use:"). */
#define ISC_KF_LO		0x01	/* leading connection only */
#define ISC_KF_IO		0x02	/* login only, never in FFP */
#define ISC_KF_SEC		0x04	/* security stage only */
#define ISC_KF_FFP_ONLY		0x08	/* full feature phase only */
#define ISC_KF_FROM_INI		0x10	/* only the initiator sends it */
#define ISC_KF_FROM_TGT		0x20	/* only the target sends it */
#define ISC_KF_NORMAL		0x40	/* irrelevant in discovery sessions */
#define ISC_KF_REPEAT		0x80	/* may appear more than once */

/**
 * struct isc_key_def - one row of the key table
 * @name: key name as on the wire
 * @type: enum isc_key_type
 * @rule: enum isc_key_rule
 * @flags: ISC_KF_*
 * @min: smallest legal numeric value
 * @max: largest legal numeric value
 * @def: RFC default (number, 0/1 for booleans, index for lists)
 * @values: list keys: legal tokens; our preference is table order
 * @nvalues: entries in @values
 * @max_len: longest value accepted, bytes
 */
struct isc_key_def {
	const char *name;
	u8 type;
	u8 rule;
	u16 flags;
	u32 min;
	u32 max;
	u32 def;
	const char * const *values;
	u8 nvalues;
	u16 max_len;
};

/* List indices for the list keys (order = the table's value order). */
enum { ISC_DIGEST_CRC32C, ISC_DIGEST_NONE };
enum { ISC_SESSION_DISCOVERY, ISC_SESSION_NORMAL };
enum {
	ISC_AUTH_CHAP,
	ISC_AUTH_NONE,
	ISC_AUTH_SRP,
	ISC_AUTH_KRB5,
	ISC_AUTH_SPKM1,
	ISC_AUTH_SPKM2,
};

enum {
	ISC_TASKREP_FASTABORT,
	ISC_TASKREP_RESPONSEFENCE,
	ISC_TASKREP_RFC3720,
};

const struct isc_key_def *isc_key_def(enum isc_key key);
enum isc_key isc_key_lookup(const char *name);
int isc_key_value_index(const struct isc_key_def *def, const char *tok);

/**
 * struct isc_params - negotiated operational values, RFC defaults until
 * negotiation changes them
 */
struct isc_params {
	bool header_digest;		/* CRC32C on headers */
	bool data_digest;		/* CRC32C on data */
	u32 max_connections;
	bool initial_r2t;
	bool immediate_data;
	u32 max_recv_dsl;		/* we declared: the target's send limit */
	u32 max_xmit_dsl;		/* target declared: our send limit */
	u32 max_burst;
	u32 first_burst;
	u32 t2wait;
	u32 t2retain;
	u32 max_outstanding_r2t;
	bool data_pdu_in_order;
	bool data_seq_in_order;
	u32 erl;
	u32 protocol_level;
	u32 task_reporting;		/* ISC_TASKREP_* */
	bool discovery;
	bool has_tpgt;
	u16 tpgt;
	u32 auth_method;		/* ISC_AUTH_* */
	char target_alias[ISC_VALUE_MAX + 1];
	char target_address[ISC_VALUE_MAX + 1];
};

void isc_params_default(struct isc_params *p);

/* ---- codec (text.c) ---- */

enum isc_bin_enc {
	ISC_BIN_HEX,		/* "0x" */
	ISC_BIN_BASE64,		/* "0b" */
};

const char *isc_text_err_str(enum isc_text_err err);
enum isc_text_err isc_text_parse_num(const char *s, u64 *out);
enum isc_text_err isc_text_parse_bool(const char *s, bool *out);
enum isc_text_err isc_text_parse_range(const char *s, u64 *lo, u64 *hi);
enum isc_text_err isc_text_decode_binary(const char *s, u8 *out, size_t cap,
					 size_t *len);
int isc_text_encode_binary(const u8 *in, size_t len, enum isc_bin_enc enc,
			   char *out, size_t cap);
int isc_text_list_next(const char **cursor, char *tok, size_t cap);
enum isc_text_err isc_text_check_key(const char *key, size_t len);
int isc_text_put(char *buf, size_t cap, size_t *off, const char *key,
		 const char *val);
int isc_text_put_num(char *buf, size_t cap, size_t *off, const char *key,
		     u64 val);

/**
 * typedef isc_text_pair_fn - consumer of one complete, syntax-checked pair
 * @arg: caller's cookie
 * @key: NUL-terminated key name (<= 63 bytes, legal characters)
 * @val: NUL-terminated value (within the key's length limit)
 *
 * Return: ISC_TEXT_OK to continue, anything else stops the feed.
 */
typedef enum isc_text_err (*isc_text_pair_fn)(void *arg, const char *key,
					      const char *val);

/**
 * struct isc_text_acc - reassembles pairs split across Continue PDUs
 * @len: bytes of the pending, incomplete pair in @buf
 * @total: bytes fed in the current sequence
 * @limit: cap on @total
 * @buf: the pending pair; one complete pair at most
 */
struct isc_text_acc {
	u32 len;
	u32 total;
	u32 limit;
	char buf[ISC_PAIR_MAX + 1];
};

void isc_text_acc_init(struct isc_text_acc *acc, u32 limit);
enum isc_text_err isc_text_acc_feed(struct isc_text_acc *acc, const u8 *data,
				    size_t len, bool last,
				    isc_text_pair_fn fn, void *arg);

/* ---- negotiation engine (text_negot.c) ---- */

/**
 * struct isc_offer - what the initiator proposes or accepts
 * @val: per key: number, 0/1 for booleans, for list keys a bitmask of
 *	 acceptable value indices (bit i = def->values[i])
 */
struct isc_offer {
	u32 val[__ISC_KEY_LAST];
};

void isc_offer_default(struct isc_offer *o);

typedef enum isc_text_err (*isc_auth_pair_fn)(void *arg, enum isc_key key,
					      const char *val);

/**
 * struct isc_negot - the initiator side of one login or text negotiation
 * @offer: what we propose/accept
 * @res: current result per key (RFC default until negotiated)
 * @leading: this is the session's leading connection
 * @discovery: SessionType=Discovery
 * @stage: ISC_STAGE_SEC, ISC_STAGE_OP or ISC_STAGE_FFP
 * @offered: keys we sent that await an answer
 * @done: keys settled (answered, or target-offered and answered by us)
 * @seen: keys seen in the current exchange (duplicate detection)
 * @bad_key: the key of the last error, for logging
 * @auth_fn: receives security keys (AuthMethod result aside)
 * @auth_arg: cookie for @auth_fn
 * @ans_len: bytes queued in @ans
 * @ans: answers to target offers, to send in our next PDU
 * @peer_dsl: the target's declared MaxRecvDataSegmentLength (0: none)
 * @alias: TargetAlias as declared
 * @address: last TargetAddress (redirect)
 */
struct isc_negot {
	struct isc_offer offer;
	u32 res[__ISC_KEY_LAST];
	bool leading;
	bool discovery;
	u8 stage;
	u32 offered;
	u32 done;
	u32 seen;
	char bad_key[ISC_KEY_NAME_MAX + 1];
	isc_auth_pair_fn auth_fn;
	void *auth_arg;
	u32 ans_len;
	char ans[ISC_ANSWER_MAX];
	u32 peer_dsl;
	char alias[ISC_VALUE_MAX + 1];
	char address[ISC_VALUE_MAX + 1];
};

void isc_negot_init(struct isc_negot *n, const struct isc_offer *offer,
		    bool leading, bool discovery);
void isc_negot_begin(struct isc_negot *n, u8 stage);
int isc_negot_offer(struct isc_negot *n, char *buf, size_t cap);
enum isc_text_err isc_negot_rx(struct isc_negot *n, const char *key,
			       const char *val);
enum isc_text_err isc_negot_rx_pair(void *negot, const char *key,
				    const char *val);
enum isc_text_err isc_negot_finish(struct isc_negot *n,
				   struct isc_params *out);

#endif /* KISCSI_PROTO_TEXT_H */
