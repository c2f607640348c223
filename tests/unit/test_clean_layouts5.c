//  Unit tests of the clean stage on what scripts/eval-clean-layouts --lang en
//  found (the earlier rounds are test_clean_layouts.c to
//  test_clean_layouts4.c): a standfirst named as one (div.standfirst beside
//  the body's element, p.standfirst in the article's <header>, a "chapo"
//  inside the body's element) whose text does not end as a sentence ends:
//  no full stop, as English standfirsts often have none, a dateline, or
//  trailing off into the body ("..."). classify.c's edges dropped it
//  before the first paragraph as a non-sentence. A line
//  of links in such an element stays out. The hidden rest of a short
//  story in a box named as a paywall, under 150 bytes (dom.c): kept when
//  it is paragraphs with no link and no form; a prompt with a link, or
//  set in <div>s, still goes. Every page is invented here;
//  each case says which paragraphs must come out, in that order, which
//  furniture must not.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_layout.h"
#include "test_run.h"

//  A story in English: a ferry service returns.
#define L1 "The island ferry will run again from April after two winters in dry dock, " \
           "the operator says, with four crossings a day and a new booking system"
#define L2 "The island ferry will run again from April after two winters in dry dock, " \
           "and the first crossing is already sold out..."
#define P1 "The boat was taken out of service after a storm damaged its ramp, and repairs " \
           "took far longer than the company had told the islanders they would."
#define P2 "Since then the only way across has been a small launch that carries no cars, " \
           "which meant that deliveries to the two shops on the island came twice a week."
#define P3 "The harbour master said the new timetable would be published next month, once " \
           "the tide tables for the summer had been checked against the boat's draught."

//  A French story whose chapo closes on its dateline.
#define C1 "Le conseil municipal a voté jeudi soir la rénovation de la piscine " \
           "intercommunale, fermée depuis deux ans — 4 décembre 2026"
#define F1 "Les travaux commenceront au printemps et dureront dix-huit mois, pour un " \
           "montant de quatre millions d'euros pris en charge pour moitié par la région."
#define F2 "Les clubs de natation s'entraînent en attendant dans la piscine de la ville " \
           "voisine, à vingt kilomètres, où des créneaux leur ont été réservés le soir."
//  Short paragraphs: the hidden rest of a short story.
#define H1 "Tickets go on sale on Monday."
#define H2 "Cars must be booked a week ahead."

#define HEAD_EN "<html lang=\"en\"><head><title>Ferry to return</title></head><body>"
#define TAIL "</body></html>"
#define NAV_EN "<header class=\"site-header\"><nav class=\"menu\"><ul><li><a href=\"/\">Home" \
               "</a></li><li><a href=\"/world\">World</a></li><li><a href=\"/sport\">Sport" \
               "</a></li></ul></nav></header>"
#define FOOT_EN "<footer class=\"site-footer\"><p>© 2026 The Harbour Gazette. All rights " \
                "reserved.</p></footer>"
#define RELATED_EN "<div class=\"related\"><h2>Related stories</h2><ul>" \
                   "<li><a href=\"/a/1\">Harbour wall to be repaired before summer</a></li>" \
                   "<li><a href=\"/a/2\">Island shop changes hands</a></li>" \
                   "<li><a href=\"/a/3\">New lifeboat named after local skipper</a></li>" \
                   "</ul></div>"

