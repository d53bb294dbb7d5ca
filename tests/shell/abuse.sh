#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# abuse.sh - the management plane under abuse: a client that floods
# requests and never reads, input sent while a command runs, connections
# that never say HELLO, a client that reads its output slowly. Each must
# leave vgwd's memory bounded and the other sessions served at once.
# The bounds are generous for a loaded 2-core machine, but finite.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
abuse() { $PY "$(dirname "$0")/abuse.py" "$@"; }
val() { sed -n "s/^$1=//p" <<<"$2"; }
at_most() {	# DESCRIPTION LIMIT VALUE
	CHECKS=$((CHECKS + 1))
	if [ -n "$3" ] && [ "$3" -le "$2" ]; then echo "ok - $1 ($3 <= $2)"; else
		echo "not ok - $1 (${3:-nothing} > $2)"; FAILS=$((FAILS + 1)); fi
}

start_vgwd
# a running configuration of about 80 KB, as the tester had
{
	echo 'configure terminal'
	echo 'interface lan0'
	echo ' ip address 192.0.2.1 255.255.255.0'
	for i in $(seq 0 1999); do echo "ip route 10.$((i / 250)).$((i % 250)).0/24 192.0.2.$((2 + i % 200))"; done
	echo 'commit'
	echo 'end'
} >"$T/big.cfg"
sh_ -f "$T/big.cfg" >/dev/null
ok "an 80 KB configuration loads"
size=$(sh_ -c 'show running-config' | wc -c)
at_most "the running configuration is about 80 KB" 100000 "$size"

# 2,700 requests in one write, never read: the daemon stops taking them
out=$(abuse flood "$SOCK" "$VGWD_PID" 2700)
at_most "flood: vgwd's memory grows by at most 16 MiB" 16384 "$(val rss_growth_kib "$out")"
at_most "flood: another session waits at most 500 ms" 500 "$(val other_worst_ms "$out")"
at_most "flood: the daemon stops reading at a bounded backlog (4 MiB)" 4194304 "$(val taken_bytes "$out")"

# input while ping runs: not read until the command ends
out=$(abuse jobflood "$SOCK" "$VGWD_PID" "ping 192.0.2.77 count 3 timeout 2" 512)
at_most "job: vgwd's memory grows by at most 16 MiB" 16384 "$(val rss_growth_kib "$out")"
at_most "job: the daemon took at most 4 MiB of input" 4194304 "$(val taken_bytes "$out")"
at_most "job: another session waits at most 500 ms" 500 "$(val other_worst_ms "$out")"

# a client that reads its output at 4 KiB/s
out=$(abuse stalled "$SOCK" "$VGWD_PID")
at_most "slow reader: vgwd's memory grows by at most 16 MiB" 16384 "$(val rss_growth_kib "$out")"
at_most "slow reader: another session waits at most 500 ms" 500 "$(val other_worst_ms "$out")"

# 64 connections of another user that never say HELLO
grp=$(id -gn nobody 2>/dev/null || echo nogroup)
chgrp "$grp" "$SOCK"
out=$(abuse nohello "$SOCK" "$(id -u nobody)" "$(getent group "$grp" | cut -d: -f3)" 64 12)
expect_eq "silent connections: root still logs in" "ok" "$(val root_login "$out")"
expect_match "silent connections are closed within 12 s" "^(6[34])$" "$(val silent_closed "$out")"
sh_ -c 'show clock' >/dev/null
ok "the daemon serves as before"
grep -q "connection.*HELLO\|said nothing\|unauthenticated" "$T/vgwd.log"
ok "the dropped silent connections are logged"

echo "# $CHECKS checks, $FAILS failed"
[ $FAILS -eq 0 ]
