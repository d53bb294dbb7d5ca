/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * router - one router instance's control state: the running configuration,
 * its commit history, and the commit procedure every path goes through
 * (interactive commit, scripts, rollback, configure replace, boot).
 *
 * Contract
 * - router->running is only replaced by router_commit(); readers never see a
 *   half-applied configuration.
 * - router->generation increases by one on every change of running, so a
 *   candidate knows whether running moved since it was opened.
 * - A failed commit changes nothing: running, history and the caller's
 *   candidate stay exactly as they were.
 * - A commit that the forwarding engine cannot take (a TAP device cannot be
 *   created, a manual SA cannot be made) fails like any other: nothing
 *   changes, and every tunnel keeps the SAs it had.
 * - Manually keyed tunnels get their SAs at commit (manual_sa.h); a tunnel
 *   whose SAs would be made the same keeps them, and a route through a
 *   tunnel is installed exactly when the tunnel has its SAs.
 * - Single-threaded: called from the control thread only.
 */
#ifndef VGW_ROUTER_H
#define VGW_ROUTER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config/commitdb.h"
#include "config/config.h"
#include "dataplane/dataplane.h"
#include "route/rib.h"
#include "lib/strbuf.h"

#define ROUTER_CONFIRM_DEFAULT	600	/* commit confirmed, seconds */

struct event_loop;
struct ike;
struct secret_key;
struct sslvpn;
struct sslvpn_change;
struct tunnel_state;

struct router {
	char		*state_dir;
	struct config	*running;
	struct rib	*rib;		/* routes selected from running */
	struct dataplane *dp;		/* the forwarding engine; NULL: none (tests) */
	uint64_t	 generation;
	struct commitdb	*db;
	time_t		 boot_time;
	/* commit confirmed: while pending, rollback_to is restored at deadline */
	bool		 confirm_pending;
	time_t		 confirm_deadline;
	struct config	*confirm_rollback_to;
	/* the installation key of type-6 secrets (STATE_DIR/secret.key) */
	struct secret_key *secret_key;
	/* when each tunnel went up or down (tunnel_state.h) */
	struct tunnel_state *tunnels;
	/* the IKEv2 daemon, once there is an engine (router_ike.c) */
	struct ike	*ike;
	bool		 reroute;	/* a tunnel went up or down: routes follow */
	/* the control thread's event loop (NULL: none, tests) and the
	 * SSL-VPN server on it, once there is an engine (router_sslvpn.c) */
	struct event_loop *ev;
	struct sslvpn	*sslvpn;
};

/* What decides whether a tunnel is up for the RIB (rib_tunnel_up_fn
 * router_tunnel_up's arg): manual SAs in config, or IKE's CHILD_SA. */
struct router_tunnels {
	const struct config *config;
	struct ike	*ike;		/* NULL: no IKE tunnel is up */
};

struct commit_request {
	const struct config	*base;		/* running as the candidate was opened */
	uint64_t		 base_generation;
	const struct config	*candidate;
	const char		*user;
	const char		*comment;	/* NULL = none */
	unsigned		 confirm_seconds;	/* 0 = plain commit */
	bool			 check_only;	/* commit check: validate, apply nothing */
};

/* NULL with a message in err (state directory unusable, or its
 * installation key unreadable). */
struct router	*router_new(const char *state_dir, struct strbuf *err);
void		 router_free(struct router *);

/*
 * Merges with running if it moved since base (config_merge), validates
 * (config_validate, and config_validate_keys with the installation key),
 * applies, records in the history. On success returns 0 and appends a short
 * confirmation ("% ..." lines) to out; on failure returns -1 and appends
 * one line per error to out, without a "%": the statement and what is
 * wrong with it, or what failed. The caller presents them (the shell as
 * IOS-XR does; the daemon in its log). A plain commit while a confirmed
 * commit is pending confirms it.
 */
int		 router_commit(struct router *, const struct commit_request *,
		    struct strbuf *out);

/* Commits a whole configuration over running (boot, rollback, configure
 * replace, the automatic rollback): router_commit with running as base. */
int		 router_commit_config(struct router *, const struct config *,
		    const char *user, const char *comment, struct strbuf *out);

/* Gives the router its forwarding engine (owned by the router from then)
 * and puts running into it; -1 with the reasons in err if that fails. */
int		 router_attach_dataplane(struct router *, struct dataplane *,
		    struct strbuf *err);

/* Called about once a second: the SAs' lifetime events (logged, and given
 * to IKE), IKE's and the SSL-VPN server's clocks, and the automatic
 * rollback of a commit confirmed whose time ran out. */
void		 router_tick(struct router *, time_t now);

/*
 * IKE (router_ike.c). The daemon starts with the engine
 * (router_attach_dataplane); the event loop polls router_ike_fd and calls
 * router_ike_readable. After anything that may have brought a tunnel up
 * or down, router_ike_settle rebuilds the routes through tunnels.
 */
bool		 router_tunnel_up(void *router_tunnels, const char *tunnel);
void		 router_ike_start(struct router *);
void		 router_ike_settle(struct router *);
void		 router_ike_readable(struct router *);
int		 router_ike_fd(const struct router *);
struct ike	*router_ike(const struct router *);
/* Brings the tunnels' up and down times up to date with the engine's SAs. */
void		 router_track_tunnels(struct router *);

/*
 * SSL-VPN (router_sslvpn.c). The server starts with the engine, on the
 * event loop given before (router_set_event_loop; none: no server), its
 * users' packets through the engine's virtual port (dataplane_vport). A
 * commit prepares its change with the engine's (a failure fails the
 * commit: a certificate that cannot be loaded, a port that cannot be
 * bound) and applies or abandons it with them. ch NULL: nothing to do.
 */
void		 router_set_event_loop(struct router *, struct event_loop *);
/* The server's view of the loop ev and of the engine's port v (NULL: none). */
struct sslvpn_env;
struct vport;
void		 router_sslvpn_env(struct sslvpn_env *, struct event_loop *, struct vport *v);
void		 router_sslvpn_start(struct router *);
int		 router_sslvpn_prepare(struct router *, const struct config *,
		    struct sslvpn_change **ch, struct strbuf *err);
void		 router_sslvpn_apply(struct router *, struct sslvpn_change *ch);
void		 router_sslvpn_abandon(struct router *, struct sslvpn_change *ch);
/* A commit that changes no statement still re-reads the certificate files
 * of the running configuration (renewed in place): -1 with err when they
 * cannot be taken (the commit fails, nothing changes), 1 when renewed
 * ones were taken, 0 otherwise. */
int		 router_sslvpn_refresh(struct router *, struct strbuf *err);
struct sslvpn	*router_sslvpn(const struct router *);

/*
 * What the shell (cli/) reads of a router: it goes through these, never
 * through the fields, so the fields can change without touching commands.
 * running and the routes selected from it change only by router_commit();
 * the dataplane is NULL when there is no forwarding engine (tests).
 */
const struct config *router_running(const struct router *);
uint64_t	 router_generation(const struct router *);
const struct rib *router_rib(const struct router *);
struct dataplane *router_dataplane(const struct router *);
struct commitdb	*router_commitdb(const struct router *);
const char	*router_state_dir(const struct router *);
time_t		 router_boot_time(const struct router *);
/* The installation key that encrypts and decrypts type-6 secrets. */
const struct secret_key *router_secret_key(const struct router *);
/* When tunnel last went up or down (wall clock); 0 when not known. */
time_t		 router_tunnel_since(const struct router *, const char *tunnel);

#endif
