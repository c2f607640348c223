//  depeche — unit tests for stages/split: sentence boundaries (table of
//  text -> expected sentences, French news, parliament, leaflets, wiki, and
//  English), tokens (URLs, elisions, numbers), and bad input (invalid
//  UTF-8, NUL bytes, 20 MB without a stop, MBs of marks, 1M line breaks). Data files come from $DP_DATA, or
//  data/ relative to the repository root the tests run from.
#include "split/split.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "test_run.h"

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
    { "Bâtie en 300 avant J.-C. Elle brûla.", "Bâtie en 300 avant J.-C. | Elle brûla." },
    { "Selon J.-C. Juncker, la Commission doit agir.",
      "Selon J.-C. Juncker, la Commission doit agir." },
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
    //  Parliament speeches.
    { "Monsieur le Président, chers collègues, je remercie M. Barnier. Mme la Commissaire a raison.",
      "Monsieur le Président, chers collègues, je remercie M. Barnier. | Mme la Commissaire a raison." },
    { "Je cite l'art. 3 du règlement. Voir chap. II. Le vol. XIV est paru.",
      "Je cite l'art. 3 du règlement. | Voir chap. II. | Le vol. XIV est paru." },
    //  Drug leaflets: numbered items, bullets, units.
    { "1. Qu'est-ce que Dolorex et dans quel cas est-il utilisé ? 2. Quelles sont les précautions ?",
      "1. Qu'est-ce que Dolorex et dans quel cas est-il utilisé ? | 2. Quelles sont les précautions ?" },
    { "Ne prenez jamais Dolorex :\n• si vous êtes allergique ;\n• si vous êtes enceinte.",
      "Ne prenez jamais Dolorex : | • si vous êtes allergique ; | • si vous êtes enceinte." },
    { "2. COMMENT PRENDRE DOLOREX\nPrenez 1 comprimé par jour, c.-à-d. 5 mg. Voir rubrique 6.",
      "2. COMMENT PRENDRE DOLOREX | Prenez 1 comprimé par jour, c.-à-d. 5 mg. | Voir rubrique 6." },
    { "Perfusion de 0,25 mg/kg/h. Si le patient a moins de 5 ans, réduire.",
      "Perfusion de 0,25 mg/kg/h. | Si le patient a moins de 5 ans, réduire." },
    //  Encyclopaedic text and dates.
    { "Paul Martin (né le 3 mars 1950 à Lyon) est un peintre. Il expose en 1980.",
      "Paul Martin (né le 3 mars 1950 à Lyon) est un peintre. | Il expose en 1980." },
    { "Il est élu le 1er janv. 2020 et meurt le 15 févr. 2021. Sa fille lui succède.",
      "Il est élu le 1er janv. 2020 et meurt le 15 févr. 2021. | Sa fille lui succède." },
    { "Il règne de 1643 à 1715 (env. 72 ans). Louis XV lui succède.",
      "Il règne de 1643 à 1715 (env. 72 ans). | Louis XV lui succède." },
    { "Lire https://www.exemple.fr/a.html. Puis écrire à jean.dupont@exemple.fr. Merci.",
      "Lire https://www.exemple.fr/a.html. | Puis écrire à jean.dupont@exemple.fr. | Merci." },
};

