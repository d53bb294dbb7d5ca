/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_init - the IKE_SA_INIT exchange (RFC 7296 §1.2), both roles: the
 * proposals, the Diffie-Hellman exchange, the nonces, NAT detection
 * (§2.23), INVALID_KE_PAYLOAD (§1.2) and COOKIE (§2.6) followed, and the
 * keys derived (§2.14). The messages are kept as sent: IKE_AUTH signs them.
 * As responder it holds the half-open limits: cookies demanded above
 * IKE_HALF_OPEN_COOKIE half-open SAs, requests dropped from
 * IKE_HALF_OPEN_MAX on (ike_limits.h), counted for ike_get_stats.
 */
#include "ike/ike_impl.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/ike_natd.h"
#include "ike/ike_bytes.h"
#include "ike/ike_proposal.h"
#include "lib/log.h"
#include "lib/ratelimit.h"

/* Both NAT detection notifies of a message from src:sport to dst:dport. */
static void
add_natd(struct ike_build *b, const struct ike_sa *sa, uint64_t spi_r)
{
	uint8_t h[IKE_NATD_LEN];
	struct ike_notify n = { .data = h, .len = sizeof(h) };

	if (ike_natd_hash(sa->spi_i, spi_r, sa->local, sa->local_port, h) == 0) {
		n.type = IKE_N_NAT_DETECTION_SOURCE_IP;
		ike_build_notify(b, &n);
	}
	if (ike_natd_hash(sa->spi_i, spi_r, sa->peer, sa->peer_port, h) == 0) {
		n.type = IKE_N_NAT_DETECTION_DESTINATION_IP;
		ike_build_notify(b, &n);
	}
}

/* The peer's NAT detection: its source hashes against the address and port
 * the message came from (a NAT in front of it), its destination hash
 * against ours (a NAT in front of us). A peer that sends none does not do
 * NAT-T: nothing is detected. */
static void
check_natd(struct ike_sa *sa, const struct ike_in *in, uint64_t spi_r)
{
	uint8_t src[IKE_NATD_LEN], dst[IKE_NATD_LEN];
	bool any_src = false, src_match = false, dst_match = true;
	size_t i;

	if (ike_natd_hash(sa->spi_i, spi_r, in->pkt->src, in->pkt->sport, src) != 0 ||
	    ike_natd_hash(sa->spi_i, spi_r, in->pkt->dst, in->pkt->dport, dst) != 0)
		return;
	for (i = 0; i < in->chain.n; i++) {
		struct ike_notify n;
		const char *why;

		if (in->chain.pl[i].type != IKE_PL_NOTIFY ||
		    ike_notify_decode(in->chain.pl[i].body, in->chain.pl[i].len,
		    &n, &why) != 0 || n.len != IKE_NATD_LEN)
			continue;
		if (n.type == IKE_N_NAT_DETECTION_SOURCE_IP) {
			any_src = true;
			src_match |= memcmp(n.data, src, IKE_NATD_LEN) == 0;
		} else if (n.type == IKE_N_NAT_DETECTION_DESTINATION_IP)
			dst_match = memcmp(n.data, dst, IKE_NATD_LEN) == 0;
	}
	if (!any_src)
		return;
	sa->nat_peer = !src_match;
	sa->nat_local = !dst_match;
}

/* SKEYSEED and the SK_* keys from g^ir, and the SK payload's contexts. */
static int
make_keys(struct ike_sa *sa, const uint8_t *peer_pub, size_t peer_len)
{
	const struct ike_dh_info *dhi = ike_dh_info((enum ike_dh)sa->algs.dh);
	uint8_t gir[512], spi_i[8], spi_r[8];
	int rc = -1;

	ike_wrn(spi_i, sa->spi_i, 8);
	ike_wrn(spi_r, sa->spi_r, 8);
	if (dhi == NULL || dhi->secret_len > sizeof(gir) ||
	    ike_dh_shared(sa->dh, peer_pub, peer_len, gir, dhi->secret_len) != 0)
		return -1;
	if (ike_keys_derive(&sa->algs, sa->ni, sa->ni_len, sa->nr, sa->nr_len, gir,
	    dhi->secret_len, spi_i, spi_r, &sa->keys) == 0)
		rc = ike_sa_open_sk(sa);
	OPENSSL_cleanse(gir, sizeof(gir));
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	return rc;
}

