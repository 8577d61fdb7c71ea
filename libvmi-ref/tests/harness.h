/* Helpers the reference model's tests share: fresh machines. */
#ifndef VMI_REF_TEST_HARNESS_H
#define VMI_REF_TEST_HARNESS_H

#include "cunit_harness.h"
#include <vmi-ref/ref.h>

/* A fresh machine from the default config (optionally adjusted). */
struct vmi_ref_machine *vmi_test_machine(void);
struct vmi_ref_machine *vmi_test_machine_without(uint32_t feature);

#endif
