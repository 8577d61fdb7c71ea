/* The script environments: their argv, their preparation, their identity. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cunit_harness.h"
#include "vmi-envs/script.h"

static const struct vmi_qemu_boot_cfg cfg = {"/usr/bin/qemu-system-x86_64", "/g/guest.elf",
                                             "/w/bundle.bin", "/w/boot-001.serial", "kvm",
                                             2, 128, 5, 7, "/w/boot-001", 0};

static void kvm_nested_argv(void)
{
    struct vmi_env_script sc = {"/src/envs", "kvm-nested", ""};
    static struct vmi_qemu_argv a;
    const char *want[] = {"/bin/sh", "/src/envs/kvm-nested/run-l2.sh", "-n", "-t", "86400",
                          "-s", "2", "-m", "128", "/w/boot-001.d", "/g/guest.elf",
                          "/w/bundle.bin", "adapter=kvm start=5 count=7", NULL};
    size_t i;

    VMI_ASSERT_EQ(vmi_env_script_argv(&sc, &cfg, &a), 0);
    for (i = 0; want[i]; i++)
        VMI_ASSERT_STR(a.argv[i], want[i]);
    CU_ASSERT(a.argv[i] == NULL);
}

/* A benchmark's run asks the guest to mark its calls; a certification's never does. */
static void marks_argv(void)
{
    struct vmi_env_script sc = {"/src/envs", "xen", "/c/xen.img"};
    struct vmi_qemu_boot_cfg c = cfg;
    static struct vmi_qemu_argv a;

    c.marks = 1;
    VMI_ASSERT_EQ(vmi_env_script_argv(&sc, &c, &a), 0);
    VMI_ASSERT_STR(a.argv[6], "adapter=kvm start=5 count=7 marks");
}

static void xen_argv(void)
{
    struct vmi_env_script sc = {"/src/envs", "xen", "/c/xen.img"};
    static struct vmi_qemu_argv a;
    const char *want[] = {"/bin/sh", "/src/envs/xen/run-xen.sh", "--stream", "/c/xen.img",
                          "/g/guest.elf", "/w/boot-001.d", "adapter=kvm start=5 count=7",
                          "/w/bundle.bin", NULL};
    size_t i;

    VMI_ASSERT_EQ(vmi_env_script_argv(&sc, &cfg, &a), 0);
    for (i = 0; want[i]; i++)
        VMI_ASSERT_STR(a.argv[i], want[i]);
    CU_ASSERT(a.argv[i] == NULL);
}

/* Writes dir/sub/name with the given bytes (a NUL among them too). */
#define PUT(dir, sub, name, text) put(dir, sub, name, text, sizeof(text) - 1)
static void put(const char *dir, const char *sub, const char *name, const char *text,
                size_t len)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
    f = fopen(path, "w");
    CU_ASSERT(f != NULL);
    if (f) {
        CU_ASSERT(fwrite(text, 1, len, f) == len);
        fclose(f);
    }
}

static void cleanup(const char *dir)
{
    char cmd[600];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
}

/* fetch-xen.sh's stdout is the image; build-l1.sh's 77 and its last stderr
 * line are why every trace is a SKIP. */
static void prepare(void)
{
    char dir[] = "/tmp/vmi-envs-script-XXXXXX", why[512];
    struct vmi_env_script xen = {dir, "xen", ""}, kvm = {dir, "kvm-nested", ""};

    CU_ASSERT(mkdtemp(dir) != NULL);
    PUT(dir, "xen", "fetch-xen.sh", "echo fetching >&2; echo /cache/xen.img\n");
    PUT(dir, "kvm-nested", "build-l1.sh",
        "echo 'no package' >&2; echo 'apt: gone' >&2; exit 77\n");
    VMI_ASSERT_EQ(vmi_env_script_prepare(&xen, why, sizeof(why)), 0);
    VMI_ASSERT_STR(xen.xen_img, "/cache/xen.img");
    VMI_ASSERT_EQ(vmi_env_script_prepare(&kvm, why, sizeof(why)), VMI_ENV_SCRIPT_IMPOSSIBLE);
    CU_ASSERT(strstr(why, "cannot run here (exit 77): apt: gone") != NULL);
    cleanup(dir);
}

/* The report's identity comes from the logs the scripts leave. */
static void ident(void)
{
    char dir[] = "/tmp/vmi-envs-script-XXXXXX", boot[64], out[512];
    struct vmi_env_script xen = {dir, "xen", ""}, kvm = {dir, "kvm-nested", ""};

    CU_ASSERT(mkdtemp(dir) != NULL);
    snprintf(boot, sizeof(boot), "%s/boot-001", dir);
    PUT(dir, "boot-001.d", "l1-status.log",
        "vmi-l1 kernel=6.1.0-56-cloud-amd64 qemu=QEMU emulator version 7.2.22\r\n"
        "vmi-l1 kvm=kvm-amd nested=1\r\n");
    PUT(dir, "boot-001.d", "serial.log",
        "Booting from ROM..\0(XEN) Xen version 4.17.7 (Debian 4.17.7-1) (someone@example) "
        "(gcc 12) debug=n\r\n"
        "(XEN) Command line: console=com1 dom0=pvh\r\n(d0) text\r\n");
    vmi_env_script_ident(&kvm, boot, out, sizeof(out));
    VMI_ASSERT_STR(out, "L1 Linux 6.1.0-56-cloud-amd64 with KVM, L2 QEMU emulator version 7.2.22");
    vmi_env_script_ident(&xen, boot, out, sizeof(out));
    VMI_ASSERT_STR(out, "Xen 4.17.7 (Debian 4.17.7-1); Xen command line: console=com1 dom0=pvh");
    cleanup(dir);
}

static const struct vmi_test_case cases[] = {
    {"the kvm-nested argv", kvm_nested_argv},
    {"the xen argv", xen_argv},
    {"marks on the command line", marks_argv},
    {"preparing: a path, or why not", prepare},
    {"the identity from the logs", ident},
};

VMI_TEST_MAIN("envs_script", cases)
