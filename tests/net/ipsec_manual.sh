#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ipsec_manual.sh - smoke test of manual keying end to end: two vgw routers
# joined by two manually keyed tunnels, t1 (policy, AES-GCM-128, raw ESP)
# and t2 (route, AES-256-CBC with HMAC-SHA-256, ESP in UDP 4500):
#
#   h1 10.1.0.2 --lan0-- r1 --wan0 10.12.0.0/30-- r2 --lan0-- h2 10.2.0.2  (t1)
#                                                    --lan1-- h3 10.3.0.2  (t2)
#
# Pings cross and are counted by show crypto ipsec sa on both sides; a
# commit that only changes a route keeps the SAs (their counters go on);
# shutdown removes a tunnel's SAs and no shutdown brings them back; a key
# from another installation fails the commit, naming the tunnel, and
# changes nothing. (The thorough suites, with tshark and scapy as oracles,
# are esp.sh and esp_scapy.sh.)
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

K1=000102030405060708090a0b0c0d0e0f10111213
K2=202122232425262728292a2b2c2d2e2f30313233
E1=4041424344454647484950515253545556575859606162636465666768697071
E2=8081828384858687888990919293949596979899a0a1a2a3a4a5a6a7a8a9aaab
I1=c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf
I2=e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff

net_router r1
net_router r2
rconf r1 <<C
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 10.12.0.1 255.255.255.252
 tap r1-wan0
crypto ipsec tunnel t1
 peer 10.12.0.2
 esp proposal aes128gcm16
 local-network 10.1.0.0/24
 remote-network 10.2.0.0/24
 keying manual
 sa outbound spi 0x1001 encryption-key $K1
 sa inbound spi 0x2001 encryption-key $K2
crypto ipsec tunnel t2
 peer 10.12.0.2
 esp proposal aes256-sha256
 routing route
 nat-traversal force
 keying manual
 sa outbound spi 0x1002 encryption-key $E1 integrity-key $I1
 sa inbound spi 0x2002 encryption-key $E2 integrity-key $I2
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
crypto ipsec tunnel t1
 peer 10.12.0.1
 esp proposal aes128gcm16
 local-network 10.2.0.0/24
 remote-network 10.1.0.0/24
 keying manual
 sa inbound spi 0x1001 encryption-key $K1
 sa outbound spi 0x2001 encryption-key $K2
crypto ipsec tunnel t2
 peer 10.12.0.1
 esp proposal aes256-sha256
 routing route
 nat-traversal force
 keying manual
 sa inbound spi 0x1002 encryption-key $E1 integrity-key $I1
 sa outbound spi 0x2002 encryption-key $E2 integrity-key $I2
ip route 10.1.0.0 255.255.255.0 tunnel t2
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host h2 r2 lan0 10.2.0.2/24 10.2.0.1
net_host h3 r2 lan1 10.3.0.2/24 10.3.0.1
net_wire r1 r1-wan0 r2 r2-wan0

# The packets of the SA with this SPI, from show crypto ipsec sa on a router.
sa_packets() {	# ROUTER SPI(0xXXXXXXXX)
	rsh "$1" -c 'show crypto ipsec sa' |
		awk -v spi="spi: $2(" 'index($0, spi) { on = 1; next }
			on && /packets:/ { sub(/,.*/, "", $2); print $2; exit }'
}

# The hits of r1's SPD entry generated from t1's routing policy.
spd_hits() {
	rsh r1 -c 'show crypto spd' |
		awk '/protect source 10\.1\.0\.0\/24 destination 10\.2\.0\.0\/24 tunnel t1/ {
			sub(/.*\(/, ""); sub(/ hits\).*/, ""); print; exit }'
}

out=$(rsh r1 -c 'show crypto ipsec tunnel'); echo "$out"
expect_match "r1: t1 is up" "^t1 .*10\.12\.0\.1 .*manual policy +up " "$out"
expect_match "r1: t2 is up" "^t2 .*manual route +up " "$out"
expect_match "r1's log names the SAs installed" "crypto ipsec tunnel t1: manual SAs installed: inbound SPI 0x00002001, outbound SPI 0x00001001" \
	"$(rsh r1 -c 'show logging')"

out=$(nx h1 ping -c 5 -i 0.2 -W 2 10.2.0.2); ok "h1 pings h2 through t1 (AES-GCM-128, raw ESP)"
out=$(nx h1 ping -c 5 -i 0.2 -W 2 10.3.0.2); ok "h1 pings h3 through t2 (AES-256-CBC+SHA-256, UDP 4500)"
sa=$(rsh r1 -c 'show crypto ipsec sa'); echo "$sa"
expect_match "t1's SAs are AES-GCM-128 in raw ESP" "transform: aes128gcm16, esn: no, udp-encap: no" "$sa"
expect_match "t2's SAs are AES-256-CBC+SHA-256 in UDP" "transform: aes256-sha256, esn: no, udp-encap: yes" "$sa"
expect_match "r1 shows t1's endpoints" "local crypto endpt.: 10.12.0.1, remote crypto endpt.: 10.12.0.2" "$sa"
for x in "r1 0x00001001" "r1 0x00002001" "r2 0x00001001" "r2 0x00002001" \
    "r1 0x00001002" "r1 0x00002002" "r2 0x00001002" "r2 0x00002002"; do
	n=$(sa_packets $x)
	[ "${n:-0}" -ge 5 ]; ok "${x% *}: SA ${x#* } counted the pings ($n packets)"
