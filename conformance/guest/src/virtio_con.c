/* Console output through a legacy virtio console (port 0's transmit queue), when the VMM offers one. */
#include "guest.h"
#include "io.h"

/*
 * Where the VMM offers a virtio console, a whole batch of records is one
 * queue notification: one exit, where port 0xe9 costs one per byte (KVM
 * emulates string port output a byte at a time).  Legacy (virtio 0.9.5)
 * interface on PCI bus 0: I/O BAR registers, one queue, split ring, no
 * interrupts (the guest polls the used ring).  Physical = virtual here.
 */
#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define PCI_ENABLE 0x80000000u
#define PCI_CMD_IO 0x1u
#define PCI_CMD_MASTER 0x4u
#define VIRTIO_VENDOR 0x1af4u
#define VIRTIO_CONSOLE_LEGACY 0x1003u

/* Legacy register offsets in BAR0 (no MSI-X). */
#define VIO_GUEST_FEATURES 0x04
#define VIO_QUEUE_PFN 0x08
#define VIO_QUEUE_SIZE 0x0c
#define VIO_QUEUE_SELECT 0x0e
#define VIO_QUEUE_NOTIFY 0x10
#define VIO_STATUS 0x12
#define VIO_STATUS_ACK 0x1u
#define VIO_STATUS_DRIVER 0x2u
#define VIO_STATUS_DRIVER_OK 0x4u

/* Without the multiport feature, queue 1 is port 0's transmit queue. */
#define TX_QUEUE 1u
#define RING_MAX 256u
#define RING_ALIGN 4096u
#define AVAIL_NO_INTERRUPT 0x1u
/* Polls of the used ring before the device counts as gone. */
#define USED_POLL_MAX 200000000u

struct vring_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

/* Room for the legacy layout of a RING_MAX-entry ring: descriptors, then
 * the available ring, then the used ring on the next 4 KiB boundary. */
static uint8_t ring_mem[4 * RING_ALIGN] __attribute__((aligned(RING_ALIGN)));

static struct {
    uint16_t io;                  /* BAR0, 0 when there is no device */
    uint16_t size;
    volatile uint16_t *avail;     /* flags, idx, ring[size] */
    volatile uint16_t *used_idx;
    uint16_t next;
} vc;

static uint32_t pci_read(uint32_t dev, uint32_t reg)
{
    outl(PCI_ADDR, PCI_ENABLE | dev << 11 | reg);
    return vmi_x86_in(PCI_DATA, 4);
}

static void pci_write(uint32_t dev, uint32_t reg, uint32_t v)
{
    outl(PCI_ADDR, PCI_ENABLE | dev << 11 | reg);
    outl(PCI_DATA, v);
}

/* Bus 0, function 0 of each slot: where QEMU's -device puts it. */
static int find(uint32_t *slot)
{
    uint32_t dev;

    for (dev = 0; dev < 32; dev++)
        if (pci_read(dev, 0) == (VIRTIO_CONSOLE_LEGACY << 16 | VIRTIO_VENDOR)) {
            *slot = dev;
            return 1;
        }
    return 0;
}

static int queue_setup(void)
{
    uint32_t size, avail_end, used_off;

    vmi_x86_out((uint16_t)(vc.io + VIO_QUEUE_SELECT), 2, TX_QUEUE);
    size = vmi_x86_in((uint16_t)(vc.io + VIO_QUEUE_SIZE), 2);
    if (size == 0 || size > RING_MAX)
        return 0;
    avail_end = 16 * size + 2 * (3 + size);
    used_off = (avail_end + RING_ALIGN - 1) & ~(RING_ALIGN - 1);
    memset(ring_mem, 0, sizeof(ring_mem));
    vc.size = (uint16_t)size;
    vc.avail = (volatile uint16_t *)(ring_mem + 16 * size);
    vc.used_idx = (volatile uint16_t *)(ring_mem + used_off + 2);
    vc.avail[0] = AVAIL_NO_INTERRUPT;
    vmi_x86_out((uint16_t)(vc.io + VIO_QUEUE_PFN), 4, (uint32_t)((uintptr_t)ring_mem >> 12));
    return 1;
}

void virtio_con_init(void)
{
    uint32_t slot, bar;

    if (!find(&slot))
        return;
    bar = pci_read(slot, 0x10);
    if (!(bar & 1u))
        return;               /* a legacy device's BAR0 is I/O space */
    pci_write(slot, 0x04, pci_read(slot, 0x04) | PCI_CMD_IO | PCI_CMD_MASTER);
    vc.io = (uint16_t)(bar & ~3u);
    vmi_x86_out((uint16_t)(vc.io + VIO_STATUS), 1, 0);      /* reset */
    vmi_x86_out((uint16_t)(vc.io + VIO_STATUS), 1, VIO_STATUS_ACK | VIO_STATUS_DRIVER);
    vmi_x86_out((uint16_t)(vc.io + VIO_GUEST_FEATURES), 4, 0);
    if (!queue_setup()) {
        vmi_x86_out((uint16_t)(vc.io + VIO_STATUS), 1, 0);
        vc.io = 0;
        return;
    }
    vmi_x86_out((uint16_t)(vc.io + VIO_STATUS), 1,
                VIO_STATUS_ACK | VIO_STATUS_DRIVER | VIO_STATUS_DRIVER_OK);
}

/* One descriptor, reused: the buffer is the caller's and must stay put until
 * the device has consumed it, so this waits for the used ring.  0 when the
 * device is absent or stopped answering (the caller then uses the port). */
int virtio_con_write(const char *s, size_t n)
{
    struct vring_desc *d = (struct vring_desc *)ring_mem;
    uint16_t want;
    uint32_t polls;

    if (vc.io == 0 || n == 0 || n > 0xffffffffu)
        return vc.io != 0 && n == 0;
    d->addr = (uint64_t)(uintptr_t)s;
    d->len = (uint32_t)n;
    d->flags = 0;
    vc.avail[2 + vc.next % vc.size] = 0;
    __asm__ __volatile__("" ::: "memory");   /* x86 keeps stores in order */
    want = (uint16_t)(vc.next + 1);
    vc.avail[1] = want;
    vc.next = want;
    vmi_x86_out((uint16_t)(vc.io + VIO_QUEUE_NOTIFY), 2, TX_QUEUE);
    for (polls = 0; *vc.used_idx != want; polls++) {
        if (polls == USED_POLL_MAX) {
            vc.io = 0;
            return 0;
        }
        vmi_x86_pause();
    }
    return 1;
}
