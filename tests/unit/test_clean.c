//  Unit tests of the clean stage: table-driven cases for scraped text and
//  HTML (boilerplate, metadata, normalisation), malformed input (invalid
//  UTF-8, binary, empty, HTML from hell) and the rules file loader. All
//  inputs are written here; nothing is read from outside the repository.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CHECKS 8

//  --------------------------------------------------------------------------
//  Finds the bundled rules: $DP_DATA, the exe's tree, or the source tree
//  when the tests run from the repository root.

static char *
s_rules_path (void)
{
    char *path = dp_data_path ("clean/boilerplate.rules");
    if (path)
        return path;
    static const char *tries [] = {
        "data/clean/boilerplate.rules", "../data/clean/boilerplate.rules",
        "../../data/clean/boilerplate.rules", NULL
    };
    for (int i = 0; tries [i]; i++)
        if (access (tries [i], R_OK) == 0)
            return strdup (tries [i]);
    return NULL;
}

static dp_cleaner_t *
s_cleaner (void)
{
    char *path = s_rules_path ();
    ck_assert_msg (path != NULL, "data/clean/boilerplate.rules not found");
    dp_cleaner_t *c = dp_cleaner_new (path);
    free (path);
    ck_assert_ptr_nonnull (c);
    return c;
}

//  --------------------------------------------------------------------------
//  Invariants every successful result keeps: valid UTF-8, no NBSP, no
//  control character but \n, no blank run longer than one empty line,
//  no leading or trailing blank, no double space.

static void
s_check_invariants (const dp_clean_result_t *res)
{
    ck_assert_ptr_nonnull (res->text);
    ck_assert_uint_eq (strlen (res->text), res->text_len);
    ck_assert (dp_utf8_valid (res->text, res->text_len));
    ck_assert_ptr_null (strstr (res->text, "\xC2\xA0"));
    ck_assert_ptr_null (strstr (res->text, "\xE2\x80\xAF"));
    ck_assert_ptr_null (strstr (res->text, "\n\n\n"));
    ck_assert_ptr_null (strstr (res->text, "  "));
    ck_assert_ptr_null (strstr (res->text, " \n"));
    ck_assert_ptr_null (strstr (res->text, "\n "));
    //  One assertion, not one per byte: Check writes every passed
    //  assertion to its log, which made a 20 MB text cost minutes.
    size_t i = 0;
    while (i < res->text_len
       && ((unsigned char) res->text [i] >= 0x20 || res->text [i] == '\n'))
        i++;
    ck_assert_msg (i == res->text_len, "control byte 0x%02x at %zu",
                   i < res->text_len ? (unsigned char) res->text [i] : 0, i);
    ck_assert (res->text_len > 0);
    ck_assert (res->text [0] != ' ' && res->text [0] != '\n');
    ck_assert (res->text [res->text_len - 1] != ' ' && res->text [res->text_len - 1] != '\n');
}

static bool
s_has_tag (const dp_clean_result_t *res, const char *tag)
{
    for (size_t i = 0; i < res->n_tags; i++)
        if (strcmp (res->tags [i], tag) == 0)
            return true;
    return false;
}

//  One table case: input, expected rc, and what the output must (not) hold.
typedef struct {
    const char *name;                   //  shown on failure
    const char *input;                  //  NUL-terminated input
    size_t len;                         //  0: strlen (input)
    dp_rc_t rc;                         //  expected return code
    const char *error;                  //  expected error (DP_DEAD)
    const char *has [MAX_CHECKS];       //  substrings the text must hold
    const char *hasnt [MAX_CHECKS];     //  substrings it must not hold
    const char *title;                  //  expected title, or NULL: no check
    const char *published;              //  expected date, or NULL: no check
    const char *lang;                   //  expected lang, or NULL: no check
    const char *tags [MAX_CHECKS];      //  tags that must be lifted
    bool repaired;                      //  n_repaired must be > 0
    bool fallback;                      //  the conservative extraction is expected
} s_case_t;

