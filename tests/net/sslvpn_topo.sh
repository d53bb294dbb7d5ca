# SPDX-License-Identifier: GPL-3.0-or-later
# sslvpn_topo.sh - scenario B7 (SCENARIOS.md) for the SSL-VPN tests: a
# vgwd router r1 whose WAN port is on a bridge (namespace "wan") that
# client namespaces join, and a host "lan" on its LAN port:
#
#   client N 198.51.100.(10+N) --+
#                                wan (bridge) -- wan0 198.51.100.1 r1 10.2.0.1 lan0 -- lan 10.2.0.2
#   client M 198.51.100.(10+M) --+
#
# Source after ../shell/lib.sh, lib.sh and openconnect.sh. Tests skip (77)
# without openconnect, /usr/bin/python3, or a vgwd with an SSL-VPN server.
#
#   sv_router        r1 and lan up; r1's configuration beyond its two
#                    interfaces (ssl-vpn, users) on stdin (not from a pipe:
#                    it must run in the test's shell); sets SV_PIN
#   sv_client NAME N a client namespace NAME at 198.51.100.(10+N)
#   sv_stat TEXT     a counter of show ssl-vpn statistics, by its text
#   sv_sessions      show ssl-vpn sessions
#   sv_fds, sv_rss   vgwd's open file descriptors, resident kB
# openconnect clients and background jobs added to NET_PIDS are stopped on
# every exit path.

SV_PY=/usr/bin/python3
SV_NET=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v openconnect >/dev/null || ! command -v openssl >/dev/null; then
	echo "SKIP: needs openconnect and openssl (tools/deps test)"; exit 77
fi
[ -x "$SV_PY" ] || { echo "SKIP: needs $SV_PY"; exit 77; }

sv_cleanup() {
	oc_stop_all
	net_cleanup
}
trap sv_cleanup EXIT

sv_router() {
	net_router r1
	# the command comes with the server: a vgwd without it cannot run these
	rsh r1 -c 'show ssl-vpn' >/dev/null 2>&1 || { echo "SKIP: this vgwd has no SSL-VPN server"; exit 77; }
	{
		printf 'hostname r1\ninterface wan0\n ip address 198.51.100.1 255.255.255.0\n'
		printf 'interface lan0\n ip address 10.2.0.1 255.255.255.0\n'
		cat
	} | rconf r1
	net_host lan r1 lan0 10.2.0.2/24 10.2.0.1
	net_ns_add wan
	nx wan ip link add br0 type bridge
	nx wan ip link set br0 up
	ip -n "$(ns_ r1)" link set wan0 netns "$(ns_ wan)" || exit 1
	nx wan ip link set wan0 master br0 up
	SV_PIN=$(rsh r1 -c 'show ssl-vpn' | grep -o 'pin-sha256:[A-Za-z0-9+/=]*' | head -1)
	[ -n "$SV_PIN" ] || { echo "show ssl-vpn shows no pin:"; rsh r1 -c 'show ssl-vpn'; exit 1; }
}

sv_client() {		# NAME N
	local c=$1 p=$NET_PFX-w$2
	net_ns_add "$c"
	ip link add "$p" netns "$(ns_ wan)" type veth peer name wan0 netns "$(ns_ "$c")" || exit 1
	nx wan ip link set "$p" master br0 up
	nx "$c" ip addr add "198.51.100.$((10 + $2))/24" dev wan0
	nx "$c" ip link set wan0 up
}

sv_stat() {		# TEXT
	rsh r1 -c 'show ssl-vpn statistics' | awk -v k="$1" 'index($0, k) { print $NF + 0; f = 1; exit }
		END { if (!f) print -1 }'
}
sv_sessions() { rsh r1 -c 'show ssl-vpn sessions'; }
# shellcheck disable=SC2154	# PID_r1 is set by net_router
sv_fds() { find "/proc/$PID_r1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
sv_rss() { awk '/^VmRSS/ { print $2 }' "/proc/$PID_r1/status"; }
