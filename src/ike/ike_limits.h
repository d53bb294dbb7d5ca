/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_limits - every bound vgw's IKEv2 parser and builder hold a peer to,
 * in one place (as WireGuard's messages.h keeps its enum limits).
 *
 * Contract: beyond a bound, the message is refused, never truncated (the
 * decoder returns -1 with its reason; the exchange answers INVALID_SYNTAX
 * where RFC 7296 says a reply is due, or drops the message). The parse
 * results are fixed-size arrays these bounds size, so nothing a peer sends
 * makes memory grow; the RFC's own bounds are marked with their section.
 */
#ifndef VGW_IKE_LIMITS_H
#define VGW_IKE_LIMITS_H

#include "crypto/ike_keys.h"

/* Largest message accepted, the IKE header included (after any NAT-T
 * non-ESP marker). Larger ones are refused whole. With pre-shared keys a
 * message stays well below the 1280 bytes RFC 7296 §2 asks every
 * implementation to accept; 8192 leaves room for peers that add many
 * notifies, vendor IDs or certificate requests. */
#define IKE_MSG_MAX		8192

/* Payloads in one chain: the outer message, or an SK payload's contents. */
#define IKE_PAYLOADS_MAX	32
/* Notify payloads in one chain (strongSwan's IKE_AUTH carries about 8). */
#define IKE_NOTIFIES_MAX	16

/* SA payload (§3.3) */
#define IKE_PROPOSALS_MAX	16	/* proposals in one SA payload */
#define IKE_TRANSFORMS_MAX	32	/* transforms in one proposal */
#define IKE_ATTRS_MAX		4	/* attributes in one transform */

/* Traffic selectors in one TS payload, IPv4 and IPv6 together (§3.13) */
#define IKE_TS_MAX		16

/* Configuration attributes in one CP payload (§3.15) */
#define IKE_CP_ATTRS_MAX	16

/* Nonce data (§3.9: at least 16 octets, at most 256): IKE_NONCE_MIN and
 * IKE_NONCE_MAX, with the key derivation that takes them (crypto/ike_keys.h) */

/* Identification data (§3.5); an FQDN fits in 255 */
#define IKE_ID_MAX		255

/* Key exchange data: a MODP-8192 public value (1024 bytes), so that a
 * group vgw does not offer is answered with INVALID_KE_PAYLOAD, not
 * INVALID_SYNTAX. vgw's own groups need at most 256. */
#define IKE_KE_MAX		1024

/* Authentication data: a shared key's MIC is one PRF output (at most 64);
 * 1024 leaves room for an RSA-8192 signature. */
#define IKE_AUTH_MAX		1024

/* SPIs in one Delete payload (§3.11): larger counts are refused with
 * INVALID_SYNTAX, not truncated (a truncated delete would leave SAs the
 * peer believes gone). */
#define IKE_DELETE_SPIS_MAX	64

/* The COOKIE notify's data (§2.6: 1 to 64 octets) */
#define IKE_COOKIE_MIN		1
#define IKE_COOKIE_MAX		64

/* Half-open responder SAs (§2.6: IKE_SA_INIT answered, no IKE_AUTH yet;
 * each holds a DH key and the messages, a few KB). From
 * IKE_HALF_OPEN_COOKIE of them on, a request is answered only when it
 * carries a valid COOKIE (ike_cookie.h), otherwise with a cookie alone,
 * which costs no state; from IKE_HALF_OPEN_MAX on, requests are dropped
 * (counted), so a flood of requests that do return their cookies holds
 * at most that many. A half-open SA lives IKE_HALF_OPEN_MS (ike_impl.h). */
#define IKE_HALF_OPEN_COOKIE	64
#define IKE_HALF_OPEN_MAX	4096
/* Our cookies: a version byte and 16 bytes of HMAC-SHA-256 */
#define IKE_COOKIE_LEN		17
/* How long a cookie secret is current (then it is the previous one for
 * as long again) */
#define IKE_COOKIE_ROTATE_MS	(5 * 60 * 1000)

/* The daemon's state: IKE SAs alive at once (ike_sa_new refuses more) */
#define IKE_SAS_MAX		65536

#endif
