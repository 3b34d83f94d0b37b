/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CHAP for iSCSI login (RFC 1994 as profiled by RFC 7143
 * §12.1.3), one-way and mutual, MD5/SHA-1/SHA-256/SHA3-256.
 *
 * The protocol logic is here; the hash is reached through a small ops
 * table: crypto_shash in the kernel (chap_kcrypto.c), OpenSSL EVP in the
 * userspace tests (tests/unit/chap_openssl.c).
 */
#ifndef KISCSI_PROTO_CHAP_H
#define KISCSI_PROTO_CHAP_H

#include "compat.h"
#include "text.h"

/* RFC 7143 §12.1.3 and the IANA "CHAP_A" registry (RFC 7143 §13.x). */
enum isc_chap_alg {
	ISC_CHAP_MD5 = 5,
	ISC_CHAP_SHA1 = 6,
	ISC_CHAP_SHA256 = 7,
	ISC_CHAP_SHA3_256 = 8,
};

#define ISC_CHAP_DIGEST_MAX	32U
#define ISC_CHAP_SECRET_MAX	256U
#define ISC_CHAP_CHALLENGE_MAX	ISC_BINARY_MAX
#define ISC_CHAP_NAME_MAX	ISC_VALUE_MAX
#define ISC_CHAP_ID_MAX		255U

/**
 * struct isc_chap_hash_ops - the hash backend
 * @digest: hash the concatenation of @n buffers with @alg into @out
 *	    (isc_chap_digest_len() bytes); 0 or a negative errno
 * @priv: backend state
 */
struct isc_chap_hash_ops {
	int (*digest)(void *priv, enum isc_chap_alg alg,
		      const u8 *const *bufs, const size_t *lens,
		      unsigned int n, u8 *out);
	void *priv;
};

/**
 * enum isc_chap_state - where the exchange stands
 * @ISC_CHAP_START: nothing sent yet
 * @ISC_CHAP_ALGS_SENT: CHAP_A offered
 * @ISC_CHAP_CHALLENGED: CHAP_A/I/C received, response can be built
 * @ISC_CHAP_AWAIT_PEER: mutual: our challenge sent, target's reply due
 * @ISC_CHAP_DONE: one-way response sent, or mutual reply verified
 * @ISC_CHAP_FAILED: any error; the login must fail
 */
enum isc_chap_state {
	ISC_CHAP_START,
	ISC_CHAP_ALGS_SENT,
	ISC_CHAP_CHALLENGED,
	ISC_CHAP_AWAIT_PEER,
	ISC_CHAP_DONE,
	ISC_CHAP_FAILED,
};

/**
 * struct isc_chap - one CHAP exchange; zeroed by isc_chap_destroy()
 * @ops: hash backend
 * @state: enum isc_chap_state
 * @enc: encoding of the binary values we send
 * @md5_only: propose CHAP_A=5 only (a target refused our list)
 * @mutual: we authenticate the target too
 * @alg: algorithm the target chose
 * @id: target's CHAP_I
 * @have: bitmap of CHAP_A/I/C received
 * @secret_len: length of @secret
 * @peer_secret_len: length of @peer_secret
 * @chal_len: length of @chal
 * @our_id: our CHAP_I (mutual)
 * @our_chal_len: length of @our_chal
 * @name: our CHAP_N
 * @peer_name: expected target CHAP_N (mutual)
 * @secret: our secret
 * @peer_secret: the target's secret (mutual)
 * @chal: target's challenge
 * @our_chal: our challenge (mutual), random bytes from the caller
 */
struct isc_chap {
	const struct isc_chap_hash_ops *ops;
	u8 state;
	u8 enc;
	bool md5_only;
	bool mutual;
	u8 alg;
	u8 id;
	u8 have;
	u16 secret_len;
	u16 peer_secret_len;
	u16 chal_len;
	u8 our_id;
	u16 our_chal_len;
	char name[ISC_CHAP_NAME_MAX + 1];
	char peer_name[ISC_CHAP_NAME_MAX + 1];
	u8 secret[ISC_CHAP_SECRET_MAX];
	u8 peer_secret[ISC_CHAP_SECRET_MAX];
	u8 chal[ISC_CHAP_CHALLENGE_MAX];
	u8 our_chal[ISC_CHAP_CHALLENGE_MAX];
};

unsigned int isc_chap_digest_len(enum isc_chap_alg alg);
int isc_chap_init(struct isc_chap *c, const struct isc_chap_hash_ops *ops,
		  const char *name, const u8 *secret, size_t secret_len,
		  enum isc_bin_enc enc);
int isc_chap_set_mutual(struct isc_chap *c, const char *peer_name,
			const u8 *peer_secret, size_t peer_secret_len,
			u8 our_id, const u8 *our_chal, size_t our_chal_len);
void isc_chap_use_md5_only(struct isc_chap *c);
int isc_chap_build_algs(struct isc_chap *c, char *buf, size_t cap,
			size_t *off);
enum isc_text_err isc_chap_rx(void *chap, enum isc_key key, const char *val);
int isc_chap_build_response(struct isc_chap *c, char *buf, size_t cap,
			    size_t *off);
bool isc_chap_done(const struct isc_chap *c);
void isc_chap_destroy(struct isc_chap *c);

#ifdef __KERNEL__
extern const struct isc_chap_hash_ops isc_chap_kcrypto_ops;
#endif

#endif /* KISCSI_PROTO_CHAP_H */
