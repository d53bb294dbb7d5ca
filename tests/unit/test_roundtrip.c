/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Property: for many generated configurations, running-config text read
 * back through the shell's grammar gives the same configuration, and
 * rendering is deterministic. Free text (descriptions) is typed into the
 * shell as a hostile user would: each is refused at input or stored so
 * that it reads back exactly. Seeded, so a failure can be replayed.
 */
#include "session_fixture.h"

#include "config/config_ipsec.h"
#include "config/config_sslvpn.h"
#include "lib/inet.h"
#include "crypto/password.h"

#define CONFIGS	600

static unsigned long rng;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33) % n;
}

static void
rnd_name(char *out, size_t size, const char *alphabet)
{
	size_t n = 1 + rnd((unsigned)size - 2), i;

	out[0] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[rnd(52)];
	for (i = 1; i < n; i++)
		out[i] = alphabet[rnd((unsigned)strlen(alphabet))];
	out[n] = '\0';
}

static void
rnd_hash(char *out)
{
	static const char b64[] =
	    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	int i;

	strcpy(out, "$9$");
	for (i = 3; i < 17; i++)
		out[i] = b64[rnd(64)];
	out[17] = '$';
	for (i = 18; i < PASSWORD_TYPE9_LEN; i++)
		out[i] = b64[rnd(64)];
	out[PASSWORD_TYPE9_LEN] = '\0';
}

/*
 * Text as a hostile user types it: control characters, quotes, comment,
 * filter and help characters, statements, blanks at either end, words
 * longer than a description may be.
 */
static void
rnd_hostile(char *out, size_t size)
{
	static const char *const parts[] = {
		"a", "Xyz", "019", "-_./,;:", " ", "  ", "\t", "\"", "'",
		"\"two words\"", "'it''s'", "!", "! x", "#", "|", "| include x",
		"?", "a?", "\\", "\xc3\xa9", "end", "exit", "do erase startup-config",
		"\n", "\nend", "\r", "\r\n", "\x1b[2J", "\x7f", "\x01", "\x1f",
	};
	size_t len = 0, n;
	unsigned k = 1 + rnd(12);

	out[0] = '\0';
	while (k-- > 0) {
		if (rnd(30) == 0) {	/* one long word, around the limit */
			n = CFG_DESCR_MAX - 40 + rnd(60);
			if (len + n >= size)
				break;
			memset(out + len, 'w', n);
			len += n;
			out[len] = '\0';
			continue;
		}
		n = rnd(sizeof(parts) / sizeof(parts[0]));
		if (len + strlen(parts[n]) >= size)
			break;
		strcpy(out + len, parts[n]);
		len += strlen(parts[n]);
	}
}

static int typed_refused, typed_taken;

/*
 * Types "description TEXT" in s (in interface hostile0's sub-mode) and
 * checks the answer: text with a control character other than TAB is
 * refused, naming it; text without one, without '?' and not too long is
 * taken; a line not taken (refused, or a help request: a `?` word at its
 * end) changes nothing; text taken is stored as typed, TABs as spaces,
 * without blanks at either end. stored gets the description, "" when not
 * taken.
 */
