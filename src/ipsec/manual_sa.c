/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manual_sa - manually keyed tunnels' SAs at commit; see manual_sa.h. */
#include "manual_sa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "lib/log.h"

/* A tunnel whose SAs a commit changes: the pair it made (NULL once
 * installed, or for a tunnel that only loses its SAs) and what it did. */
struct manual_tunnel {
	char		 name[CFG_NAME_MAX];
	struct ipsec_sa	*in, *out;
	uint32_t	 spi_in, spi_out;	/* of a pair made */
	bool		 install;
	bool		 clear;		/* remove the SAs it has first */
	const char	*why;		/* why it loses them, when it gets none */
	unsigned	 removed;	/* by manual_sa_apply */
};

struct manual_change {
	struct manual_tunnel *t;
	size_t		 n;
	bool		 applied;
};

const char *
manual_sa_why_down(const struct cfg_tunnel *t)
{
	if (t->shutdown)
		return "shutdown";
	if (t->keying != KEYING_MANUAL)
		return "keyed by IKE";
	if (!t->has_peer)
		return "incomplete: no peer";
	if (t->nproposals == 0)
		return "incomplete: no esp proposal";
	if (!t->sa_in.set)
		return "incomplete: no sa inbound";
	if (!t->sa_out.set)
		return "incomplete: no sa outbound";
	return NULL;
}

bool
manual_sa_tunnel_up(void *config, const char *tunnel)
{
	const struct cfg_tunnel *t = config_tunnel_find(config, tunnel);

	return t != NULL && manual_sa_why_down(t) == NULL;
}

static bool
same_sa(const struct cfg_manual_sa *a, const struct cfg_manual_sa *b)
{
	return a->spi == b->spi && strcmp(a->enc_key, b->enc_key) == 0 &&
	    strcmp(a->int_key, b->int_key) == 0;
}

/*
 * Whether tunnel name had SAs under prev and next makes them the same way
 * (manual_sa.h), so that it keeps them.
 */
static bool
keeps_sas(const struct config *prev, const struct rib *prev_rib,
    const struct config *next, const struct rib *next_rib, const char *name)
{
	const struct cfg_tunnel *p, *n;
	struct ipsec_tunnel pi, ni;

	if (prev == NULL || (p = config_tunnel_find(prev, name)) == NULL ||
	    (n = config_tunnel_find(next, name)) == NULL ||
	    manual_sa_why_down(p) != NULL || manual_sa_why_down(n) != NULL)
		return false;
	ipsec_tunnel_resolve(prev, prev_rib, p, &pi);
	ipsec_tunnel_resolve(next, next_rib, n, &ni);
	return pi.peer == ni.peer && pi.local == ni.local &&
	    pi.udp_encap == ni.udp_encap && p->proposal[0] == n->proposal[0] &&
	    p->esn == n->esn && p->replay_window == n->replay_window &&
	    same_sa(&p->sa_in, &n->sa_in) && same_sa(&p->sa_out, &n->sa_out);
}

/* Decrypts one key of a manual SA into clear; its length, or -1. */
static int
decrypt_key(const struct cfg_tunnel *ct, const char *dir, const char *what,
    const char *text, const struct secret_key *key, uint8_t *clear,
    struct strbuf *err)
{
	char why[200];
	int len = secret_decrypt(key, text, clear, why, sizeof(why));

	if (len < 0)
		strbuf_printf(err, "crypto ipsec tunnel %s: sa %s: %s: %s\n",
		    ct->name, dir, what, why);
	return len;
}

/* One manual SA of tunnel ct, made; NULL with the reason in err. */
static struct ipsec_sa *
make_sa(const struct cfg_tunnel *ct, const struct ipsec_tunnel *it,
    enum ipsec_dir dir, const struct secret_key *key, uint64_t now_ms,
    struct strbuf *err)
{
	const struct cfg_manual_sa *m = dir == IPSEC_IN ? &ct->sa_in : &ct->sa_out;
	const char *dname = dir == IPSEC_IN ? "inbound" : "outbound";
	uint8_t enc[SECRET_CLEAR_MAX], integ[SECRET_CLEAR_MAX];
	struct strbuf why = STRBUF_INIT;
	struct ipsec_sa_params p;
	struct ipsec_sa *sa = NULL;
	int enc_len, int_len = 0;

	if ((enc_len = decrypt_key(ct, dname, "encryption-key", m->enc_key, key,
	    enc, err)) >= 0 && (m->int_key[0] == '\0' ||
	    (int_len = decrypt_key(ct, dname, "integrity-key", m->int_key, key,
	    integ, err)) >= 0)) {
		if (ipsec_manual_params(it, ct, dir, enc, (size_t)enc_len, integ,
		    (size_t)int_len, &p, &why))
			sa = ipsec_sa_new(&p, now_ms, &why);
		if (sa == NULL)
			strbuf_printf(err, "crypto ipsec tunnel %s: sa %s: %s\n",
			    ct->name, dname, strbuf_str(&why));
	}
	explicit_bzero(enc, sizeof(enc));
	explicit_bzero(integ, sizeof(integ));
	explicit_bzero(&p, sizeof(p));
	strbuf_free(&why);
	return sa;
}

