#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sslvpn.sh - the SSL-VPN server with the real OpenConnect client
# (scenario B7): a remote user logs in on the WAN side with the pin that
# show ssl-vpn gives, gets the pool's first address and the split route,
# pings a LAN host and moves 20 MB each way through the tunnel, checked by
# SHA-256; a wrong password is refused; clear ssl-vpn session ends the
# client. `certificate FILE key FILE` renewed in place (same paths, other
# bytes) is taken by the next commit, even one that changes nothing: show
# ssl-vpn gives the new pin (openssl's oracle), openconnect with it
# connects and with the old one no longer does, the tunnel made before
# keeps running; a bad file fails the commit naming it, changing nothing.
# No password in the log.
#
#   client 192.0.2.2 --wan0 192.0.2.1-- r1 --lan0 10.1.0.1-- lan 10.1.0.2
#   (tunnel: the client gets 10.99.0.1, a route to 10.1.0.0/24)
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/openconnect.sh"
if ! command -v openconnect >/dev/null || [ ! -c /dev/net/tun ]; then
	echo "SKIP: needs openconnect and /dev/net/tun"; exit 77
fi

net_router r1
rconf r1 <<'C'
hostname gw1
interface wan0
 ip address 192.0.2.1 255.255.255.0
interface lan0
 ip address 10.1.0.1 255.255.255.0
ssl-vpn
 listen 192.0.2.1 port 8443
 certificate self-signed
 address-pool 10.99.0.0/24
 split-route 10.1.0.0/24
ssl-vpn user alice
 password 0 wonderland
C
net_host client r1 wan0 192.0.2.2/24 192.0.2.1
net_host lan r1 lan0 10.1.0.2/24 10.1.0.1

# the pin: as show ssl-vpn gives it, and as PEERS.md's command line
# computes it from the certificate the router made
show=$(rsh r1 -c 'show ssl-vpn')
expect_match "the server runs" "SSL-VPN server: running" "$show"
PIN=$(sed -n 's/^ *Pin *\(pin-sha256:[^ ]*\)$/\1/p' <<<"$show")
oracle=$(openssl x509 -in "$T/r1/sslvpn-cert.pem" -pubkey -noout | openssl pkey -pubin \
	-outform der | openssl dgst -sha256 -binary | base64)
expect_eq "the pin is the certificate's, as openssl computes it" "pin-sha256:$oracle" "$PIN"
expect_match "the certificate's CN is the hostname" "CN=gw1" "$show"
expect_eq "the key is private" "600" "$(stat -c %a "$T/r1/sslvpn-key.pem")"

# the tests' vpnc-script (oc-script.sh): the tun's address and MTU, the
# split routes
oc() {			# PASSWORD: openconnect in the client namespace, alice
	echo "$1" | ip netns exec "$(ns_ client)" openconnect --non-inter --user alice \
		--passwd-on-stdin --servercert "$PIN" --no-dtls -s "$OC_SCRIPT" \
		https://192.0.2.1:8443/
}

# a wrong password: refused, the client gives up
! oc wrong >"$T/oc-wrong.log" 2>&1
ok "a wrong password makes openconnect exit non-zero"

oc wonderland >"$T/oc.log" 2>&1 &
OC=$!
NET_PIDS+=($OC)
for i in $(seq 100); do
	nx client ip -4 -o addr show | grep -q 10.99.0.1 && break
	sleep 0.1
done
expect_match "the client got the pool's first address" "inet 10\.99\.0\.1/" \
	"$(nx client ip -4 -o addr show)"
expect_match "and the split route" "10\.1\.0\.0/24 dev tun" "$(nx client ip route)"
nx client ping -c 3 -W 2 -q 10.1.0.2 >/dev/null
ok "the client pings the LAN host through the tunnel"

# 20 MB each way, checked by hash
head -c 20M /dev/urandom >"$T/blob"
nx lan timeout 30 nc -l 10.1.0.2 5001 >"$T/up" &
sleep 0.3
nx client timeout 30 nc -N 10.1.0.2 5001 <"$T/blob"
wait $!
expect_eq "20 MB from the client arrive intact" "$(sha256sum <"$T/blob")" "$(sha256sum <"$T/up")"
nx client timeout 30 nc -l 10.99.0.1 5002 >"$T/down" &
sleep 0.3
nx lan timeout 30 nc -N 10.99.0.1 5002 <"$T/blob"
wait $!
expect_eq "20 MB to the client arrive intact" "$(sha256sum <"$T/blob")" "$(sha256sum <"$T/down")"

