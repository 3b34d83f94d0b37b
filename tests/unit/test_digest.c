// SPDX-License-Identifier: GPL-2.0
/*
 * test_digest.c - CRC32C digests against RFC 7143 Appendix B.4.
 */
#include "tap.h"
#include "../../kernel/proto/digest.h"
#include "../../kernel/proto/pdu.h"

/* RFC 7143 B.4: the SCSI Read command PDU (48 bytes) and its CRC. */
static const u8 read_pdu[ISCSI_HDR_LEN] = {
	0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
	0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static bool vector(const char *name, const u8 *buf, size_t len,
		   const u8 expect[ISC_DIGEST_LEN])
{
	u8 wire[ISC_DIGEST_LEN];
	u32 crc = isc_crc32c(buf, len);
	bool ok;

	isc_digest_put(wire, crc);
	ok = !memcmp(wire, expect, ISC_DIGEST_LEN) && isc_digest_ok(expect, crc);
	if (!ok)
		tap_diag("got %02x %02x %02x %02x", wire[0], wire[1], wire[2],
			 wire[3]);
	return tap_ok(ok, "crc32c RFC 7143 B.4: %s", name);
}

int main(void)
{
	static const u8 zeros_crc[] = { 0xaa, 0x36, 0x91, 0x8a };
	static const u8 ones_crc[] = { 0x43, 0xab, 0xa8, 0x62 };
	static const u8 inc_crc[] = { 0x4e, 0x79, 0xdd, 0x46 };
	static const u8 dec_crc[] = { 0x5c, 0xdb, 0x3f, 0x11 };
	static const u8 read_crc[] = { 0x56, 0x3a, 0x96, 0xd9 };
	u8 buf[32], padded[8] = { 'a', 'b', 'c' };
	u32 state;
	int i;

	memset(buf, 0, sizeof(buf));
	vector("32 bytes of zeros", buf, sizeof(buf), zeros_crc);
	memset(buf, 0xff, sizeof(buf));
	vector("32 bytes of ones", buf, sizeof(buf), ones_crc);
	for (i = 0; i < 32; i++)
		buf[i] = i;
	vector("32 incrementing bytes", buf, sizeof(buf), inc_crc);
	for (i = 0; i < 32; i++)
		buf[i] = 31 - i;
	vector("32 decrementing bytes", buf, sizeof(buf), dec_crc);
	vector("iSCSI read command PDU", read_pdu, sizeof(read_pdu), read_crc);

	/* Incremental == one-shot, across an odd split. */
	state = isc_crc32c_update(ISC_CRC32C_SEED, read_pdu, 13);
	state = isc_crc32c_update(state, read_pdu + 13, sizeof(read_pdu) - 13);
	tap_ok(isc_crc32c_final(state) == isc_crc32c(read_pdu, sizeof(read_pdu)),
	       "crc32c incremental update equals one-shot");

	/* Data digest covers zero padding to 4 bytes (RFC 7143 §11.2.3). */
	tap_ok(isc_data_digest(padded, 3) == isc_crc32c(padded, 4),
	       "data digest includes pad bytes");
	tap_ok(isc_data_digest(padded, 0) == isc_crc32c(padded, 0),
	       "data digest of empty segment");
	tap_ok(!isc_digest_ok(zeros_crc, isc_crc32c(read_pdu, 48)),
	       "digest mismatch detected");
	return tap_done();
}
