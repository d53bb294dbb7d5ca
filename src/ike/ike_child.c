/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_child - the CREATE_CHILD_SA exchange (RFC 7296 §1.3), both roles.
 * Requests are sorted: an IKE SA rekey goes on to ike_rekey.c, a CHILD_SA
 * rekey (§1.3.3) is served here, a new CHILD_SA is refused with
 * NO_ADDITIONAL_SAS (vgw keeps one per tunnel). A CHILD_SA rekey (§2.8):
 * the new pair's KEYMAT from SK_d, [g^ir,] Ni and Nr (§2.17); its
 * initiator installs both SAs at once and deletes the old CHILD_SA; its
 * responder installs the inbound SA and sends on the new outbound one only
 * once the peer deleted the old CHILD_SA (the peer could not read it
 * before our answer reached it). Collisions (§2.8.1, §2.25.1): both
 * exchanges complete, and the one with the lowest nonce loses.
 */
#include "ike/ike_impl.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ike/ike_install.h"
#include "ike/ike_proposal.h"
#include "ike/ike_ts.h"
#include "lib/debug.h"
#include "lib/log.h"

#define KEYMAT_MAX	(4 * ESP_KEY_MAX)	/* both directions' keys */

/* ---- shared with ike_rekey.c ---- */

int
ike_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

void
ike_collision_note(struct ike_rekey *r, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len)
{
	bool i_lower = ike_nonce_cmp(ni, ni_len, nr, nr_len) < 0;

	memcpy(r->theirs_low, i_lower ? ni : nr, i_lower ? ni_len : nr_len);
	r->theirs_low_len = (uint16_t)(i_lower ? ni_len : nr_len);
	r->collided = true;
}

bool
ike_collision_lost(const struct ike_rekey *r, const uint8_t *nr, size_t nr_len)
{
	const uint8_t *low = r->ni;
	size_t low_len = r->ni_len;

	if (!r->collided)
		return false;
	if (ike_nonce_cmp(nr, nr_len, low, low_len) < 0) {
		low = nr;
		low_len = nr_len;
	}
	return ike_nonce_cmp(low, low_len, r->theirs_low, r->theirs_low_len) < 0;
}

bool
ike_child_read(const struct ike_in *in, struct ike_child_in *m, const char **why)
{
	const struct ike_payload *p_sa = ike_chain_find(&in->chain, IKE_PL_SA);
	const struct ike_payload *p_no = ike_chain_find(&in->chain, IKE_PL_NONCE);
	const struct ike_payload *p_ke = ike_chain_find(&in->chain, IKE_PL_KE);
	const struct ike_payload *p_tsi = ike_chain_find(&in->chain, IKE_PL_TSI);
	const struct ike_payload *p_tsr = ike_chain_find(&in->chain, IKE_PL_TSR);

	memset(m, 0, sizeof(*m));
	*why = "no SA or Nonce payload";
	if (p_sa == NULL || p_no == NULL ||
	    ike_sa_decode(p_sa->body, p_sa->len, &m->props, why) != 0 ||
	    ike_nonce_decode(p_no->body, p_no->len, &m->nonce, why) != 0)
		return false;
	m->has_ke = p_ke != NULL;
	if (m->has_ke && ike_ke_decode(p_ke->body, p_ke->len, &m->ke, why) != 0)
		return false;
	m->has_ts = p_tsi != NULL || p_tsr != NULL;
	*why = "a TSi without a TSr, or the other way";
	return !m->has_ts || (p_tsi != NULL && p_tsr != NULL &&
	    ike_ts_decode(p_tsi->body, p_tsi->len, &m->ts_i, why) == 0 &&
	    ike_ts_decode(p_tsr->body, p_tsr->len, &m->ts_r, why) == 0);
}

void
ike_child_refuse(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    const struct ike_notify *n)
{
	struct ike_build b;

	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, true, in->hdr.msgid);
	ike_build_notify(&b, n);
	sa->resp_msgid = in->hdr.msgid;
	(void)ike_out_send(ike, sa, &b, true);
}

