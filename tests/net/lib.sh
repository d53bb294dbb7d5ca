# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh - topologies for the end-to-end network tests: routers (a vgwd
# each, in its own network namespace), hosts (namespaces), and wires
# between them (the kernel side of a router's TAP moved into a host, or
# two TAPs on one bridge). Every name carries a per-run prefix so parallel
# runs never meet, and everything is torn down on every exit path.
# Source it after tests/shell/lib.sh (for the ok/expect helpers).
# Needs root: tests skip (exit 77) without it, and when VGW_SKIP_NET_TESTS
# is set (tools/test sets it for make distcheck: the plain and sanitizer
# passes have run these already; distcheck checks the tarball).

if [ -n "${VGW_SKIP_NET_TESTS:-}" ]; then
	echo "SKIP: VGW_SKIP_NET_TESTS is set"; exit 77
fi
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null; then
	echo "SKIP: network tests need root and iproute2"; exit 77
fi
NET_PFX=vt$$
NET_NS=()
NET_PIDS=()

net_cleanup() {
	local p ns
	for p in "${NET_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${NET_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	for ns in "${NET_NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
	# a sanitizer build's reports (leaks at exit among them) fail the test
	local bad
	bad=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T"/*.log 2>/dev/null)
	[ -n "$bad" ] && grep -hE -A30 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' $bad | head -80
	cleanup
	if [ -n "$bad" ]; then
		echo "not ok - sanitizer reports in ${bad//$T\//}"
		exit 1
	fi
}
trap net_cleanup EXIT

ns_() { echo "$NET_PFX-$1"; }			# NAME -> its namespace
# run in NAME (in the background use ip netns exec itself, so $! is the command)
nx() { local n=$1; shift; ip netns exec "$(ns_ "$n")" "$@"; }

net_ns_add() {		# NAME
	ip netns add "$(ns_ "$1")" || exit 1
	NET_NS+=("$(ns_ "$1")")
	nx "$1" ip link set lo up
}

net_router() {		# NAME: a namespace with a vgwd in it
	net_ns_add "$1"
	# shellcheck disable=SC2086
	ip netns exec "$(ns_ "$1")" ${VGWD_WRAP:-} "$VGWD" -f -d "$T/$1" -s "$T/$1.sock" \
		2>>"$T/$1.log" &
	NET_PIDS+=($!)
	eval "PID_$1=$!"
	local i
	for i in $(seq 200); do
		"$VGWSH" -s "$T/$1.sock" -c 'show clock' >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "vgwd $1 did not start:"; cat "$T/$1.log"; exit 1
}

rsh() {			# ROUTER vgwsh-args...: a session on that router
	local r=$1; shift
	"$VGWSH" -s "$T/$r.sock" "$@"
}

rconf() {		# ROUTER: configuration lines on stdin, committed
	rsh "$1" -f <(printf 'configure terminal\n'; cat; printf 'commit\nend\n') \
		|| { echo "configuration of $1 failed"; exit 1; }
}

net_host() {		# NAME ROUTER TAP ADDR/PLEN GATEWAY: a host on a router's port
	local h=$1 r=$2 tap=$3 addr=$4 gw=$5
	net_ns_add "$h"
	# IPv4 only: no router solicitations or MLD reports in the counters
	nx "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$(ns_ "$r")" link set "$tap" netns "$(ns_ "$h")" || exit 1
	nx "$h" ip link set "$tap" up
	nx "$h" ip addr add "$addr" dev "$tap"
	nx "$h" ip route add default via "$gw"
}

# TCP from host FROM to ADDR port 5001 in host TO: SIZE random bytes that
# must arrive byte for byte (the checks "WHAT completes", "WHAT arrives
# intact")
tcp_transfer() {	# FROM TO ADDR SIZE WHAT
	head -c "$4" /dev/urandom >"$T/blob"
	ip netns exec "$(ns_ "$2")" timeout 40 nc -l -N "$3" 5001 >"$T/got" &
	local srv=$!
	sleep 0.3
	nx "$1" timeout 35 nc -N "$3" 5001 <"$T/blob"; ok "$5 completes"
	wait $srv
	expect_eq "$5 arrives intact" "$(sha256sum <"$T/blob")" "$(sha256sum <"$T/got")"
}

net_wire() {		# R1 TAP1 R2 TAP2: two router ports on one segment
	local w=wire-$1-$2
	net_ns_add "$w"
	nx "$w" ip link add br0 type bridge
	nx "$w" ip link set br0 up
	ip -n "$(ns_ "$1")" link set "$2" netns "$(ns_ "$w")" || exit 1
	ip -n "$(ns_ "$3")" link set "$4" netns "$(ns_ "$w")" || exit 1
	nx "$w" ip link set "$2" master br0 up
	nx "$w" ip link set "$4" master br0 up
}
