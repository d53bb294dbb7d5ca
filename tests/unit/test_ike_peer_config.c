/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the office side's swanctl.conf (src/ike/ike_peer_config.c):
 * the whole text for a tunnel with networks, identities, proposals,
 * lifetimes, DPD and NAT-T, compared with the text written out here (the
 * layout of strongSwan's swanctl.conf(5)); the pre-shared key as 0x-hex
 * with its warning when the caller may show it, a placeholder without;
 * and a tunnel left to its defaults. That charon loads the text as it is,
 * tests/net/ike_strongswan.sh shows.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "ike/ike_peer_config.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define LOCAL		IP(198, 51, 100, 1)

/* A tunnel with everything set. */
static void
office(struct cfg_tunnel *t)
{
	char bad[64];

	config_tunnel_defaults(t, "office");
	t->has_peer = true;
	t->peer = IP(203, 0, 113, 2);
	t->nike = 2;
	CU_ASSERT_FATAL(ike_algs_parse("aes256gcm16-prfsha384-ecp384", &t->ike_proposal[0],
	    bad, sizeof(bad)) == 0);
	CU_ASSERT_FATAL(ike_algs_parse("aes256-sha256-modp2048", &t->ike_proposal[1],
	    bad, sizeof(bad)) == 0);
	t->nproposals = 2;
	t->proposal[0] = ESP_AES128_GCM16;
	t->proposal_dh[0] = IKE_DH_NONE;
	t->proposal[1] = ESP_AES256_SHA256;
	t->proposal_dh[1] = IKE_DH_ECP256;
	t->ike_lifetime = 28800;
	t->esp_lifetime = 1800;
	t->esp_lifetime_kb = 102400;
	t->dpd_interval = 10;
	t->natt = NATT_FORCE;
	t->esn = true;
	t->local_id.type = ID_FQDN;
	snprintf(t->local_id.fqdn, sizeof(t->local_id.fqdn), "vgw.example.net");
	t->nlocal = 2;
	t->local_net[0] = (struct cfg_prefix){ IP(10, 1, 0, 0), 16 };
	t->local_net[1] = (struct cfg_prefix){ IP(10, 5, 5, 0), 24 };
	t->nremote = 1;
	t->remote_net[0] = (struct cfg_prefix){ IP(10, 2, 0, 0), 24 };
}

/* The text in parts: the warning and the secret depend on the key. */
#define OFFICE_HEAD \
	"# The office side of vgw tunnel office, for strongSwan's swanctl.conf\n"
#define OFFICE_WARNING \
	"# WARNING: this text holds the pre-shared key in clear: keep it secret\n"
#define OFFICE_BODY \
	"connections {\n" \
	"    office {\n" \
	"        version = 2\n" \
	"        local_addrs = 203.0.113.2\n" \
	"        remote_addrs = 198.51.100.1\n" \
	"        proposals = aes256gcm16-prfsha384-ecp384,aes256-sha256-modp2048\n" \
	"        rekey_time = 28800s\n" \
	"        dpd_delay = 10s\n" \
	"        encap = yes\n" \
	"        mobike = no\n" \
	"        local {\n" \
	"            auth = psk\n" \
	"            id = 203.0.113.2\n" \
	"        }\n" \
	"        remote {\n" \
	"            auth = psk\n" \
	"            id = vgw.example.net\n" \
	"        }\n" \
	"        children {\n" \
	"            office {\n" \
	"                local_ts = 10.2.0.0/24\n" \
	"                remote_ts = 10.1.0.0/16,10.5.5.0/24\n" \
	"                esp_proposals = aes128gcm16-esn,aes256-sha256-ecp256-esn\n" \
	"                rekey_time = 1800s\n" \
	"                rekey_bytes = 104857600\n" \
	"                start_action = none\n" \
	"                dpd_action = clear\n" \
	"            }\n" \
	"        }\n" \
	"    }\n" \
	"}\n" \
	"secrets {\n" \
	"    ike-office {\n" \
	"        id-1 = 203.0.113.2\n" \
	"        id-2 = vgw.example.net\n" \
	"        secret = "
#define OFFICE_TAIL \
	"\n    }\n}\n"

static void
test_full(void)
{
	static const uint8_t psk[] = "s3cret key!";
	struct strbuf out = STRBUF_INIT;
	struct cfg_tunnel t;

	office(&t);
	ike_peer_config_strongswan(&t, LOCAL, psk, sizeof(psk) - 1, &out);
	/* "s3cret key!" in ASCII */
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), OFFICE_HEAD OFFICE_WARNING OFFICE_BODY
	    "0x733363726574206b657921" OFFICE_TAIL);
	strbuf_free(&out);
}

