/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ike_auth - the IKE_AUTH exchange (RFC 7296 §1.2, §2.15), both roles:
 * identities checked against local-id/remote-id (as responder they also
 * pick, among the tunnels to the peer's address, the one the SA serves),
 * AUTH with the pre-shared key computed and verified, the first CHILD_SA's
 * proposal chosen, traffic selectors narrowed (§2.9), and the CHILD_SA
 * installed.
 */
#include "ike/ike_impl.h"

#include <string.h>

#include <openssl/crypto.h>

#include "ike/ike_install.h"
#include "ike/ike_proposal.h"
#include "ike/ike_ts.h"
#include "lib/debug.h"
#include "lib/log.h"

/* An identity as the ID payload's body (§3.5: type, 3 reserved, data). */
struct id_body {
	uint8_t		 b[4 + CFG_FQDN_MAX];
	size_t		 len;
};

static void
id_of(const struct cfg_ike_id *id, struct id_body *out)
{
	memset(out->b, 0, 4);
	if (id->type == ID_FQDN) {
		size_t n = strlen(id->fqdn);

		out->b[0] = IKE_ID_FQDN;
		memcpy(out->b + 4, id->fqdn, n);
		out->len = 4 + n;
	} else {
		out->b[0] = IKE_ID_IPV4_ADDR;
		out->b[4] = (uint8_t)(id->addr >> 24);
		out->b[5] = (uint8_t)(id->addr >> 16);
		out->b[6] = (uint8_t)(id->addr >> 8);
		out->b[7] = (uint8_t)id->addr;
		out->len = 8;
	}
}

/* "10.0.0.1" or "vpn.example.com" for messages; non-printing bytes as '?'. */
static void
id_text(const uint8_t *body, size_t len, char *out, size_t outlen)
{
	size_t i, n;

	if (len == 8 && body[0] == IKE_ID_IPV4_ADDR) {
		snprintf(out, outlen, "%u.%u.%u.%u", body[4], body[5], body[6], body[7]);
		return;
	}
	n = len > 4 ? len - 4 : 0;
	if (n >= outlen)
		n = outlen - 1;
	for (i = 0; i < n; i++)
		out[i] = body[4 + i] >= 0x20 && body[4 + i] < 0x7f ? (char)body[4 + i] : '?';
	out[n] = '\0';
}

/* AUTH of one side (§2.15): the initiator signs its IKE_SA_INIT request
 * with the responder's nonce, the responder its response with the
 * initiator's. out has room for the PRF's length; returns it, or -1. */
static int
compute_auth(const struct ike *ike, const struct ike_sa *sa,
    const struct ike_tunnel *t, bool of_initiator, const uint8_t *id, size_t id_len,
    uint8_t *out)
{
	uint8_t psk[SECRET_CLEAR_MAX];
	char why[160];
	const struct ike_keys *k = &sa->keys;
	size_t prf_len = ike_prf_info((enum ike_prf)sa->algs.prf)->len;
	int len, rc;

	len = secret_decrypt(ike->env.secret_key, t->cfg.psk, psk, why, sizeof(why));
	if (len <= 0)
		return -1;
	rc = ike_psk_auth((enum ike_prf)sa->algs.prf, psk, (size_t)len,
	    of_initiator ? sa->init_i : sa->init_r,
	    of_initiator ? sa->init_i_len : sa->init_r_len,
	    of_initiator ? sa->nr : sa->ni, of_initiator ? sa->nr_len : sa->ni_len,
	    of_initiator ? k->sk_pi : k->sk_pr, k->p_len, id, id_len, out, prf_len);
	OPENSSL_cleanse(psk, sizeof(psk));
	return rc == 0 ? (int)prf_len : -1;
}

/* Whether the peer's AUTH payload is right for its ID payload's body. */
static bool
auth_ok(const struct ike *ike, const struct ike_sa *sa, const struct ike_tunnel *t,
    const struct ike_payload *id, const struct ike_auth *auth)
{
	uint8_t want[IKE_PRF_MAX];
	int len;

	if (auth->method != IKE_AUTH_SHARED_KEY)
		return false;
	len = compute_auth(ike, sa, t, !sa->initiator, id->body, id->len, want);
	return len > 0 && (size_t)len == auth->len &&
	    CRYPTO_memcmp(want, auth->data, (size_t)len) == 0;
}

/* Whether an ID payload's body names id (the reserved bytes ignored,
 * §3.5). */
static bool
same_id(const struct cfg_ike_id *id, const struct ike_payload *pl)
{
	struct id_body b;

	id_of(id, &b);
	return pl->len == b.len && pl->body[0] == b.b[0] &&
	    memcmp(pl->body + 4, b.b + 4, b.len - 4) == 0;
}

/* Whether algs is one of the tunnel's ike proposals. */
static bool
algs_offered(const struct ike_tunnel *t, const struct ike_algs *algs)
{
	const struct ike_algs *w;
	unsigned n, i;

	w = config_tunnel_ike_proposals(&t->cfg, &n);
	for (i = 0; i < n; i++)
		if (w[i].encr == algs->encr && w[i].integ == algs->integ &&
		    w[i].prf == algs->prf && w[i].dh == algs->dh)
			return true;
	return false;
}

static void
add_id_auth(struct ike *ike, struct ike_build *b, struct ike_sa *sa,
    const struct ike_tunnel *t, uint8_t type, bool *ok)
{
	struct cfg_ike_id me = config_tunnel_local_id(&t->cfg, sa->local);
	uint8_t mac[IKE_PRF_MAX];
	struct ike_id id;
	struct ike_auth auth;
	struct id_body body;
	int len;

	id_of(&me, &body);
	id = (struct ike_id){ .type = body.b[0], .data = body.b + 4, .len = body.len - 4 };
	ike_build_id(b, type, &id);
	len = compute_auth(ike, sa, t, sa->initiator, body.b, body.len, mac);
	*ok = len > 0;
	auth = (struct ike_auth){ .method = IKE_AUTH_SHARED_KEY, .data = mac,
	    .len = len > 0 ? (size_t)len : 0 };
	if (*ok)
		ike_build_auth(b, &auth);
	OPENSSL_cleanse(mac, sizeof(mac));
}

void
ike_auth_start(struct ike *ike, struct ike_sa *sa)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	struct ike_proposal prop[IKE_PROPOSALS_MAX];
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	struct ike_notify contact = { .type = IKE_N_INITIAL_CONTACT };
	struct ike_build b;
	size_t n;
	bool ok;

	if (t == NULL)
		return;
	sa->child.spi_in = ike_new_child_spi(ike);
	ike_out_begin(ike, sa, &b, IKE_EXCH_IKE_AUTH, false, sa->msgid_out++);
	add_id_auth(ike, &b, sa, t, IKE_PL_IDI, &ok);
	if (!ok) {
		ike_fail(ike, sa, "the pre-shared-key cannot be decrypted");
		return;
	}
	ike_build_notify(&b, &contact);
	n = config_tunnel_esp_proposals(&t->cfg, esp);
	ike_build_sa(&b, prop, ike_offer_esp(esp, n, t->cfg.esn, false,
	    sa->child.spi_in, prop));
	sa->child.nts_local = (uint8_t)ike_ts_from_tunnel(&t->cfg, true, sa->child.ts_local);
	sa->child.nts_remote = (uint8_t)ike_ts_from_tunnel(&t->cfg, false, sa->child.ts_remote);
	ike_build_ts(&b, IKE_PL_TSI, sa->child.ts_local, sa->child.nts_local);
	ike_build_ts(&b, IKE_PL_TSR, sa->child.ts_remote, sa->child.nts_remote);
	if (ike_sa_set_state(ike->sas, sa, IKE_ST_AUTH_SENT, "IKE_SA_INIT done"))
		(void)ike_out_send(ike, sa, &b, false);
}

