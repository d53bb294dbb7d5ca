/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the ESP transforms: published known answers (the ESP
 * packets of draft-mcgrew-gcm-test-01, RFC 4868's HMAC vectors), seal
 * checked against one-shot OpenSSL references that the same vectors
 * anchor, and round trips with every kind of tampering.
 */
#include <ctype.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <openssl/evp.h>

#include "crypto/esp_xform.h"

#define BUF_MAX		512
#define PKT_MAX		(8 + ESP_IV_MAX + BUF_MAX + ESP_ICV_MAX)

/* CU_FAIL prints its argument's text; this prints the vector's name. */
#define FAIL_CASE(name) \
	CU_assertImplementation(CU_FALSE, __LINE__, (name), __FILE__, "", CU_FALSE)

static int
nibble(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

/* Hex, blanks ignored; "xx*N" is the byte xx N times (RFC 4868 writes its
 * keys so). Returns the length. */
static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	char *end;

	while (*s != '\0') {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		out[n++] = (uint8_t)(nibble(s[0]) << 4 | nibble(s[1]));
		s += 2;
		if (*s == '*') {
			unsigned long rep = strtoul(s + 1, &end, 10);

			memset(out + n, out[n - 1], rep - 1);
			n += rep - 1;
			s = end;
		}
	}
	return n;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- the references: one-shot OpenSSL, checked against the vectors ---- */

static size_t
ref_hmac(const char *digest, const uint8_t *key, size_t klen,
    const uint8_t *data, size_t len, uint8_t *out)
{
	size_t outl = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(EVP_Q_mac(NULL, "HMAC", NULL, digest, NULL,
	    key, klen, data, len, out, EVP_MAX_MD_SIZE, &outl));
	return outl;
}

/* AES-GCM with a fresh context; writes the ciphertext and the 16-byte tag
 * after it. */
static void
ref_gcm_seal(const uint8_t *key, size_t klen, const uint8_t nonce[12],
    const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len,
    uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	CU_ASSERT_FATAL(ctx != NULL &&
	    EVP_EncryptInit_ex(ctx, klen == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(),
	    NULL, key, nonce) == 1 &&
	    EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)aad_len) == 1 &&
	    EVP_EncryptUpdate(ctx, out, &outl, pt, (int)len) == 1 &&
	    EVP_EncryptFinal_ex(ctx, out + outl, &outl) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, out + len) == 1);
	EVP_CIPHER_CTX_free(ctx);
}

static void
ref_cbc_decrypt(const uint8_t *key, size_t klen, const uint8_t iv[16],
    const uint8_t *ct, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	CU_ASSERT_FATAL(ctx != NULL &&
	    EVP_DecryptInit_ex(ctx, klen == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(),
	    NULL, key, iv) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
	    EVP_DecryptUpdate(ctx, out, &outl, ct, (int)len) == 1 &&
	    (size_t)outl == len);
	EVP_CIPHER_CTX_free(ctx);
}

/* ---- draft-mcgrew-gcm-test-01 §4: AES-GCM-ESP packets ---- */

/*
 * The draft lists its cases without numbers; they are numbered here in its
 * order, as other implementations cite them. Case 7 (a 24-octet AES-192 key)
 * and case 15 (AES-GMAC) are algorithms vgw does not offer. A seq of 8
 * octets is an extended sequence number: the packet carries its low half.
 */
