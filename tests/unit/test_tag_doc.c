//  depeche tag — unit tests (Check) of the article-level pass, French rules
//  (tag_doc.c), on articles written for them, tagged as the pipeline tags
//  them (split's sentences and tokens, the shipped model): one type per
//  name in an article, a person's surname alone and an organisation's
//  name found where the model missed them, places not spread, and odd
//  bytes around the names. Needs
//  DP_DATA or the source tree's data/ folder.
#include "tag/tag.h"

#include <check.h>
#include "split/split.h"
#include <stdlib.h>
#include <string.h>
#include "test_run.h"

static dp_tagger_t *s_tagger;
static dp_splitter_t *s_splitter;

static void
s_setup (void)
{
    s_tagger = dp_tagger_new (NULL);
    ck_assert_ptr_nonnull (s_tagger);
    s_splitter = dp_splitter_new (NULL);
    ck_assert_ptr_nonnull (s_splitter);
}

static void
s_teardown (void)
{
    dp_tagger_destroy (&s_tagger);
    dp_splitter_destroy (&s_splitter);
}

//  Tags text with split's sentences and tokens; checks the entities are in
//  text order, apart and inside the text. Caller frees.
static dp_entities_t
s_tag (const char *text)
{
    size_t len = strlen (text);
    dp_spans_t sents = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, len, "fr", &sents), 0);
    for (size_t k = 0; k < sents.n; k++)
        ck_assert_int_eq (dp_tokenize (s_splitter, text, sents.v [k], &toks), 0);
    dp_entities_t ents = { 0 };
    ck_assert_int_eq (dp_tag (s_tagger, text, len, sents.v, sents.n,
                              toks.v, toks.n, &ents), 0);
    uint32_t last = 0;
    for (size_t k = 0; k < ents.n; k++) {
        ck_assert_uint_le (last, ents.v [k].start);
        ck_assert_uint_lt (ents.v [k].start, ents.v [k].end);
        ck_assert_uint_le (ents.v [k].end, len);
        last = ents.v [k].end;
    }
    dp_spans_free (&sents);
    dp_spans_free (&toks);
    return ents;
}

//  How many entities are exactly surface with type type, and how many are
//  exactly surface with any type.
static size_t
s_count (const char *text, const dp_entities_t *ents, const char *surface,
         const char *type, size_t *any)
{
    size_t sl = strlen (surface), n = 0;
    *any = 0;
    for (size_t k = 0; k < ents->n; k++)
        if (ents->v [k].end - ents->v [k].start == sl
        &&  memcmp (text + ents->v [k].start, surface, sl) == 0) {
            (*any)++;
            n += !strcmp (ents->v [k].type, type);
        }
    return n;
}

typedef struct {
    const char *text;                   //  the article
    const char *surface;                //  a name
    const char *type;                   //  the type of each of its mentions
    size_t n;                           //  how many mentions stand alone
} s_case_t;

static const s_case_t s_cases [] = {
    //  One name, one type: a company the model also calls a person and a
    //  place takes the type most of its mentions have.
    { "La société Brindex a licencié. Brindex emploie 300 personnes à Dijon. "
      "Les salariés de Brindex manifestent. Le groupe Brindex a réagi.",
      "Brindex", "ORG", 4 },
    { "La société Brindex a licencié. Les salariés de Brindex manifestent. "
      "Le groupe Brindex a réagi.", "Brindex", "ORG", 3 },
    { "Le groupe Malvoisin a licencié. Malvoisin emploie 300 personnes. "
      "Le groupe Malvoisin a réagi.", "Malvoisin", "ORG", 3 },
    //  A tie goes to the first mention, which says most.
    { "La société Brindex a licencié hier. Les salariés de Brindex manifestent.",
      "Brindex", "ORG", 2 },
    //  An organisation's name of three words found again where the model
    //  missed it.
    { "Le Crédit Mutuel Agricole a prêté. Crédit Mutuel Agricole refuse. "
      "Selon Crédit Mutuel Agricole, tout va bien.", "Crédit Mutuel Agricole", "ORG", 3 },
    //  A one-word organisation the model typed twice is found a third time
    //  (after « l' »); « Étoile Bleue » is another name.
    { "Les joueurs de l'Étoile sont fatigués. L'Étoile a perdu samedi. "
      "L'Étoile jouera dimanche. Le public de l'Étoile Bleue chante.",
      "Étoile", "ORG", 3 },
    //  A person's surname alone, a common word too, is that person where
    //  the model missed it.
    { "Le maire Pierre Boulanger a parlé. Boulanger a promis des travaux. "
      "L'adjoint de Boulanger conteste.", "Boulanger", "PER", 2 },
    { "Lors de l'entretien, Jean Rivière a répondu. Rivière conteste les "
      "faits. Selon Rivière, tout est faux.", "Rivière", "PER", 2 },
};

