//  Unit tests of the clean stage: table-driven cases for HTML (boilerplate,
//  metadata, normalisation, invalid UTF-8 and binary input in a line each).
//  Scraped text's cases are in test_clean_text.c, input from hell and the
//  rules file loader in test_clean_bad.c, visibility and container
//  decisions in test_clean_seen.c. All inputs are written here; nothing is
//  read from outside the repository.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean_case.h"
#include "test_run.h"

//  ==========================================================================
//  HTML
//  ==========================================================================

static const s_case_t s_html_cases [] = {
    {   .name = "itemprop is a list: \"dateCreated datePublished\" is a publication date",
        .input = "<html><body><article><h1>Les ponts au crible</h1>"
                 "<span itemprop=\"dateCreated datePublished\" content=\"2024-03-05\"></span>"
                 "<p>" PARA1 "</p><p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 },
        .published = "2024-03-05" },
    {   .name = "article page with chrome around it",
        .input =
            "<!DOCTYPE html><html lang=\"fr-FR\"><head><meta charset=\"utf-8\">"
            "<title>Les ponts au crible - Le Quotidien</title>"
            "<meta property=\"og:title\" content=\"Les ponts du pays au crible\">"
            "<meta property=\"article:published_time\" content=\"2024-03-05T10:12:00+01:00\">"
            "<meta name=\"keywords\" content=\"ponts, sécurité, loi\">"
            "<style>body{color:red}</style><script>var x = '<p>faux</p>';</script></head>"
            "<body><header><a href=/>Accueil</a> Le Quotidien</header>"
            "<nav><ul><li><a href=/a>International</a></li><li><a href=/b>Économie</a></li></ul></nav>"
            "<div class=\"cookie-banner\">Nous utilisons des cookies pour améliorer votre expérience.</div>"
            "<main><article><h1 class=\"header-title\">Les ponts du pays au crible</h1>"
            "<div class=\"share-buttons\">Partager Facebook Twitter</div>"
            "<p>" PARA1 "</p><p>" PARA2 "</p>"
            "<h2>Un calendrier serré</h2>"
            "<div class=\"shadow\"><p>" PARA3 "<br>Deuxième ligne du même bloc, bien visible "
            "dans le texte final de l'article.</p></div>"
            "<ul class=\"links\"><li><a href=/1>Un autre article sur les ponts</a></li>"
            "<li><a href=/2>Le prix du blé recule encore</a></li>"
            "<li><a href=/3>Grève dans les transports</a></li></ul>"
            "<div class=\"ad-slot\">Publicité pour une voiture électrique à crédit.</div>"
            "</article></main>"
            "<aside>Les plus lus de la semaine dans la rubrique Société.</aside>"
            "<footer>© 2024 Le Quotidien. Tous droits réservés.</footer>"
            "<script>document.write('x')</script></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\nUn calendrier serré\n\n" PARA3
                 "\n\nDeuxième ligne du même bloc" },
        .hasnt = { "Accueil", "International", "cookies", "Partager", "faux", "Publicité",
                   "plus lus", "Tous droits" },
        .title = "Les ponts du pays au crible",
        .published = "2024-03-05",
        .lang = "fr",
        .tags = { "ponts", "sécurité", "loi" } },
    {   .name = "title from <title> without the site suffix, date from <time>",
        .input = "<html><head><title>Le prix du blé recule | Agri Matin</title></head><body>"
                 "<p><time datetime=\"2023-09-19\">19 septembre</time></p>"
                 "<p>" PARA1 "</p></body></html>",
        .rc = DP_OK,
        .title = "Le prix du blé recule",
        .published = "2023-09-19" },
    {   .name = "h1 title, itemprop date, JSON-LD ignored when itemprop set",
        .input = "<html><body><h1>Grève dans les transports</h1>"
                 "<span itemprop=\"datePublished\" content=\"2022-11-02\"></span>"
                 "<script type=\"application/ld+json\">{\"datePublished\": \"2021-01-01\"}</script>"
                 "<p>" PARA2 "</p></body></html>",
        .rc = DP_OK,
        .hasnt = { "Grève" },
        .title = "Grève dans les transports",
        .published = "2022-11-02" },
    {   .name = "JSON-LD date",
        .input = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                 "\"datePublished\" : \"2020-02-29T08:00:00Z\"}</script></head><body>"
                 "<p>" PARA3 "</p></body></html>",
        .rc = DP_OK,
        .published = "2020-02-29" },
    {   .name = "<article> preferred over page noise",
        .input = "<html><body><div>Texte de promotion sans lien qui ne fait pas partie de "
                 "l'article et qui parle d'autre chose que des ponts du pays.</div>"
                 "<article><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></article>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { PARA1 },
        .hasnt = { "promotion" } },
    {   .name = "windows-1252 bytes without a charset",
        .input = "<html><body><p>Le pr\xE9sident a parl\xE9 longuement devant l'assembl\xE9"
                 "e r\xE9unie en session extraordinaire, \xAB hier soir \xBB.</p></body></html>",
        .rc = DP_OK,
        .has = { "Le président a parlé longuement", "« hier soir »" } },
    {   .name = "declared iso-8859-1",
        .input = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                 "charset=iso-8859-1\"></head><body><p>\xC0 l'\xE9t\xE9, les \xE9lus "
                 "ont vot\xE9 le budget de la r\xE9gion apr\xE8s un long d\xE9" "bat.</p></body></html>",
        .rc = DP_OK,
        .has = { "À l'été, les élus ont voté le budget" } },
    {   .name = "UTF-8 page with one broken byte",
        .input = "<html><head><meta charset=\"utf-8\"></head><body><p>Le député a été "
                 "réélu à l'unanimité \xFF après un débat très animé à l'assemblée.</p>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "Le député a été réélu", "\xEF\xBF\xBD" },
        .repaired = true },
    {   .name = "unclosed tags everywhere",
        .input = "<html><body><div><p>" PARA1 "<p>" PARA2 "<div><b><i>" PARA3,
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 } },
    {   .name = "script-only page",
        .input = "<html><head><script>var a = 1;</script></head><body><script>"
                 "document.write('<p>bonjour</p>');</script><noscript>Activez JavaScript"
                 "</noscript></body></html>",
        .rc = DP_DEAD, .error = "no text after cleaning" },
    {   .name = "binary garbage",
        .input = S_PNG, .len = sizeof S_PNG - 1,
        .rc = DP_DEAD, .error = "binary content" },
    {   .name = "empty page",
        .input = "",
        .rc = DP_DEAD },
    {   .name = "lone bracket",
        .input = "<",
        .rc = DP_DEAD },
    {   .name = "plain text given as HTML",
        .input = PARA1,
        .rc = DP_OK,
        .has = { PARA1 } },
    {   .name = "wrapper with a misleading class name still yields text",
        .input = "<html><body><div class=\"layout sidebar\"><p>" PARA1 "</p></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 } },
    {   .name = "article body split in two blocks of the same class around a figure",
        .input = "<html><body><div class=\"promo-box\">Offre spéciale du jour.</div>"
                 "<div class=\"post-content\"><p>" PARA1 "</p></div>"
                 "<figure><img src=\"a.jpg\"><figcaption>Le pont de la vallée.</figcaption></figure>"
                 "<div class=\"post-content\"><p>" PARA2 "</p><p>" PARA3 "</p>"
                 "<p>Les travaux commenceront par les ouvrages les plus anciens.</p></div>"
                 "<div class=\"more\"><p>Un texte de bas de page qui parle d'autre chose "
                 "que de ponts et qui ne doit pas venir.</p></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Offre", "vallée.", "bas de page" } },
    {   .name = "lines repeated inside the body are kept, a repeated teaser is not",
        .input = "<html><body><article><p>" PARA1 "</p>"
                 "<p>Portion du matin : un bol de riz complet</p><p>" PARA2 "</p>"
                 "<p>Portion du matin : un bol de riz complet</p><p>" PARA3 "</p></article>"
                 "<div class=\"teasers\"><p><a href=/x>Le prix du blé recule encore une fois</a></p>"
                 "<p><a href=/x>Le prix du blé recule encore une fois</a></p></div>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "riz complet\n\n" PARA2 "\n\nPortion du matin : un bol de riz complet\n\n"
                 PARA3 },
        .hasnt = { "prix du" } },
    {   .name = "captions and credits dropped",
        .input = "<html><body><article><p>" PARA1 "</p>"
                 "<div class=\"image-caption\">Le ministre devant le pont effondré, mardi.</div>"
                 "<span class=\"photo-credit\">Photo Agence Tartempion</span>"
                 "<p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "effondré, mardi", "Tartempion" } },
    {   .name = "embedded post kept, embed caption and ad container dropped",
        .input = "<html><body><article><p>" PARA1 "</p>"
                 "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\">"
                 "<p>Le pont est fermé depuis ce matin, prudence sur la route des crêtes.</p>"
                 "</blockquote></div>"
                 "<div class=\"imageEmbedCaption\">Légende de la photo du pont.</div>"
                 "<div class=\"ad-container\">Continuez votre lecture après ce message.</div>"
                 "<p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { "Le pont est fermé depuis ce matin", PARA2 },
        .hasnt = { "Légende", "Continuez" } },
    {   .name = "a body sentence half made of links stays, a link list does not",
        .input = "<html><body><article><p>Le <a href=/a>gouvernement</a> a présenté mardi "
                 "<a href=/b>un projet de loi sur la sécurité des ponts</a>, selon "
                 "le communiqué.</p><p>" PARA1 "</p><p>" PARA2 "</p>"
                 "<p><a href=/d>Les ponts du pays</a> <a href=/e>La loi votée</a> "
                 "<a href=/f>Le calendrier des travaux</a></p><p>" PARA3 "</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { "Le gouvernement a présenté mardi un projet de loi sur la sécurité des "
                 "ponts, selon le communiqué." },
        .hasnt = { "La loi votée" } },
    {   .name = "hover card of links inside a sentence removed, sentence kept",
        .input = "<html><body><article><p>Le texte a été défendu par la députée "
                 "<span class=\"card\"><a href=/p>Marie Durand</a><span class=\"pop\">"
                 "<img src=p.jpg><a href=/1>Marie Durand</a><a href=/2>Tous ses articles</a>"
                 "<a href=/3>Sa fiche</a></span></span> devant la commission des lois.</p>"
                 "<p>" PARA1 "</p><p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { "Le texte a été défendu par la députée Marie Durand devant la commission "
                 "des lois." },
        .hasnt = { "Tous ses articles", "Sa fiche" } },
    {   .name = "layout name around headline and text kept, the sidebar dropped",
        .input = "<html><body><div class=\"panel one-sidebar-second\">"
                 "<div class=\"main\"><h1>Les ponts au crible</h1><p>" PARA1 "</p><p>" PARA2
                 "</p><p>" PARA3 "</p></div>"
                 "<div class=\"sidebar-second\"><p>Texte de la colonne de droite sur un tout "
                 "autre sujet, avec une phrase complète.</p></div></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "colonne de droite" } },
    {   .name = "misnamed wrapper holding the text kept, comments dropped",
        .input = "<html><body><div class=\"share-zone\"><div class=\"text\"><p>" PARA1 "</p><p>"
                 PARA2 "</p><p>" PARA3 "</p></div></div>"
                 "<div class=\"widget\"><p>Inscrivez-vous à notre programme de fidélité.</p></div>"
                 "<div class=\"comments\"><p>Un commentaire de lecteur qui est assez long pour "
                 "ressembler à un vrai paragraphe d'article, avec une phrase complète.</p></div>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "fidélité", "commentaire" } },
    {   .name = "inline image does not cut a paragraph",
        .input = "<html><body><p>Le gouvernement a présenté mardi <img src=x.png> un projet "
                 "de loi sur la sécurité des ponts et des tunnels du pays.</p></body></html>",
        .rc = DP_OK,
        .has = { "présenté mardi un projet de loi" } },
    {   .name = "ad labels in several languages, credit lines",
        .input = "<html><body><article><p>" PARA1 "</p><p>Advert</p><p>Anzeige</p>"
                 "<p>- Publicité -</p><p>Photo : Archives du ministère</p>"
                 "<p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Advert", "Anzeige", "Publicité", "Archives" } },
    {   .name = "NFC on non-Latin text, inert text untouched",
        .input = "<html><body><p>Ре\xD0\xB8\xCC\x86тинг и Кана: \xE3\x81\x8B\xE3\x82\x99 "
                 "東京の橋 ― l\xE2\x80\x99" "été « ici » 5 €.</p></body></html>",
        .rc = DP_OK,
        .has = { "Рейтинг и Кана: \xE3\x81\x8C 東京の橋 ― l\xE2\x80\x99" "été « ici » 5 €." } },
    {   .name = "hidden elements dropped",
        .input = "<html><body><p>" PARA1 "</p><div hidden>Texte caché numéro un</div>"
                 "<div style=\"display: none\">Texte caché numéro deux</div>"
                 "<p aria-hidden=\"true\">Texte caché numéro trois</p></body></html>",
        .rc = DP_OK,
        .hasnt = { "caché" } },
    //  Script and style bodies, comments and the attribute values that clean
    //  does not read are cut before the parse (s_lean): the same results.
    {   .name = "raw bodies, comments and attribute values cut, text unchanged",
        .input = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x.dtd\">"
                 "<html><head><title>Le prix du blé recule | Agri Matin</title>"
                 "<style>p{color:red}</STYLE><script>var s = '</p><p>fuite un';</SCRIPT >"
                 "</head><body><!-- <script>fuite deux</script> --><article>"
                 "<p title=\"<script>fuite trois</script>\" data-x='<!--'>" PARA1 "</p>"
                 "<script>document.write (\"<p>fuite quatre</p>\")</script>"
                 "<a href=\"/x\" class=\"lien\">" PARA2 "</a><!-- x --!><p>" PARA3 "</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { PARA1, PARA3 },
        .hasnt = { "fuite", "<" },
        .title = "Le prix du blé recule" },
    {   .name = "JSON-LD kept whatever the case of its type, next to a cut script",
        .input = "<html><head><script src=\"a.js\">var d = \"datePublished\";</script>"
                 "<script src=\"b.js\" type=\"Application/LD+JSON\">{\"datePublished\": "
                 "\"2021-05-06\"}</script></head><body><p>" PARA1 "</p></body></html>",
        .rc = DP_OK,
        .published = "2021-05-06" },
    {   .name = "title of an h1 holding a script read from the page as it was",
        .input = "<html><body><h1>Grève dans les transports<script>;</script></h1>"
                 "<p>" PARA2 "</p></body></html>",
        .rc = DP_OK,
        .title = "Grève dans les transports;" },
    {   .name = "unclosed comment swallows the rest of the page",
        .input = "<html><body><p>" PARA1 "</p><!-- <p>fuite</p><script>x</script>",
        .rc = DP_OK,
        .has = { PARA1 },
        .hasnt = { "fuite" } },
    {   .name = "script whose body opens with a tag",
        .input = "<html><body><script><p>fuite</p></script><p>" PARA1 "</p>"
                 "<style></style><script></script><p>" PARA2 "</p></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "fuite" } },
    {   .name = "text after an early </body>",
        .input = "<html><head><title>Les ponts</title></head><body><p>Menu</p></body>"
                 "<table><tr><td><p>" PARA1 "</p><p>" PARA2 "</p></td></tr></table></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 } },
    {   .name = "last paragraph of the article that trails off",
        .input = "<html><body><article><h1>Les ponts</h1><p>" PARA1 "</p><p>" PARA2 "</p>"
                 "<p>Reste à savoir si les crédits promis arriveront à temps dans les "
                 "communes, et si les entreprises auront les bras nécessaires…</p></article>"
                 "<div><p>Un pont neuf à Lyon</p><p>La ville inaugure un ouvrage...</p></div>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { PARA2 "\n\nReste à savoir si les crédits promis" },
        .hasnt = { "Lyon", "inaugure" } },
    {   .name = "of several <article>s, the one holding the headline",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p><p>" PARA2
                 "</p></article><article class=\"more\"><h2>Nos lecteurs ont aussi lu</h2>"
                 "<p>Le marché de Noël de Strasbourg ouvre ses portes avec deux cents chalets "
                 "et une grande roue installée place Kléber pour tout le mois.</p>"
                 "<p>La station de Chamrousse annonce une saison de ski plus longue grâce aux "
                 "chutes de neige précoces tombées sur le massif de Belledonne.</p>"
                 "<p>Un restaurant lyonnais décroche sa troisième étoile et devient la table "
                 "la plus récompensée de la région selon le guide publié lundi.</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Strasbourg", "Chamrousse", "lyonnais" } },
    {   .name = "live-blog entries named comment are the article",
        .input = "<html><head><script type=\"application/ld+json\">{\"@type\": "
                 "\"LiveBlogPosting\", \"datePublished\": \"2024-03-05\"}</script></head>"
                 "<body><article><h1>En direct : les ponts au crible</h1>"
                 "<div class=\"comment live-post\"><p>" PARA1 "</p></div>"
                 "<div class=\"comment live-post\"><p>" PARA2 "</p></div>"
                 "<div class=\"comment live-post\"><p>" PARA3 "</p></div></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .published = "2024-03-05" },
    //  Hard decisions checked against what they throw away.
    {   .name = "page built inside one form",
        .input = "<html><body><form id=\"aspnetForm\" action=\"/page.aspx\" method=\"post\">"
                 "<div class=\"topmenu\"><a href=/>Accueil</a> <a href=/r>Régions</a></div>"
                 "<div id=\"contenu\"><h1>Les ponts au crible</h1><p>" PARA1 "</p><p>" PARA2
                 "</p><p>" PARA3 "</p></div><div>Recherche : <input name=q></div>"
                 "</form></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 } },
    {   .name = "body in a caption-named block of the article, bigger sidebar outside",
        .input = "<html><body><article><h1>Les ponts au crible</h1>"
                 "<div class=\"caption\"><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div>"
                 "<div class=\"caption\">Photo : Jean Martin pour le journal</div></article>"
                 "<div class=\"rail\">" SIDEBAR "</div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Photo", "rédaction" } },
    {   .name = "taxonomy classes on the article wrapper are labels",
        .input = "<html><body><div class=\"post type-post tag-tax-credits category-ads\">"
                 "<h2>Les ponts au crible</h2><p>" PARA1 "</p><p>" PARA2 "</p></div>"
                 "<div class=\"widget\">" SIDEBAR "</div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "rédaction", "Abonnez" } },
    {   .name = "comment blocks named comment-body or commentlist dropped",
        .input = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                 "<ul class=\"commentlist\"><li><p>Un lecteur écrit que ce pont est fermé depuis "
                 "des mois et que personne ne sait quand les travaux commenceront.</p></li></ul>"
                 "<div class=\"comment-body\"><p>Un autre lecteur répond que la mairie a pourtant "
                 "voté les crédits nécessaires il y a plus d'un an déjà.</p></div>"
                 "<div class=\"commentary-text\"><p>" PARA3 "</p></div></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2, PARA3 },
        .hasnt = { "lecteur" } },
    {   .name = "root that holds a teaser only: the densest block instead, flagged",
        .input = "<html><body><article class=\"teaser\"><h2>Les ponts au crible</h2>"
                 "<p>Une phrase d'accroche résume l'histoire en quelques mots, pour attirer "
                 "le lecteur vers la suite de ce long reportage sur les ouvrages d'art du pays. "
                 "Une seconde phrase annonce les chiffres du ministère et les réactions des élus "
                 "locaux, des ingénieurs et des riverains qui vivent près des ponts fermés.</p></article>"
                 "<div class=\"story\"><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p><p>"
                 PARA4 "</p><p>" PARA5 "</p><p>" PARA6 "</p><p>Les associations de riverains "
                 "demandent que les résultats soient publiés commune par commune, sans "
                 "attendre la fin des inspections.</p><p>Le ministère n'a pas répondu à "
                 "cette demande, mais promet un site internet consacré aux ouvrages d'art "
                 "avant la fin du mois.</p></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 "\n\n" PARA4 "\n\n" PARA5 "\n\n" PARA6,
                 "avant la fin du mois." },
        .hasnt = { "accroche" },
        .fallback = true },
    //  The baseline (base.c): a second, independent extraction.
    {   .name = "body in a block named social beside lists of items: the baseline's",
        .input = "<html><body><div id=\"page\"><div class=\"col-main\"><h1>Les ponts au crible</h1>"
                 "<div class=\"intro-box\"><p>Le point sur les ouvrages, commune par commune.</p></div>"
                 "<div class=\"module content_module js-social-images\" id=\"cms_content\">"
                 "<p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p><p>" PARA4 "</p></div></div>"
                 "<div class=\"grid_4\"><h3>Nos produits préférés</h3><ul>"
                 "<li><span>Vernis corail</span> <span>5,90 €</span></li>"
                 "<li><span>Vernis bleu nuit</span> <span>6,90 €</span></li>"
                 "<li><span>Vernis rouge cerise</span> <span>7,90 €</span></li>"
                 "<li><span>Vernis argent</span> <span>8,90 €</span></li>"
                 "<li><span>Vernis vert sapin</span> <span>9,90 €</span></li>"
                 "<li><span>Vernis lilas</span> <span>10,90 €</span></li>"
                 "<li><span>Vernis sable</span> <span>11,90 €</span></li>"
                 "<li><span>Vernis ivoire</span> <span>12,90 €</span></li>"
                 "<li><span>Vernis prune</span> <span>13,90 €</span></li>"
                 "<li><span>Vernis menthe</span> <span>14,90 €</span></li>"
                 "<li><span>Vernis orange</span> <span>15,90 €</span></li>"
                 "<li><span>Vernis noir mat</span> <span>16,90 €</span></li>"
                 "<li><span>Vernis nacré</span> <span>4,50 €</span></li>"
                 "<li><span>Vernis cuivre</span> <span>5,50 €</span></li>"
                 "<li><span>Vernis framboise</span> <span>6,50 €</span></li>"
                 "<li><span>Vernis turquoise</span> <span>7,50 €</span></li>"
                 "<li><span>Vernis pêche</span> <span>8,50 €</span></li>"
                 "<li><span>Vernis ardoise</span> <span>9,50 €</span></li>"
                 "<li><span>Vernis bordeaux</span> <span>10,50 €</span></li>"
                 "<li><span>Vernis citron</span> <span>11,50 €</span></li>"
                 "</ul></div>"
                 "</div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 "\n\n" PARA4 },
        .hasnt = { "Vernis" },
        .fallback = false },        //  the main walk follows the baseline (no fallback needed)
    {   .name = "a short post in a widget beside a longer sidebar: the baseline's side",
        .input = "<html><body><div id=\"main\"><div class=\"widget Blog\" id=\"Blog1\">"
                 "<div class=\"post\"><h3>Les ponts au crible</h3>"
                 "<div class=\"post-body entry-content\"><p>" PARA1 "</p></div></div></div></div>"
                 "<div id=\"sidebar-wrapper\"><div class=\"section\">" SIDEBAR "</div></div>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { PARA1 },
        .hasnt = { "rédaction", "Abonnez" } },
    {   .name = "an article rendered from a script template: its <noscript> copy is read",
        .input = "<html><body><noscript><img src=\"/pixel.gif\"></noscript>"
                 "<div class=\"post\"><h2>Les ponts au crible</h2><div class=\"post-body\">"
                 "<script type=\"text/template\"><p>" PARA1 "</p></script>"
                 "<noscript><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></noscript>"
                 "</div></div><noscript><p>Activez JavaScript pour voir ce site.</p></noscript>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "JavaScript" } },
    {   .name = "a list after one long paragraph is the body's, not cut at the edge",
        .input = "<html><body><article class=\"post\"><h1>Le nouvel appareil</h1>"
                 "<div class=\"entry\"><p><a href=\"/a\">Le cinquième appareil promis cette "
                 "année</a> remplacera l'ancien modèle dans les prochaines semaines, et rien ne "
                 "dit encore si d'autres produits seront annoncés en même temps que lui, ni à quel "
                 "prix il sera vendu dans les magasins du pays, ni quand les premières unités "
                 "arriveront chez les revendeurs qui l'attendent depuis le printemps dernier.</p>"
                 "<p>Ses caractéristiques diffèrent un peu de celles du modèle actuel :</p><ul>"
                 "<li>le même capteur de vingt-quatre mégapixels</li>"
                 "<li>un processeur plus rapide</li><li>un écran orientable</li>"
                 "<li>cinq images par seconde en rafale</li></ul></div></article>"
                 "<aside>" SIDEBAR "</aside></body></html>",
        .rc = DP_OK,
        .has = { "modèle actuel :\n\nle même capteur de vingt-quatre mégapixels\n\n"
                 "un processeur plus rapide\n\nun écran orientable\n\n"
                 "cinq images par seconde en rafale" },
        .hasnt = { "rédaction" } },
    {   .name = "a lead beside the body's container is kept (class H)",
        .input = "<html><body><div class=\"col\"><article class=\"story\"><header><h1>Les ponts "
                 "au crible</h1></header><div class=\"c-article__standfirst\"><p>Deux mille "
                 "ouvrages à inspecter avant la fin de l'année : le gouvernement double les "
                 "crédits.</p></div><div itemprop=\"articleBody\" class=\"article-body\"><p>"
                 PARA1 "</p><p>" PARA2 "</p><p>" PARA3 "</p></div></article>"
                 "<div class=\"more\"><p class=\"intro\">Nos autres articles sur le sujet, "
                 "classés par date de publication.</p></div></div></body></html>",
        .rc = DP_OK,
        .has = { "Deux mille ouvrages à inspecter avant la fin de l'année : le gouvernement "
                 "double les crédits.\n\n" PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Nos autres articles" } },
    {   .name = "the lead the summary reads, in the article's header, is kept; the byline is not",
        .input = "<html><head><meta name=\"description\" content=\"Deux mille ouvrages "
                 "\xC3\xA0 inspecter avant la fin de l'ann\xC3\xA9" "e : le gouvernement double "
                 "les cr\xC3\xA9" "dits des d\xC3\xA9partements.\"></head><body><article>"
                 "<header><h1>Les ponts au crible</h1><div class=\"hd-txt\"><p>Deux mille "
                 "ouvrages \xC3\xA0 inspecter avant la fin de l'ann\xC3\xA9" "e : le "
                 "gouvernement double les cr\xC3\xA9" "dits des d\xC3\xA9partements.</p></div>"
                 "<div class=\"by\"><span>Par</span> <span>Jeanne Martin</span></div></header>"
                 "<section><div class=\"txt\"><p>" PARA1 "</p><p>" PARA2 "</p><p>" PARA3
                 "</p></div></section></article></body></html>",
        .rc = DP_OK,
        .has = { "Deux mille ouvrages \xC3\xA0 inspecter avant la fin de l'ann\xC3\xA9" "e : le "
                 "gouvernement double les cr\xC3\xA9" "dits des d\xC3\xA9partements.\n\n"
                 PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Jeanne Martin", "Par\n" } },
    {   .name = "the summary in a teaser link or a summary cut short in the body adds nothing",
        .input = "<html><head><meta name=\"description\" content=\"" PARA1 "\"></head><body>"
                 "<div class=\"top\"><a href=\"/ponts\"><p>" PARA1 "</p></a></div>"
                 "<article><h1>Les ponts au crible</h1><div class=\"txt\"><p>" PARA1 "</p><p>"
                 PARA2 "</p><p>" PARA3 "</p></div></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { PARA1 "\n\n" PARA1 } },
    {   .name = "update stamps in other languages and dated section labels go",
        .input = "<html lang=\"de\"><body><article><h1>Br\xC3\xBC" "cken im Test</h1>"
                 "<p>Aktualisiert: 11.04.2020, 10:27</p><p>2021-10-16 | Rubrik</p><p>" PARA1
                 "</p><p>opublikowano: 7 kwietnia 2021</p><p>" PARA2 "</p><p>Ver\xC3\xB6"
                 "ffentlicht wurde der Bericht am 3. April 2020</p><p>" PARA3 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2, "wurde der Bericht am 3. April 2020\n\n" PARA3 },
        .hasnt = { "Aktualisiert", "opublikowano", "Rubrik" } },
    {   .name = "a page's last-change stamp and a blog's \"If you enjoyed this post\" request go",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<p>Last updated: May 15, 2006</p><p>" PARA2 "</p><p>Page last modified "
                 "19.08.2003</p><p>" PARA3 "</p><p>If you enjoyed this post, please consider "
                 "leaving a comment or subscribing to the feed to have future articles delivered "
                 "to your reader.</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Last updated", "last modified", "enjoyed" } },
    {   .name = "newsletter calls (\"Sign-up to\", \"Subscribe to our newsletter\") and box labels go",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<p>Don't miss a post! Subscribe to our newsletter and get the week's stories "
                 "about bridges, ferries and roads every Friday morning.</p><p>" PARA2 "</p>"
                 "<p>Sign-up to the River Notes newsletter and you will be able to download our "
                 "guide to the old bridges for free.</p><h4>Email Subscription</h4><p>" PARA3
                 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "miss a post", "River Notes", "Email Subscription" } },
    {   .name = "hit counters (\"You are visitor number\", \"Hits since\") go",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<p>You are visitor number <img src=\"/count.gif\"> since March 8, 1996</p><p>"
                 PARA2 "</p><p>1,234 hits since October 21, 1998.</p><p>Visiteurs : 5678</p><p>"
                 PARA3 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "visitor", "hits since", "Visiteurs" } },
    {   .name = "a \"Most popular\" box between paragraphs goes with its titles",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<h4>Most popular stories right now</h4><p>Ferry fares rise again</p>"
                 "<p>The river festival is back</p><p>" PARA2 "</p><h4>Most Popular Posts</h4>"
                 "<p>Ten walks along the canal</p><p>" PARA3 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Most popular", "Most Popular", "Ferry fares", "river festival", "canal" } },
    {   .name = "a blog's \"This entry was posted on\" line and its like button's labels go",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p><p>"
                 PARA2 "</p><h3>Like this:</h3><p>Like Loading...</p><p>Gefällt mir:</p>"
                 "<p>Gefällt mir Wird geladen …</p><p>" PARA3 "</p><p>This entry was posted "
                 "on Tuesday, March 4th, 2008 at 7:14 pm and is filed under Bridges, Roads. "
                 "You can leave a response from your own site.</p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "This entry", "Like this", "Loading", "Gefällt" } },
    {   .name = "linked lines between paragraphs of the body are text (class G)",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<p><a href=\"/src\">[ Source ]</a></p><p>" PARA2 "</p>"
                 "<p><a href=\"https://www.exemple.fr/rapport\">https://www.exemple.fr/rapport</a></p>"
                 "<p>" PARA3 "</p><p>Le rapport est <a href=\"/r\">sur le site du ministère des "
                 "transports et de la cohésion</a> des territoires</p><p>" PARA4 "</p>"
                 "<p><a href=\"/pdf\">Télécharger le dossier</a></p><p>" PARA5 "</p>"
                 "<p><a href=\"/a\">Un autre pont fermé à Lyon</a></p>"
                 "<p><a href=\"/b\">Le viaduc de Millau inspecté</a></p>"
                 "<p><a href=\"/c\">Les maires inquiets du calendrier</a></p></article></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n[ Source ]\n\n" PARA2 "\n\nhttps://www.exemple.fr/rapport\n\n" PARA3
                 "\n\nLe rapport est sur le site du ministère des transports et de la cohésion "
                 "des territoires\n\n" PARA4 "\n\n" PARA5 },
        .hasnt = { "Télécharger", "Lyon", "Millau", "maires inquiets" } },
    {   .name = "an embedded post in a widget container is quoted text (class F)",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p>"
                 "<div class=\"widget widget-embed\"><blockquote class=\"twitter-tweet\">"
                 "<p lang=\"fr\">Le pont de la vallée restera fermé jusqu'à nouvel ordre, "
                 "les inspections reprennent lundi matin.</p>&mdash; Préfecture (@prefecture) "
                 "<a href=\"https://x.com/p/1\">12 mars 2024</a></blockquote></div>"
                 "<p>" PARA2 "</p><p>" PARA3 "</p></article>"
                 "<div class=\"widget\"><h3>Suivez-nous</h3><p>Retrouvez toute l'actualité de la "
                 "rédaction sur nos réseaux, chaque jour.</p></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1, "Le pont de la vallée restera fermé jusqu'à nouvel ordre", PARA2 "\n\n" PARA3 },
        .hasnt = { "Suivez-nous", "réseaux" } },
    {   .name = "guillemets of an English page are left as written",
        .input = "<html lang=\"en\"><body><article><h1>Bridges under review</h1>"
                 "<p>The survey of the valley's old bridges, ordered after the spring floods, "
                 "found that most of them need new bearings; the council called the report "
                 "\xC2\xABsobering\xC2\xBB and asked for a timetable.</p>"
                 "<p>Engineers will start with the two oldest crossings, which carry most of the "
                 "morning traffic, and expect to finish the first repairs before the winter.</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { "need new bearings; the council called the report \xC2\xABsobering\xC2\xBB and" },
        .hasnt = { "\xC2\xAB sobering", "sobering \xC2\xBB", " ;" } },
    {   .name = "German quotes \xC2\xBBlike these\xC2\xAB are left as written",
        .input = "<html lang=\"de\"><body><article><h1>Br\xC3\xBC" "cken im Test</h1>"
                 "<p>Der Bericht \xC2\xBB" "Alte Br\xC3\xBC" "cken\xC2\xAB, den der Kreis nach dem "
                 "Hochwasser bestellt hatte, nennt zw\xC3\xB6lf Bauwerke, die neue Lager brauchen.</p>"
                 "<p>Die Arbeiten beginnen im Fr\xC3\xBC" "hjahr an den beiden \xC3\xA4" "ltesten "
                 "Br\xC3\xBC" "cken, \xC3\xBC" "ber die der meiste Verkehr am Morgen f\xC3\xA4" "hrt.</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { "Der Bericht \xC2\xBB" "Alte Br\xC3\xBC" "cken\xC2\xAB, den der Kreis" } },
    {   .name = "guillemets of a French page get their spaces",
        .input = "<html lang=\"fr\"><body><article><h1>Les ponts au crible</h1>"
                 "<p>Le rapport, command\xC3\xA9 apr\xC3\xA8s les crues du printemps, juge la "
                 "situation \xC2\xABpr\xC3\xA9occupante\xC2\xBB et demande un calendrier "
                 "des travaux pour les ponts les plus anciens de la vall\xC3\xA9" "e.</p>"
                 "<p>" PARA2 "</p></article></body></html>",
        .rc = DP_OK,
        .has = { "situation \xC2\xAB pr\xC3\xA9occupante \xC2\xBB et demande" } },
    {   .name = "numeric references to Windows-1252 bytes read as its characters",
        //  "&#151;" is U+0097 to libxml2, a control; HTML reads it as
        //  Windows-1252's byte 0x97, an em dash. "&#129;" is undefined there.
        .input = "<html lang=\"en\"><body><article><h1>Wind supply</h1>"
                 "<p>Wind capacity in the region today is about 2,000 megawatts&#151;roughly "
                 "a fifth of what the plan calls for&#133; and the council doesn&#146;t expect "
                 "it to double before the new lines are built.</p>"
                 "<p>The report lists three &#147;easy&#148; sites &#149; the ridge &#149; the "
                 "bay &#150; and one&#129;more on the old quarry, which needs a new road.</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { "2,000 megawatts\xE2\x80\x94roughly a fifth",
                 "plan calls for\xE2\x80\xA6 and the council doesn\xE2\x80\x99t expect",
                 "three \xE2\x80\x9C" "easy\xE2\x80\x9D sites \xE2\x80\xA2 the ridge",
                 "bay \xE2\x80\x93 and onemore on" },
        .hasnt = { "megawattsroughly", "doesnt", "\xC2\x81" } },
    {   .name = "a short line and a pause between two paragraphs are no teaser",
        //  An unterminated line followed by a line that trails off reads as
        //  a teaser's title and blurb; inside the body, with no link, it is
        //  text. The teaser after the article, whose title links, still goes.
        .input = "<html lang=\"en\"><body><article><h1>Working for yourself</h1>"
                 "<p>When I started the shop I kept my old job for a year, and every evening "
                 "went to the orders, the letters and the accounts until late at night.</p>"
                 "<ul><li>I can choose the hours I work because nobody else sets my schedule</li></ul>"
                 "<p>Here is the other thing \xE2\x80\xA6</p>"
                 "<p>The business grows one customer at a time, and each of them came because "
                 "somebody they trust told them about the shop and what it sells.</p>"
                 "<p>That is slower than advertising, but the customers stay, and most of them "
                 "come back within the year to buy again and bring a friend.</p></article>"
                 "<div class=\"more\"><p><a href=\"/b\">Ten ways to run a shop</a></p>"
                 "<p>Opening a shop is easy, keeping it open is the hard part\xE2\x80\xA6</p></div>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "the accounts until late at night.\n\nI can choose the hours I work because "
                 "nobody else sets my schedule\n\nHere is the other thing \xE2\x80\xA6\n\n"
                 "The business grows" },
        .hasnt = { "Ten ways", "keeping it open" } },
    {   .name = "teasers without links between two paragraphs of the body stay out",
        //  Two title-and-blurb pairs in a row are a teaser list, even inside
        //  the article's element and without a linked title.
        .input = "<html lang=\"en\"><body><article><h1>Working for yourself</h1>"
                 "<p>When I started the shop I kept my old job for a year, and every evening "
                 "went to the orders, the letters and the accounts until late at night.</p>"
                 "<div class=\"box\"><h3>Five tools for the small shop</h3>"
                 "<p>Accounts, stock and orders in one place, and the three we dropped \xE2\x80\xA6</p>"
                 "<h3>When to hire the first clerk</h3>"
                 "<p>The numbers say later than you think, unless the orders \xE2\x80\xA6</p></div>"
                 "<p>The business grows one customer at a time, and each of them came because "
                 "somebody they trust told them about the shop and what it sells.</p></article>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "late at night.\n\nThe business grows" },
        .hasnt = { "Five tools", "three we dropped", "first clerk", "later than you think" } },
    {   .name = "a teaser with an unlinked title and a long excerpt in the body stays out",
        //  One pair alone between two paragraphs, but its second line is an
        //  excerpt cut at a length, not a pause.
        .input = "<html lang=\"en\"><body><article><h1>Working for yourself</h1>"
                 "<p>When I started the shop I kept my old job for a year, and every evening "
                 "went to the orders, the letters and the accounts until late at night.</p>"
                 "<h2>Five tools for the small shop</h2>"
                 "<p>Accounts, stock and orders in one place: we tried a dozen programs over the "
                 "years and kept five of them, and here is what each one does for \xE2\x80\xA6</p>"
                 "<p>The business grows one customer at a time, and each of them came because "
                 "somebody they trust told them about the shop and what it sells.</p></article>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "late at night.\n\nThe business grows" },
        .hasnt = { "Five tools", "a dozen programs" } },
    {   .name = "a sub-heading and a quote cut short, linking its source, are no teaser",
        .input = "<html lang=\"en\"><body><article><h1>Wages and risk</h1>"
                 "<p>Jobs that are dirty, dangerous or dull have to pay more than others to find "
                 "workers, and economists have measured by how much since the seventies.</p>"
                 "<h3>What the handbook says</h3>"
                 "<p>\xE2\x80\x9CWages make up for what a job lacks, as the <a href=\"/h\">handbook"
                 "</a> puts it \xE2\x80\xA6</p>"
                 "<p>Later studies found the same pattern across regions, with higher wages where "
                 "the climate is harsh or the city is large and expensive to live in.</p>"
                 "</article></body></html>",
        .rc = DP_OK,
        .has = { "since the seventies.\n\nWhat the handbook says\n\n\xE2\x80\x9CWages make up",
                 "puts it \xE2\x80\xA6\n\nLater studies" } },
    {   .name = "a short sentence that links some of its words stays between paragraphs",
        //  Under ten words and a third link: link-dense for a short line, but
        //  a sentence of the body between two of its lines (short ones here,
        //  which are not yet paragraphs when links are judged). A link list
        //  after the article still goes.
        .input = "<html lang=\"en\"><body><article><h1>Odd gifts</h1>"
                 "<p>Every year the museum shop sells out of the same few things before the "
                 "holidays, and every year the staff are surprised by which ones they are.</p>"
                 "<p>Number three on the list</p>"
                 "<p>You know you want a <a href=\"/spleen\">plush spleen</a>.</p>"
                 "<p>Number four on the list</p>"
                 "<p>The anatomy range began as a joke among the curators, and now it pays for "
                 "most of the school visits the museum runs in the spring.</p></article>"
                 "<ul class=\"links\"><li><a href=\"/a\">Plush heart</a> on sale now.</li>"
                 "<li><a href=\"/b\">Plush brain</a> back in stock.</li></ul>"
                 "</body></html>",
        .rc = DP_OK,
        .has = { "which ones they are.\n\nNumber three on the list\n\nYou know you want a plush "
                 "spleen.\n\nNumber four on the list\n\nThe anatomy range" },
        .hasnt = { "Plush heart", "Plush brain" } },
    {   .name = "a short story in an <article> never closed, teasers after it: the baseline "
                "holds them, the conservative walk finds nothing more, no flag",
        .input = "<html><body><main><article class=\"post\"><h1>Les ponts au crible</h1><p>"
                 PARA1 "</p><p>" PARA2 "</p><section class=\"more\"><h2>À lire aussi</h2>"
                 "<article class=\"teaser\"><h3><a href=\"/a0\">La piscine ferme pour "
                 "l'hiver</a></h3><p>La piscine municipale fermera ses portes en décembre pour "
                 "des travaux de chauffage qui dureront jusqu'au mois de mars, et les clubs "
                 "iront nager…</p></article><article class=\"teaser\"><h3><a href=\"/a1\">Le "
                 "marché change de place</a></h3><p>Le marché du jeudi s'installera sur le "
                 "parking de la mairie pendant la réfection de la place, une solution "
                 "provisoire qui ne satisfait ni les commerçants…</p></article><article "
                 "class=\"teaser\"><h3><a href=\"/a2\">La fanfare recrute</a></h3><p>La "
                 "fanfare municipale recrute des trompettistes et des tambours pour le défilé "
                 "du printemps, et son chef espère retrouver ses quarante musiciens…</p>"
                 "</article><article class=\"teaser\"><h3><a href=\"/a3\">Le club de foot "
                 "monte</a></h3><p>Après une saison sans défaite, le club de foot du village "
                 "jouera l'an prochain en division supérieure, une première depuis trente ans "
                 "pour…</p></article></section></main></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "piscine", "marché", "fanfare", "club de foot" } },
    {   .name = "baseline on a comma-rich review block: the article it misses stays",
        .input = "<html><body><article><h1>Les ponts au crible</h1><p>" PARA1 "</p><p>" PARA2
                 "</p><p>" PARA3 "</p></article><div class=\"reviews\"><div class=\"review-text\">"
                 "<p>Super, rapide, bien, pas cher, efficace, propre, solide, joli, pratique.</p>"
                 "<p>Bof, lent, cher, fragile, moche, bruyant, lourd, compliqué, décevant.</p>"
                 "</div></div></body></html>",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Super", "Bof" } },
};

START_TEST (test_html_table)
{
    dp_cleaner_t *c = s_cleaner ();
    s_run_case (c, &s_html_cases [_i], true);
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean");
    TCase *tc = tcase_create ("html");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_html_table, 0,
                         (int) (sizeof s_html_cases / sizeof s_html_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean");
    return dp_test_run (s_suite ());
}
