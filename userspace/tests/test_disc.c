// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace discovery session against a fake target in a child
 * process on 127.0.0.1: login (SessionType=Discovery, keys echoed),
 * SendTargets answered in pieces (F=0 with a Target Transfer Tag, a pair
 * split across PDUs with C=1), logout; then targets that misbehave: a
 * refused login, a Reject, a response that never ends, a header
 * claiming a segment larger than we accept. Built with the protocol
 * core, like the tool's iscsi_disc.c.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pdu.h"
#include "text.h"

#include "iscsi_disc.h"
#include "portal.h"
#include "sendtargets.h"
#include "disc.h"
#include "tap.h"

enum behaviour { GOOD, REFUSE, REJECT, ENDLESS, HUGE_SEGMENT };

static const char part1[] =
	"TargetName=iqn.2003-01.org.example:a\0TargetAddress=10.0.1.1:3260,1\0"
	"TargetAddress=[fd00::1]:32";		/* split inside a pair */
static const char part2[] =
	"60,1\0TargetName=iqn.2003-01.org.example:b\0"
	"TargetAddress=10.0.2.1:3261,2\0";

static u8 rx[65536];

static int rd(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (u8 *)buf + got, len - got);
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

/* Read one initiator PDU into rx; parse it into P. */
static int get_pdu(int fd, struct isc_pdu *p)
{
	struct isc_pdu_ctx ctx = { .role = ISC_FROM_INITIATOR, .login = true,
				   .max_recv_dsl = 8192 };
	struct isc_pdu_lens lens;

	if (rd(fd, rx, ISCSI_HDR_LEN))
		return -1;
	ctx.login = (rx[0] & ISCSI_OPCODE_MASK) == ISCSI_OP_LOGIN;
	if (isc_pdu_check_bhs(rx, ISCSI_HDR_LEN, &ctx, &lens) ||
	    rd(fd, rx + ISCSI_HDR_LEN, lens.data_padded))
		return -1;
	return isc_pdu_parse(rx, ISCSI_HDR_LEN + lens.data_len, &ctx, p) ? -1 : 0;
}

static void put_pdu(int fd, struct isc_pdu *p, const void *data, u32 len)
{
	static const u8 zeros[4];
	u8 hdr[ISCSI_HDR_LEN];

	p->data_len = len;
	if (isc_pdu_build(p, hdr, sizeof(hdr)) < 0 ||
	    write(fd, hdr, sizeof(hdr)) != sizeof(hdr) ||
	    (len && write(fd, data, len) != (ssize_t)len) ||
	    write(fd, zeros, isc_pad_len(len)) != (ssize_t)isc_pad_len(len))
		exit(3);
}

/* Answer each offered key with the first value offered; skip declarations. */
static size_t echo_keys(const struct isc_pdu *req, char *out, size_t cap)
{
	const char *p = (const char *)req->data, *end = p + req->data_len;
	size_t off = 0;
	char key[64], val[256], *comma;

	while (p < end && *p) {
		const char *eq = strchr(p, '=');
		size_t kl = eq - p;

		if (kl < sizeof(key)) {
			memcpy(key, p, kl);
			key[kl] = '\0';
			snprintf(val, sizeof(val), "%s", eq + 1);
			comma = strchr(val, ',');
			if (comma)
				*comma = '\0';
			if (strcmp(key, "InitiatorName") && strcmp(key, "SessionType") &&
			    strcmp(key, "MaxRecvDataSegmentLength") &&
			    strcmp(key, "InitiatorAlias"))
				isc_text_put(out, cap, &off, key, val);
		}
		p += strlen(p) + 1;
	}
	return off;
}

