#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 60
#
# Path shaping works and stays on its path: +20 ms each way on path 1
# shows in its round-trip time and not in path 2's.
source "$(dirname "$0")/../lib/net.sh"

net_setup 2
rtt_ms() { ping -c3 -i0.2 -q "$(target_ip "$1")" | awk -F/ '/^rtt/ { printf "%d", $5 }'; }
path_shape 1 delay 20ms
r1=$(rtt_ms 1)
r2=$(rtt_ms 2)
log "rtt path 1 ${r1} ms, path 2 ${r2} ms"
((r1 >= 40)) || fail "path 1 delay not applied (${r1} ms)"
((r2 < 20)) || fail "path 2 affected by path 1's delay (${r2} ms)"
path_unshape 1
(($(rtt_ms 1) < 20)) || fail "unshape did not restore path 1"
