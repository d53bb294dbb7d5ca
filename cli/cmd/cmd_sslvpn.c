/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_sslvpn - the SSL-VPN server seen from the shell (src/sslvpn/
 * sslvpn.h): show ssl-vpn (listener, certificate and its pin in the form
 * openconnect's --servercert takes, pool, sessions, locked users), show
 * ssl-vpn sessions, show ssl-vpn statistics, clear ssl-vpn session {user
 * NAME | all} (each client is told and cut off at once). debug ssl-vpn
 * comes from lib/debug.h's list (cmd_debug.c).
 */
#include "cli/cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cli/duration.h"
#include "lib/inet.h"
#include "sslvpn/sslvpn.h"

/* The server, or NULL after saying why there is none. */
static struct sslvpn *
server(struct cli_def *cli)
{
	struct sslvpn *sv = router_sslvpn(cmd_router(cli));

	if (sv == NULL)
		cli_print(cli, "%% The SSL-VPN server is not running (no forwarding engine)");
	return sv;
}

static int
show_sslvpn(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct sslvpn *sv = server(cli);
	struct sslvpn_status st;
	char a[INET_ADDR_BUF];

	(void)cmd;
	(void)argv;
	(void)argc;
	if (sv == NULL)
		return CLI_ERROR;
	sslvpn_status(sv, &st);
	if (!st.configured) {
		cli_print(cli, "SSL-VPN server: not configured");
		return CLI_OK;
	}
	if (st.running)
		cli_print(cli, "SSL-VPN server: running");
	else
		cli_print(cli, "SSL-VPN server: not running (%s)", st.why);
	cli_print(cli, "  Listen          %s port %u", inet_format_addr(st.listen, a), st.port);
	if (st.pin[0] != '\0') {
		cli_print(cli, "  Certificate     %s", st.cert_subject);
		cli_print(cli, "  Pin             %s", st.pin);
		cli_print(cli, "  Client command  openconnect --servercert %s https://%s:%u/",
		    st.pin, a, st.port);
	}
	cli_print(cli, "  Address pool    %s/%u, %" PRIu32 " of %" PRIu32 " addresses in use",
	    inet_format_addr(st.pool, a), st.pool_plen, st.pool_used, st.pool_size);
	cli_print(cli, "  Sessions        %" PRIu32 " connected (max-sessions %" PRIu32
	    "), %" PRIu32 " held for a reconnect", st.sessions, st.max_sessions, st.held);
	cli_print(cli, "  Locked out      %" PRIu32 " user name%s", st.locked_users,
	    st.locked_users == 1 ? "" : "s");
	return CLI_OK;
}

struct sessions_ctx {
	struct cli_def	*cli;
	time_t		 now;
	unsigned	 n;
};

static bool
show_session(void *arg, const struct sslvpn_session_info *s)
{
	struct sessions_ctx *x = arg;
	char addr[INET_ADDR_BUF], client[INET_ADDR_BUF + 6], a[INET_ADDR_BUF];
	char up[DURATION_MAX];

	snprintf(client, sizeof(client), "%s:%u", inet_format_addr(s->client, a),
	    s->client_port);
	duration_format(up, sizeof(up), (int64_t)(x->now - s->since), DURATION_SHORT);
	cli_print(x->cli, "%-16s %-15s %-21s %-9s %-9s %12" PRIu64 " %12" PRIu64 " %s",
	    s->user, inet_format_addr(s->addr, addr), client, up,
	    s->connected ? "connected" : "held", s->bytes_in, s->bytes_out,
	    s->agent[0] != '\0' ? s->agent : "-");
	x->n++;
	return true;
}

static int
show_sslvpn_sessions(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct sslvpn *sv = server(cli);
	struct sessions_ctx x = { cli, time(NULL), 0 };

	(void)cmd;
	(void)argv;
	(void)argc;
	if (sv == NULL)
		return CLI_ERROR;
	cli_print(cli, "%-16s %-15s %-21s %-9s %-9s %12s %12s %s", "User", "Address",
	    "Client", "Since", "State", "Bytes in", "Bytes out", "Agent");
	sslvpn_sessions_walk(sv, show_session, &x);
	return CLI_OK;
}

static int
show_sslvpn_statistics(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct sslvpn *sv = server(cli);
	unsigned c;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (sv == NULL)
		return CLI_ERROR;
	for (c = 0; c < SSLVPN_NCOUNTERS; c++)
		cli_print(cli, "%-50s %" PRIu64, sslvpn_counter_text(c), sslvpn_counter(sv, c));
	return CLI_OK;
}

static int
clear_sessions(struct cli_def *cli, const char *user)
{
	struct sslvpn *sv = server(cli);
	unsigned n;

	if (sv == NULL)
		return CLI_ERROR;
	n = sslvpn_clear_sessions(sv, user);
	cli_print(cli, "%% %u SSL-VPN session%s cleared", n, n == 1 ? "" : "s");
	return CLI_OK;
}

static int
clear_user(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argc;
	return clear_sessions(cli, argv[0]);
}

static int
clear_all(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	return clear_sessions(cli, NULL);
}

const struct cmd_def cmd_sslvpn_defs[] = {
	{ M_EXEC, PRIV_USER, "show ssl-vpn", NULL, NULL, show_sslvpn },
	{ M_EXEC, PRIV_USER, "show ssl-vpn sessions", NULL, NULL, show_sslvpn_sessions },
	{ M_EXEC, PRIV_USER, "show ssl-vpn statistics", NULL, NULL, show_sslvpn_statistics },
	{ M_EXEC, PRIV_ADMIN, "clear ssl-vpn session user", "WORD",
	    (const char *const[]){ "User name", NULL }, clear_user },
	{ M_EXEC, PRIV_ADMIN, "clear ssl-vpn session all", NULL, NULL, clear_all },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
