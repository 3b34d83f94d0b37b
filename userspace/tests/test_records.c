// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of node records, the SendTargets response parser, the iSNS
 * codec and event rendering. #included by test_tool.c (one binary, one
 * TAP stream); uses its tmpdir.
 */
#include <dirent.h>
#include <fcntl.h>

#include "disc.h"
#include "event.h"
#include "isns.h"
#include "node.h"
#include "sendtargets.h"

static bool err_names(const char *err, const char *prefix)
{
	return !strncmp(err, prefix, strlen(prefix)) && !strchr(err, '\n');
}

static void test_node_parse(void)
{
	static const char good[] =
		"# a comment\n"
		"\n"
		"target = iqn.2003-01.org.example:disks\n"
		"portal = 10.0.1.1\n"
		"  portal=[fd00::1]:3261   iface=eth9 source=fd00::2  \n"
		"startup = automatic\n"
		"initiator = iqn.2026-11.org.kiscsi:host\n"
		"chap-user = alice\n"
		"chap-secret-file = /etc/kiscsi/secrets/disks\n"
		"mutual-user = tgt\n"
		"mutual-secret-file = /etc/kiscsi/secrets/tgt\n"
		"header-digest = crc32c\n"
		"data-digest = none\n"
		"replacement-timeout = 15\n"
		"nop-interval = 0.5\n"
		"nop-timeout = 2\n"
		"iface = eth1\n"
		"source = 10.0.1.2\n";
	static const struct {
		const char *text, *why;
		unsigned int line;
	} bad[] = {
		{ "target = iqn.x:y\nportal = 10.0.0.1\nfoo = 1\n", "unknown key", 3 },
		{ "target = iqn.x:y\ntarget = iqn.x:z\nportal = 10.0.0.1\n", "given twice", 2 },
		{ "target = iqn.x:y\nportal = host.example\n", "bad portal", 2 },
		{ "target = iqn.x:y\nportal 10.0.0.1\n", "key = value", 2 },
		{ "target = bogus\nportal = 10.0.0.1\n", "bad target", 1 },
		{ "portal = 10.0.0.1\n", "no target", 0 },
		{ "target = iqn.x:y\n", "no portal", 0 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nchap-user = a\n", "go together", 0 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nmutual-user = a\nmutual-secret-file = /s\n", "one-way", 0 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nstartup = sometimes\n", "bad startup", 3 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nnop-interval = 99999\n", "bad nop-interval", 3 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nreplacement-timeout = -1\n", "bad replacement-timeout", 3 },
		{ "target = iqn.x:y\nportal = 10.0.0.1 source=fd00::1\n", "family", 2 },
		{ "target = iqn.x:y\nportal = 10.0.0.1 color=red\n", "unknown portal option", 2 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nportal = 10.0.0.1:3260\n", "listed twice", 3 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nchap-secret-file = relative\n", "absolute", 3 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nheader-digest = md5\n", "bad header-digest", 3 },
		{ "target = iqn.x:y\nportal =\n", "no value", 2 },
		{ "target = iqn.x:y\nportal = 10.0.0.1\nsource = nowhere\n", "bad source", 3 },
	};
	struct node *n = calloc(1, sizeof(*n)), *m = calloc(1, sizeof(*m));
	char err[512], buf[NODE_FILE_MAX], prefix[64], *big;
	size_t i;
	int len;

	tap_ok(!node_parse(good, sizeof(good) - 1, "good.conf", n, err, sizeof(err)),
	       "a full record parses (%s)", err);
	tap_ok(n->nportals == 2 && n->portals[1].p.port == 3261 &&
	       !strcmp(n->portals[1].iface, "eth9") &&
	       n->portals[1].source.family == AF_INET6 &&
	       n->startup == NODE_STARTUP_AUTOMATIC &&
	       n->header_digest == KISCSI_DIGEST_CRC32C &&
	       (n->has & NODE_HAS_DATA_DIGEST) && !n->data_digest &&
	       n->tmo.val[KTMO_REPLACEMENT] == 15 &&
	       n->tmo.val[KTMO_NOP_INTERVAL] == 500 &&
	       n->tmo.val[KTMO_NOP_TIMEOUT] == 2000 &&
	       !strcmp(n->iface, "eth1") && n->source.family == AF_INET &&
	       !strcmp(n->chap_secret_file, "/etc/kiscsi/secrets/disks"),
	       "every field of the record is read");
	len = node_format(n, buf, sizeof(buf));
	tap_ok(len > 0 && !node_parse(buf, len, "again", m, err, sizeof(err)) &&
	       !memcmp(n, m, sizeof(*n)), "format then parse gives the same record");
	tap_ok(len > 0 && !strstr(buf, "secret =") && strstr(buf, "chap-secret-file = /etc"),
	       "a record names the secret file only");
	tap_ok(node_format(n, buf, 40) < 0, "formatting into a small buffer fails");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		snprintf(prefix, sizeof(prefix), "f.conf:%u: ", bad[i].line);
		tap_ok(node_parse(bad[i].text, strlen(bad[i].text), "f.conf", n,
				  err, sizeof(err)) &&
		       err_names(err, prefix) && strstr(err, bad[i].why),
		       "malformed record %zu refused: %s", i, err);
	}
	tap_ok(node_parse("target = iqn.x:y\0portal = 1.2.3.4\n", 34, "nul", n,
			  err, sizeof(err)) && strstr(err, "NUL"),
	       "a NUL byte is refused (%s)", err);
	big = malloc(NODE_FILE_MAX + 2);
	memset(big, 'x', NODE_FILE_MAX + 1);
	tap_ok(node_parse(big, NODE_LINE_MAX + 5, "long", n, err, sizeof(err)) &&
	       strstr(err, "longer"), "an overlong line is refused (%s)", err);
	tap_ok(node_parse(big, NODE_FILE_MAX + 1, "huge", n, err, sizeof(err)) &&
	       strstr(err, "larger"), "an oversized file is refused (%s)", err);
	free(big);
	free(n);
	free(m);
}

static unsigned int count_files(const char *dir)
{
	unsigned int n = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.' || strstr(de->d_name, ".tmp.");
	closedir(d);
	return n;
}

static void test_node_store(void)
{
	struct node *n = calloc(1, sizeof(*n)), *all = NULL;
	char dir[256], err[512], path[512];
	unsigned int count = 9;
	struct portal p;
	int fd;

	snprintf(dir, sizeof(dir), "%s/cfg/nodes", tmpdir);
	tap_ok(!node_writable(dir, err, sizeof(err)), "the record directory is created");
	tap_ok(!node_load_all(dir, &all, &count, err, sizeof(err)) && !count,
	       "an empty store has no records");
	free(all);
	snprintf(n->target, sizeof(n->target), "iqn.2003-01.org.example:b");
	portal_parse("10.0.1.1", &p, err, sizeof(err));
	tap_ok(node_add_portal(n, &p) == 1 && node_add_portal(n, &p) == 0,
	       "a portal is added once");
	tap_ok(!node_save(dir, n, err, sizeof(err)), "a record is saved (%s)", err);
	snprintf(n->target, sizeof(n->target), "iqn.2003-01.org.example:a");
	tap_ok(!node_save(dir, n, err, sizeof(err)), "a second record is saved");
	tap_ok(count_files(dir) == 2, "no temporary files are left behind");
	tap_ok(!node_load_all(dir, &all, &count, err, sizeof(err)) && count == 2 &&
	       !strcmp(all[0].target, "iqn.2003-01.org.example:a"),
	       "records load sorted by target");
	free(all);
	tap_ok(node_load(dir, "iqn.2003-01.org.example:zz", n, err, sizeof(err)) == 0,
	       "a missing record is reported as missing");
	n->target[0] = '\0';
	tap_ok(node_save(dir, n, err, sizeof(err)) && strstr(err, "no target"),
	       "an incomplete record is not saved (%s)", err);
	tap_ok(node_path(dir, "../escape", path, sizeof(path)) &&
	       node_path(dir, "a/b", path, sizeof(path)),
	       "a target cannot name a file outside the store");
	/* A record whose name does not match its target, then a broken one. */
	snprintf(path, sizeof(path), "%s/iqn.2003-01.org.example:c.conf", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "target = iqn.x:other\nportal = 1.2.3.4\n", 38) == 38,
	       "a mismatched record is planted");
	close(fd);
	tap_ok(node_load_all(dir, &all, &count, err, sizeof(err)) &&
	       strstr(err, "does not match") && strstr(err, path),
	       "a record under the wrong name fails the load (%s)", err);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	tap_ok(fd >= 0 && write(fd, "target = iqn.2003-01.org.example:c\nportal = 1.2.3.4\nx\n", 53) == 53,
	       "a malformed record is planted");
	close(fd);
	tap_ok(node_load_all(dir, &all, &count, err, sizeof(err)) &&
	       strstr(err, path) && strstr(err, ":3: "),
	       "a malformed record fails the whole load with file:line (%s)", err);
	tap_ok(node_remove(dir, "iqn.2003-01.org.example:c", err, sizeof(err)) == 1 &&
	       node_remove(dir, "iqn.2003-01.org.example:c", err, sizeof(err)) == 0,
	       "remove deletes once, then reports nothing to delete");
	free(n);
}

