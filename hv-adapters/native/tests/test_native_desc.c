/* Native adapter: descriptor-table loads, stores and entry writes, checked against tables in host memory. */
#include "native_fixture.h"

/* A GDT in host memory: 0 null, 1 code, 2-3 an LDT (base ldt, limit 0x1f),
 * 4-5 an available 64-bit TSS, 6-7 a busy one. */
static uint64_t gdt[8] __attribute__((aligned(16)));
static uint64_t ldt[4] __attribute__((aligned(16)));

static void sys_desc(uint64_t *d, uint64_t base, uint32_t limit, uint32_t type)
{
    d[0] = (limit & 0xffffu) | (base & 0xffffffu) << 16 | (uint64_t)type << 40 |
           (uint64_t)1 << 47 | (uint64_t)((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
    d[1] = base >> 32;
}

static void tables_setup(void)
{
    nf_setup();
    memset(gdt, 0, sizeof(gdt));
    memset(ldt, 0, sizeof(ldt));
    gdt[1] = 0x00af9b000000ffffu;
    sys_desc(&gdt[2], (uint64_t)(uintptr_t)ldt, sizeof(ldt) - 1, 0x2);
    sys_desc(&gdt[4], 0x12345000u, 0x67, 0x9);
    sys_desc(&gdt[6], 0x12346000u, 0x67, 0xb);
    vmi_x86_fake_table_set(VMI_X86_OP_SGDT, (uint64_t)(uintptr_t)gdt, sizeof(gdt) - 1);
}

static void gdt_load_encoding_and_checks(void)
{
    uint64_t base = 0;
    uint32_t limit = 0;

    nf_setup();
    VMI_ASSERT_STATUS(vmi_gdt_load(0xffff800000010000u, 0x7f), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_LGDT)->a, 0xffff800000010000u);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_LGDT)->b, 0x7f);
    VMI_ASSERT_STATUS(vmi_gdt_get(&base, &limit), VMI_OK);
    VMI_ASSERT_EQ(base, 0xffff800000010000u);
    VMI_ASSERT_EQ(limit, 0x7f);
    VMI_ASSERT_STATUS(vmi_idt_load(0x1000, 0x10000), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_idt_load(0x0000800000000000u, 0xfff), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_idt_get(NULL, &limit), VMI_EINVAL);
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_LIDT), 0);
}

static void ldt_load_checks_the_descriptor(void)
{
    tables_setup();
    VMI_ASSERT_STATUS(vmi_ldt_load(0x10), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_LLDT)->a, 0x10);
    VMI_ASSERT_STATUS(vmi_ldt_load(3), VMI_OK);          /* null LDT */
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_LLDT)->a, 3);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_ldt_load(0x08), VMI_EINVAL);   /* a code segment */
    VMI_ASSERT_STATUS(vmi_ldt_load(0x14), VMI_EINVAL);   /* TI set */
    VMI_ASSERT_STATUS(vmi_ldt_load(0x38), VMI_EINVAL);   /* past the limit */
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_LLDT), 0);
}

static void tr_load_checks_the_descriptor(void)
{
    uint16_t sel = 0;

    tables_setup();
    VMI_ASSERT_STATUS(vmi_tr_load(0x20), VMI_OK);
    VMI_ASSERT_EQ(vmi_x86_fake_last_op(VMI_X86_OP_LTR)->a, 0x20);
    VMI_ASSERT_STATUS(vmi_tr_get(&sel), VMI_OK);
    VMI_ASSERT_EQ(sel, 0x20);
    vmi_x86_fake_log_clear();
    VMI_ASSERT_STATUS(vmi_tr_load(0x30), VMI_EINVAL);    /* busy */
    VMI_ASSERT_STATUS(vmi_tr_load(0x00), VMI_EINVAL);    /* null */
    VMI_ASSERT_STATUS(vmi_tr_load(0x10), VMI_EINVAL);    /* an LDT */
    VMI_ASSERT_EQ(vmi_x86_fake_count_op(VMI_X86_OP_LTR), 0);
    VMI_ASSERT_STATUS(vmi_tr_get(NULL), VMI_EINVAL);
}

static void gdt_entry_write_within_limit(void)
{
    tables_setup();
    VMI_ASSERT_STATUS(vmi_gdt_entry_write(7, 0x1122334455667788u), VMI_OK);
    VMI_ASSERT_EQ(gdt[7], 0x1122334455667788u);
    VMI_ASSERT_STATUS(vmi_gdt_entry_write(8, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_gdt_entry_write(0xffffffffu, 1), VMI_EINVAL);
}

static void idt_entry_write_both_words(void)
{
    static uint64_t idt[2 * 4] __attribute__((aligned(16)));

    nf_setup();
    vmi_x86_fake_table_set(VMI_X86_OP_SIDT, (uint64_t)(uintptr_t)idt, sizeof(idt) - 1);
    VMI_ASSERT_STATUS(vmi_idt_entry_write(3, 0xaaaa, 0xbbbb), VMI_OK);
    VMI_ASSERT_EQ(idt[6], 0xaaaa);
    VMI_ASSERT_EQ(idt[7], 0xbbbb);
    VMI_ASSERT_STATUS(vmi_idt_entry_write(4, 1, 1), VMI_EINVAL);
    VMI_ASSERT_STATUS(vmi_idt_entry_write(256, 1, 1), VMI_EINVAL);
}

static void ldt_entry_write_needs_an_ldt(void)
{
    tables_setup();
    VMI_ASSERT_STATUS(vmi_ldt_entry_write(0, 5), VMI_EINVAL);   /* null LDT loaded */
    VMI_ASSERT_STATUS(vmi_ldt_load(0x10), VMI_OK);
    VMI_ASSERT_STATUS(vmi_ldt_entry_write(2, 0x0000f30000000000u), VMI_OK);
    VMI_ASSERT_EQ(ldt[2], 0x0000f30000000000u);
    VMI_ASSERT_STATUS(vmi_ldt_entry_write(4, 5), VMI_EINVAL);   /* limit 0x1f */
}

static const struct vmi_test_case cases[] = {
    {"gdt_load_encoding_and_checks", gdt_load_encoding_and_checks},
    {"ldt_load_checks_the_descriptor", ldt_load_checks_the_descriptor},
    {"tr_load_checks_the_descriptor", tr_load_checks_the_descriptor},
    {"gdt_entry_write_within_limit", gdt_entry_write_within_limit},
    {"idt_entry_write_both_words", idt_entry_write_both_words},
    {"ldt_entry_write_needs_an_ldt", ldt_entry_write_needs_an_ldt},
};

VMI_TEST_MAIN("native_desc", cases)
