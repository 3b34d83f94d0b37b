// SPDX-License-Identifier: GPL-2.0
/*
 * The initiator's side of iSCSI key negotiation
 * (RFC 7143 §6.2 and §6.3), driven entirely by the key table.
 *
 * We offer; the target answers, or offers keys of its own that we answer.
 * For every answer we check that it is a value the result function could
 * have produced from our offer (RFC 7143 §6.2.2): a target that answers
 * MaxBurstLength above what we offered, or ImmediateData=Yes after we
 * said No, is refused rather than silently believed.
 */
#include "text.h"
#include "pdu.h"

#define ANS_NOT_UNDERSTOOD	"NotUnderstood"
#define ANS_IRRELEVANT		"Irrelevant"
#define ANS_REJECT		"Reject"

/**
 * isc_params_default() - RFC 7143 §13 defaults for every operational key
 * @p: output
 */
void isc_params_default(struct isc_params *p)
{
	memset(p, 0, sizeof(*p));
	p->max_connections = 1;
	p->initial_r2t = true;
	p->immediate_data = true;
	p->max_recv_dsl = ISCSI_DEF_MAX_RECV_SEG_LEN;
	p->max_xmit_dsl = ISCSI_DEF_MAX_RECV_SEG_LEN;
	p->max_burst = ISCSI_DEF_MAX_BURST_LEN;
	p->first_burst = ISCSI_DEF_FIRST_BURST_LEN;
	p->t2wait = ISCSI_DEF_TIME2WAIT;
	p->t2retain = isc_key_def(ISC_KEY_T2RETAIN)->def;
	p->max_outstanding_r2t = 1;
	p->data_pdu_in_order = true;
	p->data_seq_in_order = true;
	p->task_reporting = ISC_TASKREP_RFC3720;
	p->auth_method = ISC_AUTH_NONE;
}
EXPORT_SYMBOL_GPL(isc_params_default);

/**
 * isc_offer_default() - the initiator's default proposal
 * @o: output
 *
 * RFC defaults except where an initiator has a reason to ask for more:
 * unsolicited data (InitialR2T=No), a larger receive segment, and
 * iSCSIProtocolLevel=1, which announces RFC 7143 (RFC 7144 §2.1).
 * Digests are off unless the administrator asks for them.
 */
void isc_offer_default(struct isc_offer *o)
{
	unsigned int k;

	for (k = 0; k < __ISC_KEY_LAST; k++) {
		const struct isc_key_def *d = isc_key_def(k);

		o->val[k] = d->type == ISC_KT_LIST ? 1U << d->def : d->def;
	}
	o->val[ISC_KEY_INITIAL_R2T] = 0;
	o->val[ISC_KEY_MAX_RECV_DSL] = ISCSI_DEF_MAX_BURST_LEN;
	o->val[ISC_KEY_PROTOCOL_LEVEL] = 1;
}
EXPORT_SYMBOL_GPL(isc_offer_default);

/**
 * isc_negot_init() - start negotiating for one connection's login
 * @n: state
 * @offer: what we propose and accept
 * @leading: first connection of the session (LO keys allowed)
 * @discovery: SessionType=Discovery (RFC 7143 §13.21: most keys irrelevant)
 */
void isc_negot_init(struct isc_negot *n, const struct isc_offer *offer,
		    bool leading, bool discovery)
{
	unsigned int k;

	memset(n, 0, sizeof(*n));
	n->offer = *offer;
	n->leading = leading;
	n->discovery = discovery;
	for (k = 0; k < __ISC_KEY_LAST; k++)
		n->res[k] = isc_key_def(k)->def;
	n->stage = ISC_STAGE_SEC;
}
EXPORT_SYMBOL_GPL(isc_negot_init);

/**
 * isc_negot_begin() - a new request/response exchange starts
 * @n: state
 * @stage: ISC_STAGE_SEC, ISC_STAGE_OP or ISC_STAGE_FFP (Text)
 *
 * Duplicate detection (RFC 7143 §6.2: a key is sent at most once per
 * exchange) and the answer queue are per exchange.
 */
void isc_negot_begin(struct isc_negot *n, u8 stage)
{
	n->stage = stage;
	n->seen = 0;
	n->ans_len = 0;
}
EXPORT_SYMBOL_GPL(isc_negot_begin);

