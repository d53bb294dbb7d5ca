/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine - the packet path of one router: Ethernet in, ARP, IPv4 checks,
 * delivery to the router itself (ICMP echo here, everything else punted
 * to the kernel), forwarding by the installed snapshot (TTL, ICMP errors,
 * fragmentation), ARP resolution and Ethernet out.
 *
 * The engine does no I/O of its own: frames come in through engine_input()
 * and leave through the transmit function given at creation, so the same
 * code runs in the dataplane worker, in unit tests and under the fuzzer.
 *
 * IPsec (src/ipsec; DESIGN.md's packet path): ESP for the router (IP
 * protocol 50, or UDP to port 4500 unless it is IKE or a NAT-T keepalive)
 * is decapsulated, its inner packet checked against its tunnel's
 * selectors and forwarded as if it had come in on the same port (never
 * decapsulated again); outer fragments of that ESP are reassembled first
 * (RFC 4301 §7), within the REASS_* bounds below. Every forwarded packet meets the SPD before the
 * FIB: protect, into the tunnel; discard; bypass or no entry, the FIB,
 * unless the packet came in clear and the SPD read the other way (the
 * mirror image of its entries) says protect: it should have come through
 * the tunnel, and is dropped. A route through a tunnel leads into it as
 * well. Into a tunnel, a packet is fitted to the
 * tunnel MTU (the egress port's MTU less what the tunnel's outbound SA
 * adds at most): a TCP SYN's MSS is lowered to it, an offloaded TCP frame
 * is cut into segments that fit, a DF packet too big gets ICMP
 * fragmentation needed with it, another is fragmented before encryption;
 * each packet is encapsulated and the outer packet routed toward the
 * peer (never into a tunnel again). Packets the router originates meet
 * the SPD too (an echo reply to a host behind a peer goes back through the
 * tunnel), except its IKE (UDP 500 and 4500), which RFC 4301 §5 lets
 * pass. The engine owns one SA database (engine_sadb) for its life.
 *
 * SSL-VPN (snapshot.h's SNAP_PORT_VPORT): the server's users reach the
 * engine through a virtual port that carries bare IPv4 packets. Frames on
 * it keep the engine's layout, ETH_HLEN_ bytes before the IPv4 header, but
 * those bytes are room, not a header: engine_input ignores them (its
 * offload metadata, if any, counts offsets from the IPv4 header: the
 * server merges a user's TCP segments into TSO packets) and the
 * transmit function must send the packet after them only. A packet from
 * it is checked as any IPv4 packet, then dropped if the port is absent or
 * its source is not a user's address of the pool (snapshot_vport_user),
 * and otherwise served as from any port: echo answered, the rest for the
 * router punted, forwarded through the SPD and the FIB. A packet routed
 * to it goes out at once, the destination being the next hop (no ARP, no
 * queue), as plain packets: an offloaded TCP frame is cut into segments
 * and a pending checksum completed, so its transmit never sees offload
 * metadata. Its byte counters count the IPv4 bytes.
 *
 * IKE (engine_ike_queue and engine_ike_send below; ike_queue.h): the
 * router's IKE never reaches the kernel. A UDP datagram for one of the
 * router's addresses to port 500, or to 4500 behind the non-ESP marker,
 * is checked (UDP length, checksum when there is one) and copied into a
 * bounded queue that the control thread reads; IKE fragments are not
 * reassembled (a first fragment is dropped, counted; later ones, which
 * carry no ports, go the way of other fragments for the router). The
 * control thread's datagrams leave as the router's own packets: the FIB,
 * ARP and fragmentation, never a tunnel's protect policy.
 *
 * Contract
 * - Single-threaded: one thread at a time calls any engine function (the
 *   dataplane serialises the worker and the control thread's readers).
 * - engine_input may modify the frame in place; the engine keeps no
 *   pointer to it after returning (queued frames are copied).
 * - Every frame that does not leave is counted, by reason; malformed input
 *   is never trusted beyond the length that was checked. While `debug
 *   engine` is on (lib/debug.h) each drop is also recorded in the engine's
 *   drop ring, whose consumer side is the one exception to the rule above:
 *   the control thread reads it without the engine's serialisation.
 * - Time is passed in (milliseconds, monotonic), never read by the engine.
 * - Bounds: ARP_MAX_ENTRIES neighbours, ARP_QUEUE_MAX frames waiting per
 *   unresolved neighbour and ARP_QUEUE_BYTES waiting in all, ICMP errors at most ENGINE_ICMP_RATE per second;
 *   REASS_MAX_DATAGRAMS ESP datagrams being reassembled, REASS_MAX_BYTES
 *   of their fragments held, REASS_MAX_FRAGMENTS in one, each given up
 *   REASS_TIMEOUT_MS after its first fragment.
 */
#ifndef VGW_ENGINE_H
#define VGW_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipsec/ipsec_drops.h"
#include "ipsec/sadb.h"
#include "ike_queue.h"
#include "pkt.h"
#include "snapshot.h"

#define ENGINE_PORT_PUNT	SNAP_NPORTS	/* the control-plane TAP */
#define ENGINE_NPORTS		(SNAP_NPORTS + 1)
#define ENGINE_MAX_FRAME	65550	/* a 64 KiB GSO frame and its header */
#define ENGINE_ICMP_RATE	1000	/* per second, burst as large */
#define ARP_MAX_ENTRIES		16384
#define ARP_QUEUE_MAX		32	/* frames per unresolved neighbour */
#define ARP_QUEUE_BYTES		(8u << 20)	/* queued frames in all, bytes */
#define ARP_RETRY_MS		1000
#define ARP_TRIES		3
#define ARP_FAILED_HOLD_MS	3000	/* an unresolved neighbour is not retried */
/* Outer ESP fragments being reassembled (ip_reass.h) */
#define REASS_MAX_DATAGRAMS	64
#define REASS_MAX_BYTES		(1u << 20)	/* held in all */
#define REASS_MAX_FRAGMENTS	256	/* in one datagram: 64 KiB over a 576-byte path is 119 */
#define REASS_TIMEOUT_MS	2000	/* from a datagram's first fragment */

/* Drop reasons, in the order of `show engine statistics`. */
#define ENGINE_DROPS(X) \
	X(RUNT, "frame shorter than an Ethernet header") \
	X(NOT_OUR_MAC, "frame for another MAC address") \
	X(ETHERTYPE, "EtherType not served (not IPv4 or ARP)") \
	X(PORT_DOWN, "received on a shut-down interface") \
	X(ARP_MALFORMED, "ARP malformed or not IPv4 over Ethernet") \
	X(ARP_NOT_FOR_US, "ARP for another address") \
	X(ARP_FOREIGN_SENDER, "ARP from outside the interface's network") \
	X(ARP_ADDR_CONFLICT, "ARP claiming the router's own address") \
	X(IP_TRUNCATED, "IPv4 shorter than its header") \
	X(IP_VERSION, "IP version not 4") \
	X(IP_IHL, "IPv4 header length below 5 words or past the frame") \
	X(IP_CHECKSUM, "IPv4 header checksum wrong") \
	X(IP_LENGTH, "IPv4 total length wrong for the frame") \
	X(IP_MARTIAN, "martian source or destination address") \
	X(IP_BROADCAST, "broadcast or multicast for the router (not served)") \
	X(L2_BROADCAST, "unicast IPv4 in a link-layer broadcast") \
	X(TTL_EXCEEDED, "TTL expired") \
	X(NO_ROUTE, "no route to the destination") \
	X(NULL_ROUTE, "route to null0") \
	X(FRAG_NEEDED, "too big for the next hop, DF set") \
	X(GSO_TOO_BIG, "offloaded segment too big for the next hop") \
	X(BAD_OFFLOAD, "offload metadata outside the frame") \
	X(ARP_QUEUE_FULL, "ARP resolution queue full") \
	X(ARP_UNRESOLVED, "next hop did not answer ARP") \
	X(ARP_TABLE_FULL, "ARP table full") \
	X(PUNT_UNAVAILABLE, "for the router, control-plane TAP not up") \
	X(PUNT_NOT_IP, "non-IPv4 frame from the control plane") \
	X(SSLVPN_ABSENT, "SSL-VPN: port not configured") \
	X(SSLVPN_SPOOF, "SSL-VPN: source outside the address pool") \
	IPSEC_DROPS(X) \
	X(IKE_FRAGMENT, "IKE: fragmented (not reassembled)") \
	X(IKE_LENGTH, "IKE: UDP length wrong for the packet") \
	X(IKE_CHECKSUM, "IKE: UDP checksum wrong") \
	X(IKE_OVERSIZE, "IKE: message too large for the queue") \
	X(IKE_QUEUE_FULL, "IKE: queue to the control plane full") \
	X(TX_ERROR, "transmit failed")

#define ENGINE_DROP_ENUM(name, text) DROP_##name,
enum engine_drop { ENGINE_DROPS(ENGINE_DROP_ENUM) DROP_COUNT };
#undef ENGINE_DROP_ENUM

/* The engine's reason for an IPsec reason (the lists run in step). */
static inline enum engine_drop
engine_ipsec_drop(enum ipsec_drop d)
{
	return (enum engine_drop)(DROP_ESP_TRUNCATED + (d - IPSEC_DROP_ESP_TRUNCATED));
}

struct port_counters {
	uint64_t	 rx_packets, rx_bytes, rx_errors;
	uint64_t	 tx_packets, tx_bytes, tx_errors;
};

/* Other engine events worth counting (not drops). */
struct engine_stats {
	uint64_t	 forwarded;
	uint64_t	 local;		/* delivered to the router */
	uint64_t	 punted;	/* of which handed to the kernel */
	uint64_t	 echo_replies;
	uint64_t	 icmp_errors;	/* sent */
	uint64_t	 icmp_rate_limited;
	uint64_t	 fragments;	/* created */
	uint64_t	 arp_requests, arp_replies;	/* sent */
	uint64_t	 ike_received;	/* queued for the control plane */
	uint64_t	 ike_sent;	/* from it, NAT-T keepalives included */
	uint64_t	 drops[DROP_COUNT];
};

/* Sends frame on port (ENGINE_PORT_PUNT: the kernel; SNAP_PORT_VPORT: the
 * IPv4 packet after the first ETH_HLEN_ bytes, off all zero); false if it
 * failed. */
typedef bool (*engine_tx_fn)(void *arg, unsigned port, const uint8_t *frame,
    size_t len, const struct pkt_offload *);

struct engine;

struct engine	*engine_new(engine_tx_fn, void *arg);
void		 engine_free(struct engine *);

/*
 * Installs a snapshot and returns the previous one (the caller frees it:
 * the engine holds no reference to it any more). Ports whose address
 * changed or that came up send a gratuitous ARP; ARP entries of ports that
 * are gone or down are flushed.
 */
struct snapshot	*engine_install(struct engine *, struct snapshot *, uint64_t now_ms);
/* The kernel side of the punt path: its MAC, or NULL when there is none. */
void		 engine_set_punt(struct engine *, const uint8_t mac[6]);
/* Whether the ports (not the virtual one) take frames of PKT_GSO_UDP_L4:
 * then the ESP in UDP of one offloaded TCP frame leaves as such frames,
 * one per run of equal datagrams (engine_impl.h's uso_*). Off at first. */
void		 engine_set_uso(struct engine *, bool);
/* A frame the transmit function took was not sent after all (queued
 * writes fail later): counted as an output error instead. */
void		 engine_tx_failed(struct engine *, unsigned port, size_t len);
/* Forgets a port's counters and neighbours (its slot is reused). */
void		 engine_port_reset(struct engine *, unsigned port);

/* A frame received on port; off may be NULL (ignored on the virtual
 * port). */
void		 engine_input(struct engine *, unsigned port, uint8_t *frame,
		    size_t len, const struct pkt_offload *off, uint64_t now_ms);
/* Brackets a burst of engine_input calls: in between, the TCP segments
 * of one flow that leave one port one after another may leave as one
 * offloaded frame (as the kernel's GRO joins them; see tcp_gro.c), sent by
 * engine_burst_end; more: another burst follows at once (no wait), and a
 * run that grew in this one may wait for it. Call it with more false
 * before waiting. Only the bursts send runs: what is sent between them
 * leaves first. */
void		 engine_burst_begin(struct engine *);
void		 engine_burst_end(struct engine *, bool more);
/* Timers: ARP retries and ageing, reassembly timeouts. Call at least
 * every ARP_RETRY_MS / 4. */
void		 engine_tick(struct engine *, uint64_t now_ms);

/* The SAs (sadb.h: install, remove, tick, walk), as long as the engine
 * lives. */
struct ipsec_sadb *engine_sadb(struct engine *);

/*
 * IKE. The queue of datagrams for the router (ike_queue.h: the consumer
 * reads it without the engine's serialisation); the pointer stays valid
 * for the engine's life.
 */
struct ike_queue *engine_ike_queue(struct engine *);
/*
 * Sends a datagram from the router: IPv4 (DF clear, TTL 64) and UDP with
 * both checksums, the non-ESP marker before the payload whenever a port
 * is 4500, routed by the FIB like the router's other packets but never
 * into a tunnel by the SPD (RFC 4301 §5), resolved by ARP (queued while
 * the neighbour is unknown) and fragmented to the egress MTU. 0, or -1
 * with errno: ENETDOWN (no snapshot installed), EADDRNOTAVAIL (src is not
 * an address of an interface that is up), EINVAL (sport not 500 or 4500,
 * dport 0, dst not a unicast address elsewhere), EMSGSIZE (len over
 * IKE_DGRAM_MAX), ENETUNREACH (no route to dst). A drop on the way (ARP
 * gave up, a null route) is counted as for any packet, not reported.
 * The time is the engine's last (it never goes back).
 */
int		 engine_ike_send(struct engine *, const struct ike_dgram *);
/* A NAT-T keepalive (RFC 3948 §2.3: one byte 0xff, no marker) from
 * src:4500 to dst:dport; as engine_ike_send. */
int		 engine_ike_keepalive(struct engine *, uint32_t src, uint32_t dst,
		    uint16_t dport);

/* Counters. */
const struct port_counters *engine_port_counters(const struct engine *, unsigned port);
const struct engine_stats *engine_stats(const struct engine *);
void		 engine_clear_counters(struct engine *);
const char	*engine_drop_name(enum engine_drop);
/* The records of drops while `debug engine` is on (drop_ring.h); the
 * pointer stays valid for the engine's life. */
struct drop_ring;
struct drop_ring *engine_drop_ring(struct engine *);

/*
 * The SPD's hit counters, for show crypto spd: how many packets each entry
 * of the installed snapshot's SPD (by its index, in evaluation order)
 * matched. They live in the engine, not in the shared, read-only SPD, and
 * follow their entries from one snapshot to the next when the entries are
 * unchanged (ipsec_policy_carry); a changed or new entry starts at 0. If
 * the counters of a new SPD cannot be allocated, nothing is counted until
 * the next commit (the walk then reports 0).
 */
typedef bool (*engine_spd_fn)(void *arg, const struct cfg_spd_entry *, uint64_t hits);
/* Calls fn for every entry in order; stops early if fn returns false. */
void		 engine_spd_walk(const struct engine *, engine_spd_fn, void *arg);
void		 engine_spd_clear_hits(struct engine *);

/* Neighbours, for show arp. */
struct arp_info {
	uint32_t	 ip;
	uint16_t	 port;
	bool		 resolved;
	uint8_t		 mac[6];
	uint64_t	 age_ms;
};
/* Calls fn for every neighbour; stops early if fn returns false. */
void		 engine_arp_walk(const struct engine *, uint64_t now_ms,
		    bool (*fn)(void *, const struct arp_info *), void *arg);
void		 engine_arp_clear(struct engine *);

#endif
