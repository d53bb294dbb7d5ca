/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike - the IKEv2 daemon (ike.h): its tunnels from the running
 * configuration, messages in (parsed, matched to their SA, decrypted, and
 * handed to their exchange), and the clock (retransmission, liveness,
 * initiation with back-off, half-open SAs that time out).
 */
#include "ike/ike_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "ike/ike_install.h"
#include "ipsec/tables.h"
#include "lib/debug.h"
#include "lib/log.h"
#include "lib/xalloc.h"

struct ike *
ike_new(const struct ike_env *env)
{
	struct ike *ike = xcalloc(1, sizeof(*ike), "the IKE daemon");

	ike->env = *env;
	ike->sas = ike_sa_table_new();
	return ike;
}

void
ike_free(struct ike *ike)
{
	if (ike == NULL)
		return;
	ike_sa_table_free(ike->sas);
	ike_cookie_clear(&ike->cookies);
	free(ike->tun);
	free(ike);
}

/* By name in an array sorted by strcmp (by_name). */
static struct ike_tunnel *
find_in(struct ike_tunnel *tun, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(tun[mid].cfg.name, name);

		if (c == 0)
			return &tun[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct ike_tunnel *)a)->cfg.name,
	    ((const struct ike_tunnel *)b)->cfg.name);
}

struct ike_tunnel *
ike_tunnel_find(struct ike *ike, const char *name)
{
	return find_in(ike->tun, ike->ntun, name);
}

struct ike_tunnel *
ike_tunnel_by_peer(struct ike *ike, uint32_t addr)
{
	size_t i;

	for (i = 0; i < ike->ntun; i++)
		if (ike->tun[i].cfg.peer == addr)
			return &ike->tun[i];
	return NULL;
}

static void
set_up(struct ike *ike, struct ike_tunnel *t, bool up)
{
	if (t->up == up)
		return;
	t->up = up;
	log_msg(LOG_NOTICE, "crypto ipsec tunnel %s: %s", t->cfg.name,
	    up ? "up" : "down");
	ike->env.tunnel_changed(ike->env.arg, t->cfg.name, up);
}

/* The SA no longer serves anything: its CHILD_SA out of the engine, the
 * tunnel down if it was this SA's, a retry planned for an initiator. The
 * SA itself is freed at the next tick (a retransmitted request may still
 * find it and be ignored). */
static void
retire(struct ike *ike, struct ike_sa *sa, const char *why)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);

	if (sa->child.installed) {
		ike_uninstall_child(&ike->env, sa->tunnel, &sa->child);
		sa->child.installed = false;
	}
	if (sa->old_child.installed) {	/* a rekey's: its inbound SA still in */
		ike_uninstall_child(&ike->env, sa->tunnel, &sa->old_child);
		sa->old_child.installed = false;
	}
	free(sa->req.msg);
	sa->req.msg = NULL;
	if (sa->state != IKE_ST_DEAD)
		(void)ike_sa_set_state(ike->sas, sa, IKE_ST_DEAD, why);
	if (t == NULL || t->sa != sa)
		return;
	t->sa = NULL;
	set_up(ike, t, false);
	if (ike_tunnel_initiates(t)) {
		t->backoff_s = t->backoff_s == 0 ? IKE_RETRY_FIRST_S :
		    t->backoff_s * 2 > IKE_RETRY_MAX_S ? IKE_RETRY_MAX_S : t->backoff_s * 2;
		t->next_try_ms = ike->now_ms + (uint64_t)t->backoff_s * 1000;
	}
	ike_init_start_due(ike);
}

void
ike_fail(struct ike *ike, struct ike_sa *sa, const char *fmt, ...)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sa->error, sizeof(sa->error), fmt, ap);
	va_end(ap);
	log_msg(LOG_WARNING, "crypto ipsec tunnel %s: %s", sa->tunnel, sa->error);
	if (t != NULL)
		snprintf(t->error, sizeof(t->error), "%s", sa->error);
	retire(ike, sa, sa->error);
}

