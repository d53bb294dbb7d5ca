/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sadb - the engine's SAs: inbound ones in a hash by SPI, every one in a
 * hash by tunnel name (a tunnel's outbound SA and its inbound SAs are the
 * few in its chain) and in a list in install order; see sadb.h. The links
 * live in the SAs, so installing allocates nothing and cannot fail.
 */
#include "sa.h"

#include <stdlib.h>
#include <string.h>

struct ipsec_sadb {
	struct ipsec_sa	*by_spi[SADB_SPI_BUCKETS];
	struct ipsec_sa	*by_tunnel[SADB_TUNNEL_BUCKETS];
	struct ipsec_sa	*head, *tail;
	uint64_t	 generation;
};

static unsigned
spi_bucket(uint32_t spi)
{
	return (spi * 2654435761u) >> 18 & (SADB_SPI_BUCKETS - 1);
}

static unsigned
tunnel_bucket(const char *name)
{
	uint32_t h = 2166136261u;

	while (*name != '\0')
		h = (h ^ (uint8_t)*name++) * 16777619u;
	return h & (SADB_TUNNEL_BUCKETS - 1);
}

struct ipsec_sadb *
sadb_new(void)
{
	return calloc(1, sizeof(struct ipsec_sadb));
}

void
sadb_free(struct ipsec_sadb *db)
{
	struct ipsec_sa *sa, *next;

	if (db == NULL)
		return;
	for (sa = db->head; sa != NULL; sa = next) {
		next = sa->next;
		ipsec_sa_free(sa);
	}
	free(db);
}

static void
link_sa(struct ipsec_sadb *db, struct ipsec_sa *sa)
{
	unsigned t = tunnel_bucket(sa->tunnel), b;

	if (sa->dir == IPSEC_IN) {
		b = spi_bucket(sa->spi);
		sa->by_spi = db->by_spi[b];
		db->by_spi[b] = sa;
	}
	sa->by_tunnel = db->by_tunnel[t];
	db->by_tunnel[t] = sa;
	sa->prev = db->tail;
	sa->next = NULL;
	if (db->tail != NULL)
		db->tail->next = sa;
	else
		db->head = sa;
	db->tail = sa;
}

/* Takes sa out of every chain and the list, and frees it. */
static void
remove_sa(struct ipsec_sadb *db, struct ipsec_sa *sa)
{
	struct ipsec_sa **pp;

	if (sa->dir == IPSEC_IN) {
		for (pp = &db->by_spi[spi_bucket(sa->spi)]; *pp != sa; pp = &(*pp)->by_spi)
			;
		*pp = sa->by_spi;
	}
	for (pp = &db->by_tunnel[tunnel_bucket(sa->tunnel)]; *pp != sa; pp = &(*pp)->by_tunnel)
		;
	*pp = sa->by_tunnel;
	if (sa->prev != NULL)
		sa->prev->next = sa->next;
	else
		db->head = sa->next;
	if (sa->next != NULL)
		sa->next->prev = sa->prev;
	else
		db->tail = sa->prev;
	ipsec_sa_free(sa);
	db->generation++;
}

struct ipsec_sa *
sadb_find_in(const struct ipsec_sadb *db, uint32_t spi)
{
	struct ipsec_sa *sa;

	for (sa = db->by_spi[spi_bucket(spi)]; sa != NULL; sa = sa->by_spi)
		if (sa->spi == spi)
			return sa;
	return NULL;
}

/* The first SA of tunnel, of direction *dir and with SPI *spi unless
 * those are NULL, or NULL. */
static struct ipsec_sa *
tunnel_find(const struct ipsec_sadb *db, const char *tunnel,
    const enum ipsec_dir *dir, const uint32_t *spi)
{
	struct ipsec_sa *sa;

	for (sa = db->by_tunnel[tunnel_bucket(tunnel)]; sa != NULL; sa = sa->by_tunnel)
		if ((dir == NULL || sa->dir == *dir) && (spi == NULL || sa->spi == *spi) &&
		    strcmp(sa->tunnel, tunnel) == 0)
			return sa;
	return NULL;
}

void
sadb_install_pair(struct ipsec_sadb *db, struct ipsec_sa *in, struct ipsec_sa *out,
    uint64_t now_ms)
{
	static const enum ipsec_dir dir_out = IPSEC_OUT;
	struct ipsec_sa *sa;

	if (in != NULL) {
		if ((sa = sadb_find_in(db, in->spi)) != NULL)
			remove_sa(db, sa);
		/* the peer may still send under the SAs in service: they
		 * retire after a grace period instead of at once */
		for (sa = db->by_tunnel[tunnel_bucket(in->tunnel)]; sa != NULL; sa = sa->by_tunnel)
			if (sa->dir == IPSEC_IN && sa->retire_at_ms == 0 &&
			    strcmp(sa->tunnel, in->tunnel) == 0)
				sa->retire_at_ms = now_ms + SADB_REKEY_GRACE_MS;
		link_sa(db, in);
	}
	if (out != NULL) {
		while ((sa = tunnel_find(db, out->tunnel, &dir_out, NULL)) != NULL)
			remove_sa(db, sa);
		link_sa(db, out);
	}
	db->generation++;
}

