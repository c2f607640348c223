//  Unit tests of the clean stage on page layouts where the choice of the
//  article's container throws part of it away (the earlier rounds are
//  test_clean_layouts.c and test_clean_layouts2.c): a page builder that
//  puts the headline and the lead in one <article> and the text in
//  another, and the same page shape where the larger <article> is a list
//  of teasers, which must stay out, also when the teasers are cards in
//  <div>s that no rule names, and one story paragraph is all there is
//  beside them (root.c, clean.c), and a box of other articles (a
//  related-stories slideshow) after the story's last paragraph that holds
//  more text than the story, also as linked headlines after a story of two
//  paragraphs, and an advertorial whose own text is named "sponsored",
//  which must stay, as must the rest of a story behind a paywall whose
//  text is in the page (dom.c), also when a sign-up box with its form sits
//  in it; and a short story in an <article> never closed before its
//  teasers, which is no fallback and whose headline is not repeated as
//  text, and a standfirst beside the body that ends in the dash of its
//  dateline (classify.c), and bylines that go on with the author's role
//  and the date, which must go (boilerplate.rules), and the page's <h1>
//  atop the text when og:title words it otherwise; a data table's rows as
//  lines, a layout table's cells as before (dom.c). Every page is invented
//  here (English
//  and French); each case says which paragraphs must come out, in that
//  order, and which furniture must not.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_layout.h"
#include "test_run.h"

//  A story in English: a ferry line closes for the winter.
#define L1 "The ferry between the two harbours will stop running at the end of the " \
           "month, the operator said on Monday, and it will not sail again before April. " \
           "Islanders fear the closure will become permanent if the spring timetable is " \
           "cut back as well."
#define G1 "Fewer than forty passengers a day used the crossing in November, down from " \
           "several hundred in the summer, and the fuel bill has doubled in two years."
#define G2 "Commuters who live on the island will have to drive around the bay, a " \
           "journey of more than an hour each way when the coast road is not flooded."
#define G3 "The council has asked the operator to keep one early sailing on weekdays, " \
           "but the company says a single crossing would not cover the crew's wages."
#define G4 "A public meeting is planned for next Thursday in the village hall, where " \
           "residents will be able to put their questions to the operator's director."
#define G5 "The company has promised to publish its timetable for the spring by the " \
           "end of February, with more sailings at weekends than in previous years."
//  A story in French: a bakery reopens.
#define M1 "La boulangerie de la place du marché a rouvert ses portes samedi matin, " \
           "après quatre mois de travaux et un changement de propriétaires très attendu. " \
           "Les habitants, privés de pain frais depuis l'été, se sont pressés devant la " \
           "vitrine dès l'aube."
#define K1 "Les nouveaux boulangers, un couple venu de la ville voisine, ont repris le " \
           "four à bois d'origine et gardé les recettes de pain de l'ancien patron."
#define K2 "Dès sept heures, une file d'attente s'était formée sur le trottoir, et les " \
           "premières fournées de baguettes ont été vendues en moins d'une heure."
#define K3 "Le maire, venu saluer les commerçants, a rappelé que le village avait failli " \
           "perdre son dernier commerce de bouche il y a à peine un an."
#define K4 "La boutique sera ouverte tous les jours sauf le lundi, avec des horaires " \
           "élargis le dimanche matin pour les clients qui sortent de la messe."
#define K5 "Les propriétaires comptent proposer des ateliers de pâtisserie pour les " \
           "enfants pendant les vacances scolaires, dès le printemps prochain."

#define HEAD_EN "<html lang=\"en\"><head><title>Ferry stops for the winter</title></head><body>"
#define HEAD_FR "<html lang=\"fr\"><head><title>La boulangerie rouvre</title></head><body>"
#define TAIL "</body></html>"
#define NAV_EN "<nav class=\"main-nav\"><ul><li><a href=\"/\">Home</a></li>" \
               "<li><a href=\"/local\">Local</a></li><li><a href=\"/travel\">Travel</a></li>" \
               "<li><a href=\"/opinion\">Opinion</a></li></ul></nav>"
#define NAV_FR "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>" \
               "<li><a href=\"/commerce\">Commerce</a></li><li><a href=\"/agenda\">Agenda" \
               "</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