static void
type_description(struct session *s, const char *text, char *stored)
{
	struct strbuf line = STRBUF_INIT;
	char want[CFG_DESCR_MAX * 2 + 1];
	const struct cfg_interface *ifp;
	bool control = false, must_take, taken;
	size_t i, b, e;

	for (i = 0; text[i] != '\0'; i++)
		control |= ((unsigned char)text[i] < 0x20 && text[i] != '\t') ||
		    text[i] == 0x7f;
	for (b = 0; text[b] == ' ' || text[b] == '\t'; b++)
		;
	for (e = strlen(text); e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'); e--)
		;
	snprintf(want, sizeof(want), "%.*s", (int)(e - b), text + b);
	for (i = 0; want[i] != '\0'; i++)
		if (want[i] == '\t')
			want[i] = ' ';
	must_take = !control && strchr(want, '?') == NULL && want[0] != '\0' &&
	    strlen(want) <= CFG_DESCR_MAX;
	fx_ok(s, (const char *[]){ "description sentinel", NULL });
	strbuf_printf(&line, "description %s", text);
	ifp = config_interface_find(cmd_candidate_for_test(s), "hostile0");
	taken = fx_run(s, line.buf) == SESSION_OK &&
	    strcmp(ifp->description, "sentinel") != 0;
	if (!taken) {
		typed_refused++;
		if (must_take)
			fprintf(stderr, "\nnot taken: \"%s\": %s\n", text, fx_text());
		CU_ASSERT(!must_take);
		CU_ASSERT(!control || fx_has("% Line contains a "));
		CU_ASSERT_STRING_EQUAL(ifp->description, "sentinel");
		stored[0] = '\0';
	} else {
		typed_taken++;
		CU_ASSERT(!control);
		CU_ASSERT_STRING_EQUAL(ifp->description, want);
		strcpy(stored, ifp->description);
	}
	strbuf_free(&line);
}

static uint32_t
rnd_host(uint8_t plen)
{
	uint32_t a;

	do
		a = ((uint32_t)rnd(223) + 1) << 24 | rnd(1u << 24);
	while (plen <= 30 && (inet_host_bits(a, plen) == 0 ||
	    inet_host_bits(a, plen) == ~inet_mask(plen)));
	return a;
}

static void
rnd_prefix(struct cfg_prefix *p)
{
	p->plen = (uint8_t)rnd(33);
	p->addr = (uint32_t)rnd(1u << 31) << 1 & inet_mask(p->plen);
}

/* Type-6 text: base64 in groups of four, as secret_encrypt writes it. */
static void
rnd_type6(char *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 4 * (1 + rnd((SECRET_TEXT_MAX - 3) / 4)), i;

	strcpy(out, "6 ");
	for (i = 0; i < n; i++)
		out[2 + i] = b64[rnd(64)];
	if (rnd(2))
		out[2 + n - 1] = '=';
	out[2 + n] = '\0';
}

static uint32_t
rnd_unicast(void)
{
	uint32_t a = rnd_host(32);

	return a >> 24 == 127 ? a ^ 0x01000000 : a;
}

/* A list of distinct networks, as local-network lines keep them. */
static uint8_t
rnd_networks(struct cfg_prefix *list)
{
	unsigned n = rnd(CFG_NETWORKS_MAX + 1), k = 0, j;

	while (k < n) {
		rnd_prefix(&list[k]);
		for (j = 0; j < k; j++)
			if (list[j].addr == list[k].addr && list[j].plen == list[k].plen)
				break;
		if (j == k)
			k++;
	}
	return (uint8_t)n;
}

/* An SA, fitting the tunnel's first proposal or not: type-6 lines are
 * taken as they are (the commit checks them). */
static void
rnd_sa(struct cfg_manual_sa *sa)
{
	sa->set = rnd(3) != 0;
	if (!sa->set)
		return;
	sa->spi = CFG_SPI_MIN + rnd(UINT32_MAX - CFG_SPI_MIN);
	rnd_type6(sa->enc_key);
	if (rnd(2))
		rnd_type6(sa->int_key);
}

/* An IKE proposal word as ike_algs_parse makes them. */
static void
rnd_ike_algs(struct ike_algs *a)
{
	a->encr = (uint8_t)rnd(IKE_ENCR_COUNT);
	a->integ = ike_encr_info(a->encr)->aead ? IKE_INTEG_NONE :
	    (uint8_t)(1 + rnd(IKE_INTEG_COUNT - 1));
	a->prf = (uint8_t)rnd(IKE_PRF_COUNT);
	a->dh = (uint8_t)(1 + rnd(IKE_DH_COUNT - 1));
}

/* A valid fqdn: labels of letters, digits and inner hyphens. */
static void
rnd_fqdn(char *out)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = 0, n, i;
	unsigned labels = 1 + rnd(rnd(8) == 0 ? 60 : 4);
	const char *last;

	while (labels-- > 0) {
		n = 1 + rnd(rnd(4) == 0 ? CFG_FQDN_LABEL_MAX : 10);
		if (len + n + (len > 0) > CFG_FQDN_MAX)
			break;
		if (len > 0)
			out[len++] = '.';
		for (i = 0; i < n; i++)
			out[len + i] = i > 0 && i < n - 1 && rnd(5) == 0 ? '-' :
			    alnum[rnd(sizeof(alnum) - 1)];
		len += n;
	}
	out[len] = '\0';
	last = strrchr(out, '.') ? strrchr(out, '.') + 1 : out;
	if (strspn(last, "0123456789") == strlen(last))
		out[len - 1] = 'z';	/* the last label not all digits */
}

static void
rnd_id(struct cfg_ike_id *id)
{
	id->type = (uint8_t)rnd(3);
	if (id->type == ID_ADDRESS)
		id->addr = rnd_unicast();
	else if (id->type == ID_FQDN)
		rnd_fqdn(id->fqdn);
}

