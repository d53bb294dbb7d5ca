/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/spd - the SPD classifier's build time and lookup rate for 10,000
 * entries, with a plain linear first-match over the same entries measured
 * in the same run as the anchor (and checked to agree). JSON lines on
 * stdout, one per rule mix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipsec/spd.h"
#include "lib/inet.h"

#define NRULES		10000
#define NKEYS		(1u << 20)
#define NLOOKUP		(16u * 1000 * 1000)
#define NLINEAR		20000

static unsigned long rng = 42;

static uint32_t
rnd(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(rng >> 32);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct spd_rule
any_rule(void)
{
	struct spd_rule r;

	memset(&r, 0, sizeof(r));
	r.sport_hi = r.dport_hi = 65535;
	return r;
}

static void
prefix(struct spd_rule *r, bool src, uint32_t addr, uint8_t plen)
{
	if (src) {
		r->src = addr & inet_mask(plen);
		r->src_plen = plen;
	} else {
		r->dst = addr & inet_mask(plen);
		r->dst_plen = plen;
	}
}

/*
 * A gateway's policy: 100 explicit entries first (bypass and discard of
 * some services and hosts, with protocols and ports), then what 99
 * `routing policy` tunnels generate: 10 local networks (/24s of the
 * gateway's 10.0.0.0/12) times 10 remote networks (/16 to /28 of each
 * office's own range) per tunnel.
 */
static uint32_t
gateway_mix(struct spd_rule *r)
{
	static const uint16_t services[] = { 22, 53, 80, 123, 161, 443, 500, 4500 };
	uint32_t n = 0, t, l, m, office;

	for (; n < 100; n++) {
		r[n] = any_rule();
		r[n].proto = n % 3 == 0 ? 17 : 6;
		r[n].dport_lo = r[n].dport_hi = services[n % 8];
		if (n % 4 == 0)
			prefix(&r[n], true, 0x0a000000 | (rnd() & 0xfffff), 24);
		if (n % 5 == 0)
			prefix(&r[n], false, 0xac100000 | (rnd() & 0xfffff), 32);
	}
	for (t = 0; t < 99; t++) {
		office = 0x64000000 + (t << 16);	/* 100.t.0.0/16 */
		for (l = 0; l < 10; l++)
			for (m = 0; m < 10; m++, n++) {
				r[n] = any_rule();
				prefix(&r[n], true, 0x0a000000 | (t % 16) << 16 | l << 8, 24);
				prefix(&r[n], false, office | (rnd() & 0xffff),
				    (uint8_t)(16 + rnd() % 13));
			}
	}
	return n;
}

/* A stress mix: prefixes /0 to /32, protocols and ports at random. */
static uint32_t
random_mix(struct spd_rule *r)
{
	static const uint8_t lens[] = { 0, 8, 12, 16, 20, 24, 24, 24, 28, 32, 32 };
	static const uint8_t protos[] = { 0, 0, 0, 6, 17, 1, 50 };
	uint32_t n;

	for (n = 0; n < NRULES; n++) {
		r[n] = any_rule();
		prefix(&r[n], true, rnd(), lens[rnd() % sizeof(lens)]);
		prefix(&r[n], false, rnd(), lens[rnd() % sizeof(lens)]);
		r[n].proto = protos[rnd() % sizeof(protos)];
		if (rnd() % 100 >= 60) {
			r[n].dport_lo = (uint16_t)(rnd() % 1200);
			r[n].dport_hi = (uint16_t)(r[n].dport_lo + rnd() % 50);
		}
	}
	return n;
}

/* Packets: mostly inside a random rule's prefixes, the rest anywhere. */
static void
make_keys(const struct spd_rule *r, uint32_t n, struct spd_key *k)
{
	const struct spd_rule *x;
	uint32_t i;

	for (i = 0; i < NKEYS; i++) {
		x = &r[rnd() % n];
		k[i].src = rnd();
		k[i].dst = rnd();
		if (rnd() % 8 != 0) {
			k[i].src = x->src | (k[i].src & ~inet_mask(x->src_plen));
			k[i].dst = x->dst | (k[i].dst & ~inet_mask(x->dst_plen));
		}
		k[i].proto = rnd() % 4 == 0 ? 1 : rnd() % 2 ? 6 : 17;
		k[i].has_ports = k[i].proto != 1;
		k[i].sport = k[i].has_ports ? (uint16_t)(1024 + rnd() % 60000) : 0;
		k[i].dport = k[i].has_ports ? (uint16_t)(rnd() % 2 ? x->dport_lo : rnd() % 1200) : 0;
	}
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

static void
run(const char *mix, uint32_t (*make)(struct spd_rule *))
{
	struct spd_rule *rules = calloc(NRULES, sizeof(*rules));
	struct spd_key *keys = malloc(NKEYS * sizeof(*keys));
	volatile uint32_t sink = 0;
	double t0, build, rate, lin_rate;
	unsigned long hits = 0;
	struct spd_stats st;
	struct spd *s;
	uint32_t n, i, want;

	if (rules == NULL || keys == NULL)
		abort();
	n = make(rules);
	make_keys(rules, n, keys);
	t0 = now();
	if ((s = spd_build(rules, n)) == NULL)
		abort();
	build = now() - t0;
	spd_stats(s, &st);
	t0 = now();
	for (i = 0; i < NLOOKUP; i++)
		sink += spd_lookup(s, &keys[i & (NKEYS - 1)]);
	rate = NLOOKUP / (now() - t0);
	t0 = now();
	for (i = 0; i < NLINEAR; i++)
		sink += linear(rules, n, &keys[i]);
	lin_rate = NLINEAR / (now() - t0);
	for (i = 0; i < NLINEAR; i++) {	/* the two agree */
		want = linear(rules, n, &keys[i]);
		if (spd_lookup(s, &keys[i]) != want) {
			fprintf(stderr, "bench/spd: %s: the tree and the linear "
			    "classifier disagree on key %u\n", mix, i);
			exit(1);
		}
		hits += want != SPD_NO_MATCH;
	}
	printf("{\"bench\":\"spd\",\"mix\":\"%s\",\"entries\":%u,\"build_s\":%.3f,"
	    "\"lookups_per_s\":%.0f,\"matched_share\":%.2f,\"nodes\":%u,"
	    "\"references\":%u,\"max_leaf\":%u,\"max_depth\":%u,"
	    "\"anchor\":\"linear first match\",\"anchor_lookups_per_s\":%.0f,"
	    "\"ratio_to_anchor\":%.0f,\"target_lookups_per_s\":10000000}\n",
	    mix, n, build, rate, (double)hits / NLINEAR, st.nodes, st.refs,
	    st.max_leaf, st.max_depth, lin_rate, rate / lin_rate);
	fflush(stdout);
	(void)sink;
	spd_free(s);
	free(keys);
	free(rules);
}

int
main(void)
{
	run("gateway", gateway_mix);
	run("random", random_mix);
	return 0;
}
