/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the router's IKE datagrams in the engine (ike_io.c,
 * ike_queue.c): what reaches the control plane's queue and what does
 * not (ESP, keepalives, other addresses, bad checksums and lengths,
 * fragments, oversize, a full queue), when the consumer is to be woken,
 * and the frames a send makes, compared byte by byte with frames built
 * here. The checksums of those frames are computed by this file's own
 * RFC 1071 sum (byte-wise, big-endian), itself checked against a packet
 * scapy built. Then the queue between two threads, as the worker and the
 * control thread use it.
 *
 *   lan0 (port 0) 192.168.1.1/24
 *   wan0 (port 1) 198.51.100.1/24   PEER 198.51.100.10, GW 198.51.100.254
 *   10.10.0.0/16 via GW; nothing else.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "engine/engine.h"
#include "engine/ike_queue.h"
#include "engine/pkt.h"
#include "engine/snapshot.h"
#include "route/rib.h"
#include "route_builder.h"

#define P_LAN		0u
#define P_WAN		1u
#define LAN_ADDR	0xc0a80101u	/* 192.168.1.1 */
#define WAN_ADDR	0xc6336401u	/* 198.51.100.1 */
#define PEER		0xc633640au	/* 198.51.100.10 */
#define GW		0xc63364feu	/* 198.51.100.254 */
#define FAR_PEER	0x0a0a0101u	/* 10.10.1.1, via GW */
#define UNROUTED	0xac100001u	/* 172.16.0.1 */
#define T0		1000000u
#define BIG		(IKE_DGRAM_MAX + 200)	/* payload room for oversize */
#define FRAME_ROOM	(ETH_HLEN_ + 20 + 8 + 4 + BIG)
#define NSENT		8

static const uint8_t mac_of[2][6] = {
	{ 0x02, 0, 0, 0, 0, 0x01 }, { 0x02, 0, 0, 0, 0, 0x02 },
};
static const uint8_t peer_mac[6] = { 0x02, 0xaa, 0, 0, 0, 0x0a };
static const uint8_t gw_mac[6] = { 0x02, 0xbb, 0, 0, 0, 0xfe };
static const uint8_t punt_mac[6] = { 0x02, 0xcc, 0, 0, 0, 0x01 };

/* The router, and the frames it sent (the first NSENT; n counts all). */
static struct {
	struct config	*cfg;
	struct rib	*rib;
	struct snapshot	*snap;
	struct engine	*e;
	size_t		 n;
	unsigned	 port[NSENT];
	size_t		 len[NSENT];
	uint8_t		 frame[NSENT][FRAME_ROOM];
} R;

static bool
keep_tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	(void)arg;
	(void)off;
	if (R.n < NSENT && len <= FRAME_ROOM) {
		R.port[R.n] = port;
		R.len[R.n] = len;
		memcpy(R.frame[R.n], frame, len);
	}
	R.n++;
	return true;
}

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "lan0") == 0 ? (int)P_LAN : (int)P_WAN;
}

static void
setup(void)
{
	static const char *const names[2] = { "lan0", "wan0" };
	static const uint32_t addrs[2] = { LAN_ADDR, WAN_ADDR };
	struct cfg_interface *i;
	struct cfg_route r;
	unsigned p;

	memset(&R, 0, sizeof(R));
	R.cfg = config_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.cfg);
	for (p = 0; p < 2; p++) {
		i = config_interface_get(R.cfg, names[p]);
		i->has_addr = true;
		i->addr = addrs[p];
		i->plen = 24;
		i->mtu = 1500;
	}
	r = make_route(0x0a0a0000, 16, NH_ADDRESS, GW, NULL, CFG_DEFAULT_PRIORITY);
	config_route_set(R.cfg, &r);
	R.rib = rib_build(R.cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.rib);
	R.snap = snapshot_build(R.cfg, R.rib, slot_of, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.snap);
	for (p = 0; p < 2; p++)
		memcpy(R.snap->port[p].mac, mac_of[p], 6);
	R.e = engine_new(keep_tx, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.e);
	engine_install(R.e, R.snap, T0);
	engine_set_punt(R.e, punt_mac);
	engine_clear_counters(R.e);
	R.n = 0;	/* the gratuitous ARPs */
}

