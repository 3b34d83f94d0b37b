/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel-internal <linux/types.h>, so that the
 * kernel's <scsi/iscsi_proto.h> compiles unchanged in the unit tests.
 * The uapi header gives __u8.. and __be32..; we add the kernel-only names.
 */
#ifndef KISCSI_SHIM_LINUX_TYPES_H
#define KISCSI_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdint.h>
#include <stdbool.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#ifndef __bitwise
#define __bitwise
#endif

#endif
