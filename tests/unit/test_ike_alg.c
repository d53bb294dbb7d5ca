/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the IKEv2 algorithm tables and proposal words: the IANA
 * numbers as RFC 7296 §3.3.2, RFC 5282, RFC 4868, RFC 3526/5903/8031 and the
 * IANA "IKEv2 Transform Type" registries give them (written here as
 * literals, not taken from the code), every word of the header's grammar
 * parsed and named back, and each kind of bad word refused with the part
 * that is wrong.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "crypto/ike_alg.h"

#define FAIL_CASE(name) \
	CU_assertImplementation(CU_FALSE, __LINE__, (name), __FILE__, "", CU_FALSE)

static void
test_iana_numbers(void)
{
	static const struct {
		enum ike_encr e;
		uint16_t id, bits;
		uint8_t key_len, iv_len, icv_len, block, aead;
	} encr[] = {
		{ IKE_ENCR_AES128_CBC, 12, 128, 16, 16, 0, 16, 0 },
		{ IKE_ENCR_AES256_CBC, 12, 256, 32, 16, 0, 16, 0 },
		{ IKE_ENCR_AES128_GCM16, 20, 128, 20, 8, 16, 1, 1 },
		{ IKE_ENCR_AES256_GCM16, 20, 256, 36, 8, 16, 1, 1 },
	};
	static const struct {
		enum ike_integ i;
		uint16_t id;
		uint8_t key_len, icv_len;
	} integ[] = {
		{ IKE_INTEG_SHA256_128, 12, 32, 16 },
		{ IKE_INTEG_SHA384_192, 13, 48, 24 },
		{ IKE_INTEG_SHA512_256, 14, 64, 32 },
	};
	static const struct { enum ike_prf p; uint16_t id; uint8_t len; } prf[] = {
		{ IKE_PRF_SHA256, 5, 32 }, { IKE_PRF_SHA384, 6, 48 }, { IKE_PRF_SHA512, 7, 64 },
	};
	static const struct { enum ike_dh d; uint16_t id, pub, sec; } dh[] = {
		{ IKE_DH_MODP2048, 14, 256, 256 }, { IKE_DH_ECP256, 19, 64, 32 },
		{ IKE_DH_ECP384, 20, 96, 48 }, { IKE_DH_CURVE25519, 31, 32, 32 },
	};
	size_t k;

	for (k = 0; k < sizeof(encr) / sizeof(encr[0]); k++) {
		const struct ike_encr_info *in = ike_encr_info(encr[k].e);
		enum ike_encr back;

		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		CU_ASSERT_EQUAL(in->id, encr[k].id);
		CU_ASSERT_EQUAL(in->key_bits, encr[k].bits);
		CU_ASSERT_EQUAL(in->key_len, encr[k].key_len);
		CU_ASSERT_EQUAL(in->iv_len, encr[k].iv_len);
		CU_ASSERT_EQUAL(in->icv_len, encr[k].icv_len);
		CU_ASSERT_EQUAL(in->block_size, encr[k].block);
		CU_ASSERT_EQUAL(in->aead, encr[k].aead);
		CU_ASSERT_EQUAL(ike_encr_from_id(encr[k].id, encr[k].bits, &back), 0);
		CU_ASSERT_EQUAL(back, encr[k].e);
		/* the Key Length attribute is mandatory for AES */
		CU_ASSERT_EQUAL(ike_encr_from_id(encr[k].id, 0, &back), -1);
		CU_ASSERT_EQUAL(ike_encr_from_id(encr[k].id, 192, &back), -1);
	}
	for (k = 0; k < sizeof(integ) / sizeof(integ[0]); k++) {
		const struct ike_integ_info *in = ike_integ_info(integ[k].i);
		enum ike_integ back;

		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		CU_ASSERT_EQUAL(in->id, integ[k].id);
		CU_ASSERT_EQUAL(in->key_len, integ[k].key_len);
		CU_ASSERT_EQUAL(in->icv_len, integ[k].icv_len);
		CU_ASSERT_EQUAL(ike_integ_from_id(integ[k].id, &back), 0);
		CU_ASSERT_EQUAL(back, integ[k].i);
	}
	for (k = 0; k < sizeof(prf) / sizeof(prf[0]); k++) {
		const struct ike_prf_info *in = ike_prf_info(prf[k].p);
		enum ike_prf back;

		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		CU_ASSERT_EQUAL(in->id, prf[k].id);
		CU_ASSERT_EQUAL(in->len, prf[k].len);
		CU_ASSERT_EQUAL(ike_prf_from_id(prf[k].id, &back), 0);
		CU_ASSERT_EQUAL(back, prf[k].p);
	}
	for (k = 0; k < sizeof(dh) / sizeof(dh[0]); k++) {
		const struct ike_dh_info *in = ike_dh_info(dh[k].d);
		enum ike_dh back;

		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		CU_ASSERT_EQUAL(in->id, dh[k].id);
		CU_ASSERT_EQUAL(in->public_len, dh[k].pub);
		CU_ASSERT_EQUAL(in->secret_len, dh[k].sec);
		CU_ASSERT_EQUAL(ike_dh_from_id(dh[k].id, &back), 0);
		CU_ASSERT_EQUAL(back, dh[k].d);
	}
}

