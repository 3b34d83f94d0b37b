#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
#
# NOP-Out/NOP-In on an idle session: LIO pings every 15 s and kiscsi
# answers; kiscsi pings after 5 s of silence and LIO answers. Neither
# side drops the connection, and I/O works afterwards.
source "$(dirname "$0")/../lib/kiscsi.sh"

net_setup 1
lio_setup --luns 1 --size 16
ki_start
ki_login --portal "$(target_ip 1)" --target "$LIO_IQN"
ki_wait_disks 1 || fail "no disk"

stat() {
	kiscsi show -j | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats']['$1'])"
}
both_pinged() { (($(stat nops_rx) >= 1 && $(stat nops_tx) >= 2)); }
poll_until 60 both_pinged ||
	fail "pings: answered $(stat nops_rx) of the target's, sent $(stat nops_tx)"
log "answered $(stat nops_rx) target pings, sent $(stat nops_tx) of ours"
[[ $(kiscsi show -j | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['state'])") == logged-in ]] ||
	fail "session not logged in after idle pings"
fio_verify "/dev/$(ki_disks)" --size=4M || fail "I/O after idle failed"
