/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_util - what command callbacks may ask of their session (cmd.h), and
 * the argument helpers they share.
 */
#include "session_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/duration.h"
#include "lib/inet.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "crypto/password.h"

struct session *
cmd_session(struct cli_def *cli)
{
	return cli_get_context(cli);
}

struct router *
cmd_router(struct cli_def *cli)
{
	return cmd_session(cli)->router;
}

const char *
cmd_user(struct cli_def *cli)
{
	return cmd_session(cli)->user;
}

bool
cmd_interactive(struct cli_def *cli)
{
	return cmd_session(cli)->interactive;
}

enum cmd_mode
cmd_mode(struct cli_def *cli)
{
	return cmd_session(cli)->mode;
}

void
cmd_set_mode(struct cli_def *cli, enum cmd_mode m, const char *name)
{
	struct session *s = cmd_session(cli);

	s->mode = m;
	snprintf(s->object, sizeof(s->object), "%s", name ? name : "");
	cli_set_configmode(cli, session_libcli_mode(m), NULL);
}

const char *
cmd_submode_object(struct cli_def *cli)
{
	return cmd_session(cli)->object;
}

struct config *
cmd_candidate(struct cli_def *cli)
{
	return cmd_session(cli)->candidate;
}

const struct config *
cmd_candidate_base(struct cli_def *cli)
{
	return cmd_session(cli)->base;
}

uint64_t
cmd_candidate_generation(struct cli_def *cli)
{
	return cmd_session(cli)->base_generation;
}

/* Opens a candidate: a copy of running, and running as its base. */
void
cmd_candidate_open(struct cli_def *cli)
{
	struct session *s = cmd_session(cli);

	config_free(s->candidate);
	config_free(s->base);
	s->candidate = config_clone(router_running(s->router));
	s->base = config_clone(router_running(s->router));
	s->base_generation = router_generation(s->router);
	s->failed_lines = 0;
}

void
cmd_candidate_committed(struct cli_def *cli)
{
	cmd_candidate_open(cli);
}

void
cmd_candidate_drop(struct cli_def *cli)
{
	struct session *s = cmd_session(cli);

	config_free(s->candidate);
	config_free(s->base);
	s->candidate = s->base = NULL;
	s->failed_lines = 0;
	cmd_set_mode(cli, CMD_MODE_EXEC, NULL);
}

int
cmd_failed_lines(struct cli_def *cli)
{
	return cmd_session(cli)->failed_lines;
}

const char *
cmd_commit_errors(struct cli_def *cli)
{
	const char *e = cmd_session(cli)->commit_errors;

	return e != NULL ? e : "";
}

void
cmd_set_terminal(struct cli_def *cli, int length, int width)
{
	struct session *s = cmd_session(cli);

	if (length >= 0)
		s->page_length = length;
	if (width >= 0)
		s->width = width;
}

static void
monitor_line(void *arg, const char *line)
{
	struct session *s = arg;

	if (s->async_fn != NULL)
		s->async_fn(s->async_arg, line);
}

void
cmd_set_monitor(struct cli_def *cli, bool on)
{
	struct session *s = cmd_session(cli);

	s->monitor = on;
	if (on)
		log_monitor_add(monitor_line, s);
	else
		log_monitor_remove(s);
}

void
cmd_set_exec_timestamp(struct cli_def *cli, bool on)
{
	cmd_session(cli)->timestamp = on;
}

int
cmd_leave_config(struct cli_def *cli)
{
	struct session *s = cmd_session(cli);

	if (s->candidate == NULL || config_equal(s->candidate, s->base)) {
		cmd_candidate_drop(cli);
		return CLI_OK;
	}
	if (s->commit_on_exit) {
		/* refused: stay, so that a client checking the prompt
		 * (netmiko) sees that it did not go in */
		if (cmd_do_commit(cli, NULL, 0, false) != CLI_OK)
			return CLI_ERROR;
		cmd_candidate_drop(cli);
		return CLI_OK;
	}
	if (!s->interactive) {
		cli_print(cli, "%% Uncommitted changes found: commit or abort "
		    "first (nothing was applied)");
		return CLI_ERROR;
	}
	s->ask = ASK_UNCOMMITTED;
	return CLI_OK;
}

int
cmd_enable(struct cli_def *cli)
{
	struct session *s = cmd_session(cli);

	if (cli->privilege >= PRIV_ADMIN)
		return CLI_OK;
	if (config_enable_secret(router_running(s->router)) == NULL) {
		cli_print(cli, "%% No password set");
		return CLI_ERROR;
	}
	s->enable_tries = 0;
	s->ask = ASK_ENABLE;
	return CLI_OK;
}

