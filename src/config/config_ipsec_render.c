/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec_render - the running-config text of tunnels and SPD
 * entries; only what differs from the defaults, in this order:
 *
 *   crypto ipsec tunnel NAME + " description", " peer", " local-address",
 *       " pre-shared-key", " ike proposal", " ike lifetime",
 *       " esp proposal", " esp lifetime", " local-id", " remote-id",
 *       " local-network"..., " remote-network"..., " routing",
 *       " dpd" (or " no dpd"), " nat-traversal", " start",
 *       " replay-window", " esn", " keying", " sa inbound", " sa outbound",
 *       " shutdown"   (one block and "!" per tunnel, by name)
 *
 * as CLI.md lists the statements. `ike version 2` is the only version and
 * is never shown.
 *   crypto spd + " SEQ ACTION [protocol P] source S [port A[-B]]
 *       destination D [port A[-B]] [tunnel NAME]"   (by sequence number)
 *
 * Keys appear only as the type-6 text the model holds. Proposals are
 * written as ike_alg.h names them (curve25519 as x25519).
 */
#include "config_impl.h"

#include "lib/inet.h"

static void
render_prefix(struct strbuf *out, const char *kw, const struct cfg_prefix *p)
{
	char a[INET_ADDR_BUF];

	strbuf_printf(out, " %s %s/%u\n", kw, inet_format_addr(p->addr, a), p->plen);
}

static void
render_sa(struct strbuf *out, const char *dir, const struct cfg_manual_sa *sa)
{
	if (!sa->set)
		return;
	strbuf_printf(out, " sa %s spi %u encryption-key %s", dir, sa->spi,
	    sa->enc_key);
	if (sa->int_key[0] != '\0')
		strbuf_printf(out, " integrity-key %s", sa->int_key);
	strbuf_putc(out, '\n');
}

static void
render_id(struct strbuf *out, const char *kw, const struct cfg_ike_id *id)
{
	char a[INET_ADDR_BUF];

	if (id->type == ID_ADDRESS)
		strbuf_printf(out, " %s address %s\n", kw, inet_format_addr(id->addr, a));
	else if (id->type == ID_FQDN)
		strbuf_printf(out, " %s fqdn %s\n", kw, id->fqdn);
}

/* The IKE statements before the ESP ones: key, proposals, lifetime. */
static void
render_ike(struct strbuf *out, const struct cfg_tunnel *t)
{
	char name[IKE_ALGS_NAME_MAX];
	unsigned i;

	if (t->psk[0] != '\0')
		strbuf_printf(out, " pre-shared-key %s\n", t->psk);
	if (t->nike > 0) {
		strbuf_puts(out, " ike proposal");
		for (i = 0; i < t->nike; i++) {
			ike_algs_name(&t->ike_proposal[i], name, sizeof(name));
			strbuf_printf(out, " %s", name);
		}
		strbuf_putc(out, '\n');
	}
	if (t->ike_lifetime != CFG_DEFAULT_IKE_LIFETIME)
		strbuf_printf(out, " ike lifetime %u\n", t->ike_lifetime);
}

static void
render_esp(struct strbuf *out, const struct cfg_tunnel *t)
{
	struct esp_algs algs[CFG_PROPOSALS_MAX];
	char name[IKE_ALGS_NAME_MAX];
	unsigned i, n;

	if (t->nproposals > 0) {
		n = config_tunnel_esp_proposals(t, algs);
		strbuf_puts(out, " esp proposal");
		for (i = 0; i < n; i++) {
			esp_algs_name(&algs[i], name, sizeof(name));
			strbuf_printf(out, " %s", name);
		}
		strbuf_putc(out, '\n');
	}
	if (t->esp_lifetime != CFG_DEFAULT_ESP_LIFETIME || t->esp_lifetime_kb != 0) {
		strbuf_printf(out, " esp lifetime %u", t->esp_lifetime);
		if (t->esp_lifetime_kb != 0)
			strbuf_printf(out, " kilobytes %u", t->esp_lifetime_kb);
		strbuf_putc(out, '\n');
	}
}

