//  depeche serve — a story: its articles in published order (title,
//  outlet, dates, copies marked with the article they copy), a timeline of
//  articles per day, and the names its articles give with their canon and
//  the spellings used. The same question as `depeche query --story`. A
//  story id that a merge retired (story_alias) leads to the story it went
//  into.
#include "serve/serve_page.h"
#include "serve/serve_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ARTICLES 200                  //  articles listed (the latest)
#define S_NAMES    40                   //  names listed

//  The current id of a story: follows story_alias (a chain of merges).
static char *
s_current (dp_page_t *pg, const char *id)
{
    char *cur = strdup (id);
    for (int hops = 0; cur && hops < 16; hops++) {
        sqlite3_stmt *st = dp_conn_sql (pg->db, "SELECT new FROM story_alias WHERE old = ?1");
        if (!st)
            break;
        sqlite3_bind_text (st, 1, cur, -1, SQLITE_STATIC);
        char *next = dp_conn_step (pg->db, st) == 1 && dp_col (st, 0)
                   ? strdup (dp_col (st, 0)) : NULL;
        sqlite3_reset (st);
        if (!next || strcmp (next, cur) == 0) {
            free (next);
            break;
        }
        free (cur);
        cur = next;
    }
    return cur;
}

//  The articles of a story (index only).
static int64_t
s_count (dp_page_t *pg, const char *story)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db, "SELECT COUNT (*) FROM articles WHERE story = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
    int64_t n = dp_conn_step (pg->db, st) == 1 ? sqlite3_column_int64 (st, 0) : 0;
    sqlite3_reset (st);
    return n;
}

//  The names of the story's latest 40 articles, with canon and spellings.
static void
s_names (dp_page_t *pg, const char *story)
{
    dp_html_t *o = pg->out;
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT canon, type, COUNT (DISTINCT article) AS n, COUNT (*) AS m,"
        " group_concat (DISTINCT text) FROM entities"
        " WHERE article IN (SELECT id FROM articles WHERE story = ?1 ORDER BY rowid DESC"
        "  LIMIT 40) AND canon IS NOT NULL"
        " GROUP BY canon, type ORDER BY n DESC, m DESC, canon LIMIT 40");
    int rc = -1, shown = 0;
    dp_html_raw (o, "<h2>Names</h2>\n<p class=\"meta\">In its latest 40 articles at most."
                    "</p>\n");
    if (st) {
        sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_raw (o, shown++ ? "" : "<ul class=\"names-list\">\n");
            dp_html_raw (o, "<li>");
            dp_page_name_link (pg, dp_col (st, 0), dp_col (st, 1), NULL);
            dp_html_raw (o, " <span class=\"type\">");
            dp_html_text (o, dp_col (st, 1));
            dp_html_fmt (o, "</span> <span class=\"meta\">%lld article%s, %lld mention%s",
                         (long long) sqlite3_column_int64 (st, 2),
                         sqlite3_column_int64 (st, 2) == 1 ? "" : "s",
                         (long long) sqlite3_column_int64 (st, 3),
                         sqlite3_column_int64 (st, 3) == 1 ? "" : "s");
            const char *spell = dp_col (st, 4);
            if (spell && strcmp (spell, dp_col (st, 0)) != 0) {
                dp_html_raw (o, " · written ");
                dp_html_text (o, spell);
            }
            dp_html_raw (o, "</span></li>\n");
        }
        if (shown)
            dp_html_raw (o, "</ul>\n");
    }
    if (!shown && rc == 0)
        dp_html_raw (o, "<p class=\"empty\">No person, place or organisation.</p>\n");
    dp_page_note (pg, rc, shown, S_NAMES, "names");
}

//  Articles per published day (of its latest 2000), above the table.
static void
s_timeline (dp_page_t *pg, const char *story, int64_t total)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT published, COUNT (*) FROM (SELECT published FROM articles WHERE story = ?1"
        "  ORDER BY written DESC LIMIT 2000) GROUP BY substr (published, 1, 10)");
    dp_chart_t *days = calloc (1, sizeof *days);
    if (!st || !days) {
        free (days);
        return;
    }
    sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
    int rc;
    while ((rc = dp_conn_step (pg->db, st)) == 1)
        dp_chart_add (days, dp_col (st, 0), sqlite3_column_int64 (st, 1));
    dp_html_raw (pg->out, "<h2>Articles per day</h2>\n");
    dp_chart_svg (days, pg->out, "articles", "articles of the story per day");
    if (total > 2000)
        dp_html_raw (pg->out, "<p class=\"more\">Its latest 2000 articles.</p>\n");
    dp_page_note (pg, rc, 0, 1, "days");
    free (days);
}

