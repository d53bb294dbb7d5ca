/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_interfaces - interface status and counters from the forwarding
 * engine: show interfaces [NAME], show ip interface [brief|NAME],
 * show ipv6 interface, clear counters (the SSL-VPN server's too).
 */
#include "cli/cmd.h"

#include <string.h>

#include "dataplane/dataplane.h"
#include "lib/inet.h"
#include "sslvpn/sslvpn.h"

/* The engine's view of a port, copied out under the lock. */
struct port_view {
	bool			 has_port;
	char			 tap[CFG_TAP_MAX + 1];
	uint8_t			 mac[6];
	struct port_counters	 c;
};

static void
port_view(struct dataplane *dp, const char *ifname, struct port_view *v)
{
	const char *name, *tap;
	struct engine *e;
	int slot;

	memset(v, 0, sizeof(*v));
	e = dataplane_lock(dp);
	if ((slot = dataplane_slot(dp, ifname)) >= 0 &&
	    dataplane_port(dp, (unsigned)slot, &name, &tap, v->mac)) {
		v->has_port = true;
		snprintf(v->tap, sizeof(v->tap), "%s", tap);
		v->c = *engine_port_counters(e, (unsigned)slot);
	}
	dataplane_unlock(dp);
}

/* Whether the engine runs; prints why not. */
bool
cmd_engine_running(struct cli_def *cli)
{
	if (router_dataplane(cmd_router(cli)) != NULL)
		return true;
	cli_print(cli, "%% The forwarding engine is not running");
	return false;
}

/* IOS's first line of an interface in show interfaces and show ip interface. */
static void
print_status(struct cli_def *cli, const struct cfg_interface *i)
{
	cli_print(cli, "%s is %s, line protocol is %s", i->name,
	    i->shutdown ? "administratively down" : "up",
	    i->shutdown ? "down" : "up");
}

/* Runs show for the interface argv[0] names, or for every interface when
 * there is no argument; an unknown name is an error. */
static int
each_interface(struct cli_def *cli, char **argv, int argc,
    void (*show)(struct cli_def *, const struct cfg_interface *))
{
	const struct config *c = router_running(cmd_router(cli));
	const struct cfg_interface *i;

	if (argc > 0) {
		if ((i = config_interface_find((struct config *)(uintptr_t)c,
		    argv[0])) == NULL) {
			cli_print(cli, "%% No such interface \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		show(cli, i);
		return CLI_OK;
	}
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		show(cli, i);
	return CLI_OK;
}

static void
print_interface(struct cli_def *cli, const struct cfg_interface *i)
{
	char a[INET_ADDR_BUF], mac[INET_MAC_BUF];
	struct port_view v;

	port_view(router_dataplane(cmd_router(cli)), i->name, &v);
	print_status(cli, i);
	cli_print(cli, "  Hardware is TAP %s, address is %s", v.has_port ? v.tap :
	    "(none)", inet_format_mac(v.mac, mac));
	if (i->description[0] != '\0')
		cli_print(cli, "  Description: %s", i->description);
	if (i->has_addr)
		cli_print(cli, "  Internet address is %s/%u",
		    inet_format_addr(i->addr, a), i->plen);
	cli_print(cli, "  MTU %u bytes, ARP timeout %u seconds", i->mtu,
	    i->arp_timeout ? i->arp_timeout : SNAP_DEFAULT_ARP_TIMEOUT);
	cli_print(cli, "     %llu packets input, %llu bytes, %llu input errors",
	    (unsigned long long)v.c.rx_packets, (unsigned long long)v.c.rx_bytes,
	    (unsigned long long)v.c.rx_errors);
	cli_print(cli, "     %llu packets output, %llu bytes, %llu output errors",
	    (unsigned long long)v.c.tx_packets, (unsigned long long)v.c.tx_bytes,
	    (unsigned long long)v.c.tx_errors);
}

static int
show_interfaces(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	if (!cmd_engine_running(cli))
		return CLI_ERROR;
	return each_interface(cli, argv, argc, print_interface);
}

/* IOS's layout, which Ansible's ios_facts reads ("Internet address is"). */
static void
print_ip_interface(struct cli_def *cli, const struct cfg_interface *i)
{
	char a[INET_ADDR_BUF];

	print_status(cli, i);
	if (i->has_addr)
		cli_print(cli, "  Internet address is %s/%u",
		    inet_format_addr(i->addr, a), i->plen);
	else
		cli_print(cli, "  Internet protocol processing disabled");
	cli_print(cli, "  MTU is %u bytes", i->mtu);
}

static int
show_ip_interface(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	return each_interface(cli, argv, argc, print_ip_interface);
}

/* No interface has IPv6 yet: IOS prints nothing for such interfaces, and
 * Ansible's ios_facts runs this command and takes empty output as none. */
static int
show_ipv6_interface(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cli;
	(void)cmd;
	(void)argv;
	(void)argc;
	return CLI_OK;
}

static int
show_ip_interface_brief(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct config *c = router_running(cmd_router(cli));
	const struct cfg_interface *i;
	char a[INET_ADDR_BUF];

	(void)cmd;
	(void)argv;
	(void)argc;
	cli_print(cli, "%-22s %-15s %-3s %-6s %-21s %s", "Interface",
	    "IP-Address", "OK?", "Method", "Status", "Protocol");
	for (i = config_interface_first(c); i; i = config_interface_next(c, i))
		cli_print(cli, "%-22s %-15s %-3s %-6s %-21s %s", i->name,
		    i->has_addr ? inet_format_addr(i->addr, a) : "unassigned",
		    "YES", i->has_addr ? "manual" : "unset",
		    i->shutdown ? "administratively down" : "up",
		    i->shutdown ? "down" : "up");
	return CLI_OK;
}

int
cmd_engine_do(struct cli_def *cli, void (*fn)(struct engine *))
{
	struct dataplane *dp = router_dataplane(cmd_router(cli));

	if (!cmd_engine_running(cli))
		return CLI_ERROR;
	fn(dataplane_lock(dp));
	dataplane_unlock(dp);
	return CLI_OK;
}

static int
clear_counters(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct sslvpn *sv = router_sslvpn(cmd_router(cli));

	(void)cmd;
	(void)argv;
	(void)argc;
	if (sv != NULL)
		sslvpn_clear_counters(sv);
	return cmd_engine_do(cli, engine_clear_counters);
}

static const char *const if_help[] = { "Interface name", NULL };

const struct cmd_def cmd_interfaces_defs[] = {
	{ M_EXEC, PRIV_USER, "show interfaces", "[ WORD ]", if_help, show_interfaces },
	{ M_EXEC, PRIV_USER, "show ip interface", "[ WORD ]", if_help, show_ip_interface },
	{ M_EXEC, PRIV_USER, "show ip interface brief", NULL, NULL, show_ip_interface_brief },
	{ M_EXEC, PRIV_USER, "show ipv6 interface", NULL, NULL, show_ipv6_interface },
	{ M_EXEC, PRIV_ADMIN, "clear counters", NULL, NULL, clear_counters },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
