/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_nav - moving between modes and privilege levels: configure
 * terminal, exit, end, do, enable, disable, logout; show privilege.
 */
#include "cli/cmd.h"

static int
configure_terminal(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cmd_candidate_open(cli);
	cmd_set_mode(cli, CMD_MODE_CONFIG, NULL);
	return CLI_OK;
}

static int
exit_mode(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	switch (cmd_mode(cli)) {
	case CMD_MODE_EXEC:
		return CLI_QUIT;
	case CMD_MODE_CONFIG:
		return cmd_leave_config(cli);
	default:		/* a sub-mode: up one level */
		cmd_set_mode(cli, CMD_MODE_CONFIG, NULL);
		return CLI_OK;
	}
}

static int
end_config(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	return cmd_leave_config(cli);
}

static int
do_exec(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	return cmd_do(cli, argv, argc);
}

static int
enable(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	return cmd_enable(cli);
}

static int
disable(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cli_set_privilege(cli, PRIV_USER);
	return CLI_OK;
}

/* IOS's words: Ansible's `become: enable` reads the level from them. */
static int
show_privilege(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cli_print(cli, "Current privilege level is %d", cli->privilege);
	return CLI_OK;
}

static int
logout(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cli;
	(void)cmd;
	(void)argv;
	(void)argc;
	return CLI_QUIT;
}

const struct cmd_def cmd_nav_defs[] = {
	{ M_EXEC, PRIV_ADMIN, "configure terminal", NULL, NULL, configure_terminal },
	{ M_EXEC | M_ANYCONFIG, PRIV_USER, "exit", NULL, NULL, exit_mode },
	{ M_ANYCONFIG, PRIV_ADMIN, "end", NULL, NULL, end_config },
	{ M_ANYCONFIG, PRIV_ADMIN, "do", "LINE", (const char *const[]){ "EXEC command", NULL }, do_exec },
	{ M_EXEC, PRIV_USER, "enable", NULL, NULL, enable },
	{ M_EXEC, PRIV_USER, "disable", NULL, NULL, disable },
	{ M_EXEC, PRIV_USER, "logout", NULL, NULL, logout },
	{ M_EXEC, PRIV_USER, "show privilege", NULL, NULL, show_privilege },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