static void
test_unknown_ids_and_none(void)
{
	enum ike_encr e;
	enum ike_integ i;
	enum ike_prf p;
	enum ike_dh d;

	CU_ASSERT_PTR_NULL(ike_integ_info(IKE_INTEG_NONE));
	CU_ASSERT_PTR_NULL(ike_dh_info(IKE_DH_NONE));
	CU_ASSERT_PTR_NULL(ike_encr_info(IKE_ENCR_COUNT));
	CU_ASSERT_PTR_NULL(ike_integ_info(IKE_INTEG_COUNT));
	CU_ASSERT_PTR_NULL(ike_prf_info(IKE_PRF_COUNT));
	CU_ASSERT_PTR_NULL(ike_dh_info(IKE_DH_COUNT));
	/* 3DES (3), AES-CTR (13), AES-GCM-8 (18), ChaCha20-Poly1305 (28) */
	CU_ASSERT_EQUAL(ike_encr_from_id(3, 0, &e), -1);
	CU_ASSERT_EQUAL(ike_encr_from_id(13, 128, &e), -1);
	CU_ASSERT_EQUAL(ike_encr_from_id(18, 128, &e), -1);
	CU_ASSERT_EQUAL(ike_encr_from_id(28, 0, &e), -1);
	/* NONE (0), HMAC-SHA1-96 (2) */
	CU_ASSERT_EQUAL(ike_integ_from_id(0, &i), -1);
	CU_ASSERT_EQUAL(ike_integ_from_id(2, &i), -1);
	/* HMAC-SHA1 (2), AES128-XCBC (4) */
	CU_ASSERT_EQUAL(ike_prf_from_id(2, &p), -1);
	CU_ASSERT_EQUAL(ike_prf_from_id(4, &p), -1);
	/* NONE (0), MODP-1024 (2), MODP-3072 (15), ECP-521 (21), Curve448 (32) */
	CU_ASSERT_EQUAL(ike_dh_from_id(0, &d), -1);
	CU_ASSERT_EQUAL(ike_dh_from_id(2, &d), -1);
	CU_ASSERT_EQUAL(ike_dh_from_id(15, &d), -1);
	CU_ASSERT_EQUAL(ike_dh_from_id(21, &d), -1);
	CU_ASSERT_EQUAL(ike_dh_from_id(32, &d), -1);
}

