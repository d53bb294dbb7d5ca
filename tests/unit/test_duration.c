/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for cli/duration.c: each style at its boundaries (0 s, 59 s,
 * a minute, an hour, 23:59:59, a day, many days, the clock set back),
 * written out by hand; and, over a sweep of durations, byte for byte what
 * the show commands printed before they shared the function (their
 * formulas kept here as the oracle).
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "cli/duration.h"

static const struct {
	int64_t		 secs;
	const char	*words, *hours, *hours2, *shrt;
} cases[] = {
	{ 0, "0 days, 0 hours, 0 minutes", "0:00:00", "00:00:00", "00:00:00" },
	{ 59, "0 days, 0 hours, 0 minutes", "0:00:59", "00:00:59", "00:00:59" },
	{ 60, "0 days, 0 hours, 1 minute", "0:01:00", "00:01:00", "00:01:00" },
	{ 61, "0 days, 0 hours, 1 minute", "0:01:01", "00:01:01", "00:01:01" },
	{ 120, "0 days, 0 hours, 2 minutes", "0:02:00", "00:02:00", "00:02:00" },
	{ 3599, "0 days, 0 hours, 59 minutes", "0:59:59", "00:59:59", "00:59:59" },
	{ 3600, "0 days, 1 hour, 0 minutes", "1:00:00", "01:00:00", "01:00:00" },
	{ 7260, "0 days, 2 hours, 1 minute", "2:01:00", "02:01:00", "02:01:00" },
	{ 86399, "0 days, 23 hours, 59 minutes", "23:59:59", "23:59:59", "23:59:59" },
	{ 86400, "1 day, 0 hours, 0 minutes", "24:00:00", "24:00:00", "1d00h" },
	{ 90061, "1 day, 1 hour, 1 minute", "25:01:01", "25:01:01", "1d01h" },
	{ 172800 + 82800, "2 days, 23 hours, 0 minutes", "71:00:00", "71:00:00", "2d23h" },
	{ 1000 * 86400 + 3661, "1000 days, 1 hour, 1 minute", "24001:01:01",
	    "24001:01:01", "1000d01h" },
	{ -5, "0 days, 0 hours, 0 minutes", "0:00:00", "00:00:00", "00:00:00" },
	{ -90061, "0 days, 0 hours, 0 minutes", "0:00:00", "00:00:00", "00:00:00" },
};

static void
test_boundaries(void)
{
	char out[DURATION_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_STRING_EQUAL(duration_format(out, sizeof(out), cases[i].secs,
		    DURATION_WORDS), cases[i].words);
		CU_ASSERT_STRING_EQUAL(duration_format(out, sizeof(out), cases[i].secs,
		    DURATION_HOURS), cases[i].hours);
		CU_ASSERT_STRING_EQUAL(duration_format(out, sizeof(out), cases[i].secs,
		    DURATION_HOURS2), cases[i].hours2);
		CU_ASSERT_STRING_EQUAL(duration_format(out, sizeof(out), cases[i].secs,
		    DURATION_SHORT), cases[i].shrt);
	}
}

/* Cut to fit, always terminated; the longest fits DURATION_MAX. */
static void
test_bounds(void)
{
	char out[DURATION_MAX], small[6];

	CU_ASSERT_STRING_EQUAL(duration_format(small, sizeof(small), 86399, DURATION_HOURS),
	    "23:59");
	duration_format(out, sizeof(out), INT64_MAX, DURATION_WORDS);
	CU_ASSERT_STRING_EQUAL(out, "106751991167300 days, 15 hours, 30 minutes");
	duration_format(out, sizeof(out), INT64_MAX, DURATION_HOURS2);
	CU_ASSERT_STRING_EQUAL(out, "2562047788015215:30:07");
	CU_ASSERT_PTR_EQUAL(duration_format(out, 0, 5, DURATION_SHORT), out);
}

/* What the commands printed before, for a duration s >= 0. */
static void
before(char *words, char *hours, char *hours2, char *shrt, size_t n, long s)
{
	snprintf(words, n, "%ld day%s, %ld hour%s, %ld minute%s",	/* show version */
	    s / 86400, s / 86400 == 1 ? "" : "s", s / 3600 % 24,
	    s / 3600 % 24 == 1 ? "" : "s", s / 60 % 60, s / 60 % 60 == 1 ? "" : "s");
	snprintf(hours, n, "%llu:%02u:%02u", (unsigned long long)(s / 3600),	/* tunnels */
	    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	snprintf(hours2, n, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);	/* users */
	if (s < 86400)		/* ssl-vpn sessions */
		snprintf(shrt, n, "%02u:%02u:%02u", (unsigned)(s / 3600),
		    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else
		snprintf(shrt, n, "%ud%02uh", (unsigned)(s / 86400), (unsigned)(s / 3600 % 24));
}

static void
test_same_as_before(void)
{
	char w[DURATION_MAX], h[DURATION_MAX], h2[DURATION_MAX], sh[DURATION_MAX];
	char out[DURATION_MAX];
	long s;
	unsigned bad = 0;

	for (s = 0; s < 40L * 86400; s += s < 200000 ? 1 : 997) {
		before(w, h, h2, sh, sizeof(w), s);
		bad += strcmp(duration_format(out, sizeof(out), s, DURATION_WORDS), w) != 0;
		bad += strcmp(duration_format(out, sizeof(out), s, DURATION_HOURS), h) != 0;
		bad += strcmp(duration_format(out, sizeof(out), s, DURATION_HOURS2), h2) != 0;
		bad += strcmp(duration_format(out, sizeof(out), s, DURATION_SHORT), sh) != 0;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo tests[] = {
	{ "each style at its boundaries", test_boundaries },
	{ "cut to fit, the longest fits", test_bounds },
	{ "byte for byte as the commands printed", test_same_as_before },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "duration"
#include "cunit_main.h"
