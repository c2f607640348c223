//  depeche tag — word clusters learnt from the training text when a model
//  is built: each word form seen often enough (by the hash of its
//  lowercased form, dp_tagm_tok_t.lower) is put in one of k clusters by
//  spherical k-means on the words seen just before and just after it
//  (Hellinger-weighted counts over the most frequent words). Words that
//  stand in the same places (« ministère », « commission », « conseil »)
//  share a cluster, so a feature learnt on one carries to the others.
//  The clusters are a learnt parameter, kept in the model file as a table
//  of hashes (tagm_lex.c's form), never as words. Deterministic: the same
//  text gives the same clusters. Deliberately not here: the features that
//  read the clusters (tagm.c), tokens, the file format.
#include "tag/tagm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S_CTX       300                 //  context words (most frequent)
#define S_OTHER     S_CTX               //  any other word
#define S_EDGE      (S_CTX + 1)         //  sentence start or end
#define S_DIM       (2 * (S_CTX + 2))   //  left contexts, then right ones

//  A count per distinct hash: open addressing, key 0 stored as 1.
typedef struct {
    uint32_t *keys;
    uint32_t *vals;
    uint32_t mask;
    size_t n;
} s_count_t;

static int
s_count_init (s_count_t *self, size_t cap)
{
    self->keys = calloc (cap, sizeof *self->keys);
    self->vals = calloc (cap, sizeof *self->vals);
    self->mask = (uint32_t) (cap - 1);
    self->n = 0;
    return self->keys && self->vals ? 0 : -1;
}

static void
s_count_free (s_count_t *self)
{
    free (self->keys);
    free (self->vals);
}

//  Slot of hash h (present or where it goes).
static uint32_t
s_count_slot (const s_count_t *self, uint32_t h)
{
    uint32_t key = h ? h : 1;
    uint32_t i = key & self->mask;
    while (self->keys [i] && self->keys [i] != key)
        i = (i + 1) & self->mask;
    return i;
}

//  Sort order of the vocabulary: most frequent first, then by hash.
static const s_count_t *s_by;
static int
s_cmp_freq (const void *a, const void *b)
{
    uint32_t sa = *(const uint32_t *) a, sb = *(const uint32_t *) b;
    uint32_t ca = s_by->vals [sa], cb = s_by->vals [sb];
    if (ca != cb)
        return ca > cb ? -1 : 1;
    return s_by->keys [sa] < s_by->keys [sb] ? -1 : s_by->keys [sa] > s_by->keys [sb];
}

static int
s_cmp_u64 (const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return x < y ? -1 : x > y;
}

