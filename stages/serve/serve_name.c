//  depeche serve — a name: every spelling seen with its counts, mentions
//  per day (SVG), its latest stories and articles, and the names most
//  often given with it. A name is a canon key (PER, LOC, ORG: all the
//  spellings the sink joined); typed in any spelling, it leads to its
//  canon. Other entities (dates, sums, MISC) have no canon: their page
//  gathers the entities of that norm. The same questions as `depeche
//  query --spellings / --stories / --cooccur`, each on the latest mentions
//  (a bounded slice, said on the page), so a name in every article costs
//  no more than a rare one.
#include "serve/serve_page.h"
#include "serve/serve_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MENTIONS  20000               //  latest mentions counted
#define S_SPELLINGS 50
#define S_STORIES   12
#define S_LATEST    12                  //  latest articles listed
#define S_COOCCUR   20
#define S_COARTS    500                 //  latest articles co-occurrence reads

//  Each section's SQL exists for both keys: the canon of a PER/LOC/ORG
//  name or the norm of another entity. S_BY picks the literal; the column
//  is never built from input.
#define S_BY(col, macro) (strcmp (col, "norm") == 0 ? macro ("norm") : macro ("canon"))

static void
s_spellings (dp_page_t *pg, const char *col, const char *key)
{
#define S_SQL(col) \
        "SELECT text, type, COUNT (*) AS m, COUNT (DISTINCT article) AS a," \
        " (SELECT COUNT (*) FROM (SELECT 1 FROM entities WHERE " col " = ?1 LIMIT 20000))" \
        " FROM (SELECT text, type, article FROM entities WHERE " col " = ?1" \
        "  ORDER BY rowid DESC LIMIT 20000)" \
        " GROUP BY text, type ORDER BY a DESC, m DESC, text LIMIT 50"
    dp_html_t *o = pg->out;
    sqlite3_stmt *st = dp_conn_sql (pg->db, S_BY (col, S_SQL));
#undef S_SQL
    int rc = -1, shown = 0;
    int64_t total = 0;
    dp_html_raw (o, "<h2>Spellings</h2>\n");
    if (st) {
        sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            if (!shown++)
                dp_html_raw (o, "<table class=\"spellings\"><thead><tr><th>Written</th>"
                                "<th>Type</th><th>Articles</th><th>Mentions</th></tr></thead>"
                                "<tbody>\n");
            total = sqlite3_column_int64 (st, 4);
            dp_html_raw (o, "<tr><td>");
            dp_html_text (o, dp_col (st, 0));
            dp_html_raw (o, "</td><td class=\"type\">");
            dp_html_text (o, dp_col (st, 1));
            dp_html_fmt (o, "</td><td>%lld</td><td>%lld</td></tr>\n",
                         (long long) sqlite3_column_int64 (st, 3),
                         (long long) sqlite3_column_int64 (st, 2));
        }
        if (shown)
            dp_html_raw (o, "</tbody></table>\n");
    }
    dp_page_note (pg, rc, shown, S_SPELLINGS, "spellings");
    if (total >= S_MENTIONS)
        dp_html_fmt (o, "<p class=\"more\">Counted over the latest %d mentions.</p>\n",
                     S_MENTIONS);
}

static void
s_chart (dp_page_t *pg, const char *col, const char *key)
{
#define S_SQL(col) \
        "SELECT a.published, SUM (m.n) FROM (SELECT article, COUNT (*) AS n FROM" \
        "  (SELECT article FROM entities WHERE " col " = ?1 ORDER BY rowid DESC LIMIT 20000)" \
        "  GROUP BY article) m JOIN articles a ON a.id = m.article" \
        " GROUP BY substr (a.published, 1, 10) LIMIT 4096"
    sqlite3_stmt *st = dp_conn_sql (pg->db, S_BY (col, S_SQL));
#undef S_SQL
    dp_chart_t *days = calloc (1, sizeof *days);
    int rc = -1;
    if (st && days) {
        sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1)
            dp_chart_add (days, dp_col (st, 0), sqlite3_column_int64 (st, 1));
        dp_html_raw (pg->out, "<h2>Mentions per day</h2>\n");
        dp_chart_svg (days, pg->out, "mentions", "mentions per day");
    }
    dp_page_note (pg, rc, 0, 1, "mentions per day");
    free (days);
}

