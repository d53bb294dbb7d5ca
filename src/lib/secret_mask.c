/* SPDX-License-Identifier: GPL-3.0-or-later */
/* secret_mask - masking clear-text secrets in typed lines; see secret_mask.h. */
#include "secret_mask.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define MASK	"*****"

/*
 * The words a secret follows. A typed word introduces one when it is a
 * prefix of `word` at least `min` long, and, for words that only an `sa`
 * line has, when the line has had the word "sa" (there "e" and "i" are
 * enough, while elsewhere "int" is `interface`). `keep` is the type that
 * is not clear text (a hash or encrypted text), shown as typed.
 */
static const struct intro {
	const char	*word;
	size_t		 min;
	char		 keep;
	bool		 first;		/* only as the line's first word */
	bool		 in_sa;		/* only after the word "sa" */
} intros[] = {
	{ "secret", 3, '9', false, false },
	{ "password", 3, '9', false, false },
	{ "pre-shared-key", 3, '6', false, false },
	{ "pre-shared-key", 2, '6', true, false },	/* "pr": peer is "pe" */
	{ "encryption-key", 1, '6', false, true },
	{ "integrity-key", 1, '6', false, true },
};

/*
 * The length of the word at w, as the shell splits words (cli/line.c): a
 * quote at its start opens a quoted word when the same quote followed by a
 * blank or the end closes it (so "my pass phrase" is one secret word);
 * otherwise up to the next blank.
 */
static size_t
word_len(const char *w)
{
	const char *q;

	if (*w == '"' || *w == '\'')
		for (q = w + 1; (q = strchr(q, *w)) != NULL; q++)
			if (q[1] == '\0' || q[1] == ' ' || q[1] == '\t')
				return (size_t)(q + 1 - w);
	return strcspn(w, " \t");
}

/* The introducer the word w (n bytes) is, or NULL. */
static const struct intro *
introduces(const char *w, size_t n, bool first, bool in_sa)
{
	size_t i;

	for (i = 0; i < sizeof(intros) / sizeof(intros[0]); i++)
		if (n >= intros[i].min && n <= strlen(intros[i].word) &&
		    strncmp(intros[i].word, w, n) == 0 &&
		    (!intros[i].first || first) && (!intros[i].in_sa || in_sa))
			return &intros[i];
	return NULL;
}

char *
secret_mask_line(const char *line)
{
	struct strbuf out = STRBUF_INIT;
	const struct intro *after = NULL;	/* the secret or its type is next */
	const char *p = line, *w;
	bool typed = false, first = true, in_sa = false;
	size_t n;

	while (*p != '\0') {
		n = strspn(p, " \t");
		strbuf_append(&out, p, n);
		w = p + n;
		n = word_len(w);
		if (n == 0)
			break;
		if (after != NULL && !typed && n == 1 && (*w == '0' || *w == after->keep)) {
			strbuf_append(&out, w, n);
			typed = true;
			if (*w == after->keep)
				after = NULL;
		} else if (after != NULL) {
			strbuf_puts(&out, MASK);
			after = NULL;
		} else {
			strbuf_append(&out, w, n);
			after = introduces(w, n, first, in_sa);
			typed = false;
			in_sa = in_sa || (n == 2 && strncmp(w, "sa", 2) == 0);
		}
		first = false;
		p = w + n;
	}
	return strbuf_detach(&out);
}
