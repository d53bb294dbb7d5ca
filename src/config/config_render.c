/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_render - the canonical running-config text.
 *
 * Only what differs from the defaults is printed. Groups in this order,
 * each followed by a "!" line, the whole text starting with "!" and ending
 * with "end"; an empty group prints nothing:
 *
 *   hostname NAME
 *   logging buffered N / enable secret 9 HASH
 *   username NAME privilege N [commit-on-exit] secret 9 HASH   (by name)
 *   crypto ipsec tunnel NAME ... / crypto spd ...     (config_ipsec_render.c)
 *   ssl-vpn ... / ssl-vpn user NAME ...            (config_sslvpn_render.c)
 *   interface NAME + " description", " ip address A M", " mtu N",
 *       " mac-address hh:..", " tap NAME", " arp timeout N", " shutdown"
 *       (one block and "!" per interface)
 *   ip route A M {A.B.C.D|interface N|tunnel N|null0} [priority N] [track N]
 */
#include "config_impl.h"

#include <stdint.h>
#include <string.h>

#include "lib/inet.h"

void
render_hostname(const void *cfg, struct strbuf *out)
{
	const struct config *c = cfg;

	if (strcmp(c->hostname, CFG_DEFAULT_HOSTNAME) != 0)
		strbuf_printf(out, "hostname %s\n", c->hostname);
}

void
render_logging(const void *cfg, struct strbuf *out)
{
	const struct config *c = cfg;

	if (c->logging_buffered != CFG_DEFAULT_LOGBUF)
		strbuf_printf(out, "logging buffered %u\n", c->logging_buffered);
}

void
render_enable(const void *cfg, struct strbuf *out)
{
	const struct config *c = cfg;

	if (c->enable_secret[0] != '\0')
		strbuf_printf(out, "enable secret 9 %s\n", c->enable_secret);
}

void
render_user(const void *obj, struct strbuf *out)
{
	const struct cfg_user *u = obj;

	strbuf_printf(out, "username %s privilege %u%s secret 9 %s\n", u->name,
	    u->privilege, u->commit_on_exit ? " commit-on-exit" : "", u->secret);
}

void
render_interface(const void *obj, struct strbuf *out)
{
	const struct cfg_interface *i = obj;
	char a[INET_ADDR_BUF], m[INET_ADDR_BUF], mac[INET_MAC_BUF];

	strbuf_printf(out, "interface %s\n", i->name);
	if (i->description[0] != '\0')
		strbuf_printf(out, " description %s\n", i->description);
	if (i->has_addr)
		strbuf_printf(out, " ip address %s %s\n",
		    inet_format_addr(i->addr, a),
		    inet_format_addr(inet_mask(i->plen), m));
	if (i->mtu != CFG_DEFAULT_MTU)
		strbuf_printf(out, " mtu %u\n", i->mtu);
	if (i->has_mac)
		strbuf_printf(out, " mac-address %s\n", inet_format_mac(i->mac, mac));
	if (i->tap[0] != '\0')
		strbuf_printf(out, " tap %s\n", i->tap);
	if (i->arp_timeout != 0)
		strbuf_printf(out, " arp timeout %u\n", i->arp_timeout);
	if (i->shutdown)
		strbuf_puts(out, " shutdown\n");
}

void
render_route_line(const void *obj, struct strbuf *out)
{
	const struct cfg_route *r = obj;
	char a[INET_ADDR_BUF], m[INET_ADDR_BUF], nh[INET_ADDR_BUF];

	char prio[4];
	int k = sizeof(prio) - 1;

	/* the hot loop of rendering a million routes: no printf */
	strbuf_puts(out, "ip route ");
	strbuf_puts(out, inet_format_addr(r->prefix, a));
	strbuf_putc(out, ' ');
	strbuf_puts(out, inet_format_addr(inet_mask(r->plen), m));
	strbuf_putc(out, ' ');
	switch (r->nh_kind) {
	case NH_ADDRESS:
		strbuf_puts(out, inet_format_addr(r->nh_addr, nh));
		break;
	case NH_INTERFACE:
	case NH_TUNNEL:
		strbuf_puts(out, r->nh_kind == NH_TUNNEL ? "tunnel " : "interface ");
		strbuf_puts(out, r->nh_name);
		break;
	case NH_NULL0:
		strbuf_puts(out, "null0");
		break;
	}
	if (r->priority != CFG_DEFAULT_PRIORITY) {
		prio[k] = '\0';
		for (unsigned v = r->priority; k == (int)sizeof(prio) - 1 || v > 0; v /= 10)
			prio[--k] = (char)('0' + v % 10);
		strbuf_puts(out, " priority ");
		strbuf_puts(out, prio + k);
	}
	if (r->track[0] != '\0') {
		strbuf_puts(out, " track ");
		strbuf_puts(out, r->track);
	}
	strbuf_putc(out, '\n');
}

