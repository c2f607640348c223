//  depeche tag — unit tests (Check) of the word clusters (tagm_clus.c):
//  learnt from neighbours, kept in the model file and read back, damage
//  refused, seen by the French features only, learnt by the trainer
//  deterministically. Needs DP_DATA or the source tree's data/ folder.
#include "test_tmp.h"
#include "test_run.h"
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "tag/tagm.h"
#include "depeche/dp_common.h"

#include <check.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t
s_h (const char *w)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *) w; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

//  « le X est » and « il Y vite » sentences: X and Y words stand in
//  different places, the words of one group in the same ones.
static size_t
s_text (uint32_t *seq, size_t cap)
{
    static const char *const xs [] = { "chat", "chien", "cheval" };
    static const char *const ys [] = { "court", "mange", "dort" };
    size_t n = 0;
    for (int r = 0; r < 20 && n + 8 < cap; r++)
        for (int k = 0; k < 3; k++) {
            seq [n++] = s_h ("le");
            seq [n++] = s_h (xs [k]);
            seq [n++] = s_h ("est");
            seq [n++] = 0;
            seq [n++] = s_h ("il");
            seq [n++] = s_h (ys [k]);
            seq [n++] = s_h ("vite");
            seq [n++] = 0;
        }
    return n;
}

START_TEST (test_clus_learn)
{
    uint32_t seq [1024];
    size_t n = s_text (seq, 1024);
    dp_tagm_lex_t *a = dp_tagm_clus_learn (seq, n, 6, 3, 10, 1);
    ck_assert_ptr_nonnull (a);
    ck_assert_uint_eq (a->n, 10);
    uint8_t chat = dp_tagm_lex_get (a, s_h ("chat"));
    uint8_t court = dp_tagm_lex_get (a, s_h ("court"));
    ck_assert_uint_ge (chat, 1);
    ck_assert_uint_le (chat, 6);
    ck_assert_uint_eq (dp_tagm_lex_get (a, s_h ("chien")), chat);
    ck_assert_uint_eq (dp_tagm_lex_get (a, s_h ("cheval")), chat);
    ck_assert_uint_eq (dp_tagm_lex_get (a, s_h ("mange")), court);
    ck_assert_uint_ne (court, chat);
    ck_assert_uint_eq (dp_tagm_lex_get (a, s_h ("inconnu")), 0);
    //  The same text, the same clusters.
    dp_tagm_lex_t *b = dp_tagm_clus_learn (seq, n, 6, 3, 10, 1);
    ck_assert_ptr_nonnull (b);
    for (size_t k = 0; k <= a->mask; k++)
        if (a->keys [k])
            ck_assert_uint_eq (dp_tagm_lex_get (b, a->keys [k]), a->cls [k]);
    dp_tagm_lex_destroy (&b);
    //  Too few forms for k, a word seen fewer than min_count times, a bad k.
    ck_assert_ptr_null (dp_tagm_clus_learn (seq, n, 11, 3, 10, 1));
    ck_assert_ptr_null (dp_tagm_clus_learn (seq, n, 6, 100, 10, 1));
    ck_assert_ptr_null (dp_tagm_clus_learn (seq, n, 1, 3, 10, 1));
    ck_assert_ptr_null (dp_tagm_clus_learn (seq, 0, 6, 3, 10, 1));
    dp_tagm_lex_destroy (&a);
}
END_TEST

