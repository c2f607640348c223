//  depeche — unit tests of fetch's sources beyond the core ones in
//  test_core.c: the WARC reader (plain, gzip one member per record,
//  truncated, damaged), HTTP payloads (chunked, gzip), and positions and
//  resume in a WARC file. Charsets and a followed file are in
//  test_fetch_text.c; the helpers both use in fetch_fixture.h.
#include "fetch/fetch.h"
#include "fetch/warc.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "fetch_fixture.h"
#include "test_run.h"

//  One WARC record around an HTTP block (NULL block: a warcinfo body).
static void
s_record (s_buf_t *b, const char *type, const char *uri, const char *block, size_t blen)
{
    char head [512];
    int n = snprintf (head, sizeof head,
                      "WARC/1.1\r\nWARC-Type: %s\r\n%s%s%s"
                      "WARC-Date: 2024-03-01T10:00:00Z\r\nContent-Length: %zu\r\n\r\n",
                      type, uri ? "WARC-Target-URI: " : "", uri ? uri : "", uri ? "\r\n" : "",
                      blen);
    s_add (b, head, (size_t) n);
    s_add (b, block, blen);
    s_add (b, "\r\n\r\n", 4);
}

static void
s_http (s_buf_t *b, const char *uri, const char *head, const char *body, size_t blen)
{
    s_buf_t block = { 0 };
    s_add (&block, head, strlen (head));
    s_add (&block, body, blen);
    s_record (b, "response", uri, block.s, block.len);
    free (block.s);
}

