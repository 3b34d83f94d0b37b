// SPDX-License-Identifier: GPL-2.0
/*
 * Judge Login Responses (RFC 7143 §6.3, §11.13).
 *
 * Everything the target says is checked against what we asked for:
 * the same ITT and ISID, a TSIH that does not change once given, a
 * version within our range, no stage transition we did not request, and
 * no leaving the security stage before authentication completed.
 */
#include "login.h"

static const char * const login_err_names[] = {
	[ISC_LOGIN_OK] = "ok",
	[ISC_LOGIN_ERR_PDU] = "malformed login response",
	[ISC_LOGIN_ERR_TEXT] = "bad login keys",
	[ISC_LOGIN_ERR_ITT] = "ITT mismatch",
	[ISC_LOGIN_ERR_ISID] = "ISID mismatch",
	[ISC_LOGIN_ERR_TSIH] = "TSIH mismatch",
	[ISC_LOGIN_ERR_VERSION] = "unsupported version",
	[ISC_LOGIN_ERR_STAGE] = "unexpected stage transition",
	[ISC_LOGIN_ERR_REDIRECT] = "redirect without address",
	[ISC_LOGIN_ERR_AUTH] = "authentication incomplete",
	[ISC_LOGIN_ERR_STATE] = "no request outstanding",
};

static_assert(ARRAY_SIZE(login_err_names) == __ISC_LOGIN_ERR_LAST);

/**
 * isc_login_err_str() - human-readable name of a login error
 * @err: the error
 *
 * Return: a static string, never NULL.
 */
const char *isc_login_err_str(enum isc_login_err err)
{
	if ((unsigned int)err >= ARRAY_SIZE(login_err_names))
		return "unknown error";
	return login_err_names[err];
}
EXPORT_SYMBOL_GPL(isc_login_err_str);

/**
 * isc_login_init() - start a login
 * @l: state
 * @offer: operational values we propose
 * @isid: our ISID
 * @tsih: 0 for a new session, else the session's TSIH
 * @itt: the ITT our Login Requests carry
 * @leading: first connection of the session
 * @discovery: SessionType=Discovery
 * @chap: CHAP state if CHAP may be negotiated, else NULL
 */
void isc_login_init(struct isc_login *l, const struct isc_offer *offer,
		    const u8 isid[ISC_ISID_LEN], u16 tsih, u32 itt,
		    bool leading, bool discovery, struct isc_chap *chap)
{
	memset(l, 0, sizeof(*l));
	isc_negot_init(&l->negot, offer, leading, discovery);
	if (chap) {
		l->negot.auth_fn = isc_chap_rx;
		l->negot.auth_arg = chap;
	}
	l->chap = chap;
	isc_text_acc_init(&l->acc, 0);
	/* RFC 7143 §13.12: login PDUs use the 8192-byte default. */
	l->ctx.role = ISC_FROM_TARGET;
	l->ctx.login = true;
	l->ctx.max_recv_dsl = ISCSI_DEF_MAX_RECV_SEG_LEN;
	memcpy(l->isid, isid, ISC_ISID_LEN);
	l->tsih = tsih;
	l->itt = itt;
	l->ver_min = ISC_VERSION;
	l->ver_max = ISC_VERSION;
	isc_params_default(&l->params);
}
EXPORT_SYMBOL_GPL(isc_login_init);

/**
 * isc_login_sent() - record the Login Request just sent
 * @l: state
 * @csg: its CSG
 * @nsg: its NSG
 * @transit: its T bit
 *
 * Also opens a new negotiation exchange: the answers queued in
 * negot.ans must have been copied into that request already.
 */
void isc_login_sent(struct isc_login *l, u8 csg, u8 nsg, bool transit)
{
	l->csg = csg;
	l->nsg = nsg;
	l->transit = transit;
	l->outstanding = true;
	if (!l->acc.len && !l->acc.total)
		isc_negot_begin(&l->negot, csg);
}
EXPORT_SYMBOL_GPL(isc_login_sent);

static enum isc_login_err text_fail(struct isc_login *l,
				    enum isc_text_err err)
{
	l->text_err = err;
	return ISC_LOGIN_ERR_TEXT;
}

/* Feed the data segment; on C=0 the sequence ends and a new one starts. */
static enum isc_login_err take_text(struct isc_login *l,
				    const struct isc_pdu *pdu)
{
	enum isc_text_err err;
	bool last = !pdu->login.cont;

	err = isc_text_acc_feed(&l->acc, pdu->data, pdu->data_len, last,
				isc_negot_rx_pair, &l->negot);
	if (last)
		isc_text_acc_init(&l->acc, 0);
	return err ? text_fail(l, err) : ISC_LOGIN_OK;
}

