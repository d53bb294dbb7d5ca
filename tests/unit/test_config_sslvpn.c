/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the SSL-VPN part of the configuration model. */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config.h"
#include "config/config_sslvpn.h"

#define HASH_A	"$9$aaaaaaaaaaaaaa$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static struct config *
sample(void)
{
	struct config *c = config_new();
	struct cfg_sslvpn *s = config_sslvpn_get(c);
	struct cfg_sslvpn_user *u;

	s->has_listen = true;
	s->listen = 0xc0000201;		/* 192.0.2.1 */
	s->port = 8443;
	s->self_signed = true;
	s->has_pool = true;
	s->pool = 0x0a630000;		/* 10.99.0.0/24 */
	s->pool_plen = 24;
	CU_ASSERT_TRUE(config_sslvpn_route_add(s, 0x0a010000, 16));
	CU_ASSERT_TRUE(config_sslvpn_route_add(s, 0x0a000000, 8));
	s->has_dns = true;
	s->dns = 0x0a010035;
	s->max_sessions = 100;
	s->idle_timeout = 600;
	s->lockout_attempts = 5;
	s->lockout_period = 300;
	s->shutdown = true;
	u = config_sslvpn_user_get(c, "bob10");
	u->shutdown = true;
	u = config_sslvpn_user_get(c, "bob9");
	snprintf(u->password, sizeof(u->password), "%s", HASH_A);
	u->has_static = true;
	u->static_addr = 0x0a630032;
	return c;
}

static const char sample_text[] =
    "ssl-vpn\n"
    " listen 192.0.2.1 port 8443\n"
    " certificate self-signed\n"
    " address-pool 10.99.0.0 255.255.255.0\n"
    " split-route 10.0.0.0 255.0.0.0\n"
    " split-route 10.1.0.0 255.255.0.0\n"
    " dns 10.1.0.53\n"
    " max-sessions 100\n"
    " idle-timeout 600\n"
    " login-lockout attempts 5 period 300\n"
    " shutdown\n"
    "!\n"
    "ssl-vpn user bob9\n"		/* natural order: bob9 < bob10 */
    " password 9 " HASH_A "\n"
    " static-address 10.99.0.50\n"
    "!\n"
    "ssl-vpn user bob10\n"
    " shutdown\n"
    "!\n";

static void
test_defaults(void)
{
	struct config *c = config_new();
	struct cfg_sslvpn *s;
	struct strbuf out = STRBUF_INIT;

	CU_ASSERT_PTR_NULL(config_sslvpn(c));
	CU_ASSERT_FALSE(config_sslvpn_remove(c));
	s = config_sslvpn_get(c);
	CU_ASSERT_PTR_EQUAL(config_sslvpn(c), s);
	CU_ASSERT_PTR_EQUAL(config_sslvpn_get(c), s);	/* not created twice */
	CU_ASSERT_EQUAL(s->port, 443);
	CU_ASSERT_EQUAL(s->max_sessions, 1024);
	CU_ASSERT_EQUAL(s->idle_timeout, 1800);
	CU_ASSERT_EQUAL(s->lockout_attempts, 0);
	CU_ASSERT_FALSE(s->has_listen || s->has_pool || s->has_dns ||
	    s->self_signed || s->shutdown || s->nroutes);
	/* a block of defaults is its header alone, between crypto and interfaces */
	config_interface_get(c, "lan0");
	config_render(c, CFG_SECT_ALL, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    "!\nssl-vpn\n!\ninterface lan0\n!\nend\n");
	CU_ASSERT_TRUE(config_sslvpn_remove(c));
	CU_ASSERT_PTR_NULL(config_sslvpn(c));
	strbuf_free(&out);
	config_free(c);
}

