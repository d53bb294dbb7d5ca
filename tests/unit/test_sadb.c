/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the SA database: what ipsec_sa_new refuses, lookups by
 * SPI and by tunnel, replacing a pair with a grace period for the old
 * inbound SA, removal, lifetimes (soft and hard by time, bytes, packets,
 * and the sequence number's end) with their events, counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ipsec/sa.h"
#include "ipsec/sadb.h"

#define T0	5000u		/* ms */
#define PEER	0xc6336402u	/* 198.51.100.2 */
#define LOCAL	0xc6336401u	/* 198.51.100.1 */

static struct ipsec_sa_params
params(const char *tunnel, enum ipsec_dir dir, uint32_t spi)
{
	struct ipsec_sa_params p;

	memset(&p, 0, sizeof(p));
	snprintf(p.tunnel, sizeof(p.tunnel), "%s", tunnel);
	p.dir = dir;
	p.spi = spi;
	p.alg = ESP_AES128_GCM16;
	p.enc_len = 20;
	memset(p.enc_key, 0x11, p.enc_len);
	p.replay_window = 64;
	p.local = LOCAL;
	p.peer = PEER;
	return p;
}

static struct ipsec_sa *
make(const struct ipsec_sa_params *p)
{
	struct strbuf err = STRBUF_INIT;
	struct ipsec_sa *sa = ipsec_sa_new(p, T0, &err);

	if (sa == NULL)
		fprintf(stderr, "ipsec_sa_new: %s\n", strbuf_str(&err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	strbuf_free(&err);
	return sa;
}

static struct ipsec_sa *
sa_of(const char *tunnel, enum ipsec_dir dir, uint32_t spi)
{
	struct ipsec_sa_params p = params(tunnel, dir, spi);

	return make(&p);
}

/* ipsec_sa_new refuses p with a reason containing want. */
static void
refused(const struct ipsec_sa_params *p, const char *want)
{
	struct strbuf err = STRBUF_INIT;

	CU_ASSERT_PTR_NULL(ipsec_sa_new(p, T0, &err));
	if (strstr(strbuf_str(&err), want) == NULL) {
		fprintf(stderr, "reason \"%s\" lacks \"%s\"\n", strbuf_str(&err), want);
		CU_FAIL("wrong reason");
	}
	strbuf_free(&err);
}

static void
test_new_refuses(void)
{
	struct ipsec_sa_params p;

	p = params("t1", IPSEC_IN, 255);
	refused(&p, "SPI 255 is reserved");
	p = params("", IPSEC_IN, 1000);
	refused(&p, "names no tunnel");
	p = params("t1", IPSEC_IN, 1000);
	p.enc_len = 16;
	refused(&p, "encryption key of 20 bytes");
	p = params("t1", IPSEC_IN, 1000);
	p.alg = ESP_AES256_SHA512;
	p.enc_len = 32;
	p.int_len = 32;
	refused(&p, "integrity key of 64 bytes");
	p = params("t1", IPSEC_IN, 1000);
	p.alg = ESP_ALG_COUNT;
	refused(&p, "unknown ESP algorithm");
	p = params("t1", IPSEC_IN, 1000);
	p.replay_window = REPLAY_MAX + 1;
	refused(&p, "replay window 4097");
	p = params("t1", IPSEC_OUT, 1000);
	p.encap_sport = 4500;
	refused(&p, "both ports");
	p = params("t1", IPSEC_OUT, 1000);
	p.peer = 0;
	refused(&p, "local and peer");
	p = params("t1", IPSEC_IN, 1000);
	p.alg = ESP_AES256_SHA512;
	p.enc_len = 32;
	p.int_len = 64;
	ipsec_sa_free(make(&p));
}

static int
index_of(void *arg, const char *tunnel)
{
	(void)arg;
	return strcmp(tunnel, "t1") == 0 ? 0 : strcmp(tunnel, "t2") == 0 ? 1 : -1;
}

static void
test_install_and_find(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa *in1, *out1, *in2, *out[2];
	uint64_t gen;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	in1 = sa_of("t1", IPSEC_IN, 0x1001);
	out1 = sa_of("t1", IPSEC_OUT, 0x2001);
	in2 = sa_of("t2", IPSEC_IN, 0x1002);
	gen = sadb_generation(db);
	sadb_install_pair(db, in1, out1, T0);
	sadb_install_pair(db, in2, NULL, T0);
	CU_ASSERT_NOT_EQUAL(sadb_generation(db), gen);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1001), in1);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1002), in2);
	CU_ASSERT_PTR_NULL(sadb_find_in(db, 0x2001));	/* outbound: not by SPI */
	CU_ASSERT_PTR_NULL(sadb_find_in(db, 0x1003));
	sadb_bind(db, index_of, NULL, out, 2);
	CU_ASSERT_PTR_EQUAL(out[0], out1);
	CU_ASSERT_PTR_NULL(out[1]);
	CU_ASSERT_EQUAL(in1->tunnel_ix, 0);
	CU_ASSERT_EQUAL(in2->tunnel_ix, 1);
	CU_ASSERT_EQUAL(out1->tunnel_ix, 0);
	sadb_free(db);
}

