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

#define S_MENTIONS  600                 //  latest mentions read, per type
#define S_ARTICLES  400                 //  latest articles of those (chart)
#define S_SPELLINGS 50
#define S_STORIES   12
#define S_LATEST    12                  //  latest articles listed
#define S_COOCCUR   20
#define S_COARTS    200                 //  latest articles co-occurrence reads

//  The name and its bounded slice of mentions, as SQL: "WITH mentions AS
//  (its latest S_MENTIONS mentions of each type: dp_page_mentions), recent
//  AS (their latest articles, with the mentions in each)". The key is ?1.
typedef struct {
    bool by_norm;                       //  key is a norm (no canon)
    const char *key;
    dp_binds_t binds;
    char *with;                         //  the WITH clause (owned)
} s_name_t;

static void
s_name_free (s_name_t *n)
{
    dp_binds_free (&n->binds);
    free (n->with);
}

static int
s_name_init (dp_page_t *pg, s_name_t *n)
{
    char *parts = dp_page_mentions (pg, n->by_norm ? NULL : &n->key, !n->by_norm,
                                    n->by_norm ? n->key : NULL, S_MENTIONS, &n->binds);
    if (!parts
    ||  asprintf (&n->with, "WITH mentions AS (%s), recent AS (SELECT article, MAX (r) AS r,"
                  " COUNT (*) AS n FROM mentions GROUP BY article ORDER BY r DESC LIMIT %d) ",
                  parts, S_ARTICLES) < 0)
        n->with = NULL;
    free (parts);
    return n->with ? 0 : -1;
}

//  The statement of a section: the WITH clause, then tail; bound.
static sqlite3_stmt *
s_sql (dp_page_t *pg, const s_name_t *n, const char *tail)
{
    char *sql = NULL;
    if (asprintf (&sql, "%s%s", n->with, tail) < 0)
        return NULL;
    sqlite3_stmt *st = dp_conn_sql (pg->db, sql);
    free (sql);
    if (st)
        dp_binds_apply (&n->binds, st);
    return st;
}

