// SPDX-License-Identifier: GPL-2.0
/*
 * crc32c_sw.c - userspace stand-in for the kernel's crc32c(): CRC-32C
 * (Castagnoli, reflected polynomial 0x82f63b78), one table, byte at a
 * time. Same contract as the kernel: no inversion in or out.
 */
#include "../../kernel/proto/compat.h"

#define CRC32C_POLY_REFLECTED	0x82f63b78U

static u32 table[256];
static bool table_ready;

static void build_table(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int b = 0; b < 8; b++)
			c = (c >> 1) ^ ((c & 1) ? CRC32C_POLY_REFLECTED : 0);
		table[i] = c;
	}
	table_ready = true;
}

u32 crc32c(u32 crc, const void *address, unsigned int length)
{
	const u8 *p = address;

	if (!table_ready)
		build_table();
	while (length--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
	return crc;
}
