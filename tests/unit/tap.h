/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a minimal TAP producer for the protocol-core unit tests.
 *
 * Output is flat TAP 13: "ok N - name", "not ok N - name",
 * "ok N - name # SKIP reason", diagnostics starting with "#", and the
 * plan "1..N" last. tap_done() returns the process exit status.
 */
#ifndef KISCSI_TAP_H
#define KISCSI_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int tap_count;
static int tap_failed;

static inline void tap_diag(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline bool tap_ok(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
	return ok;
}

static inline void tap_skip(const char *reason, const char *name)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_count, name, reason);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	if (tap_failed)
		tap_diag("%d of %d failed", tap_failed, tap_count);
	return tap_failed ? 1 : 0;
}

/* Inside a test function returning bool: record and keep going. */
#define EXPECT(cond)							\
	do {								\
		if (!(cond)) {						\
			tap_diag("%s:%d: expected %s", __FILE__, __LINE__, \
				 #cond);				\
			ok = false;					\
		}							\
	} while (0)

#endif
