//  depeche tag — training of the averaged perceptron (tagm.h) from CoNLL
//  files, read by train_read.c. Deterministic: integer weights, a seeded
//  xorshift shuffle, no clock.
#include "tag/train_int.h"
#include "tag/tag_lang.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
dp_tagm_open_misc (uint8_t *g, const uint8_t *y, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (y [i] != 7) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && y [j] == 8)
            j++;
        bool all_o = true;
        for (size_t k = i; k < j; k++)
            all_o = all_o && g [k] == 0;
        if (all_o)
            for (size_t k = i; k < j; k++)
                g [k] = y [k];
        i = j;
    }
}

//  --------------------------------------------------------------------------
//  xorshift64*, the only randomness.

static uint64_t
s_rand (uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ull;
}

static long s_prune = 4;              //  |weight| below this is dropped

//  Averaged weights of runs training runs, quantised to int16 into q: the
//  sums over the runs done of the final weights W and of their
//  update-time products U (NULL: none), plus the last run (w, u), all of c
//  updates (every run sees the same tokens, so the same c). Each run's
//  average is w - u/c, their mean (W + w)/runs - (U + u)/(c runs); with
//  one run exactly the single perceptron's, and K runs of one seed give
//  the bytes of that one run (integer sums, one division each).
static void
s_average (const int64_t *W, const int64_t *U, const int32_t *w,
           const int64_t *u, uint64_t c, unsigned runs, size_t len, int16_t *q)
{
    double dc = (double) c * runs, maxabs = 0;
    for (size_t k = 0; k < len; k++) {
        double a = (double) ((W ? W [k] : 0) + w [k]) / runs
                   - (double) ((U ? U [k] : 0) + u [k]) / dc;
        if (a < 0)
            a = -a;
        if (a > maxabs)
            maxabs = a;
    }
    double scale = maxabs > 0 ? 32000.0 / maxabs : 1;
    for (size_t k = 0; k < len; k++) {
        double a = ((double) ((W ? W [k] : 0) + w [k]) / runs
                    - (double) ((U ? U [k] : 0) + u [k]) / dc) * scale;
        long v = (long) (a < 0 ? a - 0.5 : a + 0.5);
        //  Weights this small never change a decision: prune for size.
        if (v > -s_prune && v < s_prune)
            v = 0;
        q [k] = (int16_t) v;
    }
}

//  Scores model m on corpus c: prints per-type and micro P/R/F1 over
//  PER/LOC/ORG; returns that micro F1.
static double
s_score (const dp_tagm_t *m, const dp_train_corpus_t *c, FILE *log)
{
    dp_tagm_score_t sc = { 0 };
    uint8_t *y = malloc (c->n_toks + 1);
    if (!y)
        return 0;
    for (size_t s = 0; s < c->n_sents; s++) {
        const dp_train_sent_t *st = &c->sents [s];
        dp_tagm_decode (m, c->toks + st->first, st->n, y);
        if (dp_tagm_score_add (&sc, y, c->gold + st->first, st->n))
            break;
    }
    free (y);
    return dp_tagm_score_print (&sc, log);
}