/* The initiator's request, again after a COOKIE or INVALID_KE_PAYLOAD. */
static void
send_request(struct ike *ike, struct ike_sa *sa, struct ike_tunnel *t)
{
	struct ike_proposal prop[IKE_PROPOSALS_MAX];
	uint8_t pub[IKE_KE_MAX];
	const struct ike_algs *words;
	struct ike_build b;
	struct ike_ke ke;
	unsigned n;

	words = config_tunnel_ike_proposals(&t->cfg, &n);
	ke.group = ike_dh_info((enum ike_dh)sa->algs.dh)->id;
	ke.len = ike_dh_info((enum ike_dh)sa->algs.dh)->public_len;
	ke.data = pub;
	if (ike_dh_public(sa->dh, pub, ke.len) != 0) {
		ike_fail(ike, sa, "cannot make a Diffie-Hellman value");
		return;
	}
	ike_out_begin(ike, sa, &b, IKE_EXCH_IKE_SA_INIT, false, 0);
	if (sa->cookie_len > 0) {	/* §2.6: the cookie comes first */
		struct ike_notify c = { .type = IKE_N_COOKIE, .data = sa->cookie,
		    .len = sa->cookie_len };

		ike_build_notify(&b, &c);
	}
	ike_build_sa(&b, prop, ike_offer_ike(words, n, 0, 0, prop));
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, sa->ni, sa->ni_len);
	add_natd(&b, sa, 0);
	sa->msgid_out = 1;
	if (ike_out_send(ike, sa, &b, false) == 0)
		ike_keep_msg(&sa->init_i, &sa->init_i_len, sa->req.msg, sa->req.len);
}

/* A fresh key pair of group dh for sa; false if OpenSSL fails. */
static bool
new_dh(struct ike_sa *sa, enum ike_dh dh)
{
	ike_dh_free(sa->dh);
	sa->algs.dh = (uint8_t)dh;
	sa->dh = ike_dh_new(dh);
	return sa->dh != NULL;
}

void
ike_init_start(struct ike *ike, struct ike_tunnel *t)
{
	const struct ike_algs *words;
	struct ike_sa *sa;
	unsigned n;

	sa = ike_sa_new(ike->sas, t->cfg.name, true, ike->now_ms);
	if (sa == NULL) {
		snprintf(t->error, sizeof(t->error), "too many IKE SAs");
		return;
	}
	t->sa = sa;
	sa->local = t->local;
	sa->peer = t->cfg.peer;
	sa->local_port = sa->peer_port = 500;
	words = config_tunnel_ike_proposals(&t->cfg, &n);
	sa->algs = words[0];
	sa->ni_len = IKE_NONCE_LEN;
	(void)ike_sa_set_state(ike->sas, sa, IKE_ST_INIT_SENT, "initiating");
	if (!new_dh(sa, (enum ike_dh)words[0].dh) ||
	    RAND_bytes(sa->ni, sa->ni_len) != 1) {
		ike_fail(ike, sa, "no random numbers or DH key");
		return;
	}
	send_request(ike, sa, t);
}

/* Whether an SA of ours awaits the first answer to its request: it holds
 * a slot of IKE_INITIATE_BURST. */
static bool
awaiting(const struct ike_sa *sa)
{
	return sa != NULL && sa->initiator && (sa->state == IKE_ST_INIT_SENT ||
	    sa->state == IKE_ST_AUTH_SENT) && sa->req.msg != NULL && sa->req.tries <= 1;
}

void
ike_init_start_due(struct ike *ike)
{
	unsigned busy = 0;
	size_t i;

	if (ike->starting)
		return;
	ike->starting = true;
	for (i = 0; i < ike->ntun; i++)
		busy += awaiting(ike->tun[i].sa);
	for (i = 0; i < ike->ntun && busy < IKE_INITIATE_BURST; i++) {
		struct ike_tunnel *t = &ike->tun[i];

		if (t->sa == NULL && ike_tunnel_initiates(t) &&
		    ike->now_ms >= t->next_try_ms && t->local != 0) {
			ike_init_start(ike, t);
			busy += awaiting(t->sa);
		}
	}
	ike->starting = false;
}

/* The group of an INVALID_KE_PAYLOAD's data, if it is one we offer. */
static bool
offered_group(const struct ike_tunnel *t, const struct ike_notify *n, enum ike_dh *dh)
{
	const struct ike_algs *words;
	unsigned k, count;

	if (n->len != 2 || ike_dh_from_id((uint16_t)(n->data[0] << 8 | n->data[1]), dh) != 0)
		return false;
	words = config_tunnel_ike_proposals(&t->cfg, &count);
	for (k = 0; k < count; k++)
		if (words[k].dh == *dh)
			return true;
	return false;
}

