/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Each configuration statement through the shell: accepted forms, what
 * running-config shows, `no`/`default` forms, and bad input that is refused
 * with a message naming what was wrong while the candidate stays unchanged.
 */
#include "session_fixture.h"

#include "config/config_ipsec.h"

static struct session *s;

/* The candidate's running-config text after the lines. */
static char *
candidate_text(void)
{
	struct strbuf t = STRBUF_INIT;

	fx_ok(s, (const char *[]){ "commit", NULL });
	config_render(fx_router->running, CFG_SECT_ALL, &t);
	return strbuf_detach(&t);
}

static void
start(void)
{
	fx_setup();
	s = session_new(fx_router, "root", 15, true);
	fx_ok(s, (const char *[]){ "configure terminal", NULL });
}

static void
stop(void)
{
	session_free(s);
	fx_teardown();
}

/* A bad line: refused, its message contains `why`, nothing changed. */
static void
refused(const char *line, const char *why)
{
	struct config *before = config_clone(cmd_candidate_for_test(s));

	CU_ASSERT_EQUAL(fx_run(s, line), SESSION_ERROR);
	if (!fx_has(why))
		fprintf(stderr, "\n\"%s\": expected \"%s\" in \"%s\"\n", line, why, fx_text());
	CU_ASSERT(fx_has(why));
	CU_ASSERT_TRUE(config_equal(before, cmd_candidate_for_test(s)));
	config_free(before);
}

static void
test_global_statements(void)
{
	char *t;

	start();
	fx_ok(s, (const char *[]){ "hostname edge-1", "logging buffered 8192",
	    "username ops privilege 15 secret 0 Op$-pass", "username ro secret 0 x",
	    "username ansible commit-on-exit priv 15 secret 0 y",
	    "enable secret 0 hunter2", NULL });
	t = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "hostname edge-1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "logging buffered 8192\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "username ops privilege 15 secret 9 $9$"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "username ro privilege 1 secret 9 $9$"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "username ansible privilege 15 "
	    "commit-on-exit secret 9 $9$"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "enable secret 9 $9$"));
	CU_ASSERT_PTR_NULL(strstr(t, "hunter2"));
	CU_ASSERT_PTR_NULL(strstr(t, "Op$-pass"));
	CU_ASSERT_TRUE(password_verify("hunter2", config_enable_secret(fx_router->running)));
	free(t);
	refused("hostname -bad", "Invalid hostname");
	refused("hostname bad_name", "Invalid hostname");
	refused("logging buffered 100", "^");
	refused("username 9lives secret 0 x", "Invalid user name");
	refused("enable secret 9 $9$short", "Invalid type-9 secret");
	refused("no username nosuch", "No such user");
	fx_ok(s, (const char *[]){ "no hostname", "no logging buffered",
	    "no username ro", "no enable secret", NULL });
	t = candidate_text();
	CU_ASSERT_PTR_NULL(strstr(t, "hostname"));
	CU_ASSERT_PTR_NULL(strstr(t, "logging"));
	CU_ASSERT_PTR_NULL(strstr(t, "username ro "));
	CU_ASSERT_PTR_NULL(strstr(t, "enable secret"));
	free(t);
	stop();
}

static void
test_interface_statements(void)
{
	char *t;

	start();
	fx_ok(s, (const char *[]){ "interface wan0",
	    "description uplink: it's \"ISP A\" | 1 Gbit/s",
	    "ip address 198.51.100.1 255.255.255.0", "mtu 9000",
	    "mac-address 0200.5e00.0001", "tap isp-a.1", "arp timeout 600",
	    "shutdown", NULL });
	t = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "interface wan0\n"
	    " description uplink: it's \"ISP A\" | 1 Gbit/s\n"
	    " ip address 198.51.100.1 255.255.255.0\n"
	    " mtu 9000\n"
	    " mac-address 02:00:5e:00:00:01\n"
	    " tap isp-a.1\n"
	    " arp timeout 600\n"
	    " shutdown\n!\n"));
	free(t);
	refused("ip address 198.51.100.0/24", "network address");
	refused("ip address 198.51.100.255/24", "broadcast address");
	refused("ip address 198.51.100.1 255.255.0.255", "^");
	refused("mtu 100", "^");
	refused("mac-address 01:00:5e:00:00:01", "multicast");
	refused("interface bad name", "^");
	refused("tap a-name-of-16-chars", "too long");
	refused("tap a/b", "Invalid TAP device name");
	refused("tap ..", "Invalid TAP device name");
	refused("arp timeout 0", "^");
	fx_ok(s, (const char *[]){ "no shutdown", "default mtu", "no description",
	    "no mac-address", "no tap", "default arp timeout",
	    "ip address 10.1.1.1/24", NULL });
	t = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "interface wan0\n ip address 10.1.1.1 255.255.255.0\n!\n"));
	free(t);
	fx_ok(s, (const char *[]){ "exit", "no interface wan0", NULL });
	refused("no interface wan0", "No such interface");
	stop();
}