#define ST(s) s, sizeof(s) - 1

static void test_sendtargets(void)
{
	static const char two[] =
		"TargetName=iqn.2003-01.org.example:a\0"
		"TargetAddress=10.0.1.1:3260,1\0"
		"TargetAddress=10.0.2.1:3261,2\0"
		"TargetAlias=disks\0"
		"TargetName=iqn.2003-01.org.example:b\0"
		"TargetAddress=[fd00::1]:3260,1\0"
		"TargetAddress=[fe80::1]:3260,1\0"
		"TargetAddress=storage.example.com:3260,1\0"
		"TargetAddress=10.0.3.1,7\0";
	static const struct {
		const char *text;
		size_t len;
		const char *why;
	} bad[] = {
		{ ST("TargetName=iqn.2003-01.org.example:a"), "NUL" },
		{ ST("TargetAddress=10.0.1.1:3260,1\0"), "before any TargetName" },
		{ ST("TargetName\0"), "key=value" },
		{ ST("=x\0"), "key=value" },
		{ ST("TargetName=not-a-name\0"), "not an iSCSI name" },
	};
	unsigned int lo = if_nametoindex("lo");
	struct disc_result r;
	char err[256], buf[128], *big;
	struct portal p;
	uint32_t tpgt;
	size_t i, off;

	disc_init(&r);
	tap_ok(!st_parse(two, sizeof(two) - 1, lo, &r, err, sizeof(err)) &&
	       r.ntargets == 2, "two targets are found (%s)", err);
	tap_ok(r.t[0].nportals == 2 && r.t[0].portals[1].p.port == 3261 &&
	       r.t[0].portals[1].tpgt == 2, "a target's portals and tags are kept");
	portal_format(&r.t[1].portals[1].p, buf, sizeof(buf));
	tap_ok(r.t[1].nportals == 3 && r.t[1].portals[0].p.family == AF_INET6 &&
	       r.t[1].portals[1].p.scope == lo,
	       "IPv6 portals, link-local on the discovery interface (%s)", buf);
	tap_ok(r.t[1].portals[2].p.port == 3260 && r.t[1].portals[2].tpgt == 7,
	       "an address without a port gets 3260");
	tap_ok(r.skipped == 1, "a host name is skipped, not resolved");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		tap_ok(st_parse(bad[i].text, bad[i].len, 0, &r, err, sizeof(err)) &&
		       strstr(err, bad[i].why) && r.ntargets == 2,
		       "malformed response %zu refused, result untouched: %s", i, err);
	}
	/* Many portals for one target: bounded. */
	big = malloc(64 * 1024);
	off = snprintf(big, 64 * 1024, "TargetName=iqn.2003-01.org.example:m") + 1;
	for (i = 0; i < DISC_MAX_PORTALS + 5; i++)
		off += snprintf(big + off, 64 * 1024 - off,
				"TargetAddress=10.0.%zu.1:3260,1", i) + 1;
	tap_ok(!st_parse(big, off, 0, &r, err, sizeof(err)) && r.ntargets == 1 &&
	       r.t[0].nportals == DISC_MAX_PORTALS && r.skipped == 5,
	       "portals beyond %d are counted, not stored", DISC_MAX_PORTALS);
	memset(big, 'A', 64 * 1024);
	memcpy(big, "TargetName=", 11);
	tap_ok(st_parse(big, 300, 0, &r, err, sizeof(err)) &&
	       strstr(err, "NUL"), "an overlong value without NUL is refused");
	big[299] = '\0';
	tap_ok(st_parse(big, 300, 0, &r, err, sizeof(err)) &&
	       strstr(err, "longer"), "a value over 255 bytes is refused (%s)", err);
	tap_ok(st_parse(big, ST_TEXT_MAX + 1, 0, &r, err, sizeof(err)) &&
	       strstr(err, "larger"), "a response over the cap is refused");
	free(big);
	tap_ok(!st_parse("", 0, 0, &r, err, sizeof(err)) && !r.ntargets,
	       "an empty response means no targets");
	tap_ok(!disc_parse_address("[fd00::5]:99,3", 0, &p, &tpgt, err, sizeof(err)) &&
	       p.port == 99 && tpgt == 3, "TargetAddress [v6]:port,tag");
	tap_ok(disc_parse_address("10.0.0.1:3260,70000", 0, &p, &tpgt, err,
				  sizeof(err)), "a tag over 65535 is refused");
	disc_free(&r);
}

