/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for IKEv2 key derivation and PSK AUTH: a full IKE SA
 * derivation, a rekey, CHILD_SA keying material with and without PFS and
 * a PSK AUTH value per PRF, each against vectors computed once by an
 * independent implementation (below); then the refusals.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include "crypto/ike_keys.h"
#include "test_ike_util.h"

/*
 * The vectors were made once with /usr/bin/python3 and python3-cryptography
 * 38, its hmac.HMAC as the PRF and RFC 7296 written out in a few lines:
 *   prf+(K, S): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n) (§2.13)
 *   SKEYSEED = prf(Ni | Nr, g^ir); keymat = prf+(SKEYSEED, Ni | Nr | SPIi |
 *     SPIr), split as SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr
 *     (§2.14), with the lengths of each case;
 *   rekey (§2.18), into the next case's algorithms (the third into the
 *     first): SKEYSEED' = prf_old(SK_d, g' | Ni' | Nr'), keymat' =
 *     prf+_new(SKEYSEED', Ni' | Nr' | SPIi' | SPIr');
 *   child = prf+(SK_d, Ni' | Nr'), child with PFS = prf+(SK_d, g' | Ni' |
 *     Nr'), both 2 × (SK_e + SK_a lengths) bytes (§2.17);
 *   auth = prf(prf(b"a shared secret", b"Key Pad for IKEv2"), msg | Nr |
 *     prf(SK_pi, b"\x02\x00\x00\x00vgw.example")) (§2.15).
 * Every input is fill(len, seed), the bytes (seed + 31 × i) mod 256:
 * Ni seed 1, Nr 2, g^ir 3, SPIi 4, SPIr 5; for the rekey and the CHILD_SA
 * Ni' 6, Nr' 7, g' 8, SPIi' 9, SPIr' 10; msg 300 bytes of seed 11.
 */
