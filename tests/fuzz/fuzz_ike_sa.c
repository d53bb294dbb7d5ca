/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ike_sa - the IKEv2 daemon's state machine (src/ike/) fed events in
 * any order: datagrams from two peers on ports 500 and 4500 and from a
 * stranger, ticks of the clock, clear crypto sa, commits of other
 * configurations, and lifetime events of its SAs from the engine.
 *
 * The daemon serves tunnel a (peer A, start initiate, dpd 2 s) and tunnel b
 * (peer B, start respond, esn), pre-shared keys typed in clear; the other
 * configurations change a's proposals, shut a down and give b FQDN
 * identities and add c, or remove every tunnel.
 *
 * Input: records, each an action byte (modulo ACT_COUNT), then
 *   datagram:  FLAGS SEL LEN-high LEN-low DATA[LEN]
 *   tick:      STEP (< 200: STEP x 100 ms, else (STEP - 199) x 5 s)
 *   clear:     WHICH (every tunnel, a, b, or one that does not exist)
 *   configure: WHICH (one of the configurations)
 *   event:     WHICH KIND (an SA of the fake engine; KIND odd: hard)
 * A peer's SPIs, message IDs, NAT detection hashes, AUTH and encryption
 * depend on random values of the daemon's, which no fuzzer can guess; the
 * FLAGS ask the harness to do what a real peer would, for the SA number
 * SEL (in the order the harness first saw the SAs):
 *   PATCH_SPI   the header gets the SA's SPIs (SPIr kept while it has none)
 *   PATCH_MSGID the message ID it expects: a response's, its request's; a
 *               request's, the next
 *   FIX_NATD    NAT detection notifies of 20 bytes recomputed: no NAT
 *   FIX_AUTH    the AUTH payload (shared key, PRF-long) recomputed over the
 *               first ID payload, as the peer computes it
 *   SEAL        DATA after the header is an SK payload's plaintext: sealed
 *               with the peer's keys (header and SK lengths set)
 * The harness plays the peer with the daemon's own copy of the keys
 * (ike_impl.h: white box), since the peer's DH private value is not in the
 * input.
 *
 * Oracles (abort): every datagram the daemon sends parses with its own
 * parser and leaves from the router's address; ike_tunnel_up agrees with
 * the last tunnel_changed; a tunnel that is up has exactly one inbound and
 * one outbound SA in service in the fake engine, a tunnel that is down
 * none (a replaced inbound SA retires after the grace period, as the
 * sadb's does, and does not count); a commit
 * that leaves tunnel b as it was keeps it up. After ike_free,
 * LeakSanitizer finds nothing. FUZZ_IKE_SA_TRACE=1 in the environment
 * prints the daemon's log and IKEv2 debug lines (to replay a finding:
 * `FUZZ_IKE_SA_TRACE=1 ./fuzz_ike_sa crash-...`).
 *
 * Built with -DFUZZ_IKE_SA_CORPUS (and no -fsanitize=fuzzer) it is instead
 * the program that writes the seeds of tests/fuzz/corpus/ike_sa into DIR:
 *   clang -DFUZZ_IKE_SA_CORPUS -Isrc -I. tests/fuzz/fuzz_ike_sa.c src/ike/ike_build.c \
 *     crypto/ike_dh.c crypto/ike_alg.c crypto/esp_xform.c -lcrypto -o gen && ./gen DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ike_dh.h"
#include "ike/ike_build.h"
#include "ike/ike_msg.h"

enum action {
	ACT_A_500, ACT_A_4500, ACT_B_500, ACT_B_4500, ACT_STRANGER,
	ACT_TICK, ACT_CLEAR, ACT_CONFIGURE, ACT_EVENT,
	ACT_COUNT
};

#define F_PATCH_SPI	0x01
#define F_PATCH_MSGID	0x02
#define F_FIX_NATD	0x04
#define F_FIX_AUTH	0x08
#define F_SEAL		0x10

#define ROUTER		0xc6336401u	/* 198.51.100.1 */
#define PEER_A		0xc633640au	/* 198.51.100.10 */
#define PEER_B		0xc6336414u	/* 198.51.100.20 */
#define STRANGER	0xc6336463u	/* 198.51.100.99 */

#define NCONFIGS	4
#define HDR		IKE_HDR_LEN

#ifndef FUZZ_IKE_SA_CORPUS

#include <openssl/crypto.h>

#include "fuzz_common.h"
#include "cli/session.h"
#include "crypto/ike_keys.h"
#include "crypto/ike_natd.h"
#include "crypto/ike_sk.h"
#include "ike/ike_bytes.h"
#include "ike/ike_impl.h"
#include "ipsec/sa.h"
#include "ipsec/sadb.h"
#include "lib/debug.h"
#include "lib/log.h"

#define T0		1000000u
#define KNOWN_MAX	16		/* SAs SEL can name */
#define ENGINE_MAX	64		/* SAs in the fake engine */
#define SEAL_ROOM	(IKE_MSG_MAX + 128)	/* a sealed message's IV, padding and ICV */