static void
s_stories (dp_page_t *pg, const char *col, const char *key)
{
#define S_SQL(col) \
        "SELECT a.story, MAX (m.r) AS last FROM (SELECT article, MAX (rowid) AS r FROM" \
        "  (SELECT article, rowid FROM entities WHERE " col " = ?1 ORDER BY rowid DESC" \
        "  LIMIT 2000) GROUP BY article) m JOIN articles a ON a.id = m.article" \
        " WHERE a.story IS NOT NULL GROUP BY a.story ORDER BY last DESC LIMIT 12"
    sqlite3_stmt *st = dp_conn_sql (pg->db, S_BY (col, S_SQL));
#undef S_SQL
    char *ids [S_STORIES];
    int n = 0, rc = -1, shown = 0;
    if (st) {
        sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
        while (n < S_STORIES && (rc = dp_conn_step (pg->db, st)) == 1)
            if ((ids [n] = strdup (dp_col (st, 0))))
                n++;
        sqlite3_reset (st);
    }
    dp_html_raw (pg->out, "<h2>Stories</h2>\n");
    if (n)
        dp_html_raw (pg->out, "<ol class=\"stories\">\n");
    for (int i = 0; i < n; i++) {
        if (rc >= 0 && dp_page_story_item (pg, ids [i], INT64_MAX) == 0)
            shown++;
        else
            rc = -1;
        free (ids [i]);
    }
    if (n)
        dp_html_raw (pg->out, "</ol>\n");
    dp_page_note (pg, rc, shown, S_STORIES, "stories");
}

static void
s_latest (dp_page_t *pg, const char *col, const char *key)
{
#define S_SQL(col) \
        "SELECT a.id, a.title, a.published, a.outlet FROM (SELECT article, MAX (rowid) AS r" \
        "  FROM (SELECT article, rowid FROM entities WHERE " col " = ?1 ORDER BY rowid DESC" \
        "  LIMIT 200) GROUP BY article) m JOIN articles a ON a.id = m.article" \
        " ORDER BY m.r DESC LIMIT 12"
    sqlite3_stmt *st = dp_conn_sql (pg->db, S_BY (col, S_SQL));
#undef S_SQL
    int rc = -1, shown = 0;
    dp_html_raw (pg->out, "<h2>Latest articles</h2>\n");
    if (st) {
        sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_raw (pg->out, shown++ ? "<li>" : "<ul class=\"arts\">\n<li>");
            dp_html_text (pg->out, dp_col (st, 2) ? dp_col (st, 2) : "-");
            dp_html_raw (pg->out, " <span class=\"outlet\">");
            dp_html_text (pg->out, dp_col (st, 3));
            dp_html_raw (pg->out, "</span> ");
            dp_page_article_link (pg, dp_col (st, 0), dp_col (st, 1));
            dp_html_raw (pg->out, "</li>\n");
        }
        if (shown)
            dp_html_raw (pg->out, "</ul>\n");
    }
    dp_page_note (pg, rc, shown, S_LATEST, "articles");
}

static void
s_cooccur (dp_page_t *pg, const char *col, const char *key)
{
#define S_SQL(col) \
        "SELECT e.canon, e.type, COUNT (DISTINCT e.article) AS n FROM entities e" \
        " WHERE e.article IN (SELECT article FROM (SELECT article, MAX (rowid) AS r FROM" \
        "  (SELECT article, rowid FROM entities WHERE " col " = ?1 ORDER BY rowid DESC" \
        "  LIMIT 5000) GROUP BY article ORDER BY r DESC LIMIT 500))" \
        " AND e.canon IS NOT NULL AND e." col " IS NOT ?1" \
        " GROUP BY e.canon, e.type ORDER BY n DESC, e.canon LIMIT 20"
    sqlite3_stmt *st = dp_conn_sql (pg->db, S_BY (col, S_SQL));
#undef S_SQL
    int rc = -1, shown = 0;
    dp_html_fmt (pg->out, "<h2>Named with it</h2>\n<p class=\"meta\">In its latest %d articles"
                 " at most.</p>\n", S_COARTS);
    if (st) {
        sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_raw (pg->out, shown++ ? "<li>" : "<ol class=\"names-list\">\n<li>");
            dp_page_name_link (pg, dp_col (st, 0), dp_col (st, 1), NULL);
            dp_html_raw (pg->out, " <span class=\"type\">");
            dp_html_text (pg->out, dp_col (st, 1));
            dp_html_fmt (pg->out, "</span> <span class=\"meta\">%lld article%s</span></li>\n",
                         (long long) sqlite3_column_int64 (st, 2),
                         sqlite3_column_int64 (st, 2) == 1 ? "" : "s");
        }
        if (shown)
            dp_html_raw (pg->out, "</ol>\n");
    }
    dp_page_note (pg, rc, shown, S_COOCCUR, "names");
}

