// SPDX-License-Identifier: GPL-2.0
/*
 * test_ctl.c - the control command parser.
 */
#include "fpt.h"

static bool good(const char *line, struct fp_cmd *cmd)
{
	char err[256] = "";

	if (fp_cmd_parse(line, cmd, err, sizeof(err))) {
		tap_diag("'%s': %s", line, err);
		return false;
	}
	return true;
}

static void accepted(void)
{
	struct fp_cmd c;

	tap_ok(good("reset", &c) && c.kind == FP_CMD_RESET, "ctl: reset");
	tap_ok(good("drop\n", &c) && c.kind == FP_CMD_DROP, "ctl: drop with newline");
	tap_ok(good("  stats \r\n", &c) && c.kind == FP_CMD_STATS, "ctl: stats, blanks and CRLF");
	tap_ok(good("pass", &c) && c.kind == FP_CMD_PASS, "ctl: pass");
	tap_ok(good("stall 5", &c) && c.kind == FP_CMD_STALL && c.n == 5, "ctl: stall 5");
	tap_ok(good("stall 0", &c) && c.n == 0, "ctl: stall 0 ends a stall");
	tap_ok(good("delay 250", &c) && c.kind == FP_CMD_DELAY && c.n == 250, "ctl: delay 250");
	tap_ok(good("corrupt-hdigest 1", &c) && c.kind == FP_CMD_CORRUPT_HD && c.n == 1,
	       "ctl: corrupt-hdigest 1");
	tap_ok(good("corrupt-ddigest 3", &c) && c.kind == FP_CMD_CORRUPT_DD && c.n == 3,
	       "ctl: corrupt-ddigest 3");
	tap_ok(good("corrupt-data 8", &c) && c.kind == FP_CMD_CORRUPT_DATA && c.n == 8,
	       "ctl: corrupt-data 8");
	tap_ok(good("async logout", &c) && c.kind == FP_CMD_ASYNC &&
	       c.event == ISCSI_ASYNC_MSG_REQUEST_LOGOUT && !c.param[2],
	       "ctl: async logout, parameters default to 0");
	tap_ok(good("async drop-conn 0 2 20", &c) &&
	       c.event == ISCSI_ASYNC_MSG_DROPPING_CONNECTION &&
	       c.param[0] == 0 && c.param[1] == 2 && c.param[2] == 20,
	       "ctl: async drop-conn 0 2 20");
	tap_ok(good("async 4", &c) && c.event == ISCSI_ASYNC_MSG_PARAM_NEGOTIATION,
	       "ctl: async by number");
	tap_ok(good("redirect temp 10.0.1.1:3260", &c) && c.kind == FP_CMD_REDIRECT &&
	       !c.perm && !strcmp(c.addr, "10.0.1.1:3260"), "ctl: redirect temp");
	tap_ok(good("redirect perm [fd00::1]:3260", &c) && c.perm && !c.always,
	       "ctl: redirect perm to bracketed IPv6");
	tap_ok(good("redirect temp 127.0.0.1:3262 always", &c) && c.always &&
	       !c.perm, "ctl: redirect that stays armed (a loop)");
	tap_ok(good("malformed r2t-zero", &c) && c.kind == FP_CMD_MALFORMED &&
	       c.malformed == FP_M_R2T_ZERO, "ctl: malformed r2t-zero");
	tap_ok(good("malformed datain-overflow", &c) &&
	       c.malformed == FP_M_DATAIN_OVERFLOW, "ctl: malformed datain-overflow");
}

static void refused(void)
{
	static const char * const bad[] = {
		"", "   ", "bogus", "reset now", "stall", "stall -1", "stall 5s",
		"stall 3601", "delay 60001", "delay 0x10", "corrupt-data",
		"corrupt-data 1 2", "corrupt-data 1000001", "async",
		"async reboot", "async 256", "async scsi 1 2 3 4",
		"async scsi 65536", "redirect", "redirect temp",
		"redirect later 10.0.1.1:3260", "redirect temp 10.0.1.1",
		"redirect temp 10.0.1.1:0", "redirect temp 10.0.1.1:65536",
		"redirect temp fd00::1:3260", "redirect temp :3260",
		"redirect temp 10.0.1.1:3260 twice",
		"redirect temp 10.0.1.1:3260 always more",
		"malformed", "malformed nasty", "a b c d e f g",
		"stall 99999999999999999999999",
	};
	struct fp_cmd c;
	char err[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		tap_ok(fp_cmd_parse(bad[i], &c, err, sizeof(err)) == -EINVAL &&
		       err[0], "ctl: refuses '%s' (%s)", bad[i], err);
	}
}

static void unprintable(void)
{
	struct fp_cmd c;
	char err[64];

	tap_ok(fp_cmd_parse("corrupt-data\x01 1", &c, err, sizeof(err)) ==
	       -EINVAL, "ctl: refuses a control character (%s)", err);
}

static void long_word(void)
{
	char line[200], err[64];
	struct fp_cmd c;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	tap_ok(fp_cmd_parse(line, &c, err, sizeof(err)) == -EINVAL,
	       "ctl: refuses a word longer than %d bytes (%s)", FP_ADDR_MAX, err);
}

int main(void)
{
	accepted();
	refused();
	unprintable();
	long_word();
	return tap_done();
}
