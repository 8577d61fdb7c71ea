/* Descriptor tables: load, store and entry writes (VMI-CPU-016..023). */
#include "ref_checks.h"

#define GDT 0x8000u
#define IDT 0xa000u
#define LDT_BASE 0x9000u
#define SEL_LDT 0x20u
#define SEL_TSS 0x30u
#define TYPE_LDT 2u
#define TYPE_TSS 9u

static uint64_t phys64(struct vmi_ref_machine *m, uint64_t pa)
{
    uint64_t v = SENTINEL;

    VMI_ASSERT_STATUS(vmi_ref_phys_read(m, pa, &v, 8), VMI_OK);
    return v;
}

/* Writes a 16-byte system descriptor into GDT entries index, index+1. */
static void sys_desc_put(struct vmi_ref_machine *m, uint32_t index, uint64_t base,
                         uint32_t limit, uint32_t type, int present)
{
    uint64_t lo = (limit & 0xffffu) | (base & 0xffffffu) << 16 | (uint64_t)type << 40 |
                  (uint64_t)(present != 0) << 47 | (uint64_t)((limit >> 16) & 0xf) << 48 |
                  ((base >> 24) & 0xff) << 56;

    VMI_ASSERT_STATUS(vmi_ref_gdt_entry_write(CPU0(m), index, lo), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_entry_write(CPU0(m), index + 1, base >> 32), VMI_OK);
}

/* A machine with a 32-entry GDT holding an LDT (0x20) and a TSS (0x30). */
static struct vmi_ref_machine *with_gdt(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_gdt_load(CPU0(m), GDT, 0xff), VMI_OK);
    sys_desc_put(m, SEL_LDT >> 3, LDT_BASE, 0x7f, TYPE_LDT, 1);
    sys_desc_put(m, SEL_TSS >> 3, 0xb000, 0x67, TYPE_TSS, 1);
    return m;
}

