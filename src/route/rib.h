/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rib - route selection: every candidate route of a configuration
 * (connected routes from interface addresses, static routes), which of
 * them are installed and why the others are not, and the FIB built from
 * the installed ones.
 *
 * Rules: a connected route is up unless its interface is shut down. A
 * static route is withdrawn when its interface is shut down, its next-hop
 * address is not on an up connected network, or its tunnel or track is
 * down. A tunnel is up while the caller says so (rib_build_tunnels: the
 * router knows whether it is shut down and has an outbound SA); a route
 * through a tunnel has no interface of its own (out_if ""): the engine
 * routes the encapsulated packet toward the tunnel's peer. Among the up candidates for one prefix, the lowest priority value
 * wins (connected routes have priority 0); equal priorities are all
 * installed and share the traffic (ECMP). A losing route stays as a
 * candidate and takes over when the winner is withdrawn.
 *
 * The SSL-VPN address pool is a connected route as well while the
 * configuration has an ssl-vpn block with an address-pool: through the
 * engine's virtual port (vport, out_if RIB_VPORT_NAME), withdrawn while
 * the block is shut down. It is no network for a static route's next hop
 * (the port delivers to a user by destination, never to a gateway): such
 * a route is "next hop unreachable". Configuration validation keeps the
 * pool off the interfaces' networks.
 *
 * Contract: built from a committed configuration and never changed; the
 * next one is built at the next commit. Its names point into that
 * configuration, which must outlive it (the router replaces both at once).
 */
#ifndef VGW_RIB_H
#define VGW_RIB_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "fib.h"

/* The engine's virtual port for SSL-VPN users, as routes name it. */
#define RIB_VPORT_NAME	"ssl-vpn"

enum rib_origin { RIB_CONNECTED, RIB_STATIC };

struct rib_route {
	uint32_t		 prefix;
	uint8_t			 plen;
	enum rib_origin		 origin;
	uint8_t			 priority;
	enum cfg_nexthop	 nh_kind;
	uint32_t		 nh_addr;
	const char		*nh_name;	/* interface or tunnel, or "" */
	const char		*out_if;	/* resolved interface, "" if none */
	const char		*track;		/* "" if none */
	bool			 vport;		/* the SSL-VPN pool, through the
						 * virtual port (out_if RIB_VPORT_NAME) */
	bool			 installed;
	const char		*why;	/* why not installed, NULL if installed */
};

struct rib;

/* Whether tunnel can carry traffic now. */
typedef bool (*rib_tunnel_up_fn)(void *arg, const char *tunnel);

/* NULL only when memory is exhausted. rib_build takes every tunnel as
 * down; rib_build_tunnels asks up (NULL: every tunnel down). */
struct rib	*rib_build(const struct config *);
struct rib	*rib_build_tunnels(const struct config *, rib_tunnel_up_fn up, void *arg);
void		 rib_free(struct rib *);
/* Candidates in prefix order (then installed first, then priority). */
size_t		 rib_count(const struct rib *);
const struct rib_route *rib_route(const struct rib *, size_t i);
/* The index of the first candidate of the longest installed prefix that
 * covers addr, or -1. */
long		 rib_lookup(const struct rib *, uint32_t addr);
/* The index of the first candidate for exactly this prefix, or -1. */
long		 rib_find(const struct rib *, uint32_t prefix, uint8_t plen);
size_t		 rib_fib_memory(const struct rib *);
/* The FIB of the installed routes; value: the index of a prefix's first
 * candidate (installed candidates of a prefix follow it). */
const struct fib *rib_fib(const struct rib *);

#endif