#define FOOT_EN "<footer><p>© 2026 The Bay Courier. All rights reserved.</p>" \
                "<p><a href=\"/about\">About us</a> · <a href=\"/ads\">Advertise</a></p></footer>"
#define FOOT_FR "<footer><p>© 2026 Le Petit Vallon. Tous droits réservés.</p>" \
                "<p><a href=\"/mentions\">Mentions légales</a></p></footer>"

//  The headline's <article>: a breadcrumb, the headline and the lead, in a
//  page builder's stage block.
#define STAGE_EN "<article id=\"c1201\"><div class=\"stage\"><div class=\"stage-head\">" \
                 "<ol class=\"breadcrumb\"><li><a href=\"/\">Home</a></li><li><a href=\"/travel\">" \
                 "Travel</a></li><li>Ferries</li></ol><h1>Ferry stops for the winter</h1>" \
                 "</div><div class=\"stage-body\"><p>" L1 "</p></div></div></article>"
#define STAGE_FR "<article id=\"c88\"><div class=\"scene\"><div class=\"scene-tete\">" \
                 "<ol class=\"fil\"><li><a href=\"/\">Accueil</a></li><li><a href=\"/commerce\">" \
                 "Commerce</a></li></ol><h1>La boulangerie rouvre</h1></div>" \
                 "<div class=\"scene-corps\"><p>" M1 "</p></div></div></article>"

//  Teaser cards in <div>s (a linked title and a one-sentence excerpt
//  each, no heading) in an <article> of their own after a short story.
#define CARD(h, t, x) "<div class=\"teaser\"><p><a href=\"" h "\">" t "</a></p><p>" x "</p></div>"
#define CARDS_EN "<article class=\"more-stories\"><div class=\"list\">" \
    CARD ("/t1", "Coast road to close for repairs", "The road between the two harbours " \
          "will be closed for three weeks in January while the sea wall is rebuilt after " \
          "the autumn storms damaged it.") \
    CARD ("/t2", "Island school gets a new roof", "Pupils will return to a dry classroom " \
          "after the holidays, the school's head teacher said, once the builders have " \
          "finished their work.") \
    CARD ("/t3", "Lifeboat crew honoured", "Four volunteers of the lifeboat station " \
          "received medals for a rescue in the bay last winter, when a fishing boat lost " \
          "its engine in a gale.") \
    CARD ("/t4", "Harbour festival dates set", "The festival returns in July with a " \
          "regatta, a fish market and music on the quay, and the organisers are looking " \
          "for more volunteers.") "</div></article>"
#define SPAN(h, t, x) "<div class=\"tile\"><a href=\"" h "\"><span>" t "</span></a><span>" \
                      x "</span></div>"
#define CARDS_SPAN_EN "<article class=\"more\"><div class=\"list\">" \
    SPAN ("/t1", "Coast road to close for repairs", "The road between the two harbours " \
          "will be closed for three weeks in January while the sea wall is rebuilt.") \
    SPAN ("/t2", "Island school gets a new roof", "Pupils will return to a dry classroom " \
          "after the holidays, once the builders have finished their work.") \
    SPAN ("/t3", "Lifeboat crew honoured", "Four volunteers of the lifeboat station " \
          "received medals for a rescue in the bay last winter.") \
    SPAN ("/t4", "Harbour festival dates set", "The festival returns in July with a " \
          "regatta, a fish market and music on the quay.") \
    SPAN ("/t5", "New bus for the peninsula", "A new bus service will link the villages " \
          "of the peninsula to the station from March, six buses a day.") \
    SPAN ("/t6", "Lighthouse cottage sold", "The old lighthouse keeper's cottage has been " \
          "sold at auction for twice its guide price.") \
    SPAN ("/t7", "Best mackerel in a decade", "Fishermen say the catch of mackerel this " \
          "autumn was the best in a decade, after two poor years.") \
    SPAN ("/t8", "Shop to open on Sundays", "The village shop will stay open on Sundays " \
          "through the winter after a petition signed by residents.") "</div></article>"
