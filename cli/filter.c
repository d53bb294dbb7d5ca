/* SPDX-License-Identifier: GPL-3.0-or-later */
/* filter - output filters; see filter.h. */
#include "filter.h"

#include <stdlib.h>
#include <string.h>

#define HEAD_LINES	10	/* head(1)'s default */

static const struct {
	const char	*name;
	const char	*help;
	bool		 needs_re;
	const char	*arg_help;	/* of the words after the name */
} kinds[] = {
	[F_INCLUDE] = { "include", "Include the lines that match", true,
	    "Regular expression" },
	[F_EXCLUDE] = { "exclude", "Exclude the lines that match", true,
	    "Regular expression" },
	[F_BEGIN] = { "begin", "Begin with the first line that matches", true,
	    "Regular expression" },
	[F_SECTION] = { "section", "Include the sections whose first line matches",
	    true, "Regular expression" },
	[F_COUNT] = { "count", "Count the lines (that match)", false,
	    "Regular expression" },
	/* IOS-XR's; Ansible's cisco.iosxr asks `show version | utility
	 * head -n 20` on every connection */
	[F_UTILITY] = { "utility", "Run a Unix utility on the output: head [-n N]",
	    false, "Line count: -n N" },
};
#define NKINDS	((int)(sizeof(kinds) / sizeof(kinds[0])))

/*
 * Whether a regular expression could take the daemon's time. glibc's
 * regcomp copies the repeated part for `+` (once) and for an interval
 * {n,m} (m times), and copies of nested or stacked repetitions multiply;
 * the product is bounded (FILTER_REPEAT_MAX). Back-references make
 * matching exponential.
 */
static bool
too_complex(const char *re)
{
	unsigned long product = 1, hi;
	const char *p;
	char *end;

	for (p = re; *p != '\0'; p++) {
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return true;
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '+')
			hi = 2;
		else if (*p == '{') {
			hi = strtoul(p + 1, &end, 10);
			if (*end == ',')
				hi = end[1] == '}' ? FILTER_REPEAT_MAX + 1 :
				    strtoul(end + 1, &end, 10);
			if (hi == 0)
				hi = 1;
		} else
			continue;
		if (hi > FILTER_REPEAT_MAX || (product *= hi) > FILTER_REPEAT_MAX)
			return true;
	}
	return false;
}

/* The filter a (possibly abbreviated) name means, or -1 (*nmatch > 1: ambiguous). */
static int
kind_of(const char *word, int *nmatch)
{
	size_t wl = strlen(word);
	int i, found = -1;

	*nmatch = 0;
	for (i = 0; i < NKINDS; i++)
		if (wl > 0 && strncmp(kinds[i].name, word, wl) == 0) {
			found = i;
			(*nmatch)++;
		}
	return *nmatch == 1 ? found : -1;
}

/* `utility head [-n N]`: words w[0..n) after the name. */
static int
parse_utility(char **w, int n, struct filter_stage *st, struct strbuf *err)
{
	char *end;

	st->kind = F_UTILITY;
	st->lines = HEAD_LINES;
	if (n == 1 && strcmp(w[0], "head") == 0)
		return 0;
	if (n == 3 && strcmp(w[0], "head") == 0 && strcmp(w[1], "-n") == 0 &&
	    w[2][0] >= '0' && w[2][0] <= '9') {
		st->lines = strtoul(w[2], &end, 10);
		if (*end == '\0')
			return 0;
	}
	strbuf_puts(err, "% Unknown utility: use | utility head [-n N]\n");
	return -1;
}

void
filter_free(struct filter_chain *fc)
{
	int i;

	for (i = 0; i < fc->nstages; i++)
		if (fc->stage[i].has_re)
			regfree(&fc->stage[i].re);
	fc->nstages = 0;
}

