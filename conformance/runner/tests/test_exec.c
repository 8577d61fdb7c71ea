/* The executor on hand-compiled traces and a recording fake platform. */
#include "test_exec_bundle.h"
#include "vmi-exec/exec.h"

/* ---- the fake: records what reaches it, answers what the test set ---- */

#define FAKE_OBS_MAX 64
static struct {
    struct vmi_exec_obs obs[FAKE_OBS_MAX];
    uint32_t obs_count;
    uint32_t ops_on_cpu[FAKE_OBS_MAX];
    uint32_t ops_on_count;
    uint32_t cr, pages, vas;
    uint64_t cr_value, window, pt_announced;
    uint32_t pt_level;
    uint8_t info_seen[64];
    char con[64];
    const char *con_ptr;
    uint32_t con_len;
    vmi_status_t shutdown_status;
    int wait_fails, ended;
    uint64_t write_pa, write_value, probe_args[2];
    uint32_t write_width, probe_kind;
    char events[16];            /* call_begin 'b', cr_write 'c', pt_page_alloc 'p', call_end 'e', observe 'o' */
    uint32_t event_count;
} fake;

static void event(char c)
{
    if (fake.event_count + 1 < sizeof(fake.events))
        fake.events[fake.event_count++] = c;
}

static vmi_status_t fake_cr_write(uint32_t cr, uint64_t value)
{
    fake.cr = cr;
    fake.cr_value = value;
    event('c');
    return VMI_OK;
}

static vmi_status_t fake_cpuid(uint32_t leaf, uint32_t subleaf, struct vmi_cpuid_regs *r)
{
    r->eax = leaf + 1;
    r->ebx = 2;
    r->ecx = 3;
    r->edx = subleaf + 4;
    return VMI_OK;
}

static vmi_status_t fake_version_get(uint32_t *version)
{
    *version = 0x10000;
    return VMI_OK;
}

static vmi_status_t fake_adapter_info_get(struct vmi_adapter_info *info)
{
    memcpy(fake.info_seen, info, sizeof(fake.info_seen));
    info->hv_version = 0xabcd;
    return VMI_OK;
}

static vmi_status_t fake_console_write(const char *buf, uint32_t len)
{
    fake.con_ptr = buf;
    fake.con_len = len;
    if (buf)
        memcpy(fake.con, buf, len < sizeof(fake.con) ? len : sizeof(fake.con));
    return VMI_OK;
}

static vmi_status_t fake_shutdown(uint32_t code)
{
    (void)code;
    return fake.shutdown_status;
}

static vmi_status_t fake_pt_page_alloc(uint32_t level, uint64_t page)
{
    fake.pt_level = level;
    fake.pt_announced = page;
    event('p');
    return VMI_OK;
}

/* Only these slots are filled: every other call answers VMI_ENOTSUP. */
static const struct vmi_ops fake_ops = {
    .cr_write = fake_cr_write,
    .cpuid = fake_cpuid,
    .version_get = fake_version_get,
    .adapter_info_get = fake_adapter_info_get,
    .console_write = fake_console_write,
    .shutdown = fake_shutdown,
    .pt_page_alloc = fake_pt_page_alloc,
};

static int f_begin(void *ctx, const struct vmi_bundle_trace_view *t)
{
    (void)ctx;
    (void)t;
    return 0;
}

static void f_end(void *ctx, const struct vmi_bundle_trace_view *t)
{
    (void)ctx;
    (void)t;
    fake.ended = 1;
}

static int f_page(void *ctx, uint64_t *pa)
{
    (void)ctx;
    *pa = 0x200000 + 0x1000 * (uint64_t)fake.pages++;
    return 0;
}

static int f_va(void *ctx, uint64_t *va)
{
    (void)ctx;
    *va = UINT64_C(0xffff900000000000) + 0x1000 * (uint64_t)fake.vas++;
    return 0;
}

static int f_window(void *ctx, uint64_t *pt)
{
    (void)ctx;
    *pt = fake.window = 0x7000;
    return 0;
}

static const struct vmi_ops *f_ops_on(void *ctx, uint32_t cpu)
{
    (void)ctx;
    if (fake.ops_on_count < FAKE_OBS_MAX)
        fake.ops_on_cpu[fake.ops_on_count++] = cpu;
    return &fake_ops;
}