static void
test_route_statements(void)
{
	char *t;

	start();
	fx_ok(s, (const char *[]){ "interface lan0", "exit",
	    "ip route 10.0.0.0 255.0.0.0 192.0.2.2",
	    "ip route 10.0.0.0/8 192.0.2.3 priority 20",
	    "ip route 172.17.0.0/16 interface lan0",
	    "ip route 0.0.0.0/0 null0 priority 255", NULL });
	t = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(t,
	    "ip route 0.0.0.0 0.0.0.0 null0 priority 255\n"
	    "ip route 10.0.0.0 255.0.0.0 192.0.2.2\n"
	    "ip route 10.0.0.0 255.0.0.0 192.0.2.3 priority 20\n"
	    "ip route 172.17.0.0 255.255.0.0 interface lan0\n"));
	free(t);
	fx_ok(s, (const char *[]){ "ip route 10.0.0.0/8 192.0.2.2 priority 5", NULL });
	CU_ASSERT_EQUAL(config_route_count(cmd_candidate_for_test(s)), 4);	/* replaced */
	refused("ip route 10.0.0.1/8 192.0.2.2", "did you mean 10.0.0.0/8?");
	refused("ip route 10.0.0.0/8 0.0.0.0", "not a unicast address");
	refused("ip route 10.0.0.0/8 224.0.0.1", "not a unicast address");
	refused("ip route 10.0.0.0/8 192.0.2.2 priority 256", "^");
	refused("ip route 10.0.0.0/33 192.0.2.2", "^");
	refused("no ip route 10.0.0.0/8 192.0.2.99", "No such route");
	fx_ok(s, (const char *[]){ "no ip route 10.0.0.0 255.0.0.0 192.0.2.2", NULL });
	CU_ASSERT_EQUAL(config_route_count(cmd_candidate_for_test(s)), 3);
	/* a reference error is found at commit, listed, nothing applied */
	fx_ok(s, (const char *[]){ "ip route 10.5.0.0/16 tunnel office1", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("tunnel office1 does not exist"));
	CU_ASSERT_EQUAL(config_route_count(fx_router->running), 4);	/* as last committed */
	stop();
}

/* Free text longer than what keeps it is refused, never cut. */
static void
test_free_text_limits(void)
{
	struct commit_info ci;
	char line[512];
	uint64_t generation;

	start();
	fx_ok(s, (const char *[]){ "interface lan0", NULL });
	snprintf(line, sizeof(line), "description %0*d", CFG_DESCR_MAX, 0);
	fx_ok(s, (const char *[]){ line, NULL });
	snprintf(line, sizeof(line), "description %0*d", CFG_DESCR_MAX + 1, 0);
	refused(line, "% Description too long: 241 characters (at most 240)");
	generation = fx_router->generation;
	snprintf(line, sizeof(line), "commit comment %0*d", COMMITDB_COMMENT_MAX + 1, 0);
	CU_ASSERT_EQUAL(fx_run(s, line), SESSION_ERROR);
	CU_ASSERT(fx_has("% Commit comment too long: 256 characters (at most 255)"));
	CU_ASSERT_EQUAL(fx_router->generation, generation);
	snprintf(line, sizeof(line), "commit comment %0*d", COMMITDB_COMMENT_MAX, 0);
	fx_ok(s, (const char *[]){ line, NULL });
	CU_ASSERT_TRUE(commitdb_info(fx_router->db, commitdb_last_id(fx_router->db), &ci));
	CU_ASSERT_STRING_EQUAL(ci.comment, line + strlen("commit comment "));
	stop();
}

