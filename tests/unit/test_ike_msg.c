/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for IKEv2's wire format (src/ike): every payload type built
 * and parsed back, an SK payload sealed by a stand-in cipher (plaintext,
 * zero padding, zero ICV) and its contents parsed as the inner chain, the
 * builder at every capacity short of the message, and tables of malformed
 * headers, chains and payload bodies with the reason each is refused for.
 * The bytes of the tables are written by hand from RFC 7296 §3, so they
 * check the parser against the RFC's layout, not against the builder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ike/ike_build.h"
#include "ike/ike_msg.h"

#define BUF_MAX		2048

/* CU_FAIL prints its argument's text; this prints the case's name. */
#define FAIL_CASE(name) \
	CU_assertImplementation(CU_FALSE, __LINE__, (name), __FILE__, "", CU_FALSE)

/*
 * Hex into out: blanks ignored, and "xx*N" stands for the byte xx N times.
 * Returns the length.
 */
static size_t
from_hex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (;;) {
		unsigned byte, rep = 1;
		int used;

		s += strspn(s, " ");
		if (sscanf(s, "%2x%n", &byte, &used) != 1)
			return n;
		s += used;
		if (*s == '*' && sscanf(s + 1, "%u%n", &rep, &used) == 1)
			s += 1 + used;
		memset(out + n, (int)byte, rep);
		n += rep;
	}
}

/* --- the fixture: one of each payload --- */

static const struct ike_proposal ike_props[] = {
	{ .num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 3, .xf = {
		{ .type = IKE_XF_ENCR, .id = 20, .key_bits = 256 },
		{ .type = IKE_XF_PRF, .id = 7 },
		{ .type = IKE_XF_DH, .id = 19 } } },
	{ .num = 2, .protocol = IKE_PROTO_IKE, .ntransforms = 4, .xf = {
		{ .type = IKE_XF_ENCR, .id = 12, .key_bits = 128 },
		{ .type = IKE_XF_INTEG, .id = 12 },
		{ .type = IKE_XF_PRF, .id = 5 },
		{ .type = IKE_XF_DH, .id = 14 } } },
};
static const struct ike_proposal esp_prop = {
	.num = 1, .protocol = IKE_PROTO_ESP, .spi_size = 4, .spi = 0xc0ffee01, .ntransforms = 2,
	.xf = { { .type = IKE_XF_ENCR, .id = 20, .key_bits = 128 }, { .type = IKE_XF_ESN, .id = 0 } },
};
static const uint8_t ke_data[64] = { 0x11, 0x22, [63] = 0x33 };
static const uint8_t nonce[32] = { 1, 2, 3, [31] = 32 };
static const uint8_t natd[20] = { 0xaa, [19] = 0xbb };
static const uint8_t vid[16] = { 0x88, 0x2f, 0xe5, 0x6d };
static const uint8_t fqdn[] = "gw.example.net";
static const uint8_t mic[32] = { 9, [31] = 9 };
static const uint32_t del_spis[] = { 0xc0ffee01, 0xc0ffee02, 0xdeadbeef };
static const struct ike_ts tsi[] = {
	{ .proto = 0, .port_lo = 0, .port_hi = 65535, .addr_lo = 0x0a010000, .addr_hi = 0x0a0100ff },
	{ .proto = 17, .port_lo = 500, .port_hi = 500, .addr_lo = 0xc6336401, .addr_hi = 0xc6336401 },
};
static const struct ike_ts tsr[] = {
	{ .proto = 6, .port_lo = 0xffff, .port_hi = 0, .addr_lo = 0, .addr_hi = 0xffffffff },
};
/* a CP reply with INTERNAL_IP4_ADDRESS 10.9.0.7, its R bit set, and an
 * empty INTERNAL_IP4_DNS */
static const uint8_t cp_body[] = { 2, 0, 0, 0, 0x80, 1, 0, 4, 10, 9, 0, 7, 0, 3, 0, 0 };

static const struct ike_hdr fixture_hdr = {
	.spi_i = 0x0102030405060708, .spi_r = 0x1112131415161718, .exchange = IKE_EXCH_IKE_SA_INIT,
	.flags = IKE_FLAG_I, .msgid = 0x01020304,
};

/* Every payload type into buf[cap]; the payload types in order into
 * types[]. Returns ike_build_finish's result, the length in *len. */
static int
build_fixture(uint8_t *buf, size_t cap, size_t *len)
{
	struct ike_build b;
	struct ike_ke ke = { 19, ke_data, sizeof(ke_data) };
	struct ike_notify nd = { 0, 0, 0, IKE_N_NAT_DETECTION_SOURCE_IP, natd, sizeof(natd) };
	struct ike_notify rekey = { IKE_PROTO_ESP, 4, 0xc0ffee01, IKE_N_REKEY_SA, NULL, 0 };
	struct ike_id id = { IKE_ID_FQDN, fqdn, sizeof(fqdn) - 1 };
	struct ike_auth auth = { IKE_AUTH_SHARED_KEY, mic, sizeof(mic) };

	ike_build_init(&b, buf, cap, &fixture_hdr);
	ike_build_sa(&b, ike_props, 2);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	ike_build_notify(&b, &nd);
	ike_build_notify(&b, &rekey);
	ike_build_vendor(&b, vid, sizeof(vid));
	ike_build_id(&b, IKE_PL_IDI, &id);
	ike_build_auth(&b, &auth);
	ike_build_sa(&b, &esp_prop, 1);
	ike_build_ts(&b, IKE_PL_TSI, tsi, 2);
	ike_build_ts(&b, IKE_PL_TSR, tsr, 1);
	ike_build_delete(&b, IKE_PROTO_ESP, del_spis, 3);
	ike_build_delete(&b, IKE_PROTO_IKE, NULL, 0);
	ike_build_payload(&b, IKE_PL_CP, false, cp_body, sizeof(cp_body));
	ike_build_payload(&b, 200, true, "\x01\x02\x03", 3);
	return ike_build_finish(&b, len);
}

static const uint8_t fixture_types[] = {
	IKE_PL_SA, IKE_PL_KE, IKE_PL_NONCE, IKE_PL_NOTIFY, IKE_PL_NOTIFY, IKE_PL_VENDOR, IKE_PL_IDI,
	IKE_PL_AUTH, IKE_PL_SA, IKE_PL_TSI, IKE_PL_TSR, IKE_PL_DELETE, IKE_PL_DELETE, IKE_PL_CP, 200,
};
#define FIXTURE_N	(sizeof(fixture_types))

