/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure half of the initiator's login (RFC 7143 §6 and
 * §11.13): judge one Login Response against what we sent and what we
 * are negotiating, and say what the login state machine does next.
 *
 * The kernel FSM owns the socket, the timers and the PDU we send; after
 * sending a Login Request it calls isc_login_sent(), and for each Login
 * Response it calls isc_login_rx(). Nothing here sleeps or allocates.
 */
#ifndef KISCSI_PROTO_LOGIN_H
#define KISCSI_PROTO_LOGIN_H

#include "pdu.h"
#include "text.h"
#include "chap.h"

/**
 * enum isc_login_err - why a Login Response was refused
 */
enum isc_login_err {
	ISC_LOGIN_OK = 0,
	ISC_LOGIN_ERR_PDU,		/* see isc_login.pdu_err */
	ISC_LOGIN_ERR_TEXT,		/* see isc_login.text_err */
	ISC_LOGIN_ERR_ITT,		/* not the ITT of our request */
	ISC_LOGIN_ERR_ISID,		/* not our ISID */
	ISC_LOGIN_ERR_TSIH,		/* TSIH changed or missing */
	ISC_LOGIN_ERR_VERSION,		/* active version outside our range */
	ISC_LOGIN_ERR_STAGE,		/* CSG/T/NSG not what we asked for */
	ISC_LOGIN_ERR_REDIRECT,		/* redirect without TargetAddress */
	ISC_LOGIN_ERR_AUTH,		/* left security stage unauthenticated */
	ISC_LOGIN_ERR_STATE,		/* response with no request outstanding */
	__ISC_LOGIN_ERR_LAST
};

#define ISC_LOGIN_ERR_MAX (__ISC_LOGIN_ERR_LAST - 1)

/**
 * enum isc_login_next - what the FSM does after an accepted response
 * @ISC_LOGIN_NEXT_SEND: send another request in the same stage (answers
 *	in negot.ans, our remaining offers, or an empty one after C=1)
 * @ISC_LOGIN_NEXT_STAGE: the target moved to negot.stage; start it
 * @ISC_LOGIN_NEXT_FFP: login complete, @params is valid
 * @ISC_LOGIN_NEXT_REDIRECT: reconnect to params.target_address
 * @ISC_LOGIN_NEXT_FAILED: status class 2 or 3; see status_class/detail
 */
enum isc_login_next {
	ISC_LOGIN_NEXT_SEND,
	ISC_LOGIN_NEXT_STAGE,
	ISC_LOGIN_NEXT_FFP,
	ISC_LOGIN_NEXT_REDIRECT,
	ISC_LOGIN_NEXT_FAILED,
};

/**
 * struct isc_login - one connection's login, from the initiator's side
 * @negot: key negotiation state
 * @acc: reassembles text across C=1 responses
 * @ctx: parse context (login phase, 8192-byte segments)
 * @chap: CHAP state when AuthMethod=CHAP may be chosen, else NULL
 * @itt: ITT of our requests
 * @isid: our ISID
 * @tsih: TSIH we sent (0 for a new session) or the one assigned
 * @csg: CSG of the outstanding request
 * @nsg: NSG of the outstanding request
 * @transit: T bit of the outstanding request
 * @outstanding: a request was sent and awaits its response
 * @ver_min: lowest version we support
 * @ver_max: highest version we support
 * @ver_active: version the target chose
 * @exp_statsn: StatSN expected next
 * @status_class: last status class
 * @status_detail: last status detail
 * @pdu_err: detail for ISC_LOGIN_ERR_PDU
 * @text_err: detail for ISC_LOGIN_ERR_TEXT
 * @params: outcome, valid after ISC_LOGIN_NEXT_FFP / _REDIRECT
 */
struct isc_login {
	struct isc_negot negot;
	struct isc_text_acc acc;
	struct isc_pdu_ctx ctx;
	struct isc_chap *chap;
	u32 itt;
	u8 isid[ISC_ISID_LEN];
	u16 tsih;
	u8 csg, nsg;
	bool transit;
	bool outstanding;
	u8 ver_min, ver_max, ver_active;
	u32 exp_statsn;
	u8 status_class, status_detail;
	enum isc_pdu_err pdu_err;
	enum isc_text_err text_err;
	struct isc_params params;
};

const char *isc_login_err_str(enum isc_login_err err);
void isc_login_init(struct isc_login *l, const struct isc_offer *offer,
		    const u8 isid[ISC_ISID_LEN], u16 tsih, u32 itt,
		    bool leading, bool discovery, struct isc_chap *chap);
void isc_login_sent(struct isc_login *l, u8 csg, u8 nsg, bool transit);
enum isc_login_err isc_login_rx(struct isc_login *l, const void *pdu,
				size_t len, enum isc_login_next *next);

#endif /* KISCSI_PROTO_LOGIN_H */
