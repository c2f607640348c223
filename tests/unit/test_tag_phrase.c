//  depeche tag — unit tests (Check) of the name phrases the model's
//  organisation features read (tag_phrase.c): heads, links, adjectives,
//  the acronym after a phrase, and none of it for English. Needs DP_DATA or
//  the source tree's data/ folder.
#include "test_tmp.h"
#include "test_run.h"
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "tag/tagm.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  A French tagger whose word classes say « ministère » is a noun and
//  « socialiste » an adjective.
static dp_tagger_t *
s_french (void)
{
    char tsvb [96];
    const char *tsv = dp_test_tmp (tsvb, sizeof tsvb, "tag_phrase.tsv");
    FILE *f = fopen (tsv, "w");
    ck_assert_ptr_nonnull (f);
    fprintf (f, "ministère\tCOMMON,NOUN\nsocialiste\tCOMMON,NOUN,ADJ\n"
                "voté\tCOMMON,VNONFIN\n");
    fclose (f);
    dp_tagger_t *t = dp_tagger_new_with (getenv ("DP_DATA"), NULL);
    ck_assert_ptr_nonnull (t);
    ck_assert_int_eq (dp_tagger_read_lexicon (t, tsv), 0);
    unlink (tsv);
    return t;
}

START_TEST (test_phrases_fr)
{
    dp_tagger_t *t = s_french ();
    const char *text = "Le ministère de la Défense et le Parti socialiste (PS) ont voté.";
    dp_span_t spans [64];
    dp_tagm_tok_t mt [128];
    long n = dp_tagger_model_text (t, text, strlen (text), spans, mt);
    //  Le ministère de la Défense et le Parti socialiste ( PS ) ont voté .
    ck_assert_int_eq (n, 15);
    for (long i = 0; i < n; i++)
        ck_assert (mt [i].pcode & DP_TAGM_P_ON);
    //  « Le » alone: the lowercase noun after it opens no phrase.
    ck_assert (mt [0].pcode & DP_TAGM_P_IN);
    ck_assert_uint_eq (DP_TAGM_P_LEN (mt [0].pcode), 1);
    //  « ministère de la Défense »: headed by the lowercase noun.
    for (int q = 1; q <= 4; q++) {
        ck_assert (mt [q].pcode & DP_TAGM_P_IN);
        ck_assert_uint_eq (mt [q].phead, mt [1].lower);
        ck_assert_uint_eq (mt [q].plast, mt [4].lower);
        ck_assert_uint_eq (DP_TAGM_P_LEN (mt [q].pcode), 4);
        ck_assert_uint_eq (DP_TAGM_P_ACRO (mt [q].pcode), 0);
    }
    ck_assert_uint_eq (DP_TAGM_P_AT (mt [1].pcode), 0);
    ck_assert_uint_eq (DP_TAGM_P_AT (mt [2].pcode), 1);
    ck_assert_uint_eq (DP_TAGM_P_AT (mt [4].pcode), 3);
    ck_assert_uint_eq (DP_TAGM_P_LAST (mt [3].pcode), 0);
    ck_assert_uint_eq (DP_TAGM_P_LAST (mt [4].pcode), 1);
    //  « et le », « et » join no two names.
    ck_assert_uint_eq (mt [5].pcode, DP_TAGM_P_ON);
    ck_assert_uint_eq (mt [6].pcode, DP_TAGM_P_ON);
    //  « Parti socialiste »: an adjective continues it, an acronym in
    //  brackets follows it.
    for (int q = 7; q <= 8; q++) {
        ck_assert_uint_eq (mt [q].phead, mt [7].lower);
        ck_assert_uint_eq (mt [q].plast, mt [8].lower);
        ck_assert_uint_eq (DP_TAGM_P_LEN (mt [q].pcode), 2);
        ck_assert_uint_eq (DP_TAGM_P_ACRO (mt [q].pcode), 1);
    }
    ck_assert_uint_eq (mt [9].pcode, DP_TAGM_P_ON);
    ck_assert (mt [10].pcode & DP_TAGM_P_IN);
    ck_assert_uint_eq (mt [12].pcode, DP_TAGM_P_ON);
    //  The phrase adds rows to a token's features, and only when computed.
    uint32_t f [DP_TAGM_MAXF], g [DP_TAGM_MAXF];
    size_t nf = dp_tagm_feats (mt, (size_t) n, 4, 0xFFFFu, f);
    mt [4].pcode = 0;
    size_t ng = dp_tagm_feats (mt, (size_t) n, 4, 0xFFFFu, g);
    ck_assert_uint_eq (nf, ng + 8);             //  5 phrase rows, 3 cluster rows
    ck_assert (nf <= DP_TAGM_MAXF);
    ck_assert (memcmp (f, g, ng * sizeof f [0]) == 0);
    dp_tagger_destroy (&t);
}
END_TEST

