/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the forwarding engine: ARP (answers, learning, resolution,
 * queueing, failure, ageing), forwarding (TTL, checksum, MACs), ICMP
 * (echo, errors, their rules and rate limit), fragmentation, ECMP, the
 * punt path and the checks on malformed input; the virtual port of the
 * SSL-VPN users. Every frame the engine transmits is recorded and parsed
 * here.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_sslvpn.h"
#include "engine/engine.h"
#include "engine/pkt.h"
#include "route/rib.h"
#include "route_builder.h"
#include "engine/snapshot.h"
#include "sslvpn/sslvpn_limits.h"

/*
 * The test router:
 *   lan0 (port 0) 192.168.1.1/24    HOST 192.168.1.10 lives here
 *   wan0 (port 1) 198.51.100.1/24   gateway GW0 198.51.100.254
 *   wan1 (port 2) 203.0.113.1/24    gateway GW1 203.0.113.254
 *   10.10.0.0/16 via GW0; 10.20.0.0/16 via GW0 and GW1 (ECMP);
 *   192.0.2.0/24 to null0; nothing else (no default route).
 * With an ssl-vpn block (struct topo): the pool 10.99.0.0/24 through the
 * virtual port, USER 10.99.0.5 and USER2 10.99.0.6 its users, listen on
 * wan0's address.
 */
#define P_LAN		0u
#define P_WAN0		1u
#define P_WAN1		2u
#define NPORTS		3u
#define LAN_ADDR	0xc0a80101u	/* 192.168.1.1 */
#define HOST		0xc0a8010au	/* 192.168.1.10 */
#define OTHER_HOST	0xc0a80114u	/* 192.168.1.20 */
#define LAN_BCAST	0xc0a801ffu	/* 192.168.1.255 */
#define WAN0_ADDR	0xc6336401u	/* 198.51.100.1 */
#define GW0		0xc63364feu	/* 198.51.100.254 */
#define WAN1_ADDR	0xcb007101u	/* 203.0.113.1 */
#define GW1		0xcb0071feu	/* 203.0.113.254 */
#define FAR		0x0a0a0101u	/* 10.10.1.1, via GW0 */
#define ECMP_DST	0x0a140101u	/* 10.20.1.1, via GW0 or GW1 */
#define NULL_DST	0xc0000201u	/* 192.0.2.1, null0 */
#define UNROUTED	0xac100001u	/* 172.16.0.1 */
#define LOOPBACK	0x7f000001u	/* 127.0.0.1 */
#define POOL		0x0a630000u	/* 10.99.0.0/24 */
#define USER		0x0a630005u	/* 10.99.0.5 */
#define USER2		0x0a630006u
#define P_VPORT		SNAP_PORT_VPORT

#define T0		1000000u	/* ms: the clock when the router comes up */
#define FRAME_MAX	8192		/* the largest frame a test builds */
#define MAX_SENT	4096
#define ICMP_QUOTE_MAX	(576 - 20 - 8)	/* RFC 1812 4.3.2.3 */