static void
test_tunnel_statements(void)
{
	struct strbuf p = STRBUF_INIT;
	char *text;

	start();
	fx_ok(s, (const char *[]){ "interface wan0", "ip address 198.51.100.1/24",
	    "crypto ipsec tunnel office1", NULL });
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config-tunnel)#");
	strbuf_free(&p);
	fx_ok(s, (const char *[]){ "description office 1 | Paris",
	    "peer 203.0.113.2", "local-address 198.51.100.1",
	    "esp proposal aes128gcm16 aes256-sha256",
	    "esp lifetime 1800 kilobytes 100000", "local-network 10.1.0.0/16",
	    "local-network 10.2.0.0/16", "local-network 10.1.0.0/16",
	    "remote-network 10.9.0.0/16", "routing route", "replay-window 64",
	    "esn", "nat-traversal force", "keying ike", "pre-shared-key 0 s3cret",
	    NULL });
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto ipsec tunnel office1\n"
	    " description office 1 | Paris\n"
	    " peer 203.0.113.2\n"
	    " local-address 198.51.100.1\n"
	    " pre-shared-key 6 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n"
	    " esp proposal aes128gcm16 aes256-sha256\n"
	    " esp lifetime 1800 kilobytes 100000\n"
	    " local-network 10.1.0.0/16\n"
	    " local-network 10.2.0.0/16\n"
	    " remote-network 10.9.0.0/16\n"
	    " routing route\n"
	    " nat-traversal force\n"
	    " replay-window 64\n"
	    " esn\n!\n"));
	CU_ASSERT(strstr(text, "crypto ipsec tunnel") < strstr(text, "interface wan0"));
	free(text);
	refused("esp proposal aes128gcm16 aes512-gcm",
	    "% Unknown ESP algorithm \"aes512\" in \"aes512-gcm\"\n"
	    "  ENC: aes128 aes256 aes128gcm16 aes256gcm16; INTEG: sha256 sha384 "
	    "sha512; GROUP: modp2048 ecp256 ecp384 x25519\n");
	refused("esp proposal aes128gcm16 aes128gcm16", "listed twice");
	refused("esp proposal a b c d e f g h i", "^");
	refused("replay-window 4097", "^");
	refused("esp lifetime 60", "^");
	refused("esp lifetime 120 kilobytes 100", "^");
	refused("local-network 10.1.0.1/16", "did you mean 10.1.0.0/16?");
	refused("no local-network 10.3.0.0/16", "No local-network 10.3.0.0/16");
	refused("peer 224.0.0.5", "not a unicast address");
	refused("local-address 127.0.0.1", "not a unicast address");
	refused("nat-traversal sometimes", "^");
	fx_ok(s, (const char *[]){ "no description", "no local-address",
	    "default esp lifetime", "no local-network 10.1.0.0/16",
	    "default remote-network", "no routing", "default replay-window",
	    "no esn", "no nat-traversal", "keying manual", "no keying", "shutdown",
	    "default esp proposal", NULL });
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto ipsec tunnel office1\n"
	    " peer 203.0.113.2\n"
	    " pre-shared-key 6 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n"
	    " local-network 10.2.0.0/16\n"
	    " shutdown\n!\n"));
	free(text);
	fx_ok(s, (const char *[]){ "no shutdown", "exit", "no crypto ipsec tunnel office1",
	    NULL });
	refused("no crypto ipsec tunnel office1", "No such tunnel \"office1\"");
	refused("crypto ipsec tunnel 1bad", "Invalid tunnel name");
	stop();
}

/* Commit checks what typing could not: completeness and references. */
static void
test_tunnel_commit_checks(void)
{
	static const char down[] =
	    "Tunnel               Peer            Local           Keying Routing State\n"
	    "t1                   203.0.113.2     auto            ike    route   down 0:00:0";
	struct strbuf want = STRBUF_INIT;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel t1", "keying manual",
	    "ip route 10.9.0.0/16 tunnel t1", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: no peer"));
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: routing policy needs a local-network"));
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: keying manual needs an esp proposal"));
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: keying manual needs an sa inbound and an sa outbound"));
	CU_ASSERT(fx_has("ip route 10.9.0.0 255.255.0.0 tunnel t1: tunnel t1 is not a next hop"));
	CU_ASSERT_PTR_NULL(config_tunnel_find(fx_router->running, "t1"));
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel t1", "peer 203.0.113.2",
	    "routing route", "keying ike", "pre-shared-key 6 QUJD", NULL });
	/* keying ike: the key must decrypt */
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: pre-shared-key: type-6 secret"));
	fx_ok(s, (const char *[]){ "pre-shared-key 0 s3cret", "commit", "end",
	    "show running-config crypto", NULL });
	strbuf_printf(&want, "crypto ipsec tunnel t1\n peer 203.0.113.2\n"
	    " pre-shared-key %s\n routing route\n!\n",
	    config_tunnel_find(fx_router->running, "t1")->psk);
	CU_ASSERT_STRING_EQUAL(fx_text(), strbuf_str(&want));
	fx_ok(s, (const char *[]){ "show running-config crypto ipsec tunnel t1", NULL });
	CU_ASSERT_STRING_EQUAL(fx_text(), strbuf_str(&want));
	strbuf_free(&want);
	CU_ASSERT_EQUAL(fx_run(s, "show running-config crypto spd"), SESSION_ERROR);
	CU_ASSERT(fx_has("% No such configuration item(s)"));
	fx_ok(s, (const char *[]){ "show crypto ipsec tunnel", NULL });
	/* down since the commit that made it, seconds ago at most */
	CU_ASSERT_EQUAL(strncmp(fx_text(), down, strlen(down)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_text(), " (keyed by IKE)\n"));
	CU_ASSERT_EQUAL(fx_run(s, "show crypto ipsec tunnel t9"), SESSION_ERROR);
	CU_ASSERT(fx_has("No such tunnel \"t9\""));
	stop();
}