//  Viterbi decoding of one sentence with the training weights w (stride
//  DP_TAGM_NLABELS), static rows feats[i * nf ..]; as dp_tagm_decode.
static void
s_viterbi32 (const int32_t *w, const uint32_t *feats, size_t nf,
             const dp_tagm_tok_t *toks, size_t n, uint32_t mask, uint8_t *y)
{
    enum { L = DP_TAGM_NLABELS };
    uint8_t (*bp) [L] = malloc ((n + 1) * sizeof *bp);
    if (!bp) {
        memset (y, 0, n);
        return;
    }
    int64_t delta [L], nd [L];
    const int64_t NEG = INT64_MIN / 4;
    for (size_t i = 0; i < n; i++) {
        int64_t st [L] = { 0 };
        for (size_t k = 0; k < nf; k++) {
            const int32_t *row = w + (size_t) feats [i * nf + k] * L;
            for (int l = 0; l < L; l++)
                st [l] += row [l];
        }
        for (int l = 0; l < L; l++)
            nd [l] = NEG;
        for (int p = 0; p < (i ? L : 1); p++) {
            if (i && delta [p] == NEG)
                continue;
            int p2 = i >= 2 ? bp [i - 1][p] : 0;
            uint32_t hf [4];
            dp_tagm_hist (toks, i, p, p2, mask, hf);
            int64_t sc [L];
            memcpy (sc, st, sizeof sc);
            for (size_t k = 0; k < 4; k++) {
                const int32_t *row = w + (size_t) hf [k] * L;
                for (int l = 0; l < L; l++)
                    sc [l] += row [l];
            }
            int64_t base = i ? delta [p] : 0;
            for (int l = 0; l < L; l++)
                if (dp_tagm_allowed (p, l) && base + sc [l] > nd [l]) {
                    nd [l] = base + sc [l];
                    bp [i][l] = (uint8_t) p;
                }
        }
        memcpy (delta, nd, sizeof delta);
    }
    if (n) {
        int best = 0;
        for (int l = 1; l < L; l++)
            if (delta [l] > delta [best])
                best = l;
        for (size_t i = n; i-- > 0;) {
            y [i] = (uint8_t) best;
            best = bp [i][best];
        }
    }
    free (bp);
}

//  --------------------------------------------------------------------------
//  Word clusters (tagm_clus.c) of k classes learnt from the text trained on
//  (a and b; never the held-out part), or NULL (reason logged).

static dp_tagm_lex_t *
s_clusters (const dp_train_corpus_t *a, const dp_train_corpus_t *b, unsigned k, uint64_t seed)
{
    size_t n = a->n_toks + a->n_sents + b->n_toks + b->n_sents, o = 0;
    uint32_t *seq = malloc ((n + 1) * sizeof *seq);
    if (!seq) {
        dp_log_error ("tag-train: out of memory");
        return NULL;
    }
    for (const dp_train_corpus_t *c = a; c; c = c == a ? b : NULL)
        for (size_t s = 0; s < c->n_sents; s++) {
            for (size_t i = 0; i < c->sents [s].n; i++)
                seq [o++] = c->toks [c->sents [s].first + i].lower;
            seq [o++] = 0;
        }
    dp_tagm_lex_t *clus = dp_tagm_clus_learn (seq, o, k, 3, 12, seed);
    free (seq);
    if (!clus)
        dp_log_error ("tag-train: cannot learn %u word clusters (too little text?)", k);
    else
        fprintf (stderr, "tag-train: %u word clusters of %zu forms\n", k, clus->n);
    return clus;
}

//  Gives c's tokens their cluster and computes their features again.
static void
s_set_clusters (dp_train_corpus_t *c, const dp_tagm_lex_t *clus, uint32_t mask)
{
    for (size_t i = 0; i < c->n_toks; i++)
        c->toks [i].cl = dp_tagm_lex_get (clus, c->toks [i].lower);
    for (size_t s = 0; s < c->n_sents; s++) {
        const dp_train_sent_t *st = &c->sents [s];
        for (size_t i = 0; i < st->n; i++)
            dp_tagm_feats (c->toks + st->first, st->n, i, mask,
                           c->feats + (st->first + i) * c->nf);
    }
}

//  --------------------------------------------------------------------------
//  One training run: what it reads and the arrays it works in.
typedef struct {
    const dp_train_corpus_t *train, *devtrain, *held;
    const dp_tagm_t *model;             //  reads q, for the epoch scores
    size_t *order;                      //  n_items work items
    size_t n_items;
    int32_t *w;                         //  weights, zero at the start
    int64_t *u;                         //  their update-time products
    int16_t *q;                         //  the run's averaged weights
    size_t len;
    uint8_t *y, *g_open;                //  per token scratch
    uint32_t mask;
    unsigned epochs;
} s_job_t;

