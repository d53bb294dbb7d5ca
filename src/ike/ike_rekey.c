/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_rekey - the IKE SA rekey (RFC 7296 §1.3.2, §2.18), both roles: a
 * CREATE_CHILD_SA on the old SA with SA (IKE proposals with the new SPI),
 * Ni and KEi, answered with SA, Nr and KEr; the new SA's keys from the old
 * SA's SK_d and PRF, the new g^ir and nonces (§2.18); the CHILD_SA moves to
 * the new SA (nothing in the engine changes), whose message IDs start at 0;
 * the old SA is deleted by the rekey's initiator. Collisions (§2.8.2,
 * §2.25.2): both exchanges complete, and the one with the lowest nonce
 * loses: its initiator deletes the SA it made.
 */
#include "ike/ike_impl.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ike/ike_bytes.h"
#include "ike/ike_install.h"
#include "ike/ike_proposal.h"
#include "lib/debug.h"
#include "lib/log.h"

uint64_t
ike_rekey_due_ms(const struct ike_tunnel *t, uint64_t now_ms)
{
	return t->cfg.ike_lifetime == 0 ? 0 :
	    now_ms + ike_soft_of((uint64_t)t->cfg.ike_lifetime * 1000);
}

/* The new SA's keys (§2.18) with the old SA's PRF and SK_d, and its SK
 * payload's contexts; 0, or -1 (an invalid KE value, a failure). */
static int
new_keys(const struct ike_sa *old, struct ike_sa *sa, const struct ike_dh_key *dh,
    const struct ike_ke *ke)
{
	uint8_t gir[IKE_DH_SECRET_MAX], spi_i[IKE_SPI_LEN], spi_r[IKE_SPI_LEN];
	size_t len = ike_dh_gir(dh, ke, gir);
	int rc;

	ike_wrn(spi_i, sa->spi_i, sizeof(spi_i));
	ike_wrn(spi_r, sa->spi_r, sizeof(spi_r));
	rc = len == 0 || ike_keys_rekey(&sa->algs, (enum ike_prf)old->algs.prf,
	    old->keys.sk_d, old->keys.d_len, gir, len, sa->ni, sa->ni_len, sa->nr,
	    sa->nr_len, spi_i, spi_r, &sa->keys) != 0 ? -1 : ike_sa_open_sk(sa);
	OPENSSL_cleanse(gir, sizeof(gir));
	return rc;
}

/* A new SA of old's tunnel, where old runs, with algs and nonces; our own
 * SPI spi (0: a fresh one). NULL when the table refuses. */
static struct ike_sa *
new_sa(struct ike *ike, const struct ike_sa *old, bool initiator, uint64_t spi,
    const struct ike_algs *algs, const struct ike_blob *ni, const struct ike_blob *nr)
{
	struct ike_sa *sa = spi != 0 ?
	    ike_sa_new_spi(ike->sas, old->tunnel, initiator, spi, ike->now_ms) :
	    ike_sa_new(ike->sas, old->tunnel, initiator, ike->now_ms);

	if (sa == NULL)
		return NULL;
	sa->local = old->local;
	sa->peer = old->peer;
	sa->local_port = old->local_port;
	sa->peer_port = old->peer_port;
	sa->nat_local = old->nat_local;
	sa->nat_peer = old->nat_peer;
	sa->algs = *algs;
	memcpy(sa->ni, ni->data, ni->len);
	sa->ni_len = (uint16_t)ni->len;
	memcpy(sa->nr, nr->data, nr->len);
	sa->nr_len = (uint16_t)nr->len;
	return sa;
}

/* The CHILD_SA, its rekey plans and its replaced one, from from to to,
 * which serves the tunnel from now; from waits to be deleted. ours: our
 * rekey made to. */