done
expect_match "no replay drops or ICV failures on r2" "replay drops: 0, ICV failures: 0" \
	"$(rsh r2 -c 'show crypto ipsec sa tunnel t1')"
expect_match "detail: sequence numbers" "last sequence number: [1-9]" \
	"$(rsh r1 -c 'show crypto ipsec sa tunnel t1 detail')"
expect_match "detail: manual SAs have no lifetime" "hard lifetime: none" \
	"$(rsh r1 -c 'show crypto ipsec sa tunnel t1 detail')"
expect_match "ESP drops are in show engine statistics" "ESP: replayed +0" \
	"$(rsh r2 -c 'show engine statistics')"
spd=$(rsh r1 -c 'show crypto spd'); echo "$spd"
expect_match "show crypto spd names the entries' tunnel" "^generated from tunnel t1 \(routing policy\)" "$spd"
hits=$(spd_hits)
[ "${hits:-0}" -ge 5 ]; ok "show crypto spd counted the pings into t1 ($hits hits)"

# A commit that changes only a route keeps the SAs and their counters.
before=$(sa_packets r1 0x00001001)
rconf r1 <<'C'
ip route 10.99.0.0 255.255.255.0 10.12.0.2
C
after=$(sa_packets r1 0x00001001)
[ "${after:-0}" -ge "${before:-1}" ] && [ "$before" -ge 5 ]; ok "an unrelated commit keeps t1's SA counters ($before -> $after)"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "t1 still carries pings after the commit"
[ "$(sa_packets r2 0x00001001)" -ge $((before + 3)) ]; ok "r2's inbound SA went on counting (sequence numbers not restarted)"
[ "$(spd_hits)" -ge $((hits + 3)) ]; ok "the commit kept t1's SPD hits, which went on rising ($(spd_hits))"

rsh r1 -c 'clear crypto sa counters'; ok "clear crypto sa counters"
expect_eq "the counters read 0 after the clear" "0" "$(sa_packets r1 0x00001001)"
expect_eq "and so do the SPD's hits" "0" "$(spd_hits)"

# shutdown removes the tunnel's SAs and the ping stops; no shutdown (at
# both ends) brings it back.
rconf r1 <<'C'
crypto ipsec tunnel t1
 shutdown
C
expect_match "shut down: t1 has no SAs" "tunnel: t1: no SAs" "$(rsh r1 -c 'show crypto ipsec sa tunnel t1')"
expect_match "shut down: show crypto ipsec tunnel says so" "^t1 .* shutdown" "$(rsh r1 -c 'show crypto ipsec tunnel t1')"
expect_match "the log says the SAs went" "crypto ipsec tunnel t1: 2 SAs removed \(shutdown\)" "$(rsh r1 -c 'show logging')"
! nx h1 ping -c 2 -i 0.2 -W 1 10.2.0.2 >/dev/null; ok "no ping through a shut-down tunnel"
out=$(nx h1 ping -c 2 -i 0.2 -W 2 10.3.0.2); ok "t2 still carries pings"
# New manual SAs start at sequence 1, which the peer's replay window
# refuses until its own SAs restart too (RFC 4303 3.3.3): both ends cycle.
rconf r2 <<'C'
crypto ipsec tunnel t1
 shutdown
C
for r in r1 r2; do rconf $r <<'C'
crypto ipsec tunnel t1
 no shutdown
C
done
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "no shutdown: h1 pings h2 through t1 again"
expect_match "t1 is up again" "^t1 .* up " "$(rsh r1 -c 'show crypto ipsec tunnel t1')"

# A key that another installation encrypted fails the commit, naming the
# tunnel and the key, and changes nothing.
net_router r3
rconf r3 <<C
crypto ipsec tunnel x
 keying manual
 esp proposal aes128gcm16
 sa inbound spi 0x3001 encryption-key $K2
 shutdown
C
foreign=$(rsh r3 -c 'show running-config crypto' | sed -n 's/.*encryption-key \(6 [^ ]*\).*/\1/p')
expect_match "r3 shows its key as type 6" "^6 " "$foreign"
run_before=$(rsh r1 -c 'show running-config')
sa_before=$(sa_packets r1 0x00001001)
out=$(rsh r1 -f <(printf 'configure terminal\ncrypto ipsec tunnel t1\n sa inbound spi 0x2001 encryption-key %s\ncommit\nabort\n' "$foreign") 2>&1)
[ $? -ne 0 ]; ok "a key from another installation fails the commit"
expect_match "the error names the tunnel and the key" \
	"crypto ipsec tunnel t1: sa inbound: encryption-key: .*cannot be decrypted by this installation" "$out"
expect_eq "running is unchanged" "$run_before" "$(rsh r1 -c 'show running-config')"
out=$(nx h1 ping -c 2 -i 0.2 -W 2 10.2.0.2); ok "t1 still carries pings"
[ "$(sa_packets r1 0x00001001)" -ge $((sa_before + 2)) ]; ok "t1 kept its SAs through the failed commit"

finish
