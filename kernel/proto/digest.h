/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iSCSI header and data digests (RFC 7143 §11.2.1.5-6,
 * Appendix B.4): CRC32C over the bytes, sent least significant byte first.
 */
#ifndef KISCSI_PROTO_DIGEST_H
#define KISCSI_PROTO_DIGEST_H

#include "compat.h"

/* RFC 7143 §11.2.4: a digest occupies one 4-byte word on the wire. */
#define ISC_DIGEST_LEN		ISCSI_CRC_LEN
#define ISC_CRC32C_SEED		0xffffffffU

u32 isc_crc32c_update(u32 state, const void *buf, size_t len);
u32 isc_crc32c_final(u32 state);
u32 isc_crc32c(const void *buf, size_t len);
u32 isc_data_digest(const void *data, size_t len);
void isc_digest_put(u8 out[ISC_DIGEST_LEN], u32 crc);
bool isc_digest_ok(const u8 wire[ISC_DIGEST_LEN], u32 crc);

#endif /* KISCSI_PROTO_DIGEST_H */