static const char *const base_text =
	"interface wan0\n"
	" ip address 198.51.100.1 255.255.255.0\n"
	"interface lan0\n"
	" ip address 10.1.0.1 255.255.255.0\n"
	"crypto ipsec tunnel a\n"
	" peer 198.51.100.10\n"
	" pre-shared-key 0 fuzz-psk-a\n"
	" local-network 10.1.0.0/24\n"
	" remote-network 10.2.0.0/24\n"
	" dpd interval 2 retries 1\n"
	" start initiate\n"
	"crypto ipsec tunnel b\n"
	" peer 198.51.100.20\n"
	" pre-shared-key 0 fuzz-psk-b\n"
	" local-network 10.1.0.0/24\n"
	" remote-network 10.3.0.0/24\n"
	" esn\n"
	" start respond\n";

/* What each configuration adds to base_text (a later line wins). */
static const char *const variant_text[NCONFIGS] = {
	"",
	"crypto ipsec tunnel a\n"
	" ike proposal aes256-sha256-modp2048 aes128gcm16-prfsha256-ecp256\n"
	" esp proposal aes256-sha256-modp2048 aes128gcm16\n"
	"crypto ipsec tunnel b\n"
	" description dpd and description only: b keeps its SAs\n"
	" no dpd\n",
	"crypto ipsec tunnel a\n"
	" shutdown\n"
	"crypto ipsec tunnel b\n"
	" nat-traversal force\n"
	" local-id fqdn vgw.example.net\n"
	" remote-id fqdn b.example.net\n"
	"crypto ipsec tunnel c\n"
	" peer 198.51.100.30\n"
	" pre-shared-key 0 fuzz-psk-c\n"
	" start respond\n",
	"no crypto ipsec tunnel a\nno crypto ipsec tunnel b\n",
};

/* Which configurations give b the same settings (1 changes only its
 * description and dpd): a commit between two of them keeps b's SAs. */
static const bool b_same[NCONFIGS] = { true, true, false, false };

static const char *const tunnels[] = { "a", "b", "c" };
static const char *const psks[] = { "fuzz-psk-a", "fuzz-psk-b", "fuzz-psk-c" };
#define NTUNNELS	(sizeof(tunnels) / sizeof(tunnels[0]))

/* One input's world: the daemon, its clock, the fake engine, what the
 * daemon said about its tunnels, and the SAs SEL can name. */
static struct {
	struct ike	*ike;
	uint64_t	 now;
	struct {
		char	 tunnel[32];
		enum ipsec_dir dir;
		uint32_t spi;
		uint64_t retire_at;	/* replaced inbound: gone then; 0: in service */
	} eng[ENGINE_MAX];
	size_t		 neng;
	bool		 up[NTUNNELS];
	size_t		 config;	/* the one in force */
	struct {
		uint64_t own;
		bool	 initiator;
	} known[KNOWN_MAX];
	size_t		 nknown;
} W;

static struct config *configs[NCONFIGS];
static struct rib *ribs[NCONFIGS];

static int
tunnel_ix(const char *name)
{
	size_t i;

	for (i = 0; i < NTUNNELS; i++)
		if (strcmp(tunnels[i], name) == 0)
			return (int)i;
	abort();		/* the daemon named a tunnel no configuration has */
}

/* ---- the environment ---- */

static void
env_send(void *arg, const struct ike_packet *p)
{
	static struct ike_chain c;
	struct ike_hdr h;
	const char *why;

	(void)arg;
	if (p->src != ROUTER || ike_msg_parse(p->data, p->len, &h, &c, &why) != 0)
		abort();		/* the daemon sent what it would refuse */
}

static void
env_keepalive(void *arg, uint32_t local, uint32_t peer, uint16_t port)
{
	(void)arg;
	(void)peer;
	(void)port;
	if (local != ROUTER)
		abort();
}

static void
eng_drop(size_t i)
{
	W.eng[i] = W.eng[--W.neng];
}

static void
eng_add(const struct ipsec_sa *sa)
{
	size_t i;

	/* as sadb_install_pair: an inbound SPI replaces its twin, and the
	 * tunnel's other inbound SAs retire after the grace period; an
	 * outbound SA replaces the tunnel's */
	for (i = 0; i < W.neng; i++)
		if (W.eng[i].dir == sa->dir && (sa->dir == IPSEC_IN ?
		    W.eng[i].spi == sa->spi : strcmp(W.eng[i].tunnel, sa->tunnel) == 0)) {
			eng_drop(i);
			break;
		}
	for (i = 0; sa->dir == IPSEC_IN && i < W.neng; i++)
		if (W.eng[i].dir == IPSEC_IN && W.eng[i].retire_at == 0 &&
		    strcmp(W.eng[i].tunnel, sa->tunnel) == 0)
			W.eng[i].retire_at = W.now + SADB_REKEY_GRACE_MS;
	if (W.neng == ENGINE_MAX)
		abort();		/* SAs pile up in the engine */
	snprintf(W.eng[W.neng].tunnel, sizeof(W.eng[W.neng].tunnel), "%s", sa->tunnel);
	W.eng[W.neng].dir = sa->dir;
	W.eng[W.neng].spi = sa->spi;
	W.eng[W.neng].retire_at = 0;
	W.neng++;
}

static void
env_install(void *arg, struct ipsec_sa *in, struct ipsec_sa *out)
{
	(void)arg;
	if (in != NULL)
		eng_add(in);
	if (out != NULL)
		eng_add(out);
	ipsec_sa_free(in);
	ipsec_sa_free(out);
}

