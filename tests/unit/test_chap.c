// SPDX-License-Identifier: GPL-2.0
/*
 * test_chap.c - CHAP responses checked against digests computed at test
 * time by the openssl command-line tool, for all four CHAP_A algorithms,
 * one-way and mutual, hex and base64.
 */
#include <stdio.h>
#include <unistd.h>
#include "tap.h"
#include "chap.h"
#include "chap_openssl.h"

static const char *cli_name(enum isc_chap_alg alg)
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
	return "none";
}

static bool have_openssl(void)
{
	return system("openssl version >/dev/null 2>&1") == 0;
}

/* H(id || secret || challenge), computed by `openssl dgst`. */
static bool openssl_chap(enum isc_chap_alg alg, u8 id, const u8 *secret,
			 size_t slen, const u8 *chal, size_t clen, u8 *out)
{
	char path[] = "/tmp/kiscsi-chap-XXXXXX", cmd[128], line[256];
	unsigned int i, dlen = isc_chap_digest_len(alg);
	FILE *f;
	int fd = mkstemp(path);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, &id, 1) == 1 &&
	     write(fd, secret, slen) == (ssize_t)slen &&
	     write(fd, chal, clen) == (ssize_t)clen;
	close(fd);
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -r %s", cli_name(alg),
		 path);
	f = ok ? popen(cmd, "r") : NULL;
	ok = f && fgets(line, sizeof(line), f);
	if (f)
		pclose(f);
	unlink(path);
	for (i = 0; ok && i < dlen; i++) {
		unsigned int byte;

		ok = sscanf(line + 2 * i, "%2x", &byte) == 1;
		out[i] = byte;
	}
	return ok;
}

static const char *find(const char *buf, size_t len, const char *key)
{
	size_t off = 0, klen = strlen(key);

	while (off < len) {
		if (!strncmp(buf + off, key, klen) && buf[off + klen] == '=')
			return buf + off + klen + 1;
		off += strlen(buf + off) + 1;
	}
	return NULL;
}

static const u8 secret[] = "initiator-secret-12";
static const u8 peer_secret[] = "target-secret-3456";

