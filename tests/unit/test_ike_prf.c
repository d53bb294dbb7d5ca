/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the IKEv2 PRFs: RFC 4231's HMAC-SHA-256/384/512 test
 * cases (fed in pieces, so the pieces are one message), and prf+ against
 * vectors computed once by an independent implementation (below), up to
 * its 255-block bound.
 */
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>

#include "crypto/ike_prf.h"
#include "test_ike_util.h"

static const char case7_data[] = "This is a test using a larger than block-size key "
    "and a larger than block-size data. The key needs to be hashed before being "
    "used by the HMAC algorithm.";

/* RFC 4231 §4.2-§4.8; case 5 is truncated to 128 bits there. */
static const struct {
	const char *name;
	uint8_t key_byte;		/* the key: this byte key_len times, */
	size_t key_len;			/* or 0x01..0x19 when key_byte is 0 */
	const char *data;		/* text, or this byte data_len times */
	uint8_t data_byte;
	size_t data_len;
	const char *mac[IKE_PRF_COUNT];	/* SHA-256, SHA-384, SHA-512 */
} rfc4231[] = {
	{ "RFC 4231 case 1", 0x0b, 20, "Hi There", 0, 0, {
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	    "faea9ea9076ede7f4af152e8b2fa9cb6",
	    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	    "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" } },
	{ "RFC 4231 case 2", 0, 0, "what do ya want for nothing?", 0, 0, {
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649",
	    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" } },
	{ "RFC 4231 case 3", 0xaa, 20, NULL, 0xdd, 50, {
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	    "2a5ab39dc13814b94e3ab6e101a34f27",
	    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	    "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" } },
	{ "RFC 4231 case 4", 0, 25, NULL, 0xcd, 50, {
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	    "6801dd23c4a7d679ccf8a386c674cffb",
	    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	    "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" } },
	{ "RFC 4231 case 5", 0x0c, 20, "Test With Truncation", 0, 0, {
	    "a3b6167473100ee06e0c796c2955552b",
	    "3abf34c3503b2a23a46efc619baef897",
	    "415fad6271580a531d4179bc891d87a6" } },
	{ "RFC 4231 case 6", 0xaa, 131,
	    "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0, {
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	    "0c2ef6ab4030fe8296248df163f44952",
	    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	    "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" } },
	{ "RFC 4231 case 7", 0xaa, 131, case7_data, 0, 0, {
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
	    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	    "a678cc31e799176d3860e6110c46523e",
	    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	    "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" } },
};

static void
test_rfc4231(void)
{
	uint8_t key[200], data[200], out[IKE_PRF_MAX];
	size_t k, i, klen, dlen;
	int p;

	for (k = 0; k < N_OF(rfc4231); k++) {
		if (rfc4231[k].key_len == 0) {		/* case 2 */
			memcpy(key, "Jefe", 4);
			klen = 4;
		} else if (rfc4231[k].key_byte == 0) {	/* case 4 */
			for (i = 0; i < rfc4231[k].key_len; i++)
				key[i] = (uint8_t)(i + 1);
			klen = rfc4231[k].key_len;
		} else {
			memset(key, rfc4231[k].key_byte, rfc4231[k].key_len);
			klen = rfc4231[k].key_len;
		}
		if (rfc4231[k].data != NULL) {
			dlen = strlen(rfc4231[k].data);
			memcpy(data, rfc4231[k].data, dlen);
		} else {
			dlen = rfc4231[k].data_len;
			memset(data, rfc4231[k].data_byte, dlen);
		}
		for (p = 0; p < IKE_PRF_COUNT; p++) {
			/* three pieces and an empty one: one message */
			struct ike_chunk pieces[] = {
				{ data, dlen / 3 }, { NULL, 0 },
				{ data + dlen / 3, dlen / 2 - dlen / 3 },
				{ data + dlen / 2, dlen - dlen / 2 },
			};
			const char *want = rfc4231[k].mac[p];

			memset(out, 0, sizeof(out));
			if (ike_prf(p, key, klen, pieces, N_OF(pieces), out) != 0 ||
			    !hex_equal(out, strlen(want) / 2, want))
				FAIL_CASE(rfc4231[k].name);
			/* the whole data at once gives the same */
			if (ike_prf(p, key, klen, &(struct ike_chunk){ data, dlen }, 1, out) != 0 ||
			    !hex_equal(out, strlen(want) / 2, want))
				FAIL_CASE(rfc4231[k].name);
		}
	}
}

/*
 * prf+ vectors, made once with /usr/bin/python3 and python3-cryptography
 * 38 (its hmac.HMAC as the PRF, prf+ written out from RFC 7296 §2.13:
 * T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)), with
 *   K = bytes(range(0x40, 0x40 + 37))
 *   S = b"Ni" * 8 + b"Nr" * 16 + bytes(range(16))
 * out: the first 3 × L + 5 bytes (L the PRF length); full: SHA-256 of all
 * 255 × L bytes, which needs the counter up to 0xff.
 */
static const struct {
	const char *out, *full;
} plus[IKE_PRF_COUNT] = {
	[IKE_PRF_SHA256] = {
	    "f799066ffe3fcfbb772571b093ffe35409f4461fc09c1190f2b544128e67ec4f"
	    "4d9725641afeca231799af2b1dc38e615289414eade97458d0c92875a17401fb"
	    "1aa87dc105fb5d1c1b5cb69c3719181109f32122a3d2e7b13df52aa6ba2d723f"
	    "27ecfe2a6d",
	    "a146c32a6f6eb1424e884b42ca6731009fd1546244b6d618dd690c28e243f239" },
	[IKE_PRF_SHA384] = {
	    "881e44733d0309d9563773ab4fc898e7d7b870cc97f5243d5b2cd8d731042b38"
	    "86e10c571f08f53f8d5b98bdfde61f38ab6cd163b098cf0116ba027ee0c753a6"
	    "282e8ddadecdb1c1977494310096a1534cc0bcc6f5ee6d6e8bbcc6260ff4c412"
	    "3f852e01d701e1dc778b17b4d4292fda40b5eab0306a2768400fb84692c3f7a7"
	    "6a02f8ceedd910f0ec72588c1d428a1c895debfb20",
	    "0182b8d122bc257f8426c1ebf962054ac391f1547cec447ba89bf8edbd27d711" },
	[IKE_PRF_SHA512] = {
	    "63c32da6e839c9fd76359475eefc1e4eecefa2ed9ef8017b8fc011f1d4267e50"
	    "7524d3e5d7dfaf316feb975563ee8fc5bc91951f965aa1136a270b71e2a416cd"
	    "4e3c03b803961ff22b6daa886d5399a5860868a3d8277c79e30716f3f594fee4"
	    "0174aaa30db03634c5d8d22e74b8bd30cbae33f4987c48cf7cba93a25f8396d9"
	    "b169cfc93258adc30b6ba45029c5e876c0e65ea9988b7527e996d575913766a6"
	    "8bc06d3a642341822ce8f1d20228817216f070c2e4ed37300f54ee6767860ac4"
	    "d431a9505a",
	    "c4c0e41a37644702d05a272032f3b1f1c111b710715f2985d6c820eff4f1a993" },
};

static uint8_t plus_key[37], plus_seed[16 + 32 + 16];
static uint8_t big[IKE_PRF_PLUS_MAX + 1];

static void
plus_inputs(void)
{
	size_t i;

	for (i = 0; i < sizeof(plus_key); i++)
		plus_key[i] = (uint8_t)(0x40 + i);
	for (i = 0; i < 16; i += 2)
		memcpy(plus_seed + i, "Ni", 2);
	for (i = 16; i < 48; i += 2)
		memcpy(plus_seed + i, "Nr", 2);
	for (i = 48; i < sizeof(plus_seed); i++)
		plus_seed[i] = (uint8_t)(i - 48);
}

static void
test_prf_plus_vectors(void)
{
	/* the seed in the pieces a caller gives: Ni | Nr | the rest */
	const struct ike_chunk seed[] = {
		{ plus_seed, 16 }, { plus_seed + 16, 32 }, { plus_seed + 48, 16 },
	};
	uint8_t digest[32];
	unsigned dlen = 0;
	int p;

	plus_inputs();
	for (p = 0; p < IKE_PRF_COUNT; p++) {
		size_t len = ike_prf_info(p)->len, n = 3 * len + 5;

		memset(big, 0, sizeof(big));
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), seed,
		    N_OF(seed), big, n), 0);
		CU_ASSERT_TRUE(hex_equal(big, n, plus[p].out));
		CU_ASSERT_EQUAL(big[n], 0);	/* nothing written past out_len */
		/* the bound: 255 blocks exactly */
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), seed,
		    N_OF(seed), big, 255 * len), 0);
		CU_ASSERT_FATAL(EVP_Digest(big, 255 * len, digest, &dlen,
		    EVP_sha256(), NULL) == 1);
		CU_ASSERT_TRUE(hex_equal(digest, dlen, plus[p].full));
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), seed,
		    N_OF(seed), big, 255 * len + 1), -1);
	}
}

