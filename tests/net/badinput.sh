#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# badinput.sh - malformed and unwanted frames injected from a host (scapy
# over a raw socket on the host's end of a router port): each is dropped
# under its own reason in `show engine statistics` and no other, nothing
# bad is forwarded, a TTL-1 packet earns an ICMP time exceeded, ARP for
# foreign addresses or from foreign senders neither answers nor learns,
# and a broadcast storm (unknown EtherTypes and foreign ARP requests) is
# counted, leaves the ARP table alone and does not stop the router
# answering pings or forwarding.
#
#   h1 10.1.0.2 --lan0-- r1 --lan1-- h2 10.2.0.2
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

# scapy is a distribution package: prefer the system python (a pyenv or
# venv python3 earlier in PATH may not have it)
PY=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import scapy' 2>/dev/null; then PY=$(command -v "$p"); break; fi
done
if [ -z "$PY" ]; then echo "not ok - python3-scapy missing"; exit 1; fi

. "$(dirname "$0")/topo1.sh"
# no IPv6 chatter (router solicitations, MLD) from the hosts: every drop
# the router counts below is then one we sent
for h in h1 h2; do
	nx $h sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv6.conf.lan0.disable_ipv6=1 2>/dev/null
	nx $h sysctl -qw net.ipv6.conf.lan1.disable_ipv6=1 2>/dev/null
done

out=$(nx h1 ping -c 2 -i 0.2 -W 2 10.2.0.2); ok "before: h1 pings h2 through r1"
RMAC=$(rsh r1 -c 'show interfaces lan0' | sed -n 's/.*address is \([0-9a-f:]\{17\}\).*/\1/p')
HMAC=$(nx h1 cat /sys/class/net/lan0/address)
expect_match "r1's lan0 MAC from show interfaces" "^([0-9a-f]{2}:){5}[0-9a-f]{2}$" "$RMAC"
expect_eq "h1 resolved r1 to that MAC" "$RMAC" \
	"$(nx h1 ip neigh show 10.1.0.1 dev lan0 | awk '{print $3}')"

# h2 watches its wire for the whole test: bad packets are all addressed to
# h2 and carry BADINPUT; a good one carrying GOODINPUT is the control
cat >"$T/watch.py" <<'PY'
import os, socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("lan1", 0))
s.settimeout(0.1)
bad = good = llb = 0
open(sys.argv[1] + ".ready", "w").close()
while not os.path.exists(sys.argv[1] + ".stop"):
    try:
        f, a = s.recvfrom(65536)
    except socket.timeout:
        continue
    if a[2] == socket.PACKET_OUTGOING:
        continue
    bad += b"BADINPUT" in f
    good += b"GOODINPUT" in f
    llb += b"LLBCAST" in f
with open(sys.argv[1], "w") as o:
    o.write("%d %d %d\n" % (bad, good, llb))
PY
ip netns exec "$(ns_ h2)" "$PY" "$T/watch.py" "$T/watch" &
WATCH=$!
NET_PIDS+=("$WATCH")

# the injector in h1: one scapy process, one command a line on stdin, one
# answer a line on stdout. `CASE N` sends N copies of the case's frames
# and answers what came back to h1 in the next 0.4 s.
cat >"$T/inj.py" <<'PY'
import random, socket, sys, time
from scapy.all import ARP, ICMP, IP, IPerror, IPv6, UDP, Ether, Raw, raw

rmac, hmac = sys.argv[1], sys.argv[2]
ETH_P_ALL = 3
tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
tx.bind(("lan0", 0))
BC = "ff:ff:ff:ff:ff:ff"

def eth(dst=rmac, type=0x0800):
    return raw(Ether(dst=dst, src=hmac, type=type))

def udp(mark=b"BADINPUT", **kw):
    """A good IPv4/UDP packet from h1 to h2 (bytes), header fields in kw."""
    kw = dict(dict(src="10.1.0.2", dst="10.2.0.2"), **kw)
    return raw(IP(**kw) /
               UDP(sport=40001, dport=9) / Raw(mark * 4))

