/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * router - the running configuration and the one commit procedure; see
 * router.h. Order of a commit: merge (if running moved), validate, build
 * the routing tables, make the manual SAs (manual_sa.h) and the engine's
 * tables, record in the history, then switch running. Recording comes
 * before the switch so that a full disk fails the commit instead of
 * leaving a running configuration that a restart would not find.
 */
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"
#include "crypto/secret.h"
#include "engine/engine.h"
#include "ike/ike.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "ipsec/manual_sa.h"
#include "ipsec/tunnel_state.h"
#include "sslvpn/sslvpn.h"

struct router *
router_new(const char *state_dir, struct strbuf *err)
{
	struct router *r;
	char why[256];

	r = xcalloc(1, sizeof(*r), "the router");
	r->db = commitdb_open(state_dir, err);
	if (r->db == NULL) {
		free(r);
		return NULL;
	}
	r->secret_key = secret_key_load(state_dir, why, sizeof(why));
	if (r->secret_key == NULL) {
		strbuf_puts(err, why);
		commitdb_close(r->db);
		free(r);
		return NULL;
	}
	r->state_dir = xstrdup(state_dir, "the router");
	r->running = config_new();
	if ((r->rib = rib_build(r->running)) == NULL)
		xalloc_failed("the routing table");
	r->boot_time = time(NULL);
	r->tunnels = tunnel_state_new();
	return r;
}

static void
confirm_clear(struct router *r)
{
	r->confirm_pending = false;
	config_free(r->confirm_rollback_to);
	r->confirm_rollback_to = NULL;
}

void
router_free(struct router *r)
{
	if (r == NULL)
		return;
	confirm_clear(r);
	sslvpn_free(r->sslvpn);	/* its sessions end: each client is told */
	ike_free(r->ike);	/* its SAs die with the engine: no DELETE */
	dataplane_free(r->dp);
	rib_free(r->rib);
	config_free(r->running);
	commitdb_close(r->db);
	secret_key_free(r->secret_key);
	tunnel_state_free(r->tunnels);
	free(r->state_dir);
	free(r);
}

/* Every line of lines, each after prefix and before suffix, into out. */
static void
list_errors(struct strbuf *out, const char *prefix, const struct strbuf *lines,
    const char *suffix)
{
	const char *p = strbuf_str(lines), *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		strbuf_printf(out, "%s%.*s%s\n", prefix, (int)(nl - p), p, suffix);
		p = *nl ? nl + 1 : nl;
	}
}

/* The configuration the request would make running, or NULL (out says why). */
static struct config *
commit_target(struct router *r, const struct commit_request *req,
    struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT;
	struct config *target;
	int nerr;

	if (req->base_generation == r->generation)
		target = config_clone(req->candidate);
	else {
		target = config_merge(req->base, req->candidate, r->running,
		    &msg);
		if (target == NULL) {
			list_errors(out, "", &msg, ": changed by another "
			    "session since this candidate was opened");
			strbuf_free(&msg);
			return NULL;
		}
	}
	nerr = config_validate(target, out);
	nerr += config_validate_keys(target, r->secret_key, out);
	if (nerr > 0) {
		config_free(target);
		target = NULL;
	}
	strbuf_free(&msg);
	return target;
}

/* The SA changes of a commit from running to c, when there is an engine
 * (NULL is then a failure, with the reasons in err). */
static int
prepare_sas(struct router *r, const struct config *c, const struct rib *rib,
    struct manual_change **sas, struct strbuf *err)
{
	*sas = NULL;
	if (r->dp == NULL)
		return 0;
	*sas = manual_sa_prepare(r->running, r->rib, c, rib, r->secret_key, dataplane_now_ms(), err);
	return *sas != NULL ? 0 : -1;
}

/* Puts prepared SA changes into the engine (they cannot fail), and logs
 * them once the lock is released. The SAs go in before the snapshot that
 * routes into their tunnels, so no packet finds the route without them. */
static void
apply_sas(struct router *r, struct manual_change *sas)
{
	struct engine *e;

	if (sas == NULL)
		return;
	e = dataplane_lock(r->dp);
	manual_sa_apply(sas, engine_sadb(e), dataplane_now_ms());
	dataplane_unlock(r->dp);
	manual_sa_finish(sas);
}

void
router_track_tunnels(struct router *r)
{
	struct engine *e;

	if (r->dp == NULL) {
		tunnel_state_update(r->tunnels, r->running, NULL, 0, time(NULL));
		return;
	}
	e = dataplane_lock(r->dp);
	tunnel_state_update(r->tunnels, r->running, engine_sadb(e), dataplane_now_ms(),
	    time(NULL));
	dataplane_unlock(r->dp);
}

/* Puts a committed configuration into effect with its tables; the old RIB
 * goes only after the engine stopped using its FIB. */
