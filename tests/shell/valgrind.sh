#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# vgwd under valgrind through a working session's worth of commands: no
# invalid accesses, and nothing definitely lost when it exits on SIGTERM.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "1..0 # SKIP valgrind missing"; exit 77; }
ldd "$VGWD" | grep -q libasan && { echo "1..0 # SKIP sanitizer build"; exit 77; }
VGWD_WRAP="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --log-file=$T/valgrind.log"
start_vgwd
cat > "$T/work.txt" <<'CFG'
configure terminal
hostname vg1
username ops privilege 15 secret 0 pw
enable secret 0 en
interface lan0
 description it's a "LAN" | with pipes
 ip address 10.0.0.1/24
 mac-address 02:00:00:00:00:01
interface wan0
 ip address 198.51.100.1/24
ip route 0.0.0.0/0 198.51.100.254
ip route 10.1.0.0/16 10.0.0.2 priority 5
ip route 10.2.0.0/16 interface nosuch
commit
no ip route 10.2.0.0/16 interface nosuch
show configuration
commit comment valgrind
end
show running-config | section interface | include address
show configuration commit list
write memory
rollback configuration last 1
rollback configuration to 2
terminal monitor
show logging | count
show users
show version
CFG
sh_ -f "$T/work.txt" >/dev/null 2>&1
for i in 1 2 3; do sh_ -c 'show running-config' >/dev/null; done
printf 'conf t\nhostname dropped\n' | sh_ >/dev/null 2>&1	# dropped candidate
[ -e "$T/valgrind.log" ]; ok "vgwd runs under valgrind"
stop_vgwd; rc=$?
expect_eq "vgwd under valgrind exits 0 (no errors, no definite leaks)" 0 "$rc"
[ -s "$T/valgrind.log" ] && sed 's/^/  /' "$T/valgrind.log" | head -40
finish
