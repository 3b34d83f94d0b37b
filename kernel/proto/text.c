// SPDX-License-Identifier: GPL-2.0
/*
 * Key=value codec for iSCSI Login and Text PDUs (RFC 7143 §6.1).
 *
 * Everything here reads strings that a target wrote. Numbers are parsed
 * by hand rather than with kstrto*() or strtoul(): RFC 7143 §6.1 defines
 * its own grammar (no sign, no leading zeros in decimal, "0x" hex), and
 * the userspace build must behave identically.
 */
#include "text.h"

static const char * const text_err_names[] = {
	[ISC_TEXT_OK] = "ok",
	[ISC_TEXT_ERR_SYNTAX] = "malformed key=value pair",
	[ISC_TEXT_ERR_KEY_LEN] = "key name too long",
	[ISC_TEXT_ERR_VALUE_LEN] = "value too long",
	[ISC_TEXT_ERR_UNTERMINATED] = "text ends inside a pair",
	[ISC_TEXT_ERR_TOO_MUCH] = "text sequence too long",
	[ISC_TEXT_ERR_DUPLICATE] = "duplicate key",
	[ISC_TEXT_ERR_NUMBER] = "malformed number",
	[ISC_TEXT_ERR_RANGE] = "number out of range",
	[ISC_TEXT_ERR_BOOL] = "malformed boolean",
	[ISC_TEXT_ERR_VALUE] = "value not allowed for key",
	[ISC_TEXT_ERR_BINARY] = "malformed binary value",
	[ISC_TEXT_ERR_NEGOTIATION] = "answer outside the offer",
	[ISC_TEXT_ERR_SENDER] = "key not allowed from the target",
	[ISC_TEXT_ERR_PHASE] = "key not allowed in this phase",
	[ISC_TEXT_ERR_BURST] = "FirstBurstLength exceeds MaxBurstLength",
	[ISC_TEXT_ERR_NOSPC] = "no space for the answer",
	[ISC_TEXT_ERR_AUTH] = "authentication key refused",
};

static_assert(ARRAY_SIZE(text_err_names) == __ISC_TEXT_ERR_LAST);

/**
 * isc_text_err_str() - human-readable name of a text error
 * @err: the error
 *
 * Return: a static string, never NULL.
 */
const char *isc_text_err_str(enum isc_text_err err)
{
	if ((unsigned int)err >= ARRAY_SIZE(text_err_names))
		return "unknown error";
	return text_err_names[err];
}
EXPORT_SYMBOL_GPL(isc_text_err_str);

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

static bool is_b64_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'b' || s[1] == 'B');
}

#define HEX_DIGIT_BITS	4
#define DEC_BASE	10

/**
 * isc_text_parse_num() - parse an RFC 7143 §6.1 numerical value
 * @s: NUL-terminated value
 * @out: the number
 *
 * Accepts a decimal-constant (no sign, no leading zero unless the number
 * is 0) or a hex-constant ("0x"/"0X" and at least one hex digit), whose
 * value fits in 64 bits. Anything else, including trailing junk, fails.
 *
 * Return: ISC_TEXT_OK or ISC_TEXT_ERR_NUMBER.
 */
enum isc_text_err isc_text_parse_num(const char *s, u64 *out)
{
	u64 v = 0;

	if (is_hex_prefix(s)) {
		s += 2;
		if (!*s)
			return ISC_TEXT_ERR_NUMBER;
		for (; *s; s++) {
			int d = hex_digit(*s);

			if (d < 0 || (v >> (64 - HEX_DIGIT_BITS)))
				return ISC_TEXT_ERR_NUMBER;
			v = (v << HEX_DIGIT_BITS) | (u64)d;
		}
		*out = v;
		return ISC_TEXT_OK;
	}
	if (!*s || (s[0] == '0' && s[1]))
		return ISC_TEXT_ERR_NUMBER;
	for (; *s; s++) {
		u64 d;

		if (*s < '0' || *s > '9')
			return ISC_TEXT_ERR_NUMBER;
		d = (u64)(*s - '0');
		if (v > (U64_MAX - d) / DEC_BASE)
			return ISC_TEXT_ERR_NUMBER;
		v = v * DEC_BASE + d;
	}
	*out = v;
	return ISC_TEXT_OK;
}
EXPORT_SYMBOL_GPL(isc_text_parse_num);

/**
 * isc_text_parse_bool() - parse "Yes" or "No" (RFC 7143 §6.1, case matters)
 * @s: NUL-terminated value
 * @out: the boolean
 *
 * Return: ISC_TEXT_OK or ISC_TEXT_ERR_BOOL.
 */
