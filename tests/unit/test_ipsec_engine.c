/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the engine's IPsec path with two engines back to back:
 * what gateway A encapsulates, gateway B decapsulates and forwards, and
 * the inner packet arrives intact. Then each way it must not: replays,
 * forged ICVs, unknown SPIs, selector violations, cleartext that policy
 * protects, SPD discard and bypass over routes, routes through tunnels,
 * and fitting packets to the tunnel MTU (TSO segmentation, MSS clamping,
 * ICMP fragmentation needed, fragmentation before encryption). Each drop
 * is counted under its reason.
 *
 *   HA 10.1.0.10 --lan0 A 10.1.0.1 | wan0 198.51.100.1 ==== 198.51.100.2 wan0 B | 10.2.0.1 lan0-- HB 10.2.0.10
 *
 * Tunnel t1 on each: local network its LAN, remote the other's, routing
 * policy, manual SAs (A's outbound SPI 0x1001 is B's inbound, and the
 * other way 0x2002).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_ipsec.h"
#include "config/config_sslvpn.h"
#include "engine/engine.h"
#include "engine/pkt.h"
#include "engine/snapshot.h"
#include "ipsec/esp.h"
#include "ipsec/sa.h"
#include "ipsec/tables.h"
#include "route/rib.h"
#include "route_builder.h"

#define P_LAN		0u
#define P_WAN		1u
#define NPORTS		2u
#define T0		1000000u
#define MAX_SENT	256
#define FRAME_MAX	70000

#define A_LAN		0x0a010001u	/* 10.1.0.1 */
#define HA		0x0a01000au	/* 10.1.0.10 */
#define A_WAN		0xc6336401u	/* 198.51.100.1 */
#define B_LAN		0x0a020001u
#define HB		0x0a02000au	/* 10.2.0.10 */
#define B_WAN		0xc6336402u
#define GW		0xc63364feu	/* 198.51.100.254, a plain router */
#define SPI_AB		0x1001u
#define SPI_BA		0x2002u

static const uint8_t ha_mac[6] = { 2, 0xaa, 0, 0, 0, 0x0a };
static const uint8_t hb_mac[6] = { 2, 0xbb, 0, 0, 0, 0x0a };
static const uint8_t gw_mac[6] = { 2, 0xcc, 0, 0, 0, 0xfe };
static const uint8_t punt_mac[6] = { 2, 0xdd, 0, 0, 0, 1 };
static const uint8_t key_ab[36] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 9, 10,
	11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
	33, 34, 35, 36 };
static const uint8_t key_ba[36] = { 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 1, 2,
	3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	26, 27, 28 };
static const uint8_t ikey[64] = { 0x42, 0x43, 0x44 };

struct sent {
	unsigned	 port;
	size_t		 len;
	uint8_t		*bytes;
	struct pkt_offload off;
};

struct gw {
	const char	*name;
	uint8_t		 mac[NPORTS][6];
	uint32_t	 lan, wan, host, peer, remote_net;
	struct config	*cfg;
	struct rib	*rib;
	struct snapshot	*snap;
	struct engine	*e;
	struct ipsec_sa	*sa_out;	/* its outbound SA, while installed */
	size_t		 nsent;
	struct sent	 sent[MAX_SENT];
};

static struct gw A, B;
static uint64_t now;

/* The options of a test's gateways (zero: the defaults). */
struct opts {
	enum esp_alg	 alg;		/* ESP_AES128_GCM16 when 0 */
	bool		 udp;		/* nat-traversal force */
	bool		 route_based;	/* routing route, ip route 10.x.0.0/16 tunnel t1 */
	uint16_t	 wan_mtu;
	uint16_t	 window;
	bool		 no_sa;		/* install no SAs */
};

/* ---- the gateways ---- */

static bool
record_tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct gw *g = arg;
	struct sent *s;

	if (g->nsent == MAX_SENT)
		return true;
	s = &g->sent[g->nsent++];
	s->port = port;
	s->len = len;
	s->off = *off;
	if ((s->bytes = malloc(len)) != NULL)
		memcpy(s->bytes, frame, len);
	return true;
}

static void
clear_sent(struct gw *g)
{
	size_t i;

	for (i = 0; i < g->nsent; i++)
		free(g->sent[i].bytes);
	g->nsent = 0;
}

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "lan0") == 0 ? (int)P_LAN : strcmp(name, "wan0") == 0 ?
	    (int)P_WAN : -1;
}

static bool
tunnel_up(void *arg, const char *name)
{
	const struct opts *o = arg;

	return !o->no_sa && strcmp(name, "t1") == 0;
}

static void
iface(struct config *c, const char *name, uint32_t addr, uint16_t mtu)
{
	struct cfg_interface *i = config_interface_get(c, name);

	i->has_addr = true;
	i->addr = addr;
	i->plen = 24;
	i->mtu = mtu;
}

/* A gateway's configuration: interfaces, tunnel t1, a route to GW's
 * networks (10.9.0.0/16). Tests add to it before gw_up. */
static void
gw_config(struct gw *g, const struct opts *o)
{
	struct cfg_tunnel *t;
	struct cfg_route r;

	g->cfg = config_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->cfg);
	iface(g->cfg, "lan0", g->lan, 1500);
	iface(g->cfg, "wan0", g->wan, o->wan_mtu ? o->wan_mtu : 1500);
	r = make_route(0x0a090000, 16, NH_ADDRESS, GW, NULL, CFG_DEFAULT_PRIORITY);
	config_route_set(g->cfg, &r);
	t = config_tunnel_get(g->cfg, "t1");
	t->has_peer = true;
	t->peer = g->peer;
	t->nproposals = 1;
	t->proposal[0] = (uint8_t)o->alg;
	t->nlocal = t->nremote = 1;
	t->local_net[0] = (struct cfg_prefix){ g->lan & 0xffffff00u, 24 };
	t->remote_net[0] = (struct cfg_prefix){ g->remote_net, 24 };
	t->keying = KEYING_MANUAL;
	t->sa_in.set = t->sa_out.set = true;
	t->sa_in.spi = g == &A ? SPI_BA : SPI_AB;
	t->sa_out.spi = g == &A ? SPI_AB : SPI_BA;
	t->natt = o->udp ? NATT_FORCE : NATT_AUTO;
	t->replay_window = o->window ? o->window : 64;
	if (o->route_based) {
		t->routing = TUN_ROUTING_ROUTE;
		r = make_route(g->remote_net & 0xffff0000u, 16, NH_TUNNEL, 0, "t1", 1);
		config_route_set(g->cfg, &r);
	}
}

