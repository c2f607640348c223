//  depeche — unit tests of fetch's text sources: charsets (iconv, a
//  capture whose banner and page declare different ones), HTML files that
//  declare a legacy charset, and a followed file (append, truncation,
//  rotation). The WARC reader's tests are in test_fetch.c.
#include "fetch/fetch.h"
#include "fetch/warc.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fetch_fixture.h"
#include "test_run.h"

START_TEST (test_charset)
{
    size_t len, rep;
    char *s = dp_charset_to_utf8 ("caf\xe9", 4, "windows-1252", &len, &rep);
    ck_assert_str_eq (s, "café");
    ck_assert_uint_eq (rep, 0);
    free (s);
    s = dp_charset_to_utf8 ("\xa4", 1, "\"iso-8859-15\"", &len, &rep);
    ck_assert_str_eq (s, "€");
    free (s);
    //  ISO-8859-1 as browsers read it: windows-1252 (0x80 is the euro).
    s = dp_charset_to_utf8 ("\x80 \xe9", 3, "ISO-8859-1", &len, &rep);
    ck_assert_str_eq (s, "€ é");
    free (s);
    //  Undeclared (UTF-8) with a bad byte: repaired, counted.
    s = dp_charset_to_utf8 ("a\xe9z", 3, NULL, &len, &rep);
    ck_assert_str_eq (s, "a\xEF\xBF\xBDz");
    ck_assert_uint_eq (rep, 1);
    free (s);
    //  A charset iconv does not know: taken as UTF-8.
    s = dp_charset_to_utf8 ("ok", 2, "x-no-such-charset", &len, &rep);
    ck_assert_str_eq (s, "ok");
    free (s);
    //  Bytes invalid in the charset (0x81 is unmapped in windows-1252).
    s = dp_charset_to_utf8 ("a\x81z", 3, "windows-1252", &len, &rep);
    ck_assert_str_eq (s, "a\xEF\xBF\xBDz");
    ck_assert_uint_eq (rep, 1);
    free (s);
    char cs [64];
    ck_assert_str_eq (dp_charset_declared ("text/html; charset=\"Windows-1252\"", NULL, 0,
                                           cs, sizeof cs), "windows-1252");
    const char *page = "<html><head><META CHARSET='iso-8859-1'>";
    ck_assert_str_eq (dp_charset_declared (NULL, page, strlen (page), cs, sizeof cs),
                      "iso-8859-1");
    ck_assert_ptr_null (dp_charset_declared ("text/html", "<p>charset=x</p>", 16,
                                             cs, sizeof cs));
}
END_TEST

//  A capture whose banner declares UTF-8 before the page's own windows-1251
//  <meta>: bytes that are not UTF-8 are read in the page's charset when it
//  reads every one of them; not when that charset cannot read them either,
//  or when no other charset is declared.
//  Bytes iconv refuses one after another each become a U+FFFD, three
//  bytes for one: the output outgrew its buffer (found by fuzz_fetch under
//  libFuzzer: a WARC page in UTF-32 of invalid code points).
START_TEST (test_charset_refused_run)
{
    char in [200];
    memset (in, 0xFF, sizeof in);
    size_t len = 0, rep = 0;
    char *s = dp_charset_to_utf8 (in, sizeof in, "utf-32be", &len, &rep);
    ck_assert_ptr_nonnull (s);
    ck_assert_uint_eq (len, 3 * sizeof in);
    ck_assert_uint_eq (rep, sizeof in);
    ck_assert (dp_utf8_valid (s, len));
    ck_assert_uint_eq (strlen (s), len);
    free (s);
}
END_TEST

