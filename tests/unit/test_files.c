//  Unit tests of the files at both ends of the pipeline: fetch's sources
//  (file kinds, truncated gzip, oversize articles, resume, ids) and the
//  sink's exact-once JSON-lines writer (duplicates, a partial last line).
//  The WARC reader is in test_fetch.c, charsets and followed files in
//  test_fetch_text.c.
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "depeche/dp_article.h"
#include "depeche/dp_common.h"
#include "fetch/fetch.h"
#include "sink/sink.h"
#include "test_run.h"
//  --------------------------------------------------------------------------
//  fetch sources

static char s_dir [64];

static void
s_write (const char *name, const void *data, size_t len)
{
    char path [256];
    snprintf (path, sizeof path, "%s/%s", s_dir, name);
    FILE *f = fopen (path, "wb");
    ck_assert_ptr_nonnull (f);
    fwrite (data, 1, len, f);
    fclose (f);
}

static void
s_mkfixtures (void)
{
    strcpy (s_dir, "/tmp/dp-test-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
}

static void
s_rmfixtures (void)
{
    char cmd [128];
    snprintf (cmd, sizeof cmd, "rm -rf %s", s_dir);
    ck_assert_int_eq (system (cmd), 0);
}

//  Reads every article of the sources; returns how many, fills arrays.
static size_t
s_drain (dp_fetch_src_t *src, dp_article_t **docs, size_t max)
{
    size_t n = 0;
    dp_article_t *doc;
    dp_src_rc_t rc;
    while ((rc = dp_fetch_src_next (src, &doc)) == DP_SRC_ARTICLE) {
        ck_assert_uint_lt (n, max);
        docs [n++] = doc;
    }
    ck_assert_int_eq (rc, DP_SRC_DONE);
    return n;
}

START_TEST (test_fetch_kinds)
{
    s_mkfixtures ();
    s_write ("a.txt", "Un texte.\n", 10);
    s_write ("b.html", "<p>Salut</p>", 12);
    const char *jl = "{\"url\":\"https://x/1\",\"text\":\"un\"}\nnot json\n\n"
                     "{\"text\":\"deux\",\"id\":\"keep\"}\n{\"title\":\"no body\"}";
    s_write ("c.jsonl", jl, strlen (jl));
    s_write ("empty.txt", "", 0);
    s_write ("blank.txt", "  \n\n", 4);
    s_write ("bin.txt", "\x01\x02\x00\x03zz", 6);
    s_write ("skip.png", "PNG", 3);
    s_write (".hidden.txt", "hidden", 6);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [32];
    size_t n = s_drain (src, docs, 32);
    //  sorted: a.txt b.html bin.txt blank.txt c.jsonl(5 records) empty.txt
    ck_assert_uint_eq (n, 9);
    ck_assert_str_eq (docs [0]->text, "Un texte.\n");
    ck_assert_ptr_null (docs [0]->error);
    ck_assert_str_eq (docs [1]->html, "<p>Salut</p>");
    ck_assert_ptr_nonnull (strstr (docs [2]->error, "binary"));
    ck_assert_ptr_nonnull (strstr (docs [3]->error, "empty"));
    ck_assert_str_eq (docs [4]->text, "un");
    ck_assert (docs [4]->id [0] == 'u');            //  id from the URL
    ck_assert_ptr_nonnull (strstr (docs [4]->source, "c.jsonl:1"));
    ck_assert_ptr_nonnull (strstr (docs [5]->error, "malformed JSON"));
    ck_assert_str_eq (docs [5]->text, "not json");  //  the raw line is kept
    ck_assert_str_eq (docs [6]->id, "keep");
    ck_assert_ptr_nonnull (strstr (docs [6]->source, "c.jsonl:4"));
    ck_assert_ptr_nonnull (strstr (docs [7]->error, "neither html nor text"));
    ck_assert_ptr_nonnull (strstr (docs [8]->error, "empty"));
    ck_assert_uint_eq (dp_fetch_src_stats (src)->skipped, 1);
    //  Ids are stable: the same sources give the same ids.
    dp_fetch_src_t *again = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs2 [32];
    ck_assert_uint_eq (s_drain (again, docs2, 32), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq (docs [i]->id, docs2 [i]->id);
        dp_article_destroy (&docs [i]);
        dp_article_destroy (&docs2 [i]);
    }
    dp_fetch_src_destroy (&src);
    dp_fetch_src_destroy (&again);
    s_rmfixtures ();
}
END_TEST

//  A few NUL bytes in a page are damage, not a binary file: they are
//  dropped, the page goes on flagged and counted. A file that is mostly
//  NULs and too short to tell (10 bytes of UTF-16 without its byte-order
//  mark) is still binary.
START_TEST (test_fetch_nul_bytes)
{
    s_mkfixtures ();
    const char page [] = "<html><body><p>Le chat\0 dort.</p>\0<p>Deux.</p></body></html>";
    s_write ("page.html", page, sizeof page - 1);
    const char text [] = "Un\0 texte assez long pour une ligne.\n";
    s_write ("t.txt", text, sizeof text - 1);
    s_write ("u16.txt", "h\0e\0l\0l\0o\0", 10);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [8];
    ck_assert_uint_eq (s_drain (src, docs, 8), 3);
    ck_assert_ptr_null (docs [0]->error);
    ck_assert_str_eq (docs [0]->html,
                      "<html><body><p>Le chat dort.</p><p>Deux.</p></body></html>");
    ck_assert_uint_eq (docs [0]->n_flags, 1);
    ck_assert_str_eq (docs [0]->flags [0], "nul-dropped");
    ck_assert_ptr_null (docs [1]->error);
    ck_assert_str_eq (docs [1]->text, "Un texte assez long pour une ligne.\n");
    ck_assert_ptr_nonnull (strstr (docs [2]->error, "binary"));
    ck_assert_uint_eq (dp_fetch_src_stats (src)->nul_dropped, 3);
    for (size_t i = 0; i < 3; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

//  Writes a Latin-1 string as UTF-16 (little or big endian) or UTF-32LE
//  into out; returns the byte count.
static size_t
s_wide (const char *latin1, int width, bool big, char *out)
{
    size_t o = 0;
    for (const char *p = latin1; *p; p++)
        for (int k = 0; k < width; k++)
            out [o++] = (char) (k == (big ? width - 1 : 0) ? *p : 0);
    return o;
}

//  UTF-16 without its byte-order mark is read by where its NULs are
//  (flagged charset-guessed; it was a "binary" dead letter); UTF-32 with
//  its mark is read as UTF-32 (its FF FE 00 00 was taken for UTF-16's,
//  every other character U+FFFD); NULs alone stay binary.
START_TEST (test_fetch_utf16_utf32)
{
    s_mkfixtures ();
    const char *latin1 = "Le maire de Lyon a parl\xe9 hier soir.\n";
    const char *utf8 = "Le maire de Lyon a parl\xc3\xa9 hier soir.\n";
    char buf [512];
    s_write ("a-le.txt", buf, s_wide (latin1, 2, false, buf));
    size_t n = s_wide ("<p>Le maire de Lyon a parl\xe9 hier soir.</p>", 2, true, buf);
    s_write ("b-be.html", buf, n);
    memcpy (buf, "\xFF\xFE\0\0", 4);
    s_write ("c-32.txt", buf, 4 + s_wide (latin1, 4, false, buf + 4));
    memset (buf, 0, 64);
    s_write ("d-zeros.txt", buf, 64);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [8];
    ck_assert_uint_eq (s_drain (src, docs, 8), 4);
    ck_assert_ptr_null (docs [0]->error);
    ck_assert_str_eq (docs [0]->text, utf8);
    ck_assert_uint_eq (docs [0]->n_flags, 1);
    ck_assert_str_eq (docs [0]->flags [0], "charset-guessed");
    ck_assert_ptr_null (docs [1]->error);
    ck_assert_str_eq (docs [1]->html, "<p>Le maire de Lyon a parl\xc3\xa9 hier soir.</p>");
    ck_assert_ptr_null (docs [2]->error);
    ck_assert_str_eq (docs [2]->text, utf8);
    ck_assert_uint_eq (docs [2]->n_flags, 0);
    ck_assert_ptr_nonnull (strstr (docs [3]->error, "binary"));
    for (size_t i = 0; i < 4; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

//  Writes data compressed with gzip (twice when twice) to name.
static void
s_write_gz (const char *name, const char *data, bool twice)
{
    char path [256];
    snprintf (path, sizeof path, "%s/%s%s", s_dir, name, twice ? ".tmp" : "");
    gzFile gz = gzopen (path, "wb");
    ck_assert_ptr_nonnull (gz);
    gzwrite (gz, data, (unsigned) strlen (data));
    gzclose (gz);
    if (twice) {
        size_t len;
        char *once = dp_read_file (path, &len);
        ck_assert_ptr_nonnull (once);
        unlink (path);
        snprintf (path, sizeof path, "%s/%s", s_dir, name);
        gz = gzopen (path, "wb");
        gzwrite (gz, once, (unsigned) len);
        gzclose (gz);
        free (once);
    }
}

//  Whole files compressed with gzip are read as their kind (they were
//  skipped in a folder, binary when named); one compressed twice, or a
//  .jsonl.gz compressed twice, is one dead letter that says so (the
//  latter was a dead letter per 0x0A byte of binary); a file of no kind
//  fetch reads is skipped and counted.
//  One gzip member per two lines (as gzip -c >> appends), the third cut
//  short: the lines of the members before and after it come out, and one
//  dead letter says where reading went on (it used to end at the damage,
//  losing every member after it).
START_TEST (test_fetch_gzip_member_resync)
{
    s_mkfixtures ();
    char path [256];
    snprintf (path, sizeof path, "%s/m.tmp", s_dir);
    size_t ends [5];
    for (int m = 0; m < 5; m++) {
        gzFile gz = gzopen (path, "ab");
        ck_assert_ptr_nonnull (gz);
        for (int k = 0; k < 2; k++)
            gzprintf (gz, "{\"id\":\"m%d\",\"text\":\"Ligne %d.\"}\n", 2 * m + k, 2 * m + k);
        gzclose (gz);
        size_t len;
        free (dp_read_file (path, &len));
        ends [m] = len;
    }
    size_t len;
    char *data = dp_read_file (path, &len);
    ck_assert_ptr_nonnull (data);
    size_t cut_at = ends [1] + 20;      //  member 3 keeps 20 bytes
    char *bad = malloc (len);
    memcpy (bad, data, cut_at);
    memcpy (bad + cut_at, data + ends [2], len - ends [2]);
    s_write ("cut.jsonl.gz", bad, cut_at + len - ends [2]);
    free (bad);
    free (data);
    unlink (path);
    snprintf (path, sizeof path, "%s/cut.jsonl.gz", s_dir);
    char *paths [] = { path };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [16];
    ck_assert_uint_eq (s_drain (src, docs, 16), 9);
    const char *want [] = { "m0", "m1", "m2", "m3", NULL, "m6", "m7", "m8", "m9" };
    for (size_t i = 0; i < 9; i++) {
        if (want [i]) {
            ck_assert_ptr_null (docs [i]->error);
            ck_assert_str_eq (docs [i]->id, want [i]);
        }
        else
            ck_assert_ptr_nonnull (strstr (docs [i]->error, "reading went on at the next gzip member"));
        dp_article_destroy (&docs [i]);
    }
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_fetch_gzip_whole)
{
    s_mkfixtures ();
    s_write_gz ("a.txt.gz", "Le maire de Lyon a parl\xc3\xa9.\n", false);
    s_write_gz ("b.html.gz", "<p>Le maire de Lyon.</p>", false);
    s_write_gz ("c.json.gz", "{\"id\":\"c\",\"text\":\"Un texte.\"}", false);
    s_write_gz ("d.txt.gz", "Deux fois.\n", true);
    s_write_gz ("e.jsonl.gz", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n", true);
    s_write ("f.png", "\x89PNG", 4);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [8];
    ck_assert_uint_eq (s_drain (src, docs, 8), 5);
    ck_assert_ptr_null (docs [0]->error);
    ck_assert_str_eq (docs [0]->text, "Le maire de Lyon a parl\xc3\xa9.\n");
    ck_assert_ptr_null (docs [1]->error);
    ck_assert_str_eq (docs [1]->html, "<p>Le maire de Lyon.</p>");
    ck_assert_ptr_null (docs [2]->error);
    ck_assert_str_eq (docs [2]->id, "c");
    ck_assert_ptr_nonnull (strstr (docs [3]->error, "compressed twice"));
    ck_assert_ptr_nonnull (strstr (docs [4]->error, "compressed twice"));
    ck_assert_uint_eq (dp_fetch_src_stats (src)->skipped, 1);
    for (size_t i = 0; i < 5; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_fetch_gzip_truncated)
{
    s_mkfixtures ();
    //  200 records, compressed, then cut in the middle: the records before
    //  the damage come out, then one dead letter that says where.
    char path [256];
    snprintf (path, sizeof path, "%s/full.jsonl.gz", s_dir);
    gzFile gz = gzopen (path, "wb");
    unsigned seed = 7;
    for (int i = 0; i < 200; i++) {
        char line [600];
        int n = snprintf (line, sizeof line, "{\"text\":\"record %d ", i);
        for (int k = 0; k < 400; k++)
            line [n++] = (char) ('a' + rand_r (&seed) % 26);   //  incompressible-ish
        n += snprintf (line + n, sizeof line - (size_t) n, "\"}\n");
        gzwrite (gz, line, (unsigned) n);
    }
    gzclose (gz);
    size_t len;
    char *data = dp_read_file (path, &len);
    s_write ("cut.jsonl.gz", data, len / 2);
    free (data);
    snprintf (path, sizeof path, "%s/cut.jsonl.gz", s_dir);
    char *paths [] = { path };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [256];
    size_t n = s_drain (src, docs, 256);
    ck_assert_uint_gt (n, 50);
    ck_assert_uint_lt (n, 200);
    for (size_t i = 0; i + 1 < n; i++)
        ck_assert_ptr_null (docs [i]->error);
    ck_assert_ptr_nonnull (docs [n - 1]->error);
    ck_assert_ptr_nonnull (strstr (docs [n - 1]->error, "gzip"));
    for (size_t i = 0; i < n; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    //  Garbage that is not gzip at all, named .jsonl.gz: read as plain
    //  lines by zlib's transparent mode, so each line is a dead letter.
    s_write ("junk.jsonl.gz", "\x1f\x8b\x08garbage", 11);
    snprintf (path, sizeof path, "%s/junk.jsonl.gz", s_dir);
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    n = s_drain (src, docs, 256);
    ck_assert_uint_ge (n, 1);
    ck_assert_ptr_nonnull (docs [n - 1]->error);
    for (size_t i = 0; i < n; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

//  What follows the last gzip member when it starts no other: zlib's
//  gzread ignored it in silence. Plain lines appended to an archive are
//  records, read as lines; binary bytes (padding, a foreign stream) are
//  skipped, said by a dead letter; both are counted. Two members are two
//  members, no junk.
static void
s_gz_member (const char *name, const char *text, const char *mode)
{
    char path [256];
    snprintf (path, sizeof path, "%s/%s", s_dir, name);
    gzFile gz = gzopen (path, mode);
    ck_assert_ptr_nonnull (gz);
    gzwrite (gz, text, (unsigned) strlen (text));
    gzclose (gz);
}

static void
s_append (const char *name, const void *data, size_t len)
{
    char path [256];
    snprintf (path, sizeof path, "%s/%s", s_dir, name);
    FILE *f = fopen (path, "ab");
    ck_assert_ptr_nonnull (f);
    fwrite (data, 1, len, f);
    fclose (f);
}

START_TEST (test_fetch_gzip_junk_after)
{
    s_mkfixtures ();
    const char *two = "{\"text\":\"un\"}\n{\"text\":\"deux\"}\n";
    s_gz_member ("a-text.jsonl.gz", two, "wb");
    const char *more = "{\"text\":\"trois\"}\n{\"text\":\"quatre é\"}\n";
    s_append ("a-text.jsonl.gz", more, strlen (more));
    s_gz_member ("b-bin.jsonl.gz", two, "wb");
    char zeros [300] = { 0 };
    s_append ("b-bin.jsonl.gz", zeros, sizeof zeros);
    s_gz_member ("c-two.jsonl.gz", two, "wb");
    s_gz_member ("c-two.jsonl.gz", more, "ab");
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [16];
    size_t n = s_drain (src, docs, 16);
    ck_assert_uint_eq (n, 4 + 3 + 4);
    const char *want [] = { "un", "deux", "trois", "quatre é", "un", "deux", NULL,
                            "un", "deux", "trois", "quatre é" };
    for (size_t i = 0; i < n; i++) {
        if (!want [i]) {
            ck_assert_msg (docs [i]->error && strstr (docs [i]->error, "300 bytes after "
                           "the last gzip member") && strstr (docs [i]->error, "skipped"),
                           "%s", docs [i]->error);
            ck_assert_ptr_nonnull (strstr (docs [i]->source, "b-bin.jsonl.gz"));
        }
        else {
            ck_assert_ptr_null (docs [i]->error);
            ck_assert_str_eq (docs [i]->text, want [i]);
        }
        dp_article_destroy (&docs [i]);
    }
    ck_assert_uint_eq (dp_fetch_src_stats (src)->gz_junk, 2);
    ck_assert_uint_eq (dp_fetch_src_stats (src)->dead, 1);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_fetch_oversize)
{
    s_mkfixtures ();
    char *big = malloc (5000);
    memset (big, 'y', 5000);
    s_write ("big.txt", big, 5000);
    //  A JSON line far over the limit: skipped to its end, then one dead
    //  letter, then the next line is read normally.
    FILE *f;
    char path [256];
    snprintf (path, sizeof path, "%s/lines.jsonl", s_dir);
    f = fopen (path, "w");
    fputs ("{\"text\":\"", f);
    for (int i = 0; i < 400; i++)
        fwrite (big, 1, 5000, f);
    //  ... and a line under the line limit whose text is over the limit.
    fputs ("\"}\n{\"text\":\"", f);
    fwrite (big, 1, 5000, f);
    fputs ("\"}\n{\"text\":\"small\"}\n", f);
    fclose (f);
    free (big);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1000);
    dp_article_t *docs [8];
    size_t n = s_drain (src, docs, 8);
    ck_assert_uint_eq (n, 4);
    ck_assert_ptr_nonnull (docs [0]->error);
    ck_assert_ptr_nonnull (strstr (docs [0]->error, "size limit"));
    ck_assert_ptr_nonnull (docs [1]->error);
    ck_assert_ptr_nonnull (strstr (docs [1]->error, "size limit"));
    ck_assert_ptr_nonnull (docs [2]->error);
    ck_assert_ptr_nonnull (strstr (docs [2]->error, "size limit"));
    ck_assert_ptr_null (docs [2]->text);
    ck_assert_str_eq (docs [3]->text, "small");
    for (size_t i = 0; i < n; i++)
        dp_article_destroy (&docs [i]);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_fetch_resume)
{
    //  Three sources: a.txt, b.jsonl (4 records), c.txt. Resuming at the
    //  third record of b.jsonl gives b:3, b:4, c and nothing before.
    s_mkfixtures ();
    s_write ("a.txt", "A.", 2);
    const char *jl = "{\"text\":\"1\"}\n{\"text\":\"2\"}\n{\"text\":\"3\"}\n{\"text\":\"4\"}\n";
    s_write ("b.jsonl", jl, strlen (jl));
    s_write ("c.txt", "C.", 2);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_article_t *docs [8];
    dp_fetch_pos_t pos [8];
    size_t n = 0;
    dp_article_t *doc;
    while (dp_fetch_src_next (src, &doc) == DP_SRC_ARTICLE) {
        pos [n] = dp_fetch_src_pos (src);
        docs [n++] = doc;
    }
    ck_assert_uint_eq (n, 6);
    ck_assert_uint_eq (pos [0].file, 0);
    ck_assert_uint_eq (pos [3].file, 1);
    ck_assert_uint_eq (pos [3].record, 3);
    ck_assert_uint_eq (pos [5].file, 2);
    uint64_t hash = dp_fetch_src_hash (src);
    dp_fetch_src_destroy (&src);

    src = dp_fetch_src_new (paths, 1, 1 << 20);
    ck_assert (dp_fetch_src_hash (src) == hash);
    dp_fetch_src_resume (src, pos [3]);
    dp_article_t *again [8];
    size_t m = 0;
    while (dp_fetch_src_next (src, &doc) == DP_SRC_ARTICLE)
        again [m++] = doc;
    ck_assert_uint_eq (m, 3);
    ck_assert_str_eq (again [0]->id, docs [3]->id);
    ck_assert_str_eq (again [2]->id, docs [5]->id);
    ck_assert_uint_eq (dp_fetch_src_stats (src)->resumed, 2);
    for (size_t i = 0; i < m; i++)
        dp_article_destroy (&again [i]);
    dp_fetch_src_destroy (&src);
    //  Past the end: nothing at all.
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    dp_fetch_src_resume (src, (dp_fetch_pos_t) { .file = (size_t) 1 << 62 });
    ck_assert_int_eq (dp_fetch_src_next (src, &doc), DP_SRC_DONE);
    dp_fetch_src_destroy (&src);
    //  Other sources, other hash.
    s_write ("d.txt", "D.", 2);
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    ck_assert (dp_fetch_src_hash (src) != hash);
    dp_fetch_src_destroy (&src);
    for (size_t i = 0; i < n; i++)
        dp_article_destroy (&docs [i]);
    s_rmfixtures ();
}
END_TEST

//  A checkpoint is for the files as they were: the same names with other
//  bytes in them (a file appended to, one replaced by a new download of
//  the same name) give another hash, so fetch reads them from the start
//  (the sink drops what it already wrote) instead of skipping the records
//  its position in the old content says were done. The hash was of the
//  names alone: a second `depeche run` of a replay whose file had been
//  replaced read nothing and ended with exit 0.
START_TEST (test_fetch_resume_changed_file)
{
    s_mkfixtures ();
    s_write ("a.jsonl", "{\"id\":\"a1\",\"text\":\"Un.\"}\n", 25);
    s_write ("b.jsonl", "{\"id\":\"b1\",\"text\":\"Un.\"}\n", 25);
    char *paths [] = { s_dir };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 1 << 20);
    uint64_t hash = dp_fetch_src_hash (src);
    dp_fetch_src_destroy (&src);
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    ck_assert (dp_fetch_src_hash (src) == hash);
    dp_fetch_src_destroy (&src);
    //  Appended to.
    char path [256];
    snprintf (path, sizeof path, "%s/a.jsonl", s_dir);
    FILE *f = fopen (path, "ab");
    ck_assert_ptr_nonnull (f);
    fputs ("{\"id\":\"a2\",\"text\":\"Deux.\"}\n", f);
    fclose (f);
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    uint64_t appended = dp_fetch_src_hash (src);
    ck_assert (appended != hash);
    dp_fetch_src_destroy (&src);
    //  Replaced by another file of the same name and size (a rename).
    s_write (".b.new", "{\"id\":\"b2\",\"text\":\"Un.\"}\n", 25);
    char from [256];
    snprintf (from, sizeof from, "%s/.b.new", s_dir);
    snprintf (path, sizeof path, "%s/b.jsonl", s_dir);
    ck_assert_int_eq (rename (from, path), 0);
    src = dp_fetch_src_new (paths, 1, 1 << 20);
    ck_assert (dp_fetch_src_hash (src) != appended);
    dp_fetch_src_destroy (&src);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_sink_cuts_partial_line)
{
    //  A crash mid-write leaves half a record: the next sink cuts it off and
    //  writes the record whole when it comes again.
    s_mkfixtures ();
    const char *before = "{\"id\":\"x1\",\"text\":\"a\",\"error\":null}\n{\"id\":\"x2\",\"te";
    s_write ("out.jsonl", before, strlen (before));
    char out [256];
    snprintf (out, sizeof out, "%s/out.jsonl", s_dir);
    dp_sink_cfg_t cfg = { .out = out, .no_link = true };    //  records as given
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "x1");
    dp_article_set_str (&a->text, "a");
    ck_assert_int_eq (dp_sink_write (sink, a), 0);
    dp_article_set_str (&a->id, "x2");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    dp_sink_destroy (&sink);
    dp_article_destroy (&a);
    char *data = dp_read_file (out, NULL);
    ck_assert_str_eq (data, "{\"id\":\"x1\",\"text\":\"a\",\"error\":null}\n"
                            "{\"id\":\"x2\",\"text\":\"a\",\"error\":null}\n");
    free (data);
    s_rmfixtures ();
}
END_TEST

START_TEST (test_fetch_ids)
{
    char *a = dp_fetch_make_id ("https://x.fr/a", "f:1");
    char *b = dp_fetch_make_id ("https://x.fr/a", "g:9");
    char *c = dp_fetch_make_id (NULL, "f:1");
    char *d = dp_fetch_make_id ("", "f:2");
    ck_assert_str_eq (a, b);             //  the URL decides
    ck_assert_str_ne (a, c);
    ck_assert_str_ne (c, d);
    ck_assert (a [0] == 'u' && c [0] == 's' && strlen (a) == 17);
    free (a);
    free (b);
    free (c);
    free (d);
}
END_TEST

//  --------------------------------------------------------------------------
//  sink

//  Two sinks on one JSON-lines file (a unit and a hand-started one, the
//  same config run twice) interleave their buffered writes: records cut
//  in two in the middle of the file, whose ids a restarted sink then
//  counts as written and never writes again; and each cuts the other's
//  half-written last line as its own crash's. A second sink on a file is
//  now refused at start, as on an archive folder; a sink that is gone
//  (even killed) leaves the file to the next one.
START_TEST (test_sink_one_writer)
{
    s_mkfixtures ();
    char out [256];
    snprintf (out, sizeof out, "%s/out.jsonl", s_dir);
    dp_sink_cfg_t cfg = { .out = out, .no_link = true };
    dp_sink_t *first = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (first);
    dp_sink_t *second = dp_sink_new (&cfg);
    ck_assert_ptr_null (second);
    dp_sink_destroy (&first);
    second = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (second);
    dp_sink_destroy (&second);
    s_rmfixtures ();
}
END_TEST

//  --write /dev/stdout into a pipe (`depeche-sink --write /dev/stdout |
//  jq`): the sink read the file first for the ids already written, which
//  for a pipe opened its read end and waited for ever on its own output.
//  Only a regular file has ids to read.
START_TEST (test_sink_write_to_pipe)
{
    int fds [2];
    ck_assert_int_eq (pipe (fds), 0);
    char out [64];
    snprintf (out, sizeof out, "/proc/self/fd/%d", fds [1]);
    dp_sink_cfg_t cfg = { .out = out, .dead = out, .no_link = true };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "one");
    dp_article_set_str (&a->text, "Texte.");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    ck_assert_int_eq (dp_sink_flush (sink), 0);
    dp_article_destroy (&a);
    dp_sink_destroy (&sink);
    char buf [256];
    ssize_t n = read (fds [0], buf, sizeof buf - 1);
    ck_assert_int_gt (n, 0);
    buf [n] = '\0';
    ck_assert_ptr_nonnull (strstr (buf, "\"id\":\"one\""));
    close (fds [0]);
    close (fds [1]);
}
END_TEST

START_TEST (test_sink_exactly_once)
{
    s_mkfixtures ();
    char out [256];
    snprintf (out, sizeof out, "%s/out.jsonl", s_dir);
    dp_sink_cfg_t cfg = { .out = out };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "one");
    dp_article_set_str (&a->text, "Texte.");
    dp_article_add_token (a, 0, 5);
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    ck_assert_int_eq (dp_sink_write (sink, a), 0);
    dp_article_set_str (&a->id, "two");
    dp_article_fail (a, "tag", "bad");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    ck_assert_uint_eq (dp_sink_stats (sink)->written, 2);
    ck_assert_uint_eq (dp_sink_stats (sink)->duplicates, 1);
    ck_assert_uint_eq (dp_sink_stats (sink)->dead, 1);
    dp_sink_destroy (&sink);
    //  A new sink on the same file still knows "one" and "two".
    sink = dp_sink_new (&cfg);
    ck_assert_int_eq (dp_sink_write (sink, a), 0);
    dp_article_set_str (&a->id, "three");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    dp_sink_destroy (&sink);
    size_t len;
    char *data = dp_read_file (out, &len);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += data [i] == '\n';
    ck_assert_int_eq (lines, 3);
    ck_assert_ptr_null (strstr (data, "tokens"));   //  plumbing is not kept
    free (data);
    //  Many ids: the set grows and still answers right.
    dp_sink_cfg_t cfg2 = { .out = out };
    sink = dp_sink_new (&cfg2);
    char id [32];
    for (int i = 0; i < 5000; i++) {
        snprintf (id, sizeof id, "id-%d", i);
        dp_article_set_str (&a->id, id);
        ck_assert_int_eq (dp_sink_write (sink, a), 1);
    }
    for (int i = 0; i < 5000; i += 7) {
        snprintf (id, sizeof id, "id-%d", i);
        dp_article_set_str (&a->id, id);
        ck_assert_int_eq (dp_sink_write (sink, a), 0);
    }
    dp_sink_destroy (&sink);
    dp_article_destroy (&a);
    s_rmfixtures ();
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("files");
    TCase *tc = tcase_create ("files");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_fetch_kinds);
    tcase_add_test (tc, test_fetch_nul_bytes);
    tcase_add_test (tc, test_fetch_utf16_utf32);
    tcase_add_test (tc, test_fetch_gzip_truncated);
    tcase_add_test (tc, test_fetch_gzip_whole);
    tcase_add_test (tc, test_fetch_gzip_member_resync);
    tcase_add_test (tc, test_fetch_gzip_junk_after);
    tcase_add_test (tc, test_fetch_oversize);
    tcase_add_test (tc, test_fetch_ids);
    tcase_add_test (tc, test_fetch_resume);
    tcase_add_test (tc, test_fetch_resume_changed_file);
    tcase_add_test (tc, test_sink_cuts_partial_line);
    tcase_add_test (tc, test_sink_exactly_once);
    tcase_add_test (tc, test_sink_one_writer);
    tcase_add_test (tc, test_sink_write_to_pipe);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
