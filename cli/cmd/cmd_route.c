/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_route - static routes: ip route PREFIX NEXTHOP [priority N]
 * [track NAME], and `no ip route` by the route's identity (prefix and next
 * hop).
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "lib/inet.h"

/* Fills r from argv; prints the error and returns false on bad input. */
static bool
parse_route(struct cli_def *cli, char **argv, int argc, struct cfg_route *r)
{
	char a[INET_ADDR_BUF];
	int i = 0;

	memset(r, 0, sizeof(*r));
	r->priority = CFG_DEFAULT_PRIORITY;
	if (!cmd_parse_net(cli, argv, argc, &i, false, &r->prefix, &r->plen))
		return false;
	if (strcmp(argv[i], "null0") == 0) {
		r->nh_kind = NH_NULL0;
		i++;
	} else if (strcmp(argv[i], "interface") == 0 ||
	    strcmp(argv[i], "tunnel") == 0) {
		r->nh_kind = argv[i][0] == 'i' ? NH_INTERFACE : NH_TUNNEL;
		if (!cmd_check_name(cli, argv[i], argv[i + 1]))
			return false;
		snprintf(r->nh_name, sizeof(r->nh_name), "%s", argv[i + 1]);
		i += 2;
	} else {
		r->nh_kind = NH_ADDRESS;
		inet_parse_addr(argv[i], &r->nh_addr);
		if (r->nh_addr == 0 || r->nh_addr >= 0xe0000000) {
			cli_print(cli, "%% Invalid next hop %s: not a unicast "
			    "address", inet_format_addr(r->nh_addr, a));
			return false;
		}
		i++;
	}
	for (; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "priority") == 0)
			r->priority = (uint8_t)atoi(argv[i + 1]);
		else {
			if (!cmd_check_name(cli, "track", argv[i + 1]))
				return false;
			snprintf(r->track, sizeof(r->track), "%s", argv[i + 1]);
		}
	}
	return true;
}

static int
ip_route(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf line = STRBUF_INIT;
	struct cfg_route r;

	if (!parse_route(cli, argv, argc, &r))
		return CLI_ERROR;
	if (strncmp(cmd, "no ", 3) != 0) {
		config_route_set(cmd_candidate(cli), &r);
		return CLI_OK;
	}
	if (!config_route_remove(cmd_candidate(cli), &r)) {
		config_render_route(&r, &line);
		cli_print(cli, "%% No such route: %s", line.buf);
		strbuf_free(&line);
		return CLI_ERROR;
	}
	return CLI_OK;
}

#define ROUTE_SYNTAX "( A.B.C.D/M | A.B.C.D M.M.M.M ) " \
	"( A.B.C.D | interface WORD | tunnel WORD | null0 ) " \
	"[ priority <0-255> ] [ track WORD ]"

static const char *const route_help[] = {
	"Destination prefix and length", "Destination prefix", "Destination mask",
	"Next-hop address", "Interface name", "Tunnel name", "Priority (default 1)",
	"Track name", NULL,
};

const struct cmd_def cmd_route_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "ip route", ROUTE_SYNTAX, route_help, ip_route },
	{ M_CONFIG, PRIV_ADMIN, "no ip route", ROUTE_SYNTAX, route_help, ip_route },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
