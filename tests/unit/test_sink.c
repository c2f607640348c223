//  depeche — the sink's outputs: rotating gzip archives (rotation, index,
//  recovery of a .part a crash left, or damaged), the SQLite database (schema, the
//  three questions of `depeche query`, integrity after a kill mid-batch)
//  and the tail printer.
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "depeche/dp_article.h"
#include "sink/archive.h"
#include "sink/db.h"
#include "sink/query.h"
#include "sink/sink.h"
#include "test_run.h"

//  A fresh temporary folder (left for a look on failure; /tmp is cleaned).
static char *
s_tmpdir (void)
{
    char *dir = strdup ("/tmp/dp-test-sink-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (dir));
    return dir;
}

static int
s_count_files (const char *dir, const char *prefix, const char *suffix)
{
    DIR *d = opendir (dir);
    ck_assert_ptr_nonnull (d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir (d))) {
        size_t len = strlen (e->d_name), sl = strlen (suffix);
        if (strncmp (e->d_name, prefix, strlen (prefix)) == 0 && len >= sl
        &&  strcmp (e->d_name + len - sl, suffix) == 0)
            n++;
    }
    closedir (d);
    return n;
}

static void
s_count_id (void *arg, const char *id, size_t len)
{
    (void) id;
    (void) len;
    (*(int *) arg)++;
}

static char *
s_slurp (const char *path)
{
    FILE *f = fopen (path, "r");
    ck_assert_ptr_nonnull (f);
    static char buf [65536];
    size_t n = fread (buf, 1, sizeof buf - 1, f);
    buf [n] = '\0';
    fclose (f);
    return buf;
}

static int
s_lines (const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void
s_write_rec (dp_archive_t *ar, const char *id)
{
    char line [128];
    int len = snprintf (line, sizeof line, "{\"id\":\"%s\",\"text\":\"Texte %s.\"}", id, id);
    ck_assert_int_eq (dp_archive_write (ar, line, (size_t) len, id), 0);
}

START_TEST (test_archive_rotation_index)
{
    char *dir = s_tmpdir ();
    int ids = 0;
    //  1-byte files: every flushed file is full, the next record rotates.
    dp_archive_t *ar = dp_archive_new (dir, 1, 0, s_count_id, &ids);
    ck_assert_ptr_nonnull (ar);
    ck_assert_int_eq (ids, 0);
    const char *names [] = { "a1", "a2", "a3" };
    for (int i = 0; i < 3; i++) {
        s_write_rec (ar, names [i]);
        ck_assert_int_eq (dp_archive_flush (ar), 0);
    }
    ck_assert_int_eq (s_count_files (dir, "depeche-", ".jsonl.gz"), 2);
    ck_assert_int_eq (s_count_files (dir, ".current-", ".part"), 1);
    //  A second sink on the same folder is refused (the lock).
    ck_assert_ptr_null (dp_archive_new (dir, 0, 0, NULL, NULL));
    dp_archive_destroy (&ar);
    ck_assert_ptr_null (ar);
    ck_assert_int_eq (s_count_files (dir, "depeche-", ".jsonl.gz"), 3);
    ck_assert_int_eq (s_count_files (dir, ".current-", ".part"), 0);
    char path [512];
    snprintf (path, sizeof path, "%s/index.tsv", dir);
    char *index = s_slurp (path);
    ck_assert_int_eq (s_lines (index), 4);          //  header + 3 files
    ck_assert_ptr_nonnull (strstr (index, "\t1\ta2\ta2\t"));
    //  Reopened: the three ids are known, nothing is re-indexed.
    ar = dp_archive_new (dir, 0, 0, s_count_id, &ids);
    ck_assert_ptr_nonnull (ar);
    ck_assert_int_eq (ids, 3);
    dp_archive_destroy (&ar);
    ck_assert_int_eq (s_lines (s_slurp (path)), 4);
    free (dir);
}
END_TEST

START_TEST (test_archive_recovers_part)
{
    char *dir = s_tmpdir ();
    pid_t pid = fork ();
    ck_assert_int_ge (pid, 0);
    if (pid == 0) {
        //  Two records flushed, a third still in zlib's buffer: crash.
        dp_archive_t *ar = dp_archive_new (dir, 0, 0, NULL, NULL);
        if (!ar)
            _exit (3);
        s_write_rec (ar, "p1");
        s_write_rec (ar, "p2");
        if (dp_archive_flush (ar))
            _exit (4);
        s_write_rec (ar, "p3");
        _exit (0);
    }
    int status;
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert_int_eq (WEXITSTATUS (status), 0);
    ck_assert_int_eq (s_count_files (dir, ".current-", ".part"), 1);
    int ids = 0;
    dp_archive_t *ar = dp_archive_new (dir, 0, 0, s_count_id, &ids);
    ck_assert_ptr_nonnull (ar);
    ck_assert_int_eq (ids, 2);                      //  the flushed ones
    ck_assert_int_eq (s_count_files (dir, ".current-", ".part"), 0);
    ck_assert_int_eq (s_count_files (dir, "depeche-", ".jsonl.gz"), 1);
    char path [512];
    snprintf (path, sizeof path, "%s/index.tsv", dir);
    ck_assert_ptr_nonnull (strstr (s_slurp (path), "\t2\tp1\tp2\t"));
    dp_archive_destroy (&ar);
    //  Through the sink: p1 is a duplicate, p3 (never acknowledged) is new.
    dp_sink_cfg_t cfg = { .archive = dir };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "p1");
    dp_article_set_str (&a->text, "Texte p1.");
    ck_assert_int_eq (dp_sink_write (sink, a), 0);
    dp_article_set_str (&a->id, "p3");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    dp_article_destroy (&a);
    dp_sink_destroy (&sink);
    ck_assert_int_eq (s_count_files (dir, "depeche-", ".jsonl.gz"), 2);
    free (dir);
}
END_TEST

