/* Port I/O, the I/O delay and the console: debug port 0xe9 and COM1 (VMI-IO-001..004, VMI-CON-001..003). */
#include "native_internal.h"

#define PORT_LAST 0xffffu
#define PORT_DELAY 0x80u
#define PORT_E9 0xe9u
#define COM1 0x3f8u
#define UART_LSR_THRE 0x20u
#define UART_WAIT_MAX 100000u

void *vmi__native_virt(uint64_t pa)
{
    if (vmi__native.cfg.phys_to_virt)
        return vmi__native.cfg.phys_to_virt(pa);
    return (void *)(uintptr_t)pa;
}

uint64_t vmi__native_phys(const void *va)
{
    if (vmi__native.cfg.virt_to_phys)
        return vmi__native.cfg.virt_to_phys(va);
    return (uint64_t)(uintptr_t)va;
}

void vmi__native_lock(volatile uint32_t *lock)
{
    while (__atomic_exchange_n(lock, 1u, __ATOMIC_ACQUIRE))
        vmi_x86_pause();
}

void vmi__native_unlock(volatile uint32_t *lock)
{
    __atomic_store_n(lock, 0u, __ATOMIC_RELEASE);
}

/* VMI-IO-003: width 1, 2 or 4, and the whole access within the port space. */
static int access_valid(uint32_t port, uint32_t width)
{
    return VMI_IO_WIDTH_VALID(width) && port <= PORT_LAST && port + width - 1 <= PORT_LAST;
}

static uint32_t width_mask(uint32_t width)
{
    return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
}

vmi_status_t vmi__native_port_in(uint32_t port, uint32_t width, uint32_t *value)
{
    /* VMI-IO-001 */
    if (!access_valid(port, width) || !value)
        return VMI_EINVAL;
    *value = vmi_x86_in((uint16_t)port, width) & width_mask(width);
    return VMI_OK;
}

vmi_status_t vmi__native_port_out(uint32_t port, uint32_t width, uint32_t value)
{
    /* VMI-IO-002, VMI-IO-003 */
    if (!access_valid(port, width) || (value & ~width_mask(width)))
        return VMI_EINVAL;
    vmi_x86_out((uint16_t)port, width, value);
    return VMI_OK;
}

vmi_status_t vmi__native_io_delay(void)
{
    /* VMI-IO-004: the classic delay is one write to the POST port. */
    vmi_x86_outb(PORT_DELAY, 0);
    return VMI_OK;
}

void vmi__native_console_init(void)
{
    if (!(vmi__native.cfg.console & VMI_NATIVE_CON_COM1))
        return;
    /* 115200 8N1, FIFOs on, no interrupts: polled output only. */
    vmi_x86_outb(COM1 + 1, 0x00);   /* IER */
    vmi_x86_outb(COM1 + 3, 0x80);   /* LCR: DLAB */
    vmi_x86_outb(COM1 + 0, 0x01);   /* DLL: divisor 1 */
    vmi_x86_outb(COM1 + 1, 0x00);   /* DLM */
    vmi_x86_outb(COM1 + 3, 0x03);   /* LCR: 8N1 */
    vmi_x86_outb(COM1 + 2, 0xc7);   /* FCR: enable and clear FIFOs */
    vmi_x86_outb(COM1 + 4, 0x03);   /* MCR: DTR, RTS */
}

/* A UART that never empties (absent) costs a bounded wait per byte and
 * then gets the byte anyway; the debug port never waits. */
static void console_put(char c)
{
    uint32_t i;

    if (vmi__native.cfg.console & VMI_NATIVE_CON_E9)
        vmi_x86_outb(PORT_E9, (uint8_t)c);
    if (!(vmi__native.cfg.console & VMI_NATIVE_CON_COM1))
        return;
    for (i = 0; i < UART_WAIT_MAX && !(vmi_x86_inb(COM1 + 5) & UART_LSR_THRE); i++)
        vmi_x86_pause();
    vmi_x86_outb(COM1, (uint8_t)c);
}

vmi_status_t vmi__native_console_write(const char *buf, uint32_t len)
{
    /* VMI-CON-001..003: one lock around the whole write keeps another
     * CPU's bytes out of it. */
    uint32_t i;

    if (!vmi__native_has(VMI_FEAT_CON_WRITE))
        return VMI_ENOTSUP;
    if (len > VMI_CONSOLE_WRITE_MAX || (!buf && len))
        return VMI_EINVAL;
    vmi__native_lock(&vmi__native.con_lock);
    for (i = 0; i < len; i++)
        console_put(buf[i]);
    vmi__native_unlock(&vmi__native.con_lock);
    return VMI_OK;
}
