#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# manyports.sh - more ports readable at once than a burst has reads (64):
# every one of them is still served. vgwd is stopped while a host sends on
# 70 ports, so that all 70 are readable when it goes on.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

N=70
net_router r1
rconf r1 < <(for i in $(seq 0 $((N - 1))); do
	printf 'interface port%d\n ip address 10.100.%d.1 255.255.255.0\n' "$i" "$i"
done)
# one host with all the ports' other ends, each in its own subnet
net_ns_add h
nx h sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for i in $(seq 0 $((N - 1))); do
	ip -n "$(ns_ r1)" link set "port$i" netns "$(ns_ h)" || exit 1
	nx h ip link set "port$i" up
	nx h ip addr add "10.100.$i.2/24" dev "port$i"
done

kill -STOP "$PID_r1"
pids=()
for i in $(seq 0 $((N - 1))); do
	ip netns exec "$(ns_ h)" ping -c 2 -i 0.5 -W 10 -I "port$i" "10.100.$i.1" \
		>"$T/ping$i.out" 2>&1 &
	pids+=($!)
done
sleep 1.5		# each port's ARP requests wait in its TAP
kill -CONT "$PID_r1"
answered=0
for i in $(seq 0 $((N - 1))); do
	wait "${pids[$i]}" && answered=$((answered + 1))
done
expect_match "all $N ports readable at once: every one answered" "^$N\$" "$answered"
expect_match "and the router still serves port 0" "1 received" \
	"$(nx h ping -c 1 -W 3 -I port0 10.100.0.1)"

[ $FAILS -eq 0 ]
