/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine - the engine's frame entry point (Ethernet in), its transmit
 * path and counters, and the installation of snapshots.
 */
#include "engine_impl.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static const char *const drop_names[DROP_COUNT] = {
#define ENGINE_DROP_NAME(name, text) text,
	ENGINE_DROPS(ENGINE_DROP_NAME)
#undef ENGINE_DROP_NAME
};

struct engine *
engine_new(engine_tx_fn tx, void *arg)
{
	struct engine *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	if ((e->sadb = sadb_new()) == NULL) {
		free(e);
		return NULL;
	}
	e->tx = tx;
	e->tx_arg = arg;
	e->icmp_tokens = ENGINE_ICMP_RATE;
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	arp_flush_all(e);
	ip_reass_flush(e);
	sadb_free(e->sadb);
	free(e->spd_hits);
	free(e);
}

/* Whether a port's addressing changed so that neighbours must hear of it. */
static bool
announce(const struct snap_port *old, const struct snap_port *new)
{
	if (!new->present || !new->up || !new->has_addr)
		return false;
	return old == NULL || !old->present || !old->up || !old->has_addr ||
	    old->addr != new->addr || memcmp(old->mac, new->mac, 6) != 0;
}

/* The hit counters of s's SPD, carried over from old's where the entries
 * are the same. Allocated here, under the caller's lock, once per commit. */
static void
spd_hits_install(struct engine *e, const struct snapshot *old, const struct snapshot *s)
{
	uint32_t n = s != NULL ? s->ipsec->npolicy : 0, i, *from = NULL;
	uint64_t *hits = NULL;

	if (n > 0 && (hits = calloc(n, sizeof(*hits))) != NULL &&
	    (from = malloc(n * sizeof(*from))) != NULL &&
	    ipsec_policy_carry(old != NULL ? old->ipsec : NULL, s->ipsec, from))
		for (i = 0; i < n; i++)
			if (from[i] < e->nspd_hits)
				hits[i] = e->spd_hits[from[i]];
	free(from);
	free(e->spd_hits);
	e->spd_hits = hits;
	e->nspd_hits = hits != NULL ? n : 0;
}

struct snapshot *
engine_install(struct engine *e, struct snapshot *s, uint64_t now_ms)
{
	struct snapshot *old = e->snap;
	const struct snap_port *o;
	unsigned p;

	e->now_ms = now_ms;
	e->snap = s;
	e->ipsec_bound = false;		/* the SAs find their tunnels anew */
	spd_hits_install(e, old, s);
	if (s == NULL) {
		arp_flush_all(e);
		return old;
	}
	for (p = 0; p < SNAP_MAX_PORTS; p++) {
		o = old ? &old->port[p] : NULL;
		if (o != NULL && o->present && (!s->port[p].present ||
		    !s->port[p].up || s->port[p].addr != o->addr ||
		    s->port[p].plen != o->plen))
			arp_flush_port(e, p);
		if (announce(o, &s->port[p]))
			arp_gratuitous(e, p);
	}
	return old;
}

void
engine_set_punt(struct engine *e, const uint8_t mac[6])
{
	e->punt_up = mac != NULL;
	if (mac != NULL)
		memcpy(e->punt_mac, mac, 6);
}

void
engine_set_uso(struct engine *e, bool on)
{
	e->uso = on;
}

void
engine_port_reset(struct engine *e, unsigned port)
{
	tcp_run_forget(e, port);
	arp_flush_port(e, port);
	memset(&e->port[port], 0, sizeof(e->port[port]));
}

void
engine_drop_record(struct engine *e, enum engine_drop why, unsigned port,
    const uint8_t *frame, size_t len)
{
	const struct snap_port *p = e->snap != NULL && port < SNAP_NPORTS ?
	    &e->snap->port[port] : NULL;
	const char *name = p != NULL && p->present ? p->name : NULL;
	struct drop_record r;

	if (port == SNAP_PORT_VPORT)	/* named even while absent */
		name = RIB_VPORT_NAME;
	drop_record_fill(&r, why, port, name, frame, len);
	drop_ring_put(&e->drop_ring, &r);
}

struct drop_ring *
engine_drop_ring(struct engine *e)
{
	return &e->drop_ring;
}

/* The bytes a frame counts on port: the virtual port's carry no Ethernet
 * header. */
static size_t
wire_bytes(unsigned port, size_t len)
{
	return port == SNAP_PORT_VPORT ? len - ETH_HLEN_ : len;
}

bool
engine_send(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	static const struct pkt_offload none;

	if (e->gro_on && tcp_run_add(e, port, frame, len, off ? off : &none))
		return true;
	return engine_transmit(e, port, frame, len, off);
}

