/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * grammar - argument syntax compiled to an NFA (Thompson construction, as
 * in a Pike VM): TERM instructions consume one word, SPLIT forks, JMP
 * jumps, MATCH accepts. Matching keeps the set of live instructions, so
 * alternatives and optional parts need no backtracking; see grammar.h.
 */
#include "grammar.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/inet.h"
#include "lib/xalloc.h"

enum op { OP_TERM, OP_SPLIT, OP_JMP, OP_MATCH };
enum term {
	T_KEYWORD, T_ADDR, T_MASK, T_PREFIX, T_WORD, T_LINE, T_RANGE, T_MAC,
	T_HEX32, T_RANGE_PAIR,
};

struct insn {
	enum op		 op;
	int		 x, y;		/* SPLIT: both; JMP: x */
	enum term	 t;
	char		*text;		/* the token as written */
	const char	*help;
	unsigned long	 lo, hi;	/* T_RANGE, T_RANGE_PAIR */
};

struct grammar {
	struct insn	*code;
	int		 n;
};

/* Parse tree, used only while compiling. */
enum node_kind { N_TERM, N_SEQ, N_ALT, N_OPT, N_STAR };
struct node {
	enum node_kind	 kind;
	char		*tok;
	const char	*help;
	struct node	**kids;
	int		 nkids;
};

struct compiler {
	char		**toks;
	int		 ntoks, pos;
	const char *const *help;
	int		 nhelp;
	struct grammar	*g;
};

static void
add_kid(struct node *n, struct node *kid)
{
	n->kids = xrealloc(n->kids, (size_t)(n->nkids + 1) * sizeof(*n->kids),
	    "a command's syntax");
	n->kids[n->nkids++] = kid;
}

static struct node *
new_node(enum node_kind kind)
{
	struct node *n = xcalloc(1, sizeof(*n), "a command's syntax");

	n->kind = kind;
	return n;
}

static void
free_node(struct node *n)
{
	int i;

	for (i = 0; i < n->nkids; i++)
		free_node(n->kids[i]);
	free(n->kids);
	free(n);
}

static bool
is_keyword(const char *tok)
{
	for (; *tok; tok++)
		if (!islower((unsigned char)*tok) && !isdigit((unsigned char)*tok) &&
		    *tok != '-')
			return false;
	return true;
}

static struct node *parse_alt(struct compiler *, const char *lead);

/* lead: the keyword before this sequence ("protocol" for the words of
 * `protocol ( ip | tcp )`), which may give a keyword its help there. */
static struct node *
parse_seq(struct compiler *c, const char *lead)
{
	struct node *seq = new_node(N_SEQ), *n;
	const char *t;

	while (c->pos < c->ntoks) {
		t = c->toks[c->pos];
		if (strcmp(t, "|") == 0 || strcmp(t, ")") == 0 || strcmp(t, "]") == 0 ||
		    strcmp(t, "}") == 0)
			break;
		c->pos++;
		if (strcmp(t, "(") == 0 || strcmp(t, "[") == 0 || strcmp(t, "{") == 0) {
			n = parse_alt(c, lead);
			if (c->pos >= c->ntoks || strcmp(c->toks[c->pos],
			    t[0] == '(' ? ")" : t[0] == '[' ? "]" : "}") != 0)
				abort();	/* unbalanced syntax string */
			c->pos++;
			if (t[0] != '(') {
				struct node *wrap = new_node(t[0] == '[' ? N_OPT : N_STAR);

				add_kid(wrap, n);
				n = wrap;
			}
		} else {
			n = new_node(N_TERM);
			n->tok = (char *)t;
			if (is_keyword(t)) {
				n->help = grammar_keyword_help_after(lead, t);
				lead = t;
			} else
				n->help = c->nhelp > 0 ?
				    (c->nhelp--, *c->help++) : "";
		}
		add_kid(seq, n);
	}
	return seq;
}

static struct node *
parse_alt(struct compiler *c, const char *lead)
{
	struct node *alt = new_node(N_ALT);

	add_kid(alt, parse_seq(c, lead));
	while (c->pos < c->ntoks && strcmp(c->toks[c->pos], "|") == 0) {
		c->pos++;
		add_kid(alt, parse_seq(c, lead));
	}
	return alt;
}