/* READ of the first va page gives 0x55 + width; anything else faults. */
static int f_probe(void *ctx, uint32_t cpu, uint32_t kind, const uint64_t *args,
                   uint64_t *value)
{
    (void)ctx;
    (void)cpu;
    fake.probe_kind = kind;
    fake.probe_args[0] = args[0];
    fake.probe_args[1] = args[1];
    if (kind == VMI_BUNDLE_PROBE_READ && args[0] != UINT64_C(0xffff900000000000))
        return VMI_EFAULT;
    *value = kind == VMI_BUNDLE_PROBE_READ ? 0x55 + args[1] : 7;
    return 0;
}

static int f_wait(void *ctx, uint32_t cpu, uint64_t ns)
{
    (void)ctx;
    (void)cpu;
    (void)ns;
    return fake.wait_fails ? VMI_EFAULT : 0;
}

static int f_write(void *ctx, uint64_t pa, uint32_t width, uint64_t value)
{
    (void)ctx;
    fake.write_pa = pa;
    fake.write_width = width;
    fake.write_value = value;
    return 0;
}

static void f_observe(void *ctx, const struct vmi_exec_obs *obs)
{
    (void)ctx;
    event('o');
    if (fake.obs_count < FAKE_OBS_MAX)
        fake.obs[fake.obs_count++] = *obs;
}

static void f_call_begin(void *ctx)
{
    (void)ctx;
    event('b');
}

static void f_call_end(void *ctx)
{
    (void)ctx;
    event('e');
}

static const struct vmi_exec_platform fake_platform = {
    NULL, f_begin, f_end, f_page, f_va, f_window, f_ops_on, f_probe, f_wait, f_write, f_observe,
    f_call_begin, f_call_end,
};

/* Compiles `text` and runs its one trace on the fake. */
static enum vmi_exec_end run_text(const char *text, uint32_t *err_step, int32_t *err_code)
{
    struct test_bundle tb;
    enum vmi_exec_end end = VMI_EXEC_ERROR;
    uint32_t s = 0;
    int32_t c = 0;
    vmi_status_t keep = fake.shutdown_status;
    int keep_wait = fake.wait_fails;

    memset(&fake, 0, sizeof(fake));
    fake.shutdown_status = keep;
    fake.wait_fails = keep_wait;
    if (test_bundle_compile(&tb, text) == 0)
        end = vmi_exec_trace(&tb.b, 0, &fake_platform, &s, &c);
    test_bundle_free(&tb);
    if (err_step)
        *err_step = s;
    if (err_code)
        *err_code = c;
    return end;
}

#define HEAD "vmi-trace 1\nname t/exec\ncovers VMI-CPU-001\n"

/* ---- cases ---- */

static void exec_call_reaches_op_with_cast_args(void)
{
    VMI_ASSERT_EQ(run_text(HEAD "step call cr_write 4 (0x1234 + 1)\n", NULL, NULL),
                  VMI_EXEC_DONE);
    VMI_ASSERT_EQ(fake.cr, 4);
    VMI_ASSERT_EQ(fake.cr_value, 0x1235);
    VMI_ASSERT_EQ(fake.obs_count, 1);
    VMI_ASSERT_EQ(fake.obs[0].op, VMI_BUNDLE_OP_CALL);
    VMI_ASSERT_EQ(fake.obs[0].sub, VMI_CALL_cr_write);
    VMI_ASSERT_EQ(fake.obs[0].status, VMI_OK);
    VMI_ASSERT_EQ(fake.obs[0].value_count, 0);
    VMI_ASSERT_EQ(fake.obs[0].line, 4);
    CU_ASSERT(fake.ended);
}

static void exec_out_words_bind_variables(void)
{
    VMI_ASSERT_EQ(run_text(HEAD "step call cpuid 9 1 -> $ab $cd\n"
                                "step expect $ab == (10 | (2 << 32))\n"
                                "step expect $cd == (3 | (5 << 32))\n",
                           NULL, NULL),
                  VMI_EXEC_DONE);
    VMI_ASSERT_EQ(fake.obs_count, 3);
    VMI_ASSERT_EQ(fake.obs[0].value_count, 2);
    VMI_ASSERT_EQ(fake.obs[0].values[0], UINT64_C(10) | UINT64_C(2) << 32);
    VMI_ASSERT_EQ(fake.obs[0].values[1], UINT64_C(3) | UINT64_C(5) << 32);
    VMI_ASSERT_EQ(fake.obs[1].status, 0);
    VMI_ASSERT_EQ(fake.obs[2].status, 0);
}

static void exec_out_words_observed_without_binding(void)
{
    run_text(HEAD "step call version_get\n", NULL, NULL);
    VMI_ASSERT_EQ(fake.obs[0].value_count, 1);
    VMI_ASSERT_EQ(fake.obs[0].values[0], 0x10000);
}

