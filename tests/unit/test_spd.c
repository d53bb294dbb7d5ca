/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SPD classifier: its answer equals a plain linear
 * first-match over the same rules, on random rule sets of several shapes
 * and random packets (hundreds of thousands of lookups); and the edge
 * cases of ports (protocols without them, fragments), empty and reversed
 * ranges, shadowing, and the packet key read from real headers.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "engine/pkt.h"
#include "ipsec/spd.h"
#include "lib/inet.h"

static unsigned long rng = 1;

static uint32_t
rnd(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(rng >> 32);
}

static uint32_t
linear(const struct spd_rule *r, uint32_t n, const struct spd_key *k)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (spd_rule_matches(&r[i], k))
			return i;
	return SPD_NO_MATCH;
}

static struct spd_rule
any_rule(void)
{
	struct spd_rule r;

	memset(&r, 0, sizeof(r));
	r.sport_hi = r.dport_hi = 65535;
	return r;
}

/* Rule set shapes. */
enum shape {
	SHAPE_MIXED,		/* prefixes /0-/32, protocols, some ports */
	SHAPE_TUNNELS,		/* local x remote pairs of /16-/28, any protocol */
	SHAPE_WIDE,		/* mostly "any" addresses, split by ports */
	SHAPE_NESTED,		/* prefixes nested in a few /8s */
};

static uint8_t
rnd_plen(enum shape sh)
{
	static const uint8_t mixed[] = { 0, 8, 12, 16, 20, 24, 24, 24, 28, 32, 32 };

	switch (sh) {
	case SHAPE_TUNNELS:
		return (uint8_t)(16 + rnd() % 13);
	case SHAPE_WIDE:
		return rnd() % 4 == 0 ? (uint8_t)(rnd() % 33) : 0;
	case SHAPE_NESTED:
		return (uint8_t)(8 + rnd() % 25);
	case SHAPE_MIXED:
		break;
	}
	return mixed[rnd() % sizeof(mixed)];
}

static uint32_t
rnd_addr(enum shape sh)
{
	return sh == SHAPE_NESTED ? (10u + rnd() % 3) << 24 | (rnd() & 0xffffff) : rnd();
}

static void
rnd_ports(uint16_t *lo, uint16_t *hi, unsigned percent_any)
{
	uint16_t a = (uint16_t)(rnd() % 1200), b = (uint16_t)(a + rnd() % 50);

	if (rnd() % 100 < percent_any) {
		*lo = 0;
		*hi = 65535;
	} else {
		*lo = a;
		*hi = rnd() % 3 == 0 ? a : b;
	}
}

static void
rnd_rule(struct spd_rule *r, enum shape sh)
{
	static const uint8_t protos[] = { 0, 0, 0, 6, 17, 1, 50 };

	*r = any_rule();
	r->src_plen = rnd_plen(sh);
	r->dst_plen = rnd_plen(sh);
	r->src = rnd_addr(sh) & inet_mask(r->src_plen);
	r->dst = rnd_addr(sh) & inet_mask(r->dst_plen);
	if (sh == SHAPE_TUNNELS)
		return;
	r->proto = protos[rnd() % sizeof(protos)];
	rnd_ports(&r->sport_lo, &r->sport_hi, sh == SHAPE_WIDE ? 70 : 85);
	rnd_ports(&r->dport_lo, &r->dport_hi, sh == SHAPE_WIDE ? 20 : 60);
}

/* A packet near the rules: inside a random rule's prefixes most of the
 * time, its ports often inside the rule's ranges. */
