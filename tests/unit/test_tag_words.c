//  depeche tag — unit tests (Check) of the word cache (tag_words.c): the
//  tagger gives the same entities and the model the same token view with
//  the cache off, tiny (every word evicting another, words of one sentence
//  competing for a slot), and at its normal size, cold and warm, in French
//  and English; the cache is used and stays within its entries. Needs
//  DP_DATA or the source tree's data/ folder (both models) and samples/.
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "tag/tagm.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_run.h"

//  Texts written for this test, beside the bundled samples: elisions,
//  possessives, repetitions, quotes, a word longer than a cache key.
static const char *const s_texts [] = {
    "Le président de la République, Emmanuel Macron, a reçu lundi à "
    "l'Élysée le Premier ministre belge. « L'Union européenne doit agir », "
    "a-t-il dit. Macron a ensuite rejoint Bruxelles, où la Commission "
    "européenne siège depuis 1958. La Banque centrale européenne (BCE) "
    "attend. Anticonstitutionnellementissimementextraordinairement dit-on.",
    "M. Durand vit à l'Haÿ-les-Roses depuis 2019 ; Mme Durand travaille "
    "chez Renault à Boulogne-Billancourt pour 3 500 euros par mois. Durand "
    "et Durand, Durand encore : le ministère de l'Intérieur s'en mêle.",
    "Apple's chief executive Tim Cook met the U.S. trade representative in "
    "Washington on Monday. Cook said Apple would invest $2 billion. The "
    "University of California at Berkeley's report, \"Chips and Trade\", "
    "came out on Jan. 11, 2024 at 4:20 p.m. Cook, Cook and Cook again.",
};
#define S_NTEXTS (sizeof s_texts / sizeof s_texts [0])

//  The samples' plain texts, NUL-terminated, appended to *v.
static size_t
s_samples (char **v, size_t n, size_t cap)
{
    DIR *d = opendir ("samples");
    ck_assert_ptr_nonnull (d);
    struct dirent *de;
    while ((de = readdir (d)) != NULL && n < cap) {
        size_t len = strlen (de->d_name);
        if (len < 5 || strcmp (de->d_name + len - 4, ".txt") != 0)
            continue;
        char path [512];
        snprintf (path, sizeof path, "samples/%s", de->d_name);
        FILE *f = fopen (path, "rb");
        ck_assert_ptr_nonnull (f);
        char *buf = calloc (1, 1 << 20);
        ck_assert_ptr_nonnull (buf);
        size_t got = fread (buf, 1, (1 << 20) - 1, f);
        fclose (f);
        buf [got] = '\0';
        v [n++] = buf;
    }
    closedir (d);
    return n;
}

//  The entities of text as one string (offsets, type, norm a line).
static char *
s_entities (dp_tagger_t *t, const char *text)
{
    dp_entities_t ents = { 0 };
    ck_assert_int_eq (dp_tag (t, text, strlen (text), NULL, 0, NULL, 0, &ents), 0);
    size_t cap = 64 + ents.n * 300, n = 0;
    char *out = malloc (cap);
    ck_assert_ptr_nonnull (out);
    out [0] = '\0';
    for (size_t k = 0; k < ents.n; k++)
        n += (size_t) snprintf (out + n, cap - n, "%u %u %s %.200s\n", ents.v [k].start,
                                ents.v [k].end, ents.v [k].type, ents.v [k].norm);
    dp_entities_free (&ents);
    return out;
}

static dp_tagger_t *
s_tagger (const char *lang)
{
    const char *dir = getenv ("DP_DATA") ? getenv ("DP_DATA") : "data";
    char model [512];
    snprintf (model, sizeof model, "%s/model/%s", dir,
              strcmp (lang, "en") ? "tag.model" : "tag-en.model");
    dp_tagger_t *t = dp_tagger_new_lang (getenv ("DP_DATA"), model, lang);
    ck_assert_ptr_nonnull (t);
    return t;
}

//  Every text, tagged twice, gives the entities of the tagger without a
//  cache, whatever the cache's size; a tiny one evicts all the time.
START_TEST (test_same_entities)
{
    static const char *const langs [] = { "fr", "en" };
    static const uint32_t sizes [] = { 4, 64, S_WORDS };
    char *texts [64];
    size_t n = 0;
    for (size_t k = 0; k < S_NTEXTS; k++)
        texts [n++] = strdup (s_texts [k]);
    n = s_samples (texts, n, 64);
    ck_assert_uint_ge (n, S_NTEXTS + 3);
    for (size_t l = 0; l < 2; l++) {
        dp_tagger_t *off = s_tagger (langs [l]);
        dp_tag_words_size (off, 0);
        char *want [64];
        for (size_t k = 0; k < n; k++)
            want [k] = s_entities (off, texts [k]);
        ck_assert_ptr_null (off->words);
        for (size_t z = 0; z < sizeof sizes / sizeof sizes [0]; z++) {
            dp_tagger_t *t = s_tagger (langs [l]);
            dp_tag_words_size (t, sizes [z]);
            for (int pass = 0; pass < 2; pass++)
                for (size_t k = 0; k < n; k++) {
                    char *got = s_entities (t, texts [k]);
                    if (strcmp (got, want [k]))
                        ck_abort_msg ("%s, cache of %u, pass %d, text %zu:\n%s\n"
                                      "without the cache:\n%s", langs [l], sizes [z],
                                      pass, k, got, want [k]);
                    free (got);
                }
            ck_assert_ptr_nonnull (t->words);
            ck_assert_uint_eq (t->n_words, sizes [z]);
            dp_tagger_destroy (&t);
        }
        for (size_t k = 0; k < n; k++)
            free (want [k]);
        dp_tagger_destroy (&off);
    }
    for (size_t k = 0; k < n; k++)
        free (texts [k]);
}
END_TEST

