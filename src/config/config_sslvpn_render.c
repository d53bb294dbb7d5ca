/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_sslvpn_render - the running-config text of the SSL-VPN server
 * and its users; only what differs from the defaults, in this order:
 *
 *   ssl-vpn + " listen A [port N]", " certificate self-signed" or
 *       " certificate FILE [key FILE]", " address-pool A M",
 *       " split-route A M"..., " dns A", " max-sessions N",
 *       " idle-timeout N", " login-lockout attempts N period N",
 *       " shutdown"
 *   ssl-vpn user NAME + " password 9 HASH", " static-address A",
 *       " shutdown"   (one block per user, by name)
 *
 * Prefixes are written with a dotted mask, as `ip address` and `ip route`
 * are. Passwords appear only as the type-9 hash the model holds.
 */
#include "config_impl.h"

#include "lib/inet.h"

static void
render_net(struct strbuf *out, const char *kw, uint32_t prefix, uint8_t plen)
{
	char a[INET_ADDR_BUF], m[INET_ADDR_BUF];

	strbuf_printf(out, " %s %s %s\n", kw, inet_format_addr(prefix, a),
	    inet_format_addr(inet_mask(plen), m));
}

static void
render_addr(struct strbuf *out, const char *kw, uint32_t addr)
{
	char a[INET_ADDR_BUF];

	strbuf_printf(out, " %s %s\n", kw, inet_format_addr(addr, a));
}

static void
render_listen(struct strbuf *out, const struct cfg_sslvpn *s)
{
	char a[INET_ADDR_BUF];

	if (!s->has_listen)
		return;
	strbuf_printf(out, " listen %s", inet_format_addr(s->listen, a));
	if (s->port != CFG_SSLVPN_DEFAULT_PORT)
		strbuf_printf(out, " port %u", s->port);
	strbuf_putc(out, '\n');
}

static void
render_certificate(struct strbuf *out, const struct cfg_sslvpn *s)
{
	if (s->self_signed)
		strbuf_puts(out, " certificate self-signed\n");
	else if (s->cert_file[0] != '\0') {
		strbuf_printf(out, " certificate %s", s->cert_file);
		if (s->key_file[0] != '\0')
			strbuf_printf(out, " key %s", s->key_file);
		strbuf_putc(out, '\n');
	}
}

void
render_sslvpn(const void *obj, struct strbuf *out)
{
	const struct cfg_sslvpn *s = obj;
	unsigned i;

	strbuf_puts(out, "ssl-vpn\n");
	render_listen(out, s);
	render_certificate(out, s);
	if (s->has_pool)
		render_net(out, "address-pool", s->pool, s->pool_plen);
	for (i = 0; i < s->nroutes; i++)
		render_net(out, "split-route", s->route[i].prefix, s->route[i].plen);
	if (s->has_dns)
		render_addr(out, "dns", s->dns);
	if (s->max_sessions != CFG_SSLVPN_DEFAULT_MAX_SESSIONS)
		strbuf_printf(out, " max-sessions %u\n", s->max_sessions);
	if (s->idle_timeout != CFG_SSLVPN_DEFAULT_IDLE)
		strbuf_printf(out, " idle-timeout %u\n", s->idle_timeout);
	if (s->lockout_attempts != 0)
		strbuf_printf(out, " login-lockout attempts %u period %u\n",
		    s->lockout_attempts, s->lockout_period);
	if (s->shutdown)
		strbuf_puts(out, " shutdown\n");
}

void
render_sslvpn_user(const void *obj, struct strbuf *out)
{
	const struct cfg_sslvpn_user *u = obj;

	strbuf_printf(out, "ssl-vpn user %s\n", u->name);
	if (u->password[0] != '\0')
		strbuf_printf(out, " password 9 %s\n", u->password);
	if (u->has_static)
		render_addr(out, "static-address", u->static_addr);
	if (u->shutdown)
		strbuf_puts(out, " shutdown\n");
}

void
render_sslvpn_section(const struct config *c, struct strbuf *out)
{
	const struct cfg_sslvpn_user *u;

	if (c->sslvpn != NULL) {
		render_sslvpn(c->sslvpn, out);
		strbuf_puts(out, "!\n");
	}
	for (u = config_sslvpn_user_first(c); u; u = config_sslvpn_user_next(c, u)) {
		render_sslvpn_user(u, out);
		strbuf_puts(out, "!\n");
	}
}
