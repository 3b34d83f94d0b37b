// SPDX-License-Identifier: GPL-2.0
/*
 * StatSN renumbering (RFC 7143 §4.2.2.2, §11.2.1).
 *
 * An injected PDU that carries a StatSN takes the number the target was
 * going to use next, so from then on the initiator numbers status one
 * higher than the target does. Target→initiator StatSNs are shifted up
 * and initiator→target ExpStatSNs down, with serial arithmetic (RFC 1982)
 * so that the 2^32 wrap is no special case.
 */
#include "fp.h"

/**
 * fp_sn_active() - any renumbering in force
 * @m: map
 *
 * Return: true once a StatSN-carrying PDU was injected.
 */
bool fp_sn_active(const struct fp_sn_map *m)
{
	return m->base || m->npend;
}

/**
 * fp_sn_to_ini() - a target StatSN as the initiator must see it
 * @m: map
 * @statsn: StatSN from the target
 *
 * Return: @statsn shifted past every injected PDU.
 */
u32 fp_sn_to_ini(const struct fp_sn_map *m, u32 statsn)
{
	return statsn + m->base + m->npend;
}

/**
 * fp_sn_to_tgt() - an initiator ExpStatSN as the target must see it
 * @m: map; injected PDUs the initiator has now passed are folded into
 *     @m->base
 * @exp_statsn: ExpStatSN from the initiator
 *
 * Return: @exp_statsn less the injected PDUs below it.
 */
u32 fp_sn_to_tgt(struct fp_sn_map *m, u32 exp_statsn)
{
	u32 i, kept = 0;

	for (i = 0; i < m->npend; i++) {
		if (isc_sn_lt(m->pend[i], exp_statsn))
			m->base++;
		else
			m->pend[kept++] = m->pend[i];
	}
	m->npend = kept;
	return exp_statsn - m->base;
}

/**
 * fp_sn_inject() - record an injected PDU that took StatSN @statsn
 * @m: map
 * @statsn: the StatSN it carries, in the initiator's numbering
 *
 * Return: 0, or -ENOSPC when too many injected PDUs are unacknowledged.
 */
int fp_sn_inject(struct fp_sn_map *m, u32 statsn)
{
	if (m->npend == FP_SN_PEND_MAX)
		return -ENOSPC;
	m->pend[m->npend++] = statsn;
	return 0;
}
