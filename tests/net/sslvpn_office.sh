#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sslvpn_office.sh - a remote user reaches an office through an IPsec
# tunnel (scenario B7 plus one tunnel): the user's packets enter r1's
# engine from the SSL-VPN port, meet the SPD, and go through r1's IKEv2
# tunnel to r2, whose office LAN answers back the same way.
#
#   client --wan-- r1 (ssl-vpn, pool 10.9.0.0/24) --wan1 10.12.0.0/30-- r2 --lan0-- office 10.3.0.2
#                  r1 --lan0-- lan 10.2.0.2
#   tunnel office: r1 10.9.0.0/24 <-> r2 10.3.0.0/24
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/openconnect.sh"
. "$(dirname "$0")/sslvpn_topo.sh"

PSK='office key 0123'
sv_router <<C
interface wan1
 ip address 10.12.0.1 255.255.255.252
 tap r1-wan1
crypto ipsec tunnel office
 peer 10.12.0.2
 pre-shared-key 0 "$PSK"
 local-network 10.9.0.0/24
 remote-network 10.3.0.0/24
 start initiate
ssl-vpn
 listen 198.51.100.1 port 443
 certificate self-signed
 address-pool 10.9.0.0/24
 split-route 10.2.0.0/24
 split-route 10.3.0.0/24
ssl-vpn user alice
 password 0 alice-Pw-1
C
net_router r2
rconf r2 <<C
hostname r2
interface lan0
 ip address 10.3.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.2 255.255.255.252
 tap r2-wan0
crypto ipsec tunnel office
 peer 10.12.0.1
 pre-shared-key 0 "$PSK"
 local-network 10.3.0.0/24
 remote-network 10.9.0.0/24
 start respond
C
net_host office r2 lan0 10.3.0.2/24 10.3.0.1
net_wire r1 r1-wan1 r2 r2-wan0
sv_client c1 1
C1=$(ns_ c1)

for _ in $(seq 150); do
	rsh r1 -c 'show crypto ipsec tunnel office' | grep -qw up && break
	sleep 0.1
done
expect_match "the tunnel to the office is up" " up " "$(rsh r1 -c 'show crypto ipsec tunnel office')"

oc_start "$C1" 198.51.100.1 alice alice-Pw-1 "$SV_PIN"
oc_wait_up "$C1" 20
ok "alice is connected"
expect_eq "alice has the pool's first address" "10.9.0.1" "$(oc_addr "$C1")"
expect_match "her client routes the office's network into the tunnel" "10\.3\.0\.0/24 dev octun" \
	"$(nx c1 ip route)"

sa_in() { rsh r2 -c 'show crypto ipsec sa tunnel office detail' | awk '/inbound/ { f = 1 } f && /packets/ { print $2 + 0; exit }'; }
before=$(sa_in)
nx c1 ping -c 5 -i 0.2 -W 2 -q 10.3.0.2 >/dev/null
ok "alice pings the office host through the SSL VPN and the IPsec tunnel"
after=$(sa_in)
expect_eq "the pings crossed the tunnel (r2's inbound SA counted them)" 5 $((after - before))

# a TCP transfer office -> alice, checked by its hash
head -c 5000000 /dev/urandom >"$T/blob"
want=$(sha256sum <"$T/blob" | cut -d' ' -f1)
nx c1 timeout 30 nc -l 10.9.0.1 5001 >"$T/got" &
listener=$!
sleep 0.5
nx office timeout 30 nc -N 10.9.0.1 5001 <"$T/blob"
wait "$listener"
expect_eq "5 MB from the office reach alice intact" "$want" "$(sha256sum <"$T/got" | cut -d' ' -f1)"
# the office cannot reach r1's LAN: the tunnel's selectors do not cover it
! nx office ping -c 1 -W 1 -q 10.2.0.2 >/dev/null 2>&1
ok "the office does not reach r1's LAN (outside the tunnel's selectors)"
oc_stop "$C1"
finish