/* The words, as literals (the oracle is the header, not the tables). */
static const struct { const char *w; enum ike_encr e; } encr_words[] = {
	{ "aes128", IKE_ENCR_AES128_CBC }, { "aes256", IKE_ENCR_AES256_CBC },
	{ "aes128gcm16", IKE_ENCR_AES128_GCM16 }, { "aes256gcm16", IKE_ENCR_AES256_GCM16 },
};
static const struct { const char *w; enum ike_integ i; enum ike_prf p; } integ_words[] = {
	{ "sha256", IKE_INTEG_SHA256_128, IKE_PRF_SHA256 },
	{ "sha384", IKE_INTEG_SHA384_192, IKE_PRF_SHA384 },
	{ "sha512", IKE_INTEG_SHA512_256, IKE_PRF_SHA512 },
};
static const struct { const char *w; enum ike_prf p; } prf_words[] = {
	{ "prfsha256", IKE_PRF_SHA256 }, { "prfsha384", IKE_PRF_SHA384 },
	{ "prfsha512", IKE_PRF_SHA512 },
};
static const struct { const char *w; enum ike_dh d; } dh_words[] = {
	{ "modp2048", IKE_DH_MODP2048 }, { "ecp256", IKE_DH_ECP256 },
	{ "ecp384", IKE_DH_ECP384 }, { "x25519", IKE_DH_CURVE25519 },
	{ "curve25519", IKE_DH_CURVE25519 },
};
#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* Parses word, expects algs, and checks that the name parses the same. */
static void
check_ike(const char *word, enum ike_encr e, enum ike_integ i, enum ike_prf p,
    enum ike_dh d, const char *canonical)
{
	struct ike_algs a, b;
	char bad[64] = "", name[IKE_ALGS_NAME_MAX];

	if (ike_algs_parse(word, &a, bad, sizeof(bad)) != 0 ||
	    a.encr != e || a.integ != i || a.prf != p || a.dh != d) {
		FAIL_CASE(word);
		return;
	}
	ike_algs_name(&a, name, sizeof(name));
	if (strcmp(name, canonical) != 0 || ike_algs_parse(name, &b, bad, sizeof(bad)) != 0 ||
	    memcmp(&a, &b, sizeof(a)) != 0)
		FAIL_CASE(word);
}

/* Every word of the grammar ENC-[INTEG-][PRF-]GROUP. */
static void
test_ike_words(void)
{
	size_t e, i, p, d;
	char word[128], canon[128];

	for (e = 0; e < N(encr_words); e++)
		for (d = 0; d < N(dh_words); d++) {
			const char *dn = dh_words[d].d == IKE_DH_CURVE25519 ? "x25519" : dh_words[d].w;
			bool aead = strstr(encr_words[e].w, "gcm") != NULL;

			for (p = 0; p < N(prf_words); p++) {
				if (aead) {	/* ENC-PRF-GROUP */
					snprintf(word, sizeof(word), "%s-%s-%s", encr_words[e].w,
					    prf_words[p].w, dh_words[d].w);
					snprintf(canon, sizeof(canon), "%s-%s-%s", encr_words[e].w,
					    prf_words[p].w, dn);
					check_ike(word, encr_words[e].e, IKE_INTEG_NONE,
					    prf_words[p].p, dh_words[d].d, canon);
					continue;
				}
				for (i = 0; i < N(integ_words); i++) {	/* ENC-INTEG-PRF-GROUP */
					snprintf(word, sizeof(word), "%s-%s-%s-%s", encr_words[e].w,
					    integ_words[i].w, prf_words[p].w, dh_words[d].w);
					/* the prf word is written only when not the default */
					if (integ_words[i].p == prf_words[p].p)
						snprintf(canon, sizeof(canon), "%s-%s-%s",
						    encr_words[e].w, integ_words[i].w, dn);
					else
						snprintf(canon, sizeof(canon), "%s-%s-%s-%s",
						    encr_words[e].w, integ_words[i].w,
						    prf_words[p].w, dn);
					check_ike(word, encr_words[e].e, integ_words[i].i,
					    prf_words[p].p, dh_words[d].d, canon);
				}
			}
			if (aead)
				continue;
			for (i = 0; i < N(integ_words); i++) {	/* ENC-INTEG-GROUP */
				snprintf(word, sizeof(word), "%s-%s-%s", encr_words[e].w,
				    integ_words[i].w, dh_words[d].w);
				snprintf(canon, sizeof(canon), "%s-%s-%s", encr_words[e].w,
				    integ_words[i].w, dn);
				check_ike(word, encr_words[e].e, integ_words[i].i,
				    integ_words[i].p, dh_words[d].d, canon);
			}
		}
}

