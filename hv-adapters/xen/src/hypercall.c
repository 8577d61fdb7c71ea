/* The hypercall page: installed through the MSR Xen names, then every hypercall goes through it. */
#include "xen_internal.h"

#define PAGE_MASK_LOW (VMI_PAGE_SIZE - 1u)

uint8_t vmi__xen_hypercall_page[VMI_PAGE_SIZE] __attribute__((aligned(VMI_PAGE_SIZE)));

/*
 * CPUID base+2 names the MSR and how many pages Xen fills (always 1 so
 * far).  The value written is the page's guest-physical address with the
 * page index, 0, in its low 12 bits; Xen then writes one stub per
 * hypercall into the page (mov $nr, %eax; vmcall or vmmcall; ret), so the
 * adapter never has to pick the vendor's instruction itself.  The write
 * also latches the 64-bit layout of the shared structures.
 */
int vmi__xen_hypercall_page_install(void)
{
    struct vmi_cpuid_regs r;
    uint64_t pa = vmi__native_phys(vmi__xen_hypercall_page);

    vmi_x86_cpuid(vmi__xen.base + XEN_LEAF_HYPERCALL, 0, &r);
    if (r.eax < 1 || r.ebx == 0 || (pa & PAGE_MASK_LOW))
        return -1;
    return vmi_x86_wrmsr_safe(r.ebx, pa);
}

int64_t vmi__xen_hc(uint32_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return vmi_x86_hypercall_page(vmi__xen_hypercall_page, nr, a1, a2, a3, 0, 0);
}
