/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for SA payload proposals (src/ike/ike_proposal.c): what vgw
 * offers for its `ike proposal` and `esp proposal` words, transform by
 * transform, and which of a peer's proposals it chooses. The transforms
 * are written with their IANA numbers (RFC 7296 §3.3.2, RFC 5282, RFC
 * 8031's registry entries), not through ike_alg's tables, and one offer is
 * compared byte for byte with an SA payload written by hand from §3.3.
 * The peers' proposals are shaped as strongSwan sends them: one proposal
 * listing every algorithm of a kind, in its own order of preference.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ike/ike_build.h"
#include "ike/ike_proposal.h"
#include "test_ike_util.h"

/* IANA numbers (RFC 7296 §3.3.2 and the IKEv2 registry) */
#define ENCR_AES_CBC		12
#define ENCR_AES_GCM_16		20
#define PRF_SHA256		5
#define PRF_SHA384		6
#define PRF_SHA512		7
#define AUTH_SHA256_128		12
#define AUTH_SHA384_192		13
#define AUTH_SHA512_256		14
#define MODP2048		14
#define ECP256			19
#define ECP384			20
#define CURVE25519		31

#define XF(t, i, k)		{ .type = (t), .id = (i), .key_bits = (k) }

static const struct ike_algs gcm128 = { IKE_ENCR_AES128_GCM16, IKE_INTEG_NONE,
	IKE_PRF_SHA256, IKE_DH_ECP256 };
static const struct ike_algs gcm256 = { IKE_ENCR_AES256_GCM16, IKE_INTEG_NONE,
	IKE_PRF_SHA384, IKE_DH_ECP384 };
static const struct ike_algs cbc256 = { IKE_ENCR_AES256_CBC, IKE_INTEG_SHA256_128,
	IKE_PRF_SHA256, IKE_DH_MODP2048 };

/* A proposal's transforms are exactly want[n] (type, id, key bits), in order. */
static void
assert_transforms(const struct ike_proposal *p, const struct ike_transform *want, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(p->ntransforms, n);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(p->xf[i].type, want[i].type);
		CU_ASSERT_EQUAL(p->xf[i].id, want[i].id);
		CU_ASSERT_EQUAL(p->xf[i].key_bits, want[i].key_bits);
		CU_ASSERT_FALSE(p->xf[i].unknown_attr);
	}
}

static void
test_offer_ike(void)
{
	const struct ike_algs words[] = { gcm128, cbc256, gcm256 };
	const struct ike_transform want0[] = { XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128),
	    XF(IKE_XF_PRF, PRF_SHA256, 0), XF(IKE_XF_DH, ECP256, 0) };
	const struct ike_transform want1[] = { XF(IKE_XF_ENCR, ENCR_AES_CBC, 256),
	    XF(IKE_XF_INTEG, AUTH_SHA256_128, 0), XF(IKE_XF_PRF, PRF_SHA256, 0),
	    XF(IKE_XF_DH, MODP2048, 0) };
	const struct ike_transform want2[] = { XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 256),
	    XF(IKE_XF_PRF, PRF_SHA384, 0), XF(IKE_XF_DH, ECP384, 0) };
	struct ike_proposal p[IKE_PROPOSALS_MAX];
	size_t i;

	CU_ASSERT_EQUAL_FATAL(ike_offer_ike(words, 3, 0, 0, p), 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(p[i].num, i + 1);
		CU_ASSERT_EQUAL(p[i].protocol, 1);	/* IKE */
		CU_ASSERT_EQUAL(p[i].spi_size, 0);
		CU_ASSERT_EQUAL(p[i].spi, 0);
	}
	assert_transforms(&p[0], want0, N_OF(want0));
	assert_transforms(&p[1], want1, N_OF(want1));
	assert_transforms(&p[2], want2, N_OF(want2));
	/* rekeying: the new SPI in each */
	CU_ASSERT_EQUAL_FATAL(ike_offer_ike(words, 1, 8, 0x0102030405060708ull, p), 1);
	CU_ASSERT_EQUAL(p[0].spi_size, 8);
	CU_ASSERT_EQUAL(p[0].spi, 0x0102030405060708ull);
	assert_transforms(&p[0], want0, N_OF(want0));
}

