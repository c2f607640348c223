//  depeche tag — the trainer's own score (train.c): exact PER/LOC/ORG spans
//  of decoded sentences against their gold labels, counted per type and
//  printed as the per-epoch line of depeche-tag-train. A check that
//  training converges; the figures the README quotes come from
//  scripts/eval-tag*, through the processes. Knows nothing of features.
#include "tag/tagm.h"

#include <stdio.h>
#include <stdlib.h>

//  Entity spans of labels y[0..n) as (start, end, type) triples in out;
//  returns how many.
static size_t
s_spans (const uint8_t *y, size_t n, size_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        if (y [i] == 0) {
            i++;
            continue;
        }
        size_t e = i + 1;
        int in = (y [i] & 1) ? y [i] + 1 : y [i];
        while (e < n && y [e] == in)
            e++;
        out [3 * m] = i;
        out [3 * m + 1] = e;
        out [3 * m + 2] = (size_t) (y [i] - 1) / 2;
        m++;
        i = e;
    }
    return m;
}

int
dp_tagm_score_add (dp_tagm_score_t *self, const uint8_t *y,
                   const uint8_t *gold, size_t n)
{
    size_t *ps = malloc ((n + 1) * 3 * sizeof *ps);
    size_t *gs = malloc ((n + 1) * 3 * sizeof *gs);
    if (!ps || !gs) {
        free (ps);
        free (gs);
        return -1;
    }
    size_t a = s_spans (y, n, ps);
    size_t b = s_spans (gold, n, gs);
    for (size_t k = 0; k < a; k++)
        self->np [ps [3 * k + 2]]++;
    for (size_t k = 0; k < b; k++)
        self->ng [gs [3 * k + 2]]++;
    for (size_t k = 0, j = 0; k < a && j < b;) {
        if (ps [3 * k] == gs [3 * j] && ps [3 * k + 1] == gs [3 * j + 1]) {
            if (ps [3 * k + 2] == gs [3 * j + 2])
                self->tp [ps [3 * k + 2]]++;
            k++;
            j++;
        }
        else
        if (ps [3 * k] < gs [3 * j])
            k++;
        else
            j++;
    }
    free (ps);
    free (gs);
    return 0;
}

double
dp_tagm_score_print (const dp_tagm_score_t *self, FILE *log)
{
    static const char *const names [] = { "PER", "LOC", "ORG", "MISC" };
    size_t mt = 0, mp = 0, mg = 0;
    for (int t = 0; t < 4; t++) {
        double p = self->np [t] ? (double) self->tp [t] / (double) self->np [t] : 0;
        double r = self->ng [t] ? (double) self->tp [t] / (double) self->ng [t] : 0;
        fprintf (log, " %s %.3f", names [t], p + r > 0 ? 2 * p * r / (p + r) : 0);
        if (t < 3) {
            mt += self->tp [t];
            mp += self->np [t];
            mg += self->ng [t];
        }
    }
    double p = mp ? (double) mt / (double) mp : 0;
    double r = mg ? (double) mt / (double) mg : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf (log, "  micro PER/LOC/ORG P %.3f R %.3f F1 %.3f\n", p, r, f);
    return f;
}
