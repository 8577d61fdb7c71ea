/* A small layer over CUnit shared by every host test: cases, the runner, printing asserts. */
#ifndef VMI_CUNIT_HARNESS_H
#define VMI_CUNIT_HARNESS_H

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <vmi/status.h>

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

/* Equality of two strings, printing both. */
#define VMI_ASSERT_STR(a, b)                                                 \
    do {                                                                     \
        const char *vmi__a = (a), *vmi__b = (b);                             \
        int vmi__ok = vmi__a && vmi__b && strcmp(vmi__a, vmi__b) == 0;       \
        if (!vmi__ok)                                                        \
            fprintf(stderr, "%s:%d: %s == %s:\n  \"%s\"\n  \"%s\"\n",        \
                    __FILE__, __LINE__, #a, #b, vmi__a ? vmi__a : "(null)",  \
                    vmi__b ? vmi__b : "(null)");                             \
        CU_ASSERT(vmi__ok);                                                  \
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

#endif /* VMI_CUNIT_HARNESS_H */
