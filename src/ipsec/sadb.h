/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sadb - the security associations the engine holds, and the one interface
 * through which they are added, replaced and removed: manual keying (at
 * commit) uses it now, IKEv2 (src/ike/'s install file) next.
 *
 * Model (after VPP's ipsec_sa_t and WireGuard's keypairs): an SA is made
 * outside the engine lock by ipsec_sa_new (key schedule, contexts; may
 * fail), then installed under the lock by calls that cannot fail. An SA's
 * configuration is immutable once made; its runtime state (sequence number,
 * replay window, counters) is touched only by the thread that holds the
 * engine lock (the worker while it handles a burst).
 *
 * - A tunnel (by name, stable across commits) has at most one outbound SA
 *   and any number of inbound SAs, found by SPI.
 * - sadb_install_pair adds the new inbound SA first and then switches the
 *   outbound SA: packets the peer still sends under the old inbound SA keep
 *   decrypting for SADB_REKEY_GRACE_MS, so replacing a pair under traffic
 *   loses nothing. The old outbound SA is freed at once (the engine holds
 *   no pointer across a change: see sadb_generation in sa.h). An inbound
 *   SA whose SPI is already installed replaces that SA at once (a lookup
 *   by SPI must find one SA).
 * - Installing starts an SA's sequence number and replay window afresh:
 *   the caller installs only SAs whose keys changed (an unchanged manual
 *   SA kept across a commit keeps its state; the same key restarting at
 *   sequence 1 would reuse GCM nonces).
 * - Lifetimes: the first soft limit an SA crosses raises one IPSEC_EV_SOFT
 *   (rekey time for IKE; its why names the limit; later soft crossings
 *   would only ask for the same rekey and raise nothing); a hard limit
 *   raises IPSEC_EV_HARD and removes the SA: the packet path refuses an SA
 *   past a hard limit at once (counted), and an outbound sequence number
 *   never wraps (the SA is hard-expired before it would; see sa.h).
 * - Events are collected by sadb_tick on the control thread (engine lock
 *   held), never delivered from the packet path.
 * - Keys: ipsec_sa_new copies them into its transforms; the caller cleanses
 *   its own copies. An SA's keys are cleansed when it is freed
 *   (ipsec_sa_free, the one exit of every SA, installed or not).
 * Bounds: SADB_MAX_SAS SAs alive in the process (made by ipsec_sa_new and
 * not yet freed; ipsec_sa_new refuses beyond), SADB_SPI_BUCKETS and
 * SADB_TUNNEL_BUCKETS hash chains.
 */
#ifndef VGW_SADB_H
#define VGW_SADB_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/esp_xform.h"
#include "lib/strbuf.h"

#define SADB_MAX_SAS		65536
#define SADB_REKEY_GRACE_MS	10000	/* an old inbound SA lives on this long */
#define SADB_SPI_BUCKETS	16384
#define SADB_TUNNEL_BUCKETS	1024

enum ipsec_dir { IPSEC_IN, IPSEC_OUT };

struct ipsec_lifetime {
	uint64_t	 seconds, bytes, packets;	/* 0 = no limit */
};

struct ipsec_sa_params {
	char		 tunnel[32];	/* CFG_NAME_MAX */
	enum ipsec_dir	 dir;
	uint32_t	 spi;
	enum esp_alg	 alg;
	uint8_t		 enc_key[ESP_KEY_MAX];	/* clear, cleansed by the caller */
	uint8_t		 enc_len;
	uint8_t		 int_key[ESP_KEY_MAX];
	uint8_t		 int_len;
	bool		 esn;
	uint16_t	 replay_window;	/* inbound; 0 disables */
	uint32_t	 local, peer;	/* outer addresses, host order */
	uint16_t	 encap_sport, encap_dport;	/* UDP encapsulation (RFC 3948); 0 = raw ESP */
	struct ipsec_lifetime soft, hard;
};

struct ipsec_sa;
struct ipsec_sadb;

struct ipsec_sadb *sadb_new(void);
void		 sadb_free(struct ipsec_sadb *);

/* Any thread, no lock: NULL with a reason in err. */
struct ipsec_sa	*ipsec_sa_new(const struct ipsec_sa_params *, uint64_t now_ms,
		    struct strbuf *err);
void		 ipsec_sa_free(struct ipsec_sa *);

/* Engine lock held; cannot fail; the sadb owns the SAs from here. Either
 * may be NULL (an inbound-only or outbound-only change). */
void		 sadb_install_pair(struct ipsec_sadb *, struct ipsec_sa *in,
		    struct ipsec_sa *out, uint64_t now_ms);
/* Removes every SA of tunnel; returns how many. */
unsigned	 sadb_remove_tunnel(struct ipsec_sadb *, const char *tunnel);
/* Removes one SA (an IKE DELETE); false if there is none. The tunnel and
 * direction are part of the key: an inbound SPI is ours and unique, but
 * an outbound one is the peer's choice, and two peers may choose alike. */
bool		 sadb_remove_spi(struct ipsec_sadb *, const char *tunnel,
		    enum ipsec_dir, uint32_t spi);

enum ipsec_event_kind { IPSEC_EV_SOFT, IPSEC_EV_HARD };
struct ipsec_event {
	enum ipsec_event_kind kind;
	enum ipsec_dir	 dir;
	uint32_t	 spi;
	char		 tunnel[32];
	const char	*why;		/* "time", "kilobytes", "packets", "sequence" */
};
typedef void (*ipsec_event_fn)(void *arg, const struct ipsec_event *);
/* Engine lock held: lifetimes and grace periods; at most one soft and one
 * hard event per SA. fn may be NULL (the events are dropped). */
void		 sadb_tick(struct ipsec_sadb *, uint64_t now_ms, ipsec_event_fn, void *arg);

/* For show crypto ipsec sa (engine lock held): every SA in install order;
 * the walk stops when fn returns false. */
struct ipsec_sa_info {
	const char	*tunnel;
	enum ipsec_dir	 dir;
	uint32_t	 spi;
	enum esp_alg	 alg;
	bool		 esn, udp_encap, retiring;	/* retiring: in its grace period */
	uint32_t	 local, peer;
	uint64_t	 packets, bytes;
	uint64_t	 replay_drops, auth_failures, other_drops;
	uint64_t	 seq;		/* outbound: last sent; inbound: highest seen */
	uint16_t	 replay_window;
	uint64_t	 age_ms;
	struct ipsec_lifetime soft, hard;	/* as configured */
};
void		 sadb_walk(const struct ipsec_sadb *, uint64_t now_ms,
		    bool (*fn)(void *arg, const struct ipsec_sa_info *), void *arg);
void		 sadb_clear_counters(struct ipsec_sadb *);

#endif