static void
teardown(void)
{
	engine_free(R.e);
	snapshot_free(R.snap);
	rib_free(R.rib);
	config_free(R.cfg);
}

static uint64_t
drops(enum engine_drop why)
{
	return engine_stats(R.e)->drops[why];
}

/* No drop but n of this reason (DROP_COUNT, n 0: none at all). */
static void
assert_drops(enum engine_drop why, uint64_t n)
{
	uint64_t all = 0;
	unsigned d;

	for (d = 0; d < DROP_COUNT; d++)
		all += drops((enum engine_drop)d);
	CU_ASSERT_EQUAL(all, n);
	if (why != DROP_COUNT)
		CU_ASSERT_EQUAL(drops(why), n);
}

static struct ike_queue *
queue(void)
{
	return engine_ike_queue(R.e);
}

/* How many datagrams wait (taking them all). */
static size_t
drain(void)
{
	static struct ike_dgram d;
	size_t n = 0;

	while (ike_queue_get(queue(), &d))
		n++;
	return n;
}

/* ---- the oracle: RFC 1071 over bytes as they are on the wire ---- */

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	size_t i;

	for (i = 0; i < n; i++)
		acc += i % 2 == 0 ? (uint32_t)p[i] << 8 : p[i];
	return acc;
}

static uint16_t
fold(uint32_t acc)
{
	while (acc > 0xffff)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* The UDP checksum of the segment (its checksum field zero) from src to
 * dst, as RFC 768 sends it (0 becomes 0xffff). */
static uint16_t
udp_sum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t n)
{
	uint8_t pseudo[12] = { 0 };
	uint16_t s;

	put32(pseudo, src);
	put32(pseudo + 4, dst);
	pseudo[9] = 17;
	put16(pseudo + 10, (uint16_t)n);
	s = fold(sum16(udp, n, sum16(pseudo, 12, 0)));
	return s == 0 ? 0xffff : s;
}

/* The oracle against scapy's IP(src="198.51.100.10", dst="198.51.100.1",
 * id=0x1234)/UDP(sport=500, dport=500)/Raw(bytes(range(37))): header
 * checksum 0x1406, UDP checksum 0x4ff4 (an odd length, too). */
static void
test_oracle(void)
{
	uint8_t ip[20] = { 0x45, 0, 0, 0x41, 0x12, 0x34, 0, 0, 64, 17 }, udp[45] = { 0 };
	size_t i;

	put32(ip + 12, PEER);
	put32(ip + 16, WAN_ADDR);
	CU_ASSERT_EQUAL(fold(sum16(ip, 20, 0)), 0x1406);
	put16(udp, 500);
	put16(udp + 2, 500);
	put16(udp + 4, 45);
	for (i = 0; i < 37; i++)
		udp[8 + i] = (uint8_t)i;
	CU_ASSERT_EQUAL(udp_sum(PEER, WAN_ADDR, udp, 45), 0x4ff4);
}

/* ---- frames ---- */

enum csum { CSUM_GOOD, CSUM_NONE, CSUM_BAD };

/* A UDP/IPv4 datagram: its addresses, marker, payload and IP details. */
struct dg {
	uint32_t	 src, dst;
	uint16_t	 sport, dport;
	bool		 marker;	/* the non-ESP marker before the payload */
	const uint8_t	*payload;
	size_t		 n;
	uint16_t	 id, off;	/* IP identification, flags and offset */
	enum csum	 csum;
	int		 ulen_delta;	/* added to the right UDP length */
};

static struct dg
dg(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const uint8_t *p,
    size_t n)
{
	return (struct dg){ .src = src, .dst = dst, .sport = sport, .dport = dport,
	    .marker = sport == IKE_NATT_PORT || dport == IKE_NATT_PORT,
	    .payload = p, .n = n, .id = 0x4242 };
}