static void
test_offer_ike_bound(void)
{
	struct ike_algs words[IKE_PROPOSALS_MAX + 4];
	struct ike_proposal p[IKE_PROPOSALS_MAX];
	size_t i;

	for (i = 0; i < N_OF(words); i++)
		words[i] = gcm128;
	CU_ASSERT_EQUAL(ike_offer_ike(words, N_OF(words), 0, 0, p), IKE_PROPOSALS_MAX);
	CU_ASSERT_EQUAL(ike_offer_ike(words, 0, 0, 0, p), 0);
}

/* The offer as it goes on the wire, against §3.3 written out by hand. */
static void
test_offer_ike_wire(void)
{
	static const char *const want =
	    /* generic header: next 0, length 4 + 36 */
	    "00 00 00 28"
	    /* proposal: last, length 36, #1, IKE, SPI size 0, 3 transforms */
	    "00 00 00 24 01 01 00 03"
	    /* ENCR AES-GCM-16 with Key Length (TV 14) 128 */
	    "03 00 00 0c 01 00 00 14 80 0e 00 80"
	    /* PRF HMAC-SHA2-256 */
	    "03 00 00 08 02 00 00 05"
	    /* DH 19, the last transform */
	    "00 00 00 08 04 00 00 13";
	struct ike_hdr h = { .spi_i = 1, .exchange = IKE_EXCH_IKE_SA_INIT, .flags = IKE_FLAG_I };
	struct ike_proposal p;
	struct ike_build b;
	uint8_t buf[256], expect[64];
	size_t len, n = unhex(want, expect, sizeof(expect));

	CU_ASSERT_EQUAL_FATAL(ike_offer_ike(&gcm128, 1, 0, 0, &p), 1);
	ike_build_init(&b, buf, sizeof(buf), &h);
	ike_build_sa(&b, &p, 1);
	CU_ASSERT_EQUAL_FATAL(ike_build_finish(&b, &len), 0);
	CU_ASSERT_EQUAL_FATAL(len, IKE_HDR_LEN + n);
	CU_ASSERT_EQUAL(buf[16], IKE_PL_SA);
	CU_ASSERT(memcmp(buf + IKE_HDR_LEN, expect, n) == 0);
}

static void
test_offer_esp(void)
{
	const struct esp_algs words[] = { { ESP_AES128_GCM16, IKE_DH_NONE },
	    { ESP_AES256_SHA256, IKE_DH_ECP384 }, { ESP_AES128_SHA512, IKE_DH_CURVE25519 } };
	const struct ike_transform gcm_esn[] = { XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128),
	    XF(IKE_XF_ESN, 1, 0) };
	const struct ike_transform cbc_esn[] = { XF(IKE_XF_ENCR, ENCR_AES_CBC, 256),
	    XF(IKE_XF_INTEG, AUTH_SHA256_128, 0), XF(IKE_XF_ESN, 1, 0) };
	const struct ike_transform gcm_pfs[] = { XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128),
	    XF(IKE_XF_ESN, 0, 0) };
	const struct ike_transform cbc_pfs[] = { XF(IKE_XF_ENCR, ENCR_AES_CBC, 256),
	    XF(IKE_XF_INTEG, AUTH_SHA256_128, 0), XF(IKE_XF_DH, ECP384, 0),
	    XF(IKE_XF_ESN, 0, 0) };
	const struct ike_transform sha512_pfs[] = { XF(IKE_XF_ENCR, ENCR_AES_CBC, 128),
	    XF(IKE_XF_INTEG, AUTH_SHA512_256, 0), XF(IKE_XF_DH, CURVE25519, 0),
	    XF(IKE_XF_ESN, 0, 0) };
	struct ike_proposal p[IKE_PROPOSALS_MAX];
	size_t i;

	/* IKE_AUTH: no DH transforms, whatever the words' groups; ESN only */
	CU_ASSERT_EQUAL_FATAL(ike_offer_esp(words, 2, true, false, 0xc0ffee01, p), 2);
	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(p[i].num, i + 1);
		CU_ASSERT_EQUAL(p[i].protocol, 3);	/* ESP */
		CU_ASSERT_EQUAL(p[i].spi_size, 4);
		CU_ASSERT_EQUAL(p[i].spi, 0xc0ffee01);
	}
	assert_transforms(&p[0], gcm_esn, N_OF(gcm_esn));
	assert_transforms(&p[1], cbc_esn, N_OF(cbc_esn));
	/* CREATE_CHILD_SA with PFS: a word's group, none for a word without */
	CU_ASSERT_EQUAL_FATAL(ike_offer_esp(words, 3, false, true, 0x1234, p), 3);
	assert_transforms(&p[0], gcm_pfs, N_OF(gcm_pfs));
	assert_transforms(&p[1], cbc_pfs, N_OF(cbc_pfs));
	assert_transforms(&p[2], sha512_pfs, N_OF(sha512_pfs));
}

