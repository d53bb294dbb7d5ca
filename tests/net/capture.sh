#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# capture.sh - monitor capture: a BPF filter compiled by libpcap, direction,
# packet limit, start/stop and show; the files are read back with tshark.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/topo1.sh"
rconf r1 <<C
monitor capture out3 interface lan1 direction out filter "icmp and host 10.2.0.2" limit packets 3 file $T/out3.pcap
monitor capture all interface lan0 file $T/all.pcap
monitor capture in interface lan1 direction in file $T/in.pcap
C
expect_match "the capture point is in running-config" \
	"monitor capture out3 interface lan1 direction out filter \"icmp and host 10.2.0.2\" limit packets 3 file $T/out3.pcap" \
	"$(rsh r1 -c 'show running-config')"
rsh r1 -c 'monitor capture out3 start' -c 'monitor capture all start' -c 'monitor capture in start' >/dev/null
ok "three captures start"
nx h1 ping -c 5 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "traffic flows while capturing"
show=$(rsh r1 -c 'show monitor capture out3')
expect_match "show monitor capture: the limit was reached" "limit reached, 3 packets written" "$show"
stop=$(rsh r1 -c 'monitor capture all stop' -c 'monitor capture in stop' -c 'monitor capture out3 stop')
expect_match "stop reports what was written" "Capture all stopped: [0-9]+ packets written" "$stop"
expect_match "a stopped capture says so" "Status: stopped" "$(rsh r1 -c 'show monitor capture all')"

f=$(tshark -r "$T/out3.pcap" -T fields -e ip.src -e ip.dst -e icmp.type -e ip.ttl 2>/dev/null)
expect_eq "out3: three echo requests leaving lan1, TTL already decremented" \
	"$(printf '10.1.0.2\t10.2.0.2\t8\t63\n%.0s' 1 2 3)" "$f"
f=$(tshark -r "$T/in.pcap" -Y icmp -T fields -e ip.src -e icmp.type 2>/dev/null | sort -u)
expect_eq "in: only the replies arriving on lan1" "$(printf '10.2.0.2\t0')" "$f"
n=$(tshark -r "$T/all.pcap" -Y 'icmp.type == 8' 2>/dev/null | wc -l)
m=$(tshark -r "$T/all.pcap" -Y 'icmp.type == 0' 2>/dev/null | wc -l)
expect_eq "all: five requests in on lan0" 5 "$n"
expect_eq "all: five replies out on lan0" 5 "$m"
expect_match "all: the ARP exchange too (no filter)" "ARP" "$(tshark -r "$T/all.pcap" 2>/dev/null)"

# bad input changes nothing
out=$(rsh r1 -c 'configure terminal' -c "monitor capture x interface lan0 filter \"tcp port foo\" file $T/x" \
	-c 'abort' 2>&1)
expect_match "a filter libpcap cannot compile is refused with its reason" "Invalid capture filter .*foo" "$out"
out=$(rsh r1 -c 'configure terminal' -c 'monitor capture x interface lan0 file relative.pcap' -c abort 2>&1)
expect_match "a relative file name is refused" "absolute path" "$out"
out=$(rsh r1 -c 'configure terminal' -c "monitor capture x interface nosuch file $T/x" -c commit 2>&1)
expect_match "a capture on a missing interface fails the commit" "interface nosuch does not exist" "$out"
out=$(rsh r1 -c 'monitor capture nosuch start' 2>&1)
expect_match "starting an unknown capture is an error" "No capture nosuch" "$out"

[ $FAILS -eq 0 ]
