/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipv4 - IPv4 input checks (RFC 1812 5.2.2), delivery to the router,
 * and the output path every IPv4 packet takes: FIB, next-hop choice
 * (ECMP by flow hash), TTL, MTU, ARP.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#include "lib/inet.h"

/* Whether dst is the directed broadcast of port p's network. */
static bool
directed_broadcast(const struct snap_port *p, uint32_t dst)
{
	return p->has_addr && p->plen < 31 &&
	    inet_host_bits(dst, p->plen) == ~inet_mask(p->plen) &&
	    ((dst ^ p->addr) & inet_mask(p->plen)) == 0;
}

/* Checks the header against the frame; returns the IPv4 length or 0. */
static size_t
checked_length(struct engine *e, unsigned port, const uint8_t *frame, size_t len)
{
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
	size_t avail = len - ETH_HLEN_, hl, tot;
	enum engine_drop why;

	if (avail < sizeof(*ip))
		why = DROP_IP_TRUNCATED;
	else if (ip->vhl >> 4 != 4)
		why = DROP_IP_VERSION;
	else if ((hl = ip_hlen(ip)) < sizeof(*ip) || hl > avail)
		why = DROP_IP_IHL;
	else if (pkt_cksum(ip, hl) != 0)
		why = DROP_IP_CHECKSUM;
	else if ((tot = ntohs(ip->len)) < hl || tot > avail)
		why = DROP_IP_LENGTH;
	else
		return tot;
	e->port[port].rx_errors++;
	engine_drop(e, why, port, frame, len);
	return 0;
}

/* The flow's hash, for ECMP: addresses, protocol, and ports when the
 * packet is not a fragment (later fragments carry no ports). */
static uint32_t
flow_hash(const struct ip_hdr *ip, size_t iplen)
{
	uint32_t h = ntohl(ip->src) * 0x9e3779b1u ^ ntohl(ip->dst);
	struct l4_ports ports;
	unsigned hl = ip_hlen(ip);

	h = (h ^ ip->proto) * 0x85ebca6bu;
	if ((ip->proto == IPPROTO_TCP_ || ip->proto == IPPROTO_UDP_) &&
	    (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) == 0 &&
	    iplen >= hl + sizeof(ports)) {
		memcpy(&ports, (const uint8_t *)ip + hl, sizeof(ports));
		h ^= ((uint32_t)ports.src << 16 | ports.dst) * 0xc2b2ae35u;
	}
	/* murmur3's finaliser: every input bit reaches the low bits */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ h >> 16;
}

/* Whether a TCP segment offloaded for segmentation fits mtu once cut. */
static bool
segments_fit(const struct ip_hdr *ip, size_t iplen, const struct pkt_offload *off,
    uint16_t mtu)
{
	unsigned hl = ip_hlen(ip);
	const uint8_t *tcp = (const uint8_t *)ip + hl;

	if (iplen < hl + 20)
		return false;
	return hl + (size_t)(tcp[12] >> 4) * 4 + off->gso_size <= mtu;
}

/* The next hop a fragment goes to. */
struct arp_hop {
	unsigned	 port;
	uint32_t	 next;
};

static void
to_arp(struct engine *e, uint8_t *frame, size_t len, void *arg)
{
	const struct arp_hop *h = arg;

	arp_output(e, h->port, h->next, frame, len, NULL);
}

/* A packet larger than the out port's MTU with DF clear: fragments (a
 * pending checksum is completed first). */
static void
too_big(struct engine *e, unsigned port, uint32_t next, uint8_t *frame,
    size_t len, const struct pkt_offload *off)
{
	struct pkt_offload o = off ? *off : (struct pkt_offload){ 0 };
	struct arp_hop hop = { port, next };

	if (o.gso_type != PKT_GSO_NONE)
		engine_drop(e, DROP_GSO_TOO_BIG, port, frame, len);
	else if (!pkt_finish_csum(frame, len, &o))
		engine_drop(e, DROP_BAD_OFFLOAD, port, frame, len);
	else
		ip_fragment(e, port, frame, len, e->snap->port[port].mtu, to_arp, &hop);
}

uint16_t
ipv4_next_id(struct engine *e)
{
	return htons(++e->ip_id);
}

/*
 * Routes a packet by g, the route of its destination (NULL: none), which
 * is not one of the router's addresses: next hop, TTL, MTU, ARP.
 */
