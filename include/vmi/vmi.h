/* The whole VMI ABI: include this one header. */
#ifndef VMI_VMI_H
#define VMI_VMI_H

#include "version.h"
#include "status.h"
#include "features.h"
#include "types.h"
#include "calls.h"
#include "ops.h"
#include "adapter.h"

#endif /* VMI_VMI_H */
