/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config - the configuration objects, kept in red-black trees in
 * running-config order; see config.h and config_impl.h. The per-kind
 * operations that equality, diff and merge share are in config_items.c.
 */
#include "config_impl.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/inet.h"
#include "lib/xalloc.h"

/* lan2 < lan10: digit runs compare by value. */
int
natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;
			int c;

			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)) != 0)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	return 0;
}

int
name_cmp(const char *a, const char *b)
{
	int c = natural_cmp(a, b);

	/* natural order may tie ("lan01" vs "lan1"): fall back to bytes */
	return c ? c : strcmp(a, b);
}

int
iface_cmp(const struct iface_node *a, const struct iface_node *b)
{
	return name_cmp(a->v.name, b->v.name);
}

int
user_cmp(const struct user_node *a, const struct user_node *b)
{
	return strcmp(a->v.name, b->v.name);
}

int
route_identity_cmp(const struct cfg_route *a, const struct cfg_route *b)
{
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	if (a->nh_kind != b->nh_kind)
		return a->nh_kind < b->nh_kind ? -1 : 1;
	if (a->nh_kind == NH_ADDRESS && a->nh_addr != b->nh_addr)
		return a->nh_addr < b->nh_addr ? -1 : 1;
	if (a->nh_kind == NH_INTERFACE || a->nh_kind == NH_TUNNEL)
		return name_cmp(a->nh_name, b->nh_name);
	return 0;
}

int
route_cmp(const struct route_node *a, const struct route_node *b)
{
	return route_identity_cmp(&a->v, &b->v);
}

RB_GENERATE(iface_tree, iface_node, entry, iface_cmp)
RB_GENERATE(user_tree, user_node, entry, user_cmp)
RB_GENERATE(route_tree, route_node, entry, route_cmp)

int
capture_cmp(const struct capture_node *a, const struct capture_node *b)
{
	return strcmp(a->v.name, b->v.name);
}

RB_GENERATE(capture_tree, capture_node, entry, capture_cmp)

void
cfg_copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

struct config *
config_new(void)
{
	struct config *c = xcalloc(1, sizeof(*c), "the configuration");

	cfg_copy_field(c->hostname, sizeof(c->hostname), CFG_DEFAULT_HOSTNAME);
	c->logging_buffered = CFG_DEFAULT_LOGBUF;
	RB_INIT(&c->ifaces);
	RB_INIT(&c->users);
	RB_INIT(&c->captures);
	RB_INIT(&c->routes);
	RB_INIT(&c->tunnels);
	RB_INIT(&c->spd);
	RB_INIT(&c->sslvpn_users);
	return c;
}

/*
 * Free and clone by the trees' shape, written once for every kind: a walk
 * with no comparisons and no rebalancing (a million routes clone in a
 * fraction of the time that inserting them one by one takes).
 */
#define TREE_SHAPE_OPS(type)						\
static void								\
free_##type(struct type *n)						\
{									\
	if (n == NULL)							\
		return;							\
	free_##type(RB_LEFT(n, entry));					\
	free_##type(RB_RIGHT(n, entry));				\
	free(n);							\
}									\
static struct type *							\
clone_##type(const struct type *n, struct type *parent)		\
{									\
	struct type *c;							\
									\
	if (n == NULL)							\
		return NULL;						\
	c = xcalloc(1, sizeof(*c), "the configuration");		\
	c->v = n->v;							\
	RB_COLOR(c, entry) = RB_COLOR(n, entry);			\
	RB_PARENT(c, entry) = parent;					\
	RB_LEFT(c, entry) = clone_##type(RB_LEFT(n, entry), c);		\
	RB_RIGHT(c, entry) = clone_##type(RB_RIGHT(n, entry), c);	\
	return c;							\
}
TREE_SHAPE_OPS(iface_node)
TREE_SHAPE_OPS(user_node)
TREE_SHAPE_OPS(route_node)
TREE_SHAPE_OPS(capture_node)
TREE_SHAPE_OPS(tunnel_node)
TREE_SHAPE_OPS(spd_node)
TREE_SHAPE_OPS(sslvpn_user_node)

#define TREE_FREE(c, tree, type)	free_##type(RB_ROOT(&(c)->tree))
#define TREE_CLONE(dst, src, tree, type) \
	(RB_ROOT(&(dst)->tree) = clone_##type(RB_ROOT(&(src)->tree), NULL))

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	TREE_FREE(c, ifaces, iface_node);
	TREE_FREE(c, users, user_node);
	TREE_FREE(c, routes, route_node);
	TREE_FREE(c, captures, capture_node);
	TREE_FREE(c, tunnels, tunnel_node);
	TREE_FREE(c, spd, spd_node);
	TREE_FREE(c, sslvpn_users, sslvpn_user_node);
	free(c->sslvpn);
	explicit_bzero(c->enable_secret, sizeof(c->enable_secret));
	free(c);
}

