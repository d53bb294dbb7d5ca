/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_cookie - stateless cookies for IKE_SA_INIT (ike_cookie.h).
 */
#include "ike/ike_cookie.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/ike_prf.h"
#include "ike/ike_bytes.h"

/* The MAC of a request under one secret, truncated into out. */
static int
mac(const uint8_t *secret, const uint8_t *ni, size_t ni_len, uint32_t ip_i,
    uint64_t spi_i, uint8_t *out, size_t out_len)
{
	uint8_t ip[4], spi[8], full[IKE_PRF_MAX];
	struct ike_chunk data[3] = {
		{ ni, ni_len }, { ip, sizeof(ip) }, { spi, sizeof(spi) },
	};
	int rc;

	ike_wrn(ip, ip_i, sizeof(ip));
	ike_wrn(spi, spi_i, sizeof(spi));
	rc = ike_prf(IKE_PRF_SHA256, secret, IKE_COOKIE_SECRET_LEN, data, 3, full);
	if (rc == 0)
		memcpy(out, full, out_len);
	OPENSSL_cleanse(full, sizeof(full));
	return rc;
}

/* A fresh current secret when the current one is a period old; the one it
 * replaces becomes the previous, unless it is two periods old (nobody
 * asked for a cookie meanwhile): then its cookies die with it. */
static int
rotate_if_due(struct ike_cookie_jar *j, uint64_t now_ms)
{
	uint8_t v = (uint8_t)(j->has_current ? j->version + 1 : 0);
	uint64_t age = now_ms - j->made_ms;

	if (j->has_current && age < IKE_COOKIE_ROTATE_MS)
		return 0;
	if (RAND_bytes(j->secret[v & 1], IKE_COOKIE_SECRET_LEN) != 1)
		return -1;
	j->has_previous = j->has_current && age < 2 * (uint64_t)IKE_COOKIE_ROTATE_MS;
	j->has_current = true;
	j->version = v;
	j->made_ms = now_ms;
	return 0;
}

int
ike_cookie_make(struct ike_cookie_jar *j, uint64_t now_ms, const uint8_t *ni,
    size_t ni_len, uint32_t ip_i, uint64_t spi_i, uint8_t out[IKE_COOKIE_LEN])
{
	if (rotate_if_due(j, now_ms) != 0)
		return -1;
	out[0] = j->version;
	return mac(j->secret[j->version & 1], ni, ni_len, ip_i, spi_i, out + 1,
	    IKE_COOKIE_LEN - 1);
}

bool
ike_cookie_check(struct ike_cookie_jar *j, uint64_t now_ms, const uint8_t *ni,
    size_t ni_len, uint32_t ip_i, uint64_t spi_i, const uint8_t *cookie, size_t len)
{
	uint8_t want[IKE_COOKIE_LEN - 1];
	bool ok;

	if (len != IKE_COOKIE_LEN || rotate_if_due(j, now_ms) != 0)
		return false;
	/* the version picks the secret: the current, or the one before it */
	if (cookie[0] != j->version &&
	    (!j->has_previous || cookie[0] != (uint8_t)(j->version - 1)))
		return false;
	if (mac(j->secret[cookie[0] & 1], ni, ni_len, ip_i, spi_i, want,
	    sizeof(want)) != 0)
		return false;
	ok = CRYPTO_memcmp(want, cookie + 1, sizeof(want)) == 0;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

void
ike_cookie_clear(struct ike_cookie_jar *j)
{
	OPENSSL_cleanse(j, sizeof(*j));
}