def cksum(b):
    """b with its IPv4 header checksum recomputed (over the IHL it claims)."""
    b = bytearray(b)
    hl = max(5, b[0] & 15) * 4
    b[10:12] = b"\0\0"
    s = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, hl, 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    b[10:12] = (~s & 0xffff).to_bytes(2, "big")
    return bytes(b)

def patch(b, off, val):
    b = bytearray(b)
    b[off:off + len(val)] = val
    return bytes(b)

def arp(pdst, psrc="10.1.0.2", hwsrc=None):
    return raw(Ether(dst=BC, src=hmac, type=0x0806) /
               ARP(op=1, hwsrc=hwsrc or hmac, psrc=psrc, pdst=pdst))

good = udp()
CASES = {
    # IPv4 EtherType, nothing after the Ethernet header / 10 bytes of IP
    "eth-only": [eth()],
    "ip-10-bytes": [eth() + good[:10]],
    # checksum field off by one bit pattern, all else right
    "bad-checksum": [eth() + patch(good, 10, bytes(a ^ 0x55 for a in good[10:12]))],
    # IHL 4 (16 bytes), checksum recomputed over those 16 bytes
    "ihl-4": [eth() + cksum(patch(good, 0, b"\x44"))],
    # IHL 15 (60 bytes) in a frame with 28 bytes of IP
    "ihl-past-frame": [eth() + cksum(patch(good[:28], 0, b"\x4f"))],
    # total length 1500 in a frame of 66 bytes of IP; and 10 (< IHL)
    "len-past-frame": [eth() + udp(len=1500)],
    "len-below-ihl": [eth() + udp(len=10)],
    # version nibble 6: a real IPv6 packet, and the IPv4 packet patched
    "ipv6-in-ipv4-type": [eth() + raw(IPv6(src="fd00::2", dst="fd00::3") /
                                     UDP(sport=40001, dport=9) / Raw(b"BADINPUT" * 4))],
    "version-6": [eth() + cksum(patch(good, 0, b"\x65"))],
    "ttl-1": [eth() + udp(ttl=1)],
    # to lan0's broadcast address (link broadcast), and a directed
    # broadcast to lan1's network (unicast to the router)
    "dst-lan0-bcast": [eth(dst=BC) + udp(dst="10.1.0.255")],
    "dst-lan1-bcast": [eth() + udp(dst="10.2.0.255")],
    # a unicast packet for h2 in a link-layer broadcast frame
    "bcast-frame-unicast-ip": [eth(dst=BC) + udp(mark=b"LLBCAST")],
    "martian-src": [eth() + udp(src="127.0.0.1")],
    "martian-dst": [eth() + udp(dst="127.0.0.1")],
    "multicast-src": [eth() + udp(src="224.0.0.5")],
    "router-src": [eth() + udp(src="10.1.0.1")],
    # a good packet, to a unicast MAC that is not the router's
    "other-mac": [eth(dst="02:00:00:00:00:99") + good],
    "arp-foreign-target": [arp("10.1.0.99")],
    "arp-foreign-sender": [arp("10.1.0.1", psrc="192.0.2.77")],
    "arp-conflict": [arp("10.1.0.2", psrc="10.1.0.1")],
    # hardware length 8; and the ARP packet cut after 20 of its 28 bytes
    "arp-hlen-8": [patch(arp("10.1.0.1"), 18, b"\x08")],
    "arp-truncated": [arp("10.1.0.1")[:34]],
    "good": [eth() + udp(mark=b"GOODINPUT")],
}

def collect(rx, secs):
    """What came back: ARP replies and ICMP errors, one word each."""
    seen = []
    end = time.time() + secs
    while True:
        left = end - time.time()
        if left <= 0:
            break
        rx.settimeout(left)
        try:
            f, a = rx.recvfrom(65536)
        except socket.timeout:
            break
        if a[2] == socket.PACKET_OUTGOING:
            continue
        p = Ether(f)
        if ARP in p and p[ARP].op == 2:
            seen.append("arp-reply:%s" % p[ARP].psrc)
        elif ICMP in p and IPerror in p:
            seen.append("icmp:%s:%d:%d:%s" % (p[IP].src, p[ICMP].type,
                        p[ICMP].code, p[IPerror].dst))
    return seen

