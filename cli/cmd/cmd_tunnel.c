/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_tunnel - `crypto ipsec tunnel NAME` and the statements of its
 * sub-mode but the manual SAs (cmd_tunnel_sa.c), the IKE statements
 * (cmd_tunnel_ike.c) and the proposals (cmd_tunnel_proposal.c):
 * description, peer, local-address, esp lifetime, local-network,
 * remote-network, routing, replay-window, esn, nat-traversal, keying,
 * shutdown; `no` and `default` restore the default. Also what those
 * modules share (cmd_tunnel.h).
 */
#include "cmd_tunnel.h"

#include <stdlib.h>
#include <string.h>


struct cfg_tunnel *
tunnel_this(struct cli_def *cli)
{
	return config_tunnel_get(cmd_candidate(cli), cmd_submode_object(cli));
}

uint8_t
tunnel_choice(const char *word, const char *const *list)
{
	uint8_t i;

	for (i = 0; list[i] != NULL && strcmp(list[i], word) != 0; i++)
		;
	return i;
}

bool
tunnel_encrypt(struct cli_def *cli, const char *what, const uint8_t *clear,
    size_t len, char *out)
{
	if (secret_encrypt(router_secret_key(cmd_router(cli)), clear, len,
	    out) == 0)
		return true;
	cli_print(cli, "%% Cannot encrypt the %s: no random numbers", what);
	return false;
}

/* Base64 as secret_encrypt writes it: groups of 4, '=' only at the end. */
static bool
base64_ok(const char *w)
{
	size_t n = strlen(w), body = strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/");

	return n > 0 && n % 4 == 0 && n + 3 <= SECRET_TEXT_MAX &&
	    strspn(w + body, "=") == n - body && n - body <= 2;
}

bool
tunnel_parse_secret(struct cli_def *cli, char **argv, int argc, int *i,
    const char *what, tunnel_clear_fn encrypt, const void *arg, char *out,
    bool *clear)
{
	const char *type = "0";

	if (*i + 1 < argc && (strcmp(argv[*i], "0") == 0 ||
	    strcmp(argv[*i], "6") == 0))
		type = argv[(*i)++];
	*clear = strcmp(type, "0") == 0;
	if (*clear)
		return encrypt(cli, argv[(*i)++], arg, out);
	if (!base64_ok(argv[*i])) {
		cli_print(cli, "%% Invalid type-6 %s: expected the base64 text "
		    "that show running-config prints", what);
		return false;
	}
	snprintf(out, SECRET_TEXT_MAX, "6 %s", argv[(*i)++]);
	return true;
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
	struct cfg_tunnel *t = tunnel_this(cli);

	(void)argv;
	(void)argc;
	return cmd_description(cli, cmd, t->description, sizeof(t->description));
}

/* peer and local-address: a unicast address, or none. */
static int
address(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);
	bool peer = strstr(cmd, "peer") != NULL;
	bool *has = peer ? &t->has_peer : &t->has_local;
	uint32_t *addr = peer ? &t->peer : &t->local, a = 0;

	(void)argc;
	if (!cmd_resets(cmd) &&
	    !cmd_parse_unicast(cli, peer ? "peer" : "local-address", argv[0], &a))
		return CLI_ERROR;
	*has = a != 0;
	*addr = a;
	return CLI_OK;
}

static int
esp_lifetime(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_tunnel *t = tunnel_this(cli);

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
	struct cfg_tunnel *t = tunnel_this(cli);
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

static int
routing(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "policy", "route", NULL };

	(void)argc;
	tunnel_this(cli)->routing = cmd_resets(cmd) ? TUN_ROUTING_POLICY :
	    tunnel_choice(argv[0], v);
	return CLI_OK;
}

static int
nat_traversal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "auto", "force", "off", NULL };

	(void)argc;
	tunnel_this(cli)->natt = cmd_resets(cmd) ? NATT_AUTO : tunnel_choice(argv[0], v);
	return CLI_OK;
}

static int
keying(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	static const char *const v[] = { "ike", "manual", NULL };

	(void)argc;
	tunnel_this(cli)->keying = cmd_resets(cmd) ? KEYING_IKE : tunnel_choice(argv[0], v);
	return CLI_OK;
}

static int
replay_window(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	tunnel_this(cli)->replay_window = cmd_resets(cmd) ? CFG_DEFAULT_REPLAY :
	    (uint16_t)atoi(argv[0]);
	return CLI_OK;
}

static int
esn(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	tunnel_this(cli)->esn = !cmd_resets(cmd);
	return CLI_OK;
}

static int
tun_shutdown(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	tunnel_this(cli)->shutdown = !cmd_resets(cmd);
	return CLI_OK;
}

#define LIFETIME "<120-604800> [ kilobytes <2560-4294967295> ]"

static const char *const name_help[] = { "Tunnel name", NULL };
static const char *const descr_help[] = { "Text of up to 240 characters", NULL };
static const char *const peer_help[] = { "Peer gateway's address", NULL };
static const char *const local_help[] = { "Address of one of this router's interfaces", NULL };
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