static struct ipsec_sa *
manual_sa(struct gw *g, enum ipsec_dir dir)
{
	const struct cfg_tunnel *ct = config_tunnel_find(g->cfg, "t1");
	const struct ipsec_tunnel *it = &g->snap->ipsec->tunnel[ipsec_tunnel_index(g->snap->ipsec, "t1")];
	const struct esp_alg_info *ai = esp_alg_info((enum esp_alg)ct->proposal[0]);
	bool ab = (g == &A) == (dir == IPSEC_OUT);
	struct strbuf err = STRBUF_INIT;
	struct ipsec_sa_params p;
	struct ipsec_sa *sa;

	CU_ASSERT_TRUE_FATAL(ipsec_manual_params(it, ct, dir, ab ? key_ab : key_ba,
	    ai->enc_key_len, ikey, ai->int_key_len, &p, &err));
	sa = ipsec_sa_new(&p, now, &err);
	if (sa == NULL)
		fprintf(stderr, "%s\n", strbuf_str(&err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	strbuf_free(&err);
	return sa;
}

/* An ARP request from mac/ip on port, so the gateway learns it. */
static void
learn(struct gw *g, unsigned port, const uint8_t mac[6], uint32_t ip)
{
	uint8_t f[ETH_MIN_FRAME];
	struct eth_hdr eh;
	struct arp_pkt ap;

	memset(f, 0, sizeof(f));
	memset(eh.dst, 0xff, 6);
	memcpy(eh.src, mac, 6);
	eh.type = htons(ETHTYPE_ARP);
	memcpy(f, &eh, sizeof(eh));
	memset(&ap, 0, sizeof(ap));
	ap.hw = htons(ARP_HW_ETHER);
	ap.proto = htons(ETHTYPE_IPV4);
	ap.hlen = 6;
	ap.plen = 4;
	ap.op = htons(ARP_OP_REQUEST);
	memcpy(ap.sha, mac, 6);
	ap.spa = htonl(ip);
	ap.tpa = htonl(port == P_LAN ? g->lan : g->wan);
	memcpy(f + ETH_HLEN_, &ap, sizeof(ap));
	engine_input(g->e, port, f, sizeof(f), NULL, now);
}

static void
gw_up(struct gw *g, const struct opts *o, const struct gw *other)
{
	unsigned p;

	g->rib = rib_build_tunnels(g->cfg, tunnel_up, (void *)(uintptr_t)o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->rib);
	g->snap = snapshot_build(g->cfg, g->rib, slot_of, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->snap);
	for (p = 0; p < NPORTS; p++)
		memcpy(g->snap->port[p].mac, g->mac[p], 6);
	g->e = engine_new(record_tx, g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g->e);
	engine_install(g->e, g->snap, now);
	engine_set_punt(g->e, punt_mac);
	if (!o->no_sa) {
		g->sa_out = manual_sa(g, IPSEC_OUT);
		sadb_install_pair(engine_sadb(g->e), manual_sa(g, IPSEC_IN), g->sa_out, now);
	}
	learn(g, P_WAN, other->mac[P_WAN], other->wan);
	learn(g, P_WAN, gw_mac, GW);
	learn(g, P_LAN, g == &A ? ha_mac : hb_mac, g->host);
	clear_sent(g);
	engine_clear_counters(g->e);
}

static void
setup_gw(struct gw *g, const char *name, uint8_t id, uint32_t lan, uint32_t wan,
    uint32_t peer, uint32_t remote)
{
	memset(g, 0, sizeof(*g));
	g->name = name;
	g->mac[P_LAN][0] = g->mac[P_WAN][0] = 2;
	g->mac[P_LAN][1] = g->mac[P_WAN][1] = id;
	g->mac[P_LAN][5] = 1;
	g->mac[P_WAN][5] = 2;
	g->lan = lan;
	g->wan = wan;
	g->host = (lan & 0xffffff00u) | 10;
	g->peer = peer;
	g->remote_net = remote;
}

/* Both gateways configured (tests may add to the configurations), not up. */
static void
configure(const struct opts *o)
{
	now = T0;
	setup_gw(&A, "A", 0x0a, A_LAN, A_WAN, B_WAN, 0x0a020000);
	setup_gw(&B, "B", 0x0b, B_LAN, B_WAN, A_WAN, 0x0a010000);
	gw_config(&A, o);
	gw_config(&B, o);
}

static void
start(const struct opts *o)
{
	gw_up(&A, o, &B);
	gw_up(&B, o, &A);
}

static void
setup_with(const struct opts *o)
{
	configure(o);
	start(o);
}

static void
gw_down(struct gw *g)
{
	clear_sent(g);
	engine_free(g->e);
	snapshot_free(g->snap);
	rib_free(g->rib);
	config_free(g->cfg);
}

static void
teardown(void)
{
	gw_down(&A);
	gw_down(&B);
}

static uint64_t
drops(const struct gw *g, enum engine_drop why)
{
	return engine_stats(g->e)->drops[why];
}

static uint64_t
all_drops(const struct gw *g)
{
	uint64_t n = 0;
	unsigned d;

	for (d = 0; d < DROP_COUNT; d++)
		n += drops(g, (enum engine_drop)d);
	return n;
}

/* What g sent and dropped, when a test finds something else. */
static void
report(const struct gw *g)
{
	unsigned d;
	size_t i;

	fprintf(stderr, "gateway %s sent %zu frame(s):", g->name, g->nsent);
	for (i = 0; i < g->nsent; i++)
		fprintf(stderr, " [port %u, %zu bytes]", g->sent[i].port, g->sent[i].len);
	fprintf(stderr, "; dropped:");
	for (d = 0; d < DROP_COUNT; d++)
		if (drops(g, (enum engine_drop)d) > 0)
			fprintf(stderr, " %llu \"%s\"", (unsigned long long)
			    drops(g, (enum engine_drop)d), engine_drop_name(d));
	fprintf(stderr, "\n");
}

/* Exactly n drops at g, all for this reason. */
static void
assert_only_drops(const struct gw *g, enum engine_drop why, uint64_t n)
{
	CU_ASSERT_EQUAL(drops(g, why), n);
	CU_ASSERT_EQUAL(all_drops(g), n);
	if (all_drops(g) != n || drops(g, why) != n)
		report(g);
}

/* ---- frames ---- */

static void
put_eth(uint8_t *f, const uint8_t dst[6], const uint8_t src[6])
{
	struct eth_hdr eh;

	memcpy(eh.dst, dst, 6);
	memcpy(eh.src, src, 6);
	eh.type = htons(ETHTYPE_IPV4);
	memcpy(f, &eh, sizeof(eh));
}

/* An IPv4 packet (after an Ethernet header) with l4 as payload. */
static size_t
ip_packet(uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto, uint16_t off,
    const uint8_t *l4, size_t n)
{
	struct ip_hdr ip;

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.len = htons((uint16_t)(20 + n));
	ip.id = htons(0x1234);
	ip.off = htons(off);
	ip.ttl = 64;
	ip.proto = proto;
	ip.src = htonl(src);
	ip.dst = htonl(dst);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(f + ETH_HLEN_, &ip, sizeof(ip));
	memcpy(f + ETH_HLEN_ + 20, l4, n);
	return ETH_HLEN_ + 20 + n;
}

static void
fill(uint8_t *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + seed);
}

/* A UDP packet from g's host to dst with n bytes of payload, into g's LAN. */
static size_t
host_udp(uint8_t *f, const struct gw *g, uint32_t dst, uint16_t dport, size_t n,
    uint16_t off)
{
	static uint8_t l4[FRAME_MAX];
	uint16_t h[4] = { htons(5000), htons(dport), htons((uint16_t)(8 + n)), 0 };

	memcpy(l4, h, 8);
	fill(l4 + 8, n, dport);
	put_eth(f, g->mac[P_LAN], g == &A ? ha_mac : hb_mac);
	return ip_packet(f, g->host, dst, IPPROTO_UDP_, off, l4, 8 + n);
}

static void
input(struct gw *g, unsigned port, const uint8_t *f, size_t len,
    const struct pkt_offload *off)
{
	static uint8_t scratch[FRAME_MAX];

	memcpy(scratch, f, len);
	engine_input(g->e, port, scratch, len, off, now);
}

static const struct ip_hdr *
ip_of(const struct sent *s)
{
	return (const struct ip_hdr *)(const void *)(s->bytes + ETH_HLEN_);
}

/* Every frame from sends on port WAN, fed to to's WAN; returns how many. */
static size_t
carry(struct gw *from, struct gw *to)
{
	size_t i, n = 0;

	for (i = 0; i < from->nsent; i++)
		if (from->sent[i].port == P_WAN) {
			input(to, P_WAN, from->sent[i].bytes, from->sent[i].len,
			    &from->sent[i].off);
			n++;
		}
	clear_sent(from);
	return n;
}

/* The one frame g sent, on port; its IPv4 header checked. */
static const struct sent *
only_sent(const struct gw *g, unsigned port)
{
	const struct sent *s;

	if (g->nsent != 1)
		report(g);
	CU_ASSERT_EQUAL_FATAL(g->nsent, 1);
	s = &g->sent[0];
	CU_ASSERT_EQUAL(s->port, port);
	CU_ASSERT_FATAL(s->len >= ETH_HLEN_ + 20);
	CU_ASSERT_EQUAL(pkt_cksum(ip_of(s), ip_hlen(ip_of(s))), 0);
	CU_ASSERT_EQUAL(ntohs(ip_of(s)->len), s->len - ETH_HLEN_);
	return s;
}

static struct ipsec_sa *
sa_of(struct gw *g, uint32_t spi)
{
	return sadb_find_in(engine_sadb(g->e), spi);
}

/* ---- 1. through the tunnel ---- */

/* HB answers dst through the tunnel: B encrypts, A decrypts and sends
 * the packet, intact, out of its port port; what A sent. */
static const struct sent *
answer_from_hb(uint32_t dst, unsigned port)
{
	static uint8_t f[FRAME_MAX];
	const struct sent *s;
	size_t len;

	clear_sent(&B);
	len = host_udp(f, &B, dst, 53, 40, 0);
	input(&B, P_LAN, f, len, NULL);
	CU_ASSERT_EQUAL(carry(&B, &A), 1);
	s = only_sent(&A, port);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->src), HB);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->dst), dst);
	CU_ASSERT_EQUAL(memcmp(s->bytes + ETH_HLEN_ + 20, f + ETH_HLEN_ + 20, len - ETH_HLEN_ - 20), 0);
	return s;
}

/* HA -> HB through A and B: the outer packet on the wire as expected, the
 * inner one delivered intact with its TTL down by two. */
static void
round_trip(const struct opts *o)
{
	const struct ip_hdr *outer, *inner;
	uint8_t f[FRAME_MAX];
	const struct sent *s;
	size_t len;

	setup_with(o);
	len = host_udp(f, &A, HB, 53, 300, IP_DF);
	input(&A, P_LAN, f, len, NULL);
	s = only_sent(&A, P_WAN);
	outer = ip_of(s);
	CU_ASSERT_EQUAL(ntohl(outer->src), A_WAN);
	CU_ASSERT_EQUAL(ntohl(outer->dst), B_WAN);
	CU_ASSERT_EQUAL(outer->proto, o->udp ? IPPROTO_UDP_ : 50);
	CU_ASSERT_EQUAL(ntohs(outer->off), 0);
	CU_ASSERT_EQUAL(memcmp(s->bytes, B.mac[P_WAN], 6), 0);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	s = only_sent(&B, P_LAN);
	CU_ASSERT_EQUAL(memcmp(s->bytes, hb_mac, 6), 0);
	CU_ASSERT_EQUAL(memcmp(s->bytes + 6, B.mac[P_LAN], 6), 0);
	inner = ip_of(s);
	CU_ASSERT_EQUAL(inner->ttl, 62);
	CU_ASSERT_EQUAL(s->len, len);
	CU_ASSERT_EQUAL(memcmp(s->bytes + ETH_HLEN_ + 12, f + ETH_HLEN_ + 12, len - ETH_HLEN_ - 12), 0);
	CU_ASSERT_EQUAL(all_drops(&A), 0);
	CU_ASSERT_EQUAL(all_drops(&B), 0);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->packets, 1);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->bytes, len - ETH_HLEN_);
	/* and back */
	answer_from_hb(HA, P_LAN);
	teardown();
}

static void
test_round_trip_gcm(void)
{
	struct opts o = { 0 };

	round_trip(&o);
}

static void
test_round_trip_udp_cbc(void)
{
	struct opts o = { .alg = ESP_AES256_SHA512, .udp = true };

	round_trip(&o);
	o.alg = ESP_AES256_GCM16;
	round_trip(&o);
	o.udp = false;
	o.alg = ESP_AES128_SHA256;
	round_trip(&o);
}

/* A route-based tunnel: ip route 10.2.0.0/16 tunnel t1. */
static void
test_route_based(void)
{
	struct opts o = { .route_based = true };

	round_trip(&o);
}

/* ---- 2. what B must refuse ---- */

/* A packet from A's WAN address to to's (protocol proto, payload l4). */
static size_t
to_router(uint8_t *f, const struct gw *to, uint8_t proto, const uint8_t *l4, size_t n,
    uint16_t off)
{
	put_eth(f, to->mac[P_WAN], A.mac[P_WAN]);
	return ip_packet(f, A_WAN, to->wan, proto, off, l4, n);
}

/* One ESP frame from A to B (HA -> HB), kept in f. */
static size_t
esp_from_a(uint8_t *f, size_t payload)
{
	uint8_t in[FRAME_MAX];
	size_t len = host_udp(in, &A, HB, 53, payload, 0);
	const struct sent *s;

	input(&A, P_LAN, in, len, NULL);
	s = only_sent(&A, P_WAN);
	memcpy(f, s->bytes, s->len);
	len = s->len;
	clear_sent(&A);
	return len;
}

