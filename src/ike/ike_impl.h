/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_impl - what the files of the IKE daemon share and nothing else sees:
 * the daemon's state, its tunnels, and the calls between the exchanges
 * (ike_init.c, ike_auth.c, ike_info.c, ike_child.c, ike_rekey.c), the
 * message layer (ike_out.c) and the daemon (ike.c). Control thread only.
 */
#ifndef VGW_IKE_IMPL_H
#define VGW_IKE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config_ipsec.h"
#include "ike/ike.h"
#include "ike/ike_build.h"
#include "ike/ike_cookie.h"
#include "ike/ike_msg.h"
#include "ike/ike_sa.h"

/* Timers, in milliseconds unless named otherwise. */
#define IKE_RETRANSMIT_MS	1000	/* first retransmission; doubles */
#define IKE_RETRANSMIT_TRIES	6	/* sends of one request before giving up */
#define IKE_HALF_OPEN_MS	30000	/* a responder's SA without IKE_AUTH */
#define IKE_RETRY_FIRST_S	5	/* start initiate: first retry ... */
#define IKE_RETRY_MAX_S		30	/* ... then doubling up to this */
#define IKE_NONCE_LEN		32	/* our nonces */
#define IKE_KEEPALIVE_S		20	/* NAT-T keepalives when behind a NAT */
#define IKE_REKEY_RETRY_S	10	/* a refused rekey is tried again after this, */
#define IKE_REKEY_SPREAD_S	10	/* plus up to this at random (§2.25) */
/* A rekey's responder waits this long for the peer to delete what it
 * replaced (the old CHILD_SA, the old IKE SA) before it does so itself */
#define IKE_REKEY_WAIT_MS	10000
#define IKE_BUSY_LOG_MS		60000	/* the half-open limits logged at most this often */
/* Initiations awaiting their first answer at once (ike_init_start_due):
 * a commit of many tunnels goes out in bursts no larger, each started as
 * another finishes, so that neither end's queue overflows; one whose
 * request had to be retransmitted (a dead peer) no longer counts. */
#define IKE_INITIATE_BURST	32

/* One configured tunnel with keying ike, as the daemon serves it. */
struct ike_tunnel {
	struct cfg_tunnel cfg;
	uint32_t	 local;		/* the address IKE runs from; 0: none yet */
	struct ike_sa	*sa;		/* the IKE SA serving it, or NULL */
	uint64_t	 next_try_ms;	/* start initiate: the next attempt */
	unsigned	 backoff_s;
	uint64_t	 keepalive_ms;
	bool		 up;		/* a CHILD_SA installed */
	char		 error[256];	/* the last failure, for show */
};

struct ike {
	struct ike_env	 env;
	struct ike_sa_table *sas;
	struct ike_tunnel *tun;		/* by name */
	size_t		 ntun;
	uint64_t	 now_ms;
	struct ike_cookie_jar cookies;	/* ike_init.c's; cleansed by ike_free */
	struct ike_stats stats;		/* ike_init.c's counters */
	uint64_t	 busy_log_ms;	/* ike_init.c: the limits last logged */
	bool		 starting;	/* ike_init_start_due at work: a failure
					 * inside it does not start it again */
	uint8_t		 rx[IKE_MSG_MAX];	/* the message being read, decrypted in place */
	uint8_t		 tx[IKE_MSG_MAX];	/* the message being written */
};

struct ike_tunnel *ike_tunnel_find(struct ike *, const char *name);
/* Whether vgw brings the tunnel up itself: start initiate, and for now
 * on-traffic too (no packet of the engine asks for a tunnel yet). */
static inline bool
ike_tunnel_initiates(const struct ike_tunnel *t)
{
	return t->cfg.start != START_RESPOND;
}
/* The first tunnel whose peer is addr, not shut down. */
struct ike_tunnel *ike_tunnel_by_peer(struct ike *, uint32_t addr);
/* The IKE SA failed: why logged and kept for show, the SA removed with its
 * CHILD_SA, and an initiating tunnel tries again after its back-off. */
