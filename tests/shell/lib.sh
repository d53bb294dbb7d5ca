# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - helpers for the end-to-end shell tests: each test starts its own
# vgwd in a scratch state directory with its own socket, and cleans up on
# every exit path. Source it; set -u is on.
set -u
B=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)/build/plain}
VGWD=$B/src/vgwd
VGWSH=$B/cli/vgwsh/vgwsh
T=$(mktemp -d /tmp/vgw-shtest.XXXXXX)
chmod 755 "$T"
SOCK=$T/vgwd.sock
STATE=$T/state
VGWD_PID=
FAILS=0
CHECKS=0

cleanup() {
	[ -n "$VGWD_PID" ] && kill "$VGWD_PID" 2>/dev/null && wait "$VGWD_PID" 2>/dev/null
	tmux -L "vgwt$$" kill-server 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# vgwd creates a TAP device per interface: each runs in a network namespace
# of its own, so tests never touch the machine's interfaces.
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: vgwd needs root (CAP_NET_ADMIN) for its TAP ports"; exit 77
fi

start_vgwd() {	# [STATE] [SOCK]
	local state=${1:-$STATE} sock=${2:-$SOCK} i
	# shellcheck disable=SC2086
	unshare --net ${VGWD_WRAP:-} "$VGWD" -f -d "$state" -s "$sock" 2>>"$T/vgwd.log" &
	VGWD_PID=$!
	# ready when it answers (a stale socket file may already be there)
	for i in $(seq 200); do
		"$VGWSH" -s "$sock" -c 'show clock' >/dev/null 2>&1 && return 0
		kill -0 "$VGWD_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "vgwd did not start:"; cat "$T/vgwd.log"; exit 1
}

stop_vgwd() {
	kill "$VGWD_PID" && wait "$VGWD_PID"
	local rc=$?
	VGWD_PID=
	return $rc
}

sh_() { "$VGWSH" -s "$SOCK" "$@"; }

ok() {		# DESCRIPTION: the previous command's status must be 0
	local rc=$?
	CHECKS=$((CHECKS + 1))
	if [ $rc -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1 (status $rc)"; FAILS=$((FAILS + 1)); fi
}

expect_eq() {	# DESCRIPTION EXPECTED ACTUAL
	CHECKS=$((CHECKS + 1))
	if [ "$2" = "$3" ]; then echo "ok - $1"; else
		echo "not ok - $1"; echo "  expected: $(printf %q "$2")"; echo "  actual:   $(printf %q "$3")"
		FAILS=$((FAILS + 1)); fi
}

expect_match() {	# DESCRIPTION REGEX TEXT
	CHECKS=$((CHECKS + 1))
	if printf '%s\n' "$3" | grep -qE -- "$2"; then echo "ok - $1"; else
		echo "not ok - $1: /$2/ not in:"; printf '%s\n' "$3" | sed 's/^/  | /'
		FAILS=$((FAILS + 1)); fi
}

expect_contains() {	# DESCRIPTION LITERAL-TEXT (may span lines) TEXT
	CHECKS=$((CHECKS + 1))
	if [[ "$3" == *"$2"* ]]; then echo "ok - $1"; else
		echo "not ok - $1: not found:"; printf '%s\n' "$2" | sed 's/^/  > /'
		printf '%s\n' "$3" | sed 's/^/  | /'
		FAILS=$((FAILS + 1)); fi
}

expect_no_match() {	# DESCRIPTION REGEX TEXT
	CHECKS=$((CHECKS + 1))
	if ! printf '%s\n' "$3" | grep -qE -- "$2"; then echo "ok - $1"; else
		echo "not ok - $1: /$2/ found in:"; printf '%s\n' "$3" | sed 's/^/  | /'
		FAILS=$((FAILS + 1)); fi
}

finish() {
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
	[ $FAILS -eq 0 ]
}
