// SPDX-License-Identifier: GPL-2.0
/*
 * test_login.c - the login response handler: a whole login (security
 * stage with CHAP, operational stage, full feature phase), Continue
 * responses, redirects, failures, and one test per enum isc_login_err.
 */
#include "tap.h"
#include "login.h"
#include "chap_openssl.h"

#define ITT	0x1000
static const u8 isid[ISC_ISID_LEN] = { 0x80, 0, 0, 0x12, 0x34, 0 };
static u8 wire[16384] __attribute__((aligned(8)));
static struct isc_login l;

static void rsp_base(struct isc_pdu *p, u8 csg, u8 nsg, bool transit)
{
	memset(p, 0, sizeof(*p));
	p->opcode = ISCSI_OP_LOGIN_RSP;
	p->itt = ITT;
	memcpy(p->login.isid, isid, ISC_ISID_LEN);
	p->login.csg = csg;
	p->login.nsg = nsg;
	p->login.transit = transit;
	p->statsn = 1;
	p->exp_cmdsn = 1;
	p->max_cmdsn = 1;
}

static size_t put(const struct isc_pdu *p, const char *text, size_t tlen)
{
	struct isc_pdu q = *p;
	int hl;

	q.data_len = tlen;
	hl = isc_pdu_build(&q, wire, sizeof(wire));
	if (tlen)
		memcpy(wire + hl, text, tlen);
	return hl + tlen;
}

static enum isc_login_err rx(const struct isc_pdu *p, const char *text,
			     size_t tlen, enum isc_login_next *next)
{
	size_t n = put(p, text, tlen);

	return isc_login_rx(&l, wire, n, next);
}

static void start(struct isc_chap *chap, u8 csg, u8 nsg, bool transit)
{
	struct isc_offer o;

	isc_offer_default(&o);
	if (chap)
		o.val[ISC_KEY_AUTH_METHOD] = 1U << ISC_AUTH_CHAP;
	isc_login_init(&l, &o, isid, 0, ITT, true, false, chap);
	isc_login_sent(&l, csg, nsg, transit);
}

#define T(s)	s, sizeof(s) - 1

