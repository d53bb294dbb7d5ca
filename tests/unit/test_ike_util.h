/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ike_util.h - what the IKE crypto suites share: hex vectors read
 * into bytes and compared, and a failure that names its case.
 */
#ifndef VGW_TEST_IKE_UTIL_H
#define VGW_TEST_IKE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <CUnit/CUnit.h>

/* CU_FAIL prints its argument's text; this prints the case's name. */
#define FAIL_CASE(name) \
	CU_assertImplementation(CU_FALSE, __LINE__, (name), __FILE__, "", CU_FALSE)

#define N_OF(a)	(sizeof(a) / sizeof((a)[0]))

static inline int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex into out (room max bytes), blanks ignored; the byte count. A vector
 * that is not hex or does not fit fails the test. */
static inline size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n')
			continue;
		CU_ASSERT_FATAL(n < max && hexval(s[0]) >= 0 && hexval(s[1]) >= 0);
		out[n++] = (uint8_t)(hexval(s[0]) << 4 | hexval(s[1]));
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