/* Build a DevAttrQryRsp payload: status, key echo, delimiter, then TLVs. */
static size_t rsp_put(uint8_t *b, size_t off, uint32_t tag, const void *v,
		      uint32_t len)
{
	uint32_t t = htonl(tag), l = htonl(len);

	memcpy(b + off, &t, 4);
	memcpy(b + off + 4, &l, 4);
	if (len)
		memcpy(b + off + 8, v, len);
	return off + 8 + len;
}

static void test_isns(void)
{
	static const uint8_t v4[16] = { [10] = 0xff, [11] = 0xff, 10, 0, 1, 1 };
	static const uint8_t v4c[16] = { [12] = 10, 0, 2, 1 };
	static const uint8_t v6[16] = { 0xfd, [15] = 1 };
	char name[40] = "iqn.2003-01.org.example:i";
	uint8_t pdu[512], b[1024];
	uint32_t be, port = htonl(3260), udp = htonl(0x10000 | 3260);
	uint32_t type = htonl(ISNS_NODE_TARGET), tag1 = htonl(1);
	struct isns_hdr h;
	struct disc_result r;
	char err[256];
	size_t off;
	int len;

	len = isns_build_query(pdu, sizeof(pdu), 0x1234, "iqn.2026-11.org.kiscsi:me");
	isns_hdr_get(pdu, &h);
	tap_ok(len > ISNS_HDR_LEN && h.version == 1 &&
	       h.function == ISNS_DEV_ATTR_QRY && h.length == len - ISNS_HDR_LEN &&
	       h.xid == 0x1234 && (h.flags & ISNS_F_CLIENT) &&
	       (h.flags & ISNS_F_LAST) && (h.flags & ISNS_F_FIRST),
	       "a DevAttrQry header");
	memcpy(&be, pdu + 12, 4);
	tap_ok(ntohl(be) == ISNS_TAG_ISCSI_NAME &&
	       !memcmp(pdu + 20, "iqn.2026-11.org.kiscsi:me", 26) &&
	       len % 4 == 0, "the source attribute comes first, padded");
	tap_ok(isns_build_query(pdu, 30, 1, "iqn.x:y") < 0,
	       "a query does not overrun a small buffer");

	memset(b, 0, sizeof(b));
	off = 4;			/* status 0 */
	off = rsp_put(b, off, ISNS_TAG_NODE_TYPE, &type, 4);
	off = rsp_put(b, off, ISNS_TAG_DELIMITER, NULL, 0);
	off = rsp_put(b, off, ISNS_TAG_ISCSI_NAME, name, 28);
	off = rsp_put(b, off, ISNS_TAG_NODE_TYPE, &type, 4);
	off = rsp_put(b, off, ISNS_TAG_PORTAL_IP, v4, 16);
	off = rsp_put(b, off, ISNS_TAG_PORTAL_PORT, &port, 4);
	off = rsp_put(b, off, ISNS_TAG_PORTAL_IP, v6, 16);
	off = rsp_put(b, off, ISNS_TAG_PORTAL_PORT, &udp, 4);
	off = rsp_put(b, off, ISNS_TAG_PG_ISCSI_NAME, name, 28);
	off = rsp_put(b, off, ISNS_TAG_PG_PORTAL_IP, v4c, 16);
	off = rsp_put(b, off, ISNS_TAG_PG_PORTAL_PORT, &port, 4);
	off = rsp_put(b, off, ISNS_TAG_PG_TAG, &tag1, 4);
	disc_init(&r);
	tap_ok(!isns_parse_response(b, off, &r, err, sizeof(err)) &&
	       r.ntargets == 1 && !strcmp(r.t[0].name, name),
	       "a target is found in a DevAttrQryRsp (%s)", err);
	tap_ok(r.t[0].nportals == 2 && r.t[0].portals[0].p.family == AF_INET &&
	       r.t[0].portals[1].p.family == AF_INET &&
	       r.t[0].portals[1].p.addr[2] == 2 && r.t[0].portals[1].tpgt == 1,
	       "entity and portal-group portals, v4-mapped and v4-compatible; UDP ignored");
	tap_ok(isns_parse_response(b, off - 2, &r, err, sizeof(err)) &&
	       strstr(err, "past"), "a truncated value is refused (%s)", err);
	tap_ok(isns_parse_response(b, off - 8, &r, err, sizeof(err)) == 0 ||
	       strstr(err, "truncated"), "a message cut at an attribute boundary parses");
	tap_ok(isns_parse_response(b, off - 9, &r, err, sizeof(err)) &&
	       (strstr(err, "truncated") || strstr(err, "past")),
	       "a message cut inside an attribute header is refused (%s)", err);
	be = htonl(0xfffffff8);
	memcpy(b + off - 4 - 4, &be, 4);	/* PG tag length: huge */
	tap_ok(isns_parse_response(b, off, &r, err, sizeof(err)) &&
	       strstr(err, "past"), "a huge attribute length is refused");
	be = htonl(3);
	memcpy(b + 4 + 12 + 8 + 28 + 4, &be, 4);	/* node type length 3 */
	tap_ok(isns_parse_response(b, off, &r, err, sizeof(err)),
	       "an attribute of the wrong size is refused (%s)", err);
	be = htonl(9);
	memcpy(b, &be, 4);
	tap_ok(isns_parse_response(b, off, &r, err, sizeof(err)) &&
	       strstr(err, "no such entry"), "a server status is reported (%s)", err);
	tap_ok(isns_parse_response(b, 3, &r, err, sizeof(err)),
	       "a response without a status is refused");
	/* A name without its NUL is skipped, not read past. */
	memset(b, 0, sizeof(b));
	off = 4;
	off = rsp_put(b, off, ISNS_TAG_DELIMITER, NULL, 0);
	memset(name, 'x', sizeof(name));
	off = rsp_put(b, off, ISNS_TAG_ISCSI_NAME, name, 40);
	disc_free(&r);
	disc_init(&r);
	tap_ok(!isns_parse_response(b, off, &r, err, sizeof(err)) &&
	       !r.ntargets && r.skipped == 1, "an unterminated name is skipped");
	disc_free(&r);
}