static void
assert_proposal(const struct ike_proposal *got, const struct ike_proposal *want)
{
	CU_ASSERT_EQUAL(got->num, want->num);
	CU_ASSERT_EQUAL(got->protocol, want->protocol);
	CU_ASSERT_EQUAL(got->spi_size, want->spi_size);
	CU_ASSERT_EQUAL(got->spi, want->spi);
	CU_ASSERT_EQUAL_FATAL(got->ntransforms, want->ntransforms);
	for (size_t i = 0; i < want->ntransforms; i++) {
		CU_ASSERT_EQUAL(got->xf[i].type, want->xf[i].type);
		CU_ASSERT_EQUAL(got->xf[i].id, want->xf[i].id);
		CU_ASSERT_EQUAL(got->xf[i].key_bits, want->xf[i].key_bits);
		CU_ASSERT_FALSE(got->xf[i].unknown_attr);
	}
}

static void
assert_ts(const struct ike_ts_list *got, const struct ike_ts *want, size_t n)
{
	CU_ASSERT_EQUAL_FATAL(got->n, n);
	CU_ASSERT_EQUAL(got->n_ipv6, 0);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(got->ts[i].proto, want[i].proto);
		CU_ASSERT_EQUAL(got->ts[i].port_lo, want[i].port_lo);
		CU_ASSERT_EQUAL(got->ts[i].port_hi, want[i].port_hi);
		CU_ASSERT_EQUAL(got->ts[i].addr_lo, want[i].addr_lo);
		CU_ASSERT_EQUAL(got->ts[i].addr_hi, want[i].addr_hi);
	}
}

static void
test_names(void)
{
	char buf[IKE_NAME_MAX];

	CU_ASSERT_STRING_EQUAL(ike_notify_name(14, buf, sizeof(buf)), "NO_PROPOSAL_CHOSEN");
	CU_ASSERT_STRING_EQUAL(ike_notify_name(16390, buf, sizeof(buf)), "COOKIE");
	CU_ASSERT_STRING_EQUAL(ike_notify_name(16431, buf, sizeof(buf)), "SIGNATURE_HASH_ALGORITHMS");
	CU_ASSERT_STRING_EQUAL(ike_notify_name(12345, buf, sizeof(buf)), "NOTIFY(12345)");
	CU_ASSERT_STRING_EQUAL(ike_notify_name(65535, buf, sizeof(buf)), "NOTIFY(65535)");
	CU_ASSERT_STRING_EQUAL(ike_payload_name(IKE_PL_IDI, buf, sizeof(buf)), "IDi");
	CU_ASSERT_STRING_EQUAL(ike_payload_name(IKE_PL_SKF, buf, sizeof(buf)), "SKF");
	CU_ASSERT_STRING_EQUAL(ike_payload_name(99, buf, sizeof(buf)), "PAYLOAD(99)");
	CU_ASSERT_STRING_EQUAL(ike_exchange_name(IKE_EXCH_CREATE_CHILD_SA, buf, sizeof(buf)),
	    "CREATE_CHILD_SA");
	CU_ASSERT_STRING_EQUAL(ike_exchange_name(255, buf, sizeof(buf)), "EXCHANGE(255)");
}