static void
test_spd_statements(void)
{
	struct strbuf p = STRBUF_INIT;
	char *text;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel office1", "shutdown", "exit",
	    "crypto spd", NULL });
	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), "vgw(config-spd)#");
	strbuf_reset(&p);
	CU_ASSERT_EQUAL(session_help(s, "", &p), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&p), "<1-4294967295>"));
	strbuf_reset(&p);
	CU_ASSERT_EQUAL(session_help(s, "10 protect source any ", &p), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&p), "destination"));
	strbuf_reset(&p);
	CU_ASSERT_EQUAL(session_help(s, "10 bypass protocol ", &p), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&p), "Any IP protocol"));
	strbuf_free(&p);
	fx_ok(s, (const char *[]){
	    "10 protect protocol tcp source 10.1.0.0/16 port 1000-2000 destination any port 80 tunnel office1",
	    "20 bypass source any destination 192.0.2.0/24",
	    "30 discard protocol 50 source 0.0.0.0/0 destination any",
	    "5 pro sou 10.0.0.0/8 dest 10.9.0.0/16 tun office1",
	    "40 bypass protocol 17 source any port 500 destination any port 0-65535",
	    NULL });
	refused("50 protect source any destination any", "needs `tunnel NAME`");
	refused("50 bypass source any destination any tunnel office1", "Only a protect entry");
	refused("50 bypass protocol icmp source any port 5 destination any", "Ports need protocol tcp or udp");
	refused("50 bypass protocol tcp source any port 10-5 destination any", "^");
	refused("50 bypass source 10.0.0.1/8 destination any", "did you mean 10.0.0.0/8?");
	refused("50 bypass protocol 256 source any destination any", "^");
	refused("no 99", "No SPD entry 99");
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto spd\n"
	    " 5 protect source 10.0.0.0/8 destination 10.9.0.0/16 tunnel office1\n"
	    " 10 protect protocol tcp source 10.1.0.0/16 port 1000-2000 destination any port 80 tunnel office1\n"
	    " 20 bypass source any destination 192.0.2.0/24\n"
	    " 30 discard protocol 50 source any destination any\n"
	    " 40 bypass protocol udp source any port 500 destination any\n!\n"));
	free(text);
	/* an entry with a taken number replaces it; no removes it */
	fx_ok(s, (const char *[]){ "20 discard source any destination any", "no 30", NULL });
	CU_ASSERT_EQUAL(config_spd_count(cmd_candidate_for_test(s)), 4);
	CU_ASSERT_EQUAL(config_spd_find(cmd_candidate_for_test(s), 20)->action, SPD_DISCARD);
	/* a global command leaves the sub-mode */
	fx_ok(s, (const char *[]){ "ip route 10.0.0.0/8 null0", NULL });
	CU_ASSERT_EQUAL(cmd_mode(s->cli), CMD_MODE_CONFIG);
	fx_ok(s, (const char *[]){ "crypto spd", "60 protect source any destination any tunnel nosuch", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto spd 60 protect source any destination any tunnel nosuch: tunnel nosuch does not exist"));
	fx_ok(s, (const char *[]){ "exit", "no crypto spd", NULL });
	CU_ASSERT_EQUAL(config_spd_count(cmd_candidate_for_test(s)), 0);
	stop();
}

#define K16 "000102030405060708090a0b0c0d0e0f"
#define K20 K16 "10111213"			/* AES-128 key and salt */
#define K32 K16 "f0e1d2c3b4a5968778695a4b3c2d1e0f"
#define K64 K32 K32

/* The clear bytes of a stored type-6 key. */
static int
decrypted(const char *text, uint8_t *clear)
{
	char why[128];

	return secret_decrypt(router_secret_key(fx_router), text, clear, why,
	    sizeof(why));
}

static void
test_tunnel_sa(void)
{
	const struct cfg_tunnel *t;
	uint8_t clear[SECRET_CLEAR_MAX];
	char *text;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel office1", "shutdown",
	    "esp proposal aes128gcm16", "keying manual",
	    "sa inbound spi 0x1000 encryption-key 0 " K20,
	    "sa outbound spi 4097 encryption-key 0x" K20, NULL });
	/* the typed line is kept masked */
	CU_ASSERT_PTR_NOT_NULL(strstr(s->history[s->nhistory - 1],
	    "encryption-key *****"));
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, " keying manual\n"
	    " sa inbound spi 4096 encryption-key 6 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, " sa outbound spi 4097 encryption-key 6 "));
	CU_ASSERT_PTR_NULL(strstr(text, K16));
	free(text);
	/* type 0 became type 6 at once; it decrypts to the typed bytes */
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(strncmp(t->sa_in.enc_key, "6 ", 2), 0);
	CU_ASSERT_EQUAL(decrypted(t->sa_in.enc_key, clear), 20);
	CU_ASSERT_EQUAL(clear[19], 0x13);
	CU_ASSERT_EQUAL(t->sa_in.int_key[0], '\0');
	/* bad input names what was wrong, never the key */
	refused("sa inbound spi 300 encryption-key 0 " K16,
	    "The encryption-key has 16 bytes; aes128gcm16 needs 20");
	CU_ASSERT(!fx_has(K16));
	refused("sa inbound spi 300 encryption-key " K20 " integrity-key " K32,
	    "aes128gcm16 is an AEAD algorithm");
	refused("sa inbound spi 300 encryption-key 0 " K16 "zz", "Invalid encryption-key");
	CU_ASSERT(!fx_has(K16));
	refused("sa inbound spi 300 encryption-key 6 not*base64", "Invalid type-6 encryption-key");
	refused("sa inbound spi 0xff encryption-key " K20, "SPI 0xff is reserved");
	refused("sa inbound spi 255 encryption-key " K20, "^");
	refused("sa inbound spi 0x1g encryption-key " K20, "^");
	/* CBC with HMAC: both keys, of the lengths the algorithm needs */
	fx_ok(s, (const char *[]){ "esp proposal aes256-sha512",
	    "sa inbound spi 300 encryption-key " K32 " integrity-key 0 " K64, NULL });
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(decrypted(t->sa_in.int_key, clear), 64);
	refused("sa inbound spi 300 encryption-key " K32, "aes256-sha512 needs an integrity-key of 64 bytes");
	refused("sa inbound spi 300 encryption-key " K32 " integrity-key " K32,
	    "The integrity-key has 32 bytes; aes256-sha512 needs 64");
	/* type 6 is kept as given */
	fx_ok(s, (const char *[]){ "sa outbound spi 301 encryption-key 6 QUJD "
	    "integrity-key 6 REVGRw==", NULL });
	CU_ASSERT_STRING_EQUAL(t->sa_out.enc_key, "6 QUJD");
	CU_ASSERT_STRING_EQUAL(t->sa_out.int_key, "6 REVGRw==");
	fx_ok(s, (const char *[]){ "no sa inbound", "no sa outbound", NULL });
	CU_ASSERT_FALSE(t->sa_in.set);
	CU_ASSERT_FALSE(t->sa_out.set);
	stop();
}

