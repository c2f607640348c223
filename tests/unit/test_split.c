//  depeche — unit tests for stages/split: sentence boundaries (table of
//  text -> expected sentences), tokens, and malformed input (invalid UTF-8,
//  empty text, no stop at all in 1 MB). Data files come from $DP_DATA, or
//  data/ relative to the repository root the tests run from.
#include "split/split.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static dp_splitter_t *s_splitter;

static void
s_setup (void)
{
    const char *env = getenv ("DP_DATA");
    s_splitter = dp_splitter_new (env && *env ? env : "data");
    ck_assert_ptr_nonnull (s_splitter);
}

static void
s_teardown (void)
{
    dp_splitter_destroy (&s_splitter);
    ck_assert_ptr_null (s_splitter);
}

//  --------------------------------------------------------------------------
//  Splits text and returns the sentences joined with " | " (caller frees).

static char *
s_join_split (const char *text, const char *lang)
{
    dp_spans_t out = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, strlen (text), lang, &out), 0);
    size_t cap = strlen (text) + 4 * out.n + 1;
    char *buf = calloc (1, cap);
    ck_assert_ptr_nonnull (buf);
    for (size_t k = 0; k < out.n; k++) {
        ck_assert_uint_le (out.v [k].start, out.v [k].end);
        if (k > 0) {
            ck_assert_uint_le (out.v [k - 1].end, out.v [k].start);
            strcat (buf, " | ");
        }
        strncat (buf, text + out.v [k].start, out.v [k].end - out.v [k].start);
    }
    dp_spans_free (&out);
    return buf;
}

//  Tokenizes the whole text and returns the tokens joined with " " .
static char *
s_join_tokens (const char *text)
{
    dp_spans_t out = { 0 };
    dp_span_t all = { 0, (uint32_t) strlen (text) };
    ck_assert_int_eq (dp_tokenize (s_splitter, text, all, &out), 0);
    char *buf = calloc (1, 2 * strlen (text) + 1);
    ck_assert_ptr_nonnull (buf);
    for (size_t k = 0; k < out.n; k++) {
        if (k > 0)
            strcat (buf, " ");
        strncat (buf, text + out.v [k].start, out.v [k].end - out.v [k].start);
    }
    dp_spans_free (&out);
    return buf;
}

typedef struct {
    const char *text;                   //  input
    const char *expected;               //  sentences joined with " | "
} s_case_t;

static const s_case_t s_fr_cases [] = {
    { "Il pleut. Le vent souffle.", "Il pleut. | Le vent souffle." },
    { "  Il pleut.  ", "Il pleut." },
    { "\xC2\xA0Il pleut.\xE2\x80\xAF", "Il pleut." },
    { "Titre sans point\nLe texte commence ici.", "Titre sans point | Le texte commence ici." },
    { "Premier paragraphe.\n\nSecond paragraphe.", "Premier paragraphe. | Second paragraphe." },
    { "- un item\n- un autre item", "- un item | - un autre item" },
    { "Vraiment ? Oui !", "Vraiment ? | Oui !" },
    { "Vraiment\xC2\xA0? Oui\xE2\x80\xAF!", "Vraiment\xC2\xA0? | Oui\xE2\x80\xAF!" },
    { "Quoi ?! Non !!! Si.", "Quoi ?! | Non !!! | Si." },
    { "Il hésite... Puis il part.", "Il hésite... | Puis il part." },
    { "Il hésite\xE2\x80\xA6 Puis il part.", "Il hésite\xE2\x80\xA6 | Puis il part." },
    { "Il hésite... puis il part.", "Il hésite... puis il part." },
    { "M. Dupont et Mme Durand sont venus.", "M. Dupont et Mme Durand sont venus." },
    { "MM. Dupont et Durand. Dr. House aussi.", "MM. Dupont et Durand. | Dr. House aussi." },
    { "Voir p. 12 et cf. Annexe 3.", "Voir p. 12 et cf. Annexe 3." },
    { "Né en 52 av. J.-C. Il mourut jeune.", "Né en 52 av. J.-C. | Il mourut jeune." },
    { "Des pommes, des poires, etc. Le reste suit.", "Des pommes, des poires, etc. | Le reste suit." },
    { "Des pommes, etc. et des poires.", "Des pommes, etc. et des poires." },
    { "Il lit J. R. R. Tolkien le soir.", "Il lit J. R. R. Tolkien le soir." },
    { "Jean-C. Juncker a parlé.", "Jean-C. Juncker a parlé." },
    { "Le taux est de 8.6 et 3,5 % en 2024. La suite.", "Le taux est de 8.6 et 3,5 % en 2024. | La suite." },
    { "Le 12.03.2024 à 9h30, 1.000.000 de personnes.", "Le 12.03.2024 à 9h30, 1.000.000 de personnes." },
    { "Écrivez à info@exemple.fr ou sur www.exemple.fr pour en savoir plus.",
      "Écrivez à info@exemple.fr ou sur www.exemple.fr pour en savoir plus." },
    { "Il vit à L.A. depuis 2010. Les U.S.A. aussi.", "Il vit à L.A. depuis 2010. | Les U.S.A. aussi." },
    { "Louis XIV. Il régna longtemps.", "Louis XIV. | Il régna longtemps." },
    { "Au XIXe siècle, le 1er mai, la 2e fois.", "Au XIXe siècle, le 1er mai, la 2e fois." },
    { "« Madame est dans sa chambre. » dit le serviteur.", "« Madame est dans sa chambre. » dit le serviteur." },
    { "Il a dit « non ». Elle a ri.", "Il a dit « non ». | Elle a ri." },
    { "« C'est fini ! » Il sortit.", "« C'est fini ! » | Il sortit." },
    { "Il sourit (enfin). Elle aussi.", "Il sourit (enfin). | Elle aussi." },
    { "Il part.[4] Elle reste.", "Il part.[4] | Elle reste." },
    { "Il cite (...) la suite.", "Il cite (...) la suite." },
    { "Je suis Chris. comment allez vous", "Je suis Chris. | comment allez vous" },
    { "1. Introduction au sujet", "1. Introduction au sujet" },
    { "Il était là en 1990. 30 personnes aussi.", "Il était là en 1990. | 30 personnes aussi." },
    { "Il travaille chez Google Inc. à Paris.", "Il travaille chez Google Inc. à Paris." },
    { "Le vol. 2 est sorti. Le vol. Il a eu lieu.", "Le vol. 2 est sorti. | Le vol. | Il a eu lieu." },
    { "Il pleut ; Le vent souffle.", "Il pleut ; | Le vent souffle." },
    { "Il a vu Paris ; Marseille aussi.", "Il a vu Paris ; Marseille aussi." },
    { "Fin.\u2028Début.", "Fin. | Début." },
};