/* The CHILD_SA's keys made and installed; false (and why) if not. */
static bool
install_child(struct ike *ike, struct ike_sa *sa, const struct ike_tunnel *t,
    char *why, size_t whylen)
{
	uint8_t keymat[2 * (ESP_KEY_MAX + ESP_KEY_MAX)];
	struct strbuf err = STRBUF_INIT;
	size_t len = ike_child_keymat_len(&sa->child.algs);
	bool ok;

	ok = len <= sizeof(keymat) &&
	    ike_child_keymat((enum ike_prf)sa->algs.prf, sa->keys.sk_d, sa->keys.d_len,
	    NULL, 0, sa->ni, sa->ni_len, sa->nr, sa->nr_len, keymat, len) == 0 &&
	    ike_install_child(&ike->env, sa, &sa->child, &t->cfg, keymat, len,
	    ike->now_ms, &err) == 0;
	OPENSSL_cleanse(keymat, sizeof(keymat));
	snprintf(why, whylen, "%s", strbuf_str(&err));
	strbuf_free(&err);
	if (ok) {
		sa->child.installed = true;
		sa->child.installed_ms = ike->now_ms;
	}
	return ok;
}

/* The payloads IKE_AUTH needs from the peer, decoded. */
struct auth_in {
	const struct ike_payload *id, *auth, *sa, *tsi, *tsr;
	const struct ike_payload *idr;	/* a request's optional IDr, or NULL */
	struct ike_auth a;
	struct ike_sa_pl props;
	struct ike_ts_list ts_i, ts_r;
};