void
render_tunnel(const void *obj, struct strbuf *out)
{
	static const char *const natt[] = { "auto", "force", "off" };
	static const char *const start[] = { "initiate", "respond", "on-traffic" };
	const struct cfg_tunnel *t = obj;
	char a[INET_ADDR_BUF];
	unsigned i;

	strbuf_printf(out, "crypto ipsec tunnel %s\n", t->name);
	if (t->description[0] != '\0')
		strbuf_printf(out, " description %s\n", t->description);
	if (t->has_peer)
		strbuf_printf(out, " peer %s\n", inet_format_addr(t->peer, a));
	if (t->has_local)
		strbuf_printf(out, " local-address %s\n", inet_format_addr(t->local, a));
	render_ike(out, t);
	render_esp(out, t);
	render_id(out, "local-id", &t->local_id);
	render_id(out, "remote-id", &t->remote_id);
	for (i = 0; i < t->nlocal; i++)
		render_prefix(out, "local-network", &t->local_net[i]);
	for (i = 0; i < t->nremote; i++)
		render_prefix(out, "remote-network", &t->remote_net[i]);
	if (t->routing == TUN_ROUTING_ROUTE)
		strbuf_puts(out, " routing route\n");
	if (t->dpd_interval == 0)
		strbuf_puts(out, " no dpd\n");
	else if (t->dpd_interval != CFG_DEFAULT_DPD_INTERVAL ||
	    t->dpd_retries != CFG_DEFAULT_DPD_RETRIES)
		strbuf_printf(out, " dpd interval %u retries %u\n", t->dpd_interval,
		    t->dpd_retries);
	if (t->natt != NATT_AUTO)
		strbuf_printf(out, " nat-traversal %s\n", natt[t->natt % 3]);
	if (t->start != START_INITIATE)
		strbuf_printf(out, " start %s\n", start[t->start % 3]);
	if (t->replay_window != CFG_DEFAULT_REPLAY)
		strbuf_printf(out, " replay-window %u\n", t->replay_window);
	if (t->esn)
		strbuf_puts(out, " esn\n");
	if (t->keying == KEYING_MANUAL)
		strbuf_puts(out, " keying manual\n");
	render_sa(out, "inbound", &t->sa_in);
	render_sa(out, "outbound", &t->sa_out);
	if (t->shutdown)
		strbuf_puts(out, " shutdown\n");
}

/* A selector: the prefix or "any", then its ports unless they are all. */
static void
render_selector(struct strbuf *out, const char *kw, const struct cfg_prefix *p,
    uint16_t lo, uint16_t hi)
{
	char a[INET_ADDR_BUF];

	if (cfg_prefix_any(p))
		strbuf_printf(out, " %s any", kw);
	else
		strbuf_printf(out, " %s %s/%u", kw, inet_format_addr(p->addr, a),
		    p->plen);
	if (lo == 0 && hi == 65535)
		return;
	strbuf_printf(out, " port %u", lo);
	if (hi != lo)
		strbuf_printf(out, "-%u", hi);
}

const char *
config_spd_protocol_name(uint8_t proto)
{
	switch (proto) {
	case 0:
		return "ip";
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	}
	return NULL;
}

void
config_render_spd_entry(const struct cfg_spd_entry *e, struct strbuf *out)
{
	strbuf_printf(out, "%u ", e->seq);
	config_render_spd_rule(e, out);
}

void
config_render_spd_rule(const struct cfg_spd_entry *e, struct strbuf *out)
{
	static const char *const action[] = { "protect", "bypass", "discard" };
	const char *proto = config_spd_protocol_name(e->proto);

	strbuf_puts(out, action[e->action % 3]);
	if (proto == NULL)
		strbuf_printf(out, " protocol %u", e->proto);
	else if (e->proto != 0)
		strbuf_printf(out, " protocol %s", proto);
	render_selector(out, "source", &e->src, e->sport_lo, e->sport_hi);
	render_selector(out, "destination", &e->dst, e->dport_lo, e->dport_hi);
	if (e->tunnel[0] != '\0')
		strbuf_printf(out, " tunnel %s", e->tunnel);
}

void
render_spd_line(const void *obj, struct strbuf *out)
{
	strbuf_putc(out, ' ');
	config_render_spd_entry(obj, out);
	strbuf_putc(out, '\n');
}
