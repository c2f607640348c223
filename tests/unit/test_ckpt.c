//  Unit tests of fetch's checkpoint file (checkpoint.h): what it keeps of
//  the seqs, and where the next run's seqs start from it, the wall clock
//  stepped back or not.
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/checkpoint.h"
#include "test_run.h"
#include "test_tmp.h"

#define HOUR_US 3600000000ull

//  The run before wrote its checkpoint: the next one starts above its SEQ
//  when the clock is behind it, at the clock otherwise.
START_TEST (test_first_seq)
{
    uint64_t t = 1765000000000000ull;   //  a wall clock in microseconds
    ck_assert_uint_eq (dp_ckpt_first_seq (t, 0), t);
    ck_assert_uint_eq (dp_ckpt_first_seq (t, t - 5), t);
    ck_assert_uint_eq (dp_ckpt_first_seq (t - HOUR_US, t + 7), t + 7);
    ck_assert_uint_eq (dp_ckpt_first_seq (t + 7, t + 7), t + 7);
}
END_TEST

//  A block at a time, the first seq of a run included: every seq used
//  before the next reservation is below the ceiling that was saved.
START_TEST (test_reserve_blocks)
{
    uint64_t first = 1000, ceil = 0, saved = 0;
    ck_assert (dp_ckpt_seq_reserve (first, DP_CKPT_SEQ_BLOCK, &ceil));
    saved = ceil;
    ck_assert_uint_eq (ceil, first + DP_CKPT_SEQ_BLOCK);
    size_t writes = 0, above = 0;
    for (uint64_t q = first; q < first + 3 * DP_CKPT_SEQ_BLOCK + 5; q++) {
        if (dp_ckpt_seq_reserve (q, DP_CKPT_SEQ_BLOCK, &ceil)) {
            writes++;
            saved = ceil;
        }
        above += q >= saved;
    }
    ck_assert_uint_eq (above, 0);
    ck_assert_uint_eq (writes, 3);
}
END_TEST

//  The SEQ written is the SEQ read back, with the files' position; read
//  for other files it still holds (the seqs are the fetch's, not the
//  files').
START_TEST (test_seq_round_trip)
{
    char path [256];
    dp_test_tmp (path, sizeof path, "ckpt");
    dp_ckpt_t ck = { .hash = 0xabc, .seq = 1765000000123456ull,
                     .files = { .file = 2, .record = 17 } };
    ck_assert_int_eq (dp_ckpt_save (path, &ck), 0);
    dp_ckpt_t back;
    ck_assert_int_eq (dp_ckpt_load (path, 0xabc, &back), 0);
    ck_assert (back.files_ok);
    ck_assert_uint_eq (back.seq, ck.seq);
    ck_assert_uint_eq (back.files.file, 2);
    ck_assert_uint_eq (back.files.record, 17);
    dp_ckpt_clear (&back);
    ck_assert_int_eq (dp_ckpt_load (path, 0xdef, &back), 0);
    ck_assert (!back.files_ok);
    ck_assert_uint_eq (back.seq, ck.seq);
    dp_ckpt_clear (&back);
    unlink (path);
}
END_TEST

//  A checkpoint that cannot be put in place (its path is a folder) or
//  whose path is too long fails and leaves no FILE.tmp behind.
START_TEST (test_save_failure_leaves_nothing)
{
    char dir [256], tmp [300];
    dp_test_tmp (dir, sizeof dir, "ckptdir");
    ck_assert_int_eq (mkdir (dir, 0700), 0);
    dp_ckpt_t ck = { .hash = 1, .seq = 42 };
    ck_assert_int_eq (dp_ckpt_save (dir, &ck), -1);
    snprintf (tmp, sizeof tmp, "%s.tmp", dir);
    ck_assert_msg (access (tmp, F_OK) != 0, "%s left behind", tmp);
    rmdir (dir);
    char *long_path = malloc (5000);
    ck_assert_ptr_nonnull (long_path);
    memset (long_path, 'a', 4999);
    long_path [0] = '/';
    long_path [4999] = '\0';
    ck_assert_int_eq (dp_ckpt_save (long_path, &ck), -1);
    free (long_path);
}
END_TEST

//  A run killed -9 (its last checkpoint written when it reserved), the
//  next started an hour back on the wall clock: all its seqs are above
//  every seq the killed one sent.
START_TEST (test_restart_clock_back)
{
    uint64_t t1 = 1765000000000000ull, ceil = 0, saved = 0, top = 0;
    uint64_t q = dp_ckpt_first_seq (t1, 0);
    for (int i = 0; i < 2500000; i++, q++) {
        if (dp_ckpt_seq_reserve (q, DP_CKPT_SEQ_BLOCK, &ceil))
            saved = ceil;
        top = q;
    }
    uint64_t again = dp_ckpt_first_seq (t1 + 2000000 - HOUR_US, saved);
    ck_assert_uint_gt (again, top);
}
END_TEST

//  A SEQ no run could have written (garbage, a sign, past 2^64, near
//  UINT64_MAX): the files' position holds, the SEQ does not. Taken as a
//  floor, the next run's seqs went out near 2^64: negative in the JSON
//  lines, wrapped to 0 a few articles later (the window's seq order
//  broken), and every article a reservation whose ceiling wrapped below
//  it, so a checkpoint written (fsync) before each one.
START_TEST (test_seq_out_of_range)
{
    static const char *bad [] = { "18446744073709551000", "-1", "99999999999999999999999",
                                  "9223372036854775808" };
    char path [256];
    dp_test_tmp (path, sizeof path, "ckpt");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        FILE *f = fopen (path, "w");
        ck_assert_ptr_nonnull (f);
        fprintf (f, "depeche-fetch-checkpoint 2 abc %s 3 9\n", bad [i]);
        fclose (f);
        dp_ckpt_t back;
        ck_assert_int_eq (dp_ckpt_load (path, 0xabc, &back), 0);
        ck_assert (back.files_ok);
        ck_assert_uint_eq (back.files.file, 3);
        ck_assert_uint_eq (back.files.record, 9);
        ck_assert_uint_le (back.seq, DP_CKPT_SEQ_MAX);
        dp_ckpt_clear (&back);
    }
    unlink (path);
    //  The reservation never wraps, whatever seq it is given.
    uint64_t ceil = 0;
    ck_assert (dp_ckpt_seq_reserve (UINT64_MAX - 5, DP_CKPT_SEQ_BLOCK, &ceil));
    ck_assert_uint_ge (ceil, UINT64_MAX - 5);
    ck_assert (!dp_ckpt_seq_reserve (UINT64_MAX - 4, DP_CKPT_SEQ_BLOCK, &ceil));
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("ckpt");
    TCase *tc = tcase_create ("ckpt");
    tcase_set_timeout (tc, 30);
    tcase_add_test (tc, test_first_seq);
    tcase_add_test (tc, test_reserve_blocks);
    tcase_add_test (tc, test_seq_round_trip);
    tcase_add_test (tc, test_restart_clock_back);
    tcase_add_test (tc, test_seq_out_of_range);
    tcase_add_test (tc, test_save_failure_leaves_nothing);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