/* Every payload type built, then read back as it was written. */
static void
test_round_trip(void)
{
	uint8_t buf[BUF_MAX];
	struct ike_hdr h;
	struct ike_chain c;
	struct ike_sa_pl sa;
	struct ike_ke ke;
	struct ike_blob nc;
	struct ike_notify n;
	struct ike_id id;
	struct ike_auth auth;
	struct ike_ts_list ts;
	struct ike_delete d;
	struct ike_cp cp;
	const char *why = NULL;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(build_fixture(buf, sizeof(buf), &len), 0);
	CU_ASSERT_EQUAL_FATAL(ike_msg_parse(buf, len, &h, &c, &why), 0);
	CU_ASSERT_EQUAL(h.spi_i, fixture_hdr.spi_i);
	CU_ASSERT_EQUAL(h.spi_r, fixture_hdr.spi_r);
	CU_ASSERT_EQUAL(h.major, 2);
	CU_ASSERT_EQUAL(h.minor, 0);
	CU_ASSERT_EQUAL(h.exchange, IKE_EXCH_IKE_SA_INIT);
	CU_ASSERT_EQUAL(h.flags, IKE_FLAG_I);
	CU_ASSERT_EQUAL(h.msgid, 0x01020304);
	CU_ASSERT_EQUAL(h.length, len);
	CU_ASSERT_EQUAL(h.next, IKE_PL_SA);
	CU_ASSERT_EQUAL_FATAL(c.n, FIXTURE_N);
	for (size_t i = 0; i < FIXTURE_N; i++) {
		CU_ASSERT_EQUAL(c.pl[i].type, fixture_types[i]);
		CU_ASSERT_EQUAL(c.pl[i].critical, fixture_types[i] == 200);
		CU_ASSERT_EQUAL(c.pl[i].next, i + 1 < FIXTURE_N ? fixture_types[i + 1] : IKE_PL_NONE);
	}
	CU_ASSERT_PTR_EQUAL(ike_chain_find(&c, IKE_PL_TSR), &c.pl[10]);
	CU_ASSERT_PTR_NULL(ike_chain_find(&c, IKE_PL_SK));

	CU_ASSERT_EQUAL_FATAL(ike_sa_decode(c.pl[0].body, c.pl[0].len, &sa, &why), 0);
	CU_ASSERT_EQUAL_FATAL(sa.n, 2);
	assert_proposal(&sa.prop[0], &ike_props[0]);
	assert_proposal(&sa.prop[1], &ike_props[1]);

	CU_ASSERT_EQUAL_FATAL(ike_ke_decode(c.pl[1].body, c.pl[1].len, &ke, &why), 0);
	CU_ASSERT_EQUAL(ke.group, 19);
	CU_ASSERT(ke.len == sizeof(ke_data) && memcmp(ke.data, ke_data, ke.len) == 0);

	CU_ASSERT_EQUAL_FATAL(ike_nonce_decode(c.pl[2].body, c.pl[2].len, &nc, &why), 0);
	CU_ASSERT(nc.len == sizeof(nonce) && memcmp(nc.data, nonce, nc.len) == 0);

	CU_ASSERT_EQUAL_FATAL(ike_notify_decode(c.pl[3].body, c.pl[3].len, &n, &why), 0);
	CU_ASSERT_EQUAL(n.type, IKE_N_NAT_DETECTION_SOURCE_IP);
	CU_ASSERT_EQUAL(n.protocol, 0);
	CU_ASSERT_EQUAL(n.spi_size, 0);
	CU_ASSERT(n.len == sizeof(natd) && memcmp(n.data, natd, n.len) == 0);
	CU_ASSERT_EQUAL_FATAL(ike_notify_decode(c.pl[4].body, c.pl[4].len, &n, &why), 0);
	CU_ASSERT_EQUAL(n.type, IKE_N_REKEY_SA);
	CU_ASSERT_EQUAL(n.protocol, IKE_PROTO_ESP);
	CU_ASSERT_EQUAL(n.spi_size, 4);
	CU_ASSERT_EQUAL(n.spi, 0xc0ffee01);
	CU_ASSERT_EQUAL(n.len, 0);

	CU_ASSERT(c.pl[5].len == sizeof(vid) && memcmp(c.pl[5].body, vid, sizeof(vid)) == 0);

	CU_ASSERT_EQUAL_FATAL(ike_id_decode(c.pl[6].body, c.pl[6].len, &id, &why), 0);
	CU_ASSERT_EQUAL(id.type, IKE_ID_FQDN);
	CU_ASSERT(id.len == sizeof(fqdn) - 1 && memcmp(id.data, fqdn, id.len) == 0);

	CU_ASSERT_EQUAL_FATAL(ike_auth_decode(c.pl[7].body, c.pl[7].len, &auth, &why), 0);
	CU_ASSERT_EQUAL(auth.method, IKE_AUTH_SHARED_KEY);
	CU_ASSERT(auth.len == sizeof(mic) && memcmp(auth.data, mic, auth.len) == 0);

	CU_ASSERT_EQUAL_FATAL(ike_sa_decode(c.pl[8].body, c.pl[8].len, &sa, &why), 0);
	CU_ASSERT_EQUAL_FATAL(sa.n, 1);
	assert_proposal(&sa.prop[0], &esp_prop);

	CU_ASSERT_EQUAL_FATAL(ike_ts_decode(c.pl[9].body, c.pl[9].len, &ts, &why), 0);
	assert_ts(&ts, tsi, 2);
	CU_ASSERT_EQUAL_FATAL(ike_ts_decode(c.pl[10].body, c.pl[10].len, &ts, &why), 0);
	assert_ts(&ts, tsr, 1);

	CU_ASSERT_EQUAL_FATAL(ike_delete_decode(c.pl[11].body, c.pl[11].len, &d, &why), 0);
	CU_ASSERT_EQUAL(d.protocol, IKE_PROTO_ESP);
	CU_ASSERT_EQUAL(d.spi_size, 4);
	CU_ASSERT_EQUAL_FATAL(d.count, 3);
	for (size_t i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(ike_delete_spi(&d, i), del_spis[i]);
	CU_ASSERT_EQUAL_FATAL(ike_delete_decode(c.pl[12].body, c.pl[12].len, &d, &why), 0);
	CU_ASSERT_EQUAL(d.protocol, IKE_PROTO_IKE);
	CU_ASSERT_EQUAL(d.count, 0);

	CU_ASSERT_EQUAL_FATAL(ike_cp_decode(c.pl[13].body, c.pl[13].len, &cp, &why), 0);
	CU_ASSERT_EQUAL(cp.type, IKE_CFG_REPLY);
	CU_ASSERT_EQUAL_FATAL(cp.n, 2);
	CU_ASSERT_EQUAL(cp.attr[0].type, IKE_CFG_INTERNAL_IP4_ADDRESS);
	CU_ASSERT(cp.attr[0].len == 4 && memcmp(cp.attr[0].value, "\x0a\x09\x00\x07", 4) == 0);
	CU_ASSERT_EQUAL(cp.attr[1].type, IKE_CFG_INTERNAL_IP4_DNS);
	CU_ASSERT_EQUAL(cp.attr[1].len, 0);

	CU_ASSERT(c.pl[14].len == 3 && memcmp(c.pl[14].body, "\x01\x02\x03", 3) == 0);
}

/* The bytes RFC 7296 §3.1 and §3.2 lay out, written by hand: the builder's
 * header and first payload header are these, not merely self-consistent. */
static void
test_layout(void)
{
	uint8_t buf[64], want[64];
	struct ike_build b;
	size_t len, n;

	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_delete(&b, IKE_PROTO_ESP, del_spis, 1);
	CU_ASSERT_EQUAL_FATAL(ike_build_finish(&b, &len), 0);
	n = from_hex("0102030405060708 1112131415161718 2a 20 22 08 01020304 00000028"
	    " 00 00 000c 03 04 0001 c0ffee01", want);
	CU_ASSERT_EQUAL(len, n);
	CU_ASSERT_EQUAL(memcmp(buf, want, n), 0);

	/* the SA payload of §3.3: a proposal, a transform with Key Length */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sa(&b, &esp_prop, 1);
	CU_ASSERT_EQUAL_FATAL(ike_build_finish(&b, &len), 0);
	n = from_hex("00 00 0024 00 00 0020 01 03 04 02 c0ffee01"
	    " 03 00 000c 01 00 0014 800e 0080  00 00 0008 05 00 0000", want);
	CU_ASSERT_EQUAL(len, IKE_HDR_LEN + n);
	CU_ASSERT_EQUAL(buf[16], IKE_PL_SA);
	CU_ASSERT_EQUAL(memcmp(buf + IKE_HDR_LEN, want, n), 0);
}

/* The stand-in for crypto/ike_sk.h: the plaintext stays, the padding (to
 * 16 bytes with its pad length byte) and a 16-byte ICV are zeros. */
#define FAKE_IV		16
#define FAKE_ICV	16

static size_t
fake_sealed_len(size_t pt_len)
{
	return FAKE_IV + (pt_len + 1 + 15) / 16 * 16 + FAKE_ICV;
}

static void
fake_seal(uint8_t *buf, const struct ike_sk_layout *l)
{
	size_t pt_end = l->aad_len + l->iv_len + l->pt_len;

	memset(buf + l->aad_len, 0x5a, l->iv_len);
	memset(buf + pt_end, 0, l->total_len - pt_end);
}

/* IKE_AUTH's shape: SK { IDi, AUTH, SA, TSi, TSr }, sealed, then its
 * contents parsed as the inner chain; and an empty SK (a liveness check). */
static void
test_sk(void)
{
	static const uint8_t inner_types[] = { IKE_PL_IDI, IKE_PL_AUTH, IKE_PL_SA, IKE_PL_TSI, IKE_PL_TSR };
	uint8_t buf[BUF_MAX];
	struct ike_build b;
	struct ike_sk_layout l;
	struct ike_hdr h;
	struct ike_chain c, inner;
	struct ike_sa_pl sa;
	struct ike_id id = { IKE_ID_FQDN, fqdn, sizeof(fqdn) - 1 };
	struct ike_auth auth = { IKE_AUTH_SHARED_KEY, mic, sizeof(mic) };
	const char *why = NULL;
	size_t pt_len, len;

	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, FAKE_IV);
	CU_ASSERT_EQUAL(ike_build_sk_plain_len(&b), 0);
	ike_build_id(&b, IKE_PL_IDI, &id);
	ike_build_auth(&b, &auth);
	ike_build_sa(&b, &esp_prop, 1);
	ike_build_ts(&b, IKE_PL_TSI, tsi, 2);
	ike_build_ts(&b, IKE_PL_TSR, tsr, 1);
	pt_len = ike_build_sk_plain_len(&b);
	CU_ASSERT_EQUAL(pt_len, b.len - IKE_HDR_LEN - IKE_PL_HDR_LEN - FAKE_IV);
	CU_ASSERT_EQUAL_FATAL(ike_build_sk_close(&b, fake_sealed_len(pt_len), &l), 0);
	CU_ASSERT_EQUAL(l.aad_len, IKE_HDR_LEN + IKE_PL_HDR_LEN);
	CU_ASSERT_EQUAL(l.iv_len, FAKE_IV);
	CU_ASSERT_EQUAL(l.pt_len, pt_len);
	CU_ASSERT_EQUAL(l.total_len, l.aad_len + fake_sealed_len(pt_len));
	fake_seal(buf, &l);
	CU_ASSERT_EQUAL(ike_build_finish(&b, &len), 0);
	CU_ASSERT_EQUAL(len, l.total_len);

	CU_ASSERT_EQUAL_FATAL(ike_msg_parse(buf, l.total_len, &h, &c, &why), 0);
	CU_ASSERT_EQUAL(h.next, IKE_PL_SK);
	CU_ASSERT_EQUAL_FATAL(c.n, 1);
	CU_ASSERT_EQUAL(c.pl[0].type, IKE_PL_SK);
	CU_ASSERT_EQUAL(c.pl[0].next, IKE_PL_IDI);
	CU_ASSERT_PTR_EQUAL(c.pl[0].body, buf + l.aad_len);
	CU_ASSERT_EQUAL(c.pl[0].len, fake_sealed_len(pt_len));
	/* decrypted: the plaintext after the IV, its padding cut off */
	CU_ASSERT_EQUAL_FATAL(ike_chain_parse(c.pl[0].next, c.pl[0].body + FAKE_IV, pt_len,
	    IKE_CHAIN_INNER, &inner, &why), 0);
	CU_ASSERT_EQUAL_FATAL(inner.n, sizeof(inner_types));
	for (size_t i = 0; i < inner.n; i++)
		CU_ASSERT_EQUAL(inner.pl[i].type, inner_types[i]);
	CU_ASSERT_EQUAL_FATAL(ike_sa_decode(inner.pl[2].body, inner.pl[2].len, &sa, &why), 0);
	assert_proposal(&sa.prop[0], &esp_prop);
	/* the padding left on is bytes after the last payload */
	CU_ASSERT_EQUAL(ike_chain_parse(c.pl[0].next, c.pl[0].body + FAKE_IV, pt_len + 1,
	    IKE_CHAIN_INNER, &inner, &why), -1);

	/* an empty SK payload: INFORMATIONAL's liveness check */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, FAKE_IV);
	CU_ASSERT_EQUAL_FATAL(ike_build_sk_close(&b, fake_sealed_len(0), &l), 0);
	CU_ASSERT_EQUAL(l.pt_len, 0);
	fake_seal(buf, &l);
	CU_ASSERT_EQUAL_FATAL(ike_msg_parse(buf, l.total_len, &h, &c, &why), 0);
	CU_ASSERT_EQUAL_FATAL(c.n, 1);
	CU_ASSERT_EQUAL(c.pl[0].next, IKE_PL_NONE);
	CU_ASSERT_EQUAL(ike_chain_parse(c.pl[0].next, c.pl[0].body + FAKE_IV, 0, IKE_CHAIN_INNER,
	    &inner, &why), 0);
	CU_ASSERT_EQUAL(inner.n, 0);
}

