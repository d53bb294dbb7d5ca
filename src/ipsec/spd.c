/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spd - the SPD classifier: rules as boxes, the fields compressed to
 * their elementary intervals, the rules split among four trees, the
 * leaves' compact entries, and the lookup; see spd.h and spd_impl.h. The
 * trees are spd_tree.c's.
 */
#include "spd_impl.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pkt.h"
#include "lib/inet.h"

/* A field whose values are mapped to interval indexes: its map (NULL when
 * every rule spans the whole field: all values are index 0). 32 bits: the
 * port fields can have 65537 intervals (each port, and "no ports"). */
struct field_map {
	uint32_t	*map;
	uint32_t	 domain;	/* values 0 .. domain - 1 */
};

/* A rule's port ranges, for the leaves' entries that have them. */
struct spd_ports {
	uint16_t	 sport_lo, sport_hi, dport_lo, dport_hi;
};

struct spd {
	struct spd_box	*box;		/* per rule; empty ones left out of the trees */
	struct spd_entry *entry;	/* per rule, what the leaves copy */
	struct spd_ports *ports;	/* per rule */
	struct field_map field[SPD_NDIM];	/* proto, sport, dport */
	uint8_t		 width[SPD_NDIM];
	struct spd_tree	 tree[SPD_TREES];	/* by their first rule */
};

static bool
port_any(uint16_t lo, uint16_t hi)
{
	return lo == 0 && hi == 65535;
}

bool
spd_rule_matches(const struct spd_rule *r, const struct spd_key *k)
{
	if (((k->src ^ r->src) & inet_mask(r->src_plen)) != 0 ||
	    ((k->dst ^ r->dst) & inet_mask(r->dst_plen)) != 0 ||
	    (r->proto != 0 && r->proto != k->proto))
		return false;
	if (!k->has_ports)
		return port_any(r->sport_lo, r->sport_hi) && port_any(r->dport_lo, r->dport_hi);
	return r->sport_lo <= k->sport && k->sport <= r->sport_hi &&
	    r->dport_lo <= k->dport && k->dport <= r->dport_hi;
}

static void
port_range(uint16_t lo, uint16_t hi, uint32_t *blo, uint32_t *bhi)
{
	*blo = lo;
	*bhi = port_any(lo, hi) ? SPD_NO_PORTS : hi;
}

/* The rule's box in plain values. */
static void
rule_box(const struct spd_rule *r, struct spd_box *b)
{
	b->lo[SPD_D_SRC] = r->src & inet_mask(r->src_plen);
	b->hi[SPD_D_SRC] = b->lo[SPD_D_SRC] | ~inet_mask(r->src_plen);
	b->lo[SPD_D_DST] = r->dst & inet_mask(r->dst_plen);
	b->hi[SPD_D_DST] = b->lo[SPD_D_DST] | ~inet_mask(r->dst_plen);
	b->lo[SPD_D_PROTO] = r->proto;
	b->hi[SPD_D_PROTO] = r->proto ? r->proto : 255;
	port_range(r->sport_lo, r->sport_hi, &b->lo[SPD_D_SPORT], &b->hi[SPD_D_SPORT]);
	port_range(r->dport_lo, r->dport_hi, &b->lo[SPD_D_DPORT], &b->hi[SPD_D_DPORT]);
}

/* The rule as a leaf holds it, and its port ranges. */
static void
rule_entry(const struct spd_rule *r, uint32_t ix, struct spd_entry *e, struct spd_ports *p)
{
	e->src = r->src & inet_mask(r->src_plen);
	e->dst = r->dst & inet_mask(r->dst_plen);
	e->src_plen = r->src_plen;
	e->dst_plen = r->dst_plen;
	e->proto = r->proto;
	e->ports = !port_any(r->sport_lo, r->sport_hi) || !port_any(r->dport_lo, r->dport_hi);
	e->rule = ix;
	p->sport_lo = r->sport_lo;
	p->sport_hi = r->sport_hi;
	p->dport_lo = r->dport_lo;
	p->dport_hi = r->dport_hi;
}

static bool
box_empty(const struct spd_box *b)
{
	int d;

	for (d = 0; d < SPD_NDIM; d++)
		if (b->lo[d] > b->hi[d])
			return true;
	return false;
}

static uint8_t
bits_for(uint32_t max)
{
	uint8_t w = 0;

	while (w < 32 && (max >> w) != 0)
		w++;
	return w;
}

/*
 * Maps field d of the non-empty rules (list) to elementary intervals: an
 * interval starts at 0 and wherever a rule's range starts or ends, and
 * each box's range becomes the indexes of the intervals it spans. Sets
 * the field's width in bits. False if memory ran out.
 */
