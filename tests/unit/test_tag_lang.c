//  depeche tag — unit tests (Check) of the per-language taggers: the table
//  and its choice by `lang`, the language guess, no tagger for a language
//  without a model, the English rules (dates, times, money, percent), the
//  English cut (« U.S. », « Daniel's ») and the English conventions. The
//  candidate-level passes (kinds of names, the article pass, the person
//  shape and surname guards) are in test_tag_cands.c. Needs DP_DATA or the
//  source tree's data/ folder (both models).
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "tag/tagm.h"
#include "depeche/dp_lang.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_run.h"

static const char *s_german =
    "Die Bundesregierung hat am Mittwoch in Berlin beschlossen, dass die "
    "Steuern nicht erhöht werden. Der Kanzler sagte, es sei eine gute "
    "Nachricht für die Familien, und die Opposition kritisierte den Plan "
    "mit scharfen Worten. Auch in München wurde darüber gesprochen.";
static const char *s_english =
    "The minister said on Tuesday that the government was not ready to "
    "change its plan, but that it would listen to the people of the region "
    "who have asked for more time.";
static const char *s_french =
    "Le ministre a déclaré mardi que le gouvernement n'était pas prêt à "
    "changer son plan, mais qu'il écouterait les habitants de la région qui "
    "ont demandé plus de temps.";

//  Entities of text tagged by tagger as one article; caller frees.
static dp_entities_t
s_tag (dp_tagger_t *tagger, const char *text)
{
    dp_entities_t ents = { 0 };
    ck_assert_int_eq (dp_tag (tagger, text, strlen (text), NULL, 0, NULL, 0, &ents), 0);
    return ents;
}

//  True when ents has exactly the first occurrence of text in all, with
//  type (and norm, when norm is not NULL).
static bool
s_span (const char *all, const dp_entities_t *ents, const char *text,
        const char *type, const char *norm)
{
    const char *at = strstr (all, text);
    ck_assert_ptr_nonnull (at);
    uint32_t start = (uint32_t) (at - all);
    for (size_t k = 0; k < ents->n; k++) {
        const dp_entity_t *e = &ents->v [k];
        if (e->start == start && e->end == start + strlen (text)
        &&  !strcmp (e->type, type) && (!norm || !strcmp (e->norm, norm)))
            return true;
    }
    return false;
}

//  --------------------------------------------------------------------------

START_TEST (test_guess)
{
    ck_assert_str_eq (dp_lang_guess (s_german, strlen (s_german)), "de");
    ck_assert_str_eq (dp_lang_guess (s_english, strlen (s_english)), "en");
    ck_assert_str_eq (dp_lang_guess (s_french, strlen (s_french)), "fr");
    //  Too short to tell, and nothing to read.
    ck_assert_ptr_null (dp_lang_guess ("Berlin, 12. März", 17));
    ck_assert_ptr_null (dp_lang_guess ("", 0));
    ck_assert_ptr_null (dp_lang_guess ("\xff\xfe\x00 1234 !!", 12));
}
END_TEST

START_TEST (test_pick)
{
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    ck_assert_ptr_nonnull (langs);
    const char *code = NULL;
    dp_tagger_t *fr = dp_tag_langs_pick (langs, "fr", NULL, 0, &code);
    ck_assert_ptr_nonnull (fr);
    ck_assert_str_eq (code, "fr");
    ck_assert_str_eq (dp_tagger_lang (fr), "fr");
    dp_tagger_t *en = dp_tag_langs_pick (langs, "en", NULL, 0, &code);
    ck_assert_ptr_nonnull (en);
    ck_assert_ptr_ne (en, fr);
    ck_assert_str_eq (dp_tagger_lang (en), "en");
    ck_assert_ptr_eq (dp_tag_langs_pick (langs, "EN-gb", NULL, 0, NULL), en);
    ck_assert_ptr_eq (dp_tag_langs_pick (langs, "en_US", NULL, 0, NULL), en);
    //  Languages without a model: no tagger, whatever the text says.
    ck_assert_ptr_null (dp_tag_langs_pick (langs, "de", s_english, strlen (s_english), &code));
    ck_assert_str_eq (code, "de");
    ck_assert_ptr_null (dp_tag_langs_pick (langs, "english", NULL, 0, NULL));
    ck_assert_ptr_null (dp_tag_langs_pick (langs, "x", NULL, 0, NULL));
    //  No lang: the text's language, French when too short to tell.
    ck_assert_ptr_null (dp_tag_langs_pick (langs, NULL, s_german, strlen (s_german), &code));
    ck_assert_str_eq (code, "de");
    ck_assert_ptr_eq (dp_tag_langs_pick (langs, "", s_english, strlen (s_english), NULL), en);
    ck_assert_ptr_eq (dp_tag_langs_pick (langs, NULL, s_french, strlen (s_french), NULL), fr);
    ck_assert_ptr_eq (dp_tag_langs_pick (langs, NULL, "Paris", 5, NULL), fr);
    ck_assert (strstr (dp_tag_langs_info (langs), "en: "));
    dp_tag_langs_destroy (&langs);
    ck_assert_ptr_null (langs);
    dp_tag_langs_destroy (&langs);
}
END_TEST

