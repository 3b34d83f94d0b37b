/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kiscsi-faultproxy: a TCP proxy that understands iSCSI PDUs in both
 * directions and injects faults on command (Documentation/fault-injection.md).
 *
 * frame.c   stream framer: bytes -> whole PDUs (BHS, AHS, digests, data)
 * sn.c      StatSN/ExpStatSN renumbering after injected status PDUs
 * engine.c  per-connection protocol state, rewrites and injections
 * ctl.c     control command parser
 * main.c    sockets, poll loop, control socket, signals
 *
 * Everything but main.c is pure (no sockets, no clock, no globals), so
 * the unit tests in tests/ drive it with byte buffers; time comes in as
 * fp_core.now_ms.
 */
#ifndef KISCSI_FAULTPROXY_FP_H
#define KISCSI_FAULTPROXY_FP_H

#include <stdio.h>
#include "pdu.h"
#include "digest.h"
#include "text.h"

/* One side of a proxied connection; also indexes per-direction arrays. */
enum fp_side {
	FP_INI,		/* the initiator (accepted socket) */
	FP_TGT,		/* the target (socket we connected) */
};

static inline enum fp_side fp_other(enum fp_side s)
{
	return s == FP_INI ? FP_TGT : FP_INI;
}

/**
 * struct fp_pdu - one complete PDU exactly as on the wire
 * @next: queue link
 * @release_ms: earliest time it may be written (delay fault)
 * @len: bytes in @buf
 * @sent: bytes of @buf already written
 * @ahs_len: TotalAHSLength in bytes
 * @data_len: DataSegmentLength (before padding)
 * @hd: a header digest follows the AHS
 * @dd: a data digest follows the padded data (only if @data_len)
 * @buf: BHS | AHS | [HeaderDigest] | data | pad | [DataDigest]
 */
struct fp_pdu {
	struct fp_pdu *next;
	u64 release_ms;
	u32 len;
	u32 sent;
	u32 ahs_len;
	u32 data_len;
	bool hd;
	bool dd;
	u8 buf[];
};

static inline u32 fp_pdu_hdr_len(const struct fp_pdu *p)
{
	return ISCSI_HDR_LEN + p->ahs_len;
}

static inline u8 *fp_pdu_hdigest(struct fp_pdu *p)
{
	return p->buf + fp_pdu_hdr_len(p);
}

static inline u8 *fp_pdu_data(struct fp_pdu *p)
{
	return p->buf + fp_pdu_hdr_len(p) + (p->hd ? ISC_DIGEST_LEN : 0);
}

static inline bool fp_pdu_has_ddigest(const struct fp_pdu *p)
{
	return p->dd && p->data_len;
}

static inline u8 *fp_pdu_ddigest(struct fp_pdu *p)
{
	return fp_pdu_data(p) + isc_padded(p->data_len);
}

static inline u8 fp_pdu_opcode(const struct fp_pdu *p)
{
	struct iscsi_hdr h;

	memcpy(&h, p->buf, sizeof(h));
	return h.opcode & ISCSI_OPCODE_MASK;
}

struct fp_pdu *fp_pdu_alloc(u32 ahs_len, u32 data_len, bool hd, bool dd);
void fp_pdu_seal(struct fp_pdu *p);
void fp_pdu_fix_hdigest(struct fp_pdu *p);

/* ---- frame.c ---- */

/**
 * struct fp_framer - reassembles PDUs from one direction of a byte stream
 * @role: who sends these bytes (selects the opcode set for the BHS check)
 * @login: connection still in the login phase (no digests, login opcodes)
 * @hd: header digests in force (full feature phase only)
 * @dd: data digests in force (full feature phase only)
 * @bhs: the BHS being read, before the PDU's size is known
 * @cur: the PDU being read, allocated once its BHS is complete
 * @have: bytes of the current PDU received so far
 * @refused: BHSs that isc_pdu_check_bhs() refused; framed anyway from
 *	     the header's length fields so that the stream stays in step
 *
 * The owner changes @login/@hd/@dd between PDUs: fp_framer_space() never
 * offers room past the end of the current PDU, so a PDU that switches
 * the phase is handled before a byte of the next one is read.
 */
struct fp_framer {
	enum isc_pdu_role role;
	bool login;
	bool hd;
	bool dd;
	u8 bhs[ISCSI_HDR_LEN];
	struct fp_pdu *cur;
	u32 have;
	u64 refused;
};

