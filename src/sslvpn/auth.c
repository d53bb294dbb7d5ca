/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth - the SSL-VPN login check and login-lockout; see auth.h. The
 * failures of each name sit in a tree by name and in one of two lists by
 * their last failure (names of users, names of nobody), so the oldest
 * are found first, both to expire and, for nobody's names, to evict.
 * The budget of checks is lib/ratelimit's token bucket.
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>

#include <bsd/sys/queue.h>
#include <bsd/sys/tree.h>

#include "crypto/password.h"
#include "lib/log.h"
#include "lib/ratelimit.h"
#include "lib/xalloc.h"
#include "sslvpn_limits.h"

/* The hash of a password nobody knows: what a login without a user or
 * without a password is checked against, so it takes as long. */
#define DUMMY_HASH "$9$jiS0quL/VU9pNO$oDhK0J6LHe5t0cf5FrigGaM9oZ45RDjQzNEdEaKIyEY"

struct entry {
	RB_ENTRY(entry)	 by_name;
	TAILQ_ENTRY(entry) by_age;
	char		 name[SSLVPN_USER_MAX + 1];
	bool		 known;		/* a configured user's name */
	unsigned	 failures;	/* in the window */
	time_t		 window;	/* first failure of the window */
	time_t		 last;		/* last counted failure: the list's order */
	time_t		 locked_until;	/* 0: not locked */
};

RB_HEAD(entry_tree, entry);
TAILQ_HEAD(entry_list, entry);

static int
entry_cmp(const struct entry *a, const struct entry *b)
{
	return strcmp(a->name, b->name);
}

/* libbsd's tree.h marks generated functions __unused, which its cdefs.h
 * leaves undefined on Linux. */
#define __unused __attribute__((__unused__))
RB_GENERATE_STATIC(entry_tree, entry, by_name, entry_cmp)
#undef __unused

struct auth {
	unsigned	 attempts;	/* 0: no lockout */
	unsigned	 period;
	struct entry_tree names;
	struct entry_list known, unknown;	/* oldest last failure first */
	unsigned	 nunknown;
	struct ratelimit checks;	/* the budget of password checks */
};

struct auth *
auth_new(void)
{
	struct auth *a = xcalloc(1, sizeof(*a), "the SSL-VPN logins");
	const struct ratelimit full = RATELIMIT_FULL(SSLVPN_AUTH_RATE, SSLVPN_AUTH_BURST);

	a->checks = full;
	RB_INIT(&a->names);
	TAILQ_INIT(&a->known);
	TAILQ_INIT(&a->unknown);
	return a;
}

static struct entry_list *
list_of(struct auth *a, const struct entry *e)
{
	return e->known ? &a->known : &a->unknown;
}

static void
forget(struct auth *a, struct entry *e)
{
	RB_REMOVE(entry_tree, &a->names, e);
	TAILQ_REMOVE(list_of(a, e), e, by_age);
	if (!e->known)
		a->nunknown--;
	free(e);
}

static void
forget_all(struct auth *a)
{
	struct entry *e;

	while ((e = RB_MIN(entry_tree, &a->names)) != NULL)
		forget(a, e);
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	forget_all(a);
	free(a);
}

void
auth_configure(struct auth *a, unsigned attempts, unsigned period)
{
	a->attempts = attempts;
	a->period = period;
	if (attempts == 0)
		forget_all(a);
}

static struct entry *
find(struct auth *a, const char *name)
{
	struct entry key;

	if (strlen(name) >= sizeof(key.name))
		return NULL;
	strcpy(key.name, name);
	return RB_FIND(entry_tree, &a->names, &key);
}

/* The entry of name, made if missing (an unknown name's may evict the
 * oldest of its kind); NULL when name is too long to be anyone's. */
static struct entry *
entry_get(struct auth *a, const char *name, bool known)
{
	struct entry *e = find(a, name);

	if (e != NULL) {
		if (e->known != known) {	/* the user was added or removed */
			TAILQ_REMOVE(list_of(a, e), e, by_age);
			a->nunknown += known ? -1u : 1u;
			e->known = known;
			TAILQ_INSERT_TAIL(list_of(a, e), e, by_age);
		}
		return e;
	}
	if (strlen(name) > SSLVPN_USER_MAX)
		return NULL;
	if (!known && a->nunknown >= SSLVPN_LOCKOUT_UNKNOWN_MAX)
		forget(a, TAILQ_FIRST(&a->unknown));
	e = xcalloc(1, sizeof(*e), "an SSL-VPN login failure");
	strcpy(e->name, name);
	e->known = known;
	RB_INSERT(entry_tree, &a->names, e);
	TAILQ_INSERT_TAIL(list_of(a, e), e, by_age);
	if (!known)
		a->nunknown++;
	return e;
}

static bool
is_locked(const struct entry *e, time_t now)
{
	return e != NULL && e->locked_until > now;
}

bool
auth_failure(struct auth *a, const char *name, bool known, time_t now)
{
	struct entry *e;

	if (a->attempts == 0 || (e = entry_get(a, name, known)) == NULL)
		return false;
	if (e->failures == 0 || now - e->window >= (time_t)a->period) {
		e->failures = 0;
		e->window = now;
	}
	e->failures++;
	e->last = now;
	TAILQ_REMOVE(list_of(a, e), e, by_age);
	TAILQ_INSERT_TAIL(list_of(a, e), e, by_age);
	if (e->failures < a->attempts)
		return false;
	e->locked_until = now + (time_t)a->period;
	log_msg(LOG_WARNING, "ssl-vpn: user %s locked out for %u s after %u "
	    "failures", name, a->period, e->failures);
	e->failures = 0;
	return true;
}

enum auth_result
auth_check(struct auth *a, const struct cfg_sslvpn_user *u, const char *name,
    const char *password, time_t now, uint64_t now_ms, bool *locked_now)
{
	bool usable = u != NULL && !u->shutdown && u->password[0] != '\0';
	struct entry *e = a->attempts > 0 ? find(a, name) : NULL;
	bool match;

	*locked_now = false;
	if (!ratelimit_take(&a->checks, now_ms))
		return AUTH_BUSY;
	match = password_verify(password, usable ? u->password : DUMMY_HASH);
	if (is_locked(e, now))
		return AUTH_LOCKED;
	if (usable && match) {
		if (e != NULL)
			forget(a, e);
		return AUTH_OK;
	}
	*locked_now = auth_failure(a, name, u != NULL, now);
	return AUTH_FAILED;
}

unsigned
auth_locked(const struct auth *a, time_t now)
{
	const struct entry *e;
	unsigned n = 0;

	TAILQ_FOREACH(e, &a->known, by_age)
		n += is_locked(e, now);
	TAILQ_FOREACH(e, &a->unknown, by_age)
		n += is_locked(e, now);
	return n;
}

unsigned
auth_tracked(const struct auth *a)
{
	const struct entry *e;
	unsigned n = 0;

	TAILQ_FOREACH(e, &a->known, by_age)
		n++;
	return n + a->nunknown;
}

/* An entry's window and lock end at most a period after its last
 * failure: the lists are walked from the oldest while they are over. */
static void
expire(struct auth *a, struct entry_list *l, time_t now)
{
	struct entry *e;

	while ((e = TAILQ_FIRST(l)) != NULL && now - e->last >= (time_t)a->period &&
	    !is_locked(e, now))
		forget(a, e);
}

void
auth_tick(struct auth *a, time_t now)
{
	expire(a, &a->known, now);
	expire(a, &a->unknown, now);
}
