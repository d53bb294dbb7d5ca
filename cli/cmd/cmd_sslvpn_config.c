/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_sslvpn_config - `ssl-vpn` and `ssl-vpn user NAME`, and the
 * statements of their sub-modes (config_sslvpn.h): listen, certificate,
 * address-pool, split-route, dns, max-sessions, idle-timeout,
 * login-lockout, shutdown; password, static-address, shutdown. `no` and
 * `default` restore the default; `no ssl-vpn` removes the block (its
 * users stay), `no ssl-vpn user NAME` the user.
 *
 * A password typed in clear (type 0, or no type) is hashed at once into
 * its type-9 form; only the hash is kept and no message repeats the
 * password (secret_mask.c hides it from the history and the log). Input
 * that is refused changes nothing.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_sslvpn.h"
#include "lib/inet.h"

static struct cfg_sslvpn *
sslvpn_this(struct cli_def *cli)
{
	return config_sslvpn_get(cmd_candidate(cli));
}

static struct cfg_sslvpn_user *
user_this(struct cli_def *cli)
{
	return config_sslvpn_user_get(cmd_candidate(cli), cmd_submode_object(cli));
}

static bool
is_no(const char *cmd)
{
	return strncmp(cmd, "no ", 3) == 0;
}

static int
sslvpn(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	if (is_no(cmd)) {
		if (!config_sslvpn_remove(cmd_candidate(cli))) {
			cli_print(cli, "%% No ssl-vpn block to remove");
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	config_sslvpn_get(cmd_candidate(cli));
	cmd_set_mode(cli, CMD_MODE_SSLVPN, NULL);
	return CLI_OK;
}

static int
sslvpn_user(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct config *c = cmd_candidate(cli);

	(void)argc;
	if (is_no(cmd)) {
		if (!config_sslvpn_user_remove(c, argv[0])) {
			cli_print(cli, "%% No such ssl-vpn user \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	if (!cmd_check_name(cli, "user", argv[0]))
		return CLI_ERROR;
	if (config_sslvpn_user_find(c, argv[0]) == NULL &&
	    config_sslvpn_user_count(c) >= CFG_SSLVPN_USERS_MAX) {
		cli_print(cli, "%% At most %d ssl-vpn users", CFG_SSLVPN_USERS_MAX);
		return CLI_ERROR;
	}
	config_sslvpn_user_get(c, argv[0]);
	cmd_set_mode(cli, CMD_MODE_SSLVPN_USER, argv[0]);
	return CLI_OK;
}

/* listen A.B.C.D [port N] */
static int
listen_(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);
	uint32_t a;

	if (cmd_resets(cmd)) {
		s->has_listen = false;
		s->listen = 0;
		s->port = CFG_SSLVPN_DEFAULT_PORT;
		return CLI_OK;
	}
	if (!cmd_parse_unicast(cli, "listen", argv[0], &a))
		return CLI_ERROR;
	s->has_listen = true;
	s->listen = a;
	s->port = argc == 3 ? (uint16_t)atoi(argv[2]) : CFG_SSLVPN_DEFAULT_PORT;
	return CLI_OK;
}

/* certificate {self-signed | FILE [key FILE]} */
static int
certificate(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);
	bool self = !cmd_resets(cmd) && strcmp(argv[0], "self-signed") == 0;
	bool files = !cmd_resets(cmd) && !self;

	if (files && (!cmd_check_path(cli, "Certificate file", argv[0]) ||
	    (argc == 3 && !cmd_check_path(cli, "Key file", argv[2]))))
		return CLI_ERROR;
	s->self_signed = self;
	snprintf(s->cert_file, sizeof(s->cert_file), "%s", files ? argv[0] : "");
	snprintf(s->key_file, sizeof(s->key_file), "%s",
	    files && argc == 3 ? argv[2] : "");
	return CLI_OK;
}

static int
address_pool(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);
	uint32_t prefix;
	uint8_t plen;
	int i = 0;

	if (cmd_resets(cmd)) {
		s->has_pool = false;
		s->pool = 0;
		s->pool_plen = 0;
		return CLI_OK;
	}
	if (!cmd_parse_net(cli, argv, argc, &i, false, &prefix, &plen))
		return CLI_ERROR;
	if (plen < CFG_SSLVPN_POOL_PLEN_MIN || plen > CFG_SSLVPN_POOL_PLEN_MAX) {
		cli_print(cli, "%% address-pool: prefix length must be %d to %d",
		    CFG_SSLVPN_POOL_PLEN_MIN, CFG_SSLVPN_POOL_PLEN_MAX);
		return CLI_ERROR;
	}
	s->has_pool = true;
	s->pool = prefix;
	s->pool_plen = plen;
	return CLI_OK;
}

/* split-route: a list kept in order; `default` empties it. */
static int
split_route(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);
	char a[INET_ADDR_BUF];
	uint32_t prefix;
	uint8_t plen;
	int i = 0;

	if (strncmp(cmd, "default ", 8) == 0) {
		s->nroutes = 0;
		return CLI_OK;
	}
	if (!cmd_parse_net(cli, argv, argc, &i, false, &prefix, &plen))
		return CLI_ERROR;
	if (is_no(cmd)) {
		if (!config_sslvpn_route_remove(s, prefix, plen)) {
			cli_print(cli, "%% No split-route %s/%u in ssl-vpn",
			    inet_format_addr(prefix, a), plen);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	if (!config_sslvpn_route_add(s, prefix, plen)) {
		cli_print(cli, "%% split-route: ssl-vpn has at most %d",
		    CFG_SSLVPN_ROUTES_MAX);
		return CLI_ERROR;
	}
	return CLI_OK;
}

/* An optional unicast address (dns, static-address): `what` names it. */
static int
set_address(struct cli_def *cli, const char *cmd, char **argv, const char *what,
    bool *has, uint32_t *addr)
{
	uint32_t a = 0;

	if (!cmd_resets(cmd) && !cmd_parse_unicast(cli, what, argv[0], &a))
		return CLI_ERROR;
	*has = a != 0;
	*addr = a;
	return CLI_OK;
}

static int
dns(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);

	(void)argc;
	return set_address(cli, cmd, argv, "dns", &s->has_dns, &s->dns);
}

static int
max_sessions(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	sslvpn_this(cli)->max_sessions = cmd_resets(cmd) ?
	    CFG_SSLVPN_DEFAULT_MAX_SESSIONS : (uint32_t)strtoul(argv[0], NULL, 10);
	return CLI_OK;
}

static int
idle_timeout(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	sslvpn_this(cli)->idle_timeout = cmd_resets(cmd) ?
	    CFG_SSLVPN_DEFAULT_IDLE : (uint32_t)strtoul(argv[0], NULL, 10);
	return CLI_OK;
}

/* login-lockout attempts N period S */
static int
login_lockout(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn *s = sslvpn_this(cli);

	(void)argc;
	s->lockout_attempts = 0;
	s->lockout_period = 0;
	if (cmd_resets(cmd))
		return CLI_OK;
	s->lockout_attempts = (uint8_t)atoi(argv[1]);
	s->lockout_period = (uint32_t)strtoul(argv[3], NULL, 10);
	return CLI_OK;
}

static int
sslvpn_shutdown(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	sslvpn_this(cli)->shutdown = !cmd_resets(cmd);
	return CLI_OK;
}

/* password [0|9] SECRET: hashed here, the clear text kept nowhere */
static int
password(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn_user *u = user_this(cli);
	char hash[CFG_SECRET_MAX];

	if (cmd_resets(cmd)) {
		explicit_bzero(u->password, sizeof(u->password));
		return CLI_OK;
	}
	if (!cmd_parse_secret(cli, "password", argv, argc, 0, hash, sizeof(hash)))
		return CLI_ERROR;
	explicit_bzero(u->password, sizeof(u->password));
	memcpy(u->password, hash, sizeof(u->password));
	explicit_bzero(hash, sizeof(hash));
	return CLI_OK;
}

static int
static_address(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_sslvpn_user *u = user_this(cli);

	(void)argc;
	return set_address(cli, cmd, argv, "static-address", &u->has_static,
	    &u->static_addr);
}

static int
user_shutdown(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	user_this(cli)->shutdown = !cmd_resets(cmd);
	return CLI_OK;
}

#define NET_SYNTAX	"( A.B.C.D/M | A.B.C.D M.M.M.M )"
#define LISTEN_SYNTAX	"A.B.C.D [ port <1-65535> ]"
#define CERT_SYNTAX	"( self-signed | WORD [ key WORD ] )"
#define LOCKOUT_SYNTAX	"attempts <1-100> period <10-86400>"
#define SECRET_SYNTAX	"( 0 WORD | 9 WORD | WORD )"

static const char *const user_help[] = { "User name", NULL };
static const char *const listen_help[] = {
	"Address of one of this router's interfaces", "Port number", NULL,
};
static const char *const cert_help[] = {
	"Absolute path of the certificate file (PEM)",
	"Absolute path of the private key file (PEM)", NULL,
};
static const char *const pool_help[] = {
	"Pool network and prefix length (/8 to /30)", "Pool network", "Pool mask", NULL,
};
static const char *const route_help[] = {
	"Network and prefix length", "Network", "Mask", NULL,
};
static const char *const dns_help[] = { "DNS server's address", NULL };
static const char *const sessions_help[] = {
	"Sessions at once (default 1024)", NULL,
};
static const char *const idle_help[] = {
	"Seconds without traffic (default 1800)", NULL,
};
static const char *const lockout_help[] = {
	"Failed logins in the period", "Seconds, also how long the lockout lasts", NULL,
};
static const char *const secret_help[] = {
	"Password in clear text (hashed at once)", "Type-9 hash of the password",
	"Password in clear text (hashed at once)", NULL,
};
static const char *const static_help[] = { "Address in the pool", NULL };

/* The three forms of a statement of mode m: set, `no` (the arguments
 * optional), `default`. */
#define STATEMENT(m, path, syntax, help, fn)				\
	{ m, PRIV_ADMIN, path, syntax, help, fn },			\
	{ m, PRIV_ADMIN, "no " path, "[ " syntax " ]", help, fn },	\
	{ m, PRIV_ADMIN, "default " path, NULL, NULL, fn }
#define FLAG(m, path, fn)						\
	{ m, PRIV_ADMIN, path, NULL, NULL, fn },			\
	{ m, PRIV_ADMIN, "no " path, NULL, NULL, fn },			\
	{ m, PRIV_ADMIN, "default " path, NULL, NULL, fn }

const struct cmd_def cmd_sslvpn_config_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "ssl-vpn", NULL, NULL, sslvpn },
	{ M_CONFIG, PRIV_ADMIN, "no ssl-vpn", NULL, NULL, sslvpn },
	{ M_CONFIG, PRIV_ADMIN, "ssl-vpn user", "WORD", user_help, sslvpn_user },
	{ M_CONFIG, PRIV_ADMIN, "no ssl-vpn user", "WORD", user_help, sslvpn_user },
	STATEMENT(M_SSLVPN, "listen", LISTEN_SYNTAX, listen_help, listen_),
	STATEMENT(M_SSLVPN, "certificate", CERT_SYNTAX, cert_help, certificate),
	STATEMENT(M_SSLVPN, "address-pool", NET_SYNTAX, pool_help, address_pool),
	{ M_SSLVPN, PRIV_ADMIN, "split-route", NET_SYNTAX, route_help, split_route },
	{ M_SSLVPN, PRIV_ADMIN, "no split-route", NET_SYNTAX, route_help, split_route },
	{ M_SSLVPN, PRIV_ADMIN, "default split-route", NULL, NULL, split_route },
	STATEMENT(M_SSLVPN, "dns", "A.B.C.D", dns_help, dns),
	STATEMENT(M_SSLVPN, "max-sessions", "<1-100000>", sessions_help, max_sessions),
	STATEMENT(M_SSLVPN, "idle-timeout", "<60-86400>", idle_help, idle_timeout),
	STATEMENT(M_SSLVPN, "login-lockout", LOCKOUT_SYNTAX, lockout_help,
	    login_lockout),
	FLAG(M_SSLVPN, "shutdown", sslvpn_shutdown),
	{ M_SSLVPN_USER, PRIV_ADMIN, "password", SECRET_SYNTAX, secret_help, password },
	{ M_SSLVPN_USER, PRIV_ADMIN, "no password", NULL, NULL, password },
	{ M_SSLVPN_USER, PRIV_ADMIN, "default password", NULL, NULL, password },
	STATEMENT(M_SSLVPN_USER, "static-address", "A.B.C.D", static_help,
	    static_address),
	FLAG(M_SSLVPN_USER, "shutdown", user_shutdown),
	{ 0, 0, NULL, NULL, NULL, NULL },
};
