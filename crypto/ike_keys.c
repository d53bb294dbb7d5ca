/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_keys - IKEv2 key derivation and PSK AUTH; see ike_keys.h. */
#include "ike_keys.h"

#include <stdbool.h>
#include <string.h>

#include <openssl/crypto.h>

#define KEYMAT_MAX	(3 * IKE_PRF_MAX + 2 * IKE_SK_A_MAX + 2 * IKE_SK_E_MAX)
#define ID_BODY_MIN	4	/* ID type and three reserved bytes (§3.5) */

static const char key_pad[] = "Key Pad for IKEv2";	/* §2.15, without its NUL */

static bool
nonce_ok(size_t len)
{
	return len >= IKE_NONCE_MIN && len <= IKE_NONCE_MAX;
}

static bool
nonces_ok(size_t ni_len, size_t nr_len)
{
	return nonce_ok(ni_len) && nonce_ok(nr_len);
}

/* The key lengths of algs into out; false when algs is not a valid set. */
static bool
key_lengths(const struct ike_algs *algs, struct ike_keys *out)
{
	const struct ike_encr_info *e = ike_encr_info(algs->encr);
	const struct ike_integ_info *i = ike_integ_info(algs->integ);
	const struct ike_prf_info *p = ike_prf_info(algs->prf);

	if (e == NULL || p == NULL || (i == NULL) != (e->aead != 0) ||
	    (i == NULL && algs->integ != IKE_INTEG_NONE))
		return false;
	out->d_len = out->p_len = p->len;
	out->a_len = i != NULL ? i->key_len : 0;
	out->e_len = e->key_len;
	return true;
}

/* Takes the next len bytes of the keying material. */
static void
take(const uint8_t **km, uint8_t *key, size_t len)
{
	memcpy(key, *km, len);
	*km += len;
}

/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
 * prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), with out's lengths set. */
static int
expand(enum ike_prf prf, const uint8_t *skeyseed, size_t seed_len,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    const uint8_t spi_i[IKE_SPI_LEN], const uint8_t spi_r[IKE_SPI_LEN],
    struct ike_keys *out)
{
	const struct ike_chunk s[] = {
		{ ni, ni_len }, { nr, nr_len }, { spi_i, IKE_SPI_LEN }, { spi_r, IKE_SPI_LEN },
	};
	size_t total = out->d_len + 2u * out->a_len + 2u * out->e_len + 2u * out->p_len;
	uint8_t km[KEYMAT_MAX];
	const uint8_t *k = km;

	if (ike_prf_plus(prf, skeyseed, seed_len, s, 4, km, total) < 0)
		return -1;
	take(&k, out->sk_d, out->d_len);
	take(&k, out->sk_ai, out->a_len);
	take(&k, out->sk_ar, out->a_len);
	take(&k, out->sk_ei, out->e_len);
	take(&k, out->sk_er, out->e_len);
	take(&k, out->sk_pi, out->p_len);
	take(&k, out->sk_pr, out->p_len);
	OPENSSL_cleanse(km, sizeof(km));
	return 0;
}

static bool
inputs_ok(size_t ni_len, size_t nr_len, const uint8_t *g_ir, size_t g_ir_len)
{
	return nonces_ok(ni_len, nr_len) && g_ir != NULL && g_ir_len != 0;
}

/* SKEYSEED = seed_prf(key, data...), then the keys of algs from it; the
 * one exit of SKEYSEED. */
static int
from_skeyseed(const struct ike_algs *algs, enum ike_prf seed_prf,
    const uint8_t *key, size_t key_len, const struct ike_chunk *data, size_t n,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    const uint8_t spi_i[IKE_SPI_LEN], const uint8_t spi_r[IKE_SPI_LEN],
    struct ike_keys *out)
{
	const struct ike_prf_info *p = ike_prf_info(seed_prf);
	uint8_t skeyseed[IKE_PRF_MAX];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (p != NULL && key_lengths(algs, out) &&
	    ike_prf(seed_prf, key, key_len, data, n, skeyseed) == 0)
		rc = expand(algs->prf, skeyseed, p->len, ni, ni_len, nr, nr_len,
		    spi_i, spi_r, out);
	OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
	if (rc < 0)
		ike_keys_cleanse(out);
	return rc;
}

int
ike_keys_derive(const struct ike_algs *algs, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const uint8_t *g_ir, size_t g_ir_len,
    const uint8_t spi_i[IKE_SPI_LEN], const uint8_t spi_r[IKE_SPI_LEN],
    struct ike_keys *out)
{
	const struct ike_chunk g = { g_ir, g_ir_len };
	uint8_t nonces[2 * IKE_NONCE_MAX];

