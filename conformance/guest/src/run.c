/* The run: the bundle, the binding, IDENT, then the selected traces in bundle order. */
#include "run.h"

/* '*' any run of characters, '?' one; anything else matches itself. */
static int glob_match(const char *pat, const char *s)
{
    if (*pat == '\0')
        return *s == '\0';
    if (*pat == '*')
        return glob_match(pat + 1, s) || (*s != '\0' && glob_match(pat, s + 1));
    if (*s != '\0' && (*pat == '?' || *pat == *s))
        return glob_match(pat + 1, s + 1);
    return 0;
}

static int selected(const struct vmi_bundle *b, uint32_t index, const char *filter)
{
    struct vmi_bundle_trace_view t;

    if (filter[0] == '\0')
        return 1;
    /* A trace the decoder cannot describe is run, so its error is reported. */
    return vmi_bundle_trace_get(b, index, &t) != 0 || glob_match(filter, t.name);
}

/* The harness's own pieces, before anything can fault or interrupt. */
static void harness_init(const struct boot_info *boot)
{
    pages_init(boot);
    harness_save();
    window_init();
    irq_init();
}

uint32_t run_main(const struct boot_info *boot, const struct guest_args *args)
{
    struct vmi_bundle b;
    uint32_t crc = 0, index, ran = 0;

    harness_init(boot);
    if (bundle_find(boot, &b, &crc) != 0)
        return VMI_GUEST_EXIT_BAD_BUNDLE;
    if (binding_init(args) != 0)
        return VMI_GUEST_EXIT_NO_ADAPTER;
    ident_report(cpus_start(), crc);
    wait_init();
    stats_begin((args->flags & VMI_REC_ARG_MARKS) != 0);
    for (index = args->start; index < b.trace_count; index++) {
        if (args->count != 0 && ran >= args->count)
            break;
        if (!selected(&b, index, args->filter))
            continue;
        ran++;
        stats_trace();
        if (run_trace(&b, index))
            break;      /* a power call returned success: the machine is off */
    }
    stats_report();
    return VMI_GUEST_EXIT_OK;
}
