/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec_validate - the commit-time checks of tunnels and SPD
 * entries; see config.h (config_validate) and config_ipsec.h. Each error
 * names its tunnel (`crypto ipsec tunnel NAME: ...`) or SPD entry as
 * rendered, never a key.
 *
 * Every tunnel:
 * - its manual SAs fit the algorithm of its first esp proposal: an
 *   integrity-key exactly when that algorithm is not AEAD;
 * - local-address is one of the router's interface addresses, the peer
 *   is not;
 * - none of its local networks overlaps one of its remote networks.
 * A tunnel that is not shut down (a shut tunnel may be incomplete):
 * - has a peer;
 * - with `routing policy`, at least one local and one remote network,
 *   and no pair of them that another such tunnel also covers (the SPD
 *   entries made from them would overlap);
 * - with `keying manual`, both SAs and an esp proposal; its inbound SPI is
 *   no other such tunnel's (the group of a proposal is not used: manual
 *   SAs have no key exchange to make PFS of);
 * - with `keying ike`, a pre-shared-key (that it decrypts is
 *   config_validate_keys's check).
 * At most CFG_TUNNEL_MAX tunnels (the engine's bound).
 * The SPD: at most CFG_SPD_MAX entries; a protect entry names a tunnel
 * that exists, other entries name none.
 */
#include "config_impl.h"

#include <stdarg.h>

#include "lib/inet.h"

static void
tunnel_error(struct strbuf *errors, const struct cfg_tunnel *t,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
tunnel_error(struct strbuf *errors, const struct cfg_tunnel *t,
    const char *fmt, ...)
{
	va_list ap;

	strbuf_printf(errors, "crypto ipsec tunnel %s: ", t->name);
	va_start(ap, fmt);
	strbuf_vprintf(errors, fmt, ap);
	va_end(ap);
	strbuf_putc(errors, '\n');
}

static bool
prefix_overlap(const struct cfg_prefix *a, const struct cfg_prefix *b)
{
	return net_overlap(a->addr, a->plen, b->addr, b->plen);
}

static bool
active(const struct cfg_tunnel *t)
{
	return !t->shutdown;
}

static int
check_sa(const struct cfg_tunnel *t, const char *dir,
    const struct cfg_manual_sa *sa, struct strbuf *errors)
{
	const struct esp_alg_info *alg;

	if (!sa->set || t->nproposals == 0)
		return 0;
	alg = esp_alg_info(t->proposal[0]);
	if (alg->aead && sa->int_key[0] != '\0') {
		tunnel_error(errors, t, "sa %s: %s is an AEAD algorithm: it "
		    "takes no integrity-key", dir, alg->name);
		return 1;
	}
	if (!alg->aead && sa->int_key[0] == '\0') {
		tunnel_error(errors, t, "sa %s: %s needs an integrity-key",
		    dir, alg->name);
		return 1;
	}
	return 0;
}

/* Addresses and networks: what any tunnel must get right. */
static int
check_addresses(const struct config *c, const struct cfg_tunnel *t,
    struct strbuf *errors)
{
	char a[INET_ADDR_BUF], b[INET_ADDR_BUF];
	unsigned i, j;
	int n = 0;

	if (t->has_local && own_address(c, t->local) == NULL) {
		tunnel_error(errors, t, "local-address %s is no interface's "
		    "address", inet_format_addr(t->local, a));
		n++;
	}
	if (t->has_peer && own_address(c, t->peer) != NULL) {
		tunnel_error(errors, t, "peer %s is this router's own address",
		    inet_format_addr(t->peer, a));
		n++;
	}
	for (i = 0; i < t->nlocal; i++)
		for (j = 0; j < t->nremote; j++)
			if (prefix_overlap(&t->local_net[i], &t->remote_net[j])) {
				tunnel_error(errors, t, "local-network %s/%u "
				    "overlaps remote-network %s/%u",
				    inet_format_addr(t->local_net[i].addr, a),
				    t->local_net[i].plen,
				    inet_format_addr(t->remote_net[j].addr, b),
				    t->remote_net[j].plen);
				n++;
			}
	return n;
}

/* What a tunnel that is not shut down needs to carry traffic. */
static int
check_complete(const struct cfg_tunnel *t, struct strbuf *errors)
{
	int n = 0;

	if (!t->has_peer) {
		tunnel_error(errors, t, "no peer");
		n++;
	}
	if (t->routing == TUN_ROUTING_POLICY && (t->nlocal == 0 || t->nremote == 0)) {
		tunnel_error(errors, t, "routing policy needs a local-network "
		    "and a remote-network");
		n++;
	}
	if (t->keying == KEYING_IKE && t->psk[0] == '\0') {
		tunnel_error(errors, t, "keying ike needs a pre-shared-key");
		n++;
	}
	if (t->keying != KEYING_MANUAL)
		return n;
	if (t->nproposals == 0) {
		tunnel_error(errors, t, "keying manual needs an esp proposal "
		    "(the first is the SAs' algorithm)");
		n++;
	}
	if (!t->sa_in.set || !t->sa_out.set) {
		tunnel_error(errors, t, "keying manual needs an sa inbound and "
		    "an sa outbound");
		n++;
	}
	return n;
}

/* One of a's networks that overlaps one of b's, or NULL. */
static const struct cfg_prefix *
any_overlap(const struct cfg_prefix *a, unsigned na, const struct cfg_prefix *b,
    unsigned nb)
{
	unsigned i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (prefix_overlap(&a[i], &b[j]))
				return &b[j];
	return NULL;
}

/*
 * Whether t and u both cover some traffic: a pair of local networks
 * overlaps and a pair of remote networks does (the two are independent,
 * so each is looked for once); *l and *r are u's networks of the pairs.
 */
static bool
policies_overlap(const struct cfg_tunnel *t, const struct cfg_tunnel *u,
    const struct cfg_prefix **l, const struct cfg_prefix **r)
{
	*l = any_overlap(t->local_net, t->nlocal, u->local_net, u->nlocal);
	*r = any_overlap(t->remote_net, t->nremote, u->remote_net, u->nremote);
	return *l != NULL && *r != NULL;
}

/* Against the active tunnels before t: inbound SPIs and policies. */
static int
check_against_others(const struct config *c, const struct cfg_tunnel *t,
    struct strbuf *errors)
{
	const struct cfg_tunnel *u;
	const struct cfg_prefix *l, *r;
	char a[INET_ADDR_BUF], b[INET_ADDR_BUF];
	int n = 0;

	for (u = config_tunnel_first(c); u != t; u = config_tunnel_next(c, u)) {
		if (!active(u))
			continue;
		if (t->keying == KEYING_MANUAL && u->keying == KEYING_MANUAL &&
		    t->sa_in.set && u->sa_in.set && t->sa_in.spi == u->sa_in.spi) {
			tunnel_error(errors, t, "sa inbound spi %u is already "
			    "tunnel %s's", t->sa_in.spi, u->name);
			n++;
		}
		if (t->routing == TUN_ROUTING_POLICY &&
		    u->routing == TUN_ROUTING_POLICY &&
		    policies_overlap(t, u, &l, &r)) {
			tunnel_error(errors, t, "its networks overlap tunnel "
			    "%s's local-network %s/%u to remote-network %s/%u",
			    u->name, inet_format_addr(l->addr, a), l->plen,
			    inet_format_addr(r->addr, b), r->plen);
			n++;
		}
	}
	return n;
}

static void
spd_error(struct strbuf *errors, const struct cfg_spd_entry *e, const char *msg,
    const char *arg)
{
	strbuf_puts(errors, "crypto spd ");
	config_render_spd_entry(e, errors);
	strbuf_puts(errors, ": ");
	strbuf_printf(errors, msg, arg);
	strbuf_putc(errors, '\n');
}

static int
check_spd(const struct config *c, struct strbuf *errors)
{
	const struct cfg_spd_entry *e;
	int n = 0;

	if (config_spd_count(c) > CFG_SPD_MAX) {
		strbuf_printf(errors, "crypto spd: %lu entries (at most %d)\n",
		    config_spd_count(c), CFG_SPD_MAX);
		n++;
	}
	for (e = config_spd_first(c); e; e = config_spd_next(c, e)) {
		if (e->action != SPD_PROTECT && e->tunnel[0] != '\0')
			spd_error(errors, e, "%s", "only protect names a tunnel");
		else if (e->action == SPD_PROTECT && e->tunnel[0] == '\0')
			spd_error(errors, e, "%s", "protect needs a tunnel");
		else if (e->tunnel[0] != '\0' && config_tunnel_find(c, e->tunnel) == NULL)
			spd_error(errors, e, "tunnel %s does not exist", e->tunnel);
		else
			continue;
		n++;
	}
	return n;
}

int
validate_ipsec(const struct config *c, struct strbuf *errors)
{
	const struct cfg_tunnel *t;
	unsigned long ntunnels = 0;
	int n = 0;

	for (t = config_tunnel_first(c); t; t = config_tunnel_next(c, t)) {
		ntunnels++;
		n += check_sa(t, "inbound", &t->sa_in, errors);
		n += check_sa(t, "outbound", &t->sa_out, errors);
		n += check_addresses(c, t, errors);
		if (!active(t))
			continue;
		n += check_complete(t, errors);
		n += check_against_others(c, t, errors);
	}
	if (ntunnels > CFG_TUNNEL_MAX) {
		strbuf_printf(errors, "crypto ipsec tunnel: %lu tunnels (at most %d)\n",
		    ntunnels, CFG_TUNNEL_MAX);
		n++;
	}
	return n + check_spd(c, errors);
}
