//  Unit tests of the clean stage's plain-text path: table-driven cases for
//  scraped text, one line a paragraph (boilerplate lines, real sentences
//  kept, the headline and the lines that go on into the first paragraph,
//  readers' comments at the end, normalisation, invalid UTF-8). All inputs
//  are written here.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean_case.h"
#include "test_run.h"

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
    {   .name = "a short closing sentence is text, as an opening one is",
        .input = "Mexique : une émeute fait des morts dans une prison\n\n" PARA1 "\n\n"
                 PARA2 "\n\nUne enquête a été ouverte.\n\nAucune évasion n'a été signalée.\n",
        .rc = DP_OK,
        .has = { PARA2 "\n\nUne enquête a été ouverte.\n\nAucune évasion n'a été signalée." },
        .title = "Mexique : une émeute fait des morts dans une prison" },
    {   .name = "the same in English; after a removed line the tail is no longer the close",
        .input = "The council voted on Tuesday to close the old bridge to heavy traffic "
                 "until repairs are finished next spring.\n\nNo one was hurt.\n\n"
                 "Share on Facebook\n\nThe bridge was built by the town in 1898.\n",
        .rc = DP_OK,
        .has = { "next spring.\n\nNo one was hurt." },
        .hasnt = { "Share", "1898" } },
    {   .name = "a last paragraph that trails off is the close; a teaser after a headline "
                "line is not",
        .input = PARA1 "\n\n" PARA2 "\n\nPour le maire, la commune devra encore attendre "
                 "plusieurs mois avant de savoir si le pont sera reconstruit ou simplement "
                 "réparé, et à quel prix ...\n\nLe marché de Noël ouvre samedi\n\nLes "
                 "chalets s'installeront sur la place dès vendredi soir, et les organisateurs "
                 "attendent plus de visiteurs que l'an dernier ...\n",
        .rc = DP_OK,
        .has = { PARA2 "\n\nPour le maire, la commune devra encore attendre" },
        .hasnt = { "marché de Noël", "chalets" } },
    {   .name = "a line that goes on into the first paragraph (a dateline's dash, a colon) is "
                "its opening, not the headline",
        .input = "Le pont de la Vienne fermé aux poids lourds\n\n"
                 "Les piles du pont se sont affaissées de plusieurs centimètres. 4 mars 2024. –\n\n"
                 PARA1 "\n\n" PARA2 "\n",
        .rc = DP_OK,
        .has = { "Les piles du pont se sont affaissées de plusieurs centimètres. 4 mars 2024. "
                 "–\n\n" PARA1 "\n\n" PARA2 },
        .title = "Le pont de la Vienne fermé aux poids lourds" },
    {   .name = "the same in English with a colon",
        .input = "Council closes the old bridge to lorries\n\n"
                 "Here is what the engineers found when they inspected the bridge:\n\n"
                 "The council voted on Tuesday to close the old bridge to heavy traffic "
                 "until repairs are finished next spring.\n",
        .rc = DP_OK,
        .has = { "inspected the bridge:\n\nThe council voted" },
        .title = "Council closes the old bridge to lorries" },
    {   .name = "appeals to the reader, the site's notices, a section path in capitals and "
                "an ad's 'read on' line between and after the paragraphs",
        .input = PARA1 "\n\nVous avez aimé cet article ? Partagez-le !\n\n" PARA2 "\n\n"
                 "Cet article a été publié dans la rubrique Environnement. Les commentaires "
                 "sont modérés a priori.\n\nLe Petit Quotidien est un média indépendant. "
                 "Soutenez-nous : abonnez-vous dès 1 € le premier mois.\n\nLes informations "
                 "publiées sur ce site ne sauraient engager la responsabilité de l'éditeur. "
                 "Toute reproduction, même partielle, est interdite sans l'accord préalable de "
                 "la rédaction.\n\nÉCONOMIE / AGRICULTURE\n\nLire la suite après la "
                 "publicité\n\nFULL-TIME/PART-TIME STATUS\n\n" PARA3 "\n\n"
                 "« Soutenez-nous ! », a lancé la porte-parole des "
                 "grévistes devant la mairie.\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2, "FULL-TIME/PART-TIME STATUS\n\n" PARA3,
                 "« Soutenez-nous ! », a lancé la porte-parole" },
        .hasnt = { "aimé", "rubrique", "média indépendant", "reproduction", "ÉCONOMIE",
                   "Lire la suite" } },
    {   .name = "readers' comments after a comment header at the end go, however long",
        .input = "Le pont de la Vienne fermé aux poids lourds\n\n" PARA1 "\n\n" PARA2 "\n\n"
                 "Commentaires (3)\n\nPassionnant, vivement la suite.\n\nEncore un chantier de "
                 "plus... au moins celui-là aura servi à quelque chose pour la commune.\n\n"
                 "Mentions légales - Contact\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 },
        .hasnt = { "Commentaires", "Passionnant", "chantier", "Mentions" } },
    {   .name = "a comment counter under the headline cuts nothing",
        .input = "Le pont de la Vienne fermé aux poids lourds\n\n12 commentaires\n\n" PARA1
                 "\n\n" PARA2 "\n\n" PARA3 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2 "\n\n" PARA3 },
        .hasnt = { "commentaires" } },
    {   .name = "a comment header followed by more text than it follows cuts nothing",
        .input = PARA1 "\n\n" PARA2 "\n\nRéactions\n\n" PARA3 "\n\n" PARA1 " " PARA2 "\n",
        .rc = DP_OK,
        .has = { PARA1 "\n\n" PARA2, PARA3 } },
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

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_text");
    TCase *tc = tcase_create ("text");
    tcase_add_loop_test (tc, test_text_table, 0,
                         (int) (sizeof s_text_cases / sizeof s_text_cases [0]));
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_text");
    return dp_test_run (s_suite ());
}
