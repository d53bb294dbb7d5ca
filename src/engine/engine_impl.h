/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_impl - what the engine's files (engine.c, arp.c, ipv4.c, icmp.c,
 * ip_frag.c, ip_reass.c, tcp_seg.c, vport.c, ipsec_in.c, ipsec_out.c,
 * ike_io.c) share: the engine's state and their internal entry points.
 * Not for use outside the engine.
 *
 * Frames are always whole Ethernet frames: the IPv4 header starts at
 * frame + ETH_HLEN_ and every length below counts the Ethernet header.
 */
#ifndef VGW_ENGINE_IMPL_H
#define VGW_ENGINE_IMPL_H

#include "drop_ring.h"
#include "engine.h"
#include "ip_reass.h"
#include "ipsec/esp.h"
#include "lib/debug.h"

#define ARP_BUCKETS	4096
/* what an IKE datagram the router sends carries before its payload */
#define IKE_HEADROOM	(sizeof(struct ip_hdr) + ESP_UDP_LEN + IKE_NON_ESP_MARKER)

struct arp_entry;

/* TCP segments of one flow gathered for one port (tcp_gro.c). */
#define TCP_RUN_MAX	64	/* segments in one frame */
#define TCP_RUNS	4	/* ports gathering at once */
struct tcp_run {
	unsigned	 port;
	bool		 grew;		/* took a segment in this burst */
	size_t		 len;		/* bytes gathered */
	size_t		 th;		/* the TCP header's length */
	uint32_t	 next_seq;	/* the sequence number that continues it */
	uint16_t	 gso_size;	/* the first segment's payload */
	uint16_t	 n;		/* segments gathered; 0: none */
	bool		 closed;	/* a shorter one ended it */
	struct pkt_offload first;	/* the first's, sent alone */
	uint8_t		 buf[ETH_HLEN_ + 65536];
};

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
	/* IPsec: the SAs; each tunnel's outbound SA, bound to the snapshot
	 * (ipsec_bind) and valid while ipsec_bound and the sadb's
	 * generation is ipsec_gen */
	struct ipsec_sadb	*sadb;
	bool			 ipsec_bound;
	uint64_t		 ipsec_gen;
	struct ipsec_sa		*tunnel_sa[IPSEC_MAX_TUNNELS];
	/* the SPD's hits by entry (engine.h); nspd_hits is the snapshot's
	 * npolicy, or 0 when they could not be allocated */
	uint64_t		*spd_hits;
	uint32_t		 nspd_hits;
	uint8_t			 seg_buf[ETH_HLEN_ + 65536];	/* a TCP segment */
	uint8_t			 esp_buf[ETH_HLEN_ + 65536 + ESP_OVERHEAD_MAX];
	/* UDP segmentation offload (udp_gso.c): whether the ports take it,
	 * the run of datagrams being gathered, a datagram cut from a run */
	bool			 uso;
	uint8_t			 uso_buf[ETH_HLEN_ + 65536];
	uint8_t			 split_buf[ETH_HLEN_ + 65536];
	/* TCP segments joined on their way out (tcp_gro.c), a run per
	 * port: while gro_on (a burst, or a run of such datagrams),
	 * engine_send hands frames to tcp_run_add; gro_trusted while a
	 * packet out of a tunnel, its integrity checked, is on its way */
	bool			 gro_on;
	bool			 gro_trusted;
	struct tcp_run		 gro[TCP_RUNS];
	struct ip_reass		 reass;		/* outer ESP fragments (ip_reass.h) */
	/* IKE: datagrams for the control plane, and the one it sends */
	struct ike_queue	 ike_queue;
	uint8_t			 ike_buf[ETH_HLEN_ + IKE_HEADROOM + IKE_DGRAM_MAX];
};

/* Where a packet the engine made goes next (a fragment, a segment): a
 * whole frame, valid until the sink returns. */
typedef void (*frame_sink)(struct engine *, uint8_t *frame, size_t len, void *arg);

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
bool	 engine_transmit(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);
/* engine_transmit, but while e->gro_on a TCP segment that may join others
 * is gathered instead (true), and anything else sends what was gathered
 * first. */
bool	 engine_send(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);
/* Hands an IPv4 frame addressed to the router to the kernel. */
void	 engine_punt(struct engine *, uint8_t *frame, size_t len,
	    const struct pkt_offload *);

/* arp.c */
void	 arp_input(struct engine *, unsigned port, uint8_t *frame, size_t len);
/* Sends an IPv4 frame (Ethernet source and type already set) to next hop
 * nexthop on port, resolving it first if needed; on the virtual port, at
 * once (vport_output). */
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
/* An IPv4 packet whose header was checked, received on port: martians,
 * delivery to the router, TTL, the SPD, the FIB. from_tunnel: it was
 * decapsulated (the ESP came in on port). */
void	 ipv4_receive(struct engine *, unsigned port, uint8_t *frame, size_t len,
	    const struct pkt_offload *, bool l2_group, bool from_tunnel);
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
/* Splits a too-big frame (DF clear) for mtu and hands each fragment (in
 * e->frag_buf) to sink; port: where drops are recorded. */
void	 ip_fragment(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, uint16_t mtu, frame_sink, void *arg);

/* tcp_seg.c */
/*
 * Cuts an offloaded TCP/IPv4 frame (its checksum field holding the
 * pseudo-header sum, as PKT_NEEDS_CSUM says, or already whole) into
 * segments of at most mss payload bytes, each a complete packet with both
 * checksums, handed in turn (in e->seg_buf) to sink. False, with nothing
 * handed on, if its headers do not make a TCP/IPv4 packet within len.
 */
