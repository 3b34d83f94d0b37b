/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fpt.h - helpers shared by the faultproxy unit tests: build wire PDUs
 * with the protocol core, push bytes through a connection's framers and
 * the engine, and check what came out.
 */
#ifndef KISCSI_FAULTPROXY_FPT_H
#define KISCSI_FAULTPROXY_FPT_H

#include "tap.h"
#include "fp.h"

/* A wire PDU for @pdu with @data (zeros if NULL) and the given digests. */
static inline struct fp_pdu *fpt_mk(const struct isc_pdu *pdu,
				    const void *data, bool hd, bool dd)
{
	u8 hdr[ISCSI_HDR_LEN + ISC_AHS_MAX];
	int n = isc_pdu_build(pdu, hdr, sizeof(hdr));
	struct fp_pdu *p;

	if (n < 0)
		return NULL;
	p = fp_pdu_alloc(n - ISCSI_HDR_LEN, pdu->data_len, hd, dd);
	memcpy(p->buf, hdr, n);
	if (data && pdu->data_len)
		memcpy(fp_pdu_data(p), data, pdu->data_len);
	fp_pdu_seal(p);
	return p;
}

static inline bool fpt_hd_ok(struct fp_pdu *p)
{
	return p->hd && isc_digest_ok(fp_pdu_hdigest(p),
				      isc_crc32c(p->buf, fp_pdu_hdr_len(p)));
}

static inline bool fpt_dd_ok(struct fp_pdu *p)
{
	return fp_pdu_has_ddigest(p) &&
	       isc_digest_ok(fp_pdu_ddigest(p),
			     isc_data_digest(fp_pdu_data(p), p->data_len));
}

/* Decode an output PDU (digests skipped); data points into @scratch. */
static inline enum isc_pdu_err fpt_parse(struct fp_pdu *p,
					 enum isc_pdu_role role, bool login,
					 u8 *scratch, size_t cap,
					 struct isc_pdu *pdu)
{
	struct isc_pdu_ctx ctx = {
		.role = role, .login = login, .max_recv_dsl = ISC_DSL_MAX,
		.max_burst = U32_MAX, .erl = 2,
	};
	size_t hdr = fp_pdu_hdr_len(p);

	if (hdr + p->data_len > cap)
		return ISC_PDU_ERR_SHORT;
	memcpy(scratch, p->buf, hdr);
	memcpy(scratch + hdr, fp_pdu_data(p), p->data_len);
	return isc_pdu_parse(scratch, hdr + p->data_len, &ctx, pdu);
}

/*
 * Feed @p's bytes into @c's framer for @from in chunks of @chunk bytes,
 * handing every completed PDU to the engine. Frees @p.
 * Returns the number of PDUs the framer produced, or -1 on error.
 */
static inline int fpt_feed(struct fp_core *core, struct fp_conn *c,
			   enum fp_side from, struct fp_pdu *p, size_t chunk)
{
	struct fp_framer *f = &c->rx[from];
	size_t off = 0;
	int n = 0;

	while (off < p->len) {
		size_t room, k;
		u8 *at = fp_framer_space(f, &room);
		int r;

		k = p->len - off;
		if (k > chunk)
			k = chunk;
		if (k > room)
			k = room;
		memcpy(at, p->buf + off, k);
		off += k;
		r = fp_framer_advance(f, k);
		if (r < 0) {
			free(p);
			return -1;
		}
		if (r == 1) {
			if (fp_conn_rx(core, c, from, fp_framer_take(f))) {
				free(p);
				return -1;
			}
			n++;
		}
	}
	free(p);
	return n;
}

/* Take the next PDU queued towards @to (caller frees). */
static inline struct fp_pdu *fpt_out(struct fp_conn *c, enum fp_side to)
{
	return fp_queue_pop(&c->txq[to]);
}

static inline u32 fpt_count(const struct fp_queue *q)
{
	const struct fp_pdu *p;
	u32 n = 0;

	for (p = q->head; p; p = p->next)
		n++;
	return n;
}

#endif /* KISCSI_FAULTPROXY_FPT_H */