static bool negotiable(const struct isc_key_def *d)
{
	return d->rule == ISC_KR_MIN || d->rule == ISC_KR_MAX ||
	       d->rule == ISC_KR_OR || d->rule == ISC_KR_AND ||
	       d->rule == ISC_KR_LIST;
}

/* Render a value of key @d into @out: Yes/No, decimal, or a list. */
static int render(const struct isc_key_def *d, u32 val, bool as_mask,
		  char *out, size_t cap)
{
	size_t n = 0;
	unsigned int i;

	if (d->type == ISC_KT_BOOL) {
		n = strscpy(out, val ? "Yes" : "No", cap);
		return n;
	}
	if (d->type == ISC_KT_LIST) {
		if (!as_mask)
			return strscpy(out, d->values[val], cap);
		out[0] = '\0';
		for (i = 0; i < d->nvalues; i++) {
			size_t len = strlen(d->values[i]);

			if (!(val & (1U << i)))
				continue;
			if (n + len + 2 > cap)
				return -ENOSPC;
			if (n)
				out[n++] = ',';
			memcpy(out + n, d->values[i], len + 1);
			n += len;
		}
		return n ? (int)n : -EINVAL;
	}
	{
		char digits[16];
		int i2 = sizeof(digits) - 1;

		digits[i2] = '\0';
		do {
			digits[--i2] = '0' + val % 10;
			val /= 10;
		} while (val);
		return strscpy(out, digits + i2, cap);
	}
}

static bool want_offer(const struct isc_negot *n, enum isc_key k)
{
	const struct isc_key_def *d = isc_key_def(k);
	u32 bit = 1U << k;

	if ((n->offered | n->done) & bit)
		return false;
	if (n->stage == ISC_STAGE_SEC)
		return k == ISC_KEY_AUTH_METHOD;
	if (n->stage != ISC_STAGE_OP || (d->flags & ISC_KF_SEC))
		return false;
	if (k == ISC_KEY_MAX_RECV_DSL)
		return true;
	if (!negotiable(d))
		return false;
	if ((d->flags & ISC_KF_LO) && !n->leading)
		return false;
	if ((d->flags & ISC_KF_NORMAL) && n->discovery)
		return false;
	/* Keys whose offer is the RFC default add nothing (RFC 7144 keys
	 * in particular would only draw NotUnderstood from old targets).
	 */
	if (k == ISC_KEY_TASK_REPORTING &&
	    n->offer.val[k] == 1U << d->def)
		return false;
	if (k == ISC_KEY_PROTOCOL_LEVEL && !n->offer.val[k])
		return false;
	return true;
}

/**
 * isc_negot_offer() - write our offers for the current stage
 * @n: state
 * @buf: data segment being built
 * @cap: its size
 *
 * In the security stage this is AuthMethod; in the operational stage,
 * every negotiable key that applies to this session and connection,
 * plus our MaxRecvDataSegmentLength declaration (RFC 7143 §13.12).
 * Keys already offered or settled are not repeated.
 *
 * Return: bytes written, or -ENOSPC.
 */
int isc_negot_offer(struct isc_negot *n, char *buf, size_t cap)
{
	char val[ISC_VALUE_MAX + 1];
	size_t off = 0;
	unsigned int k;
	int ret;

	for (k = 0; k < __ISC_KEY_LAST; k++) {
		const struct isc_key_def *d = isc_key_def(k);

		if (!want_offer(n, k))
			continue;
		ret = render(d, n->offer.val[k], d->type == ISC_KT_LIST,
			     val, sizeof(val));
		if (ret < 0)
			return ret;
		ret = isc_text_put(buf, cap, &off, d->name, val);
		if (ret)
			return ret;
		if (d->rule == ISC_KR_DECL) {
			/* Declarative: in force as soon as it is sent. */
			n->res[k] = n->offer.val[k];
			n->done |= 1U << k;
		} else {
			n->offered |= 1U << k;
		}
	}
	return off;
}
EXPORT_SYMBOL_GPL(isc_negot_offer);

static enum isc_text_err queue_answer(struct isc_negot *n, const char *key,
				      const char *val)
{
	size_t off = n->ans_len;

	if (isc_text_put(n->ans, sizeof(n->ans), &off, key, val))
		return ISC_TEXT_ERR_NOSPC;
	n->ans_len = off;
	return ISC_TEXT_OK;
}