#define CARDS_FR "<article class=\"a-lire\"><div class=\"liste\">" \
    CARD ("/v1", "La piscine ferme pour l'hiver", "La piscine municipale fermera ses " \
          "portes en décembre pour des travaux de chauffage qui dureront jusqu'au mois " \
          "de mars prochain.") \
    CARD ("/v2", "Le vide-grenier du dimanche", "Plus de deux cents exposants sont " \
          "attendus sur la place de l'église pour le vide-grenier annuel organisé par " \
          "le comité des fêtes.") \
    CARD ("/v3", "Le club de foot monte en division", "Après une saison sans défaite, " \
          "le club de foot du village jouera l'an prochain en division supérieure, une " \
          "première depuis trente ans.") \
    CARD ("/v4", "La fanfare cherche des musiciens", "La fanfare municipale recrute des " \
          "trompettistes et des tambours pour le défilé du printemps et les fêtes de " \
          "l'été prochain.") "</div></article>"


//  A box of other articles inside the story's own container, after its
//  last paragraph: a slideshow of other banks' or towns' stories whose
//  captions hold more text than the story itself (dom.c).
#define SLIDE(h, x) "<li><h4>" h "</h4><p>" x "</p></li>"
#define SLIDES_EN "<p class=\"label\">Related on The Courier:</p><div class=\"promo_holder\">" \
    "<div class=\"slideshow-loading\"><em>Loading slideshow</em></div><ul class=\"slides\">" \
    SLIDE ("NORTH PIER", "The north pier was closed to the public last spring after engineers " \
           "found cracks in its oldest section, and the council has not yet decided whether " \
           "to repair it or to pull it down, a choice that will cost the town dearly either way.") \
    SLIDE ("OLD STATION", "The old railway station, empty for twenty years, will become a " \
           "museum of the coast and its trades, with rooms for the fishing fleet, the salt " \
           "works and the boatyards that once employed half of the people of the bay.") \
    SLIDE ("MARKET HALL", "Traders in the covered market have asked for lower rents after a " \
           "year in which the number of visitors fell by a third, blaming the new car park " \
           "on the edge of town and the closure of the bus stop in front of the hall.") \
    SLIDE ("LIGHTHOUSE", "The lighthouse keeper's cottage was sold at auction for twice its " \
           "guide price to a couple from the city, who say they will open it to visitors " \
           "on summer weekends and keep the lamp room exactly as the last keeper left it.") \
    SLIDE ("SEA SCOUTS", "The sea scouts have raised enough money to buy a second boat, " \
           "after a winter of sponsored swims, cake sales and a concert in the church hall " \
           "that drew more people than the organisers had chairs for.") "</ul></div>"
#define SLIDES_FR "<div id=\"related-slideshow\"><p>À voir aussi</p><ul>" \
    SLIDE ("LA PISCINE", "La piscine municipale fermera ses portes en décembre pour des " \
           "travaux de chauffage qui dureront jusqu'au mois de mars, et les clubs de natation " \
           "iront s'entraîner dans la ville voisine, à une demi-heure de car.") \
    SLIDE ("LE MARCHÉ", "Le marché du jeudi s'installera sur le parking de la mairie pendant " \
           "la réfection de la place, une solution provisoire qui ne satisfait ni les " \
           "commerçants ni les riverains, privés de stationnement le matin.") \
    SLIDE ("LA FANFARE", "La fanfare municipale recrute des trompettistes et des tambours " \
           "pour le défilé du printemps, et son chef espère retrouver les quarante musiciens " \
           "qu'elle comptait avant la crise sanitaire et l'arrêt des répétitions.") \
    SLIDE ("LE CLUB DE FOOT", "Après une saison sans défaite, le club de foot du village " \
           "jouera l'an prochain en division supérieure, une première depuis trente ans, et " \
           "devra agrandir ses tribunes pour accueillir ses nouveaux adversaires.") \
    SLIDE ("LA BIBLIOTHÈQUE", "La bibliothèque ouvrira désormais le dimanche matin, grâce " \
           "à une équipe de bénévoles formés par la médiathèque départementale, qui prêtera " \
           "aussi des liseuses et des jeux de société aux familles.") "</ul></div>"