//  Is key the norm of some entity? (Dates, sums: no canon.)
static bool
s_is_norm (dp_page_t *pg, const char *key)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db, "SELECT 1 FROM entities WHERE norm = ?1 LIMIT 1");
    if (!st)
        return false;
    sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
    bool yes = dp_conn_step (pg->db, st) == 1;
    sqlite3_reset (st);
    return yes;
}

int
dp_page_name (dp_page_t *pg)
{
    const char *name = dp_req_get (pg->req, "n");
    if (!name || !*name)
        return dp_page_fail (pg, 400, "Which name? (/name?n=...)");
    char *canons [DP_PAGE_MAX_CANONS];
    size_t n = dp_page_canons (pg, name, canons, DP_PAGE_MAX_CANONS);
    const char *key = NULL, *col = "canon";
    for (size_t i = 0; i < n && !key; i++)
        if (strcmp (canons [i], name) == 0)
            key = canons [i];
    if (!key && n == 1)
        key = canons [0];
    if (!key && n == 0 && s_is_norm (pg, name)) {
        key = name;
        col = "norm";
    }
    dp_html_t *o = pg->out;
    if (!key && n == 0) {
        for (size_t i = 0; i < n; i++)
            free (canons [i]);
        pg->status = 404;
        dp_page_head (pg, name, NULL);
        dp_html_raw (o, "<h1>");
        dp_html_text (o, name);
        dp_html_raw (o, "</h1>\n<p class=\"empty\">No entity of the database has this name, in"
                        " any spelling seen.</p>\n");
        dp_page_foot (pg, false);
        return 0;
    }
    dp_page_head (pg, key ? key : name, NULL);
    dp_html_raw (o, "<h1>");
    dp_html_text (o, key ? key : name);
    dp_html_raw (o, "</h1>\n");
    if (key && strcmp (key, name) != 0) {
        dp_html_raw (o, "<p class=\"crumb\">");
        dp_html_text (o, name);
        dp_html_raw (o, " is a spelling of this name.</p>\n");
    }
    if (!key) {
        //  One spelling, several names (two people of one surname).
        dp_html_raw (o, "<p>Several names are written this way:</p>\n<ul class=\"names-list\">\n");
        for (size_t i = 0; i < n; i++) {
            dp_html_raw (o, "<li>");
            dp_page_name_link (pg, canons [i], NULL, NULL);
            dp_html_raw (o, "</li>\n");
        }
        dp_html_raw (o, "</ul>\n");
    }
    else {
        if (strcmp (col, "norm") == 0)
            dp_html_raw (o, "<p class=\"crumb\">Not a person, place or organisation: the"
                            " entities of this normal form.</p>\n");
        dp_html_raw (o, "<div class=\"cols\">\n<div class=\"main\">\n");
        s_chart (pg, col, key);
        s_stories (pg, col, key);
        s_latest (pg, col, key);
        dp_html_raw (o, "</div>\n<aside>\n");
        s_spellings (pg, col, key);
        s_cooccur (pg, col, key);
        dp_html_raw (o, "</aside>\n</div>\n");
    }
    for (size_t i = 0; i < n; i++)
        free (canons [i]);
    dp_page_foot (pg, false);
    return 0;
}