int
cmd_do(struct cli_def *cli, char **argv, int argc)
{
	struct session *s = cmd_session(cli);
	struct resolved r;
	int rc;

	session_resolve(s, CMD_MODE_EXEC, argv, argc, &r);
	if (r.status != GRAMMAR_OK) {
		cli_print(cli, r.status == GRAMMAR_INCOMPLETE ?
		    "%% Incomplete command." : r.status == GRAMMAR_AMBIGUOUS ?
		    "%% Ambiguous command: \"%s\"" :
		    "%% Invalid input detected at \"%s\"", argv[r.at < argc ?
		    r.at : argc - 1]);
		free(r.argv);
		return CLI_ERROR;
	}
	rc = r.entry->def->fn(cli, session_entry_command(r.entry),
	    (char **)r.argv, r.argc);
	free(r.argv);
	return rc;
}

void
cmd_show_users(struct cli_def *cli)
{
	struct session *me = cmd_session(cli), *s;
	time_t now = time(NULL);
	char idle[DURATION_MAX];

	cli_print(cli, "    Line       User             Mode        Idle");
	for (s = session_registry(); s != NULL; s = s->next)
		cli_print(cli, "%c %-3d vty %-4d %-16s %-11s %s",
		    s == me ? '*' : ' ', s->vty, s->vty, s->user,
		    session_mode_name(s->mode), duration_format(idle, sizeof(idle),
		    (int64_t)(now - s->last_active), DURATION_HOURS2));
}

void
cmd_show_history(struct cli_def *cli)
{
	struct session *s = cmd_session(cli);
	int i;

	for (i = 0; i < s->nhistory; i++)
		cli_print(cli, "  %s", s->history[i]);
}

/*
 * A refused commit is worded as IOS-XR words it, because automation looks
 * for that ("Failed to": netmiko's cisco_xr, Ansible's cisco.iosxr), and
 * each error follows as "% Error: ...", which Ansible's cisco.ios looks
 * for; the errors are kept for `show configuration failed`.
 */
int
cmd_commit_report(struct cli_def *cli, int rc, const struct strbuf *out,
    bool check_only)
{
	struct session *s = cmd_session(cli);
	const char *p = strbuf_str(out), *nl;

	free(s->commit_errors);
	s->commit_errors = NULL;
	if (rc == 0) {
		cmd_print_text(cli, p);
		if (check_only)
			cli_print(cli, "%% The candidate configuration is valid");
		return CLI_OK;
	}
	cli_print(cli, "%% %s Please issue 'show configuration failed' to view "
	    "the errors", check_only ? "The candidate configuration is not "
	    "valid." : "Failed to commit one or more configuration items.");
	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		cli_print(cli, "%% Error: %.*s", (int)(nl - p), p);
	}
	s->commit_errors = xstrdup(strbuf_str(out), "a commit's errors");
	return CLI_ERROR;
}

int
cmd_do_commit(struct cli_def *cli, const char *comment, unsigned confirm,
    bool check_only)
{
	struct strbuf out = STRBUF_INIT;
	struct commit_request req;
	int failed = cmd_failed_lines(cli), rc;

	if (failed > 0) {
		strbuf_printf(&out, "%d line%s of this transaction failed; "
		    "nothing applied\n", failed, failed == 1 ? "" : "s");
		rc = -1;
	} else {
		memset(&req, 0, sizeof(req));
		req.base = cmd_candidate_base(cli);
		req.base_generation = cmd_candidate_generation(cli);
		req.candidate = cmd_candidate(cli);
		req.user = cmd_user(cli);
		req.comment = comment;
		req.confirm_seconds = confirm;
		req.check_only = check_only;
		rc = router_commit(cmd_router(cli), &req, &out);
	}
	rc = cmd_commit_report(cli, rc, &out, check_only);
	strbuf_free(&out);
	if (rc == CLI_OK && !check_only)
		cmd_candidate_committed(cli);
	return rc;
}

void
cmd_print_text(struct cli_def *cli, const char *text)
{
	const char *p = text, *nl;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		cli_print(cli, "%.*s", (int)(nl - p), p);
	}
}

char *
cmd_text(struct cli_def *cli, int i, const char *what, size_t max)
{
	struct session *s = cmd_session(cli);
	const char *p;
	size_t n;

	/* from the line as split: no control character, TABs made spaces */
	p = s->cur_line->text + s->cur_line->offset[s->cur_first_arg + i];
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n > max) {
		cli_print(cli, "%% %s too long: %zu characters (at most %zu)",
		    what, n, max);
		return NULL;
	}
	return xstrndup(p, n, "a command's text");
}

