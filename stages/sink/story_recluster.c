//  depeche sink — re-clustering a group of the window into stories on an
//  arrival (story.h for the method): the group's members in id-hash order,
//  the margins of their compared pairs, average link (cluster.c), each
//  story's label kept from most of its articles, and the records of what
//  merged, moved or was retired. Not here: which articles form a group
//  and the margins themselves (story.c).
#include "sink/story_int.h"
#include "sink/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t idh;
    const char *id;
    uint32_t slot;
} s_member_t;

static int
s_by_id (const void *a, const void *b)
{
    const s_member_t *x = a, *y = b;
    if (x->idh != y->idh)
        return x->idh < y->idh ? -1 : 1;
    return strcmp (x->id, y->id);
}

//  Sorts x[0..n) ascending through tmp (n values): a radix sort, a byte at
//  a time from the lowest, a byte every value shares skipped (most of the
//  member's index); a few values by insertion. The values are the keys, so the order is qsort's; a
//  group of 64 members sorts its ~1 000 keys in a few thousand steps, where
//  qsort's calls to a comparison took ~270 K instructions.
static void
s_sort_keys (uint64_t *x, uint64_t *tmp, size_t n)
{
    if (n <= 64) {
        //  A small group (most on real text): by insertion, fewer steps.
        for (size_t i = 1; i < n; i++) {
            uint64_t v = x [i];
            size_t j = i;
            for (; j > 0 && x [j - 1] > v; j--)
                x [j] = x [j - 1];
            x [j] = v;
        }
        return;
    }
    uint64_t *a = x, *b = tmp;
    for (int shift = 0; n > 1 && shift < 64; shift += 8) {
        size_t at [256] = { 0 };
        for (size_t i = 0; i < n; i++)
            at [(a [i] >> shift) & 0xff]++;
        if (at [(a [0] >> shift) & 0xff] == n)
            continue;
        size_t sum = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = at [d];
            at [d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            b [at [(a [i] >> shift) & 0xff]++] = a [i];
        uint64_t *t = a;
        a = b;
        b = t;
    }
    if (a != x)
        memcpy (x, a, n * sizeof *x);
}

//  A label no story of the window has, from base.
uint64_t
dp_story_fresh (const dp_story_t *self, uint64_t base, const uint64_t *taken, size_t n_taken)
{
    for (;;) {
        bool used = !base || dp_story_map_get (&self->labels, base);
        for (size_t i = 0; i < n_taken && !used; i++)
            used = taken [i] == base;
        if (!used)
            return base;
        base = (uint64_t) dp_story_mix (base + 0x9e3779b97f4a7c15ull);
    }
}

//  Records that the articles of the group gives to story `to` came from
//  label `from`: a merge when all of from's went there and there is the new
//  article's story, else a move per article (and the label retired goes to
//  the story most of them went to).
static int
s_report (dp_story_t *self, const s_member_t *m, const uint64_t *from, const uint64_t *to,
          size_t n, uint64_t story)
{
    //  Each old label once, in the order of the members.
    for (size_t i = 0; i < n; i++) {
        size_t first = 0;
        while (from [first] != from [i])
            first++;
        if (!from [i] || first < i)
            continue;
        uint64_t label = from [i];
        bool gone = !dp_story_map_get (&self->labels, label), all_here = gone, moved = false;
        for (size_t j = i; j < n; j++) {
            all_here = all_here && (from [j] != label || to [j] == story);
            moved = moved || (from [j] == label && to [j] != label);
        }
        if (!moved)
            continue;
        if (all_here) {
            if (dp_story_grow ((void **) &self->merged, &self->cap_merged, self->n_merged,
                        sizeof *self->merged))
                return -1;
            self->merged [self->n_merged++] = label;
            continue;
        }
        uint64_t most = 0;
        size_t most_n = 0;
        for (size_t j = i; j < n; j++) {
            if (from [j] != label || to [j] == label)
                continue;
            size_t c = 0;
            for (size_t q = i; q < n; q++)
                c += from [q] == label && to [q] == to [j];
            if (c > most_n || (c == most_n && to [j] < most)) {
                most = to [j];
                most_n = c;
            }
            if (dp_story_grow ((void **) &self->moves, &self->cap_moves, self->n_moves,
                        sizeof *self->moves))
                return -1;
            self->moves [self->n_moves++] = (dp_story_move_t) { m [j].id, label, to [j] };
        }
        if (gone) {
            if (dp_story_grow ((void **) &self->aliases, &self->cap_aliases, self->n_aliases,
                        sizeof *self->aliases))
                return -1;
            self->aliases [self->n_aliases++] = (dp_story_alias_t) { label, most };
        }
    }
    return 0;
}

//  Re-clusters group g from scratch, its members in id-hash order (so the
//  stories do not depend on the order they came in), and gives each story
//  the label of most of its articles; nd is the new article (no label yet).
//  Returns 0 or -1 when out of memory.
int
dp_story_recluster (dp_story_t *self, dp_story_group_t *g, dp_story_doc_t *nd)
{
    size_t n = g->n, nk = 0;
    s_member_t *m = malloc (n * sizeof *m);
    float *margin = malloc (n * n * sizeof *margin);
    uint64_t *keys = malloc (n * DP_STORY_KEYS * sizeof *keys);
    uint64_t *sorted = malloc (n * DP_STORY_KEYS * sizeof *sorted);
    uint64_t *from = malloc (n * sizeof *from), *to = malloc (n * sizeof *to);
    uint64_t *age = malloc (n * sizeof *age), *keep = malloc (n * sizeof *keep);
    uint32_t *cl = malloc (n * sizeof *cl);
    int k = -1;
    if (!m || !margin || !keys || !sorted || !from || !to || !age || !keep || !cl)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const dp_story_doc_t *d = &self->docs [g->members [i]];
        m [i] = (s_member_t) { d->idh, d->id, g->members [i] };
    }
    qsort (m, n, sizeof *m, s_by_id);
    //  Only pairs sharing a bucket key were compared (as in the stream):
    //  (key, member) sorted, each run of one key gives its pairs.
    for (size_t i = 0; i < n; i++) {
        const dp_story_doc_t *d = &self->docs [m [i].slot];
        from [i] = d->label;
        age [i] = d->pos;
        for (size_t j = 0; j < n; j++)
            margin [i * n + j] = NAN;
        for (int q = 0; q < DP_STORY_KEYS; q++)
            if (d->sig.key [q])
                keys [nk++] = (uint64_t) d->sig.key [q] << 32 | i;
    }
    s_sort_keys (keys, sorted, nk);
    for (size_t a = 0; a < nk; ) {
        size_t b = a;
        while (b < nk && keys [b] >> 32 == keys [a] >> 32)
            b++;
        for (size_t x = a; x < b; x++)
            for (size_t y = x + 1; y < b; y++) {
                size_t i = (uint32_t) keys [x], j = (uint32_t) keys [y];
                if (i == j || !isnan (margin [i * n + j]))
                    continue;
                const dp_story_doc_t *di = &self->docs [m [i].slot], *dj = &self->docs [m [j].slot];
                margin [i * n + j] = dp_story_margin (self, &di->sig, di->pos,
                                                      &dj->sig, dj->pos, NULL, NULL);
            }
        a = b;
    }
    for (size_t i = 0; i < n * n; i++)
        if (isnan (margin [i]))
            margin [i] = DP_CLUSTER_APART;
    k = dp_cluster_average (n, margin, self->thr, cl);
    if (k < 0 || dp_cluster_keep (n, from, age, cl, (size_t) k, keep)) {
        k = -1;
        goto done;
    }
    //  Clusters that keep no label take a new one: a new article's id hash
    //  (as when it opens a story alone), else one mixed with the arrival's
    //  position, never a label a story had before (a merge may have
    //  retired the first member's, and the database leads that elsewhere).
    for (size_t i = 0; i < n; i++)
        if (!keep [cl [i]]) {
            const dp_story_doc_t *d = &self->docs [m [i].slot];
            uint64_t base = d == nd ? m [i].idh
                          : (uint64_t) dp_story_mix (m [i].idh ^ (nd->pos + 1) * 0x9e3779b97f4a7c15ull);
            keep [cl [i]] = dp_story_fresh (self, base, keep, (size_t) k);
        }
    uint64_t story = 0;
    for (size_t i = 0; i < n; i++) {
        dp_story_doc_t *d = &self->docs [m [i].slot];
        to [i] = keep [cl [i]];
        if (d == nd)
            story = to [i];
        if (to [i] != from [i]
        &&  (dp_story_label_add (self, from [i], -1) || dp_story_label_add (self, to [i], 1))) {
            k = -1;
            goto done;
        }
        d->label = to [i];
    }
    if (s_report (self, m, from, to, n, story))
        k = -1;
done:
    free (m);
    free (margin);
    free (keys);
    free (sorted);
    free (from);
    free (to);
    free (age);
    free (keep);
    free (cl);
    return k < 0 ? -1 : 0;
}
