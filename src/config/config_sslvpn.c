/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_sslvpn - the SSL-VPN server block and its users in a
 * configuration, and their item kinds for equality, diff and merge; see
 * config_sslvpn.h and config_impl.h. The server block is one object (a
 * pointer, NULL when absent); users are kept by name in natural order.
 */
#include "config_impl.h"

int
sslvpn_user_cmp(const struct sslvpn_user_node *a, const struct sslvpn_user_node *b)
{
	return name_cmp(a->v.name, b->v.name);
}

RB_GENERATE(sslvpn_user_tree, sslvpn_user_node, entry, sslvpn_user_cmp)

static void
sslvpn_user_counted(struct config *c, int delta)
{
	c->nsslvpn_users += (unsigned long)(long)delta;
}

NAMED_KIND_COUNTED(sslvpn_user, sslvpn_user_tree, sslvpn_users, cfg_sslvpn_user,
    sslvpn_user_counted)

/* The server block. */

void
config_sslvpn_defaults(struct cfg_sslvpn *s)
{
	memset(s, 0, sizeof(*s));
	s->port = CFG_SSLVPN_DEFAULT_PORT;
	s->max_sessions = CFG_SSLVPN_DEFAULT_MAX_SESSIONS;
	s->idle_timeout = CFG_SSLVPN_DEFAULT_IDLE;
}

const struct cfg_sslvpn *
config_sslvpn(const struct config *c)
{
	return c->sslvpn;
}

struct cfg_sslvpn *
config_sslvpn_get(struct config *c)
{
	if (c->sslvpn == NULL) {
		c->sslvpn = xcalloc(1, sizeof(*c->sslvpn), "the configuration");
		config_sslvpn_defaults(c->sslvpn);
	}
	return c->sslvpn;
}

bool
config_sslvpn_remove(struct config *c)
{
	if (c->sslvpn == NULL)
		return false;
	free(c->sslvpn);
	c->sslvpn = NULL;
	return true;
}

static int
route_order(const struct cfg_sslvpn_route *r, uint32_t prefix, uint8_t plen)
{
	if (r->prefix != prefix)
		return r->prefix < prefix ? -1 : 1;
	return r->plen < plen ? -1 : r->plen > plen;
}

/* The index of the first route not before (prefix, plen). */
static unsigned
route_slot(const struct cfg_sslvpn *s, uint32_t prefix, uint8_t plen)
{
	unsigned i;

	for (i = 0; i < s->nroutes && route_order(&s->route[i], prefix, plen) < 0; i++)
		;
	return i;
}

bool
config_sslvpn_route_add(struct cfg_sslvpn *s, uint32_t prefix, uint8_t plen)
{
	unsigned i = route_slot(s, prefix, plen);

	if (i < s->nroutes && route_order(&s->route[i], prefix, plen) == 0)
		return true;
	if (s->nroutes >= CFG_SSLVPN_ROUTES_MAX)
		return false;
	memmove(&s->route[i + 1], &s->route[i],
	    (s->nroutes - i) * sizeof(s->route[0]));
	s->route[i].prefix = prefix;
	s->route[i].plen = plen;
	s->nroutes++;
	return true;
}

bool
config_sslvpn_route_remove(struct cfg_sslvpn *s, uint32_t prefix, uint8_t plen)
{
	unsigned i = route_slot(s, prefix, plen);

	if (i >= s->nroutes || route_order(&s->route[i], prefix, plen) != 0)
		return false;
	s->nroutes--;
	memmove(&s->route[i], &s->route[i + 1],
	    (s->nroutes - i) * sizeof(s->route[0]));
	return true;
}

/* Users. */

void
config_sslvpn_user_defaults(struct cfg_sslvpn_user *u, const char *name)
{
	memset(u, 0, sizeof(*u));
	cfg_copy_field(u->name, sizeof(u->name), name);
}

struct cfg_sslvpn_user *
config_sslvpn_user_get(struct config *c, const char *name)
{
	struct sslvpn_user_node *n = sslvpn_user_lookup(c, name);
	struct cfg_sslvpn_user u;

	if (n == NULL) {
		config_sslvpn_user_defaults(&u, name);
		config_sslvpn_user_set(c, &u);
		n = sslvpn_user_lookup(c, name);
	}
	return &n->v;
}

