//  depeche tag — unit tests (Check) of the passes over a sentence's or an
//  article's name candidates, set by hand rather than by the model: the
//  English kinds of names (works, events, teams, nationalities, what a
//  possessive owns, venues), where a
//  person's name ends, the lowercase tail, repeated acronyms (added in
//  text order), unknown one-word places, the title's dot, the article
//  pass (one type per name, repetitions), the person shape, common words
//  that are no person, and the surname guards in French and English.
//  Needs DP_DATA or the source tree's data/ folder (both models).
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "tag/tagm.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_run.h"
//  Emits a candidate over the first occurrence of w at or after from.
static void
s_emit_at (dp_tagger_t *tg, const char *t, const char *from, const char *w,
           uint8_t type)
{
    const char *at = strstr (from, w);
    ck_assert_ptr_nonnull (at);
    const char *sp = strrchr (w, ' ');
    uint32_t a = (uint32_t) (at - t);
    uint32_t last = a + (sp ? (uint32_t) (sp - w + 1) : 0);
    dp_tag_emit (tg, a, a + (uint32_t) strlen (w), type, 0, 0, S_NO_NORM,
                 sp ? 2 : 1, last);
}

//  The candidate starting at byte offset of w's n-th occurrence, or NULL.
static const dp_tag_cand_t *
s_cand_at (const dp_tagger_t *tg, const char *t, const char *w, int nth)
{
    const char *at = t;
    for (int k = 0; k <= nth; k++) {
        at = strstr (k ? at + 1 : at, w);
        ck_assert_ptr_nonnull (at);
    }
    for (size_t k = 0; k < tg->n_cands; k++)
        if (tg->cands [k].start == (uint32_t) (at - t) && tg->cands [k].type != S_NONE)
            return &tg->cands [k];
    return NULL;
}

//  Tokenizes sentence t into tg and emits candidates ws[k] of types ty[k].
static void
s_sentence (dp_tagger_t *tg, const char *t, const char *const *ws,
            const uint8_t *ty, size_t n)
{
    dp_tag_tokenize (tg, t, 0, (uint32_t) strlen (t));
    tg->n_cands = 0;
    for (size_t k = 0; k < n; k++)
        s_emit_at (tg, t, t, ws [k], ty [k]);
}