/* Keys are checked at commit against the proposal, and must decrypt. */
static void
test_tunnel_key_commit(void)
{
	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel t1", "peer 203.0.113.2",
	    "routing route", "keying manual",
	    "sa inbound spi 300 encryption-key " K16,
	    "sa outbound spi 301 encryption-key 6 QUJD",
	    "esp proposal aes256gcm16", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: sa inbound: encryption-key has 16 bytes; aes256gcm16 needs 36"));
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: sa outbound: encryption-key: type-6 secret"));
	CU_ASSERT_PTR_NULL(config_tunnel_find(fx_router->running, "t1"));
	fx_ok(s, (const char *[]){ "sa inbound spi 300 encryption-key " K32 "00112233",
	    "sa outbound spi 301 encryption-key " K32 "44556677", "commit", NULL });
	CU_ASSERT_PTR_NOT_NULL(config_tunnel_find(fx_router->running, "t1"));
	stop();
}


/* The IKEv2 statements: accepted forms, running-config, no/default, refusals. */
static void
test_tunnel_ike_statements(void)
{
	const struct cfg_tunnel *t;
	uint8_t clear[SECRET_CLEAR_MAX];
	char *text, long_label[80], long_name[300];
	struct strbuf line = STRBUF_INIT;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel office1", "shutdown",
	    "pre-shared-key \"my pass phrase\"", "ike version 2",
	    "ike proposal aes256-sha256-prfsha256-modp2048 aes128gcm16-prfsha256-curve25519 "
	    "aes256gcm16-prfsha384-ecp384",
	    "ike lifetime 28800",
	    "esp proposal aes128gcm16-ecp256 aes256-sha512 aes128gcm16",
	    "local-id fqdn gw1.example.net", "remote-id address 203.0.113.2",
	    "dpd interval 10 retries 5", "start respond", NULL });
	/* the typed key is kept masked and stored encrypted */
	CU_ASSERT_PTR_NOT_NULL(strstr(s->history[s->nhistory - 9], "pre-shared-key *****"));
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(decrypted(t->psk, clear), 14);
	CU_ASSERT_EQUAL(memcmp(clear, "my pass phrase", 14), 0);
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto ipsec tunnel office1\n"
	    " pre-shared-key 6 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n"
	    " ike proposal aes256-sha256-modp2048 aes128gcm16-prfsha256-x25519 "
	    "aes256gcm16-prfsha384-ecp384\n"
	    " ike lifetime 28800\n"
	    " esp proposal aes128gcm16-ecp256 aes256-sha512 aes128gcm16\n"
	    " local-id fqdn gw1.example.net\n"
	    " remote-id address 203.0.113.2\n"
	    " dpd interval 10 retries 5\n"
	    " start respond\n"
	    " shutdown\n!\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "pass phrase"));
	CU_ASSERT_PTR_NULL(strstr(text, "ike version"));
	free(text);
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(t->proposal_dh[0], IKE_DH_ECP256);
	CU_ASSERT_EQUAL(t->proposal_dh[1], IKE_DH_NONE);
	CU_ASSERT_EQUAL(t->ike_proposal[1].dh, IKE_DH_CURVE25519);
	/* refused, naming the bad word; nothing changes */
	refused("ike version 1", "% IKEv1 is not supported");
	refused("ike version 3", "^");
	refused("ike proposal aes129-sha256-modp2048",
	    "% Unknown IKE algorithm \"aes129\" in \"aes129-sha256-modp2048\"\n"
	    "  ENC: aes128 aes256 aes128gcm16 aes256gcm16; INTEG: sha256 sha384 "
	    "sha512; PRF: prfsha256 prfsha384 prfsha512; GROUP: modp2048 ecp256 "
	    "ecp384 x25519\n");
	refused("ike proposal aes256-sha256", "% Invalid IKE proposal \"aes256-sha256\": "
	    "ENC-[INTEG-][PRF-]GROUP, as aes128gcm16-prfsha256-ecp256");
	refused("ike proposal aes128gcm16-sha256-ecp256",
	    "% Invalid IKE proposal \"aes128gcm16-sha256-ecp256\" at \"sha256\"");
	refused("ike proposal bogus", "% Unknown IKE algorithm \"bogus\"\n");
	refused("ike proposal aes256-sha256-modp2048 aes256-sha256-prfsha256-modp2048",
	    "IKE proposal \"aes256-sha256-prfsha256-modp2048\" is listed twice");
	refused("ike proposal a b c d e f g h i", "^");
	refused("esp proposal aes128gcm16-ecp257", "Unknown ESP algorithm \"ecp257\" in "
	    "\"aes128gcm16-ecp257\"");
	refused("esp proposal aes128gcm16-prfsha256", "Invalid ESP proposal "
	    "\"aes128gcm16-prfsha256\" at \"prfsha256\"");
	refused("esp proposal aes256", "Invalid ESP proposal \"aes256\": ENC[-INTEG][-GROUP]");
	refused("esp proposal aes128gcm16-ecp256 aes128gcm16-ecp256", "listed twice");
	refused("ike lifetime 119", "^");
	refused("ike lifetime 604801", "^");
	refused("local-id fqdn -gw.example", "Invalid fqdn \"-gw.example\": no label "
	    "starts or ends with a hyphen");
	refused("local-id fqdn gw..example", "labels (between dots) of 1 to 63");
	refused("remote-id fqdn gw_1.example", "only letters, digits, hyphens and dots");
	refused("remote-id fqdn 192.0.2.1", "the last label not all digits");
	refused("remote-id address 224.0.0.1", "Invalid remote-id 224.0.0.1: not a unicast");
	refused("local-id 192.0.2.1", "^");
	memset(long_label, 'a', 64);
	long_label[64] = '\0';
	strbuf_printf(&line, "local-id fqdn %s.example", long_label);
	refused(line.buf, "labels (between dots) of 1 to 63");
	for (size_t i = 0; i < 254; i += 2)
		memcpy(long_name + i, "a.", 2);
	long_name[253] = '\0';			/* 127 labels, 253 characters */
	strbuf_reset(&line);
	strbuf_printf(&line, "local-id fqdn %s", long_name);
	fx_ok(s, (const char *[]){ line.buf, NULL });
	strcpy(long_name + 253, "b");
	strbuf_reset(&line);
	strbuf_printf(&line, "local-id fqdn %s", long_name);
	refused(line.buf, "at most 253 characters");
	refused("dpd interval 0 retries 3", "^");
	refused("dpd interval 10 retries 11", "^");
	refused("dpd interval 10", "Incomplete");
	refused("start later", "^");
	refused("pre-shared-key 6 not*base64", "Invalid type-6 pre-shared-key");
	memset(long_name, 'k', 257);
	long_name[257] = '\0';
	strbuf_reset(&line);
	strbuf_printf(&line, "pre-shared-key 0 %s", long_name);
	refused(line.buf, "Invalid pre-shared-key: 1 to 256 characters");
	CU_ASSERT(!fx_has("kkkk"));
	refused("pre-shared-key \"caf\xc3\xa9\"", "Invalid pre-shared-key: printable ASCII");
	refused("pre-shared-key \"\"", "% ");
	long_name[256] = '\0';			/* 256 is the most */
	strbuf_reset(&line);
	strbuf_printf(&line, "pre-shared-key %s", long_name);
	fx_ok(s, (const char *[]){ line.buf, "pre-shared-key 0 6", NULL });
	/* a 6 after the type is the key itself */
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(decrypted(t->psk, clear), 1);
	CU_ASSERT_EQUAL(clear[0], '6');
	/* no and default forms; `no dpd` turns it off, `default dpd` on */
	fx_ok(s, (const char *[]){ "no pre-shared-key", "no ike version",
	    "default ike proposal", "no ike lifetime", "no esp proposal",
	    "no local-id", "default remote-id", "no dpd", "no start", NULL });
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto ipsec tunnel office1\n"
	    " no dpd\n shutdown\n!\n"));
	free(text);
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(t->dpd_interval, 0);
	fx_ok(s, (const char *[]){ "default dpd", NULL });
	text = candidate_text();
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "!\ncrypto ipsec tunnel office1\n"
	    " shutdown\n!\n"));
	free(text);
	t = config_tunnel_find(cmd_candidate_for_test(s), "office1");
	CU_ASSERT_EQUAL(t->dpd_interval, CFG_DEFAULT_DPD_INTERVAL);
	CU_ASSERT_EQUAL(t->dpd_retries, CFG_DEFAULT_DPD_RETRIES);
	CU_ASSERT_EQUAL(t->psk[0], '\0');
	strbuf_free(&line);
	stop();
}

