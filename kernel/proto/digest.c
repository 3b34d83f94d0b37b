// SPDX-License-Identifier: GPL-2.0
/*
 * CRC32C digests for iSCSI (RFC 7143 §11.2.1.5, Appendix B.4).
 *
 * The kernel provides crc32c() through <linux/crc32c.h>, with the
 * accelerated driver picked at boot; the userspace tests link a table
 * implementation of the same contract (tests/unit/crc32c_sw.c).
 */
#include "digest.h"
#ifdef __KERNEL__
#include <linux/crc32c.h>
#endif

/*
 * crc32c() takes length as unsigned int; feed it in chunks so a size_t
 * length can never be truncated.
 */
#define CRC_CHUNK	0x40000000U

/**
 * isc_crc32c_update() - extend a running CRC32C over more bytes
 * @state: ISC_CRC32C_SEED for the first call, then the previous result
 * @buf: bytes to add
 * @len: number of bytes
 *
 * Return: the new running state; pass it to isc_crc32c_final().
 */
u32 isc_crc32c_update(u32 state, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len) {
		unsigned int n = len > CRC_CHUNK ? CRC_CHUNK : len;

		state = crc32c(state, p, n);
		p += n;
		len -= n;
	}
	return state;
}
EXPORT_SYMBOL_GPL(isc_crc32c_update);

/**
 * isc_crc32c_final() - finish a running CRC32C
 * @state: value from isc_crc32c_update()
 *
 * Return: the CRC32C value (RFC 3385 / Castagnoli, reflected, inverted).
 */
u32 isc_crc32c_final(u32 state)
{
	return ~state;
}
EXPORT_SYMBOL_GPL(isc_crc32c_final);

/**
 * isc_crc32c() - CRC32C of one buffer (a BHS plus AHS, typically)
 * @buf: bytes
 * @len: number of bytes
 *
 * Return: the CRC32C value.
 */
u32 isc_crc32c(const void *buf, size_t len)
{
	return isc_crc32c_final(isc_crc32c_update(ISC_CRC32C_SEED, buf, len));
}
EXPORT_SYMBOL_GPL(isc_crc32c);

/**
 * isc_data_digest() - DataDigest of a data segment
 * @data: the data segment
 * @len: DataSegmentLength, before padding
 *
 * RFC 7143 §11.2.3: the digest covers the pad bytes too, and they are 0.
 *
 * Return: the CRC32C value.
 */
u32 isc_data_digest(const void *data, size_t len)
{
	static const u8 zero_pad[ISCSI_PAD_LEN];
	size_t pad = (ISCSI_PAD_LEN - (len % ISCSI_PAD_LEN)) % ISCSI_PAD_LEN;
	u32 state;

	state = isc_crc32c_update(ISC_CRC32C_SEED, data, len);
	state = isc_crc32c_update(state, zero_pad, pad);
	return isc_crc32c_final(state);
}
EXPORT_SYMBOL_GPL(isc_data_digest);

/**
 * isc_digest_put() - store a digest in wire order
 * @out: 4 bytes
 * @crc: value from isc_crc32c()
 *
 * RFC 7143 Appendix B.4 shows the CRC of 32 zero bytes as "aa 36 91 8a",
 * i.e. the value 0x8a9136aa sent least significant byte first.
 */
void isc_digest_put(u8 out[ISC_DIGEST_LEN], u32 crc)
{
	put_unaligned_le32(crc, out);
}
EXPORT_SYMBOL_GPL(isc_digest_put);

/**
 * isc_digest_ok() - compare a received digest with a computed one
 * @wire: the 4 digest bytes as received
 * @crc: value computed over the received bytes
 *
 * Return: true if they match.
 */
bool isc_digest_ok(const u8 wire[ISC_DIGEST_LEN], u32 crc)
{
	return get_unaligned_le32(wire) == crc;
}
EXPORT_SYMBOL_GPL(isc_digest_ok);