static const char *const port_name[NPORTS] = { "lan0", "wan0", "wan1" };
static const uint32_t port_addr[NPORTS] = { LAN_ADDR, WAN0_ADDR, WAN1_ADDR };
static const uint8_t port_mac[NPORTS][6] = {
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 },
};
static const uint8_t host_mac[6] = { 0x02, 0xaa, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t gw0_mac[6] = { 0x02, 0xbb, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t gw1_mac[6] = { 0x02, 0xbb, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t punt_mac[6] = { 0x02, 0xcc, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- the router under test and what it transmits ---- */

struct sent {
	unsigned	 port;
	size_t		 len;
	uint8_t		*bytes;
	struct pkt_offload off;
};

static struct {
	struct config	*cfg;
	struct rib	*rib;
	struct snapshot	*snap;
	struct engine	*e;
	uint64_t	 now;
	bool		 tx_fails;	/* the transmit function reports failure */
	size_t		 nsent, lost;	/* lost: beyond MAX_SENT */
	struct sent	 sent[MAX_SENT];
} R;

static bool
record_tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	struct sent *s;

	(void)arg;
	if (R.tx_fails)
		return false;
	if (R.nsent == MAX_SENT) {
		R.lost++;
		return true;
	}
	s = &R.sent[R.nsent];
	if ((s->bytes = malloc(len)) == NULL) {
		R.lost++;
		return true;
	}
	memcpy(s->bytes, frame, len);
	s->port = port;
	s->len = len;
	s->off = *off;
	R.nsent++;
	return true;
}

static void
clear_sent(void)
{
	size_t i;

	for (i = 0; i < R.nsent; i++)
		free(R.sent[i].bytes);
	R.nsent = 0;
	R.lost = 0;
}

static int
slot_of(void *arg, const char *name)
{
	unsigned i;

	(void)arg;
	for (i = 0; i < NPORTS; i++)
		if (strcmp(name, port_name[i]) == 0)
			return (int)i;
	return -1;
}

/* Knobs of the test router; zero: the default. */
struct topo {
	uint16_t	 wan0_mtu;
	uint32_t	 lan_arp_timeout;	/* seconds */
	bool		 sslvpn;		/* the ssl-vpn block */
	bool		 sslvpn_shut;
	bool		 sslvpn_no_pool;
};

static void
add_route(uint32_t prefix, uint8_t plen, enum cfg_nexthop kind, uint32_t nh,
    uint8_t prio)
{
	struct cfg_route r = make_route(prefix, plen, kind, nh, NULL, prio);

	config_route_set(R.cfg, &r);
}

/* Brings the router up; the gratuitous ARPs it sends are left recorded. */
static void
router_up(const struct topo *t)
{
	static const struct topo defaults;
	struct cfg_interface *i;
	struct cfg_sslvpn *v;
	unsigned p;

	if (t == NULL)
		t = &defaults;
	memset(&R, 0, sizeof(R));
	R.now = T0;
	R.cfg = config_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.cfg);
	for (p = 0; p < NPORTS; p++) {
		i = config_interface_get(R.cfg, port_name[p]);
		i->has_addr = true;
		i->addr = port_addr[p];
		i->plen = 24;
		i->mtu = 1500;
	}
	if (t->wan0_mtu)
		config_interface_get(R.cfg, "wan0")->mtu = t->wan0_mtu;
	config_interface_get(R.cfg, "lan0")->arp_timeout = t->lan_arp_timeout;
	if (t->sslvpn) {
		v = config_sslvpn_get(R.cfg);
		v->has_listen = true;
		v->listen = WAN0_ADDR;
		v->has_pool = !t->sslvpn_no_pool;
		v->pool = POOL;
		v->pool_plen = 24;
		v->shutdown = t->sslvpn_shut;
	}
	add_route(0x0a0a0000, 16, NH_ADDRESS, GW0, CFG_DEFAULT_PRIORITY);
	add_route(0x0a140000, 16, NH_ADDRESS, GW0, 5);
	add_route(0x0a140000, 16, NH_ADDRESS, GW1, 5);
	add_route(0xc0000200, 24, NH_NULL0, 0, CFG_DEFAULT_PRIORITY);
	R.rib = rib_build(R.cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.rib);
	R.snap = snapshot_build(R.cfg, R.rib, slot_of, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.snap);
	for (p = 0; p < NPORTS; p++) {
		CU_ASSERT_TRUE_FATAL(R.snap->port[p].present);
		memcpy(R.snap->port[p].mac, port_mac[p], 6);
	}
	R.e = engine_new(record_tx, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.e);
	CU_ASSERT_PTR_NULL(engine_install(R.e, R.snap, R.now));
}

static void
setup_with(const struct topo *t)
{
	router_up(t);
	clear_sent();
	engine_clear_counters(R.e);	/* the gratuitous ARPs */
}

static void
setup(void)
{
	setup_with(NULL);
}

static void
teardown(void)
{
	clear_sent();
	engine_free(R.e);
	snapshot_free(R.snap);
	rib_free(R.rib);
	config_free(R.cfg);
	memset(&R, 0, sizeof(R));
}

static uint64_t
drops(enum engine_drop why)
{
	return engine_stats(R.e)->drops[why];
}

static uint64_t
all_drops(void)
{
	uint64_t n = 0;
	unsigned d;

	for (d = 0; d < DROP_COUNT; d++)
		n += drops((enum engine_drop)d);
	return n;
}

/* Exactly n drops happened, all for this reason. */
static void
assert_only_drops(enum engine_drop why, uint64_t n)
{
	CU_ASSERT_EQUAL(drops(why), n);
	CU_ASSERT_EQUAL(all_drops(), n);
}

/* The engine modifies input in place: it gets a copy, so tests keep theirs. */
static void
input(unsigned port, const uint8_t *frame, size_t len)
{
	static uint8_t scratch[ENGINE_MAX_FRAME];

	memcpy(scratch, frame, len);
	engine_input(R.e, port, scratch, len, NULL, R.now);
}

static void
tick_to(uint64_t now)
{
	R.now = now;
	engine_tick(R.e, now);
}

/* ---- frames in ---- */

static void
put_eth(uint8_t *f, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	struct eth_hdr eh;

	memcpy(eh.dst, dst, 6);
	memcpy(eh.src, src, 6);
	eh.type = htons(type);
	memcpy(f, &eh, sizeof(eh));
}

/* An ARP packet from sha/spa arriving on port (requests broadcast). */
static size_t
arp_frame(uint8_t *f, unsigned port, uint16_t op, const uint8_t sha[6],
    uint32_t spa, uint32_t tpa)
{
	struct arp_pkt ap;

	memset(f, 0, ETH_MIN_FRAME);
	put_eth(f, op == ARP_OP_REQUEST ? bcast_mac : port_mac[port], sha, ETHTYPE_ARP);
	memset(&ap, 0, sizeof(ap));
	ap.hw = htons(ARP_HW_ETHER);
	ap.proto = htons(ETHTYPE_IPV4);
	ap.hlen = 6;
	ap.plen = 4;
	ap.op = htons(op);
	memcpy(ap.sha, sha, 6);
	ap.spa = htonl(spa);
	if (op == ARP_OP_REPLY)
		memcpy(ap.tha, port_mac[port], 6);
	ap.tpa = htonl(tpa);
	memcpy(f + ETH_HLEN_, &ap, sizeof(ap));
	return ETH_MIN_FRAME;
}

static void
arp_in(unsigned port, uint16_t op, const uint8_t sha[6], uint32_t spa, uint32_t tpa)
{
	uint8_t f[ETH_MIN_FRAME];

	input(port, f, arp_frame(f, port, op, sha, spa, tpa));
}

/* The router learns a neighbour (it asks for the port's address). */
static void
learn(unsigned port, const uint8_t mac[6], uint32_t ip)
{
	arp_in(port, ARP_OP_REQUEST, mac, ip, port_addr[port]);
	CU_ASSERT_EQUAL(R.nsent, 1);	/* the reply */
	clear_sent();
}

/* What an IPv4 frame is made of; see ip_spec(). */
struct ip_spec {
	uint32_t	 src, dst;
	uint8_t		 proto, ttl;
	uint16_t	 id;
	uint16_t	 off;		/* flags and fragment offset, host order */
	const uint8_t	*opt;		/* IP options, a multiple of 4 bytes */
	size_t		 optlen;
	const uint8_t	*l4;
	size_t		 l4len;
};

static struct ip_spec
ip_spec(uint32_t src, uint32_t dst, uint8_t proto, const uint8_t *l4, size_t l4len)
{
	struct ip_spec s;

	memset(&s, 0, sizeof(s));
	s.src = src;
	s.dst = dst;
	s.proto = proto;
	s.ttl = 64;
	s.id = 0x4242;
	s.l4 = l4;
	s.l4len = l4len;
	return s;
}

/* An IPv4 frame from HOST's MAC to lan0's; returns its length. */
static size_t
ip_frame(uint8_t *f, const struct ip_spec *s)
{
	struct ip_hdr ip;
	size_t hl = sizeof(ip) + s->optlen;

	CU_ASSERT_FATAL(s->optlen % 4 == 0 && hl <= 60);
	CU_ASSERT_FATAL(ETH_HLEN_ + hl + s->l4len <= FRAME_MAX);
	put_eth(f, port_mac[P_LAN], host_mac, ETHTYPE_IPV4);
	memset(&ip, 0, sizeof(ip));
	ip.vhl = (uint8_t)(0x40 | hl / 4);
	ip.len = htons((uint16_t)(hl + s->l4len));
	ip.id = htons(s->id);
	ip.off = htons(s->off);
	ip.ttl = s->ttl;
	ip.proto = s->proto;
	ip.src = htonl(s->src);
	ip.dst = htonl(s->dst);
	memcpy(f + ETH_HLEN_, &ip, sizeof(ip));
	if (s->optlen)
		memcpy(f + ETH_HLEN_ + sizeof(ip), s->opt, s->optlen);
	if (s->l4len)
		memcpy(f + ETH_HLEN_ + hl, s->l4, s->l4len);
	ip.sum = pkt_cksum(f + ETH_HLEN_, hl);
	memcpy(f + ETH_HLEN_ + 10, &ip.sum, 2);
	return ETH_HLEN_ + hl + s->l4len;
}

static void
fill_payload(uint8_t *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

/* A UDP datagram (checksum 0: none) with n bytes of payload; its length. */
static size_t
udp_seg(uint8_t *l4, uint16_t sport, uint16_t dport, size_t n)
{
	uint16_t h[4] = { htons(sport), htons(dport), htons((uint16_t)(8 + n)), 0 };

	memcpy(l4, h, sizeof(h));
	fill_payload(l4 + 8, n, sport);
	return 8 + n;
}

/* An ICMP message with n bytes of payload and a valid checksum. */
static size_t
icmp_msg(uint8_t *l4, uint8_t type, uint8_t code, uint16_t id, uint16_t seq, size_t n)
{
	struct icmp_hdr ic = { type, code, 0, htons(id), htons(seq) };

	memcpy(l4, &ic, sizeof(ic));
	fill_payload(l4 + sizeof(ic), n, type);
	ic.sum = pkt_cksum(l4, sizeof(ic) + n);
	memcpy(l4 + 2, &ic.sum, 2);
	return sizeof(ic) + n;
}

/* A bare TCP SYN (checksum not filled: the engine does not look). */
static size_t
tcp_seg(uint8_t *l4, uint16_t sport, uint16_t dport)
{
	memset(l4, 0, 20);
	l4[0] = (uint8_t)(sport >> 8);
	l4[1] = (uint8_t)sport;
	l4[2] = (uint8_t)(dport >> 8);
	l4[3] = (uint8_t)dport;
	l4[12] = 5 << 4;
	l4[13] = 0x02;
	return 20;
}

/* The usual test packet: UDP from HOST with n bytes of payload. */
static size_t
udp_frame(uint8_t *f, uint32_t dst, uint8_t ttl, uint16_t sport, size_t n)
{
	uint8_t l4[FRAME_MAX];
	struct ip_spec s = ip_spec(HOST, dst, IPPROTO_UDP_, l4, udp_seg(l4, sport, 53, n));

	s.ttl = ttl;
	return ip_frame(f, &s);
}

static void
udp_in(uint32_t dst, uint8_t ttl, uint16_t sport, size_t n)
{
	uint8_t f[FRAME_MAX];

	input(P_LAN, f, udp_frame(f, dst, ttl, sport, n));
}

/* ---- frames out ---- */

static const struct sent *
sent_at(size_t i)
{
	CU_ASSERT_FATAL(i < R.nsent);
	return &R.sent[i];
}

static const struct eth_hdr *
eth_of(const struct sent *s)
{
	return (const struct eth_hdr *)(const void *)s->bytes;
}

static const struct ip_hdr *
ip_of(const uint8_t *frame)
{
	return (const struct ip_hdr *)(const void *)(frame + ETH_HLEN_);
}

/* An ARP packet the router sent on port, checked against the port. */
static const struct arp_pkt *
sent_arp(const struct sent *s, unsigned port, uint16_t op)
{
	const struct arp_pkt *ap = (const struct arp_pkt *)(const void *)(s->bytes + ETH_HLEN_);

	CU_ASSERT_EQUAL(s->port, port);
	CU_ASSERT_FATAL(s->len >= ETH_HLEN_ + sizeof(*ap));
	CU_ASSERT_EQUAL(s->len, ETH_MIN_FRAME);
	CU_ASSERT_EQUAL(ntohs(eth_of(s)->type), ETHTYPE_ARP);
	CU_ASSERT_EQUAL(memcmp(eth_of(s)->src, port_mac[port], 6), 0);
	if (op == ARP_OP_REQUEST)
		CU_ASSERT_EQUAL(memcmp(eth_of(s)->dst, bcast_mac, 6), 0);
	CU_ASSERT_EQUAL(ntohs(ap->hw), ARP_HW_ETHER);
	CU_ASSERT_EQUAL(ntohs(ap->proto), ETHTYPE_IPV4);
	CU_ASSERT_EQUAL(ap->hlen, 6);
	CU_ASSERT_EQUAL(ap->plen, 4);
	CU_ASSERT_EQUAL(ntohs(ap->op), op);
	CU_ASSERT_EQUAL(memcmp(ap->sha, port_mac[port], 6), 0);
	CU_ASSERT_EQUAL(ntohl(ap->spa), port_addr[port]);
	return ap;
}

/* The IPv4 header of a sent frame, checked: EtherType, version, header
 * checksum, total length against the frame. */
static const struct ip_hdr *
sent_ip(const struct sent *s)
{
	const struct ip_hdr *ip = ip_of(s->bytes);

	CU_ASSERT_FATAL(s->len >= ETH_HLEN_ + sizeof(*ip));
	CU_ASSERT_EQUAL_FATAL(ntohs(eth_of(s)->type), ETHTYPE_IPV4);
	CU_ASSERT_EQUAL(ip->vhl >> 4, 4);
	CU_ASSERT_FATAL(ip_hlen(ip) >= sizeof(*ip) && ETH_HLEN_ + ip_hlen(ip) <= s->len);
	CU_ASSERT_EQUAL(pkt_cksum(ip, ip_hlen(ip)), 0);
	CU_ASSERT_EQUAL(ntohs(ip->len), s->len - ETH_HLEN_);
	return ip;
}

/* A frame the router sent to a neighbour: port and both MACs. */
static void
assert_l2(const struct sent *s, unsigned port, const uint8_t dst[6])
{
	CU_ASSERT_EQUAL(s->port, port);
	CU_ASSERT_EQUAL(memcmp(eth_of(s)->dst, dst, 6), 0);
	CU_ASSERT_EQUAL(memcmp(eth_of(s)->src, port_mac[port], 6), 0);
}

/* An ICMP message the router sent to HOST from src, checked down to its
 * checksum; returns its header and, in *len, the ICMP length. */
static const struct icmp_hdr *
sent_icmp(const struct sent *s, uint32_t src, uint8_t type, uint8_t code, size_t *len)
{
	const struct ip_hdr *ip = sent_ip(s);
	const struct icmp_hdr *ic = (const struct icmp_hdr *)(const void *)
	    ((const uint8_t *)ip + ip_hlen(ip));
	size_t n = ntohs(ip->len) - ip_hlen(ip);

	assert_l2(s, P_LAN, host_mac);
	CU_ASSERT_EQUAL(ip->proto, IPPROTO_ICMP_);
	CU_ASSERT_EQUAL(ntohl(ip->src), src);
	CU_ASSERT_EQUAL(ntohl(ip->dst), HOST);
	CU_ASSERT(ip->ttl > 1);
	CU_ASSERT_FATAL(n >= sizeof(*ic));
	CU_ASSERT_EQUAL(pkt_cksum(ic, n), 0);
	CU_ASSERT_EQUAL(ic->type, type);
	CU_ASSERT_EQUAL(ic->code, code);
	if (len)
		*len = n;
	return ic;
}

/*
 * An ICMP error about orig (a frame built here) sent back to HOST from
 * lan0's address. exact: the quote is the packet as received; else the
 * router had already decremented its TTL (and so the checksum), which
 * may differ.
 */
static const struct icmp_hdr *
sent_error(const struct sent *s, uint8_t type, uint8_t code, const uint8_t *orig,
    size_t orig_len, bool exact)
{
	size_t n, want = orig_len - ETH_HLEN_;
	const struct icmp_hdr *ic = sent_icmp(s, LAN_ADDR, type, code, &n);
	const uint8_t *q = (const uint8_t *)(ic + 1), *o = orig + ETH_HLEN_;

	if (want > ICMP_QUOTE_MAX)
		want = ICMP_QUOTE_MAX;
	CU_ASSERT_EQUAL_FATAL(n - sizeof(*ic), want);
	if (exact) {
		CU_ASSERT_EQUAL(memcmp(q, o, want), 0);
	} else {
		CU_ASSERT_EQUAL(memcmp(q, o, 8), 0);	/* up to the TTL */
		CU_ASSERT_EQUAL(q[9], o[9]);		/* protocol */
		CU_ASSERT_EQUAL(memcmp(q + 12, o + 12, want - 12), 0);
	}
	return ic;
}

/* ---- neighbours ---- */

struct arp_query {
	unsigned	 port;
	uint32_t	 ip;
	bool		 found;
	struct arp_info	 info;
};

static bool
arp_match(void *arg, const struct arp_info *a)
{
	struct arp_query *q = arg;

	if (a->port != q->port || a->ip != q->ip)
		return true;
	q->found = true;
	q->info = *a;
	return false;
}

/* Whether the router has a resolved entry for ip on port with this MAC. */
static bool
arp_knows(unsigned port, uint32_t ip, const uint8_t mac[6])
{
	struct arp_query q = { port, ip, false, { 0 } };

	engine_arp_walk(R.e, R.now, arp_match, &q);
	return q.found && q.info.resolved && memcmp(q.info.mac, mac, 6) == 0;
}

static bool
arp_has_entry(unsigned port, uint32_t ip)
{
	struct arp_query q = { port, ip, false, { 0 } };

	engine_arp_walk(R.e, R.now, arp_match, &q);
	return q.found;
}

/* ---- 0. coming up ---- */

static void
test_install_announces_ports(void)
{
	const struct arp_pkt *ap;
	unsigned p;

	router_up(NULL);
	CU_ASSERT_EQUAL_FATAL(R.nsent, NPORTS);
	for (p = 0; p < NPORTS; p++) {
		ap = sent_arp(sent_at(p), p, ARP_OP_REQUEST);
		CU_ASSERT_EQUAL(ntohl(ap->tpa), port_addr[p]);	/* gratuitous */
	}
	teardown();
}

/* ---- 1. ARP for the router ---- */

static void
test_arp_reply(void)
{
	const struct arp_pkt *ap;

	setup();
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, HOST, LAN_ADDR);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ap = sent_arp(sent_at(0), P_LAN, ARP_OP_REPLY);
	CU_ASSERT_EQUAL(memcmp(eth_of(sent_at(0))->dst, host_mac, 6), 0);
	CU_ASSERT_EQUAL(memcmp(ap->tha, host_mac, 6), 0);
	CU_ASSERT_EQUAL(ntohl(ap->tpa), HOST);
	CU_ASSERT_EQUAL(engine_stats(R.e)->arp_replies, 1);
	CU_ASSERT_TRUE(arp_knows(P_LAN, HOST, host_mac));	/* learned the asker */
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

static void
test_arp_not_for_us(void)
{
	setup();
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, HOST, OTHER_HOST);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_ARP_NOT_FOR_US, 1);
	CU_ASSERT_FALSE(arp_has_entry(P_LAN, HOST));	/* no learning from strangers */
	/* the address of another port is not lan0's to answer either */
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, HOST, WAN0_ADDR);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_ARP_NOT_FOR_US, 2);
	teardown();
}