/* At every capacity short of the message the builder fails and writes
 * nothing at or past the capacity. */
static void
test_build_overflow(void)
{
	uint8_t buf[BUF_MAX + 64];
	size_t full, len;

	CU_ASSERT_EQUAL_FATAL(build_fixture(buf, BUF_MAX, &full), 0);
	for (size_t cap = 0; cap < full; cap++) {
		memset(buf, 0xa5, sizeof(buf));
		if (build_fixture(buf, cap, &len) != -1)
			FAIL_CASE("a message longer than the capacity was built");
		for (size_t i = cap; i < sizeof(buf); i++)
			if (buf[i] != 0xa5) {
				FAIL_CASE("the builder wrote past its capacity");
				break;
			}
	}
	CU_ASSERT_EQUAL(build_fixture(buf, full, &len), 0);
	CU_ASSERT_EQUAL(len, full);
}

/* The SK payload's order of calls, and its room. */
static void
test_build_misuse(void)
{
	uint8_t buf[256];
	struct ike_build b;
	struct ike_sk_layout l;
	size_t len;

	/* a payload after the SK payload is closed */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, 8 + 16, &l), 0);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);

	/* finished with the SK payload still open */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);

	/* closed without opening; two SK payloads */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, 16, &l), -1);
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	ike_build_sk_open(&b, 8);
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, 16, &l), -1);

	/* sealed shorter than IV and plaintext; sealed beyond the capacity */
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, 8 + 4 + sizeof(nonce) - 1, &l), -1);
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, sizeof(buf) - IKE_HDR_LEN - 4 + 1, &l), -1);
	ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
	ike_build_sk_open(&b, 8);
	CU_ASSERT_EQUAL(ike_build_sk_close(&b, sizeof(buf) - IKE_HDR_LEN - 4, &l), 0);
	CU_ASSERT_EQUAL(l.total_len, sizeof(buf));

	/* sticky: once failed, a later payload that would fit changes nothing */
	ike_build_init(&b, buf, 40, &fixture_hdr);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	len = b.len;
	ike_build_vendor(&b, vid, 4);
	CU_ASSERT_EQUAL(b.len, len);
	CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);

	/* SPI sizes the wire has no room for; SPIs with an IKE delete */
	{
		struct ike_notify n = { IKE_PROTO_ESP, 3, 1, IKE_N_REKEY_SA, NULL, 0 };
		struct ike_proposal p = esp_prop;

		ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
		ike_build_notify(&b, &n);
		CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);
		p.spi_size = 5;
		ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
		ike_build_sa(&b, &p, 1);
		CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);
		ike_build_init(&b, buf, sizeof(buf), &fixture_hdr);
		ike_build_delete(&b, IKE_PROTO_IKE, del_spis, 1);
		CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);
	}

	/* a header that does not fit */
	ike_build_init(&b, buf, IKE_HDR_LEN - 1, &fixture_hdr);
	CU_ASSERT_EQUAL(ike_build_finish(&b, &len), -1);
}

/* Expects rc and, when want is not NULL, a reason containing it. */
static void
expect(const char *name, int rc, const char *why, int want_rc, const char *want)
{
	char msg[256];

	if (rc == want_rc && (want == NULL || (why != NULL && strstr(why, want) != NULL)))
		return;
	snprintf(msg, sizeof(msg), "%s: returned %d (%s), want %d (%s)", name, rc,
	    why ? why : "-", want_rc, want ? want : "-");
	FAIL_CASE(msg);
}