/* The header's examples, field by field. */
static void
test_ike_examples(void)
{
	struct ike_algs a, b;
	char name[IKE_ALGS_NAME_MAX];

	check_ike("aes128gcm16-prfsha256-ecp256", IKE_ENCR_AES128_GCM16, IKE_INTEG_NONE,
	    IKE_PRF_SHA256, IKE_DH_ECP256, "aes128gcm16-prfsha256-ecp256");
	check_ike("aes256-sha256-modp2048", IKE_ENCR_AES256_CBC, IKE_INTEG_SHA256_128,
	    IKE_PRF_SHA256, IKE_DH_MODP2048, "aes256-sha256-modp2048");
	check_ike("aes256-sha256-prfsha384-ecp384", IKE_ENCR_AES256_CBC,
	    IKE_INTEG_SHA256_128, IKE_PRF_SHA384, IKE_DH_ECP384,
	    "aes256-sha256-prfsha384-ecp384");
	/* curve25519 is x25519, and is written so */
	CU_ASSERT_EQUAL_FATAL(ike_algs_parse("aes256gcm16-prfsha512-curve25519", &a, NULL, 0), 0);
	CU_ASSERT_EQUAL_FATAL(ike_algs_parse("aes256gcm16-prfsha512-x25519", &b, NULL, 0), 0);
	CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof(a)), 0);
	CU_ASSERT_EQUAL(a.dh, IKE_DH_CURVE25519);
	ike_algs_name(&a, name, sizeof(name));
	CU_ASSERT_STRING_EQUAL(name, "aes256gcm16-prfsha512-x25519");
	/* the longest word fits IKE_ALGS_NAME_MAX; a short buffer truncates */
	CU_ASSERT_EQUAL_FATAL(ike_algs_parse("aes256-sha512-prfsha384-modp2048", &a, NULL, 0), 0);
	ike_algs_name(&a, name, sizeof(name));
	CU_ASSERT_STRING_EQUAL(name, "aes256-sha512-prfsha384-modp2048");
	ike_algs_name(&a, name, 7);
	CU_ASSERT_STRING_EQUAL(name, "aes256");
	/* not from the parser: an empty name, no crash */
	a.integ = IKE_INTEG_NONE;
	ike_algs_name(&a, name, sizeof(name));
	CU_ASSERT_STRING_EQUAL(name, "");
	a.dh = IKE_DH_COUNT;
	ike_algs_name(&a, name, sizeof(name));
	CU_ASSERT_STRING_EQUAL(name, "");
}

static const struct { const char *word, *bad; } ike_bad[] = {
	/* CBC without integrity: incomplete */
	{ "aes256-prfsha256-ecp256", "aes256-prfsha256-ecp256" },
	{ "aes128-ecp256", "aes128-ecp256" },
	/* GCM with integrity: the integrity word */
	{ "aes128gcm16-sha256-ecp256", "sha256" },
	{ "aes128gcm16-sha256-prfsha256-ecp256", "sha256" },
	/* GCM needs a prf word: incomplete */
	{ "aes128gcm16-ecp256", "aes128gcm16-ecp256" },
	/* no group: incomplete */
	{ "aes256-sha256", "aes256-sha256" },
	{ "aes256-sha256-prfsha256", "aes256-sha256-prfsha256" },
	{ "aes256gcm16-prfsha256", "aes256gcm16-prfsha256" },
	{ "aes256", "aes256" },
	/* unknown words */
	{ "aes192-sha256-ecp256", "aes192" },
	{ "aes256-sha1-ecp256", "sha1" },
	{ "aes256-sha256-prfmd5-ecp256", "prfmd5" },
	{ "aes256-sha256-ecp521", "ecp521" },
	{ "aes256-sha256-modp1024", "modp1024" },
	{ "AES256-sha256-ecp256", "AES256" },
	{ "3des-sha256-ecp256", "3des" },
	/* repeated, extra or out of order */
	{ "aes256-sha256-sha384-ecp256", "sha384" },
	{ "aes256-sha256-ecp256-ecp384", "ecp384" },
	{ "aes256-sha256-ecp256-prfsha256", "prfsha256" },
	{ "aes256-aes128-sha256-ecp256", "aes128" },
	{ "aes256-sha256-ecp256-x-y-z-w", "x" },
	{ "sha256-aes256-ecp256", "sha256-aes256-ecp256" },	/* no cipher first */
	/* empty parts name nothing: the whole word */
	{ "", "" },
	{ "-", "-" },
	{ "aes256--ecp256", "aes256--ecp256" },
	{ "aes256-sha256-ecp256-", "aes256-sha256-ecp256-" },
	/* ESP words are not IKE words */
	{ "aes128gcm16", "aes128gcm16" },
	{ "aes128-sha256", "aes128-sha256" },
};

