#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# esp.sh - ESP tunnels with manual SAs between vgwd routers, end to end:
# a hub (the VPC) and two sites, each joined to the hub by a tunnel.
#
#   hv 172.16.0.2 --lan0-- r1 198.51.100.1 --+
#   h2 10.2.0.2   --lan0-- r2 198.51.100.2 --+ wan (a bridge)
#   h3 10.3.0.2   --lan0-- r3 198.51.100.3 --+
#
# Tunnels siteA (r1-r2) and siteB (r1-r3), routing policy. Each of AES-GCM-128
# and AES-256-CBC with HMAC-SHA-256-128, raw and in UDP 4500, carries pings
# and a 20 MB TCP transfer checked by sha256; tshark decrypts and
# authenticates the ESP of a `monitor capture` of r1's WAN port with the
# configured keys (the oracle: not our parser). Then scenario B6 (two sites
# reach the VPC but not each other, by SPD entries; an SPD entry wins over a
# route), 50 unrelated commits under a ping flood, and an SA pair replaced
# by new SPIs and keys.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
command -v tshark >/dev/null || { echo "not ok - tshark missing (tools/deps test)"; exit 1; }
command -v nc >/dev/null || { echo "not ok - nc missing (tools/deps test)"; exit 1; }

# the routers, the hosts, and the wan: one bridge with every router's wan0
for r in r1 r2 r3; do net_router $r; done
rconf r1 <<'C'
hostname r1
interface lan0
 ip address 172.16.0.1 255.255.0.0
interface wan0
 ip address 198.51.100.1 255.255.255.0
 tap r1-wan0
C
for i in 2 3; do rconf r$i <<C
hostname r$i
interface lan0
 ip address 10.$i.0.1 255.255.255.0
interface wan0
 ip address 198.51.100.$i 255.255.255.0
 tap r$i-wan0
C
done
net_host hv r1 lan0 172.16.0.2/16 172.16.0.1
net_host h2 r2 lan0 10.2.0.2/24 10.2.0.1
net_host h3 r3 lan0 10.3.0.2/24 10.3.0.1
net_ns_add wan
nx wan ip link add br0 type bridge
nx wan ip link set br0 up
for r in r1 r2 r3; do
	ip -n "$(ns_ $r)" link set $r-wan0 netns "$(ns_ wan)" || exit 1
	nx wan ip link set $r-wan0 master br0 up
done

# the routers reach each other in clear
for i in 2 3; do
	out=$(rsh r1 -c "ping 198.51.100.$i count 2" 2>&1); ok "r1 pings r$i's WAN address"
done

# --- the tunnels -------------------------------------------------------------

# the SA pair of the tunnel between r1 and site router R (r2 or r3), as r1
# sees it: SPI, encryption and integrity key of each direction
declare -A SPI_OUT SPI_IN EK_OUT EK_IN IK_OUT IK_IN ALG NATT
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# new keys for the pair with R, and both ends' tunnel blocks committed (r1
# first): ALG is the esp proposal, NAT-T the nat-traversal mode
pair() {		# R ALG NAT-T SPI-OUT SPI-IN
	local r=$1 i=${1#r} site
	ALG[$r]=$2 NATT[$r]=$3 SPI_OUT[$r]=$4 SPI_IN[$r]=$5
	case $2 in
	aes128gcm16) EK_OUT[$r]=$(hex 20) EK_IN[$r]=$(hex 20) IK_OUT[$r]='' IK_IN[$r]='' ;;
	aes256-sha256) EK_OUT[$r]=$(hex 32) EK_IN[$r]=$(hex 32) IK_OUT[$r]=$(hex 32) IK_IN[$r]=$(hex 32) ;;
	esac
	if [ "$r" = r2 ]; then site=siteA; else site=siteB; fi
	rconf r1 <<C
crypto ipsec tunnel $site
 peer 198.51.100.$i
 local-address 198.51.100.1
 esp proposal $2
 local-network 172.16.0.0/16
 local-network 10.$((5 - i)).0.0/24
 remote-network 10.$i.0.0/24
 routing policy
 nat-traversal $3
 keying manual
 sa inbound spi ${SPI_IN[$r]} encryption-key 0 ${EK_IN[$r]}${IK_IN[$r]:+ integrity-key 0 ${IK_IN[$r]}}
 sa outbound spi ${SPI_OUT[$r]} encryption-key 0 ${EK_OUT[$r]}${IK_OUT[$r]:+ integrity-key 0 ${IK_OUT[$r]}}
