/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kiscsi tracepoints: every session and connection state change, every
 * connection failure with its reason, every notification sent.
 *
 *   echo 1 > /sys/kernel/tracing/events/kiscsi/enable
 *
 * The netlink notifications (kiscsi monitor) say the same for
 * administrators; these are for engineers, with the timing of ftrace.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kiscsi

#if !defined(_KISCSI_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KISCSI_TRACE_H

#include <linux/tracepoint.h>
#include <uapi/linux/kiscsi.h>

#define kiscsi_show_session_state(s)					\
	__print_symbolic(s,						\
		{ KISCSI_SESSION_LOGGING_IN, "logging-in" },		\
		{ KISCSI_SESSION_LOGGED_IN, "logged-in" },		\
		{ KISCSI_SESSION_FAILED, "failed" },			\
		{ KISCSI_SESSION_LOGGING_OUT, "logging-out" })

#define kiscsi_show_conn_state(s)					\
	__print_symbolic(s,						\
		{ KISCSI_CONN_CONNECTING, "connecting" },		\
		{ KISCSI_CONN_LOGIN, "login" },				\
		{ KISCSI_CONN_FULL_FEATURE, "full-feature" },		\
		{ KISCSI_CONN_FAILED, "failed" },			\
		{ KISCSI_CONN_CLOSED, "closed" })

TRACE_EVENT(kiscsi_session_state,
	TP_PROTO(u32 sid, u32 old, u32 new),
	TP_ARGS(sid, old, new),
	TP_STRUCT__entry(
		__field(u32, sid)
		__field(u32, old)
		__field(u32, new)
	),
	TP_fast_assign(
		__entry->sid = sid;
		__entry->old = old;
		__entry->new = new;
	),
	TP_printk("session=%u %s -> %s", __entry->sid,
		  kiscsi_show_session_state(__entry->old),
		  kiscsi_show_session_state(__entry->new))
);

TRACE_EVENT(kiscsi_conn_state,
	TP_PROTO(u32 sid, u16 cid, u32 old, u32 new),
	TP_ARGS(sid, cid, old, new),
	TP_STRUCT__entry(
		__field(u32, sid)
		__field(u16, cid)
		__field(u32, old)
		__field(u32, new)
	),
	TP_fast_assign(
		__entry->sid = sid;
		__entry->cid = cid;
		__entry->old = old;
		__entry->new = new;
	),
	TP_printk("session=%u cid=%u %s -> %s", __entry->sid, __entry->cid,
		  kiscsi_show_conn_state(__entry->old),
		  kiscsi_show_conn_state(__entry->new))
);

TRACE_EVENT(kiscsi_conn_fail,
	TP_PROTO(u32 sid, u32 reason, const char *why),
	TP_ARGS(sid, reason, why),
	TP_STRUCT__entry(
		__field(u32, sid)
		__field(u32, reason)
		__string(why, why)
	),
	TP_fast_assign(
		__entry->sid = sid;
		__entry->reason = reason;
		__assign_str(why, why);
	),
	TP_printk("session=%u reason=%u %s", __entry->sid, __entry->reason,
		  __get_str(why))
);

TRACE_EVENT(kiscsi_event,
	TP_PROTO(u32 sid, u32 event, u32 reason),
	TP_ARGS(sid, event, reason),
	TP_STRUCT__entry(
		__field(u32, sid)
		__field(u32, event)
		__field(u32, reason)
	),
	TP_fast_assign(
		__entry->sid = sid;
		__entry->event = event;
		__entry->reason = reason;
	),
	TP_printk("session=%u event=%u reason=%u", __entry->sid,
		  __entry->event, __entry->reason)
);

#endif /* _KISCSI_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
