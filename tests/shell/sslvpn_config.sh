#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The `ssl-vpn` and `ssl-vpn user` statements through vgwsh: a full
# configuration typed and committed, show running-config ssl-vpn exactly,
# every refused input with its message and nothing changed, no/default, the
# commit-time checks, and a clear password that never appears anywhere.
. "$(dirname "$0")/lib.sh"
start_vgwd

PW='Cl3ar-Pw-ssl'	# the clear password typed; it must never come back

cat > "$T/sslvpn.txt" <<CFG
configure terminal
 interface wan0
  ip address 192.0.2.1 255.255.255.0
 interface lan0
  ip address 10.1.0.1/16
 exit
 ssl-vpn
  listen 192.0.2.1 port 8443
  certificate self-signed
  address-pool 10.99.0.0/24
  split-route 10.1.0.0 255.255.0.0
  split-route 10.0.0.0/8
  dns 10.1.0.53
  max-sessions 100
  idle-timeout 600
  login-lockout attempts 5 period 300
 ssl-vpn user alice
  password $PW
  static-address 10.99.0.50
 ssl-vpn user bob10
  password 0 $PW
  shutdown
 ssl-vpn user bob9
commit comment ssl-vpn
end
CFG
sh_ -f "$T/sslvpn.txt" >/dev/null; ok "a full ssl-vpn configuration commits"
run=$(sh_ -c 'show running-config ssl-vpn')
hash_alice=$(printf '%s\n' "$run" | sed -n '/^ssl-vpn user alice/,/^!/s/^ password 9 //p')
hash_bob=$(printf '%s\n' "$run" | sed -n '/^ssl-vpn user bob10/,/^!/s/^ password 9 //p')
expect_eq "show running-config ssl-vpn, exactly" "ssl-vpn
 listen 192.0.2.1 port 8443
 certificate self-signed
 address-pool 10.99.0.0 255.255.255.0
 split-route 10.0.0.0 255.0.0.0
 split-route 10.1.0.0 255.255.0.0
 dns 10.1.0.53
 max-sessions 100
 idle-timeout 600
 login-lockout attempts 5 period 300
!
ssl-vpn user alice
 password 9 $hash_alice
 static-address 10.99.0.50
!
ssl-vpn user bob9
!
ssl-vpn user bob10
 password 9 $hash_bob
 shutdown
!" "$run"
expect_match "...the passwords as type-9 hashes" '^\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}$' "$hash_alice"
expect_eq "...salted: the same password, two hashes" 1 "$([ "$hash_alice" != "$hash_bob" ] && echo 1)"
all=$(sh_ -c 'show running-config')
expect_contains "running-config: after the crypto blocks, before the interfaces" \
    $'!\nssl-vpn user bob10\n password 9 '"$hash_bob"$'\n shutdown\n!\ninterface lan0\n' "$all"
expect_eq "show running-config ssl-vpn user alice" "ssl-vpn user alice
 password 9 $hash_alice
 static-address 10.99.0.50
!" "$(sh_ -c 'show running-config ssl-vpn user alice')"

# the clear password: not in running-config, history, log, nor any file
hist=$(sh_ -c 'conf t' -c 'ssl-vpn user carol' -c "password $PW" -c 'password 0 "'"$PW"' two"' \
    -c 'do show history' -c 'abort' 2>&1)
expect_contains "show history: the password masked" "password *****" "$hist"
expect_contains "...quoted too" "password 0 *****" "$hist"
for what in 'show running-config' 'show logging' 'show configuration commit changes 1' \
    'show configuration commit list'; do
	expect_no_match "$what: no clear password" "$PW" "$(sh_ -c "$what" 2>&1)"
done
expect_no_match "no clear password in any file of the state directory" "$PW" \
    "$(grep -rl -- "$PW" "$STATE" "$T/vgwd.log" 2>&1)"
expect_no_match "...in its log either" "$PW" "$(cat "$T/vgwd.log")"
# type 9 is taken as it is, exactly
sh_ -c 'conf t' -c 'ssl-vpn user dave' -c "password 9 $hash_alice" -c commit >/dev/null
ok "password 9 HASH is taken"
expect_contains "...and shown as typed" $'ssl-vpn user dave\n password 9 '"$hash_alice"$'\n!' \
    "$(sh_ -c 'show running-config ssl-vpn user dave')"

