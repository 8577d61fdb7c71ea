/* vmi_init(): detect, probe every registered adapter, bind the best, publish the ops table. */
#include <vmi-stubs/register.h>
#include <vmi-stubs/stubs.h>
#include "stubs_internal.h"

#define CANDIDATES_MAX 32u

/* Weak, so a guest that links no adapter still links (and binds none). */
extern const struct vmi_adapter *const __start_vmi_adapters[] __attribute__((weak));
extern const struct vmi_adapter *const __stop_vmi_adapters[] __attribute__((weak));

static struct vmi_hv_info hv;
static const struct vmi_adapter *bound;

const struct vmi_hv_info *vmi_hv(void)
{
    return &hv;
}

const struct vmi_adapter *vmi_adapter_bound(void)
{
    return bound;
}

/* An adapter the stubs can use at all: a descriptor as large as the one
 * they know, an ops table, and the guest's ABI major. */
static int adapter_usable(const struct vmi_adapter *a)
{
    return a && a->size >= sizeof(struct vmi_adapter) && a->ops && a->name &&
           vmi_abi_compatible(VMI_ABI_VERSION, a->abi_version);
}

static int offers(const struct vmi_adapter *a, int32_t feature)
{
    uint32_t g = VMI_FEATURE_GROUP((uint32_t)feature);

    return g < 16 && (a->features[g] & VMI_FEATURE_MASK((uint32_t)feature)) != 0;
}

/* Slot by slot (no struct copy, so no memcpy call in a freestanding
 * guest): the adapter's function when it has one and offers its feature. */
static void publish(const struct vmi_adapter *a)
{
#define VMI__PUBLISH(num, group, name, ret, attrs, feat, n, params)          \
    vmi_ops.name = a && a->ops->name && offers(a, (int32_t)(feat))           \
                       ? a->ops->name : vmi__stubs_enotsup.name;
    VMI_CALL_LIST(VMI__PUBLISH)
#undef VMI__PUBLISH
    bound = a;
}

static vmi_status_t adapter_start(const struct vmi_adapter *a)
{
    vmi_status_t st = a->init ? a->init() : VMI_OK;

    if (st == VMI_OK)
        publish(a);
    return st;
}

static vmi_status_t bind_forced(const char *name, size_t len)
{
    const struct vmi_adapter *const *p;

    for (p = __start_vmi_adapters; p && p < __stop_vmi_adapters; p++)
        if (*p && (*p)->name && vmi__stubs_name_is((*p)->name, name, len))
            return adapter_usable(*p) ? adapter_start(*p) : VMI_EINVAL;
    return VMI_EINVAL;
}

struct candidate {
    const struct vmi_adapter *a;
    uint32_t score;
};

/* Better: higher score, then the name that sorts first, so the choice does
 * not depend on link order. */
static int better(const struct candidate *x, const struct candidate *y)
{
    if (x->score != y->score)
        return x->score > y->score;
    return vmi__stubs_name_cmp(x->a->name, y->a->name) < 0;
}

/* The usable adapters that probe above 0, best first. */
static uint32_t candidates_collect(struct candidate *c)
{
    const struct vmi_adapter *const *p;
    uint32_t n = 0, i;

    for (p = __start_vmi_adapters; p && p < __stop_vmi_adapters && n < CANDIDATES_MAX; p++) {
        struct candidate cand;

        if (!adapter_usable(*p) || !(*p)->probe)
            continue;
        cand.a = *p;
        cand.score = (*p)->probe();
        if (cand.score == VMI_PROBE_NONE)
            continue;
        for (i = n++; i > 0 && better(&cand, &c[i - 1]); i--)
            c[i] = c[i - 1];
        c[i] = cand;
    }
    return n;
}

static vmi_status_t bind_best(void)
{
    struct candidate c[CANDIDATES_MAX];
    uint32_t n = candidates_collect(c), i;

    for (i = 0; i < n; i++)
        if (adapter_start(c[i].a) == VMI_OK)
            return VMI_OK;
    return VMI_ENOTSUP;
}

vmi_status_t vmi_init(const char *cmdline)
{
    size_t len = 0;
    const char *forced = vmi__stubs_cmdline_adapter(cmdline, &len);
    vmi_status_t st;

    publish(0);
    vmi_hv_detect(&hv);
    st = forced ? bind_forced(forced, len) : bind_best();
    if (st != VMI_OK)
        publish(0);
    return st;
}