/* The frame of d from smac to dmac, TTL 64; its length. */
static size_t
frame(uint8_t *f, const uint8_t dmac[6], const uint8_t smac[6], const struct dg *d)
{
	size_t skip = d->marker ? 4 : 0, ulen = 8 + skip + d->n;
	uint8_t *ip = f + ETH_HLEN_, *udp = ip + 20;

	CU_ASSERT_FATAL(ETH_HLEN_ + 20 + ulen <= FRAME_ROOM);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, ETHTYPE_IPV4);
	memset(ip, 0, 20 + 8 + skip);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + ulen));
	put16(ip + 4, d->id);
	put16(ip + 6, d->off);
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, d->src);
	put32(ip + 16, d->dst);
	put16(ip + 10, fold(sum16(ip, 20, 0)));
	put16(udp, d->sport);
	put16(udp + 2, d->dport);
	put16(udp + 4, (uint16_t)((int)ulen + d->ulen_delta));
	memcpy(udp + 8 + skip, d->payload, d->n);
	if (d->csum != CSUM_NONE)
		put16(udp + 6, (uint16_t)(udp_sum(d->src, d->dst, udp, ulen) ^
		    (d->csum == CSUM_BAD ? 0x0100 : 0)));
	return ETH_HLEN_ + 20 + ulen;
}

/* d arrives from PEER's MAC on port (a copy: the engine may change it). */
static void
arrive_off(unsigned port, const struct dg *d, const struct pkt_offload *off)
{
	static uint8_t f[FRAME_ROOM];

	engine_input(R.e, port, f, frame(f, mac_of[port], peer_mac, d), off, T0);
}

static void
arrive(unsigned port, const struct dg *d)
{
	arrive_off(port, d, NULL);
}

static uint8_t pay[BIG];

static void
fill(size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		pay[i] = (uint8_t)(i * 13 + seed);
}

/* The one datagram waiting is d (without its marker), received on 4500
 * when d's destination port is. */
static void
assert_queued(const struct dg *d)
{
	static struct ike_dgram got;

	CU_ASSERT_TRUE_FATAL(ike_queue_get(queue(), &got));
	CU_ASSERT_EQUAL(got.src, d->src);
	CU_ASSERT_EQUAL(got.dst, d->dst);
	CU_ASSERT_EQUAL(got.sport, d->sport);
	CU_ASSERT_EQUAL(got.dport, d->dport);
	CU_ASSERT_EQUAL(got.natt, d->dport == IKE_NATT_PORT);
	CU_ASSERT_EQUAL_FATAL(got.len, d->n);
	CU_ASSERT_EQUAL(memcmp(got.data, d->payload, d->n), 0);
	CU_ASSERT_FALSE(ike_queue_get(queue(), &got));
}

/* ---- 1. in ---- */

/* Port 500 whatever the source port; 4500 with the marker, queued
 * without it and marked as NAT-T; to any of the router's addresses, with
 * a checksum or none. */
static void
test_in_queued(void)
{
	static const struct {
		uint32_t	 dst;
		uint16_t	 sport, dport;
		enum csum	 csum;
	} in[] = {
		{ WAN_ADDR, 500, 500, CSUM_GOOD },
		{ LAN_ADDR, 500, 500, CSUM_NONE },	/* another interface's */
		{ WAN_ADDR, 4500, 500, CSUM_GOOD },	/* to 500: no marker */
		{ WAN_ADDR, 4500, 4500, CSUM_GOOD },
		{ LAN_ADDR, 34567, 4500, CSUM_NONE },	/* from a NAT's port */
	};
	struct dg d;
	unsigned i;

	setup();
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		fill(37 + i, i);
		d = dg(PEER, in[i].dst, in[i].sport, in[i].dport, pay, 37 + i);
		d.marker = in[i].dport == IKE_NATT_PORT;
		d.csum = in[i].csum;
		arrive(P_WAN, &d);
		assert_queued(&d);
	}
	CU_ASSERT_EQUAL(R.n, 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_received, i);
	CU_ASSERT_EQUAL(engine_stats(R.e)->punted, 0);
	assert_drops(DROP_COUNT, 0);
	teardown();
}

