//  depeche tag — unit tests (Check) of the French conventions pass
//  (tag_conv.c) called as a plain function on candidates set by hand: an
//  acronym and one capitalised word glued to it, typed a person, make one
//  organisation (« EU Briefs publie »), and what the rule leaves alone; an
//  institution's name runs on over its complements, the last of which may
//  be a name of its own (« … de la Résistance française »); two names
//  joined by « & » are one firm; a demonym after an article is no name
//  (tag_demonym.c); a town where a match names its sides is its team
//  (tag_team.c); a newspaper cited by its issue's date is a work
//  (tag_issue.c); a company in apposition to a company's noun, or the
//  complement of a noun only a company has, is an organisation
//  (tag_firm.c); the kind of body or its meeting before an institution's
//  name is left out of it; an organisation's acronym, found from its name
//  in the article or spelt in brackets, is one too (tag_acro.c); the
//  place in capitals of a wire story's dateline is a place (tag_dateline.c).
//  Needs DP_DATA or the source tree's data/ folder.
#include "test_tmp.h"
#include "test_run.h"
#include "tag/tag_lang.h"
#include "tag/tag_int.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

//  A French tagger whose word classes know the few words the complement
//  tests read, with text tokenized as one sentence.
static dp_tagger_t *
s_french_words (const char *text)
{
    char tsvb [96];
    const char *tsv = dp_test_tmp (tsvb, sizeof tsvb, "tag_conv.tsv");
    FILE *f = fopen (tsv, "w");
    ck_assert_ptr_nonnull (f);
    fprintf (f, "nationale\tCOMMON,ADJ\nanciens\tCOMMON,NOUN,ADJ\n"
                "combattants\tCOMMON,NOUN,ADJ\nfrançaise\tCOMMON,NOUN,ADJ\n"
                "générale\tCOMMON,NOUN,ADJ\nvoté\tCOMMON,VNONFIN\n"
                "républicains\tCOMMON,NOUN,ADJ\n");
    fclose (f);
    dp_tagger_t *tagger = dp_tagger_new_with (getenv ("DP_DATA"), NULL);
    ck_assert_ptr_nonnull (tagger);
    ck_assert_int_eq (dp_tagger_read_lexicon (tagger, tsv), 0);
    unlink (tsv);
    dp_tag_tokenize (tagger, text, 0, (uint32_t) strlen (text));
    tagger->n_cands = 0;
    return tagger;
}

//  Whether candidate k covers exactly the first occurrence of name.
static bool
s_covers (const dp_tagger_t *tagger, const char *text, size_t k, const char *name)
{
    const char *at = strstr (text, name);
    return at && tagger->cands [k].start == (uint32_t) (at - text)
        && tagger->cands [k].end == (uint32_t) (at - text + strlen (name));
}

