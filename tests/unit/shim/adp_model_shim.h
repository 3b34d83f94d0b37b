/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for what dm/dsm-adaptive-model.h takes from
 * <linux/math64.h> and <linux/minmax.h>, so tests/unit runs the path
 * selector's model unchanged.
 */
#ifndef KISCSI_SHIM_ADP_MODEL_H
#define KISCSI_SHIM_ADP_MODEL_H

#include <linux/types.h>	/* tests/unit/shim/linux/types.h */

#define BIT_ULL(n)	(1ULL << (n))

#define min(a, b)	({ __auto_type _a = (a); __auto_type _b = (b);	\
			   _a < _b ? _a : _b; })
#define max(a, b)	({ __auto_type _a = (a); __auto_type _b = (b);	\
			   _a > _b ? _a : _b; })
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max_t(t, a, b)	max((t)(a), (t)(b))
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)

static inline u64 div64_u64(u64 a, u64 b) { return a / b; }
static inline s64 div_s64(s64 a, s32 b) { return a / b; }

#endif
