/* Binding: what the adapters must know of this guest, then vmi_init(). */
#include "run.h"
#include "smp.h"
#include "vmi-native/native.h"
#include "vmi-stubs/stubs.h"
#include "vmi-x86/x86.h"
#include "vmi-xen/xen.h"

static struct vmi_native_config native_cfg;
static struct vmi_xen_config xen_cfg;

/* The image, its pages and the trace pool are identity-mapped: the areas
 * the kvm and xen adapters hand their hypervisor (clock, steal time,
 * vcpu_info, shared_info) are at their own address. */
static uint64_t identity_phys(const void *va)
{
    return (uint64_t)(uintptr_t)va;
}

/* "vmi.adapter=" and a name that fits; the stubs see only this word, so
 * the guest's own words never reach them. */
static void forced_word(const struct guest_args *args, char *out, size_t cap)
{
    static const char key[] = "vmi.adapter=";
    size_t n = sizeof(key) - 1, i;

    out[0] = '\0';
    if (args->adapter[0] == '\0')
        return;
    memcpy(out, key, n);
    for (i = 0; args->adapter[i] != '\0' && n < cap - 1; i++)
        out[n++] = args->adapter[i];
    out[n] = '\0';
}

/*
 * The native adapter's TSC rate where it has no source of its own: under
 * Xen's PVH dom0 no PIT answers and no 0x40000010 leaf exists, and Xen
 * gives the guest TSC's rate in kHz in ECX of its leaf base+3, subleaf 0
 * (the xen adapter reads the same rate from its pvclock).  Elsewhere 0,
 * and the adapter goes on to the PIT.
 */
#define XEN_LEAF_TIME 3u
#define HZ_PER_KHZ 1000u

static uint64_t tsc_hz_from_xen(void)
{
    const struct vmi_hv_leaf *xen = vmi_hv_find("XenVMMXenVMM");
    struct vmi_cpuid_regs r;

    if (!xen || xen->max_leaf < xen->base_leaf + XEN_LEAF_TIME)
        return 0;
    vmi_x86_cpuid(xen->base_leaf + XEN_LEAF_TIME, 0, &r);
    return (uint64_t)r.ecx * HZ_PER_KHZ;
}

const struct vmi_native_config *binding_native_config(void)
{
    return &native_cfg;
}

int binding_init(const struct guest_args *args)
{
    char word[GUEST_ARG_ADAPTER_MAX + 16];
    vmi_status_t st;

    /* Adapter console bytes go to COM1 only: the debug port carries
     * nothing but records, so a trace's console_write cannot break a frame
     * a decoder reads from there. */
    native_cfg.phys_end = pages_phys_end();
    native_cfg.debug_exit_port = VMI_GUEST_DEBUG_EXIT_PORT;
    native_cfg.console = VMI_NATIVE_CON_COM1;
    native_cfg.shootdown_vector = IRQ_SHOOTDOWN_VECTOR;
    native_cfg.trampoline = smp_trampoline;
    native_cfg.virt_to_phys = identity_phys;
    native_cfg.calibrate_tsc = tsc_hz_from_xen;
    vmi_native_configure(&native_cfg);
    /* Xen delivers its events (the one-shot timer, kicks) on this vector;
     * kvm needs nothing more: its per-CPU areas are registered from the
     * native cpu-online hook the AP trampoline calls. */
    xen_cfg.upcall_vector = IRQ_XEN_UPCALL_VECTOR;
    vmi_xen_configure(&xen_cfg);
    forced_word(args, word, sizeof(word));
    st = vmi_init(word[0] ? word : NULL);
    if (st != VMI_OK || vmi_adapter_bound() == NULL) {
        rec_log(args->adapter[0] ? "vmi_init failed: the adapter named by adapter= did not bind"
                                 : "vmi_init failed: no adapter bound");
        return -1;
    }
    /* Under Xen an NMI doorbell can lose the AP, whichever adapter is
     * bound (smp_doorbell.c). */
    smp_doorbell_vector(guest_under_xen() ? IRQ_DOORBELL_VECTOR : 0);
    return 0;
}
