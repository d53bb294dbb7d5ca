/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_commit - the configuration lifecycle commands: commit (check,
 * confirmed, comment), abort, show configuration, the commit history,
 * rollback, configure replace, and startup-config.
 */
#include "cli/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/fileio.h"
#include "cli/session.h"

static int
commit(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	char *text;
	int rc;

	if (strcmp(cmd, "commit check") == 0)
		return cmd_do_commit(cli, NULL, 0, true);
	if (strcmp(cmd, "commit confirmed") == 0)
		return cmd_do_commit(cli, NULL, argc > 0 ?
		    (unsigned)strtoul(argv[0], NULL, 10) : ROUTER_CONFIRM_DEFAULT,
		    false);
	if (argc == 0)		/* commit, commit show-error */
		return cmd_do_commit(cli, NULL, 0, false);
	if ((text = cmd_text(cli, 0, "Commit comment", COMMITDB_COMMENT_MAX)) == NULL)
		return CLI_ERROR;
	/* one word is the comment without its quotes, as IOS-XR takes
	 * `commit comment "text"` (netmiko quotes it); more words are free
	 * text, taken as typed */
	rc = cmd_do_commit(cli, argc == 1 ? argv[0] : text, 0, false);
	free(text);
	return rc;
}

static int
abort_candidate(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cmd_candidate_drop(cli);
	return CLI_OK;
}

static int
show_configuration(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf out = STRBUF_INIT;

	(void)cmd;
	(void)argv;
	(void)argc;
	config_diff(cmd_candidate_base(cli), cmd_candidate(cli), &out);
	if (out.len == 0)
		cli_print(cli, "%% No uncommitted changes");
	cmd_print_text(cli, strbuf_str(&out));
	strbuf_free(&out);
	return CLI_OK;
}

static int
show_failed(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	(void)cmd;
	(void)argv;
	(void)argc;
	cmd_print_text(cli, cmd_commit_errors(cli));
	return CLI_OK;
}

static int
commit_list(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct commit_info ci[COMMITDB_KEEP];
	char when[32];
	int i, n;

	(void)cmd;
	(void)argv;
	(void)argc;
	n = commitdb_list(router_commitdb(cmd_router(cli)), ci, COMMITDB_KEEP);
	cli_print(cli, "%-8s %-19s  %-16s %s", "ID", "Time", "User", "Comment");
	for (i = 0; i < n; i++) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S",
		    localtime(&ci[i].time));
		cli_print(cli, "%-8u %-19s  %-16s %s", ci[i].id, when, ci[i].user,
		    ci[i].comment);
	}
	return CLI_OK;
}

/*
 * The configuration after commit id (id 0: the empty configuration before
 * the first commit), parsed; NULL after printing why.
 */
static struct config *
config_after(struct cli_def *cli, unsigned id)
{
	struct strbuf errs = STRBUF_INIT, origin = STRBUF_INIT;
	struct config *c;
	char *text;
	size_t len;
	int nerr;

	if (id == 0)
		return config_new();
	text = commitdb_text(router_commitdb(cmd_router(cli)), id, &len);
	if (text == NULL) {
		cli_print(cli, "%% Commit %u is not in the history (the newest "
		    "%d are kept)", id, COMMITDB_KEEP);
		return NULL;
	}
	strbuf_printf(&origin, "commit %u", id);
	c = session_parse_config(cmd_router(cli), text, len, origin.buf, &errs, &nerr);
	free(text);
	if (nerr > 0) {
		cli_print(cli, "%% Commit %u cannot be read back:", id);
		cmd_print_text(cli, errs.buf);
		config_free(c);
		c = NULL;
	}
	strbuf_free(&errs);
	strbuf_free(&origin);
	return c;
}

static int
commit_changes(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf out = STRBUF_INIT;
	struct config *before, *after;
	unsigned id = (unsigned)strtoul(argv[0], NULL, 10);

	(void)cmd;
	(void)argc;
	if ((after = config_after(cli, id)) == NULL)
		return CLI_ERROR;
	if ((before = config_after(cli, id - 1)) == NULL) {
		config_free(after);
		return CLI_ERROR;
	}
	config_diff(before, after, &out);
	cmd_print_text(cli, strbuf_str(&out));
	strbuf_free(&out);
	config_free(before);
	config_free(after);
	return CLI_OK;
}

/* Commits a whole configuration over running (rollback, replace). */
static int
commit_whole(struct cli_def *cli, struct config *c, const char *comment)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	rc = router_commit_config(cmd_router(cli), c, cmd_user(cli), comment, &out);
	rc = cmd_commit_report(cli, rc, &out, false);
	strbuf_free(&out);
	config_free(c);
	return rc;
}

static int
rollback(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct commit_info ci[COMMITDB_KEEP + 1];
	unsigned long n = strtoul(argv[0], NULL, 10);
	struct strbuf comment = STRBUF_INIT;
	struct config *c;
	unsigned id;
	int have, rc;

	(void)argc;
	if (strcmp(cmd, "rollback configuration to") == 0)
		id = (unsigned)n;
	else {
		have = commitdb_list(router_commitdb(cmd_router(cli)), ci,
		    COMMITDB_KEEP);
		if (n < (unsigned long)have)
			id = ci[n].id;
		else if (n == (unsigned long)have && have > 0 && ci[have - 1].id == 1)
			id = 0;		/* before the first commit */
		else {
			cli_print(cli, "%% Cannot roll back %lu commits: %d in "
			    "the history", n, have);
			return CLI_ERROR;
		}
	}
	if ((c = config_after(cli, id)) == NULL)
		return CLI_ERROR;
	strbuf_printf(&comment, "rollback to commit %u", id);
	rc = commit_whole(cli, c, comment.buf);
	strbuf_free(&comment);
	return rc;
}

