/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * help - `?` and TAB: what may come next on a partial line, from the
 * keyword tree and the matched command's grammar. Never runs anything.
 */
#include "session_impl.h"

#include <stdlib.h>
#include <string.h>

#include "filter.h"

struct choices {
	struct grammar_choice	 c[SESSION_MAX_CHOICES];
	int			 n;
	bool			 valid;	/* the words before the last matched */
};

static void
add_keywords(const struct session *s, struct cli_command *list, enum cmd_mode m,
    const char *partial, struct choices *ch)
{
	size_t pl = strlen(partial);
	int libmode = session_libcli_mode(m);
	struct cli_command *c;

	for (c = list; c != NULL && ch->n < SESSION_MAX_CHOICES; c = c->next)
		if (c->mode == libmode && c->privilege <= s->cli->privilege &&
		    strncmp(c->command, partial, pl) == 0)
			ch->c[ch->n++] = (struct grammar_choice){ c->command,
			    c->help ? c->help : "", true };
}

/* The choices for the word after words[0..n), starting with partial. */
static void
collect(const struct session *s, enum cmd_mode m, char **words, int n,
    const char *partial, struct choices *ch)
{
	struct cli_command *node;
	const struct entry *e;
	int i, nmatch, k;

	ch->n = 0;
	ch->valid = false;
	/* `do CMD` in config modes: the choices of EXEC */
	if (m != CMD_MODE_EXEC && n > 0 && strcmp(words[0], "do") == 0) {
		collect(s, CMD_MODE_EXEC, words + 1, n - 1, partial, ch);
		return;
	}
	i = session_walk(s, m, words, n, &node, &nmatch);
	e = session_find_entry(s, node, m);
	if (i == n)
		add_keywords(s, node ? node->children : s->cli->commands, m,
		    partial, ch);
	else if (e == NULL)
		return;
	if (e != NULL) {
		k = grammar_next(e->grammar, words + i, n - i, partial,
		    ch->c + ch->n, SESSION_MAX_CHOICES - ch->n);
		if (k < 0 && i < n)
			return;
		if (k > 0)
			ch->n += k;
	}
	ch->valid = true;
}

static int
choice_cmp(const void *a, const void *b)
{
	const struct grammar_choice *x = a, *y = b;

	/* keywords first, then placeholders, "<cr>" last */
	if (strcmp(x->word, "<cr>") == 0 || strcmp(y->word, "<cr>") == 0)
		return strcmp(x->word, "<cr>") == 0 ? 1 : -1;
	if (x->keyword != y->keyword)
		return x->keyword ? -1 : 1;
	return strcmp(x->word, y->word);
}

/* Splits text into the complete words and the partial last word. */
static int
split_partial(const char *text, struct line *l, const char **partial,
    int *n, struct strbuf *out)
{
	if (line_split(text, l, out) != 0)
		return -1;
	*n = l->n;
	*partial = "";
	if (!l->trailing_space && l->n > 0)
		*partial = l->words[--*n];
	return 0;
}

/* The filter part of a line, if any: its `|` index, else -1. */
static int
pipe_index(const struct line *l, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(l->words[i], "|") == 0 && !l->quoted[i])
			return i;
	return -1;
}

static void
collect_line(struct session *s, struct line *l, int n,
    const char *partial, struct choices *ch)
{
	int p = pipe_index(l, n);

	if (p < 0) {
		collect(s, s->mode, l->words, n, partial, ch);
		return;
	}
	ch->n = filter_choices(l->words + p + 1, n - p - 1, partial, ch->c,
	    SESSION_MAX_CHOICES);
	ch->valid = ch->n >= 0;
	if (ch->n < 0)
		ch->n = 0;
}

enum session_result
session_help(struct session *s, const char *text, struct strbuf *out)
{
	struct choices ch;
	const char *partial;
	struct line l;
	size_t w = 0, len;
	int i, n;

	if (split_partial(text, &l, &partial, &n, out) != 0)
		return SESSION_ERROR;
	collect_line(s, &l, n, partial, &ch);
	if (!ch.valid || ch.n == 0) {
		strbuf_puts(out, "% Unrecognized command\n");
		line_free(&l);
		return SESSION_ERROR;
	}
	qsort(ch.c, (size_t)ch.n, sizeof(ch.c[0]), choice_cmp);
	if (partial[0] != '\0') {
		/* `sh?`: the words that start so, on one line */
		for (i = 0; i < ch.n; i++)
			strbuf_printf(out, "%s%s", i ? "  " : "", ch.c[i].word);
		strbuf_putc(out, '\n');
	} else {
		for (i = 0; i < ch.n; i++)
			if ((len = strlen(ch.c[i].word)) > w)
				w = len;
		for (i = 0; i < ch.n; i++)
			strbuf_printf(out, "  %-*s  %s\n", (int)w, ch.c[i].word,
			    ch.c[i].help);
	}
	line_free(&l);
	return SESSION_OK;
}

void
session_complete(struct session *s, const char *text, struct strbuf *words)
{
	struct strbuf err = STRBUF_INIT;
	struct choices ch;
	const char *partial;
	struct line l;
	int i;
	int n;

	if (split_partial(text, &l, &partial, &n, &err) != 0) {
		strbuf_free(&err);
		return;
	}
	collect_line(s, &l, n, partial, &ch);
	qsort(ch.c, (size_t)ch.n, sizeof(ch.c[0]), choice_cmp);
	for (i = 0; i < ch.n; i++)
		if (ch.c[i].keyword)
			strbuf_printf(words, "%s\n", ch.c[i].word);
	line_free(&l);
}
