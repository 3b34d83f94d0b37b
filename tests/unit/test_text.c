// SPDX-License-Identifier: GPL-2.0
/*
 * test_text.c - key=value codec, numbers, binary values, list items and
 * the Continue-PDU accumulator.
 */
#include "tap.h"
#include "text.h"

#define MAX_PAIRS	16

struct collected {
	int n;
	char key[MAX_PAIRS][ISC_KEY_NAME_MAX + 1];
	char val[MAX_PAIRS][ISC_LARGE_VALUE_MAX + 1];
};

static enum isc_text_err collect(void *arg, const char *key, const char *val)
{
	struct collected *c = arg;

	if (c->n == MAX_PAIRS)
		return ISC_TEXT_ERR_NOSPC;
	strcpy(c->key[c->n], key);
	strcpy(c->val[c->n], val);
	c->n++;
	return ISC_TEXT_OK;
}

static bool t_numbers(void)
{
	bool ok = true;
	u64 v = 0;

	EXPECT(!isc_text_parse_num("0", &v) && v == 0);
	EXPECT(!isc_text_parse_num("8192", &v) && v == 8192);
	EXPECT(!isc_text_parse_num("0x2000", &v) && v == 8192);
	EXPECT(!isc_text_parse_num("0X00ff", &v) && v == 255);
	EXPECT(!isc_text_parse_num("18446744073709551615", &v) &&
	       v == U64_MAX);
	EXPECT(!isc_text_parse_num("0xffffffffffffffff", &v) && v == U64_MAX);
	EXPECT(!isc_text_parse_num("0x0000000000000000000001", &v) && v == 1);
	return ok;
}

static bool t_numbers_bad(void)
{
	static const char * const bad[] = {
		"", "012", "-1", "+1", "1a", "12 ", " 12", "0x", "0xg",
		"18446744073709551616", "0x10000000000000000", "1.5", "0b01",
	};
	bool ok = true;
	unsigned int i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		bool refused = isc_text_parse_num(bad[i], &v) ==
			       ISC_TEXT_ERR_NUMBER;

		if (!refused)
			tap_diag("accepted \"%s\"", bad[i]);
		ok &= refused;
	}
	return ok;
}

static bool t_bool_range(void)
{
	bool ok = true, b = false;
	u64 lo, hi;

	EXPECT(!isc_text_parse_bool("Yes", &b) && b);
	EXPECT(!isc_text_parse_bool("No", &b) && !b);
	EXPECT(isc_text_parse_bool("yes", &b) == ISC_TEXT_ERR_BOOL);
	EXPECT(isc_text_parse_bool("", &b) == ISC_TEXT_ERR_BOOL);
	EXPECT(!isc_text_parse_range("512~1024", &lo, &hi) && lo == 512 &&
	       hi == 1024);
	EXPECT(!isc_text_parse_range("0x10~0x10", &lo, &hi) && lo == hi);
	EXPECT(isc_text_parse_range("10~9", &lo, &hi) == ISC_TEXT_ERR_RANGE);
	EXPECT(isc_text_parse_range("10", &lo, &hi) == ISC_TEXT_ERR_NUMBER);
	EXPECT(isc_text_parse_range("~9", &lo, &hi) == ISC_TEXT_ERR_NUMBER);
	EXPECT(isc_text_parse_range("1~", &lo, &hi) == ISC_TEXT_ERR_NUMBER);
	return ok;
}