static void
s_run_case (dp_cleaner_t *c, const s_case_t *tc, bool html)
{
    dp_clean_result_t res = { 0 };
    size_t len = tc->len ? tc->len : strlen (tc->input);
    dp_rc_t rc = html ? dp_clean_html (c, tc->input, len, &res)
                      : dp_clean_text (c, tc->input, len, &res);
    ck_assert_msg (rc == tc->rc, "%s: rc %d, expected %d (error %s, text [%s])",
                   tc->name, rc, tc->rc, res.error ? res.error : "-",
                   res.text ? res.text : "");
    if (rc == DP_OK) {
        s_check_invariants (&res);
        ck_assert_ptr_null (res.error);
    }
    else {
        ck_assert_ptr_nonnull (res.error);
        if (tc->error)
            ck_assert_msg (strcmp (res.error, tc->error) == 0, "%s: error [%s]",
                           tc->name, res.error);
    }
    for (int i = 0; i < MAX_CHECKS && tc->has [i]; i++)
        ck_assert_msg (res.text && strstr (res.text, tc->has [i]),
                       "%s: text lacks [%s]:\n%s", tc->name, tc->has [i],
                       res.text ? res.text : "(null)");
    for (int i = 0; i < MAX_CHECKS && tc->hasnt [i]; i++)
        ck_assert_msg (!res.text || !strstr (res.text, tc->hasnt [i]),
                       "%s: text holds [%s]:\n%s", tc->name, tc->hasnt [i], res.text);
    if (tc->title)
        ck_assert_msg (res.title && strcmp (res.title, tc->title) == 0,
                       "%s: title [%s]", tc->name, res.title ? res.title : "(null)");
    if (tc->published)
        ck_assert_msg (res.published && strcmp (res.published, tc->published) == 0,
                       "%s: published [%s]", tc->name,
                       res.published ? res.published : "(null)");
    if (tc->lang)
        ck_assert_msg (res.lang && strcmp (res.lang, tc->lang) == 0,
                       "%s: lang [%s]", tc->name, res.lang ? res.lang : "(null)");
    for (int i = 0; i < MAX_CHECKS && tc->tags [i]; i++)
        ck_assert_msg (s_has_tag (&res, tc->tags [i]), "%s: tag [%s] missing",
                       tc->name, tc->tags [i]);
    if (tc->repaired)
        ck_assert_msg (res.n_repaired > 0, "%s: nothing repaired", tc->name);
    ck_assert_msg (res.fallback == tc->fallback, "%s: fallback %d", tc->name, res.fallback);
    dp_clean_result_free (&res);
    ck_assert_ptr_null (res.text);
}

//  A paragraph long enough to count as article text.
#define PARA1 "Le gouvernement a présenté mardi un projet de loi sur la sécurité " \
              "des ponts, après l'effondrement d'un ouvrage dans la vallée la semaine dernière."
#define PARA2 "Selon le ministre, plus de deux mille ouvrages doivent être inspectés " \
              "avant la fin de l'année, et les crédits seront doublés dès le printemps."
#define PARA3 "Les élus locaux saluent une mesure attendue depuis longtemps, mais " \
              "s'inquiètent du calendrier retenu par l'administration pour les travaux."
#define PARA4 "Dans les communes rurales, les maires rappellent que les petits ouvrages, " \
              "souvent anciens, n'ont jamais été recensés de manière complète."
#define PARA5 "Le syndicat des ingénieurs estime pour sa part que les effectifs actuels " \
              "ne suffiront pas, et réclame des embauches dans les services de l'État."
#define PARA6 "Un premier bilan des inspections sera présenté aux députés à l'automne, " \
              "avant le vote du budget, a précisé le cabinet du ministre jeudi soir."
//  Text of a sidebar: long, and not the article.
#define SIDEBAR "<p>Notre rédaction couvre l'actualité régionale depuis trente ans, avec " \
                "des correspondants dans chaque département et une équipe de photographes.</p>" \
                "<p>Abonnez-vous à notre édition numérique pour lire tous nos reportages, " \
                "nos enquêtes et nos dossiers, sur ordinateur comme sur téléphone.</p>" \
                "<p>Retrouvez aussi chaque semaine notre supplément consacré aux sorties, " \
                "aux spectacles, aux restaurants et aux marchés de la région.</p>"

//  Binary inputs (NUL bytes inside, so their length is given).
#define S_GARBAGE "\x01\x02\x03\x00\x00\x00\x7F\x1B\x1C" "abc\x00\x00"
#define S_PNG "\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10" \
              "\x08\x06\x00\x00\x00\x1F\xF3\xFF\x61\x00\x00\x00\x01"

//  ==========================================================================
//  Scraped text
//  ==========================================================================

