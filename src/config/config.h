/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config - the configuration model: one router's whole configuration as
 * parsed objects, and the operations the configuration lifecycle needs
 * (clone, compare, render, diff, three-way merge, validate).
 *
 * Contract
 * - A struct config owns every object in it. config_clone() is a deep copy;
 *   configs never share objects.
 * - Objects of each kind are kept in a fixed order (the order of
 *   `show running-config`): interfaces by name (natural order: lan2 < lan10),
 *   users by name, routes by prefix address, prefix length, then next hop,
 *   capture points by name; tunnels by name (natural order) and SPD
 *   entries by sequence number (config_ipsec.h).
 * - Text is canonical: config_render() prints only what differs from the
 *   defaults, in a fixed order and layout, and the CLI grammar (cli/) parses
 *   that text back to an equal config (tested property).
 * - The setters validate their single statement (syntax-level facts such as a
 *   host part set in a prefix are checked by the caller, cli/, before it
 *   calls them); references between objects (a route naming an interface)
 *   are checked only by config_validate(), at commit.
 * - Secrets are stored only as type-9 hashes ($9$...) or, those that must
 *   be recovered (ESP keys), as type-6 text (config_ipsec.h); never in
 *   clear.
 *
 * IPv4 addresses are host byte order uint32_t throughout.
 */
#ifndef VGW_CONFIG_H
#define VGW_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/log.h"
#include "lib/strbuf.h"

#define CFG_NAME_MAX		32	/* interface, user, tunnel, track names */
#define CFG_HOSTNAME_MAX	64
#define CFG_DESCR_MAX		240
#define CFG_SECRET_MAX		128	/* a $9$ hash is 61 characters */
#define CFG_TAP_MAX		15	/* Linux IFNAMSIZ - 1 */

#define CFG_DEFAULT_HOSTNAME	"vgw"
#define CFG_DEFAULT_LOGBUF	LOG_DEFAULT_BUFFER	/* logging buffered, bytes */
#define CFG_DEFAULT_MTU		1500
#define CFG_DEFAULT_PRIORITY	1	/* ip route ... priority */

struct config;

struct cfg_interface {
	char		 name[CFG_NAME_MAX];
	char		 description[CFG_DESCR_MAX + 1];	/* "" = none */
	bool		 has_addr;
	uint32_t	 addr;
	uint8_t		 plen;
	uint16_t	 mtu;		/* CFG_DEFAULT_MTU unless set */
	bool		 has_mac;
	uint8_t		 mac[6];
	bool		 shutdown;
	char		 tap[CFG_TAP_MAX + 1];	/* host-side TAP device; "" = derived */
	uint32_t	 arp_timeout;	/* seconds; 0 = default */
};

enum cfg_nexthop {
	NH_ADDRESS,		/* nh_addr */
	NH_INTERFACE,		/* nh_name: an interface */
	NH_TUNNEL,		/* nh_name: an IPsec tunnel */
	NH_NULL0,		/* discard */
};

struct cfg_route {
	uint32_t	 prefix;	/* host part is zero */
	uint8_t		 plen;
	enum cfg_nexthop nh_kind;
	uint32_t	 nh_addr;
	char		 nh_name[CFG_NAME_MAX];
	/* identity is (prefix, plen, nh_kind, nh_addr|nh_name); these are attributes: */
	uint8_t		 priority;	/* lower wins; CFG_DEFAULT_PRIORITY */
	char		 track[CFG_NAME_MAX];	/* "" = none */
};

#define CFG_FILTER_MAX		255	/* a BPF filter expression */
#define CFG_PATH_MAX		255

enum cfg_direction { CAP_BOTH, CAP_IN, CAP_OUT };

/* monitor capture NAME interface IF [direction] [filter] [limit] file PATH */
struct cfg_capture {
	char		 name[CFG_NAME_MAX];
	char		 ifname[CFG_NAME_MAX];
	uint8_t		 direction;	/* enum cfg_direction */
	char		 filter[CFG_FILTER_MAX + 1];	/* "" = every packet */
	uint32_t	 limit;		/* packets; 0 = no limit */
	char		 file[CFG_PATH_MAX + 1];	/* absolute */
};

struct cfg_user {
	char		 name[CFG_NAME_MAX];
	uint8_t		 privilege;	/* 1..15 */
	bool		 commit_on_exit;	/* leaving configuration mode commits */
	char		 secret[CFG_SECRET_MAX];	/* type-9 hash */
};

/* The whole running-config text, or one group of it (the statements of
 * `show running-config SECTION` are chosen from their group). */
enum cfg_section {
	CFG_SECT_ALL,
	CFG_SECT_HOSTNAME,
	CFG_SECT_GLOBALS,	/* logging buffered, enable secret */
	CFG_SECT_USERS,		/* username lines */
	CFG_SECT_CRYPTO,	/* crypto ipsec tunnel and crypto spd blocks */
	CFG_SECT_INTERFACE,	/* every interface block */
	CFG_SECT_IP_ROUTE,
	CFG_SECT_CAPTURE,	/* monitor capture lines */
	CFG_SECT_SSLVPN,	/* the ssl-vpn block and the ssl-vpn user blocks */
};

