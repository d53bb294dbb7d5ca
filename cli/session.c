/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session - one management session: its libcli tree, mode, privilege and
 * candidate; line execution with IOS errors and output filters; the
 * questions it asks; see session.h. It defines vgw_shell (src/shell.h),
 * the table through which the daemon reaches every session.
 */
#include "session_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "lib/log.h"
#include "lib/mgmt_proto.h"
#include "crypto/password.h"
#include "lib/secret_mask.h"
#include "lib/xalloc.h"

static const struct {
	const char	*name;		/* show users */
	const char	*prompt;	/* between hostname and # */
} modes[CMD_MODE_COUNT] = {
	[CMD_MODE_EXEC] = { "exec", "" },
	[CMD_MODE_CONFIG] = { "config", "(config)" },
	[CMD_MODE_IF] = { "config-if", "(config-if)" },
	[CMD_MODE_TUNNEL] = { "config-tunnel", "(config-tunnel)" },
	[CMD_MODE_SPD] = { "config-spd", "(config-spd)" },
	[CMD_MODE_SSLVPN] = { "config-sslvpn", "(config-sslvpn)" },
	[CMD_MODE_SSLVPN_USER] = { "config-sslvpn-user", "(config-sslvpn-user)" },
};

static struct session *registry;
static int next_vty;

const char *
session_mode_name(enum cmd_mode m)
{
	return modes[m].name;
}

struct session *
session_registry(void)
{
	return registry;
}

static void
print_to_session(struct cli_def *cli, const char *s)
{
	struct session *sess = cli_get_context(cli);

	if (sess->out != NULL) {
		strbuf_puts(sess->out, s);
		strbuf_putc(sess->out, '\n');
	}
}

/* The keyword node `word` under parent in mode m, creating it; path is
 * the keywords up to and including word (for its help text). */
static struct cli_command *
keyword_node(struct cli_def *cli, struct cli_command *parent, const char *word,
    const char *path, int privilege, enum cmd_mode m)
{
	struct cli_command *c = parent ? parent->children : cli->commands;
	int mode = session_libcli_mode(m);

	for (; c != NULL; c = c->next)
		if (c->mode == mode && strcmp(c->command, word) == 0) {
			if (c->privilege > privilege)
				c->privilege = privilege;
			return c;
		}
	return cli_register_command(cli, parent, word, NULL, privilege, mode,
	    grammar_path_help(session_mode_name(m), path, word));
}

