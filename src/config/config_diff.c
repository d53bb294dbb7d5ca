/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_diff - the changes between two configurations as "+"/"-" lines
 * in running-config layout. A changed interface shows its header as a
 * context line (" interface X") and only its changed sub-lines.
 */
#include "config_impl.h"

#include <stdio.h>
#include <string.h>

/* Whether line (with its '\n') appears among the lines of text. */
static bool
has_line(const char *text, const char *line, size_t len)
{
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && strncmp(p, line, len) == 0)
			return true;
		p++;
	}
	return false;
}

/* Each line of `from` that `other` lacks, prefixed by sign. */
static void
lines_missing(struct strbuf *out, char sign, const char *from, const char *other)
{
	const char *p = from, *nl;
	char line[512];

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p + 1), p);
		if (!has_line(other, line, strlen(line)))
			strbuf_printf(out, "%c%s", sign, line);
	}
}

/* Every line of text prefixed by sign. */
static void
lines_signed(struct strbuf *out, char sign, const char *text)
{
	lines_missing(out, sign, text, "");
}

static bool
diff_item(const struct item_ops *ops, const void *a, const void *b, void *arg)
{
	struct strbuf *out = arg;
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;

	if (a != NULL && b != NULL && ops->equal(a, b))
		return true;
	if (a != NULL)
		ops->render(a, &ta);
	if (b != NULL)
		ops->render(b, &tb);
	if (a != NULL && b != NULL && strcmp(ops->kind, "interface") == 0) {
		const char *hdr_end = strchr(strbuf_str(&ta), '\n');

		strbuf_printf(out, " %.*s", (int)(hdr_end - ta.buf + 1), ta.buf);
		lines_missing(out, '-', hdr_end + 1, strbuf_str(&tb));
		lines_missing(out, '+', strchr(strbuf_str(&tb), '\n') + 1,
		    strbuf_str(&ta));
	} else {
		lines_signed(out, '-', strbuf_str(&ta));
		lines_signed(out, '+', strbuf_str(&tb));
	}
	strbuf_free(&ta);
	strbuf_free(&tb);
	return true;
}

void
config_diff(const struct config *from, const struct config *to,
    struct strbuf *out)
{
	config_walk2(from, to, diff_item, out);
}
