//  Unit tests of dpc_in_list (stages/clean/words.c), the word lists of the
//  clean stage looked up by hash: case ignored, whole words only, a NUL in
//  the token, more lists than the tables hold, and first use from several
//  threads at once. Lists are written here; nothing is read from outside
//  the repository.
#include "clean/clean_impl.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "test_run.h"

static const char *s_tags [] = { "nav", "header", "FigCaption", "a", NULL };
static const char *s_empty [] = { NULL };

START_TEST (test_case_and_whole_words)
{
    ck_assert (dpc_in_list (s_tags, "nav", 3));
    ck_assert (dpc_in_list (s_tags, "NAV", 3));
    ck_assert (dpc_in_list (s_tags, "figcaption", 10));
    ck_assert (dpc_in_list (s_tags, "FIGCAPTION", 10));
    ck_assert (dpc_in_list (s_tags, "A", 1));
    ck_assert (dpc_in_list (s_tags, "header-main", 6));     //  the first 6 bytes
    ck_assert (!dpc_in_list (s_tags, "na", 2));
    ck_assert (!dpc_in_list (s_tags, "navs", 4));
    ck_assert (!dpc_in_list (s_tags, "header-main", 11));
    ck_assert (!dpc_in_list (s_tags, "", 0));
    ck_assert (!dpc_in_list (s_empty, "nav", 3));
    ck_assert (!dpc_in_list (s_tags, "n\0v", 3));           //  a NUL matches nothing
    ck_assert (!dpc_in_list (s_tags, "nav\0", 4));
    ck_assert (!dpc_in_list (s_tags, "\xC3\xA9t\xC3\xA9", 6));
}
END_TEST

//  More lists than the tables hold: the rest are scanned, same answers.
#define S_LISTS 100

START_TEST (test_many_lists)
{
    static char words [S_LISTS][16];
    static const char *lists [S_LISTS][3];
    for (int i = 0; i < S_LISTS; i++) {
        snprintf (words [i], sizeof words [i], "Word%d", i);
        lists [i][0] = words [i];
        lists [i][1] = "common";
        lists [i][2] = NULL;
    }
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < S_LISTS; i++) {
            char other [16];
            snprintf (other, sizeof other, "word%d", (i + 1) % S_LISTS);
            ck_assert (dpc_in_list (lists [i], words [i], strlen (words [i])));
            ck_assert (dpc_in_list (lists [i], "COMMON", 6));
            ck_assert (!dpc_in_list (lists [i], other, strlen (other)));
        }
}
END_TEST

//  Threads asking a list for the first time at once all get its table.
static const char *s_shared [] = { "alpha", "beta", "gamma", "delta", NULL };

static void *
s_ask (void *arg)
{
    (void) arg;
    int hits = 0;
    for (int i = 0; i < 10000; i++)
        hits += dpc_in_list (s_shared, "GAMMA", 5) && !dpc_in_list (s_shared, "gam", 3);
    return (void *) (intptr_t) hits;
}

START_TEST (test_threads_first_use)
{
    pthread_t t [4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq (pthread_create (&t [i], NULL, s_ask, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *hits = NULL;
        ck_assert_int_eq (pthread_join (t [i], &hits), 0);
        ck_assert_int_eq ((int) (intptr_t) hits, 10000);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_words");
    TCase *tc = tcase_create ("in_list");
    tcase_add_test (tc, test_case_and_whole_words);
    tcase_add_test (tc, test_many_lists);
    tcase_add_test (tc, test_threads_first_use);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
