//  depeche tag — unit tests (Check) of the trainer's averaging of several
//  runs (train.c, --runs K): K runs of one seed give the one run's
//  weights, K runs of K seeds another model, and the same K and seeds the
//  same bytes. Needs DP_DATA or the source tree's data/ folder.
#include "tag/tagm.h"
#include "depeche/dp_common.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test_run.h"

//  Files of this test process (Check forks one per test): its pid in
//  their names, so that builds tested at once do not share them.
static char s_conll [96];

static const char *
s_path (char *buf, size_t size, const char *what)
{
    snprintf (buf, size, "/tmp/depeche_test_tag_train_%ld_%s", (long) getpid (), what);
    return buf;
}

//  A small training file whose sentences differ, so that the order they
//  are seen in changes the weights.
static void
s_write_conll (void)
{
    static const char *const first [] = { "Ilham", "Marie", "Jean", "Paul" };
    static const char *const last [] = { "Aliyev", "Curie", "Dupont", "Martin" };
    static const char *const town [] = { "Bakou", "Paris", "Lyon", "Nantes", "Brest" };
    s_path (s_conll, sizeof s_conll, "train.bio");
    FILE *f = fopen (s_conll, "w");
    ck_assert_ptr_nonnull (f);
    for (int k = 0; k < 40; k++) {
        fprintf (f, "%s\tB-PER\n%s\tI-PER\nest\tO\nà\tO\n%s\tB-LOC\n.\tO\n\n",
                 first [k % 4], last [(k / 4) % 4], town [k % 5]);
        if (k % 3 == 0)
            fprintf (f, "Le\tO\nComité\tB-ORG\nolympique\tI-ORG\nvote\tO\nà\tO\n"
                        "%s\tB-LOC\n.\tO\n\n", town [(k + 2) % 5]);
        else
            fprintf (f, "La\tO\nBanque\tB-ORG\nde\tI-ORG\n%s\tI-ORG\nprête\tO\n.\tO\n\n",
                     town [k % 5]);
    }
    fclose (f);
}

//  Trains runs runs from seed (same_seed: all of them by seed) into out.
static void
s_train (const char *out, uint64_t seed, unsigned runs, bool same_seed)
{
    const char *files [] = { s_conll };
    dp_tagm_train_cfg_t cfg = {
        .datadir = getenv ("DP_DATA"), .train = files, .n_train = 1,
        .epochs = 2, .seed = seed, .bits = 12, .out = out, .date = "test",
        .runs = runs, .runs_same_seed = same_seed
    };
    ck_assert_int_eq (dp_tagm_train (&cfg), 0);
}

//  True when models a and b have the same weights.
static bool
s_same_weights (const dp_tagm_t *a, const dp_tagm_t *b)
{
    ck_assert_uint_eq (a->bits, b->bits);
    ck_assert_uint_eq (a->stride, b->stride);
    size_t len = ((size_t) 1 << a->bits) * a->stride;
    return memcmp (a->w, b->w, len * sizeof *a->w) == 0;
}

//  Three runs of one seed average to that one run's weights; three runs
//  of seeds 7, 8, 9 give other weights, differing from each run alone.
START_TEST (test_runs_average)
{
    s_write_conll ();
    char b1 [96], bs [96], b3 [96];
    const char *one = s_path (b1, sizeof b1, "1.model");
    const char *same = s_path (bs, sizeof bs, "same.model");
    const char *three = s_path (b3, sizeof b3, "3.model");
    s_train (one, 7, 1, false);
    s_train (same, 7, 3, true);
    s_train (three, 7, 3, false);
    dp_tagm_t *m1 = dp_tagm_load (one);
    dp_tagm_t *ms = dp_tagm_load (same);
    dp_tagm_t *m3 = dp_tagm_load (three);
    ck_assert_ptr_nonnull (m1);
    ck_assert_ptr_nonnull (ms);
    ck_assert_ptr_nonnull (m3);
    ck_assert (s_same_weights (m1, ms));
    ck_assert (!s_same_weights (m1, m3));
    ck_assert_ptr_nonnull (strstr (m1->info, "; seed 7;"));
    ck_assert_ptr_nonnull (strstr (m3->info, "; seeds 7-9, 3 runs averaged;"));
    for (uint64_t seed = 8; seed <= 9; seed++) {
        s_train (one, seed, 1, false);
        dp_tagm_t *m = dp_tagm_load (one);
        ck_assert_ptr_nonnull (m);
        ck_assert (!s_same_weights (m, m3));
        ck_assert (!s_same_weights (m, m1));    //  the seeds do differ
        dp_tagm_destroy (&m);
    }
    dp_tagm_destroy (&m1);
    dp_tagm_destroy (&ms);
    dp_tagm_destroy (&m3);
    unlink (s_conll);
    unlink (one);
    unlink (same);
    unlink (three);
}
END_TEST

//  The same runs and seeds give the same model bytes.
START_TEST (test_runs_determinism)
{
    s_write_conll ();
    char ba [96], bb [96];
    const char *out [2] = { s_path (ba, sizeof ba, "a.model"),
                            s_path (bb, sizeof bb, "b.model") };
    for (int k = 0; k < 2; k++)
        s_train (out [k], 3, 3, false);
    size_t la, lb;
    char *a = dp_read_file (out [0], &la);
    char *b = dp_read_file (out [1], &lb);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_nonnull (b);
    ck_assert_uint_eq (la, lb);
    ck_assert (memcmp (a, b, la) == 0);
    free (a);
    free (b);
    unlink (s_conll);
    unlink (out [0]);
    unlink (out [1]);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("tag_train");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_runs_average);
    tcase_add_test (tc, test_runs_determinism);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