static const struct vec {
	const char *word;
	size_t g_len, ni_len, nr_len;
	uint8_t d_len, a_len, e_len, p_len;
	const char *keymat, *rekey, *child, *child_pfs, *auth;
} vecs[] = {
	{ "aes128gcm16-prfsha256-ecp256", 32, 32, 32, 32, 0, 20, 32, /* keymat, rekey, child, child with PFS, auth */
	    "3407aa1ada0c6c7fc04ff717cb6d0de54a34017cd1400251c2236888688bf094"
	    "30b951663010c18abb96569bba5ade2db813abf851800762238716a93fe67f7e"
	    "d68d9834915b543cd9dfe7226cc4e4a9c5971c4d74da078986f49fe247c1bd2b"
	    "e2de992929a9bf0e630d570e739a19deeb1c6c04a7d1b35be433cd116ed08752"
	    "8b85d596877dfac0",
	    "9b41f9555295b401b8eef921833ed49cc07948fd50f7ef2336861614680c42b9"
	    "7f5953ced3757978f50d09632abd44c4ebb5873688d0897765b77ff6a4e65cec"
	    "5e41643cdd3e70dbe7daac434906d05e21ceba23648e220ecaace137120cca97"
	    "a4120173177830e63b44b241614ca56e6b5eb8f9bbbe4af11faca003dbc35966"
	    "e8533a02b9c6b16c1dbdc3190dfc4cd4b17a08f52114fa9b10c53b41d42b02ae"
	    "c9b76bdd44047ab991c9efa11b0af9ff25cbba91655f486050c82634affb9f82"
	    "a097a7dc72601dfa7f2f2f785cff9ee62680dd2cec88e2b11a4af61c4796553b"
	    "4cb20ff6e804dc9de6685018b81f6270fc3fa919351a63db61404a3880b364c6"
	    "05c5921fdacf3327012bcc812adf87b779e454154fbe5986b9ddbb93ecee17dc"
	    "8057573d97732f36100f104209e9c507",
	    "8189b80323b78779897bc9211074d2d98df8aaa63a145aad75fdfef5be45b944"
	    "e1f0243e1ba1275b",
	    "05b6d096ccf09667080bbcac0cc052c4fb75c5f26ccdff3c11e60c1cbf20b74f"
	    "2ee77d075ad51a5d",
	    "302e0a6c227b044894c24dbbc9c259db7f593b6799e405e41be96c6ce468b824" },
	{ "aes256-sha384-ecp384", 48, 32, 48, 48, 48, 32, 48, /* keymat, rekey, child, child with PFS, auth */
	    "8aee09b8fa84af9984b755eb06a89184d17436ce014ec41e2a1367453f5bcdfa"
	    "a53d3bec4cfecf5296e1a5ac3bef9d945edc9302b1fd00f129fdbac94f067e1d"
	    "adca4f2c5bff799529a9cf0ded9d2171e307886ae76720ea0631d676cb229276"
	    "c9184bb04d08ba2861977025cdc753fff9f631d66a67e1bfeb366d557cb33a59"
	    "a2de534f701d8de3a1b50a4533c31a49d9fe51ee47d26574bbbd4082657c4919"
	    "21ec82558b0b8d54fd04092b8bb5073ff974daa43d9f3cb3a60d1f3fb07d77a7"
	    "7ba88e126094097a96e7a08f0df4d58d4575374cf6d0dfa3c03d4aa60cfdd12d"
	    "43e6a72c5afd8335b3e890d848429e0410b4ad1555d04b164f1242e483444669"
	    "ba7b7eaa1c9114a4cd669993f977776a77ec7d94b069bc3bafcbb2f761a0651a"
	    "8a3d99eaf66ad7502bad5ddaed82114d",
	    "886ac65354f1fd5717a47b9b327112ab8ae7d872635a8553034e6e34fe19dbdd"
	    "f030a21a75177ce45e1d45784d46d72d29b29901cc5b1fa44287527232c0533c"
	    "cb29a4dffcc9e7d839fa2bd3d3447940274d067d88d4c84c2a5d80793314347b"
	    "9b136b0d2090d50200d0135568f13db272775cb1dd909b40d64c52aed96d080b"
	    "1ba2977a55f1e0f4dd3aa3689e4b3c90ff36b3dfdd4a2244f33cccb6febc839e"
	    "111963f53c336a996c90ecbb9d1442c4f0dd0a7bee17fa0a7336899832a6452f"
	    "36de805c1518fb5e403589121b6aab7c2bd86bd98fcaa5ee485424a51d148d59"
	    "804ed65578651b820e9e2af593d3ae078c5f8b94f9a719fd398949c20232537e"
	    "90b9f33f50bf81f7286d5e7e0afd6f1d0a66153a428494cbf4fe247b4a44cc31"
	    "63b9c4db630b050a33d942d2f62fb01cde374d4af40b97f9bd098673083dd74e"
	    "6a07ad4c57346168bc10a05feb1a2db70a9618ec74725b5c0d1d2bf3d62504a5"
	    "1e411383d5f98b55cc88cbb04256391ef7d130ecae0290371b776ce5fa259c3d",
	    "9baaa576ebca28a73d4782d42104b0b295ffc7e8cdb3ac79a9fa6f9ac7fe6938"
	    "5f008577191a9bfeddbc4efaa26ee74935af9642cd1a717f565a6e4847e54090"
	    "12e11c24830778c785c8b27ce2eec06c9b1fda57cb2b54c87626bcdb9a2f9caa"
	    "ffdc6e4a5eec4444ef008b3d91cd9c95d7e290d383fa7e3dfa5f55a4301bc9d4"
	    "11075f37adee14489ab9138b02ef2eb1ad5ddd1dbaf3bf7780031e717c99daf3",
	    "d8f1882d149f569b4167cb5c60b875dfe393273ab7fc304c94cf3f23f3958d74"
	    "78c0746ce7e400c2f2f7fe5384d5ac2d7de9d542595f90cee2e0b824e4a7c75e"
	    "90a2b7cf60ec87d08ecb4aa5069c3c008b16322ee25344283f1478c1584ca066"
	    "0377a46519550fe1ce1e22068765f20a0315f1ae7f7540a7a3e7ed5724ebee15"
	    "6196a9d81546b9a2bda2234fc556d051f201cb5dd3cfbcaba0ea22358e78a393",
	    "f325efacfe65a0777e25af2bf2eba83d1daed63e1a650414a1a873c54a78d8fc"
	    "c1a83c0e6e07e0887cd5c630c2c54bfd" },
	{ "aes256-sha512-prfsha512-modp2048", 256, 64, 64, 64, 64, 32, 64, /* keymat, rekey, child, child with PFS, auth */
	    "bf304d0dc6fdc10db626800eb4d292478535486668430335b628846d917ac7b4"
	    "b5bf86a2961bb850d7a2bd29b32c8b827e2a0b795f1970ed4cbb20e0ee5a1174"
	    "5c803611e6a8421bafa008ede007af570dd19f486b4fecf89b20235ad739c61c"
	    "455c066499753f8c9726ed27b091d0c5504e6712bb3177ec66ce292dea3c989e"
	    "763b714e7e91b0ac993ef5deadfdf5abdf9be5ff7109aeb4cc76c6e33bfd1a06"
	    "49fc5b0c439e7057675f6ec7522f0399324cf836a78358634bdfc2266976c7ce"
	    "154573f376ef5274f6b0793c6ba9a71aa5710ad696db3a29e900cba246e1b67e"
	    "00d104c0f2591b712eeac1880db984721503e4a17f065d37f5a71c9503130d7a"
	    "e9c8c24f4a7ac5c299844b9404d59d8d9a79ed28be3c36b15b7e21b45d6ede24"
	    "284e343f6837f3c559e1cfc34a80e7cb2326a1e2427149bd1e4d76e62fac0a2f"
	    "36a09d060ac239416be485c9a0fc26d8279f401fc69eb2f4c1f08e4df1623f12"
	    "91defe2eaff7117233d6b1614060111589b6cbc003128f20df74b9f9cb731db3",
	    "e81887968bcacd5e909b2eb54df78069135c1e3a4c63fc9495b0db37d353fe88"
	    "937bf9ae201f3bee67cd7a9a34597cd6b074395e6182507d50fb676063859f8e"
	    "287ef1b22d8ef694b5a8d813590446dcb6754e8e5be97184cec3aa761d2bdce1"
	    "e1ecc133d7a85926fdbb40918324b250598798b28be18b72026f77db1fcf85be"
	    "2f47d69160969555",
	    "71c0249f2c56ffc4dae4e9b4012a137429726f2156f051bc647fabd1f4eef9d8"
	    "7e9f7cff06dab8c8522d42b37e085b1184b82fd3f54f7b07f6fd9a329c93d803"
	    "9680a407842edfdee808bd35a6c33ea79c579b2a9084ae7586c3a7263961d7ff"
	    "c81e82fb8e856e18ddc1229f782b7ad04175f982720f40fcdc94bbeeea6778b8"
	    "c3a0ae3682ab539062f06b01ecbec044f2a111d2a6297306e6cdf2f799c002af"
	    "9667a4649e7e9086c1ba87cb4edb0ee10bd9495ea8b2c498256ad972385096e4",
	    "3f08b17a0fcdc3ce0ec2e787162f09f3e63d540b13cb6f409d2bd71183b0cf29"
	    "d03f55ed413868c3a530619c4e2d58553c93d2ba1cf9bcdaf371b187ae3d2932"
	    "b7111c50a10a57360289f9673e0080c2f52961c00301e1724334c8a38734e160"
	    "7e7297bc1be7c05c27e525d466988193802312eb17d82471d056570d11e87cbb"
	    "f9e8a5bfc6461d9e7c140ab2272c1fc7a9c85c1fdaf4964f898d98860caf8e0d"
	    "c57c39e8cac999911de7a7dc3c41bb3c257c7f23960bb6428938dc2e425c9441",
	    "39fc2b9486a5b674e247dbaad7d9b414470b987e4243c9578336870dfb4fc6f1"
	    "e18b5c0df529855048c99b8ef4e274c36bf84259a4506be59dbe1c12de1d59d2" },
};