static const struct gcm_case {
	const char	*name;
	const char	*key, *seq, *nonce, *plaintext, *aad, *ctext_tag, *packet;
} gcm_cases[] = {
	{ "case 1 (page 7)", "4c80cdefbb5d10da906ac73c3613a634",
	  "8765432100000000", "2e443b684956ed7e3b244cfe",
	  "45000048699a000080114db7c0a80102 c0a801010a9bf15638d3010000010000"
	  "00000000045f736970045f7564700373 69700963796265726369747902646b00"
	  "0021000101020201",
	  "000043218765432100000000",
	  "fecf537e729d5b07dc30df528dd22b76 8d1b98736696a6fd348509fa13ceac34"
	  "cfa2436f14a3f3cf65925bf1f4a13c5d 15b21e1884f5ff6247aeabb786b93bce"
	  "61bc17d768fd9732459018148f6cbe72 2fd04796562dfdb4",
	  "00004321000000004956ed7e3b244cfe fecf537e729d5b07dc30df528dd22b76"
	  "8d1b98736696a6fd348509fa13ceac34 cfa2436f14a3f3cf65925bf1f4a13c5d"
	  "15b21e1884f5ff6247aeabb786b93bce 61bc17d768fd9732459018148f6cbe72"
	  "2fd04796562dfdb4" },
	{ "case 2 (page 8)", "feffe9928665731c6d6a8f9467308308",
	  "0000000a", "cafebabefacedbaddecaf888",
	  "4500003e698f000080114dccc0a80102 c0a801010a980035002a2343b2d00100"
	  "00010000000000000373697009637962 65726369747902646b00000100010001",
	  "0000a5f80000000a",
	  "deb22cd9b07c72c16e3a65beeb8df304 a5a5897d33ae530f1ba76d5d114d2a5c"
	  "3de81827c10e9a4f51330d0eec416642 cfbb85a5b47e48a4ec3b9ba95d918bd1"
	  "83b70d3aa8bc6ee4c309e9d85a41ad4a",
	  "0000a5f80000000afacedbaddecaf888 deb22cd9b07c72c16e3a65beeb8df304"
	  "a5a5897d33ae530f1ba76d5d114d2a5c 3de81827c10e9a4f51330d0eec416642"
	  "cfbb85a5b47e48a4ec3b9ba95d918bd1 83b70d3aa8bc6ee4c309e9d85a41ad4a" },
	{ "case 3 (page 9)",
	  "abbccddef00112233445566778899aab abbccddef00112233445566778899aab",
	  "00000002", "112233440102030405060708",
	  "4500003069a6400080062690c0a80102 9389155e0a9e008b2dc57ee000000000"
	  "7002400020bf0000020405b401010402 01020201",
	  "4a2cbfe300000002",
	  "ff425c9b724599df7a3bcd510194e00d 6a78107f1b0b1cbf06efae9d65a5d763"
	  "748a637985771d347f0545659f14e99d ef842d8eb335f4eecfdbf831824b4c49"
	  "15956c96",
	  "4a2cbfe3000000020102030405060708 ff425c9b724599df7a3bcd510194e00d"
	  "6a78107f1b0b1cbf06efae9d65a5d763 748a637985771d347f0545659f14e99d"
	  "ef842d8eb335f4eecfdbf831824b4c49 15956c96" },
	{ "case 4 (page 10)", "00000000000000000000000000000000",
	  "00000001", "000000000000000000000000",
	  "4500003c99c500008001cb7a40679318 010101010800075c0200440061626364"
	  "65666768696a6b6c6d6e6f7071727374 75767761626364656667686901020201",
	  "0000000000000001",
	  "4688daf2f973a392732909c331d56d60 f694abaa414b5e7ff5fdcdfff5e9a284"
	  "456476492719ffb64de7d9dca1e1d894 bc3bd57873ed4d181d19d4d5c8c18af3"
	  "f821d496eeb096e98ad2b69e4799c71d",
	  "00000000000000010000000000000000 4688daf2f973a392732909c331d56d60"
	  "f694abaa414b5e7ff5fdcdfff5e9a284 456476492719ffb64de7d9dca1e1d894"
	  "bc3bd57873ed4d181d19d4d5c8c18af3 f821d496eeb096e98ad2b69e4799c71d" },
	{ "case 5 (page 11)", "3de09874b388e6491988d0c3607eae1f",
	  "1010101010101010", "57690e434e280000a2fca1a3",
	  "4500003c99c300008001cb7c40679318 010101010800085c0200430061626364"
	  "65666768696a6b6c6d6e6f7071727374 75767761626364656667686901020201",
	  "42f67e3f1010101010101010",
	  "fba2caa4853cf9f0f22cb10d86dd83b0 fec75691cf1a04b00d1138ec9c357917"
	  "65acbd8701ad79845bf9fe3fba487bc9 1755e6662b4c8d0d1f5e22739530320a"
	  "e0d731cc978ecafaeae88f00e80d6e48",
	  "42f67e3f101010104e280000a2fca1a3 fba2caa4853cf9f0f22cb10d86dd83b0"
	  "fec75691cf1a04b00d1138ec9c357917 65acbd8701ad79845bf9fe3fba487bc9"
	  "1755e6662b4c8d0d1f5e22739530320a e0d731cc978ecafaeae88f00e80d6e48" },
	{ "case 6 (page 12)", "3de09874b388e6491988d0c3607eae1f",
	  "1010101010101010", "57690e434e280000a2fca1a3",
	  "4500001c42a200008001441f406793b6 e00000020a00f5ff01020201",
	  "42f67e3f1010101010101010",
	  "fba2ca845e5df9f0f22c3e6e86dd831e 1fc65792cd1af9130e1379ed369f071f"
	  "35e034be95f112e4e7d05d35",
	  "42f67e3f101010104e280000a2fca1a3 fba2ca845e5df9f0f22c3e6e86dd831e"
	  "1fc65792cd1af9130e1379ed369f071f 35e034be95f112e4e7d05d35" },
	{ "case 8 (page 13)", "abbccddef00112233445566778899aab",
	  "0000000000000001", "decaf888cafedebaceface74",
	  "4500004933ba00007f119106c3fb1d10 c2b1d326c02831ce0035dd7b800302d5"
	  "00004e20001e8c18d75b81dc91baa047 6b91b924b280389d92c963bac046ec95"
	  "9b6266c04722b14923010101",
	  "000001000000000000000001",
	  "18a6fd42f72cbf4ab2a2ea901f73d814 e3e7f243d95412e1c349c1d2fbec168f"
	  "9190feebaf2cb01984e65863965d7472 b79da345e0e780191f0d2f0e0f496c22"
	  "6f2127b27db35724e7845d68651f57e6 5f354f75ff17015769623436",
	  "0000010000000001cafedebaceface74 18a6fd42f72cbf4ab2a2ea901f73d814"
	  "e3e7f243d95412e1c349c1d2fbec168f 9190feebaf2cb01984e65863965d7472"
	  "b79da345e0e780191f0d2f0e0f496c22 6f2127b27db35724e7845d68651f57e6"
	  "5f354f75ff17015769623436" },
	{ "case 9 (page 14)",
	  "abbccddef00112233445566778899aab abbccddef00112233445566778899aab",
	  "156f3126dd0db99b", "73616c74616e640169766563",
	  "45080028732c00004006e9f90a010612 0a01038f06b88023dd6bafbecb712602"
	  "50101f646d540001",
	  "17405e67156f3126dd0db99b",
	  "f2d69ecdbd5a0d5b8d5ef38bad4da58d 1f278fde98ef67549d524a3018d9a57f"
	  "f4d3a31ce673119e451626c2415771e3 b7eebca614c89b35",
	  "17405e67dd0db99b616e640169766563 f2d69ecdbd5a0d5b8d5ef38bad4da58d"
	  "1f278fde98ef67549d524a3018d9a57f f4d3a31ce673119e451626c2415771e3"
	  "b7eebca614c89b35" },
	{ "case 10 (page 15)", "3de09874b388e6491988d0c3607eae1f",
	  "1010101010101010", "57690e434e280000a2fca1a3",
	  "45000049333e00007f119182c3fb1d10 c2b1d326c02831ce0035cb458003025b"
	  "000001e0001e8c18d65759d52284a035 2c71475c8880391c764d6e5ee0496b32"
	  "5ae270c03899493915010101",
	  "42f67e3f1010101010101010",
	  "fba2cad12fc1f9f00d3cebf305410db8 3d7784b607323d220f24b0a97d541828"
	  "00cadb0f68d99ef0e0c0c89ae9bea888 4e52d65bc1afd0740f742444747b5b39"
	  "ab533163aad4550ee5160975cdb608c5 769189609763b8e18caa81e2",
	  "42f67e3f101010104e280000a2fca1a3 fba2cad12fc1f9f00d3cebf305410db8"
	  "3d7784b607323d220f24b0a97d541828 00cadb0f68d99ef0e0c0c89ae9bea888"
	  "4e52d65bc1afd0740f742444747b5b39 ab533163aad4550ee5160975cdb608c5"
	  "769189609763b8e18caa81e2" },
	{ "case 11 (page 16)",
	  "abbccddef00112233445566778899aab abbccddef00112233445566778899aab",
	  "156f3126dd0db99b", "73616c74616e640169766563",
	  "636973636f0172756c65730174686501 6e6574776501646566696e6501746865"
	  "746563686e6f6c6f6769657301746861 7477696c6c01646566696e65746f6d6f"
	  "72726f7701020201",
	  "17405e67156f3126dd0db99b",
	  "d4b7ed86a1777f2ea13d6973d324c69e 7b43f826fb56831226508bebd2dceb18"
	  "d0a6df10e5487df074113e14c641024e 3e6773d91a62ee429b043a10e3efe6b0"
	  "12a49363412364f8c0cac587f249e56b 11e24f30e44ccc76",
	  "17405e67dd0db99b616e640169766563 d4b7ed86a1777f2ea13d6973d324c69e"
	  "7b43f826fb56831226508bebd2dceb18 d0a6df10e5487df074113e14c641024e"
	  "3e6773d91a62ee429b043a10e3efe6b0 12a49363412364f8c0cac587f249e56b"
	  "11e24f30e44ccc76" },
	{ "case 12 (page 17)", "7d773d00c144c525ac619d18c84a3f47",
	  "ffffffff", "d966426743457e9182443bc6",
	  "01020201",
	  "335467aeffffffff",
	  "437f866bcb3f699fe9b0822bac961c45 04bef270",
	  "335467aeffffffff43457e9182443bc6 437f866bcb3f699fe9b0822bac961c45"
	  "04bef270" },
	{ "case 13 (page 17)", "abbccddef00112233445566778899aab",
	  "0000000000000001", "decaf888cafedebaceface74",
	  "746f016265016f72016e6f7401746f01 62650001",
	  "000001000000000000000001",
	  "29c9fc69a197d038ccdd14e2ddfcaa05 43332164412503524303ed3c6c5f2838"
	  "43af8c3e",
	  "0000010000000001cafedebaceface74 29c9fc69a197d038ccdd14e2ddfcaa05"
	  "43332164412503524303ed3c6c5f2838 43af8c3e" },
	{ "case 14 (page 18)",
	  "6c6567616c697a656d6172696a75616e 61616e64646f69746265666f72656961",
	  "ffffffffffffffff", "7475726e333021696765746d",
	  "45000030da3a00008001df3bc0a80005 c0a800010800c6cd0200070061626364"
	  "65666768696a6b6c6d6e6f7071727374 01020201",
	  "796b6963ffffffffffffffff",
	  "f97ab2aa356d8edce17644ac8c78e25d d24dedbb29ebf1b64a274b39b49c3a86"
	  "4cd3d78ca4ae68a32b42458fb57dbe82 1dcc63b9d0937ba2945f669368661a32"
	  "9fb4c053",
	  "796b6963ffffffff333021696765746d f97ab2aa356d8edce17644ac8c78e25d"
	  "d24dedbb29ebf1b64a274b39b49c3a86 4cd3d78ca4ae68a32b42458fb57dbe82"
	  "1dcc63b9d0937ba2945f669368661a32 9fb4c053" },
	{ "case 16 (page 20)", "3de09874b388e6491988d0c3607eae1f",
	  "1010101010101010", "57690e434e280000a2fca1a3",
	  "45000030da3a00008001df3bc0a80005 c0a800010800c6cd0200070061626364"
	  "65666768696a6b6c6d6e6f7071727374 01020201",
	  "3f7ef6421010101010101010",
	  "fba2caa8c6c5f9f0f22ca54a061210ad 3f6e5791cf1aca210d117cec9c357917"
	  "65acbd8701ad79845bf9fe3fba487bc9 6321930684eecadb56912546e7a95c97"
	  "40d7cb05",
	  "3f7ef642101010104e280000a2fca1a3 fba2caa8c6c5f9f0f22ca54a061210ad"
	  "3f6e5791cf1aca210d117cec9c357917 65acbd8701ad79845bf9fe3fba487bc9"
	  "6321930684eecadb56912546e7a95c97 40d7cb05" },
	{ "case 17 (page 21)", "4c80cdefbb5d10da906ac73c3613a634",
	  "8765432100000007", "22433c644855ec7d3a234bfd",
	  "0800c6cd020007006162636465666768 696a6b6c6d6e6f707172737401020201",
	  "000043218765432100000007",
	  "74752e8aeb5d873cd7c0f4acc36c4bff 84b7d7b98f0ca8b6acda6894bc619069"
	  "ef9cbc28fe1b56a7c4e0d58c86cd2bc0",
	  "00004321000000074855ec7d3a234bfd 74752e8aeb5d873cd7c0f4acc36c4bff"
	  "84b7d7b98f0ca8b6acda6894bc619069 ef9cbc28fe1b56a7c4e0d58c86cd2bc0" },
};

