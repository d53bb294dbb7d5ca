/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the dataplane's side of the SSL-VPN virtual port: its
 * rings through the worker thread and its bursts. The dataplane has no
 * interface (so no TAP and no privilege is needed), only the ssl-vpn
 * block; packets between two users of the pool go in at the control
 * thread's side (dataplane_vport) and come back out of it: bare IPv4,
 * TTL lowered, checksum right. TTL 1 is answered with time exceeded;
 * spoofed sources, writes while the port is absent and a full ring are
 * counted by the engine.
 *
 * The test moves into a network namespace of its own first, since the
 * dataplane opens the punt path where it may; as root, if it cannot, it
 * runs nothing rather than touch the host's namespace.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/virtio_net.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_sslvpn.h"
#include "dataplane/dataplane.h"
#include "dataplane/vport.h"
#include "lib/dgram_ring.h"
#include "engine/engine.h"
#include "engine/pkt.h"
#include "route/rib.h"

#define LISTEN		0xc0000201u	/* 192.0.2.1 */
#define POOL		0x0a630000u	/* 10.99.0.0/24 */
#define USER		0x0a630005u
#define USER2		0x0a630006u
#define OUTSIDER	0x0a620005u	/* 10.98.0.5: not the pool's */
#define PKT_MAX		2048
#define WAIT_MS		3000		/* for the worker to get to a packet */

static struct {
	bool		 usable;	/* isolated, or harmless where it runs */
	struct dataplane *dp;
	struct vport	*vport;		/* the control thread's side */
	struct config	*cfg;		/* what runs now */
	struct rib	*rib;
} T;

/* A namespace of its own, or no privilege to change the one it is in. */
static bool
isolate(void)
{
	if (unshare(CLONE_NEWNET) == 0 || unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)
		return true;
	if (geteuid() == 0) {
		fprintf(stderr, "no network namespace of its own (%s): not run\n",
		    strerror(errno));
		return false;
	}
	return true;
}

/* Commits a configuration with the ssl-vpn block (or without); the
 * previous configuration and RIB are freed once replaced. */
static void
commit(bool with_block)
{
	struct config *c = config_new();
	struct strbuf err = STRBUF_INIT;
	struct cfg_sslvpn *v;
	struct dp_change *ch;
	struct rib *rib;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	if (with_block) {
		v = config_sslvpn_get(c);
		v->has_listen = true;
		v->listen = LISTEN;
		v->has_pool = true;
		v->pool = POOL;
		v->pool_plen = 24;
	}
	rib = rib_build(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rib);
	ch = dataplane_prepare(T.dp, c, rib, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ch);
	dataplane_commit(T.dp, ch);
	strbuf_free(&err);
	rib_free(T.rib);
	config_free(T.cfg);
	T.cfg = c;
	T.rib = rib;
}

