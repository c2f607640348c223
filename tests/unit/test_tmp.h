//  depeche tests — scratch file names of their own. Several builds' tests
//  (and several engineers' runs) share /tmp: a fixed name let one run read
//  another's half-written model. The name carries the process id; Check
//  forks a process per test, so a name is good within one test only.
#ifndef DP_TEST_TMP_H
#define DP_TEST_TMP_H

#include <stdio.h>
#include <unistd.h>

static inline const char *
dp_test_tmp (char *buf, size_t size, const char *what)
{
    snprintf (buf, size, "/tmp/depeche_test_%ld_%s", (long) getpid (), what);
    return buf;
}

#endif
