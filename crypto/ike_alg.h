/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_alg - the IKEv2 algorithms vgw offers (RFC 7296 §3.3.2, IANA
 * "IKEv2 Transform Type" registries) and strongSwan's proposal words for
 * them, so a configuration reads as the peer's swanctl.conf does.
 *
 * Contract
 * - An IKE proposal word is ENC-[INTEG-][PRF-]GROUP with exactly one
 *   algorithm of each type: "aes128gcm16-prfsha256-ecp256",
 *   "aes256-sha256-modp2048" (no prf word: the PRF is the integrity
 *   algorithm's hash, as strongSwan does), "aes256-sha256-prfsha384-ecp384".
 *   AEAD ciphers take no integrity word; CBC ciphers need one. Group words:
 *   modp2048, ecp256, ecp384, x25519 and curve25519 (the same group 31).
 * - An ESP proposal word is ENC[-INTEG][-GROUP]: esp_xform.h's words, with
 *   an optional DH group for PFS ("aes128gcm16-ecp256").
 * - Parsers return 0, or -1 with the offending word (one '-'-separated part,
 *   or the whole word when it is incomplete) in bad[badlen]: the shell's
 *   error names it. ike_algs_name writes the canonical word back (curve25519
 *   is written x25519), which parses to the same ike_algs.
 * - Pure functions over constant tables; any thread.
 */
#ifndef VGW_IKE_ALG_H
#define VGW_IKE_ALG_H

#include <stddef.h>
#include <stdint.h>

#include "esp_xform.h"

enum ike_encr {
	IKE_ENCR_AES128_CBC,
	IKE_ENCR_AES256_CBC,
	IKE_ENCR_AES128_GCM16,
	IKE_ENCR_AES256_GCM16,
	IKE_ENCR_COUNT
};

enum ike_integ {
	IKE_INTEG_NONE,			/* with an AEAD cipher */
	IKE_INTEG_SHA256_128,
	IKE_INTEG_SHA384_192,
	IKE_INTEG_SHA512_256,
	IKE_INTEG_COUNT
};

enum ike_prf {
	IKE_PRF_SHA256,
	IKE_PRF_SHA384,
	IKE_PRF_SHA512,
	IKE_PRF_COUNT
};

enum ike_dh {
	IKE_DH_NONE,			/* no PFS (ESP proposals only) */
	IKE_DH_MODP2048,		/* group 14 */
	IKE_DH_ECP256,			/* group 19 */
	IKE_DH_ECP384,			/* group 20 */
	IKE_DH_CURVE25519,		/* group 31 */
	IKE_DH_COUNT
};

/* One IKE proposal word. */
struct ike_algs {
	uint8_t		 encr;		/* enum ike_encr */
	uint8_t		 integ;		/* enum ike_integ; NONE for GCM */
	uint8_t		 prf;		/* enum ike_prf */
	uint8_t		 dh;		/* enum ike_dh; never NONE */
};

/* One ESP proposal word. */
struct esp_algs {
	uint8_t		 alg;		/* enum esp_alg */
	uint8_t		 dh;		/* enum ike_dh; NONE = no PFS */
};

/* IANA numbers and sizes, for the wire and the key derivation. */
struct ike_encr_info {
	const char	*name;		/* "aes128gcm16", "aes256" */
	uint16_t	 id;		/* ENCR_AES_CBC 12, ENCR_AES_GCM_16 20 */
	uint16_t	 key_bits;	/* the Key Length attribute: 128 or 256 */
	uint8_t		 key_len;	/* keying material, with GCM's 4-byte salt */
	uint8_t		 iv_len;	/* 16 CBC, 8 GCM */
	uint8_t		 icv_len;	/* 16 for GCM, 0 for CBC (the integrity's) */
	uint8_t		 block_size;	/* 16 CBC, 1 GCM (padding to 4 is ours) */
	uint8_t		 aead;
};
struct ike_integ_info {
	const char	*name;		/* "sha256" */
	uint16_t	 id;		/* AUTH_HMAC_SHA2_256_128 12, 384_192 13, 512_256 14 */
	uint8_t		 key_len;	/* 32, 48, 64 */
	uint8_t		 icv_len;	/* 16, 24, 32 */
};
struct ike_prf_info {
	const char	*name;		/* "prfsha256" */
	uint16_t	 id;		/* PRF_HMAC_SHA2_256 5, 384 6, 512 7 */
	uint8_t		 len;		/* output and preferred key length: 32, 48, 64 */
};
struct ike_dh_info {
	const char	*name;		/* "ecp256" */
	uint16_t	 id;		/* the group number: 14, 19, 20, 31 */
	uint16_t	 public_len;	/* KE data bytes: 256, 64, 96, 32 */
	uint16_t	 secret_len;	/* shared secret bytes: 256, 32, 48, 32 */
};

const struct ike_encr_info  *ike_encr_info(enum ike_encr);
const struct ike_integ_info *ike_integ_info(enum ike_integ);	/* NULL for NONE */
const struct ike_prf_info   *ike_prf_info(enum ike_prf);
const struct ike_dh_info    *ike_dh_info(enum ike_dh);		/* NULL for NONE */

/* From IANA numbers (a peer's proposal); -1 when vgw does not offer it.
 * key_bits is the Key Length attribute (0 when absent). */
int		 ike_encr_from_id(uint16_t id, uint16_t key_bits, enum ike_encr *);
int		 ike_integ_from_id(uint16_t id, enum ike_integ *);
int		 ike_prf_from_id(uint16_t id, enum ike_prf *);
int		 ike_dh_from_id(uint16_t id, enum ike_dh *);

int		 ike_algs_parse(const char *word, struct ike_algs *, char *bad, size_t badlen);
void		 ike_algs_name(const struct ike_algs *, char *out, size_t outlen);
int		 esp_algs_parse(const char *word, struct esp_algs *, char *bad, size_t badlen);
void		 esp_algs_name(const struct esp_algs *, char *out, size_t outlen);

/* The ESP cipher and integrity of an esp_alg as IKE transforms (for the
 * CHILD_SA proposal): the same IANA numbers as IKE's. */
void		 esp_alg_transforms(enum esp_alg, enum ike_encr *, enum ike_integ *);

#define IKE_ALGS_NAME_MAX	64	/* longest word ike_algs_name/esp_algs_name writes */

#endif
