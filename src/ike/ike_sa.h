/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_sa - an IKE SA and its CHILD_SA, the table that finds them, and the
 * one funnel every state change goes through (as OpenBSD iked's
 * sa_state()): ike_sa_set_state refuses a transition the machine does not
 * have, logs each one with its reason, and keeps the half-open count.
 *
 * Contract
 * - An IKE SA is found by our own SPI (the initiator's when we initiated,
 *   the responder's otherwise), and a half-open responder SA also by the
 *   initiator's SPI and address, so a retransmitted IKE_SA_INIT finds it.
 * - Each IKE SA belongs to one tunnel (by name) and carries at most one
 *   CHILD_SA in service; while a CHILD_SA is rekeyed (RFC 7296 §2.8) also
 *   the one our request is making and the one being replaced, until its
 *   DELETE is done. An IKE SA rekey (§2.18) makes a new IKE SA and moves
 *   the CHILD_SA to it; the old one is deleted, or waits to be.
 * - ike_sa_free is the one exit: it cleanses keys, nonces, DH values and
 *   the PSK-derived material, and unlinks the SA from the table.
 * - At most IKE_SAS_MAX SAs; ike_sa_new refuses beyond (NULL).
 * - Control thread only.
 */
#ifndef VGW_IKE_SA_H
#define VGW_IKE_SA_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "crypto/ike_alg.h"
#include "crypto/ike_dh.h"
#include "crypto/ike_keys.h"
#include "crypto/ike_sk.h"
#include "ike/ike_limits.h"
#include "ike/ike_msg.h"

enum ike_state {
	IKE_ST_INIT_SENT,	/* initiator: IKE_SA_INIT request out */
	IKE_ST_INIT_DONE,	/* responder: IKE_SA_INIT answered, half-open */
	IKE_ST_AUTH_SENT,	/* initiator: IKE_AUTH request out */
	IKE_ST_ESTABLISHED,
	IKE_ST_DELETING,	/* our DELETE of the IKE SA out */
	IKE_ST_DEAD,		/* to be freed at the next tick */
	IKE_ST_COUNT
};

struct ike_child {
	bool		 installed;	/* its SAs in the engine (see out_pending) */
	/* a rekey we answered: the inbound SA is in, the outbound one waits
	 * for the peer to delete the old CHILD_SA (it may not receive on the
	 * new one before our answer reaches it); its keys meanwhile: */
	bool		 out_pending;
	uint8_t		 out_keys[2 * ESP_KEY_MAX];	/* encryption, then integrity */
	bool		 deleting;	/* the replaced one: our DELETE of it is out */
	uint32_t	 spi_in, spi_out;	/* ours, the peer's */
	struct esp_algs	 algs;
	bool		 esn;
	uint8_t		 nts_local, nts_remote;
	struct ike_ts	 ts_local[IKE_TS_MAX], ts_remote[IKE_TS_MAX];
	uint64_t	 installed_ms;
	uint64_t	 rekey_ms;	/* when we start a rekey; 0: none planned */
	uint64_t	 replaced_ms;	/* the replaced one: when its successor came */
};

/* What a CREATE_CHILD_SA request of ours in flight makes. */
enum ike_rekey_kind { IKE_REKEY_NONE, IKE_REKEY_CHILD, IKE_REKEY_IKE };

/* Our CREATE_CHILD_SA in flight (§1.3): what its response needs. The
 * CHILD_SA it makes is the IKE SA's rekey_child. */
struct ike_rekey {
	uint8_t		 kind;		/* enum ike_rekey_kind */
	struct ike_dh_key *dh;		/* our KE's key; NULL: no KE sent */
	uint8_t		 ni[IKE_NONCE_MAX];	/* our nonce */
	uint16_t	 ni_len;
	uint64_t	 spi;		/* IKE: the new IKE SA's SPI we offered */
	bool		 group_asked;	/* sent again for an INVALID_KE_PAYLOAD once */
	/* §2.8.1: the peer's rekey of the same SA, answered meanwhile: the
	 * lower of that exchange's nonces, and (IKE) the SA it made (our
	 * SPI of it); the exchange with the lowest of the four loses */
	bool		 collided;
	uint8_t		 theirs_low[IKE_NONCE_MAX];
	uint16_t	 theirs_low_len;
	uint64_t	 theirs_sa;
};

/* A request of ours in flight, kept for retransmission. */
struct ike_request {
	uint8_t		*msg;		/* NULL: none in flight */
	uint16_t	 len;
	uint8_t		 exchange;
	uint8_t		 tries;		/* sent this many times */
	uint8_t		 max_tries;	/* 0: IKE_RETRANSMIT_TRIES */
	uint32_t	 every_ms;	/* resent at this interval; 0: back-off */
	uint64_t	 next_ms;	/* next retransmission */
};

struct ike_sa {
	struct ike_sa	*next_by_spi;	/* table chains */
	struct ike_sa	*next_half;
	bool		 linked_half;	/* in the chains by the initiator's SPI */
	char		 tunnel[CFG_NAME_MAX];
	enum ike_state	 state;
	bool		 initiator;
	uint64_t	 spi_i, spi_r;	/* as numbers; spi_r 0 until known */
	/* addresses and ports in use; NAT-T moves both ports to 4500 */
	uint32_t	 local, peer;
	uint16_t	 local_port, peer_port;
	bool		 nat_local, nat_peer;	/* a NAT detected in front of us / the peer */
	struct ike_algs	 algs;
	struct ike_dh_key *dh;		/* freed once the keys are made */
	uint8_t		 ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	uint16_t	 ni_len, nr_len;
	struct ike_keys	 keys;
	struct ike_sk	*sk_in, *sk_out;	/* peer's and our SK payload contexts */
	/* the IKE_SA_INIT messages as sent, which AUTH signs (§2.15) */
	uint8_t		*init_i, *init_r;
	uint16_t	 init_i_len, init_r_len;
	uint8_t		 cookie[IKE_COOKIE_MAX];	/* the responder's, to resend with */
	uint8_t		 cookie_len;
	/* message IDs: ours for requests, the peer's expected next */
	uint32_t	 msgid_out, msgid_in;
	struct ike_request req;
	/* the last response sent, replayed to a retransmitted request */
	uint8_t		*resp;
	uint16_t	 resp_len;
	uint32_t	 resp_msgid;
	bool		 has_resp;
	struct ike_child child;		/* in service */
	struct ike_child rekey_child;	/* our rekey request is making it */
	struct ike_child old_child;	/* replaced, until deleted (installed) */
	struct ike_rekey rekey;
	uint64_t	 created_ms, established_ms, heard_ms;
	uint64_t	 rekey_ms;	/* IKE SA rekey time; 0: none */
	/* rekeyed: the new IKE SA serves the tunnel since then; this one waits
	 * for the peer to delete it (0: not replaced) */
	uint64_t	 replaced_ms;
	char		 error[256];	/* the last failure, for show */
};

struct ike_sa_table;

struct ike_sa_table *ike_sa_table_new(void);
void		 ike_sa_table_free(struct ike_sa_table *);	/* frees every SA */

/* A fresh SA with a random own SPI, in the table; NULL when IKE_SAS_MAX
 * are alive or memory ran out. The caller sets the state next. */
struct ike_sa	*ike_sa_new(struct ike_sa_table *, const char *tunnel, bool initiator,
		    uint64_t now_ms);
/* The same with own SPI spi (an IKE SA rekey's initiator offered it);
 * NULL also when an SA has it already. */
struct ike_sa	*ike_sa_new_spi(struct ike_sa_table *, const char *tunnel, bool initiator,
		    uint64_t spi, uint64_t now_ms);
/* Whether an SA has own SPI spi. */
bool		 ike_sa_spi_in_use(const struct ike_sa_table *, uint64_t spi);
/* The SK payload's contexts of both directions from sa->keys (by algs and
 * role); -1 when they cannot be made. */
int		 ike_sa_open_sk(struct ike_sa *);
void		 ike_sa_free(struct ike_sa_table *, struct ike_sa *);

/* By our own SPI (the responder's SPI when we responded). */
struct ike_sa	*ike_sa_find(const struct ike_sa_table *, uint64_t own_spi,
		    bool we_initiated);
/* A responder SA by the initiator's SPI and address (retransmitted
 * IKE_SA_INIT); NULL when none. */
struct ike_sa	*ike_sa_find_half(const struct ike_sa_table *, uint64_t spi_i,
		    uint32_t peer);
unsigned	 ike_sa_half_open(const struct ike_sa_table *);
unsigned	 ike_sa_count(const struct ike_sa_table *);

/* Every SA; fn may free the SA it is given. */
void		 ike_sa_foreach(struct ike_sa_table *, void (*fn)(void *arg, struct ike_sa *),
		    void *arg);

/* The funnel: false (and nothing changes) when the machine has no such
 * transition. why is logged with the change. */
bool		 ike_sa_set_state(struct ike_sa_table *, struct ike_sa *,
		    enum ike_state, const char *why);
const char	*ike_state_name(enum ike_state);

#endif
