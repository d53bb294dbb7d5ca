/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_prf - the IKEv2 PRFs over EVP_MAC; see ike_prf.h. */
#include "ike_prf.h"

#include <stdbool.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

static const char *const digests[IKE_PRF_COUNT] = {
	[IKE_PRF_SHA256] = "SHA2-256",
	[IKE_PRF_SHA384] = "SHA2-384",
	[IKE_PRF_SHA512] = "SHA2-512",
};

/* An HMAC context keyed and ready for data; NULL on failure. */
static EVP_MAC_CTX *
hmac_keyed(enum ike_prf prf, const uint8_t *key, size_t key_len)
{
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)digests[prf], 0),
		OSSL_PARAM_construct_end(),
	};

	if (key == NULL || key_len == 0)
		return NULL;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ctx = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);	/* ctx holds its own reference */
	if (ctx != NULL && EVP_MAC_init(ctx, key, key_len, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

static bool
feed(EVP_MAC_CTX *ctx, const struct ike_chunk *data, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (data[i].len != 0 && EVP_MAC_update(ctx, data[i].p, data[i].len) != 1)
			return false;
	return true;
}

static bool
finish(EVP_MAC_CTX *ctx, uint8_t *out, size_t len)
{
	size_t outl = 0;

	return EVP_MAC_final(ctx, out, &outl, len) == 1 && outl == len;
}

int
ike_prf(enum ike_prf prf, const uint8_t *key, size_t key_len,
    const struct ike_chunk *data, size_t n, uint8_t *out)
{
	const struct ike_prf_info *info = ike_prf_info(prf);
	EVP_MAC_CTX *ctx;
	bool ok;

	if (info == NULL)
		return -1;
	ctx = hmac_keyed(prf, key, key_len);
	ok = ctx != NULL && feed(ctx, data, n) && finish(ctx, out, info->len);
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		OPENSSL_cleanse(out, info->len);
	return ok ? 0 : -1;
}

int
ike_prf_plus(enum ike_prf prf, const uint8_t *key, size_t key_len,
    const struct ike_chunk *seed, size_t n, uint8_t *out, size_t out_len)
{
	const struct ike_prf_info *info = ike_prf_info(prf);
	EVP_MAC_CTX *keyed, *ctx;
	uint8_t t[IKE_PRF_MAX];
	unsigned counter;
	size_t done, len;
	bool ok;

	if (info == NULL || out_len > (size_t)IKE_PRF_PLUS_BLOCKS * info->len)
		return -1;
	keyed = hmac_keyed(prf, key, key_len);
	ok = keyed != NULL;
	/* each block from a copy of the keyed context: one key schedule */
	for (counter = 1, done = 0; ok && done < out_len; counter++, done += len) {
		uint8_t octet = (uint8_t)counter;
		struct ike_chunk prev = { t, counter > 1 ? info->len : 0 };
		struct ike_chunk ctr = { &octet, 1 };

		ctx = EVP_MAC_CTX_dup(keyed);
		ok = ctx != NULL && feed(ctx, &prev, 1) && feed(ctx, seed, n) &&
		    feed(ctx, &ctr, 1) && finish(ctx, t, info->len);
		EVP_MAC_CTX_free(ctx);
		len = out_len - done < info->len ? out_len - done : info->len;
		if (ok)
			memcpy(out + done, t, len);
	}
	EVP_MAC_CTX_free(keyed);
	OPENSSL_cleanse(t, sizeof(t));
	if (!ok)
		OPENSSL_cleanse(out, out_len);
	return ok ? 0 : -1;
}
