/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_debug - the debug channel's commands (lib/debug.h): debug CATEGORY,
 * its no and undebug forms, undebug all (no debug all), show debugging.
 * The lines go to the sessions with `terminal monitor` and the log buffer.
 * The commands of each category come from DEBUG_CATEGORIES, so a category
 * added there is registered here with nothing else to change.
 */
#include "cli/cmd.h"

#include <string.h>

#include "lib/debug.h"

/* One callback for every form: the command name says which. */
static int
debug_category(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	bool on = strncmp(cmd, "debug ", 6) == 0;
	/* the category's words follow "debug " in every form */
	int c = debug_find(strstr(cmd, "debug ") + 6);

	(void)argv;
	(void)argc;
	debug_set(c, on);
	cli_print(cli, "%s debugging is %s", debug_name(c), on ? "on" : "off");
	return CLI_OK;
}

static int
debug_all_off_cmd(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	debug_all_off();
	cli_print(cli, "All possible debugging has been turned off");
	return CLI_OK;
}

static int
show_debugging(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	unsigned c;

	(void)cmd;
	(void)argv;
	(void)argc;
	for (c = 0; c < DEBUG_COUNT; c++)
		if (debug_on(c))
			cli_print(cli, "%s debugging is on", debug_name(c));
	return CLI_OK;
}

#define DEBUG_CATEGORY_CMDS(id, words, name) \
	{ M_EXEC, PRIV_ADMIN, "debug " words, NULL, NULL, debug_category }, \
	{ M_EXEC, PRIV_ADMIN, "no debug " words, NULL, NULL, debug_category }, \
	{ M_EXEC, PRIV_ADMIN, "undebug " words, NULL, NULL, debug_category },

const struct cmd_def cmd_debug_defs[] = {
	DEBUG_CATEGORIES(DEBUG_CATEGORY_CMDS)
	{ M_EXEC, PRIV_ADMIN, "undebug all", NULL, NULL, debug_all_off_cmd },
	{ M_EXEC, PRIV_ADMIN, "no debug all", NULL, NULL, debug_all_off_cmd },
	{ M_EXEC, PRIV_ADMIN, "show debugging", NULL, NULL, show_debugging },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
