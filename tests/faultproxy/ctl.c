// SPDX-License-Identifier: GPL-2.0
/*
 * Control command parser: one line of text in, a struct fp_cmd out, or a
 * one-line reason that the control socket sends back as "error: ...".
 * The grammar is in Documentation/fault-injection.md.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include "fp.h"

#define CTL_MAX_WORDS	6
#define CTL_WORD_MAX	FP_ADDR_MAX

/* Bounds that keep a typo from wedging a test for hours. */
#define CTL_STALL_MAX_S		3600U
#define CTL_DELAY_MAX_MS	60000U
#define CTL_COUNT_MAX		1000000U

struct ctl_async_name {
	const char *name;
	u8 event;
};

/* RFC 7143 §11.9.1 AsyncEvent codes by the names the control socket takes. */
static const struct ctl_async_name async_names[] = {
	{ "scsi", ISCSI_ASYNC_MSG_SCSI_EVENT },
	{ "logout", ISCSI_ASYNC_MSG_REQUEST_LOGOUT },
	{ "drop-conn", ISCSI_ASYNC_MSG_DROPPING_CONNECTION },
	{ "drop-all", ISCSI_ASYNC_MSG_DROPPING_ALL_CONNECTIONS },
	{ "negotiate", ISCSI_ASYNC_MSG_PARAM_NEGOTIATION },
	{ "vendor", ISCSI_ASYNC_MSG_VENDOR_SPECIFIC },
};