static void
rnd_key(const struct spd_rule *rules, uint32_t n, enum shape sh, struct spd_key *k)
{
	static const uint8_t protos[] = { 6, 6, 17, 17, 1, 50, 47 };
	const struct spd_rule *r = n ? &rules[rnd() % n] : NULL;

	k->src = rnd_addr(sh);
	k->dst = rnd_addr(sh);
	if (r != NULL && rnd() % 8 != 0) {
		k->src = r->src | (k->src & ~inet_mask(r->src_plen));
		k->dst = r->dst | (k->dst & ~inet_mask(r->dst_plen));
	}
	k->proto = r != NULL && r->proto && rnd() % 2 ? r->proto : protos[rnd() % sizeof(protos)];
	/* TCP and UDP have ports, except in a later fragment now and then */
	k->has_ports = (k->proto == 6 || k->proto == 17) && rnd() % 16 != 0;
	k->sport = (uint16_t)(rnd() % 1300);
	k->dport = (uint16_t)(rnd() % 1300);
	if (k->has_ports && r != NULL && rnd() % 2) {
		k->sport = (uint16_t)(r->sport_lo + rnd() % (r->sport_hi - r->sport_lo + 1u));
		k->dport = (uint16_t)(r->dport_lo + rnd() % (r->dport_hi - r->dport_lo + 1u));
	}
	if (!k->has_ports)
		k->sport = k->dport = 0;
}

static unsigned
compare_random(enum shape sh, uint32_t n, unsigned lookups)
{
	struct spd_rule *rules = calloc(n ? n : 1, sizeof(*rules));
	struct spd_key k;
	struct spd *s;
	unsigned i, bad = 0, hits = 0;
	uint32_t want, got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
	for (i = 0; i < n; i++)
		rnd_rule(&rules[i], sh);
	s = spd_build(rules, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (i = 0; i < lookups; i++) {
		rnd_key(rules, n, sh, &k);
		want = linear(rules, n, &k);
		got = spd_lookup(s, &k);
		hits += want != SPD_NO_MATCH;
		if (got != want && bad++ < 5)
			fprintf(stderr, "shape %d, %u rules: got %u, want %u\n", sh, n, got, want);
	}
	CU_ASSERT_EQUAL(bad, 0);
	spd_free(s);
	free(rules);
	return hits;
}

static void
test_random_against_linear(void)
{
	static const uint32_t sizes[] = { 0, 1, 2, 9, 50, 300, 2000, 10000 };
	unsigned total = 0, hits = 0, sh, i, n;

	for (sh = SHAPE_MIXED; sh <= SHAPE_NESTED; sh++)
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			n = sizes[i] >= 2000 ? 20000 : 12000;
			hits += compare_random((enum shape)sh, sizes[i], n);
			total += n;
		}
	/* the packets are not all misses: both answers are exercised */
	CU_ASSERT(total >= 300000);
	CU_ASSERT(hits > total / 4 && hits < total - total / 10);
}

