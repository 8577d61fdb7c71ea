/* Shared by the bundle tests: the example set, compiled. */
#ifndef VMI_TRACE_TEST_ROUNDTRIP_H
#define VMI_TRACE_TEST_ROUNDTRIP_H

#include "harness.h"

#define VMI_TEST_VALID_COUNT 4
extern const char *const vmi_test_valid[VMI_TEST_VALID_COUNT];

/* Parses valid/<name>.vmt for each name (in the given order) into `set`. */
void vmi_test_parse_valid(struct vmi_trace_set *set, const char *const *names, size_t n);

/* Parses and compiles every example trace; returns the malloc'd bundle. */
uint8_t *vmi_test_bundle(size_t *len);

#endif
