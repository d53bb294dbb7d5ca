/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * line - word splitting; see line.h. A quote opens a quoted word only at
 * the start of a word and only when its closing quote ends a word, so text
 * such as "it's" or "C:\path" in a description stays as typed.
 */
#include "line.h"

#include <stdlib.h>
#include <string.h>

#include "lib/mgmt_proto.h"

/* The closing quote of a quoted word starting at p, or NULL. */
static const char *
closing_quote(const char *p)
{
	const char *q = p + 1;

	while ((q = strchr(q, *p)) != NULL) {
		if (q[1] == '\0' || q[1] == ' ')
			return q;
		q++;
	}
	return NULL;
}

int
line_split(const char *text, struct line *l, struct strbuf *err)
{
	const char *p, *end;
	char *t;

	memset(l, 0, sizeof(*l));
	if (mgmt_line_check(text, strlen(text), err) != 0)
		return -1;
	/* a parser of user input fails the line, never the daemon */
	if ((l->text = strdup(text)) == NULL) {
		strbuf_puts(err, "% Out of memory for this line\n");
		return -1;
	}
	for (t = l->text; (t = strchr(t, '\t')) != NULL; t++)
		*t = ' ';
	for (p = l->text;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (l->n == LINE_MAX_WORDS) {
			strbuf_printf(err, "%% Too many words (at most %d)\n",
			    LINE_MAX_WORDS);
			line_free(l);
			return -1;
		}
		l->offset[l->n] = (int)(p - l->text);
		if ((*p == '"' || *p == '\'') && (end = closing_quote(p)) != NULL) {
			l->quoted[l->n] = true;
			l->words[l->n] = strndup(p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else {
			end = strchrnul(p, ' ');
			l->words[l->n] = strndup(p, (size_t)(end - p));
			p = end;
		}
		if (l->words[l->n] == NULL) {
			strbuf_puts(err, "% Out of memory for this line\n");
			line_free(l);
			return -1;
		}
		l->n++;
	}
	l->trailing_space = p > l->text && p[-1] == ' ';	/* p: the end */
	return 0;
}

void
line_free(struct line *l)
{
	int i;

	free(l->text);
	for (i = 0; i < l->n; i++)
		free(l->words[i]);
	memset(l, 0, sizeof(*l));
}