static bool is_special_answer(const char *val)
{
	return !strcmp(val, ANS_NOT_UNDERSTOOD) ||
	       !strcmp(val, ANS_IRRELEVANT) || !strcmp(val, ANS_REJECT);
}

/* Parse a single (non-list) value of key @d into @out. */
static enum isc_text_err parse_value(const struct isc_key_def *d,
				     const char *val, u32 *out)
{
	enum isc_text_err err;
	bool b = false;
	u64 v;
	int idx;

	switch (d->type) {
	case ISC_KT_BOOL:
		err = isc_text_parse_bool(val, &b);
		*out = b;
		return err;
	case ISC_KT_NUM:
		err = isc_text_parse_num(val, &v);
		if (err)
			return err;
		if (v < d->min || v > d->max)
			return ISC_TEXT_ERR_RANGE;
		*out = v;
		return ISC_TEXT_OK;
	case ISC_KT_LIST:
		idx = isc_key_value_index(d, val);
		if (idx < 0)
			return ISC_TEXT_ERR_VALUE;
		*out = idx;
		return ISC_TEXT_OK;
	}
	return ISC_TEXT_ERR_VALUE;
}

/* The RFC 7143 §6.2.2 result function for two single values. */
static u32 result(const struct isc_key_def *d, u32 ours, u32 theirs)
{
	switch (d->rule) {
	case ISC_KR_MIN:
		return min(ours, theirs);
	case ISC_KR_MAX:
		return max(ours, theirs);
	case ISC_KR_OR:
		return ours || theirs;
	case ISC_KR_AND:
		return ours && theirs;
	}
	return theirs;
}

/* Is @ans a value the target could legally answer to our @offer? */
static bool answer_fits(const struct isc_key_def *d, u32 offer, u32 ans)
{
	if (d->rule == ISC_KR_LIST)
		return offer & (1U << ans);
	return result(d, offer, ans) == ans;
}

static enum isc_text_err rx_answer(struct isc_negot *n, enum isc_key k,
				   const char *val)
{
	const struct isc_key_def *d = isc_key_def(k);
	enum isc_text_err err;
	u32 v;

	n->offered &= ~(1U << k);
	n->done |= 1U << k;
	/* RFC 7143 §6.2: the key keeps its default after these answers. */
	if (is_special_answer(val))
		return ISC_TEXT_OK;
	/* A list answer is one value, never a list (RFC 7143 §6.2.1). */
	if (d->type == ISC_KT_LIST && strchr(val, ','))
		return ISC_TEXT_ERR_NEGOTIATION;
	err = parse_value(d, val, &v);
	if (err)
		return err;
	if (!answer_fits(d, n->offer.val[k], v))
		return ISC_TEXT_ERR_NEGOTIATION;
	n->res[k] = v;
	return ISC_TEXT_OK;
}

/* The target offered @k: choose, record, and queue our answer. */
static enum isc_text_err rx_offer(struct isc_negot *n, enum isc_key k,
				  const char *val)
{
	const struct isc_key_def *d = isc_key_def(k);
	char tok[ISC_VALUE_MAX + 1];
	const char *cursor = val;
	enum isc_text_err err;
	u32 theirs, res;
	int ret, idx;

	n->done |= 1U << k;
	if ((d->flags & ISC_KF_NORMAL) && n->discovery)
		return queue_answer(n, d->name, ANS_IRRELEVANT);
	if (d->type == ISC_KT_LIST) {
		/* RFC 7143 §6.2.1: first value in their order we accept. */
		while ((ret = isc_text_list_next(&cursor, tok,
						 sizeof(tok))) > 0) {
			idx = isc_key_value_index(d, tok);
			if (idx >= 0 && (n->offer.val[k] & (1U << idx))) {
				n->res[k] = idx;
				return queue_answer(n, d->name, tok);
			}
		}
		if (ret < 0)
			return ISC_TEXT_ERR_VALUE;
		return queue_answer(n, d->name, ANS_REJECT);
	}
	err = parse_value(d, val, &theirs);
	/* RFC 7143 §6.2: an out-of-range offer is answered with Reject. */
	if (err == ISC_TEXT_ERR_RANGE)
		return queue_answer(n, d->name, ANS_REJECT);
	if (err)
		return err;
	res = result(d, n->offer.val[k], theirs);
	n->res[k] = res;
	ret = render(d, res, false, tok, sizeof(tok));
	if (ret < 0)
		return ISC_TEXT_ERR_NOSPC;
	return queue_answer(n, d->name, tok);
}

