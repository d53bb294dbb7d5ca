/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tunnel_state - per configured tunnel, whether it is up (an outbound SA
 * in service in the engine) and the wall-clock time it last went up or
 * down, for show crypto ipsec tunnel: an up tunnel's SA knows its own age,
 * but nothing else remembers when a tunnel lost its SAs.
 *
 * The router updates it whenever SAs may have been installed or removed:
 * after each commit and after the SAs' lifetime events. It holds exactly
 * the running configuration's tunnels (so at most CFG_TUNNEL_MAX): an
 * update drops the removed ones; a tunnel it has not seen before takes the
 * update's time. Control thread only.
 */
#ifndef VGW_TUNNEL_STATE_H
#define VGW_TUNNEL_STATE_H

#include <stdint.h>
#include <time.h>

#include "config/config.h"
#include "ipsec/sadb.h"

struct tunnel_state;

struct tunnel_state *tunnel_state_new(void);
void		 tunnel_state_free(struct tunnel_state *);
/* Engine lock held when sadb is not NULL (NULL: no engine, every tunnel is
 * down). O(tunnels log tunnels + SAs log tunnels). */
void		 tunnel_state_update(struct tunnel_state *, const struct config *running,
		    const struct ipsec_sadb *, uint64_t now_ms, time_t now);
/* When the tunnel last went up or down; 0 when it is not known. */
time_t		 tunnel_state_since(const struct tunnel_state *, const char *name);

#endif
