//  depeche tag — unit tests (Check) of the model file and its training:
//  a damaged, truncated or foreign model is refused (never a crash), the
//  model's own tokenization, training twice gives the same bytes, word
//  classes read, kept and read back. Needs DP_DATA or the source tree's
//  data/ folder. The tagging itself: test_tag.c.
#include "test_tmp.h"
#include "test_run.h"
#include "tag/tag.h"
#include "tag/tagm.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  --------------------------------------------------------------------------
//  Model files: truncated, corrupted, wrong version, garbage all give NULL.

static void
s_write (const char *path, const char *data, size_t len)
{
    FILE *f = fopen (path, "wb");
    ck_assert_ptr_nonnull (f);
    ck_assert_uint_eq (fwrite (data, 1, len, f), len);
    fclose (f);
}

START_TEST (test_model_errors)
{
    const char *dir = getenv ("DP_DATA") ? getenv ("DP_DATA") : "data";
    char path [1024];
    snprintf (path, sizeof path, "%s/model/tag.model", dir);
    size_t len;
    char *good = dp_read_file (path, &len);
    ck_assert_ptr_nonnull (good);
    ck_assert_uint_gt (len, 200);
    char tmpb [96];
    const char *tmp = dp_test_tmp (tmpb, sizeof tmpb, "tag.model");
    dp_tagger_t *t;
    //  The good one loads.
    s_write (tmp, good, len);
    t = dp_tagger_new_with (dir, tmp);
    ck_assert_ptr_nonnull (t);
    dp_tagger_destroy (&t);
    //  Truncated at several points.
    size_t cuts [] = { 0, 5, 100, 140, len / 2, len - 1 };
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        s_write (tmp, good, cuts [k]);
        ck_assert_ptr_null (dp_tagger_new_with (dir, tmp));
    }
    //  Wrong version, wrong feature set, bad magic.
    size_t offs [] = { 8, 12, 0 };
    for (size_t k = 0; k < 3; k++) {
        char *bad = malloc (len);
        memcpy (bad, good, len);
        bad [offs [k]] ^= 0x5A;
        s_write (tmp, bad, len);
        ck_assert_ptr_null (dp_tagger_new_with (dir, tmp));
        free (bad);
    }
    //  A flipped byte in the compressed body.
    char *bad = malloc (len);
    memcpy (bad, good, len);
    bad [len - len / 3] ^= 0x21;
    s_write (tmp, bad, len);
    ck_assert_ptr_null (dp_tagger_new_with (dir, tmp));
    //  Trailing garbage.
    char *more = malloc (len + 7);
    memcpy (more, good, len);
    memcpy (more + len, "garbage", 7);
    s_write (tmp, more, len + 7);
    ck_assert_ptr_null (dp_tagger_new_with (dir, tmp));
    free (more);
    free (bad);
    //  Missing file.
    unlink (tmp);
    ck_assert_ptr_null (dp_tagger_new_with (dir, tmp));
    free (good);
}
END_TEST

//  Training sees the tokens the tagger cuts in raw text (« M. » is two),
//  not the CoNLL file's: dp_tagger_model_text tokenizes as dp_tag does.
START_TEST (test_model_text_tokens)
{
    dp_tagger_t *t = dp_tagger_new_with (getenv ("DP_DATA"), NULL);
    ck_assert_ptr_nonnull (t);
    const char *text = "M. Durand vit à l'Haÿ-les-Roses.";
    size_t len = strlen (text);
    dp_span_t spans [64];
    dp_tagm_tok_t mt [64];
    long n = dp_tagger_model_text (t, text, len, spans, mt);
    static const char *const want [] = {
        "M", ".", "Durand", "vit", "à", "l'", "Haÿ-les-Roses", "."
    };
    ck_assert_int_eq (n, 8);
    for (size_t k = 0; k < 8; k++) {
        ck_assert_uint_eq (spans [k].end - spans [k].start, strlen (want [k]));
        ck_assert (memcmp (text + spans [k].start, want [k], strlen (want [k])) == 0);
    }
    ck_assert_uint_eq (mt [2].cap, 1);
    ck_assert_int_eq (dp_tagger_model_text (t, "", 0, spans, mt), 0);
    dp_tagger_destroy (&t);
}
END_TEST