struct config *
config_clone(const struct config *src)
{
	struct config *c = config_new();

	memcpy(c->hostname, src->hostname, sizeof(c->hostname));
	c->logging_buffered = src->logging_buffered;
	memcpy(c->enable_secret, src->enable_secret, sizeof(c->enable_secret));
	TREE_CLONE(c, src, ifaces, iface_node);
	TREE_CLONE(c, src, users, user_node);
	TREE_CLONE(c, src, routes, route_node);
	TREE_CLONE(c, src, captures, capture_node);
	TREE_CLONE(c, src, tunnels, tunnel_node);
	TREE_CLONE(c, src, spd, spd_node);
	TREE_CLONE(c, src, sslvpn_users, sslvpn_user_node);
	if (src->sslvpn != NULL)
		*config_sslvpn_get(c) = *src->sslvpn;
	c->nroutes = src->nroutes;
	c->nspd = src->nspd;
	c->nsslvpn_users = src->nsslvpn_users;
	return c;
}

/* Global statements. */

const char *
config_hostname(const struct config *c)
{
	return c->hostname;
}

void
config_set_hostname(struct config *c, const char *name)
{
	cfg_copy_field(c->hostname, sizeof(c->hostname),
	    name ? name : CFG_DEFAULT_HOSTNAME);
}

uint32_t
config_logging_buffered(const struct config *c)
{
	return c->logging_buffered;
}

void
config_set_logging_buffered(struct config *c, uint32_t bytes)
{
	c->logging_buffered = bytes ? bytes : CFG_DEFAULT_LOGBUF;
}

const char *
config_enable_secret(const struct config *c)
{
	return c->enable_secret[0] ? c->enable_secret : NULL;
}

void
config_set_enable_secret(struct config *c, const char *hash)
{
	cfg_copy_field(c->enable_secret, sizeof(c->enable_secret), hash ? hash : "");
}

NAMED_KIND(user, user_tree, users, cfg_user)
NAMED_KIND(capture, capture_tree, captures, cfg_capture)

/* Interfaces. */

static struct iface_node *
iface_lookup(const struct config *c, const char *name)
{
	struct iface_node key;

	cfg_copy_field(key.v.name, sizeof(key.v.name), name);
	return RB_FIND(iface_tree, (struct iface_tree *)&c->ifaces, &key);
}

struct cfg_interface *
config_interface_find(struct config *c, const char *name)
{
	struct iface_node *n = iface_lookup(c, name);

	return n ? &n->v : NULL;
}

struct cfg_interface *
config_interface_get(struct config *c, const char *name)
{
	struct iface_node *n = iface_lookup(c, name);

	if (n == NULL) {
		n = xcalloc(1, sizeof(*n), "the configuration");
		cfg_copy_field(n->v.name, sizeof(n->v.name), name);
		n->v.mtu = CFG_DEFAULT_MTU;
		RB_INSERT(iface_tree, &c->ifaces, n);
	}
	return &n->v;
}

bool
config_interface_remove(struct config *c, const char *name)
{
	struct iface_node *n = iface_lookup(c, name);

	if (n == NULL)
		return false;
	RB_REMOVE(iface_tree, &c->ifaces, n);
	free(n);
	return true;
}

const struct cfg_interface *
config_interface_first(const struct config *c)
{
	struct iface_node *n = RB_MIN(iface_tree, (struct iface_tree *)&c->ifaces);

	return n ? &n->v : NULL;
}

const struct cfg_interface *
config_interface_next(const struct config *c, const struct cfg_interface *i)
{
	struct iface_node *n = container_of(i, struct iface_node, v);

	(void)c;
	n = RB_NEXT(iface_tree, &c->ifaces, n);
	return n ? &n->v : NULL;
}

/* Routes. */

static struct route_node *
route_lookup(const struct config *c, const struct cfg_route *r)
{
	struct route_node key;

	key.v = *r;
	return RB_FIND(route_tree, (struct route_tree *)&c->routes, &key);
}

void
config_route_set(struct config *c, const struct cfg_route *r)
{
	struct route_node *n = route_lookup(c, r);

	if (n == NULL) {
		n = xcalloc(1, sizeof(*n), "the configuration");
		n->v = *r;
		RB_INSERT(route_tree, &c->routes, n);
		c->nroutes++;
	} else
		n->v = *r;
}

bool
config_route_remove(struct config *c, const struct cfg_route *r)
{
	struct route_node *n = route_lookup(c, r);

	if (n == NULL)
		return false;
	RB_REMOVE(route_tree, &c->routes, n);
	free(n);
	c->nroutes--;
	return true;
}

const struct cfg_route *
config_route_find(const struct config *c, const struct cfg_route *r)
{
	struct route_node *n = route_lookup(c, r);

	return n ? &n->v : NULL;
}

unsigned long
config_route_count(const struct config *c)
{
	return c->nroutes;
}

const struct cfg_route *
config_route_first(const struct config *c)
{
	struct route_node *n = RB_MIN(route_tree, (struct route_tree *)&c->routes);

	return n ? &n->v : NULL;
}

const struct cfg_route *
config_route_next(const struct config *c, const struct cfg_route *r)
{
	struct route_node *n = container_of(r, struct route_node, v);

	(void)c;
	n = RB_NEXT(route_tree, &c->routes, n);
	return n ? &n->v : NULL;
}

void
config_interface_tap(const struct cfg_interface *i, char buf[CFG_TAP_MAX + 1])
{
	size_t k;

	if (i->tap[0] != '\0') {
		snprintf(buf, CFG_TAP_MAX + 1, "%s", i->tap);
		return;
	}
	for (k = 0; k < CFG_TAP_MAX && i->name[k] != '\0'; k++)
		buf[k] = i->name[k] == '/' || i->name[k] == ':' ? '-' : i->name[k];
	buf[k] = '\0';
}