START_TEST (test_en_kinds)
{
    //  Candidates as the model may leave them, given their kind by their
    //  own words and the word before them.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    //  A work after its noun; an award by its head; a storm.
    const char *t1 = "She starred in the film Harbour of the Lost Owls and won the "
                     "Marlowe Prize as Cyclone Ketura came.";
    const char *w1 [] = { "Owls", "Marlowe Prize", "Ketura" };
    uint8_t y1 [] = { S_PER, S_ORG, S_PER };
    s_sentence (en, t1, w1, y1, 3);
    dp_tag_en_kinds (en, t1, 0);
    const dp_tag_cand_t *c = s_cand_at (en, t1, "Harbour of the Lost Owls", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_MISC);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t1, " and") - t1));
    ck_assert_ptr_null (s_cand_at (en, t1, "Owls", 0));
    ck_assert_uint_eq (s_cand_at (en, t1, "Marlowe Prize", 0)->type, S_MISC);
    c = s_cand_at (en, t1, "Cyclone Ketura", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_MISC);
    //  A festival the model took for its town, glued words and all.
    const char *t2 = "He sat on the jury of the Brenna International Film Festival last year.";
    const char *w2 [] = { "Brenna" };
    uint8_t y2 [] = { S_LOC };
    s_sentence (en, t2, w2, y2, 1);
    dp_tag_en_kinds (en, t2, 0);
    c = s_cand_at (en, t2, "Brenna", 0);
    ck_assert_uint_eq (c->type, S_MISC);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t2, " last") - t2));
    //  A place that ends on a school's head, a town glued to its team's
    //  name, a town glued to a place's word; a nationality alone.
    const char *t3 = "He left Carvell University for the Dunmore Grey Herons, near "
                     "Tallow Island, with the Greeks and Dunmore.";
    const char *w3 [] = { "Carvell University", "Dunmore", "Tallow", "Greeks", "Dunmore" };
    uint8_t y3 [] = { S_LOC, S_LOC, S_LOC, S_PER, S_LOC };
    dp_tag_tokenize (en, t3, 0, (uint32_t) strlen (t3));
    en->n_cands = 0;
    for (int k = 0; k < 5; k++)
        s_emit_at (en, t3, k == 4 ? strstr (t3, "and") : t3, w3 [k], y3 [k]);
    dp_tag_en_kinds (en, t3, 0);
    ck_assert_uint_eq (s_cand_at (en, t3, "Carvell University", 0)->type, S_ORG);
    c = s_cand_at (en, t3, "Dunmore", 0);
    ck_assert_uint_eq (c->type, S_ORG);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t3, ", near") - t3));
    c = s_cand_at (en, t3, "Tallow", 0);
    ck_assert_uint_eq (c->type, S_LOC);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t3, ", with") - t3));
    ck_assert_uint_eq (s_cand_at (en, t3, "Greeks", 0)->type, S_MISC);
    ck_assert_uint_eq (s_cand_at (en, t3, "Dunmore", 1)->type, S_LOC);
    //  A Title Case headline is left as it is.
    const char *t4 = "Dunmore Voters Reject The Plan";
    const char *w4 [] = { "Dunmore" };
    s_sentence (en, t4, w4, y2, 1);
    dp_tag_en_kinds (en, t4, 0);
    c = s_cand_at (en, t4, "Dunmore", 0);
    ck_assert_uint_eq (c->type, S_LOC);
    ck_assert_uint_eq (c->end, 7);
    //  A capitalised line with a long lowercase word is no headline.
    const char *t5 = "Dunmore Grey Herons (2013 – present)";
    s_sentence (en, t5, w4, y2, 1);
    dp_tag_en_kinds (en, t5, 0);
    c = s_cand_at (en, t5, "Dunmore", 0);
    ck_assert_uint_eq (c->type, S_ORG);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t5, " (") - t5));
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_possessive_kinds)
{
    //  A person's full name owns a work (the title the model took for a
    //  person is MISC; a name opening on a given name stays a person); a
    //  one-word name before a person's full name is the party, ORG; a
    //  venue the model took for an organisation is a place.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "After reading Jorn Velde's Alcestra and Jorn Velde's Michael "
                    "Orrin, she met Varnoks's Tilda Brannerup at Oskelund Hall.";
    const char *w [] = { "Jorn Velde", "Alcestra", "Michael Orrin", "Varnoks",
                         "Tilda Brannerup", "Oskelund Hall" };
    uint8_t y [] = { S_PER, S_PER, S_PER, S_PER, S_PER, S_ORG };
    dp_tag_tokenize (en, t, 0, (uint32_t) strlen (t));
    en->n_cands = 0;
    for (int k = 0; k < 6; k++)
        s_emit_at (en, t, t, w [k], y [k]);
    s_emit_at (en, t, strstr (t, "and"), "Jorn Velde", S_PER);
    dp_tag_en_kinds (en, t, 0);
    ck_assert_uint_eq (s_cand_at (en, t, "Alcestra", 0)->type, S_MISC);
    ck_assert_uint_eq (s_cand_at (en, t, "Michael Orrin", 0)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, t, "Varnoks", 0)->type, S_ORG);
    ck_assert_uint_eq (s_cand_at (en, t, "Tilda Brannerup", 0)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, t, "Jorn Velde", 1)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, t, "Oskelund Hall", 0)->type, S_LOC);
    //  A one-word person before a one-word person, a full name before an
    //  organisation: left alone.
    const char *u = "Later Marit's Varnoks and Jorn Velde's Oskelund Group spoke.";
    const char *uw [] = { "Marit", "Varnoks", "Jorn Velde", "Oskelund Group" };
    uint8_t uy [] = { S_PER, S_PER, S_PER, S_ORG };
    s_sentence (en, u, uw, uy, 4);
    dp_tag_en_kinds (en, u, 0);
    ck_assert_uint_eq (s_cand_at (en, u, "Marit", 0)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, u, "Varnoks", 0)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, u, "Oskelund Group", 0)->type, S_ORG);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_person_end)
{
    //  A person's name the model cut before a capitalised word it knows in
    //  lowercase goes on over it, up to a weekday or another type's name;
    //  two persons' names one space apart are one name.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "Then Pat Holm Or visited Rena Chow Monday with Dana Lee Park, "
                    "and Ida Lund Lisbon left.";
    const char *w [] = { "Pat Holm", "Rena", "Dana", "Lee Park", "Ida Lund", "Lisbon" };
    uint8_t y [] = { S_PER, S_PER, S_PER, S_PER, S_PER, S_LOC };
    s_sentence (en, t, w, y, 6);
    dp_tag_en_kinds (en, t, 0);
    const dp_tag_cand_t *c = s_cand_at (en, t, "Pat Holm Or", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " visited") - t));
    c = s_cand_at (en, t, "Rena Chow", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " Monday") - t));
    c = s_cand_at (en, t, "Dana Lee Park", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_PER);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, ", and") - t));
    ck_assert_ptr_null (s_cand_at (en, t, "Lee Park", 0));
    c = s_cand_at (en, t, "Ida Lund", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " Lisbon") - t));
    ck_assert_uint_eq (s_cand_at (en, t, "Lisbon", 0)->type, S_LOC);
    //  A person's name ends before a possessive, the model's last token
    //  included; an organisation's keeps it.
    const char *o = "Yesterday the neighbours discussed Ada Voss\xE2\x80\x99s plan and "
                    "Lena Marr's Court, then bought Dina's shares.";
    dp_tag_tokenize (en, o, 0, (uint32_t) strlen (o));
    en->n_cands = 0;
    const char *at = strstr (o, "Ada");
    dp_tag_emit (en, (uint32_t) (at - o), (uint32_t) (strstr (o, " plan") - o), S_PER, 0, 0,
                 S_NO_NORM, 3, (uint32_t) (strstr (o, "\xE2\x80\x99s") - o));
    s_emit_at (en, o, o, "Lena Marr's Court", S_PER);
    s_emit_at (en, o, o, "Dina's", S_ORG);
    dp_tag_en_kinds (en, o, 0);
    c = s_cand_at (en, o, "Ada Voss", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (o, "\xE2\x80\x99s") - o));
    c = s_cand_at (en, o, "Lena Marr", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (o, "'s Court") - o));
    ck_assert_uint_eq (c->type, S_PER);
    c = s_cand_at (en, o, "Dina's", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (o, " shares") - o));
    //  The word so added is no surname for the article passes: « Prints »
    //  alone is neither spread nor made a person.
    const char *p = "Yesterday the photographer Warhol Prints arrived, several "
                    "Prints were displayed afterwards, and nobody mentioned Prints again.";
    const char *pw [] = { "Warhol", "Prints" };
    uint8_t py [] = { S_PER, S_LOC };
    dp_tag_tokenize (en, p, 0, (uint32_t) strlen (p));
    en->n_cands = 0;
    s_emit_at (en, p, p, pw [0], py [0]);
    s_emit_at (en, p, strstr (p, "several"), pw [1], py [1]);
    dp_tag_en_kinds (en, p, 0);
    ck_assert_ptr_nonnull (s_cand_at (en, p, "Warhol Prints", 0));
    dp_tag_document (en, p, strlen (p));
    dp_tag_resolve (en, p, strlen (p));
    ck_assert_uint_eq (s_cand_at (en, p, "Prints", 1)->type, S_LOC);
    ck_assert_ptr_null (s_cand_at (en, p, "Prints", 2));
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_lower_tail)
{
    //  A name ends before the plain lowercase words it ends on; a work
    //  (MISC) and a particle's name keep theirs.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "Officials of Qinzhou province office met the Keldoran navy, "
                    "read Ormel vastia and saw Jean d'Arvel.";
    const char *w [] = { "Qinzhou province office", "Keldoran navy", "Ormel vastia",
                         "Jean d'Arvel" };
    uint8_t y [] = { S_LOC, S_ORG, S_MISC, S_PER };
    s_sentence (en, t, w, y, 4);
    dp_tag_en_kinds (en, t, 0);
    const dp_tag_cand_t *c = s_cand_at (en, t, "Qinzhou", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " province") - t));
    ck_assert_uint_eq (c->type, S_LOC);
    c = s_cand_at (en, t, "Keldoran", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " navy") - t));
    ck_assert_uint_eq (c->type, S_ORG);
    c = s_cand_at (en, t, "Ormel", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " and saw") - t));
    c = s_cand_at (en, t, "Jean", 0);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, ".") - t));
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_kinds_names)
{
    //  A given name of two syllables joined by a hyphen after a capitalised
    //  word is a person (« Hong Kong-based » is not one); an unknown
    //  acronym after a person's « of » is an organisation (« the UK » and
    //  a capitalised word after it are not). The word classes are the
    //  model's.
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    ck_assert_ptr_nonnull (langs);
    dp_tagger_t *en = dp_tag_langs_pick (langs, "en", NULL, 0, NULL);
    ck_assert_ptr_nonnull (en);
    const char *t = "Then Tam Kei-lun met Ada Voss of QPRT and Hong Kong-based firms, "
                    "and Al Yee of UK Sport left.";
    const char *w [] = { "Tam", "Ada Voss", "Al Yee" };
    uint8_t y [] = { S_PER, S_PER, S_PER };
    s_sentence (en, t, w, y, 3);
    dp_tag_en_kinds (en, t, 0);
    const dp_tag_cand_t *c = s_cand_at (en, t, "Tam Kei-lun", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_PER);
    ck_assert_uint_eq (c->end, (uint32_t) (strstr (t, " met") - t));
    c = s_cand_at (en, t, "QPRT", 0);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_ORG);
    ck_assert_ptr_null (s_cand_at (en, t, "Hong", 0));
    ck_assert_ptr_null (s_cand_at (en, t, "Kong-based", 0));
    ck_assert_ptr_null (s_cand_at (en, t, "UK", 0));
    dp_tag_langs_destroy (&langs);
}
END_TEST

