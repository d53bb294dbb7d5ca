/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * router_sslvpn - the SSL-VPN server (src/sslvpn/) wired into the router:
 * its descriptors on the control thread's event loop, the engine's virtual
 * port for its users' packets, and its configuration in the router's
 * commit (prepared with the engine's tables, applied with them).
 */
#include "router.h"

#include "dataplane/vport.h"
#include "event.h"
#include "lib/log.h"
#include "sslvpn/sslvpn.h"

static int
loop_add(void *arg, int fd, short events, void (*fn)(int, short, void *), void *cb_arg)
{
	return event_add_fd(arg, fd, events, fn, cb_arg);
}

static void
loop_set(void *arg, int fd, short events)
{
	event_set_events(arg, fd, events);
}

static void
loop_del(void *arg, int fd)
{
	event_del_fd(arg, fd);
}

void
router_set_event_loop(struct router *r, struct event_loop *ev)
{
	r->ev = ev;
}

void
router_sslvpn_env(struct sslvpn_env *env, struct event_loop *ev, struct vport *v)
{
	*env = (struct sslvpn_env){
		.arg = ev,
		.add_fd = loop_add,
		.set_events = loop_set,
		.del_fd = loop_del,
		.to_engine = v != NULL ? v->to_engine : NULL,
		.from_engine = v != NULL ? v->to_control : NULL,
	};
}

void
router_sslvpn_start(struct router *r)
{
	struct strbuf err = STRBUF_INIT;
	struct sslvpn_change *ch;
	struct sslvpn_env env;

	if (r->ev == NULL)	/* no loop (tests): no server */
		return;
	router_sslvpn_env(&env, r->ev, dataplane_vport(r->dp));
	if ((r->sslvpn = sslvpn_new(&env, r->state_dir, &err)) == NULL) {
		log_msg(LOG_ERR, "ssl-vpn: the server cannot start: %s", strbuf_str(&err));
		strbuf_free(&err);
		return;
	}
	if ((ch = sslvpn_prepare(r->sslvpn, r->running, &err)) != NULL)
		sslvpn_apply(r->sslvpn, ch);
	else
		log_msg(LOG_ERR, "%s", strbuf_str(&err));
	strbuf_free(&err);
}

int
router_sslvpn_prepare(struct router *r, const struct config *c,
    struct sslvpn_change **ch, struct strbuf *err)
{
	*ch = NULL;
	if (r->sslvpn == NULL)
		return 0;
	*ch = sslvpn_prepare(r->sslvpn, c, err);
	return *ch != NULL ? 0 : -1;
}

void
router_sslvpn_apply(struct router *r, struct sslvpn_change *ch)
{
	if (ch != NULL)
		sslvpn_apply(r->sslvpn, ch);
}

void
router_sslvpn_abandon(struct router *r, struct sslvpn_change *ch)
{
	if (ch != NULL)
		sslvpn_abandon(r->sslvpn, ch);
}

int
router_sslvpn_refresh(struct router *r, struct strbuf *err)
{
	struct sslvpn_change *ch;
	int renewed;

	if (r->sslvpn == NULL)
		return 0;
	if ((ch = sslvpn_prepare(r->sslvpn, r->running, err)) == NULL)
		return -1;
	renewed = sslvpn_change_certificate(ch);
	sslvpn_apply(r->sslvpn, ch);
	return renewed;
}

struct sslvpn *
router_sslvpn(const struct router *r)
{
	return r->sslvpn;
}
