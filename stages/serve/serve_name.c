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

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MENTIONS  300                 //  latest mentions read, per type
#define S_ARTICLES  150                 //  latest articles of those (chart)
#define S_SPELLINGS 50
#define S_STORIES   8
#define S_LATEST    12                  //  latest articles listed
#define S_COOCCUR   20
#define S_COARTS    60                  //  latest articles co-occurrence reads

//  A spelling of the name and its counts in the slice.
typedef struct {
    char *text, *type;                  //  owned
    int64_t mentions, articles;
} s_spelling_t;

//  An article of the slice: its latest mention and how many it has.
typedef struct {
    const char *id;                     //  borrowed from a mention
    int64_t r;                          //  rowid of its latest mention
    int64_t n;                          //  mentions in it
} s_article_t;

//  One mention as read.
typedef struct {
    int64_t r;                          //  entity rowid
    char *article;                      //  owned
    size_t spell;                       //  index into the spellings
} s_mention_t;

//  The name's latest mentions, read once (dp_page_mentions: per key and
//  type, each part stopped on its index), and what they give: spellings
//  and articles, newest first. Every section starts from it.
typedef struct {
    bool by_norm;                       //  key is a norm (no canon)
    const char *key;
    s_mention_t *m;
    size_t n_m, cap_m;
    s_spelling_t *spell;
    size_t n_spell, cap_spell;
    s_article_t *arts;                  //  distinct, newest first
    size_t n_arts;
    int rc;                             //  the read: 0, or -1 (cut, error)
} s_name_t;

static void
s_name_free (s_name_t *n)
{
    for (size_t i = 0; i < n->n_spell; i++) {
        free (n->spell [i].text);
        free (n->spell [i].type);
    }
    for (size_t i = 0; i < n->n_m; i++)
        free (n->m [i].article);
    free (n->m);
    free (n->spell);
    free (n->arts);
}

