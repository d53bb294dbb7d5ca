/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the commit's manual keying (src/ipsec/manual_sa.c): which
 * tunnels get SAs, which keep theirs across a commit, which lose them, and
 * a key from another installation failing with the tunnel named. An SA
 * kept is told from one made again by its age in sadb_walk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ipsec/manual_sa.h"

#define T0	1000
#define LATER	5000

static const uint8_t install_key[32] = { 1, 2, 3 };
static const uint8_t other_key[32] = { 9, 9, 9 };

/* What a walk of the sadb saw. */
struct seen {
	unsigned	 n;
	uint32_t	 spi[8];
	uint64_t	 age_ms[8];
	uint32_t	 local[8];
	bool		 udp[8];
};

static bool
see(void *arg, const struct ipsec_sa_info *i)
{
	struct seen *s = arg;

	if (s->n == 8)
		return false;
	s->spi[s->n] = i->spi;
	s->age_ms[s->n] = i->age_ms;
	s->local[s->n] = i->local;
	s->udp[s->n++] = i->udp_encap;
	return true;
}

static struct seen
walk(struct ipsec_sadb *db, uint64_t now)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	sadb_walk(db, now, see, &s);
	return s;
}

static void
encrypt(const struct secret_key *k, uint8_t fill, size_t len, char *out)
{
	uint8_t clear[64];

	memset(clear, fill, sizeof(clear));
	CU_ASSERT_EQUAL_FATAL(secret_encrypt(k, clear, len, out), 0);
}

/* wan0 10.0.0.1/24, tunnel t1 to 10.0.0.2 with AES-GCM-128 manual SAs. */
static struct config *
base_config(const struct secret_key *k)
{
	struct config *c = config_new();
	struct cfg_interface *i = config_interface_get(c, "wan0");
	struct cfg_tunnel *t;

	i->has_addr = true;
	i->addr = 0x0a000001;
	i->plen = 24;
	t = config_tunnel_get(c, "t1");
	t->has_peer = true;
	t->peer = 0x0a000002;
	t->nproposals = 1;
	t->proposal[0] = ESP_AES128_GCM16;
	t->keying = KEYING_MANUAL;
	t->sa_in.set = t->sa_out.set = true;
	t->sa_in.spi = 0x1001;
	t->sa_out.spi = 0x2002;
	encrypt(k, 0x11, 20, t->sa_in.enc_key);
	encrypt(k, 0x22, 20, t->sa_out.enc_key);
	return c;
}

/* One commit's SA step from prev to next into db; false if it failed. */
static bool
commit_sas(const struct config *prev, const struct config *next,
    const struct secret_key *k, struct ipsec_sadb *db, uint64_t now,
    struct strbuf *err)
{
	struct rib *prev_rib = prev ? rib_build_tunnels(prev, manual_sa_tunnel_up,
	    (void *)prev) : NULL;
	struct rib *next_rib = rib_build_tunnels(next, manual_sa_tunnel_up, (void *)next);
	struct manual_change *ch;

	CU_ASSERT_PTR_NOT_NULL_FATAL(next_rib);
	ch = manual_sa_prepare(prev, prev_rib, next, next_rib, k, now, err);
	if (ch != NULL) {
		manual_sa_apply(ch, db, now);
		manual_sa_finish(ch);
	}
	rib_free(prev_rib);
	rib_free(next_rib);
	return ch != NULL;
}

/* A fixture: db holds base_config's SAs, installed at T0. */
struct fx {
	struct secret_key *k;
	struct ipsec_sadb *db;
	struct config	*run;
	struct strbuf	 err;
};

static void
fx_up(struct fx *f)
{
	struct seen s;

	f->k = secret_key_from_bytes(install_key);
	f->db = sadb_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->k);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->db);
	f->err = (struct strbuf)STRBUF_INIT;
	f->run = base_config(f->k);
	CU_ASSERT_TRUE_FATAL(commit_sas(NULL, f->run, f->k, f->db, T0, &f->err));
	s = walk(f->db, T0);
	CU_ASSERT_EQUAL(s.n, 2);
}

static void
fx_down(struct fx *f)
{
	config_free(f->run);
	sadb_free(f->db);
	secret_key_free(f->k);
	strbuf_free(&f->err);
}

/* Commits next (taken) over the fixture's running at LATER, and makes it
 * running if that worked; the walk after it. */
static struct seen
recommit(struct fx *f, struct config *next, bool ok)
{
	bool done = commit_sas(f->run, next, f->k, f->db, LATER, &f->err);

	CU_ASSERT_EQUAL(done, ok);
	if (done) {
		config_free(f->run);
		f->run = next;
	} else
		config_free(next);
	return walk(f->db, LATER);
}

static void
test_complete_tunnel_installs_both(void)
{
	struct fx f;
	struct seen s;

	fx_up(&f);
	s = walk(f.db, T0);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT(s.spi[0] == 0x1001 || s.spi[1] == 0x1001);
	CU_ASSERT(s.spi[0] == 0x2002 || s.spi[1] == 0x2002);
	/* the local address: wan0's, the interface the peer is reached by */
	CU_ASSERT_EQUAL(s.local[0], 0x0a000001);
	CU_ASSERT_FALSE(s.udp[0]);
	fx_down(&f);
}