static void
take_over(struct ike *ike, struct ike_sa *from, struct ike_sa *to, bool ours)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, from->tunnel);

	to->child = from->child;
	to->old_child = from->old_child;
	OPENSSL_cleanse(&from->child, sizeof(from->child));
	OPENSSL_cleanse(&from->old_child, sizeof(from->old_child));
	to->established_ms = ike->now_ms;
	from->replaced_ms = ike->now_ms;
	if (t == NULL)
		return;
	to->rekey_ms = ike_rekey_due_ms(t, ike->now_ms);
	if (t->sa == from)
		t->sa = to;
	else	/* the tunnel moved on meanwhile: this one goes in time */
		to->replaced_ms = ike->now_ms;
	log_msg(LOG_INFO, "crypto ipsec tunnel %s: IKE SA rekeyed%s: SPIs %016llx "
	    "%016llx", to->tunnel, ours ? "" : " by the peer",
	    (unsigned long long)to->spi_i, (unsigned long long)to->spi_r);
}

/* The old SA, rekeyed by us: its DELETE (§2.18), and gone once answered. */
static void
delete_old(struct ike *ike, struct ike_sa *sa)
{
	free(sa->req.msg);	/* the window is ours: nothing else goes */
	sa->req.msg = NULL;
	ike_out_informational(ike, sa, true);
	(void)ike_sa_set_state(ike->sas, sa, IKE_ST_DELETING, "rekeyed");
}

/* ---- initiator ---- */

static void
send_request(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t)
{
	struct ike_proposal prop[IKE_PROPOSALS_MAX];
	const struct ike_algs *words;
	struct ike_build b;
	unsigned n;

	words = config_tunnel_ike_proposals(&t->cfg, &n);
	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, false, sa->msgid_out++);
	ike_build_sa(&b, prop, ike_offer_ike(words, n, IKE_SPI_LEN, sa->rekey.spi, prop));
	ike_build_nonce(&b, sa->rekey.ni, sa->rekey.ni_len);
	if (!ike_build_our_ke(&b, sa->rekey.dh)) {
		ike_fail(ike, sa, "cannot make a Diffie-Hellman value");
		return;
	}
	(void)ike_out_send(ike, sa, &b, false);
}

/* A fresh DH key of group and nonce for our request; false on failure. */
static bool
prepare(struct ike_sa *sa, enum ike_dh group)
{
	ike_dh_free(sa->rekey.dh);
	sa->rekey.dh = ike_dh_new(group);
	return sa->rekey.dh != NULL && ike_rekey_nonce(&sa->rekey);
}

static void
start(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t)
{
	uint64_t spi;

	do {
		if (RAND_bytes((uint8_t *)&spi, sizeof(spi)) != 1)
			spi = 0;
	} while (spi == 0 || ike_sa_spi_in_use(ike->sas, spi));
	sa->rekey.kind = IKE_REKEY_IKE;
	sa->rekey.spi = spi;
	if (!prepare(sa, (enum ike_dh)sa->algs.dh)) {
		ike_rekey_failed(ike, sa, "no random numbers or DH key");
		return;
	}
	debug_msg(DEBUG_IKEV2, "tunnel %s: rekeying the IKE SA", sa->tunnel);
	send_request(ike, sa, t);
}

void
ike_rekey_tick(struct ike *ike, struct ike_sa *sa)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);

	if (t == NULL || t->cfg.ike_lifetime == 0)
		return;
	if (ike->now_ms - sa->established_ms >= (uint64_t)t->cfg.ike_lifetime * 1000) {
		ike_tear_down(ike, sa, "its lifetime ended before a rekey succeeded");
		return;
	}
	if (sa->rekey_ms != 0 && ike->now_ms >= sa->rekey_ms && ike_window_free(sa) &&
	    !sa->old_child.installed)
		start(ike, sa, t);
}

/* Whether group is one of the tunnel's ike proposals'. */
static bool
offered_group(const struct ike_tunnel *t, enum ike_dh group)
{
	const struct ike_algs *words;
	unsigned n, k;

	words = config_tunnel_ike_proposals(&t->cfg, &n);
	for (k = 0; k < n; k++)
		if (words[k].dh == group)
			return true;
	return false;
}

