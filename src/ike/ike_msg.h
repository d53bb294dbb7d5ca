/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_msg - IKEv2 messages (RFC 7296 §3) read from the wire: the header,
 * the payload chain, and each payload's body, checked before anything in
 * it is used (as OpenBSD iked's ikev2_pld.c validates every length before
 * it parses). The exchanges (which payload is allowed where, what a notify
 * means, decryption) are not here.
 *
 * Contract
 * - Input is a const buffer the caller owns; results are small structs
 *   whose pointers point into it, valid as long as it is. No allocation,
 *   no I/O, no logging: pure functions, any thread.
 * - Every function returns 0, or -1 and sets *why to a short static reason
 *   ("SA payload: proposal length beyond payload") for the exchange to log.
 *   Nothing is read past body + len, whatever the input; on -1 the output
 *   struct holds no promise.
 * - Counts are bounded by ike_limits.h; beyond a bound the input is
 *   refused, never truncated.
 * - A message is parsed in two steps: ike_msg_parse (the header, then the
 *   outer chain), then per payload the decoder of its type. The contents
 *   of an SK payload, once decrypted in place, are a second chain:
 *   ike_chain_parse(sk->next, plaintext, length, IKE_CHAIN_INNER, ...).
 * - Unknown payload types stay in the chain with their critical bit: the
 *   exchange ignores them, or answers UNSUPPORTED_CRITICAL_PAYLOAD when the
 *   bit is set (§2.5). Vendor ID, CERT, CERTREQ, EAP, SK, SKF and unknown
 *   payloads have no decoder: their body is used as it is (an SK body is
 *   the IV, the ciphertext and the ICV; its struct ike_payload's next is
 *   the first inner payload's type).
 * - Reserved fields and bits are ignored on receipt (§3.2); minor versions
 *   too (§2.5). A NAT-T non-ESP marker is the caller's to strip first.
 */
#ifndef VGW_IKE_MSG_H
#define VGW_IKE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ike_limits.h"
#include "ike/ike_wire.h"

/* §3.1 the IKE header */
struct ike_hdr {
	uint64_t	 spi_i;		/* the initiator's SPI, as a number */
	uint64_t	 spi_r;		/* 0 in an IKE_SA_INIT request */
	uint8_t		 next;		/* the first payload's type */
	uint8_t		 major;
	uint8_t		 minor;
	uint8_t		 exchange;	/* enum ike_exchange */
	uint8_t		 flags;		/* IKE_FLAG_*, reserved bits as received */
	uint32_t	 msgid;
	uint32_t	 length;	/* the whole message, header included */
};

/* ike_hdr_parse's answer for a major version above 2: the header is read
 * (SPIs, message ID) so that the caller can answer INVALID_MAJOR_VERSION
 * (§2.5); the message is not to be processed further. */
#define IKE_HDR_MAJOR_ABOVE	(-2)

/* One payload of a chain. */
struct ike_payload {
	uint8_t		 type;		/* enum ike_payload_type, or unknown */
	uint8_t		 next;		/* for SK and SKF: the first inner payload */
	bool		 critical;
	const uint8_t	*body;		/* after the generic header */
	size_t		 len;		/* the body's length */
};

struct ike_chain {
	size_t			 n;
	struct ike_payload	 pl[IKE_PAYLOADS_MAX];
};

/* Outer chains may end with one SK or SKF payload (§3.14, RFC 7383);
 * inner chains (an SK payload's contents) may hold neither. */
enum ike_chain_kind {
	IKE_CHAIN_OUTER,
	IKE_CHAIN_INNER,
};

/* §3.3 Security Association */
struct ike_transform {
	uint8_t		 type;		/* enum ike_xf_type, or unknown */
	uint16_t	 id;
	uint16_t	 key_bits;	/* the Key Length attribute; 0: none */
	bool		 unknown_attr;	/* an attribute vgw does not know: §3.3.6
					 * says to skip the transform */
};

struct ike_proposal {
	uint8_t		 num;		/* from 1 */
	uint8_t		 protocol;	/* enum ike_protocol */
	uint8_t		 spi_size;	/* IKE 0 or 8; AH and ESP 4 */
	uint64_t	 spi;		/* the SPI as a number; 0 when none */
	uint8_t		 ntransforms;
	struct ike_transform xf[IKE_TRANSFORMS_MAX];
};

struct ike_sa_pl {
	size_t		 n;
	struct ike_proposal prop[IKE_PROPOSALS_MAX];
};

/* §3.4 Key Exchange */
struct ike_ke {
	uint16_t	 group;		/* the DH group number */
	const uint8_t	*data;
	size_t		 len;		/* 1 .. IKE_KE_MAX */
};

/* §3.9 Nonce: the data and its length (IKE_NONCE_MIN .. IKE_NONCE_MAX) */
struct ike_blob {
	const uint8_t	*data;
	size_t		 len;
};

/* §3.5 Identification. The AUTH computation signs the whole body
 * (RestOfIDPayload, §2.15): the payload's body, not these fields. */
struct ike_id {
	uint8_t		 type;		/* enum ike_id_type, or unknown */
	const uint8_t	*data;
	size_t		 len;		/* 1 .. IKE_ID_MAX; 4 for IPv4, 16 for IPv6 */
};

/* §3.8 Authentication */
struct ike_auth {
	uint8_t		 method;	/* enum ike_auth_method, or unknown */
	const uint8_t	*data;
	size_t		 len;		/* 1 .. IKE_AUTH_MAX */
};

/* §3.10 Notify */
struct ike_notify {
	uint8_t		 protocol;	/* 0 or enum ike_protocol */
	uint8_t		 spi_size;	/* 0 or 8 (IKE, none), 0 or 4 (AH, ESP) */
	uint64_t	 spi;
	uint16_t	 type;		/* enum ike_notify_type, or unknown */
	const uint8_t	*data;		/* COOKIE: IKE_COOKIE_MIN .. MAX bytes */
	size_t		 len;
};

/* §3.11 Delete: IKE with no SPI, or AH/ESP with 1 .. IKE_DELETE_SPIS_MAX
 * 4-byte SPIs (ike_delete_spi reads the i-th). */
struct ike_delete {
	uint8_t		 protocol;	/* enum ike_protocol */
	uint8_t		 spi_size;	/* 0 for IKE, 4 for AH and ESP */
	uint16_t	 count;
	const uint8_t	*spis;
};

/* §3.13.1 one IPv4 traffic selector, host order. Start <= end, but for
 * OPAQUE ports: start 65535, end 0. */
struct ike_ts {
	uint8_t		 proto;		/* IP protocol; 0 any */
	uint16_t	 port_lo, port_hi;
	uint32_t	 addr_lo, addr_hi;
};

/* §3.13 a TS payload: its IPv4 ranges decoded; IPv6 ranges checked and
 * counted only (vgw's tunnels carry IPv4). n + n_ipv6 <= IKE_TS_MAX. */
struct ike_ts_list {
	size_t		 n;
	size_t		 n_ipv6;
	struct ike_ts	 ts[IKE_TS_MAX];
};

/* §3.15 Configuration: its attributes listed, not interpreted */
struct ike_cp_attr {
	uint16_t	 type;		/* enum ike_cfg_attr, or unknown */
	uint16_t	 len;
	const uint8_t	*value;
};

struct ike_cp {
	uint8_t		 type;		/* enum ike_cfg_type */
	size_t		 n;
	struct ike_cp_attr attr[IKE_CP_ATTRS_MAX];
};

/* The header of a datagram of len bytes: at least IKE_HDR_LEN, at most
 * IKE_MSG_MAX, its length field equal to len, major version 2. Returns 0,
 * -1, or IKE_HDR_MAJOR_ABOVE (then *h is filled). */
int	 ike_hdr_parse(const uint8_t *msg, size_t len, struct ike_hdr *h, const char **why);

/* The payload chain over p[len], first payload of type first (IKE_PL_NONE:
 * an empty chain, and then len must be 0): every generic header within the
 * range, each length >= 4, the last payload (next payload 0, or an SK/SKF
 * payload in an outer chain) ending exactly at the range's end; at most
 * IKE_PAYLOADS_MAX payloads, IKE_NOTIFIES_MAX of them notifies. */
int	 ike_chain_parse(uint8_t first, const uint8_t *p, size_t len, enum ike_chain_kind kind,
	    struct ike_chain *c, const char **why);

/* ike_hdr_parse, then the outer chain after the header. Returns as
 * ike_hdr_parse (IKE_HDR_MAJOR_ABOVE leaves *c empty). */
int	 ike_msg_parse(const uint8_t *msg, size_t len, struct ike_hdr *h, struct ike_chain *c,
	    const char **why);

/* The first payload of a type in the chain, or NULL. */
const struct ike_payload *ike_chain_find(const struct ike_chain *c, uint8_t type);

/*
 * The decoders, over a payload's body (struct ike_payload's body, len).
 *
 * SA: proposals numbered 1, 2, 3 ... when there are several (a lone
 * proposal may carry any number from 1: a response names the one it took);
 * last-substructure 2 before each further proposal, 3 before each further
 * transform, 0 on the last; the SPI size the protocol requires; the
 * transform count matching the transforms; Key Length in TV format, once;
 * other attributes mark the transform unknown_attr.
 */
int	 ike_sa_decode(const uint8_t *body, size_t len, struct ike_sa_pl *sa, const char **why);
int	 ike_ke_decode(const uint8_t *body, size_t len, struct ike_ke *ke, const char **why);
int	 ike_nonce_decode(const uint8_t *body, size_t len, struct ike_blob *nonce, const char **why);
int	 ike_id_decode(const uint8_t *body, size_t len, struct ike_id *id, const char **why);
int	 ike_auth_decode(const uint8_t *body, size_t len, struct ike_auth *auth, const char **why);
int	 ike_notify_decode(const uint8_t *body, size_t len, struct ike_notify *n, const char **why);
int	 ike_delete_decode(const uint8_t *body, size_t len, struct ike_delete *d, const char **why);
/* TS: types 7 (16 bytes) and 8 (40 bytes) only, start <= end. */
int	 ike_ts_decode(const uint8_t *body, size_t len, struct ike_ts_list *ts, const char **why);
int	 ike_cp_decode(const uint8_t *body, size_t len, struct ike_cp *cp, const char **why);

/* The i-th SPI of a decoded Delete payload (i < d->count). */
uint32_t ike_delete_spi(const struct ike_delete *d, size_t i);

/* Any payload's body decoded, by the payload's type. */
union ike_body {
	struct ike_sa_pl		 sa;		/* SA */
	struct ike_ke		 ke;		/* KE */
	struct ike_blob		 nonce;		/* Ni, Nr */
	struct ike_id		 id;		/* IDi, IDr */
	struct ike_auth		 auth;		/* AUTH */
	struct ike_notify	 notify;	/* N */
	struct ike_delete	 del;		/* D */
	struct ike_ts_list	 ts;		/* TSi, TSr */
	struct ike_cp		 cp;		/* CP */
};

/* ike_payload_decode's answer for a type with no decoder */
#define IKE_NO_DECODER	1

/* The decoder of pl's type: 0 and *out, -1 and *why, or IKE_NO_DECODER.
 * So an exchange can check every payload before it acts on any (as iked
 * validates a whole message first). */
int	 ike_payload_decode(const struct ike_payload *pl, union ike_body *out, const char **why);

#endif
