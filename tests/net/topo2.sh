# SPDX-License-Identifier: GPL-3.0-or-later
# topo2.sh - the two-router topology of the forwarding tests: three hosts,
# two routers joined by two parallel links (ECMP and fail-over between them).
#
#   h1 10.1.0.2 --lan0-- r1 --wan0 10.12.0.0/30-- r2 --lan0-- h2 10.2.0.2
#                           --wan1 10.21.0.0/30--    --lan1-- h3 10.3.0.2
#
# r1 reaches h2's network over both links at equal priority (ECMP) and
# h3's over wan0 (priority 10) with wan1 (priority 20) as the backup.
net_router r1
net_router r2
rconf r1 <<'C'
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.1 255.255.255.252
 tap r1-wan0
interface wan1
 ip address 10.21.0.1 255.255.255.252
 tap r1-wan1
ip route 10.2.0.0 255.255.255.0 10.12.0.2
ip route 10.2.0.0 255.255.255.0 10.21.0.2
ip route 10.3.0.0 255.255.255.0 10.12.0.2 priority 10
ip route 10.3.0.0 255.255.255.0 10.21.0.2 priority 20
C
rconf r2 <<'C'
hostname r2
interface lan0
 ip address 10.2.0.1 255.255.255.0
interface lan1
 ip address 10.3.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.2 255.255.255.252
 tap r2-wan0
interface wan1
 ip address 10.21.0.2 255.255.255.252
 tap r2-wan1
ip route 10.1.0.0 255.255.255.0 10.12.0.1
ip route 10.1.0.0 255.255.255.0 10.21.0.1
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host h2 r2 lan0 10.2.0.2/24 10.2.0.1
net_host h3 r2 lan1 10.3.0.2/24 10.3.0.1
net_wire r1 r1-wan0 r2 r2-wan0
net_wire r1 r1-wan1 r2 r2-wan1
