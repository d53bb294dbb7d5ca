/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_interface - `interface NAME` and the statements of its sub-mode:
 * description, ip address, mtu, mac-address, tap, arp timeout, shutdown;
 * `no` and `default`
 * restore the default.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "lib/inet.h"

static struct cfg_interface *
this_interface(struct cli_def *cli)
{
	return config_interface_get(cmd_candidate(cli), cmd_submode_object(cli));
}

static int
interface(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	if (!cmd_check_name(cli, "interface", argv[0]))
		return CLI_ERROR;
	if (strncmp(cmd, "no ", 3) == 0) {
		if (!config_interface_remove(cmd_candidate(cli), argv[0])) {
			cli_print(cli, "%% No such interface \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	config_interface_get(cmd_candidate(cli), argv[0]);
	cmd_set_mode(cli, CMD_MODE_IF, argv[0]);
	return CLI_OK;
}

static int
description(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_interface *ifp = this_interface(cli);

	(void)argv;
	(void)argc;
	return cmd_description(cli, cmd, ifp->description, sizeof(ifp->description));
}

static int
ip_address(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_interface *ifp = this_interface(cli);
	uint32_t addr;
	uint8_t plen;
	int i = 0;

	if (cmd_resets(cmd)) {
		ifp->has_addr = false;
		ifp->addr = 0;
		ifp->plen = 0;
		return CLI_OK;
	}
	if (!cmd_parse_net(cli, argv, argc, &i, true, &addr, &plen))
		return CLI_ERROR;
	ifp->has_addr = true;
	ifp->addr = addr;
	ifp->plen = plen;
	return CLI_OK;
}

static int
mtu(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	this_interface(cli)->mtu = cmd_resets(cmd) ? CFG_DEFAULT_MTU :
	    (uint16_t)atoi(argv[0]);
	return CLI_OK;
}

static int
mac_address(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_interface *ifp = this_interface(cli);
	uint8_t mac[6];

	(void)argc;
	if (cmd_resets(cmd)) {
		ifp->has_mac = false;
		memset(ifp->mac, 0, sizeof(ifp->mac));
		return CLI_OK;
	}
	inet_parse_mac(argv[0], mac);
	if (mac[0] & 1) {
		cli_print(cli, "%% %s is a multicast address: an interface needs "
		    "a unicast MAC address", argv[0]);
		return CLI_ERROR;
	}
	ifp->has_mac = true;
	memcpy(ifp->mac, mac, sizeof(mac));
	return CLI_OK;
}

/* A Linux interface name: at most 15 characters, none of them '/', ':' or
 * blank, and not "." or "..". */
static int
tap(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_interface *ifp = this_interface(cli);
	const char *p;

	(void)argc;
	if (cmd_resets(cmd)) {
		ifp->tap[0] = '\0';
		return CLI_OK;
	}
	if (strlen(argv[0]) > CFG_TAP_MAX) {
		cli_print(cli, "%% TAP device name too long: \"%s\" has %zu "
		    "characters (at most %d)", argv[0], strlen(argv[0]), CFG_TAP_MAX);
		return CLI_ERROR;
	}
	for (p = argv[0]; *p != '\0'; p++)
		if (*p == '/' || *p == ':' || (unsigned char)*p <= ' ' || *p == 0x7f)
			break;
	if (*p != '\0' || strcmp(argv[0], ".") == 0 || strcmp(argv[0], "..") == 0) {
		cli_print(cli, "%% Invalid TAP device name \"%s\": a Linux "
		    "interface name cannot be . or .. nor contain / : or blanks",
		    argv[0]);
		return CLI_ERROR;
	}
	snprintf(ifp->tap, sizeof(ifp->tap), "%s", argv[0]);
	return CLI_OK;
}

static int
arp_timeout(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	this_interface(cli)->arp_timeout = cmd_resets(cmd) ? 0 :
	    (uint32_t)strtoul(argv[0], NULL, 10);
	return CLI_OK;
}

static int
if_shutdown(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	this_interface(cli)->shutdown = !cmd_resets(cmd);
	return CLI_OK;
}

static const char *const if_help[] = { "Interface name", NULL };
static const char *const addr_help[] = {
	"IP address", "Subnet mask", "IP address and prefix length", NULL,
};
static const char *const mtu_help[] = { "MTU in bytes", NULL };
static const char *const mac_help[] = { "MAC address", NULL };
static const char *const tap_help[] = { "Host-side TAP device name", NULL };
static const char *const arp_help[] = { "Seconds an ARP entry is kept", NULL };
static const char *const descr_help[] = { "Text of up to 240 characters", NULL };

#define ADDR_SYNTAX "( A.B.C.D M.M.M.M | A.B.C.D/M )"

const struct cmd_def cmd_interface_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "interface", "WORD", if_help, interface },
	{ M_CONFIG, PRIV_ADMIN, "no interface", "WORD", if_help, interface },
	{ M_IF, PRIV_ADMIN, "description", "LINE", descr_help, description },
	{ M_IF, PRIV_ADMIN, "no description", "[ LINE ]", descr_help, description },
	{ M_IF, PRIV_ADMIN, "default description", NULL, NULL, description },
	{ M_IF, PRIV_ADMIN, "ip address", ADDR_SYNTAX, addr_help, ip_address },
	{ M_IF, PRIV_ADMIN, "no ip address", "[ " ADDR_SYNTAX " ]", addr_help, ip_address },
	{ M_IF, PRIV_ADMIN, "default ip address", NULL, NULL, ip_address },
	{ M_IF, PRIV_ADMIN, "mtu", "<576-9000>", mtu_help, mtu },
	{ M_IF, PRIV_ADMIN, "no mtu", "[ <576-9000> ]", mtu_help, mtu },
	{ M_IF, PRIV_ADMIN, "default mtu", NULL, NULL, mtu },
	{ M_IF, PRIV_ADMIN, "mac-address", "HH:HH:HH:HH:HH:HH", mac_help, mac_address },
	{ M_IF, PRIV_ADMIN, "no mac-address", "[ HH:HH:HH:HH:HH:HH ]", mac_help, mac_address },
	{ M_IF, PRIV_ADMIN, "default mac-address", NULL, NULL, mac_address },
	{ M_IF, PRIV_ADMIN, "tap", "WORD", tap_help, tap },
	{ M_IF, PRIV_ADMIN, "no tap", "[ WORD ]", tap_help, tap },
	{ M_IF, PRIV_ADMIN, "default tap", NULL, NULL, tap },
	{ M_IF, PRIV_ADMIN, "arp timeout", "<1-2147483>", arp_help, arp_timeout },
	{ M_IF, PRIV_ADMIN, "no arp timeout", "[ <1-2147483> ]", arp_help, arp_timeout },
	{ M_IF, PRIV_ADMIN, "default arp timeout", NULL, NULL, arp_timeout },
	{ M_IF, PRIV_ADMIN, "shutdown", NULL, NULL, if_shutdown },
	{ M_IF, PRIV_ADMIN, "no shutdown", NULL, NULL, if_shutdown },
	{ M_IF, PRIV_ADMIN, "default shutdown", NULL, NULL, if_shutdown },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