static void
test_replay_icv_spi(void)
{
	struct opts o = { 0 };
	uint8_t f[2][FRAME_MAX];
	size_t len[2];

	setup_with(&o);
	len[0] = esp_from_a(f[0], 100);
	len[1] = esp_from_a(f[1], 100);
	input(&B, P_WAN, f[1], len[1], NULL);
	input(&B, P_WAN, f[0], len[0], NULL);	/* out of order: fine */
	CU_ASSERT_EQUAL(B.nsent, 2);
	input(&B, P_WAN, f[0], len[0], NULL);	/* replayed */
	CU_ASSERT_EQUAL(B.nsent, 2);
	assert_only_drops(&B, DROP_ESP_REPLAYED, 1);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->replay_drops, 1);
	/* a bit flipped in the ciphertext */
	len[0] = esp_from_a(f[0], 100);
	f[0][len[0] - 30] ^= 4;
	input(&B, P_WAN, f[0], len[0], NULL);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_ICV), 1);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->auth_failures, 1);
	/* an SPI B does not know */
	len[0] = esp_from_a(f[0], 100);
	f[0][ETH_HLEN_ + 20 + 3] ^= 0x40;
	input(&B, P_WAN, f[0], len[0], NULL);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_UNKNOWN_SPI), 1);
	/* shorter than an ESP header */
	len[0] = to_router(f[0], &B, 50, (const uint8_t *)"\0\0\x10", 3, 0);
	input(&B, P_WAN, f[0], len[0], NULL);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_TRUNCATED), 1);
	CU_ASSERT_EQUAL(B.nsent, 2);
	CU_ASSERT_EQUAL(all_drops(&B), 4);
	teardown();
}

/* A packet that decrypts but falls outside its SA's selectors is dropped
 * and counted twice, as the engine's reason and as the SA's drop (show
 * crypto ipsec sa: other drops), but never as traffic the SA carried;
 * one inside counts as carried. */
static void
test_selectors(void)
{
	struct opts o = { 0 };
	struct cfg_spd_entry e;
	uint8_t in[FRAME_MAX];
	struct ipsec_sa *sa;
	size_t len;

	configure(&o);
	/* A protects 10.3.0.0/16 into t1 too; B's t1 does not cover it */
	memset(&e, 0, sizeof(e));
	e.seq = 10;
	e.action = SPD_PROTECT;
	e.dst = (struct cfg_prefix){ 0x0a030000, 16 };
	e.sport_hi = e.dport_hi = 65535;
	snprintf(e.tunnel, sizeof(e.tunnel), "t1");
	config_spd_set(A.cfg, &e);
	start(&o);
	sa = sa_of(&B, SPI_AB);
	len = host_udp(in, &A, 0x0a030005, 53, 64, 0);
	input(&A, P_LAN, in, len, NULL);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	CU_ASSERT_EQUAL(B.nsent, 0);
	assert_only_drops(&B, DROP_IPSEC_SELECTORS, 1);
	CU_ASSERT_EQUAL(sa->other_drops, 1);
	CU_ASSERT_EQUAL(sa->packets, 0);
	CU_ASSERT_EQUAL(sa->bytes, 0);
	/* inside them: carried, and only that counted */
	len = host_udp(in, &A, HB, 53, 64, 0);
	input(&A, P_LAN, in, len, NULL);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	CU_ASSERT_EQUAL(only_sent(&B, P_LAN)->len, len);
	CU_ASSERT_EQUAL(sa->packets, 1);
	CU_ASSERT_EQUAL(sa->bytes, len - ETH_HLEN_);
	CU_ASSERT_EQUAL(sa->other_drops, 1);
	CU_ASSERT_EQUAL(all_drops(&B), 1);
	teardown();
}

/* ESP the router cannot take: an SA past its hard lifetime. */
static void
test_expired(void)
{
	struct opts o = { 0 };
	uint8_t f[FRAME_MAX], in[FRAME_MAX];
	size_t len;

	setup_with(&o);
	/* one packet carried, so a hard lifetime of one packet is spent */
	len = esp_from_a(f, 100);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->packets, 1);
	clear_sent(&B);
	/* hard lifetimes: B's inbound SA is spent; then A's outbound one */
	sa_of(&B, SPI_AB)->hard.packets = 1;
	len = esp_from_a(f, 100);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_EXPIRED), 1);
	CU_ASSERT_EQUAL(B.nsent, 0);
	A.sa_out->hard.seconds = 1;
	now += 1000;
	len = host_udp(in, &A, HB, 53, 64, 0);
	input(&A, P_LAN, in, len, NULL);
	CU_ASSERT_EQUAL(A.nsent, 0);
	assert_only_drops(&A, DROP_ESP_EXPIRED, 1);
	teardown();
}

/* ---- 3. outer fragments (RFC 4301 §7) ---- */

#define PYTHON		"/usr/bin/python3"
#define MAX_FRAGS	300

/* Fragments of one outer packet, each a whole frame. */
struct frags {
	size_t		 n;
	size_t		 len[MAX_FRAGS];
	uint8_t		*f[MAX_FRAGS];
};

static void
frags_free(struct frags *fs)
{
	while (fs->n > 0)
		free(fs->f[--fs->n]);
}

/* Appends a fragment frame: frame's Ethernet and IPv4 headers (20 bytes,
 * no options), data[0 .. n) at byte offset off, MF as more. */
static void
frag_add(struct frags *fs, const uint8_t *frame, const uint8_t *data, size_t n,
    size_t off, bool more)
{
	uint8_t *f = malloc(ETH_HLEN_ + 20 + n);
	struct ip_hdr *ip = (struct ip_hdr *)(void *)(f + ETH_HLEN_);

	CU_ASSERT_FATAL(f != NULL && fs->n < MAX_FRAGS);
	memcpy(f, frame, ETH_HLEN_ + 20);
	memcpy(f + ETH_HLEN_ + 20, data, n);
	ip->len = htons((uint16_t)(20 + n));
	ip->off = htons((uint16_t)((ntohs(ip->off) & IP_DF) | (more ? IP_MF : 0) | off / 8));
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, 20);
	fs->len[fs->n] = ETH_HLEN_ + 20 + n;
	fs->f[fs->n++] = f;
}

/* The fragments of the frame's packet, size data bytes each (RFC 791, as
 * a router on the way makes them). */
static void
fragment_by_hand(const uint8_t *frame, size_t len, size_t size, struct frags *fs)
{
	const uint8_t *data = frame + ETH_HLEN_ + 20;
	size_t n = len - ETH_HLEN_ - 20, off;

	fs->n = 0;
	for (off = 0; off < n; off += size)
		frag_add(fs, frame, data + off, off + size < n ? size : n - off, off,
		    off + size < n);
}

/* The same by scapy's fragment(); false (with a note) when there is no
 * scapy to ask. */
static bool
fragment_by_scapy(const uint8_t *frame, size_t len, size_t size, struct frags *fs)
{
	const char *top = getenv("top_srcdir");
	char tmp[] = "/tmp/vgw-frag-scapy.XXXXXX", cmd[1024], line[2 * FRAME_MAX + 2];
	unsigned byte;
	uint8_t *f;
	size_t i, n;
	FILE *p;
	int fd;

	fs->n = 0;
	if (top == NULL || strchr(top, '\'') != NULL || access(PYTHON, X_OK) != 0 ||
	    system(PYTHON " -c 'import scapy.all' 2>/dev/null") != 0) {
		fprintf(stderr, "note: no scapy (or top_srcdir): fragments not checked against it\n");
		return false;
	}
	CU_ASSERT_FATAL((fd = mkstemp(tmp)) >= 0);
	CU_ASSERT_FATAL(write(fd, frame + ETH_HLEN_, len - ETH_HLEN_) == (ssize_t)(len - ETH_HLEN_));
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s '%s/tests/unit/frag_scapy.py' %zu %s", PYTHON, top,
	    size, tmp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = popen(cmd, "r"));
	while (fgets(line, sizeof(line), p) != NULL && fs->n < MAX_FRAGS) {
		n = strlen(line) / 2;
		CU_ASSERT_FATAL((f = malloc(ETH_HLEN_ + n)) != NULL);
		memcpy(f, frame, ETH_HLEN_);
		for (i = 0; i < n && sscanf(line + 2 * i, "%2x", &byte) == 1; i++)
			f[ETH_HLEN_ + i] = (uint8_t)byte;
		fs->len[fs->n] = ETH_HLEN_ + n;
		fs->f[fs->n++] = f;
	}
	CU_ASSERT_EQUAL(pclose(p), 0);
	unlink(tmp);
	return true;
}

/* Feeds fragments to B in the order given (indexes into fs). */
static void
feed(const struct frags *fs, const size_t *order, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		input(&B, P_WAN, fs->f[order[i]], fs->len[order[i]], NULL);
}

/* B forwarded to HB exactly the packet HA sent (in: HA's frame). */
static void
assert_delivered(const uint8_t *in, size_t len)
{
	const struct sent *s = only_sent(&B, P_LAN);

	CU_ASSERT_EQUAL(s->len, len);
	CU_ASSERT_EQUAL(ip_of(s)->ttl, 62);
	if (s->len == len)
		CU_ASSERT_EQUAL(memcmp(s->bytes + ETH_HLEN_ + 12, in + ETH_HLEN_ + 12,
		    len - ETH_HLEN_ - 12), 0);
	clear_sent(&B);
}

/* An ESP packet from A, its inner packet HA's frame in (n payload bytes). */
static size_t
esp_and_inner(uint8_t *f, uint8_t *in, size_t *inlen, size_t n)
{
	*inlen = host_udp(in, &A, HB, 53, n, 0);
	return esp_from_a(f, n);
}

/* scapy's fragments of vgw's own ESP, raw and in UDP, are what a router
 * on the way makes (checked byte for byte against ours) and B takes them
 * in order, in reverse (raw ESP), shuffled and with a duplicate. */
