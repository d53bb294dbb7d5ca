/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for ESP tunnel mode on buffers: the outer packet's layout for
 * every transform, raw and in UDP; the tunnel MTU; and each reason
 * decapsulation drops a packet for, with the SA's counters. Decapsulation
 * counts its drops on the SA but never a packet as carried: that is the
 * caller's, once it accepts the inner packet (the engine checks the
 * tunnel's selectors first; test_ipsec_engine.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "engine/pkt.h"
#include "ipsec/esp.h"
#include "ipsec/sa.h"
#include "ipsec/sadb.h"

#define T0		1000u
#define LOCAL		0xc6336401u	/* 198.51.100.1 */
#define PEER		0xcb007102u	/* 203.0.113.2 */
#define SPI_IN		0x1234
#define BUF		(70000 + ESP_OVERHEAD_MAX)

static struct {
	struct ipsec_sadb *db;
	struct ipsec_sa	*out, *in;	/* out seals what in opens */
	uint8_t		 inner[BUF], outer[BUF], work[BUF];
} E;

/* A pair of SAs with the same keys, both directions of one flow. */
static void
pair_up(enum esp_alg alg, bool udp, bool esn, uint16_t window)
{
	const struct esp_alg_info *ai = esp_alg_info(alg);
	struct strbuf err = STRBUF_INIT;
	struct ipsec_sa_params p;

	memset(&p, 0, sizeof(p));
	snprintf(p.tunnel, sizeof(p.tunnel), "t1");
	p.spi = SPI_IN;
	p.alg = alg;
	p.enc_len = ai->enc_key_len;
	p.int_len = ai->int_key_len;
	memset(p.enc_key, 0x5a, p.enc_len);
	memset(p.int_key, 0xa5, p.int_len);
	p.esn = esn;
	p.replay_window = window;
	p.local = LOCAL;
	p.peer = PEER;
	if (udp)
		p.encap_sport = p.encap_dport = ESP_NATT_PORT;
	E.db = sadb_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(E.db);
	p.dir = IPSEC_OUT;
	E.out = ipsec_sa_new(&p, T0, &err);
	p.dir = IPSEC_IN;
	E.in = ipsec_sa_new(&p, T0, &err);
	if (E.out == NULL || E.in == NULL)
		fprintf(stderr, "%s\n", strbuf_str(&err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(E.out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(E.in);
	sadb_install_pair(E.db, E.in, NULL, T0);
	strbuf_free(&err);
}

static void
pair_down(void)
{
	ipsec_sa_free(E.out);
	sadb_free(E.db);		/* frees E.in */
	E.out = E.in = NULL;
	E.db = NULL;
}

/* An inner IPv4 packet of len bytes (UDP, a pattern), with tos. */
static size_t
inner_packet(size_t len, uint8_t tos, unsigned seed)
{
	struct ip_hdr ip;
	size_t i;

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.tos = tos;
	ip.len = htons((uint16_t)len);
	ip.id = htons(7);
	ip.off = htons(IP_DF);
	ip.ttl = 63;
	ip.proto = IPPROTO_UDP_;
	ip.src = htonl(0x0a010002);
	ip.dst = htonl(0x0a020002);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(E.inner, &ip, sizeof(ip));
	for (i = sizeof(ip); i < len; i++)
		E.inner[i] = (uint8_t)(i * 13 + seed);
	return len;
}

/* Gives the inner packet a total length of len (its checksum follows). */
static void
set_inner_len(size_t len)
{
	uint16_t v = htons((uint16_t)len), sum = 0;

	memcpy(E.inner + 2, &v, 2);
	memcpy(E.inner + 10, &sum, 2);
	sum = pkt_cksum(E.inner, 20);
	memcpy(E.inner + 10, &sum, 2);
}

/* The ESP part of the outer packet in E.outer (after IPv4 and UDP). */
static size_t
esp_offset(void)
{
	return ESP_OUTER_IP + (E.out->encap_dport ? ESP_UDP_LEN : 0);
}

static enum ipsec_drop
decap_outer(size_t outer_len, struct esp_in *in)
{
	size_t off = esp_offset();

	memcpy(E.work, E.outer, outer_len);
	return esp_decap(E.db, E.work + off, outer_len - off, E.outer[1], T0, in);
}

static size_t
encap(size_t len)
{
	CU_ASSERT_EQUAL_FATAL(esp_encap(E.out, E.inner, len, htons(99), T0, E.outer,
	    sizeof(E.outer)), IPSEC_PASS);
	return esp_outer_len(E.out, len);
}

/* Every transform, raw and in UDP, over a range of inner lengths. */
static void
test_round_trip_layout(void)
{
	static const size_t lens[] = { 20, 21, 22, 23, 24, 100, 1400, 1401, 65535 - 200 };
	const struct esp_alg_info *ai;
	const struct ip_hdr *ip;
	struct esp_in in;
	size_t k, i, n, outer, off, data_len, pad;
	uint16_t udp[4];
	unsigned alg, udp_on;

	for (alg = 0; alg < ESP_ALG_COUNT; alg++)
		for (udp_on = 0; udp_on < 2; udp_on++) {
			pair_up((enum esp_alg)alg, udp_on, false, 64);
			ai = esp_alg_info((enum esp_alg)alg);
			for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
				n = inner_packet(lens[k], 0xb9, (unsigned)k);
				outer = encap(n);
				ip = (const struct ip_hdr *)(const void *)E.outer;
				CU_ASSERT_EQUAL(ip->vhl, 0x45);
				CU_ASSERT_EQUAL(ip->tos, 0xb9);
				CU_ASSERT_EQUAL(ntohs(ip->len), outer);
				CU_ASSERT_EQUAL(ip->id, htons(99));
				CU_ASSERT_EQUAL(ip->off, 0);	/* DF clear */
				CU_ASSERT_EQUAL(ip->ttl, 64);
				CU_ASSERT_EQUAL(ip->proto, udp_on ? IPPROTO_UDP_ : 50);
				CU_ASSERT_EQUAL(ntohl(ip->src), LOCAL);
				CU_ASSERT_EQUAL(ntohl(ip->dst), PEER);
				CU_ASSERT_EQUAL(pkt_cksum(ip, 20), 0);
				if (udp_on) {
					memcpy(udp, E.outer + 20, 8);
					CU_ASSERT_EQUAL(ntohs(udp[0]), ESP_NATT_PORT);
					CU_ASSERT_EQUAL(ntohs(udp[1]), ESP_NATT_PORT);
					CU_ASSERT_EQUAL(ntohs(udp[2]), outer - 20);
					CU_ASSERT_EQUAL(udp[3], 0);
				}
				off = esp_offset();
				CU_ASSERT_EQUAL(E.outer[off + 3] | E.outer[off + 2] << 8, SPI_IN);
				CU_ASSERT_EQUAL(E.outer[off + 7], (uint8_t)(k + 1));	/* seq */
				data_len = outer - off - ESP_HDR_LEN - ai->iv_len - ai->icv_len;
				CU_ASSERT_EQUAL(data_len % ai->block_size, 0);
				CU_ASSERT_EQUAL(data_len % 4, 0);
				CU_ASSERT(data_len - n - 2 < (ai->block_size > 4 ? ai->block_size : 4));
				CU_ASSERT_EQUAL_FATAL(decap_outer(outer, &in), IPSEC_PASS);
				CU_ASSERT_PTR_EQUAL(in.sa, E.in);
				CU_ASSERT_EQUAL(in.inner_len, n);
				CU_ASSERT_EQUAL(memcmp(E.work + off + in.inner_off, E.inner, n), 0);
				/* the trailer as sent: 1, 2, 3 ..., pad length, 4 */
				pad = data_len - n - 2;
				for (i = 0; i < pad; i++)
					CU_ASSERT_EQUAL(E.work[off + in.inner_off + n + i], i + 1);
				CU_ASSERT_EQUAL(E.work[off + in.inner_off + n + pad], pad);
				CU_ASSERT_EQUAL(E.work[off + in.inner_off + n + pad + 1], 4);
			}
			CU_ASSERT_EQUAL(E.out->packets, k);
			/* opened, not yet accepted by a caller */
			CU_ASSERT_EQUAL(E.in->packets, 0);
			CU_ASSERT_EQUAL(E.in->bytes, 0);
			pair_down();
		}
}

static void
test_tunnel_mtu(void)
{
	unsigned alg, udp_on, mtu;
	uint16_t t;

	for (alg = 0; alg < ESP_ALG_COUNT; alg++)
		for (udp_on = 0; udp_on < 2; udp_on++) {
			pair_up((enum esp_alg)alg, udp_on, false, 0);
			for (mtu = 128; mtu <= 9000; mtu += 7) {
				t = esp_tunnel_mtu(E.out, (uint16_t)mtu);
				CU_ASSERT(t > 0);
				CU_ASSERT(esp_outer_len(E.out, t) <= mtu);
				CU_ASSERT(esp_outer_len(E.out, t + 1u) > mtu);
			}
			CU_ASSERT_EQUAL(esp_tunnel_mtu(E.out, 40), 0);
			pair_down();
		}
	/* the figures a user sees: GCM raw 1446, in UDP 1438; CBC+SHA-256 raw 1438 */
	pair_up(ESP_AES128_GCM16, false, false, 0);
	CU_ASSERT_EQUAL(esp_tunnel_mtu(E.out, 1500), 1446);
	pair_down();
	pair_up(ESP_AES128_GCM16, true, false, 0);
	CU_ASSERT_EQUAL(esp_tunnel_mtu(E.out, 1500), 1438);
	pair_down();
	pair_up(ESP_AES256_SHA256, false, false, 0);
	CU_ASSERT_EQUAL(esp_tunnel_mtu(E.out, 1500), 1438);
	pair_down();
}

/* An ESP packet with a trailer of our choosing: payload[0 .. n), then pad
 * bytes pad[0 .. npad), pad length padlen, next header nh; sealed with
 * E.out's transform at sequence number seq. Returns the ESP length (in
 * E.work). */
static size_t
craft(uint64_t seq, const uint8_t *payload, size_t n, const uint8_t *pad, size_t npad,
    uint8_t padlen, uint8_t nh)
{
	const struct esp_alg_info *ai = E.out->info;
	uint8_t *data = E.work + ESP_HDR_LEN + ai->iv_len;
	size_t data_len = n + npad + 2;
	uint32_t v;

	CU_ASSERT_FATAL(data_len % ai->block_size == 0);
	v = htonl(SPI_IN);
	memcpy(E.work, &v, 4);
	v = htonl((uint32_t)seq);
	memcpy(E.work + 4, &v, 4);
	memcpy(data, payload, n);
	memcpy(data + n, pad, npad);
	data[n + npad] = padlen;
	data[n + npad + 1] = nh;
	CU_ASSERT_EQUAL_FATAL(esp_xform_seal(E.out->xf, E.work, (uint32_t)(seq >> 32),
	    E.out->esn, E.work + ESP_HDR_LEN, data, data_len, data + data_len), 0);
	return ESP_HDR_LEN + ai->iv_len + data_len + ai->icv_len;
}

static enum ipsec_drop
decap_work(size_t len)
{
	struct esp_in in;

	return esp_decap(E.db, E.work, len, 0, T0, &in);
}

static void
test_malformed(void)
{
	static const uint8_t good_pad[2] = { 1, 2 }, bad_pad[2] = { 1, 3 };
	struct esp_in in;
	size_t n, len;

	pair_up(ESP_AES128_GCM16, false, false, 64);
	n = inner_packet(60, 0, 1);	/* 60 + 2 pad + 2: a multiple of 4 */
	/* lengths */
	CU_ASSERT_EQUAL(esp_decap(E.db, E.work, 7, 0, T0, &in), IPSEC_DROP_ESP_TRUNCATED);
	CU_ASSERT_PTR_NULL(in.sa);
	len = craft(1, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(ESP_HDR_LEN + 8 + 16 + 3), IPSEC_DROP_ESP_TRUNCATED);
	CU_ASSERT_EQUAL(decap_work(len - 1), IPSEC_DROP_ESP_BLOCKS);
	/* unknown SPI */
	E.work[3] ^= 1;
	CU_ASSERT_EQUAL(esp_decap(E.db, E.work, len, 0, T0, &in), IPSEC_DROP_ESP_UNKNOWN_SPI);
	CU_ASSERT_PTR_NULL(in.sa);
	E.work[3] ^= 1;
	/* ICV: a flipped bit anywhere after the SPI */
	E.work[len - 1] ^= 0x80;
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_ICV);
	len = craft(1, E.inner, n, good_pad, 2, 2, 4);
	E.work[ESP_HDR_LEN + 8 + 30] ^= 1;
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_ICV);
	len = craft(1, E.inner, n, good_pad, 2, 2, 4);
	E.work[7] ^= 2;			/* the sequence number */
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_ICV);
	CU_ASSERT_EQUAL(E.in->auth_failures, 3);
	/* the forgeries moved nothing: number 1 is still new */
	len = craft(1, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_PASS);
	/* padding: wrong bytes, or longer than the payload */
	len = craft(2, E.inner, n, bad_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_PADDING);
	len = craft(3, E.inner, n, good_pad, 2, 250, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_PADDING);
	/* next header: 59 is a dummy, 6 is not served */
	len = craft(4, E.inner, n, good_pad, 2, 2, 59);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_DUMMY);
	len = craft(4, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_REPLAYED);	/* 59 used it */
	len = craft(5, E.inner, n, good_pad, 2, 2, 6);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_NEXT_HEADER);
	/* the inner packet: bad checksum, total length past the payload */
	E.inner[10] ^= 1;
	len = craft(6, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_INNER);
	E.inner[10] ^= 1;
	set_inner_len(n + 1);
	len = craft(7, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_DROP_ESP_INNER);
	set_inner_len(n);
	/* traffic-flow padding after the inner packet is allowed and left out */
	len = craft(8, E.inner, n, good_pad, 2, 2, 4);
	CU_ASSERT_EQUAL(decap_work(len), IPSEC_PASS);
	CU_ASSERT_EQUAL(E.in->packets, 0);	/* the caller's to count */
	CU_ASSERT_EQUAL(E.in->bytes, 0);
	/* truncated, blocks, padding 2, next header, inner 2 */
	CU_ASSERT_EQUAL(E.in->other_drops, 7);
	CU_ASSERT_EQUAL(E.in->replay_drops, 1);
	CU_ASSERT_EQUAL(E.in->auth_failures, 3);
	pair_down();
}

