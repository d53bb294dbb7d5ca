/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spd_tree - builds one decision tree of the SPD classifier (HiCuts; see
 * spd.h). Nodes are built breadth first, so when the reference budget runs
 * out it is the deepest nodes that stay leaves.
 */
#include "spd_impl.h"

#include <stdlib.h>
#include <string.h>

#define TWIN	0xfe	/* while building: a copy of node first, once built */

_Static_assert(SPD_MAX_RULES < (1u << 24), "a leaf's count must fit its 24 bits");

/* A node waiting to be built: its box (aligned: a base and a width in bits
 * per field) and its rules in order. */
struct pending {
	uint32_t	 node;
	uint32_t	 base[SPD_NDIM];
	uint8_t		 width[SPD_NDIM];
	uint8_t		 depth;
	uint32_t	*list;
	uint32_t	 n;
};

struct queue {
	struct pending	*p;
	size_t		 head, tail, cap;
};

struct cut {
	int		 dim;
	unsigned	 k;		/* 2^k children */
	uint64_t	 sum, max;	/* references in all children; in the largest */
};

static uint64_t
top_of(const struct pending *p, int d)
{
	return (uint64_t)p->base[d] + ((uint64_t)1 << p->width[d]) - 1;
}

/* The children c0 .. c1 of a cut of field d into 2^k that rule b meets. */
static void
child_span(const struct pending *p, const struct spd_box *b, int d, unsigned k,
    uint32_t *c0, uint32_t *c1)
{
	unsigned shift = p->width[d] - k;
	uint64_t lo = b->lo[d] > p->base[d] ? b->lo[d] : p->base[d];
	uint64_t hi = b->hi[d] < top_of(p, d) ? b->hi[d] : top_of(p, d);

	*c0 = (uint32_t)((lo - p->base[d]) >> shift);
	*c1 = (uint32_t)((hi - p->base[d]) >> shift);
}

/* In a box that a rule covers whole, no later rule is ever reached: the
 * list ends with the first such rule. */
static void
prune_shadowed(const struct spd_box *box, struct pending *p)
{
	const struct spd_box *b;
	uint32_t i;
	int d;

	for (i = 0; i < p->n; i++) {
		b = &box[p->list[i]];
		for (d = 0; d < SPD_NDIM; d++)
			if (b->lo[d] > p->base[d] || b->hi[d] < top_of(p, d))
				break;
		if (d == SPD_NDIM) {
			p->n = i + 1;
			return;
		}
	}
}

/* The references a cut of field d into 2^k makes, and its largest child;
 * count is scratch of 2^SPD_MAX_CUT_BITS + 1 (a difference array). */
static void
measure(const struct spd_box *box, const struct pending *p, int d, unsigned k,
    int32_t *count, struct cut *c)
{
	uint32_t i, c0, c1, n = 1u << k;
	int64_t run = 0;

	memset(count, 0, (n + 1) * sizeof(*count));
	c->dim = d;
	c->k = k;
	c->sum = c->max = 0;
	for (i = 0; i < p->n; i++) {
		child_span(p, &box[p->list[i]], d, k, &c0, &c1);
		count[c0]++;
		count[c1 + 1]--;
		c->sum += c1 - c0 + 1;
	}
	for (i = 0; i < n; i++) {
		run += count[i];
		if ((uint64_t)run > c->max)
			c->max = (uint64_t)run;
	}
}

/* The best cut of p (HiCuts: per field the most children the space factor
 * allows, then the field whose largest child is smallest). False if no
 * cut separates anything. */
static bool
choose_cut(const struct spd_box *box, const struct pending *p, int32_t *count,
    struct cut *best)
{
	struct cut c, last = { 0 };
	bool found = false;
	unsigned k;
	int d;

