//  Unit tests of the clean stage on the page layouts scripts/eval-clean-layouts
//  found losing or padding the body (the earlier rounds are
//  test_clean_layouts.c to test_clean_layouts3.c): a short story in an old
//  table layout beside a cell of teasers (linked headline, excerpt that
//  trails off), and a brief above a box of teaser cards (classify.c), where
//  the conservative walk took the teasers for text, and then, finding the
//  same story plus its headline, flagged a fallback (clean.c), or, after a
//  one-sentence brief, kept the box's heading over its teasers; one linked
//  line before a paragraph of the body that trails off is no such list and
//  stays out of that rule. A standfirst inside the article's own <header>,
//  dropped with it as the page's header (root.c), on a long-form page of
//  <section>s and on a short article; a body cut into blocks of one name
//  whose last block is too small to count as a part, and one cut into
//  more than sixteen parts (root.c); a short last sentence that links part
//  of its words (classify.c). Every page is invented here (English
//  and French); each case says which paragraphs must come out, in that
//  order, which furniture must not, and no page may carry the
//  clean-fallback flag.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_layout.h"
#include "test_run.h"

//  A short story in English: a school closes its pool.
#define P1 "The primary school on Mill Lane will close its swimming pool at the end of " \
           "the term, the head teacher told parents in a letter on Friday."
#define P2 "Repairs to the roof and the heating would cost more than the school's whole " \
           "budget for next year, she wrote, and no grant has been found."
#define P3 "Parents have until the end of the month to say whether they would pay towards " \
           "lessons at the leisure centre in town, which is twenty minutes away by bus…"
#define P4 "The governors will meet again in January to decide what to do with the " \
           "building, which could become a hall for the after-school club."
//  Teasers: linked headlines and excerpts that trail off.
#define T1 "A new bus route will link the two villages from the spring, with six buses " \
           "a day in each direction and a late service on Saturdays for those who work"
#define T2 "The town's oldest bookshop has been sold to a couple who plan to keep its " \
           "name, its shelves and the cat that has slept in the window for eleven years"
#define T3 "Volunteers planted more than four hundred trees along the river on Sunday " \
           "morning, despite the rain and a path that had turned to mud by ten o'clock"
#define T4 "The council will vote next month on a plan to light the footpath behind the " \
           "station, after a petition signed by almost a thousand residents of the estate"
//  A brief in French: a road closes for works.
#define B1 "La route départementale entre les deux villages sera fermée à la circulation " \
           "pendant trois semaines à partir de lundi, pour des travaux de réfection."
#define B2 "Une déviation sera mise en place par la vallée, ce qui allongera le trajet " \
           "d'une dizaine de minutes pour les automobilistes."
#define B3 "La route départementale sera fermée trois semaines à partir de lundi."
#define U1 "Le marché de Noël revient sur la place de l'église avec une trentaine " \
           "d'exposants, des artisans de la région et, pour la première fois, une patinoire"
#define U2 "Le club de rugby a remporté son cinquième match d'affilée dimanche après-midi " \
           "devant plus de mille spectateurs venus malgré le froid et le vent du nord qui"
#define U3 "La médiathèque prolonge ses horaires d'ouverture le samedi et propose désormais " \
           "des ateliers d'initiation à l'informatique pour les plus âgés de ses lecteurs"
#define U4 "Les travaux de la nouvelle salle des fêtes ont pris du retard à cause des " \
           "intempéries, et l'inauguration prévue en mars pourrait être repoussée à l'été"
#define U5 "Une quarantaine de bénévoles ont nettoyé les berges de la rivière samedi matin " \
           "et ramassé plus de deux cents kilos de déchets, dont une dizaine de pneus et"

#define HEAD_EN "<html lang=\"en\"><head><title>School pool to close</title></head><body>"
#define HEAD_FR "<html lang=\"fr\"><head><title>La route fermée trois semaines</title></head>" \
                "<body>"
#define TAIL "</body></html>"
#define NAV_FR "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>" \
               "<li><a href=\"/routes\">Routes</a></li><li><a href=\"/sport\">Sport</a></li>" \
               "</ul></nav>"
#define FOOT_FR "<footer><p>© 2026 L'Écho du Val. Tous droits réservés.</p></footer>"

//  An old table layout: a cell of links, the story's cell, a cell of teasers.
#define TEASE(n, title, ex) "<a href=\"/story/" #n "\"><b>" title "</b></a><br>" \
                            "<font size=\"1\">" ex "…</font><br><br>"
