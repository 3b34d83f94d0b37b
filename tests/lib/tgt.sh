# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/tgt.sh: the user-space target tgt (tgtd), in the target's
# namespace, serving on every path's address at once. It listens on port
# 3261 by default so it can run beside LIO (3260).
#
# tgt_setup [options]       start tgtd with one target; stopped at exit
#   --iqn IQN               target name (default $TGT_IQN)
#   --luns N                number of LUNs (default 1), file-backed
#   --size MB               size of each LUN (default 64)
#   --port P                TCP port (default 3261)
#   --chap USER:SECRET      require one-way CHAP
#   --mutual USER:SECRET    and authenticate the target too
#   --param KEY=VALUE       a target parameter (HeaderDigest=CRC32C, ...)
# tgtadm_kt ARGS...         tgtadm against our tgtd

[[ -n ${_KT_TGT_SH:-} ]] && return 0
_KT_TGT_SH=1

# shellcheck source=net.sh
source "$(dirname "${BASH_SOURCE[0]}")/net.sh"

TGT_IQN=iqn.2026-11.org.kiscsi:tgt-target
TGT_PORT=3261
TGT_PID=

# tgtd's control socket is an abstract unix socket, which is per network
# namespace: tgtadm must run in the target's namespace too.
tgtadm_kt() { kt tgtadm --lld iscsi "$@"; }

tgt_setup() {
	local iqn=$TGT_IQN luns=1 size=64 chap= mutual= params=() i
	while (($#)); do
		case $1 in
		--iqn) iqn=$2 ;;
		--luns) luns=$2 ;;
		--size) size=$2 ;;
		--port) TGT_PORT=$2 ;;
		--chap) chap=$2 ;;
		--mutual) mutual=$2 ;;
		--param) params+=("$2") ;;
		*) fail "tgt_setup: unknown option $1" ;;
		esac
		shift 2
	done
	TGT_IQN=$iqn
	command -v tgtd >/dev/null || skip "tgtd is not installed"
	cleanup_push tgt_teardown
	kt setsid tgtd -f --iscsi "portal=0.0.0.0:$TGT_PORT" >/tmp/tgtd.log 2>&1 &
	TGT_PID=$!
	poll_until "$(scaled 10)" tgtadm_kt --op show --mode sys >/dev/null ||
		fail "tgtd did not start: $(cat /tmp/tgtd.log)"
	tgtadm_kt --op new --mode target --tid 1 -T "$iqn"
	for ((i = 1; i <= luns; i++)); do
		truncate -s "${size}M" "/tmp/tgt-lun$i.img"
		tgtadm_kt --op new --mode logicalunit --tid 1 --lun "$i" \
			-b "/tmp/tgt-lun$i.img"
	done
	tgtadm_kt --op bind --mode target --tid 1 -I ALL
	for i in "${params[@]}"; do
		tgtadm_kt --op update --mode target --tid 1 -n "${i%%=*}" -v "${i#*=}"
	done
	if [[ -n $chap ]]; then
		tgtadm_kt --op new --mode account --user "${chap%%:*}" \
			--password "${chap#*:}"
		tgtadm_kt --op bind --mode account --tid 1 --user "${chap%%:*}"
	fi
	if [[ -n $mutual ]]; then
		tgtadm_kt --op new --mode account --user "${mutual%%:*}" \
			--password "${mutual#*:}"
		tgtadm_kt --op bind --mode account --tid 1 \
			--user "${mutual%%:*}" --outgoing
	fi
}

tgt_teardown() {
	if [[ -n $TGT_PID ]]; then
		# tgtd ignores SIGTERM while it has targets; ask it to exit.
		tgtadm_kt --op update --mode sys --name State -v offline
		tgtadm_kt --op delete --mode target --tid 1 --force
		tgtadm_kt --op delete --mode system
		poll_until 10 eval '! kill -0 "$TGT_PID" 2>/dev/null' ||
			kill -9 "$TGT_PID"
		wait "$TGT_PID"
	fi
	rm -f /tmp/tgt-lun*.img
	TGT_PID=
}
