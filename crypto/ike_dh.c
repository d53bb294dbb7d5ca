/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ike_dh - IKEv2 Diffie-Hellman over EVP_PKEY; see ike_dh.h. */
#include "ike_dh.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#define EC_UNCOMPRESSED	0x04	/* SEC 1 §2.3.3: the prefix RFC 5903 leaves out */

enum kind { MODP, ECP, XDH };

/* OpenSSL's names for each group. */
static const struct group {
	enum kind	 kind;
	const char	*type;		/* EVP_PKEY key type */
	const char	*name;		/* its group name; NULL for X25519 */
} groups[IKE_DH_COUNT] = {
	[IKE_DH_MODP2048]	= { MODP, "DH", "modp_2048" },
	[IKE_DH_ECP256]		= { ECP, "EC", "P-256" },
	[IKE_DH_ECP384]		= { ECP, "EC", "P-384" },
	[IKE_DH_CURVE25519]	= { XDH, "X25519", NULL },
};

struct ike_dh_key {
	enum ike_dh		 group;
	const struct group	*g;
	EVP_PKEY		*key;
};

static struct ike_dh_key *
wrap(enum ike_dh group, EVP_PKEY *key)
{
	struct ike_dh_key *dh = key != NULL ? malloc(sizeof(*dh)) : NULL;

	if (dh == NULL) {
		EVP_PKEY_free(key);
		return NULL;
	}
	dh->group = group;
	dh->g = &groups[group];
	dh->key = key;
	return dh;
}

struct ike_dh_key *
ike_dh_new(enum ike_dh group)
{
	const struct group *g;
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;
	OSSL_PARAM params[2] = { OSSL_PARAM_END, OSSL_PARAM_END };

	if (ike_dh_info(group) == NULL)
		return NULL;
	g = &groups[group];
	if (g->name != NULL)
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
		    (char *)g->name, 0);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, g->type, NULL);
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_params(ctx, params) != 1 || EVP_PKEY_generate(ctx, &key) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return wrap(group, key);
}

/*
 * A MODP or ECP key of g from its values: the public value as a number
 * (MODP) or as SEC 1 octets (ECP), and the private one when given.
 */
static EVP_PKEY *
from_data(const struct group *g, const BIGNUM *priv, const BIGNUM *pub_bn,
    const uint8_t *pub_oct, size_t pub_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, g->type, NULL);
	EVP_PKEY *key = NULL;
	bool ok;

	ok = bld != NULL && ctx != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->name, 0) == 1 &&
	    (priv == NULL || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) == 1) &&
	    (pub_bn == NULL || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub_bn) == 1) &&
	    (pub_oct == NULL || OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    pub_oct, pub_len) == 1) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) == 1;
	if (!ok || EVP_PKEY_fromdata(ctx, &key, priv != NULL ? EVP_PKEY_KEYPAIR :
	    EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	OSSL_PARAM_free(params);	/* a private value in it is cleared */
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/* g^x mod p, the MODP public value of x. */
static BIGNUM *
modp_public(const BIGNUM *x, BN_CTX *bnctx)
{
	BIGNUM *p = BN_get_rfc3526_prime_2048(NULL), *g = BN_new(), *y = BN_new();
	bool ok;

	ok = p != NULL && g != NULL && y != NULL && bnctx != NULL &&
	    BN_set_word(g, 2) == 1 && BN_mod_exp(y, g, x, p, bnctx) == 1;
	BN_free(p);
	BN_free(g);
	if (!ok) {
		BN_free(y);
		return NULL;
	}
	return y;
}

/* x·G as SEC 1 uncompressed octets into out[len]; the octet count or 0. */
static size_t
ecp_public(const struct group *g, const BIGNUM *x, BN_CTX *bnctx, uint8_t *out, size_t len)
{
	EC_GROUP *ec = EC_GROUP_new_by_curve_name(EC_curve_nist2nid(g->name));
	EC_POINT *pt = ec != NULL ? EC_POINT_new(ec) : NULL;
	size_t n = 0;

	if (pt != NULL && bnctx != NULL && EC_POINT_mul(ec, pt, x, NULL, NULL, bnctx) == 1)
		n = EC_POINT_point2oct(ec, pt, POINT_CONVERSION_UNCOMPRESSED, out, len, bnctx);
	EC_POINT_free(pt);
	EC_GROUP_free(ec);
	return n;
}

struct ike_dh_key *
ike_dh_new_private(enum ike_dh group, const uint8_t *priv, size_t len)
{
	const struct ike_dh_info *info = ike_dh_info(group);
	const struct group *g;
	uint8_t oct[1 + IKE_DH_PUBLIC_MAX];
	BN_CTX *bnctx;
	BIGNUM *x, *y = NULL;
	EVP_PKEY *key = NULL;
	size_t n;

	if (info == NULL || priv == NULL || len == 0 || len > IKE_DH_SECRET_MAX)
		return NULL;
	g = &groups[group];
	if (g->kind == XDH)
		return wrap(group, len != info->secret_len ? NULL :
		    EVP_PKEY_new_raw_private_key_ex(NULL, g->type, NULL, priv, len));
	/* OpenSSL takes a private value without its public one but cannot
	 * then give the public one: compute it */
	x = BN_secure_new();
	bnctx = BN_CTX_new();
	if (x != NULL && BN_bin2bn(priv, (int)len, x) != NULL) {
		if (g->kind == MODP) {
			y = modp_public(x, bnctx);
			key = y != NULL ? from_data(g, x, y, NULL, 0) : NULL;
		} else {
			n = ecp_public(g, x, bnctx, oct, sizeof(oct));
			key = n != 0 ? from_data(g, x, NULL, oct, n) : NULL;
		}
	}
	BN_free(y);
	BN_clear_free(x);
	BN_CTX_free(bnctx);
	return wrap(group, key);
}

enum ike_dh
ike_dh_group(const struct ike_dh_key *dh)
{
	return dh->group;
}

int
ike_dh_public(const struct ike_dh_key *dh, uint8_t *out, size_t len)
{
	const struct ike_dh_info *info = ike_dh_info(dh->group);
	uint8_t oct[1 + IKE_DH_PUBLIC_MAX];
	BIGNUM *y = NULL;
	size_t n = 0;
	bool ok = false;

	if (len != info->public_len)
		return -1;
	switch (dh->g->kind) {
	case MODP:
		ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &y) == 1 &&
		    BN_bn2binpad(y, out, (int)len) == (int)len;
		BN_free(y);
		break;
	case ECP:
		ok = EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
		    oct, sizeof(oct), &n) == 1 && n == 1 + len && oct[0] == EC_UNCOMPRESSED;
		if (ok)
			memcpy(out, oct + 1, len);
		break;
	case XDH:
		n = len;
		ok = EVP_PKEY_get_raw_public_key(dh->key, out, &n) == 1 && n == len;
		break;
	}
	return ok ? 0 : -1;
}

