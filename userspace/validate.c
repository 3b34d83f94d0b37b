// SPDX-License-Identifier: GPL-2.0
/*
 * Argument validation (see validate.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/kiscsi.h>

#include "validate.h"

/* RFC 1994 names travel as iSCSI text values: at most 255 bytes. */
#define CHAP_NAME_MAX 255

const char *check_iscsi_name(const char *name)
{
	const unsigned char *p;

	if (strncmp(name, "iqn.", 4) && strncmp(name, "eui.", 4) &&
	    strncmp(name, "naa.", 4))
		return "an iSCSI name starting with iqn., eui. or naa.";
	if (!name[4])
		return "an iSCSI name with something after iqn./eui./naa.";
	if (strlen(name) > KISCSI_NAME_MAX)
		return "an iSCSI name of at most 223 bytes";
	for (p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return "an iSCSI name without spaces, control or non-ASCII characters";
	return NULL;
}

const char *check_chap_name(const char *name)
{
	const unsigned char *p;

	if (!*name)
		return "a non-empty CHAP user name";
	if (strlen(name) > CHAP_NAME_MAX)
		return "a CHAP user name of at most 255 bytes";
	for (p = (const unsigned char *)name; *p; p++)
		if (*p < ' ' || *p >= 0x7f)
			return "a CHAP user name of printable ASCII";
	return NULL;
}

bool parse_u32_range(const char *s, uint32_t min, uint32_t max,
		     uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool parse_duration_ms(const char *s, uint32_t min_ms, uint32_t max_ms,
		       uint32_t *out)
{
	unsigned long long ms = 0, scale = 1000;
	const char *p = s;
	int digits = 0, frac = 0;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		ms = ms * 10 + (*p - '0');
		if (ms > UINT32_MAX || ++digits > 10)
			return false;
	}
	if (!strcmp(p, "ms")) {
		scale = 1;
	} else if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++frac > 3)
				return false;
			ms = ms * 10 + (*p - '0');
			scale /= 10;
		}
		if (!frac || (*p && strcmp(p, "s")))
			return false;
	} else if (*p && strcmp(p, "s")) {
		return false;
	}
	ms *= scale;
	if (ms < min_ms || ms > max_ms)
		return false;
	*out = ms;
	return true;
}

bool parse_yesno(const char *s, bool *out)
{
	static const char * const yes[] = { "yes", "on", "1", "true" };
	static const char * const no[] = { "no", "off", "0", "false" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool parse_digest(const char *s, uint32_t *out)
{
	if (!strcasecmp(s, "crc32c"))
		*out = KISCSI_DIGEST_CRC32C;
	else if (!strcasecmp(s, "none"))
		*out = KISCSI_DIGEST_NONE;
	else
		return false;
	return true;
}
