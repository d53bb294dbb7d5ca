/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_global - global statements: hostname, username, enable secret,
 * logging buffered, and their no forms.
 */
#include "cli/cmd.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


static bool
is_no(const char *cmd)
{
	return strncmp(cmd, "no ", 3) == 0;
}

static int
hostname(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	size_t n, i;

	(void)argc;
	if (is_no(cmd)) {
		config_set_hostname(cmd_candidate(cli), NULL);
		return CLI_OK;
	}
	n = strlen(argv[0]);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)argv[0][i]) && argv[0][i] != '-')
			break;
	if (n >= CFG_HOSTNAME_MAX || i < n || !isalpha((unsigned char)argv[0][0]) ||
	    argv[0][n - 1] == '-') {
		cli_print(cli, "%% Invalid hostname \"%s\": use up to %d letters, "
		    "digits and '-', starting with a letter and not ending "
		    "with '-'", argv[0], CFG_HOSTNAME_MAX - 1);
		return CLI_ERROR;
	}
	config_set_hostname(cmd_candidate(cli), argv[0]);
	return CLI_OK;
}

static int
username(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct cfg_user u;
	int i;

	if (is_no(cmd)) {
		if (!config_user_remove(cmd_candidate(cli), argv[0])) {
			cli_print(cli, "%% No such user \"%s\"", argv[0]);
			return CLI_ERROR;
		}
		return CLI_OK;
	}
	if (!cmd_check_name(cli, "user", argv[0]))
		return CLI_ERROR;
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", argv[0]);
	u.privilege = PRIV_USER;
	/* the options before `secret`, in any order, as IOS takes them */
	for (i = 1; strcmp(argv[i], "secret") != 0; i++)
		if (strcmp(argv[i], "privilege") == 0)
			u.privilege = (uint8_t)atoi(argv[++i]);
		else
			u.commit_on_exit = true;
	if (!cmd_parse_secret(cli, "secret", argv, argc, i + 1, u.secret, sizeof(u.secret)))
		return CLI_ERROR;
	config_user_set(cmd_candidate(cli), &u);
	explicit_bzero(&u, sizeof(u));
	return CLI_OK;
}

static int
enable_secret(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	char hash[CFG_SECRET_MAX];

	if (is_no(cmd)) {
		config_set_enable_secret(cmd_candidate(cli), NULL);
		return CLI_OK;
	}
	if (!cmd_parse_secret(cli, "secret", argv, argc, 0, hash, sizeof(hash)))
		return CLI_ERROR;
	config_set_enable_secret(cmd_candidate(cli), hash);
	return CLI_OK;
}

static int
logging_buffered(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)argc;
	config_set_logging_buffered(cmd_candidate(cli),
	    is_no(cmd) ? 0 : (uint32_t)strtoul(argv[0], NULL, 10));
	return CLI_OK;
}

static const char *const name_help[] = { "Host name", NULL };
static const char *const user_help[] = { "User name", NULL };
static const char *const size_help[] = { "Buffer size in bytes", NULL };

const struct cmd_def cmd_global_defs[] = {
	{ M_CONFIG, PRIV_ADMIN, "hostname", "WORD", name_help, hostname },
	{ M_CONFIG, PRIV_ADMIN, "no hostname", "[ WORD ]", name_help, hostname },
	{ M_CONFIG, PRIV_ADMIN, "username",
	    "WORD { privilege <1-15> | commit-on-exit } secret ( 0 WORD | 9 WORD | WORD )",
	    (const char *const[]){ "User name", "Privilege level",
	    "Secret in clear text (hashed at once)", "Type-9 hash of the secret",
	    "Secret in clear text (hashed at once)", NULL }, username },
	{ M_CONFIG, PRIV_ADMIN, "no username", "WORD", user_help, username },
	{ M_CONFIG, PRIV_ADMIN, "enable secret", "( 0 WORD | 9 WORD | WORD )",
	    (const char *const[]){ "Secret in clear text (hashed at once)",
	    "Type-9 hash of the secret",
	    "Secret in clear text (hashed at once)", NULL },
	    enable_secret },
	{ M_CONFIG, PRIV_ADMIN, "no enable secret", NULL, NULL, enable_secret },
	{ M_CONFIG, PRIV_ADMIN, "logging buffered", "<4096-1048576>", size_help,
	    logging_buffered },
	{ M_CONFIG, PRIV_ADMIN, "no logging buffered", "[ <4096-1048576> ]",
	    size_help, logging_buffered },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
