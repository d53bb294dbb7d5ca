#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# vgwsh without a tty: exit statuses, FILE:LINE errors, transactions, and the
# line behaviour and candidate/commit rules of CLI.md.
. "$(dirname "$0")/lib.sh"
start_vgwd

sh_ -c 'show version' >/dev/null; ok "-c with a good line exits 0"
sh_ -c 'show nonsense' >/dev/null 2>&1; expect_eq "-c with a bad line exits 1" 1 $?
"$VGWSH" -s "$T/nosuch.sock" -c 'show version' 2>/dev/null; expect_eq "no daemon: exit 2" 2 $?

# line behaviour
out=$(sh_ -c 'show foo' 2>&1)
expect_eq "invalid word: caret under it, IOS text" "-c 'show foo': show foo
-c 'show foo':      ^
-c 'show foo': % Invalid input detected at '^' marker." "$out"
expect_match "incomplete" "% Incomplete command\." "$(sh_ -c 'show' 2>&1)"
expect_match "ambiguous" '% Ambiguous command: "c"' "$(sh_ -c 'c' 2>&1)"
expect_match "abbreviations (sh ver)" "vgw Software \(vgwd\), Version" "$(sh_ -c 'sh ver')"

# `?` ending a script line: the help a terminal's `?` shows, nothing run
out=$(sh_ -c 'show ?'); rc=$?
expect_eq "-c 'show ?' exits 0" 0 $rc
expect_match "...and lists the words after show with their help" "^  running-config +[A-Z]" "$out"
out=$(sh_ -c 'write memory ?'); rc=$?
expect_eq "-c 'write memory ?' exits 0" 0 $rc
expect_eq "...answers <cr>" "  <cr>  " "$out"
expect_match "...and writes nothing" "No startup-config" "$(sh_ -c 'show startup-config' 2>&1)"
printf 'show clock ?\nconfigure t?\nconfigure terminal ?\n' > "$T/help.txt"
out=$(sh_ -f "$T/help.txt" 2>"$T/help.err"); rc=$?
expect_eq "-f: lines ending in a ? word get help" $'  <cr>  \n  <cr>  ' "$out"
expect_eq "...a ? glued to a word is part of it" "$T/help.txt:2: configure t?
$T/help.txt:2:           ^
$T/help.txt:2: % Invalid input detected at '^' marker." "$(cat "$T/help.err")"
expect_eq "...and that line fails the script" 1 $rc
out=$(printf 'show ip ?\n' | sh_); rc=$?
expect_match "stdin: show ip ?" "^  route +" "$out"
expect_eq "...exits 0" 0 $rc
err=$(sh_ -c 'show ? clock' 2>&1); rc=$?
expect_eq "a ? before the end is refused" "-c 'show ? clock': % Use ? at the end of a line for help" "$err"
expect_eq "...with exit 1" 1 $rc

# a script: one transaction per configure ... commit block
cat > "$T/good.txt" <<'CFG'
! comment lines are ignored
configure terminal
 hostname branch1
 interface wan0
  description uplink to the internet
  ip address 198.51.100.1 255.255.255.0
 interface lan0
  ip address 172.16.0.1/16
  shutdown
 exit
 ip route 0.0.0.0/0 198.51.100.254
 ip route 10.10.0.0 255.255.0.0 198.51.100.11 priority 10
 ip route 10.10.0.0/16 198.51.100.12 priority 20
commit comment initial
end
CFG
sh_ -f "$T/good.txt" >/dev/null; ok "-f applies a good script"
run=$(sh_ -c 'show running-config')
expect_contains "interface block rendered" $'interface lan0\n ip address 172.16.0.1 255.255.0.0\n shutdown\n!' "$run"
expect_match "priority rendered" "ip route 10.10.0.0 255.255.0.0 198.51.100.12 priority 20" "$run"