static int ctl_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ctl_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Decimal only, no sign, no trailing junk, at most @max. */
static bool ctl_num(const char *s, u32 max, u32 *out)
{
	u64 v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (u64)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

static int ctl_split(const char *line, char words[][CTL_WORD_MAX], int *n,
		     char *err, size_t errlen)
{
	const char *p = line;

	*n = 0;
	for (;;) {
		size_t len = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n' || *p == '\r')
			return 0;
		if (*n == CTL_MAX_WORDS)
			return ctl_err(err, errlen, "too many words");
		while (*p && !isspace((unsigned char)*p)) {
			if (len == CTL_WORD_MAX - 1)
				return ctl_err(err, errlen, "word too long");
			if (!isprint((unsigned char)*p))
				return ctl_err(err, errlen,
					       "unprintable character");
			words[*n][len++] = *p++;
		}
		words[(*n)++][len] = '\0';
	}
}

/**
 * fp_addr_split() - split "HOST:PORT" or "[V6]:PORT"
 * @addr: the text
 * @host: out: host part, brackets removed
 * @hostlen: size of @host
 * @port: out: port part (1..65535, decimal)
 * @portlen: size of @port
 *
 * Return: 0 or -EINVAL.
 */
int fp_addr_split(const char *addr, char *host, size_t hostlen, char *port,
		  size_t portlen)
{
	const char *colon = strrchr(addr, ':');
	const char *h = addr;
	size_t hl;
	u32 n;

	if (!colon || colon == addr)
		return -EINVAL;
	hl = colon - addr;
	if (addr[0] == '[') {
		if (hl < 3 || addr[hl - 1] != ']')
			return -EINVAL;
		h++;
		hl -= 2;
	} else if (memchr(addr, ':', hl)) {
		return -EINVAL;		/* bare IPv6 needs brackets */
	}
	if (hl + 1 > hostlen || strlen(colon + 1) + 1 > portlen)
		return -EINVAL;
	if (!ctl_num(colon + 1, 65535, &n) || !n)
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

static int parse_async(char words[][CTL_WORD_MAX], int n, struct fp_cmd *cmd,
		       char *err, size_t errlen)
{
	unsigned int i;
	u32 v;
	int k;

	if (n < 2 || n > 5)
		return ctl_err(err, errlen, "usage: async EVENT [P1 [P2 [P3]]]");
	for (i = 0; i < ARRAY_SIZE(async_names); i++)
		if (!strcmp(words[1], async_names[i].name))
			break;
	if (i < ARRAY_SIZE(async_names))
		cmd->event = async_names[i].event;
	else if (ctl_num(words[1], 255, &v))
		cmd->event = v;
	else
		return ctl_err(err, errlen,
			       "unknown async event '%s' (scsi, logout, drop-conn, drop-all, negotiate, vendor or 0-255)",
			       words[1]);
	for (k = 2; k < n; k++) {
		if (!ctl_num(words[k], U16_MAX, &v))
			return ctl_err(err, errlen,
				       "async parameter '%s' is not 0-65535",
				       words[k]);
		cmd->param[k - 2] = v;
	}
	return 0;
}

static int parse_count(const char *name, char words[][CTL_WORD_MAX], int n,
		       u32 max, struct fp_cmd *cmd, char *err, size_t errlen)
{
	if (n != 2 || !ctl_num(words[1], max, &cmd->n))
		return ctl_err(err, errlen, "usage: %s 0-%u", name, max);
	return 0;
}

/**
 * fp_cmd_parse() - parse one control line
 * @line: the text, with or without its newline
 * @cmd: out: the command
 * @err: out: why the line was refused
 * @errlen: size of @err
 *
 * Return: 0 or -EINVAL (with @err set).
 */
int fp_cmd_parse(const char *line, struct fp_cmd *cmd, char *err,
		 size_t errlen)
{
	char words[CTL_MAX_WORDS][CTL_WORD_MAX];
	char host[FP_ADDR_MAX], port[8];
	const char *w;
	int n, m;

	memset(cmd, 0, sizeof(*cmd));
	if (ctl_split(line, words, &n, err, errlen))
		return -EINVAL;
	if (!n)
		return ctl_err(err, errlen, "empty command");
	w = words[0];

	if (!strcmp(w, "reset") || !strcmp(w, "drop") ||
	    !strcmp(w, "stats") || !strcmp(w, "pass")) {
		if (n != 1)
			return ctl_err(err, errlen, "%s takes no argument", w);
		cmd->kind = !strcmp(w, "reset") ? FP_CMD_RESET :
			    !strcmp(w, "drop") ? FP_CMD_DROP :
			    !strcmp(w, "stats") ? FP_CMD_STATS : FP_CMD_PASS;
		return 0;
	}
	if (!strcmp(w, "stall")) {
		cmd->kind = FP_CMD_STALL;
		return parse_count(w, words, n, CTL_STALL_MAX_S, cmd, err,
				   errlen);
	}
	if (!strcmp(w, "delay")) {
		cmd->kind = FP_CMD_DELAY;
		return parse_count(w, words, n, CTL_DELAY_MAX_MS, cmd, err,
				   errlen);
	}
	if (!strcmp(w, "corrupt-hdigest") || !strcmp(w, "corrupt-ddigest") ||
	    !strcmp(w, "corrupt-data")) {
		cmd->kind = !strcmp(w, "corrupt-hdigest") ? FP_CMD_CORRUPT_HD :
			    !strcmp(w, "corrupt-ddigest") ? FP_CMD_CORRUPT_DD :
							    FP_CMD_CORRUPT_DATA;
		return parse_count(w, words, n, CTL_COUNT_MAX, cmd, err,
				   errlen);
	}
	if (!strcmp(w, "async")) {
		cmd->kind = FP_CMD_ASYNC;
		return parse_async(words, n, cmd, err, errlen);
	}
	if (!strcmp(w, "redirect")) {
		cmd->kind = FP_CMD_REDIRECT;
		if (n < 3 || n > 4 || (strcmp(words[1], "temp") &&
				       strcmp(words[1], "perm")) ||
		    (n == 4 && strcmp(words[3], "always")))
			return ctl_err(err, errlen,
				       "usage: redirect temp|perm ADDR:PORT [always]");
		cmd->always = n == 4;
		if (fp_addr_split(words[2], host, sizeof(host), port,
				  sizeof(port)))
			return ctl_err(err, errlen,
				       "bad address '%s' (HOST:PORT or [V6]:PORT)",
				       words[2]);
		cmd->perm = !strcmp(words[1], "perm");
		strcpy(cmd->addr, words[2]);
		return 0;
	}
	if (!strcmp(w, "malformed")) {
		cmd->kind = FP_CMD_MALFORMED;
		if (n != 2)
			return ctl_err(err, errlen, "usage: malformed KIND");
		for (m = 0; m < __FP_M_LAST; m++)
			if (!strcmp(words[1], fp_malformed_name(m)))
				break;
		if (m == __FP_M_LAST)
			return ctl_err(err, errlen,
				       "unknown kind '%s' (bad-opcode, huge-dsl, datain-overflow, unknown-itt, r2t-zero)",
				       words[1]);
		cmd->malformed = m;
		return 0;
	}
	return ctl_err(err, errlen, "unknown command '%s'", w);
}