static bool
env_remove(void *arg, const char *tunnel, enum ipsec_dir dir, uint32_t spi)
{
	size_t i;

	(void)arg;
	for (i = 0; i < W.neng; i++)
		if (W.eng[i].dir == dir && W.eng[i].spi == spi &&
		    strcmp(W.eng[i].tunnel, tunnel) == 0) {
			eng_drop(i);
			return true;
		}
	return false;
}

static void
env_tunnel_changed(void *arg, const char *tunnel, bool up)
{
	(void)arg;
	W.up[tunnel_ix(tunnel)] = up;
}

/* ---- the SAs SEL names ---- */

static void
collect(void *arg, struct ike_sa *sa)
{
	struct ike_sa **fresh = arg;
	uint64_t own = sa->initiator ? sa->spi_i : sa->spi_r;
	size_t i, n;

	for (i = 0; i < W.nknown; i++)
		if (W.known[i].own == own && W.known[i].initiator == sa->initiator)
			return;
	for (n = 0; n < KNOWN_MAX && fresh[n] != NULL; n++)
		;
	if (n < KNOWN_MAX)
		fresh[n] = sa;
}

/* The table's order is its random SPIs': new SAs are numbered by tunnel
 * and role instead, so that an input means the same at every run. */
static int
by_tunnel_role(const void *x, const void *y)
{
	const struct ike_sa *a = *(struct ike_sa *const *)x, *b = *(struct ike_sa *const *)y;
	int c = strcmp(a->tunnel, b->tunnel);

	return c != 0 ? c : (int)a->initiator - (int)b->initiator;
}

static void
discover(void)
{
	struct ike_sa *fresh[KNOWN_MAX + 1] = { NULL };
	size_t n, i;

	ike_sa_foreach(W.ike->sas, collect, fresh);
	for (n = 0; fresh[n] != NULL; n++)
		;
	qsort(fresh, n, sizeof(fresh[0]), by_tunnel_role);
	for (i = 0; i < n && W.nknown < KNOWN_MAX; i++) {
		W.known[W.nknown].own = fresh[i]->initiator ? fresh[i]->spi_i : fresh[i]->spi_r;
		W.known[W.nknown].initiator = fresh[i]->initiator;
		W.nknown++;
	}
}

static struct ike_sa *
known_sa(uint8_t sel)
{
	if (W.nknown == 0)
		return NULL;
	sel %= W.nknown;
	return ike_sa_find(W.ike->sas, W.known[sel].own, W.known[sel].initiator);
}

/* ---- playing the peer ---- */

/* NAT detection of a message from peer:sport to the router:dport. */
static void
fix_natd(uint8_t *msg, size_t len, const struct ike_packet *pkt)
{
	static struct ike_chain c;
	struct ike_hdr h;
	const char *why;
	size_t i;

	if (ike_msg_parse(msg, len, &h, &c, &why) != 0)
		return;
	for (i = 0; i < c.n; i++) {
		struct ike_notify n;
		uint8_t *at;

		if (c.pl[i].type != IKE_PL_NOTIFY ||
		    ike_notify_decode(c.pl[i].body, c.pl[i].len, &n, &why) != 0 ||
		    n.len != IKE_NATD_LEN)
			continue;
		at = msg + (n.data - msg);
		if (n.type == IKE_N_NAT_DETECTION_SOURCE_IP)
			(void)ike_natd_hash(h.spi_i, h.spi_r, pkt->src, pkt->sport, at);
		else if (n.type == IKE_N_NAT_DETECTION_DESTINATION_IP)
			(void)ike_natd_hash(h.spi_i, h.spi_r, pkt->dst, pkt->dport, at);
	}
}

/* The peer's AUTH over the first ID payload of the plaintext chain. */
static void
fix_auth(const struct ike_sa *sa, uint8_t first, uint8_t *pt, size_t len)
{
	static struct ike_chain c;
	const struct ike_payload *id, *auth;
	const struct ike_keys *k = &sa->keys;
	const char *psk = psks[tunnel_ix(sa->tunnel)], *why;
	size_t prf_len = ike_prf_info((enum ike_prf)sa->algs.prf)->len;
	bool of_i = !sa->initiator;	/* the peer's AUTH */

	if (ike_chain_parse(first, pt, len, IKE_CHAIN_INNER, &c, &why) != 0)
		return;
	if ((id = ike_chain_find(&c, IKE_PL_IDI)) == NULL)
		id = ike_chain_find(&c, IKE_PL_IDR);
	auth = ike_chain_find(&c, IKE_PL_AUTH);
	if (id == NULL || auth == NULL || auth->len != 4 + prf_len)
		return;
	(void)ike_psk_auth((enum ike_prf)sa->algs.prf, (const uint8_t *)psk, strlen(psk),
	    of_i ? sa->init_i : sa->init_r, of_i ? sa->init_i_len : sa->init_r_len,
	    of_i ? sa->nr : sa->ni, of_i ? sa->nr_len : sa->ni_len,
	    of_i ? k->sk_pi : k->sk_pr, k->p_len, id->body, id->len,
	    pt + (auth->body - pt) + 4, prf_len);
}