static void
refuse(struct ike *ike, struct ike_sa *sa, const struct ike_in *in, uint16_t type)
{
	struct ike_notify n = { .type = type };

	ike_child_refuse(ike, sa, in, &n);
}

void
ike_child_refuse_ke(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    enum ike_dh group)
{
	uint16_t id = ike_dh_info(group)->id;
	uint8_t data[2] = { (uint8_t)(id >> 8), (uint8_t)id };
	struct ike_notify n = { .type = IKE_N_INVALID_KE_PAYLOAD, .data = data,
	    .len = sizeof(data) };

	ike_child_refuse(ike, sa, in, &n);
}

bool
ike_asked_group(struct ike_sa *sa, const struct ike_in *in, enum ike_dh *group)
{
	struct ike_notify n;

	/* once: a peer that asks again is refused, not followed round */
	if (sa->rekey.group_asked ||
	    !ike_find_notify(&in->chain, IKE_N_INVALID_KE_PAYLOAD, &n) || n.len != 2 ||
	    ike_dh_from_id((uint16_t)(n.data[0] << 8 | n.data[1]), group) != 0 ||
	    *group == IKE_DH_NONE)
		return false;
	sa->rekey.group_asked = true;
	return true;
}

bool
ike_build_our_ke(struct ike_build *b, const struct ike_dh_key *dh)
{
	const struct ike_dh_info *info = ike_dh_info(ike_dh_group(dh));
	uint8_t pub[IKE_DH_PUBLIC_MAX];
	struct ike_ke ke = { .group = info->id, .data = pub, .len = info->public_len };

	if (ike_dh_public(dh, pub, ke.len) != 0)
		return false;
	ike_build_ke(b, &ke);
	return true;
}

size_t
ike_dh_gir(const struct ike_dh_key *dh, const struct ike_ke *ke, uint8_t *gir)
{
	const struct ike_dh_info *info = ike_dh_info(ike_dh_group(dh));

	if (ke->group != info->id ||
	    ike_dh_shared(dh, ke->data, ke->len, gir, info->secret_len) != 0)
		return 0;
	return info->secret_len;
}

bool
ike_rekey_nonce(struct ike_rekey *r)
{
	r->ni_len = IKE_NONCE_LEN;
	return RAND_bytes(r->ni, r->ni_len) == 1;
}

void
ike_rekey_end(struct ike_sa *sa)
{
	ike_dh_free(sa->rekey.dh);
	OPENSSL_cleanse(&sa->rekey, sizeof(sa->rekey));
	OPENSSL_cleanse(&sa->rekey_child, sizeof(sa->rekey_child));
}

/* When a refused or failed rekey is tried again (§2.25: not at once). */
static uint64_t
retry_ms(uint64_t now_ms)
{
	uint32_t r = 0;

	(void)RAND_bytes((uint8_t *)&r, sizeof(r));
	return now_ms + IKE_REKEY_RETRY_S * 1000u + r % (IKE_REKEY_SPREAD_S * 1000u);
}

void
ike_rekey_failed(struct ike *ike, struct ike_sa *sa, const char *why)
{
	bool child = sa->rekey.kind == IKE_REKEY_CHILD, collided = sa->rekey.collided;

	log_msg(LOG_WARNING, "crypto ipsec tunnel %s: %s rekey failed: %s%s",
	    sa->tunnel, child ? "CHILD_SA" : "IKE SA", why,
	    collided ? " (the peer's rekey made one)" : "");
	ike_rekey_end(sa);
	if (collided)
		return;
	if (child)
		sa->child.rekey_ms = retry_ms(ike->now_ms);
	else
		sa->rekey_ms = retry_ms(ike->now_ms);
}

bool
ike_window_free(const struct ike_sa *sa)
{
	return sa->req.msg == NULL && sa->rekey.kind == IKE_REKEY_NONE;
}

/* ---- the CHILD_SA rekey ---- */

