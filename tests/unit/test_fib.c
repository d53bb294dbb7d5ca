/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the DIR-24-8 table and its compressed groups against a
 * naive longest-prefix match. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "route/fib.h"
#include "lib/inet.h"

static unsigned long rng = 12345;

static uint32_t
rnd32(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(rng >> 32);
}

/* The reference: scan every entry. */
static uint32_t
naive(const struct fib_entry *e, size_t n, uint32_t a)
{
	uint32_t v = FIB_NONE;
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (((a ^ e[i].prefix) & inet_mask(e[i].plen)) == 0 && e[i].plen > best) {
			best = e[i].plen;
			v = e[i].value;
		}
	return v;
}

static int
by_prefix(const void *a, const void *b)
{
	const struct fib_entry *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return x->plen - y->plen;
}

/* Drop repeated prefixes from e[0..n) (sorting it); return how many remain. */
static size_t
distinct(struct fib_entry *e, size_t n)
{
	size_t i, k = 0;

	qsort(e, n, sizeof(*e), by_prefix);
	for (i = 0; i < n; i++)
		if (k == 0 || by_prefix(&e[k - 1], &e[i]) != 0)
			e[k++] = e[i];
	return k;
}

/* Up to *n distinct random prefixes (*n becomes how many); lengths from lens[]. */
static struct fib_entry *
random_table(size_t *n, const uint8_t *lens, size_t nlens)
{
	struct fib_entry *e = calloc(*n + 1, sizeof(*e));
	size_t i;

	for (i = 0; i < *n; i++) {
		e[i].plen = lens[rnd32() % nlens];
		e[i].prefix = rnd32() & inet_mask(e[i].plen);
	}
	*n = distinct(e, *n);
	for (i = 0; i < *n; i++)
		e[i].value = (uint32_t)i;
	return e;
}

/* A built copy of e[0..n), which stays in its order. */
static struct fib *
build_copy(const struct fib_entry *e, size_t n)
{
	struct fib_entry *copy = malloc(n * sizeof(*e) + 1);
	struct fib *f;

	memcpy(copy, e, n * sizeof(*e));
	f = fib_build(copy, n);
	free(copy);
	return f;
}

/* How many addresses of the /24 at base (one by one, then in a burst) give
 * another answer than the naive scan. */
static int
check_block(const struct fib *f, const struct fib_entry *e, size_t n,
    uint32_t base)
{
	uint32_t a[256], v[256];
	int i, bad = 0;

	for (i = 0; i < 256; i++)
		a[i] = (base & 0xffffff00) | (uint32_t)i;
	fib_lookup_bulk(f, a, v, 256);
	for (i = 0; i < 256; i++) {
		uint32_t want = naive(e, n, a[i]);

		bad += fib_lookup(f, a[i]) != want;
		bad += v[i] != want;
	}
	return bad;
}

/* Every address under the /24s that prefixes longer than /24 refine (the
 * groups), and the /24s either side of them, against the naive scan. */
static int
check_groups(const struct fib_entry *e, size_t n)
{
	struct fib *f = build_copy(e, n);
	size_t i, j;
	int bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (i = 0; i < n; i++) {
		if (e[i].plen <= 24)
			continue;
		for (j = 0; j < i; j++)		/* each /24 once */
			if (e[j].plen > 24 && (e[j].prefix ^ e[i].prefix) >> 8 == 0)
				break;
		if (j < i)
			continue;
		bad += check_block(f, e, n, e[i].prefix);
		bad += check_block(f, e, n, e[i].prefix - 256);
		bad += check_block(f, e, n, e[i].prefix + 256);
	}
	fib_free(f);
	return bad;
}

static void
check_against_naive(size_t n, const uint8_t *lens, size_t nlens, int probes)
{
	struct fib_entry *e = random_table(&n, lens, nlens), *copy;
	struct fib *f;
	int k, bad = 0;

	copy = malloc(n * sizeof(*e) + 1);
	memcpy(copy, e, n * sizeof(*e));
	f = fib_build(copy, n);		/* reorders copy */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (k = 0; k < probes; k++) {
		/* half the probes inside a table prefix, half anywhere */
		uint32_t a = rnd32();

		if (k % 2 && n > 0)
			a = e[rnd32() % n].prefix | (a & ~inet_mask(e[k % n].plen) & 0xff);
		bad += fib_lookup(f, a) != naive(e, n, a);
	}
	CU_ASSERT_EQUAL(bad, 0);
	fib_free(f);
	free(copy);
	free(e);
}

