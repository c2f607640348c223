//  depeche serve — the front page: the latest stories, newest first, the
//  articles just in and the arrival rate, in one section (#live) that
//  live.js fetches again from /live every two seconds and swaps in. Also
//  the summary line of a story, which the name page lists too. Every query
//  reads a bounded slice (the latest articles by rowid, the latest of a
//  story): the page costs the same with 100 or 1 000 000 articles.
#include "serve/serve_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_STORIES     30                //  stories on the page
#define S_JUST_IN     12                //  latest articles listed
#define S_SPAN        200               //  latest articles of a story for its outlets

int
dp_page_story_item (dp_page_t *pg, const char *story, int64_t new_after)
{
    //  From the indexes: the count (articles_story), first and last seen
    //  (one probe each), outlets and publication dates of its latest
    //  S_SPAN articles (articles_story_seen, backwards): the same cost for
    //  a story of 3 articles or of 30 000.
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT (SELECT COUNT (*) FROM articles WHERE story = ?1),"
        " (SELECT MIN (written) FROM articles WHERE story = ?1),"
        " (SELECT MAX (written) FROM articles WHERE story = ?1),"
        " COUNT (DISTINCT outlet), MIN (published), MAX (published), MAX (r),"
        " (SELECT title FROM articles WHERE story = ?1 AND title <> '' ORDER BY rowid LIMIT 1)"
        " FROM (SELECT outlet, published, rowid AS r FROM articles WHERE story = ?1"
        "  ORDER BY written DESC LIMIT 200)");
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
    if (dp_conn_step (pg->db, st) != 1)
        return -1;
    int64_t n = sqlite3_column_int64 (st, 0), outlets = sqlite3_column_int64 (st, 3);
    bool all = n <= S_SPAN;
    dp_html_t *o = pg->out;
    dp_html_fmt (o, "<li class=\"story%s\"><a class=\"headline\" href=\"/story?id=",
                 sqlite3_column_int64 (st, 6) > new_after ? " new" : "");
    dp_html_arg (o, story);
    dp_html_raw (o, "\">");
    dp_html_text (o, dp_col (st, 7) ? dp_col (st, 7) : story);
    dp_html_fmt (o, "</a>\n<div class=\"meta\"><b>%lld</b> article%s · <b>%s%lld</b> outlet%s"
                 " · seen ", (long long) n, n == 1 ? "" : "s", all ? "" : "≥ ",
                 (long long) outlets, outlets == 1 ? "" : "s");
    dp_page_time (pg, sqlite3_column_int64 (st, 1));
    if (sqlite3_column_int64 (st, 2) != sqlite3_column_int64 (st, 1)) {
        dp_html_raw (o, " → ");
        dp_page_time (pg, sqlite3_column_int64 (st, 2));
    }
    const char *first = dp_col (st, 4), *last = dp_col (st, 5);
    if (first && all) {
        dp_html_raw (o, " · published ");
        dp_html_textn (o, first, strnlen (first, 10));
        if (strncmp (first, last, 10) != 0) {
            dp_html_raw (o, " → ");
            dp_html_textn (o, last, strnlen (last, 10));
        }
    }
    else
    if (last) {
        dp_html_raw (o, " · last published ");
        dp_html_textn (o, last, strnlen (last, 10));
    }
    dp_html_raw (o, "</div>\n");
    sqlite3_reset (st);
    //  Its names (six): those of its latest six articles.
    st = dp_conn_sql (pg->db,
        "SELECT canon, type, COUNT (DISTINCT article) AS n, COUNT (*) AS m FROM entities"
        " WHERE article IN (SELECT id FROM articles WHERE story = ?1 ORDER BY rowid DESC"
        "  LIMIT 6) AND canon IS NOT NULL"
        " GROUP BY canon, type ORDER BY n DESC, m DESC, canon LIMIT 6");
    if (st) {
        sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
        int shown = 0;
        while (dp_conn_step (pg->db, st) == 1) {
            dp_html_raw (o, shown++ ? " " : "<div class=\"names\">");
            dp_page_name_link (pg, dp_col (st, 0), dp_col (st, 1), NULL);
        }
        if (shown)
            dp_html_raw (o, "</div>\n");
    }
    dp_html_raw (o, "</li>\n");
    return 0;
}

//  A story seen in the scan and its newest article there.
typedef struct {
    char *id;                           //  owned
    int64_t r;                          //  highest rowid seen
} s_cand_t;

static int
s_by_latest (const void *a, const void *b)
{
    int64_t x = ((const s_cand_t *) a)->r, y = ((const s_cand_t *) b)->r;
    return (x < y) - (x > y);
}

//  The articles now: the table's highest rowid (the sink never deletes).
static int64_t
s_total (dp_page_t *pg)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db, "SELECT MAX (rowid) FROM articles");
    int64_t n = st && dp_conn_step (pg->db, st) == 1 ? sqlite3_column_int64 (st, 0) : 0;
    if (st)
        sqlite3_reset (st);
    return n;
}

