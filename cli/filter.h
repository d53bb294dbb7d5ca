/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * filter - output filters after `|`: include, exclude, begin, section,
 * count, and IOS-XR's utility head [-n N], each name abbreviable
 * (`| i`, `| inc`), chained left to right.
 * Regular expressions are POSIX extended (regcomp), matched per line.
 * These replace libcli's filters, which crash or misbehave (LIBCLI.md 1-4).
 */
#ifndef VGW_FILTER_H
#define VGW_FILTER_H

#include <regex.h>
#include <stdbool.h>

#include "grammar.h"
#include "lib/strbuf.h"

/* Bounds of output filters. */
#define FILTER_MAX_STAGES	8	/* filters on a line; one more is an error */
#define FILTER_REPEAT_MAX	1000	/* a regex's repetitions, multiplied; refused past it */

enum filter_kind { F_INCLUDE, F_EXCLUDE, F_BEGIN, F_SECTION, F_COUNT, F_UTILITY };

struct filter_stage {
	enum filter_kind kind;
	bool		 has_re;
	regex_t		 re;
	unsigned long	 lines;		/* utility head: how many */
};

struct filter_chain {
	struct filter_stage stage[FILTER_MAX_STAGES];
	int		 nstages;
};

/* words[0..n): empty, or "|" NAME [REGEX words] ["|" ...]. Returns 0, or
 * -1 with a "% ..." message in err (nothing to free). */
int	 filter_parse(char **words, int n, struct filter_chain *, struct strbuf *err);
void	 filter_apply(const struct filter_chain *, const char *text, struct strbuf *out);
void	 filter_free(struct filter_chain *);
/* `?`/TAB after a `|`: words are those after it (complete ones). Returns
 * the number of choices, or -1 if the words are invalid. */
int	 filter_choices(char **words, int n, const char *partial,
	    struct grammar_choice *out, int max);

#endif
