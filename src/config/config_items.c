/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_items - one ops table per kind of configuration object, and the
 * parallel walk over two configurations that equality, diff and merge are
 * written on; see config_impl.h.
 */
#include "config_impl.h"

#include <stdint.h>
#include <string.h>

static bool
differs(const struct item_ops *ops, const void *a, const void *b, void *arg)
{
	(void)arg;
	return a != NULL && b != NULL && ops->equal(a, b);
}

bool
config_equal(const struct config *a, const struct config *b)
{
	return config_walk2(a, b, differs, NULL);
}

/*
 * Item kinds: the ops that config_walk2's users (equal, diff, merge) need.
 */

static const void *
find_self(const struct config *c, const void *obj)
{
	(void)obj;
	return c;
}

static void
del_noop(struct config *c, const void *obj)
{
	(void)c;
	(void)obj;
}

static bool
hostname_equal(const void *a, const void *b)
{
	return strcmp(((const struct config *)a)->hostname,
	    ((const struct config *)b)->hostname) == 0;
}

static void
hostname_put(struct config *c, const void *src)
{
	config_set_hostname(c, ((const struct config *)src)->hostname);
}

static bool
logging_equal(const void *a, const void *b)
{
	return ((const struct config *)a)->logging_buffered ==
	    ((const struct config *)b)->logging_buffered;
}

static void
logging_put(struct config *c, const void *src)
{
	c->logging_buffered = ((const struct config *)src)->logging_buffered;
}

static bool
enable_equal(const void *a, const void *b)
{
	return strcmp(((const struct config *)a)->enable_secret,
	    ((const struct config *)b)->enable_secret) == 0;
}

static void
enable_put(struct config *c, const void *src)
{
	config_set_enable_secret(c, config_enable_secret(src));
}

static void
name_fixed(struct strbuf *out, const char *s)
{
	strbuf_puts(out, s);
}

static void
hostname_name(const void *o, struct strbuf *out)
{
	(void)o;
	name_fixed(out, "hostname");
}

static void
logging_name(const void *o, struct strbuf *out)
{
	(void)o;
	name_fixed(out, "logging buffered");
}

static void
enable_name(const void *o, struct strbuf *out)
{
	(void)o;
	name_fixed(out, "enable secret");
}

static const void *
user_find_op(const struct config *c, const void *obj)
{
	return config_user_find(c, ((const struct cfg_user *)obj)->name);
}

static bool
user_equal(const void *a, const void *b)
{
	const struct cfg_user *x = a, *y = b;

	return strcmp(x->name, y->name) == 0 && x->privilege == y->privilege &&
	    x->commit_on_exit == y->commit_on_exit &&
	    strcmp(x->secret, y->secret) == 0;
}

static void
user_put(struct config *c, const void *obj)
{
	config_user_set(c, obj);
}

static void
user_del(struct config *c, const void *obj)
{
	config_user_remove(c, ((const struct cfg_user *)obj)->name);
}

static void
user_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "username %s", ((const struct cfg_user *)obj)->name);
}

static const void *
iface_find_op(const struct config *c, const void *obj)
{
	return config_interface_find((struct config *)(uintptr_t)c,
	    ((const struct cfg_interface *)obj)->name);
}

static bool
iface_equal(const void *a, const void *b)
{
	const struct cfg_interface *x = a, *y = b;

	return strcmp(x->name, y->name) == 0 &&
	    strcmp(x->description, y->description) == 0 &&
	    x->has_addr == y->has_addr &&
	    (!x->has_addr || (x->addr == y->addr && x->plen == y->plen)) &&
	    x->mtu == y->mtu && x->has_mac == y->has_mac &&
	    (!x->has_mac || memcmp(x->mac, y->mac, 6) == 0) &&
	    x->shutdown == y->shutdown && strcmp(x->tap, y->tap) == 0 &&
	    x->arp_timeout == y->arp_timeout;
}

static void
iface_put(struct config *c, const void *obj)
{
	const struct cfg_interface *src = obj;

	*config_interface_get(c, src->name) = *src;
}

static void
iface_del(struct config *c, const void *obj)
{
	config_interface_remove(c, ((const struct cfg_interface *)obj)->name);
}

static void
iface_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "interface %s", ((const struct cfg_interface *)obj)->name);
}

static const void *
route_find_op(const struct config *c, const void *obj)
{
	return config_route_find(c, obj);
}

static bool
route_equal(const void *a, const void *b)
{
	const struct cfg_route *x = a, *y = b;

	return route_identity_cmp(x, y) == 0 && x->priority == y->priority &&
	    strcmp(x->track, y->track) == 0;
}

static void
route_put(struct config *c, const void *obj)
{
	config_route_set(c, obj);
}

static void
route_del(struct config *c, const void *obj)
{
	config_route_remove(c, obj);
}