//  Training twice on a tiny CoNLL file gives the same model bytes.
START_TEST (test_train_determinism)
{
    char conllb [96];
    const char *conll = dp_test_tiny_conll (conllb, sizeof conllb, "tag.bio");
    ck_assert_ptr_nonnull (conll);
    const char *files [] = { conll };
    char outb [2][96];
    const char *out [2] = { dp_test_tmp (outb [0], sizeof outb [0], "tag_a.model"),
                            dp_test_tmp (outb [1], sizeof outb [1], "tag_b.model") };
    for (int k = 0; k < 2; k++) {
        dp_tagm_train_cfg_t cfg = {
            .datadir = getenv ("DP_DATA"), .train = files, .n_train = 1,
            .epochs = 3, .seed = 7, .bits = 12, .out = out [k], .date = "test"
        };
        ck_assert_int_eq (dp_tagm_train (&cfg), 0);
    }
    size_t la, lb;
    char *a = dp_read_file (out [0], &la);
    char *b = dp_read_file (out [1], &lb);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_nonnull (b);
    ck_assert_uint_eq (la, lb);
    ck_assert (memcmp (a, b, la) == 0);
    dp_tagger_t *t = dp_tagger_new_with (getenv ("DP_DATA"), out [0]);
    ck_assert_ptr_nonnull (t);
    dp_tagger_destroy (&t);
    free (a);
    free (b);
    unlink (conll);
    unlink (out [0]);
    unlink (out [1]);
}
END_TEST

//  Word classes: read from build-lexicon's format, seen by the features,
//  kept in the model file and read back; a damaged table is refused.
START_TEST (test_word_classes)
{
    char tsvb [96];
    const char *tsv = dp_test_tmp (tsvb, sizeof tsvb, "tag_lex.tsv");
    FILE *f = fopen (tsv, "w");
    ck_assert_ptr_nonnull (f);
    fprintf (f, "# test\nmaison\tCOMMON,NOUN\nvote\tCOMMON,NOUN,VFIN\n"
                "Aurélie\tFIRST\nbadline\nÉtat\tCOMMON,NOUN\n");
    fclose (f);
    dp_tagger_t *t = dp_tagger_new_with (getenv ("DP_DATA"), NULL);
    ck_assert_ptr_nonnull (t);
    ck_assert_int_eq (dp_tagger_read_lexicon (t, "/nonexistent/lex.tsv"), -1);
    ck_assert_int_eq (dp_tagger_read_lexicon (t, tsv), 0);
    const dp_tagm_lex_t *lex = dp_tagger_lexicon (t);
    ck_assert_ptr_nonnull (lex);
    ck_assert_uint_eq (lex->n, 4);
    const char *text = "AURÉLIE vote à la Maison de l'état.";
    dp_span_t spans [32];
    dp_tagm_tok_t mt [64];
    long n = dp_tagger_model_text (t, text, strlen (text), spans, mt);
    ck_assert_int_eq (n, 9);             //  AURÉLIE vote à la Maison de l' état .
    ck_assert_uint_eq (DP_TAGM_GZ_WC (mt [0].gz), DP_TAGM_WC_FIRST);
    ck_assert_uint_eq (DP_TAGM_GZ_WC (mt [1].gz),
                       DP_TAGM_WC_COMMON | DP_TAGM_WC_NOUN | DP_TAGM_WC_VFIN);
    ck_assert_uint_eq (DP_TAGM_GZ_WC (mt [2].gz), 0);
    ck_assert_uint_eq (DP_TAGM_GZ_WC (mt [4].gz), DP_TAGM_WC_COMMON | DP_TAGM_WC_NOUN);
    ck_assert_uint_eq (DP_TAGM_GZ_WC (mt [7].gz), DP_TAGM_WC_COMMON | DP_TAGM_WC_NOUN);
    //  The gazetteers still answer once the word classes are read: a given
    //  name (bit 7) and a country alone as LOC (2).
    const char *names = "Jean quitte la France.";
    ck_assert_int_eq (dp_tagger_model_text (t, names, strlen (names), spans, mt), 5);
    ck_assert_uint_eq (mt [0].gz & 0x80u, 0x80u);
    ck_assert_uint_eq (DP_TAGM_GZ_ONE (mt [3].gz), 2);
    //  Encoded and decoded, the same classes; any cut or flip is refused.
    unsigned char *buf = malloc (dp_tagm_lex_size (lex));
    ck_assert_ptr_nonnull (buf);
    size_t len = dp_tagm_lex_encode (lex, buf);
    size_t used = 0;
    dp_tagm_lex_t *back = dp_tagm_lex_decode (buf, len, &used);
    ck_assert_ptr_nonnull (back);
    ck_assert_uint_eq (used, len);
    ck_assert_uint_eq (back->n, 4);
    for (size_t k = 0; k <= lex->mask; k++)
        if (lex->keys [k])
            ck_assert_uint_eq (dp_tagm_lex_get (back, lex->keys [k]), lex->cls [k]);
    ck_assert_uint_eq (dp_tagm_lex_get (back, 12345), 0);
    dp_tagm_lex_destroy (&back);
    for (size_t cut = 0; cut < len; cut++) {
        back = dp_tagm_lex_decode (buf, cut, &used);
        ck_assert (back == NULL || used <= cut);
        dp_tagm_lex_destroy (&back);
    }
    dp_tagm_lex_destroy (&back);
    ck_assert_ptr_null (back);
    free (buf);
    dp_tagger_destroy (&t);
    unlink (tsv);
}
END_TEST

