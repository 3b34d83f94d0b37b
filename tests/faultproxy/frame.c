// SPDX-License-Identifier: GPL-2.0
/*
 * Stream framer: turns one direction of an iSCSI byte stream into whole
 * PDUs (RFC 7143 §11.2: BHS, AHS, HeaderDigest, data, pad, DataDigest).
 *
 * The BHS is sized by isc_pdu_check_bhs(), the same first-stage check the
 * kernel's receive path uses. A proxy must stay in step even with a peer
 * the core would refuse, so a refused BHS is counted and then sized from
 * the TotalAHSLength/DataSegmentLength fields of struct iscsi_hdr.
 */
#include "fp.h"

/* A proxy imposes no limits of its own: the endpoints do. */
static const struct isc_pdu_ctx frame_ctx_base = {
	.max_recv_dsl = ISC_DSL_MAX,
	.max_burst = U32_MAX,
	.erl = 2,
};

/**
 * fp_pdu_alloc() - allocate a zeroed PDU buffer of the right wire size
 * @ahs_len: TotalAHSLength in bytes
 * @data_len: DataSegmentLength
 * @hd: room for a header digest
 * @dd: room for a data digest (only used when @data_len is not 0)
 *
 * Return: the PDU, or NULL when out of memory.
 */
struct fp_pdu *fp_pdu_alloc(u32 ahs_len, u32 data_len, bool hd, bool dd)
{
	size_t len = ISCSI_HDR_LEN + (size_t)ahs_len +
		     (hd ? ISC_DIGEST_LEN : 0) + isc_padded(data_len) +
		     (dd && data_len ? ISC_DIGEST_LEN : 0);
	struct fp_pdu *p = calloc(1, sizeof(*p) + len);

	if (!p)
		return NULL;
	p->len = len;
	p->ahs_len = ahs_len;
	p->data_len = data_len;
	p->hd = hd;
	p->dd = dd;
	return p;
}

/**
 * fp_pdu_fix_hdigest() - recompute the header digest after an edit
 * @p: the PDU; nothing happens when it has no header digest
 */
void fp_pdu_fix_hdigest(struct fp_pdu *p)
{
	if (p->hd)
		isc_digest_put(fp_pdu_hdigest(p),
			       isc_crc32c(p->buf, fp_pdu_hdr_len(p)));
}

/**
 * fp_pdu_seal() - compute both digests of a PDU the proxy built
 * @p: the PDU (padding is already zero from fp_pdu_alloc())
 */
void fp_pdu_seal(struct fp_pdu *p)
{
	fp_pdu_fix_hdigest(p);
	if (fp_pdu_has_ddigest(p))
		isc_digest_put(fp_pdu_ddigest(p),
			       isc_data_digest(fp_pdu_data(p), p->data_len));
}

void fp_framer_init(struct fp_framer *f, enum isc_pdu_role role)
{
	memset(f, 0, sizeof(*f));
	f->role = role;
	f->login = true;
}

void fp_framer_free(struct fp_framer *f)
{
	free(f->cur);
	f->cur = NULL;
	f->have = 0;
}

/**
 * fp_framer_idle() - no partial PDU is buffered
 * @f: framer
 *
 * Return: true at a PDU boundary.
 */
bool fp_framer_idle(const struct fp_framer *f)
{
	return !f->cur && !f->have;
}

/**
 * fp_framer_space() - where the next bytes of the stream go
 * @f: framer
 * @room: out: how many bytes may be stored there; never past the end of
 *	  the current BHS or PDU
 *
 * Return: the buffer to read into.
 */
u8 *fp_framer_space(struct fp_framer *f, size_t *room)
{
	if (!f->cur) {
		*room = ISCSI_HDR_LEN - f->have;
		return f->bhs + f->have;
	}
	*room = f->cur->len - f->have;
	return f->cur->buf + f->have;
}

/* The BHS is complete: size the PDU and allocate it. */
static int frame_size(struct fp_framer *f)
{
	struct isc_pdu_ctx ctx = frame_ctx_base;
	struct isc_pdu_lens lens;
	bool hd = !f->login && f->hd, dd = !f->login && f->dd;

	ctx.role = f->role;
	ctx.login = f->login;
	if (isc_pdu_check_bhs(f->bhs, ISCSI_HDR_LEN, &ctx, &lens)) {
		struct iscsi_hdr h;

		memcpy(&h, f->bhs, sizeof(h));
		lens.ahs_len = (u32)h.hlength * ISC_AHS_WORD;
		lens.data_len = isc_get_dsl(h.dlength);
		f->refused++;
	}
	f->cur = fp_pdu_alloc(lens.ahs_len, lens.data_len, hd, dd);
	if (!f->cur)
		return -ENOMEM;
	memcpy(f->cur->buf, f->bhs, ISCSI_HDR_LEN);
	return 0;
}

/**
 * fp_framer_advance() - account for bytes stored at fp_framer_space()
 * @f: framer
 * @n: bytes stored (at most the room offered)
 *
 * Return: 1 when a whole PDU is ready for fp_framer_take(), 0 when more
 * bytes are needed, -ENOMEM.
 */
int fp_framer_advance(struct fp_framer *f, size_t n)
{
	int err;

	f->have += n;
	if (!f->cur) {
		if (f->have < ISCSI_HDR_LEN)
			return 0;
		err = frame_size(f);
		if (err)
			return err;
	}
	return f->have == f->cur->len;
}

/**
 * fp_framer_take() - hand over the completed PDU
 * @f: framer, after fp_framer_advance() returned 1
 *
 * Return: the PDU; the caller owns it.
 */
struct fp_pdu *fp_framer_take(struct fp_framer *f)
{
	struct fp_pdu *p = f->cur;

	f->cur = NULL;
	f->have = 0;
	return p;
}

/* ---- queues ---- */

void fp_queue_init(struct fp_queue *q)
{
	q->head = NULL;
	q->tail = &q->head;
	q->bytes = 0;
}

void fp_queue_push(struct fp_queue *q, struct fp_pdu *p)
{
	p->next = NULL;
	*q->tail = p;
	q->tail = &p->next;
	q->bytes += p->len - p->sent;
}

struct fp_pdu *fp_queue_pop(struct fp_queue *q)
{
	struct fp_pdu *p = q->head;

	if (!p)
		return NULL;
	q->head = p->next;
	if (!q->head)
		q->tail = &q->head;
	q->bytes -= p->len - p->sent;
	p->next = NULL;
	return p;
}

void fp_queue_purge(struct fp_queue *q)
{
	struct fp_pdu *p;

	while ((p = fp_queue_pop(q)))
		free(p);
}
