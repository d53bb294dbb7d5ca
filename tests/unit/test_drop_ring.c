/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for `debug engine`'s drop records: the lock-free ring (order,
 * the bound and the count of what it lost, its counters wrapping, one
 * producer and one consumer thread at once), the record made of a frame
 * and its line, and the engine, which records a drop only while the
 * category is on.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "engine/drop_ring.h"
#include "engine/engine.h"
#include "engine/pkt.h"
#include "engine/snapshot.h"
#include "lib/debug.h"
#include "route/rib.h"

static struct drop_ring ring;

static struct drop_record
numbered(uint32_t n)
{
	return (struct drop_record){ .len = n, .src = n, .dst = ~n };
}

/* ---- the ring ---- */

static void
test_ring_order(void)
{
	struct drop_record r;
	uint32_t i;

	memset(&ring, 0, sizeof(ring));
	CU_ASSERT_FALSE(drop_ring_get(&ring, &r));
	for (i = 1; i <= 3; i++)
		CU_ASSERT_TRUE(drop_ring_put(&ring, &(struct drop_record){ .len = i }));
	for (i = 1; i <= 3; i++) {
		CU_ASSERT_TRUE_FATAL(drop_ring_get(&ring, &r));
		CU_ASSERT_EQUAL(r.len, i);
	}
	CU_ASSERT_FALSE(drop_ring_get(&ring, &r));
}

static void
test_ring_full_counts_lost(void)
{
	struct drop_record r;
	uint32_t i;

	memset(&ring, 0, sizeof(ring));
	for (i = 0; i < DROP_RING_SLOTS; i++)
		CU_ASSERT_TRUE(drop_ring_put(&ring, &(struct drop_record){ .len = i }));
	CU_ASSERT_FALSE(drop_ring_put(&ring, &(struct drop_record){ .len = 999 }));
	CU_ASSERT_FALSE(drop_ring_put(&ring, &(struct drop_record){ .len = 999 }));
	CU_ASSERT_EQUAL(drop_ring_claim_lost(&ring), 2);
	CU_ASSERT_EQUAL(drop_ring_claim_lost(&ring), 0);
	/* one read makes room for one record; the oldest comes first */
	CU_ASSERT_TRUE(drop_ring_get(&ring, &r));
	CU_ASSERT_EQUAL(r.len, 0);
	CU_ASSERT_TRUE(drop_ring_put(&ring, &(struct drop_record){ .len = 1000 }));
	CU_ASSERT_FALSE(drop_ring_put(&ring, &(struct drop_record){ .len = 1001 }));
	for (i = 1; i < DROP_RING_SLOTS; i++) {
		CU_ASSERT_TRUE_FATAL(drop_ring_get(&ring, &r));
		CU_ASSERT_EQUAL(r.len, i);
	}
	CU_ASSERT_TRUE(drop_ring_get(&ring, &r));
	CU_ASSERT_EQUAL(r.len, 1000);
	CU_ASSERT_FALSE(drop_ring_get(&ring, &r));
}

/* The counters run on past UINT_MAX: order and bound still hold. */
static void
test_ring_counters_wrap(void)
{
	struct drop_record r;
	uint32_t i;

	memset(&ring, 0, sizeof(ring));
	atomic_store(&ring.head, UINT32_MAX - 5);
	atomic_store(&ring.tail, UINT32_MAX - 5);
	for (i = 0; i < DROP_RING_SLOTS; i++)
		CU_ASSERT_TRUE(drop_ring_put(&ring, &(struct drop_record){ .len = i }));
	CU_ASSERT_FALSE(drop_ring_put(&ring, &(struct drop_record){ .len = 999 }));
	for (i = 0; i < DROP_RING_SLOTS; i++) {
		CU_ASSERT_TRUE_FATAL(drop_ring_get(&ring, &r));
		CU_ASSERT_EQUAL(r.len, i);
	}
	CU_ASSERT_FALSE(drop_ring_get(&ring, &r));
	CU_ASSERT(atomic_load(&ring.head) < 1000u);
}

#define STRESS_RECORDS	1000000u

static atomic_bool producer_done;

static void *
producer(void *arg)
{
	struct drop_record r;
	uint32_t i;

	(void)arg;
	for (i = 1; i <= STRESS_RECORDS; i++) {
		r = numbered(i);
		drop_ring_put(&ring, &r);
	}
	atomic_store(&producer_done, true);
	return NULL;
}

/* A producer that never waits and a consumer at once: every record comes
 * whole, in order, or is counted lost; none twice, none invented. */
