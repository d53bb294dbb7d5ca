/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config_diff - the changes between two configurations as "+"/"-" lines
 * in running-config layout. A changed block (interface, tunnel) shows its
 * header as a context line (" interface X") and only its changed
 * sub-lines; changed lines of the shared SPD block follow its header
 * (" crypto spd") as context.
 */
#include "config_impl.h"

#include <string.h>

/* Whether line (len bytes with its '\n') appears among the lines of text. */
static bool
has_line(const char *text, const char *line, size_t len)
{
	const char *p = text, *end = text + strlen(text);

	while ((p = memmem(p, (size_t)(end - p), line, len)) != NULL) {
		if (p == text || p[-1] == '\n')
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
	size_t len;

	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		len = (size_t)(nl - p + 1);
		if (!has_line(other, p, len)) {
			strbuf_putc(out, sign);
			strbuf_append(out, p, len);
		}
	}
}

/* Every line of text prefixed by sign. */
static void
lines_signed(struct strbuf *out, char sign, const char *text)
{
	lines_missing(out, sign, text, "");
}

/* The walk's state: where to write, and the shared block header
 * ("crypto spd") printed last as context, so it is printed once for a run
 * of changed lines in that block. */
struct diff {
	struct strbuf	*out;
	const char	*parent;
};

static bool
diff_item(const struct item_ops *ops, const void *a, const void *b, void *arg)
{
	struct diff *d = arg;
	struct strbuf *out = d->out;
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;

	if (a != NULL && b != NULL && ops->equal(a, b))
		return true;
	if (a != NULL)
		ops->render(a, &ta);
	if (b != NULL)
		ops->render(b, &tb);
	if (ops->parent != NULL && ops->parent != d->parent)
		strbuf_printf(out, " %s\n", ops->parent);
	d->parent = ops->parent;
	if (a != NULL && b != NULL && ops->block) {
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
	struct diff d = { out, NULL };

	config_walk2(from, to, diff_item, &d);
}
