/* The bundle: PVH module 0, checked by the freestanding decoder before anything runs it. */
#include "run.h"

/* Xen public/arch-x86/hvm/start_info.h, as start_info.c reads it. */
struct modlist_entry {
    uint64_t paddr, size, cmdline_paddr, reserved;
};

/* Only the identity-mapped low 4 GiB is readable. */
#define READABLE_LIMIT (1ull << 32)

static void log_bundle_error(int code, uint32_t offset)
{
    static const char hex[] = "0123456789abcdef";
    char text[160] = "bundle rejected at offset 0x00000000: ";
    const char *why = vmi_bundle_strerror(code);
    size_t n = 38, i;

    for (i = 0; i < 8; i++)
        text[28 + i] = hex[(offset >> (28 - 4 * i)) & 0xf];
    for (; why && *why && n < sizeof(text) - 1; why++)
        text[n++] = *why;
    text[n] = '\0';
    rec_log(text);
}

int bundle_find(const struct boot_info *boot, struct vmi_bundle *b, uint32_t *crc)
{
    const struct modlist_entry *m = boot->modules;
    uint32_t err_offset = 0;
    int rc;

    if (boot->nr_modules == 0 || m == NULL) {
        rec_log("no bundle: start_info has no module (boot with -initrd BUNDLE)");
        return -1;
    }
    if (m[0].paddr == 0 || m[0].paddr >= READABLE_LIMIT || m[0].size > 0xffffffffu ||
        m[0].size > READABLE_LIMIT - m[0].paddr) {
        rec_log("no bundle: module 0 lies outside the identity map");
        return -1;
    }
    *crc = vmi_rec_crc32(0, (const void *)(uintptr_t)m[0].paddr, (size_t)m[0].size);
    rc = vmi_bundle_open(b, (const void *)(uintptr_t)m[0].paddr, (size_t)m[0].size,
                         &err_offset);
    if (rc != 0) {
        log_bundle_error(rc, err_offset);
        return -1;
    }
    return 0;
}
