/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_engine - show engine statistics: what the forwarding engine did
 * with every packet, and every drop by reason.
 */
#include "cli/cmd.h"

#include "dataplane/dataplane.h"

static void
line(struct cli_def *cli, const char *what, uint64_t n)
{
	cli_print(cli, "  %-50s %llu", what, (unsigned long long)n);
}

static int
show_engine_statistics(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct dataplane *dp = router_dataplane(cmd_router(cli));
	struct engine_stats s;
	unsigned d;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (!cmd_engine_running(cli))
		return CLI_ERROR;
	s = *engine_stats(dataplane_lock(dp));
	dataplane_unlock(dp);
	cli_print(cli, "Packets:");
	line(cli, "forwarded", s.forwarded);
	line(cli, "for the router", s.local);
	line(cli, "handed to the kernel (punted)", s.punted);
	line(cli, "echo replies sent", s.echo_replies);
	line(cli, "ICMP errors sent", s.icmp_errors);
	line(cli, "ICMP errors not sent (rate limit)", s.icmp_rate_limited);
	line(cli, "fragments created", s.fragments);
	line(cli, "ARP requests sent", s.arp_requests);
	line(cli, "ARP replies sent", s.arp_replies);
	cli_print(cli, "Drops:");
	for (d = 0; d < DROP_COUNT; d++)
		line(cli, engine_drop_name(d), s.drops[d]);
	return CLI_OK;
}

const struct cmd_def cmd_engine_defs[] = {
	{ M_EXEC, PRIV_USER, "show engine statistics", NULL, NULL, show_engine_statistics },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
