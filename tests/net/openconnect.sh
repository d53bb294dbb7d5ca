# SPDX-License-Identifier: GPL-3.0-or-later
# openconnect.sh - the OpenConnect client (the AnyConnect protocol, TLS only)
# as the SSL-VPN tests and bench/sslvpn drive it: one client per network
# namespace the caller made, started in the background, its tun set up by
# our own vpnc-script (oc-script.sh: address, MTU, split routes; nothing on
# resolv.conf). Source it from bash; it sets nothing up by itself and keeps
# each client's files (log, pid, what the script was given) in
# $OC_DIR/NS/ (OC_DIR defaults to $T/oc, else a directory under /tmp).
#
#   oc_pin CERT.pem                     prints pin-sha256:BASE64 of its public key
#   oc_start NS ADDR[:PORT] USER PASS PIN [ARGS...]
#                                       starts openconnect in NS (tun "octun")
#   oc_wait_up NS [SECONDS]             0 once the tun has its address; 1 when the
#                                       client ended first or time ran out
#   oc_wait_exit NS [SECONDS]           0 once the client has ended; its status in OC_RC
#   oc_running NS                       0 while the client runs
#   oc_addr NS                          the tunnel address
#   oc_pid NS                           the client's pid
#   oc_stop NS                          logout (SIGTERM), after 5 s SIGKILL
#   oc_stop_all                         every client started here
#   oc_log NS                           the client's log
#
# Nothing here exits the caller; every function returns a status. Needs
# root and openconnect (9.x: --no-dtls, pin-sha256).

OC_SCRIPT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/oc-script.sh
OC_DIR=${OC_DIR:-${T:-$(mktemp -d /tmp/vgw-oc.XXXXXX)}/oc}
OC_TUN=${OC_TUN:-octun}
OC_NS=()
OC_RC=

oc_pin() {		# CERT.pem
	local b
	b=$(openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
		openssl dgst -sha256 -binary | base64) || return 1
	echo "pin-sha256:$b"
}

oc_start() {		# NS ADDR[:PORT] USER PASS PIN [openconnect ARGS...]
	local ns=$1 server=$2 user=$3 pass=$4 pin=$5 d=$OC_DIR/$1
	shift 5
	oc_running "$ns" && { echo "oc_start: a client already runs in $ns" >&2; return 1; }
	mkdir -p "$d" || return 1
	rm -f "$d"/env.* "$d/pid"
	# ip netns exec becomes openconnect itself: $! is the client's pid
	OC_ENV_DIR=$d ip netns exec "$ns" openconnect --non-inter --passwd-on-stdin \
		--user="$user" --servercert="$pin" --no-dtls --script="$OC_SCRIPT" \
		--interface="$OC_TUN" "$@" "https://$server/" <<<"$pass" >"$d/log" 2>&1 &
	echo $! >"$d/pid"
	OC_NS+=("$ns")
}

oc_pid() { cat "$OC_DIR/$1/pid" 2>/dev/null; }
oc_log() { cat "$OC_DIR/$1/log" 2>/dev/null; }

oc_running() {		# NS
	local p
	p=$(oc_pid "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null
}

oc_addr() {		# NS
	ip -n "$1" -4 -o addr show dev "$OC_TUN" 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }'
}

oc_wait_up() {		# NS [SECONDS]
	local i
	for _ in $(seq $((${2:-20} * 10))); do
		# the script ran and set the address (env.connect is written first)
		[ -e "$OC_DIR/$1/env.connect" ] && [ -n "$(oc_addr "$1")" ] && return 0
		oc_running "$1" || return 1
		sleep 0.1
	done
	return 1
}

oc_wait_exit() {	# NS [SECONDS]
	local p i
	p=$(oc_pid "$1") || return 0
	for _ in $(seq $((${2:-20} * 10))); do
		if ! kill -0 "$p" 2>/dev/null; then
			wait "$p" 2>/dev/null
			OC_RC=$?
			return 0
		fi
		sleep 0.1
	done
	return 1
}

oc_stop() {		# NS
	local p
	p=$(oc_pid "$1") || return 0
	if kill -0 "$p" 2>/dev/null; then
		kill -TERM "$p" 2>/dev/null	# openconnect logs out, then ends
		oc_wait_exit "$1" 5 || { kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; }
	fi
	rm -f "$OC_DIR/$1/pid"
}

oc_stop_all() {
	local ns
	for ns in "${OC_NS[@]}"; do oc_stop "$ns"; done
	OC_NS=()
}
