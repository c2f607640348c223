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

#define S_ROWS     50                   //  results shown
#define S_MENTIONS 600                  //  latest mentions of a name, per type
#define S_DATED    400                  //  latest articles naming them, dated
#define S_WINDOW   5000                 //  newest sentences a filtered search reads
#define S_STR(x)   S_STR2 (x)
#define S_STR2(x)  #x

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

//  The part of the SQL the names and dates make, values into b: "WITH n1
//  AS (latest mentions of name 1), ..., hits AS (the articles in all of
//  them, with their latest mention)" (empty without names) and the date
//  bounds on a.published (index-friendly: no function of the column).
typedef struct {
    char *with;                         //  "" or "WITH ..., hits AS (...) "
    char *dates;                        //  "" or " AND a.published ..."
    dp_binds_t b;
} s_sql_t;

static void
s_sql_free (s_sql_t *q)
{
    free (q->with);
    free (q->dates);
    dp_binds_free (&q->b);
}

static int
s_sql_init (dp_page_t *pg, const s_ask_t *a, s_sql_t *q)
{
    q->with = strdup ("");
    for (size_t i = 0; i < a->n_names && q->with; i++) {
        char *part = dp_page_mentions (pg, (const char *const *) a->canons [i], a->n_canons [i],
                                       a->names [i], S_MENTIONS, &q->b), *more = NULL;
        if (!part || asprintf (&more, "%s%sn%zu AS (%s)", q->with, i ? ", " : "WITH ", i,
                               part) < 0)
            more = NULL;
        free (part);
        free (q->with);
        q->with = more;
    }
    if (q->with && a->n_names) {
        char *in = strdup (""), *more = NULL;
        for (size_t i = 1; i < a->n_names && in; i++) {
            if (asprintf (&more, "%s AND article IN (SELECT article FROM n%zu)", in, i) < 0)
                more = NULL;
            free (in);
            in = more;
        }
        if (!in || asprintf (&more, "%s, hits AS (SELECT article, MAX (r) AS r FROM n0"
                             " WHERE article IS NOT NULL%s GROUP BY article) ", q->with, in) < 0)
            more = NULL;
        free (in);
        free (q->with);
        q->with = more;
    }
    int f = a->from ? dp_binds_add (&q->b, a->from) : 0;
    int t = a->to ? dp_binds_add (&q->b, a->to) : 0;
    char from [48] = "", to [64] = "";
    if (f > 0)
        snprintf (from, sizeof from, " AND a.published >= ?%d", f);
    if (t > 0)
        snprintf (to, sizeof to, " AND a.published < date (?%d, '+1 day')", t);
    if (asprintf (&q->dates, "%s%s", from, to) < 0)
        q->dates = NULL;
    return q->with && q->dates && f >= 0 && t >= 0 ? 0 : -1;
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

//  Runs sql (freed) with the values of q; writes a hit per row with row.
static void
s_run (dp_page_t *pg, const s_sql_t *q, char *sql, const char *what,
       void (*row) (dp_page_t *, sqlite3_stmt *))
{
    sqlite3_stmt *st = sql ? dp_conn_sql (pg->db, sql) : NULL;
    free (sql);
    int rc = -1, shown = 0;
    if (st) {
        dp_binds_apply (&q->b, st);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            dp_html_raw (pg->out, shown++ ? "<li>" : "<ol class=\"hits\">\n<li>");
            row (pg, st);
            dp_html_raw (pg->out, "</li>\n");
        }
        if (shown)
            dp_html_raw (pg->out, "</ol>\n");
        sqlite3_reset (st);
    }
    if (!shown && rc == 0)
        dp_html_fmt (pg->out, "<p class=\"empty\">No %s answers this.</p>\n",
                     strcmp (what, "sentences") == 0 ? "sentence" : "article");
    dp_page_note (pg, rc, shown, S_ROWS, what);
}

static void
s_sentence_row (dp_page_t *pg, sqlite3_stmt *st)
{
    dp_html_t *o = pg->out;
    dp_html_raw (o, "<q>");
    s_marked (o, dp_col (st, 2));
    dp_html_raw (o, "</q>\n<div class=\"meta\">");
    dp_html_text (o, dp_col (st, 4) ? dp_col (st, 4) : "-");
    dp_html_raw (o, " · <span class=\"outlet\">");
    dp_html_text (o, dp_col (st, 5) ? dp_col (st, 5) : "-");
    dp_html_raw (o, "</span> · <a href=\"/article?id=");
    dp_html_arg (o, dp_col (st, 0));
    dp_html_fmt (o, "#s%lld\">", (long long) sqlite3_column_int64 (st, 1));
    dp_html_text (o, dp_col (st, 3) && *dp_col (st, 3) ? dp_col (st, 3) : dp_col (st, 0));
    dp_html_raw (o, "</a></div>");
}

