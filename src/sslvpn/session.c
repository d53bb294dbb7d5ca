/* SPDX-License-Identifier: GPL-3.0-or-later */
/* session - the SSL-VPN sessions and their two indexes; see session.h. */
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "lib/xalloc.h"
#include "pool.h"

#define BUCKETS_MIN	64

TAILQ_HEAD(session_list, session);

struct session_table {
	struct session	**by_cookie, **by_addr;
	size_t		 nbuckets;	/* a power of two, for both */
	unsigned	 count, connected;
	struct session_list connected_list, held;	/* held: oldest first */
};

struct session_table *
session_table_new(void)
{
	struct session_table *t = xcalloc(1, sizeof(*t), "the SSL-VPN sessions");

	t->nbuckets = BUCKETS_MIN;
	t->by_cookie = xcalloc(t->nbuckets, sizeof(*t->by_cookie), "the SSL-VPN sessions");
	t->by_addr = xcalloc(t->nbuckets, sizeof(*t->by_addr), "the SSL-VPN sessions");
	TAILQ_INIT(&t->connected_list);
	TAILQ_INIT(&t->held);
	return t;
}

static struct session_list *
list_of(struct session_table *t, const struct session *s)
{
	return s->state == SESSION_CONNECTED ? &t->connected_list : &t->held;
}

void
session_table_free(struct session_table *t)
{
	struct session *s;

	if (t == NULL)
		return;
	while ((s = session_first(t)) != NULL) {
		TAILQ_REMOVE(list_of(t, s), s, link);
		OPENSSL_cleanse(s->cookie, sizeof(s->cookie));
		free(s);
	}
	free(t->by_cookie);
	free(t->by_addr);
	free(t);
}

/* The cookie is random: its first bytes are a hash already. */
static size_t
cookie_bucket(const struct session_table *t, const uint8_t *c)
{
	uint32_t h;

	memcpy(&h, c, sizeof(h));
	return h & (t->nbuckets - 1);
}

static size_t
addr_bucket(const struct session_table *t, uint32_t addr)
{
	uint32_t h = addr * 0x9e3779b1u;	/* neighbours spread */

	return (h ^ h >> 16) & (t->nbuckets - 1);
}

static void
link_indexes(struct session_table *t, struct session *s)
{
	size_t c = cookie_bucket(t, s->cookie), a = addr_bucket(t, s->addr);

	s->next_cookie = t->by_cookie[c];
	t->by_cookie[c] = s;
	s->next_addr = t->by_addr[a];
	t->by_addr[a] = s;
}

/* Doubles the buckets once there are as many sessions as buckets. */
static void
grow(struct session_table *t)
{
	struct session *s;

	if (t->count < t->nbuckets)
		return;
	free(t->by_cookie);
	free(t->by_addr);
	t->nbuckets *= 2;
	t->by_cookie = xcalloc(t->nbuckets, sizeof(*t->by_cookie), "the SSL-VPN sessions");
	t->by_addr = xcalloc(t->nbuckets, sizeof(*t->by_addr), "the SSL-VPN sessions");
	for (s = session_first(t); s != NULL; s = session_next(t, s))
		link_indexes(t, s);
}

struct session *
session_add(struct session_table *t, struct pool *pool, const char *user,
    uint32_t static_addr, time_t now, const char **why)
{
	struct session *s;
	uint32_t addr;

	if (static_addr != 0) {
		if (!pool_take_addr(pool, static_addr)) {
			*why = "the user's static address is in use";
			return NULL;
		}
		addr = static_addr;
	} else if ((addr = pool_take(pool)) == 0) {
		*why = "the address pool is full";
		return NULL;
	}
	s = xcalloc(1, sizeof(*s), "an SSL-VPN session");
	if (RAND_bytes(s->cookie, sizeof(s->cookie)) != 1) {
		pool_release(pool, addr);
		free(s);
		*why = "the random source failed";
		return NULL;
	}
	snprintf(s->user, sizeof(s->user), "%s", user);
	s->addr = addr;
	s->since = s->held_since = now;
	s->state = SESSION_HELD;
	t->count++;
	grow(t);
	link_indexes(t, s);
	TAILQ_INSERT_TAIL(&t->held, s, link);
	return s;
}

