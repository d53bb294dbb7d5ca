/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the control plane's allocation helper. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "lib/log.h"
#include "lib/xalloc.h"

static void
test_copies(void)
{
	char *s = xstrdup("hostname", "the test"), *n = xstrndup("hostname", 4, "the test");
	int *v = xcalloc(4, sizeof(*v), "the test");

	CU_ASSERT_STRING_EQUAL(s, "hostname");
	CU_ASSERT_STRING_EQUAL(n, "host");
	CU_ASSERT_EQUAL(v[3], 0);
	v = xrealloc(v, 8 * sizeof(*v), "the test");
	CU_ASSERT_EQUAL(v[3], 0);
	free(s);
	free(n);
	free(v);
}

/* A monitor that runs out of memory itself while the failure is logged. */
static void
failing_sink(void *arg, const char *line)
{
	(void)arg;
	(void)line;
	xalloc_failed("the monitor");
}

/* Reads fd to its end, keeping the start in buf (NUL-terminated): a child
 * that logs without end must not block on a full pipe and hang the test. */
static void
drain(int fd, char *buf, size_t size)
{
	char rest[4096];
	size_t len = 0;
	ssize_t n;

	do {
		if (len < size - 1) {
			n = read(fd, buf + len, size - 1 - len);
			len += n > 0 ? (size_t)n : 0;
		} else
			n = read(fd, rest, sizeof(rest));
	} while (n > 0);
	buf[len] = '\0';
}

static void
test_failure_logs_once_and_aborts(void)
{
	char buf[4096];
	int p[2], status;
	pid_t pid;

	CU_ASSERT_FATAL(pipe(p) == 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };

		setrlimit(RLIMIT_CORE, &no_core);	/* the abort is expected */
		dup2(p[1], STDERR_FILENO);
		log_init("test", 1);
		log_monitor_add(failing_sink, &status);
		xalloc_failed("the test");
	}
	close(p[1]);
	drain(p[0], buf, sizeof(buf));
	close(p[0]);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "out of memory for the test\n"));
	CU_ASSERT_PTR_NULL(strstr(buf, "the monitor"));
}

static CU_TestInfo tests[] = {
	{ "copies and zeroed memory", test_copies },
	{ "running out logs what, once, and aborts", test_failure_logs_once_and_aborts },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "xalloc"
#include "cunit_main.h"
