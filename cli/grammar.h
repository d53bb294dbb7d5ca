/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grammar - the argument syntax of a command, as FRR writes it, compiled
 * to a small NFA that matches typed words, expands abbreviated keywords,
 * and lists what may come next (for `?` and TAB).
 *
 * Syntax: space-separated tokens; `( a | b c )` alternatives, `[ ... ]`
 * optional, `{ a | b c }` any of the alternatives in any order (each may
 * be given again: the command takes the last). Terminals:
 *   lowercase word     a keyword (typed as any unique prefix)
 *   A.B.C.D            an IPv4 address        M.M.M.M  a contiguous mask
 *   A.B.C.D/M          an IPv4 prefix         WORD     any one word
 *   LINE               one or more words (the rest of the line), "" too
 *   <LO-HI>            an integer in range    HH:HH:HH:HH:HH:HH  a MAC
 *   <LO-HI>-<LO-HI>    two such integers joined by '-', the first not the
 *                      larger (a port range)
 *   0xHHHHHHHH         0x and 1 to 8 hex digits (an SPI as tools print it)
 *   0 or 9 style digits are keywords too (e.g. `[0|9]`).
 * Each terminal has a help text: the keyword dictionary's for keywords,
 * or the next entry of the help list given at compile time.
 *
 * Contract: grammar_match never runs anything; it reports the first word
 * that fits nothing (its index), an ambiguous keyword prefix, or an
 * incomplete line, exactly as IOS does.
 */
#ifndef VGW_GRAMMAR_H
#define VGW_GRAMMAR_H

#include <stdbool.h>

#include "lib/strbuf.h"

struct grammar;

enum grammar_status {
	GRAMMAR_OK,
	GRAMMAR_INVALID,	/* word `at` fits nothing */
	GRAMMAR_AMBIGUOUS,	/* word `at` is a prefix of several keywords */
	GRAMMAR_INCOMPLETE,	/* more words needed */
};

struct grammar_result {
	enum grammar_status	 status;
	int			 at;
	/* on OK: the words with keywords expanded (pointers into the
	 * grammar or into the caller's words) */
	const char		**argv;
	int			 argc;
};

/* One entry of `?` output. */
struct grammar_choice {
	const char	*word;		/* "priority", "A.B.C.D", "<cr>" */
	const char	*help;
	bool		 keyword;	/* TAB completes keywords only */
};

/* Compiles syntax; help[] gives placeholder help in order (may be short);
 * lead is the keyword the syntax follows (the command path's last word),
 * or NULL, for grammar_keyword_help_after. Aborts on a malformed syntax
 * string (a programming error). */
struct grammar	*grammar_compile(const char *syntax, const char *const *help,
		    const char *lead);
void		 grammar_free(struct grammar *);

/* Matches words[0..n). result->argv is malloc'd: free it with free(). */
void		 grammar_match(const struct grammar *, char **words, int n,
		    struct grammar_result *);
/*
 * The choices for the word after words[0..n) (all of which must match),
 * restricted to those starting with `partial` (keywords) or accepting it
 * (placeholders). Returns the number written (at most max); -1 if the
 * words do not match.
 */
int		 grammar_next(const struct grammar *, char **words, int n,
		    const char *partial, struct grammar_choice *out, int max);

/* Help text of a keyword from the shared dictionary (or ""). */
const char	*grammar_keyword_help(const char *word);
/* The same for a keyword that follows the keyword lead (NULL: none),
 * where the pair means something else than the word alone (`protocol ip`:
 * any IP protocol; `routing route`: route-based). */
const char	*grammar_keyword_help_after(const char *lead, const char *word);
/* Help text of the last keyword of a command path ("configure terminal")
 * in a mode ("exec", "config", ...): a text for that path where the word
 * means something else there, else the word's. */
const char	*grammar_path_help(const char *mode, const char *path,
		    const char *word);

#endif
