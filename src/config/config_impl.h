/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_impl - the inside of struct config, shared by config*.c only.
 *
 * Every object kind is an "item kind" with one ops table, so equality,
 * diff and merge are written once for all kinds: they walk two configs in
 * running-config order and compare objects of the same identity.
 */
#ifndef VGW_CONFIG_IMPL_H
#define VGW_CONFIG_IMPL_H

#include <bsd/sys/tree.h>

#include "config.h"

struct iface_node {
	RB_ENTRY(iface_node)	 entry;
	struct cfg_interface	 v;
};
struct user_node {
	RB_ENTRY(user_node)	 entry;
	struct cfg_user		 v;
};
struct route_node {
	RB_ENTRY(route_node)	 entry;
	struct cfg_route	 v;
};
struct capture_node {
	RB_ENTRY(capture_node)	 entry;
	struct cfg_capture	 v;
};
RB_HEAD(iface_tree, iface_node);
RB_HEAD(capture_tree, capture_node);
RB_HEAD(user_tree, user_node);
RB_HEAD(route_tree, route_node);

int	iface_cmp(const struct iface_node *, const struct iface_node *);
int	user_cmp(const struct user_node *, const struct user_node *);
int	route_cmp(const struct route_node *, const struct route_node *);
int	capture_cmp(const struct capture_node *, const struct capture_node *);
/* Orders routes by identity: prefix, length, next hop. */
int	route_identity_cmp(const struct cfg_route *, const struct cfg_route *);

/* libbsd's tree.h marks generated functions __unused, which its cdefs.h
 * leaves undefined on Linux (the name clashes with kernel headers). */
#define __unused __attribute__((__unused__))
RB_PROTOTYPE(iface_tree, iface_node, entry, iface_cmp)
RB_PROTOTYPE(user_tree, user_node, entry, user_cmp)
RB_PROTOTYPE(route_tree, route_node, entry, route_cmp)
RB_PROTOTYPE(capture_tree, capture_node, entry, capture_cmp)
#undef __unused

struct config {
	char			 hostname[CFG_HOSTNAME_MAX];
	uint32_t		 logging_buffered;
	char			 enable_secret[CFG_SECRET_MAX];	/* "" = none */
	struct iface_tree	 ifaces;
	struct user_tree	 users;
	struct route_tree	 routes;
	unsigned long		 nroutes;
	struct capture_tree	 captures;
};

/* An object of one kind; singletons (hostname, ...) are the config itself. */
struct item_ops {
	const char	*kind;
	/* same identity in c, or NULL */
	const void	*(*find)(const struct config *c, const void *obj);
	bool		 (*equal)(const void *a, const void *b);
	/* copy obj into c (insert or replace); remove the identity of obj */
	void		 (*put)(struct config *c, const void *obj);
	void		 (*del)(struct config *c, const void *obj);
	/* "interface wan0", "hostname", "ip route 10.0.0.0 255.0.0.0 ..." */
	void		 (*name)(const void *obj, struct strbuf *out);
	/* the object's running-config lines, each ending in '\n' ("" if default) */
	void		 (*render)(const void *obj, struct strbuf *out);
};

/*
 * Calls fn for every object identity present in a or b, in running-config
 * order, with the object from each side (NULL where absent). Stops and
 * returns false as soon as fn returns false.
 */
typedef bool (*item_walk_fn)(const struct item_ops *, const void *a,
    const void *b, void *arg);
bool	config_walk2(const struct config *a, const struct config *b,
	    item_walk_fn fn, void *arg);

/* Rendering of single objects (config_render.c). */
void	render_hostname(const void *cfg, struct strbuf *);
void	render_logging(const void *cfg, struct strbuf *);
void	render_enable(const void *cfg, struct strbuf *);
void	render_user(const void *user, struct strbuf *);
void	render_interface(const void *iface, struct strbuf *);
void	render_route_line(const void *route, struct strbuf *);
void	render_capture_line(const void *capture, struct strbuf *);

int	natural_cmp(const char *, const char *);

#endif
