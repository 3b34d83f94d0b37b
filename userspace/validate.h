/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument validation shared by the subcommands. Each check returns NULL
 * when the value is fine, or a noun phrase saying what is expected, for
 * a message of the form "kiscsi CMD: bad --opt 'VALUE': PHRASE".
 * The rules match what kiscsi.ko enforces (kernel/netlink.c), so a
 * request the tool sends is not refused for its shape.
 */
#ifndef KISCSI_VALIDATE_H
#define KISCSI_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

const char *check_iscsi_name(const char *name);
const char *check_chap_name(const char *name);

/* Strict decimal in [min, max]: no sign, no spaces, no trailing text. */
bool parse_u32_range(const char *s, uint32_t min, uint32_t max,
		     uint32_t *out);
/*
 * A duration in milliseconds within [min_ms, max_ms]: "5" or "5s" (seconds),
 * "0.5" (seconds, at most three decimals) or "500ms".
 */
bool parse_duration_ms(const char *s, uint32_t min_ms, uint32_t max_ms,
		       uint32_t *out);
/* "yes"/"no" (also "on"/"off", "1"/"0", "true"/"false"). */
bool parse_yesno(const char *s, bool *out);
/* "crc32c" or "none"; *out is enum kiscsi_digest. */
bool parse_digest(const char *s, uint32_t *out);

#endif /* KISCSI_VALIDATE_H */
