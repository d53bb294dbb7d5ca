/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for masking clear-text secrets in typed lines. */
#include <stdlib.h>

#include <CUnit/CUnit.h>

#include "lib/secret_mask.h"

static void
check(const char *in, const char *want)
{
	char *got = secret_mask_line(in);

	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void
test_masks(void)
{
	check("username ops privilege 15 secret 0 Pa55", "username ops privilege 15 secret 0 *****");
	check("username ops secret Pa55", "username ops secret *****");
	check("enable sec 0 x", "enable sec 0 *****");
	check("  enable   secret   hunter2  ", "  enable   secret   *****  ");
	check("enable secret 9 $9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6",
	    "enable secret 9 $9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6");
	check("show running-config | include secret", "show running-config | include secret");
	check("hostname se", "hostname se");
	check("", "");
}

static CU_TestInfo tests[] = {
	{ "clear secrets are masked, hashes kept", test_masks },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "secret_mask"
#include "cunit_main.h"
