/* The call-site records the vmi_<name>() wrappers leave in the `vmi_callsites` section. */
#include <vmi-stubs/stubs.h>

extern const struct vmi_callsite __start_vmi_callsites[] __attribute__((weak));
extern const struct vmi_callsite __stop_vmi_callsites[] __attribute__((weak));

uint32_t vmi_callsite_count(void)
{
    if (!__start_vmi_callsites)
        return 0;
    return (uint32_t)(__stop_vmi_callsites - __start_vmi_callsites);
}

const struct vmi_callsite *vmi_callsite_at(uint32_t i)
{
    return i < vmi_callsite_count() ? &__start_vmi_callsites[i] : 0;
}