/* Without the key (a caller below privilege 15): a placeholder, no
 * warning, the rest the same. */
static void
test_no_key(void)
{
	struct strbuf out = STRBUF_INIT;
	struct cfg_tunnel t;

	office(&t);
	ike_peer_config_strongswan(&t, LOCAL, NULL, 0, &out);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&out), OFFICE_HEAD OFFICE_BODY
	    "\"<the pre-shared key: shown to privilege 15 only>\"" OFFICE_TAIL);
	strbuf_free(&out);
}

/* A key of any bytes is written as hex, every byte two digits. */
static void
test_key_bytes(void)
{
	static const uint8_t psk[] = { 0x00, 0x0f, 0x22, 0x7f, 0xff };
	struct strbuf out = STRBUF_INIT;
	struct cfg_tunnel t;

	office(&t);
	ike_peer_config_strongswan(&t, LOCAL, psk, sizeof(psk), &out);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "        secret = 0x000f227fff" OFFICE_TAIL));
	strbuf_free(&out);
}

/* A responding tunnel left to its defaults, with a remote-id: the office
 * starts the tunnel; default proposals; no DPD line when it is off. */
static void
test_defaults(void)
{
	static const char *const want[] = {
		"        local_addrs = 192.0.2.7\n",
		"        remote_addrs = 198.51.100.1\n",
		("        proposals = aes128gcm16-prfsha256-ecp256,aes256gcm16-prfsha384-ecp384,"
		    "aes256-sha256-modp2048,aes128gcm16-prfsha256-x25519\n"),
		"        rekey_time = 86400s\n        encap = no\n        mobike = no\n",
		"        local {\n            auth = psk\n            id = branch.example.org\n",
		"        remote {\n            auth = psk\n            id = 198.51.100.1\n",
		"                local_ts = 0.0.0.0/0\n                remote_ts = 0.0.0.0/0\n",
		"                esp_proposals = aes128gcm16,aes256gcm16,aes256-sha256\n",
		"                rekey_time = 3600s\n                start_action = start\n",
		"                dpd_action = restart\n",
		"        id-1 = branch.example.org\n        id-2 = 198.51.100.1\n",
	};
	struct strbuf out = STRBUF_INIT;
	struct cfg_tunnel t;
	size_t i;

	config_tunnel_defaults(&t, "branch");
	t.has_peer = true;
	t.peer = IP(192, 0, 2, 7);
	t.start = START_RESPOND;
	t.dpd_interval = 0;
	t.remote_id.type = ID_FQDN;
	snprintf(t.remote_id.fqdn, sizeof(t.remote_id.fqdn), "branch.example.org");
	ike_peer_config_strongswan(&t, LOCAL, NULL, 0, &out);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (strstr(strbuf_str(&out), want[i]) == NULL)
			CU_FAIL(want[i]);
	CU_ASSERT_PTR_NULL(strstr(strbuf_str(&out), "dpd_delay"));
	CU_ASSERT_PTR_NULL(strstr(strbuf_str(&out), "rekey_bytes"));
	strbuf_free(&out);
}

static CU_TestInfo tests[] = {
	{ "full", test_full },
	{ "no_key", test_no_key },
	{ "key_bytes", test_key_bytes },
	{ "defaults", test_defaults },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_peer_config"
#include "cunit_main.h"
