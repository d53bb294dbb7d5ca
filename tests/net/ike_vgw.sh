#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_vgw.sh - IKEv2 between two vgw routers, both roles, ESN on both:
#
#   h1 10.1.0.2 --lan0-- r1 --wan0 10.12.0.0/30-- r2 --lan0-- h2 10.2.0.2  (t1)
#                           --wan1 10.13.0.0/30--    --lan1-- h3 10.3.0.2  (t2)
#
# t1 is policy-based (10.1.0.0/24 <-> 10.2.0.0/24) in raw ESP (no NAT, so
# vgw does not float to UDP 4500); t2 is route-based (`ip route ... tunnel
# t2` on both) with nat-traversal force, so ESP in UDP 4500. (Each tunnel
# has a wire of its own: a responder tells tunnels apart by the peer's
# address, before any identity is known.) r1 initiates, then r2: each time
# both tunnels come up, pings cross them, both routers show the IKE SAs
# established in the right roles, ESN in use, one router's outbound SPI the
# other's inbound. Then the routes through t2 follow the tunnel: t2 shut
# down on r2 is withdrawn on r1 (DELETE), brought back with the tunnel;
# with the wire cut, DPD (interval 2, retries 2) takes t2 down on r1 and
# withdraws its route; the wire back, the tunnel and the route come back.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

PSK1='t1 key: 0123456789'
PSK2='t2 key: abcdefghij'

# A router's side: ME THEM (1 2 or 2 1), its LAN and the other's.
side() {	# ME THEM START
	local me=$1 them=$2 start=$3
	local lan
	[ "$me" = 1 ] && lan="10.1.0.0/24" || lan="10.2.0.0/24"
	cat <<C
crypto ipsec tunnel t1
 peer 10.12.0.$them
 pre-shared-key 0 "$PSK1"
 local-network $lan
 remote-network $([ "$me" = 1 ] && echo 10.2.0.0/24 || echo 10.1.0.0/24)
 esn
 dpd interval 2 retries 2
 start $start
crypto ipsec tunnel t2
 peer 10.13.0.$them
 pre-shared-key 0 "$PSK2"
 routing route
 nat-traversal force
 esn
 dpd interval 2 retries 2
 start $start
C
}

net_router r1
net_router r2
rconf r1 <<C
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.1 255.255.255.252
 tap r1-wan0
interface wan1
 ip address 10.13.0.1 255.255.255.252
 tap r1-wan1
$(side 1 2 initiate)
ip route 10.3.0.0 255.255.255.0 tunnel t2
C
rconf r2 <<C
hostname r2
interface lan0
 ip address 10.2.0.1 255.255.255.0
interface lan1
 ip address 10.3.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.2 255.255.255.252
 tap r2-wan0
interface wan1
 ip address 10.13.0.2 255.255.255.252
 tap r2-wan1
$(side 2 1 respond)
ip route 10.1.0.0 255.255.255.0 tunnel t2
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host h2 r2 lan0 10.2.0.2/24 10.2.0.1
net_host h3 r2 lan1 10.3.0.2/24 10.3.0.1
net_wire r1 r1-wan0 r2 r2-wan0
net_wire r1 r1-wan1 r2 r2-wan1
W2=wire-r1-r1-wan1		# t2's wire, cut for DPD

# show crypto ipsec tunnel NAME's state column on ROUTER
tunnel_state() {	# ROUTER TUNNEL
	rsh "$1" -c "show crypto ipsec tunnel $2" | awk 'NR == 2 { $1 = $2 = $3 = $4 = $5 = ""; print }'
}

# show ip route's line for a prefix on a router
route_line() {		# ROUTER PREFIX
	rsh "$1" -c 'show ip route' | grep -F " $2 "
}

