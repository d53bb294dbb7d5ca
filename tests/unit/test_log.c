/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the log buffer and terminal-monitor sinks. */
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "lib/log.h"

static int seen;
static char last[256];

static void
sink(void *arg, const char *line)
{
	(void)arg;
	seen++;
	snprintf(last, sizeof(last), "%s", line);
}

static void
test_buffer_bounded_by_bytes(void)
{
	struct strbuf out = STRBUF_INIT;
	int i;

	log_init("test", 0);
	log_set_buffer_size(4096);
	for (i = 0; i < 1000; i++)
		log_msg(LOG_INFO, "message number %04d", i);
	log_buffer_dump(&out);
	CU_ASSERT(out.len <= 4096);
	CU_ASSERT(out.len > 3000);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "message number 0999\n"));
	CU_ASSERT_PTR_NULL(strstr(strbuf_str(&out), "message number 0000"));
	/* whole lines only: every line ends with its number */
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), ": message number"));
	log_set_buffer_size(100);
	CU_ASSERT(log_buffer_lines() <= 3);
	log_buffer_clear();
	CU_ASSERT_EQUAL(log_buffer_lines(), 0);
	strbuf_free(&out);
}

static void
test_monitors(void)
{
	int me;

	log_monitor_add(sink, &me);
	log_msg(LOG_NOTICE, "to the monitor");
	CU_ASSERT_EQUAL(seen, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(last, "to the monitor"));
	log_monitor_remove(&me);
	log_msg(LOG_NOTICE, "not any more");
	CU_ASSERT_EQUAL(seen, 1);
}

static CU_TestInfo tests[] = {
	{ "the buffer keeps the newest whole lines", test_buffer_bounded_by_bytes },
	{ "terminal monitor sinks", test_monitors },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "log"
#include "cunit_main.h"