static void
test_frag_reassembled(void)
{
	static uint8_t f[FRAME_MAX], in[FRAME_MAX];
	static const size_t in_order[] = { 0, 1, 2, 3, 4, 5 }, reverse[] = { 5, 4, 3, 2, 1, 0 },
	    shuffled[] = { 0, 3, 2, 5, 2, 4, 1 };
	struct frags mine, scapy;
	size_t len, inlen, i;
	unsigned udp;

	for (udp = 0; udp < 2; udp++) {
		struct opts o = { .udp = udp };

		setup_with(&o);
		len = esp_and_inner(f, in, &inlen, 1200);
		fragment_by_hand(f, len, 248, &mine);
		CU_ASSERT_EQUAL_FATAL(mine.n, 6);
		if (fragment_by_scapy(f, len, 248, &scapy)) {
			CU_ASSERT_EQUAL(scapy.n, mine.n);
			for (i = 0; i < mine.n && i < scapy.n; i++) {
				CU_ASSERT_EQUAL(scapy.len[i], mine.len[i]);
				CU_ASSERT(scapy.len[i] == mine.len[i] &&
				    memcmp(scapy.f[i], mine.f[i], mine.len[i]) == 0);
			}
			feed(&scapy, in_order, scapy.n);
			frags_free(&scapy);
		} else {
			feed(&mine, in_order, mine.n);
		}
		assert_delivered(in, inlen);
		CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->packets, 1);
		CU_ASSERT_EQUAL(engine_stats(B.e)->local, 6);
		frags_free(&mine);
		/* shuffled (the first still first: see test_frag_kernel), the third
		 * fragment twice: the copy dropped alone */
		len = esp_and_inner(f, in, &inlen, 1200);
		fragment_by_hand(f, len, 248, &mine);
		feed(&mine, shuffled, 7);
		assert_delivered(in, inlen);
		assert_only_drops(&B, DROP_ESP_FRAG_DUPLICATE, 1);
		frags_free(&mine);
		if (!udp) {
			len = esp_and_inner(f, in, &inlen, 1200);
			fragment_by_hand(f, len, 248, &mine);
			feed(&mine, reverse, 6);
			assert_delivered(in, inlen);
			frags_free(&mine);
		}
		CU_ASSERT_EQUAL(all_drops(&B), 1);
		teardown();
	}
}

/* What stays the kernel's: ESP in UDP whose later fragment comes before
 * its first (no port to tell it by), UDP fragments to other ports. The
 * first fragment of such an ESP datagram then times out. */
static void
test_frag_kernel(void)
{
	static uint8_t f[FRAME_MAX], in[FRAME_MAX];
	static const size_t later_first[] = { 1, 0 };
	struct opts o = { .udp = true };
	struct frags fs;
	size_t len, inlen, i;
	uint16_t dport = htons(53);

	setup_with(&o);
	len = esp_and_inner(f, in, &inlen, 400);
	fragment_by_hand(f, len, 256, &fs);
	CU_ASSERT_EQUAL_FATAL(fs.n, 2);
	feed(&fs, later_first, 2);
	CU_ASSERT_EQUAL(B.nsent, 1);
	CU_ASSERT_EQUAL(B.sent[0].port, ENGINE_PORT_PUNT);
	CU_ASSERT_EQUAL(B.sent[0].len, fs.len[1]);
	clear_sent(&B);
	now += REASS_TIMEOUT_MS - 1;
	engine_tick(B.e, now);
	CU_ASSERT_EQUAL(all_drops(&B), 0);
	now += 1;
	engine_tick(B.e, now);
	assert_only_drops(&B, DROP_ESP_FRAG_TIMEOUT, 1);
	/* the same fragments to port 53 instead: the kernel's, both */
	memcpy(fs.f[0] + ETH_HLEN_ + 22, &dport, 2);
	for (i = 0; i < 2; i++)
		input(&B, P_WAN, fs.f[i], fs.len[i], NULL);
	CU_ASSERT_EQUAL(B.nsent, 2);
	for (i = 0; i < B.nsent; i++)
		CU_ASSERT_EQUAL(B.sent[i].port, ENGINE_PORT_PUNT);
	CU_ASSERT_EQUAL(all_drops(&B), 1);
	frags_free(&fs);
	teardown();
}

/* Gives fragment i of fs the identification id (another datagram). */
static void
set_id(struct frags *fs, size_t i, uint16_t id)
{
	struct ip_hdr *ip = (struct ip_hdr *)(void *)(fs->f[i] + ETH_HLEN_);

	ip->id = htons(id);
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, 20);
}

/* RFC 5722: an overlap drops the whole datagram and its later fragments;
 * inconsistent lengths the same; a datagram not whole in time is given
 * up. Each fragment counted once. */
static void
test_frag_refused(void)
{
	static uint8_t f[FRAME_MAX], in[FRAME_MAX];
	static const size_t two[] = { 0, 1 };
	struct opts o = { 0 };
	struct frags fs;
	size_t len, inlen;
	uint8_t data[64];

	setup_with(&o);
	len = esp_and_inner(f, in, &inlen, 1200);
	fragment_by_hand(f, len, 248, &fs);
	/* an overlap: 8 bytes into the second fragment's data */
	feed(&fs, two, 2);
	frag_add(&fs, fs.f[0], f + ETH_HLEN_ + 20 + 240, 64, 240, true);
	input(&B, P_WAN, fs.f[6], fs.len[6], NULL);
	assert_only_drops(&B, DROP_ESP_FRAG_OVERLAP, 3);
	/* the rest of that datagram: refused too, nothing forwarded */
	input(&B, P_WAN, fs.f[2], fs.len[2], NULL);
	input(&B, P_WAN, fs.f[5], fs.len[5], NULL);
	assert_only_drops(&B, DROP_ESP_FRAG_OVERLAP, 5);
	CU_ASSERT_EQUAL(B.nsent, 0);
	/* time passes: the dead datagram is forgotten, its id takes a new one */
	now += REASS_TIMEOUT_MS;
	engine_tick(B.e, now);
	engine_clear_counters(B.e);
	memset(data, 0x5a, sizeof(data));
	/* lengths: a fragment but the last not a multiple of 8 */
	frags_free(&fs);
	frag_add(&fs, f, data, 16, 0, true);
	frag_add(&fs, f, data, 12, 16, true);
	feed(&fs, two, 2);
	assert_only_drops(&B, DROP_ESP_FRAG_LENGTH, 2);
	/* two different ends */
	frags_free(&fs);
	engine_clear_counters(B.e);
	frag_add(&fs, f, data, 16, 64, false);
	frag_add(&fs, f, data, 8, 96, false);
	set_id(&fs, 0, 0x4001);
	set_id(&fs, 1, 0x4001);
	feed(&fs, two, 2);
	assert_only_drops(&B, DROP_ESP_FRAG_LENGTH, 2);
	/* past 65535 bytes */
	frags_free(&fs);
	engine_clear_counters(B.e);
	frag_add(&fs, f, data, 32, 65512, false);
	set_id(&fs, 0, 0x4002);
	input(&B, P_WAN, fs.f[0], fs.len[0], NULL);
	assert_only_drops(&B, DROP_ESP_FRAG_LENGTH, 1);
	/* not whole in time: two of three fragments, given up after 2 s */
	frags_free(&fs);
	engine_clear_counters(B.e);
	len = esp_and_inner(f, in, &inlen, 600);
	fragment_by_hand(f, len, 256, &fs);
	CU_ASSERT_EQUAL_FATAL(fs.n, 3);
	feed(&fs, two, 2);
	now += REASS_TIMEOUT_MS;
	engine_tick(B.e, now);
	assert_only_drops(&B, DROP_ESP_FRAG_TIMEOUT, 2);
	/* its last fragment now starts a datagram that never completes */
	input(&B, P_WAN, fs.f[2], fs.len[2], NULL);
	CU_ASSERT_EQUAL(B.nsent, 0);
	frags_free(&fs);
	teardown();
}

/* The bounds: REASS_MAX_DATAGRAMS at once, REASS_MAX_BYTES held, and
 * REASS_MAX_FRAGMENTS in one; each datagram over them refused whole, the
 * others unharmed; room again once they time out. */
static void
test_frag_limits(void)
{
	static uint8_t f[FRAME_MAX], in[FRAME_MAX], big[64992];
	static const size_t in_order[] = { 0, 1, 2 };
	struct opts o = { 0 };
	struct frags fs, one;
	size_t len, inlen, i, n;

	setup_with(&o);
	len = esp_and_inner(f, in, &inlen, 100);
	fs.n = 0;
	for (i = 0; i <= REASS_MAX_DATAGRAMS; i++) {	/* a first fragment each */
		frag_add(&fs, f, big, 8, 0, true);
		set_id(&fs, i, (uint16_t)(0x100 + i));
		input(&B, P_WAN, fs.f[i], fs.len[i], NULL);
	}
	assert_only_drops(&B, DROP_ESP_FRAG_FULL, 1);
	/* a whole datagram waits for room too */
	len = esp_and_inner(f, in, &inlen, 600);
	fragment_by_hand(f, len, 256, &one);
	feed(&one, in_order, 3);
	CU_ASSERT_EQUAL(B.nsent, 0);
	frags_free(&one);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_FRAG_FULL), 4);
	now += REASS_TIMEOUT_MS;
	engine_tick(B.e, now);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_FRAG_TIMEOUT), REASS_MAX_DATAGRAMS);
	CU_ASSERT_EQUAL(all_drops(&B), 4 + REASS_MAX_DATAGRAMS);
	engine_clear_counters(B.e);
	frags_free(&fs);
	len = esp_and_inner(f, in, &inlen, 600);
	fragment_by_hand(f, len, 256, &one);
	feed(&one, in_order, 3);
	assert_delivered(in, inlen);
	frags_free(&one);
	/* bytes: first fragments of 64992 bytes until a megabyte is held */
	n = REASS_MAX_BYTES / (sizeof(big) + 64) + 1;
	for (i = 0; i < n; i++) {
		frag_add(&fs, f, big, sizeof(big), 0, true);
		set_id(&fs, 0, (uint16_t)(0x200 + i));
		input(&B, P_WAN, fs.f[0], fs.len[0], NULL);
		frags_free(&fs);
	}
	assert_only_drops(&B, DROP_ESP_FRAG_FULL, 1);
	now += REASS_TIMEOUT_MS;
	engine_tick(B.e, now);
	engine_clear_counters(B.e);
	/* fragments in one datagram: the one past the bound drops them all */
	for (i = 0; i <= REASS_MAX_FRAGMENTS; i++) {
		frag_add(&fs, f, big, 8, 8 * i, true);
		input(&B, P_WAN, fs.f[0], fs.len[0], NULL);
		frags_free(&fs);
	}
	assert_only_drops(&B, DROP_ESP_FRAG_FULL, REASS_MAX_FRAGMENTS + 1);
	teardown();
}

