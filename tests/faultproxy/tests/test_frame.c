// SPDX-License-Identifier: GPL-2.0
/*
 * test_frame.c - the stream framer: PDU sizes with and without digests,
 * padding, AHS, arbitrary read splits, refused headers.
 */
#include "fpt.h"

/* Push @len bytes through @f in @chunk-byte reads; collect whole PDUs. */
static int frame_all(struct fp_framer *f, const u8 *buf, size_t len,
		     size_t chunk, struct fp_pdu **out, int max)
{
	size_t off = 0;
	int n = 0;

	while (off < len) {
		size_t room, k = len - off;
		u8 *at = fp_framer_space(f, &room);
		int r;

		if (k > chunk)
			k = chunk;
		if (k > room)
			k = room;
		memcpy(at, buf + off, k);
		off += k;
		r = fp_framer_advance(f, k);
		if (r < 0)
			return -1;
		if (r == 1) {
			if (n == max)
				return -1;
			out[n++] = fp_framer_take(f);
		}
	}
	return n;
}

static void base(struct isc_pdu *pdu, u8 opcode)
{
	memset(pdu, 0, sizeof(*pdu));
	pdu->opcode = opcode;
	pdu->final = true;
	pdu->itt = 0x10;
	pdu->ttt = ISCSI_RESERVED_TAG;
}

/* One PDU through the framer, fed @chunk bytes at a time. */
static bool one(const char *name, struct fp_pdu *p, bool login, bool hd,
		bool dd, enum isc_pdu_role role, size_t chunk)
{
	struct fp_framer f;
	struct fp_pdu *out[2];
	bool ok = true;
	int n;

	fp_framer_init(&f, role);
	f.login = login;
	f.hd = hd;
	f.dd = dd;
	n = frame_all(&f, p->buf, p->len, chunk, out, 2);
	EXPECT(n == 1);
	if (n == 1) {
		EXPECT(out[0]->len == p->len);
		EXPECT(!memcmp(out[0]->buf, p->buf, p->len));
		EXPECT(out[0]->data_len == p->data_len);
		EXPECT(out[0]->ahs_len == p->ahs_len);
		free(out[0]);
	}
	EXPECT(fp_framer_idle(&f) && !f.refused);
	fp_framer_free(&f);
	free(p);
	return tap_ok(ok, "frame: %s", name);
}

static void sizes(void)
{
	static const char keys[] = "HeaderDigest=CRC32C\0DataDigest=None";
	struct isc_pdu pdu;
	struct fp_pdu *p;
	u8 data[1001];

	memset(data, 0x5a, sizeof(data));
	base(&pdu, ISCSI_OP_LOGIN);
	pdu.login.csg = ISC_STAGE_OP;
	pdu.data_len = sizeof(keys);
	p = fpt_mk(&pdu, keys, false, false);
	tap_ok(p->len == ISCSI_HDR_LEN + isc_padded(sizeof(keys)),
	       "frame: login PDU is BHS + padded keys");
	one("login request byte by byte", p, true, false, false,
	    ISC_FROM_INITIATOR, 1);

	base(&pdu, ISCSI_OP_SCSI_DATA_IN);
	pdu.final = false;
	pdu.data_len = sizeof(data);
	p = fpt_mk(&pdu, data, true, true);
	tap_ok(p->len == ISCSI_HDR_LEN + 4 + 1004 + 4,
	       "frame: Data-In 1001 bytes with both digests is 1060 bytes");
	one("Data-In, both digests, 7-byte reads", p, false, true, true,
	    ISC_FROM_TARGET, 7);

	base(&pdu, ISCSI_OP_R2T);
	pdu.ttt = 5;
	pdu.r2t.length = 4096;
	p = fpt_mk(&pdu, NULL, true, true);
	tap_ok(p->len == ISCSI_HDR_LEN + 4,
	       "frame: R2T with digests on: no data digest without data");
	one("R2T, header digest only", p, false, true, true, ISC_FROM_TARGET,
	    4096);

	base(&pdu, ISCSI_OP_SCSI_DATA_IN);
	pdu.data_len = 6;
	p = fpt_mk(&pdu, data, false, true);
	one("Data-In, data digest only, pad 2", p, false, false, true,
	    ISC_FROM_TARGET, 3);

	base(&pdu, ISCSI_OP_SCSI_CMD);
	pdu.cmd.read = true;
	pdu.cmd.exp_len = 512;
	pdu.cmd.cdb_len = 32;
	p = fpt_mk(&pdu, NULL, true, false);
	tap_ok(p->ahs_len == 20,
	       "frame: 32-byte CDB needs a 20-byte extended CDB AHS");
	one("SCSI Command with AHS and header digest", p, false, true, false,
	    ISC_FROM_INITIATOR, 5);
}

