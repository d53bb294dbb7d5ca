/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel_ike - the IKEv2 statements of a tunnel: pre-shared-key,
 * ike version, ike lifetime, local-id, remote-id, dpd, start (the
 * proposals are cmd_tunnel_proposal.c's). `no` and `default` restore the
 * default, except `no dpd`, which turns liveness checks off (their default
 * is on).
 *
 * A pre-shared key typed in clear is 1 to SECRET_CLEAR_MAX printable ASCII
 * characters (config_psk_ok), encrypted at once; see cmd_tunnel.h.
 */
#include "cmd_tunnel.h"

#include <stdlib.h>
#include <string.h>

/* A clear pre-shared key (a tunnel_clear_fn): checked, then encrypted. */
static bool
encrypt_psk(struct cli_def *cli, const char *word, const void *arg, char *out)
{
	const char *why;

	(void)arg;
	if (!config_psk_ok((const uint8_t *)word, strlen(word), &why)) {
		cli_print(cli, "%% Invalid pre-shared-key: %s", why);
		return false;
	}
	return tunnel_encrypt(cli, "pre-shared-key", (const uint8_t *)word,
	    strlen(word), out);
}

static int
pre_shared_key(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	char text[SECRET_TEXT_MAX];
	bool clear;
	int i = 0;

	if (cmd_resets(cmd)) {
		t->psk[0] = '\0';
		return CLI_OK;
	}
	if (!tunnel_parse_secret(cli, argv, argc, &i, "pre-shared-key",
	    encrypt_psk, NULL, text, &clear))
		return CLI_ERROR;
	memcpy(t->psk, text, sizeof(t->psk));
	return CLI_OK;
}

/* ike version <1-2>: 2 is the only one, the default, never shown. */
static int
ike_version(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	if (!cmd_resets(cmd) && atoi(argv[0]) != 2) {
		cli_print(cli, "%% IKEv1 is not supported: the only version is 2");
		return CLI_ERROR;
	}
	return CLI_OK;
}

static int
ike_lifetime(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	tunnel_this(cli)->ike_lifetime = cmd_resets(cmd) ?
	    CFG_DEFAULT_IKE_LIFETIME : (uint32_t)strtoul(argv[0], NULL, 10);
	return CLI_OK;
}

/* local-id and remote-id: address A.B.C.D | fqdn NAME, or the default. */
static int
identity(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	bool local = strstr(cmd, "local-id") != NULL;
	struct cfg_ike_id id;
	const char *why;

	(void)argc;
	memset(&id, 0, sizeof(id));
	if (cmd_resets(cmd))
		id.type = ID_DEFAULT;
	else if (strcmp(argv[0], "address") == 0) {
		if (!cmd_parse_unicast(cli, local ? "local-id" : "remote-id", argv[1],
		    &id.addr))
			return CLI_ERROR;
		id.type = ID_ADDRESS;
	} else if (!config_fqdn_ok(argv[1], &why)) {
		cli_print(cli, "%% Invalid fqdn \"%s\": %s", argv[1], why);
		return CLI_ERROR;
	} else {
		id.type = ID_FQDN;
		memcpy(id.fqdn, argv[1], strlen(argv[1]) + 1);
	}
	*(local ? &t->local_id : &t->remote_id) = id;
	return CLI_OK;
}

static int
dpd(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);

	(void)argc;
	t->dpd_retries = CFG_DEFAULT_DPD_RETRIES;
	if (strncmp(cmd, "no ", 3) == 0)
		t->dpd_interval = 0;
	else if (cmd_resets(cmd))
		t->dpd_interval = CFG_DEFAULT_DPD_INTERVAL;
	else {
		t->dpd_interval = (uint16_t)atoi(argv[1]);
		t->dpd_retries = (uint8_t)atoi(argv[3]);
	}
	return CLI_OK;
}

static int
start(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "initiate", "respond", "on-traffic", NULL };

	(void)argc;
	tunnel_this(cli)->start = cmd_resets(cmd) ? START_INITIATE :
	    tunnel_choice(argv[0], v);
	return CLI_OK;
}

#define KEY "( 0 WORD | 6 WORD | WORD )"
#define ID "( address A.B.C.D | fqdn WORD )"
#define DPD "interval <1-3600> retries <1-10>"

#define CLEAR_HELP "Key in clear text, 1 to 256 printable characters (encrypted at once)"
static const char *const key_help[] = {
	CLEAR_HELP, "Key as type 6 text", CLEAR_HELP, NULL,
};
static const char *const version_help[] = {
	"IKE version: 2 (IKEv1 is not supported)", NULL,
};
static const char *const lifetime_help[] = {
	"Seconds an IKE SA lives before it is rekeyed (default 86400)", NULL,
};
static const char *const local_id_help[] = {
	"Address sent as this router's identity",
	"Domain name sent as this router's identity", NULL,
};
static const char *const remote_id_help[] = {
	"Address the peer must send as its identity",
	"Domain name the peer must send as its identity", NULL,
};
static const char *const dpd_help[] = {
	"Seconds without a message from the peer before a check, and between checks",
	"Unanswered checks before the peer is declared dead", NULL,
};

const struct cmd_def cmd_tunnel_ike_defs[] = {
	{ M_TUNNEL, PRIV_ADMIN, "pre-shared-key", KEY, key_help, pre_shared_key },
	{ M_TUNNEL, PRIV_ADMIN, "no pre-shared-key", "[ " KEY " ]", key_help,
	    pre_shared_key },
	{ M_TUNNEL, PRIV_ADMIN, "default pre-shared-key", NULL, NULL, pre_shared_key },
	{ M_TUNNEL, PRIV_ADMIN, "ike version", "<1-2>", version_help, ike_version },
	{ M_TUNNEL, PRIV_ADMIN, "no ike version", "[ <1-2> ]", version_help,
	    ike_version },
	{ M_TUNNEL, PRIV_ADMIN, "default ike version", NULL, NULL, ike_version },
	{ M_TUNNEL, PRIV_ADMIN, "ike lifetime", "<120-604800>", lifetime_help,
	    ike_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "no ike lifetime", "[ <120-604800> ]", lifetime_help,
	    ike_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "default ike lifetime", NULL, NULL, ike_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "local-id", ID, local_id_help, identity },
	{ M_TUNNEL, PRIV_ADMIN, "no local-id", "[ " ID " ]", local_id_help, identity },
	{ M_TUNNEL, PRIV_ADMIN, "default local-id", NULL, NULL, identity },
	{ M_TUNNEL, PRIV_ADMIN, "remote-id", ID, remote_id_help, identity },
	{ M_TUNNEL, PRIV_ADMIN, "no remote-id", "[ " ID " ]", remote_id_help, identity },
	{ M_TUNNEL, PRIV_ADMIN, "default remote-id", NULL, NULL, identity },
	{ M_TUNNEL, PRIV_ADMIN, "dpd", DPD, dpd_help, dpd },
	{ M_TUNNEL, PRIV_ADMIN, "no dpd", "[ " DPD " ]", dpd_help, dpd },
	{ M_TUNNEL, PRIV_ADMIN, "default dpd", NULL, NULL, dpd },
	{ M_TUNNEL, PRIV_ADMIN, "start", "( initiate | respond | on-traffic )", NULL,
	    start },
	{ M_TUNNEL, PRIV_ADMIN, "no start", "[ initiate | respond | on-traffic ]",
	    NULL, start },
	{ M_TUNNEL, PRIV_ADMIN, "default start", NULL, NULL, start },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