START_TEST (test_en_kinds_article)
{
    //  The kind a storm's word or a school's head gave a name holds where
    //  the article repeats the name alone; other names are left alone.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "Cyclone Ketura hit Orvale. Ketura weakened. He taught at "
                    "Brannock University, then left Brannock to Orvale.";
    en->n_cands = 0;
    s_emit_at (en, t, t, "Cyclone Ketura", S_MISC);
    s_emit_at (en, t, t, "Orvale", S_LOC);
    s_emit_at (en, t, strstr (t, "weakened") - 7, "Ketura", S_PER);
    s_emit_at (en, t, t, "Brannock University", S_ORG);
    s_emit_at (en, t, strstr (t, "left"), "Brannock", S_LOC);
    s_emit_at (en, t, strstr (t, "to Orvale"), "Orvale", S_LOC);
    dp_tag_en_kinds_article (en, t);
    ck_assert_uint_eq (s_cand_at (en, t, "Ketura", 1)->type, S_MISC);
    ck_assert_uint_eq (s_cand_at (en, t, "Brannock", 1)->type, S_ORG);
    ck_assert_uint_eq (s_cand_at (en, t, "Orvale", 0)->type, S_LOC);
    ck_assert_uint_eq (s_cand_at (en, t, "Orvale", 1)->type, S_LOC);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_article_order)
{
    //  The article pass leaves the candidates in text order, whatever order
    //  a sentence's rules added them in (scripts/fuzz found an ORG output
    //  after a later name).
    dp_tag_langs_t *langs = dp_tag_langs_new (NULL, NULL, 0);
    ck_assert_ptr_nonnull (langs);
    dp_tagger_t *en = dp_tag_langs_pick (langs, "en", NULL, 0, NULL);
    ck_assert_ptr_nonnull (en);
    const char *t = "Ada Voss of QPRT spoke in Oslo.";
    en->n_cands = 0;
    s_emit_at (en, t, t, "Oslo", S_LOC);
    s_emit_at (en, t, t, "Ada Voss", S_PER);
    s_emit_at (en, t, t, "QPRT", S_ORG);
    dp_tag_en_kinds_article (en, t);
    ck_assert_uint_eq (en->n_cands, 3);
    for (size_t k = 1; k < en->n_cands; k++)
        ck_assert_uint_le (en->cands [k - 1].start, en->cands [k].start);
    ck_assert_ptr_nonnull (s_cand_at (en, t, "Oslo", 0));
    dp_tag_langs_destroy (&langs);
}
END_TEST