/* ESP in UDP, keepalives, other ports and other addresses: as before. */
static void
test_in_not_ike(void)
{
	static const uint8_t esp[24] = { 0, 0, 0x10, 0x01, 0, 0, 0, 1 };
	static const uint8_t keepalive[1] = { 0xff };
	struct dg d;

	setup();
	d = dg(PEER, WAN_ADDR, 4500, 4500, esp, sizeof(esp));
	d.marker = false;	/* ESP: an SPI where the marker would be */
	arrive(P_WAN, &d);
	assert_drops(DROP_ESP_UNKNOWN_SPI, 1);
	d = dg(PEER, WAN_ADDR, 4500, 4500, keepalive, 1);
	d.marker = false;
	d.csum = CSUM_NONE;
	arrive(P_WAN, &d);
	CU_ASSERT_EQUAL(drops(DROP_NATT_KEEPALIVE), 1);
	CU_ASSERT_EQUAL(R.n, 0);
	/* another port of the router: the kernel's */
	fill(40, 3);
	d = dg(PEER, WAN_ADDR, 500, 501, pay, 40);
	arrive(P_WAN, &d);
	CU_ASSERT_EQUAL_FATAL(R.n, 1);
	CU_ASSERT_EQUAL(R.port[0], ENGINE_PORT_PUNT);
	/* IKE between others: forwarded, TTL down by one */
	d = dg(PEER, FAR_PEER, 500, 500, pay, 40);
	arrive(P_WAN, &d);
	CU_ASSERT_EQUAL_FATAL(R.n, 2);	/* the ARP request for GW */
	CU_ASSERT_EQUAL(R.port[1], P_WAN);
	CU_ASSERT_EQUAL(R.frame[1][12] << 8 | R.frame[1][13], ETHTYPE_ARP);
	CU_ASSERT_EQUAL(engine_stats(R.e)->forwarded, 1);
	CU_ASSERT_EQUAL(drain(), 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_received, 0);
	teardown();
}

/* Bad checksums and UDP lengths, fragments, offloads: dropped, counted. */
static void
test_in_bad(void)
{
	struct pkt_offload off = { .flags = PKT_NEEDS_CSUM };
	struct dg d;

	setup();
	fill(80, 4);
	d = dg(PEER, WAN_ADDR, 500, 500, pay, 80);
	d.csum = CSUM_BAD;
	arrive(P_WAN, &d);
	assert_drops(DROP_IKE_CHECKSUM, 1);
	d = dg(PEER, WAN_ADDR, 4500, 4500, pay, 80);
	d.csum = CSUM_BAD;
	arrive(P_WAN, &d);
	assert_drops(DROP_IKE_CHECKSUM, 2);
	engine_clear_counters(R.e);
	d = dg(PEER, WAN_ADDR, 500, 500, pay, 80);
	d.ulen_delta = 1;	/* past the packet */
	arrive(P_WAN, &d);
	d.ulen_delta = -(int)(80 + 1);	/* shorter than a UDP header */
	arrive(P_WAN, &d);
	assert_drops(DROP_IKE_LENGTH, 2);
	engine_clear_counters(R.e);
	/* a first fragment, on either port: not reassembled */
	d = dg(PEER, WAN_ADDR, 500, 500, pay, 80);
	d.off = IP_MF;
	arrive(P_WAN, &d);
	d = dg(PEER, WAN_ADDR, 4500, 4500, pay, 80);
	d.off = IP_MF;
	arrive(P_WAN, &d);
	assert_drops(DROP_IKE_FRAGMENT, 2);
	/* a later one has no ports: the kernel's, as any for the router */
	d.off = 100;
	arrive(P_WAN, &d);
	CU_ASSERT_EQUAL(R.n, 1);
	CU_ASSERT_EQUAL(R.port[0], ENGINE_PORT_PUNT);
	engine_clear_counters(R.e);
	/* a checksum the sender's kernel left to the device: taken as is */
	d = dg(PEER, WAN_ADDR, 500, 500, pay, 80);
	d.csum = CSUM_BAD;
	arrive_off(P_WAN, &d, &off);
	assert_queued(&d);
	off.gso_type = PKT_GSO_TCPV4;
	arrive_off(P_WAN, &d, &off);
	assert_drops(DROP_BAD_OFFLOAD, 1);
	CU_ASSERT_EQUAL(drain(), 0);
	teardown();
}