sessions=$(rsh r1 -c 'show ssl-vpn sessions')
expect_match "show ssl-vpn sessions lists alice" \
	"alice +10\.99\.0\.1 +192\.0\.2\.2:[0-9]+ .*connected +[0-9]+ +[0-9]+ +Open AnyConnect" "$sessions"
stats=$(rsh r1 -c 'show ssl-vpn statistics')
expect_match "the statistics count the login" "^logins +1$" "$stats"
expect_match "and the failure" "^login failures +1$" "$stats"

# cleared: the client is told and goes
expect_match "clear ssl-vpn session all ends one" "1 SSL-VPN session cleared" \
	"$(rsh r1 -c 'clear ssl-vpn session all')"
for i in $(seq 100); do
	kill -0 $OC 2>/dev/null || break
	sleep 0.1
done
! kill -0 $OC 2>/dev/null
ok "openconnect exits when its session is cleared"
expect_no_match "no session is left" "alice" "$(rsh r1 -c 'show ssl-vpn sessions')"

# --- certificate FILE key FILE, renewed in place -------------------------------

mkcert() {		# NAME: a fresh EC key and certificate, $T/NAME.key and .crt
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$1" -keyout "$T/$1.key" -out "$T/$1.crt" 2>/dev/null
}
shown_pin() { rsh r1 -c 'show ssl-vpn' | sed -n 's/^ *Pin *\(pin-sha256:[^ ]*\)$/\1/p'; }
commit_nothing() { rsh r1 -c 'configure terminal' -c 'commit' -c 'end' 2>&1; }
mkcert one && mkcert two; ok "two certificates made by openssl"
cat "$T/one.crt" >"$T/vpn.crt"
cat "$T/one.key" >"$T/vpn.key"
rconf r1 <<C
ssl-vpn
 certificate $T/vpn.crt key $T/vpn.key
C
PIN1=$(oc_pin "$T/one.crt")
expect_eq "show ssl-vpn gives the file's pin" "$PIN1" "$(shown_pin)"
cns=$(ns_ client)
oc_start "$cns" 192.0.2.1:8443 alice wonderland "$PIN1"
NET_PIDS+=("$(oc_pid "$cns")")
oc_wait_up "$cns" 20; ok "openconnect connects with that pin"

printf 'not a certificate\n' >"$T/vpn.crt"
out=$(commit_nothing)
expect_match "a bad renewed file fails the commit, naming it" \
	"certificate $T/vpn\.crt: not a PEM certificate" "$out"
expect_eq "and changes nothing" "$PIN1" "$(shown_pin)"
cat "$T/two.crt" >"$T/vpn.crt"
expect_match "the new certificate with the old key fails the commit" \
	"key $T/vpn\.key does not match certificate $T/vpn\.crt" "$(commit_nothing)"
cat "$T/two.key" >"$T/vpn.key"
expect_match "a commit that changes nothing takes the renewed files" \
	"the ssl-vpn certificate files changed and were taken" "$(commit_nothing)"
PIN2=$(oc_pin "$T/two.crt")
expect_eq "show ssl-vpn gives the new pin" "$PIN2" "$(shown_pin)"
expect_match "the renewal is logged" "ssl-vpn: certificate $T/vpn\.crt renewed: CN=two" \
	"$(rsh r1 -c 'show logging')"
oc_running "$cns" && nx client ping -c 1 -W 2 -q 10.1.0.2 >/dev/null
ok "the tunnel made before the renewal still carries traffic"
oc_stop "$cns"
oc_start "$cns" 192.0.2.1:8443 alice wonderland "$PIN1"
oc_wait_exit "$cns" 20 && [ "$OC_RC" != 0 ]; ok "openconnect with the old pin is refused"
oc_start "$cns" 192.0.2.1:8443 alice wonderland "$PIN2"
NET_PIDS+=("$(oc_pid "$cns")")
oc_wait_up "$cns" 20; ok "openconnect with the new pin connects"
nx client ping -c 1 -W 2 -q 10.1.0.2 >/dev/null; ok "and reaches the LAN host"
oc_stop "$cns"

log=$(rsh r1 -c 'show logging')
expect_match "the login is logged" \
	"ssl-vpn: user alice logged in from 192\.0\.2\.2, address 10\.99\.0\.1" "$log"
expect_match "the failure is logged" "ssl-vpn: login failed for user alice from 192\.0\.2\.2" "$log"
expect_match "the end is logged" \
	"ssl-vpn: session of alice \(10\.99\.0\.1\) ended: cleared by the administrator" "$log"
expect_no_match "no password in the log" "wonderland|wrong" "$log$(cat "$T/r1.log")"
finish
