#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# probe.sh - ping and traceroute from the router: sources, sizes, DF,
# the ICMP answers they report, and a router that keeps serving other
# sessions while a ping waits.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/topo2.sh"

out=$(rsh r1 -c 'ping 10.2.0.2'); ok "ping h2 from r1"
expect_match "five echoes answered" "^!!!!!$" "$out"
expect_match "IOS's summary" "Success rate is 100 percent \(5/5\), round-trip min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+ ms" "$out"
out=$(rsh r1 -c 'ping 10.3.0.2 size 1400 count 3 source lan0'); ok "ping with a source interface and a size, options in any order"
expect_match "the source is lan0's address" "source address of 10\.1\.0\.1" "$out"
expect_match "three answered" "^!!!$" "$out"
out=$(rsh r1 -c 'ping 10.3.0.2 source 10.21.0.1 count 1'); ok "ping with a source address"
out=$(rsh r1 -c 'ping 10.3.0.2 source 10.9.9.9' 2>&1)
expect_match "a source that is not the router's is refused" "not an address of this router" "$out"
out=$(rsh r1 -c 'ping 10.99.0.1' 2>&1)
expect_match "no route: said at once" "No route to 10\.99\.0\.1" "$out"

rconf r1 <<'C'
interface wan0
 mtu 1400
interface wan1
 mtu 1400
C
out=$(rsh r1 -c 'ping 10.3.0.2 count 2 size 1500 df-bit' 2>&1)
# (vgwsh names the line before each line of a command that failed)
expect_match "DF set, 1500 bytes over a 1400-byte link: M (fragmentation needed)" "(^|: )MM$" "$out"
out=$(rsh r1 -c 'ping 10.3.0.2 count 2 size 1500'); ok "DF clear: fragmented on the way"
expect_match "and answered" "^!!$" "$out"

out=$(rsh r1 -c 'traceroute 10.3.0.2'); ok "traceroute to h3"
expect_match "hop 1 is r2" "^  1 10\.(12|21)\.0\.2 [0-9.]+ msec" "$out"
expect_match "hop 2 is h3, the end" "^  2 10\.3\.0\.2 [0-9.]+ msec [0-9.]+ msec [0-9.]+ msec$" "$out"
expect_no_match "no third hop" "^  3 " "$out"

# a ping that waits does not hold the router: another session is served
rsh r1 -c 'ping 10.2.0.99 count 2 timeout 2' >"$T/slow" 2>&1 &
slow=$!
sleep 0.5
t0=$(date +%s%N)
rsh r1 -c 'show clock' >/dev/null
t1=$(date +%s%N)
wait $slow
ms=$(( (t1 - t0) / 1000000 ))
echo "# show clock answered in $ms ms while a ping waited"
[ $ms -lt 1500 ]; ok "another session is served while a ping waits ($ms ms)"
expect_match "unanswered: . (timeout) or U (r2 found no host)" "(^|: )[.U][.U]$" "$(cat "$T/slow")"
expect_match "success rate 0" "Success rate is 0 percent \(0/2\)" "$(cat "$T/slow")"

[ $FAILS -eq 0 ]