/* KEYMAT of a new CHILD_SA (§2.17): ni the exchange's initiator's nonce. */
static bool
keymat_of(const struct ike_sa *sa, const struct ike_child *c, const uint8_t *gir,
    size_t gir_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    uint8_t *keymat, size_t *len)
{
	*len = ike_child_keymat_len(&c->algs);
	return *len <= KEYMAT_MAX && ike_child_keymat((enum ike_prf)sa->algs.prf,
	    sa->keys.sk_d, sa->keys.d_len, gir_len ? gir : NULL, gir_len, ni, ni_len,
	    nr, nr_len, keymat, *len) == 0;
}

/* Sends the INFORMATIONAL request that deletes our ESP SA spi (and the
 * peer's of its pair). */
static void
send_delete(struct ike *ike, struct ike_sa *sa, uint32_t spi)
{
	struct ike_build b;

	ike_out_begin(ike, sa, &b, IKE_EXCH_INFORMATIONAL, false, sa->msgid_out++);
	ike_build_delete(&b, IKE_PROTO_ESP, &spi, 1);
	(void)ike_out_send(ike, sa, &b, false);
}

/* The replaced CHILD_SA is done with: the new one's outbound SA, if held
 * back, goes in (replacing the old outbound SA); the old inbound SA leaves
 * the engine at the end of its grace period (sadb). */
static void
forget_old(struct ike *ike, struct ike_sa *sa)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	struct strbuf err = STRBUF_INIT;

	if (sa->child.out_pending && t != NULL &&
	    ike_install_out(&ike->env, sa, &sa->child, &t->cfg, ike->now_ms, &err) != 0)
		log_msg(LOG_ERR, "crypto ipsec tunnel %s: the new outbound SA cannot "
		    "be installed: %s", sa->tunnel, strbuf_str(&err));
	strbuf_free(&err);
	OPENSSL_cleanse(&sa->old_child, sizeof(sa->old_child));
}

/* The DH group our rekey's KE is for: the CHILD_SA's own, else the first
 * esp proposal's that has one; NONE without PFS. */
static enum ike_dh
pfs_group(const struct ike_sa *sa, const struct esp_algs *esp, size_t n)
{
	size_t k;

	if (sa->child.algs.dh != IKE_DH_NONE)
		return (enum ike_dh)sa->child.algs.dh;
	for (k = 0; k < n; k++)
		if (esp[k].dh != IKE_DH_NONE)
			return (enum ike_dh)esp[k].dh;
	return IKE_DH_NONE;
}

/* Whether group is one of the tunnel's esp proposals'. */
static bool
offered_group(const struct esp_algs *esp, size_t n, enum ike_dh group)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (esp[k].dh == group && group != IKE_DH_NONE)
			return true;
	return false;
}

/* Our request (§1.3.3): N(REKEY_SA), SA, Ni, [KEi], TSi, TSr. */
static void
send_rekey(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t)
{
	struct ike_proposal prop[IKE_PROPOSALS_MAX];
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	const struct ike_child *c = &sa->rekey_child;
	struct ike_notify rekey = { .protocol = IKE_PROTO_ESP, .spi_size = 4,
	    .spi = sa->child.spi_in, .type = IKE_N_REKEY_SA };
	struct ike_build b;
	size_t n = config_tunnel_esp_proposals(&t->cfg, esp);

	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, false, sa->msgid_out++);
	ike_build_notify(&b, &rekey);
	ike_build_sa(&b, prop, ike_offer_esp(esp, n, t->cfg.esn, true, c->spi_in, prop));
	ike_build_nonce(&b, sa->rekey.ni, sa->rekey.ni_len);
	if (sa->rekey.dh != NULL && !ike_build_our_ke(&b, sa->rekey.dh)) {
		ike_fail(ike, sa, "cannot make a Diffie-Hellman value");
		return;
	}
	ike_build_ts(&b, IKE_PL_TSI, c->ts_local, c->nts_local);
	ike_build_ts(&b, IKE_PL_TSR, c->ts_remote, c->nts_remote);
	(void)ike_out_send(ike, sa, &b, false);
}

