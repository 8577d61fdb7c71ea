/* The ops table: one function pointer per call, generated from the call list. */
#ifndef VMI_OPS_H
#define VMI_OPS_H

#include "calls.h"

/*
 * An adapter fills one of these.  Members appear in call-number order, so
 * the table only ever grows at its end and a slot's offset is stable:
 * slot N sits at N * sizeof(void *).  A slot an adapter leaves null means
 * "not supported"; the stubs answer such calls with VMI_ENOTSUP.
 */
struct vmi_ops {
#define VMI__OPS_SLOT(num, group, name, ret, attrs, feat, n, params) \
    ret (*name)(VMI_PARAMS(n, params));
    VMI_CALL_LIST(VMI__OPS_SLOT)
#undef VMI__OPS_SLOT
};

VMI_STATIC_ASSERT(sizeof(struct vmi_ops) == VMI_CALL_COUNT * sizeof(void *),
                  ops_one_slot_per_call);
#define VMI__OPS_OFFSET(num, group, name, ret, attrs, feat, n, params) \
    VMI_STATIC_ASSERT(offsetof(struct vmi_ops, name) == (num) * 8, ops_slot_##name);
VMI_CALL_LIST(VMI__OPS_OFFSET)
#undef VMI__OPS_OFFSET

#endif /* VMI_OPS_H */
