/* The reference model: a machine that gives every VMI call its meaning. */
#ifndef VMI_REF_REF_H
#define VMI_REF_REF_H

#include <stddef.h>
#include <stdint.h>
#include <vmi/vmi.h>

#define VMI_REF_MAX_CPUS 64u

/* What the modelled platform is and offers.  Start from the defaults. */
struct vmi_ref_config {
    uint32_t cpus;                       /* 1 .. VMI_REF_MAX_CPUS */
    uint64_t mem_bytes;                  /* guest-physical memory, a multiple of 4 KiB */
    uint64_t features[VMI_GROUP_COUNT];  /* what the platform offers, per group */
    uint64_t cr4_supported;              /* CR4 bits this CPU implements */
    uint64_t tsc_hz;
    uint64_t wallclock_boot_ns;          /* wallclock at model time 0 */
    uint64_t call_cost_ns;               /* model time each call takes */
    uint64_t steal_ns_per_call;          /* steal time added per call */
};

/* All features defined, 2 CPUs, 64 MiB, 2.5 GHz TSC, 2026-01-01 UTC. */
void vmi_ref_config_default(struct vmi_ref_config *cfg);

struct vmi_ref_machine;
struct vmi_ref_cpu;

/* A new machine in its reset state, or NULL for a bad config or no memory. */
struct vmi_ref_machine *vmi_ref_machine_new(const struct vmi_ref_config *cfg);
void vmi_ref_machine_free(struct vmi_ref_machine *m);
/* CPU `index`, or NULL when the machine has no such CPU. */
struct vmi_ref_cpu *vmi_ref_cpu(struct vmi_ref_machine *m, uint32_t index);
struct vmi_ref_machine *vmi_ref_cpu_machine(const struct vmi_ref_cpu *cpu);
uint32_t vmi_ref_cpu_index(const struct vmi_ref_cpu *cpu);

/*
 * One reference function per call, vmi_ref_<name>(self, arguments...),
 * generated from the call list: the call made on CPU `self`.
 */
#define VMI_REF__PROTO(num, group, name, ret, attrs, feat, n, params)     \
    ret vmi_ref_##name(struct vmi_ref_cpu *self VMI_PARAM_COMMA(n)          \
                       VMI_PARAM_DECLS(n, params));
VMI_CALL_LIST(VMI_REF__PROTO)

/*
 * Allowed outcomes.  Where hardware has freedom, the model does not pick
 * one answer: it states the set of answers a conforming adapter may give.
 */
enum vmi_ref_allowed_kind {
    VMI_REF_ALLOW_EXACT = 0,  /* one of v[0..count-1] */
    VMI_REF_ALLOW_RANGE = 1,  /* v[0] <= x <= v[1] */
    VMI_REF_ALLOW_ANY = 2     /* any value (platform-defined) */
};
#define VMI_REF_ALLOWED_MAX 8u
struct vmi_ref_allowed {
    uint32_t kind;
    uint32_t count;           /* EXACT: how many values */
    uint32_t fault;           /* non-zero: a fault (no value) is allowed too */
    uint32_t value_ok;        /* non-zero: some value is allowed */
    uint64_t v[VMI_REF_ALLOWED_MAX];
};
/* Non-zero when `observed` (or a fault, when `faulted`) is allowed. */
int vmi_ref_allowed_contains(const struct vmi_ref_allowed *a, uint64_t observed,
                             int faulted);
/* Writes a human-readable form ("{0x1, 0x2}", "[5, 9]", "any") into buf. */
size_t vmi_ref_allowed_format(const struct vmi_ref_allowed *a, char *buf, size_t len);

/*
 * After a call returns, the allowed set of each OUT parameter (by its
 * position in the parameter list).  The value the model stored is always
 * a member.  Struct OUT parameters (cpuid, adapter_info) are ANY.
 */
const struct vmi_ref_allowed *vmi_ref_last_allowed(const struct vmi_ref_machine *m,
                                                   uint32_t param);

/* ---- Probes: observe state without going through a call. ---- */

/* Track translations of the page holding va on every CPU (TLB freedom). */
vmi_status_t vmi_ref_va_track(struct vmi_ref_machine *m, uint64_t va);
/* Read `width` (1,2,4,8) bytes at va through cpu's translation: the set of
 * values (and whether a page fault) the hardware may give. */
vmi_status_t vmi_ref_probe_read(struct vmi_ref_cpu *cpu, uint64_t va, uint32_t width,
                                struct vmi_ref_allowed *out);
/* Physical memory as the harness sees it (no translation, no lazy freedom). */
vmi_status_t vmi_ref_phys_read(const struct vmi_ref_machine *m, uint64_t pa,
                               void *buf, uint32_t len);
