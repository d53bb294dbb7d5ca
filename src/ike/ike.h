/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike - the IKEv2 daemon (RFC 7296, pre-shared keys) as the top floor sees
 * it: one per router, on the control thread, fed datagrams and ticks,
 * told the running configuration after each commit, and handing the
 * CHILD_SAs it negotiates to the engine through the callbacks it is given.
 *
 * Contract
 * - I/O is the caller's: datagrams arrive by ike_input (UDP 500, or 4500
 *   with the non-ESP marker already removed) and leave by env->send; the
 *   daemon never opens a socket. Both ports are the router's own on every
 *   interface address (src/dataplane's IKE channel).
 * - SAs reach the engine only through env->install and env->remove, made by
 *   ike_install.c, the one file of src/ike/ that calls into src/ipsec/.
 * - ike_configure after every commit: a tunnel whose IKE settings did not
 *   change keeps its IKE SA and CHILD_SAs; a changed tunnel is torn down
 *   (DELETE sent) and, with `start initiate`, established again at once; a
 *   removed, shut down or manually keyed tunnel is torn down.
 * - Time is the caller's monotonic milliseconds; ike_tick about every
 *   second drives retransmissions, DPD, rekeying and initiation retries.
 * - Bounds in ike_limits.h; nothing a peer sends makes memory grow without
 *   bound (half-open SAs are limited and cookies demanded above a threshold).
 * - Secrets (keys, PSKs, DH private values) are cleansed when their IKE SA
 *   is freed (ike_sa_free, the one exit), and never logged.
 * - Control thread only; no locks.
 */
#ifndef VGW_IKE_H
#define VGW_IKE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "crypto/secret.h"
#include "ipsec/sadb.h"
#include "lib/strbuf.h"
#include "route/rib.h"

/* One UDP datagram to or from the router's IKE ports. */
struct ike_packet {
	uint32_t	 src, dst;	/* host order */
	uint16_t	 sport, dport;
	const uint8_t	*data;		/* IKE message, without the non-ESP marker */
	uint16_t	 len;
};

struct ike_env {
	void		*arg;
	/* Sends a datagram (ports 4500: the sender adds the marker). */
	void		(*send)(void *arg, const struct ike_packet *);
	/* A NAT-T keepalive (RFC 3948 §2.3) from local:4500 to peer:port. */
	void		(*keepalive)(void *arg, uint32_t local, uint32_t peer, uint16_t port);
	/* Installs an SA pair for tunnel (sadb_install_pair; either may be
	 * NULL); the engine owns them from here. */
	void		(*install)(void *arg, struct ipsec_sa *in, struct ipsec_sa *out);
	/* Removes one SA (sadb_remove_spi); false when it is not there. */
	bool		(*remove)(void *arg, const char *tunnel, enum ipsec_dir, uint32_t spi);
	/* A tunnel's CHILD_SA came up or went down: routes through it follow. */
	void		(*tunnel_changed)(void *arg, const char *tunnel, bool up);
	const struct secret_key *secret_key;
};

struct ike;

struct ike	*ike_new(const struct ike_env *);
void		 ike_free(struct ike *);	/* no DELETE sent: the process ends */

/* rib: running's routes, to find the address a tunnel without
 * local-address runs from (the egress interface's toward the peer). */
void		 ike_configure(struct ike *, const struct config *running,
		    const struct rib *, uint64_t now_ms);
void		 ike_input(struct ike *, const struct ike_packet *, uint64_t now_ms);
void		 ike_tick(struct ike *, uint64_t now_ms);
/* A lifetime event of one of its SAs (sadb_tick): soft starts a rekey. */
void		 ike_sa_event(struct ike *, const struct ipsec_event *, uint64_t now_ms);

/* rib_tunnel_up_fn: whether the tunnel has a CHILD_SA installed. */
bool		 ike_tunnel_up(void *ike, const char *tunnel);
/* clear crypto sa [tunnel NAME]: DELETE sent, SAs removed; initiators
 * start again. NULL: every tunnel. Returns the IKE SAs cleared. */
unsigned	 ike_clear(struct ike *, const char *tunnel, uint64_t now_ms);

/* For show crypto ikev2 sa and show crypto ipsec tunnel. */
struct ike_sa_summary {
	const char	*tunnel;
	uint64_t	 spi_i, spi_r;
	bool		 initiator;
	const char	*state;		/* "established", "connecting", ... */
	uint32_t	 local, peer;
	uint16_t	 local_port, peer_port;
	bool		 nat_local, nat_peer;
	char		 algs[64];	/* "aes128gcm16-prfsha256-ecp256" */
	uint64_t	 age_ms, rekey_in_ms;
	unsigned	 children;
	const char	*last_error;	/* NULL: none */
};
void		 ike_walk(const struct ike *, uint64_t now_ms,
		    bool (*fn)(void *arg, const struct ike_sa_summary *), void *arg);
/* For show crypto ikev2 statistics: the SAs now, the half-open limits
 * (ike_limits.h), and what they did since the daemon started. */
struct ike_stats {
	unsigned	 sas, half_open;
	unsigned	 cookie_threshold, half_open_max;
	uint64_t	 cookies_sent;		/* requests answered with a COOKIE alone */
	uint64_t	 cookies_accepted;	/* requests whose COOKIE verified */
	uint64_t	 half_open_dropped;	/* requests dropped at half_open_max */
};
void		 ike_get_stats(const struct ike *, struct ike_stats *);
/* Why a tunnel keyed by IKE is not up, in words: "connecting", its last
 * error ("AUTHENTICATION_FAILED: ..."), "waiting for the peer to
 * initiate", ...; NULL when it is up. */
const char	*ike_tunnel_why_down(const struct ike *, const char *tunnel);

#endif
