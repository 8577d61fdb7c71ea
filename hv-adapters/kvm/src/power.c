/* Shutdown, reboot and crash: this CPU's KVM registrations withdrawn, then native's way out. */
#include "kvm_internal.h"

#define EXIT_CODE_MAX 255u

/*
 * VMI-PWR-004.  A CPU can only write its own MSRs, so the calling CPU
 * withdraws its areas here and every other CPU withdrew its own in
 * cpu_stop; a CPU still running is parked by native with an INIT, and
 * KVM's vCPU reset on INIT drops its kvmclock, steal-time and PV EOI
 * registrations (kvm_vcpu_reset, kvm_lapic_reset).
 */

vmi_status_t vmi__kvm_shutdown(uint32_t code)
{
    /* VMI-PWR-001: an invalid code changes nothing. */
    if (code > EXIT_CODE_MAX)
        return VMI_EINVAL;
    vmi__kvm_self_down();
    return vmi__native_shutdown(code);
}

vmi_status_t vmi__kvm_reboot(void)
{
    /* VMI-PWR-002 */
    vmi__kvm_self_down();
    return vmi__native_reboot();
}

vmi_status_t vmi__kvm_crash(uint64_t reason)
{
    /* VMI-PWR-003 */
    vmi__kvm_self_down();
    return vmi__native_crash(reason);
}

vmi_status_t vmi__kvm_io_delay(void)
{
    /* VMI-IO-004: KVM_FEATURE_NOP_IO_DELAY says the device a delay waits
     * for is emulated and needs none. */
    return VMI_OK;
}