/* A fresh DH key of group for our exchange (none for NONE). */
static bool
rekey_dh(struct ike_sa *sa, enum ike_dh group)
{
	ike_dh_free(sa->rekey.dh);
	sa->rekey.dh = NULL;
	return group == IKE_DH_NONE || (sa->rekey.dh = ike_dh_new(group)) != NULL;
}

static void
rekey_start(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t)
{
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	struct ike_child *c = &sa->rekey_child;
	size_t n = config_tunnel_esp_proposals(&t->cfg, esp);

	memset(c, 0, sizeof(*c));
	c->spi_in = ike_new_child_spi(ike);
	/* the same selectors (§2.8: a rekey SHOULD NOT change them) */
	c->nts_local = sa->child.nts_local;
	c->nts_remote = sa->child.nts_remote;
	memcpy(c->ts_local, sa->child.ts_local, sizeof(c->ts_local));
	memcpy(c->ts_remote, sa->child.ts_remote, sizeof(c->ts_remote));
	sa->rekey.kind = IKE_REKEY_CHILD;
	if (!ike_rekey_nonce(&sa->rekey) || !rekey_dh(sa, pfs_group(sa, esp, n))) {
		ike_rekey_failed(ike, sa, "no random numbers or DH key");
		return;
	}
	debug_msg(DEBUG_IKEV2, "tunnel %s: rekeying the CHILD_SA 0x%08x", sa->tunnel,
	    sa->child.spi_in);
	send_rekey(ike, sa, t);
}

/* The response's CHILD_SA, checked against what we offered: 0 and the new
 * CHILD_SA's algorithms, SPI and selectors in c, or why not. */
static const char *
check_answer(const struct ike_sa *sa, const struct ike_tunnel *t,
    const struct ike_child_in *m, struct ike_child *c)
{
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	size_t n = config_tunnel_esp_proposals(&t->cfg, esp), ix;
	int k;

	k = m->props.n == 1 ? ike_choose_esp(&m->props, esp, n, t->cfg.esn, true, &ix,
	    &c->esn) : -1;
	if (k < 0 || !m->has_ts)
		return "a proposal not offered, or no selectors";
	if (esp[k].dh != IKE_DH_NONE && (sa->rekey.dh == NULL || !m->has_ke ||
	    ike_dh_group(sa->rekey.dh) != esp[k].dh))
		return "a DH group without our KE";
	if (!ike_ts_within(m->ts_i.ts, (unsigned)m->ts_i.n, c->ts_local, c->nts_local) ||
	    !ike_ts_within(m->ts_r.ts, (unsigned)m->ts_r.n, c->ts_remote, c->nts_remote))
		return "traffic selectors not offered";
	c->algs = esp[k];
	c->spi_out = (uint32_t)m->props.prop[0].spi;
	c->nts_local = (uint8_t)m->ts_i.n;
	memcpy(c->ts_local, m->ts_i.ts, sizeof(c->ts_local));
	c->nts_remote = (uint8_t)m->ts_r.n;
	memcpy(c->ts_remote, m->ts_r.ts, sizeof(c->ts_remote));
	return NULL;
}

/* The response made the new CHILD_SA: installed both ways, and the old one
 * deleted by us, the rekey's initiator; or, when the peer's colliding
 * rekey won, deleted again at once. */
