/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec - the tunnels and SPD entries of a configuration, kept in
 * red-black trees in running-config order, and their item kinds for
 * equality, diff and merge; see config_ipsec.h and config_impl.h.
 */
#include "config_impl.h"

int
tunnel_cmp(const struct tunnel_node *a, const struct tunnel_node *b)
{
	return name_cmp(a->v.name, b->v.name);
}

int
spd_cmp(const struct spd_node *a, const struct spd_node *b)
{
	return a->v.seq < b->v.seq ? -1 : a->v.seq > b->v.seq;
}

RB_GENERATE(tunnel_tree, tunnel_node, entry, tunnel_cmp)
RB_GENERATE(spd_tree, spd_node, entry, spd_cmp)

NAMED_KIND(tunnel, tunnel_tree, tunnels, cfg_tunnel)

void
config_tunnel_defaults(struct cfg_tunnel *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	cfg_copy_field(t->name, sizeof(t->name), name);
	t->esp_lifetime = CFG_DEFAULT_ESP_LIFETIME;
	t->routing = TUN_ROUTING_POLICY;
	t->natt = NATT_AUTO;
	t->keying = KEYING_IKE;
	t->replay_window = CFG_DEFAULT_REPLAY;
	t->ike_lifetime = CFG_DEFAULT_IKE_LIFETIME;
	t->dpd_interval = CFG_DEFAULT_DPD_INTERVAL;
	t->dpd_retries = CFG_DEFAULT_DPD_RETRIES;
	t->start = START_INITIATE;
}

struct cfg_tunnel *
config_tunnel_get(struct config *c, const char *name)
{
	struct tunnel_node *n = tunnel_lookup(c, name);
	struct cfg_tunnel t;

	if (n == NULL) {
		config_tunnel_defaults(&t, name);
		config_tunnel_set(c, &t);
		n = tunnel_lookup(c, name);
	}
	return &n->v;
}

/* SPD entries. */

static struct spd_node *
spd_lookup(const struct config *c, uint32_t seq)
{
	struct spd_node key;

	key.v.seq = seq;
	return RB_FIND(spd_tree, (struct spd_tree *)&c->spd, &key);
}

void
config_spd_set(struct config *c, const struct cfg_spd_entry *e)
{
	struct spd_node *n = spd_lookup(c, e->seq);

	if (n != NULL) {
		n->v = *e;
		return;
	}
	n = xcalloc(1, sizeof(*n), "the configuration");
	n->v = *e;
	RB_INSERT(spd_tree, &c->spd, n);
	c->nspd++;
}

bool
config_spd_remove(struct config *c, uint32_t seq)
{
	struct spd_node *n = spd_lookup(c, seq);

	if (n == NULL)
		return false;
	RB_REMOVE(spd_tree, &c->spd, n);
	free(n);
	c->nspd--;
	return true;
}

const struct cfg_spd_entry *
config_spd_find(const struct config *c, uint32_t seq)
{
	struct spd_node *n = spd_lookup(c, seq);

	return n ? &n->v : NULL;
}

const struct cfg_spd_entry *
config_spd_first(const struct config *c)
{
	struct spd_node *n = RB_MIN(spd_tree, (struct spd_tree *)&c->spd);

	return n ? &n->v : NULL;
}

const struct cfg_spd_entry *
config_spd_next(const struct config *c, const struct cfg_spd_entry *e)
{
	struct spd_node *n = container_of(e, struct spd_node, v);

	(void)c;
	n = RB_NEXT(spd_tree, (struct spd_tree *)&c->spd, n);
	return n ? &n->v : NULL;
}

unsigned long
config_spd_count(const struct config *c)
{
	return c->nspd;
}

/*
 * Item kinds. Equality goes field by field: a fixed text field may hold
 * bytes after its NUL from an earlier, longer value.
 */

static bool
prefixes_equal(const struct cfg_prefix *a, const struct cfg_prefix *b, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (a[i].addr != b[i].addr || a[i].plen != b[i].plen)
			return false;
	return true;
}

static bool
sa_equal(const struct cfg_manual_sa *a, const struct cfg_manual_sa *b)
{
	return a->set == b->set && (!a->set || (a->spi == b->spi &&
	    strcmp(a->enc_key, b->enc_key) == 0 &&
	    strcmp(a->int_key, b->int_key) == 0));
}