vmi_status_t vmi_ref_phys_write(struct vmi_ref_machine *m, uint64_t pa,
                                const void *buf, uint32_t len);
/* The 8-byte word at pa as an observer may see it (old or new while a lazy
 * MMU update is deferred). */
vmi_status_t vmi_ref_probe_phys64(const struct vmi_ref_machine *m, uint64_t pa,
                                  struct vmi_ref_allowed *out);
/* Interrupts of `vector` delivered to cpu so far. */
uint64_t vmi_ref_irq_count(const struct vmi_ref_cpu *cpu, uint32_t vector);
/* Non-zero when cpu's interrupt flag is set. */
int vmi_ref_irq_enabled(const struct vmi_ref_cpu *cpu);
/* Non-zero when cpu is online (started and not stopped). */
int vmi_ref_cpu_online(const struct vmi_ref_cpu *cpu);
/* Non-zero when cpu is halted. */
int vmi_ref_cpu_halted(const struct vmi_ref_cpu *cpu);
/* The console bytes written so far. */
const char *vmi_ref_console(const struct vmi_ref_machine *m, size_t *len);

enum vmi_ref_power {
    VMI_REF_POWER_ON = 0,
    VMI_REF_POWER_OFF = 1,      /* after shutdown: code holds the exit code */
    VMI_REF_POWER_REBOOT = 2,
    VMI_REF_POWER_CRASHED = 3   /* code holds the reason */
};
enum vmi_ref_power vmi_ref_power_state(const struct vmi_ref_machine *m, uint64_t *code);

/* Model time in ns. */
uint64_t vmi_ref_now(const struct vmi_ref_machine *m);
/* Advance model time (a probe's "wait"), delivering what falls due. */
void vmi_ref_advance(struct vmi_ref_machine *m, uint64_t ns);

/*
 * The model as an adapter: vmi_ref_ops forwards every call to the CPU
 * bound on this thread with vmi_ref_bind(), so code written against the
 * ops table (the conformance executor) runs unchanged on the model.
 * vmi_ref_adapter describes it.  Its feature bitmaps are left empty on
 * purpose: what the model offers is each machine's config, which
 * features_get on the bound CPU reports.
 */
extern const struct vmi_ops vmi_ref_ops;
extern const struct vmi_adapter vmi_ref_adapter;
void vmi_ref_bind(struct vmi_ref_cpu *cpu);
struct vmi_ref_cpu *vmi_ref_bound(void);

/* A 64-bit digest of the whole guest-visible state, for determinism checks. */
uint64_t vmi_ref_machine_digest(const struct vmi_ref_machine *m);

/*
 * ---- The harness: what the conformance `ref` environment does outside calls. ----
 * A guest harness reads control registers and memory with instructions and
 * owns the page tables it boots with; these give the runner the same reach
 * into the model, without a call (no feature check, no model time).
 */
/* Control register `cr` as MOV reads it: the model's value in *value, and in
 * *out what hardware may show (ANY for CR0/2/3/4 the guest never set, as
 * cr_read answers).  VMI_EINVAL for a register MOV cannot read (#UD). */
vmi_status_t vmi_ref_probe_cr(const struct vmi_ref_cpu *cpu, uint32_t cr, uint64_t *value,
                              struct vmi_ref_allowed *out);
/* Loads CR3 as the harness (firmware) does before a trace: not a guest
 * write, so reads stay ANY; translations are refreshed as for a write. */
vmi_status_t vmi_ref_harness_cr3(struct vmi_ref_cpu *cpu, uint64_t cr3);
/* Brings cpu online as the harness's own SMP bring-up does before a
 * trace (not a cpu_start call): interrupts off, not halted, an empty TLB,
 * the registers it was reset with.  VMI_EBUSY when it is online already. */
vmi_status_t vmi_ref_harness_cpu_online(struct vmi_ref_cpu *cpu);
/* The load the model itself performs at va now, through cpu's current page
 * tables (a member of vmi_ref_probe_read's set): VMI_OK with *value,
 * VMI_EFAULT when the walk finds no mapping, VMI_EINVAL for a bad width,
 * a non-canonical va or a read crossing the page. */
vmi_status_t vmi_ref_read_now(const struct vmi_ref_cpu *cpu, uint64_t va, uint32_t width,
                              uint64_t *value);
/* The harness's wait: advances model time by ns with cpu's interrupt flag
 * set, so what is pending is delivered, then restores the flag. */
void vmi_ref_wait(struct vmi_ref_cpu *cpu, uint64_t ns);

#endif /* VMI_REF_REF_H */