/* msg[len]: a header and an SK payload's plaintext, sealed as the peer
 * seals; returns the sealed length, or 0 (then msg is as it was). */
static size_t
seal(const struct ike_sa *sa, uint8_t *msg, size_t len)
{
	static uint8_t tmp[SEAL_ROOM];
	const struct ike_keys *k = &sa->keys;
	bool peer_i = !sa->initiator;	/* the peer sends with the initiator's keys */
	struct ike_sk *sk;
	size_t iv, pt = len - HDR, sealed, total;
	int rc;

	sk = ike_sk_new((enum ike_encr)sa->algs.encr, (enum ike_integ)sa->algs.integ,
	    peer_i ? k->sk_ei : k->sk_er, k->e_len, k->a_len ? (peer_i ? k->sk_ai :
	    k->sk_ar) : NULL, k->a_len, true);
	if (sk == NULL)
		return 0;
	iv = ike_sk_iv_len(sk);
	sealed = ike_sk_sealed_len(sk, pt);
	total = HDR + IKE_SK_HDR_LEN + sealed;
	if (total > sizeof(tmp)) {
		ike_sk_free(sk);
		return 0;
	}
	memcpy(tmp, msg, HDR);
	tmp[HDR] = msg[16];		/* the first inner payload */
	tmp[HDR + 1] = 0;
	ike_wrn(tmp + HDR + 2, IKE_SK_HDR_LEN + sealed, 2);
	tmp[16] = IKE_PL_SK;
	ike_wrn(tmp + 24, total, 4);
	memcpy(tmp + HDR + IKE_SK_HDR_LEN + iv, msg + HDR, pt);
	rc = ike_sk_seal(sk, tmp, HDR + IKE_SK_HDR_LEN, pt, sizeof(tmp));
	ike_sk_free(sk);
	if (rc != 0 || total > IKE_MSG_MAX)
		return 0;
	memcpy(msg, tmp, total);
	return total;
}

static void
datagram(uint32_t src, uint16_t port, uint8_t flags, uint8_t sel, const uint8_t *data,
    size_t len)
{
	static uint8_t msg[SEAL_ROOM];
	struct ike_packet pkt = { .src = src, .dst = ROUTER, .sport = port,
	    .dport = port, .data = msg };
	struct ike_sa *sa = known_sa(sel);

	if (len > IKE_MSG_MAX)
		len = IKE_MSG_MAX;
	memcpy(msg, data, len);
	if (sa != NULL && len >= HDR) {
		if (flags & F_PATCH_SPI) {
			ike_wrn(msg, sa->spi_i, 8);
			if (sa->spi_r != 0)
				ike_wrn(msg + 8, sa->spi_r, 8);
		}
		if (flags & F_PATCH_MSGID)
			ike_wrn(msg + 20, msg[19] & IKE_FLAG_R ? sa->msgid_out - 1 : sa->msgid_in, 4);
		if (flags & F_FIX_NATD)
			fix_natd(msg, len, &pkt);
		if ((flags & (F_SEAL | F_FIX_AUTH)) && sa->sk_in != NULL) {
			if (flags & F_FIX_AUTH)
				fix_auth(sa, msg[16], msg + HDR, len - HDR);
			if (flags & F_SEAL) {
				size_t sealed = seal(sa, msg, len);

				len = sealed ? sealed : len;
			}
		}
	}
	pkt.len = (uint16_t)len;
	ike_input(W.ike, &pkt, W.now);
}

/* ---- the other events ---- */

static void
sa_event(uint8_t which, uint8_t kind)
{
	struct ipsec_event ev = { .kind = kind & 1 ? IPSEC_EV_HARD : IPSEC_EV_SOFT,
	    .why = "time" };

	if (W.neng == 0) {
		snprintf(ev.tunnel, sizeof(ev.tunnel), "%s", tunnels[which % NTUNNELS]);
	} else {
		size_t i = which % W.neng;

		snprintf(ev.tunnel, sizeof(ev.tunnel), "%s", W.eng[i].tunnel);
		ev.dir = W.eng[i].dir;
		ev.spi = W.eng[i].spi;
		if (ev.kind == IPSEC_EV_HARD)
			eng_drop(i);	/* the engine removed it */
	}
	ike_sa_event(W.ike, &ev, W.now);
}

static void
check(void)
{
	size_t i, k;

	for (i = 0; i < NTUNNELS; i++) {
		bool up = ike_tunnel_up(W.ike, tunnels[i]);
		unsigned in = 0, out = 0;

		if (up != W.up[i])
			abort();	/* routes would not follow the tunnel */
		for (k = 0; k < W.neng; k++)
			if (strcmp(W.eng[k].tunnel, tunnels[i]) == 0 && W.eng[k].retire_at == 0)
				*(W.eng[k].dir == IPSEC_IN ? &in : &out) += 1;
		if (up ? in != 1 || out != 1 : in + out != 0)
			abort();	/* the engine's SAs do not match the tunnel */
	}
}

static bool
walk_one(void *arg, const struct ike_sa_summary *s)
{
	(void)arg;
	if (s->tunnel == NULL || s->state == NULL)
		abort();
	return true;
}