static uint64_t
s_rand (uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

dp_tagm_lex_t *
dp_tagm_clus_learn (const uint32_t *seq, size_t n, unsigned k,
                    unsigned min_count, unsigned iters, uint64_t seed)
{
    if (k < 2 || k > 255)
        return NULL;
    dp_tagm_lex_t *out = NULL;
    s_count_t cnt = { 0 };
    uint32_t *vocab = NULL, *ctx_of = NULL, *rowp = NULL, *col = NULL;
    uint64_t *pairs = NULL;
    float *val = NULL, *cent = NULL, *sum = NULL, *best = NULL;
    uint8_t *assign = NULL;
    size_t cap = 1024;
    while (cap < 2 * n + 2)
        cap *= 2;
    if (s_count_init (&cnt, cap))
        goto done;
    for (size_t i = 0; i < n; i++)
        if (seq [i]) {
            uint32_t s = s_count_slot (&cnt, seq [i]);
            if (!cnt.keys [s]) {
                cnt.keys [s] = seq [i] ? seq [i] : 1;
                cnt.n++;
            }
            cnt.vals [s]++;
        }
    //  The vocabulary: slots of the words seen min_count times, most
    //  frequent first; the first S_CTX of them are the context words.
    vocab = malloc ((cnt.n + 1) * sizeof *vocab);
    ctx_of = malloc (((size_t) cnt.mask + 1) * sizeof *ctx_of);
    if (!vocab || !ctx_of)
        goto done;
    size_t nv = 0;
    for (uint32_t s = 0; s <= cnt.mask; s++)
        if (cnt.keys [s] && cnt.vals [s] >= min_count)
            vocab [nv++] = s;
    s_by = &cnt;
    qsort (vocab, nv, sizeof *vocab, s_cmp_freq);
    if (nv < k)
        goto done;
    //  ctx_of[slot]: (context id << 16) | 1 + vocabulary index (0: none;
    //  the vocabulary is capped at 65 535 words).
    if (nv > 65535)
        nv = 65535;
    memset (ctx_of, 0, ((size_t) cnt.mask + 1) * sizeof *ctx_of);
    for (size_t v = 0; v < nv; v++)
        ctx_of [vocab [v]] = (uint32_t) (v < S_CTX ? v : S_OTHER) << 16 | (uint32_t) (v + 1);
    //  (word, context) pairs, sorted and counted into sparse rows.
    pairs = malloc ((2 * n + 1) * sizeof *pairs);
    if (!pairs)
        goto done;
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        if (!seq [i])
            continue;
        uint32_t me = ctx_of [s_count_slot (&cnt, seq [i])];
        if (!(me & 0xFFFF))
            continue;
        uint64_t v = (me & 0xFFFF) - 1;
        uint32_t l = S_EDGE, r = S_EDGE;
        if (i > 0 && seq [i - 1]) {
            uint32_t c = ctx_of [s_count_slot (&cnt, seq [i - 1])];
            l = c & 0xFFFF ? c >> 16 : S_OTHER;
        }
        if (i + 1 < n && seq [i + 1]) {
            uint32_t c = ctx_of [s_count_slot (&cnt, seq [i + 1])];
            r = c & 0xFFFF ? c >> 16 : S_OTHER;
        }
        pairs [np++] = v << 32 | l;
        pairs [np++] = v << 32 | (S_CTX + 2 + r);
    }
    qsort (pairs, np, sizeof *pairs, s_cmp_u64);
    rowp = calloc (nv + 1, sizeof *rowp);
    col = malloc ((np + 1) * sizeof *col);
    val = malloc ((np + 1) * sizeof *val);
    if (!rowp || !col || !val)
        goto done;
    size_t nz = 0;
    for (size_t p = 0; p < np;) {
        size_t q = p;
        while (q < np && pairs [q] == pairs [p])
            q++;
        col [nz] = (uint32_t) pairs [p];
        val [nz] = sqrtf ((float) (q - p));
        rowp [(pairs [p] >> 32) + 1] = (uint32_t) ++nz;
        p = q;
    }
    for (size_t v = 1; v <= nv; v++)
        if (rowp [v] < rowp [v - 1])
            rowp [v] = rowp [v - 1];
    for (size_t v = 0; v < nv; v++) {
        float norm = 0;
        for (uint32_t e = rowp [v]; e < rowp [v + 1]; e++)
            norm += val [e] * val [e];
        norm = norm > 0 ? 1.0f / sqrtf (norm) : 0;
        for (uint32_t e = rowp [v]; e < rowp [v + 1]; e++)
            val [e] *= norm;
    }
    //  Seeds: k-means++ on 1 - cosine, from a seeded generator.
    cent = calloc ((size_t) k * S_DIM, sizeof *cent);
    sum = calloc ((size_t) k * S_DIM, sizeof *sum);
    best = malloc (nv * sizeof *best);
    assign = calloc (nv, 1);
    if (!cent || !sum || !best || !assign)
        goto done;
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 7;
    size_t first = (size_t) (s_rand (&rng) % nv);
    for (uint32_t e = rowp [first]; e < rowp [first + 1]; e++)
        cent [col [e]] = val [e];
    for (size_t v = 0; v < nv; v++)
        best [v] = 2.0f;
    for (unsigned c = 1; c < k; c++) {
        const float *pc = cent + (size_t) (c - 1) * S_DIM;
        double total = 0;
        for (size_t v = 0; v < nv; v++) {
            float dot = 0;
            for (uint32_t e = rowp [v]; e < rowp [v + 1]; e++)
                dot += val [e] * pc [col [e]];
            float d = 1.0f - dot;
            if (d < best [v])
                best [v] = d;
            total += (double) best [v] * best [v];
        }
        double pick = (double) (s_rand (&rng) >> 11) / 9007199254740992.0 * total;
        size_t at = nv - 1;
        for (size_t v = 0; v < nv; v++) {
            pick -= (double) best [v] * best [v];
            if (pick <= 0) {
                at = v;
                break;
            }
        }
        for (uint32_t e = rowp [at]; e < rowp [at + 1]; e++)
            cent [(size_t) c * S_DIM + col [e]] = val [e];
    }
    //  Lloyd's iterations: nearest centroid by cosine, centroids renormed.
    for (unsigned it = 0; it < iters; it++) {
        memset (sum, 0, (size_t) k * S_DIM * sizeof *sum);
        for (size_t v = 0; v < nv; v++) {
            float top = -2.0f;
            unsigned at = 0;
            for (unsigned c = 0; c < k; c++) {
                const float *pc = cent + (size_t) c * S_DIM;
                float dot = 0;
                for (uint32_t e = rowp [v]; e < rowp [v + 1]; e++)
                    dot += val [e] * pc [col [e]];
                if (dot > top) {
                    top = dot;
                    at = c;
                }
            }
            assign [v] = (uint8_t) at;
            float *ps = sum + (size_t) at * S_DIM;
            for (uint32_t e = rowp [v]; e < rowp [v + 1]; e++)
                ps [col [e]] += val [e];
        }
        for (unsigned c = 0; c < k; c++) {
            float *ps = sum + (size_t) c * S_DIM;
            float norm = 0;
            for (size_t d = 0; d < S_DIM; d++)
                norm += ps [d] * ps [d];
            if (norm <= 0)
                continue;               //  empty: the centroid stays
            norm = 1.0f / sqrtf (norm);
            for (size_t d = 0; d < S_DIM; d++)
                cent [(size_t) c * S_DIM + d] = ps [d] * norm;
        }
    }
    out = dp_tagm_lex_new ();
    if (!out)
        goto done;
    for (size_t v = 0; v < nv; v++)
        if (dp_tagm_lex_add (out, cnt.keys [vocab [v]], (uint8_t) (assign [v] + 1))) {
            dp_tagm_lex_destroy (&out);
            goto done;
        }
done:
    s_count_free (&cnt);
    free (vocab);
    free (ctx_of);
    free (pairs);
    free (rowp);
    free (col);
    free (val);
    free (cent);
    free (sum);
    free (best);
    free (assign);
    return out;
}