/* VMI-CPU-016, VMI-CPU-017 */
static void cpu_desc_gdt_idt_load_and_get(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t base = SENTINEL;
    uint32_t limit = SENTINEL32;

    VMI_ASSERT_STATUS(vmi_ref_gdt_get(CPU0(m), &base, &limit), VMI_OK);
    EXPECT_ALLOWED_ANY(m, 0);   /* the harness's table until the guest loads one */
    EXPECT_ALLOWED_ANY(m, 1);
    VMI_ASSERT_STATUS(vmi_ref_gdt_load(CPU0(m), 0xffff800000001000u, 0x7f), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_idt_load(CPU0(m), IDT, 0xfff), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_get(CPU0(m), &base, &limit), VMI_OK);
    VMI_ASSERT_EQ(base, 0xffff800000001000u);
    VMI_ASSERT_EQ(limit, 0x7f);
    EXPECT_ALLOWED_EXACT(m, 0, 0xffff800000001000u);
    EXPECT_ALLOWED_EXACT(m, 1, 0x7f);
    VMI_ASSERT_STATUS(vmi_ref_idt_get(CPU0(m), &base, &limit), VMI_OK);
    VMI_ASSERT_EQ(base, IDT);
    VMI_ASSERT_EQ(limit, 0xfff);
    EXPECT_ALLOWED_EXACT(m, 0, IDT);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-016, VMI-GEN-004 */
static void cpu_desc_load_get_bad_arguments(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();
    uint64_t base = SENTINEL;
    uint32_t limit = SENTINEL32;

    EXPECT_REFUSED(m, vmi_ref_gdt_load(CPU0(m), GDT, 0x10000), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_idt_load(CPU0(m), IDT, UINT32_MAX), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_gdt_load(CPU0(m), 0x0000800000000000u, 0xff), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_idt_load(CPU0(m), 0xfff0000000000000u, 0xff), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_gdt_get(CPU0(m), NULL, &limit), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_gdt_get(CPU0(m), &base, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_idt_get(CPU0(m), NULL, &limit), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_idt_get(CPU0(m), &base, NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ldt_get(CPU0(m), NULL), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_tr_get(CPU0(m), NULL), VMI_EINVAL);
    VMI_ASSERT_EQ(base, SENTINEL);
    VMI_ASSERT_EQ(limit, SENTINEL32);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-021 */
static void cpu_desc_gdt_entry_write_stores(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_gdt_load(CPU0(m), GDT, 0x17), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_gdt_entry_write(CPU0(m), 2, 0x00af9b000000ffffu), VMI_OK);
    VMI_ASSERT_EQ(phys64(m, GDT + 16), 0x00af9b000000ffffu);
    EXPECT_REFUSED(m, vmi_ref_gdt_entry_write(CPU0(m), 3, 1), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_gdt_entry_write(CPU0(m), UINT32_MAX, 1), VMI_EINVAL);
    /* A table outside guest memory (the model's identity mapping). */
    VMI_ASSERT_STATUS(vmi_ref_gdt_load(CPU0(m), 0xffff800000000000u, 0xff), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_gdt_entry_write(CPU0(m), 0, 1), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-022 */
static void cpu_desc_idt_entry_write_stores(void)
{
    struct vmi_ref_machine *m = vmi_test_machine();

    VMI_ASSERT_STATUS(vmi_ref_idt_load(CPU0(m), IDT, 0xfff), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_idt_entry_write(CPU0(m), 255, 0x11, 0x22), VMI_OK);
    VMI_ASSERT_EQ(phys64(m, IDT + 16 * 255), 0x11);
    VMI_ASSERT_EQ(phys64(m, IDT + 16 * 255 + 8), 0x22);
    EXPECT_REFUSED(m, vmi_ref_idt_entry_write(CPU0(m), 256, 1, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_idt_load(CPU0(m), IDT, 16 * 32 - 1), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_idt_entry_write(CPU0(m), 31, 3, 4), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_idt_entry_write(CPU0(m), 32, 1, 2), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_idt_load(CPU0(m), IDT, 16 * 32 - 2), VMI_OK);
    EXPECT_REFUSED(m, vmi_ref_idt_entry_write(CPU0(m), 31, 1, 2), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-018, VMI-CPU-020, VMI-CPU-023 */
static void cpu_desc_ldt_load_and_entry_write(void)
{
    struct vmi_ref_machine *m = with_gdt();
    uint16_t sel = 0xffff;

    VMI_ASSERT_STATUS(vmi_ref_ldt_get(CPU0(m), &sel), VMI_OK);
    EXPECT_ALLOWED_ANY(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_ldt_load(CPU0(m), SEL_LDT), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ldt_get(CPU0(m), &sel), VMI_OK);
    VMI_ASSERT_EQ(sel, SEL_LDT);
    EXPECT_ALLOWED_EXACT(m, 0, SEL_LDT);
    VMI_ASSERT_STATUS(vmi_ref_ldt_entry_write(CPU0(m), 15, 0x1234), VMI_OK);
    VMI_ASSERT_EQ(phys64(m, LDT_BASE + 8 * 15), 0x1234);
    EXPECT_REFUSED(m, vmi_ref_ldt_entry_write(CPU0(m), 16, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_ref_ldt_load(CPU0(m), 0), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ldt_get(CPU0(m), &sel), VMI_OK);
    VMI_ASSERT_EQ(sel, 0);
    EXPECT_ALLOWED_EXACT(m, 0, 0);
    EXPECT_REFUSED(m, vmi_ref_ldt_entry_write(CPU0(m), 0, 1), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-018: like LLDT, selectors 1-3 (index 0, TI=0) are the null LDT too. */
static void cpu_desc_ldt_load_null_with_rpl(void)
{
    struct vmi_ref_machine *m = with_gdt();
    uint16_t sel = 0;

    VMI_ASSERT_STATUS(vmi_ref_ldt_load(CPU0(m), SEL_LDT), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ldt_load(CPU0(m), 3), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ref_ldt_get(CPU0(m), &sel), VMI_OK);
    VMI_ASSERT_EQ(sel, 3);
    EXPECT_REFUSED(m, vmi_ref_ldt_entry_write(CPU0(m), 0, 1), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-018: TI=1, beyond the limit, not present, not an LDT. */
static void cpu_desc_ldt_load_bad_selector(void)
{
    struct vmi_ref_machine *m = with_gdt();

    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), SEL_LDT | 4), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), 0xf8), VMI_EINVAL);   /* 16 bytes pass 0xff */
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), 0x100), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), SEL_TSS), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), 7), VMI_EINVAL);     /* index 0, TI=1 */
    sys_desc_put(m, 10, LDT_BASE, 0x7f, TYPE_LDT, 0);
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), 10 << 3), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-019, VMI-CPU-020: the TSS descriptor becomes busy. */
static void cpu_desc_tr_load_marks_busy(void)
{
    struct vmi_ref_machine *m = with_gdt();
    uint64_t before = phys64(m, GDT + SEL_TSS);
    uint16_t sel = 0xffff;

    VMI_ASSERT_STATUS(vmi_ref_tr_get(CPU0(m), &sel), VMI_OK);
    EXPECT_ALLOWED_ANY(m, 0);
    VMI_ASSERT_STATUS(vmi_ref_tr_load(CPU0(m), SEL_TSS), VMI_OK);
    VMI_ASSERT_EQ(phys64(m, GDT + SEL_TSS), before | UINT64_C(2) << 40);
    VMI_ASSERT_STATUS(vmi_ref_tr_get(CPU0(m), &sel), VMI_OK);
    VMI_ASSERT_EQ(sel, SEL_TSS);
    EXPECT_ALLOWED_EXACT(m, 0, SEL_TSS);
    /* Busy now, so a second load is refused. */
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), SEL_TSS), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

