# SPDX-License-Identifier: GPL-3.0-or-later
# topo1.sh - one router between two hosts:
#
#   h1 10.1.0.2 --lan0 10.1.0.1-- r1 --lan1 10.2.0.1-- h2 10.2.0.2
net_router r1
rconf r1 <<'C'
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface lan1
 ip address 10.2.0.1 255.255.255.0
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host h2 r1 lan1 10.2.0.2/24 10.2.0.1
