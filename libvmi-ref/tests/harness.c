/* Fresh machines for the reference model's tests. */
#include "harness.h"

struct vmi_ref_machine *vmi_test_machine(void)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;

    vmi_ref_config_default(&cfg);
    m = vmi_ref_machine_new(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}

struct vmi_ref_machine *vmi_test_machine_without(uint32_t feature)
{
    struct vmi_ref_config cfg;
    struct vmi_ref_machine *m;

    vmi_ref_config_default(&cfg);
    cfg.features[VMI_FEATURE_GROUP(feature)] &= ~VMI_FEATURE_MASK(feature);
    m = vmi_ref_machine_new(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}
