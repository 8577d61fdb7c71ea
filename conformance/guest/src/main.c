/* The guest's C entry: report the boot, run what the command line asks, exit. */
#include "guest.h"
#include "io.h"
#include "layout.h"
#include "run.h"
#include "bench.h"
#include "smp.h"
#include "vmi-stubs/stubs.h"

_Static_assert(GUEST_EXIT_NO_LM == VMI_GUEST_EXIT_NO_LM, "entry.S and records.h agree");
_Static_assert(GUEST_DEBUG_EXIT_PORT == VMI_GUEST_DEBUG_EXIT_PORT, "one exit port");

void guest_main(uint64_t start_info_pa);

static void hello(void)
{
    uint8_t p[64] = {0};

    vmi_rec_put16(p + VMI_REC_HELLO_VERSION, VMI_REC_FORMAT_VERSION);
    rec_emit(VMI_REC_HELLO, p, rec_text(p, VMI_REC_HELLO_FIXED, sizeof(p),
                                        "vmi-conformance-guest"));
}

void guest_exit(uint32_t code)
{
    uint8_t p[VMI_REC_END_SIZE];

    vmi_rec_put32(p + VMI_REC_END_EXIT, code);
    vmi_rec_put32(p + VMI_REC_END_RECORDS, rec_count());
    vmi_rec_put32(p + VMI_REC_END_PASSED, guest_checks.passed);
    vmi_rec_put32(p + VMI_REC_END_FAILED, guest_checks.failed);
    rec_emit(VMI_REC_END, p, sizeof(p));
    outl(VMI_GUEST_DEBUG_EXIT_PORT, code);
    /* Still here: no isa-debug-exit.  The bound adapter powers off as its
     * hypervisor knows how; without one (or if that fails too) the host's
     * watchdog ends the run. */
    if (vmi_adapter_bound() != NULL) {
        rec_log("isa-debug-exit absent: shutting down through the adapter");
        (void)vmi_shutdown(code);
    }
    rec_log("isa-debug-exit absent and no shutdown: halting");
    halt_forever();
}

void guest_main(uint64_t start_info_pa)
{
    struct boot_info boot;
    struct guest_args args;

    cpu_init();                 /* first: everything after may fault */
    console_init();
    hello();
    if (boot_parse(start_info_pa, &boot) != 0) {
        rec_log("no valid PVH start_info");
        guest_exit(VMI_GUEST_EXIT_BAD_BOOT);
    }
    boot_report(&boot);
    args_parse(boot.cmdline, &args);
    args_report(&args);
    if (args.flags & VMI_REC_ARG_BENCH)
        guest_exit(bench_main(&boot, &args));
    if (args.flags & VMI_REC_ARG_SELFTEST)
        selftest_run();
    if (args.flags & VMI_REC_ARG_PANIC)
        selftest_panic();
    if (args.flags & VMI_REC_ARG_SELFTEST)
        smp_selftest_run(&boot, &args);
    if (!(args.flags & VMI_REC_ARG_SELFTEST))
        guest_exit(run_main(&boot, &args));
    guest_exit(guest_checks.failed ? VMI_GUEST_EXIT_FAILED : VMI_GUEST_EXIT_OK);
}