/* Each case's packet opens to its plaintext under esp_xform_open, and the
 * reference GCM gives its ctext+tag from its nonce and AAD. */
static void
test_gcm_draft_vectors(void)
{
	size_t i;

	for (i = 0; i < sizeof(gcm_cases) / sizeof(gcm_cases[0]); i++) {
		const struct gcm_case *c = &gcm_cases[i];
		uint8_t key[36], seq[8], nonce[12], pt[BUF_MAX], aad[12];
		uint8_t ct[BUF_MAX], pkt[PKT_MAX], ref[BUF_MAX];
		size_t klen = unhex(c->key, key), seqlen = unhex(c->seq, seq);
		size_t len = unhex(c->plaintext, pt), aad_len = unhex(c->aad, aad);
		size_t plen = unhex(c->packet, pkt);
		bool esn = seqlen == 8;
		uint32_t seq_hi = esn ? get32(seq) : 0;
		struct esp_xform *x;

		CU_ASSERT_EQUAL_FATAL(unhex(c->nonce, nonce), 12);
		CU_ASSERT_EQUAL_FATAL(unhex(c->ctext_tag, ct), len + 16);
		CU_ASSERT_EQUAL_FATAL(plen, 16 + len + 16);
		/* the transcription agrees with itself: the packet's sequence
		 * number and IV are seq's low half and the nonce's tail */
		CU_ASSERT_EQUAL(memcmp(pkt + 4, seq + seqlen - 4, 4), 0);
		CU_ASSERT_EQUAL(memcmp(pkt + 8, nonce + 4, 8), 0);

		ref_gcm_seal(key, klen, nonce, aad, aad_len, pt, len, ref);
		CU_ASSERT_EQUAL(memcmp(ref, ct, len + 16), 0);

		memcpy(key + klen, nonce, 4);	/* the salt follows the AES key */
		x = esp_xform_new(klen == 16 ? ESP_AES128_GCM16 : ESP_AES256_GCM16,
		    false, key, klen + 4, NULL, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		if (esp_xform_open(x, pkt, seq_hi, esn, pkt + 8, pkt + 16, len,
		    pkt + 16 + len) != 0 || memcmp(pkt + 16, pt, len) != 0)
			FAIL_CASE(c->name);
		esp_xform_free(x);
	}
}

/* ---- RFC 4868 §2.7: HMAC-SHA-256, -384, -512 ---- */

#define JEFE_DATA	"7768617420646f2079612077616e7420666f72206e6f7468696e673f"

/* §2.7.1: the PRF cases (RFC 4231's), full output of each hash. */
static const struct prf_case {
	const char	*name, *key, *data, *mac[3];
} prf_cases[] = {
	{ "PRF-1", "0b*20", "4869205468657265",
	  { "b0344c61d8db38535ca8afceaf0bf12b 881dc200c9833da726e9376c2e32cff7",
	    "afd03944d84895626b0825f4ab46907f 15f9dadbe4101ec682aa034c7cebc59c"
	    "faea9ea9076ede7f4af152e8b2fa9cb6",
	    "87aa7cdea5ef619d4ff0b4241a1d6cb0 2379f4e2ce4ec2787ad0b30545e17cde"
	    "daa833b7d6b8a702038b274eaea3f4e4 be9d914eeb61f1702e696c203a126854" } },
	{ "PRF-2", "4a656665", JEFE_DATA,
	  { "5bdcc146bf60754e6a042426089575c7 5a003f089d2739839dec58b964ec3843",
	    "af45d2e376484031617f78d2b58a6b1b 9c7ef464f5a01b47e42ec3736322445e"
	    "8e2240ca5e69e2c78b3239ecfab21649",
	    "164b7a7bfcf819e2e395fbe73b56e0a3 87bd64222e831fd610270cd7ea250554"
	    "9758bf75c05a994a6d034f65f8f0e6fd caeab1a34d4a6b4b636e070a38bce737" } },
	{ "PRF-3", "aa*20", "dd*50",
	  { "773ea91e36800e46854db8ebd09181a7 2959098b3ef8c122d9635514ced565fe",
	    "88062608d3e6ad8a0aa2ace014c8a86f 0aa635d947ac9febe83ef4e55966144b"
	    "2a5ab39dc13814b94e3ab6e101a34f27",
	    "fa73b0089d56a284efb0f0756c890be9 b1b5dbdd8ee81a3655f83e33b2279d39"
	    "bf3e848279a722c806b485a47e67c807 b946a337bee8942674278859e13292fb" } },
	{ "PRF-4", "0102030405060708090a0b0c0d0e0f10111213141516171819", "cd*50",
	  { "82558a389a443c0ea4cc819899f2083a 85f0faa3e578f8077a2e3ff46729665b",
	    "3e8a69b7783c25851933ab6290af6ca7 7a9981480850009cc5577c6e1f573b4e"
	    "6801dd23c4a7d679ccf8a386c674cffb",
	    "b0ba465637458c6990e5a8c5f61d4af7 e576d97ff94b872de76f8050361ee3db"
	    "a91ca5c11aa25eb4d679275cc5788063 a5f19741120c4f2de2adebeb10a298dd" } },
	{ "PRF-5", "aa*131",
	  /* "Test Using Larger Than Block-Size Key - Hash Key First" */
	  "54657374205573696e67204c61726765 72205468616e20426c6f636b2d53697a"
	  "65204b6579202d2048617368204b6579 204669727374",
	  { "60e431591ee0b67f0d8a26aacbf5b77f 8e0bc6213728c5140546040f0ee37f54",
	    "4ece084485813e9088d2c63a041bc5b4 4f9ef1012a2b588f3cd11f05033ac4c6"
	    "0c2ef6ab4030fe8296248df163f44952",
	    "80b24263c7c1a3ebb71493c1dd7be8b4 9b46d1f41b4aeec1121b013783f8f352"
	    "6b56d037e05f2598bd0fd2215d6a1e52 95e64f73f63f0aec8b915a985d786598" } },
	{ "PRF-6", "aa*131",
	  /* "This is a test using a larger than block-size key and a larger
	   * than block-size data. The key needs to be hashed before being
	   * used by the HMAC algorithm." */
	  "54686973206973206120746573742075 73696e672061206c6172676572207468"
	  "616e20626c6f636b2d73697a65206b65 7920616e642061206c61726765722074"
	  "68616e20626c6f636b2d73697a652064 6174612e20546865206b6579206e6565"
	  "647320746f2062652068617368656420 6265666f7265206265696e6720757365"
	  "642062792074686520484d414320616c 676f726974686d2e",
	  { "9b09ffa71b942fcb27635fbcd5b0e944 bfdc63644f0713938a7f51535c3a35e2",
	    "6617178e941f020d351e2f254e8fd32c 602420feb0b8fb9adccebb82461e99c5"
	    "a678cc31e799176d3860e6110c46523e",
	    "e37b6a775dc87dbaa4dfa9f96e5e3ffd debd71f8867289865df5a32d20cdc944"
	    "b6022cac3c4982b10d5eeb55c3e4de15 134676fb6de0446065c97440fa8c6a58" } },
};

static const char *const digests[3] = { "SHA2-256", "SHA2-384", "SHA2-512" };

/*
 * §2.7.2: the authenticator cases, with keys of the length ESP uses. The
 * RFC prints HMAC-SHA-256-128 etc. as the first 16, 24, 32 bytes of the PRF
 * output given here. AUTH384-4's key is as the RFC prints it (erratum 5507
 * proposes another, with which the printed output does not agree);
 * AUTH512-4's is the one erratum 1785 (verified) corrects.
 */
static const struct auth_case {
	const char	*name;
	enum esp_alg	 alg;		/* the CBC transform with this HMAC */
	const char	*key, *data, *mac;
} auth_cases[] = {
	{ "AUTH256-1", ESP_AES128_SHA256, "0b*32", "4869205468657265",
	  "198a607eb44bfbc69903a0f1cf2bbdc5 ba0aa3f3d9ae3c1c7a3b1696a0b68cf7" },
	{ "AUTH256-2", ESP_AES128_SHA256, "4a656665 4a656665 4a656665 4a656665"
	  "4a656665 4a656665 4a656665 4a656665", JEFE_DATA,
	  "167f928588c5cc2eef8e3093caa0e87c 9ff566a14794aa61648d81621a2a40c6" },
	{ "AUTH256-3", ESP_AES128_SHA256, "aa*32", "dd*50",
	  "cdcb1220d1ecccea91e53aba3092f962 e549fe6ce9ed7fdc43191fbde45c30b0" },
	{ "AUTH256-4", ESP_AES128_SHA256,
	  "0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20", "cd*50",
	  "372efcf9b40b35c2115b1346903d2ef4 2fced46f0846e7257bb156d3d7b30d3f" },
	{ "AUTH384-1", ESP_AES128_SHA384, "0b*48", "4869205468657265",
	  "b6a8d5636f5c6a7224f9977dcf7ee6c7 fb6d0c48cbdee9737a959796489bddbc"
	  "4c5df61d5b3297b4fb68dab9f1b582c2" },
	{ "AUTH384-2", ESP_AES128_SHA384, "4a656665 4a656665 4a656665 4a656665"
	  "4a656665 4a656665 4a656665 4a656665 4a656665 4a656665 4a656665 4a656665",
	  JEFE_DATA,
	  "2c7353974f1842fd66d53c452ca42122 b28c0b594cfb184da86a368e9b8e16f5"
	  "349524ca4e82400cbde0686d403371c9" },
	{ "AUTH384-3", ESP_AES128_SHA384, "aa*48", "dd*50",
	  "809f439be00274321d4a538652164b53 554a508184a0c3160353e3428597003d"
	  "35914a18770f9443987054944b7c4b4a" },
	{ "AUTH384-4", ESP_AES128_SHA384,
	  "0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20"
	  "0a0b0c0d0e0f10111213141516171819", "cd*50",
	  "5b540085c6e6358096532b2493609ed1 cb298f774f87bb5c2ebf182c83cc7428"
	  "707fb92eab2536a5812258228bc96687" },
	{ "AUTH512-1", ESP_AES128_SHA512, "0b*64", "4869205468657265",
	  "637edc6e01dce7e6742a99451aae82df 23da3e92439e590e43e761b33e910fb8"
	  "ac2878ebd5803f6f0b61dbce5e251ff8 789a4722c1be65aea45fd464e89f8f5b" },
	{ "AUTH512-2", ESP_AES128_SHA512, "4a656665 4a656665 4a656665 4a656665"
	  "4a656665 4a656665 4a656665 4a656665 4a656665 4a656665 4a656665 4a656665"
	  "4a656665 4a656665 4a656665 4a656665", JEFE_DATA,
	  "cb370917ae8a7ce28cfd1d8f4705d614 1c173b2a9362c15df235dfb251b15454"
	  "6aa334ae9fb9afc2184932d8695e397b fa0ffb93466cfcceaae38c833b7dba38" },
	{ "AUTH512-3", ESP_AES128_SHA512, "aa*64", "dd*50",
	  "2ee7acd783624ca9398710f3ee05ae41 b9f9b0510c87e49e586cc9bf961733d8"
	  "623c7b55cebefccf02d5581acc1c9d5f b1ff68a1de45509fbe4da9a433922655" },
	{ "AUTH512-4", ESP_AES128_SHA512,
	  "0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20"
	  "2122232425262728292a2b2c2d2e2f30 3132333435363738393a3b3c3d3e3f40", "cd*50",
	  "5e6688e5a3daec826ca32eaea224eff5 e700628947470e13ad01302561bab108"
	  "b8c48cbc6b807dcfbd850521a685babc 7eae4a2a2e660dc0e86b931d65503fd2" },
};

static const char *
digest_of(enum esp_alg a)
{
	return digests[esp_alg_info(a)->icv_len / 8 - 2];	/* 16, 24, 32 */
}

static void
check_ref_hmac(const char *name, const char *digest, const char *key_hex,
    const char *data_hex, const char *mac_hex)
{
	uint8_t key[160], data[160], mac[64], out[EVP_MAX_MD_SIZE];
	size_t klen = unhex(key_hex, key), len = unhex(data_hex, data);
	size_t mlen = unhex(mac_hex, mac);

	if (ref_hmac(digest, key, klen, data, len, out) != mlen ||
	    memcmp(out, mac, mlen) != 0)
		FAIL_CASE(name);
}

static void
test_hmac_rfc4868_reference(void)
{
	size_t i, d;

	for (i = 0; i < sizeof(prf_cases) / sizeof(prf_cases[0]); i++)
		for (d = 0; d < 3; d++)
			check_ref_hmac(prf_cases[i].name, digests[d], prf_cases[i].key,
			    prf_cases[i].data, prf_cases[i].mac[d]);
	for (i = 0; i < sizeof(auth_cases) / sizeof(auth_cases[0]); i++)
		check_ref_hmac(auth_cases[i].name, digest_of(auth_cases[i].alg),
		    auth_cases[i].key, auth_cases[i].data, auth_cases[i].mac);
}

/*
 * The AUTH-2 data, "what do ya want for nothing?", is 28 bytes: exactly an
 * ESP header (8), a CBC IV (16), no payload and, with ESN, seq_hi (4). So
 * esp_xform_open must accept the RFC's truncated authenticator as the ICV
 * of that packet, and refuse it without ESN or with another seq_hi.
 */
static void
test_hmac_rfc4868_auth2_as_esp(void)
{
	static const size_t idx[] = { 1, 5, 9 };	/* AUTH256/384/512-2 */
	uint8_t aes[16] = { 0 }, key[64], data[28], mac[64], none[16];
	size_t i;

	for (i = 0; i < 3; i++) {
		const struct auth_case *c = &auth_cases[idx[i]];
		size_t klen = unhex(c->key, key);
		struct esp_xform *x = esp_xform_new(c->alg, false, aes, 16, key, klen);
		uint32_t seq_hi;

		CU_ASSERT_PTR_NOT_NULL_FATAL(x);
		CU_ASSERT_EQUAL_FATAL(unhex(c->data, data), 28);
		unhex(c->mac, mac);
		seq_hi = get32(data + 24);
		CU_ASSERT_EQUAL(esp_xform_open(x, data, seq_hi, true, data + 8,
		    none, 0, mac), 0);
		CU_ASSERT_EQUAL(esp_xform_open(x, data, seq_hi, false, data + 8,
		    none, 0, mac), -1);
		CU_ASSERT_EQUAL(esp_xform_open(x, data, seq_hi + 1, true, data + 8,
		    none, 0, mac), -1);
		esp_xform_free(x);
	}
}

/* ---- round trips ---- */

/* One SA's keys in both directions, for any algorithm. */
struct sa {
	enum esp_alg			 alg;
	const struct esp_alg_info	*info;
	uint8_t				 ekey[ESP_KEY_MAX], ikey[ESP_KEY_MAX];
	struct esp_xform		*out, *in;
};

static void
sa_open(struct sa *sa, enum esp_alg a)
{
	size_t i;

	sa->alg = a;
	sa->info = esp_alg_info(a);
	for (i = 0; i < ESP_KEY_MAX; i++) {
		sa->ekey[i] = (uint8_t)(i * 7 + a);
		sa->ikey[i] = (uint8_t)(i * 13 + 100 + a);
	}
	sa->out = esp_xform_new(a, true, sa->ekey, sa->info->enc_key_len,
	    sa->ikey, sa->info->int_key_len);
	sa->in = esp_xform_new(a, false, sa->ekey, sa->info->enc_key_len,
	    sa->ikey, sa->info->int_key_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa->out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa->in);
	CU_ASSERT_PTR_EQUAL(esp_xform_alg(sa->out), sa->info);
}

static void
sa_close(struct sa *sa)
{
	esp_xform_free(sa->out);
	esp_xform_free(sa->in);
}

/* A packet laid out as on the wire: header, IV, payload, ICV. */
struct pkt {
	uint8_t	 b[PKT_MAX];
	uint8_t	*iv, *data, *icv;
	size_t	 len;
};

static void
pkt_seal(struct sa *sa, struct pkt *p, uint32_t seq_hi, uint32_t seq,
    bool esn, size_t len)
{
	size_t i;

	put32(p->b, 0xc0ffee00u + sa->alg);
	put32(p->b + 4, seq);
	p->iv = p->b + 8;
	p->data = p->iv + sa->info->iv_len;
	p->len = len;
	p->icv = p->data + len;
	for (i = 0; i < len; i++)
		p->data[i] = (uint8_t)(i + seq);
	CU_ASSERT_EQUAL_FATAL(esp_xform_seal(sa->out, p->b, seq_hi, esn, p->iv,
	    p->data, len, p->icv), 0);
}

static int
pkt_open(struct sa *sa, struct pkt *p, uint32_t seq_hi, bool esn)
{
	return esp_xform_open(sa->in, p->b, seq_hi, esn, p->iv, p->data, p->len,
	    p->icv);
}

static bool
is_plain(const struct pkt *p, uint32_t seq)
{
	size_t i;

	for (i = 0; i < p->len; i++)
		if (p->data[i] != (uint8_t)(i + seq))
			return false;
	return true;
}

static void
test_round_trip(void)
{
	static const size_t lens[] = { 16, 64, 400, 496 };
	enum esp_alg a;
	size_t i;
	int esn;

	for (a = 0; a < ESP_ALG_COUNT; a++) {
		struct sa sa;
		struct pkt p;

		sa_open(&sa, a);
		for (esn = 0; esn < 2; esn++)
			for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
				pkt_seal(&sa, &p, esn ? 9 : 0, 1000 + (uint32_t)i,
				    esn, lens[i]);
				CU_ASSERT_FALSE(is_plain(&p, 1000 + (uint32_t)i));
				CU_ASSERT_EQUAL(pkt_open(&sa, &p, esn ? 9 : 0, esn), 0);
				CU_ASSERT_TRUE(is_plain(&p, 1000 + (uint32_t)i));
			}
		sa_close(&sa);
	}
}