/* Help for the new words, and what `?` lists after them. */
static void
test_tunnel_ike_help(void)
{
	struct strbuf h = STRBUF_INIT;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel office1", NULL });
	CU_ASSERT_EQUAL(session_help(s, "pre-shared-key ", &h), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Type 0: a clear-text key follows"));
	strbuf_reset(&h);
	CU_ASSERT_EQUAL(session_help(s, "ike ", &h), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Set the IKE proposals"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Set the IKE SA lifetime"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Set the IKE version"));
	strbuf_reset(&h);
	CU_ASSERT_EQUAL(session_help(s, "start ", &h), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "on-traffic"));
	strbuf_reset(&h);
	CU_ASSERT_EQUAL(session_help(s, "", &h), SESSION_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Set how the tunnel comes up"));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&h), "Configure IKEv2"));
	strbuf_free(&h);
	stop();
}

/* keying ike at commit: a peer and a pre-shared-key, which must decrypt. */
static void
test_tunnel_ike_commit(void)
{
	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel t1", "routing route", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: no peer"));
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: keying ike needs a pre-shared-key"));
	/* shut down, it may be incomplete; manual keying needs no key */
	fx_ok(s, (const char *[]){ "shutdown", "commit", "no shutdown",
	    "peer 203.0.113.2", "keying manual", "esp proposal aes128gcm16-ecp256",
	    "sa inbound spi 300 encryption-key " K20,
	    "sa outbound spi 301 encryption-key " K20, "commit", NULL });
	/* a manual tunnel's group is not used: accepted */
	CU_ASSERT_EQUAL(config_tunnel_find(fx_router->running, "t1")->proposal_dh[0],
	    IKE_DH_ECP256);
	/* a key from another installation names the tunnel, never the key */
	fx_ok(s, (const char *[]){ "keying ike", "pre-shared-key 6 QUJDREVGR0g=", NULL });
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: pre-shared-key: "));
	CU_ASSERT(!fx_has("keying ike needs"));
	fx_ok(s, (const char *[]){ "pre-shared-key 0 swordfish", "commit", NULL });
	CU_ASSERT_EQUAL(config_tunnel_find(fx_router->running, "t1")->keying, KEYING_IKE);
	stop();
}