static char *
s_gzip (const char *data, size_t len, size_t *out_len)
{
    z_stream zs;
    memset (&zs, 0, sizeof zs);
    ck_assert_int_eq (deflateInit2 (&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound (&zs, (uLong) len) + 64;
    char *out = malloc (cap);
    ck_assert_ptr_nonnull (out);
    zs.next_in = (Bytef *) data;
    zs.avail_in = (uInt) len;
    zs.next_out = (Bytef *) out;
    zs.avail_out = (uInt) cap;
    ck_assert_int_eq (deflate (&zs, Z_FINISH), Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd (&zs);
    return out;
}

#define S_N_RECORDS 11                  //  records s_warc writes
#define S_N_PAGES 5                     //  of which HTML 200 responses

//  Writes the test WARC as records; each one also into members[] (one gzip
//  member per record) when members is given.
static void
s_warc (s_buf_t *all, s_buf_t *members)
{
    s_buf_t r [S_N_RECORDS] = { { 0 } };
    s_record (&r [0], "warcinfo", NULL, "software: test\r\n", 16);
    s_record (&r [1], "request", "http://a.example/1", "GET /1 HTTP/1.1\r\n\r\n", 19);
    s_http (&r [2], "<http://a.example/1>",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n",
            "<html><p>Un été</p></html>", strlen ("<html><p>Un été</p></html>"));
    s_http (&r [3], "http://a.example/404",
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n", "<p>no</p>", 9);
    s_http (&r [4], "http://a.example/img",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n", "\x89PNG\0\0", 6);
    //  Chunked, LF-only HTTP headers.
    const char *chunked = "5\r\n<p>ch\r\n7\r\nunked</\r\n2\r\np>\r\n0\r\n\r\n";
    s_http (&r [5], "http://a.example/chunked",
            "HTTP/1.1 200 OK\nContent-Type: text/html\nTransfer-Encoding: chunked\n\n",
            chunked, strlen (chunked));
    //  Content-Encoding gzip.
    size_t zlen;
    char *z = s_gzip ("<p>zipped</p>", 13, &zlen);
    s_http (&r [6], "http://a.example/gz",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n",
            z, zlen);
    free (z);
    //  windows-1252 declared in the HTTP header; ISO-8859-15 in a <meta>.
    s_http (&r [7], "http://a.example/cp1252",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n",
            "<p>caf\xe9 \x93ok\x94</p>", 16);
    const char *latin9 = "<html><head><meta http-equiv=\"Content-Type\" "
                         "content=\"text/html; charset=ISO-8859-15\"></head><p>5 \xa4</p>";
    s_http (&r [8], "http://a.example/latin9",
            "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n", latin9, strlen (latin9));
    s_record (&r [9], "revisit", "http://a.example/1", "HTTP/1.1 200 OK\r\n\r\n", 19);
    s_record (&r [10], "metadata", "http://a.example/1", "via: x\r\n", 8);
    for (size_t i = 0; i < S_N_RECORDS; i++) {
        s_add (all, r [i].s, r [i].len);
        if (members) {
            char *m = s_gzip (r [i].s, r [i].len, &zlen);
            s_add (members, m, zlen);
            free (m);
        }
        free (r [i].s);
    }
}

//  The pages of the test WARC, whatever its wrapping.
static void
s_check_pages (dp_article_t **d, size_t n)
{
    ck_assert_uint_eq (n, S_N_PAGES);
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_null (d [i]->error);
        ck_assert_ptr_nonnull (d [i]->html);
        ck_assert_str_eq (d [i]->published, "2024-03-01");
        ck_assert (d [i]->id [0] == 'u');
    }
    ck_assert_str_eq (d [0]->url, "http://a.example/1");
    ck_assert_str_eq (d [0]->html, "<html><p>Un été</p></html>");
    ck_assert_str_eq (d [1]->html, "<p>chunked</p>");
    ck_assert_str_eq (d [2]->html, "<p>zipped</p>");
    ck_assert_str_eq (d [3]->html, "<p>café “ok”</p>");
    ck_assert_uint_eq (d [3]->n_flags, 0);
    ck_assert_ptr_nonnull (strstr (d [4]->html, "<p>5 €</p>"));
}

START_TEST (test_warc_plain_and_gzip)
{
    s_buf_t plain = { 0 }, gz = { 0 };
    s_warc (&plain, &gz);
    char *paths [2] = { s_file ("a.warc", &plain), s_file ("b.warc.gz", &gz) };
    for (size_t k = 0; k < 2; k++) {
        dp_fetch_src_t *src = dp_fetch_src_new (paths + k, 1, 1 << 20);
        ck_assert_ptr_nonnull (src);
        dp_article_t *d [16];
        size_t n = s_drain (src, d, NULL, 16);
        s_check_pages (d, n);
        //  Sources are path:record-number (from 1, every record counted).
        char want [300];
        snprintf (want, sizeof want, "%s:3", paths [k]);
        ck_assert_str_eq (d [0]->source, want);
        ck_assert_uint_eq (dp_fetch_src_stats (src)->warc_skipped, S_N_RECORDS - S_N_PAGES);
        ck_assert_uint_eq (dp_fetch_src_stats (src)->records, S_N_PAGES);
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
    }
    //  One gzip member for the whole file reads the same.
    size_t zlen;
    char *z = s_gzip (plain.s, plain.len, &zlen);
    s_buf_t one = { z, zlen };
    char *path = s_file ("c.warc.gz", &one);
    dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
    dp_article_t *d [16];
    size_t n = s_drain (src, d, NULL, 16);
    s_check_pages (d, n);
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (z);
    free (path);
    free (paths [0]);
    free (paths [1]);
    free (plain.s);
    free (gz.s);
}
END_TEST

//  A .warc.gz cut in the middle: every record before the cut, then one
//  dead letter that says where; then the next file.
START_TEST (test_warc_truncated)
{
    s_buf_t plain = { 0 }, gz = { 0 };
    s_warc (&plain, &gz);
    gz.len = gz.len * 2 / 3;            //  inside record 7 or 8
    s_buf_t jl = { 0 };
    s_add (&jl, "{\"text\":\"after\"}\n", 17);
    char *paths [2] = { s_file ("cut.warc.gz", &gz), s_file ("z.jsonl", &jl) };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 2, 1 << 20);
    dp_article_t *d [16];
    size_t n = s_drain (src, d, NULL, 16);
    ck_assert_uint_ge (n, 4);
    size_t ok = 0;
    while (ok < n && !d [ok]->error)
        ok++;
    ck_assert_uint_ge (ok, 2);
    ck_assert_uint_eq (ok + 2, n);      //  the pages, a dead letter, the jsonl
    ck_assert_ptr_nonnull (strstr (d [ok]->error, "byte"));
    ck_assert_ptr_nonnull (strstr (d [ok]->error, "WARC record"));
    ck_assert_str_eq (d [n - 1]->text, "after");
    ck_assert_uint_eq (dp_fetch_src_stats (src)->dead, 1);
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (paths [0]);
    free (paths [1]);
    free (plain.s);
    free (gz.s);
    free (jl.s);
}
END_TEST

//  Not WARC at all, and a WARC whose block is shorter than announced.
START_TEST (test_warc_garbage)
{
    s_buf_t junk = { 0 };
    s_add (&junk, "hello\nworld\n", 12);
    s_buf_t shortb = { 0 };
    s_add (&shortb, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1", 62);
    char *paths [2] = { s_file ("junk.warc", &junk), s_file ("short.warc", &shortb) };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 2, 1 << 20);
    dp_article_t *d [4];
    size_t n = s_drain (src, d, NULL, 4);
    ck_assert_uint_eq (n, 2);
    ck_assert_ptr_nonnull (strstr (d [0]->error, "not a WARC record"));
    ck_assert_ptr_nonnull (strstr (d [1]->error, "truncated WARC record"));
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (paths [0]);
    free (paths [1]);
    free (junk.s);
    free (shortb.s);
}
END_TEST

//  Issue 17, item 7: a record whose Content-Length is too small (then one
//  too large) no longer loses every record after it: it is a dead letter
//  that says what was skipped, and reading goes on at the next header.
static void
s_lying_record (s_buf_t *b, const char *uri, long delta)
{
    const char *block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                        "<html><p>Une page dont la longueur annoncée ment.</p></html>";
    char head [512];
    int n = snprintf (head, sizeof head, "WARC/1.1\r\nWARC-Type: response\r\n"
                      "WARC-Target-URI: %s\r\nContent-Length: %ld\r\n\r\n", uri,
                      (long) strlen (block) + delta);
    s_add (b, head, (size_t) n);
    s_add (b, block, strlen (block));
    s_add (b, "\r\n\r\n", 4);
}

START_TEST (test_warc_lying_length)
{
    for (int k = 0; k < 2; k++) {
        s_buf_t w = { 0 };
        const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
        s_http (&w, "http://x.example/1", "", ok, strlen (ok));
        s_lying_record (&w, "http://x.example/2", k == 0 ? -20 : 30);
        s_http (&w, "http://x.example/3", "", ok, strlen (ok));
        s_http (&w, "http://x.example/4", "", ok, strlen (ok));
        char *path = s_file (k == 0 ? "short.warc" : "long.warc", &w);
        dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
        dp_article_t *d [8];
        size_t n = s_drain (src, d, NULL, 8);
        //  too small: 1, the dead letter, 3, 4; too large: record 3's
        //  header was swallowed; reading goes back to it inside the
        //  block, so 1, the dead letter, 3, 4 as well.
        ck_assert_uint_eq (n, 4);
        ck_assert_ptr_null (d [0]->error);
        ck_assert_str_eq (d [1]->url, "http://x.example/2");
        ck_assert_ptr_nonnull (d [1]->error);
        ck_assert_msg (strstr (d [1]->error, "Content-Length")
                       && strstr (d [1]->error, k == 0 ? "skipped" : "header at byte"),
                       "%s", d [1]->error);
        ck_assert_str_eq (d [2]->url, "http://x.example/3");
        ck_assert_ptr_null (d [1]->html);
        for (size_t i = 2; i < n; i++) {
            ck_assert_ptr_null (d [i]->error);
            ck_assert_str_eq (d [i]->html, "<p>bonne page</p>");
        }
        ck_assert_str_eq (d [n - 1]->url, "http://x.example/4");
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
        free (path);
        free (w.s);
    }
}
END_TEST

//  A Content-Length that runs past the end of the file swallowed the
//  records inside the block it claims (one "truncated" dead letter): now
//  reading goes back to the first record header inside it, plain and
//  gzipped (one member per record, as crawlers write them), and the
//  records after the liar come out; the liar is a dead letter that says
//  so, and the reader counts it.
START_TEST (test_warc_length_past_end)
{
    for (int gz = 0; gz < 2; gz++) {
        s_buf_t r [4] = { { 0 } };
        const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
        s_http (&r [0], "http://x.example/1", "", ok, strlen (ok));
        s_lying_record (&r [1], "http://x.example/2", 100000);
        s_http (&r [2], "http://x.example/3", "", ok, strlen (ok));
        s_http (&r [3], "http://x.example/4", "", ok, strlen (ok));
        s_buf_t w = { 0 };
        for (int i = 0; i < 4; i++) {
            size_t zlen = r [i].len;
            char *m = gz ? s_gzip (r [i].s, r [i].len, &zlen) : r [i].s;
            s_add (&w, m, zlen);
            if (gz)
                free (m);
            free (r [i].s);
        }
        char *path = s_file (gz ? "past.warc.gz" : "past.warc", &w);
        dp_warc_t *warc = dp_warc_open (path);
        dp_warc_rec_t rec = { 0 };
        const char *want [] = { "http://x.example/1", "http://x.example/2",
                                "http://x.example/3", "http://x.example/4" };
        for (int i = 0; i < 4; i++) {
            dp_warc_rc_t rc = dp_warc_next (warc, &rec, 1 << 20, 0);
            ck_assert_int_eq (rc, i == 1 ? DP_WARC_BAD : DP_WARC_PAGE);
            ck_assert_str_eq (rec.url, want [i]);
            if (i == 1)
                ck_assert_msg (strstr (rec.reason, "runs past the end of the file")
                               && strstr (rec.reason, "record header at byte"), "%s",
                               rec.reason);
            else
                ck_assert_str_eq (rec.html, "<p>bonne page</p>");
        }
        ck_assert_int_eq (dp_warc_next (warc, &rec, 1 << 20, 0), DP_WARC_END);
        ck_assert_uint_eq (dp_warc_resynced (warc), 1);
        dp_warc_rec_clear (&rec);
        dp_warc_close (&warc);
        free (path);
        free (w.s);
    }
}
END_TEST

//  Bytes after the last member of a .warc.gz that start no other member:
//  binary ones are skipped and said by a dead letter (zlib's gzread
//  ignored them in silence); a WARC record appended without compression
//  is read as one.
START_TEST (test_warc_gz_junk_after)
{
    for (int text = 0; text < 2; text++) {
        s_buf_t r = { 0 }, w = { 0 };
        const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
        s_http (&r, "http://x.example/1", "", ok, strlen (ok));
        size_t zlen;
        char *m = s_gzip (r.s, r.len, &zlen);
        s_add (&w, m, zlen);
        free (m);
        if (text)
            s_add (&w, r.s, r.len);     //  the same record, not compressed
        else
            s_add (&w, "\0\0\0\0\0\0\0\0\0\0", 10);
        char *path = s_file ("junk.warc.gz", &w);
        dp_warc_t *warc = dp_warc_open (path);
        dp_warc_rec_t rec = { 0 };
        ck_assert_int_eq (dp_warc_next (warc, &rec, 1 << 20, 0), DP_WARC_PAGE);
        ck_assert_int_eq (dp_warc_next (warc, &rec, 1 << 20, 0),
                          text ? DP_WARC_PAGE : DP_WARC_BAD);
        if (!text)
            ck_assert_msg (strstr (rec.reason, "10 bytes after the last gzip member"),
                           "%s", rec.reason);
        ck_assert_int_eq (dp_warc_next (warc, &rec, 1 << 20, 0), DP_WARC_END);
        ck_assert_uint_eq (dp_warc_junk (warc)->bytes, text ? r.len : 10);
        ck_assert (dp_warc_junk (warc)->text == (bool) text);
        dp_warc_rec_clear (&rec);
        dp_warc_close (&warc);
        free (path);
        free (r.s);
        free (w.s);
    }
}
END_TEST

//  A damaged gzip member after good ones: zlib's gzread dropped all it had
//  inflated in the read that met the damage, so every record of a small
//  file was lost behind one dead letter. Now every record before the
//  damage comes out, then the dead letter, then (reading going on at the
//  next whole member) every record after it.
START_TEST (test_gz_damaged_member)
{
    //  A member header, then a deflate block of the reserved type 3.
    static const char bad [] = "\x1f\x8b\x08\x00\0\0\0\0\0\x03\xff\xff\xff\xff";
    s_buf_t lines = { 0 };
    for (int i = 0; i < 50; i++) {
        char line [128];
        int n = snprintf (line, sizeof line, "{\"id\":\"g%d\",\"text\":\"Phrase %d du fichier.\"}\n",
                          i, i);
        s_add (&lines, line, (size_t) n);
    }
    size_t zlen;
    char *z = s_gzip (lines.s, lines.len, &zlen);
    s_buf_t jl = { 0 };
    s_add (&jl, z, zlen);
    s_add (&jl, bad, sizeof bad - 1);
    s_add (&jl, z, zlen);
    free (z);
    s_buf_t all = { 0 }, members = { 0 };
    s_warc (&all, &members);
    s_add (&members, bad, sizeof bad - 1);
    s_warc (&all, &members);
    char *paths [2] = { s_file ("bad.jsonl.gz", &jl), s_file ("bad.warc.gz", &members) };
    for (int k = 0; k < 2; k++) {
        dp_fetch_src_t *src = dp_fetch_src_new (&paths [k], 1, 1 << 20);
        dp_article_t *d [128];
        size_t n = s_drain (src, d, NULL, 128);
        size_t good = k == 0 ? 50 : S_N_PAGES;
        ck_assert_uint_eq (n, 2 * good + 1);
        for (size_t half = 0; half < 2; half++) {
            dp_article_t **h = d + half * (good + 1);
            if (k == 0)
                for (size_t i = 0; i < good; i++) {
                    char id [16];
                    snprintf (id, sizeof id, "g%zu", i);
                    ck_assert_ptr_null (h [i]->error);
                    ck_assert_str_eq (h [i]->id, id);
                }
            else
                s_check_pages (h, good);
        }
        ck_assert_ptr_nonnull (d [good]->error);
        ck_assert_msg (strstr (d [good]->error, "damaged gzip data"), "%s", d [good]->error);
        ck_assert_msg (strstr (d [good]->error, "reading went on at the next gzip member"),
                       "%s", d [good]->error);
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
        free (paths [k]);
    }
    free (lines.s);
    free (jl.s);
    free (all.s);
    free (members.s);
}
END_TEST

//  A member cut in the middle and followed by whole ones (a writer killed
//  mid-member, then more appended): inflate read the next member's bytes on
//  as the cut one's data, and lines made of back-references to the lines
//  before came out as articles with garbled text (ids of the cut member,
//  some never written whole) before the CRC check failed. Now the cut
//  member ends where the next whole member starts: every article that
//  comes out is whole, the lines of the first and last members are all
//  there, and the line the cut went through is one dead letter that says
//  so and carries its bytes. Cut at the end of the file: the same.
static char *
s_cut_line (int i)
{
    char *line;
    ck_assert_int_gt (asprintf (&line, "{\"id\":\"c%d\",\"text\":\"Le maire de Lyon a "
                                "parl\u00e9 hier de la ligne %d du tramway, dit-il.\"}", i, i), 0);
    return line;
}

START_TEST (test_gz_cut_member)
{
    s_buf_t member [3] = { { 0 } };
    for (int m = 0; m < 3; m++) {
        s_buf_t lines = { 0 };
        for (int i = m * 200; i < m * 200 + 200; i++) {
            char *line = s_cut_line (i);
            s_add (&lines, line, strlen (line));
            s_add (&lines, "\n", 1);
            free (line);
        }
        size_t zlen;
        char *z = s_gzip (lines.s, lines.len, &zlen);
        s_add (&member [m], z, zlen);
        free (z);
        free (lines.s);
    }
    for (int k = 0; k <= 12; k++) {
        bool at_end = k == 12;           //  the last member cut, nothing after
        int cut_m = at_end ? 2 : 1;
        size_t cut = member [cut_m].len * (size_t) (at_end ? 5 : k + 1) / 13;
        s_buf_t f = { 0 };
        s_add (&f, member [0].s, member [0].len);
        s_add (&f, member [1].s, cut_m == 1 ? cut : member [1].len);
        if (!at_end)
            s_add (&f, member [2].s, member [2].len);
        else
            s_add (&f, member [2].s, cut);
        char *path = s_file ("cut.jsonl.gz", &f);
        dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
        dp_article_t *d [700];
        size_t n = s_drain (src, d, NULL, 700);
        bool seen [600] = { false };
        size_t dead = 0;
        for (size_t j = 0; j < n; j++) {
            if (d [j]->error) {
                dead++;
                ck_assert_msg (strstr (d [j]->error, at_end ? "unexpected end of file"
                                                            : "is cut there"),
                               "k=%d: %s", k, d [j]->error);
                //  Its text: the start of a line of the cut member (none
                //  when the cut fell at a line's end).
                if (!d [j]->text || strlen (d [j]->text) < 10) {
                    ck_assert_msg (!d [j]->text || strncmp (d [j]->text, "{\"id\":\"c",
                                                            strlen (d [j]->text) < 8
                                                            ? strlen (d [j]->text) : 8) == 0,
                                   "k=%d: [%s] %s", k, d [j]->text, d [j]->error);
                    continue;
                }
                int i = atoi (d [j]->text + 8);
                char *line = s_cut_line (i);
                ck_assert_msg (i / 200 == cut_m && strncmp (line, d [j]->text,
                                                            strlen (d [j]->text)) == 0,
                               "k=%d: dead letter text %s", k, d [j]->text);
                free (line);
                continue;
            }
            ck_assert (d [j]->id [0] == 'c');
            int i = atoi (d [j]->id + 1);
            ck_assert (i >= 0 && i < 600);
            ck_assert_msg (!seen [i], "k=%d: c%d twice", k, i);
            seen [i] = true;
            char want [128];
            snprintf (want, sizeof want, "Le maire de Lyon a parlé hier de la ligne %d "
                      "du tramway, dit-il.", i);
            ck_assert_msg (strcmp (d [j]->text, want) == 0, "k=%d: c%d garbled: %s",
                           k, i, d [j]->text);
        }
        ck_assert_uint_eq (dead, 1);
        for (int i = 0; i < 200; i++)
            ck_assert_msg (seen [i] && (at_end || seen [400 + i]), "k=%d: line %d lost", k, i);
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
        free (path);
        free (f.s);
    }
    for (int m = 0; m < 3; m++)
        free (member [m].s);
}
END_TEST

//  Of four records read, the second is a dead letter whose error names why
//  (and says what was skipped), and the two after it are read whole.
static void
s_check_second_dead (dp_article_t **d, const char *why)
{
    ck_assert_ptr_null (d [0]->error);
    ck_assert_ptr_nonnull (d [1]->error);
    ck_assert_msg (strstr (d [1]->error, why) && strstr (d [1]->error, "skipped"),
                   "%s", d [1]->error);
    ck_assert_ptr_null (d [1]->html);
    ck_assert_str_eq (d [2]->url, "http://x.example/3");
    ck_assert_str_eq (d [3]->url, "http://x.example/4");
    for (size_t i = 2; i < 4; i++) {
        ck_assert_ptr_null (d [i]->error);
        ck_assert_str_eq (d [i]->html, "<p>bonne page</p>");
    }
}

//  A record with no Content-Length, or a negative one, used to end the
//  file (every record after it lost behind one dead letter): now it is a
//  dead letter that says what was skipped, and reading goes on at the
//  next header.
START_TEST (test_warc_no_length)
{
    const char *heads [3] = { "", "Content-Length: -116\r\n", "Content-Length: \r\n" };
    for (int k = 0; k < 3; k++) {
        s_buf_t w = { 0 };
        const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
        s_http (&w, "http://x.example/1", "", ok, strlen (ok));
        char head [256];
        int hn = snprintf (head, sizeof head, "WARC/1.1\r\nWARC-Type: response\r\n"
                           "WARC-Target-URI: http://x.example/2\r\n%s\r\n", heads [k]);
        s_add (&w, head, (size_t) hn);
        s_add (&w, ok, strlen (ok));
        s_add (&w, "\r\n\r\n", 4);
        s_http (&w, "http://x.example/3", "", ok, strlen (ok));
        s_http (&w, "http://x.example/4", "", ok, strlen (ok));
        char *path = s_file ("nolen.warc", &w);
        dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
        dp_article_t *d [8];
        size_t n = s_drain (src, d, NULL, 8);
        ck_assert_uint_eq (n, 4);
        ck_assert_str_eq (d [1]->url, "http://x.example/2");
        s_check_second_dead (d, "Content-Length");
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
        free (path);
        free (w.s);
    }
}
END_TEST

//  A record header line over the reader's 64 KB buffer (a URI of 100 KB,
//  a hostile field) was read as a truncated header, the file's end: every
//  record after it was lost. Now that record is a dead letter that says
//  what was skipped, and reading goes on at the next record header, also
//  when the long line itself opens with "WARC/".
START_TEST (test_warc_long_header_line)
{
    const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
    size_t big = 100000;
    char *uri = malloc (big + 1);
    ck_assert_ptr_nonnull (uri);
    memcpy (uri, "http://x.example/", 17);
    memset (uri + 17, 'u', big - 17);
    uri [big] = '\0';
    for (int k = 0; k < 4; k++) {
        s_buf_t w = { 0 };
        s_http (&w, "http://x.example/1", "", ok, strlen (ok));
        //  Record 2 with the long URI, or a long version line: record 2's
        //  own cut after "WARC-Target-URI: " or after "WARC/1.1".
        s_buf_t r = { 0 };
        s_http (&r, "http://x.example/2", "", ok, strlen (ok));
        size_t cut = k % 2 == 0 ? (size_t) (strstr (r.s, "URI: ") + 5 - r.s) : 8;
        s_add (&w, r.s, cut);
        s_add (&w, uri, big);
        s_add (&w, r.s + cut, r.len - cut);
        free (r.s);
        s_http (&w, "http://x.example/3", "", ok, strlen (ok));
        s_http (&w, "http://x.example/4", "", ok, strlen (ok));
        s_buf_t g = { 0 };
        if (k >= 2) {                   //  gzip, one member per file
            size_t glen;
            char *z = s_gzip (w.s, w.len, &glen);
            s_add (&g, z, glen);
            free (z);
        }
        char *path = s_file (k >= 2 ? "long.warc.gz" : "long.warc", k >= 2 ? &g : &w);
        dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
        dp_article_t *d [8];
        size_t n = s_drain (src, d, NULL, 8);
        ck_assert_uint_eq (n, 4);
        s_check_second_dead (d, "64 KB");
        s_free_all (d, n);
        dp_fetch_src_destroy (&src);
        free (path);
        free (w.s);
        free (g.s);
    }
    free (uri);
}
END_TEST

//  A WARC-Date that is no calendar day is not passed on as `published`
//  (it would also hide the page's own date from clean); a good one is.
START_TEST (test_warc_date)
{
    const char *dates [6] = { "2024-03-01T10:00:00Z", "x", "", "2024-13-45T00:00:00Z",
                              "2024-03", "2024-03-01" };
    const char *want [6] = { "2024-03-01", NULL, NULL, NULL, NULL, "2024-03-01" };
    const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>bonne page</p>";
    s_buf_t w = { 0 };
    for (int k = 0; k < 6; k++) {
        char head [256];
        int hn = snprintf (head, sizeof head, "WARC/1.1\r\nWARC-Type: response\r\n"
                           "WARC-Target-URI: http://x.example/%d\r\nWARC-Date: %s\r\n"
                           "Content-Length: %zu\r\n\r\n", k, dates [k], strlen (ok));
        s_add (&w, head, (size_t) hn);
        s_add (&w, ok, strlen (ok));
        s_add (&w, "\r\n\r\n", 4);
    }
    char *path = s_file ("dates.warc", &w);
    dp_fetch_src_t *src = dp_fetch_src_new (&path, 1, 1 << 20);
    dp_article_t *d [8];
    size_t n = s_drain (src, d, NULL, 8);
    ck_assert_uint_eq (n, 6);
    for (size_t k = 0; k < n; k++) {
        ck_assert_ptr_null (d [k]->error);
        if (want [k])
            ck_assert_str_eq (d [k]->published, want [k]);
        else
            ck_assert_msg (!d [k]->published, "%s: %s", dates [k], d [k]->published);
    }
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (path);
    free (w.s);
}
END_TEST

//  Positions are (file, record number); resuming at one skips what came
//  before it, in this file only.
START_TEST (test_warc_resume)
{
    s_buf_t plain = { 0 }, gz = { 0 };
    s_warc (&plain, &gz);
    char *paths [2] = { s_file ("a.warc.gz", &gz), s_file ("b.warc", &plain) };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 2, 1 << 20);
    dp_article_t *d [16];
    dp_fetch_pos_t pos [16];
    size_t n = s_drain (src, d, pos, 16);
    ck_assert_uint_eq (n, 2 * S_N_PAGES);
    ck_assert_uint_eq (pos [0].file, 0);
    ck_assert_uint_eq (pos [0].record, 3);
    ck_assert_uint_eq (pos [S_N_PAGES].file, 1);
    dp_fetch_pos_t at = pos [3];
    char *id3 = strdup (d [3]->id);
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);

    src = dp_fetch_src_new (paths, 2, 1 << 20);
    dp_fetch_src_resume (src, at);
    n = s_drain (src, d, pos, 16);
    ck_assert_uint_eq (n, 2 * S_N_PAGES - 3);
    ck_assert_str_eq (d [0]->id, id3);
    ck_assert_uint_eq (pos [0].record, at.record);
    s_free_all (d, n);
    dp_fetch_src_destroy (&src);
    free (id3);
    free (paths [0]);
    free (paths [1]);
    free (plain.s);
    free (gz.s);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("fetch");
    TCase *tc = tcase_create ("fetch");
    tcase_set_timeout (tc, 60);
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_add_test (tc, test_warc_plain_and_gzip);
    tcase_add_test (tc, test_warc_truncated);
    tcase_add_test (tc, test_warc_garbage);
    tcase_add_test (tc, test_warc_resume);
    tcase_add_test (tc, test_warc_lying_length);
    tcase_add_test (tc, test_warc_length_past_end);
    tcase_add_test (tc, test_warc_gz_junk_after);
    tcase_add_test (tc, test_warc_no_length);
    tcase_add_test (tc, test_warc_date);
    tcase_add_test (tc, test_warc_long_header_line);
    tcase_add_test (tc, test_gz_damaged_member);
    tcase_add_test (tc, test_gz_cut_member);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