/* A def's keywords become libcli nodes (none for path "": see cmd.h). */
static void
register_def(struct session *s, const struct cmd_def *d, enum cmd_mode m,
    bool statement)
{
	struct cli_command *node = NULL;
	char *path = xstrdup(d->path, "a session's commands"), *w, *save;
	struct strbuf sofar = STRBUF_INIT;
	struct entry *e;

	for (w = strtok_r(path, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		strbuf_printf(&sofar, "%s%s", sofar.len ? " " : "", w);
		node = keyword_node(s->cli, node, w, sofar.buf, d->privilege, m);
	}
	strbuf_free(&sofar);
	free(path);
	if (node != NULL)
		node->callback = d->fn;
	s->entries = xrealloc(s->entries, (size_t)(s->nentries + 1) *
	    sizeof(*s->entries), "a session's commands");
	e = &s->entries[s->nentries++];
	e->node = node;
	e->def = d;
	e->mode = m;
	e->statement = statement;
	e->grammar = grammar_compile(d->syntax, d->help, node ? node->command : NULL);
}

static void
register_all(struct session *s)
{
	const struct cmd_table *t;
	const struct cmd_def *d;
	enum cmd_mode m;

	/* libcli's own commands (help, exit, enable, configure terminal, ...)
	 * and filters have known faults (LIBCLI.md): none of them stays */
	cli_unregister_all_commands(s->cli);
	cli_unregister_all_filters(s->cli);
	for (t = cmd_tables; t->defs != NULL; t++)
		for (d = t->defs; d->path != NULL; d++)
			for (m = 0; m < CMD_MODE_COUNT; m++)
				if (d->modes & (1u << m))
					register_def(s, d, m, t->statements &&
					    m != CMD_MODE_EXEC);
}

struct session *
session_new(struct router *r, const char *user, int privilege, bool interactive)
{
	struct session *s = xcalloc(1, sizeof(*s), "a session");

	s->router = r;
	snprintf(s->user, sizeof(s->user), "%s", user);
	s->interactive = interactive;
	s->page_length = interactive ? 24 : 0;
	s->width = 80;
	s->since = s->last_active = time(NULL);
	s->vty = next_vty++;
	if ((s->cli = cli_init()) == NULL)
		xalloc_failed("a session's command tree");
	cli_set_context(s->cli, s);
	cli_print_callback(s->cli, print_to_session);
	register_all(s);
	cli_set_privilege(s->cli, privilege);
	cli_set_configmode(s->cli, MODE_EXEC, NULL);
	s->next = registry;
	registry = s;
	return s;
}

void
session_free(struct session *s)
{
	struct session **pp;
	int i;

	if (s == NULL)
		return;
	for (pp = &registry; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	if (s->monitor)
		log_monitor_remove(s);
	job_free(s->job);
	for (i = 0; i < s->nentries; i++)
		grammar_free(s->entries[i].grammar);
	free(s->entries);
	for (i = 0; i < s->nhistory; i++)
		free(s->history[i]);
	config_free(s->candidate);
	config_free(s->base);
	free(s->commit_errors);
	cli_done(s->cli);
	free(s);
}

void
session_set_commit_on_exit(struct session *s, bool on)
{
	s->commit_on_exit = on;
}

void
session_set_async(struct session *s, session_async_fn fn, void *arg)
{
	s->async_fn = fn;
	s->async_arg = arg;
}

void
session_prompt(const struct session *s, struct strbuf *out)
{
	strbuf_printf(out, "%s%s%c", config_hostname(router_running(s->router)),
	    modes[s->mode].prompt, s->cli->privilege >= PRIV_ADMIN ? '#' : '>');
}

int
session_page_length(const struct session *s)
{
	return s->page_length;
}

/* IOS's answer to a line that does not parse. */

/*
 * Echoes a script's line above the caret with its secrets masked (a key
 * typed in clear must not come back in an error that may be logged), and
 * returns col moved to where the word at col stands in the masked line.
 */
static int
echo_masked(struct session *s, const char *text, int col)
{
	char *line = secret_mask_line(text);
	char *upto = xstrndup(text, (size_t)col, "an error's echo");
	char *masked_upto = secret_mask_line(upto);

	strbuf_printf(s->out, "%s\n", line);
	col = (int)strlen(masked_upto);
	free(line);
	free(upto);
	free(masked_upto);
	return col;
}
static void
print_parse_error(struct session *s, const char *text, const struct line *l,
    const struct resolved *r)
{
	struct strbuf prompt = STRBUF_INIT;
	int col, i;

	switch (r->status) {
	case GRAMMAR_AMBIGUOUS:
		strbuf_printf(s->out, "%% Ambiguous command: \"%.*s\"\n",
		    l->offset[r->at] + (int)strlen(l->words[r->at]), text);
		break;
	case GRAMMAR_INCOMPLETE:
		strbuf_puts(s->out, "% Incomplete command.\n");
		break;
	case GRAMMAR_INVALID:
		col = l->offset[r->at];
		if (s->interactive) {
			/* under the line the user typed after the prompt */
			session_prompt(s, &prompt);
			col += (int)prompt.len;
		} else
			col = echo_masked(s, text, col);
		for (i = 0; i < col; i++)
			strbuf_putc(s->out, ' ');
		strbuf_puts(s->out, "^\n% Invalid input detected at '^' marker.\n");
		break;
	case GRAMMAR_OK:
		break;
	}
	strbuf_free(&prompt);
}

static void
remember(struct session *s, const char *line)
{
	if (s->nhistory == SESSION_HISTORY) {
		free(s->history[0]);
		memmove(s->history, s->history + 1,
		    (SESSION_HISTORY - 1) * sizeof(s->history[0]));
		s->nhistory--;
	}
	s->history[s->nhistory++] = secret_mask_line(line);
}

/* Resolves and runs words (a line without filters); prints errors. */
static enum session_result
run_words(struct session *s, const char *text, struct line *l, int n)
{
	struct resolved r;
	enum cmd_mode before = s->mode;
	char object[CFG_NAME_MAX];
	bool fallback = false;
	int rc;

	memcpy(object, s->object, sizeof(object));
	session_resolve(s, s->mode, l->words, n, &r);
	if (r.status == GRAMMAR_INVALID && (1u << s->mode) & M_SUBMODES) {
		/* IOS: a global command typed in a sub-mode runs at global
		 * level; if it fits neither, the error that got further wins */
		struct resolved g;

		session_resolve(s, CMD_MODE_CONFIG, l->words, n, &g);
		if (g.status == GRAMMAR_OK || g.at > r.at) {
			free(r.argv);
			r = g;
			fallback = g.status == GRAMMAR_OK;
		} else
			free(g.argv);
	}
	if (r.status != GRAMMAR_OK) {
		print_parse_error(s, text, l, &r);
		free(r.argv);
		return SESSION_ERROR;
	}
	if (s->statements_only && !r.entry->statement) {
		/* a configuration file is read, never run: only statements,
		 * which edit nothing but the candidate, take effect */
		strbuf_printf(s->out, "%% Not a configuration statement: %s\n",
		    r.entry->def->path);
		free(r.argv);
		return SESSION_ERROR;
	}
	if (fallback)
		cmd_set_mode(s->cli, CMD_MODE_CONFIG, NULL);
	s->cur_line = l;
	s->cur_first_arg = r.nkw;
	rc = r.entry->def->fn(s->cli, session_entry_command(r.entry),
	    (char **)r.argv, r.argc);
	s->cur_line = NULL;
	free(r.argv);
	/* a global command that failed leaves the user where they were */
	if (fallback && rc != CLI_OK && s->mode == CMD_MODE_CONFIG)
		cmd_set_mode(s->cli, before, object);
	if (rc == CLI_QUIT)
		return SESSION_CLOSED;
	if (s->ask != ASK_NONE)
		return SESSION_ASK;
	return rc == CLI_OK ? SESSION_OK : SESSION_ERROR;
}

/* Lines that run nothing: blank ones and comments. */
static bool
is_comment(const struct line *l)
{
	return l->n == 0 || l->words[0][0] == '!';
}

/* A `?` word of its own: a help request, never an argument (LIBCLI.md 2). */
static bool
is_question(const struct line *l, int i)
{
	return strcmp(l->words[i], "?") == 0 && !l->quoted[i];
}

static bool
shows_output(const struct session *s, const struct line *l)
{
	size_t n = strlen(l->words[0]);

	return s->mode == CMD_MODE_EXEC || strcmp(l->words[0], "do") == 0 ||
	    (n >= 2 && strncmp("show", l->words[0], n) == 0);
}

/* IOS-XR's line before an answer: "Fri Dec  4 16:30:00.123 UTC". */
static void
print_timestamp(struct strbuf *out)
{
	struct timespec now;
	struct tm tm;
	char day[32], zone[16];

	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(day, sizeof(day), "%a %b %e %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%Z", &tm);
	strbuf_printf(out, "%s.%03ld %s\n", day, now.tv_nsec / 1000000, zone);
}

enum session_result
session_run(struct session *s, const char *text)
{
	struct strbuf cmdout = STRBUF_INIT, *final = s->out;
	struct filter_chain fc;
	enum session_result res;
	struct line l;
	int n;

	if (line_split(text, &l, s->out) != 0)
		return SESSION_ERROR;
	if (is_comment(&l)) {
		line_free(&l);
		return SESSION_OK;
	}
	for (n = 0; n < l.n; n++)
		if (is_question(&l, n)) {
			strbuf_puts(s->out, "% Use ? at the end of a line for help\n");
			line_free(&l);
			return SESSION_ERROR;
		}
	/* output filters belong to commands that show something; elsewhere
	 * a '|' is text (a description may contain one) */
	n = l.n;
	if (shows_output(s, &l))
		for (n = 0; n < l.n && !(strcmp(l.words[n], "|") == 0 &&
		    !l.quoted[n]); n++)
			;
	if (filter_parse(l.words + n, l.n - n, &fc, s->out) != 0) {
		line_free(&l);
		return SESSION_ERROR;
	}
	if (s->timestamp && shows_output(s, &l))
		print_timestamp(final);
	s->out = fc.nstages > 0 ? &cmdout : final;
	res = run_words(s, text, &l, n);
	s->out = final;
	if (fc.nstages > 0) {
		filter_apply(&fc, strbuf_str(&cmdout), final);
		strbuf_free(&cmdout);
	}
	filter_free(&fc);
	line_free(&l);
	return res;
}

/*
 * Where the text ends that a line ending in a `?` word asks help for, as
 * `?` typed at a terminal asks for what precedes it: scripts discover
 * commands this way. -1 for any other line, which session_run answers
 * (a `?` before the end is an error there).
 */
static int
help_request(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct line l;
	int i, at = -1;

	if (line_split(text, &l, &err) == 0 && !is_comment(&l))
		for (i = 0; i < l.n; i++)
			if (is_question(&l, i)) {
				if (i == l.n - 1)
					at = l.offset[i];
				break;
			}
	line_free(&l);
	strbuf_free(&err);
	return at;
}

/* A line from the client begins: it cancels a pending question. */
static void
line_begin(struct session *s, struct strbuf *out)
{
	s->out = out;
	s->last_active = time(NULL);
	s->ask = ASK_NONE;
}

/* A line ends: a failed line of a script, or of a commit-on-exit
 * session, dooms its transaction (automation does not read each line's
 * answer). */
static enum session_result
line_end(struct session *s, enum session_result res)
{
	if (res == SESSION_ERROR && (!s->interactive || s->commit_on_exit) &&
	    s->candidate != NULL)
		s->failed_lines++;
	s->out = NULL;
	return s->job != NULL ? SESSION_RUNNING : res;
}

enum session_result
session_exec(struct session *s, const char *line, struct strbuf *out)
{
	enum session_result res;
	int help = help_request(line);
	char *upto;

	line_begin(s, out);
	if (help >= 0) {
		/* like the terminal's `?`: not run, so not in the history */
		upto = xstrndup(line, (size_t)help, "a help request");
		res = session_help(s, upto, out);
		free(upto);
	} else {
		/* a line refused for its bytes is not kept: show history
		 * prints what is */
		if (line[strspn(line, " \t")] != '\0' &&
		    mgmt_line_check(line, strlen(line), NULL) == 0)
			remember(s, line);
		res = session_run(s, line);
	}
	return line_end(s, res);
}

enum session_result
session_refused(struct session *s, const char *why, struct strbuf *out)
{
	line_begin(s, out);
	strbuf_puts(out, why);
	return line_end(s, SESSION_ERROR);
}

int
session_job_fd(const struct session *s)
{
	return s->job != NULL ? job_fd(s->job) : -1;
}

enum session_result
session_job_output(struct session *s, struct strbuf *out)
{
	int status;

	if (s->job == NULL)
		return SESSION_OK;
	if (job_read(s->job, out, &status))
		return SESSION_RUNNING;
	job_free(s->job);
	s->job = NULL;
	return status == CLI_OK ? SESSION_OK : SESSION_ERROR;
}

const char *
session_ask_prompt(const struct session *s, bool *echo)
{
	*echo = s->ask != ASK_ENABLE;
	switch (s->ask) {
	case ASK_ENABLE:
		return "Password: ";
	case ASK_UNCOMMITTED:
		return "Uncommitted changes found, commit them? [yes/no/CANCEL] ";
	case ASK_NONE:
		break;
	}
	return "";
}

/* Whether reply is a prefix (at least one letter) of word, any case. */
static bool
says(const char *reply, const char *word)
{
	size_t n = strlen(reply);

	return n > 0 && strncasecmp(reply, word, n) == 0;
}

enum session_result
session_answer(struct session *s, const char *reply, struct strbuf *out)
{
	enum ask ask = s->ask;
	enum session_result res = SESSION_OK;
	const char *hash;

	s->out = out;
	s->ask = ASK_NONE;
	switch (ask) {
	case ASK_ENABLE:
		hash = config_enable_secret(router_running(s->router));
		if (hash != NULL && password_verify(reply, hash)) {
			cli_set_privilege(s->cli, PRIV_ADMIN);
			s->enable_tries = 0;
		} else if (++s->enable_tries < 3)
			s->ask = ASK_ENABLE;
		else {
			strbuf_puts(out, "% Bad secrets\n");
			log_msg(LOG_WARNING, "enable failed for %s", s->user);
			s->enable_tries = 0;
			res = SESSION_ERROR;
		}
		break;
	case ASK_UNCOMMITTED:
		if (says(reply, "yes")) {
			if (cmd_do_commit(s->cli, NULL, 0, false) == CLI_OK)
				cmd_set_mode(s->cli, CMD_MODE_EXEC, NULL);
			else
				res = SESSION_ERROR;
		} else if (says(reply, "no"))
			cmd_candidate_drop(s->cli);
		break;
	case ASK_NONE:
		strbuf_puts(out, "% No question is pending\n");
		res = SESSION_ERROR;
		break;
	}
	if (s->ask != ASK_NONE)
		res = SESSION_ASK;
	s->out = NULL;
	return res;
}

enum session_result
session_eof(struct session *s, struct strbuf *out)
{
	if (s->candidate != NULL && !config_equal(s->candidate, s->base)) {
		strbuf_puts(out, "% Uncommitted changes were not committed and "
		    "are discarded\n");
		cmd_candidate_drop(s->cli);
		return SESSION_ERROR;
	}
	return SESSION_OK;
}

const struct shell vgw_shell = {
	.open = session_new,
	.free = session_free,
	.set_commit_on_exit = session_set_commit_on_exit,
	.set_async = session_set_async,
	.exec = session_exec,
	.refused = session_refused,
	.answer = session_answer,
	.ask_prompt = session_ask_prompt,
	.complete = session_complete,
	.help = session_help,
	.eof = session_eof,
	.job_fd = session_job_fd,
	.job_output = session_job_output,
	.prompt = session_prompt,
	.page_length = session_page_length,
	.parse_config = session_parse_config,
};