//  A .part damaged after its flushed records (here a deflate block of the
//  reserved type 3): zlib's gzread dropped all it had inflated in the read
//  that met the damage, so the acknowledged records were lost and the file
//  removed as holding none. Now every whole record before the damage is kept.
START_TEST (test_archive_recovers_damaged_part)
{
    char *dir = s_tmpdir ();
    pid_t pid = fork ();
    ck_assert_int_ge (pid, 0);
    if (pid == 0) {
        dp_archive_t *ar = dp_archive_new (dir, 0, 0, NULL, NULL);
        if (!ar)
            _exit (3);
        for (int i = 0; i < 40; i++) {
            char id [16];
            snprintf (id, sizeof id, "d%d", i);
            s_write_rec (ar, id);
        }
        if (dp_archive_flush (ar))
            _exit (4);
        _exit (0);
    }
    int status;
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert_int_eq (WEXITSTATUS (status), 0);
    DIR *d = opendir (dir);
    ck_assert_ptr_nonnull (d);
    char part [1024] = "";
    struct dirent *e;
    while ((e = readdir (d)))
        if (strncmp (e->d_name, ".current-", 9) == 0)
            snprintf (part, sizeof part, "%s/%s", dir, e->d_name);
    closedir (d);
    ck_assert (part [0]);
    FILE *f = fopen (part, "ab");
    ck_assert_ptr_nonnull (f);
    ck_assert_uint_eq (fwrite ("\xff\xff\xff\xff", 1, 4, f), 4);
    fclose (f);
    int ids = 0;
    dp_archive_t *ar = dp_archive_new (dir, 0, 0, s_count_id, &ids);
    ck_assert_ptr_nonnull (ar);
    ck_assert_int_eq (ids, 40);
    ck_assert_int_eq (s_count_files (dir, ".current-", ".part"), 0);
    ck_assert_int_eq (s_count_files (dir, "depeche-", ".jsonl.gz"), 1);
    dp_archive_destroy (&ar);
    free (dir);
}
END_TEST

//  --------------------------------------------------------------------------
//  The database

static dp_article_t *
s_doc (const char *id, const char *published, const char *text, const char *ents [][3])
{
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, id);
    dp_article_set_str (&a->title, id);
    dp_article_set_str (&a->published, published);
    dp_article_set_str (&a->text, text);
    dp_article_add_sentence (a, 0, (uint32_t) strlen (text));
    for (int i = 0; ents [i][0]; i++) {
        const char *at = strstr (text, ents [i][0]);
        ck_assert_ptr_nonnull (at);
        uint32_t start = (uint32_t) (at - text);
        dp_article_add_entity (a, start, start + (uint32_t) strlen (ents [i][0]),
                               ents [i][1], ents [i][2]);
    }
    return a;
}

