/* Finding QEMU and asking it its version. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vmi-envs/qemu.h"

static int executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int vmi_qemu_find(const char *name, char *out, size_t cap)
{
    const char *path = getenv("PATH"), *p;

    if (!name || !name[0])
        return -1;
    if (strchr(name, '/'))
        return executable(name) && (size_t)snprintf(out, cap, "%s", name) < cap ? 0 : -1;
    for (p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");
        char cand[4096];

        if ((size_t)snprintf(cand, sizeof(cand), "%.*s/%s", (int)n, n ? p : ".", name) <
                sizeof(cand) &&
            executable(cand))
            return (size_t)snprintf(out, cap, "%s", cand) < cap ? 0 : -1;
        p += n + (p[n] == ':');
    }
    return -1;
}

/* Reads at most cap-1 bytes of the child's stdout, up to its first newline. */
static void first_line(int fd, char *out, size_t cap)
{
    size_t used = 0;
    ssize_t n;

    while (used + 1 < cap && (n = read(fd, out + used, cap - 1 - used)) > 0)
        used += (size_t)n;
    out[used] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
}

void vmi_qemu_version(const char *qemu, char *out, size_t cap)
{
    int fds[2];
    pid_t pid;

    snprintf(out, cap, "unknown");
    if (cap < 2 || pipe2(fds, O_CLOEXEC) != 0)
        return;
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);

        dup2(null, 0);
        dup2(fds[1], 1);
        dup2(null, 2);
        execl(qemu, qemu, "--version", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    if (pid > 0) {
        first_line(fds[0], out, cap);
        waitpid(pid, NULL, 0);
    }
    close(fds[0]);
    if (!out[0])
        snprintf(out, cap, "unknown");
}