/* A type-6 sa line is taken whatever the proposal (it is what running-config
 * shows, after a proposal that may have changed since): the commit checks
 * it. A clear key is checked against the proposal at once. */
static void
test_tunnel_sa_any_order(void)
{
	struct strbuf text = STRBUF_INIT, errs = STRBUF_INIT;
	struct config *back;
	int nerr;

	start();
	fx_ok(s, (const char *[]){ "crypto ipsec tunnel t1", "shutdown",
	    "sa inbound spi 300 encryption-key 6 QUJD", "esp proposal aes256-sha256",
	    "sa outbound spi 301 encryption-key 6 QUJD", NULL });
	refused("sa outbound spi 301 encryption-key " K32, "aes256-sha256 needs an integrity-key");
	config_render(cmd_candidate_for_test(s), CFG_SECT_ALL, &text);
	back = session_parse_config(fx_router, text.buf, text.len, "rendered", &errs, &nerr);
	CU_ASSERT_EQUAL(nerr, 0);
	CU_ASSERT_TRUE(config_equal(back, cmd_candidate_for_test(s)));
	CU_ASSERT_EQUAL(fx_run(s, "commit"), SESSION_ERROR);
	CU_ASSERT(fx_has("crypto ipsec tunnel t1: sa inbound: aes256-sha256 needs an integrity-key"));
	config_free(back);
	strbuf_free(&text);
	strbuf_free(&errs);
	stop();
}