static const s_case_t s_en_cases [] = {
    { "Mr. Smith went to Washington. He stayed.", "Mr. Smith went to Washington. | He stayed." },
    { "It costs $5, e.g. a coffee. Fine.", "It costs $5, e.g. a coffee. | Fine." },
    { "He works at Acme Inc. The firm is small.", "He works at Acme Inc. | The firm is small." },
    { "See No. 5 and Fig. 2 for details.", "See No. 5 and Fig. 2 for details." },
    { "It ended. then nothing.", "It ended. then nothing." },
    { "Mr. Smith met U.S. officials. They agreed.", "Mr. Smith met U.S. officials. | They agreed." },
    { "The U.S. Army arrived. It was late.", "The U.S. Army arrived. | It was late." },
    { "He moved to the U.S. The move was hard.", "He moved to the U.S. | The move was hard." },
    { "He lives in Washington, D.C. The city is big.", "He lives in Washington, D.C. | The city is big." },
    { "Fruit, e.g. apples, i.e. not meat. Fine.", "Fruit, e.g. apples, i.e. not meat. | Fine." },
    { "On Jan. 5 at 4:20 p.m. the meeting began.", "On Jan. 5 at 4:20 p.m. the meeting began." },
    { "It was 4:20 p.m. The doors closed.", "It was 4:20 p.m. | The doors closed." },
    { "It starts at 4 p.m. Eastern time.", "It starts at 4 p.m. Eastern time." },
    { "\"He said.\" She left.", "\"He said.\" | She left." },
    { "Dr. Jones and Mrs. Brown left. No. I stayed.", "Dr. Jones and Mrs. Brown left. | No. | I stayed." },
    { "It cost $3.50. Good!", "It cost $3.50. | Good!" },
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
    { "jusqu'à l\xE2\x80\x99" "armée", "jusqu' à l\xE2\x80\x99 armée" },
    { "1.000.000 fois, 1er, XIXe", "1.000.000 fois , 1er , XIXe" },
    { "Voir https://www.lemonde.fr/a.html.", "Voir https://www.lemonde.fr/a.html ." },
    { "(www.exemple.fr/x_(y)), http://a.fr/?q=1&r=2", "( www.exemple.fr/x_(y) ) , http://a.fr/?q=1&r=2" },
    { "« https://fr.wikipedia.org/wiki/Paris_(France) »", "« https://fr.wikipedia.org/wiki/Paris_(France) »" },
    { "Écrire à jean.dupont-x@exemple.co.uk, mailto:a@b.fr.", "Écrire à jean.dupont-x@exemple.co.uk , mailto:a@b.fr ." },
    { "https://x.fr\xE2\x80\x99", "https://x.fr \xE2\x80\x99" },
    { "http:// et www. seuls", "http : / / et www . seuls" },
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

//  --------------------------------------------------------------------------
//  Checks that the spans of *out are non-empty, in order, non-overlapping
//  and inside [lo, hi).

//  (One ck_assert per call: each passing ck_assert costs Check a write to
//  its parent, which millions of spans turn into minutes.)

//  The index of the first bad span, or SIZE_MAX.
static size_t
s_bad_span (const dp_spans_t *out, size_t lo, size_t hi)
{
    size_t last = lo;
    for (size_t k = 0; k < out->n; k++) {
        if (out->v [k].start >= out->v [k].end || out->v [k].start < last
        ||  out->v [k].end > hi)
            return k;
        last = out->v [k].end;
    }
    return SIZE_MAX;
}

static void
s_check_spans (const dp_spans_t *out, size_t lo, size_t hi)
{
    size_t bad = s_bad_span (out, lo, hi);
    ck_assert_msg (bad == SIZE_MAX, "span %zu of %zu [%u, %u) is empty, out of "
                   "order or outside [%zu, %zu)", bad, out->n,
                   bad < out->n ? out->v [bad].start : 0,
                   bad < out->n ? out->v [bad].end : 0, lo, hi);
}

//  Splits (French and English) and tokenizes every sentence, checking all
//  spans. Returns the number of French sentences.
static size_t
s_split_checked (const char *text, size_t len)
{
    dp_spans_t out = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "en", &out), 0);
    s_check_spans (&out, 0, len);
    out.n = 0;
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    s_check_spans (&out, 0, len);
    //  One assertion for all the sentences: Check writes every passed
    //  assertion to its log, a million of them cost seconds.
    size_t failed = SIZE_MAX;
    for (size_t k = 0; k < out.n && failed == SIZE_MAX; k++) {
        toks.n = 0;
        if (dp_tokenize (s_splitter, text, out.v [k], &toks) != 0
        ||  s_bad_span (&toks, out.v [k].start, out.v [k].end) != SIZE_MAX)
            failed = k;
    }
    ck_assert_msg (failed == SIZE_MAX, "the tokens of sentence %zu", failed);
    size_t n = out.n;
    dp_spans_free (&out);
    dp_spans_free (&toks);
    return n;
}