static void
test_unchanged_tunnel_keeps_its_sas(void)
{
	struct fx f;
	struct config *next;
	struct cfg_tunnel *t;
	struct seen s;

	fx_up(&f);
	next = config_clone(f.run);
	t = config_tunnel_get(next, "t1");
	snprintf(t->description, sizeof(t->description), "to the office");
	config_set_hostname(next, "gw1");
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(s.age_ms[0], LATER - T0);
	CU_ASSERT_EQUAL(s.age_ms[1], LATER - T0);
	fx_down(&f);
}

static void
test_changed_tunnel_gets_new_sas(void)
{
	struct fx f;
	struct config *next;
	struct seen s;

	/* the same key typed again: another type-6 text, so new SAs */
	fx_up(&f);
	next = config_clone(f.run);
	encrypt(f.k, 0x22, 20, config_tunnel_get(next, "t1")->sa_out.enc_key);
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(s.age_ms[0], 0);
	CU_ASSERT_EQUAL(s.age_ms[1], 0);
	fx_down(&f);

	/* what the configuration resolves to: the local address moved */
	fx_up(&f);
	next = config_clone(f.run);
	config_interface_get(next, "wan0")->addr = 0x0a000003;
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(s.age_ms[0], 0);
	CU_ASSERT_EQUAL(s.local[0], 0x0a000003);
	fx_down(&f);

	/* nat-traversal force: UDP encapsulation */
	fx_up(&f);
	next = config_clone(f.run);
	config_tunnel_get(next, "t1")->natt = NATT_FORCE;
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_TRUE(s.udp[0] && s.udp[1]);
	fx_down(&f);
}

static void
test_tunnel_down_loses_its_sas(void)
{
	struct fx f;
	struct config *next;
	struct seen s;

	fx_up(&f);
	next = config_clone(f.run);
	config_tunnel_get(next, "t1")->shutdown = true;
	CU_ASSERT_FALSE(manual_sa_tunnel_up(next, "t1"));
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 0);
	next = config_clone(f.run);
	config_tunnel_get(next, "t1")->shutdown = false;
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	/* switched to ike, then removed */
	next = config_clone(f.run);
	config_tunnel_get(next, "t1")->keying = KEYING_IKE;
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 0);
	next = config_clone(f.run);
	config_tunnel_get(next, "t1")->keying = KEYING_MANUAL;
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 2);
	next = config_clone(f.run);
	CU_ASSERT_TRUE(config_tunnel_remove(next, "t1"));
	s = recommit(&f, next, true);
	CU_ASSERT_EQUAL(s.n, 0);
	fx_down(&f);
}

static void
test_why_down(void)
{
	struct cfg_tunnel t;

	config_tunnel_defaults(&t, "t1");
	CU_ASSERT_STRING_EQUAL(manual_sa_why_down(&t), "keyed by IKE");
	t.keying = KEYING_MANUAL;
	CU_ASSERT_STRING_EQUAL(manual_sa_why_down(&t), "incomplete: no peer");
	t.has_peer = true;
	t.nproposals = 1;
	t.sa_in.set = true;
	CU_ASSERT_STRING_EQUAL(manual_sa_why_down(&t), "incomplete: no sa outbound");
	t.sa_out.set = true;
	CU_ASSERT_PTR_NULL(manual_sa_why_down(&t));
	t.shutdown = true;
	CU_ASSERT_STRING_EQUAL(manual_sa_why_down(&t), "shutdown");
}

static void
test_foreign_key_fails_naming_the_tunnel(void)
{
	struct secret_key *other = secret_key_from_bytes(other_key);
	struct config *next;
	struct fx f;
	struct seen s;

	fx_up(&f);
	next = config_clone(f.run);
	encrypt(other, 0x33, 20, config_tunnel_get(next, "t1")->sa_in.enc_key);
	s = recommit(&f, next, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&f.err), "crypto ipsec tunnel t1: "
	    "sa inbound: encryption-key: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&f.err),
	    "cannot be decrypted by this installation"));
	/* nothing changed: the SAs installed at T0 are still there */
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(s.age_ms[0], LATER - T0);
	secret_key_free(other);
	fx_down(&f);
}

static void
test_wrong_key_length_fails(void)
{
	struct config *next;
	struct fx f;
	struct seen s;

	fx_up(&f);
	next = config_clone(f.run);
	encrypt(f.k, 0x44, 16, config_tunnel_get(next, "t1")->sa_out.enc_key);
	s = recommit(&f, next, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&f.err), "crypto ipsec tunnel t1: "
	    "sa outbound: "));
	CU_ASSERT_EQUAL(s.n, 2);
	fx_down(&f);
}

static CU_TestInfo tests[] = {
	{ "a complete manual tunnel gets both SAs", test_complete_tunnel_installs_both },
	{ "an unchanged tunnel keeps its SAs", test_unchanged_tunnel_keeps_its_sas },
	{ "a changed tunnel gets new SAs", test_changed_tunnel_gets_new_sas },
	{ "shutdown, ike, removal take the SAs away", test_tunnel_down_loses_its_sas },
	{ "why a tunnel carries no SAs", test_why_down },
	{ "a foreign key fails, naming the tunnel", test_foreign_key_fails_naming_the_tunnel },
	{ "a key of the wrong length fails", test_wrong_key_length_fails },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "manual_sa"
#include "cunit_main.h"
