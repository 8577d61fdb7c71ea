/* One boot: QEMU as a child, its console read as it comes, a watchdog. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include "vmi-envs/qemu.h"

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int open_log(const char *prefix, const char *suffix)
{
    char path[4200];

    if ((size_t)snprintf(path, sizeof(path), "%s.%s", prefix, suffix) >= sizeof(path))
        return -1;
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* The child: stdin from /dev/null, stdout the pipe, stderr the log.  It
 * dies with the runner, so a killed run leaves no QEMU behind. */
static void child(char *const argv[], int out, int err)
{
    int null = open("/dev/null", O_RDONLY);

#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    setpgid(0, 0);              /* the watchdog kills QEMU and all it started */
    dup2(null, 0);
    dup2(out, 1);
    if (err >= 0)
        dup2(err, 2);
    execv(argv[0], argv);
    dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Reads what is there; returns 0 at the end of the stream. */
static int pump(int fd, int raw, struct vmi_env_boot *b)
{
    char buf[8192];
    ssize_t n = read(fd, buf, sizeof(buf));

    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : 0;
    if (n == 0)
        return 0;
    /* The copy is for people: a full disk must not stop the run. */
    if (raw >= 0 && write(raw, buf, (size_t)n) != n)
        errno = 0;
    vmi_env_boot_feed(b, buf, (size_t)n);
    return 1;
}

/* Reads the stream until it ends or no record came for timeout_s. */
static int watch(int fd, int raw, uint32_t timeout_s, struct vmi_env_boot *b,
                 struct vmi_qemu_exit *x)
{
    uint64_t last = now_ms(), seen = b->records, limit = (uint64_t)timeout_s * 1000u;

    limit += (uint64_t)b->start_s * 1000u;      /* until the first record */

    for (;;) {
        uint64_t t = now_ms();
        struct pollfd p = {fd, POLLIN, 0};
        int rc;

        if (b->records != seen) {
            seen = b->records;
            last = t;
            limit = (uint64_t)timeout_s * 1000u;
        }
        if (t - last >= limit) {
            x->timed_out = 1;
            x->silent_s = (uint32_t)((t - last) / 1000u);
            return 0;
        }
        rc = poll(&p, 1, (int)(limit - (t - last)));
        if (rc < 0 && errno != EINTR)
            return -1;
        if (rc > 0 && !pump(fd, raw, b))
            return 0;
    }
}

/* The last non-empty line QEMU wrote to stderr, for the reason. */
static void stderr_tail(const char *prefix, char *out, size_t cap)
{
    char path[4200], buf[4096];
    FILE *f;

    out[0] = '\0';
    snprintf(path, sizeof(path), "%s.stderr", prefix);
    if (!(f = fopen(path, "r")))
        return;
    while (fgets(buf, sizeof(buf), f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0])
            snprintf(out, cap, "%.190s", buf);
    }
    fclose(f);
}

/* What the guest meant by the exit value it wrote to isa-debug-exit. */
static const char *guest_meaning(int status)
{
    static const struct {
        uint32_t value;
        const char *meaning;
    } exits[] = {
        {VMI_GUEST_EXIT_OK, " (the guest ended normally)"},
        {VMI_GUEST_EXIT_FAILED, " (a guest self test failed)"},
        {VMI_GUEST_EXIT_PANIC, " (the guest took a fault it could not recover from)"},
        {VMI_GUEST_EXIT_NO_LM, " (the guest found no long mode)"},
        {VMI_GUEST_EXIT_BAD_BOOT, " (the guest found no valid PVH start_info)"},
        {VMI_GUEST_EXIT_BAD_BUNDLE, " (the guest found no bundle, or a corrupt one)"},
        {VMI_GUEST_EXIT_NO_ADAPTER, " (the guest bound no adapter)"},
    };
    size_t i;

    for (i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
        if ((uint32_t)status == VMI_GUEST_QEMU_STATUS(exits[i].value))
            return exits[i].meaning;
    return "";
}

static void describe(const char *prefix, struct vmi_qemu_exit *x)
{
    char tail[200];

    stderr_tail(prefix, tail, sizeof(tail));
    if (x->timed_out)
        snprintf(x->why, sizeof(x->why), "no record for %u s: the watchdog stopped QEMU",
                 (unsigned)x->silent_s);
    else if (x->exited)
        snprintf(x->why, sizeof(x->why), "QEMU exited with status %d%s%s%s", x->status,
                 guest_meaning(x->status), tail[0] ? ": " : "", tail);
    else
        snprintf(x->why, sizeof(x->why), "QEMU was killed by signal %d%s%s", x->status,
                 tail[0] ? ": " : "", tail);
}

void vmi_qemu_boot(char *const argv[], const char *log_prefix, uint32_t timeout_s,
                   struct vmi_env_boot *b, struct vmi_qemu_exit *x)
{
    int fds[2], err = open_log(log_prefix, "stderr"), raw = open_log(log_prefix, "debugcon");
    int wstatus = 0;
    pid_t pid = -1;

    memset(x, 0, sizeof(*x));
    if (pipe2(fds, O_CLOEXEC) != 0) {
        fds[0] = fds[1] = -1;
    } else if ((pid = fork()) == 0) {
        child(argv, fds[1], err);
    }
    if (pid < 0) {
        x->spawn_failed = 1;
        snprintf(x->why, sizeof(x->why), "cannot start %s: %s", argv[0], strerror(errno));
        if (fds[0] >= 0) {
            close(fds[0]);
            close(fds[1]);
        }
    } else {
        close(fds[1]);
        if (watch(fds[0], raw, timeout_s ? timeout_s : 1, b, x) != 0 || x->timed_out)
            kill(-pid, SIGKILL);
        close(fds[0]);
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
        x->exited = WIFEXITED(wstatus);
        x->status = x->exited ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus);
        describe(log_prefix, x);
    }
    vmi_env_boot_finish(b);
    if (err >= 0)
        close(err);
    if (raw >= 0)
        close(raw);
}
