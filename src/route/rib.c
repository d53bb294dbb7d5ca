/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rib - candidate routes, selection, and the FIB; see rib.h. */
#include "rib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_sslvpn.h"
#include "fib.h"
#include "lib/inet.h"

struct rib {
	struct rib_route	*r;
	size_t			 n, cap;
	struct fib		*fib;	/* value: index of a prefix's first candidate */
};

/* Prefix order: the key of a candidate's place in the RIB. */
static int
prefix_order(uint32_t p1, uint8_t l1, uint32_t p2, uint8_t l2)
{
	if (p1 != p2)
		return p1 < p2 ? -1 : 1;
	return l1 < l2 ? -1 : l1 > l2;
}

/* Within one prefix: up routes first, then by priority, connected first. */
static int
candidate_order(const void *a, const void *b)
{
	const struct rib_route *x = a, *y = b;
	int c = prefix_order(x->prefix, x->plen, y->prefix, y->plen);

	if (c != 0)
		return c;
	if ((x->why == NULL) != (y->why == NULL))
		return x->why == NULL ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->origin - y->origin;
}

/* A new connected route at the end of v (n of cap), zeroed but for what
 * every connected route has; NULL when memory runs out (v is then
 * freed). */
static struct rib_route *
add_connected(struct rib_route **v, size_t *n, size_t *cap, uint32_t addr,
    uint8_t plen, const char *out_if)
{
	struct rib_route *grown, *r;

	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		if ((grown = realloc(*v, *cap * sizeof(**v))) == NULL) {
			free(*v);
			return NULL;
		}
		*v = grown;
	}
	r = memset(&(*v)[(*n)++], 0, sizeof(**v));
	r->prefix = addr & inet_mask(plen);
	r->plen = plen;
	r->origin = RIB_CONNECTED;
	r->nh_kind = NH_INTERFACE;
	r->nh_name = r->out_if = out_if;
	r->track = "";
	return r;
}

/* The connected routes (the interfaces' networks, the SSL-VPN pool), in
 * candidate order, and how many in *nout; false when memory runs out. */
static bool
connected_routes(const struct config *c, struct rib_route **out, size_t *nout)
{
	const struct cfg_sslvpn *ssl = config_sslvpn(c);
	const struct cfg_interface *i;
	struct rib_route *v = NULL, *r;
	size_t n = 0, cap = 0;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i)) {
		if (!i->has_addr)
			continue;
		if ((r = add_connected(&v, &n, &cap, i->addr, i->plen, i->name)) == NULL)
			return false;
		r->why = i->shutdown ? "interface shut down" : NULL;
	}
	if (ssl != NULL && ssl->has_pool) {
		if ((r = add_connected(&v, &n, &cap, ssl->pool, ssl->pool_plen,
		    RIB_VPORT_NAME)) == NULL)
			return false;
		r->vport = true;
		r->why = ssl->shutdown ? "ssl-vpn shut down" : NULL;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), candidate_order);
	*out = v;
	*nout = n;
	return true;
}

/* The up connected route of an interface that covers addr most
 * specifically, or NULL (the pool is no link a gateway can be on: the
 * virtual port delivers by destination, not by next hop). */
static const struct rib_route *
connected_for(const struct rib_route *conn, size_t nconn, uint32_t addr)
{
	const struct rib_route *best = NULL;
	size_t i;

	for (i = 0; i < nconn; i++)
		if (conn[i].why == NULL && !conn[i].vport &&
		    ((addr ^ conn[i].prefix) & inet_mask(conn[i].plen)) == 0 &&
		    (best == NULL || conn[i].plen > best->plen))
			best = &conn[i];
	return best;
}

/* Whether the routes through tunnels may be installed, as rib_build_tunnels
 * was told. */
struct tunnel_state {
	rib_tunnel_up_fn up;
	void		*arg;
};

static void
static_route(struct rib_route *r, const struct config *c,
    const struct cfg_route *cr, const struct rib_route *conn, size_t nconn,
    const struct tunnel_state *ts)
{
	const struct cfg_interface *ifp;
	const struct rib_route *via;

	memset(r, 0, sizeof(*r));
	r->prefix = cr->prefix;
	r->plen = cr->plen;
	r->origin = RIB_STATIC;
	r->priority = cr->priority;
	r->nh_kind = cr->nh_kind;
	r->nh_addr = cr->nh_addr;
	r->nh_name = cr->nh_name;
	r->out_if = "";
	r->track = cr->track;
	switch (cr->nh_kind) {
	case NH_ADDRESS:
		if ((via = connected_for(conn, nconn, cr->nh_addr)) != NULL)
			r->out_if = via->out_if;
		else
			r->why = "next hop unreachable";
		break;
	case NH_INTERFACE:
		ifp = config_interface_find((struct config *)(uintptr_t)c, cr->nh_name);
		r->out_if = cr->nh_name;
		if (ifp == NULL || ifp->shutdown)
			r->why = "interface shut down";
		break;
	case NH_TUNNEL:
		/* the packet leaves by whatever port leads to the tunnel's
		 * peer: the engine routes the outer packet */
		if (ts->up == NULL || !ts->up(ts->arg, cr->nh_name))
			r->why = "tunnel down";
		break;
	case NH_NULL0:
		break;
	}
	if (r->why == NULL && cr->track[0] != '\0')
		r->why = "track down";
}

