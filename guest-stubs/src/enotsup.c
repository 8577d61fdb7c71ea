/* One VMI_ENOTSUP answer per call, with the call's own signature, for empty ops slots. */
#include <vmi/api.h>
#include "stubs_internal.h"

/* The answers ignore their arguments by definition. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#define VMI__ENOTSUP_FN(num, group, name, ret, attrs, feat, n, params) \
    static ret vmi__enotsup_##name(VMI_PARAMS(n, params))             \
    {                                                                  \
        return VMI_ENOTSUP;                                            \
    }
VMI_CALL_LIST(VMI__ENOTSUP_FN)
#undef VMI__ENOTSUP_FN

const struct vmi_ops vmi__stubs_enotsup = {
#define VMI__ENOTSUP_SLOT(num, group, name, ret, attrs, feat, n, params) \
    .name = vmi__enotsup_##name,
    VMI_CALL_LIST(VMI__ENOTSUP_SLOT)
#undef VMI__ENOTSUP_SLOT
};

/* Before vmi_init() every call answers VMI_ENOTSUP. */
struct vmi_ops vmi_ops = {
#define VMI__ENOTSUP_SLOT(num, group, name, ret, attrs, feat, n, params) \
    .name = vmi__enotsup_##name,
    VMI_CALL_LIST(VMI__ENOTSUP_SLOT)
#undef VMI__ENOTSUP_SLOT
};
