/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_sk - the IKEv2 Encrypted payload over OpenSSL EVP; see ike_sk.h. */
#include "ike_sk.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ike_prf.h"

#define GCM_SALT_LEN	4
#define GCM_ICV_LEN	16
#define AES_KEY_MAX	32
#define HMAC_KEY_MAX	64

static const char *const ciphers[IKE_ENCR_COUNT] = {
	[IKE_ENCR_AES128_CBC]	= "AES-128-CBC",
	[IKE_ENCR_AES256_CBC]	= "AES-256-CBC",
	[IKE_ENCR_AES128_GCM16]	= "AES-128-GCM",
	[IKE_ENCR_AES256_GCM16]	= "AES-256-GCM",
};

/* HMAC-SHA-2-N-M is the PRF HMAC-SHA-2-N truncated to M bits (RFC 4868). */
static const enum ike_prf hmac_of[IKE_INTEG_COUNT] = {
	[IKE_INTEG_SHA256_128]	= IKE_PRF_SHA256,
	[IKE_INTEG_SHA384_192]	= IKE_PRF_SHA384,
	[IKE_INTEG_SHA512_256]	= IKE_PRF_SHA512,
};

struct ike_sk {
	const struct ike_encr_info *e;
	EVP_CIPHER		*cipher;
	bool			 encrypt;
	uint8_t			 icv_len;
	enum ike_prf		 hmac;		/* CBC */
	uint64_t		 next_iv;	/* GCM seal: a counter */
	uint8_t			 key[AES_KEY_MAX];
	uint8_t			 salt[GCM_SALT_LEN];
	uint8_t			 akey[HMAC_KEY_MAX];
	size_t			 akey_len;
};

struct ike_sk *
ike_sk_new(enum ike_encr encr, enum ike_integ integ, const uint8_t *ekey,
    size_t ekey_len, const uint8_t *akey, size_t akey_len, bool encrypt)
{
	const struct ike_encr_info *e = ike_encr_info(encr);
	const struct ike_integ_info *i = ike_integ_info(integ);
	struct ike_sk *sk;
	size_t aes_len;

	if (e == NULL || ekey == NULL || ekey_len != e->key_len)
		return NULL;
	if (e->aead ? integ != IKE_INTEG_NONE || akey_len != 0 :
	    i == NULL || akey == NULL || akey_len != i->key_len)
		return NULL;
	sk = calloc(1, sizeof(*sk));
	if (sk == NULL)
		return NULL;
	sk->e = e;
	sk->encrypt = encrypt;
	sk->icv_len = e->aead ? GCM_ICV_LEN : i->icv_len;
	aes_len = e->aead ? ekey_len - GCM_SALT_LEN : ekey_len;
	memcpy(sk->key, ekey, aes_len);
	if (e->aead)
		memcpy(sk->salt, ekey + aes_len, GCM_SALT_LEN);
	else {
		sk->hmac = hmac_of[integ];
		memcpy(sk->akey, akey, akey_len);
		sk->akey_len = akey_len;
	}
	sk->cipher = EVP_CIPHER_fetch(NULL, ciphers[encr], NULL);
	if (sk->cipher == NULL) {
		ike_sk_free(sk);
		return NULL;
	}
	return sk;
}

void
ike_sk_free(struct ike_sk *sk)
{
	if (sk == NULL)
		return;
	EVP_CIPHER_free(sk->cipher);
	OPENSSL_cleanse(sk, sizeof(*sk));
	free(sk);
}

size_t
ike_sk_iv_len(const struct ike_sk *sk)
{
	return sk->e->iv_len;
}

size_t
ike_sk_icv_len(const struct ike_sk *sk)
{
	return sk->icv_len;
}

/* The fewest padding bytes that fill the last block with the Pad Length. */
static size_t
pad_len(const struct ike_sk *sk, size_t pt_len)
{
	size_t bs = sk->e->block_size;

	return (bs - (pt_len + 1) % bs) % bs;
}

size_t
ike_sk_sealed_len(const struct ike_sk *sk, size_t pt_len)
{
	return sk->e->iv_len + pt_len + pad_len(sk, pt_len) + 1 + sk->icv_len;
}

/*
 * Encrypts or decrypts data[len] in place under iv. GCM authenticates
 * aad too and writes (seal) or checks (open) the tag; CBC ignores both.
 */