# route selection: the lower priority is installed, the other waits
rt=$(sh_ -c 'show ip route 10.10.1.1')
expect_contains "show ip route ADDRESS: the installed route" "S*  10.10.0.0/16 [10] via 198.51.100.11, wan0" "$rt"
expect_contains "...and the standby with the reason" "S   10.10.0.0/16 [20] via 198.51.100.12, wan0 (not installed: a lower priority value is installed)" "$rt"
expect_contains "connected routes of shut interfaces are withdrawn" "C   172.16.0.0/16 is directly connected, lan0 (not installed: interface shut down)" "$(sh_ -c 'show ip route')"
sh_ -c 'conf t' -c 'interface wan0' -c 'shutdown' -c 'commit' >/dev/null
expect_match "wan0 down: nothing routes 10.10.1.1" "% Network not in table" "$(sh_ -c 'show ip route 10.10.1.1' 2>&1)"
sh_ -c 'conf t' -c 'interface wan0' -c 'no shutdown' -c 'commit' >/dev/null
sum=$(sh_ -c 'show ip route summary')
expect_match "show ip route summary" "static +3 +2" "$sum"
expect_match "...and the forwarding table the engine uses" "^Forwarding table: [0-9]+ KiB, in use by the forwarding engine$" "$sum"

cat > "$T/bad.txt" <<'CFG'
configure terminal
hostname should-not-apply
ip route 10.20.0.0 255.0.255.0 198.51.100.13
commit
end
CFG
err=$(sh_ -f "$T/bad.txt" 2>&1 >/dev/null); rc=$?
expect_eq "-f with a bad line exits 1" 1 $rc
expect_match "the error names file and line" "bad.txt:3: % Invalid input" "$err"
expect_match "the commit of that transaction is refused" "bad.txt:4: % Failed to commit one or more configuration items" "$err"
expect_match "...saying why" "bad.txt:4: % Error: 1 line of this transaction failed" "$err"
expect_no_match "nothing of it applied" "should-not-apply" "$(sh_ -c 'show running-config')"

printf 'configure terminal\nhostname pipe1\ncommit\nend\n' | sh_ >/dev/null; ok "stdin script applies"
printf 'configure terminal\nhostname lost1\n' | sh_ >/dev/null 2>&1; rc=$?
expect_eq "stdin script ending with uncommitted changes exits 1" 1 $rc
expect_no_match "...and applies nothing" "lost1" "$(sh_ -c 'show running-config')"
err=$(printf 'configure terminal\nhostname lost2\nend\n' | sh_ 2>&1 >/dev/null)
expect_match "end with uncommitted changes and no tty: error" "Uncommitted changes found" "$err"

# filters
expect_eq "| include, chained with | exclude, abbreviated" " ip address 172.16.0.1 255.255.0.0" \
    "$(sh_ -c 'sh run | i ip address | ex 198')"
expect_eq "| count" "Number of lines which match regexp = 3" "$(sh_ -c 'show running-config | count ^ip route')"
expect_eq "| section" $'interface wan0\n description uplink to the internet\n ip address 198.51.100.1 255.255.255.0' "$(sh_ -c 'show run | section wan0')"

# candidate and commit
out=$(sh_ -c 'conf t' -c 'hostname diff1' -c 'no ip route 0.0.0.0/0 198.51.100.254' -c 'show configuration' -c 'abort')
expect_contains "show configuration lists + and - lines" $'-hostname pipe1\n+hostname diff1' "$out"
expect_match "...removed route" "^-ip route 0.0.0.0 0.0.0.0 198.51.100.254" "$out"
expect_match "abort dropped the candidate" "hostname pipe1" "$(sh_ -c 'show running-config')"
out=$(sh_ -c 'conf t' -c 'ip route 10.30.0.0/16 interface nosuch0' -c 'hostname x1' -c 'commit' 2>&1)
expect_match "commit names the invalid reference" "ip route 10.30.0.0 255.255.0.0 interface nosuch0: interface nosuch0 does not exist" "$out"
expect_no_match "failed commit applies nothing" "x1" "$(sh_ -c 'show running-config')"
out=$(sh_ -c 'conf t' -c 'hostname chk1' -c 'commit check' -c 'abort')
expect_match "commit check validates" "valid" "$out"
expect_no_match "commit check applies nothing" "chk1" "$(sh_ -c 'show running-config')"

