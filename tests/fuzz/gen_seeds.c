// SPDX-License-Identifier: GPL-2.0
/*
 * gen_seeds.c - writes the seed corpora under corpus/<target>/ from the
 * builders themselves, so seeds stay valid as the code evolves.
 * Run by `make seeds`; the output is committed.
 */
#include <stdio.h>
#include "pdu.h"

static void out(const char *dir, const char *name, const u8 *b, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "corpus/%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, n, f) != n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static size_t pdu(u8 *buf, u8 sel, struct isc_pdu *p, const char *text,
		  size_t tlen)
{
	int hl;

	buf[0] = sel;
	p->data_len = tlen;
	hl = isc_pdu_build(p, buf + 1, 4096);
	if (tlen)
		memcpy(buf + 1 + hl, text, tlen);
	return 1 + hl + isc_padded(tlen);
}

static void base(struct isc_pdu *p, u8 op)
{
	memset(p, 0, sizeof(*p));
	p->opcode = op;
	p->final = true;
	p->itt = 0x10;
	p->ttt = ISCSI_RESERVED_TAG;
	p->exp_cmdsn = 1;
	p->max_cmdsn = 8;
}

static void pdu_seeds(void)
{
	static const u8 ops[] = {
		ISCSI_OP_NOOP_IN, ISCSI_OP_SCSI_CMD_RSP,
		ISCSI_OP_SCSI_TMFUNC_RSP, ISCSI_OP_TEXT_RSP,
		ISCSI_OP_SCSI_DATA_IN, ISCSI_OP_LOGOUT_RSP, ISCSI_OP_R2T,
		ISCSI_OP_ASYNC_EVENT, ISCSI_OP_REJECT,
	};
	static const u8 iops[] = {
		ISCSI_OP_NOOP_OUT, ISCSI_OP_SCSI_CMD, ISCSI_OP_SCSI_TMFUNC,
		ISCSI_OP_TEXT, ISCSI_OP_SCSI_DATA_OUT, ISCSI_OP_LOGOUT,
		ISCSI_OP_SNACK,
	};
	static u8 buf[8192];
	struct isc_pdu p;
	char name[32];
	unsigned int i;

	for (i = 0; i < sizeof(ops); i++) {
		base(&p, ops[i]);
		if (ops[i] == ISCSI_OP_ASYNC_EVENT || ops[i] == ISCSI_OP_REJECT)
			p.itt = ISCSI_RESERVED_TAG;
		if (ops[i] == ISCSI_OP_R2T) {
			p.ttt = 1;
			p.r2t.length = 4096;
		}
		if (ops[i] == ISCSI_OP_REJECT)
			p.reject.reason = ISCSI_REASON_PROTOCOL_ERROR;
		if (ops[i] == ISCSI_OP_SCSI_DATA_IN) {
			p.dat.has_status = true;
			p.dat.underflow = true;
			p.dat.residual = 10;
		}
		snprintf(name, sizeof(name), "tgt-%02x", ops[i]);
		out("pdu", name, buf,
		    pdu(buf, 0x10, &p, ops[i] == ISCSI_OP_REJECT ?
			(const char *)buf + 100 : "\0\x04sens",
			ops[i] == ISCSI_OP_REJECT ? ISCSI_HDR_LEN :
			(ops[i] == ISCSI_OP_R2T ||
			 ops[i] == ISCSI_OP_LOGOUT_RSP ||
			 ops[i] == ISCSI_OP_SCSI_TMFUNC_RSP) ? 0 : 6));
	}
	for (i = 0; i < sizeof(iops); i++) {
		base(&p, iops[i]);
		p.immediate = true;
		p.cmd.read = true;
		p.cmd.write = true;
		p.cmd.cdb_len = 32;
		p.cmd.bidi_read_len = 512;
		p.tmf.function = 1;
		snprintf(name, sizeof(name), "ini-%02x", iops[i]);
		out("pdu", name, buf, pdu(buf, 0x01, &p, NULL, 0));
	}
	base(&p, ISCSI_OP_LOGIN_RSP);
	p.login.transit = true;
	p.login.nsg = ISC_STAGE_OP;
	out("pdu", "login-rsp", buf, pdu(buf, 0x02, &p, "AuthMethod=None", 16));
}

static void text_seeds(void)
{
	static const char op[] =
		"HeaderDigest=CRC32C,None\0MaxBurstLength=0x10000\0"
		"InitialR2T=Yes\0ImmediateData=No\0X-a=b\0"
		"MaxRecvDataSegmentLength=65536\0TargetAlias=t\0";
	static const char sec[] =
		"AuthMethod=CHAP\0CHAP_A=5\0CHAP_I=1\0CHAP_C=0bAAEC\0";
	u8 buf[512];

	buf[0] = 0x41;
	buf[1] = 7;
	memcpy(buf + 2, op, sizeof(op) - 1);
	out("text", "op", buf, sizeof(op) + 1);
	buf[0] = 0x40;
	buf[1] = 0;
	memcpy(buf + 2, sec, sizeof(sec) - 1);
	out("text", "sec", buf, sizeof(sec) + 1);
}

static size_t login_rec(u8 *buf, struct isc_pdu *p, const char *t, size_t tl)
{
	int hl;

	p->data_len = tl;
	hl = isc_pdu_build(p, buf + 2, 4096);
	memcpy(buf + 2 + hl, t, tl);
	buf[0] = (hl + tl) >> 8;
	buf[1] = (hl + tl) & 0xff;
	return 2 + hl + tl;
}

static void login_seeds(void)
{
	static const u8 isid[ISC_ISID_LEN] = { 0x80, 0, 0, 1, 2, 3 };
	static u8 buf[8192];
	static const char a1[] = "AuthMethod=CHAP\0";
	static const char a2[] = "CHAP_A=5\0CHAP_I=7\0CHAP_C=0x00112233\0";
	static const char a3[] = "CHAP_N=iqn.t\0CHAP_R=0x00000000000000000000000000000000\0";
	static const char o1[] = "MaxBurstLength=65536\0ImmediateData=No\0"
				 "MaxRecvDataSegmentLength=16384\0";
	struct isc_pdu p;
	size_t n = 0;

	base(&p, ISCSI_OP_LOGIN_RSP);
	p.itt = 0x10;
	memcpy(p.login.isid, isid, ISC_ISID_LEN);
	n += login_rec(buf + n, &p, a1, sizeof(a1) - 1);
	n += login_rec(buf + n, &p, a2, sizeof(a2) - 1);
	p.login.transit = true;
	p.login.nsg = ISC_STAGE_OP;
	n += login_rec(buf + n, &p, a3, sizeof(a3) - 1);
	p.login.csg = ISC_STAGE_OP;
	p.login.nsg = ISC_STAGE_FFP;
	p.login.tsih = 5;
	n += login_rec(buf + n, &p, o1, sizeof(o1) - 1);
	out("login", "chap-op-ffp", buf, n);
	base(&p, ISCSI_OP_LOGIN_RSP);
	memcpy(p.login.isid, isid, ISC_ISID_LEN);
	p.login.status_class = ISCSI_STATUS_CLS_REDIRECT;
	p.login.status_detail = 1;
	n = login_rec(buf, &p, "TargetAddress=[::1]:3260,1", 27);
	out("login", "redirect", buf, n);
}

int main(void)
{
	pdu_seeds();
	text_seeds();
	login_seeds();
	return 0;
}
