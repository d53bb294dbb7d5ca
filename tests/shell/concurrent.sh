#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two sessions with open candidates commit one after the other:
# non-overlapping changes merge, overlapping ones fail and are named, and
# another session's commit is never lost.
. "$(dirname "$0")/lib.sh"
start_vgwd
sh_ -c 'conf t' -c 'hostname base' -c 'interface lan0' -c 'ip address 10.0.0.1/24' -c 'commit' >/dev/null

commits() { sh_ -c 'show configuration commit list | count ^[0-9]' | awk '{print $NF}'; }
wait_commits() {	# N: until N commits are recorded (10 s)
	local i
	for i in $(seq 200); do [ "$(commits)" -ge "$1" ] && return 0; sleep 0.05; done
	return 1
}
wait_output() {	# FILE REGEX (10 s)
	local i
	for i in $(seq 200); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

# sessions A and B keep their candidates open (fifos hold their input)
mkfifo "$T/a.in" "$T/b.in"
sh_ < "$T/a.in" > "$T/a.out" 2>&1 & apid=$!
sh_ < "$T/b.in" > "$T/b.out" 2>&1 & bpid=$!
exec 3>"$T/a.in" 4>"$T/b.in"
echo 'configure terminal' >&3; echo 'configure terminal' >&4
echo 'interface lan1' >&3; echo ' ip address 10.1.0.1/24' >&3
echo 'ip route 10.50.0.0/16 null0' >&4
echo 'do show clock' >&3; echo 'do show clock' >&4	# both candidates are open now
wait_output "$T/a.out" ':' && wait_output "$T/b.out" ':'
echo 'commit' >&3
wait_commits 2; ok "A commits first"
echo 'commit' >&4
wait_commits 3; ok "B commits over A's change"
# after a commit both stay in config mode with fresh candidates
echo 'hostname from-a' >&3; echo 'hostname from-b' >&4
echo 'do show clock' >&3; echo 'do show clock' >&4
echo 'commit' >&3
wait_commits 4; ok "A changes the hostname"
echo 'commit' >&4
echo 'show configuration failed' >&4
echo 'abort' >&4
exec 3>&- 4>&-
wait $apid; wait $bpid
run=$(sh_ -c 'show running-config')
expect_match "A's interface is committed" "interface lan1" "$run"
expect_match "B's route merged in" "ip route 10.50.0.0 255.255.0.0 null0" "$run"
expect_match "the first of two overlapping commits wins" "hostname from-a" "$run"
expect_match "the second fails as IOS-XR says it" "% Failed to commit one or more configuration items" "$(cat "$T/b.out")"
expect_match "...naming the overlap" "% Error: hostname: changed by another session" "$(cat "$T/b.out")"
expect_match "show configuration failed lists it again" "^hostname: changed by another session" "$(cat "$T/b.out")"
expect_eq "the failed commit recorded nothing" 4 "$(commits)"
finish
