/* fib - DIR-24-8 longest-prefix match; see fib.h. */
#include "fib.h"

#include <stdlib.h>
#include <string.h>

/* Entries hold value + 1, so that 0 means "no route" and an unused table
 * is calloc'd zero pages that cost no memory until written. */
#define GROUP_FLAG	0x80000000u	/* tbl24 entry points to a tbl8 group */

struct fib {
	uint32_t	*tbl24;		/* 1 << 24 entries */
	uint32_t	*tbl8;		/* ngroups * 256 entries */
	size_t		 ngroups, capgroups;
};

static int
by_length(const void *a, const void *b)
{
	const struct fib_entry *x = a, *y = b;

	return x->plen - y->plen;
}

static void
fill(uint32_t *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = v;
}

/* The tbl8 group under tbl24 index i, made from its covering value. */
static uint32_t *
group_of(struct fib *f, uint32_t i)
{
	uint32_t *g;

	if (!(f->tbl24[i] & GROUP_FLAG)) {
		if (f->ngroups == f->capgroups) {
			f->capgroups = f->capgroups ? f->capgroups * 2 : 64;
			f->tbl8 = realloc(f->tbl8, f->capgroups * 256 * sizeof(uint32_t));
			if (f->tbl8 == NULL)
				return NULL;
		}
		fill(f->tbl8 + f->ngroups * 256, 256, f->tbl24[i]);
		f->tbl24[i] = GROUP_FLAG | (uint32_t)f->ngroups++;
	}
	g = f->tbl8 + (size_t)(f->tbl24[i] & ~GROUP_FLAG) * 256;
	return g;
}

struct fib *
fib_build(struct fib_entry *e, size_t n)
{
	struct fib *f = calloc(1, sizeof(*f));
	uint32_t *g;
	size_t i;

	if (f == NULL || (f->tbl24 = calloc(1u << 24, sizeof(uint32_t))) == NULL) {
		free(f);
		return NULL;
	}
	/* shorter prefixes first, so longer ones overwrite the ranges they
	 * refine and a new group starts from the route that covers it */
	if (n > 0)
		qsort(e, n, sizeof(*e), by_length);
	for (i = 0; i < n; i++) {
		if (e[i].plen <= 24) {
			fill(f->tbl24 + (e[i].prefix >> 8),
			    (size_t)1 << (24 - e[i].plen), e[i].value + 1);
			continue;
		}
		if ((g = group_of(f, e[i].prefix >> 8)) == NULL) {
			fib_free(f);
			return NULL;
		}
		fill(g + (e[i].prefix & 0xff), (size_t)1 << (32 - e[i].plen),
		    e[i].value + 1);
	}
	if (f->ngroups < f->capgroups) {	/* give back the growth slack */
		g = realloc(f->tbl8, f->ngroups * 256 * sizeof(uint32_t) + 1);
		if (g != NULL) {
			f->tbl8 = g;
			f->capgroups = f->ngroups;
		}
	}
	return f;
}

void
fib_free(struct fib *f)
{
	if (f == NULL)
		return;
	free(f->tbl24);
	free(f->tbl8);
	free(f);
}

uint32_t
fib_lookup(const struct fib *f, uint32_t a)
{
	uint32_t v = f->tbl24[a >> 8];

	if (v & GROUP_FLAG)
		v = f->tbl8[(size_t)(v & ~GROUP_FLAG) * 256 + (a & 0xff)];
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
	return sizeof(*f) + ((size_t)1 << 24) * sizeof(uint32_t) +
	    f->capgroups * 256 * sizeof(uint32_t);
}