static void
test_tfc_padding(void)
{
	static const uint8_t pad[4] = { 1, 2, 3, 4 };
	struct esp_in in;
	size_t n, len;

	pair_up(ESP_AES128_GCM16, false, false, 64);
	n = inner_packet(40, 0, 3);
	memset(E.inner + n, 0xee, 18);	/* 18 bytes of TFC padding */
	len = craft(1, E.inner, n + 18, pad, 4, 4, 4);
	CU_ASSERT_EQUAL(esp_decap(E.db, E.work, len, 0, T0, &in), IPSEC_PASS);
	CU_ASSERT_EQUAL(in.inner_len, n);
	pair_down();
}

static void
test_replay_and_order(void)
{
	uint8_t saved[3][200];
	size_t outer[3], n, i;
	struct esp_in in;

	pair_up(ESP_AES256_SHA384, true, false, 64);
	n = inner_packet(100, 0, 9);
	for (i = 0; i < 3; i++) {
		outer[i] = encap(n);
		memcpy(saved[i], E.outer, outer[i]);
	}
	/* 3, 1, 2 in order of arrival; then 2 again */
	memcpy(E.outer, saved[2], outer[2]);
	CU_ASSERT_EQUAL(decap_outer(outer[2], &in), IPSEC_PASS);
	memcpy(E.outer, saved[0], outer[0]);
	CU_ASSERT_EQUAL(decap_outer(outer[0], &in), IPSEC_PASS);
	memcpy(E.outer, saved[1], outer[1]);
	CU_ASSERT_EQUAL(decap_outer(outer[1], &in), IPSEC_PASS);
	CU_ASSERT_EQUAL(decap_outer(outer[1], &in), IPSEC_DROP_ESP_REPLAYED);
	/* 70 more: number 1 falls behind the window */
	for (i = 0; i < 70; i++)
		CU_ASSERT_EQUAL(decap_outer(encap(n), &in), IPSEC_PASS);
	memcpy(E.outer, saved[0], outer[0]);
	CU_ASSERT_EQUAL(decap_outer(outer[0], &in), IPSEC_DROP_ESP_TOO_OLD);
	CU_ASSERT_EQUAL(E.in->replay_drops, 2);
	CU_ASSERT_EQUAL(E.in->packets, 0);
	pair_down();
}