# every refused input: its message, and the candidate unchanged
refused() {	# MODE-LINE BAD-LINE EXPECTED-MESSAGE
	local out err
	out=$(sh_ -c 'conf t' -c "$1" -c "$2" -c 'show configuration' -c abort 2>"$T/err")
	err=$(cat "$T/err")
	expect_contains "$2: refused" "$3" "$err"
	expect_eq "...nothing changed" "% No uncommitted changes" "$out"
}
refused ssl-vpn 'address-pool 10.99.0.0/31' '% address-pool: prefix length must be 8 to 30'
refused ssl-vpn 'address-pool 10.0.0.0 254.0.0.0' '% address-pool: prefix length must be 8 to 30'
refused ssl-vpn 'address-pool 10.99.0.1/24' '% 10.99.0.1/24 has host bits set: did you mean 10.99.0.0/24?'
refused ssl-vpn 'address-pool 10.99.0.0 255.0.255.0' "% Invalid input detected at '^' marker."
refused ssl-vpn 'split-route 10.1.0.1 255.255.0.0' '% 10.1.0.1/16 has host bits set: did you mean 10.1.0.0/16?'
refused ssl-vpn 'no split-route 10.77.0.0/16' '% No split-route 10.77.0.0/16 in ssl-vpn'
refused ssl-vpn 'listen 224.0.0.1' '% Invalid listen 224.0.0.1: not a unicast address'
refused ssl-vpn 'listen 127.0.0.1' '% Invalid listen 127.0.0.1: not a unicast address'
refused ssl-vpn 'listen 192.0.2.1 port 65536' "% Invalid input detected at '^' marker."
refused ssl-vpn 'listen 192.0.2.1 port 0' "% Invalid input detected at '^' marker."
refused ssl-vpn 'certificate cert.pem key /etc/key.pem' \
    '% Certificate file must be an absolute path of at most 255 characters: cert.pem'
refused ssl-vpn 'certificate /etc/cert.pem key "/etc/my key.pem"' \
    '% Key file name cannot contain blanks or quotes: /etc/my key.pem'
refused ssl-vpn 'dns 255.255.255.255' '% Invalid dns 255.255.255.255: not a unicast address'
refused ssl-vpn 'max-sessions 0' "% Invalid input detected at '^' marker."
refused ssl-vpn 'max-sessions 100001' "% Invalid input detected at '^' marker."
refused ssl-vpn 'idle-timeout 59' "% Invalid input detected at '^' marker."
refused ssl-vpn 'login-lockout attempts 101 period 300' "% Invalid input detected at '^' marker."
refused ssl-vpn 'login-lockout attempts 5 period 9' "% Invalid input detected at '^' marker."
refused ssl-vpn 'login-lockout attempts 5' '% Incomplete command.'
refused ssl-vpn 'ssl-vpn user 9lives' '% Invalid user name "9lives"'
refused ssl-vpn 'no ssl-vpn user nobody' '% No such ssl-vpn user "nobody"'
refused 'ssl-vpn user alice' 'password 9 $9$tooshort' \
    '% Invalid type-9 password: expected $9$, 14 salt characters, $, 43 hash characters'
refused 'ssl-vpn user alice' 'static-address 224.1.1.1' \
    '% Invalid static-address 224.1.1.1: not a unicast address'
refused 'ssl-vpn user alice' 'static-address 10.99.0.300' "% Invalid input detected at '^' marker."
# split-route lines are bounded
{ echo 'conf t'; echo 'ssl-vpn'; for i in $(seq 2 64); do echo "split-route 172.16.$i.0/24"; done
  echo 'split-route 172.17.0.0/24'; echo 'show configuration'; echo abort; } > "$T/routes.txt"
out=$(sh_ -f "$T/routes.txt" 2>"$T/err")
expect_contains "the 65th split-route: refused" "$T/routes.txt:66: % split-route: ssl-vpn has at most 64" "$(cat "$T/err")"
expect_eq "...the 64 others taken" 62 "$(printf '%s\n' "$out" | grep -c '^+ split-route 172.16')"

# no and default
out=$(sh_ -c 'conf t' -c ssl-vpn -c 'no listen' -c 'no certificate' -c 'default split-route' \
    -c 'no dns 10.1.0.53' -c 'default max-sessions' -c 'no idle-timeout' -c 'no login-lockout' \
    -c 'default address-pool' -c 'shutdown' -c 'ssl-vpn user alice' -c 'no password' \
    -c 'default static-address' -c 'shutdown' -c 'ssl-vpn user bob10' -c 'no shutdown' \
    -c 'show configuration' -c abort)
expect_eq "no/default restore each default" " ssl-vpn
- listen 192.0.2.1 port 8443
- certificate self-signed
- address-pool 10.99.0.0 255.255.255.0
- split-route 10.0.0.0 255.0.0.0
- split-route 10.1.0.0 255.255.0.0
- dns 10.1.0.53
- max-sessions 100
- idle-timeout 600
- login-lockout attempts 5 period 300
+ shutdown
 ssl-vpn user alice
- password 9 $hash_alice
- static-address 10.99.0.50
+ shutdown
 ssl-vpn user bob10