/* Whether a NAT-T float to port 4500 is due after IKE_SA_INIT. */
static bool
floats(const struct ike_sa *sa, const struct ike_tunnel *t)
{
	if (t->cfg.natt == NATT_OFF)
		return false;
	return t->cfg.natt == NATT_FORCE || sa->nat_local || sa->nat_peer;
}

void
ike_init_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	const struct ike_payload *p_sa, *p_ke, *p_no;
	const struct ike_algs *words;
	struct ike_notify n;
	struct ike_sa_pl peer_sa;
	struct ike_ke ke;
	struct ike_blob nonce;
	const char *why = NULL;
	char name[IKE_NAME_MAX];
	enum ike_dh dh;
	uint16_t err;
	size_t ix;
	unsigned count;
	int k;

	if (t == NULL || sa->state != IKE_ST_INIT_SENT || in->hdr.msgid != 0)
		return;
	if (ike_find_notify(&in->chain, IKE_N_COOKIE, &n)) {
		if (n.len < IKE_COOKIE_MIN || n.len > IKE_COOKIE_MAX || sa->cookie_len > 0) {
			ike_fail(ike, sa, "the peer demands a cookie again");
			return;
		}
		memcpy(sa->cookie, n.data, n.len);
		sa->cookie_len = (uint8_t)n.len;
		send_request(ike, sa, t);
		return;
	}
	if (ike_find_notify(&in->chain, IKE_N_INVALID_KE_PAYLOAD, &n)) {
		if (!offered_group(t, &n, &dh) || dh == sa->algs.dh) {
			ike_fail(ike, sa, "INVALID_KE_PAYLOAD: the peer wants a "
			    "group not offered");
			return;
		}
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: the peer asks for DH "
		    "group %s: initiating again with it", sa->tunnel,
		    ike_dh_info(dh)->name);
		if (!new_dh(sa, dh)) {
			ike_fail(ike, sa, "cannot make a Diffie-Hellman value");
			return;
		}
		send_request(ike, sa, t);
		return;
	}
	if ((err = ike_error_notify(&in->chain)) != 0) {
		char ours[256] = "";

		words = config_tunnel_ike_proposals(&t->cfg, &count);
		if (err == IKE_N_NO_PROPOSAL_CHOSEN)
			ike_words_text(words, count, ours, sizeof(ours));
		ike_fail(ike, sa, "the peer refused IKE_SA_INIT: %s%s%.100s%s",
		    ike_notify_name(err, name, sizeof(name)), ours[0] ?
		    " (no IKE proposal in common; the tunnel offers " : "", ours,
		    ours[0] ? ")" : "");
		return;
	}
	p_sa = ike_chain_find(&in->chain, IKE_PL_SA);
	p_ke = ike_chain_find(&in->chain, IKE_PL_KE);
	p_no = ike_chain_find(&in->chain, IKE_PL_NONCE);
	if (p_sa == NULL || p_ke == NULL || p_no == NULL || in->hdr.spi_r == 0) {
		ike_fail(ike, sa, "IKE_SA_INIT response without SA, KE or Nonce");
		return;
	}
	if (ike_sa_decode(p_sa->body, p_sa->len, &peer_sa, &why) != 0 ||
	    ike_ke_decode(p_ke->body, p_ke->len, &ke, &why) != 0 ||
	    ike_nonce_decode(p_no->body, p_no->len, &nonce, &why) != 0) {
		ike_fail(ike, sa, "malformed IKE_SA_INIT response: %s", why);
		return;
	}
	words = config_tunnel_ike_proposals(&t->cfg, &count);
	k = peer_sa.n == 1 ? ike_choose_ike(&peer_sa, words, count, &ix) : -1;
	if (k < 0 || words[k].dh != sa->algs.dh ||
	    ke.group != ike_dh_info((enum ike_dh)sa->algs.dh)->id) {
		ike_fail(ike, sa, "the peer chose a proposal or group not offered");
		return;
	}
	sa->algs = words[k];
	sa->spi_r = in->hdr.spi_r;
	memcpy(sa->nr, nonce.data, nonce.len);
	sa->nr_len = (uint16_t)nonce.len;
	check_natd(sa, in, sa->spi_r);
	if (make_keys(sa, ke.data, ke.len) != 0) {
		ike_fail(ike, sa, "key exchange failed (the peer's KE value is invalid)");
		return;
	}
	ike_keep_msg(&sa->init_r, &sa->init_r_len, in->raw, in->raw_len);
	free(sa->req.msg);
	sa->req.msg = NULL;
	if (floats(sa, t))
		sa->local_port = sa->peer_port = 4500;
	ike_auth_start(ike, sa);
}

