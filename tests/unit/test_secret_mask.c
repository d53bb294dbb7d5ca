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
	/* an ssl-vpn user's password, in its sub-mode */
	check(" password 0 s3cret", " password 0 *****");
	check("pass \"two words\"", "pass *****");
	check("password 9 $9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6",
	    "password 9 $9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6");
	check("", "");
}

static void
test_masks_keys(void)
{
	check(" sa inbound spi 300 encryption-key 0 00112233 integrity-key 44556677",
	    " sa inbound spi 300 encryption-key 0 ***** integrity-key *****");
	check("sa out spi 0x100 e 00112233 i 0 44556677",
	    "sa out spi 0x100 e ***** i 0 *****");
	check("sa inbound spi 300 encr 6 QUJD integ 6 REVGRw==",
	    "sa inbound spi 300 encr 6 QUJD integ 6 REVGRw==");
	check("sa inbound spi 300 encryption-key 6 QUJD integrity-key 0 4455",
	    "sa inbound spi 300 encryption-key 6 QUJD integrity-key 0 *****");
	check("pre-shared-key 0 s3cret", "pre-shared-key 0 *****");
	check(" pr s3cret", " pr *****");
	check("pre 6 QUJD", "pre 6 QUJD");
	/* a quoted secret is one word, masked whole, as the shell reads it */
	check("pre-shared-key \"my pass phrase\"", "pre-shared-key *****");
	check("pre-shared-key 0 'a b' x", "pre-shared-key 0 ***** x");
	check("username u secret \"a b\"c d\"", "username u secret *****");
	check("pre-shared-key \"unclosed phrase", "pre-shared-key ***** phrase");
	/* the same words elsewhere are not introducers */
	check("int wan0", "int wan0");
	check("interface e0", "interface e0");
	check("ip route 10.0.0.0/8 null0 pr 5", "ip route 10.0.0.0/8 null0 pr 5");
	check("description encryption-key is set", "description encryption-key is set");
}

static CU_TestInfo tests[] = {
	{ "clear secrets are masked, hashes kept", test_masks },
	{ "clear keys are masked, type 6 kept", test_masks_keys },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "secret_mask"
#include "cunit_main.h"