static int
emit(struct grammar *g, enum op op)
{
	g->code = xrealloc(g->code, (size_t)(g->n + 1) * sizeof(*g->code),
	    "a command's syntax");
	memset(&g->code[g->n], 0, sizeof(g->code[0]));
	g->code[g->n].op = op;
	return g->n++;
}

static void
classify(struct insn *in, const char *tok)
{
	in->text = xstrdup(tok, "a command's syntax");
	if (strcmp(tok, "A.B.C.D") == 0)
		in->t = T_ADDR;
	else if (strcmp(tok, "M.M.M.M") == 0)
		in->t = T_MASK;
	else if (strcmp(tok, "A.B.C.D/M") == 0)
		in->t = T_PREFIX;
	else if (strcmp(tok, "WORD") == 0)
		in->t = T_WORD;
	else if (strcmp(tok, "LINE") == 0)
		in->t = T_LINE;
	else if (strcmp(tok, "HH:HH:HH:HH:HH:HH") == 0)
		in->t = T_MAC;
	else if (strcmp(tok, "0xHHHHHHHH") == 0)
		in->t = T_HEX32;
	else if (sscanf(tok, "<%lu-%lu>", &in->lo, &in->hi) == 2)
		in->t = strstr(tok, ">-<") != NULL ? T_RANGE_PAIR : T_RANGE;
	else if (is_keyword(tok))
		in->t = T_KEYWORD;
	else
		abort();		/* unknown placeholder in a syntax string */
}

static void
gen(struct grammar *g, const struct node *n)
{
	int i, pc, *jumps;

	switch (n->kind) {
	case N_TERM:
		pc = emit(g, OP_TERM);
		classify(&g->code[pc], n->tok);
		g->code[pc].help = n->help;
		if (g->code[pc].t == T_LINE) {	/* one or more words */
			int s = emit(g, OP_SPLIT);

			g->code[s].x = pc;
			g->code[s].y = s + 1;
		}
		break;
	case N_SEQ:
		for (i = 0; i < n->nkids; i++)
			gen(g, n->kids[i]);
		break;
	case N_OPT:
		pc = emit(g, OP_SPLIT);
		g->code[pc].x = pc + 1;
		gen(g, n->kids[0]);
		g->code[pc].y = g->n;
		break;
	case N_STAR:		/* any of them, in any order, as often as typed */
		pc = emit(g, OP_SPLIT);
		g->code[pc].x = pc + 1;
		gen(g, n->kids[0]);
		i = emit(g, OP_JMP);	/* emit moves g->code: index it after */
		g->code[i].x = pc;
		g->code[pc].y = g->n;
		break;
	case N_ALT:
		jumps = xcalloc((size_t)n->nkids, sizeof(*jumps),
		    "a command's syntax");
		for (i = 0; i < n->nkids - 1; i++) {
			pc = emit(g, OP_SPLIT);
			g->code[pc].x = pc + 1;
			gen(g, n->kids[i]);
			jumps[i] = emit(g, OP_JMP);
			g->code[pc].y = g->n;
		}
		gen(g, n->kids[n->nkids - 1]);
		for (i = 0; i < n->nkids - 1; i++)
			g->code[jumps[i]].x = g->n;
		free(jumps);
		break;
	}
}

struct grammar *
grammar_compile(const char *syntax, const char *const *help, const char *lead)
{
	struct compiler c = { .help = help };
	struct grammar *g;
	struct node *root;
	char *copy, *tok, *save;
	int nh = 0;

	while (help != NULL && help[nh] != NULL)
		nh++;
	c.nhelp = nh;
	copy = xstrdup(syntax ? syntax : "", "a command's syntax");
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		c.toks = xrealloc(c.toks, (size_t)(c.ntoks + 1) * sizeof(*c.toks),
		    "a command's syntax");
		c.toks[c.ntoks++] = tok;
	}
	g = xcalloc(1, sizeof(*g), "a command's syntax");
	root = parse_alt(&c, lead);
	if (c.pos != c.ntoks)
		abort();		/* stray closing bracket */
	gen(g, root);
	emit(g, OP_MATCH);
	free_node(root);
	free(c.toks);
	free(copy);
	return g;
}

void
grammar_free(struct grammar *g)
{
	int i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++)
		free(g->code[i].text);
	free(g->code);
	free(g);
}