static void
test_edges(void)
{
	struct fib_entry e[] = {
		{ 0, 0, 1 },			/* default */
		{ 0x0a000000, 8, 2 },		/* 10/8 */
		{ 0x0a010000, 16, 3 },		/* 10.1/16 */
		{ 0x0a010100, 24, 4 },		/* 10.1.1/24 */
		{ 0x0a010180, 25, 5 },		/* 10.1.1.128/25 */
		{ 0x0a0101ff, 32, 6 },		/* 10.1.1.255/32 */
		{ 0xffffffff, 32, 7 },
	};
	struct fib *f = fib_build(e, sizeof(e) / sizeof(e[0]));
	uint32_t a[4] = { 0x0a010101, 0x0a0101fe, 0x0a0101ff, 0x0b000000 }, v[4];

	CU_ASSERT_EQUAL(fib_lookup(f, 0), 1);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0a020000), 2);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0a01ff00), 3);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0a010101), 4);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0a0101fe), 5);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0a0101ff), 6);
	CU_ASSERT_EQUAL(fib_lookup(f, 0xffffffff), 7);
	CU_ASSERT_EQUAL(fib_lookup(f, 0xfffffffe), 1);
	fib_lookup_bulk(f, a, v, 4);
	CU_ASSERT_EQUAL(v[0], 4);
	CU_ASSERT_EQUAL(v[1], 5);
	CU_ASSERT_EQUAL(v[2], 6);
	CU_ASSERT_EQUAL(v[3], 1);
	fib_free(f);
	f = fib_build(NULL, 0);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x01020304), FIB_NONE);
	fib_free(f);
}

static void
test_random_tables(void)
{
	static const uint8_t all[] = { 0, 1, 4, 7, 8, 9, 12, 15, 16, 17, 20, 22, 23,
	    24, 25, 26, 28, 30, 31, 32 };
	static const uint8_t internet[] = { 24, 24, 24, 24, 24, 24, 23, 22, 22, 21,
	    20, 19, 18, 17, 16, 16, 14, 12, 8, 25, 27, 28, 29, 30, 32 };
	int t;

	for (t = 0; t < 8; t++)
		check_against_naive(1 + rnd32() % 300, all, sizeof(all), 20000);
	check_against_naive(100000, internet, sizeof(internet), 2000);
}

/* Hand-made groups: a /25../32 chain to either end of a /24, /32s at 0 and
 * 255, long prefixes with no cover (no route between them) and ones that
 * repeat their cover (no group needed), under a full /0 or none. */
#define DEFAULT		0xffffffffu	/* 100 with the /0, else no route */

static void
test_group_edges(void)
{
	/* both chains' ends and steps, 10.0/16 beside them, the uncovered
	 * /24's /32s, /26 and gaps, the repeated cover, the top value */
	static const struct {
		uint32_t	 addr, value;
	} want[] = {
		{ 0x0a0001ff, 42 }, { 0x0a0001fe, 41 }, { 0x0a0001c0, 36 },
		{ 0x0a000180, 35 }, { 0x0a000100, 82 }, { 0x0a000101, 81 },
		{ 0x0a00017f, 75 }, { 0x0a000201, 5 }, { 0x0a090200, 2 },
		{ 0x0a090201, DEFAULT }, { 0x0a090240, 4 }, { 0x0a09027f, 4 },
		{ 0x0a090280, DEFAULT }, { 0x0a0902ff, 3 }, { 0x0a000307, 5 },
		{ 0xffffff7f, FIB_NONE - 1 }, { 0xffffff80, DEFAULT },
		{ 0xffffffff, 6 },
	};
	struct fib_entry e[64];
	struct fib *f;
	size_t i, n;
	int len, dflt;

	for (dflt = 0; dflt < 2; dflt++) {
		n = 0;
		if (dflt)
			e[n++] = (struct fib_entry){ 0, 0, 100 };
		e[n++] = (struct fib_entry){ 0x0a000100, 24, 1 };	/* 10.0.1/24 */
		for (len = 25; len <= 32; len++) {
			/* 10.0.1.128/25 .. 10.0.1.255/32 and 10.0.1.0/25 .. /32 */
			e[n++] = (struct fib_entry){ 0x0a0001ff & inet_mask(len),
			    (uint8_t)len, (uint32_t)(10 + len) };
			e[n++] = (struct fib_entry){ 0x0a000100, (uint8_t)len,
			    (uint32_t)(50 + len) };
		}
		/* 10.9.2/24 has no cover but the default: /32s at 0 and 255,
		 * a /26 between */
		e[n++] = (struct fib_entry){ 0x0a090200, 32, 2 };
		e[n++] = (struct fib_entry){ 0x0a0902ff, 32, 3 };
		e[n++] = (struct fib_entry){ 0x0a090240, 26, 4 };
		/* 10.0.3/24: its long prefixes all repeat 10.0/16's value */
		e[n++] = (struct fib_entry){ 0x0a000000, 16, 5 };
		e[n++] = (struct fib_entry){ 0x0a000380, 25, 5 };
		e[n++] = (struct fib_entry){ 0x0a000307, 32, 5 };
		/* the top value, and a group at the very last /24 */
		e[n++] = (struct fib_entry){ 0xffffff00, 25, FIB_NONE - 1 };
		e[n++] = (struct fib_entry){ 0xffffffff, 32, 6 };
		CU_ASSERT_EQUAL(check_groups(e, n), 0);
		f = build_copy(e, n);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			CU_ASSERT_EQUAL(fib_lookup(f, want[i].addr),
			    want[i].value != DEFAULT ? want[i].value :
			    dflt ? 100 : FIB_NONE);
		fib_free(f);
	}
}