/* Many SAs in the same SPI and tunnel chains: each still found. */
static void
test_many(void)
{
	struct ipsec_sadb *db = sadb_new();
	char name[32];
	uint32_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "tun%u", i % 700);
		sadb_install_pair(db, sa_of(name, IPSEC_IN, 256 + i * SADB_SPI_BUCKETS / 4),
		    NULL, T0);
	}
	for (i = 0; i < 3000; i++)
		CU_ASSERT_EQUAL(sadb_find_in(db, 256 + i * SADB_SPI_BUCKETS / 4)->spi,
		    256 + i * SADB_SPI_BUCKETS / 4);
	CU_ASSERT_EQUAL(sadb_remove_tunnel(db, "tun5"), 5);	/* 5, 705, ... 2805 */
	CU_ASSERT_PTR_NULL(sadb_find_in(db, 256 + 705 * SADB_SPI_BUCKETS / 4));
	CU_ASSERT_PTR_NOT_NULL(sadb_find_in(db, 256 + 706 * SADB_SPI_BUCKETS / 4));
	sadb_free(db);
}

struct events {
	unsigned	 n;
	struct ipsec_event ev[8];
};

static void
record(void *arg, const struct ipsec_event *ev)
{
	struct events *e = arg;

	if (e->n < 8)
		e->ev[e->n] = *ev;
	e->n++;
}

static void
test_replace_with_grace(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa *in1 = sa_of("t1", IPSEC_IN, 0x1001), *out1 = sa_of("t1", IPSEC_OUT, 0x2001);
	struct ipsec_sa *in2 = sa_of("t1", IPSEC_IN, 0x1011), *out2 = sa_of("t1", IPSEC_OUT, 0x2011);
	struct ipsec_sa *out[1];
	struct events ev = { 0 };
	uint64_t t = T0 + 1000;

	sadb_install_pair(db, in1, out1, T0);
	sadb_install_pair(db, in2, out2, t);
	/* the new outbound SA at once; both inbound SAs decrypt */
	sadb_bind(db, index_of, NULL, out, 1);
	CU_ASSERT_PTR_EQUAL(out[0], out2);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1001), in1);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1011), in2);
	CU_ASSERT(in1->retire_at_ms != 0);
	CU_ASSERT_EQUAL(in2->retire_at_ms, 0);
	sadb_tick(db, t + SADB_REKEY_GRACE_MS - 1, record, &ev);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1001), in1);
	sadb_tick(db, t + SADB_REKEY_GRACE_MS, record, &ev);
	CU_ASSERT_PTR_NULL(sadb_find_in(db, 0x1001));
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1011), in2);
	CU_ASSERT_EQUAL(ev.n, 0);	/* retiring is no lifetime event */
	sadb_free(db);
}