- shutdown" "$out"
out=$(sh_ -c 'conf t' -c ssl-vpn -c 'listen 192.0.2.1' -c 'no split-route 10.0.0.0 255.0.0.0' \
    -c 'certificate /etc/vgw/cert.pem key /etc/vgw/key.pem' -c 'show configuration' -c abort)
expect_eq "listen without port; one split-route removed; certificate files" " ssl-vpn
- listen 192.0.2.1 port 8443
- certificate self-signed
- split-route 10.0.0.0 255.0.0.0
+ listen 192.0.2.1
+ certificate /etc/vgw/cert.pem key /etc/vgw/key.pem" "$out"

# the commit-time checks: each error named, running unchanged
before=$(sh_ -c 'show running-config')
commit_fails() {	# DESCRIPTION EXPECTED-ERROR LINES...
	local what=$1 want=$2 err
	shift 2
	local args=(-c 'conf t')
	for l in "$@"; do args+=(-c "$l"); done
	err=$(sh_ "${args[@]}" -c commit -c abort 2>&1)
	expect_contains "$what" "% Error: $want" "$err"
	expect_eq "...running unchanged" "$before" "$(sh_ -c 'show running-config')"
}
commit_fails "listen not an interface address" \
    "ssl-vpn: listen 192.0.2.9 is no interface's address" ssl-vpn 'listen 192.0.2.9'
commit_fails "pool overlapping an interface" \
    "ssl-vpn: address-pool 10.1.2.0 255.255.255.0 overlaps interface lan0 (10.1.0.0 255.255.0.0)" \
    ssl-vpn 'address-pool 10.1.2.0/24'
commit_fails "a split route inside the pool" \
    "ssl-vpn: split-route 10.99.0.128 255.255.255.128 lies inside address-pool 10.99.0.0 255.255.255.0" \
    ssl-vpn 'split-route 10.99.0.128/25'
commit_fails "certificate without key" \
    "ssl-vpn: certificate /etc/vgw/cert.pem: the key file is missing (certificate FILE key FILE)" \
    ssl-vpn 'certificate /etc/vgw/cert.pem'
commit_fails "no certificate" "ssl-vpn: certificate is required" ssl-vpn 'no certificate'
commit_fails "no listen" "ssl-vpn: listen is required" ssl-vpn 'no listen'
commit_fails "no pool" "ssl-vpn: address-pool is required" ssl-vpn 'no address-pool'
commit_fails "static address outside the pool" \
    "ssl-vpn user bob9: static-address 10.98.0.1 lies outside address-pool 10.99.0.0 255.255.255.0" \
    'ssl-vpn user bob9' 'static-address 10.98.0.1'
commit_fails "static address: the pool's broadcast address" \
    "ssl-vpn user bob9: static-address 10.99.0.255 is the broadcast address of address-pool 10.99.0.0 255.255.255.0" \
    'ssl-vpn user bob9' 'static-address 10.99.0.255'
commit_fails "static address used twice" \
    "ssl-vpn user bob9: static-address 10.99.0.50 is already ssl-vpn user alice's" \
    'ssl-vpn user bob9' 'static-address 10.99.0.50'
# a split route containing the pool is allowed
sh_ -c 'conf t' -c ssl-vpn -c 'split-route 10.96.0.0/12' -c commit >/dev/null
ok "a split route containing the pool commits"

# sub-modes: a global command in one runs at global level
out=$(sh_ -c 'conf t' -c ssl-vpn -c 'ssl-vpn user erin' -c 'static-address 10.99.0.60' \
    -c 'exit' -c 'hostname gw1' -c 'show configuration' -c abort)
expect_eq "ssl-vpn user typed in ssl-vpn mode enters the user's mode" "+hostname gw1
+ssl-vpn user erin
+ static-address 10.99.0.60" "$out"

# no ssl-vpn removes the block; the users stay, unused
sh_ -c 'conf t' -c 'no ssl-vpn' -c commit >/dev/null; ok "no ssl-vpn commits"
out=$(sh_ -c 'show running-config ssl-vpn')
expect_match "...the block is gone" "^ssl-vpn user alice$" "$out"
expect_no_match "...only the block" "^ssl-vpn$" "$out"
err=$(sh_ -c 'conf t' -c 'no ssl-vpn' 2>&1)
expect_contains "no ssl-vpn again: nothing to remove" "% No ssl-vpn block to remove" "$err"
sh_ -c 'conf t' -c 'no ssl-vpn user alice' -c 'no ssl-vpn user bob9' -c 'no ssl-vpn user bob10' \
    -c 'no ssl-vpn user dave' -c commit >/dev/null
expect_match "no ssl-vpn user NAME removes each" "% No such configuration item" \
    "$(sh_ -c 'show running-config ssl-vpn' 2>&1)"

finish