#define TABLE_EN "<table width=\"100%\" border=\"0\"><tr><td width=\"150\" valign=\"top\">" \
                 "<a href=\"/news\">News</a><br><a href=\"/sport\">Sport</a><br>" \
                 "<a href=\"/letters\">Letters</a><br><a href=\"/weather\">Weather</a></td>" \
                 "<td valign=\"top\"><font size=\"4\"><b>School pool to close</b></font><br>" \
                 "<p>" P1 "</p><p>" P2 "</p></td><td width=\"200\" valign=\"top\">" \
                 TEASE (1, "Buses for the villages", T1) \
                 TEASE (2, "Bookshop sold, cat stays", T2) \
                 TEASE (3, "Four hundred trees by the river", T3) \
                 TEASE (4, "Lights for the station path", T4) "</td></tr></table>"

//  A brief, then a box of teaser cards: <article>s of a linked headline and
//  an excerpt that trails off; a "most read" list beside them.
#define MOST_READ_FR "<div class=\"sidebar\"><div class=\"plus-lus\"><h2>Les plus lus</h2><ol>" \
                     "<li><a href=\"/p/1\">Un incendie dans une grange près du moulin</a></li>" \
                     "<li><a href=\"/p/2\">Le maire présente son budget pour l'an prochain</a></li>" \
                     "<li><a href=\"/p/3\">Les horaires d'hiver de la déchetterie</a></li>" \
                     "<li><a href=\"/p/4\">Un nouveau médecin s'installe au bourg</a></li>" \
                     "<li><a href=\"/p/5\">La fête de la pomme a attiré la foule</a></li>" \
                     "</ol></div></div>"
#define CARD(n, title, ex) "<article class=\"carte\"><h3><a href=\"/a/" #n "\">" title \
                           "</a></h3><p>" ex "…</p></article>"
#define BRIEF_FR BRIEF_OF ("<p>" B1 "</p><p>" B2 "</p>")
#define BRIEF_OF(text) "<div class=\"page\"><main><article class=\"breve\"><h1>La route " \
                 "fermée trois semaines</h1><div class=\"texte\">" text "</div>" \
                 "</article><section class=\"autres\"><h2>À découvrir aussi</h2>" \
                 CARD (1, "Le marché de Noël revient", U1) \
                 CARD (2, "Cinquième victoire pour le club", U2) \
                 CARD (3, "La médiathèque ouvre plus tard", U3) \
                 CARD (4, "La salle des fêtes en retard", U4) \
                 CARD (5, "Les berges nettoyées", U5) "</section></main>" MOST_READ_FR "</div>"

//  Long form: the standfirst in the article's <header>, beside the headline
//  and a byline; the body in <section>s, each under its <h2>.
#define S1 "For forty years the lighthouse keeper's cottage stood empty at the end of the " \
           "point; this winter a family of five moved in, and the lamp is lit again."
#define LONGFORM_EN "<article class=\"longform\"><header class=\"longform-head\"><h1>Light on " \
                    "the point</h1><div class=\"lead-media\"><img src=\"/l.jpg\"><span " \
                    "class=\"lead-asset-caption\">The cottage and its lamp, seen from the " \
                    "harbour wall on a calm evening in November.</span></div><p " \
                    "class=\"standfirst\">" S1 "</p><div class=\"byline\">By Ann Reeve, " \
                    "3 December</div></header>" \
                    "<section><h2>The move</h2><p>" P1 "</p><p>" P2 "</p></section>" \
                    "<section><h2>What next</h2><p>" P4 "</p></section></article>"
//  A short article: its element holds too little beside its <header> to be
//  the root; the chapô is in that header.
#define C1 "Les habitants du hameau ont enfin accès à la fibre optique depuis mardi, après " \
           "deux ans de travaux et plusieurs reports."
#define SHORT_FR "<article><header><h1>La fibre au hameau</h1><p class=\"chapo\">" C1 "</p>" \
                 "<p class=\"auteur\">Par Jeanne Roux</p></header><section><h2>Deux ans de " \
                 "travaux</h2><p>" B2 "</p></section></article>"

//  A body cut into blocks of the same name around an ad slot; the last
//  block is one short sentence.
#define P5 "The pool will stay open until the end of term."
#define P6 "Swimming lessons have been part of the timetable since the pool was built " \
           "with money raised by parents in 1973."
#define SPLIT_EN "<article class=\"story\"><h1>School pool to close</h1>" \
                 "<p class=\"story-lead\">" P1 "</p><div class=\"story-body\"><p>" P2 "</p>" \
                 "<p>" P6 "</p><p>" P4 "</p></div><div class=\"ad dfp\"><span>Advertisement</span></div>" \
                 "<div class=\"story-body\"><p>" P5 "</p></div></article>"

//  A long report cut after every paragraph by an ad slot: twenty parts of
//  one name.
#define Q(n) "Item " #n " of the survey lists a repair the old building needs before " \
             "the winter, and what the council thinks it would cost."
