/* A small layer over CUnit: each test file lists its cases and runs them. */
#ifndef VMI_REF_TEST_HARNESS_H
#define VMI_REF_TEST_HARNESS_H

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <vmi-ref/ref.h>

struct vmi_test_case {
    const char *name;
    void (*fn)(void);
};

/* Runs the cases as one CUnit suite; returns the process exit status. */
int vmi_test_run(const char *suite, const struct vmi_test_case *cases, size_t count);

#define VMI_TEST_MAIN(suite, cases)                                          \
    int main(void)                                                           \
    {                                                                        \
        return vmi_test_run(suite, cases, sizeof(cases) / sizeof(cases[0])); \
    }

/* Equality of two 64-bit values, printing both expressions and values. */
#define VMI_ASSERT_EQ(a, b)                                                  \
    do {                                                                     \
        uint64_t vmi__a = (uint64_t)(a), vmi__b = (uint64_t)(b);             \
        if (vmi__a != vmi__b)                                                \
            fprintf(stderr, "%s:%d: %s == %s: 0x%llx != 0x%llx\n", __FILE__, \
                    __LINE__, #a, #b, (unsigned long long)vmi__a,            \
                    (unsigned long long)vmi__b);                             \
        CU_ASSERT_EQUAL(vmi__a, vmi__b);                                     \
    } while (0)

/* A status equality that prints status names. */
#define VMI_ASSERT_STATUS(expr, want)                                        \
    do {                                                                     \
        vmi_status_t vmi__got = (expr), vmi__want = (want);                  \
        if (vmi__got != vmi__want)                                           \
            fprintf(stderr, "%s:%d: %s: got %s, want %s\n", __FILE__,        \
                    __LINE__, #expr, vmi_status_name(vmi__got),              \
                    vmi_status_name(vmi__want));                             \
        CU_ASSERT_EQUAL(vmi__got, vmi__want);                                \
    } while (0)

/* A fresh machine from the default config (optionally adjusted). */
struct vmi_ref_machine *vmi_test_machine(void);
struct vmi_ref_machine *vmi_test_machine_without(uint32_t feature);

#endif
