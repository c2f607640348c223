//  Helpers shared by the clean stage's unit test files (test_clean.c,
//  test_clean_bad.c): where the bundled rules are, a cleaner built from
//  them, the invariants every successful text keeps, and the paragraphs
//  the cases are built from. Static inline, so a file may use any part.
#ifndef DP_TEST_CLEAN_FIXTURE_H
#define DP_TEST_CLEAN_FIXTURE_H

#include "clean/clean.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
//  --------------------------------------------------------------------------
//  Finds the bundled rules: $DP_DATA, the exe's tree, or the source tree
//  when the tests run from the repository root.

static inline char *
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

static inline dp_cleaner_t *
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

static inline void
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

#endif
