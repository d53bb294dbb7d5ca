/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_pair - two IKE daemons in one process for the rekey suite and its
 * fuzz target: A (198.51.100.1, start initiate) and B (203.0.113.2, start
 * respond), tunnel "office" between 10.1.0.0/24 and 10.2.0.0/24, each with
 * its own SA database as the engine holds it. Their datagrams wait in one
 * queue (at most QMAX; more are dropped and counted) and are delivered in
 * order by pump_one/pump_all, never from inside a daemon's call. The clock
 * is W.now, moved by the caller. Every datagram's header is logged (the
 * first LOGMAX), and the last each side sent is kept. No CUnit: the
 * callers assert.
 */
#ifndef VGW_IKE_PAIR_H
#define VGW_IKE_PAIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"
#include "ike/ike_impl.h"
#include "ipsec/sa.h"
#include "lib/log.h"

#define T0		1000000u
#define ADDR_A		0xc6336401u	/* 198.51.100.1 */
#define ADDR_B		0xcb007102u	/* 203.0.113.2 */
#define NET_A		0x0a010000u	/* 10.1.0.0/24 */
#define NET_B		0x0a020000u	/* 10.2.0.0/24 */
#define QMAX		64
#define LOGMAX		256

/* One side: its daemon, configuration and SA database. */
struct side {
	uint32_t	 addr;
	struct ike	*ike;
	struct config	*cfg;
	struct ipsec_sadb *db;
	struct ipsec_sa	*out;		/* the outbound SA in service */
};

/* A datagram in flight, and the headers of every one sent. */
struct dgram {
	int		 to;
	struct ike_packet p;
	uint8_t		 data[IKE_MSG_MAX];
};
struct sent {
	int		 from;
	uint8_t		 exchange;
	bool		 response;
	uint32_t	 msgid;
	uint64_t	 spi_i;
};

static struct {
	struct side	 s[2];
	struct secret_key *key;
	uint64_t	 now;
	struct dgram	 q[QMAX];
	size_t		 qhead, qlen;
	struct sent	 log[LOGMAX];
	size_t		 nlog;
	uint8_t		 last[2][IKE_MSG_MAX];	/* the last datagram each side sent */
	size_t		 last_len[2];
	unsigned	 lost_child, lost_ike;	/* log lines: collisions lost */
	unsigned	 dropped;	/* datagrams the queue had no room for */
} W;

#define A	(&W.s[0])
#define B	(&W.s[1])

static __attribute__((unused)) int
side_ix(const struct side *s)
{
	return s == A ? 0 : 1;
}

static __attribute__((unused)) void
env_send(void *arg, const struct ike_packet *p)
{
	struct side *s = arg;
	struct dgram *d;
	int from = side_ix(s);

	if (W.qlen == QMAX || p->len > IKE_MSG_MAX) {
		W.dropped++;
		return;
	}
	d = &W.q[(W.qhead + W.qlen++) % QMAX];
	d->to = 1 - from;
	d->p = *p;
	memcpy(d->data, p->data, p->len);
	d->p.data = d->data;
	memcpy(W.last[from], p->data, p->len);
	W.last_len[from] = p->len;
	if (W.nlog < LOGMAX) {
		struct sent *l = &W.log[W.nlog++];

		l->from = from;
		l->exchange = p->data[18];
		l->response = (p->data[19] & IKE_FLAG_R) != 0;
		l->msgid = (uint32_t)p->data[20] << 24 | (uint32_t)p->data[21] << 16 |
		    (uint32_t)p->data[22] << 8 | p->data[23];
		l->spi_i = 0;
		for (int i = 0; i < 8; i++)
			l->spi_i = l->spi_i << 8 | p->data[i];
	}
}

static __attribute__((unused)) void
env_keepalive(void *arg, uint32_t local, uint32_t peer, uint16_t port)
{
	(void)arg;
	(void)local;
	(void)peer;
	(void)port;
}

static __attribute__((unused)) void
env_install(void *arg, struct ipsec_sa *in, struct ipsec_sa *out)
{
	struct side *s = arg;

	sadb_install_pair(s->db, in, out, W.now);
	if (out != NULL)
		s->out = out;
}

static __attribute__((unused)) bool
env_remove(void *arg, const char *tunnel, enum ipsec_dir dir, uint32_t spi)
{
	struct side *s = arg;

	if (dir == IPSEC_OUT && s->out != NULL && s->out->spi == spi)
		s->out = NULL;
	return sadb_remove_spi(s->db, tunnel, dir, spi);
}

static __attribute__((unused)) void
env_changed(void *arg, const char *tunnel, bool up)
{
	(void)arg;
	(void)tunnel;
	(void)up;
}

/* The daemons' log: which side lost a collision; every line on stderr
 * with TEST_VERBOSE set. */