static void
fill(uint8_t *buf, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + 31 * i);
}

/* The inputs of one case, per the comment above. */
struct inputs {
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX], g[256];
	uint8_t spi_i[8], spi_r[8];
	uint8_t ni2[IKE_NONCE_MAX], nr2[IKE_NONCE_MAX], g2[256];
	uint8_t spi_i2[8], spi_r2[8];
	uint8_t msg[300];
};

static void
make_inputs(const struct vec *v, struct inputs *in)
{
	fill(in->ni, v->ni_len, 1);
	fill(in->nr, v->nr_len, 2);
	fill(in->g, v->g_len, 3);
	fill(in->spi_i, 8, 4);
	fill(in->spi_r, 8, 5);
	fill(in->ni2, v->ni_len, 6);
	fill(in->nr2, v->nr_len, 7);
	fill(in->g2, v->g_len, 8);
	fill(in->spi_i2, 8, 9);
	fill(in->spi_r2, 8, 10);
	fill(in->msg, sizeof(in->msg), 11);
}

static struct ike_algs
algs_of(const struct vec *v)
{
	struct ike_algs a;

	CU_ASSERT_EQUAL_FATAL(ike_algs_parse(v->word, &a, NULL, 0), 0);
	return a;
}

/* The seven keys laid end to end, as the keying material they came from. */
static size_t
concat(const struct ike_keys *k, uint8_t *out)
{
	const struct { const uint8_t *p; size_t len; } parts[] = {
		{ k->sk_d, k->d_len }, { k->sk_ai, k->a_len }, { k->sk_ar, k->a_len },
		{ k->sk_ei, k->e_len }, { k->sk_er, k->e_len },
		{ k->sk_pi, k->p_len }, { k->sk_pr, k->p_len },
	};
	size_t i, n = 0;

	for (i = 0; i < N_OF(parts); i++) {
		memcpy(out + n, parts[i].p, parts[i].len);
		n += parts[i].len;
	}
	return n;
}

