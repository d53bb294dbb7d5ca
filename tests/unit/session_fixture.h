/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_fixture - a router in a scratch state directory and helpers to
 * drive sessions through session_exec, for the CLI suites.
 */
#ifndef VGW_SESSION_FIXTURE_H
#define VGW_SESSION_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "crypto/password.h"
#include "router.h"
#include "cli/session.h"
#include "cli/session_impl.h"

static char fx_dir[64];
static struct router *fx_router;
static struct strbuf fx_out;

static __attribute__((unused)) struct router *
fx_setup(void)
{
	struct strbuf err = STRBUF_INIT;

	snprintf(fx_dir, sizeof(fx_dir), "/tmp/vgw-test-cli.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(fx_dir));
	fx_router = router_new(fx_dir, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx_router);
	strbuf_free(&err);
	return fx_router;
}

static __attribute__((unused)) void
fx_teardown(void)
{
	char cmd[128];

	router_free(fx_router);
	fx_router = NULL;
	strbuf_free(&fx_out);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* Runs line; the output is in fx_out (reset first). */
static __attribute__((unused)) enum session_result
fx_run(struct session *s, const char *line)
{
	strbuf_reset(&fx_out);
	return session_exec(s, line, &fx_out);
}

/* Runs each line, asserting success, then returns. */
static __attribute__((unused)) void
fx_ok(struct session *s, const char *const *lines)
{
	for (; *lines != NULL; lines++) {
		enum session_result r = fx_run(s, *lines);

		if (r != SESSION_OK)
			fprintf(stderr, "\nline \"%s\" failed: %s\n", *lines,
			    strbuf_str(&fx_out));
		CU_ASSERT_EQUAL(r, SESSION_OK);
	}
}

/* The session's candidate (tests look inside the session). */
static __attribute__((unused)) struct config *
cmd_candidate_for_test(struct session *s)
{
	return s->candidate;
}

static __attribute__((unused)) const char *
fx_text(void)
{
	return strbuf_str(&fx_out);
}

static __attribute__((unused)) int
fx_has(const char *needle)
{
	return strstr(fx_text(), needle) != NULL;
}

#endif
