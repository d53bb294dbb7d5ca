#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sslvpn_users.sh - SSL-VPN users with the real OpenConnect client
# (scenario B7, sslvpn_topo.sh):
# - `login-lockout attempts 3 period 10`: three wrong passwords, then the
#   right one is refused too; after the period it is taken;
# - a wrong user name and a `shutdown` user are refused;
# - 20 users connected at once, each from its own namespace, each with its
#   own address from the pool and the split route, each reaching the LAN;
#   `show ssl-vpn sessions` lists the 20;
# - `clear ssl-vpn session user u7` ends that client only, the others keep
#   passing traffic;
# - a lost connection: openconnect comes back with its cookie and gets the
#   same address (its TCP connection killed under it); the same with our
#   own client (sslvpn_client.py reconnect);
# - a burst of 120 logins at once (two client addresses, past
#   SSLVPN_PENDING_PER_ADDR for one) beyond the budget of password checks
#   (SSLVPN_AUTH_BURST 40, then SSLVPN_AUTH_RATE 20 a second): some are
#   answered 503 with Retry-After: 1 unchecked, counted as "logins refused,
#   server busy" and not as login failures; a right login 1.5 s later
#   succeeds.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/openconnect.sh"
. "$(dirname "$0")/sslvpn_topo.sh"

N=20
config() {
	printf 'ssl-vpn user alice\n password 0 alice-Pw-1\n'
	printf 'ssl-vpn user bob\n password 0 bob-Pw-1\n shutdown\n'
	printf 'ssl-vpn user carol\n password 0 carol-Pw-1\n'
	for i in $(seq $N); do printf 'ssl-vpn user u%d\n password 0 u%d-Pw\n' "$i" "$i"; done
	printf 'ssl-vpn\n listen 198.51.100.1 port 443\n certificate self-signed\n'
	printf ' address-pool 10.9.0.0/24\n split-route 10.2.0.0/24\n'
	printf ' login-lockout attempts 3 period 10\n'
}
sv_router < <(config)
for i in $(seq 0 $N); do sv_client "c$i" "$i"; done

refused() {	# NS USER PASS: the client exits non-zero without a tunnel
	oc_start "$1" 198.51.100.1 "$2" "$3" "$SV_PIN"
	oc_wait_exit "$1" 20 || { oc_stop "$1"; return 1; }
	[ "$OC_RC" != 0 ] && [ ! -e "$OC_DIR/$1/env.connect" ]
}

# --- lockout ---------------------------------------------------------------

c0=$(ns_ c0)
for i in 1 2 3; do
	refused "$c0" alice "wrong-$i"; ok "alice: wrong password $i refused"
done
expect_eq "one user locked out" 1 "$(sv_stat 'users locked out')"
refused "$c0" alice alice-Pw-1; ok "alice locked out: the right password is refused"
t_locked=$(date +%s)
[ "$(sv_stat 'logins refused: user locked out')" -ge 1 ]; ok "the refused login counted as locked out"
refused "$c0" nobody whatever; ok "an unknown user is refused"
refused "$c0" bob bob-Pw-1; ok "a shut down user is refused"
[ "$(sv_stat 'login failures')" -ge 5 ]; ok "login failures counted"

# --- 20 users at once (meanwhile alice's period runs) -----------------------

for i in $(seq $N); do oc_start "$(ns_ "c$i")" 198.51.100.1 "u$i" "u$i-Pw" "$SV_PIN"; done
up=0
for i in $(seq $N); do oc_wait_up "$(ns_ "c$i")" 30 && up=$((up + 1)); done
expect_eq "$N clients connected" $N $up
addrs=$(for i in $(seq $N); do oc_addr "$(ns_ "c$i")"; done)
expect_eq "$N distinct addresses" $N "$(sort -u <<<"$addrs" | grep -c '^10\.9\.0\.')"
expect_eq "split route 10.2.0.0/24 given" "CISCO_SPLIT_INC_0_ADDR=10.2.0.0 CISCO_SPLIT_INC_0_MASKLEN=24" \
	"$(grep -E '^CISCO_SPLIT_INC_0_(ADDR|MASKLEN)=' "$OC_DIR/$(ns_ c1)/env.connect" | tr '\n' ' ' | sed 's/ $//')"
reached=0
for i in $(seq $N); do nx "c$i" ping -c 1 -W 2 10.2.0.2 >/dev/null && reached=$((reached + 1)); done
expect_eq "each of the $N reaches the LAN host" $N $reached
expect_eq "show ssl-vpn sessions lists the $N" $N "$(sv_sessions | grep -cE '(^|[[:space:]])u[0-9]+([[:space:]]|$)')"

