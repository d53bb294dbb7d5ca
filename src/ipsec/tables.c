/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tables - the IPsec tables of a snapshot; see tables.h. */
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp.h"

/* A growing list of SPD rules, with what each does when the caller keeps
 * one (policy NULL: selectors, which only match or not). */
struct rules {
	struct spd_rule	*r;
	struct ipsec_policy *policy;
	uint32_t	 n, cap;
	bool		 nomem;
};

static void
add_rule(struct rules *l, const struct spd_rule *r, const struct ipsec_policy *pol)
{
	uint32_t cap = l->cap ? 2 * l->cap : 64;
	struct spd_rule *nr;
	struct ipsec_policy *np;

	if (l->nomem)
		return;
	if (l->n == l->cap) {
		if ((nr = realloc(l->r, cap * sizeof(*nr))) == NULL) {
			l->nomem = true;
			return;
		}
		l->r = nr;
		if (pol != NULL) {
			if ((np = realloc(l->policy, cap * sizeof(*np))) == NULL) {
				l->nomem = true;
				return;
			}
			l->policy = np;
		}
		l->cap = cap;
	}
	l->r[l->n] = *r;
	if (pol != NULL)
		l->policy[l->n] = *pol;
	l->n++;
}

static struct spd_rule
prefix_rule(const struct cfg_prefix *src, const struct cfg_prefix *dst)
{
	struct spd_rule r;

	memset(&r, 0, sizeof(r));
	r.src = src->addr;
	r.src_plen = src->plen;
	r.dst = dst->addr;
	r.dst_plen = dst->plen;
	r.sport_hi = r.dport_hi = 65535;
	return r;
}

/* An SPD entry as a rule; reverse: seen from the other direction. */
static struct spd_rule
entry_rule(const struct cfg_spd_entry *e, bool reverse)
{
	struct spd_rule r = reverse ? prefix_rule(&e->dst, &e->src) :
	    prefix_rule(&e->src, &e->dst);

	r.proto = e->proto;
	r.sport_lo = reverse ? e->dport_lo : e->sport_lo;
	r.sport_hi = reverse ? e->dport_hi : e->sport_hi;
	r.dport_lo = reverse ? e->sport_lo : e->dport_lo;
	r.dport_hi = reverse ? e->sport_hi : e->dport_hi;
	return r;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct ipsec_tunnel *)a)->name,
	    ((const struct ipsec_tunnel *)b)->name);
}

int
ipsec_tunnel_index(const struct ipsec_tables *t, const char *name)
{
	struct ipsec_tunnel key;
	const struct ipsec_tunnel *found;

	if (t->ntunnels == 0)
		return -1;
	snprintf(key.name, sizeof(key.name), "%s", name);
	found = bsearch(&key, t->tunnel, t->ntunnels, sizeof(*t->tunnel), by_name);
	return found != NULL ? (int)(found - t->tunnel) : -1;
}

/* The address of the interface the route to peer leaves by, or 0. */
static uint32_t
egress_address(const struct config *c, const struct rib *rib, uint32_t peer)
{
	const struct cfg_interface *i;
	const struct rib_route *r;
	long ix = rib_lookup(rib, peer);

	if (ix < 0)
		return 0;
	r = rib_route(rib, (size_t)ix);
	for (i = config_interface_first(c); i != NULL; i = config_interface_next(c, i))
		if (r->out_if[0] != '\0' && strcmp(i->name, r->out_if) == 0)
			return i->has_addr ? i->addr : 0;
	return 0;
}

void
ipsec_tunnel_resolve(const struct config *c, const struct rib *rib,
    const struct cfg_tunnel *ct, struct ipsec_tunnel *it)
{
	memset(it, 0, sizeof(*it));
	snprintf(it->name, sizeof(it->name), "%s", ct->name);
	it->shutdown = ct->shutdown;
	it->peer = ct->has_peer ? ct->peer : 0;
	it->local = ct->has_local ? ct->local :
	    ct->has_peer ? egress_address(c, rib, ct->peer) : 0;
	it->udp_encap = ct->natt == NATT_FORCE;
}

static const struct cfg_prefix any_prefix = { 0, 0 };

/* The tunnel's selectors (see tables.h): NULL for every packet, else an
 * SPD of them in *sel (false: memory ran out). */
static bool
tunnel_selectors(const struct config *c, const struct cfg_tunnel *ct, struct spd **sel)
{
	uint8_t nl = ct->nlocal ? ct->nlocal : 1, nr = ct->nremote ? ct->nremote : 1, i, j;
	const struct cfg_prefix *l, *r;
	const struct cfg_spd_entry *e;
	struct rules rules = { 0 };
	struct spd_rule rule;
	bool any = false;

	*sel = NULL;
	for (i = 0; i < nl; i++)
		for (j = 0; j < nr; j++) {
			l = ct->nlocal ? &ct->local_net[i] : &any_prefix;
			r = ct->nremote ? &ct->remote_net[j] : &any_prefix;
			any |= l->plen == 0 && r->plen == 0;
			rule = prefix_rule(r, l);	/* from the far side */
			add_rule(&rules, &rule, NULL);
		}
	for (e = config_spd_first(c); e != NULL; e = config_spd_next(c, e))
		if (e->action == SPD_PROTECT && strcmp(e->tunnel, ct->name) == 0) {
			rule = entry_rule(e, true);
			add_rule(&rules, &rule, NULL);
		}
	if (!any && !rules.nomem)
		*sel = spd_build(rules.r, rules.n);
	free(rules.r);
	return !rules.nomem && (any || *sel != NULL);
}