static void
test_routes_ordered(void)
{
	struct cfg_sslvpn s;
	unsigned i;

	config_sslvpn_defaults(&s);
	CU_ASSERT_TRUE(config_sslvpn_route_add(&s, 0x0a010000, 16));
	CU_ASSERT_TRUE(config_sslvpn_route_add(&s, 0x0a010000, 24));
	CU_ASSERT_TRUE(config_sslvpn_route_add(&s, 0x0a000000, 8));
	CU_ASSERT_TRUE(config_sslvpn_route_add(&s, 0x0a010000, 16));	/* again */
	CU_ASSERT_EQUAL(s.nroutes, 3);
	CU_ASSERT_EQUAL(s.route[0].prefix, 0x0a000000);
	CU_ASSERT_EQUAL(s.route[1].plen, 16);
	CU_ASSERT_EQUAL(s.route[2].plen, 24);
	CU_ASSERT_FALSE(config_sslvpn_route_remove(&s, 0x0a010000, 17));
	CU_ASSERT_TRUE(config_sslvpn_route_remove(&s, 0x0a010000, 16));
	CU_ASSERT_EQUAL(s.nroutes, 2);
	CU_ASSERT_EQUAL(s.route[1].plen, 24);
	/* bounded: the one past the limit changes nothing */
	config_sslvpn_defaults(&s);
	for (i = 0; i < CFG_SSLVPN_ROUTES_MAX; i++)
		CU_ASSERT_TRUE(config_sslvpn_route_add(&s, i << 8, 24));
	CU_ASSERT_FALSE(config_sslvpn_route_add(&s, 0xc0a80000, 16));
	CU_ASSERT_EQUAL(s.nroutes, CFG_SSLVPN_ROUTES_MAX);
	CU_ASSERT_TRUE(config_sslvpn_route_add(&s, 0, 24));	/* present: fine */
}

static void
test_users(void)
{
	struct config *c = config_new();
	const struct cfg_sslvpn_user *u;
	struct cfg_sslvpn_user v;
	const char *names[] = { "a2", "a10", "b" };
	unsigned n = 0;

	config_sslvpn_user_get(c, "b");
	config_sslvpn_user_get(c, "a10");
	config_sslvpn_user_get(c, "a2");
	config_sslvpn_user_get(c, "a2");
	CU_ASSERT_EQUAL(config_sslvpn_user_count(c), 3);
	for (u = config_sslvpn_user_first(c); u; u = config_sslvpn_user_next(c, u))
		CU_ASSERT_STRING_EQUAL(u->name, names[n++]);
	CU_ASSERT_EQUAL(n, 3);
	config_sslvpn_user_defaults(&v, "a10");
	v.has_static = true;
	v.static_addr = 1;
	config_sslvpn_user_set(c, &v);		/* replaces */
	CU_ASSERT_EQUAL(config_sslvpn_user_count(c), 3);
	CU_ASSERT_TRUE(config_sslvpn_user_find(c, "a10")->has_static);
	CU_ASSERT_TRUE(config_sslvpn_user_remove(c, "a10"));
	CU_ASSERT_FALSE(config_sslvpn_user_remove(c, "a10"));
	CU_ASSERT_PTR_NULL(config_sslvpn_user_find(c, "a10"));
	CU_ASSERT_EQUAL(config_sslvpn_user_count(c), 2);
	/* users without the server block stay, and the block goes alone */
	config_sslvpn_get(c);
	config_sslvpn_remove(c);
	CU_ASSERT_EQUAL(config_sslvpn_user_count(c), 2);
	config_free(c);
}

static void
test_render_clone_equal(void)
{
	struct config *c = sample(), *d;
	struct strbuf out = STRBUF_INIT;
	struct cfg_sslvpn *s;

	config_render(c, CFG_SECT_SSLVPN, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), sample_text);
	d = config_clone(c);
	CU_ASSERT_TRUE(config_equal(c, d));
	CU_ASSERT_EQUAL(config_sslvpn_user_count(d), 2);
	strbuf_reset(&out);
	config_render(d, CFG_SECT_SSLVPN, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), sample_text);
	/* each field counts */
	s = config_sslvpn_get(d);
	s->idle_timeout = 601;
	CU_ASSERT_FALSE(config_equal(c, d));
	s->idle_timeout = 600;
	s->route[1].plen = 17;
	CU_ASSERT_FALSE(config_equal(c, d));
	s->route[1].plen = 16;
	config_sslvpn_user_get(d, "bob9")->password[4] ^= 1;
	CU_ASSERT_FALSE(config_equal(c, d));
	config_sslvpn_user_get(d, "bob9")->password[4] ^= 1;
	CU_ASSERT_TRUE(config_equal(c, d));
	/* what the text does not show does not count */
	s->lockout_attempts = 0;
	config_sslvpn_get(c)->lockout_attempts = 0;
	s->lockout_period = 1;
	CU_ASSERT_TRUE(config_equal(c, d));
	config_sslvpn_remove(d);
	CU_ASSERT_FALSE(config_equal(c, d));
	CU_ASSERT_FALSE(config_equal(d, c));
	config_free(d);
	/* the certificate files, the clone of a config without the block */
	d = config_new();
	s = config_sslvpn_get(d);
	snprintf(s->cert_file, sizeof(s->cert_file), "/etc/vgw/cert.pem");
	snprintf(s->key_file, sizeof(s->key_file), "/etc/vgw/key.pem");
	strbuf_reset(&out);
	config_render(d, CFG_SECT_SSLVPN, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "ssl-vpn\n"
	    " certificate /etc/vgw/cert.pem key /etc/vgw/key.pem\n!\n");
	config_sslvpn_remove(d);
	config_free(c);
	c = config_clone(d);
	CU_ASSERT_PTR_NULL(config_sslvpn(c));
	CU_ASSERT_TRUE(config_equal(c, d));
	strbuf_free(&out);
	config_free(c);
	config_free(d);
}

