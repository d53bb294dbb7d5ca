/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/fib - the forwarding table's build time, lookup rate and memory
 * for 1M prefixes, with a one-bit-per-level binary trie measured in the
 * same run as the anchor. JSON lines on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "route/fib.h"
#include "lib/inet.h"

#define NPREFIX		1000000
#define NLOOKUP		(16u * 1000 * 1000)
#define BURST		32

static unsigned long rng = 42;

static uint32_t
rnd32(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(rng >> 32);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The anchor: a binary trie, one node per prefix bit. */
struct node {
	struct node	*child[2];
	uint32_t	 value;
};

static size_t trie_nodes;

static struct node *
trie_node(void)
{
	struct node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		abort();
	n->value = FIB_NONE;
	trie_nodes++;
	return n;
}

static void
trie_add(struct node *t, uint32_t prefix, uint8_t plen, uint32_t value)
{
	int i;

	for (i = 0; i < plen; i++) {
		int b = prefix >> (31 - i) & 1;

		if (t->child[b] == NULL)
			t->child[b] = trie_node();
		t = t->child[b];
	}
	t->value = value;
}

static uint32_t
trie_lookup(const struct node *t, uint32_t a)
{
	uint32_t v = FIB_NONE;
	int i = 0;

	while (t != NULL) {
		if (t->value != FIB_NONE)
			v = t->value;
		t = t->child[a >> (31 - i++) & 1];
	}
	return v;
}

static void
trie_free(struct node *t)
{
	if (t == NULL)
		return;
	trie_free(t->child[0]);
	trie_free(t->child[1]);
	free(t);
}

static void
run(const char *mix, const uint8_t *lens, size_t nlens)
{
	struct fib_entry *e = calloc(NPREFIX, sizeof(*e));
	uint32_t *addr = malloc(NLOOKUP * sizeof(uint32_t)), out[BURST];
	struct node *trie = trie_node();
	volatile uint32_t sink = 0;
	double t0, build, fib_rate, bulk_rate, trie_rate;
	struct fib *f;
	size_t i, j;

	for (i = 0; i < NPREFIX; i++) {
		e[i].plen = lens[rnd32() % nlens];
		e[i].prefix = rnd32() & inet_mask(e[i].plen);
		e[i].value = (uint32_t)i;
	}
	/* the RIB gives distinct prefixes: keep the last of duplicates */
	for (i = 0; i < NPREFIX; i++)
		trie_add(trie, e[i].prefix, e[i].plen, e[i].value);
	for (i = 0; i < NLOOKUP; i++)	/* addresses inside table prefixes */
		addr[i] = e[rnd32() % NPREFIX].prefix | (rnd32() & 0xff);
	t0 = now();
	f = fib_build(e, NPREFIX);
	build = now() - t0;
	t0 = now();
	for (i = 0; i < NLOOKUP; i++)
		sink += fib_lookup(f, addr[i]);
	fib_rate = NLOOKUP / (now() - t0);
	t0 = now();
	for (i = 0; i < NLOOKUP; i += BURST) {
		fib_lookup_bulk(f, addr + i, out, BURST);
		for (j = 0; j < BURST; j++)
			sink += out[j];
	}
	bulk_rate = NLOOKUP / (now() - t0);
	t0 = now();
	for (i = 0; i < NLOOKUP / 4; i++)
		sink += trie_lookup(trie, addr[i]);
	trie_rate = NLOOKUP / 4 / (now() - t0);
	printf("{\"bench\":\"fib\",\"prefixes\":%d,\"mix\":\"%s\",\"build_s\":%.3f,"
	    "\"lookups_per_s\":%.0f,\"bulk_lookups_per_s\":%.0f,\"memory_mb\":%.1f,"
	    "\"anchor\":\"binary trie\",\"anchor_lookups_per_s\":%.0f,"
	    "\"ratio_bulk_to_anchor\":%.1f,\"target_lookups_per_s\":50000000,"
	    "\"target_memory_mb\":100,\"target_build_s\":2}\n", NPREFIX, mix, build,
	    fib_rate, bulk_rate, fib_memory(f) / 1048576.0, trie_rate,
	    bulk_rate / trie_rate);
	fflush(stdout);
	(void)sink;
	fib_free(f);
	trie_free(trie);
	trie_nodes = 0;
	free(addr);
	free(e);
}

int
main(void)
{
	/* An Internet table's shape, per 200 prefixes: about 60% /24, 25%
	 * /22-/23, 13% /16-/21, 1.5% shorter, 0.5% longer than /24 (longer
	 * ones are filtered between networks) */
	static uint8_t internet[200];
	static const struct { uint8_t len, count; } shape[] = {
		{ 24, 120 }, { 23, 22 }, { 22, 28 }, { 21, 8 }, { 20, 7 }, { 19, 5 },
		{ 18, 2 }, { 17, 1 }, { 16, 3 }, { 15, 1 }, { 12, 1 }, { 8, 1 },
		{ 28, 1 },
	};
	size_t i, k = 0;

	for (i = 0; i < sizeof(shape) / sizeof(shape[0]); i++)
		for (int c = 0; c < shape[i].count; c++)
			internet[k++] = shape[i].len;
	static const uint8_t uniform[] = {
		8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
		25, 26, 27, 28, 29, 30, 31, 32,
	};

	run("realistic", internet, k);
	run("random-lengths-8-32", uniform, sizeof(uniform));
	return 0;
}