/* A dataplane with the ssl-vpn block committed; false: not run here. */
static bool
up(void)
{
	static bool isolated, tried;
	struct strbuf err = STRBUF_INIT;

	if (!tried) {
		isolated = isolate();
		tried = true;
	}
	if (!isolated)
		return false;
	memset(&T, 0, sizeof(T));
	T.dp = dataplane_new("test", &err);
	if (T.dp == NULL)
		fprintf(stderr, "dataplane: %s\n", strbuf_str(&err));
	strbuf_free(&err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(T.dp);
	T.vport = dataplane_vport(T.dp);
	commit(true);
	return true;
}

static void
down(void)
{
	dataplane_free(T.dp);
	rib_free(T.rib);
	config_free(T.cfg);
	memset(&T, 0, sizeof(T));
}

/* A UDP packet from src to dst with n bytes of payload; its length. */
static size_t
udp_packet(uint8_t *p, uint32_t src, uint32_t dst, uint8_t ttl, size_t n)
{
	struct ip_hdr ip;
	uint16_t udp[4] = { htons(4000), htons(5000), htons((uint16_t)(8 + n)), 0 };
	size_t i;

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.len = htons((uint16_t)(sizeof(ip) + 8 + n));
	ip.id = htons(0x4242);
	ip.ttl = ttl;
	ip.proto = IPPROTO_UDP_;
	ip.src = htonl(src);
	ip.dst = htonl(dst);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memcpy(p, &ip, sizeof(ip));
	memcpy(p + sizeof(ip), udp, 8);
	for (i = 0; i < n; i++)
		p[sizeof(ip) + 8 + i] = (uint8_t)(i * 13 + ttl);
	return sizeof(ip) + 8 + n;
}

/* Writes one packet after an offload header h (NULL: all zero),
 * waiting while the engine's ring is full. */
static void
put_hdr(const struct virtio_net_hdr *h, const uint8_t *p, size_t len)
{
	static const struct virtio_net_hdr zero;
	uint64_t until = dataplane_now_ms() + WAIT_MS;
	uint8_t *room;

	while ((room = dgram_ring_reserve(T.vport->to_engine, sizeof(zero) + len)) == NULL)
		CU_ASSERT_FATAL(usleep(1000) == 0 && dataplane_now_ms() < until);
	memcpy(room, h ? h : &zero, sizeof(zero));
	memcpy(room + sizeof(zero), p, len);
	dgram_ring_commit(T.vport->to_engine, sizeof(zero) + len);
}

static void
put(const uint8_t *p, size_t len)
{
	put_hdr(NULL, p, len);
}

/* The next packet from the engine within ms milliseconds, without the
 * room before it; its length, or -1 if none came. */
static ssize_t
get(uint8_t *p, int ms)
{
	struct pollfd pfd = { .fd = dgram_ring_fd(T.vport->to_control), .events = POLLIN };
	const uint8_t *d;
	size_t n;

	dgram_ring_quiet(T.vport->to_control);
	if ((d = dgram_ring_peek(T.vport->to_control, &n)) == NULL &&
	    (poll(&pfd, 1, ms) != 1 || (d = dgram_ring_peek(T.vport->to_control, &n)) == NULL))
		return -1;
	CU_ASSERT_FATAL(n > ETH_HLEN_ && n - ETH_HLEN_ <= PKT_MAX);
	memcpy(p, d + ETH_HLEN_, n - ETH_HLEN_);
	dgram_ring_pop(T.vport->to_control);
	return (ssize_t)(n - ETH_HLEN_);
}

static struct engine_stats
stats(void)
{
	struct engine_stats s = *engine_stats(dataplane_lock(T.dp));

	dataplane_unlock(T.dp);
	return s;
}

static struct port_counters
vport_counters(void)
{
	struct port_counters c = *engine_port_counters(dataplane_lock(T.dp), SNAP_PORT_VPORT);

	dataplane_unlock(T.dp);
	return c;
}

/* Waits until the engine counted n drops for why; whether it did. */
static bool
wait_drops(enum engine_drop why, uint64_t n)
{
	uint64_t until = dataplane_now_ms() + WAIT_MS;

	while (stats().drops[why] < n && dataplane_now_ms() < until)
		usleep(1000);
	return stats().drops[why] == n;
}

/* A user's packet to another user: out of the same end, bare, forwarded. */
static void
test_user_to_user(void)
{
	uint8_t in[PKT_MAX], out[PKT_MAX];
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)out;
	struct port_counters c;
	size_t len, n;
	ssize_t got;

	if (!up())
		return;
	for (n = 0; n < 1400; n += 350) {
		len = udp_packet(in, USER, USER2, 64, n);
		put(in, len);
		got = get(out, WAIT_MS);
		CU_ASSERT_EQUAL_FATAL(got, (ssize_t)len);
		CU_ASSERT_EQUAL(out[0], 0x45);	/* no Ethernet header before it */
		CU_ASSERT_EQUAL(ip->ttl, 63);
		CU_ASSERT_EQUAL(pkt_cksum(ip, sizeof(*ip)), 0);
		CU_ASSERT_EQUAL(ntohl(ip->src), USER);
		CU_ASSERT_EQUAL(ntohl(ip->dst), USER2);
		CU_ASSERT_EQUAL(memcmp(out + sizeof(*ip), in + sizeof(*ip), len - sizeof(*ip)), 0);
	}
	c = vport_counters();
	CU_ASSERT_EQUAL(c.rx_packets, 4);
	CU_ASSERT_EQUAL(c.tx_packets, 4);
	CU_ASSERT_EQUAL(c.rx_bytes, c.tx_bytes);
	CU_ASSERT_EQUAL(c.rx_bytes, 4 * 28 + 350 * (0 + 1 + 2 + 3));
	CU_ASSERT_EQUAL(stats().forwarded, 4);
	down();
}

