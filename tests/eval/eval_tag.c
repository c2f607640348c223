//  depeche tag — evaluation driver: micro P/R/F1 with exact span match on
//  fr_dev.txt + fr_dev.spans.tsv (one sentence per line), per type; or, with
//  --show FILE..., prints the entities of whole articles; or, with --bench
//  FILE, measures tokens per second. Not part of the pipeline.
#include "tag/tag.h"
#include "tag/tagm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_MAX_GOLD 100000

//  One gold or predicted span.
typedef struct {
    int line;                           //  1-based line of fr_dev.txt
    uint32_t start;                     //  byte offset in the line
    uint32_t end;                       //  exclusive
    char type [8];                      //  PER LOC ORG MISC
} s_span_t;

static const char *const s_types [] = { "PER", "LOC", "ORG", "MISC" };

static int
s_type_index (const char *t)
{
    for (int k = 0; k < 4; k++)
        if (!strcmp (t, s_types [k]))
            return k;
    return -1;
}

//  --------------------------------------------------------------------------
//  Prints every entity of each file given.

static int
s_show (dp_tagger_t *tagger, int argc, char **argv)
{
    for (int a = 0; a < argc; a++) {
        size_t len;
        char *text = dp_read_file (argv [a], &len);
        if (!text)
            return 1;
        dp_entities_t ents = { 0 };
        if (dp_tag (tagger, text, len, NULL, 0, NULL, 0, &ents))
            return 1;
        printf ("== %s\n", argv [a]);
        for (size_t k = 0; k < ents.n; k++)
            printf ("%u\t%u\t%s\t%.*s\t%s\n", ents.v [k].start, ents.v [k].end,
                    ents.v [k].type, (int) (ents.v [k].end - ents.v [k].start),
                    text + ents.v [k].start, ents.v [k].norm);
        dp_entities_free (&ents);
        free (text);
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Tags the file (one sentence per line) repeatedly; prints tokens/s.

static int
s_bench (dp_tagger_t *tagger, const char *path)
{
    size_t len;
    char *text = dp_read_file (path, &len);
    if (!text)
        return 1;
    dp_spans_t sents = { 0 };
    size_t tokens = 0;
    uint32_t a = 0;
    for (uint32_t i = 0; i <= len; i++) {
        if (i == len || text [i] == '\n') {
            if (i > a)
                dp_spans_push (&sents, a, i);
            a = i + 1;
        }
        if (i < len && text [i] != ' ' && text [i] != '\n'
        &&  (i == 0 || text [i - 1] == ' ' || text [i - 1] == '\n'))
            tokens++;
    }
    struct timespec t0, t1;
    int rounds = 20;
    size_t n_ents = 0;
    clock_gettime (CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < rounds; r++) {
        dp_entities_t ents = { 0 };
        dp_tag (tagger, text, len, sents.v, sents.n, NULL, 0, &ents);
        n_ents = ents.n;
        dp_entities_free (&ents);
    }
    clock_gettime (CLOCK_MONOTONIC, &t1);
    double secs = (double) (t1.tv_sec - t0.tv_sec)
                + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf ("%zu bytes, %zu whitespace tokens, %zu entities, %.0f tokens/s, "
            "%.1f MB/s\n", len, tokens, n_ents, tokens * rounds / secs,
            len * rounds / secs / 1e6);
    dp_spans_free (&sents);
    free (text);
    return 0;
}

//  --------------------------------------------------------------------------
//  Scoring: the lines of fr_dev.txt in fold k of folds (all if folds is 0)
//  tagged with one model, counts added per type.

typedef struct {
    s_span_t *gold;
    size_t n_gold;
    const char *txt;                    //  path of fr_dev.txt
    bool verbose;
    long tp [4], fp [4], fn [4];
} s_eval_t;

static int
s_score (s_eval_t *ev, dp_tagger_t *tagger, unsigned k, unsigned folds)
{
    FILE *f = fopen (ev->txt, "r");
    if (!f) {
        perror (ev->txt);
        return -1;
    }
    static char text [65536];
    int lineno = 0;
    size_t gi = 0;
    while (fgets (text, sizeof text, f)) {
        lineno++;
        if (folds && !DP_TAGM_IN_FOLD ((size_t) (lineno - 1), k, folds)) {
            while (gi < ev->n_gold && ev->gold [gi].line <= lineno)
                gi++;
            continue;
        }
        size_t len = strlen (text);
        while (len && (text [len - 1] == '\n' || text [len - 1] == '\r'))
            text [--len] = '\0';
        dp_entities_t ents = { 0 };
        dp_span_t sent = { 0, (uint32_t) len };
        if (dp_tag (tagger, text, len, &sent, 1, NULL, 0, &ents)) {
            fclose (f);
            return -1;
        }
        size_t g0 = gi;
        while (gi < ev->n_gold && ev->gold [gi].line == lineno)
            gi++;
        const s_span_t *gold = ev->gold;
        bool *used = calloc (gi - g0 + 1, 1);
        if (!used) {
            dp_entities_free (&ents);
            fclose (f);
            return -1;
        }
        for (size_t e = 0; e < ents.n; e++) {
            int t = s_type_index (ents.v [e].type);
            if (t < 0)
                continue;
            bool hit = false;
            for (size_t g = g0; g < gi; g++)
                if (!used [g - g0] && gold [g].start == ents.v [e].start
                &&  gold [g].end == ents.v [e].end
                &&  !strcmp (gold [g].type, ents.v [e].type)) {
                    used [g - g0] = true;
                    hit = true;
                    break;
                }
            if (hit)
                ev->tp [t]++;
            else {
                ev->fp [t]++;
                if (ev->verbose)
                    printf ("FP\t%d\t%s\t%.*s\n", lineno, ents.v [e].type,
                            (int) (ents.v [e].end - ents.v [e].start),
                            text + ents.v [e].start);
            }
        }
        for (size_t g = g0; g < gi; g++) {
            int t = s_type_index (gold [g].type);
            if (!used [g - g0] && t >= 0) {
                ev->fn [t]++;
                if (ev->verbose)
                    printf ("FN\t%d\t%s\t%.*s\n", lineno, gold [g].type,
                            (int) (gold [g].end - gold [g].start),
                            text + gold [g].start);
            }
        }
        free (used);
        dp_entities_free (&ents);
    }
    fclose (f);
    return 0;
}

//  The fold a model was trained without, from its header ("fold K/N held
//  out"); false if it saw the whole dev set.
static bool
s_model_fold (dp_tagger_t *tagger, unsigned *k, unsigned *folds)
{
    const char *p = strstr (dp_tagger_model_info (tagger), "fold ");
    return p && sscanf (p, "fold %u/%u held out", k, folds) == 2
        && *folds >= 2 && *k < *folds;
}

static void
s_report (const s_eval_t *ev)
{
    long TP = 0, FP = 0, FN = 0;
    printf ("type   P      R      F1     (tp fp fn)\n");
    for (int t = 0; t < 6; t++) {
        long a = t < 4 ? ev->tp [t] : TP, b = t < 4 ? ev->fp [t] : FP,
             c = t < 4 ? ev->fn [t] : FN;
        double p = a + b ? (double) a / (double) (a + b) : 0;
        double r = a + c ? (double) a / (double) (a + c) : 0;
        double f1 = p + r ? 2 * p * r / (p + r) : 0;
        printf ("%-6s %.3f  %.3f  %.3f  (%ld %ld %ld)%s\n",
                t < 4 ? s_types [t] : t == 4 ? "micro" : "micro4", p, r, f1,
                a, b, c, t == 4 ? "   <- PER/LOC/ORG, the target metric"
                       : t == 5 ? "   <- PER/LOC/ORG/MISC" : "");
        if (t < 3 || t == 4) {
            TP += t == 4 ? ev->tp [3] : a;
            FP += t == 4 ? ev->fp [3] : b;
            FN += t == 4 ? ev->fn [3] : c;
        }
    }
}

//  --------------------------------------------------------------------------

int
main (int argc, char **argv)
{
    bool show = argc > 1 && !strcmp (argv [1], "--show");
    if (show || (argc > 1 && !strcmp (argv [1], "--bench"))) {
        dp_tagger_t *tagger = dp_tagger_new (NULL);
        if (!tagger)
            return 2;
        int rc = show ? s_show (tagger, argc - 2, argv + 2)
               : argc > 2 ? s_bench (tagger, argv [2]) : 2;
        dp_tagger_destroy (&tagger);
        return rc;
    }
    //  eval_tag DIR [-v] [MODEL...]: with models, each one scores the fold
    //  it was trained without (cross-validation); without, the bundled
    //  model scores its held-out fold, or every line (a training score).
    s_eval_t ev = { 0 };
    const char *dir = argc > 1 ? argv [1] : "../shared/eval/ner";
    int a = 2;
    if (a < argc && !strcmp (argv [a], "-v")) {
        ev.verbose = true;
        a++;
    }
    char path [4096];
    snprintf (path, sizeof path, "%s/fr_dev.spans.tsv", dir);
    FILE *f = fopen (path, "r");
    if (!f) {
        perror (path);
        return 2;
    }
    static s_span_t gold [S_MAX_GOLD];
    char line [8192];
    while (fgets (line, sizeof line, f) && ev.n_gold < S_MAX_GOLD) {
        s_span_t *g = &gold [ev.n_gold];
        if (sscanf (line, "%d\t%u\t%u\t%7s", &g->line, &g->start, &g->end,
                    g->type) == 4)
            ev.n_gold++;
    }
    fclose (f);
    ev.gold = gold;
    char txt [4096];
    snprintf (txt, sizeof txt, "%s/fr_dev.txt", dir);
    ev.txt = txt;

    int n_models = argc - a;
    unsigned seen = 0, folds = 0;       //  bit k: fold k scored
    for (int m = 0; m < (n_models ? n_models : 1); m++) {
        const char *model = n_models ? argv [a + m] : "";
        dp_tagger_t *tagger = dp_tagger_new_with (NULL, model);
        if (!tagger)
            return 2;
        unsigned k = 0, n = 0;
        bool held = s_model_fold (tagger, &k, &n);
        printf ("model: %s\n", dp_tagger_model_info (tagger));
        if (n_models && (!held || (folds && n != folds) || n > 32
                         || (seen & (1u << k)))) {
            fprintf (stderr, "eval_tag: %s: want one model per fold of the same "
                     "N, each trained with its fold held out\n", argv [a + m]);
            dp_tagger_destroy (&tagger);
            return 2;
        }
        folds = n;
        seen |= 1u << k;
        int rc = s_score (&ev, tagger, k, held ? n : 0);
        dp_tagger_destroy (&tagger);
        if (rc)
            return 2;
        if (!held)
            printf ("reported: EVERY sentence of %s/fr_dev: a TRAINING "
                    "score, the model saw them all (scripts/eval-tag "
                    "cross-validates)\n", dir);
    }
    if (n_models > 1 && seen != (folds >= 32 ? ~0u : (1u << folds) - 1)) {
        fprintf (stderr, "eval_tag: %d models for %u folds: a fold is missing\n",
                 n_models, folds);
        return 2;
    }
    if (folds)
        printf ("reported: %s of %s/fr_dev (blocks of 10 sentences, block b "
                "in fold b mod %u), each scored by a model trained without it\n",
                n_models > 1 ? "EVERY fold, cross-validated,"
                             : "the held-out fold",
                dir, folds);
    s_report (&ev);
    return 0;
}