START_TEST (test_cases)
{
    const s_case_t *c = &s_cases [_i];
    dp_entities_t ents = s_tag (c->text);
    size_t any, n = s_count (c->text, &ents, c->surface, c->type, &any);
    ck_assert_msg (n == c->n && any == c->n,
                   "case %d: '%s' is %s %zu times of %zu, not %zu", _i,
                   c->surface, c->type, n, any, c->n);
    dp_entities_free (&ents);
}
END_TEST

//  A place is not spread: « Dijon » inside « Dijon Céréales » (glued to a
//  capitalised word) and a town the model typed once stay as they were;
//  a surname glued to another capitalised word is another name.
START_TEST (test_not_spread)
{
    const char *text = "Le maire Pierre Boulanger a parlé à Dijon. La coopérative "
                       "Dijon Céréales a répondu. Le bar Boulanger Frères ferme.";
    dp_entities_t ents = s_tag (text);
    const char *glued = strstr (text, "Boulanger Frères");
    for (size_t k = 0; k < ents.n; k++) {
        const dp_entity_t *e = &ents.v [k];
        ck_assert_msg (!(e->end - e->start == 9 && text + e->start == glued),
                       "'Boulanger' of 'Boulanger Frères' taken alone");
        ck_assert_msg (!(e->end - e->start == 5
                         && !memcmp (text + e->start, "Dijon", 5)
                         && text + e->start > strstr (text, "coopérative")),
                       "'Dijon' of 'Dijon Céréales' taken alone");
    }
    dp_entities_free (&ents);
}
END_TEST

//  A state the gazetteers know keeps the type of each of its mentions:
//  the government that signs (ORG), the place one arrives in (LOC).
START_TEST (test_state_mentions)
{
    const char *text = "L'Arménie a signé l'accord hier. Des réfugiés arrivent "
                       "en Arménie chaque jour. L'Arménie refuse de céder.";
    dp_entities_t ents = s_tag (text);
    const char *place = strstr (text, "en Arménie") + 3;
    size_t seen = 0;
    for (size_t k = 0; k < ents.n; k++) {
        const dp_entity_t *e = &ents.v [k];
        if (e->end - e->start != strlen ("Arménie")
        ||  memcmp (text + e->start, "Arménie", e->end - e->start))
            continue;
        seen++;
        ck_assert_str_eq (e->type, text + e->start == place ? "LOC" : "ORG");
    }
    ck_assert_uint_eq (seen, 3);
    dp_entities_free (&ents);
}
END_TEST

//  Odd bytes at a name's edges: an elision at the very start, a capital's
//  lead byte cut at the end, invalid UTF-8 and quotes around the surname.
static const char *const s_odd [] = {
    "d'Boulanger. Le maire Pierre Boulanger a parlé. \xC3",
    "Le maire Pierre Boulanger a parlé. \xE2\x80\x99" "Boulanger\xE2\x80\x99 \xFF\xFE Boulanger",
    "Le maire Pierre Boulanger a parlé. l\xE2\x80\x99" "Boulanger, «\xC2\xA0" "Boulanger\xC2\xA0»",
    "Jean Rivière. Rivière Rivière Rivière-Rivière Rivière'Rivière \xC3\x89",
    "Pierre Boulanger",
};

START_TEST (test_odd_bytes)
{
    dp_entities_t ents = s_tag (s_odd [_i]);
    dp_entities_free (&ents);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("tag_doc");
    TCase *tc = tcase_create ("core");
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_cases, 0,
                         (int) (sizeof s_cases / sizeof s_cases [0]));
    tcase_add_test (tc, test_not_spread);
    tcase_add_test (tc, test_state_mentions);
    tcase_add_loop_test (tc, test_odd_bytes, 0,
                         (int) (sizeof s_odd / sizeof s_odd [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