int
filter_parse(char **words, int n, struct filter_chain *fc, struct strbuf *err)
{
	struct strbuf re = STRBUF_INIT;
	int i = 0, j, k, nmatch, rc;
	char msg[128];

	memset(fc, 0, sizeof(*fc));
	while (i < n) {
		/* words[i] is "|" */
		if (i + 1 >= n) {
			strbuf_puts(err, "% Incomplete command: a filter name "
			    "must follow '|'\n");
			goto bad;
		}
		if (fc->nstages == FILTER_MAX_STAGES) {
			strbuf_printf(err, "%% Too many filters (at most %d)\n",
			    FILTER_MAX_STAGES);
			goto bad;
		}
		k = kind_of(words[i + 1], &nmatch);
		if (k < 0) {
			strbuf_printf(err, nmatch > 1 ?
			    "%% Ambiguous filter: \"%s\"\n" :
			    "%% Unknown filter \"%s\": use include, exclude, "
			    "begin, section, count or utility\n", words[i + 1]);
			goto bad;
		}
		for (j = i + 2; j < n && strcmp(words[j], "|") != 0; j++)
			;
		if (k == F_UTILITY) {
			if (parse_utility(words + i + 2, j - i - 2,
			    &fc->stage[fc->nstages], err) != 0)
				goto bad;
			fc->nstages++;
			i = j;
			continue;
		}
		strbuf_reset(&re);
		for (int w = i + 2; w < j; w++)
			strbuf_printf(&re, "%s%s", w > i + 2 ? " " : "", words[w]);
		if (kinds[k].needs_re && re.len == 0) {
			strbuf_printf(err, "%% Incomplete command: '| %s' needs "
			    "a regular expression\n", kinds[k].name);
			goto bad;
		}
		fc->stage[fc->nstages].kind = (enum filter_kind)k;
		if (too_complex(strbuf_str(&re))) {
			strbuf_printf(err, "%% Regular expression too complex: "
			    "no back-references, and its +, {n,m} repetitions "
			    "may multiply to at most %d\n", FILTER_REPEAT_MAX);
			goto bad;
		}
		if (re.len > 0) {
			rc = regcomp(&fc->stage[fc->nstages].re, re.buf,
			    REG_EXTENDED | REG_NOSUB);
			if (rc != 0) {
				regerror(rc, &fc->stage[fc->nstages].re, msg,
				    sizeof(msg));
				strbuf_printf(err, "%% Bad regular expression "
				    "\"%s\": %s\n", re.buf, msg);
				goto bad;
			}
			fc->stage[fc->nstages].has_re = true;
		}
		fc->nstages++;
		i = j;
	}
	strbuf_free(&re);
	return 0;
bad:
	strbuf_free(&re);
	filter_free(fc);
	return -1;
}

static bool
matches(const struct filter_stage *st, const char *line)
{
	return !st->has_re || regexec(&st->re, line, 0, NULL, 0) == 0;
}

/* One stage over text (lines ending in '\n') into out. */
static void
apply_stage(const struct filter_stage *st, const char *text, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	const char *p = text, *nl;
	bool begun = false, in_section = false;
	unsigned long count = 0;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		strbuf_reset(&line);
		strbuf_append(&line, p, (size_t)(nl - p));
		switch (st->kind) {
		case F_INCLUDE:
		case F_EXCLUDE:
			if (matches(st, line.buf) == (st->kind == F_INCLUDE))
				strbuf_printf(out, "%s\n", line.buf);
			break;
		case F_BEGIN:
			begun = begun || matches(st, line.buf);
			if (begun)
				strbuf_printf(out, "%s\n", line.buf);
			break;
		case F_SECTION:
			/* a section: a line at column 0 and the indented lines under it */
			if (line.buf[0] != ' ')
				in_section = matches(st, line.buf);
			if (in_section)
				strbuf_printf(out, "%s\n", line.buf);
			break;
		case F_COUNT:
			count += matches(st, line.buf);
			break;
		case F_UTILITY:
			if (count++ < st->lines)
				strbuf_printf(out, "%s\n", line.buf);
			break;
		}
	}
	if (st->kind == F_COUNT)
		strbuf_printf(out, "Number of lines which match regexp = %lu\n",
		    count);
	strbuf_free(&line);
}

void
filter_apply(const struct filter_chain *fc, const char *text, struct strbuf *out)
{
	struct strbuf cur = STRBUF_INIT, next = STRBUF_INIT, tmp;
	int i;

	strbuf_puts(&cur, text);
	for (i = 0; i < fc->nstages; i++) {
		strbuf_reset(&next);
		apply_stage(&fc->stage[i], strbuf_str(&cur), &next);
		tmp = cur;
		cur = next;
		next = tmp;
	}
	strbuf_puts(out, strbuf_str(&cur));
	strbuf_free(&cur);
	strbuf_free(&next);
}

int
filter_choices(char **words, int n, const char *partial,
    struct grammar_choice *out, int max)
{
	int i, k, nmatch, count = 0;

	/* only the last stage matters: skip to after the last "|" */
	for (i = n - 1; i >= 0; i--)
		if (strcmp(words[i], "|") == 0) {
			words += i + 1;
			n -= i + 1;
			break;
		}
	if (n == 0) {
		for (i = 0; i < NKINDS && count < max; i++)
			if (strncmp(kinds[i].name, partial, strlen(partial)) == 0)
				out[count++] = (struct grammar_choice){
				    kinds[i].name, kinds[i].help, true };
		return count;
	}
	if ((k = kind_of(words[0], &nmatch)) < 0)
		return -1;
	if (max < 3)
		return 0;
	if (k == F_UTILITY && n == 1) {
		if (strncmp("head", partial, strlen(partial)) == 0)
			out[count++] = (struct grammar_choice){ "head",
			    "First lines of the output (10 unless -n N)", true };
		return count;
	}
	out[count++] = (struct grammar_choice){ "LINE", kinds[k].arg_help, false };
	if (n > 1 || !kinds[k].needs_re) {
		if (partial[0] == '\0')
			out[count++] = (struct grammar_choice){ "<cr>", "", false };
		out[count++] = (struct grammar_choice){ "|", "Output modifiers", false };
	}
	return count;
}
