//  depeche — where a JSON line ends: dp_eol_find (LF; CRLF; the lone CR of
//  an old Mac's file, but only when the input has no LF at all), and
//  fetch's JSON-lines reader on such files, plain and gzipped, among
//  others, and a stage's stdin reader (`depeche push` uses the same
//  function: test_hostile.sh).
#include "fetch/fetch.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"
#include "depeche/dp_stage.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
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
    //  A CR as the last byte read, past the sniff, may be the CR of a
    //  CRLF whose LF comes with the next read: undecided until then.
    memset (buf, ' ', big);
    buf [big - 1] = '\r';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_null (dp_eol_find (&eol, buf, big, false));
    ck_assert_int_eq (eol, DP_EOL_UNKNOWN);
    char *crlf = malloc (big + 1);
    memcpy (crlf, buf, big);
    crlf [big] = '\n';
    ck_assert_ptr_eq (dp_eol_find (&eol, crlf, big + 1, false), crlf + big);
    ck_assert_int_eq (eol, DP_EOL_LF);
    free (crlf);
    //  ... and a lone CR at the very end of the input ends its line.
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_eq (dp_eol_find (&eol, buf, big, true), buf + big - 1);
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

static dp_rc_t
s_note_id (void *state, dp_article_t *doc)
{
    fprintf (state, "%s|", doc->error ? "dead" : doc->id ? doc->id : "-");
    return DP_OK;
}

//  The ids a stage reading JSON lines on stdin (--in -) sees in input.
static char *
s_stage_ids (const char *input, size_t len)
{
    char in [] = "/tmp/dp-test-lines-XXXXXX", out [] = "/tmp/dp-test-ids-XXXXXX";
    int fd = mkstemp (in), fo = mkstemp (out);
    ck_assert_int_ge (fd, 0);
    ck_assert_int_ge (fo, 0);
    ck_assert_int_eq (write (fd, input, len), (ssize_t) len);
    close (fd);
    pid_t pid = fork ();
    ck_assert_int_ge (pid, 0);
    if (pid == 0) {
        FILE *f = fdopen (fo, "w");
        if (!f || !freopen (in, "r", stdin))
            _exit (3);
        dp_stage_cfg_t cfg;
        dp_stage_cfg_defaults (&cfg, "split");
        cfg.in = "-";
        cfg.see_dead = true;
        dp_stage_t *st = dp_stage_new (&cfg);
        if (!st)
            _exit (4);
        dp_stage_run (st, s_note_id, f, NULL, 0);
        dp_stage_destroy (&st);
        fclose (f);
        _exit (0);
    }
    close (fo);
    int status;
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert_int_eq (WEXITSTATUS (status), 0);
    static char ids [256];
    FILE *f = fopen (out, "r");
    ck_assert_ptr_nonnull (f);
    size_t n = fread (ids, 1, sizeof ids - 1, f);
    ids [n] = '\0';
    fclose (f);
    unlink (in);
    unlink (out);
    return ids;
}

//  Stages read an old Mac's lines (CR only) from stdin as fetch and
//  `depeche push` do, LF and CRLF lines as before; a first line longer than
//  the 64 KB dp_eol_find looks at decides by the first line end to come.
START_TEST (test_stage_reads_cr_lines)
{
    const char *cr = "{\"id\":\"a\",\"text\":\"Un.\"}\r{\"id\":\"b\",\"text\":\"Deux.\"}\r\r"
                     "{\"id\":\"c\",\"text\":\"Trois.\"}";
    ck_assert_str_eq (s_stage_ids (cr, strlen (cr)), "a|b|c|");
    const char *crlf = "{\"id\":\"a\",\"text\":\"Un.\"}\r\n\r\n{\"id\":\"b\",\"text\":\"Deux.\"}\r\n";
    ck_assert_str_eq (s_stage_ids (crlf, strlen (crlf)), "a|b|");
    const char *lf = "{\"id\":\"a\",\"text\":\"Un.\"}\n{\"id\":\"b\",\"text\":\"Deux.\"}";
    ck_assert_str_eq (s_stage_ids (lf, strlen (lf)), "a|b|");
    //  A first line of 100 KB, then the same ends of lines.
    const char *ends [] = { "\r", "\n", "\r\n" };
    for (int k = 0; k < 3; k++) {
        size_t big = 100000;
        char *buf = malloc (big + 200);
        ck_assert_ptr_nonnull (buf);
        int n = sprintf (buf, "{\"id\":\"big\",\"text\":\"");
        memset (buf + n, 'x', big);
        n += (int) big;
        n += sprintf (buf + n, "\"}%s{\"id\":\"b\",\"text\":\"Deux.\"}%s", ends [k], ends [k]);
        ck_assert_str_eq (s_stage_ids (buf, (size_t) n), "big|b|");
        free (buf);
    }
    //  A CRLF file whose first line's CR is the last byte of a read (stdin
    //  is read 64 KB at a time): its LF, in the next read, makes it LF
    //  lines, so a CR inside the next line stays JSON whitespace.
    size_t cr_at = 2 * 65536 - 1;
    char *buf = malloc (cr_at + 100);
    ck_assert_ptr_nonnull (buf);
    int n = sprintf (buf, "{\"id\":\"big\",\"text\":\"");
    memset (buf + n, 'x', cr_at - 2 - (size_t) n);
    n = (int) cr_at - 2;
    n += sprintf (buf + n, "\"}\r\n{\"id\":\"b\",\r\"text\":\"Deux.\"}\r\n");
    ck_assert_int_eq (buf [cr_at], '\r');
    ck_assert_str_eq (s_stage_ids (buf, (size_t) n), "big|b|");
    free (buf);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("fetch_lines");
    TCase *tc = tcase_create ("lines");
    tcase_add_test (tc, test_eol_find);
    tcase_add_test (tc, test_fetch_cr_lines);
    tcase_add_test (tc, test_stage_reads_cr_lines);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
