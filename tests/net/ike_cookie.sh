#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_cookie.sh - the responder's half-open limits (RFC 7296 2.6) under a
# flood of IKE_SA_INIT requests, with a real strongSwan as the legitimate
# peer:
#
#   h1 10.1.0.2 --lan0-- r1 --wan0 10.12.0.1/24 -- 10.12.0.2 charon g -- 10.2.0.2 g-h
#                                                   10.12.0.3 the flood (ike_flood.py)
#
# r1 has three tunnels: office1 and office2 to charon's one address (told
# apart by identity: charon sends IDr too, which must be r1's local-id),
# and `flooded`, whose peer 10.12.0.3 is where the flood comes from (a
# request from no tunnel's peer is ignored outright, so only a peer's
# address can cost r1 state). Checked:
# - from outside, with requests scapy builds: the first IKE_HALF_OPEN_COOKIE
#   (64) requests are answered, then only a COOKIE comes back; the request
#   again with its cookie is answered; another request's cookie, an altered
#   cookie, or a cookie with another nonce gets a COOKIE again;
# - a flood that never returns its cookies, while office1 carries pings and
#   charon brings office2 up by returning the cookie r1 demands of it too:
#   no ping lost, office2 up, half-open SAs stay at the threshold, memory
#   flat;
# - a flood that returns every cookie: half-open SAs stop at
#   IKE_HALF_OPEN_MAX (4096), the rest are dropped and counted, memory
#   bounded, office1 unaffected; after IKE_HALF_OPEN_MS (30 s) they are gone;
# - charon asking for an identity of r1 that is not office2's local-id
#   (IDr) is refused, saying so.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
# The memory checks measure vgwd's own holding: a sanitizer build's
# quarantine keeps freed memory resident, so turn it off there (its leak
# check at exit still runs; other builds ignore the variable).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
. "$(dirname "$0")/strongswan.sh"

PY=/usr/bin/python3
FLOOD=$(cd "$(dirname "$0")" && pwd)/ike_flood.py
if ! $PY -c 'import scapy.contrib.ikev2, cryptography' 2>/dev/null; then
	echo "SKIP: needs /usr/bin/python3 with scapy and cryptography"; exit 77
fi

# office N's tunnel: to charon's address, told apart by its remote-id
office() {	# N
	cat <<-C
	crypto ipsec tunnel office$1
	 peer 10.12.0.2
	 pre-shared-key 0 "office $1 0123"
	 local-id fqdn hub.example.net
	 remote-id fqdn office$1.example.net
	 local-network 10.1.0.0/24
	 remote-network 10.$((1 + $1)).0.0/24
	 start respond
	C
}
net_router r1
{
	printf 'hostname r1\ninterface lan0\n ip address 10.1.0.1 255.255.255.0\n'
	printf 'interface wan0\n ip address 10.12.0.1 255.255.255.0\n tap r1-wan0\n'
	office 1
	office 2
	printf 'crypto ipsec tunnel flooded\n peer 10.12.0.3\n pre-shared-key 0 "flooded 0123"\n'
	printf ' local-network 10.1.0.0/24\n remote-network 10.9.0.0/24\n start respond\n'
} | rconf r1
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
sw_gateway g r1 r1-wan0 10.12.0.2/24 10.2.0.1/24 10.2.0.2/24
nx g ip addr add 10.12.0.3/24 dev r1-wan0
nx g ip addr add 10.3.0.1/24 dev "${NET_PFX}g"	# office2's network: charon routes from it
sw_start g
# charon's side of office1 and office2, as r1 generates it, started by hand
for x in office1 office2; do
	rsh r1 -c "show crypto ipsec tunnel $x peer-config strongswan"
done | sed 's/start_action = start/start_action = none/' | sw_load g

