# SPDX-License-Identifier: GPL-3.0-or-later
# office.sh - the topology of the tests against strongSwan, and what they
# read of both ends. Source after strongswan.sh.
#
#   h1 10.1.0.2 --lan0-- r1 --wan0 10.12.0.1/30 -- 10.12.0.2 charon g -- 10.2.0.2 g-h
#
# r1's tunnel is "office", with the pre-shared key $PSK; charon g is
# started, with no configuration loaded yet.

PSK='office psk 0123'

# office_up: r1, h1, g and g-h; r1's tunnel office takes the statements on
# stdin besides its peer, key and networks
office_up() {
	local more
	more=$(cat)
	net_router r1
	rconf r1 <<-C
	hostname r1
	interface lan0
	 ip address 10.1.0.1 255.255.255.0
	interface wan0
	 ip address 10.12.0.1 255.255.255.252
	 tap r1-wan0
	crypto ipsec tunnel office
	 peer 10.12.0.2
	 pre-shared-key 0 "$PSK"
	 local-network 10.1.0.0/24
	 remote-network 10.2.0.0/24
	$more
	C
	net_host h1 r1 lan0 10.1.0.2/24 10.1.0.1
	sw_gateway g r1 r1-wan0 10.12.0.2/30 10.2.0.1/24 10.2.0.2/24
	sw_start g
}

# show crypto ipsec tunnel office's state column
tunnel_state() { rsh r1 -c 'show crypto ipsec tunnel office' | awk 'NR == 2 { $1 = $2 = $3 = $4 = $5 = ""; print }'; }

# waits up to $1 seconds (default 15) for the tunnel to be up
wait_up() {
	local i
	for i in $(seq $((${1:-15} * 10))); do
		tunnel_state | grep -q '^ *up' && return 0
		sleep 0.1
	done
	return 1
}

# wait_log TEXT SECONDS: until a line of r1's log has TEXT; the seconds
# waited in WAITED
wait_log() {
	local i
	for i in $(seq "$2"); do
		WAITED=$i
		grep -q "$1" "$T/r1.log" && return 0
		sleep 1
	done
	return 1
}

# vgw's CHILD_SA in service: "IN OUT" (lower-case hex), then " retiring"
# while a replaced inbound SA is kept for late packets
vgw_child() {
	rsh r1 -c 'show crypto ipsec sa tunnel office' | awk '
		/inbound esp sas/ { d = "in" }
		/outbound esp sas/ { d = "out" }
		/^ +spi: 0x/ { s = tolower(substr($2, 3, 8))
			if (/retiring/) r++; else if (d == "in") i = i s; else o = o s }
		END { printf "%s %s%s\n", i, o, r ? " retiring" : "" }'
}

# charon's CHILD_SAs: "IN OUT" per CHILD_SA, one a line
sw_child() {
	sw g --list-sas 2>/dev/null | awk '
		($1 == "in" || $1 == "out") && match($2, /^[0-9a-f]+/) {
			s = substr($2, 1, RLENGTH)
			if ($1 == "in") i = s; else print i, s }'
}

# vgw's IKE SAs: "SPI_I SPI_R" one a line
vgw_ike() { rsh r1 -c 'show crypto ikev2 sa detail' | awk '$1 == "SPIs" { print $2, $4 }'; }

# charon's IKE SAs, the same way
sw_ike() {
	sw g --list-sas 2>/dev/null | awk '/ESTABLISHED/ {
		for (k = 1; k <= NF; k++) { f = $k; gsub(/[*,]/, "", f)
			if (f ~ /_i$/) i = substr(f, 1, length(f) - 2)
			if (f ~ /_r$/) r = substr(f, 1, length(f) - 2) }
		print i, r }'
}

# flood_start INTERVAL COUNT SIZE: pings from h1 to g-h in the background
flood_start() {
	nx h1 ping -q -i "$1" -c "$2" -s "$3" -W 2 10.2.0.2 >"$T/flood.out" 2>&1 &
	FLOOD=$!
}

# flood_end WHAT: waits for the flood; every ping must have been answered
flood_end() {
	wait "$FLOOD"
	local sent got
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$T/flood.out")
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/flood.out")
	[ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$sent" = "$got" ] || cat "$T/flood.out"
	ok "$1: no ping lost across the rekey ($got of $sent answered)"
}

# wait_child_changed BEFORE WHAT: within 25 s (the replaced inbound SA's
# grace is 10 s) vgw has a new CHILD_SA and nothing retiring, and charon
# has that one only, its SPIs mirrored
wait_child_changed() {
	local before=$1 what=$2 now="" sw_now="" i
	for i in $(seq 250); do
		now=$(vgw_child)
		sw_now=$(sw_child)
		if [ "$now" != "$before" ] && [ "${now% retiring}" = "$now" ] &&
		    [ "$sw_now" = "$(echo "$now" | awk '{ print $2, $1 }')" ]; then
			break
		fi
		sleep 0.1
	done
	[ "${now%% *}" != "${before%% *}" ] && [ "$(echo "$now" | cut -d' ' -f2)" != "$(echo "$before" | cut -d' ' -f2)" ]
	ok "$what: vgw's CHILD_SA has new SPIs ($before -> $now)"
	[ "${now% retiring}" = "$now" ]; ok "$what: vgw's old SAs are gone"
	[ "$sw_now" = "$(echo "$now" | awk '{ print $2, $1 }')" ] ||
		{ echo "  charon: $sw_now"; sw g --list-sas; false; }
	ok "$what: charon has the new SPIs only"
	tunnel_state | grep -q '^ *up'; ok "$what: the tunnel is up"
}

# wait_ike_changed BEFORE WHAT: within 15 s both ends have one IKE SA, the
# same new one
wait_ike_changed() {
	local before=$1 what=$2 now="" sw_now="" i
	for i in $(seq 150); do
		now=$(vgw_ike)
		sw_now=$(sw_ike)
		[ "$now" != "$before" ] && [ "$(echo "$now" | wc -l)" = 1 ] &&
		    [ "$sw_now" = "$now" ] && break
		sleep 0.1
	done
	[ -n "$now" ] && [ "$now" != "$before" ] && [ "$(echo "$now" | wc -l)" = 1 ]
	ok "$what: vgw has one IKE SA, with new SPIs ($before -> $now)"
	[ "$sw_now" = "$now" ] || { echo "  charon: $sw_now"; sw g --list-sas; false; }
	ok "$what: charon has the same one only"
}