static bool
valid_number(const char *w, unsigned long lo, unsigned long hi)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)w[0]) || (w[0] == '0' && w[1] != '\0'))
		return false;
	errno = 0;
	v = strtoul(w, &end, 10);
	return errno == 0 && *end == '\0' && v >= lo && v <= hi;
}

/* 0x and one to eight hex digits. */
static bool
valid_hex32(const char *w)
{
	size_t n;

	if (w[0] != '0' || (w[1] != 'x' && w[1] != 'X'))
		return false;
	n = strspn(w + 2, "0123456789abcdefABCDEF");
	return n >= 1 && n <= 8 && w[2 + n] == '\0';
}

/* LO-HI: two numbers of the range, the first not above the second. */
static bool
valid_pair(const char *w, unsigned long lo, unsigned long hi)
{
	const char *dash = strchr(w, '-');
	char first[24];

	if (dash == NULL || (size_t)(dash - w) >= sizeof(first))
		return false;
	snprintf(first, sizeof(first), "%.*s", (int)(dash - w), w);
	return valid_number(first, lo, hi) && valid_number(dash + 1, lo, hi) &&
	    strtoul(first, NULL, 10) <= strtoul(dash + 1, NULL, 10);
}

/* Whether a placeholder accepts the whole word. */
static bool
accepts(const struct insn *in, const char *w)
{
	uint32_t a;
	uint8_t p, mac[6];

	switch (in->t) {
	case T_ADDR:
		return inet_parse_addr(w, &a);
	case T_MASK:
		return inet_parse_mask(w, &p);
	case T_PREFIX:
		return inet_parse_prefix(w, &a, &p);
	case T_MAC:
		return inet_parse_mac(w, mac);
	case T_RANGE:
		return valid_number(w, in->lo, in->hi);
	case T_HEX32:
		return valid_hex32(w);
	case T_RANGE_PAIR:
		return valid_pair(w, in->lo, in->hi);
	case T_WORD:
		return w[0] != '\0';
	case T_LINE:		/* free text, taken as typed: "" too */
		return true;
	case T_KEYWORD:
		return strcmp(in->text, w) == 0;
	}
	return false;
}

/* Whether w could be the start of a value the placeholder accepts (for `?`). */
static bool
may_start(const struct insn *in, const char *w)
{
	const char *chars;

	switch (in->t) {
	case T_ADDR:
	case T_MASK:
		chars = "0123456789.";
		break;
	case T_PREFIX:
		chars = "0123456789./";
		break;
	case T_RANGE:
		chars = "0123456789";
		break;
	case T_MAC:
		chars = "0123456789abcdefABCDEF:.";
		break;
	case T_HEX32:
		chars = "0123456789abcdefABCDEFxX";
		break;
	case T_RANGE_PAIR:
		chars = "0123456789-";
		break;
	default:
		return true;
	}
	return strspn(w, chars) == strlen(w);
}

/* A set of instruction indexes (the NFA's live states). */
struct set {
	int	*pcs;
	int	 n;
	char	*mark;
};

static void
set_init(struct set *s, int size)
{
	s->pcs = xcalloc((size_t)size, sizeof(*s->pcs), "matching a line");
	s->mark = xcalloc((size_t)size, 1, "matching a line");
	s->n = 0;
}

static void
set_clear(struct set *s, int size)
{
	s->n = 0;
	memset(s->mark, 0, (size_t)size);
}

static void
set_free(struct set *s)
{
	free(s->pcs);
	free(s->mark);
}

/* Adds pc and everything reachable from it without consuming a word. */
static void
closure(const struct grammar *g, struct set *s, int pc)
{
	if (s->mark[pc])
		return;
	s->mark[pc] = 1;
	switch (g->code[pc].op) {
	case OP_SPLIT:
		closure(g, s, g->code[pc].x);
		closure(g, s, g->code[pc].y);
		break;
	case OP_JMP:
		closure(g, s, g->code[pc].x);
		break;
	case OP_TERM:
	case OP_MATCH:
		s->pcs[s->n++] = pc;
		break;
	}
}

/*
 * One step: the states after `w`. Keywords match exactly or by a unique
 * prefix and take precedence over placeholders. Returns the status and sets
 * *expanded to the keyword matched (or w).
 */