//  The model's view of the tokens (hashes, gazetteer and lexicon code,
//  clusters, phrases), as the trainer reads it, is the same byte for
//  byte with and without the cache.
START_TEST (test_same_features)
{
    static const char *const langs [] = { "fr", "en" };
    enum { CAP = 4096 };
    dp_span_t *sa = calloc (CAP, sizeof *sa), *sb = calloc (CAP, sizeof *sb);
    dp_tagm_tok_t *ma = calloc (CAP, sizeof *ma), *mb = calloc (CAP, sizeof *mb);
    ck_assert (sa && sb && ma && mb);
    for (size_t l = 0; l < 2; l++) {
        dp_tagger_t *off = s_tagger (langs [l]);
        dp_tagger_t *on = s_tagger (langs [l]);
        dp_tagger_t *tiny = s_tagger (langs [l]);
        dp_tag_words_size (off, 0);
        dp_tag_words_size (tiny, 2);
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < S_NTEXTS; k++) {
                const char *s = s_texts [k];
                long na = dp_tagger_model_text (off, s, strlen (s), sa, ma);
                ck_assert_int_gt (na, 10);
                ck_assert_int_lt (na, CAP);
                dp_tagger_t *with [] = { on, tiny };
                for (size_t w = 0; w < 2; w++) {
                    memset (mb, 0xA5, (size_t) na * sizeof *mb);
                    long nb = dp_tagger_model_text (with [w], s, strlen (s), sb, mb);
                    ck_assert_int_eq (na, nb);
                    ck_assert (memcmp (sa, sb, (size_t) na * sizeof *sa) == 0);
                    for (long i = 0; i < na; i++)
                        if (memcmp (&ma [i], &mb [i], sizeof *ma))
                            ck_abort_msg ("%s text %zu token %ld differs (cache %u)",
                                          langs [l], k, i, with [w]->n_words);
                }
            }
        dp_tagger_destroy (&off);
        dp_tagger_destroy (&on);
        dp_tagger_destroy (&tiny);
    }
    free (sa);
    free (sb);
    free (ma);
    free (mb);
}
END_TEST

//  The cache is used: a repeated word's tokens point to one entry holding
//  its form; a form longer than a key, or a size that is no power of two,
//  goes without.
START_TEST (test_cache_used)
{
    dp_tagger_t *t = s_tagger ("fr");
    const char *s = s_texts [0];
    dp_tag_tokenize (t, s, 0, (uint32_t) strlen (s));
    ck_assert_int_eq (dp_tag_features (t, s), 0);
    size_t macron [2], nm = 0;
    for (size_t i = 0; i < t->n_toks; i++) {
        const dp_tag_tok_t *k = &t->toks [i];
        size_t len = k->end - k->start;
        if (len > S_WORD_KEY)
            ck_assert_uint_eq (k->word, S_NO_WORD);
        else
        if (len == 6 && !memcmp (s + k->start, "Macron", 6) && nm < 2)
            macron [nm++] = i;
    }
    ck_assert_uint_eq (nm, 2);
    uint32_t w = t->toks [macron [0]].word;
    ck_assert_uint_ne (w, S_NO_WORD);
    ck_assert_uint_eq (t->toks [macron [1]].word, w);
    ck_assert_uint_lt (w, t->n_words);
    ck_assert_uint_eq (t->words [w].klen, 6);
    ck_assert (memcmp (t->words [w].key, "Macron", 6) == 0);
    ck_assert_uint_eq (t->words [w].stamp, t->stamp);
    ck_assert_uint_eq (t->words [w].done, S_W_WC | S_W_CODE | S_W_CL | S_W_SUM);
    dp_tag_words_size (t, 100);
    ck_assert_uint_eq (t->n_words, 0);
    dp_tag_tokenize (t, s, 0, (uint32_t) strlen (s));
    ck_assert_uint_eq (t->toks [macron [0]].word, S_NO_WORD);
    ck_assert_ptr_null (t->words);
    dp_tagger_destroy (&t);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_words");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_same_entities);
    tcase_add_test (tc, test_same_features);
    tcase_add_test (tc, test_cache_used);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
