// SPDX-License-Identifier: GPL-2.0
/*
 * CHAP for iSCSI (RFC 1994 §4.1, RFC 7143 §12.1.3).
 *
 * Response = H(CHAP_I || secret || CHAP_C), where CHAP_I is one octet.
 * The exchange for the initiator (RFC 7143 §12.1.3):
 *   I->T  CHAP_A=<A1,A2...>
 *   T->I  CHAP_A=<A> CHAP_I=<I> CHAP_C=<C>
 *   I->T  CHAP_N=<N> CHAP_R=<R>  [mutual: CHAP_I=<I2> CHAP_C=<C2>]
 *   T->I  [mutual: CHAP_N=<N2> CHAP_R=<R2>]
 */
#include "chap.h"

#define HAVE_A		0x01
#define HAVE_I		0x02
#define HAVE_C		0x04
#define HAVE_ALL	(HAVE_A | HAVE_I | HAVE_C)

/* Our preference: SHA-256 first, MD5 last for old targets. */
static const u8 default_algs[] = {
	ISC_CHAP_SHA256, ISC_CHAP_SHA3_256, ISC_CHAP_SHA1, ISC_CHAP_MD5,
};

/**
 * isc_chap_digest_len() - response length of a CHAP algorithm
 * @alg: CHAP_A value
 *
 * Return: bytes, or 0 for an algorithm we do not implement.
 */