static bool
compress(struct spd *s, int d, uint32_t domain, const uint32_t *list, uint32_t n)
{
	struct field_map *f = &s->field[d];
	uint8_t *start;
	uint32_t i, v, idx = 0;

	f->domain = domain;
	if ((start = calloc(domain, 1)) == NULL)
		return false;
	for (i = 0; i < n; i++) {
		start[s->box[list[i]].lo[d]] = 1;
		if (s->box[list[i]].hi[d] + 1 < domain)
			start[s->box[list[i]].hi[d] + 1] = 1;
	}
	start[0] = 0;
	for (v = 0; v < domain; v++)
		idx += start[v];
	s->width[d] = bits_for(idx);
	if (idx > 0) {
		if ((f->map = malloc(domain * sizeof(*f->map))) == NULL) {
			free(start);
			return false;
		}
		for (v = 0, idx = 0; v < domain; v++)
			f->map[v] = idx += start[v];
	}
	free(start);
	for (i = 0; i < n; i++) {
		struct spd_box *b = &s->box[list[i]];

		b->lo[d] = f->map ? f->map[b->lo[d]] : 0;
		b->hi[d] = f->map ? f->map[b->hi[d]] : 0;
	}
	return true;
}

static uint32_t
field_value(const struct spd *s, int d, uint32_t v)
{
	return s->field[d].map ? s->field[d].map[v] : 0;
}

/* The tree of a rule: which of its address fields are wide. */
static int
tree_of(const struct spd_rule *r)
{
	return (r->src_plen < SPD_WIDE_PLEN) | (r->dst_plen < SPD_WIDE_PLEN) << 1;
}

static int
by_first_rule(const void *a, const void *b)
{
	const struct spd_tree *x = a, *y = b;

	return x->min_rule < y->min_rule ? -1 : x->min_rule > y->min_rule;
}

void
spd_free(struct spd *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < SPD_TREES; i++)
		spd_tree_free(&s->tree[i]);
	for (i = 0; i < SPD_NDIM; i++)
		free(s->field[i].map);
	free(s->box);
	free(s->entry);
	free(s->ports);
	free(s);
}