static struct config *
parse(struct router *r, const struct strbuf *text)
{
	struct strbuf errs = STRBUF_INIT;
	struct config *c;
	int nerr;

	c = session_parse_config(r, text->buf, text->len, "fuzz", &errs, &nerr);
	if (c == NULL || nerr != 0) {
		fprintf(stderr, "fuzz_ike_sa: %s\n", strbuf_str(&errs));
		abort();
	}
	strbuf_free(&errs);
	return c;
}

/* The configurations, each base_text as rendered (the keys encrypted once,
 * so that a commit that does not retype a key does not change it) and its
 * variant's lines. */
static void
setup(void)
{
	struct router *r = fuzz_router();
	struct strbuf base = STRBUF_INIT, text = STRBUF_INIT;
	struct config *c;
	char *end;
	int i;

	if (getenv("FUZZ_IKE_SA_TRACE") != NULL) {	/* replaying a finding */
		log_init("fuzz_ike_sa", 1);
		debug_set(DEBUG_IKEV2, true);
	}
	strbuf_puts(&text, base_text);
	c = parse(r, &text);
	config_render(c, CFG_SECT_ALL, &base);
	config_free(c);
	if ((end = strstr(base.buf, "\nend\n")) != NULL)	/* more lines follow */
		end[1] = '\0';
	for (i = 0; i < NCONFIGS; i++) {
		strbuf_reset(&text);
		strbuf_printf(&text, "%s%s", base.buf, variant_text[i]);
		configs[i] = parse(r, &text);
		if ((ribs[i] = rib_build(configs[i])) == NULL)
			abort();
	}
	strbuf_free(&base);
	strbuf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t from[] = { PEER_A, PEER_A, PEER_B, PEER_B, STRANGER };
	static const uint16_t port[] = { 500, 4500, 500, 4500, 500 };
	struct ike_env env = { .send = env_send, .keepalive = env_keepalive,
	    .install = env_install, .remove = env_remove,
	    .tunnel_changed = env_tunnel_changed };
	const char *clear_of[] = { NULL, "a", "b", "zz" };
	size_t at = 0, i;

	if (configs[0] == NULL)
		setup();
	memset(&W, 0, sizeof(W));
	env.secret_key = router_secret_key(fuzz_router());
	W.now = T0;
	W.ike = ike_new(&env);
	ike_configure(W.ike, configs[0], ribs[0], W.now);
	while (at < size) {
		enum action a = (enum action)(data[at++] % ACT_COUNT);
		size_t len;

		switch (a) {
		case ACT_A_500: case ACT_A_4500: case ACT_B_500: case ACT_B_4500:
		case ACT_STRANGER:
			if (size - at < 4)
				goto done;
			len = (size_t)data[at + 2] << 8 | data[at + 3];
			if (len > size - at - 4)
				len = size - at - 4;
			datagram(from[a], port[a], data[at], data[at + 1], data + at + 4, len);
			at += 4 + len;
			break;
		case ACT_TICK:
			if (at < size) {
				uint8_t s = data[at++];

				W.now += s < 200 ? s * 100u : (s - 199u) * 5000u;
			}
			for (size_t k = W.neng; k-- > 0; )	/* as sadb_tick */
				if (W.eng[k].retire_at != 0 && W.now >= W.eng[k].retire_at)
					eng_drop(k);
			ike_tick(W.ike, W.now);
			break;
		case ACT_CLEAR:
			if (at < size)
				(void)ike_clear(W.ike, clear_of[data[at++] % 4], W.now);
			break;
		case ACT_CONFIGURE:
			if (at < size) {
				bool b_up = W.up[1];

				i = data[at++] % NCONFIGS;
				ike_configure(W.ike, configs[i], ribs[i], W.now);
				if (b_up && !W.up[1] && b_same[W.config] && b_same[i])
					abort();	/* an unchanged tunnel lost its SAs */
				W.config = i;
			}
			break;
		case ACT_EVENT:
			if (size - at >= 2)
				sa_event(data[at], data[at + 1]);
			at += 2;
			break;
		case ACT_COUNT:
			break;
		}
		discover();
		check();
	}
done:
	ike_walk(W.ike, W.now, walk_one, NULL);
	for (i = 0; i < NTUNNELS; i++)
		(void)ike_tunnel_why_down(W.ike, tunnels[i]);
	ike_free(W.ike);
	return 0;
}

#else /* FUZZ_IKE_SA_CORPUS */

/* The seeds: realistic sequences for the harness above. */

#define SPI_B		0x0b0b0b0b0b0b0b0bull	/* peer B's SPI as initiator */
#define SPI_A_R		0x0a0a0a0a0a0a0a0aull	/* peer A's as responder */

static uint8_t seq[16384];
static size_t seq_len;
static uint8_t ke19[64];		/* a real ECP-256 public value */
static const uint8_t nonce[32] = { 0x4e, 0x6f, 0x6e, 0x63, 0x65, [31] = 1 };

static void
put(const void *p, size_t n)
{
	if (seq_len + n > sizeof(seq))
		exit(1);
	memcpy(seq + seq_len, p, n);
	seq_len += n;
}

static void
put1(uint8_t b)
{
	put(&b, 1);
}

static void
tick(uint8_t step)
{
	put1(ACT_TICK);
	put1(step);
}

