#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# esp_scapy.sh - inbound ESP as RFC 4303 says, against an independent
# sender: scapy's SecurityAssociation (esp_scapy.py) in a namespace that
# plays the peer gateway seals tunnel-mode ESP that r1 must decrypt and
# forward to h1, where a UDP socket takes the markers in. Each packet is
# accepted (its marker reaches h1) or dropped (it does not, and exactly one
# drop is counted, under its reason in `show engine statistics`): in order,
# out of order within the window, at the window's left edge, replayed, too
# old, bad ICV (which must not move the window), truncated, unknown SPI, bad
# padding, pad length past the payload, dummy (next header 59), an inner
# packet outside the tunnel's selectors, the inner packet sent in clear,
# NAT-T keepalive, the outer packet fragmented on the way (RFC 4301 §7:
# reassembled; raw ESP in any order, ESP in UDP first fragment first); with ESN, across the 2^32 boundary and back, and sealed with
# the wrong upper bits. AES-GCM-128 raw and AES-128-CBC with
# HMAC-SHA-256-128 in UDP 4500, each without and with ESN. scapy also opens
# what r1 seals toward the peer.
#
#   h1 10.1.0.2 --lan0 10.1.0.1-- r1 --wan0 198.51.100.1-- pe 198.51.100.2
#                                     (the peer's LAN: 10.9.0.0/24)
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

# scapy is a distribution package: the system python has it (a pyenv or
# venv python3 earlier in PATH may not)
PY=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import scapy.layers.ipsec, cryptography' 2>/dev/null; then
		PY=$(command -v "$p"); break
	fi
done
if [ -z "$PY" ]; then echo "not ok - python3-scapy or python3-cryptography missing (tools/deps test)"; exit 1; fi

net_router r1
rconf r1 <<'C'
hostname r1
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 198.51.100.1 255.255.255.0
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host pe r1 wan0 198.51.100.2/24 198.51.100.1
nx pe ping -c 2 -i 0.2 -W 2 198.51.100.1 >/dev/null; ok "the peer reaches r1's WAN address"

# h1 takes in the inner packets' markers, one a line
ip netns exec "$(ns_ h1)" "$PY" "$HERE/esp_scapy.py" sink 10.1.0.2 5555 "$T/sink" 2>>"$T/sink.err" &
NET_PIDS+=($!)
coproc PEER { exec ip netns exec "$(ns_ pe)" "$PY" -u "$HERE/esp_scapy.py" peer wan0 198.51.100.2 198.51.100.1 \
	2>>"$T/peer.err"; }
NET_PIDS+=("$PEER_PID")
for _ in $(seq 100); do [ -e "$T/sink.ready" ] && break; sleep 0.05; done

ANSWER=
peer() {		# COMMAND...: the peer's answer in ANSWER (no subshell:
			# the coprocess's descriptors are not there)
	ANSWER=
	echo "$*" >&"${PEER[1]}"
	read -r -t 60 ANSWER <&"${PEER[0]}" || ANSWER="no answer: $(cat "$T/peer.err")"
}

stats() { rsh r1 -c 'show engine statistics'; }
val() {			# COUNTER-TEXT STATS: the counter's value
	printf '%s\n' "$2" | awk -v k="$1" '
		{ n = $NF; $NF = ""; sub(/^ +/, ""); sub(/ +$/, "") }
		$0 == k { print n; found = 1; exit }
		END { if (!found) print "missing" }'
}
drops() {		# STATS: every drop reason summed but the control plane's
	printf '%s\n' "$1" | awk '/^Drops:/ { d = 1; next }
		/non-IPv4 frame from the control plane/ { next } d { s += $NF }
		END { print s + 0 }'
}
count() { grep -cx -- "$1" "$T/sink" 2>/dev/null; }

# the reasons of `show engine statistics` (src/ipsec/ipsec_drops.h)
R_REPLAYED="ESP: replayed"
R_TOO_OLD="ESP: too old for the replay window"
R_ICV="ESP: ICV did not verify"
R_TRUNCATED="ESP: truncated"
R_SPI="ESP: unknown SPI"
R_PADDING="ESP: bad padding"
R_DUMMY="ESP: dummy packet (next header 59)"
R_KEEPALIVE="NAT-T keepalive (RFC 3948), ignored"
R_SELECTORS="IPsec: decrypted packet outside the tunnel's selectors"
R_CLEARTEXT="IPsec: cleartext packet that policy says must be protected"

