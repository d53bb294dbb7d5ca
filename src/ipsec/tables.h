/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tables - the IPsec part of the engine's snapshot: the tunnels by index
 * and the SPD, built from a committed configuration (and its RIB) once per
 * commit, read-only after. The SAs are not here: they live in the engine's
 * sadb across commits, and find their tunnel by name (sadb_bind).
 *
 * - A tunnel's local address is its local-address, else the address of
 *   the interface the route to its peer leaves by (0: none).
 * - UDP encapsulation (RFC 3948, port 4500 both ways) when nat-traversal
 *   is force; auto means raw ESP until IKE detects a NAT, so with manual
 *   keying it is raw ESP.
 * - The SPD's entries in order: the crypto spd entries by sequence number,
 *   then for each tunnel with routing policy that is not shut down, one
 *   protect entry per local-network x remote-network pair in the order
 *   typed (outbound: source in the local network, destination in the
 *   remote one). A policy tunnel lacking either list adds none.
 * - A tunnel's selectors, which every packet decrypted from its SAs must
 *   match: its local x remote pairs seen from the far side (a missing
 *   list means any address), and the crypto spd protect entries naming it,
 *   reversed. NULL when that is every packet.
 * Bounds: the engine binds SAs to the first IPSEC_MAX_TUNNELS tunnels (by
 * name); the ones after it would carry nothing (counted as "no outbound
 * SA"), but the configuration's validation refuses more (CFG_TUNNEL_MAX,
 * the same number: src/config cannot include this header).
 */
#ifndef VGW_IPSEC_TABLES_H
#define VGW_IPSEC_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "config/config_ipsec.h"
#include "route/rib.h"
#include "lib/strbuf.h"
#include "sadb.h"
#include "spd.h"

#define IPSEC_MAX_TUNNELS	CFG_TUNNEL_MAX
#define IPSEC_NO_TUNNEL		UINT32_MAX

struct ipsec_tunnel {
	char		 name[CFG_NAME_MAX];
	bool		 shutdown;
	uint32_t	 peer;		/* 0: no peer configured */
	uint32_t	 local;		/* 0: none known */
	bool		 udp_encap;
	struct spd	*selectors;	/* NULL: every packet */
};

enum ipsec_action { IPSEC_PROTECT, IPSEC_BYPASS, IPSEC_DISCARD };

/* What an SPD entry (by its index in the SPD) does. */
struct ipsec_policy {
	uint8_t		 action;	/* enum ipsec_action */
	uint32_t	 tunnel;	/* protect: its index, or IPSEC_NO_TUNNEL */
	uint32_t	 seq;		/* the crypto spd entry; 0: made from a tunnel */
};

struct ipsec_tables {
	uint32_t	 ntunnels;
	struct ipsec_tunnel *tunnel;	/* by name, ascending */
	struct spd	*spd;		/* NULL: no entries */
	uint32_t	 npolicy;
	struct ipsec_policy *policy;
	struct spd_rule	*rule;		/* policy[i]'s rule: for show, and to
					 * tell unchanged entries across commits */
};

/* NULL only when memory is exhausted. */
struct ipsec_tables *ipsec_tables_build(const struct config *, const struct rib *);
void		 ipsec_tables_free(struct ipsec_tables *);
/* A tunnel as the engine's tables hold it, its selectors left NULL: what
 * the commit compares to tell whether a manual SA's outer addresses
 * changed, without building the tables. */
void		 ipsec_tunnel_resolve(const struct config *, const struct rib *,
		    const struct cfg_tunnel *, struct ipsec_tunnel *);
/* The index of the tunnel called name, or -1. */
int		 ipsec_tunnel_index(const struct ipsec_tables *, const char *name);
/* SPD entry ix as a configuration entry: a crypto spd entry as typed,
 * or (seq 0) one generated from its tunnel's routing policy. */
void		 ipsec_policy_entry(const struct ipsec_tables *, uint32_t ix,
		    struct cfg_spd_entry *);
/*
 * For each SPD entry i of t, the index in old (NULL: none) of the same
 * entry, or SPD_NO_MATCH: so its hit count survives a commit. The same
 * entry is a crypto spd entry of the same sequence number, rule, action
 * and tunnel; or one generated from the same tunnel at the same place in
 * its tunnel's list, with the same rule. O(entries log tunnels); false
 * if memory ran out.
 */
bool		 ipsec_policy_carry(const struct ipsec_tables *old,
		    const struct ipsec_tables *t, uint32_t *from);

/*
 * The SA parameters of a manually keyed tunnel's SA in direction dir
 * (its spi; the algorithm: the tunnel's first esp proposal; ESN, replay
 * window, addresses, UDP ports), with the keys given in clear (the caller
 * decrypted them, and cleanses its copies and p's once the SA is made).
 * No lifetime but the sequence number's: nothing would rekey a manual SA,
 * so an esp lifetime would only cut the tunnel off. False with the reason
 * in err when the tunnel cannot have such an SA.
 */
bool		 ipsec_manual_params(const struct ipsec_tunnel *, const struct cfg_tunnel *,
		    enum ipsec_dir dir, const uint8_t *enc, size_t enc_len,
		    const uint8_t *integ, size_t int_len, struct ipsec_sa_params *p,
		    struct strbuf *err);

#endif