/* Seal's output against the references: GCM's IV is the 64-bit sequence
 * number and its AAD has seq_hi with ESN; CBC's ICV is the truncated HMAC
 * of header, IV, ciphertext and (ESN) seq_hi. */
static void
test_seal_matches_reference(void)
{
	enum esp_alg a;
	int esn;

	for (a = 0; a < ESP_ALG_COUNT; a++)
		for (esn = 0; esn < 2; esn++) {
			uint8_t ref[BUF_MAX + 16], mac[EVP_MAX_MD_SIZE], in[BUF_MAX];
			uint32_t seq_hi = esn ? 0x01020304 : 0, seq = 77;
			struct sa sa;
			struct pkt p;
			size_t len = 128, i;

			sa_open(&sa, a);
			pkt_seal(&sa, &p, seq_hi, seq, esn, len);
			for (i = 0; i < len; i++)
				in[i] = (uint8_t)(i + seq);
			if (sa.info->aead) {
				size_t klen = sa.info->enc_key_len - 4;
				uint8_t nonce[12], aad[12];

				CU_ASSERT_EQUAL(get32(p.iv), seq_hi);
				CU_ASSERT_EQUAL(get32(p.iv + 4), seq);
				memcpy(nonce, sa.ekey + klen, 4);
				memcpy(nonce + 4, p.iv, 8);
				memcpy(aad, p.b, 4);
				put32(aad + 4, seq_hi);
				memcpy(aad + 4 + 4 * esn, p.b + 4, 4);
				ref_gcm_seal(sa.ekey, klen, nonce, aad, 8 + 4 * esn,
				    in, len, ref);
				CU_ASSERT_EQUAL(memcmp(ref, p.data, len + 16), 0);
			} else {
				size_t n = 8 + 16 + len;

				ref_cbc_decrypt(sa.ekey, sa.info->enc_key_len, p.iv,
				    p.data, len, ref);
				CU_ASSERT_EQUAL(memcmp(ref, in, len), 0);
				memcpy(in, p.b, n);
				put32(in + n, seq_hi);
				ref_hmac(digest_of(a), sa.ikey, sa.info->int_key_len,
				    in, n + 4 * esn, mac);
				CU_ASSERT_EQUAL(memcmp(mac, p.icv, sa.info->icv_len), 0);
			}
			sa_close(&sa);
		}
}