	for (d = 0; d < SPD_NDIM; d++) {
		last.k = 0;	/* none yet for this field */
		for (k = 1; k <= SPD_MAX_CUT_BITS && k <= p->width[d]; k++) {
			measure(box, p, d, k, count, &c);
			if (c.sum + (1u << k) > (uint64_t)SPD_SPACE_FACTOR * p->n && k > 1)
				break;
			last = c;
		}
		if (last.k == 0 || last.max >= p->n)
			continue;
		if (!found || last.max < best->max ||
		    (last.max == best->max && last.sum < best->sum)) {
			*best = last;
			found = true;
		}
	}
	return found;
}

static bool
grow(void **v, uint32_t *cap, uint64_t need, size_t size)
{
	uint64_t c = *cap ? *cap : 64;
	void *nv;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	if (c > UINT32_MAX || (nv = realloc(*v, c * size)) == NULL)
		return false;
	*v = nv;
	*cap = (uint32_t)c;
	return true;
}

/* n consecutive new nodes; *ix the first. */
static bool
new_nodes(struct spd_tree *t, uint32_t n, uint32_t *ix)
{
	if (!grow((void **)&t->node, &t->node_cap, (uint64_t)t->nnodes + n, sizeof(*t->node)))
		return false;
	*ix = t->nnodes;
	t->nnodes += n;
	memset(&t->node[*ix], 0, n * sizeof(*t->node));
	return true;
}

static bool
push(struct queue *q, const struct pending *p)
{
	struct pending *np;
	size_t cap;

	if (q->tail == q->cap) {
		cap = q->cap ? 2 * q->cap : 64;
		if ((np = realloc(q->p, cap * sizeof(*np))) == NULL)
			return false;
		q->p = np;
		q->cap = cap;
	}
	q->p[q->tail++] = *p;
	return true;
}

static bool
make_leaf(struct spd_tree *t, const struct spd_entry *entry, const struct pending *p)
{
	struct spd_node *nd = &t->node[p->node];
	uint32_t i;

	if (!grow((void **)&t->ref, &t->ref_cap, (uint64_t)t->nref + p->n, sizeof(*t->ref)))
		return false;
	for (i = 0; i < p->n; i++)
		t->ref[t->nref + i] = entry[p->list[i]];
	nd->dim = SPD_LEAF;
	nd->first = t->nref;
	spd_set_leaf_count(nd, p->n);
	t->nref += p->n;
	if (p->n > t->max_leaf)
		t->max_leaf = p->n;
	if (p->depth > t->max_depth)
		t->max_depth = p->depth;
	return true;
}

/* The rules of p meeting each child of cut c, in order (each rule appended
 * to the children it meets); list[i] has len[i] entries. */
static bool
split(const struct spd_box *box, const struct pending *p, const struct cut *c,
    uint32_t **list, uint32_t *len)
{
	uint32_t n = 1u << c->k, i, j, c0, c1;

	for (j = 0; j < p->n; j++) {
		child_span(p, &box[p->list[j]], c->dim, c->k, &c0, &c1);
		for (i = c0; i <= c1; i++)
			len[i]++;
	}
	for (i = 0; i < n; i++)
		if ((list[i] = malloc((len[i] ? len[i] : 1) * sizeof(**list))) == NULL)
			return false;
	memset(len, 0, n * sizeof(*len));
	for (j = 0; j < p->n; j++) {
		child_span(p, &box[p->list[j]], c->dim, c->k, &c0, &c1);
		for (i = c0; i <= c1; i++)
			list[i][len[i]++] = p->list[j];
	}
	return true;
}

/* Cuts p as c: its children become consecutive nodes; one equal to its
 * left neighbour is marked its twin, the others are queued for building
 * (each takes its list). */