static bool exchange(enum isc_chap_alg alg, bool mutual, enum isc_bin_enc enc)
{
	struct isc_chap c;
	u8 tchal[24], ichal[20], want[ISC_CHAP_DIGEST_MAX];
	u8 got[ISC_CHAP_DIGEST_MAX];
	char buf[1024], val[ISC_LARGE_VALUE_MAX + 1], num[8];
	unsigned int i, dlen = isc_chap_digest_len(alg);
	size_t off = 0, len = 0;
	const char *v;
	bool ok = true;

	for (i = 0; i < sizeof(tchal); i++)
		tchal[i] = (u8)(i * 11 + alg);
	for (i = 0; i < sizeof(ichal); i++)
		ichal[i] = (u8)(0xf0 - i * 5);
	EXPECT(!isc_chap_init(&c, &isc_chap_openssl_ops, "iqn.2024-01.org.x:i",
			      secret, sizeof(secret) - 1, enc));
	if (mutual)
		EXPECT(!isc_chap_set_mutual(&c, "iqn.2024-01.org.x:t",
					    peer_secret,
					    sizeof(peer_secret) - 1, 0x5a,
					    ichal, sizeof(ichal)));
	EXPECT(!isc_chap_build_algs(&c, buf, sizeof(buf), &off));
	EXPECT(!strcmp(buf, "CHAP_A=7,8,6,5"));

	snprintf(num, sizeof(num), "%d", alg);
	EXPECT(!isc_chap_rx(&c, ISC_KEY_CHAP_A, num));
	EXPECT(!isc_chap_rx(&c, ISC_KEY_CHAP_I, "171"));
	isc_text_encode_binary(tchal, sizeof(tchal), enc, val, sizeof(val));
	EXPECT(!isc_chap_rx(&c, ISC_KEY_CHAP_C, val));

	off = 0;
	EXPECT(!isc_chap_build_response(&c, buf, sizeof(buf), &off));
	EXPECT(!c.secret[0]);	/* wiped once used */
	v = find(buf, off, "CHAP_N");
	EXPECT(v && !strcmp(v, "iqn.2024-01.org.x:i"));
	v = find(buf, off, "CHAP_R");
	EXPECT(v && v[1] == (enc == ISC_BIN_HEX ? 'x' : 'b'));
	EXPECT(v && !isc_text_decode_binary(v, got, sizeof(got), &len));
	EXPECT(len == dlen);
	EXPECT(openssl_chap(alg, 171, secret, sizeof(secret) - 1, tchal,
			    sizeof(tchal), want));
	EXPECT(!memcmp(got, want, dlen));
	if (!mutual) {
		EXPECT(isc_chap_done(&c) && !find(buf, off, "CHAP_C"));
		isc_chap_destroy(&c);
		return ok;
	}
	EXPECT(!isc_chap_done(&c));
	v = find(buf, off, "CHAP_I");
	EXPECT(v && !strcmp(v, "90"));
	v = find(buf, off, "CHAP_C");
	EXPECT(v && !isc_text_decode_binary(v, got, sizeof(got), &len) &&
	       len == sizeof(ichal) && !memcmp(got, ichal, len));
	/* the target answers our challenge; a wrong answer fails */
	EXPECT(openssl_chap(alg, 0x5a, peer_secret, sizeof(peer_secret) - 1,
			    ichal, sizeof(ichal), want));
	isc_text_encode_binary(want, dlen, enc, val, sizeof(val));
	EXPECT(!isc_chap_rx(&c, ISC_KEY_CHAP_N, "iqn.2024-01.org.x:t"));
	EXPECT(!isc_chap_rx(&c, ISC_KEY_CHAP_R, val));
	EXPECT(isc_chap_done(&c) && !c.peer_secret[0]);
	isc_chap_destroy(&c);
	return ok;
}

static bool wrong_target_response(void)
{
	struct isc_chap c;
	u8 ichal[16] = { 1, 2, 3 };
	char buf[1024];
	size_t off = 0;
	bool ok = true;

	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	isc_chap_set_mutual(&c, "t", peer_secret, 5, 1, ichal, sizeof(ichal));
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	isc_chap_rx(&c, ISC_KEY_CHAP_A, "5");
	isc_chap_rx(&c, ISC_KEY_CHAP_I, "0");
	isc_chap_rx(&c, ISC_KEY_CHAP_C, "0x0102");
	EXPECT(!isc_chap_build_response(&c, buf, sizeof(buf), &off));
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_N, "other") == ISC_TEXT_ERR_AUTH);
	EXPECT(c.state == ISC_CHAP_FAILED && !c.peer_secret[0]);
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	isc_chap_set_mutual(&c, "t", peer_secret, 5, 1, ichal, sizeof(ichal));
	off = 0;
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	isc_chap_rx(&c, ISC_KEY_CHAP_A, "5");
	isc_chap_rx(&c, ISC_KEY_CHAP_I, "0");
	isc_chap_rx(&c, ISC_KEY_CHAP_C, "0x0102");
	isc_chap_build_response(&c, buf, sizeof(buf), &off);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_R,
			   "0x00000000000000000000000000000000") ==
	       ISC_TEXT_ERR_AUTH);
	EXPECT(!isc_chap_done(&c));
	return ok;
}

