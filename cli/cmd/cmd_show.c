/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_show - EXEC show commands about the system and its configuration:
 * show running-config [STATEMENT...], show version, show clock,
 * show logging, clear logging.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "autoconf.h"
#include "cli/duration.h"
#include "lib/log.h"

/* The group of the running-config text that statements starting with a
 * keyword live in. */
static const struct {
	const char		*keyword;
	enum cfg_section	 group;
} sections[] = {
	{ "hostname", CFG_SECT_HOSTNAME },
	{ "logging", CFG_SECT_GLOBALS },
	{ "enable", CFG_SECT_GLOBALS },
	{ "username", CFG_SECT_USERS },
	{ "crypto", CFG_SECT_CRYPTO },
	{ "interface", CFG_SECT_INTERFACE },
	{ "ip", CFG_SECT_IP_ROUTE },
	{ "monitor", CFG_SECT_CAPTURE },
	{ "ssl-vpn", CFG_SECT_SSLVPN },
};

/* Whether line's first words are words[0..n), each whole. */
static bool
starts_with_words(const char *line, char **words, int n)
{
	size_t len;
	int i;

	for (i = 0; i < n; i++) {
		len = strlen(words[i]);
		if (strncmp(line, words[i], len) != 0 ||
		    (line[len] != ' ' && line[len] != '\n'))
			return false;
		line += len + 1;
	}
	return true;
}

/*
 * The statements of text whose first words are words[0..n), each with the
 * indented lines under it and the "!" that follows it, ending with a "!":
 * `show running-config hostname`, `... interface lan0`, `... ip route` as
 * IOS-XR selects them (Ansible's cisco.iosxr reads the hostname so).
 */
static void
select_statements(const char *text, char **words, int n, struct strbuf *out)
{
	const char *p, *nl;
	bool keep = false;

	for (p = text; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');		/* rendered lines all end in one */
		if (*p == '!') {
			if (keep)
				strbuf_append(out, p, (size_t)(nl - p + 1));
			keep = false;
			continue;
		}
		if (*p != ' ')
			keep = starts_with_words(p, words, n);
		if (keep)
			strbuf_append(out, p, (size_t)(nl - p + 1));
	}
	if (out->len > 0 && strcmp(out->buf + out->len - 2, "!\n") != 0)
		strbuf_puts(out, "!\n");
}

static int
show_running(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	const struct config *run = router_running(cmd_router(cli));
	struct strbuf out = STRBUF_INIT, group = STRBUF_INIT;
	size_t i;
	int rc = CLI_OK;

	(void)cmd;
	if (argc == 0) {
		strbuf_puts(&out, "Building configuration...\n\n");
		config_render(run, CFG_SECT_ALL, &out);
	} else {
		for (i = 0; strcmp(sections[i].keyword, argv[0]) != 0; i++)
			;
		config_render(run, sections[i].group, &group);
		select_statements(strbuf_str(&group), argv, argc, &out);
		if (out.len == 0) {
			cli_print(cli, "%% No such configuration item(s)");
			rc = CLI_ERROR;
		}
	}
	cmd_print_text(cli, strbuf_str(&out));
	strbuf_free(&out);
	strbuf_free(&group);
	return rc;
}

static void
print_uptime(struct cli_def *cli, const char *hostname, time_t since)
{
	char up[DURATION_MAX];

	cli_print(cli, "%s uptime is %s", hostname, duration_format(up, sizeof(up),
	    (int64_t)(time(NULL) - since), DURATION_WORDS));
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
	    "[ hostname | logging | enable | username [ WORD ] | crypto [ ipsec "
	    "tunnel [ WORD ] | spd ] | interface [ WORD ] | ip route "
	    "| monitor capture [ WORD ] | ssl-vpn [ user [ WORD ] ] ]",
	    (const char *const[]){ "User name", "Tunnel name", "Interface name",
	    "Capture point name", "SSL-VPN user name", NULL }, show_running },
	{ M_EXEC, PRIV_USER, "show version", NULL, NULL, show_version },
	{ M_EXEC, PRIV_USER, "show clock", NULL, NULL, show_clock },
	{ M_EXEC, PRIV_ADMIN, "show logging", NULL, NULL, show_logging },
	{ M_EXEC, PRIV_ADMIN, "clear logging", NULL, NULL, clear_logging },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