static void
test_same_spi_replaces_at_once(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa *a = sa_of("t1", IPSEC_IN, 0x1001), *b = sa_of("t2", IPSEC_IN, 0x1001);

	sadb_install_pair(db, a, NULL, T0);
	sadb_install_pair(db, b, NULL, T0);
	CU_ASSERT_PTR_EQUAL(sadb_find_in(db, 0x1001), b);
	CU_ASSERT_EQUAL(sadb_remove_tunnel(db, "t1"), 0);
	sadb_free(db);
}

static void
test_remove_spi(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa *out[2];

	sadb_install_pair(db, sa_of("t1", IPSEC_IN, 0x1001), sa_of("t1", IPSEC_OUT, 0x5000), T0);
	sadb_install_pair(db, sa_of("t2", IPSEC_IN, 0x1002), sa_of("t2", IPSEC_OUT, 0x5000), T0);
	/* the same outbound SPI on two tunnels: each removed on its own */
	CU_ASSERT_FALSE(sadb_remove_spi(db, "t1", IPSEC_IN, 0x1002));
	CU_ASSERT_FALSE(sadb_remove_spi(db, "t3", IPSEC_OUT, 0x5000));
	CU_ASSERT_TRUE(sadb_remove_spi(db, "t2", IPSEC_OUT, 0x5000));
	sadb_bind(db, index_of, NULL, out, 2);
	CU_ASSERT_PTR_NOT_NULL(out[0]);
	CU_ASSERT_PTR_NULL(out[1]);
	CU_ASSERT_TRUE(sadb_remove_spi(db, "t1", IPSEC_IN, 0x1001));
	CU_ASSERT_PTR_NULL(sadb_find_in(db, 0x1001));
	CU_ASSERT_PTR_NOT_NULL(sadb_find_in(db, 0x1002));
	CU_ASSERT_EQUAL(sadb_remove_tunnel(db, "t1"), 1);
	CU_ASSERT_EQUAL(sadb_remove_tunnel(db, "t2"), 1);
	sadb_free(db);
}

/* One SA with the soft and hard limits lt_soft and lt_hard; feed() makes
 * it carry traffic; checks one soft event, then the refusal and one hard
 * event that removes it, each with why. */
struct lifetime_case {
	const char	*why;
	struct ipsec_lifetime soft, hard;
	uint64_t	 soft_at, hard_at;	/* packets of 100 bytes, or seconds */
	bool		 by_time;
};

static void
run_lifetime(const struct lifetime_case *c)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa_params p = params("t1", IPSEC_OUT, 0x2001);
	struct events ev = { 0 };
	struct ipsec_sa *sa, *out[1];
	uint64_t i, now = T0;

	p.soft = c->soft;
	p.hard = c->hard;
	sa = make(&p);
	sadb_install_pair(db, NULL, sa, T0);
	for (i = 1; i <= c->hard_at && ev.n < 2; i++) {
		if (c->by_time)
			now = T0 + i * 1000;
		else if (ipsec_sa_usable(sa, now))
			ipsec_sa_count(sa, 100);
		if (i == c->hard_at)
			CU_ASSERT_FALSE(ipsec_sa_usable(sa, now));
		sadb_tick(db, now, record, &ev);	/* frees sa at the hard limit */
		if (i < c->soft_at)
			CU_ASSERT_EQUAL(ev.n, 0);
		if (i >= c->soft_at && i < c->hard_at) {
			CU_ASSERT_EQUAL(ev.n, 1);
			CU_ASSERT_EQUAL(ev.ev[0].kind, IPSEC_EV_SOFT);
			CU_ASSERT_STRING_EQUAL(ev.ev[0].why, c->why);
		}
		if (i + 1 == c->hard_at)
			CU_ASSERT_TRUE(ipsec_sa_usable(sa, now));
	}
	CU_ASSERT_EQUAL(i, c->hard_at + 1);
	CU_ASSERT_EQUAL_FATAL(ev.n, 2);
	CU_ASSERT_EQUAL(ev.ev[1].kind, IPSEC_EV_HARD);
	CU_ASSERT_STRING_EQUAL(ev.ev[1].why, c->why);
	CU_ASSERT_STRING_EQUAL(ev.ev[1].tunnel, "t1");
	CU_ASSERT_EQUAL(ev.ev[1].spi, 0x2001);
	CU_ASSERT_EQUAL(ev.ev[1].dir, IPSEC_OUT);
	sadb_bind(db, index_of, NULL, out, 1);
	CU_ASSERT_PTR_NULL(out[0]);	/* removed */
	sadb_free(db);
}

