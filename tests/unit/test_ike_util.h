/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ike_util.h - what the IKE crypto suites share: hex vectors read
 * into bytes and compared, and a failure that names its case.
 */
#ifndef VGW_TEST_IKE_UTIL_H
#define VGW_TEST_IKE_UTIL_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

/* CU_FAIL prints its argument's text; this prints the case's name. */
#define FAIL_CASE(name) \
	CU_assertImplementation(CU_FALSE, __LINE__, (name), __FILE__, "", CU_FALSE)

#define N_OF(a)	(sizeof(a) / sizeof((a)[0]))

/* Hex into out (room max bytes), blanks ignored; the byte count. A vector
 * that is not hex or does not fit fails the test. */
static inline size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		char byte[3] = { s[0], s[1], '\0' };

		if (isspace((unsigned char)*s))
			continue;
		CU_ASSERT_FATAL(n < max && isxdigit((unsigned char)byte[0]) &&
		    isxdigit((unsigned char)byte[1]));
		out[n++] = (uint8_t)strtoul(byte, NULL, 16);
		s++;
	}
	return n;
}

/* Whether buf[len] is the bytes that hex writes. */
static inline bool
hex_equal(const uint8_t *buf, size_t len, const char *hex)
{
	uint8_t want[8192];

	return unhex(hex, want, sizeof(want)) == len && memcmp(buf, want, len) == 0;
}

#endif
