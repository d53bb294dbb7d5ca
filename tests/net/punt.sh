#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# punt.sh - the punt path: TCP addressed to the router reaches ordinary
# sockets in vgwd's own namespace through the control-plane TAP, from
# either side of the router, and an OpenSSH login there lands in vgwsh.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

net_router r1
rconf r1 <<'C'
interface lan0
 ip address 10.1.0.1 255.255.255.0
interface wan0
 ip address 192.0.2.1 255.255.255.0
C
net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
net_host h2 r1 wan0 192.0.2.2/24 192.0.2.1

addrs=$(nx r1 ip -4 -o addr show dev vgw-cp)
expect_match "the kernel side holds the LAN address" "10\.1\.0\.1/32" "$addrs"
expect_match "the kernel side holds the WAN address" "192\.0\.2\.1/32" "$addrs"

# a TCP service in the router's namespace, reached at its WAN address
ip netns exec "$(ns_ r1)" timeout 20 nc -l 0.0.0.0 7777 >"$T/got" <<<"hello from the router" &
srv=$!
sleep 0.3
reply=$(echo "hello from h2" | nx h2 timeout 10 nc -N 192.0.2.1 7777)
wait $srv
expect_eq "h2 reaches a socket in vgwd's namespace at the WAN address" "hello from the router" "$reply"
expect_eq "and the router's socket got h2's data" "hello from h2" "$(cat "$T/got")"

# the same service at the WAN address from the LAN side (routed through)
ip netns exec "$(ns_ r1)" timeout 20 nc -l 0.0.0.0 7777 </dev/null >"$T/got" &
srv=$!
sleep 0.3
echo "from h1" | nx h1 timeout 10 nc -N 192.0.2.1 7777
wait $srv
expect_eq "h1 reaches the router's WAN address from the LAN" "from h1" "$(cat "$T/got")"
stats=$(rsh r1 -c 'show engine statistics')
expect_match "the engine counted what it punted" "handed to the kernel \(punted\) +[1-9]" "$stats"

# removing an address takes it off the kernel side
rconf r1 <<'C'
interface wan0
 ip address 192.0.2.9 255.255.255.0
C
addrs=$(nx r1 ip -4 -o addr show dev vgw-cp)
expect_no_match "a changed address leaves the kernel side" "192\.0\.2\.1/32" "$addrs"
expect_match "and the new one is there" "192\.0\.2\.9/32" "$addrs"

# OpenSSH in the router's namespace; the login lands in vgwsh
if [ -x /usr/sbin/sshd ] && command -v ssh >/dev/null; then
	mkdir -p /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey"
	ssh-keygen -q -t ed25519 -N '' -f "$T/id"
	cp "$T/id.pub" "$T/authorized_keys"
	cat >"$T/sshd_config" <<S
ListenAddress 0.0.0.0:22
HostKey $T/hostkey
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
ForceCommand $VGWSH -s $T/r1.sock
S
	ip netns exec "$(ns_ r1)" /usr/sbin/sshd -D -e -f "$T/sshd_config" 2>"$T/sshd.log" &
	NET_PIDS+=($!)
	sleep 0.5
	out=$(printf 'show version\nshow ip interface brief\n' | nx h2 timeout 20 ssh -T -i "$T/id" \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
		root@192.0.2.9 2>"$T/ssh.err")
	ok "an SSH login to the router's WAN address runs vgwsh"
	expect_match "vgwsh answers over SSH" "vgw Software \(vgwd\), Version" "$out"
	expect_match "with the router's interfaces" "wan0 +192\.0\.2\.9" "$out"
else
	echo "not ok - OpenSSH (openssh-server, openssh-client) missing"; FAILS=$((FAILS + 1))
fi

[ $FAILS -eq 0 ]