//  The #live section: numbers, stories with an article written before
//  before (a Unix time; all when 0), the articles just in. Articles above
//  the rowid after are marked new.
static void
s_live (dp_page_t *pg, int64_t before, int64_t after)
{
    dp_html_t *o = pg->out;
    int64_t total = s_total (pg);
    double rate, window;
    dp_store_rate (pg->store, total, &rate, &window);
    //  An older page (before) is not live: no data-after, no polling.
    if (before)
        dp_html_raw (o, "<section id=\"older\">\n");
    else
        dp_html_fmt (o, "<section id=\"live\" data-after=\"%lld\">\n", (long long) total);
    dp_html_fmt (o, "<p class=\"stats\"><b id=\"total\">%lld</b> article%s in the database",
                 (long long) total, total == 1 ? "" : "s");
    if (!before) {
        if (rate < 0)
            dp_html_raw (o, " · <b id=\"rate\">–</b> articles/s (measuring)");
        else
            dp_html_fmt (o, " · <b id=\"rate\">%.*f</b> articles/s over the last %.0f s",
                         rate < 1 ? 2 : 1, rate, window);
    }
    dp_html_raw (o, "</p>\n<div class=\"cols\">\n<div class=\"main\">\n<h1>Latest stories</h1>\n");
    if (total == 0)
        dp_html_raw (o, "<p class=\"empty\">No article yet: the sink has not written any"
                        " (depeche-sink --db FILE).</p>\n");
    //  The latest articles by arrival (5000 at most), from the index on
    //  written: their stories, the first S_STORIES distinct ones (and the rest of that
    //  second, whose rows the index orders by story), newest article first.
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT story, written, rowid FROM articles WHERE written < ?1 AND story IS NOT NULL"
        " ORDER BY written DESC LIMIT 5000");
    int rc = -1, shown = 0, n = 0;
    int64_t oldest = 0;
    s_cand_t cand [S_STORIES * 2];
    if (st) {
        sqlite3_bind_int64 (st, 1, before ? before : INT64_MAX);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            const char *id = dp_col (st, 0);
            int64_t written = sqlite3_column_int64 (st, 1), r = sqlite3_column_int64 (st, 2);
            if (n >= S_STORIES && written != oldest)
                break;
            int i = 0;
            while (i < n && strcmp (cand [i].id, id) != 0)
                i++;
            if (i < n) {
                if (r > cand [i].r)
                    cand [i].r = r;
            }
            else
            if (n < S_STORIES * 2 && (cand [n].id = strdup (id))) {
                cand [n++].r = r;
                oldest = written;
            }
        }
        sqlite3_reset (st);
        if (rc == 1)
            rc = 0;
    }
    qsort (cand, (size_t) n, sizeof *cand, s_by_latest);
    char *ids [S_STORIES];
    int n_ids = 0;
    for (int i = 0; i < n; i++)
        if (n_ids < S_STORIES)
            ids [n_ids++] = cand [i].id;
        else
            free (cand [i].id);
    //  Stories of the last second read that did not fit: the older page
    //  starts with that second again (a story twice, none lost).
    if (n > n_ids)
        oldest++;
    n = n_ids;
    if (n)
        dp_html_raw (o, "<ol class=\"stories\">\n");
    //  Each summary runs queries of its own: after the scan.
    for (int i = 0; i < n; i++) {
        if (rc >= 0 && dp_page_story_item (pg, ids [i], after) == 0)
            shown++;
        else
            rc = -1;
        free (ids [i]);
    }
    if (n)
        dp_html_raw (o, "</ol>\n");
    dp_page_note (pg, rc, shown, S_STORIES + 1, "stories");
    if (shown == S_STORIES && rc >= 0)
        dp_html_fmt (o, "<p class=\"more\"><a href=\"/?before=%lld\">Older stories</a></p>\n",
                     (long long) oldest);
    dp_html_raw (o, "</div>\n<aside class=\"justin\">\n<h2>Just in</h2>\n");
    st = dp_conn_sql (pg->db, before
        ? "SELECT rowid, id, title, outlet, written, error FROM articles WHERE written < ?1"
          " ORDER BY written DESC LIMIT 12"
        : "SELECT rowid, id, title, outlet, written, error FROM articles WHERE rowid >"
          " (SELECT MAX (rowid) FROM articles) - 12 ORDER BY rowid DESC");
    shown = 0;
    rc = -1;
    if (st) {
        if (before)
            sqlite3_bind_int64 (st, 1, before);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_fmt (o, "%s<li%s><span class=\"when\">", shown++ ? "" : "<ol class=\"arts\">\n",
                         sqlite3_column_int64 (st, 0) > after ? " class=\"new\"" : "");
            dp_page_time (pg, sqlite3_column_int64 (st, 4));
            dp_html_raw (o, "</span> <span class=\"outlet\">");
            dp_html_text (o, dp_col (st, 3) ? dp_col (st, 3) : "");
            dp_html_raw (o, "</span> ");
            if (dp_col (st, 5))
                dp_html_raw (o, "<span class=\"flag dead\">dead letter</span> ");
            dp_page_article_link (pg, dp_col (st, 1), dp_col (st, 2));
            dp_html_raw (o, "</li>\n");
        }
        if (shown)
            dp_html_raw (o, "</ol>\n");
    }
    dp_page_note (pg, rc, shown, S_JUST_IN + 1, "articles");
    dp_html_raw (o, "</aside>\n</div>\n</section>\n");
}

int
dp_page_front (dp_page_t *pg)
{
    int64_t before;
    char why [128];
    if (dp_req_int (pg->req, "before", 1, INT64_MAX - 1, 0, &before, why, sizeof why))
        return dp_page_fail (pg, 400, why);
    dp_page_head (pg, "Stories", NULL);
    //  Nothing is new on a page just loaded.
    s_live (pg, before, INT64_MAX);
    dp_page_foot (pg, before == 0);
    return 0;
}

int
dp_page_live (dp_page_t *pg)
{
    int64_t after;
    char why [128];
    if (dp_req_int (pg->req, "after", 0, INT64_MAX, INT64_MAX, &after, why, sizeof why))
        return dp_page_fail (pg, 400, why);
    s_live (pg, 0, after);
    return 0;
}
