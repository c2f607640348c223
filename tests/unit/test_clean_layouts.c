//  Unit tests of the clean stage on generic page layouts that sites it was
//  never tuned on use: a body written as text and <br><br>, in <div>s, in
//  a table cell beside the navigation, split over sibling containers or
//  interleaved with ads, asides and captions, in <main> alone, in an
//  <article> or a box whose class names a layout, a paywall or comments, a
//  short post beside a long sidebar, an unclosed <article> before teaser
//  <article>s, a body of short lines, a body that opens with a short
//  section heading, a page saved from Word (its conditional markers
//  "<![if ...]>" are no text). Each page is written here (invented
//  prose, English and French); each case says which paragraphs must come
//  out, in that order, and which furniture must not.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_layout.h"
#include "test_run.h"

//  A news story in English: a dock strike.
#define E1 "Dock workers at the northern port walked out on Monday morning, leaving " \
           "more than forty container ships waiting at anchor in the bay."
#define E2 "The union said the strike would last until the port authority agreed to " \
           "reopen talks on night-shift pay, which it froze in the spring."
#define E3 "A spokesman for the authority called the walkout premature and said a " \
           "new offer had been sent to the union's negotiators on Friday evening."
#define E4 "Hauliers warned that supermarket shelves in the region could run short of " \
           "fresh fruit within a week if the ships were not unloaded soon."
#define E5 "The last strike at the port, four years ago, lasted eleven days and cost " \
           "local businesses an estimated thirty million in lost trade."
#define E6 "Both sides are due to meet a mediator on Wednesday, the regional labour " \
           "office confirmed in a short statement released after lunch."
//  The same in French: a train line.
#define F1 "La région a annoncé lundi la réouverture de la ligne ferroviaire entre les " \
           "deux vallées, fermée aux voyageurs depuis près de quarante ans."
#define F2 "Les premiers trains circuleront dès le mois de septembre, à raison de six " \
           "allers-retours par jour en semaine et de quatre le dimanche."
#define F3 "Le chantier, qui a duré trois ans, a coûté près de cent millions d'euros, " \
           "financés pour moitié par l'État et pour moitié par la région."
#define F4 "Les associations d'usagers saluent une décision attendue de longue date, " \
           "mais regrettent que les horaires ne desservent pas les lycées."
#define F5 "Le président de la région a promis de revoir la grille horaire à la fin " \
           "de la première année, une fois connue la fréquentation réelle."

//  Furniture every page may carry.
#define NAV_EN "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>" \
               "<li><a href=\"/sport\">Sport</a></li><li><a href=\"/weather\">Weather</a></li>" \
               "<li><a href=\"/contact\">Contact us</a></li></ul></nav>"
#define FOOT_EN "<footer><p>© 2026 The Northern Courier. All rights reserved.</p>" \
                "<ul><li><a href=\"/privacy\">Privacy policy</a></li>" \
                "<li><a href=\"/terms\">Terms of use</a></li></ul></footer>"
#define RELATED_EN "<div class=\"related\"><h3>Related stories</h3><ul>" \
                   "<li><a href=\"/a\">Ferry fares to rise again in the new year</a></li>" \
                   "<li><a href=\"/b\">Council approves the new bus station plan</a></li>" \
                   "<li><a href=\"/c\">Fishermen protest against the quota cuts</a></li>" \
                   "</ul></div>"
#define NAV_FR "<nav><ul><li><a href=\"/\">Accueil</a></li><li><a href=\"/region\">Région</a></li>" \
               "<li><a href=\"/sports\">Sports</a></li><li><a href=\"/meteo\">Météo</a></li>" \
               "<li><a href=\"/contact\">Nous contacter</a></li></ul></nav>"
#define FOOT_FR "<footer><p>© 2026 Le Courrier des Vallées. Tous droits réservés.</p>" \
                "<ul><li><a href=\"/mentions\">Mentions légales</a></li>" \
                "<li><a href=\"/cgu\">Conditions d'utilisation</a></li></ul></footer>"
#define RELATED_FR "<div class=\"related\"><h3>À lire aussi</h3><ul>" \
                   "<li><a href=\"/a\">Le prix du ticket de bus augmente en janvier</a></li>" \
                   "<li><a href=\"/b\">Une nouvelle gare routière pour la préfecture</a></li>" \
                   "<li><a href=\"/c\">Les pêcheurs manifestent contre les quotas</a></li>" \
                   "</ul></div>"
