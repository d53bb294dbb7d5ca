/* line - word splitting with quotes; see line.h. */
#include "line.h"

#include <stdlib.h>
#include <string.h>

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
line_split(const char *text, struct line *l, struct strbuf *err)
{
	size_t len = strlen(text);
	const char *p = text;
	struct strbuf w = STRBUF_INIT;

	memset(l, 0, sizeof(*l));
	if (len > LINE_MAX_BYTES) {
		strbuf_printf(err, "%% Line too long: %zu bytes (at most %d)\n",
		    len, LINE_MAX_BYTES);
		return -1;
	}
	for (;;) {
		char quote = 0;
		bool any = false;

		while (is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		if (l->n == LINE_MAX_WORDS) {
			strbuf_printf(err, "%% Too many words (at most %d)\n",
			    LINE_MAX_WORDS);
			line_free(l);
			strbuf_free(&w);
			return -1;
		}
		l->offset[l->n] = (int)(p - text);
		strbuf_reset(&w);
		while (*p != '\0' && (quote || !is_blank(*p))) {
			if (quote && *p == quote) {
				quote = 0;
			} else if (!quote && (*p == '"' || *p == '\'')) {
				quote = *p;
				l->quoted[l->n] = true;
			} else if (*p == '\\' && p[1] != '\0' && quote != '\'') {
				strbuf_putc(&w, *++p);
				l->quoted[l->n] = true;
			} else
				strbuf_putc(&w, *p);
			any = true;
			p++;
		}
		if (quote) {
			strbuf_printf(err, "%% Unterminated quote starting at "
			    "column %d\n", l->offset[l->n] + 1);
			line_free(l);
			strbuf_free(&w);
			return -1;
		}
		if (any)
			l->words[l->n++] = strbuf_detach(&w);
	}
	strbuf_free(&w);
	l->trailing_space = len > 0 && is_blank(text[len - 1]);
	return 0;
}

void
line_free(struct line *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		free(l->words[i]);
	memset(l, 0, sizeof(*l));
}