void
ike_sa_gone(struct ike *ike, struct ike_sa *sa, const char *why)
{
	log_msg(LOG_NOTICE, "crypto ipsec tunnel %s: IKE SA %s", sa->tunnel, why);
	retire(ike, sa, why);
}

void
ike_child_up(struct ike *ike, struct ike_sa *sa)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);

	if (t == NULL)
		return;
	if (t->sa != NULL && t->sa != sa) {
		struct ike_sa *old = t->sa;

		/* the peer started over (or both ends initiated): the new SA
		 * wins, its CHILD_SA is already in; the old one is deleted */
		t->sa = NULL;
		/* installing the new pair replaced the old outbound SA; a peer
		 * that chose the same SPI again (some count their SPIs) must
		 * not lose the new one with the old (no SA has SPI 0) */
		if (old->child.spi_out == sa->child.spi_out)
			old->child.spi_out = 0;
		ike_tear_down(ike, old, "replaced by a newer IKE SA");
	}
	t->sa = sa;
	t->backoff_s = 0;
	t->error[0] = '\0';
	sa->established_ms = ike->now_ms;
	sa->rekey_ms = ike_rekey_due_ms(t, ike->now_ms);
	set_up(ike, t, true);
	ike_init_start_due(ike);
}

uint32_t
ike_new_child_spi(struct ike *ike)
{
	uint32_t spi;

	(void)ike;
	/* 2^32 values against at most IKE_SAS_MAX children: a repeat is
	 * possible, and then sadb_install_pair replaces the older SA; the
	 * random source makes it a one in 2^18 event at the bound */
	do {
		if (RAND_bytes((uint8_t *)&spi, sizeof(spi)) != 1)
			spi = 0;
	} while (spi < 256);
	return spi;
}

bool
ike_find_notify(const struct ike_chain *c, uint16_t type, struct ike_notify *n)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const char *why;

		if (c->pl[i].type == IKE_PL_NOTIFY &&
		    ike_notify_decode(c->pl[i].body, c->pl[i].len, n, &why) == 0 &&
		    n->type == type)
			return true;
	}
	return false;
}

uint16_t
ike_error_notify(const struct ike_chain *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct ike_notify n;
		const char *why;

		if (c->pl[i].type == IKE_PL_NOTIFY &&
		    ike_notify_decode(c->pl[i].body, c->pl[i].len, &n, &why) == 0 &&
		    n.type < IKE_NOTIFY_STATUS_MIN)
			return n.type;
	}
	return 0;
}

/* ---- configuration ---- */

/* Whether a commit changed what the tunnel's SAs were made from: peer,
 * addresses, key, identities, proposals, selectors, lifetimes. Field by
 * field: a text field's bytes after its NUL are left from earlier values
 * (a key retyped at the prompt, a configuration parsed anew). */
static bool
same_ike_settings(const struct cfg_tunnel *a, uint32_t a_local,
    const struct cfg_tunnel *b, uint32_t b_local)
{
	struct cfg_tunnel x = *a;

	/* what changes nothing of the SAs */
	memcpy(x.description, b->description, sizeof(x.description));
	x.dpd_interval = b->dpd_interval;
	x.dpd_retries = b->dpd_retries;
	x.start = b->start;
	x.routing = b->routing;
	return a_local == b_local && config_tunnel_equal(&x, b);
}

static bool
served(const struct cfg_tunnel *t)
{
	return t->keying == KEYING_IKE && !t->shutdown && t->has_peer &&
	    t->psk[0] != '\0';
}

void
ike_tear_down(struct ike *ike, struct ike_sa *sa, const char *why)
{
	if (sa->state == IKE_ST_ESTABLISHED) {
		free(sa->req.msg);	/* a DPD in flight gives way */
		sa->req.msg = NULL;
		ike_out_informational(ike, sa, true);
	}
	ike_sa_gone(ike, sa, why);
}