	if (!inputs_ok(ni_len, nr_len, g_ir, g_ir_len)) {
		ike_keys_cleanse(out);
		return -1;
	}
	/* the PRF's key is Ni | Nr, one buffer */
	memcpy(nonces, ni, ni_len);
	memcpy(nonces + ni_len, nr, nr_len);
	return from_skeyseed(algs, algs->prf, nonces, ni_len + nr_len, &g, 1,
	    ni, ni_len, nr, nr_len, spi_i, spi_r, out);
}

int
ike_keys_rekey(const struct ike_algs *new_algs, enum ike_prf old_prf,
    const uint8_t *old_sk_d, size_t old_sk_d_len,
    const uint8_t *g_ir, size_t g_ir_len, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const uint8_t spi_i[IKE_SPI_LEN],
    const uint8_t spi_r[IKE_SPI_LEN], struct ike_keys *out)
{
	const struct ike_chunk s[] = { { g_ir, g_ir_len }, { ni, ni_len }, { nr, nr_len } };

	if (!inputs_ok(ni_len, nr_len, g_ir, g_ir_len)) {
		ike_keys_cleanse(out);
		return -1;
	}
	/* the exchange is the old SA's: its PRF makes SKEYSEED */
	return from_skeyseed(new_algs, old_prf, old_sk_d, old_sk_d_len, s, 3,
	    ni, ni_len, nr, nr_len, spi_i, spi_r, out);
}

int
ike_child_keymat(enum ike_prf prf, const uint8_t *sk_d, size_t sk_d_len,
    const uint8_t *g_ir, size_t g_ir_len, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len)
{
	const struct ike_chunk s[] = { { g_ir, g_ir_len }, { ni, ni_len }, { nr, nr_len } };

	if (!nonces_ok(ni_len, nr_len) || (g_ir == NULL) != (g_ir_len == 0)) {
		OPENSSL_cleanse(out, out_len);
		return -1;
	}
	return ike_prf_plus(prf, sk_d, sk_d_len, s, 3, out, out_len);
}

int
ike_psk_auth(enum ike_prf prf, const uint8_t *psk, size_t psk_len,
    const uint8_t *msg, size_t msg_len, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *sk_p, size_t sk_p_len, const uint8_t *id_body, size_t id_len,
    uint8_t *out, size_t out_len)
{
	const struct ike_prf_info *info = ike_prf_info(prf);
	const struct ike_chunk pad = { (const uint8_t *)key_pad, sizeof(key_pad) - 1 };
	const struct ike_chunk id = { id_body, id_len };
	uint8_t padded[IKE_PRF_MAX], maced_id[IKE_PRF_MAX];
	struct ike_chunk octets[] = {
		{ msg, msg_len }, { nonce, nonce_len }, { maced_id, 0 },
	};
	int rc = -1;

	if (info == NULL || out_len != info->len || msg == NULL || msg_len == 0 ||
	    nonce == NULL || !nonce_ok(nonce_len) || id_body == NULL ||
	    id_len < ID_BODY_MIN) {
		OPENSSL_cleanse(out, out_len);
		return -1;
	}
	octets[2].len = info->len;
	/* the signed octets end with MACedIDFor[IR] = prf(SK_p, IDbody) */
	if (ike_prf(prf, psk, psk_len, &pad, 1, padded) == 0 &&
	    ike_prf(prf, sk_p, sk_p_len, &id, 1, maced_id) == 0)
		rc = ike_prf(prf, padded, info->len, octets, 3, out);
	OPENSSL_cleanse(padded, sizeof(padded));
	OPENSSL_cleanse(maced_id, sizeof(maced_id));
	if (rc < 0)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

int
ike_psk_verify(enum ike_prf prf, const uint8_t *psk, size_t psk_len,
    const uint8_t *msg, size_t msg_len, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *sk_p, size_t sk_p_len, const uint8_t *id_body, size_t id_len,
    const uint8_t *auth, size_t auth_len)
{
	const struct ike_prf_info *info = ike_prf_info(prf);
	uint8_t want[IKE_PRF_MAX];
	int rc;

	if (info == NULL || auth == NULL || auth_len != info->len)
		return -1;
	rc = ike_psk_auth(prf, psk, psk_len, msg, msg_len, nonce, nonce_len, sk_p,
	    sk_p_len, id_body, id_len, want, info->len);
	if (rc == 0 && CRYPTO_memcmp(want, auth, auth_len) != 0)
		rc = -1;
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}

void
ike_keys_cleanse(struct ike_keys *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
