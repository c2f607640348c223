//  depeche — where a JSON line ends: dp_eol_find (LF; CRLF; the lone CR of
//  an old Mac's file, but only when the input has no LF at all), and
//  fetch's JSON-lines reader on such files, plain and gzipped, among
//  others (and a gzip archive piped into its stdin, or a stage's), and a stage's stdin reader (`depeche push` uses the same
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
#include <sys/ioctl.h>
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
    //  So do CRs (JSON whitespace, then a CRLF's CR) that end a read: the
    //  first of them is no old Mac's line end (found by the pipe test).
    memset (buf, ' ', big);
    buf [big - 2] = buf [big - 1] = '\r';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_null (dp_eol_find (&eol, buf, big, false));
    ck_assert_int_eq (eol, DP_EOL_UNKNOWN);
    crlf = malloc (big + 1);
    memcpy (crlf, buf, big);
    crlf [big] = '\n';
    ck_assert_ptr_eq (dp_eol_find (&eol, crlf, big + 1, false), crlf + big);
    ck_assert_int_eq (eol, DP_EOL_LF);
    free (crlf);
    //  An LF past the first DP_EOL_SNIFF bytes does not outvote a lone CR
    //  in them, however many bytes one read brought.
    memset (buf, ' ', big);
    buf [100] = '\r';
    buf [big - 1] = '\n';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_eq (dp_eol_find (&eol, buf, big, false), buf + 100);
    ck_assert_int_eq (eol, DP_EOL_CR);
    //  Past them, a lone CR (JSON whitespace in a long first line) waits
    //  for the DP_EOL_SNIFF bytes after it: an LF among them makes LF lines.
    char *two = malloc (2 * big);
    ck_assert_ptr_nonnull (two);
    memset (two, ' ', 2 * big);
    two [big] = '\r';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_null (dp_eol_find (&eol, two, big + 100, false));
    two [big + 200] = '\n';
    ck_assert_ptr_eq (dp_eol_find (&eol, two, 2 * big, false), two + big + 200);
    ck_assert_int_eq (eol, DP_EOL_LF);
    two [big + 200] = ' ';
    eol = DP_EOL_UNKNOWN;
    ck_assert_ptr_eq (dp_eol_find (&eol, two, 2 * big, false), two + big);
    ck_assert_int_eq (eol, DP_EOL_CR);
    free (two);
    memset (buf, ' ', big);
    buf [big - 1] = '\r';
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

