/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for rekeying (RFC 7296 §1.3, §2.8, §2.8.1, §2.18): two IKE
 * daemons in one process, A (198.51.100.1, initiates) and B (203.0.113.2,
 * responds), their datagrams queued between them and delivered in order,
 * each with its own SA database as the engine holds it. After each step
 * the SAs must carry traffic both ways: a packet A's outbound SA seals,
 * B's SA database opens, and the other way round (no packet lost to a
 * rekey). Covered: a CHILD_SA rekey started by either side (lifetime
 * events from the SA database), with PFS and INVALID_KE_PAYLOAD followed;
 * an IKE SA rekey started by either side (new SPIs, message IDs from 0,
 * the CHILD_SA carried over); simultaneous rekeys of both kinds; the
 * window of one (a rekey waits for a DPD in flight); NO_ADDITIONAL_SAS and
 * CHILD_SA_NOT_FOUND answers, read from the wire; and the collision rule's
 * nonce comparison.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "engine/pkt.h"
#include "ike/ike_proposal.h"
#include "ipsec/esp.h"

#include "ike_pair.h"

static void
start_pair(const char *esp_a, const char *esp_b, uint32_t life_a, uint32_t life_b,
    uint16_t dpd)
{
	CU_ASSERT_FATAL(pair_up(esp_a, esp_b, life_a, life_b, dpd));
}

static void
pump(void)
{
	CU_ASSERT_FATAL(pump_all());
}

/* ---- what the sides hold ---- */

struct sa_count {
	enum ipsec_dir	 dir;
	unsigned	 live, retiring;
	uint32_t	 spi;		/* the live one's */
};

static bool
count_one(void *arg, const struct ipsec_sa_info *i)
{
	struct sa_count *c = arg;

	if (i->dir != c->dir)
		return true;
	if (i->retiring)
		c->retiring++;
	else {
		c->live++;
		c->spi = i->spi;
	}
	return true;
}

/* The inbound SPI in service (not retiring); exactly one must be. */
static uint32_t
live_in(const struct side *s)
{
	struct sa_count c = { .dir = IPSEC_IN };

	sadb_walk(s->db, W.now, count_one, &c);
	CU_ASSERT_EQUAL(c.live, 1);
	return c.spi;
}

static unsigned
count_sas(const struct side *s)
{
	struct sa_count in = { .dir = IPSEC_IN }, out = { .dir = IPSEC_OUT };

	sadb_walk(s->db, W.now, count_one, &in);
	sadb_walk(s->db, W.now, count_one, &out);
	return in.live + in.retiring + out.live + out.retiring;
}

/* A packet sealed by from's outbound SA opens in to's SA database. */
static bool
flows(struct side *from, struct side *to)
{
	uint8_t inner[100], outer[200];
	struct ip_hdr ip;
	struct esp_in in;
	size_t len;

	if (from->out == NULL)
		return false;
	memset(&ip, 0, sizeof(ip));
	ip.vhl = 0x45;
	ip.len = htons(sizeof(inner));
	ip.ttl = 64;
	ip.proto = IPPROTO_UDP_;
	ip.src = htonl(from == A ? NET_A + 2 : NET_B + 2);
	ip.dst = htonl(from == A ? NET_B + 2 : NET_A + 2);
	ip.sum = pkt_cksum(&ip, sizeof(ip));
	memset(inner, 0x77, sizeof(inner));
	memcpy(inner, &ip, sizeof(ip));
	if (esp_encap(from->out, inner, sizeof(inner), htons(1), W.now, outer,
	    sizeof(outer)) != IPSEC_PASS)
		return false;
	len = esp_outer_len(from->out, sizeof(inner));
	return esp_decap(to->db, outer + ESP_OUTER_IP, len - ESP_OUTER_IP, 0, W.now,
	    &in) == IPSEC_PASS && in.inner_len == sizeof(inner);
}

static void
assert_flows(void)
{
	CU_ASSERT(flows(A, B));
	CU_ASSERT(flows(B, A));
}