/* Payloads up to IKE_DGRAM_MAX (the marker not counted) are queued. */
static void
test_in_sizes(void)
{
	static const uint16_t ports[2] = { 500, 4500 };
	struct dg d;
	unsigned i;

	setup();
	fill(IKE_DGRAM_MAX + 1, 5);
	for (i = 0; i < 2; i++) {
		d = dg(PEER, WAN_ADDR, ports[i], ports[i], pay, IKE_DGRAM_MAX);
		arrive(P_WAN, &d);
		assert_queued(&d);
		d.n++;
		arrive(P_WAN, &d);
		CU_ASSERT_EQUAL(drain(), 0);
	}
	assert_drops(DROP_IKE_OVERSIZE, 2);
	teardown();
}

/* A full queue drops, counted; order is kept; the consumer is to be
 * woken only when a datagram finds the queue drained. */
static void
test_queue_full_and_wakeup(void)
{
	static struct ike_dgram got;
	struct dg d;
	unsigned i;

	setup();
	CU_ASSERT_FALSE(ike_queue_take_wakeup(queue()));
	fill(16, 6);
	d = dg(PEER, WAN_ADDR, 500, 500, pay, 16);
	for (i = 0; i < IKE_QUEUE_SLOTS + 1; i++) {
		pay[0] = (uint8_t)i;
		arrive(P_WAN, &d);
		if (i == 0) {
			CU_ASSERT_TRUE(ike_queue_take_wakeup(queue()));
			CU_ASSERT_FALSE(ike_queue_take_wakeup(queue()));
		}
	}
	CU_ASSERT_FALSE(ike_queue_take_wakeup(queue()));
	assert_drops(DROP_IKE_QUEUE_FULL, 1);
	CU_ASSERT_TRUE_FATAL(ike_queue_get(queue(), &got));
	CU_ASSERT_EQUAL(got.data[0], 0);
	pay[0] = 0xee;
	arrive(P_WAN, &d);	/* room for one: not drained, no wake-up */
	assert_drops(DROP_IKE_QUEUE_FULL, 1);
	CU_ASSERT_FALSE(ike_queue_take_wakeup(queue()));
	for (i = 1; i < IKE_QUEUE_SLOTS; i++) {
		CU_ASSERT_TRUE_FATAL(ike_queue_get(queue(), &got));
		CU_ASSERT_EQUAL(got.data[0], (uint8_t)i);
	}
	CU_ASSERT_TRUE_FATAL(ike_queue_get(queue(), &got));
	CU_ASSERT_EQUAL(got.data[0], 0xee);
	CU_ASSERT_FALSE(ike_queue_get(queue(), &got));
	arrive(P_WAN, &d);	/* drained: wake up */
	CU_ASSERT_TRUE(ike_queue_take_wakeup(queue()));
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_received, IKE_QUEUE_SLOTS + 2);
	teardown();
}

/* ---- 2. out ---- */

/* An ARP message from a neighbour on wan0 (a reply to the router, or a
 * request for its address). */
static void
neighbour_arp(const uint8_t mac[6], uint32_t ip, uint16_t op)
{
	uint8_t f[ETH_MIN_FRAME] = { 0 };

	memcpy(f, op == ARP_OP_REPLY ? mac_of[P_WAN] : (const uint8_t *)"\xff\xff\xff\xff\xff\xff", 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, ETHTYPE_ARP);
	put16(f + 14, ARP_HW_ETHER);
	put16(f + 16, ETHTYPE_IPV4);
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, mac, 6);
	put32(f + 28, ip);
	if (op == ARP_OP_REPLY)
		memcpy(f + 32, mac_of[P_WAN], 6);
	put32(f + 38, WAN_ADDR);
	engine_input(R.e, P_WAN, f, sizeof(f), NULL, T0);
}

static struct ike_dgram out;

/* The datagram to send, in out. */
static const struct ike_dgram *
to_send(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, size_t n)
{
	memset(&out, 0, offsetof(struct ike_dgram, data));
	out.src = src;
	out.dst = dst;
	out.sport = sport;
	out.dport = dport;
	out.len = (uint16_t)n;
	memcpy(out.data, pay, n);
	return &out;
}

/* Sent frame i is d from wan0 to dmac, byte for byte (DF clear, TTL 64,
 * both checksums); its IP identification, which the engine chose, taken
 * from it. */