/*
 * Every candidate in candidate order without sorting a million of them:
 * static routes come from the configuration already in prefix order, the
 * few connected ones are merged in, and only each prefix's own candidates
 * (a handful) are put in order.
 */
static bool
add_candidates(struct rib *rib, const struct config *c, const struct tunnel_state *ts)
{
	const struct cfg_route *cr;
	struct rib_route *conn, tmp;
	size_t nconn, ci = 0, i, j;

	if (!connected_routes(c, &conn, &nconn))
		return false;
	rib->cap = nconn + config_route_count(c);
	if ((rib->r = malloc((rib->cap ? rib->cap : 1) * sizeof(*rib->r))) == NULL) {
		free(conn);
		return false;
	}
	for (cr = config_route_first(c); cr; cr = config_route_next(c, cr)) {
		while (ci < nconn && prefix_order(conn[ci].prefix, conn[ci].plen,
		    cr->prefix, cr->plen) <= 0)
			rib->r[rib->n++] = conn[ci++];
		static_route(&rib->r[rib->n++], c, cr, conn, nconn, ts);
	}
	while (ci < nconn)
		rib->r[rib->n++] = conn[ci++];
	free(conn);
	for (i = 1; i < rib->n; i++)	/* insertion sort: runs are short */
		for (j = i; j > 0 && candidate_order(&rib->r[j - 1], &rib->r[j]) > 0; j--) {
			tmp = rib->r[j];
			rib->r[j] = rib->r[j - 1];
			rib->r[j - 1] = tmp;
		}
	return true;
}

/* Marks the winners of each prefix; returns how many prefixes have one. */
static size_t
select_routes(struct rib *rib)
{
	size_t i = 0, j, prefixes = 0;

	while (i < rib->n) {
		for (j = i; j < rib->n && rib->r[j].prefix == rib->r[i].prefix &&
		    rib->r[j].plen == rib->r[i].plen; j++) {
			/* sorted: up routes first, the best priority first */
			if (rib->r[j].why == NULL && rib->r[j].priority == rib->r[i].priority)
				rib->r[j].installed = true;
			else if (rib->r[j].why == NULL)
				rib->r[j].why = "a lower priority value is installed";
		}
		prefixes += rib->r[i].installed;
		i = j;
	}
	return prefixes;
}

struct rib *
rib_build(const struct config *c)
{
	return rib_build_tunnels(c, NULL, NULL);
}

struct rib *
rib_build_tunnels(const struct config *c, rib_tunnel_up_fn up, void *arg)
{
	struct rib *rib = calloc(1, sizeof(*rib));
	struct tunnel_state ts = { up, arg };
	struct fib_entry *e;
	size_t nprefix, i, k = 0;

	if (rib == NULL)
		return NULL;
	if (!add_candidates(rib, c, &ts)) {
		free(rib);
		return NULL;
	}
	nprefix = select_routes(rib);
	e = calloc(nprefix + 1, sizeof(*e));
	if (e == NULL) {
		rib_free(rib);
		return NULL;
	}
	for (i = 0; i < rib->n; i++)
		if (rib->r[i].installed && (i == 0 || !rib->r[i - 1].installed ||
		    rib->r[i - 1].prefix != rib->r[i].prefix ||
		    rib->r[i - 1].plen != rib->r[i].plen))
			e[k++] = (struct fib_entry){ rib->r[i].prefix, rib->r[i].plen,
			    (uint32_t)i };
	rib->fib = fib_build(e, k);
	free(e);
	if (rib->fib == NULL) {
		rib_free(rib);
		return NULL;
	}
	return rib;
}

void
rib_free(struct rib *rib)
{
	if (rib == NULL)
		return;
	fib_free(rib->fib);
	free(rib->r);
	free(rib);
}

size_t
rib_count(const struct rib *rib)
{
	return rib->n;
}

const struct rib_route *
rib_route(const struct rib *rib, size_t i)
{
	return &rib->r[i];
}

long
rib_lookup(const struct rib *rib, uint32_t addr)
{
	uint32_t v = fib_lookup(rib->fib, addr);

	return v == FIB_NONE ? -1 : (long)v;
}

long
rib_find(const struct rib *rib, uint32_t prefix, uint8_t plen)
{
	size_t lo = 0, hi = rib->n, mid;

	while (lo < hi) {	/* the first candidate not before (prefix, plen) */
		mid = (lo + hi) / 2;
		if (rib->r[mid].prefix < prefix ||
		    (rib->r[mid].prefix == prefix && rib->r[mid].plen < plen))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rib->n && rib->r[lo].prefix == prefix && rib->r[lo].plen == plen)
		return (long)lo;
	return -1;
}

size_t
rib_fib_memory(const struct rib *rib)
{
	return fib_memory(rib->fib);
}

const struct fib *
rib_fib(const struct rib *rib)
{
	return rib->fib;
}