//  The place in capitals of a wire story's dateline is a LOC, whatever the
//  model made of it (tag_dateline.c), with its norm as running text writes
//  it; only at a paragraph's start and before a date or agency and a dash.
START_TEST (test_dateline_place)
{
    const char *t = "BREST, 2 novembre (Dépêches Express) - La tempête a balayé la côte.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "BREST", S_PER);
    s_emit (fr, t, "Dépêches Express", S_ORG);
    dp_tag_dateline (fr, t, 0);
    ck_assert (s_covers (fr, t, 0, "BREST"));
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    ck_assert_str_eq (dp_tag_cand_norm (fr, &fr->cands [0]), "Brest");
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    //  Nothing found by the model: the place is added, first in text order.
    const char *u = "SAINT-DENIS (AFP) – Le XV de France a gagné.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "AFP", S_ORG);
    dp_tag_dateline (fr, u, 0);
    ck_assert_uint_eq (fr->n_cands, 2);
    ck_assert (s_covers (fr, u, 0, "SAINT-DENIS"));
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    ck_assert_str_eq (dp_tag_cand_norm (fr, &fr->cands [0]), "Saint-Denis");
    ck_assert (s_covers (fr, u, 1, "AFP"));
    dp_tagger_destroy (&fr);
    //  Acronyms in a sentence with dashes, and capitals after other text,
    //  are no dateline.
    const char *v = "La CGT, la CFDT et FO - trois syndicats - appellent à la grève.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "CGT", S_ORG);
    dp_tag_dateline (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    //  « J.-C. » after « av. » is a date's era; « J.-C. Marchianni » a person.
    const char *e = "Une monnaie du Ier siècle av. J.-C. et J.-C. Marchianni.";
    fr = s_tokenized ("fr", e);
    s_emit (fr, e, "J.-C.", S_PER);
    s_emit (fr, e, "J.-C. Marchianni", S_PER);
    dp_tag_dateline (fr, e, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_NONE);
    ck_assert_uint_eq (fr->cands [1].type, S_PER);
    dp_tagger_destroy (&fr);
    const char *w = "Hier. PARIS, 3 mars (AFP) - Rien.";
    fr = s_tokenized ("fr", w + 6);
    dp_tag_dateline (fr, w + 6, 0);
    ck_assert_uint_eq (fr->n_cands, 1);         //  a piece that opens the text
    dp_tagger_destroy (&fr);
    fr = dp_tagger_new_lang (NULL, NULL, "fr");
    ck_assert_ptr_nonnull (fr);
    dp_tag_tokenize (fr, w, 6, (uint32_t) strlen (w));
    fr->n_cands = 0;
    dp_tag_dateline (fr, w, 0);
    ck_assert_uint_eq (fr->n_cands, 0);         //  one inside a line
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_org_complements_named)
{
    //  The model stops inside the complement (« des anciens ») and takes
    //  the Résistance for a place: one organisation, the place gone.
    const char *t = "L'Association nationale des anciens combattants de la "
                    "Résistance française a voté hier.";
    dp_tagger_t *fr = s_french_words (t);
    s_emit (fr, t, "Association nationale des anciens", S_ORG);
    s_emit (fr, t, "Résistance", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert (s_covers (fr, t, 0, "Association nationale des anciens combattants "
                                   "de la Résistance française"));
    ck_assert_uint_eq (fr->cands [1].type, S_NONE);
    dp_tagger_destroy (&fr);
    //  A place named after the institution's name: « de Taïwan ».
    const char *u = "La Société générale de Taïwan a voté.";
    fr = s_french_words (u);
    s_emit (fr, u, "Société générale", S_ORG);
    s_emit (fr, u, "Taïwan", S_LOC);
    dp_tag_conventions (fr, u, 0);
    ck_assert (s_covers (fr, u, 0, "Société générale de Taïwan"));
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_NONE);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_org_complements_left_alone)
{
    //  A name the model ends on a capitalised word is not run on (« Parti
    //  Vert de Lyon » stays as it was), nor one that is no institution's.
    const char *t = "La Société Vernier de Lyon et Paul Durand de Nancy ont voté.";
    dp_tagger_t *fr = s_french_words (t);
    s_emit (fr, t, "Société Vernier", S_ORG);
    s_emit (fr, t, "Lyon", S_LOC);
    s_emit (fr, t, "Paul Durand", S_PER);
    s_emit (fr, t, "Nancy", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert (s_covers (fr, t, 0, "Société Vernier"));
    ck_assert_uint_eq (fr->cands [1].type, S_LOC);
    ck_assert (s_covers (fr, t, 2, "Paul Durand"));
    ck_assert_uint_eq (fr->cands [3].type, S_LOC);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_ampersand_firm)
{
    const char *t = "Hier, Vernier & Durand et Marks & Spencer ont voté avec Paul Durand.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    //  One span typed a place; two persons joined by « & »; a person.
    s_emit (fr, t, "Vernier & Durand", S_LOC);
    s_emit (fr, t, "Marks", S_PER);
    s_emit (fr, t, "Spencer", S_PER);
    s_emit (fr, t, "Paul Durand", S_PER);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert (s_covers (fr, t, 0, "Vernier & Durand"));
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    ck_assert (s_covers (fr, t, 1, "Marks & Spencer"));
    ck_assert_uint_eq (fr->cands [2].type, S_NONE);
    ck_assert_uint_eq (fr->cands [3].type, S_PER);
    dp_tagger_destroy (&fr);
    //  English: the rule is French only.
    const char *e = "Yesterday Marks & Spencer said so.";
    dp_tagger_t *en = s_tokenized ("en", e);
    s_emit (en, e, "Marks", S_PER);
    s_emit (en, e, "Spencer", S_PER);
    dp_tag_conventions (en, e, 0);
    ck_assert_uint_eq (en->cands [0].type, S_PER);
    ck_assert_uint_eq (en->cands [1].type, S_PER);
    dp_tagger_destroy (&en);
}
END_TEST

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

START_TEST (test_demonym_no_name)
{
    //  A nationality (countries.tsv) or an unknown word shaped like a
    //  demonym, after an article: people, no name.
    const char *t = "Hier, l'Uruguayen et les Mirecurtiens ont battu Les Taïwanais.";
    dp_tagger_t *fr = s_french_words (t);
    s_emit (fr, t, "Uruguayen", S_ORG);
    s_emit (fr, t, "Mirecurtiens", S_ORG);
    s_emit (fr, t, "Les Taïwanais", S_MISC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_NONE);
    ck_assert_uint_eq (fr->cands [1].type, S_NONE);
    ck_assert_uint_eq (fr->cands [2].type, S_NONE);
    dp_tagger_destroy (&fr);
    //  A party the dictionaries know as a word, a demonym-shaped name
    //  without an article: left alone.
    const char *u = "Les Républicains et Paul Mirecurtiens ont voté.";
    fr = s_french_words (u);
    s_emit (fr, u, "Républicains", S_ORG);
    s_emit (fr, u, "Paul Mirecurtiens", S_PER);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_PER);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_team_is_org)
{
    //  A town where a match names its sides, or in a list of clubs, stands
    //  for its team: an organisation (tag_team.c).
    const char *t = "Au tournoi, Lunel perdit contre Corbières 36-32.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Lunel", S_LOC);
    s_emit (fr, t, "Corbières", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *u = "La finale opposa entre Vernon et Gisors.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Vernon", S_LOC);
    s_emit (fr, u, "Gisors", S_LOC);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *v = "Les six clubs présents Laxou, Saint-Max et Tomblaine ont joué.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "Laxou", S_LOC);
    s_emit (fr, v, "Saint-Max", S_LOC);
    s_emit (fr, v, "Tomblaine", S_LOC);
    dp_tag_conventions (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    ck_assert_uint_eq (fr->cands [2].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *x = "Victoire de Vernon sur Gisors 3 à 1.";
    fr = s_tokenized ("fr", x);
    s_emit (fr, x, "Vernon", S_LOC);
    s_emit (fr, x, "Gisors", S_LOC);
    dp_tag_conventions (fr, x, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *y = "Hier soir, Lunel - Agde 2-0.";
    fr = s_tokenized ("fr", y);
    s_emit (fr, y, "Lunel", S_LOC);
    s_emit (fr, y, "Agde", S_LOC);
    dp_tag_conventions (fr, y, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *w = "Il hésitait entre Brest, Vannes et une autre équipe.";
    fr = s_tokenized ("fr", w);
    s_emit (fr, w, "Brest", S_LOC);
    s_emit (fr, w, "Vannes", S_LOC);
    dp_tag_conventions (fr, w, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_team_left_alone)
{
    //  No match told (« contre » alone), the town of a club (« le club de
    //  Nancy »), a range that is no score: places. English: untouched.
    const char *t = "La manifestation contre Paris a eu lieu.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Paris", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *u = "Le président du club de Nancy a parlé.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Nancy", S_LOC);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *v = "Un traitement de 1000-1500 mg contre placebo à Lyon.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "Lyon", S_LOC);
    dp_tag_conventions (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *r = "Des équipes venues de toute la France et les clubs de la région Lorraine.";
    fr = s_tokenized ("fr", r);
    s_emit (fr, r, "France", S_LOC);
    s_emit (fr, r, "Lorraine", S_LOC);
    dp_tag_conventions (fr, r, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    ck_assert_uint_eq (fr->cands [1].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *q = "L'équipe conjecture donc que Vesta est née loin.";
    fr = s_tokenized ("fr", q);
    s_emit (fr, q, "Vesta", S_LOC);
    dp_tag_conventions (fr, q, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *z = "Des patients de 50 à 95 ans, traités contre Lyon.";
    fr = s_tokenized ("fr", z);
    s_emit (fr, z, "Lyon", S_LOC);
    dp_tag_conventions (fr, z, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *e = "In the final match, Leeds lost against Hull 2-1.";
    dp_tagger_t *en = s_tokenized ("en", e);
    s_emit (en, e, "Hull", S_LOC);
    dp_tag_conventions (en, e, 0);
    ck_assert_uint_eq (en->cands [0].type, S_LOC);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_issue_is_misc)
{
    //  A reference's source field before the date that ends it, and a
    //  name before « du » and a date: the publication's issue, MISC.
    const char *t = "- Valmont relaxé en appel, Le Courrier, 14 mars 2019";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Valmont", S_ORG);
    s_emit (fr, t, "Le Courrier", S_ORG);
    s_emit (fr, t, "14 mars 2019", S_DATE);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_MISC);
    ck_assert_uint_eq (fr->cands [1].ctx, 1);
    dp_tagger_destroy (&fr);
    const char *u = "Selon La Gazette du 2 avril 2018, une note existe.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "La Gazette", S_ORG);
    s_emit (fr, u, "2 avril 2018", S_DATE);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_MISC);
    dp_tagger_destroy (&fr);
    const char *v = "(Paul Marchal, La Gazette du 04.06.17.)";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "La Gazette", S_ORG);
    s_emit (fr, v, "04.06.17", S_NUM);
    dp_tag_conventions (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_MISC);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_issue_left_alone)
{
    //  The date of a head noun before the name (« la séance de l'ONU
    //  du »), an affiliation (« à l'Université … , date »), a date that
    //  does not end the reference, a weekday alone (« Le Journal du
    //  dimanche »): organisations. English: untouched.
    const char *t = "La séance de l'ONU du 9 juin 2015 a eu lieu.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "ONU", S_ORG);
    s_emit (fr, t, "9 juin 2015", S_DATE);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *u = "Par Léa Morin, professeure à l'Université Lavalle, 9 mai 2016";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Université Lavalle", S_ORG);
    s_emit (fr, u, "9 mai 2016", S_DATE);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *v = "Il a rejoint, Renault, 9 mai 2016, puis Fiat.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "Renault", S_ORG);
    s_emit (fr, v, "9 mai 2016", S_DATE);
    dp_tag_conventions (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *x = "- Par Marchal, Renault, 9 mai 2016 et puis Fiat.";
    fr = s_tokenized ("fr", x);
    s_emit (fr, x, "Renault", S_ORG);
    s_emit (fr, x, "9 mai 2016", S_DATE);
    dp_tag_conventions (fr, x, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *w = "Selon Le Courrier du dimanche, il part.";
    fr = s_tokenized ("fr", w);
    s_emit (fr, w, "Le Courrier", S_ORG);
    s_emit (fr, w, "dimanche", S_DATE);
    dp_tag_conventions (fr, w, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *e = "- Marchal, Reuters, 9 May 2016";
    dp_tagger_t *en = s_tokenized ("en", e);
    s_emit (en, e, "Reuters", S_ORG);
    s_emit (en, e, "9 May 2016", S_DATE);
    dp_tag_conventions (en, e, 0);
    ck_assert_uint_eq (en->cands [0].type, S_ORG);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_firm_is_org)
{
    //  « la X, filiale de », « la X, une entreprise », « son entreprise,
    //  la X, »: an organisation, typed so or added.
    const char *t = "Retenues : la Valtrex, filiale de la Compagnie du Nord.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Valtrex", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *u = "Il enquête sur Morel et la BTPR, une entreprise de travaux.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Morel", S_PER);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->n_cands, 2);
    ck_assert_uint_eq (fr->cands [0].type, S_PER);
    ck_assert (s_covers (fr, u, 1, "BTPR"));
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *v = "Son entreprise de façades, la Tralux, a fait faillite.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "Tralux", S_LOC);
    dp_tag_conventions (fr, v, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_firm_left_alone)
{
    //  No company's noun, a longer name, a person: untouched. English:
    //  untouched.
    const char *t = "Il a rejoint la Dordogne, une région rurale.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Dordogne", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *u = "Il vit à la Croix Rousse, une société à part.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Croix Rousse", S_LOC);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->n_cands, 1);
    ck_assert_uint_eq (fr->cands [0].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *w = "Marie, une amie, est venue.";
    fr = s_tokenized ("fr", w);
    s_emit (fr, w, "Marie", S_PER);
    dp_tag_conventions (fr, w, 0);
    ck_assert_uint_eq (fr->n_cands, 1);
    ck_assert_uint_eq (fr->cands [0].type, S_PER);
    dp_tagger_destroy (&fr);
    const char *e = "They met the Brill, a company of printers.";
    dp_tagger_t *en = s_tokenized ("en", e);
    s_emit (en, e, "Brill", S_LOC);
    dp_tag_conventions (en, e, 0);
    ck_assert_uint_eq (en->cands [0].type, S_LOC);
    dp_tagger_destroy (&en);
}
END_TEST

START_TEST (test_firm_complement)
{
    //  « les salariés de X », « son concurrent X »: an organisation; a
    //  place the gazetteers know stays one.
    const char *t = "Les salariés de Norvex et le siège de Lyon ont voté.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Norvex", S_LOC);
    s_emit (fr, t, "Lyon", S_LOC);
    dp_tag_conventions (fr, t, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_LOC);
    dp_tagger_destroy (&fr);
    const char *u = "Il a rejoint son concurrent Tavora, puis Marie Tavora.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "Tavora", S_PER);
    s_emit (fr, u, "Marie Tavora", S_PER);
    dp_tag_conventions (fr, u, 0);
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    ck_assert_uint_eq (fr->cands [1].type, S_PER);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_org_kind_left_out)
{
    //  « l'association X », « l'assemblée générale de l'Association… »:
    //  the name is X, the Association's; « comité central du Parti… »
    //  is a body of its own.
    const char *t = "Hier, l'association Les Amis du Moulin a voté.";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "association Les Amis du Moulin", S_ORG);
    dp_tag_conventions (fr, t, 0);
    ck_assert (s_covers (fr, t, 0, "Les Amis du Moulin"));
    ck_assert_uint_eq (fr->cands [0].type, S_ORG);
    dp_tagger_destroy (&fr);
    const char *u = "Lors de l'assemblée générale de l'Association des pêcheurs, il a parlé.";
    fr = s_tokenized ("fr", u);
    s_emit (fr, u, "assemblée générale de l'Association des pêcheurs", S_ORG);
    dp_tag_conventions (fr, u, 0);
    ck_assert (s_covers (fr, u, 0, "Association des pêcheurs"));
    dp_tagger_destroy (&fr);
    const char *v = "Le comité central du Parti radical a voté.";
    fr = s_tokenized ("fr", v);
    s_emit (fr, v, "comité central du Parti radical", S_ORG);
    dp_tag_conventions (fr, v, 0);
    ck_assert (s_covers (fr, v, 0, "comité central du Parti radical"));
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_acronym_of_name)
{
    //  The initials of an organisation the article names, typed or not;
    //  the words in brackets that spell the letters before them.
    const char *t = "Le Cercle des nageurs de Bellerive recrute. Le CNB a gagné "
                    "contre l'Ucab (Union des commerçants et artisans de Bellerive).";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Cercle des nageurs de Bellerive", S_ORG);
    s_emit (fr, t, "Ucab", S_LOC);
    dp_tag_acronyms (fr, t, strlen (t));
    ck_assert_uint_eq (fr->n_cands, 4);
    ck_assert (s_covers (fr, t, 1, "CNB"));
    ck_assert_uint_eq (fr->cands [1].type, S_ORG);
    ck_assert (s_covers (fr, t, 2, "Ucab"));
    ck_assert_uint_eq (fr->cands [2].type, S_ORG);
    ck_assert (s_covers (fr, t, 3, "Union des commerçants et artisans de Bellerive"));
    ck_assert_uint_eq (fr->cands [3].type, S_ORG);
    dp_tagger_destroy (&fr);
}
END_TEST

START_TEST (test_acronym_left_alone)
{
    //  Two letters, a word of three, brackets in lowercase words or that
    //  spell something else: untouched.
    const char *t = "Le Conseil régional vote, le CR aussi. Le Cercle des nageurs "
                    "de Bellerive et le Cnb, la DO (densité osseuse), l'AB (Union Centrale).";
    dp_tagger_t *fr = s_tokenized ("fr", t);
    s_emit (fr, t, "Conseil régional", S_ORG);
    s_emit (fr, t, "Cercle des nageurs de Bellerive", S_ORG);
    dp_tag_acronyms (fr, t, strlen (t));
    ck_assert_uint_eq (fr->n_cands, 2);
    dp_tagger_destroy (&fr);
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
    tcase_add_test (tc, test_team_is_org);
    tcase_add_test (tc, test_team_left_alone);
    tcase_add_test (tc, test_issue_is_misc);
    tcase_add_test (tc, test_issue_left_alone);
    tcase_add_test (tc, test_firm_is_org);
    tcase_add_test (tc, test_firm_left_alone);
    tcase_add_test (tc, test_firm_complement);
    tcase_add_test (tc, test_org_kind_left_out);
    tcase_add_test (tc, test_acronym_of_name);
    tcase_add_test (tc, test_acronym_left_alone);
    tcase_add_test (tc, test_dateline_place);
    tcase_add_test (tc, test_org_complements_named);
    tcase_add_test (tc, test_org_complements_left_alone);
    tcase_add_test (tc, test_ampersand_firm);
    tcase_add_test (tc, test_demonym_no_name);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