/* Packets written together while the worker sleeps all come through,
 * though its first read of an idle port takes one: what it leaves in the
 * ring must wake it again. */
static void
test_packets_together(void)
{
	uint8_t in[PKT_MAX], out[PKT_MAX];
	size_t len, i;
	unsigned round, got;

	if (!up())
		return;
	len = udp_packet(in, USER, USER2, 64, 100);
	for (round = 0; round < 3; round++) {
		usleep(200 * 1000);	/* the worker back in poll */
		for (i = 0; i < 10; i++)
			put(in, len);
		for (got = 0; got < 10 && get(out, WAIT_MS) == (ssize_t)len; got++)
			;
		CU_ASSERT_EQUAL(got, 10);
	}
	CU_ASSERT_EQUAL(vport_counters().tx_packets, 30);
	down();
}

/* A TCP packet of SEGS x MSS payload bytes from USER to USER2 as the
 * server merges them: after a TSO header whose offsets count from the
 * IPv4 header, the TCP checksum holding the pseudo-header's sum. */
#define TSO_MSS		500
#define TSO_SEGS	3
#define TSO_LEN		(20 + 20 + TSO_SEGS * TSO_MSS)

static void
tso_packet(uint8_t *p, struct virtio_net_hdr *h)
{
	struct ip_hdr ip;
	uint8_t tcp[20] = { 0x9c, 0x40, 0x14, 0x51, 0, 0x0f, 0x42, 0x40, 0, 0, 0, 1,
	    0x50, 0x18, 0x01, 0xf6 };
	uint32_t sum;
	size_t i;

	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.len = htons(TSO_LEN);
	ip.ttl = 64;
	ip.proto = IPPROTO_TCP_;
	ip.src = htonl(USER);
	ip.dst = htonl(USER2);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	sum = pkt_sum(&ip.src, 8, IPPROTO_TCP_ + TSO_LEN - 20);
	tcp[16] = (uint8_t)(sum >> 8);
	tcp[17] = (uint8_t)sum;
	memcpy(p, &ip, sizeof(ip));
	memcpy(p + 20, tcp, sizeof(tcp));
	for (i = 40; i < TSO_LEN; i++)
		p[i] = (uint8_t)(i * 7);
	*h = (struct virtio_net_hdr){ .flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
	    .gso_type = VIRTIO_NET_HDR_GSO_TCPV4, .hdr_len = 40, .gso_size = TSO_MSS,
	    .csum_start = 20, .csum_offset = 16 };
}

/* A merged TCP packet between two users leaves as its segments (the
 * virtual port's transmit cuts it), each with its sequence number and
 * right checksums; an offload header the engine does not know is
 * dropped. */
static void
test_tso_user_to_user(void)
{
	uint8_t in[TSO_LEN], out[PKT_MAX];
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)out;
	struct virtio_net_hdr h;
	ssize_t got;
	unsigned i;

	if (!up())
		return;
	tso_packet(in, &h);
	put_hdr(&h, in, sizeof(in));
	for (i = 0; i < TSO_SEGS; i++) {
		got = get(out, WAIT_MS);
		CU_ASSERT_EQUAL_FATAL(got, 40 + TSO_MSS);
		CU_ASSERT_EQUAL(ip->ttl, 63);
		CU_ASSERT_EQUAL(pkt_cksum(ip, sizeof(*ip)), 0);
		CU_ASSERT_EQUAL(pkt_l4_cksum(ip, out + 20, (size_t)got - 20), 0);
		CU_ASSERT_EQUAL(out[24 + 3], (uint8_t)(0x40 + i * TSO_MSS));
		CU_ASSERT_EQUAL(memcmp(out + 40, in + 40 + i * TSO_MSS, TSO_MSS), 0);
	}
	h.gso_type = 3;		/* UDP: never from the server */
	put_hdr(&h, in, sizeof(in));
	CU_ASSERT_EQUAL(get(out, 300), -1);
	CU_ASSERT_EQUAL(vport_counters().tx_packets, TSO_SEGS);
	down();
}

