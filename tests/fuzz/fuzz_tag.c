//  depeche — fuzz target for the tagger: arbitrary bytes are tagged as one
//  sentence covering everything, with no sentences at all, and with the
//  sentences and tokens the splitter finds (the pipeline's own path).
//  Checks: entities inside the text, in order, non-overlapping, non-empty,
//  with a known type and a norm; with the splitter's sentences, each entity
//  lies inside one of them; on valid UTF-8, entity and norm are valid too;
//  split's tokens change nothing (tag cuts the words itself). Odd sizes go
//  through the English tagger and rules, even ones the French; the language
//  guess reads every input too.
#include "split/split.h"
#include "tag/tag.h"
#include "tag/tag_lang.h"
#include "depeche/dp_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static dp_tagger_t *s_tagger;           //  the one in use: s_fr or s_en
static dp_tagger_t *s_fr;               //  made once, gazetteers from $DP_DATA
static dp_tagger_t *s_en;               //  the English tagger and model
static dp_splitter_t *s_splitter;       //  for the sentence and token spans

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_tag.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static void
s_cleanup (void)
{
    dp_tagger_destroy (&s_fr);
    dp_tagger_destroy (&s_en);
    dp_splitter_destroy (&s_splitter);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    s_fr = dp_tagger_new (NULL);
    char *model = dp_data_path ("model/tag-en.model");
    s_en = model ? dp_tagger_new_lang (NULL, model, "en") : NULL;
    free (model);
    s_splitter = dp_splitter_new (NULL);
    if (!s_fr || !s_en || !s_splitter) {
        fprintf (stderr, "fuzz_tag: no tagger (set DP_DATA to the data folder)\n");
        exit (2);
    }
    atexit (s_cleanup);
    return 0;
}

//  --------------------------------------------------------------------------

static bool
s_known_type (const char *type)
{
    static const char *const types [] = {
        "PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "NUM", "PERCENT"
    };
    for (size_t i = 0; i < sizeof types / sizeof types [0]; i++)
        if (strcmp (type, types [i]) == 0)
            return true;
    return false;
}

//  sents NULL: any place in the text will do.
static void
s_check (const char *text, size_t len, const dp_entities_t *ents,
         const dp_span_t *sents, size_t n_sents)
{
    bool valid = dp_utf8_valid (text, len);
    uint32_t last = 0;
    size_t s = 0;                       //  sentence the entity must sit in
    for (size_t k = 0; k < ents->n; k++) {
        const dp_entity_t *e = &ents->v [k];
        if (!(last <= e->start && e->start < e->end && e->end <= len))
            fprintf (stderr, "entity %zu: [%u,%u) after %u, text %zu bytes\n",
                     k, e->start, e->end, last, len);
        S_CHECK (last <= e->start);
        S_CHECK (e->start < e->end);
        S_CHECK (e->end <= len);
        S_CHECK (e->type && s_known_type (e->type));
        S_CHECK (e->norm);
        if (valid) {
            S_CHECK (dp_utf8_valid (text + e->start, e->end - e->start));
            S_CHECK (dp_utf8_valid (e->norm, strlen (e->norm)));
        }
        if (sents) {
            while (s < n_sents && sents [s].end <= e->start)
                s++;
            S_CHECK (s < n_sents);
            S_CHECK (sents [s].start <= e->start && e->end <= sents [s].end);
        }
        last = e->end;
    }
}

//  Tags and checks; the entities go to *ents (caller frees) when given.
static void
s_tag_checked (const char *text, size_t len, const dp_span_t *sents,
               size_t n_sents, const dp_span_t *toks, size_t n_toks,
               dp_entities_t *keep)
{
    dp_entities_t ents = { 0 };
    S_CHECK (dp_tag (s_tagger, text, len, sents, n_sents, toks, n_toks, &ents) == 0);
    s_check (text, len, &ents, sents, n_sents);
    if (keep) {
        *keep = ents;
        return;
    }
    dp_entities_free (&ents);
    S_CHECK (ents.v == NULL && ents.n == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    if (size > UINT32_MAX)
        return 0;

    s_tagger = size & 1 ? s_en : s_fr;
    const char *guess = dp_lang_guess (text, size);
    S_CHECK (!guess || strlen (guess) == 2);
    dp_span_t all = { 0, (uint32_t) size };
    s_tag_checked (text, size, &all, 1, NULL, 0, NULL);
    s_tag_checked (text, size, NULL, 0, NULL, 0, NULL);

    //  The pipeline's way: split, tokenize every sentence, tag.
    dp_spans_t sents = { 0 }, toks = { 0 };
    S_CHECK (dp_split (s_splitter, text, size, size & 1 ? "en" : "fr", &sents) == 0);
    for (size_t k = 0; k < sents.n; k++)
        S_CHECK (dp_tokenize (s_splitter, text, sents.v [k], &toks) == 0);
    dp_entities_t a = { 0 }, b = { 0 };
    s_tag_checked (text, size, sents.v, sents.n, NULL, 0, &a);
    s_tag_checked (text, size, sents.v, sents.n, toks.v, toks.n, &b);
    S_CHECK (a.n == b.n);
    for (size_t k = 0; k < a.n; k++) {
        S_CHECK (a.v [k].start == b.v [k].start && a.v [k].end == b.v [k].end);
        S_CHECK (strcmp (a.v [k].type, b.v [k].type) == 0);
        S_CHECK (strcmp (a.v [k].norm, b.v [k].norm) == 0);
    }
    dp_entities_free (&a);
    dp_entities_free (&b);
    dp_spans_free (&toks);
    dp_spans_free (&sents);
    return 0;
}