static bool refusals(void)
{
	struct isc_chap c;
	u8 ichal[4] = { 0xde, 0xad, 0xbe, 0xef };
	char buf[256];
	size_t off = 0;
	bool ok = true;

	/* our own challenge reflected back is refused */
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	EXPECT(!isc_chap_set_mutual(&c, "t", peer_secret, 5, 1, ichal, 4));
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_C, "0xdeadbeef") ==
	       ISC_TEXT_ERR_AUTH);
	EXPECT(c.state == ISC_CHAP_FAILED && !c.secret[0]);
	/* same secret both ways is refused */
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	EXPECT(isc_chap_set_mutual(&c, "t", secret, 4, 1, ichal, 4) ==
	       -EINVAL);
	/* an algorithm we did not offer, a bad id, a bad challenge */
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	off = 0;
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_A, "9") == ISC_TEXT_ERR_AUTH);
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	off = 0;
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_I, "256") == ISC_TEXT_ERR_AUTH);
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	off = 0;
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_C, "0xqq") == ISC_TEXT_ERR_AUTH);
	/* no response before the challenge is complete */
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	off = 0;
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	isc_chap_rx(&c, ISC_KEY_CHAP_A, "7");
	EXPECT(isc_chap_build_response(&c, buf, sizeof(buf), &off) == -EINVAL);
	/* keys out of order */
	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_A, "5") == ISC_TEXT_ERR_AUTH);
	EXPECT(isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 0,
			     ISC_BIN_HEX) == -EINVAL);
	return ok;
}

static bool md5_only(void)
{
	struct isc_chap c;
	char buf[64];
	size_t off = 0;
	bool ok = true;

	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 4, ISC_BIN_HEX);
	isc_chap_build_algs(&c, buf, sizeof(buf), &off);
	/* the target rejected the list: retry with MD5 alone */
	isc_chap_use_md5_only(&c);
	off = 0;
	EXPECT(!isc_chap_build_algs(&c, buf, sizeof(buf), &off));
	EXPECT(!strcmp(buf, "CHAP_A=5"));
	EXPECT(isc_chap_rx(&c, ISC_KEY_CHAP_A, "7") == ISC_TEXT_ERR_AUTH);
	return ok;
}

static bool destroy_wipes(void)
{
	static const u8 zero[sizeof(struct isc_chap)];
	struct isc_chap c;
	bool ok = true;

	isc_chap_init(&c, &isc_chap_openssl_ops, "i", secret, 8, ISC_BIN_HEX);
	isc_chap_destroy(&c);
	EXPECT(!memcmp(&c, zero, sizeof(c)));
	EXPECT(isc_chap_digest_len(ISC_CHAP_MD5) == 16 &&
	       isc_chap_digest_len(ISC_CHAP_SHA1) == 20 &&
	       isc_chap_digest_len(9) == 0);
	return ok;
}

int main(void)
{
	static const enum isc_chap_alg algs[] = {
		ISC_CHAP_MD5, ISC_CHAP_SHA1, ISC_CHAP_SHA256, ISC_CHAP_SHA3_256,
	};
	static const char * const names[] = {
		[ISC_CHAP_MD5] = "MD5", [ISC_CHAP_SHA1] = "SHA-1",
		[ISC_CHAP_SHA256] = "SHA-256", [ISC_CHAP_SHA3_256] = "SHA3-256",
	};
	bool cli = have_openssl();
	unsigned int a;
	int m, e;

	for (a = 0; a < ARRAY_SIZE(algs); a++)
		for (m = 0; m < 2; m++)
			for (e = 0; e < 2; e++) {
				char name[96];

				snprintf(name, sizeof(name),
					 "CHAP %s %s %s vs openssl dgst",
					 names[algs[a]],
					 m ? "mutual" : "one-way",
					 e ? "base64" : "hex");
				if (!cli) {
					tap_skip("openssl CLI not found", name);
					continue;
				}
				tap_ok(exchange(algs[a], m, e ? ISC_BIN_BASE64 :
						ISC_BIN_HEX), "%s", name);
			}
	tap_ok(wrong_target_response(), "mutual CHAP: wrong name/response refused");
	tap_ok(refusals(), "CHAP: reflection, equal secrets, bad A/I/C refused");
	tap_ok(md5_only(), "CHAP_A MD5-only proposal after a reject");
	tap_ok(destroy_wipes(), "CHAP state wiped on destroy");
	return tap_done();
}