#define HEAD_EN "<html lang=\"en\"><head><title>Dock strike</title></head><body>"
#define HEAD_FR "<html lang=\"fr\"><head><title>Ligne rouverte</title></head><body>"
#define TAIL "</body></html>"

//  Reader comments, longer than the story they follow.
#define COMMENTS_EN \
    "<section id=\"comments\" class=\"comments\"><h3>12 comments</h3><ol>" \
    "<li class=\"comment\"><p class=\"author\">harbourwatcher</p><p>I have worked on " \
    "those docks for twenty years and the night shifts have never been paid what they " \
    "are worth, so I am not surprised that people finally had enough of waiting.</p></li>" \
    "<li class=\"comment\"><p class=\"author\">M. Ellis</p><p>Every few years the same " \
    "story comes round again, and every time it is the small shops in town that end up " \
    "paying for a quarrel they had no part in, while both sides blame each other.</p></li>" \
    "<li class=\"comment\"><p class=\"author\">jt_1984</p><p>The authority had all summer " \
    "to make an offer and chose to wait until the busiest season to send one, which " \
    "tells you everything about how seriously they took the talks from the start.</p></li>" \
    "<li class=\"comment\"><p class=\"author\">Rosalind</p><p>My brother drives a lorry " \
    "out of the port and he has not had a full week of work since the spring, so I hope " \
    "the mediator gets them round a table before the end of the month at the latest.</p></li>" \
    "<li class=\"comment\"><p class=\"author\">old salt</p><p>Nobody remembers that the " \
    "last strike ended with a deal that was worse than the one offered on the first day, " \
    "and I fear this one will end the same way after weeks of lost wages for all.</p></li>" \
    "<li class=\"comment\"><p class=\"author\">Priya K.</p><p>Reading the comments here " \
    "it is clear the town is split down the middle, which is a shame, because the port " \
    "only works when the workers and the managers trust each other at least a little.</p></li>" \
    "</ol><form><textarea>Write a comment</textarea></form></section>"

