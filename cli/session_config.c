/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_config - reading a whole configuration text with the shell's own
 * grammar (boot, rollback, configure replace); see session.h.
 * A line that starts in column 0 is a global statement: it leaves any
 * sub-mode first, as in IOS configuration files.
 */
#include "session_impl.h"

#include <stdlib.h>
#include <string.h>

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

struct config *
session_parse_config(struct router *r, const char *text, const char *origin,
    struct strbuf *errors, int *nerrors)
{
	struct strbuf out = STRBUF_INIT, line = STRBUF_INIT;
	struct session *s = session_new(r, "system", PRIV_ADMIN, false);
	struct config *c;
	const char *p = text, *nl;
	int lineno = 0;

	*nerrors = 0;
	s->candidate = config_new();
	s->base = config_new();
	cmd_set_mode(s->cli, CMD_MODE_CONFIG, NULL);
	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		lineno++;
		strbuf_reset(&line);
		strbuf_append(&line, p, (size_t)(nl - p));
		if (line.len > 0 && line.buf[line.len - 1] == '\r')
			line.buf[--line.len] = '\0';
		if (strcmp(line.buf, "end") == 0)
			break;
		if (line.buf[0] != ' ' && line.buf[0] != '\t' && s->mode != CMD_MODE_CONFIG)
			cmd_set_mode(s->cli, CMD_MODE_CONFIG, NULL);
		strbuf_reset(&out);
		s->out = &out;
		if (session_run(s, line.buf) != SESSION_OK) {
			report(errors, origin, lineno, strbuf_str(&out));
			(*nerrors)++;
		}
		s->out = NULL;
		/* a statement must not leave config mode (exit, end, abort) */
		if (s->candidate == NULL)
			break;
	}
	c = s->candidate;
	s->candidate = NULL;
	if (c == NULL) {
		strbuf_printf(errors, "%s:%d: %% leaves configuration mode\n",
		    origin, lineno);
		(*nerrors)++;
		c = config_new();
	}
	session_free(s);
	strbuf_free(&out);
	strbuf_free(&line);
	return c;
}
