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

//  A tiny CoNLL training file under a scratch name of its own (what):
//  two sentences with a PER, a LOC and an ORG, 30 times. Its path (in
//  buf), or NULL when it cannot be written.
static inline const char *
dp_test_tiny_conll (char *buf, size_t size, const char *what)
{
    const char *path = dp_test_tmp (buf, size, what);
    FILE *f = fopen (path, "w");
    if (!f)
        return NULL;
    for (int k = 0; k < 30; k++)
        fprintf (f, "Ilham\tB-PER\nAliyev\tI-PER\nest\tO\nà\tO\nBakou\tB-LOC\n.\tO\n\n"
                    "Le\tO\nComité\tB-ORG\nolympique\tI-ORG\nvote\tO\n.\tO\n\n");
    return fclose (f) == 0 ? path : NULL;
}

#endif