/* VMI-DISC-007: the OUT struct is zeroed, its size field set to 64. */
static void exec_adapter_info_size_preset(void)
{
    uint32_t i;

    run_text(HEAD "step call adapter_info_get\n", NULL, NULL);
    VMI_ASSERT_EQ(fake.info_seen[0], 64);
    for (i = 1; i < sizeof(fake.info_seen); i++)
        VMI_ASSERT_EQ(fake.info_seen[i], 0);
    VMI_ASSERT_EQ(fake.obs[0].value_count, 8);
    VMI_ASSERT_EQ(fake.obs[0].values[0], 64);
    VMI_ASSERT_EQ(fake.obs[0].values[7], UINT64_C(0xabcd) << 32);
}

static void exec_null_slot_answers_enotsup(void)
{
    VMI_ASSERT_EQ(run_text(HEAD "step call tsc_read -> $t\nstep expect $t == 0\n", NULL, NULL),
                  VMI_EXEC_DONE);
    VMI_ASSERT_STATUS(fake.obs[0].status, VMI_ENOTSUP);
    VMI_ASSERT_EQ(fake.obs[0].values[0], 0);
    VMI_ASSERT_EQ(fake.obs[1].status, 0);
}

/* A BUF argument is a copy in zeroed scratch: past the literal reads 0. */
static void exec_buf_copied_into_zeroed_scratch(void)
{
    static const char zeros[8] = {0};

    run_text(HEAD "step call console_write \"abcdef\" len\n"
                  "step call console_write \"xy\" 10\n",
             NULL, NULL);
    VMI_ASSERT_EQ(fake.con_len, 10);
    CU_ASSERT(memcmp(fake.con, "xy", 2) == 0);
    CU_ASSERT(memcmp(fake.con_ptr + 2, zeros, 8) == 0);
    run_text(HEAD "step call console_write null 0\n", NULL, NULL);
    CU_ASSERT(fake.con_ptr == NULL);
    VMI_ASSERT_EQ(fake.con_len, 0);
}

static void exec_probe_binds_value_and_fault_binds_zero(void)
{
    VMI_ASSERT_EQ(run_text(HEAD "va w0 w1\n"
                                "step probe read @w0 4 -> $a\n"
                                "step probe read @w1 8 -> $b\n"
                                "step expect $a == 0x59\n"
                                "step expect $b == 0\n",
                           NULL, NULL),
                  VMI_EXEC_DONE);
    VMI_ASSERT_EQ(fake.obs_count, 4);
    VMI_ASSERT_EQ(fake.obs[0].status, VMI_OK);
    VMI_ASSERT_EQ(fake.obs[0].values[0], 0x59);
    VMI_ASSERT_STATUS(fake.obs[1].status, VMI_EFAULT);
    VMI_ASSERT_EQ(fake.obs[1].values[0], 0);
    VMI_ASSERT_EQ(fake.probe_args[0], UINT64_C(0xffff900000001000));
    VMI_ASSERT_EQ(fake.probe_args[1], 8);
    VMI_ASSERT_EQ(fake.obs[2].status, 0);
    VMI_ASSERT_EQ(fake.obs[3].status, 0);
}

static void exec_expect_relations(void)
{
    run_text(HEAD "step expect 1 == 1\nstep expect 1 != 1\nstep expect 1 < 2\n"
                  "step expect 2 <= 1\nstep expect (-1) > 0\nstep expect 0 >= 1\n",
             NULL, NULL);
    VMI_ASSERT_EQ(fake.obs_count, 6);
    VMI_ASSERT_EQ(fake.obs[0].status, 0);
    VMI_ASSERT_EQ(fake.obs[1].status, 1);
    VMI_ASSERT_EQ(fake.obs[2].status, 0);
    VMI_ASSERT_EQ(fake.obs[3].status, 1);
    VMI_ASSERT_EQ(fake.obs[4].status, 0);   /* unsigned: 2^64-1 > 0 */
    VMI_ASSERT_EQ(fake.obs[5].status, 1);
    VMI_ASSERT_EQ(fake.obs[3].value_count, 2);
    VMI_ASSERT_EQ(fake.obs[3].values[0], 2);
    VMI_ASSERT_EQ(fake.obs[3].values[1], 1);
}

