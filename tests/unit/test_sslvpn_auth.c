/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SSL-VPN login check (src/sslvpn/auth.c): who may log
 * in, the same answer and about the same time for every refusal, and
 * login-lockout (window, lock, recovery, bounded memory), and the budget
 * of password checks on a clock of the test's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/CUnit.h>

#include "crypto/password.h"
#include "lib/log.h"
#include "sslvpn/auth.h"
#include "sslvpn/sslvpn_limits.h"

static struct cfg_sslvpn_user alice;

static void
user_setup(void)
{
	static bool made;

	if (made)
		return;
	memset(&alice, 0, sizeof(alice));
	strcpy(alice.name, "alice");
	CU_ASSERT_EQUAL_FATAL(password_hash_type9("wonderland", alice.password), 0);
	made = true;
}

static enum auth_result
check(struct auth *a, const struct cfg_sslvpn_user *u, const char *name,
    const char *pw, time_t now, bool *locked_now)
{
	bool dummy;

	/* the budget's clock moves with the lockout's: a second a second */
	return auth_check(a, u, name, pw, now, (uint64_t)now * 1000,
	    locked_now ? locked_now : &dummy);
}

static void
test_who_may_log_in(void)
{
	struct cfg_sslvpn_user u;
	struct auth *a = auth_new();

	user_setup();
	u = alice;
	CU_ASSERT_EQUAL(check(a, &u, "alice", "wonderland", 100, NULL), AUTH_OK);
	CU_ASSERT_EQUAL(check(a, &u, "alice", "Wonderland", 100, NULL), AUTH_FAILED);
	CU_ASSERT_EQUAL(check(a, &u, "alice", "", 100, NULL), AUTH_FAILED);
	CU_ASSERT_EQUAL(check(a, NULL, "bob", "wonderland", 100, NULL), AUTH_FAILED);
	u.shutdown = true;
	CU_ASSERT_EQUAL(check(a, &u, "alice", "wonderland", 100, NULL), AUTH_FAILED);
	u.shutdown = false;
	u.password[0] = '\0';
	CU_ASSERT_EQUAL(check(a, &u, "alice", "", 100, NULL), AUTH_FAILED);
	/* without lockout, nothing is remembered */
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	auth_free(a);
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
elapsed(struct auth *a, const struct cfg_sslvpn_user *u, const char *name)
{
	double t0 = seconds();

	(void)check(a, u, name, "guess", 100, NULL);
	return seconds() - t0;
}

/* A wrong name costs a scrypt as a wrong password does (no shortcut that
 * tells names apart); loose bounds, this is not a benchmark. */
static void
test_same_time(void)
{
	struct auth *a = auth_new();
	double known = 1e9, unknown = 1e9, t;
	int i;

	user_setup();
	for (i = 0; i < 3; i++) {
		if ((t = elapsed(a, &alice, "alice")) < known)
			known = t;
		if ((t = elapsed(a, NULL, "nobody")) < unknown)
			unknown = t;
	}
	CU_ASSERT_TRUE(unknown > known / 3);
	CU_ASSERT_TRUE(unknown < known * 3);
	auth_free(a);
}

static void
test_lockout(void)
{
	struct auth *a = auth_new();
	bool locked;

	user_setup();
	log_init("test_sslvpn_auth", 1);
	auth_configure(a, 3, 60);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 1000, &locked), AUTH_FAILED);
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 1001, &locked), AUTH_FAILED);
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_EQUAL(auth_locked(a, 1001), 0);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 1002, &locked), AUTH_FAILED);
	CU_ASSERT_TRUE(locked);
	CU_ASSERT_EQUAL(auth_locked(a, 1002), 1);
	/* locked: the right password is refused, and nothing more counted */
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "wonderland", 1003, &locked), AUTH_LOCKED);
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 1061, &locked), AUTH_LOCKED);
	/* the tick keeps a locked name */
	auth_tick(a, 1061);
	CU_ASSERT_EQUAL(auth_tracked(a), 1);
	/* the period is over */
	CU_ASSERT_EQUAL(auth_locked(a, 1062), 0);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "wonderland", 1062, &locked), AUTH_OK);
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	auth_free(a);
}