static bool
id_equal(const struct cfg_ike_id *a, const struct cfg_ike_id *b)
{
	return a->type == b->type &&
	    (a->type != ID_ADDRESS || a->addr == b->addr) &&
	    (a->type != ID_FQDN || strcmp(a->fqdn, b->fqdn) == 0);
}

/* What IKE negotiates with: proposals, lifetime, identities, key, dpd, start. */
static bool
ike_equal(const struct cfg_tunnel *x, const struct cfg_tunnel *y)
{
	return x->nike == y->nike &&
	    memcmp(x->ike_proposal, y->ike_proposal,
	    x->nike * sizeof(x->ike_proposal[0])) == 0 &&
	    x->ike_lifetime == y->ike_lifetime &&
	    strcmp(x->psk, y->psk) == 0 &&
	    id_equal(&x->local_id, &y->local_id) &&
	    id_equal(&x->remote_id, &y->remote_id) &&
	    x->dpd_interval == y->dpd_interval &&
	    (x->dpd_interval == 0 || x->dpd_retries == y->dpd_retries) &&
	    x->start == y->start;
}

bool
config_tunnel_equal(const struct cfg_tunnel *x, const struct cfg_tunnel *y)
{
	return strcmp(x->name, y->name) == 0 &&
	    strcmp(x->description, y->description) == 0 &&
	    x->has_peer == y->has_peer && (!x->has_peer || x->peer == y->peer) &&
	    x->has_local == y->has_local &&
	    (!x->has_local || x->local == y->local) &&
	    x->nproposals == y->nproposals &&
	    memcmp(x->proposal, y->proposal, x->nproposals) == 0 &&
	    memcmp(x->proposal_dh, y->proposal_dh, x->nproposals) == 0 &&
	    ike_equal(x, y) &&
	    x->esp_lifetime == y->esp_lifetime &&
	    x->esp_lifetime_kb == y->esp_lifetime_kb &&
	    x->nlocal == y->nlocal && x->nremote == y->nremote &&
	    prefixes_equal(x->local_net, y->local_net, x->nlocal) &&
	    prefixes_equal(x->remote_net, y->remote_net, x->nremote) &&
	    x->routing == y->routing && x->natt == y->natt &&
	    x->keying == y->keying && x->replay_window == y->replay_window &&
	    x->esn == y->esn && x->shutdown == y->shutdown &&
	    sa_equal(&x->sa_in, &y->sa_in) && sa_equal(&x->sa_out, &y->sa_out);
}

static bool
tunnel_equal(const void *a, const void *b)
{
	return config_tunnel_equal(a, b);
}

static const void *
tunnel_find_op(const struct config *c, const void *obj)
{
	return config_tunnel_find(c, ((const struct cfg_tunnel *)obj)->name);
}

static void
tunnel_put(struct config *c, const void *obj)
{
	config_tunnel_set(c, obj);
}

static void
tunnel_del(struct config *c, const void *obj)
{
	config_tunnel_remove(c, ((const struct cfg_tunnel *)obj)->name);
}

static void
tunnel_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "crypto ipsec tunnel %s",
	    ((const struct cfg_tunnel *)obj)->name);
}

static bool
spd_equal(const void *a, const void *b)
{
	const struct cfg_spd_entry *x = a, *y = b;

	return x->seq == y->seq && x->action == y->action &&
	    x->proto == y->proto && prefixes_equal(&x->src, &y->src, 1) &&
	    prefixes_equal(&x->dst, &y->dst, 1) &&
	    x->sport_lo == y->sport_lo && x->sport_hi == y->sport_hi &&
	    x->dport_lo == y->dport_lo && x->dport_hi == y->dport_hi &&
	    strcmp(x->tunnel, y->tunnel) == 0;
}

static const void *
spd_find_op(const struct config *c, const void *obj)
{
	return config_spd_find(c, ((const struct cfg_spd_entry *)obj)->seq);
}

static void
spd_put(struct config *c, const void *obj)
{
	config_spd_set(c, obj);
}

static void
spd_del(struct config *c, const void *obj)
{
	config_spd_remove(c, ((const struct cfg_spd_entry *)obj)->seq);
}

static void
spd_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "crypto spd %u", ((const struct cfg_spd_entry *)obj)->seq);
}

const struct item_ops tunnel_ops = {
	"tunnel", tunnel_find_op, tunnel_equal, tunnel_put, tunnel_del,
	tunnel_name, render_tunnel, true, NULL,
};
const struct item_ops spd_ops = {
	"spd", spd_find_op, spd_equal, spd_put, spd_del, spd_name,
	render_spd_line, false, "crypto spd",
};
