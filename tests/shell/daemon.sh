#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# vgwd as a process: one instance per state directory and socket, clean
# SIGTERM, and a configuration that survives a restart through write memory.
. "$(dirname "$0")/lib.sh"

start_vgwd
out=$("$VGWD" -f -d "$STATE" -s "$T/other.sock" 2>&1); rc=$?
expect_eq "second vgwd on the same state directory exits 1" 1 "$rc"
expect_match "...and says why" "state directory .* is in use by another vgwd \(pid $VGWD_PID\)" "$out"
out=$("$VGWD" -f -d "$T/state2" -s "$SOCK" 2>&1); rc=$?
expect_eq "second vgwd on the same socket exits 1" 1 "$rc"
expect_match "...and says why" "socket .* is in use by another vgwd" "$out"

sh_ -c 'configure terminal' -c 'hostname persist1' -c 'interface lan0' \
    -c 'ip address 172.16.0.1/16' -c 'ip route 10.0.0.0/8 172.16.0.254 priority 7' \
    -c 'commit' -c 'end' -c 'write memory' >/dev/null
ok "configure and write memory"
before=$(sh_ -c 'show running-config')
stop_vgwd
ok "SIGTERM: vgwd exits 0"
[ ! -e "$SOCK" ]
ok "SIGTERM: the socket is removed"

start_vgwd
after=$(sh_ -c 'show running-config')
expect_eq "after a restart the configuration comes back from startup-config" "$before" "$after"
expect_match "commit history survives too" "boot: startup-config" "$(sh_ -c 'show configuration commit list')"

# a stale socket file (vgwd killed hard) does not stop the next start
kill -9 "$VGWD_PID"; wait "$VGWD_PID" 2>/dev/null; VGWD_PID=
[ -S "$SOCK" ]
ok "a killed vgwd leaves its socket file"
start_vgwd
expect_match "vgwd starts over a stale socket" "hostname persist1" "$(sh_ -c 'show running-config')"

# a bad line in startup-config: logged, the rest applied, nothing lost
stop_vgwd
printf 'hostname bootgw\nip route 10.9.0.0/16 null0\nip route 999.0.0.0/8 null0\n' > "$STATE/startup-config"
start_vgwd
run=$(sh_ -c 'show running-config')
expect_match "good startup lines apply" "hostname bootgw" "$run"
expect_match "...all of them" "ip route 10.9.0.0 255.255.0.0 null0" "$run"
expect_match "the bad line is logged with its line number" "startup-config:3: " "$(sh_ -c 'show logging')"
finish
