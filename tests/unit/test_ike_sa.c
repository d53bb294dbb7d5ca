/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for IKE SAs and their table (src/ike/ike_sa.c): the state
 * funnel against the machine of ike_sa.h, written here as a table of the
 * transitions it has (every other pair must be refused and change
 * nothing); the lookups by our own SPI and, for a half-open responder SA,
 * by the initiator's SPI and address; the half-open count through every
 * way out of half-open; iteration that frees; and the IKE_SAS_MAX bound.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ike/ike_sa.h"
#include "test_ike_util.h"

#define PEER	0xc633640au
#define T0	5000

/* The machine of ike_sa.h: allowed[from][to]. */
static const bool allowed[IKE_ST_COUNT][IKE_ST_COUNT] = {
	[IKE_ST_INIT_SENT] = { [IKE_ST_AUTH_SENT] = true, [IKE_ST_DEAD] = true },
	[IKE_ST_INIT_DONE] = { [IKE_ST_ESTABLISHED] = true, [IKE_ST_DEAD] = true },
	[IKE_ST_AUTH_SENT] = { [IKE_ST_ESTABLISHED] = true, [IKE_ST_DEAD] = true },
	[IKE_ST_ESTABLISHED] = { [IKE_ST_DELETING] = true, [IKE_ST_DEAD] = true },
	[IKE_ST_DELETING] = { [IKE_ST_DEAD] = true },
};

/* A fresh SA driven to state s along allowed transitions. */
static struct ike_sa *
sa_in_state(struct ike_sa_table *t, enum ike_state s)
{
	static const enum ike_state path_i[] = { IKE_ST_INIT_SENT, IKE_ST_AUTH_SENT,
	    IKE_ST_ESTABLISHED, IKE_ST_DELETING, IKE_ST_DEAD };
	bool responder = s == IKE_ST_INIT_DONE;
	struct ike_sa *sa = ike_sa_new(t, "office", !responder, T0);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	if (responder) {
		sa->spi_i = 0x1111;
		sa->peer = PEER;
		CU_ASSERT_FATAL(ike_sa_set_state(t, sa, IKE_ST_INIT_DONE, "test"));
		return sa;
	}
	for (i = 0; i < N_OF(path_i); i++) {
		CU_ASSERT_FATAL(ike_sa_set_state(t, sa, path_i[i], "test"));
		if (path_i[i] == s)
			return sa;
	}
	CU_FAIL_FATAL("no path to the state");
	return NULL;
}

static void
test_funnel(void)
{
	struct ike_sa_table *t = ike_sa_table_new();
	unsigned from, to;

	for (from = 0; from < IKE_ST_COUNT; from++)
		for (to = 0; to < IKE_ST_COUNT; to++) {
			struct ike_sa *sa = sa_in_state(t, (enum ike_state)from);
			unsigned half = ike_sa_half_open(t);
			bool ok = ike_sa_set_state(t, sa, (enum ike_state)to, "test");
			char name[64];

			snprintf(name, sizeof(name), "%s -> %s", ike_state_name(from),
			    ike_state_name(to));
			if (ok != allowed[from][to] ||
			    sa->state != (ok ? to : from))
				FAIL_CASE(name);
			/* a refusal leaves the count as it was */
			if (!ok && ike_sa_half_open(t) != half)
				FAIL_CASE(name);
			ike_sa_free(t, sa);
		}
	CU_ASSERT_EQUAL(ike_sa_count(t), 0);
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 0);
	ike_sa_table_free(t);
}

static void
test_new(void)
{
	struct ike_sa_table *t = ike_sa_table_new();
	struct ike_sa *i = ike_sa_new(t, "office", true, T0);
	struct ike_sa *r = ike_sa_new(t, "a-tunnel-name-of-exactly-31-chr", false, T0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	/* our SPI is set for our role, never 0; the other waits */
	CU_ASSERT_NOT_EQUAL(i->spi_i, 0);
	CU_ASSERT_EQUAL(i->spi_r, 0);
	CU_ASSERT_NOT_EQUAL(r->spi_r, 0);
	CU_ASSERT_EQUAL(r->spi_i, 0);
	CU_ASSERT_STRING_EQUAL(i->tunnel, "office");
	CU_ASSERT_STRING_EQUAL(r->tunnel, "a-tunnel-name-of-exactly-31-chr");
	CU_ASSERT_EQUAL(i->created_ms, T0);
	CU_ASSERT_EQUAL(i->heard_ms, T0);
	CU_ASSERT_EQUAL(ike_sa_count(t), 2);
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 0);
	ike_sa_table_free(t);		/* frees both */
}

