/* Shutdown, reboot and crash: the machine's power state (VMI-PWR-001..004). */
#include "machine.h"

#define EXIT_CODE_MAX 255u

/*
 * VMI-PWR-004: nothing the guest registered may outlive it, so every
 * CPU's timer is disarmed.  VMI-GEN-011: these calls do not return on
 * hardware; the model returns VMI_OK and whoever drives it (the executor)
 * stops on the power state.
 */
static void power_set(struct vmi_ref_machine *m, enum vmi_ref_power state, uint64_t code)
{
    uint32_t i;

    for (i = 0; i < m->cfg.cpus; i++)
        m->cpus[i].timer_armed = 0;
    m->power = state;
    m->power_code = code;
}

vmi_status_t vmi_ref_shutdown(struct vmi_ref_cpu *self, uint32_t code)
{
    /* VMI-PWR-001, VMI-PWR-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_PWR_SHUTDOWN);

    if (st == VMI_OK && code > EXIT_CODE_MAX)
        st = VMI_EINVAL;
    if (st == VMI_OK)
        power_set(self->m, VMI_REF_POWER_OFF, code);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_reboot(struct vmi_ref_cpu *self)
{
    /* VMI-PWR-002, VMI-PWR-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_PWR_REBOOT);

    if (st == VMI_OK)
        power_set(self->m, VMI_REF_POWER_REBOOT, 0);
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_crash(struct vmi_ref_cpu *self, uint64_t reason)
{
    /* VMI-PWR-003, VMI-PWR-004 */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_PWR_CRASH);

    if (st == VMI_OK)
        power_set(self->m, VMI_REF_POWER_CRASHED, reason);
    return vmi__ref_leave(self, st);
}

enum vmi_ref_power vmi_ref_power_state(const struct vmi_ref_machine *m, uint64_t *code)
{
    if (code)
        *code = m->power_code;
    return m->power;
}
