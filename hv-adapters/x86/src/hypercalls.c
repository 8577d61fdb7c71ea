/* The hypercall count the x86 layer's wrappers keep (x86.h). */
#include <vmi-x86/x86.h>

uint64_t vmi_x86_hypercalls;
