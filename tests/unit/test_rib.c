/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for route selection: priority, ECMP, withdrawal, lookups,
 * the SSL-VPN pool. */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_sslvpn.h"
#include "route/rib.h"
#include "route_builder.h"

static void
iface(struct config *c, const char *name, uint32_t addr, uint8_t plen, bool shut)
{
	struct cfg_interface *i = config_interface_get(c, name);

	i->has_addr = true;
	i->addr = addr;
	i->plen = plen;
	i->shutdown = shut;
}

static void
route(struct config *c, uint32_t prefix, uint8_t plen, enum cfg_nexthop kind,
    uint32_t nh, const char *name, uint8_t prio)
{
	struct cfg_route r = make_route(prefix, plen, kind, nh, name, prio);

	config_route_set(c, &r);
}

static const struct rib_route *
at(const struct rib *rib, long i)
{
	CU_ASSERT_FATAL(i >= 0);
	return rib_route(rib, (size_t)i);
}

static void
test_priority_ecmp_and_fallback(void)
{
	struct config *c = config_new();
	struct rib *rib;
	long i;

	iface(c, "wan0", 0xc6336401, 24, false);	/* 198.51.100.1/24 */
	iface(c, "wan1", 0xcb007101, 24, false);	/* 203.0.113.1/24 */
	route(c, 0x0a0a0000, 16, NH_ADDRESS, 0xc633640b, NULL, 10);
	route(c, 0x0a0a0000, 16, NH_ADDRESS, 0xcb00710b, NULL, 20);
	route(c, 0x0a140000, 16, NH_ADDRESS, 0xc633640d, NULL, 5);
	route(c, 0x0a140000, 16, NH_ADDRESS, 0xc633640e, NULL, 5);
	rib = rib_build(c);
	i = rib_lookup(rib, 0x0a0a0101);
	CU_ASSERT_TRUE(at(rib, i)->installed);
	CU_ASSERT_EQUAL(at(rib, i)->priority, 10);
	CU_ASSERT_STRING_EQUAL(at(rib, i)->out_if, "wan0");
	CU_ASSERT_FALSE(at(rib, i + 1)->installed);
	CU_ASSERT_STRING_EQUAL(at(rib, i + 1)->why, "a lower priority value is installed");
	i = rib_find(rib, 0x0a140000, 16);
	CU_ASSERT_TRUE(at(rib, i)->installed && at(rib, i + 1)->installed);	/* ECMP */
	rib_free(rib);
	/* the primary's interface goes down: the standby takes over */
	iface(c, "wan0", 0xc6336401, 24, true);
	rib = rib_build(c);
	i = rib_lookup(rib, 0x0a0a0101);
	CU_ASSERT_EQUAL(at(rib, i)->priority, 20);
	CU_ASSERT_STRING_EQUAL(at(rib, i)->out_if, "wan1");
	i = rib_find(rib, 0x0a0a0000, 16);
	CU_ASSERT_STRING_EQUAL(at(rib, i + 1)->why, "next hop unreachable");
	CU_ASSERT_EQUAL(rib_lookup(rib, 0x0a140101), -1);	/* both via wan0 */
	CU_ASSERT_EQUAL(rib_lookup(rib, 0xc6336405), -1);	/* wan0's network too */
	rib_free(rib);
	config_free(c);
}

static void
test_connected_null_and_interface_routes(void)
{
	struct config *c = config_new();
	struct rib *rib;
	long i;

	iface(c, "lan0", 0xac100001, 16, false);
	iface(c, "lan1", 0x0a000001, 8, true);
	route(c, 0xc0000200, 24, NH_NULL0, 0, NULL, 1);
	route(c, 0x0b000000, 8, NH_INTERFACE, 0, "lan1", 1);
	route(c, 0, 0, NH_INTERFACE, 0, "lan0", 1);
	rib = rib_build(c);
	i = rib_lookup(rib, 0xac100505);
	CU_ASSERT_EQUAL(at(rib, i)->origin, RIB_CONNECTED);
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0xc0000201))->nh_kind, NH_NULL0);
	/* lan1 is shut: its network and the route through it fall to the default */
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0x0a010101))->plen, 0);
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0x0b010101))->plen, 0);
	CU_ASSERT_STRING_EQUAL(at(rib, rib_find(rib, 0x0a000000, 8))->why, "interface shut down");
	CU_ASSERT_EQUAL(rib_find(rib, 0x0c000000, 8), -1);
	CU_ASSERT_EQUAL(rib_count(rib), 5);
	rib_free(rib);
	config_free(c);
}

static bool
only_t1_up(void *arg, const char *tunnel)
{
	(void)arg;
	return strcmp(tunnel, "t1") == 0;
}

/* A route through a tunnel is installed while the tunnel is up, and the
 * next best takes over while it is not. */