bool	 tcp_segment(struct engine *, const uint8_t *frame, size_t len,
	    uint16_t mss, frame_sink, void *arg);
/* Lowers the MSS option of a TCP SYN (a whole packet: checksum updated)
 * to mss when it is larger; anything else is left alone. */
void	 tcp_clamp_mss(uint8_t *frame, size_t len, uint16_t mss);

/* udp_gso.c */
#define USO_MAX_SEGMENTS	64	/* datagrams in one frame (the kernel takes 128) */

/* A frame of PKT_GSO_UDP_L4 from port: each datagram in turn (in
 * e->split_buf, its UDP checksum pending as PKT_NEEDS_CSUM says) through
 * engine_input; dropped whole (counted as received) unless its headers
 * make one unfragmented UDP/IPv4 packet of len bytes with a pending
 * checksum at the UDP header. */
void	 udp_gso_input(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);

/* ESP in UDP datagrams toward one next hop, built in place in e->uso_buf,
 * each after the last: its headers over the last bytes of the one before,
 * which are kept aside meanwhile (saved), so that no datagram is copied
 * into the run. The caller's datagrams have the same headers but for
 * length, ID and checksums (one SA's, for one inner frame's segments). */
#define USO_HEAD_MAX	(ETH_HLEN_ + 60 + PKT_UDP_HLEN)
struct uso_run {
	unsigned	 port;
	uint32_t	 next;
	size_t		 len;		/* bytes gathered; 0: none */
	uint16_t	 gso_size;	/* the first datagram's UDP payload */
	uint16_t	 n;		/* datagrams gathered */
	bool		 closed;	/* a shorter one ended the run */
	uint8_t		*at;		/* where the next one is being built */
	size_t		 head, next_len;	/* its headers' length, and its own */
	uint8_t		 saved[USO_HEAD_MAX];	/* what its headers cover */
	size_t		 nsaved;
};

/* Where the next datagram of r is built, a frame of len bytes whose first
 * head are its Ethernet, IPv4 and UDP headers: at the run's end, or, when
 * it cannot join (r is full or closed, its payload is longer than the
 * first's), at the start of e->uso_buf after what r held is sent. */
uint8_t	*uso_next(struct engine *, struct uso_run *, size_t head, size_t len);
/* The datagram at uso_next's place was built (ok: Ethernet source and
 * type set too) or not: r takes it in, or forgets it. */
void	 uso_built(struct uso_run *, bool ok);
/* Sends what r holds through arp_output (one datagram as it is, more as
 * one frame of PKT_GSO_UDP_L4) and empties it. */
void	 uso_flush(struct engine *, struct uso_run *);

/* tcp_gro.c (engine_burst_begin and _end are engine.h's) */
/* Gathers frame (leaving by port) into port's run when it is a TCP
 * segment that may join (see tcp_gro.c), sending what the run held first
 * unless frame continues it; false, having sent port's run, if it may
 * not join. */
bool	 tcp_run_add(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);
/* Empties port's run without sending it: the port is going, or another
 * takes its place. */
void	 tcp_run_forget(struct engine *, unsigned port);

/* vport.c */
/* A frame from the virtual port (engine.h) with its offload header (its
 * offsets from the IPv4 header; NULL: none): counted, checked, and handed
 * to ipv4_input unless the port is absent. */
void	 vport_input(struct engine *, uint8_t *frame, size_t len,
	    const struct pkt_offload *);
/* Sends an IPv4 frame out of the virtual port as plain packets (offloaded
 * TCP cut into segments, a pending checksum completed). */
void	 vport_output(struct engine *, uint8_t *frame, size_t len,
	    const struct pkt_offload *);

/* ipsec_in.c */
/* An IPsec packet for the router (ESP, or ESP in UDP port 4500; see
 * engine.h): decapsulated and forwarded, or dropped; IKE (UDP port 500,
 * or 4500 with the non-ESP marker) handed to engine_ike_input; true for all of
 * these. False when it is none of them (nor ESP with offload flags): the
 * caller punts it. */
bool	 ipsec_input(struct engine *, unsigned port, uint8_t *frame, size_t len,
	    const struct pkt_offload *);

/* ike_io.c */
/* A UDP datagram for the router that ipsec_input found to be IKE (its
 * UDP header within the packet; it may be a first fragment): checked and
 * queued for the control plane, or dropped. */
void	 engine_ike_input(struct engine *, unsigned port, const uint8_t *frame,
	    size_t len, const struct pkt_offload *);

/* ipsec_out.c */
/* Brings the tunnels' outbound SAs up to date with the snapshot and the
 * sadb (after either changed). */
void	 ipsec_bind(struct engine *);
/* Where a packet meeting the SPD comes from: off the wire in clear, out
 * of a tunnel (decrypted), or from the router itself (not forwarded; its
 * IKE passes). */
enum ipsec_origin { FROM_WIRE, FROM_TUNNEL, FROM_ROUTER };
/* The SPD's say on a packet leaving toward a destination that is not the
 * router's: true when it took the packet. */
bool	 ipsec_policy(struct engine *, unsigned in_port, uint8_t *frame,
	    size_t len, const struct pkt_offload *, enum ipsec_origin);
/* Sends a packet into tunnel (an index in e->snap->ipsec): fitted to the
 * tunnel MTU, encapsulated, the outer packet routed toward the peer. */
void	 ipsec_output(struct engine *, unsigned in_port, uint32_t tunnel,
	    uint8_t *frame, size_t len, const struct pkt_offload *, bool forwarding);

#endif