static enum isc_text_err rx_declared(struct isc_negot *n, enum isc_key k,
				     const char *val)
{
	const struct isc_key_def *d = isc_key_def(k);
	enum isc_text_err err;
	u32 v;

	switch (k) {
	case ISC_KEY_MAX_RECV_DSL:
		err = parse_value(d, val, &v);
		if (!err)
			n->peer_dsl = v;
		return err;
	case ISC_KEY_TPGT:
		err = parse_value(d, val, &v);
		if (!err) {
			n->res[k] = v;
			n->done |= 1U << k;
		}
		return err;
	case ISC_KEY_TARGET_ALIAS:
		strscpy(n->alias, val, sizeof(n->alias));
		return ISC_TEXT_OK;
	case ISC_KEY_TARGET_ADDRESS:
		strscpy(n->address, val, sizeof(n->address));
		return ISC_TEXT_OK;
	case ISC_KEY_TARGET_NAME:
		/* Only a SendTargets response names targets. */
		return n->stage == ISC_STAGE_FFP ? ISC_TEXT_OK :
						   ISC_TEXT_ERR_PHASE;
	default:
		return ISC_TEXT_ERR_SENDER;
	}
}

static enum isc_text_err check_use(const struct isc_negot *n,
				   const struct isc_key_def *d)
{
	if (d->flags & ISC_KF_FROM_INI)
		return ISC_TEXT_ERR_SENDER;
	if ((d->flags & ISC_KF_SEC) && n->stage != ISC_STAGE_SEC)
		return ISC_TEXT_ERR_PHASE;
	if ((d->flags & ISC_KF_FFP_ONLY) && n->stage != ISC_STAGE_FFP)
		return ISC_TEXT_ERR_PHASE;
	if ((d->flags & ISC_KF_IO) && n->stage == ISC_STAGE_FFP)
		return ISC_TEXT_ERR_PHASE;
	if ((d->flags & ISC_KF_LO) && !n->leading)
		return ISC_TEXT_ERR_PHASE;
	return ISC_TEXT_OK;
}

/**
 * isc_negot_rx() - process one key=value pair from the target
 * @n: state
 * @key: key name, syntax already checked (isc_text_acc_feed())
 * @val: value, length already checked
 *
 * Return: ISC_TEXT_OK, possibly with an answer queued in @n->ans, or the
 * reason the pair is refused; the login must then fail (RFC 7143 §6.2:
 * an illegal answer ends the negotiation).
 */
enum isc_text_err isc_negot_rx(struct isc_negot *n, const char *key,
			       const char *val)
{
	enum isc_key k = isc_key_lookup(key);
	const struct isc_key_def *d;
	enum isc_text_err err;
	u32 bit;

	if (k == ISC_KEY_NONE) {
		/* An answer to a key we never sent is a protocol error. */
		if (is_special_answer(val))
			return ISC_TEXT_ERR_NEGOTIATION;
		/* RFC 7143 §6.2: unknown keys get NotUnderstood. */
		return queue_answer(n, key, ANS_NOT_UNDERSTOOD);
	}
	d = isc_key_def(k);
	bit = 1U << k;
	if ((n->seen & bit) && !(d->flags & ISC_KF_REPEAT))
		return ISC_TEXT_ERR_DUPLICATE;
	n->seen |= bit;
	err = check_use(n, d);
	if (err)
		return err;
	if (d->rule == ISC_KR_AUTH)
		return n->auth_fn ? n->auth_fn(n->auth_arg, k, val) :
				    ISC_TEXT_ERR_AUTH;
	if (d->rule == ISC_KR_DECL)
		return rx_declared(n, k, val);
	if (n->offered & bit)
		return rx_answer(n, k, val);
	/* RFC 7143 §6.2: a settled key is not negotiated again. */
	if (n->done & bit)
		return ISC_TEXT_ERR_DUPLICATE;
	if (is_special_answer(val))
		return ISC_TEXT_ERR_NEGOTIATION;
	return rx_offer(n, k, val);
}
EXPORT_SYMBOL_GPL(isc_negot_rx);

