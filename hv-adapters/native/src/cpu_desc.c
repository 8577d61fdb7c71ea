/* Descriptor tables: GDT/IDT/LDT/TR load and store, and entry writes (VMI-CPU-016..023). */
#include "native_internal.h"

/*
 * Descriptor-table bases are linear addresses, so the adapter reads and
 * writes the tables through them directly (the guest has them mapped: the
 * CPU uses the same addresses).  The checks mirror the reference model's
 * so that a bad selector is VMI_EINVAL, never a #GP from LLDT or LTR.
 */

#define SEL_TI 4u
#define SEL_OFFSET(sel) ((uint32_t)(sel) & ~7u)
#define DESC_TYPE_LDT 0x02u
#define DESC_TYPE_TSS_AVAIL 0x09u
#define TABLE_LIMIT_MAX 0xffffu

static vmi_status_t table_load(int idt, uint64_t base, uint32_t limit)
{
    if (limit > TABLE_LIMIT_MAX || !vmi__native_canonical(base))
        return VMI_EINVAL;
    if (idt)
        vmi_x86_lidt(base, (uint16_t)limit);
    else
        vmi_x86_lgdt(base, (uint16_t)limit);
    return VMI_OK;
}

vmi_status_t vmi__native_gdt_load(uint64_t base, uint32_t limit)
{
    /* VMI-CPU-016 */
    return table_load(0, base, limit);
}

vmi_status_t vmi__native_idt_load(uint64_t base, uint32_t limit)
{
    /* VMI-CPU-016 */
    return table_load(1, base, limit);
}

static vmi_status_t table_get(int idt, uint64_t *base, uint32_t *limit)
{
    uint64_t b;
    uint16_t l;

    if (!base || !limit)
        return VMI_EINVAL;
    if (idt)
        vmi_x86_sidt(&b, &l);
    else
        vmi_x86_sgdt(&b, &l);
    *base = b;
    *limit = l;
    return VMI_OK;
}

vmi_status_t vmi__native_gdt_get(uint64_t *base, uint32_t *limit)
{
    /* VMI-CPU-017 */
    return table_get(0, base, limit);
}

vmi_status_t vmi__native_idt_get(uint64_t *base, uint32_t *limit)
{
    /* VMI-CPU-017 */
    return table_get(1, base, limit);
}

/* The 16-byte system descriptor `sel` names in the GDT: TI=0 and all of
 * it within the limit (VMI-CPU-018, VMI-CPU-019); 0 when it is not. */
static const volatile uint64_t *sys_desc(uint16_t sel)
{
    uint64_t base;
    uint16_t limit;

    vmi_x86_sgdt(&base, &limit);
    if ((sel & SEL_TI) || SEL_OFFSET(sel) + 15u > limit)
        return 0;
    return (const volatile uint64_t *)(uintptr_t)(base + SEL_OFFSET(sel));
}

/* Present, S=0, and the given system type. */
static int sys_desc_is(const volatile uint64_t *d, uint32_t type)
{
    return d && ((d[0] >> 47) & 1) && ((d[0] >> 40) & 0x1f) == type;
}

vmi_status_t vmi__native_ldt_load(uint16_t selector)
{
    /* VMI-CPU-018: 0..3 is the null LDT, which LLDT accepts as such. */
    if ((selector & ~3u) != 0 && !sys_desc_is(sys_desc(selector), DESC_TYPE_LDT))
        return VMI_EINVAL;
    vmi_x86_lldt(selector);
    return VMI_OK;
}

vmi_status_t vmi__native_tr_load(uint16_t selector)
{
    /* VMI-CPU-019: LTR marks the descriptor busy itself. */
    if ((selector >> 3) == 0 || !sys_desc_is(sys_desc(selector), DESC_TYPE_TSS_AVAIL))
        return VMI_EINVAL;
    vmi_x86_ltr(selector);
    return VMI_OK;
}

vmi_status_t vmi__native_ldt_get(uint16_t *selector)
{
    /* VMI-CPU-020 */
    if (!selector)
        return VMI_EINVAL;
    *selector = vmi_x86_sldt();
    return VMI_OK;
}

vmi_status_t vmi__native_tr_get(uint16_t *selector)
{
    /* VMI-CPU-020 */
    if (!selector)
        return VMI_EINVAL;
    *selector = vmi_x86_str();
    return VMI_OK;
}

/* Stores `words` 8-byte words at base + off when the last byte is within
 * the byte limit; each word is one store, so a CPU walking the table sees
 * an old or a new descriptor word, never a torn one. */
static vmi_status_t table_store(uint64_t base, uint32_t limit, uint64_t off,
                                const uint64_t *v, uint32_t words)
{
    volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(base + off);
    uint32_t i;

    if (off + 8u * words - 1 > limit)
        return VMI_EINVAL;
    /* High word first: an IDT gate's present bit is in the low word. */
    for (i = words; i-- > 0;)
        p[i] = v[i];
    return VMI_OK;
}

vmi_status_t vmi__native_gdt_entry_write(uint32_t index, uint64_t value)
{
    /* VMI-CPU-021 */
    uint64_t base;
    uint16_t limit;

    vmi_x86_sgdt(&base, &limit);
    return table_store(base, limit, (uint64_t)index * 8, &value, 1);
}

vmi_status_t vmi__native_idt_entry_write(uint32_t vector, uint64_t low, uint64_t high)
{
    /* VMI-CPU-022 */
    uint64_t base, gate[2];
    uint16_t limit;

    if (vector > VMI_VECTOR_MAX)
        return VMI_EINVAL;
    gate[0] = low;
    gate[1] = high;
    vmi_x86_sidt(&base, &limit);
    return table_store(base, limit, (uint64_t)vector * 16, gate, 2);
}

/* The loaded LDT's base and byte limit, from its GDT descriptor. */
static vmi_status_t ldt_find(uint64_t *base, uint32_t *limit)
{
    uint16_t sel = vmi_x86_sldt();
    const volatile uint64_t *d = (sel & ~3u) ? sys_desc(sel) : 0;
    uint64_t lo, hi;

    if (!sys_desc_is(d, DESC_TYPE_LDT))
        return VMI_EINVAL;
    lo = d[0];
    hi = d[1];
    *base = ((lo >> 16) & 0xffffff) | ((lo >> 56) & 0xff) << 24 | (hi & 0xffffffffu) << 32;
    *limit = (uint32_t)(lo & 0xffff) | (uint32_t)((lo >> 48) & 0xf) << 16;
    if ((lo >> 55) & 1)
        *limit = *limit << 12 | 0xfff;
    return VMI_OK;
}

vmi_status_t vmi__native_ldt_entry_write(uint32_t index, uint64_t value)
{
    /* VMI-CPU-023: a null LDT has no entries. */
    uint64_t base;
    uint32_t limit;
    vmi_status_t st = ldt_find(&base, &limit);

    if (st != VMI_OK)
        return st;
    return table_store(base, limit, (uint64_t)index * 8, &value, 1);
}
