#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 60
#
# kiscsi.ko loads with a plain modprobe, answers the tool over generic
# netlink, unloads cleanly, and is loaded on demand by the tool.
source "$(dirname "$0")/../lib/lib.sh"

modprobe kiscsi
grep -q '^kiscsi ' /proc/modules || fail "kiscsi not in /proc/modules"
out=$(kiscsi version) || fail "kiscsi version failed: $out"
log "$out"
[[ $out == *"module 0."* ]] || fail "tool did not get the module's version"
modprobe -r kiscsi
! grep -q '^kiscsi ' /proc/modules || fail "kiscsi still loaded"
# The family carries a module alias: resolving it loads the module again,
# as `wg` does for wireguard.
out=$(kiscsi version) || fail "no autoload through the genl family: $out"
grep -q '^kiscsi ' /proc/modules || fail "resolving the family did not load kiscsi"
modprobe -r kiscsi
