/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the SSL-VPN address pool. */
#include <stdlib.h>

#include <CUnit/CUnit.h>

#include "sslvpn/pool.h"

#define A(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static void
test_slash30(void)
{
	struct pool *p = pool_new(A(10, 9, 0, 7), 30);	/* the host part is ignored */

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pool_size(p), 2);
	CU_ASSERT_FALSE(pool_contains(p, A(10, 9, 0, 4)));
	CU_ASSERT_TRUE(pool_contains(p, A(10, 9, 0, 5)));
	CU_ASSERT_TRUE(pool_contains(p, A(10, 9, 0, 6)));
	CU_ASSERT_FALSE(pool_contains(p, A(10, 9, 0, 7)));
	CU_ASSERT_FALSE(pool_contains(p, A(10, 9, 0, 8)));
	CU_ASSERT_FALSE(pool_contains(p, A(10, 9, 0, 3)));
	CU_ASSERT_EQUAL(pool_take(p), A(10, 9, 0, 5));
	CU_ASSERT_EQUAL(pool_take(p), A(10, 9, 0, 6));
	CU_ASSERT_EQUAL(pool_take(p), 0);
	CU_ASSERT_EQUAL(pool_used(p), 2);
	/* network and broadcast: never given, never released into the pool */
	CU_ASSERT_FALSE(pool_take_addr(p, A(10, 9, 0, 4)));
	CU_ASSERT_FALSE(pool_take_addr(p, A(10, 9, 0, 7)));
	pool_release(p, A(10, 9, 0, 4));
	pool_release(p, A(10, 9, 0, 7));
	CU_ASSERT_EQUAL(pool_take(p), 0);
	CU_ASSERT_EQUAL(pool_used(p), 2);
	pool_free(p);
}

static void
test_prefix_lengths(void)
{
	CU_ASSERT_PTR_NULL(pool_new(A(10, 0, 0, 0), 7));
	CU_ASSERT_PTR_NULL(pool_new(A(10, 0, 0, 0), 31));
	CU_ASSERT_PTR_NULL(pool_new(A(10, 0, 0, 0), 32));
	CU_ASSERT_PTR_NULL(pool_new(A(10, 0, 0, 0), 0));
	pool_free(NULL);
}

static void
test_take_addr_and_release(void)
{
	struct pool *p = pool_new(A(192, 168, 10, 0), 24);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pool_size(p), 254);
	/* a static address first: pool_take goes around it */
	CU_ASSERT_TRUE(pool_take_addr(p, A(192, 168, 10, 2)));
	CU_ASSERT_FALSE(pool_take_addr(p, A(192, 168, 10, 2)));
	CU_ASSERT_FALSE(pool_take_addr(p, A(192, 168, 11, 2)));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 1));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 3));
	CU_ASSERT_EQUAL(pool_used(p), 3);
	/* released: the lowest free is given again */
	pool_release(p, A(192, 168, 10, 1));
	pool_release(p, A(192, 168, 10, 1));	/* twice: no effect */
	pool_release(p, A(192, 168, 10, 200));	/* never taken: no effect */
	CU_ASSERT_EQUAL(pool_used(p), 2);
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 1));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 4));
	/* a reconnect takes its old address back */
	pool_release(p, A(192, 168, 10, 3));
	CU_ASSERT_TRUE(pool_take_addr(p, A(192, 168, 10, 3)));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 5));
	/* fill it: every address once, the highest last */
	for (uint32_t i = 6; i <= 254; i++)
		CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, i));
	CU_ASSERT_EQUAL(pool_take(p), 0);
	CU_ASSERT_EQUAL(pool_used(p), 254);
	/* a release below a full word moves the search back */
	pool_release(p, A(192, 168, 10, 100));
	pool_release(p, A(192, 168, 10, 7));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 7));
	CU_ASSERT_EQUAL(pool_take(p), A(192, 168, 10, 100));
	CU_ASSERT_EQUAL(pool_take(p), 0);
	pool_free(p);
}

static void
test_slash8(void)
{
	struct pool *p = pool_new(A(10, 1, 2, 3), 8);
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pool_size(p), (1u << 24) - 2);
	CU_ASSERT_TRUE(pool_contains(p, A(10, 255, 255, 254)));
	CU_ASSERT_FALSE(pool_contains(p, A(10, 255, 255, 255)));
	CU_ASSERT_FALSE(pool_contains(p, A(11, 0, 0, 0)));
	/* the bitmap's last bit is there (a sanitizer build checks the bound) */
	CU_ASSERT_TRUE(pool_take_addr(p, A(10, 255, 255, 254)));
	CU_ASSERT_FALSE(pool_take_addr(p, A(10, 255, 255, 255)));
	for (i = 1; i <= 100000; i++)
		if (pool_take(p) != A(10, 0, 0, 0) + i) {
			CU_FAIL("not the lowest free address");
			break;
		}
	CU_ASSERT_EQUAL(pool_used(p), 100001);
	pool_release(p, A(10, 0, 0, 1));
	CU_ASSERT_EQUAL(pool_take(p), A(10, 0, 0, 1));
	CU_ASSERT_EQUAL(pool_take(p), A(10, 0, 0, 0) + 100001);
	pool_free(p);
}

static CU_TestInfo tests[] = {
	{ "a /30 gives exactly its two addresses", test_slash30 },
	{ "prefix lengths outside 8..30 refused", test_prefix_lengths },
	{ "static addresses, release and re-take", test_take_addr_and_release },
	{ "a /8: 2^24 - 2 addresses, lowest first", test_slash8 },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "pool"
#include "cunit_main.h"