static const s_case_t s_text_cases [] = {
    {   .name = "portal page with teasers, menus and ads",
        .input =
            "12.4 C\n"
            "Lyon\n"
            "mardi, mars 5, 2024\n"
            "No menu items!\n"
            "\n"
            "Les ponts du pays passés au crible après un effondrement\n"
            "\n"
            "À lire\n"
            "\n"
            "Un festival de jazz annulé faute de public\n"
            "\n"
            "Les organisateurs ont annoncé lundi que la prochaine édition, prévue en juin, était...\n"
            "\n"
            "Le prix du blé recule encore\n"
            "\n"
            "Les cours mondiaux ont perdu 4 % en une semaine, selon les…\n"
            "\n"
            PARA1 "\n\n"
            PARA2 "\n\n"
            "Un calendrier serré\n\n"
            PARA3 "\n\n"
            "(Avec AFP)\n\n"
            "Le Quotidien publie des articles de sources diverses. Les opinions exprimées "
            "ne sont pas nécessairement celles de la rédaction.\n\n"
            "- Publicité -\n\n"
            "Dernières nouvelles\n\n"
            "Un festival de jazz annulé faute de public\n\n"
            "Les organisateurs ont annoncé lundi que la prochaine édition, prévue en juin, était...\n\n"
            "Grève dans les transports jeudi\n\n"
            "Les syndicats appellent à un arrêt de travail de vingt-quatre heures pour...\n"
            "- Advertisement -\n\n"
            "More Articles Like This\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\nUn calendrier serré\n\n" PARA3 "\n\n(Avec AFP)" },
        .hasnt = { "12.4 C", "Lyon", "menu", "lire", "jazz", "Publicité", "nécessairement",
                   "Advertisement" },
        .title = "Les ponts du pays passés au crible après un effondrement" },
    {   .name = "tags line lifted",
        .input = PARA1 "\n" PARA2 "\nTags: Ponts Sécurité Infrastructures\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Tags", "Infrastructures" },
        .tags = { "Ponts", "Sécurité", "Infrastructures" } },
    {   .name = "comma-separated keywords line",
        .input = PARA1 "\nMots-clés : pont, sécurité routière, loi\n",
        .rc = DP_OK,
        .hasnt = { "Mots" },
        .tags = { "pont", "sécurité routière", "loi" } },
    {   .name = "date prefix on the first line",
        .input = " date 2024-03 " PARA1 "\n\n" PARA2,
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "date", "2024-03" },
        .published = "2024-03" },
    {   .name = "publication line lifted",
        .input = "Publié le 5 mars 2024 à 10h12\n" PARA1 "\n",
        .rc = DP_OK,
        .hasnt = { "Publié" },
        .published = "2024-03-05" },
    {   .name = "share and follow lines",
        .input = PARA1 "\nPartager sur Facebook\n" PARA2 "\n"
                 "Rejoignez Le Quotidien sur Facebook et Telegram pour suivre nos publications\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Partager", "Rejoignez" } },
    {   .name = "spaces, NBSP, controls, guillemets, NFC",
        .input = "Le\xC2\xA0ministre\xE2\x80\xAF a   dit\t:\x01 \xC2\xAB\xC2\xA0il faut agir"
                 "\xC2\xBB, a-t-il ajouté devant les de\xCC\x81pute\xCC\x81s r\xC3\xA9unis"
                 " l\xE2\x80\x99" "apr\xC3\xA8s-midi.  \r\n",
        .rc = DP_OK,
        .has = { "Le ministre a dit : « il faut agir », a-t-il ajouté devant les "
                 "députés réunis l\xE2\x80\x99" "après-midi." } },
    {   .name = "short middle heading kept, blank runs collapsed",
        .input = PARA1 "\n\n\n\n\nLa réaction des élus\n\n\n" PARA2 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\nLa réaction des élus\n\n" PARA2 } },
    {   .name = "invalid UTF-8 repaired",
        .input = "Le pr\xE9sident a parl\xC3 longuement devant " "l'assemblée r\xC3\xA9unie "
                 "en session extraordinaire hier soir.\n",
        .rc = DP_OK,
        .has = { "\xEF\xBF\xBD" },
        .repaired = true },
    {   .name = "binary garbage",
        .input = S_GARBAGE, .len = sizeof S_GARBAGE - 1,
        .rc = DP_DEAD, .error = "binary content" },
    {   .name = "empty input",
        .input = "",
        .rc = DP_DEAD, .error = "no text after cleaning" },
    {   .name = "blanks only",
        .input = " \n\t\n\xC2\xA0\n\r\n",
        .rc = DP_DEAD, .error = "no text after cleaning" },
    {   .name = "nothing but boilerplate",
        .input = "- Advertisement -\nPartager sur Facebook\nTags: a b c\n",
        .rc = DP_DEAD, .error = "no text after cleaning" },
    {   .name = "a short opening sentence is text, not a title",
        .input = "La foire aux vins de Colmar date de 1948.\n\nElle attire donc depuis plus "
                 "de soixante-dix ans des vignerons de toute l'Alsace, qui y présentent chaque "
                 "été leurs cuvées aux visiteurs venus du pays entier.\n",
        .rc = DP_OK,
        .has = { "La foire aux vins de Colmar date de 1948.\n\nElle attire donc" } },
    {   .name = "headline and menu above the first paragraph still go",
        .input = "Accueil\nRégion\nSports\nLa foire aux vins ouvre ses portes\n\n"
                 "La foire aux vins de Colmar date de 1948.\n\n" PARA1 "\n",
        .rc = DP_OK,
        .has = { "La foire aux vins de Colmar date de 1948.\n\n" PARA1 },
        .hasnt = { "Accueil", "Sports", "ouvre ses portes" },
        .title = "La foire aux vins ouvre ses portes" },
    {   .name = "paywall notice with a decimal share",
        .input = PARA1 "\n\nIl vous reste 85.39% de cet article à lire. La suite est réservée "
                 "aux abonnés.\n\n" PARA2 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Il vous reste" } },
    {   .name = "related-articles markers in German and Spanish, with their teasers",
        .input = PARA1 "\n\nDas könnte Sie auch interessieren\n\nNeue Brücke in Köln\n\n"
                 "Fähre nach Bonn fährt wieder\n\nLesen Sie auch: Warum die Bahn Verspätung hat\n\n"
                 PARA2 "\n\nNoticias relacionadas\n\nEl puente de Sevilla cierra por obras\n\n"
                 "Nuevo tren a Cádiz\n\n" PARA3 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "interessieren", "Köln", "Bonn", "Bahn", "relacionadas", "Sevilla", "Cádiz" } },
    {   .name = "photo credits, login prompt, wire credits, comment counters",
        .input = PARA1 "\n\nCrédits photos : Agence Martin\n\n" PARA2 "\n\n"
                 "Connectez-vous pour lire la suite\n\n" PARA3 "\n\n"
                 "Reporting by Jane Doe; Editing by John Roe\n\nKeine Kommentare\n\n12 comentarios\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Crédits", "Connectez", "Reporting", "Kommentare", "comentarios" } },
    {   .name = "captions ending in their credit, cross-links after a label, download sizes",
        .input = PARA1 "\n\nJean Martin, maire de Vienne, photo : Archives de la mairie\n\n"
                 "Café im Bohnenviertel. Foto: Stadt Marketing\n\n(Bild: Max Muster)\n\n" PARA2
                 "\n\nEn savoir plus : le rapport de la Cour des comptes\n\n"
                 "Rapport annuel 2024 PDF | 38 KB\n\n" PARA3 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "Archives", "Bohnenviertel", "Muster", "Cour des comptes", "38 KB" } },
    {   .name = "a short brief is kept whole",
        .input = "Séisme de magnitude 5 au large de la Crète.\n",
        .rc = DP_OK,
        .has = { "Séisme de magnitude 5 au large de la Crète." } },
    {   .name = "English with more-articles section",
        .input = "The council voted on Tuesday to close the old bridge to heavy traffic "
                 "until repairs are finished next spring.\n\n"
                 "Engineers found cracks in two of the main supports last month.\n\n"
                 "Related Articles\n\n"
                 "Mayor opens new library\n\n"
                 "The new building on Main Street will house more than 20,000 books and...\n",
        .rc = DP_OK,
        .has = { "Engineers found cracks" },
        .hasnt = { "Related", "library", "books" } },
};