static void
rekey_done(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t,
    const struct ike_child_in *m)
{
	uint8_t gir[IKE_DH_SECRET_MAX], keymat[KEYMAT_MAX];
	struct ike_child c = sa->rekey_child;
	struct strbuf err = STRBUF_INIT;
	const char *why;
	size_t gir_len = 0, len;
	bool ok;

	if ((why = check_answer(sa, t, m, &c)) != NULL) {
		/* the peer may have installed what it answered: take it back */
		send_delete(ike, sa, c.spi_in);
		ike_rekey_failed(ike, sa, why);
		return;
	}
	if (c.algs.dh != IKE_DH_NONE &&
	    (gir_len = ike_dh_gir(sa->rekey.dh, &m->ke, gir)) == 0) {
		send_delete(ike, sa, c.spi_in);
		ike_rekey_failed(ike, sa, "the peer's KE value is invalid");
		return;
	}
	if (ike_collision_lost(&sa->rekey, m->nonce.data, m->nonce.len)) {
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: CHILD_SA rekey collision "
		    "lost: the peer's new CHILD_SA stays, ours is deleted", sa->tunnel);
		OPENSSL_cleanse(gir, sizeof(gir));
		ike_rekey_end(sa);
		send_delete(ike, sa, c.spi_in);
		return;
	}
	ok = keymat_of(sa, &c, gir, gir_len, sa->rekey.ni, sa->rekey.ni_len,
	    m->nonce.data, m->nonce.len, keymat, &len) &&
	    ike_install_rekeyed(&ike->env, sa, &c, &t->cfg, keymat, len, true, true,
	    ike->now_ms, &err) == 0;
	OPENSSL_cleanse(gir, sizeof(gir));
	OPENSSL_cleanse(keymat, sizeof(keymat));
	if (!ok) {
		send_delete(ike, sa, c.spi_in);
		ike_rekey_failed(ike, sa, strbuf_str(&err));
		strbuf_free(&err);
		return;
	}
	strbuf_free(&err);
	/* the CHILD_SA to delete: the one we rekeyed; a collision won leaves
	 * the peer's (outbound held back) to the peer, which deletes it */
	if (!sa->child.out_pending) {
		sa->old_child = sa->child;
		sa->old_child.replaced_ms = ike->now_ms;
	}
	sa->old_child.deleting = true;
	c.installed = true;
	c.installed_ms = ike->now_ms;
	c.rekey_ms = 0;
	OPENSSL_cleanse(&sa->child, sizeof(sa->child));
	sa->child = c;
	OPENSSL_cleanse(&c, sizeof(c));
	ike_rekey_end(sa);
	log_msg(LOG_INFO, "crypto ipsec tunnel %s: CHILD_SA rekeyed: SPIs 0x%08x "
	    "in, 0x%08x out", sa->tunnel, sa->child.spi_in, sa->child.spi_out);
	send_delete(ike, sa, sa->old_child.spi_in);
}

static void
rekey_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	struct ike_child_in m;
	const char *why;
	char name[IKE_NAME_MAX];
	enum ike_dh dh;
	uint16_t err;
	size_t n_esp;

	if (t == NULL) {
		ike_rekey_end(sa);
		return;
	}
	n_esp = config_tunnel_esp_proposals(&t->cfg, esp);
	if (ike_asked_group(sa, in, &dh) && offered_group(esp, n_esp, dh) &&
	    (sa->rekey.dh == NULL || ike_dh_group(sa->rekey.dh) != dh)) {
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: the peer asks for DH group "
		    "%s: rekeying the CHILD_SA with it", sa->tunnel, ike_dh_info(dh)->name);
		if (rekey_dh(sa, dh) && ike_rekey_nonce(&sa->rekey))
			send_rekey(ike, sa, t);
		else
			ike_rekey_failed(ike, sa, "no random numbers or DH key");
		return;
	}
	if ((err = ike_error_notify(&in->chain)) == IKE_N_CHILD_SA_NOT_FOUND) {
		ike_rekey_end(sa);
		ike_tear_down(ike, sa, "the peer has no such CHILD_SA (CHILD_SA_NOT_FOUND)");
		return;
	}
	if (err != 0) {
		ike_rekey_failed(ike, sa, ike_notify_name(err, name, sizeof(name)));
		return;
	}
	if (!ike_child_read(in, &m, &why)) {
		ike_rekey_failed(ike, sa, why);
		return;
	}
	rekey_done(ike, sa, t, &m);
}

/* The responder's CHILD_SA: our first esp proposal the peer offers
 * entirely, its KE of the proposal's group, selectors narrowed to the
 * CHILD_SA's. 0, or the notify that refuses it (*group for
 * INVALID_KE_PAYLOAD). */
static uint16_t
choose(const struct ike_sa *sa, const struct ike_tunnel *t, const struct ike_child_in *m,
    struct ike_child *nc, size_t *ix, enum ike_dh *group)
{
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	size_t n = config_tunnel_esp_proposals(&t->cfg, esp);
	int k;