bool
cmd_resets(const char *cmd)
{
	return strncmp(cmd, "no ", 3) == 0 || strncmp(cmd, "default ", 8) == 0;
}

int
cmd_description(struct cli_def *cli, const char *cmd, char *field, size_t size)
{
	char *text;

	if (cmd_resets(cmd)) {
		field[0] = '\0';
		return CLI_OK;
	}
	if ((text = cmd_text(cli, 0, "Description", CFG_DESCR_MAX)) == NULL)
		return CLI_ERROR;
	snprintf(field, size, "%s", text);
	free(text);
	return CLI_OK;
}

bool
cmd_parse_net(struct cli_def *cli, char **argv, int argc, int *i, bool host_ok,
    uint32_t *addr, uint8_t *plen)
{
	char a[INET_ADDR_BUF], b[INET_ADDR_BUF];
	uint32_t host;

	if (inet_parse_prefix(argv[*i], addr, plen))
		(*i)++;
	else if (*i + 1 < argc && inet_parse_addr(argv[*i], addr) &&
	    inet_parse_mask(argv[*i + 1], plen))
		*i += 2;
	else {
		cli_print(cli, "%% Invalid network \"%s\": use A.B.C.D/M or "
		    "A.B.C.D M.M.M.M with a contiguous mask", argv[*i]);
		return false;
	}
	host = inet_host_bits(*addr, *plen);
	if (!host_ok && host != 0) {
		cli_print(cli, "%% %s/%u has host bits set: did you mean %s/%u?",
		    inet_format_addr(*addr, a), *plen,
		    inet_format_addr(*addr & inet_mask(*plen), b), *plen);
		return false;
	}
	if (host_ok && (*plen > 30 ? false : (host == 0 ||
	    host == (~inet_mask(*plen))))) {
		cli_print(cli, "%% %s/%u is the %s address of its network, not a "
		    "host address", inet_format_addr(*addr, a), *plen,
		    host == 0 ? "network" : "broadcast");
		return false;
	}
	return true;
}

bool
cmd_parse_unicast(struct cli_def *cli, const char *what, const char *word,
    uint32_t *addr)
{
	uint32_t a = 0;

	inet_parse_addr(word, &a);
	if (a == 0 || a >= 0xe0000000 || a >> 24 == 127) {
		cli_print(cli, "%% Invalid %s %s: not a unicast address", what, word);
		return false;
	}
	*addr = a;
	return true;
}

bool
cmd_check_path(struct cli_def *cli, const char *what, const char *path)
{
	const char *p;

	if (path[0] != '/' || strlen(path) > CFG_PATH_MAX) {
		cli_print(cli, "%% %s must be an absolute path of at most %d "
		    "characters: %s", what, CFG_PATH_MAX, path);
		return false;
	}
	for (p = path; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\'') {
			cli_print(cli, "%% %s name cannot contain blanks or "
			    "quotes: %s", what, path);
			return false;
		}
	return true;
}

bool
cmd_check_name(struct cli_def *cli, const char *what, const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= CFG_NAME_MAX || !isalpha((unsigned char)name[0]) ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._/-") != n) {
		cli_print(cli, "%% Invalid %s name \"%s\": use up to %d letters, "
		    "digits, '.', '_', '/' or '-', starting with a letter", what,
		    name, CFG_NAME_MAX - 1);
		return false;
	}
	return true;
}

bool
cmd_parse_secret(struct cli_def *cli, const char *what, char **argv, int argc,
    int i, char *hash, size_t size)
{
	const char *type = "0", *secret;

	if (i + 1 < argc) {
		type = argv[i];
		secret = argv[i + 1];
	} else
		secret = argv[i];
	if (strcmp(type, "9") == 0) {
		if (!password_type9_valid(secret)) {
			cli_print(cli, "%% Invalid type-9 %s: expected $9$, "
			    "14 salt characters, $, 43 hash characters", what);
			return false;
		}
		snprintf(hash, size, "%s", secret);
		return true;
	}
	if (secret[0] == '\0') {
		cli_print(cli, "%% The %s must not be empty", what);
		return false;
	}
	if (size <= PASSWORD_TYPE9_LEN || password_hash_type9(secret, hash) != 0) {
		cli_print(cli, "%% Cannot hash the %s", what);
		return false;
	}
	return true;
}

int
cmd_start_job(struct cli_def *cli, job_fn fn, void *arg, void (*free_arg)(void *))
{
	struct session *s = cmd_session(cli);

	if ((s->job = job_start(fn, arg, free_arg)) == NULL) {
		cli_print(cli, "%% Cannot start the command: no thread or pipe left");
		return CLI_ERROR;
	}
	return CLI_OK;
}
