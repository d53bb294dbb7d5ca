/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_tx - the transmit function of the engines the frame fuzzers drive:
 * it checks what the engine hands out (a port that exists, a length in
 * bounds, every byte readable, which ASan then checks, no offload metadata
 * toward the SSL-VPN port) and sends nothing.
 */
#ifndef VGW_FUZZ_TX_H
#define VGW_FUZZ_TX_H

#include <stdbool.h>
#include <stdlib.h>

#include "engine/engine.h"

static bool
fuzz_tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	volatile uint8_t sink = 0;

	(void)arg;
	if (port >= ENGINE_NPORTS || len < ETH_HLEN_ || len > ENGINE_MAX_FRAME)
		abort();
	/* the virtual port gets whole packets only (engine.h) */
	if (port == SNAP_PORT_VPORT && (len <= ETH_HLEN_ || off->flags != 0 ||
	    off->gso_type != PKT_GSO_NONE))
		abort();
	sink ^= frame[0] ^ frame[len - 1];	/* every byte sent must be readable */
	return true;
}

#endif
