/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session - the SSL-VPN sessions: who logged in, the tunnel address they
 * were given, their webvpn cookie, and whether a tunnel carries them now.
 *
 * Contract
 * - A session is made at login (session_add), with a fresh cookie of
 *   SSLVPN_COOKIE_BYTES random bytes (written as hex, either case read)
 *   and an address
 *   taken from the pool: the user's static address, or the lowest free
 *   one. The address goes back to the pool when the session is removed,
 *   and no two sessions ever have the same address.
 * - Two states, changed only by session_connect / session_hold: CONNECTED
 *   (a tunnel carries it; conn is that connection) and HELD (no tunnel:
 *   just logged in, or the tunnel dropped). A held session keeps its
 *   cookie and address for a reconnect; the held ones are listed oldest
 *   first, so expiry costs nothing per idle second.
 * - Lookup by cookie and by address in O(1) (hash tables that grow). A
 *   cookie is compared in constant time (CRYPTO_memcmp); its first bytes
 *   choose the bucket, which tells an attacker nothing useful about the
 *   other 28.
 * - The table owns its sessions; removing one frees it. It never touches
 *   a connection: ending the tunnel is the server's part. Control thread.
 */
#ifndef VGW_SSLVPN_SESSION_H
#define VGW_SSLVPN_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <bsd/sys/queue.h>

#include "config/config.h"
#include "sslvpn_limits.h"

#define SESSION_COOKIE_TEXT	(2 * SSLVPN_COOKIE_BYTES + 1)	/* hex and NUL */
#define SESSION_AGENT_MAX	64

struct pool;
struct conn;

enum session_state { SESSION_HELD, SESSION_CONNECTED };

struct session {
	char		 user[CFG_NAME_MAX];
	uint32_t	 addr;		/* the tunnel address, host order */
	uint32_t	 client;	/* the client's address and port (last) */
	uint16_t	 client_port;
	char		 agent[SESSION_AGENT_MAX];	/* User-Agent, cut */
	time_t		 since;		/* login */
	time_t		 held_since;	/* when it became HELD */
	enum session_state state;
	struct conn	*conn;		/* CONNECTED: the tunnel's connection */
	uint64_t	 bytes_in, bytes_out, packets_in, packets_out;
	/* the table's */
	uint8_t		 cookie[SSLVPN_COOKIE_BYTES];
	struct session	*next_cookie, *next_addr;
	TAILQ_ENTRY(session) link;	/* all, or held oldest first */
};

struct session_table;

struct session_table *session_table_new(void);
/* Frees every session (addresses are not given back: the pool goes too). */
void		 session_table_free(struct session_table *);

/* A HELD session of user at now, with static_addr (0: the pool's lowest
 * free address) taken from pool; NULL when that address is not free or
 * the random source failed (*why says which, static text). */
struct session	*session_add(struct session_table *, struct pool *, const char *user,
		    uint32_t static_addr, time_t now, const char **why);
/* Unlinks s, gives its address back to pool (NULL: none) and frees it. */
void		 session_remove(struct session_table *, struct pool *, struct session *);

/* The state funnel. */
void		 session_connect(struct session_table *, struct session *, struct conn *);
void		 session_hold(struct session_table *, struct session *, time_t now);

/* The session whose cookie text is (text, len), or NULL. */
struct session	*session_by_cookie(const struct session_table *, const char *text,
		    size_t len);
struct session	*session_by_addr(const struct session_table *, uint32_t addr);
void		 session_cookie_text(const struct session *, char out[SESSION_COOKIE_TEXT]);

/* Every session: connected ones first, then held ones oldest first; the
 * current one may be removed while walking (take next before). */
struct session	*session_first(const struct session_table *);
struct session	*session_next(const struct session_table *, const struct session *);
/* The held session held longest, or NULL. */
struct session	*session_oldest_held(const struct session_table *);
unsigned	 session_count(const struct session_table *);
unsigned	 session_connected(const struct session_table *);

#endif
