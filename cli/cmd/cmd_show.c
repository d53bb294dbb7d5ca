/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_show - EXEC show commands about the system and its configuration:
 * show running-config [SECTION], show version, show clock, show logging,
 * clear logging.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "autoconf.h"
#include "lib/log.h"

static int
show_running(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct config *run = router_running(cmd_router(cli));
	struct strbuf out = STRBUF_INIT;
	int rc = CLI_OK;

	(void)cmd;
	if (argc == 0) {
		strbuf_puts(&out, "Building configuration...\n\n");
		config_render(run, CFG_SECT_ALL, &out);
	} else if (strcmp(argv[0], "interface") == 0 && argc == 2) {
		if (!config_render_interface(run, argv[1], &out)) {
			cli_print(cli, "%% No such interface \"%s\"", argv[1]);
			rc = CLI_ERROR;
		}
	} else if (strcmp(argv[0], "interface") == 0)
		config_render(run, CFG_SECT_INTERFACE, &out);
	else if (strcmp(argv[0], "ip") == 0)
		config_render(run, CFG_SECT_IP_ROUTE, &out);
	else if (strcmp(argv[0], "crypto") == 0)
		config_render(run, CFG_SECT_CRYPTO, &out);
	else
		config_render(run, CFG_SECT_USERS, &out);
	cmd_print_text(cli, strbuf_str(&out));
	strbuf_free(&out);
	return rc;
}

static void
print_uptime(struct cli_def *cli, const char *hostname, time_t since)
{
	long s = (long)(time(NULL) - since);

	cli_print(cli, "%s uptime is %ld day%s, %ld hour%s, %ld minute%s",
	    hostname, s / 86400, s / 86400 == 1 ? "" : "s", s / 3600 % 24,
	    s / 3600 % 24 == 1 ? "" : "s", s / 60 % 60, s / 60 % 60 == 1 ? "" : "s");
}

/*
 * IOS's shape, which automation parses: Ansible's cisco.ios takes the
 * version from "Version (\S+)" and the hostname from "^(.+) uptime";
 * cisco.iosxr wants the version at the end of its line.
 */
static int
show_version(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct router *r = cmd_router(cli);

	(void)cmd;
	(void)argv;
	(void)argc;
	cli_print(cli, "vgw Software (vgwd), Version %s", PACKAGE_VERSION);
	cli_print(cli, "A software VPN gateway, GPL-3.0-or-later");
	cli_print(cli, "%s", "");
	print_uptime(cli, config_hostname(router_running(r)), router_boot_time(r));
	cli_print(cli, "State directory: %s", router_state_dir(r));
	cli_print(cli, "Configuration: %u commits recorded, running generation %llu",
	    commitdb_last_id(router_commitdb(r)),
	    (unsigned long long)router_generation(r));
	cli_print(cli, "Forwarding engine: %s",
	    router_dataplane(r) ? "running" : "not running");
	return CLI_OK;
}

static int
show_clock(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	char buf[64];
	time_t now = time(NULL);

	(void)cmd;
	(void)argv;
	(void)argc;
	strftime(buf, sizeof(buf), "%H:%M:%S %Z %a %b %e %Y", localtime(&now));
	cli_print(cli, "%s", buf);
	return CLI_OK;
}

static int
show_logging(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf out = STRBUF_INIT;

	(void)cmd;
	(void)argv;
	(void)argc;
	cli_print(cli, "Log Buffer (%zu bytes): %zu messages", log_buffer_size(),
	    log_buffer_lines());
	cli_print(cli, "%s", "");
	log_buffer_dump(&out);
	cmd_print_text(cli, strbuf_str(&out));
	strbuf_free(&out);
	return CLI_OK;
}

static int
clear_logging(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cli;
	(void)cmd;
	(void)argv;
	(void)argc;
	log_buffer_clear();
	return CLI_OK;
}

const struct cmd_def cmd_show_defs[] = {
	{ M_EXEC, PRIV_ADMIN, "show running-config",
	    "[ interface [ WORD ] | ip route | username | crypto ]",
	    (const char *const[]){ "Interface name", NULL }, show_running },
	{ M_EXEC, PRIV_USER, "show version", NULL, NULL, show_version },
	{ M_EXEC, PRIV_USER, "show clock", NULL, NULL, show_clock },
	{ M_EXEC, PRIV_ADMIN, "show logging", NULL, NULL, show_logging },
	{ M_EXEC, PRIV_ADMIN, "clear logging", NULL, NULL, clear_logging },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