/* The responder's answer to an acceptable request. */
static void
respond(struct ike *ike, struct ike_sa *sa, const struct ike_algs *chosen,
    uint8_t num, const struct ike_ke *peer_ke)
{
	struct ike_proposal prop;
	uint8_t pub[IKE_KE_MAX];
	struct ike_build b;
	struct ike_ke ke;

	ike_offer_ike(chosen, 1, 0, 0, &prop);
	prop.num = num;
	ke.group = peer_ke->group;
	ke.len = ike_dh_info((enum ike_dh)chosen->dh)->public_len;
	ke.data = pub;
	if (ike_dh_public(sa->dh, pub, ke.len) != 0 ||
	    make_keys(sa, peer_ke->data, peer_ke->len) != 0) {
		ike_fail(ike, sa, "key exchange failed (the peer's KE value is invalid)");
		return;
	}
	/* the keys exist, but IKE_SA_INIT itself goes in clear */
	ike_out_begin(ike, sa, &b, IKE_EXCH_IKE_SA_INIT, true, 0);
	ike_build_sa(&b, &prop, 1);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, sa->nr, sa->nr_len);
	add_natd(&b, sa, sa->spi_r);
	if (ike_out_send(ike, sa, &b, true) == 0)
		ike_keep_msg(&sa->init_r, &sa->init_r_len, sa->resp, sa->resp_len);
	sa->resp_msgid = 0;
	sa->msgid_in = 1;
}

/* Whether the half-open limits (§2.6, ike_limits.h) let a request in:
 * below IKE_HALF_OPEN_COOKIE any; then one whose COOKIE verifies, any
 * other answered with a fresh cookie alone (no state kept); from
 * IKE_HALF_OPEN_MAX on none, dropped and counted. */
static bool
admitted(struct ike *ike, const struct ike_in *in, const struct ike_blob *ni)
{
	const struct ike_packet *pkt = in->pkt;
	unsigned half = ike_sa_half_open(ike->sas);
	uint8_t cookie[IKE_COOKIE_LEN];
	struct ike_notify n;
	bool in_ok = false;

	if (half < IKE_HALF_OPEN_COOKIE)
		return true;
	if (half < IKE_HALF_OPEN_MAX) {
		in_ok = ike_find_notify(&in->chain, IKE_N_COOKIE, &n) &&
		    ike_cookie_check(&ike->cookies, ike->now_ms, ni->data, ni->len,
		    pkt->src, in->hdr.spi_i, n.data, n.len);
		if (in_ok)
			ike->stats.cookies_accepted++;
		else if (ike_cookie_make(&ike->cookies, ike->now_ms, ni->data, ni->len,
		    pkt->src, in->hdr.spi_i, cookie) == 0) {
			ike_out_notify_plain(ike, pkt, &in->hdr, IKE_N_COOKIE, cookie,
			    sizeof(cookie));
			ike->stats.cookies_sent++;
		}
	} else
		ike->stats.half_open_dropped++;
	if (!in_ok && (ike->busy_log_ms == 0 ||
	    ike->now_ms - ike->busy_log_ms >= IKE_BUSY_LOG_MS)) {
		ike->busy_log_ms = ike->now_ms;
		log_msg(LOG_NOTICE, "%u IKE SAs half-open: IKE_SA_INIT requests must "
		    "return a cookie (%llu sent so far), none are taken from %u on "
		    "(%llu dropped so far)", half,
		    (unsigned long long)ike->stats.cookies_sent, IKE_HALF_OPEN_MAX,
		    (unsigned long long)ike->stats.half_open_dropped);
	}
	return in_ok;
}

