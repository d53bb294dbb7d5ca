/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_show_tunnel - show crypto ipsec tunnel [NAME]: one line per
 * configured tunnel of running, with its peer, local address, keying,
 * routing and state: up while its outbound SA is installed (for how long:
 * that SA's age), shutdown, or down, for how long (the router's record of
 * when it went down: router_tunnel_since) and why (manual_sa.h says why a
 * tunnel gets no SAs, ike.h why IKE has not brought it up; a manual SA
 * that ran out of sequence numbers is gone until the keys change).
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config/config_ipsec.h"
#include "lib/inet.h"
#include "crypto/secret.h"
#include "ike/ike.h"
#include "ike/ike_peer_config.h"
#include "ipsec/tables.h"
#include "ipsec/manual_sa.h"
#include "cli/duration.h"
#include "cli/sa_list.h"

/* "up 1:02:03", "down 0:00:07": a state and how long it has lasted, s
 * seconds, as IOS writes uptimes. */
static void
state_for(char *buf, size_t size, const char *state, uint64_t s)
{
	char d[DURATION_MAX];

	snprintf(buf, size, "%s %s", state, duration_format(d, sizeof(d), (int64_t)s,
	    DURATION_HOURS));
}

static void
print_tunnel(struct cli_def *cli, const struct router *r, const struct cfg_tunnel *t,
    const struct sa_list *l, time_t now)
{
	const struct ipsec_sa_info *out = sa_list_outbound(l, t->name);
	char peer[INET_ADDR_BUF], local[INET_ADDR_BUF], state[160], down[32] = "down";
	const char *why = t->keying == KEYING_IKE && !t->shutdown &&
	    router_ike(r) != NULL ? ike_tunnel_why_down(router_ike(r), t->name) :
	    manual_sa_why_down(t);
	time_t since = router_tunnel_since(r, t->name);

	if (out != NULL)
		state_for(state, sizeof(state), "up", out->age_ms / 1000);
	else if (t->shutdown)
		snprintf(state, sizeof(state), "shutdown");
	else {
		/* the wall clock may have been set back since */
		if (since != 0)
			state_for(down, sizeof(down), "down",
			    now > since ? (uint64_t)(now - since) : 0);
		snprintf(state, sizeof(state), "%s (%s)", down, why ? why :
		    router_dataplane(r) != NULL ?
		    "no outbound SA: it ran out of sequence numbers" :
		    "no forwarding engine");
	}
	cli_print(cli, "%-20s %-15s %-15s %-6s %-7s %s", t->name,
	    t->has_peer ? inet_format_addr(t->peer, peer) : "-",
	    out != NULL ? inet_format_addr(out->local, local) :
	    t->has_local ? inet_format_addr(t->local, local) : "auto",
	    t->keying == KEYING_MANUAL ? "manual" : "ike",
	    t->routing == TUN_ROUTING_ROUTE ? "route" : "policy", state);
}

/* show crypto ipsec tunnel NAME peer-config strongswan: the pre-shared key
 * in clear only to privilege 15, which may read it from the configuration
 * anyway (type 6 decrypts on this installation). */
static int
show_peer_config(struct cli_def *cli, struct router *r, const struct cfg_tunnel *t)
{
	struct strbuf out = STRBUF_INIT;
	uint8_t psk[SECRET_CLEAR_MAX];
	char why[160];
	struct ipsec_tunnel it;
	int len = -1;

	if (t->keying != KEYING_IKE || !t->has_peer) {
		cli_print(cli, "%% Tunnel %s %s: there is no IKE peer to configure",
		    t->name, t->keying != KEYING_IKE ? "is keyed manually" : "has no peer");
		return CLI_ERROR;
	}
	ipsec_tunnel_resolve(router_running(r), router_rib(r), t, &it);
	if (it.local == 0) {
		cli_print(cli, "%% Tunnel %s has no local address yet: give it a "
		    "local-address, or a route to its peer", t->name);
		return CLI_ERROR;
	}
	if (cli->privilege >= PRIV_ADMIN && t->psk[0] != '\0')
		len = secret_decrypt(router_secret_key(r), t->psk, psk, why, sizeof(why));
	ike_peer_config_strongswan(t, it.local, len > 0 ? psk : NULL,
	    len > 0 ? (size_t)len : 0, &out);
	explicit_bzero(psk, sizeof(psk));
	cli_print(cli, "%s", strbuf_str(&out));
	explicit_bzero(out.buf, out.len);
	strbuf_free(&out);
	return CLI_OK;
}

static int
show_tunnel(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);
	const struct config *run = router_running(r);
	const struct cfg_tunnel *t = NULL;
	struct sa_list l;

	(void)cmd;
	if (argc >= 1 && (t = config_tunnel_find(run, argv[0])) == NULL) {
		cli_print(cli, "%% No such tunnel \"%s\"", argv[0]);
		return CLI_ERROR;
	}
	if (argc == 3)
		return show_peer_config(cli, r, t);
	sa_list_take(&l, router_dataplane(r), t != NULL ? t->name : NULL);
	cli_print(cli, "%-20s %-15s %-15s %-6s %-7s %s", "Tunnel", "Peer",
	    "Local", "Keying", "Routing", "State");
	if (t != NULL)
		print_tunnel(cli, r, t, &l, time(NULL));
	else
		for (t = config_tunnel_first(run); t; t = config_tunnel_next(run, t))
			print_tunnel(cli, r, t, &l, time(NULL));
	sa_list_free(&l);
	return CLI_OK;
}

const struct cmd_def cmd_show_tunnel_defs[] = {
	{ M_EXEC, PRIV_USER, "show crypto ipsec tunnel",
	    "[ WORD [ peer-config strongswan ] ]",
	    (const char *const[]){ "Tunnel name", NULL }, show_tunnel },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
