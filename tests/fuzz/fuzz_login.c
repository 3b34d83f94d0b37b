// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_login.c - libFuzzer target for isc_login_rx(): a whole login as a
 * sequence of Login Responses. Input: a sequence of records, each a
 * 2-byte big-endian length and that many bytes of PDU. Between responses
 * the harness behaves like the login FSM: it sends what is due.
 */
#include "login.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static int fake_digest(void *priv, enum isc_chap_alg alg,
		       const u8 *const *bufs, const size_t *lens,
		       unsigned int n, u8 *out)
{
	unsigned int i, j, k = 0;

	(void)priv;
	memset(out, 0, isc_chap_digest_len(alg));
	for (i = 0; i < n; i++)
		for (j = 0; j < lens[i]; j++, k++)
			out[k % isc_chap_digest_len(alg)] ^= bufs[i][j];
	return 0;
}

static const struct isc_chap_hash_ops fake_ops = { .digest = fake_digest };

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 isid[ISC_ISID_LEN] = { 0x80, 0, 0, 1, 2, 3 };
	static const u8 secret[] = "fuzz-secret-123";
	static const u8 chal[] = "0123456789abcdef";
	static struct isc_login l;
	static struct isc_chap chap;
	static char req[8192];
	struct isc_offer o;
	enum isc_login_next next;
	u8 stage = ISC_STAGE_SEC;
	size_t off;

	isc_offer_default(&o);
	o.val[ISC_KEY_AUTH_METHOD] = (1U << ISC_AUTH_CHAP) |
				     (1U << ISC_AUTH_NONE);
	isc_chap_init(&chap, &fake_ops, "iqn.f", secret, sizeof(secret) - 1,
		      ISC_BIN_HEX);
	isc_chap_set_mutual(&chap, "iqn.t", (const u8 *)"other-secret", 12, 1,
			    chal, sizeof(chal) - 1);
	isc_login_init(&l, &o, isid, 0, 0x10, true, false, &chap);
	isc_negot_offer(&l.negot, req, sizeof(req));
	isc_login_sent(&l, ISC_STAGE_SEC, ISC_STAGE_OP, true);

	while (size >= 2) {
		size_t len = ((size_t)data[0] << 8) | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (isc_login_rx(&l, data, len, &next))
			break;
		data += len;
		size -= len;
		if (next == ISC_LOGIN_NEXT_FFP || next == ISC_LOGIN_NEXT_FAILED ||
		    next == ISC_LOGIN_NEXT_REDIRECT)
			break;
		if (next == ISC_LOGIN_NEXT_STAGE)
			stage = l.negot.stage;
		off = 0;
		if (chap.state == ISC_CHAP_START &&
		    l.negot.res[ISC_KEY_AUTH_METHOD] == ISC_AUTH_CHAP)
			isc_chap_build_algs(&chap, req, sizeof(req), &off);
		if (chap.state == ISC_CHAP_CHALLENGED)
			isc_chap_build_response(&chap, req, sizeof(req), &off);
		if (stage == ISC_STAGE_OP)
			isc_negot_offer(&l.negot, req, sizeof(req));
		isc_login_sent(&l, stage, stage == ISC_STAGE_SEC ?
			       ISC_STAGE_OP : ISC_STAGE_FFP, true);
	}
	isc_chap_destroy(&chap);
	return 0;
}
