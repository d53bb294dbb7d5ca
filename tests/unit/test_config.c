/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the configuration model: render, diff, merge, validate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "route_builder.h"

static struct config *
sample(void)
{
	struct config *c = config_new();
	struct cfg_interface *i;
	struct cfg_route r;

	config_set_hostname(c, "gw1");
	i = config_interface_get(c, "lan10");
	i->has_addr = true;
	i->addr = 0xac100001;
	i->plen = 16;
	i = config_interface_get(c, "lan2");
	snprintf(i->description, sizeof(i->description), "second LAN");
	i->shutdown = true;
	r = make_route(0x0a0a0000, 16, NH_ADDRESS, 0xc633640b, NULL, 10);
	config_route_set(c, &r);
	r = make_route(0, 0, NH_NULL0, 0, NULL, CFG_DEFAULT_PRIORITY);
	config_route_set(c, &r);
	r = make_route(0x0a0a0000, 16, NH_INTERFACE, 0, "lan2", CFG_DEFAULT_PRIORITY);
	config_route_set(c, &r);
	return c;
}

static void
test_render_layout(void)
{
	struct config *c = sample();
	struct strbuf out = STRBUF_INIT;

	config_render(c, CFG_SECT_ALL, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    "!\n"
	    "hostname gw1\n"
	    "!\n"
	    "interface lan2\n"		/* natural order: lan2 < lan10 */
	    " description second LAN\n"
	    " shutdown\n"
	    "!\n"
	    "interface lan10\n"
	    " ip address 172.16.0.1 255.255.0.0\n"
	    "!\n"
	    "ip route 0.0.0.0 0.0.0.0 null0\n"
	    "ip route 10.10.0.0 255.255.0.0 198.51.100.11 priority 10\n"
	    "ip route 10.10.0.0 255.255.0.0 interface lan2\n"
	    "!\n"
	    "end\n");
	strbuf_reset(&out);
	config_free(c);
	c = config_new();
	config_render(c, CFG_SECT_ALL, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "!\nend\n");
	strbuf_free(&out);
	config_free(c);
}

static void
test_clone_equal_and_replace(void)
{
	struct config *a = sample(), *b = config_clone(a);
	struct cfg_route r = make_route(0x0a0a0000, 16, NH_ADDRESS, 0xc633640b, NULL, 20);

	CU_ASSERT_TRUE(config_equal(a, b));
	config_route_set(b, &r);		/* same identity: replaces priority */
	CU_ASSERT_EQUAL(config_route_count(b), 3);
	CU_ASSERT_EQUAL(config_route_find(b, &r)->priority, 20);
	CU_ASSERT_FALSE(config_equal(a, b));
	CU_ASSERT_EQUAL(config_route_find(a, &r)->priority, 10);	/* deep copy */
	CU_ASSERT_TRUE(config_route_remove(b, &r));
	CU_ASSERT_FALSE(config_route_remove(b, &r));
	CU_ASSERT_EQUAL(config_route_count(b), 2);
	config_free(a);
	config_free(b);
}

static void
test_diff(void)
{
	struct config *a = sample(), *b = config_clone(a);
	struct strbuf out = STRBUF_INIT;
	struct cfg_interface *i;

	config_diff(a, b, &out);
	CU_ASSERT_EQUAL(out.len, 0);
	config_set_hostname(b, "gw2");
	i = config_interface_get(b, "lan2");
	snprintf(i->description, sizeof(i->description), "renamed");
	config_interface_get(b, "wan0")->mtu = 9000;
	config_interface_remove(b, "lan10");
	config_diff(a, b, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    "-hostname gw1\n"
	    "+hostname gw2\n"
	    " interface lan2\n"
	    "- description second LAN\n"
	    "+ description renamed\n"
	    "-interface lan10\n"
	    "- ip address 172.16.0.1 255.255.0.0\n"
	    "+interface wan0\n"
	    "+ mtu 9000\n");
	strbuf_free(&out);
	config_free(a);
	config_free(b);
}

static void
test_merge(void)
{
	struct config *base = sample(), *mine = config_clone(base),
	    *theirs = config_clone(base), *m;
	struct strbuf conflicts = STRBUF_INIT;
	struct cfg_route r = make_route(0xc0000200, 24, NH_NULL0, 0, NULL, 1);

	config_set_hostname(mine, "mine");
	config_route_set(theirs, &r);
	config_interface_get(theirs, "lan2")->mtu = 1400;
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(config_hostname(m), "mine");
	CU_ASSERT_PTR_NOT_NULL(config_route_find(m, &r));
	CU_ASSERT_EQUAL(config_interface_find(m, "lan2")->mtu, 1400);
	config_free(m);
	/* both change lan2 differently: a conflict naming it */
	config_interface_get(mine, "lan2")->mtu = 1300;
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&conflicts), "interface lan2\n");
	/* the same change on both sides is no conflict */
	config_interface_get(mine, "lan2")->mtu = 1400;
	strbuf_reset(&conflicts);
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NOT_NULL(m);
	config_free(m);
	/* one side deletes what the other changed */
	config_interface_remove(mine, "lan2");
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NULL(m);
	strbuf_free(&conflicts);
	config_free(base);
	config_free(mine);
	config_free(theirs);
}

