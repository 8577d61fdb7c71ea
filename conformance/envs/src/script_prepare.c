/* Making a script environment ready: build-l1.sh or fetch-xen.sh, once per run. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "vmi-envs/script.h"

/* The last non-empty line of f, for the reason a script gave. */
static void last_line(FILE *f, char *out, size_t cap)
{
    char buf[1024];

    out[0] = '\0';
    rewind(f);
    while (fgets(buf, sizeof(buf), f)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0])
            snprintf(out, cap, "%.300s", buf);
    }
}

/* Runs argv with stdin /dev/null; its stdout's first line lands in out,
 * its stderr's last in err.  Returns its exit status, or -1. */
static int run(char *const argv[], char *out, size_t cap, char *err, size_t errcap)
{
    FILE *log = tmpfile(), *o;
    int fds[2], status = -1;
    pid_t pid;

    out[0] = err[0] = '\0';
    if (!log || pipe(fds) != 0) {
        snprintf(err, errcap, "cannot start %s: %s", argv[1], strerror(errno));
        if (log)
            fclose(log);
        return -1;
    }
    if ((pid = fork()) == 0) {
        FILE *null = freopen("/dev/null", "r", stdin);

        (void)null;
        dup2(fds[1], 1);
        dup2(fileno(log), 2);
        close(fds[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    if ((o = fdopen(fds[0], "r")) != NULL) {
        if (fgets(out, (int)cap, o))
            out[strcspn(out, "\r\n")] = '\0';
        while (fgetc(o) != EOF)     /* the rest, so the script never blocks */
            ;
        fclose(o);
    } else {
        close(fds[0]);
    }
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    last_line(log, err, errcap);
    fclose(log);
    if (pid < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int vmi_env_script_prepare(struct vmi_env_script *sc, char *why, size_t cap)
{
    int xen = strcmp(sc->env, "xen") == 0;
    char script[4200], err[400];
    char *const argv[] = {(char *)"/bin/sh", script, NULL};
    int rc;

    snprintf(script, sizeof(script), "%s/%s", sc->dir,
             xen ? "xen/fetch-xen.sh" : "kvm-nested/build-l1.sh");
    rc = run(argv, sc->xen_img, sizeof(sc->xen_img), err, sizeof(err));
    if (rc == 0 && xen && !sc->xen_img[0]) {
        rc = 1;
        snprintf(err, sizeof(err), "it printed no path");
    }
    if (rc != 0)
        snprintf(why, cap, "%s %s (exit %d): %s", script,
                 rc == VMI_ENV_SCRIPT_IMPOSSIBLE ? "says the environment cannot run here"
                                                 : "failed",
                 rc, err[0] ? err : "no message");
    return rc;
}
