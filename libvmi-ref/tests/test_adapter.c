/* The model bound as an adapter: the ops table reaches the bound CPU's model. */
#include "harness.h"

/* A call through the ops table acts on the bound CPU, not another one. */
static void adapter_ops_reach_bound_cpu(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint32_t id = 99;

    vmi_ref_bind(vmi_ref_cpu(m, 1));
    VMI_ASSERT_STATUS(vmi_ref_ops.cpu_id_get(&id), VMI_OK);
    VMI_ASSERT_EQ(id, 1);
    vmi_ref_bind(vmi_ref_cpu(m, 0));
    VMI_ASSERT_STATUS(vmi_ref_ops.cpu_id_get(&id), VMI_OK);
    VMI_ASSERT_EQ(id, 0);
    vmi_ref_bind(NULL);
    vmi_ref_machine_free(m);
}

/* Through the table and directly, the same sequence leaves the same state. */
static void adapter_ops_equal_direct_calls(void)
{
    struct vmi_ref_machine *a = vmi_test_machine(), *b = vmi_test_machine();
    struct vmi_ref_cpu *ca = vmi_ref_cpu(a, 0);
    uint64_t v;

    vmi_ref_bind(vmi_ref_cpu(b, 0));
    VMI_ASSERT_STATUS(vmi_ref_ops.seg_base_write(VMI_SEG_GS, 0x1000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ops.irq_enable(), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ops.monotonic_get(&v), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_seg_base_write(ca, VMI_SEG_GS, 0x1000), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_irq_enable(ca), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_monotonic_get(ca, &v), VMI_OK);
    VMI_ASSERT_EQ(vmi_ref_machine_digest(a), vmi_ref_machine_digest(b));
    vmi_ref_bind(NULL);
    vmi_ref_machine_free(a);
    vmi_ref_machine_free(b);
}

/* With nothing bound a call is refused, not a crash (VMI-GEN-005). */
static void adapter_unbound_call_refused(void)
{
    uint64_t v = 7;

    vmi_ref_bind(NULL);
    VMI_ASSERT_STATUS(vmi_ref_ops.tsc_read(&v), VMI_EFAULT);
    VMI_ASSERT_EQ(v, 7);
}

/* The descriptor names the model and the ABI it implements. */
static void adapter_descriptor_filled(void)
{
    CU_ASSERT_STRING_EQUAL(vmi_ref_adapter.name, "ref");
    VMI_ASSERT_EQ(vmi_ref_adapter.abi_version, VMI_ABI_VERSION);
    VMI_ASSERT_EQ(vmi_ref_adapter.size, sizeof(struct vmi_adapter));
    CU_ASSERT_PTR_EQUAL(vmi_ref_adapter.ops, &vmi_ref_ops);
}

static const struct vmi_test_case cases[] = {
    {"adapter_ops_reach_bound_cpu", adapter_ops_reach_bound_cpu},
    {"adapter_ops_equal_direct_calls", adapter_ops_equal_direct_calls},
    {"adapter_unbound_call_refused", adapter_unbound_call_refused},
    {"adapter_descriptor_filled", adapter_descriptor_filled},
};
VMI_TEST_MAIN("adapter", cases)
