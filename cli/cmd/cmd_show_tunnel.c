/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_show_tunnel - show crypto ipsec tunnel [NAME]: one line per
 * configured tunnel of running, with its peer, local address, keying,
 * routing and state. The state comes from the configuration alone for now
 * ("shutdown" or "down"); up and down from the SAs come with the engine.
 */
#include "cli/cmd.h"

#include "config/config_ipsec.h"
#include "lib/inet.h"

static void
print_tunnel(struct cli_def *cli, const struct cfg_tunnel *t)
{
	char peer[INET_ADDR_BUF], local[INET_ADDR_BUF];

	cli_print(cli, "%-20s %-15s %-15s %-6s %-7s %s", t->name,
	    t->has_peer ? inet_format_addr(t->peer, peer) : "-",
	    t->has_local ? inet_format_addr(t->local, local) : "auto",
	    t->keying == KEYING_MANUAL ? "manual" : "ike",
	    t->routing == TUN_ROUTING_ROUTE ? "route" : "policy",
	    t->shutdown ? "shutdown" : "down");
}

static int
show_tunnel(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct config *run = router_running(cmd_router(cli));
	const struct cfg_tunnel *t = NULL;

	(void)cmd;
	if (argc == 1 && (t = config_tunnel_find(run, argv[0])) == NULL) {
		cli_print(cli, "%% No such tunnel \"%s\"", argv[0]);
		return CLI_ERROR;
	}
	cli_print(cli, "%-20s %-15s %-15s %-6s %-7s %s", "Tunnel", "Peer",
	    "Local", "Keying", "Routing", "State");
	if (t != NULL)
		print_tunnel(cli, t);
	else
		for (t = config_tunnel_first(run); t; t = config_tunnel_next(run, t))
			print_tunnel(cli, t);
	return CLI_OK;
}

const struct cmd_def cmd_show_tunnel_defs[] = {
	{ M_EXEC, PRIV_USER, "show crypto ipsec tunnel", "[ WORD ]",
	    (const char *const[]){ "Tunnel name", NULL }, show_tunnel },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