/* T1 is prf(K, S | 0x01); a short output is a prefix of a longer one. */
static void
test_prf_plus_shape(void)
{
	const struct ike_chunk seed = { plus_seed, sizeof(plus_seed) };
	const uint8_t one = 1;
	const struct ike_chunk s1[] = { seed, { &one, 1 } };
	uint8_t t1[IKE_PRF_MAX], a[300], b[300];
	int p;

	plus_inputs();
	for (p = 0; p < IKE_PRF_COUNT; p++) {
		size_t len = ike_prf_info(p)->len;

		CU_ASSERT_EQUAL(ike_prf(p, plus_key, sizeof(plus_key), s1, 2, t1), 0);
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), &seed, 1, a, len), 0);
		CU_ASSERT_EQUAL(memcmp(a, t1, len), 0);
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), &seed, 1, a, 1), 0);
		CU_ASSERT_EQUAL(a[0], t1[0]);
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), &seed, 1, a, 300), 0);
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), &seed, 1, b, 131), 0);
		CU_ASSERT_EQUAL(memcmp(a, b, 131), 0);
		/* zero bytes asked: nothing to do, and fine */
		CU_ASSERT_EQUAL(ike_prf_plus(p, plus_key, sizeof(plus_key), &seed, 1, b, 0), 0);
	}
}

