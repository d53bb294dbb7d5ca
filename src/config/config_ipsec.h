/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_ipsec - the IPsec part of the configuration model: tunnels
 * (`crypto ipsec tunnel NAME`) and the security policy database
 * (`crypto spd`). Same contract as config.h: the config owns every object,
 * setters validate their single statement, references (a protect entry's
 * tunnel, a route's tunnel) are checked by config_validate at commit.
 *
 * Keys and pre-shared keys are held only as type-6 text ("6 <base64>",
 * crypto/secret.h): the shell encrypts a typed clear secret at once; the
 * router decrypts a manual SA's keys when it builds the SAs, IKE the
 * pre-shared key when it authenticates. Nothing here ever holds a secret in
 * clear. The algorithm of a tunnel's manual SAs is its first esp proposal
 * (its DH group, if any, is not used: manual SAs have no key exchange).
 *
 * What IKEv2 reads of a tunnel (keying ike), each with its default:
 * - peer, local-address: the two ends (peer required at commit);
 * - psk: the pre-shared key, type-6 text (required at commit; the commit
 *   checks that it decrypts to 1..SECRET_CLEAR_MAX printable characters);
 * - config_tunnel_ike_proposals(): the IKE SA proposals, most preferred
 *   first (the defaults when none are configured);
 * - config_tunnel_esp_proposals(): the CHILD_SA proposals with their PFS
 *   groups (the defaults when none are configured);
 * - ike_lifetime, esp_lifetime, esp_lifetime_kb: seconds (kilobytes 0: no
 *   volume limit);
 * - config_tunnel_local_id(), config_tunnel_remote_id(): the identities
 *   (an address identity defaults to the address the IKE SA runs from,
 *   and to the peer);
 * - dpd_interval, dpd_retries: liveness checks (interval 0: off);
 * - start: enum cfg_start; nat_traversal, esn, replay_window, networks.
 *
 * Rendered in running-config after the users and before the interfaces,
 * as IOS places its crypto blocks: one block per tunnel (by name), then
 * one `crypto spd` block with its entries by sequence number.
 */
#ifndef VGW_CONFIG_IPSEC_H
#define VGW_CONFIG_IPSEC_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "crypto/esp_xform.h"
#include "crypto/ike_alg.h"
#include "crypto/secret.h"

/* Bounds: a line that would pass one is refused at the prompt (a commit
 * that merges past CFG_SPD_MAX fails, naming it). */
#define CFG_PROPOSALS_MAX	8	/* esp proposal, ike proposal words per tunnel */
#define CFG_NETWORKS_MAX	16	/* local-network / remote-network lines each */
#define CFG_SPD_MAX		100000	/* crypto spd entries */
/* crypto ipsec tunnel blocks: the engine's bound (it holds each tunnel's
 * outbound SA in a fixed table, src/ipsec/tables.h IPSEC_MAX_TUNNELS, which
 * is this); a commit with more fails, naming it */
#define CFG_TUNNEL_MAX		4096
#define CFG_DEFAULT_REPLAY	1024	/* replay-window */
#define CFG_REPLAY_MAX		4096
#define CFG_DEFAULT_ESP_LIFETIME 3600	/* esp lifetime, seconds */
#define CFG_SPI_MIN		256	/* SPIs 1-255 are reserved (RFC 4303) */
#define CFG_DEFAULT_IKE_LIFETIME 86400	/* ike lifetime, seconds */
#define CFG_FQDN_MAX		253	/* local-id/remote-id fqdn (RFC 1035 2.3.4) */
#define CFG_FQDN_LABEL_MAX	63
/* dpd: on by default, as a site-to-site gateway needs to notice a dead
 * peer to fail over (RFC 7296 2.4); `no dpd` turns it off */
#define CFG_DEFAULT_DPD_INTERVAL 30	/* seconds */
#define CFG_DEFAULT_DPD_RETRIES	3

struct cfg_prefix {
	uint32_t	 addr;		/* host part zero */
	uint8_t		 plen;
};

enum cfg_tunnel_routing { TUN_ROUTING_POLICY, TUN_ROUTING_ROUTE };
enum cfg_natt { NATT_AUTO, NATT_FORCE, NATT_OFF };
enum cfg_keying { KEYING_IKE, KEYING_MANUAL };
/* start: keep the tunnel up / wait for the peer / bring it up on traffic */
enum cfg_start { START_INITIATE, START_RESPOND, START_ON_TRAFFIC };

/* local-id / remote-id {address A.B.C.D | fqdn NAME} */
enum cfg_id_type { ID_DEFAULT, ID_ADDRESS, ID_FQDN };
struct cfg_ike_id {
	uint8_t		 type;		/* enum cfg_id_type */
	uint32_t	 addr;		/* ID_ADDRESS */
	char		 fqdn[CFG_FQDN_MAX + 1];	/* ID_FQDN */
};

/* sa {inbound | outbound} spi N encryption-key [0|6] KEY [integrity-key [0|6] KEY] */
struct cfg_manual_sa {
	bool		 set;
	uint32_t	 spi;		/* >= 256 */
	char		 enc_key[SECRET_TEXT_MAX];	/* type-6 text */
	char		 int_key[SECRET_TEXT_MAX];	/* type-6 text; "" = none (GCM) */
};

struct cfg_tunnel {
	char		 name[CFG_NAME_MAX];
	char		 description[CFG_DESCR_MAX + 1];
	bool		 has_peer;
	uint32_t	 peer;
	bool		 has_local;
	uint32_t	 local;		/* local-address; else the egress interface's */
	uint8_t		 nproposals;	/* esp proposal, in order of preference */
	uint8_t		 proposal[CFG_PROPOSALS_MAX];	/* enum esp_alg */
	uint8_t		 proposal_dh[CFG_PROPOSALS_MAX];	/* enum ike_dh: PFS; NONE */
	uint32_t	 esp_lifetime;	/* seconds; CFG_DEFAULT_ESP_LIFETIME */
	uint32_t	 esp_lifetime_kb;	/* 0 = none */
	char		 psk[SECRET_TEXT_MAX];	/* type-6 text; "" = none */
	uint8_t		 nike;		/* ike proposal; 0 = the defaults */
	struct ike_algs	 ike_proposal[CFG_PROPOSALS_MAX];
	uint32_t	 ike_lifetime;	/* seconds; CFG_DEFAULT_IKE_LIFETIME */
	struct cfg_ike_id local_id, remote_id;	/* ID_DEFAULT */
	uint16_t	 dpd_interval;	/* seconds, 0 = off; CFG_DEFAULT_DPD_INTERVAL */
	uint8_t		 dpd_retries;	/* CFG_DEFAULT_DPD_RETRIES */
	uint8_t		 start;		/* enum cfg_start; INITIATE */
	uint8_t		 nlocal, nremote;
	struct cfg_prefix local_net[CFG_NETWORKS_MAX];	/* in the order typed */
	struct cfg_prefix remote_net[CFG_NETWORKS_MAX];
	uint8_t		 routing;	/* enum cfg_tunnel_routing; POLICY */
	uint8_t		 natt;		/* enum cfg_natt; AUTO */
	uint8_t		 keying;	/* enum cfg_keying; IKE */
	uint16_t	 replay_window;	/* 0 disables; CFG_DEFAULT_REPLAY */
	bool		 esn;
	bool		 shutdown;
	struct cfg_manual_sa sa_in, sa_out;
};

enum cfg_spd_action { SPD_PROTECT, SPD_BYPASS, SPD_DISCARD };

/* SEQ {protect|bypass|discard} [protocol P] source S [port A[-B]]
 *     destination D [port A[-B]] [tunnel NAME] */
struct cfg_spd_entry {
	uint32_t	 seq;		/* identity and order: lowest first */
	uint8_t		 action;	/* enum cfg_spd_action */
	uint8_t		 proto;		/* 0 = any (ip) */
	struct cfg_prefix src, dst;	/* any = 0.0.0.0/0 */
	uint16_t	 sport_lo, sport_hi;	/* 0-65535 = any */
	uint16_t	 dport_lo, dport_hi;
	char		 tunnel[CFG_NAME_MAX];	/* protect only */
};

/* Tunnels by name (natural order, as interfaces). config_tunnel_get
 * creates one with the defaults when absent (entering the sub-mode). */
struct cfg_tunnel *config_tunnel_get(struct config *, const char *name);
const struct cfg_tunnel *config_tunnel_find(const struct config *, const char *name);
void		 config_tunnel_set(struct config *, const struct cfg_tunnel *);
bool		 config_tunnel_remove(struct config *, const char *name);
/* Whether two tunnels say the same, field by field (a text field's bytes
 * after its NUL do not count). */
bool		 config_tunnel_equal(const struct cfg_tunnel *, const struct cfg_tunnel *);
const struct cfg_tunnel *config_tunnel_first(const struct config *);
const struct cfg_tunnel *config_tunnel_next(const struct config *, const struct cfg_tunnel *);
/* The defaults of a new tunnel named name. */
void		 config_tunnel_defaults(struct cfg_tunnel *, const char *name);

/* The IKE proposals a tunnel offers and accepts, most preferred first: its
 * own, or the defaults (AEAD first, then AES-CBC for peers without GCM):
 * aes128gcm16-prfsha256-ecp256 aes256gcm16-prfsha384-ecp384
 * aes256-sha256-modp2048 aes128gcm16-prfsha256-x25519. *n gets their
 * number. */
const struct ike_algs *config_tunnel_ike_proposals(const struct cfg_tunnel *,
		    unsigned *n);
/* The same for its ESP proposals with their DH groups (PFS): its own, or
 * the defaults aes128gcm16 aes256gcm16 aes256-sha256 (no PFS); writes at
 * most CFG_PROPOSALS_MAX, returns the number. */
unsigned	 config_tunnel_esp_proposals(const struct cfg_tunnel *,
		    struct esp_algs out[CFG_PROPOSALS_MAX]);
/* The identities IKE sends and expects: local-id, else the address local
 * (the one the IKE SA runs from); remote-id, else the peer's address.
 * Never ID_DEFAULT. */
struct cfg_ike_id config_tunnel_local_id(const struct cfg_tunnel *, uint32_t local);
struct cfg_ike_id config_tunnel_remote_id(const struct cfg_tunnel *);
/* Whether name is an FQDN local-id/remote-id takes: labels of 1 to
 * CFG_FQDN_LABEL_MAX letters, digits and hyphens (not first or last),
 * joined by dots, at most CFG_FQDN_MAX in all, the last not all digits
 * (that is an address). If not, why (a phrase) in why. */
bool		 config_fqdn_ok(const char *name, const char **why);
/* Whether clear (len bytes) may be a pre-shared key: 1..SECRET_CLEAR_MAX
 * printable ASCII characters (blanks included); if not, why. */
bool		 config_psk_ok(const uint8_t *clear, size_t len, const char **why);

/* SPD entries by sequence number. set adds or replaces. */
void		 config_spd_set(struct config *, const struct cfg_spd_entry *);
bool		 config_spd_remove(struct config *, uint32_t seq);
const struct cfg_spd_entry *config_spd_find(const struct config *, uint32_t seq);
const struct cfg_spd_entry *config_spd_first(const struct config *);
const struct cfg_spd_entry *config_spd_next(const struct config *, const struct cfg_spd_entry *);
unsigned long	 config_spd_count(const struct config *);
/* An entry as its line in the `crypto spd` block, without indent or
 * newline ("10 protect protocol tcp source any ..."). */
void		 config_render_spd_entry(const struct cfg_spd_entry *, struct strbuf *);
/* The same without the sequence number ("protect source ..."): an entry
 * generated from a tunnel's routing policy, which has none. */
void		 config_render_spd_rule(const struct cfg_spd_entry *, struct strbuf *);
/* The keyword of an IP protocol in an SPD entry ("ip" for 0, "tcp"), or
 * NULL when it is shown by number. */
const char	*config_spd_protocol_name(uint8_t proto);

/*
 * The commit-time check that needs the installation key: every manual SA's
 * keys decrypt under key (a configuration from another installation is
 * told which keys it cannot decrypt) and have the lengths the tunnel's
 * first esp proposal needs; every pre-shared key decrypts and is one
 * config_psk_ok takes. One line per error, naming the tunnel and the SA or
 * the pre-shared-key, never a secret; returns the number of errors.
 */
int		 config_validate_keys(const struct config *, const struct secret_key *,
		    struct strbuf *errors);

/* Whether a selector field is "any". */
static inline bool cfg_prefix_any(const struct cfg_prefix *p) { return p->plen == 0; }

#endif