void fp_framer_init(struct fp_framer *f, enum isc_pdu_role role);
void fp_framer_free(struct fp_framer *f);
u8 *fp_framer_space(struct fp_framer *f, size_t *room);
int fp_framer_advance(struct fp_framer *f, size_t n);
struct fp_pdu *fp_framer_take(struct fp_framer *f);
bool fp_framer_idle(const struct fp_framer *f);

/* ---- sn.c ---- */

/* Injected status PDUs the initiator may not have acknowledged yet. */
#define FP_SN_PEND_MAX	16

/**
 * struct fp_sn_map - StatSN offsets introduced by injected PDUs
 * @base: injected PDUs the initiator has acknowledged (ExpStatSN past them)
 * @npend: entries in @pend
 * @pend: initiator-space StatSNs of injected PDUs not yet acknowledged
 *
 * Every injected PDU that advances StatSN makes the initiator's StatSN
 * run one ahead of the target's for the rest of the connection. Target
 * StatSNs are shifted up by all injections (they come after them in the
 * stream); an initiator ExpStatSN is shifted down only by the injections
 * it has already passed, so a value sent before the initiator saw an
 * injected PDU still means the same thing to the target.
 */
struct fp_sn_map {
	u32 base;
	u32 npend;
	u32 pend[FP_SN_PEND_MAX];
};

bool fp_sn_active(const struct fp_sn_map *m);
u32 fp_sn_to_ini(const struct fp_sn_map *m, u32 statsn);
u32 fp_sn_to_tgt(struct fp_sn_map *m, u32 exp_statsn);
int fp_sn_inject(struct fp_sn_map *m, u32 statsn);

/* ---- engine.c ---- */

enum fp_fault {
	FP_F_RESET,
	FP_F_DROP,
	FP_F_STALL,
	FP_F_DELAY,
	FP_F_CORRUPT_HD,
	FP_F_CORRUPT_DD,
	FP_F_CORRUPT_DATA,
	FP_F_ASYNC,
	FP_F_REDIRECT,
	FP_F_MALFORMED,
	__FP_F_LAST
};

const char *fp_fault_name(enum fp_fault f);

enum fp_malformed {
	FP_M_BAD_OPCODE,
	FP_M_HUGE_DSL,
	FP_M_DATAIN_OVERFLOW,
	FP_M_UNKNOWN_ITT,
	FP_M_R2T_ZERO,
	__FP_M_LAST
};

const char *fp_malformed_name(enum fp_malformed m);

/* Longest ADDR:PORT we accept (bracketed IPv6 + port). */
#define FP_ADDR_MAX	64

/**
 * struct fp_faults - what the control socket armed; shared by all
 * connections, consumed by whichever PDU qualifies first
 */
struct fp_faults {
	u32 delay_ms;
	u64 stall_until_ms;
	u32 corrupt_hd;
	u32 corrupt_dd;
	u32 corrupt_data;
	bool redirect;
	bool redirect_perm;
	bool redirect_always;		/* stays armed: a redirect loop */
	char redirect_addr[FP_ADDR_MAX];
	bool datain_overflow;
};

/**
 * struct fp_stats - counters reported by the "stats" command
 * @pdus: per source side, PDUs received and forwarded
 * @bytes: per source side, bytes of those PDUs
 * @faults: per fault kind, injections done
 * @conns: connections accepted
 * @logins: logins that reached full feature phase
 * @renumbered: PDUs whose StatSN/ExpStatSN were rewritten
 * @refused: per source side, BHSs the protocol core refused
 * @parse_err: per source side, PDUs isc_pdu_parse() refused (forwarded)
 */
struct fp_stats {
	u64 pdus[2];
	u64 bytes[2];
	u64 faults[__FP_F_LAST];
	u64 conns;
	u64 logins;
	u64 renumbered;
	u64 refused[2];
	u64 parse_err[2];
};

/**
 * struct fp_core - state the engine shares across connections
 * @faults: armed faults
 * @st: counters
 * @now_ms: monotonic time, set by the caller before each engine call
 * @log: where fault lines go (stderr in the daemon), or NULL
 */
struct fp_core {
	struct fp_faults faults;
	struct fp_stats st;
	u64 now_ms;
	FILE *log;
};

