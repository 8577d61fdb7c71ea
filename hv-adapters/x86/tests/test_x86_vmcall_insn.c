/* The real VMCALL and VMMCALL wrappers assemble to the vendors' opcodes (never executed). */
#include <cunit_harness.h>
#include <vmi-x86/x86.h>

int64_t vmi_test_vmcall(uint64_t a0);
int64_t vmi_test_vmmcall(uint64_t a0);

__attribute__((noinline)) int64_t vmi_test_vmcall(uint64_t a0)
{
    return vmi_x86_vmcall(10, a0, 1, 2, 3);
}

__attribute__((noinline)) int64_t vmi_test_vmmcall(uint64_t a0)
{
    return vmi_x86_vmmcall(10, a0, 1, 2, 3);
}

/* Whether the first 512 bytes from fn hold the three opcode bytes: room
 * for what an unoptimised, sanitised build puts before the instruction
 * (the hypercall count's atomic increment and its shadow checks). */
static int code_has(const void *fn, uint8_t b0, uint8_t b1, uint8_t b2)
{
    const uint8_t *p = (const uint8_t *)fn;
    int i;

    for (i = 0; i < 510; i++)
        if (p[i] == b0 && p[i + 1] == b1 && p[i + 2] == b2)
            return 1;
    return 0;
}

static void vmcall_is_0f01c1(void)
{
    CU_ASSERT(code_has((const void *)(uintptr_t)vmi_test_vmcall, 0x0f, 0x01, 0xc1));
}

static void vmmcall_is_0f01d9(void)
{
    CU_ASSERT(code_has((const void *)(uintptr_t)vmi_test_vmmcall, 0x0f, 0x01, 0xd9));
}

static const struct vmi_test_case cases[] = {
    {"vmcall_is_0f01c1", vmcall_is_0f01c1},
    {"vmmcall_is_0f01d9", vmmcall_is_0f01d9},
};

VMI_TEST_MAIN("x86_vmcall_insn", cases)