static void
test_derive(void)
{
	struct inputs in;
	struct ike_keys k;
	struct ike_algs a;
	uint8_t km[512];
	size_t i;

	for (i = 0; i < N_OF(vecs); i++) {
		const struct vec *v = &vecs[i];

		make_inputs(v, &in);
		a = algs_of(v);
		if (ike_keys_derive(&a, in.ni, v->ni_len, in.nr, v->nr_len, in.g, v->g_len,
		    in.spi_i, in.spi_r, &k) != 0) {
			FAIL_CASE(v->word);
			continue;
		}
		if (k.d_len != v->d_len || k.a_len != v->a_len || k.e_len != v->e_len ||
		    k.p_len != v->p_len || !hex_equal(km, concat(&k, km), v->keymat))
			FAIL_CASE(v->word);
		ike_keys_cleanse(&k);
		CU_ASSERT_TRUE(k.d_len == 0 && k.sk_d[0] == 0 && k.sk_pr[0] == 0);
	}
}

static void
test_rekey(void)
{
	struct inputs in;
	struct ike_keys old, k;
	struct ike_algs a, b;
	uint8_t km[512];
	size_t i;

	for (i = 0; i < N_OF(vecs); i++) {
		const struct vec *v = &vecs[i], *next = &vecs[(i + 1) % N_OF(vecs)];

		make_inputs(v, &in);
		a = algs_of(v);
		b = algs_of(next);
		CU_ASSERT_EQUAL_FATAL(ike_keys_derive(&a, in.ni, v->ni_len, in.nr, v->nr_len,
		    in.g, v->g_len, in.spi_i, in.spi_r, &old), 0);
		if (ike_keys_rekey(&b, a.prf, old.sk_d, old.d_len, in.g2, v->g_len,
		    in.ni2, v->ni_len, in.nr2, v->nr_len, in.spi_i2, in.spi_r2, &k) != 0 ||
		    k.d_len != next->d_len || k.e_len != next->e_len ||
		    !hex_equal(km, concat(&k, km), v->rekey))
			FAIL_CASE(v->word);
		ike_keys_cleanse(&old);
		ike_keys_cleanse(&k);
	}
}

