/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernel and userspace builds of the
 * protocol core differ.
 *
 * The files in kernel/proto/ are pure functions over byte buffers: no
 * sockets, no locks, no sleeping. They are compiled into kiscsi.ko and,
 * unchanged, into the userspace unit tests and libFuzzer targets. Every
 * kernel facility they use is named here; the userspace branch supplies
 * a minimal equivalent. Wire structs come from <scsi/iscsi_proto.h> in
 * both builds (userspace reaches it through tests/unit/shim/).
 */
#ifndef KISCSI_PROTO_COMPAT_H
#define KISCSI_PROTO_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/minmax.h>
#include <linux/export.h>
#include <asm/unaligned.h>
#include <crypto/algapi.h>	/* crypto_memneq() */
#include <scsi/iscsi_proto.h>

#else /* userspace: unit tests and fuzzers */

#ifndef KISCSI_USERSPACE
#define KISCSI_USERSPACE 1
#endif

#include <linux/types.h>	/* tests/unit/shim/linux/types.h */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <endian.h>
#include <assert.h>
#include <scsi/iscsi_proto.h>	/* tests/unit/shim/scsi/iscsi_proto.h */

#define __force
/* Nothing to export in a test binary; swallow the marker. */
#define EXPORT_SYMBOL_GPL(sym)	static_assert(1, #sym)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define fallthrough		__attribute__((__fallthrough__))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c)		static_assert(!(c), #c)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define min(a, b)	({ __auto_type _a = (a); __auto_type _b = (b);	\
			   _a < _b ? _a : _b; })
#define max(a, b)	({ __auto_type _a = (a); __auto_type _b = (b);	\
			   _a > _b ? _a : _b; })

#define cpu_to_be16(x)		((__force __be16)htobe16(x))
#define cpu_to_be32(x)		((__force __be32)htobe32(x))
#define cpu_to_be64(x)		((__force __be64)htobe64(x))
#define be16_to_cpu(x)		be16toh((__force u16)(x))
#define be32_to_cpu(x)		be32toh((__force u32)(x))
#define be64_to_cpu(x)		be64toh((__force u64)(x))
#define cpu_to_le32(x)		((__force __le32)htole32(x))
#define le32_to_cpu(x)		le32toh((__force u32)(x))

static inline u32 get_unaligned_be32(const void *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	__le32 v = cpu_to_le32(val);

	memcpy(p, &v, sizeof(v));
}

static inline u32 get_unaligned_le32(const void *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

/* Zeroing that the optimiser may not drop (secrets, RFC 7143 §12.1.3). */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

/* Constant-time comparison: 0 when equal, as crypto_memneq(). */
static inline unsigned long crypto_memneq(const void *a, const void *b,
					  size_t size)
{
	const u8 *x = a, *y = b;
	unsigned long neq = 0;

	/* The barrier keeps the compiler from ending the loop early. */
	while (size--) {
		neq |= *x++ ^ *y++;
		__asm__ __volatile__("" : "+r"(neq));
	}
	return neq;
}

/* Kernel strscpy(): always terminates, -E2BIG when truncated. */
static inline long strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

#define GFP_KERNEL	0U

static inline void *kzalloc(size_t size, unsigned int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

static inline void kfree_sensitive(void *p, size_t size)
{
	if (p)
		memzero_explicit(p, size);
	free(p);
}

/*
 * Same contract as the kernel's crc32c(): no pre- or post-inversion, the
 * caller seeds with ~0 and inverts the result. Implemented in
 * tests/unit/crc32c_sw.c, used only by the tests.
 */
u32 crc32c(u32 crc, const void *address, unsigned int length);

#endif /* __KERNEL__ */

#endif /* KISCSI_PROTO_COMPAT_H */