#define QP(n) "<div class=\"story-body\"><p>" Q (n) "</p></div><div class=\"ad\"></div>"
#define LONG_EN "<article><h1>School pool to close</h1><div class=\"story-body\"><p>" P1 \
                "</p><p>" P2 "</p><p>" P6 "</p></div><div class=\"ad\"></div>" \
                QP (2) QP (3) QP (4) QP (5) QP (6) QP (7) QP (8) QP (9) QP (10) QP (11) \
                QP (12) QP (13) QP (14) QP (15) QP (16) QP (17) QP (18) QP (19) QP (20) \
                "</article>"

//  A story whose last paragraph is a short sentence that links part of
//  its words (or a question that links a headline).
#define P7 "The county council has <a href=\"/council\">not replied yet</a>."
#define LINKED_EN(last) "<article><h1>School pool to close</h1><div class=\"story\"><p>" \
                        P1 "</p><p>" P2 "</p><p>" P6 "</p><p>" last "</p></div></article>"

static const s_case_t s_cases [] = {
    {   .name = "the body's last paragraph a short sentence that links part of its words",
        .html = HEAD_EN "<main>" LINKED_EN (P7) "</main>" TAIL,
        .body = { P1, P2, P6, "The county council has not replied yet." } },
    {   .name = "a question that links part of its words, last in the body's element",
        .html = HEAD_EN "<main>" LINKED_EN ("Who will pay for <a href=\"/q\">the county's "
                                            "pools</a> now?") "</main>" TAIL,
        .body = { P1, P2, P6 },
        .furn = { "Who will pay" } },
    {   .name = "a long report cut by an ad slot after every paragraph: twenty parts",
        .html = HEAD_EN "<main>" LONG_EN "</main>" TAIL,
        .body = { P1, P6, Q (2), Q (15), Q (16), Q (17), Q (18), Q (19), Q (20) } },
    {   .name = "a body cut into blocks of one name around an ad, the last block one short "
                "sentence",
        .html = HEAD_EN "<main>" SPLIT_EN "</main>" TAIL,
        .body = { P1, P2, P6, P4, P5 },
        .furn = { "Advertisement" } },
    {   .name = "long form: the standfirst in the article's header, the body in sections; "
                "a byline and the lead image's caption in the header",
        .html = HEAD_EN "<main>" LONGFORM_EN "</main>" TAIL,
        .body = { S1, "The move", P1, P2, "What next", P4 },
        .furn = { "Ann Reeve", "harbour wall" } },
    {   .name = "un article court : le chapô dans l'en-tête, l'article trop court pour être "
                "la racine (fr)",
        .html = HEAD_FR NAV_FR SHORT_FR FOOT_FR TAIL,
        .body = { C1, B2 },
        .furn = { "Jeanne Roux", "Tous droits" } },
    {   .name = "one linked line in the body, then a paragraph that trails off: no list "
                "of teasers",
        .html = HEAD_EN "<article><h1>School pool to close</h1><div class=\"story\"><p>" P1
                "</p><p><a href=\"/pools\">Pool closures across the county</a></p><p>" P3
                "</p><p>" P2 "</p><p>" P4 "</p></div></article>" TAIL,
        .body = { P1, P3, P2, P4 } },
    {   .name = "a short story in a table cell, beside a cell of linked headlines and "
                "excerpts that trail off",
        .html = HEAD_EN TABLE_EN TAIL,
        .body = { P1, P2 },
        .furn = { "new bus route", "oldest bookshop", "four hundred trees", "footpath behind",
                  "Weather" } },
    {   .name = "une brève d'une phrase, puis une boîte de cartes d'autres articles (fr)",
        .html = HEAD_FR NAV_FR BRIEF_OF ("<p>" B3 "</p>") FOOT_FR TAIL,
        .body = { B3 },
        .furn = { "À découvrir aussi", "marché de Noël revient sur", "Les plus lus",
                  "Tous droits" } },
    {   .name = "une brève, puis une boîte de cartes d'autres articles (fr)",
        .html = HEAD_FR NAV_FR BRIEF_FR FOOT_FR TAIL,
        .body = { B1, B2 },
        .furn = { "marché de Noël revient sur", "cinquième match", "médiathèque prolonge",
                  "bénévoles", "Les plus lus", "Tous droits" } },
};

START_TEST (test_layout)
{
    s_check_layout (&s_cases [_i]);
}
END_TEST

//  The main walk kept the story whole: the conservative walk, which keeps
//  the headline too, found no more, and no page here is flagged.
START_TEST (test_no_fallback)
{
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    const s_case_t *tc = &s_cases [_i];
    ck_assert_int_eq (dp_clean_html (c, tc->html, strlen (tc->html), &res), DP_OK);
    ck_assert_msg (!res.fallback, "%s: flagged clean-fallback:\n%s", tc->name, res.text);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_layouts4");
    TCase *tc = tcase_create ("layouts");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_layout, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    tcase_add_loop_test (tc, test_no_fallback, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_layouts4");
    return dp_test_run (s_suite ());
}
