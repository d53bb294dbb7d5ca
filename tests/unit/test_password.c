/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for type-9 password hashing, against Cisco's own output. */
#include <string.h>

#include <CUnit/CUnit.h>

#include "crypto/password.h"

/* A hash produced by Cisco IOS (published as a hashcat example). */
#define CISCO_VECTOR "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"

static void
test_known_vector(void)
{
	char out[PASSWORD_TYPE9_LEN + 1];

	CU_ASSERT_EQUAL_FATAL(password_hash_type9_salt("hashcat", "2MJBozw/9R3UsU", out), 0);
	CU_ASSERT_STRING_EQUAL(out, CISCO_VECTOR);
	CU_ASSERT_TRUE(password_verify("hashcat", CISCO_VECTOR));
	CU_ASSERT_FALSE(password_verify("hashcaT", CISCO_VECTOR));
	CU_ASSERT_FALSE(password_verify("", CISCO_VECTOR));
}

static void
test_fresh_salt_round_trip(void)
{
	char a[PASSWORD_TYPE9_LEN + 1], b[PASSWORD_TYPE9_LEN + 1];

	CU_ASSERT_EQUAL_FATAL(password_hash_type9("s3cret pass", a), 0);
	CU_ASSERT_EQUAL_FATAL(password_hash_type9("s3cret pass", b), 0);
	CU_ASSERT_TRUE(password_type9_valid(a));
	CU_ASSERT_STRING_NOT_EQUAL(a, b);	/* salts differ */
	CU_ASSERT_TRUE(password_verify("s3cret pass", a));
	CU_ASSERT_TRUE(password_verify("s3cret pass", b));
	CU_ASSERT_FALSE(password_verify("s3cret pas", a));
	CU_ASSERT_PTR_NULL(strstr(a, "s3cret"));
}

static void
test_shape_check(void)
{
	CU_ASSERT_TRUE(password_type9_valid(CISCO_VECTOR));
	CU_ASSERT_FALSE(password_type9_valid("hashcat"));
	CU_ASSERT_FALSE(password_type9_valid("$8$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"));
	CU_ASSERT_FALSE(password_type9_valid("$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo"));
	CU_ASSERT_FALSE(password_type9_valid("$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdf!6"));
	CU_ASSERT_FALSE(password_type9_valid("$9$2MJBozw/9R3Us-$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"));
	CU_ASSERT_FALSE(password_verify("hashcat", "not a hash"));
}

static CU_TestInfo tests[] = {
	{ "Cisco type-9 vector", test_known_vector },
	{ "fresh salts differ and verify", test_fresh_salt_round_trip },
	{ "type-9 shape is checked", test_shape_check },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "password"
#include "cunit_main.h"
