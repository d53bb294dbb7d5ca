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

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/sys/tree.h>

#include "config.h"
#include "config_ipsec.h"
#include "config_sslvpn.h"
#include "lib/xalloc.h"

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
struct tunnel_node {
	RB_ENTRY(tunnel_node)	 entry;
	struct cfg_tunnel	 v;
};
struct spd_node {
	RB_ENTRY(spd_node)	 entry;
	struct cfg_spd_entry	 v;
};
struct sslvpn_user_node {
	RB_ENTRY(sslvpn_user_node) entry;
	struct cfg_sslvpn_user	 v;
};
RB_HEAD(iface_tree, iface_node);
RB_HEAD(capture_tree, capture_node);
RB_HEAD(user_tree, user_node);
RB_HEAD(route_tree, route_node);
RB_HEAD(tunnel_tree, tunnel_node);
RB_HEAD(spd_tree, spd_node);
RB_HEAD(sslvpn_user_tree, sslvpn_user_node);

int	iface_cmp(const struct iface_node *, const struct iface_node *);
int	user_cmp(const struct user_node *, const struct user_node *);
int	route_cmp(const struct route_node *, const struct route_node *);
int	capture_cmp(const struct capture_node *, const struct capture_node *);
int	tunnel_cmp(const struct tunnel_node *, const struct tunnel_node *);
int	spd_cmp(const struct spd_node *, const struct spd_node *);
int	sslvpn_user_cmp(const struct sslvpn_user_node *, const struct sslvpn_user_node *);
/* Orders routes by identity: prefix, length, next hop. */
int	route_identity_cmp(const struct cfg_route *, const struct cfg_route *);

/* libbsd's tree.h marks generated functions __unused, which its cdefs.h
 * leaves undefined on Linux (the name clashes with kernel headers). */
#define __unused __attribute__((__unused__))
RB_PROTOTYPE(iface_tree, iface_node, entry, iface_cmp)
RB_PROTOTYPE(user_tree, user_node, entry, user_cmp)
RB_PROTOTYPE(route_tree, route_node, entry, route_cmp)
RB_PROTOTYPE(capture_tree, capture_node, entry, capture_cmp)
RB_PROTOTYPE(tunnel_tree, tunnel_node, entry, tunnel_cmp)
RB_PROTOTYPE(spd_tree, spd_node, entry, spd_cmp)
RB_PROTOTYPE(sslvpn_user_tree, sslvpn_user_node, entry, sslvpn_user_cmp)
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
	struct tunnel_tree	 tunnels;
	struct spd_tree		 spd;
	unsigned long		 nspd;
	struct cfg_sslvpn	*sslvpn;	/* NULL = no `ssl-vpn` block */
	struct sslvpn_user_tree	 sslvpn_users;
	unsigned long		 nsslvpn_users;
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
	/* a block whose first line is its header (interface, tunnel): a
	 * change shows the header as context and only the changed lines */
	bool		 block;
	/* a line inside a block that objects of the kind share ("crypto
	 * spd"): a change shows that header once as context; else NULL */
	const char	*parent;
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

/* The item kinds of config_ipsec.c and config_sslvpn.c. */
extern const struct item_ops tunnel_ops, spd_ops;
extern const struct item_ops sslvpn_ops, sslvpn_user_ops;

/* Rendering of single objects (config_render.c, config_ipsec_render.c). */
void	render_hostname(const void *cfg, struct strbuf *);
void	render_logging(const void *cfg, struct strbuf *);
void	render_enable(const void *cfg, struct strbuf *);
void	render_user(const void *user, struct strbuf *);
void	render_interface(const void *iface, struct strbuf *);
void	render_route_line(const void *route, struct strbuf *);
void	render_capture_line(const void *capture, struct strbuf *);
void	render_tunnel(const void *tunnel, struct strbuf *);
void	render_spd_line(const void *entry, struct strbuf *);
void	render_sslvpn(const void *server, struct strbuf *);
void	render_sslvpn_user(const void *user, struct strbuf *);
/* The server block and the user blocks, each followed by "!". */
void	render_sslvpn_section(const struct config *, struct strbuf *);

/* The IPsec checks of config_validate (config_ipsec_validate.c). */
int	validate_ipsec(const struct config *, struct strbuf *errors);
/* Whether two networks share an address (config_validate.c). */
bool	net_overlap(uint32_t a, uint8_t alen, uint32_t b, uint8_t blen);
/* The interface whose address addr is, or NULL. */
const struct cfg_interface *own_address(const struct config *, uint32_t addr);

int	natural_cmp(const char *, const char *);
/* Natural order, then bytes where it ties (lan01, lan1): names in order. */
int	name_cmp(const char *, const char *);

/* Copies a string into a fixed field, cutting at the field's size. */
void	 cfg_copy_field(char *dst, size_t size, const char *src);

#define container_of(p, type, member) \
	((type *)(void *)((char *)(uintptr_t)(p) - offsetof(type, member)))

/*
 * The objects kept by name (users, capture points, tunnels): lookup, find,
 * set (add or replace), remove, first and next, written once. A removed
 * object is wiped before it is freed (a user holds a secret hash, a
 * tunnel its keys). NAMED_KIND_COUNTED calls count(c, +1 or -1) when an
 * object is added or removed, for kinds whose number is bounded.
 */
static inline void named_uncounted(struct config *c, int delta) { (void)c; (void)delta; }
#define NAMED_KIND(kind, tree, field, cfgtype)				\
	NAMED_KIND_COUNTED(kind, tree, field, cfgtype, named_uncounted)
#define NAMED_KIND_COUNTED(kind, tree, field, cfgtype, count)		\
static struct kind##_node *						\
kind##_lookup(const struct config *c, const char *name)			\
{									\
	struct kind##_node key;						\
									\
	cfg_copy_field(key.v.name, sizeof(key.v.name), name);		\
	return RB_FIND(tree, (struct tree *)&c->field, &key);		\
}									\
const struct cfgtype *							\
config_##kind##_find(const struct config *c, const char *name)		\
{									\
	struct kind##_node *n = kind##_lookup(c, name);			\
									\
	return n ? &n->v : NULL;					\
}									\
void									\
config_##kind##_set(struct config *c, const struct cfgtype *v)		\
{									\
	struct kind##_node *n = kind##_lookup(c, v->name);		\
									\
	if (n == NULL) {						\
		n = xcalloc(1, sizeof(*n), "the configuration");	\
		n->v = *v;						\
		RB_INSERT(tree, &c->field, n);				\
		count(c, 1);						\
	} else								\
		n->v = *v;						\
}									\
bool									\
config_##kind##_remove(struct config *c, const char *name)		\
{									\
	struct kind##_node *n = kind##_lookup(c, name);			\
									\
	if (n == NULL)							\
		return false;						\
	RB_REMOVE(tree, &c->field, n);					\
	count(c, -1);							\
	explicit_bzero(n, sizeof(*n));					\
	free(n);							\
	return true;							\
}									\
const struct cfgtype *							\
config_##kind##_first(const struct config *c)				\
{									\
	struct kind##_node *n = RB_MIN(tree, (struct tree *)&c->field);	\
									\
	return n ? &n->v : NULL;					\
}									\
const struct cfgtype *							\
config_##kind##_next(const struct config *c, const struct cfgtype *v)	\
{									\
	struct kind##_node *n = container_of(v, struct kind##_node, v);	\
									\
	(void)c;							\
	n = RB_NEXT(tree, (struct tree *)&c->field, n);			\
	return n ? &n->v : NULL;					\
}

#endif