/**
 * isc_negot_rx_pair() - isc_text_pair_fn adapter for isc_negot_rx()
 * @negot: a struct isc_negot
 * @key: key name
 * @val: value
 *
 * Records the key of a refused pair in bad_key for the log line.
 *
 * Return: as isc_negot_rx().
 */
enum isc_text_err isc_negot_rx_pair(void *negot, const char *key,
				    const char *val)
{
	struct isc_negot *n = negot;
	enum isc_text_err err = isc_negot_rx(n, key, val);

	if (err)
		strscpy(n->bad_key, key, sizeof(n->bad_key));
	return err;
}
EXPORT_SYMBOL_GPL(isc_negot_rx_pair);

/*
 * A target that never answers an offered key is treated as if it had
 * answered with the RFC default: the result function then still sees
 * both sides, so e.g. an unanswered ImmediateData=No stays No.
 */
static enum isc_text_err settle_unanswered(struct isc_negot *n)
{
	unsigned int k;

	for (k = 0; k < __ISC_KEY_LAST; k++) {
		const struct isc_key_def *d = isc_key_def(k);

		if (!(n->offered & (1U << k)))
			continue;
		if (d->rule == ISC_KR_LIST) {
			if (!(n->offer.val[k] & (1U << d->def)))
				return ISC_TEXT_ERR_NEGOTIATION;
			n->res[k] = d->def;
		} else {
			n->res[k] = result(d, n->offer.val[k], d->def);
		}
		n->done |= 1U << k;
	}
	n->offered = 0;
	return ISC_TEXT_OK;
}

/**
 * isc_negot_finish() - the target ended the operational stage: compute
 * the outcome
 * @n: state
 * @out: negotiated values
 *
 * Return: ISC_TEXT_OK, or ISC_TEXT_ERR_BURST when FirstBurstLength ends
 * above MaxBurstLength (forbidden by RFC 7143 §13.14), or
 * ISC_TEXT_ERR_NEGOTIATION when an unanswered list key's default is one
 * we did not accept.
 */
enum isc_text_err isc_negot_finish(struct isc_negot *n,
				   struct isc_params *out)
{
	enum isc_text_err err = settle_unanswered(n);
	const u32 *r = n->res;

	if (err)
		return err;
	isc_params_default(out);
	out->header_digest = r[ISC_KEY_HEADER_DIGEST] == ISC_DIGEST_CRC32C;
	out->data_digest = r[ISC_KEY_DATA_DIGEST] == ISC_DIGEST_CRC32C;
	out->max_connections = r[ISC_KEY_MAX_CONNECTIONS];
	out->initial_r2t = r[ISC_KEY_INITIAL_R2T];
	out->immediate_data = r[ISC_KEY_IMMEDIATE_DATA];
	out->max_recv_dsl = r[ISC_KEY_MAX_RECV_DSL];
	if (n->peer_dsl)
		out->max_xmit_dsl = n->peer_dsl;
	out->max_burst = r[ISC_KEY_MAX_BURST];
	out->first_burst = r[ISC_KEY_FIRST_BURST];
	out->t2wait = r[ISC_KEY_T2WAIT];
	out->t2retain = r[ISC_KEY_T2RETAIN];
	out->max_outstanding_r2t = r[ISC_KEY_MAX_OUTSTANDING_R2T];
	out->data_pdu_in_order = r[ISC_KEY_DATA_PDU_IN_ORDER];
	out->data_seq_in_order = r[ISC_KEY_DATA_SEQ_IN_ORDER];
	out->erl = r[ISC_KEY_ERL];
	out->protocol_level = r[ISC_KEY_PROTOCOL_LEVEL];
	out->task_reporting = r[ISC_KEY_TASK_REPORTING];
	out->auth_method = r[ISC_KEY_AUTH_METHOD];
	out->discovery = n->discovery;
	out->has_tpgt = n->done & (1U << ISC_KEY_TPGT);
	out->tpgt = r[ISC_KEY_TPGT];
	strscpy(out->target_alias, n->alias, sizeof(out->target_alias));
	strscpy(out->target_address, n->address,
		sizeof(out->target_address));
	/* RFC 7143 §13.14: irrelevant when InitialR2T=Yes, ImmediateData=No */
	if ((!out->initial_r2t || out->immediate_data) &&
	    out->first_burst > out->max_burst)
		return ISC_TEXT_ERR_BURST;
	return ISC_TEXT_OK;
}
EXPORT_SYMBOL_GPL(isc_negot_finish);