static void
test_ike_refused(void)
{
	struct ike_algs a;
	char bad[64];
	size_t k;

	for (k = 0; k < N(ike_bad); k++) {
		strcpy(bad, "unset");
		if (ike_algs_parse(ike_bad[k].word, &a, bad, sizeof(bad)) != -1 ||
		    strcmp(bad, ike_bad[k].bad) != 0)
			FAIL_CASE(ike_bad[k].word);
	}
	/* the bad word is truncated to its buffer; no buffer is fine too */
	CU_ASSERT_EQUAL(ike_algs_parse("aes256-sha256-ecp999", &a, bad, 4), -1);
	CU_ASSERT_STRING_EQUAL(bad, "ecp");
	CU_ASSERT_EQUAL(ike_algs_parse("aes256-sha256-ecp999", &a, NULL, 0), -1);
	strcpy(bad, "unset");
	CU_ASSERT_EQUAL(ike_algs_parse("aes256-sha256-ecp999", &a, bad, 0), -1);
	CU_ASSERT_STRING_EQUAL(bad, "unset");
}

/* esp_xform.h's words with the transforms they are, as literals. */
static const struct {
	const char *w;
	enum esp_alg alg;
	enum ike_encr e;
	enum ike_integ i;
} esp_words[] = {
	{ "aes128gcm16", ESP_AES128_GCM16, IKE_ENCR_AES128_GCM16, IKE_INTEG_NONE },
	{ "aes256gcm16", ESP_AES256_GCM16, IKE_ENCR_AES256_GCM16, IKE_INTEG_NONE },
	{ "aes128-sha256", ESP_AES128_SHA256, IKE_ENCR_AES128_CBC, IKE_INTEG_SHA256_128 },
	{ "aes256-sha256", ESP_AES256_SHA256, IKE_ENCR_AES256_CBC, IKE_INTEG_SHA256_128 },
	{ "aes128-sha384", ESP_AES128_SHA384, IKE_ENCR_AES128_CBC, IKE_INTEG_SHA384_192 },
	{ "aes256-sha384", ESP_AES256_SHA384, IKE_ENCR_AES256_CBC, IKE_INTEG_SHA384_192 },
	{ "aes128-sha512", ESP_AES128_SHA512, IKE_ENCR_AES128_CBC, IKE_INTEG_SHA512_256 },
	{ "aes256-sha512", ESP_AES256_SHA512, IKE_ENCR_AES256_CBC, IKE_INTEG_SHA512_256 },
};