static bool
sk_crypt(const struct ike_sk *sk, const uint8_t *iv, const uint8_t *aad, size_t aad_len,
    uint8_t *data, size_t len, uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t nonce[GCM_SALT_LEN + 8];
	bool aead = sk->e->aead, ok;
	int outl;

	if (aead) {
		memcpy(nonce, sk->salt, GCM_SALT_LEN);
		memcpy(nonce + GCM_SALT_LEN, iv, 8);
		iv = nonce;
	}
	ok = ctx != NULL &&
	    EVP_CipherInit_ex2(ctx, sk->cipher, sk->key, iv, sk->encrypt, NULL) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    (!aead || EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)aad_len) == 1) &&
	    (!aead || sk->encrypt ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, GCM_ICV_LEN, tag) == 1) &&
	    EVP_CipherUpdate(ctx, data, &outl, data, (int)len) == 1 &&
	    EVP_CipherFinal_ex(ctx, data + outl, &outl) == 1 &&
	    (!aead || !sk->encrypt ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, GCM_ICV_LEN, tag) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/* CBC's ICV: HMAC(SK_a, msg[len]) truncated. */
static bool
hmac_icv(const struct ike_sk *sk, const uint8_t *msg, size_t len, uint8_t *icv)
{
	const struct ike_chunk data = { msg, len };
	uint8_t full[IKE_PRF_MAX];

	if (ike_prf(sk->hmac, sk->akey, sk->akey_len, &data, 1, full) < 0)
		return false;
	memcpy(icv, full, sk->icv_len);
	return true;
}

static void
put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

int
ike_sk_seal(struct ike_sk *sk, uint8_t *msg, size_t aad_len, size_t pt_len, size_t room)
{
	size_t iv_len = sk->e->iv_len, pad, ct_len;
	uint8_t *iv = msg + aad_len, *data;

	/* pt_len first, so that no sum below can wrap */
	if (!sk->encrypt || aad_len > IKE_SK_AAD_MAX || pt_len > IKE_SK_PAYLOAD_MAX ||
	    IKE_SK_HDR_LEN + ike_sk_sealed_len(sk, pt_len) > IKE_SK_PAYLOAD_MAX ||
	    room < aad_len || room - aad_len < ike_sk_sealed_len(sk, pt_len))
		return -1;
	pad = pad_len(sk, pt_len);
	ct_len = pt_len + pad + 1;
	data = iv + iv_len;
	if (sk->e->aead) {
		if (sk->next_iv == UINT64_MAX)
			return -1;
		put64(iv, sk->next_iv++);
	} else if (RAND_bytes(iv, (int)iv_len) != 1)
		return -1;
	memset(data + pt_len, 0, pad);
	data[pt_len + pad] = (uint8_t)pad;
	if (!sk_crypt(sk, iv, msg, aad_len, data, ct_len, data + ct_len))
		return -1;
	if (!sk->e->aead && !hmac_icv(sk, msg, aad_len + iv_len + ct_len, data + ct_len))
		return -1;
	return 0;
}

int
ike_sk_open(struct ike_sk *sk, uint8_t *msg, size_t aad_len, size_t body_len)
{
	size_t iv_len = sk->e->iv_len, ct_len;
	uint8_t *iv = msg + aad_len, *data, *icv, want[IKE_PRF_MAX], pad;

	if (sk->encrypt || aad_len > IKE_SK_AAD_MAX ||
	    body_len > IKE_SK_PAYLOAD_MAX - IKE_SK_HDR_LEN ||
	    body_len < iv_len + 1 + sk->icv_len)
		return -1;
	ct_len = body_len - iv_len - sk->icv_len;
	if (ct_len % sk->e->block_size != 0)
		return -1;
	data = iv + iv_len;
	icv = data + ct_len;
	/* CBC: the ICV before any decryption; GCM checks its tag as it
	 * decrypts */
	if (!sk->e->aead && (!hmac_icv(sk, msg, aad_len + iv_len + ct_len, want) ||
	    CRYPTO_memcmp(want, icv, sk->icv_len) != 0))
		return -1;
	if (!sk_crypt(sk, iv, msg, aad_len, data, ct_len, icv))
		goto bad;
	pad = data[ct_len - 1];
	if ((size_t)pad + 1 > ct_len)
		goto bad;
	return (int)(ct_len - pad - 1);
bad:
	OPENSSL_cleanse(data, ct_len);	/* no plaintext is left */
	return -1;
}
