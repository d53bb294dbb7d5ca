/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_ikev2 - show crypto ikev2 sa [detail] (the IKE SAs of the IKEv2
 * daemon, src/ike/ike.h), show crypto ikev2 statistics (its half-open
 * limits: cookies demanded, requests dropped) and clear crypto sa [tunnel NAME] (IKE tunnels
 * torn down with a DELETE and, with start initiate, negotiated again at
 * once; manually keyed tunnels keep their SAs: restarting their sequence
 * numbers under the same keys would reuse GCM nonces).
 */
#include "cli/cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/duration.h"
#include "config/config_ipsec.h"
#include "ike/ike.h"
#include "lib/inet.h"

struct show_ctx {
	struct cli_def	*cli;
	bool		 detail;
	unsigned	 count;
};

static bool
show_one(void *arg, const struct ike_sa_summary *s)
{
	struct show_ctx *c = arg;
	char local[INET_ADDR_BUF + 6], peer[INET_ADDR_BUF + 6], a[INET_ADDR_BUF];
	char age[DURATION_MAX];

	snprintf(local, sizeof(local), "%s/%u", inet_format_addr(s->local, a),
	    s->local_port);
	snprintf(peer, sizeof(peer), "%s/%u", inet_format_addr(s->peer, a),
	    s->peer_port);
	cli_print(c->cli, "%-20s %-21s %-21s %-14s %-9s %s",
	    s->tunnel, local, peer, s->state, s->initiator ? "initiator" :
	    "responder", duration_format(age, sizeof(age), (int64_t)(s->age_ms / 1000),
	    DURATION_HOURS));
	if (c->detail) {
		cli_print(c->cli, "  SPIs %016" PRIx64 " (initiator) %016" PRIx64
		    " (responder)", s->spi_i, s->spi_r);
		cli_print(c->cli, "  algorithms %s, CHILD_SAs %u, NAT %s", s->algs,
		    s->children, s->nat_local ? (s->nat_peer ? "on both sides" :
		    "in front of this router") : s->nat_peer ?
		    "in front of the peer" : "none");
		if (s->rekey_in_ms > 0)
			cli_print(c->cli, "  rekey in %" PRIu64 " s", s->rekey_in_ms / 1000);
		if (s->last_error != NULL)
			cli_print(c->cli, "  last error: %s", s->last_error);
	}
	c->count++;
	return true;
}

static int
show_ikev2_sa(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);
	struct show_ctx c = { cli, argc == 1, 0 };

	(void)cmd;
	(void)argv;
	cli_print(cli, "%-20s %-21s %-21s %-14s %-9s %s", "Tunnel", "Local",
	    "Remote", "State", "Role", "Age");
	if (router_ike(r) != NULL)
		ike_walk(router_ike(r), dataplane_now_ms(), show_one, &c);
	return CLI_OK;
}

static int
show_ikev2_statistics(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);
	struct ike_stats st;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (router_ike(r) == NULL) {
		cli_print(cli, "%% The IKEv2 daemon is not running");
		return CLI_ERROR;
	}
	ike_get_stats(router_ike(r), &st);
	cli_print(cli, "IKE SAs                         %u", st.sas);
	cli_print(cli, "  half-open                     %u", st.half_open);
	cli_print(cli, "Cookies demanded from           %u half-open", st.cookie_threshold);
	cli_print(cli, "  cookies sent                  %" PRIu64, st.cookies_sent);
	cli_print(cli, "  cookies accepted              %" PRIu64, st.cookies_accepted);
	cli_print(cli, "Requests dropped from           %u half-open", st.half_open_max);
	cli_print(cli, "  requests dropped              %" PRIu64, st.half_open_dropped);
	return CLI_OK;
}

static int
clear_crypto_sa(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);
	const struct cfg_tunnel *t = NULL;
	unsigned n = 0;

	(void)cmd;
	if (argc == 2) {
		t = config_tunnel_find(router_running(r), argv[1]);
		if (t == NULL) {
			cli_print(cli, "%% No such tunnel \"%s\"", argv[1]);
			return CLI_ERROR;
		}
		if (t->keying == KEYING_MANUAL) {
			cli_print(cli, "%% Tunnel %s is keyed manually: its SAs stay "
			    "(new keys come from the configuration)", t->name);
			return CLI_ERROR;
		}
	}
	if (router_ike(r) != NULL) {
		n = ike_clear(router_ike(r), t != NULL ? t->name : NULL,
		    dataplane_now_ms());
		router_ike_settle(r);
	}
	cli_print(cli, "%% %u IKE SA%s cleared", n, n == 1 ? "" : "s");
	return CLI_OK;
}

const struct cmd_def cmd_ikev2_defs[] = {
	{ M_EXEC, PRIV_USER, "show crypto ikev2 sa", "[ detail ]", NULL, show_ikev2_sa },
	{ M_EXEC, PRIV_USER, "show crypto ikev2 statistics", NULL, NULL, show_ikev2_statistics },
	{ M_EXEC, PRIV_ADMIN, "clear crypto sa", "[ tunnel WORD ]",
	    (const char *const[]){ "Tunnel name", NULL }, clear_crypto_sa },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
