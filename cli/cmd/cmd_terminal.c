/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_terminal - this session's terminal settings and who is logged in:
 * terminal length|width|monitor|exec prompt, show users, show history.
 */
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

static int
terminal_length(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argc;
	cmd_set_terminal(cli, atoi(argv[0]), -1);
	return CLI_OK;
}

static int
terminal_width(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argc;
	cmd_set_terminal(cli, -1, atoi(argv[0]));
	return CLI_OK;
}

static int
terminal_monitor(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argv;
	(void)argc;
	cmd_set_monitor(cli, strstr(cmd, "no ") == NULL);
	return CLI_OK;
}

/* IOS-XR clients (Ansible's cisco.iosxr) turn the timestamp off at
 * login; it is off unless asked for. */
static int
terminal_exec_prompt(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	(void)cmd;
	cmd_set_exec_timestamp(cli, strcmp(argv[0], "timestamp") == 0);
	return CLI_OK;
}

static int
show_users(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cmd_show_users(cli);
	return CLI_OK;
}

static int
show_history(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cmd_show_history(cli);
	return CLI_OK;
}

const struct cmd_def cmd_terminal_defs[] = {
	{ M_EXEC, PRIV_USER, "terminal length", "<0-512>", (const char *const[]){ "Lines per screen (0: no paging)", NULL }, terminal_length },
	{ M_EXEC, PRIV_USER, "terminal width", "<0-512>", (const char *const[]){ "Characters per line", NULL }, terminal_width },
	{ M_EXEC, PRIV_USER, "terminal monitor", NULL, NULL, terminal_monitor },
	{ M_EXEC, PRIV_USER, "terminal no monitor", NULL, NULL, terminal_monitor },
	{ M_EXEC, PRIV_USER, "terminal exec prompt", "( timestamp | no-timestamp )",
	    NULL, terminal_exec_prompt },
	{ M_EXEC, PRIV_USER, "show users", NULL, NULL, show_users },
	{ M_EXEC, PRIV_USER, "show history", NULL, NULL, show_history },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
