//  depeche — name skeletons (stages/sink/skeleton.c through
//  dp_canon_skeleton): what transliterations, marks, particles and elided
//  articles of one name share, and what tells two names apart.
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sink/canon.h"
#include "sink/skeleton.h"
#include "test_run.h"

static char *
s_skel (const char *name)
{
    static char buf [4][256];
    static int at = 0;
    at = (at + 1) % 4;
    dp_canon_skeleton (name, buf [at], sizeof buf [at]);
    return buf [at];
}

START_TEST (test_skeleton)
{
    //  Transliteration variants meet; word order does not count.
    const char *same [][2] = {
        { "Ilham Aliyev", "Ilham Aliev" }, { "Ilham Aliyev", "Ilham Alijew" },
        { "Ilham Aliyev", "Aliyev Ilham" }, { "Karabakh", "Karabagh" },
        { "Erevan", "Yerevan" }, { "Poutine", "Putin" }, { "Zelensky", "Zelenskyy" },
        { "Tchaïkovski", "Tchaikovsky" }, { "Tchaikovsky", "Tschaikowski" },
        { "Sergueï Lavrov", "Sergej Lawrow" }, { "Bachar el-Assad", "Bashar al-Assad" },
        { "l'Azerbaïdjan", "Azerbaïdjan" }, { "Rachmaninoff", "Rachmaninov" },
        { "Erdoğan", "Erdogan" }, { "Gorbatchev", "Gorbachev" },
        { "Khrouchtchev", "Khrushchev" }, { "ÉTATS-UNIS", "états unis" },
    };
    for (size_t i = 0; i < sizeof same / sizeof same [0]; i++)
        ck_assert_msg (strcmp (s_skel (same [i][0]), s_skel (same [i][1])) == 0,
                       "%s [%s] vs %s [%s]", same [i][0], s_skel (same [i][0]),
                       same [i][1], s_skel (same [i][1]));
    const char *apart [][2] = {
        { "Ilham Aliyev", "Heydar Aliyev" }, { "Austria", "Australia" },
        { "Iran", "Irak" }, { "Niger", "Nigeria" }, { "Slovénie", "Slovaquie" },
        { "UE", "UA" },
    };
    for (size_t i = 0; i < sizeof apart / sizeof apart [0]; i++)
        ck_assert_str_ne (s_skel (apart [i][0]), s_skel (apart [i][1]));
    //  No letters, empty, huge: no crash, bounded.
    ck_assert_str_eq (s_skel ("!!! --- 42"), "42");
    ck_assert_str_eq (s_skel ("« ... »"), "");
    ck_assert_str_eq (s_skel (""), "");
    char big [20000];
    memset (big, 'a', sizeof big - 1);
    big [sizeof big - 1] = '\0';
    for (size_t i = 7; i < sizeof big - 1; i += 9)
        big [i] = ' ';
    ck_assert_uint_lt (strlen (s_skel (big)), 256);
    ck_assert_uint_eq (dp_canon_skeleton ("\xff\xfe bad", big, sizeof big), 0);
}
END_TEST

//  The fold's ASCII shortcut gives what utf8proc's fold gives: every ASCII
//  character in a name, folded once by the shortcut and once by utf8proc
//  (a combining acute, which the fold strips, sends the name down that path).
START_TEST (test_skeleton_ascii_fold)
{
    for (int c = 1; c < 0x80; c++) {
        char plain [16], marked [32];
        snprintf (plain, sizeof plain, "Ab%cQrst Xy", c);
        snprintf (marked, sizeof marked, "%s\xcc\x81", plain);
        ck_assert_msg (strcmp (s_skel (plain), s_skel (marked)) == 0,
                       "0x%02x: [%s] vs [%s]", c, s_skel (plain), s_skel (marked));
    }
}
END_TEST

//  The fold's map by the table of Latin letters gives utf8proc's bytes:
//  every character alone, every pair of characters from U+0020 to U+024F
//  (the table's and ASCII, in either order), and random names mixing them
//  with combining marks, other scripts and bytes that are not UTF-8.
static void
s_map_same (const char *name)
{
    utf8proc_uint8_t *want = NULL;
    utf8proc_ssize_t n = utf8proc_map ((const utf8proc_uint8_t *) name, 0, &want,
                                       UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT
                                       | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD
                                       | UTF8PROC_STRIPMARK);
    char *got = dp_skel_map (name);
    if (n < 0)
        ck_assert_msg (got == NULL, "[%s]: utf8proc refuses it, the map does not", name);
    else
        ck_assert_msg (got && strcmp (got, (const char *) want) == 0,
                       "[%s]: [%s] against utf8proc's [%s]", name, got ? got : "(null)",
                       (const char *) want);
    free (want);
    free (got);
}

START_TEST (test_skeleton_latin_map)
{
    char name [64];
    for (utf8proc_int32_t a = 0x20; a < 0x250; a++) {
        utf8proc_ssize_t la = utf8proc_encode_char (a, (utf8proc_uint8_t *) name);
        name [la] = '\0';
        s_map_same (name);
        for (utf8proc_int32_t b = 0x20; b < 0x250; b++) {
            utf8proc_ssize_t lb = utf8proc_encode_char (b, (utf8proc_uint8_t *) name + la);
            name [la + lb] = '\0';
            s_map_same (name);
        }
    }
    static const utf8proc_int32_t other [] = {
        0x300, 0x301, 0x308, 0x327, 0x345, 0x391, 0x3C2, 0x410, 0x44F, 0x5D0, 0x627,
        0x1E9E, 0x1EA0, 0x2019, 0x2126, 0x212B, 0x3042, 0x4E2D, 0xFB01, 0x1F600,
    };
    uint64_t seed = 11;
    for (int round = 0; round < 50000; round++) {
        size_t o = 0;
        size_t len = 1 + (size_t) (seed >> 33) % 10;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint64_t r = seed >> 20;
            utf8proc_int32_t cp = r % 8 == 0 ? other [(r >> 8) % (sizeof other / sizeof other [0])]
                                : r % 8 < 4 ? (utf8proc_int32_t) (0x20 + (r >> 8) % 0x60)
                                : (utf8proc_int32_t) (0x80 + (r >> 8) % 0x1D0);
            if (r % 97 == 0)
                name [o++] = (char) (0x80 + (r >> 12) % 0x80);     //  a stray byte
            else
                o += (size_t) utf8proc_encode_char (cp, (utf8proc_uint8_t *) name + o);
        }
        name [o] = '\0';
        s_map_same (name);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("skeleton");
    TCase *tc = tcase_create ("skeleton");
    tcase_add_test (tc, test_skeleton);
    tcase_add_test (tc, test_skeleton_ascii_fold);
    tcase_add_test (tc, test_skeleton_latin_map);
    tcase_set_timeout (tc, 120);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
