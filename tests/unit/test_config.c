/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the configuration model: render, diff, merge, validate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_ipsec.h"
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

/* A complete manual tunnel to peer, local 10.n.0.0/16 to remote 10.(n+100).0.0/16. */
static struct cfg_tunnel *
add_tunnel(struct config *c, const char *name, uint32_t peer, uint32_t n)
{
	struct cfg_tunnel *t = config_tunnel_get(c, name);

	t->has_peer = true;
	t->peer = peer;
	t->nproposals = 1;
	t->proposal[0] = ESP_AES128_GCM16;
	t->nlocal = t->nremote = 1;
	t->local_net[0] = (struct cfg_prefix){ 0x0a000000 | n << 16, 16 };
	t->remote_net[0] = (struct cfg_prefix){ 0x0a000000 | (n + 100) << 16, 16 };
	t->keying = KEYING_MANUAL;
	t->sa_in = (struct cfg_manual_sa){ true, 256 + n, "6 QUJD", "" };
	t->sa_out = (struct cfg_manual_sa){ true, 512 + n, "6 REVG", "" };
	return t;
}

static struct cfg_spd_entry
spd_entry(uint32_t seq, enum cfg_spd_action action, const char *tunnel)
{
	struct cfg_spd_entry e;

	memset(&e, 0, sizeof(e));
	e.seq = seq;
	e.action = (uint8_t)action;
	e.sport_hi = e.dport_hi = 65535;
	if (tunnel != NULL)
		snprintf(e.tunnel, sizeof(e.tunnel), "%s", tunnel);
	return e;
}

static struct config *
ipsec_sample(void)
{
	struct config *c = sample();
	struct cfg_spd_entry e;
	struct cfg_tunnel *t;

	t = add_tunnel(c, "office10", 0xcb007102, 1);
	t->proposal[t->nproposals++] = ESP_AES256_SHA512;
	t->esp_lifetime_kb = 2560;
	add_tunnel(c, "office2", 0xcb007103, 2)->shutdown = true;
	e = spd_entry(20, SPD_PROTECT, "office2");
	e.proto = 6;
	e.dst = (struct cfg_prefix){ 0xc0000200, 24 };
	e.dport_lo = e.dport_hi = 443;
	config_spd_set(c, &e);
	e = spd_entry(10, SPD_BYPASS, NULL);
	e.proto = 47;
	e.sport_lo = 1;		/* ignored: no ports for GRE, but rendered */
	config_spd_set(c, &e);
	return c;
}

static void
test_ipsec_render(void)
{
	struct config *c = ipsec_sample(), *d;
	struct strbuf out = STRBUF_INIT;

	config_render(c, CFG_SECT_CRYPTO, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    "crypto ipsec tunnel office2\n"	/* natural order */
	    " peer 203.0.113.3\n"
	    " esp proposal aes128gcm16\n"
	    " local-network 10.2.0.0/16\n"
	    " remote-network 10.102.0.0/16\n"
	    " keying manual\n"
	    " sa inbound spi 258 encryption-key 6 QUJD\n"
	    " sa outbound spi 514 encryption-key 6 REVG\n"
	    " shutdown\n"
	    "!\n"
	    "crypto ipsec tunnel office10\n"
	    " peer 203.0.113.2\n"
	    " esp proposal aes128gcm16 aes256-sha512\n"
	    " esp lifetime 3600 kilobytes 2560\n"
	    " local-network 10.1.0.0/16\n"
	    " remote-network 10.101.0.0/16\n"
	    " keying manual\n"
	    " sa inbound spi 257 encryption-key 6 QUJD\n"
	    " sa outbound spi 513 encryption-key 6 REVG\n"
	    "!\n"
	    "crypto spd\n"
	    " 10 bypass protocol 47 source any port 1-65535 destination any\n"
	    " 20 protect protocol tcp source any destination 192.0.2.0/24 port 443 tunnel office2\n"
	    "!\n");
	strbuf_reset(&out);
	config_render(c, CFG_SECT_ALL, &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "hostname gw1\n!\ncrypto ipsec tunnel office2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), " 20 protect protocol tcp source any "
	    "destination 192.0.2.0/24 port 443 tunnel office2\n!\ninterface lan2\n"));
	/* clone is deep and equal; a change in the copy is not in the original */
	d = config_clone(c);
	CU_ASSERT_TRUE(config_equal(c, d));
	config_tunnel_get(d, "office2")->esn = true;
	CU_ASSERT_FALSE(config_equal(c, d));
	CU_ASSERT_FALSE(config_tunnel_find(c, "office2")->esn);
	config_free(d);
	d = config_clone(c);
	CU_ASSERT_TRUE(config_spd_remove(d, 10));
	CU_ASSERT_FALSE(config_spd_remove(d, 10));
	CU_ASSERT_EQUAL(config_spd_count(d), 1);
	CU_ASSERT_EQUAL(config_spd_count(c), 2);
	CU_ASSERT_FALSE(config_equal(c, d));
	/* a removed and re-created tunnel has the defaults */
	CU_ASSERT_TRUE(config_tunnel_remove(d, "office2"));
	CU_ASSERT_EQUAL(config_tunnel_get(d, "office2")->replay_window, CFG_DEFAULT_REPLAY);
	config_free(d);
	strbuf_free(&out);
	config_free(c);
}

