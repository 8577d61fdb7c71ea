/* The example traces parse into the model they describe. */
#include <stdlib.h>
#include "harness.h"

/* Parses tests/data/valid/<name>.vmt alone; the set must then hold one trace. */
static const struct vmi_trace *parse_valid(struct vmi_trace_set *set, const char *name)
{
    char rel[256];

    snprintf(rel, sizeof(rel), "valid/%s.vmt", name);
    vmi_trace_set_init(set, vmi_test_ids());
    vmi_trace_parse_file(set, vmi_test_data(rel));
    if (set->error_count != 0)
        vmi_test_print_diags(set);
    VMI_ASSERT_EQ(set->error_count, 0);
    VMI_ASSERT_EQ(set->count, 1);
    return set->count == 1 ? set->traces[0] : NULL;
}

static void parse_mmu_declarations(void)
{
    struct vmi_trace_set set;
    const struct vmi_trace *t = parse_valid(&set, "mmu-remap");

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    VMI_ASSERT_STR(t->name, "mmu/remap-stale-until-flush");
    VMI_ASSERT_STR(t->title, "A remapped page may read stale until tlb_flush_one");
    VMI_ASSERT_EQ(t->covers_count, 2);
    VMI_ASSERT_STR(t->covers[1], "VMI-TLB-003");
    VMI_ASSERT_EQ(t->features[VMI_GROUP_MMU], VMI_FEATURE_MASK(VMI_FEAT_MMU_PTE) |
                                              VMI_FEATURE_MASK(VMI_FEAT_MMU_PTPAGE));
    VMI_ASSERT_EQ(t->features[VMI_GROUP_TLB], VMI_FEATURE_MASK(VMI_FEAT_TLB_LOCAL));
    VMI_ASSERT_EQ(t->features[VMI_GROUP_CPU], VMI_FEATURE_MASK(VMI_FEAT_CPU_CR));
    VMI_ASSERT_EQ(t->features[VMI_GROUP_DISC], 0);
    VMI_ASSERT_EQ(t->cpus, 1);
    VMI_ASSERT_EQ(t->resource_count, 8);
    VMI_ASSERT_STR(t->resources[6].name, "win");
    VMI_ASSERT_EQ(t->resources[6].kind, VMI_BUNDLE_RES_VA);
    VMI_ASSERT_STR(t->resources[7].name, "wpt");
    VMI_ASSERT_EQ(t->resources[7].kind, VMI_BUNDLE_RES_WINDOW);
    VMI_ASSERT_EQ(t->resources[0].kind, VMI_BUNDLE_RES_PAGE);
    VMI_ASSERT_EQ(t->var_count, 6);
    VMI_ASSERT_STR(t->vars[0], "cr3");
    VMI_ASSERT_EQ(t->step_count, 16);
    vmi_trace_set_free(&set);
}

static void parse_mmu_steps(void)
{
    struct vmi_trace_set set;
    const struct vmi_trace *t = parse_valid(&set, "mmu-remap");
    const struct vmi_trace_step *s;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    s = &t->steps[4]; /* step call pte_set 1 @wpt ((@win >> 12) & 511) (@data_a | 3) */
    VMI_ASSERT_EQ(s->op, VMI_BUNDLE_OP_CALL);
    VMI_ASSERT_EQ(s->sub, VMI_CALL_pte_set);
    VMI_ASSERT_EQ(s->line, 17);
    VMI_ASSERT_EQ(s->arg_count, 4);
    VMI_ASSERT_EQ(s->args[3].count, 3);
    VMI_ASSERT_EQ(s->args[3].ops[0].op, VMI_BUNDLE_X_RES);
    VMI_ASSERT_EQ(s->args[3].ops[0].index, 4);
    VMI_ASSERT_EQ(s->args[3].ops[1].value, 3);
    VMI_ASSERT_EQ(s->args[3].ops[2].op, VMI_BUNDLE_X_OR);
    s = &t->steps[8]; /* ... expect status VMI_OK */
    VMI_ASSERT_EQ(s->has_status, 1);
    VMI_ASSERT_EQ(s->status, VMI_OK);
    s = &t->steps[0]; /* step write @data_a 8 0x1111 */
    VMI_ASSERT_EQ(s->op, VMI_BUNDLE_OP_WRITE);
    VMI_ASSERT_EQ(s->args[2].ops[0].value, 0x1111);
    s = &t->steps[13]; /* step expect $t1 >= $t0 */
    VMI_ASSERT_EQ(s->op, VMI_BUNDLE_OP_EXPECT);
    VMI_ASSERT_EQ(s->sub, VMI_BUNDLE_REL_GE);
    VMI_ASSERT_EQ(s->args[0].ops[0].index, 4);
    VMI_ASSERT_EQ(s->args[1].ops[0].index, 1);
    vmi_trace_set_free(&set);
}