unsigned long
config_sslvpn_user_count(const struct config *c)
{
	return c->nsslvpn_users;
}

/*
 * Equality, field by field: a fixed text field may hold bytes after its
 * NUL from an earlier, longer value. Fields the running-config does not
 * show (the port without a listen address, the lockout period without
 * attempts) do not count.
 */

bool
config_sslvpn_equal(const struct cfg_sslvpn *x, const struct cfg_sslvpn *y)
{
	unsigned i;

	if (x->nroutes != y->nroutes)
		return false;
	for (i = 0; i < x->nroutes; i++)
		if (route_order(&x->route[i], y->route[i].prefix, y->route[i].plen) != 0)
			return false;
	return x->has_listen == y->has_listen &&
	    (!x->has_listen || (x->listen == y->listen && x->port == y->port)) &&
	    x->self_signed == y->self_signed &&
	    strcmp(x->cert_file, y->cert_file) == 0 &&
	    strcmp(x->key_file, y->key_file) == 0 &&
	    x->has_pool == y->has_pool && (!x->has_pool ||
	    (x->pool == y->pool && x->pool_plen == y->pool_plen)) &&
	    x->has_dns == y->has_dns && (!x->has_dns || x->dns == y->dns) &&
	    x->max_sessions == y->max_sessions &&
	    x->idle_timeout == y->idle_timeout &&
	    x->lockout_attempts == y->lockout_attempts &&
	    (x->lockout_attempts == 0 || x->lockout_period == y->lockout_period) &&
	    x->shutdown == y->shutdown;
}

bool
config_sslvpn_user_equal(const struct cfg_sslvpn_user *x,
    const struct cfg_sslvpn_user *y)
{
	return strcmp(x->name, y->name) == 0 &&
	    strcmp(x->password, y->password) == 0 &&
	    x->has_static == y->has_static &&
	    (!x->has_static || x->static_addr == y->static_addr) &&
	    x->shutdown == y->shutdown;
}

/* Item kinds: the server block is one object, each user one object. */

static const void *
sslvpn_find_op(const struct config *c, const void *obj)
{
	(void)obj;
	return c->sslvpn;
}

static bool
sslvpn_equal_op(const void *a, const void *b)
{
	return config_sslvpn_equal(a, b);
}

static void
sslvpn_put(struct config *c, const void *obj)
{
	*config_sslvpn_get(c) = *(const struct cfg_sslvpn *)obj;
}

static void
sslvpn_del(struct config *c, const void *obj)
{
	(void)obj;
	config_sslvpn_remove(c);
}

static void
sslvpn_name(const void *obj, struct strbuf *out)
{
	(void)obj;
	strbuf_puts(out, "ssl-vpn");
}

static const void *
sslvpn_user_find_op(const struct config *c, const void *obj)
{
	return config_sslvpn_user_find(c, ((const struct cfg_sslvpn_user *)obj)->name);
}

static bool
sslvpn_user_equal_op(const void *a, const void *b)
{
	return config_sslvpn_user_equal(a, b);
}

static void
sslvpn_user_put(struct config *c, const void *obj)
{
	config_sslvpn_user_set(c, obj);
}

static void
sslvpn_user_del(struct config *c, const void *obj)
{
	config_sslvpn_user_remove(c, ((const struct cfg_sslvpn_user *)obj)->name);
}

static void
sslvpn_user_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "ssl-vpn user %s",
	    ((const struct cfg_sslvpn_user *)obj)->name);
}

const struct item_ops sslvpn_ops = {
	"ssl-vpn", sslvpn_find_op, sslvpn_equal_op, sslvpn_put, sslvpn_del,
	sslvpn_name, render_sslvpn, true, NULL,
};
const struct item_ops sslvpn_user_ops = {
	"ssl-vpn user", sslvpn_user_find_op, sslvpn_user_equal_op,
	sslvpn_user_put, sslvpn_user_del, sslvpn_user_name, render_sslvpn_user,
	true, NULL,
};