/* A flipped bit anywhere the ICV covers makes open fail, and what is left
 * in data is not plaintext: CBC's ciphertext untouched, GCM's zeroes. */
static void
test_tamper(void)
{
	enum esp_alg a;

	for (a = 0; a < ESP_ALG_COUNT; a++) {
		struct sa sa;
		size_t where[4], i, k;

		sa_open(&sa, a);
		where[0] = 2;					/* SPI */
		where[1] = 8 + 3;				/* IV */
		where[2] = 8 + sa.info->iv_len + 70;		/* data */
		where[3] = 8 + sa.info->iv_len + 96 + sa.info->icv_len - 1; /* ICV's last byte */
		for (i = 0; i < 4; i++) {
			uint8_t sealed[BUF_MAX];
			struct pkt p;

			pkt_seal(&sa, &p, 0, 5, false, 96);
			p.b[where[i]] ^= 0x10;
			memcpy(sealed, p.data, p.len);
			CU_ASSERT_EQUAL(pkt_open(&sa, &p, 0, false), -1);
			if (sa.info->aead) {
				for (k = 0; k < p.len; k++)
					CU_ASSERT_EQUAL_FATAL(p.data[k], 0);
			} else
				CU_ASSERT_EQUAL(memcmp(p.data, sealed, p.len), 0);
		}
		sa_close(&sa);
	}
}

