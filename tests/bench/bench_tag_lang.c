//  depeche — the tagger's speed for each language: the text of FILE (one
//  sentence a line, e.g. the eval's en_dev.txt / fr_dev.txt, read in place)
//  cut into articles of 20 lines, split as the split stage does (sentences
//  and tokens), then dp_tag with the language's tagger (its model) timed
//  alone in CPU time (CLOCK_PROCESS_CPUTIME_ID), best of REPS passes.
//  Prints one line: lang, tokens, tokens/s. Not a test: no assertion.
//  Usage: bench_tag_lang LANG FILE [REPS]
#include "split/split.h"
#include "tag/tag_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
s_cpu (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

typedef struct {
    char *text;
    size_t len;
    dp_spans_t sents;
    dp_spans_t toks;
} s_article_t;

int
main (int argc, char **argv)
{
    if (argc < 3) {
        fprintf (stderr, "usage: bench_tag_lang LANG FILE [REPS]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi (argv [3]) : 5;
    size_t size;
    char *data = dp_read_file (argv [2], &size);
    dp_splitter_t *splitter = dp_splitter_new (NULL);
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    dp_tagger_t *tagger = langs ? dp_tag_langs_pick (langs, argv [1], NULL, 0, NULL) : NULL;
    if (!data || !splitter || !tagger) {
        fprintf (stderr, "bench_tag_lang: cannot read %s, the data or the %s model\n",
                 argv [2], argv [1]);
        return 1;
    }
    //  Articles of 20 lines.
    size_t n_art = 0, cap = 0;
    s_article_t *arts = NULL;
    size_t tokens = 0;
    for (char *p = data; *p;) {
        char *q = p;
        for (int k = 0; k < 20 && *q; k++) {
            char *nl = strchr (q, '\n');
            q = nl ? nl + 1 : q + strlen (q);
        }
        if (n_art == cap) {
            cap = cap ? cap * 2 : 64;
            arts = realloc (arts, cap * sizeof *arts);
            if (!arts)
                return 1;
        }
        s_article_t *a = &arts [n_art++];
        memset (a, 0, sizeof *a);
        a->len = (size_t) (q - p);
        a->text = strndup (p, a->len);
        if (!a->text || dp_split (splitter, a->text, a->len, argv [1], &a->sents))
            return 1;
        for (size_t s = 0; s < a->sents.n; s++)
            if (dp_tokenize (splitter, a->text, a->sents.v [s], &a->toks))
                return 1;
        tokens += a->toks.n;
        p = q;
    }
    double best = 1e30;
    size_t ents = 0;
    for (int r = 0; r < reps; r++) {
        dp_entities_t out = { 0 };
        ents = 0;
        double t0 = s_cpu ();
        for (size_t k = 0; k < n_art; k++) {
            if (dp_tag (tagger, arts [k].text, arts [k].len, arts [k].sents.v,
                        arts [k].sents.n, arts [k].toks.v, arts [k].toks.n, &out))
                return 1;
            ents += out.n;
            dp_entities_free (&out);
        }
        double t = s_cpu () - t0;
        if (t < best)
            best = t;
    }
    printf ("%s: %zu articles, %zu tokens, %zu entities, best of %d: %.3f s CPU, "
            "%.2f M tokens/s\n", argv [1], n_art, tokens, ents, reps, best,
            (double) tokens / best / 1e6);
    for (size_t k = 0; k < n_art; k++) {
        free (arts [k].text);
        dp_spans_free (&arts [k].sents);
        dp_spans_free (&arts [k].toks);
    }
    free (arts);
    free (data);
    dp_splitter_destroy (&splitter);
    dp_tag_langs_destroy (&langs);
    return 0;
}
