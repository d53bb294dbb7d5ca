/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for strict IPv4/MAC parsing and formatting. */
#include <CUnit/CUnit.h>

#include "lib/inet.h"

static void
test_addresses(void)
{
	uint32_t a = 7;
	char buf[INET_ADDR_BUF];

	CU_ASSERT_TRUE(inet_parse_addr("198.51.100.1", &a));
	CU_ASSERT_EQUAL(a, 0xc6336401);
	CU_ASSERT_STRING_EQUAL(inet_format_addr(a, buf), "198.51.100.1");
	CU_ASSERT_TRUE(inet_parse_addr("0.0.0.0", &a));
	CU_ASSERT_TRUE(inet_parse_addr("255.255.255.255", &a));
	a = 7;
	static const char *const bad[] = { "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
	    " 1.2.3.4", "1.2.3.4 ", "1.2.3.-4", "1..2.3", "", "a.b.c.d", "1.2.3.4/8",
	    "1.2.3.1234", NULL };
	for (int i = 0; bad[i]; i++)
		CU_ASSERT_FALSE(inet_parse_addr(bad[i], &a));
	CU_ASSERT_EQUAL(a, 7);		/* untouched on failure */
}

static void
test_masks_and_prefixes(void)
{
	uint32_t a;
	uint8_t p = 99;

	CU_ASSERT_TRUE(inet_parse_mask("255.255.255.0", &p));
	CU_ASSERT_EQUAL(p, 24);
	CU_ASSERT_TRUE(inet_parse_mask("0.0.0.0", &p));
	CU_ASSERT_EQUAL(p, 0);
	CU_ASSERT_TRUE(inet_parse_mask("255.255.255.255", &p));
	CU_ASSERT_EQUAL(p, 32);
	CU_ASSERT_FALSE(inet_parse_mask("255.0.255.0", &p));
	CU_ASSERT_FALSE(inet_parse_mask("0.255.255.255", &p));
	CU_ASSERT_TRUE(inet_parse_prefix("10.0.0.0/8", &a, &p));
	CU_ASSERT_EQUAL(a, 0x0a000000);
	CU_ASSERT_EQUAL(p, 8);
	CU_ASSERT_FALSE(inet_parse_prefix("10.0.0.0/33", &a, &p));
	CU_ASSERT_FALSE(inet_parse_prefix("10.0.0.0/", &a, &p));
	CU_ASSERT_FALSE(inet_parse_prefix("10.0.0.0/08", &a, &p));
	CU_ASSERT_FALSE(inet_parse_prefix("10.0.0.0", &a, &p));
	CU_ASSERT_EQUAL(inet_mask(0), 0);
	CU_ASSERT_EQUAL(inet_mask(32), 0xffffffff);
	CU_ASSERT_EQUAL(inet_host_bits(0x0a000001, 8), 1);
	CU_ASSERT_EQUAL(inet_host_bits(0x0a000000, 8), 0);
}

static void
test_mac(void)
{
	uint8_t m[6];
	char buf[INET_MAC_BUF];

	CU_ASSERT_TRUE(inet_parse_mac("02:00:5E:00:00:01", m));
	CU_ASSERT_STRING_EQUAL(inet_format_mac(m, buf), "02:00:5e:00:00:01");
	CU_ASSERT_TRUE(inet_parse_mac("0200.5e00.0001", m));
	CU_ASSERT_STRING_EQUAL(inet_format_mac(m, buf), "02:00:5e:00:00:01");
	CU_ASSERT_FALSE(inet_parse_mac("02:00:5e:00:00", m));
	CU_ASSERT_FALSE(inet_parse_mac("02:00:5e:00:00:01:02", m));
	CU_ASSERT_FALSE(inet_parse_mac("02-00-5e-00-00-01", m));
	CU_ASSERT_FALSE(inet_parse_mac("0g:00:5e:00:00:01", m));
}

static CU_TestInfo tests[] = {
	{ "addresses are strict", test_addresses },
	{ "masks must be contiguous; prefixes", test_masks_and_prefixes },
	{ "MAC addresses in two notations", test_mac },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "inet"
#include "cunit_main.h"