static void
router_apply(struct router *r, struct config *c, struct rib *rib,
    struct manual_change *sas, struct dp_change *ch, struct sslvpn_change *sv)
{
	log_set_buffer_size(config_logging_buffered(c));
	apply_sas(r, sas);
	if (ch != NULL)
		dataplane_commit(r->dp, ch);
	/* while the old configuration lives: whose users changed is read there */
	router_sslvpn_apply(r, sv);
	rib_free(r->rib);
	r->rib = rib;
	r->running = c;
	r->generation++;
	if (r->ike != NULL) {
		ike_configure(r->ike, c, rib, dataplane_now_ms());
		router_ike_settle(r);
	}
	router_track_tunnels(r);
}

/* What a commit prepared, dropped when it fails after all (each may be
 * NULL). */
static int
drop_prepared(struct router *r, struct config *target, struct rib *rib,
    struct manual_change *sas, struct dp_change *ch, struct sslvpn_change *sv)
{
	router_sslvpn_abandon(r, sv);
	if (ch != NULL)
		dataplane_abandon(r->dp, ch);
	manual_sa_finish(sas);
	rib_free(rib);
	config_free(target);
	return -1;
}

int
router_commit(struct router *r, const struct commit_request *req,
    struct strbuf *out)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct config *target, *old;
	struct manual_change *sas = NULL;
	struct dp_change *ch = NULL;
	struct sslvpn_change *sv = NULL;
	struct router_tunnels rt;
	struct rib *rib;
	unsigned id;

	target = commit_target(r, req, out);
	if (target == NULL)
		return -1;
	if (req->check_only) {
		config_free(target);
		return 0;
	}
	if (config_equal(target, r->running)) {
		config_free(target);
		if (r->confirm_pending && req->confirm_seconds == 0) {
			confirm_clear(r);
			strbuf_puts(out, "% Commit confirmed; automatic rollback cancelled\n");
			log_msg(LOG_NOTICE, "commit confirmed by %s", req->user);
			return 0;
		}
		switch (router_sslvpn_refresh(r, &err)) {
		case -1:
			list_errors(out, "", &err, "");
			strbuf_free(&err);
			return -1;
		case 1:
			strbuf_puts(out, "% No configuration changes to commit; the ssl-vpn "
			    "certificate files changed and were taken\n");
			return 0;
		default:
			strbuf_puts(out, "% No configuration changes to commit\n");
			return 0;
		}
	}
	rt = (struct router_tunnels){ target, r->ike };
	if ((rib = rib_build_tunnels(target, router_tunnel_up, &rt)) == NULL) {
		strbuf_puts(out, "out of memory for the routing table\n");
		config_free(target);
		return -1;
	}
	if (prepare_sas(r, target, rib, &sas, &err) != 0 ||
	    (r->dp != NULL && (ch = dataplane_prepare(r->dp, target, rib, &err)) == NULL)) {
		list_errors(out, "the forwarding engine cannot take it: ", &err, "");
		strbuf_free(&err);
		return drop_prepared(r, target, rib, sas, ch, NULL);
	}
	if (router_sslvpn_prepare(r, target, &sv, &err) != 0) {
		list_errors(out, "", &err, "");
		strbuf_free(&err);
		return drop_prepared(r, target, rib, sas, ch, NULL);
	}
	config_render(target, CFG_SECT_ALL, &text);
	if (commitdb_record(r->db, strbuf_str(&text), req->user, req->comment,
	    &id, &err) != 0) {
		strbuf_printf(out, "cannot record the commit: %s\n",
		    strbuf_str(&err));
		strbuf_free(&err);
		strbuf_free(&text);
		return drop_prepared(r, target, rib, sas, ch, sv);
	}
	strbuf_free(&text);
	old = r->running;
	router_apply(r, target, rib, sas, ch, sv);
	if (req->confirm_seconds > 0) {
		/* A second confirmed commit extends the deadline; the rollback
		 * still goes back to before the first one. */
		if (!r->confirm_pending) {
			r->confirm_rollback_to = old;
			old = NULL;
			r->confirm_pending = true;
		}
		r->confirm_deadline = time(NULL) + req->confirm_seconds;
		strbuf_printf(out, "%% Commit %u confirmed: rolls back in %u "
		    "seconds unless committed again\n", id, req->confirm_seconds);
	} else if (r->confirm_pending) {
		confirm_clear(r);
		strbuf_puts(out, "% Commit confirmed; automatic rollback cancelled\n");
	}
	config_free(old);
	log_msg(LOG_NOTICE, "configured by %s: commit %u%s%s", req->user, id,
	    req->comment ? ": " : "", req->comment ? req->comment : "");
	return 0;
}

