/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_sa - IKE SAs, their table and the state funnel (ike_sa.h).
 */
#include "ike/ike_sa.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "lib/debug.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define IKE_SA_BUCKETS	4096	/* both chains; a power of two */

struct ike_sa_table {
	struct ike_sa	*by_spi[IKE_SA_BUCKETS];	/* our own SPI */
	struct ike_sa	*by_spi_i[IKE_SA_BUCKETS];	/* responder SAs: the initiator's */
	unsigned	 count, half_open;
};

static const char *const state_names[IKE_ST_COUNT] = {
	[IKE_ST_INIT_SENT] = "connecting",
	[IKE_ST_INIT_DONE] = "half-open",
	[IKE_ST_AUTH_SENT] = "authenticating",
	[IKE_ST_ESTABLISHED] = "established",
	[IKE_ST_DELETING] = "deleting",
	[IKE_ST_DEAD] = "dead",
};

/* Which states each state may go to (bit per state). */
#define TO(s)	(1u << (s))
static const unsigned transitions[IKE_ST_COUNT] = {
	[IKE_ST_INIT_SENT] = TO(IKE_ST_AUTH_SENT) | TO(IKE_ST_DEAD),
	[IKE_ST_INIT_DONE] = TO(IKE_ST_ESTABLISHED) | TO(IKE_ST_DEAD),
	[IKE_ST_AUTH_SENT] = TO(IKE_ST_ESTABLISHED) | TO(IKE_ST_DEAD),
	[IKE_ST_ESTABLISHED] = TO(IKE_ST_DELETING) | TO(IKE_ST_DEAD),
	[IKE_ST_DELETING] = TO(IKE_ST_DEAD),
	[IKE_ST_DEAD] = 0,
};

const char *
ike_state_name(enum ike_state s)
{
	return s < IKE_ST_COUNT ? state_names[s] : "?";
}

static unsigned
bucket(uint64_t spi)
{
	/* random numbers (ours, or the initiator's): any bits do */
	return (unsigned)(spi ^ (spi >> 29)) & (IKE_SA_BUCKETS - 1);
}