static void
test_ring_two_threads(void)
{
	struct drop_record r;
	uint64_t got = 0, bad = 0, lost;
	uint32_t prev = 0;
	pthread_t t;
	bool done;

	memset(&ring, 0, sizeof(ring));
	atomic_store(&producer_done, false);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, producer, NULL), 0);
	do {
		done = atomic_load(&producer_done);
		while (drop_ring_get(&ring, &r)) {
			got++;
			bad += r.len <= prev || r.src != r.len || r.dst != ~r.len;
			prev = r.len;
		}
	} while (!done);
	pthread_join(t, NULL);
	lost = drop_ring_claim_lost(&ring);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(got + lost, STRESS_RECORDS);
	CU_ASSERT(got >= DROP_RING_SLOTS);
}

/* ---- records and their lines ---- */

static void
line_of(const struct drop_record *r, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	drop_record_format(r, &sb);
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static void
test_record_without_frame(void)
{
	struct drop_record r;
	char line[256];

	drop_record_fill(&r, DROP_TX_ERROR, 3, "wan1", NULL, 0);
	line_of(&r, line, sizeof(line));
	CU_ASSERT_STRING_EQUAL(line, "drop on wan1: transmit failed");
	drop_record_fill(&r, DROP_ARP_TABLE_FULL, 7, NULL, NULL, 0);
	line_of(&r, line, sizeof(line));
	CU_ASSERT_STRING_EQUAL(line, "drop on port 7: ARP table full");
}

static void
test_record_reads_only_len(void)
{
	static const uint8_t runt[10];
	/* an IPv4 EtherType and 19 bytes of header: too short to read */
	uint8_t frame[ETH_HLEN_ + 19] = { [12] = 0x08, [14] = 0x45 };
	struct drop_record r;
	char line[256];

	drop_record_fill(&r, DROP_RUNT, 0, "lan0", runt, sizeof(runt));
	line_of(&r, line, sizeof(line));
	CU_ASSERT_STRING_EQUAL(line,
	    "drop on lan0: frame shorter than an Ethernet header, 10 bytes");
	drop_record_fill(&r, DROP_IP_TRUNCATED, 0, "lan0", frame, sizeof(frame));
	line_of(&r, line, sizeof(line));
	CU_ASSERT_STRING_EQUAL(line,
	    "drop on lan0: IPv4 shorter than its header; type 0x0800, 33 bytes");
	/* a long interface name is cut to the record's size */
	drop_record_fill(&r, DROP_RUNT, 0,
	    "a-name-much-longer-than-any-interface-may-have", runt, 1);
	CU_ASSERT_EQUAL(strlen(r.ifname), CFG_NAME_MAX - 1);
}

/* ---- the engine records drops while `debug engine` is on ---- */

#define LAN_ADDR	0x0a010001u	/* 10.1.0.1/24 on lan0, port 0 */
#define HOST		0x0a010002u
#define UNROUTED	0xac100001u	/* 172.16.0.1 */

static const uint8_t lan_mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t host_mac[6] = { 2, 0, 0, 0, 0, 2 };

static bool
tx(void *arg, unsigned port, const uint8_t *frame, size_t len,
    const struct pkt_offload *off)
{
	(void)arg;
	(void)port;
	(void)frame;
	(void)len;
	(void)off;
	return true;
}

static int
slot_of(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "lan0") == 0 ? 0 : -1;
}

static struct {
	struct config	*cfg;
	struct rib	*rib;
	struct snapshot	*snap;
	struct engine	*e;
} R;