sh_ -c 'conf t' -c 'hostname hist2' -c 'commit comment second' -c 'end' >/dev/null
list=$(sh_ -c 'show configuration commit list')
expect_match "commit list shows id, user and comment" "root +second" "$list"
last=$(printf '%s\n' "$list" | awk 'NR==2{print $1}')
expect_eq "commit changes ID" $'-hostname pipe1\n+hostname hist2' "$(sh_ -c "show configuration commit changes $last")"
sh_ -c 'rollback configuration last 1' >/dev/null; ok "rollback configuration last 1"
expect_match "...restores the previous hostname" "hostname pipe1" "$(sh_ -c 'show running-config')"
sh_ -c "rollback configuration to $last" >/dev/null; ok "rollback configuration to ID"
expect_match "...restores that commit" "hostname hist2" "$(sh_ -c 'show running-config')"

printf 'hostname replaced1\n!\ninterface lan9\n ip address 10.99.0.1/24\n!\nend\n' > "$T/replace.cfg"
sh_ -c "configure replace $T/replace.cfg" >/dev/null; ok "configure replace FILE"
run=$(sh_ -c 'show running-config')
expect_match "...replaced everything" "hostname replaced1" "$run"
expect_no_match "...old statements gone" "ip route" "$run"
printf 'hostname bad!name\n' > "$T/bad.cfg"
err=$(sh_ -c "configure replace $T/bad.cfg" 2>&1); rc=$?
expect_eq "configure replace with a bad file fails" 1 $rc
expect_match "...naming file and line" "bad.cfg:1:" "$err"

sh_ -c 'write memory' >/dev/null
expect_match "show startup-config" "hostname replaced1" "$(sh_ -c 'show startup-config')"
sh_ -c 'erase startup-config' >/dev/null; ok "erase startup-config"
expect_match "...then there is none" "No startup-config" "$(sh_ -c 'show startup-config' 2>&1)"

# secrets never in clear
sh_ -c 'conf t' -c 'username alice privilege 15 secret 0 Pa55word' -c 'enable secret 0 En4ble' -c 'commit' >/dev/null
all=$(sh_ -c 'show running-config'; cat "$STATE"/commits/* "$T/vgwd.log")
expect_no_match "clear-text secrets appear nowhere" "Pa55word|En4ble" "$all"
expect_match "they are shown as type 9" 'username alice privilege 15 secret 9 \$9\$' "$all"

# a refused line with a key in clear is echoed with the key masked, from a
# file and from -c, and the caret still stands under the bad word
key=000102030405060708090a0b0c0d0e0f10111213
printf 'configure terminal\ncrypto ipsec tunnel t\nsa inbound spi 12 encryption-key 0 %s\nabort\n' "$key" >"$T/key.cfg"
out=$(sh_ -f "$T/key.cfg" 2>&1; sh_ -c 'configure terminal' -c 'crypto ipsec tunnel t' \
    -c "sa inbound spi 300 encryption-key 0 $key bogus" -c abort 2>&1)
expect_no_match "a refused line's clear key is not echoed" "$key" "$out"
expect_contains "...it is masked" "key.cfg:3: sa inbound spi 12 encryption-key 0 *****" "$out"
expect_contains "...and the caret stands under the bad word" \
    "***** bogus': sa inbound spi 300 encryption-key 0 ***** bogus
-c 'sa inbound spi 300 encryption-key 0 ***** bogus':                                           ^" "$out"
finish