static void exec_power_call_ends_trace(void)
{
    fake.shutdown_status = VMI_OK;
    VMI_ASSERT_EQ(run_text(HEAD "step call shutdown 0\nstep expect 1 == 1\n", NULL, NULL),
                  VMI_EXEC_POWER);
    VMI_ASSERT_EQ(fake.obs_count, 1);
    VMI_ASSERT_EQ(fake.obs[0].sub, VMI_CALL_shutdown);
    CU_ASSERT(fake.ended);
    /* A refused shutdown returns, and the trace goes on. */
    fake.shutdown_status = VMI_EINVAL;
    VMI_ASSERT_EQ(run_text(HEAD "step call shutdown 0\nstep expect 1 == 1\n", NULL, NULL),
                  VMI_EXEC_DONE);
    VMI_ASSERT_EQ(fake.obs_count, 2);
    fake.shutdown_status = VMI_OK;
    CU_ASSERT(vmi_exec_call_ends_trace(VMI_CALL_reboot));
    CU_ASSERT(vmi_exec_call_ends_trace(VMI_CALL_crash));
    CU_ASSERT(!vmi_exec_call_ends_trace(VMI_CALL_cpu_stop));
    CU_ASSERT(!vmi_exec_call_ends_trace(VMI_CALL_cr_read));
}

static void exec_resources_and_write_reach_platform(void)
{
    run_text(HEAD "page a b\nstep write (@b + 8) 4 0x1122334455\nstep wait 100\n", NULL, NULL);
    VMI_ASSERT_EQ(fake.pages, 2);
    VMI_ASSERT_EQ(fake.write_pa, 0x201008);
    VMI_ASSERT_EQ(fake.write_width, 4);
    VMI_ASSERT_EQ(fake.write_value, UINT64_C(0x1122334455));
    VMI_ASSERT_EQ(fake.obs_count, 2);
    VMI_ASSERT_EQ(fake.obs[0].op, VMI_BUNDLE_OP_WRITE);
    VMI_ASSERT_EQ(fake.obs[1].op, VMI_BUNDLE_OP_WAIT);
    VMI_ASSERT_EQ(fake.obs[1].value_count, 0);
}

static void exec_steps_run_on_their_cpu(void)
{
    run_text("vmi-trace 1\nname t/cpus\ncovers VMI-CPU-001\nneeds cpus 3\n"
             "step on cpu 2 call version_get\nstep call version_get\n",
             NULL, NULL);
    VMI_ASSERT_EQ(fake.ops_on_count, 2);
    VMI_ASSERT_EQ(fake.ops_on_cpu[0], 2);
    VMI_ASSERT_EQ(fake.ops_on_cpu[1], 0);
    VMI_ASSERT_EQ(fake.obs[0].cpu, 2);
}

/* call_begin and call_end hold each call and nothing else: the window's
 * notice, then a step's call, before its observation; none around probes,
 * expects, writes and waits. */
static void exec_call_hooks_bracket_each_call(void)
{
    run_text(HEAD "window wpt\nva v\npage a\nstep call cr_write 4 1\nstep probe read @v 4\n"
                  "step expect 1 == 1\nstep write @a 4 1\nstep wait 10\n",
             NULL, NULL);
    VMI_ASSERT_STR(fake.events, "bpebceooooo");
}

/* spec: window -- allocated, then announced as a level-1 table before step 0. */
static void exec_window_announced_before_first_step(void)
{
    run_text(HEAD "window wpt\nva v\nstep call pte_set 1 @wpt ((@v >> 12) & 511) 3\n",
             NULL, NULL);
    VMI_ASSERT_EQ(fake.window, 0x7000);
    VMI_ASSERT_EQ(fake.pt_announced, 0x7000);
    VMI_ASSERT_EQ(fake.pt_level, VMI_PT_LEVEL_PT);
    VMI_ASSERT_EQ(fake.ops_on_count, 2);
    VMI_ASSERT_STATUS(fake.obs[0].status, VMI_ENOTSUP);   /* pte_set: no slot */
}

static void exec_platform_failure_is_error(void)
{
    uint32_t step = 0;
    int32_t code = 0;

    fake.wait_fails = 1;
    VMI_ASSERT_EQ(run_text(HEAD "step expect 1 == 1\nstep wait 5\nstep expect 1 == 1\n",
                           &step, &code),
                  VMI_EXEC_ERROR);
    fake.wait_fails = 0;
    VMI_ASSERT_EQ(step, 1);
    VMI_ASSERT_STATUS(code, VMI_EFAULT);
    VMI_ASSERT_EQ(fake.obs_count, 1);
    CU_ASSERT(fake.ended);
    CU_ASSERT(!VMI_EXEC_IS_EBUNDLE(code));
    CU_ASSERT(VMI_EXEC_IS_EBUNDLE(VMI_EXEC_EBUNDLE(VMI_BUNDLE_EEXPR)));
    VMI_ASSERT_EQ(VMI_EXEC_EBUNDLE_CODE(VMI_EXEC_EBUNDLE(VMI_BUNDLE_EEXPR)), VMI_BUNDLE_EEXPR);
}

