/* The real hypercall-page wrapper counts each call it makes, run against stubs on the host. */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <cunit_harness.h>
#include <vmi-x86/x86.h>

/* "mov $imm32, %eax; ret": a stub that answers like a hypervisor would. */
static void stub_put(uint8_t *page, uint32_t nr, uint32_t answer)
{
    uint8_t *s = page + nr * VMI_X86_HYPERCALL_STUB_SIZE;

    s[0] = 0xb8;
    memcpy(s + 1, &answer, 4);
    s[5] = 0xc3;
}

static void page_call_counts_once(void)
{
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t before;

    CU_ASSERT_FATAL(page != MAP_FAILED);
    stub_put(page, 0, 7);
    stub_put(page, 3, 42);
    CU_ASSERT_FATAL(mprotect(page, 4096, PROT_READ | PROT_EXEC) == 0);
    before = vmi_x86_hypercall_count();
    VMI_ASSERT_EQ(vmi_x86_hypercall_page(page, 3, 1, 2, 3, 4, 5), 42);
    VMI_ASSERT_EQ(vmi_x86_hypercall_count() - before, 1);
    VMI_ASSERT_EQ(vmi_x86_hypercall_page(page, 0, 0, 0, 0, 0, 0), 7);
    VMI_ASSERT_EQ(vmi_x86_hypercall_count() - before, 2);
    munmap(page, 4096);
}

static const struct vmi_test_case cases[] = {
    {"page_call_counts_once", page_call_counts_once},
};

VMI_TEST_MAIN("x86_hypercall_count", cases)