static void
route_name(const void *obj, struct strbuf *out)
{
	/* identity only: priority and track are attributes */
	struct cfg_route r = *(const struct cfg_route *)obj;

	r.priority = CFG_DEFAULT_PRIORITY;
	r.track[0] = '\0';
	config_render_route(&r, out);
}

static const void *
capture_find_op(const struct config *c, const void *obj)
{
	return config_capture_find(c, ((const struct cfg_capture *)obj)->name);
}

static bool
capture_equal(const void *a, const void *b)
{
	const struct cfg_capture *x = a, *y = b;

	return strcmp(x->name, y->name) == 0 && strcmp(x->ifname, y->ifname) == 0 &&
	    x->direction == y->direction && strcmp(x->filter, y->filter) == 0 &&
	    x->limit == y->limit && strcmp(x->file, y->file) == 0;
}

static void
capture_put(struct config *c, const void *obj)
{
	config_capture_set(c, obj);
}

static void
capture_del(struct config *c, const void *obj)
{
	config_capture_remove(c, ((const struct cfg_capture *)obj)->name);
}

static void
capture_name(const void *obj, struct strbuf *out)
{
	strbuf_printf(out, "monitor capture %s", ((const struct cfg_capture *)obj)->name);
}

static const struct item_ops hostname_ops = {
	"hostname", find_self, hostname_equal, hostname_put, del_noop,
	hostname_name, render_hostname, false, NULL,
};
static const struct item_ops logging_ops = {
	"logging", find_self, logging_equal, logging_put, del_noop,
	logging_name, render_logging, false, NULL,
};
static const struct item_ops enable_ops = {
	"enable", find_self, enable_equal, enable_put, del_noop,
	enable_name, render_enable, false, NULL,
};
static const struct item_ops user_ops = {
	"user", user_find_op, user_equal, user_put, user_del, user_name,
	render_user, false, NULL,
};
static const struct item_ops iface_ops = {
	"interface", iface_find_op, iface_equal, iface_put, iface_del,
	iface_name, render_interface, true, NULL,
};
static const struct item_ops route_ops = {
	"route", route_find_op, route_equal, route_put, route_del, route_name,
	render_route_line, false, NULL,
};

static const struct item_ops capture_ops = {
	"capture", capture_find_op, capture_equal, capture_put, capture_del,
	capture_name, render_capture_line, false, NULL,
};

/* Parallel in-order walk of two trees of one kind, written once. */
#define TREE_WALK2(a, b, tree, name, type, cmp, ops, fn, arg) do {	\
	struct type *x_ = RB_MIN(name, (struct name *)&(a)->tree);	\
	struct type *y_ = RB_MIN(name, (struct name *)&(b)->tree);	\
	while (x_ != NULL || y_ != NULL) {				\
		int c_ = x_ == NULL ? 1 : y_ == NULL ? -1 : cmp(x_, y_); \
		if (!fn(ops, c_ <= 0 ? &x_->v : NULL,			\
		    c_ >= 0 ? &y_->v : NULL, arg))			\
			return false;					\
		if (c_ <= 0)						\
			x_ = RB_NEXT(name, &(a)->tree, x_);		\
		if (c_ >= 0)						\
			y_ = RB_NEXT(name, &(b)->tree, y_);		\
	}								\
} while (0)

bool
config_walk2(const struct config *a, const struct config *b, item_walk_fn fn,
    void *arg)
{
	if (!fn(&hostname_ops, a, b, arg) || !fn(&logging_ops, a, b, arg) ||
	    !fn(&enable_ops, a, b, arg))
		return false;
	TREE_WALK2(a, b, users, user_tree, user_node, user_cmp, &user_ops, fn, arg);
	TREE_WALK2(a, b, tunnels, tunnel_tree, tunnel_node, tunnel_cmp,
	    &tunnel_ops, fn, arg);
	TREE_WALK2(a, b, spd, spd_tree, spd_node, spd_cmp, &spd_ops, fn, arg);
	if ((a->sslvpn != NULL || b->sslvpn != NULL) &&
	    !fn(&sslvpn_ops, a->sslvpn, b->sslvpn, arg))
		return false;
	TREE_WALK2(a, b, sslvpn_users, sslvpn_user_tree, sslvpn_user_node,
	    sslvpn_user_cmp, &sslvpn_user_ops, fn, arg);
	TREE_WALK2(a, b, ifaces, iface_tree, iface_node, iface_cmp, &iface_ops, fn, arg);
	TREE_WALK2(a, b, routes, route_tree, route_node, route_cmp, &route_ops, fn, arg);
	TREE_WALK2(a, b, captures, capture_tree, capture_node, capture_cmp,
	    &capture_ops, fn, arg);
	return true;
}