struct spd *
spd_build(const struct spd_rule *rules, uint32_t n)
{
	uint32_t *list = NULL, *part[SPD_TREES] = { NULL }, np[SPD_TREES] = { 0 };
	uint32_t i, nlist = 0;
	struct spd *s;
	bool ok = false;
	int t;

	if (n > SPD_MAX_RULES || (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->box = malloc((n ? n : 1) * sizeof(*s->box));
	s->entry = malloc((n ? n : 1) * sizeof(*s->entry));
	s->ports = malloc((n ? n : 1) * sizeof(*s->ports));
	list = malloc((n ? n : 1) * sizeof(*list));
	for (t = 0; t < SPD_TREES; t++)
		if ((part[t] = malloc((n ? n : 1) * sizeof(*part[t]))) == NULL)
			goto out;
	if (s->box == NULL || s->entry == NULL || s->ports == NULL || list == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		rule_box(&rules[i], &s->box[i]);
		rule_entry(&rules[i], i, &s->entry[i], &s->ports[i]);
		if (!box_empty(&s->box[i])) {	/* a reversed range matches nothing */
			list[nlist++] = i;
			t = tree_of(&rules[i]);
			part[t][np[t]++] = i;
		}
	}
	s->width[SPD_D_SRC] = s->width[SPD_D_DST] = 32;
	if (!compress(s, SPD_D_PROTO, 256, list, nlist) ||
	    !compress(s, SPD_D_SPORT, SPD_NO_PORTS + 1, list, nlist) ||
	    !compress(s, SPD_D_DPORT, SPD_NO_PORTS + 1, list, nlist))
		goto out;
	for (t = 0; t < SPD_TREES; t++)
		if (!spd_tree_build(&s->tree[t], s->box, s->entry, part[t], np[t], s->width))
			goto out;
	qsort(s->tree, SPD_TREES, sizeof(s->tree[0]), by_first_rule);
	ok = true;
out:
	free(list);
	for (t = 0; t < SPD_TREES; t++)
		free(part[t]);
	if (!ok) {
		spd_free(s);
		return NULL;
	}
	return s;
}

/* The leaf of tree t that holds key k (its fields mapped). */
static const struct spd_node *
tree_leaf(const struct spd_tree *t, const uint32_t *k)
{
	const struct spd_node *nd = t->node;

	while (nd->dim != SPD_LEAF)
		nd = &t->node[nd->first + ((k[nd->dim] >> nd->shift) & nd->mask)];
	return nd;
}

/* The network mask of each prefix length. */
static const uint32_t plen_mask[33] = {
	0x00000000, 0x80000000, 0xc0000000, 0xe0000000, 0xf0000000, 0xf8000000,
	0xfc000000, 0xfe000000, 0xff000000, 0xff800000, 0xffc00000, 0xffe00000,
	0xfff00000, 0xfff80000, 0xfffc0000, 0xfffe0000, 0xffff0000, 0xffff8000,
	0xffffc000, 0xffffe000, 0xfffff000, 0xfffff800, 0xfffffc00, 0xfffffe00,
	0xffffff00, 0xffffff80, 0xffffffc0, 0xffffffe0, 0xfffffff0, 0xfffffff8,
	0xfffffffc, 0xfffffffe, 0xffffffff,
};

/* The first rule of leaf nd of tree t that matches key, or SPD_NO_MATCH:
 * spd_rule_matches in the entries' form (that one stays the plain
 * definition the tests compare the trees with). The walk used the key's
 * fields mapped to intervals; the entries compare the key as it is. */
static uint32_t
leaf_match(const struct spd *s, const struct spd_tree *t, const struct spd_node *nd,
    const struct spd_key *key)
{
	const struct spd_entry *e, *end;
	const struct spd_ports *p;

	for (e = &t->ref[nd->first], end = e + spd_leaf_count(nd); e < end; e++) {
		if ((((key->src ^ e->src) & plen_mask[e->src_plen]) |
		    ((key->dst ^ e->dst) & plen_mask[e->dst_plen])) != 0 ||
		    (e->proto != 0 && e->proto != key->proto))
			continue;
		if (!e->ports)
			return e->rule;
		p = &s->ports[e->rule];
		if (key->has_ports && p->sport_lo <= key->sport && key->sport <= p->sport_hi &&
		    p->dport_lo <= key->dport && key->dport <= p->dport_hi)
			return e->rule;
	}
	return SPD_NO_MATCH;
}

uint32_t
spd_lookup(const struct spd *s, const struct spd_key *key)
{
	const struct spd_node *leaf[SPD_TREES];
	uint32_t k[SPD_NDIM], best = SPD_NO_MATCH, r;
	int t;

	k[SPD_D_SRC] = key->src;
	k[SPD_D_DST] = key->dst;
	k[SPD_D_PROTO] = field_value(s, SPD_D_PROTO, key->proto);
	k[SPD_D_SPORT] = field_value(s, SPD_D_SPORT, key->has_ports ? key->sport : SPD_NO_PORTS);
	k[SPD_D_DPORT] = field_value(s, SPD_D_DPORT, key->has_ports ? key->dport : SPD_NO_PORTS);
	/* the walks do not depend on each other, so their memory accesses
	 * overlap (and each leaf's first entries are fetched before any is
	 * checked); then the leaves in the order of the trees' first rules: a
	 * match before a tree's first rule ends the search */
	for (t = 0; t < SPD_TREES; t++) {
		leaf[t] = tree_leaf(&s->tree[t], k);
		if (spd_leaf_count(leaf[t]) > 0)	/* its first entries on the way */
			__builtin_prefetch(&s->tree[t].ref[leaf[t]->first]);
	}
	for (t = 0; t < SPD_TREES && s->tree[t].min_rule < best; t++)
		if ((r = leaf_match(s, &s->tree[t], leaf[t], key)) < best)
			best = r;
	return best;
}

void
spd_key_of(const uint8_t *ip, size_t len, struct spd_key *k)
{
	const struct ip_hdr *h = (const struct ip_hdr *)(const void *)ip;
	size_t hl = ip_hlen(h);
	struct l4_ports ports;

	k->src = ntohl(h->src);
	k->dst = ntohl(h->dst);
	k->proto = h->proto;
	/* non-first fragments carry no ports (RFC 4301 §7) */
	k->has_ports = (h->proto == IPPROTO_TCP_ || h->proto == IPPROTO_UDP_) &&
	    (ntohs(h->off) & IP_OFFMASK) == 0 && len >= hl + sizeof(ports);
	k->sport = k->dport = 0;
	if (k->has_ports) {
		memcpy(&ports, ip + hl, sizeof(ports));
		k->sport = ntohs(ports.src);
		k->dport = ntohs(ports.dst);
	}
}

void
spd_key_reverse(const struct spd_key *k, struct spd_key *r)
{
	*r = *k;
	r->src = k->dst;
	r->dst = k->src;
	r->sport = k->dport;
	r->dport = k->sport;
}

void
spd_stats(const struct spd *s, struct spd_stats *st)
{
	const struct spd_tree *t;
	uint32_t i;
	int k;

	memset(st, 0, sizeof(*st));
	for (k = 0; k < SPD_TREES; k++) {
		t = &s->tree[k];
		st->nodes += t->nnodes;
		for (i = 0; i < t->nnodes; i++)
			st->leaves += t->node[i].dim == SPD_LEAF;
		st->refs += t->nref;
		if (t->max_depth > st->max_depth)
			st->max_depth = t->max_depth;
		if (t->max_leaf > st->max_leaf)
			st->max_leaf = t->max_leaf;
	}
}
