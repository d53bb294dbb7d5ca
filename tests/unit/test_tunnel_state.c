/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_tunnel_state - when each tunnel went up or down: a change of state
 * moves its time, an update without one keeps it, a removed tunnel goes.
 */
#include <string.h>

#include <CUnit/CUnit.h>

#include "config/config_ipsec.h"
#include "ipsec/sadb.h"
#include "lib/strbuf.h"
#include "ipsec/tunnel_state.h"

/* t1's outbound SA (AES-GCM-128), as a commit installs it. */
static struct ipsec_sa *
outbound_sa(void)
{
	struct strbuf err = STRBUF_INIT;
	struct ipsec_sa_params p;
	struct ipsec_sa *sa;

	memset(&p, 0, sizeof(p));
	strcpy(p.tunnel, "t1");
	p.dir = IPSEC_OUT;
	p.spi = 0x1001;
	p.alg = ESP_AES128_GCM16;
	p.enc_len = 20;
	p.local = 0xc0000201;
	p.peer = 0xc0000202;
	sa = ipsec_sa_new(&p, 0, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	strbuf_free(&err);
	return sa;
}

static void
test_since(void)
{
	struct tunnel_state *s = tunnel_state_new();
	struct ipsec_sadb *db = sadb_new();
	struct config *c = config_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	config_tunnel_get(c, "t1");
	config_tunnel_get(c, "t2");
	tunnel_state_update(s, c, NULL, 0, 100);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t1"), 100);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t2"), 100);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t3"), 0);
	/* nothing changed: the times stay */
	tunnel_state_update(s, c, db, 0, 200);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t1"), 100);
	/* t1 up */
	sadb_install_pair(db, NULL, outbound_sa(), 0);
	tunnel_state_update(s, c, db, 0, 300);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t1"), 300);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t2"), 100);
	/* t1 down again; t2 removed from the configuration */
	CU_ASSERT_EQUAL(sadb_remove_tunnel(db, "t1"), 1);
	CU_ASSERT_TRUE(config_tunnel_remove(c, "t2"));
	tunnel_state_update(s, c, db, 0, 400);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t1"), 400);
	CU_ASSERT_EQUAL(tunnel_state_since(s, "t2"), 0);
	config_free(c);
	sadb_free(db);
	tunnel_state_free(s);
}

static CU_TestInfo tests[] = {
	{ "up and down times follow the SAs and the tunnels", test_since },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "tunnel_state"
#include "cunit_main.h"