/* The IKEv2 statements of a tunnel. */
static void
rnd_ike(struct cfg_tunnel *t)
{
	unsigned i, j;

	if (rnd(2))
		rnd_type6(t->psk);
	for (i = rnd(3) == 0 ? 1 + rnd(CFG_PROPOSALS_MAX) : 0; t->nike < i; ) {
		rnd_ike_algs(&t->ike_proposal[t->nike]);
		for (j = 0; j < t->nike; j++)
			if (memcmp(&t->ike_proposal[j], &t->ike_proposal[t->nike],
			    sizeof(t->ike_proposal[0])) == 0)
				break;
		if (j == t->nike)
			t->nike++;
	}
	if (rnd(3) == 0)
		t->ike_lifetime = 120 + rnd(604800 - 120 + 1);
	rnd_id(&t->local_id);
	rnd_id(&t->remote_id);
	switch (rnd(3)) {
	case 0:
		t->dpd_interval = 0;		/* no dpd: retries do not count */
		t->dpd_retries = (uint8_t)(1 + rnd(10));
		break;
	case 1:
		t->dpd_interval = (uint16_t)(1 + rnd(3600));
		t->dpd_retries = (uint8_t)(1 + rnd(10));
		break;
	}
	t->start = (uint8_t)rnd(3);
}

static void
rnd_tunnel(struct config *c, const char *namechars, struct session *typist)
{
	struct cfg_tunnel t;
	char name[CFG_NAME_MAX];
	unsigned i, j;

	rnd_name(name, sizeof(name), namechars);
	config_tunnel_defaults(&t, name);
	if (rnd(2)) {
		char text[CFG_DESCR_MAX * 2];

		rnd_hostile(text, sizeof(text));
		type_description(typist, text, t.description);
	}
	if ((t.has_peer = rnd(4) != 0))
		t.peer = rnd_unicast();
	if ((t.has_local = rnd(3) == 0))
		t.local = rnd_unicast();
	for (i = rnd(4) == 0 ? 1 + rnd(CFG_PROPOSALS_MAX) : rnd(4); t.nproposals < i; ) {
		t.proposal[t.nproposals] = (uint8_t)rnd(ESP_ALG_COUNT);
		t.proposal_dh[t.nproposals] = rnd(2) ? IKE_DH_NONE :
		    (uint8_t)(1 + rnd(IKE_DH_COUNT - 1));
		for (j = 0; j < t.nproposals; j++)
			if (t.proposal[j] == t.proposal[t.nproposals] &&
			    t.proposal_dh[j] == t.proposal_dh[t.nproposals])
				break;
		if (j == t.nproposals)
			t.nproposals++;
	}
	rnd_ike(&t);
	if (rnd(3) == 0)
		t.esp_lifetime = 120 + rnd(604800 - 120 + 1);
	if (rnd(3) == 0)
		t.esp_lifetime_kb = 2560 + rnd(UINT32_MAX - 2560);
	t.nlocal = rnd_networks(t.local_net);
	t.nremote = rnd_networks(t.remote_net);
	t.routing = (uint8_t)rnd(2);
	t.natt = (uint8_t)rnd(3);
	t.keying = (uint8_t)rnd(2);
	if (rnd(3) == 0)
		t.replay_window = (uint16_t)rnd(CFG_REPLAY_MAX + 1);
	t.esn = rnd(2);
	t.shutdown = rnd(4) == 0;
	rnd_sa(&t.sa_in);
	rnd_sa(&t.sa_out);
	config_tunnel_set(c, &t);
}

static void
rnd_spd_entry(struct config *c, const char *namechars)
{
	struct cfg_spd_entry e;

	memset(&e, 0, sizeof(e));
	e.seq = 1 + rnd(UINT32_MAX);
	e.action = (uint8_t)rnd(3);
	e.proto = (uint8_t)(rnd(2) ? rnd(256) : 6 + 11 * rnd(2));
	rnd_prefix(&e.src);
	rnd_prefix(&e.dst);
	e.sport_hi = e.dport_hi = 65535;
	if (e.proto == 6 || e.proto == 17) {
		e.sport_lo = (uint16_t)rnd(65536);
		e.sport_hi = (uint16_t)(e.sport_lo + rnd(65536u - e.sport_lo));
		if (rnd(2))
			e.dport_lo = e.dport_hi = (uint16_t)rnd(65536);
	}
	if (e.action == SPD_PROTECT)
		rnd_name(e.tunnel, sizeof(e.tunnel), namechars);
	config_spd_set(c, &e);
}