/* strongSwan's way: one proposal with AES_GCM_16 128 and 256, PRF
 * SHA-256/384/512 and DH 19/20/14/31 (its order, not ours). */
static const struct ike_sa_pl swan_ike = { .n = 1, .prop = { {
	.num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 9, .xf = {
		XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128), XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 256),
		XF(IKE_XF_PRF, PRF_SHA256, 0), XF(IKE_XF_PRF, PRF_SHA384, 0),
		XF(IKE_XF_PRF, PRF_SHA512, 0),
		XF(IKE_XF_DH, ECP256, 0), XF(IKE_XF_DH, ECP384, 0), XF(IKE_XF_DH, MODP2048, 0),
		XF(IKE_XF_DH, CURVE25519, 0) } } } };

static void
test_choose_ike_our_order(void)
{
	const struct ike_algs a[] = { gcm256, gcm128 }, b[] = { gcm128, gcm256 };
	const struct ike_algs c[] = { cbc256, gcm256 };
	size_t ix = 99;

	CU_ASSERT_EQUAL(ike_choose_ike(&swan_ike, a, 2, &ix), 0);
	CU_ASSERT_EQUAL(ix, 0);
	CU_ASSERT_EQUAL(ike_choose_ike(&swan_ike, b, 2, &ix), 0);
	/* our first word is not offered (no CBC): the second */
	CU_ASSERT_EQUAL(ike_choose_ike(&swan_ike, c, 2, &ix), 1);
	/* none of ours */
	CU_ASSERT_EQUAL(ike_choose_ike(&swan_ike, &cbc256, 1, &ix), -1);
	CU_ASSERT_EQUAL(ike_choose_ike(&swan_ike, a, 0, &ix), -1);
}

static void
test_choose_ike_proposals(void)
{
	/* two proposals: CBC first, then GCM; ours prefer GCM: the peer's
	 * second proposal is chosen, and its index told */
	const struct ike_sa_pl two = { .n = 2, .prop = {
		{ .num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 4, .xf = {
			XF(IKE_XF_ENCR, ENCR_AES_CBC, 256), XF(IKE_XF_INTEG, AUTH_SHA256_128, 0),
			XF(IKE_XF_PRF, PRF_SHA256, 0), XF(IKE_XF_DH, MODP2048, 0) } },
		{ .num = 2, .protocol = IKE_PROTO_IKE, .ntransforms = 3, .xf = {
			XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128), XF(IKE_XF_PRF, PRF_SHA256, 0),
			XF(IKE_XF_DH, ECP256, 0) } } } };
	const struct ike_algs ours[] = { gcm128, cbc256 }, cbc_first[] = { cbc256, gcm128 };
	size_t ix = 99;

	CU_ASSERT_EQUAL(ike_choose_ike(&two, ours, 2, &ix), 0);
	CU_ASSERT_EQUAL(ix, 1);
	CU_ASSERT_EQUAL(ike_choose_ike(&two, cbc_first, 2, &ix), 0);
	CU_ASSERT_EQUAL(ix, 0);
}

static void
test_choose_ike_refusals(void)
{
	struct ike_sa_pl sa = swan_ike;
	struct ike_proposal *p = &sa.prop[0];
	size_t ix;

	/* a transform with an attribute vgw does not know is skipped
	 * (§3.3.6): GCM 128 then is not offered, GCM 256 still is */
	p->xf[0].unknown_attr = true;
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), -1);
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm256, 1, &ix), 0);
	/* the same transform known again, later in the list: taken */
	p->xf[p->ntransforms++] = (struct ike_transform)XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128);
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), 0);
	/* another key length is another transform */
	sa = swan_ike;
	p->xf[0].key_bits = 192;
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), -1);
	/* an ESP proposal is no IKE proposal */
	sa = swan_ike;
	p->protocol = IKE_PROTO_ESP;
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), -1);
	/* AEAD: an integrity "none" (id 0) listed is fine, a real one not */
	sa = swan_ike;
	p->xf[p->ntransforms++] = (struct ike_transform)XF(IKE_XF_INTEG, 0, 0);
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), 0);
	sa = swan_ike;
	p->xf[p->ntransforms++] = (struct ike_transform)XF(IKE_XF_INTEG, AUTH_SHA256_128, 0);
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), -1);
	/* CBC needs its integrity: a CBC proposal without one is refused */
	sa = (struct ike_sa_pl){ .n = 1, .prop = { { .num = 1, .protocol = IKE_PROTO_IKE,
	    .ntransforms = 3, .xf = { XF(IKE_XF_ENCR, ENCR_AES_CBC, 256),
	    XF(IKE_XF_PRF, PRF_SHA256, 0), XF(IKE_XF_DH, MODP2048, 0) } } } };
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &cbc256, 1, &ix), -1);
	/* no DH transform at all: refused (IKE SAs always have one) */
	sa = swan_ike;
	p->ntransforms = 5;
	CU_ASSERT_EQUAL(ike_choose_ike(&sa, &gcm128, 1, &ix), -1);
}

