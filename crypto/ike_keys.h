/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_keys - IKEv2 key derivation and PSK authentication (RFC 7296 §2.14
 * IKE SA keys, §2.17 CHILD_SA keying material, §2.18 IKE SA rekeying,
 * §2.15 AUTH with a shared key), built on ike_prf.
 *
 * Contract
 * - struct ike_keys holds the seven IKE SA keys, each sized from the
 *   ike_alg.h infos: SK_d, SK_pi, SK_pr the PRF's length; SK_ei, SK_er the
 *   cipher's key_len (GCM's includes its 4-byte salt, RFC 5282 §7.1);
 *   SK_ai, SK_ar the integrity key_len, none (a_len 0) with AEAD.
 * - Nonces are IKE_NONCE_MIN..IKE_NONCE_MAX bytes (RFC 7296 §3.9); the
 *   DH secret g^ir is non-empty. Anything else is refused with -1.
 * - Every function returns 0 or -1 (bad algorithms or lengths, OpenSSL
 *   failure); on -1 its outputs are cleansed. SKEYSEED and every other
 *   intermediate secret is cleansed before return; the caller cleanses
 *   what it is given (ike_keys_cleanse for struct ike_keys).
 * - Pure functions; any thread.
 */
#ifndef VGW_IKE_KEYS_H
#define VGW_IKE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"
#include "ike_prf.h"

#define IKE_NONCE_MIN		16	/* RFC 7296 §3.9 */
#define IKE_NONCE_MAX		256
#define IKE_SPI_LEN		8
#define IKE_SK_E_MAX		36	/* AES-256 key and GCM salt */
#define IKE_SK_A_MAX		64	/* HMAC-SHA-512-256's key */

struct ike_keys {
	uint8_t		 sk_d[IKE_PRF_MAX];
	uint8_t		 sk_ai[IKE_SK_A_MAX], sk_ar[IKE_SK_A_MAX];
	uint8_t		 sk_ei[IKE_SK_E_MAX], sk_er[IKE_SK_E_MAX];
	uint8_t		 sk_pi[IKE_PRF_MAX], sk_pr[IKE_PRF_MAX];
	uint8_t		 d_len;		/* SK_d */
	uint8_t		 a_len;		/* SK_ai and SK_ar; 0 with AEAD */
	uint8_t		 e_len;		/* SK_ei and SK_er */
	uint8_t		 p_len;		/* SK_pi and SK_pr */
};

/*
 * §2.14: SKEYSEED = prf(Ni | Nr, g^ir) (for these HMAC PRFs the whole
 * Ni | Nr is the key), then {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi |
 * SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
 */
int	ike_keys_derive(const struct ike_algs *, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, const uint8_t *g_ir, size_t g_ir_len,
	    const uint8_t spi_i[IKE_SPI_LEN], const uint8_t spi_r[IKE_SPI_LEN],
	    struct ike_keys *out);

/*
 * §2.18, the new IKE SA of a rekey: SKEYSEED = prf(SK_d (old), g^ir (new)
 * | Ni | Nr) with the old SA's PRF, then prf+ with the new algorithms'
 * PRF as in §2.14, over the new nonces and SPIs.
 */
int	ike_keys_rekey(const struct ike_algs *new_algs, enum ike_prf old_prf,
	    const uint8_t *old_sk_d, size_t old_sk_d_len,
	    const uint8_t *g_ir, size_t g_ir_len, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, const uint8_t spi_i[IKE_SPI_LEN],
	    const uint8_t spi_r[IKE_SPI_LEN], struct ike_keys *out);

/*
 * §2.17: KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr)
 * with PFS (g_ir NULL, g_ir_len 0 without). The caller splits it: the
 * initiator-to-responder encryption key (and integrity key) first, then
 * the other direction's. out_len is at most 255 × the PRF length.
 */
int	ike_child_keymat(enum ike_prf, const uint8_t *sk_d, size_t sk_d_len,
	    const uint8_t *g_ir, size_t g_ir_len, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len);

/*
 * §2.15: AUTH = prf(prf(PSK, "Key Pad for IKEv2"), msg | nonce |
 * prf(SK_p, IDbody)). For the initiator's AUTH: its IKE_SA_INIT request as
 * sent, the responder's nonce, SK_pi and its ID payload's body (ID type,
 * three reserved bytes, data); for the responder's: its response, Ni,
 * SK_pr and IDr. out_len must be the PRF length.
 */
int	ike_psk_auth(enum ike_prf, const uint8_t *psk, size_t psk_len,
	    const uint8_t *msg, size_t msg_len, const uint8_t *nonce, size_t nonce_len,
	    const uint8_t *sk_p, size_t sk_p_len, const uint8_t *id_body, size_t id_len,
	    uint8_t *out, size_t out_len);

/* The same, compared in constant time with the AUTH data a peer sent:
 * 0 when it matches, -1 when not (or on any error above). */
int	ike_psk_verify(enum ike_prf, const uint8_t *psk, size_t psk_len,
	    const uint8_t *msg, size_t msg_len, const uint8_t *nonce, size_t nonce_len,
	    const uint8_t *sk_p, size_t sk_p_len, const uint8_t *id_body, size_t id_len,
	    const uint8_t *auth, size_t auth_len);

void	ike_keys_cleanse(struct ike_keys *);

#endif