/* In clear where policy says the peer must protect it. */
static void
test_cleartext_refused(void)
{
	struct opts o = { 0 };
	uint8_t f[FRAME_MAX];
	size_t len;

	setup_with(&o);
	len = host_udp(f, &A, HB, 53, 64, 0);	/* HA's packet, but in clear */
	memcpy(f, B.mac[P_WAN], 6);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(B.nsent, 0);
	assert_only_drops(&B, DROP_IPSEC_CLEARTEXT, 1);
	teardown();
}

/* ---- 3. the SPD before the FIB ---- */

static struct cfg_spd_entry spd_entry(uint32_t, enum cfg_spd_action, uint32_t, uint8_t);
static const struct sent *from_ha(uint32_t);

static struct cfg_spd_entry
spd_entry(uint32_t seq, enum cfg_spd_action action, uint32_t dst, uint8_t plen)
{
	struct cfg_spd_entry e;

	memset(&e, 0, sizeof(e));
	e.seq = seq;
	e.action = (uint8_t)action;
	e.dst = (struct cfg_prefix){ dst, plen };
	e.sport_hi = e.dport_hi = 65535;
	return e;
}

/* Sends HA's UDP packet to dst into A; returns what A sent (one frame). */
static const struct sent *
from_ha(uint32_t dst)
{
	uint8_t f[FRAME_MAX];
	size_t len = host_udp(f, &A, dst, 53, 64, 0);

	clear_sent(&A);
	input(&A, P_LAN, f, len, NULL);
	return A.nsent == 1 ? &A.sent[0] : NULL;
}

static void
test_spd_over_routes(void)
{
	struct opts o = { 0 };
	struct cfg_spd_entry e;
	struct cfg_route r;
	const struct sent *s;

	configure(&o);
	/* a route for B's LAN through the plain router, which the SPD beats */
	r = make_route(0x0a020000, 24, NH_ADDRESS, GW, NULL, CFG_DEFAULT_PRIORITY);
	config_route_set(A.cfg, &r);
	e = spd_entry(10, SPD_DISCARD, 0x0a090100, 24);
	config_spd_set(A.cfg, &e);
	e = spd_entry(20, SPD_BYPASS, 0x0a020080, 25);
	config_spd_set(A.cfg, &e);
	start(&o);
	/* discard over the route to 10.9.0.0/16 */
	CU_ASSERT_PTR_NULL(from_ha(0x0a090105));
	assert_only_drops(&A, DROP_IPSEC_DISCARD, 1);
	/* no entry: the route */
	s = from_ha(0x0a090205);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(memcmp(s->bytes, gw_mac, 6), 0);
	CU_ASSERT_EQUAL(ip_of(s)->proto, IPPROTO_UDP_);
	/* bypass before the tunnel's protect entry: in clear by the route */
	s = from_ha(0x0a0200c8);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(memcmp(s->bytes, gw_mac, 6), 0);
	CU_ASSERT_EQUAL(ip_of(s)->proto, IPPROTO_UDP_);
	/* protect over the route: into the tunnel, to B */
	s = from_ha(HB);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(memcmp(s->bytes, B.mac[P_WAN], 6), 0);
	CU_ASSERT_EQUAL(ip_of(s)->proto, 50);
	CU_ASSERT_EQUAL(all_drops(&A), 1);
	teardown();
}

/* The SPD's entries as engine_spd_walk gives them. */
struct spd_seen {
	size_t		 n;
	uint32_t	 seq[8];
	uint64_t	 hits[8];
	char		 tunnel[8][CFG_NAME_MAX];
};

static bool
see_spd(void *arg, const struct cfg_spd_entry *e, uint64_t hits)
{
	struct spd_seen *s = arg;

	if (s->n == 8)
		return false;
	s->seq[s->n] = e->seq;
	snprintf(s->tunnel[s->n], CFG_NAME_MAX, "%s", e->tunnel);
	s->hits[s->n++] = hits;
	return true;
}

static void
spd_seen(struct gw *g, struct spd_seen *s)
{
	memset(s, 0, sizeof(*s));
	engine_spd_walk(g->e, see_spd, s);
}

/* Installs g's configuration anew, as a commit does. */
static void
recommit(struct gw *g, const struct opts *o)
{
	struct rib *rib = rib_build_tunnels(g->cfg, tunnel_up, (void *)(uintptr_t)o);
	struct snapshot *snap;
	unsigned p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(rib);
	snap = snapshot_build(g->cfg, rib, slot_of, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(snap);
	for (p = 0; p < NPORTS; p++)
		memcpy(snap->port[p].mac, g->mac[p], 6);
	CU_ASSERT_PTR_EQUAL(engine_install(g->e, snap, now), g->snap);
	snapshot_free(g->snap);
	rib_free(g->rib);
	g->snap = snap;
	g->rib = rib;
}

/* Each entry counts the packets it decides, in evaluation order, the
 * generated entries after the crypto spd ones; a commit keeps the counts
 * of the entries it leaves alone; clearing zeroes them all. */
static void
test_spd_hits(void)
{
	struct opts o = { 0 };
	struct cfg_spd_entry e;
	struct spd_seen s;

	configure(&o);
	e = spd_entry(10, SPD_DISCARD, 0x0a090100, 24);
	config_spd_set(A.cfg, &e);
	e = spd_entry(20, SPD_BYPASS, 0x0a020080, 25);
	config_spd_set(A.cfg, &e);
	start(&o);
	CU_ASSERT_PTR_NULL(from_ha(0x0a090105));
	CU_ASSERT_PTR_NULL(from_ha(0x0a090106));
	CU_ASSERT_PTR_NOT_NULL(from_ha(0x0a0200c8));
	CU_ASSERT_PTR_NOT_NULL(from_ha(HB));
	CU_ASSERT_PTR_NOT_NULL(from_ha(HB));
	CU_ASSERT_PTR_NOT_NULL(from_ha(HB));
	spd_seen(&A, &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 3);
	CU_ASSERT_EQUAL(s.seq[0], 10);
	CU_ASSERT_EQUAL(s.hits[0], 2);
	CU_ASSERT_EQUAL(s.seq[1], 20);
	CU_ASSERT_EQUAL(s.hits[1], 1);
	CU_ASSERT_EQUAL(s.seq[2], 0);
	CU_ASSERT_STRING_EQUAL(s.tunnel[2], "t1");
	CU_ASSERT_EQUAL(s.hits[2], 3);

	/* 15 new and 20 changed start at 0; 10 and t1's entry keep theirs */
	e = spd_entry(15, SPD_BYPASS, 0x0a0a0000, 16);
	config_spd_set(A.cfg, &e);
	e = spd_entry(20, SPD_BYPASS, 0x0a0200c0, 26);
	config_spd_set(A.cfg, &e);
	recommit(&A, &o);
	spd_seen(&A, &s);
	CU_ASSERT_EQUAL_FATAL(s.n, 4);
	CU_ASSERT_EQUAL(s.seq[0], 10);
	CU_ASSERT_EQUAL(s.hits[0], 2);
	CU_ASSERT_EQUAL(s.seq[1], 15);
	CU_ASSERT_EQUAL(s.hits[1], 0);
	CU_ASSERT_EQUAL(s.seq[2], 20);
	CU_ASSERT_EQUAL(s.hits[2], 0);
	CU_ASSERT_EQUAL(s.hits[3], 3);
	CU_ASSERT_PTR_NOT_NULL(from_ha(HB));
	spd_seen(&A, &s);
	CU_ASSERT_EQUAL(s.hits[3], 4);

	engine_spd_clear_hits(A.e);
	spd_seen(&A, &s);
	CU_ASSERT_EQUAL(s.hits[0] + s.hits[1] + s.hits[2] + s.hits[3], 0);
	teardown();
}

/* A full tunnel (protect any to any): A's LAN traffic in clear is what
 * it protects, never refused as cleartext (the protect entry's mirror
 * image matches it too); whatever B forwards goes into the tunnel. */
/* Both gateways up with a protect-any policy (seq 5) into t1. */
static void
setup_full_tunnel(void)
{
	struct opts o = { 0 };
	struct cfg_spd_entry e;

	configure(&o);
	e = spd_entry(5, SPD_PROTECT, 0, 0);
	snprintf(e.tunnel, sizeof(e.tunnel), "t1");
	config_spd_set(A.cfg, &e);
	config_spd_set(B.cfg, &e);
	start(&o);
}

static void
test_full_tunnel(void)
{
	uint8_t f[FRAME_MAX];
	const struct sent *s;
	size_t len;

	setup_full_tunnel();
	s = from_ha(0x08080808);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(ip_of(s)->proto, 50);
	CU_ASSERT_EQUAL(all_drops(&A), 0);
	/* clear traffic at B goes into the tunnel as well */
	clear_sent(&A);
	len = host_udp(f, &A, HB, 53, 64, 0);
	memcpy(f, B.mac[P_WAN], 6);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(B.nsent, 1);
	CU_ASSERT_EQUAL(ip_of(&B.sent[0])->proto, 50);
	teardown();
}

/* A route through a tunnel: taken while the tunnel is up; the next best
 * while the RIB has it down; dropped if its SA goes meanwhile. */
static void
test_tunnel_route_fallback(void)
{
	struct opts o = { .route_based = true };
	struct cfg_route r;
	const struct sent *s;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		o.no_sa = pass == 1;
		configure(&o);
		r = make_route(0x0a020000, 16, NH_ADDRESS, GW, NULL, 10);
		config_route_set(A.cfg, &r);
		start(&o);
		s = from_ha(HB);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_EQUAL(memcmp(s->bytes, pass ? gw_mac : B.mac[P_WAN], 6), 0);
		CU_ASSERT_EQUAL(ip_of(s)->proto, pass ? IPPROTO_UDP_ : 50);
		if (pass == 0) {
			/* the SAs go before the RIB hears of it */
			CU_ASSERT_EQUAL(sadb_remove_tunnel(engine_sadb(A.e), "t1"), 2);
			CU_ASSERT_PTR_NULL(from_ha(HB));
			assert_only_drops(&A, DROP_IPSEC_NO_SA, 1);
		}
		teardown();
	}
}