START_TEST (test_overrides)
{
    //  en=none: English articles get no tagger; French keeps its own.
    const char *off [] = { "en=none" };
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, off, 1);
    ck_assert_ptr_nonnull (langs);
    ck_assert_ptr_null (dp_tag_langs_pick (langs, "en", NULL, 0, NULL));
    ck_assert_ptr_nonnull (dp_tag_langs_pick (langs, "fr", NULL, 0, NULL));
    ck_assert (strstr (dp_tag_langs_info (langs), "en: off"));
    dp_tag_langs_destroy (&langs);
    //  Unknown language, missing file: refused, not half-loaded.
    const char *bad1 [] = { "xx=foo.model" };
    ck_assert_ptr_null (dp_tag_langs_new (NULL, bad1, 1));
    const char *bad2 [] = { "en=/nonexistent/tag-en.model" };
    ck_assert_ptr_null (dp_tag_langs_new (NULL, bad2, 1));
    ck_assert_ptr_null (dp_tagger_new_lang (NULL, NULL, "de"));
}
END_TEST

//  --------------------------------------------------------------------------

START_TEST (test_en_rules)
{
    //  The rule types need no model: the English tagger without one.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t =
        "On Jan. 11, 2024 at 4:20 p.m. the firm said sales rose 3.5% to "
        "$1.2 billion, and on Monday, March 3, 2025 at 11 am it sold 40 "
        "percent for 2 million dollars by September 2025.";
    dp_entities_t e = s_tag (en, t);
    ck_assert (s_span (t, &e, "Jan. 11, 2024", "DATE", "2024-01-11"));
    ck_assert (s_span (t, &e, "4:20 p.m.", "TIME", NULL));
    ck_assert (s_span (t, &e, "3.5%", "PERCENT", NULL));
    ck_assert (s_span (t, &e, "$1.2 billion", "MONEY", NULL));
    ck_assert (s_span (t, &e, "Monday, March 3, 2025", "DATE", "2025-03-03"));
    ck_assert (s_span (t, &e, "11 am", "TIME", NULL));
    ck_assert (s_span (t, &e, "40 percent", "PERCENT", NULL));
    ck_assert (s_span (t, &e, "2 million dollars", "MONEY", NULL));
    ck_assert (s_span (t, &e, "September 2025", "DATE", NULL));
    dp_entities_free (&e);
    //  « May » alone is not a date; a number is not a time without am/pm.
    const char *t2 = "May said 14 people came.";
    e = s_tag (en, t2);
    for (size_t k = 0; k < e.n; k++)
        ck_assert_str_ne (e.v [k].type, "DATE");
    ck_assert (!s_span (t2, &e, "14 people", "TIME", NULL));
    dp_entities_free (&e);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_cut)
{
    ck_assert_uint_eq (dp_tag_en_acronym ("U.S. troops", 0, 11), 4);
    ck_assert_uint_eq (dp_tag_en_acronym ("U.N.", 0, 4), 4);
    ck_assert_uint_eq (dp_tag_en_acronym ("p.m. today", 0, 10), 4);
    ck_assert_uint_eq (dp_tag_en_acronym ("U.S.A.", 0, 6), 6);
    ck_assert_uint_eq (dp_tag_en_acronym ("U. Smith", 0, 8), 0);
    ck_assert_uint_eq (dp_tag_en_acronym ("US.", 0, 3), 0);
    ck_assert_uint_eq (dp_tag_en_acronym ("e.g.x", 0, 5), 0);
    ck_assert_uint_eq (dp_tag_en_acronym ("U.S", 0, 3), 0);
    //  Bounded by b: never reads past it.
    ck_assert_uint_eq (dp_tag_en_acronym ("U.S.", 0, 3), 0);
    //  The model's cut: « U.S. » one word, « Daniel's » two.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    dp_tagger_t *fr = dp_tagger_new_lang (NULL, NULL, "fr");
    ck_assert_ptr_nonnull (en);
    ck_assert_ptr_nonnull (fr);
    const char *t = "U.S. envoy Daniel's plan";
    dp_span_t sp [32];
    dp_tagm_tok_t mt [32];
    long n = dp_tagger_model_text (en, t, strlen (t), sp, mt);
    ck_assert_int_eq (n, 5);
    ck_assert_uint_eq (sp [0].end, 4);
    ck_assert_uint_eq (sp [2].end - sp [2].start, 6);      //  Daniel
    ck_assert_uint_eq (sp [3].end - sp [3].start, 2);      //  's
    //  French cuts as before: « U » « . » « S » « . ».
    ck_assert_int_eq (dp_tagger_model_text (fr, t, strlen (t), sp, mt), 8);
    dp_tagger_destroy (&en);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_en_model)
{
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    ck_assert_ptr_nonnull (langs);
    dp_tagger_t *en = dp_tag_langs_pick (langs, "en", NULL, 0, NULL);
    const char *t =
        "President Ilham Aliyev of Azerbaijan met Secretary of State Antony "
        "Blinken in Washington on Tuesday. Mr. Aliyev's visit was "
        "organised by the United Nations.";
    dp_entities_t e = s_tag (en, t);
    //  Titles and the possessive stay outside the name.
    ck_assert (s_span (t, &e, "Ilham Aliyev", "PER", NULL));
    ck_assert (s_span (t, &e, "Antony Blinken", "PER", NULL));
    ck_assert (s_span (t, &e, "Washington", "LOC", NULL));
    const char *second = strstr (t, "Aliyev's");
    bool found = false;
    for (size_t k = 0; k < e.n; k++)
        if (e.v [k].start == (uint32_t) (second - t)) {
            found = true;
            ck_assert_str_eq (e.v [k].type, "PER");
            ck_assert_uint_eq (e.v [k].end - e.v [k].start, strlen ("Aliyev"));
            ck_assert_str_eq (e.v [k].norm, "Ilham Aliyev");
        }
    ck_assert (found);
    dp_entities_free (&e);
    dp_tag_langs_destroy (&langs);
}
END_TEST