static uint16_t
assert_sent(size_t i, const uint8_t dmac[6], struct dg d)
{
	static uint8_t want[FRAME_ROOM];
	size_t len;

	CU_ASSERT_FATAL(i < R.n && i < NSENT);
	CU_ASSERT_EQUAL(R.port[i], P_WAN);
	d.id = (uint16_t)(R.frame[i][ETH_HLEN_ + 4] << 8 | R.frame[i][ETH_HLEN_ + 5]);
	len = frame(want, dmac, mac_of[P_WAN], &d);
	CU_ASSERT_EQUAL_FATAL(R.len[i], len);
	CU_ASSERT_EQUAL(memcmp(R.frame[i], want, len), 0);
	return d.id;
}

/* To an unknown neighbour: the ARP request first, the datagram once the
 * reply came; to a known one at once, with a new identification. */
static void
test_out_arp_then_sent(void)
{
	const uint8_t *arp;
	uint16_t id;
	struct dg d;

	setup();
	fill(37, 7);
	CU_ASSERT_EQUAL(engine_ike_send(R.e, to_send(WAN_ADDR, PEER, 500, 500, 37)), 0);
	CU_ASSERT_EQUAL_FATAL(R.n, 1);
	arp = R.frame[0];
	CU_ASSERT_EQUAL(R.port[0], P_WAN);
	CU_ASSERT_EQUAL(memcmp(arp, "\xff\xff\xff\xff\xff\xff", 6), 0);
	CU_ASSERT_EQUAL(memcmp(arp + 6, mac_of[P_WAN], 6), 0);
	CU_ASSERT_EQUAL(arp[12] << 8 | arp[13], ETHTYPE_ARP);
	CU_ASSERT_EQUAL(arp[20] << 8 | arp[21], ARP_OP_REQUEST);
	CU_ASSERT_EQUAL(memcmp(arp + 28, "\xc6\x33\x64\x01", 4), 0);	/* from WAN_ADDR */
	CU_ASSERT_EQUAL(memcmp(arp + 38, "\xc6\x33\x64\x0a", 4), 0);	/* for PEER */
	neighbour_arp(peer_mac, PEER, ARP_OP_REPLY);
	CU_ASSERT_EQUAL_FATAL(R.n, 2);
	d = dg(WAN_ADDR, PEER, 500, 500, pay, 37);
	id = assert_sent(1, peer_mac, d);
	/* known now: at once; from another of the router's addresses too */
	CU_ASSERT_EQUAL(engine_ike_send(R.e, to_send(LAN_ADDR, PEER, 500, 500, 37)), 0);
	CU_ASSERT_EQUAL_FATAL(R.n, 3);
	d.src = LAN_ADDR;
	CU_ASSERT_NOT_EQUAL(assert_sent(2, peer_mac, d), id);
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_sent, 2);
	assert_drops(DROP_COUNT, 0);
	teardown();
}

/* The marker goes in whenever a port is 4500; a keepalive has none. */
static void
test_out_natt_and_keepalive(void)
{
	static const uint16_t ports[3][2] = { { 4500, 4500 }, { 500, 4500 }, { 4500, 34567 } };
	static const uint8_t ff[1] = { 0xff };
	struct dg d;
	unsigned i;

	setup();
	neighbour_arp(peer_mac, PEER, ARP_OP_REQUEST);
	R.n = 0;		/* the router's reply */
	fill(100, 8);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(engine_ike_send(R.e, to_send(WAN_ADDR, PEER, ports[i][0],
		    ports[i][1], 100)), 0);
		d = dg(WAN_ADDR, PEER, ports[i][0], ports[i][1], pay, 100);
		CU_ASSERT_TRUE(d.marker);
		assert_sent(i, peer_mac, d);
	}
	CU_ASSERT_EQUAL(engine_ike_keepalive(R.e, WAN_ADDR, PEER, 34567), 0);
	d = dg(WAN_ADDR, PEER, 4500, 34567, ff, 1);
	d.marker = false;
	assert_sent(3, peer_mac, d);
	CU_ASSERT_EQUAL(R.n, 4);
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_sent, 4);
	assert_drops(DROP_COUNT, 0);
	teardown();
}

