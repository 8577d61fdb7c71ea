/* One decoded record or error as one line of text, for logs and the boot test. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "records_print_internal.h"

/* Short names: every line of this file appends. */
#define put vmi__rec_put
#define put_text vmi__rec_put_text

void vmi__rec_put(struct vmi__rec_out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->len + 1 >= o->cap)
        return;
    va_start(ap, fmt);
    n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < o->cap - o->len ? (size_t)n : o->cap - o->len - 1;
}

/* Text fields are the guest's: quote them and escape what is not printable. */
void vmi__rec_put_text(struct vmi__rec_out *o, const char *key, const uint8_t *s, size_t n)
{
    size_t i;

    put(o, " %s=\"", key);
    for (i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            put(o, "\\%c", s[i]);
        else if (s[i] >= 0x20 && s[i] < 0x7f)
            put(o, "%c", s[i]);
        else
            put(o, "\\x%02x", s[i]);
    }
    put(o, "\"");
}

const char *vmi_rec_type_name(uint8_t type)
{
    switch (type) {
    case VMI_REC_HELLO: return "HELLO";
    case VMI_REC_LOG: return "LOG";
    case VMI_REC_BOOT: return "BOOT";
    case VMI_REC_CMDLINE: return "CMDLINE";
    case VMI_REC_MEMMAP: return "MEMMAP";
    case VMI_REC_MODULE: return "MODULE";
    case VMI_REC_ARGS: return "ARGS";
    case VMI_REC_FAULT: return "FAULT";
    case VMI_REC_CHECK: return "CHECK";
    case VMI_REC_END: return "END";
    case VMI_REC_IDENT: return "IDENT";
    case VMI_REC_TRACE_BEGIN: return "TRACE_BEGIN";
    case VMI_REC_ALLOC: return "ALLOC";
    case VMI_REC_OBS: return "OBS";
    case VMI_REC_TRACE_END: return "TRACE_END";
    case VMI_REC_TRACE_SKIP: return "TRACE_SKIP";
    case VMI_REC_BENCH: return "BENCH";
    case VMI_REC_MECH: return "MECH";
    case VMI_REC_STATS: return "STATS";
    default: return NULL;
    }
}

/* The smallest payload each type may have (its fixed fields). */
static size_t fixed_size(uint8_t type)
{
    switch (type) {
    case VMI_REC_HELLO: return VMI_REC_HELLO_FIXED;
    case VMI_REC_BOOT: return VMI_REC_BOOT_SIZE;
    case VMI_REC_MEMMAP: return VMI_REC_MEMMAP_SIZE;
    case VMI_REC_MODULE: return VMI_REC_MODULE_FIXED;
    case VMI_REC_ARGS: return VMI_REC_ARGS_FIXED;
    case VMI_REC_FAULT: return VMI_REC_FAULT_SIZE;
    case VMI_REC_CHECK: return VMI_REC_CHECK_FIXED;
    case VMI_REC_END: return VMI_REC_END_SIZE;
    case VMI_REC_IDENT: return VMI_REC_IDENT_FIXED;
    case VMI_REC_TRACE_BEGIN: return VMI_REC_TRACE_BEGIN_SIZE;
    case VMI_REC_ALLOC: return VMI_REC_ALLOC_SIZE;
    case VMI_REC_OBS: return VMI_REC_OBS_FIXED;
    case VMI_REC_TRACE_END: return VMI_REC_TRACE_END_SIZE;
    case VMI_REC_TRACE_SKIP: return VMI_REC_TRACE_SKIP_MISSING;
    case VMI_REC_BENCH: return VMI_REC_BENCH_FIXED;
    case VMI_REC_MECH: return VMI_REC_MECH_FIXED;
    case VMI_REC_STATS: return VMI_REC_STATS_SIZE;
    default: return 0;
    }
}

static void put_boot(struct vmi__rec_out *o, const uint8_t *p)
{
    uint64_t efer = vmi_rec_get64(p + VMI_REC_BOOT_EFER);

    put(o, " magic=0x%08x version=%u flags=0x%x modules=%u memmap=%u start_info=0x%x",
        vmi_rec_get32(p + VMI_REC_BOOT_MAGIC), vmi_rec_get32(p + VMI_REC_BOOT_SI_VERSION),
        vmi_rec_get32(p + VMI_REC_BOOT_FLAGS), vmi_rec_get32(p + VMI_REC_BOOT_NR_MODULES),
        vmi_rec_get32(p + VMI_REC_BOOT_MEMMAP), vmi_rec_get32(p + VMI_REC_BOOT_START_INFO));
    put(o, " rsdp=0x%llx ram=0x%llx efer=0x%llx lma=%d cr0=0x%llx cr4=0x%llx",
        (unsigned long long)vmi_rec_get64(p + VMI_REC_BOOT_RSDP),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_BOOT_RAM), (unsigned long long)efer,
        (int)((efer >> 10) & 1), (unsigned long long)vmi_rec_get64(p + VMI_REC_BOOT_CR0),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_BOOT_CR4));
}

static void put_fault(struct vmi__rec_out *o, const uint8_t *p)
{
    uint32_t trace = vmi_rec_get32(p + VMI_REC_FAULT_TRACE);

    if (trace == VMI_REC_NO_TRACE)
        put(o, " trace=none");
    else
        put(o, " trace=%u", trace);
    put(o, " vector=%u fatal=%u cpu=%u error=0x%llx rip=0x%llx cr2=0x%llx rsp=0x%llx",
        p[VMI_REC_FAULT_VECTOR], p[VMI_REC_FAULT_FATAL], vmi_rec_get16(p + VMI_REC_FAULT_CPU),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_FAULT_ERROR),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_FAULT_RIP),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_FAULT_CR2),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_FAULT_RSP));
}

