#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sslvpn_robust.sh - clients that misbehave toward vgw's SSL-VPN server
# (sslvpn_robust.py, all at once, from their own namespace) while a real
# OpenConnect client beside them pings the LAN host throughout (scenario
# B7, sslvpn_topo.sh):
# - TLS: a connection that sends nothing, half a ClientHello, plain HTTP;
# - HTTP: slowloris (a header dribbled a byte a second past the request
#   timeout), a request line, a header, too many headers and a body past
#   their bounds (sslvpn_limits.h), malformed XML, a DOCTYPE with nested
#   entities, a tunnel request with a cookie nobody was given;
# - CSTP: a frame longer than the bound, of an unknown type, with a bad
#   magic;
# - a tunnel whose client stops reading while a flood is sent to its
#   address.
# Each must be cut off by the server (its connection closed within the
# timeout), and each is counted in show ssl-vpn statistics; the stalled
# tunnel's packets are dropped past its queue (SSLVPN_TX_QUEUE_BYTES),
# vgwd's memory stays flat meanwhile, and the tunnel is cut off once its
# client has taken nothing for SSLVPN_STALL_TIMEOUT. The
# OpenConnect client loses nothing; afterwards vgwd holds as many file
# descriptors as before and about as much memory.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
# the memory check measures vgwd's own holding: no sanitizer quarantine
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
. "$(dirname "$0")/openconnect.sh"
. "$(dirname "$0")/sslvpn_topo.sh"

LIMIT=15	# seconds: SSLVPN_HTTP_TIMEOUT and SSLVPN_HANDSHAKE_TIMEOUT (10) and a tick
HOLD=15		# seconds the stalled client reads nothing while it is flooded (past
		# SSLVPN_STALL_TIMEOUT, 10, from when its queue filled)
config() {
	printf 'ssl-vpn user alice\n password 0 alice-Pw-1\n'
	printf 'ssl-vpn user robot\n password 0 robot-Pw-1\n'
	printf 'ssl-vpn\n listen 198.51.100.1 port 443\n certificate self-signed\n'
	printf ' address-pool 10.9.0.0/24\n split-route 10.2.0.0/24\n'
}
sv_router < <(config)
sv_client good 1
sv_client bad 2

good=$(ns_ good)
oc_start "$good" 198.51.100.1 alice alice-Pw-1 "$SV_PIN"
oc_wait_up "$good" 20; ok "alice's openconnect is up"
addr0=$(oc_addr "$good")
nx good ping -c 1 -W 2 10.2.0.2 >/dev/null; ok "alice reaches the LAN host"

COUNTERS=("TLS handshakes failed" "connections timed out" "HTTP requests refused"
	"tunnel requests with a bad cookie" "CSTP framing errors" "dropped: the client does not read fast enough"
	"tunnels cut off: the client stopped reading")
declare -A C0
for k in "${COUNTERS[@]}"; do C0[$k]=$(sv_stat "$k"); done
sleep 1
fd0=$(sv_fds)
rss0=$(sv_rss)

ip netns exec "$good" ping -i 0.2 -W 1 10.2.0.2 >"$T/ping.txt" 2>&1 &
pingjob=$!
NET_PIDS+=($pingjob)
ip netns exec "$(ns_ bad)" "$SV_PY" "$SV_NET/sslvpn_robust.py" -s 198.51.100.1 -u robot -P robot-Pw-1 \
	-l $LIMIT --stall-hold $HOLD >"$T/robust.json" 2>"$T/robust.err" &
robust=$!
NET_PIDS+=($robust)

# the stalled tunnel's address, flooded from the LAN host while its client
# reads nothing
stalled=
for _ in $(seq 200); do
	stalled=$(sed -n 's/.*"case": "stall", "address": "\([0-9.]*\)".*/\1/p' "$T/robust.json")
	[ -n "$stalled" ] && break
	sleep 0.1
done
[ -n "$stalled" ]; ok "the stalling client has a tunnel ($stalled)"
[ -n "$stalled" ] && nx lan "$SV_PY" - "$stalled" $((HOLD - 2)) >"$T/flood.txt" 2>&1 <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dst, end, data, n = (sys.argv[1], 9), time.monotonic() + float(sys.argv[2]), b"x" * 1200, 0
while time.monotonic() < end:	# about 4,000 datagrams a second
	for _ in range(40):
		try:
			s.sendto(data, dst)
			n += 1
		except OSError:
			pass
	time.sleep(0.01)
print(n)
PY
echo "# flood: $(cat "$T/flood.txt") datagrams of 1200 bytes to $stalled"
rss_flood=$(sv_rss)
wait $robust
kill -INT $pingjob 2>/dev/null
wait $pingjob

for c in handshake-silent handshake-partial tls-garbage slowloris long-line long-header many-headers \
    big-body bad-xml entity-bomb bad-cookie cstp-length cstp-type cstp-magic stall; do
	r=$(grep "\"case\": \"$c\", \"closed\"" "$T/robust.json")
	expect_match "$c: cut off by the server ($(sed -n 's/.*"seconds": \([0-9.]*\).*/\1 s/p' <<<"$r"))" \
		'"closed": true' "$r"
done
[ -s "$T/robust.err" ] && sed 's/^/# robust: /' "$T/robust.err"

declare -A D
for k in "${COUNTERS[@]}"; do D[$k]=$(($(sv_stat "$k") - ${C0[$k]})); echo "# $k: +${D[$k]}"; done
[ $((D["TLS handshakes failed"] + D["connections timed out"])) -ge 4 ]
ok "abandoned and failed handshakes and slowloris counted"
[ "${D["HTTP requests refused"]}" -ge 6 ]; ok "requests past the bounds and bad XML counted"
[ "${D["tunnel requests with a bad cookie"]}" -ge 1 ]; ok "the bad cookie counted"
[ "${D["CSTP framing errors"]}" -ge 3 ]; ok "the bad CSTP frames counted"
[ "${D["dropped: the client does not read fast enough"]}" -ge 1 ]; ok "packets for the stalled client dropped and counted"
expect_eq "the stalled client cut off and counted once" 1 "${D["tunnels cut off: the client stopped reading"]}"
echo "# vgwd resident memory at the flood's end: $rss_flood kB"
[ "$rss_flood" -lt $((rss0 + 4096)) ]; ok "vgwd's memory flat while the stalled client is flooded"

# alice was not disturbed
read -r sent got < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$T/ping.txt")
echo "# alice's pings: ${got:-0} of ${sent:-0} answered"
[ "${sent:-0}" -ge 50 ] && [ "${got:-0}" -ge $((sent - 2)) ]; ok "alice's pings passed throughout"
oc_running "$good"; ok "alice's openconnect still runs"
expect_eq "with the same address" "$addr0" "$(oc_addr "$good")"
nx good ping -c 1 -W 2 10.2.0.2 >/dev/null; ok "alice still reaches the LAN host"

# every connection closed, its resources freed
fd1=$(sv_fds)
for _ in $(seq 50); do [ "$fd1" -le "$fd0" ] && break; sleep 0.1; fd1=$(sv_fds); done
expect_eq "vgwd's file descriptors back to $fd0" "$fd0" "$fd1"
rss1=$(sv_rss)
echo "# vgwd resident memory: $rss0 kB before, $rss1 kB after"
[ "$rss1" -lt $((rss0 + 4096)) ]; ok "vgwd's memory back near where it started"
finish