static void
test_lifetimes(void)
{
	static const struct lifetime_case cases[] = {
		{ "packets", { 0, 0, 10 }, { 0, 0, 20 }, 10, 20, false },
		{ "kilobytes", { 0, 1000, 0 }, { 0, 2000, 0 }, 10, 20, false },
		{ "time", { 10, 0, 0 }, { 20, 0, 0 }, 10, 20, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_lifetime(&cases[i]);
}

/* The packet path refuses an SA at its hard limit before any tick. */
static void
test_hard_refused_at_once(void)
{
	struct ipsec_sa_params p = params("t1", IPSEC_IN, 0x1001);
	struct ipsec_sa *sa;

	p.hard.packets = 2;
	sa = make(&p);
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0));
	ipsec_sa_count(sa, 1);
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0));
	ipsec_sa_count(sa, 1);
	CU_ASSERT_FALSE(ipsec_sa_usable(sa, T0));
	ipsec_sa_free(sa);
	p.hard.packets = 0;
	p.hard.seconds = 3;
	sa = make(&p);
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0 + 2999));
	CU_ASSERT_FALSE(ipsec_sa_usable(sa, T0 + 3000));
	ipsec_sa_free(sa);
}

/* An outbound SA's last number: 2^32-1 without ESN, 2^64-1 with. */
static void
test_sequence_end(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa_params p = params("t1", IPSEC_OUT, 0x2001);
	struct events ev = { 0 };
	struct ipsec_sa *sa;

	sa = make(&p);
	sadb_install_pair(db, NULL, sa, T0);
	sa->seq = UINT32_MAX - SA_SEQ_SOFT_MARGIN - 1;
	sadb_tick(db, T0, record, &ev);
	CU_ASSERT_EQUAL(ev.n, 0);
	sa->seq++;
	sadb_tick(db, T0, record, &ev);
	CU_ASSERT_EQUAL_FATAL(ev.n, 1);
	CU_ASSERT_STRING_EQUAL(ev.ev[0].why, "sequence");
	sa->seq = UINT32_MAX - 1;	/* one number left */
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0));
	sa->seq = UINT32_MAX;
	CU_ASSERT_FALSE(ipsec_sa_usable(sa, T0));
	sadb_tick(db, T0, record, &ev);
	CU_ASSERT_EQUAL_FATAL(ev.n, 2);
	CU_ASSERT_EQUAL(ev.ev[1].kind, IPSEC_EV_HARD);
	CU_ASSERT_STRING_EQUAL(ev.ev[1].why, "sequence");

	p.esn = true;
	sa = make(&p);
	sadb_install_pair(db, NULL, sa, T0);
	sa->seq = UINT32_MAX;
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0));
	sa->seq = UINT64_MAX - 1;
	CU_ASSERT_TRUE(ipsec_sa_usable(sa, T0));
	sa->seq = UINT64_MAX;
	CU_ASSERT_FALSE(ipsec_sa_usable(sa, T0));
	sadb_free(db);
}

static bool
collect(void *arg, const struct ipsec_sa_info *i)
{
	struct ipsec_sa_info *out = arg;

	out[i->dir == IPSEC_OUT] = *i;
	return true;
}