static void
test_arp_foreign_sender_and_conflict(void)
{
	setup();
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, FAR, LAN_ADDR);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_ARP_FOREIGN_SENDER, 1);
	CU_ASSERT_FALSE(arp_has_entry(P_LAN, FAR));
	engine_clear_counters(R.e);
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, LAN_ADDR, LAN_ADDR);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_ARP_ADDR_CONFLICT, 1);
	teardown();
}

/* ---- 2. forwarding and resolution ---- */

static void
test_forward_via_gateway(void)
{
	uint8_t f[FRAME_MAX];
	size_t len = udp_frame(f, FAR, 64, 1234, 100);
	const struct ip_hdr *ip, *orig = ip_of(f);
	const struct arp_pkt *ap;

	setup();
	input(P_LAN, f, len);
	/* the gateway is resolved, not the destination; the packet waits */
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ap = sent_arp(sent_at(0), P_WAN0, ARP_OP_REQUEST);
	CU_ASSERT_EQUAL(ntohl(ap->tpa), GW0);
	CU_ASSERT_EQUAL(all_drops(), 0);
	clear_sent();
	arp_in(P_WAN0, ARP_OP_REPLY, gw0_mac, GW0, WAN0_ADDR);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	assert_l2(sent_at(0), P_WAN0, gw0_mac);
	ip = sent_ip(sent_at(0));
	CU_ASSERT_EQUAL(ip->ttl, orig->ttl - 1);
	CU_ASSERT_EQUAL(ip->src, orig->src);
	CU_ASSERT_EQUAL(ip->dst, orig->dst);
	CU_ASSERT_EQUAL(ip->id, orig->id);
	CU_ASSERT_EQUAL(sent_at(0)->len, len);
	CU_ASSERT_EQUAL(memcmp((const uint8_t *)ip + 20, (const uint8_t *)orig + 20,
	    len - ETH_HLEN_ - 20), 0);
	CU_ASSERT_TRUE(arp_knows(P_WAN0, GW0, gw0_mac));
	/* now resolved: the next packet leaves at once */
	clear_sent();
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	assert_l2(sent_at(0), P_WAN0, gw0_mac);
	CU_ASSERT_EQUAL(engine_stats(R.e)->forwarded, 2);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* The incremental checksum update holds for every TTL and header. */
static void
test_forward_checksum_every_ttl(void)
{
	uint8_t f[FRAME_MAX];
	unsigned ttl;
	size_t len, i = 0;

	setup();
	learn(P_WAN0, gw0_mac, GW0);
	for (ttl = 2; ttl <= 255; ttl++) {
		len = udp_frame(f, FAR + ttl, (uint8_t)ttl, (uint16_t)(ttl * 251), ttl % 13);
		input(P_LAN, f, len);
		CU_ASSERT_EQUAL_FATAL(R.nsent, i + 1);
		CU_ASSERT_EQUAL(sent_ip(sent_at(i))->ttl, ttl - 1);
		i++;
	}
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

static void
test_arp_queue_bound(void)
{
	const struct ip_hdr *ip;
	uint16_t sport;
	unsigned i;

	setup();
	for (i = 0; i < ARP_QUEUE_MAX + 3; i++)
		udp_in(FAR, 64, (uint16_t)(1000 + i), 20);
	CU_ASSERT_EQUAL(R.nsent, 1);	/* one request, however many wait */
	assert_only_drops(DROP_ARP_QUEUE_FULL, 3);
	clear_sent();
	arp_in(P_WAN0, ARP_OP_REPLY, gw0_mac, GW0, WAN0_ADDR);
	CU_ASSERT_EQUAL_FATAL(R.nsent, ARP_QUEUE_MAX);
	for (i = 0; i < ARP_QUEUE_MAX; i++) {	/* the first ones, in order */
		assert_l2(sent_at(i), P_WAN0, gw0_mac);
		ip = sent_ip(sent_at(i));
		memcpy(&sport, (const uint8_t *)ip + ip_hlen(ip), 2);
		CU_ASSERT_EQUAL(ntohs(sport), 1000 + i);
	}
	teardown();
}

/* ---- 3. ARP failure ---- */

static void
test_arp_failure_host_unreachable(void)
{
	uint8_t f[2][FRAME_MAX];
	size_t len[2];
	unsigned i, k, requests = 1;

	setup();
	learn(P_LAN, host_mac, HOST);
	for (i = 0; i < 2; i++) {
		len[i] = udp_frame(f[i], FAR, 64, (uint16_t)(4000 + i), 30 + i);
		input(P_LAN, f[i], len[i]);
	}
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	CU_ASSERT_EQUAL(ntohl(sent_arp(sent_at(0), P_WAN0, ARP_OP_REQUEST)->tpa), GW0);
	clear_sent();
	/* retried every ARP_RETRY_MS, ARP_TRIES requests in all */
	for (k = 1; k < ARP_TRIES; k++) {
		tick_to(T0 + (uint64_t)k * ARP_RETRY_MS - 1);
		CU_ASSERT_EQUAL(R.nsent, 0);
		tick_to(T0 + (uint64_t)k * ARP_RETRY_MS);
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		CU_ASSERT_EQUAL(ntohl(sent_arp(sent_at(0), P_WAN0, ARP_OP_REQUEST)->tpa), GW0);
		requests++;
		clear_sent();
		CU_ASSERT_EQUAL(all_drops(), 0);
	}
	CU_ASSERT_EQUAL(requests, ARP_TRIES);
	/* no answer to the last one: the waiting packets are given up */
	tick_to(T0 + (uint64_t)ARP_TRIES * ARP_RETRY_MS);
	assert_only_drops(DROP_ARP_UNRESOLVED, 2);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 2);
	for (i = 0; i < 2; i++)
		sent_error(sent_at(i), ICMP_UNREACH, ICMP_UNREACH_HOST, f[i], len[i], false);
	CU_ASSERT_FALSE(arp_knows(P_WAN0, GW0, gw0_mac));
	/* while the failure is held, new packets fail at once, unasked */
	clear_sent();
	input(P_LAN, f[0], len[0]);
	assert_only_drops(DROP_ARP_UNRESOLVED, 3);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	sent_error(sent_at(0), ICMP_UNREACH, ICMP_UNREACH_HOST, f[0], len[0], false);
	teardown();
}

/* ---- 4. ARP ageing ---- */

static void
test_arp_ageing(void)
{
	struct topo t = { .lan_arp_timeout = 60 };

	setup_with(&t);
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);		/* wan0: the default timeout */
	tick_to(T0 + 60 * 1000 - 1);
	CU_ASSERT_TRUE(arp_knows(P_LAN, HOST, host_mac));
	CU_ASSERT_TRUE(arp_knows(P_WAN0, GW0, gw0_mac));
	tick_to(T0 + 60 * 1000);
	CU_ASSERT_FALSE(arp_has_entry(P_LAN, HOST));
	CU_ASSERT_TRUE(arp_knows(P_WAN0, GW0, gw0_mac));
	tick_to(T0 + (uint64_t)SNAP_DEFAULT_ARP_TIMEOUT * 1000);
	CU_ASSERT_FALSE(arp_has_entry(P_WAN0, GW0));
	teardown();
}