static void
test_diff(void)
{
	struct config *a = sample(), *b = config_clone(a);
	struct strbuf out = STRBUF_INIT;

	config_sslvpn_get(b)->max_sessions = 200;
	config_sslvpn_user_remove(b, "bob10");
	config_sslvpn_user_get(b, "carol");
	config_diff(a, b, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
	    " ssl-vpn\n"
	    "- max-sessions 100\n"
	    "+ max-sessions 200\n"
	    "-ssl-vpn user bob10\n"
	    "- shutdown\n"
	    "+ssl-vpn user carol\n");
	strbuf_reset(&out);
	config_sslvpn_remove(b);
	config_diff(b, a, &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "+ssl-vpn\n+ listen 192.0.2.1 port 8443\n"));
	strbuf_free(&out);
	config_free(a);
	config_free(b);
}

static void
test_merge(void)
{
	struct config *base = sample(), *mine = config_clone(base);
	struct config *theirs = config_clone(base), *m;
	struct strbuf conflicts = STRBUF_INIT;

	/* different objects: both kept */
	config_sslvpn_get(mine)->dns = 0x0a010036;
	config_sslvpn_user_get(theirs, "bob10")->shutdown = false;
	config_sslvpn_user_get(mine, "dave");
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(config_sslvpn(m)->dns, 0x0a010036);
	CU_ASSERT_FALSE(config_sslvpn_user_find(m, "bob10")->shutdown);
	CU_ASSERT_PTR_NOT_NULL(config_sslvpn_user_find(m, "dave"));
	CU_ASSERT_EQUAL(config_sslvpn_user_count(m), 3);
	config_free(m);
	/* the same objects changed both ways: conflicts named */
	config_sslvpn_get(theirs)->idle_timeout = 60;
	config_sslvpn_user_get(mine, "bob10")->has_static = true;
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&conflicts),
	    "ssl-vpn\nssl-vpn user bob10\n");
	/* mine removed the block theirs left alone: removed */
	strbuf_reset(&conflicts);
	config_free(mine);
	mine = config_clone(base);
	config_sslvpn_remove(mine);
	config_sslvpn_user_remove(mine, "bob9");
	config_sslvpn_get(theirs)->idle_timeout = 600;
	m = config_merge(base, mine, theirs, &conflicts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_PTR_NULL(config_sslvpn(m));
	CU_ASSERT_EQUAL(config_sslvpn_user_count(m), 1);
	config_free(m);
	strbuf_free(&conflicts);
	config_free(base);
	config_free(mine);
	config_free(theirs);
}

/* The errors of config_validate for c, then c freed. */
static void
assert_errors(struct config *c, int n, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	CU_ASSERT_EQUAL(config_validate(c, &out), n);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), want);
	strbuf_free(&out);
	config_free(c);
}

/* The sample made valid: an interface owns the listen address. */
static struct config *
valid(void)
{
	struct config *c = sample();
	struct cfg_interface *i = config_interface_get(c, "wan0");

	i->has_addr = true;
	i->addr = 0xc0000201;
	i->plen = 24;
	return c;
}

static void
set_static(struct config *c, const char *user, uint32_t addr)
{
	struct cfg_sslvpn_user *u = config_sslvpn_user_get(c, user);

	u->has_static = true;
	u->static_addr = addr;
}