static void
test_walk_and_clear(void)
{
	struct ipsec_sadb *db = sadb_new();
	struct ipsec_sa_params p = params("t1", IPSEC_OUT, 0x2001);
	struct ipsec_sa *in = sa_of("t1", IPSEC_IN, 0x1001), *out;
	struct ipsec_sa_info info[2];

	p.hard.packets = 5;
	p.encap_sport = p.encap_dport = 4500;
	out = make(&p);
	sadb_install_pair(db, in, out, T0);
	ipsec_sa_count(out, 100);
	ipsec_sa_count(out, 50);
	out->seq = 2;
	in->replay_drops = 3;
	in->auth_failures = 4;
	replay_advance(in->replay, 9);
	sadb_walk(db, T0 + 10, collect, info);
	CU_ASSERT_STRING_EQUAL(info[1].tunnel, "t1");
	CU_ASSERT_EQUAL(info[1].packets, 2);
	CU_ASSERT_EQUAL(info[1].bytes, 150);
	CU_ASSERT_EQUAL(info[1].seq, 2);
	CU_ASSERT_TRUE(info[1].udp_encap);
	CU_ASSERT_EQUAL(info[1].hard.packets, 5);
	CU_ASSERT_EQUAL(info[1].age_ms, 10);
	CU_ASSERT_EQUAL(info[0].spi, 0x1001);
	CU_ASSERT_EQUAL(info[0].seq, 9);
	CU_ASSERT_EQUAL(info[0].replay_window, 64);
	CU_ASSERT_EQUAL(info[0].replay_drops, 3);
	CU_ASSERT_EQUAL(info[0].auth_failures, 4);
	CU_ASSERT_FALSE(info[0].udp_encap);
	sadb_clear_counters(db);
	sadb_walk(db, T0 + 10, collect, info);
	CU_ASSERT_EQUAL(info[1].packets, 0);
	CU_ASSERT_EQUAL(info[1].bytes, 0);
	CU_ASSERT_EQUAL(info[0].replay_drops, 0);
	CU_ASSERT_EQUAL(info[0].auth_failures, 0);
	/* clearing the counters does not lengthen a lifetime */
	ipsec_sa_count(out, 1);
	ipsec_sa_count(out, 1);
	ipsec_sa_count(out, 1);
	CU_ASSERT_FALSE(ipsec_sa_usable(out, T0));
	sadb_free(db);
}

static void
test_max_sas(void)
{
	static struct ipsec_sa *sa[SADB_MAX_SAS];
	struct ipsec_sa_params p = params("t1", IPSEC_IN, 256);
	struct strbuf err = STRBUF_INIT;
	unsigned i, n = 0;

	p.replay_window = 0;
	for (i = 0; i < SADB_MAX_SAS; i++)
		if ((sa[i] = ipsec_sa_new(&p, T0, &err)) != NULL)
			n++;
	CU_ASSERT_EQUAL(n, SADB_MAX_SAS);
	CU_ASSERT_PTR_NULL(ipsec_sa_new(&p, T0, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&err), "no room for another SA"));
	ipsec_sa_free(sa[0]);
	sa[0] = ipsec_sa_new(&p, T0, &err);
	CU_ASSERT_PTR_NOT_NULL(sa[0]);
	for (i = 0; i < SADB_MAX_SAS; i++)
		ipsec_sa_free(sa[i]);
	strbuf_free(&err);
}

static CU_TestInfo tests[] = {
	{ "ipsec_sa_new refuses what cannot make an SA, with a reason", test_new_refuses },
	{ "inbound by SPI, outbound by tunnel", test_install_and_find },
	{ "thousands of SAs in shared chains", test_many },
	{ "a replaced pair: new outbound at once, old inbound for the grace period", test_replace_with_grace },
	{ "an inbound SPI installed twice: the new SA replaces the old", test_same_spi_replaces_at_once },
	{ "removal by tunnel, direction and SPI", test_remove_spi },
	{ "soft then hard lifetimes by packets, bytes, time: one event each", test_lifetimes },
	{ "an SA past a hard limit is refused at once", test_hard_refused_at_once },
	{ "sequence numbers end at 2^32-1, or 2^64-1 with ESN", test_sequence_end },
	{ "walk for show, and counters cleared without touching lifetimes", test_walk_and_clear },
	{ "at most SADB_MAX_SAS SAs alive", test_max_sas },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "sadb"
#include "cunit_main.h"