static enum grammar_status
step(const struct grammar *g, const struct set *cur, struct set *next,
    const char *w, const char **expanded)
{
	const char *kw = NULL;
	size_t wl = strlen(w);
	int i, exact = 0, nprefix = 0;

	for (i = 0; i < cur->n; i++) {
		const struct insn *in = &g->code[cur->pcs[i]];

		if (in->op != OP_TERM || in->t != T_KEYWORD)
			continue;
		if (strcmp(in->text, w) == 0) {
			exact = 1;
			kw = in->text;
		} else if (!exact && strncmp(in->text, w, wl) == 0) {
			if (kw == NULL || strcmp(kw, in->text) != 0)
				nprefix++;
			kw = in->text;
		}
	}
	if (!exact && nprefix > 1)
		return GRAMMAR_AMBIGUOUS;
	*expanded = kw ? kw : w;
	for (i = 0; i < cur->n; i++) {
		const struct insn *in = &g->code[cur->pcs[i]];

		if (in->op != OP_TERM)
			continue;
		if (kw ? (in->t == T_KEYWORD && strcmp(in->text, kw) == 0) :
		    (in->t != T_KEYWORD && accepts(in, w)))
			closure(g, next, cur->pcs[i] + 1);
	}
	return next->n > 0 ? GRAMMAR_OK : GRAMMAR_INVALID;
}

/* Runs words through; cur ends as the live set. Returns OK or the error. */
static enum grammar_status
run(const struct grammar *g, char **words, int n, struct set *cur,
    const char **argv, int *at)
{
	struct set next;
	enum grammar_status st = GRAMMAR_OK;
	int i;

	set_init(&next, g->n);
	closure(g, cur, 0);
	for (i = 0; i < n; i++) {
		const char *exp;

		set_clear(&next, g->n);
		st = step(g, cur, &next, words[i], &exp);
		if (st != GRAMMAR_OK) {
			*at = i;
			break;
		}
		if (argv != NULL)
			argv[i] = exp;
		set_clear(cur, g->n);
		memcpy(cur->pcs, next.pcs, (size_t)next.n * sizeof(int));
		memcpy(cur->mark, next.mark, (size_t)g->n);
		cur->n = next.n;
	}
	set_free(&next);
	return st;
}

static bool
has_match(const struct grammar *g, const struct set *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (g->code[s->pcs[i]].op == OP_MATCH)
			return true;
	return false;
}

void
grammar_match(const struct grammar *g, char **words, int n,
    struct grammar_result *r)
{
	struct set cur;

	memset(r, 0, sizeof(*r));
	r->argv = xcalloc((size_t)n + 1, sizeof(*r->argv), "matching a line");
	set_init(&cur, g->n);
	r->status = run(g, words, n, &cur, r->argv, &r->at);
	if (r->status == GRAMMAR_OK && !has_match(g, &cur)) {
		r->status = GRAMMAR_INCOMPLETE;
		r->at = n;
	}
	r->argc = n;
	set_free(&cur);
}

int
grammar_next(const struct grammar *g, char **words, int n, const char *partial,
    struct grammar_choice *out, int max)
{
	struct set cur;
	int i, j, count = 0, at;
	size_t pl = strlen(partial);

	set_init(&cur, g->n);
	if (run(g, words, n, &cur, NULL, &at) != GRAMMAR_OK) {
		set_free(&cur);
		return -1;
	}
	for (i = 0; i < cur.n && count < max; i++) {
		const struct insn *in = &g->code[cur.pcs[i]];
		struct grammar_choice ch;

		if (in->op == OP_MATCH) {
			if (pl > 0)
				continue;
			ch = (struct grammar_choice){ "<cr>", "", false };
		} else if (in->t == T_KEYWORD) {
			if (strncmp(in->text, partial, pl) != 0)
				continue;
			ch = (struct grammar_choice){ in->text, in->help, true };
		} else {
			if (pl > 0 && !may_start(in, partial))
				continue;
			ch = (struct grammar_choice){ in->text, in->help, false };
		}
		for (j = 0; j < count; j++)
			if (strcmp(out[j].word, ch.word) == 0)
				break;
		if (j == count)
			out[count++] = ch;
	}
	set_free(&cur);
	return count;
}