/* A neighbour heard from again is kept: its age starts over. */
static void
test_arp_refresh(void)
{
	struct topo t = { .lan_arp_timeout = 60 };

	setup_with(&t);
	learn(P_LAN, host_mac, HOST);
	tick_to(T0 + 50 * 1000);
	arp_in(P_LAN, ARP_OP_REPLY, host_mac, HOST, LAN_ADDR);
	tick_to(T0 + 100 * 1000);
	CU_ASSERT_TRUE(arp_knows(P_LAN, HOST, host_mac));
	tick_to(T0 + 110 * 1000);
	CU_ASSERT_FALSE(arp_has_entry(P_LAN, HOST));
	teardown();
}

/* ---- 5. TTL ---- */

static void
test_ttl_exceeded(void)
{
	uint8_t f[FRAME_MAX];
	size_t len;

	setup();
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);
	len = udp_frame(f, FAR, 1, 5555, 40);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	sent_error(sent_at(0), ICMP_TIMXCEED, 0, f, len, true);
	assert_only_drops(DROP_TTL_EXCEEDED, 1);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_errors, 1);
	/* TTL 0 too; a long packet is quoted only up to 576 bytes */
	clear_sent();
	len = udp_frame(f, FAR, 0, 5556, 1000);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	CU_ASSERT_EQUAL(sent_at(0)->len, ETH_HLEN_ + 576);
	sent_error(sent_at(0), ICMP_TIMXCEED, 0, f, len, true);
	assert_only_drops(DROP_TTL_EXCEEDED, 2);
	teardown();
}

/* ---- 6. no route, null route ---- */

static void
test_no_route(void)
{
	uint8_t f[FRAME_MAX];
	size_t len;

	setup();
	learn(P_LAN, host_mac, HOST);
	len = udp_frame(f, UNROUTED, 64, 6000, 10);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	sent_error(sent_at(0), ICMP_UNREACH, ICMP_UNREACH_NET, f, len, true);
	assert_only_drops(DROP_NO_ROUTE, 1);
	teardown();
}

static void
test_null_route(void)
{
	setup();
	learn(P_LAN, host_mac, HOST);
	udp_in(NULL_DST, 64, 6001, 10);
	CU_ASSERT_EQUAL(R.nsent, 0);	/* silently */
	assert_only_drops(DROP_NULL_ROUTE, 1);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_errors, 0);
	teardown();
}

/* ---- 7. MTU: fragmentation needed, fragmentation ---- */

#define SMALL_MTU	1400

/* A DF packet from HOST to dst one byte too big for mtu, the next hop's:
 * fragmentation needed comes back with that MTU. */
static void
assert_frag_needed(uint32_t dst, uint16_t mtu)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s = ip_spec(HOST, dst, IPPROTO_UDP_, l4, udp_seg(l4, 7000, 53,
	    mtu - 28 + 1));
	const struct icmp_hdr *ic;
	size_t len;

	s.off = IP_DF;
	len = ip_frame(f, &s);
	clear_sent();
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ic = sent_error(sent_at(0), ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, f, len, false);
	CU_ASSERT_EQUAL(ic->seq, htons(mtu));	/* next-hop MTU */
	CU_ASSERT_EQUAL(ic->id, 0);
}

static void
test_frag_needed(void)
{
	struct topo t = { .wan0_mtu = SMALL_MTU };
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s;
	size_t len;

	setup_with(&t);
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);
	assert_frag_needed(FAR, SMALL_MTU);
	assert_only_drops(DROP_FRAG_NEEDED, 1);
	/* exactly the MTU fits */
	clear_sent();
	s = ip_spec(HOST, FAR, IPPROTO_UDP_, l4, udp_seg(l4, 7000, 53, SMALL_MTU - 28));
	s.off = IP_DF;
	len = ip_frame(f, &s);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	assert_l2(sent_at(0), P_WAN0, gw0_mac);
	CU_ASSERT_EQUAL(ntohs(sent_ip(sent_at(0))->len), SMALL_MTU);
	assert_only_drops(DROP_FRAG_NEEDED, 1);
	teardown();
}

/*
 * Fragments of orig (sent[first..R.nsent)): each fits the MTU and is a
 * valid header for the next hop; offsets run on without gap, data of all
 * but the last is a multiple of 8, MF on all but the last; the first
 * carries hl0 bytes of header (all options), the others hl_rest (the
 * copied ones, opt_rest); the payloads make the original again.
 */
static void
assert_fragments(size_t first, const uint8_t *orig, size_t orig_len,
    unsigned hl_rest, const uint8_t *opt_rest)
{
	const struct ip_hdr *o = ip_of(orig), *ip;
	size_t hl0 = ip_hlen(o), data = orig_len - ETH_HLEN_ - hl0, at = 0, i, n, hl;
	static uint8_t whole[FRAME_MAX];
	uint16_t off;

	CU_ASSERT_FATAL(R.nsent >= first + 2);
	for (i = first; i < R.nsent; i++) {
		assert_l2(sent_at(i), P_WAN0, gw0_mac);
		ip = sent_ip(sent_at(i));
		hl = ip_hlen(ip);
		n = ntohs(ip->len) - hl;
		off = ntohs(ip->off);
		CU_ASSERT(ntohs(ip->len) <= SMALL_MTU);
		CU_ASSERT_EQUAL(hl, i == first ? hl0 : hl_rest);
		if (i == first) {
			CU_ASSERT_EQUAL(memcmp(ip + 1, o + 1, hl0 - sizeof(*o)), 0);
		} else if (hl > sizeof(*ip)) {
			CU_ASSERT_EQUAL(memcmp(ip + 1, opt_rest, hl - sizeof(*ip)), 0);
		}
		CU_ASSERT_EQUAL(ip->id, o->id);
		CU_ASSERT_EQUAL(ip->ttl, o->ttl - 1);
		CU_ASSERT_EQUAL(ip->proto, o->proto);
		CU_ASSERT_EQUAL(ip->src, o->src);
		CU_ASSERT_EQUAL(ip->dst, o->dst);
		CU_ASSERT_EQUAL((size_t)(off & IP_OFFMASK) * 8, at);
		CU_ASSERT_EQUAL((off & IP_DF), 0);
		if (i + 1 < R.nsent) {
			CU_ASSERT_TRUE((off & IP_MF) != 0);
			CU_ASSERT_EQUAL(n % 8, 0);
		} else
			CU_ASSERT_TRUE((off & IP_MF) == 0);
		CU_ASSERT_FATAL(at + n <= data);
		memcpy(whole + at, (const uint8_t *)ip + hl, n);
		at += n;
	}
	CU_ASSERT_EQUAL(at, data);
	CU_ASSERT_EQUAL(memcmp(whole, (const uint8_t *)o + hl0, data), 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->fragments, R.nsent - first);
}

static void
test_fragmentation(void)
{
	struct topo t = { .wan0_mtu = SMALL_MTU };
	uint8_t f[FRAME_MAX];
	size_t len;

	setup_with(&t);
	learn(P_WAN0, gw0_mac, GW0);
	len = udp_frame(f, FAR, 64, 7001, 3999);	/* 4027 bytes of IPv4 */
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 3);
	assert_fragments(0, f, len, 20, NULL);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* Options go whole into the first fragment, only copied ones further. */
static void
test_fragmentation_options(void)
{
	static const uint8_t opt[12] = {
		0x94, 4, 0, 0,			/* router alert: copied */
		0x07, 7, 4, 0, 0, 0, 0,		/* record route: not copied */
		0x00,				/* end */
	};
	struct topo t = { .wan0_mtu = SMALL_MTU };
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s;
	size_t len;

	setup_with(&t);
	learn(P_WAN0, gw0_mac, GW0);
	s = ip_spec(HOST, FAR, IPPROTO_UDP_, l4, udp_seg(l4, 7002, 53, 3000));
	s.opt = opt;
	s.optlen = sizeof(opt);
	len = ip_frame(f, &s);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 3);
	assert_fragments(0, f, len, 24, opt);
	teardown();
}

/* A fragment is fragmented further: offsets from its own, last keeps MF. */
static void
test_fragment_of_fragment(void)
{
	struct topo t = { .wan0_mtu = SMALL_MTU };
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	const struct ip_hdr *ip;
	struct ip_spec s;
	size_t i;

	setup_with(&t);
	learn(P_WAN0, gw0_mac, GW0);
	fill_payload(l4, 2000, 9);
	s = ip_spec(HOST, FAR, IPPROTO_UDP_, l4, 2000);
	s.off = IP_MF | 100;	/* bytes 800.. of a larger datagram */
	input(P_LAN, f, ip_frame(f, &s));
	CU_ASSERT_EQUAL_FATAL(R.nsent, 2);
	for (i = 0; i < R.nsent; i++) {
		ip = sent_ip(sent_at(i));
		CU_ASSERT_TRUE((ntohs(ip->off) & IP_MF) != 0);
	}
	CU_ASSERT_EQUAL(ntohs(sent_ip(sent_at(0))->off) & IP_OFFMASK, 100);
	CU_ASSERT_EQUAL(ntohs(sent_ip(sent_at(1))->off) & IP_OFFMASK, 100 + 1376 / 8);
	teardown();
}

/* ---- 8. echo ---- */