	if (!m->has_ts)
		return IKE_N_INVALID_SYNTAX;
	if ((k = ike_choose_esp(&m->props, esp, n, t->cfg.esn, true, ix, &nc->esn)) < 0)
		return IKE_N_NO_PROPOSAL_CHOSEN;
	*group = (enum ike_dh)esp[k].dh;
	if (*group != IKE_DH_NONE &&
	    (!m->has_ke || m->ke.group != ike_dh_info(*group)->id))
		return IKE_N_INVALID_KE_PAYLOAD;
	nc->algs = esp[k];
	nc->spi_out = (uint32_t)m->props.prop[*ix].spi;
	/* TSi is the peer's side: our remote selectors */
	nc->nts_remote = (uint8_t)ike_ts_narrow(m->ts_i.ts, (unsigned)m->ts_i.n,
	    sa->child.ts_remote, sa->child.nts_remote, nc->ts_remote);
	nc->nts_local = (uint8_t)ike_ts_narrow(m->ts_r.ts, (unsigned)m->ts_r.n,
	    sa->child.ts_local, sa->child.nts_local, nc->ts_local);
	if (nc->nts_remote == 0 || nc->nts_local == 0)
		return IKE_N_TS_UNACCEPTABLE;
	return 0;
}

/* Our answer (§1.3.3): SA, Nr, [KEr], TSi, TSr; 0, or -1 when it could
 * not go (the IKE SA failed). */
static int
answer(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    const struct ike_child *nc, uint8_t num, const uint8_t *nr, size_t nr_len,
    const struct ike_dh_key *dh)
{
	struct ike_proposal prop;
	struct ike_build b;

	ike_offer_esp(&nc->algs, 1, nc->esn, true, nc->spi_in, &prop);
	prop.num = num;
	ike_out_begin(ike, sa, &b, IKE_EXCH_CREATE_CHILD_SA, true, in->hdr.msgid);
	ike_build_sa(&b, &prop, 1);
	ike_build_nonce(&b, nr, nr_len);
	if (dh != NULL)
		(void)ike_build_our_ke(&b, dh);
	ike_build_ts(&b, IKE_PL_TSI, nc->ts_remote, nc->nts_remote);
	ike_build_ts(&b, IKE_PL_TSR, nc->ts_local, nc->nts_local);
	sa->resp_msgid = in->hdr.msgid;
	return ike_out_send(ike, sa, &b, true);
}

/* The new CHILD_SA's keys, its inbound SA installed; false if not. */
static bool
make_new(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t,
    const struct ike_child_in *m, struct ike_child *nc, const uint8_t *nr, size_t nr_len,
    const struct ike_dh_key *dh)
{
	uint8_t gir[IKE_DH_SECRET_MAX], keymat[KEYMAT_MAX];
	struct strbuf err = STRBUF_INIT;
	size_t gir_len = 0, len;
	bool ok;

	ok = (dh == NULL || (gir_len = ike_dh_gir(dh, &m->ke, gir)) != 0) &&
	    keymat_of(sa, nc, gir, gir_len, m->nonce.data, m->nonce.len, nr, nr_len,
	    keymat, &len) &&
	    ike_install_rekeyed(&ike->env, sa, nc, &t->cfg, keymat, len, false, false,
	    ike->now_ms, &err) == 0;
	OPENSSL_cleanse(gir, sizeof(gir));
	OPENSSL_cleanse(keymat, sizeof(keymat));
	if (!ok)
		log_msg(LOG_WARNING, "crypto ipsec tunnel %s: the peer's CHILD_SA rekey "
		    "failed: %s", sa->tunnel, err.len ? strbuf_str(&err) :
		    "the peer's KE value is invalid");
	strbuf_free(&err);
	return ok;
}