static bool t_binary(void)
{
	u8 out[ISC_BINARY_MAX], in[ISC_BINARY_MAX];
	char enc[ISC_LARGE_VALUE_MAX + 1];
	bool ok = true;
	size_t len = 0, n;

	EXPECT(!isc_text_decode_binary("0x0a0B", out, sizeof(out), &len));
	EXPECT(len == 2 && out[0] == 0x0a && out[1] == 0x0b);
	EXPECT(!isc_text_decode_binary("0xabc", out, sizeof(out), &len));
	EXPECT(len == 2 && out[0] == 0x0a && out[1] == 0xbc);
	/* RFC 4648 §10 test vectors */
	EXPECT(!isc_text_decode_binary("0bZm9vYmFy", out, sizeof(out), &len));
	EXPECT(len == 6 && !memcmp(out, "foobar", 6));
	EXPECT(!isc_text_decode_binary("0bZm8=", out, sizeof(out), &len));
	EXPECT(len == 2 && !memcmp(out, "fo", 2));
	EXPECT(!isc_text_decode_binary("0BZg==", out, sizeof(out), &len));
	EXPECT(len == 1 && out[0] == 'f');
	EXPECT(!isc_text_decode_binary("0bZg", out, sizeof(out), &len));
	EXPECT(len == 1);
	EXPECT(isc_text_encode_binary((const u8 *)"foob", 4, ISC_BIN_BASE64,
				      enc, sizeof(enc)) == 10);
	EXPECT(!strcmp(enc, "0bZm9vYg=="));
	EXPECT(isc_text_encode_binary((const u8 *)"\x01\xfe", 2, ISC_BIN_HEX,
				      enc, sizeof(enc)) == 6);
	EXPECT(!strcmp(enc, "0x01fe"));
	EXPECT(isc_text_encode_binary(in, 2, ISC_BIN_HEX, enc, 6) == -ENOSPC);
	EXPECT(isc_text_encode_binary(in, 0, ISC_BIN_HEX, enc, 6) == -EINVAL);
	/* round trip every length 1..64 in both encodings */
	for (n = 1; n <= 64; n++) {
		size_t i;

		for (i = 0; i < n; i++)
			in[i] = (u8)(i * 37 + n);
		isc_text_encode_binary(in, n, ISC_BIN_BASE64, enc, sizeof(enc));
		EXPECT(!isc_text_decode_binary(enc, out, sizeof(out), &len) &&
		       len == n && !memcmp(in, out, n));
		isc_text_encode_binary(in, n, ISC_BIN_HEX, enc, sizeof(enc));
		EXPECT(!isc_text_decode_binary(enc, out, sizeof(out), &len) &&
		       len == n && !memcmp(in, out, n));
	}
	/* the largest legal value: 1024 bytes, 2050 characters */
	memset(in, 0xa5, sizeof(in));
	EXPECT(isc_text_encode_binary(in, ISC_BINARY_MAX, ISC_BIN_HEX, enc,
				      sizeof(enc)) == ISC_LARGE_VALUE_MAX);
	EXPECT(!isc_text_decode_binary(enc, out, sizeof(out), &len) &&
	       len == ISC_BINARY_MAX);
	return ok;
}

static bool t_binary_bad(void)
{
	static const char * const bad[] = {
		"0x", "0xzz", "0b", "0b=", "0bZ", "0bZm9=", "0bZg===",
		"0bZ=g=", "0bZh==", "12", "0b!!!!", "0bZm9vYmFy=",
	};
	u8 out[4];
	bool ok = true;
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u8 big[64];
		bool refused = isc_text_decode_binary(bad[i], big, sizeof(big),
						      &len) ==
			       ISC_TEXT_ERR_BINARY;

		if (!refused)
			tap_diag("accepted \"%s\"", bad[i]);
		ok &= refused;
	}
	/* too long for the buffer */
	EXPECT(isc_text_decode_binary("0x0102030405", out, sizeof(out), &len) ==
	       ISC_TEXT_ERR_BINARY);
	EXPECT(isc_text_decode_binary("0bAAAAAAAA", out, sizeof(out), &len) ==
	       ISC_TEXT_ERR_BINARY);
	return ok;
}

static bool t_list(void)
{
	const char *cur = "CRC32C,None";
	char tok[8];
	bool ok = true;

	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == 1 &&
	       !strcmp(tok, "CRC32C"));
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == 1 &&
	       !strcmp(tok, "None"));
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == 0);
	cur = "a,,b";
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == 1);
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == -EINVAL);
	cur = "a,";
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == -EINVAL);
	cur = "toolongtoken";
	EXPECT(isc_text_list_next(&cur, tok, sizeof(tok)) == -EINVAL);
	return ok;
}