static void
s_corpus (const char *db)
{
    dp_sink_cfg_t cfg = { .db = db };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    const char *e1 [][3] = { { "Aliev", "PER", "Ilham Aliyev" }, { "Bakou", "LOC", "Bakou" },
                             { NULL, NULL, NULL } };
    const char *e2 [][3] = { { "Ilham Aliyev", "PER", "Ilham Aliyev" },
                             { "Bakou", "LOC", "Bakou" }, { "Pachinian", "PER", "Nikol Pachinian" },
                             { NULL, NULL, NULL } };
    const char *e3 [][3] = { { "Ilham Aliyev", "PER", "Ilham Aliyev" }, { "Bakou", "LOC", "Bakou" },
                             { NULL, NULL, NULL } };
    const char *e4 [][3] = { { "Pachinian", "PER", "Nikol Pachinian" },
                             { "Erevan", "LOC", "Erevan" }, { NULL, NULL, NULL } };
    const char *e5 [][3] = { { "Pachinian", "PER", "Nikol Pachinian" },
                             { "Bakou", "LOC", "Bakou" }, { NULL, NULL, NULL } };
    dp_article_t *docs [] = {
        s_doc ("d1", "2023-09-19", "M. Aliev a parlé à Bakou d'un cessez-le-feu.", e1),
        s_doc ("d2", "2023-12-31T22:00:00", "Ilham Aliyev reçoit Pachinian à Bakou.", e2),
        s_doc ("d3", "2024-02-01", "Ilham Aliyev est rentré à Bakou.", e3),
        s_doc ("d4", "2023-10-02", "Pachinian parle à Erevan ; le cessez-le-feu tient.", e4),
        s_doc ("d5", "2023-11-05", "Pachinian est attendu à Bakou.", e5),
    };
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq (dp_sink_write (sink, docs [i]), 1);
    ck_assert_int_eq (dp_sink_write (sink, docs [0]), 0);   //  same id: once
    ck_assert_int_eq (dp_sink_flush (sink), 0);
    for (int i = 0; i < 5; i++)
        dp_article_destroy (&docs [i]);
    dp_sink_destroy (&sink);
}

//  Runs q; returns its output (static) and the row count in *rows.
static const char *
s_query (dp_query_t *q, int *rows)
{
    static char *buf = NULL;
    size_t len;
    free (buf);
    buf = NULL;
    FILE *f = open_memstream (&buf, &len);
    char err [256] = "";
    *rows = dp_query_run (q, f, err, sizeof err);
    fclose (f);
    ck_assert_msg (*rows >= 0, "%s", err);
    return buf;
}

START_TEST (test_db_queries)
{
    char *dir = s_tmpdir ();
    char db [512];
    snprintf (db, sizeof db, "%s/a.db", dir);
    s_corpus (db);
    int rows;
    //  Person and place in 2023: d1 (by norm, the text says "Aliev") and
    //  d2 (published on the last day); not d3 (2024), not d5 (no Aliyev).
    dp_query_t q1 = { .db = db, .with = { "Ilham Aliyev", "bakou" }, .n_with = 2,
                      .from = "2023-01-01", .to = "2023-12-31" };
    const char *out = s_query (&q1, &rows);
    ck_assert_int_eq (rows, 2);
    ck_assert_ptr_nonnull (strstr (out, "d1  2023-09-19"));
    ck_assert_ptr_nonnull (strstr (out, "d2  2023-12-31"));
    q1.to = NULL;
    s_query (&q1, &rows);
    ck_assert_int_eq (rows, 3);
    //  The people named with Bakou: Aliyev in 3 articles, Pachinian in 2.
    dp_query_t q2 = { .db = db, .cooccur = "Bakou", .type = "PER", .json = true };
    out = s_query (&q2, &rows);
    ck_assert_int_eq (rows, 2);
    ck_assert_ptr_nonnull (strstr (out, "{\"norm\":\"Ilham Aliyev\",\"type\":\"PER\",\"articles\":3}\n"
                                        "{\"norm\":\"Nikol Pachinian\",\"type\":\"PER\",\"articles\":2}"));
    //  Sentences: hyphenated words, case and accents ignored.
    dp_query_t q3 = { .db = db, .match = "Cessez-le-feu" };
    out = s_query (&q3, &rows);
    ck_assert_int_eq (rows, 2);
    ck_assert_ptr_nonnull (strstr (out, "d4  2023-10-02  #0  Pachinian parle"));
    dp_query_t q4 = { .db = db, .match = "recoit bakou" };
    s_query (&q4, &rows);
    ck_assert_int_eq (rows, 1);
    //  Bad questions are refused.
    char err [256];
    dp_query_t bad = { .db = db };
    ck_assert_int_eq (dp_query_run (&bad, stdout, err, sizeof err), -1);
    dp_query_t nodb = { .db = "/nonexistent/x.db", .match = "a" };
    ck_assert_int_eq (dp_query_run (&nodb, stdout, err, sizeof err), -1);
    free (dir);
}
END_TEST

