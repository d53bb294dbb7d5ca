/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth - the login check of the SSL-VPN server, and `login-lockout`.
 *
 * Contract
 * - The password checks of all logins together are budgeted, a token
 *   bucket of SSLVPN_AUTH_RATE a second after a burst of
 *   SSLVPN_AUTH_BURST (sslvpn_limits.h): a check that finds no token
 *   is not made (AUTH_BUSY, at once, no scrypt) and counts as no failure
 *   of the name, so a flood of logins costs the control thread a bounded
 *   share and cannot lock a user out by itself.
 * - auth_check says AUTH_OK only for a user that exists, is not shut
 *   down, has a password, is not locked out, and whose password matches
 *   (password_verify: scrypt, constant-time compare). Every other case
 *   runs one password_verify too (an unknown name or a user without a
 *   password against a fixed dummy hash), so the answer and the time are
 *   the same for a wrong name, a wrong password and a locked user.
 * - Lockout (when attempts > 0): failures are counted per user name,
 *   known or not, in a window of `period` seconds from the first; the
 *   failure that reaches `attempts` locks the name for `period` seconds
 *   (logged once: "ssl-vpn: user NAME locked out for N s after M
 *   failures"); logins of a locked name fail (AUTH_LOCKED) without being
 *   counted; a success forgets the name's failures.
 * - Bounded memory: one entry per name with recent failures; names of no
 *   configured user at most SSLVPN_LOCKOUT_UNKNOWN_MAX, the oldest
 *   forgotten first; entries go once their window and lock are over.
 * - Never logs or keeps a password. Control thread only.
 */
#ifndef VGW_SSLVPN_AUTH_H
#define VGW_SSLVPN_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config/config_sslvpn.h"

struct auth;

enum auth_result {
	AUTH_OK,
	AUTH_FAILED,	/* no such user, shut down, no password, wrong password */
	AUTH_LOCKED,	/* locked out: refused whatever the password */
	AUTH_BUSY,	/* no check in the budget now: not checked */
};

struct auth	*auth_new(void);
void		 auth_free(struct auth *);
/* login-lockout attempts (0: none; forgets every failure) and period. */
void		 auth_configure(struct auth *, unsigned attempts, unsigned period);
/*
 * Checks a login of name with password; u is the configured user of that
 * name (NULL: none). now is the wall clock (lockout), now_ms the
 * monotonic one (ratelimit_clock_ms: the budget). *locked_now says
 * whether this failure locked the name.
 */
enum auth_result auth_check(struct auth *, const struct cfg_sslvpn_user *u,
		    const char *name, const char *password, time_t now,
		    uint64_t now_ms, bool *locked_now);
/* Counts a failed login of name (known: a configured user's), as
 * auth_check does; true when it locks the name. */
bool		 auth_failure(struct auth *, const char *name, bool known, time_t now);
/* Names locked out at now; names whose failures are counted. */
unsigned	 auth_locked(const struct auth *, time_t now);
unsigned	 auth_tracked(const struct auth *);
/* Forgets the entries whose window and lock are over. */
void		 auth_tick(struct auth *, time_t now);

#endif