//  Trains job's weights from zero for its epochs, the order of the work
//  items shuffled by seed (the same seed, the same run); leaves the run's
//  averaged weights in q, logs each epoch's score. Returns the update step
//  count c (the same for every run).
static uint64_t
s_run (const s_job_t *job, uint64_t seed)
{
    const dp_train_corpus_t *train = job->train, *devtrain = job->devtrain;
    size_t *order = job->order, n_items = job->n_items;
    int32_t *w = job->w;
    int64_t *u = job->u;
    uint8_t *y = job->y;
    uint32_t mask = job->mask;
    //  The order of work items: (corpus, sentence), dev part repeated.
    for (size_t k = 0; k < n_items; k++)
        order [k] = k < train->n_sents ? k
                  : (1ull << 40) | ((k - train->n_sents) % (devtrain->n_sents ? devtrain->n_sents : 1));
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 1;
    uint64_t c = 1;
    for (unsigned ep = 1; ep <= job->epochs; ep++) {
        for (size_t k = n_items; k > 1; k--) {
            size_t j = (size_t) (s_rand (&rng) % k);
            size_t t = order [k - 1];
            order [k - 1] = order [j];
            order [j] = t;
        }
        size_t errors = 0, seen = 0;
        for (size_t it = 0; it < n_items; it++) {
            const dp_train_corpus_t *cp = (order [it] >> 40) ? devtrain : train;
            const dp_train_sent_t *st = &cp->sents [order [it] & ((1ull << 40) - 1)];
            const dp_tagm_tok_t *toks = cp->toks + st->first;
            const uint8_t *gold = cp->gold + st->first;
            s_viterbi32 (w, cp->feats + st->first * cp->nf, cp->nf, toks,
                         st->n, mask, y);
            if (st->nomisc) {
                memcpy (job->g_open, gold, st->n);
                dp_tagm_open_misc (job->g_open, y, st->n);
                gold = job->g_open;
            }
            //  Structured update: features of the gold path up, of the
            //  predicted path down, at each token where they differ.
            for (size_t i = 0; i < st->n; i++) {
                int g = gold [i], b = y [i];
                int gp1 = i >= 1 ? gold [i - 1] : 0, gp2 = i >= 2 ? gold [i - 2] : 0;
                int bp1 = i >= 1 ? y [i - 1] : 0, bp2 = i >= 2 ? y [i - 2] : 0;
                seen++;
                if (g == b && gp1 == bp1 && gp2 == bp2) {
                    c++;
                    continue;
                }
                if (g != b)
                    errors++;
                uint32_t f [DP_TAGM_MAXF];
                size_t nf = cp->nf;
                memcpy (f, cp->feats + (st->first + i) * nf, nf * sizeof *f);
                size_t nh = dp_tagm_hist (toks, i, gp1, gp2, mask, f + nf);
                for (size_t k = 0; k < nf + nh; k++) {
                    size_t r = (size_t) f [k] * DP_TAGM_NLABELS + (size_t) g;
                    w [r]++;
                    u [r] += (int64_t) c;
                }
                dp_tagm_hist (toks, i, bp1, bp2, mask, f + nf);
                for (size_t k = 0; k < nf + nh; k++) {
                    size_t r = (size_t) f [k] * DP_TAGM_NLABELS + (size_t) b;
                    w [r]--;
                    u [r] -= (int64_t) c;
                }
                c++;
            }
        }
        s_average (NULL, NULL, w, u, c, 1, job->len, job->q);
        fprintf (stderr, "tag-train: epoch %u/%u: %zu tokens, train error %.4f;",
                 ep, job->epochs, seen, seen ? (double) errors / (double) seen : 0);
        if (job->held->n_sents) {
            fprintf (stderr, " held-out");
            s_score (job->model, job->held, stderr);
        }
        else
        if (devtrain->n_sents) {
            //  Nothing held out (the shipped model): the dev score is one
            //  on trained-on text, a check that training converges only.
            fprintf (stderr, " dev (trained on, not held out)");
            s_score (job->model, devtrain, stderr);
        }
        else
            fprintf (stderr, "\n");
    }
    return c;
}

//  --------------------------------------------------------------------------