static void
s_spellings (dp_page_t *pg, const s_name_t *n)
{
    dp_html_t *o = pg->out;
    sqlite3_stmt *st = s_sql (pg, n,
        "SELECT text, type, COUNT (*) AS m, COUNT (DISTINCT article) AS a,"
        " (SELECT COUNT (*) FROM mentions) FROM mentions"
        " GROUP BY text, type ORDER BY a DESC, m DESC, text LIMIT 50");
    int rc = -1, shown = 0;
    int64_t read = 0;
    dp_html_raw (o, "<h2>Spellings</h2>\n");
    while (st && (rc = dp_conn_step (pg->db, st)) == 1) {
        if (!shown++)
            dp_html_raw (o, "<table class=\"spellings\"><thead><tr><th>Written</th>"
                            "<th>Type</th><th>Articles</th><th>Mentions</th></tr></thead>"
                            "<tbody>\n");
        read = sqlite3_column_int64 (st, 4);
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
    dp_page_note (pg, rc, shown, S_SPELLINGS, "spellings");
    if (read >= S_MENTIONS)
        dp_html_fmt (o, "<p class=\"more\">Counted over its latest %d mentions of each type."
                     "</p>\n", S_MENTIONS);
}

static void
s_chart (dp_page_t *pg, const s_name_t *n)
{
    sqlite3_stmt *st = s_sql (pg, n,
        "SELECT x.published, SUM (recent.n), (SELECT COUNT (*) FROM recent) FROM recent"
        " JOIN articles x ON x.id = recent.article GROUP BY substr (x.published, 1, 10)");
    dp_chart_t *days = calloc (1, sizeof *days);
    int rc = -1;
    int64_t arts = 0;
    while (st && days && (rc = dp_conn_step (pg->db, st)) == 1) {
        dp_chart_add (days, dp_col (st, 0), sqlite3_column_int64 (st, 1));
        arts = sqlite3_column_int64 (st, 2);
    }
    dp_html_raw (pg->out, "<h2>Mentions per day</h2>\n");
    if (days)
        dp_chart_svg (days, pg->out, "mentions", "mentions per day");
    if (arts >= S_ARTICLES)
        dp_html_fmt (pg->out, "<p class=\"more\">In its latest %d articles.</p>\n", S_ARTICLES);
    dp_page_note (pg, rc, 0, 1, "mentions per day");
    free (days);
}

static void
s_stories (dp_page_t *pg, const s_name_t *n)
{
    sqlite3_stmt *st = s_sql (pg, n,
        "SELECT x.story, MAX (latest.r) AS last FROM (SELECT * FROM recent ORDER BY r DESC LIMIT 200) latest"
        " JOIN articles x ON x.id = latest.article WHERE x.story IS NOT NULL"
        " GROUP BY x.story ORDER BY last DESC LIMIT 12");
    char *ids [S_STORIES];
    int count = 0, rc = -1, shown = 0;
    while (st && count < S_STORIES && (rc = dp_conn_step (pg->db, st)) == 1)
        if ((ids [count] = strdup (dp_col (st, 0))))
            count++;
    if (st)
        sqlite3_reset (st);
    dp_html_raw (pg->out, "<h2>Stories</h2>\n");
    if (count)
        dp_html_raw (pg->out, "<ol class=\"stories\">\n");
    for (int i = 0; i < count; i++) {
        if (rc >= 0 && dp_page_story_item (pg, ids [i], INT64_MAX) == 0)
            shown++;
        else
            rc = -1;
        free (ids [i]);
    }
    if (count)
        dp_html_raw (pg->out, "</ol>\n");
    dp_page_note (pg, rc, shown, S_STORIES, "stories");
}

static void
s_latest (dp_page_t *pg, const s_name_t *n)
{
    sqlite3_stmt *st = s_sql (pg, n,
        "SELECT x.id, x.title, x.published, x.outlet FROM (SELECT * FROM recent ORDER BY r DESC"
        " LIMIT 12) latest JOIN articles x ON x.id = latest.article ORDER BY latest.r DESC");
    int rc = -1, shown = 0;
    dp_html_raw (pg->out, "<h2>Latest articles</h2>\n");
    while (st && (rc = dp_conn_step (pg->db, st)) == 1) {
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
    dp_page_note (pg, rc, shown, S_LATEST, "articles");
}

static void
s_cooccur (dp_page_t *pg, const s_name_t *n)
{
    sqlite3_stmt *st = s_sql (pg, n, n->by_norm
        ? "SELECT e.canon, e.type, COUNT (DISTINCT e.article) AS c FROM entities e"
          " WHERE e.article IN (SELECT article FROM recent ORDER BY r DESC LIMIT 200)"
          " AND e.canon IS NOT NULL GROUP BY e.canon, e.type ORDER BY c DESC, e.canon LIMIT 20"
        : "SELECT e.canon, e.type, COUNT (DISTINCT e.article) AS c FROM entities e"
          " WHERE e.article IN (SELECT article FROM recent ORDER BY r DESC LIMIT 200)"
          " AND e.canon IS NOT NULL AND e.canon IS NOT ?1"
          " GROUP BY e.canon, e.type ORDER BY c DESC, e.canon LIMIT 20");
    int rc = -1, shown = 0;
    dp_html_fmt (pg->out, "<h2>Named with it</h2>\n<p class=\"meta\">In its latest %d articles"
                 " at most.</p>\n", S_COARTS);
    while (st && (rc = dp_conn_step (pg->db, st)) == 1) {
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
        s_name_t nm = { .by_norm = strcmp (col, "norm") == 0, .key = key };
        if (nm.by_norm)
            dp_html_raw (o, "<p class=\"crumb\">Not a person, place or organisation: the"
                            " entities of this normal form.</p>\n");
        if (s_name_init (pg, &nm) == 0) {
            dp_html_raw (o, "<div class=\"cols\">\n<div class=\"main\">\n");
            s_chart (pg, &nm);
            s_stories (pg, &nm);
            s_latest (pg, &nm);
            dp_html_raw (o, "</div>\n<aside>\n");
            s_spellings (pg, &nm);
            s_cooccur (pg, &nm);
            dp_html_raw (o, "</aside>\n</div>\n");
        }
        else
            dp_page_note (pg, -1, 0, 1, "mentions");
        s_name_free (&nm);
    }
    for (size_t i = 0; i < n; i++)
        free (canons [i]);
    dp_page_foot (pg, false);
    return 0;
}
