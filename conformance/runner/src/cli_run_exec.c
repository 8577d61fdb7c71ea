/* Running the selected traces on worker threads, in a stable order, with progress lines. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli_run.h"
#include "vmi-conform/report.h"
#include "vmi-conform/run.h"

struct work {
    const struct cli_suite *suite;
    const struct cli_run_opts *opts;
    struct vmi_run_opts run;
    const uint32_t *idx;
    struct vmi_result *results;  /* one per selected trace, by position */
    uint32_t count, next, done;
    pthread_mutex_t lock;
};

static uint64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* One trace: its result lands at its position, so output order never
 * depends on which worker finished first. */
static void run_one(struct work *w, uint32_t pos)
{
    struct vmi_result *res = &w->results[pos];
    uint64_t t0 = now_us();

    if (vmi_run_ref_trace(&w->suite->b, w->idx[pos], &w->run, res) != 0) {
        res->status = VMI_RESULT_ERROR;
        if (!res->detail)
            res->detail = strdup("the harness could not run the trace");
    }
    res->duration_us = now_us() - t0;
    pthread_mutex_lock(&w->lock);
    w->done++;
    if (w->opts->progress)
        fprintf(stderr, "[%u/%u] %-13s %s\n", w->done, w->count,
                vmi_result_status_name(res->status), res->trace ? res->trace : "?");
    pthread_mutex_unlock(&w->lock);
}

static void *worker(void *arg)
{
    struct work *w = arg;

    for (;;) {
        uint32_t pos;

        pthread_mutex_lock(&w->lock);
        pos = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (pos >= w->count)
            return NULL;
        run_one(w, pos);
    }
}

/* The ref environment offers every feature this ABI version defines. */
static void run_opts_init(struct vmi_run_opts *r, const struct cli_run_opts *o)
{
    uint32_t g;

    vmi_run_opts_default(r);
    r->seed = o->seed;
    for (g = 0; g < VMI_GROUP_COUNT; g++)
        r->features[g] = vmi_features_defined(g);
}

/* Runs every selected trace; returns the results array (count entries) or NULL. */
struct vmi_result *cli_run_traces(const struct cli_suite *s, const struct cli_run_opts *o,
                                  const uint32_t *idx, uint32_t count)
{
    struct work w;
    pthread_t threads[256];
    uint32_t i, started = 0, jobs = o->jobs < count ? o->jobs : count;

    memset(&w, 0, sizeof(w));
    w.suite = s;
    w.opts = o;
    w.idx = idx;
    w.count = count;
    run_opts_init(&w.run, o);
    w.results = calloc(count, sizeof(*w.results));
    if (!w.results || pthread_mutex_init(&w.lock, NULL) != 0) {
        free(w.results);
        return NULL;
    }
    for (i = 1; i < jobs; i++)
        if (pthread_create(&threads[started], NULL, worker, &w) == 0)
            started++;
    worker(&w);
    for (i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&w.lock);
    return w.results;
}