static size_t
count_tunnels(const struct config *c)
{
	const struct cfg_tunnel *t;
	size_t n = 0;

	for (t = config_tunnel_first(c); t != NULL; t = config_tunnel_next(c, t))
		n++;
	return n;
}

/* The change's entry for tunnel name, added if absent (room was made for
 * every tunnel of prev and next). */
static struct manual_tunnel *
entry(struct manual_change *ch, const char *name)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if (strcmp(ch->t[i].name, name) == 0)
			return &ch->t[i];
	snprintf(ch->t[ch->n].name, sizeof(ch->t[ch->n].name), "%s", name);
	return &ch->t[ch->n++];
}

struct manual_change *
manual_sa_prepare(const struct config *prev, const struct rib *prev_rib,
    const struct config *next, const struct rib *next_rib,
    const struct secret_key *key, uint64_t now_ms, struct strbuf *err)
{
	size_t room = count_tunnels(next) + (prev ? count_tunnels(prev) : 0);
	struct manual_change *ch = calloc(1, sizeof(*ch));
	const struct cfg_tunnel *t, *nt;
	struct manual_tunnel *e;
	struct ipsec_tunnel it;
	bool ok = true;

	if (ch == NULL || (ch->t = calloc(room ? room : 1, sizeof(*ch->t))) == NULL) {
		free(ch);
		strbuf_puts(err, "out of memory for the IPsec SAs\n");
		return NULL;
	}
	/* what had SAs and will not keep them loses them */
	for (t = prev ? config_tunnel_first(prev) : NULL; t != NULL;
	    t = config_tunnel_next(prev, t)) {
		if (manual_sa_why_down(t) != NULL ||
		    keeps_sas(prev, prev_rib, next, next_rib, t->name))
			continue;
		e = entry(ch, t->name);
		e->clear = true;
		nt = config_tunnel_find(next, t->name);
		e->why = nt == NULL ? "tunnel removed" : manual_sa_why_down(nt);
	}
	for (t = config_tunnel_first(next); t != NULL; t = config_tunnel_next(next, t)) {
		if (manual_sa_why_down(t) != NULL ||
		    keeps_sas(prev, prev_rib, next, next_rib, t->name))
			continue;
		ipsec_tunnel_resolve(next, next_rib, t, &it);
		e = entry(ch, t->name);
		e->install = true;
		e->spi_in = t->sa_in.spi;
		e->spi_out = t->sa_out.spi;
		if ((e->in = make_sa(t, &it, IPSEC_IN, key, now_ms, err)) == NULL ||
		    (e->out = make_sa(t, &it, IPSEC_OUT, key, now_ms, err)) == NULL)
			ok = false;
	}
	if (!ok) {
		manual_sa_finish(ch);
		return NULL;
	}
	return ch;
}

void
manual_sa_apply(struct manual_change *ch, struct ipsec_sadb *db, uint64_t now_ms)
{
	size_t i;

	for (i = 0; i < ch->n; i++) {
		if (ch->t[i].clear)
			ch->t[i].removed = sadb_remove_tunnel(db, ch->t[i].name);
		if (ch->t[i].install)
			sadb_install_pair(db, ch->t[i].in, ch->t[i].out, now_ms);
		ch->t[i].in = ch->t[i].out = NULL;
	}
	ch->applied = true;
}

static void
log_tunnel(const struct manual_tunnel *e)
{
	if (e->install)
		log_msg(LOG_NOTICE, "crypto ipsec tunnel %s: manual SAs installed: "
		    "inbound SPI 0x%08x, outbound SPI 0x%08x%s", e->name,
		    e->spi_in, e->spi_out, e->clear ? " (replacing the previous "
		    "ones: configuration changed)" : "");
	else if (e->removed > 0)
		log_msg(LOG_NOTICE, "crypto ipsec tunnel %s: %u SA%s removed (%s)",
		    e->name, e->removed, e->removed == 1 ? "" : "s", e->why);
}

void
manual_sa_finish(struct manual_change *ch)
{
	size_t i;

	if (ch == NULL)
		return;
	for (i = 0; i < ch->n; i++) {
		if (ch->applied)
			log_tunnel(&ch->t[i]);
		ipsec_sa_free(ch->t[i].in);
		ipsec_sa_free(ch->t[i].out);
	}
	free(ch->t);
	free(ch);
}