/* An ESP proposal as strongSwan sends it: GCM 128 and 256, ESN choices. */
static struct ike_sa_pl
swan_esp(bool esn_no, bool esn_yes)
{
	struct ike_sa_pl sa = { .n = 1, .prop = { { .num = 1, .protocol = IKE_PROTO_ESP,
	    .spi_size = 4, .spi = 0xc1a2b3c4, .ntransforms = 2, .xf = {
		XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 128), XF(IKE_XF_ENCR, ENCR_AES_GCM_16, 256) } } } };
	struct ike_proposal *p = &sa.prop[0];

	if (esn_yes)
		p->xf[p->ntransforms++] = (struct ike_transform)XF(IKE_XF_ESN, 1, 0);
	if (esn_no)
		p->xf[p->ntransforms++] = (struct ike_transform)XF(IKE_XF_ESN, 0, 0);
	return sa;
}

static const struct esp_algs esp_gcm128 = { ESP_AES128_GCM16, IKE_DH_NONE };
static const struct esp_algs esp_gcm256 = { ESP_AES256_GCM16, IKE_DH_NONE };
static const struct esp_algs esp_cbc = { ESP_AES256_SHA256, IKE_DH_NONE };

static void
test_choose_esp_our_order(void)
{
	struct ike_sa_pl sa = swan_esp(true, false);
	const struct esp_algs a[] = { esp_gcm256, esp_gcm128 }, b[] = { esp_cbc, esp_gcm128 };
	size_t ix = 99;
	bool esn = true;

	CU_ASSERT_EQUAL(ike_choose_esp(&sa, a, 2, false, false, &ix, &esn), 0);
	CU_ASSERT_EQUAL(ix, 0);
	CU_ASSERT_FALSE(esn);
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, b, 2, false, false, &ix, &esn), 1);
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, &esp_cbc, 1, false, false, &ix, &esn), -1);
	/* the SPI size must be 4 */
	sa.prop[0].spi_size = 8;
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, a, 2, false, false, &ix, &esn), -1);
	/* an IKE proposal is no ESP proposal */
	sa = swan_esp(true, false);
	sa.prop[0].protocol = IKE_PROTO_IKE;
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, a, 2, false, false, &ix, &esn), -1);
	/* CBC with its integrity */
	sa = swan_esp(true, false);
	sa.prop[0].xf[0] = (struct ike_transform)XF(IKE_XF_ENCR, ENCR_AES_CBC, 256);
	sa.prop[0].xf[sa.prop[0].ntransforms++] =
	    (struct ike_transform)XF(IKE_XF_INTEG, AUTH_SHA256_128, 0);
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, b, 2, false, false, &ix, &esn), 0);
}

static void
test_choose_esp_esn(void)
{
	static const struct {
		bool	 no, yes;	/* the peer offers ESN 0 / ESN 1 */
		bool	 wanted;	/* the tunnel says esn */
		int	 chosen;	/* 0, or -1 */
		bool	 esn;
	} cases[] = {
		{ true, true, true, 0, true },		/* both offered: ours */
		{ true, true, false, 0, false },
		{ true, false, true, 0, false },	/* only without: without */
		{ true, false, false, 0, false },
		{ false, true, true, 0, true },		/* only with */
		{ false, true, false, -1, false },	/* ... and we offer without only */
		{ false, false, true, 0, false },	/* no ESN transform: 32-bit */
		{ false, false, false, 0, false },
	};
	size_t i, ix;

	for (i = 0; i < N_OF(cases); i++) {
		struct ike_sa_pl sa = swan_esp(cases[i].no, cases[i].yes);
		bool esn = !cases[i].esn;
		char name[64];
		int k = ike_choose_esp(&sa, &esp_gcm128, 1, cases[i].wanted, false, &ix, &esn);

		snprintf(name, sizeof(name), "ESN case %zu", i);
		if (k != cases[i].chosen || (k == 0 && esn != cases[i].esn))
			FAIL_CASE(name);
	}
}