//  Saved with the model and read back, without word classes too.
START_TEST (test_clus_model_file)
{
    uint32_t seq [1024];
    size_t n = s_text (seq, 1024);
    dp_tagm_lex_t *clus = dp_tagm_clus_learn (seq, n, 6, 3, 10, 1);
    ck_assert_ptr_nonnull (clus);
    int16_t *w = calloc ((size_t) 256 * DP_TAGM_NLABELS, sizeof *w);
    ck_assert_ptr_nonnull (w);
    w [5] = 7;
    char pathb [96];
    const char *path = dp_test_tmp (pathb, sizeof pathb, "tag_clus.model");
    dp_tagm_lex_t *lex = dp_tagm_lex_new ();
    ck_assert_int_eq (dp_tagm_lex_add (lex, s_h ("chat"), DP_TAGM_WC_NOUN), 0);
    for (int with_lex = 0; with_lex < 2; with_lex++) {
        ck_assert_int_eq (dp_tagm_save (path, 8, w, with_lex ? lex : NULL, clus, "t"), 0);
        dp_tagm_t *m = dp_tagm_load (path);
        ck_assert_ptr_nonnull (m);
        ck_assert_ptr_nonnull (m->clus);
        ck_assert_uint_eq (m->clus->n, clus->n);
        ck_assert_uint_eq (dp_tagm_lex_get (m->clus, s_h ("chien")),
                           dp_tagm_lex_get (clus, s_h ("chien")));
        ck_assert_uint_eq (dp_tagm_lex_get (m->lex, s_h ("chat")),
                           with_lex ? DP_TAGM_WC_NOUN : 0);
        ck_assert_int_eq (m->w [5], 7);
        dp_tagm_destroy (&m);
    }
    //  No clusters: none read (the English model's case).
    ck_assert_int_eq (dp_tagm_save (path, 8, w, lex, NULL, "t"), 0);
    dp_tagm_t *m = dp_tagm_load (path);
    ck_assert_ptr_nonnull (m);
    ck_assert_ptr_null (m->clus);
    dp_tagm_destroy (&m);
    dp_tagm_lex_destroy (&lex);
    dp_tagm_lex_destroy (&clus);
    free (w);
    unlink (path);
}
END_TEST

//  A saved model's body with its last cut bytes dropped and extra bytes
//  added, recompressed with a header to match; parsed.
static dp_tagm_t *
s_reparse (const char *path, size_t cut, const unsigned char *extra,
           size_t nextra, char *err, size_t errlen)
{
    size_t len;
    unsigned char *f = (unsigned char *) dp_read_file (path, &len);
    ck_assert_ptr_nonnull (f);
    size_t ilen = f [120] | (size_t) f [121] << 8;
    size_t at = 124 + ilen;
    uLongf raw_len = f [at] | (uLongf) f [at + 1] << 8 | (uLongf) f [at + 2] << 16
                   | (uLongf) f [at + 3] << 24;
    unsigned char *raw = malloc (raw_len + nextra);
    ck_assert_ptr_nonnull (raw);
    uLongf got = raw_len;
    ck_assert_int_eq (uncompress (raw, &got, f + at + 12, (uLong) (len - at - 12)), Z_OK);
    ck_assert_uint_eq (got, raw_len);
    raw_len -= cut;
    if (nextra)
        memcpy (raw + raw_len, extra, nextra);
    raw_len += nextra;
    uLongf zlen = compressBound (raw_len);
    unsigned char *out = malloc (at + 12 + zlen);
    ck_assert_ptr_nonnull (out);
    memcpy (out, f, at);
    ck_assert_int_eq (compress2 (out + at + 12, &zlen, raw, raw_len, 9), Z_OK);
    uint32_t v [3] = { (uint32_t) raw_len, (uint32_t) zlen,
                       (uint32_t) crc32 (0L, raw, (uInt) raw_len) };
    for (int k = 0; k < 3; k++)
        for (int b = 0; b < 4; b++)
            out [at + 4 * k + b] = (unsigned char) (v [k] >> (8 * b));
    dp_tagm_t *m = dp_tagm_parse (out, at + 12 + zlen, err, errlen);
    free (out);
    free (raw);
    free (f);
    return m;
}