unsigned int isc_chap_digest_len(enum isc_chap_alg alg)
{
	switch (alg) {
	case ISC_CHAP_MD5:
		return 16;
	case ISC_CHAP_SHA1:
		return 20;
	case ISC_CHAP_SHA256:
	case ISC_CHAP_SHA3_256:
		return 32;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(isc_chap_digest_len);

/**
 * isc_chap_init() - prepare a one-way exchange
 * @c: state
 * @ops: hash backend
 * @name: our CHAP_N (the initiator name, usually)
 * @secret: our secret
 * @secret_len: its length, 1..ISC_CHAP_SECRET_MAX
 * @enc: how we encode binary values (RFC 7143 §6.1 allows both)
 *
 * Return: 0 or -EINVAL.
 */
int isc_chap_init(struct isc_chap *c, const struct isc_chap_hash_ops *ops,
		  const char *name, const u8 *secret, size_t secret_len,
		  enum isc_bin_enc enc)
{
	memset(c, 0, sizeof(*c));
	if (!secret_len || secret_len > ISC_CHAP_SECRET_MAX ||
	    strscpy(c->name, name, sizeof(c->name)) <= 0)
		return -EINVAL;
	c->ops = ops;
	c->enc = enc;
	memcpy(c->secret, secret, secret_len);
	c->secret_len = secret_len;
	c->state = ISC_CHAP_START;
	return 0;
}
EXPORT_SYMBOL_GPL(isc_chap_init);

/**
 * isc_chap_set_mutual() - also authenticate the target
 * @c: state
 * @peer_name: the CHAP_N the target must present
 * @peer_secret: the target's secret
 * @peer_secret_len: its length
 * @our_id: our CHAP_I
 * @our_chal: our challenge, random bytes chosen by the caller
 * @our_chal_len: its length, 1..ISC_CHAP_CHALLENGE_MAX
 *
 * RFC 7143 §12.1.3: the two secrets SHOULD differ; equal secrets make a
 * reflection attack possible, so they are refused outright.
 *
 * Return: 0 or -EINVAL.
 */
int isc_chap_set_mutual(struct isc_chap *c, const char *peer_name,
			const u8 *peer_secret, size_t peer_secret_len,
			u8 our_id, const u8 *our_chal, size_t our_chal_len)
{
	if (!peer_secret_len || peer_secret_len > ISC_CHAP_SECRET_MAX ||
	    !our_chal_len || our_chal_len > ISC_CHAP_CHALLENGE_MAX ||
	    strscpy(c->peer_name, peer_name, sizeof(c->peer_name)) <= 0)
		return -EINVAL;
	if (peer_secret_len == c->secret_len &&
	    !crypto_memneq(peer_secret, c->secret, peer_secret_len))
		return -EINVAL;
	memcpy(c->peer_secret, peer_secret, peer_secret_len);
	c->peer_secret_len = peer_secret_len;
	c->our_id = our_id;
	memcpy(c->our_chal, our_chal, our_chal_len);
	c->our_chal_len = our_chal_len;
	c->mutual = true;
	return 0;
}
EXPORT_SYMBOL_GPL(isc_chap_set_mutual);

/**
 * isc_chap_use_md5_only() - next CHAP_A offer is "5" alone
 * @c: state
 *
 * For targets that reject the whole list when they do not know one of
 * its values, instead of picking the one they know.
 */
void isc_chap_use_md5_only(struct isc_chap *c)
{
	c->md5_only = true;
	c->state = ISC_CHAP_START;
	c->have = 0;
}
EXPORT_SYMBOL_GPL(isc_chap_use_md5_only);

/**
 * isc_chap_build_algs() - append our CHAP_A proposal
 * @c: state
 * @buf: data segment being built
 * @cap: its size
 * @off: in/out: bytes used
 *
 * Return: 0, -ENOSPC, or -EINVAL in the wrong state.
 */
int isc_chap_build_algs(struct isc_chap *c, char *buf, size_t cap,
			size_t *off)
{
	char list[sizeof(default_algs) * 2];
	size_t i, n = 0;
	int ret;

	if (c->state != ISC_CHAP_START)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(default_algs); i++) {
		if (c->md5_only && default_algs[i] != ISC_CHAP_MD5)
			continue;
		if (n)
			list[n++] = ',';
		list[n++] = '0' + default_algs[i];
	}
	list[n] = '\0';
	ret = isc_text_put(buf, cap, off, "CHAP_A", list);
	if (!ret)
		c->state = ISC_CHAP_ALGS_SENT;
	return ret;
}
EXPORT_SYMBOL_GPL(isc_chap_build_algs);

static bool alg_offered(const struct isc_chap *c, u64 alg)
{
	size_t i;

	if (c->md5_only)
		return alg == ISC_CHAP_MD5;
	for (i = 0; i < ARRAY_SIZE(default_algs); i++)
		if (default_algs[i] == alg)
			return true;
	return false;
}

static int chap_hash(const struct isc_chap *c, u8 id, const u8 *secret,
		     size_t secret_len, const u8 *chal, size_t chal_len,
		     u8 *out)
{
	const u8 *bufs[] = { &id, secret, chal };
	const size_t lens[] = { 1, secret_len, chal_len };

	return c->ops->digest(c->ops->priv, c->alg, bufs, lens,
			      ARRAY_SIZE(bufs), out);
}

static enum isc_text_err fail(struct isc_chap *c)
{
	c->state = ISC_CHAP_FAILED;
	memzero_explicit(c->secret, sizeof(c->secret));
	memzero_explicit(c->peer_secret, sizeof(c->peer_secret));
	return ISC_TEXT_ERR_AUTH;
}

/* The target's challenge, in the security stage. */
static enum isc_text_err rx_challenge(struct isc_chap *c, enum isc_key key,
				      const char *val)
{
	size_t len;
	u64 v;

	switch (key) {
	case ISC_KEY_CHAP_A:
		if (isc_text_parse_num(val, &v) || !alg_offered(c, v))
			return fail(c);
		c->alg = v;
		c->have |= HAVE_A;
		break;
	case ISC_KEY_CHAP_I:
		if (isc_text_parse_num(val, &v) || v > ISC_CHAP_ID_MAX)
			return fail(c);
		c->id = v;
		c->have |= HAVE_I;
		break;
	case ISC_KEY_CHAP_C:
		if (isc_text_decode_binary(val, c->chal, sizeof(c->chal), &len))
			return fail(c);
		c->chal_len = len;
		/* RFC 7143 §12.1.3: refuse our own challenge reflected. */
		if (c->mutual && len == c->our_chal_len &&
		    !crypto_memneq(c->chal, c->our_chal, len))
			return fail(c);
		c->have |= HAVE_C;
		break;
	default:
		return fail(c);
	}
	if (c->have == HAVE_ALL)
		c->state = ISC_CHAP_CHALLENGED;
	return ISC_TEXT_OK;
}

/* The target's answer to our challenge (mutual CHAP). */
static enum isc_text_err rx_peer_reply(struct isc_chap *c, enum isc_key key,
				       const char *val)
{
	u8 got[ISC_CHAP_DIGEST_MAX], want[ISC_CHAP_DIGEST_MAX];
	unsigned int dlen = isc_chap_digest_len(c->alg);
	size_t len;
	bool match;

	if (key == ISC_KEY_CHAP_N)
		return strcmp(val, c->peer_name) ? fail(c) : ISC_TEXT_OK;
	if (key != ISC_KEY_CHAP_R)
		return fail(c);
	if (isc_text_decode_binary(val, got, sizeof(got), &len) ||
	    len != dlen ||
	    chap_hash(c, c->our_id, c->peer_secret, c->peer_secret_len,
		      c->our_chal, c->our_chal_len, want))
		return fail(c);
	match = !crypto_memneq(got, want, dlen);
	memzero_explicit(want, sizeof(want));
	memzero_explicit(c->peer_secret, sizeof(c->peer_secret));
	if (!match)
		return fail(c);
	c->state = ISC_CHAP_DONE;
	return ISC_TEXT_OK;
}

/**
 * isc_chap_rx() - a CHAP_* key from the target (an isc_auth_pair_fn)
 * @chap: a struct isc_chap
 * @key: which CHAP key
 * @val: its value
 *
 * Return: ISC_TEXT_OK, or ISC_TEXT_ERR_AUTH after which the exchange
 * is failed and the secrets are wiped.
 */
enum isc_text_err isc_chap_rx(void *chap, enum isc_key key, const char *val)
{
	struct isc_chap *c = chap;

	switch (c->state) {
	case ISC_CHAP_ALGS_SENT:
		return rx_challenge(c, key, val);
	case ISC_CHAP_AWAIT_PEER:
		return rx_peer_reply(c, key, val);
	}
	return fail(c);
}
EXPORT_SYMBOL_GPL(isc_chap_rx);

/* Encode straight into the data segment: no 2 KiB bounce buffer. */
static int put_binary(struct isc_chap *c, char *buf, size_t cap,
		      size_t *off, const char *key, const u8 *bin, size_t len)
{
	size_t klen = strlen(key);
	int ret;

	if (*off > cap || cap - *off < klen + 2)
		return -ENOSPC;
	memcpy(buf + *off, key, klen);
	buf[*off + klen] = '=';
	ret = isc_text_encode_binary(bin, len, c->enc, buf + *off + klen + 1,
				     cap - *off - klen - 1);
	if (ret < 0)
		return ret;
	*off += klen + 1 + ret + 1;
	return 0;
}

/**
 * isc_chap_build_response() - append CHAP_N/CHAP_R (and our challenge)
 * @c: state, in ISC_CHAP_CHALLENGED
 * @buf: data segment being built
 * @cap: its size
 * @off: in/out: bytes used; unchanged on error
 *
 * Our secret is wiped once the response is computed: it is not needed
 * again in this exchange.
 *
 * Return: 0, -EINVAL in the wrong state, -ENOSPC, or the hash's error.
 */
int isc_chap_build_response(struct isc_chap *c, char *buf, size_t cap,
			    size_t *off)
{
	u8 rsp[ISC_CHAP_DIGEST_MAX];
	size_t start = *off;
	int ret;

	if (c->state != ISC_CHAP_CHALLENGED)
		return -EINVAL;
	ret = chap_hash(c, c->id, c->secret, c->secret_len, c->chal,
			c->chal_len, rsp);
	memzero_explicit(c->secret, sizeof(c->secret));
	if (ret)
		goto err;
	ret = isc_text_put(buf, cap, off, "CHAP_N", c->name);
	if (!ret)
		ret = put_binary(c, buf, cap, off, "CHAP_R", rsp,
				 isc_chap_digest_len(c->alg));
	memzero_explicit(rsp, sizeof(rsp));
	if (!ret && c->mutual)
		ret = isc_text_put_num(buf, cap, off, "CHAP_I", c->our_id);
	if (!ret && c->mutual)
		ret = put_binary(c, buf, cap, off, "CHAP_C", c->our_chal,
				 c->our_chal_len);
	if (ret)
		goto err;
	c->state = c->mutual ? ISC_CHAP_AWAIT_PEER : ISC_CHAP_DONE;
	return 0;
err:
	*off = start;
	fail(c);
	return ret;
}
EXPORT_SYMBOL_GPL(isc_chap_build_response);

/**
 * isc_chap_done() - may the login leave the security stage
 * @c: state
 *
 * Return: true once our response is sent (one-way) or the target's
 * response is verified (mutual).
 */
bool isc_chap_done(const struct isc_chap *c)
{
	return c->state == ISC_CHAP_DONE;
}
EXPORT_SYMBOL_GPL(isc_chap_done);

/**
 * isc_chap_destroy() - wipe all state, secrets included
 * @c: state
 */
void isc_chap_destroy(struct isc_chap *c)
{
	memzero_explicit(c, sizeof(*c));
}
EXPORT_SYMBOL_GPL(isc_chap_destroy);