//  The same kind of box as a list of linked headlines with their
//  excerpts, no list items, after a story of two paragraphs (dom.c: a
//  box named as other articles that lists headlines goes when a paragraph
//  of the root stands beside it).
#define TEASE(u, h, x) "<h4><a href=\"" u "\">" h "</a></h4><p>" x "</p>"
#define TEASES_EN "<div class=\"related\"><div class=\"list\">" \
    TEASE ("/r1", "North pier to stay closed", "The north pier was closed to the public last " \
           "spring after engineers found cracks in its oldest section, and the council has not " \
           "yet decided whether to repair it or to pull it down.") \
    TEASE ("/r2", "A museum for the old station", "The old railway station, empty for twenty " \
           "years, will become a museum of the coast and its trades, with rooms for the " \
           "fishing fleet, the salt works and the boatyards.") \
    TEASE ("/r3", "Market traders ask for lower rents", "Traders in the covered market have " \
           "asked for lower rents after a year in which the number of visitors fell by a " \
           "third, blaming the new car park on the edge of town.") \
    TEASE ("/r4", "Keeper's cottage sold", "The lighthouse keeper's cottage was sold at " \
           "auction for twice its guide price to a couple from the city, who will open it to " \
           "visitors on summer weekends.") \
    TEASE ("/r5", "A second boat for the sea scouts", "The sea scouts have raised enough " \
           "money to buy a second boat, after a winter of sponsored swims, cake sales and a " \
           "concert in the church hall.") "</div></div>"
#define TEASES_FR "<div class=\"related\"><div class=\"liste\">" \
    TEASE ("/l1", "La piscine ferme pour l'hiver", "La piscine municipale fermera ses portes " \
           "en décembre pour des travaux de chauffage qui dureront jusqu'au mois de mars, et " \
           "les clubs iront nager dans la ville voisine.") \
    TEASE ("/l2", "Le marché change de place", "Le marché du jeudi s'installera sur le " \
           "parking de la mairie pendant la réfection de la place, une solution provisoire " \
           "qui ne satisfait ni les commerçants ni les riverains.") \
    TEASE ("/l3", "La fanfare recrute", "La fanfare municipale recrute des trompettistes et " \
           "des tambours pour le défilé du printemps, et son chef espère retrouver ses " \
           "quarante musiciens d'avant la crise.") \
    TEASE ("/l4", "Le club de foot monte", "Après une saison sans défaite, le club de foot " \
           "du village jouera l'an prochain en division supérieure, une première depuis " \
           "trente ans.") \
    TEASE ("/l5", "La bibliothèque ouvre le dimanche", "La bibliothèque ouvrira désormais " \
           "le dimanche matin, grâce à une équipe de bénévoles formés par la médiathèque " \
           "départementale.") "</div></div>"

//  An advertorial: the story's own text in a box named "sponsored", with a
//  subheading and a list of plain items, after a long standfirst: the
//  name alone must not throw it away.
#define AD_BODY "<div class=\"article-body sponsored\"><p>" G1 "</p><h2>A long way round</h2>" \
    "<p>" G2 "</p><ul><li>Monday: the last crossing at noon</li><li>Tuesday: the post boat " \
    "only</li><li>Friday: the post boat only</li></ul><p>" G3 "</p><p>" G4 "</p></div>"

//  The rest of the story behind a paywall whose text is in the page (a
//  script hides it), and a registration box with its form and its
//  questions and answers, which must go (dom.c).
#define PAYWALL_PROMPT_EN "<div class=\"paywall-login\"><h3>Register for free and read on</h3>" \
    "<form action=\"/register\"><input type=\"email\" name=\"mail\"><button>Register</button>" \
    "</form><h4>Why register?</h4><p>An account lets you read three articles a month for free, " \
    "comment on every story without limits and keep a list of the articles you like best.</p>" \
    "<h4>Is registering free?</h4><p>Yes, registering is free, and your data are never sold to " \
    "anyone: they are used only to let you read the paper, and deleted whenever you ask.</p>" \
    "<h4>Can I read without an account?</h4><p>You can read one article a week without an " \
    "account; the newsletter and the archive of the last ten years are for registered readers " \
    "only, as are the comments under each story.</p></div>"

//  A newsletter sign-up box inside the article's text: a box of its own,
//  named so, whose form is its own and not the paywall's (dom.c).
#define NEWSLETTER_EN "<div class=\"newsletter-signup\"><p>Sign up for the morning briefing" \
    "</p><form action=\"/nl\"><input type=\"email\" name=\"m\"><button>Sign up</button>" \
    "</form></div>"