START_TEST (test_text_table)
{
    dp_cleaner_t *c = s_cleaner ();
    s_run_case (c, &s_text_cases [_i], false);
    dp_cleaner_destroy (&c);
}
END_TEST

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

//  --------------------------------------------------------------------------
//  Builds "prefix" + count * unit + "suffix" on the heap.

static char *
s_repeat (const char *prefix, const char *unit, size_t count, const char *suffix,
          size_t *len)
{
    size_t pl = strlen (prefix), ul = strlen (unit), sl = strlen (suffix);
    char *s = malloc (pl + ul * count + sl + 1);
    ck_assert_ptr_nonnull (s);
    memcpy (s, prefix, pl);
    for (size_t i = 0; i < count; i++)
        memcpy (s + pl + i * ul, unit, ul);
    memcpy (s + pl + ul * count, suffix, sl + 1);
    *len = pl + ul * count + sl;
    return s;
}

START_TEST (test_html_deep_nesting)
{
    //  libxml2 stops at 256 open elements and drops the rest of the page:
    //  the paragraph behind 100 000 unclosed wrappers must come out anyway.
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body>", "<div><span>", 100000,
                           "<p>" PARA1 "</p><p>" PARA2 "</p>", &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1 "\n\n" PARA2));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_deep_then_closed)
{
    //  300 nested sections, closed, then more text: what follows the deep
    //  part is not lost, nor is what sits inside it.
    dp_cleaner_t *c = s_cleaner ();
    size_t a, b;
    char *open = s_repeat ("<html><head><title>Ponts</title></head><body><main>",
                           "<section><div>", 300, "<p>" PARA1 "</p>", &a);
    char *close = s_repeat ("", "</div></section>", 300,
                            "<p>" PARA2 "</p><p>" PARA3 "</p></main></body></html>", &b);
    char *html = malloc (a + b + 1);
    ck_assert_ptr_nonnull (html);
    memcpy (html, open, a);
    memcpy (html + a, close, b + 1);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, a + b, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1));
    ck_assert_ptr_nonnull (strstr (res.text, PARA2 "\n\n" PARA3));
    ck_assert_str_eq (res.title, "Ponts");
    dp_clean_result_free (&res);
    free (html);
    free (open);
    free (close);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_deep_stray_end_tags)
{
    //  Deep nesting and then stray end tags: libxml2 would scan its whole
    //  stack of open elements for each (quadratic without a depth limit).
    //  This must stay fast (the test's timeout) and keep the paragraph.
    dp_cleaner_t *c = s_cleaner ();
    size_t a, b;
    char *open = s_repeat ("<html><body>", "<div>", 200000, "", &a);
    char *stray = s_repeat ("", "</x>", 500000, "<p>" PARA1 "</p>", &b);
    char *html = malloc (a + b + 1);
    ck_assert_ptr_nonnull (html);
    memcpy (html, open, a);
    memcpy (html + a, stray, b + 1);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, a + b, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1));
    dp_clean_result_free (&res);
    free (html);
    free (open);
    free (stray);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_huge_attribute)
{
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body><div class=\"", "ad x ", 400000,
                           "\" title=\"t\"><p>" PARA1 "</p></div></body></html>", &len);
    dp_clean_result_t res = { 0 };
    dp_rc_t rc = dp_clean_html (c, html, len, &res);
    ck_assert_int_eq (rc, DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_canonical_url)
{
    //  The canonical link, else og:url; relative or odd ones are no URL.
    static const struct { const char *head; const char *url; } cases [] = {
        { "<link rel=\"canonical\" href=\"https://exemple.fr/a/1.html\">"
          "<meta property=\"og:url\" content=\"https://exemple.fr/og\">",
          "https://exemple.fr/a/1.html" },
        { "<meta property=\"og:url\" content=\"https://exemple.fr/og\">"
          "<link rel=\"Canonical\" href=\"http://exemple.fr/b\">",
          "http://exemple.fr/b" },
        { "<link rel=\"canonical\" href=\"/relative/page\">"
          "<meta property=\"og:url\" content=\"https://exemple.fr/og\">",
          "https://exemple.fr/og" },
        { "<link rel=\"canonical\" href=\"https://exemple.fr/a b\">", NULL },
        { "<link rel=\"stylesheet\" href=\"https://exemple.fr/s.css\">", NULL },
    };
    dp_cleaner_t *c = s_cleaner ();
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        char page [2048];
        snprintf (page, sizeof page, "<html><head>%s</head><body><article>"
                  "<p>" PARA1 "</p><p><a href=\"https://exemple.fr/x\">lien</a>"
                  "</p></article></body></html>", cases [i].head);
        dp_clean_result_t res = { 0 };
        ck_assert_int_eq (dp_clean_html (c, page, strlen (page), &res), DP_OK);
        if (cases [i].url)
            ck_assert_msg (res.url && strcmp (res.url, cases [i].url) == 0,
                           "case %zu: url [%s]", i, res.url ? res.url : "(null)");
        else
            ck_assert_msg (!res.url, "case %zu: url [%s]", i, res.url);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_quiet)
{
    //  Broken HTML must not make libxml2 print on stderr.
    dp_cleaner_t *c = s_cleaner ();
    fflush (stderr);
    int saved = dup (2);
    FILE *tmp = tmpfile ();
    ck_assert_ptr_nonnull (tmp);
    dup2 (fileno (tmp), 2);
    static const char *pages [] = {
        "<html><body><p>" PARA1 "</b></i></table><p <p>>>&bogus;&#xFFFFFFF;</html>",
        "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY x \"y\">]><foo>&x;" PARA2,
        "<html><body><p>" PARA3 "<![CDATA[ x ]]><!-- unterminated",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages [0]; i++) {
        dp_clean_result_t res = { 0 };
        dp_clean_html (c, pages [i], strlen (pages [i]), &res);
        dp_clean_result_free (&res);
    }
    fflush (stderr);
    fseek (tmp, 0, SEEK_END);
    long size = ftell (tmp);
    dup2 (saved, 2);
    close (saved);
    fclose (tmp);
    ck_assert_int_eq (size, 0);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_random_bytes)
{
    //  Pseudo-random bytes, then the same made mostly printable: no crash,
    //  any result valid.
    dp_cleaner_t *c = s_cleaner ();
    uint32_t x = 2463534242u;
    char buf [4096];
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t) (round * 20) % sizeof buf;
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf [i] = (char) (round % 2 ? "<>/ap \n\xC3\xA9=\"'&;!-x" [x % 17] : (char) x);
        }
        for (int html = 0; html < 2; html++) {
            dp_clean_result_t res = { 0 };
            dp_rc_t rc = html ? dp_clean_html (c, buf, len, &res)
                              : dp_clean_text (c, buf, len, &res);
            ck_assert (rc == DP_OK || rc == DP_DEAD);
            if (rc == DP_OK)
                s_check_invariants (&res);
            else
                ck_assert_ptr_nonnull (res.error);
            dp_clean_result_free (&res);
        }
    }
    dp_cleaner_destroy (&c);
}
END_TEST