/* ESN: the high half is authenticated, never sent. */
static void
test_esn_across_2_32(void)
{
	struct esp_in in;
	size_t n, i, outer;

	pair_up(ESP_AES128_GCM16, false, true, 64);
	n = inner_packet(60, 0, 5);
	E.out->seq = UINT32_MAX - 2;
	replay_advance(E.in->replay, UINT32_MAX - 3);
	for (i = 0; i < 5; i++) {
		outer = encap(n);
		CU_ASSERT_EQUAL(decap_outer(outer, &in), IPSEC_PASS);
	}
	CU_ASSERT_EQUAL(E.out->seq, (UINT64_C(1) << 32) + 2);
	CU_ASSERT_EQUAL(replay_top(E.in->replay), (UINT64_C(1) << 32) + 2);
	/* without ESN the same numbers cannot go past 2^32-1 */
	pair_down();
	pair_up(ESP_AES128_GCM16, false, false, 64);
	E.out->seq = UINT32_MAX - 1;
	CU_ASSERT_EQUAL(esp_encap(E.out, E.inner, n, 0, T0, E.outer, sizeof(E.outer)),
	    IPSEC_PASS);
	CU_ASSERT_EQUAL(esp_encap(E.out, E.inner, n, 0, T0, E.outer, sizeof(E.outer)),
	    IPSEC_DROP_ESP_EXPIRED);
	CU_ASSERT_EQUAL(E.out->seq, UINT32_MAX);
	pair_down();
}

