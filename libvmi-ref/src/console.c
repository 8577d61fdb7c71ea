/* The console: bytes the guest wrote, kept in order (VMI-CON-001..003). */
#include <stdlib.h>
#include <string.h>
#include "machine.h"

#define CONSOLE_CHUNK 256u

/* The buffer size for len stored bytes: the next power of two from 256 up,
 * so capacity follows from the length and needs no field of its own. */
static size_t console_capacity(size_t len)
{
    size_t cap = CONSOLE_CHUNK;

    if (len == 0)
        return 0;
    while (cap < len)
        cap *= 2;
    return cap;
}

/* Keeps what fits under VMI__REF_CONSOLE_MAX and counts the rest; on
 * VMI_ENOMEM nothing has changed. */
static vmi_status_t console_append(struct vmi_ref_machine *m, const char *buf, uint32_t len)
{
    size_t keep = VMI__REF_CONSOLE_MAX - m->console_len;
    size_t cap = console_capacity(m->console_len);

    if (keep > len)
        keep = len;
    if (m->console_len + keep > cap) {
        char *grown = realloc(m->console, console_capacity(m->console_len + keep));

        if (!grown)
            return VMI_ENOMEM;
        m->console = grown;
    }
    if (keep)
        memcpy(m->console + m->console_len, buf, keep);
    m->console_len += keep;
    m->console_total += len;
    return VMI_OK;
}

vmi_status_t vmi_ref_console_write(struct vmi_ref_cpu *self, const char *buf, uint32_t len)
{
    /* VMI-CON-001, VMI-CON-002; VMI-CON-003 holds because one call appends
     * all its bytes before any other call runs. */
    vmi_status_t st = vmi__ref_enter(self, VMI_FEAT_CON_WRITE);

    if (st == VMI_OK && (len > VMI_CONSOLE_WRITE_MAX || (!buf && len)))
        st = VMI_EINVAL;
    if (st == VMI_OK && len)
        st = console_append(self->m, buf, len);
    return vmi__ref_leave(self, st);
}

const char *vmi_ref_console(const struct vmi_ref_machine *m, size_t *len)
{
    if (len)
        *len = m->console_len;
    return m->console ? m->console : "";
}