/* TTL 1: time exceeded back to the user, from the listen address. */
static void
test_ttl_exceeded(void)
{
	uint8_t in[PKT_MAX], out[PKT_MAX];
	const struct ip_hdr *ip = (const struct ip_hdr *)(const void *)out;
	const struct icmp_hdr *ic = (const struct icmp_hdr *)(const void *)(out + sizeof(*ip));
	size_t len;
	ssize_t got;

	if (!up())
		return;
	len = udp_packet(in, USER, USER2, 1, 100);
	put(in, len);
	got = get(out, WAIT_MS);
	CU_ASSERT_EQUAL_FATAL(got, (ssize_t)(sizeof(*ip) + sizeof(*ic) + len));
	CU_ASSERT_EQUAL(pkt_cksum(ip, sizeof(*ip)), 0);
	CU_ASSERT_EQUAL(ip->proto, IPPROTO_ICMP_);
	CU_ASSERT_EQUAL(ntohl(ip->src), LISTEN);
	CU_ASSERT_EQUAL(ntohl(ip->dst), USER);
	CU_ASSERT_EQUAL(ic->type, ICMP_TIMXCEED);
	CU_ASSERT_EQUAL(pkt_cksum(ic, (size_t)got - sizeof(*ip)), 0);
	CU_ASSERT_EQUAL(memcmp(ic + 1, in, len), 0);
	CU_ASSERT_TRUE(wait_drops(DROP_TTL_EXCEEDED, 1));
	down();
}

/* A source outside the pool, and anything while the port is absent. */
static void
test_spoof_and_absent(void)
{
	uint8_t in[PKT_MAX], out[PKT_MAX];
	size_t len;

	if (!up())
		return;
	len = udp_packet(in, OUTSIDER, USER2, 64, 10);
	put(in, len);
	CU_ASSERT_TRUE(wait_drops(DROP_SSLVPN_SPOOF, 1));
	commit(false);
	len = udp_packet(in, USER, USER2, 64, 10);
	put(in, len);
	CU_ASSERT_TRUE(wait_drops(DROP_SSLVPN_ABSENT, 1));
	CU_ASSERT_EQUAL(get(out, 50), -1);
	/* and back */
	commit(true);
	put(in, len);
	CU_ASSERT_EQUAL(get(out, WAIT_MS), (ssize_t)len);
	down();
}

/*
 * The control thread does not read: once its ring is full, what the
 * engine routes to the port is dropped as transmit failures, without
 * the worker ever waiting; every packet is either read or counted.
 */
static void
test_full_ring(void)
{
	const size_t total = 20000;
	uint8_t in[PKT_MAX], out[PKT_MAX];
	struct port_counters c;
	size_t len, i, got = 0;
	uint64_t until;

	if (!up())
		return;
	len = udp_packet(in, USER, USER2, 64, 1372);
	for (i = 0; i < total; i++)
		put(in, len);
	until = dataplane_now_ms() + WAIT_MS;
	do {
		while (get(out, 0) == (ssize_t)len)
			got++;
		c = vport_counters();
	} while ((c.rx_packets < total || got < c.tx_packets ||
	    c.tx_packets + c.tx_errors < total) && dataplane_now_ms() < until);
	CU_ASSERT_EQUAL(c.rx_packets, total);
	CU_ASSERT_EQUAL(got, c.tx_packets);
	CU_ASSERT_EQUAL(c.tx_packets + c.tx_errors, total);
	CU_ASSERT(c.tx_errors > 0);
	CU_ASSERT_EQUAL(stats().drops[DROP_TX_ERROR], c.tx_errors);
	/* drained, it carries on */
	put(in, len);
	CU_ASSERT_EQUAL(get(out, WAIT_MS), (ssize_t)len);
	down();
}

static CU_TestInfo tests[] = {
	{ "a merged TCP packet between users leaves as segments", test_tso_user_to_user },
	{ "a user's packet to another user: bare, forwarded", test_user_to_user },
	{ "packets written together: all forwarded", test_packets_together },
	{ "TTL 1: time exceeded from the listen address", test_ttl_exceeded },
	{ "spoofed source, port absent: dropped and counted", test_spoof_and_absent },
	{ "a full ring: transmit failures, never a wait", test_full_ring },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "dataplane_vport"
#include "cunit_main.h"