static bool full_login(void)
{
	static const u8 secret[] = "0123456789abcdef";
	static const char op_rsp[] =
		"HeaderDigest=None\0DataDigest=None\0MaxConnections=1\0"
		"InitialR2T=Yes\0ImmediateData=Yes\0"
		"MaxRecvDataSegmentLength=65536\0MaxBurstLength=262144\0"
		"FirstBurstLength=65536\0DefaultTime2Wait=2\0"
		"DefaultTime2Retain=0\0MaxOutstandingR2T=1\0"
		"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"
		"ErrorRecoveryLevel=0\0iSCSIProtocolLevel=1\0";
	struct isc_chap chap;
	struct isc_pdu p;
	enum isc_login_next next = ISC_LOGIN_NEXT_FAILED;
	char req[2048];
	size_t off = 0;
	bool ok = true;
	int n;

	isc_chap_init(&chap, &isc_chap_openssl_ops, "iqn.i", secret, 16,
		      ISC_BIN_HEX);
	start(&chap, ISC_STAGE_SEC, ISC_STAGE_OP, false);
	/* 1: AuthMethod=CHAP */
	n = isc_negot_offer(&l.negot, req, sizeof(req));
	EXPECT(n > 0 && !strcmp(req, "AuthMethod=CHAP"));
	rsp_base(&p, ISC_STAGE_SEC, 0, false);
	EXPECT(!rx(&p, T("AuthMethod=CHAP\0TargetPortalGroupTag=1\0"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_SEND);
	/* 2: CHAP_A, challenge split over a Continue response */
	EXPECT(!isc_chap_build_algs(&chap, req, sizeof(req), &off));
	isc_login_sent(&l, ISC_STAGE_SEC, ISC_STAGE_OP, false);
	p.login.cont = true;
	EXPECT(!rx(&p, T("CHAP_A=7\0CHAP_I=3\0CHAP_C=0x0102"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_SEND);
	isc_login_sent(&l, ISC_STAGE_SEC, ISC_STAGE_OP, false);
	p.login.cont = false;
	EXPECT(!rx(&p, T("0304\0"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_SEND && chap.chal_len == 4);
	/* 3: response, transit to OP */
	off = 0;
	EXPECT(!isc_chap_build_response(&chap, req, sizeof(req), &off));
	isc_login_sent(&l, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	p.login.transit = true;
	p.login.nsg = ISC_STAGE_OP;
	EXPECT(!rx(&p, NULL, 0, &next));
	EXPECT(next == ISC_LOGIN_NEXT_STAGE && l.negot.stage == ISC_STAGE_OP);
	/* 4: operational offer, transit to FFP */
	n = isc_negot_offer(&l.negot, req, sizeof(req));
	EXPECT(n > 100);
	isc_login_sent(&l, ISC_STAGE_OP, ISC_STAGE_FFP, true);
	rsp_base(&p, ISC_STAGE_OP, ISC_STAGE_FFP, true);
	p.login.tsih = 0x77;
	EXPECT(!rx(&p, T(op_rsp), &next));
	EXPECT(next == ISC_LOGIN_NEXT_FFP && l.tsih == 0x77);
	EXPECT(l.params.max_xmit_dsl == 65536 && l.params.initial_r2t);
	EXPECT(l.params.auth_method == ISC_AUTH_CHAP && l.params.tpgt == 1);
	EXPECT(l.exp_statsn == 2);
	isc_chap_destroy(&chap);
	return ok;
}

static bool target_offers_answered(void)
{
	struct isc_pdu p;
	enum isc_login_next next;
	bool ok = true;

	start(NULL, ISC_STAGE_OP, ISC_STAGE_FFP, false);
	rsp_base(&p, ISC_STAGE_OP, 0, false);
	EXPECT(!rx(&p, T("MaxBurstLength=1048576\0X-vendor.k=v\0"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_SEND);
	EXPECT(!memcmp(l.negot.ans, "MaxBurstLength=262144\0"
		       "X-vendor.k=NotUnderstood\0", l.negot.ans_len));
	return ok;
}

static bool redirect_and_fail(void)
{
	struct isc_pdu p;
	enum isc_login_next next;
	bool ok = true;

	start(NULL, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	rsp_base(&p, ISC_STAGE_SEC, 0, false);
	p.login.status_class = ISCSI_STATUS_CLS_REDIRECT;
	p.login.status_detail = ISCSI_LOGIN_STATUS_TGT_MOVED_TEMP;
	EXPECT(!rx(&p, T("TargetAddress=192.0.2.1:3260,1\0"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_REDIRECT);
	EXPECT(!strcmp(l.params.target_address, "192.0.2.1:3260,1"));
	/* tgt's redirects echo no ISID; the address is all that counts */
	start(NULL, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	memset(p.login.isid, 0, sizeof(p.login.isid));
	p.login.status_detail = ISCSI_LOGIN_STATUS_TGT_MOVED_PERM;
	EXPECT(!rx(&p, T("TargetAddress=[2001:db8::1]:3261,2\0"), &next));
	EXPECT(next == ISC_LOGIN_NEXT_REDIRECT && l.status_detail == 2);
	EXPECT(!strcmp(l.params.target_address, "[2001:db8::1]:3261,2"));
	start(NULL, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	p.login.status_class = ISCSI_STATUS_CLS_INITIATOR_ERR;
	p.login.status_detail = ISCSI_LOGIN_STATUS_AUTH_FAILED;
	EXPECT(!rx(&p, NULL, 0, &next));
	EXPECT(next == ISC_LOGIN_NEXT_FAILED && l.status_detail == 1);
	return ok;
}

struct err_case {
	enum isc_login_err err;
	const char *what;
};

static enum isc_login_err trigger(enum isc_login_err want)
{
	struct isc_pdu p;
	enum isc_login_next next;

	start(NULL, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	rsp_base(&p, ISC_STAGE_SEC, ISC_STAGE_OP, true);
	p.login.tsih = 0;
	switch (want) {
	case ISC_LOGIN_ERR_PDU:
		p.login.status_class = 9;
		break;
	case ISC_LOGIN_ERR_TEXT:
		return rx(&p, T("InitiatorName=iqn.x\0"), &next);
	case ISC_LOGIN_ERR_ITT:
		p.itt = ITT + 1;
		break;
	case ISC_LOGIN_ERR_ISID:
		p.login.isid[5] = 1;
		break;
	case ISC_LOGIN_ERR_TSIH:
		/* final response of a new session without a TSIH */
		start(NULL, ISC_STAGE_OP, ISC_STAGE_FFP, true);
		rsp_base(&p, ISC_STAGE_OP, ISC_STAGE_FFP, true);
		break;
	case ISC_LOGIN_ERR_VERSION:
		p.login.ver_max = 2;
		p.login.ver_min = 1;
		break;
	case ISC_LOGIN_ERR_STAGE:
		start(NULL, ISC_STAGE_SEC, ISC_STAGE_OP, false);
		break;	/* T=1 although we sent T=0 */
	case ISC_LOGIN_ERR_REDIRECT:
		p.login.transit = false;
		p.login.nsg = 0;
		p.login.status_class = ISCSI_STATUS_CLS_REDIRECT;
		p.login.status_detail = ISCSI_LOGIN_STATUS_TGT_MOVED_PERM;
		break;
	case ISC_LOGIN_ERR_AUTH:
		/* CHAP chosen, but we never completed it */
		isc_negot_offer(&l.negot, (char *)wire, 64);
		l.negot.offer.val[ISC_KEY_AUTH_METHOD] = 1U << ISC_AUTH_CHAP;
		return rx(&p, T("AuthMethod=CHAP\0"), &next);
	case ISC_LOGIN_ERR_STATE:
		rx(&p, NULL, 0, &next);
		break;	/* the second response has no request */
	default:
		break;
	}
	return rx(&p, NULL, 0, &next);
}

int main(void)
{
	static const struct err_case cases[] = {
		{ ISC_LOGIN_ERR_PDU, "reserved status class" },
		{ ISC_LOGIN_ERR_TEXT, "InitiatorName from the target" },
		{ ISC_LOGIN_ERR_ITT, "another ITT" },
		{ ISC_LOGIN_ERR_ISID, "another ISID" },
		{ ISC_LOGIN_ERR_TSIH, "no TSIH on the final response" },
		{ ISC_LOGIN_ERR_VERSION, "active version 1" },
		{ ISC_LOGIN_ERR_STAGE, "T=1 we did not ask for" },
		{ ISC_LOGIN_ERR_REDIRECT, "redirect without TargetAddress" },
		{ ISC_LOGIN_ERR_AUTH, "CHAP chosen but not done" },
		{ ISC_LOGIN_ERR_STATE, "response without request" },
	};
	unsigned int i;

	tap_ok(full_login(), "login: CHAP security stage, Continue, OP, FFP");
	tap_ok(target_offers_answered(), "login: target offers answered");
	tap_ok(redirect_and_fail(), "login: redirect and status class 2");
	tap_ok(ARRAY_SIZE(cases) == ISC_LOGIN_ERR_MAX,
	       "every isc_login_err value has a test case");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum isc_login_err got = trigger(cases[i].err);

		if (got != cases[i].err)
			tap_diag("got %s", isc_login_err_str(got));
		tap_ok(got == cases[i].err, "login error %s: %s",
		       isc_login_err_str(cases[i].err), cases[i].what);
	}
	return tap_done();
}
