/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_config - reading a whole configuration text with the shell's own
 * grammar (boot, rollback, configure replace); see session.h.
 * The text holds configuration statements only (cmd.h): any other command
 * (do, commit, exit, an indented end, ...) is an error of its line and
 * never runs, so reading a text has no effect but the configuration it
 * returns, and cannot read another one. The text is read by its length and
 * each line's bytes checked first (mgmt_line_check), so a NUL is an error
 * of its line, not the end of the text. A line that starts in column
 * 0 is a global statement: it leaves any sub-mode first, as in IOS
 * configuration files. `end` in column 0, which running-config ends with,
 * ends the text: after it only comments and blank lines may come.
 */
#include "session_impl.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mgmt_proto.h"

/* Each line of msg, prefixed with origin:lineno. */
static void
report(struct strbuf *errors, const char *origin, int lineno, const char *msg)
{
	const char *p = msg, *nl;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		strbuf_printf(errors, "%s:%d: %.*s\n", origin, lineno,
		    (int)(nl - p), p);
	}
}

/* Whether line is `end`, blanks after it allowed. */
static bool
is_end(const char *line)
{
	return strncmp(line, "end", 3) == 0 &&
	    line[3 + strspn(line + 3, " \t")] == '\0';
}

/*
 * Whether line is one of the lines `show running-config` prints before the
 * configuration (IOS's too): a saved show output is a configuration file,
 * as on IOS, so they read as comments.
 */
static bool
is_show_header(const char *line)
{
	return strcmp(line, "Building configuration...") == 0 ||
	    strncmp(line, "Current configuration :", 23) == 0;
}

/* Whether line holds nothing or a comment. */
static bool
is_blank_or_comment(const char *line)
{
	const char *p = line + strspn(line, " \t");

	return *p == '\0' || *p == '!';
}

struct config *
session_parse_config(struct router *r, const char *text, size_t len,
    const char *origin, struct strbuf *errors, int *nerrors)
{
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	struct session *s = session_new(r, "system", PRIV_ADMIN, false);
	struct config *c;
	const char *p, *nl;
	bool ended = false, failed;
	size_t at = 0, n;
	int lineno = 0;

	*nerrors = 0;
	s->candidate = config_new();
	s->base = config_new();
	s->statements_only = true;
	cmd_set_mode(s->cli, CMD_MODE_CONFIG, NULL);
	while (at < len) {
		p = text + at;
		nl = memchr(p, '\n', len - at);
		n = nl != NULL ? (size_t)(nl - p) : len - at;
		at += n + 1;
		lineno++;
		strbuf_reset(&line);
		strbuf_append(&line, p, n);
		if (line.len > 0 && line.buf[line.len - 1] == '\r')
			line.buf[--line.len] = '\0';
		strbuf_reset(&out);
		s->out = &out;
		/* first, as nothing below would see past a NUL */
		if (mgmt_line_check(line.buf, line.len, &out) != 0)
			failed = true;
		else if (!ended && is_end(line.buf)) {
			ended = true;
			failed = false;
		} else if (is_show_header(line.buf)) {
			failed = false;
		} else if (ended && !is_blank_or_comment(line.buf)) {
			/* not read: said so, rather than lost silently */
			strbuf_puts(&out, "% Text after end\n");
			failed = true;
		} else {
			if (line.buf[0] != ' ' && line.buf[0] != '\t' &&
			    s->mode != CMD_MODE_CONFIG)
				cmd_set_mode(s->cli, CMD_MODE_CONFIG, NULL);
			failed = session_run(s, line.buf) != SESSION_OK;
		}
		if (failed) {
			report(errors, origin, lineno, strbuf_str(&out));
			(*nerrors)++;
		}
		s->out = NULL;
	}
	c = s->candidate;
	s->candidate = NULL;
	session_free(s);
	strbuf_free(&out);
	strbuf_free(&line);
	return c;
}
