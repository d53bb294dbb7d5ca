#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# debug.sh - debug engine: a session with terminal monitor sees one line
# per packet the engine drops, with the reason, the interface and the
# addresses, and the log buffer keeps them; a flood is cut down by the
# rate limit and the bounded ring, each saying how much it held back;
# after undebug all nothing more comes, though the engine still drops.
#
#   h1 10.1.0.2 --lan0-- r1 --lan1-- h2 10.2.0.2      (r1: no route to 192.0.2.0/24)
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux missing"; exit 77; }
. "$(dirname "$0")/topo1.sh"

TM="tmux -L vgwt$$"		# shell/lib.sh's cleanup ends this tmux server
# the monitor session's whole output, wrapped lines joined
screen() { $TM capture-pane -p -J -S - -t mon; }
wait_screen() {		# REGEX: until the monitor session shows it (10 s)
	local i
	for i in $(seq 200); do screen | grep -qE -- "$1" && return 0; sleep 0.05; done
	return 1
}
line() { $TM send-keys -t mon -l "$1"; $TM send-keys -t mon Enter; }
no_route() { rsh r1 -c 'show engine statistics' | awk '/no route to the destination/ {print $NF}'; }

$TM new-session -d -s mon -x 200 -y 50 "$VGWSH -s $T/r1.sock"
wait_screen '^r1#' || { echo "not ok - the monitor session did not start"; exit 1; }

out=$(rsh r1 -c disable -c 'debug engine' 2>&1); rc=$?
expect_eq "debug engine at privilege 1: refused" 1 "$rc"
expect_match "... as a command that is not there" "Invalid input" "$out"

line 'terminal monitor'
line 'debug engine'
wait_screen '^Engine debugging is on'; ok "debug engine answers as IOS does"
expect_eq "show debugging lists the category" "Engine debugging is on" "$(rsh r1 -c 'show debugging')"

# h1 pings an address r1 has no route for: each echo is dropped
b=$(no_route)
nx h1 ping -c 3 -i 0.2 -W 1 192.0.2.1 >/dev/null
want='Engine: drop on lan0: no route to the destination; 10\.1\.0\.2 > 192\.0\.2\.1 proto 1, 98 bytes'
wait_screen "$want"; ok "the monitor session shows the drop: reason, interface, addresses"
for _ in $(seq 40); do [ "$(screen | grep -cE "$want")" -ge 3 ] && break; sleep 0.05; done
expect_eq "one line per packet dropped" 3 "$(screen | grep -cE "$want")"
expect_eq "... as many as the engine counted" 3 $(( $(no_route) - b ))
expect_match "the log buffer keeps the lines" "$want" "$(rsh r1 -c 'show logging')"

# a flood of 2000 in a few milliseconds: more than the ring holds
# between two ticks, and more than the burst the rate limit lets through
nx h1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(2000):
    s.sendto(b"flood", ("192.0.2.7", 9))'
wait_screen 'Engine: [0-9]+ drop records? lost \(the ring was full\)'
ok "a flood: one line says how many records the full ring lost"
wait_screen 'Engine: [0-9]+ debug lines? suppressed \(rate limit\)'
ok "a flood: one line says how many lines the rate limit held back"
n=$(screen | grep -c '192\.0\.2\.7')
[ "$n" -ge 100 ] && [ "$n" -le 1000 ]
ok "a flood: some of its drops are shown, not all 2000 ($n)"

line 'undebug all'
wait_screen '^All possible debugging has been turned off'; ok "undebug all answers as IOS does"
expect_eq "show debugging lists nothing" "" "$(rsh r1 -c 'show debugging')"
b=$(no_route)
nx h1 ping -c 3 -i 0.2 -W 1 192.0.2.1 >/dev/null
sleep 2.5		# two ticks of the control thread, which drains the ring
expect_eq "after undebug all the engine still drops" 3 $(( $(no_route) - b ))
after=$(screen | sed -n '/^All possible debugging has been turned off/,$p')
expect_no_match "after undebug all: no debug line at all" 'Engine:' "$after"

# shellcheck disable=SC2154  # PID_r1: set by net_router
alive() { kill -0 "$PID_r1" 2>/dev/null && rsh r1 -c 'show clock' >/dev/null 2>&1; }
alive; ok "r1 still running"
expect_no_match "r1 logged no crash or sanitizer report" "ERROR: |Sanitizer|runtime error|Segmentation|Aborted" \
	"$(cat "$T/r1.log")"
finish