enum isc_text_err isc_text_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "Yes")) {
		*out = true;
		return ISC_TEXT_OK;
	}
	if (!strcmp(s, "No")) {
		*out = false;
		return ISC_TEXT_OK;
	}
	return ISC_TEXT_ERR_BOOL;
}
EXPORT_SYMBOL_GPL(isc_text_parse_bool);

/**
 * isc_text_parse_range() - parse a numerical-range "a~b" (RFC 7143 §6.1)
 * @s: NUL-terminated value
 * @lo: first number
 * @hi: second number, which must not be smaller than the first
 *
 * Return: ISC_TEXT_OK, ISC_TEXT_ERR_NUMBER or ISC_TEXT_ERR_RANGE.
 */
enum isc_text_err isc_text_parse_range(const char *s, u64 *lo, u64 *hi)
{
	char first[ISC_VALUE_MAX + 1];
	const char *tilde = strchr(s, '~');
	size_t n;
	enum isc_text_err err;

	if (!tilde)
		return ISC_TEXT_ERR_NUMBER;
	n = tilde - s;
	if (n >= sizeof(first))
		return ISC_TEXT_ERR_NUMBER;
	memcpy(first, s, n);
	first[n] = '\0';
	err = isc_text_parse_num(first, lo);
	if (err)
		return err;
	err = isc_text_parse_num(tilde + 1, hi);
	if (err)
		return err;
	return *lo <= *hi ? ISC_TEXT_OK : ISC_TEXT_ERR_RANGE;
}
EXPORT_SYMBOL_GPL(isc_text_parse_range);

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#define B64_BITS	6
#define B64_QUAD	4
#define B64_TRIPLE	3
#define BYTE_BITS	8

static int b64_value(char c)
{
	const char *p;

	if (!c)
		return -1;
	p = strchr(b64_alphabet, c);
	return p ? (int)(p - b64_alphabet) : -1;
}

static enum isc_text_err decode_hex(const char *s, u8 *out, size_t cap,
				    size_t *len)
{
	size_t digits = strlen(s), n = 0;
	bool odd = digits & 1;

	if (!digits || (digits + 1) / 2 > cap)
		return ISC_TEXT_ERR_BINARY;
	/* An odd digit count means an implied leading zero nibble. */
	if (odd) {
		int d = hex_digit(*s++);

		if (d < 0)
			return ISC_TEXT_ERR_BINARY;
		out[n++] = d;
	}
	while (*s) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0)
			return ISC_TEXT_ERR_BINARY;
		out[n++] = (hi << HEX_DIGIT_BITS) | lo;
		s += 2;
	}
	*len = n;
	return ISC_TEXT_OK;
}

/* RFC 4648 §4 base64, padding optional but only at the end. */
static enum isc_text_err decode_b64(const char *s, u8 *out, size_t cap,
				    size_t *len)
{
	size_t chars = strlen(s), n = 0, pad = 0;
	u32 acc = 0;
	unsigned int bits = 0;

	while (chars && s[chars - 1] == '=') {
		chars--;
		pad++;
	}
	if (!chars || pad > 2 || chars % B64_QUAD == 1 ||
	    (pad && (chars + pad) % B64_QUAD))
		return ISC_TEXT_ERR_BINARY;
	if (chars * B64_BITS / BYTE_BITS > cap)
		return ISC_TEXT_ERR_BINARY;
	while (chars--) {
		int v = b64_value(*s++);

		if (v < 0)
			return ISC_TEXT_ERR_BINARY;
		acc = (acc << B64_BITS) | (u32)v;
		bits += B64_BITS;
		if (bits >= BYTE_BITS) {
			bits -= BYTE_BITS;
			out[n++] = (acc >> bits) & 0xff;
		}
	}
	/* Left-over bits must be zero, or two spellings decode alike. */
	if (acc & ((1U << bits) - 1))
		return ISC_TEXT_ERR_BINARY;
	*len = n;
	return ISC_TEXT_OK;
}

/**
 * isc_text_decode_binary() - decode a "0x..." or "0b..." binary value
 * @s: NUL-terminated value (RFC 7143 §6.1 hex-constant/base64-constant)
 * @out: output bytes
 * @cap: size of @out
 * @len: bytes decoded
 *
 * Return: ISC_TEXT_OK, or ISC_TEXT_ERR_BINARY for a bad prefix, bad
 * character, bad padding, or a value longer than @cap.
 */
enum isc_text_err isc_text_decode_binary(const char *s, u8 *out, size_t cap,
					 size_t *len)
{
	if (is_hex_prefix(s))
		return decode_hex(s + 2, out, cap, len);
	if (is_b64_prefix(s))
		return decode_b64(s + 2, out, cap, len);
	return ISC_TEXT_ERR_BINARY;
}
EXPORT_SYMBOL_GPL(isc_text_decode_binary);