static void
test_echo_reply(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	const uint32_t to[] = { LAN_ADDR, WAN0_ADDR };	/* any of its addresses */
	const struct icmp_hdr *ic;
	const struct ip_hdr *ip;
	struct ip_spec s;
	size_t n, len, i;

	setup();
	learn(P_LAN, host_mac, HOST);
	for (i = 0; i < 2; i++) {
		clear_sent();
		s = ip_spec(HOST, to[i], IPPROTO_ICMP_, l4,
		    icmp_msg(l4, ICMP_ECHO, 0, 0x1234, (uint16_t)(7 + i), 57));
		len = ip_frame(f, &s);
		input(P_LAN, f, len);
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		ic = sent_icmp(sent_at(0), to[i], ICMP_ECHOREPLY, 0, &n);
		ip = sent_ip(sent_at(0));
		CU_ASSERT_EQUAL(n, s.l4len);
		CU_ASSERT_EQUAL(ic->id, htons(0x1234));
		CU_ASSERT_EQUAL(ic->seq, htons((uint16_t)(7 + i)));
		CU_ASSERT_EQUAL(memcmp(ic + 1, l4 + sizeof(*ic), n - sizeof(*ic)), 0);
		CU_ASSERT_EQUAL(ip->id, ip_of(f)->id);
	}
	CU_ASSERT_EQUAL(engine_stats(R.e)->echo_replies, 2);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* ---- 9. malformed input ---- */

static void
ihl_4(uint8_t *f, size_t *len)
{
	(void)len;
	f[ETH_HLEN_] = 0x44;
}

static void
bad_checksum(uint8_t *f, size_t *len)
{
	(void)len;
	f[ETH_HLEN_ + 8]++;	/* TTL changed, checksum not updated */
}

static void
long_total_length(uint8_t *f, size_t *len)
{
	struct ip_hdr ip;

	memcpy(&ip, f + ETH_HLEN_, sizeof(ip));
	ip.len = htons((uint16_t)(*len - ETH_HLEN_ + 1));
	ip.sum = 0;
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(f + ETH_HLEN_, &ip, sizeof(ip));
}

static void
version_6(uint8_t *f, size_t *len)
{
	(void)len;
	f[ETH_HLEN_] = 0x65;
}

static void
runt(uint8_t *f, size_t *len)
{
	(void)f;
	*len = ETH_HLEN_ - 1;
}

static void
short_ip(uint8_t *f, size_t *len)
{
	(void)f;
	*len = ETH_HLEN_ + 19;
}

static void
test_malformed(void)
{
	static const struct {
		const char		*what;
		void			(*spoil)(uint8_t *, size_t *);
		enum engine_drop	 why;
	} cases[] = {
		{ "runt", runt, DROP_RUNT },
		{ "IPv4 shorter than 20 bytes", short_ip, DROP_IP_TRUNCATED },
		{ "IHL 4", ihl_4, DROP_IP_IHL },
		{ "bad checksum", bad_checksum, DROP_IP_CHECKSUM },
		{ "total length past the frame", long_total_length, DROP_IP_LENGTH },
		{ "version 6", version_6, DROP_IP_VERSION },
	};
	uint8_t f[FRAME_MAX];
	size_t len, i;

	setup();
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		engine_clear_counters(R.e);
		len = udp_frame(f, FAR, 64, 8000, 30);
		cases[i].spoil(f, &len);
		input(P_LAN, f, len);
		CU_ASSERT_EQUAL(R.nsent, 0);
		CU_ASSERT_EQUAL(drops(cases[i].why), 1);
		CU_ASSERT_EQUAL(all_drops(), 1);
		CU_ASSERT_EQUAL(engine_port_counters(R.e, P_LAN)->rx_errors, 1);
	}
	/* unspoilt, the same packet goes */
	len = udp_frame(f, FAR, 64, 8000, 30);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 1);
	teardown();
}

static void
test_martians_and_broadcast(void)
{
	static const struct {
		uint32_t		 src, dst;
		enum engine_drop	 why;
	} cases[] = {
		{ LOOPBACK, FAR, DROP_IP_MARTIAN },
		{ HOST, LOOPBACK, DROP_IP_MARTIAN },
		{ LAN_ADDR, FAR, DROP_IP_MARTIAN },	/* our own address as source */
		{ HOST, LAN_BCAST, DROP_IP_BROADCAST },
		{ HOST, 0xe0000001u, DROP_IP_BROADCAST },	/* 224.0.0.1 */
	};
	uint8_t f[FRAME_MAX], l4[64];
	struct ip_spec s;
	size_t i, len;

	setup();
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		engine_clear_counters(R.e);
		s = ip_spec(cases[i].src, cases[i].dst, IPPROTO_UDP_, l4,
		    udp_seg(l4, 9, 9, 4));
		input(P_LAN, f, ip_frame(f, &s));
		CU_ASSERT_EQUAL(R.nsent, 0);
		assert_only_drops(cases[i].why, 1);
	}
	/* unicast IP to the broadcast MAC: never forwarded (RFC 1812 5.3.4) */
	engine_clear_counters(R.e);
	s = ip_spec(HOST, FAR, IPPROTO_UDP_, l4, udp_seg(l4, 9, 9, 4));
	len = ip_frame(f, &s);
	memset(f, 0xff, 6);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_L2_BROADCAST, 1);
	teardown();
}

/* ---- 10. ECMP ---- */

/* The port a UDP flow from HOST to ECMP_DST leaves by. */
static unsigned
ecmp_port(uint16_t sport)
{
	const struct sent *s;

	clear_sent();
	udp_in(ECMP_DST, 64, sport, 16);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	s = sent_at(0);
	CU_ASSERT_FATAL(s->port == P_WAN0 || s->port == P_WAN1);
	assert_l2(s, s->port, s->port == P_WAN0 ? gw0_mac : gw1_mac);
	return s->port;
}

static void
test_ecmp_spread_and_stable(void)
{
	enum { FLOWS = 200 };
	unsigned count[NPORTS] = { 0 }, i, p;

	setup();
	learn(P_WAN0, gw0_mac, GW0);
	learn(P_WAN1, gw1_mac, GW1);
	for (i = 0; i < FLOWS; i++)
		count[ecmp_port((uint16_t)(20000 + i))]++;
	/* flows that differ only in the source port spread too */
	CU_ASSERT(count[P_WAN0] >= FLOWS / 5);
	CU_ASSERT(count[P_WAN1] >= FLOWS / 5);
	CU_ASSERT_EQUAL(count[P_WAN0] + count[P_WAN1], FLOWS);
	/* one flow always takes the same way */
	p = ecmp_port(31337);
	for (i = 0; i < 20; i++)
		CU_ASSERT_EQUAL(ecmp_port(31337), p);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* Flows differing in their destination address spread as they should. */
static void
test_ecmp_spread_by_address(void)
{
	enum { FLOWS = 200 };
	unsigned count[NPORTS] = { 0 }, i;
	uint8_t f[FRAME_MAX];

	setup();
	learn(P_WAN0, gw0_mac, GW0);
	learn(P_WAN1, gw1_mac, GW1);
	for (i = 0; i < FLOWS; i++) {
		clear_sent();
		input(P_LAN, f, udp_frame(f, ECMP_DST + i, 64, 5000, 16));
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		count[sent_at(0)->port]++;
	}
	CU_ASSERT(count[P_WAN0] >= FLOWS / 5);
	CU_ASSERT(count[P_WAN1] >= FLOWS / 5);
	teardown();
}

/* ---- 11. ICMP error rules and rate ---- */

static void
test_no_error_about_errors(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s;
	size_t len;

	setup();
	learn(P_LAN, host_mac, HOST);
	/* an ICMP error (port unreachable) that expires: no error about it */
	s = ip_spec(HOST, FAR, IPPROTO_ICMP_, l4,
	    icmp_msg(l4, ICMP_UNREACH, ICMP_UNREACH_PORT, 0, 0, 28));
	s.ttl = 1;
	input(P_LAN, f, ip_frame(f, &s));
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_TTL_EXCEEDED, 1);
	/* nor about a later fragment */
	s = ip_spec(HOST, FAR, IPPROTO_UDP_, l4, udp_seg(l4, 1, 2, 16));
	s.ttl = 1;
	s.off = 10;
	input(P_LAN, f, ip_frame(f, &s));
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_TTL_EXCEEDED, 2);
	/* an echo request is no error: it gets one */
	s = ip_spec(HOST, FAR, IPPROTO_ICMP_, l4, icmp_msg(l4, ICMP_ECHO, 0, 1, 1, 8));
	s.ttl = 1;
	len = ip_frame(f, &s);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	sent_error(sent_at(0), ICMP_TIMXCEED, 0, f, len, true);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_errors, 1);
	teardown();
}

static void
test_icmp_rate_limit(void)
{
	enum { BURST = 3000 };
	uint8_t f[FRAME_MAX];
	size_t len, i;
	uint64_t sent;

	setup();
	learn(P_LAN, host_mac, HOST);
	len = udp_frame(f, FAR, 1, 9000, 8);
	for (i = 0; i < BURST; i++)
		input(P_LAN, f, len);
	sent = R.nsent + R.lost;
	CU_ASSERT(sent > 0);
	CU_ASSERT(sent <= ENGINE_ICMP_RATE);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_errors, sent);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_rate_limited, BURST - sent);
	CU_ASSERT_EQUAL(drops(DROP_TTL_EXCEEDED), BURST);
	for (i = 0; i < R.nsent; i++)
		CU_ASSERT_EQUAL(sent_at(i)->port, P_LAN);
	/* a second later the bucket has refilled */
	clear_sent();
	R.now += 1000;
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 1);
	teardown();
}

/* ---- 12. punt ---- */