static const s_case_t s_en_cases [] = {
    { "Mr. Smith went to Washington. He stayed.", "Mr. Smith went to Washington. | He stayed." },
    { "It costs $5, e.g. a coffee. Fine.", "It costs $5, e.g. a coffee. | Fine." },
    { "He works at Acme Inc. The firm is small.", "He works at Acme Inc. | The firm is small." },
    { "See No. 5 and Fig. 2 for details.", "See No. 5 and Fig. 2 for details." },
    { "It ended. then nothing.", "It ended. then nothing." },
};

START_TEST (test_split_fr)
{
    const s_case_t *c = &s_fr_cases [_i];
    char *got = s_join_split (c->text, "fr");
    ck_assert_msg (strcmp (got, c->expected) == 0, "input: %s\n got: %s\nwant: %s",
                   c->text, got, c->expected);
    free (got);
}
END_TEST

START_TEST (test_split_en)
{
    const s_case_t *c = &s_en_cases [_i];
    char *got = s_join_split (c->text, "en");
    ck_assert_msg (strcmp (got, c->expected) == 0, "input: %s\n got: %s\nwant: %s",
                   c->text, got, c->expected);
    free (got);
}
END_TEST

static const s_case_t s_token_cases [] = {
    { "L'armée d'Azerbaïdjan.", "L' armée d' Azerbaïdjan ." },
    { "l\xE2\x80\x99\xC3\xA9t\xC3\xA9 qu\xE2\x80\x99il", "l\xE2\x80\x99 \xC3\xA9t\xC3\xA9 qu\xE2\x80\x99 il" },
    { "aujourd'hui jusqu'ici lorsqu'il puisqu'on", "aujourd'hui jusqu' ici lorsqu' il puisqu' on" },
    { "Jean-Baptiste au Haut-Karabakh, a-t-il dit.", "Jean-Baptiste au Haut-Karabakh , a-t-il dit ." },
    { "3,5 % de 1.000 le 12.03.2024 à 9h30", "3,5 % de 1.000 le 12.03.2024 à 9h30" },
    { "« Non… » (oui) !", "« Non … » ( oui ) !" },
    { "Il hésite... puis", "Il hésite ... puis" },
    { "M. Dupont", "M . Dupont" },
    { "gaffa.org n'est pas", "gaffa.org n' est pas" },
    { "O'Brien don't", "O'Brien don't" },
    { "", "" },
    { "   ", "" },
};

START_TEST (test_tokenize)
{
    const s_case_t *c = &s_token_cases [_i];
    char *got = s_join_tokens (c->text);
    ck_assert_msg (strcmp (got, c->expected) == 0, "input: %s\n got: %s\nwant: %s",
                   c->text, got, c->expected);
    free (got);
}
END_TEST