/* The outer packet has no way to the peer but null0. */
static void
test_peer_unrouted(void)
{
	struct opts o = { 0 };
	struct cfg_tunnel *t;
	struct cfg_route r;

	configure(&o);
	t = config_tunnel_get(A.cfg, "t1");
	t->has_local = true;
	t->local = A_WAN;
	r = make_route(B_WAN, 32, NH_NULL0, 0, NULL, CFG_DEFAULT_PRIORITY);
	config_route_set(A.cfg, &r);
	start(&o);
	CU_ASSERT_PTR_NULL(from_ha(HB));
	assert_only_drops(&A, DROP_IPSEC_PEER_UNROUTED, 1);
	teardown();
}

/* ---- 4. fitting the tunnel ---- */

#define GCM_TUNNEL_MTU	1446	/* 1500 - 20 - 8 - 8 - 16, to 4 bytes, - 2 */
#define GCM_UDP_TUNNEL_MTU 1438	/* the same, less 8 for UDP */

static void
test_icmp_frag_needed(void)
{
	struct opts o = { 0 };
	const struct icmp_hdr *ic;
	uint8_t f[FRAME_MAX];
	const struct sent *s;
	size_t len;

	setup_with(&o);
	len = host_udp(f, &A, HB, 53, GCM_TUNNEL_MTU - 28 + 1, IP_DF);
	input(&A, P_LAN, f, len, NULL);
	s = only_sent(&A, P_LAN);
	CU_ASSERT_EQUAL(memcmp(s->bytes, ha_mac, 6), 0);
	CU_ASSERT_EQUAL(ip_of(s)->proto, IPPROTO_ICMP_);
	ic = (const struct icmp_hdr *)(const void *)(s->bytes + ETH_HLEN_ + 20);
	CU_ASSERT_EQUAL(ic->type, ICMP_UNREACH);
	CU_ASSERT_EQUAL(ic->code, ICMP_UNREACH_NEEDFRAG);
	CU_ASSERT_EQUAL(ntohs(ic->seq), GCM_TUNNEL_MTU);
	assert_only_drops(&A, DROP_FRAG_NEEDED, 1);
	/* one byte less fits */
	clear_sent(&A);
	engine_clear_counters(A.e);
	len = host_udp(f, &A, HB, 53, GCM_TUNNEL_MTU - 28, IP_DF);
	input(&A, P_LAN, f, len, NULL);
	s = only_sent(&A, P_WAN);
	CU_ASSERT_EQUAL(s->len, ETH_HLEN_ + 1500);
	CU_ASSERT_EQUAL(all_drops(&A), 0);
	teardown();
}

/* DF clear and too big: fragments before encryption, each its own ESP
 * packet; B forwards the fragments, which make up the packet. */
static void
test_fragmented_before_encryption(void)
{
	struct opts o = { 0 };
	uint8_t f[FRAME_MAX], whole[FRAME_MAX];
	size_t len, i, got = 0, hl;
	const struct ip_hdr *ip;
	const struct sent *s;
	uint16_t off;

	setup_with(&o);
	len = host_udp(f, &A, HB, 53, 3000, 0);
	input(&A, P_LAN, f, len, NULL);
	CU_ASSERT_EQUAL(A.nsent, 3);
	for (i = 0; i < A.nsent; i++)
		CU_ASSERT(A.sent[i].len <= ETH_HLEN_ + 1500);
	CU_ASSERT_EQUAL(carry(&A, &B), 3);
	CU_ASSERT_EQUAL_FATAL(B.nsent, 3);
	memset(whole, 0, sizeof(whole));
	for (i = 0; i < B.nsent; i++) {
		s = &B.sent[i];
		ip = ip_of(s);
		hl = ip_hlen(ip);
		CU_ASSERT_EQUAL(s->port, P_LAN);
		CU_ASSERT(s->len - ETH_HLEN_ <= GCM_TUNNEL_MTU);
		CU_ASSERT_EQUAL(pkt_cksum(ip, hl), 0);
		off = ntohs(ip->off);
		CU_ASSERT_EQUAL((off & IP_MF) != 0, i < 2);
		memcpy(whole + (off & IP_OFFMASK) * 8, (const uint8_t *)ip + hl, ntohs(ip->len) - hl);
		got += ntohs(ip->len) - hl;
	}
	CU_ASSERT_EQUAL(got, len - ETH_HLEN_ - 20);
	CU_ASSERT_EQUAL(memcmp(whole, f + ETH_HLEN_ + 20, got), 0);
	CU_ASSERT_EQUAL(engine_stats(A.e)->fragments, 3);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 0);
	teardown();
}

/* A TCP packet from HA to HB (th: its header with options), payload n. */
static size_t
host_tcp(uint8_t *f, const uint8_t *th, size_t thlen, size_t n, uint16_t ipoff)
{
	static uint8_t l4[FRAME_MAX];

	memcpy(l4, th, thlen);
	fill(l4 + thlen, n, 7);
	put_eth(f, A.mac[P_LAN], ha_mac);
	return ip_packet(f, HA, HB, IPPROTO_TCP_, ipoff, l4, thlen + n);
}

static bool
tcp_checksum_ok(const struct ip_hdr *ip)
{
	size_t hl = ip_hlen(ip), n = ntohs(ip->len) - hl;
	uint32_t sum = pkt_sum(&ip->src, 8, 0);

	sum += htons(IPPROTO_TCP_) + htons((uint16_t)n);
	return (uint16_t)~pkt_sum((const uint8_t *)ip + hl, n, sum) == 0;
}

static void
test_mss_clamped(void)
{
	/* SYN, data offset 6: MSS 1460 */
	static const uint8_t syn[24] = { 0x13, 0x88, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
		0x60, 0x02, 0xff, 0xff, 0, 0, 0, 0, 2, 4, 0x05, 0xb4 };
	struct opts o = { 0 };
	uint8_t f[FRAME_MAX];
	const struct sent *s;
	const uint8_t *tcp;
	size_t len;

	setup_with(&o);
	len = host_tcp(f, syn, sizeof(syn), 0, IP_DF);
	input(&A, P_LAN, f, len, NULL);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	s = only_sent(&B, P_LAN);
	tcp = s->bytes + ETH_HLEN_ + 20;
	CU_ASSERT_EQUAL(tcp[22] << 8 | tcp[23], GCM_TUNNEL_MTU - 40);
	CU_ASSERT_TRUE(tcp_checksum_ok(ip_of(s)));
	teardown();
}

/* A TSO frame of n bytes from HA with gso_size 1448 (f, its offload
 * header in off). */
static size_t
tso_from_ha(uint8_t *f, size_t n, struct pkt_offload *off)
{
	static const uint8_t th[20] = { 0x13, 0x88, 0x00, 0x50, 0x10, 0, 0, 0, 0, 0, 0, 9,
		0x50, 0x99, 0xff, 0xff, 0, 0, 0, 0 };	/* CWR|ACK|PSH|FIN */

	memset(off, 0, sizeof(*off));
	off->flags = PKT_NEEDS_CSUM;
	off->gso_type = PKT_GSO_TCPV4;
	off->gso_size = 1448;
	off->hdr_len = ETH_HLEN_ + 40;
	off->csum_start = ETH_HLEN_ + 20;
	off->csum_offset = 16;
	return host_tcp(f, th, sizeof(th), n, IP_DF);
}

/* B delivered the n bytes of the TSO frame f in segments that fit the
 * tunnel (mss bytes of data each), whole and in order. */
static void
assert_segments(const uint8_t *f, size_t n, size_t mss)
{
	size_t i, nseg = (n + mss - 1) / mss, data, got = 0;
	static uint8_t whole[FRAME_MAX];
	const struct ip_hdr *ip;
	const uint8_t *tcp;
	uint32_t seq;

	CU_ASSERT_EQUAL_FATAL(B.nsent, nseg);
	for (i = 0; i < nseg; i++) {
		ip = ip_of(&B.sent[i]);
		tcp = (const uint8_t *)ip + 20;
		data = ntohs(ip->len) - 40;
		CU_ASSERT_EQUAL(data, i + 1 < nseg ? mss : n - mss * (nseg - 1));
		CU_ASSERT_EQUAL(ntohs(ip->id), 0x1234 + i);
		CU_ASSERT_EQUAL(ntohs(ip->off), IP_DF);
		CU_ASSERT_EQUAL(pkt_cksum(ip, 20), 0);
		CU_ASSERT_TRUE(tcp_checksum_ok(ip));
		seq = (uint32_t)tcp[4] << 24 | tcp[5] << 16 | tcp[6] << 8 | tcp[7];
		CU_ASSERT_EQUAL(seq, 0x10000000u + got);
		/* CWR on the first only, PSH and FIN on the last only; ACK on all */
		CU_ASSERT_EQUAL(tcp[13], (i == 0 ? 0x80 : 0) | 0x10 | (i + 1 == nseg ? 0x09 : 0));
		CU_ASSERT_EQUAL(B.sent[i].off.gso_type, PKT_GSO_NONE);
		memcpy(whole + got, tcp + 20, data);
		got += data;
	}
	CU_ASSERT_EQUAL(got, n);
	CU_ASSERT_EQUAL(memcmp(whole, f + ETH_HLEN_ + 40, n), 0);
}

/* A TSO frame of 20,000 bytes from HA: cut into segments that fit the
 * tunnel, each encrypted; B delivers them whole and in order. */
static void
test_tso_segmented(void)
{
	struct opts o = { 0 };
	struct pkt_offload off;
	uint8_t f[FRAME_MAX];
	size_t len, n = 20000, nseg = (n + 1405) / 1406;

	setup_with(&o);
	len = tso_from_ha(f, n, &off);
	input(&A, P_LAN, f, len, &off);
	CU_ASSERT_EQUAL(A.nsent, nseg);
	CU_ASSERT_EQUAL(carry(&A, &B), nseg);
	assert_segments(f, n, GCM_TUNNEL_MTU - 40);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 0);
	CU_ASSERT_EQUAL(engine_stats(A.e)->forwarded, 1);
	teardown();
}

