/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snapshot - turns a committed configuration and its RIB into the tables
 * the engine forwards with. Groups are indexed by the RIB index of each
 * installed prefix's first candidate, so the RIB's FIB is used as is and a
 * commit of a million routes builds no second trie.
 */
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_sslvpn.h"
#include "lib/inet.h"
#include "sslvpn/sslvpn_limits.h"

static void
build_ports(struct snapshot *s, const struct config *c,
    int (*slot_of)(void *, const char *), void *arg)
{
	const struct cfg_interface *i;
	struct snap_port *p;
	int slot;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i)) {
		if ((slot = slot_of(arg, i->name)) < 0 || slot >= SNAP_MAX_PORTS)
			continue;
		p = &s->port[slot];
		p->present = true;
		p->up = !i->shutdown;
		p->has_addr = i->has_addr;
		p->addr = i->addr;
		p->plen = i->plen;
		p->mtu = i->mtu;
		if (i->has_mac)
			memcpy(p->mac, i->mac, sizeof(p->mac));
		p->arp_timeout = i->arp_timeout ? i->arp_timeout : SNAP_DEFAULT_ARP_TIMEOUT;
		snprintf(p->name, sizeof(p->name), "%s", i->name);
	}
}

/* The source of the virtual port's ICMP errors: the listen address, else
 * the first address of an interface that is up, else none. */
static uint32_t
vport_source(const struct config *c, const struct cfg_sslvpn *v)
{
	const struct cfg_interface *i;

	if (v->has_listen)
		return v->listen;
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (i->has_addr && !i->shutdown)
			return i->addr;
	return 0;
}

/* The virtual port, when the configuration has it (snapshot.h). */
static void
build_vport(struct snapshot *s, const struct config *c)
{
	const struct cfg_sslvpn *v = config_sslvpn(c);
	struct snap_port *p = &s->port[SNAP_PORT_VPORT];

	if (v == NULL || v->shutdown || !v->has_pool)
		return;
	p->present = true;
	p->up = true;
	p->mtu = SSLVPN_MTU;
	snprintf(p->name, sizeof(p->name), "%s", RIB_VPORT_NAME);
	s->vport.pool = v->pool & inet_mask(v->pool_plen);
	s->vport.plen = v->pool_plen;
	s->vport.src = vport_source(c, v);
}

/* The next hop of one installed candidate; false if it has no port (or
 * tunnel). */
static bool
next_hop(const struct snapshot *s, const struct rib_route *r,
    int (*slot_of)(void *, const char *), void *arg, struct snap_nh *nh)
{
	int slot, tunnel;

	memset(nh, 0, sizeof(*nh));
	if (r->origin == RIB_STATIC && r->nh_kind == NH_NULL0) {
		nh->kind = NH_DISCARD;
		return true;
	}
	if (r->origin == RIB_STATIC && r->nh_kind == NH_TUNNEL) {
		if ((tunnel = ipsec_tunnel_index(s->ipsec, r->nh_name)) < 0)
			return false;
		nh->kind = NH_IPSEC;
		nh->tunnel = (uint32_t)tunnel;
		return true;
	}
	if (r->vport) {
		nh->kind = NH_ONLINK;
		nh->port = SNAP_PORT_VPORT;
		return s->port[SNAP_PORT_VPORT].present;
	}
	if ((slot = slot_of(arg, r->out_if)) < 0)
		return false;
	nh->port = (uint16_t)slot;
	if (r->origin == RIB_STATIC && r->nh_kind == NH_ADDRESS) {
		nh->kind = NH_GATEWAY;
		nh->gw = r->nh_addr;
	} else
		nh->kind = NH_ONLINK;
	return true;
}

struct snapshot *
snapshot_build(const struct config *c, const struct rib *rib,
    int (*slot_of)(void *, const char *), void *arg, uint64_t generation)
{
	size_t n = rib_count(rib), i, j, ngroups = 0, nnh = 0;
	const struct rib_route *r, *first;
	struct snapshot *s;
	struct snap_group *g;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->generation = generation;
	s->fib = rib_fib(rib);
	s->group_of = malloc((n ? n : 1) * sizeof(*s->group_of));
	s->group = malloc((n ? n : 1) * sizeof(*s->group));
	s->nh = malloc((n ? n : 1) * sizeof(*s->nh));
	s->ipsec = ipsec_tables_build(c, rib);
	if (s->group_of == NULL || s->group == NULL || s->nh == NULL || s->ipsec == NULL) {
		snapshot_free(s);
		return NULL;
	}
	build_ports(s, c, slot_of, arg);
	build_vport(s, c);
	for (i = 0; i < n; i = j) {
		first = rib_route(rib, i);
		s->group_of[i] = UINT32_MAX;
		g = &s->group[ngroups];
		g->first = (uint32_t)nnh;
		g->count = 0;
		g->connected = first->origin == RIB_CONNECTED;
		for (j = i; j < n; j++) {
			r = rib_route(rib, j);
			if (r->prefix != first->prefix || r->plen != first->plen)
				break;
			if (j > i)
				s->group_of[j] = UINT32_MAX;
			if (r->installed && g->count < UINT16_MAX &&
			    next_hop(s, r, slot_of, arg, &s->nh[nnh])) {
				nnh++;
				g->count++;
			}
		}
		if (g->count > 0)
			s->group_of[i] = (uint32_t)ngroups++;
	}
	return s;
}

void
snapshot_free(struct snapshot *s)
{
	if (s == NULL)
		return;
	free(s->group_of);
	free(s->group);
	free(s->nh);
	ipsec_tables_free(s->ipsec);
	free(s);
}

const struct snap_group *
snapshot_route(const struct snapshot *s, uint32_t addr)
{
	uint32_t v = fib_lookup(s->fib, addr);

	if (v == FIB_NONE || s->group_of[v] == UINT32_MAX)
		return NULL;
	return &s->group[s->group_of[v]];
}

int
snapshot_local_port(const struct snapshot *s, uint32_t addr)
{
	return snapshot_route_local(s, snapshot_route(s, addr), addr);
}

bool
snapshot_vport_user(const struct snapshot *s, uint32_t addr)
{
	const struct snap_vport *v = &s->vport;
	uint32_t host = inet_host_bits(addr, v->plen);

	return s->port[SNAP_PORT_VPORT].present &&
	    ((addr ^ v->pool) & inet_mask(v->plen)) == 0 &&
	    host != 0 && host != ~inet_mask(v->plen);
}

uint32_t
snapshot_port_source(const struct snapshot *s, unsigned port)
{
	if (port == SNAP_PORT_VPORT)
		return s->vport.src;
	return port < SNAP_MAX_PORTS && s->port[port].has_addr ? s->port[port].addr : 0;
}

int
snapshot_route_local(const struct snapshot *s, const struct snap_group *g,
    uint32_t addr)
{
	const struct snap_nh *nh;

	if (g == NULL || !g->connected)
		return -1;
	nh = &s->nh[g->first];
	if (s->port[nh->port].has_addr && s->port[nh->port].addr == addr)
		return nh->port;
	return -1;
}