static uint64_t
own_spi(const struct ike_sa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

struct ike_sa_table *
ike_sa_table_new(void)
{
	return xcalloc(1, sizeof(struct ike_sa_table), "the IKE SA table");
}

static void
free_one(void *arg, struct ike_sa *sa)
{
	ike_sa_free(arg, sa);
}

void
ike_sa_table_free(struct ike_sa_table *t)
{
	if (t == NULL)
		return;
	ike_sa_foreach(t, free_one, t);
	free(t);
}

bool
ike_sa_spi_in_use(const struct ike_sa_table *t, uint64_t spi)
{
	const struct ike_sa *sa;

	for (sa = t->by_spi[bucket(spi)]; sa; sa = sa->next_by_spi)
		if (own_spi(sa) == spi)
			return true;
	return false;
}

struct ike_sa *
ike_sa_new_spi(struct ike_sa_table *t, const char *tunnel, bool initiator,
    uint64_t spi, uint64_t now_ms)
{
	struct ike_sa *sa;
	unsigned b;

	if (t->count >= IKE_SAS_MAX || spi == 0 || ike_sa_spi_in_use(t, spi))
		return NULL;
	sa = xcalloc(1, sizeof(*sa), "an IKE SA");
	snprintf(sa->tunnel, sizeof(sa->tunnel), "%s", tunnel);
	sa->initiator = initiator;
	sa->state = IKE_ST_COUNT;	/* none yet: ike_sa_set_state gives the first */
	if (initiator)
		sa->spi_i = spi;
	else
		sa->spi_r = spi;
	sa->created_ms = sa->heard_ms = now_ms;
	b = bucket(spi);
	sa->next_by_spi = t->by_spi[b];
	t->by_spi[b] = sa;
	t->count++;
	return sa;
}

struct ike_sa *
ike_sa_new(struct ike_sa_table *t, const char *tunnel, bool initiator,
    uint64_t now_ms)
{
	uint64_t spi;

	/* a zero SPI means "not yet" on the wire; a repeat would be ambiguous */
	do {
		if (RAND_bytes((uint8_t *)&spi, sizeof(spi)) != 1)
			return NULL;
	} while (spi == 0 || ike_sa_spi_in_use(t, spi));
	return ike_sa_new_spi(t, tunnel, initiator, spi, now_ms);
}

int
ike_sa_open_sk(struct ike_sa *sa)
{
	const struct ike_keys *k = &sa->keys;
	enum ike_encr e = (enum ike_encr)sa->algs.encr;
	enum ike_integ a = (enum ike_integ)sa->algs.integ;
	bool i = sa->initiator;

	ike_sk_free(sa->sk_out);
	ike_sk_free(sa->sk_in);
	sa->sk_out = ike_sk_new(e, a, i ? k->sk_ei : k->sk_er, k->e_len,
	    i ? k->sk_ai : k->sk_ar, k->a_len, true);
	sa->sk_in = ike_sk_new(e, a, i ? k->sk_er : k->sk_ei, k->e_len,
	    i ? k->sk_ar : k->sk_ai, k->a_len, false);
	return sa->sk_out != NULL && sa->sk_in != NULL ? 0 : -1;
}

/* A responder learns the initiator's SPI from its IKE_SA_INIT: it is then
 * found by it too (retransmissions). Called once, by ike_sa_set_state's
 * move into INIT_DONE. */
static void
link_half(struct ike_sa_table *t, struct ike_sa *sa)
{
	unsigned b = bucket(sa->spi_i);

	sa->next_half = t->by_spi_i[b];
	t->by_spi_i[b] = sa;
	sa->linked_half = true;
}

static void
unlink_from(struct ike_sa **head, struct ike_sa *sa, bool by_spi)
{
	struct ike_sa **pp;

	for (pp = head; *pp; pp = by_spi ? &(*pp)->next_by_spi : &(*pp)->next_half)
		if (*pp == sa) {
			*pp = by_spi ? sa->next_by_spi : sa->next_half;
			return;
		}
}

void
ike_sa_free(struct ike_sa_table *t, struct ike_sa *sa)
{
	if (sa == NULL)
		return;
	unlink_from(&t->by_spi[bucket(own_spi(sa))], sa, true);
	if (sa->linked_half)
		unlink_from(&t->by_spi_i[bucket(sa->spi_i)], sa, false);
	if (sa->state == IKE_ST_INIT_DONE)
		t->half_open--;
	t->count--;
	ike_dh_free(sa->dh);
	ike_dh_free(sa->rekey.dh);
	ike_sk_free(sa->sk_in);
	ike_sk_free(sa->sk_out);
	ike_keys_cleanse(&sa->keys);
	free(sa->init_i);
	free(sa->init_r);
	free(sa->req.msg);
	free(sa->resp);
	OPENSSL_cleanse(sa, sizeof(*sa));	/* nonces and child keys' traces */
	free(sa);
}

struct ike_sa *
ike_sa_find(const struct ike_sa_table *t, uint64_t spi, bool we_initiated)
{
	struct ike_sa *sa;

	for (sa = t->by_spi[bucket(spi)]; sa; sa = sa->next_by_spi)
		if (sa->initiator == we_initiated && own_spi(sa) == spi)
			return sa;
	return NULL;
}

struct ike_sa *
ike_sa_find_half(const struct ike_sa_table *t, uint64_t spi_i, uint32_t peer)
{
	struct ike_sa *sa;

	for (sa = t->by_spi_i[bucket(spi_i)]; sa; sa = sa->next_half)
		if (sa->peer == peer && sa->spi_i == spi_i)
			return sa;
	return NULL;
}

unsigned
ike_sa_half_open(const struct ike_sa_table *t)
{
	return t->half_open;
}

unsigned
ike_sa_count(const struct ike_sa_table *t)
{
	return t->count;
}

void
ike_sa_foreach(struct ike_sa_table *t, void (*fn)(void *, struct ike_sa *), void *arg)
{
	struct ike_sa *sa, *next;
	unsigned b;

	for (b = 0; b < IKE_SA_BUCKETS; b++)
		for (sa = t->by_spi[b]; sa; sa = next) {
			next = sa->next_by_spi;
			fn(arg, sa);
		}
}

bool
ike_sa_set_state(struct ike_sa_table *t, struct ike_sa *sa, enum ike_state to,
    const char *why)
{
	enum ike_state from = sa->state;
	bool fresh = from == IKE_ST_COUNT;	/* just made: any first state */

	if (!fresh && !(transitions[from] & TO(to))) {
		log_msg(LOG_ERR, "crypto ipsec tunnel %s: IKE SA refused to go "
		    "from %s to %s (%s)", sa->tunnel, ike_state_name(from),
		    ike_state_name(to), why);
		return false;
	}
	if (to == IKE_ST_INIT_DONE) {
		link_half(t, sa);
		t->half_open++;
	}
	if (from == IKE_ST_INIT_DONE)
		t->half_open--;
	sa->state = to;
	debug_msg(DEBUG_IKEV2, "tunnel %s: IKE SA %s%s%s", sa->tunnel,
	    ike_state_name(to), why ? ": " : "", why ? why : "");
	return true;
}
