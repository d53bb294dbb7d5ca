/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fib - DIR-24-8 longest-prefix match with compressed groups; see fib.h. */
#include "fib.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Entries hold value + 1, so that 0 means "no route" and an unused table
 * is mmap'd zero pages that cost no memory until written. */
#define TBL24_BYTES	(((size_t)1 << 24) * sizeof(uint32_t))
#define GROUP_FLAG	0x80000000u	/* tbl24 entry: a group's offset in pool */

/* A group, in 32-bit words from its offset: */
#define G_BITMAP	0	/* 8 words: bit b of word w is set where a run
				 * of equal values starts at low byte 32w + b */
#define G_CUM		8	/* 2 words, read as bytes: byte w counts the
				 * runs that start before bitmap word w */
#define G_RUNS		10	/* a value per run */
#define G_MAX		(G_RUNS + 256)

struct fib {
	uint32_t	*tbl24;		/* 1 << 24 entries */
	uint32_t	*pool;		/* the groups, back to back */
	size_t		 used, cap;	/* words */
};

/* The build order: /24 and shorter by length, so that longer ones paint
 * over the ranges they refine; then the longer ones by their /24 and, in
 * it, by length. */
static uint64_t
order_key(const struct fib_entry *e)
{
	if (e->plen <= 24)
		return (uint64_t)e->plen << 32 | e->prefix;
	return (uint64_t)1 << 40 | (uint64_t)(e->prefix >> 8) << 16 |
	    (uint64_t)e->plen << 8 | (e->prefix & 0xff);
}

static int
by_build_order(const void *a, const void *b)
{
	uint64_t x = order_key(a), y = order_key(b);

	return (x > y) - (x < y);
}

static void
fill(uint32_t *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = v;
}

/* On huge pages where the kernel allows: with 4 KiB pages nearly every
 * lookup also misses the TLB, which costs 5-10% of the lookup rate. */
static uint32_t *
tbl24_alloc(void)
{
	void *p = mmap(NULL, TBL24_BYTES, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, TBL24_BYTES, MADV_HUGEPAGE);
#endif
	return p;
}

/* Room for one more group, of at most G_MAX words. */
static int
reserve(struct fib *f)
{
	uint32_t *p;
	size_t cap = f->cap * 2 + G_MAX;

	if (f->used + G_MAX <= f->cap)
		return 0;
	if (f->used + G_MAX > GROUP_FLAG)	/* offsets must fit beside the flag */
		return -1;
	if ((p = realloc(f->pool, cap * sizeof(*p))) == NULL)
		return -1;
	f->pool = p;
	f->cap = cap;
	return 0;
}

/* Write the 256 values s[] as a group at g; return how many runs it has. */
static size_t
compress(uint32_t *g, const uint32_t *s)
{
	uint8_t *cum = (uint8_t *)(g + G_CUM);
	size_t k, r = 0;

	memset(g, 0, G_RUNS * sizeof(*g));
	for (k = 0; k < 256; k++) {
		if (k % 32 == 0)
			cum[k / 32] = (uint8_t)r;
		if (k == 0 || s[k] != s[k - 1]) {
			g[G_BITMAP + k / 32] |= 1u << k % 32;
			g[G_RUNS + r++] = s[k];
		}
	}
	return r;
}

/* The group of the /24 that e[0..n) refine (all longer than /24, shortest
 * first), painted in a scratch block over the value tbl24 holds for it. */
static int
add_group(struct fib *f, const struct fib_entry *e, size_t n)
{
	uint32_t s[256], *t = &f->tbl24[e->prefix >> 8];
	size_t i, nruns;

	fill(s, 256, *t);
	for (i = 0; i < n; i++)
		fill(s + (e[i].prefix & 0xff), (size_t)1 << (32 - e[i].plen),
		    e[i].value + 1);
	if (reserve(f) == -1)
		return -1;
	nruns = compress(f->pool + f->used, s);
	if (nruns == 1) {	/* they all repeat the covering value */
		*t = s[0];
		return 0;
	}
	*t = GROUP_FLAG | (uint32_t)f->used;
	f->used += G_RUNS + nruns;
	return 0;
}

struct fib *
fib_build(struct fib_entry *e, size_t n)
{
	struct fib *f = calloc(1, sizeof(*f));
	uint32_t *p;
	size_t i, j;

	if (f == NULL || (f->tbl24 = tbl24_alloc()) == NULL) {
		free(f);
		return NULL;
	}
	if (n > 0)
		qsort(e, n, sizeof(*e), by_build_order);
	/* a prefix given twice is painted once: repeated short ones would
	 * otherwise cost seconds */
	for (i = 0; i < n && e[i].plen <= 24; i++)
		if (i == 0 || order_key(&e[i]) != order_key(&e[i - 1]))
			fill(f->tbl24 + (e[i].prefix >> 8),
			    (size_t)1 << (24 - e[i].plen), e[i].value + 1);
	for (; i < n; i = j) {
		for (j = i + 1; j < n && e[j].prefix >> 8 == e[i].prefix >> 8; j++)
			;
		if (add_group(f, e + i, j - i) == -1) {
			fib_free(f);
			return NULL;
		}
	}
	if (f->used < f->cap) {		/* give back the growth slack */
		p = realloc(f->pool, f->used * sizeof(*p) + 1);
		if (p != NULL) {
			f->pool = p;
			f->cap = f->used;
		}
	}
	return f;
}

void
fib_free(struct fib *f)
{
	if (f == NULL)
		return;
	munmap(f->tbl24, TBL24_BYTES);
	free(f->pool);
	free(f);
}

/* Written out: without -mpopcnt, __builtin_popcount is a library call,
 * and GCC turns this form back into the instruction where there is one. */
static inline uint32_t
popcount32(uint32_t x)
{
	x -= x >> 1 & 0x55555555;
	x = (x & 0x33333333) + (x >> 2 & 0x33333333);
	x = (x + (x >> 4)) & 0x0f0f0f0f;
	return x * 0x01010101 >> 24;
}

/* The value at low byte k of group g: that of the run that starts at the
 * last bitmap bit at or before k, counted by one popcount. */
static inline uint32_t
group_value(const uint32_t *g, uint32_t k)
{
	uint32_t upto = g[G_BITMAP + k / 32] << (31 - k % 32);

	return g[G_RUNS - 1 + ((const uint8_t *)(g + G_CUM))[k / 32] +
	    popcount32(upto)];
}

uint32_t
fib_lookup(const struct fib *f, uint32_t a)
{
	uint32_t v = f->tbl24[a >> 8];

	if (v & GROUP_FLAG)
		v = group_value(f->pool + (v & ~GROUP_FLAG), a & 0xff);
	return v ? v - 1 : FIB_NONE;
}

void
fib_lookup_bulk(const struct fib *f, const uint32_t *a, uint32_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		__builtin_prefetch(&f->tbl24[a[i] >> 8]);
	for (i = 0; i < n; i++)
		v[i] = fib_lookup(f, a[i]);
}

size_t
fib_memory(const struct fib *f)
{
	return sizeof(*f) + TBL24_BYTES + f->cap * sizeof(uint32_t);
}