/* A /24 cut into 256 /32s, so 256 runs (the most a group holds): distinct
 * values, then two alternating ones, then all equal to the cover. */
static void
test_group_full(void)
{
	struct fib_entry e[257];
	uint32_t i;
	int mode;

	for (mode = 0; mode < 3; mode++) {
		e[0] = (struct fib_entry){ 0xc0a80000, 16, 7 };	/* 192.168/16 */
		for (i = 0; i < 256; i++)
			e[1 + i] = (struct fib_entry){ 0xc0a80500 | i, 32,
			    mode == 0 ? 1000 + i : mode == 1 ? i % 2 : 7 };
		CU_ASSERT_EQUAL(check_groups(e, 257), 0);
	}
}

/* Many random prefixes longer than /24 crowded into a few /24s, over
 * random covers (sometimes a /0); values from a small set in half the
 * rounds, so that neighbouring runs merge. */
static void
test_group_random(void)
{
	static const uint8_t cover[] = { 0, 8, 16, 20, 23, 24 };
	struct fib_entry e[600];
	uint32_t base[3];
	size_t i, n, nlong;
	int round;

	for (round = 0; round < 40; round++) {
		n = 0;
		for (i = 0; i < 3; i++)
			base[i] = rnd32() & 0xffffff00;
		for (i = 0; i < 6; i++) {	/* each cover with odds 1/2 */
			uint8_t len = cover[rnd32() % sizeof(cover)];

			e[n].plen = len;
			e[n].prefix = base[rnd32() % 3] & inet_mask(len);
			e[n].value = rnd32() % 1000;
			n += rnd32() % 2;
		}
		nlong = 1 + rnd32() % 500;
		for (i = 0; i < nlong; i++) {
			uint8_t len = (uint8_t)(25 + rnd32() % 8);

			e[n].plen = len;
			e[n].prefix = (base[rnd32() % 3] | (rnd32() & 0xff)) &
			    inet_mask(len);
			e[n].value = round % 2 ? rnd32() % 3 : rnd32() % 100000;
			n++;
		}
		n = distinct(e, n);
		CU_ASSERT_EQUAL(check_groups(e, n), 0);
	}
}

/* A group costs a bitmap and its runs, not a 1 KiB block: 4096 /24s with
 * one /26 each (three runs) hold well under 100 bytes a group. */
static void
test_group_memory(void)
{
	struct fib_entry *e = calloc(4096, sizeof(*e));
	struct fib *f, *empty;
	uint32_t i;

	for (i = 0; i < 4096; i++)
		e[i] = (struct fib_entry){ 0x0b000040 | i << 8, 26, i };
	f = fib_build(e, 4096);
	empty = fib_build(NULL, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(empty);
	CU_ASSERT(fib_memory(f) > fib_memory(empty));
	CU_ASSERT(fib_memory(f) - fib_memory(empty) < 4096 * 100);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0b000040 | 4095 << 8), 4095);
	CU_ASSERT_EQUAL(fib_lookup(f, 0x0b000080 | 4095 << 8), FIB_NONE);
	fib_free(f);
	fib_free(empty);
	free(e);
}

static CU_TestInfo tests[] = {
	{ "nested prefixes, /0, /32, bulk lookups", test_edges },
	{ "random tables agree with a naive scan", test_random_tables },
	{ "groups: chains, /32s at the ends, no cover, top value", test_group_edges },
	{ "groups: 256 runs, alternating and merged values", test_group_full },
	{ "groups: crowded random /24s, every address", test_group_random },
	{ "groups: memory is per run, not per address", test_group_memory },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "fib"
#include "cunit_main.h"
