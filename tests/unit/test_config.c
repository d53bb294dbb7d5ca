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


/* The IKE defaults and what the accessors give IKE. */
static void
test_ike_accessors(void)
{
	static const char *const ike_words[] = { "aes128gcm16-prfsha256-ecp256",
		"aes256gcm16-prfsha384-ecp384", "aes256-sha256-modp2048",
		"aes128gcm16-prfsha256-x25519" };
	static const char *const esp_words[] = { "aes128gcm16", "aes256gcm16",
		"aes256-sha256" };
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	const struct ike_algs *ike;
	char name[IKE_ALGS_NAME_MAX];
	struct cfg_tunnel t;
	struct cfg_ike_id id;
	unsigned i, n;

	config_tunnel_defaults(&t, "t");
	CU_ASSERT_EQUAL(t.ike_lifetime, 86400);
	CU_ASSERT_EQUAL(t.dpd_interval, 30);
	CU_ASSERT_EQUAL(t.dpd_retries, 3);
	CU_ASSERT_EQUAL(t.start, START_INITIATE);
	CU_ASSERT_EQUAL(t.local_id.type, ID_DEFAULT);
	/* the defaults, as vgw.conf(5) lists them */
	ike = config_tunnel_ike_proposals(&t, &n);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	for (i = 0; i < n; i++) {
		ike_algs_name(&ike[i], name, sizeof(name));
		CU_ASSERT_STRING_EQUAL(name, ike_words[i]);
	}
	n = config_tunnel_esp_proposals(&t, esp);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	for (i = 0; i < n; i++) {
		esp_algs_name(&esp[i], name, sizeof(name));
		CU_ASSERT_STRING_EQUAL(name, esp_words[i]);
	}
	/* a tunnel's own lists */
	t.nike = 1;
	CU_ASSERT_EQUAL(ike_algs_parse("aes256-sha512-ecp384", &t.ike_proposal[0],
	    NULL, 0), 0);
	ike = config_tunnel_ike_proposals(&t, &n);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_PTR_EQUAL(ike, t.ike_proposal);
	t.nproposals = 2;
	t.proposal[0] = ESP_AES256_GCM16;
	t.proposal_dh[0] = IKE_DH_CURVE25519;
	t.proposal[1] = ESP_AES128_SHA256;
	t.proposal_dh[1] = IKE_DH_NONE;
	CU_ASSERT_EQUAL(config_tunnel_esp_proposals(&t, esp), 2);
	CU_ASSERT_EQUAL(esp[0].alg, ESP_AES256_GCM16);
	CU_ASSERT_EQUAL(esp[0].dh, IKE_DH_CURVE25519);
	CU_ASSERT_EQUAL(esp[1].dh, IKE_DH_NONE);
	/* identities: the addresses unless configured */
	t.peer = 0xcb007102;
	id = config_tunnel_local_id(&t, 0xc6336401);
	CU_ASSERT_EQUAL(id.type, ID_ADDRESS);
	CU_ASSERT_EQUAL(id.addr, 0xc6336401);
	id = config_tunnel_remote_id(&t);
	CU_ASSERT_EQUAL(id.type, ID_ADDRESS);
	CU_ASSERT_EQUAL(id.addr, 0xcb007102);
	t.local_id.type = ID_FQDN;
	snprintf(t.local_id.fqdn, sizeof(t.local_id.fqdn), "gw.example");
	t.remote_id.type = ID_ADDRESS;
	t.remote_id.addr = 0x0a000001;
	id = config_tunnel_local_id(&t, 0xc6336401);
	CU_ASSERT_EQUAL(id.type, ID_FQDN);
	CU_ASSERT_STRING_EQUAL(id.fqdn, "gw.example");
	CU_ASSERT_EQUAL(config_tunnel_remote_id(&t).addr, 0x0a000001);
}