//  The shipped models are what scripts/train-model builds: English with 8
//  passes (tuned F1 0.765 over seeds 1-6 against 0.759 with 4) and 3 runs
//  averaged (held out 0.748 over base seeds 1-3 against 0.744), French 4
//  passes, one run.
START_TEST (test_model_recipes)
{
    static const struct { const char *file; const char *want; } cases [] = {
        { "model/tag-en.model", "; epochs 8; seeds 1-3, 3 runs averaged;" },
        { "model/tag.model", "; epochs 4; seed 1;" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases [0]; k++) {
        char *path = dp_data_path (cases [k].file);
        ck_assert_ptr_nonnull (path);
        dp_tagm_t *m = dp_tagm_load (path);
        ck_assert_ptr_nonnull (m);
        ck_assert_msg (strstr (m->info, cases [k].want), "%s: %s", path, m->info);
        dp_tagm_destroy (&m);
        free (path);
    }
}
END_TEST

START_TEST (test_en_conventions)
{
    //  Candidates as the model may leave them, joined by the conventions.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "at the University of California at Berkeley today";
    dp_tag_tokenize (en, t, 0, (uint32_t) strlen (t));
    en->n_cands = 0;
    //  "University of California" ORG, "Berkeley" LOC.
    const char *u = strstr (t, "University");
    const char *c = strstr (t, "California");
    const char *b = strstr (t, "Berkeley");
    dp_tag_emit (en, (uint32_t) (u - t), (uint32_t) (c - t + 10), S_ORG, 0, 0,
                 S_NO_NORM, 3, (uint32_t) (c - t));
    dp_tag_emit (en, (uint32_t) (b - t), (uint32_t) (b - t + 8), S_LOC, 0, 0,
                 S_NO_NORM, 1, (uint32_t) (b - t));
    dp_tag_en_conventions (en, t, 0);
    ck_assert_uint_eq (en->cands [0].type, S_ORG);
    ck_assert_uint_eq (en->cands [0].end, (uint32_t) (b - t + 8));
    ck_assert_uint_eq (en->cands [1].type, S_NONE);
    //  A place is not joined by « for »; a nationality before a lowercase
    //  word is no place, a known place is one (« Pakistan said »).
    const char *t2 = "China for the Institute of History and Indian troops left Pakistan said";
    dp_tag_tokenize (en, t2, 0, (uint32_t) strlen (t2));
    en->n_cands = 0;
    const char *w [] = { "China", "Institute of History", "Indian", "Pakistan" };
    uint8_t ty [] = { S_LOC, S_ORG, S_LOC, S_LOC };
    for (int k = 0; k < 4; k++) {
        const char *at = strstr (t2, w [k]);
        const char *lastw = strrchr (w [k], ' ');
        uint32_t last = (uint32_t) (at - t2) + (lastw ? (uint32_t) (lastw - w [k] + 1) : 0);
        dp_tag_emit (en, (uint32_t) (at - t2), (uint32_t) (at - t2 + strlen (w [k])),
                     ty [k], 0, 0, S_NO_NORM, lastw ? 3 : 1, last);
    }
    dp_tag_en_conventions (en, t2, 0);
    ck_assert_uint_eq (en->cands [0].type, S_LOC);
    ck_assert_uint_eq (en->cands [0].end, 5);
    ck_assert_uint_eq (en->cands [1].type, S_ORG);
    ck_assert_uint_eq (en->cands [2].type, S_NONE);
    ck_assert_uint_eq (en->cands [3].type, S_LOC);
    dp_tagger_destroy (&en);
}
END_TEST


START_TEST (test_en_french_conventions_off)
{
    //  The French conventions read French words: « place » before a name
    //  found by the English model is no French « place de ».
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    ck_assert_ptr_nonnull (langs);
    dp_tagger_t *en = dp_tag_langs_pick (langs, "en", NULL, 0, NULL);
    const char *t = "Francois Truffaut was buried in the place Montmartre Cemetery in Paris.";
    dp_entities_t e = s_tag (en, t);
    for (size_t k = 0; k < e.n; k++)
        ck_assert_uint_ne (e.v [k].start, (uint32_t) (strstr (t, "place") - t));
    ck_assert (s_span (t, &e, "Montmartre Cemetery", "LOC", NULL));
    dp_entities_free (&e);
    dp_tag_langs_destroy (&langs);
}
END_TEST

START_TEST (test_en_open_misc)
{
    //  O  O  O  O  | gold of a corpus with no MISC
    //  B-MISC I-MISC O B-PER | predicted: the MISC run is taken, not the PER.
    uint8_t g [] = { 0, 0, 0, 0 }, y [] = { 7, 8, 0, 1 };
    dp_tagm_open_misc (g, y, 4);
    ck_assert (g [0] == 7 && g [1] == 8 && g [2] == 0 && g [3] == 0);
    //  A MISC run over a gold name stays wrong, all of it.
    uint8_t g2 [] = { 0, 1, 0 }, y2 [] = { 7, 8, 0 };
    dp_tagm_open_misc (g2, y2, 3);
    ck_assert (g2 [0] == 0 && g2 [1] == 1 && g2 [2] == 0);
}
END_TEST

//  --------------------------------------------------------------------------

int
main (void)
{
    Suite *s = suite_create ("tag_lang");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_guess);
    tcase_add_test (tc, test_pick);
    tcase_add_test (tc, test_overrides);
    tcase_add_test (tc, test_en_rules);
    tcase_add_test (tc, test_en_cut);
    tcase_add_test (tc, test_en_model);
    tcase_add_test (tc, test_model_recipes);
    tcase_add_test (tc, test_en_conventions);
    tcase_add_test (tc, test_en_french_conventions_off);
    tcase_add_test (tc, test_en_open_misc);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
