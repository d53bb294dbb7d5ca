/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel - `crypto ipsec tunnel NAME` and the statements of its
 * sub-mode except the manual SAs (cmd_tunnel_sa.c): description, peer,
 * local-address, esp proposal, esp lifetime, local-network,
 * remote-network, routing, replay-window, esn, nat-traversal, keying,
 * shutdown; `no` and `default` restore the default.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "config/config_ipsec.h"
#include "lib/inet.h"

static struct cfg_tunnel *
this_tunnel(struct cli_def *cli)
{
	return config_tunnel_get(cmd_candidate(cli), cmd_submode_object(cli));
}

static int
tunnel(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	if (strncmp(cmd, "no ", 3) == 0) {
		if (!config_tunnel_remove(cmd_candidate(cli), argv[0])) {
			cli_print(cli, "%% No such tunnel \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	if (!cmd_check_name(cli, "tunnel", argv[0]))
		return CLI_ERROR;
	config_tunnel_get(cmd_candidate(cli), argv[0]);
	cmd_set_mode(cli, CMD_MODE_TUNNEL, argv[0]);
	return CLI_OK;
}

static int
description(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = this_tunnel(cli);

	(void)argv;
	(void)argc;
	return cmd_description(cli, cmd, t->description, sizeof(t->description));
}

/* peer and local-address: a unicast address, or none. */
static int
address(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = this_tunnel(cli);
	bool peer = strstr(cmd, "peer") != NULL;
	bool *has = peer ? &t->has_peer : &t->has_local;
	uint32_t *addr = peer ? &t->peer : &t->local, a = 0;

	(void)argc;
	if (!cmd_resets(cmd)) {
		inet_parse_addr(argv[0], &a);
		if (a == 0 || a >= 0xe0000000 || a >> 24 == 127) {
			cli_print(cli, "%% Invalid %s %s: not a unicast address",
			    peer ? "peer" : "local-address", argv[0]);
			return CLI_ERROR;
		}
	}
	*has = a != 0;
	*addr = a;
	return CLI_OK;
}

/* The names esp_alg_parse knows, for the error that lists them. */
static void
known_proposals(struct strbuf *out)
{
	int a;

	for (a = 0; a < ESP_ALG_COUNT; a++)
		strbuf_printf(out, "%s%s", a ? ", " : "", esp_alg_name(a));
}

static int
esp_proposal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = this_tunnel(cli);
	uint8_t list[CFG_PROPOSALS_MAX];
	struct strbuf known = STRBUF_INIT;
	enum esp_alg alg;
	int i, j;

	if (cmd_resets(cmd)) {
		t->nproposals = 0;
		return CLI_OK;
	}
	for (i = 0; i < argc; i++) {
		if (esp_alg_parse(argv[i], &alg) != 0) {
			known_proposals(&known);
			cli_print(cli, "%% Unknown ESP proposal \"%s\": use one "
			    "of %s", argv[i], strbuf_str(&known));
			strbuf_free(&known);
			return CLI_ERROR;
		}
		for (j = 0; j < i; j++)
			if (list[j] == alg) {
				cli_print(cli, "%% ESP proposal \"%s\" is listed "
				    "twice", argv[i]);
				return CLI_ERROR;
			}
		list[i] = (uint8_t)alg;
	}
	memcpy(t->proposal, list, (size_t)argc);
	t->nproposals = (uint8_t)argc;
	return CLI_OK;
}

static int
esp_lifetime(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = this_tunnel(cli);

	t->esp_lifetime = CFG_DEFAULT_ESP_LIFETIME;
	t->esp_lifetime_kb = 0;
	if (cmd_resets(cmd))
		return CLI_OK;
	t->esp_lifetime = (uint32_t)strtoul(argv[0], NULL, 10);
	if (argc == 3)
		t->esp_lifetime_kb = (uint32_t)strtoul(argv[2], NULL, 10);
	return CLI_OK;
}

/* local-network and remote-network: a list, in the order typed. */
static int
network(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = this_tunnel(cli);
	bool local = strstr(cmd, "local-network") != NULL;
	const char *kw = local ? "local-network" : "remote-network";
	struct cfg_prefix *list = local ? t->local_net : t->remote_net;
	uint8_t *n = local ? &t->nlocal : &t->nremote;
	struct cfg_prefix p;
	unsigned k;
	int i = 0;

	if (strncmp(cmd, "default ", 8) == 0) {
		*n = 0;
		return CLI_OK;
	}
	if (!cmd_parse_net(cli, argv, argc, &i, false, &p.addr, &p.plen))
		return CLI_ERROR;
	for (k = 0; k < *n; k++)
		if (list[k].addr == p.addr && list[k].plen == p.plen)
			break;
	if (strncmp(cmd, "no ", 3) == 0) {
		if (k == *n) {
			cli_print(cli, "%% No %s %s in this tunnel", kw, argv[0]);
			return CLI_ERROR;
		}
		memmove(&list[k], &list[k + 1], (*n - k - 1) * sizeof(*list));
		(*n)--;
		return CLI_OK;
	}
	if (k < *n)
		return CLI_OK;		/* there already */
	if (*n == CFG_NETWORKS_MAX) {
		cli_print(cli, "%% A tunnel has at most %d %s lines",
		    CFG_NETWORKS_MAX, kw);
		return CLI_ERROR;
	}
	list[(*n)++] = p;
	return CLI_OK;
}

/* The index of word in a NULL-terminated list of keywords. */
static uint8_t
choice(const char *word, const char *const *list)
{
	uint8_t i;

	for (i = 0; list[i] != NULL && strcmp(list[i], word) != 0; i++)
		;
	return i;
}

static int
routing(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "policy", "route", NULL };

	(void)argc;
	this_tunnel(cli)->routing = cmd_resets(cmd) ? TUN_ROUTING_POLICY :
	    choice(argv[0], v);
	return CLI_OK;
}

static int
nat_traversal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "auto", "force", "off", NULL };

	(void)argc;
	this_tunnel(cli)->natt = cmd_resets(cmd) ? NATT_AUTO : choice(argv[0], v);
	return CLI_OK;
}

