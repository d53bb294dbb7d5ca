#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_strongswan.sh - IKEv2 against a real strongSwan (charon with
# kernel-libipsec, which always floats to UDP 4500), in office.sh's
# topology.
# charon's configuration is the one vgw generates (show crypto ipsec tunnel
# NAME peer-config strongswan), loaded unchanged. For each proposal of the
# matrix, vgw initiating and vgw responding, with and without PFS: the
# tunnel comes up, pings cross it both ways, both ends agree on the SPIs and
# algorithms, and the ESP on the wire decrypts in tshark with the keys
# charon logged. Then the failures a user meets: a wrong pre-shared key, no
# proposal in common, a wrong remote-id: each named in show and in the log.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/office.sh"

office_up <<C
 start respond
C

# ESP on the wire while h1 pings g-h three times, captured by r1 (monitor
# capture on wan0), decrypted and authenticated by tshark with the keys
# charon logged: requests and replies, ICV good, the inner addresses right
CAPN=0
esp_checked_by_tshark() {	# WHAT
	local cap opts=() f want
	CAPN=$((CAPN + 1))
	cap=$T/esp$CAPN.pcap
	rconf r1 <<-C
	monitor capture esp$CAPN interface wan0 filter "udp port 4500" file $cap
	C
	rsh r1 -c "monitor capture esp$CAPN start" >/dev/null
	nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2 >/dev/null
	rsh r1 -c "monitor capture esp$CAPN stop" >/dev/null
	mapfile -t opts < <(/usr/bin/python3 "$(dirname "$0")/sw_keys.py" "$T/sw-g/keys.log" | sed 's/^/-o\n/')
	f=$(tshark -r "$cap" -o esp.enable_encryption_decode:TRUE \
		-o esp.enable_authentication_check:TRUE "${opts[@]}" -Y esp -T fields \
		-e esp.icv_good -e ip.src -e ip.dst -e icmp.type 2>"$T/tshark.err" | sort)
	want=$(printf '1\t10.12.0.1,10.1.0.2\t10.12.0.2,10.2.0.2\t8\n%.0s' 1 2 3
		printf '1\t10.12.0.2,10.2.0.2\t10.12.0.1,10.1.0.2\t0\n%.0s' 1 2 3)
	want=$(printf '%s\n' "$want" | sort)
	expect_eq "$1: tshark decrypts the ESP with charon's keys, ICV good" "$want" "$f"
	[ "$want" = "$f" ] || { grep -v '^Running as user' "$T/tshark.err"; printf '%s\n' "${opts[@]}"; }
}

# one cell: vgw's proposals, who initiates; the tunnel comes up and carries
# pings both ways
cell() {	# IKE-PROPOSAL ESP-PROPOSAL initiate|respond
	local ike=$1 esp=$2 start=$3 what="$1 / $2, vgw ${3}s"
	rconf r1 <<-C
	crypto ipsec tunnel office
	 ike proposal $ike
	 esp proposal $esp
	 start $start
	C
	rsh r1 -c 'clear crypto sa' >/dev/null
	sw g --terminate --ike office --force >/dev/null 2>&1
	rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' | sw_load g
	local job=""
	if [ "$start" = respond ]; then
		sw g --initiate --child office --timeout 15 >/dev/null 2>&1 &
		job=$!
	fi
	wait_up 20; ok "$what: up"
	[ -n "$job" ] && wait "$job"
	tunnel_state | grep -q "^ *up" || { echo "  state: $(tunnel_state)"; tail -20 "$T/sw-g/charon.log"; grep office "$T/r1.log" | tail -5; return; }
	nx h1 ping -c 2 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "$what: ping h1 -> g-h"
	nx g-h ping -c 2 -W 2 -i 0.2 10.1.0.2 >/dev/null; ok "$what: ping g-h -> h1"
	esp_checked_by_tshark "$what"
	sw g --list-sas >"$T/sas.txt" 2>&1
	grep -q ESTABLISHED "$T/sas.txt" && grep -q INSTALLED "$T/sas.txt"
	ok "$what: charon has the IKE SA and the CHILD_SA" || cat "$T/sas.txt"
}