/* seq_hi is authenticated though never sent: the wrong one, or none, fails. */
static void
test_esn_authenticated(void)
{
	enum esp_alg a;

	for (a = 0; a < ESP_ALG_COUNT; a++) {
		struct sa sa;
		struct pkt p;
		uint8_t sealed[PKT_MAX];

		sa_open(&sa, a);
		pkt_seal(&sa, &p, 7, 1, true, 32);
		memcpy(sealed, p.b, sizeof(sealed));
		CU_ASSERT_EQUAL(pkt_open(&sa, &p, 8, true), -1);
		memcpy(p.b, sealed, sizeof(sealed));
		CU_ASSERT_EQUAL(pkt_open(&sa, &p, 7, false), -1);
		memcpy(p.b, sealed, sizeof(sealed));
		CU_ASSERT_EQUAL(pkt_open(&sa, &p, 7, true), 0);
		CU_ASSERT_TRUE(is_plain(&p, 1));
		sa_close(&sa);
	}
}

/* CBC IVs differ packet to packet and SA to SA even under the same keys. */
static void
test_cbc_iv_unpredictable(void)
{
	enum { N = 64 };
	uint8_t ivs[2 * N][16];
	struct sa sa[2];
	struct pkt p;
	size_t i, j;

	for (i = 0; i < 2; i++) {
		sa_open(&sa[i], ESP_AES128_SHA256);
		for (j = 0; j < N; j++) {
			pkt_seal(&sa[i], &p, 0, 1, false, 16);
			memcpy(ivs[i * N + j], p.iv, 16);
		}
		sa_close(&sa[i]);
	}
	for (i = 0; i < 2 * N; i++)
		for (j = i + 1; j < 2 * N; j++)
			CU_ASSERT_NOT_EQUAL(memcmp(ivs[i], ivs[j], 16), 0);
}