/* The prompt of s now. */
static void
prompt_is(const char *want)
{
	struct strbuf p = STRBUF_INIT;

	session_prompt(s, &p);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&p), want);
	strbuf_free(&p);
}

/* The sub-modes of ssl-vpn (their statements: tests/shell/sslvpn_config.sh). */
static void
test_sslvpn_modes(void)
{
	start();
	fx_ok(s, (const char *[]){ "ssl-vpn", NULL });
	prompt_is("vgw(config-sslvpn)#");
	fx_ok(s, (const char *[]){ "ssl-vpn user alice", NULL });
	prompt_is("vgw(config-sslvpn-user)#");
	fx_ok(s, (const char *[]){ "exit", NULL });
	prompt_is("vgw(config)#");
	fx_ok(s, (const char *[]){ "ssl-vpn user alice", "ssl-vpn", NULL });
	prompt_is("vgw(config-sslvpn)#");
	/* a global command that fails leaves the user in the sub-mode */
	CU_ASSERT_EQUAL(fx_run(s, "ssl-vpn user 1x"), SESSION_ERROR);
	prompt_is("vgw(config-sslvpn)#");
	refused("address-pool 10.0.0.0/31", "% address-pool: prefix length must be 8 to 30");
	stop();
}

static CU_TestInfo tests[] = {
	{ "hostname, logging, users, enable secret", test_global_statements },
	{ "interface and its sub-mode", test_interface_statements },
	{ "ip route", test_route_statements },
	{ "free text too long is refused", test_free_text_limits },
	{ "crypto ipsec tunnel and its sub-mode", test_tunnel_statements },
	{ "tunnels at commit: completeness, references; show", test_tunnel_commit_checks },
	{ "crypto spd and its entries", test_spd_statements },
	{ "manual SAs: keys encrypted as typed, never shown in clear", test_tunnel_sa },
	{ "manual SAs at commit: key lengths, keys that do not decrypt", test_tunnel_key_commit },
	{ "manual SAs of type 6 in any order with the proposal", test_tunnel_sa_any_order },
	{ "IKEv2 statements of a tunnel", test_tunnel_ike_statements },
	{ "IKEv2 statements: help", test_tunnel_ike_help },
	{ "IKEv2 tunnels at commit: peer, pre-shared-key", test_tunnel_ike_commit },
	{ "ssl-vpn and ssl-vpn user: modes and prompts", test_sslvpn_modes },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "cmd_config"
#include "cunit_main.h"