/* B delivered the n bytes of the TSO frame f cut into segments of mss
 * bytes and joined again: the first (CWR) and the last (PSH, FIN) alone,
 * those between (ACK only) as one offloaded TCP frame whose checksum,
 * once completed, sums right over the whole. */
static void
assert_joined(const uint8_t *f, size_t n, size_t mss)
{
	size_t i, nseg = (n + mss - 1) / mss, data, got = 0;
	static uint8_t whole[FRAME_MAX];
	struct pkt_offload o;
	struct ip_hdr *ip;
	const uint8_t *tcp;
	uint32_t seq;

	CU_ASSERT_EQUAL_FATAL(B.nsent, 3);
	for (i = 0; i < 3; i++) {
		ip = (struct ip_hdr *)(void *)(B.sent[i].bytes + ETH_HLEN_);
		tcp = (const uint8_t *)ip + 20;
		data = ntohs(ip->len) - 40;
		CU_ASSERT_EQUAL(ntohs(ip->len), B.sent[i].len - ETH_HLEN_);
		CU_ASSERT_EQUAL(pkt_cksum(ip, 20), 0);
		o = B.sent[i].off;
		if (i == 1) {
			CU_ASSERT_EQUAL(o.gso_type, PKT_GSO_TCPV4);
			CU_ASSERT_EQUAL(o.flags, PKT_NEEDS_CSUM);
			CU_ASSERT_EQUAL(o.gso_size, mss);
			CU_ASSERT_EQUAL(o.hdr_len, ETH_HLEN_ + 40);
			CU_ASSERT_EQUAL(o.csum_start, ETH_HLEN_ + 20);
			CU_ASSERT_EQUAL(o.csum_offset, 16);
			CU_ASSERT_EQUAL(data, mss * (nseg - 2));
			CU_ASSERT_TRUE(pkt_finish_csum(B.sent[i].bytes, B.sent[i].len, &o));
		} else {
			CU_ASSERT_EQUAL(o.gso_type, PKT_GSO_NONE);
			CU_ASSERT_EQUAL(o.flags, 0);
			CU_ASSERT_EQUAL(data, i == 0 ? mss : n - mss * (nseg - 1));
		}
		CU_ASSERT_TRUE(tcp_checksum_ok(ip));
		seq = (uint32_t)tcp[4] << 24 | tcp[5] << 16 | tcp[6] << 8 | tcp[7];
		CU_ASSERT_EQUAL(seq, 0x10000000u + got);
		CU_ASSERT_EQUAL(tcp[13], i == 0 ? 0x90 : i == 1 ? 0x10 : 0x19);
		memcpy(whole + got, tcp + 20, data);
		got += data;
	}
	CU_ASSERT_EQUAL(got, n);
	CU_ASSERT_EQUAL(memcmp(whole, f + ETH_HLEN_ + 40, n), 0);
}

/* The ESP of datagram i of a USO frame (head: its headers' bytes, gso:
 * its gso_size) is SA AB's with sequence number i + 1. */
static void
assert_esp_at(const struct sent *s, size_t head, size_t gso, size_t i)
{
	const uint8_t *esp = s->bytes + head + i * gso;

	CU_ASSERT_EQUAL((uint32_t)esp[0] << 24 | esp[1] << 16 | esp[2] << 8 | esp[3], SPI_AB);
	CU_ASSERT_EQUAL((uint32_t)esp[4] << 24 | esp[5] << 16 | esp[6] << 8 | esp[7], i + 1);
}

/* With UDP segmentation offload on the ports, the ESP in UDP of a TSO
 * frame's segments leaves as one frame of GSO_UDP_L4: the outer headers
 * of the whole, gso_size one full segment's ESP, the UDP checksum pending
 * (the pseudo-header sum); B cuts it into its datagrams, decrypts each
 * and joins the segments that may join. */
static void
test_tso_uso(void)
{
	struct opts o = { .udp = true };
	size_t len, n = 20000, mss = GCM_UDP_TUNNEL_MTU - 40, nseg = (n + mss - 1) / mss;
	size_t gso, head = ETH_HLEN_ + 28, i;
	const uint8_t *udp;
	struct pkt_offload off;
	uint8_t f[FRAME_MAX];
	const struct sent *s;
	uint16_t v;

	setup_with(&o);
	engine_set_uso(A.e, true);
	engine_set_uso(B.e, true);
	len = tso_from_ha(f, n, &off);
	input(&A, P_LAN, f, len, &off);
	s = only_sent(&A, P_WAN);
	gso = esp_outer_len(A.sa_out, GCM_UDP_TUNNEL_MTU) - 28;
	CU_ASSERT_EQUAL(s->off.gso_type, PKT_GSO_UDP_L4);
	CU_ASSERT_EQUAL(s->off.flags, PKT_NEEDS_CSUM);
	CU_ASSERT_EQUAL(s->off.gso_size, gso);
	CU_ASSERT_EQUAL(s->off.hdr_len, head);
	CU_ASSERT_EQUAL(s->off.csum_start, ETH_HLEN_ + 20);
	CU_ASSERT_EQUAL(s->off.csum_offset, 6);
	CU_ASSERT_EQUAL(s->len, head + (nseg - 1) * gso +
	    esp_outer_len(A.sa_out, 40 + n - mss * (nseg - 1)) - 28);
	CU_ASSERT_EQUAL(ip_of(s)->proto, IPPROTO_UDP_);
	udp = s->bytes + ETH_HLEN_ + 20;
	CU_ASSERT_EQUAL(udp[0] << 8 | udp[1], 4500);
	CU_ASSERT_EQUAL(udp[2] << 8 | udp[3], 4500);
	CU_ASSERT_EQUAL((size_t)(udp[4] << 8 | udp[5]), s->len - ETH_HLEN_ - 20);
	memcpy(&v, udp + 6, 2);
	CU_ASSERT_EQUAL(v, pkt_l4_pseudo(ip_of(s), s->len - ETH_HLEN_ - 20));
	for (i = 0; i < nseg; i++)
		assert_esp_at(s, head, gso, i);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	assert_joined(f, n, mss);
	CU_ASSERT_EQUAL(engine_port_counters(B.e, P_WAN)->rx_packets, nseg);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 0);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->packets, nseg);
	teardown();
}

/* The datagrams of a run are sealed in place, each over the end of the
 * one before: one that fails (the SA spent after three) leaves those
 * before it whole, and B opens each. */
static void
test_uso_run_cut_short(void)
{
	struct opts o = { .udp = true };
	size_t n = 20000, mss = GCM_UDP_TUNNEL_MTU - 40, nseg = (n + mss - 1) / mss;
	size_t gso, head = ETH_HLEN_ + 28, len, i;
	struct pkt_offload off;
	uint8_t f[FRAME_MAX];
	const struct sent *s;

	setup_with(&o);
	engine_set_uso(A.e, true);
	engine_set_uso(B.e, true);
	A.sa_out->hard.packets = 3;
	len = tso_from_ha(f, n, &off);
	input(&A, P_LAN, f, len, &off);
	s = only_sent(&A, P_WAN);
	gso = esp_outer_len(A.sa_out, GCM_UDP_TUNNEL_MTU) - 28;
	CU_ASSERT_EQUAL(s->off.gso_type, PKT_GSO_UDP_L4);
	CU_ASSERT_EQUAL(s->len, head + 3 * gso);
	for (i = 0; i < 3; i++)
		assert_esp_at(s, head, gso, i);
	assert_only_drops(&A, DROP_ESP_EXPIRED, nseg - 3);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	CU_ASSERT_EQUAL(sa_of(&B, SPI_AB)->packets, 3);
	CU_ASSERT_EQUAL(all_drops(&B), 0);
	teardown();
}

/* A frame of GSO_UDP_L4 whose offload header does not match it is
 * dropped whole; one from the LAN is cut into datagrams, each with its
 * checksum whole once it left through the tunnel. */
static void
test_uso_input(void)
{
	struct opts o = { .udp = true };
	struct pkt_offload off = { .flags = PKT_NEEDS_CSUM, .gso_type = PKT_GSO_UDP_L4,
		.gso_size = 500, .hdr_len = ETH_HLEN_ + 28, .csum_start = ETH_HLEN_ + 20,
		.csum_offset = 6 };
	uint8_t f[FRAME_MAX];
	struct ip_hdr *ip;
	const struct ip_hdr *got;
	size_t len, i;
	uint16_t v;

	setup_with(&o);
	/* 1,300 bytes: datagrams of 500, 500 and 300 */
	len = host_udp(f, &A, HB, 53, 1300, 0);
	ip = (struct ip_hdr *)(void *)(f + ETH_HLEN_);
	ip->id = htons(0x4000);
	ip->sum = 0;
	ip->sum = pkt_cksum(ip, 20);
	v = pkt_l4_pseudo(ip, 1308);
	memcpy(f + ETH_HLEN_ + 26, &v, 2);
	off.csum_offset = 4;
	input(&A, P_LAN, f, len, &off);
	assert_only_drops(&A, DROP_BAD_OFFLOAD, 1);
	CU_ASSERT_EQUAL(A.nsent, 0);
	off.csum_offset = 6;
	input(&A, P_LAN, f, len, &off);
	CU_ASSERT_EQUAL(carry(&A, &B), 3);
	CU_ASSERT_EQUAL_FATAL(B.nsent, 3);
	for (i = 0; i < 3; i++) {
		got = ip_of(&B.sent[i]);
		CU_ASSERT_EQUAL(ntohs(got->len), 28 + (i < 2 ? 500 : 300));
		CU_ASSERT_EQUAL(ntohs(got->id), 0x4000 + i);
		CU_ASSERT_EQUAL(pkt_cksum(got, 20), 0);
		CU_ASSERT_EQUAL(pkt_l4_cksum(got, (const uint8_t *)got + 20, ntohs(got->len) - 20), 0);
		CU_ASSERT_EQUAL(memcmp((const uint8_t *)got + 28, f + ETH_HLEN_ + 28 + 500 * i,
		    i < 2 ? 500 : 300), 0);
	}
	CU_ASSERT_EQUAL(engine_port_counters(A.e, P_LAN)->rx_packets, 4);
	teardown();
}

