/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * punt - the control-plane TAP: the path from the engine to the kernel of
 * vgwd's own network namespace, where ordinary sockets (sshd, later the
 * SSL-VPN listener) serve the router's interface addresses.
 *
 * The kernel side, PUNT_DEVICE, is up, without ARP, and holds every
 * interface address as a /32. Policy routing sends whatever the kernel
 * sends from those addresses back into the engine: a rule "from ADDRESS
 * lookup PUNT_TABLE" per address, and a default route through the device
 * in that table; the engine then routes the reply by its own FIB. The
 * kernel's own tables are otherwise untouched.
 *
 * Contract: needs CAP_NET_ADMIN and the ip(8) command of iproute2. One
 * vgwd per network namespace can have the punt path; another finds the
 * device in use and runs without it (everything the engine does not serve
 * itself is then dropped, counted).
 */
#ifndef VGW_PUNT_H
#define VGW_PUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "lib/strbuf.h"

#define PUNT_DEVICE	"vgw-cp"
#define PUNT_TABLE	17970		/* routing table and rule priority */

/* Bounds of the punt path. */
#define PUNT_MAX_ADDRS	256	/* addresses punted; later interfaces' are not */

struct punt;

/* NULL with the reason in err. */
struct punt	*punt_open(struct strbuf *err);
/* Removes the rules and the device. */
void		 punt_close(struct punt *);
int		 punt_fd(const struct punt *);
void		 punt_mac(const struct punt *, uint8_t mac[6]);
/* Whether its TAP took UDP segmentation offload (tap.h): as every TAP of
 * this kernel will. */
bool		 punt_uso(const struct punt *);
/* Gives the kernel side exactly the interface addresses of c. */
void		 punt_sync(struct punt *, const struct config *c);

#endif
