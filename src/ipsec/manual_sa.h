/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * manual_sa - the SAs of manually keyed tunnels (`keying manual`), put into
 * the engine's SA database by the commit (router.c), in its two steps:
 * manual_sa_prepare does everything that can fail before anything is
 * swapped (decrypting the type-6 keys, making the SAs); manual_sa_apply
 * then cannot fail (under the engine lock).
 *
 * Contract
 * - A tunnel carries manual SAs while manual_sa_why_down says NULL: keying
 *   manual, not shut down, a peer, an esp proposal, both `sa` lines. The
 *   RIB's tunnel-up predicate (manual_sa_tunnel_up) is the same test, so a
 *   route through a tunnel is installed exactly when its SAs are.
 * - A tunnel whose SAs would be made the same (SPIs, keys as their type-6
 *   text, first esp proposal, ESN, replay window, and the outer addresses
 *   and encapsulation the configuration resolves to) keeps its SAs
 *   untouched: sequence numbers, replay windows and counters go on. Any
 *   other tunnel that had SAs loses them all (removed, shut down, switched
 *   to ike, incomplete, or changed), and a changed one gets a new pair,
 *   which starts at sequence 1.
 * - Manual SAs have no lifetime by time or volume (nothing would rekey
 *   them); only the sequence number's end removes one (sadb.h).
 * - Clear keys live only in manual_sa.c's stack buffers, cleansed at the
 *   one exit of the function that decrypts them.
 * - Control thread only.
 */
#ifndef VGW_MANUAL_SA_H
#define VGW_MANUAL_SA_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "config/config_ipsec.h"
#include "crypto/secret.h"
#include "ipsec/sadb.h"
#include "lib/strbuf.h"
#include "route/rib.h"

/* Why the tunnel carries no manual SAs ("shutdown", "keying ike not
 * available yet", "incomplete: no peer", ...), or NULL when it does. */
const char	*manual_sa_why_down(const struct cfg_tunnel *);
/* rib_tunnel_up_fn; arg is the configuration the RIB is built from. */
bool		 manual_sa_tunnel_up(void *config, const char *tunnel);

struct manual_change;

/*
 * The SA changes from prev (with the RIB it was built with; prev NULL:
 * no SA installed yet) to next: the pairs made, the tunnels to clear.
 * NULL with one line per problem in err (a key that does not decrypt, an
 * SA the engine refuses), each naming the tunnel; the commit then fails.
 */
struct manual_change *manual_sa_prepare(const struct config *prev,
		    const struct rib *prev_rib, const struct config *next,
		    const struct rib *next_rib, const struct secret_key *,
		    uint64_t now_ms, struct strbuf *err);
/* Engine lock held; cannot fail: removes the SAs that go, installs the
 * pairs made (the sadb owns them from here). */
void		 manual_sa_apply(struct manual_change *, struct ipsec_sadb *,
		    uint64_t now_ms);
/* After the lock is released: one log line per tunnel whose SAs were
 * installed or removed, then frees the change (and any SA not installed:
 * an abandoned commit). NULL is fine. */
void		 manual_sa_finish(struct manual_change *);

#endif