static void
test_fqdn_psk_syntax(void)
{
	static const struct {
		const char *name;
		bool ok;
	} fqdns[] = {
		{ "gw1.example.net", true }, { "gw", true }, { "a-b.c-d", true },
		{ "GW.Example.NET", true }, { "1gw.example", true }, { "x.1a", true },
		{ "", false }, { ".", false }, { "gw.", false }, { ".gw", false },
		{ "a..b", false }, { "-a.b", false }, { "a-.b", false },
		{ "a_b.c", false }, { "a b", false }, { "caf\xc3\xa9.fr", false },
		{ "192.0.2.1", false }, { "gw.123", false }, { "*.example", false },
	};
	uint8_t key[300];
	const char *why;
	char name[300];
	size_t i;

	for (i = 0; i < sizeof(fqdns) / sizeof(fqdns[0]); i++) {
		why = NULL;
		if (config_fqdn_ok(fqdns[i].name, &why) != fqdns[i].ok)
			fprintf(stderr, "\nfqdn \"%s\"\n", fqdns[i].name);
		CU_ASSERT_EQUAL(config_fqdn_ok(fqdns[i].name, &why), fqdns[i].ok);
		CU_ASSERT(fqdns[i].ok || why != NULL);
	}
	/* 63 characters a label, 253 in all */
	memset(name, 'a', 63);
	strcpy(name + 63, ".b");
	CU_ASSERT_TRUE(config_fqdn_ok(name, &why));
	memset(name, 'a', 64);
	strcpy(name + 64, ".b");
	CU_ASSERT_FALSE(config_fqdn_ok(name, &why));
	for (i = 0; i < 252; i += 2)
		memcpy(name + i, "a.", 2);
	strcpy(name + 252, "b");
	CU_ASSERT_EQUAL(strlen(name), 253);
	CU_ASSERT_TRUE(config_fqdn_ok(name, &why));
	strcpy(name + 252, "bb");
	CU_ASSERT_FALSE(config_fqdn_ok(name, &why));
	CU_ASSERT_STRING_EQUAL(why, "at most 253 characters");
	/* pre-shared keys: 1 to 256 printable ASCII characters */
	memset(key, 'k', sizeof(key));
	CU_ASSERT_TRUE(config_psk_ok(key, 1, &why));
	CU_ASSERT_TRUE(config_psk_ok(key, 256, &why));
	CU_ASSERT_FALSE(config_psk_ok(key, 0, &why));
	CU_ASSERT_FALSE(config_psk_ok(key, 257, &why));
	key[3] = ' ';
	key[4] = '~';
	CU_ASSERT_TRUE(config_psk_ok(key, 10, &why));
	key[5] = 0x7f;
	CU_ASSERT_FALSE(config_psk_ok(key, 10, &why));
	key[5] = '\t';
	CU_ASSERT_FALSE(config_psk_ok(key, 10, &why));
	key[5] = 0xc3;
	CU_ASSERT_FALSE(config_psk_ok(key, 10, &why));
	CU_ASSERT_STRING_EQUAL(why, "printable ASCII characters only");
}

/* An IKE tunnel: its lines in order, equality field by field, diff. */
static void
test_ike_render_equal(void)
{
	struct config *c = config_new(), *d;
	struct strbuf out = STRBUF_INIT;
	struct cfg_tunnel *t = config_tunnel_get(c, "t1"), *u;

	t->has_peer = true;
	t->peer = 0xcb007102;
	snprintf(t->psk, sizeof(t->psk), "6 QUJD");
	t->nike = 2;
	CU_ASSERT_EQUAL(ike_algs_parse("aes256-sha256-prfsha384-modp2048",
	    &t->ike_proposal[0], NULL, 0), 0);
	CU_ASSERT_EQUAL(ike_algs_parse("aes128gcm16-prfsha256-curve25519",
	    &t->ike_proposal[1], NULL, 0), 0);
	t->ike_lifetime = 3600;
	t->nproposals = 2;
	t->proposal[0] = ESP_AES128_GCM16;
	t->proposal_dh[0] = IKE_DH_ECP384;
	t->proposal[1] = ESP_AES256_SHA384;
	t->local_id = (struct cfg_ike_id){ ID_ADDRESS, 0xc6336401, "" };
	t->remote_id = (struct cfg_ike_id){ ID_FQDN, 0, "office.example" };
	t->dpd_interval = 5;
	t->dpd_retries = 10;
	t->start = START_ON_TRAFFIC;
	t->routing = TUN_ROUTING_ROUTE;
	config_render(c, CFG_SECT_CRYPTO, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    "crypto ipsec tunnel t1\n"
	    " peer 203.0.113.2\n"
	    " pre-shared-key 6 QUJD\n"
	    " ike proposal aes256-sha256-prfsha384-modp2048 aes128gcm16-prfsha256-x25519\n"
	    " ike lifetime 3600\n"
	    " esp proposal aes128gcm16-ecp384 aes256-sha384\n"
	    " local-id address 198.51.100.1\n"
	    " remote-id fqdn office.example\n"
	    " routing route\n"
	    " dpd interval 5 retries 10\n"
	    " start on-traffic\n"
	    "!\n");
	/* each field counts for equality; an unused one does not */
	d = config_clone(c);
	CU_ASSERT_TRUE(config_equal(c, d));
	u = config_tunnel_get(d, "t1");
	u->ike_proposal[1].dh = IKE_DH_ECP256;
	CU_ASSERT_FALSE(config_equal(c, d));
	u->ike_proposal[1].dh = IKE_DH_CURVE25519;
	u->proposal_dh[0] = IKE_DH_NONE;
	CU_ASSERT_FALSE(config_equal(c, d));
	u->proposal_dh[0] = IKE_DH_ECP384;
	u->remote_id.fqdn[0] = 'O';
	CU_ASSERT_FALSE(config_equal(c, d));
	u->remote_id.fqdn[0] = 'o';
	u->remote_id.addr = 1;			/* not used by an fqdn */
	u->ike_proposal[3].dh = 1;		/* past nike */
	CU_ASSERT_TRUE(config_equal(c, d));
	u->psk[2] = 'X';
	CU_ASSERT_FALSE(config_equal(c, d));
	u->psk[2] = 'Q';
	u->dpd_interval = 0;
	CU_ASSERT_FALSE(config_equal(c, d));
	t->dpd_interval = 0;
	CU_ASSERT_TRUE(config_equal(c, d));	/* off: retries do not count */
	u->start = START_RESPOND;
	u->ike_lifetime = 7200;
	strbuf_reset(&out);
	config_diff(c, d, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    " crypto ipsec tunnel t1\n"
	    "- ike lifetime 3600\n"
	    "- start on-traffic\n"
	    "+ ike lifetime 7200\n"
	    "+ start respond\n");
	strbuf_reset(&out);
	config_render(c, CFG_SECT_CRYPTO, &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), " routing route\n no dpd\n"));
	config_free(d);
	config_free(c);
	strbuf_free(&out);
}

