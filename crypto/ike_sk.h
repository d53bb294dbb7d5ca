/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_sk - the IKEv2 Encrypted payload (SK, RFC 7296 §3.14) over OpenSSL
 * EVP: AES-GCM with a 16-byte ICV (RFC 5282) and AES-CBC with
 * HMAC-SHA-2 (RFC 4868). One struct ike_sk per IKE SA and direction holds
 * that direction's SK_e (and SK_a) and nothing of the message.
 *
 * Contract
 * - Layout in the caller's message buffer msg: aad_len bytes from the IKE
 *   header through the SK payload's generic header (every length field
 *   already final: ike_sk_sealed_len gives the body's), then the body:
 *   IV (ike_sk_iv_len), the encrypted inner payloads, padding and the Pad
 *   Length byte, and the ICV (ike_sk_icv_len).
 * - GCM (RFC 5282): the key material is the AES key and its 4-byte salt;
 *   nonce = salt || the 8-byte IV; the AAD is the aad_len bytes. The IV is
 *   a counter of this ike_sk, so never repeats under its key; after 2^64
 *   messages seal refuses.
 * - CBC: a random 16-byte IV; the ICV is HMAC(SK_a, every byte from the
 *   IKE header through the ciphertext) truncated to the integrity's
 *   icv_len (RFC 7296 §3.14).
 * - seal pads to the cipher's block size with the fewest bytes (none for
 *   GCM, whose block size is 1); open accepts any padding length and
 *   content that fit, as §3.14 allows.
 * - open checks the ICV before it uses the plaintext: CBC verifies the
 *   HMAC (constant time) and only then decrypts; GCM decrypts while it
 *   verifies, and a bad tag zeroes what it decrypted. On -1 no plaintext
 *   is left in msg.
 * - Bounds: the SK payload (4-byte header and body) fits its 16-bit
 *   length, aad_len is at most IKE_SK_AAD_MAX; beyond them -1.
 * - Thread: one ike_sk is used by one thread at a time. Keys are cleansed
 *   in ike_sk_free, their one exit. Never aborts on input.
 */
#ifndef VGW_IKE_SK_H
#define VGW_IKE_SK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"

#define IKE_SK_PAYLOAD_MAX	0xffff	/* the generic header's length field */
#define IKE_SK_HDR_LEN		4	/* the SK payload's generic header */
#define IKE_SK_AAD_MAX		0xffff

struct ike_sk;

/* One direction's transform. ekey is SK_e (GCM: with the salt); akey is
 * SK_a for CBC (NULL, 0 for GCM). NULL on a wrong key length, a GCM with
 * integrity or CBC without, or failure. */
struct ike_sk	*ike_sk_new(enum ike_encr, enum ike_integ, const uint8_t *ekey,
		    size_t ekey_len, const uint8_t *akey, size_t akey_len, bool encrypt);
void		 ike_sk_free(struct ike_sk *);

size_t		 ike_sk_iv_len(const struct ike_sk *);
size_t		 ike_sk_icv_len(const struct ike_sk *);
/* The body's length for pt_len bytes of inner payloads: IV, ciphertext
 * with padding and the Pad Length byte, ICV. */
size_t		 ike_sk_sealed_len(const struct ike_sk *, size_t pt_len);

/* The inner payloads are at msg + aad_len + iv_len, pt_len bytes; room is
 * the buffer's size from msg. Writes the IV, padding and Pad Length,
 * encrypts in place and appends the ICV: the body is then
 * ike_sk_sealed_len(pt_len) bytes. 0, or -1 (no room, wrong direction,
 * bounds, failure): nothing to send. */
int		 ike_sk_seal(struct ike_sk *, uint8_t *msg, size_t aad_len, size_t pt_len,
		    size_t room);
/* body_len: the SK payload's body (IV .. ICV). Verifies, decrypts in
 * place and returns the inner payloads' length (at msg + aad_len +
 * iv_len), or -1 (bad ICV, bad length or padding, wrong direction). */
int		 ike_sk_open(struct ike_sk *, uint8_t *msg, size_t aad_len, size_t body_len);

#endif