/* Seals or opens the packet in buf: header, IV, len bytes, ICV. */
static int
run(struct esp_xform *x, bool seal, uint8_t *buf, size_t len)
{
	uint8_t *data = buf + 8 + esp_xform_alg(x)->iv_len;

	return seal ? esp_xform_seal(x, buf, 0, false, buf + 8, data, len, data + len) :
	    esp_xform_open(x, buf, 0, false, buf + 8, data, len, data + len);
}

static void
test_refused(void)
{
	uint8_t k[ESP_KEY_MAX] = { 0 }, buf[PKT_MAX] = { 0 };
	struct esp_xform *x;
	enum esp_alg a;
	int enc;

	for (a = 0; a < ESP_ALG_COUNT; a++) {
		const struct esp_alg_info *in = esp_alg_info(a);
		size_t e = in->enc_key_len, i = in->int_key_len;

		CU_ASSERT_PTR_NULL(esp_xform_new(a, true, k, e - 1, k, i));
		CU_ASSERT_PTR_NULL(esp_xform_new(a, true, k, e + 1, k, i));
		CU_ASSERT_PTR_NULL(esp_xform_new(a, true, k, e, k, i + 1));
		CU_ASSERT_PTR_NULL(esp_xform_new(a, true, NULL, e, k, i));
		if (i > 0) {
			CU_ASSERT_PTR_NULL(esp_xform_new(a, true, k, e, k, i - 1));
			CU_ASSERT_PTR_NULL(esp_xform_new(a, true, k, e, NULL, i));
		}
		/* the other direction's call, and a length not of whole blocks */
		for (enc = 0; enc < 2; enc++) {
			x = esp_xform_new(a, enc, k, e, k, i);
			CU_ASSERT_PTR_NOT_NULL_FATAL(x);
			CU_ASSERT_EQUAL(run(x, !enc, buf, 16), -1);
			CU_ASSERT_EQUAL(run(x, enc, buf, in->block_size + 2), -1);
			esp_xform_free(x);
		}
	}
	CU_ASSERT_PTR_NULL(esp_xform_new(ESP_ALG_COUNT, true, k, 20, NULL, 0));
	CU_ASSERT_PTR_NULL(esp_alg_info(ESP_ALG_COUNT));
	esp_xform_free(NULL);
}

