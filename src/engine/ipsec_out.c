/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipsec_out - the outbound half of the engine's IPsec path (engine.h):
 * the SPD's say on forwarded packets, and a packet into a tunnel: fitted
 * to the tunnel MTU (MSS clamp, segmentation of offloaded TCP, ICMP or
 * fragmentation), encapsulated by the tunnel's outbound SA (src/ipsec/
 * esp.c), the outer packet routed toward the peer.
 *
 * Each piece a packet becomes (segment, fragment, or the packet itself)
 * is sealed on its own as it is made (the ESP in UDP of one offloaded
 * frame's segments then leaves in runs, udp_gso.c); a burst's seals could
 * later be collected and run together, since a piece needs nothing of the
 * others.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <string.h>

#define TCPIP_HLEN	40	/* IPv4 and TCP headers without options */

/* What every piece of one packet into a tunnel shares. */
struct tunnel_out {
	struct ipsec_sa	*sa;
	unsigned	 port;		/* where the outer packets leave */
	uint32_t	 next;		/* and their next hop */
	struct uso_run	 run;		/* segments' ESP in UDP, gathered */
};

static int
index_of(void *arg, const char *name)
{
	return ipsec_tunnel_index(arg, name);
}

void
ipsec_bind(struct engine *e)
{
	struct ipsec_tables *t = e->snap->ipsec;

	if (e->ipsec_bound && e->ipsec_gen == sadb_generation(e->sadb))
		return;
	sadb_bind(e->sadb, index_of, t, e->tunnel_sa,
	    t->ntunnels < IPSEC_MAX_TUNNELS ? t->ntunnels : IPSEC_MAX_TUNNELS);
	e->ipsec_bound = true;
	e->ipsec_gen = sadb_generation(e->sadb);
}

/* IKE (UDP port 500 or 4500 at either end): RFC 4301 §5 wants the
 * router's own IKE to pass whatever the SPD says. */
static bool
is_ike(const struct spd_key *k)
{
	return k->proto == IPPROTO_UDP_ && k->has_ports &&
	    (k->sport == 500 || k->dport == 500 || k->sport == ESP_NATT_PORT ||
	    k->dport == ESP_NATT_PORT);
}

bool
ipsec_policy(struct engine *e, unsigned in_port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, enum ipsec_origin from)
{
	const struct ipsec_tables *t = e->snap->ipsec;
	struct spd_key k, rev;
	uint32_t ix;

	if (t->spd == NULL)
		return false;
	spd_key_of((const uint8_t *)frame_ip(frame), len - ETH_HLEN_, &k);
	if (from == FROM_ROUTER && is_ike(&k))
		return false;
	if ((ix = spd_lookup(t->spd, &k)) != SPD_NO_MATCH) {
		if (ix < e->nspd_hits)
			e->spd_hits[ix]++;
		if (t->policy[ix].action == IPSEC_PROTECT) {
			ipsec_output(e, in_port, t->policy[ix].tunnel, frame, len, off,
			    from != FROM_ROUTER);
			return true;
		}
		if (t->policy[ix].action == IPSEC_DISCARD) {
			engine_drop(e, DROP_IPSEC_DISCARD, in_port, frame, len);
			return true;
		}
	}
	if (from != FROM_WIRE)
		return false;
	/* in clear, though the SPD read the other way says it should have
	 * come through a tunnel (the mirror image of a protect entry) */
	spd_key_reverse(&k, &rev);
	ix = spd_lookup(t->spd, &rev);
	if (ix == SPD_NO_MATCH || t->policy[ix].action != IPSEC_PROTECT)
		return false;
	engine_drop(e, DROP_IPSEC_CLEARTEXT, in_port, frame, len);
	return true;
}

/* The next hop of the outer packets toward sa's peer: never the router
 * itself, null0 or a tunnel (no ESP inside ESP). False if there is none. */
static bool
outer_hop(struct engine *e, struct tunnel_out *to)
{
	const struct snap_group *g = snapshot_route(e->snap, to->sa->peer);
	const struct snap_nh *nh;

	if (g == NULL || snapshot_route_local(e->snap, g, to->sa->peer) >= 0)
		return false;
	/* one SA's packets keep to one path, so they stay in order */
	nh = &e->snap->nh[g->first + to->sa->spi % g->count];
	if (nh->kind != NH_ONLINK && nh->kind != NH_GATEWAY)
		return false;
	to->port = nh->port;
	to->next = nh->kind == NH_GATEWAY ? nh->gw : to->sa->peer;
	return true;
}

/* Encapsulates one whole inner packet into out (cap bytes): the outer
 * frame's length, its Ethernet source and type set; 0 if it was dropped. */
static size_t
encap(struct engine *e, const struct tunnel_out *to, uint8_t *frame, size_t len,
    uint8_t *out, size_t cap)
{
	const struct snap_port *p = &e->snap->port[to->port];
	struct eth_hdr *eh = (struct eth_hdr *)(void *)out;
	enum ipsec_drop why;

	why = esp_encap(to->sa, frame + ETH_HLEN_, len - ETH_HLEN_, ipv4_next_id(e),
	    e->now_ms, out + ETH_HLEN_, cap - ETH_HLEN_);
	if (why != IPSEC_PASS) {
		engine_drop(e, engine_ipsec_drop(why), to->port, frame, len);
		return 0;
	}
	memcpy(eh->src, p->mac, 6);
	eh->type = htons(ETHTYPE_IPV4);
	return ETH_HLEN_ + esp_outer_len(to->sa, len - ETH_HLEN_);
}

/* Seals one whole inner packet (a frame_sink) and sends the outer packet
 * on its way. */
static void
seal(struct engine *e, uint8_t *frame, size_t len, void *arg)
{
	const struct tunnel_out *to = arg;
	size_t n = encap(e, to, frame, len, e->esp_buf, sizeof(e->esp_buf));

	if (n != 0)
		arp_output(e, to->port, to->next, e->esp_buf, n, NULL);
}

/* Seals one segment (a frame_sink) into the tunnel's run of ESP in UDP,
 * in place (its outer headers are an IPv4 header without options and a
 * UDP header). */
static void
seal_into_run(struct engine *e, uint8_t *frame, size_t len, void *arg)
{
	struct tunnel_out *to = arg;
	size_t outer = ETH_HLEN_ + esp_outer_len(to->sa, len - ETH_HLEN_);
	uint8_t *at = uso_next(e, &to->run, ETH_HLEN_ + 20 + PKT_UDP_HLEN, outer);

	uso_built(&to->run, encap(e, to, frame, len, at,
	    (size_t)(e->uso_buf + sizeof(e->uso_buf) - at)) != 0);
}

/* An offloaded TCP frame: cut into segments that fit the tunnel (never
 * dropped for its size), each sealed. */
static void
segment_into(struct engine *e, unsigned in_port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, uint16_t mtu, struct tunnel_out *to)
{
	const struct ip_hdr *ip = frame_ip(frame);
	size_t iplen = len - ETH_HLEN_, hl = ip_hlen(ip), th;
	uint16_t mss = off->gso_size;
	bool uso;

	if (off->gso_type != PKT_GSO_TCPV4 || iplen < hl + 20) {
		engine_drop(e, DROP_BAD_OFFLOAD, in_port, frame, len);
		return;
	}
	th = (size_t)(frame[ETH_HLEN_ + hl + 12] >> 4) * 4;
	if (hl + th >= mtu) {
		engine_drop(e, DROP_GSO_TOO_BIG, in_port, frame, len);
		return;
	}
	if (hl + th + mss > mtu)
		mss = (uint16_t)(mtu - hl - th);
	/* the segments' ESP in UDP, equal but the last, leave together when
	 * the port takes UDP segmentation offload (udp_gso.c) */
	uso = e->uso && to->sa->encap_dport != 0 && to->port != SNAP_PORT_VPORT;
	to->run = (struct uso_run){ .port = to->port, .next = to->next };
	if (!tcp_segment(e, frame, len, mss, uso ? seal_into_run : seal, to))
		engine_drop(e, DROP_BAD_OFFLOAD, in_port, frame, len);
	uso_flush(e, &to->run);
}

void
ipsec_output(struct engine *e, unsigned in_port, uint32_t tunnel, uint8_t *frame,
    size_t len, const struct pkt_offload *off, bool forwarding)
{
	const struct ipsec_tables *t = e->snap->ipsec;
	struct pkt_offload o = off ? *off : (struct pkt_offload){ 0 };
	struct ip_hdr *ip = frame_ip(frame);
	size_t iplen = len - ETH_HLEN_;
	struct tunnel_out to;
	uint16_t mtu;

	ipsec_bind(e);
	if (tunnel >= t->ntunnels || tunnel >= IPSEC_MAX_TUNNELS ||
	    t->tunnel[tunnel].shutdown || (to.sa = e->tunnel_sa[tunnel]) == NULL) {
		engine_drop(e, DROP_IPSEC_NO_SA, in_port, frame, len);
		return;
	}
	if (!outer_hop(e, &to)) {
		engine_drop(e, DROP_IPSEC_PEER_UNROUTED, in_port, frame, len);
		return;
	}
	mtu = esp_tunnel_mtu(to.sa, e->snap->port[to.port].mtu);
	if (o.gso_type == PKT_GSO_NONE && iplen > mtu && (ntohs(ip->off) & IP_DF)) {
		/* the error quotes the header as it came in */
		engine_drop(e, DROP_FRAG_NEEDED, in_port, frame, len);
		icmp_error(e, in_port, frame, len, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, mtu);
		return;
	}
	if (forwarding) {
		pkt_ip_dec_ttl(ip);
		e->stats.forwarded++;
	}
	if (o.gso_type != PKT_GSO_NONE) {
		segment_into(e, in_port, frame, len, &o, mtu, &to);
		return;
	}
	/* the checksum must be whole before it is encrypted */
	if (!pkt_finish_csum(frame, len, &o)) {
		engine_drop(e, DROP_BAD_OFFLOAD, in_port, frame, len);
		return;
	}
	if (iplen > mtu) {
		ip_fragment(e, in_port, frame, len, mtu, seal, &to);
		return;
	}
	if (mtu > TCPIP_HLEN)
		tcp_clamp_mss(frame, len, (uint16_t)(mtu - TCPIP_HLEN));
	seal(e, frame, len, &to);
}