/* A datagram record of the message in b. */
static void
dgram(enum action a, uint8_t flags, uint8_t sel, struct ike_build *b)
{
	size_t len;

	if (ike_build_finish(b, &len) != 0)
		exit(1);
	put1((uint8_t)a);
	put1(flags);
	put1(sel);
	put1((uint8_t)(len >> 8));
	put1((uint8_t)len);
	put(b->buf, len);
}

static void
save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(seq, 1, seq_len, f) != seq_len ||
	    fclose(f) != 0) {
		fprintf(stderr, "fuzz_ike_sa: %s not written\n", path);
		exit(1);
	}
	seq_len = 0;
}

static uint8_t buf[IKE_MSG_MAX];

static void
hdr(struct ike_build *b, uint64_t spi_i, uint64_t spi_r, uint8_t exch, uint8_t flags,
    uint32_t msgid)
{
	struct ike_hdr h = { .spi_i = spi_i, .spi_r = spi_r, .exchange = exch,
	    .flags = flags, .msgid = msgid };

	ike_build_init(b, buf, sizeof(buf), &h);
}

/* Both NAT detection notifies, zeros: FIX_NATD fills them, else they say
 * NAT. */
static void
natd(struct ike_build *b)
{
	static const uint8_t zero[20];
	struct ike_notify s = { .type = IKE_N_NAT_DETECTION_SOURCE_IP, .data = zero, .len = 20 };
	struct ike_notify d = { .type = IKE_N_NAT_DETECTION_DESTINATION_IP, .data = zero,
	    .len = 20 };

	ike_build_notify(b, &s);
	ike_build_notify(b, &d);
}

#define XF(t, i, k)	{ .type = (t), .id = (i), .key_bits = (k) }

/* vgw's first default word: aes128gcm16-prfsha256-ecp256 */
static const struct ike_proposal ike_ours = {
	.num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 3, .xf = {
		XF(IKE_XF_ENCR, 20, 128), XF(IKE_XF_PRF, 5, 0), XF(IKE_XF_DH, 19, 0) } };
/* strongSwan's way: one proposal, many transforms; DH 14 first */
static const struct ike_proposal ike_swan = {
	.num = 1, .protocol = IKE_PROTO_IKE, .ntransforms = 9, .xf = {
		XF(IKE_XF_ENCR, 20, 256), XF(IKE_XF_ENCR, 20, 128),
		XF(IKE_XF_PRF, 7, 0), XF(IKE_XF_PRF, 6, 0), XF(IKE_XF_PRF, 5, 0),
		XF(IKE_XF_DH, 14, 0), XF(IKE_XF_DH, 19, 0), XF(IKE_XF_DH, 20, 0),
		XF(IKE_XF_DH, 31, 0) } };

static void
init_request(struct ike_build *b, const struct ike_proposal *p, uint16_t group, uint64_t spi)
{
	struct ike_ke ke = { .group = group, .data = ke19, .len = sizeof(ke19) };

	hdr(b, spi, 0, IKE_EXCH_IKE_SA_INIT, IKE_FLAG_I, 0);
	ike_build_sa(b, p, 1);
	ike_build_ke(b, &ke);
	ike_build_nonce(b, nonce, sizeof(nonce));
	natd(b);
}

/* The answer to the daemon's IKE_SA_INIT request (SPIi patched). */
static void
init_response(struct ike_build *b)
{
	struct ike_ke ke = { .group = 19, .data = ke19, .len = sizeof(ke19) };

	hdr(b, 0, SPI_A_R, IKE_EXCH_IKE_SA_INIT, IKE_FLAG_R, 0);
	ike_build_sa(b, &ike_ours, 1);
	ike_build_ke(b, &ke);
	ike_build_nonce(b, nonce, sizeof(nonce));
	natd(b);
}

/* The peer's inbound SPIs: esp_spi + 1 (as initiator), + 2 (responder). */
static uint32_t esp_spi = 0xc0ffee00u;

/* IKE_AUTH as the peer sends it, in clear for SEAL: ID (the peer's
 * address), AUTH (FIX_AUTH fills it), the ESP proposal, selectors. */
static void
auth_msg(struct ike_build *b, bool request, uint32_t peer, uint32_t net_i, uint32_t net_r,
    bool esn)
{
	static const uint8_t mac[32];
	uint8_t addr[4] = { (uint8_t)(peer >> 24), (uint8_t)(peer >> 16), (uint8_t)(peer >> 8),
	    (uint8_t)peer };
	struct ike_id id = { .type = IKE_ID_IPV4_ADDR, .data = addr, .len = 4 };
	struct ike_auth auth = { .method = IKE_AUTH_SHARED_KEY, .data = mac, .len = 32 };
	/* a request offers both ESN choices, a response names one */
	struct ike_proposal esp = { .num = 1, .protocol = IKE_PROTO_ESP, .spi_size = 4,
	    .spi = esp_spi + (request ? 1u : 2u), .ntransforms = request ? 3 : 2, .xf = {
		XF(IKE_XF_ENCR, 20, 128), XF(IKE_XF_ESN, esn ? 1 : 0, 0),
		XF(IKE_XF_ESN, 0, 0) } };
	struct ike_ts tsi = { 0, 0, 65535, net_i, net_i | 0xff };
	struct ike_ts tsr = { 0, 0, 65535, net_r, net_r | 0xff };
	struct ike_notify contact = { .type = IKE_N_INITIAL_CONTACT };

	hdr(b, 0, 0, IKE_EXCH_IKE_AUTH, request ? IKE_FLAG_I : IKE_FLAG_R, 1);
	ike_build_id(b, request ? IKE_PL_IDI : IKE_PL_IDR, &id);
	if (request)
		ike_build_notify(b, &contact);
	ike_build_auth(b, &auth);
	ike_build_sa(b, &esp, 1);
	ike_build_ts(b, IKE_PL_TSI, &tsi, 1);
	ike_build_ts(b, IKE_PL_TSR, &tsr, 1);
}