/**
 * isc_text_encode_binary() - encode bytes as "0x<hex>" or "0b<base64>"
 * @in: bytes
 * @len: number of bytes, at least 1
 * @enc: ISC_BIN_HEX or ISC_BIN_BASE64
 * @out: output string, NUL-terminated on success
 * @cap: size of @out
 *
 * Return: string length, or -ENOSPC / -EINVAL.
 */
int isc_text_encode_binary(const u8 *in, size_t len, enum isc_bin_enc enc,
			   char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t need, i, n = 2;

	if (!len)
		return -EINVAL;
	if (enc == ISC_BIN_HEX)
		need = 2 + 2 * len;
	else
		need = 2 + (len + B64_TRIPLE - 1) / B64_TRIPLE * B64_QUAD;
	if (need + 1 > cap)
		return -ENOSPC;
	out[0] = '0';
	out[1] = enc == ISC_BIN_HEX ? 'x' : 'b';
	if (enc == ISC_BIN_HEX) {
		for (i = 0; i < len; i++) {
			out[n++] = hex[in[i] >> HEX_DIGIT_BITS];
			out[n++] = hex[in[i] & 0xf];
		}
	} else {
		for (i = 0; i < len; i += B64_TRIPLE) {
			u32 v = (u32)in[i] << 16;
			size_t left = len - i;

			if (left > 1)
				v |= (u32)in[i + 1] << BYTE_BITS;
			if (left > 2)
				v |= in[i + 2];
			out[n++] = b64_alphabet[(v >> 18) & 0x3f];
			out[n++] = b64_alphabet[(v >> 12) & 0x3f];
			out[n++] = left > 1 ? b64_alphabet[(v >> 6) & 0x3f] :
					      '=';
			out[n++] = left > 2 ? b64_alphabet[v & 0x3f] : '=';
		}
	}
	out[n] = '\0';
	return n;
}
EXPORT_SYMBOL_GPL(isc_text_encode_binary);

/**
 * isc_text_list_next() - next comma-separated item of a list-of-values
 * @cursor: in: position in the value; out: after the item
 * @tok: output item, NUL-terminated
 * @cap: size of @tok
 *
 * Return: 1 with an item in @tok, 0 at the end of the list, -EINVAL for
 * an empty item (",," or a trailing comma) or one that does not fit.
 */
int isc_text_list_next(const char **cursor, char *tok, size_t cap)
{
	const char *s = *cursor, *comma;
	size_t n;

	if (!*s)
		return 0;
	comma = strchr(s, ',');
	n = comma ? (size_t)(comma - s) : strlen(s);
	if (!n || n >= cap || (comma && !comma[1]))
		return -EINVAL;
	memcpy(tok, s, n);
	tok[n] = '\0';
	*cursor = comma ? comma + 1 : s + n;
	return 1;
}
EXPORT_SYMBOL_GPL(isc_text_list_next);

/* RFC 7143 §6.1 key-name characters. */
static bool key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
	       c == '@' || c == '_';
}

/**
 * isc_text_check_key() - validate a key name
 * @key: the name (need not be NUL-terminated)
 * @len: its length
 *
 * Return: ISC_TEXT_OK, ISC_TEXT_ERR_SYNTAX or ISC_TEXT_ERR_KEY_LEN.
 */
enum isc_text_err isc_text_check_key(const char *key, size_t len)
{
	size_t i;

	if (!len)
		return ISC_TEXT_ERR_SYNTAX;
	if (len > ISC_KEY_NAME_MAX)
		return ISC_TEXT_ERR_KEY_LEN;
	for (i = 0; i < len; i++)
		if (!key_char_ok(key[i]))
			return ISC_TEXT_ERR_SYNTAX;
	return ISC_TEXT_OK;
}
EXPORT_SYMBOL_GPL(isc_text_check_key);

/**
 * isc_text_put() - append "key=value\0" to a text buffer
 * @buf: the data segment being built
 * @cap: its size
 * @off: in/out: bytes used
 * @key: key name
 * @val: value
 *
 * Return: 0, -EINVAL for an illegal key or over-long value, -ENOSPC.
 */
int isc_text_put(char *buf, size_t cap, size_t *off, const char *key,
		 const char *val)
{
	size_t klen = strlen(key), vlen = strlen(val);

	if (isc_text_check_key(key, klen) || vlen > ISC_LARGE_VALUE_MAX)
		return -EINVAL;
	if (*off > cap || cap - *off < klen + vlen + 2)
		return -ENOSPC;
	memcpy(buf + *off, key, klen);
	buf[*off + klen] = '=';
	memcpy(buf + *off + klen + 1, val, vlen);
	buf[*off + klen + 1 + vlen] = '\0';
	*off += klen + vlen + 2;
	return 0;
}
EXPORT_SYMBOL_GPL(isc_text_put);