static const s_case_t s_cases [] = {
    {   .name = "page builder: headline and lead in one <article>, the text in the next",
        .html = HEAD_EN NAV_EN "<section>" STAGE_EN
                "<div class=\"grid\"><div class=\"grid-row\"><div class=\"grid-col\">"
                "<article class=\"text-block\"><div class=\"text-block-inner\"><p>" G1 "</p><p>"
                G2 "</p><h2>A long way round</h2><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p></div>"
                "</article></div></div></div></section>" FOOT_EN TAIL,
        .body = { L1, G1, G2, "A long way round", G3, G4, G5 },
        .furn = { "Opinion", "Ferries", "All rights", "Advertise" } },
    {   .name = "constructeur de pages : titre et chapeau dans un <article>, le texte dans "
                "le suivant (fr)",
        .html = HEAD_FR NAV_FR "<main>" STAGE_FR "<div class=\"colonnes\"><article "
                "class=\"bloc-texte\"><p>" K1 "</p><p>" K2 "</p><p>" K3 "</p><p>" K4 "</p><p>" K5
                "</p></article></div></main>" FOOT_FR TAIL,
        .body = { M1, K1, K2, K3, K4, K5 },
        .furn = { "Agenda", "Sport", "Tous droits", "Mentions" } },
    {   .name = "the headline's <article> is the story; a larger <article> of teasers follows",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<p>" L1 "</p><p>" G1 "</p></article>"
                "<article class=\"more\"><div class=\"cards\">"
                "<article class=\"card\"><p><a href=\"/t1\">Coast road to close for repairs</a>"
                "</p><p>The road between the two harbours will be closed for three weeks in "
                "January while the sea wall is rebuilt after the autumn storms damaged it.</p>"
                "</article><article class=\"card\"><p><a href=\"/t2\">Island school gets a new "
                "roof</a></p><p>Pupils will return to a dry classroom after the holidays, the "
                "school's head teacher said, once the builders have finished their work.</p>"
                "</article><article class=\"card\"><p><a href=\"/t3\">Lifeboat crew honoured</a>"
                "</p><p>Four volunteers of the lifeboat station received medals for a rescue "
                "in the bay last winter, when a fishing boat lost its engine in a gale.</p>"
                "</article><article class=\"card\"><p><a href=\"/t4\">Harbour festival dates "
                "set</a></p><p>The festival returns in July with a regatta, a fish market and "
                "music on the quay, and the organisers are looking for more volunteers.</p>"
                "</article></div></article>" FOOT_EN TAIL,
        .body = { L1, G1 },
        .furn = { "sea wall", "dry classroom", "received medals", "regatta",
                  "All rights" } },
    {   .name = "a one-paragraph <article> story; a larger <article> of teaser cards in "
                "<div>s follows",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<p>" L1 "</p></article>" CARDS_EN FOOT_EN TAIL,
        .body = { L1 },
        .furn = { "sea wall", "dry classroom", "received medals", "regatta",
                  "All rights" } },
    {   .name = "the same with the headline above both <article>s and eight cards of "
                "<span>s, which are the page's densest block",
        .html = HEAD_EN NAV_EN "<h1>Ferry stops for the winter</h1><article class=\"story\">"
                "<p>" L1 "</p></article>" CARDS_SPAN_EN FOOT_EN TAIL,
        .body = { L1 },
        .furn = { "sea wall", "dry classroom", "received medals", "regatta",
                  "All rights" } },
    {   .name = "un court article sous le titre ; un <article> plus long de vignettes en "
                "<div> suit (fr)",
        .html = HEAD_FR NAV_FR "<h1>La boulangerie rouvre</h1><article class=\"article\">"
                "<p>" M1 "</p><p>" K1 "</p></article>" CARDS_FR FOOT_FR TAIL,
        .body = { M1, K1 },
        .furn = { "piscine", "vide-grenier", "le club de foot", "la fanfare",
                  "Tous droits" } },
    {   .name = "a related-stories slideshow after the story's last paragraph, in the "
                "story's container, with more text than the story",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<div class=\"story-body\"><p>" L1 "</p><p>" G1 "</p><p>" G2 "</p><p>" G3
                "</p><p>" G4 "</p>" SLIDES_EN "</div></article>" FOOT_EN TAIL,
        .body = { L1, G1, G2, G3, G4 },
        .furn = { "Related on", "Loading slideshow", "NORTH PIER", "north pier", "sea scouts",
                  "All rights" } },
    {   .name = "un diaporama d'autres articles après le dernier paragraphe, plus long que "
                "l'article (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><div class=\"texte\">"
                "<p>" M1 "</p><p>" K1 "</p><p>" K2 "</p><p>" K3 "</p>" SLIDES_FR "</div>"
                "</article>" FOOT_FR TAIL,
        .body = { M1, K1, K2, K3 },
        .furn = { "À voir aussi", "LA PISCINE", "piscine municipale", "bibliothèque",
                  "Tous droits" } },
    {   .name = "a story of two paragraphs, then a larger box of linked headlines named "
                "related, in one plain container",
        .html = HEAD_EN NAV_EN "<article><h1>Ferry stops for the winter</h1><div class=\"col\">"
                "<p>" L1 "</p><p>" G1 "</p>" TEASES_EN "</div></article>" FOOT_EN TAIL,
        .body = { L1, G1 },
        .furn = { "North pier", "north pier", "railway station", "sea scouts", "All rights" } },
    {   .name = "un article de deux paragraphes, puis une boîte plus longue de titres liés "
                "(fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><div class=\"col\">"
                "<p>" M1 "</p><p>" K1 "</p>" TEASES_FR "</div></article>" FOOT_FR TAIL,
        .body = { M1, K1 },
        .furn = { "La piscine", "piscine municipale", "fanfare", "bibliothèque",
                  "Tous droits" } },
    {   .name = "an advertorial: the story in a box named sponsored, with a subheading and a "
                "list, after a long standfirst",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<p class=\"standfirst\">" L1 " " G5 "</p>" AD_BODY "</article>" FOOT_EN TAIL,
        .body = { L1, G1, "A long way round", G2, "Monday: the last crossing at noon",
                  "Friday: the post boat only", G3, G4 },
        .furn = { "Opinion", "All rights" } },
    {   .name = "the rest of the story in a box named paywall, its text in the page; a "
                "registration box with a form after it",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<div class=\"story-body\"><p>" L1 "</p><p>" G1 "</p><div class=\"paywall-content "
                "premium\"><p>" G2 "</p><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p></div>"
                PAYWALL_PROMPT_EN "</div></article>" FOOT_EN TAIL,
        .body = { L1, G1, G2, G3, G4, G5 },
        .furn = { "Register", "three articles a month", "never sold", "All rights" } },
    {   .name = "the rest of the story in a box named paywall that also holds a newsletter "
                "sign-up box with its form, among its paragraphs; the registration box after it",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Ferry stops for the winter</h1>"
                "<div class=\"story-body\"><p>" L1 "</p><p>" G1 "</p><div class=\"paywall-content "
                "premium\"><p>" G2 "</p><p>" G3 "</p>" NEWSLETTER_EN "<p>" G4 "</p><p>" G5
                "</p></div>" PAYWALL_PROMPT_EN "</div></article>" FOOT_EN TAIL,
        .body = { L1, G1, G2, G3, G4, G5 },
        .furn = { "Register", "three articles a month", "never sold", "Sign up",
                  "All rights" } },
    {   .name = "la suite dans une boîte nommée paywall, avec l'encadré d'abonnement et son "
                "formulaire en tête (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><div class=\"texte\"><p>"
                M1 "</p><div class=\"paywall\"><div class=\"subscribe-box\"><p>Abonnez-vous "
                "pour lire la suite.</p><form action=\"/abo\"><input type=\"email\" name=\"e\">"
                "<button>S'abonner</button></form></div><p>" K1 "</p><p>" K2 "</p><p>" K3
                "</p></div></div></article>" FOOT_FR TAIL,
        .body = { M1, K1, K2, K3 },
        .furn = { "Abonnez-vous", "S'abonner", "Tous droits" } },
    {   .name = "un encadré d'abonnement nommé paywall, son argumentaire et son formulaire "
                "dans une boîte subscribe-form, après l'article (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><div class=\"texte\"><p>"
                M1 "</p><p>" K1 "</p><p>" K2 "</p><div class=\"paywall\"><div class=\"subscribe-"
                "form\"><h3>Cet article est réservé aux abonnés</h3><p>Pour lire la suite de cet "
                "article et tous nos reportages, abonnez-vous dès maintenant : un euro le premier "
                "mois, puis neuf euros par mois, sans engagement et résiliable à tout moment.</p>"
                "<form action=\"/abo\"><input type=\"email\" name=\"e\"><button>S'abonner"
                "</button></form></div></div></div></article>" FOOT_FR TAIL,
        .body = { M1, K1, K2 },
        .furn = { "réservé aux abonnés", "un euro le premier mois", "Tous droits" } },
    {   .name = "un chapeau qui finit sur le tiret de la date, à côté du corps de l'article "
                "(fr)",
        .html = HEAD_FR NAV_FR "<div class=\"page\"><h1>La boulangerie rouvre</h1><div "
                "class=\"intro\"><p>Les habitants attendaient ce jour depuis l'été. 3 mars "
                "2024. –</p></div><div class=\"article-content\"><p>" K1 "</p><p>" K2 "</p><p>"
                K3 "</p></div></div>" FOOT_FR TAIL,
        .body = { "Les habitants attendaient ce jour depuis l'été. 3 mars 2024. –", K1, K2, K3 },
        .furn = { "Tous droits" } },
    {   .name = "une signature qui donne le rôle de l'auteur et la date, dans l'article (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><p class=\"signature\">"
                "Par Anne Roux, correspondante à Châtellerault — lundi 4 mars 2024 à 18h42</p>"
                "<p>" M1 "</p><p>" K1 "</p><p>" K2 "</p><p class=\"signature\">By John Smith, "
                "chief political correspondent, in Westminster</p><p>" K3 "</p><p>Paul Girard "
                "— 5 mars 2024</p><p>" K4 "</p><p>By Jo Kim in Toulouse · Jan. 11, 2024, 4:20 "
                "p.m.</p><p>" K5 "</p></article>" FOOT_FR TAIL,
        .body = { M1, K1, K2, K3, K4, K5 },
        .furn = { "Anne Roux", "John Smith", "Paul Girard", "Jo Kim", "Tous droits" } },
    {   .name = "le titre de partage (og:title) réécrit le titre de la page : le <h1> ne "
                "reste pas en tête du texte (fr)",
        .html = "<html lang=\"fr\"><head><meta property=\"og:title\" content=\"Réouverture : "
                "le pain frais est de retour au village\"><title>La boulangerie du village "
                "rouvre ses portes - Le Petit Journal</title></head><body>" NAV_FR "<article>"
                "<h1>La boulangerie du village rouvre ses portes</h1><p>" M1 "</p><p>" K1
                "</p><p>" K2 "</p></article>" FOOT_FR TAIL,
        .body = { M1, K1, K2 },
        .furn = { "rouvre ses portes", "Tous droits" } },
    {   .name = "un tableau de données dans l'article : une ligne par rangée, ses cellules "
                "séparées (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><p>" M1 "</p><p>" K1
                "</p><table><tr><th>Pain</th><th>Prix</th><th>Fournées</th></tr><tr><td>"
                "Baguette</td><td>1,10 €</td><td>6</td></tr><tr><td>Pain de campagne</td><td>"
                "3,20 €</td><td>2</td></tr></table><p>" K2 "</p></article>" FOOT_FR TAIL,
        .body = { M1, K1, "Pain | Prix | Fournées\n\nBaguette | 1,10 € | 6\n\n"
                  "Pain de campagne | 3,20 € | 2", K2 },
        .furn = { "Tous droits" } },
    {   .name = "a layout table: the menu in one cell, the story's paragraphs in the next",
        .html = HEAD_EN "<table><tr><td class=\"nav\"><a href=\"/\">Home</a> <a href=\"/n\">"
                "News</a> <a href=\"/s\">Sport</a></td><td><h1>Ferry stops for the winter</h1>"
                "<p>" L1 "</p><p>" G1 "</p><p>" G2 "</p></td></tr></table>" TAIL,
        .body = { L1, G1, G2 },
        .furn = { "Home |", "Sport" } },
    {   .name = "la suite de l'article dans une boîte nommée subscription (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>La boulangerie rouvre</h1><div class=\"texte\"><p>"
                M1 "</p><div id=\"subscription-body\"><p>" K1 "</p><p>" K2 "</p><p>" K3
                "</p></div></div></article>" FOOT_FR TAIL,
        .body = { M1, K1, K2, K3 },
        .furn = { "Tous droits" } },
};

