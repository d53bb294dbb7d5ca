#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ike_rekey.sh - rekeying against a real strongSwan (RFC 7296 §1.3, §2.8,
# §2.18), with traffic crossing the tunnel all along (office.sh's
# topology). charon's configuration is the one vgw generates, with its own
# rekeying put off (so that each rekey comes from the side the case names). The
# CHILD_SA uses PFS (a new ECP-256 exchange at each rekey). For each case a
# ping flood from h1 to g-h runs across the rekey and must lose nothing;
# afterwards both ends agree on the new SPIs and the old ones are gone:
#  (a) charon rekeys the CHILD_SA (swanctl --rekey --child);
#  (b) charon rekeys the IKE SA (swanctl --rekey --ike);
#  (c) vgw rekeys the CHILD_SA: its SAs reach the soft limit of
#      `esp lifetime ... kilobytes` (vgw's time limits are too long for a
#      test: tests/net/ike_rekey_time.sh waits for them).
. "$(dirname "$0")/../shell/lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/strongswan.sh"
. "$(dirname "$0")/office.sh"

office_up <<C
 esp proposal aes128gcm16-ecp256
 esp lifetime 3600 kilobytes 2560
 start initiate
C
# charon rekeys only when told to: no volume limit, hours for time
rsh r1 -c 'show crypto ipsec tunnel office peer-config strongswan' |
	sed -e '/rekey_bytes/d' -e 's/rekey_time = .*/rekey_time = 4h/' | sw_load g

wait_up 30; ok "the tunnel is up"
nx h1 ping -c 3 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "h1 reaches g-h"

# (a) charon rekeys the CHILD_SA
before=$(vgw_child)
flood_start 0.01 500 56
sleep 1
sw g --rekey --child office >/dev/null 2>&1; ok "(a) swanctl --rekey --child"
flood_end "(a)"
wait_child_changed "$before" "(a)"
grep -q "office: CHILD_SA rekeyed by the peer" "$T/r1.log"; ok "(a) vgw answered charon's rekey"

# (b) charon rekeys the IKE SA; the CHILD_SA stays
before_ike=$(vgw_ike); before=$(vgw_child)
flood_start 0.01 500 56
sleep 1
sw g --rekey --ike office >/dev/null 2>&1; ok "(b) swanctl --rekey --ike"
flood_end "(b)"
wait_ike_changed "$before_ike" "(b)"
[ "$(vgw_child)" = "$before" ]; ok "(b) the CHILD_SA is the same"
grep -q "office: IKE SA rekeyed by the peer" "$T/r1.log"; ok "(b) vgw answered charon's rekey"
nx h1 ping -c 2 -W 2 -i 0.2 10.2.0.2 >/dev/null; ok "(b) the tunnel carries traffic after the old IKE SA is gone"

# (c) vgw rekeys the CHILD_SA at its volume limit (2560 KB: soft at 85-90%,
# about 2.2 MB, reached in some 18 s at 125 kB/s; the hard limit is 2 s on)
before=$(vgw_child)
flood_start 0.008 2800 1000
flood_end "(c)"
wait_child_changed "$before" "(c)"
grep -q "office: CHILD_SA rekeyed: SPIs" "$T/r1.log"; ok "(c) vgw started the rekey"

finish
