/* Constants and argument structs shared across the VMI call boundary. */
#ifndef VMI_TYPES_H
#define VMI_TYPES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Static assertions that work in C99, C11 and C++: a negative array size
 * stops the build.  Every struct below has its size and offsets pinned.
 */
#define VMI__JOIN2(a, b) a##b
#define VMI__JOIN(a, b) VMI__JOIN2(a, b)
#define VMI_STATIC_ASSERT(cond, tag) \
    typedef char VMI__JOIN(vmi__static_assert_, tag)[(cond) ? 1 : -1]

/* The ABI is x86-64 only: pointers and longs are 64 bits wide. */
VMI_STATIC_ASSERT(sizeof(void *) == 8, pointer_is_64_bits);

/* cr_read / cr_write: which control register. */
enum vmi_cr {
    VMI_CR0 = 0,
    VMI_CR2 = 2,
    VMI_CR3 = 3,
    VMI_CR4 = 4,
    VMI_CR8 = 8
};

/* seg_base_read / seg_base_write: which segment base. */
enum vmi_seg {
    VMI_SEG_FS = 0,
    VMI_SEG_GS = 1,
    VMI_SEG_KERNEL_GS = 2
};

/* pte_set and friends: the level of the table an entry lives in. */
enum vmi_pt_level {
    VMI_PT_LEVEL_PT   = 1, /* entries map 4 KiB pages */
    VMI_PT_LEVEL_PD   = 2, /* entries map 2 MiB pages or point to a PT */
    VMI_PT_LEVEL_PDPT = 3, /* entries map 1 GiB pages or point to a PD */
    VMI_PT_LEVEL_PML4 = 4  /* entries point to a PDPT */
};

#define VMI_PT_ENTRIES 512u
#define VMI_PAGE_SIZE 4096u

/* Page-table entry bits the specification refers to by name. */
#define VMI_PTE_P   ((uint64_t)1 << 0)
#define VMI_PTE_RW  ((uint64_t)1 << 1)
#define VMI_PTE_US  ((uint64_t)1 << 2)
#define VMI_PTE_A   ((uint64_t)1 << 5)
#define VMI_PTE_D   ((uint64_t)1 << 6)
#define VMI_PTE_PS  ((uint64_t)1 << 7)
#define VMI_PTE_G   ((uint64_t)1 << 8)
#define VMI_PTE_NX  ((uint64_t)1 << 63)
#define VMI_PTE_ADDR_MASK ((uint64_t)0x000ffffffffff000)

/* irq_save / irq_restore: the interrupt flag inside a saved RFLAGS. */
#define VMI_RFLAGS_IF ((uint64_t)1 << 9)

/* dr_read / dr_write: valid debug register numbers are 0-3, 6 and 7. */
#define VMI_DR_VALID_MASK 0xcfu

/* apic_read / apic_write: registers by their xAPIC MMIO offset. */
enum vmi_apic_reg {
    VMI_APIC_ID      = 0x020,
    VMI_APIC_VERSION = 0x030,
    VMI_APIC_TPR     = 0x080,
    VMI_APIC_APR     = 0x090,
    VMI_APIC_PPR     = 0x0a0,
    VMI_APIC_EOI     = 0x0b0,
    VMI_APIC_LDR     = 0x0d0,
    VMI_APIC_DFR     = 0x0e0,
    VMI_APIC_SVR     = 0x0f0,
    VMI_APIC_ISR0    = 0x100, /* ISR0..7 at 0x100..0x170 */
    VMI_APIC_TMR0    = 0x180, /* TMR0..7 at 0x180..0x1f0 */
    VMI_APIC_IRR0    = 0x200, /* IRR0..7 at 0x200..0x270 */
    VMI_APIC_ESR     = 0x280,
    VMI_APIC_ICR_LO  = 0x300,
    VMI_APIC_ICR_HI  = 0x310,
    VMI_APIC_LVT_TIMER   = 0x320,
    VMI_APIC_LVT_THERMAL = 0x330,
    VMI_APIC_LVT_PMC     = 0x340,
    VMI_APIC_LVT_LINT0   = 0x350,
    VMI_APIC_LVT_LINT1   = 0x360,
    VMI_APIC_LVT_ERROR   = 0x370,
    VMI_APIC_TIMER_ICR   = 0x380,
    VMI_APIC_TIMER_CCR   = 0x390,
    VMI_APIC_TIMER_DCR   = 0x3e0
};

