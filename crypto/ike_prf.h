/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_prf - the IKEv2 pseudorandom functions (RFC 7296 §2.13, RFC 4868
 * §2.1.2): HMAC-SHA2-256/384/512 over OpenSSL's EVP_MAC, and prf+.
 *
 * Contract
 * - The data of a PRF is given as pieces (struct ike_chunk[]), so callers
 *   never concatenate Ni | Nr | SPIi | SPIr themselves. A piece may be
 *   empty (p NULL, len 0).
 * - ike_prf writes exactly ike_prf_info(prf)->len bytes (IKE_PRF_MAX at
 *   most); ike_prf_plus writes out_len bytes of T1 | T2 | ..., and refuses
 *   out_len above 255 × the PRF length (IKE_PRF_PLUS_MAX at most), as
 *   §2.13's one-byte counter bounds it.
 * - Keys of any length are taken as HMAC takes them (hashed when longer
 *   than the block), which is what RFC 7296 §2.14 wants for SKEYSEED's
 *   Ni | Nr key with these PRFs. An empty key is refused.
 * - Returns 0, or -1 (unknown prf, bad length, OpenSSL failure); on -1
 *   the output holds nothing of value (it is cleansed). Intermediate blocks
 *   are cleansed before returning.
 * - Pure functions; any thread. Allocates OpenSSL contexts per call
 *   (control plane), freed before returning.
 */
#ifndef VGW_IKE_PRF_H
#define VGW_IKE_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"

#define IKE_PRF_MAX		64			/* longest PRF output: SHA-512 */
#define IKE_PRF_PLUS_BLOCKS	255			/* §2.13: the counter is one byte */
#define IKE_PRF_PLUS_MAX	(IKE_PRF_PLUS_BLOCKS * IKE_PRF_MAX)

/* One piece of a PRF's data. */
struct ike_chunk {
	const uint8_t	*p;
	size_t		 len;
};

/* prf(key, data[0] | data[1] | ... | data[n-1]) into out, which has room
 * for ike_prf_info(prf)->len bytes. */
int	ike_prf(enum ike_prf, const uint8_t *key, size_t key_len,
	    const struct ike_chunk *data, size_t n, uint8_t *out);

/* prf+(key, seed[0] | ... | seed[n-1]) (§2.13): out_len bytes of
 * T1 = prf(K, S | 0x01), Ti = prf(K, Ti-1 | S | i). */
int	ike_prf_plus(enum ike_prf, const uint8_t *key, size_t key_len,
	    const struct ike_chunk *seed, size_t n, uint8_t *out, size_t out_len);

#endif
