# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/nodes.sh: node records in a scratch directory.
#
# nodes_setup        KISCSI_CONFIG_DIR = a fresh directory (removed at exit)
# nodes_files        the record files there, one per line
# sessions_of IQN    ids of this namespace's sessions to IQN
# ki_nsessions       number of sessions in this namespace

[[ -n ${_KT_NODES_SH:-} ]] && return 0
_KT_NODES_SH=1

# shellcheck source=kiscsi.sh
source "$(dirname "${BASH_SOURCE[0]}")/kiscsi.sh"

nodes_setup() {
	KISCSI_CONFIG_DIR=$(mktemp -d /tmp/kiscsi-cfg.XXXXXX)
	export KISCSI_CONFIG_DIR
	cleanup_push "rm -rf '$KISCSI_CONFIG_DIR'"
}

nodes_files() {
	local f
	for f in "$KISCSI_CONFIG_DIR"/nodes/*; do
		[[ -e $f ]] && echo "$f"
	done
	return 0
}

sessions_of() {
	kiscsi show -j | python3 -c "import json,sys
for s in json.load(sys.stdin):
    if s.get('target') == sys.argv[1]: print(s['id'])" "$1"
}

ki_nsessions() {
	kiscsi show -j | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"
}