static bool
make_cut(struct spd_tree *t, const struct spd_box *box, struct queue *q,
    const struct pending *p, const struct cut *c)
{
	uint32_t n = 1u << c->k, i, first;
	uint32_t **list = calloc(n, sizeof(*list)), *len = calloc(n, sizeof(*len));
	const uint32_t *prev = NULL;
	struct pending ch;
	struct spd_node *nd;
	bool ok = false;

	if (list == NULL || len == NULL || !split(box, p, c, list, len) ||
	    !new_nodes(t, n, &first))
		goto out;
	nd = &t->node[p->node];
	nd->dim = (uint8_t)c->dim;
	nd->shift = (uint8_t)(p->width[c->dim] - c->k);
	nd->mask = (uint16_t)(n - 1);
	nd->first = first;
	for (i = 0; i < n; i++) {
		if (i > 0 && len[i] == len[i - 1] &&
		    memcmp(list[i], prev, len[i] * sizeof(**list)) == 0) {
			t->node[first + i].dim = TWIN;
			t->node[first + i].first = first + i - 1;
			continue;
		}
		prev = list[i];	/* stays alive in the queue until built */
		ch = *p;
		ch.node = first + i;
		ch.width[c->dim] = (uint8_t)(p->width[c->dim] - c->k);
		ch.base[c->dim] = p->base[c->dim] + (i << ch.width[c->dim]);
		ch.depth = (uint8_t)(p->depth + 1);
		ch.n = len[i];
		ch.list = list[i];
		if (!push(q, &ch))
			goto out;
		list[i] = NULL;		/* the queue has it */
	}
	ok = true;
out:
	for (i = 0; list != NULL && i < n; i++)
		free(list[i]);
	free(list);
	free(len);
	return ok;
}

/* Twins become copies of the node they equal (which comes before them,
 * so in index order it is final already). */
static void
resolve_twins(struct spd_tree *t)
{
	uint32_t i;

	for (i = 0; i < t->nnodes; i++)
		if (t->node[i].dim == TWIN)
			t->node[i] = t->node[t->node[i].first];
}

/* Builds every queued node; budget: the references the tree may hold. */
static bool
build_queued(struct spd_tree *t, const struct spd_box *box, const struct spd_entry *entry,
    struct queue *q, uint64_t budget)
{
	int32_t *count = malloc(((1u << SPD_MAX_CUT_BITS) + 1) * sizeof(*count));
	uint64_t refs = q->p[0].n;	/* in leaves and queued lists */
	struct pending p;		/* a copy: pushing may move the queue */
	struct cut c = { 0 };
	bool ok = count != NULL;

	while (ok && q->head < q->tail) {
		p = q->p[q->head++];
		refs -= p.n;
		prune_shadowed(box, &p);
		if (p.n > SPD_LEAF_RULES && p.depth < SPD_MAX_DEPTH &&
		    choose_cut(box, &p, count, &c) && refs + c.sum <= budget) {
			refs += c.sum;
			ok = make_cut(t, box, q, &p, &c);
		} else {
			refs += p.n;
			ok = make_leaf(t, entry, &p);
		}
		free(p.list);
	}
	free(count);
	if (ok)
		resolve_twins(t);
	return ok;
}

bool
spd_tree_build(struct spd_tree *t, const struct spd_box *box, const struct spd_entry *entry,
    const uint32_t *list, uint32_t n, const uint8_t width[SPD_NDIM])
{
	struct queue q = { 0 };
	struct pending root;
	bool ok = false;
	size_t k;

	memset(t, 0, sizeof(*t));
	memset(&root, 0, sizeof(root));
	t->nrules = n;
	t->min_rule = n ? list[0] : SPD_NO_MATCH;
	memcpy(root.width, width, sizeof(root.width));
	root.n = n;
	if ((root.list = malloc((n ? n : 1) * sizeof(*root.list))) == NULL)
		return false;
	if (n > 0)
		memcpy(root.list, list, n * sizeof(*list));
	if (!new_nodes(t, 1, &root.node) || !push(&q, &root)) {
		free(root.list);
		goto out;
	}
	ok = build_queued(t, box, entry, &q, (uint64_t)SPD_REF_FACTOR * n + 4096);
out:
	for (k = q.head; k < q.tail; k++)
		free(q.p[k].list);
	free(q.p);
	return ok;
}

void
spd_tree_free(struct spd_tree *t)
{
	free(t->node);
	free(t->ref);
	memset(t, 0, sizeof(*t));
}