static void
test_refused(void)
{
	const uint8_t key[16] = { 1 };
	const struct ike_chunk d = { key, sizeof(key) };
	uint8_t out[IKE_PRF_MAX];

	memset(out, 0x55, sizeof(out));
	CU_ASSERT_EQUAL(ike_prf(IKE_PRF_COUNT, key, sizeof(key), &d, 1, out), -1);
	CU_ASSERT_EQUAL(ike_prf_plus(IKE_PRF_COUNT, key, sizeof(key), &d, 1, out, 8), -1);
	/* no key: never a PRF keyed with nothing; the output is cleansed */
	CU_ASSERT_EQUAL(ike_prf(IKE_PRF_SHA256, key, 0, &d, 1, out), -1);
	CU_ASSERT_EQUAL(out[0], 0);
	CU_ASSERT_EQUAL(ike_prf(IKE_PRF_SHA256, NULL, 16, &d, 1, out), -1);
	memset(out, 0x55, sizeof(out));
	CU_ASSERT_EQUAL(ike_prf_plus(IKE_PRF_SHA384, key, 0, &d, 1, out, 20), -1);
	CU_ASSERT_EQUAL(out[19], 0);
}

static CU_TestInfo tests[] = {
	{ "RFC 4231 HMAC-SHA-256/384/512, data in pieces", test_rfc4231 },
	{ "prf+ against python-made vectors, to 255 blocks", test_prf_plus_vectors },
	{ "prf+ starts with prf(K, S | 1), shorter is a prefix", test_prf_plus_shape },
	{ "unknown PRF and empty key refused", test_refused },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "ike_prf"
#include "cunit_main.h"