int
dp_tagm_train (const dp_tagm_train_cfg_t *cfg)
{
    if (getenv ("DP_TAGM_PRUNE"))
        s_prune = atol (getenv ("DP_TAGM_PRUNE"));
    uint32_t bits = cfg->bits ? cfg->bits : 20;
    uint32_t mask = (1u << bits) - 1;
    size_t rows = (size_t) 1 << bits;
    size_t len = rows * DP_TAGM_NLABELS;
    int rc = -1;
    dp_train_corpus_t train = { 0 }, held = { 0 }, devtrain = { 0 };
    int32_t *w = NULL;
    int64_t *u = NULL;
    int16_t *q = NULL;
    int64_t *W = NULL, *U = NULL;           //  sums of the runs before the last
    size_t *order = NULL;
    uint8_t *y = NULL, *g_open = NULL;
    dp_tagm_t model = { 0 };
    dp_tagm_lex_t *clus = NULL;
    dp_train_folds_t map = { 0 };
    dp_tagger_t *tagger = cfg->lang ? dp_tagger_new_lang (cfg->datadir, NULL, cfg->lang)
                                    : dp_tagger_new_with (cfg->datadir, NULL);
    bool en = cfg->lang && !strcmp (cfg->lang, "en");
    if (!tagger)
        return -1;
    if (cfg->lexicon && dp_tagger_read_lexicon (tagger, cfg->lexicon)) {
        dp_tagger_destroy (&tagger);
        return -1;
    }
    {
        dp_tagm_tok_t probe [1];
        uint32_t f [DP_TAGM_MAXF];
        dp_tagm_tok (probe, "x", 1, 0);
        if (!en)
            probe [0].pcode = DP_TAGM_P_ON;     //  French: phrase rows
        train.nf = held.nf = devtrain.nf = dp_tagm_feats (probe, 1, 0, mask, f);
    }
    for (size_t k = 0; k < cfg->n_train; k++) {
        size_t s0 = train.n_sents;
        long ns = dp_train_read (cfg->train [k], tagger, &train, NULL, &map, 0, 0,
                          mask);
        if (ns < 0)
            goto done;
        if (en)
            dp_train_mark_nomisc (&train, s0);
        fprintf (stderr, "tag-train: %s: %ld sentences\n", cfg->train [k], ns);
    }
    if (cfg->dev) {
        if (cfg->fold_map && dp_train_folds_load (&map, cfg->fold_map, cfg->folds))
            goto done;
        long ns = dp_train_read (cfg->dev, tagger, &devtrain, &held, &map, cfg->fold,
                          cfg->folds, mask);
        if (ns < 0)
            goto done;
        if (map.fold && map.n != (size_t) ns) {
            dp_log_error ("tag-train: %s has %zu lines for %ld sentences",
                          cfg->fold_map, map.n, ns);
            goto done;
        }
        fprintf (stderr, "tag-train: %s: %zu sentences trained on (x%u), "
                 "%zu held out (fold %u/%u)\n", cfg->dev, devtrain.n_sents,
                 cfg->dev_repeat, held.n_sents, cfg->fold, cfg->folds);
    }
    if (!en && cfg->clusters) {
        clus = s_clusters (&train, &devtrain, cfg->clusters, cfg->seed);
        if (!clus)
            goto done;
        dp_tagger_set_clusters (tagger, clus);
        s_set_clusters (&train, clus, mask);
        s_set_clusters (&devtrain, clus, mask);
        s_set_clusters (&held, clus, mask);
    }
    size_t n_items = train.n_sents + devtrain.n_sents * cfg->dev_repeat;
    unsigned runs = cfg->runs > 1 ? cfg->runs : 1;
    w = calloc (len, sizeof *w);
    u = calloc (len, sizeof *u);
    q = calloc (len, sizeof *q);
    if (runs > 1) {
        W = calloc (len, sizeof *W);
        U = calloc (len, sizeof *U);
    }
    order = malloc ((n_items + 1) * sizeof *order);
    y = malloc (train.n_toks + devtrain.n_toks + 1);
    g_open = malloc (train.n_toks + devtrain.n_toks + 1);
    if (!w || !u || !q || !order || !y || !g_open || (runs > 1 && (!W || !U))) {
        dp_log_error ("tag-train: out of memory");
        goto done;
    }
    model.bits = bits;
    model.mask = mask;
    model.w = q;
    model.stride = DP_TAGM_NLABELS;
    s_job_t job = {
        .train = &train, .devtrain = &devtrain, .held = &held, .model = &model,
        .order = order, .n_items = n_items, .w = w, .u = u, .q = q, .len = len,
        .y = y, .g_open = g_open, .mask = mask, .epochs = cfg->epochs
    };
    //  Run r starts from zero weights and the same order, shuffled by its
    //  seed; the runs before the last are summed into W and U.
    uint64_t c = 0;
    for (unsigned r = 0; r < runs; r++) {
        uint64_t seed = cfg->seed + (cfg->runs_same_seed ? 0 : r);
        if (runs > 1)
            fprintf (stderr, "tag-train: run %u/%u, seed %llu\n", r + 1, runs,
                     (unsigned long long) seed);
        if (r) {
            for (size_t k = 0; k < len; k++) {
                W [k] += w [k];
                U [k] += u [k];
            }
            memset (w, 0, len * sizeof *w);
            memset (u, 0, len * sizeof *u);
        }
        uint64_t cr = s_run (&job, seed);
        if (r && cr != c) {
            dp_log_error ("tag-train: run %u made %llu steps, not %llu", r + 1,
                          (unsigned long long) cr, (unsigned long long) c);
            goto done;
        }
        c = cr;
    }
    if (runs > 1) {
        s_average (W, U, w, u, c, runs, len, q);
        fprintf (stderr, "tag-train: %u runs averaged:", runs);
        if (held.n_sents) {
            fprintf (stderr, " held-out");
            s_score (&model, &held, stderr);
        }
        else
            fprintf (stderr, "\n");
    }
    size_t nz = 0;
    for (size_t k = 0; k < len; k++)
        nz += q [k] != 0;
    char info [1024];
    char names [200] = "";
    for (size_t k = 0; k < cfg->n_train; k++) {
        const char *b = strrchr (cfg->train [k], '/');
        b = b ? b + 1 : cfg->train [k];
        if (strlen (names) + strlen (b) + 2 < sizeof names) {
            strcat (names, b);
            strcat (names, " ");
        }
    }
    const char *db = cfg->dev ? strrchr (cfg->dev, '/') : NULL;
    db = db ? db + 1 : cfg->dev;
    char held_out [96] = "";
    if (db && cfg->folds)
        snprintf (held_out, sizeof held_out, " (%s; fold %u/%u held out)",
                  map.fold ? "fold map" : "blocks of 10 sentences",
                  cfg->fold, cfg->folds);
    else
    if (db)
        snprintf (held_out, sizeof held_out, " (all; nothing held out)");
    char seeds [80];
    if (runs > 1)
        snprintf (seeds, sizeof seeds, "seeds %llu-%llu, %u runs averaged",
                  (unsigned long long) cfg->seed, (unsigned long long)
                  (cfg->seed + (cfg->runs_same_seed ? 0 : runs - 1)), runs);
    else
        snprintf (seeds, sizeof seeds, "seed %llu", (unsigned long long) cfg->seed);
    snprintf (info, sizeof info,
              "trained on: %s%s%s%s; epochs %u; %s; 2^%u rows; "
              "%zu non-zero weights; word classes of %zu forms; "
              "%u word clusters of %zu forms; date %s",
              names, db ? "+ " : "", db ? db : "", held_out,
              cfg->epochs, seeds, bits, nz,
              dp_tagger_lexicon (tagger) ? dp_tagger_lexicon (tagger)->n : 0,
              clus ? cfg->clusters : 0, clus ? clus->n : 0,
              cfg->date ? cfg->date : "unset");
    info [511] = '\0';
    fprintf (stderr, "tag-train: %s\n", info);
    if (dp_tagm_save (cfg->out, bits, q, dp_tagger_lexicon (tagger), clus, info))
        goto done;
    rc = 0;
done:
    free (w);
    free (u);
    free (q);
    free (W);
    free (U);
    free (y);
    free (g_open);
    free (order);
    dp_train_corpus_free (&train);
    dp_train_corpus_free (&held);
    dp_train_corpus_free (&devtrain);
    free (map.fold);
    dp_tagger_destroy (&tagger);
    dp_tagm_lex_destroy (&clus);
    return rc;
}