/* An empty INFORMATIONAL (DPD), a delete of the CHILD_SA, of the IKE SA. */
static void
info(struct ike_build *b, bool from_i, bool response, int del)
{
	uint32_t spi = 0xc0ffee01u;

	hdr(b, 0, 0, IKE_EXCH_INFORMATIONAL, (uint8_t)((from_i ? IKE_FLAG_I : 0) |
	    (response ? IKE_FLAG_R : 0)), 0);
	if (del == 1)
		ike_build_delete(b, IKE_PROTO_ESP, &spi, 1);
	else if (del == 2)
		ike_build_delete(b, IKE_PROTO_IKE, NULL, 0);
}

#define ALL	(F_PATCH_SPI | F_PATCH_MSGID | F_FIX_AUTH | F_SEAL)

/* Peer B initiates to the daemon (tunnel b responds), without NAT. */
static void
b_up(struct ike_build *b, uint8_t sel, uint64_t spi)
{
	init_request(b, &ike_ours, 19, spi);
	dgram(ACT_B_500, F_FIX_NATD, sel, b);
	auth_msg(b, true, PEER_B, 0x0a030000, 0x0a010000, true);
	dgram(ACT_B_500, ALL, sel, b);
}

/* The daemon initiates tunnel a (the first tick) and peer A answers. */
static void
a_up(struct ike_build *b, uint8_t sel, uint8_t natd_flag, enum action port)
{
	tick(1);
	init_response(b);
	dgram(ACT_A_500, F_PATCH_SPI | natd_flag, sel, b);
	auth_msg(b, false, PEER_A, 0x0a010000, 0x0a020000, false);
	dgram(port, ALL, sel, b);
}