int
router_commit_config(struct router *r, const struct config *c,
    const char *user, const char *comment, struct strbuf *out)
{
	struct commit_request req;

	memset(&req, 0, sizeof(req));
	req.base = r->running;
	req.base_generation = r->generation;
	req.candidate = c;
	req.user = user;
	req.comment = comment;
	return router_commit(r, &req, out);
}

/* The SA lifetime events of one tick: logged and given to IKE once the
 * engine lock is released (sadb_tick calls back under it). */
struct sa_events {
	struct strbuf	 lines;
	struct ipsec_event *ev;
	size_t		 n;
};

static void
sa_event_collect(void *arg, const struct ipsec_event *ev)
{
	struct sa_events *se = arg;

	strbuf_printf(&se->lines, "crypto ipsec tunnel %s: %s SA 0x%08x %s (%s)\n",
	    ev->tunnel, ev->dir == IPSEC_IN ? "inbound" : "outbound", ev->spi,
	    ev->kind == IPSEC_EV_HARD ? "expired and removed" : "nears its end",
	    ev->why);
	se->ev = xrealloc(se->ev, (se->n + 1) * sizeof(*se->ev), "SA events");
	se->ev[se->n++] = *ev;
}

/* The SAs' lifetimes: events logged, and given to IKE, which renews its
 * tunnels' SAs (a manual SA ends only when its sequence numbers run out,
 * and its tunnel carries nothing until its keys change). */
static void
tick_sas(struct router *r)
{
	struct sa_events se = { STRBUF_INIT, NULL, 0 };
	const char *p, *nl;
	struct engine *e;
	size_t i;

	if (r->dp == NULL)
		return;
	e = dataplane_lock(r->dp);
	sadb_tick(engine_sadb(e), dataplane_now_ms(), sa_event_collect, &se);
	dataplane_unlock(r->dp);
	for (p = strbuf_str(&se.lines); (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		log_msg(LOG_WARNING, "%.*s", (int)(nl - p), p);
	for (i = 0; i < se.n; i++)
		ike_sa_event(r->ike, &se.ev[i], dataplane_now_ms());
	/* an event may have removed an SA: its tunnel is down from now */
	if (se.n > 0)
		router_track_tunnels(r);
	free(se.ev);
	strbuf_free(&se.lines);
}

/* The automatic rollback of a commit confirmed whose time ran out. */
static void
tick_confirm(struct router *r, time_t now)
{
	struct strbuf out = STRBUF_INIT;
	struct config *target;

	if (!r->confirm_pending || now < r->confirm_deadline)
		return;
	target = r->confirm_rollback_to;
	r->confirm_rollback_to = NULL;
	r->confirm_pending = false;
	if (router_commit_config(r, target, "system",
	    "automatic rollback: commit confirmed was not confirmed", &out) == 0)
		log_msg(LOG_WARNING, "commit confirmed timed out: configuration "
		    "rolled back");
	else
		log_msg(LOG_ERR, "commit confirmed timed out, rollback failed: %s",
		    strbuf_str(&out));
	strbuf_free(&out);
	config_free(target);
}

void
router_tick(struct router *r, time_t now)
{
	tick_sas(r);
	if (r->ike != NULL)
		ike_tick(r->ike, dataplane_now_ms());
	router_ike_settle(r);
	if (r->sslvpn != NULL)
		sslvpn_tick(r->sslvpn, now);
	tick_confirm(r, now);
}

int
router_attach_dataplane(struct router *r, struct dataplane *dp, struct strbuf *err)
{
	struct manual_change *sas;
	struct dp_change *ch;

	sas = manual_sa_prepare(NULL, NULL, r->running, r->rib, r->secret_key,
	    dataplane_now_ms(), err);
	if (sas == NULL)
		return -1;
	if ((ch = dataplane_prepare(dp, r->running, r->rib, err)) == NULL) {
		manual_sa_finish(sas);
		return -1;
	}
	r->dp = dp;
	apply_sas(r, sas);
	dataplane_commit(dp, ch);
	router_track_tunnels(r);
	router_ike_start(r);
	router_sslvpn_start(r);
	return 0;
}

const struct config *
router_running(const struct router *r)
{
	return r->running;
}

uint64_t
router_generation(const struct router *r)
{
	return r->generation;
}

const struct rib *
router_rib(const struct router *r)
{
	return r->rib;
}

struct dataplane *
router_dataplane(const struct router *r)
{
	return r->dp;
}

struct commitdb *
router_commitdb(const struct router *r)
{
	return r->db;
}

const char *
router_state_dir(const struct router *r)
{
	return r->state_dir;
}

time_t
router_boot_time(const struct router *r)
{
	return r->boot_time;
}

const struct secret_key *
router_secret_key(const struct router *r)
{
	return r->secret_key;
}

time_t
router_tunnel_since(const struct router *r, const char *tunnel)
{
	return tunnel_state_since(r->tunnels, tunnel);
}
