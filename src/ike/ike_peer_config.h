/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_peer_config - the office's side of a tunnel, generated (what cloud
 * gateways offer as "download the peer configuration"): a complete
 * swanctl.conf connection and secret for strongSwan, the mirror of the
 * tunnel (its peer is the office's local address, its networks swapped,
 * its identities swapped, the same proposals, lifetimes and DPD).
 *
 * Contract
 * - local: the address this router's IKE runs from (the office's
 *   remote_addrs).
 * - psk: the clear pre-shared key, or NULL: the secret then holds a
 *   placeholder to replace. The key is written as 0x-hex, which swanctl
 *   reads as it is, whatever characters the key has.
 * - The text loads into charon unchanged (`swanctl --load-all`).
 * - Pure function; any thread.
 */
#ifndef VGW_IKE_PEER_CONFIG_H
#define VGW_IKE_PEER_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "config/config_ipsec.h"
#include "lib/strbuf.h"

void	ike_peer_config_strongswan(const struct cfg_tunnel *, uint32_t local,
	    const uint8_t *psk, size_t psk_len, struct strbuf *out);

#endif