static const s_case_t s_cases [] = {
    {   .name = "text with <br><br> and no <p>",
        .html = HEAD_EN NAV_EN "<div id=\"story\"><h1>Dock strike</h1>"
                E1 "<br><br>" E2 "<br><br>" E3 "<br><br>" E4 "<br><br>" E5 "</div>"
                RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "Ferry fares", "All rights reserved" } },
    {   .name = "body in <div>s without <p> (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"txt\"><h1>La ligne rouverte</h1>"
                "<div>" F1 "</div><div>" F2 "</div><div>" F3 "</div><div>" F4 "</div>"
                "<div>" F5 "</div></div>" RELATED_FR FOOT_FR TAIL,
        .body = { F1, F2, F3, F4, F5 },
        .furn = { "Météo", "À lire aussi", "ticket de bus", "Tous droits" } },
    {   .name = "old table layout: body in a <td> beside navigation cells",
        .html = HEAD_EN "<table width=\"100%\"><tr><td colspan=\"3\"><a href=\"/\">"
                "<img src=\"logo.gif\" alt=\"The Northern Courier\"></a></td></tr><tr>"
                "<td width=\"150\" valign=\"top\"><a href=\"/\">Home</a><br>"
                "<a href=\"/news\">News</a><br><a href=\"/sport\">Sport</a><br>"
                "<a href=\"/weather\">Weather</a><br><a href=\"/archive\">Archive</a></td>"
                "<td valign=\"top\"><font face=\"Arial\"><b>Dock strike</b><br><br>"
                E1 "<br><br>" E2 "<br><br>" E3 "<br><br>" E4 "</font></td>"
                "<td width=\"160\" valign=\"top\"><b>Most read</b><br>"
                "<a href=\"/x\">Ferry fares to rise again in the new year</a><br>"
                "<a href=\"/y\">Council approves the new bus station plan</a></td></tr>"
                "<tr><td colspan=\"3\">© 2026 The Northern Courier. All rights reserved."
                "</td></tr></table>" TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Archive", "Most read", "Ferry fares", "All rights reserved" } },
    {   .name = "old table layout in French, paragraphs in <p> inside the cell",
        .html = HEAD_FR "<table><tr><td class=\"menu\"><a href=\"/\">Accueil</a><br>"
                "<a href=\"/region\">Région</a><br><a href=\"/meteo\">Météo</a></td>"
                "<td><h1>La ligne rouverte</h1><p>" F1 "</p><p>" F2 "</p><p>" F3 "</p>"
                "<p>" F4 "</p></td></tr></table>" FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "Tous droits" } },
    {   .name = "body over two sibling <section>s",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1>"
                "<section class=\"body-part\"><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p></section>"
                "<div class=\"ad-slot\">Advertisement</div>"
                "<section class=\"body-part\"><p>" E4 "</p><p>" E5 "</p><p>" E6 "</p></section>"
                "</article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5, E6 },
        .furn = { "Weather", "Advertisement", "Related stories", "All rights reserved" } },
    {   .name = "paragraphs interleaved with ad slots, inline asides and a figure",
        .html = HEAD_EN NAV_EN "<div class=\"story\"><h1>Dock strike</h1><p>" E1 "</p>"
                "<figure><img src=\"ships.jpg\"><figcaption>Ships at anchor in the bay on "
                "Monday.</figcaption></figure><p>" E2 "</p>"
                "<div class=\"ad-container\"><div id=\"ad-mpu-1\"></div><span>Advertisement"
                "</span></div><p>" E3 "</p>"
                "<aside class=\"inline-box\"><h4>Read more</h4><a href=\"/a\">Ferry fares to "
                "rise again in the new year</a></aside><p>" E4 "</p>"
                "<div class=\"ad-container\"><span>Advertisement</span></div><p>" E5 "</p>"
                "<p>" E6 "</p></div>" FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5, E6 },
        .furn = { "Weather", "Advertisement", "Ferry fares", "All rights reserved" } },
    {   .name = "paragraphes entre des encarts (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"corps\"><p>" F1 "</p>"
                "<aside class=\"encadre\"><strong>Lire aussi</strong> <a href=\"/x\">Le prix "
                "du ticket de bus augmente en janvier</a></aside><p>" F2 "</p><p>" F3 "</p>"
                "<div class=\"pub\">Publicité</div><p>" F4 "</p><p>" F5 "</p></div>"
                FOOT_FR TAIL,
        .body = { F1, F2, F3, F4, F5 },
        .furn = { "Météo", "ticket de bus", "Publicité", "Tous droits" } },
    {   .name = "body inside <main>, no <article>",
        .html = HEAD_EN "<header>" NAV_EN "</header><main id=\"content\"><h1>Dock strike"
                "</h1><p class=\"byline\">By Sam Carter</p><p>" E1 "</p><p>" E2 "</p><p>"
                E3 "</p><p>" E4 "</p><p>" E5 "</p></main><aside>" RELATED_EN "</aside>"
                FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "<article class=\"l-container\">",
        .html = HEAD_EN NAV_EN "<article class=\"l-container\"><h1>Dock strike</h1>"
                "<p>" E1 "</p><p>" E2 "</p><p>" E3 "</p><p>" E4 "</p></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "<article class=\"sidebar-layout\">",
        .html = HEAD_EN NAV_EN "<article class=\"post sidebar-layout\"><h1>Dock strike</h1>"
                "<div class=\"post-body\"><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p><p>" E4
                "</p></div><aside class=\"sidebar\">" RELATED_EN "</aside></article>"
                FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "<article class=\"content-wrapper--with-sidebar\"> (fr)",
        .html = HEAD_FR NAV_FR "<article class=\"content-wrapper content-wrapper--with-sidebar\">"
                "<h1>La ligne rouverte</h1><p>" F1 "</p><p>" F2 "</p><p>" F3 "</p><p>" F4
                "</p></article>" RELATED_FR FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "body in a paywall/premium box, text present",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p>"
                "<div class=\"article-body paywall premium-content\"><p>" E2 "</p><p>" E3
                "</p><p>" E4 "</p><p>" E5 "</p></div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "corps réservé aux abonnés, texte présent (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"article\"><h1>La ligne rouverte</h1>"
                "<div class=\"premium\"><p>" F1 "</p><p>" F2 "</p><p>" F3 "</p><p>" F4
                "</p></div></div>" RELATED_FR FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "live blog whose entries carry \"comment\" in their class",
        .html = HEAD_EN NAV_EN "<div class=\"liveblog\"><h1>Dock strike: live</h1>"
                "<div class=\"lb-comment\"><time>09:12</time><p>" E1 "</p></div>"
                "<div class=\"lb-comment\"><time>09:40</time><p>" E2 "</p></div>"
                "<div class=\"lb-comment\"><time>10:05</time><p>" E3 "</p></div>"
                "<div class=\"lb-comment\"><time>11:30</time><p>" E4 "</p></div>"
                "<div class=\"lb-comment\"><time>12:02</time><p>" E5 "</p></div>"
                "</div>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "direct : entrées de classe \"live-comment\" (fr)",
        .html = HEAD_FR NAV_FR "<section class=\"live\"><h1>La ligne rouverte, en direct</h1>"
                "<article class=\"live-comment\"><p>" F1 "</p></article>"
                "<article class=\"live-comment\"><p>" F2 "</p></article>"
                "<article class=\"live-comment\"><p>" F3 "</p></article>"
                "<article class=\"live-comment\"><p>" F4 "</p></article>"
                "</section>" FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "Tous droits" } },
    {   .name = "body followed by comments longer than it",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>" E2
                "</p><p>" E3 "</p></article>" COMMENTS_EN FOOT_EN TAIL,
        .body = { E1, E2, E3 },
        .furn = { "harbourwatcher", "twenty years", "small shops", "mediator gets",
                  "Write a comment", "All rights reserved" } },
    {   .name = "body without <article>, comments longer than it",
        .html = HEAD_EN NAV_EN "<div class=\"entry\"><h1>Dock strike</h1><p>" E1 "</p><p>"
                E2 "</p><p>" E3 "</p></div>" COMMENTS_EN FOOT_EN TAIL,
        .body = { E1, E2, E3 },
        .furn = { "harbourwatcher", "twenty years", "small shops", "mediator gets",
                  "Write a comment", "All rights reserved" } },
    {   .name = "short post of two paragraphs beside a long sidebar",
        .html = HEAD_FR NAV_FR "<div id=\"wrap\"><div class=\"post\"><h1>La ligne rouverte"
                "</h1><p>" F1 "</p><p>" F2 "</p></div><div id=\"sidebar\">" SIDEBAR
                "</div></div>" FOOT_FR TAIL,
        .body = { F1, F2 },
        .furn = { "Notre rédaction", "Abonnez-vous", "supplément", "Tous droits" } },
    {   .name = "unclosed <article> followed by teaser <article>s",
        .html = HEAD_EN NAV_EN "<main><article class=\"story\"><h1>Dock strike</h1><p>" E1
                "</p><p>" E2 "</p><p>" E3 "</p><p>" E4 "</p>"
                "<div class=\"more\"><h3>More from the Courier</h3>"
                "<article class=\"teaser\"><h4><a href=\"/a\">Ferry fares to rise again"
                "</a></h4><p>Operators blame fuel costs for a third increase this year.</p>"
                "</article><article class=\"teaser\"><a href=\"/b\"><h4>Council approves "
                "the bus station</h4></a><p>The new station will open in two years' time."
                "</p></article><article class=\"teaser\"><h4><a href=\"/c\">Fishermen "
                "protest</a></h4><p>Boats blocked the harbour mouth for an hour.</p>"
                "</article></div></main>" FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Ferry fares", "fuel costs", "bus station", "harbour mouth",
                  "All rights reserved" } },
    {   .name = "a schedule of short lines in itemprop=articleBody",
        .html = HEAD_EN NAV_EN "<div itemscope itemtype=\"https://schema.org/NewsArticle\">"
                "<h1>Harbour festival programme</h1><div itemprop=\"articleBody\">"
                "<p>" E6 "</p><ul><li>09:00 Opening of the fish market</li>"
                "<li>10:30 Brass band on the quay</li><li>12:00 Lunch at the harbour inn</li>"
                "<li>14:00 Rowing race across the bay</li><li>16:30 Prize-giving at the "
                "town hall</li><li>21:00 Fireworks over the water</li></ul></div></div>"
                RELATED_EN FOOT_EN TAIL,
        .body = { E6, "09:00 Opening of the fish market", "10:30 Brass band on the quay",
                  "12:00 Lunch at the harbour inn", "14:00 Rowing race across the bay",
                  "16:30 Prize-giving at the town hall", "21:00 Fireworks over the water" },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "last paragraph ending in \"…\"",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p><p>"
                E3 "</p><p>Asked whether the port could reopen by the weekend, the union "
                "leader paused, smiled and said only: we will see…</p></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, "said only: we will see…" },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "dernier paragraphe terminé par « … » (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"texte\"><p>" F1 "</p><p>" F2 "</p><p>" F3
                "</p><p>Quant à savoir si les trains seront à l'heure dès le premier jour, "
                "le directeur de la ligne se contente de sourire et de répondre : on verra…"
                "</p></div>" RELATED_FR FOOT_FR TAIL,
        .body = { F1, F2, F3, "on verra…" },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "standfirst as a sibling of the body",
        .html = HEAD_EN NAV_EN "<div class=\"story\"><h1>Dock strike</h1>"
                "<p class=\"standfirst\">Forty ships wait at anchor as the union walks out "
                "over night-shift pay, and talks are set for Wednesday.</p>"
                "<div class=\"story-body\"><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p><p>" E4
                "</p></div></div>" RELATED_EN FOOT_EN TAIL,
        .body = { "Forty ships wait at anchor", E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "chapô frère du corps (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La ligne rouverte</h1>"
                "<div class=\"chapo\">Fermée depuis quarante ans, la ligne entre les deux "
                "vallées rouvrira en septembre, après trois ans de travaux.</div>"
                "<div class=\"article-texte\"><p>" F1 "</p><p>" F2 "</p><p>" F3 "</p></div>"
                "</article>" RELATED_FR FOOT_FR TAIL,
        .body = { "Fermée depuis quarante ans", F1, F2, F3 },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "embedded tweet blockquote inside a widget div",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p>"
                "<div class=\"embed-widget social-embed\"><blockquote class=\"twitter-tweet\">"
                "<p lang=\"en\">Forty ships at anchor and not a crane moving. Never seen the "
                "bay like this.</p>— Port Watch (@portwatch) <a href=\"https://x.example/s/1\">"
                "June 3, 2026</a></blockquote></div>"
                "<p>" E3 "</p><p>" E4 "</p><p>" E5 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "interview: short bold questions between the answers",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike: the union speaks</h1>"
                "<p><strong>Why strike now?</strong></p><p>" E2 "</p>"
                "<p><strong>Is a deal close?</strong></p><p>" E3 "</p>"
                "<p><strong>And the shops?</strong></p><p>" E4 "</p>"
                "<p><strong>What happens next?</strong></p><p>" E6 "</p></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { "Why strike now?", E2, "Is a deal close?", E3, "And the shops?", E4,
                  "What happens next?", E6 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "short first and last paragraphs",
        .html = HEAD_EN NAV_EN "<div class=\"story\"><h1>Dock strike</h1>"
                "<p>The port is silent.</p><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p>"
                "<p>Talks resume on Wednesday.</p></div>" RELATED_EN FOOT_EN TAIL,
        .body = { "The port is silent.", E1, E2, E3, "Talks resume on Wednesday." },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "paragraphs that link a good part of their words",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p>"
                "<p>The <a href=\"/union\">dockers' union</a> said the strike would last until "
                "the <a href=\"/authority\">port authority</a> agreed to reopen talks on "
                "<a href=\"/pay\">night-shift pay</a>.</p>"
                "<p><a href=\"/hauliers\">Hauliers warned on Monday</a> that shelves could run "
                "short of fresh fruit within a week.</p><p>" E5 "</p><p>" E6 "</p></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { E1, "agreed to reopen talks on night-shift pay.",
                  "Hauliers warned on Monday that shelves", E5, E6 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "a numbered list and a data table inside the body",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p>"
                "<p>The union's demands are:</p><ol><li>a rise of night-shift pay of eight "
                "per cent;</li><li>two more crane drivers on each night shift;</li><li>no "
                "sanctions against the strikers.</li></ol><p>" E3 "</p>"
                "<table><tr><th>Year</th><th>Days lost</th></tr><tr><td>2022</td><td>11</td>"
                "</tr><tr><td>2026</td><td>2</td></tr></table><p>" E4 "</p><p>" E5 "</p>"
                "</article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, "The union's demands are:", "night-shift pay of eight per cent",
                  "two more crane drivers", "no sanctions against the strikers.", E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "text nodes of the article beside its <p>s",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1>" E1 "<p>" E2 "</p>" E3
                "<p>" E4 "</p>" E5 "</article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "subheadings between the paragraphs",
        .html = HEAD_EN NAV_EN "<div class=\"article-text\"><h1>Dock strike</h1><p>" E1
                "</p><p>" E2 "</p><h2>Empty shelves</h2><p>" E4 "</p><h2>A long history"
                "</h2><p>" E5 "</p><p>" E6 "</p></div>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, "Empty shelves", E4, "A long history", E5, E6 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "« Lire aussi » entre les paragraphes (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La ligne rouverte</h1><p>" F1 "</p>"
                "<p>Lire aussi : <a href=\"/x\">Le prix du ticket de bus augmente en janvier"
                "</a></p><p>" F2 "</p><p>" F3 "</p><p><strong>Lire aussi</strong> <a href=\"/y\">"
                "Une nouvelle gare routière pour la préfecture</a></p><p>" F4 "</p><p>" F5
                "</p></article>" FOOT_FR TAIL,
        .body = { F1, F2, F3, F4, F5 },
        .furn = { "Météo", "ticket de bus", "gare routière", "Tous droits" } },
    {   .name = "a grid column beside a longer \"about us\" column",
        .html = HEAD_EN NAV_EN "<div class=\"row\"><div class=\"col-md-8\"><h1>Dock strike"
                "</h1><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p></div><div class=\"col-md-4\">"
                "<h3>About the Courier</h3><p>The Northern Courier has reported on the port, "
                "the town and the coast since 1887, and is owned by a trust set up by its "
                "founder's family.</p><p>Our reporters cover every council meeting, every "
                "court hearing and every match of the town's football and rugby clubs.</p>"
                "<p>Subscribers get the paper delivered before seven every morning, and can "
                "read every edition since 1950 in our online archive at no extra cost.</p>"
                "<p>To advertise with us, call our sales team on weekdays between nine and "
                "five, or write to the address printed on the back page of the paper.</p>"
                "</div></div>" FOOT_EN TAIL,
        //  Known limit: the column of prose beside the article, as long as it
        //  and with no name, is kept (docs/quality.md, "Main text"); the
        //  body is whole.
        .body = { E1, E2, E3 },
        .furn = { "Weather", "All rights reserved" } },
    {   .name = "paragraphs as <span>s split by <br><br> in a content div",
        .html = HEAD_FR NAV_FR "<div class=\"content\"><span class=\"txt\">" F1 "</span>"
                "<br><br><span class=\"txt\">" F2 "</span><br><br><span class=\"txt\">" F3
                "</span><br><br><span class=\"txt\">" F4 "</span></div>" RELATED_FR FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "a lead in bold opening the body",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p><strong>Forty ships wait at "
                "anchor as the union walks out over night-shift pay.</strong></p><p>" E1
                "</p><p>" E2 "</p><p>" E3 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { "Forty ships wait at anchor", E1, E2, E3 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "menus and footer in plain <div>s, the footer with a sentence",
        .html = HEAD_EN "<div id=\"top\"><a href=\"/\">Home</a> | <a href=\"/news\">News</a> | "
                "<a href=\"/sport\">Sport</a> | <a href=\"/weather\">Weather</a></div>"
                "<div id=\"middle\"><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p><p>" E3
                "</p><p>" E4 "</p></div><div id=\"bottom\"><p>The Northern Courier is "
                "published by Courier Media Ltd, registered in England, company number "
                "0458812.</p><p><a href=\"/privacy\">Privacy</a> | <a href=\"/terms\">Terms"
                "</a></p></div>" TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "registered in England", "Privacy" } },
    {   .name = "a newsletter box between the paragraphs",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p>"
                "<div class=\"newsletter-signup\"><h4>Morning briefing</h4><p>Sign up to "
                "get the day's top stories in your inbox every morning.</p><form><input "
                "type=\"email\"><button>Sign up</button></form></div><p>" E3 "</p><p>" E4
                "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Sign up", "Morning briefing", "All rights reserved" } },
    {   .name = "article in a full-page <form> with a pull quote",
        .html = HEAD_EN "<form id=\"aspnetForm\" method=\"post\">" NAV_EN
                "<div id=\"ctl00_main\"><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p>"
                "<blockquote class=\"pullquote\">A new offer had been sent on Friday.</blockquote>"
                "<p>" E3 "</p><p>" E4 "</p></div>" RELATED_EN FOOT_EN "</form>" TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "tabloid style: one short sentence a paragraph",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1>"
                "<p>Not a single crane moved at the port on Monday.</p>"
                "<p>Forty ships waited in the bay, their decks stacked high.</p>"
                "<p>On the quay, the strikers lit a fire in an old oil drum.</p>"
                "<p>\"We have waited long enough,\" one of them said.</p>"
                "<p>The port authority says a new offer is on the table.</p>"
                "<p>The union says it has not seen it yet.</p>"
                "<p>A mediator will meet both sides on Wednesday.</p></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { "Not a single crane moved", "Forty ships waited", "lit a fire",
                  "We have waited long enough", "a new offer is on the table",
                  "has not seen it yet", "A mediator will meet" },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "phrases courtes, un paragraphe chacune (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"article\"><h1>La ligne rouverte</h1>"
                "<p>Le premier train partira le 2 septembre à 6 h 12.</p>"
                "<p>Il mettra quarante minutes pour relier les deux vallées.</p>"
                "<p>Le billet coûtera trois euros, comme celui du bus.</p>"
                "<p>Les abonnés de la région voyageront gratuitement.</p>"
                "<p>Une fête est prévue en gare le premier dimanche.</p></div>"
                RELATED_FR FOOT_FR TAIL,
        .body = { "Le premier train partira", "quarante minutes", "trois euros",
                  "Les abonnés de la région", "Une fête est prévue" },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "a list of full sentences in the body",
        .html = HEAD_EN NAV_EN "<article><h1>What the strike means for you</h1><p>" E1
                "</p><ul><li>Ferries to the islands run as usual, but freight may wait a "
                "day or two longer than planned.</li><li>Supermarkets expect fresh fruit to "
                "run short by the end of the week if the ships stay at anchor.</li><li>Parcels "
                "sent from abroad by sea will be held at the port until the strike ends."
                "</li></ul><p>" E6 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, "Ferries to the islands", "Supermarkets expect", "Parcels sent from abroad",
                  E6 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "a plain-text page in <pre>",
        .html = HEAD_EN "<pre>\n" E1 "\n\n" E2 "\n\n" E3 "\n\n" E4 "\n</pre>"
                "<hr><a href=\"/\">Back to the index</a>" TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Back to the index" } },
    {   .name = "a quoted statement in a <blockquote> in the body",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p>" E1 "</p><p>The authority "
                "said in a statement:</p><blockquote><p>" E3 "</p><p>" E4 "</p></blockquote>"
                "<p>" E5 "</p><p>" E6 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, "said in a statement:", E3, E4, E5, E6 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "a cookie notice of several sentences before the body",
        .html = HEAD_FR "<div id=\"cookie-notice\"><p>Nous utilisons des cookies pour vous "
                "offrir la meilleure expérience possible sur notre site, mesurer l'audience "
                "et vous proposer des contenus adaptés à vos centres d'intérêt.</p><p>Vous "
                "pouvez accepter ou refuser ces cookies à tout moment en modifiant vos "
                "préférences dans les paramètres de votre navigateur.</p><button>Accepter"
                "</button></div>" NAV_FR "<article><h1>La ligne rouverte</h1><p>" F1 "</p>"
                "<p>" F2 "</p></article>" FOOT_FR TAIL,
        .body = { F1, F2 },
        .furn = { "cookies", "Accepter", "Météo", "Tous droits" } },
    {   .name = "body containers named \"ad-free\", \"widget\", \"related-enabled\"",
        .html = HEAD_EN NAV_EN "<div class=\"main-col\"><h1>Dock strike</h1>"
                "<div class=\"article-body ad-free\"><p>" E1 "</p><p>" E2 "</p></div>"
                "<div class=\"widget text-widget\"><p>" E3 "</p><p>" E4 "</p></div>"
                "<div class=\"body-copy related-enabled\"><p>" E5 "</p><p>" E6 "</p></div>"
                "</div><div class=\"sidebar\">" SIDEBAR "</div>" FOOT_EN TAIL,
        .body = { E1, E2, E3, E4, E5, E6 },
        .furn = { "Weather", "Notre rédaction", "All rights reserved" } },
    {   .name = "a sponsored article is still an article",
        .html = HEAD_EN NAV_EN "<article class=\"sponsored-content\"><p class=\"label\">"
                "Sponsored</p><h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p><p>" E3 "</p>"
                "<p>" E4 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "paragraphs straight under <body>, no container",
        .html = HEAD_EN NAV_EN "<h1>Dock strike</h1><p>" E1 "</p><p>" E2 "</p><p>" E3
                "</p><p>" E4 "</p>" FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "All rights reserved" } },
    {   .name = "an <article> inside an <article>, with header and footer of its own",
        .html = HEAD_EN NAV_EN "<article class=\"post\"><header><h1>Dock strike</h1><p "
                "class=\"byline\">By Sam Carter</p></header><article class=\"post-content\">"
                "<p>" E1 "</p><p>" E2 "</p><p>" E3 "</p><p>" E4 "</p></article><footer>"
                "<a href=\"/tag/port\">port</a> <a href=\"/tag/strike\">strike</a></footer>"
                "</article>" RELATED_EN FOOT_EN TAIL,
        .body = { E1, E2, E3, E4 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "a drop cap and inline markup inside the words",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p><span class=\"dropcap\">D"
                "</span>ock workers at the <em>northern</em> port walked out on Monday.</p>"
                "<p>" E2 "</p><p>" E3 "</p></article>" RELATED_EN FOOT_EN TAIL,
        .body = { "Dock workers at the northern port walked out on Monday.", E2, E3 },
        .furn = { "Weather", "Related stories", "All rights reserved" } },
    {   .name = "a wrapper named for its sidebar around article and sidebar",
        .html = HEAD_FR NAV_FR "<div id=\"main\" class=\"column-layout sidebar-right\">"
                "<div class=\"entry\"><h1>La ligne rouverte</h1><p>" F1 "</p><p>" F2 "</p>"
                "<p>" F3 "</p><p>" F4 "</p></div><div class=\"sidebar\">" RELATED_FR
                "</div></div>" FOOT_FR TAIL,
        .body = { F1, F2, F3, F4 },
        .furn = { "Météo", "À lire aussi", "Tous droits" } },
    {   .name = "pagination and a comments placeholder after the body",
        .html = HEAD_EN NAV_EN "<div class=\"story\"><h1>Dock strike</h1><p>" E1 "</p><p>"
                E2 "</p><p>" E3 "</p><div class=\"pagination\"><a href=\"?p=1\">1</a> "
                "<a href=\"?p=2\">2</a> <a href=\"?p=3\">3</a> <a href=\"?p=2\">Next page</a>"
                "</div></div><div id=\"disqus_thread\"><noscript>Please enable JavaScript to "
                "view the comments powered by Disqus.</noscript></div>" FOOT_EN TAIL,
        .body = { E1, E2, E3 },
        .furn = { "Next page", "enable JavaScript", "All rights reserved" } },
    {   .name = "the body opens with a short section heading, ends with a furniture one",
        .html = HEAD_EN NAV_EN "<article><h1>Dock strike</h1><p class=\"byline\">By Sam "
                "Carter</p><div class=\"story-body\"><h2>Background</h2><p>" E1 "</p><p>" E2
                "</p><h3>What happens next</h3><p>" E3 "</p><p>" E4 "</p><h3>Share this</h3>"
                "</div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { "Background", E1, E2, "What happens next", E3, E4 },
        .furn = { "Dock strike", "By Sam", "Share this", "Related stories", "Weather" } },
    {   .name = "a page saved from Word: conditional markers are no text",
        .html = HEAD_EN "<div class=WordSection1><p class=MsoTitle>Dock strike</p>"
                "<p class=MsoNormal>" E1 "</p><p class=MsoNormal><![if !supportEmptyParas]>"
                "&nbsp;<![endif]><o:p></o:p></p><p class=MsoListParagraph><![if "
                "!supportLists]><span>1.<span>&nbsp;&nbsp; </span></span><![endif]>" E2 "</p>"
                "<p class=MsoListParagraph><![if !supportLists]><span>2.<span>&nbsp;&nbsp; "
                "</span></span><![endif]>" E3 "</p><p class=MsoNormal>" E4 " Pay rose by "
                "3 % if the ratio of shifts was 1 &lt; 2.</p></div>" TAIL,
        .body = { E1, "1. " E2, "2. " E3, E4 " Pay rose by 3 % if the ratio of shifts was 1 < 2." },
        .furn = { "<![", "]>", "endif", "supportLists" } },
};

START_TEST (test_layout)
{
    s_check_layout (&s_cases [_i]);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_layouts");
    TCase *tc = tcase_create ("layouts");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_layout, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_layouts");
    return dp_test_run (s_suite ());
}