static __attribute__((unused)) void
log_line(void *arg, const char *line)
{
	(void)arg;
	if (getenv("TEST_VERBOSE") != NULL)
		fprintf(stderr, "%s\n", line);
	W.lost_child += strstr(line, "CHILD_SA rekey collision lost") != NULL;
	W.lost_ike += strstr(line, "IKE SA rekey collision lost") != NULL;
}

/* A tunnel "office" from local to peer: esp words, ike lifetime, dpd. */
static __attribute__((unused)) struct config *
make_config(uint32_t local, uint32_t peer, uint32_t lnet, uint32_t rnet,
    enum cfg_start start, const char *esp, uint32_t ike_lifetime, uint16_t dpd)
{
	struct config *c = config_new();
	struct cfg_tunnel *t = config_tunnel_get(c, "office");
	char words[128], *w, *save = NULL, bad[64];

	t->has_peer = true;
	t->peer = peer;
	t->has_local = true;
	t->local = local;
	if (secret_encrypt(W.key, (const uint8_t *)"rekey test", 10, t->psk) != 0) {
		config_free(c);
		return NULL;
	}
	t->nlocal = t->nremote = 1;
	t->local_net[0] = (struct cfg_prefix){ lnet, 24 };
	t->remote_net[0] = (struct cfg_prefix){ rnet, 24 };
	t->start = (uint8_t)start;
	t->dpd_interval = dpd;
	t->ike_lifetime = ike_lifetime;
	t->esp_lifetime = 3600;
	snprintf(words, sizeof(words), "%s", esp);
	t->nproposals = 0;
	for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		struct esp_algs a;

		if (esp_algs_parse(w, &a, bad, sizeof(bad)) != 0 ||
		    t->nproposals == CFG_PROPOSALS_MAX) {
			config_free(c);
			return NULL;
		}
		t->proposal[t->nproposals] = a.alg;
		t->proposal_dh[t->nproposals++] = a.dh;
	}
	return c;
}

static __attribute__((unused)) void
side_up(struct side *s, uint32_t addr, struct config *c)
{
	struct ike_env env = { .arg = s, .send = env_send, .keepalive = env_keepalive,
	    .install = env_install, .remove = env_remove, .tunnel_changed = env_changed,
	    .secret_key = W.key };

	s->addr = addr;
	s->cfg = c;
	s->db = sadb_new();
	s->out = NULL;
	s->ike = ike_new(&env);
	ike_configure(s->ike, c, NULL, W.now);
}

/* Delivers the oldest datagram in flight; false when none is. */
static __attribute__((unused)) bool
pump_one(void)
{
	struct dgram *d;

	if (W.qlen == 0)
		return false;
	d = &W.q[W.qhead];
	W.qhead = (W.qhead + 1) % QMAX;
	W.qlen--;
	ike_input(W.s[d->to].ike, &d->p, W.now);
	return true;
}

/* Delivers until nothing is in flight; false when that does not come
 * (the sides would talk for ever). */
static __attribute__((unused)) bool
pump_all(void)
{
	unsigned n = 0;

	while (pump_one())
		if (++n == 1000)
			return false;
	return true;
}

static __attribute__((unused)) void
tick(struct side *s)
{
	ike_tick(s->ike, W.now);
}

/* Two sides: A initiates, B responds, with the esp proposals, ike
 * lifetimes and dpd given; whether the tunnel came up on both. The caller
 * ends with stop_pair either way. */
static __attribute__((unused)) bool
pair_up(const char *esp_a, const char *esp_b, uint32_t life_a, uint32_t life_b,
    uint16_t dpd)
{
	static const uint8_t k[32] = { 1, 2, 3 };
	struct config *ca, *cb;

	memset(&W, 0, sizeof(W));
	W.now = T0;
	log_monitor_add(log_line, &W);
	W.key = secret_key_from_bytes(k);
	ca = W.key ? make_config(ADDR_A, ADDR_B, NET_A, NET_B, START_INITIATE, esp_a,
	    life_a, dpd) : NULL;
	cb = W.key ? make_config(ADDR_B, ADDR_A, NET_B, NET_A, START_RESPOND, esp_b,
	    life_b, dpd) : NULL;
	if (ca == NULL || cb == NULL)
		abort();	/* the harness's own words: a bug of its caller */
	side_up(A, ADDR_A, ca);
	side_up(B, ADDR_B, cb);
	tick(A);
	return pump_all() && ike_tunnel_up(A->ike, "office") &&
	    ike_tunnel_up(B->ike, "office");
}

static __attribute__((unused)) void
stop_pair(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		ike_free(W.s[i].ike);
		sadb_free(W.s[i].db);
		config_free(W.s[i].cfg);
	}
	secret_key_free(W.key);
	log_monitor_remove(&W);
}

#endif