static enum isc_login_err check_ids(struct isc_login *l,
				    const struct isc_pdu *pdu)
{
	if (pdu->itt != l->itt)
		return ISC_LOGIN_ERR_ITT;
	if (memcmp(pdu->login.isid, l->isid, ISC_ISID_LEN))
		return ISC_LOGIN_ERR_ISID;
	/* RFC 7143 §11.13.4: TSIH is set only on the final response of a
	 * new session; a known TSIH must be echoed unchanged.
	 */
	if (pdu->login.tsih && l->tsih && pdu->login.tsih != l->tsih)
		return ISC_LOGIN_ERR_TSIH;
	return ISC_LOGIN_OK;
}

static enum isc_login_err leave_stage(struct isc_login *l,
				      const struct isc_pdu *pdu,
				      enum isc_login_next *next)
{
	enum isc_text_err err;

	/* RFC 7143 §12.1: a chosen AuthMethod must have completed. */
	if (l->csg == ISC_STAGE_SEC &&
	    l->negot.res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP &&
	    (!l->chap || !isc_chap_done(l->chap)))
		return ISC_LOGIN_ERR_AUTH;
	if (pdu->login.nsg != ISC_STAGE_FFP) {
		isc_negot_begin(&l->negot, pdu->login.nsg);
		*next = ISC_LOGIN_NEXT_STAGE;
		return ISC_LOGIN_OK;
	}
	if (!pdu->login.tsih && !l->tsih)
		return ISC_LOGIN_ERR_TSIH;
	l->tsih = pdu->login.tsih;
	err = isc_negot_finish(&l->negot, &l->params);
	if (err)
		return text_fail(l, err);
	*next = ISC_LOGIN_NEXT_FFP;
	return ISC_LOGIN_OK;
}

/**
 * isc_login_rx() - judge one Login Response
 * @l: state
 * @pdu: the whole PDU: BHS, then the data segment (no digests)
 * @len: bytes in @pdu
 * @next: out: what to do next, valid when ISC_LOGIN_OK is returned
 *
 * Return: ISC_LOGIN_OK, or why the login must be abandoned; for
 * ISC_LOGIN_ERR_PDU and ISC_LOGIN_ERR_TEXT the detail is in @l.
 */
enum isc_login_err isc_login_rx(struct isc_login *l, const void *pdu,
				size_t len, enum isc_login_next *next)
{
	struct isc_pdu p;
	enum isc_login_err err;

	if (!l->outstanding)
		return ISC_LOGIN_ERR_STATE;
	l->outstanding = false;
	l->pdu_err = isc_pdu_parse(pdu, len, &l->ctx, &p);
	if (l->pdu_err)
		return ISC_LOGIN_ERR_PDU;
	l->status_class = p.login.status_class;
	l->status_detail = p.login.status_detail;
	/* A refusal ends the login whatever it carries: LIO and tgt do not
	 * echo the ISID in one, and the status is what the user must see.
	 */
	if (p.login.status_class != ISCSI_STATUS_CLS_SUCCESS &&
	    p.login.status_class != ISCSI_STATUS_CLS_REDIRECT) {
		*next = ISC_LOGIN_NEXT_FAILED;
		return ISC_LOGIN_OK;
	}
	/*
	 * So does a redirect (tgt's carries no ISID either): the new
	 * address is in TargetAddress (RFC 7143 §11.13.5), and nothing
	 * else of this connection is used.
	 */
	if (p.login.status_class == ISCSI_STATUS_CLS_REDIRECT) {
		err = take_text(l, &p);
		if (err)
			return err;
		if (!l->negot.address[0])
			return ISC_LOGIN_ERR_REDIRECT;
		strscpy(l->params.target_address, l->negot.address,
			sizeof(l->params.target_address));
		*next = ISC_LOGIN_NEXT_REDIRECT;
		return ISC_LOGIN_OK;
	}
	err = check_ids(l, &p);
	if (err)
		return err;
	l->exp_statsn = p.statsn + 1;

	/* RFC 7143 §11.13.2: Version-active within what we offered. */
	if (p.login.ver_min < l->ver_min || p.login.ver_min > l->ver_max)
		return ISC_LOGIN_ERR_VERSION;
	l->ver_active = p.login.ver_min;
	/* RFC 7143 §11.13.3: T=1 only if we asked, never past our NSG. */
	if (p.login.csg != l->csg ||
	    (p.login.transit && (!l->transit || p.login.nsg > l->nsg)))
		return ISC_LOGIN_ERR_STAGE;
	err = take_text(l, &p);
	if (err)
		return err;
	if (p.login.cont || !p.login.transit) {
		*next = ISC_LOGIN_NEXT_SEND;
		return ISC_LOGIN_OK;
	}
	return leave_stage(l, &p, next);
}
EXPORT_SYMBOL_GPL(isc_login_rx);