/* Both sides agree on the pair in service, and it carries traffic. */
static void
assert_paired(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(A->out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(B->out);
	CU_ASSERT_EQUAL(live_in(A), B->out->spi);
	CU_ASSERT_EQUAL(live_in(B), A->out->spi);
	assert_flows();
}

/* The grace period passes: the replaced inbound SAs leave. */
static void
after_grace(void)
{
	int i;

	W.now += SADB_REKEY_GRACE_MS + 1;
	for (i = 0; i < 2; i++)
		sadb_tick(W.s[i].db, W.now, NULL, NULL);
}

struct ike_count {
	unsigned	 n;
	uint64_t	 spi_i, spi_r;
	unsigned	 children;
};

static bool
ike_one(void *arg, const struct ike_sa_summary *s)
{
	struct ike_count *c = arg;

	c->n++;
	c->spi_i = s->spi_i;
	c->spi_r = s->spi_r;
	c->children += s->children;
	return true;
}

static struct ike_count
ike_sas(const struct side *s)
{
	struct ike_count c = { 0 };

	ike_walk(s->ike, W.now, ike_one, &c);
	return c;
}

/* Requests of an exchange a side sent since log entry from. */
static unsigned
requests(int side, uint8_t exchange, size_t from)
{
	unsigned n = 0;
	size_t i;

	for (i = from; i < W.nlog; i++)
		n += W.log[i].from == side && W.log[i].exchange == exchange &&
		    !W.log[i].response;
	return n;
}

/* Delivers what is in flight, traffic flowing at every step, then lets
 * 30 s pass, second by second, for any waits to run out. */
static void
settle(void)
{
	int i;

	assert_flows();
	while (pump_one())
		assert_flows();
	for (i = 0; i < 30; i++) {
		W.now += 1000;
		tick(A);
		tick(B);
		pump();
	}
}

static void
soft_event(struct side *s, enum ipsec_dir dir, uint32_t spi)
{
	struct ipsec_event ev = { .kind = IPSEC_EV_SOFT, .dir = dir, .spi = spi,
	    .tunnel = "office", .why = "time" };

	ike_sa_event(s->ike, &ev, W.now);
}

/* ---- CHILD_SA rekeys ---- */

/* x rekeys, after refused tries (INVALID_KE_PAYLOAD): at every step
 * traffic flows both ways; the responder y sends on the new SA only after
 * x deleted the old one. */
static void
child_rekey_tries(struct side *x, struct side *y, unsigned refused)
{
	uint32_t x_in = live_in(x), y_in = live_in(y);
	size_t mark = W.nlog;
	unsigned i;

	soft_event(x, IPSEC_IN, x_in);
	tick(x);
	CU_ASSERT_EQUAL(requests(side_ix(x), IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	for (i = 0; i < 2 * refused; i++) {	/* a request and its refusal */
		CU_ASSERT_FATAL(pump_one());
		assert_flows();
		CU_ASSERT_EQUAL(x->out->spi, y_in);
		CU_ASSERT_EQUAL(y->out->spi, x_in);
	}
	CU_ASSERT_EQUAL(requests(side_ix(x), IKE_EXCH_CREATE_CHILD_SA, mark), 1 + refused);
	CU_ASSERT_FATAL(pump_one());		/* the request reaches y */
	assert_flows();
	CU_ASSERT_EQUAL(y->out->spi, x_in);	/* y holds its new outbound SA back */
	CU_ASSERT_FATAL(pump_one());		/* the answer reaches x */
	assert_flows();
	CU_ASSERT_NOT_EQUAL(x->out->spi, y_in);	/* x sends on the new one */
	pump();					/* the DELETE and its answer */
	assert_paired();
	CU_ASSERT_NOT_EQUAL(live_in(x), x_in);
	CU_ASSERT_NOT_EQUAL(live_in(y), y_in);
	CU_ASSERT_EQUAL(requests(side_ix(x), IKE_EXCH_INFORMATIONAL, mark), 1);
	after_grace();
	CU_ASSERT_EQUAL(count_sas(A), 2);
	CU_ASSERT_EQUAL(count_sas(B), 2);
	assert_paired();
	CU_ASSERT(ike_tunnel_up(A->ike, "office"));
	CU_ASSERT(ike_tunnel_up(B->ike, "office"));
	CU_ASSERT_EQUAL(ike_sas(A).n, 1);
	CU_ASSERT_EQUAL(ike_sas(B).n, 1);
}

static void
child_rekey_by(struct side *x, struct side *y)
{
	child_rekey_tries(x, y, 0);
}

/* After a collision (logged from mark on): the loser deleted what its
 * exchange made, the winner the old SA: one DELETE each; the tunnel is up
 * and rekeys again as it would without the collision. Ends the pair. */
static void
collision_settled(size_t mark)
{
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_INFORMATIONAL, mark), 1);
	CU_ASSERT_EQUAL(requests(1, IKE_EXCH_INFORMATIONAL, mark), 1);
	assert_paired();
	CU_ASSERT(ike_tunnel_up(A->ike, "office"));
	CU_ASSERT(ike_tunnel_up(B->ike, "office"));
	child_rekey_by(A, B);
	stop_pair();
}

static void
test_child_rekey_initiator(void)
{
	start_pair("aes128gcm16", "aes128gcm16", 86400, 86400, 0);
	assert_paired();
	child_rekey_by(A, B);
	child_rekey_by(A, B);		/* and again, on the same IKE SA */
	stop_pair();
}

static void
test_child_rekey_responder(void)
{
	start_pair("aes256-sha256", "aes256-sha256", 86400, 86400, 0);
	child_rekey_by(B, A);
	stop_pair();
}

/* PFS: A's KE is for ecp256, B prefers x25519: INVALID_KE_PAYLOAD, and A
 * asks again with x25519. */
static void
test_child_rekey_invalid_ke(void)
{
	start_pair("aes128gcm16-ecp256 aes128gcm16-x25519",
	    "aes128gcm16-x25519 aes128gcm16-ecp256", 86400, 86400, 0);
	child_rekey_tries(A, B, 1);
	CU_ASSERT_EQUAL(A->ike->tun[0].sa->child.algs.dh, IKE_DH_CURVE25519);
	CU_ASSERT_EQUAL(B->ike->tun[0].sa->child.algs.dh, IKE_DH_CURVE25519);
	child_rekey_tries(A, B, 0);	/* the group in use from now */
	stop_pair();
}

/* Both sides' SAs reach their soft limits in one tick (the SA database's
 * events): both rekey at once, one new CHILD_SA remains, the other is
 * deleted by whoever made it. */
static void
event_to_ike(void *arg, const struct ipsec_event *ev)
{
	struct side *s = arg;

	ike_sa_event(s->ike, ev, W.now);
}

static void
test_child_rekey_collision(void)
{
	uint32_t a_in, b_in;
	size_t mark;
	int i;

	start_pair("aes128gcm16-ecp256", "aes128gcm16-ecp256", 86400, 86400, 0);
	a_in = live_in(A);
	b_in = live_in(B);
	mark = W.nlog;
	W.now += 3300 * 1000u;		/* past soft (<= 90% of 3600 s), before hard */
	for (i = 0; i < 2; i++) {
		sadb_tick(W.s[i].db, W.now, event_to_ike, &W.s[i]);
		tick(&W.s[i]);
	}
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	CU_ASSERT_EQUAL(requests(1, IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	settle();
	assert_paired();
	CU_ASSERT_NOT_EQUAL(live_in(A), a_in);
	CU_ASSERT_NOT_EQUAL(live_in(B), b_in);
	CU_ASSERT_EQUAL(W.lost_child, 1);
	after_grace();
	CU_ASSERT_EQUAL(count_sas(A), 2);
	CU_ASSERT_EQUAL(count_sas(B), 2);
	collision_settled(mark);
}

/* A DPD in flight: the rekey waits for its answer (a window of one). */
static void
test_rekey_waits_for_window(void)
{
	size_t mark;

	start_pair("aes128gcm16", "aes128gcm16", 86400, 86400, 10);
	mark = W.nlog;
	W.now += 11000;
	tick(A);
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_INFORMATIONAL, mark), 1);
	soft_event(A, IPSEC_IN, live_in(A));
	tick(A);
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_CREATE_CHILD_SA, mark), 0);
	pump();				/* the DPD answered */
	tick(A);
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	pump();
	assert_paired();
	stop_pair();
}