void		 ike_fail(struct ike *, struct ike_sa *, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* The SA is gone (deleted by either side, or dead): its CHILD_SA
 * uninstalled, the tunnel down and retried when it initiates. */
void		 ike_sa_gone(struct ike *, struct ike_sa *, const char *why);
/* The SA's CHILD_SA is installed: the SA serves its tunnel from now (an
 * older SA of the tunnel is deleted), which is up. */
void		 ike_child_up(struct ike *, struct ike_sa *);
/* Sends a DELETE of the IKE SA (when established) and retires it. */
void		 ike_tear_down(struct ike *, struct ike_sa *, const char *why);

/* ike_out.c: messages out. begin starts one in ike->tx (an SK payload open
 * when the SA has keys); send closes, seals and sends it, keeping a request
 * for retransmission and a response for the peer's retransmissions. */
void		 ike_out_begin(struct ike *, struct ike_sa *, struct ike_build *,
		    uint8_t exchange, bool response, uint32_t msgid);
int		 ike_out_send(struct ike *, struct ike_sa *, struct ike_build *,
		    bool response);
/* A copy of msg in *keep (replacing what was there). */
void		 ike_keep_msg(uint8_t **keep, uint16_t *keep_len, const uint8_t *msg,
		    size_t len);
/* An unencrypted notify alone, answering a request without an SA (§2.21:
 * NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, COOKIE). */
void		 ike_out_notify_plain(struct ike *, const struct ike_packet *to,
		    const struct ike_hdr *req, uint16_t type, const void *data, size_t len);
/* Retransmits what is due; gives up (ike_fail) after the last try. */
void		 ike_out_tick(struct ike *, struct ike_sa *);
void		 ike_out_resend_response(struct ike *, struct ike_sa *);
/* Sends an empty INFORMATIONAL request (DPD) or a DELETE of the IKE SA. */
void		 ike_out_informational(struct ike *, struct ike_sa *, bool delete_ike);

/* The exchanges. in: the parsed message (inner chain when encrypted). */
struct ike_in {
	const struct ike_packet *pkt;
	struct ike_hdr	 hdr;
	struct ike_chain chain;		/* decrypted payloads for SK messages */
	const uint8_t	*raw;		/* the message as received */
	size_t		 raw_len;
};
void		 ike_init_start(struct ike *, struct ike_tunnel *);
/* Starts the `start initiate` tunnels without an SA whose time has come,
 * up to IKE_INITIATE_BURST awaiting answers: at each tick, after a commit,
 * and whenever an SA comes up or fails. */
void		 ike_init_start_due(struct ike *);
void		 ike_init_request(struct ike *, const struct ike_in *);
void		 ike_init_response(struct ike *, struct ike_sa *, const struct ike_in *);
/* The initiator's IKE_AUTH request, once IKE_SA_INIT is done. */
void		 ike_auth_start(struct ike *, struct ike_sa *);
void		 ike_auth_request(struct ike *, struct ike_sa *, const struct ike_in *);
void		 ike_auth_response(struct ike *, struct ike_sa *, const struct ike_in *);
void		 ike_info_request(struct ike *, struct ike_sa *, const struct ike_in *);
void		 ike_info_response(struct ike *, struct ike_sa *, const struct ike_in *);

/* ike_child.c: CREATE_CHILD_SA. Every request (established or deleting)
 * and every response come here; IKE SA rekeys go on to ike_rekey.c. */
void		 ike_child_request(struct ike *, struct ike_sa *, const struct ike_in *);
void		 ike_child_response(struct ike *, struct ike_sa *, const struct ike_in *);
/* A lifetime event of an SA of the tunnel t->sa serves: soft on its
 * CHILD_SA plans a rekey, hard ends it (the IKE SA is torn down). */
void		 ike_child_event(struct ike *, struct ike_sa *, const struct ipsec_event *);
/* The clock of an established SA serving its tunnel: a CHILD_SA rekey
 * due is started when no request of ours is in flight (window of one),
 * a rekey we answered stops waiting for the peer's DELETE. */
void		 ike_child_tick(struct ike *, struct ike_sa *);
/* The peer's DELETE of ESP SA spi (its inbound: our outbound SPI): our
 * inbound SPI of the pair for the answer, 0 when we name none; *gone when
 * it was the CHILD_SA in service with none to fall back to. */
uint32_t	 ike_child_deleted(struct ike *, struct ike_sa *, uint32_t spi, bool *gone);
/* The answer to our INFORMATIONAL request came: a DELETE of the CHILD_SA
 * a rekey replaced is done. */
void		 ike_child_delete_done(struct ike *, struct ike_sa *);

/* What a CREATE_CHILD_SA carries, decoded: SA and Nonce always; KE and
 * TSi/TSr when present. */
struct ike_child_in {
	struct ike_sa_pl props;
	struct ike_blob	 nonce;
	bool		 has_ke, has_ts;
	struct ike_ke	 ke;
	struct ike_ts_list ts_i, ts_r;
};
bool		 ike_child_read(const struct ike_in *, struct ike_child_in *, const char **why);
/* A CREATE_CHILD_SA response with notify n alone. */
void		 ike_child_refuse(struct ike *, struct ike_sa *, const struct ike_in *,
		    const struct ike_notify *n);
/* INVALID_KE_PAYLOAD naming group. */
void		 ike_child_refuse_ke(struct ike *, struct ike_sa *, const struct ike_in *,
		    enum ike_dh group);
/* The group an INVALID_KE_PAYLOAD in the response to our rekey asks for;
 * false when there is none, it names no group vgw knows, or the rekey
 * followed one already. */
bool		 ike_asked_group(struct ike_sa *, const struct ike_in *, enum ike_dh *);
/* Our KE payload of dh; false if OpenSSL fails. */
bool		 ike_build_our_ke(struct ike_build *, const struct ike_dh_key *);
/* g^ir of dh and the peer's KE into gir (IKE_DH_SECRET_MAX bytes): its
 * length, 0 when the peer's value is invalid. */
size_t		 ike_dh_gir(const struct ike_dh_key *, const struct ike_ke *, uint8_t *gir);
/* A fresh nonce of ours into r (IKE_NONCE_LEN); false without randomness. */
bool		 ike_rekey_nonce(struct ike_rekey *);
/* Ends our exchange: its DH key freed, its nonce and child cleansed. */
void		 ike_rekey_end(struct ike_sa *);
/* Our rekey made nothing (why logged): the exchange ends, and the rekey
 * is tried again later unless the peer's colliding one made the SA. */
void		 ike_rekey_failed(struct ike *, struct ike_sa *, const char *why);
/* Whether a request of ours may go out now (§2.3: a window of one). */
bool		 ike_window_free(const struct ike_sa *);

/* §2.8.1, the collision rule: nonces compare as byte strings (memcmp, the
 * shorter first when one begins the other). note keeps the lower nonce of
 * the peer's exchange; lost says whether ours (our Ni, the peer's nr) has
 * the lowest of the four: then its initiator, we, deletes what it made. */
int		 ike_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
void		 ike_collision_note(struct ike_rekey *, const uint8_t *ni, size_t ni_len,
		    const uint8_t *nr, size_t nr_len);
bool		 ike_collision_lost(const struct ike_rekey *, const uint8_t *nr, size_t nr_len);

/* ike_rekey.c: the IKE SA rekey (§1.3.2, §2.18), both roles. */
void		 ike_rekey_request(struct ike *, struct ike_sa *, const struct ike_in *,
		    const struct ike_child_in *);
void		 ike_rekey_response(struct ike *, struct ike_sa *, const struct ike_in *);
/* The IKE SA's clock: its rekey when due and the window is free; torn
 * down at the end of its lifetime when no rekey succeeded. */
void		 ike_rekey_tick(struct ike *, struct ike_sa *);
/* When an SA established at now_ms rekeys (about 90% of ike lifetime). */
uint64_t	 ike_rekey_due_ms(const struct ike_tunnel *, uint64_t now_ms);

/* A fresh inbound SPI for a CHILD_SA: random, 256 or above, no other
 * CHILD_SA's. */
uint32_t	 ike_new_child_spi(struct ike *);
/* The first notify of type in the chain, decoded; false when none. */
bool		 ike_find_notify(const struct ike_chain *, uint16_t type, struct ike_notify *);
/* The first error notify (type below 16384) in the chain, or 0. */
uint16_t	 ike_error_notify(const struct ike_chain *);

#endif
