/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_show_route - show ip route [A.B.C.D | A.B.C.D/M | summary]: every
 * candidate route with its priority, whether it is installed, and why not.
 */
#include "cli/cmd.h"

#include <string.h>

#include "lib/inet.h"
#include "route/rib.h"

static void
print_route(struct cli_def *cli, const struct rib_route *r)
{
	char p[INET_ADDR_BUF], nh[INET_ADDR_BUF], where[96];

	inet_format_addr(r->prefix, p);
	if (r->origin == RIB_CONNECTED)
		snprintf(where, sizeof(where), "is directly connected, %s", r->out_if);
	else if (r->nh_kind == NH_NULL0)
		snprintf(where, sizeof(where), "[%u] is discarded (null0)", r->priority);
	else if (r->nh_kind == NH_ADDRESS)
		snprintf(where, sizeof(where), "[%u] via %s%s%s", r->priority,
		    inet_format_addr(r->nh_addr, nh), r->out_if[0] ? ", " : "",
		    r->out_if);
	else
		snprintf(where, sizeof(where), "[%u] via %s %s", r->priority,
		    r->nh_kind == NH_TUNNEL ? "tunnel" : "interface", r->nh_name);
	cli_print(cli, "%c%c  %s/%u %s%s%s%s%s%s", r->origin == RIB_CONNECTED ?
	    'C' : 'S', r->installed ? '*' : ' ', p, r->plen, where,
	    r->track[0] ? " track " : "", r->track,
	    r->installed ? "" : " (not installed: ", r->installed ? "" : r->why,
	    r->installed ? "" : ")");
}

/* The candidates of the prefix whose first candidate is at index i. */
static void
print_prefix(struct cli_def *cli, const struct rib *rib, size_t i)
{
	const struct rib_route *first = rib_route(rib, i);

	for (; i < rib_count(rib) && rib_route(rib, i)->prefix == first->prefix &&
	    rib_route(rib, i)->plen == first->plen; i++)
		print_route(cli, rib_route(rib, i));
}

static void
legend(struct cli_def *cli)
{
	cli_print(cli, "Codes: C - connected, S - static, * - installed; [priority]");
	cli_print(cli, "%s", "");
}

static int
show_ip_route(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct rib *rib = router_rib(cmd_router(cli));
	uint32_t addr;
	uint8_t plen;
	long i;
	int k = 0;

	(void)cmd;
	if (argc == 0) {
		legend(cli);
		for (i = 0; (size_t)i < rib_count(rib); i++)
			print_route(cli, rib_route(rib, (size_t)i));
		return CLI_OK;
	}
	if (inet_parse_addr(argv[0], &addr)) {
		if ((i = rib_lookup(rib, addr)) < 0) {
			cli_print(cli, "%% Network not in table");
			return CLI_ERROR;
		}
	} else {
		if (!cmd_parse_net(cli, argv, argc, &k, false, &addr, &plen))
			return CLI_ERROR;
		if ((i = rib_find(rib, addr, plen)) < 0) {
			cli_print(cli, "%% Network not in table");
			return CLI_ERROR;
		}
	}
	legend(cli);
	print_prefix(cli, rib, (size_t)i);
	return CLI_OK;
}

static int
show_ip_route_summary(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct rib *rib = router_rib(cmd_router(cli));
	size_t i, n[2] = { 0, 0 }, up[2] = { 0, 0 };

	(void)cmd;
	(void)argv;
	(void)argc;
	for (i = 0; i < rib_count(rib); i++) {
		const struct rib_route *r = rib_route(rib, i);

		n[r->origin]++;
		up[r->origin] += r->installed;
	}
	cli_print(cli, "%-12s %10s %10s", "Origin", "Candidates", "Installed");
	cli_print(cli, "%-12s %10zu %10zu", "connected", n[RIB_CONNECTED], up[RIB_CONNECTED]);
	cli_print(cli, "%-12s %10zu %10zu", "static", n[RIB_STATIC], up[RIB_STATIC]);
	cli_print(cli, "%-12s %10zu %10zu", "total", n[0] + n[1], up[0] + up[1]);
	/* vgwd runs no router without its engine, which forwards by this
	 * very table (engine/snapshot.c) */
	cli_print(cli, "Forwarding table: %zu KiB, in use by the forwarding "
	    "engine", rib_fib_memory(rib) / 1024);
	return CLI_OK;
}

const struct cmd_def cmd_show_route_defs[] = {
	{ M_EXEC, PRIV_USER, "show ip route", "[ A.B.C.D | A.B.C.D/M ]",
	    (const char *const[]){ "Route used for this address",
	    "Routes of exactly this prefix", NULL }, show_ip_route },
	{ M_EXEC, PRIV_USER, "show ip route summary", NULL, NULL, show_ip_route_summary },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