static void exec_missing_features_counted(void)
{
    struct test_bundle tb;
    struct vmi_bundle_trace_view t;
    uint64_t offered[VMI_GROUP_COUNT], missing[VMI_GROUP_COUNT];
    uint32_t g;

    if (test_bundle_compile(&tb, HEAD "needs feature MMU_LAZY TLB_REMOTE CPU_CR\n"
                                      "step expect 1 == 1\n") != 0)
        return;
    CU_ASSERT_EQUAL(vmi_bundle_trace_get(&tb.b, 0, &t), 0);
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        offered[g] = vmi_features_defined(g);
    VMI_ASSERT_EQ(vmi_exec_missing_features(&tb.b, &t, offered, VMI_GROUP_COUNT, missing), 0);
    offered[VMI_GROUP_MMU] &= ~VMI_FEATURE_MASK(VMI_FEAT_MMU_LAZY);
    offered[VMI_GROUP_TLB] = 0;
    VMI_ASSERT_EQ(vmi_exec_missing_features(&tb.b, &t, offered, VMI_GROUP_COUNT, missing), 2);
    VMI_ASSERT_EQ(missing[VMI_GROUP_MMU], VMI_FEATURE_MASK(VMI_FEAT_MMU_LAZY));
    VMI_ASSERT_EQ(missing[VMI_GROUP_TLB], VMI_FEATURE_MASK(VMI_FEAT_TLB_REMOTE));
    VMI_ASSERT_EQ(missing[VMI_GROUP_CPU], 0);
    /* Groups the caller does not know count as missing. */
    VMI_ASSERT_EQ(vmi_exec_missing_features(&tb.b, &t, offered, VMI_GROUP_CPU, missing), 3);
    test_bundle_free(&tb);
}

static void exec_out_map_words_per_parameter(void)
{
    struct vmi_exec_out_map m;

    CU_ASSERT_EQUAL(vmi_exec_call_out_map(VMI_CALL_cpuid, &m), 0);
    VMI_ASSERT_EQ(m.words, 2);
    VMI_ASSERT_EQ(m.param[1], 2);
    VMI_ASSERT_EQ(m.part[1], 1);
    VMI_ASSERT_EQ(m.param_words[0], 2);
    CU_ASSERT_EQUAL(vmi_exec_call_out_map(VMI_CALL_gdt_get, &m), 0);
    VMI_ASSERT_EQ(m.words, 2);
    VMI_ASSERT_EQ(m.param[0], 0);
    VMI_ASSERT_EQ(m.param[1], 1);
    CU_ASSERT_EQUAL(vmi_exec_call_out_map(VMI_CALL_adapter_info_get, &m), 0);
    VMI_ASSERT_EQ(m.words, 8);
    CU_ASSERT_EQUAL(vmi_exec_call_out_map(VMI_CALL_halt, &m), 0);
    VMI_ASSERT_EQ(m.words, 0);
    CU_ASSERT_EQUAL(vmi_exec_call_out_map(VMI_CALL_COUNT, &m), -1);
}

static const struct vmi_test_case cases[] = {
    {"exec_call_reaches_op_with_cast_args", exec_call_reaches_op_with_cast_args},
    {"exec_out_words_bind_variables", exec_out_words_bind_variables},
    {"exec_out_words_observed_without_binding", exec_out_words_observed_without_binding},
    {"exec_adapter_info_size_preset", exec_adapter_info_size_preset},
    {"exec_null_slot_answers_enotsup", exec_null_slot_answers_enotsup},
    {"exec_buf_copied_into_zeroed_scratch", exec_buf_copied_into_zeroed_scratch},
    {"exec_probe_binds_value_and_fault_binds_zero", exec_probe_binds_value_and_fault_binds_zero},
    {"exec_expect_relations", exec_expect_relations},
    {"exec_power_call_ends_trace", exec_power_call_ends_trace},
    {"exec_resources_and_write_reach_platform", exec_resources_and_write_reach_platform},
    {"exec_steps_run_on_their_cpu", exec_steps_run_on_their_cpu},
    {"exec_window_announced_before_first_step", exec_window_announced_before_first_step},
    {"exec_platform_failure_is_error", exec_platform_failure_is_error},
    {"exec_call_hooks_bracket_each_call", exec_call_hooks_bracket_each_call},
    {"exec_missing_features_counted", exec_missing_features_counted},
    {"exec_out_map_words_per_parameter", exec_out_map_words_per_parameter},
};
VMI_TEST_MAIN("exec", cases)
