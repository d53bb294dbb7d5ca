/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the argument grammar (NFA) and the word splitter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "cli/grammar.h"
#include "cli/line.h"

static struct grammar_result
match(struct grammar *g, const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct grammar_result r;
	struct line l;

	CU_ASSERT_EQUAL(line_split(text, &l, &err), 0);
	grammar_match(g, l.words, l.n, &r);
	/* keep expanded keywords (they point into g), drop the words */
	for (int i = 0; i < r.argc; i++)
		if (r.argv[i] != NULL && r.argv[i] >= l.words[i] &&
		    r.argv[i] < l.words[i] + strlen(l.words[i]) + 1)
			r.argv[i] = NULL;
	line_free(&l);
	strbuf_free(&err);
	return r;
}

static void
test_route_syntax(void)
{
	struct grammar *g = grammar_compile(
	    "( A.B.C.D/M | A.B.C.D M.M.M.M ) ( A.B.C.D | interface WORD | null0 ) "
	    "[ priority <0-255> ] [ track WORD ]", NULL, NULL);
	struct grammar_result r;

	r = match(g, "10.0.0.0/8 1.2.3.4");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	free(r.argv);
	r = match(g, "10.0.0.0 255.0.0.0 int lan0 pri 5 tr t1");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	CU_ASSERT_STRING_EQUAL(r.argv[2], "interface");	/* expanded */
	CU_ASSERT_STRING_EQUAL(r.argv[4], "priority");
	free(r.argv);
	r = match(g, "10.0.0.0 255.0.255.0 1.2.3.4");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INVALID);
	CU_ASSERT_EQUAL(r.at, 1);
	free(r.argv);
	r = match(g, "10.0.0.0/8");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INCOMPLETE);
	free(r.argv);
	r = match(g, "10.0.0.0/8 null0 priority 256");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INVALID);
	CU_ASSERT_EQUAL(r.at, 3);
	free(r.argv);
	r = match(g, "10.0.0.0/8 null0 track t1 priority 5");	/* order is fixed */
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INVALID);
	free(r.argv);
	grammar_free(g);
}

/* { a | b } : any of them, in any order; the line may end after any. */
static void
test_any_order(void)
{
	struct grammar *g = grammar_compile("A.B.C.D { source WORD | count <1-10> | "
	    "df-bit }", NULL, NULL);
	struct grammar_result r;

	r = match(g, "1.2.3.4");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	free(r.argv);
	r = match(g, "1.2.3.4 df co 3 so lan0");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	CU_ASSERT_EQUAL(r.argc, 6);
	CU_ASSERT_STRING_EQUAL(r.argv[1], "df-bit");
	CU_ASSERT_STRING_EQUAL(r.argv[2], "count");
	CU_ASSERT_STRING_EQUAL(r.argv[4], "source");
	free(r.argv);
	r = match(g, "1.2.3.4 count 3 count 4");	/* again: the last counts */
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	free(r.argv);
	r = match(g, "1.2.3.4 count");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INCOMPLETE);
	free(r.argv);
	r = match(g, "1.2.3.4 count 11");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INVALID);
	CU_ASSERT_EQUAL(r.at, 2);
	free(r.argv);
	r = match(g, "1.2.3.4 df-bit bogus");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_INVALID);
	CU_ASSERT_EQUAL(r.at, 2);
	free(r.argv);
	grammar_free(g);
}

static void
test_ambiguity_and_line(void)
{
	struct grammar *g = grammar_compile("( check | confirmed [ <1-9> ] | comment LINE )", NULL, NULL);
	struct grammar_result r;
	struct grammar_choice ch[8];
	char *none[] = { NULL };
	char *cm[] = { (char *)"comment", NULL };

	r = match(g, "c");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_AMBIGUOUS);
	free(r.argv);
	r = match(g, "com one two three");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	CU_ASSERT_EQUAL(r.argc, 4);
	free(r.argv);
	/* free text is taken as typed, empty quoted words too */
	r = match(g, "com say \"\" or ''");
	CU_ASSERT_EQUAL(r.status, GRAMMAR_OK);
	CU_ASSERT_EQUAL(r.argc, 5);
	free(r.argv);
	CU_ASSERT_EQUAL(grammar_next(g, none, 0, "co", ch, 8), 2);
	CU_ASSERT_EQUAL(grammar_next(g, cm, 1, "", ch, 8), 1);
	CU_ASSERT_STRING_EQUAL(ch[0].word, "LINE");
	grammar_free(g);
}

/* Runs each line through g, expecting status. */
static void
expect(struct grammar *g, const char *const *lines, enum grammar_status status)
{
	struct grammar_result r;

	for (; *lines != NULL; lines++) {
		r = match(g, *lines);
		if (r.status != status)
			fprintf(stderr, "\n\"%s\": status %d\n", *lines, r.status);
		CU_ASSERT_EQUAL(r.status, status);
		free(r.argv);
	}
}

/* A keyword's help after the keyword before it, or the command's last. */
static void
test_help_after(void)
{
	struct grammar *g = grammar_compile("( policy | route )", NULL, "routing");
	struct grammar_choice ch[8];

	CU_ASSERT_EQUAL(grammar_next(g, NULL, 0, "r", ch, 8), 1);
	CU_ASSERT_STRING_EQUAL(ch[0].help, "Route-based: the tunnel is a next hop for ip route");
	CU_ASSERT_STRING_EQUAL(grammar_keyword_help("route"), "Static routes");
	grammar_free(g);
}

