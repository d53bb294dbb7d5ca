#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_rekey_time.sh - vgw rekeys by its clock, against a real strongSwan,
# with traffic crossing the tunnel all along (office.sh's topology). The
# shortest lifetimes vgw takes are 120 s, so this test runs for some two
# and a half minutes, mostly waiting (make check runs others meanwhile):
#  (d) `ike lifetime 120`: vgw rekeys the IKE SA at 85-90% of it;
#  (e) `esp lifetime 150`: vgw rekeys the CHILD_SA at 85-90% of it, on the
#      new IKE SA.
# Here charon initiates the tunnel (vgw responds) and never rekeys.
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/office.sh"

office_up <<C
 ike lifetime 120
 esp proposal aes128gcm16-x25519
 esp lifetime 150
 start respond
C

# charon starts the tunnel when its configuration is loaded
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' |
	sed -e 's/rekey_time = .*/rekey_time = 4h/' | sw_load g
wait_up 20; ok "the tunnel is up (charon initiated)"
nx h1 ping -c 3 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "h1 reaches g-h"
ike0=$(vgw_ike); child0=$(vgw_child)
[ "$(sw_ike)" = "$ike0" ]; ok "both ends have the IKE SA $ike0"

# pings across both rekeys: 20 a second for 150 s
flood_start 0.05 3000 56

# (d) the IKE SA at 102-108 s
wait_log "office: IKE SA rekeyed: SPIs" 130; ok "(d) vgw rekeyed the IKE SA (after $WAITED s)"
wait_ike_changed "$ike0" "(d)"
[ "$(vgw_child)" = "$child0" ]; ok "(d) the CHILD_SA is the same"

# (e) the CHILD_SA at 127-135 s
wait_log "office: CHILD_SA rekeyed: SPIs" 40; ok "(e) vgw rekeyed the CHILD_SA"
wait_child_changed "$child0" "(e)"

flood_end "(d) and (e)"
! grep -q "office: down" "$T/r1.log"; ok "the tunnel never went down"

finish
