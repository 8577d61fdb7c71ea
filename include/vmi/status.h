/* The one status type every VMI call returns, and its names. */
#ifndef VMI_STATUS_H
#define VMI_STATUS_H

#include <stdint.h>

/*
 * Every VMI call returns a vmi_status_t: zero for success, a negative
 * value for an error.  The list is written once here; the enum and the
 * name table below are derived from it.  Values are part of the ABI and
 * are never reused.
 *
 *   X(NAME, value, "short description")
 */
#define VMI_STATUS_LIST(X)                                                   \
    X(OK,       0, "success")                                                \
    X(EINVAL,  -1, "invalid argument")                                       \
    X(ENOTSUP, -2, "not supported by this adapter or hypervisor")            \
    X(EFAULT,  -3, "the operation faulted; the fault was contained")         \
    X(EBUSY,   -4, "busy: the resource is in use, retry later")              \
    X(ENOMEM,  -5, "out of memory or out of a bounded resource")

typedef int32_t vmi_status_t;

enum vmi_status_code {
#define VMI__STATUS_ENUM(name, value, desc) VMI_##name = (value),
    VMI_STATUS_LIST(VMI__STATUS_ENUM)
#undef VMI__STATUS_ENUM
    VMI_STATUS_MIN = -5
};

/* Returns the constant's name ("VMI_EINVAL"), or 0 for an unknown value. */
static inline const char *vmi_status_name(vmi_status_t status)
{
    switch (status) {
#define VMI__STATUS_NAME(name, value, desc) case (value): return "VMI_" #name;
    VMI_STATUS_LIST(VMI__STATUS_NAME)
#undef VMI__STATUS_NAME
    default: return 0;
    }
}

/* Returns the one-line description, or 0 for an unknown value. */
static inline const char *vmi_strerror(vmi_status_t status)
{
    switch (status) {
#define VMI__STATUS_DESC(name, value, desc) case (value): return desc;
    VMI_STATUS_LIST(VMI__STATUS_DESC)
#undef VMI__STATUS_DESC
    default: return 0;
    }
}

#endif /* VMI_STATUS_H */
