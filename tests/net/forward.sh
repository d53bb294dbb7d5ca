#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# forward.sh - IPv4 forwarding end to end through two vgwd routers: pings
# and a TCP transfer across, ECMP, priority fail-over, TTL and ICMP errors
# as the host sees them (checked with tshark), fragmentation, ARP ageing,
# and a ping flood that loses nothing across 50 commits.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo2.sh"

out=$(nx h1 ping -c 2 -i 0.2 -W 2 10.1.0.1); ok "h1 pings its router"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "h1 pings h2 across both routers"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.3.0.2); ok "h1 pings h3"
expect_match "replies come back with TTL 62 (two routers)" "ttl=62" "$out"
out=$(nx h1 ping -c 2 -i 0.2 -W 2 10.12.0.2); ok "h1 pings r2's WAN address"

# TCP: 20 MB from h1 to h2, byte for byte (segmentation offload on the way)
tcp_transfer h1 h2 10.2.0.2 20000000 "TCP transfer h1 -> h2"

# ICMP errors as h1 sees them, dissected by tshark
ip netns exec "$(ns_ h1)" tshark -q -a duration:30 -i lan0 -f icmp -w "$T/icmp.pcap" 2>/dev/null &
ts=$!
sleep 2
nx h1 ping -c 1 -W 1 -t 1 10.2.0.2 >/dev/null
nx h1 ping -c 1 -W 1 -t 2 10.3.0.2 >/dev/null
nx h1 ping -c 1 -W 1 10.99.0.1 >/dev/null
rconf r1 <<'C'
interface wan0
 mtu 1400
interface wan1
 mtu 1400
C
nx h1 ping -c 1 -W 1 -M do -s 1472 10.2.0.2 >/dev/null
out=$(nx h1 ping -c 2 -i 0.2 -W 2 -M dont -s 1472 10.3.0.2); ok "DF clear: 1500-byte pings cross a 1400-byte link (fragmented)"
sleep 0.5
kill -INT $ts; wait $ts
# first occurrences: the error's own header, not the one it quotes;
# checksum status 1 is "good"
icmp=$(tshark -r "$T/icmp.pcap" -Y 'icmp.type == 3 || icmp.type == 11' -T fields -E occurrence=f \
	-e ip.src -e icmp.type -e icmp.code -e icmp.mtu -e ip.checksum.status -e icmp.checksum.status \
	-o ip.check_checksum:TRUE 2>/dev/null)
expect_match "TTL 1: time exceeded from r1" "^10\.1\.0\.1	11	0	" "$icmp"
expect_match "TTL 2: time exceeded from r2" "^10\.(12|21)\.0\.2	11	0	" "$icmp"
expect_match "no route: network unreachable from r1" "^10\.1\.0\.1	3	0	" "$icmp"
expect_match "DF and too big: fragmentation needed with MTU 1400" "^10\.1\.0\.1	3	4	1400	" "$icmp"
expect_no_match "every ICMP error has good IP and ICMP checksums" "	[^	]*	[^1	]*$|	[^1	]*	[^	]*$" "$icmp"
frags=$(rsh r1 -c 'show engine statistics' | grep 'fragments created')
expect_match "r1 counted the fragments it made" "fragments created +[1-9]" "$frags"

# ECMP: 64 UDP flows from h1 to h2 spread over wan0 and wan1 (both
# gateways resolved first: a burst to a new neighbour waits in a bounded queue)
rsh r1 -c 'ping 10.12.0.2 count 1' -c 'ping 10.21.0.2 count 1' >/dev/null; ok "r1 reaches both gateways"
before0=$(rsh r1 -c 'show interfaces wan0' | awk '/packets output/ {print $1}')
before1=$(rsh r1 -c 'show interfaces wan1' | awk '/packets output/ {print $1}')
nx h1 python3 -c '
import socket
for port in range(40000, 40064):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.1.0.2", port))
    for _ in range(5):
        s.sendto(b"x" * 100, ("10.2.0.2", 9))
'
sleep 0.3
after0=$(rsh r1 -c 'show interfaces wan0' | awk '/packets output/ {print $1}')
after1=$(rsh r1 -c 'show interfaces wan1' | awk '/packets output/ {print $1}')
d0=$((after0 - before0)); d1=$((after1 - before1))
echo "# ECMP: wan0 $d0, wan1 $d1 packets of 320"
[ $d0 -ge 64 ] && [ $d1 -ge 64 ] && [ $((d0 + d1)) -ge 320 ]; ok "ECMP spreads 64 flows over both links ($d0/$d1)"

# priority fail-over: the wan0 link shut at both ends; h3 still reachable
# over wan1; back after
for r in r1 r2; do rconf $r <<'C'
interface wan0
 shutdown
C
done
route=$(rsh r1 -c 'show ip route 10.3.0.0/24')
expect_match "the priority-10 route is withdrawn" "10.12.0.2.*not installed" "$route"
expect_match "the priority-20 route takes over" "S\*  10.3.0.0/24 \[20\] via 10.21.0.2" "$route"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.3.0.2); ok "h3 reachable over wan1 with wan0 shut"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "h2 reachable over wan1 only"
for r in r1 r2; do rconf $r <<'C'
interface wan0
 no shutdown
C
done
expect_match "wan0 back: priority 10 installed again" "S\*  10.3.0.0/24 \[10\] via 10.12.0.2" \
	"$(rsh r1 -c 'show ip route 10.3.0.0/24')"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.3.0.2); ok "h3 reachable over wan0 again"

# a ping flood through r1 while it takes 50 unrelated commits
ip netns exec "$(ns_ h1)" ping -q -c 2500 -i 0.002 -W 2 10.2.0.2 >"$T/flood" 2>&1 &
fl=$!
for i in $(seq 1 50); do
	rsh r1 -c 'configure terminal' -c "ip route 192.168.$i.0 255.255.255.0 null0" -c commit -c end >/dev/null \
		|| echo "commit $i failed"
done
n=$(rsh r1 -c 'show configuration commit list' | grep -c .)
wait $fl
loss=$(grep -o '[0-9.]*% packet loss' "$T/flood")
expect_eq "no packet lost during 50 commits" "0% packet loss" "$loss"
[ "$n" -ge 50 ]; ok "the 50 commits were taken ($n lines of history)"

# ARP ageing: entries leave after the interface's arp timeout
rconf r1 <<'C'
interface lan0
 arp timeout 5
C
rsh r1 -c 'clear arp'; ok "clear arp"
expect_no_match "clear arp forgets h1" "10\.1\.0\.2 " "$(rsh r1 -c 'show arp')"
# (h1's old entry, learned at the start, would expire at any moment now;
# the ping makes r1 learn it afresh)
nx h1 ping -c 1 -W 2 10.1.0.1 >/dev/null; ok "h1 pings r1: r1 resolves h1 again"
expect_match "h1 is in r1's ARP table" "10\.1\.0\.2 .* lan0" "$(rsh r1 -c 'show arp')"
sleep 6.5
expect_no_match "h1's entry aged out after 5 s" "10\.1\.0\.2 " "$(rsh r1 -c 'show arp')"

[ $FAILS -eq 0 ]