/* ---- 5. UDP port 4500 ---- */

static void
test_natt_keepalive_and_ike(void)
{
	static struct ike_dgram dg;
	struct opts o = { .udp = true };
	uint8_t f[FRAME_MAX], l4[64];
	uint16_t h[4] = { htons(4500), htons(4500), htons(9), 0 };
	size_t len;

	setup_with(&o);
	memcpy(l4, h, 8);
	l4[8] = 0xff;
	len = to_router(f, &B, IPPROTO_UDP_, l4, 9, 0);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(B.nsent, 0);
	assert_only_drops(&B, DROP_NATT_KEEPALIVE, 1);
	/* the non-ESP marker: IKE, for the control plane's queue */
	h[2] = htons(8 + 32);
	memcpy(l4, h, 8);
	memset(l4 + 8, 0, 4);
	fill(l4 + 12, 28, 1);
	len = to_router(f, &B, IPPROTO_UDP_, l4, 40, 0);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(B.nsent, 0);
	CU_ASSERT_TRUE(ike_queue_get(engine_ike_queue(B.e), &dg));
	CU_ASSERT_EQUAL(dg.len, 28);
	CU_ASSERT_EQUAL(memcmp(dg.data, l4 + 12, 28), 0);
	/* a UDP length past the packet */
	h[2] = htons(200);
	memcpy(l4, h, 8);
	len = to_router(f, &B, IPPROTO_UDP_, l4, 40, 0);
	input(&B, P_WAN, f, len, NULL);
	CU_ASSERT_EQUAL(drops(&B, DROP_ESP_TRUNCATED), 1);
	CU_ASSERT_EQUAL(all_drops(&B), 2);
	teardown();
}

/* The gateways' own IKE leaves in clear though a protect policy covers
 * the peer (RFC 4301 §5), and the peer takes it in clear though the
 * mirror image of that policy says protected: each way, on 500 and on
 * 4500 (with the marker), and a NAT-T keepalive. The SPD counts none. */
static void
test_ike_bypasses_spd(void)
{
	static struct ike_dgram dg, got;
	struct spd_seen seen;
	struct gw *from, *to;
	int pass;

	setup_full_tunnel();
	for (pass = 0; pass < 4; pass++) {
		from = pass % 2 == 0 ? &A : &B;
		to = from == &A ? &B : &A;
		memset(&dg, 0, sizeof(dg));
		dg.src = from->wan;
		dg.dst = to->wan;
		dg.sport = dg.dport = pass < 2 ? 500 : ESP_NATT_PORT;
		dg.len = 200;
		fill(dg.data, dg.len, (unsigned)pass);
		CU_ASSERT_EQUAL(engine_ike_send(from->e, &dg), 0);
		CU_ASSERT_EQUAL_FATAL(from->nsent, 1);
		CU_ASSERT_EQUAL(ip_of(&from->sent[0])->proto, IPPROTO_UDP_);
		CU_ASSERT_EQUAL(memcmp(from->sent[0].bytes, to->mac[P_WAN], 6), 0);
		CU_ASSERT_EQUAL(carry(from, to), 1);
		CU_ASSERT_TRUE_FATAL(ike_queue_get(engine_ike_queue(to->e), &got));
		CU_ASSERT_EQUAL(got.src, dg.src);
		CU_ASSERT_EQUAL(got.natt, pass >= 2);
		CU_ASSERT_EQUAL_FATAL(got.len, dg.len);
		CU_ASSERT_EQUAL(memcmp(got.data, dg.data, dg.len), 0);
	}
	CU_ASSERT_EQUAL(engine_ike_keepalive(A.e, A_WAN, B_WAN, ESP_NATT_PORT), 0);
	CU_ASSERT_EQUAL_FATAL(A.nsent, 1);
	CU_ASSERT_EQUAL(ip_of(&A.sent[0])->proto, IPPROTO_UDP_);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	CU_ASSERT_EQUAL(drops(&B, DROP_NATT_KEEPALIVE), 1);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 1);
	spd_seen(&A, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.n, 2);
	CU_ASSERT_EQUAL(seen.hits[0] + seen.hits[1], 0);
	teardown();
}

/* ---- 6. the router itself through the tunnel ---- */

static void
test_ping_router_through_tunnel(void)
{
	struct opts o = { 0 };
	uint8_t f[FRAME_MAX], l4[64];
	struct icmp_hdr ic = { ICMP_ECHO, 0, 0, htons(7), htons(1) };
	const struct sent *s;
	size_t len;

	setup_with(&o);
	memcpy(l4, &ic, sizeof(ic));
	fill(l4 + 8, 32, 3);
	ic.sum = pkt_cksum(l4, 40);
	memcpy(l4 + 2, &ic.sum, 2);
	put_eth(f, A.mac[P_LAN], ha_mac);
	len = ip_packet(f, HA, B_LAN, IPPROTO_ICMP_, 0, l4, 40);
	input(&A, P_LAN, f, len, NULL);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	/* B answers, and its answer goes back through the tunnel */
	CU_ASSERT_EQUAL(engine_stats(B.e)->echo_replies, 1);
	CU_ASSERT_EQUAL(carry(&B, &A), 1);
	s = only_sent(&A, P_LAN);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->src), B_LAN);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->dst), HA);
	CU_ASSERT_EQUAL(s->bytes[ETH_HLEN_ + 20], ICMP_ECHOREPLY);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 0);
	teardown();
}

/* ---- 7. SSL-VPN users into a tunnel ---- */

/* A's ssl-vpn pool is one of t1's local networks (B's remote ones): a
 * user's packet from A's virtual port goes into the tunnel, B delivers it
 * to HB, and HB's answer comes back out of A's virtual port. */
static void
test_vport_into_tunnel(void)
{
	const uint32_t pool = 0x0a630000u, user = 0x0a630005u;	/* 10.99.0.0/24 */
	struct opts o = { 0 };
	struct cfg_sslvpn *v;
	struct cfg_tunnel *t;
	const struct sent *s;
	uint8_t f[FRAME_MAX], l4[64];
	size_t len;

	configure(&o);
	v = config_sslvpn_get(A.cfg);
	v->has_listen = true;
	v->listen = A_WAN;
	v->has_pool = true;
	v->pool = pool;
	v->pool_plen = 24;
	t = config_tunnel_get(A.cfg, "t1");
	t->local_net[t->nlocal++] = (struct cfg_prefix){ pool, 24 };
	t = config_tunnel_get(B.cfg, "t1");
	t->remote_net[t->nremote++] = (struct cfg_prefix){ pool, 24 };
	start(&o);
	fill(l4, sizeof(l4), 7);
	len = ip_packet(f, user, HB, IPPROTO_UDP_, 0, l4, sizeof(l4));
	input(&A, SNAP_PORT_VPORT, f, len, NULL);
	s = only_sent(&A, P_WAN);
	CU_ASSERT_EQUAL(ip_of(s)->proto, 50);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->dst), B_WAN);
	CU_ASSERT_EQUAL(carry(&A, &B), 1);
	s = only_sent(&B, P_LAN);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->src), user);
	CU_ASSERT_EQUAL(ntohl(ip_of(s)->dst), HB);
	CU_ASSERT_EQUAL(ip_of(s)->ttl, 62);
	CU_ASSERT_EQUAL(memcmp(s->bytes + ETH_HLEN_ + 20, l4, sizeof(l4)), 0);
	answer_from_hb(user, SNAP_PORT_VPORT);
	CU_ASSERT_EQUAL(all_drops(&A) + all_drops(&B), 0);
	teardown();
}

static CU_TestInfo tests[] = {
	{ "HA to HB and back through A and B (AES-GCM, raw ESP)", test_round_trip_gcm },
	{ "SPD hits by entry, kept across commits, cleared", test_spd_hits },
	{ "the same in UDP 4500 and with CBC+HMAC", test_round_trip_udp_cbc },
	{ "a route-based tunnel carries the same", test_route_based },
	{ "replays, forged ICVs, unknown SPIs, runts: dropped by reason", test_replay_icv_spi },
	{ "outside the selectors: the SA's drop, not its traffic", test_selectors },
	{ "hard lifetimes", test_expired },
	{ "outer ESP fragments: scapy's, in any order, reassembled", test_frag_reassembled },
	{ "outer fragments the kernel keeps; a first alone times out", test_frag_kernel },
	{ "overlaps (RFC 5722), bad lengths, timeouts: refused whole", test_frag_refused },
	{ "reassembly bounds: datagrams, bytes, fragments", test_frag_limits },
	{ "cleartext the SPD protects is refused", test_cleartext_refused },
	{ "SPD discard, bypass and protect over the FIB", test_spd_over_routes },
	{ "a full tunnel protects, and refuses nothing as cleartext", test_full_tunnel },
	{ "a tunnel route: up, down (next best), SA gone", test_tunnel_route_fallback },
	{ "no route to the peer outside a tunnel", test_peer_unrouted },
	{ "DF and too big for the tunnel: ICMP with the tunnel MTU", test_icmp_frag_needed },
	{ "DF clear and too big: fragmented, then encrypted", test_fragmented_before_encryption },
	{ "TCP SYN MSS clamped to the tunnel MTU - 40", test_mss_clamped },
	{ "TSO frames cut into segments that fit, each encrypted", test_tso_segmented },
	{ "their ESP in UDP leaves as one GSO_UDP_L4 frame, cut and joined by B", test_tso_uso },
	{ "a run of ESP in UDP cut short by a spent SA: the rest whole", test_uso_run_cut_short },
	{ "GSO_UDP_L4 input: checked, cut into datagrams", test_uso_input },
	{ "UDP 4500: keepalives dropped, IKE queued", test_natt_keepalive_and_ike },
	{ "the gateways' IKE passes a protect-any policy in clear", test_ike_bypasses_spd },
	{ "a ping to the far gateway through the tunnel", test_ping_router_through_tunnel },
	{ "SSL-VPN users' packets into a tunnel and back", test_vport_into_tunnel },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ipsec_engine"
#include "cunit_main.h"