/* Every SA whose tunnel is no longer served (ike_tunnel_find fails). */
static void
drop_orphan(void *arg, struct ike_sa *sa)
{
	struct ike *ike = arg;

	if (sa->state != IKE_ST_DEAD && ike_tunnel_find(ike, sa->tunnel) == NULL)
		ike_tear_down(ike, sa, "the tunnel is no longer configured for IKE");
}

void
ike_configure(struct ike *ike, const struct config *c, const struct rib *rib,
    uint64_t now_ms)
{
	const struct cfg_tunnel *ct;
	struct ike_tunnel *old = ike->tun, *tun;
	size_t nold = ike->ntun, n = 0, cap = 1, i;

	ike->now_ms = now_ms;
	for (ct = config_tunnel_first(c); ct; ct = config_tunnel_next(c, ct))
		cap++;
	tun = xcalloc(cap, sizeof(*tun), "the IKE tunnels");
	for (ct = config_tunnel_first(c); ct; ct = config_tunnel_next(c, ct)) {
		struct ike_tunnel *nt, *ot;
		struct ipsec_tunnel it;

		if (!served(ct))
			continue;
		nt = &tun[n++];
		ipsec_tunnel_resolve(c, rib, ct, &it);
		nt->cfg = *ct;
		nt->local = it.local;
		nt->next_try_ms = now_ms;
		ot = find_in(old, nold, ct->name);
		if (ot != NULL && same_ike_settings(&ot->cfg, ot->local, ct, it.local)) {
			nt->sa = ot->sa;
			nt->up = ot->up;
			nt->next_try_ms = ot->next_try_ms;
			nt->backoff_s = ot->backoff_s;
			nt->keepalive_ms = ot->keepalive_ms;
			memcpy(nt->error, ot->error, sizeof(nt->error));
			ot->sa = NULL;
			ot->up = false;
		}
	}
	qsort(tun, n, sizeof(*tun), by_name);
	ike->tun = tun;
	ike->ntun = n;
	/* what was not carried over: changed, removed, shut down, manual */
	for (i = 0; i < nold; i++) {
		if (old[i].sa != NULL)
			ike_tear_down(ike, old[i].sa, "the tunnel's configuration changed");
		if (old[i].up) {
			log_msg(LOG_NOTICE, "crypto ipsec tunnel %s: down", old[i].cfg.name);
			ike->env.tunnel_changed(ike->env.arg, old[i].cfg.name, false);
		}
	}
	free(old);
	ike_sa_foreach(ike->sas, drop_orphan, ike);
	/* new and changed tunnels start now, not at the next tick */
	ike_init_start_due(ike);
}

/* ---- messages in ---- */

/* The SA a message (not IKE_SA_INIT) is for: found by our SPI, which is
 * the responder's when the sender is the original initiator. */
static struct ike_sa *
sa_of(struct ike *ike, const struct ike_hdr *h)
{
	bool from_initiator = (h->flags & IKE_FLAG_I) != 0;

	return ike_sa_find(ike->sas, from_initiator ? h->spi_r : h->spi_i,
	    !from_initiator);
}

/* Decrypts the SK payload in place and parses its contents into in. */
static bool
open_sk(struct ike *ike, struct ike_sa *sa, struct ike_in *in, const char **why)
{
	const struct ike_payload *sk;
	size_t aad_len;
	int pt;

	if (in->chain.n == 0 || (sk = &in->chain.pl[in->chain.n - 1])->type != IKE_PL_SK) {
		*why = "no SK payload";
		return false;
	}
	aad_len = (size_t)(sk->body - ike->rx);
	if ((pt = ike_sk_open(sa->sk_in, ike->rx, aad_len, sk->len)) < 0) {
		*why = "the SK payload does not verify";
		return false;
	}
	return ike_chain_parse(sk->next, ike->rx + aad_len + ike_sk_iv_len(sa->sk_in),
	    (size_t)pt, IKE_CHAIN_INNER, &in->chain, why) == 0;
}