static void parse_console_strings(void)
{
    static const char want[] = "hello, \"vmi\"\n\x01\0end";
    struct vmi_trace_set set;
    const struct vmi_trace *t = parse_valid(&set, "con-write");

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    VMI_ASSERT_EQ(t->steps[0].args[0].str_len, sizeof(want) - 1);
    CU_ASSERT(memcmp(t->steps[0].args[0].str, want, sizeof(want) - 1) == 0);
    VMI_ASSERT_EQ(t->steps[0].args[1].ops[0].value, sizeof(want) - 1); /* len */
    VMI_ASSERT_EQ(t->steps[4].args[0].ops[0].op, VMI_BUNDLE_X_LIT);    /* null */
    VMI_ASSERT_EQ(t->steps[4].args[0].ops[0].value, 0);
    VMI_ASSERT_EQ(t->steps[5].args[0].str_len, 0);                     /* "" */
    VMI_ASSERT_EQ(t->steps[5].args[1].ops[0].value, 0);
    VMI_ASSERT_EQ(t->steps[3].status, VMI_EINVAL);
    vmi_trace_set_free(&set);
}

static void parse_smp_cpus_and_probes(void)
{
    struct vmi_trace_set set;
    const struct vmi_trace *t = parse_valid(&set, "smp-ipi");

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    VMI_ASSERT_EQ(t->cpus, 2);
    VMI_ASSERT_EQ(t->steps[0].cpu, 1);
    VMI_ASSERT_EQ(t->steps[2].cpu, 0);
    VMI_ASSERT_EQ(t->steps[1].op, VMI_BUNDLE_OP_PROBE);
    VMI_ASSERT_EQ(t->steps[1].sub, VMI_BUNDLE_PROBE_IRQCOUNT);
    VMI_ASSERT_EQ(t->steps[3].op, VMI_BUNDLE_OP_WAIT);
    VMI_ASSERT_EQ(t->steps[3].args[0].ops[0].value, 1000000);
    VMI_ASSERT_EQ(t->steps[8].sub, VMI_BUNDLE_PROBE_IF);
    VMI_ASSERT_EQ(t->steps[8].arg_count, 0);
    VMI_ASSERT_EQ(t->steps[11].args[1].count, 3); /* (1 << 1) */
    vmi_trace_set_free(&set);
}

static void parse_struct_outputs_take_words(void)
{
    struct vmi_trace_set set;
    const struct vmi_trace *t = parse_valid(&set, "disc-info");

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    VMI_ASSERT_EQ(t->steps[2].out_count, 8); /* struct vmi_adapter_info: 64 bytes */
    VMI_ASSERT_EQ(t->steps[4].out_count, 2); /* struct vmi_cpuid_regs: 16 bytes */
    VMI_ASSERT_EQ(t->steps[4].arg_count, 2);
    VMI_ASSERT_EQ(t->steps[7].out_count, 0); /* outputs may be left unbound */
    VMI_ASSERT_EQ(t->steps[8].has_status, 1);
    VMI_ASSERT_EQ(t->steps[8].out_count, 1);
    vmi_trace_set_free(&set);
}

static void parse_lookups_follow_the_abi_lists(void)
{
    int32_t st = 1;

    VMI_ASSERT_EQ(vmi_trace_call_lookup("tlb_flush_one", 13), VMI_CALL_tlb_flush_one);
    VMI_ASSERT_EQ(vmi_trace_call_lookup("tlb_flush", 9), -1);
    VMI_ASSERT_EQ(vmi_trace_feature_lookup("PWR_CRASH", 9), VMI_FEAT_PWR_CRASH);
    VMI_ASSERT_EQ(vmi_trace_feature_lookup("PWR", 3), -1);
    VMI_ASSERT_EQ(vmi_trace_status_lookup("VMI_ENOMEM", 10, &st), 0);
    VMI_ASSERT_EQ(st, VMI_ENOMEM);
    VMI_ASSERT_EQ(vmi_trace_status_lookup("ENOMEM", 6, &st), -1);
}

static void parse_ids_file_forms(void)
{
    struct vmi_trace_ids ids;
    const char *text = "# comment\n\nVMI-A-001\n  VMI-B-002 | a statement\r\nVMI-C-003\tx";

    VMI_ASSERT_EQ(vmi_trace_ids_parse(&ids, text, strlen(text)), 0);
    VMI_ASSERT_EQ(ids.count, 3);
    CU_ASSERT(vmi_trace_ids_has(&ids, "VMI-B-002"));
    CU_ASSERT(vmi_trace_ids_has(&ids, "VMI-C-003"));
    CU_ASSERT(!vmi_trace_ids_has(&ids, "#"));
    CU_ASSERT(!vmi_trace_ids_has(&ids, "VMI-D-004"));
    vmi_trace_ids_free(&ids);
}

static const struct vmi_test_case cases[] = {
    {"parse_mmu_declarations", parse_mmu_declarations},
    {"parse_mmu_steps", parse_mmu_steps},
    {"parse_console_strings", parse_console_strings},
    {"parse_smp_cpus_and_probes", parse_smp_cpus_and_probes},
    {"parse_struct_outputs_take_words", parse_struct_outputs_take_words},
    {"parse_lookups_follow_the_abi_lists", parse_lookups_follow_the_abi_lists},
    {"parse_ids_file_forms", parse_ids_file_forms},
};

VMI_TEST_MAIN("trace_parse", cases)
