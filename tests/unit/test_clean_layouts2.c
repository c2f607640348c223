//  Unit tests of the clean stage on more page layouts of sites it was
//  never tuned on (the first round is test_clean_layouts.c): theme
//  variants of WordPress, Drupal, Ghost, Joomla, Blogger, Hugo and
//  Squarespace, an AMP page, newsletter and blog-platform posts, CSS
//  module and utility class names, agency dispatches with a dateline,
//  interviews in question/answer form, listicles, an explainer with a
//  FAQ, a story told in captions, inline "read more" teasers, consent
//  walls and paywall teasers over a full body, pagination, a body known
//  only from JSON-LD. Every page is invented here (English and French);
//  each case says which paragraphs must come out, in that order, and
//  which furniture must not.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_layout.h"
#include "test_run.h"

//  A story in English: a flooded library.
#define G1 "The county library reopened its doors on Thursday, six months after the " \
           "river burst its banks and left the ground floor under a metre of water."
#define G2 "Volunteers spent most of the summer drying out books page by page, and " \
           "nearly eight thousand volumes were saved from the mud and the damp."
#define G3 "The children's section has moved upstairs for good, the head librarian " \
           "said, because nobody wants to carry picture books out of a flood again."
#define G4 "Insurance covered the building itself, but the rare local history " \
           "collection had to be restored with money raised by the town's residents."
#define G5 "Opening hours are back to normal, and the reading room will stay open " \
           "until eight in the evening on Tuesdays and Thursdays through the winter."
#define G6 "A small exhibition in the lobby shows photographs of the flood and of the " \
           "long clean-up, with a wall of thank-you notes written by schoolchildren."
//  A story in French: a drought and water restrictions.
#define H1 "La préfecture a placé mercredi l'ensemble du département en alerte " \
           "sécheresse renforcée, après un été sans la moindre pluie significative."
#define H2 "L'arrosage des jardins et le lavage des voitures sont désormais interdits " \
           "entre huit heures et vingt heures, sous peine d'une amende de cent euros."
#define H3 "Les agriculteurs pourront continuer d'irriguer la nuit, mais leurs volumes " \
           "prélevés dans les rivières seront réduits de moitié jusqu'à nouvel ordre."
#define H4 "Le niveau de plusieurs nappes phréatiques est au plus bas depuis vingt ans, " \
           "selon les relevés publiés par le service géologique la semaine dernière."
#define H5 "Les mesures seront réexaminées à la fin du mois, lors d'un comité qui " \
           "réunira les élus, les syndicats agricoles et les associations de pêcheurs."

#define HEAD_EN "<html lang=\"en\"><head><title>Library reopens</title></head><body>"
#define HEAD_FR "<html lang=\"fr\"><head><title>Sécheresse</title></head><body>"
#define TAIL "</body></html>"
#define NAV_EN "<nav class=\"main-nav\"><ul><li><a href=\"/\">Home</a></li>" \
               "<li><a href=\"/local\">Local</a></li><li><a href=\"/business\">Business</a></li>" \
               "<li><a href=\"/opinion\">Opinion</a></li><li><a href=\"/obits\">Obituaries" \
               "</a></li></ul></nav>"
#define NAV_FR "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>" \
               "<li><a href=\"/faits-divers\">Faits divers</a></li><li><a href=\"/economie\">" \
               "Économie</a></li><li><a href=\"/agenda\">Agenda</a></li></ul></nav>"
#define FOOT_EN "<footer><p>© 2026 The Riverside Gazette. All rights reserved.</p>" \
                "<p><a href=\"/about\">About us</a> · <a href=\"/ads\">Advertise</a></p></footer>"
#define FOOT_FR "<footer><p>© 2026 L'Écho du Plateau. Tous droits réservés.</p>" \
                "<p><a href=\"/mentions\">Mentions légales</a></p></footer>"
#define RELATED_EN "<section class=\"more-stories\"><h3>More stories</h3><ul>" \
                   "<li><a href=\"/a\">Bridge repairs to close the high street</a></li>" \
                   "<li><a href=\"/b\">New bakery opens in the old post office</a></li>" \
                   "<li><a href=\"/c\">Rugby club celebrates its centenary</a></li>" \
                   "</ul></section>"
#define RELATED_FR "<section class=\"a-lire\"><h3>Sur le même sujet</h3><ul>" \
                   "<li><a href=\"/a\">Les lacs de montagne au plus bas</a></li>" \
                   "<li><a href=\"/b\">Un nouveau forage pour la commune</a></li>" \
                   "<li><a href=\"/c\">La fête du village annulée</a></li></ul></section>"
#define SHARE_EN "<div class=\"share-bar\"><span>Share this article</span>" \
                 "<a href=\"/fb\">Facebook</a><a href=\"/tw\">Twitter</a>" \
                 "<a href=\"/em\">Email</a></div>"
#define WIDGETS_EN "<aside id=\"secondary\" class=\"widget-area\">" \
    "<section class=\"widget widget_search\"><form><input type=\"search\">" \
    "<button>Search</button></form></section>" \
    "<section class=\"widget widget_recent_entries\"><h2 class=\"widget-title\">Recent " \
    "Posts</h2><ul><li><a href=\"/p1\">Bridge repairs to close the high street</a></li>" \
    "<li><a href=\"/p2\">New bakery opens in the old post office</a></li>" \
    "<li><a href=\"/p3\">Rugby club celebrates its centenary</a></li></ul></section>" \
    "<section class=\"widget widget_archive\"><h2 class=\"widget-title\">Archives</h2>" \
    "<ul><li><a href=\"/2026/11\">November 2026</a></li><li><a href=\"/2026/10\">" \
    "October 2026</a></li></ul></section></aside>"