START_TEST (test_layout)
{
    s_check_layout (&s_cases [_i]);
}
END_TEST

//  A short story in an <article> never closed, its related teasers after
//  it: the baseline holds both, the main result is the story and lies all
//  inside it, and the conservative walk finds nothing more. The headline,
//  which that walk used to keep as text, is the title: no flag is due, and
//  the headline is not repeated in the text.
START_TEST (test_unclosed_short_story_no_flag)
{
    const char *html = "<html lang=\"fr\"><head><title>Le maire de Saint-Aubin démissionne"
        "</title></head><body>" NAV_FR "<main><article class=\"post\"><h1>Le maire de "
        "Saint-Aubin démissionne</h1><p>Le maire de Saint-Aubin a annoncé lundi sa démission, "
        "après douze ans de mandat.</p><p>Il quitte la mairie pour raisons de santé, a-t-il "
        "précisé dans une lettre aux habitants.</p>"
        "<section class=\"more\"><h2>À lire aussi</h2>"
        "<article><h3><a href=\"/a1\">La piscine municipale ferme ses bassins extérieurs "
        "pour l'hiver</a></h3><p>La piscine municipale fermera ses bassins extérieurs dès la fin "
        "du mois, faute de chauffage, et ne rouvrira qu'au printemps après des travaux de "
        "rénovation attendus depuis…</p></article>"
        "<article><h3><a href=\"/a2\">Le vide-grenier des quais a battu son record de "
        "fréquentation</a></h3><p>Plus de trois cents exposants se sont installés dimanche le "
        "long des quais, un record depuis la création de la brocante il y a vingt ans par "
        "l'association des commerçants du…</p></article>"
        "<article><h3><a href=\"/a3\">La fanfare municipale recrute des musiciens pour le "
        "printemps</a></h3><p>La fanfare municipale cherche des tambours et des trompettes pour "
        "le défilé du printemps, et son chef espère retrouver les quarante musiciens qu'elle "
        "comptait avant la…</p></article>"
        "<article><h3><a href=\"/a4\">Le club de foot du village monte en division "
        "supérieure</a></h3><p>Après une saison sans la moindre défaite, le club de foot du "
        "village jouera l'an prochain en division supérieure, une première depuis trente ans "
        "pour les joueurs de…</p></article>"
        "<article><h3><a href=\"/a5\">La bibliothèque ouvrira désormais le dimanche matin"
        "</a></h3><p>La bibliothèque ouvrira désormais le dimanche matin, grâce à une équipe de "
        "bénévoles formés par la médiathèque départementale, qui prêtera aussi des livres "
        "aux…</p></article>"
        "<article><h3><a href=\"/a6\">Le marché de Noël reviendra sur la place de l'église"
        "</a></h3><p>Le marché de Noël reviendra cette année sur la place de l'église, avec "
        "une trentaine de chalets, une patinoire pour les enfants et un concert de la chorale "
        "le samedi…</p></article>"
        "</section></main>" FOOT_FR TAIL;
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_msg (strstr (res.text, "après douze ans de mandat.")
                   && strstr (res.text, "dans une lettre aux habitants."), "story lost:\n%s",
                   res.text);
    ck_assert_msg (!strstr (res.text, "piscine municipale"), "teaser kept:\n%s", res.text);
    ck_assert_msg (!strstr (res.text, "Saint-Aubin démissionne"), "headline in the text:\n%s",
                   res.text);
    ck_assert_msg (!res.fallback, "flagged as a fallback:\n%s", res.text);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_layouts3");
    TCase *tc = tcase_create ("layouts");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_layout, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    tcase_add_test (tc, test_unclosed_short_story_no_flag);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_layouts3");
    return dp_test_run (s_suite ());
}