/* Through a gateway, and larger than the MTU: fragments (DF clear) that
 * make up the datagram. */
static void
test_out_via_gateway_fragmented(void)
{
	static uint8_t whole[FRAME_ROOM], got[FRAME_ROOM];
	size_t i, len, at, n, end = 0;
	uint16_t off;
	struct dg d;

	setup();
	neighbour_arp(gw_mac, GW, ARP_OP_REQUEST);
	R.n = 0;
	fill(3000, 9);
	CU_ASSERT_EQUAL(engine_ike_send(R.e, to_send(WAN_ADDR, FAR_PEER, 4500, 4500, 3000)), 0);
	CU_ASSERT_EQUAL_FATAL(R.n, 3);
	d = dg(WAN_ADDR, FAR_PEER, 4500, 4500, pay, 3000);
	len = frame(whole, gw_mac, mac_of[P_WAN], &d);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(R.port[i], P_WAN);
		CU_ASSERT_EQUAL(memcmp(R.frame[i], gw_mac, 6), 0);
		CU_ASSERT(R.len[i] - ETH_HLEN_ <= 1500);
		CU_ASSERT_EQUAL(memcmp(R.frame[i] + ETH_HLEN_ + 4, R.frame[0] + ETH_HLEN_ + 4, 2), 0);
		CU_ASSERT_EQUAL(fold(sum16(R.frame[i] + ETH_HLEN_, 20, 0)), 0);
		off = (uint16_t)(R.frame[i][ETH_HLEN_ + 6] << 8 | R.frame[i][ETH_HLEN_ + 7]);
		CU_ASSERT_EQUAL(off & IP_DF, 0);
		CU_ASSERT_EQUAL((off & IP_MF) != 0, i < 2);
		at = (size_t)(off & IP_OFFMASK) * 8;
		n = R.len[i] - ETH_HLEN_ - 20;
		CU_ASSERT_FATAL(at + n <= sizeof(got));
		memcpy(got + at, R.frame[i] + ETH_HLEN_ + 20, n);
		if (at + n > end)
			end = at + n;
	}
	CU_ASSERT_EQUAL_FATAL(end, len - ETH_HLEN_ - 20);
	CU_ASSERT_EQUAL(memcmp(got, whole + ETH_HLEN_ + 20, end), 0);
	assert_drops(DROP_COUNT, 0);
	teardown();
}

/* What cannot leave is refused at once, with errno, and nothing sent. */
static void
test_out_refused(void)
{
	static const struct {
		uint32_t	 src, dst;
		uint16_t	 sport, dport;
		size_t		 n;
		int		 err;
	} bad[] = {
		{ PEER, FAR_PEER, 500, 500, 10, EADDRNOTAVAIL },	/* not ours */
		{ WAN_ADDR, PEER, 501, 500, 10, EINVAL },	/* not our port */
		{ WAN_ADDR, PEER, 500, 0, 10, EINVAL },
		{ WAN_ADDR, LAN_ADDR, 500, 500, 10, EINVAL },	/* ourselves */
		{ WAN_ADDR, 0xe0000001u, 500, 500, 10, EINVAL },	/* multicast */
		{ WAN_ADDR, 0xffffffffu, 500, 500, 10, EINVAL },
		{ WAN_ADDR, 0x7f000001u, 500, 500, 10, EINVAL },
		{ WAN_ADDR, PEER, 500, 500, IKE_DGRAM_MAX + 1, EMSGSIZE },
		{ WAN_ADDR, UNROUTED, 500, 500, 10, ENETUNREACH },
	};
	struct engine *bare;
	unsigned i;

	setup();
	fill(IKE_DGRAM_MAX + 1, 10);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		CU_ASSERT_EQUAL(engine_ike_send(R.e, to_send(bad[i].src, bad[i].dst,
		    bad[i].sport, bad[i].dport, bad[i].n)), -1);
		CU_ASSERT_EQUAL(errno, bad[i].err);
	}
	errno = 0;
	CU_ASSERT_EQUAL(engine_ike_keepalive(R.e, PEER, WAN_ADDR, 4500), -1);
	CU_ASSERT_EQUAL(errno, EADDRNOTAVAIL);
	CU_ASSERT_EQUAL(R.n, 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->ike_sent, 0);
	assert_drops(DROP_COUNT, 0);
	/* an engine with no tables yet */
	bare = engine_new(keep_tx, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bare);
	errno = 0;
	CU_ASSERT_EQUAL(engine_ike_send(bare, to_send(WAN_ADDR, PEER, 500, 500, 10)), -1);
	CU_ASSERT_EQUAL(errno, ENETDOWN);
	engine_free(bare);
	teardown();
}