/* Lowest vector an IPI or timer may use; 0-15 are reserved by the CPU. */
#define VMI_VECTOR_MIN 16u
#define VMI_VECTOR_MAX 255u

/* port_in / port_out: access widths in bytes. */
#define VMI_IO_WIDTH_VALID(w) ((w) == 1u || (w) == 2u || (w) == 4u)

/* console_write: the most bytes one call accepts. */
#define VMI_CONSOLE_WRITE_MAX 4096u

/* tlb_flush_range: CPUs are named by a base and a 64-bit mask above it. */
#define VMI_CPU_MASK_BITS 64u

/* The most CPUs ABI 1.x can name. */
#define VMI_CPU_MAX 4096u

/* cpuid: the four output registers. */
struct vmi_cpuid_regs {
    uint32_t eax; /* OUT */
    uint32_t ebx; /* OUT */
    uint32_t ecx; /* OUT */
    uint32_t edx; /* OUT */
}; /* 16 bytes */
VMI_STATIC_ASSERT(sizeof(struct vmi_cpuid_regs) == 16, cpuid_regs_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_cpuid_regs, eax) == 0, cpuid_regs_eax);
VMI_STATIC_ASSERT(offsetof(struct vmi_cpuid_regs, ebx) == 4, cpuid_regs_ebx);
VMI_STATIC_ASSERT(offsetof(struct vmi_cpuid_regs, ecx) == 8, cpuid_regs_ecx);
VMI_STATIC_ASSERT(offsetof(struct vmi_cpuid_regs, edx) == 12, cpuid_regs_edx);

#define VMI_NAME_LEN 16u
#define VMI_SIGNATURE_LEN 12u

/*
 * adapter_info_get: who answers the calls.  The caller sets `size` to
 * sizeof(struct vmi_adapter_info) as it knows it; the adapter fills at
 * most that many bytes and sets `size` to what it filled, so the struct
 * can grow at its end in later minor versions.  VMI 1.0 ends at
 * hv_version (64 bytes); VMI 1.1 adds hv_features and mechanisms.
 */
#define VMI_ADAPTER_INFO_SIZE_1_0 64u
#define VMI_MECHANISMS_LEN 440u

struct vmi_adapter_info {
    uint32_t size;                        /* IN/OUT */
    uint32_t abi_version;                 /* OUT: ABI the adapter implements */
    uint32_t adapter_version;             /* OUT: the adapter's own version */
    uint32_t hv_base_leaf;                /* OUT: 0x400000xx leaf of the
                                                  hypervisor, 0 if none */
    char     name[VMI_NAME_LEN];          /* OUT: "native", "kvm", ... NUL-padded */
    char     vendor[VMI_NAME_LEN];        /* OUT: NUL-padded */
    char     hv_signature[VMI_SIGNATURE_LEN]; /* OUT: CPUID signature, raw */
    uint32_t hv_version;                  /* OUT: hypervisor version or 0 */
    /* VMI 1.1 */
    uint64_t hv_features;                 /* OUT: the hypervisor's own feature
                                                  bits the adapter enabled, in
                                                  the hypervisor's numbering */
    char     mechanisms[VMI_MECHANISMS_LEN]; /* OUT: "FEATURE=mechanism ..."
                                                  for each feature served through
                                                  the hypervisor; NUL-padded */
}; /* 512 bytes */
VMI_STATIC_ASSERT(sizeof(struct vmi_adapter_info) == 512, adapter_info_size);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, size) == 0, adapter_info_size_off);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, abi_version) == 4, adapter_info_abi);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, adapter_version) == 8, adapter_info_ver);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, hv_base_leaf) == 12, adapter_info_leaf);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, name) == 16, adapter_info_name);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, vendor) == 32, adapter_info_vendor);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, hv_signature) == 48, adapter_info_sig);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, hv_version) == 60, adapter_info_hvver);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, hv_features) == VMI_ADAPTER_INFO_SIZE_1_0,
                  adapter_info_1_0_end);
VMI_STATIC_ASSERT(offsetof(struct vmi_adapter_info, mechanisms) == 72, adapter_info_mech);

#endif /* VMI_TYPES_H */
