/* Port I/O and the I/O delay: the model has no devices behind its ports. */
#include "machine.h"

#define PORT_LAST 0xffffu

/* VMI-IO-003: width 1, 2 or 4, and the whole access within the port space. */
static int access_valid(uint32_t port, uint32_t width)
{
    return VMI_IO_WIDTH_VALID(width) && port <= PORT_LAST && port + width - 1 <= PORT_LAST;
}

static uint32_t width_mask(uint32_t width)
{
    return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
}

vmi_status_t vmi_ref_port_in(struct vmi_ref_cpu *self, uint32_t port, uint32_t width,
                             uint32_t *value)
{
    /* VMI-IO-001, VMI-IO-003, VMI-GEN-004.  An unclaimed port floats high,
     * so the model reads all ones; what a device answers is its own, and
     * only the zero extension is fixed: the allowed set is [0, all ones]. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IO_PORT);

    if (st == VMI_OK && (!access_valid(port, width) || !value))
        st = VMI_EINVAL;
    if (st == VMI_OK) {
        *value = width_mask(width);
        vmi__ref_allow_range(self->m, 2, 0, width_mask(width));
    }
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_port_out(struct vmi_ref_cpu *self, uint32_t port, uint32_t width,
                              uint32_t value)
{
    /* VMI-IO-002, VMI-IO-003: nothing listens, so the write has no effect. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_IO_PORT);

    if (st == VMI_OK && (!access_valid(port, width) || (value & ~width_mask(width))))
        st = VMI_EINVAL;
    return vmi__ref_leave(self, st);
}

vmi_status_t vmi_ref_io_delay(struct vmi_ref_cpu *self)
{
    /* VMI-IO-004: the call's own model time is the delay. */
    return vmi__ref_leave(self, vmi__ref_enter(self, VMI_FEAT_IO_DELAY));
}