def storm(n_eth, n_arp):
    """n_eth broadcasts of random unknown EtherTypes and n_arp broadcast
    ARP requests for foreign addresses of 10.1.0.0/24 from random
    senders of 10.1.0.10-254, shuffled, as fast as a raw socket goes."""
    rnd = random.Random(7)
    t_eth = bytearray(raw(Ether(dst=BC, src=hmac, type=0x9999) / Raw(b"\0" * 46)))
    t_arp = bytearray(arp("10.1.0.3", psrc="10.1.0.10"))
    frames = []
    for _ in range(n_eth):
        t = rnd.randrange(0x9000, 0xffff)
        t_eth[12:14] = t.to_bytes(2, "big")
        frames.append(bytes(t_eth))
    for _ in range(n_arp):
        sha = bytes([0x02] + [rnd.randrange(256) for _ in range(5)])
        t_arp[6:12] = sha
        t_arp[22:28] = sha
        t_arp[28:32] = bytes([10, 1, 0, rnd.randrange(10, 255)])
        t_arp[38:42] = bytes([10, 1, 0, rnd.randrange(3, 255)])
        frames.append(bytes(t_arp))
    rnd.shuffle(frames)
    t0 = time.time()
    sent = fail = 0
    for f in frames:
        try:
            tx.send(f)
            sent += 1
        except OSError:
            fail += 1
    return "sent=%d failed=%d secs=%.2f" % (sent, fail, time.time() - t0)

for line in sys.stdin:
    w = line.split()
    if not w:
        continue
    try:
        if w[0] == "storm":
            print(storm(int(w[1]), int(w[2])), flush=True)
            continue
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        rx.bind(("lan0", 0))
        n = int(w[1]) if len(w) > 1 else 1
        sent = 0
        for _ in range(n):
            for f in CASES[w[0]]:
                sent += tx.send(f) > 0
        seen = collect(rx, 0.4)
        rx.close()
        print("sent=%d %s" % (sent, " ".join(seen) or "-"), flush=True)
    except Exception as e:
        print("error %s: %r" % (w[0], e), flush=True)
PY
coproc INJ { exec ip netns exec "$(ns_ h1)" "$PY" -u "$T/inj.py" "$RMAC" "$HMAC" 2>>"$T/inj.err"; }
NET_PIDS+=("$INJ_PID")
ANSWER=
inj() {			# COMMAND...: the injector's answer in ANSWER (no subshell:
			# the coprocess's descriptors are not there)
	ANSWER=
	echo "$*" >&"${INJ[1]}"
	read -r -t 60 ANSWER <&"${INJ[0]}" || ANSWER="no answer: $(cat "$T/inj.err")"
}

stats() { rsh r1 -c 'show engine statistics'; }
val() {			# COUNTER-TEXT STATS: the counter's value
	printf '%s\n' "$2" | awk -v k="$1" '
		{ n = $NF; $NF = ""; sub(/^ +/, ""); sub(/ +$/, "") }
		$0 == k { print n; found = 1; exit }
		END { if (!found) print "missing" }'
}
drops() {		# STATS: all drops of input from the wire, every reason summed
	# (not the control plane's: the kernel in vgwd's namespace speaks
	# non-IPv4 on its TAP now and then, dropped as it should be)
	printf '%s\n' "$1" | awk '/^Drops:/ { d = 1; next }
		/non-IPv4 frame from the control plane/ { next } d { s += $NF }
		END { print s + 0 }'
}
# shellcheck disable=SC2154  # PID_r1: set by net_router
alive() { kill -0 "$PID_r1" 2>/dev/null && rsh r1 -c 'show clock' >/dev/null 2>&1; }
# neighbours in show arp (the router's own addresses have age "-")
neighbours() { rsh r1 -c 'show arp' | awk '$1 == "Internet" && $3 != "-"'; }