static void
test_tunnel_routes(void)
{
	struct config *c = config_new();
	struct rib *rib;
	long i;

	iface(c, "wan0", 0xc6336401, 24, false);
	route(c, 0x0a0a0000, 16, NH_TUNNEL, 0, "t1", 10);
	route(c, 0x0a0a0000, 16, NH_ADDRESS, 0xc633640b, NULL, 20);
	route(c, 0x0a140000, 16, NH_TUNNEL, 0, "t2", 1);
	rib = rib_build(c);	/* every tunnel down */
	i = rib_lookup(rib, 0x0a0a0101);
	CU_ASSERT_EQUAL(at(rib, i)->nh_kind, NH_ADDRESS);
	CU_ASSERT_STRING_EQUAL(at(rib, rib_find(rib, 0x0a0a0000, 16) + 1)->why, "tunnel down");
	CU_ASSERT_EQUAL(rib_lookup(rib, 0x0a140101), -1);
	rib_free(rib);
	rib = rib_build_tunnels(c, only_t1_up, NULL);
	i = rib_lookup(rib, 0x0a0a0101);
	CU_ASSERT_EQUAL(at(rib, i)->nh_kind, NH_TUNNEL);
	CU_ASSERT_STRING_EQUAL(at(rib, i)->nh_name, "t1");
	CU_ASSERT_STRING_EQUAL(at(rib, i)->out_if, "");
	CU_ASSERT_STRING_EQUAL(at(rib, i + 1)->why, "a lower priority value is installed");
	CU_ASSERT_EQUAL(rib_lookup(rib, 0x0a140101), -1);	/* t2 still down */
	rib_free(rib);
	config_free(c);
}

/* The SSL-VPN pool: a connected route through the virtual port, in
 * prefix order among the others, withdrawn while the block is shut down,
 * never a network for a next hop; gone with the block or its pool. */
static void
test_sslvpn_pool(void)
{
	struct config *c = config_new();
	struct cfg_sslvpn *v;
	struct rib *rib;
	long i;

	iface(c, "wan0", 0xc6336401, 24, false);
	iface(c, "lan0", 0x0a000001, 24, false);	/* 10.0.0.1/24, before the pool */
	route(c, 0, 0, NH_ADDRESS, 0xc63364fe, NULL, 1);
	route(c, 0x0a630000, 16, NH_ADDRESS, 0xc63364fe, NULL, 1);	/* covers it */
	route(c, 0xac100000, 12, NH_ADDRESS, 0x0a630007, NULL, 1);	/* via a user */
	v = config_sslvpn_get(c);
	v->has_listen = true;
	v->listen = 0xc6336401;
	v->has_pool = true;
	v->pool = 0x0a630000;	/* 10.99.0.0/24 */
	v->pool_plen = 24;
	rib = rib_build(c);
	i = rib_lookup(rib, 0x0a630005);
	CU_ASSERT_TRUE(at(rib, i)->installed);
	CU_ASSERT_TRUE(at(rib, i)->vport);
	CU_ASSERT_EQUAL(at(rib, i)->origin, RIB_CONNECTED);
	CU_ASSERT_EQUAL(at(rib, i)->prefix, 0x0a630000);
	CU_ASSERT_EQUAL(at(rib, i)->plen, 24);
	CU_ASSERT_STRING_EQUAL(at(rib, i)->out_if, RIB_VPORT_NAME);
	CU_ASSERT_STRING_EQUAL(RIB_VPORT_NAME, "ssl-vpn");
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0x0a000005))->plen, 24);	/* lan0's */
	CU_ASSERT_FALSE(at(rib, rib_lookup(rib, 0x0a000005))->vport);
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0x0a630105))->plen, 16);
	CU_ASSERT_STRING_EQUAL(at(rib, rib_find(rib, 0xac100000, 12))->why,
	    "next hop unreachable");
	for (i = 1; i < (long)rib_count(rib); i++)	/* prefix order */
		CU_ASSERT(at(rib, i - 1)->prefix < at(rib, i)->prefix ||
		    (at(rib, i - 1)->prefix == at(rib, i)->prefix &&
		    at(rib, i - 1)->plen <= at(rib, i)->plen));
	rib_free(rib);
	v->shutdown = true;
	rib = rib_build(c);
	CU_ASSERT_EQUAL(at(rib, rib_lookup(rib, 0x0a630005))->plen, 16);
	CU_ASSERT_STRING_EQUAL(at(rib, rib_find(rib, 0x0a630000, 24))->why, "ssl-vpn shut down");
	rib_free(rib);
	v->shutdown = false;
	v->has_pool = false;
	rib = rib_build(c);
	CU_ASSERT_EQUAL(rib_find(rib, 0x0a630000, 24), -1);
	rib_free(rib);
	CU_ASSERT_TRUE(config_sslvpn_remove(c));
	rib = rib_build(c);
	CU_ASSERT_EQUAL(rib_find(rib, 0x0a630000, 24), -1);
	CU_ASSERT_EQUAL(rib_count(rib), 5);
	rib_free(rib);
	config_free(c);
}

static CU_TestInfo tests[] = {
	{ "priority, ECMP, and the standby taking over", test_priority_ecmp_and_fallback },
	{ "connected, null0 and interface routes", test_connected_null_and_interface_routes },
	{ "tunnel routes: installed while up, the next best while down", test_tunnel_routes },
	{ "the SSL-VPN pool: connected through the virtual port", test_sslvpn_pool },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "rib"
#include "cunit_main.h"