static void
test_window(void)
{
	struct auth *a = auth_new();
	bool locked;

	user_setup();
	auth_configure(a, 3, 60);
	/* two failures, then the window ends: the count starts again */
	(void)check(a, &alice, "alice", "x", 0, &locked);
	(void)check(a, &alice, "alice", "x", 30, &locked);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 60, &locked), AUTH_FAILED);
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "x", 61, &locked), AUTH_FAILED);
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_TRUE(auth_failure(a, "alice", true, 62));
	/* a success forgets the failures */
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "wonderland", 200, &locked), AUTH_OK);
	CU_ASSERT_FALSE(auth_failure(a, "alice", true, 201));
	CU_ASSERT_FALSE(auth_failure(a, "alice", true, 202));
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "wonderland", 203, &locked), AUTH_OK);
	CU_ASSERT_FALSE(auth_failure(a, "alice", true, 204));
	/* the tick forgets what is a period old */
	auth_tick(a, 263);
	CU_ASSERT_EQUAL(auth_tracked(a), 1);
	auth_tick(a, 264);
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	/* names of nobody are locked the same way (no way to tell them apart) */
	CU_ASSERT_FALSE(auth_failure(a, "mallory", false, 300));
	CU_ASSERT_FALSE(auth_failure(a, "mallory", false, 300));
	CU_ASSERT_TRUE(auth_failure(a, "mallory", false, 300));
	CU_ASSERT_EQUAL(check(a, NULL, "mallory", "x", 301, &locked), AUTH_LOCKED);
	/* switching lockout off forgets everything */
	auth_configure(a, 0, 60);
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	CU_ASSERT_FALSE(auth_failure(a, "alice", true, 400));
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	auth_free(a);
}

/* A flood of invented names costs bounded memory, and cannot push a
 * locked user out of the table. */
static void
test_bounded(void)
{
	struct auth *a = auth_new();
	char name[40];
	bool locked;
	int i;

	user_setup();
	auth_configure(a, 2, 600);
	CU_ASSERT_FALSE(auth_failure(a, "alice", true, 10));
	CU_ASSERT_TRUE(auth_failure(a, "alice", true, 10));
	for (i = 0; i < SSLVPN_LOCKOUT_UNKNOWN_MAX + 1000; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		(void)auth_failure(a, name, false, 11 + i / 100);
	}
	CU_ASSERT_EQUAL(auth_tracked(a), SSLVPN_LOCKOUT_UNKNOWN_MAX + 1);
	CU_ASSERT_EQUAL(check(a, &alice, "alice", "wonderland", 100, &locked), AUTH_LOCKED);
	/* the oldest invented names went first */
	CU_ASSERT_TRUE(auth_failure(a, "n999", false, 100) == false);
	CU_ASSERT_TRUE(auth_failure(a, "n5095", false, 100) == true);
	/* a name longer than any user's is not tracked */
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CU_ASSERT_FALSE(auth_failure(a, name, false, 100));
	CU_ASSERT_FALSE(auth_failure(a, name, false, 100));
	auth_free(a);
}

/* The budget of password checks, on a clock of our own (ms): a burst,
 * then SSLVPN_AUTH_RATE a second; what finds no token is answered at
 * once, checks nothing and counts as no failure. */
static void
test_budget(void)
{
	struct auth *a = auth_new();
	const uint64_t t = 5000, step = 1000 / SSLVPN_AUTH_RATE;
	double t0, one, busy;
	bool locked;
	int i, n;

	user_setup();
	auth_configure(a, 3, 60);
	t0 = seconds();
	for (i = 0; i < SSLVPN_AUTH_BURST; i++)
		CU_ASSERT_EQUAL(auth_check(a, &alice, "alice", "wonderland", 100, t,
		    &locked), AUTH_OK);
	one = (seconds() - t0) / SSLVPN_AUTH_BURST;
	/* the burst is spent: wrong passwords, many, are not even checked */
	t0 = seconds();
	for (i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(auth_check(a, &alice, "alice", "guess", 100, t + step - 1,
		    &locked), AUTH_BUSY);
	busy = seconds() - t0;
	CU_ASSERT_TRUE(busy < one);	/* ten refusals cost less than one scrypt */
	CU_ASSERT_FALSE(locked);
	CU_ASSERT_EQUAL(auth_tracked(a), 0);
	CU_ASSERT_EQUAL(auth_locked(a, 100), 0);
	/* a token comes back every 1/SSLVPN_AUTH_RATE s; that check counts */
	CU_ASSERT_EQUAL(auth_check(a, &alice, "alice", "guess", 100, t + step, &locked),
	    AUTH_FAILED);
	CU_ASSERT_EQUAL(auth_tracked(a), 1);
	CU_ASSERT_EQUAL(auth_check(a, &alice, "alice", "wonderland", 100, t + step, &locked),
	    AUTH_BUSY);
	/* a clock that goes back gives nothing */
	CU_ASSERT_EQUAL(auth_check(a, &alice, "alice", "wonderland", 100, t, &locked),
	    AUTH_BUSY);
	/* after an hour's quiet, the burst again and no more */
	for (n = 0; n <= SSLVPN_AUTH_BURST; n++)
		if (auth_check(a, NULL, "nobody", "guess", 100, t + 3600000, &locked) ==
		    AUTH_BUSY)
			break;
	CU_ASSERT_EQUAL(n, SSLVPN_AUTH_BURST);
	auth_free(a);
}

static CU_TestInfo tests[] = {
	{ "who may log in", test_who_may_log_in },
	{ "a wrong name takes a scrypt too", test_same_time },
	{ "lockout and recovery", test_lockout },
	{ "window, success, tick", test_window },
	{ "bounded table", test_bounded },
	{ "the budget of password checks", test_budget },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "sslvpn_auth"
#include "cunit_main.h"