static void
rekey_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in,
    const struct ike_child_in *m, uint32_t spi)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	struct ike_dh_key *dh = NULL;
	struct ike_child nc;
	uint8_t nr[IKE_NONCE_LEN];
	enum ike_dh group = IKE_DH_NONE;
	uint16_t refusal;
	size_t ix = 0;

	/* §2.25.1: one being closed or replaced, or an IKE SA rekey of ours
	 * under way: later; one we do not have: not found */
	if (sa->old_child.installed && spi == sa->old_child.spi_out) {
		refuse(ike, sa, in, IKE_N_TEMPORARY_FAILURE);
		return;
	}
	if (!sa->child.installed || spi != sa->child.spi_out) {
		struct ike_notify n = { .protocol = IKE_PROTO_ESP, .spi_size = 4,
		    .spi = spi, .type = IKE_N_CHILD_SA_NOT_FOUND };

		ike_child_refuse(ike, sa, in, &n);
		return;
	}
	if (t == NULL || sa->rekey.kind == IKE_REKEY_IKE || sa->old_child.installed) {
		refuse(ike, sa, in, IKE_N_TEMPORARY_FAILURE);
		return;
	}
	memset(&nc, 0, sizeof(nc));
	if ((refusal = choose(sa, t, m, &nc, &ix, &group)) == IKE_N_INVALID_KE_PAYLOAD) {
		ike_child_refuse_ke(ike, sa, in, group);
		return;
	}
	if (refusal != 0) {
		refuse(ike, sa, in, refusal);
		return;
	}
	nc.spi_in = ike_new_child_spi(ike);
	if (RAND_bytes(nr, sizeof(nr)) != 1 ||
	    (group != IKE_DH_NONE && (dh = ike_dh_new(group)) == NULL) ||
	    !make_new(ike, sa, t, m, &nc, nr, sizeof(nr), dh)) {
		ike_dh_free(dh);
		refuse(ike, sa, in, IKE_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	if (answer(ike, sa, in, &nc, m->props.prop[ix].num, nr, sizeof(nr), dh) != 0) {
		/* the IKE SA is gone with its CHILD_SA: the new one too */
		ike->env.remove(ike->env.arg, sa->tunnel, IPSEC_IN, nc.spi_in);
		OPENSSL_cleanse(&nc, sizeof(nc));
		ike_dh_free(dh);
		return;
	}
	ike_dh_free(dh);
	if (sa->rekey.kind == IKE_REKEY_CHILD)	/* §2.8.1: ours crossed it */
		ike_collision_note(&sa->rekey, m->nonce.data, m->nonce.len, nr, sizeof(nr));
	nc.installed = true;
	nc.installed_ms = ike->now_ms;
	sa->old_child = sa->child;
	sa->old_child.replaced_ms = ike->now_ms;
	sa->child = nc;
	OPENSSL_cleanse(&nc, sizeof(nc));
	OPENSSL_cleanse(nr, sizeof(nr));
	log_msg(LOG_INFO, "crypto ipsec tunnel %s: CHILD_SA rekeyed by the peer: SPIs "
	    "0x%08x in, 0x%08x out", sa->tunnel, sa->child.spi_in, sa->child.spi_out);
}

void
ike_child_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_child_in m;
	struct ike_notify n;
	const char *why;

	if (sa->state != IKE_ST_ESTABLISHED) {	/* §2.25.2: being deleted */
		refuse(ike, sa, in, IKE_N_TEMPORARY_FAILURE);
		return;
	}
	if (!ike_child_read(in, &m, &why)) {
		debug_msg(DEBUG_IKEV2, "tunnel %s: malformed CREATE_CHILD_SA: %s",
		    sa->tunnel, why);
		refuse(ike, sa, in, IKE_N_INVALID_SYNTAX);
		return;
	}
	if (m.props.prop[0].protocol == IKE_PROTO_IKE)
		ike_rekey_request(ike, sa, in, &m);
	else if (!ike_find_notify(&in->chain, IKE_N_REKEY_SA, &n)) {
		debug_msg(DEBUG_IKEV2, "tunnel %s: a second CHILD_SA refused "
		    "(NO_ADDITIONAL_SAS)", sa->tunnel);
		refuse(ike, sa, in, IKE_N_NO_ADDITIONAL_SAS);
	} else if (n.protocol != IKE_PROTO_ESP || n.spi_size != 4) {
		struct ike_notify nf = { .protocol = n.protocol, .spi_size = n.spi_size,
		    .spi = n.spi, .type = IKE_N_CHILD_SA_NOT_FOUND };

		ike_child_refuse(ike, sa, in, &nf);
	} else
		rekey_request(ike, sa, in, &m, (uint32_t)n.spi);
}

