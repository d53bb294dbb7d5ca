/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_validate - the whole-configuration checks made at commit; see
 * config.h. Each error line names the statement as rendered.
 */
#include "config_impl.h"

#include <stdint.h>
#include <string.h>

#include "lib/inet.h"

static void
route_error(struct strbuf *errors, const struct cfg_route *r, const char *fmt,
    const char *arg)
{
	config_render_route(r, errors);
	strbuf_puts(errors, ": ");
	strbuf_printf(errors, fmt, arg);
	strbuf_putc(errors, '\n');
}

bool
net_overlap(uint32_t a, uint8_t alen, uint32_t b, uint8_t blen)
{
	return ((a ^ b) & inet_mask(alen < blen ? alen : blen)) == 0;
}

const struct cfg_interface *
own_address(const struct config *c, uint32_t addr)
{
	const struct cfg_interface *i;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (i->has_addr && i->addr == addr)
			return i;
	return NULL;
}

static int
check_route(const struct config *c, const struct cfg_route *r,
    struct strbuf *errors)
{
	const struct cfg_tunnel *t;
	char a[INET_ADDR_BUF];
	int n = 0;

	switch (r->nh_kind) {
	case NH_INTERFACE:
		if (config_interface_find((struct config *)(uintptr_t)c,
		    r->nh_name) == NULL) {
			route_error(errors, r, "interface %s does not exist", r->nh_name);
			n++;
		}
		break;
	case NH_TUNNEL:
		if ((t = config_tunnel_find(c, r->nh_name)) == NULL) {
			route_error(errors, r, "tunnel %s does not exist", r->nh_name);
			n++;
		} else if (t->routing != TUN_ROUTING_ROUTE) {
			route_error(errors, r, "tunnel %s is not a next hop: "
			    "give it `routing route`", r->nh_name);
			n++;
		}
		break;
	case NH_ADDRESS:
		if (own_address(c, r->nh_addr) != NULL) {
			route_error(errors, r, "next hop %s is this router's "
			    "own address", inet_format_addr(r->nh_addr, a));
			n++;
		}
		break;
	case NH_NULL0:
		break;
	}
	if (r->track[0] != '\0') {
		/* tracks are not configurable in this release */
		route_error(errors, r, "track %s does not exist", r->track);
		n++;
	}
	return n;
}

static bool
overlaps(const struct cfg_interface *x, const struct cfg_interface *y)
{
	return net_overlap(x->addr, x->plen, y->addr, y->plen);
}

/* Two interfaces cannot share one TAP device, named or derived. */
static int
check_tap(const struct config *c, const struct cfg_interface *i,
    struct strbuf *errors)
{
	const struct cfg_interface *j;
	char mine[CFG_TAP_MAX + 1], theirs[CFG_TAP_MAX + 1];

	config_interface_tap(i, mine);
	for (j = config_interface_first(c); j != i; j = config_interface_next(c, j)) {
		config_interface_tap(j, theirs);
		if (strcmp(mine, theirs) == 0) {
			strbuf_printf(errors, "interface %s: TAP device %s is "
			    "already interface %s's: name another with `tap "
			    "NAME`\n", i->name, mine, j->name);
			return 1;
		}
	}
	return 0;
}

static int
check_interfaces(const struct config *c, struct strbuf *errors)
{
	const struct cfg_interface *i, *j;
	char a[INET_ADDR_BUF], b[INET_ADDR_BUF];
	int n = 0;

	for (i = config_interface_first(c); i; i = config_interface_next(c, i)) {
		n += check_tap(c, i, errors);
		if (!i->has_addr)
			continue;
		for (j = config_interface_first(c); j != i;
		    j = config_interface_next(c, j)) {
			if (!j->has_addr || !overlaps(i, j))
				continue;
			strbuf_printf(errors, "interface %s: network %s/%u "
			    "overlaps interface %s (%s/%u)\n", i->name,
			    inet_format_addr(i->addr & inet_mask(i->plen), a),
			    i->plen, j->name,
			    inet_format_addr(j->addr & inet_mask(j->plen), b),
			    j->plen);
			n++;
		}
	}
	return n;
}

/* A capture point's interface must exist. */
static int
check_captures(const struct config *c, struct strbuf *errors)
{
	const struct cfg_capture *cap;
	int n = 0;

	for (cap = config_capture_first(c); cap; cap = config_capture_next(c, cap))
		if (config_interface_find((struct config *)(uintptr_t)c,
		    cap->ifname) == NULL) {
			strbuf_printf(errors, "monitor capture %s: interface %s "
			    "does not exist\n", cap->name, cap->ifname);
			n++;
		}
	return n;
}

int
config_validate(const struct config *c, struct strbuf *errors)
{
	const struct cfg_route *r;
	int n;

	n = check_interfaces(c, errors);
	n += check_captures(c, errors);
	n += validate_ipsec(c, errors);
	n += config_sslvpn_validate(c, errors);
	for (r = config_route_first(c); r; r = config_route_next(c, r))
		n += check_route(c, r, errors);
	return n;
}