/* The SSL-VPN server (every statement, each at random) and its users. */
static void
rnd_sslvpn(struct config *c, const char *namechars)
{
	struct cfg_sslvpn *s;
	struct cfg_prefix p;
	unsigned i, n;

	if (rnd(2)) {
		s = config_sslvpn_get(c);
		if ((s->has_listen = rnd(4) != 0)) {
			s->listen = rnd_unicast();
			s->port = (uint16_t)(rnd(2) ? CFG_SSLVPN_DEFAULT_PORT : 1 + rnd(65535));
		}
		switch (rnd(3)) {
		case 0:
			s->self_signed = true;
			break;
		case 1:
			s->cert_file[0] = '/';
			rnd_name(s->cert_file + 1, sizeof(s->cert_file) - 1, namechars);
			if (rnd(4) != 0) {
				s->key_file[0] = '/';
				rnd_name(s->key_file + 1, sizeof(s->key_file) - 1, namechars);
			}
			break;
		}
		if ((s->has_pool = rnd(4) != 0)) {
			s->pool_plen = (uint8_t)(CFG_SSLVPN_POOL_PLEN_MIN +
			    rnd(CFG_SSLVPN_POOL_PLEN_MAX - CFG_SSLVPN_POOL_PLEN_MIN + 1));
			s->pool = rnd_host(32) & inet_mask(s->pool_plen);
		}
		for (n = rnd(4) == 0 ? rnd(CFG_SSLVPN_ROUTES_MAX + 8) : rnd(4), i = 0;
		    i < n; i++) {
			rnd_prefix(&p);
			config_sslvpn_route_add(s, p.addr, p.plen);
		}
		if ((s->has_dns = rnd(2)))
			s->dns = rnd_unicast();
		if (rnd(3) == 0)
			s->max_sessions = 1 + rnd(CFG_SSLVPN_SESSIONS_MAX);
		if (rnd(3) == 0)
			s->idle_timeout = 60 + rnd(86400 - 60 + 1);
		if (rnd(3) == 0) {
			s->lockout_attempts = (uint8_t)(1 + rnd(100));
			s->lockout_period = 10 + rnd(86400 - 10 + 1);
		}
		s->shutdown = rnd(4) == 0;
	}
	for (n = rnd(5), i = 0; i < n; i++) {
		char name[CFG_NAME_MAX];
		struct cfg_sslvpn_user *u;

		rnd_name(name, sizeof(name), namechars);
		u = config_sslvpn_user_get(c, name);
		if (rnd(3) != 0)
			rnd_hash(u->password);
		if ((u->has_static = rnd(2)))
			u->static_addr = rnd_unicast();
		u->shutdown = rnd(4) == 0;
	}
}