# the matrix: each IKE proposal with its ESP cipher, without and with PFS,
# vgw initiating and responding
for ike in aes128gcm16-prfsha256-ecp256 aes256-sha256-modp2048 \
    aes256gcm16-prfsha384-ecp384 aes128gcm16-prfsha256-x25519; do
	case $ike in
	aes128gcm16*) esp=aes128gcm16 ;;
	aes256gcm16*) esp=aes256gcm16 ;;
	*) esp=aes256-sha256 ;;
	esac
	group=${ike##*-}
	for start in initiate respond; do
		cell "$ike" "$esp" "$start"
		cell "$ike" "$esp-$group" "$start"
	done
done

# INVALID_KE_PAYLOAD (§1.2), both ways: the initiator's guess at the group
# (its first proposal's) is not the responder's choice; it follows the
# responder's answer. vgw responding: charon proposes ecp384 first, which
# vgw does not take; vgw initiating: vgw proposes ecp384 first, which
# charon's configuration lacks.
rconf r1 <<C
crypto ipsec tunnel office
 ike proposal aes128gcm16-prfsha256-ecp256
 esp proposal aes128gcm16
 start respond
C
rsh r1 -c 'clear crypto sa' >/dev/null
sw g --terminate --ike office --force >/dev/null 2>&1
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' |
	sed 's/proposals = aes128gcm16-prfsha256-ecp256/proposals = aes128gcm16-prfsha256-ecp384,aes128gcm16-prfsha256-ecp256/' | sw_load g
sw g --initiate --child office --timeout 15 >"$T/init.out" 2>&1
wait_up 10; ok "INVALID_KE_PAYLOAD answered: charon starts over with ecp256, the tunnel is up"
grep -qE "INVAL_KE|didn.t accept DH group" "$T/sw-g/charon.log"; ok "INVALID_KE_PAYLOAD: charon received it"
rconf r1 <<C
crypto ipsec tunnel office
 ike proposal aes128gcm16-prfsha256-ecp384 aes128gcm16-prfsha256-ecp256
 start initiate
C
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' |
	sed 's/proposals = aes128gcm16-prfsha256-ecp384,aes128gcm16-prfsha256-ecp256/proposals = aes128gcm16-prfsha256-ecp256/' | sw_load g
rsh r1 -c 'debug crypto ikev2' >/dev/null
rsh r1 -c 'clear crypto sa' >/dev/null
wait_up 15; ok "INVALID_KE_PAYLOAD followed: vgw starts over with ecp256, the tunnel is up"
expect_match "INVALID_KE_PAYLOAD followed: said in the log" "asks for DH group ecp256" "$(cat "$T/r1.log")"
# debug crypto ikev2: the exchanges, decoded; never key material
log=$(rsh r1 -c 'show logging')
expect_match "debug crypto ikev2: the exchanges in the log" "send IKE_SA_INIT request #0" "$log"
expect_match "debug crypto ikev2: responses received" "IKE_AUTH response #1" "$log"
expect_no_match "debug crypto ikev2: never the pre-shared key" "$PSK" "$log$(cat "$T/r1.log")"
rsh r1 -c 'undebug all' >/dev/null

# commits: one that does not touch the tunnel keeps its SAs (same SPIs,
# counters going on); one that changes its key starts it over at once
spis() { rsh r1 -c 'show crypto ipsec sa tunnel office' | grep -o 'spi: 0x[0-9A-F]*' | sort | tr '\n' ' '; }
before=$(spis)
rconf r1 <<C
hostname r1-renamed
crypto ipsec tunnel office
 description the Paris office
 dpd interval 10 retries 3
C
expect_eq "a commit that does not touch the tunnel's keys keeps its SAs" "$before" "$(spis)"
nx h1 ping -c 2 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "... and it carries pings"
rconf r1 <<C
crypto ipsec tunnel office
 local-id fqdn r1.example.net
C
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' | sw_load g
wait_up 15; ok "a changed identity: the tunnel is negotiated again at once"
[ "$(spis)" != "$before" ]; ok "... with new SAs"
rconf r1 <<C
crypto ipsec tunnel office
 no local-id
 no description
 no dpd
C

# what a user meets when the ends do not agree: named in show and the log
failure() {	# WHAT TEXT: the tunnel stays down, show and the log say TEXT
	local i
	for i in $(seq 100); do
		tunnel_state | grep -qF "$2" && break
		sleep 0.1
	done
	expect_match "$1: show crypto ipsec tunnel says why" "down .*$2" "$(tunnel_state)"
	expect_match "$1: the log says why" "office: .*$2" "$(cat "$T/r1.log")"
}
rconf r1 <<C
crypto ipsec tunnel office
 ike proposal aes128gcm16-prfsha256-ecp256
 esp proposal aes128gcm16
 start initiate
C
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' | sw_load g
rconf r1 <<C
crypto ipsec tunnel office
 pre-shared-key 0 not-the-key
C
failure "wrong pre-shared-key" "AUTHENTICATION_FAILED"
rconf r1 <<C
crypto ipsec tunnel office
 pre-shared-key 0 "$PSK"
 ike proposal aes256-sha256-modp2048
C
failure "no IKE proposal in common" "NO_PROPOSAL_CHOSEN"
rconf r1 <<C
crypto ipsec tunnel office
 start respond
C
sw g --initiate --child office --timeout 5 >/dev/null 2>&1
expect_match "no IKE proposal in common, vgw responding: both lists in the log" \
	"NO_PROPOSAL_CHOSEN: no IKE proposal in common: the peer offered aes128gcm16-prfsha256-ecp256.*; the tunnel offers aes256-sha256-modp2048" \
	"$(cat "$T/r1.log")"
rconf r1 <<C
crypto ipsec tunnel office
 start initiate
C
rconf r1 <<C
crypto ipsec tunnel office
 no ike proposal
 remote-id fqdn gw.example.net
C
failure "wrong remote-id" "identity mismatch: the peer says it is 10.12.0.2"
rconf r1 <<C
crypto ipsec tunnel office
 no remote-id
 ike proposal aes128gcm16-prfsha256-ecp256
 dpd interval 2 retries 2
C
wait_up 20; ok "the right settings again: up"

# liveness: charon gone without a word; down within interval x (retries + 1)
# (and a tick), then back by itself once charon returns, vgw initiating
kill -9 "$SWPID_g"
t0=$(date +%s)
for i in $(seq 150); do tunnel_state | grep -q '^ *down' && break; sleep 0.1; done
t1=$(date +%s)
expect_match "DPD: the tunnel is declared down, saying why" "down .*(DPD)" "$(tunnel_state)"
# nothing heard for 2 s, then 3 probes 2 s apart, on a clock of 1 s ticks
[ $((t1 - t0)) -le 12 ]; ok "DPD: down within 12 s ($((t1 - t0)) s)"
out=$(nx h1 ping -c 1 -W 1 10.2.0.2); [ $? -ne 0 ]; ok "DPD: nothing crosses the dead tunnel"
cp "$T/sw-g/swanctl.conf" "$T/office.conf"
sw_start g
sw_load g <"$T/office.conf"
wait_up 40; ok "DPD: back up by itself once the peer returns"
nx h1 ping -c 2 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "DPD: pings cross again"

finish
