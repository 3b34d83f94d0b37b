// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_text.c - libFuzzer target for the text accumulator and the
 * negotiation engine. Byte 0: stage and session flags; byte 1: where to
 * split the input into Continue fragments; the rest: text from a target.
 */
#include "text.h"
#include "pdu.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static enum isc_text_err also_codec(void *arg, const char *key,
				    const char *val)
{
	u8 bin[ISC_BINARY_MAX];
	size_t len;
	u64 a, b;
	bool flag;

	isc_text_parse_num(val, &a);
	isc_text_parse_range(val, &a, &b);
	isc_text_parse_bool(val, &flag);
	if (!isc_text_decode_binary(val, bin, sizeof(bin), &len) &&
	    len > sizeof(bin))
		__builtin_trap();
	return isc_negot_rx_pair(arg, key, val);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct isc_negot n;
	static struct isc_text_acc acc;
	static const u8 stages[] = { ISC_STAGE_SEC, ISC_STAGE_OP,
				     ISC_STAGE_FFP, ISC_STAGE_OP };
	struct isc_offer o;
	struct isc_params p;
	static char buf[2048];
	size_t step;
	u8 sel;

	if (size < 2)
		return 0;
	sel = data[0];
	step = data[1] ? data[1] : size;
	data += 2;
	size -= 2;
	isc_offer_default(&o);
	o.val[ISC_KEY_HEADER_DIGEST] = (sel >> 4) & 3;
	isc_negot_init(&n, &o, !(sel & 4), sel & 8);
	isc_negot_begin(&n, stages[sel & 3]);
	if (sel & 0x40)
		isc_negot_offer(&n, buf, sizeof(buf));
	isc_text_acc_init(&acc, (sel & 0x80) ? 512 : 0);
	while (size) {
		size_t chunk = size < step ? size : step;

		if (isc_text_acc_feed(&acc, data, chunk, chunk == size,
				      also_codec, &n))
			return 0;
		data += chunk;
		size -= chunk;
	}
	if (n.ans_len > sizeof(n.ans))
		__builtin_trap();
	if (!isc_negot_finish(&n, &p) &&
	    (p.max_burst < 512 || p.max_burst > ISC_DSL_MAX ||
	     p.erl > 2 || p.max_xmit_dsl < 512))
		__builtin_trap();
	return 0;
}