static bool
build_tunnels(struct ipsec_tables *t, const struct config *c, const struct rib *rib)
{
	const struct cfg_tunnel *ct;
	struct ipsec_tunnel *it;
	uint32_t n = 0;

	for (ct = config_tunnel_first(c); ct != NULL; ct = config_tunnel_next(c, ct))
		n++;
	if ((t->tunnel = calloc(n ? n : 1, sizeof(*t->tunnel))) == NULL)
		return false;
	for (ct = config_tunnel_first(c); ct != NULL; ct = config_tunnel_next(c, ct)) {
		it = &t->tunnel[t->ntunnels++];
		ipsec_tunnel_resolve(c, rib, ct, it);
		if (!tunnel_selectors(c, ct, &it->selectors))
			return false;
	}
	/* the configuration keeps names unique; its order is natural
	 * order, the lookup's is strcmp's */
	qsort(t->tunnel, t->ntunnels, sizeof(*t->tunnel), by_name);
	return true;
}

static bool
build_spd(struct ipsec_tables *t, const struct config *c)
{
	const struct cfg_spd_entry *e;
	const struct cfg_tunnel *ct;
	struct rules rules = { 0 };
	struct ipsec_policy pol;
	struct spd_rule rule;
	int ix;
	uint8_t i, j;

	for (e = config_spd_first(c); e != NULL; e = config_spd_next(c, e)) {
		rule = entry_rule(e, false);
		ix = e->action == SPD_PROTECT ? ipsec_tunnel_index(t, e->tunnel) : -1;
		pol.action = e->action == SPD_PROTECT ? IPSEC_PROTECT :
		    e->action == SPD_BYPASS ? IPSEC_BYPASS : IPSEC_DISCARD;
		pol.tunnel = ix >= 0 ? (uint32_t)ix : IPSEC_NO_TUNNEL;
		pol.seq = e->seq;
		add_rule(&rules, &rule, &pol);
	}
	for (ct = config_tunnel_first(c); ct != NULL; ct = config_tunnel_next(c, ct)) {
		if (ct->routing != TUN_ROUTING_POLICY || ct->shutdown)
			continue;
		pol.action = IPSEC_PROTECT;
		pol.tunnel = (uint32_t)ipsec_tunnel_index(t, ct->name);
		pol.seq = 0;
		for (i = 0; i < ct->nlocal; i++)
			for (j = 0; j < ct->nremote; j++) {
				rule = prefix_rule(&ct->local_net[i], &ct->remote_net[j]);
				add_rule(&rules, &rule, &pol);
			}
	}
	t->policy = rules.policy;
	t->rule = rules.r;
	t->npolicy = rules.n;
	if (!rules.nomem && rules.n > 0)
		t->spd = spd_build(rules.r, rules.n);
	return !rules.nomem && (rules.n == 0 || t->spd != NULL);
}

struct ipsec_tables *
ipsec_tables_build(const struct config *c, const struct rib *rib)
{
	struct ipsec_tables *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	if (!build_tunnels(t, c, rib) || !build_spd(t, c)) {
		ipsec_tables_free(t);
		return NULL;
	}
	return t;
}

void
ipsec_tables_free(struct ipsec_tables *t)
{
	uint32_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntunnels; i++)
		spd_free(t->tunnel[i].selectors);
	free(t->tunnel);
	spd_free(t->spd);
	free(t->policy);
	free(t->rule);
	free(t);
}

void
ipsec_policy_entry(const struct ipsec_tables *t, uint32_t ix, struct cfg_spd_entry *e)
{
	const struct ipsec_policy *p = &t->policy[ix];
	const struct spd_rule *r = &t->rule[ix];

	memset(e, 0, sizeof(*e));
	e->seq = p->seq;
	e->action = p->action == IPSEC_PROTECT ? SPD_PROTECT :
	    p->action == IPSEC_BYPASS ? SPD_BYPASS : SPD_DISCARD;
	e->proto = r->proto;
	e->src.addr = r->src;
	e->src.plen = r->src_plen;
	e->dst.addr = r->dst;
	e->dst.plen = r->dst_plen;
	e->sport_lo = r->sport_lo;
	e->sport_hi = r->sport_hi;
	e->dport_lo = r->dport_lo;
	e->dport_hi = r->dport_hi;
	if (p->tunnel < t->ntunnels)
		snprintf(e->tunnel, sizeof(e->tunnel), "%s", t->tunnel[p->tunnel].name);
}

