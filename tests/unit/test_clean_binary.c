//  Unit tests of dpc_is_binary (stages/clean/text.c), the control-byte
//  count every page goes through: its 16-, 8- and 1-byte paths must count
//  alike, at every length and offset, past the 255 rounds a vector lane
//  holds, and on the 10% threshold exactly. Inputs are made here.
#include "clean/clean_impl.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "test_run.h"

//  The rule, one byte at a time.
static bool
s_naive (const unsigned char *s, size_t len)
{
    size_t ctl = 0;
    for (size_t i = 0; i < len; i++)
        ctl += (s [i] < 0x20 && s [i] != '\t' && s [i] != '\n' && s [i] != '\f'
                && s [i] != '\r') || s [i] == 0x7F;
    return len && ctl * 10 > len;
}

START_TEST (test_binary_as_naive)
{
    enum { N = 20000 };
    unsigned char *buf = malloc (N + 16);
    ck_assert_ptr_nonnull (buf);
    unsigned int seed = 18;
    //  Densities of control bytes around the threshold, every byte value.
    for (int density = 0; density <= 20; density++) {
        for (size_t i = 0; i < N + 16; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            buf [i] = (unsigned char) ((r % 100) < (unsigned) density * 1 ? r % 0x20
                                       : (r % 7 == 0) ? 0x7F : 0x20 + r % 0xE0);
        }
        for (size_t len = 0; len < 70; len++)
            for (size_t off = 0; off < 16; off++)
                ck_assert_int_eq (dpc_is_binary ((const char *) buf + off, len),
                                  s_naive (buf + off, len));
        size_t lens [] = { 4079, 4080, 4081, 4096, 8191, 16 * 255 * 2 + 3, N };
        for (size_t k = 0; k < sizeof lens / sizeof lens [0]; k++)
            ck_assert_int_eq (dpc_is_binary ((const char *) buf + 1, lens [k]),
                              s_naive (buf + 1, lens [k]));
    }
    free (buf);
}
END_TEST

//  Exactly 10% control bytes is text; one more makes it binary: the count
//  must be exact over lanes that wrapped their 255 rounds.
START_TEST (test_binary_threshold)
{
    enum { N = 16 * 255 * 3 + 10 };     //  several lane flushes, and a tail
    char *buf = malloc (N);
    ck_assert_ptr_nonnull (buf);
    memset (buf, 'a', N);
    size_t want = N / 10;
    for (size_t i = 0; i < want; i++)
        buf [(i * 10) % N] = (char) 0x01;
    ck_assert (!dpc_is_binary (buf, N));
    buf [N - 1] = (char) 0x7F;
    ck_assert (dpc_is_binary (buf, N));
    memset (buf, '\t', N);
    ck_assert (!dpc_is_binary (buf, N));
    memset (buf, 0, N);
    ck_assert (dpc_is_binary (buf, N));
    free (buf);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_binary");
    TCase *tc = tcase_create ("is_binary");
    tcase_add_test (tc, test_binary_as_naive);
    tcase_add_test (tc, test_binary_threshold);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