unsigned
sadb_remove_tunnel(struct ipsec_sadb *db, const char *tunnel)
{
	struct ipsec_sa *sa;
	unsigned n = 0;

	while ((sa = tunnel_find(db, tunnel, NULL, NULL)) != NULL) {
		remove_sa(db, sa);
		n++;
	}
	return n;
}

bool
sadb_remove_spi(struct ipsec_sadb *db, const char *tunnel, enum ipsec_dir dir,
    uint32_t spi)
{
	struct ipsec_sa *sa = tunnel_find(db, tunnel, &dir, &spi);

	if (sa == NULL)
		return false;
	remove_sa(db, sa);
	return true;
}

static void
raise_event(struct ipsec_sa *sa, enum ipsec_event_kind kind, const char *why,
    ipsec_event_fn fn, void *arg)
{
	struct ipsec_event ev;

	if (fn == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.dir = sa->dir;
	ev.spi = sa->spi;
	memcpy(ev.tunnel, sa->tunnel, sizeof(ev.tunnel));
	ev.why = why;
	fn(arg, &ev);
}

void
sadb_tick(struct ipsec_sadb *db, uint64_t now_ms, ipsec_event_fn fn, void *arg)
{
	struct ipsec_sa *sa, *next;
	const char *why;

	for (sa = db->head; sa != NULL; sa = next) {
		next = sa->next;
		if (sa->retire_at_ms != 0) {
			/* replaced already: nothing to tell, only to forget */
			if (now_ms >= sa->retire_at_ms)
				remove_sa(db, sa);
		} else if ((why = ipsec_sa_hard_reason(sa, now_ms)) != NULL) {
			raise_event(sa, IPSEC_EV_HARD, why, fn, arg);
			remove_sa(db, sa);
		} else if (!sa->soft_raised &&
		    (why = ipsec_sa_soft_reason(sa, now_ms)) != NULL) {
			sa->soft_raised = true;
			raise_event(sa, IPSEC_EV_SOFT, why, fn, arg);
		}
	}
}

void
sadb_walk(const struct ipsec_sadb *db, uint64_t now_ms,
    bool (*fn)(void *, const struct ipsec_sa_info *), void *arg)
{
	const struct ipsec_sa *sa;
	struct ipsec_sa_info i;

	for (sa = db->head; sa != NULL; sa = sa->next) {
		memset(&i, 0, sizeof(i));
		i.tunnel = sa->tunnel;
		i.dir = sa->dir;
		i.spi = sa->spi;
		i.alg = sa->alg;
		i.esn = sa->esn;
		i.udp_encap = sa->encap_dport != 0;
		i.retiring = sa->retire_at_ms != 0;
		i.local = sa->local;
		i.peer = sa->peer;
		i.packets = sa->packets - sa->cleared_packets;
		i.bytes = sa->bytes - sa->cleared_bytes;
		i.replay_drops = sa->replay_drops;
		i.auth_failures = sa->auth_failures;
		i.other_drops = sa->other_drops;
		i.seq = sa->dir == IPSEC_OUT ? sa->seq : replay_top(sa->replay);
		i.replay_window = sa->replay != NULL ? replay_size(sa->replay) : 0;
		i.age_ms = now_ms - sa->created_ms;
		i.soft = sa->soft;
		i.hard = sa->hard;
		if (!fn(arg, &i))
			return;
	}
}

void
sadb_clear_counters(struct ipsec_sadb *db)
{
	struct ipsec_sa *sa;

	/* the lifetimes go on counting: only what show prints restarts */
	for (sa = db->head; sa != NULL; sa = sa->next) {
		sa->cleared_packets = sa->packets;
		sa->cleared_bytes = sa->bytes;
		sa->replay_drops = sa->auth_failures = sa->other_drops = 0;
	}
}

void
sadb_bind(struct ipsec_sadb *db, int (*index_of)(void *, const char *), void *arg,
    struct ipsec_sa **out, uint32_t nout)
{
	struct ipsec_sa *sa;
	int ix;

	if (nout > 0)
		memset(out, 0, nout * sizeof(*out));
	for (sa = db->head; sa != NULL; sa = sa->next) {
		ix = index_of(arg, sa->tunnel);
		sa->tunnel_ix = ix >= 0 && (uint32_t)ix < nout ? ix : SA_NO_TUNNEL;
		if (sa->dir == IPSEC_OUT && sa->tunnel_ix != SA_NO_TUNNEL)
			out[ix] = sa;
	}
}

uint64_t
sadb_generation(const struct ipsec_sadb *db)
{
	return db->generation;
}
