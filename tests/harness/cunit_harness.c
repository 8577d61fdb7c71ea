/* Runs one file's test cases as a CUnit suite and turns the result into an exit status. */
#include <CUnit/Basic.h>
#include "cunit_harness.h"

int vmi_test_run(const char *suite_name, const struct vmi_test_case *cases, size_t count)
{
    CU_pSuite suite;
    size_t i;
    unsigned failures;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    suite = CU_add_suite(suite_name, NULL, NULL);
    for (i = 0; suite && i < count; i++)
        if (!CU_add_test(suite, cases[i].name, cases[i].fn))
            suite = NULL;
    if (!suite) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failures ? 1 : 0;
}