static void
test_child_keymat(void)
{
	struct inputs in;
	struct ike_keys k;
	struct ike_algs a;
	uint8_t km[512];
	size_t i, len;

	for (i = 0; i < N_OF(vecs); i++) {
		const struct vec *v = &vecs[i];

		make_inputs(v, &in);
		a = algs_of(v);
		CU_ASSERT_EQUAL_FATAL(ike_keys_derive(&a, in.ni, v->ni_len, in.nr, v->nr_len,
		    in.g, v->g_len, in.spi_i, in.spi_r, &k), 0);
		len = 2 * (size_t)(v->e_len + v->a_len);
		if (ike_child_keymat(a.prf, k.sk_d, k.d_len, NULL, 0, in.ni2, v->ni_len,
		    in.nr2, v->nr_len, km, len) != 0 || !hex_equal(km, len, v->child))
			FAIL_CASE(v->word);
		if (ike_child_keymat(a.prf, k.sk_d, k.d_len, in.g2, v->g_len, in.ni2,
		    v->ni_len, in.nr2, v->nr_len, km, len) != 0 ||
		    !hex_equal(km, len, v->child_pfs))
			FAIL_CASE(v->word);
		ike_keys_cleanse(&k);
	}
}

static const uint8_t psk[] = "a shared secret";
static const uint8_t id_body[] = "\x02\x00\x00\x00vgw.example";

static void
test_psk_auth(void)
{
	struct inputs in;
	struct ike_keys k;
	struct ike_algs a;
	uint8_t auth[IKE_PRF_MAX];
	size_t i;

	for (i = 0; i < N_OF(vecs); i++) {
		const struct vec *v = &vecs[i];
		size_t len = v->p_len;

		make_inputs(v, &in);
		a = algs_of(v);
		CU_ASSERT_EQUAL_FATAL(ike_keys_derive(&a, in.ni, v->ni_len, in.nr, v->nr_len,
		    in.g, v->g_len, in.spi_i, in.spi_r, &k), 0);
		if (ike_psk_auth(a.prf, psk, sizeof(psk) - 1, in.msg, sizeof(in.msg),
		    in.nr, v->nr_len, k.sk_pi, k.p_len, id_body, sizeof(id_body) - 1,
		    auth, len) != 0 || !hex_equal(auth, len, v->auth))
			FAIL_CASE(v->word);
		CU_ASSERT_EQUAL(ike_psk_verify(a.prf, psk, sizeof(psk) - 1, in.msg,
		    sizeof(in.msg), in.nr, v->nr_len, k.sk_pi, k.p_len, id_body,
		    sizeof(id_body) - 1, auth, len), 0);
		/* any other byte, key or length fails */
		auth[len - 1] ^= 1;
		CU_ASSERT_EQUAL(ike_psk_verify(a.prf, psk, sizeof(psk) - 1, in.msg,
		    sizeof(in.msg), in.nr, v->nr_len, k.sk_pi, k.p_len, id_body,
		    sizeof(id_body) - 1, auth, len), -1);
		auth[len - 1] ^= 1;
		CU_ASSERT_EQUAL(ike_psk_verify(a.prf, psk, sizeof(psk) - 2, in.msg,
		    sizeof(in.msg), in.nr, v->nr_len, k.sk_pi, k.p_len, id_body,
		    sizeof(id_body) - 1, auth, len), -1);
		CU_ASSERT_EQUAL(ike_psk_verify(a.prf, psk, sizeof(psk) - 1, in.msg,
		    sizeof(in.msg), in.nr, v->nr_len, k.sk_pr, k.p_len, id_body,
		    sizeof(id_body) - 1, auth, len), -1);
		CU_ASSERT_EQUAL(ike_psk_verify(a.prf, psk, sizeof(psk) - 1, in.msg,
		    sizeof(in.msg), in.nr, v->nr_len, k.sk_pi, k.p_len, id_body,
		    sizeof(id_body) - 1, auth, len - 1), -1);
		ike_keys_cleanse(&k);
	}
}

