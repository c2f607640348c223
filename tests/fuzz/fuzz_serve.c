//  depeche — fuzz target for the web view's request input: arbitrary bytes
//  as the request URI (path and query string, as a client sends them),
//  answered by dp_serve_handle against a small database holding hostile
//  articles (written at start by the sink's writer). The first byte picks
//  a page and the rest is its query string, or, with its high bit set, the
//  bytes are the whole URI.
//  Checks: the status is one the server gives; the body is NUL-free valid
//  UTF-8 of the length said; every tag in it is one the pages write (no
//  markup of the input or the data gets through); the only script is the
//  front page's own file; no href holds a javascript: URL.
#include "serve/serve.h"
#include "sink/db.h"
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static dp_serve_t *s_srv;
static char s_dir [] = "/tmp/dp-fuzz-serve-XXXXXX";
static char s_path [600];

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_serve.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static void
s_cleanup (void)
{
    dp_serve_destroy (&s_srv);
    const char *suffix [] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        char path [700];
        snprintf (path, sizeof path, "%s%s", s_path, suffix [i]);
        unlink (path);
    }
    rmdir (s_dir);
}

//  Articles with names, copies, a dead letter and hostile strings.
static const char *s_docs [] = {
    ("{\"id\":\"a1\",\"title\":\"Ilham Aliyev à Bakou\",\"published\":\"2026-02-09\","
    "\"url\":\"https://quotidien.example/a1\",\"story\":\"st-1\",\"lang\":\"fr\","
    "\"text\":\"Ilham Aliyev a reçu Pachinian à Bakou. Ils ont parlé lundi.\","
    "\"sentences\":[{\"start\":0,\"end\":39},{\"start\":40,\"end\":61}],"
    "\"entities\":[{\"start\":0,\"end\":12,\"type\":\"PER\",\"norm\":\"Ilham Aliyev\","
    "\"canon\":\"Ilham Aliyev\"},{\"start\":20,\"end\":29,\"type\":\"PER\",\"norm\":"
    "\"Pachinian\",\"canon\":\"Nikol Pashinyan\"},{\"start\":33,\"end\":38,\"type\":\"LOC\","
    "\"norm\":\"Bakou\",\"canon\":\"Baku\"},{\"start\":54,\"end\":59,\"type\":\"DATE\","
    "\"norm\":\"lundi\"}]}"),
    ("{\"id\":\"a2\",\"title\":\"Aliev à Bakou\",\"published\":\"2026-02-10\",\"story\":\"st-1\","
    "\"duplicate_of\":\"a1\",\"url\":\"https://matin.example/a2\","
    "\"text\":\"Aliev est à Bakou.\",\"sentences\":[{\"start\":0,\"end\":19}],"
    "\"entities\":[{\"start\":0,\"end\":5,\"type\":\"PER\",\"norm\":\"Aliev\",\"canon\":"
    "\"Ilham Aliyev\"},{\"start\":13,\"end\":18,\"type\":\"LOC\",\"canon\":\"Baku\"}]}"),
    ("{\"id\":\"<x>\",\"title\":\"<script>alert(1)</script>\",\"url\":\"javascript:alert(2)\","
    "\"story\":\"st-<i>\",\"published\":\"<b>\",\"lang\":\"\\\"><svg onload=x>\","
    "\"tags\":[\"<a>\"],\"flags\":[\"<u>\"],"
    "\"text\":\"<img src=x onerror=alert(3)> \\u00e0 Lyon.\",\"sentences\":[{\"start\":0,"
    "\"end\":37}],\"entities\":[{\"start\":32,\"end\":36,\"type\":"
    "\"<i>\",\"norm\":\"<p>\",\"canon\":\"<q>\"}]}"),
    ("{\"id\":\"d1\",\"title\":\"vide\",\"error\":\"<b>no text</b>\",\"error_stage\":\"<i>\","
    "\"text\":\"\"}"),
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    if (!mkdtemp (s_dir))
        exit (2);
    snprintf (s_path, sizeof s_path, "%s/f.db", s_dir);
    atexit (s_cleanup);
    dp_db_t *db = dp_db_new (s_path, false);
    for (size_t i = 0; db && i < sizeof s_docs / sizeof s_docs [0]; i++) {
        char err [256];
        dp_article_t *a = dp_article_from_json (s_docs [i], strlen (s_docs [i]), err, sizeof err);
        if (!a || dp_db_write (db, a) != 1) {
            fprintf (stderr, "fuzz_serve: article %zu: %s\n", i, a ? "not written" : err);
            exit (2);
        }
        dp_article_destroy (&a);
    }
    //  Offsets no writer would give: past the end, inverted, inside a
    //  character, out of order, not numbers.
    if (!db || dp_db_commit (db) || sqlite3_exec (dp_db_handle (db),
            "UPDATE articles SET sentence_offsets = '[[3,400],[0,2],[\"x\"],5,[-1,2],[30,31]]'"
            " WHERE id = '<x>'; UPDATE articles SET flags = '{\"a\":1}', tags = '[1,null]'"
            " WHERE id = 'd1'; INSERT INTO entities VALUES ('<x>', 30, 31, 'LOC', 'x', 'x',"
            " 'Lyon'), ('<x>', 36, 99, NULL, NULL, NULL, NULL), ('<x>', -5, 2, 'PER', 'y', 'y',"
            " NULL), ('a1', 2, 1, 'ORG', 'z', 'z', 'z')", NULL, NULL, NULL) != SQLITE_OK)
        exit (2);
    dp_db_destroy (&db);
    char err [512];
    dp_serve_cfg_t cfg = { .db = s_path, .budget_ms = 200, .conns = 1 };
    if (!(s_srv = dp_serve_new (&cfg, err, sizeof err))) {
        fprintf (stderr, "fuzz_serve: %s (set DP_DATA to the data folder)\n", err);
        exit (2);
    }
    return 0;
}