/* 1 < y < p-1 (RFC 7296 §5 wants peers' values checked; 1 and p-1 give
 * a secret an attacker knows). */
static bool
modp_in_range(const BIGNUM *y)
{
	BIGNUM *pm1 = BN_get_rfc3526_prime_2048(NULL);
	bool ok;

	ok = pm1 != NULL && BN_sub_word(pm1, 1) == 1 &&
	    BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, pm1) < 0;
	BN_free(pm1);
	return ok;
}

/* The peer's KE data as a public key of our group; NULL when it is not
 * one. */
static EVP_PKEY *
peer_key(const struct ike_dh_key *dh, const uint8_t *peer, size_t len)
{
	uint8_t oct[1 + IKE_DH_PUBLIC_MAX];
	BIGNUM *y;
	EVP_PKEY *key = NULL;

	switch (dh->g->kind) {
	case MODP:
		y = BN_bin2bn(peer, (int)len, NULL);
		if (y != NULL && modp_in_range(y))
			key = from_data(dh->g, NULL, y, NULL, 0);
		BN_free(y);
		return key;
	case ECP:
		/* OpenSSL refuses coordinates >= p and points off the curve */
		oct[0] = EC_UNCOMPRESSED;
		memcpy(oct + 1, peer, len);
		return from_data(dh->g, NULL, NULL, oct, 1 + len);
	case XDH:
		return EVP_PKEY_new_raw_public_key_ex(NULL, dh->g->type, NULL, peer, len);
	}
	return NULL;
}

int
ike_dh_shared(const struct ike_dh_key *dh, const uint8_t *peer, size_t peer_len,
    uint8_t *out, size_t out_len)
{
	const struct ike_dh_info *info = ike_dh_info(dh->group);
	EVP_PKEY *pkey;
	EVP_PKEY_CTX *ctx;
	size_t n = out_len;
	bool ok;

	if (out_len != info->secret_len)
		return -1;
	pkey = peer == NULL || peer_len != info->public_len ? NULL :
	    peer_key(dh, peer, peer_len);
	ctx = pkey != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL) : NULL;
	/* set_peer checks the peer's key once more (ECP: on the curve, of
	 * the group's order; MODP: in the order-q subgroup); X25519's derive
	 * fails on an all-zero result; MODP's is padded to the prime */
	ok = ctx != NULL && EVP_PKEY_derive_init(ctx) == 1 &&
	    (dh->g->kind != MODP || EVP_PKEY_CTX_set_dh_pad(ctx, 1) == 1) &&
	    EVP_PKEY_derive_set_peer(ctx, pkey) == 1 &&
	    EVP_PKEY_derive(ctx, out, &n) == 1 && n == out_len;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	if (!ok)
		OPENSSL_cleanse(out, out_len);
	return ok ? 0 : -1;
}

void
ike_dh_free(struct ike_dh_key *dh)
{
	if (dh == NULL)
		return;
	EVP_PKEY_free(dh->key);	/* clears the private value */
	free(dh);
}