/* Decodes what in has of IKE_AUTH; false with why when a part is missing
 * or malformed. id_type: IKE_PL_IDI (request) or IKE_PL_IDR. */
static bool
read_auth(const struct ike_in *in, uint8_t id_type, struct auth_in *a,
    const char **why)
{
	struct ike_id id;

	memset(a, 0, sizeof(*a));
	a->id = ike_chain_find(&in->chain, id_type);
	a->auth = ike_chain_find(&in->chain, IKE_PL_AUTH);
	a->sa = ike_chain_find(&in->chain, IKE_PL_SA);
	a->tsi = ike_chain_find(&in->chain, IKE_PL_TSI);
	a->tsr = ike_chain_find(&in->chain, IKE_PL_TSR);
	a->idr = id_type == IKE_PL_IDI ? ike_chain_find(&in->chain, IKE_PL_IDR) : NULL;
	*why = "no ID or AUTH payload";
	if (a->id == NULL || a->auth == NULL ||
	    ike_id_decode(a->id->body, a->id->len, &id, why) != 0 ||
	    ike_auth_decode(a->auth->body, a->auth->len, &a->a, why) != 0)
		return false;
	if (a->idr != NULL && ike_id_decode(a->idr->body, a->idr->len, &id, why) != 0)
		return false;
	if (a->sa != NULL && ike_sa_decode(a->sa->body, a->sa->len, &a->props, why) != 0)
		return false;
	if (a->tsi != NULL && ike_ts_decode(a->tsi->body, a->tsi->len, &a->ts_i, why) != 0)
		return false;
	if (a->tsr != NULL && ike_ts_decode(a->tsr->body, a->tsr->len, &a->ts_r, why) != 0)
		return false;
	return true;
}

/* A response carrying only a notify (inside SK). */
static void
answer_notify(struct ike *ike, struct ike_sa *sa, uint16_t type)
{
	struct ike_notify n = { .type = type };
	struct ike_build b;

	ike_out_begin(ike, sa, &b, IKE_EXCH_IKE_AUTH, true, 1);
	ike_build_notify(&b, &n);
	(void)ike_out_send(ike, sa, &b, true);
	sa->resp_msgid = 1;
}

/* The responder's CHILD_SA: proposal and selectors. 0, or the notify
 * that refuses it. */