void
config_render_route(const struct cfg_route *r, struct strbuf *out)
{
	render_route_line(r, out);
	out->buf[--out->len] = '\0';		/* without the newline */
}

/* Appends group text followed by "!" when it is not empty. */
static void
group_end(struct strbuf *out, size_t start)
{
	if (out->len > start)
		strbuf_puts(out, "!\n");
}

static void
render_hostname_group(const struct config *c, struct strbuf *out)
{
	size_t start = out->len;

	render_hostname(c, out);
	group_end(out, start);
}

/* logging buffered and enable secret share a group */
static void
render_globals(const struct config *c, struct strbuf *out)
{
	size_t start = out->len;

	render_logging(c, out);
	render_enable(c, out);
	group_end(out, start);
}

static void
render_users(const struct config *c, struct strbuf *out)
{
	const struct cfg_user *u;
	size_t start = out->len;

	for (u = config_user_first(c); u; u = config_user_next(c, u))
		render_user(u, out);
	group_end(out, start);
}

static void
render_interfaces(const struct config *c, struct strbuf *out)
{
	const struct cfg_interface *i;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i)) {
		render_interface(i, out);
		strbuf_puts(out, "!\n");
	}
}

/* Tunnels as interfaces are, then the SPD entries in one block. */
static void
render_crypto(const struct config *c, struct strbuf *out)
{
	const struct cfg_tunnel *t;
	const struct cfg_spd_entry *e;

	for (t = config_tunnel_first(c); t; t = config_tunnel_next(c, t)) {
		render_tunnel(t, out);
		strbuf_puts(out, "!\n");
	}
	if ((e = config_spd_first(c)) == NULL)
		return;
	strbuf_puts(out, "crypto spd\n");
	for (; e; e = config_spd_next(c, e))
		render_spd_line(e, out);
	strbuf_puts(out, "!\n");
}

static void
render_routes(const struct config *c, struct strbuf *out)
{
	const struct cfg_route *r;
	size_t start = out->len;

	for (r = config_route_first(c); r; r = config_route_next(c, r))
		render_route_line(r, out);
	group_end(out, start);
}

void
config_render_capture(const struct cfg_capture *cap, struct strbuf *out)
{
	static const char *const dir[] = { "", " direction in", " direction out" };

	strbuf_printf(out, "monitor capture %s interface %s%s", cap->name,
	    cap->ifname, dir[cap->direction % 3]);
	if (cap->filter[0] != '\0')
		strbuf_printf(out, " filter \"%s\"", cap->filter);
	if (cap->limit != 0)
		strbuf_printf(out, " limit packets %u", cap->limit);
	strbuf_printf(out, " file %s", cap->file);
}

void
render_capture_line(const void *obj, struct strbuf *out)
{
	config_render_capture(obj, out);
	strbuf_putc(out, '\n');
}

static void
render_captures(const struct config *c, struct strbuf *out)
{
	const struct cfg_capture *cap;
	size_t start = out->len;

	for (cap = config_capture_first(c); cap; cap = config_capture_next(c, cap))
		render_capture_line(cap, out);
	group_end(out, start);
}

void
config_render(const struct config *c, enum cfg_section sect, struct strbuf *out)
{
	switch (sect) {
	case CFG_SECT_ALL:
		strbuf_puts(out, "!\n");
		render_hostname_group(c, out);
		render_globals(c, out);
		render_users(c, out);
		render_crypto(c, out);
		render_sslvpn_section(c, out);
		render_interfaces(c, out);
		render_routes(c, out);
		render_captures(c, out);
		strbuf_puts(out, "end\n");
		break;
	case CFG_SECT_HOSTNAME:
		render_hostname_group(c, out);
		break;
	case CFG_SECT_GLOBALS:
		render_globals(c, out);
		break;
	case CFG_SECT_USERS:
		render_users(c, out);
		break;
	case CFG_SECT_INTERFACE:
		render_interfaces(c, out);
		break;
	case CFG_SECT_IP_ROUTE:
		render_routes(c, out);
		break;
	case CFG_SECT_CAPTURE:
		render_captures(c, out);
		break;
	case CFG_SECT_CRYPTO:
		render_crypto(c, out);
		break;
	case CFG_SECT_SSLVPN:
		render_sslvpn_section(c, out);
		break;
	}
}
