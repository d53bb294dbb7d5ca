#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ports.sh - an interface is a TAP device: created at commit under its
# `tap` name or one derived from the interface name, carrier down when
# shut, replaced when renamed, removed with the interface; counters.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

net_router r1
links() { nx r1 ip -o link show; }
# the kernel reports a carrier change through linkwatch, up to a second late
links_when() {	# REGEX: the links once they match it (or after 2 s)
	local i
	for i in $(seq 20); do links | grep -qE -- "$1" && break; sleep 0.1; done
	links
}
rconf r1 <<'C'
interface GigabitEthernet0/1
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 10.2.0.1 255.255.255.0
 tap uplink
C
expect_match "a derived name: / becomes -, cut to 15 characters" ": GigabitEthernet[:@]" "$(links)"
expect_match "a named TAP" ": uplink[:@]" "$(links)"
nx r1 ip link set uplink up
expect_no_match "an interface up: its TAP has carrier" "uplink:.*NO-CARRIER" "$(links)"
rconf r1 <<'C'
interface wan0
 shutdown
C
expect_match "shutdown: the TAP loses carrier" "uplink:.*NO-CARRIER" "$(links_when 'uplink:.*NO-CARRIER')"
expect_match "show interfaces says so" "wan0 is administratively down, line protocol is down" \
	"$(rsh r1 -c 'show interfaces wan0')"
expect_match "show ip interface brief too" "wan0 +10\.2\.0\.1 +YES manual administratively down +down" \
	"$(rsh r1 -c 'show ip interface brief')"
rconf r1 <<'C'
interface wan0
 no shutdown
 tap isp1
C
expect_match "a new tap name: the new device" ": isp1[:@]" "$(links)"
expect_no_match "and the old one is gone" ": uplink[:@]" "$(links)"
out=$(rsh r1 -c 'configure terminal' -c 'interface lan9' -c 'tap isp1' -c commit 2>&1)
expect_match "two interfaces on one TAP: the commit names them" "interface (lan9|wan0): TAP device isp1 is already interface (wan0|lan9)'s" "$out"
rconf r1 <<'C'
no interface GigabitEthernet0/1
C
expect_no_match "removing the interface removes its TAP" ": GigabitEthernet[:@]" "$(links)"

# counters, and clear counters
net_host h1 r1 isp1 10.2.0.2/24 10.2.0.1
nx h1 ping -c 3 -i 0.2 -W 2 10.2.0.1 >/dev/null; ok "h1 pings the router on wan0"
expect_match "show interfaces counts what came in" "[1-9][0-9]* packets input" "$(rsh r1 -c 'show interfaces wan0')"
expect_match "show engine statistics counts the echo replies" "echo replies sent +3" \
	"$(rsh r1 -c 'show engine statistics')"
rsh r1 -c 'clear counters'; ok "clear counters"
expect_match "interface counters are zero after clear counters" " 0 packets input, 0 bytes" \
	"$(rsh r1 -c 'show interfaces wan0')"
expect_match "engine counters are zero too" "echo replies sent +0" "$(rsh r1 -c 'show engine statistics')"
out=$(rsh r1 -c 'disable' -c 'clear counters' 2>&1)
expect_match "privilege 1 cannot clear counters" "Invalid input" "$out"

[ $FAILS -eq 0 ]