START_TEST (test_charset_of_page)
{
    const char *cap = "<html><head><meta charset=\"utf-8\"><title>capture</title>"
                      "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                      "charset=windows-1251\"></head><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
    size_t len;
    char *s = dp_charset_other (cap, strlen (cap), &len);
    ck_assert_ptr_nonnull (s);
    ck_assert_ptr_nonnull (strstr (s, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
    ck_assert_uint_eq (len, strlen (s));
    free (s);
    //  Bytes that shift_jis cannot read either (0x80 is unmapped there).
    const char *bad = "<meta charset=utf-8><meta charset=shift_jis><p>\x80\x80</p>";
    ck_assert_ptr_null (dp_charset_other (bad, strlen (bad), &len));
    //  No other charset declared.
    const char *none = "<meta charset=utf-8><p>\xcf\xf0</p>";
    ck_assert_ptr_null (dp_charset_other (none, strlen (none), &len));
    ck_assert (dp_charset_is_utf8 (NULL));
    ck_assert (dp_charset_is_utf8 ("utf8"));
    ck_assert (!dp_charset_is_utf8 ("windows-1252"));
}
END_TEST

//  An .html file with a declared legacy charset: converted, not flagged;
//  an undeclared one with bad bytes: repaired and flagged.
START_TEST (test_html_file_charset)
{
    s_buf_t a = { 0 }, b = { 0 };
    const char *p1 = "<html><head><meta charset=windows-1252></head><p>D\xe9j\xe0 vu</p>";
    const char *p2 = "<html><p>D\xe9j\xe0 vu</p>";
    s_add (&a, p1, strlen (p1));
    s_add (&b, p2, strlen (p2));
    char *paths [2] = { s_file ("a.html", &a), s_file ("b.html", &b) };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 2, 1 << 20);
    dp_article_t *d [4];
    size_t n = s_drain (src, d, NULL, 4);
    ck_assert_uint_eq (n, 2);
    ck_assert_ptr_nonnull (strstr (d [0]->html, "<p>Déjà vu</p>"));
    ck_assert_uint_eq (d [0]->n_flags, 0);
    ck_assert_uint_eq (d [1]->n_flags, 1);
    ck_assert_str_eq (d [1]->flags [0], "utf8-repaired");
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (paths [0]);
    free (paths [1]);
    free (a.s);
    free (b.s);
}
END_TEST

static void
s_append (const char *path, const char *text)
{
    FILE *f = fopen (path, "a");
    ck_assert_ptr_nonnull (f);
    fputs (text, f);
    fclose (f);
}

//  Waits (up to 2 s) for the next article of a live source.
static dp_article_t *
s_next_live (dp_fetch_src_t *src)
{
    for (int i = 0; i < 200; i++) {
        dp_article_t *doc = NULL;
        dp_src_rc_t rc = dp_fetch_src_next (src, &doc);
        ck_assert_int_ne (rc, DP_SRC_DONE);
        ck_assert_int_ne (rc, DP_SRC_FATAL);
        if (rc == DP_SRC_ARTICLE)
            return doc;
        usleep (10000);
    }
    return NULL;
}

//  Ids that differ only in bytes that are not UTF-8, in \u0000 or in a
//  lone surrogate escape all read as "x\uFFFDy" once repaired: the sink
//  wrote the first and dropped the others as copies of it (counted as
//  duplicates, never dead letters). Each now keeps an id of its own,
//  the same on every read of the same line; so do two ids made of URLs
//  that differ only there. A clean id, and a line repaired elsewhere,
//  keep theirs.
START_TEST (test_repaired_ids_stay_apart)
{
    s_buf_t b = { 0 };
    const char *lines [] = {
        "{\"id\":\"x\xC3y\",\"text\":\"Un.\"}\n",
        "{\"id\":\"x\\u0000y\",\"text\":\"Un.\"}\n",
        "{\"id\":\"x\xFFy\",\"text\":\"Un.\"}\n",
        "{\"id\":\"x\\ud800y\",\"text\":\"Un.\"}\n",
        "{\"url\":\"http://a.example/\xC3\",\"text\":\"Un.\"}\n",
        "{\"url\":\"http://a.example/\xFF\",\"text\":\"Un.\"}\n",
        "{\"id\":\"propre\",\"text\":\"Un \xFF.\"}\n",
        "{\"id\":\"x\xEF\xBF\xBDy\",\"text\":\"Un.\"}\n",
        //  A record this pipeline wrote, read again (a replay of the sink's
        //  output): its id was hashed once and stays as it is.
        "{\"id\":\"x\xEF\xBF\xBDy~0123456789abcdef\",\"text\":\"Un.\","
        "\"flags\":[\"utf8-repaired\"]}\n",
    };
    size_t n_lines = sizeof lines / sizeof lines [0];
    for (size_t i = 0; i < n_lines; i++)
        s_add (&b, lines [i], strlen (lines [i]));
    char *path = s_file ("ids.jsonl", &b);
    char *ids [2][9];
    for (int run = 0; run < 2; run++) {
        dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
        dp_article_t *d [16];
        size_t n = s_drain (src, d, NULL, 16);
        ck_assert_uint_eq (n, n_lines);
        for (size_t i = 0; i < n; i++) {
            ck_assert_ptr_null (d [i]->error);
            ck_assert_ptr_nonnull (d [i]->id);
            ck_assert (dp_utf8_valid (d [i]->id, strlen (d [i]->id)));
            ids [run][i] = strdup (d [i]->id);
        }
        ck_assert_str_eq (d [6]->id, "propre");
        ck_assert_str_eq (d [7]->id, "x\xEF\xBF\xBDy");
        ck_assert_str_eq (d [8]->id, "x\xEF\xBF\xBDy~0123456789abcdef");
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
    }
    for (size_t i = 0; i < n_lines; i++) {
        ck_assert_str_eq (ids [0][i], ids [1][i]);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg (strcmp (ids [0][i], ids [0][j]) != 0,
                           "lines %zu and %zu share the id %s", j + 1, i + 1, ids [0][i]);
    }
    for (int run = 0; run < 2; run++)
        for (size_t i = 0; i < n_lines; i++)
            free (ids [run][i]);
    free (path);
    free (b.s);
}
END_TEST

START_TEST (test_follow)
{
    char path [128], old [140];
    snprintf (path, sizeof path, "%s/live.jsonl", s_dir);
    snprintf (old, sizeof old, "%s.1", path);
    s_append (path, "{\"text\":\"before start\"}\n");
    dp_fetch_src_t *src = dp_fetch_src_new (NULL, 0, 1 << 20);
    ck_assert_int_eq (dp_fetch_src_follow (src, path), 0);
    ck_assert (dp_fetch_src_live (src));
    const char *want [] = { "one", "two", "three", "four", "5" };
    s_append (path, "{\"text\":\"one\"}\n{\"text\":\"tw");
    dp_article_t *doc = s_next_live (src);
    ck_assert_str_eq (doc->text, "one");
    dp_article_destroy (&doc);
    s_append (path, "o\"}\n");
    size_t k = 1;
    doc = s_next_live (src);
    ck_assert_str_eq (doc->text, want [k++]);
    dp_article_destroy (&doc);
    //  Rotation: a last line in the old file, then a new file.
    s_append (path, "{\"text\":\"three\"}\n");
    ck_assert_int_eq (rename (path, old), 0);
    s_append (path, "{\"text\":\"four\"}\n");
    for (; k < 4; k++) {
        doc = s_next_live (src);
        ck_assert_ptr_nonnull (doc);
        ck_assert_str_eq (doc->text, want [k]);
        dp_article_destroy (&doc);
    }
    //  Truncation: from the top of the same file (seen when the file is
    //  shorter than what was read, as with tail -F).
    FILE *f = fopen (path, "w");
    fputs ("{\"text\":\"5\"}\n", f);
    fclose (f);
    doc = s_next_live (src);
    ck_assert_ptr_nonnull (doc);
    ck_assert_str_eq (doc->text, want [4]);
    dp_article_destroy (&doc);
    dp_fetch_src_destroy (&src);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("fetch_text");
    TCase *tc = tcase_create ("fetch_text");
    tcase_set_timeout (tc, 60);
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_add_test (tc, test_charset);
    tcase_add_test (tc, test_charset_refused_run);
    tcase_add_test (tc, test_charset_of_page);
    tcase_add_test (tc, test_html_file_charset);
    tcase_add_test (tc, test_follow);
    tcase_add_test (tc, test_repaired_ids_stay_apart);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