/* ---- IKE SA rekeys ---- */

static void
ike_rekey_by(struct side *x, struct side *y)
{
	struct ike_count before_x = ike_sas(x), before_y = ike_sas(y), ax, ay;
	uint32_t x_in = live_in(x), y_in = live_in(y);
	size_t mark = W.nlog, i;

	W.now += 950 * 1000u;	/* x's lifetime is 1000 s: rekey at 85-90% */
	tick(y);
	tick(x);
	CU_ASSERT_EQUAL(requests(side_ix(x), IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	CU_ASSERT_EQUAL(requests(side_ix(y), IKE_EXCH_CREATE_CHILD_SA, mark), 0);
	while (pump_one())
		assert_flows();
	ax = ike_sas(x);
	ay = ike_sas(y);
	CU_ASSERT_EQUAL(ax.n, 1);
	CU_ASSERT_EQUAL(ay.n, 1);
	CU_ASSERT_EQUAL(ax.children, 1);
	CU_ASSERT_EQUAL(ay.children, 1);
	CU_ASSERT(ax.spi_i == ay.spi_i && ax.spi_r == ay.spi_r);
	CU_ASSERT(ax.spi_i != before_x.spi_i && ax.spi_i != before_x.spi_r);
	CU_ASSERT(ax.spi_r != before_y.spi_i && ax.spi_r != before_y.spi_r);
	/* the DELETE went on the old SA; the CHILD_SA is the same */
	CU_ASSERT_EQUAL(requests(side_ix(x), IKE_EXCH_INFORMATIONAL, mark), 1);
	CU_ASSERT_EQUAL(live_in(x), x_in);
	CU_ASSERT_EQUAL(live_in(y), y_in);
	assert_paired();
	CU_ASSERT(ike_tunnel_up(A->ike, "office"));
	CU_ASSERT(ike_tunnel_up(B->ike, "office"));
	/* the new SA carries the next exchange, from message ID 0 */
	mark = W.nlog;
	child_rekey_by(y, x);
	for (i = mark; i < W.nlog && W.log[i].spi_i != ax.spi_i; i++)
		;
	CU_ASSERT_FATAL(i < W.nlog);
	CU_ASSERT_EQUAL(W.log[i].msgid, 0);
}

static void
test_ike_rekey_initiator(void)
{
	start_pair("aes128gcm16", "aes128gcm16", 1000, 86400, 0);
	ike_rekey_by(A, B);
	stop_pair();
}

static void
test_ike_rekey_responder(void)
{
	start_pair("aes128gcm16", "aes128gcm16", 86400, 1000, 0);
	ike_rekey_by(B, A);
	stop_pair();
}

/* Both sides rekey the IKE SA at once: one new IKE SA remains on both,
 * with the CHILD_SA. */
static void
test_ike_rekey_collision(void)
{
	struct ike_count before, ax, bx;
	size_t mark;

	start_pair("aes128gcm16", "aes128gcm16", 1000, 1000, 0);
	before = ike_sas(A);
	mark = W.nlog;
	W.now += 950 * 1000u;
	tick(A);
	tick(B);
	CU_ASSERT_EQUAL(requests(0, IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	CU_ASSERT_EQUAL(requests(1, IKE_EXCH_CREATE_CHILD_SA, mark), 1);
	settle();
	ax = ike_sas(A);
	bx = ike_sas(B);
	CU_ASSERT_EQUAL(ax.n, 1);
	CU_ASSERT_EQUAL(bx.n, 1);
	CU_ASSERT(ax.spi_i == bx.spi_i && ax.spi_r == bx.spi_r);
	CU_ASSERT(ax.spi_i != before.spi_i);
	CU_ASSERT_EQUAL(W.lost_ike, 1);
	CU_ASSERT_EQUAL(ax.children, 1);
	CU_ASSERT_EQUAL(bx.children, 1);
	collision_settled(mark);
}

/* ---- requests vgw refuses, read from the wire ---- */

/* Whether datagram msg, an answer to side s, carries notify type (opened
 * with s's SK keys). */
static bool
answer_has(struct side *s, const uint8_t *msg, size_t len, uint16_t type)
{
	struct ike_sa *sa = s->ike->tun[0].sa;
	uint8_t buf[IKE_MSG_MAX];
	const struct ike_payload *sk;
	struct ike_chain outer, inner;
	struct ike_notify n;
	struct ike_hdr h;
	const char *why;
	size_t aad;
	int pt;

	memcpy(buf, msg, len);
	if (ike_msg_parse(buf, len, &h, &outer, &why) != 0 || outer.n == 0)
		return false;
	sk = &outer.pl[outer.n - 1];
	aad = (size_t)(sk->body - buf);
	if (sk->type != IKE_PL_SK || (pt = ike_sk_open(sa->sk_in, buf, aad, sk->len)) < 0 ||
	    ike_chain_parse(sk->next, buf + aad + ike_sk_iv_len(sa->sk_in), (size_t)pt,
	    IKE_CHAIN_INNER, &inner, &why) != 0)
		return false;
	return ike_find_notify(&inner, type, &n);
}

/* Sends from A a CREATE_CHILD_SA for a CHILD_SA (REKEY_SA naming spi, or
 * none when 0) and returns B's answer's length (in W.last[1]). */
static size_t
ask_child(uint32_t rekey_spi)
{
	struct ike_sa *sa = A->ike->tun[0].sa;
	struct esp_algs esp = { .alg = ESP_AES128_GCM16 };
	struct ike_notify rekey = { .protocol = IKE_PROTO_ESP, .spi_size = 4,
	    .spi = rekey_spi, .type = IKE_N_REKEY_SA };
	struct ike_proposal prop;
	struct ike_build b;
	uint8_t nonce[32] = { 9 };

	ike_out_begin(A->ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, false, sa->msgid_out++);
	if (rekey_spi != 0)
		ike_build_notify(&b, &rekey);
	ike_offer_esp(&esp, 1, false, true, 0x12345678, &prop);
	ike_build_sa(&b, &prop, 1);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	ike_build_ts(&b, IKE_PL_TSI, sa->child.ts_local, sa->child.nts_local);
	ike_build_ts(&b, IKE_PL_TSR, sa->child.ts_remote, sa->child.nts_remote);
	CU_ASSERT_FATAL(ike_out_send(A->ike, sa, &b, false) == 0);
	W.last_len[1] = 0;
	pump();
	return W.last_len[1];
}

static void
test_refusals(void)
{
	uint32_t a_in, b_in;
	size_t len;

	start_pair("aes128gcm16", "aes128gcm16", 86400, 86400, 0);
	a_in = live_in(A);
	b_in = live_in(B);
	len = ask_child(0);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(answer_has(A, W.last[1], len, IKE_N_NO_ADDITIONAL_SAS));
	len = ask_child(0x4242);
	CU_ASSERT_FATAL(len > 0);
	CU_ASSERT(answer_has(A, W.last[1], len, IKE_N_CHILD_SA_NOT_FOUND));
	/* nothing changed */
	CU_ASSERT_EQUAL(live_in(A), a_in);
	CU_ASSERT_EQUAL(live_in(B), b_in);
	CU_ASSERT_EQUAL(count_sas(A), 2);
	CU_ASSERT_EQUAL(count_sas(B), 2);
	assert_paired();
	CU_ASSERT(ike_tunnel_up(B->ike, "office"));
	stop_pair();
}

/* ---- the collision rule ---- */

static void
test_nonce_order(void)
{
	static const uint8_t n1[] = { 0x00, 0xff }, n2[] = { 0x01, 0x00 },
	    n3[] = { 0x01, 0x00, 0x00 }, n4[] = { 0xff };
	struct ike_rekey r;

	CU_ASSERT(ike_nonce_cmp(n1, 2, n2, 2) < 0);	/* bytes, not numbers */
	CU_ASSERT(ike_nonce_cmp(n2, 2, n1, 2) > 0);
	CU_ASSERT(ike_nonce_cmp(n2, 2, n3, 3) < 0);	/* a prefix first */
	CU_ASSERT(ike_nonce_cmp(n3, 3, n4, 1) < 0);
	CU_ASSERT_EQUAL(ike_nonce_cmp(n2, 2, n2, 2), 0);

	/* ours: Ni n2, the answer's Nr n4: lower n2; theirs: n3 and n4 */
	memset(&r, 0, sizeof(r));
	memcpy(r.ni, n2, sizeof(n2));
	r.ni_len = sizeof(n2);
	CU_ASSERT(!ike_collision_lost(&r, n4, sizeof(n4)));	/* no collision */
	ike_collision_note(&r, n4, sizeof(n4), n3, sizeof(n3));
	CU_ASSERT(r.collided);
	CU_ASSERT_EQUAL(r.theirs_low_len, sizeof(n3));
	CU_ASSERT(ike_collision_lost(&r, n4, sizeof(n4)));	/* n2 < n3: ours lost */
	/* theirs has n1, the lowest of the four: theirs lost */
	ike_collision_note(&r, n1, sizeof(n1), n4, sizeof(n4));
	CU_ASSERT(!ike_collision_lost(&r, n4, sizeof(n4)));
	/* the answer's nonce counts for ours too */
	memcpy(r.ni, n4, sizeof(n4));
	r.ni_len = sizeof(n4);
	ike_collision_note(&r, n2, sizeof(n2), n4, sizeof(n4));
	CU_ASSERT(ike_collision_lost(&r, n1, sizeof(n1)));
	CU_ASSERT(!ike_collision_lost(&r, n3, sizeof(n3)));
}

/* §2.5: a request with a critical payload of a type vgw does not know is
 * answered UNSUPPORTED_CRITICAL_PAYLOAD, naming the type; nothing else */
static void
test_critical_unknown(void)
{
	struct ike_hdr h = { .spi_i = 0x0102030405060708ull, .exchange = IKE_EXCH_IKE_SA_INIT,
	    .flags = IKE_FLAG_I };
	struct ike_packet p = { .src = ADDR_A, .dst = ADDR_B, .sport = 500, .dport = 500 };
	uint8_t msg[128];
	struct ike_build b;
	struct ike_chain c;
	struct ike_hdr got;
	struct ike_notify n;
	const char *why;
	size_t len;

	start_pair("aes128gcm16", "aes128gcm16", 0, 0, 0);
	ike_build_init(&b, msg, sizeof(msg), &h);
	ike_build_payload(&b, 200, true, "x", 1);
	CU_ASSERT_FATAL(ike_build_finish(&b, &len) == 0);
	p.data = msg;
	p.len = (uint16_t)len;
	W.last_len[1] = 0;
	ike_input(B->ike, &p, W.now);
	CU_ASSERT_FATAL(W.last_len[1] > 0);
	CU_ASSERT_FATAL(ike_msg_parse(W.last[1], W.last_len[1], &got, &c, &why) == 0);
	CU_ASSERT(got.flags & IKE_FLAG_R);
	CU_ASSERT_EQUAL(got.spi_i, h.spi_i);
	CU_ASSERT_FATAL(ike_find_notify(&c, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, &n));
	CU_ASSERT(n.len == 1 && n.data[0] == 200);
	/* the same payload without its critical bit is ignored: no answer to
	 * this request without an SA payload but INVALID_SYNTAX */
	ike_build_init(&b, msg, sizeof(msg), &h);
	ike_build_payload(&b, 200, false, "x", 1);
	CU_ASSERT_FATAL(ike_build_finish(&b, &len) == 0);
	p.len = (uint16_t)len;
	W.last_len[1] = 0;
	ike_input(B->ike, &p, W.now);
	CU_ASSERT_FATAL(ike_msg_parse(W.last[1], W.last_len[1], &got, &c, &why) == 0);
	CU_ASSERT(!ike_find_notify(&c, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, &n));
	CU_ASSERT(ike_find_notify(&c, IKE_N_INVALID_SYNTAX, &n));
	CU_ASSERT(ike_tunnel_up(B->ike, "office"));
	stop_pair();
}

static CU_TestInfo tests[] = {
	{ "the collision rule's nonce order", test_nonce_order },
	{ "CHILD_SA rekey, the IKE SA's initiator starts it", test_child_rekey_initiator },
	{ "CHILD_SA rekey, the IKE SA's responder starts it", test_child_rekey_responder },
	{ "CHILD_SA rekey with PFS and INVALID_KE_PAYLOAD", test_child_rekey_invalid_ke },
	{ "CHILD_SA rekeys by both sides at once", test_child_rekey_collision },
	{ "a rekey waits for the DPD in flight", test_rekey_waits_for_window },
	{ "IKE SA rekey, the initiator starts it", test_ike_rekey_initiator },
	{ "IKE SA rekey, the responder starts it", test_ike_rekey_responder },
	{ "IKE SA rekeys by both sides at once", test_ike_rekey_collision },
	{ "NO_ADDITIONAL_SAS and CHILD_SA_NOT_FOUND", test_refusals },
	{ "UNSUPPORTED_CRITICAL_PAYLOAD", test_critical_unknown },
	CU_TEST_INFO_NULL,
};

#define SUITE_NAME "ike_rekey"
#include "cunit_main.h"