static bool t_put(void)
{
	char buf[64];
	size_t off = 0;
	bool ok = true;

	EXPECT(!isc_text_put(buf, sizeof(buf), &off, "HeaderDigest", "None"));
	EXPECT(!isc_text_put_num(buf, sizeof(buf), &off, "MaxBurstLength",
				 262144));
	EXPECT(off == 18 + 22 &&
	       !memcmp(buf, "HeaderDigest=None\0MaxBurstLength=262144\0", off));
	EXPECT(isc_text_put(buf, sizeof(buf), &off, "ErrorRecoveryLevel",
			    "0123456") == -ENOSPC);
	EXPECT(off == 40);
	EXPECT(isc_text_put(buf, sizeof(buf), &off, "Bad Key", "1") == -EINVAL);
	EXPECT(isc_text_put(buf, sizeof(buf), &off, "", "1") == -EINVAL);
	off = 0;
	EXPECT(!isc_text_put_num(buf, sizeof(buf), &off, "X", 0) &&
	       !strcmp(buf, "X=0"));
	return ok;
}

static bool t_key_names(void)
{
	char longkey[ISC_KEY_NAME_MAX + 2];
	bool ok = true;

	memset(longkey, 'K', sizeof(longkey));
	EXPECT(!isc_text_check_key("X-com.example.opt_1+2@a", 23));
	EXPECT(isc_text_check_key(longkey, ISC_KEY_NAME_MAX) == ISC_TEXT_OK);
	EXPECT(isc_text_check_key(longkey, ISC_KEY_NAME_MAX + 1) ==
	       ISC_TEXT_ERR_KEY_LEN);
	EXPECT(isc_text_check_key("a=b", 3) == ISC_TEXT_ERR_SYNTAX);
	EXPECT(isc_text_check_key("a b", 3) == ISC_TEXT_ERR_SYNTAX);
	EXPECT(isc_key_lookup("MaxBurstLength") == ISC_KEY_MAX_BURST);
	EXPECT(isc_key_lookup("maxburstlength") == ISC_KEY_NONE);
	EXPECT(isc_key_lookup("iSCSIProtocolLevel") == ISC_KEY_PROTOCOL_LEVEL);
	EXPECT(!isc_key_def(__ISC_KEY_LAST));
	return ok;
}

static bool t_key_table(void)
{
	bool ok = true;
	unsigned int k;

	for (k = 0; k < __ISC_KEY_LAST; k++) {
		const struct isc_key_def *d = isc_key_def(k);

		EXPECT(d && d->name && d->max_len);
		EXPECT(isc_key_lookup(d->name) == k);
		EXPECT(!isc_text_check_key(d->name, strlen(d->name)));
		if (d->type == ISC_KT_NUM && d->rule != ISC_KR_AUTH)
			EXPECT(d->min <= d->def && d->def <= d->max);
		if (d->type == ISC_KT_LIST && d->rule != ISC_KR_AUTH)
			EXPECT(d->def < d->nvalues);
	}
	return ok;
}

static const char stream[] =
	"HeaderDigest=None\0MaxBurstLength=0x40000\0TargetAlias=disk one\0";

static bool t_acc_split_everywhere(void)
{
	struct isc_text_acc acc;
	struct collected c;
	bool ok = true;
	size_t split, len = sizeof(stream) - 1;

	for (split = 0; split <= len; split++) {
		memset(&c, 0, sizeof(c));
		isc_text_acc_init(&acc, 0);
		EXPECT(!isc_text_acc_feed(&acc, (const u8 *)stream, split,
					  false, collect, &c));
		EXPECT(!isc_text_acc_feed(&acc, (const u8 *)stream + split,
					  len - split, true, collect, &c));
		EXPECT(c.n == 3);
		EXPECT(!strcmp(c.key[1], "MaxBurstLength") &&
		       !strcmp(c.val[1], "0x40000"));
		EXPECT(!strcmp(c.val[2], "disk one"));
	}
	return ok;
}

