/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for IKEv2 Diffie-Hellman: RFC 5903 §8.1/§8.2 (ECP-256/384)
 * and RFC 7748 §6.1 (X25519) known answers, a MODP-2048 agreement computed
 * by an independent implementation, fresh key pairs agreeing, and every
 * kind of invalid peer value refused.
 */
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/bn.h>

#include "crypto/ike_dh.h"
#include "test_ike_util.h"

static const struct kat {
	const char *name;
	enum ike_dh group;
	const char *i, *gi, *r, *gr, *gir;	/* private, public (KE data), shared */
} kats[] = {
	{ "RFC 5903 8.1 ECP-256", IKE_DH_ECP256,
	    "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	    "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	    "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
	    "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	    "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
	{ "RFC 5903 8.2 ECP-384", IKE_DH_ECP384,
	    "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
	    "E35B538041E649EE3FAEF896783AB194",
	    "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
	    "DE3AC808ACB4BDB4C88732AEE95F41AA"
	    "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
	    "EB9FCFF3C2C947DAE69B4C634573A81C",
	    "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
	    "E0308312916B8ED2960E4BD55A7448FC",
	    "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
	    "0D1AC43A0336DEF96FDA41D0774A3571"
	    "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
	    "F83FA40142209DFF5EAAD96DB9E6386C",
	    "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
	    "D603135569B9E9D09CF5D4A270F59746" },
	{ "RFC 7748 6.1 X25519", IKE_DH_CURVE25519,
	    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	/*
	 * MODP-2048, made once with /usr/bin/python3 and python3-cryptography
	 * 38: p is group 14's prime (OpenSSL's modp_2048 parameters, checked
	 * against RFC 3526's first and last words), g = 2; the private values
	 * are SHA-256 of "i38" and "r193", chosen so that g^i and g^ir begin
	 * with a zero byte (the padding is tested); the public values are
	 * pow(2, x, p) and the secret DHPrivateKey.exchange(), 256 bytes.
	 */
	{ "MODP-2048 (python-made)", IKE_DH_MODP2048,
	    "7bda31aaf7d09a81ae2c7548e2ab415ba96b127074cce460ea864034ef6ab12b",
	    "0048ed4661a4e5c02bee309525b2e0105a92b406ed016c8c8f30ea9a165df18a"
	    "42210ea3f61405527af08331916f17c454568bace696c17ca1d615f72a15fcf8"
	    "7a5a84e7078f3fe58f43430c9c9d67872cc6d54aa66a387a9b709c07ec519f74"
	    "6b5e7e438eabdde7f67113fe637b4946384249a96c20504d6d97f91a9ea67165"
	    "c781d92e004719ef8ce210383555db628cbc1c0661bb9086957e02609ebf9635"
	    "7d675f9a46b47c6c4296d5c1afbbe09ef0ad4198293f40e3a07b443bd1f73226"
	    "74b46317546d832c9c0265147114a1e8a3646d7a8665b4ab02b0b30bc1f3d341"
	    "ef92fe8234c11090f72e105119947739ce823b6a1dedc24ae5d6d6321a2ddff2",
	    "cd8a3c1f126d0c79e456fb48fcb7d926d2faee52b70f1410d2a24bda6c046b78",
	    "afcd43e44c4f4fe36f4756194b95a1646abde797cb3e7680a5124a2544bda6c8"
	    "aa2b6bcf5993c69abc7f96381d70999fd809c2a68d599ebfcf39008cfe8e727b"
	    "bd343c56192cd523fc445f75f664e48ba3ed5066e11262bbcae3d1847a3c52bd"
	    "33e08ee17e2683a9960108bac76fc175f3a343eb9ede232ff0f72a3055743c31"
	    "7022196ff76327ae9661ff433988fe1092396c30af0b311cb026b82a19b6f909"
	    "2c6ac14c64ae8e9de82dc0d052e29aef6bfbd4adfcd7f02ca2fc74894720fe33"
	    "a8344cb4ee93c49c9e8c49cf2a2a7b04e94fbf4cda38bde823f5070c61792a28"
	    "13329f7fedf944068b82f2ae4a250a10831af263e033e547880cb434b69ce095",
	    "006c549436baaa1aa50f4a5abe5cd20ab578886cac56e77f0120ebc1c1a6844d"
	    "af7216e2c4aea7f10e8c9931a441f352218fbccb8c3c1885ccd357529f092b85"
	    "d2949e227c6c1836ce68948f00dad49f92c32877cbd89dfb2141704a41c76a5f"
	    "3cb3c1e5b3e019e7aeedde81430b06e3c9e32372511e577ff3c86e20d8f22939"
	    "6016efad3f31376ba518da7267c02fec705c4796cdb7ab4efd1ebe6635f734ba"
	    "2cbb09eda8d7488b5710d8c161979fbeedd5ae844eb46db0730e166b0dba7ac6"
	    "1de328ee9ba74a81385fb8f8d7862277b5cda32f0c798ae18fd1c836534c1f4b"
	    "3aaa6e4dbcf58350a6b17f5d92f7f1d5ea2494b7f4b19a9a64b76fb677cd1827" },
};

/* One side of a KAT: its key from priv gives pub, and with the peer's
 * public value the shared secret. */
static void
kat_side(const struct kat *k, const char *priv, const char *pub, const char *peer)
{
	const struct ike_dh_info *info = ike_dh_info(k->group);
	uint8_t x[IKE_DH_SECRET_MAX], p[IKE_DH_PUBLIC_MAX], out[IKE_DH_PUBLIC_MAX];
	size_t xlen = unhex(priv, x, sizeof(x)), plen = unhex(peer, p, sizeof(p));
	struct ike_dh_key *dh = ike_dh_new_private(k->group, x, xlen);

	if (dh == NULL) {
		FAIL_CASE(k->name);
		return;
	}
	CU_ASSERT_EQUAL(ike_dh_group(dh), k->group);
	if (ike_dh_public(dh, out, info->public_len) != 0 ||
	    !hex_equal(out, info->public_len, pub))
		FAIL_CASE(k->name);
	CU_ASSERT_EQUAL(plen, info->public_len);
	if (ike_dh_shared(dh, p, plen, out, info->secret_len) != 0 ||
	    !hex_equal(out, info->secret_len, k->gir))
		FAIL_CASE(k->name);
	ike_dh_free(dh);
}

static void
test_known_answers(void)
{
	size_t k;

	for (k = 0; k < N_OF(kats); k++) {
		kat_side(&kats[k], kats[k].i, kats[k].gi, kats[k].gr);
		kat_side(&kats[k], kats[k].r, kats[k].gr, kats[k].gi);
	}
}

static const enum ike_dh all_groups[] = {
	IKE_DH_MODP2048, IKE_DH_ECP256, IKE_DH_ECP384, IKE_DH_CURVE25519,
};

/* Two fresh key pairs agree; a third one does not share their secret. */
static void
test_fresh_pairs_agree(void)
{
	size_t k;

	for (k = 0; k < N_OF(all_groups); k++) {
		const struct ike_dh_info *info = ike_dh_info(all_groups[k]);
		struct ike_dh_key *a = ike_dh_new(all_groups[k]), *b = ike_dh_new(all_groups[k]);
		struct ike_dh_key *c = ike_dh_new(all_groups[k]);
		uint8_t pa[IKE_DH_PUBLIC_MAX], pb[IKE_DH_PUBLIC_MAX], pc[IKE_DH_PUBLIC_MAX];
		uint8_t sa[IKE_DH_SECRET_MAX], sb[IKE_DH_SECRET_MAX], sc[IKE_DH_SECRET_MAX];

		CU_ASSERT_FATAL(a != NULL && b != NULL && c != NULL);
		CU_ASSERT_EQUAL(ike_dh_public(a, pa, info->public_len), 0);
		CU_ASSERT_EQUAL(ike_dh_public(b, pb, info->public_len), 0);
		CU_ASSERT_EQUAL(ike_dh_public(c, pc, info->public_len), 0);
		CU_ASSERT_NOT_EQUAL(memcmp(pa, pb, info->public_len), 0);
		CU_ASSERT_EQUAL(ike_dh_shared(a, pb, info->public_len, sa, info->secret_len), 0);
		CU_ASSERT_EQUAL(ike_dh_shared(b, pa, info->public_len, sb, info->secret_len), 0);
		CU_ASSERT_EQUAL(memcmp(sa, sb, info->secret_len), 0);
		CU_ASSERT_EQUAL(ike_dh_shared(c, pa, info->public_len, sc, info->secret_len), 0);
		CU_ASSERT_NOT_EQUAL(memcmp(sa, sc, info->secret_len), 0);
		ike_dh_free(a);
		ike_dh_free(b);
		ike_dh_free(c);
	}
}

/* ike_dh_shared with a key of group refuses peer[len] and cleanses out. */
static void
check_refused(const char *name, enum ike_dh group, const uint8_t *peer, size_t len)
{
	const struct ike_dh_info *info = ike_dh_info(group);
	struct ike_dh_key *dh = ike_dh_new(group);
	uint8_t out[IKE_DH_SECRET_MAX];
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dh);
	memset(out, 0x5a, sizeof(out));
	if (ike_dh_shared(dh, peer, len, out, info->secret_len) != -1)
		FAIL_CASE(name);
	for (i = 0; i < info->secret_len; i++)
		if (out[i] != 0) {
			FAIL_CASE(name);
			break;
		}
	ike_dh_free(dh);
}

static void
test_modp_refused(void)
{
	uint8_t v[IKE_DH_PUBLIC_MAX + 1];
	BIGNUM *p = BN_get_rfc3526_prime_2048(NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memset(v, 0, sizeof(v));
	check_refused("MODP 0", IKE_DH_MODP2048, v, 256);
	v[255] = 1;
	check_refused("MODP 1", IKE_DH_MODP2048, v, 256);
	CU_ASSERT_FATAL(BN_bn2binpad(p, v, 256) == 256);
	check_refused("MODP p", IKE_DH_MODP2048, v, 256);
	CU_ASSERT_FATAL(BN_sub_word(p, 1) == 1 && BN_bn2binpad(p, v, 256) == 256);
	check_refused("MODP p-1", IKE_DH_MODP2048, v, 256);
	memset(v, 0xff, sizeof(v));
	check_refused("MODP 2^2048-1", IKE_DH_MODP2048, v, 256);
	/* 11 is not a square mod p: outside g's subgroup of order q */
	memset(v, 0, sizeof(v));
	v[255] = 11;
	check_refused("MODP 11 (not in the subgroup)", IKE_DH_MODP2048, v, 256);
	/* a good value at a wrong length: the KE data is exactly 256 bytes */
	v[255] = 2;
	check_refused("MODP 255 bytes", IKE_DH_MODP2048, v + 1, 255);
	check_refused("MODP 257 bytes", IKE_DH_MODP2048, v, 257);
	BN_free(p);
}

static void
test_ecp_refused(void)
{
	uint8_t v[97], good[96];
	size_t len;

	/* RFC 5903's responder point with one bit of y flipped: off the curve */
	len = unhex(kats[0].gr, v, sizeof(v));
	v[len - 1] ^= 1;
	check_refused("ECP-256 off the curve", IKE_DH_ECP256, v, len);
	len = unhex(kats[1].gr, v, sizeof(v));
	memcpy(good, v, len);
	v[10] ^= 0x80;
	check_refused("ECP-384 off the curve", IKE_DH_ECP384, v, len);
	memset(v, 0, sizeof(v));
	check_refused("ECP-256 (0, 0)", IKE_DH_ECP256, v, 64);
	check_refused("ECP-384 (0, 0)", IKE_DH_ECP384, v, 96);
	memset(v, 0xff, sizeof(v));
	check_refused("ECP-256 coordinates >= p", IKE_DH_ECP256, v, 64);
	/* right point, wrong lengths (with the 0x04 prefix RFC 5903 omits) */
	v[0] = 0x04;
	memcpy(v + 1, good, 96);
	check_refused("ECP-384 with 0x04", IKE_DH_ECP384, v, 97);
	check_refused("ECP-384 short", IKE_DH_ECP384, good, 95);
	check_refused("ECP-384 as ECP-256", IKE_DH_ECP256, good, 96);
}

static void
test_x25519_refused(void)
{
	/* small-order u-coordinates give the all-zero secret (RFC 7748 §6.1) */
	uint8_t v[33];

	memset(v, 0, sizeof(v));
	check_refused("X25519 u = 0", IKE_DH_CURVE25519, v, 32);
	v[0] = 1;
	check_refused("X25519 u = 1", IKE_DH_CURVE25519, v, 32);
	CU_ASSERT_EQUAL(unhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	    v, sizeof(v)), 32);
	check_refused("X25519 order-8 point", IKE_DH_CURVE25519, v, 32);
	check_refused("X25519 31 bytes", IKE_DH_CURVE25519, v, 31);
	check_refused("X25519 33 bytes", IKE_DH_CURVE25519, v, 33);
	check_refused("X25519 no value", IKE_DH_CURVE25519, NULL, 32);
}

static void
test_api_refused(void)
{
	uint8_t buf[IKE_DH_PUBLIC_MAX + 1] = { 1 }, out[IKE_DH_SECRET_MAX];
	struct ike_dh_key *dh;

	CU_ASSERT_PTR_NULL(ike_dh_new(IKE_DH_NONE));
	CU_ASSERT_PTR_NULL(ike_dh_new(IKE_DH_COUNT));
	CU_ASSERT_PTR_NULL(ike_dh_new_private(IKE_DH_NONE, buf, 32));
	CU_ASSERT_PTR_NULL(ike_dh_new_private(IKE_DH_CURVE25519, buf, 31));
	CU_ASSERT_PTR_NULL(ike_dh_new_private(IKE_DH_ECP256, buf, 0));
	ike_dh_free(NULL);
	dh = ike_dh_new(IKE_DH_ECP256);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dh);
	/* the KE data and secret lengths are exact */
	CU_ASSERT_EQUAL(ike_dh_public(dh, buf, 65), -1);
	CU_ASSERT_EQUAL(ike_dh_public(dh, buf, 63), -1);
	CU_ASSERT_EQUAL(ike_dh_public(dh, buf, 64), 0);
	CU_ASSERT_EQUAL(ike_dh_shared(dh, buf, 64, out, 33), -1);
	CU_ASSERT_EQUAL(ike_dh_shared(dh, buf, 64, out, 31), -1);
	/* our own public value is a valid peer value */
	CU_ASSERT_EQUAL(ike_dh_shared(dh, buf, 64, out, 32), 0);
	ike_dh_free(dh);
}

static CU_TestInfo tests[] = {
	{ "RFC 5903, RFC 7748 and python-made MODP answers", test_known_answers },
	{ "fresh key pairs agree, every group", test_fresh_pairs_agree },
	{ "MODP: 0, 1, p-1, p, non-subgroup, lengths refused", test_modp_refused },
	{ "ECP: off-curve, (0,0), >= p, lengths refused", test_ecp_refused },
	{ "X25519: small order and lengths refused", test_x25519_refused },
	{ "bad groups and lengths refused", test_api_refused },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "ike_dh"
#include "cunit_main.h"