//  A small deterministic generator (xorshift32), so failures reproduce.
static uint32_t
s_rand (uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

//  NUL bytes are ordinary non-letters: they neither end the text nor a
//  sentence.
START_TEST (test_nul_bytes)
{
    static const char text [] = "Il pleut. Le\0vent souffle.\0 Fin\0";
    size_t len = sizeof text - 1;
    ck_assert_uint_eq (s_split_checked (text, len), 2);
    dp_spans_t out = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.v [0].start, 0);
    ck_assert_uint_eq (out.v [0].end, 9);
    ck_assert_uint_eq (out.v [1].end, len);     //  ".\0" is glued: no end
    dp_spans_free (&out);
    char zeros [4096] = { 0 };
    ck_assert_uint_eq (s_split_checked (zeros, sizeof zeros), 1);
}
END_TEST

//  Random bytes, random UTF-8-ish bytes and random punctuation soup.
START_TEST (test_random_bytes)
{
    static const char *const soup [] = {
        ".", "!", "?", "\xE2\x80\xA6", ";", " ", " ", "\n", "(", ")", "[", "]",
        "\xC2\xAB", "\xC2\xBB", "\"", "'", "\xE2\x80\x99", "-", "\xC2\xA0",
        "...", "(...)", "[4]", "A", "a", "1", "\xC3", "\xE2\x80", "\xFF", "\0",
        "M.", "U.S.", "www.", "http://", "@", "/", ":", ",", "\xE2\x80\xA8"
    };
    size_t len = 1 << 20;
    char *text = malloc (len + 16);
    ck_assert_ptr_nonnull (text);
    uint32_t seed = 0x9E3779B9u;
    for (size_t i = 0; i < len; i++)
        text [i] = (char) s_rand (&seed);
    s_split_checked (text, len);
    for (size_t i = 0; i < len; i++)
        text [i] = (char) (0x80 | (s_rand (&seed) & 0x7F));
    s_split_checked (text, len);
    size_t o = 0;
    while (o < len) {
        const char *piece = soup [s_rand (&seed) % (sizeof soup / sizeof soup [0])];
        size_t n = piece [0] ? strlen (piece) : 1;
        memcpy (text + o, piece, n);
        o += n;
    }
    s_split_checked (text, o);
    free (text);
}
END_TEST

//  20 MB with no stop: one sentence, every word a token.
START_TEST (test_huge_sentence)
{
    size_t len = 20u << 20;
    char *text = malloc (len);
    ck_assert_ptr_nonnull (text);
    for (size_t i = 0; i < len; i++)
        text [i] = "abc de "[i % 7];
    dp_spans_t out = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &out), 0);
    ck_assert_uint_eq (out.n, 1);
    ck_assert_int_eq (dp_tokenize (s_splitter, text, out.v [0], &toks), 0);
    ck_assert_uint_eq (toks.n, len / 7 * 2 + (len % 7 > 0) + (len % 7 > 4));
    s_check_spans (&toks, 0, len);
    dp_spans_free (&out);
    dp_spans_free (&toks);
    free (text);
}
END_TEST

//  3 MB of punctuation only, and a million line breaks.
START_TEST (test_only_marks_and_breaks)
{
    static const char marks [] = ".!?;:,()[]\"'\xC2\xAB\xC2\xBB \xE2\x80\xA6-";
    size_t len = 3u << 20;
    char *text = malloc (len);
    ck_assert_ptr_nonnull (text);
    uint32_t seed = 12345;
    for (size_t i = 0; i < len; i++)
        text [i] = marks [s_rand (&seed) % (sizeof marks - 1)];
    s_split_checked (text, len);
    memset (text, '\n', 1000000);
    ck_assert_uint_eq (s_split_checked (text, 1000000), 0);
    for (size_t i = 0; i < 2000000; i += 2)
        memcpy (text + i, "a\n", 2);
    ck_assert_uint_eq (s_split_checked (text, 2000000), 1000000);
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
    tcase_add_test (tc, test_nul_bytes);
    tcase_add_test (tc, test_random_bytes);
    tcase_add_test (tc, test_huge_sentence);
    tcase_add_test (tc, test_only_marks_and_breaks);
    tcase_add_test (tc, test_missing_data);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