PHASE=
MARKN=0
declare -A MARK		# "SA HIGH LOW" -> the marker sent with it
# accept DESCRIPTION SA HIGH LOW [MUTATION]: sealed with that sequence
# number (and sent as MUTATION says: frag, fragrev), it must reach h1
accept() {
	local mark
	MARKN=$((MARKN + 1)); mark=$PHASE-$MARKN
	MARK["$2 $3 $4"]=$mark
	peer send "$2" "$3" "$4" "$mark" ${5:-}
	for _ in $(seq 60); do [ "$(count "$mark")" = 1 ] && break; sleep 0.05; done
	expect_eq "$PHASE: $1: accepted and forwarded to h1" 1 "$(count "$mark")"
	[ "$2" != in ] || SA_IN=$((SA_IN + 1))
}
# dropped DESCRIPTION REASON MARK COMMAND...: what the peer's COMMAND sends
# must be counted once, under REASON and no other, and MARK (if any) must
# reach h1 no more often than before
dropped() {
	local what=$1 why=$2 mark=$3 b a want n0
	shift 3
	b=$(stats)
	want=$(val "$why" "$b")
	case $want in
	''|*[!0-9]*) expect_eq "$PHASE: $what: \"$why\" is a counter of show engine statistics" yes no
		return ;;
	esac
	want=$((want + 1))
	n0=$(count "$mark")
	peer "$@"
	for _ in $(seq 60); do
		a=$(stats)
		[ "$(val "$why" "$a")" = "$want" ] && break
		sleep 0.05
	done
	sleep 0.1
	a=$(stats)
	expect_eq "$PHASE: $what: counted as \"$why\"" "$want" "$(val "$why" "$a")"
	expect_eq "$PHASE: $what: no other drop counted" "$(( $(drops "$b") + 1 ))" "$(drops "$a")"
	[ -z "$mark" ] || expect_eq "$PHASE: $what: nothing more reached h1" "$n0" "$(count "$mark")"
}
# drop DESCRIPTION REASON SA HIGH LOW [MUTATION]: sealed (and mutated) so
drop() {
	local mark
	MARKN=$((MARKN + 1)); mark=$PHASE-$MARKN
	dropped "$1" "$2" "$mark" send "$3" "$4" "$5" "$mark" ${6:-}
	[ "$3" = in ] && sa_expect "$2"
}
# replayed DESCRIPTION SA HIGH LOW: the bytes of that earlier packet again
replayed() {
	dropped "$1" "$R_REPLAYED" "${MARK["$2 $3 $4"]:-}" replay "$2" "$3" "$4"
	sa_expect "$R_REPLAYED"
}

# what the inbound SA of this phase must count in show crypto ipsec sa:
# packets taken in, replay drops (replayed and too old), ICV failures, and
# other drops (what its SPI named but was malformed inside, or carried a
# packet outside its selectors). A dummy packet is authentic traffic-flow
# padding (RFC 4303 2.6), discarded but no error of the SA. A packet
# outside the selectors is one of the SA's other drops, never among the
# packets it carried.
SA_IN=0 SA_REPLAY=0 SA_ICV=0 SA_OTHER=0
sa_expect() {		# REASON
	case $1 in
	"$R_REPLAYED"|"$R_TOO_OLD") SA_REPLAY=$((SA_REPLAY + 1)) ;;
	"$R_ICV") SA_ICV=$((SA_ICV + 1)) ;;
	"$R_DUMMY") ;;
	*) SA_OTHER=$((SA_OTHER + 1)) ;;
	esac
}
sa_check() {
	local sa
	sa=$(rsh r1 -c 'show crypto ipsec sa tunnel pe' | awk '/inbound esp sas/ { i = 1 } /outbound esp sas/ { i = 0 }
		i && /packets:/ { sub(/,/, "", $2); p = $2 }
		i && /replay drops:/ { gsub(/,/, ""); for (k = 1; k < NF; k++) {
			if ($k == "drops:" && $(k - 1) == "replay") r = $(k + 1)
			if ($k == "failures:") a = $(k + 1)
			if ($k == "drops:" && $(k - 1) == "other") o = $(k + 1) } }
		END { print p + 0, r + 0, a + 0, o + 0 }')
	expect_eq "$PHASE: show crypto ipsec sa: inbound packets, replay drops, ICV failures, other drops" \
		"$SA_IN $SA_REPLAY $SA_ICV $SA_OTHER" "$sa"
}

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# r1's tunnel to the peer, and the peer's SAs: "in" (what the peer sends,
# r1's inbound), "out" (r1's outbound, opened by the peer) and "stranger"
# (in's keys, an SPI r1 does not know)
tunnel() {		# PHASE ALG NAT-T ESN SPI-IN SPI-OUT
	local ek ik ek2 ik2 esn=noesn encap=raw
	PHASE=$1
	SA_IN=0 SA_REPLAY=0 SA_ICV=0 SA_OTHER=0
	case $2 in
	aes128gcm16) ek=$(hex 20) ek2=$(hex 20) ik=- ik2=- ;;
	aes128-sha256) ek=$(hex 16) ek2=$(hex 16) ik=$(hex 32) ik2=$(hex 32) ;;
	esac
	[ "$4" = esn ] && esn=esn
	[ "$3" = force ] && encap=udp
	ENCAP=$encap
	rconf r1 <<C