static void
test_ipsec_diff(void)
{
	struct config *a = ipsec_sample(), *b = config_clone(a);
	struct cfg_spd_entry e = spd_entry(30, SPD_DISCARD, NULL);
	struct strbuf out = STRBUF_INIT;

	config_tunnel_get(b, "office10")->peer = 0xcb007109;
	config_tunnel_get(b, "office10")->esn = true;
	config_tunnel_get(b, "t3");
	config_spd_remove(b, 10);
	config_spd_set(b, &e);
	config_diff(a, b, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    " crypto ipsec tunnel office10\n"
	    "- peer 203.0.113.2\n"
	    "+ peer 203.0.113.9\n"
	    "+ esn\n"
	    "+crypto ipsec tunnel t3\n"
	    " crypto spd\n"
	    "- 10 bypass protocol 47 source any port 1-65535 destination any\n"
	    "+ 30 discard source any destination any\n");
	strbuf_free(&out);
	config_free(a);
	config_free(b);
}

static void
test_ipsec_merge(void)
{
	struct config *base = ipsec_sample(), *mine = config_clone(base),
	    *theirs = config_clone(base), *m;
	struct strbuf conflicts = STRBUF_INIT;
	struct cfg_spd_entry e = spd_entry(30, SPD_DISCARD, NULL);

	/* different tunnels and different SPD entries merge */
	config_spd_set(mine, &e);
	config_tunnel_get(mine, "office2")->shutdown = false;
	e.seq = 40;
	config_spd_set(theirs, &e);
	config_tunnel_get(theirs, "office10")->replay_window = 64;
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(config_spd_count(m), 4);
	CU_ASSERT_FALSE(config_tunnel_find(m, "office2")->shutdown);
	CU_ASSERT_EQUAL(config_tunnel_find(m, "office10")->replay_window, 64);
	config_free(m);
	/* the same tunnel and the same entry changed both ways conflict */
	config_tunnel_get(mine, "office10")->replay_window = 32;
	e.action = SPD_BYPASS;
	config_spd_set(mine, &e);
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&conflicts),
	    "crypto ipsec tunnel office10\ncrypto spd 40\n");
	strbuf_free(&conflicts);
	config_free(base);
	config_free(mine);
	config_free(theirs);
}