static void
s_article_row (dp_page_t *pg, sqlite3_stmt *st)
{
    dp_html_t *o = pg->out;
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
    dp_html_raw (o, "</div>");
}

//  The lowest rowid of the newest S_WINDOW sentences with the words (the
//  FTS5 index alone: no sentence is read), or 0 when there are fewer.
static int64_t
s_window (dp_page_t *pg, const char *fts)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT MIN (rowid), COUNT (*) FROM (SELECT rowid FROM sentences"
        " WHERE sentences MATCH ?1 ORDER BY rowid DESC LIMIT " S_STR (S_WINDOW) ")");
    int64_t low = 0;
    if (st) {
        sqlite3_bind_text (st, 1, fts, -1, SQLITE_STATIC);
        if (dp_conn_step (pg->db, st) == 1 && sqlite3_column_int64 (st, 1) >= S_WINDOW)
            low = sqlite3_column_int64 (st, 0);
        sqlite3_reset (st);
    }
    return low;
}

//  Sentences with all the words, newest first (FTS5 walks its index from
//  the newest row and stops at S_ROWS). Names and dates reject rows after
//  a read each, so with them the walk stops at the newest S_WINDOW
//  sentences with the words, and the page says so.
static void
s_sentences (dp_page_t *pg, const s_ask_t *a, s_sql_t *q)
{
    bool filtered = a->n_names || *q->dates;
    int64_t low = filtered ? s_window (pg, a->fts) : 0;
    int k = dp_binds_add (&q->b, a->fts);
    char *sql = NULL, bound [48] = "";
    if (low)
        snprintf (bound, sizeof bound, " AND s.rowid >= %lld", (long long) low);
    if (k < 0 || asprintf (&sql, "%sSELECT s.article, s.idx, highlight (sentences, 0, char (1),"
                           " char (2)), a.title, a.published, a.outlet FROM sentences s"
                           " JOIN articles a ON a.id = s.article WHERE sentences MATCH ?%d%s%s%s"
                           " ORDER BY s.rowid DESC LIMIT %d", q->with, k, bound, q->dates,
                           a->n_names ? " AND s.article IN (SELECT article FROM hits)" : "",
                           S_ROWS) < 0)
        sql = NULL;
    if (low)
        dp_html_fmt (pg->out, "<p class=\"meta\">Among the newest %d sentences with these"
                     " words.</p>\n", S_WINDOW);
    s_run (pg, q, sql, "sentences", s_sentence_row);
}

//  The articles naming all the names (their latest mention first), or
//  with dates alone the articles published then (newest first).
static void
s_articles (dp_page_t *pg, const s_ask_t *a, const s_sql_t *q)
{
    char *sql = NULL;
    //  The latest hits first, then their rows: without dates exactly the
    //  S_ROWS shown; with dates (a row read each) the latest S_DATED.
    if (a->n_names
        ? asprintf (&sql, "%sSELECT a.id, a.title, a.published, a.outlet, a.story FROM"
                    " (SELECT * FROM hits ORDER BY r DESC LIMIT %d) h JOIN articles a"
                    " ON a.id = h.article WHERE 1%s ORDER BY h.r DESC LIMIT %d", q->with,
                    *q->dates ? S_DATED : S_ROWS, q->dates, S_ROWS) < 0
        : asprintf (&sql, "SELECT a.id, a.title, a.published, a.outlet, a.story FROM articles a"
                    " WHERE 1%s ORDER BY a.published DESC LIMIT %d", q->dates, S_ROWS) < 0)
        sql = NULL;
    s_run (pg, q, sql, "articles", s_article_row);
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
    if (a.n_names)
        dp_html_fmt (o, "<p class=\"meta\">Each name is looked for in its latest %d mentions"
                     " of each type.</p>\n", S_MENTIONS);
    s_sql_t q = { 0 };
    if (s_sql_init (pg, &a, &q))
        dp_page_note (pg, -1, 0, 1, "results");
    else
    if (a.fts) {
        dp_html_raw (o, "<h2>Sentences</h2>\n");
        s_sentences (pg, &a, &q);
    }
    else
    if (a.n_names || a.from || a.to) {
        dp_html_raw (o, "<h2>Articles</h2>\n");
        s_articles (pg, &a, &q);
    }
    else
        dp_html_raw (o, "<p class=\"empty\">Words find sentences (accents and case ignored);"
                        " names (in any spelling) and dates narrow them down, or alone list"
                        " the articles.</p>\n");
    s_sql_free (&q);
    s_ask_free (&a);
    dp_page_foot (pg, false);
    return 0;
}