/* Life cycle. */
struct config	*config_new(void);		/* all defaults, no objects */
struct config	*config_clone(const struct config *);
void		 config_free(struct config *);
bool		 config_equal(const struct config *, const struct config *);

/* Global statements. */
const char	*config_hostname(const struct config *);
void		 config_set_hostname(struct config *, const char *);	/* NULL = default */
uint32_t	 config_logging_buffered(const struct config *);
void		 config_set_logging_buffered(struct config *, uint32_t);	/* 0 = default */
const char	*config_enable_secret(const struct config *);	/* NULL = none */
void		 config_set_enable_secret(struct config *, const char *hash); /* NULL removes */

/* Users. */
const struct cfg_user *config_user_find(const struct config *, const char *name);
void		 config_user_set(struct config *, const struct cfg_user *);	/* add or replace */
bool		 config_user_remove(struct config *, const char *name);

/* Interfaces. config_interface_get() creates the interface with defaults if
 * absent (entering `interface NAME`); the pointer stays valid until the
 * interface is removed or the config freed. */
struct cfg_interface *config_interface_find(struct config *, const char *name);
struct cfg_interface *config_interface_get(struct config *, const char *name);
bool		 config_interface_remove(struct config *, const char *name);

/* The TAP device name of an interface: its `tap NAME`, or derived from the
 * interface name ('/' and ':' become '-', cut to CFG_TAP_MAX). */
void		 config_interface_tap(const struct cfg_interface *, char buf[CFG_TAP_MAX + 1]);

/* Static routes. config_route_set() adds the route or, when one with the same
 * identity exists, replaces its attributes. */
void		 config_route_set(struct config *, const struct cfg_route *);
bool		 config_route_remove(struct config *, const struct cfg_route *);	/* by identity */
const struct cfg_route *config_route_find(const struct config *, const struct cfg_route *);
unsigned long	 config_route_count(const struct config *);

/* Capture points (monitor capture), by name. */
const struct cfg_capture *config_capture_find(const struct config *, const char *name);
void		 config_capture_set(struct config *, const struct cfg_capture *);
bool		 config_capture_remove(struct config *, const char *name);
const struct cfg_capture *config_capture_first(const struct config *);
const struct cfg_capture *config_capture_next(const struct config *, const struct cfg_capture *);
/* Its `monitor capture ...` line, without newline. */
void		 config_render_capture(const struct cfg_capture *, struct strbuf *out);

/* Iteration in running-config order: first/next return NULL at the end. */
const struct cfg_interface *config_interface_first(const struct config *);
const struct cfg_interface *config_interface_next(const struct config *, const struct cfg_interface *);
const struct cfg_user	*config_user_first(const struct config *);
const struct cfg_user	*config_user_next(const struct config *, const struct cfg_user *);
const struct cfg_route	*config_route_first(const struct config *);
const struct cfg_route	*config_route_next(const struct config *, const struct cfg_route *);

/* Rendering: running-config text ("!" separators, "end" last for ALL). */
void		 config_render(const struct config *, enum cfg_section, struct strbuf *out);
/* One route as its `ip route ...` line, without newline. */
void		 config_render_route(const struct cfg_route *, struct strbuf *out);

/*
 * Diff: the changes from `from` to `to` as "+"/"-" lines in running-config
 * layout (a changed interface shows its header line and the changed
 * sub-lines). Appends nothing when the configs are equal.
 */
void		 config_diff(const struct config *from, const struct config *to, struct strbuf *out);

/*
 * Three-way merge for concurrent commits. `base` is what the candidate
 * `mine` was opened from; `theirs` is the running config now. Every object
 * (hostname, logging, enable secret, each user, each interface, each route
 * identity) that mine changed against base is taken from mine; the rest from
 * theirs. An object changed by both to different values is a conflict:
 * returns NULL and appends one line per conflict naming the object
 * ("interface wan0", "ip route 10.0.0.0 255.0.0.0 192.0.2.2", "hostname").
 */
struct config	*config_merge(const struct config *base, const struct config *mine,
		    const struct config *theirs, struct strbuf *conflicts);

/*
 * Whole-config validation as at commit: references exist (a route's
 * interface or tunnel, an SPD entry's tunnel; tracks, which this release
 * does not configure yet, so naming one is an error), next hops are not the
 * router's own address, interface networks do not overlap, tunnels are
 * complete and coherent (config_ipsec_validate.c lists the checks), the
 * SSL-VPN server and users are (config_sslvpn.h lists the checks). The
 * checks that need the installation key are config_validate_keys'
 * (config_ipsec.h). Appends one line per error, each naming the offending
 * statement as rendered, e.g.
 *   "ip route 10.0.0.0 255.0.0.0 interface foo: interface foo does not exist"
 * Returns the number of errors.
 */
int		 config_validate(const struct config *, struct strbuf *errors);

#endif
