/* The fake's VMCALL and VMMCALL, and the TSC and MSR hooks tests use to play the hypervisor. */
#include <cunit_harness.h>
#include <vmi-x86/x86.h>

static int64_t answer(uint32_t nr, const uint64_t *arg)
{
    return nr == 10 ? (int64_t)(arg[0] + arg[3]) : -1000;
}

static void vmcall_logged_and_answered(void)
{
    const struct vmi_x86_fake_hcall *h;

    vmi_x86_fake_reset();
    vmi_x86_fake_hypercall_hook(answer);
    VMI_ASSERT_EQ(vmi_x86_vmcall(10, 3, 4, 5, 6), 9);
    VMI_ASSERT_EQ(vmi_x86_vmmcall(11, 7, 0, 0, 0), (uint64_t)(int64_t)-1000);
    VMI_ASSERT_EQ(vmi_x86_fake_count(), 2);
    VMI_ASSERT_EQ(vmi_x86_fake_at(0)->op, VMI_X86_OP_VMCALL);
    VMI_ASSERT_EQ(vmi_x86_fake_at(0)->a, 10);
    VMI_ASSERT_EQ(vmi_x86_fake_at(0)->b, 3);
    VMI_ASSERT_EQ(vmi_x86_fake_at(0)->c, 4);
    VMI_ASSERT_EQ(vmi_x86_fake_at(1)->op, VMI_X86_OP_VMMCALL);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_count(), 2);
    h = vmi_x86_fake_hcall_at(0);
    VMI_ASSERT_EQ(h->nr, 10);
    VMI_ASSERT_EQ(h->arg[0], 3);
    VMI_ASSERT_EQ(h->arg[1], 4);
    VMI_ASSERT_EQ(h->arg[2], 5);
    VMI_ASSERT_EQ(h->arg[3], 6);
    VMI_ASSERT_EQ(h->arg[4], 0);
    VMI_ASSERT_EQ(h->ret, 9);
    VMI_ASSERT_EQ(vmi_x86_fake_hcall_at(1)->ret, (uint64_t)(int64_t)-1000);
}

static void vmcall_without_hook_returns_zero(void)
{
    vmi_x86_fake_reset();
    VMI_ASSERT_EQ(vmi_x86_vmcall(5, 0, 1, 0, 0), 0);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMCALL), 1);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_VMMCALL), 0);
}

/* Every hypercall wrapper counts once per call, as the real ones do; a
 * reset or a log clear starts the count again. */
static void hypercalls_counted_until_reset(void)
{
    struct vmi_cpuid_regs r;

    vmi_x86_fake_reset();
    VMI_ASSERT_EQ(vmi_x86_hypercall_count(), 0);
    vmi_x86_vmcall(1, 0, 0, 0, 0);
    vmi_x86_vmmcall(2, 0, 0, 0, 0);
    vmi_x86_hypercall_page(0, 3, 0, 0, 0, 0, 0);
    vmi_x86_cpuid(0x40000000u, 0, &r);
    VMI_ASSERT_EQ(vmi_x86_hypercall_count(), 3);
    VMI_ASSERT_EQ(vmi_x86_hypercall_count(), vmi_x86_fake_hcall_count());
    vmi_x86_fake_log_clear();
    VMI_ASSERT_EQ(vmi_x86_hypercall_count(), 0);
    vmi_x86_vmcall(1, 0, 0, 0, 0);
    vmi_x86_fake_reset();
    VMI_ASSERT_EQ(vmi_x86_hypercall_count(), 0);
}

static int tsc_calls;

static void tsc_seen(void)
{
    tsc_calls++;
    vmi_x86_fake_tsc_set(tsc_calls * 100u, 0);
}

static void tsc_hook_runs_before_each_read(void)
{
    vmi_x86_fake_reset();
    tsc_calls = 0;
    vmi_x86_fake_tsc_hook(tsc_seen);
    VMI_ASSERT_EQ(vmi_x86_rdtsc(), 100);
    VMI_ASSERT_EQ(vmi_x86_rdtsc(), 200);
    VMI_ASSERT_EQ(tsc_calls, 2);
}

static uint32_t msr_seen;
static uint64_t value_seen;

static void msr_written(uint32_t msr, uint64_t value)
{
    msr_seen = msr;
    value_seen = value;
}

static void msr_hook_sees_writes_that_did_not_fault(void)
{
    vmi_x86_fake_reset();
    msr_seen = 0;
    vmi_x86_fake_msr_hook(msr_written);
    vmi_x86_wrmsr(0x4b564d01u, 0x1001);
    VMI_ASSERT_EQ(msr_seen, 0x4b564d01u);
    VMI_ASSERT_EQ(value_seen, 0x1001);
    VMI_ASSERT_EQ(vmi_x86_wrmsr_safe(0x4b564d03u, 0x2001), 0);
    VMI_ASSERT_EQ(msr_seen, 0x4b564d03u);
    vmi_x86_fake_fault_add(VMI_X86_OP_MSR_WRITE, 0x4b564d04u);
    VMI_ASSERT_EQ(vmi_x86_wrmsr_safe(0x4b564d04u, 0x3001), (uint64_t)-1);
    VMI_ASSERT_EQ(msr_seen, 0x4b564d03u);
}

static const struct vmi_test_case cases[] = {
    {"vmcall_logged_and_answered", vmcall_logged_and_answered},
    {"vmcall_without_hook_returns_zero", vmcall_without_hook_returns_zero},
    {"hypercalls_counted_until_reset", hypercalls_counted_until_reset},
    {"tsc_hook_runs_before_each_read", tsc_hook_runs_before_each_read},
    {"msr_hook_sees_writes_that_did_not_fault", msr_hook_sees_writes_that_did_not_fault},
};

VMI_TEST_MAIN("x86_fake_vmcall", cases)
