// SPDX-License-Identifier: GPL-2.0
/*
 * chap_openssl.c - the CHAP hash backend for userspace tests: OpenSSL
 * EVP, standing in for the kernel's crypto_shash (chap_kcrypto.c).
 */
#include <openssl/evp.h>
#include "chap.h"
#include "chap_openssl.h"

static const char *alg_name(enum isc_chap_alg alg)
{
	switch (alg) {
	case ISC_CHAP_MD5:
		return "MD5";
	case ISC_CHAP_SHA1:
		return "SHA1";
	case ISC_CHAP_SHA256:
		return "SHA256";
	case ISC_CHAP_SHA3_256:
		return "SHA3-256";
	}
	return NULL;
}

static int evp_digest(void *priv, enum isc_chap_alg alg,
		      const u8 *const *bufs, const size_t *lens,
		      unsigned int n, u8 *out)
{
	const char *name = alg_name(alg);
	const EVP_MD *md = name ? EVP_get_digestbyname(name) : NULL;
	EVP_MD_CTX *ctx;
	unsigned int i, len = 0;
	int ok;

	(void)priv;
	if (!md || (unsigned int)EVP_MD_get_size(md) != isc_chap_digest_len(alg))
		return -EINVAL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, bufs[i], lens[i]);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

const struct isc_chap_hash_ops isc_chap_openssl_ops = {
	.digest = evp_digest,
};