static void
test_esp_words(void)
{
	struct esp_algs a, b;
	char word[64], canon[64], name[IKE_ALGS_NAME_MAX], bad[64];
	enum ike_encr e;
	enum ike_integ i;
	size_t k, d;

	CU_ASSERT_EQUAL(N(esp_words), ESP_ALG_COUNT);
	for (k = 0; k < N(esp_words); k++) {
		esp_alg_transforms(esp_words[k].alg, &e, &i);
		if (e != esp_words[k].e || i != esp_words[k].i)
			FAIL_CASE(esp_words[k].w);
		/* no PFS */
		if (esp_algs_parse(esp_words[k].w, &a, bad, sizeof(bad)) != 0 ||
		    a.alg != esp_words[k].alg || a.dh != IKE_DH_NONE)
			FAIL_CASE(esp_words[k].w);
		esp_algs_name(&a, name, sizeof(name));
		if (strcmp(name, esp_words[k].w) != 0)
			FAIL_CASE(esp_words[k].w);
		for (d = 0; d < N(dh_words); d++) {
			snprintf(word, sizeof(word), "%s-%s", esp_words[k].w, dh_words[d].w);
			snprintf(canon, sizeof(canon), "%s-%s", esp_words[k].w,
			    dh_words[d].d == IKE_DH_CURVE25519 ? "x25519" : dh_words[d].w);
			if (esp_algs_parse(word, &a, bad, sizeof(bad)) != 0 ||
			    a.alg != esp_words[k].alg || a.dh != dh_words[d].d) {
				FAIL_CASE(word);
				continue;
			}
			esp_algs_name(&a, name, sizeof(name));
			if (strcmp(name, canon) != 0 ||
			    esp_algs_parse(name, &b, bad, sizeof(bad)) != 0 ||
			    memcmp(&a, &b, sizeof(a)) != 0)
				FAIL_CASE(word);
		}
	}
	/* the header's example */
	CU_ASSERT_EQUAL(esp_algs_parse("aes128gcm16-ecp256", &a, NULL, 0), 0);
	CU_ASSERT_TRUE(a.alg == ESP_AES128_GCM16 && a.dh == IKE_DH_ECP256);
	/* not an esp_alg: no transforms, no name */
	esp_alg_transforms(ESP_ALG_COUNT, &e, &i);
	CU_ASSERT_TRUE(e == IKE_ENCR_COUNT && i == IKE_INTEG_COUNT);
	a.alg = ESP_ALG_COUNT;
	esp_algs_name(&a, name, sizeof(name));
	CU_ASSERT_STRING_EQUAL(name, "");
}

static const struct { const char *word, *bad; } esp_bad[] = {
	{ "aes128", "aes128" },				/* CBC without integrity */
	{ "aes128-ecp256", "aes128-ecp256" },
	{ "aes128gcm16-sha256", "sha256" },		/* GCM with integrity */
	{ "aes128gcm16-sha256-ecp256", "sha256" },
	{ "aes128-sha256-prfsha256", "prfsha256" },	/* no PRF in ESP */
	{ "aes128gcm16-prfsha256-ecp256", "prfsha256" },
	{ "aes128-sha1", "sha1" },			/* unknown */
	{ "aes128-sha256-ecp999", "ecp999" },
	{ "chacha20poly1305", "chacha20poly1305" },
	{ "aes128-sha256-ecp256-ecp384", "ecp384" },	/* extra */
	{ "aes128-sha256-sha384", "sha384" },
	{ "", "" },
	{ "aes128--sha256", "aes128--sha256" },
};

static void
test_esp_refused(void)
{
	struct esp_algs a;
	char bad[64];
	size_t k;

	for (k = 0; k < N(esp_bad); k++) {
		strcpy(bad, "unset");
		if (esp_algs_parse(esp_bad[k].word, &a, bad, sizeof(bad)) != -1 ||
		    strcmp(bad, esp_bad[k].bad) != 0)
			FAIL_CASE(esp_bad[k].word);
	}
}

static CU_TestInfo tests[] = {
	{ "IANA numbers and sizes", test_iana_numbers },
	{ "unknown IANA numbers refused", test_unknown_ids_and_none },
	{ "every IKE word parses and names back", test_ike_words },
	{ "the header's IKE examples", test_ike_examples },
	{ "bad IKE words refused with the bad part", test_ike_refused },
	{ "every ESP word parses and names back", test_esp_words },
	{ "bad ESP words refused with the bad part", test_esp_refused },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "ike_alg"
#include "cunit_main.h"