static void
route_out(struct engine *e, unsigned in_port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, bool forwarding, const struct snap_group *g)
{
	struct ip_hdr *ip = frame_ip(frame);
	struct eth_hdr *eh = (struct eth_hdr *)(void *)frame;
	uint32_t dst = ntohl(ip->dst), next;
	const struct snap_port *p;
	const struct snap_nh *nh;
	size_t iplen = len - ETH_HLEN_;
	bool gso = off != NULL && off->gso_type != PKT_GSO_NONE, fits;

	if (g == NULL) {
		engine_drop(e, DROP_NO_ROUTE, in_port, frame, len);
		icmp_error(e, in_port, frame, len, ICMP_UNREACH, ICMP_UNREACH_NET, 0);
		return;
	}
	nh = &e->snap->nh[g->first];
	if (g->count > 1)
		nh += flow_hash(ip, iplen) % g->count;
	if (nh->kind == NH_DISCARD) {
		engine_drop(e, DROP_NULL_ROUTE, in_port, frame, len);
		return;
	}
	if (nh->kind == NH_IPSEC) {
		ipsec_output(e, in_port, nh->tunnel, frame, len, off, forwarding);
		return;
	}
	p = &e->snap->port[nh->port];
	next = nh->kind == NH_GATEWAY ? nh->gw : dst;
	if (g->connected && directed_broadcast(p, dst)) {
		/* RFC 2644: not forwarded */
		engine_drop(e, DROP_IP_BROADCAST, in_port, frame, len);
		return;
	}
	memcpy(eh->src, p->mac, 6);
	eh->type = htons(ETHTYPE_IPV4);
	fits = iplen <= p->mtu || (gso && segments_fit(ip, iplen, off, p->mtu));
	if (!fits && (ntohs(ip->off) & IP_DF)) {
		/* the error quotes the header as it came in */
		engine_drop(e, DROP_FRAG_NEEDED, in_port, frame, len);
		icmp_error(e, in_port, frame, len, ICMP_UNREACH,
		    ICMP_UNREACH_NEEDFRAG, p->mtu);
		return;
	}
	if (forwarding) {
		pkt_ip_dec_ttl(ip);
		e->stats.forwarded++;
	}
	if (!fits) {
		too_big(e, nh->port, next, frame, len, off);
		return;
	}
	arp_output(e, nh->port, next, frame, len, off);
}

void
ipv4_output(struct engine *e, unsigned in_port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, bool forwarding)
{
	uint32_t dst = ntohl(frame_ip(frame)->dst);
	const struct snap_group *g = snapshot_route(e->snap, dst);

	if (snapshot_route_local(e->snap, g, dst) >= 0)
		/* the router talking to itself: the kernel's side serves it */
		engine_punt(e, frame, len, off);
	else if (!ipsec_policy(e, in_port, frame, len, off, FROM_ROUTER))
		route_out(e, in_port, frame, len, off, forwarding, g);
}

/* For the router: IPsec and IKE to the IPsec path (not what came out of
 * a tunnel: nothing is decapsulated twice), echo answered here, the rest
 * to the kernel. */
static void
local_input(struct engine *e, unsigned port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, bool from_tunnel)
{
	struct ip_hdr *ip = frame_ip(frame);

	e->stats.local++;
	if (!from_tunnel && ipsec_input(e, port, frame, len, off))
		return;
	if (ip->proto == IPPROTO_ICMP_ && (ntohs(ip->off) & (IP_MF | IP_OFFMASK)) == 0 &&
	    (off == NULL || off->flags == 0) && icmp_echo(e, port, frame, len))
		return;
	engine_punt(e, frame, len, off);
}

void
ipv4_input(struct engine *e, unsigned port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, bool l2_group)
{
	size_t tot;

	if ((tot = checked_length(e, port, frame, len)) == 0)
		return;
	len = ETH_HLEN_ + tot;		/* Ethernet padding goes */
	if (port == ENGINE_PORT_PUNT) {
		ipv4_output(e, port, frame, len, off, false);
		return;
	}
	if (port == SNAP_PORT_VPORT &&
	    !snapshot_vport_user(e->snap, ntohl(frame_ip(frame)->src))) {
		engine_drop(e, DROP_SSLVPN_SPOOF, port, frame, len);
		return;
	}
	ipv4_receive(e, port, frame, len, off, l2_group, false);
}

void
ipv4_receive(struct engine *e, unsigned port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, bool l2_group, bool from_tunnel)
{
	struct ip_hdr *ip = frame_ip(frame);
	uint32_t src = ntohl(ip->src), dst = ntohl(ip->dst);
	const struct snap_group *g;

	if (ip_martian(src) || ip_multicast(src) || ip_martian(dst) ||
	    snapshot_local_port(e->snap, src) >= 0) {
		engine_drop(e, DROP_IP_MARTIAN, port, frame, len);
		return;
	}
	if (ip_multicast(dst) || directed_broadcast(&e->snap->port[port], dst)) {
		engine_drop(e, DROP_IP_BROADCAST, port, frame, len);
		return;
	}
	/* one lookup of the destination serves both the local check and the
	 * forwarding */
	g = snapshot_route(e->snap, dst);
	if (snapshot_route_local(e->snap, g, dst) >= 0) {
		local_input(e, port, frame, len, off, from_tunnel);
		return;
	}
	if (l2_group) {
		/* RFC 1812 5.3.4: never forwarded, silently dropped */
		engine_drop(e, DROP_L2_BROADCAST, port, frame, len);
		return;
	}
	if (ip->ttl <= 1) {
		engine_drop(e, DROP_TTL_EXCEEDED, port, frame, len);
		icmp_error(e, port, frame, len, ICMP_TIMXCEED, 0, 0);
		return;
	}
	/* the SPD before the FIB */
	if (ipsec_policy(e, port, frame, len, off, from_tunnel ? FROM_TUNNEL : FROM_WIRE))
		return;
	route_out(e, port, frame, len, off, true, g);
}
