/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pool - the SSL-VPN address pool (see pool.h): one bit per address of the
 * prefix, set when taken. The network and broadcast bits are set from the
 * start, so the search for a free address never sees them.
 */
#include "sslvpn/pool.h"

#include <stdlib.h>

#define WORD_BITS	64u

struct pool {
	uint32_t	 net;		/* the prefix's first address */
	uint32_t	 nbits;		/* 2^(32 - plen) */
	uint32_t	 used;		/* taken, network and broadcast not counted */
	uint32_t	 hint;		/* every word before it is full */
	uint64_t	*bits;
};

struct pool *
pool_new(uint32_t prefix, uint8_t plen)
{
	struct pool *p;

	if (plen < POOL_PLEN_MIN || plen > POOL_PLEN_MAX || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->nbits = 1u << (32 - plen);
	p->net = prefix & ~(p->nbits - 1);
	/* a /30 is 4 bits: the words round up */
	if ((p->bits = calloc((p->nbits + WORD_BITS - 1) / WORD_BITS, sizeof(*p->bits))) == NULL) {
		free(p);
		return NULL;
	}
	p->bits[0] |= 1;
	p->bits[(p->nbits - 1) / WORD_BITS] |= (uint64_t)1 << ((p->nbits - 1) % WORD_BITS);
	/* the bits past a short pool's end are never free */
	if (p->nbits < WORD_BITS)
		p->bits[0] |= ~(uint64_t)0 << p->nbits;
	return p;
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	free(p->bits);
	free(p);
}

bool
pool_contains(const struct pool *p, uint32_t addr)
{
	uint32_t off = addr - p->net;

	return off < p->nbits && off != 0 && off != p->nbits - 1;
}

static bool
is_taken(const struct pool *p, uint32_t off)
{
	return p->bits[off / WORD_BITS] >> (off % WORD_BITS) & 1;
}

uint32_t
pool_take(struct pool *p)
{
	uint32_t w, nwords = (p->nbits + WORD_BITS - 1) / WORD_BITS, off;

	for (w = p->hint; w < nwords && p->bits[w] == ~(uint64_t)0; w++)
		;
	p->hint = w;
	if (w == nwords)
		return 0;
	off = w * WORD_BITS + (uint32_t)__builtin_ctzll(~p->bits[w]);
	p->bits[w] |= (uint64_t)1 << (off % WORD_BITS);
	p->used++;
	return p->net + off;
}

bool
pool_take_addr(struct pool *p, uint32_t addr)
{
	uint32_t off = addr - p->net;

	if (!pool_contains(p, addr) || is_taken(p, off))
		return false;
	p->bits[off / WORD_BITS] |= (uint64_t)1 << (off % WORD_BITS);
	p->used++;
	return true;
}

void
pool_release(struct pool *p, uint32_t addr)
{
	uint32_t off = addr - p->net;

	if (!pool_contains(p, addr) || !is_taken(p, off))
		return;
	p->bits[off / WORD_BITS] &= ~((uint64_t)1 << (off % WORD_BITS));
	p->used--;
	if (off / WORD_BITS < p->hint)
		p->hint = off / WORD_BITS;
}

uint32_t
pool_used(const struct pool *p)
{
	return p->used;
}

uint32_t
pool_size(const struct pool *p)
{
	return p->nbits - 2;
}
