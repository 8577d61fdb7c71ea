/* KVM hypercalls: VMCALL on Intel, VMMCALL on AMD and Hygon, chosen once by CPU vendor. */
#include "kvm_internal.h"

/* CPUID 0 vendor words (EBX, EDX, ECX) of the SVM vendors. */
#define AMD_EBX 0x68747541u    /* "Auth" */
#define AMD_EDX 0x69746e65u    /* "enti" */
#define AMD_ECX 0x444d4163u    /* "cAMD" */
#define HYGON_EBX 0x6f677948u  /* "Hygo" */
#define HYGON_EDX 0x6e65476eu  /* "nGen" */
#define HYGON_ECX 0x656e6975u  /* "uine" */

/* KVM may patch the other vendor's instruction, but a VMM can turn that
 * quirk off and make it #UD, so pick the right one as Linux does. */
void vmi__kvm_vendor_init(void)
{
    struct vmi_cpuid_regs r;

    vmi_x86_cpuid(0, 0, &r);
    vmi__kvm.amd = (r.ebx == AMD_EBX && r.edx == AMD_EDX && r.ecx == AMD_ECX) ||
                   (r.ebx == HYGON_EBX && r.edx == HYGON_EDX && r.ecx == HYGON_ECX);
}

int64_t vmi__kvm_hypercall(uint32_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return vmi__kvm.amd ? vmi_x86_vmmcall(nr, a0, a1, a2, a3)
                        : vmi_x86_vmcall(nr, a0, a1, a2, a3);
}