static void put_memmap(struct vmi__rec_out *o, const uint8_t *p)
{
    put(o, " index=%u type=%u addr=0x%llx size=0x%llx", vmi_rec_get32(p + VMI_REC_MEMMAP_INDEX),
        vmi_rec_get32(p + VMI_REC_MEMMAP_TYPE),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_MEMMAP_ADDR),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_MEMMAP_LEN));
}

static void put_module(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    put(o, " index=%u paddr=0x%llx size=0x%llx", vmi_rec_get32(p + VMI_REC_MODULE_INDEX),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_MODULE_PADDR),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_MODULE_LEN));
    put_text(o, "cmdline", p + VMI_REC_MODULE_FIXED, n - VMI_REC_MODULE_FIXED);
}

static void put_check(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    put_text(o, "name", p + VMI_REC_CHECK_FIXED, n - VMI_REC_CHECK_FIXED);
    put(o, " id=%u %s got=0x%llx want=0x%llx", vmi_rec_get32(p + VMI_REC_CHECK_ID),
        vmi_rec_get32(p + VMI_REC_CHECK_PASSED) == 1 ? "pass" : "FAIL",
        (unsigned long long)vmi_rec_get64(p + VMI_REC_CHECK_GOT),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_CHECK_WANT));
}

static void put_stats(struct vmi__rec_out *o, const uint8_t *p)
{
    put(o, " traces=%u calls=%llu hypercalls=%llu", vmi_rec_get32(p + VMI_REC_STATS_TRACES),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_STATS_CALLS),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_STATS_HYPERCALLS));
}

static void put_mech(struct vmi__rec_out *o, const uint8_t *p, size_t n)
{
    put(o, " info_size=%u hv_features=0x%llx", vmi_rec_get32(p + VMI_REC_MECH_INFO_SIZE),
        (unsigned long long)vmi_rec_get64(p + VMI_REC_MECH_HV_FEATURES));
    put_text(o, "mechanisms", p + VMI_REC_MECH_FIXED, n - VMI_REC_MECH_FIXED);
}

static void put_small(struct vmi__rec_out *o, uint8_t type, const uint8_t *p, size_t n)
{
    switch (type) {
    case VMI_REC_HELLO:
        put(o, " version=%u", vmi_rec_get16(p + VMI_REC_HELLO_VERSION));
        put_text(o, "name", p + VMI_REC_HELLO_FIXED, n - VMI_REC_HELLO_FIXED);
        break;
    case VMI_REC_ARGS:
        put(o, " flags=0x%x start=%u count=%u", vmi_rec_get32(p + VMI_REC_ARGS_FLAGS),
            vmi_rec_get32(p + VMI_REC_ARGS_START), vmi_rec_get32(p + VMI_REC_ARGS_COUNT));
        put_text(o, "text", p + VMI_REC_ARGS_FIXED, n - VMI_REC_ARGS_FIXED);
        break;
    case VMI_REC_END:
        put(o, " exit=0x%x records=%u passed=%u failed=%u", vmi_rec_get32(p + VMI_REC_END_EXIT),
            vmi_rec_get32(p + VMI_REC_END_RECORDS), vmi_rec_get32(p + VMI_REC_END_PASSED),
            vmi_rec_get32(p + VMI_REC_END_FAILED));
        break;
    default:    /* LOG, CMDLINE and types this decoder does not know: text */
        put_text(o, "text", p, n);
    }
}

static int put_record(struct vmi__rec_out *o, const struct vmi_rec_event *ev)
{
    if (ev->type >= VMI_REC_IDENT && ev->type <= VMI_REC_BENCH)
        return vmi__rec_put_exec(o, ev->type, ev->payload, ev->len);
    switch (ev->type) {
    case VMI_REC_BOOT: put_boot(o, ev->payload); break;
    case VMI_REC_FAULT: put_fault(o, ev->payload); break;
    case VMI_REC_MEMMAP: put_memmap(o, ev->payload); break;
    case VMI_REC_MODULE: put_module(o, ev->payload, ev->len); break;
    case VMI_REC_CHECK: put_check(o, ev->payload, ev->len); break;
    case VMI_REC_STATS: put_stats(o, ev->payload); break;
    case VMI_REC_MECH: put_mech(o, ev->payload, ev->len); break;
    default: put_small(o, ev->type, ev->payload, ev->len);
    }
    return 0;
}

int vmi_rec_format(const struct vmi_rec_event *ev, char *out, size_t cap)
{
    struct vmi__rec_out o = {out, cap, 0};
    const char *name = vmi_rec_type_name(ev->type);

    if (cap == 0)
        return 0;
    out[0] = '\0';
    if (ev->kind == VMI_REC_PREAMBLE) {
        put(&o, "@%llu PREAMBLE length=%llu", (unsigned long long)ev->offset,
            (unsigned long long)ev->length);
        return 0;
    }
    if (ev->kind == VMI_REC_ERROR) {
        put(&o, "@%llu ERROR %s length=%llu", (unsigned long long)ev->offset,
            vmi_rec_error_name(ev->error), (unsigned long long)ev->length);
        if (ev->error == VMI_REC_ESEQ)
            put(&o, " seq=%u expected=%u", ev->seq, ev->expected_seq);
        return 0;
    }
    put(&o, "@%llu #%u ", (unsigned long long)ev->offset, ev->seq);
    if (name)
        put(&o, "%s", name);
    else
        put(&o, "TYPE-0x%02x", ev->type);
    if (ev->len < fixed_size(ev->type)) {
        put(&o, " MALFORMED payload=%u bytes", ev->len);
        return -1;
    }
    return put_record(&o, ev);
}