/* Runs call, which sets why, then expects as expect() does. */
#define EXPECT(name, call, want_rc, want) do { \
	why = NULL; \
	int rc_ = (call); \
	expect((name), rc_, why, (want_rc), (want)); \
} while (0)

static void
test_header(void)
{
	uint8_t buf[IKE_MSG_MAX + 1];
	struct ike_hdr h;
	struct ike_chain c;
	const char *why = NULL;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(build_fixture(buf, sizeof(buf), &len), 0);
	EXPECT("truncated", ike_hdr_parse(buf, IKE_HDR_LEN - 1, &h, &why), -1, "truncated");
	EXPECT("datagram longer than the length field", ike_hdr_parse(buf, len + 1, &h, &why),
	    -1, "length field");
	EXPECT("datagram shorter than the length field", ike_hdr_parse(buf, len - 1, &h, &why),
	    -1, "length field");
	buf[17] = 0x10;
	EXPECT("IKEv1", ike_hdr_parse(buf, len, &h, &why), -1, "below 2");
	buf[17] = 0x25;				/* a minor version is ignored */
	EXPECT("minor 5", ike_hdr_parse(buf, len, &h, &why), 0, NULL);
	CU_ASSERT_EQUAL(h.minor, 5);
	buf[17] = 0x30;
	memset(&h, 0, sizeof(h));
	EXPECT("major 3", ike_msg_parse(buf, len, &h, &c, &why), IKE_HDR_MAJOR_ABOVE, "above 2");
	CU_ASSERT_EQUAL(h.major, 3);
	CU_ASSERT_EQUAL(h.spi_i, fixture_hdr.spi_i);
	CU_ASSERT_EQUAL(h.msgid, fixture_hdr.msgid);
	CU_ASSERT_EQUAL(c.n, 0);
	buf[17] = 0x20;
	buf[19] = 0xc7 | IKE_FLAG_R;		/* reserved flags: kept, not refused */
	EXPECT("reserved flags", ike_hdr_parse(buf, len, &h, &why), 0, NULL);
	CU_ASSERT_EQUAL(h.flags, 0xe7);

	/* larger than IKE_MSG_MAX, though consistent: refused, not cut */
	memset(buf + len, 0, sizeof(buf) - len);
	buf[24] = 0;
	buf[25] = 0;
	buf[26] = (IKE_MSG_MAX + 1) >> 8;
	buf[27] = (IKE_MSG_MAX + 1) & 0xff;
	EXPECT("too long", ike_hdr_parse(buf, IKE_MSG_MAX + 1, &h, &why), -1, "longer than 8192");
}

/* A chain, written out: its first type, its bytes, the verdict. */
struct chain_case {
	const char	*name;
	uint8_t		 first;
	enum ike_chain_kind kind;
	const char	*hex;
	int		 rc;
	const char	*why;		/* a part of the reason */
};