static void
test_punt(void)
{
	uint8_t f[FRAME_MAX], l4[64];
	struct ip_spec s = ip_spec(HOST, LAN_ADDR, IPPROTO_TCP_, l4, tcp_seg(l4, 40000, 22));
	size_t len = ip_frame(f, &s);
	const struct sent *out;

	setup();
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_PUNT_UNAVAILABLE, 1);
	engine_set_punt(R.e, punt_mac);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	out = sent_at(0);
	CU_ASSERT_EQUAL(out->port, ENGINE_PORT_PUNT);
	CU_ASSERT_EQUAL(memcmp(eth_of(out)->dst, punt_mac, 6), 0);
	CU_ASSERT_EQUAL(out->len, len);
	CU_ASSERT_EQUAL(memcmp(out->bytes + ETH_HLEN_, f + ETH_HLEN_, len - ETH_HLEN_), 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->punted, 1);
	assert_only_drops(DROP_PUNT_UNAVAILABLE, 1);
	engine_set_punt(R.e, NULL);
	clear_sent();
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_PUNT_UNAVAILABLE, 2);
	teardown();
}

/* Data segment i of a TCP stream HOST:40000 -> dst's port 22, flags ACK
 * (PSH as asked), n payload bytes, its checksum field the pseudo-header
 * sum (what the kernel leaves under PKT_NEEDS_CSUM); the frame's length. */
static size_t
data_seg_to(uint8_t *f, uint32_t dst, unsigned i, size_t n, bool psh)
{
	uint8_t l4[FRAME_MAX];
	struct ip_spec s;
	uint32_t seq = htonl(1000000u + (uint32_t)(i * n));
	size_t len;
	uint16_t v;

	tcp_seg(l4, 40000, 22);
	memcpy(l4 + 4, &seq, 4);
	l4[13] = (uint8_t)(0x10 | (psh ? 0x08 : 0));
	l4[14] = 0x01;			/* window 502 */
	l4[15] = 0xf6;
	fill_payload(l4 + 20, n, (unsigned)i);
	s = ip_spec(HOST, dst, IPPROTO_TCP_, l4, 20 + n);
	len = ip_frame(f, &s);
	v = pkt_l4_pseudo(ip_of(f), 20 + n);
	memcpy(f + ETH_HLEN_ + 20 + 16, &v, 2);
	return len;
}

/* The same to the router itself. */
static size_t
data_seg(uint8_t *f, unsigned i, size_t n, bool psh)
{
	return data_seg_to(f, LAN_ADDR, i, n, psh);
}

/* The offload header the kernel gives such a segment: its checksum to be
 * completed. */
static const struct pkt_offload seg_partial = { .flags = PKT_NEEDS_CSUM,
    .csum_start = ETH_HLEN_ + 20, .csum_offset = 16 };

/* An echo request from HOST to the router; the frame's length. */
static size_t
echo_to_router(uint8_t *f)
{
	uint8_t l4[FRAME_MAX];
	struct ip_spec s = ip_spec(HOST, LAN_ADDR, IPPROTO_ICMP_, l4,
	    icmp_msg(l4, ICMP_ECHO, 0, 1, 1, 8));

	return ip_frame(f, &s);
}

/* Three segments of one flow for the router, with offload header o,
 * handed over in one burst (or each alone): what is punted. */
static void
punt_three(const struct pkt_offload *o, bool burst)
{
	static uint8_t scratch[3][FRAME_MAX];
	unsigned i;

	if (burst)
		engine_burst_begin(R.e);
	for (i = 0; i < 3; i++) {
		size_t len = data_seg(scratch[i], i, 1000, i == 1);

		engine_input(R.e, P_LAN, scratch[i], len, o, R.now);
	}
	if (burst)
		engine_burst_end(R.e, false);
}

/* Within a burst, a flow's segments for the router reach the kernel as one
 * offloaded frame, as GRO would hand them on, PSH and all; only when
 * their checksums are vouched for (left to complete, or verified). */
static void
test_punt_joins_segments(void)
{
	static const struct pkt_offload valid = { .flags = PKT_DATA_VALID };
	static const struct pkt_offload unchecked;
	const struct pkt_offload *vouched[] = { &seg_partial, &valid };
	uint8_t f[FRAME_MAX];
	const struct sent *out;
	size_t i, k, head = ETH_HLEN_ + 40;
	uint16_t v;

	setup();
	engine_set_punt(R.e, punt_mac);
	for (k = 0; k < 2; k++) {
		clear_sent();
		punt_three(vouched[k], true);
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		out = sent_at(0);
		CU_ASSERT_EQUAL(out->port, ENGINE_PORT_PUNT);
		CU_ASSERT_EQUAL(out->len, head + 3000);
		CU_ASSERT_EQUAL(out->off.flags, PKT_NEEDS_CSUM);
		CU_ASSERT_EQUAL(out->off.gso_type, PKT_GSO_TCPV4);
		CU_ASSERT_EQUAL(out->off.gso_size, 1000);
		CU_ASSERT_EQUAL(out->off.hdr_len, head);
		CU_ASSERT_EQUAL(out->off.csum_start, ETH_HLEN_ + 20);
		CU_ASSERT_EQUAL(out->off.csum_offset, 16);
		CU_ASSERT_EQUAL(ntohs(ip_of(out->bytes)->len), 40 + 3000);
		CU_ASSERT_EQUAL(pkt_cksum(out->bytes + ETH_HLEN_, 20), 0);
		CU_ASSERT_EQUAL(out->bytes[ETH_HLEN_ + 20 + 13], 0x18);	/* ACK, PSH */
		v = pkt_l4_pseudo(ip_of(out->bytes), 20 + 3000);
		CU_ASSERT_EQUAL(memcmp(out->bytes + ETH_HLEN_ + 36, &v, 2), 0);
		for (i = 0; i < 3; i++) {
			data_seg(f, (unsigned)i, 1000, false);
			CU_ASSERT_EQUAL(memcmp(out->bytes + head + i * 1000, f + head, 1000), 0);
		}
		CU_ASSERT_EQUAL(engine_stats(R.e)->punted, 3 * (k + 1));
	}
	/* outside a burst, or checksums no one checked: each as it came */
	clear_sent();
	punt_three(&seg_partial, false);
	CU_ASSERT_EQUAL(R.nsent, 3);
	clear_sent();
	punt_three(&unchecked, true);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(sent_at(i)->len, head + 1000);
		CU_ASSERT_EQUAL(sent_at(i)->off.gso_type, PKT_GSO_NONE);
	}
	teardown();
}

/* Between bursts a flow's run waits for the next one while it grows (the
 * worker goes straight on to it), and leaves once a burst adds nothing to
 * it or the worker is about to wait; what leaves by another port in
 * between (an echo reply) does not cut it. */
static void
test_punt_run_held_while_growing(void)
{
	static uint8_t seg[4][FRAME_MAX];
	uint8_t echo[FRAME_MAX];
	size_t len[4], elen, head = ETH_HLEN_ + 40;
	unsigned i;

	setup();
	engine_set_punt(R.e, punt_mac);
	learn(P_LAN, host_mac, HOST);
	for (i = 0; i < 4; i++)
		len[i] = data_seg(seg[i], i, 1000, i == 1);
	elen = echo_to_router(echo);
	clear_sent();
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[0], len[0], &seg_partial, R.now);
	engine_input(R.e, P_LAN, echo, elen, NULL, R.now);
	engine_input(R.e, P_LAN, seg[1], len[1], &seg_partial, R.now);
	engine_burst_end(R.e, true);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);	/* the reply; the run waits */
	CU_ASSERT_EQUAL(sent_at(0)->port, P_LAN);
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[2], len[2], &seg_partial, R.now);
	engine_burst_end(R.e, true);
	CU_ASSERT_EQUAL(R.nsent, 1);		/* it grew: it waits again */
	engine_burst_begin(R.e);
	engine_burst_end(R.e, true);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 2);	/* it did not: it leaves */
	CU_ASSERT_EQUAL(sent_at(1)->port, ENGINE_PORT_PUNT);
	CU_ASSERT_EQUAL(sent_at(1)->len, head + 3000);
	CU_ASSERT_EQUAL(sent_at(1)->off.gso_size, 1000);
	CU_ASSERT_EQUAL(sent_at(1)->bytes[ETH_HLEN_ + 20 + 13], 0x18);	/* ACK, PSH */
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[3], len[3], &seg_partial, R.now);
	engine_burst_end(R.e, false);		/* the worker will wait */
	CU_ASSERT_EQUAL_FATAL(R.nsent, 3);
	CU_ASSERT_EQUAL(sent_at(2)->len, head + 1000);
	CU_ASSERT_EQUAL(engine_stats(R.e)->punted, 4);
	teardown();
}

/* Between bursts a waiting run stays as it is: a frame sent meanwhile
 * (the control thread's) leaves before it and does not cut it; a port
 * that goes loses its run. */
static void
test_run_between_bursts(void)
{
	static uint8_t seg[5][FRAME_MAX];
	uint8_t echo[FRAME_MAX];
	size_t len[5], elen, head = ETH_HLEN_ + 40;
	unsigned i;

	setup();
	learn(P_LAN, host_mac, HOST);
	learn(P_WAN0, gw0_mac, GW0);
	for (i = 0; i < 5; i++)
		len[i] = data_seg_to(seg[i], FAR, i, 1000, false);
	elen = echo_to_router(echo);
	clear_sent();
	engine_burst_begin(R.e);
	for (i = 0; i < 2; i++)
		engine_input(R.e, P_LAN, seg[i], len[i], &seg_partial, R.now);
	engine_burst_end(R.e, true);
	input(P_LAN, echo, elen);		/* between bursts */
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	CU_ASSERT_EQUAL(sent_at(0)->port, P_LAN);
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[2], len[2], &seg_partial, R.now);
	engine_burst_end(R.e, false);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 2);	/* one run of three */
	CU_ASSERT_EQUAL(sent_at(1)->port, P_WAN0);
	CU_ASSERT_EQUAL(sent_at(1)->len, head + 3000);
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[3], len[3], &seg_partial, R.now);
	engine_burst_end(R.e, true);
	engine_port_reset(R.e, P_WAN0);
	engine_burst_begin(R.e);
	engine_burst_end(R.e, false);
	CU_ASSERT_EQUAL(R.nsent, 2);		/* its run went with the port */
	clear_sent();
	learn(P_WAN0, gw0_mac, GW0);		/* the reset forgot the neighbour */
	engine_burst_begin(R.e);
	engine_input(R.e, P_LAN, seg[4], len[4], &seg_partial, R.now);
	engine_burst_end(R.e, false);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	CU_ASSERT_EQUAL(sent_at(0)->port, P_WAN0);
	CU_ASSERT_EQUAL(sent_at(0)->len, head + 1000);
	teardown();
}