static void
test_port_ranges(void)
{
	struct grammar *g = grammar_compile("port ( <0-65535> | <0-65535>-<0-65535> ) "
	    "[ protocol ( ip | tcp ) ]", NULL, NULL);
	struct grammar_choice ch[8];
	char *proto[] = { (char *)"port", (char *)"80", (char *)"protocol", NULL };

	expect(g, (const char *[]){ "port 80", "port 1000-2000", "port 0-65535",
	    "port 7-7", NULL }, GRAMMAR_OK);
	expect(g, (const char *[]){ "port 2000-1000", "port 1-65536", "port 1-",
	    "port -1", "port 01-2", "port 1-2-3", NULL }, GRAMMAR_INVALID);
	CU_ASSERT_EQUAL(grammar_next(g, proto, 3, "", ch, 8), 2);
	CU_ASSERT_STRING_EQUAL(ch[0].word, "ip");
	CU_ASSERT_STRING_EQUAL(ch[0].help, "Any IP protocol (default)");
	CU_ASSERT_STRING_EQUAL(grammar_keyword_help("ip"), "IP configuration");
	grammar_free(g);
}

static void
test_hex(void)
{
	struct grammar *g = grammar_compile("( <256-4294967295> | 0xHHHHHHHH )",
	    NULL, NULL);

	expect(g, (const char *[]){ "256", "0x100", "0XfFfFfFfF", "0x1", NULL },
	    GRAMMAR_OK);
	expect(g, (const char *[]){ "255", "0x", "0x123456789", "0xfg", "x100",
	    NULL }, GRAMMAR_INVALID);
	grammar_free(g);
}

static void
test_line_split(void)
{
	struct strbuf err = STRBUF_INIT;
	struct line l;

	CU_ASSERT_EQUAL(line_split("  a \"b c\" it's 'd e' C:\\x ", &l, &err), 0);
	CU_ASSERT_EQUAL(l.n, 5);
	CU_ASSERT_STRING_EQUAL(l.words[1], "b c");
	CU_ASSERT_STRING_EQUAL(l.words[2], "it's");
	CU_ASSERT_STRING_EQUAL(l.words[3], "d e");
	CU_ASSERT_STRING_EQUAL(l.words[4], "C:\\x");
	CU_ASSERT_EQUAL(l.offset[2], 10);
	CU_ASSERT_TRUE(l.trailing_space);
	line_free(&l);
	CU_ASSERT_EQUAL(line_split("\"unterminated word", &l, &err), 0);
	CU_ASSERT_STRING_EQUAL(l.words[0], "\"unterminated");
	line_free(&l);
	strbuf_free(&err);
}

/* Every control character but TAB refuses the line, named; TAB is a blank
 * and the line's text holds it as a space. */
static void
test_line_control_characters(void)
{
	struct strbuf err = STRBUF_INIT;
	char text[16];
	struct line l;
	int c;

	for (c = 0x01; c <= 0x7f; c = c == 0x1f ? 0x7f : c + 1) {
		if (c == '\t')
			continue;
		snprintf(text, sizeof(text), "ab \"c%cd\"", c);
		strbuf_reset(&err);
		CU_ASSERT_EQUAL(line_split(text, &l, &err), -1);
		CU_ASSERT_EQUAL(strncmp(strbuf_str(&err), "% Line contains a", 17), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&err), " at column 6\n"));
	}
	strbuf_reset(&err);
	CU_ASSERT_EQUAL(line_split("a\x1b[2J", &l, &err), -1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "% Line contains a control "
	    "character 0x1B (ESC) at column 2\n");
	strbuf_reset(&err);
	CU_ASSERT_EQUAL(line_split("a\x7f", &l, &err), -1);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "% Line contains a control "
	    "character 0x7F (DEL) at column 2\n");
	CU_ASSERT_EQUAL(line_split("\tdescription\t\"a\tb\"\tc\t", &l, &err), 0);
	CU_ASSERT_EQUAL(l.n, 3);
	CU_ASSERT_STRING_EQUAL(l.words[1], "a b");
	CU_ASSERT_STRING_EQUAL(l.text, " description \"a b\" c ");
	CU_ASSERT_EQUAL(l.offset[2], 19);
	CU_ASSERT_TRUE(l.trailing_space);
	line_free(&l);
	/* bytes from 0x80 up are text (UTF-8) */
	CU_ASSERT_EQUAL(line_split("caf\xc3\xa9", &l, &err), 0);
	line_free(&l);
	strbuf_free(&err);
}

static CU_TestInfo tests[] = {
	{ "route syntax: alternatives, options, ranges", test_route_syntax },
	{ "{ } : options in any order", test_any_order },
	{ "ambiguous prefixes, LINE, next choices", test_ambiguity_and_line },
	{ "help of a keyword after another", test_help_after },
	{ "port ranges", test_port_ranges },
	{ "hex numbers", test_hex },
	{ "word splitting and quotes", test_line_split },
	{ "control characters refused, TAB a blank", test_line_control_characters },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "grammar"
#include "cunit_main.h"
