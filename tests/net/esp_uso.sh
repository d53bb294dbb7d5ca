#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# esp_uso.sh - ESP in UDP out of a TAP with UDP segmentation offload, as
# the wire sees it: r1 hands the ESP of a TSO frame's segments to its WAN
# TAP as frames of GSO_UDP_L4, which the Linux kernel of the peer's
# namespace cuts into datagrams for an ordinary UDP socket. The peer
# (esp_uso.py, AES-GCM from python3-cryptography) must open every datagram
# it takes as one whole ESP packet, none larger than the path allows, and
# 8 MB of TCP from h1 must arrive byte for byte; r1 must have sealed more
# datagrams than it wrote frames (the offload was used), and its inbound
# side takes the peer's ordinary datagrams.
#
#   h1 10.1.0.2 --lan0 10.1.0.1-- r1 --wan0 198.51.100.1-- pe 198.51.100.2
#                                     (the peer's host: 10.9.0.2 on tun0)
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v nc >/dev/null || { echo "not ok - nc missing (tools/deps test)"; exit 1; }
PY=/usr/bin/python3
"$PY" -c 'import cryptography' 2>/dev/null ||
	{ echo "not ok - python3-cryptography missing (tools/deps test)"; exit 1; }

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
K_OUT=$(hex 20) K_IN=$(hex 20)

net_router r1
rconf r1 <<C
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 198.51.100.1 255.255.255.0
crypto ipsec tunnel pe
 peer 198.51.100.2
 local-address 198.51.100.1
 esp proposal aes128gcm16
 local-network 10.1.0.0/24
 remote-network 10.9.0.0/24
 routing policy
 nat-traversal force
 keying manual
 sa inbound spi 0x2001 encryption-key 0 $K_IN
 sa outbound spi 0x1001 encryption-key 0 $K_OUT
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host pe r1 wan0 198.51.100.2/24 198.51.100.1

ip netns exec "$(ns_ pe)" "$PY" "$HERE/esp_uso.py" tun0 198.51.100.2 198.51.100.1 \
	0x1001 "$K_OUT" 0x2001 "$K_IN" "$T/peer" 2>>"$T/peer.err" &
PEER=$!
NET_PIDS+=("$PEER")
for _ in $(seq 100); do [ -e "$T/peer.ready" ] && break; sleep 0.05; done
nx pe ip addr add 10.9.0.2/24 dev tun0
nx pe ip link set tun0 up
nx pe ip route add 10.1.0.0/24 dev tun0

nx h1 ping -c 2 -i 0.2 -W 2 10.9.0.2 >/dev/null; ok "h1 pings the peer's host through the tunnel"

tcp_transfer h1 pe 10.9.0.2 8000000 "8 MB of TCP h1 -> the peer"

kill "$PEER"; wait "$PEER" 2>/dev/null
read -r taken opened largest sent <"$T/peer" || taken=none
expect_eq "the peer opened every datagram it took as one whole ESP packet" "$taken" "$opened"
[ "${largest:-99999}" -le 1472 ]; ok "no datagram larger than the path allows ($largest bytes)"
[ "${sent:-0}" -gt 0 ]; ok "the peer's ordinary datagrams came back through r1 ($sent)"

frames=$(rsh r1 -c 'show interfaces wan0' | awk '/packets output/ { print $1; exit }')
sealed=$(rsh r1 -c 'show crypto ipsec sa tunnel pe' |
	awk '/outbound esp sas/ { o = 1 } o && /packets:/ { sub(/,/, "", $2); print $2; exit }')
[ "${sealed:-0}" -gt "${frames:-0}" ]
ok "r1 sealed more datagrams ($sealed) than it wrote frames on wan0 ($frames): USO"

finish