/* The answer's proposal, checked against our offer: its index in words,
 * or -1. */
static int
check_answer(const struct ike_sa *sa, const struct ike_child_in *m,
    const struct ike_algs *words, unsigned n)
{
	const struct ike_proposal *p = &m->props.prop[0];
	size_t ix;
	int k;

	if (m->props.n != 1 || p->protocol != IKE_PROTO_IKE ||
	    p->spi_size != IKE_SPI_LEN || p->spi == 0 || !m->has_ke)
		return -1;
	k = ike_choose_ike(&m->props, words, n, &ix);
	return k >= 0 && words[k].dh == ike_dh_group(sa->rekey.dh) ? k : -1;
}

/* The new SA made from the answer; with a collision (§2.8.2), the loser's
 * new SA deleted, the winner's serving. */
static void
rekey_done(struct ike *ike, struct ike_sa *sa, const struct ike_child_in *m,
    const struct ike_algs *algs)
{
	struct ike_blob ni = { sa->rekey.ni, sa->rekey.ni_len };
	struct ike_sa *ns, *theirs;
	bool lost;

	ns = new_sa(ike, sa, true, sa->rekey.spi, algs, &ni, &m->nonce);
	if (ns == NULL) {
		ike_rekey_failed(ike, sa, "no room for another IKE SA");
		return;
	}
	ns->spi_r = m->props.prop[0].spi;
	if (new_keys(sa, ns, sa->rekey.dh, &m->ke) != 0) {
		ike_sa_free(ike->sas, ns);
		ike_rekey_failed(ike, sa, "key exchange failed (the peer's KE value is invalid)");
		return;
	}
	(void)ike_sa_set_state(ike->sas, ns, IKE_ST_ESTABLISHED, "made by a rekey");
	lost = ike_collision_lost(&sa->rekey, m->nonce.data, m->nonce.len);
	theirs = sa->rekey.collided ? ike_sa_find(ike->sas, sa->rekey.theirs_sa, false) :
	    NULL;
	ike_rekey_end(sa);
	if (lost) {
		/* the peer's new SA serves already; the peer deletes the old */
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: IKE SA rekey collision "
		    "lost: the peer's new IKE SA stays, ours is deleted", sa->tunnel);
		ike_tear_down(ike, ns, "deleted: a redundant one (rekey collision lost)");
		return;
	}
	/* won, or no collision: ours serves; the peer deletes its own */
	take_over(ike, theirs != NULL && theirs->child.installed ? theirs : sa, ns, true);
	delete_old(ike, sa);
}

void
ike_rekey_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	const struct ike_algs *words;
	struct ike_child_in m;
	const char *why;
	char name[IKE_NAME_MAX];
	enum ike_dh dh;
	uint16_t err;
	unsigned count;
	int k;

	if (t == NULL) {
		ike_rekey_end(sa);
		return;
	}
	if (ike_asked_group(sa, in, &dh) && offered_group(t, dh) &&
	    dh != ike_dh_group(sa->rekey.dh)) {
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: the peer asks for DH group "
		    "%s: rekeying the IKE SA with it", sa->tunnel, ike_dh_info(dh)->name);
		if (prepare(sa, dh))
			send_request(ike, sa, t);
		else
			ike_rekey_failed(ike, sa, "no random numbers or DH key");
		return;
	}
	if ((err = ike_error_notify(&in->chain)) != 0) {
		ike_rekey_failed(ike, sa, ike_notify_name(err, name, sizeof(name)));
		return;
	}
	if (!ike_child_read(in, &m, &why)) {
		ike_rekey_failed(ike, sa, why);
		return;
	}
	words = config_tunnel_ike_proposals(&t->cfg, &count);
	if ((k = check_answer(sa, &m, words, count)) < 0) {
		ike_rekey_failed(ike, sa, "the peer answered with a proposal not offered");
		return;
	}
	rekey_done(ike, sa, &m, &words[k]);
}