//  ==========================================================================
//  Bad input: no crash, bounded time and memory, a clear error when nothing
//  usable is left
//  ==========================================================================

//  Large-page size: 20 MB, or 8 MB under ASan (the sanitized parse is ~5x
//  slower and the test must stay well under the tcase timeout).
#if defined(__SANITIZE_ADDRESS__)
#   define S_BIG_PAGE (8u << 20)
#else
#   define S_BIG_PAGE (20u << 20)
#endif

START_TEST (test_bad_100mb_page)
{
    //  Above the 64 MB input limit: dead-lettered at once, with a reason.
    dp_cleaner_t *c = s_cleaner ();
    size_t unit_len = strlen ("<p>" PARA1 "</p>");
    size_t count = (100u << 20) / unit_len + 1;
    size_t len;
    char *html = s_repeat ("<html><body>", "<p>" PARA1 "</p>", count, "</body></html>", &len);
    ck_assert_uint_ge (len, 100u << 20);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    ck_assert_ptr_nonnull (strstr (res.error, "too large"));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_big_page)
{
    //  A big page under the limit (S_BIG_PAGE of menus and paragraphs) is
    //  cleaned: the menus go, the paragraphs stay.
    dp_cleaner_t *c = s_cleaner ();
    //  Numbered paragraphs: identical ones would be removed as repeats.
#define S_BIG_UNIT "<div><ul class=\"menu\"><li><a href=/a>Accueil</a></li></ul>" \
                   "<p>%zu. " PARA2 "</p></div>"
    size_t cap = S_BIG_PAGE + 4096, len = 0;
    char *html = malloc (cap);
    ck_assert_ptr_nonnull (html);
    len += (size_t) snprintf (html, cap, "<html><body><article>");
    for (size_t i = 0; len + 1024 < S_BIG_PAGE; i++)
        len += (size_t) snprintf (html + len, cap - len, S_BIG_UNIT, i);
    len += (size_t) snprintf (html + len, cap - len, "</article></body></html>");
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_null (strstr (res.text, "Accueil"));
    ck_assert_uint_gt (res.text_len, S_BIG_PAGE / 4);
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_nested_divs)
{
    //  100 000 nested <div>s around two paragraphs, none closed.
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body>", "<div class=\"x\">", 100000,
                           "<p>" PARA1 "</p><p>" PARA2 "</p>", &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1 "\n\n" PARA2));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_unclosed_script)
{
    //  An unclosed <script> swallows the rest of the page: what came before
    //  it is the text, nothing of the script leaks.
    dp_cleaner_t *c = s_cleaner ();
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<script>var leak = '<p>fuite du script</p>'; for (;;) {";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    ck_assert_ptr_null (strstr (res.text, "fuite"));
    ck_assert_ptr_null (strstr (res.text, "leak"));
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_binary)
{
    //  A PNG (and NUL-ridden bytes) given as HTML: a clear error.
    dp_cleaner_t *c = s_cleaner ();
    char png [2048];
    memcpy (png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    for (size_t i = 16; i < sizeof png; i++)
        png [i] = (char) ((i * 7919u) % 256);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, png, sizeof png, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    dp_clean_result_free (&res);
    memset (&res, 0, sizeof res);
    ck_assert_int_eq (dp_clean_text (c, png, sizeof png, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_cp1252_undeclared)
{
    //  windows-1252 bytes, no charset anywhere: decoded as windows-1252.
    dp_cleaner_t *c = s_cleaner ();
    const char *html = "<html><body><p>L'\xE9t\xE9 dernier, la r\xE9gion a vot\xE9 un budget de "
                       "s\xE9" "curit\xE9 \x96 plus de cent millions d'euros \x80 pour les "
                       "routes et les ponts du d\xE9partement.</p></body></html>";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "L'\xC3\xA9t\xC3\xA9 dernier"));
    ck_assert_ptr_nonnull (strstr (res.text, "\xE2\x80\x93"));    //  en dash
    ck_assert_ptr_nonnull (strstr (res.text, "\xE2\x82\xAC"));    //  euro sign
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_empty_and_menu_only)
{
    //  Nothing usable left: DP_DEAD with a reason, never an empty text.
    dp_cleaner_t *c = s_cleaner ();
    static const char *pages [] = {
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body>   \n\t </body></html>",
        "<html><body><nav><ul><li><a href=/>Accueil</a></li><li><a href=/m>Monde</a></li>"
        "<li><a href=/s>Sport</a></li><li><a href=/c>Culture</a></li></ul></nav>"
        "<ul><li><a href=/a>Politique</a></li><li><a href=/b>Économie</a></li>"
        "<li><a href=/d>Météo</a></li><li><a href=/e>Contact</a></li></ul></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages [0]; i++) {
        dp_clean_result_t res = { 0 };
        ck_assert_int_eq (dp_clean_html (c, pages [i], strlen (pages [i]), &res), DP_DEAD);
        ck_assert_ptr_nonnull (res.error);
        ck_assert_ptr_null (res.text);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

//  ==========================================================================
//  Cleaner life cycle and rules file
//  ==========================================================================

//  Writes content to a new temporary file; returns its path (caller frees
//  and unlinks).

static char *
s_temp_rules (const char *content)
{
    char *path = strdup ("/tmp/test_clean_rules_XXXXXX");
    ck_assert_ptr_nonnull (path);
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    size_t len = strlen (content);
    ck_assert_int_eq (write (fd, content, len), (ssize_t) len);
    close (fd);
    return path;
}

START_TEST (test_rules_bad_pattern)
{
    char *path = s_temp_rules ("# fine\n^ok$\n\n# broken on line 4\n(unclosed[\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_null (c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_bad_section)
{
    char *path = s_temp_rules ("@section (?<=a+)b\n");
    ck_assert_ptr_null (dp_cleaner_new (path));
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_missing_file)
{
    ck_assert_ptr_null (dp_cleaner_new ("/nonexistent/depeche/rules"));
}
END_TEST

START_TEST (test_rules_custom)
{
    //  A user rule removes its lines; a user section removes its teasers.
    char *path = s_temp_rules ("#  house rule\n^Abonnez-vous au Quotidien\n"
                               "@section ^Nos archives$\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_nonnull (c);
    const char *text = PARA1 "\nAbonnez-vous au Quotidien pour un euro\n" PARA2 "\n"
                       "Nos archives\nLe pont de 1998\nUn autre effondrement avait...\n";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_text (c, text, strlen (text), &res), DP_OK);
    ck_assert_str_eq (res.text, PARA1 "\n\n" PARA2);
    ck_assert_uint_ge (res.n_removed, 4);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_merged_keep_meaning)
{
    //  Anchored rules are matched as one alternation: a back-reference, a
    //  top-level alternation ("^a|b" is not anchored as a whole) and a
    //  numbered group must keep their meaning next to the other rules.
    char *path = s_temp_rules ("^(\\w+) \\1$\n"
                               "^Publicité maison|soutenez-nous\n"
                               "^(?:voir|lire) (la suite|plus)$\n"
                               "^[]|] fin$\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_nonnull (c);
    const char *text = PARA1 "\nbis bis\nbis ter\n" PARA2 "\n"
                       "Merci, soutenez-nous dès aujourd'hui\nlire la suite\n] fin\n" PARA3 "\n";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_text (c, text, strlen (text), &res), DP_OK);
    ck_assert_str_eq (res.text, PARA1 "\n\nbis ter\n\n" PARA2 "\n\n" PARA3);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_cleaner_default_and_destroy)
{
    //  NULL rules path: the bundled file through dp_data_path ($DP_DATA).
    char *path = s_rules_path ();
    ck_assert_ptr_nonnull (path);
    char *dir = strdup (path);
    char *cut = strstr (dir, "/clean/boilerplate.rules");
    if (cut)
        *cut = '\0';
    else
        strcpy (dir, ".");
    setenv ("DP_DATA", cut ? dir : "data", 1);
    dp_cleaner_t *c = dp_cleaner_new (NULL);
    ck_assert_ptr_nonnull (c);
    dp_cleaner_destroy (&c);
    ck_assert_ptr_null (c);
    dp_cleaner_destroy (&c);
    dp_cleaner_destroy (NULL);
    unsetenv ("DP_DATA");
    free (dir);
    free (path);

    dp_clean_result_t res = { 0 };
    dp_clean_result_free (&res);
    dp_clean_result_free (&res);
    dp_clean_result_free (NULL);
}
END_TEST

START_TEST (test_reuse_cleaner)
{
    //  One cleaner, many articles: results do not leak into each other.
    dp_cleaner_t *c = s_cleaner ();
    for (int i = 0; i < 50; i++) {
        dp_clean_result_t res = { 0 };
        const char *t = i % 2 ? PARA1 "\nTags: a b\n" : PARA2;
        ck_assert_int_eq (dp_clean_text (c, t, strlen (t), &res), DP_OK);
        ck_assert_uint_eq (res.n_tags, i % 2 ? 2 : 0);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean");
    TCase *tc = tcase_create ("text");
    tcase_add_loop_test (tc, test_text_table, 0,
                         (int) (sizeof s_text_cases / sizeof s_text_cases [0]));
    suite_add_tcase (s, tc);
    tc = tcase_create ("html");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_html_table, 0,
                         (int) (sizeof s_html_cases / sizeof s_html_cases [0]));
    tcase_add_test (tc, test_html_deep_nesting);
    tcase_add_test (tc, test_html_deep_then_closed);
    tcase_add_test (tc, test_html_deep_stray_end_tags);
    tcase_add_test (tc, test_html_huge_attribute);
    tcase_add_test (tc, test_html_canonical_url);
    tcase_add_test (tc, test_html_quiet);
    tcase_add_test (tc, test_random_bytes);
    suite_add_tcase (s, tc);
    tc = tcase_create ("bad input");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_bad_100mb_page);
    tcase_add_test (tc, test_bad_big_page);
    tcase_add_test (tc, test_bad_nested_divs);
    tcase_add_test (tc, test_bad_unclosed_script);
    tcase_add_test (tc, test_bad_binary);
    tcase_add_test (tc, test_bad_cp1252_undeclared);
    tcase_add_test (tc, test_bad_empty_and_menu_only);
    suite_add_tcase (s, tc);
    tc = tcase_create ("cleaner");
    tcase_add_test (tc, test_rules_bad_pattern);
    tcase_add_test (tc, test_rules_bad_section);
    tcase_add_test (tc, test_rules_missing_file);
    tcase_add_test (tc, test_rules_custom);
    tcase_add_test (tc, test_rules_merged_keep_meaning);
    tcase_add_test (tc, test_cleaner_default_and_destroy);
    tcase_add_test (tc, test_reuse_cleaner);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean");
    SRunner *sr = srunner_create (s_suite ());
    srunner_run_all (sr, CK_NORMAL);
    int failed = srunner_ntests_failed (sr);
    srunner_free (sr);
    return failed ? 1 : 0;
}
