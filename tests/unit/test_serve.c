//  depeche — the web view (`depeche serve`) called as plain functions: the
//  escapers and the request parser, then each page's queries on a small
//  database written by the sink's own writer (so the schema is the real
//  one): front page and its live fragment, a story, a name, an article,
//  search; the time budget that cuts a query; a read-only connection.
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depeche/dp_article.h"
#include "serve/serve.h"
#include "serve/serve_chart.h"
#include "serve/serve_html.h"
#include "serve/serve_page.h"
#include "serve/serve_req.h"
#include "serve/serve_store.h"
#include "sink/db.h"
#include "test_run.h"

//  --------------------------------------------------------------------------
//  Escaping

static char *
s_escaped (const char *s, size_t len)
{
    static dp_html_t out;
    dp_html_free (&out);
    dp_html_textn (&out, s, len);
    return out.data ? out.data : "";
}

START_TEST (test_html_text)
{
    const char *s = "<script>alert(\"x\")&'</script>";
    ck_assert_str_eq (s_escaped (s, strlen (s)),
                      "&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;&lt;/script&gt;");
    //  Valid UTF-8 passes, tab and newlines too; bad bytes, NUL and other
    //  control characters become U+FFFD, one per byte.
    ck_assert_str_eq (s_escaped ("é\t\n", 4), "é\t\n");
    ck_assert_str_eq (s_escaped ("a\xff" "b\xc3", 4), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    ck_assert_str_eq (s_escaped ("a\0b\x1b\x7f", 5),
                      "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
    ck_assert_str_eq (s_escaped ("\xed\xa0\x80", 3),   //  a surrogate
                      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    ck_assert_str_eq (s_escaped ("\xe0\x80\xaf", 3),   //  overlong '/'
                      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    dp_html_t out = { 0 };
    dp_html_text (&out, NULL);
    ck_assert_uint_eq (out.len, 0);
    dp_html_arg (&out, "Ilham Aliyev/é&=?#\"<");
    ck_assert_str_eq (out.data, "Ilham%20Aliyev%2F%C3%A9%26%3D%3F%23%22%3C");
    dp_html_free (&out);
    dp_html_fmt (&out, "%d-%s", 42, "x");
    ck_assert_str_eq (out.data, "42-x");
    size_t len;
    char *taken = dp_html_take (&out, &len);
    ck_assert_str_eq (taken, "42-x");
    ck_assert_uint_eq (len, 4);
    free (taken);
}
END_TEST

START_TEST (test_http_url)
{
    ck_assert (dp_html_http_url ("https://www.exemple.fr/a?b=c#d"));
    ck_assert (dp_html_http_url ("HTTP://EXEMPLE.FR/"));
    const char *bad [] = {
        "javascript:alert(1)", "JavaScript:alert(1)", " http://x", "java\tscript:alert(1)",
        "data:text/html,<script>", "https://x\"onmouseover=alert(1)", "http://a b",
        "https://x/<script>", "//evil.example/", "", NULL
    };
    for (int i = 0; bad [i]; i++)
        ck_assert_msg (!dp_html_http_url (bad [i]), "%s", bad [i]);
    ck_assert (!dp_html_http_url (NULL));
}
END_TEST

//  --------------------------------------------------------------------------
//  Request parsing

START_TEST (test_req_parse)
{
    dp_req_t r;
    char err [128];
    ck_assert_int_eq (dp_req_parse (&r, "/search?q=t%C3%A9l%C3%A9phone+lundi&with=Aliev"
                                        "&with=&with=Bakou&&flag#frag", err, sizeof err), 0);
    ck_assert_str_eq (r.path, "/search");
    ck_assert_str_eq (dp_req_get (&r, "q"), "téléphone lundi");
    ck_assert_str_eq (dp_req_get (&r, "flag"), "");
    ck_assert_ptr_null (dp_req_get (&r, "frag"));
    const char *with [4];
    ck_assert_uint_eq (dp_req_all (&r, "with", with, 4), 2);
    ck_assert_str_eq (with [0], "Aliev");
    ck_assert_str_eq (with [1], "Bakou");
    ck_assert_uint_eq (dp_req_all (&r, "with", with, 1), 2);   //  counts past max
    dp_req_free (&r);
    //  The path keeps '+'; whitespace pasted into a value is a space.
    ck_assert_int_eq (dp_req_parse (&r, "/a+b%2Fc?x=%09y%0Az", err, sizeof err), 0);
    ck_assert_str_eq (r.path, "/a+b/c");
    ck_assert_str_eq (dp_req_get (&r, "x"), " y z");
    dp_req_free (&r);
    const char *bad [] = {
        "search", "", "/x?q=%zz", "/x?q=%f", "/x?q=%", "/x?q=%ff", "/x?q=%00", "/%00",
        "/x?q=%1b", "/x?q=\x01", "/x?%C3=1", "/x?q=%ED%A0%80", NULL
    };
    for (int i = 0; bad [i]; i++) {
        err [0] = '\0';
        ck_assert_msg (dp_req_parse (&r, bad [i], err, sizeof err) == -1, "%s", bad [i]);
        ck_assert_msg (err [0], "a reason for %s", bad [i]);
        ck_assert_ptr_null (r.buf);
    }
    //  Bounds: parameters, value length, URI length.
    char big [DP_REQ_MAX_URI + 64];
    strcpy (big, "/x?");
    for (int i = 0; i <= DP_REQ_MAX_ARGS; i++)
        strcat (big, "a=1&");
    ck_assert_int_eq (dp_req_parse (&r, big, err, sizeof err), -1);
    strcpy (big, "/x?q=");
    memset (big + 5, 'a', DP_REQ_MAX_VALUE + 1);
    big [5 + DP_REQ_MAX_VALUE + 1] = '\0';
    ck_assert_int_eq (dp_req_parse (&r, big, err, sizeof err), -1);
    big [5 + DP_REQ_MAX_VALUE] = '\0';
    ck_assert_int_eq (dp_req_parse (&r, big, err, sizeof err), 0);
    dp_req_free (&r);
    memset (big, 'a', sizeof big - 1);
    big [0] = '/';
    big [sizeof big - 1] = '\0';
    ck_assert_int_eq (dp_req_parse (&r, big, err, sizeof err), -1);
}
END_TEST

//  Words made of quotes alone: each quote doubled, each word quoted. The
//  query was written one byte past its buffer per such word (fuzz_serve;
//  ASan in the sanitized build).
START_TEST (test_fts_quotes)
{
    const char *cases [][2] = {
        { "\"", "\"\"\"\"" },
        { "\" \"", "\"\"\"\" \"\"\"\"" },
        { "\"\"\"\"\"\"\" \"\"\"\"\"\"\"", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\" \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"" },
        { "\" \" \" \" \"", "\"\"\"\" \"\"\"\" \"\"\"\" \"\"\"\" \"\"\"\"" },
        { "  cessez-le-feu  Gaza ", "\"cessez-le-feu\" \"Gaza\"" },
        { "   ", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        char *q = dp_page_fts (cases [i][0]);
        ck_assert_ptr_nonnull (q);
        ck_assert_str_eq (q, cases [i][1]);
        free (q);
    }
}
END_TEST

START_TEST (test_req_values)
{
    dp_req_t r;
    char err [128];
    ck_assert_int_eq (dp_req_parse (&r, "/?from=2026-02-09&to=2026-13-01&x=2026-2-9&n=42"
                                        "&neg=-1&big=99999999999999999999&e=", err, sizeof err), 0);
    const char *d;
    ck_assert_int_eq (dp_req_date (&r, "from", &d, err, sizeof err), 0);
    ck_assert_str_eq (d, "2026-02-09");
    ck_assert_int_eq (dp_req_date (&r, "to", &d, err, sizeof err), -1);
    ck_assert_ptr_nonnull (strstr (err, "to: not a date"));
    ck_assert_int_eq (dp_req_date (&r, "x", &d, err, sizeof err), -1);
    ck_assert_int_eq (dp_req_date (&r, "absent", &d, err, sizeof err), 0);
    ck_assert_ptr_null (d);
    ck_assert_int_eq (dp_req_date (&r, "e", &d, err, sizeof err), 0);
    ck_assert_ptr_null (d);
    int64_t v;
    ck_assert_int_eq (dp_req_int (&r, "n", 0, 100, 7, &v, err, sizeof err), 0);
    ck_assert_int_eq (v, 42);
    ck_assert_int_eq (dp_req_int (&r, "n", 0, 10, 7, &v, err, sizeof err), -1);
    ck_assert_int_eq (dp_req_int (&r, "neg", 0, 10, 7, &v, err, sizeof err), -1);
    ck_assert_int_eq (dp_req_int (&r, "big", 0, INT64_MAX, 7, &v, err, sizeof err), -1);
    ck_assert_int_eq (dp_req_int (&r, "absent", 0, 10, 7, &v, err, sizeof err), 0);
    ck_assert_int_eq (v, 7);
    dp_req_free (&r);
}
END_TEST

//  --------------------------------------------------------------------------
//  The chart

START_TEST (test_chart)
{
    ck_assert_int_eq (dp_chart_day ("1970-01-01"), 0);
    ck_assert_int_eq (dp_chart_day ("2026-02-09T10:00:00Z"), 20493);
    ck_assert_int_eq (dp_chart_day ("2024-02-29"), 19782);
    ck_assert_int_eq (dp_chart_day ("2026-02-30"), INT32_MIN);
    ck_assert_int_eq (dp_chart_day ("2026-2-9"), INT32_MIN);
    ck_assert_int_eq (dp_chart_day ("<svg>"), INT32_MIN);
    ck_assert_int_eq (dp_chart_day (NULL), INT32_MIN);
    dp_chart_t *c = calloc (1, sizeof *c);
    dp_chart_add (c, "2026-02-09", 3);
    dp_chart_add (c, "2026-02-12", 1);
    dp_chart_add (c, "2026-02-09T12:00", 2);
    dp_chart_add (c, "hier", 4);
    dp_chart_add (c, NULL, 1);
    dp_html_t out = { 0 };
    dp_chart_svg (c, &out, "mentions", "a <label>");
    ck_assert_ptr_nonnull (strstr (out.data, "aria-label=\"a &lt;label&gt;\""));
    ck_assert_ptr_nonnull (strstr (out.data, "<title>2026-02-09: 5 mentions</title>"));
    ck_assert_ptr_nonnull (strstr (out.data, "<title>2026-02-12: 1 mentions</title>"));
    ck_assert_ptr_nonnull (strstr (out.data, ">2026-02-12</text>"));
    ck_assert_ptr_nonnull (strstr (out.data, "5 mentions without a date"));
    int rects = 0;
    for (const char *p = out.data; (p = strstr (p, "<rect")); p++)
        rects++;
    ck_assert_int_eq (rects, 2);        //  the two empty days are gaps
    dp_html_free (&out);
    free (c);
}
END_TEST

//  --------------------------------------------------------------------------
//  A small database written by the sink's writer

static char s_db [512];

//  Adds one article: meta is a JSON object (id, title, url, story...), the
//  sentences are the text cut after each ". ", ents are {text, type, norm,
//  canon} found in the text by their first occurrence from the last one.
static void
s_add (dp_db_t *db, const char *meta, const char *text, const char *ents [][4])
{
    char err [256];
    dp_article_t *a = dp_article_from_json (meta, strlen (meta), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    dp_article_set_str (&a->text, text);
    uint32_t at = 0, len = (uint32_t) strlen (text);
    for (const char *p = strstr (text, ". "); p; p = strstr (p + 2, ". ")) {
        dp_article_add_sentence (a, at, (uint32_t) (p - text) + 1);
        at = (uint32_t) (p - text) + 2;
    }
    if (at < len)
        dp_article_add_sentence (a, at, len);
    const char *from = text;
    for (int i = 0; ents && ents [i][0]; i++) {
        const char *hit = strstr (from, ents [i][0]);
        ck_assert_msg (hit != NULL, "%s", ents [i][0]);
        uint32_t start = (uint32_t) (hit - text);
        dp_article_add_entity (a, start, start + (uint32_t) strlen (ents [i][0]), ents [i][1],
                               ents [i][2]);
        if (ents [i][3])
            dp_article_set_str (&a->entities [a->n_entities - 1]->canon, ents [i][3]);
        from = hit + strlen (ents [i][0]);
    }
    ck_assert_int_eq (dp_db_write (db, a), 1);
    dp_article_destroy (&a);
}

static void
s_make_db (void)
{
    char dir [] = "/tmp/dp-test-serve-XXXXXX";
    ck_assert_ptr_nonnull (mkdtemp (dir));
    snprintf (s_db, sizeof s_db, "%s/news.db", dir);
    dp_db_t *db = dp_db_new (s_db, false);
    ck_assert_ptr_nonnull (db);
    //  Filler: enough rows that a query with no time left gets cut.
    for (int i = 0; i < 300; i++) {
        char meta [160];
        snprintf (meta, sizeof meta, "{\"id\":\"f%03d\",\"title\":\"Brève %d\",\"published\":"
                  "\"2026-01-%02d\",\"story\":\"st-f%d\"}", i, i, 1 + i % 28, i % 40);
        const char *ef [][4] = { { "Lyon", "LOC", "Lyon", "Lyon" }, { NULL } };
        s_add (db, meta, "Une brève sur Lyon. Rien de plus.", ef);
    }
    const char *e1 [][4] = {
        { "Ilham Aliyev", "PER", "Ilham Aliyev", "Ilham Aliyev" },
        { "Nikol Pachinian", "PER", "Nikol Pachinian", "Nikol Pashinyan" },
        { "Bakou", "LOC", "Bakou", "Baku" }, { "lundi", "DATE", "lundi", NULL }, { NULL } };
    s_add (db, "{\"id\":\"a1\",\"title\":\"Ilham Aliyev reçoit Nikol Pachinian\",\"published\":"
           "\"2026-02-09\",\"url\":\"https://www.quotidien.example/a1\",\"lang\":\"fr\","
           "\"story\":\"st-one\",\"tags\":[\"monde\"]}",
           "Ilham Aliyev a reçu Nikol Pachinian à Bakou. Ils ont parlé au téléphone lundi.", e1);
    const char *e2 [][4] = {
        { "Aliev", "PER", "Aliev", "Ilham Aliyev" },
        { "Pachinian", "PER", "Pachinian", "Nikol Pashinyan" },
        { "Bakou", "LOC", "Bakou", "Baku" }, { NULL } };
    s_add (db, "{\"id\":\"a2\",\"title\":\"Aliev et Pachinian à Bakou\",\"published\":"
           "\"2026-02-10\",\"url\":\"https://matin.example/a2\",\"story\":\"st-one\"}",
           "Le président Aliev et Pachinian se sont parlé. La rencontre a eu lieu à Bakou.", e2);
    s_add (db, "{\"id\":\"a3\",\"title\":\"Ilham Aliyev reçoit Nikol Pachinian (copie)\","
           "\"published\":\"2026-02-10\",\"url\":\"https://gazette.example/a3\","
           "\"story\":\"st-one\",\"duplicate_of\":\"a1\"}",
           "Ilham Aliyev a reçu Nikol Pachinian à Bakou. Ils ont parlé au téléphone lundi.", e1);
    const char *e4 [][4] = {
        { "Grégory Doucet", "PER", "Grégory Doucet", "Grégory Doucet" },
        { "Lyon", "LOC", "Lyon", "Lyon" },
        { "3 millions d'euros", "MONEY", "3000000 EUR", NULL }, { NULL } };
    s_add (db, "{\"id\":\"b1\",\"title\":\"Un tram pour Lyon\",\"published\":\"2026-02-12\","
           "\"url\":\"https://quotidien.example/b1\",\"story\":\"st-two\"}",
           "Grégory Doucet inaugure un tram à Lyon. Le coût atteint 3 millions d'euros.", e4);
    //  Hostile: a script title, a javascript: URL, markup in the text, an
    //  entity cut inside a character and one past the end.
    char err [256];
    const char *evil = "{\"id\":\"evil\",\"title\":\"<script>alert(1)</script>\",\"url\":"
                       "\"javascript:alert(2)\",\"published\":\"2026-02-12\",\"story\":"
                       "\"st-<i>3</i>\",\"lang\":\"fr\\\"><script>\",\"flags\":[\"utf8-repaired\"]}";
    dp_article_t *a = dp_article_from_json (evil, strlen (evil), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    const char *text = "Un texte <img src=x onerror=alert(3)> à Lyon.";
    dp_article_set_str (&a->text, text);
    dp_article_add_sentence (a, 0, (uint32_t) strlen (text));
    const char *lyon = strstr (text, "Lyon"), *agrave = strstr (text, "à");
    dp_article_add_entity (a, (uint32_t) (agrave - text) + 1, (uint32_t) (lyon - text) - 1,
                           "MISC", "cut");
    dp_article_add_entity (a, (uint32_t) (lyon - text), (uint32_t) (lyon - text) + 4, "LOC",
                           "Lyon");
    dp_article_set_str (&a->entities [1]->canon, "Lyon");
    dp_article_add_entity (a, (uint32_t) strlen (text) - 1, (uint32_t) strlen (text) + 9,
                           "ORG", "past");
    ck_assert_int_eq (dp_db_write (db, a), 1);
    dp_article_destroy (&a);
    s_add (db, "{\"id\":\"dead1\",\"title\":\"Page vide\",\"error\":\"no text after cleaning\","
           "\"error_stage\":\"clean\"}", "", NULL);
    //  A canon on a type no page reads a canon of (a writer of tomorrow).
    ck_assert_int_eq (sqlite3_exec (dp_db_handle (db), "INSERT INTO entities VALUES ('dead1', 0,"
                                    " 2, 'EVENT', 'Un', 'Un', 'Odd Canon')", NULL, NULL, NULL),
                      SQLITE_OK);
    //  Arrival times a minute apart, from 2026-01-01 00:00 UTC.
    ck_assert_int_eq (sqlite3_exec (dp_db_handle (db), "UPDATE articles SET written ="
                                    " 1767225600 + rowid * 60", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq (dp_db_commit (db), 0);
    dp_db_destroy (&db);
}

static dp_serve_t *s_srv;

static void
s_setup (void)
{
    s_make_db ();
    char err [256];
    dp_serve_cfg_t cfg = { .db = s_db, .budget_ms = 5000 };
    s_srv = dp_serve_new (&cfg, err, sizeof err);
    ck_assert_msg (s_srv != NULL, "%s", err);
}

static void
s_teardown (void)
{
    dp_serve_destroy (&s_srv);
    ck_assert_ptr_null (s_srv);
    const char *suffix [] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        char path [600];
        snprintf (path, sizeof path, "%s%s", s_db, suffix [i]);
        unlink (path);
    }
    *strrchr (s_db, '/') = '\0';
    rmdir (s_db);
}

//  GET uri; checks the status, returns the body (valid until the next call).
static const char *
s_get (const char *uri, int status)
{
    static dp_reply_t reply;
    dp_reply_free (&reply);
    dp_serve_handle (s_srv, "GET", uri, &reply);
    ck_assert_msg (reply.status == status, "%s: status %d, not %d", uri, reply.status, status);
    ck_assert_ptr_nonnull (reply.body);
    ck_assert_uint_eq (strlen (reply.body), reply.len);
    return reply.body;
}

static bool
s_has (const char *page, const char *what)
{
    return strstr (page, what) != NULL;
}

static int
s_count (const char *page, const char *what)
{
    int n = 0;
    for (const char *p = page; (p = strstr (p, what)); p++)
        n++;
    return n;
}

//  The part of page from the first from to the next to (static copy).
static const char *
s_part (const char *page, const char *from, const char *to)
{
    static char buf [65536];
    const char *a = strstr (page, from);
    ck_assert_msg (a != NULL, "%s", from);
    const char *b = strstr (a, to);
    size_t n = b ? (size_t) (b - a) : strlen (a);
    ck_assert_uint_lt (n, sizeof buf);
    memcpy (buf, a, n);
    buf [n] = '\0';
    return buf;
}

//  No markup of the data got through: the only script is ours.
static void
s_no_injection (const char *page)
{
    ck_assert_int_le (s_count (page, "<script"), 1);
    ck_assert_int_eq (s_count (page, "<script"), s_count (page, "<script src=\"/static/live.js\">"));
    ck_assert (!s_has (page, "<img"));
    ck_assert (!s_has (page, "href=\"javascript:"));
    ck_assert (!s_has (page, "<i>3</i>"));
}

START_TEST (test_front)
{
    const char *p = s_get ("/", 200);
    ck_assert (s_has (p, "<section id=\"live\" data-after=\"306\">"));
    ck_assert (s_has (p, "<b id=\"total\">306</b> articles"));
    //  Newest stories first: the filler's, then the hostile one's, st-two.
    ck_assert (s_has (p, "&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
    ck_assert (s_has (p, "href=\"/story?id=st-%3Ci%3E3%3C%2Fi%3E\""));
    ck_assert (s_has (p, "<span class=\"flag dead\">dead letter</span>"));
    const char *evil = strstr (p, "href=\"/story?id=st-%3Ci"), *two = strstr (p, "id=st-two\""),
               *one = strstr (p, "id=st-one\""), *filler = strstr (p, "id=st-f");
    ck_assert (evil && two && one && filler && evil < two && two < one && one < filler);
    ck_assert (s_has (p, "seen 2026-01-01 05:05 · published 2026-02-12"));
    ck_assert (s_has (p, "<a href=\"/?before="));
    ck_assert (s_has (p, "<script src=\"/static/live.js\"></script>"));
    ck_assert (!s_has (p, "class=\"story new\""));
    s_no_injection (p);
    //  The live fragment marks what came after the given rowid.
    p = s_get ("/live?after=304", 200);
    ck_assert (!s_has (p, "<html"));
    ck_assert_int_eq (s_count (p, "<li class=\"new\">"), 2);
    ck_assert_int_ge (s_count (p, "class=\"story new\""), 1);
    s_get ("/live?after=x", 400);
    //  An older page: stories before a rowid, not live.
    p = s_get ("/?before=1767243660", 200);       //  the arrival of rowid 301
    ck_assert (!s_has (p, "data-after"));
    ck_assert (!s_has (p, "Ilham Aliyev reçoit Nikol Pachinian</a>"));
    ck_assert (s_has (p, "Brève 299</a>"));
    ck_assert (!s_has (p, "live.js"));
}
END_TEST

START_TEST (test_story)
{
    const char *p = s_get ("/story?id=st-one", 200);
    ck_assert (s_has (p, "<h1>Ilham Aliyev reçoit Nikol Pachinian</h1>"));
    ck_assert_int_eq (s_count (p, "<tr"), 4);       //  header + three articles
    ck_assert (s_has (p, "<span class=\"flag copy\">copy of <a href=\"/article?id=a1\">a1</a>"));
    ck_assert (s_has (p, "<tr class=\"copy\">"));
    ck_assert (s_has (p, "quotidien.example"));
    //  The timeline: two days, 1 and 2 articles.
    ck_assert (s_has (p, "<title>2026-02-09: 1 articles</title>"));
    ck_assert (s_has (p, "<title>2026-02-10: 2 articles</title>"));
    //  Names with their canon and the spellings used.
    ck_assert (s_has (p, "href=\"/name?n=Ilham%20Aliyev\">Ilham Aliyev</a>"));
    ck_assert (s_has (p, "3 articles, 3 mentions"));
    ck_assert (s_has (p, "Aliev"));
    ck_assert (s_has (p, "href=\"/name?n=Nikol%20Pashinyan\""));
    s_get ("/story?id=st-none", 404);
    s_get ("/story", 400);
    p = s_get ("/story?id=st-%3Ci%3E3%3C%2Fi%3E", 200);
    s_no_injection (p);
    ck_assert (s_has (p, "st-&lt;i&gt;3&lt;/i&gt;"));
    //  A merged story's old id leads to the new one.
    sqlite3 *h;
    ck_assert_int_eq (sqlite3_open (s_db, &h), SQLITE_OK);
    ck_assert_int_eq (sqlite3_exec (h, "INSERT INTO story_alias VALUES ('st-old', 'st-mid'),"
                                    " ('st-mid', 'st-two')", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close (h);
    p = s_get ("/story?id=st-old", 200);
    ck_assert (s_has (p, "<h1>Un tram pour Lyon</h1>"));
    ck_assert (s_has (p, "merged from <code>st-old</code>"));
}
END_TEST

START_TEST (test_name)
{
    //  A spelling leads to its canon: every spelling, the stories, the
    //  names given with it, mentions per day.
    const char *p = s_get ("/name?n=Aliev", 200);
    ck_assert (s_has (p, "<h1>Ilham Aliyev</h1>"));
    ck_assert (s_has (p, "Aliev is a spelling of this name."));
    ck_assert (s_has (p, "<tr><td>Ilham Aliyev</td><td class=\"type\">PER</td><td>2</td><td>2</td>"));
    ck_assert (s_has (p, "<tr><td>Aliev</td><td class=\"type\">PER</td><td>1</td><td>1</td>"));
    ck_assert (s_has (p, "href=\"/story?id=st-one\""));
    ck_assert (s_has (p, "href=\"/name?n=Nikol%20Pashinyan\">Nikol Pashinyan</a>"));
    ck_assert (s_has (p, "href=\"/name?n=Baku\""));
    ck_assert (!s_has (s_part (p, "<h2>Named with it</h2>", "</ol>"),
                       "Ilham%20Aliyev"));  //  not named with itself
    ck_assert (s_has (p, "<title>2026-02-09: 1 mentions</title>"));
    ck_assert (s_has (p, "<title>2026-02-10: 2 mentions</title>"));
    //  Accents, case and a word of the name: the same canon.
    p = s_get ("/name?n=gregory%20doucet", 200);
    ck_assert (s_has (p, "<h1>Grégory Doucet</h1>"));
    p = s_get ("/name?n=PACHINIAN", 200);
    ck_assert (s_has (p, "<h1>Nikol Pashinyan</h1>"));
    //  An entity without canon (a sum): the page of its norm.
    p = s_get ("/name?n=3000000%20EUR", 200);
    ck_assert (s_has (p, "Not a person, place or organisation"));
    ck_assert (s_has (p, "<td>3 millions d&#39;euros</td><td class=\"type\">MONEY</td>"));
    //  A key whose mentions no section reads: empty sections, no crash.
    p = s_get ("/name?n=Odd%20Canon", 200);
    ck_assert (s_has (p, "<h1>Odd Canon</h1>"));
    p = s_get ("/name?n=%3Cscript%3E", 404);
    ck_assert (s_has (p, "<h1>&lt;script&gt;</h1>"));
    s_get ("/name", 400);
}
END_TEST

START_TEST (test_article)
{
    const char *p = s_get ("/article?id=a1", 200);
    //  Sentences, entities linking to their name by canon (or norm).
    ck_assert (s_has (p, "<span class=\"s\" id=\"s0\"><a class=\"e PER\""
                         " href=\"/name?n=Ilham%20Aliyev\" title=\"PER · Ilham Aliyev\">"
                         "Ilham Aliyev</a> a reçu "));
    ck_assert (s_has (p, "</span> <span class=\"s\" id=\"s1\">Ils ont parlé au téléphone "
                         "<a class=\"e DATE\" href=\"/name?n=lundi\""));
    ck_assert (s_has (p, "<a class=\"e LOC\" href=\"/name?n=Baku\""));
    ck_assert (s_has (p, "<span class=\"tag\">monde</span>"));
    ck_assert (s_has (p, "<dd id=\"flags\">none</dd>"));
    ck_assert (s_has (p, "<a rel=\"noopener noreferrer nofollow\" href=\"https://www.quotidien"
                         ".example/a1\">"));
    //  The hostile one: all text, the bad spans left out, the text whole.
    p = s_get ("/article?id=evil", 200);
    s_no_injection (p);
    ck_assert (s_has (p, "<h1 id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    ck_assert (s_has (p, "<dd class=\"url\">javascript:alert(2)</dd>"));
    ck_assert (s_has (p, "Un texte &lt;img src=x onerror=alert(3)&gt; à "
                         "<a class=\"e LOC\" href=\"/name?n=Lyon\""));
    ck_assert (s_has (p, "lang=\"fr&quot;&gt;&lt;script&gt;\""));
    ck_assert (s_has (p, "<span class=\"flag\">utf8-repaired</span>"));
    const char *text = s_part (p, "<div class=\"text\"", "</div>");
    ck_assert (!s_has (text, "e MISC"));
    ck_assert (!s_has (text, "n=past"));
    ck_assert (s_has (text, "lang=\"fr&quot;&gt;&lt;script&gt;\">"));
    //  A dead letter: its error and stage.
    p = s_get ("/article?id=dead1", 200);
    ck_assert (s_has (p, "<b>Dead letter</b> at the stage <code>clean</code>: "
                         "<span class=\"why\">no text after cleaning</span>"));
    s_get ("/article?id=nope", 404);
    s_get ("/article", 400);
}
END_TEST

START_TEST (test_search)
{
    //  Accents and case ignored, the words marked, newest first, a link to
    //  the sentence.
    const char *p = s_get ("/search?q=TELEPHONE", 200);
    ck_assert_int_eq (s_count (p, "<li><q>"), 2);
    ck_assert (s_has (p, "<q>Ils ont parlé au <mark>téléphone</mark> lundi.</q>"));
    ck_assert (s_has (p, "href=\"/article?id=a3#s1\""));
    ck_assert (strstr (p, "id=a3#s1") < strstr (p, "id=a1#s1"));
    //  Names in any spelling narrow it; all of them must be there.
    p = s_get ("/search?q=Bakou&with=Aliev", 200);
    ck_assert_int_eq (s_count (p, "<li><q>"), 3);
    ck_assert (s_has (p, "Aliev stands for <a class=\"e X\" href=\"/name?n=Ilham%20Aliyev\">"));
    p = s_get ("/search?q=Bakou&with=Aliev&with=lundi", 200);
    ck_assert_int_eq (s_count (p, "<li><q>"), 2);
    p = s_get ("/search?q=Bakou&with=Aliev&from=2026-02-10&to=2026-02-10", 200);
    ck_assert_int_eq (s_count (p, "<li><q>"), 2);
    ck_assert (!s_has (p, "id=a1#"));
    //  Names alone: the articles.
    p = s_get ("/search?with=Pachinian&with=Bakou", 200);
    ck_assert_int_eq (s_count (p, "<li><a href=\"/article?id="), 3);
    p = s_get ("/search?with=Doucet", 200);
    ck_assert_int_eq (s_count (p, "<li><a href=\"/article?id="), 1);
    //  FTS5 syntax is only words; no error, no injection.
    p = s_get ("/search?q=%22a%22+OR+b*+NEAR(x)+%3Cscript%3E", 200);
    s_no_injection (p);
    ck_assert (s_has (p, "No sentence answers this."));
    ck_assert (s_has (p, "value=\"&quot;a&quot; OR b* NEAR(x) &lt;script&gt;\""));
    p = s_get ("/search?q=...", 200);
    ck_assert (!s_has (p, "could not be read"));
    s_get ("/search?from=2026-02-31x", 400);
    s_get ("/search?with=a&with=b&with=c&with=d&with=e", 400);
    p = s_get ("/search", 200);
    ck_assert (s_has (p, "Words find sentences"));
}
END_TEST

START_TEST (test_assets_and_errors)
{
    const char *p = s_get ("/static/live.js", 200);
    ck_assert (s_has (p, "/live?after="));
    s_get ("/static/depeche.css", 200);
    s_get ("/static/favicon.svg", 200);
    p = s_get ("/nothing-here", 404);
    ck_assert (s_has (p, "No such page."));
    p = s_get ("/search?q=%ff", 400);
    ck_assert (s_has (p, "not valid UTF-8"));
    p = s_get ("/%3Cscript%3E?%3Cscript%3E=%3Cscript%3E", 404);
    s_no_injection (p);
    dp_reply_t r;
    dp_serve_handle (s_srv, "POST", "/", &r);
    ck_assert_int_eq (r.status, 405);
    dp_reply_free (&r);
}
END_TEST

//  --------------------------------------------------------------------------
//  The store: time budget, read-only, rate

START_TEST (test_budget_cut)
{
    char err [256];
    dp_store_t *store = dp_store_new (s_db, 1, err, sizeof err);
    ck_assert_msg (store != NULL, "%s", err);
    //  No time at all: the search stops and the page says it was cut.
    dp_conn_t *c = dp_store_take (store, 0);
    dp_req_t req;
    ck_assert_int_eq (dp_req_parse (&req, "/search?q=Lyon", err, sizeof err), 0);
    dp_html_t out = { 0 };
    dp_page_t pg = { .store = store, .db = c, .req = &req, .out = &out, .status = 200,
                     .budget_ms = 0 };
    dp_page_search (&pg);
    ck_assert (dp_conn_cut (c));
    ck_assert_ptr_nonnull (strstr (out.data, "<p class=\"cut\">Cut: these sentences took"
                                             " longer than the time budget (0 ms)"));
    ck_assert_ptr_nonnull (strstr (out.data, "</html>"));
    dp_html_free (&out);
    dp_req_free (&req);
    dp_store_give (store, c);
    //  A fresh budget: the same question answers, uncut; the connection
    //  refuses to write.
    c = dp_store_take (store, 5000);
    sqlite3_stmt *st = dp_conn_sql (c, "SELECT COUNT (*) FROM sentences WHERE sentences"
                                       " MATCH 'lyon'");
    ck_assert_int_eq (dp_conn_step (c, st), 1);
    ck_assert_int_eq (sqlite3_column_int (st, 0), 302);
    ck_assert (!dp_conn_cut (c));
    st = dp_conn_sql (c, "INSERT INTO story_alias VALUES ('x', 'y')");
    ck_assert_int_eq (dp_conn_step (c, st), -1);
    ck_assert (!dp_conn_cut (c));
    ck_assert_ptr_nonnull (strstr (dp_conn_error (c), "readonly"));
    ck_assert_ptr_null (dp_conn_sql (c, "SELECT nope FROM nowhere"));
    ck_assert_int_eq (dp_conn_step (c, NULL), -1);
    dp_store_give (store, c);
    //  Arrival rate: unknown until two samples a second apart.
    double rate, window;
    dp_store_rate (store, 100, &rate, &window);
    ck_assert (rate < 0);
    usleep (1100 * 1000);
    dp_store_rate (store, 111, &rate, &window);
    ck_assert (window >= 1.0 && window < 3.0);
    ck_assert (rate > 11 / window - 0.01 && rate < 11 / window + 0.01);
    dp_store_destroy (&store);
    ck_assert_ptr_null (dp_store_new ("/nonexistent/x.db", 1, err, sizeof err));
    ck_assert_ptr_nonnull (strstr (err, "/nonexistent/x.db"));
}
END_TEST

START_TEST (test_not_a_database)
{
    char path [] = "/tmp/dp-test-serve-empty-XXXXXX";
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    close (fd);
    sqlite3 *h;
    ck_assert_int_eq (sqlite3_open (path, &h), SQLITE_OK);
    sqlite3_exec (h, "CREATE TABLE t (x)", NULL, NULL, NULL);
    sqlite3_close (h);
    char err [256];
    dp_serve_cfg_t cfg = { .db = path };
    ck_assert_ptr_null (dp_serve_new (&cfg, err, sizeof err));
    ck_assert_ptr_nonnull (strstr (err, "not a depeche sink database"));
    unlink (path);
}
END_TEST

//  Every page reads through indexes: no query plan scans a table (an
//  article row is about a page of the file: a scan of them is what a page
//  cannot afford on a large database). Each page on a fresh connection,
//  so its statements are the only ones in the cache.
START_TEST (test_no_full_scan)
{
    char err [256];
    const char *uris [] = {
        "/", "/live?after=300", "/?before=1767243660", "/story?id=st-one", "/name?n=Aliev",
        "/name?n=Lyon", "/name?n=3000000%20EUR", "/article?id=a1", "/search?q=Lyon",
        "/search?q=Bakou&with=Aliev&from=2026-02-01&to=2026-02-28",
        "/search?with=Pachinian&with=Bakou", NULL
    };
    int (*pages []) (dp_page_t *) = {
        dp_page_front, dp_page_live, dp_page_front, dp_page_story, dp_page_name, dp_page_name,
        dp_page_name, dp_page_article, dp_page_search, dp_page_search, dp_page_search
    };
    for (int i = 0; uris [i]; i++) {
        dp_store_t *store = dp_store_new (s_db, 1, err, sizeof err);
        ck_assert_msg (store != NULL, "%s", err);
        dp_req_t req;
        ck_assert_int_eq (dp_req_parse (&req, uris [i], err, sizeof err), 0);
        dp_html_t out = { 0 };
        dp_page_t pg = { .store = store, .db = dp_store_take (store, 5000), .req = &req,
                         .out = &out, .status = 200, .budget_ms = 5000 };
        pages [i] (&pg);
        ck_assert_int_eq (pg.status, 200);
        char scans [4096];
        ck_assert_msg (dp_conn_scans (pg.db, scans, sizeof scans) == 0, "%s:\n%s", uris [i],
                       scans);
        dp_store_give (store, pg.db);
        dp_html_free (&out);
        dp_req_free (&req);
        dp_store_destroy (&store);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("serve");
    TCase *tc = tcase_create ("plain");
    tcase_add_test (tc, test_html_text);
    tcase_add_test (tc, test_http_url);
    tcase_add_test (tc, test_req_parse);
    tcase_add_test (tc, test_req_values);
    tcase_add_test (tc, test_fts_quotes);
    tcase_add_test (tc, test_chart);
    tcase_add_test (tc, test_not_a_database);
    suite_add_tcase (s, tc);
    tc = tcase_create ("pages");
    tcase_set_timeout (tc, 60);
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_add_test (tc, test_front);
    tcase_add_test (tc, test_story);
    tcase_add_test (tc, test_name);
    tcase_add_test (tc, test_article);
    tcase_add_test (tc, test_search);
    tcase_add_test (tc, test_assets_and_errors);
    tcase_add_test (tc, test_budget_cut);
    tcase_add_test (tc, test_no_full_scan);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