static int
configure_replace(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf errs = STRBUF_INIT, comment = STRBUF_INIT;
	struct config *c;
	char *text;
	size_t len;
	int nerr, rc = CLI_ERROR;

	(void)cmd;
	(void)argc;
	if ((text = file_read_all(argv[0], &len, &errs)) == NULL) {
		cli_print(cli, "%% %s", errs.buf);
		strbuf_free(&errs);
		return CLI_ERROR;
	}
	c = session_parse_config(cmd_router(cli), text, len, argv[0], &errs, &nerr);
	free(text);
	if (nerr > 0) {
		cli_print(cli, "%% %s has %d error%s; nothing replaced:", argv[0],
		    nerr, nerr == 1 ? "" : "s");
		cmd_print_text(cli, errs.buf);
		config_free(c);
	} else {
		strbuf_printf(&comment, "configure replace %s", argv[0]);
		rc = commit_whole(cli, c, comment.buf);
	}
	strbuf_free(&errs);
	strbuf_free(&comment);
	return rc;
}

static int
write_memory(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct router *r = cmd_router(cli);
	int rc = CLI_OK;

	(void)cmd;
	(void)argv;
	(void)argc;
	config_render(router_running(r), CFG_SECT_ALL, &text);
	cli_print(cli, "Building configuration...");
	if (commitdb_save_startup(router_commitdb(r), text.buf, &err) != 0) {
		cli_print(cli, "%% %s", err.buf);
		rc = CLI_ERROR;
	} else
		cli_print(cli, "[OK]");
	strbuf_free(&text);
	strbuf_free(&err);
	return rc;
}

static int
show_startup(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	char *text = commitdb_read_startup(router_commitdb(cmd_router(cli)), NULL);

	(void)cmd;
	(void)argv;
	(void)argc;
	if (text == NULL) {
		cli_print(cli, "%% No startup-config");
		return CLI_ERROR;
	}
	cmd_print_text(cli, text);
	free(text);
	return CLI_OK;
}

static int
erase_startup(struct cli_def *cli, const char *cmd, char **argv, int argc)
{
	struct strbuf err = STRBUF_INIT;
	int rc = CLI_OK;

	(void)cmd;
	(void)argv;
	(void)argc;
	if (commitdb_erase_startup(router_commitdb(cmd_router(cli)), &err) != 0) {
		cli_print(cli, "%% %s", err.buf);
		rc = CLI_ERROR;
	} else
		cli_print(cli, "[OK]");
	strbuf_free(&err);
	return rc;
}

static const char *const id_help[] = { "Commit ID", NULL };

const struct cmd_def cmd_commit_defs[] = {
	{ M_ANYCONFIG, PRIV_ADMIN, "commit", NULL, NULL, commit },
	{ M_ANYCONFIG, PRIV_ADMIN, "commit comment", "LINE",
	    (const char *const[]){ "Reason for the change", NULL }, commit },
	{ M_ANYCONFIG, PRIV_ADMIN, "commit check", NULL, NULL, commit },
	/* IOS-XR's, sent by Ansible's cisco.iosxr: errors are always shown */
	{ M_ANYCONFIG, PRIV_ADMIN, "commit show-error", NULL, NULL, commit },
	{ M_ANYCONFIG, PRIV_ADMIN, "commit confirmed", "[ <30-86400> ]",
	    (const char *const[]){ "Seconds until the rollback (default 600)",
	    NULL }, commit },
	{ M_ANYCONFIG, PRIV_ADMIN, "abort", NULL, NULL, abort_candidate },
	{ M_ANYCONFIG, PRIV_ADMIN, "show configuration", NULL, NULL, show_configuration },
	/* IOS-XR's name for it, which Ansible's cisco.iosxr asks before
	 * each commit */
	{ M_ANYCONFIG, PRIV_ADMIN, "show commit changes diff", NULL, NULL,
	    show_configuration },
	{ M_EXEC | M_ANYCONFIG, PRIV_ADMIN, "show configuration failed", NULL, NULL,
	    show_failed },
	{ M_EXEC, PRIV_ADMIN, "show configuration commit list", NULL, NULL, commit_list },
	{ M_EXEC, PRIV_ADMIN, "show configuration commit changes", "<1-4294967295>",
	    id_help, commit_changes },
	{ M_EXEC, PRIV_ADMIN, "rollback configuration last", "<1-100>",
	    (const char *const[]){ "Number of commits to undo", NULL }, rollback },
	{ M_EXEC, PRIV_ADMIN, "rollback configuration to", "<0-4294967295>",
	    (const char *const[]){ "Commit ID (0: the empty configuration)", NULL },
	    rollback },
	{ M_EXEC, PRIV_ADMIN, "configure replace", "WORD",
	    (const char *const[]){ "File with the whole new configuration", NULL },
	    configure_replace },
	{ M_EXEC, PRIV_ADMIN, "write memory", NULL, NULL, write_memory },
	{ M_EXEC, PRIV_ADMIN, "copy running-config startup-config", NULL, NULL,
	    write_memory },
	{ M_EXEC, PRIV_ADMIN, "show startup-config", NULL, NULL, show_startup },
	{ M_EXEC, PRIV_ADMIN, "erase startup-config", NULL, NULL, erase_startup },
	{ 0, 0, NULL, NULL, NULL, NULL },
};