/* VMI-CPU-019: index 0, TI=1, beyond the limit, not present, not a TSS. */
static void cpu_desc_tr_load_bad_selector(void)
{
    struct vmi_ref_machine *m = with_gdt();

    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), 0), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), 3), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), SEL_TSS | 4), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), 0xf8), VMI_EINVAL);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), SEL_LDT), VMI_EINVAL);
    sys_desc_put(m, 12, 0xb000, 0x67, TYPE_TSS, 0);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), 12 << 3), VMI_EINVAL);
    vmi_ref_machine_free(m);
}

static void cpu_desc_not_supported(void)
{
    struct vmi_ref_machine *m = vmi_test_machine_without(VMI_FEAT_CPU_DESC);
    uint64_t base = SENTINEL;
    uint32_t limit = SENTINEL32;
    uint16_t sel = 0xa5a5;

    EXPECT_REFUSED(m, vmi_ref_gdt_load(CPU0(m), GDT, 0xff), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_idt_load(CPU0(m), IDT, 0xff), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_ldt_load(CPU0(m), 0), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_tr_load(CPU0(m), SEL_TSS), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_gdt_get(CPU0(m), &base, &limit), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_idt_get(CPU0(m), &base, &limit), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_ldt_get(CPU0(m), &sel), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_tr_get(CPU0(m), &sel), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_gdt_entry_write(CPU0(m), 0, 0), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_idt_entry_write(CPU0(m), 0, 0, 0), VMI_ENOTSUP);
    EXPECT_REFUSED(m, vmi_ref_ldt_entry_write(CPU0(m), 0, 0), VMI_ENOTSUP);
    VMI_ASSERT_EQ(base, SENTINEL);
    VMI_ASSERT_EQ(limit, SENTINEL32);
    VMI_ASSERT_EQ(sel, 0xa5a5);
    vmi_ref_machine_free(m);
}

static const struct vmi_test_case cases[] = {
    {"cpu_desc_gdt_idt_load_and_get", cpu_desc_gdt_idt_load_and_get},
    {"cpu_desc_load_get_bad_arguments", cpu_desc_load_get_bad_arguments},
    {"cpu_desc_gdt_entry_write_stores", cpu_desc_gdt_entry_write_stores},
    {"cpu_desc_idt_entry_write_stores", cpu_desc_idt_entry_write_stores},
    {"cpu_desc_ldt_load_and_entry_write", cpu_desc_ldt_load_and_entry_write},
    {"cpu_desc_ldt_load_bad_selector", cpu_desc_ldt_load_bad_selector},
    {"cpu_desc_ldt_load_null_with_rpl", cpu_desc_ldt_load_null_with_rpl},
    {"cpu_desc_tr_load_marks_busy", cpu_desc_tr_load_marks_busy},
    {"cpu_desc_tr_load_bad_selector", cpu_desc_tr_load_bad_selector},
    {"cpu_desc_not_supported", cpu_desc_not_supported},
};
VMI_TEST_MAIN("cpu_desc", cases)