//  A link at the sentence's edges, a name of links and capitals only, a
//  phrase longer than 7: no read past the tokens, lengths capped.
START_TEST (test_phrases_edges)
{
    dp_tagger_t *t = s_french ();
    static const char *const texts [] = {
        "de la", "Paris de", "ministère de", "Banque de France des Paris du Nord "
        "de Alpes de la Loire", "( PS", "Paris (", "Paris (PS",
        "- Paris -", ""
    };
    dp_span_t spans [128];
    dp_tagm_tok_t mt [256];
    for (size_t k = 0; k < sizeof texts / sizeof texts [0]; k++) {
        long n = dp_tagger_model_text (t, texts [k], strlen (texts [k]), spans, mt);
        ck_assert_int_ge (n, 0);
        for (long i = 0; i < n; i++)
            ck_assert (DP_TAGM_P_LEN (mt [i].pcode) <= 7);
    }
    const char *longer = texts [3];
    long n = dp_tagger_model_text (t, longer, strlen (longer), spans, mt);
    ck_assert_uint_eq (DP_TAGM_P_LEN (mt [0].pcode), 7);
    ck_assert_uint_eq (mt [n - 1].phead, mt [0].lower);
    ck_assert_uint_eq (DP_TAGM_P_AT (mt [n - 1].pcode), 3);
    //  « et », « à » stand between two names, « & » inside one.
    const char *two = "Paris et Lyon à Procter & Gamble";
    n = dp_tagger_model_text (t, two, strlen (two), spans, mt);
    ck_assert_int_eq (n, 7);
    ck_assert_uint_eq (DP_TAGM_P_LEN (mt [0].pcode), 1);
    ck_assert_uint_eq (DP_TAGM_P_LEN (mt [2].pcode), 1);
    ck_assert_uint_eq (DP_TAGM_P_LEN (mt [4].pcode), 3);
    ck_assert_uint_eq (mt [6].phead, mt [4].lower);
    dp_tagger_destroy (&t);
}
END_TEST

//  English computes no phrase: its model reads the rows it was trained on.
START_TEST (test_phrases_en_off)
{
    dp_tagger_t *t = dp_tagger_new_lang (getenv ("DP_DATA"), NULL, "en");
    ck_assert_ptr_nonnull (t);
    const char *text = "The Ministry of Defence (MoD) said.";
    dp_span_t spans [64];
    dp_tagm_tok_t mt [128];
    long n = dp_tagger_model_text (t, text, strlen (text), spans, mt);
    ck_assert_int_gt (n, 5);
    for (long i = 0; i < n; i++) {
        ck_assert_uint_eq (mt [i].pcode, 0);
        ck_assert_uint_eq (mt [i].phead, 0);
    }
    dp_tagger_destroy (&t);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_phrase");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_phrases_fr);
    tcase_add_test (tc, test_phrases_edges);
    tcase_add_test (tc, test_phrases_en_off);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
