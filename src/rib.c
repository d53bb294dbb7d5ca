/* rib - candidate routes, selection, and the FIB; see rib.h. */
#include "rib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fib.h"
#include "inet.h"

struct rib {
	struct rib_route	*r;
	size_t			 n, cap;
	struct fib		*fib;	/* value: index of a prefix's first candidate */
};

static struct rib_route *
add(struct rib *rib)
{
	if (rib->n == rib->cap) {
		rib->cap = rib->cap ? rib->cap * 2 : 64;
		rib->r = realloc(rib->r, rib->cap * sizeof(*rib->r));
		if (rib->r == NULL)
			abort();
	}
	memset(&rib->r[rib->n], 0, sizeof(rib->r[0]));
	return &rib->r[rib->n++];
}

static void
add_connected(struct rib *rib, const struct config *c)
{
	const struct cfg_interface *i;
	struct rib_route *r;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i)) {
		if (!i->has_addr)
			continue;
		r = add(rib);
		r->prefix = i->addr & inet_mask(i->plen);
		r->plen = i->plen;
		r->origin = RIB_CONNECTED;
		r->nh_kind = NH_INTERFACE;
		snprintf(r->nh_name, sizeof(r->nh_name), "%s", i->name);
		snprintf(r->out_if, sizeof(r->out_if), "%s", i->name);
		r->why = i->shutdown ? "interface shut down" : NULL;
	}
}

/* The up connected route that covers addr most specifically, or NULL. */
static const struct rib_route *
connected_for(const struct rib *rib, size_t nconnected, uint32_t addr)
{
	const struct rib_route *best = NULL;
	size_t i;

	for (i = 0; i < nconnected; i++)
		if (rib->r[i].why == NULL &&
		    ((addr ^ rib->r[i].prefix) & inet_mask(rib->r[i].plen)) == 0 &&
		    (best == NULL || rib->r[i].plen > best->plen))
			best = &rib->r[i];
	return best;
}

static void
add_static(struct rib *rib, const struct config *c, size_t nconnected)
{
	const struct cfg_route *cr;
	const struct cfg_interface *ifp;
	const struct rib_route *via;
	struct rib_route *r;

	for (cr = config_route_first(c); cr; cr = config_route_next(c, cr)) {
		r = add(rib);
		r->prefix = cr->prefix;
		r->plen = cr->plen;
		r->origin = RIB_STATIC;
		r->priority = cr->priority;
		r->nh_kind = cr->nh_kind;
		r->nh_addr = cr->nh_addr;
		snprintf(r->nh_name, sizeof(r->nh_name), "%s", cr->nh_name);
		snprintf(r->track, sizeof(r->track), "%s", cr->track);
		switch (cr->nh_kind) {
		case NH_ADDRESS:
			via = connected_for(rib, nconnected, cr->nh_addr);
			if (via != NULL)
				snprintf(r->out_if, sizeof(r->out_if), "%s", via->out_if);
			else
				r->why = "next hop unreachable";
			break;
		case NH_INTERFACE:
			ifp = config_interface_find((struct config *)(uintptr_t)c,
			    cr->nh_name);
			snprintf(r->out_if, sizeof(r->out_if), "%s", cr->nh_name);
			if (ifp == NULL || ifp->shutdown)
				r->why = "interface shut down";
			break;
		case NH_TUNNEL:
			r->why = "tunnel down";
			break;
		case NH_NULL0:
			break;
		}
		if (r->why == NULL && cr->track[0] != '\0')
			r->why = "track down";
	}
}

static int
candidate_order(const void *a, const void *b)
{
	const struct rib_route *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	if ((x->why == NULL) != (y->why == NULL))
		return x->why == NULL ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->origin - y->origin;
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
	struct rib *rib = calloc(1, sizeof(*rib));
	struct fib_entry *e;
	size_t nconnected, nprefix, i, k = 0;

	if (rib == NULL)
		return NULL;
	add_connected(rib, c);
	nconnected = rib->n;
	add_static(rib, c, nconnected);
	if (rib->n > 0)
		qsort(rib->r, rib->n, sizeof(rib->r[0]), candidate_order);
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