//  Grows *v (of *cap items of size sz) to hold n + 1. 0 or -1.
static int
s_grow (void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *nv = realloc (*v, ncap * sz);
    if (!nv)
        return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

//  One mention into the list; its spelling found or added (a name has a
//  handful: a linear lookup).
static int
s_add (s_name_t *n, int64_t r, const char *article, const char *text, const char *type)
{
    text = text ? text : "";
    type = type ? type : "";
    size_t i = 0;
    while (i < n->n_spell && (strcmp (n->spell [i].text, text) || strcmp (n->spell [i].type, type)))
        i++;
    if (i == n->n_spell) {
        if (s_grow ((void **) &n->spell, &n->cap_spell, n->n_spell, sizeof *n->spell))
            return -1;
        n->spell [i] = (s_spelling_t) { strdup (text), strdup (type), 0, 0 };
        n->n_spell++;
        if (!n->spell [i].text || !n->spell [i].type)
            return -1;
    }
    n->spell [i].mentions++;
    if (s_grow ((void **) &n->m, &n->cap_m, n->n_m, sizeof *n->m))
        return -1;
    n->m [n->n_m] = (s_mention_t) { r, strdup (article ? article : ""), i };
    return n->m [n->n_m++].article ? 0 : -1;
}

static int
s_by_article (const void *a, const void *b)
{
    const s_mention_t *x = a, *y = b;
    int c = strcmp (x->article, y->article);
    return c ? c : (x->spell > y->spell) - (x->spell < y->spell);
}

static int
s_by_r (const void *a, const void *b)
{
    int64_t x = ((const s_article_t *) a)->r, y = ((const s_article_t *) b)->r;
    return (x < y) - (x > y);
}

static int
s_by_count (const void *a, const void *b)
{
    const s_spelling_t *x = a, *y = b;
    if (x->articles != y->articles)
        return x->articles < y->articles ? 1 : -1;
    if (x->mentions != y->mentions)
        return x->mentions < y->mentions ? 1 : -1;
    return strcmp (x->text, y->text);
}

static void
s_name_load (dp_page_t *pg, s_name_t *n)
{
    dp_binds_t b = { .n = 0 };
    char *sql = dp_page_mentions (pg, n->by_norm ? NULL : &n->key, !n->by_norm,
                                  n->by_norm ? n->key : NULL, S_MENTIONS, &b);
    sqlite3_stmt *st = sql ? dp_conn_sql (pg->db, sql) : NULL;
    free (sql);
    n->rc = -1;
    if (st) {
        dp_binds_apply (&b, st);
        while ((n->rc = dp_conn_step (pg->db, st)) == 1)
            if (s_add (n, sqlite3_column_int64 (st, 0), dp_col (st, 1), dp_col (st, 2),
                       dp_col (st, 3))) {
                n->rc = -1;
                break;
            }
        sqlite3_reset (st);
    }
    dp_binds_free (&b);
    //  By article (then spelling): each article once, with its latest
    //  mention and count; each (spelling, article) pair once.
    if (!n->n_m)
        return;                         //  (qsort wants a non-NULL base)
    qsort (n->m, n->n_m, sizeof *n->m, s_by_article);
    n->arts = calloc (n->n_m, sizeof *n->arts);
    if (!n->arts) {
        n->rc = -1;
        return;
    }
    for (size_t i = 0; i < n->n_m; i++) {
        const s_mention_t *m = &n->m [i];
        bool same_art = i && strcmp (n->m [i - 1].article, m->article) == 0;
        if (!same_art)
            n->arts [n->n_arts++] = (s_article_t) { m->article, m->r, 0 };
        s_article_t *a = &n->arts [n->n_arts - 1];
        a->n++;
        if (m->r > a->r)
            a->r = m->r;
        if (!same_art || n->m [i - 1].spell != m->spell)
            n->spell [m->spell].articles++;
    }
    qsort (n->arts, n->n_arts, sizeof *n->arts, s_by_r);
    qsort (n->spell, n->n_spell, sizeof *n->spell, s_by_count);
}

//  The ids (with counts: an object) of the latest max articles, as JSON
//  for json_each. NULL when out of memory.
static char *
s_ids (const s_name_t *n, size_t max, bool counts)
{
    json_t *j = counts ? json_object () : json_array ();
    for (size_t i = 0; i < n->n_arts && i < max && j; i++)
        if (counts)
            json_object_set_new (j, n->arts [i].id, json_integer (n->arts [i].n));
        else
            json_array_append_new (j, json_string (n->arts [i].id));
    char *out = j ? json_dumps (j, JSON_COMPACT) : NULL;
    json_decref (j);
    return out;
}

//  A statement on the ids of the latest max articles (?1).
static sqlite3_stmt *
s_on_ids (dp_page_t *pg, const s_name_t *n, size_t max, bool counts, const char *sql,
          char **ids)
{
    *ids = s_ids (n, max, counts);
    sqlite3_stmt *st = *ids ? dp_conn_sql (pg->db, sql) : NULL;
    if (st)
        sqlite3_bind_text (st, 1, *ids, -1, SQLITE_STATIC);
    return st;
}

static void
s_spellings (dp_page_t *pg, const s_name_t *n)
{
    dp_html_t *o = pg->out;
    dp_html_raw (o, "<h2>Spellings</h2>\n");
    if (n->n_spell)
        dp_html_raw (o, "<table class=\"spellings\"><thead><tr><th>Written</th>"
                        "<th>Type</th><th>Articles</th><th>Mentions</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n->n_spell && i < S_SPELLINGS; i++) {
        dp_html_raw (o, "<tr><td>");
        dp_html_text (o, n->spell [i].text);
        dp_html_raw (o, "</td><td class=\"type\">");
        dp_html_text (o, n->spell [i].type);
        dp_html_fmt (o, "</td><td>%lld</td><td>%lld</td></tr>\n",
                     (long long) n->spell [i].articles, (long long) n->spell [i].mentions);
    }
    if (n->n_spell)
        dp_html_raw (o, "</tbody></table>\n");
    dp_page_note (pg, n->rc, (int) n->n_spell, S_SPELLINGS, "spellings");
    if (n->n_m >= S_MENTIONS)
        dp_html_fmt (o, "<p class=\"more\">Counted over its latest %d mentions of each type."
                     "</p>\n", S_MENTIONS);
}

static void
s_chart (dp_page_t *pg, const s_name_t *n)
{
    char *ids;
    sqlite3_stmt *st = s_on_ids (pg, n, S_ARTICLES, true,
        "SELECT a.published, SUM (j.value) FROM json_each (?1) j JOIN articles a"
        " ON a.id = j.key GROUP BY substr (a.published, 1, 10)", &ids);
    dp_chart_t *days = calloc (1, sizeof *days);
    int rc = -1;
    while (st && days && (rc = dp_conn_step (pg->db, st)) == 1)
        dp_chart_add (days, dp_col (st, 0), sqlite3_column_int64 (st, 1));
    dp_html_raw (pg->out, "<h2>Mentions per day</h2>\n");
    if (days)
        dp_chart_svg (days, pg->out, "mentions", "mentions per day");
    if (n->n_arts > S_ARTICLES)
        dp_html_fmt (pg->out, "<p class=\"more\">In its latest %d articles.</p>\n", S_ARTICLES);
    dp_page_note (pg, rc, 0, 1, "mentions per day");
    if (st)
        sqlite3_reset (st);
    free (ids);
    free (days);
}

static void
s_stories (dp_page_t *pg, const s_name_t *n)
{
    char *ids;
    sqlite3_stmt *st = s_on_ids (pg, n, S_ARTICLES, false,
        "SELECT a.story, MIN (j.key) AS k FROM json_each (?1) j JOIN articles a"
        " ON a.id = j.value WHERE a.story IS NOT NULL GROUP BY a.story ORDER BY k LIMIT 8",
        &ids);
    char *stories [S_STORIES];
    int count = 0, rc = -1, shown = 0;
    while (st && count < S_STORIES && (rc = dp_conn_step (pg->db, st)) == 1)
        if ((stories [count] = strdup (dp_col (st, 0))))
            count++;
    if (st)
        sqlite3_reset (st);
    free (ids);
    dp_html_raw (pg->out, "<h2>Stories</h2>\n");
    if (count)
        dp_html_raw (pg->out, "<ol class=\"stories\">\n");
    for (int i = 0; i < count; i++) {
        if (rc >= 0 && dp_page_story_item (pg, stories [i], INT64_MAX) == 0)
            shown++;
        else
            rc = -1;
        free (stories [i]);
    }
    if (count)
        dp_html_raw (pg->out, "</ol>\n");
    dp_page_note (pg, rc, shown, S_STORIES, "stories");
}

static void
s_latest (dp_page_t *pg, const s_name_t *n)
{
    char *ids;
    sqlite3_stmt *st = s_on_ids (pg, n, S_LATEST, false,
        "SELECT a.id, a.title, a.published, a.outlet FROM json_each (?1) j JOIN articles a"
        " ON a.id = j.value ORDER BY j.key", &ids);
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
    if (st)
        sqlite3_reset (st);
    free (ids);
    dp_page_note (pg, rc, shown, S_LATEST, "articles");
}

static void
s_cooccur (dp_page_t *pg, const s_name_t *n)
{
    char *ids;
    sqlite3_stmt *st = s_on_ids (pg, n, S_COARTS, false,
        "SELECT e.canon, e.type, COUNT (DISTINCT e.article) AS c FROM entities e"
        " WHERE e.article IN (SELECT value FROM json_each (?1))"
        " AND e.canon IS NOT NULL AND e.canon IS NOT ?2"
        " GROUP BY e.canon, e.type ORDER BY c DESC, e.canon LIMIT 20", &ids);
    if (st)
        sqlite3_bind_text (st, 2, n->by_norm ? NULL : n->key, -1, SQLITE_STATIC);
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
    if (st)
        sqlite3_reset (st);
    free (ids);
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
        s_name_load (pg, &nm);
        dp_html_raw (o, "<div class=\"cols\">\n<div class=\"main\">\n");
        s_chart (pg, &nm);
        s_stories (pg, &nm);
        s_latest (pg, &nm);
        dp_html_raw (o, "</div>\n<aside>\n");
        s_spellings (pg, &nm);
        s_cooccur (pg, &nm);
        dp_html_raw (o, "</aside>\n</div>\n");
        s_name_free (&nm);
    }
    for (size_t i = 0; i < n; i++)
        free (canons [i]);
    dp_page_foot (pg, false);
    return 0;
}