int
dp_page_story (dp_page_t *pg)
{
    const char *id = dp_req_get (pg->req, "id");
    if (!id || !*id)
        return dp_page_fail (pg, 400, "Which story? (/story?id=st-...)");
    char *story = s_current (pg, id);
    if (!story)
        return dp_page_fail (pg, 500, "out of memory");
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT title FROM articles WHERE story = ?1 ORDER BY rowid LIMIT 1");
    int rc = st ? (sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC), dp_conn_step (pg->db, st))
                : -1;
    if (rc != 1) {
        free (story);
        return dp_page_fail (pg, rc == 0 ? 404 : 500, rc == 0 ? "No such story in the database."
                             : dp_conn_error (pg->db));
    }
    dp_html_t *o = pg->out;
    const char *title = dp_col (st, 0) && *dp_col (st, 0) ? dp_col (st, 0) : story;
    dp_page_head (pg, title, NULL);
    dp_html_raw (o, "<p class=\"crumb\">Story <code>");
    dp_html_text (o, story);
    dp_html_raw (o, "</code>");
    if (strcmp (story, id) != 0) {
        dp_html_raw (o, " (merged from <code>");
        dp_html_text (o, id);
        dp_html_raw (o, "</code>)");
    }
    dp_html_raw (o, "</p>\n<h1>");
    dp_html_text (o, title);
    dp_html_raw (o, "</h1>\n");
    sqlite3_reset (st);
    int64_t total = s_count (pg, story);
    s_timeline (pg, story, total);
    //  The latest articles by arrival (a bounded read), in published order.
    st = dp_conn_sql (pg->db,
        "SELECT id, title, outlet, url, published, written, duplicate_of, error, lang FROM"
        " (SELECT rowid AS r, * FROM articles WHERE story = ?1 ORDER BY rowid DESC LIMIT 200)"
        " ORDER BY coalesce (published, ''), r");
    dp_html_fmt (o, "<h2>Articles</h2>\n<p class=\"meta\"><b>%lld</b> article%s", (long long) total,
                 total == 1 ? "" : "s");
    if (total > S_ARTICLES)
        dp_html_fmt (o, "; the latest %d by arrival are listed", S_ARTICLES);
    dp_html_raw (o, ".</p>\n<table class=\"arts\">\n<thead><tr><th>Published</th>"
                    "<th>Seen</th><th>Outlet</th><th>Title</th></tr></thead>\n<tbody>\n");
    int shown = 0;
    rc = -1;
    if (st)
        sqlite3_bind_text (st, 1, story, -1, SQLITE_STATIC);
    while (st && (rc = dp_conn_step (pg->db, st)) == 1) {
        shown++;
        dp_html_raw (o, dp_col (st, 6) ? "<tr class=\"copy\"><td>" : "<tr><td>");
        dp_html_text (o, dp_col (st, 4) ? dp_col (st, 4) : "-");
        dp_html_raw (o, "</td><td>");
        dp_page_time (pg, sqlite3_column_int64 (st, 5));
        dp_html_raw (o, "</td><td class=\"outlet\">");
        dp_html_text (o, dp_col (st, 2) ? dp_col (st, 2) : "-");
        dp_html_raw (o, "</td><td>");
        if (dp_col (st, 7))
            dp_html_raw (o, "<span class=\"flag dead\">dead letter</span> ");
        dp_page_article_link (pg, dp_col (st, 0), dp_col (st, 1));
        if (dp_col (st, 8)) {
            dp_html_raw (o, " <span class=\"lang\">");
            dp_html_text (o, dp_col (st, 8));
            dp_html_raw (o, "</span>");
        }
        if (dp_col (st, 6)) {
            dp_html_raw (o, " <span class=\"flag copy\">copy of ");
            dp_page_article_link (pg, dp_col (st, 6), dp_col (st, 6));
            dp_html_raw (o, "</span>");
        }
        dp_html_raw (o, "</td></tr>\n");
    }
    dp_html_raw (o, "</tbody></table>\n");
    dp_page_note (pg, rc, 0, 1, "articles");
    s_names (pg, story);
    free (story);
    dp_page_foot (pg, false);
    return 0;
}
