/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * router_ike - the IKE daemon (src/ike/) wired into the router: its
 * datagrams through the dataplane's IKE channel, its SAs into the engine's
 * SA database under the engine lock, and its tunnels' ups and downs into
 * the routing table (a route through a tunnel is installed only while the
 * tunnel has a CHILD_SA).
 */
#include "router.h"

#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "ike/ike.h"
#include "ipsec/manual_sa.h"
#include "ipsec/tunnel_state.h"
#include "lib/log.h"
#include "lib/xalloc.h"

static void
ike_send(void *arg, const struct ike_packet *p)
{
	struct router *r = arg;
	static struct ike_dgram d;	/* 8 KB: not on the stack; control thread only */

	if (p->len > sizeof(d.data))
		return;
	d.src = p->src;
	d.dst = p->dst;
	d.sport = p->sport;
	d.dport = p->dport;
	d.len = p->len;
	memcpy(d.data, p->data, p->len);
	(void)dataplane_ike_send(r->dp, &d);
}

static void
ike_keepalive(void *arg, uint32_t local, uint32_t peer, uint16_t port)
{
	struct router *r = arg;

	(void)dataplane_ike_keepalive(r->dp, local, peer, port);
}

static void
ike_install(void *arg, struct ipsec_sa *in, struct ipsec_sa *out)
{
	struct router *r = arg;
	struct engine *e = dataplane_lock(r->dp);

	sadb_install_pair(engine_sadb(e), in, out, dataplane_now_ms());
	dataplane_unlock(r->dp);
}

static bool
ike_remove(void *arg, const char *tunnel, enum ipsec_dir dir, uint32_t spi)
{
	struct router *r = arg;
	struct engine *e = dataplane_lock(r->dp);
	bool found = sadb_remove_spi(engine_sadb(e), tunnel, dir, spi);

	dataplane_unlock(r->dp);
	return found;
}

/* Routes follow once the daemon's call returns (router_ike_settle): a
 * tunnel's change is one of many an exchange may make. */
static void
ike_tunnel_changed(void *arg, const char *tunnel, bool up)
{
	struct router *r = arg;

	(void)tunnel;
	(void)up;
	r->reroute = true;
}

bool
router_tunnel_up(void *arg, const char *tunnel)
{
	const struct router_tunnels *rt = arg;
	const struct cfg_tunnel *t = config_tunnel_find(rt->config, tunnel);

	if (t == NULL)
		return false;
	if (t->keying == KEYING_MANUAL)
		return manual_sa_tunnel_up((void *)rt->config, tunnel);
	return rt->ike != NULL && ike_tunnel_up(rt->ike, tunnel);
}

void
router_ike_start(struct router *r)
{
	struct ike_env env = {
		.arg = r,
		.send = ike_send,
		.keepalive = ike_keepalive,
		.install = ike_install,
		.remove = ike_remove,
		.tunnel_changed = ike_tunnel_changed,
		.secret_key = r->secret_key,
	};

	r->ike = ike_new(&env);
	ike_configure(r->ike, r->running, r->rib, dataplane_now_ms());
	router_ike_settle(r);
}

/* Whether two RIBs of the running configuration install the same routes
 * for the same reasons: a tunnel through which no route goes came up or
 * went down, and the engine's tables (built from the configuration and the
 * installed routes alone) would be built again the same. */
static bool
same_routes(const struct rib *a, const struct rib *b)
{
	size_t i, n = rib_count(a);

	if (n != rib_count(b))
		return false;
	for (i = 0; i < n; i++) {
		const struct rib_route *x = rib_route(a, i), *y = rib_route(b, i);

		if (x->installed != y->installed || (x->why != y->why &&
		    (x->why == NULL || y->why == NULL || strcmp(x->why, y->why) != 0)))
			return false;
	}
	return true;
}

void
router_ike_settle(struct router *r)
{
	struct router_tunnels rt = { r->running, r->ike };
	struct strbuf err = STRBUF_INIT;
	struct dp_change *ch;
	struct rib *rib;

	if (!r->reroute || r->dp == NULL)
		return;
	r->reroute = false;
	if ((rib = rib_build_tunnels(r->running, router_tunnel_up, &rt)) == NULL)
		xalloc_failed("the routing table");
	if (r->rib != NULL && same_routes(rib, r->rib)) {
		/* nothing to rebuild (with many policy tunnels, that rebuild
		 * would be most of what a tunnel's coming up costs) */
		rib_free(rib);
		router_track_tunnels(r);
		return;
	}
	if ((ch = dataplane_prepare(r->dp, r->running, rib, &err)) == NULL) {
		log_msg(LOG_ERR, "routes through tunnels not updated: %s", strbuf_str(&err));
		rib_free(rib);
		strbuf_free(&err);
		return;
	}
	dataplane_commit(r->dp, ch);
	rib_free(r->rib);
	r->rib = rib;
	router_track_tunnels(r);
}

void
router_ike_readable(struct router *r)
{
	static struct ike_dgram d[16];	/* control thread only */
	size_t n, i;

	do {
		n = dataplane_ike_drain(r->dp, d, sizeof(d) / sizeof(d[0]));
		for (i = 0; i < n; i++) {
			struct ike_packet p = { .src = d[i].src, .dst = d[i].dst,
			    .sport = d[i].sport, .dport = d[i].dport,
			    .data = d[i].data, .len = d[i].len };

			ike_input(r->ike, &p, dataplane_now_ms());
		}
	} while (n == sizeof(d) / sizeof(d[0]));
	router_ike_settle(r);
}

int
router_ike_fd(const struct router *r)
{
	return r->dp != NULL ? dataplane_ike_fd(r->dp) : -1;
}

struct ike *
router_ike(const struct router *r)
{
	return r->ike;
}
