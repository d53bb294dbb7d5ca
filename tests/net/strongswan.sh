# SPDX-License-Identifier: GPL-3.0-or-later
# strongswan.sh - a strongSwan gateway (charon with kernel-libipsec: ESP in
# userspace, always in UDP 4500) as the real IKEv2 peer of the end-to-end
# tests: its own namespace, its own strongswan.conf, vici socket and /run
# (a private mount namespace: charon's pid file path is fixed), a LAN host
# behind it. Source after lib.sh; everything it makes is torn down by
# net_cleanup. Tests skip (77) when strongSwan is not installed.

SW_CHARON=/usr/lib/ipsec/charon
if [ ! -x "$SW_CHARON" ] || ! command -v swanctl >/dev/null ||
    [ ! -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]; then
	echo "SKIP: needs strongSwan (strongswan-charon strongswan-swanctl libcharon-extra-plugins)"
	exit 77
fi

# sw_gateway G ROUTER TAP WAN_ADDR/P LAN_ADDR/P HOST_ADDR/P: namespace G with
# the router's port TAP as its WAN, and a LAN host G-h behind it.
sw_gateway() {
	local g=$1 r=$2 tap=$3 wan=$4 lan=$5 host=$6
	net_ns_add "$g"
	nx "$g" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1
	ip -n "$(ns_ "$r")" link set "$tap" netns "$(ns_ "$g")" || exit 1
	nx "$g" ip addr add "$wan" dev "$tap"
	nx "$g" ip link set "$tap" up
	net_ns_add "$g-h"
	nx "$g-h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip link add "$NET_PFX$g" netns "$(ns_ "$g")" type veth peer name lan0 \
		netns "$(ns_ "$g-h")" || exit 1
	nx "$g" ip addr add "$lan" dev "$NET_PFX$g"
	nx "$g" ip link set "$NET_PFX$g" up
	nx "$g-h" ip addr add "$host" dev lan0
	nx "$g-h" ip link set lan0 up
	nx "$g-h" ip route add default via "${lan%/*}"
}

# sw_start G: charon in G, its files in $T/sw-G; the keys it derives are
# logged to keys.log (for tshark).
sw_start() {
	local g=$1 w=$T/sw-$1 i
	mkdir -p "$w/run"
	rm -f "$w/charon.vici"	# a killed charon leaves it
	cat >"$w/strongswan.conf" <<-EOF
	charon {
	  load_modular = no
	  # kernel-libipsec before kernel-netlink, or charon asks the kernel for ESP
	  load = random nonce openssl aes sha1 sha2 hmac gcm kdf curve25519 kernel-libipsec kernel-netlink socket-default vici
	  install_routes = yes
	  retransmit_tries = 3
	  retransmit_timeout = 1
	  plugins {
	    vici {
	      socket = unix://$w/charon.vici
	    }
	  }
	  filelog {
	    main {
	      path = $w/charon.log
	      default = 1
	      ike = 2
	      cfg = 2
	      flush_line = yes
	    }
	    keys {
	      path = $w/keys.log
	      default = 0
	      ike = 4
	      chd = 4
	      enc = 1
	      flush_line = yes
	    }
	  }
	}
	swanctl {
	  load = random openssl
	}
	EOF
	ip netns exec "$(ns_ "$g")" unshare -m --propagation private sh -c \
		"mount --bind '$w/run' /run && exec env STRONGSWAN_CONF='$w/strongswan.conf' $SW_CHARON" \
		>"$w/charon.out" 2>&1 </dev/null &
	NET_PIDS+=($!)
	eval "SWPID_$g=$!"
	for i in $(seq 100); do
		[ -S "$w/charon.vici" ] && return 0
		sleep 0.05
	done
	echo "charon $g did not start:"; cat "$w/charon.out" "$w/charon.log"; exit 1
}

# sw G SWANCTL-ARGS...: swanctl against G's charon
sw() {
	local g=$1; shift
	STRONGSWAN_CONF=$T/sw-$g/strongswan.conf swanctl "$@" --uri "unix://$T/sw-$g/charon.vici"
}

# sw_load G: swanctl.conf text on stdin, loaded (connections and secrets
# replaced)
sw_load() {
	cat >"$T/sw-$1/swanctl.conf"
	sw "$1" --load-all --clear --file "$T/sw-$1/swanctl.conf" >"$T/sw-$1/load.out" 2>&1 ||
		{ echo "swanctl --load-all on $1 failed:"; cat "$T/sw-$1/load.out"; exit 1; }
}
