/* Console output: the 16550 at COM1, polled, and the 0xe9 debug port, every byte to both. */
#include "guest.h"
#include "io.h"

#define COM1 0x3f8
#define DEBUGCON 0xe9
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_THR_EMPTY 0x20
/* A UART that never drains must not hang the guest: give up on a byte
 * after this many polls (far more than 115200 baud needs). */
#define UART_POLL_MAX 1000000u

static int com1_present;

void console_init(void)
{
    /* Without a UART the scratch register reads back 0xff, not what we wrote. */
    outb(COM1 + UART_SCR, 0x5a);
    com1_present = inb(COM1 + UART_SCR) == 0x5a;
    if (!com1_present)
        return;
    outb(COM1 + UART_IER, 0x00);    /* polled: no interrupts */
    outb(COM1 + UART_LCR, 0x80);    /* DLAB: the divisor follows */
    outb(COM1 + UART_THR, 0x01);    /* 115200 baud */
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, 0x03);    /* 8N1 */
    outb(COM1 + UART_FCR, 0xc7);    /* FIFOs on and cleared */
    outb(COM1 + UART_MCR, 0x03);    /* DTR, RTS */
}

static void com1_put(char c)
{
    uint32_t i;

    for (i = 0; i < UART_POLL_MAX; i++)
        if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
            break;
    outb(COM1 + UART_THR, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (com1_present)
            com1_put(s[i]);
        outb(DEBUGCON, (uint8_t)s[i]);
    }
}
