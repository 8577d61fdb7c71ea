/* Console output: the 16550 at COM1, polled, and a virtio console if there is one, else the 0xe9 debug port. */
#include "guest.h"
#include "io.h"

#define COM1 0x3f8
#define DEBUGCON 0xe9
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_IIR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_THR_EMPTY 0x20
#define IIR_FIFOS_ON 0xc0
#define UART_FIFO_DEPTH 16u
/* A UART that never drains must not hang the guest: give up on a byte
 * after this many polls (far more than 115200 baud needs). */
#define UART_POLL_MAX 1000000u

static int com1_present;
static uint32_t com1_fifo = 1;

void console_init(void)
{
    /* Without a UART the scratch register reads back 0xff, not what we wrote. */
    virtio_con_init();
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
    /* A 16550A says its FIFOs are on; an 8250 has none and takes a byte at a time. */
    if ((inb(COM1 + UART_IIR) & IIR_FIFOS_ON) == IIR_FIFOS_ON)
        com1_fifo = UART_FIFO_DEPTH;
}

/* One poll per FIFO's worth: THRE says the whole transmit FIFO is empty. */
static void com1_put(const char *s, size_t n)
{
    size_t i, j;
    uint32_t poll;

    for (i = 0; i < n; i += j) {
        for (poll = 0; poll < UART_POLL_MAX; poll++)
            if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
                break;
        for (j = 0; j < com1_fifo && i + j < n; j++)
            outb(COM1 + UART_THR, (uint8_t)s[i + j]);
    }
}

void console_write(const char *s, size_t n)
{
    if (com1_present)
        com1_put(s, n);
    if (!virtio_con_write(s, n))
        vmi_x86_outsb(DEBUGCON, s, n);
}