void fp_log(struct fp_core *core, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A command the initiator sent that the target has not completed. */
struct fp_task {
	u32 itt;
	u32 read_len;
	u32 write_len;
	u32 next_datasn;
	u8 lun[ISC_LUN_LEN];
};

#define FP_TASKS_MAX	1024

/* A simple FIFO of PDUs waiting to be written to one side. */
struct fp_queue {
	struct fp_pdu *head;
	struct fp_pdu **tail;
	u64 bytes;
};

void fp_queue_init(struct fp_queue *q);
void fp_queue_push(struct fp_queue *q, struct fp_pdu *p);
struct fp_pdu *fp_queue_pop(struct fp_queue *q);
void fp_queue_purge(struct fp_queue *q);

/**
 * struct fp_conn - protocol state of one proxied connection
 * @id: connection number, for logs
 * @rx: per source side, the framer
 * @txq: per destination side, PDUs to write
 * @ffp: the final Login Response went by; digests now in force
 * @neg_hd: HeaderDigest result as seen in the login (CRC32C or not)
 * @neg_dd: DataDigest result as seen in the login
 * @ini_mrdsl: the initiator's declared MaxRecvDataSegmentLength
 * @acc: per source side, text accumulator for the login keys
 * @acc_bad: per source side, skip keys until the sequence ends
 * @sn: StatSN renumbering state
 * @next_statsn: the StatSN the initiator expects next (its numbering)
 * @win: latest ExpCmdSN/MaxCmdSN the target sent
 * @tasks: commands in flight (read/write lengths, next DataSN)
 * @ntasks: slots of @tasks in use
 * @evict: next slot to recycle when @tasks is full
 * @close_after_flush: close both sides once @txq[FP_INI] is written
 * @close_tgt: the target side is no longer needed (redirect answered)
 * @scratch: reusable copy of BHS+AHS+data for isc_pdu_parse() when a
 *	     header digest sits between the AHS and the data
 * @scratch_cap: bytes allocated at @scratch
 */
struct fp_conn {
	unsigned int id;
	struct fp_framer rx[2];
	struct fp_queue txq[2];
	bool ffp;
	bool neg_hd;
	bool neg_dd;
	u32 ini_mrdsl;
	struct isc_text_acc acc[2];
	bool acc_bad[2];
	struct fp_sn_map sn;
	u32 next_statsn;
	struct isc_sn_window win;
	struct fp_task tasks[FP_TASKS_MAX];
	u32 ntasks;
	u32 evict;
	bool close_after_flush;
	bool close_tgt;
	u8 *scratch;
	size_t scratch_cap;
};

void fp_conn_init(struct fp_conn *c, unsigned int id);
void fp_conn_free(struct fp_conn *c);
int fp_conn_rx(struct fp_core *core, struct fp_conn *c, enum fp_side from,
	       struct fp_pdu *p);
int fp_conn_async(struct fp_core *core, struct fp_conn *c, u8 event,
		  u16 p1, u16 p2, u16 p3);
int fp_conn_malformed(struct fp_core *core, struct fp_conn *c,
		      enum fp_malformed kind);

/* ---- ctl.c ---- */

enum fp_cmd_kind {
	FP_CMD_RESET,
	FP_CMD_DROP,
	FP_CMD_STALL,
	FP_CMD_DELAY,
	FP_CMD_CORRUPT_HD,
	FP_CMD_CORRUPT_DD,
	FP_CMD_CORRUPT_DATA,
	FP_CMD_ASYNC,
	FP_CMD_REDIRECT,
	FP_CMD_MALFORMED,
	FP_CMD_STATS,
	FP_CMD_PASS,
};

/**
 * struct fp_cmd - one parsed control command
 * @kind: which command
 * @n: stall seconds, delay ms, or corrupt-* count
 * @event: async: AsyncEvent code
 * @param: async: Parameter1..3
 * @perm: redirect: permanent (0x0102) rather than temporary (0x0101)
 * @addr: redirect: ADDR:PORT as given
 * @always: redirect: every login, not just the next one
 * @malformed: malformed: which PDU
 */
struct fp_cmd {
	enum fp_cmd_kind kind;
	u32 n;
	u8 event;
	u16 param[3];
	bool perm;
	bool always;
	char addr[FP_ADDR_MAX];
	enum fp_malformed malformed;
};

int fp_cmd_parse(const char *line, struct fp_cmd *cmd, char *err,
		 size_t errlen);
int fp_addr_split(const char *addr, char *host, size_t hostlen,
		  char *port, size_t portlen);

#endif /* KISCSI_FAULTPROXY_FP_H */
