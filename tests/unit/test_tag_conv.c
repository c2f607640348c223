//  depeche tag — unit tests (Check) of the French conventions pass
//  (tag_conv.c) called as a plain function on candidates set by hand: an
//  acronym and one capitalised word glued to it, typed a person, make one
//  organisation (« EU Briefs publie »), and what the rule leaves alone.
//  Needs DP_DATA or the source tree's data/ folder.
#include "tag/tag_lang.h"
#include "tag/tag_int.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

//  Emits the first occurrence of word in text as a candidate of type.
static void
s_emit (dp_tagger_t *tagger, const char *text, const char *word, uint8_t type)
{
    const char *at = strstr (text, word);
    ck_assert_ptr_nonnull (at);
    const char *last = strrchr (word, ' ');
    uint32_t start = (uint32_t) (at - text);
    ck_assert_int_eq (dp_tag_emit (tagger, start, start + (uint32_t) strlen (word),
                                   type, 0, 0, S_NO_NORM, last ? 2 : 1,
                                   start + (last ? (uint32_t) (last - word + 1) : 0)), 0);
}

//  A tagger of lang with text tokenized as one sentence, no candidate yet.
static dp_tagger_t *
s_tokenized (const char *lang, const char *text)
{
    dp_tagger_t *tagger = dp_tagger_new_lang (NULL, NULL, lang);
    ck_assert_ptr_nonnull (tagger);
    dp_tag_tokenize (tagger, text, 0, (uint32_t) strlen (text));
    tagger->n_cands = 0;
    return tagger;
}

START_TEST (test_acronym_person_is_org)
{
    const char *t = "Selon FNX Hebdo, le projet avance ; Paul Vernier l'a dit.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    //  The model's person over an acronym and one capitalised word: one
    //  organisation. A person's name of two capitalised words stays one.
    s_emit (fr, t, "FNX Hebdo", S_PER);
    s_emit (fr, t, "Paul Vernier", S_PER);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_PER);
    //  The acronym an organisation and the word after it a person of its
    //  own: glued into one organisation, the person gone.
    fr->n_cands = 0;
    s_emit (fr, t, "FNX", S_ORG);
    s_emit (fr, t, "Hebdo", S_PER);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [0].start, (uint32_t) (strstr (t, "FNX") - t));
    ck_assert_uint_eq (fr->cands [0].end, (uint32_t) (strstr (t, ",") - t));
    ck_assert_uint_eq (fr->cands [1].type, S_NONE);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_acronym_person_left_alone)
{
    //  A roman numeral is no acronym (« XIV Vernier »): it stays the
    //  person the model said.
    const char *t = "Hier XIV Vernier est venu.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "XIV Vernier", S_PER);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_PER);
    dp_tagger_destroy (&fr);
    //  English: the rule is French only.
    const char *e = "Yesterday FNX Hebdo said so.";
    dp_tagger_t *en = s_tokenized ("en", e);
    s_emit (en, e, "FNX Hebdo", S_PER);
    dp_tag_conventions (en, e, 0);
    ck_assert_uint_eq (en->cands [0].type, S_PER);
    dp_tagger_destroy (&en);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_conv");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_acronym_person_is_org);
    tcase_add_test (tc, test_acronym_person_left_alone);
    suite_add_tcase (s, tc);
    SRunner *sr = srunner_create (s);
    srunner_run_all (sr, CK_NORMAL);
    int failed = srunner_ntests_failed (sr);
    srunner_free (sr);
    return failed ? 1 : 0;
}