//  Tokens of a span never leave it.
START_TEST (test_tokenize_subspan)
{
    const char *text = "Il pleut. Le vent souffle.";
    dp_spans_t sents = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, strlen (text), "fr", &sents), 0);
    ck_assert_uint_eq (sents.n, 2);
    ck_assert_int_eq (dp_tokenize (s_splitter, text, sents.v [1], &toks), 0);
    ck_assert_uint_eq (toks.n, 4);
    ck_assert_uint_eq (toks.v [0].start, 10);
    ck_assert_uint_eq (toks.v [3].end, sents.v [1].end);
    dp_spans_free (&sents);
    dp_spans_free (&toks);
}
END_TEST

//  --------------------------------------------------------------------------
//  Malformed input: nothing crashes, spans stay inside the text.

static const char *const s_bad_inputs [] = {
    "",
    "   \t  ",
    "\n\n\n",
    ". . . ! ? …",
    "...",
    "\xFF\xFE. \xC3. \xE2\x80 Il. \x80\x80\x80",
    "Fin.\xE2",
    "Fin. \xC2",
    "(...",
    "[4",
    "Il dit « ",
    "\xF4\x90\x80\x80. A. b. \xED\xA0\x80 L'\xFF",
    ";;; ; ; ;",
    "\" \" \" .\" \"",
};

START_TEST (test_malformed)
{
    const char *text = s_bad_inputs [_i];
    size_t len = strlen (text);
    dp_spans_t out = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    for (size_t k = 0; k < out.n; k++) {
        ck_assert_uint_lt (out.v [k].start, out.v [k].end);
        ck_assert_uint_le (out.v [k].end, len);
        ck_assert_int_eq (dp_tokenize (s_splitter, text, out.v [k], &toks), 0);
    }
    for (size_t k = 0; k < toks.n; k++) {
        ck_assert_uint_lt (toks.v [k].start, toks.v [k].end);
        ck_assert_uint_le (toks.v [k].end, len);
    }
    ck_assert_int_eq (dp_split (s_splitter, text, len, "en", &out), 0);
    dp_spans_free (&out);
    dp_spans_free (&toks);
}
END_TEST

START_TEST (test_empty_and_blank)
{
    dp_spans_t out = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, "", 0, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 0);
    ck_assert_int_eq (dp_split (s_splitter, " \n \xC2\xA0\n", 6, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 0);
    ck_assert_int_eq (dp_split (s_splitter, "!?", 2, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    dp_spans_free (&out);
}
END_TEST

//  1 MB without a stop, then 1 MB of stops: one sentence, then linear time.
START_TEST (test_huge)
{
    size_t len = 1 << 20;
    char *text = malloc (len);
    ck_assert_ptr_nonnull (text);
    for (size_t i = 0; i < len; i++)
        text [i] = "abc de "[i % 7];
    dp_spans_t out = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    ck_assert_int_eq (dp_tokenize (s_splitter, text, out.v [0], &toks), 0);
    ck_assert_uint_gt (toks.n, 200000);
    memset (text, '.', len);
    out.n = 0;
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    for (size_t i = 0; i < len; i++)
        text [i] = "! "[i % 2];
    out.n = 0;
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    for (size_t i = 0; i < len; i++)
        text [i] = (char) (0x80 + i % 64);  //  continuation bytes only
    out.n = 0;
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    dp_spans_free (&out);
    dp_spans_free (&toks);
    free (text);
}
END_TEST

START_TEST (test_missing_data)
{
    dp_splitter_t *splitter = dp_splitter_new ("/nonexistent/depeche");
    ck_assert_ptr_null (splitter);
    dp_splitter_destroy (&splitter);
    dp_splitter_destroy (NULL);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("split");
    TCase *tc = tcase_create ("split");
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_set_timeout (tc, 30);
    tcase_add_loop_test (tc, test_split_fr, 0, sizeof s_fr_cases / sizeof s_fr_cases [0]);
    tcase_add_loop_test (tc, test_split_en, 0, sizeof s_en_cases / sizeof s_en_cases [0]);
    tcase_add_loop_test (tc, test_tokenize, 0, sizeof s_token_cases / sizeof s_token_cases [0]);
    tcase_add_test (tc, test_tokenize_subspan);
    tcase_add_loop_test (tc, test_malformed, 0, sizeof s_bad_inputs / sizeof s_bad_inputs [0]);
    tcase_add_test (tc, test_empty_and_blank);
    tcase_add_test (tc, test_huge);
    tcase_add_test (tc, test_missing_data);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    SRunner *sr = srunner_create (s_suite ());
    srunner_run_all (sr, CK_NORMAL);
    int failed = srunner_ntests_failed (sr);
    srunner_free (sr);
    return failed ? 1 : 0;
}