static const struct {
	const char	*user, *user2;
	uint32_t	 addr, addr2;
	int		 n;
	const char	*want;
} statics[] = {
	{ "bob9", "bob9", 0x0a640001, 0x0a640001, 1, "ssl-vpn user bob9: "
	    "static-address 10.100.0.1 lies outside address-pool 10.99.0.0 "
	    "255.255.255.0\n" },
	{ "bob9", "bob10", 0x0a630000, 0x0a6300ff, 2, "ssl-vpn user bob9: "
	    "static-address 10.99.0.0 is the network address of address-pool "
	    "10.99.0.0 255.255.255.0\n"
	    "ssl-vpn user bob10: static-address 10.99.0.255 is the broadcast "
	    "address of address-pool 10.99.0.0 255.255.255.0\n" },
	{ "bob10", "al", 0x0a630032, 0x0a630032, 2, "ssl-vpn user bob9: "
	    "static-address 10.99.0.50 is already ssl-vpn user al's\n"
	    "ssl-vpn user bob10: static-address 10.99.0.50 is already ssl-vpn "
	    "user bob9's\n" },
};

static void
test_validate(void)
{
	struct config *c;
	size_t k;
	struct cfg_sslvpn *s;
	struct cfg_interface *i;

	assert_errors(valid(), 0, "");
	/* users alone are kept, unchecked against a pool */
	c = config_new();
	config_sslvpn_user_get(c, "x")->has_static = true;
	assert_errors(c, 0, "");
	/* a block of defaults: what it lacks */
	c = config_new();
	config_sslvpn_get(c);
	assert_errors(c, 3, "ssl-vpn: listen is required\n"
	    "ssl-vpn: certificate is required (certificate self-signed, or "
	    "certificate FILE key FILE)\n"
	    "ssl-vpn: address-pool is required\n");
	/* listen not an interface's address */
	c = valid();
	config_sslvpn_get(c)->listen = 0xc0000202;
	assert_errors(c, 1, "ssl-vpn: listen 192.0.2.2 is no interface's address\n");
	/* the certificate without key, relative paths */
	c = valid();
	s = config_sslvpn_get(c);
	s->self_signed = false;
	snprintf(s->cert_file, sizeof(s->cert_file), "/etc/c.pem");
	assert_errors(c, 1, "ssl-vpn: certificate /etc/c.pem: the key file is "
	    "missing (certificate FILE key FILE)\n");
	c = valid();
	s = config_sslvpn_get(c);
	s->self_signed = false;
	snprintf(s->cert_file, sizeof(s->cert_file), "c.pem");
	snprintf(s->key_file, sizeof(s->key_file), "/k.pem");
	assert_errors(c, 1, "ssl-vpn: certificate c.pem key /k.pem: both paths "
	    "must be absolute\n");
	/* the pool: its length, an interface inside it, a split route in it */
	c = valid();
	s = config_sslvpn_get(c);
	s->pool_plen = 31;
	s->pool = 0x0a630030;
	config_sslvpn_user_get(c, "bob9")->has_static = false;
	assert_errors(c, 1, "ssl-vpn: address-pool 10.99.0.48 255.255.255.254: "
	    "prefix length must be 8 to 30\n");
	c = valid();
	i = config_interface_get(c, "lan0");
	i->has_addr = true;
	i->addr = 0x0a630101;		/* 10.99.1.1/16 holds the pool */
	i->plen = 16;
	config_sslvpn_route_add(config_sslvpn_get(c), 0x0a638000, 25);	/* outside */
	config_sslvpn_route_add(config_sslvpn_get(c), 0x0a630040, 26);	/* inside */
	config_sslvpn_route_add(config_sslvpn_get(c), 0x0a630000, 24);	/* the pool */
	assert_errors(c, 2, "ssl-vpn: address-pool 10.99.0.0 255.255.255.0 "
	    "overlaps interface lan0 (10.99.0.0 255.255.0.0)\n"
	    "ssl-vpn: split-route 10.99.0.64 255.255.255.192 lies inside "
	    "address-pool 10.99.0.0 255.255.255.0\n");
	/* static addresses (bob9 has 10.99.0.50): outside, network,
	 * broadcast, twice */
	for (k = 0; k < sizeof(statics) / sizeof(statics[0]); k++) {
		c = valid();
		set_static(c, statics[k].user, statics[k].addr);
		set_static(c, statics[k].user2, statics[k].addr2);
		assert_errors(c, statics[k].n, statics[k].want);
	}
}

static CU_TestInfo tests[] = {
	{ "defaults and the block's life", test_defaults },
	{ "split routes ordered and bounded", test_routes_ordered },
	{ "users by name, counted", test_users },
	{ "render, clone, equal", test_render_clone_equal },
	{ "diff", test_diff },
	{ "three-way merge", test_merge },
	{ "commit-time checks", test_validate },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "config_sslvpn"
#include "cunit_main.h"
