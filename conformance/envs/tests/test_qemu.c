/* QEMU as a child: its argv, finding it, and one boot under the watchdog with a fake QEMU. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include "cunit_harness.h"
#include "vmi-envs/kvm.h"
#include "vmi-envs/qemu.h"

static const struct vmi_qemu_boot_cfg cfg = {"/usr/bin/qemu-system-x86_64", "/g/guest.elf",
                                             "/w/bundle.bin", "/w/boot-001.serial", "native",
                                             2, 256, 5, 7, NULL, 0};

static int argc_of(char *const *argv)
{
    int n = 0;

    while (argv[n])
        n++;
    return n;
}

/* The value after `flag`, or NULL. */
static const char *after(char *const *argv, const char *flag)
{
    int i;

    for (i = 0; argv[i] && argv[i + 1]; i++)
        if (strcmp(argv[i], flag) == 0)
            return argv[i + 1];
    return NULL;
}

/* Whether `flag value` appears anywhere (a flag such as -device repeats). */
static int has_pair(char *const *argv, const char *flag, const char *value)
{
    int i;

    for (i = 0; argv[i] && argv[i + 1]; i++)
        if (strcmp(argv[i], flag) == 0 && strcmp(argv[i + 1], value) == 0)
            return 1;
    return 0;
}

/* What both accelerators' command lines hold beyond the accelerator. */
static void common_args(char *const *argv)
{
    VMI_ASSERT_STR(argv[0], "/usr/bin/qemu-system-x86_64");
    VMI_ASSERT_STR(after(argv, "-smp"), "2");
    VMI_ASSERT_STR(after(argv, "-m"), "256");
    VMI_ASSERT_STR(after(argv, "-display"), "none");
    VMI_ASSERT_STR(after(argv, "-monitor"), "none");
    VMI_ASSERT_STR(after(argv, "-serial"), "file:/w/boot-001.serial");
    /* The stream: port 0xe9 and the virtio console, both on stdout. */
    VMI_ASSERT_STR(after(argv, "-debugcon"), "stdio");
    VMI_ASSERT_STR(after(argv, "-chardev"), "file,id=rec,path=/dev/stdout");
    CU_ASSERT(has_pair(argv, "-device", "virtio-serial-pci"));
    CU_ASSERT(has_pair(argv, "-device", "virtconsole,chardev=rec"));
    CU_ASSERT(has_pair(argv, "-device", "isa-debug-exit,iobase=0xf4,iosize=4"));
    VMI_ASSERT_STR(after(argv, "-kernel"), "/g/guest.elf");
    VMI_ASSERT_STR(after(argv, "-initrd"), "/w/bundle.bin");
    VMI_ASSERT_STR(after(argv, "-append"), "adapter=native start=5 count=7");
    CU_ASSERT(after(argv, "-nodefaults") != NULL);   /* present, followed by more */
    CU_ASSERT(after(argv, "-no-reboot") != NULL);
}

static void tcg_argv(void)
{
    static struct vmi_qemu_argv a;

    VMI_ASSERT_EQ(vmi_qemu_tcg_argv(&cfg, &a), 0);
    common_args(a.argv);
    VMI_ASSERT_STR(after(a.argv, "-accel"), "tcg");
    VMI_ASSERT_STR(after(a.argv, "-icount"), "shift=3,sleep=off");   /* host load moves no clock */
    VMI_ASSERT_STR(after(a.argv, "-cpu"), "max");
    VMI_ASSERT_EQ(argc_of(a.argv), 35);
}

static void kvm_argv(void)
{
    static struct vmi_qemu_argv a;

    VMI_ASSERT_EQ(vmi_qemu_kvm_argv(NULL, &cfg, &a), 0);
    common_args(a.argv);
    VMI_ASSERT_STR(after(a.argv, "-accel"), "kvm");
    VMI_ASSERT_STR(after(a.argv, "-cpu"), "host");
    CU_ASSERT(after(a.argv, "-icount") == NULL);   /* KVM runs in real time */
    VMI_ASSERT_EQ(argc_of(a.argv), 33);
}

/* A benchmark's run asks the guest to mark its calls. */
static void marks_argv(void)
{
    static struct vmi_qemu_argv a;
    struct vmi_qemu_boot_cfg c = cfg;

    c.marks = 1;
    VMI_ASSERT_EQ(vmi_qemu_tcg_argv(&c, &a), 0);
    VMI_ASSERT_STR(after(a.argv, "-append"), "adapter=native start=5 count=7 marks");
}

/* No KVM: the reason names the device; something else than KVM is refused. */
static void kvm_unusable(void)
{
    char host[256] = "", why[512] = "";

    VMI_ASSERT_EQ(vmi_env_kvm_usable("/no/such/kvm", host, sizeof(host), why, sizeof(why)), -1);
    CU_ASSERT(strstr(why, "/no/such/kvm: No such file or directory") == why);
    VMI_ASSERT_EQ(vmi_env_kvm_usable("/dev/null", host, sizeof(host), why, sizeof(why)), -1);
    CU_ASSERT(strstr(why, "/dev/null answers API version -1, not KVM's 12") == why);
    VMI_ASSERT_STR(host, "");
}

/* QEMU splits -initrd at commas: such a path would name two modules. */
static void comma_refused(void)
{
    static struct vmi_qemu_argv a;
    struct vmi_qemu_boot_cfg c = cfg;

    c.bundle = "/w/a,b.bin";
    VMI_ASSERT_EQ(vmi_qemu_tcg_argv(&c, &a), -1);
}

