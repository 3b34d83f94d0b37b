#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 480
#
# Injected PDUs, with header and data digests on.
# 1. Three vendor-specific Async Messages in the middle of fio: each takes
#    a StatSN, so every later target PDU is renumbered and its header
#    digest recomputed. A single wrong digest would drop the connection,
#    so the session must stay on its first login, with verify passing.
# 2. Each malformed PDU kind makes open-iscsi drop the connection with
#    the error that names that defect (include/scsi/iscsi_if.h: 1005
#    BAD_OPCODE, 1006 DATALEN, 1010 BAD_ITT, 1002 DATA_OFFSET) and log in
#    again, with fio verify passing across the drop.
source "$(dirname "$0")/../lib/faultproxy.sh"

PORTAL=127.0.0.1:3262

net_setup 1
lio_setup --luns 1 --size 16 --param HeaderDigest=CRC32C --param DataDigest=CRC32C
oi_start
fp_start "$PORTAL" "$(target_ip 1):3260"
fp_oi_login "$PORTAL" --digest on --replacement 120
oi_wait_disks 127.0.0.1 1 || fail "LUN did not appear"
d=/dev/$(oi_disks_of 127.0.0.1)

logged_in() { [[ $(oi_session_state 127.0.0.1) == LOGGED_IN ]]; }
busy() { (($(fp_stat i2t_pdus) > $1)); }

# fio in the background; $fio_pid
fio_bg() {
	local start
	start=$(fp_stat i2t_pdus)
	fio_verify "$d" --size=8M "$@" &
	fio_pid=$!
	poll_until 60 busy $((start + 200)) || fail "fio did not get going"
}

errs=$(dmesg | grep -c 'detected conn error' || true)
fio_bg
for i in 1 2 3; do
	fp_cmd async vendor
done
wait "$fio_pid" || fail "verify failed across injected async messages"
[[ $(fp_stat async) == 3 ]] || fail "expected 3 async messages"
(($(fp_stat renumbered) > 0)) || fail "nothing was renumbered"
[[ $(fp_stat logins) == 1 ]] ||
	fail "the connection dropped: renumbering or digest recompute is wrong"
(($(dmesg | grep -c 'detected conn error' || true) == errs)) ||
	fail "the kernel reported a connection error"
log "3 async messages, $(fp_stat renumbered) PDUs renumbered, still on the first login"

conn_errors() { dmesg | grep -c "detected conn error ($1)" || true; }
declare -A code=([bad-opcode]=1005 [huge-dsl]=1006 [unknown-itt]=1010
	[r2t-zero]=1006 [datain-overflow]=1002)
for kind in bad-opcode huge-dsl unknown-itt r2t-zero datain-overflow; do
	poll_until 60 fp_stat_is ffp -eq 1 || fail "$kind: no connection in FFP"
	poll_until 60 logged_in || fail "$kind: session not LOGGED_IN"
	logins=$(fp_stat logins)
	before=$(conn_errors "${code[$kind]}")
	fio_bg --rw=randrw
	fp_cmd malformed "$kind"
	poll_until 90 fp_stat_is logins -gt "$logins" ||
		fail "$kind: open-iscsi did not drop and log in again"
	wait "$fio_pid" || fail "$kind: verify failed across the recovery"
	(($(conn_errors "${code[$kind]}") > before)) ||
		fail "$kind: no 'detected conn error (${code[$kind]})' in the kernel log"
	log "$kind: conn error ${code[$kind]}, re-login $(fp_stat logins), verify passed"
done
[[ $(fp_stat malformed) == 5 ]] || fail "expected 5 malformed PDUs"
dmesg | grep 'detected conn error' | tail -5 | sed 's/^/# /'
fp_finish