/* Unlinks s from the chain starting at *head (through next's offset). */
static void
unlink_chain(struct session **head, struct session *s, bool cookie)
{
	struct session **p;

	for (p = head; *p != NULL; p = cookie ? &(*p)->next_cookie : &(*p)->next_addr)
		if (*p == s) {
			*p = cookie ? s->next_cookie : s->next_addr;
			return;
		}
}

void
session_remove(struct session_table *t, struct pool *pool, struct session *s)
{
	unlink_chain(&t->by_cookie[cookie_bucket(t, s->cookie)], s, true);
	unlink_chain(&t->by_addr[addr_bucket(t, s->addr)], s, false);
	TAILQ_REMOVE(list_of(t, s), s, link);
	if (s->state == SESSION_CONNECTED)
		t->connected--;
	t->count--;
	if (pool != NULL)
		pool_release(pool, s->addr);
	OPENSSL_cleanse(s->cookie, sizeof(s->cookie));
	free(s);
}

void
session_connect(struct session_table *t, struct session *s, struct conn *c)
{
	if (s->state != SESSION_CONNECTED) {
		TAILQ_REMOVE(&t->held, s, link);
		s->state = SESSION_CONNECTED;
		TAILQ_INSERT_TAIL(&t->connected_list, s, link);
		t->connected++;
	}
	s->conn = c;
}

void
session_hold(struct session_table *t, struct session *s, time_t now)
{
	s->conn = NULL;
	if (s->state == SESSION_HELD)
		return;
	TAILQ_REMOVE(&t->connected_list, s, link);
	s->state = SESSION_HELD;
	s->held_since = now;
	TAILQ_INSERT_TAIL(&t->held, s, link);
	t->connected--;
}

struct session *
session_by_cookie(const struct session_table *t, const char *text, size_t len)
{
	uint8_t c[SSLVPN_COOKIE_BYTES];
	char hex[SESSION_COOKIE_TEXT];
	struct session *s = NULL;
	size_t n;

	if (len != sizeof(hex) - 1)
		return NULL;
	memcpy(hex, text, len);
	hex[len] = '\0';
	if (OPENSSL_hexstr2buf_ex(c, sizeof(c), &n, hex, '\0') == 1 && n == sizeof(c))
		for (s = t->by_cookie[cookie_bucket(t, c)]; s != NULL; s = s->next_cookie)
			if (CRYPTO_memcmp(s->cookie, c, sizeof(c)) == 0)
				break;
	OPENSSL_cleanse(c, sizeof(c));
	OPENSSL_cleanse(hex, sizeof(hex));
	return s;
}

struct session *
session_by_addr(const struct session_table *t, uint32_t addr)
{
	struct session *s;

	for (s = t->by_addr[addr_bucket(t, addr)]; s != NULL; s = s->next_addr)
		if (s->addr == addr)
			return s;
	return NULL;
}

void
session_cookie_text(const struct session *s, char out[SESSION_COOKIE_TEXT])
{
	(void)OPENSSL_buf2hexstr_ex(out, SESSION_COOKIE_TEXT, NULL, s->cookie,
	    sizeof(s->cookie), '\0');
}

struct session *
session_first(const struct session_table *t)
{
	struct session *s = TAILQ_FIRST(&t->connected_list);

	return s != NULL ? s : TAILQ_FIRST(&t->held);
}

struct session *
session_next(const struct session_table *t, const struct session *s)
{
	struct session *n = TAILQ_NEXT(s, link);

	if (n == NULL && s->state == SESSION_CONNECTED)
		n = TAILQ_FIRST(&t->held);
	return n;
}

struct session *
session_oldest_held(const struct session_table *t)
{
	return TAILQ_FIRST(&t->held);
}

unsigned
session_count(const struct session_table *t)
{
	return t->count;
}

unsigned
session_connected(const struct session_table *t)
{
	return t->connected;
}