/* ---- responder ---- */

/* Our answer: SA (the chosen proposal with our new SPI), Nr, KEr. */
static int
answer(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    const struct ike_sa *ns, uint8_t num, const struct ike_dh_key *dh)
{
	struct ike_proposal prop;
	struct ike_build b;

	ike_offer_ike(&ns->algs, 1, IKE_SPI_LEN, ns->spi_r, &prop);
	prop.num = num;
	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, true, in->hdr.msgid);
	ike_build_sa(&b, &prop, 1);
	ike_build_nonce(&b, ns->nr, ns->nr_len);
	if (!ike_build_our_ke(&b, dh))
		return -1;
	sa->resp_msgid = in->hdr.msgid;
	return ike_out_send(ike, sa, &b, true);
}

void
ike_rekey_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    const struct ike_child_in *m)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	const struct ike_algs *words;
	const struct ike_proposal *p;
	struct ike_notify syntax = { .type = IKE_N_INVALID_SYNTAX };
	struct ike_notify later = { .type = IKE_N_TEMPORARY_FAILURE };
	struct ike_dh_key *dh = NULL;
	uint8_t nr[IKE_NONCE_LEN];
	struct ike_blob b_nr = { nr, sizeof(nr) };
	struct ike_sa *ns = NULL;
	unsigned count;
	size_t ix;
	int k;

	/* §2.25.2: a CHILD_SA being rekeyed, or this SA replaced already */
	if (t == NULL || t->sa != sa || sa->rekey.kind == IKE_REKEY_CHILD ||
	    sa->old_child.installed) {
		ike_child_refuse(ike, sa, in, &later);
		return;
	}
	words = config_tunnel_ike_proposals(&t->cfg, &count);
	if ((k = ike_choose_ike(&m->props, words, count, &ix)) < 0) {
		struct ike_notify none = { .type = IKE_N_NO_PROPOSAL_CHOSEN };

		ike_child_refuse(ike, sa, in, &none);
		return;
	}
	p = &m->props.prop[ix];
	if (!m->has_ke || p->spi_size != IKE_SPI_LEN || p->spi == 0) {
		ike_child_refuse(ike, sa, in, &syntax);
		return;
	}
	if (m->ke.group != ike_dh_info((enum ike_dh)words[k].dh)->id) {
		ike_child_refuse_ke(ike, sa, in, (enum ike_dh)words[k].dh);
		return;
	}
	if (RAND_bytes(nr, sizeof(nr)) != 1 ||
	    (dh = ike_dh_new((enum ike_dh)words[k].dh)) == NULL ||
	    (ns = new_sa(ike, sa, false, 0, &words[k], &m->nonce, &b_nr)) == NULL) {
		ike_dh_free(dh);
		ike_child_refuse(ike, sa, in, &later);
		return;
	}
	ns->spi_i = p->spi;
	if (new_keys(sa, ns, dh, &m->ke) != 0 || answer(ike, sa, in, ns, p->num, dh) != 0) {
		ike_dh_free(dh);
		ike_sa_free(ike->sas, ns);
		if (sa->state == IKE_ST_ESTABLISHED)
			ike_child_refuse(ike, sa, in, &syntax);
		return;
	}
	ike_dh_free(dh);
	OPENSSL_cleanse(nr, sizeof(nr));
	(void)ike_sa_set_state(ike->sas, ns, IKE_ST_ESTABLISHED, "made by the peer's rekey");
	if (sa->rekey.kind == IKE_REKEY_IKE) {	/* §2.8.2: ours crossed it */
		ike_collision_note(&sa->rekey, ns->ni, ns->ni_len, ns->nr, ns->nr_len);
		sa->rekey.theirs_sa = ns->spi_r;
	}
	/* the CHILD_SA serves on the new SA at once: should the peer delete
	 * this one before our own rekey's answer comes, nothing is lost */
	take_over(ike, sa, ns, false);
}