static void
test_refused(void)
{
	const struct vec *v = &vecs[0];
	struct inputs in;
	struct ike_keys k;
	struct ike_algs a = algs_of(v), bad;
	uint8_t out[64];

	make_inputs(v, &in);
	/* nonces of 15 and 257 bytes (§3.9), no g^ir */
	CU_ASSERT_EQUAL(ike_keys_derive(&a, in.ni, 15, in.nr, 32, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	CU_ASSERT_EQUAL(ike_keys_derive(&a, in.ni, 32, in.nr, 257, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	CU_ASSERT_EQUAL(ike_keys_derive(&a, in.ni, 32, in.nr, 32, in.g, 0, in.spi_i,
	    in.spi_r, &k), -1);
	CU_ASSERT_EQUAL(ike_keys_derive(&a, in.ni, 32, in.nr, 32, NULL, 32, in.spi_i,
	    in.spi_r, &k), -1);
	/* algorithm sets the parser never makes: GCM with integrity, CBC
	 * without, values out of range */
	bad = a;
	bad.integ = IKE_INTEG_SHA256_128;
	CU_ASSERT_EQUAL(ike_keys_derive(&bad, in.ni, 32, in.nr, 32, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	bad.encr = IKE_ENCR_AES128_CBC;
	bad.integ = IKE_INTEG_NONE;
	CU_ASSERT_EQUAL(ike_keys_derive(&bad, in.ni, 32, in.nr, 32, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	bad = a;
	bad.prf = IKE_PRF_COUNT;
	CU_ASSERT_EQUAL(ike_keys_derive(&bad, in.ni, 32, in.nr, 32, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	bad = a;
	bad.integ = IKE_INTEG_COUNT;
	CU_ASSERT_EQUAL(ike_keys_derive(&bad, in.ni, 32, in.nr, 32, in.g, 32, in.spi_i,
	    in.spi_r, &k), -1);
	CU_ASSERT_TRUE(k.d_len == 0 && k.e_len == 0);
	/* rekey: an unknown old PRF, an empty old SK_d */
	CU_ASSERT_EQUAL(ike_keys_rekey(&a, IKE_PRF_COUNT, in.g, 32, in.g, 32, in.ni, 32,
	    in.nr, 32, in.spi_i, in.spi_r, &k), -1);
	CU_ASSERT_EQUAL(ike_keys_rekey(&a, IKE_PRF_SHA256, in.g, 0, in.g, 32, in.ni, 32,
	    in.nr, 32, in.spi_i, in.spi_r, &k), -1);
	/* CHILD_SA: g^ir given with no length, a short nonce, too much */
	CU_ASSERT_EQUAL(ike_child_keymat(a.prf, in.g, 32, in.g, 0, in.ni, 32, in.nr, 32,
	    out, 64), -1);
	CU_ASSERT_EQUAL(ike_child_keymat(a.prf, in.g, 32, NULL, 0, in.ni, 8, in.nr, 32,
	    out, 64), -1);
	CU_ASSERT_EQUAL(ike_child_keymat(a.prf, in.g, 32, NULL, 0, in.ni, 32, in.nr, 32,
	    out, 255 * 32 + 1), -1);
	/* AUTH: wrong output length, empty PSK, short ID body, no message */
	CU_ASSERT_EQUAL(ike_psk_auth(a.prf, psk, 15, in.msg, 300, in.nr, 32, in.g, 32,
	    id_body, 15, out, 31), -1);
	CU_ASSERT_EQUAL(ike_psk_auth(a.prf, psk, 0, in.msg, 300, in.nr, 32, in.g, 32,
	    id_body, 15, out, 32), -1);
	CU_ASSERT_EQUAL(ike_psk_auth(a.prf, psk, 15, in.msg, 300, in.nr, 32, in.g, 32,
	    id_body, 3, out, 32), -1);
	CU_ASSERT_EQUAL(ike_psk_auth(a.prf, psk, 15, in.msg, 0, in.nr, 32, in.g, 32,
	    id_body, 15, out, 32), -1);
	CU_ASSERT_EQUAL(ike_psk_auth(a.prf, psk, 15, in.msg, 300, in.nr, 32, in.g, 32,
	    id_body, 15, out, 32), 0);
}

static CU_TestInfo tests[] = {
	{ "IKE SA keys per PRF (python-made vectors)", test_derive },
	{ "rekeyed IKE SA keys, old PRF to new (python-made)", test_rekey },
	{ "CHILD_SA KEYMAT with and without PFS (python-made)", test_child_keymat },
	{ "PSK AUTH per PRF (python-made), verify", test_psk_auth },
	{ "bad lengths and algorithms refused", test_refused },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "ike_keys"
#include "cunit_main.h"
