# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/net.sh: the test network. The target lives in its own network
# namespace, reached over one veth pair per path, so a path can be cut,
# blackholed, delayed or rate-limited without touching the other:
#
#   guest root netns (initiator)          netns "kt" (target)
#   ini1 10.0.1.2/24  <--- veth --->  tgt1 10.0.1.1/24
#   ini2 10.0.2.2/24  <--- veth --->  tgt2 10.0.2.1/24
#   ...
#
# net_setup [N]        create N paths (default 2); torn down at exit
# target_ip I          the target's address on path I
# initiator_ip I       the initiator's address on path I
# kt CMD...            run CMD in the target's namespace
# path_down I          link down on the target side (the initiator sees
#                      carrier loss, like a switch port failing)
# path_up I            undo path_down and path_blackhole
# path_blackhole I     silently drop everything on path I (both ways):
#                      only timeouts can detect this
# path_shape I [rate R] [delay D] [jitter J] [loss L]
#                      tc netem on both ends (R like 100mbit, D like 5ms)
# path_unshape I       remove shaping

[[ -n ${_KT_NET_SH:-} ]] && return 0
_KT_NET_SH=1

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KT_NS=kt
KT_NPATHS=0

kt() { nsenter --net=/run/netns/$KT_NS "$@"; }
target_ip() { echo "10.0.$1.1"; }
initiator_ip() { echo "10.0.$1.2"; }

net_setup() {
	local n=${1:-2} i
	ip netns add $KT_NS
	cleanup_push net_teardown
	kt ip link set lo up
	for ((i = 1; i <= n; i++)); do
		ip link add ini$i type veth peer name tgt$i netns $KT_NS
		ip addr add "$(initiator_ip $i)/24" dev ini$i
		kt ip addr add "$(target_ip $i)/24" dev tgt$i
		ip link set ini$i up
		kt ip link set tgt$i up
	done
	KT_NPATHS=$n
	for ((i = 1; i <= n; i++)); do
		poll_until 10 ping -c1 -W1 -q "$(target_ip $i)" >/dev/null ||
			fail "path $i does not answer ping"
	done
}

net_teardown() {
	local i
	for ((i = 1; i <= KT_NPATHS; i++)); do
		ip link del ini$i 2>/dev/null || true
	done
	ip netns del $KT_NS 2>/dev/null || true
}

path_down() { kt ip link set tgt$1 down; }
path_up() {
	kt ip link set tgt$1 up
	kt nft delete table inet kt_blackhole_$1 2>/dev/null || true
}
path_blackhole() {
	kt nft -f - <<NFT
table inet kt_blackhole_$1 {
	chain in { type filter hook input priority 0; iifname "tgt$1" drop; }
	chain out { type filter hook output priority 0; oifname "tgt$1" drop; }
}
NFT
}

path_shape() {
	local i=$1
	shift
	tc qdisc replace dev ini$i root netem "$@" limit 10000
	kt tc qdisc replace dev tgt$i root netem "$@" limit 10000
}
path_unshape() {
	tc qdisc del dev ini$1 root 2>/dev/null || true
	kt tc qdisc del dev tgt$1 root 2>/dev/null || true
}
