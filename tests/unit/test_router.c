/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the commit procedure (router.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "router.h"

static char statedir[64];

static struct router *
fresh_router(void)
{
	struct strbuf err = STRBUF_INIT;
	struct router *r;

	snprintf(statedir, sizeof(statedir), "/tmp/vgw-test-router.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(statedir));
	r = router_new(statedir, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	strbuf_free(&err);
	return r;
}

static void
drop_router(struct router *r)
{
	char cmd[128];

	router_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", statedir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* Commits `cand` opened from the current running; returns router_commit's result. */
static int
commit_from(struct router *r, const struct config *base, uint64_t gen,
    const struct config *cand, unsigned confirm, bool check, struct strbuf *out)
{
	struct commit_request req = {
		.base = base, .base_generation = gen, .candidate = cand,
		.user = "tester", .comment = "unit", .confirm_seconds = confirm,
		.check_only = check,
	};

	return router_commit(r, &req, out);
}

static void
test_commit_replaces_running_and_records(void)
{
	struct router *r = fresh_router();
	struct strbuf out = STRBUF_INIT;
	struct config *base = config_clone(r->running);
	struct config *cand = config_clone(r->running);
	struct commit_info ci;

	config_set_hostname(cand, "gw1");
	CU_ASSERT_EQUAL(commit_from(r, base, r->generation, cand, 0, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "gw1");
	CU_ASSERT_EQUAL(r->generation, 1);
	CU_ASSERT_EQUAL(commitdb_last_id(r->db), 1);
	CU_ASSERT_TRUE(commitdb_info(r->db, 1, &ci));
	CU_ASSERT_STRING_EQUAL(ci.user, "tester");
	CU_ASSERT_STRING_EQUAL(ci.comment, "unit");
	/* the candidate is the caller's: untouched and still separate */
	config_set_hostname(cand, "gw2");
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "gw1");
	config_free(base);
	config_free(cand);
	strbuf_free(&out);
	drop_router(r);
}

static void
test_failed_commit_changes_nothing(void)
{
	struct router *r = fresh_router();
	struct strbuf out = STRBUF_INIT;
	struct config *base = config_clone(r->running);
	struct config *cand = config_clone(r->running);
	struct cfg_route rt;

	memset(&rt, 0, sizeof(rt));
	rt.prefix = 0x0a000000;
	rt.plen = 8;
	rt.nh_kind = NH_INTERFACE;
	strcpy(rt.nh_name, "nosuch0");
	rt.priority = CFG_DEFAULT_PRIORITY;
	config_route_set(cand, &rt);
	config_set_hostname(cand, "gw1");
	CU_ASSERT_EQUAL(commit_from(r, base, r->generation, cand, 0, false, &out), -1);
	/* one line per error, the statement first, for the caller to present */
	CU_ASSERT_EQUAL(strncmp(strbuf_str(&out), "ip route 10.0.0.0 255.0.0.0 "
	    "interface nosuch0: ", 39), 0);
	CU_ASSERT_PTR_NULL(strchr(strbuf_str(&out), '%'));
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), CFG_DEFAULT_HOSTNAME);
	CU_ASSERT_EQUAL(r->generation, 0);
	CU_ASSERT_EQUAL(commitdb_last_id(r->db), 0);
	CU_ASSERT_EQUAL(config_route_count(cand), 1);	/* candidate as it was */
	config_free(base);
	config_free(cand);
	strbuf_free(&out);
	drop_router(r);
}

static void
test_check_only_applies_nothing(void)
{
	struct router *r = fresh_router();
	struct strbuf out = STRBUF_INIT;
	struct config *cand = config_clone(r->running);

	config_set_hostname(cand, "gw1");
	CU_ASSERT_EQUAL(commit_from(r, r->running, r->generation, cand, 0, true, &out), 0);
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), CFG_DEFAULT_HOSTNAME);
	CU_ASSERT_EQUAL(commitdb_last_id(r->db), 0);
	config_free(cand);
	strbuf_free(&out);
	drop_router(r);
}

static void
test_concurrent_commits_merge_or_conflict(void)
{
	struct router *r = fresh_router();
	struct strbuf out = STRBUF_INIT;
	struct config *base = config_clone(r->running);
	uint64_t gen = r->generation;
	struct config *a = config_clone(base), *b = config_clone(base),
	    *c = config_clone(base);

	config_set_hostname(a, "gw-a");			/* session A */
	config_interface_get(b, "lan0")->mtu = 9000;	/* session B: no overlap */
	config_set_hostname(c, "gw-c");			/* session C: overlaps A */
	CU_ASSERT_EQUAL(commit_from(r, base, gen, a, 0, false, &out), 0);
	CU_ASSERT_EQUAL(commit_from(r, base, gen, b, 0, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "gw-a");	/* A kept */
	CU_ASSERT_PTR_NOT_NULL(config_interface_find(r->running, "lan0"));
	strbuf_reset(&out);
	CU_ASSERT_EQUAL(commit_from(r, base, gen, c, 0, false, &out), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "hostname"));
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "gw-a");
	CU_ASSERT_EQUAL(commitdb_last_id(r->db), 2);
	config_free(a);
	config_free(b);
	config_free(c);
	config_free(base);
	strbuf_free(&out);
	drop_router(r);
}

static void
test_confirmed_rolls_back_unless_confirmed(void)
{
	struct router *r = fresh_router();
	struct strbuf out = STRBUF_INIT;
	struct config *base = config_clone(r->running);
	struct config *cand = config_clone(r->running);

	config_set_hostname(cand, "trial");
	CU_ASSERT_EQUAL(commit_from(r, base, r->generation, cand, 30, false, &out), 0);
	CU_ASSERT_TRUE(r->confirm_pending);
	router_tick(r, time(NULL));			/* not yet due */
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "trial");
	router_tick(r, r->confirm_deadline);		/* due: rolled back */
	CU_ASSERT_FALSE(r->confirm_pending);
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), CFG_DEFAULT_HOSTNAME);
	CU_ASSERT_EQUAL(commitdb_last_id(r->db), 2);	/* the rollback is a commit */

	/* confirmed, then a plain commit in time: stays */
	config_free(base);
	base = config_clone(r->running);
	CU_ASSERT_EQUAL(commit_from(r, base, r->generation, cand, 30, false, &out), 0);
	config_free(base);
	base = config_clone(r->running);
	CU_ASSERT_EQUAL(commit_from(r, base, r->generation, cand, 0, false, &out), 0);
	CU_ASSERT_FALSE(r->confirm_pending);
	router_tick(r, time(NULL) + 3600);
	CU_ASSERT_STRING_EQUAL(config_hostname(r->running), "trial");
	config_free(base);
	config_free(cand);
	strbuf_free(&out);
	drop_router(r);
}

static CU_TestInfo tests[] = {
	{ "commit replaces running and records it", test_commit_replaces_running_and_records },
	{ "a failed commit changes nothing", test_failed_commit_changes_nothing },
	{ "commit check applies nothing", test_check_only_applies_nothing },
	{ "concurrent commits merge, overlaps fail", test_concurrent_commits_merge_or_conflict },
	{ "commit confirmed rolls back unless confirmed", test_confirmed_rolls_back_unless_confirmed },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "router"
#include "cunit_main.h"
