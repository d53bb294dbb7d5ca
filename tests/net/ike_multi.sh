#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_multi.sh - several IKE tunnels between the same two addresses, told
# apart by identity (what a hub needs): two vgw routers joined by one wire,
# three tunnels a, b, c between 10.12.0.1 and 10.12.0.2, each with its own
# local-id/remote-id fqdns, pre-shared key and networks, and a LAN host per
# tunnel on each side:
#
#   r1a-h 10.1.0.2 --lan0--+                        +--lan0-- r2a-h 10.2.0.2
#   r1b-h 10.1.1.2 --lan1-- r1 10.12.0.1 == 10.12.0.2 r2 --lan1-- r2b-h 10.2.1.2
#   r1c-h 10.1.2.2 --lan2--+                        +--lan2-- r2c-h 10.2.2.2
#
# r1 initiates a and c, r2 initiates b: the responder answers IKE_SA_INIT
# with the first tunnel of the peer's address and moves the SA in IKE_AUTH
# to the tunnel whose remote-id the initiator sent. All three come up at
# once and carry pings; each responder has one IKE SA per tunnel. Then what
# must fail does, and fails alone: an identity no tunnel has, a wrong key
# on one tunnel, a tunnel whose ike proposals do not include what
# IKE_SA_INIT negotiated; the other tunnels stay up throughout.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"

# the tunnel block of router R (1 or 2) for tunnel X (a b c) with NET (0 1 2)
tunnel_conf() {	# R X NET START [PSK]
	local r=$1 x=$2 n=$3 o=$((3 - $1))
	cat <<-C
	crypto ipsec tunnel $x
	 peer 10.12.0.$o
	 pre-shared-key 0 "${5:-key of $x 0123}"
	 local-id fqdn r$r-$x.example.net
	 remote-id fqdn r$o-$x.example.net
	 local-network 10.$r.$n.0/24
	 remote-network 10.$o.$n.0/24
	 start $4
	C
}

for r in 1 2; do
	net_router r$r
	o=$((3 - r))
	{
		echo "hostname r$r"
		for n in 0 1 2; do
			echo "interface lan$n"
			echo " ip address 10.$r.$n.1 255.255.255.0"
		done
		echo "interface wan0"
		echo " ip address 10.12.0.$r 255.255.255.252"
		echo " tap r$r-wan0"
	} | rconf r$r
done
net_wire r1 r1-wan0 r2 r2-wan0
for r in 1 2; do
	for x in a b c; do
		n=$(( $(printf '%d' "'$x") - 97 ))
		net_host "r$r$x-h" "r$r" "lan$n" "10.$r.$n.2/24" "10.$r.$n.1"
	done
done
# one commit each: r1 initiates a and c, r2 initiates b
{ tunnel_conf 1 a 0 initiate; tunnel_conf 1 b 1 respond; tunnel_conf 1 c 2 initiate; } | rconf r1
{ tunnel_conf 2 a 0 respond; tunnel_conf 2 b 1 initiate; tunnel_conf 2 c 2 respond; } | rconf r2

state() { rsh "$1" -c "show crypto ipsec tunnel $2" | awk 'NR == 2'; }
is_up() { state "$1" "$2" | grep -qw up; }
# waits up to $3 seconds for router $1's tunnels ($2: "a b c") to be up
wait_up() {
	local i x all
	for i in $(seq $(($3 * 10))); do
		all=1
		for x in $2; do is_up "$1" "$x" || { all=0; break; }; done
		[ $all = 1 ] && return 0
		sleep 0.1
	done
	return 1
}
pings() {	# WHAT TUNNELS: a ping through each both ways
	local x n
	for x in $2; do
		n=$(( $(printf '%d' "'$x") - 97 ))
		nx "r1$x-h" ping -c 2 -i 0.2 -W 2 "10.2.$n.2" >/dev/null; ok "$1: ping through $x r1 -> r2"
		nx "r2$x-h" ping -c 2 -i 0.2 -W 2 "10.1.$n.2" >/dev/null; ok "$1: ping through $x r2 -> r1"
	done
}