static void
test_names(void)
{
	static const char *const bad[] = { "", "aes128gcm", "AES128GCM16",
	    "aes128gcm16 ", "aes192-sha256", "aes128-sha1" };
	enum esp_alg a, b;
	size_t i;

	for (a = 0; a < ESP_ALG_COUNT; a++) {
		const struct esp_alg_info *in = esp_alg_info(a);

		CU_ASSERT_EQUAL(esp_alg_parse(esp_alg_name(a), &b), 0);
		CU_ASSERT_EQUAL(b, a);
		CU_ASSERT_STRING_EQUAL(in->name, esp_alg_name(a));
		CU_ASSERT_EQUAL(in->iv_len, in->aead ? 8 : 16);
		CU_ASSERT_TRUE(in->iv_len <= ESP_IV_MAX && in->icv_len <= ESP_ICV_MAX);
		CU_ASSERT_TRUE(in->enc_key_len <= ESP_KEY_MAX &&
		    in->int_key_len <= ESP_KEY_MAX);
		CU_ASSERT_STRING_EQUAL(in->tshark_enc, in->aead ?
		    "AES-GCM with 16 octet ICV [RFC4106]" : "AES-CBC [RFC3602]");
	}
	CU_ASSERT_STRING_EQUAL(esp_alg_name(ESP_AES256_GCM16), "aes256gcm16");
	CU_ASSERT_STRING_EQUAL(esp_alg_info(ESP_AES256_SHA384)->tshark_auth,
	    "HMAC-SHA-384-192 [RFC4868]");
	CU_ASSERT_EQUAL(esp_alg_info(ESP_AES128_SHA512)->icv_len, 32);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(esp_alg_parse(bad[i], &b), -1);
}

static CU_TestInfo tests[] = {
	{ "draft-mcgrew-gcm-test-01 ESP packets", test_gcm_draft_vectors },
	{ "RFC 4868 PRF and AUTH vectors (reference HMAC)", test_hmac_rfc4868_reference },
	{ "RFC 4868 AUTH-2 vectors as ESN packets", test_hmac_rfc4868_auth2_as_esp },
	{ "seal then open, every algorithm", test_round_trip },
	{ "seal matches the references", test_seal_matches_reference },
	{ "a flipped bit fails open", test_tamper },
	{ "seq_hi is authenticated", test_esn_authenticated },
	{ "CBC IVs never repeat", test_cbc_iv_unpredictable },
	{ "bad keys, lengths and directions refused", test_refused },
	{ "names parse and print back", test_names },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "esp_xform"
#include "cunit_main.h"