//  A gzip archive piped into fetch's stdin (`cat a.jsonl.gz |
//  depeche-fetch`): one dead letter that says so, not a malformed line per
//  chunk of binary; plain JSON lines on stdin as before.
START_TEST (test_fetch_stdin_gzip)
{
    strcpy (s_dir, "/tmp/dp-test-lines-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    dp_log_set_level (DP_LOG_ERROR);
    const char *lines = "{\"id\":\"g1\",\"text\":\"Une.\"}\n{\"id\":\"g2\",\"text\":\"Deux.\"}\n";
    int saved = dup (STDIN_FILENO);
    ck_assert_int_ge (saved, 0);
    for (int gz = 0; gz < 2; gz++) {
        char *path = s_write (gz ? "in.jsonl.gz" : "in.jsonl", lines, strlen (lines), gz);
        FILE *f = fopen (path, "rb");
        ck_assert_ptr_nonnull (f);
        ck_assert_int_ge (dup2 (fileno (f), STDIN_FILENO), 0);
        fclose (f);
        char *dash = "-";
        dp_fetch_src_t *src = dp_fetch_src_new (&dash, 1, 1 << 20);
        ck_assert_ptr_nonnull (src);
        dp_article_t *doc;
        char got [512] = "";
        int n_docs = 0;
        dp_src_rc_t rc;
        while ((rc = dp_fetch_src_next (src, &doc)) == DP_SRC_ARTICLE || rc == DP_SRC_AGAIN) {
            if (rc == DP_SRC_AGAIN)
                continue;
            n_docs++;
            size_t n = strlen (got);
            snprintf (got + n, sizeof got - n, "%s%s", n ? " " : "",
                      doc->error ? doc->error : doc->id);
            dp_article_destroy (&doc);
        }
        dp_fetch_src_destroy (&src);
        if (gz)
            ck_assert_msg (n_docs == 1 && strncmp (got, "standard input is gzip data", 27) == 0,
                           "gzip on stdin: %d articles: %s", n_docs, got);
        else
            ck_assert_str_eq (got, "g1 g2");
        free (path);
    }
    ck_assert_int_ge (dup2 (saved, STDIN_FILENO), 0);
    close (saved);
    char cmd [128];
    snprintf (cmd, sizeof cmd, "rm -rf %s", s_dir);
    ck_assert_int_eq (system (cmd), 0);
}
END_TEST

//  In a child: a stage reading JSON lines on stdin (--in -), each article
//  given to note with a FILE on fd out; exits.
static void
s_stage_child (int out, dp_stage_fn note)
{
    FILE *f = fdopen (out, "w");
    if (!f)
        _exit (3);
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "split");
    cfg.in = "-";
    cfg.see_dead = true;
    dp_stage_t *st = dp_stage_new (&cfg);
    if (!st)
        _exit (4);
    dp_stage_run (st, note, f, NULL, 0);
    dp_stage_destroy (&st);
    fclose (f);
    _exit (0);
}

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
        if (!freopen (in, "r", stdin))
            _exit (3);
        s_stage_child (fo, s_note_id);
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


//  --------------------------------------------------------------------------
//  The lines a stage sees do not depend on how its stdin was read: the same
//  bytes, written into a pipe in chunks (each read by the stage before the
//  next is written, so its reads end where the chunks do), give the same
//  articles and dead letters as when they are written at once.

#ifndef S_ROUNDS
#define S_ROUNDS 120
#endif
#ifndef S_SEED
#define S_SEED 12345
#endif
static uint64_t s_rng = S_SEED;

static uint64_t
s_rand (void)
{
    s_rng = s_rng * 6364136223846793005ull + 1442695040888963407ull;
    return s_rng >> 24;
}

//  What the stage saw, an article a line: its id, or "dead" and the size of
//  the line it carries.
static dp_rc_t
s_note_line (void *state, dp_article_t *doc)
{
    if (doc->error)
        fprintf (state, "dead:%zu|", doc->text ? strlen (doc->text) : 0);
    else
        fprintf (state, "%s|", doc->id ? doc->id : "-");
    return DP_OK;
}

//  Runs a stage on input through a pipe: written at once when cuts is NULL
//  (the stage reads what the pipe holds, 64 KB at most), else in n_cuts + 1
//  chunks ending at cuts[], each read by the stage before the next.
//  Returns what it saw (caller frees).
static char *
s_stage_lines (const char *input, size_t len, const size_t *cuts, size_t n_cuts)
{
    char out [] = "/tmp/dp-test-seen-XXXXXX";
    int fo = mkstemp (out);
    ck_assert_int_ge (fo, 0);
    int fds [2];
    ck_assert_int_eq (pipe (fds), 0);
    pid_t pid = fork ();
    ck_assert_int_ge (pid, 0);
    if (pid == 0) {
        close (fds [1]);
        if (dup2 (fds [0], STDIN_FILENO) < 0)
            _exit (3);
        close (fds [0]);
        s_stage_child (fo, s_note_line);
    }
    close (fds [0]);
    close (fo);
    size_t at = 0;
    for (size_t i = 0; i <= n_cuts && at < len; i++) {
        size_t to = i < n_cuts && cuts && cuts [i] < len ? cuts [i] : len;
        if (!cuts)
            to = len;
        while (at < to) {
            ssize_t put = write (fds [1], input + at, to - at);
            ck_assert_int_gt (put, 0);
            at += (size_t) put;
        }
        //  Wait until the stage has read this chunk: its next read starts
        //  with the next one.
        int queued = 1;
        while (cuts && queued > 0 && ioctl (fds [1], FIONREAD, &queued) == 0)
            usleep (queued ? 200 : 0);
        if (cuts)
            usleep (300);
    }
    close (fds [1]);
    int status;
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert_int_eq (WEXITSTATUS (status), 0);
    FILE *f = fopen (out, "r");
    ck_assert_ptr_nonnull (f);
    char *seen = NULL;
    size_t cap = 0;
    ssize_t n = getdelim (&seen, &cap, '\0', f);
    if (n < 0) {
        free (seen);
        seen = strdup ("");
    }
    fclose (f);
    unlink (out);
    return seen;
}