//  Random damage anywhere in a model file (shipped model, word classes
//  included): refused or read, never a crash (the ASan build checks).
START_TEST (test_model_fuzz)
{
    const char *dir = getenv ("DP_DATA") ? getenv ("DP_DATA") : "data";
    char path [1024];
    snprintf (path, sizeof path, "%s/model/tag.model", dir);
    size_t len;
    unsigned char *good = (unsigned char *) dp_read_file (path, &len);
    ck_assert_ptr_nonnull (good);
    char err [256];
    dp_tagm_t *m = dp_tagm_parse (good, len, err, sizeof err);
    ck_assert_ptr_nonnull (m);
    ck_assert_ptr_nonnull (m->lex);
    ck_assert_uint_gt (m->lex->n, 100000);
    dp_tagm_destroy (&m);
    unsigned char *bad = malloc (len);
    ck_assert_ptr_nonnull (bad);
    unsigned seed = 7;
    for (int round = 0; round < 40; round++) {
        memcpy (bad, good, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            bad [(seed >> 8) % len] ^= (unsigned char) (1 + (seed >> 24) % 255);
        }
        m = dp_tagm_parse (bad, len, err, sizeof err);
        dp_tagm_destroy (&m);
    }
    free (bad);
    free (good);
}
END_TEST

//  The history rows a loaded model keeps (dp_tagm_hist_rows) are
//  dp_tagm_hist's, and the decoder gives the same labels with them as
//  without (has_hist false: the trainer's way).
START_TEST (test_model_hist_rows)
{
    const char *dir = getenv ("DP_DATA") ? getenv ("DP_DATA") : "data";
    char path [1024];
    snprintf (path, sizeof path, "%s/model/tag.model", dir);
    dp_tagm_t *m = dp_tagm_load (path);
    ck_assert_ptr_nonnull (m);
    ck_assert (m->has_hist);
    dp_tagger_t *t = dp_tagger_new_with (getenv ("DP_DATA"), NULL);
    ck_assert_ptr_nonnull (t);
    const char *text = "Le président Emmanuel Macron a reçu à l'Élysée Angela "
                       "Merkel et le directeur de la Banque de France, "
                       "Jean Dupont, avant de partir pour New York.";
    dp_span_t spans [128];
    dp_tagm_tok_t mt [128];
    long n = dp_tagger_model_text (t, text, strlen (text), spans, mt);
    ck_assert_int_gt (n, 20);
    for (int p1 = 0; p1 < DP_TAGM_NLABELS; p1++)
        for (int p2 = 0; p2 < DP_TAGM_NLABELS; p2++) {
            uint32_t f [4];
            dp_tagm_hist (mt, 3, p1, p2, m->mask, f);
            ck_assert_uint_eq (f [0], m->hist1 [p1]);
            ck_assert_uint_eq (f [1], m->hist12 [p1][p2]);
        }
    uint8_t a [128], b [128];
    dp_tagm_decode (m, mt, (size_t) n, a);
    m->has_hist = false;
    dp_tagm_decode (m, mt, (size_t) n, b);
    ck_assert (memcmp (a, b, (size_t) n) == 0);
    int names = 0;
    for (long k = 0; k < n; k++)
        names += a [k] != 0;
    ck_assert_int_gt (names, 5);
    dp_tagger_destroy (&t);
    dp_tagm_destroy (&m);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("tag_model");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_model_errors);
    tcase_add_test (tc, test_model_text_tokens);
    tcase_add_test (tc, test_train_determinism);
    tcase_add_test (tc, test_word_classes);
    tcase_add_test (tc, test_model_fuzz);
    tcase_add_test (tc, test_model_hist_rows);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