static void
test_expired_refused(void)
{
	struct esp_in in;
	size_t n, outer;

	pair_up(ESP_AES128_GCM16, false, false, 64);
	E.in->hard.packets = 1;
	n = inner_packet(60, 0, 5);
	/* opened but not accepted: the SA has carried nothing yet */
	CU_ASSERT_EQUAL(decap_outer(encap(n), &in), IPSEC_PASS);
	CU_ASSERT_EQUAL(decap_outer(encap(n), &in), IPSEC_PASS);
	/* the caller accepts one (as the engine does inside the selectors) */
	ipsec_sa_count(in.sa, in.inner_len);
	outer = encap(n);
	CU_ASSERT_EQUAL(decap_outer(outer, &in), IPSEC_DROP_ESP_EXPIRED);
	CU_ASSERT_EQUAL(E.in->other_drops, 1);
	pair_down();
}

/* RFC 6040: outer CE reaches an ECT inner packet, never a Not-ECT one. */
static void
test_ecn(void)
{
	static const struct { uint8_t outer, inner, want; } cases[] = {
		{ 0x03, 0x02, 0x03 },	/* CE over ECT(0) */
		{ 0x03, 0x01, 0x03 },	/* CE over ECT(1) */
		{ 0x03, 0x00, 0x00 },	/* CE over Not-ECT: left alone */
		{ 0x02, 0x01, 0x01 },	/* ECT outer: inner kept */
		{ 0x00, 0x03, 0x03 },
	};
	const struct ip_hdr *ip;
	struct esp_in in;
	size_t k, n, outer, off;

	pair_up(ESP_AES128_GCM16, false, false, 64);
	off = esp_offset();
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		n = inner_packet(60, (uint8_t)(0x28 | cases[k].inner), 5);
		outer = encap(n);
		E.outer[1] = (uint8_t)(0x28 | cases[k].outer);
		CU_ASSERT_EQUAL_FATAL(decap_outer(outer, &in), IPSEC_PASS);
		ip = (const struct ip_hdr *)(const void *)(E.work + off + in.inner_off);
		CU_ASSERT_EQUAL(ip->tos, 0x28 | cases[k].want);
		CU_ASSERT_EQUAL(pkt_cksum(ip, 20), 0);
	}
	pair_down();
}