wait_up r1 "a b c" 20; ok "r1: a, b and c up"
wait_up r2 "a b c" 20; ok "r2: a, b and c up"
for r in r1 r2; do [ "$(is_up $r a && echo y)" ] || { state $r a; state $r b; state $r c; tail -20 "$T/$r.log"; }; done
pings "three tunnels to one address" "a b c"
for r in r1 r2; do
	sas=$(rsh $r -c 'show crypto ikev2 sa' | awk '$4 == "established" { print $1, $3 }' | sort)
	expect_eq "$r: one IKE SA per tunnel, all with the same peer" \
		"a 10.12.0.$((3 - ${r#r}))/500
b 10.12.0.$((3 - ${r#r}))/500
c 10.12.0.$((3 - ${r#r}))/500" "$sas"
done
# each tunnel's own SA pair carried its pings, in and out
for x in a b c; do
	n=$(rsh r2 -c "show crypto ipsec sa tunnel $x" | grep -c 'packets: [1-9]')
	expect_eq "r2: tunnel $x's own SAs carried its pings both ways" 2 "$n"
done

# an identity that no tunnel to the address has: refused by name, and the
# others stay up
tunnel_conf 1 d 3 initiate | sed 's/r2-d.example.net/r2-a.example.net/' | rconf r1
for i in $(seq 50); do
	grep -q 'r1-d.example.net, not the remote-id of any tunnel to 10.12.0.1' "$T/r2.log" && break
	sleep 0.1
done
grep -q 'r1-d.example.net, not the remote-id of any tunnel to 10.12.0.1' "$T/r2.log"
ok "r2 refuses an identity no tunnel to the address has, naming it" || tail -5 "$T/r2.log"
for i in $(seq 50); do state r1 d | grep -q AUTHENTICATION_FAILED && break; sleep 0.1; done
expect_match "r1: tunnel d is down, refused by the peer" 'AUTHENTICATION_FAILED' "$(state r1 d)"
printf 'no crypto ipsec tunnel d\n' | rconf r1

# a wrong key on c alone: c fails on both sides, a and b are untouched
tunnel_conf 1 c 2 initiate 'not the key of c' | rconf r1
for i in $(seq 100); do state r2 c | grep -q 'AUTHENTICATION_FAILED' && break; sleep 0.1; done
expect_match "r2: tunnel c refuses the wrong key, on c" 'AUTHENTICATION_FAILED.*pre-shared-key' "$(state r2 c)"
is_up r2 a && is_up r2 b; ok "r2: a and b stay up"
tunnel_conf 1 c 2 initiate | rconf r1
wait_up r2 "a b c" 20; ok "r2: c up again with the right key"

# IKE_SA_INIT is answered with tunnel a's proposals (the first of the
# peer's); a tunnel whose own proposals exclude them is refused in IKE_AUTH
# with a reason that says so
printf 'crypto ipsec tunnel b\n ike proposal aes256gcm16-prfsha384-ecp384\n start respond\n' | rconf r2
printf 'crypto ipsec tunnel b\n ike proposal aes256gcm16-prfsha384-ecp384 aes128gcm16-prfsha256-ecp256\n start initiate\n' | rconf r1
for i in $(seq 150); do grep -q 'negotiated as aes128gcm16-prfsha256-ecp256, which is not one of' "$T/r2.log" && break; sleep 0.1; done
grep -q "tunnel b: AUTHENTICATION_FAILED: the IKE SA was negotiated as aes128gcm16-prfsha256-ecp256, which is not one of the tunnel's ike proposals" "$T/r2.log"
ok "r2: tunnel b refuses an IKE SA negotiated outside its proposals, saying so" || grep 'tunnel b' "$T/r2.log" | tail -5
is_up r2 a && is_up r2 c; ok "r2: a and c stay up"
pings "after the failures" "a c"

finish
