/* The guest-facing wrappers: dispatch through vmi_ops, ENOTSUP before vmi_init, call-site records. */
#include <cunit_harness.h>
#include <vmi-stubs/stubs.h>

static uint32_t seen_cr;

static vmi_status_t fake_cr_read(uint32_t cr, uint64_t *value)
{
    seen_cr = cr;
    *value = 0x1234;
    return VMI_OK;
}

static void api_enotsup_before_init(void)
{
    uint64_t v = 0;

    VMI_ASSERT_STATUS(vmi_cr_read(VMI_CR3, &v), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_halt(), VMI_ENOTSUP);
    VMI_ASSERT_STATUS(vmi_tlb_flush_range(0, 1, 0x1000, 1), VMI_ENOTSUP);
    VMI_ASSERT_EQ(v, 0);
}

static void api_dispatches_through_table(void)
{
    uint64_t v = 0;
    vmi_status_t (*saved)(uint32_t, uint64_t *) = vmi_ops.cr_read;

    vmi_ops.cr_read = fake_cr_read;
    VMI_ASSERT_STATUS(vmi_cr_read(VMI_CR4, &v), VMI_OK);
    VMI_ASSERT_EQ(seen_cr, VMI_CR4);
    VMI_ASSERT_EQ(v, 0x1234);
    vmi_ops.cr_read = saved;
}

/* Whether some record names `call`. */
static int recorded(uint32_t call)
{
    uint32_t i;

    for (i = 0; i < vmi_callsite_count(); i++)
        if (vmi_callsite_at(i)->call == call)
            return 1;
    return 0;
}

static void api_call_sites_recorded(void)
{
    uint32_t i;

    CU_ASSERT(vmi_callsite_count() >= 3);
    CU_ASSERT(recorded(VMI_CALL_cr_read));
    CU_ASSERT(recorded(VMI_CALL_halt));
    CU_ASSERT(recorded(VMI_CALL_tlb_flush_range));
    CU_ASSERT(!recorded(VMI_CALL_cpu_kick));   /* never called here */
    for (i = 0; i < vmi_callsite_count(); i++) {
        const struct vmi_callsite *c = vmi_callsite_at(i);

        CU_ASSERT(c->call < VMI_CALL_COUNT);
        CU_ASSERT(vmi_callsite_addr(c) != 0);
    }
    CU_ASSERT(vmi_callsite_at(vmi_callsite_count()) == NULL);
}

/* Each record points into this program's code, near the function that
 * made the call (inlined) or the wrapper's own copy (not inlined). */
static void api_call_site_address_is_code(void)
{
    uint64_t lo = (uint64_t)(uintptr_t)&api_enotsup_before_init, d;
    uint32_t i;

    for (i = 0; i < vmi_callsite_count(); i++) {
        uint64_t a = vmi_callsite_addr(vmi_callsite_at(i));

        d = a > lo ? a - lo : lo - a;
        CU_ASSERT(d < 0x100000);   /* within this small program's text */
    }
}

static const struct vmi_test_case cases[] = {
    {"api_enotsup_before_init", api_enotsup_before_init},
    {"api_dispatches_through_table", api_dispatches_through_table},
    {"api_call_sites_recorded", api_call_sites_recorded},
    {"api_call_site_address_is_code", api_call_site_address_is_code},
};

VMI_TEST_MAIN("stubs_api", cases)
