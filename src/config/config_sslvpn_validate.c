/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_sslvpn_validate - the commit-time checks of the SSL-VPN server
 * and its users, as config_sslvpn.h lists them. Each error names the
 * block (`ssl-vpn: ...`, `ssl-vpn user NAME: ...`) and the statement as
 * rendered; never a password hash.
 */
#include "config_impl.h"

#include <stdarg.h>
#include <stdio.h>

#include "lib/inet.h"
#include "lib/xalloc.h"

static void
sslvpn_error(struct strbuf *errors, const struct cfg_sslvpn_user *u,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* u NULL: an error of the server block. */
static void
sslvpn_error(struct strbuf *errors, const struct cfg_sslvpn_user *u,
    const char *fmt, ...)
{
	va_list ap;

	if (u != NULL)
		strbuf_printf(errors, "ssl-vpn user %s: ", u->name);
	else
		strbuf_puts(errors, "ssl-vpn: ");
	va_start(ap, fmt);
	strbuf_vprintf(errors, fmt, ap);
	va_end(ap);
	strbuf_putc(errors, '\n');
}

/* A prefix as the running-config writes it: "A.B.C.D M.M.M.M". */
struct net_text {
	char	 s[2 * INET_ADDR_BUF];
};

static const char *
net_text(struct net_text *t, uint32_t prefix, uint8_t plen)
{
	char a[INET_ADDR_BUF], m[INET_ADDR_BUF];

	snprintf(t->s, sizeof(t->s), "%s %s", inet_format_addr(prefix, a),
	    inet_format_addr(inet_mask(plen), m));
	return t->s;
}

static int
check_listen(const struct config *c, const struct cfg_sslvpn *s,
    struct strbuf *errors)
{
	char a[INET_ADDR_BUF];

	if (!s->has_listen) {
		sslvpn_error(errors, NULL, "listen is required");
		return 1;
	}
	if (own_address(c, s->listen) == NULL) {
		sslvpn_error(errors, NULL, "listen %s is no interface's address",
		    inet_format_addr(s->listen, a));
		return 1;
	}
	return 0;
}

static int
check_certificate(const struct cfg_sslvpn *s, struct strbuf *errors)
{
	if (s->self_signed)
		return 0;
	if (s->cert_file[0] == '\0') {
		sslvpn_error(errors, NULL, "certificate is required "
		    "(certificate self-signed, or certificate FILE key FILE)");
		return 1;
	}
	if (s->key_file[0] == '\0') {
		sslvpn_error(errors, NULL, "certificate %s: the key file is "
		    "missing (certificate FILE key FILE)", s->cert_file);
		return 1;
	}
	if (s->cert_file[0] != '/' || s->key_file[0] != '/') {
		sslvpn_error(errors, NULL, "certificate %s key %s: both paths "
		    "must be absolute", s->cert_file, s->key_file);
		return 1;
	}
	return 0;
}

/* Where the pool's addresses would be ambiguous: an interface's network,
 * a split route inside it (one containing the pool is fine: the users'
 * own traffic to the pool stays in the tunnel either way). */
static int
check_pool(const struct config *c, const struct cfg_sslvpn *s,
    struct strbuf *errors)
{
	const struct cfg_interface *i;
	struct net_text p, q;
	unsigned k;
	int n = 0;

	if (!s->has_pool) {
		sslvpn_error(errors, NULL, "address-pool is required");
		return 1;
	}
	net_text(&p, s->pool, s->pool_plen);
	if (s->pool_plen < CFG_SSLVPN_POOL_PLEN_MIN ||
	    s->pool_plen > CFG_SSLVPN_POOL_PLEN_MAX) {
		sslvpn_error(errors, NULL, "address-pool %s: prefix length must "
		    "be %d to %d", p.s, CFG_SSLVPN_POOL_PLEN_MIN,
		    CFG_SSLVPN_POOL_PLEN_MAX);
		n++;
	}
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		if (i->has_addr && net_overlap(s->pool, s->pool_plen, i->addr, i->plen)) {
			sslvpn_error(errors, NULL, "address-pool %s overlaps "
			    "interface %s (%s)", p.s, i->name,
			    net_text(&q, i->addr & inet_mask(i->plen), i->plen));
			n++;
		}
	for (k = 0; k < s->nroutes; k++)
		if (s->route[k].plen > s->pool_plen &&
		    net_overlap(s->pool, s->pool_plen, s->route[k].prefix,
		    s->route[k].plen)) {
			sslvpn_error(errors, NULL, "split-route %s lies inside "
			    "address-pool %s", net_text(&q, s->route[k].prefix,
			    s->route[k].plen), p.s);
			n++;
		}
	return n;
}

/* A static address must be one the pool can hand out. */
static int
check_static_in_pool(const struct cfg_sslvpn *s, const struct cfg_sslvpn_user *u,
    struct strbuf *errors)
{
	uint32_t host = inet_host_bits(u->static_addr, s->pool_plen);
	char a[INET_ADDR_BUF];
	struct net_text p;
	const char *why;

	if (!net_overlap(u->static_addr, 32, s->pool, s->pool_plen))
		why = "lies outside";
	else if (host == 0)
		why = "is the network address of";
	else if (host == ~inet_mask(s->pool_plen))
		why = "is the broadcast address of";
	else
		return 0;
	sslvpn_error(errors, u, "static-address %s %s address-pool %s",
	    inet_format_addr(u->static_addr, a), why,
	    net_text(&p, s->pool, s->pool_plen));
	return 1;
}

static int
static_order(const void *x, const void *y)
{
	const struct cfg_sslvpn_user *a = *(const struct cfg_sslvpn_user *const *)x;
	const struct cfg_sslvpn_user *b = *(const struct cfg_sslvpn_user *const *)y;

	if (a->static_addr != b->static_addr)
		return a->static_addr < b->static_addr ? -1 : 1;
	return name_cmp(a->name, b->name);
}

/* Each static address belongs to one user: sorted by address, a user
 * sharing the one before it is in error (n log n for many users). */
static int
check_static_unique(const struct config *c, struct strbuf *errors)
{
	const struct cfg_sslvpn_user *u, **v;
	unsigned long k, nv = 0;
	char a[INET_ADDR_BUF];
	int n = 0;

	v = xcalloc(config_sslvpn_user_count(c) + 1, sizeof(*v), "the validation");
	for (u = config_sslvpn_user_first(c); u; u = config_sslvpn_user_next(c, u))
		if (u->has_static)
			v[nv++] = u;
	qsort(v, nv, sizeof(*v), static_order);
	for (k = 1; k < nv; k++)
		if (v[k]->static_addr == v[k - 1]->static_addr) {
			sslvpn_error(errors, v[k], "static-address %s is already "
			    "ssl-vpn user %s's",
			    inet_format_addr(v[k]->static_addr, a), v[k - 1]->name);
			n++;
		}
	free(v);
	return n;
}

int
config_sslvpn_validate(const struct config *c, struct strbuf *errors)
{
	const struct cfg_sslvpn *s = config_sslvpn(c);
	const struct cfg_sslvpn_user *u;
	int n = 0;

	if (s != NULL) {
		n += check_listen(c, s, errors);
		n += check_certificate(s, errors);
		n += check_pool(c, s, errors);
	}
	if (config_sslvpn_user_count(c) > CFG_SSLVPN_USERS_MAX) {
		strbuf_printf(errors, "ssl-vpn user: %lu users (at most %d)\n",
		    config_sslvpn_user_count(c), CFG_SSLVPN_USERS_MAX);
		n++;
	}
	/* users without a pool are kept, unused: nothing to check them against */
	if (s != NULL && s->has_pool)
		for (u = config_sslvpn_user_first(c); u; u = config_sslvpn_user_next(c, u))
			if (u->has_static)
				n += check_static_in_pool(s, u, errors);
	return n + check_static_unique(c, errors);
}
