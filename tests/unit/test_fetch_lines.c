//  depeche — where a JSON line ends: dp_eol_find (LF; CRLF; the lone CR of
//  an old Mac's file, but only when the input has no LF at all), and
//  fetch's JSON-lines reader on such files, plain and gzipped, among
//  others (`depeche push` uses the same function: test_hostile.sh).
#include "fetch/fetch.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "test_run.h"

START_TEST (test_eol_find)
{
    dp_eol_t eol = DP_EOL_UNKNOWN;
    const char *lf = "{\"a\":1}\r\n{\"b\":2}\n";
    ck_assert_ptr_eq (dp_eol_find (&eol, lf, strlen (lf), false), lf + 8);
    ck_assert_int_eq (eol, DP_EOL_LF);
    //  A CR as JSON whitespace inside a line of an LF file stays in it.
    eol = DP_EOL_UNKNOWN;
    const char *ws = "{\"a\":\r1}\n";
    ck_assert_ptr_eq (dp_eol_find (&eol, ws, strlen (ws), false), ws + 8);
    //  No LF yet and few bytes: too early to tell, unless at the end.
    eol = DP_EOL_UNKNOWN;
    const char *mac = "{\"a\":1}\r{\"b\":2}\r";
    ck_assert_ptr_null (dp_eol_find (&eol, mac, strlen (mac), false));
    ck_assert_int_eq (eol, DP_EOL_UNKNOWN);
    ck_assert_ptr_eq (dp_eol_find (&eol, mac, strlen (mac), true), mac + 7);
    ck_assert_int_eq (eol, DP_EOL_CR);
    ck_assert_ptr_eq (dp_eol_find (&eol, mac + 8, strlen (mac + 8), false), mac + 15);
    //  ... or past DP_EOL_SNIFF bytes without an LF.
    size_t big = DP_EOL_SNIFF + 10;
    char *buf = malloc (big);
    memset (buf, ' ', big);
    buf [100] = '\r';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_null (dp_eol_find (&eol, buf, DP_EOL_SNIFF - 1, false));
    ck_assert_ptr_eq (dp_eol_find (&eol, buf, big, false), buf + 100);
    ck_assert_int_eq (eol, DP_EOL_CR);
    //  No end at all: the rest is the last line (the caller's).
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_null (dp_eol_find (&eol, "{}", 2, true));
    free (buf);
}
END_TEST

static char s_dir [64];

static char *
s_write (const char *name, const char *data, size_t len, bool gz)
{
    char *path = NULL;
    ck_assert_int_ge (asprintf (&path, "%s/%s", s_dir, name), 0);
    if (gz) {
        gzFile f = gzopen (path, "wb");
        ck_assert_ptr_nonnull (f);
        ck_assert_int_eq (gzwrite (f, data, (unsigned) len), (int) len);
        gzclose (f);
    }
    else {
        FILE *f = fopen (path, "wb");
        ck_assert_ptr_nonnull (f);
        ck_assert_uint_eq (fwrite (data, 1, len, f), len);
        fclose (f);
    }
    return path;
}

//  Reads path; the ids of its articles joined by spaces ("!" for a dead
//  letter) into out.
static void
s_ids (char *path, char *out, size_t cap)
{
    dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
    ck_assert_ptr_nonnull (src);
    dp_article_t *doc;
    out [0] = '\0';
    while (dp_fetch_src_next (src, &doc) == DP_SRC_ARTICLE) {
        size_t n = strlen (out);
        snprintf (out + n, cap - n, "%s%s", n ? " " : "", doc->error ? "!" : doc->id);
        dp_article_destroy (&doc);
    }
    dp_fetch_src_destroy (&src);
}

START_TEST (test_fetch_cr_lines)
{
    strcpy (s_dir, "/tmp/dp-test-lines-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    dp_log_set_level (DP_LOG_ERROR);
    char got [256];
    //  An old Mac's file: three articles, a blank line between, no LF.
    const char *mac = "{\"id\":\"m1\",\"text\":\"Une.\"}\r{\"id\":\"m2\",\"text\":\"Deux.\"}\r\r"
                      "{\"id\":\"m3\",\"text\":\"Trois.\"}\r";
    for (int gz = 0; gz < 2; gz++) {
        char *path = s_write (gz ? "mac.jsonl.gz" : "mac.jsonl", mac, strlen (mac), gz);
        s_ids (path, got, sizeof got);
        ck_assert_str_eq (got, "m1 m2 m3");
        free (path);
    }
    //  Without the last CR, the last line still counts.
    char *path = s_write ("mac2.jsonl", mac, strlen (mac) - 1, false);
    s_ids (path, got, sizeof got);
    ck_assert_str_eq (got, "m1 m2 m3");
    free (path);
    //  CRLF, and LF with a CR as JSON whitespace: lines end at LF.
    const char *crlf = "{\"id\":\"w1\",\r\"text\":\"Une.\"}\r\n\r\n{\"id\":\"w2\",\"text\":\"Deux.\"}\r\n";
    path = s_write ("crlf.jsonl", crlf, strlen (crlf), false);
    s_ids (path, got, sizeof got);
    ck_assert_str_eq (got, "w1 w2");
    free (path);
    //  A second file of the same source starts its own guess.
    char *two [2] = { s_write ("a.jsonl", crlf, strlen (crlf), false),
                      s_write ("b.jsonl", mac, strlen (mac), false) };
    dp_fetch_src_t *src = dp_fetch_src_new (two, 2, 1 << 20);
    dp_article_t *doc;
    int ok = 0;
    while (dp_fetch_src_next (src, &doc) == DP_SRC_ARTICLE) {
        ok += !doc->error;
        dp_article_destroy (&doc);
    }
    ck_assert_int_eq (ok, 5);
    dp_fetch_src_destroy (&src);
    free (two [0]);
    free (two [1]);
    char cmd [128];
    snprintf (cmd, sizeof cmd, "rm -rf %s", s_dir);
    ck_assert_int_eq (system (cmd), 0);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("fetch_lines");
    TCase *tc = tcase_create ("lines");
    tcase_add_test (tc, test_eol_find);
    tcase_add_test (tc, test_fetch_cr_lines);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