//  A cut or padded cluster table is refused with a clear reason.
START_TEST (test_clus_damaged)
{
    uint32_t seq [1024];
    size_t n = s_text (seq, 1024);
    dp_tagm_lex_t *clus = dp_tagm_clus_learn (seq, n, 6, 3, 10, 1);
    dp_tagm_lex_t *lex = dp_tagm_lex_new ();
    int16_t *w = calloc ((size_t) 256 * DP_TAGM_NLABELS, sizeof *w);
    ck_assert_ptr_nonnull (clus);
    ck_assert_ptr_nonnull (lex);
    ck_assert_ptr_nonnull (w);
    ck_assert_int_eq (dp_tagm_lex_add (lex, s_h ("chat"), DP_TAGM_WC_NOUN), 0);
    char pathb [96];
    const char *path = dp_test_tmp (pathb, sizeof pathb, "tag_clus_bad.model");
    ck_assert_int_eq (dp_tagm_save (path, 8, w, lex, clus, "t"), 0);
    char err [256];
    //  Untouched, the round trip parses.
    dp_tagm_t *m = s_reparse (path, 0, NULL, 0, err, sizeof err);
    ck_assert_ptr_nonnull (m);
    ck_assert_uint_eq (m->clus->n, 10);
    dp_tagm_destroy (&m);
    static const unsigned char junk [8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    static const struct { size_t cut, add; } cases [] = {
        { 1, 0 }, { 5, 0 }, { 11, 0 }, { 0, 1 }, { 0, 8 }, { 3, 2 }
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases [0]; k++) {
        m = s_reparse (path, cases [k].cut, junk, cases [k].add, err, sizeof err);
        ck_assert_msg (m == NULL, "case %zu parsed", k);
        ck_assert_msg (strstr (err, "word-cluster table"), "case %zu: %s", k, err);
    }
    dp_tagm_lex_destroy (&lex);
    dp_tagm_lex_destroy (&clus);
    free (w);
    unlink (path);
}
END_TEST

//  The French tagger gives each token its cluster, the English one none.
START_TEST (test_clus_tokens)
{
    uint32_t seq [64];
    size_t n = 0;
    for (int r = 0; r < 5; r++) {
        static const char *const ws [] = { "le", "chat", "est", "là", "il", "dort" };
        for (int k = 0; k < 6; k++)
            seq [n++] = s_h (ws [k]);
        seq [n++] = 0;
    }
    dp_tagm_lex_t *clus = dp_tagm_clus_learn (seq, n, 3, 3, 5, 1);
    ck_assert_ptr_nonnull (clus);
    const char *text = "Le chat dort, Médor aussi.";
    dp_span_t spans [32];
    dp_tagm_tok_t mt [64];
    for (int en = 0; en < 2; en++) {
        dp_tagger_t *t = en ? dp_tagger_new_lang (getenv ("DP_DATA"), NULL, "en")
                            : dp_tagger_new_with (getenv ("DP_DATA"), NULL);
        ck_assert_ptr_nonnull (t);
        long k = dp_tagger_model_text (t, text, strlen (text), spans, mt);
        ck_assert_int_eq (k, 7);
        ck_assert_uint_eq (mt [1].cl, 0);            //  no clusters yet
        dp_tagger_set_clusters (t, clus);
        k = dp_tagger_model_text (t, text, strlen (text), spans, mt);
        ck_assert_int_eq (k, 7);
        if (en) {
            for (long i = 0; i < k; i++)
                ck_assert_uint_eq (mt [i].cl, 0);
        }
        else {
            ck_assert_uint_eq (mt [0].cl, dp_tagm_lex_get (clus, s_h ("le")));
            ck_assert_uint_eq (mt [1].cl, dp_tagm_lex_get (clus, s_h ("chat")));
            ck_assert_uint_ne (mt [1].cl, 0);
            ck_assert_uint_eq (mt [4].cl, 0);        //  Médor: unseen
        }
        dp_tagger_destroy (&t);
    }
    dp_tagm_lex_destroy (&clus);
}
END_TEST

//  The trainer learns clusters from its text, twice the same bytes, and
//  the model it writes carries them.
START_TEST (test_clus_train)
{
    char conllb [96];
    const char *conll = dp_test_tiny_conll (conllb, sizeof conllb, "tag_clus.bio");
    ck_assert_ptr_nonnull (conll);
    const char *files [] = { conll };
    char outb [2][96];
    const char *out [2] = { dp_test_tmp (outb [0], sizeof outb [0], "tag_clus_a.model"),
                            dp_test_tmp (outb [1], sizeof outb [1], "tag_clus_b.model") };
    for (int k = 0; k < 2; k++) {
        dp_tagm_train_cfg_t cfg = {
            .datadir = getenv ("DP_DATA"), .train = files, .n_train = 1,
            .epochs = 2, .seed = 7, .bits = 12, .out = out [k], .date = "test",
            .clusters = 4
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
    dp_tagm_t *m = dp_tagm_load (out [0]);
    ck_assert_ptr_nonnull (m);
    ck_assert_ptr_nonnull (m->clus);
    ck_assert_uint_eq (m->clus->n, 10);                 //  the 10 forms
    ck_assert_ptr_nonnull (strstr (m->info, "4 word clusters of 10 forms"));
    dp_tagm_destroy (&m);
    free (a);
    free (b);
    unlink (conll);
    unlink (out [0]);
    unlink (out [1]);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_clus");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_clus_learn);
    tcase_add_test (tc, test_clus_model_file);
    tcase_add_test (tc, test_clus_damaged);
    tcase_add_test (tc, test_clus_tokens);
    tcase_add_test (tc, test_clus_train);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