/* keying ike needs a pre-shared-key, which must decrypt and be one that
 * could have been typed; errors name the tunnel, never the key. */
static void
test_ike_validate(void)
{
	static const uint8_t k1[32] = { 1 }, k2[32] = { 2 };
	struct secret_key *key = secret_key_from_bytes(k1),
	    *other = secret_key_from_bytes(k2);
	struct config *c = config_new();
	struct strbuf err = STRBUF_INIT;
	struct cfg_tunnel *t;

	t = config_tunnel_get(c, "t1");
	t->has_peer = true;
	t->peer = 0xcb007102;
	t->routing = TUN_ROUTING_ROUTE;
	CU_ASSERT_EQUAL(config_validate(c, &err), 1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err),
	    "crypto ipsec tunnel t1: keying ike needs a pre-shared-key\n");
	CU_ASSERT_EQUAL(secret_encrypt(key, (const uint8_t *)"s3cret", 6, t->psk), 0);
	strbuf_reset(&err);
	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	CU_ASSERT_EQUAL(config_validate_keys(c, key, &err), 0);
	/* another installation's key */
	CU_ASSERT_EQUAL(config_validate_keys(c, other, &err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&err),
	    "crypto ipsec tunnel t1: pre-shared-key: "));
	CU_ASSERT_PTR_NULL(strstr(strbuf_str(&err), "s3cret"));
	/* decrypts, but no one could have typed it; checked when shut too */
	t->shutdown = true;
	CU_ASSERT_EQUAL(secret_encrypt(key, (const uint8_t *)"a\nb", 3, t->psk), 0);
	strbuf_reset(&err);
	CU_ASSERT_EQUAL(config_validate_keys(c, key, &err), 1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "crypto ipsec tunnel t1: "
	    "pre-shared-key: invalid key (printable ASCII characters only)\n");
	/* manual keying needs none; a shut tunnel may lack one */
	t->psk[0] = '\0';
	strbuf_reset(&err);
	CU_ASSERT_EQUAL(config_validate(c, &err), 0);
	CU_ASSERT_EQUAL(config_validate_keys(c, key, &err), 0);
	secret_key_free(key);
	secret_key_free(other);
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
	{ "IKE: defaults and accessors", test_ike_accessors },
	{ "IKE: fqdn and pre-shared key syntax", test_fqdn_psk_syntax },
	{ "IKE: layout, equality, diff", test_ike_render_equal },
	{ "IKE: validation of the pre-shared key", test_ike_validate },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "config"
#include "cunit_main.h"