/* The tree stays small for wide rules: no rule replicated out of bounds. */
static void
test_wide_rules_bounded(void)
{
	struct spd_rule *rules = calloc(10000, sizeof(*rules));
	struct spd_stats st;
	struct spd *s;
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
	for (i = 0; i < 10000; i++) {
		rules[i] = any_rule();
		rules[i].dport_lo = rules[i].dport_hi = (uint16_t)(i * 7);
		if (i % 2) {
			rules[i].src_plen = 24;
			rules[i].src = rnd() & 0xffffff00;
		}
	}
	s = spd_build(rules, 10000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	spd_stats(s, &st);
	CU_ASSERT(st.refs <= SPD_REF_FACTOR * 10000u + 4 * 4096);
	CU_ASSERT(st.max_depth <= SPD_MAX_DEPTH);
	CU_ASSERT(st.max_leaf <= 64);
	spd_free(s);
	free(rules);
}

/* Every port its own interval, and "no ports" one more: 65537 intervals. */
static void
test_every_port(void)
{
	uint32_t n = 65537, i;
	struct spd_rule *rules = calloc(n, sizeof(*rules));
	struct spd_key k;
	struct spd *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
	for (i = 0; i < 65536; i++) {
		rules[i] = any_rule();
		rules[i].dport_lo = rules[i].dport_hi = (uint16_t)(65535 - i);
	}
	rules[65536] = any_rule();
	rules[65536].dport_lo = 1024;
	s = spd_build(rules, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memset(&k, 0, sizeof(k));
	k.proto = 6;
	k.has_ports = true;
	for (i = 0; i < 65536; i += 97) {
		k.dport = (uint16_t)i;
		CU_ASSERT_EQUAL(spd_lookup(s, &k), 65535 - i);
	}
	k.dport = 65535;
	CU_ASSERT_EQUAL(spd_lookup(s, &k), 0);
	k.has_ports = false;
	CU_ASSERT_EQUAL(spd_lookup(s, &k), SPD_NO_MATCH);
	spd_free(s);
	free(rules);
}

/* Rules no cut separates (the same host, over and over, each but the last
 * wanting its own source port) stay in one leaf, longer than 16 bits can
 * count: every one is still reached. */
static void
test_huge_leaf(void)
{
	uint32_t n = 70000, i;
	struct spd_rule *rules = calloc(n, sizeof(*rules));
	struct spd_stats st;
	struct spd_key k;
	struct spd *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
	for (i = 0; i < n; i++) {
		rules[i] = any_rule();
		rules[i].dst = 0x0a000001;
		rules[i].dst_plen = 32;
		rules[i].proto = 17;
		rules[i].sport_lo = rules[i].sport_hi = i < n - 1 ? 7 : 0;
		if (i == n - 1)
			rules[i].sport_hi = 65535;	/* the last: any port */
	}
	s = spd_build(rules, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	spd_stats(s, &st);
	CU_ASSERT(st.max_leaf > 65535);
	memset(&k, 0, sizeof(k));
	k.dst = 0x0a000001;
	k.proto = 17;
	k.has_ports = true;
	k.sport = 7;
	CU_ASSERT_EQUAL(spd_lookup(s, &k), 0);
	k.sport = 8;
	CU_ASSERT_EQUAL(spd_lookup(s, &k), n - 1);
	CU_ASSERT_EQUAL(linear(rules, n, &k), n - 1);
	spd_free(s);
	free(rules);
}

static uint32_t
classify(const struct spd_rule *rules, uint32_t n, const struct spd_key *k)
{
	struct spd *s = spd_build(rules, n);
	uint32_t got;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	got = spd_lookup(s, k);
	CU_ASSERT_EQUAL(got, linear(rules, n, k));
	spd_free(s);
	return got;
}

static void
test_ports_and_fragments(void)
{
	struct spd_rule r[3];
	struct spd_key k;

	/* 0: any protocol, destination port 80; 1: ICMP with a port range
	 * (it can never match: ICMP has no ports); 2: everything */
	r[0] = any_rule();
	r[0].dport_lo = r[0].dport_hi = 80;
	r[1] = any_rule();
	r[1].proto = 1;
	r[1].sport_lo = 0;
	r[1].sport_hi = 8;
	r[2] = any_rule();
	memset(&k, 0, sizeof(k));
	k.src = 0x0a000001;
	k.dst = 0x0a000002;
	k.proto = 6;
	k.has_ports = true;
	k.sport = 1234;
	k.dport = 80;
	CU_ASSERT_EQUAL(classify(r, 3, &k), 0);
	k.dport = 81;
	CU_ASSERT_EQUAL(classify(r, 3, &k), 2);
	/* a later fragment of the same TCP flow has no ports */
	k.dport = 80;
	k.has_ports = false;
	CU_ASSERT_EQUAL(classify(r, 3, &k), 2);
	/* ICMP: no ports, so neither rule with ports */
	k.proto = 1;
	CU_ASSERT_EQUAL(classify(r, 3, &k), 2);
	CU_ASSERT_EQUAL(classify(r, 2, &k), SPD_NO_MATCH);
}

static void
test_edges(void)
{
	struct spd_rule r[3];
	struct spd_key k, rev;

	memset(r, 0, sizeof(r));
	memset(&k, 0, sizeof(k));
	k.src = 0xc0a80105;
	k.dst = 0x08080808;
	k.proto = 17;
	k.has_ports = true;
	k.sport = 5000;
	k.dport = 53;
	CU_ASSERT_EQUAL(classify(r, 0, &k), SPD_NO_MATCH);
	/* a reversed range matches nothing; identical rules: the first */
	r[0] = any_rule();
	r[0].dport_lo = 60;
	r[0].dport_hi = 50;
	r[1] = any_rule();
	r[1].src = 0xc0a80100;
	r[1].src_plen = 24;
	r[2] = r[1];
	CU_ASSERT_EQUAL(classify(r, 3, &k), 1);
	/* host bits in a rule's prefix are ignored; /32 and /0 */
	r[0] = any_rule();
	r[0].dst = 0x08080808;
	r[0].dst_plen = 32;
	r[0].src = 0xc0a801ff;
	r[0].src_plen = 24;
	CU_ASSERT_EQUAL(classify(r, 1, &k), 0);
	k.dst++;
	CU_ASSERT_EQUAL(classify(r, 1, &k), SPD_NO_MATCH);
	/* an "any" rule first shadows all the rest */
	r[0] = any_rule();
	CU_ASSERT_EQUAL(classify(r, 3, &k), 0);
	/* the reverse key exchanges addresses and ports */
	spd_key_reverse(&k, &rev);
	CU_ASSERT_EQUAL(rev.src, k.dst);
	CU_ASSERT_EQUAL(rev.dst, k.src);
	CU_ASSERT_EQUAL(rev.sport, k.dport);
	CU_ASSERT_EQUAL(rev.dport, k.sport);
	CU_ASSERT_EQUAL(rev.proto, k.proto);
}

/* The key of packets as they are on the wire. */
static void
test_key_of_headers(void)
{
	uint8_t p[64];
	struct ip_hdr ip;
	struct spd_key k;
	uint16_t ports[2] = { htons(1111), htons(2222) };

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x46;		/* one word of options */
	ip.proto = IPPROTO_UDP_;
	ip.src = htonl(0x01020304);
	ip.dst = htonl(0x05060708);
	memcpy(p, &ip, sizeof(ip));
	memset(p + 20, 1, 4);
	memcpy(p + 24, ports, 4);
	spd_key_of(p, 28, &k);
	CU_ASSERT_EQUAL(k.src, 0x01020304);
	CU_ASSERT_EQUAL(k.dst, 0x05060708);
	CU_ASSERT_EQUAL(k.proto, 17);
	CU_ASSERT_TRUE(k.has_ports);
	CU_ASSERT_EQUAL(k.sport, 1111);
	CU_ASSERT_EQUAL(k.dport, 2222);
	/* first fragment: ports; too short for them: none */
	ip.off = htons(IP_MF);
	memcpy(p, &ip, sizeof(ip));
	spd_key_of(p, 28, &k);
	CU_ASSERT_TRUE(k.has_ports);
	spd_key_of(p, 27, &k);
	CU_ASSERT_FALSE(k.has_ports);
	/* a later fragment: none */
	ip.off = htons(IP_MF | 3);
	memcpy(p, &ip, sizeof(ip));
	spd_key_of(p, 28, &k);
	CU_ASSERT_FALSE(k.has_ports);
	/* ICMP: none */
	ip.off = 0;
	ip.proto = IPPROTO_ICMP_;
	memcpy(p, &ip, sizeof(ip));
	spd_key_of(p, 28, &k);
	CU_ASSERT_FALSE(k.has_ports);
	CU_ASSERT_EQUAL(k.proto, 1);
}

static CU_TestInfo tests[] = {
	{ "equals a linear first match on random rule sets and packets", test_random_against_linear },
	{ "10,000 wide rules: the tree stays within its bounds", test_wide_rules_bounded },
	{ "ports: protocols without them, later fragments", test_ports_and_fragments },
	{ "every port its own interval", test_every_port },
	{ "a leaf of more than 65535 rules", test_huge_leaf },
	{ "empty set, reversed ranges, host bits, shadowing, reverse key", test_edges },
	{ "the key read from IPv4 headers", test_key_of_headers },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "spd"
#include "cunit_main.h"