//  Tags the pages write; anything else in a body came from input or data.
static const char *s_tags [] = {
    "!DOCTYPE", "html", "head", "meta", "title", "link", "body", "header", "nav", "form",
    "input", "main", "footer", "script", "section", "p", "b", "div", "h1", "h2", "ol", "ul",
    "li", "a", "span", "aside", "table", "thead", "tbody", "tr", "th", "td", "code", "q",
    "mark", "svg", "line", "text", "rect", "dl", "dt", "dd", "small", "label", "button",
    "article", NULL
};

static void
s_check_markup (const char *body)
{
    for (const char *p = strchr (body, '<'); p; p = strchr (p + 1, '<')) {
        const char *name = p + 1 + (p [1] == '/');
        size_t n = 0;
        while (isalnum ((unsigned char) name [n]) || (n == 0 && name [n] == '!'))
            n++;
        bool known = false;
        for (int i = 0; s_tags [i] && !known; i++)
            known = strlen (s_tags [i]) == n && strncmp (name, s_tags [i], n) == 0;
        if (!known)
            fprintf (stderr, "unknown tag at: %.60s\n", p);
        S_CHECK (known);
    }
    const char *script = strstr (body, "<script");
    if (script) {
        S_CHECK (strncmp (script, "<script src=\"/static/live.js\"></script>", 39) == 0);
        S_CHECK (!strstr (script + 1, "<script"));
    }
    for (const char *h = strstr (body, "href=\""); h; h = strstr (h + 1, "href=\""))
        S_CHECK (strncasecmp (h + 6, "javascript", 10) != 0 && h [6] != ' ');
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static const char *paths [] = {
        "/", "/live", "/story", "/name", "/article", "/search", "/static/live.js", "/x"
    };
    if (size == 0 || size > 16384)
        return 0;
    char *uri = malloc (size + 32);
    if (!uri)
        return 0;
    if (data [0] & 0x80) {
        memcpy (uri, data + 1, size - 1);
        uri [size - 1] = '\0';
    }
    else {
        const char *path = paths [data [0] % (sizeof paths / sizeof paths [0])];
        size_t n = strlen (path);
        memcpy (uri, path, n);
        uri [n] = '?';
        memcpy (uri + n + 1, data + 1, size - 1);
        uri [n + size] = '\0';
    }
    dp_reply_t r;
    dp_serve_handle (s_srv, (data [0] & 0x40) && (data [0] & 0x80) ? "POST" : "GET", uri, &r);
    S_CHECK (r.status == 200 || r.status == 400 || r.status == 404 || r.status == 405
          || r.status == 500);
    S_CHECK (r.body && r.type);
    S_CHECK (!memchr (r.body, '\0', r.len));
    S_CHECK (dp_utf8_valid (r.body, r.len));
    if (strncmp (r.type, "text/html", 9) == 0)
        s_check_markup (r.body);
    dp_reply_free (&r);
    free (uri);
    return 0;
}