static void
dispatch(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	bool response = (in->hdr.flags & IKE_FLAG_R) != 0;

	switch (in->hdr.exchange) {
	case IKE_EXCH_IKE_AUTH:
		if (response)
			ike_auth_response(ike, sa, in);
		else
			ike_auth_request(ike, sa, in);
		break;
	case IKE_EXCH_INFORMATIONAL:
		if (response)
			ike_info_response(ike, sa, in);
		else if (sa->state == IKE_ST_ESTABLISHED || sa->state == IKE_ST_DELETING)
			ike_info_request(ike, sa, in);
		break;
	case IKE_EXCH_CREATE_CHILD_SA:
		if (response)
			ike_child_response(ike, sa, in);
		else if (sa->state == IKE_ST_ESTABLISHED || sa->state == IKE_ST_DELETING)
			ike_child_request(ike, sa, in);
		break;
	}
}

/* Whether the message ID fits the window of one (§2.3): a response to our
 * request in flight, or the peer's next request; its previous request again
 * gets the response replayed. */
static bool
msgid_ok(struct ike *ike, struct ike_sa *sa, const struct ike_hdr *h)
{
	if (h->flags & IKE_FLAG_R)
		return sa->req.msg != NULL && h->msgid == sa->msgid_out - 1;
	if (h->msgid == sa->msgid_in)
		return true;
	if (sa->has_resp && h->msgid == sa->resp_msgid)
		ike_out_resend_response(ike, sa);
	return false;
}

/* The type of the first payload vgw does not know whose critical bit is
 * set (§2.5: the message is refused), or 0. */
static uint8_t
critical_unknown(const struct ike_chain *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		uint8_t t = c->pl[i].type;
		bool known = (t >= IKE_PL_SA && t <= IKE_PL_EAP) || t == IKE_PL_SKF;

		if (!known && c->pl[i].critical)
			return t;
	}
	return 0;
}

/* UNSUPPORTED_CRITICAL_PAYLOAD answers a request with one (its data the
 * payload's type); a response with one is dropped. True when refused. */
static bool
refuse_critical(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	uint8_t type = critical_unknown(&in->chain);
	struct ike_notify n = { .type = IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
	    .data = &type, .len = 1 };
	struct ike_build b;

	if (type == 0)
		return false;
	debug_msg(DEBUG_IKEV2, "refused: a critical payload of unknown type %u", type);
	if (in->hdr.flags & IKE_FLAG_R)
		return true;
	if (sa == NULL) {
		ike_out_notify_plain(ike, in->pkt, &in->hdr, n.type, &type, 1);
		return true;
	}
	ike_out_begin(ike, sa, &b, in->hdr.exchange, true, in->hdr.msgid);
	ike_build_notify(&b, &n);
	sa->resp_msgid = in->hdr.msgid;
	(void)ike_out_send(ike, sa, &b, true);
	return true;
}