START_TEST (test_en_unknown_places)
{
    //  A one-word place no gazetteer and no word list knows, never after a
    //  place's preposition in the article, is MISC (a craft, a ship, a
    //  book); one after « in », « of »... anywhere in the article stays a
    //  place, and so does a known one.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "Zorvenda was launched. Zorvenda carries dust. Rain hit the town "
                    "of Qelmarsk. Later Qelmarsk was quiet, as were Kellmoor "
                    "and Helsinki. He lived in Kellmoor.";
    en->n_cands = 0;
    s_emit_at (en, t, t, "Zorvenda", S_LOC);
    s_emit_at (en, t, strstr (t, "carries") - 9, "Zorvenda", S_LOC);
    s_emit_at (en, t, t, "Qelmarsk", S_LOC);
    s_emit_at (en, t, strstr (t, "Later"), "Qelmarsk", S_LOC);
    s_emit_at (en, t, t, "Kellmoor", S_LOC);
    s_emit_at (en, t, t, "Helsinki", S_LOC);
    s_emit_at (en, t, strstr (t, "in Kellmoor"), "Kellmoor", S_LOC);
    dp_tag_en_kinds_article (en, t);
    ck_assert_uint_eq (s_cand_at (en, t, "Zorvenda", 0)->type, S_MISC);
    ck_assert_uint_eq (s_cand_at (en, t, "Zorvenda", 1)->type, S_MISC);
    ck_assert_uint_eq (s_cand_at (en, t, "Qelmarsk", 0)->type, S_LOC);
    ck_assert_uint_eq (s_cand_at (en, t, "Qelmarsk", 1)->type, S_LOC);
    ck_assert_uint_eq (s_cand_at (en, t, "Kellmoor", 0)->type, S_LOC);
    ck_assert_uint_eq (s_cand_at (en, t, "Helsinki", 0)->type, S_LOC);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_title_dot)
{
    //  English cuts « Prof. » in two: the title takes its dot, so that a
    //  name the model began with the title starts at the name.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t = "under Prof. Ada Lindqvist today";
    dp_tag_tokenize (en, t, 0, (uint32_t) strlen (t));
    ck_assert_uint_ge (en->n_toks, 3);
    ck_assert (dp_tag_tok_is (t, &en->toks [2], "."));
    ck_assert_uint_eq (dp_tag_title (en, t, 1, en->n_toks), 2);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_en_document)
{
    //  Candidates as the model may leave them: found once, missed later.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *t =
        "Genevieve Cortese joined NASA in Boston. Later, Cortese said NASA’s "
        "plan suited Boston. Ms Cortese Smith met Nasa. Then \"Cortese\" left "
        "with Apple, which Apple sold. Now, Apple won.";
    en->n_cands = 0;
    s_emit_at (en, t, t, "Genevieve Cortese", S_PER);
    s_emit_at (en, t, t, "NASA", S_ORG);
    s_emit_at (en, t, t, "Boston", S_LOC);
    s_emit_at (en, t, strstr (t, "with Apple"), "Apple", S_ORG);
    s_emit_at (en, t, strstr (t, "which"), "Apple", S_PER);
    dp_tag_document (en, t, strlen (t));
    //  The surname alone, the name before a possessive, in quotes.
    const dp_tag_cand_t *c = s_cand_at (en, t, "Cortese", 1);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_PER);
    ck_assert_uint_eq (c->end - c->start, 7);
    c = s_cand_at (en, t, "NASA", 1);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_ORG);
    ck_assert_uint_eq (c->end - c->start, 4);           //  not « ’s »
    c = s_cand_at (en, t, "Cortese", 3);
    ck_assert_ptr_nonnull (c);
    ck_assert_uint_eq (c->type, S_PER);
    //  Not spread: a place, a word glued to a capitalised one, another
    //  case, a string seen with two types.
    ck_assert_ptr_null (s_cand_at (en, t, "Boston", 1));
    ck_assert_ptr_null (s_cand_at (en, t, "Cortese", 2));
    ck_assert_ptr_null (s_cand_at (en, t, "Nasa", 0));
    ck_assert_ptr_null (s_cand_at (en, t, "Apple", 2));
    //  One name, one type: « Harvard » twice ORG, once LOC.
    const char *h = "Harvard won. Harvard lost. Harvard, again.";
    en->n_cands = 0;
    s_emit_at (en, h, h, "Harvard", S_ORG);
    s_emit_at (en, h, h + 5, "Harvard", S_LOC);
    s_emit_at (en, h, h + 15, "Harvard", S_ORG);
    dp_tag_document (en, h, strlen (h));
    ck_assert_uint_eq (en->n_cands, 3);
    for (size_t k = 0; k < 3; k++)
        ck_assert_uint_eq (en->cands [k].type, S_ORG);
    //  Candidates stay in text order.
    for (size_t k = 1; k < en->n_cands; k++)
        ck_assert_uint_le (en->cands [k - 1].start, en->cands [k].start);
    //  The bytes around a repetition, as the French pass reads them: after
    //  a non-breaking space it is a name, after another apostrophe (« Pat
    //  O’Brien ») only part of one.
    const char *b = "Mara Brien spoke. Then Pat O\xE2\x80\x99" "Brien came. "
                    "Later,\xC2\xA0" "Brien left.";
    en->n_cands = 0;
    s_emit_at (en, b, b, "Mara Brien", S_PER);
    dp_tag_document (en, b, strlen (b));
    ck_assert_ptr_null (s_cand_at (en, b, "Brien", 1));
    ck_assert_ptr_nonnull (s_cand_at (en, b, "Brien", 2));
    dp_tagger_destroy (&en);
}
END_TEST