for _ in $(seq 100); do [ -e "$T/watch.ready" ] && break; sleep 0.05; done

# CASE N REASON DESCRIPTION: sends N copies, which must be counted under
# REASON and under no other drop reason, and neither forwarded nor punted
bad() {
	local c=$1 n=$2 why=$3 what=$4 b a want
	b=$(stats)
	want=$(( $(val "$why" "$b") + n ))
	inj "$c" "$n"
	for _ in $(seq 40); do
		a=$(stats)
		[ "$(val "$why" "$a")" -ge "$want" ] 2>/dev/null && break
		sleep 0.05
	done
	sleep 0.1
	a=$(stats)
	expect_eq "$what: $n counted as \"$why\"" "$n" $(( $(val "$why" "$a") - $(val "$why" "$b") ))
	expect_eq "$what: no other drop reason counted" "$n" $(( $(drops "$a") - $(drops "$b") ))
	[ $(( $(drops "$a") - $(drops "$b") )) -eq "$n" ] ||
		diff <(echo "$b") <(echo "$a") | sed 's/^/  # /'
	expect_eq "$what: nothing forwarded" "$(val forwarded "$b")" "$(val forwarded "$a")"
	[ "$why" = "TTL expired" ] || expect_eq "$what: no ICMP error sent" \
		"$(val 'ICMP errors sent' "$b")" "$(val 'ICMP errors sent' "$a")"
	expect_eq "$what: nothing handed to the kernel" \
		"$(val 'handed to the kernel (punted)' "$b")" "$(val 'handed to the kernel (punted)' "$a")"
	alive; ok "$what: r1 still running"
}