static bool t_acc_byte_at_a_time(void)
{
	struct isc_text_acc acc;
	struct collected c;
	bool ok = true;
	size_t i, len = sizeof(stream) - 1;

	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, 0);
	for (i = 0; i < len; i++)
		EXPECT(!isc_text_acc_feed(&acc, (const u8 *)stream + i, 1,
					  i == len - 1, collect, &c));
	EXPECT(c.n == 3 && !strcmp(c.val[0], "None"));
	/* empty strings between NULs are skipped; empty feeds are fine */
	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, 0);
	EXPECT(!isc_text_acc_feed(&acc, (const u8 *)"\0\0a=\0\0", 6, false,
				  collect, &c));
	EXPECT(!isc_text_acc_feed(&acc, NULL, 0, true, collect, &c));
	EXPECT(c.n == 1 && !strcmp(c.key[0], "a") && !c.val[0][0]);
	return ok;
}

static bool t_acc_long_values(void)
{
	static char buf[ISC_PAIR_MAX + 64];
	struct isc_text_acc acc;
	struct collected c;
	bool ok = true;
	size_t n;

	/* a maximal CHAP_C value passes, split in three */
	n = sprintf(buf, "CHAP_C=0x");
	memset(buf + n, 'a', ISC_LARGE_VALUE_MAX - 2);
	n += ISC_LARGE_VALUE_MAX - 2;
	buf[n++] = '\0';
	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, 0);
	EXPECT(!isc_text_acc_feed(&acc, (u8 *)buf, 100, false, collect, &c));
	EXPECT(!isc_text_acc_feed(&acc, (u8 *)buf + 100, 1000, false, collect,
				  &c));
	EXPECT(!isc_text_acc_feed(&acc, (u8 *)buf + 1100, n - 1100, true,
				  collect, &c));
	EXPECT(c.n == 1 && strlen(c.val[0]) == ISC_LARGE_VALUE_MAX);
	/* one more character is refused before it is buffered */
	n = sprintf(buf, "CHAP_C=0x");
	memset(buf + n, 'a', ISC_LARGE_VALUE_MAX);
	n += ISC_LARGE_VALUE_MAX;
	buf[n++] = '\0';
	isc_text_acc_init(&acc, 0);
	EXPECT(isc_text_acc_feed(&acc, (u8 *)buf, n, true, collect, &c) ==
	       ISC_TEXT_ERR_VALUE_LEN);
	/* an ordinary key is limited to 255 bytes */
	n = sprintf(buf, "TargetAlias=");
	memset(buf + n, 'b', ISC_VALUE_MAX);
	n += ISC_VALUE_MAX;
	buf[n++] = '\0';
	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, 0);
	EXPECT(!isc_text_acc_feed(&acc, (u8 *)buf, n, true, collect, &c));
	buf[n - 1] = 'b';
	buf[n++] = '\0';
	isc_text_acc_init(&acc, 0);
	EXPECT(isc_text_acc_feed(&acc, (u8 *)buf, n, true, collect, &c) ==
	       ISC_TEXT_ERR_VALUE_LEN);
	/* a NUL-less flood is cut at one pair's worth */
	memset(buf, 'k', sizeof(buf));
	isc_text_acc_init(&acc, 0);
	EXPECT(isc_text_acc_feed(&acc, (u8 *)buf, sizeof(buf), false, collect,
				  &c) == ISC_TEXT_ERR_KEY_LEN);
	return ok;
}

