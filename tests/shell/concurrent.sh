#!/bin/bash
# Two sessions with open candidates commit one after the other:
# non-overlapping changes merge, overlapping ones fail and are named, and
# another session's commit is never lost.
. "$(dirname "$0")/lib.sh"
start_vgwd
sh_ -c 'conf t' -c 'hostname base' -c 'interface lan0' -c 'ip address 10.0.0.1/24' -c 'commit' >/dev/null

# session A and B open candidates at the same time (fifos keep them open)
mkfifo "$T/a.in" "$T/b.in"
sh_ < "$T/a.in" > "$T/a.out" 2>&1 & apid=$!
sh_ < "$T/b.in" > "$T/b.out" 2>&1 & bpid=$!
exec 3>"$T/a.in" 4>"$T/b.in"
echo 'configure terminal' >&3; echo 'configure terminal' >&4
echo 'interface lan1' >&3; echo ' ip address 10.1.0.1/24' >&3
echo 'ip route 10.50.0.0/16 null0' >&4
echo 'do show version' >&3; echo 'do show version' >&4	# both candidates are open now
sleep 0.5
echo 'commit' >&3
sleep 0.3
echo 'commit' >&4
sleep 0.3
# after a commit both stay in config mode with fresh candidates
echo 'hostname from-a' >&3; echo 'hostname from-b' >&4
sleep 0.3
echo 'commit' >&3
sleep 0.3
echo 'commit' >&4
echo 'abort' >&4
exec 3>&- 4>&-
wait $apid; wait $bpid
run=$(sh_ -c 'show running-config')
expect_match "A's interface is committed" "interface lan1" "$run"
expect_match "B's route merged in" "ip route 10.50.0.0 255.255.0.0 null0" "$run"
expect_match "the first of two overlapping commits wins" "hostname from-a" "$run"
expect_match "the second fails naming the overlap" "another session changed .*|hostname" "$(cat "$T/b.out")"
expect_match "...it names the object" "%   hostname" "$(cat "$T/b.out")"
finish
