//  depeche tests — an LD_PRELOAD shim that makes malloc fail, as it does
//  when memory runs out, for one size range only: malloc (n) returns NULL
//  for $DP_FAIL_MIN <= n <= $DP_FAIL_MAX (bytes), so that a test picks the
//  allocation it means (an article's packed copy) by its size. Built by
//  test_live_edges.sh with the system's cc, never part of depeche.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

void *
malloc (size_t n)
{
    static void *(*real) (size_t);
    static size_t lo = 1, hi;
    static int ready;
    if (!real)
        real = (void *(*) (size_t)) dlsym (RTLD_NEXT, "malloc");
    if (!ready) {
        ready = 1;                      //  getenv allocates nothing
        const char *a = getenv ("DP_FAIL_MIN"), *b = getenv ("DP_FAIL_MAX");
        if (a && b) {
            lo = strtoul (a, NULL, 10);
            hi = strtoul (b, NULL, 10);
        }
    }
    if (n >= lo && n <= hi) {
        errno = ENOMEM;
        return NULL;
    }
    return real (n);
}