static void test_event(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], out[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	struct kevent ev;
	struct json j;
	FILE *f;

	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = KISCSI_CMD_EVENT;
	mnl_attr_put_u32(nlh, KISCSI_A_EVENT, KISCSI_EVENT_CONN_FAILED);
	mnl_attr_put_u32(nlh, KISCSI_A_SESSION_ID, 7);
	mnl_attr_put_strz(nlh, KISCSI_A_TARGET_NAME, "iqn.2003-01.org.example:a");
	mnl_attr_put_u32(nlh, KISCSI_A_REASON, KISCSI_REASON_PING_TIMEOUT);
	mnl_attr_put_strz(nlh, KISCSI_A_MESSAGE, "no answer\nin 5 s");
	tap_ok(!kevent_from_msg(nlh, &ev) && ev.session == 7 &&
	       ev.event == KISCSI_EVENT_CONN_FAILED, "an event parses");
	f = fmemopen(out, sizeof(out), "w");
	kevent_print(f, &ev);
	fclose(f);
	tap_ok(!strncmp(out, "session 7 iqn.2003-01.org.example:a: connection failed (ping timeout", 68) &&
	       strstr(out, "): no answer?in 5 s\n") && !strchr(out, '\n')[1],
	       "an event prints on one line: %s", out);
	f = fmemopen(out, sizeof(out), "w");
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	kevent_json(&j, &ev);
	json_obj_end(&j);
	json_end(&j);
	fclose(f);
	tap_ok(strstr(out, "\"event\":\"conn-failed\"") &&
	       strstr(out, "\"reason\":\"ping-timeout\""), "an event as JSON: %s", out);
	g->cmd = KISCSI_CMD_GET_SESSION;
	tap_ok(kevent_from_msg(nlh, &ev), "other messages are not events");
	tap_ok(!strcmp(kevent_token(999), "unknown"), "an unknown event has a name");
}