static int
s_scalar (const char *db, const char *sql, char *text, size_t len)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    ck_assert_int_eq (sqlite3_open (db, &h), SQLITE_OK);
    ck_assert_int_eq (sqlite3_prepare_v2 (h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq (sqlite3_step (st), SQLITE_ROW);
    int v = sqlite3_column_int (st, 0);
    if (text)
        snprintf (text, len, "%s", (const char *) sqlite3_column_text (st, 0));
    sqlite3_finalize (st);
    sqlite3_close (h);
    return v;
}

START_TEST (test_db_killed_mid_batch)
{
    char *dir = s_tmpdir ();
    char db [512];
    snprintf (db, sizeof db, "%s/k.db", dir);
    const char *ents [][3] = { { "Bakou", "LOC", "Bakou" }, { NULL, NULL, NULL } };
    pid_t pid = fork ();
    ck_assert_int_ge (pid, 0);
    if (pid == 0) {
        dp_db_t *h = dp_db_new (db, false);
        if (!h)
            _exit (3);
        for (int i = 0; i < 400; i++) {
            char id [32];
            snprintf (id, sizeof id, "k%d", i);
            dp_article_t *a = s_doc (id, "2023-01-01", "Une phrase sur Bakou.", ents);
            if (dp_db_write (h, a) != 1)
                _exit (4);
            dp_article_destroy (&a);
            if (i == 99 && dp_db_commit (h))
                _exit (5);
        }
        //  300 articles in an open transaction, then SIGKILL.
        kill (getpid (), SIGKILL);
        _exit (6);
    }
    int status;
    ck_assert_int_eq (waitpid (pid, &status, 0), pid);
    ck_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
    char ok [64];
    s_scalar (db, "PRAGMA integrity_check", ok, sizeof ok);
    ck_assert_str_eq (ok, "ok");
    ck_assert_int_eq (s_scalar (db, "SELECT count (*) FROM articles", NULL, 0), 100);
    ck_assert_int_eq (s_scalar (db, "SELECT count (*) FROM entities", NULL, 0), 100);
    ck_assert_int_eq (s_scalar (db, "SELECT count (*) FROM sentences", NULL, 0), 100);
    s_scalar (db, "PRAGMA journal_mode", ok, sizeof ok);
    ck_assert_str_eq (ok, "wal");
    //  The restarted sink: committed ids once, the lost ones written again.
    dp_db_t *h = dp_db_new (db, true);
    ck_assert_ptr_nonnull (h);
    dp_article_t *a = s_doc ("k5", "2023-01-01", "Une phrase sur Bakou.", ents);
    ck_assert_int_eq (dp_db_write (h, a), 0);
    dp_article_set_str (&a->id, "k250");
    ck_assert_int_eq (dp_db_write (h, a), 1);
    ck_assert_int_eq (dp_db_commit (h), 0);
    dp_article_destroy (&a);
    dp_db_destroy (&h);
    ck_assert_int_eq (s_scalar (db, "SELECT count (*) FROM articles", NULL, 0), 101);
    ck_assert_int_eq (s_scalar (db, "SELECT count (*) FROM entities", NULL, 0), 101);
    free (dir);
}
END_TEST

//  The flags and the sentence offsets are kept with the article (a reader
//  shows the sentences of one article without scanning FTS5), and an older
//  database without those columns gets them.
START_TEST (test_db_flags_offsets)
{
    char *dir = s_tmpdir ();
    char db [512];
    snprintf (db, sizeof db, "%s/f.db", dir);
    sqlite3 *h0;
    ck_assert_int_eq (sqlite3_open (db, &h0), SQLITE_OK);
    ck_assert_int_eq (sqlite3_exec (h0, "CREATE TABLE articles (id TEXT PRIMARY KEY NOT NULL,"
                                    " url TEXT, source TEXT, title TEXT, published TEXT, lang TEXT,"
                                    " tags TEXT, text TEXT, error TEXT, error_stage TEXT,"
                                    " written INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close (h0);
    const char *ents [][3] = { { "Bakou", "LOC", "Bakou" }, { NULL, NULL, NULL } };
    dp_article_t *a = s_doc ("f1", "2023-01-01", "Une phrase. Puis Bakou.", ents);
    a->sentences [0]->end = 11;
    dp_article_add_sentence (a, 12, 23);
    dp_article_add_flag (a, "utf8-repaired");
    dp_article_add_flag (a, "clean-fallback");
    dp_db_t *h = dp_db_new (db, false);
    ck_assert_ptr_nonnull (h);
    ck_assert_int_eq (dp_db_write (h, a), 1);
    dp_article_destroy (&a);
    a = s_doc ("f2", "2023-01-01", "Rien.", ents + 1);
    dp_article_clear_spans (a);
    ck_assert_int_eq (dp_db_write (h, a), 1);
    ck_assert_int_eq (dp_db_commit (h), 0);
    dp_db_destroy (&h);
    dp_article_destroy (&a);
    char text [128];
    s_scalar (db, "SELECT flags FROM articles WHERE id = 'f1'", text, sizeof text);
    ck_assert_str_eq (text, "[\"utf8-repaired\",\"clean-fallback\"]");
    s_scalar (db, "SELECT sentence_offsets FROM articles WHERE id = 'f1'", text, sizeof text);
    ck_assert_str_eq (text, "[[0,11],[12,23]]");
    ck_assert_int_eq (s_scalar (db, "SELECT flags IS NULL AND sentence_offsets IS NULL"
                                " FROM articles WHERE id = 'f2'", NULL, 0), 1);
    free (dir);
}
END_TEST

//  Issue 17, item 4: an empty article is a dead letter, not a record with
//  no text that joins the story of every other empty article.
START_TEST (test_sink_empty_is_dead)
{
    char *dir = s_tmpdir ();
    char out [256];
    snprintf (out, sizeof out, "%s/out.jsonl", dir);
    dp_sink_cfg_t cfg = { .out = out };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    const char *in [] = { "{\"url\":\"https://x/empty\"}", "{}", "{\"id\":\"e3\",\"text\":\"\"}",
                          "{\"id\":\"e4\",\"html\":\"<p>Pas nettoyé.</p>\"}",
                          "{\"id\":\"ok\",\"text\":\"Le maire de Lyon a parlé.\"}" };
    for (size_t i = 0; i < sizeof in / sizeof in [0]; i++) {
        char err [256];
        dp_article_t *a = dp_article_from_json (in [i], strlen (in [i]), err, sizeof err);
        ck_assert_ptr_nonnull (a);
        ck_assert_int_eq (dp_sink_write (sink, a), 1);
        dp_article_destroy (&a);
    }
    ck_assert_uint_eq (dp_sink_stats (sink)->dead, 4);
    dp_sink_destroy (&sink);
    char *text = s_slurp (out);
    ck_assert_int_eq (s_lines (text), 5);
    char *line = strtok (text, "\n");
    for (int i = 0; i < 4; i++, line = strtok (NULL, "\n")) {
        ck_assert_msg (strstr (line, "\"error_stage\":\"sink\""), "%s", line);
        ck_assert_msg (!strstr (line, "\"story\""), "%s", line);
    }
    ck_assert_ptr_nonnull (strstr (line, "\"id\":\"ok\""));
    ck_assert_ptr_nonnull (strstr (line, "\"story\":\"st-"));
    ck_assert_ptr_nonnull (strstr (line, "\"error\":null"));
    free (dir);
}
END_TEST

//  After a heavy article (a text over 1 MB, very many entities) or once the
//  linker forgot half its names, the sink gives malloc's free memory back,
//  once, at its next dp_sink_trim (and the heavy record's JSON buffer with
//  it); an ordinary article asks for none.
START_TEST (test_sink_trim_after_heavy)
{
    char *dir = s_tmpdir ();
    char out [256];
    snprintf (out, sizeof out, "%s/out.jsonl", dir);
    dp_sink_cfg_t cfg = { .out = out, .link = { .names = 2 } };
    dp_sink_t *sink = dp_sink_new (&cfg);
    ck_assert_ptr_nonnull (sink);
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "small");
    dp_article_set_str (&a->text, "Le maire a parlé.");
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    ck_assert (!dp_sink_trim (sink));
    ck_assert_ptr_nonnull (dp_sink_last_json (sink, NULL));
    dp_article_destroy (&a);
    //  A text of 1 MB: trimmed once, its JSON buffer freed.
    size_t big = 1024 * 1024 + 10;
    char *text = malloc (big + 1);
    ck_assert_ptr_nonnull (text);
    memset (text, 'a', big);
    text [big] = '\0';
    a = dp_article_new ();
    dp_article_set_str (&a->id, "big");
    dp_article_take (&a->text, text);
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    dp_article_destroy (&a);
    ck_assert (dp_sink_trim (sink));
    ck_assert_ptr_null (dp_sink_last_json (sink, NULL));
    ck_assert (!dp_sink_trim (sink));
    //  Three names learned past a cap of two: half forgotten, trimmed.
    const char *t = "Jean Dupont, Marie Curie et Paul Martin.";
    a = dp_article_new ();
    dp_article_set_str (&a->id, "names");
    dp_article_set_str (&a->text, t);
    ck_assert_int_eq (dp_article_add_entity (a, 0, 11, "PER", NULL), 0);
    ck_assert_int_eq (dp_article_add_entity (a, 13, 24, "PER", NULL), 0);
    ck_assert_int_eq (dp_article_add_entity (a, 28, 39, "PER", NULL), 0);
    ck_assert_int_eq (dp_sink_write (sink, a), 1);
    dp_article_destroy (&a);
    ck_assert (dp_sink_trim (sink));
    ck_assert_ptr_nonnull (dp_sink_last_json (sink, NULL));  //  under 1 MB: kept
    ck_assert (!dp_sink_trim (sink));
    ck_assert_uint_eq (dp_sink_stats (sink)->written, 3);
    dp_sink_destroy (&sink);
    free (dir);
}
END_TEST

START_TEST (test_tail_print)
{
    const char *frame = "news {\"id\":\"t1\",\"title\":\"Titre\",\"published\":\"2023-09-19\","
                        "\"text\":\"Ilham Aliyev à Bakou.\",\"entities\":[{\"start\":0,\"end\":12,"
                        "\"type\":\"PER\",\"norm\":\"Ilham Aliyev\"},{\"start\":16,\"end\":21,"
                        "\"type\":\"LOC\",\"norm\":\"Bakou\"}]}";
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream (&buf, &len);
    ck_assert_int_eq (dp_tail_print (f, frame, strlen (frame), false), 0);
    ck_assert_int_eq (dp_tail_print (f, "junk", 4, false), -1);
    fclose (f);
    ck_assert_str_eq (buf, "== 2023-09-19  Titre  t1\nIlham Aliyev à Bakou.\n"
                           "   PER Ilham Aliyev; LOC Bakou\n");
    free (buf);
    f = open_memstream (&buf, &len);
    ck_assert_int_eq (dp_tail_print (f, frame, strlen (frame), true), 0);
    fclose (f);
    ck_assert_ptr_nonnull (strstr (buf, "\033[1;31mIlham Aliyev\033[0m à \033[1;32mBakou\033[0m."));
    free (buf);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("sink");
    TCase *tc = tcase_create ("sink");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_archive_rotation_index);
    tcase_add_test (tc, test_archive_recovers_part);
    tcase_add_test (tc, test_archive_recovers_damaged_part);
    tcase_add_test (tc, test_db_queries);
    tcase_add_test (tc, test_db_killed_mid_batch);
    tcase_add_test (tc, test_db_flags_offsets);
    tcase_add_test (tc, test_tail_print);
    tcase_add_test (tc, test_sink_empty_is_dead);
    tcase_add_test (tc, test_sink_trim_after_heavy);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