static int
keying(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "ike", "manual", NULL };

	(void)argc;
	this_tunnel(cli)->keying = cmd_resets(cmd) ? KEYING_IKE : choice(argv[0], v);
	return CLI_OK;
}

static int
replay_window(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	this_tunnel(cli)->replay_window = cmd_resets(cmd) ? CFG_DEFAULT_REPLAY :
	    (uint16_t)atoi(argv[0]);
	return CLI_OK;
}

static int
esn(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	this_tunnel(cli)->esn = !cmd_resets(cmd);
	return CLI_OK;
}

static int
tun_shutdown(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	this_tunnel(cli)->shutdown = !cmd_resets(cmd);
	return CLI_OK;
}

#define PROPOSAL_HELP \
	"ESP proposal as strongSwan names it (aes128gcm16, aes256-sha256 and more)"
#define PROPOSALS "WORD [ WORD [ WORD [ WORD [ WORD [ WORD [ WORD [ WORD ] ] ] ] ] ] ]"
#define LIFETIME "<120-604800> [ kilobytes <2560-4294967295> ]"

static const char *const name_help[] = { "Tunnel name", NULL };
static const char *const descr_help[] = { "Text of up to 240 characters", NULL };
static const char *const peer_help[] = { "Peer gateway's address", NULL };
static const char *const local_help[] = { "Address of one of this router's interfaces", NULL };
static const char *const proposal_help[] = {
	PROPOSAL_HELP, PROPOSAL_HELP, PROPOSAL_HELP, PROPOSAL_HELP,
	PROPOSAL_HELP, PROPOSAL_HELP, PROPOSAL_HELP, PROPOSAL_HELP, NULL,
};
static const char *const lifetime_help[] = {
	"Seconds an SA lives (default 3600)", "Kilobytes an SA carries at most", NULL,
};
static const char *const net_help[] = { "Network and prefix length", NULL };
static const char *const replay_help[] = {
	"Packets in the window (0: no check; default 1024)", NULL,
};