static void
test_ipsec_validate(void)
{
	struct config *c = ipsec_sample();
	struct strbuf err = STRBUF_INIT;
	struct cfg_spd_entry e;
	struct cfg_tunnel *t;
	struct cfg_route r;

	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	/* a shut tunnel may be incomplete; an active one may not */
	t = config_tunnel_get(c, "office2");
	t->has_peer = false;
	t->nremote = 0;
	t->sa_out.set = false;
	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	t->shutdown = false;
	t->sa_in.spi = 257;			/* office10's */
	snprintf(t->sa_in.int_key, sizeof(t->sa_in.int_key), "6 QUJD");
	t = config_tunnel_get(c, "t3");
	*t = *config_tunnel_find(c, "office10");
	snprintf(t->name, sizeof(t->name), "t3");
	t->proposal[0] = ESP_AES256_SHA256;	/* now both SAs lack an integrity key */
	t->has_local = true;
	t->local = 0xac100009;
	t->local_net[1] = (struct cfg_prefix){ 0x0a650000, 16 };	/* = its remote */
	t->nlocal = 2;
	t->sa_in.spi = 999;
	t = config_tunnel_get(c, "t4");
	t->shutdown = true;
	t->has_peer = true;
	t->peer = 0xac100001;			/* lan10's */
	r = make_route(0x0c000000, 8, NH_TUNNEL, 0, "office10", 1);
	config_route_set(c, &r);
	r = make_route(0x0d000000, 8, NH_TUNNEL, 0, "nosuch", 1);
	config_route_set(c, &r);
	config_tunnel_get(c, "t4")->routing = TUN_ROUTING_ROUTE;
	r = make_route(0x0e000000, 8, NH_TUNNEL, 0, "t4", 1);
	config_route_set(c, &r);
	e = spd_entry(30, SPD_PROTECT, "nosuch");
	config_spd_set(c, &e);
	e = spd_entry(40, SPD_PROTECT, NULL);
	config_spd_set(c, &e);
	e = spd_entry(50, SPD_DISCARD, "office2");
	config_spd_set(c, &e);
	CU_ASSERT_EQUAL(config_validate(c, &err), 16);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err),
	    "crypto ipsec tunnel office2: sa inbound: aes128gcm16 is an AEAD algorithm: it takes no integrity-key\n"
	    "crypto ipsec tunnel office2: no peer\n"
	    "crypto ipsec tunnel office2: routing policy needs a local-network and a remote-network\n"
	    "crypto ipsec tunnel office2: keying manual needs an sa inbound and an sa outbound\n"
	    "crypto ipsec tunnel office10: sa inbound spi 257 is already tunnel office2's\n"
	    "crypto ipsec tunnel t3: sa inbound: aes256-sha256 needs an integrity-key\n"
	    "crypto ipsec tunnel t3: sa outbound: aes256-sha256 needs an integrity-key\n"
	    "crypto ipsec tunnel t3: local-address 172.16.0.9 is no interface's address\n"
	    "crypto ipsec tunnel t3: local-network 10.101.0.0/16 overlaps remote-network 10.101.0.0/16\n"
	    "crypto ipsec tunnel t3: its networks overlap tunnel office10's local-network 10.1.0.0/16 to remote-network 10.101.0.0/16\n"
	    "crypto ipsec tunnel t4: peer 172.16.0.1 is this router's own address\n"
	    "crypto spd 30 protect source any destination any tunnel nosuch: tunnel nosuch does not exist\n"
	    "crypto spd 40 protect source any destination any: protect needs a tunnel\n"
	    "crypto spd 50 discard source any destination any tunnel office2: only protect names a tunnel\n"
	    "ip route 12.0.0.0 255.0.0.0 tunnel office10: tunnel office10 is not a next hop: give it `routing route`\n"
	    "ip route 13.0.0.0 255.0.0.0 tunnel nosuch: tunnel nosuch does not exist\n");
	strbuf_free(&err);
	config_free(c);
}

/* One tunnel more than the engine holds fails the commit, naming the bound. */
static void
test_tunnel_limit(void)
{
	struct config *c = config_new();
	struct strbuf err = STRBUF_INIT;
	char name[16];
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	for (i = 0; i < CFG_TUNNEL_MAX; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		config_tunnel_get(c, name)->shutdown = true;
	}
	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	config_tunnel_get(c, "one-more")->shutdown = true;
	CU_ASSERT_EQUAL(config_validate(c, &err), 1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err),
	    "crypto ipsec tunnel: 4097 tunnels (at most 4096)\n");
	strbuf_free(&err);
	config_free(c);
}

static CU_TestInfo tests[] = {
	{ "running-config layout and order", test_render_layout },
	{ "at most CFG_TUNNEL_MAX tunnels", test_tunnel_limit },
	{ "clone is deep; a route's identity", test_clone_equal_and_replace },
	{ "diff in running-config layout", test_diff },
	{ "three-way merge and conflicts", test_merge },
	{ "validation names each statement", test_validate },
	{ "validation: one TAP device per interface", test_validate_tap },
	{ "100,000 routes: clone, diff, merge, render", test_large_tables },
	{ "tunnels and SPD: layout, clone, remove", test_ipsec_render },
	{ "tunnels and SPD: diff", test_ipsec_diff },
	{ "tunnels and SPD: three-way merge", test_ipsec_merge },
	{ "tunnels and SPD: validation", test_ipsec_validate },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "config"
#include "cunit_main.h"