//  A random input: lines of JSON ended by LF, CRLF, CR or CR CR LF, blank
//  lines, CRs as JSON whitespace inside a line, broken lines, now and then
//  a line over the 64 KB the line ends are told from. *len its size.
static char *
s_random_lines (size_t *len)
{
    static const char *ends [] = { "\n", "\r\n", "\r", "\r\r\n", "\n\n", "\r\n\r\n", "\r\r" };
    size_t cap = 400000, n = 0;
    char *buf = malloc (cap);
    ck_assert_ptr_nonnull (buf);
    //  Mostly one kind of line end per input, as files have.
    int kind = (int) (s_rand () % 7);
    int lines = 1 + (int) (s_rand () % 6);
    for (int i = 0; i < lines; i++) {
        size_t fill = s_rand () % 4 == 0 ? 60000 + s_rand () % 80000 : s_rand () % 40;
        if (n + fill + 200 > cap)
            break;
        n += (size_t) sprintf (buf + n, "{\"id\":\"l%d\",%s\"text\":\"", i,
                               s_rand () % 4 == 0 ? "\r" : "");
        memset (buf + n, 'x', fill);
        n += fill;
        if (fill > 60000 && s_rand () % 2)     //  a CR of JSON whitespace past 64 KB
            n += (size_t) sprintf (buf + n, "\",\r\"k\":\"%s", s_rand () % 2 ? "" : "\r");
        n += (size_t) sprintf (buf + n, "\"}%s", s_rand () % 8 == 0 ? "\r" : "");
        if (s_rand () % 10 == 0)
            n -= 2;                     //  a broken line
        const char *end = ends [s_rand () % 5 == 0 ? s_rand () % 7 : (uint64_t) kind];
        if (i + 1 < lines || s_rand () % 2) {
            memcpy (buf + n, end, strlen (end));
            n += strlen (end);
        }
    }
    *len = n;
    return buf;
}

START_TEST (test_stage_lines_any_reads)
{
    int checked = 0;
    for (int round = 0; round < S_ROUNDS; round++) {
        size_t len;
        char *input = s_random_lines (&len);
        char *whole = s_stage_lines (input, len, NULL, 0);
        //  Cuts: random places, and around every CR and LF (before, after).
        size_t cuts [64], n_cuts = 0;
        for (size_t i = 0; i < len && n_cuts < 60; i++)
            if ((input [i] == '\r' || input [i] == '\n') && s_rand () % 2)
                cuts [n_cuts++] = i + (s_rand () % 2);
        for (int k = 0; k < 3 && n_cuts < 64 && len; k++)
            cuts [n_cuts++] = s_rand () % len;
        //  In order, each at least one byte after the one before.
        for (size_t i = 1; i < n_cuts; i++)
            for (size_t j = i; j > 0 && cuts [j - 1] > cuts [j]; j--) {
                size_t t = cuts [j];
                cuts [j] = cuts [j - 1];
                cuts [j - 1] = t;
            }
        size_t m = 0;
        for (size_t i = 0; i < n_cuts; i++)
            if (cuts [i] > 0 && cuts [i] < len && (m == 0 || cuts [i] > cuts [m - 1]))
                cuts [m++] = cuts [i];
        char *chunked = s_stage_lines (input, len, cuts, m);
        if (strcmp (whole, chunked)) {
            fprintf (stderr, "round %d (%zu bytes, cuts", round, len);
            for (size_t i = 0; i < m; i++)
                fprintf (stderr, " %zu", cuts [i]);
            fprintf (stderr, "): whole %s, chunked %s\n", whole, chunked);
        }
        ck_assert_str_eq (whole, chunked);
        checked++;
        free (whole);
        free (chunked);
        free (input);
    }
    ck_assert_int_eq (checked, S_ROUNDS);
}
END_TEST

