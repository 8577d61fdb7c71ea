/* A guest's use of the API, compiled freestanding: its call sites must land in vmi_callsites. */
#include <vmi-stubs/stubs.h>

int vmi_guest_use(void);
int vmi_guest_use(void)
{
    uint64_t cr3 = 0, flags = 0;
    uint32_t cpu = 0;

    if (vmi_init("vmi.adapter=native") != VMI_OK)
        return -1;
    vmi_irq_save(&flags);
    vmi_cr_read(VMI_CR3, &cr3);
    vmi_cpu_id_get(&cpu);
    vmi_irq_restore(flags);
    return vmi_console_write("ok\n", 3) == VMI_OK && vmi_callsite_count() >= 4 ? 0 : 1;
}