static void
test_find(void)
{
	struct ike_sa_table *t = ike_sa_table_new();
	struct ike_sa *i = ike_sa_new(t, "a", true, T0);
	struct ike_sa *r = ike_sa_new(t, "b", false, T0);
	uint64_t own_i, own_r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	own_i = i->spi_i;
	own_r = r->spi_r;
	CU_ASSERT_PTR_EQUAL(ike_sa_find(t, own_i, true), i);
	CU_ASSERT_PTR_EQUAL(ike_sa_find(t, own_r, false), r);
	/* the role is part of the key */
	CU_ASSERT_PTR_NULL(ike_sa_find(t, own_i, false));
	CU_ASSERT_PTR_NULL(ike_sa_find(t, own_r, true));
	CU_ASSERT_PTR_NULL(ike_sa_find(t, own_i ^ 1, true));
	/* the peer's SPI, once learned, does not find an SA */
	i->spi_r = 0x2222;
	CU_ASSERT_PTR_NULL(ike_sa_find(t, 0x2222, false));
	CU_ASSERT_PTR_NULL(ike_sa_find(t, 0x2222, true));

	/* half-open responder: found by the initiator's SPI and address too */
	r->spi_i = 0x0b0b0b0b0b0b0b0bull;
	r->peer = PEER;
	CU_ASSERT_PTR_NULL(ike_sa_find_half(t, r->spi_i, PEER));	/* not yet linked */
	CU_ASSERT_FATAL(ike_sa_set_state(t, r, IKE_ST_INIT_DONE, "test"));
	CU_ASSERT_PTR_EQUAL(ike_sa_find_half(t, 0x0b0b0b0b0b0b0b0bull, PEER), r);
	CU_ASSERT_PTR_NULL(ike_sa_find_half(t, 0x0b0b0b0b0b0b0b0bull, PEER + 1));
	CU_ASSERT_PTR_NULL(ike_sa_find_half(t, 0x0b0b0b0b0b0b0b0cull, PEER));
	/* an initiator's SA is never found so */
	CU_ASSERT_PTR_NULL(ike_sa_find_half(t, own_i, 0));
	/* still found by it once established (a late retransmission), gone
	 * with the SA */
	CU_ASSERT_FATAL(ike_sa_set_state(t, r, IKE_ST_ESTABLISHED, "test"));
	CU_ASSERT_PTR_EQUAL(ike_sa_find_half(t, 0x0b0b0b0b0b0b0b0bull, PEER), r);
	ike_sa_free(t, r);
	CU_ASSERT_PTR_NULL(ike_sa_find_half(t, 0x0b0b0b0b0b0b0b0bull, PEER));
	CU_ASSERT_PTR_NULL(ike_sa_find(t, own_r, false));
	CU_ASSERT_PTR_EQUAL(ike_sa_find(t, own_i, true), i);
	ike_sa_free(t, i);
	CU_ASSERT_PTR_NULL(ike_sa_find(t, own_i, true));
	CU_ASSERT_EQUAL(ike_sa_count(t), 0);
	ike_sa_free(t, NULL);
	ike_sa_table_free(t);
	ike_sa_table_free(NULL);
}