static uint16_t
choose_child(struct ike_sa *sa, const struct ike_tunnel *t, const struct auth_in *a,
    size_t *ix, char *why, size_t whylen)
{
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	struct ike_ts mine[IKE_TS_MAX];
	size_t n = config_tunnel_esp_proposals(&t->cfg, esp);
	unsigned nmine;
	int k;

	if (a->sa == NULL || a->tsi == NULL || a->tsr == NULL) {
		snprintf(why, whylen, "IKE_AUTH without SA or TS payloads");
		return IKE_N_INVALID_SYNTAX;
	}
	k = ike_choose_esp(&a->props, esp, n, t->cfg.esn, false, ix, &sa->child.esn);
	if (k < 0) {
		char list[256], ours[128];

		ike_proposals_text(&a->props, list, sizeof(list));
		esp_words_text(esp, n, ours, sizeof(ours));
		snprintf(why, whylen, "NO_PROPOSAL_CHOSEN: no ESP proposal in "
		    "common; the peer offered %.100s; the tunnel offers %.100s", list, ours);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	sa->child.algs = esp[k];
	sa->child.spi_out = (uint32_t)a->props.prop[*ix].spi;
	/* TSi is the peer's side: our remote networks */
	nmine = ike_ts_from_tunnel(&t->cfg, false, mine);
	sa->child.nts_remote = (uint8_t)ike_ts_narrow(a->ts_i.ts, (unsigned)a->ts_i.n,
	    mine, nmine, sa->child.ts_remote);
	nmine = ike_ts_from_tunnel(&t->cfg, true, mine);
	sa->child.nts_local = (uint8_t)ike_ts_narrow(a->ts_r.ts, (unsigned)a->ts_r.n,
	    mine, nmine, sa->child.ts_local);
	if (sa->child.nts_remote == 0 || sa->child.nts_local == 0) {
		snprintf(why, whylen, "TS_UNACCEPTABLE: the peer's traffic "
		    "selectors are outside local-network/remote-network");
		return IKE_N_TS_UNACCEPTABLE;
	}
	return 0;
}

/* How far a tunnel fits an IKE_AUTH request, in the order checked. */
enum fit { FIT_NONE, FIT_REMOTE_ID, FIT_LOCAL_ID };

/* The tunnel an IKE_AUTH request is for. Several tunnels may share a peer
 * address (a hub's offices behind one NAT, or one office's several
 * tunnels), told apart by identity: among the tunnels whose peer is the
 * address IKE_SA_INIT came from, the first (by name) whose remote-id is
 * IDi, whose local-id is IDr when the peer sent one (RFC 7296 §2.5 lets it
 * name the identity it wants), and whose ike proposals include the SA's
 * algorithms (IKE_SA_INIT was answered with the first tunnel of the peer's).
 * NULL when none: *closest is the tunnel that fit furthest (NULL when no
 * remote-id is IDi), and why says what failed. */
static struct ike_tunnel *
pick_tunnel(struct ike *ike, const struct ike_sa *sa, const struct auth_in *a,
    struct ike_tunnel **closest, char *why, size_t whylen)
{
	enum fit best = FIT_NONE, f;
	char got[64], algs[IKE_ALGS_NAME_MAX];
	struct cfg_ike_id id;
	size_t i;

	*closest = NULL;
	for (i = 0; i < ike->ntun; i++) {
		struct ike_tunnel *t = &ike->tun[i];

		if (t->cfg.peer != sa->peer)
			continue;
		id = config_tunnel_remote_id(&t->cfg);
		if (!same_id(&id, a->id))
			continue;
		f = FIT_REMOTE_ID;
		id = config_tunnel_local_id(&t->cfg, sa->local);
		if (a->idr == NULL || same_id(&id, a->idr)) {
			if (algs_offered(t, &sa->algs))
				return t;
			f = FIT_LOCAL_ID;
		}
		if (*closest == NULL || f > best) {
			best = f;
			*closest = t;
		}
	}
	if (*closest == NULL) {
		id_text(a->id->body, a->id->len, got, sizeof(got));
		snprintf(why, whylen, "identity mismatch: the peer says it is %s, "
		    "not the remote-id of any tunnel to %u.%u.%u.%u", got, sa->peer >> 24,
		    (sa->peer >> 16) & 255, (sa->peer >> 8) & 255, sa->peer & 255);
	} else if (best == FIT_REMOTE_ID) {
		id_text(a->idr->body, a->idr->len, got, sizeof(got));
		snprintf(why, whylen, "identity mismatch: the peer asks for this "
		    "router as %s (IDr), not the local-id", got);
	} else {
		ike_algs_name(&sa->algs, algs, sizeof(algs));
		snprintf(why, whylen, "AUTHENTICATION_FAILED: the IKE SA was "
		    "negotiated as %s, which is not one of the tunnel's ike "
		    "proposals (tunnels to one peer should share them)", algs);
	}
	return NULL;
}

/* The SA serves t from now: IKE_SA_INIT found it by the peer's address
 * alone. */
static void
move_sa(struct ike_sa *sa, const struct ike_tunnel *t)
{
	if (strcmp(sa->tunnel, t->cfg.name) == 0)
		return;
	debug_msg(DEBUG_IKEV2, "tunnel %s: IKE SA moves to tunnel %s (its "
	    "identities)", sa->tunnel, t->cfg.name);
	snprintf(sa->tunnel, sizeof(sa->tunnel), "%s", t->cfg.name);
}

void
ike_auth_request(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_tunnel *t, *closest;
	struct ike_proposal prop;
	struct auth_in a;
	struct ike_build b;
	const char *why;
	char reason[512];
	uint16_t refuse;
	size_t ix = 0;
	bool ok;

	if (sa->state != IKE_ST_INIT_DONE)
		return;
	if (!read_auth(in, IKE_PL_IDI, &a, &why)) {
		answer_notify(ike, sa, IKE_N_AUTHENTICATION_FAILED);
		ike_fail(ike, sa, "malformed IKE_AUTH request: %s", why);
		return;
	}
	if ((t = pick_tunnel(ike, sa, &a, &closest, reason, sizeof(reason))) == NULL) {
		if (closest != NULL)	/* the failure is shown on that tunnel */
			move_sa(sa, closest);
		answer_notify(ike, sa, IKE_N_AUTHENTICATION_FAILED);
		ike_fail(ike, sa, "%s", reason);
		return;
	}
	move_sa(sa, t);
	if (!auth_ok(ike, sa, t, a.id, &a.a)) {
		answer_notify(ike, sa, IKE_N_AUTHENTICATION_FAILED);
		ike_fail(ike, sa, "AUTHENTICATION_FAILED: the peer's AUTH does "
		    "not verify (different pre-shared-key?)");
		return;
	}
	if ((refuse = choose_child(sa, t, &a, &ix, reason, sizeof(reason))) != 0) {
		answer_notify(ike, sa, refuse);
		ike_fail(ike, sa, "%s", reason);
		return;
	}
	sa->child.spi_in = ike_new_child_spi(ike);
	if (!install_child(ike, sa, t, reason, sizeof(reason))) {
		answer_notify(ike, sa, IKE_N_NO_PROPOSAL_CHOSEN);
		ike_fail(ike, sa, "the CHILD_SA cannot be installed: %s", reason);
		return;
	}
	ike_out_begin(ike, sa, &b, IKE_EXCH_IKE_AUTH, true, 1);
	add_id_auth(ike, &b, sa, t, IKE_PL_IDR, &ok);
	ike_offer_esp(&sa->child.algs, 1, sa->child.esn, false, sa->child.spi_in, &prop);
	prop.num = a.props.prop[ix].num;
	ike_build_sa(&b, &prop, 1);
	ike_build_ts(&b, IKE_PL_TSI, sa->child.ts_remote, sa->child.nts_remote);
	ike_build_ts(&b, IKE_PL_TSR, sa->child.ts_local, sa->child.nts_local);
	sa->msgid_in = 2;
	sa->resp_msgid = 1;
	if (!ok || ike_out_send(ike, sa, &b, true) != 0)
		return;
	if (ike_sa_set_state(ike->sas, sa, IKE_ST_ESTABLISHED, "IKE_AUTH answered"))
		ike_child_up(ike, sa);
}

void
ike_auth_response(struct ike *ike, struct ike_sa *sa, const struct ike_in *in)
{
	struct ike_tunnel *t = ike_tunnel_find(ike, sa->tunnel);
	struct esp_algs esp[CFG_PROPOSALS_MAX];
	struct ike_ts got_i[IKE_TS_MAX], got_r[IKE_TS_MAX];
	struct cfg_ike_id want;
	struct auth_in a;
	const char *why;
	char got[64], name[IKE_NAME_MAX], reason[256];
	uint16_t err;
	size_t n, ix;
	int k;

	if (t == NULL || sa->state != IKE_ST_AUTH_SENT)
		return;
	free(sa->req.msg);
	sa->req.msg = NULL;
	if ((err = ike_error_notify(&in->chain)) == IKE_N_AUTHENTICATION_FAILED) {
		ike_fail(ike, sa, "AUTHENTICATION_FAILED: the peer refused our "
		    "authentication (pre-shared-key or local-id)");
		return;
	}
	if (!read_auth(in, IKE_PL_IDR, &a, &why)) {
		ike_fail(ike, sa, err ? "the peer refused IKE_AUTH: %s" :
		    "malformed IKE_AUTH response: %s", err ?
		    ike_notify_name(err, name, sizeof(name)) : why);
		return;
	}
	want = config_tunnel_remote_id(&t->cfg);
	if (!same_id(&want, a.id)) {
		id_text(a.id->body, a.id->len, got, sizeof(got));
		ike_fail(ike, sa, "identity mismatch: the peer says it is %s, "
		    "not the remote-id", got);
		return;
	}
	if (!auth_ok(ike, sa, t, a.id, &a.a)) {
		ike_fail(ike, sa, "AUTHENTICATION_FAILED: the peer's AUTH does "
		    "not verify (different pre-shared-key?)");
		return;
	}
	if (err != 0 || a.sa == NULL || a.tsi == NULL || a.tsr == NULL) {
		(void)ike_sa_set_state(ike->sas, sa, IKE_ST_ESTABLISHED, "authenticated");
		ike_fail(ike, sa, "the peer refused the CHILD_SA: %s",
		    err ? ike_notify_name(err, name, sizeof(name)) : "no SA or TS payloads");
		return;
	}
	n = config_tunnel_esp_proposals(&t->cfg, esp);
	k = a.props.n == 1 ? ike_choose_esp(&a.props, esp, n, t->cfg.esn, false, &ix,
	    &sa->child.esn) : -1;
	memcpy(got_i, a.ts_i.ts, sizeof(got_i));
	memcpy(got_r, a.ts_r.ts, sizeof(got_r));
	if (k < 0 || !ike_ts_within(got_i, (unsigned)a.ts_i.n, sa->child.ts_local,
	    sa->child.nts_local) || !ike_ts_within(got_r, (unsigned)a.ts_r.n,
	    sa->child.ts_remote, sa->child.nts_remote)) {
		ike_fail(ike, sa, "the peer answered with a proposal or traffic "
		    "selectors not offered");
		return;
	}
	sa->child.algs = esp[k];
	sa->child.spi_out = (uint32_t)a.props.prop[0].spi;
	sa->child.nts_local = (uint8_t)a.ts_i.n;
	memcpy(sa->child.ts_local, got_i, sizeof(got_i));
	sa->child.nts_remote = (uint8_t)a.ts_r.n;
	memcpy(sa->child.ts_remote, got_r, sizeof(got_r));
	if (!ike_sa_set_state(ike->sas, sa, IKE_ST_ESTABLISHED, "IKE_AUTH done"))
		return;
	if (!install_child(ike, sa, t, reason, sizeof(reason))) {
		ike_fail(ike, sa, "the CHILD_SA cannot be installed: %s", reason);
		return;
	}
	ike_child_up(ike, sa);
}
