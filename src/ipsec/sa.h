/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sa - one security association as the packet path sees it: its
 * configuration (immutable once ipsec_sa_new made it), and its runtime
 * state (sequence number, replay window, counters, lifetime marks), which
 * only the engine lock's holder touches. For sa.c, sadb.c, esp.c and the
 * engine's IPsec path; the control plane uses sadb.h only.
 *
 * Sequence numbers never wrap: the last one an outbound SA sends is
 * SA_SEQ_MAX_32 without ESN, SA_SEQ_MAX_64 with (RFC 4303 §3.3.3); at
 * that point the SA is past its hard lifetime ("sequence"), and its soft
 * lifetime is crossed SA_SEQ_SOFT_MARGIN numbers before, so IKE has time
 * to rekey. Byte lifetimes count the protected (inner) packets' bytes.
 */
#ifndef VGW_SA_H
#define VGW_SA_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/esp_xform.h"
#include "replay.h"
#include "sadb.h"

#define SA_SEQ_MAX_32		UINT32_MAX
#define SA_SEQ_MAX_64		UINT64_MAX
#define SA_SEQ_SOFT_MARGIN	(UINT64_C(1) << 28)	/* numbers left at the soft mark */
#define SA_NO_TUNNEL		(-1)	/* tunnel_ix: not in the engine's tables */

struct ipsec_sa {
	/* configuration */
	char			 tunnel[32];
	enum ipsec_dir		 dir;
	uint32_t		 spi;
	enum esp_alg		 alg;
	const struct esp_alg_info *info;
	struct esp_xform	*xf;		/* holds the keys */
	bool			 esn;
	uint32_t		 local, peer;	/* outer addresses, host order */
	uint16_t		 encap_sport, encap_dport;	/* 0: raw ESP */
	struct ipsec_lifetime	 soft, hard;
	uint64_t		 seq_max;	/* outbound: the last number it may send */
	uint64_t		 created_ms;

	/* runtime */
	uint64_t		 seq;		/* outbound: the last number sent */
	struct replay		*replay;	/* inbound */
	uint64_t		 packets, bytes;	/* for the lifetimes: never cleared */
	uint64_t		 cleared_packets, cleared_bytes;	/* at the last clear */
	uint64_t		 replay_drops, auth_failures, other_drops;
	bool			 soft_raised, hard_reached;
	uint64_t		 retire_at_ms;	/* in its grace period until; 0: not */
	int32_t			 tunnel_ix;	/* set by sadb_bind */

	/* the sadb's links */
	struct ipsec_sa		*by_spi;	/* inbound SPI hash chain */
	struct ipsec_sa		*by_tunnel;	/* tunnel name hash chain */
	struct ipsec_sa		*prev, *next;	/* every SA, in install order */
};

/* The inbound SA with this SPI, or NULL (engine lock held). */
struct ipsec_sa	*sadb_find_in(const struct ipsec_sadb *, uint32_t spi);

/*
 * The engine's view of the tunnels: gives every SA the index of its tunnel
 * (index_of: by name; SA_NO_TUNNEL if absent) and fills out[0 .. nout)
 * with each tunnel's outbound SA (NULL: none). Called when the engine's
 * tables or sadb_generation change; pointers stay valid until the next
 * change of sadb_generation.
 */
void		 sadb_bind(struct ipsec_sadb *, int (*index_of)(void *arg, const char *tunnel),
		    void *arg, struct ipsec_sa **out, uint32_t nout);
/* Changes whenever an SA is installed or removed. */
uint64_t	 sadb_generation(const struct ipsec_sadb *);

/*
 * Whether the SA may carry one more packet at now_ms: false once any hard
 * limit is reached (time, bytes, packets, or for an outbound SA its last
 * sequence number sent), after which it stays refused until sadb_tick
 * removes it.
 */
bool		 ipsec_sa_usable(struct ipsec_sa *, uint64_t now_ms);
/* The limit of the SA's hard or soft lifetime reached at now_ms ("time",
 * "kilobytes", "packets", "sequence"), or NULL. */
const char	*ipsec_sa_hard_reason(const struct ipsec_sa *, uint64_t now_ms);
const char	*ipsec_sa_soft_reason(const struct ipsec_sa *, uint64_t now_ms);
/* Counts a packet of len protected bytes carried by the SA. */
static inline void
ipsec_sa_count(struct ipsec_sa *sa, uint64_t len)
{
	sa->packets++;
	sa->bytes += len;
}

#endif
