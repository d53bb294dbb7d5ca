/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture.h - what the real openconnect 9.01 client sent to a scripted
 * TLS server (its login requests, its XML, its first CSTP frames). The
 * captures are kept once, as the fuzz targets' seeds under
 * tests/fuzz/corpus/; the unit suites read them from there through
 * top_srcdir, which make check sets. The seeds of fuzz_http and fuzz_cstp
 * begin with the two bytes of the target's split point, then the stream.
 */
#ifndef VGW_TEST_CAPTURE_H
#define VGW_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "lib/fileio.h"

/* The bytes of tests/fuzz/corpus/NAME (malloc'd, NUL-terminated), or NULL
 * after a failed assertion. */
static __attribute__((unused)) char *
capture_read(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	char *data;

	if (top == NULL) {
		CU_FAIL("top_srcdir unset: run from make check");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/%s", top, name);
	data = file_read_all(path, len, NULL);
	CU_ASSERT_PTR_NOT_NULL(data);
	return data;
}

/* The stream of a fuzz_http or fuzz_cstp seed: its split point skipped. */
static __attribute__((unused)) char *
capture_stream(const char *name, size_t *len)
{
	char *s = capture_read(name, len);

	if (s != NULL && *len >= 2) {
		memmove(s, s + 2, *len - 2 + 1);
		*len -= 2;
	}
	return s;
}

#endif
