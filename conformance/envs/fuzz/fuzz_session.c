/* libFuzzer entry point: a boot's record stream into per-trace outcomes, on any console bytes. */
#include <stdlib.h>
#include "vmi-envs/session.h"

#define TRACES 6u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Besides not crashing: every outcome is one of the list, every kept
 * observation has at most the values a record can carry, and the boot
 * never points past its range. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct vmi_env_boot b;
    struct vmi_env_session s;
    size_t split = size ? data[0] % (size + 1) : 0, k;
    uint32_t i;

    if (vmi_env_session_init(&s, TRACES) != 0)
        return 0;
    vmi_env_boot_init(&b, &s, 1, TRACES);
    vmi_env_boot_feed(&b, data, split);
    vmi_env_boot_feed(&b, data + split, size - split);
    vmi_env_boot_finish(&b);
    if (b.next > TRACES || (b.current >= 0 && (uint32_t)b.current >= TRACES))
        abort();
    for (i = 0; i < TRACES; i++) {
        if (s.traces[i].outcome > VMI_ENV_DAMAGED || (i == 0 && s.traces[i].outcome))
            abort();
        for (k = 0; k < s.traces[i].obs_count; k++)
            if (s.traces[i].obs[k].value_count > VMI_EXEC_VALUES_MAX)
                abort();
    }
    vmi_env_session_free(&s);
    return 0;
}