static void
test_half_open(void)
{
	struct ike_sa_table *t = ike_sa_table_new();
	struct ike_sa *sa[4];
	size_t k;

	for (k = 0; k < N_OF(sa); k++) {
		sa[k] = ike_sa_new(t, "b", false, T0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(sa[k]);
		sa[k]->spi_i = 0x100 + k;
		sa[k]->peer = PEER;
		CU_ASSERT_FATAL(ike_sa_set_state(t, sa[k], IKE_ST_INIT_DONE, "test"));
	}
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 4);
	/* out of half-open by IKE_AUTH, by death, by being freed */
	CU_ASSERT(ike_sa_set_state(t, sa[0], IKE_ST_ESTABLISHED, "test"));
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 3);
	CU_ASSERT(ike_sa_set_state(t, sa[1], IKE_ST_DEAD, "test"));
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 2);
	ike_sa_free(t, sa[2]);
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 1);
	/* freeing the others changes it no more than they count */
	ike_sa_free(t, sa[0]);
	ike_sa_free(t, sa[1]);
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 1);
	CU_ASSERT_EQUAL(ike_sa_count(t), 1);
	/* initiators never count */
	CU_ASSERT_PTR_NOT_NULL(sa_in_state(t, IKE_ST_INIT_SENT));
	CU_ASSERT_EQUAL(ike_sa_half_open(t), 1);
	ike_sa_table_free(t);
}

struct walk {
	struct ike_sa_table *t;
	unsigned	 seen;
};

static void
free_even(void *arg, struct ike_sa *sa)
{
	struct walk *w = arg;

	if (w->seen++ % 2 == 0)
		ike_sa_free(w->t, sa);
}

static void
test_foreach_frees(void)
{
	struct walk w = { ike_sa_table_new(), 0 };
	size_t k;

	for (k = 0; k < 100; k++)
		CU_ASSERT_PTR_NOT_NULL_FATAL(ike_sa_new(w.t, "a", k % 2 == 0, T0));
	ike_sa_foreach(w.t, free_even, &w);
	CU_ASSERT_EQUAL(w.seen, 100);
	CU_ASSERT_EQUAL(ike_sa_count(w.t), 50);
	w.seen = 0;
	ike_sa_foreach(w.t, free_even, &w);
	CU_ASSERT_EQUAL(w.seen, 50);
	CU_ASSERT_EQUAL(ike_sa_count(w.t), 25);
	ike_sa_table_free(w.t);
}

static void
test_state_names(void)
{
	unsigned s;

	CU_ASSERT_STRING_EQUAL(ike_state_name(IKE_ST_ESTABLISHED), "established");
	CU_ASSERT_STRING_EQUAL(ike_state_name(IKE_ST_INIT_DONE), "half-open");
	for (s = 0; s < IKE_ST_COUNT; s++)
		CU_ASSERT_PTR_NOT_NULL(ike_state_name((enum ike_state)s));
	CU_ASSERT_STRING_EQUAL(ike_state_name(IKE_ST_COUNT), "?");
}

/* IKE_SAS_MAX alive: the next is refused; one freed makes room. */
static void
test_bound(void)
{
	struct ike_sa_table *t = ike_sa_table_new();
	struct ike_sa *last = NULL;
	unsigned k;

	for (k = 0; k < IKE_SAS_MAX; k++) {
		last = ike_sa_new(t, "a", k % 2 == 0, T0);
		if (last == NULL)
			break;
	}
	CU_ASSERT_EQUAL_FATAL(k, IKE_SAS_MAX);
	CU_ASSERT_EQUAL(ike_sa_count(t), IKE_SAS_MAX);
	CU_ASSERT_PTR_NULL(ike_sa_new(t, "a", true, T0));
	CU_ASSERT_PTR_NULL(ike_sa_new(t, "a", false, T0));
	ike_sa_free(t, last);
	CU_ASSERT_PTR_NOT_NULL(ike_sa_new(t, "a", true, T0));
	CU_ASSERT_EQUAL(ike_sa_count(t), IKE_SAS_MAX);
	ike_sa_table_free(t);
}

static CU_TestInfo tests[] = {
	{ "funnel", test_funnel },
	{ "new", test_new },
	{ "find", test_find },
	{ "half_open", test_half_open },
	{ "foreach_frees", test_foreach_frees },
	{ "state_names", test_state_names },
	{ "bound", test_bound },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_sa"
#include "cunit_main.h"