void
ike_input(struct ike *ike, const struct ike_packet *pkt, uint64_t now_ms)
{
	struct ike_in in = { .pkt = pkt, .raw = ike->rx, .raw_len = pkt->len };
	struct ike_sa *sa;
	const char *why = NULL;
	char name[IKE_NAME_MAX];

	ike->now_ms = now_ms;
	if (pkt->len > sizeof(ike->rx))
		return;
	memcpy(ike->rx, pkt->data, pkt->len);
	if (ike_msg_parse(ike->rx, pkt->len, &in.hdr, &in.chain, &why) != 0) {
		debug_msg(DEBUG_IKEV2, "from %u.%u.%u.%u:%u: dropped: %s", pkt->src >> 24,
		    (pkt->src >> 16) & 255, (pkt->src >> 8) & 255, pkt->src & 255,
		    pkt->sport, why ? why : "unsupported version");
		return;
	}
	debug_msg(DEBUG_IKEV2, "from %u.%u.%u.%u:%u: %s %s #%u, %u bytes",
	    pkt->src >> 24, (pkt->src >> 16) & 255, (pkt->src >> 8) & 255,
	    pkt->src & 255, pkt->sport, ike_exchange_name(in.hdr.exchange, name,
	    sizeof(name)), in.hdr.flags & IKE_FLAG_R ? "response" : "request",
	    in.hdr.msgid, pkt->len);
	if (in.hdr.exchange == IKE_EXCH_IKE_SA_INIT) {
		if (refuse_critical(ike, NULL, &in))
			return;
		if (!(in.hdr.flags & IKE_FLAG_R))
			ike_init_request(ike, &in);
		else if ((sa = ike_sa_find(ike->sas, in.hdr.spi_i, true)) != NULL)
			ike_init_response(ike, sa, &in);
		return;
	}
	if ((sa = sa_of(ike, &in.hdr)) == NULL || sa->sk_in == NULL ||
	    sa->state == IKE_ST_DEAD || sa->peer != pkt->src || !msgid_ok(ike, sa, &in.hdr))
		return;
	if (!open_sk(ike, sa, &in, &why)) {
		debug_msg(DEBUG_IKEV2, "tunnel %s: message dropped: %s", sa->tunnel, why);
		return;
	}
	/* NAT-T (§2.23): the initiator floats both ports to 4500 after
	 * IKE_SA_INIT, and a NAT may change the peer's; answer as it sent */
	sa->peer_port = pkt->sport;
	sa->local_port = pkt->dport;
	sa->heard_ms = now_ms;
	if (!(in.hdr.flags & IKE_FLAG_R))
		sa->msgid_in++;
	if (!refuse_critical(ike, sa, &in))
		dispatch(ike, sa, &in);
}

/* ---- the clock ---- */

static void
tick_sa(void *arg, struct ike_sa *sa)
{
	struct ike *ike = arg;
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);

	if (sa->state == IKE_ST_DEAD) {
		ike_sa_free(ike->sas, sa);
		return;
	}
	if (sa->state == IKE_ST_INIT_DONE && ike->now_ms - sa->created_ms >= IKE_HALF_OPEN_MS) {
		ike_sa_gone(ike, sa, "half-open: no IKE_AUTH came");
		return;
	}
	ike_out_tick(ike, sa);
	if (sa->state != IKE_ST_ESTABLISHED || t == NULL)
		return;
	if (t->sa != sa) {
		/* rekeyed by the peer, which deletes it, or else we do */
		if (sa->replaced_ms != 0 && ike->now_ms - sa->replaced_ms >= IKE_REKEY_WAIT_MS)
			ike_tear_down(ike, sa, "rekeyed, and the peer did not delete it");
		return;
	}
	ike_child_tick(ike, sa);
	if (sa->state == IKE_ST_ESTABLISHED)
		ike_rekey_tick(ike, sa);
	if (sa->state != IKE_ST_ESTABLISHED || t->sa != sa)
		return;
	/* liveness (§2.4): nothing heard for an interval, ask */
	if (t->cfg.dpd_interval > 0 && sa->req.msg == NULL &&
	    ike->now_ms - sa->heard_ms >= (uint64_t)t->cfg.dpd_interval * 1000) {
		ike_out_informational(ike, sa, false);
		sa->req.every_ms = (uint32_t)t->cfg.dpd_interval * 1000;
		sa->req.next_ms = ike->now_ms + sa->req.every_ms;
		sa->req.max_tries = (uint8_t)(t->cfg.dpd_retries + 1);
	}
	/* behind a NAT, keep its mapping open (RFC 3948 §2.3) */
	if (sa->nat_local && ike->now_ms >= t->keepalive_ms) {
		ike->env.keepalive(ike->env.arg, sa->local, sa->peer, sa->peer_port);
		t->keepalive_ms = ike->now_ms + IKE_KEEPALIVE_S * 1000;
	}
}