/* Field by field: the rules' padding is not known to be zero. */
static bool
same_rule(const struct spd_rule *a, const struct spd_rule *b)
{
	return a->src == b->src && a->dst == b->dst && a->src_plen == b->src_plen &&
	    a->dst_plen == b->dst_plen && a->proto == b->proto &&
	    a->sport_lo == b->sport_lo && a->sport_hi == b->sport_hi &&
	    a->dport_lo == b->dport_lo && a->dport_hi == b->dport_hi;
}

static const char *
policy_tunnel(const struct ipsec_tables *t, uint32_t ix)
{
	uint32_t tun = t->policy[ix].tunnel;

	return tun < t->ntunnels ? t->tunnel[tun].name : "";
}

static bool
same_entry(const struct ipsec_tables *a, uint32_t i, const struct ipsec_tables *b,
    uint32_t j)
{
	return a->policy[i].seq == b->policy[j].seq &&
	    a->policy[i].action == b->policy[j].action &&
	    same_rule(&a->rule[i], &b->rule[j]) &&
	    strcmp(policy_tunnel(a, i), policy_tunnel(b, j)) == 0;
}

bool
ipsec_policy_carry(const struct ipsec_tables *old, const struct ipsec_tables *t,
    uint32_t *from)
{
	uint32_t i, j = 0, start = 0, cand, *first = NULL;
	int ot;

	for (i = 0; i < t->npolicy; i++)
		from[i] = SPD_NO_MATCH;
	if (old == NULL || old->npolicy == 0)
		return true;
	/* the crypto spd entries come first, ascending by sequence number
	 * in both: one merge */
	for (i = 0; i < t->npolicy && t->policy[i].seq != 0; i++) {
		while (j < old->npolicy && old->policy[j].seq != 0 &&
		    old->policy[j].seq < t->policy[i].seq)
			j++;
		if (j < old->npolicy && same_entry(t, i, old, j))
			from[i] = j;
	}
	/* then each policy tunnel's generated entries, one run per tunnel:
	 * where old's run of the same tunnel starts */
	if ((first = malloc((old->ntunnels ? old->ntunnels : 1) * sizeof(*first))) == NULL)
		return false;
	for (j = 0; j < old->ntunnels; j++)
		first[j] = SPD_NO_MATCH;
	for (j = old->npolicy; j-- > 0 && old->policy[j].seq == 0;)
		if (old->policy[j].tunnel < old->ntunnels)
			first[old->policy[j].tunnel] = j;
	for (; i < t->npolicy; i++) {
		if (i == 0 || t->policy[i].tunnel != t->policy[i - 1].tunnel ||
		    t->policy[i - 1].seq != 0)
			start = i;
		ot = ipsec_tunnel_index(old, policy_tunnel(t, i));
		if (ot < 0 || first[ot] == SPD_NO_MATCH)
			continue;
		cand = first[ot] + (i - start);
		if (cand < old->npolicy && same_entry(t, i, old, cand))
			from[i] = cand;
	}
	free(first);
	return true;
}

bool
ipsec_manual_params(const struct ipsec_tunnel *it, const struct cfg_tunnel *ct,
    enum ipsec_dir dir, const uint8_t *enc, size_t enc_len, const uint8_t *integ,
    size_t int_len, struct ipsec_sa_params *p, struct strbuf *err)
{
	const struct cfg_manual_sa *m = dir == IPSEC_IN ? &ct->sa_in : &ct->sa_out;

	memset(p, 0, sizeof(*p));
	if (ct->keying != KEYING_MANUAL || !m->set) {
		strbuf_printf(err, "tunnel %s has no manual %s SA", ct->name,
		    dir == IPSEC_IN ? "inbound" : "outbound");
		return false;
	}
	if (ct->nproposals == 0 || ct->proposal[0] >= ESP_ALG_COUNT) {
		strbuf_printf(err, "tunnel %s has no esp proposal", ct->name);
		return false;
	}
	if (enc_len > sizeof(p->enc_key) || int_len > sizeof(p->int_key)) {
		strbuf_printf(err, "tunnel %s: key too long", ct->name);
		return false;
	}
	snprintf(p->tunnel, sizeof(p->tunnel), "%s", ct->name);
	p->dir = dir;
	p->spi = m->spi;
	p->alg = (enum esp_alg)ct->proposal[0];
	memcpy(p->enc_key, enc, enc_len);
	p->enc_len = (uint8_t)enc_len;
	if (int_len > 0)
		memcpy(p->int_key, integ, int_len);
	p->int_len = (uint8_t)int_len;
	p->esn = ct->esn;
	p->replay_window = ct->replay_window;
	p->local = it->local;
	p->peer = it->peer;
	if (it->udp_encap)
		p->encap_sport = p->encap_dport = ESP_NATT_PORT;
	return true;
}
