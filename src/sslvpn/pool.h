/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pool - the address pool of the SSL-VPN sessions (`address-pool
 * A.B.C.D/M`): which addresses are free, given to a session, or held for
 * a reconnect.
 *
 * Contract
 * - The network and broadcast addresses of the prefix are never given.
 * - pool_take gives the lowest free address; an address is never given
 *   twice while taken (reserved static addresses included).
 * - A bitmap of one bit per address: 2^(32 - M) bits (M from 8 to 30:
 *   at most 2 MiB).
 * - Addresses are host byte order.
 */
#ifndef VGW_SSLVPN_POOL_H
#define VGW_SSLVPN_POOL_H

#include <stdbool.h>
#include <stdint.h>

#define POOL_PLEN_MIN	8
#define POOL_PLEN_MAX	30

struct pool;

/* NULL when plen is outside POOL_PLEN_MIN..POOL_PLEN_MAX (prefix's host
 * part is ignored). */
struct pool	*pool_new(uint32_t prefix, uint8_t plen);
void		 pool_free(struct pool *);
/* Whether addr is one the pool may give (inside, not network/broadcast). */
bool		 pool_contains(const struct pool *, uint32_t addr);
/* The lowest free address, now taken; 0 when none is free. */
uint32_t	 pool_take(struct pool *);
/* Takes addr if it is in the pool and free (a static address, or a
 * reconnect's old one); false otherwise. */
bool		 pool_take_addr(struct pool *, uint32_t addr);
/* Gives addr back (nothing if it was not taken). */
void		 pool_release(struct pool *, uint32_t addr);
/* Addresses taken / that the pool can give in all. */
uint32_t	 pool_used(const struct pool *);
uint32_t	 pool_size(const struct pool *);

#endif