static void
router_up(void)
{
	struct cfg_interface *i;

	R.cfg = config_new();
	i = config_interface_get(R.cfg, "lan0");
	i->has_addr = true;
	i->addr = LAN_ADDR;
	i->plen = 24;
	i->mtu = 1500;
	R.rib = rib_build(R.cfg);
	R.snap = snapshot_build(R.cfg, R.rib, slot_of, NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.snap);
	memcpy(R.snap->port[0].mac, lan_mac, 6);
	R.e = engine_new(tx, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(R.e);
	engine_install(R.e, R.snap, 1000);
}

static void
router_down(void)
{
	debug_all_off();
	engine_free(R.e);
	snapshot_free(R.snap);
	rib_free(R.rib);
	config_free(R.cfg);
}

/* An Ethernet frame from the host to the router's MAC: IPv4 with proto
 * and a 20-byte payload, to dst (the checksum right). */
static size_t
ipv4_frame(uint8_t *f, uint8_t proto, uint32_t dst)
{
	struct eth_hdr *eh = (struct eth_hdr *)(void *)f;
	struct ip_hdr *ip = (struct ip_hdr *)(void *)(f + ETH_HLEN_);
	size_t len = ETH_HLEN_ + sizeof(*ip) + 20;

	memset(f, 0, len);
	memcpy(eh->dst, lan_mac, 6);
	memcpy(eh->src, host_mac, 6);
	eh->type = htons(ETHTYPE_IPV4);
	ip->vhl = 0x45;
	ip->len = htons((uint16_t)(len - ETH_HLEN_));
	ip->ttl = 64;
	ip->proto = proto;
	ip->src = htonl(HOST);
	ip->dst = htonl(dst);
	ip->sum = pkt_cksum(ip, sizeof(*ip));
	return len;
}

/* The lines of the records in the engine's ring, joined by '|'. */
static void
drained(char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct drop_record r;

	while (drop_ring_get(engine_drop_ring(R.e), &r)) {
		if (sb.len > 0)
			strbuf_putc(&sb, '|');
		drop_record_format(&r, &sb);
	}
	snprintf(buf, size, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static void
test_engine_records_only_while_on(void)
{
	uint8_t f[128];
	char lines[1024];
	size_t len;

	router_up();
	len = ipv4_frame(f, 17, UNROUTED);
	engine_input(R.e, 0, f, len, NULL, 1000);
	CU_ASSERT_EQUAL(engine_stats(R.e)->drops[DROP_NO_ROUTE], 1);
	drained(lines, sizeof(lines));
	CU_ASSERT_STRING_EQUAL(lines, "");

	debug_set(DEBUG_ENGINE, true);
	len = ipv4_frame(f, 17, UNROUTED);
	engine_input(R.e, 0, f, len, NULL, 1000);
	drained(lines, sizeof(lines));
	CU_ASSERT_STRING_EQUAL(lines, "drop on lan0: no route to the destination; "
	    "10.1.0.2 > 172.16.0.1 proto 17, 54 bytes");

	debug_set(DEBUG_ENGINE, false);
	len = ipv4_frame(f, 17, UNROUTED);
	engine_input(R.e, 0, f, len, NULL, 1000);
	drained(lines, sizeof(lines));
	CU_ASSERT_STRING_EQUAL(lines, "");
	CU_ASSERT_EQUAL(engine_stats(R.e)->drops[DROP_NO_ROUTE], 3);
	router_down();
}

/* Each drop site gives the port the frame was on and the frame itself. */
static void
test_engine_records_each_kind(void)
{
	struct arp_pkt *ap;
	uint8_t f[128];
	char lines[1024];
	size_t len;

	router_up();
	debug_set(DEBUG_ENGINE, true);
	/* TCP for the router, and no punt path to hand it to */
	len = ipv4_frame(f, 6, LAN_ADDR);
	engine_input(R.e, 0, f, len, NULL, 1000);
	/* an ARP request for an address that is not the router's */
	memset(f, 0, sizeof(f));
	memset(f, 0xff, 6);
	memcpy(f + 6, host_mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	ap = (struct arp_pkt *)(void *)(f + ETH_HLEN_);
	ap->hw = htons(ARP_HW_ETHER);
	ap->proto = htons(ETHTYPE_IPV4);
	ap->hlen = 6;
	ap->plen = 4;
	ap->op = htons(ARP_OP_REQUEST);
	memcpy(ap->sha, host_mac, 6);
	ap->spa = htonl(HOST);
	ap->tpa = htonl(0x0a010063);
	engine_input(R.e, 0, f, ETH_MIN_FRAME, NULL, 1000);
	/* an EtherType the router does not serve */
	f[12] = 0x86;
	f[13] = 0xdd;
	engine_input(R.e, 0, f, ETH_MIN_FRAME, NULL, 1000);
	/* a queued write that failed later */
	engine_tx_failed(R.e, 0, 60);
	drained(lines, sizeof(lines));
	CU_ASSERT_STRING_EQUAL(lines,
	    "drop on the control plane: for the router, control-plane TAP not up; "
	    "10.1.0.2 > 10.1.0.1 proto 6, 54 bytes|"
	    "drop on lan0: ARP for another address; ARP 10.1.0.2 > 10.1.0.99, 60 bytes|"
	    "drop on lan0: EtherType not served (not IPv4 or ARP); type 0x86dd, 60 bytes|"
	    "drop on lan0: transmit failed");
	router_down();
}

static CU_TestInfo tests[] = {
	{ "ring: first in, first out", test_ring_order },
	{ "ring: bounded, what it could not take counted", test_ring_full_counts_lost },
	{ "ring: counters wrap", test_ring_counters_wrap },
	{ "ring: one producer and one consumer thread", test_ring_two_threads },
	{ "record: no frame at hand", test_record_without_frame },
	{ "record: reads nothing past the frame", test_record_reads_only_len },
	{ "engine: records only while debug engine is on", test_engine_records_only_while_on },
	{ "engine: port and frame of each kind of drop", test_engine_records_each_kind },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "drop_ring"
#include "cunit_main.h"
