/* The local APIC on KVM: PV EOI, and IPIs to sets of CPUs in one hypercall per 128 APIC IDs. */
#include "kvm_internal.h"

__extension__ typedef unsigned __int128 u128;

vmi_status_t vmi__kvm_apic_eoi(void)
{
    /* VMI-APIC-006.  When KVM injected the interrupt with the pending bit
     * set, clearing it in one atomic instruction is the EOI: KVM sees it
     * at the next exit.  Otherwise (or on a CPU the guest never named,
     * whose word is unknown) the EOI write is needed. */
    uint32_t self = vmi__native_cpu_self();

    if (self < VMI_NATIVE_CPU_MAX &&
        (__atomic_fetch_and(&vmi__kvm_cpu[self].eoi, ~KVM_PV_EOI_PENDING, __ATOMIC_ACQ_REL) &
         KVM_PV_EOI_PENDING))
        return VMI_OK;
    return vmi__native_apic_eoi();
}

/* APIC IDs gathered into KVM_HC_SEND_IPI's window: bit n is min + n. */
struct ipi_batch {
    u128 bits;
    uint32_t min, max, vector;
};

/* One hypercall for the batch.  If KVM refuses it (an error is negative)
 * each CPU of the batch gets the native IPI, so no interrupt is lost. */
static void batch_send(struct ipi_batch *b)
{
    uint32_t n;
    int64_t ret;

    if (!b->bits)
        return;
    ret = vmi__kvm_hypercall(KVM_HC_SEND_IPI, (uint64_t)b->bits, (uint64_t)(b->bits >> 64),
                             b->min, b->vector);
    if (ret < 0)
        for (n = 0; n < KVM_IPI_CLUSTER; n++)
            if ((b->bits >> n) & 1u)
                vmi__native_icr_send(b->min + n, b->vector);
    b->bits = 0;
}

/* Linux's grouping: the window slides down when an ID below it still
 * fits with the highest one, and a batch that cannot take the ID is sent
 * and a new one started. */
static void batch_add(struct ipi_batch *b, uint32_t apic_id)
{
    if (!b->bits) {
        b->min = b->max = apic_id;
    } else if (apic_id < b->min && b->max - apic_id < KVM_IPI_CLUSTER) {
        b->bits <<= b->min - apic_id;
        b->min = apic_id;
    } else if (apic_id >= b->min && apic_id - b->min < KVM_IPI_CLUSTER) {
        b->max = apic_id > b->max ? apic_id : b->max;
    } else {
        batch_send(b);
        b->min = b->max = apic_id;
    }
    b->bits |= (u128)1 << (apic_id - b->min);
}

static int vector_valid(uint32_t vector)
{
    return vector >= VMI_VECTOR_MIN && vector <= VMI_VECTOR_MAX;
}

vmi_status_t vmi__kvm_ipi_send_mask(uint32_t cpu_base, uint64_t cpu_mask, uint32_t vector)
{
    /* VMI-APIC-009: every named CPU is checked before anything is sent.
     * The ICR argument is fixed delivery of `vector`. */
    struct ipi_batch b = {0, 0, 0, 0};
    uint32_t i;

    if (!vector_valid(vector) || !vmi__native_cpus_valid(cpu_base, cpu_mask))
        return VMI_EINVAL;
    b.vector = vector;
    for (i = 0; i < VMI_CPU_MASK_BITS; i++)
        if (cpu_mask >> i & 1u)
            batch_add(&b, vmi__native.cpu[cpu_base + i].apic_id);
    batch_send(&b);
    return VMI_OK;
}

vmi_status_t vmi__kvm_ipi_send_allbutself(uint32_t vector)
{
    /* VMI-APIC-010: the online CPUs but the caller, as native sends. */
    struct ipi_batch b = {0, 0, 0, 0};
    uint32_t i, self = vmi__native_cpu_self();

    if (!vector_valid(vector))
        return VMI_EINVAL;
    b.vector = vector;
    for (i = 0; i < vmi__native.ncpus; i++)
        if (i != self && vmi__native.cpu[i].online)
            batch_add(&b, vmi__native.cpu[i].apic_id);
    batch_send(&b);
    return VMI_OK;
}
