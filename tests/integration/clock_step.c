//  depeche tests — an LD_PRELOAD shim that steps the wall clock, as NTP, an
//  operator's `date -s` or a resumed VM do, without touching the machine's:
//  CLOCK_REALTIME moves by $DP_STEP_S seconds once the process has run
//  $DP_STEP_AFTER_S seconds; every other clock is left alone. Built by
//  test_live_edges.sh with the system's cc, never part of depeche.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

int
clock_gettime (clockid_t clock, struct timespec *ts)
{
    static int (*real) (clockid_t, struct timespec *);
    static double t0 = -1;
    if (!real)
        real = (int (*) (clockid_t, struct timespec *)) dlsym (RTLD_NEXT, "clock_gettime");
    int rc = real (clock, ts);
    if (rc || clock != CLOCK_REALTIME)
        return rc;
    struct timespec m;
    real (CLOCK_MONOTONIC, &m);
    double now = (double) m.tv_sec + (double) m.tv_nsec / 1e9;
    if (t0 < 0)
        t0 = now;
    const char *after = getenv ("DP_STEP_AFTER_S"), *step = getenv ("DP_STEP_S");
    if (after && step && now - t0 >= atof (after))
        ts->tv_sec += atol (step);
    return rc;
}