void
ike_tick(struct ike *ike, uint64_t now_ms)
{
	ike->now_ms = now_ms;
	ike_sa_foreach(ike->sas, tick_sa, ike);
	ike_init_start_due(ike);
}

void
ike_sa_event(struct ike *ike, const struct ipsec_event *ev, uint64_t now_ms)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, ev->tunnel);

	ike->now_ms = now_ms;
	if (t != NULL && t->sa != NULL && t->sa->state == IKE_ST_ESTABLISHED)
		ike_child_event(ike, t->sa, ev);
}

bool
ike_tunnel_up(void *arg, const char *tunnel)
{
	struct ike_tunnel *t = ike_tunnel_find(arg, tunnel);

	return t != NULL && t->up;
}

unsigned
ike_clear(struct ike *ike, const char *tunnel, uint64_t now_ms)
{
	unsigned n = 0;
	size_t i;

	ike->now_ms = now_ms;
	for (i = 0; i < ike->ntun; i++) {
		struct ike_tunnel *t = &ike->tun[i];

		if (t->sa == NULL || (tunnel != NULL && strcmp(t->cfg.name, tunnel) != 0))
			continue;
		ike_tear_down(ike, t->sa, "cleared by clear crypto sa");
		t->next_try_ms = now_ms;	/* an initiator starts again at once */
		t->backoff_s = 0;
		n++;
	}
	ike_init_start_due(ike);
	return n;
}

struct walk_ctx {
	const struct ike *ike;
	uint64_t	 now_ms;
	bool		 (*fn)(void *, const struct ike_sa_summary *);
	void		*arg;
	bool		 stop;
};

static void
walk_one(void *arg, struct ike_sa *sa)
{
	struct walk_ctx *w = arg;
	struct ike_sa_summary s;

	if (w->stop || sa->state == IKE_ST_DEAD)
		return;
	memset(&s, 0, sizeof(s));
	s.tunnel = sa->tunnel;
	s.spi_i = sa->spi_i;
	s.spi_r = sa->spi_r;
	s.initiator = sa->initiator;
	s.state = ike_state_name(sa->state);
	s.local = sa->local;
	s.peer = sa->peer;
	s.local_port = sa->local_port;
	s.peer_port = sa->peer_port;
	s.nat_local = sa->nat_local;
	s.nat_peer = sa->nat_peer;
	ike_algs_name(&sa->algs, s.algs, sizeof(s.algs));
	s.age_ms = w->now_ms - sa->created_ms;
	s.children = sa->child.installed ? 1 : 0;
	s.rekey_in_ms = sa->rekey_ms > w->now_ms ? sa->rekey_ms - w->now_ms : 0;
	s.last_error = sa->error[0] ? sa->error : NULL;
	w->stop = !w->fn(w->arg, &s);
}

void
ike_walk(const struct ike *ike, uint64_t now_ms,
    bool (*fn)(void *, const struct ike_sa_summary *), void *arg)
{
	struct walk_ctx w = { ike, now_ms, fn, arg, false };

	ike_sa_foreach((struct ike_sa_table *)ike->sas, walk_one, &w);
}

const char *
ike_tunnel_why_down(const struct ike *ike, const char *tunnel)
{
	const struct ike_tunnel *t = find_in(ike->tun, ike->ntun, tunnel);

	if (t == NULL)
		return "incomplete: IKE needs a peer and a pre-shared-key";
	if (t->up)
		return NULL;
	/* a new attempt does not hide why the last one failed */
	if (t->error[0] != '\0')
		return t->error;
	if (t->sa != NULL)
		return "connecting";
	if (t->local == 0)
		return "no route to the peer";
	return ike_tunnel_initiates(t) ? "connecting" :
	    "waiting for the peer to initiate";
}
