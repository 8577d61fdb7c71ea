/* The guest's short names for the port I/O and register reads it needs, over the one x86 layer. */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stdint.h>
#include "vmi-x86/x86.h"

static inline void outb(uint16_t port, uint8_t v)
{
    vmi_x86_outb(port, v);
}

static inline void outl(uint16_t port, uint32_t v)
{
    vmi_x86_out(port, 4, v);
}

static inline uint8_t inb(uint16_t port)
{
    return vmi_x86_inb(port);
}

static inline uint64_t rdmsr(uint32_t msr)
{
    return vmi_x86_rdmsr(msr);
}

static inline uint64_t read_cr0(void)
{
    return vmi_x86_cr_read(0);
}

static inline uint64_t read_cr2(void)
{
    return vmi_x86_cr_read(2);
}

static inline uint64_t read_cr4(void)
{
    return vmi_x86_cr_read(4);
}

static inline void halt_forever(void) __attribute__((noreturn));

static inline void halt_forever(void)
{
    for (;;) {
        vmi_x86_cli();
        vmi_x86_hlt();
    }
}

#define MSR_EFER 0xc0000080u

#endif /* GUEST_IO_H */