//  A gzip archive piped into a stage's stdin: one dead letter that says so,
//  not a malformed line per chunk of binary.
START_TEST (test_stage_stdin_gzip)
{
    const char lines [] = "{\"id\":\"g1\",\"text\":\"Une.\"}\n{\"id\":\"g2\",\"text\":\"Deux.\"}\n";
    unsigned char gz [256];
    uLongf n = sizeof gz;
    z_stream zs = { 0 };
    ck_assert_int_eq (deflateInit2 (&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *) lines;
    zs.avail_in = (uInt) strlen (lines);
    zs.next_out = gz;
    zs.avail_out = (uInt) n;
    ck_assert_int_eq (deflate (&zs, Z_FINISH), Z_STREAM_END);
    n = zs.total_out;
    deflateEnd (&zs);
    ck_assert_str_eq (s_stage_ids ((const char *) gz, n), "dead|");
    ck_assert_str_eq (s_stage_ids (lines, strlen (lines)), "g1|g2|");
}
END_TEST

//  A stage fed JSON lines by hand keeps apart ids that differ only in bytes
//  the UTF-8 repair replaces, as fetch does; a line this pipeline wrote
//  (its id already hashed, the flag with it) keeps its id: a replay of the
//  sink's output must not give it a new one.
START_TEST (test_stage_repaired_ids)
{
    const char *input =
        "{\"id\":\"x\xC3y\",\"text\":\"Un.\"}\n"
        "{\"id\":\"x\xFFy\",\"text\":\"Un.\"}\n"
        "{\"id\":\"x\\u0000y\",\"text\":\"Un.\"}\n"
        "{\"id\":\"x\xEF\xBF\xBDy~0123456789abcdef\",\"text\":\"Un.\","
        "\"flags\":[\"utf8-repaired\"]}\n";
    char *seen = s_stage_lines (input, strlen (input), NULL, 0);
    char *ids [4] = { NULL };
    size_t n = 0;
    for (char *p = seen, *bar; n < 4 && (bar = strchr (p, '|')); p = bar + 1) {
        *bar = '\0';
        ids [n++] = p;
    }
    ck_assert_uint_eq (n, 4);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_msg (strncmp (ids [i], "x\xEF\xBF\xBDy~", 6) == 0 && strlen (ids [i]) == 22,
                       "line %zu: id %s", i + 1, ids [i]);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne (ids [i], ids [j]);
    }
    ck_assert_str_eq (ids [3], "x\xEF\xBF\xBDy~0123456789abcdef");
    free (seen);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("fetch_lines");
    TCase *tc = tcase_create ("lines");
    tcase_set_timeout (tc, 120);        //  the pipe test runs a stage 240 times
    tcase_add_test (tc, test_eol_find);
    tcase_add_test (tc, test_fetch_cr_lines);
    tcase_add_test (tc, test_fetch_stdin_gzip);
    tcase_add_test (tc, test_stage_reads_cr_lines);
    tcase_add_test (tc, test_stage_lines_any_reads);
    tcase_add_test (tc, test_stage_repaired_ids);
    tcase_add_test (tc, test_stage_stdin_gzip);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
