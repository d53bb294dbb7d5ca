/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for strbuf. */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "lib/strbuf.h"

static void
test_empty_is_empty_string(void)
{
	struct strbuf sb = STRBUF_INIT;

	CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");
	CU_ASSERT_EQUAL(sb.len, 0);
	strbuf_free(&sb);
}

static void
test_append_and_printf_grow(void)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		strbuf_printf(&sb, "%d,", i % 10);
	CU_ASSERT_EQUAL(sb.len, 2000);
	CU_ASSERT_EQUAL(strncmp(strbuf_str(&sb), "0,1,2,", 6), 0);
	CU_ASSERT_EQUAL(sb.buf[sb.len], '\0');
	strbuf_putc(&sb, 'x');
	CU_ASSERT_EQUAL(sb.buf[2000], 'x');
	strbuf_free(&sb);
}

static void
test_detach_leaves_empty(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	strbuf_puts(&sb, "abc");
	s = strbuf_detach(&sb);
	CU_ASSERT_STRING_EQUAL(s, "abc");
	CU_ASSERT_PTR_NULL(sb.buf);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");
	free(s);
	s = strbuf_detach(&sb);		/* an empty buffer detaches as "" */
	CU_ASSERT_STRING_EQUAL(s, "");
	free(s);
}

static void
test_reset_keeps_capacity(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "hello");
	strbuf_reset(&sb);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");
	CU_ASSERT(sb.cap >= 6);
	strbuf_free(&sb);
}

static CU_TestInfo tests[] = {
	{ "empty buffer reads as empty string", test_empty_is_empty_string },
	{ "append and printf grow the buffer", test_append_and_printf_grow },
	{ "detach hands over and empties", test_detach_leaves_empty },
	{ "reset empties without freeing", test_reset_keeps_capacity },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "strbuf"
#include "cunit_main.h"