/* The Internet checksum against RFC 1071's own: the example of its
 * section 3, and every length and alignment against a plain sum of 16-bit
 * words. */
static void
test_checksum_reference(void)
{
	static const uint8_t rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t buf[300];
	size_t off, len, i;
	uint32_t ref, init;
	uint16_t got;

	got = (uint16_t)pkt_sum(rfc1071, sizeof(rfc1071), 0);
	CU_ASSERT_EQUAL(ntohs(got), 0xddf2);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (off = 0; off < 8; off++)
		for (len = 0; len + off <= sizeof(buf); len++) {
			init = (uint32_t)(len * 977) & 0xffff;
			ref = ntohs((uint16_t)init);
			for (i = 0; i + 1 < len; i += 2)
				ref += (uint32_t)(buf[off + i] << 8 | buf[off + i + 1]);
			if (len % 2)
				ref += (uint32_t)buf[off + len - 1] << 8;
			while (ref >> 16)
				ref = (ref & 0xffff) + (ref >> 16);
			got = (uint16_t)pkt_sum(buf + off, len, init);
			CU_ASSERT_EQUAL(ntohs(got), ref);
		}
}

/* What the kernel sends through the punt port is routed, TTL untouched. */
static void
test_from_punt_port(void)
{
	uint8_t f[FRAME_MAX], l4[64];
	struct ip_spec s = ip_spec(LAN_ADDR, HOST, IPPROTO_TCP_, l4, tcp_seg(l4, 22, 40000));
	size_t len = ip_frame(f, &s);
	const struct ip_hdr *ip;

	setup();
	learn(P_LAN, host_mac, HOST);
	engine_set_punt(R.e, punt_mac);
	engine_input(R.e, ENGINE_PORT_PUNT, f, len, NULL, R.now);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	assert_l2(sent_at(0), P_LAN, host_mac);
	ip = sent_ip(sent_at(0));
	CU_ASSERT_EQUAL(ip->ttl, 64);
	CU_ASSERT_EQUAL(engine_stats(R.e)->forwarded, 0);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* ---- transmit failure ---- */

static void
test_tx_failure_counted(void)
{
	setup();
	R.tx_fails = true;
	arp_in(P_LAN, ARP_OP_REQUEST, host_mac, HOST, LAN_ADDR);
	assert_only_drops(DROP_TX_ERROR, 1);
	CU_ASSERT_EQUAL(engine_port_counters(R.e, P_LAN)->tx_errors, 1);
	CU_ASSERT_EQUAL(engine_port_counters(R.e, P_LAN)->tx_packets, 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->arp_replies, 0);
	teardown();
}

/* ---- 13. the virtual port of the SSL-VPN users ---- */

static const struct topo with_sslvpn = { .sslvpn = true };

/* A frame the router sent out of the virtual port: plain (no offload
 * metadata), its IPv4 header checked. */
static const struct ip_hdr *
sent_vport(const struct sent *s)
{
	static const struct pkt_offload none;

	CU_ASSERT_EQUAL(s->port, P_VPORT);
	CU_ASSERT_EQUAL(memcmp(&s->off, &none, sizeof(none)), 0);
	return sent_ip(s);
}

/* A user's packet to a LAN host: HOST is resolved by ARP as usual, the
 * packet forwarded with its TTL lowered and its checksum right. */
static void
test_vport_to_lan(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s = ip_spec(USER, HOST, IPPROTO_UDP_, l4, udp_seg(l4, 4444, 53, 100));
	size_t len = ip_frame(f, &s);
	const struct port_counters *c;
	const struct arp_pkt *ap;
	const struct ip_hdr *ip;

	setup_with(&with_sslvpn);
	memset(f, 0xee, ETH_HLEN_);	/* room, not a header: never read */
	input(P_VPORT, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ap = sent_arp(sent_at(0), P_LAN, ARP_OP_REQUEST);
	CU_ASSERT_EQUAL(ntohl(ap->tpa), HOST);
	clear_sent();
	arp_in(P_LAN, ARP_OP_REPLY, host_mac, HOST, LAN_ADDR);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	assert_l2(sent_at(0), P_LAN, host_mac);
	ip = sent_ip(sent_at(0));
	CU_ASSERT_EQUAL(ip->ttl, 63);
	CU_ASSERT_EQUAL(ntohl(ip->src), USER);
	CU_ASSERT_EQUAL(ntohl(ip->dst), HOST);
	CU_ASSERT_EQUAL(sent_at(0)->len, len);
	CU_ASSERT_EQUAL(memcmp((const uint8_t *)ip + 20, l4, s.l4len), 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->forwarded, 1);
	c = engine_port_counters(R.e, P_VPORT);
	CU_ASSERT_EQUAL(c->rx_packets, 1);
	CU_ASSERT_EQUAL(c->rx_bytes, len - ETH_HLEN_);	/* the IPv4 bytes */
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* A LAN packet to a user leaves by the virtual port at once: no ARP. */
static void
test_lan_to_vport(void)
{
	const uint32_t to[] = { USER, USER2 };
	uint8_t f[FRAME_MAX];
	const struct ip_hdr *ip;
	size_t len, i;

	setup_with(&with_sslvpn);
	learn(P_LAN, host_mac, HOST);
	for (i = 0; i < 2; i++) {
		clear_sent();
		len = udp_frame(f, to[i], 64, 5555, 200);
		input(P_LAN, f, len);
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		ip = sent_vport(sent_at(0));
		CU_ASSERT_EQUAL(ip->ttl, 63);
		CU_ASSERT_EQUAL(ntohl(ip->src), HOST);
		CU_ASSERT_EQUAL(ntohl(ip->dst), to[i]);
		CU_ASSERT_EQUAL(sent_at(0)->len, len);
		CU_ASSERT_EQUAL(memcmp((const uint8_t *)ip + 20, f + ETH_HLEN_ + 20,
		    len - ETH_HLEN_ - 20), 0);
		CU_ASSERT_FALSE(arp_has_entry(P_VPORT, to[i]));
	}
	CU_ASSERT_EQUAL(engine_port_counters(R.e, P_VPORT)->tx_packets, 2);
	CU_ASSERT_EQUAL(engine_port_counters(R.e, P_VPORT)->tx_bytes, 2 * (len - ETH_HLEN_));
	CU_ASSERT_EQUAL(engine_stats(R.e)->arp_requests, 0);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* An offloaded TCP frame for a user is cut into whole segments, each with
 * its checksums; a packet too big for the port's MTU with DF gets
 * fragmentation needed, one without is fragmented. */
static void
test_vport_segments_and_mtu(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX], scratch[FRAME_MAX];
	struct pkt_offload off = { PKT_NEEDS_CSUM, PKT_GSO_TCPV4, ETH_HLEN_ + 40, 1000,
		ETH_HLEN_ + 20, 16 };
	const struct ip_hdr *ip;
	struct ip_spec s;
	size_t len, i, n = 3500;
	uint32_t seq;

	setup_with(&with_sslvpn);
	learn(P_LAN, host_mac, HOST);
	tcp_seg(l4, 40000, 80);
	l4[13] = 0x10;		/* ACK */
	fill_payload(l4 + 20, n, 3);
	s = ip_spec(HOST, USER, IPPROTO_TCP_, l4, 20 + n);
	len = ip_frame(f, &s);
	memcpy(scratch, f, len);
	engine_input(R.e, P_LAN, scratch, len, &off, R.now);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 4);
	for (i = 0; i < 4; i++) {
		ip = sent_vport(sent_at(i));
		CU_ASSERT_EQUAL(ntohs(ip->len), 40 + (i < 3 ? 1000 : n - 3000));
		CU_ASSERT_EQUAL(pkt_l4_cksum(ip, (const uint8_t *)ip + 20, ntohs(ip->len) - 20), 0);
		memcpy(&seq, (const uint8_t *)ip + 24, 4);
		CU_ASSERT_EQUAL(ntohl(seq), 1000 * i);
		CU_ASSERT_EQUAL(memcmp((const uint8_t *)ip + 40, l4 + 20 + 1000 * i,
		    ntohs(ip->len) - 40), 0);
	}
	/* the port's MTU is the one the server announces */
	assert_frag_needed(USER, SSLVPN_MTU);
	clear_sent();
	s = ip_spec(HOST, USER, IPPROTO_UDP_, l4, udp_seg(l4, 7000, 53, SSLVPN_MTU));
	len = ip_frame(f, &s);
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 2);
	for (i = 0; i < 2; i++)
		CU_ASSERT(ntohs(sent_vport(sent_at(i))->len) <= SSLVPN_MTU);
	assert_only_drops(DROP_FRAG_NEEDED, 1);
	teardown();
}

/* A source outside the pool, or its network or broadcast address. */
static void
test_vport_spoof(void)
{
	const uint32_t from[] = { 0x0a620005u, POOL, POOL | 0xff, HOST, WAN0_ADDR };
	uint8_t f[FRAME_MAX];
	size_t len, i;

	setup_with(&with_sslvpn);
	learn(P_LAN, host_mac, HOST);
	for (i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		len = udp_frame(f, HOST, 64, 6000, 20);
		memcpy(f + ETH_HLEN_ + 12, &(uint32_t){ htonl(from[i]) }, 4);
		((struct ip_hdr *)(void *)(f + ETH_HLEN_))->sum = 0;
		((struct ip_hdr *)(void *)(f + ETH_HLEN_))->sum = pkt_cksum(f + ETH_HLEN_, 20);
		input(P_VPORT, f, len);
	}
	CU_ASSERT_EQUAL(R.nsent, 0);
	assert_only_drops(DROP_SSLVPN_SPOOF, i);
	CU_ASSERT_EQUAL(engine_stats(R.e)->icmp_errors, 0);
	teardown();
}

/* TTL 1 from a user: time exceeded back through the virtual port, from
 * the ssl-vpn block's listen address. */
static void
test_vport_ttl_exceeded(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s = ip_spec(USER, HOST, IPPROTO_UDP_, l4, udp_seg(l4, 4444, 53, 40));
	const struct icmp_hdr *ic;
	const struct ip_hdr *ip;
	size_t len;

	s.ttl = 1;
	len = ip_frame(f, &s);
	setup_with(&with_sslvpn);
	input(P_VPORT, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ip = sent_vport(sent_at(0));
	CU_ASSERT_EQUAL(ip->proto, IPPROTO_ICMP_);
	CU_ASSERT_EQUAL(ntohl(ip->src), WAN0_ADDR);
	CU_ASSERT_EQUAL(ntohl(ip->dst), USER);
	ic = (const struct icmp_hdr *)(const void *)((const uint8_t *)ip + 20);
	CU_ASSERT_EQUAL(ic->type, ICMP_TIMXCEED);
	CU_ASSERT_EQUAL(ic->code, 0);
	CU_ASSERT_EQUAL(pkt_cksum(ic, ntohs(ip->len) - 20), 0);
	CU_ASSERT_EQUAL_FATAL(ntohs(ip->len), 20 + sizeof(*ic) + len - ETH_HLEN_);
	CU_ASSERT_EQUAL(memcmp(ic + 1, f + ETH_HLEN_, len - ETH_HLEN_), 0);
	assert_only_drops(DROP_TTL_EXCEEDED, 1);
	teardown();
}

/* For the router from a user: echo answered back through the port, TCP
 * punted to the kernel. */
static void
test_vport_to_router(void)
{
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s = ip_spec(USER, LAN_ADDR, IPPROTO_ICMP_, l4,
	    icmp_msg(l4, ICMP_ECHO, 0, 0x77, 1, 32));
	const struct ip_hdr *ip;
	size_t len = ip_frame(f, &s);

	setup_with(&with_sslvpn);
	engine_set_punt(R.e, punt_mac);
	input(P_VPORT, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	ip = sent_vport(sent_at(0));
	CU_ASSERT_EQUAL(ntohl(ip->src), LAN_ADDR);
	CU_ASSERT_EQUAL(ntohl(ip->dst), USER);
	CU_ASSERT_EQUAL(((const struct icmp_hdr *)(const void *)((const uint8_t *)ip + 20))->type,
	    ICMP_ECHOREPLY);
	clear_sent();
	s = ip_spec(USER, WAN0_ADDR, IPPROTO_TCP_, l4, tcp_seg(l4, 40000, 443));
	len = ip_frame(f, &s);
	input(P_VPORT, f, len);
	CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
	CU_ASSERT_EQUAL(sent_at(0)->port, ENGINE_PORT_PUNT);
	CU_ASSERT_EQUAL(memcmp(sent_at(0)->bytes + ETH_HLEN_, f + ETH_HLEN_, len - ETH_HLEN_), 0);
	CU_ASSERT_EQUAL(engine_stats(R.e)->punted, 1);
	CU_ASSERT_EQUAL(all_drops(), 0);
	teardown();
}

/* Without the ssl-vpn block, with it shut down, or without a pool: no
 * port (what is written to it is dropped) and no route to the pool. */
static void
test_vport_absent(void)
{
	static const struct topo shut = { .sslvpn = true, .sslvpn_shut = true };
	static const struct topo no_pool = { .sslvpn = true, .sslvpn_no_pool = true };
	const struct topo *t[] = { NULL, &shut, &no_pool };
	uint8_t f[FRAME_MAX], l4[FRAME_MAX];
	struct ip_spec s = ip_spec(USER, HOST, IPPROTO_UDP_, l4, udp_seg(l4, 4444, 53, 10));
	size_t len = ip_frame(f, &s), i;
	long r;

	for (i = 0; i < 3; i++) {
		setup_with(t[i]);
		CU_ASSERT_FALSE(R.snap->port[P_VPORT].present);
		input(P_VPORT, f, len);
		CU_ASSERT_EQUAL(R.nsent, 0);
		assert_only_drops(DROP_SSLVPN_ABSENT, 1);
		CU_ASSERT_EQUAL(rib_lookup(R.rib, USER), -1);
		r = rib_find(R.rib, POOL, 24);
		if (i == 1) {
			CU_ASSERT_FATAL(r >= 0);
			CU_ASSERT_STRING_EQUAL(rib_route(R.rib, (size_t)r)->why, "ssl-vpn shut down");
		} else
			CU_ASSERT_EQUAL(r, -1);
		learn(P_LAN, host_mac, HOST);
		udp_in(USER, 64, 5555, 10);	/* net unreachable */
		CU_ASSERT_EQUAL_FATAL(R.nsent, 1);
		CU_ASSERT_EQUAL(sent_at(0)->port, P_LAN);
		CU_ASSERT_EQUAL(drops(DROP_NO_ROUTE), 1);
		teardown();
	}
	/* present: the pool is a connected route through it */
	setup_with(&with_sslvpn);
	CU_ASSERT_TRUE(R.snap->port[P_VPORT].present);
	CU_ASSERT_STRING_EQUAL(R.snap->port[P_VPORT].name, "ssl-vpn");
	r = rib_lookup(R.rib, USER);
	CU_ASSERT_FATAL(r >= 0);
	CU_ASSERT_EQUAL(rib_route(R.rib, (size_t)r)->origin, RIB_CONNECTED);
	CU_ASSERT_EQUAL(rib_route(R.rib, (size_t)r)->plen, 24);
	CU_ASSERT_STRING_EQUAL(rib_route(R.rib, (size_t)r)->out_if, "ssl-vpn");
	teardown();
}

/* A full socket toward the server: a transmit failure, counted as one. */
static void
test_vport_tx_failure(void)
{
	const struct port_counters *c;
	uint8_t f[FRAME_MAX];
	size_t len = udp_frame(f, USER, 64, 5555, 100);

	setup_with(&with_sslvpn);
	learn(P_LAN, host_mac, HOST);
	R.tx_fails = true;
	input(P_LAN, f, len);
	assert_only_drops(DROP_TX_ERROR, 1);
	c = engine_port_counters(R.e, P_VPORT);
	CU_ASSERT_EQUAL(c->tx_errors, 1);
	CU_ASSERT_EQUAL(c->tx_packets, 0);
	/* a queued write that failed later */
	R.tx_fails = false;
	input(P_LAN, f, len);
	CU_ASSERT_EQUAL(c->tx_bytes, len - ETH_HLEN_);
	engine_tx_failed(R.e, P_VPORT, len);
	CU_ASSERT_EQUAL(c->tx_packets, 0);
	CU_ASSERT_EQUAL(c->tx_bytes, 0);
	CU_ASSERT_EQUAL(c->tx_errors, 2);
	assert_only_drops(DROP_TX_ERROR, 2);
	teardown();
}

static CU_TestInfo tests[] = {
	{ "install announces every port (gratuitous ARP)", test_install_announces_ports },
	{ "ARP request for the port's address is answered", test_arp_reply },
	{ "ARP for another address: no reply, no learning", test_arp_not_for_us },
	{ "ARP from outside the network or claiming our address", test_arp_foreign_sender_and_conflict },
	{ "forwarding via a gateway resolves the gateway", test_forward_via_gateway },
	{ "forwarded header checksum valid for every TTL", test_forward_checksum_every_ttl },
	{ "ARP queue bounded at ARP_QUEUE_MAX", test_arp_queue_bound },
	{ "ARP failure: retries, drops, host unreachable", test_arp_failure_host_unreachable },
	{ "ARP entries age out after the port's timeout", test_arp_ageing },
	{ "ARP entries heard from again are refreshed", test_arp_refresh },
	{ "TTL exceeded quotes the packet", test_ttl_exceeded },
	{ "no route: net unreachable", test_no_route },
	{ "null0: dropped silently", test_null_route },
	{ "DF and too big: fragmentation needed with the MTU", test_frag_needed },
	{ "DF clear and too big: fragments", test_fragmentation },
	{ "fragments carry only copied options after the first", test_fragmentation_options },
	{ "a fragment is fragmented further", test_fragment_of_fragment },
	{ "echo request to the router is answered", test_echo_reply },
	{ "malformed input is dropped by reason", test_malformed },
	{ "martians and broadcasts are dropped", test_martians_and_broadcast },
	{ "ECMP spreads flows by port and keeps a flow on one path", test_ecmp_spread_and_stable },
	{ "ECMP spreads flows by address", test_ecmp_spread_by_address },
	{ "no ICMP error about an ICMP error or a later fragment", test_no_error_about_errors },
	{ "ICMP errors are rate limited", test_icmp_rate_limit },
	{ "for the router: punted, or dropped without a punt port", test_punt },
	{ "from the punt port: routed without TTL decrement", test_from_punt_port },
	{ "a burst's TCP segments for the router are punted joined", test_punt_joins_segments },
	{ "a growing run waits for the next burst, not past it", test_punt_run_held_while_growing },
	{ "between bursts a run waits as it is; a port that goes loses it", test_run_between_bursts },
	{ "the Internet checksum equals RFC 1071's", test_checksum_reference },
	{ "transmit failure is counted", test_tx_failure_counted },
	{ "SSL-VPN port: a user's packet forwarded to the LAN", test_vport_to_lan },
	{ "SSL-VPN port: LAN to a user, no ARP", test_lan_to_vport },
	{ "SSL-VPN port: offloaded TCP cut into segments, MTU", test_vport_segments_and_mtu },
	{ "SSL-VPN port: a source outside the pool is dropped", test_vport_spoof },
	{ "SSL-VPN port: TTL exceeded goes back to the user", test_vport_ttl_exceeded },
	{ "SSL-VPN port: echo answered, TCP punted", test_vport_to_router },
	{ "SSL-VPN port: absent without the block, shut or no pool", test_vport_absent },
	{ "SSL-VPN port: transmit failure is counted", test_vport_tx_failure },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "engine"
#include "cunit_main.h"
