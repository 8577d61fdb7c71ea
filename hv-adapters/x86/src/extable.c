/* Searching the exception-fixup table the fault-safe wrappers fill. */
#include <vmi-x86/extable.h>

/* Weak, so that a guest with no fault-safe wrapper linked still links:
 * both symbols are then 0 and the table is empty. */
extern const struct vmi_x86_extable_entry __start_vmi_x86_extable[] __attribute__((weak));
extern const struct vmi_x86_extable_entry __stop_vmi_x86_extable[] __attribute__((weak));

const struct vmi_x86_extable_entry *
vmi_x86_extable_search(const struct vmi_x86_extable_entry *begin,
                       const struct vmi_x86_extable_entry *end, uint64_t rip)
{
    const struct vmi_x86_extable_entry *e;

    for (e = begin; e && e < end; e++)
        if (vmi_x86_extable_insn(e) == rip)
            return e;
    return 0;
}

uint64_t vmi_x86_extable_fixup(uint64_t rip)
{
    const struct vmi_x86_extable_entry *e =
        vmi_x86_extable_search(__start_vmi_x86_extable, __stop_vmi_x86_extable, rip);

    return e ? vmi_x86_extable_resume(e) : 0;
}