static void target(int lfd, enum behaviour b)
{
	struct isc_pdu req, rsp;
	char text[8192];
	u32 statsn = 7;
	size_t n;
	int fd = accept(lfd, NULL, NULL);

	if (fd < 0)
		exit(2);
	/* login: as many rounds as the initiator needs */
	for (;;) {
		if (get_pdu(fd, &req) || req.opcode != ISCSI_OP_LOGIN)
			exit(4);
		memset(&rsp, 0, sizeof(rsp));
		rsp.opcode = ISCSI_OP_LOGIN_RSP;
		rsp.itt = req.itt;
		rsp.login = req.login;
		rsp.login.tsih = req.login.transit && req.login.nsg == ISC_STAGE_FFP ? 5 : 0;
		rsp.statsn = statsn++;
		rsp.exp_cmdsn = req.cmdsn;
		rsp.max_cmdsn = req.cmdsn + 8;
		if (b == REFUSE) {
			rsp.login.transit = false;
			rsp.login.nsg = 0;
			rsp.login.status_class = ISCSI_STATUS_CLS_INITIATOR_ERR;
			rsp.login.status_detail = ISCSI_LOGIN_STATUS_TGT_FORBIDDEN;
			put_pdu(fd, &rsp, NULL, 0);
			exit(0);
		}
		n = echo_keys(&req, text, sizeof(text));
		put_pdu(fd, &rsp, text, n);
		if (req.login.transit && req.login.nsg == ISC_STAGE_FFP)
			break;
	}
	if (get_pdu(fd, &req) || req.opcode != ISCSI_OP_TEXT ||
	    req.data_len != 16 || memcmp(req.data, "SendTargets=All", 16))
		exit(5);
	memset(&rsp, 0, sizeof(rsp));
	rsp.itt = req.itt;
	rsp.statsn = statsn++;
	rsp.exp_cmdsn = req.cmdsn + 1;
	rsp.max_cmdsn = req.cmdsn + 8;
	if (b == REJECT) {
		rsp.opcode = ISCSI_OP_REJECT;
		rsp.itt = ISCSI_RESERVED_TAG;
		rsp.reject.reason = ISCSI_REASON_CMD_NOT_SUPPORTED;
		memcpy(text, rx, ISCSI_HDR_LEN);
		put_pdu(fd, &rsp, text, ISCSI_HDR_LEN);
		exit(0);
	}
	if (b == HUGE_SEGMENT) {
		u8 hdr[ISCSI_HDR_LEN];

		/* A header announcing 16 MiB of data, then silence. */
		rsp.opcode = ISCSI_OP_TEXT_RSP;
		rsp.final = true;
		rsp.ttt = ISCSI_RESERVED_TAG;
		rsp.data_len = ISC_DSL_MAX;
		if (isc_pdu_build(&rsp, hdr, sizeof(hdr)) < 0 ||
		    write(fd, hdr, sizeof(hdr)) != sizeof(hdr))
			exit(3);
		pause();
	}
	rsp.opcode = ISCSI_OP_TEXT_RSP;
	rsp.final = false;
	rsp.text.cont = true;
	rsp.ttt = 0x1234;
	put_pdu(fd, &rsp, part1, sizeof(part1) - 1);
	for (;;) {
		if (get_pdu(fd, &req) || req.opcode != ISCSI_OP_TEXT ||
		    req.ttt != 0x1234 || req.data_len)
			exit(6);
		rsp.statsn = statsn++;
		rsp.exp_cmdsn = req.cmdsn + 1;
		rsp.max_cmdsn = req.cmdsn + 8;
		if (b == ENDLESS) {
			rsp.final = false;
			rsp.text.cont = false;
			put_pdu(fd, &rsp, NULL, 0);
			continue;
		}
		break;
	}
	rsp.final = true;
	rsp.text.cont = false;
	rsp.ttt = ISCSI_RESERVED_TAG;
	put_pdu(fd, &rsp, part2, sizeof(part2) - 1);
	if (get_pdu(fd, &req) || req.opcode != ISCSI_OP_LOGOUT)
		exit(7);
	memset(&rsp, 0, sizeof(rsp));
	rsp.opcode = ISCSI_OP_LOGOUT_RSP;
	rsp.final = true;
	rsp.itt = req.itt;
	rsp.statsn = statsn++;
	rsp.exp_cmdsn = req.cmdsn;
	rsp.max_cmdsn = req.cmdsn + 8;
	put_pdu(fd, &rsp, NULL, 0);
	exit(0);
}

static int run(enum behaviour b, char **text, size_t *len, char *err,
	       size_t errlen, int *child_status)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct disc_cfg cfg = {
		.initiator = "iqn.2026-11.org.kiscsi:test",
		.timeout_ms = 3000,
	};
	socklen_t sl = sizeof(sin);
	struct portal p = { .family = AF_INET };
	int lfd, ret;
	pid_t pid;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lfd, 1) || getsockname(lfd, (struct sockaddr *)&sin, &sl))
		return -2;
	pid = fork();
	if (!pid)
		target(lfd, b);
	close(lfd);
	memcpy(p.addr, &sin.sin_addr, 4);
	p.port = ntohs(sin.sin_port);
	ret = iscsi_sendtargets(&p, &cfg, text, len, err, errlen);
	/* A well-behaved target exits by itself; the others are stopped. */
	if (b != GOOD)
		kill(pid, SIGKILL);
	waitpid(pid, child_status, 0);
	return ret;
}

int main(void)
{
	struct disc_result r;
	char err[256], *text = NULL;
	size_t len = 0;
	int st;

	signal(SIGPIPE, SIG_IGN);
	disc_init(&r);
	tap_ok(!run(GOOD, &text, &len, err, sizeof(err), &st),
	       "discovery session against a fake target (%s)", err);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "the fake target saw login, SendTargets=All, an empty continuation with its TTT, logout (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	tap_ok(len == sizeof(part1) - 1 + sizeof(part2) - 1,
	       "both Text Responses are joined (%zu bytes)", len);
	tap_ok(text && !st_parse(text, len, 0, &r, err, sizeof(err)) &&
	       r.ntargets == 2 && r.t[0].nportals == 2 &&
	       r.t[0].portals[1].p.family == AF_INET6 &&
	       r.t[0].portals[1].p.port == 3260 && r.t[1].portals[0].tpgt == 2,
	       "a pair split across PDUs reads whole (%s)", err);
	free(text);
	text = NULL;
	tap_diag("one SendTargets exchange in %zu bytes", len);

	tap_ok(run(REFUSE, &text, &len, err, sizeof(err), &st) &&
	       strstr(err, "not authorized") && !text,
	       "a refused login is named: %s", err);
	tap_ok(run(REJECT, &text, &len, err, sizeof(err), &st) &&
	       strstr(err, "rejected"), "a Reject is named: %s", err);
	tap_ok(run(HUGE_SEGMENT, &text, &len, err, sizeof(err), &st) &&
	       strstr(err, "malformed"),
	       "a header announcing more than we declared is refused before reading: %s",
	       err);
	tap_ok(run(ENDLESS, &text, &len, err, sizeof(err), &st) &&
	       strstr(err, "did not end"), "an endless response is cut off: %s", err);
	disc_free(&r);
	return tap_done();
}
