// SPDX-License-Identifier: GPL-2.0
/*
 * The CHAP hash backend on the kernel crypto API.
 *
 * A transform is allocated per digest: CHAP runs a handful of times per
 * login, so caching would only keep state alive for no gain.
 */
#include <crypto/hash.h>
#include "chap.h"

static const char *alg_name(enum isc_chap_alg alg)
{
	switch (alg) {
	case ISC_CHAP_MD5:
		return "md5";
	case ISC_CHAP_SHA1:
		return "sha1";
	case ISC_CHAP_SHA256:
		return "sha256";
	case ISC_CHAP_SHA3_256:
		return "sha3-256";
	}
	return NULL;
}

static int kcrypto_digest(void *priv, enum isc_chap_alg alg,
			  const u8 *const *bufs, const size_t *lens,
			  unsigned int n, u8 *out)
{
	const char *name = alg_name(alg);
	struct crypto_shash *tfm;
	unsigned int i;
	int ret;

	if (!name)
		return -EINVAL;
	tfm = crypto_alloc_shash(name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	if (crypto_shash_digestsize(tfm) != isc_chap_digest_len(alg)) {
		ret = -EINVAL;
		goto free_tfm;
	}
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc);
		for (i = 0; !ret && i < n; i++)
			ret = crypto_shash_update(desc, bufs[i], lens[i]);
		if (!ret)
			ret = crypto_shash_final(desc, out);
		shash_desc_zero(desc);
	}
free_tfm:
	crypto_free_shash(tfm);
	return ret;
}

const struct isc_chap_hash_ops isc_chap_kcrypto_ops = {
	.digest = kcrypto_digest,
};
EXPORT_SYMBOL_GPL(isc_chap_kcrypto_ops);
