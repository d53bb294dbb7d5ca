/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * vport - the two rings behind the engine's virtual port for SSL-VPN users
 * (engine.h), one each way between the control thread (the SSL-VPN server
 * writes its users' packets into one and reads theirs from the other) and
 * the worker, which polls the doorbell of the first as port
 * SNAP_PORT_VPORT (lib/dgram_ring.h: no system call, no kernel buffer per
 * packet). Each datagram is one IPv4 packet:
 * - toward the engine, after a struct pkt_offload (a virtio_net_hdr, its
 *   offsets counted from the IPv4 header);
 * - toward the control thread, the engine's frame as it is: ETH_HLEN_
 *   bytes of room (the server writes its own framing there), then the
 *   packet.
 *
 * Contract: the worker alone reads toward the engine and the control
 * thread alone toward itself; writers toward the control thread hold the
 * engine's lock. Each ring holds VPORT_RING_BYTES: some milliseconds of a
 * gigabit stream, so that it is not starved between two bursts or two
 * turns of the control thread's loop, and no more, since what a ring
 * has held stays resident; a packet that finds its ring full is refused
 * (the writer counts it).
 */
#ifndef VGW_VPORT_H
#define VGW_VPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/pkt.h"
#include "lib/dgram_ring.h"
#include "lib/strbuf.h"

#define VPORT_RING_BYTES (1u << 20)	/* each way */

struct vport {
	struct dgram_ring *to_engine;
	struct dgram_ring *to_control;
};

/* Both rings; -1 with the reason in err. */
int	 vport_open(struct vport *, struct strbuf *err);
void	 vport_close(struct vport *);
/* Queues an engine frame toward the control thread; false when full. */
bool	 vport_write(struct vport *, const uint8_t *frame, size_t len);
/* The oldest packet toward the engine, consumed, as a frame into frame
 * (cap bytes): its offload header into *off, ETH_HLEN_ bytes of room
 * zeroed, then the packet, its length in *len. false: none waiting. A
 * datagram shorter than the offload header, or too long for cap, gives a
 * frame of length 0 (the engine counts a runt). */
bool	 vport_read(struct vport *, struct pkt_offload *off, uint8_t *frame,
	    size_t cap, size_t *len);

#endif
