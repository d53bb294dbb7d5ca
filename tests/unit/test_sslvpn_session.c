/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SSL-VPN sessions (src/sslvpn/session.c): addresses
 * from the pool and static ones, never twice; cookies (random, hex, only
 * the whole cookie finds its session); the two states and the held list;
 * both indexes across growth and removal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "sslvpn/pool.h"
#include "sslvpn/session.h"

#define NET	0x0a630000u	/* 10.99.0.0/24 */

static void
test_add_remove(void)
{
	struct session_table *t = session_table_new();
	struct pool *p = pool_new(NET, 24);
	struct session *a, *b, *c;
	char ta[SESSION_COOKIE_TEXT], tb[SESSION_COOKIE_TEXT];
	const char *why = NULL;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	a = session_add(t, p, "alice", 0, 100, &why);
	b = session_add(t, p, "bob", NET + 50, 101, &why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(a->addr, NET + 1);	/* the lowest free one */
	CU_ASSERT_EQUAL(b->addr, NET + 50);
	CU_ASSERT_STRING_EQUAL(a->user, "alice");
	CU_ASSERT_EQUAL(a->state, SESSION_HELD);
	CU_ASSERT_EQUAL(a->since, 100);
	CU_ASSERT_EQUAL(pool_used(p), 2);
	/* a static address in use is refused */
	CU_ASSERT_PTR_NULL(session_add(t, p, "carol", NET + 50, 102, &why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "in use"));
	CU_ASSERT_EQUAL(session_count(t), 2);

	/* cookies: 64 hex digits, different, each finds only its session */
	session_cookie_text(a, ta);
	session_cookie_text(b, tb);
	CU_ASSERT_EQUAL(strlen(ta), 2 * SSLVPN_COOKIE_BYTES);
	CU_ASSERT_EQUAL(strspn(ta, "0123456789ABCDEF"), strlen(ta));
	CU_ASSERT_STRING_NOT_EQUAL(ta, tb);
	CU_ASSERT_PTR_EQUAL(session_by_cookie(t, ta, strlen(ta)), a);
	CU_ASSERT_PTR_EQUAL(session_by_cookie(t, tb, strlen(tb)), b);
	for (i = 0; i < strlen(ta); i++)	/* lower case is the same cookie */
		if (ta[i] >= 'A')
			ta[i] = (char)(ta[i] - 'A' + 'a');
	CU_ASSERT_PTR_EQUAL(session_by_cookie(t, ta, strlen(ta)), a);
	ta[63] = ta[63] == '0' ? '1' : '0';	/* the last digit counts */
	CU_ASSERT_PTR_NULL(session_by_cookie(t, ta, strlen(ta)));
	CU_ASSERT_PTR_NULL(session_by_cookie(t, tb, strlen(tb) - 1));
	CU_ASSERT_PTR_NULL(session_by_cookie(t, "", 0));
	memcpy(ta, tb, sizeof(ta));
	ta[0] = 'g';
	CU_ASSERT_PTR_NULL(session_by_cookie(t, ta, strlen(ta)));

	CU_ASSERT_PTR_EQUAL(session_by_addr(t, NET + 1), a);
	CU_ASSERT_PTR_EQUAL(session_by_addr(t, NET + 50), b);
	CU_ASSERT_PTR_NULL(session_by_addr(t, NET + 2));

	/* removal gives the address back */
	session_remove(t, p, b);
	CU_ASSERT_PTR_NULL(session_by_addr(t, NET + 50));
	CU_ASSERT_PTR_NULL(session_by_cookie(t, tb, strlen(tb)));
	c = session_add(t, p, "carol", NET + 50, 103, &why);
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT_EQUAL(pool_used(p), 2);
	session_table_free(t);
	pool_free(p);
}

static void
test_states(void)
{
	struct session_table *t = session_table_new();
	struct pool *p = pool_new(NET, 24);
	struct session *a, *b, *c, *s;
	struct conn *fake = (struct conn *)&t;	/* never dereferenced */
	const char *why;
	unsigned n;

	a = session_add(t, p, "a", 0, 10, &why);
	b = session_add(t, p, "b", 0, 11, &why);
	c = session_add(t, p, "c", 0, 12, &why);
	CU_ASSERT_PTR_EQUAL(session_oldest_held(t), a);
	session_connect(t, a, fake);
	CU_ASSERT_EQUAL(a->state, SESSION_CONNECTED);
	CU_ASSERT_PTR_EQUAL(a->conn, fake);
	CU_ASSERT_EQUAL(session_connected(t), 1);
	CU_ASSERT_PTR_EQUAL(session_oldest_held(t), b);
	session_connect(t, c, fake);
	session_hold(t, a, 50);
	CU_ASSERT_EQUAL(a->state, SESSION_HELD);
	CU_ASSERT_PTR_NULL(a->conn);
	CU_ASSERT_EQUAL(a->held_since, 50);
	CU_ASSERT_EQUAL(session_connected(t), 1);
	/* held list: b (since 11), then a (since 50) */
	CU_ASSERT_PTR_EQUAL(session_oldest_held(t), b);
	session_hold(t, a, 60);	/* holding a held session changes nothing */
	CU_ASSERT_EQUAL(a->held_since, 50);
	/* the walk: connected first, then held oldest first */
	s = session_first(t);
	CU_ASSERT_PTR_EQUAL(s, c);
	s = session_next(t, s);
	CU_ASSERT_PTR_EQUAL(s, b);
	s = session_next(t, s);
	CU_ASSERT_PTR_EQUAL(s, a);
	CU_ASSERT_PTR_NULL(session_next(t, s));
	/* removing while walking */
	n = 0;
	for (s = session_first(t); s != NULL; ) {
		struct session *next = session_next(t, s);

		session_remove(t, p, s);
		s = next;
		n++;
	}
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(session_count(t), 0);
	CU_ASSERT_EQUAL(session_connected(t), 0);
	CU_ASSERT_EQUAL(pool_used(p), 0);
	session_table_free(t);
	pool_free(p);
}

/* A /16 filled: the indexes grow and still find every session; the pool
 * runs out and says so. */
static void
test_many(void)
{
	struct session_table *t = session_table_new();
	struct pool *p = pool_new(0xac100000u, 20);	/* 172.16.0.0/20: 4094 */
	char (*cookies)[SESSION_COOKIE_TEXT] = calloc(4094, SESSION_COOKIE_TEXT);
	struct session *s;
	const char *why = NULL;
	unsigned i, found = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(cookies);
	for (i = 0; i < 4094; i++) {
		s = session_add(t, p, "u", 0, 1, &why);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		session_cookie_text(s, cookies[i]);
		if (i % 2)
			session_connect(t, s, (struct conn *)&t);
	}
	CU_ASSERT_PTR_NULL(session_add(t, p, "u", 0, 1, &why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "full"));
	for (i = 0; i < 4094; i++) {
		s = session_by_cookie(t, cookies[i], strlen(cookies[i]));
		found += s != NULL && session_by_addr(t, s->addr) == s &&
		    s->addr == 0xac100001u + i;
	}
	CU_ASSERT_EQUAL(found, 4094);
	CU_ASSERT_EQUAL(session_count(t), 4094);
	CU_ASSERT_EQUAL(session_connected(t), 2047);
	/* every other one removed: the rest still found */
	for (i = 0; i < 4094; i += 2)
		session_remove(t, p, session_by_addr(t, 0xac100001u + i));
	found = 0;
	for (i = 1; i < 4094; i += 2)
		found += session_by_cookie(t, cookies[i], strlen(cookies[i])) != NULL;
	CU_ASSERT_EQUAL(found, 2047);
	CU_ASSERT_PTR_NULL(session_by_cookie(t, cookies[0], strlen(cookies[0])));
	CU_ASSERT_EQUAL(pool_used(p), 2047);
	free(cookies);
	session_table_free(t);
	pool_free(p);
}

static CU_TestInfo tests[] = {
	{ "add, cookies, addresses, remove", test_add_remove },
	{ "connected and held", test_states },
	{ "many sessions", test_many },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "sslvpn_session"
#include "cunit_main.h"