static void
test_choose_esp_dh(void)
{
	const struct esp_algs pfs = { ESP_AES128_GCM16, IKE_DH_ECP256 };
	struct ike_sa_pl sa = swan_esp(true, false), with19;
	size_t ix;
	bool esn;

	with19 = sa;
	with19.prop[0].xf[with19.prop[0].ntransforms++] =
	    (struct ike_transform)XF(IKE_XF_DH, ECP256, 0);
	/* IKE_AUTH (with_dh false): DH transforms do not count either way */
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, &pfs, 1, false, false, &ix, &esn), 0);
	CU_ASSERT_EQUAL(ike_choose_esp(&with19, &esp_gcm128, 1, false, false, &ix, &esn), 0);
	/* CREATE_CHILD_SA: our group must be offered ... */
	CU_ASSERT_EQUAL(ike_choose_esp(&with19, &pfs, 1, false, true, &ix, &esn), 0);
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, &pfs, 1, false, true, &ix, &esn), -1);
	/* ... and a word without PFS takes a proposal without DH, or with
	 * the group NONE (0), not one that demands a group */
	CU_ASSERT_EQUAL(ike_choose_esp(&sa, &esp_gcm128, 1, false, true, &ix, &esn), 0);
	CU_ASSERT_EQUAL(ike_choose_esp(&with19, &esp_gcm128, 1, false, true, &ix, &esn), -1);
	with19.prop[0].xf[with19.prop[0].ntransforms - 1].id = 0;
	CU_ASSERT_EQUAL(ike_choose_esp(&with19, &esp_gcm128, 1, false, true, &ix, &esn), 0);
	/* another group than ours */
	with19.prop[0].xf[with19.prop[0].ntransforms - 1].id = ECP384;
	CU_ASSERT_EQUAL(ike_choose_esp(&with19, &pfs, 1, false, true, &ix, &esn), -1);
}

static void
test_proposals_text(void)
{
	struct ike_sa_pl sa = swan_ike;
	char out[256], small[12];
	struct ike_proposal *p;

	ike_proposals_text(&swan_ike, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "aes128gcm16-aes256gcm16-prfsha256-prfsha384-prfsha512-"
	    "ecp256-ecp384-modp2048-x25519");
	/* a second proposal after ", "; unknown transforms by their numbers
	 * (3DES, id 3; a key length marked +); ESN words */
	sa.n = 2;
	p = &sa.prop[1];
	*p = (struct ike_proposal){ .num = 2, .protocol = IKE_PROTO_IKE, .ntransforms = 5, .xf = {
		XF(IKE_XF_ENCR, 3, 0), XF(IKE_XF_ENCR, ENCR_AES_CBC, 192),
		XF(IKE_XF_INTEG, AUTH_SHA384_192, 0), XF(IKE_XF_ESN, 1, 0),
		XF(IKE_XF_ESN, 0, 0) } };
	ike_proposals_text(&sa, out, sizeof(out));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "x25519, 1:3-1:12+-sha384-esn-noesn"));
	/* cut short, never past the end */
	memset(small, 'X', sizeof(small));
	ike_proposals_text(&sa, small, sizeof(small));
	CU_ASSERT_EQUAL(strlen(small), sizeof(small) - 1);
	CU_ASSERT_STRING_EQUAL(small, "aes128gcm16");
	sa.n = 0;
	ike_proposals_text(&sa, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "");
}

static CU_TestInfo tests[] = {
	{ "offer_ike", test_offer_ike },
	{ "offer_ike_bound", test_offer_ike_bound },
	{ "offer_ike_wire", test_offer_ike_wire },
	{ "offer_esp", test_offer_esp },
	{ "choose_ike_our_order", test_choose_ike_our_order },
	{ "choose_ike_proposals", test_choose_ike_proposals },
	{ "choose_ike_refusals", test_choose_ike_refusals },
	{ "choose_esp_our_order", test_choose_esp_our_order },
	{ "choose_esp_esn", test_choose_esp_esn },
	{ "choose_esp_dh", test_choose_esp_dh },
	{ "proposals_text", test_proposals_text },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_proposal"
#include "cunit_main.h"
