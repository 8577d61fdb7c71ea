/* The fixup table: the real fault-safe wrappers leave entries, and the search finds them. */
#include <cunit_harness.h>
#include <vmi-x86/x86.h>

extern const struct vmi_x86_extable_entry __start_vmi_x86_extable[];
extern const struct vmi_x86_extable_entry __stop_vmi_x86_extable[];

/* Never called: assembling these fills the table (the host cannot run
 * RDMSR, MOV to CR4 or HLT outside ring 0). */
int vmi_x86_extable_users(uint32_t msr, uint64_t *v);
int vmi_x86_extable_users(uint32_t msr, uint64_t *v)
{
    int r = vmi_x86_rdmsr_safe(msr, v) | vmi_x86_wrmsr_safe(msr, *v);

    r |= vmi_x86_cr_write_safe(4, *v);
    vmi_x86_hlt();
    return r;
}

static size_t entries(void)
{
    return (size_t)(__stop_vmi_x86_extable - __start_vmi_x86_extable);
}

static void extable_has_entries(void)
{
    /* rdmsr, wrmsr, five CR writes, hlt, sti;hlt at least once each. */
    CU_ASSERT(entries() >= 4);
}

static void extable_search_finds_each_entry(void)
{
    const struct vmi_x86_extable_entry *e;

    for (e = __start_vmi_x86_extable; e < __stop_vmi_x86_extable; e++) {
        uint64_t insn = vmi_x86_extable_insn(e);

        VMI_ASSERT_EQ(vmi_x86_extable_fixup(insn), vmi_x86_extable_resume(e));
        /* The resume point follows the instruction, within a few bytes. */
        CU_ASSERT(vmi_x86_extable_resume(e) > insn);
        CU_ASSERT(vmi_x86_extable_resume(e) - insn <= 8);
    }
}

static void extable_search_misses_other_addresses(void)
{
    VMI_ASSERT_EQ(vmi_x86_extable_fixup(0), 0);
    VMI_ASSERT_EQ(vmi_x86_extable_fixup((uint64_t)(uintptr_t)&entries), 0);
    CU_ASSERT(vmi_x86_extable_search(NULL, NULL, 0) == NULL);
}

static void extable_entry_is_relative(void)
{
    struct vmi_x86_extable_entry e[1];

    e[0].insn = 0x40;
    e[0].fixup = -8;
    VMI_ASSERT_EQ(vmi_x86_extable_insn(&e[0]), (uint64_t)(uintptr_t)&e[0].insn + 0x40);
    VMI_ASSERT_EQ(vmi_x86_extable_resume(&e[0]), (uint64_t)(uintptr_t)&e[0].fixup - 8);
    CU_ASSERT(vmi_x86_extable_search(e, e + 1, (uint64_t)(uintptr_t)&e[0].insn + 0x40) == e);
}

static const struct vmi_test_case cases[] = {
    {"extable_has_entries", extable_has_entries},
    {"extable_search_finds_each_entry", extable_search_finds_each_entry},
    {"extable_search_misses_other_addresses", extable_search_misses_other_addresses},
    {"extable_entry_is_relative", extable_entry_is_relative},
};

VMI_TEST_MAIN("x86_extable", cases)
