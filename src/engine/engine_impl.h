/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_impl - what the engine's files (engine.c, arp.c, ipv4.c, icmp.c,
 * ip_frag.c) share: the engine's state and their internal entry points.
 * Not for use outside the engine.
 *
 * Frames are always whole Ethernet frames: the IPv4 header starts at
 * frame + ETH_HLEN_ and every length below counts the Ethernet header.
 */
#ifndef VGW_ENGINE_IMPL_H
#define VGW_ENGINE_IMPL_H

#include "drop_ring.h"
#include "engine.h"
#include "lib/debug.h"

#define ARP_BUCKETS	4096

struct arp_entry;

struct engine {
	engine_tx_fn		 tx;
	void			*tx_arg;
	struct snapshot		*snap;
	uint64_t		 now_ms;
	struct arp_entry	*arp[ARP_BUCKETS];
	size_t			 arp_count;
	size_t			 arp_queued_bytes;
	struct port_counters	 port[ENGINE_NPORTS];
	struct engine_stats	 stats;
	bool			 punt_up;
	uint8_t			 punt_mac[6];
	uint32_t		 icmp_tokens;
	uint64_t		 icmp_refill_ms;
	uint16_t		 ip_id;
	uint8_t			 icmp_buf[ETH_HLEN_ + 576];
	uint8_t			 frag_buf[ETH_HLEN_ + 65536];
	struct drop_ring	 drop_ring;	/* debug engine's records */
};

static inline struct ip_hdr *
frame_ip(uint8_t *frame)
{
	return (struct ip_hdr *)(void *)(frame + ETH_HLEN_);
}

/* The out-of-line half of engine_drop: records the drop in the ring. */
void	 engine_drop_record(struct engine *, enum engine_drop, unsigned port,
	    const uint8_t *frame, size_t len);

/*
 * Counts a frame dropped for reason why (the one place drops are counted)
 * and, while `debug engine` is on, records it for the control thread.
 * port is where the frame was: the port it came in on, or for drops on
 * the way out (ARP resolution, fragmentation, offload, transmit) the port
 * it was to leave by; frame is NULL when there is none at hand. While the
 * category is off this costs one relaxed atomic load and nothing more.
 */
static inline void
engine_drop(struct engine *e, enum engine_drop why, unsigned port,
    const uint8_t *frame, size_t len)
{
	e->stats.drops[why]++;
	if (debug_on(DEBUG_ENGINE))
		engine_drop_record(e, why, port, frame, len);
}

/* Transmits with the port's counters; false (counted) if it failed. */
bool	 engine_send(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);
/* Hands an IPv4 frame addressed to the router to the kernel. */
void	 engine_punt(struct engine *, uint8_t *frame, size_t len,
	    const struct pkt_offload *);

/* arp.c */
void	 arp_input(struct engine *, unsigned port, uint8_t *frame, size_t len);
/* Sends an IPv4 frame (Ethernet source and type already set) to next hop
 * nexthop on port, resolving it first if needed. */
void	 arp_output(struct engine *, unsigned port, uint32_t nexthop,
	    uint8_t *frame, size_t len, const struct pkt_offload *);
void	 arp_gratuitous(struct engine *, unsigned port);
void	 arp_flush_port(struct engine *, unsigned port);
void	 arp_flush_all(struct engine *);
void	 arp_tick(struct engine *);

/* ipv4.c */
/* l2_group: the frame came to a broadcast or multicast MAC address. */
void	 ipv4_input(struct engine *, unsigned port, uint8_t *frame, size_t len,
	    const struct pkt_offload *, bool l2_group);
/*
 * Routes an IPv4 frame out: FIB, next hop, MTU (ICMP error or
 * fragmentation), ARP. forwarding: decrement the TTL and count as
 * forwarded (false for packets the router originates). in_port is where
 * the packet came from, for ICMP errors (ENGINE_PORT_PUNT if originated).
 */
void	 ipv4_output(struct engine *, unsigned in_port, uint8_t *frame,
	    size_t len, const struct pkt_offload *, bool forwarding);
/* A fresh IPv4 identification. */
uint16_t ipv4_next_id(struct engine *);

/* icmp.c */
/* Answers an echo request for the router in place; false if it was not
 * one (the caller punts it). */
bool	 icmp_echo(struct engine *, unsigned port, uint8_t *frame, size_t len);
/* Sends an ICMP error about the frame received on in_port (RFC 1812
 * 4.3.2.7 rules: never about an ICMP error, a non-first fragment, or a
 * broadcast, multicast or martian packet; rate limited). */
void	 icmp_error(struct engine *, unsigned in_port, const uint8_t *frame,
	    size_t len, uint8_t type, uint8_t code, uint16_t mtu);

/* ip_frag.c */
/* Splits a too-big frame (DF clear) for mtu and sends each fragment to
 * nexthop on port via ARP. */
void	 ip_fragment(struct engine *, unsigned port, uint32_t nexthop,
	    const uint8_t *frame, size_t len, uint16_t mtu);

#endif