int
main(int argc, char **argv)
{
	struct ike_dh_key *k = ike_dh_new(IKE_DH_ECP256);
	struct ike_build b;
	struct ike_notify n = { .type = IKE_N_INVALID_KE_PAYLOAD, .data = (const uint8_t *)"\0\x14",
	    .len = 2 };
	static const uint8_t garbage[] = "\x01\x02\x03\x04 not IKE at all, and far too short";

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_ike_sa DIR\n");
		return 2;
	}
	if (k == NULL || ike_dh_public(k, ke19, sizeof(ke19)) != 0)
		return 1;
	ike_dh_free(k);

	/* b comes up; DPD both ways; a CREATE_CHILD_SA; the peer deletes
	 * the CHILD_SA */
	b_up(&b, 0, SPI_B);
	info(&b, true, false, 0);
	dgram(ACT_B_500, ALL, 0, &b);
	tick(30);
	hdr(&b, 0, 0, IKE_EXCH_CREATE_CHILD_SA, IKE_FLAG_I, 2);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	dgram(ACT_B_500, ALL, 0, &b);
	info(&b, true, false, 1);
	dgram(ACT_B_500, ALL, 0, &b);
	tick(220);
	save(argv[1], "b_responder");

	/* a comes up; the daemon's DPD goes unanswered, then is answered */
	a_up(&b, 0, F_FIX_NATD, ACT_A_500);
	tick(25);
	info(&b, false, true, 0);
	dgram(ACT_A_500, ALL, 0, &b);
	tick(25);
	tick(25);
	tick(25);
	save(argv[1], "a_initiator");

	/* a behind a NAT: the daemon floats to 4500; then the peer deletes
	 * the IKE SA, and the daemon starts again */
	a_up(&b, 0, 0, ACT_A_4500);
	info(&b, false, false, 2);
	dgram(ACT_A_4500, ALL, 0, &b);
	tick(210);
	save(argv[1], "a_nat_delete");

	/* both up; the engine's hard expiry of b's inbound SA; b up again;
	 * a commit that changes a and keeps b; clear; a shut down and c
	 * added; every tunnel removed */
	a_up(&b, 0, F_FIX_NATD, ACT_A_500);
	b_up(&b, 1, SPI_B);
	put1(ACT_EVENT);	/* b's inbound SA expires */
	put1(2);
	put1(1);
	tick(2);
	b_up(&b, 2, SPI_B + 1);
	put1(ACT_CONFIGURE);
	put1(1);
	put1(ACT_CLEAR);
	put1(0);
	tick(2);
	put1(ACT_CONFIGURE);
	put1(2);
	put1(ACT_CONFIGURE);
	put1(3);
	save(argv[1], "both_reconfigure");

	/* peer A asks for another group, then a cookie; strongSwan's
	 * proposal from B (DH 14 first: INVALID_KE_PAYLOAD) */
	tick(1);
	hdr(&b, 0, 0, IKE_EXCH_IKE_SA_INIT, IKE_FLAG_R, 0);
	ike_build_notify(&b, &n);
	dgram(ACT_A_500, F_PATCH_SPI, 0, &b);
	n.type = IKE_N_COOKIE;
	n.data = nonce;
	n.len = 16;
	hdr(&b, 0, 0, IKE_EXCH_IKE_SA_INIT, IKE_FLAG_R, 0);
	ike_build_notify(&b, &n);
	dgram(ACT_A_500, F_PATCH_SPI, 0, &b);
	init_request(&b, &ike_swan, 14, SPI_B);
	dgram(ACT_B_500, 0, 0, &b);
	tick(250);
	save(argv[1], "notifies");

	/* half-open SAs from B that never authenticate, and garbage */
	init_request(&b, &ike_swan, 19, SPI_B);
	buf[0] ^= 1;
	dgram(ACT_B_4500, F_FIX_NATD, 0, &b);
	init_request(&b, &ike_ours, 19, SPI_B);
	dgram(ACT_B_500, 0, 0, &b);
	init_request(&b, &ike_ours, 19, SPI_B);
	dgram(ACT_STRANGER, 0, 0, &b);
	put1(ACT_B_500);
	put1(0);
	put1(0);
	put1(0);
	put1((uint8_t)(sizeof(garbage) - 1));
	put(garbage, sizeof(garbage) - 1);
	tick(210);
	save(argv[1], "half_open_garbage");

	/* the daemon's AUTH refused: AUTH that does not verify, then
	 * AUTHENTICATION_FAILED; B's selectors outside b's networks, B's AUTH
	 * that does not verify, B's ESP SPI 1 (reserved: no SA made of it) */
	tick(1);
	init_response(&b);
	dgram(ACT_A_500, F_PATCH_SPI | F_FIX_NATD, 0, &b);
	auth_msg(&b, false, PEER_A, 0x0a010000, 0x0a020000, false);
	dgram(ACT_A_500, F_PATCH_SPI | F_PATCH_MSGID | F_SEAL, 0, &b);
	tick(60);
	init_response(&b);
	dgram(ACT_A_500, F_PATCH_SPI | F_FIX_NATD, 1, &b);
	hdr(&b, 0, 0, IKE_EXCH_IKE_AUTH, IKE_FLAG_R, 1);
	n.type = IKE_N_AUTHENTICATION_FAILED;
	n.len = 0;
	ike_build_notify(&b, &n);
	dgram(ACT_A_500, ALL, 1, &b);
	init_request(&b, &ike_ours, 19, SPI_B);
	dgram(ACT_B_500, F_FIX_NATD, 2, &b);
	auth_msg(&b, true, PEER_B, 0x0a090000, 0x0a010000, true);
	dgram(ACT_B_500, ALL, 2, &b);
	init_request(&b, &ike_ours, 19, SPI_B + 1);
	dgram(ACT_B_500, F_FIX_NATD, 3, &b);
	auth_msg(&b, true, PEER_B, 0x0a030000, 0x0a010000, true);
	dgram(ACT_B_500, F_PATCH_SPI | F_PATCH_MSGID | F_SEAL, 3, &b);
	init_request(&b, &ike_ours, 19, SPI_B + 2);
	dgram(ACT_B_500, F_FIX_NATD, 4, &b);
	esp_spi = 0;
	auth_msg(&b, true, PEER_B, 0x0a030000, 0x0a010000, true);
	esp_spi = 0xc0ffee00u;
	dgram(ACT_B_500, ALL, 4, &b);
	save(argv[1], "auth_failures");

	/* B retransmits its IKE_AUTH request (the response is replayed),
	 * sends one the daemon cannot open, and starts over with a new IKE
	 * SA (which replaces the first); A initiates while the daemon does,
	 * and both IKE SAs of a come up (the later wins) */
	b_up(&b, 0, SPI_B);
	auth_msg(&b, true, PEER_B, 0x0a030000, 0x0a010000, true);
	dgram(ACT_B_500, F_PATCH_SPI | F_FIX_AUTH | F_SEAL, 0, &b);
	info(&b, true, false, 0);
	ike_build_payload(&b, IKE_PL_SK, false, nonce, sizeof(nonce));
	dgram(ACT_B_500, F_PATCH_SPI | F_PATCH_MSGID, 0, &b);
	b_up(&b, 1, SPI_B + 1);
	tick(1);
	init_request(&b, &ike_ours, 19, SPI_B + 2);
	dgram(ACT_A_500, F_FIX_NATD, 3, &b);
	auth_msg(&b, true, PEER_A, 0x0a020000, 0x0a010000, false);
	dgram(ACT_A_500, ALL, 3, &b);
	init_response(&b);
	dgram(ACT_A_500, F_PATCH_SPI | F_FIX_NATD, 2, &b);
	auth_msg(&b, false, PEER_A, 0x0a010000, 0x0a020000, false);
	dgram(ACT_A_500, ALL, 2, &b);
	save(argv[1], "replace_retransmit");
	return 0;
}

#endif