# waits up to SECONDS for the output of a command to match REGEX
wait_match() {		# SECONDS REGEX COMMAND...
	local secs=$1 re=$2 i
	shift 2
	for i in $(seq $((secs * 5))); do
		"$@" | grep -qE "$re" && return 0
		sleep 0.2
	done
	return 1
}
wait_state() { wait_match "$4" "$3" tunnel_state "$1" "$2"; }	# ROUTER TUNNEL REGEX SECONDS
wait_route() { wait_match "$4" "$3" route_line "$1" "$2"; }	# ROUTER PREFIX REGEX SECONDS

# r1's current outbound SPI of a tunnel, and whether it is among r2's
# inbound SPIs (and the other way round)
outbound_spi() {	# ROUTER TUNNEL
	rsh "$1" -c "show crypto ipsec sa tunnel $2" |
		sed -n 's/^ *current outbound spi: \(0x[0-9A-F]*\).*/\1/p'
}
inbound_spis() {	# ROUTER TUNNEL
	rsh "$1" -c "show crypto ipsec sa tunnel $2" |
		awk '/inbound esp sas:/ { on = 1; next } /outbound esp sas:/ { on = 0 }
			on && /spi: 0x/ { sub(/.*spi: /, ""); sub(/\(.*/, ""); print }'
}

# The checks of a pair of routers with both tunnels up; INIT is the router
# that initiated, RESP the other.
both_up() {		# INIT RESP
	local init=$1 resp=$2 t out spi
	for t in t1 t2; do
		wait_state r1 $t '^ *up' 30; ok "$init initiates: r1's $t is up"
		wait_state r2 $t '^ *up' 30; ok "$init initiates: r2's $t is up"
	done
	nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "$init initiates: h1 pings h2 through t1"
	nx h2 ping -c 3 -i 0.2 -W 2 10.1.0.2 >/dev/null; ok "$init initiates: h2 pings h1 through t1"
	nx h1 ping -c 3 -i 0.2 -W 2 10.3.0.2 >/dev/null; ok "$init initiates: h1 pings h3 through t2"
	nx h3 ping -c 3 -i 0.2 -W 2 10.1.0.2 >/dev/null; ok "$init initiates: h3 pings h1 through t2"
	for r in r1 r2; do
		out=$(rsh $r -c 'show crypto ikev2 sa'); echo "$out"
		[ $r = "$init" ] && role=initiator || role=responder
		expect_match "$init initiates: $r shows t1's IKE SA established, $role" \
			"^t1 .* established +$role " "$out"
		expect_match "$init initiates: $r shows t2's IKE SA established, $role" \
			"^t2 .* established +$role " "$out"
		out=$(rsh $r -c 'show crypto ipsec sa detail'); echo "$out"
		[ "$(printf '%s\n' "$out" | grep -c 'esn: yes')" -eq 4 ]
		ok "$init initiates: $r's four SAs use ESN"
		expect_match "$init initiates: $r's t1 is raw ESP" "udp-encap: no" \
			"$(rsh $r -c 'show crypto ipsec sa tunnel t1')"
		expect_no_match "$init initiates: $r's t1 is not in UDP" "udp-encap: yes" \
			"$(rsh $r -c 'show crypto ipsec sa tunnel t1')"
		expect_no_match "$init initiates: $r's t2 is in UDP 4500" "udp-encap: no" \
			"$(rsh $r -c 'show crypto ipsec sa tunnel t2')"
		expect_match "$init initiates: $r's t2 counted the pings" "packets: [1-9]" \
			"$(rsh $r -c 'show crypto ipsec sa tunnel t2')"
	done
	for t in t1 t2; do
		spi=$(outbound_spi r1 $t)
		[ -n "$spi" ] && inbound_spis r2 $t | grep -qx "$spi"
		ok "$init initiates: r1's outbound SPI of $t ($spi) is r2's inbound"
		spi=$(outbound_spi r2 $t)
		[ -n "$spi" ] && inbound_spis r1 $t | grep -qx "$spi"
		ok "$init initiates: r2's outbound SPI of $t ($spi) is r1's inbound"
	done
	for r in "r1 10.3.0.0/24" "r2 10.1.0.0/24"; do
		route_line $r | grep -q '^S\*'
		ok "$init initiates: ${r% *}'s route ${r#* } through t2 is installed"
	done
}

both_up r1 r2

# The other way: r2 initiates. A new start setting keeps the IKE SAs; a
# clear on r2 deletes them, and r2 starts again at once.
rconf r1 <<C
crypto ipsec tunnel t1
 start respond
crypto ipsec tunnel t2
 start respond
C
rconf r2 <<C
crypto ipsec tunnel t1
 start initiate
crypto ipsec tunnel t2
 start initiate
C
expect_match "r1 still has its IKE SAs after the start change" "^t1 .* established +initiator " \
	"$(rsh r1 -c 'show crypto ikev2 sa')"
expect_match "clear crypto sa on r2" "2 IKE SAs cleared" "$(rsh r2 -c 'clear crypto sa')"
# the two old IKE SAs go, the new ones come (r1 answers the DELETEs first)
for i in $(seq 50); do
	rsh r1 -c 'show crypto ikev2 sa' | grep -q 'initiator' || break
	sleep 0.2
done
both_up r2 r1

# t2 shut down on r2: r2 sends a DELETE, r1 takes t2 down and withdraws
# the route through it at once (long before DPD could tell).
rconf r2 <<C
crypto ipsec tunnel t2
 shutdown
C
wait_route r1 10.3.0.0/24 'not installed: tunnel down' 3
ok "t2 shut down on r2: r1 withdraws its route through t2"
route_line r1 10.3.0.0/24
expect_match "r1's log: deleted by the peer" "crypto ipsec tunnel t2: IKE SA deleted by the peer" \
	"$(rsh r1 -c 'show logging')"
expect_match "r1 shows why t2 is down" "down .*waiting for the peer to initiate" "$(tunnel_state r1 t2)"
! nx h1 ping -c 2 -i 0.2 -W 1 10.3.0.2 >/dev/null; ok "no ping h1 -> h3 while t2 is down"
nx h1 ping -c 2 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "t1 still carries pings"
rconf r2 <<C
crypto ipsec tunnel t2
 no shutdown
C
wait_route r1 10.3.0.0/24 '^S\*' 20; ok "no shutdown: the route through t2 is back on r1"
nx h1 ping -c 2 -i 0.2 -W 2 10.3.0.2 >/dev/null; ok "h1 pings h3 again"

# The wire cut: nothing is deleted, DPD (2 s, 2 retries) finds the peer
# gone on both sides and the routes through t2 are withdrawn.
nx "$W2" ip link set r1-wan1 down
nx "$W2" ip link set r2-wan1 down
wait_route r1 10.3.0.0/24 'not installed: tunnel down' 20
ok "wire cut: DPD takes t2 down on r1 and its route is withdrawn"
route_line r1 10.3.0.0/24
wait_route r2 10.1.0.0/24 'not installed: tunnel down' 20
ok "wire cut: the same on r2"
expect_match "r1's log: the peer stopped answering" \
	"crypto ipsec tunnel t2: the peer stopped answering: dead \(DPD, [0-9]+ tries\)" \
	"$(rsh r1 -c 'show logging')"
nx h1 ping -c 2 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "t1, on its own wire, still carries pings"
nx "$W2" ip link set r1-wan1 up
nx "$W2" ip link set r2-wan1 up
# r2 tries again with back-off (5 s, then 10 s, ...)
wait_route r1 10.3.0.0/24 '^S\*' 45; ok "wire back: t2 and its route come back on r1"
wait_route r2 10.1.0.0/24 '^S\*' 10; ok "wire back: and on r2"
nx h3 ping -c 2 -i 0.2 -W 2 10.1.0.2 >/dev/null; ok "h3 pings h1 through t2 again"

for r in r1 r2; do
	kill -0 "$(eval echo \$PID_$r)"; ok "$r's vgwd is still running"
done
finish