# --- clear one user's session ------------------------------------------------

rsh r1 -c 'clear ssl-vpn session user u7' >/dev/null; ok "clear ssl-vpn session user u7"
oc_wait_exit "$(ns_ c7)" 10; ok "u7's client ended at once"
sleep 0.5
expect_no_match "u7 is no longer listed" '(^|[[:space:]])u7([[:space:]]|$)' "$(sv_sessions)"
expect_eq "the other $((N - 1)) stay" $((N - 1)) "$(sv_sessions | grep -cE '(^|[[:space:]])u[0-9]+([[:space:]]|$)')"
running=0 reached=0
for i in $(seq $N); do
	[ "$i" = 7 ] && continue
	oc_running "$(ns_ "c$i")" && running=$((running + 1))
	nx "c$i" ping -c 1 -W 2 10.2.0.2 >/dev/null && reached=$((reached + 1))
done
expect_eq "the other clients still run" $((N - 1)) $running
expect_eq "and still reach the LAN" $((N - 1)) $reached

# --- reconnect with the cookie ----------------------------------------------

c1=$(ns_ c1)
a1=$(oc_addr "$c1")
nx c1 ss -K dst 198.51.100.1 dport = 443 >/dev/null 2>&1
ok "u1's TLS connection killed under openconnect"
for _ in $(seq 100); do [ -e "$OC_DIR/$c1/env.reconnect" ] && break; sleep 0.1; done
expect_match "openconnect reconnected with its cookie" '^reason=reconnect' "$(cat "$OC_DIR/$c1/env.reconnect" 2>/dev/null)"
expect_match "and got the same address" "^INTERNAL_IP4_ADDRESS=$a1\$" "$(cat "$OC_DIR/$c1/env.reconnect" 2>/dev/null)"
nx c1 ping -c 1 -W 2 10.2.0.2 >/dev/null; ok "u1 reaches the LAN after the reconnect"
out=$(nx c0 "$SV_PY" "$SV_NET/sslvpn_client.py" reconnect -s 198.51.100.1 -u carol -P carol-Pw-1)
expect_match "a dropped tunnel's cookie gets the same address again" '"first": "(10\.9\.0\.[0-9]+)", "second": "\1"' "$out"

# --- a burst of logins past the budget of password checks ---------------------

checked0=$(($(sv_stat 'login failures') + $(sv_stat 'logins refused: user locked out')))
busy0=$(sv_stat 'logins refused, server busy')
nx c0 ip addr add 198.51.100.70/24 dev wan0
out=$(nx c0 "$SV_PY" "$SV_NET/sslvpn_client.py" burst -s 198.51.100.1 -u carol -P carol-Pw-1 \
	-n 120 --sources 198.51.100.10,198.51.100.70 --after 1.5)
echo "# burst: $out"
read -r sent checked busy retry other after < <(/usr/bin/python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print(d["sent"], d["checked"], d["busy"], d["retry_after"], d["other"], d["after"])' "$out")
expect_eq "each of the 120 logins answered: a check or 503" "120 0" "$sent $other"
[ "${busy:-0}" -gt 0 ]; ok "logins past the budget answered 503 ($busy of them)"
expect_eq "each 503 says Retry-After: 1" True "$retry"
expect_eq "the 503s counted as logins refused, server busy" "$busy" \
	"$(($(sv_stat 'logins refused, server busy') - busy0))"
expect_eq "only the checked ones counted as failures" "$checked" \
	"$(($(sv_stat 'login failures') + $(sv_stat 'logins refused: user locked out') - checked0))"
expect_eq "a right login after the burst succeeds" ok "$after"

# --- the lockout's period is over ---------------------------------------------

left=$((t_locked + 12 - $(date +%s)))
[ $left -gt 0 ] && sleep $left
oc_start "$c0" 198.51.100.1 alice alice-Pw-1 "$SV_PIN"
oc_wait_up "$c0" 20; ok "alice logs in after the lockout period"
nx c0 ping -c 1 -W 2 10.2.0.2 >/dev/null; ok "alice reaches the LAN"

oc_stop_all
for _ in $(seq 50); do [ -z "$(sv_sessions | grep -E '(^|[[:space:]])(u[0-9]+|alice)([[:space:]]|$)')" ] && break; sleep 0.1; done
expect_no_match "every client logged out" '(^|[[:space:]])(u[0-9]+|alice)([[:space:]]|$)' "$(sv_sessions)"
finish
