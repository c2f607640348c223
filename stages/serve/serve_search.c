//  depeche serve — search: sentences with all the words (FTS5, accents and
//  case ignored, the matching words marked), and/or the articles that name
//  all the given names in any spelling, in a published date range; newest
//  first. The same questions as `depeche query --match / --with / --from
//  / --to`, asked through SQL. A common word on a large database answers
//  with the newest matches, or with what the time budget allowed, said so.
#include "serve/serve_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ROWS 50                       //  results shown

//  The question: words, names (each with the canons it stands for), dates.
typedef struct {
    const char *q;                      //  words, or NULL
    char *fts;                          //  q as an FTS5 query (owned)
    const char *names [DP_PAGE_MAX_NAMES];
    size_t n_names;
    char *canons [DP_PAGE_MAX_NAMES][DP_PAGE_MAX_CANONS];   //  owned
    size_t n_canons [DP_PAGE_MAX_NAMES];
    const char *from, *to;              //  YYYY-MM-DD or NULL
} s_ask_t;

static void
s_ask_free (s_ask_t *a)
{
    free (a->fts);
    for (size_t i = 0; i < a->n_names; i++)
        for (size_t j = 0; j < a->n_canons [i]; j++)
            free (a->canons [i][j]);
}

//  " AND <article> has an entity named names[i]" for each name, numbered
//  parameters from ?4 on: ?k the name (norm, any case), then its canons.
static char *
s_where (const s_ask_t *a, const char *article)
{
    char *sql = strdup ("");
    int k = 4;
    for (size_t i = 0; i < a->n_names && sql; i++) {
        char *more = NULL;
        if (asprintf (&more, "%s AND EXISTS (SELECT 1 FROM entities e WHERE e.article = %s"
                      " AND (e.norm = ?%d", sql, article, k++) < 0)
            more = NULL;
        free (sql);
        sql = more;
        for (size_t j = 0; j < a->n_canons [i] && sql; j++) {
            if (asprintf (&more, "%s%s?%d", sql, j ? ", " : " OR e.canon IN (", k++) < 0)
                more = NULL;
            free (sql);
            sql = more;
        }
        if (!sql || asprintf (&more, "%s%s))", sql, a->n_canons [i] ? ")" : "") < 0)
            more = NULL;
        free (sql);
        sql = more;
    }
    return sql;
}

static void
s_bind (sqlite3_stmt *st, const s_ask_t *a)
{
    sqlite3_bind_text (st, 1, a->fts, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, a->from, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 3, a->to, -1, SQLITE_STATIC);
    int k = 4;
    for (size_t i = 0; i < a->n_names; i++) {
        sqlite3_bind_text (st, k++, a->names [i], -1, SQLITE_STATIC);
        for (size_t j = 0; j < a->n_canons [i]; j++)
            sqlite3_bind_text (st, k++, a->canons [i][j], -1, SQLITE_STATIC);
    }
}

//  A highlighted sentence: \x01 opens a mark, \x02 closes it (FTS5's
//  highlight()); the rest is escaped. Marks are balanced whatever the text
//  holds (a stray control byte in the text only ends a mark early).
static void
s_marked (dp_html_t *o, const char *s)
{
    bool open = false;
    while (s && *s) {
        size_t n = strcspn (s, "\x01\x02");
        dp_html_textn (o, s, n);
        s += n;
        if (*s == '\x01' && !open) {
            dp_html_raw (o, "<mark>");
            open = true;
        }
        else
        if (*s == '\x02' && open) {
            dp_html_raw (o, "</mark>");
            open = false;
        }
        if (*s)
            s++;
    }
    if (open)
        dp_html_raw (o, "</mark>");
}

static const char s_dates [] =
    " AND (?2 IS NULL OR a.published >= ?2) AND (?3 IS NULL OR substr (a.published, 1, 10) <= ?3)";

static void
s_sentences (dp_page_t *pg, const s_ask_t *a)
{
    char *where = s_where (a, "s.article"), *sql = NULL;
    if (!where || asprintf (&sql,
        "SELECT s.article, s.idx, highlight (sentences, 0, char (1), char (2)), a.title,"
        " a.published, a.outlet FROM sentences s JOIN articles a ON a.id = s.article"
        " WHERE sentences MATCH ?1%s%s ORDER BY s.rowid DESC LIMIT 50", s_dates, where) < 0)
        sql = NULL;
    free (where);
    sqlite3_stmt *st = sql ? dp_conn_sql (pg->db, sql) : NULL;
    free (sql);
    int rc = -1, shown = 0;
    dp_html_t *o = pg->out;
    if (st) {
        s_bind (st, a);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            if (!shown++)
                dp_html_raw (o, "<ol class=\"hits\">\n");
            dp_html_raw (o, "<li><q>");
            s_marked (o, dp_col (st, 2));
            dp_html_raw (o, "</q>\n<div class=\"meta\">");
            dp_html_text (o, dp_col (st, 4) ? dp_col (st, 4) : "-");
            dp_html_raw (o, " · <span class=\"outlet\">");
            dp_html_text (o, dp_col (st, 5) ? dp_col (st, 5) : "-");
            dp_html_raw (o, "</span> · <a href=\"/article?id=");
            dp_html_arg (o, dp_col (st, 0));
            dp_html_fmt (o, "#s%lld\">", (long long) sqlite3_column_int64 (st, 1));
            dp_html_text (o, dp_col (st, 3) && *dp_col (st, 3) ? dp_col (st, 3) : dp_col (st, 0));
            dp_html_raw (o, "</a></div></li>\n");
        }
        if (shown)
            dp_html_raw (o, "</ol>\n");
        sqlite3_reset (st);
    }
    if (!shown && rc == 0)
        dp_html_raw (o, "<p class=\"empty\">No sentence has all these words.</p>\n");
    dp_page_note (pg, rc, shown, S_ROWS, "sentences");
}