/* Many PDUs back to back, every split size from 1 to 97. */
static void stream(void)
{
	struct fp_pdu *src[4], *out[5];
	struct isc_pdu pdu;
	size_t len = 0, chunk;
	u8 buf[8192], data[3000];
	bool ok = true;
	int i, n;

	memset(data, 0x33, sizeof(data));
	base(&pdu, ISCSI_OP_SCSI_DATA_IN);
	pdu.data_len = 3000;
	src[0] = fpt_mk(&pdu, data, true, true);
	base(&pdu, ISCSI_OP_NOOP_IN);
	pdu.data_len = 3;
	src[1] = fpt_mk(&pdu, data, true, true);
	base(&pdu, ISCSI_OP_SCSI_CMD_RSP);
	src[2] = fpt_mk(&pdu, NULL, true, true);
	base(&pdu, ISCSI_OP_SCSI_DATA_IN);
	pdu.data_len = 17;
	src[3] = fpt_mk(&pdu, data, true, true);
	for (i = 0; i < 4; i++) {
		memcpy(buf + len, src[i]->buf, src[i]->len);
		len += src[i]->len;
	}
	for (chunk = 1; chunk < 98; chunk++) {
		struct fp_framer f;

		fp_framer_init(&f, ISC_FROM_TARGET);
		f.login = false;
		f.hd = f.dd = true;
		n = frame_all(&f, buf, len, chunk, out, 5);
		if (n != 4) {
			tap_diag("chunk %zu: %d PDUs", chunk, n);
			ok = false;
		}
		for (i = 0; i < n; i++) {
			if (i < 4 && (out[i]->len != src[i]->len ||
				      memcmp(out[i]->buf, src[i]->buf,
					     src[i]->len)))
				ok = false;
			free(out[i]);
		}
		if (!fp_framer_idle(&f))
			ok = false;
		fp_framer_free(&f);
	}
	for (i = 0; i < 4; i++)
		free(src[i]);
	tap_ok(ok, "frame: four PDUs back to back, every read size 1..97");
}

/* The space offered never crosses a PDU boundary. */
static void boundary(void)
{
	struct fp_framer f;
	struct isc_pdu pdu;
	struct fp_pdu *p;
	size_t room;
	bool ok = true;

	base(&pdu, ISCSI_OP_NOOP_IN);
	pdu.data_len = 10;
	p = fpt_mk(&pdu, "0123456789", false, false);
	fp_framer_init(&f, ISC_FROM_TARGET);
	f.login = false;
	fp_framer_space(&f, &room);
	EXPECT(room == ISCSI_HDR_LEN);
	memcpy(fp_framer_space(&f, &room), p->buf, ISCSI_HDR_LEN);
	EXPECT(fp_framer_advance(&f, ISCSI_HDR_LEN) == 0);
	fp_framer_space(&f, &room);
	EXPECT(room == 12);
	memcpy(fp_framer_space(&f, &room), p->buf + ISCSI_HDR_LEN, 12);
	EXPECT(fp_framer_advance(&f, 12) == 1);
	free(fp_framer_take(&f));
	fp_framer_space(&f, &room);
	EXPECT(room == ISCSI_HDR_LEN);
	fp_framer_free(&f);
	free(p);
	tap_ok(ok, "frame: room offered stops at the BHS and at the PDU end");
}

/* A header the core refuses is framed from its length fields. */
static void refused(void)
{
	struct fp_framer f;
	struct isc_pdu pdu;
	struct fp_pdu *p, *out[2];
	struct iscsi_hdr h;
	bool ok = true;
	int n;

	base(&pdu, ISCSI_OP_NOOP_IN);
	pdu.data_len = 8;
	p = fpt_mk(&pdu, "abcdefgh", false, false);
	memcpy(&h, p->buf, sizeof(h));
	h.opcode = 0x27;	/* unassigned */
	memcpy(p->buf, &h, sizeof(h));
	fp_framer_init(&f, ISC_FROM_TARGET);
	f.login = false;
	n = frame_all(&f, p->buf, p->len, 1000, out, 2);
	EXPECT(n == 1 && f.refused == 1);
	if (n == 1) {
		EXPECT(out[0]->len == ISCSI_HDR_LEN + 8);
		free(out[0]);
	}
	fp_framer_free(&f);
	free(p);
	tap_ok(ok, "frame: refused BHS (opcode 0x27) still framed, counted");

	/* Login-phase framing of a non-login PDU: refused, still sized. */
	base(&pdu, ISCSI_OP_NOOP_IN);
	p = fpt_mk(&pdu, NULL, false, false);
	fp_framer_init(&f, ISC_FROM_TARGET);
	ok = true;
	n = frame_all(&f, p->buf, p->len, 1000, out, 2);
	EXPECT(n == 1 && f.refused == 1);
	if (n == 1)
		free(out[0]);
	fp_framer_free(&f);
	free(p);
	tap_ok(ok, "frame: NOP-In during login refused by phase, still framed");
}

static void partial_free(void)
{
	struct fp_framer f;
	struct isc_pdu pdu;
	struct fp_pdu *p;
	size_t room;

	base(&pdu, ISCSI_OP_NOOP_IN);
	pdu.data_len = 100;
	p = fpt_mk(&pdu, NULL, false, false);
	fp_framer_init(&f, ISC_FROM_TARGET);
	f.login = false;
	memcpy(fp_framer_space(&f, &room), p->buf, ISCSI_HDR_LEN);
	fp_framer_advance(&f, ISCSI_HDR_LEN);
	tap_ok(!fp_framer_idle(&f), "frame: half a PDU is not idle");
	fp_framer_free(&f);	/* ASan: no leak of the partial PDU */
	free(p);
}

int main(void)
{
	sizes();
	stream();
	boundary();
	refused();
	partial_free();
	return tap_done();
}