state() { rsh r1 -c "show crypto ipsec tunnel $1" | awk 'NR == 2'; }
stat() { rsh r1 -c 'show crypto ikev2 statistics' | awk -v k="$1" 'index($0, k) == 1 { print $NF }'; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$PID_r1/status"; }
wait_up() {	# TUNNEL SECONDS
	local i
	for i in $(seq $(($2 * 10))); do state "$1" | grep -qw up && return 0; sleep 0.1; done
	return 1
}

sw g --initiate --child office1 --timeout 15 >/dev/null 2>&1
wait_up office1 10; ok "office1 up (charon sends IDr, r1's local-id)" || { state office1; tail -20 "$T/r1.log"; }
nx h1 ping -c 2 -i 0.2 -W 2 10.2.0.2 >/dev/null; ok "ping through office1"

# --- the mechanics, seen by scapy -----------------------------------------
out=$(nx g $PY "$FLOOD" check 10.12.0.1 10.12.0.3 5001)
echo "# $out"
expect_match "the first 64 requests are answered, then a COOKIE alone" '"answered_before_cookie": 64,' "$out"
expect_match "our cookie is 17 bytes" '"cookie_len": 17,' "$out"
expect_match "the request again with its cookie is answered" '"with_cookie": "init"' "$out"
expect_match "another request's cookie gets a COOKIE" '"cookie_of_another_spi": "cookie"' "$out"
expect_match "an altered cookie gets a COOKIE" '"altered_cookie": "cookie"' "$out"
expect_match "a cookie with another nonce gets a COOKIE" '"cookie_with_another_nonce": "cookie"' "$out"
expect_eq "show: 65 half-open" 65 "$(stat '  half-open')"

# --- a flood that never returns its cookies --------------------------------
rss0=$(rss_kb)
sent0=$(stat '  cookies sent')
nx h1 ping -c 250 -i 0.02 -W 2 10.2.0.2 >"$T/ping1.txt" 2>&1 &
pingjob=$!
nx g $PY "$FLOOD" flood 10.12.0.1 10.12.0.3 5002 5000 5 >"$T/flood1.json" &
floodjob=$!
sleep 1
sw g --initiate --child office2 --timeout 20 >"$T/office2.txt" 2>&1
ok "charon brings office2 up during the flood" || tail -5 "$T/office2.txt"
wait "$floodjob"; wait "$pingjob"
echo "# flood: $(cat "$T/flood1.json")"
echo "# $(grep -E 'packets transmitted' "$T/ping1.txt")"
expect_match "office1 lost no ping during the flood" ' 0% packet loss' "$(cat "$T/ping1.txt")"
wait_up office2 5; ok "show: office2 up"
nx h1 ping -c 2 -i 0.2 -W 2 10.3.0.1 >/dev/null; ok "ping through office2"
expect_match "the flood got cookies, no answers" '"answered": 0, "cookies": [1-9]' "$(cat "$T/flood1.json")"
[ "$(stat '  cookies sent')" -gt $((sent0 + 1000)) ]; ok "show: the cookies counted"
[ "$(stat '  cookies accepted')" -ge 2 ]; ok "show: charon's returned cookie accepted"
[ "$(stat '  half-open')" -le 66 ]; ok "half-open SAs stay at the threshold ($(stat '  half-open'))"
rss1=$(rss_kb)
echo "# vgwd resident memory: $rss0 kB before the flood, $rss1 kB after"
[ "$rss1" -lt $((rss0 + 4096)) ]; ok "memory flat through the flood"

# --- a flood that returns every cookie -------------------------------------
nx h1 ping -c 150 -i 0.02 -W 2 10.2.0.2 >"$T/ping2.txt" 2>&1 &
pingjob=$!
nx g $PY "$FLOOD" flood 10.12.0.1 10.12.0.3 5003 3000 3 answer >"$T/flood2.json"
wait "$pingjob"
echo "# flood: $(cat "$T/flood2.json")"
echo "# $(grep -E 'packets transmitted' "$T/ping2.txt")"
expect_eq "half-open SAs stop at IKE_HALF_OPEN_MAX" 4096 "$(stat '  half-open')"
[ "$(stat '  requests dropped')" -gt 0 ]; ok "the requests beyond are dropped and counted ($(stat '  requests dropped'))"
rss2=$(rss_kb)
echo "# vgwd resident memory with 4096 half-open SAs: $rss2 kB"
[ "$rss2" -lt $((rss0 + 65536)) ]; ok "memory bounded (under 64 MB more)"
expect_match "office1 lost no ping" ' 0% packet loss' "$(cat "$T/ping2.txt")"
state office1 | grep -qw up && state office2 | grep -qw up; ok "office1 and office2 still up"
for i in $(seq 40); do [ "$(stat '  half-open')" = 0 ] && break; sleep 1; done
expect_eq "the half-open SAs time out" 0 "$(stat '  half-open')"

# --- IDr: charon asks for an identity of r1 that office2 does not have -----
sw g --terminate --ike office2 --force >/dev/null 2>&1
rsh r1 -c "show crypto ipsec tunnel office2 peer-config strongswan" |
	sed 's/start_action = start/start_action = none/; s/id = hub.example.net/id = other.example.net/' >"$T/office2.conf"
rsh r1 -c "show crypto ipsec tunnel office1 peer-config strongswan" |
	sed 's/start_action = start/start_action = none/' | cat - "$T/office2.conf" | sw_load g
sw g --initiate --child office2 --timeout 10 >/dev/null 2>&1
grep -q 'office2: identity mismatch: the peer asks for this router as other.example.net (IDr), not the local-id' "$T/r1.log"
ok "an IDr that is not the local-id is refused, saying so" || grep office2 "$T/r1.log" | tail -3

finish