static void find(void)
{
    char path[4096];

    VMI_ASSERT_EQ(vmi_qemu_find("/no/such/qemu", path, sizeof(path)), -1);
    VMI_ASSERT_EQ(vmi_qemu_find("no-such-qemu-anywhere", path, sizeof(path)), -1);
    VMI_ASSERT_EQ(vmi_qemu_find("", path, sizeof(path)), -1);
    VMI_ASSERT_EQ(vmi_qemu_find("sh", path, sizeof(path)), 0);
    CU_ASSERT(strchr(path, '/') != NULL);
    VMI_ASSERT_EQ(vmi_qemu_find(VMI_FAKE_QEMU, path, sizeof(path)), 0);
    VMI_ASSERT_STR(path, VMI_FAKE_QEMU);
}

static void version(void)
{
    char v[160];

    vmi_qemu_version(VMI_FAKE_QEMU, v, sizeof(v));
    VMI_ASSERT_STR(v, "QEMU emulator version 0.0 (the tests' fake)");
    vmi_qemu_version("/no/such/qemu", v, sizeof(v));
    VMI_ASSERT_STR(v, "unknown");
}

/* Removes the temporary prefix and the logs vmi_qemu_boot wrote beside it. */
static void cleanup(const char *prefix, int fd)
{
    static const char *const suffixes[] = {"", ".stderr", ".debugcon"};
    char path[128];
    size_t i;

    if (fd >= 0)
        close(fd);
    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s%s", prefix, suffixes[i]);
        unlink(path);
    }
}

/* A child that prints one record, then nothing: the watchdog stops it. */
static void watchdog(void)
{
    char *argv[] = {"/bin/sh", "-c",
                    "printf '@VMI 0f 00000000 0000  eed1725c\\n'; exec sleep 30", NULL};
    char prefix[] = "/tmp/vmi-envs-test-XXXXXX";
    struct vmi_env_session s;
    struct vmi_env_boot b;
    struct vmi_qemu_exit x;
    int fd = mkstemp(prefix);

    CU_ASSERT(fd >= 0);
    VMI_ASSERT_EQ(vmi_env_session_init(&s, 1), 0);
    vmi_env_boot_init(&b, &s, 0, 1);
    vmi_qemu_boot(argv, prefix, 1, &b, &x);
    VMI_ASSERT_EQ(x.timed_out, 1);
    VMI_ASSERT_EQ(b.records, 1);
    VMI_ASSERT_EQ(b.ended, 1);
    CU_ASSERT(strstr(x.why, "the watchdog stopped QEMU") != NULL);
    vmi_env_session_free(&s);
    cleanup(prefix, fd);
}

/* A boot's first record may take start_s longer; after it the timeout holds. */
static void start_patience(void)
{
    char *argv[] = {"/bin/sh", "-c",
                    "sleep 2; printf '@VMI 0f 00000000 0000  eed1725c\\n'; exec sleep 30", NULL};
    char prefix[] = "/tmp/vmi-envs-test-XXXXXX";
    struct vmi_env_session s;
    struct vmi_env_boot b;
    struct vmi_qemu_exit x;
    int fd = mkstemp(prefix);

    CU_ASSERT(fd >= 0);
    VMI_ASSERT_EQ(vmi_env_session_init(&s, 1), 0);
    vmi_env_boot_init(&b, &s, 0, 1);
    b.start_s = 5;
    vmi_qemu_boot(argv, prefix, 1, &b, &x);
    VMI_ASSERT_EQ(x.timed_out, 1);
    VMI_ASSERT_EQ(b.records, 1);
    VMI_ASSERT_EQ(x.silent_s, 1);
    vmi_env_session_free(&s);
    cleanup(prefix, fd);
}

/* A child that exits at once: its status and stderr line become the reason. */
static void exit_status(void)
{
    char *argv[] = {"/bin/sh", "-c", "echo 'qemu: no such kernel' >&2; exit 3", NULL};
    char prefix[] = "/tmp/vmi-envs-test-XXXXXX";
    struct vmi_env_session s;
    struct vmi_env_boot b;
    struct vmi_qemu_exit x;
    int fd = mkstemp(prefix);

    CU_ASSERT(fd >= 0);
    VMI_ASSERT_EQ(vmi_env_session_init(&s, 1), 0);
    vmi_env_boot_init(&b, &s, 0, 1);
    vmi_qemu_boot(argv, prefix, 5, &b, &x);
    VMI_ASSERT_EQ(x.timed_out, 0);
    VMI_ASSERT_EQ(x.exited, 1);
    VMI_ASSERT_EQ(x.status, 3);
    VMI_ASSERT_STR(x.why, "QEMU exited with status 3: qemu: no such kernel");
    vmi_env_session_free(&s);
    cleanup(prefix, fd);
}

static const struct vmi_test_case cases[] = {
    {"the tcg argv", tcg_argv},
    {"the kvm argv", kvm_argv},
    {"marks on the command line", marks_argv},
    {"no usable KVM: the reason", kvm_unusable},
    {"a comma in a path is refused", comma_refused},
    {"finding QEMU", find},
    {"QEMU's version", version},
    {"the watchdog stops a silent guest", watchdog},
    {"the first record may take longer", start_patience},
    {"an early exit and its reason", exit_status},
};

VMI_TEST_MAIN("envs_qemu", cases)
