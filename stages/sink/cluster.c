//  depeche sink — average-link clustering of one group of articles (see
//  cluster.h). Dense matrices: a group is capped by the caller (story.c),
//  so n stays small; each cluster keeps its best partner, so a merge costs
//  O(n) in the usual case (O(n^2) when many rows pointed at the pair).
//  Not here: margins, groups, the window.
#include "sink/cluster.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

//  The mean margin between clusters x < y.
static double
s_mean (const double *sum, const uint32_t *size, size_t n, size_t x, size_t y)
{
    return sum [x * n + y] / ((double) size [x] * size [y]);
}

//  The best partner of cluster x among the clusters after it: the highest
//  mean >= thr, ties to the lowest; n when none.
static void
s_row (const double *sum, const uint32_t *size, size_t n, double thr, size_t x,
       size_t *by, double *bv)
{
    by [x] = n;
    for (size_t y = x + 1; y < n; y++) {
        if (!size [y])
            continue;
        double v = s_mean (sum, size, n, x, y);
        if (v >= thr && (by [x] == n || v > bv [x])) {
            by [x] = y;
            bv [x] = v;
        }
    }
}

int
dp_cluster_average (size_t n, const float *margin, double thr, uint32_t *cl)
{
    if (!n)
        return 0;
    //  sum[x*n+y] (x < y): the margins between clusters x and y, each known
    //  by its first item; size[x], 0 once merged away; by[x], bv[x]: the
    //  best partner of x after it and its mean (a row's best, kept up to
    //  date, so that a merge costs O(n) rather than a scan of all pairs).
    double *sum = malloc (n * n * sizeof *sum), *bv = malloc (n * sizeof *bv);
    uint32_t *size = malloc (n * sizeof *size), *root = malloc (n * sizeof *root);
    size_t *by = malloc (n * sizeof *by);
    int k = -1;
    if (!sum || !bv || !size || !root || !by)
        goto done;
    for (size_t i = 0; i < n; i++) {
        size [i] = 1;
        root [i] = (uint32_t) i;
        for (size_t j = i + 1; j < n; j++)
            sum [i * n + j] = margin [i * n + j];
    }
    for (size_t x = 0; x < n; x++)
        s_row (sum, size, n, thr, x, by, bv);
    for (;;) {
        //  The pair of the highest mean, ties to the lowest x (then y).
        size_t bx = n;
        for (size_t x = 0; x < n; x++)
            if (size [x] && by [x] < n && (bx == n || bv [x] > bv [bx]))
                bx = x;
        if (bx == n)
            break;
        size_t y = by [bx];
        //  y into bx (bx < y: the merged cluster keeps the lower first item).
        for (size_t z = 0; z < n; z++) {
            if (!size [z] || z == bx || z == y)
                continue;
            double from_y = z < y ? sum [z * n + y] : sum [y * n + z];
            if (z < bx)
                sum [z * n + bx] += from_y;
            else
                sum [bx * n + z] += from_y;
        }
        size [bx] += size [y];
        size [y] = 0;
        root [y] = (uint32_t) bx;
        s_row (sum, size, n, thr, bx, by, bv);
        for (size_t z = 0; z < n; z++) {
            if (!size [z] || z == bx)
                continue;
            if (by [z] == bx || by [z] == y)
                s_row (sum, size, n, thr, z, by, bv);
            else
            if (z < bx) {
                double v = s_mean (sum, size, n, z, bx);
                if (v >= thr && (by [z] == n || v > bv [z] || (v == bv [z] && bx < by [z]))) {
                    by [z] = bx;
                    bv [z] = v;
                }
            }
        }
    }
    //  Number the clusters by their first items.
    k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = i;
        while (root [r] != r)
            r = root [r];
        root [i] = (uint32_t) r;
        cl [i] = r == i ? (uint32_t) k++ : cl [r];
    }
done:
    free (sum);
    free (bv);
    free (size);
    free (root);
    free (by);
    return k;
}

typedef struct {
    uint64_t label, age;
    uint32_t cl;
} s_item_t;

static int
s_by_label (const void *a, const void *b)
{
    const s_item_t *x = a, *y = b;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    if (x->cl != y->cl)
        return x->cl < y->cl ? -1 : 1;
    return x->age < y->age ? -1 : x->age > y->age;
}

int
dp_cluster_keep (size_t n, const uint64_t *old, const uint64_t *age, const uint32_t *cl,
                 size_t k, uint64_t *keep)
{
    s_item_t *it = malloc ((n ? n : 1) * sizeof *it);
    uint32_t *held = calloc (k ? k : 1, sizeof *held);   //  items of keep[c] in c
    if (!it || !held) {
        free (it);
        free (held);
        return -1;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (old [i])
            it [m++] = (s_item_t) { old [i], age [i], cl [i] };
    qsort (it, m, sizeof *it, s_by_label);
    memset (keep, 0, k * sizeof *keep);
    //  One label at a time (its items are one run): the cluster holding most
    //  of them, ties to the one holding the oldest.
    for (size_t a = 0; a < m; ) {
        size_t b = a;
        uint32_t best_cl = 0, best_n = 0;
        uint64_t best_age = 0;
        while (b < m && it [b].label == it [a].label) {
            size_t c = b;
            while (c < m && it [c].label == it [a].label && it [c].cl == it [b].cl)
                c++;
            uint32_t count = (uint32_t) (c - b);
            if (count > best_n || (count == best_n && it [b].age < best_age)) {
                best_n = count;
                best_cl = it [b].cl;
                best_age = it [b].age;
            }
            b = c;
        }
        //  Two labels whose majorities are in one cluster: it merged them
        //  and keeps the label of more of its items (ties: the lower one).
        uint64_t *k_at = &keep [best_cl];
        if (!*k_at || best_n > held [best_cl]
        ||  (best_n == held [best_cl] && it [a].label < *k_at)) {
            *k_at = it [a].label;
            held [best_cl] = best_n;
        }
        a = b;
    }
    free (it);
    free (held);
    return 0;
}