/* ---- 3. the queue between two threads ---- */

#define STRESS_N	200000	/* datagrams */
#define STRESS_BURST	8	/* at most put between two looks at the wake-up note */
#define STRESS_WAIT_MS	2000	/* a consumer left waiting this long: lost */

struct stress {
	struct ike_queue *q;
	int		 fd;		/* the eventfd the producer signals */
};

/* Ends a burst as the dataplane worker does: one signal if due. */
static void
end_burst(struct stress *s)
{
	uint64_t one = 1;

	if (ike_queue_take_wakeup(s->q))	/* an eventfd write cannot fail here */
		(void)!write(s->fd, &one, sizeof(one));
}

/* Puts STRESS_N numbered datagrams in bursts; a full queue ends the
 * burst and waits (the engine would drop, counted, instead). */
static void *
producer(void *arg)
{
	struct stress *s = arg;
	struct ike_dgram *d;
	uint32_t i = 0;
	unsigned k;

	while (i < STRESS_N) {
		for (k = 0; k < 1 + i % STRESS_BURST && i < STRESS_N; k++) {
			if ((d = ike_queue_slot(s->q)) == NULL)
				break;
			d->len = sizeof(i);
			memcpy(d->data, &i, sizeof(i));
			i++;
			ike_queue_publish(s->q);
		}
		end_burst(s);
		if (k == 0)	/* full */
			sched_yield();
	}
	return NULL;
}

/* The consumer sleeps until signalled and then takes all there is: every
 * datagram arrives, in order, and it is never left waiting with
 * datagrams in the queue. */
static void
test_two_threads(void)
{
	static struct ike_dgram got;
	struct stress s;
	struct pollfd pfd;
	pthread_t t;
	uint32_t next = 0, v;
	uint64_t junk;

	s.q = calloc(1, sizeof(*s.q));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s.q);
	s.fd = eventfd(0, EFD_NONBLOCK);
	CU_ASSERT_FATAL(s.fd >= 0);
	pfd = (struct pollfd){ .fd = s.fd, .events = POLLIN };
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, producer, &s), 0);
	while (next < STRESS_N) {
		if (poll(&pfd, 1, STRESS_WAIT_MS) != 1)
			break;		/* a lost wake-up */
		(void)!read(s.fd, &junk, sizeof(junk));
		while (ike_queue_get(s.q, &got)) {
			memcpy(&v, got.data, sizeof(v));
			if (got.len != sizeof(v) || v != next)
				break;
			next++;
		}
	}
	CU_ASSERT_EQUAL(next, STRESS_N);
	pthread_join(t, NULL);
	close(s.fd);
	free(s.q);
}

static CU_TestInfo tests[] = {
	{ "the test's checksums agree with scapy", test_oracle },
	{ "UDP 500, and 4500 without its marker, are queued", test_in_queued },
	{ "ESP, keepalives, other ports and addresses are not", test_in_not_ike },
	{ "bad checksums, lengths, fragments, offloads dropped", test_in_bad },
	{ "up to IKE_DGRAM_MAX queued, larger dropped", test_in_sizes },
	{ "a full queue drops; wake-ups only from drained", test_queue_full_and_wakeup },
	{ "a send resolves its neighbour, then the frame is exact", test_out_arp_then_sent },
	{ "the marker whenever a port is 4500; keepalives", test_out_natt_and_keepalive },
	{ "through a gateway, fragmented past the MTU", test_out_via_gateway_fragmented },
	{ "what cannot leave is refused with errno", test_out_refused },
	{ "two threads: all arrive in order, no wake-up lost", test_two_threads },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "ike_io"
#include "cunit_main.h"
