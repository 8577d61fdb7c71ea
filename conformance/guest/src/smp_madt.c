/* Which CPUs exist: the local APIC entries of the ACPI MADT the RSDP leads to. */
#include "smp.h"

#define BIOS_AREA 0xe0000u
#define BIOS_AREA_END 0x100000u
#define SDT_HEADER 36u
#define MADT_ENTRIES 44u            /* after the header, the APIC address and flags */
#define MADT_LAPIC 0u
#define MADT_X2APIC 9u
#define LAPIC_ENABLED 0x1u
#define LAPIC_ONLINE_CAPABLE 0x2u
#define TABLE_MAX 0x10000u          /* a sanity bound on any table's length */

static uint32_t get32(const uint8_t *p)
{
    return vmi_rec_get32(p);
}

static int sum_ok(const uint8_t *p, uint32_t n)
{
    uint8_t s = 0;

    while (n--)
        s = (uint8_t)(s + *p++);
    return s == 0;
}

static int rsdp_ok(const uint8_t *p)
{
    return memcmp(p, "RSD PTR ", 8) == 0 && sum_ok(p, 20);
}

/* The RSDP start_info names (Xen's dom0 has its own tables only there),
 * else "RSD PTR " on a 16-byte boundary in the E0000h..FFFFFh area, where
 * QEMU's BIOS puts it (ACPI 5.2.5.1). */
static const uint8_t *rsdp_find(void)
{
    uint32_t a;

    if (guest_rsdp != 0 && !(guest_rsdp >> 32) && rsdp_ok((const uint8_t *)(uintptr_t)guest_rsdp))
        return (const uint8_t *)(uintptr_t)guest_rsdp;
    for (a = BIOS_AREA; a < BIOS_AREA_END; a += 16) {
        const uint8_t *p = (const uint8_t *)(uintptr_t)a;

        if (rsdp_ok(p))
            return p;
    }
    return NULL;
}

/* sig NULL: any signature (the length and checksum still have to hold). */
static const uint8_t *table_at(uint64_t pa, const char *sig)
{
    const uint8_t *t = (const uint8_t *)(uintptr_t)pa;
    uint32_t len;

    if (pa == 0 || pa >> 32 || (sig != NULL && memcmp(t, sig, 4) != 0))
        return NULL;
    len = get32(t + 4);
    return len >= SDT_HEADER && len <= TABLE_MAX && sum_ok(t, len) ? t : NULL;
}

/* The XSDT when the RSDP has one (revision 2), else the RSDT. */
static const uint8_t *madt_find(void)
{
    const uint8_t *rsdp = rsdp_find(), *root;
    uint32_t width, i, n;

    if (rsdp == NULL)
        return NULL;
    /* Not "XSDT" by name: Xen 4.17 copies a PVH dom0's XSDT header from
     * the host's XSDT, and on a host whose RSDP names none (QEMU's pc
     * machine) from wherever that pointer leads: the signature seen there
     * is the real-mode IVT's "53 ff 00 f0". */
    root = rsdp[15] >= 2 ? table_at(vmi_rec_get64(rsdp + 24), NULL) : NULL;
    width = root ? 8 : 4;
    if (root == NULL)
        root = table_at(get32(rsdp + 16), "RSDT");
    if (root == NULL)
        return NULL;
    n = (get32(root + 4) - SDT_HEADER) / width;
    for (i = 0; i < n; i++) {
        const uint8_t *e = root + SDT_HEADER + i * width;
        const uint8_t *t = table_at(width == 8 ? vmi_rec_get64(e) : get32(e), "APIC");

        if (t)
            return t;
    }
    return NULL;
}

uint32_t smp_madt_apic_ids(uint32_t self, uint32_t *ids, uint32_t max)
{
    const uint8_t *madt = madt_find();
    uint32_t off, len, n = 0;

    if (madt == NULL)
        return 0;
    len = get32(madt + 4);
    for (off = MADT_ENTRIES; off + 2 <= len && madt[off + 1] >= 2 && off + madt[off + 1] <= len;
         off += madt[off + 1]) {
        const uint8_t *e = madt + off;
        uint32_t id, flags;

        if (e[0] == MADT_LAPIC && e[1] >= 8) {
            id = e[3];
            flags = get32(e + 4);
        } else if (e[0] == MADT_X2APIC && e[1] >= 16) {
            id = get32(e + 4);
            flags = get32(e + 8);
        } else {
            continue;
        }
        if (id != self && (flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)) && n < max)
            ids[n++] = id;
    }
    return n;
}
