/* Unit tests for the DIR-24-8 table against a naive longest-prefix match. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "fib.h"
#include "inet.h"

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

/* Up to *n distinct random prefixes (*n becomes how many); lengths from lens[]. */
static struct fib_entry *
random_table(size_t *n, const uint8_t *lens, size_t nlens)
{
	struct fib_entry *e = calloc(*n + 1, sizeof(*e));
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		e[i].plen = lens[rnd32() % nlens];
		e[i].prefix = rnd32() & inet_mask(e[i].plen);
	}
	qsort(e, *n, sizeof(*e), by_prefix);
	for (i = 0; i < *n; i++)
		if (k == 0 || by_prefix(&e[k - 1], &e[i]) != 0)
			e[k++] = e[i];
	for (i = 0; i < k; i++)
		e[i].value = (uint32_t)i;
	*n = k;
	return e;
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

static CU_TestInfo tests[] = {
	{ "nested prefixes, /0, /32, bulk lookups", test_edges },
	{ "random tables agree with a naive scan", test_random_tables },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "fib"
#include "cunit_main.h"