static void
s_articles (dp_page_t *pg, const s_ask_t *a)
{
    char *where = s_where (a, "a.id"), *sql = NULL;
    if (!where || asprintf (&sql,
        "SELECT a.id, a.title, a.published, a.outlet, a.story FROM articles a"
        " WHERE ?1 IS NULL%s%s ORDER BY a.published DESC, a.rowid DESC LIMIT 50",
        s_dates, where) < 0)
        sql = NULL;
    free (where);
    sqlite3_stmt *st = sql ? dp_conn_sql (pg->db, sql) : NULL;
    free (sql);
    int rc = -1, shown = 0;
    dp_html_t *o = pg->out;
    if (st) {
        s_bind (st, a);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_raw (o, shown++ ? "<li>" : "<ol class=\"hits\">\n<li>");
            dp_page_article_link (pg, dp_col (st, 0), dp_col (st, 1));
            dp_html_raw (o, "\n<div class=\"meta\">");
            dp_html_text (o, dp_col (st, 2) ? dp_col (st, 2) : "-");
            dp_html_raw (o, " · <span class=\"outlet\">");
            dp_html_text (o, dp_col (st, 3) ? dp_col (st, 3) : "-");
            dp_html_raw (o, "</span>");
            if (dp_col (st, 4)) {
                dp_html_raw (o, " · <a href=\"/story?id=");
                dp_html_arg (o, dp_col (st, 4));
                dp_html_raw (o, "\">its story</a>");
            }
            dp_html_raw (o, "</div></li>\n");
        }
        if (shown)
            dp_html_raw (o, "</ol>\n");
        sqlite3_reset (st);
    }
    if (!shown && rc == 0)
        dp_html_raw (o, "<p class=\"empty\">No article answers this.</p>\n");
    dp_page_note (pg, rc, shown, S_ROWS, "articles");
}

static void
s_form (dp_page_t *pg, const s_ask_t *a)
{
    dp_html_t *o = pg->out;
    dp_html_raw (o, "<form class=\"search\" action=\"/search\" method=\"get\">\n"
                    "<label>Words <input type=\"search\" name=\"q\" value=\"");
    dp_html_text (o, a->q);
    dp_html_raw (o, "\"></label>\n");
    for (size_t i = 0; i < DP_PAGE_MAX_NAMES; i++) {
        if (i > a->n_names)
            break;
        dp_html_raw (o, "<label>Name <input name=\"with\" value=\"");
        dp_html_text (o, i < a->n_names ? a->names [i] : NULL);
        dp_html_raw (o, "\" placeholder=\"any spelling\"></label>\n");
    }
    dp_html_raw (o, "<label>From <input type=\"date\" name=\"from\" value=\"");
    dp_html_text (o, a->from);
    dp_html_raw (o, "\"></label>\n<label>To <input type=\"date\" name=\"to\" value=\"");
    dp_html_text (o, a->to);
    dp_html_raw (o, "\"></label>\n<button type=\"submit\">Search</button>\n</form>\n");
}

int
dp_page_search (dp_page_t *pg)
{
    s_ask_t a = { .q = dp_req_get (pg->req, "q") };
    char why [160];
    if (dp_req_date (pg->req, "from", &a.from, why, sizeof why)
    ||  dp_req_date (pg->req, "to", &a.to, why, sizeof why))
        return dp_page_fail (pg, 400, why);
    a.n_names = dp_req_all (pg->req, "with", a.names, DP_PAGE_MAX_NAMES);
    if (a.n_names > DP_PAGE_MAX_NAMES) {
        snprintf (why, sizeof why, "At most %d names.", DP_PAGE_MAX_NAMES);
        return dp_page_fail (pg, 400, why);
    }
    if (a.q && !(a.fts = dp_page_fts (a.q)))
        return dp_page_fail (pg, 500, "out of memory");
    if (a.fts && !*a.fts) {
        free (a.fts);
        a.fts = NULL;
        a.q = NULL;
    }
    for (size_t i = 0; i < a.n_names; i++)
        a.n_canons [i] = dp_page_canons (pg, a.names [i], a.canons [i], DP_PAGE_MAX_CANONS);
    dp_html_t *o = pg->out;
    dp_page_head (pg, a.q ? a.q : "Search", a.q);
    dp_html_raw (o, "<h1>Search</h1>\n");
    s_form (pg, &a);
    for (size_t i = 0; i < a.n_names; i++) {
        dp_html_raw (o, "<p class=\"crumb\">");
        dp_html_text (o, a.names [i]);
        if (!a.n_canons [i])
            dp_html_raw (o, ": no name of the database is written this way; only entities of"
                            " exactly this form count.");
        else {
            dp_html_raw (o, " stands for ");
            for (size_t j = 0; j < a.n_canons [i]; j++) {
                dp_html_raw (o, j ? ", " : "");
                dp_page_name_link (pg, a.canons [i][j], NULL, NULL);
            }
        }
        dp_html_raw (o, "</p>\n");
    }
    if (a.fts) {
        dp_html_raw (o, "<h2>Sentences</h2>\n");
        s_sentences (pg, &a);
    }
    else
    if (a.n_names || a.from || a.to) {
        dp_html_raw (o, "<h2>Articles</h2>\n");
        s_articles (pg, &a);
    }
    else
        dp_html_raw (o, "<p class=\"empty\">Words find sentences (accents and case ignored);"
                        " names (in any spelling) and dates narrow them down, or alone list"
                        " the articles.</p>\n");
    s_ask_free (&a);
    dp_page_foot (pg, false);
    return 0;
}