/**
 * isc_text_put_num() - append "key=<decimal>\0"
 * @buf: the data segment being built
 * @cap: its size
 * @off: in/out: bytes used
 * @key: key name
 * @val: value
 *
 * Return: as isc_text_put().
 */
int isc_text_put_num(char *buf, size_t cap, size_t *off, const char *key,
		     u64 val)
{
	char digits[24];
	int i = sizeof(digits) - 1;

	digits[i] = '\0';
	do {
		digits[--i] = '0' + (char)(val % DEC_BASE);
		val /= DEC_BASE;
	} while (val);
	return isc_text_put(buf, cap, off, key, digits + i);
}
EXPORT_SYMBOL_GPL(isc_text_put_num);

/* ---- accumulator ---- */

/**
 * isc_text_acc_init() - start a new Login/Text response sequence
 * @acc: accumulator
 * @limit: cap on the bytes of the whole sequence (0: ISC_TEXT_SEQ_MAX)
 */
void isc_text_acc_init(struct isc_text_acc *acc, u32 limit)
{
	acc->len = 0;
	acc->total = 0;
	acc->limit = limit ? limit : ISC_TEXT_SEQ_MAX;
}
EXPORT_SYMBOL_GPL(isc_text_acc_init);

static size_t value_limit(const char *key)
{
	enum isc_key k = isc_key_lookup(key);

	return k == ISC_KEY_NONE ? ISC_VALUE_MAX : isc_key_def(k)->max_len;
}

/* Split one complete pair held in acc->buf (NUL-terminated). */
static enum isc_text_err deliver(struct isc_text_acc *acc,
				 isc_text_pair_fn fn, void *arg)
{
	char *eq = memchr(acc->buf, '=', acc->len);
	enum isc_text_err err;

	if (!eq)
		return acc->len > ISC_KEY_NAME_MAX ? ISC_TEXT_ERR_KEY_LEN :
						     ISC_TEXT_ERR_SYNTAX;
	err = isc_text_check_key(acc->buf, eq - acc->buf);
	if (err)
		return err;
	*eq = '\0';
	if (strlen(eq + 1) > value_limit(acc->buf))
		return ISC_TEXT_ERR_VALUE_LEN;
	return fn(arg, acc->buf, eq + 1);
}

/* Pending bytes that cannot become a legal pair any more. */
static enum isc_text_err too_long(const struct isc_text_acc *acc)
{
	return memchr(acc->buf, '=', acc->len) ? ISC_TEXT_ERR_VALUE_LEN :
						 ISC_TEXT_ERR_KEY_LEN;
}

/**
 * isc_text_acc_feed() - feed one PDU's data segment
 * @acc: accumulator
 * @data: the data segment (DataSegmentLength bytes, no padding)
 * @len: its length
 * @last: the PDU had C=0: the sequence ends here
 * @fn: called once per complete pair, in order
 * @arg: cookie for @fn
 *
 * RFC 7143 §6.1 and §11.10.2: a key=value pair may be split across PDUs
 * that carry the C bit; only the last one must end on a NUL. We copy at
 * most one pair, so memory stays bounded whatever the target sends.
 * Empty strings between NULs carry nothing and are skipped.
 *
 * Return: ISC_TEXT_OK or the first error (from parsing or from @fn).
 */
enum isc_text_err isc_text_acc_feed(struct isc_text_acc *acc, const u8 *data,
				    size_t len, bool last,
				    isc_text_pair_fn fn, void *arg)
{
	enum isc_text_err err;

	if (len > acc->limit - acc->total)
		return ISC_TEXT_ERR_TOO_MUCH;
	acc->total += len;

	while (len) {
		const u8 *nul = memchr(data, '\0', len);
		size_t n = nul ? (size_t)(nul - data) : len;

		if (n > ISC_PAIR_MAX - acc->len) {
			memcpy(acc->buf + acc->len, data,
			       ISC_PAIR_MAX - acc->len);
			acc->len = ISC_PAIR_MAX;
			return too_long(acc);
		}
		memcpy(acc->buf + acc->len, data, n);
		acc->len += n;
		if (!nul)
			break;
		data += n + 1;
		len -= n + 1;
		if (!acc->len)
			continue;
		acc->buf[acc->len] = '\0';
		err = deliver(acc, fn, arg);
		acc->len = 0;
		if (err)
			return err;
	}
	if (last && acc->len) {
		acc->len = 0;
		return ISC_TEXT_ERR_UNTERMINATED;
	}
	return ISC_TEXT_OK;
}
EXPORT_SYMBOL_GPL(isc_text_acc_feed);