static void
test_too_big(void)
{
	size_t n;

	pair_up(ESP_AES128_GCM16, false, false, 64);
	n = inner_packet(1000, 0, 1);
	CU_ASSERT_EQUAL(esp_encap(E.out, E.inner, n, 0, T0, E.outer, esp_outer_len(E.out, n) - 1),
	    IPSEC_DROP_ESP_TOO_BIG);
	CU_ASSERT_EQUAL(esp_encap(E.out, E.inner, n, 0, T0, E.outer, esp_outer_len(E.out, n)),
	    IPSEC_PASS);
	CU_ASSERT_EQUAL(E.out->seq, 1);
	pair_down();
}

static CU_TestInfo tests[] = {
	{ "every transform, raw and in UDP: layout and round trip", test_round_trip_layout },
	{ "tunnel MTU: the largest inner packet that fits", test_tunnel_mtu },
	{ "malformed packets dropped by reason, in the order checked", test_malformed },
	{ "traffic-flow padding after the inner packet", test_tfc_padding },
	{ "out of order accepted once, replays and old packets refused", test_replay_and_order },
	{ "ESN across 2^32; no wrap without ESN", test_esn_across_2_32 },
	{ "an SA past its hard lifetime is refused", test_expired_refused },
	{ "ECN CE decapsulated as RFC 6040 says", test_ecn },
	{ "nothing written past the buffer", test_too_big },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "esp"
#include "cunit_main.h"
