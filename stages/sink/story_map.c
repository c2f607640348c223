//  depeche sink — the stories' map of 64-bit keys to 64-bit values
//  (story_int.h): insertion with growth, deletion by backward shift. Not
//  here: the lookup (inline in story_int.h), what the keys mean.
#include "sink/story_int.h"

#include <stdlib.h>

int
dp_story_map_put (dp_story_map_t *m, uint64_t key, uint64_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        dp_story_map_t big = { calloc (ncap, 8), calloc (ncap, 8), ncap, 0 };
        if (!big.k || !big.v) {
            free (big.k);
            free (big.v);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->k [i]) {
                size_t j = dp_story_mix (m->k [i]) & (ncap - 1);
                while (big.k [j])
                    j = (j + 1) & (ncap - 1);
                big.k [j] = m->k [i];
                big.v [j] = m->v [i];
            }
        big.n = m->n;
        free (m->k);
        free (m->v);
        *m = big;
    }
    size_t j = dp_story_mix (key) & (m->cap - 1);
    while (m->k [j] && m->k [j] != key)
        j = (j + 1) & (m->cap - 1);
    if (!m->k [j])
        m->n++;
    m->k [j] = key;
    m->v [j] = val;
    return 0;
}

void
dp_story_map_del (dp_story_map_t *m, uint64_t key)
{
    if (!m->cap)
        return;
    size_t mask = m->cap - 1, j = dp_story_mix (key) & mask;
    while (m->k [j] && m->k [j] != key)
        j = (j + 1) & mask;
    if (!m->k [j])
        return;
    m->n--;
    //  Backward shift: pull later entries of the run into the hole.
    for (size_t i = (j + 1) & mask; m->k [i]; i = (i + 1) & mask) {
        size_t home = dp_story_mix (m->k [i]) & mask;
        if (((i - home) & mask) >= ((i - j) & mask)) {
            m->k [j] = m->k [i];
            m->v [j] = m->v [i];
            j = i;
        }
    }
    m->k [j] = 0;
    m->v [j] = 0;
}