const struct cmd_def cmd_tunnel_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "crypto ipsec tunnel", "WORD", name_help, tunnel },
	{ M_CONFIG, PRIV_ADMIN, "no crypto ipsec tunnel", "WORD", name_help, tunnel },
	{ M_TUNNEL, PRIV_ADMIN, "description", "LINE", descr_help, description },
	{ M_TUNNEL, PRIV_ADMIN, "no description", "[ LINE ]", descr_help, description },
	{ M_TUNNEL, PRIV_ADMIN, "default description", NULL, NULL, description },
	{ M_TUNNEL, PRIV_ADMIN, "peer", "A.B.C.D", peer_help, address },
	{ M_TUNNEL, PRIV_ADMIN, "no peer", "[ A.B.C.D ]", peer_help, address },
	{ M_TUNNEL, PRIV_ADMIN, "default peer", NULL, NULL, address },
	{ M_TUNNEL, PRIV_ADMIN, "local-address", "A.B.C.D", local_help, address },
	{ M_TUNNEL, PRIV_ADMIN, "no local-address", "[ A.B.C.D ]", local_help, address },
	{ M_TUNNEL, PRIV_ADMIN, "default local-address", NULL, NULL, address },
	{ M_TUNNEL, PRIV_ADMIN, "esp proposal", PROPOSALS, proposal_help, esp_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "no esp proposal", "[ " PROPOSALS " ]",
	    proposal_help, esp_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "default esp proposal", NULL, NULL, esp_proposal },
	{ M_TUNNEL, PRIV_ADMIN, "esp lifetime", LIFETIME, lifetime_help, esp_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "no esp lifetime", "[ " LIFETIME " ]", lifetime_help,
	    esp_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "default esp lifetime", NULL, NULL, esp_lifetime },
	{ M_TUNNEL, PRIV_ADMIN, "local-network", "A.B.C.D/M", net_help, network },
	{ M_TUNNEL, PRIV_ADMIN, "no local-network", "A.B.C.D/M", net_help, network },
	{ M_TUNNEL, PRIV_ADMIN, "default local-network", NULL, NULL, network },
	{ M_TUNNEL, PRIV_ADMIN, "remote-network", "A.B.C.D/M", net_help, network },
	{ M_TUNNEL, PRIV_ADMIN, "no remote-network", "A.B.C.D/M", net_help, network },
	{ M_TUNNEL, PRIV_ADMIN, "default remote-network", NULL, NULL, network },
	{ M_TUNNEL, PRIV_ADMIN, "routing", "( policy | route )", NULL, routing },
	{ M_TUNNEL, PRIV_ADMIN, "no routing", "[ policy | route ]", NULL, routing },
	{ M_TUNNEL, PRIV_ADMIN, "default routing", NULL, NULL, routing },
	{ M_TUNNEL, PRIV_ADMIN, "replay-window", "<0-4096>", replay_help, replay_window },
	{ M_TUNNEL, PRIV_ADMIN, "no replay-window", "[ <0-4096> ]", replay_help,
	    replay_window },
	{ M_TUNNEL, PRIV_ADMIN, "default replay-window", NULL, NULL, replay_window },
	{ M_TUNNEL, PRIV_ADMIN, "esn", NULL, NULL, esn },
	{ M_TUNNEL, PRIV_ADMIN, "no esn", NULL, NULL, esn },
	{ M_TUNNEL, PRIV_ADMIN, "default esn", NULL, NULL, esn },
	{ M_TUNNEL, PRIV_ADMIN, "nat-traversal", "( auto | force | off )", NULL,
	    nat_traversal },
	{ M_TUNNEL, PRIV_ADMIN, "no nat-traversal", "[ auto | force | off ]", NULL,
	    nat_traversal },
	{ M_TUNNEL, PRIV_ADMIN, "default nat-traversal", NULL, NULL, nat_traversal },
	{ M_TUNNEL, PRIV_ADMIN, "keying", "( ike | manual )", NULL, keying },
	{ M_TUNNEL, PRIV_ADMIN, "no keying", "[ ike | manual ]", NULL, keying },
	{ M_TUNNEL, PRIV_ADMIN, "default keying", NULL, NULL, keying },
	{ M_TUNNEL, PRIV_ADMIN, "shutdown", NULL, NULL, tun_shutdown },
	{ M_TUNNEL, PRIV_ADMIN, "no shutdown", NULL, NULL, tun_shutdown },
	{ M_TUNNEL, PRIV_ADMIN, "default shutdown", NULL, NULL, tun_shutdown },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
