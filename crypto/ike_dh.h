/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_dh - the ephemeral Diffie-Hellman of an IKEv2 KE payload over
 * OpenSSL's EVP_PKEY: MODP-2048 (group 14, RFC 3526), ECP-256 and ECP-384
 * (groups 19 and 20, RFC 5903) and X25519 (group 31, RFC 8031).
 *
 * Contract
 * - One struct ike_dh_key is one key pair of one group (enum ike_dh),
 *   owned by its caller (one IKE SA or CHILD_SA exchange) and used by one
 *   thread at a time.
 * - KE data is ike_dh_info(group)->public_len bytes, as RFC 7296 §3.4
 *   carries it: MODP the value big-endian, left-padded with zeros to the
 *   prime's 256 bytes; ECP x || y, each coordinate padded to the field
 *   size and without the 0x04 prefix (RFC 5903 §7); X25519 the 32-byte
 *   u-coordinate (RFC 7748 §5).
 * - The shared secret is secret_len bytes: MODP g^ir left-padded to 256
 *   bytes (RFC 7296 §2.14), ECP the x coordinate (RFC 5903 §7), X25519
 *   the 32-byte result.
 * - ike_dh_shared refuses (-1) a peer value that is not of the group:
 *   a wrong length; MODP a value <= 1 or >= p-1 (or outside the order-q
 *   subgroup, which OpenSSL checks too); ECP a point not on the curve or
 *   a coordinate >= p; X25519 a value that gives the all-zero secret
 *   (RFC 7748 §6.1, RFC 8031 §2.3). On -1 out is cleansed.
 * - The caller cleanses the secret it is given. Private values stay in
 *   the EVP_PKEY, which OpenSSL clears when ike_dh_free frees it.
 * - Never aborts on input; NULL or -1 on allocation or OpenSSL failure.
 */
#ifndef VGW_IKE_DH_H
#define VGW_IKE_DH_H

#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"

#define IKE_DH_PUBLIC_MAX	256	/* MODP-2048's KE data */
#define IKE_DH_SECRET_MAX	256

struct ike_dh_key;

/* A fresh key pair of group; NULL for NONE, an unknown group or failure. */
struct ike_dh_key	*ike_dh_new(enum ike_dh group);
/* A key pair from a known private value (big-endian for MODP and ECP,
 * RFC 7748's 32 bytes for X25519): for known-answer tests only. */
struct ike_dh_key	*ike_dh_new_private(enum ike_dh group, const uint8_t *priv, size_t len);
enum ike_dh	 ike_dh_group(const struct ike_dh_key *);
/* The KE data; len must be ike_dh_info(group)->public_len. 0 or -1. */
int		 ike_dh_public(const struct ike_dh_key *, uint8_t *out, size_t len);
/* The shared secret with the peer's KE data; out_len must be secret_len.
 * 0, or -1 (invalid peer value, wrong lengths, failure). */
int		 ike_dh_shared(const struct ike_dh_key *, const uint8_t *peer, size_t peer_len,
		    uint8_t *out, size_t out_len);
void		 ike_dh_free(struct ike_dh_key *);

#endif