static const s_case_t s_cases [] = {
    {   .name = "WordPress theme: entry-content, sharing, related posts, widgets",
        .html = HEAD_EN "<div id=\"page\" class=\"site\"><header id=\"masthead\" "
                "class=\"site-header\"><p class=\"site-title\"><a href=\"/\">The Riverside "
                "Gazette</a></p>" NAV_EN "</header><div id=\"content\" class=\"site-content\">"
                "<div id=\"primary\" class=\"content-area\"><main id=\"main\" class=\"site-main\">"
                "<article id=\"post-812\" class=\"post-812 post type-post status-publish "
                "format-standard has-post-thumbnail hentry category-local\">"
                "<header class=\"entry-header\"><h1 class=\"entry-title\">Library reopens</h1>"
                "<div class=\"entry-meta\"><span class=\"posted-on\">Posted on <a href=\"/\">"
                "December 3, 2026</a></span> <span class=\"byline\">by <a href=\"/a\">Jo Hale"
                "</a></span></div></header><div class=\"entry-content\"><p>" G1 "</p><p>" G2
                "</p><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p>"
                "<div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">Share "
                "this:</h3><ul><li><a href=\"/s1\">Twitter</a></li><li><a href=\"/s2\">"
                "Facebook</a></li></ul></div><div id=\"jp-relatedposts\" class=\"jp-relatedposts\">"
                "<h3 class=\"jp-relatedposts-headline\">Related</h3><p><a href=\"/r\">Bridge "
                "repairs to close the high street</a></p></div></div>"
                "<footer class=\"entry-footer\"><span class=\"cat-links\">Posted in <a href=\"/l\">"
                "Local</a></span></footer></article><nav class=\"navigation post-navigation\">"
                "<div class=\"nav-previous\"><a href=\"/p\">Previous post: New bakery opens in "
                "the old post office</a></div></nav></main></div>" WIDGETS_EN "</div>"
                "<footer id=\"colophon\" class=\"site-footer\">Proudly powered by WordPress"
                "</footer></div>" TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Share this", "Bridge repairs", "Recent Posts", "Posted in",
                  "Proudly powered", "Previous post" } },
    {   .name = "Drupal node: field--name-body beside block regions",
        .html = HEAD_EN "<div class=\"dialog-off-canvas-main-canvas\"><header role=\"banner\">"
                "<div class=\"region region-header\">" NAV_EN "</div></header>"
                "<div class=\"layout-container\"><div class=\"region region-breadcrumb\">"
                "<ol><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ol>"
                "</div><main role=\"main\"><div class=\"layout-content\"><div class=\"region "
                "region-content\"><article role=\"article\" class=\"node node--type-article "
                "node--promoted node--view-mode-full\"><h1><span class=\"field "
                "field--name-title\">Library reopens</span></h1><div class=\"node__meta\">"
                "Submitted by <span>editor</span> on Thu, 12/03/2026 - 10:15</div>"
                "<div class=\"node__content\"><div class=\"clearfix text-formatted field "
                "field--name-body field--type-text-with-summary field--label-hidden "
                "field__item\"><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>" G4 "</p></div>"
                "<div class=\"field field--name-field-tags field--type-entity-reference\">"
                "<div class=\"field__label\">Tags</div><div class=\"field__items\"><div "
                "class=\"field__item\"><a href=\"/t\">Floods</a></div></div></div></div>"
                "</article></div></div></main><aside class=\"layout-sidebar-first\" "
                "role=\"complementary\"><div class=\"region region-sidebar-first\"><div "
                "class=\"block block-views\"><h2>Most viewed</h2><div class=\"view-content\">"
                "<div class=\"views-row\"><a href=\"/x\">Bridge repairs to close the high "
                "street</a></div><div class=\"views-row\"><a href=\"/y\">Rugby club "
                "celebrates its centenary</a></div></div></div></div></aside></div>"
                FOOT_EN "</div>" TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "Submitted by", "Most viewed", "Bridge repairs", "All rights reserved" } },
    {   .name = "Ghost post: gh-content with kg-cards and a sign-up call",
        .html = HEAD_EN "<header class=\"gh-head\">" NAV_EN "<a class=\"gh-head-button\" "
                "href=\"#/portal/signup\">Subscribe</a></header><main class=\"gh-main\">"
                "<article class=\"gh-article post tag-local\"><header class=\"gh-article-header "
                "gh-canvas\"><span class=\"gh-article-tag\">Local</span><h1 class=\"gh-article-"
                "title\">Library reopens</h1><p class=\"gh-article-excerpt\">Six months after "
                "the flood, the doors are open again.</p></header><section class=\"gh-content "
                "gh-canvas\"><p>" G1 "</p><p>" G2 "</p><figure class=\"kg-card kg-image-card "
                "kg-card-hascaption\"><img src=\"/l.jpg\"><figcaption>The reading room on "
                "Thursday.</figcaption></figure><p>" G3 "</p><div class=\"kg-card kg-callout-"
                "card\"><div class=\"kg-callout-text\">" G4 "</div></div><p>" G5 "</p>"
                "</section></article><section class=\"footer-cta\"><h2 class=\"footer-cta-"
                "title\">Sign up for The Riverside Gazette</h2><a class=\"footer-cta-button\" "
                "href=\"#/portal\">Enter your email<span>Subscribe</span></a></section>"
                "<aside class=\"read-more-wrap\"><div class=\"read-more\"><article class=\"post-"
                "card\"><a href=\"/a\"><h2 class=\"post-card-title\">Bridge repairs to close "
                "the high street</h2><div class=\"post-card-excerpt\">The works will take the "
                "whole of January and divert the buses.</div></a></article></div></aside>"
                "</main>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Sign up for", "Enter your email", "Bridge repairs", "divert the buses",
                  "All rights reserved" } },
    {   .name = "Joomla item-page: articleBody, article-info, pager and modules",
        .html = HEAD_EN "<div class=\"header\">" NAV_EN "</div><div class=\"container\">"
                "<div class=\"row\"><div id=\"content\" class=\"span9\"><div class=\"item-page\" "
                "itemscope itemtype=\"https://schema.org/Article\"><div class=\"page-header\">"
                "<h2 itemprop=\"headline\">Library reopens</h2></div><dl class=\"article-info "
                "muted\"><dt class=\"article-info-term\">Details</dt><dd class=\"createdby\">"
                "Written by Jo Hale</dd><dd class=\"hits\">Hits: 1432</dd></dl>"
                "<div itemprop=\"articleBody\"><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>" G4
                "</p><p>" G6 "</p></div><ul class=\"pager pagenav\"><li class=\"previous\">"
                "<a href=\"/p\" rel=\"prev\">&lt; Prev</a></li><li class=\"next\"><a href=\"/n\" "
                "rel=\"next\">Next &gt;</a></li></ul></div></div><div id=\"aside\" "
                "class=\"span3\"><div class=\"moduletable\"><h3>Latest News</h3><ul "
                "class=\"latestnews\"><li><a href=\"/a\">Bridge repairs to close the high "
                "street</a></li><li><a href=\"/b\">New bakery opens in the old post office"
                "</a></li></ul></div></div></div></div>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G6 },
        .furn = { "Written by", "Hits:", "Prev", "Latest News", "Bridge repairs" } },
    {   .name = "AMP page: amp-sidebar menu, amp-ad, amp-social-share",
        .html = "<!doctype html><html amp lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                "Library reopens</title><style amp-custom>body{margin:0}</style></head><body>"
                "<amp-sidebar id=\"sidebar\" layout=\"nodisplay\" side=\"left\"><ul><li><a "
                "href=\"/\">Home</a></li><li><a href=\"/local\">Local</a></li><li><a "
                "href=\"/obits\">Obituaries</a></li></ul></amp-sidebar><header class=\"amp-"
                "header\"><button on=\"tap:sidebar.toggle\">Menu</button></header><article "
                "class=\"amp-article\"><h1>Library reopens</h1><amp-img src=\"/l.jpg\" "
                "width=\"600\" height=\"400\" layout=\"responsive\"></amp-img><div "
                "class=\"article-body\"><p>" G1 "</p><p>" G2 "</p><amp-ad width=\"300\" "
                "height=\"250\" type=\"doubleclick\" "
                "data-slot=\"/1/amp\"><div placeholder>Loading ad</div></amp-ad><p>" G3 "</p>"
                "<p>" G4 "</p><p>" G5 "</p></div><div class=\"social\"><amp-social-share "
                "type=\"twitter\"></amp-social-share><amp-social-share type=\"email\">"
                "</amp-social-share></div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Obituaries", "Loading ad", "More stories", "All rights reserved" } },
    {   .name = "newsletter post: subscription widgets, like and share buttons",
        .html = HEAD_EN "<div class=\"main-menu\"><a href=\"/\">The Margin Notes</a>"
                "<a href=\"/archive\">Archive</a><a href=\"/about\">About</a></div>"
                "<article class=\"typography newsletter-post post\"><div class=\"post-header\">"
                "<h1 class=\"post-title\">Library reopens</h1><h3 class=\"subtitle\">Notes from "
                "a flooded town, half a year on</h3><div class=\"post-meta\">Jo Hale · Dec 3, "
                "2026</div></div><div class=\"available-content\"><div class=\"body markup\">"
                "<p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><div class=\"subscription-widget-wrap\">"
                "<p class=\"cta-caption\">Thanks for reading The Margin Notes! Subscribe for "
                "free to receive new posts and support my work.</p><form><input type=\"email\" "
                "placeholder=\"Type your email...\"><button>Subscribe</button></form></div>"
                "<p>" G4 "</p><p>" G5 "</p></div></div><div class=\"post-footer\"><a "
                "class=\"like-button\">12 Likes</a><a class=\"share-button\">Share</a>"
                "<a class=\"comment-button\">3 Comments</a></div></article>"
                "<div class=\"footer\">© 2026 Jo Hale · Privacy · Terms · Collection notice"
                "</div>" TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Thanks for reading", "Type your email", "12 Likes", "Collection notice" } },
    {   .name = "blog platform post: hashed classes on every paragraph, claps, follow",
        .html = HEAD_EN "<div class=\"a b c\"><div class=\"n p\"><a href=\"/\">Sign in</a>"
                "<a href=\"/new\">Write</a></div></div><article><div class=\"l\"><section>"
                "<div class=\"gn go gp\"><h1 class=\"pw-post-title io ip fq\">Library reopens"
                "</h1><div class=\"jx jy\"><a href=\"/@jo\">Jo Hale</a><span>Follow</span>"
                "<span>4 min read</span><span>Dec 3, 2026</span></div><div class=\"kz la\">"
                "<span>1.2K</span><span>18</span><button>Listen</button><button>Share</button>"
                "</div><p class=\"pw-post-body-paragraph mk ml fq mm b\">" G1 "</p>"
                "<p class=\"pw-post-body-paragraph mk ml fq mm b\">" G2 "</p>"
                "<p class=\"pw-post-body-paragraph mk ml fq mm b\">" G3 "</p>"
                "<p class=\"pw-post-body-paragraph mk ml fq mm b\">" G4 "</p>"
                "<p class=\"pw-post-body-paragraph mk ml fq mm b\">" G6 "</p></div></section>"
                "</div></article><div class=\"ob oc\"><h2>More from Jo Hale</h2><div><a "
                "href=\"/x\"><h2>Bridge repairs to close the high street</h2><p>The works will "
                "take the whole of January and divert the buses.</p></a></div></div>"
                "<div class=\"fz\">Help Status About Careers Press Blog Privacy Terms</div>" TAIL,
        .body = { G1, G2, G3, G4, G6 },
        .furn = { "Sign in", "4 min read", "More from", "divert the buses", "Careers" } },
    {   .name = "dépêche d'agence : « (AFP) - » en tête, signature en pied (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"depeche\"><h1>Sécheresse : tout le département "
                "en alerte renforcée</h1><p class=\"date\">Publié le 02/12/2026 à 17h42</p>"
                "<div class=\"texte\"><p>Clermont-Ferrand (AFP) - " H1 "</p><p>" H2 "</p><p>"
                H3 "</p><p>" H4 "</p><p>" H5 "</p><p class=\"signature\">abc/def/ghi</p></div>"
                "<p class=\"copyright\">© 2026 AFP</p></div>" RELATED_FR FOOT_FR TAIL,
        .body = { "Clermont-Ferrand (AFP) - " H1, H2, H3, H4, H5 },
        .furn = { "Agenda", "Sur le même sujet", "Tous droits" } },
    {   .name = "agency dispatch in English: dateline and a reporting credit",
        .html = HEAD_EN NAV_EN "<article class=\"story\"><h1>Library reopens</h1><div "
                "class=\"story-text\"><p>RIVERSIDE, Dec 3 (Northwire) - " G1 "</p><p>" G2
                "</p><p>" G3 "</p><p>" G4 "</p><p class=\"credit\">Reporting by Jo Hale; "
                "Editing by Sam Reed</p></div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { "RIVERSIDE, Dec 3 (Northwire) - " G1, G2, G3, G4 },
        .furn = { "Reporting by", "Editing by", "More stories", "All rights reserved" } },
    {   .name = "presse régionale : temps de lecture, partage, « Cet article… utile ? » (fr)",
        .html = HEAD_FR "<header>" NAV_FR "<a href=\"/abo\">Je m'abonne</a></header>"
                "<main><nav class=\"fil-ariane\"><a href=\"/\">Accueil</a> › <a href=\"/d\">"
                "Puy-de-Dôme</a> › <a href=\"/v\">Issoire</a></nav><article class=\"article-"
                "detail\"><h1>Sécheresse : le département en alerte renforcée</h1><div "
                "class=\"infos\">Publié le 02/12/2026 à 17h42 Mis à jour le 02/12/2026 à 18h10"
                " · Temps de lecture : 2 min</div><div class=\"partage\"><a href=\"/f\">Partager "
                "sur Facebook</a><a href=\"/w\">Partager sur WhatsApp</a><a href=\"/c\">Copier le "
                "lien</a></div><div class=\"article-contenu\"><p>" H1 "</p><p>" H2 "</p><p>" H3
                "</p><p>" H4 "</p><p>" H5 "</p></div><div class=\"utile\"><p>Cet article vous a "
                "été utile ? Sachez que vous pouvez suivre L'Écho du Plateau dans notre "
                "application. Recevez les alertes de votre commune.</p></div></article></main>"
                RELATED_FR FOOT_FR TAIL,
        .body = { H1, H2, H3, H4, H5 },
        .furn = { "Temps de lecture", "Partager sur", "vous a été utile", "Sur le même sujet",
                  "Tous droits" } },
    {   .name = "entretien en questions-réponses, questions en <h2> (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>« L'eau est devenue un bien rare »</h1><p "
                "class=\"chapo\">Le président du syndicat des eaux répond à nos questions.</p>"
                "<h2>Faut-il s'attendre à des coupures ?</h2><p>" H2 "</p>"
                "<h2>Les agriculteurs sont-ils traités à part ?</h2><p>" H3 "</p>"
                "<h2>La situation est-elle inédite ?</h2><p>" H4 "</p>"
                "<h2>Et maintenant ?</h2><p>" H5 "</p><p class=\"propos\">Propos recueillis par "
                "Claire Martin</p></article>" RELATED_FR FOOT_FR TAIL,
        .body = { "Faut-il s'attendre à des coupures ?", H2,
                  "Les agriculteurs sont-ils traités à part ?", H3,
                  "La situation est-elle inédite ?", H4, "Et maintenant ?", H5 },
        .furn = { "Agenda", "Sur le même sujet", "Tous droits" } },
    {   .name = "interview with Q: and A: paragraphs",
        .html = HEAD_EN NAV_EN "<div class=\"interview\"><h1>The librarian speaks</h1>"
                "<p><b>Q:</b> How did the flood start?</p><p><b>A:</b> " G1 "</p>"
                "<p><b>Q:</b> What was saved?</p><p><b>A:</b> " G2 "</p>"
                "<p><b>Q:</b> Why move the children's books?</p><p><b>A:</b> " G3 "</p>"
                "<p><b>Q:</b> Who paid?</p><p><b>A:</b> " G4 "</p></div>" SHARE_EN
                RELATED_EN FOOT_EN TAIL,
        .body = { "Q: How did the flood start?", "A: " G1, "Q: What was saved?", "A: " G2,
                  "Q: Why move the children's books?", "A: " G3, "Q: Who paid?", "A: " G4 },
        .furn = { "Share this article", "More stories", "All rights reserved" } },
    {   .name = "listicle: numbered <h2> items, each with a picture and a paragraph",
        .html = HEAD_EN NAV_EN "<article class=\"listicle\"><h1>Five things to know about "
                "the library</h1><p class=\"intro\">" G1 "</p>"
                "<div class=\"list-item\"><h2>1. The books</h2><img src=\"/1.jpg\" alt=\"\">"
                "<p>" G2 "</p></div><div class=\"list-item\"><h2>2. The children's corner</h2>"
                "<img src=\"/2.jpg\" alt=\"\"><p>" G3 "</p></div><div class=\"list-item\"><h2>"
                "3. The archive</h2><img src=\"/3.jpg\" alt=\"\"><p>" G4 "</p></div><div "
                "class=\"list-item\"><h2>4. The hours</h2><p>" G5 "</p></div><div class=\"list-"
                "item\"><h2>5. The exhibition</h2><p>" G6 "</p></div></article>" SHARE_EN
                RELATED_EN FOOT_EN TAIL,
        .body = { G1, "1. The books", G2, "2. The children's corner", G3, "3. The archive",
                  G4, "4. The hours", G5, "5. The exhibition", G6 },
        .furn = { "Share this article", "More stories", "All rights reserved" } },
    {   .name = "explainer with a FAQ in <details> at the end of the body",
        .html = HEAD_EN NAV_EN "<article class=\"explainer\"><h1>Library reopens: what "
                "you need to know</h1><p>" G1 "</p><p>" G2 "</p><section class=\"faq "
                "accordion\"><h2>Frequently asked questions</h2><details><summary>Can I "
                "return books borrowed before the flood?</summary><p>" G3 "</p></details>"
                "<details><summary>Who paid for the repairs?</summary><p>" G4 "</p>"
                "</details><details><summary>When is the library open?</summary><p>" G5
                "</p></details></section></article>" SHARE_EN RELATED_EN FOOT_EN TAIL,
        .body = { G1, G2, "Can I return books borrowed before the flood?", G3,
                  "Who paid for the repairs?", G4, "When is the library open?", G5 },
        .furn = { "Share this article", "More stories", "All rights reserved" } },
    {   .name = "explicatif « Ce qu'il faut savoir », questions en <h3> (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"article-body\"><h1>Sécheresse : ce qu'il faut "
                "savoir</h1><p>" H1 "</p><h3>Qu'est-ce qui est interdit ?</h3><p>" H2 "</p>"
                "<h3>Et pour les agriculteurs ?</h3><p>" H3 "</p><h3>Pourquoi maintenant ?</h3>"
                "<p>" H4 "</p><h3>Jusqu'à quand ?</h3><p>" H5 "</p></div>" RELATED_FR FOOT_FR TAIL,
        .body = { H1, "Qu'est-ce qui est interdit ?", H2, "Et pour les agriculteurs ?", H3,
                  "Pourquoi maintenant ?", H4, "Jusqu'à quand ?", H5 },
        .furn = { "Agenda", "Sur le même sujet", "Tous droits" } },
    {   .name = "a story told between many captioned photos",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1>"
                "<figure class=\"photo\"><img src=\"/1.jpg\"><figcaption>Volunteers carry "
                "boxes of books to the drying room. Photo: Jo Hale</figcaption></figure><p>" G1
                "</p><figure class=\"photo\"><img src=\"/2.jpg\"><figcaption>Pages laid out on "
                "tables in the school gym. Photo: Jo Hale</figcaption></figure><p>" G2 "</p>"
                "<figure class=\"photo\"><img src=\"/3.jpg\"><figcaption>The new children's "
                "corner upstairs. Photo: Sam Reed</figcaption></figure><p>" G3 "</p><figure "
                "class=\"photo\"><img src=\"/4.jpg\"><figcaption>A restored map of the town, "
                "drawn in 1850. Photo: Sam Reed</figcaption></figure><p>" G4 "</p><figure "
                "class=\"photo\"><img src=\"/5.jpg\"><figcaption>Thank-you notes in the lobby. "
                "Photo: Jo Hale</figcaption></figure><p>" G6 "</p></article>" RELATED_EN
                FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G6 },
        .furn = { "Obituaries", "More stories", "All rights reserved" } },
    {   .name = "nested table layout: body cell split by an ad row",
        .html = HEAD_EN "<table width=\"760\" border=\"0\"><tr><td><img src=\"/logo.gif\" "
                "alt=\"Riverside Gazette\"></td></tr><tr><td><table width=\"100%\"><tr>"
                "<td width=\"140\" bgcolor=\"#eeeeee\" valign=\"top\"><a href=\"/\">Home</a><br>"
                "<a href=\"/local\">Local</a><br><a href=\"/obits\">Obituaries</a><br><a "
                "href=\"/classifieds\">Classifieds</a></td><td valign=\"top\"><table><tr><td "
                "class=\"headline\"><b>Library reopens</b></td></tr><tr><td class=\"text\">"
                "<p>" G1 "</p><p>" G2 "</p><p>" G3 "</p></td></tr><tr><td align=\"center\">"
                "<a href=\"/ad\"><img src=\"/banner.gif\" alt=\"Advertisement\"></a></td></tr>"
                "<tr><td class=\"text\"><p>" G4 "</p><p>" G5 "</p></td></tr></table></td></tr>"
                "</table></td></tr><tr><td><font size=\"1\">Copyright 2026 Riverside Gazette. "
                "All rights reserved.</font></td></tr></table>" TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Classifieds", "Obituaries", "All rights reserved" } },
    {   .name = "inline \"READ MORE:\" teaser paragraphs and a teaser card in the body",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"article-"
                "body\"><p>" G1 "</p><p><strong>READ MORE:</strong> <a href=\"/a\">Bridge "
                "repairs to close the high street</a></p><p>" G2 "</p><p>" G3 "</p><div "
                "class=\"inline-teaser\"><a href=\"/b\"><img src=\"/b.jpg\"><span class=\"kicker"
                "\">Read more</span><span class=\"title\">New bakery opens in the old post "
                "office</span></a></div><p>" G4 "</p><p><em>Read also: <a href=\"/c\">Rugby "
                "club celebrates its centenary</a></em></p><p>" G5 "</p></div></article>"
                FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "READ MORE", "Bridge repairs", "New bakery", "Rugby club",
                  "All rights reserved" } },
    {   .name = "consent wall after the body, paywall teaser over a full body",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"article-body "
                "is-locked\"><p>" G1 "</p><p>" G2 "</p><div class=\"paywall-prompt\"><h3>"
                "Subscribe to keep reading</h3><p>You have reached your limit of free "
                "articles this month. Subscribe today for unlimited access.</p><a href=\"/s\">"
                "Already a subscriber? Log in</a></div><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p>"
                "</div></article>" RELATED_EN FOOT_EN "<div id=\"consent-sdk\" role=\"dialog\" "
                "class=\"consent-banner\"><h2>We value your privacy</h2><p>We and our "
                "partners store and access information on your device, such as cookies, and "
                "process personal data such as unique identifiers and standard information "
                "sent by a device, for personalised advertising and content, advertising and "
                "content measurement, audience research and service development.</p><p>You "
                "may click to consent to our and our partners' processing as described above, "
                "or access more detailed information and change your preferences before "
                "consenting or to refuse consenting.</p><button>Accept all</button><button>"
                "Manage options</button></div>" TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Subscribe to keep", "limit of free", "Log in", "value your privacy",
                  "partners", "Accept all" } },
    {   .name = "pagination inside the body (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"article\"><h1>Sécheresse</h1><div class=\"texte\">"
                "<p>" H1 "</p><p>" H2 "</p><p>" H3 "</p><p>" H4 "</p><div class=\"pagination\">"
                "<span>Page 1 sur 3</span> <a href=\"?p=2\">2</a> <a href=\"?p=3\">3</a> "
                "<a href=\"?p=2\">Page suivante »</a></div></div></div>" RELATED_FR FOOT_FR TAIL,
        .body = { H1, H2, H3, H4 },
        .furn = { "Page 1 sur 3", "Page suivante", "Sur le même sujet", "Tous droits" } },
    {   .name = "utility classes: body in <div class=\"overflow-hidden\"> in a bare <main>",
        .html = HEAD_EN "<div class=\"sticky top-0 z-50 bg-white\">" NAV_EN "</div><div "
                "class=\"mx-auto flex max-w-7xl gap-8\"><main><div class=\"relative overflow-"
                "hidden rounded-lg\"><h1 class=\"text-4xl font-bold\">Library reopens</h1><div "
                "class=\"prose prose-lg max-w-none\"><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>"
                G4 "</p><p>" G5 "</p></div></div></main><aside class=\"hidden w-80 shrink-0 "
                "lg:block\"><h3>Trending</h3><ul><li><a href=\"/a\">Bridge repairs to close the "
                "high street</a></li><li><a href=\"/b\">New bakery opens in the old post "
                "office</a></li></ul></aside></div>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Obituaries", "Trending", "Bridge repairs", "All rights reserved" } },
    {   .name = "CSS-module class names on a server-rendered app page",
        .html = HEAD_EN "<div id=\"__next\"><header class=\"Header_header__x8Ka2\">" NAV_EN
                "</header><main class=\"Layout_main__3kd9Q\"><article class=\"Article_article"
                "__Zq1bT\"><h1 class=\"Headline_title__h7Pw0\">Library reopens</h1><div "
                "class=\"Byline_byline__0aXk1\">By Jo Hale</div><div class=\"ArticleBody_body"
                "__nP2sd\"><p class=\"Paragraph_p__Ls0bQ\">" G1 "</p><p class=\"Paragraph_p__"
                "Ls0bQ\">" G2 "</p><div class=\"AdSlot_container__Wq7Hn\"><div id=\"ad-1\">"
                "</div></div><p class=\"Paragraph_p__Ls0bQ\">" G3 "</p><p class=\"Paragraph_p__"
                "Ls0bQ\">" G4 "</p></div></article><div class=\"Recirc_recirc__K2mRa\"><h2>"
                "Read next</h2><a href=\"/a\">Bridge repairs to close the high street</a><a "
                "href=\"/b\">New bakery opens in the old post office</a></div></main>" FOOT_EN
                "</div><script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\":{"
                "\"page\":\"article\"}}</script>" TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "By Jo Hale", "Read next", "Bridge repairs", "All rights reserved" } },
    {   .name = "body only in JSON-LD articleBody, an empty app shell in the HTML",
        .html = "<html lang=\"en\"><head><title>Library reopens</title><script "
                "type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
                "\"NewsArticle\",\"headline\":\"Library reopens\",\"articleBody\":\"" G1 "\\n\\n"
                G2 "\\n\\n" G3 "\\n\\n" G4 "\"}</script></head><body><div id=\"root\"><noscript>"
                "You need to enable JavaScript to run this app.</noscript></div>" TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "enable JavaScript" } },
    {   .name = "Blogger post: post-body with <br>s, archive widgets, post footer",
        .html = HEAD_EN "<div class=\"header-outer\"><h1 class=\"title\"><a href=\"/\">"
                "Riverside Notebook</a></h1></div><div class=\"main-outer\"><div class=\"main "
                "section\" id=\"main\"><div class=\"widget Blog\" id=\"Blog1\"><div class=\"blog-"
                "posts hfeed\"><h2 class=\"date-header\"><span>Thursday, December 3, 2026</span>"
                "</h2><div class=\"post hentry\"><h3 class=\"post-title entry-title\">Library "
                "reopens</h3><div class=\"post-body entry-content\" id=\"post-body-4711\">" G1
                "<br><br>" G2 "<br><br>" G3 "<br><br>" G4 "<br></div><div class=\"post-footer\">"
                "<span class=\"post-author\">Posted by Jo Hale</span> <span class=\"post-"
                "timestamp\">at 10:32 AM</span> <span class=\"post-comment-link\">No comments:"
                "</span></div></div></div><div class=\"blog-pager\" id=\"blog-pager\"><a "
                "class=\"blog-pager-newer-link\" href=\"/n\">Newer Post</a> <a class=\"blog-"
                "pager-older-link\" href=\"/o\">Older Post</a> <a class=\"home-link\" href=\"/\">"
                "Home</a></div><div class=\"post-feeds\">Subscribe to: Post Comments (Atom)"
                "</div></div></div><div class=\"sidebar section\" id=\"sidebar\"><div class="
                "\"widget BlogArchive\"><h2>Blog Archive</h2><ul><li><a href=\"/2026\">2026 (14)"
                "</a></li><li><a href=\"/2025\">2025 (31)</a></li></ul></div><div class=\"widget "
                "Profile\"><h2>About Me</h2><p>Retired teacher writing about the town and its "
                "river since the spring of 2009, mostly on rainy afternoons.</p></div></div>"
                "</div>" TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "Posted by", "Newer Post", "Subscribe to:", "Blog Archive",
                  "Retired teacher" } },
    {   .name = "static-site blog post: e-content, tags, older/newer links",
        .html = HEAD_EN "<header class=\"site-header\"><a class=\"site-title\" href=\"/\">"
                "jo's notebook</a><nav class=\"site-nav\"><a href=\"/about/\">About</a><a "
                "href=\"/posts/\">Posts</a><a href=\"/index.xml\">RSS</a></nav></header><main "
                "class=\"page-content\" aria-label=\"Content\"><div class=\"wrapper\"><article "
                "class=\"post h-entry\" itemscope itemtype=\"http://schema.org/BlogPosting\">"
                "<header class=\"post-header\"><h1 class=\"post-title p-name\">Library reopens"
                "</h1><p class=\"post-meta\"><time class=\"dt-published\">Dec 3, 2026</time>"
                "</p></header><div class=\"post-content e-content\" itemprop=\"articleBody\">"
                "<p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>" G5 "</p></div><ul class=\"post-"
                "tags\"><li><a href=\"/tags/floods/\">#floods</a></li><li><a href=\"/tags/"
                "library/\">#library</a></li></ul><nav class=\"pagination\"><a class=\"prev\" "
                "href=\"/p/\">← Bridge repairs to close the high street</a><a class=\"next\" "
                "href=\"/n/\">New bakery opens in the old post office →</a></nav></article>"
                "</div></main><footer class=\"site-footer\"><p>Subscribe via RSS · Built with "
                "a static site generator</p></footer>" TAIL,
        .body = { G1, G2, G3, G5 },
        .furn = { "#floods", "Bridge repairs", "New bakery", "Built with" } },
    {   .name = "site-builder blocks: body split over html blocks with image blocks",
        .html = HEAD_EN "<header id=\"header\"><div class=\"header-nav\">" NAV_EN "</div>"
                "</header><main id=\"page\" role=\"main\"><article class=\"entry hentry\"><div "
                "class=\"blog-item-title\"><h1>Library reopens</h1></div><div class=\"blog-item-"
                "content e-content\"><div class=\"sqs-layout sqs-grid-12 columns-12\"><div "
                "class=\"row sqs-row\"><div class=\"col sqs-col-12 span-12\"><div class=\"sqs-"
                "block html-block sqs-block-html\"><div class=\"sqs-block-content\"><p>" G1
                "</p><p>" G2 "</p></div></div><div class=\"sqs-block image-block sqs-block-"
                "image\"><div class=\"sqs-block-content\"><img src=\"/i.jpg\"></div></div><div "
                "class=\"sqs-block html-block sqs-block-html\"><div class=\"sqs-block-content\">"
                "<p>" G3 "</p><p>" G4 "</p></div></div><div class=\"sqs-block html-block sqs-"
                "block-html\"><div class=\"sqs-block-content\"><p>" G6 "</p></div></div></div>"
                "</div></div></div></article><section class=\"item-pagination\"><a href=\"/p\">"
                "Previous Bridge repairs to close the high street</a></section></main>"
                FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G6 },
        .furn = { "Obituaries", "Bridge repairs", "All rights reserved" } },
    {   .name = "\"Story continues below advertisement\" lines between paragraphs",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"story\"><p>"
                G1 "</p><p>" G2 "</p><p class=\"ad-notice\">Story continues below "
                "advertisement</p><div class=\"ad\"></div><p>" G3 "</p><p>" G4 "</p><p>Story "
                "continues below advertisement</p><p>" G5 "</p></div></article>" RELATED_EN
                FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "continues below", "More stories", "All rights reserved" } },
    {   .name = "« La suite après cette publicité » entre les paragraphes (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>Sécheresse</h1><div class=\"article-texte\"><p>"
                H1 "</p><p>" H2 "</p><div class=\"pub\"><p>La suite après cette publicité</p>"
                "</div><p>" H3 "</p><p>" H4 "</p><p>" H5 "</p></div></article>" RELATED_FR
                FOOT_FR TAIL,
        .body = { H1, H2, H3, H4, H5 },
        .furn = { "publicité", "Sur le même sujet", "Tous droits" } },
    {   .name = "corps en JSON-LD seulement, échappements \\u et \\\" (fr)",
        .html = "<html lang=\"fr\"><head><title>Sécheresse</title><script type=\"application/"
                "ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\": \"La pr\\u00e9fecture a "
                "plac\\u00e9 mercredi l'ensemble du d\\u00e9partement en alerte s\\u00e9cheresse "
                "renforc\\u00e9e, apr\\u00e8s un \\u00e9t\\u00e9 sans la moindre pluie "
                "significative.\\n" H2 " \\\"Nous n'avons pas le choix\\\", dit le pr\\u00e9fet."
                "\\n" H3 "\",\"author\":{\"name\":\"Claire Martin\"}}</script></head><body><div "
                "id=\"app\"><p>Chargement…</p></div>" TAIL,
        .body = { H1, H2 " \"Nous n'avons pas le choix\", dit le préfet.", H3 },
        .furn = { "Claire Martin", "Chargement", "\\u00e9", "@type" } },
    {   .name = "JSON-LD articleBody holding HTML markup",
        .html = "<html lang=\"en\"><head><title>Library reopens</title><script type=\"application/"
                "ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"<p>" G1 "</p><p>" G2
                " <a href=\\\"/x\\\">Details</a> here.</p><p>" G3 "<br>" G4 "</p>\"}</script>"
                "</head><body><div id=\"root\"></div>" TAIL,
        .body = { G1, G2 " Details here.", G3, G4 },
        .furn = { "<p>", "href", "<br>" } },
    {   .name = "JSON-LD articleBody with its markup escaped (\\u003c) and a surrogate pair",
        .html = "<html lang=\"en\"><head><title>Library reopens</title><script type=\"application/"
                "ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"\\u003cp\\u003e" G1
                "\\u003c/p\\u003e\\u003cp\\u003e" G2 " \\ud83d\\udcda\\u003c/p\\u003e\\u003cp\\u003e"
                G3 "\\u003c/p\\u003e\"}</script></head><body><div id=\"root\"></div>" TAIL,
        .body = { G1, G2 " \xf0\x9f\x93\x9a", G3 },
        .furn = { "<p>", "u003c", "\\ud83d" } },
    {   .name = "a broken JSON-LD string: bad escapes, lone surrogate, no closing quote",
        .html = "<html lang=\"en\"><head><title>Library reopens</title><script type=\"application/"
                "ld+json\">{\"articleBody\":\"" G1 "\\n" G2 " \\u00zz \\uD800 \\u0000 x\\n" G3
                "\\</script></head><body><div id=\"root\"></div>" TAIL,
        .body = { G1, G2, G3 },
        .furn = { "\\u", "articleBody" } },
    {   .name = "a full HTML body is kept over a shorter JSON-LD articleBody",
        .html = "<html lang=\"en\"><head><title>Library reopens</title><script type=\"application/"
                "ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"" G1 "\"}</script></head>"
                "<body>" NAV_EN "<article><h1>Library reopens</h1><p>" G1 "</p><p>" G2 "</p><p>"
                G3 "</p></article>" FOOT_EN TAIL,
        .body = { G1, G2, G3 },
        .furn = { "Obituaries", "NewsArticle", "All rights reserved" } },
    {   .name = "WordPress page-builder columns: post content in nested widget containers",
        .html = HEAD_EN "<div data-elementor-type=\"header\" class=\"elementor elementor-"
                "location-header\"><section class=\"elementor-section\"><div class=\"elementor-"
                "container\"><div class=\"elementor-widget elementor-widget-nav-menu\"><div "
                "class=\"elementor-widget-container\">" NAV_EN "</div></div></div></section></div>"
                "<div data-elementor-type=\"single-post\" class=\"elementor elementor-location-"
                "single post-812 post type-post\"><section class=\"elementor-section elementor-"
                "top-section\"><div class=\"elementor-container elementor-column-gap-default\">"
                "<div class=\"elementor-column elementor-col-66\"><div class=\"elementor-widget-"
                "wrap\"><div class=\"elementor-widget elementor-widget-theme-post-title\"><div "
                "class=\"elementor-widget-container\"><h1 class=\"elementor-heading-title\">"
                "Library reopens</h1></div></div><div class=\"elementor-widget elementor-widget-"
                "theme-post-content\"><div class=\"elementor-widget-container\"><p>" G1 "</p><p>"
                G2 "</p><p>" G3 "</p><p>" G4 "</p></div></div><div class=\"elementor-widget "
                "elementor-widget-share-buttons\"><div class=\"elementor-widget-container\"><a>"
                "Share on Facebook</a><a>Share on LinkedIn</a></div></div></div></div><div "
                "class=\"elementor-column elementor-col-33\"><div class=\"elementor-widget-wrap\">"
                "<div class=\"elementor-widget elementor-widget-posts\"><div class=\"elementor-"
                "widget-container\"><h3>Latest posts</h3><article class=\"elementor-post\"><h3>"
                "<a href=\"/a\">Bridge repairs to close the high street</a></h3><div class="
                "\"elementor-post__excerpt\"><p>The works will take the whole of January and "
                "divert the buses.</p></div></article></div></div></div></div></div></section>"
                "</div>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "Share on", "Latest posts", "Bridge repairs", "divert the buses",
                  "All rights reserved" } },
    {   .name = "block-editor post: groups, columns, pull quote and a drop cap",
        .html = HEAD_EN NAV_EN "<main class=\"wp-block-group\"><h1 class=\"wp-block-post-"
                "title\">Library reopens</h1><div class=\"entry-content wp-block-post-content\">"
                "<p class=\"has-drop-cap\">" G1 "</p><div class=\"wp-block-columns\"><div "
                "class=\"wp-block-column\"><p>" G2 "</p></div><div class=\"wp-block-column\"><p>"
                G3 "</p></div></div><figure class=\"wp-block-pullquote\"><blockquote><p>Nobody "
                "wants to carry picture books out of a flood again.</p><cite>The head librarian"
                "</cite></blockquote></figure><p>" G4 "</p><div class=\"wp-block-group has-"
                "background\"><p>" G5 "</p></div></div><div class=\"wp-block-group post-meta\">"
                "<div class=\"wp-block-post-terms\"><a href=\"/t\">Floods</a>, <a href=\"/u\">"
                "Libraries</a></div></div></main>" WIDGETS_EN FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Recent Posts", "Archives", "All rights reserved" } },
    {   .name = "an author box and a newsletter sign-up after the body",
        .html = HEAD_EN NAV_EN "<article class=\"post\"><h1>Library reopens</h1><div "
                "class=\"post-content\"><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>" G4 "</p>"
                "</div><div class=\"author-box\"><img src=\"/jo.jpg\"><h4>About the author</h4>"
                "<p>Jo Hale has covered the town and its council for the Gazette since 2014, "
                "and before that reported on farming for a regional weekly.</p></div><div "
                "class=\"newsletter-signup\"><h4>Get the morning briefing</h4><p>Sign up to "
                "receive the day's local headlines in your inbox every weekday at seven.</p>"
                "<form><input type=\"email\"><button>Sign up</button></form></div></article>"
                RELATED_EN FOOT_EN TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "About the author", "covered the town", "morning briefing",
                  "in your inbox", "More stories" } },
    {   .name = "article réservé aux abonnés : bandeau au milieu, texte entier présent (fr)",
        .html = HEAD_FR "<header>" NAV_FR "</header><article class=\"article\"><span "
                "class=\"badge-abonne\">Abonnés</span><h1>Sécheresse</h1><div class=\"article-"
                "corps\"><p>" H1 "</p><p>" H2 "</p><div class=\"paywall-banner\"><p>Cet article "
                "est réservé aux abonnés. Profitez de notre offre découverte à 1 € le premier "
                "mois.</p><p><a href=\"/abo\">Je m'abonne</a> Déjà abonné ? <a href=\"/login\">"
                "Se connecter</a></p></div><div class=\"reserve\"><p>" H3 "</p><p>" H4 "</p><p>"
                H5 "</p></div></div></article>" RELATED_FR FOOT_FR TAIL,
        .body = { H1, H2, H3, H4, H5 },
        .furn = { "réservé aux abonnés", "offre découverte", "Déjà abonné", "Se connecter",
                  "Sur le même sujet" } },
    {   .name = "a bare <main> with bare <div>s and <section>s, no class anywhere",
        .html = HEAD_EN "<div><div><a href=\"/\">Home</a> <a href=\"/local\">Local</a> <a "
                "href=\"/obits\">Obituaries</a></div></div><main><div><h1>Library reopens</h1>"
                "<div>By Jo Hale · 3 December 2026</div></div><section><p>" G1 "</p><p>" G2
                "</p></section><section><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p></section></main>"
                "<div><div><h3>More stories</h3><a href=\"/a\">Bridge repairs to close the high "
                "street</a><br><a href=\"/b\">New bakery opens in the old post office</a></div>"
                "<div>© 2026 The Riverside Gazette. All rights reserved.</div></div>" TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Obituaries", "More stories", "Bridge repairs", "All rights reserved" } },
    {   .name = "légendes et crédits photo entre les paragraphes (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>Sécheresse</h1><div class=\"contenu\"><p>" H1
                "</p><figure><img src=\"/1.jpg\"><figcaption>Le lit de la rivière à sec, "
                "mardi. <span class=\"credit\">Crédit photo : Claire Martin</span></figcaption>"
                "</figure><p>" H2 "</p><p>" H3 "</p><figure><img src=\"/2.jpg\"><figcaption>Un "
                "agriculteur devant son puits. <span class=\"credit\">Photo Claire Martin"
                "</span></figcaption></figure><p>" H4 "</p><p>" H5 "</p></div></article>"
                RELATED_FR FOOT_FR TAIL,
        .body = { H1, H2, H3, H4, H5 },
        .furn = { "Crédit photo", "Sur le même sujet", "Tous droits" } },
    {   .name = "liste en <ol> de paragraphes entiers, lien « Lire la suite » (fr)",
        .html = HEAD_FR NAV_FR "<div class=\"post-content\"><h1>Cinq mesures contre la "
                "sécheresse</h1><p>" H1 "</p><ol><li><p>" H2 "</p></li><li><p>" H3 "</p></li>"
                "<li><p>" H4 "</p></li><li><p>" H5 "</p></li></ol><p><a href=\"/suite\">Lire la "
                "suite</a></p></div><div class=\"tags\">Mots-clés : <a href=\"/t\">eau</a>, <a "
                "href=\"/u\">agriculture</a></div>" RELATED_FR FOOT_FR TAIL,
        .body = { H1, H2, H3, H4, H5 },
        .furn = { "Lire la suite", "Mots-clés", "Sur le même sujet", "Tous droits" } },
    {   .name = "live blog with key events and a pinned post",
        .html = HEAD_EN NAV_EN "<main><h1>Library reopens: live</h1><div class=\"key-events\">"
                "<h3>Key events</h3><ul><li><a href=\"#p1\">Doors open</a></li><li><a href=\"#p2\">"
                "Mayor speaks</a></li></ul><button>Show key events only</button></div><div "
                "class=\"live-feed\"><div class=\"live-post pinned\" id=\"p0\"><span>Pinned post"
                "</span><p>" G6 "</p></div><div class=\"live-post\" id=\"p2\"><time>11:02</time>"
                "<p>" G3 "</p></div><div class=\"live-post\" id=\"p1\"><time>09:00</time><p>" G1
                "</p><p>" G2 "</p></div></div></main>" RELATED_EN FOOT_EN TAIL,
        .body = { G6, G3, G1, G2 },
        .furn = { "Key events", "Show key events", "More stories", "All rights reserved" } },
    {   .name = "a short post above recommendation cards that outweigh it",
        .html = HEAD_EN NAV_EN "<div class=\"entry\"><h1>Library reopens</h1><p>" G1 "</p><p>"
                G2 "</p></div><div class=\"recommended\"><h3>Recommended for you</h3>"
                "<div class=\"card\"><a href=\"/a\"><h4>Bridge works</h4></a><p>" H1 "</p></div>"
                "<div class=\"card\"><a href=\"/b\"><h4>Watering ban</h4></a><p>" H2 "</p></div>"
                "<div class=\"card\"><a href=\"/c\"><h4>Farm water</h4></a><p>" H3 "</p></div>"
                "<div class=\"card\"><a href=\"/d\"><h4>Low wells</h4></a><p>" H4 "</p></div>"
                "</div>" FOOT_EN TAIL,
        .body = { G1, G2 },
        .furn = { "Recommended for", "Bridge works", "préfecture", "arrosage", "nappes" } },
    {   .name = "a related-article card with a full sentence inside the body",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"article__content"
                "\"><p>" G1 "</p><p>" G2 "</p><aside class=\"related-article\"><a href=\"/a\">"
                "<h4>Bridge repairs to close the high street</h4><p>The council says the works "
                "will take the whole of January and that the buses will be diverted.</p></a>"
                "</aside><p>" G3 "</p><p>" G4 "</p></div></article>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "Bridge repairs", "buses will be diverted", "All rights reserved" } },
    {   .name = "the next story loaded below the first (infinite scroll)",
        .html = HEAD_EN NAV_EN "<div class=\"stories\"><article class=\"story\" data-id=\"1\">"
                "<h1>Library reopens</h1><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p><p>" G4 "</p>"
                "<p>" G5 "</p></article><div class=\"next-story-label\">Next story</div>"
                "<article class=\"story next-story\" data-id=\"2\"><h2>Bridge repairs to close "
                "the high street</h2><p>Repairs to the old stone bridge will close the high "
                "street to traffic for the whole of January, the council said on Friday.</p>"
                "<p>Buses will be diverted through the industrial estate, adding about ten "
                "minutes to the journey into town during the morning rush.</p></article></div>"
                FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Next story", "stone bridge", "industrial estate", "All rights reserved" } },
    {   .name = "the next story loaded below, longer than the page's own",
        .html = HEAD_EN NAV_EN "<main class=\"feed\"><article class=\"story\"><header><h1>Library "
                "reopens</h1></header><p>" G1 "</p><p>" G2 "</p><p>" G3 "</p></article>"
                "<article class=\"story\"><header><h2>Drought alert</h2></header><p>" H1 "</p>"
                "<p>" H2 "</p><p>" H3 "</p><p>" H4 "</p><p>" H5 "</p></article></main>"
                FOOT_EN TAIL,
        .body = { G1, G2, G3 },
        .furn = { "Drought alert", "préfecture", "nappes", "All rights reserved" } },
    {   .name = "a correction note and an editor's note are part of the article",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"story-body\">"
                "<p><em>Editor's note: this story was updated on Friday with the library's "
                "new opening hours.</em></p><p>" G1 "</p><p>" G2 "</p><p>" G5 "</p><p "
                "class=\"correction\"><strong>Correction:</strong> An earlier version of this "
                "story misstated the number of books saved; it was nearly eight thousand.</p>"
                "</div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { "Editor's note: this story was updated", G1, G2, G5,
                  "Correction: An earlier version of this story misstated" },
        .furn = { "More stories", "All rights reserved" } },
    {   .name = "body wrapper with responsive-hiding and print classes",
        .html = HEAD_EN "<div class=\"d-none d-lg-block\">" NAV_EN "</div><div class=\"row\">"
                "<div class=\"col-md-8 hidden-print-no d-print-block\"><h1>Library reopens</h1>"
                "<div class=\"article-text d-none d-sm-block\"><p>" G1 "</p><p>" G2 "</p><p>" G3
                "</p><p>" G4 "</p></div></div><div class=\"col-md-4 hidden-xs hidden-sm\">"
                RELATED_EN "</div></div>" FOOT_EN TAIL,
        .body = { G1, G2, G3, G4 },
        .furn = { "More stories", "All rights reserved" } },
    {   .name = "a body collapsed by its style, with a \"Read full story\" button",
        .html = HEAD_EN NAV_EN "<article><h1>Library reopens</h1><div class=\"article-body "
                "is-truncated\" style=\"max-height:320px;overflow:hidden\"><p>" G1 "</p><p>" G2
                "</p><p>" G3 "</p><p>" G4 "</p><p>" G5 "</p></div><div class=\"expand\"><a "
                "href=\"#\">Read full story</a></div></article>" RELATED_EN FOOT_EN TAIL,
        .body = { G1, G2, G3, G4, G5 },
        .furn = { "Read full story", "More stories", "All rights reserved" } },
    {   .name = "commentaires plus longs que l'article, « Réagir » (fr)",
        .html = HEAD_FR NAV_FR "<article><h1>Sécheresse</h1><p>" H1 "</p><p>" H2 "</p><p>" H3
                "</p></article><div id=\"reactions\" class=\"reactions\"><h3>Réagir (3)</h3>"
                "<div class=\"reaction\"><b>Pierrot63</b><p>Chez nous le puits est à sec depuis "
                "juillet et personne en mairie ne semble s'en soucier, c'est vraiment "
                "désolant de voir le village abandonné ainsi.</p></div><div class=\"reaction\">"
                "<b>Marie-Jo</b><p>Les golfs continuent d'arroser tous les soirs pendant qu'on "
                "interdit aux particuliers de remplir un arrosoir, où est la logique dans tout "
                "cela, je vous le demande bien.</p></div><div class=\"reaction\"><b>JP</b><p>Il "
                "faudrait enfin construire des retenues d'eau comme le réclament les paysans "
                "depuis des années, au lieu de toujours attendre la prochaine crise.</p></div>"
                "<form><textarea>Votre commentaire</textarea></form></div>" FOOT_FR TAIL,
        .body = { H1, H2, H3 },
        .furn = { "Réagir", "Pierrot63", "puits est à sec", "golfs", "retenues d'eau",
                  "Tous droits" } },
    {   .name = "vieux site : corps dans une cellule, « Haut de page » et « Retour » (fr)",
        .html = HEAD_FR "<table border=\"0\" cellpadding=\"4\"><tr><td bgcolor=\"#003366\">"
                "<font color=\"white\"><b>L'Écho du Plateau</b></font></td></tr><tr><td><a "
                "href=\"/\">Accueil</a> | <a href=\"/agenda\">Agenda</a> | <a href=\"/archives\">"
                "Archives</a></td></tr><tr><td><font face=\"Verdana\" size=\"2\"><b>Sécheresse"
                "</b><br><i>mercredi 2 décembre 2026</i><br><br>" H1 "<br><br>" H2 "<br><br>" H3
                "<br><br>" H4 "<br><br><a href=\"javascript:history.back()\">Retour</a> | <a "
                "href=\"#top\">Haut de page</a></font></td></tr></table>" TAIL,
        .body = { H1, H2, H3, H4 },
        .furn = { "Archives", "Retour", "Haut de page" } },
};

START_TEST (test_layout)
{
    s_check_layout (&s_cases [_i]);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_layouts2");
    TCase *tc = tcase_create ("layouts");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_layout, 0, (int) (sizeof s_cases / sizeof s_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_layouts2");
    return dp_test_run (s_suite ());
}