bool
engine_transmit(struct engine *e, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	static const struct pkt_offload none;

	if (!e->tx(e->tx_arg, port, frame, len, off ? off : &none)) {
		e->port[port].tx_errors++;
		engine_drop(e, DROP_TX_ERROR, port, frame, len);
		return false;
	}
	e->port[port].tx_packets++;
	e->port[port].tx_bytes += wire_bytes(port, len);
	return true;
}

void
engine_tx_failed(struct engine *e, unsigned port, size_t len)
{
	if (port >= ENGINE_NPORTS)
		return;
	e->port[port].tx_packets--;
	e->port[port].tx_bytes -= wire_bytes(port, len);
	e->port[port].tx_errors++;
	engine_drop(e, DROP_TX_ERROR, port, NULL, 0);
}

void
engine_punt(struct engine *e, uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct eth_hdr *eh = (struct eth_hdr *)(void *)frame;

	if (!e->punt_up) {
		engine_drop(e, DROP_PUNT_UNAVAILABLE, ENGINE_PORT_PUNT, frame,
		    len);
		return;
	}
	memcpy(eh->dst, e->punt_mac, 6);
	eh->type = htons(ETHTYPE_IPV4);	/* frames the engine built have none yet */
	if (engine_send(e, ENGINE_PORT_PUNT, frame, len, off))
		e->stats.punted++;
}

static bool
for_us(const struct snap_port *p, const uint8_t *dst)
{
	return (dst[0] & 1) != 0 || memcmp(dst, p->mac, 6) == 0;
}

void
engine_input(struct engine *e, unsigned port, uint8_t *frame, size_t len,
    const struct pkt_offload *off, uint64_t now_ms)
{
	const struct eth_hdr *eh = (const struct eth_hdr *)(void *)frame;
	const struct snap_port *p;
	uint16_t type;

	e->now_ms = now_ms;
	if (port >= ENGINE_NPORTS || e->snap == NULL)
		return;
	if (port == SNAP_PORT_VPORT) {
		vport_input(e, frame, len, off);
		return;
	}
	if (off != NULL && off->gso_type == PKT_GSO_UDP_L4 && len >= ETH_HLEN_ &&
	    eh->type == htons(ETHTYPE_IPV4)) {
		udp_gso_input(e, port, frame, len, off);
		return;
	}
	e->port[port].rx_packets++;
	e->port[port].rx_bytes += len;
	if (len < ETH_HLEN_) {
		e->port[port].rx_errors++;
		engine_drop(e, DROP_RUNT, port, frame, len);
		return;
	}
	type = ntohs(eh->type);
	if (port == ENGINE_PORT_PUNT) {
		/* the kernel's own packets: it is the router speaking */
		if (type == ETHTYPE_IPV4)
			ipv4_input(e, port, frame, len, off, false);
		else
			engine_drop(e, DROP_PUNT_NOT_IP, port, frame, len);
		return;
	}
	p = &e->snap->port[port];
	if (!p->present || !p->up) {
		engine_drop(e, DROP_PORT_DOWN, port, frame, len);
		return;
	}
	if (!for_us(p, eh->dst)) {
		engine_drop(e, DROP_NOT_OUR_MAC, port, frame, len);
		return;
	}
	if (type == ETHTYPE_ARP)
		arp_input(e, port, frame, len);
	else if (type == ETHTYPE_IPV4)
		ipv4_input(e, port, frame, len, off, (eh->dst[0] & 1) != 0);
	else
		engine_drop(e, DROP_ETHERTYPE, port, frame, len);
}

void
engine_tick(struct engine *e, uint64_t now_ms)
{
	e->now_ms = now_ms;
	arp_tick(e);
	ip_reass_tick(e);
}

struct ipsec_sadb *
engine_sadb(struct engine *e)
{
	return e->sadb;
}

const struct port_counters *
engine_port_counters(const struct engine *e, unsigned port)
{
	return &e->port[port];
}

const struct engine_stats *
engine_stats(const struct engine *e)
{
	return &e->stats;
}

void
engine_clear_counters(struct engine *e)
{
	memset(e->port, 0, sizeof(e->port));
	memset(&e->stats, 0, sizeof(e->stats));
}

void
engine_spd_walk(const struct engine *e, engine_spd_fn fn, void *arg)
{
	const struct ipsec_tables *t = e->snap != NULL ? e->snap->ipsec : NULL;
	struct cfg_spd_entry entry;
	uint32_t i;

	for (i = 0; t != NULL && i < t->npolicy; i++) {
		ipsec_policy_entry(t, i, &entry);
		if (!fn(arg, &entry, i < e->nspd_hits ? e->spd_hits[i] : 0))
			return;
	}
}

void
engine_spd_clear_hits(struct engine *e)
{
	if (e->nspd_hits > 0)
		memset(e->spd_hits, 0, e->nspd_hits * sizeof(*e->spd_hits));
}

const char *
engine_drop_name(enum engine_drop d)
{
	return d < DROP_COUNT ? drop_names[d] : "?";
}