static struct config *
generate(struct session *typist)
{
	static const char namechars[] = "abcdefghijklmnopqrstuvwxyz0123456789._/-";
	struct config *c = config_new();
	char hash[PASSWORD_TYPE9_LEN + 1], name[CFG_NAME_MAX];
	unsigned i, n;

	if (rnd(2)) {
		char host[CFG_HOSTNAME_MAX];

		rnd_name(host, sizeof(host), "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (host[strlen(host) - 1] == '-')
			host[strlen(host) - 1] = 'x';
		config_set_hostname(c, host);
	}
	if (rnd(2))
		config_set_logging_buffered(c, 4096 + rnd(1048576 - 4096 + 1));
	if (rnd(2)) {
		rnd_hash(hash);
		config_set_enable_secret(c, hash);
	}
	for (n = rnd(5), i = 0; i < n; i++) {
		struct cfg_user u;

		memset(&u, 0, sizeof(u));
		rnd_name(u.name, sizeof(u.name), namechars);
		u.privilege = (uint8_t)(1 + rnd(15));
		u.commit_on_exit = rnd(2);
		rnd_hash(u.secret);
		config_user_set(c, &u);
	}
	for (n = rnd(7), i = 0; i < n; i++) {
		struct cfg_interface *ifp;

		rnd_name(name, sizeof(name), namechars);
		ifp = config_interface_get(c, name);
		if (rnd(2)) {
			char text[CFG_DESCR_MAX * 2];

			rnd_hostile(text, sizeof(text));
			type_description(typist, text, ifp->description);
		}
		if (rnd(2)) {
			ifp->has_addr = true;
			ifp->plen = (uint8_t)(8 + rnd(25));
			ifp->addr = rnd_host(ifp->plen);
		}
		if (rnd(3) == 0)
			ifp->mtu = (uint16_t)(576 + rnd(9000 - 576 + 1));
		if (rnd(3) == 0) {
			ifp->has_mac = true;
			for (int k = 0; k < 6; k++)
				ifp->mac[k] = (uint8_t)rnd(256);
			ifp->mac[0] &= 0xfe;
		}
		if (rnd(3) == 0)
			rnd_name(ifp->tap, sizeof(ifp->tap), "abcdefghijklmnopqrstuvwxyz0123456789-._");
		if (rnd(3) == 0)
			ifp->arp_timeout = 1 + rnd(2147483);
		ifp->shutdown = rnd(4) == 0;
	}
	for (n = rnd(40), i = 0; i < n; i++) {
		struct cfg_route r;

		memset(&r, 0, sizeof(r));
		r.plen = (uint8_t)rnd(33);
		r.prefix = (uint32_t)rnd(1u << 31) << 1 & inet_mask(r.plen);
		r.nh_kind = (enum cfg_nexthop)rnd(4);
		if (r.nh_kind == NH_ADDRESS)
			r.nh_addr = rnd_host(32);
		else if (r.nh_kind != NH_NULL0)
			rnd_name(r.nh_name, sizeof(r.nh_name), namechars);
		r.priority = (uint8_t)rnd(256);
		if (rnd(3) == 0)
			rnd_name(r.track, sizeof(r.track), namechars);
		config_route_set(c, &r);
	}
	for (n = rnd(4), i = 0; i < n; i++)
		rnd_tunnel(c, namechars, typist);
	for (n = rnd(12), i = 0; i < n; i++)
		rnd_spd_entry(c, namechars);
	for (n = rnd(3), i = 0; i < n; i++) {
		static const char *const filters[] = {
			"", "icmp", "tcp port 22 and host 10.1.2.3", "not arp",
		};
		struct cfg_capture cap;

		memset(&cap, 0, sizeof(cap));
		rnd_name(cap.name, sizeof(cap.name), namechars);
		rnd_name(cap.ifname, sizeof(cap.ifname), namechars);
		cap.direction = (uint8_t)rnd(3);
		snprintf(cap.filter, sizeof(cap.filter), "%s", filters[rnd(4)]);
		cap.limit = rnd(2) ? 0 : 1 + rnd(100000000);
		cap.file[0] = '/';
		rnd_name(cap.file + 1, sizeof(cap.file) - 1, namechars);
		config_capture_set(c, &cap);
	}
	rnd_sslvpn(c, namechars);
	return c;
}

static void
test_render_parse_round_trip(void)
{
	struct strbuf text = STRBUF_INIT, again = STRBUF_INIT, errs = STRBUF_INIT;
	struct config *c, *back;
	struct session *typist;
	int i, nerr, bad = 0;

	fx_setup();
	typist = session_new(fx_router, "root", 15, false);
	fx_ok(typist, (const char *[]){ "configure terminal", "interface hostile0", NULL });
	for (i = 0; i < CONFIGS; i++) {
		rng = 0x5eed0000UL + (unsigned long)i;
		c = generate(typist);
		strbuf_reset(&text);
		strbuf_reset(&again);
		strbuf_reset(&errs);
		config_render(c, CFG_SECT_ALL, &text);
		config_render(c, CFG_SECT_ALL, &again);
		CU_ASSERT_STRING_EQUAL(text.buf, again.buf);
		back = session_parse_config(fx_router, text.buf, text.len, "generated",
		    &errs, &nerr);
		if (nerr != 0 || !config_equal(c, back)) {
			if (bad++ == 0) {
				strbuf_reset(&again);
				config_render(back, CFG_SECT_ALL, &again);
				fprintf(stderr, "\nseed %d: errors:\n%s\nrendered:\n%s\n"
				    "read back:\n%s\n", i, errs.buf ? errs.buf : "",
				    text.buf, again.buf);
			}
		}
		config_free(c);
		config_free(back);
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* the generator reached both sides */
	CU_ASSERT(typed_refused > 100 && typed_taken > 100);
	session_free(typist);
	strbuf_free(&text);
	strbuf_free(&again);
	strbuf_free(&errs);
	fx_teardown();
}

static CU_TestInfo tests[] = {
	{ "600 generated configurations, hostile text typed, read back equal",
	    test_render_parse_round_trip },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "roundtrip"
#include "cunit_main.h"
