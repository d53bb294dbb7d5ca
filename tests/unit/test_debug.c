/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the debug channel: the token bucket (burst, refill to the
 * millisecond, its cap, a clock that goes back, the count of what it
 * refused) and the channel on top of it (categories by their words, lines
 * only while a category is on, the rate limit and the one line that says
 * how many were suppressed, nothing left over after the category is off).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>

#include "lib/debug.h"
#include "lib/log.h"
#include "lib/ratelimit.h"

/* ---- the token bucket ---- */

static void
test_bucket_burst_then_rate(void)
{
	struct ratelimit rl = RATELIMIT_FULL(10, 5);
	int i, n = 0;

	for (i = 0; i < 20; i++)
		n += ratelimit_allow(&rl, 1000);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(ratelimit_claim_suppressed(&rl), 15);
	CU_ASSERT_EQUAL(ratelimit_claim_suppressed(&rl), 0);
	/* 10 a second: one token every 100 ms, none before */
	CU_ASSERT_FALSE(ratelimit_allow(&rl, 1099));
	CU_ASSERT_TRUE(ratelimit_allow(&rl, 1100));
	CU_ASSERT_FALSE(ratelimit_allow(&rl, 1100));
	CU_ASSERT_EQUAL(ratelimit_claim_suppressed(&rl), 2);
}

static void
test_bucket_keeps_fractions(void)
{
	struct ratelimit rl = RATELIMIT_FULL(3, 2);
	uint64_t t = 1000;
	int n = 0;

	CU_ASSERT_TRUE(ratelimit_take(&rl, t));
	CU_ASSERT_TRUE(ratelimit_take(&rl, t));
	/* 3 a second in steps of 10 ms: a token each 333.3 ms, none lost to
	 * rounding, so 30 tokens in 10 s */
	for (t += 10; t <= 11000; t += 10)
		n += ratelimit_take(&rl, t);
	CU_ASSERT_EQUAL(n, 30);
}

static void
test_bucket_cap_and_clock(void)
{
	struct ratelimit rl = RATELIMIT_FULL(100, 4);
	int i, n = 0;

	for (i = 0; i < 4; i++)
		CU_ASSERT_TRUE(ratelimit_take(&rl, 5000));
	CU_ASSERT_FALSE(ratelimit_take(&rl, 5000));
	/* a long pause fills the bucket to its burst, no more (and the
	 * product of a huge pause and the rate does not wrap) */
	for (i = 0; i < 10; i++)
		n += ratelimit_take(&rl, UINT64_MAX / 2);
	CU_ASSERT_EQUAL(n, 4);
	/* a clock that goes back gives nothing, and takes nothing back */
	CU_ASSERT_FALSE(ratelimit_take(&rl, 1000));
	CU_ASSERT_TRUE(ratelimit_take(&rl, UINT64_MAX / 2 + 10));
	/* take never counts a refusal; allow does */
	CU_ASSERT_EQUAL(ratelimit_claim_suppressed(&rl), 0);
}

static void
test_bucket_rate_zero(void)
{
	struct ratelimit rl = RATELIMIT_FULL(0, 2);

	CU_ASSERT_TRUE(ratelimit_take(&rl, 1));
	CU_ASSERT_TRUE(ratelimit_take(&rl, 2));
	CU_ASSERT_FALSE(ratelimit_take(&rl, 1000000));
}

/* ---- the channel ---- */

static int seen;
static char last[LOG_LINE_MAX + 64];

static void
sink(void *arg, const char *line)
{
	(void)arg;
	seen++;
	snprintf(last, sizeof(last), "%s", line);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void
test_categories(void)
{
	CU_ASSERT_EQUAL(debug_find("engine"), DEBUG_ENGINE);
	CU_ASSERT_EQUAL(debug_find("engin"), -1);
	CU_ASSERT_EQUAL(debug_find("all"), -1);
	CU_ASSERT_STRING_EQUAL(debug_name(DEBUG_ENGINE), "Engine");
	CU_ASSERT_FALSE(debug_on(DEBUG_ENGINE));
	debug_set(DEBUG_ENGINE, true);
	CU_ASSERT_TRUE(debug_on(DEBUG_ENGINE));
	debug_all_off();
	CU_ASSERT_FALSE(debug_on(DEBUG_ENGINE));
}

static void
test_lines_only_while_on(void)
{
	int me;

	log_init("test", 0);
	log_monitor_add(sink, &me);
	seen = 0;
	debug_msg(DEBUG_ENGINE, "not on yet");
	CU_ASSERT_EQUAL(seen, 0);
	debug_set(DEBUG_ENGINE, true);
	debug_msg(DEBUG_ENGINE, "drop %d", 7);
	CU_ASSERT_EQUAL(seen, 1);
	/* the category names the line; the log stamps it */
	CU_ASSERT_PTR_NOT_NULL(strstr(last, ": Engine: drop 7"));
	debug_set(DEBUG_ENGINE, false);
	debug_msg(DEBUG_ENGINE, "off again");
	CU_ASSERT_EQUAL(seen, 1);
	log_monitor_remove(&me);
}

/* A flood: the burst passes, the rest is counted and said in one line. */
static void
test_rate_limit_and_report(void)
{
	const int flood = DEBUG_BURST + 50;
	unsigned long long n = 0;
	const char *p;
	int me, i, passed;

	log_monitor_add(sink, &me);
	sleep_ms(1000 * DEBUG_BURST / DEBUG_RATE + 100);	/* a full bucket */
	debug_set(DEBUG_ENGINE, true);
	seen = 0;
	for (i = 0; i < flood; i++)
		debug_msg(DEBUG_ENGINE, "line %d", i);
	passed = seen;
	/* the clock runs meanwhile: a slow machine refills a few */
	CU_ASSERT(passed >= DEBUG_BURST && passed < flood);
	sleep_ms(2 * 1000 / DEBUG_RATE);
	debug_tick();
	CU_ASSERT_EQUAL(seen, passed + 1);
	p = strstr(last, "Engine: ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(sscanf(p, "Engine: %llu debug lines suppressed (rate limit)", &n), 1);
	CU_ASSERT_EQUAL(n, (unsigned long long)(flood - passed));
	/* said once */
	debug_tick();
	CU_ASSERT_EQUAL(seen, passed + 1);
	debug_set(DEBUG_ENGINE, false);
	log_monitor_remove(&me);
}

/* What was suppressed before `undebug` is never reported after it. */
static void
test_off_forgets_suppressed(void)
{
	int me, i;

	log_monitor_add(sink, &me);
	debug_set(DEBUG_ENGINE, true);
	for (i = 0; i < 2 * DEBUG_BURST; i++)
		debug_msg(DEBUG_ENGINE, "line %d", i);
	debug_set(DEBUG_ENGINE, false);
	seen = 0;
	sleep_ms(2 * 1000 / DEBUG_RATE);
	debug_tick();
	CU_ASSERT_EQUAL(seen, 0);
	log_monitor_remove(&me);
}

static CU_TestInfo tests[] = {
	{ "bucket: a burst, then the rate", test_bucket_burst_then_rate },
	{ "bucket: no refill lost to rounding", test_bucket_keeps_fractions },
	{ "bucket: capped at the burst; a clock going back", test_bucket_cap_and_clock },
	{ "bucket: rate 0 never refills", test_bucket_rate_zero },
	{ "categories by their words; on and off", test_categories },
	{ "lines only while the category is on", test_lines_only_while_on },
	{ "rate limit, then one line with the count", test_rate_limit_and_report },
	{ "off forgets what was suppressed", test_off_forgets_suppressed },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "debug"
#include "cunit_main.h"