void
ike_child_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	if (sa->req.msg == NULL || sa->req.exchange != IKE_EXCH_CREATE_CHILD_SA)
		return;
	free(sa->req.msg);
	sa->req.msg = NULL;
	if (sa->rekey.kind == IKE_REKEY_CHILD)
		rekey_response(ike, sa, in);
	else if (sa->rekey.kind == IKE_REKEY_IKE)
		ike_rekey_response(ike, sa, in);
}

/* ---- the CHILD_SA's life ---- */

static bool
names(const struct ike_child *c, const struct ipsec_event *ev)
{
	return c->installed && ev->spi == (ev->dir == IPSEC_IN ? c->spi_in : c->spi_out);
}

void
ike_child_event(struct ike *ike, struct ike_sa *sa, const struct ipsec_event *ev)
{
	if (names(&sa->old_child, ev) && ev->kind == IPSEC_EV_HARD) {
		/* the replaced one ran out before the peer deleted it */
		forget_old(ike, sa);
		return;
	}
	if (!names(&sa->child, ev))
		return;
	if (ev->kind == IPSEC_EV_HARD)
		/* the engine removed it already: start over with fresh keys */
		ike_tear_down(ike, sa, "its CHILD_SA expired");
	else if (sa->child.rekey_ms == 0)
		sa->child.rekey_ms = ike->now_ms;	/* the next tick starts it */
}

void
ike_child_tick(struct ike *ike, struct ike_sa *sa)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);

	if (t == NULL)
		return;
	if (sa->old_child.installed && !sa->old_child.deleting &&
	    ike->now_ms - sa->old_child.replaced_ms >= IKE_REKEY_WAIT_MS) {
		log_msg(LOG_INFO, "crypto ipsec tunnel %s: the peer did not delete the "
		    "rekeyed CHILD_SA 0x%08x: using the new one", sa->tunnel,
		    sa->old_child.spi_in);
		forget_old(ike, sa);
	}
	if (sa->child.installed && sa->child.rekey_ms != 0 &&
	    ike->now_ms >= sa->child.rekey_ms && !sa->old_child.installed &&
	    ike_window_free(sa))
		rekey_start(ike, sa, t);
}

uint32_t
ike_child_deleted(struct ike *ike, struct ike_sa *sa, uint32_t spi, bool *gone)
{
	uint32_t ours;

	if (sa->old_child.installed && spi == sa->old_child.spi_out) {
		/* §1.4.1: when our DELETE of it crossed the peer's, the answers
		 * name nothing */
		ours = sa->old_child.deleting ? 0 : sa->old_child.spi_in;
		forget_old(ike, sa);
		return ours;
	}
	if (!sa->child.installed || spi != sa->child.spi_out)
		return 0;
	ours = sa->child.spi_in;
	if (sa->child.out_pending && sa->old_child.installed) {
		/* the peer deletes the CHILD_SA its rekey just made (it lost a
		 * collision, §2.8.1): the old one serves until ours is done */
		ike->env.remove(ike->env.arg, sa->tunnel, IPSEC_IN, sa->child.spi_in);
		OPENSSL_cleanse(&sa->child, sizeof(sa->child));
		sa->child = sa->old_child;
		OPENSSL_cleanse(&sa->old_child, sizeof(sa->old_child));
		return ours;
	}
	*gone = true;
	return ours;
}

void
ike_child_delete_done(struct ike *ike, struct ike_sa *sa)
{
	(void)ike;
	if (sa->old_child.installed && sa->old_child.deleting)
		OPENSSL_cleanse(&sa->old_child, sizeof(sa->old_child));
}
