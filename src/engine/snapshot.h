/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * snapshot - the forwarding state the engine reads: the ports with their
 * addresses and MTUs, the routes as next-hop groups behind the FIB, and
 * the IPsec tunnels and SPD (ipsec/tables.h).
 * Built by the control thread from a committed configuration and its RIB;
 * published to the engine by one pointer swap (engine_install).
 *
 * Contract: immutable once built. It borrows the RIB's FIB: the RIB must
 * outlive every engine that has the snapshot installed. Port numbers are
 * slots given by the caller (the dataplane keeps a port in the same slot
 * for as long as the interface and its TAP exist, so counters and ARP
 * entries survive unrelated commits).
 *
 * The virtual port of the SSL-VPN users has the fixed number
 * SNAP_PORT_VPORT, past the interfaces' slots. It is present while the
 * configuration has an ssl-vpn block with an address-pool, not shut down;
 * the RIB's pool route (rib.h) then leads to it. It has no link layer (no
 * MAC, no ARP), the MTU the server announces to its clients
 * (sslvpn_limits.h's SSLVPN_MTU) and no address of its own: the ICMP
 * errors it sends come from the block's listen address, or when there is
 * none from the first interface address that is up (snap_vport.src).
 */
#ifndef VGW_SNAPSHOT_H
#define VGW_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "ipsec/tables.h"
#include "route/fib.h"
#include "route/rib.h"

#define SNAP_MAX_PORTS		256	/* interfaces */
#define SNAP_PORT_VPORT		SNAP_MAX_PORTS	/* the SSL-VPN users' port */
#define SNAP_NPORTS		(SNAP_MAX_PORTS + 1)
#define SNAP_DEFAULT_ARP_TIMEOUT 14400	/* seconds, as IOS */

struct snap_port {
	bool		 present;	/* slot used */
	bool		 up;		/* not shut down */
	bool		 has_addr;
	uint32_t	 addr;
	uint8_t		 plen;
	uint16_t	 mtu;
	uint8_t		 mac[6];	/* zero unless configured: the caller sets the port's own */
	uint32_t	 arp_timeout;	/* seconds */
	char		 name[CFG_NAME_MAX];
};

enum snap_nh_kind {
	NH_ONLINK,	/* the destination itself is on the port's link */
	NH_GATEWAY,	/* via gw on the port's link */
	NH_DISCARD,	/* null0 */
	NH_IPSEC,	/* into IPsec tunnel `tunnel`; the outer packet is routed */
};

struct snap_nh {
	uint8_t		 kind;		/* enum snap_nh_kind */
	uint16_t	 port;
	uint32_t	 gw;
	uint32_t	 tunnel;	/* NH_IPSEC: index in ipsec->tunnel */
};

/* The next hops of one installed prefix: nh[first .. first + count). */
struct snap_group {
	uint32_t	 first;
	uint16_t	 count;		/* > 1: ECMP by flow hash */
	bool		 connected;	/* the prefix of a port's own network */
};

/* What the virtual port has beyond a port (its users' addresses, the
 * source of its ICMP errors); all zero while it is absent. */
struct snap_vport {
	uint32_t	 pool;		/* host part zero */
	uint8_t		 plen;
	uint32_t	 src;		/* 0: none, no error is sent to a user */
};

struct snapshot {
	uint64_t		 generation;
	struct snap_port	 port[SNAP_NPORTS];	/* slots, then the vport */
	struct snap_vport	 vport;
	const struct fib	*fib;		/* value: RIB index */
	uint32_t		*group_of;	/* RIB index -> group, or UINT32_MAX */
	struct snap_group	*group;
	struct snap_nh		*nh;
	struct ipsec_tables	*ipsec;		/* tunnels and the SPD */
};

/*
 * Builds the snapshot of config c, whose routes rib selected; slot_of
 * gives each interface's port slot (by name; -1 = no port). NULL only when
 * memory is exhausted.
 */
struct snapshot	*snapshot_build(const struct config *c, const struct rib *rib,
		    int (*slot_of)(void *arg, const char *ifname), void *arg,
		    uint64_t generation);
void		 snapshot_free(struct snapshot *);

/* The group serving addr, or NULL when no route covers it. */
const struct snap_group *snapshot_route(const struct snapshot *, uint32_t addr);
/* The port whose address is addr, or -1; the second form takes addr's
 * route, already looked up (NULL: none). */
int		 snapshot_local_port(const struct snapshot *, uint32_t addr);
int		 snapshot_route_local(const struct snapshot *, const struct snap_group *,
		    uint32_t addr);
/* Whether addr may be a user's on the virtual port: in the pool, and
 * neither its network nor its broadcast address (false while absent). */
bool		 snapshot_vport_user(const struct snapshot *, uint32_t addr);
/* The address port speaks from: its own, or for the virtual port the
 * source of its errors; 0 when it has none. */
uint32_t	 snapshot_port_source(const struct snapshot *, unsigned port);

#endif