void
ike_init_request(struct ike *ike, const struct ike_in *in)
{
	static struct ratelimit unknown_peer = RATELIMIT_FULL(1, 5);
	const struct ike_packet *pkt = in->pkt;
	const struct ike_payload *p_sa, *p_ke, *p_no;
	const struct ike_algs *words;
	struct ike_sa_pl peer_sa;
	struct ike_tunnel *t;
	struct ike_sa *sa;
	struct ike_ke ke;
	struct ike_blob nonce;
	const char *why = NULL;
	char list[256], ours[256];
	size_t ix;
	unsigned count;
	int k;

	if (in->hdr.spi_r != 0 || in->hdr.msgid != 0)
		return;
	if ((sa = ike_sa_find_half(ike->sas, in->hdr.spi_i, pkt->src)) != NULL) {
		if (sa->state == IKE_ST_INIT_DONE)
			ike_out_resend_response(ike, sa);
		return;
	}
	/* the tunnel whose proposals answer; IKE_AUTH may move the SA to
	 * another tunnel of the same peer, by identity (ike_auth.c) */
	if ((t = ike_tunnel_by_peer(ike, pkt->src)) == NULL) {
		if (ratelimit_allow(&unknown_peer, ike->now_ms))
			log_msg(LOG_INFO, "IKE_SA_INIT from %u.%u.%u.%u, which is no "
			    "tunnel's peer: ignored", pkt->src >> 24,
			    (pkt->src >> 16) & 255, (pkt->src >> 8) & 255, pkt->src & 255);
		return;
	}
	p_sa = ike_chain_find(&in->chain, IKE_PL_SA);
	p_ke = ike_chain_find(&in->chain, IKE_PL_KE);
	p_no = ike_chain_find(&in->chain, IKE_PL_NONCE);
	if (p_sa == NULL || p_ke == NULL || p_no == NULL ||
	    ike_nonce_decode(p_no->body, p_no->len, &nonce, &why) != 0) {
		ike_out_notify_plain(ike, pkt, &in->hdr, IKE_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	if (!admitted(ike, in, &nonce))
		return;
	if (ike_sa_decode(p_sa->body, p_sa->len, &peer_sa, &why) != 0 ||
	    ike_ke_decode(p_ke->body, p_ke->len, &ke, &why) != 0) {
		ike_out_notify_plain(ike, pkt, &in->hdr, IKE_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	words = config_tunnel_ike_proposals(&t->cfg, &count);
	if ((k = ike_choose_ike(&peer_sa, words, count, &ix)) < 0) {
		ike_proposals_text(&peer_sa, list, sizeof(list));
		ike_words_text(words, count, ours, sizeof(ours));
		snprintf(t->error, sizeof(t->error), "NO_PROPOSAL_CHOSEN: the peer "
		    "offered %.100s", list);
		log_msg(LOG_WARNING, "crypto ipsec tunnel %s: NO_PROPOSAL_CHOSEN: no "
		    "IKE proposal in common: the peer offered %s; the tunnel "
		    "offers %s", t->cfg.name, list, ours);
		ike_out_notify_plain(ike, pkt, &in->hdr, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	if (ke.group != ike_dh_info((enum ike_dh)words[k].dh)->id) {
		uint16_t id = ike_dh_info((enum ike_dh)words[k].dh)->id;
		uint8_t group[2] = { (uint8_t)(id >> 8), (uint8_t)id };

		ike_out_notify_plain(ike, pkt, &in->hdr, IKE_N_INVALID_KE_PAYLOAD,
		    group, sizeof(group));
		return;
	}
	if ((sa = ike_sa_new(ike->sas, t->cfg.name, false, ike->now_ms)) == NULL)
		return;
	sa->spi_i = in->hdr.spi_i;
	sa->local = pkt->dst;
	sa->peer = pkt->src;
	sa->local_port = pkt->dport;
	sa->peer_port = pkt->sport;
	sa->algs = words[k];
	memcpy(sa->ni, nonce.data, nonce.len);
	sa->ni_len = (uint16_t)nonce.len;
	sa->nr_len = IKE_NONCE_LEN;
	(void)ike_sa_set_state(ike->sas, sa, IKE_ST_INIT_DONE, "IKE_SA_INIT answered");
	ike_keep_msg(&sa->init_i, &sa->init_i_len, in->raw, in->raw_len);
	check_natd(sa, in, 0);
	if ((sa->dh = ike_dh_new((enum ike_dh)sa->algs.dh)) == NULL ||
	    RAND_bytes(sa->nr, sa->nr_len) != 1) {
		ike_fail(ike, sa, "no random numbers or DH key");
		return;
	}
	respond(ike, sa, &words[k], peer_sa.prop[ix].num, &ke);
}

void
ike_get_stats(const struct ike *ike, struct ike_stats *out)
{
	*out = ike->stats;
	out->sas = ike_sa_count(ike->sas);
	out->half_open = ike_sa_half_open(ike->sas);
	out->cookie_threshold = IKE_HALF_OPEN_COOKIE;
	out->half_open_max = IKE_HALF_OPEN_MAX;
}
