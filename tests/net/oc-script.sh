#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# oc-script.sh - the vpnc-script openconnect runs in the tests' client
# namespaces (openconnect does not configure its tun itself). On connect:
# the tun's address with the pool's netmask, its MTU, a route for each
# split-include network, or, with none, a default route through the tunnel
# (the server's address kept on the way it had). Nothing else: no DNS, no
# resolv.conf. openconnect passes everything in the environment; when
# OC_ENV_DIR is set (openconnect.sh sets it) the script leaves what it got
# there as env.REASON, for tests to read.
[ -n "${OC_ENV_DIR:-}" ] && env | grep -E '^(reason|VPNGATEWAY|TUNDEV|INTERNAL_IP4_|CISCO_)' | sort \
	>"$OC_ENV_DIR/env.$reason"
[ "$reason" = connect ] || exit 0

ip link set dev "$TUNDEV" up mtu "${INTERNAL_IP4_MTU:-1400}" || exit 1
ip addr add "$INTERNAL_IP4_ADDRESS/${INTERNAL_IP4_NETMASKLEN:-32}" dev "$TUNDEV" || exit 1
n=${CISCO_SPLIT_INC:-0}
if [ "$n" -gt 0 ]; then
	i=0
	while [ "$i" -lt "$n" ]; do
		eval "a=\$CISCO_SPLIT_INC_${i}_ADDR l=\$CISCO_SPLIT_INC_${i}_MASKLEN"
		ip route replace "$a/$l" dev "$TUNDEV" || exit 1
		i=$((i + 1))
	done
else
	# the server stays reachable the way it was, everything else goes in
	via=$(ip route get "$VPNGATEWAY" | sed -n 's/.* \(via [^ ]*\).*/\1/p')
	dev=$(ip route get "$VPNGATEWAY" | sed -n 's/.* dev \([^ ]*\).*/\1/p')
	# shellcheck disable=SC2086
	ip route replace "$VPNGATEWAY/32" $via dev "$dev" || exit 1
	ip route replace default dev "$TUNDEV" || exit 1
fi
exit 0