static bool t_acc_callback_error(void)
{
	struct isc_text_acc acc;
	struct collected c;
	bool ok = true;
	char many[MAX_PAIRS * 4 + 8];
	size_t i, n = 0;

	for (i = 0; i < MAX_PAIRS + 1; i++) {
		memcpy(many + n, "a=b", 4);
		n += 4;
	}
	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, 0);
	EXPECT(isc_text_acc_feed(&acc, (u8 *)many, n, true, collect, &c) ==
	       ISC_TEXT_ERR_NOSPC);
	return ok;
}

/* One test per enum isc_text_err value the codec itself raises; the
 * engine's errors are covered in test_negot.c.
 */
static enum isc_text_err feed_all(const char *s, size_t len, u32 limit)
{
	struct isc_text_acc acc;
	struct collected c;

	memset(&c, 0, sizeof(c));
	isc_text_acc_init(&acc, limit);
	return isc_text_acc_feed(&acc, (const u8 *)s, len, true, collect, &c);
}

static bool t_text_errors(void)
{
	char key[80];
	bool ok = true;
	u64 v, v2;
	u8 b[4];
	size_t len;

	EXPECT(feed_all("=v", 3, 0) == ISC_TEXT_ERR_SYNTAX);
	EXPECT(feed_all("novalue", 8, 0) == ISC_TEXT_ERR_SYNTAX);
	EXPECT(feed_all("bad key=1", 10, 0) == ISC_TEXT_ERR_SYNTAX);
	memset(key, 'K', 64);
	memcpy(key + 64, "=1", 3);
	EXPECT(feed_all(key, 67, 0) == ISC_TEXT_ERR_KEY_LEN);
	EXPECT(feed_all("a=b", 3, 0) == ISC_TEXT_ERR_UNTERMINATED);
	EXPECT(feed_all("a=b\0c=d", 8, 7) == ISC_TEXT_ERR_TOO_MUCH);
	EXPECT(isc_text_parse_num("0x", &v) == ISC_TEXT_ERR_NUMBER);
	EXPECT(isc_text_parse_range("9~1", &v, &v2) == ISC_TEXT_ERR_RANGE);
	EXPECT(isc_text_parse_bool("YES", (bool *)b) == ISC_TEXT_ERR_BOOL);
	EXPECT(isc_text_decode_binary("0x0g", b, sizeof(b), &len) ==
	       ISC_TEXT_ERR_BINARY);
	return ok;
}

static bool t_text_err_str(void)
{
	bool ok = true;
	int i, j;

	for (i = 0; i < __ISC_TEXT_ERR_LAST; i++) {
		EXPECT(*isc_text_err_str(i));
		for (j = 0; j < i; j++)
			EXPECT(strcmp(isc_text_err_str(i), isc_text_err_str(j)));
	}
	EXPECT(!strcmp(isc_text_err_str(-1), "unknown error"));
	return ok;
}

int main(void)
{
	tap_ok(t_numbers(), "numbers: decimal, hex, 64-bit limits");
	tap_ok(t_numbers_bad(), "numbers: leading zero, sign, junk, overflow refused");
	tap_ok(t_bool_range(), "booleans and numerical ranges");
	tap_ok(t_binary(), "binary values: hex and base64 decode/encode");
	tap_ok(t_binary_bad(), "binary values: malformed refused");
	tap_ok(t_list(), "list-of-values items");
	tap_ok(t_put(), "encode key=value\\0 lists");
	tap_ok(t_key_names(), "key names: charset, 63-byte limit, lookup");
	tap_ok(t_key_table(), "key table rows consistent");
	tap_ok(t_acc_split_everywhere(), "accumulator: pair split at every byte");
	tap_ok(t_acc_byte_at_a_time(), "accumulator: one byte per PDU, empty strings");
	tap_ok(t_acc_long_values(), "accumulator: value limits, bounded buffer");
	tap_ok(t_acc_callback_error(), "accumulator: consumer error stops the feed");
	tap_ok(t_text_errors(), "codec errors: syntax, lengths, numbers, binary");
	tap_ok(t_text_err_str(), "every isc_text_err has a distinct string");
	return tap_done();
}