crypto ipsec tunnel pe
 peer 198.51.100.2
 local-address 198.51.100.1
 esp proposal $2
 local-network 10.1.0.0/24
 remote-network 10.9.0.0/24
 routing policy
 nat-traversal $3
 replay-window 64
 $([ "$4" = esn ] && echo esn || echo no esn)
 keying manual
 sa inbound spi $5 encryption-key 0 $ek$([ "$ik" = - ] || echo " integrity-key 0 $ik")
 sa outbound spi $6 encryption-key 0 $ek2$([ "$ik2" = - ] || echo " integrity-key 0 $ik2")
C
	peer sa in "$5" "$2" "$ek" "$ik" $esn $encap
	peer sa out "$6" "$2" "$ek2" "$ik2" $esn $encap
	peer sa stranger 0x7777 "$2" "$ek" "$ik" $esn $encap
	[ "$ANSWER" = ok ]; ok "$PHASE: the peer's SAs ($ANSWER)"
}

# r1 seals toward the peer: scapy opens it (the first packet of an SA is
# number 1)
outbound() {
	local mark=$PHASE-out
	( sleep 0.5; nx h1 bash -c "printf %s '$mark' >/dev/udp/10.9.0.2/7777" ) &
	peer recv out 4
	wait $!
	expect_eq "$PHASE: r1's ESP toward the peer opens with scapy" "got 1 10.1.0.2 10.9.0.2 $mark" "$ANSWER"
}

# RFC 4303 3.4.3 with a window of 64, without ESN
cases() {
	accept "in order, 1" in 0 1
	accept "in order, 2" in 0 2
	accept "in order, 3" in 0 3
	accept "ahead, 10" in 0 10
	accept "out of order within the window, 8" in 0 8
	accept "out of order within the window, 9" in 0 9
	replayed "9 again" in 0 9
	replayed "1 again" in 0 1
	accept "far ahead, 200" in 0 200
	accept "the window's left edge, 137 (200 - 64 + 1)" in 0 137
	drop "just left of the window, 136" "$R_TOO_OLD" in 0 136
	drop "far left of the window, 50" "$R_TOO_OLD" in 0 50
	drop "bad ICV far ahead, 1000" "$R_ICV" in 0 1000 icv
	accept "201: the bad ICV did not move the window to 1000" in 0 201
	drop "bad ICV within the window, 150" "$R_ICV" in 0 150 icv
	accept "150 sealed right: the bad ICV did not mark it received" in 0 150
	drop "truncated after its IV" "$R_TRUNCATED" in 0 202 truncate
	drop "unknown SPI" "$R_SPI" stranger 0 203
	drop "a padding byte not as RFC 4303 2.4 says" "$R_PADDING" in 0 204 pad
	drop "pad length past the payload" "$R_PADDING" in 0 205 padlen
	drop "dummy packet (next header 59)" "$R_DUMMY" in 0 206 dummy
	replayed "the dummy packet again: its number was used" in 0 206
	drop "inner packet from outside the tunnel's remote network" "$R_SELECTORS" in 0 207 outside
	MARKN=$((MARKN + 1))
	dropped "the inner packet in clear, from the peer's network" "$R_CLEARTEXT" "$PHASE-$MARKN" clear "$PHASE-$MARKN"
	accept "in order after all that, 208" in 0 208
	accept "fragmented on the way, in order, 209" in 0 209 frag
	# a later fragment of ESP in UDP carries no port: before its first it
	# is the kernel's (engine.h), so only raw ESP is reassembled in any order
	if [ "$ENCAP" = raw ]; then
		accept "fragmented on the way, the last first, 210" in 0 210 fragrev
	fi
	accept "whole again, 211" in 0 211
}

# RFC 4303 Appendix A with a window of 64: the upper 32 bits inferred
cases_esn() {
	accept "2^31" in 0 0x80000000
	accept "2^32 - 2" in 0 0xfffffffe
	accept "2^32 - 1" in 0 0xffffffff
	accept "2^32, across the boundary (low bits 0)" in 1 0
	accept "2^32 + 1" in 1 1
	accept "2^32 - 3, back across the boundary within the window" in 0 0xfffffffd
	replayed "2^32 - 1 again" in 0 0xffffffff
	replayed "2^32 again" in 1 0
	drop "2^32 + 2 sealed with the upper bits 2" "$R_ICV" in 1 2 wronghigh
	accept "2^32 + 2 sealed right" in 1 2
	accept "2^32 - 61, the window's left edge across the boundary" in 0 0xffffffc3
	drop "2^32 - 62: left of the window, read as 2^33 - 62, its ICV fails (A2.2)" "$R_ICV" in 0 0xffffffc2
	accept "2^32 + 3" in 1 3
}

tunnel gcm aes128gcm16 off noesn 0x5001 0x6001
cases
sa_check
outbound
tunnel cbc-udp aes128-sha256 force noesn 0x5002 0x6002
cases
dropped "NAT-T keepalive" "$R_KEEPALIVE" "" keepalive
sa_check
outbound
tunnel gcm-esn aes128gcm16 off esn 0x5003 0x6003
cases_esn
sa_check
outbound
tunnel cbc-udp-esn aes128-sha256 force esn 0x5004 0x6004
cases_esn
sa_check
outbound

[ $FAILS -eq 0 ]
