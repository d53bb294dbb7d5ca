/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * line - splitting a typed line into words: "a b" and 'a b' are one
 * word each; there are no escapes, so regular expressions and Windows
 * paths pass through as typed.
 *
 * Contract: a line as mgmt_line_check allows it (at most MGMT_LINE_MAX
 * bytes, no control character but TAB) with at most LINE_MAX_WORDS words;
 * other input is refused with a message, never cut silently. TAB is a blank
 * like a space, and the line's text holds it as a space, so that no word
 * nor free text taken from it (cmd_text) holds one. Each word keeps the
 * byte offset where it starts in that text (for the '^' marker and free
 * text).
 */
#ifndef VGW_LINE_H
#define VGW_LINE_H

#include <stdbool.h>

#include "lib/strbuf.h"

#define LINE_MAX_WORDS	127

struct line {
	char	*text;		/* the line, TABs made spaces */
	char	*words[LINE_MAX_WORDS + 1];	/* NULL-terminated */
	int	 offset[LINE_MAX_WORDS];
	int	 n;
	bool	 trailing_space;	/* the line ends in blank space */
	bool	 quoted[LINE_MAX_WORDS];	/* the word had quotes or escapes */
};

/* Returns 0, or -1 with a "% ..." message in err (nothing allocated). */
int	 line_split(const char *text, struct line *, struct strbuf *err);
void	 line_free(struct line *);

#endif
