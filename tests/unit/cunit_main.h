/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cunit_main.h - the common main() of the CUnit suites.
 *
 * A suite file defines `static CU_TestInfo tests[]` (CU_TEST_INFO_NULL
 * terminated) and SUITE_NAME, then includes this header last. The program
 * exits non-zero when any assertion failed, so automake counts it.
 */
#ifndef VGW_CUNIT_MAIN_H
#define VGW_CUNIT_MAIN_H

#include <CUnit/Basic.h>

int
main(void)
{
	CU_SuiteInfo suites[] = {
		{ SUITE_NAME, NULL, NULL, NULL, NULL, tests },
		CU_SUITE_INFO_NULL,
	};
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (CU_register_suites(suites) != CUE_SUCCESS)
		return 2;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

#endif