static const s_case_t s_cases [] = {
    //  The standfirst beside the body's element, without a full stop.
    { .name = "standfirst beside, no full stop",
      .html = HEAD_EN NAV_EN "<div class=\"page\"><h1>Ferry to return</h1><div "
              "class=\"standfirst\"><p>" L1 "</p></div><div class=\"article-content\"><p>"
              P1 "</p><p>" P2 "</p><p>" P3 "</p></div>" RELATED_EN "</div>" FOOT_EN TAIL,
      .body = { L1, P1, P2, P3 },
      .furn = { "Related stories", "Harbour wall", "All rights", "Home" } },
    //  The standfirst in the article's own <header>, trailing off.
    { .name = "standfirst in the header, trailing off",
      .html = HEAD_EN NAV_EN "<article class=\"longform\"><header><h1>Ferry to return</h1>"
              "<p class=\"standfirst\">" L2 "</p></header><section><h2>The storm</h2><p>" P1
              "</p><p>" P2 "</p></section><section><h2>The timetable</h2><p>" P3 "</p>"
              "</section></article>" RELATED_EN FOOT_EN TAIL,
      .body = { L2, P1, P2, P3 },
      .furn = { "Related stories", "Island shop", "All rights" } },
    //  A chapo inside the body's element, before its first paragraph, that
    //  closes on its dateline.
    { .name = "chapo in the root, with a dateline",
      .html = "<html lang=\"fr\"><head><title>La piscine rénovée</title></head><body>"
              "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li><li><a "
              "href=\"/ville\">Ville</a></li></ul></nav><div class=\"page\"><h1>La piscine "
              "rénovée</h1><div class=\"chapo\">" C1 "</div><div class=\"article-texte\"><p>"
              F1 "</p><p>" F2 "</p></div></div><footer><p>© 2026 Le Courrier du Val. Tous "
              "droits réservés.</p></footer>" TAIL,
      .body = { C1, F1, F2 },
      .furn = { "Accueil", "Tous droits" } },
    //  Guard: a line of links in the standfirst's element is no lead.
    { .name = "links in the standfirst's element",
      .html = HEAD_EN NAV_EN "<div class=\"page\"><h1>Ferry to return</h1><div "
              "class=\"standfirst\"><p>" L1 "</p><p><a href=\"/t/ferries\">Ferries and "
              "boats</a> <a href=\"/t/island\">The island today</a></p></div><div "
              "class=\"article-content\"><p>" P1 "</p><p>" P2 "</p><p>" P3 "</p></div></div>"
              FOOT_EN TAIL,
      .body = { L1, P1, P2, P3 },
      .furn = { "Ferries and boats", "All rights" } },
    //  The hidden rest of a short story: under 150 bytes, in paragraphs.
    { .name = "short paywalled rest",
      .html = HEAD_EN NAV_EN "<article><h1>Ferry to return</h1><div class=\"content\"><p>"
              P1 "</p><p>" P2 "</p><div class=\"paywall-content premium\"><p>" H1 "</p><p>"
              H2 "</p></div></div></article>" FOOT_EN TAIL,
      .body = { P1, P2, H1, H2 },
      .furn = { "All rights", "Home" } },
    //  Guards: a prompt as small, with a link, or its lines in <div>s.
    { .name = "paywall prompt with a link",
      .html = HEAD_EN NAV_EN "<article><h1>Ferry to return</h1><div class=\"content\"><p>"
              P1 "</p><p>" P2 "</p><div class=\"paywall\"><p>Get full access to every story "
              "for just one pound a week.</p><p><a href=\"/s\">Start today</a></p></div>"
              "</div></article>" FOOT_EN TAIL,
      .body = { P1, P2 },
      .furn = { "Get full access", "All rights" } },
    { .name = "paywall prompt in divs",
      .html = HEAD_EN NAV_EN "<article><h1>Ferry to return</h1><div class=\"content\"><p>"
              P1 "</p><p>" P2 "</p><div class=\"pushSubscriptionBox\"><div class=\"t\">"
              "Never miss a story from the island again!</div><div class=\"s\">Turn on the "
              "notifications of this site:</div></div></div></article>" FOOT_EN TAIL,
      .body = { P1, P2 },
      .furn = { "Never miss", "Turn on the", "All rights" } },
};

START_TEST (test_layout)
{
    s_check_layout (&s_cases [_i]);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_layouts5");
    TCase *tc = tcase_create ("layouts");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_layout, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_layouts5");
    return dp_test_run (s_suite ());
}