/* Two interfaces on one TAP device, named or derived, are refused. */
static void
test_validate_tap(void)
{
	struct config *c = config_new();
	struct strbuf err = STRBUF_INIT;
	char tap[CFG_TAP_MAX + 1];

	config_interface_tap(config_interface_get(c, "GigabitEthernet0/1:5"), tap);
	CU_ASSERT_STRING_EQUAL(tap, "GigabitEthernet");
	config_interface_tap(config_interface_get(c, "wan0/1"), tap);
	CU_ASSERT_STRING_EQUAL(tap, "wan0-1");
	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	snprintf(config_interface_get(c, "lan0")->tap, CFG_TAP_MAX + 1, "wan0-1");
	CU_ASSERT_EQUAL(config_validate(c, &err), 1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "interface wan0/1: TAP device "
	    "wan0-1 is already interface lan0's: name another with `tap NAME`\n");
	strbuf_free(&err);
	config_free(c);
}

static void
test_validate(void)
{
	struct config *c = sample();
	struct strbuf err = STRBUF_INIT;
	struct cfg_route r;
	struct cfg_interface *i;

	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	r = make_route(0x0b000000, 8, NH_INTERFACE, 0, "nosuch", 1);
	config_route_set(c, &r);
	r = make_route(0x0c000000, 8, NH_TUNNEL, 0, "t1", 1);
	config_route_set(c, &r);
	r = make_route(0x0d000000, 8, NH_ADDRESS, 0xac100001, NULL, 1);
	snprintf(r.track, sizeof(r.track), "tr1");
	config_route_set(c, &r);
	i = config_interface_get(c, "lan3");
	i->has_addr = true;
	i->addr = 0xac10ff01;		/* inside lan10's 172.16.0.0/16 */
	i->plen = 24;
	CU_ASSERT_EQUAL(config_validate(c, &err), 5);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err),
	    "interface lan10: network 172.16.0.0/16 overlaps interface lan3 (172.16.255.0/24)\n"
	    "ip route 11.0.0.0 255.0.0.0 interface nosuch: interface nosuch does not exist\n"
	    "ip route 12.0.0.0 255.0.0.0 tunnel t1: tunnel t1 does not exist\n"
	    "ip route 13.0.0.0 255.0.0.0 172.16.0.1 track tr1: next hop 172.16.0.1 is this router's own address\n"
	    "ip route 13.0.0.0 255.0.0.0 172.16.0.1 track tr1: track tr1 does not exist\n");
	strbuf_free(&err);
	config_free(c);
}

static void
test_large_tables(void)
{
	struct config *a = config_new(), *b, *m;
	struct strbuf out = STRBUF_INIT;
	struct cfg_route r;
	uint32_t i;

	for (i = 0; i < 100000; i++) {
		r = make_route(0x0a000000 + (i << 8), 24, NH_NULL0, 0, NULL, 1);
		config_route_set(a, &r);
	}
	CU_ASSERT_EQUAL(config_route_count(a), 100000);
	b = config_clone(a);
	CU_ASSERT_TRUE(config_equal(a, b));
	r = make_route(0x0a000000 + (77 << 8), 24, NH_NULL0, 0, NULL, 1);
	config_route_remove(b, &r);
	config_diff(a, b, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "-ip route 10.0.77.0 255.255.255.0 null0\n");
	m = config_merge(a, b, a, &out);
	CU_ASSERT_PTR_NOT_NULL(m);
	CU_ASSERT_EQUAL(config_route_count(m), 99999);
	strbuf_reset(&out);
	config_render(m, CFG_SECT_ALL, &out);
	CU_ASSERT(out.len > 99999 * 30);
	config_free(a);
	config_free(b);
	config_free(m);
	strbuf_free(&out);
}

static CU_TestInfo tests[] = {
	{ "running-config layout and order", test_render_layout },
	{ "clone is deep; a route's identity", test_clone_equal_and_replace },
	{ "diff in running-config layout", test_diff },
	{ "three-way merge and conflicts", test_merge },
	{ "validation names each statement", test_validate },
	{ "validation: one TAP device per interface", test_validate_tap },
	{ "100,000 routes: clone, diff, merge, render", test_large_tables },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "config"
#include "cunit_main.h"