C
	rconf $r <<C
crypto ipsec tunnel hub
 peer 198.51.100.1
 local-address 198.51.100.$i
 esp proposal $2
 local-network 10.$i.0.0/24
 remote-network 172.16.0.0/16
 remote-network 10.$((5 - i)).0.0/24
 routing policy
 nat-traversal $3
 keying manual
 sa inbound spi ${SPI_OUT[$r]} encryption-key 0 ${EK_OUT[$r]}${IK_OUT[$r]:+ integrity-key 0 ${IK_OUT[$r]}}
 sa outbound spi ${SPI_IN[$r]} encryption-key 0 ${EK_IN[$r]}${IK_IN[$r]:+ integrity-key 0 ${IK_IN[$r]}}
C
}

# tshark's esp_sa entries (-o arguments) for both SAs of the pair with R
TS_OPTS=()
uat() {			# SRC DST SPI ALG EKEY IKEY
	local enc auth ik=
	case $4 in
	aes128gcm16) enc="AES-GCM with 16 octet ICV [RFC4106]" auth=NULL ;;
	aes256-sha256) enc="AES-CBC [RFC3602]" auth="HMAC-SHA-256-128 [RFC4868]" ik=0x$6 ;;
	esac
	printf 'uat:esp_sa:"IPv4","%s","%s","0x%08x","%s","0x%s","%s","%s"' "$1" "$2" "$3" "$enc" "$5" "$auth" "$ik"
}
ts_opts() {		# R
	local r=$1 i=${1#r}
	TS_OPTS=(-o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE
		-o "$(uat 198.51.100.1 198.51.100.$i "${SPI_OUT[$r]}" "${ALG[$r]}" "${EK_OUT[$r]}" "${IK_OUT[$r]}")"
		-o "$(uat 198.51.100.$i 198.51.100.1 "${SPI_IN[$r]}" "${ALG[$r]}" "${EK_IN[$r]}" "${IK_IN[$r]}")")
}

# a capture of r1's wan0 while FROM pings TO three times, in $T/NAME.pcap
CAPN=0
capture_pings() {	# FROM TO: sets CAP to the file
	CAPN=$((CAPN + 1))
	CAP=$T/esp$CAPN.pcap
	rconf r1 <<C
monitor capture esp$CAPN interface wan0 filter "udp port 4500 or ip proto 50" file $CAP
C
	rsh r1 -c "monitor capture esp$CAPN start" >/dev/null
	nx "$1" ping -c 3 -i 0.2 -W 2 "$2" >/dev/null
	ok "$1 pings $2 three times while r1 captures its wan0"
	rsh r1 -c "monitor capture esp$CAPN stop" >/dev/null
}

# what tshark reads in CAP with the keys of the pair with R: a line per ESP
# packet: SPI, ICV good, ICV bad, outer and inner addresses, ICMP type,
# UDP ports (none for raw ESP)
esp_fields() {		# R
	ts_opts "$1"
	tshark -r "$CAP" "${TS_OPTS[@]}" -Y esp -T fields -E occurrence=a -E aggregator=, \
		-e esp.spi -e esp.icv_good -e esp.icv_bad -e ip.src -e ip.dst -e icmp.type \
		-e udp.srcport -e udp.dstport 2>"$T/tshark.err"
}

# the tunnel to R as configured now: pings from hv to R's host (and back)
# decrypted and authenticated by tshark, and 20 MB of TCP, byte for byte
check_tunnel() {	# R
	local r=$1 i=${1#r} what f want port=
	what="${ALG[$r]}, $( [ "${NATT[$r]}" = force ] && echo "ESP in UDP" || echo "raw ESP")"
	if [ "${NATT[$r]}" = force ]; then port=$'\t4500\t4500'; else port=$'\t\t'; fi
	out=$(nx hv ping -c 3 -i 0.2 -W 2 10.$i.0.2)
	local rc=$?
	(exit $rc); ok "$what: hv pings h$i through the tunnel"
	[ $rc -eq 0 ] || { echo "# (the rest of this tunnel's checks skipped)"; return; }
	out=$(nx h$i ping -c 2 -i 0.2 -W 2 172.16.0.2); ok "$what: h$i pings hv through the tunnel"
	capture_pings hv 10.$i.0.2
	f=$(esp_fields "$r")
	want=$(for _ in 1 2 3; do
		printf '0x%08x\t1\t0\t198.51.100.1,172.16.0.2\t198.51.100.%d,10.%d.0.2\t8%s\n' \
			"${SPI_OUT[$r]}" "$i" "$i" "$port"
		printf '0x%08x\t1\t0\t198.51.100.%d,10.%d.0.2\t198.51.100.1,172.16.0.2\t0%s\n' \
			"${SPI_IN[$r]}" "$i" "$i" "$port"
	done)
	expect_eq "$what: tshark decrypts r1's three requests and r$i's three replies, ICV correct" \
		"$(printf '%s\n' "$want" | sort)" "$(printf '%s\n' "$f" | sort)"
	[ -n "$f" ] || grep -v '^Running as user' "$T/tshark.err"

	tcp_transfer hv h$i 10.$i.0.2 20000000 "$what: 20 MB of TCP hv -> h$i"
}

pair r2 aes128gcm16 force 0x1201 0x2101
pair r3 aes256-sha256 off 0x1301 0x3101
sa=$(rsh r1 -c 'show crypto ipsec sa')
expect_match "show crypto ipsec sa lists siteA's outbound SPI" "(0x0*1201|4609)" "$sa"
expect_match "show crypto ipsec sa lists siteB's inbound SPI" "(0x0*3101|12545)" "$sa"
check_tunnel r2
check_tunnel r3
# the other two: GCM raw, CBC in UDP
pair r2 aes256-sha256 force 0x1202 0x2102
pair r3 aes128gcm16 off 0x1302 0x3102
check_tunnel r2
check_tunnel r3

sa=$(rsh r1 -c 'show crypto ipsec sa')
expect_match "show crypto ipsec sa counts what came in" "packets: [1-9]" "$sa"
expect_no_match "no replay drops, ICV failures or other drops on r1" \
	"(replay drops|ICV failures|other drops): [1-9]" "$sa"

# packets of TUNNEL's outbound SA (show crypto ipsec sa)
sa_out_packets() {
	rsh r1 -c "show crypto ipsec sa tunnel $1" |
		awk '/outbound esp sas/ { o = 1 } o && /packets:/ { sub(/,/, "", $2); print $2; exit }'
}

# --- scenario B6: isolation with SPD ---------------------------------------

# r1's tunnels cover site to site (each site's tunnel has the other site in
# its local networks): the hub carries transit until the SPD says no
out=$(nx h2 ping -c 2 -i 0.2 -W 2 10.3.0.2); ok "B6: without SPD entries, site A reaches site B through the hub"
rconf r1 <<'C'
crypto spd
 10 discard source 10.2.0.0/24 destination 10.3.0.0/24
 11 discard source 10.3.0.0/24 destination 10.2.0.0/24
C
spd=$(rsh r1 -c 'show crypto spd')
expect_match "show crypto spd lists the discard entries, no hits yet" \
	"^ +10 discard source 10\.2\.0\.0/24 destination 10\.3\.0\.0/24 \(0 hits\)" "$spd"
before=$(rsh r1 -c 'show engine statistics' | awk '/SPD discard/ { print $NF }')
out=$(nx h2 ping -c 2 -i 0.2 -W 1 10.3.0.2); [ $? -ne 0 ]; ok "B6: site A no longer reaches site B"
out=$(nx h3 ping -c 2 -i 0.2 -W 1 10.2.0.2); [ $? -ne 0 ]; ok "B6: site B no longer reaches site A"
after=$(rsh r1 -c 'show engine statistics' | awk '/SPD discard/ { print $NF }')
[ "$((${after:-0} - ${before:-0}))" -ge 4 ]; ok "B6: r1 counts the four pings as SPD discards (${before:-?} -> ${after:-?})"
spd=$(rsh r1 -c 'show crypto spd')
expect_match "B6: show crypto spd counts entry 10's hits (h2's two pings)" "^ +10 discard .*\(2 hits\)" "$spd"
expect_match "B6: show crypto spd counts entry 11's hits (h3's two pings)" "^ +11 discard .*\(2 hits\)" "$spd"
out=$(nx h2 ping -c 2 -i 0.2 -W 2 172.16.0.2); ok "B6: site A still reaches the VPC"
out=$(nx h3 ping -c 2 -i 0.2 -W 2 172.16.0.2); ok "B6: site B still reaches the VPC"
out=$(nx hv ping -c 2 -i 0.2 -W 2 10.2.0.2); ok "B6: the VPC reaches site A"
out=$(nx hv ping -c 2 -i 0.2 -W 2 10.3.0.2); ok "B6: the VPC reaches site B"

# an SPD entry wins over a route to the same destination: site A's network
# routed to null0 on r1, and to hv (so a routed packet would come back)
rconf r1 <<'C'
ip route 10.2.0.0 255.255.255.0 null0
ip route 10.3.0.0 255.255.255.0 172.16.0.2
C
expect_match "the null0 route to site A is installed" "10\.2\.0\.0/24.*Null0|10\.2\.0\.0/24.*null0" \
	"$(rsh r1 -c 'show ip route 10.2.0.0/24')"
o0=$(sa_out_packets siteA)
out=$(nx hv ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "SPD over route: hv reaches h2 through the tunnel despite a null0 route"
o1=$(sa_out_packets siteA)
[ "$((o1 - o0))" -ge 3 ]; ok "SPD over route: siteA's outbound SA counts the three requests ($o0 -> $o1)"
out=$(nx hv ping -c 3 -i 0.2 -W 2 10.3.0.2); ok "SPD over route: hv reaches h3 through the tunnel despite a route back to hv"
rconf r1 <<'C'
no ip route 10.2.0.0 255.255.255.0 null0
no ip route 10.3.0.0 255.255.255.0 172.16.0.2
no crypto spd
C
nx h2 ping -c 2 -i 0.2 -W 2 10.3.0.2 >/dev/null; ok "the SPD entries removed, site A reaches site B again"

# --- 50 unrelated commits under a ping flood through the tunnel ------------

ip netns exec "$(ns_ hv)" ping -q -c 2500 -i 0.002 -W 2 10.2.0.2 >"$T/flood" 2>&1 &
fl=$!
for n in $(seq 1 50); do
	rsh r1 -c 'configure terminal' -c "ip route 192.168.$n.0 255.255.255.0 null0" -c commit -c end >/dev/null \
		|| echo "# commit $n failed"
done
wait $fl
loss=$(grep -o '[0-9.]*% packet loss' "$T/flood")
expect_eq "no packet lost in the tunnel during 50 commits on r1" "0% packet loss" "$loss"
n=$(rsh r1 -c 'show configuration commit list' | grep -c .)
[ "$n" -ge 50 ]; ok "the 50 commits were taken ($n lines of history)"

# --- the SA pair replaced -----------------------------------------------------

old_out=${SPI_OUT[r2]} old_in=${SPI_IN[r2]}
pair r2 aes256-sha256 force 0x1203 0x2103
sleep 0.2
nx hv ping -c 3 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "new SA pair: hv pings h2"
capture_pings hv 10.2.0.2
f=$(esp_fields r2)
expect_eq "new SA pair: tshark sees the new SPIs only, ICV correct with the new keys" \
	"$(for _ in 1 2 3; do printf '0x%08x\t1\t0\n' 0x1203 0x2103; done | sort)" \
	"$(printf '%s\n' "$f" | cut -f1-3 | sort)"
sa=$(rsh r1 -c 'show crypto ipsec sa')
expect_match "new SA pair: show crypto ipsec sa lists the new SPIs" "(0x0*1203|4611)" "$sa"
expect_no_match "new SA pair: the old SPIs are gone from show crypto ipsec sa" \
	"$(printf 'spi: 0x0*%x|spi: 0x0*%x|\\(%d\\)|\\(%d\\)' "$old_out" "$old_in" "$old_out" "$old_in")" "$sa"

[ $FAILS -eq 0 ]