# A frame shorter than an Ethernet header ("frame shorter than an
# Ethernet header") cannot be sent: the kernel refuses a packet socket's
# frame below the device's minimum header length (14 for Ethernet) with
# EINVAL, and a TAP only carries what its kernel side transmits. That
# drop is left to the engine's unit tests and frame fuzzer.
A=$(nx h1 "$PY" -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(("lan0", 0))
try: print("sent", s.send(b"\xff" * 10))
except OSError as e: print("refused", e.errno)')
echo "# SKIP 10-byte runt frame: the kernel answers: $A"

bad eth-only 5 "IPv4 shorter than its header" "Ethernet header only (IPv4 type)"
bad ip-10-bytes 5 "IPv4 shorter than its header" "10 bytes of IPv4 header"
bad bad-checksum 5 "IPv4 header checksum wrong" "bad IPv4 header checksum"
bad ihl-4 5 "IPv4 header length below 5 words or past the frame" "IHL 4"
bad ihl-past-frame 5 "IPv4 header length below 5 words or past the frame" "IHL 15 in 28 bytes of IPv4"
bad len-past-frame 5 "IPv4 total length wrong for the frame" "total length 1500 in a 66-byte packet"
bad len-below-ihl 5 "IPv4 total length wrong for the frame" "total length 10 (below the header)"
bad ipv6-in-ipv4-type 5 "IP version not 4" "an IPv6 packet with the IPv4 EtherType"
bad version-6 5 "IP version not 4" "version 6 in an IPv4 header"
bad martian-src 5 "martian source or destination address" "source 127.0.0.1"
bad martian-dst 5 "martian source or destination address" "destination 127.0.0.1"
bad multicast-src 5 "martian source or destination address" "source 224.0.0.5"
bad router-src 5 "martian source or destination address" "source 10.1.0.1 (r1's own address)"
bad other-mac 5 "frame for another MAC address" "a good packet to another unicast MAC"
bad dst-lan0-bcast 5 "broadcast or multicast for the router (not served)" "UDP to 10.1.0.255 (lan0's broadcast)"
bad dst-lan1-bcast 5 "broadcast or multicast for the router (not served)" "UDP to 10.2.0.255 (directed broadcast)"

# A packet for h2 (IP unicast) in an Ethernet broadcast frame: RFC 1812
# 5.3.4 says a router MUST NOT forward what it received as a link-layer
# broadcast unless it is for an IP multicast address, and SHOULD silently
# discard it (Linux drops it in ip_forward: pkt_type not PACKET_HOST).
b=$(stats)
inj bcast-frame-unicast-ip 5
sleep 0.3
a=$(stats)
expect_eq "unicast IP in a link-layer broadcast: counted as such" 5 \
	$(( $(val "unicast IPv4 in a link-layer broadcast" "$a") - $(val "unicast IPv4 in a link-layer broadcast" "$b") ))
expect_eq "unicast IP in a link-layer broadcast: not forwarded" "$(val forwarded "$b")" "$(val forwarded "$a")"
[ $(( $(drops "$a") - $(drops "$b") )) -eq 5 ]
ok "unicast IP in a link-layer broadcast: 5 counted as drops"
alive; ok "unicast IP in a link-layer broadcast: r1 still running"

# TTL 1: dropped, and h1 gets a time exceeded about it from r1
b=$(stats)
bad ttl-1 3 "TTL expired" "TTL 1 to h2"
a=$(stats)
expect_eq "TTL 1: 3 ICMP errors sent" 3 $(( $(val "ICMP errors sent" "$a") - $(val "ICMP errors sent" "$b") ))
n=$(printf '%s\n' "$ANSWER" | grep -o 'icmp:10\.1\.0\.1:11:0:10\.2\.0\.2' | wc -l)
expect_eq "TTL 1: h1 received 3 ICMP time exceeded (type 11 code 0) from 10.1.0.1 quoting 10.2.0.2" 3 "$n"

# ARP: a request for an address that is not the router's, and one from a
# sender outside lan0's network: neither answered nor learned
b=$(stats)
bad arp-foreign-target 5 "ARP for another address" "ARP request for 10.1.0.99"
expect_no_match "ARP for 10.1.0.99: no reply reached h1" "arp-reply" "$ANSWER"
bad arp-foreign-sender 5 "ARP from outside the interface's network" "ARP request for 10.1.0.1 from 192.0.2.77"
expect_no_match "ARP from 192.0.2.77: no reply reached h1" "arp-reply" "$ANSWER"
bad arp-conflict 5 "ARP claiming the router's own address" "ARP from 10.1.0.1 (r1's own address)"
bad arp-hlen-8 5 "ARP malformed or not IPv4 over Ethernet" "ARP with hardware length 8"
bad arp-truncated 5 "ARP malformed or not IPv4 over Ethernet" "ARP cut to 20 bytes"
a=$(stats)
expect_eq "the foreign and malformed ARP cases sent no ARP reply" "$(val 'ARP replies sent' "$b")" "$(val 'ARP replies sent' "$a")"
arp=$(neighbours)
expect_no_match "no ARP entry for 10.1.0.99 or 192.0.2.77" "10\.1\.0\.99 |192\.0\.2\.77 " "$arp"
expect_match "h1's ARP entry still holds h1's MAC" "10\.1\.0\.2 .*$HMAC" "$arp"

# the storm: 20000 broadcasts of unknown EtherTypes and 5000 ARP requests
# for foreign addresses from random senders in lan0's network, with h1
# pinging r1 meanwhile (every 10 ms for 4 s)
# The raw socket sends faster than vgwd reads (25000 frames in about
# 0.15 s): what the TAP's kernel side cannot queue it drops, counted in
# h1's tx_dropped. Its queue is raised from the TAP default of 500 to the
# storm's size so that a busy machine loses little; every frame that got
# through is accounted for.
NE=20000 NA=5000
nx h1 ip link set lan0 txqueuelen $((NE + NA))
nbefore=$(neighbours | wc -l)
inb=$(rsh r1 -c 'show interfaces lan0' | awk '/packets input/ {print $1}')
b=$(stats)
drop_b=$(nx h1 cat /sys/class/net/lan0/statistics/tx_dropped)
ip netns exec "$(ns_ h1)" ping -q -i 0.01 -w 4 -W 1 10.1.0.1 >"$T/stormping" 2>&1 &
pp=$!
sleep 0.3
inj storm $NE $NA; S=$ANSWER
echo "# storm: $S"
expect_match "storm: the raw socket sent all $((NE + NA)) frames" "^sent=$((NE + NA)) failed=0 " "$S"
wait $pp
echo "# ping during the storm: $(grep -E 'transmitted' "$T/stormping")"
rcv=$(grep -oE '[0-9]+ received' "$T/stormping" | grep -oE '[0-9]+')
[ "${rcv:-0}" -ge 100 ]; ok "r1 answered pings during the storm (${rcv:-0} replies in 4 s)"
sleep 0.2
a=$(stats)
drop_a=$(nx h1 cat /sys/class/net/lan0/statistics/tx_dropped)
de=$(( $(val "EtherType not served (not IPv4 or ARP)" "$a") - $(val "EtherType not served (not IPv4 or ARP)" "$b") ))
da=$(( $(val "ARP for another address" "$a") - $(val "ARP for another address" "$b") ))
echo "# storm counted: EtherType $de of $NE, ARP for another address $da of $NA; h1's TAP queue dropped $((drop_a - drop_b))"
lost=$((drop_a - drop_b))
ina=$(rsh r1 -c 'show interfaces lan0' | awk '/packets input/ {print $1}')
echo "# storm: r1 received $((ina - inb)) frames on lan0 (storm and pings)"
[ $((de + da)) -le $((NE + NA)) ] && [ $((de + da + lost)) -ge $((NE + NA)) ]
ok "storm: every frame that got past h1's TAP queue was counted ($de + $da counted, $lost dropped by the kernel, $((NE + NA)) sent)"
[ "$de" -ge $((NE * 9 / 10)) ] && [ "$de" -le "$NE" ]
ok "storm: unknown EtherTypes counted ($de of $NE, at least 90%)"
[ "$da" -ge $((NA * 9 / 10)) ] && [ "$da" -le "$NA" ]
ok "storm: foreign ARP requests counted as \"ARP for another address\" ($da of $NA, at least 90%)"
expect_eq "storm: no ARP reply sent" "$(val 'ARP replies sent' "$b")" "$(val 'ARP replies sent' "$a")"
expect_eq "storm: nothing forwarded" "$(val forwarded "$b")" "$(val forwarded "$a")"
expect_eq "storm: ARP table full never hit" "$(val 'ARP table full' "$b")" "$(val 'ARP table full' "$a")"
arp=$(neighbours)
n=$(printf '%s\n' "$arp" | grep -c .)
expect_eq "storm: the ARP table did not grow (stays at $nbefore neighbours)" "$nbefore" "$n"
[ "$n" -le 2 ]; ok "storm: at most 2 neighbours (h1, h2) in show arp ($n)"
expect_no_match "storm: no entry for any storm address" "10\.1\.0\.([3-9]|[1-9][0-9]+) " "$arp"
expect_match "storm: h1's entry still holds h1's MAC" "10\.1\.0\.2 .*$HMAC" "$arp"
alive; ok "r1 still running after the storm"

# afterwards: the router answers and forwards; a good packet reaches h2
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.1.0.1); ok "after: h1 pings r1"
out=$(nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.2); ok "after: h1 pings h2 through r1"
inj good 3; A=$ANSWER
expect_match "the control packet was sent" "^sent=3" "$A"
sleep 0.3
touch "$T/watch.stop"
wait $WATCH
read -r nbad ngood nllb <"$T/watch"
expect_eq "h2 saw the 3 good control packets" 3 "$ngood"
expect_eq "h2 saw none of the bad packets" 0 "$nbad"
expect_eq "h2 saw none of the unicast packets sent in a link-layer broadcast" 0 "$nllb"
alive; ok "r1 still running at the end"
expect_no_match "r1 logged no crash or sanitizer report" "ERROR: |Sanitizer|runtime error|Segmentation|Aborted" \
	"$(cat "$T/r1.log")"

[ $FAILS -eq 0 ]
