/* Name lookups for the parser, derived from the ABI's call, feature and status lists. */
#include <string.h>
#include "vmi/vmi.h"
#include "trace_internal.h"

static int name_eq(const char *want, const char *s, size_t len)
{
    return want != NULL && strlen(want) == len && memcmp(want, s, len) == 0;
}

int32_t vmi_trace_call_lookup(const char *name, size_t len)
{
    uint32_t call;

    for (call = 0; call < VMI_CALL_COUNT; call++)
        if (name_eq(vmi_call_name(call), name, len))
            return (int32_t)call;
    return -1;
}

int32_t vmi_trace_feature_lookup(const char *name, size_t len)
{
#define VMI__FEATURE_TRY(group, fname, bit, desc)                      \
    if (name_eq(#group "_" #fname, name, len))                         \
        return (int32_t)VMI_FEAT_##group##_##fname;
    VMI_FEATURE_LIST(VMI__FEATURE_TRY)
#undef VMI__FEATURE_TRY
    return -1;
}

int vmi_trace_status_lookup(const char *name, size_t len, int32_t *status)
{
    int32_t v;

    for (v = 0; v >= VMI_STATUS_MIN; v--)
        if (name_eq(vmi_status_name(v), name, len)) {
            *status = v;
            return 0;
        }
    return -1;
}

/* Parameter names and kinds per call, each list ended by a sentinel so
 * that a call without parameters still has a valid array. */
#define VMI__PARAM_ARRAYS(num, group, name, ret, attrs, feat, n, params) \
    static const char *const vmi__pnames_##name[] = {                     \
        VMI_PARAM_NAMES(n, params) VMI_PARAM_COMMA(n) NULL};              \
    static const uint8_t vmi__pkinds_##name[] = {                         \
        VMI_PARAM_KINDS(n, params) VMI_PARAM_COMMA(n) 0xffu};
VMI_CALL_LIST(VMI__PARAM_ARRAYS)
#undef VMI__PARAM_ARRAYS

struct vmi__params_row {
    const char *const *names;
    const uint8_t *kinds;
};

static const struct vmi__params_row vmi__params[VMI_CALL_COUNT] = {
#define VMI__PARAM_ROW(num, group, name, ret, attrs, feat, n, params) \
    [num] = {vmi__pnames_##name, vmi__pkinds_##name},
    VMI_CALL_LIST(VMI__PARAM_ROW)
#undef VMI__PARAM_ROW
};

/* `i` counts the call's IN and BUF parameters only, as a trace writes them. */
const char *vmi__call_param_name(uint32_t call, uint32_t i)
{
    const struct vmi__params_row *row;
    uint32_t k, seen = 0;

    if (call >= VMI_CALL_COUNT || vmi__params[call].names == NULL)
        return "?";
    row = &vmi__params[call];
    for (k = 0; row->names[k] != NULL; k++)
        if (row->kinds[k] != VMI_PARAM_OUT && seen++ == i)
            return row->names[k];
    return "?";
}