static const struct chain_case chain_cases[] = {
	{ "empty", IKE_PL_NONE, IKE_CHAIN_OUTER, "", 0, NULL },
	{ "empty with a byte", IKE_PL_NONE, IKE_CHAIN_OUTER, "00", -1, "bytes after the last" },
	{ "one notify", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 00 0008 00000000", 0, NULL },
	{ "reserved bits ignored", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 7f 0008 00000000", 0, NULL },
	{ "unknown, critical", 200, IKE_CHAIN_OUTER, "00 80 0005 ff", 0, NULL },
	{ "length below 4", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 00 0003 00", -1, "below 4" },
	{ "length beyond", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 00 0009 00000000", -1, "beyond the message" },
	{ "header cut", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 00 00", -1, "generic header beyond" },
	{ "ends early", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "29 00 0008 00000000", -1, "generic header beyond" },
	{ "bytes after the last", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "00 00 0008 00000000 00", -1,
	  "bytes after the last" },
	{ "SK last", IKE_PL_NOTIFY, IKE_CHAIN_OUTER, "2e 00 0008 00000000 23 00 0008 5a5a5a5a", 0, NULL },
	{ "SK not last", IKE_PL_SK, IKE_CHAIN_OUTER, "23 00 0008 5a5a5a5a 00 00 0004", -1, "not the last" },
	{ "SKF not last", IKE_PL_SKF, IKE_CHAIN_OUTER, "23 00 0008 00010002 00", -1, "not the last" },
	{ "SK inside SK", IKE_PL_SK, IKE_CHAIN_INNER, "00 00 0008 5a5a5a5a", -1, "inside an encrypted" },
};

static void
test_chain_refused(void)
{
	uint8_t buf[BUF_MAX];
	struct ike_chain c;
	const char *why;
	size_t len;

	for (size_t i = 0; i < sizeof(chain_cases) / sizeof(chain_cases[0]); i++) {
		const struct chain_case *t = &chain_cases[i];

		len = from_hex(t->hex, buf);
		EXPECT(t->name, ike_chain_parse(t->first, buf, len, t->kind, &c, &why), t->rc,
		    t->why);
	}
	/* the kept fields of the unknown critical payload */
	len = from_hex("00 80 0005 ff", buf);
	CU_ASSERT_EQUAL_FATAL(ike_chain_parse(200, buf, len, IKE_CHAIN_OUTER, &c, &why), 0);
	CU_ASSERT(c.n == 1 && c.pl[0].type == 200 && c.pl[0].critical && c.pl[0].len == 1);
	len = from_hex("00 7f 0008 00000000", buf);
	CU_ASSERT_EQUAL_FATAL(ike_chain_parse(IKE_PL_NOTIFY, buf, len, IKE_CHAIN_OUTER, &c, &why), 0);
	CU_ASSERT_FALSE(c.pl[0].critical);

	/* IKE_PAYLOADS_MAX vendor IDs pass, one more does not */
	for (size_t n = IKE_PAYLOADS_MAX; n <= IKE_PAYLOADS_MAX + 1; n++) {
		for (size_t i = 0; i < n; i++)
			memcpy(buf + 4 * i, i + 1 < n ? "\x2b\x00\x00\x04" : "\x00\x00\x00\x04", 4);
		EXPECT("payloads at the bound", ike_chain_parse(IKE_PL_VENDOR, buf, 4 * n,
		    IKE_CHAIN_OUTER, &c, &why), n > IKE_PAYLOADS_MAX ? -1 : 0, n > IKE_PAYLOADS_MAX ?
		    "more than 32 payloads" : NULL);
	}
	/* and IKE_NOTIFIES_MAX notifies */
	for (size_t n = IKE_NOTIFIES_MAX; n <= IKE_NOTIFIES_MAX + 1; n++) {
		for (size_t i = 0; i < n; i++)
			memcpy(buf + 8 * i, i + 1 < n ? "\x29\x00\x00\x08\x00\x00\x40\x00" :
			    "\x00\x00\x00\x08\x00\x00\x40\x00", 8);
		EXPECT("notifies at the bound", ike_chain_parse(IKE_PL_NOTIFY, buf, 8 * n,
		    IKE_CHAIN_OUTER, &c, &why), n > IKE_NOTIFIES_MAX ? -1 : 0, n > IKE_NOTIFIES_MAX ?
		    "more than 16 notifies" : NULL);
	}
}

/* --- payload bodies, written out --- */

/* body[len] decoded as the body of a payload of this type */
static int
decode(uint8_t type, const uint8_t *body, size_t len, union ike_body *out, const char **why)
{
	struct ike_payload pl = { .type = type, .body = body, .len = len };

	return ike_payload_decode(&pl, out, why);
}

struct body_case {
	const char	*name;
	uint8_t		 type;
	const char	*hex;
	const char	*why;		/* NULL: accepted */
};

/* one transform: ENCR 20, 8 bytes */
#define XF1	"00 00 0008 01 00 0014"

static const struct body_case body_cases[] = {
	/* §3.3 SA */
	{ "SA one proposal", IKE_PL_SA, "00 00 0010 01 01 00 01 " XF1, NULL },
	{ "SA lone proposal numbered 5", IKE_PL_SA, "00 00 0010 05 01 00 01 " XF1, NULL },
	{ "SA empty", IKE_PL_SA, "", "proposal header beyond" },
	{ "SA proposal length 7", IKE_PL_SA, "00 00 0007 01 01 00 01 " XF1, "proposal length short" },
	{ "SA proposal length beyond", IKE_PL_SA, "00 00 0011 01 01 00 01 " XF1, "proposal length beyond payload" },
	{ "SA last-substructure 1", IKE_PL_SA, "01 00 0010 01 01 00 01 " XF1, "neither 0 nor 2" },
	{ "SA more announced, none", IKE_PL_SA, "02 00 0010 01 01 00 01 " XF1, "proposal header beyond" },
	{ "SA byte after the last", IKE_PL_SA, "00 00 0010 01 01 00 01 " XF1 " 00", "bytes after the last proposal" },
	{ "SA numbered 1, 2", IKE_PL_SA, "02 00 0010 01 01 00 01 " XF1 " 00 00 0010 02 01 00 01 " XF1, NULL },
	{ "SA numbered 1, 3", IKE_PL_SA, "02 00 0010 01 01 00 01 " XF1 " 00 00 0010 03 01 00 01 " XF1, "not numbered" },
	{ "SA numbered 2, 3", IKE_PL_SA, "02 00 0010 02 01 00 01 " XF1 " 00 00 0010 03 01 00 01 " XF1, "not numbered" },
	{ "SA numbered 1, 1", IKE_PL_SA, "02 00 0010 01 01 00 01 " XF1 " 00 00 0010 01 01 00 01 " XF1, "not numbered" },
	{ "SA numbered 0", IKE_PL_SA, "00 00 0010 00 01 00 01 " XF1, "number 0" },
	{ "SA ESP without SPI", IKE_PL_SA, "00 00 0010 01 03 00 01 " XF1, "SPI size does not fit" },
	{ "SA ESP with 8-byte SPI", IKE_PL_SA, "00 00 0018 01 03 08 01 0102030405060708 " XF1, "SPI size does not fit" },
	{ "SA IKE with 4-byte SPI", IKE_PL_SA, "00 00 0014 01 01 04 01 01020304 " XF1, "SPI size does not fit" },
	{ "SA IKE rekey, 8-byte SPI", IKE_PL_SA, "00 00 0018 01 01 08 01 0102030405060708 " XF1, NULL },
	{ "SA ESP SPI beyond proposal", IKE_PL_SA, "00 00 000a 01 03 04 01 0102", "short of its header and SPI" },
	{ "SA protocol 9", IKE_PL_SA, "00 00 0010 01 09 00 01 " XF1, "unknown protocol" },
	{ "SA no transform", IKE_PL_SA, "00 00 0008 01 01 00 00", "without transforms" },
	{ "SA 33 transforms", IKE_PL_SA, "00 00 0010 01 01 00 21 " XF1, "more than 32 transforms" },
	{ "SA count 2, one transform", IKE_PL_SA, "00 00 0010 01 01 00 02 " XF1, "disagrees with the transform count" },
	{ "SA count 1, two transforms", IKE_PL_SA, "00 00 0018 01 01 00 01 03 00 0008 01 00 0014 " XF1,
	  "disagrees with the transform count" },
	{ "SA count 2, transform cut", IKE_PL_SA, "00 00 0014 01 01 00 02 03 00 0008 01 00 0014 00 00 0008",
	  "transform header beyond" },
	{ "SA transform overrun", IKE_PL_SA, "00 00 0010 01 01 00 01 00 00 0009 01 00 0014", "transform length beyond" },
	{ "SA transform length 7", IKE_PL_SA, "00 00 0010 01 01 00 01 00 00 0007 01 00 0014", "below 8" },
	{ "SA byte after the transforms", IKE_PL_SA, "00 00 0011 01 01 00 01 " XF1 " 00",
	  "bytes after a proposal's last transform" },
	{ "SA attribute cut", IKE_PL_SA, "00 00 0012 01 01 00 01 00 00 000a 01 00 0014 800e", "attribute beyond" },
	{ "SA Key Length TLV", IKE_PL_SA, "00 00 0014 01 01 00 01 00 00 000c 01 00 000c 000e 0000", "not in TV" },
	{ "SA Key Length twice", IKE_PL_SA, "00 00 0018 01 01 00 01 00 00 0010 01 00 000c 800e 0080 800e 0100",
	  "twice" },
	{ "SA TLV beyond", IKE_PL_SA, "00 00 0014 01 01 00 01 00 00 000c 01 00 000c 0005 0004", "attribute length beyond" },
	{ "SA 4 attributes", IKE_PL_SA, "00 00 0020 01 01 00 01 00 00 0018 01 00 000c"
	  " 8001 0001 8002 0001 8003 0001 800e 0080", NULL },
	{ "SA 5 attributes", IKE_PL_SA, "00 00 0024 01 01 00 01 00 00 001c 01 00 000c"
	  " 8001 0001 8002 0001 8003 0001 800e 0080 8004 0001", "more than 4 attributes" },
	/* §3.4 KE */
	{ "KE", IKE_PL_KE, "0013 0000 aa", NULL },
	{ "KE without data", IKE_PL_KE, "0013 0000", "no key exchange data" },
	{ "KE cut", IKE_PL_KE, "0013", "no key exchange data" },
	{ "KE at the bound", IKE_PL_KE, "0013 0000 aa*1024", NULL },
	{ "KE above the bound", IKE_PL_KE, "0013 0000 aa*1025", "longer than 1024" },
	/* §3.9 Nonce */
	{ "nonce 16", IKE_PL_NONCE, "aa*16", NULL },
	{ "nonce 256", IKE_PL_NONCE, "aa*256", NULL },
	{ "nonce 15", IKE_PL_NONCE, "aa*15", "not 16 to 256" },
	{ "nonce 257", IKE_PL_NONCE, "aa*257", "not 16 to 256" },
	/* §3.5 ID */
	{ "ID FQDN", IKE_PL_IDI, "02 000000 67 77", NULL },
	{ "ID without data", IKE_PL_IDI, "02 000000", "no identification data" },
	{ "ID 255", IKE_PL_IDI, "02 000000 61*255", NULL },
	{ "ID 256", IKE_PL_IDI, "02 000000 61*256", "longer than 255" },
	{ "ID_IPV4_ADDR 5 bytes", IKE_PL_IDI, "01 000000 0a000001 02", "ID_IPV4_ADDR not 4" },
	{ "ID_IPV6_ADDR 4 bytes", IKE_PL_IDI, "05 000000 0a000001", "ID_IPV6_ADDR not 16" },
	{ "ID unknown type", IKE_PL_IDI, "63 000000 01", NULL },
	/* §3.8 AUTH */
	{ "AUTH", IKE_PL_AUTH, "02 000000 aa*32", NULL },
	{ "AUTH without data", IKE_PL_AUTH, "02 000000", "no authentication data" },
	{ "AUTH above the bound", IKE_PL_AUTH, "02 000000 aa*1025", "longer than 1024" },
	/* §3.10 Notify */
	{ "N", IKE_PL_NOTIFY, "00 00 4004", NULL },
	{ "N cut", IKE_PL_NOTIFY, "00 00 40", "shorter than its 4-byte header" },
	{ "N SPI size 3", IKE_PL_NOTIFY, "00 03 000b 010203", "SPI size does not fit" },
	{ "N ESP SPI size 8", IKE_PL_NOTIFY, "03 08 000b 0102030405060708", "SPI size does not fit" },
	{ "N IKE SPI size 4", IKE_PL_NOTIFY, "01 04 000b 01020304", "SPI size does not fit" },
	{ "N ESP SPI cut", IKE_PL_NOTIFY, "03 04 000b 0102", "SPI beyond payload" },
	{ "N COOKIE empty", IKE_PL_NOTIFY, "00 00 4006", "COOKIE data not 1 to 64" },
	{ "N COOKIE 64", IKE_PL_NOTIFY, "00 00 4006 cc*64", NULL },
	{ "N COOKIE 65", IKE_PL_NOTIFY, "00 00 4006 cc*65", "COOKIE data not 1 to 64" },
	/* §3.11 Delete */
	{ "D ESP", IKE_PL_DELETE, "03 04 0002 01020304 05060708", NULL },
	{ "D cut", IKE_PL_DELETE, "03 04 00", "shorter than its 4-byte header" },
	{ "D IKE with an SPI", IKE_PL_DELETE, "01 04 0001 01020304", "IKE SA deleted with SPIs" },
	{ "D IKE with SPI size 8", IKE_PL_DELETE, "01 08 0000", "IKE SA deleted with SPIs" },
	{ "D ESP SPI size 8", IKE_PL_DELETE, "03 08 0001 0102030405060708", "SPI size not 4" },
	{ "D ESP no SPI", IKE_PL_DELETE, "03 04 0000", "no SPI" },
	{ "D ESP 64 SPIs", IKE_PL_DELETE, "03 04 0040 ab*256", NULL },
	{ "D ESP 65 SPIs", IKE_PL_DELETE, "03 04 0041 ab*260", "more than 64 SPIs" },
	{ "D count above its SPIs", IKE_PL_DELETE, "03 04 0002 01020304", "length disagrees" },
	{ "D count below its SPIs", IKE_PL_DELETE, "02 04 0001 01020304 05", "length disagrees" },
	{ "D protocol 9", IKE_PL_DELETE, "09 04 0001 01020304", "unknown protocol" },
	/* §3.13 TS */
	{ "TS", IKE_PL_TSI, "01 000000 07 06 0010 0050 0050 0a000000 0a0000ff", NULL },
	{ "TS OPAQUE ports", IKE_PL_TSI, "01 000000 07 11 0010 ffff 0000 0a000000 0a0000ff", NULL },
	{ "TS cut", IKE_PL_TSI, "01 0000", "shorter than its 4-byte header" },
	{ "TS none", IKE_PL_TSI, "00 000000", "no traffic selector" },
	{ "TS 17", IKE_PL_TSI, "11 000000", "more than 16" },
	{ "TS ports reversed", IKE_PL_TSI, "01 000000 07 06 0010 0051 0050 0a000000 0a0000ff", "start port above" },
	{ "TS addresses reversed", IKE_PL_TSI, "01 000000 07 00 0010 0000 ffff 0a000100 0a0000ff", "start address above" },
	{ "TS type 9", IKE_PL_TSI, "01 000000 09 00 0010 0000 ffff 00000000 ffffffff", "neither an IPv4 nor" },
	{ "TS IPv4 length 20", IKE_PL_TSI, "01 000000 07 00 0014 0000 ffff 00000000 ffffffff 00000000",
	  "IPv4 selector length not 16" },
	{ "TS IPv4 length 8", IKE_PL_TSI, "01 000000 07 00 0008 0000 ffff", "IPv4 selector length not 16" },
	{ "TS selector cut", IKE_PL_TSI, "01 000000 07 00 0010 0000 ffff 00000000 ffff", "selector length beyond" },
	{ "TS second header cut", IKE_PL_TSI, "02 000000 07 00 0010 0000 ffff 00000000 ffffffff 07 00",
	  "selector header beyond" },
	{ "TS byte after the last", IKE_PL_TSI, "01 000000 07 00 0010 0000 ffff 00000000 ffffffff 00",
	  "bytes after the last selector" },
	{ "TS IPv6", IKE_PL_TSI, "01 000000 08 00 0028 0000 ffff 00*16 ff*16", NULL },
	{ "TS IPv6 reversed", IKE_PL_TSI, "01 000000 08 00 0028 0000 ffff 20 01*15 20 00*15", "start address above" },
	{ "TS IPv6 length 16", IKE_PL_TSI, "01 000000 08 00 0010 0000 ffff 00000000 ffffffff",
	  "IPv6 selector length not 40" },
	/* §3.15 CP */
	{ "CP request, no attribute", IKE_PL_CP, "01 000000", NULL },
	{ "CP cut", IKE_PL_CP, "01 00", "shorter than its 4-byte header" },
	{ "CP attribute header cut", IKE_PL_CP, "01 000000 0001 00", "attribute header beyond" },
	{ "CP attribute beyond", IKE_PL_CP, "01 000000 0001 0004 0a00", "attribute length beyond" },
	{ "CP 16 empty attributes", IKE_PL_CP, "01 000000 00*64", NULL },
	{ "CP 17 empty attributes", IKE_PL_CP, "01 000000 00*68", "more than 16 attributes" },
};

static void
test_bodies(void)
{
	static uint8_t buf[BUF_MAX];
	union ike_body out;
	const char *why;

	for (size_t i = 0; i < sizeof(body_cases) / sizeof(body_cases[0]); i++) {
		const struct body_case *t = &body_cases[i];
		size_t len = from_hex(t->hex, buf);

		EXPECT(t->name, decode(t->type, buf, len, &out, &why), t->why ? -1 : 0, t->why);
	}
}

/* What the accepted bodies above decode to, where the table cannot say. */
static void
test_body_fields(void)
{
	static uint8_t buf[BUF_MAX];
	union ike_body out;
	const char *why;
	size_t len;

	/* an attribute vgw does not know marks the transform, beside Key Length */
	len = from_hex("00 00 001c 01 03 04 01 c0ffee01 00 00 0010 01 00 0014 8005 0001 800e 0100", buf);
	CU_ASSERT_EQUAL_FATAL(ike_sa_decode(buf, len, &out.sa, &why), 0);
	CU_ASSERT_EQUAL(out.sa.prop[0].spi, 0xc0ffee01);
	CU_ASSERT_TRUE(out.sa.prop[0].xf[0].unknown_attr);
	CU_ASSERT_EQUAL(out.sa.prop[0].xf[0].key_bits, 256);

	/* IPv6 ranges are counted beside the IPv4 ones, not decoded */
	len = from_hex("03 000000 08 00 0028 0000 ffff 00*16 ff*16"
	    " 07 11 0010 ffff 0000 0a000000 0a0000ff  08 00 0028 0000 ffff 00*16 ff*16", buf);
	CU_ASSERT_EQUAL_FATAL(ike_ts_decode(buf, len, &out.ts, &why), 0);
	CU_ASSERT_EQUAL(out.ts.n, 1);
	CU_ASSERT_EQUAL(out.ts.n_ipv6, 2);
	CU_ASSERT_EQUAL(out.ts.ts[0].proto, 17);
	CU_ASSERT_EQUAL(out.ts.ts[0].port_lo, 0xffff);
	CU_ASSERT_EQUAL(out.ts.ts[0].port_hi, 0);
	CU_ASSERT_EQUAL(out.ts.ts[0].addr_lo, 0x0a000000);
	CU_ASSERT_EQUAL(out.ts.ts[0].addr_hi, 0x0a0000ff);

	/* payloads without a decoder say so */
	CU_ASSERT_EQUAL(decode(IKE_PL_VENDOR, buf, 1, &out, &why), IKE_NO_DECODER);
	CU_ASSERT_EQUAL(decode(IKE_PL_SK, buf, 1, &out, &why), IKE_NO_DECODER);
	CU_ASSERT_EQUAL(decode(200, buf, 1, &out, &why), IKE_NO_DECODER);
	CU_ASSERT_EQUAL(decode(IKE_PL_IDR, (const uint8_t *)"\x02\0\0\0x", 5, &out, &why), 0);
	CU_ASSERT_EQUAL(decode(IKE_PL_TSR, (const uint8_t *)"\0\0\0\0", 4, &out, &why), -1);

	/* a notify about an ESP SA carries its SPI */
	len = from_hex("03 04 4009 c0ffee01", buf);
	CU_ASSERT_EQUAL_FATAL(ike_notify_decode(buf, len, &out.notify, &why), 0);
	CU_ASSERT_EQUAL(out.notify.spi, 0xc0ffee01);
	CU_ASSERT_EQUAL(out.notify.len, 0);

	/* more than IKE_PROPOSALS_MAX proposals, built */
	{
		struct ike_proposal p[IKE_PROPOSALS_MAX + 1];
		struct ike_build b;
		struct ike_hdr h;
		struct ike_chain c;
		uint8_t msg[BUF_MAX];

		for (size_t i = 0; i <= IKE_PROPOSALS_MAX; i++) {
			p[i] = ike_props[0];
			p[i].num = (uint8_t)(i + 1);
		}
		ike_build_init(&b, msg, sizeof(msg), &fixture_hdr);
		ike_build_sa(&b, p, IKE_PROPOSALS_MAX + 1);
		CU_ASSERT_EQUAL_FATAL(ike_build_finish(&b, &len), 0);
		CU_ASSERT_EQUAL_FATAL(ike_msg_parse(msg, len, &h, &c, &why), 0);
		EXPECT("17 proposals", ike_sa_decode(c.pl[0].body, c.pl[0].len, &out.sa, &why), -1,
		    "more than 16 proposals");
		ike_build_init(&b, msg, sizeof(msg), &fixture_hdr);
		ike_build_sa(&b, p, IKE_PROPOSALS_MAX);
		CU_ASSERT_EQUAL_FATAL(ike_build_finish(&b, &len), 0);
		CU_ASSERT_EQUAL(ike_sa_decode(msg + IKE_HDR_LEN + 4, len - IKE_HDR_LEN - 4, &out.sa,
		    &why), 0);
		CU_ASSERT_EQUAL(out.sa.n, IKE_PROPOSALS_MAX);
	}
}

/* Every prefix of every accepted body, in a buffer exactly that long: the
 * decoders never read past it (AddressSanitizer builds see any overread),
 * and the self-delimiting payloads refuse every prefix. */
static void
test_prefixes(void)
{
	static uint8_t full[BUF_MAX];
	union ike_body out;
	const char *why;

	for (size_t i = 0; i < sizeof(body_cases) / sizeof(body_cases[0]); i++) {
		const struct body_case *t = &body_cases[i];
		size_t len = from_hex(t->hex, full);

		if (t->why != NULL)
			continue;
		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			int rc;

			CU_ASSERT_PTR_NOT_NULL_FATAL(p);
			memcpy(p, full, cut);
			rc = decode(t->type, p, cut, &out, &why);
			free(p);
			if (rc == 0 && (t->type == IKE_PL_SA || t->type == IKE_PL_TSI ||
			    t->type == IKE_PL_DELETE)) {
				FAIL_CASE(t->name);
				break;
			}
		}
	}
}

static CU_TestInfo tests[] = {
	{ "names of notifies, payloads, exchanges", test_names },
	{ "every payload built and parsed back", test_round_trip },
	{ "the builder writes RFC 7296's layout", test_layout },
	{ "SK payload: sealed, inner chain parsed", test_sk },
	{ "builder at every capacity short of the message", test_build_overflow },
	{ "builder misuse fails, sticky", test_build_misuse },
	{ "header: refused, major version above 2", test_header },
	{ "payload chains refused", test_chain_refused },
	{ "payload bodies refused, with reasons", test_bodies },
	{ "payload bodies' decoded fields", test_body_fields },
	{ "no prefix read past its end", test_prefixes },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_msg"
#include "cunit_main.h"