//  A candidate over [a, a+strlen(w)) of text t, set by hand.
static dp_tag_cand_t
s_span_of (const char *t, const char *w)
{
    const char *at = strstr (t, w);
    ck_assert_ptr_nonnull (at);
    const char *sp = strrchr (w, ' ');
    uint32_t a = (uint32_t) (at - t);
    return (dp_tag_cand_t) { .start = a, .end = a + (uint32_t) strlen (w),
                             .last = a + (sp ? (uint32_t) (sp - w + 1) : 0),
                             .type = S_PER, .ntok = sp ? 2 : 1 };
}

START_TEST (test_person_shape)
{
    //  Shaped like a person's name: capitalised words and particles.
    dp_tagger_t *fr = dp_tagger_new_lang (NULL, NULL, "fr");
    ck_assert_ptr_nonnull (fr);
    const char *yes [] = { "Mara Quist", "Paul de Vérac", "Anne-Sophie Le Brun",
                           "Omar al-Haddad", "Lucien d'Orvalle", "Lucien d\xE2\x80\x99Orvalle",
                           "Élise Van Rooy", "Kim Dae-ho", "Oskar Łęcki" };
    const char *no [] = { "Maison natale Lucie de Lyon", "Old town hall of Boston",
                          "Banque Lemaire", "Mara Quist 2024", "Quist",
                          "Rue Lemaire Paris", "Paul de", "Affaire Vautrin",
                          "Un Deux Trois Quatre Cinq Six Sept", "« Mara Quist" };
    for (size_t k = 0; k < sizeof yes / sizeof yes [0]; k++) {
        dp_tag_cand_t c = s_span_of (yes [k], yes [k]);
        ck_assert_msg (dp_tag_person_shape (fr, yes [k], &c), "'%s' not a name", yes [k]);
    }
    for (size_t k = 0; k < sizeof no / sizeof no [0]; k++) {
        dp_tag_cand_t c = s_span_of (no [k], no [k]);
        ck_assert_msg (!dp_tag_person_shape (fr, no [k], &c), "'%s' a name", no [k]);
    }
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_common_words_not_person)
{
    //  A person the model makes of capitalised common words alone is no
    //  name; one with a given name, or after a title, stays a person.
    dp_tagger_t *fr = dp_tagger_new (NULL);       //  the model's word classes
    ck_assert_ptr_nonnull (fr);
    const char *t = "Hier, Crédit Mutuel Agricole a prêté, Pierre Martin a signé "
                    "et le général Grand Blanc a parlé.";
    dp_tag_tokenize (fr, t, 0, (uint32_t) strlen (t));
    fr->n_cands = 0;
    const char *w [] = { "Crédit Mutuel Agricole", "Pierre Martin", "Grand Blanc" };
    for (int k = 0; k < 3; k++) {
        const char *at = strstr (t, w [k]);
        const char *lastw = strrchr (w [k], ' ');
        dp_tag_emit (fr, (uint32_t) (at - t), (uint32_t) (at - t + strlen (w [k])),
                     S_PER, 0, 0, S_NO_NORM, 2,
                     (uint32_t) (at - t) + (uint32_t) (lastw - w [k] + 1));
    }
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_NONE);
    ck_assert_uint_eq (fr->cands [1].type, S_PER);
    ck_assert_uint_eq (fr->cands [2].type, S_PER);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_surname_guard_fr)
{
    //  French: a span shaped like no name lends no surname; a place or an
    //  organisation the gazetteers know stays what the model made it, but
    //  where the model typed it a person, it is that person.
    dp_tagger_t *fr = dp_tagger_new_lang (NULL, NULL, "fr");
    ck_assert_ptr_nonnull (fr);
    const char *t =
        "Elle a chanté à la Maison natale Lucie de Lyon. Puis Lyon l'a fêtée. "
        "Hélène Paris et Rémi Vautrin sont venus à Paris. Ensuite Paris a "
        "répondu. Vautrin est parti. Chez Renault, Lionel Renault a parlé. "
        "Puis Renault a signé.";
    fr->n_cands = 0;
    s_emit_at (fr, t, t, "Maison natale Lucie de Lyon", S_PER);
    s_emit_at (fr, t, strstr (t, "Puis"), "Lyon", S_LOC);
    s_emit_at (fr, t, t, "Hélène Paris", S_PER);
    s_emit_at (fr, t, t, "Rémi Vautrin", S_PER);
    s_emit_at (fr, t, strstr (t, "à Paris"), "Paris", S_LOC);
    s_emit_at (fr, t, strstr (t, "Ensuite"), "Paris", S_PER);
    s_emit_at (fr, t, t, "Renault", S_ORG);
    s_emit_at (fr, t, t, "Lionel Renault", S_PER);
    dp_tag_document (fr, t, strlen (t));
    dp_tag_resolve (fr, t, strlen (t));
    ck_assert_uint_eq (s_cand_at (fr, t, "Lyon", 1)->type, S_LOC);
    ck_assert_uint_eq (s_cand_at (fr, t, "Paris", 1)->type, S_LOC);
    const dp_tag_cand_t *c = s_cand_at (fr, t, "Paris", 2);
    ck_assert_uint_eq (c->type, S_PER);
    ck_assert_uint_eq (c->norm_src, 3);                 //  « Hélène Paris »
    ck_assert_uint_eq (fr->cands [c->norm].start, (uint32_t) (strstr (t, "Hélène") - t));
    ck_assert_uint_eq (s_cand_at (fr, t, "Vautrin", 1)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (fr, t, "Renault", 0)->type, S_ORG);
    c = s_cand_at (fr, t, "Renault", 2);
    ck_assert (!c || c->type != S_PER);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_surname_guard_en)
{
    //  English: the same, through its own article pass.
    dp_tagger_t *en = dp_tagger_new_lang (NULL, NULL, "en");
    ck_assert_ptr_nonnull (en);
    const char *e =
        "She sang at the Old town hall of Boston. Later, Boston cheered. Mara "
        "Quist and Dean Chicago came. Quist sang. Chicago cheered, and Chicago "
        "slept in Chicago.";
    en->n_cands = 0;
    s_emit_at (en, e, e, "Old town hall of Boston", S_PER);
    s_emit_at (en, e, e, "Mara Quist", S_PER);
    s_emit_at (en, e, e, "Dean Chicago", S_PER);
    s_emit_at (en, e, strstr (e, "sang. Chicago"), "Chicago", S_LOC);
    dp_tag_document (en, e, strlen (e));
    dp_tag_resolve (en, e, strlen (e));
    ck_assert_ptr_null (s_cand_at (en, e, "Boston", 1));
    ck_assert_uint_eq (s_cand_at (en, e, "Quist", 1)->type, S_PER);
    ck_assert_uint_eq (s_cand_at (en, e, "Chicago", 1)->type, S_LOC);
    ck_assert_ptr_null (s_cand_at (en, e, "Chicago", 2));
    //  A place's name that the article never uses as a place (no « in
    //  Boston ») is the person's surname, where the model said a place
    //  and where it said nothing.
    const char *m = "Mira Boston spoke to reporters. Later, Boston said she "
                    "would stay. Boston left at noon.";
    en->n_cands = 0;
    s_emit_at (en, m, m, "Mira Boston", S_PER);
    s_emit_at (en, m, strstr (m, "Later"), "Boston", S_LOC);
    dp_tag_document (en, m, strlen (m));
    dp_tag_resolve (en, m, strlen (m));
    const dp_tag_cand_t *c = s_cand_at (en, m, "Boston", 1);
    ck_assert_uint_eq (c->type, S_PER);
    ck_assert_uint_eq (c->norm_src, 3);
    ck_assert_uint_eq (en->cands [c->norm].start, 0);
    ck_assert_uint_eq (s_cand_at (en, m, "Boston", 2)->type, S_PER);
    dp_tagger_destroy (&en);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_cands");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_en_document);
    tcase_add_test (tc, test_en_kinds);
    tcase_add_test (tc, test_en_possessive_kinds);
    tcase_add_test (tc, test_en_person_end);
    tcase_add_test (tc, test_en_lower_tail);
    tcase_add_test (tc, test_en_kinds_names);
    tcase_add_test (tc, test_en_kinds_article);
    tcase_add_test (tc, test_en_unknown_places);
    tcase_add_test (tc, test_en_title_dot);
    tcase_add_test (tc, test_en_article_order);
    tcase_add_test (tc, test_person_shape);
    tcase_add_test (tc, test_common_words_not_person);
    tcase_add_test (tc, test_surname_guard_fr);
    tcase_add_test (tc, test_surname_guard_en);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
