//  depeche — the analyst's questions on the sink's database, and the live
//  view of `depeche tail`. Read-only: the database is opened read-only, so
//  a query never blocks the sink's writes (WAL readers do not).
#include "sink/query.h"
#include "sink/canon.h"
#include "depeche/dp_common.h"
#include "depeche/dp_article.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

//  Words -> an FTS5 query: each word a quoted phrase (so "cessez-le-feu"
//  is the phrase cessez le feu, not FTS5 syntax), all of them required.
static char *
s_fts_query (const char *words)
{
    size_t len = strlen (words);
    char *q = malloc (len * 3 + 8);
    if (!q)
        return NULL;
    char *o = q;
    const char *p = words;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (o != q)
            *o++ = ' ';
        *o++ = '"';
        for (; *p && *p != ' ' && *p != '\t'; p++) {
            if (*p == '"')
                *o++ = '"';
            *o++ = *p;
        }
        *o++ = '"';
    }
    *o = '\0';
    return q;
}

static const char *
s_col (sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text (st, i);
    return s ? (const char *) s : "";
}

#define S_CANONS 8                      //  canon keys looked up per name
#define S_BINDS  (3 + DP_QUERY_MAX_WITH * (1 + S_CANONS))

//  Bound values of a question: ?1 from, ?2 to, then the names' values.
typedef struct {
    char *v [S_BINDS + 1];              //  owned
    int n;                              //  highest parameter used
} s_binds_t;

static int
s_bind_add (s_binds_t *b, const char *value)
{
    if (b->n >= S_BINDS)
        return -1;
    b->v [++b->n] = strdup (value);
    return b->v [b->n] ? b->n : -1;
}

//  The canon keys a name stands for: those stored for entities written
//  that way, the variant table's and the learned names' (any spelling).
static size_t
s_canons (sqlite3 *db, dp_canon_t *table, const char *name, char **out)
{
    size_t n = 0;
    sqlite3_stmt *st = NULL;
    char skel [256];
    dp_canon_skeleton (name, skel, sizeof skel);
    if (sqlite3_prepare_v2 (db, "SELECT DISTINCT canon FROM entities WHERE canon IS NOT NULL"
                            " AND (canon = ?1 OR norm = ?1) UNION SELECT canon FROM"
                            " canon_names WHERE skel = ?2 LIMIT 8", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text (st, 2, skel, -1, SQLITE_STATIC);
        while (n < S_CANONS && sqlite3_step (st) == SQLITE_ROW)
            if ((out [n] = strdup (s_col (st, 0))))
                n++;
    }
    sqlite3_finalize (st);
    static const char *types [] = { "PER", "LOC", "ORG" };
    for (int t = 0; t < 3 && table && n < S_CANONS; t++) {
        const char *c = dp_canon_resolve (table, types [t], name, NULL);
        bool seen = !c;
        for (size_t i = 0; i < n && !seen; i++)
            seen = strcmp (out [i], c) == 0;
        if (!seen && (out [n] = strdup (c)))
            n++;
    }
    return n;
}

//  "(e.norm = ?k OR e.canon IN (?k+1, ...))" for a name: the entities
//  that are one of its spellings. Appends the values to b. NULL on error.
static char *
s_name_sql (sqlite3 *db, dp_canon_t *table, const char *name, s_binds_t *b)
{
    char *canons [S_CANONS];
    size_t n = s_canons (db, table, name, canons);
    char *sql = NULL;
    int k = s_bind_add (b, name);
    if (k > 0 && asprintf (&sql, "(e.norm = ?%d", k) < 0)
        sql = NULL;
    for (size_t i = 0; i < n && sql; i++) {
        int j = s_bind_add (b, canons [i]);
        char *more = NULL;
        if (j < 0 || asprintf (&more, "%s%s?%d", sql, i ? ", " : " OR e.canon IN (", j) < 0)
            more = NULL;
        free (sql);
        sql = more;
    }
    if (sql) {
        char *more = NULL;
        if (asprintf (&more, "%s%s)", sql, n ? ")" : "") < 0)
            more = NULL;
        free (sql);
        sql = more;
    }
    for (size_t i = 0; i < n; i++)
        free (canons [i]);
    return sql;
}

//  The SQL of question q, its bound values in b.
static char *
s_sql (const dp_query_t *q, sqlite3 *db, dp_canon_t *table, s_binds_t *b, int limit)
{
    //  Date bounds: ISO dates compare as strings; --to takes the whole day.
    const char *dates =
        " AND (?1 IS NULL OR a.published >= ?1)"
        " AND (?2 IS NULL OR substr (a.published, 1, 10) <= ?2)";
    char *sql = NULL;
    b->n = 2;
    if (q->n_with) {
        char *where = strdup ("");
        for (size_t i = 0; i < q->n_with && where; i++) {
            char *name = s_name_sql (db, table, q->with [i], b);
            char *w = NULL;
            if (!name || asprintf (&w, "%s AND EXISTS (SELECT 1 FROM entities e"
                                   " WHERE e.article = a.id AND %s)", where, name) < 0)
                w = NULL;
            free (name);
            free (where);
            where = w;
        }
        if (!where || asprintf (&sql, "SELECT a.id, a.published, a.title, a.url, a.source"
                                " FROM articles a WHERE 1 %s%s"
                                " ORDER BY a.published, a.id LIMIT %d", dates, where, limit) < 0)
            sql = NULL;
        free (where);
    }
    else
    if (q->cooccur) {
        if (s_bind_add (b, q->cooccur) != 3 || s_bind_add (b, q->type ? q->type : "") != 4
        ||  asprintf (&sql, "SELECT e.norm, e.type, COUNT (DISTINCT e.article) AS n"
                      " FROM entities e JOIN articles a ON a.id = e.article"
                      " WHERE e.article IN (SELECT article FROM entities WHERE norm = ?3)"
                      " AND e.norm <> ?3 AND (?4 = '' OR e.type = ?4) %s"
                      " GROUP BY e.norm, e.type ORDER BY n DESC, e.norm LIMIT %d",
                      dates, limit) < 0)
            sql = NULL;
    }
    else
    if (q->match) {
        char *fts = s_fts_query (q->match);
        if (!fts || s_bind_add (b, fts) != 3
        ||  asprintf (&sql, "SELECT s.article, a.published, s.idx, s.\"start\", s.\"end\", s.text"
                      " FROM sentences s JOIN articles a ON a.id = s.article"
                      " WHERE sentences MATCH ?3 %s ORDER BY s.rank, s.article, s.idx"
                      " LIMIT %d", dates, limit) < 0)
            sql = NULL;
        free (fts);
    }
    else
    if (q->stories) {
        //  Stories with an article naming it in the date range; each with
        //  its size, outlets, five most named entities and first title.
        char *name = s_name_sql (db, table, q->stories, b);
        if (!name || asprintf (&sql, "SELECT s.id, s.first_published, s.last_published,"
                               " s.articles, s.outlets, s.outlet_list, s.top_entities,"
                               " (SELECT title FROM articles WHERE story = s.id"
                               "  ORDER BY published, id LIMIT 1)"
                               " FROM stories s WHERE s.id IN (SELECT a.story FROM articles a"
                               "  WHERE EXISTS (SELECT 1 FROM entities e WHERE e.article = a.id"
                               "  AND %s) %s)"
                               " ORDER BY s.first_published, s.id LIMIT %d", name, dates, limit) < 0)
            sql = NULL;
        free (name);
    }
    else
    if (q->spellings) {
        char *name = s_name_sql (db, table, q->spellings, b);
        if (!name || asprintf (&sql, "SELECT e.text, e.type, e.canon, COUNT (*),"
                               " COUNT (DISTINCT e.article) AS n"
                               " FROM entities e JOIN articles a ON a.id = e.article"
                               " WHERE %s AND e.type IN ('PER', 'LOC', 'ORG') %s"
                               " GROUP BY e.text, e.type, e.canon ORDER BY n DESC, e.text"
                               " LIMIT %d", name, dates, limit) < 0)
            sql = NULL;
        free (name);
    }
    else {
        if (s_bind_add (b, q->story) != 3
        ||  asprintf (&sql, "SELECT a.id, a.published, a.outlet, a.duplicate_of, a.title"
                      " FROM articles a WHERE a.story = coalesce ((SELECT new FROM story_alias"
                      "  WHERE old = ?3), ?3) %s ORDER BY a.published, a.id LIMIT %d",
                      dates, limit) < 0)
            sql = NULL;
    }
    return sql;
}

//  Prints one row of question q.
static void
s_row (const dp_query_t *q, sqlite3_stmt *st, FILE *out)
{
    json_t *o = NULL;
    if (q->n_with) {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:s,s:s,s:s}", "id", s_col (st, 0),
                           "published", s_col (st, 1), "title", s_col (st, 2),
                           "url", s_col (st, 3), "source", s_col (st, 4));
        else
            fprintf (out, "%s  %-10s  %s  %s\n", s_col (st, 0), s_col (st, 1),
                     s_col (st, 2), *s_col (st, 3) ? s_col (st, 3) : s_col (st, 4));
    }
    else
    if (q->cooccur) {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:I}", "norm", s_col (st, 0), "type", s_col (st, 1),
                           "articles", (json_int_t) sqlite3_column_int64 (st, 2));
        else
            fprintf (out, "%6lld  %-5s %s\n", (long long) sqlite3_column_int64 (st, 2),
                     s_col (st, 1), s_col (st, 0));
    }
    else
    if (q->match) {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:I,s:I,s:I,s:s}", "article", s_col (st, 0),
                           "published", s_col (st, 1),
                           "idx", (json_int_t) sqlite3_column_int64 (st, 2),
                           "start", (json_int_t) sqlite3_column_int64 (st, 3),
                           "end", (json_int_t) sqlite3_column_int64 (st, 4),
                           "text", s_col (st, 5));
        else
            fprintf (out, "%s  %-10s  #%lld  %s\n", s_col (st, 0), s_col (st, 1),
                     (long long) sqlite3_column_int64 (st, 2), s_col (st, 5));
    }
    else
    if (q->stories) {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s}", "story", s_col (st, 0),
                           "first", s_col (st, 1), "last", s_col (st, 2),
                           "articles", (json_int_t) sqlite3_column_int64 (st, 3),
                           "outlets", (json_int_t) sqlite3_column_int64 (st, 4),
                           "outlet_list", s_col (st, 5), "entities", s_col (st, 6),
                           "title", s_col (st, 7));
        else
            fprintf (out, "%s  %-10s  %-10s  %3lld articles  %2lld outlets  %s\n"
                     "    %s\n", s_col (st, 0), s_col (st, 1), s_col (st, 2),
                     (long long) sqlite3_column_int64 (st, 3),
                     (long long) sqlite3_column_int64 (st, 4), s_col (st, 7), s_col (st, 6));
    }
    else
    if (q->spellings) {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:s,s:I,s:I}", "text", s_col (st, 0), "type",
                           s_col (st, 1), "canon", s_col (st, 2),
                           "mentions", (json_int_t) sqlite3_column_int64 (st, 3),
                           "articles", (json_int_t) sqlite3_column_int64 (st, 4));
        else
            fprintf (out, "%6lld  %-5s %-30s (%s)\n", (long long) sqlite3_column_int64 (st, 4),
                     s_col (st, 1), s_col (st, 0), s_col (st, 2));
    }
    else {
        if (q->json)
            o = json_pack ("{s:s,s:s,s:s,s:s,s:s}", "id", s_col (st, 0), "published",
                           s_col (st, 1), "outlet", s_col (st, 2), "duplicate_of",
                           s_col (st, 3), "title", s_col (st, 4));
        else
            fprintf (out, "%s  %-10s  %-24s %s%s%s%s\n", s_col (st, 0), s_col (st, 1),
                     s_col (st, 2), s_col (st, 4), *s_col (st, 3) ? "  (copy of " : "",
                     s_col (st, 3), *s_col (st, 3) ? ")" : "");
    }
    if (o) {
        char *line = json_dumps (o, JSON_COMPACT);
        if (line)
            fprintf (out, "%s\n", line);
        free (line);
        json_decref (o);
    }
}

int
dp_query_run (const dp_query_t *q, FILE *out, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    dp_canon_t *table = NULL;
    s_binds_t b = { .n = 0 };
    char *sql = NULL;
    int rows = -1;
    int limit = q->limit > 0 ? q->limit : 20;
    if ((q->n_with > 0) + !!q->cooccur + !!q->match + !!q->stories + !!q->spellings
        + !!q->story != 1) {
        snprintf (err, errlen, "give one of --with, --cooccur, --match, --stories,"
                  " --spellings, --story");
        return -1;
    }
    if (sqlite3_open_v2 (q->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "%s: %s", q->db, db ? sqlite3_errmsg (db) : "cannot open");
        goto done;
    }
    sqlite3_busy_timeout (db, 5000);
    //  Names are looked up by any spelling: the variant table helps.
    char *variants = q->n_with || q->stories || q->spellings
                   ? dp_data_path ("canon/variants.tsv") : NULL;
    if (variants)
        table = dp_canon_new (variants);
    free (variants);
    sql = s_sql (q, db, table, &b, limit);
    if (!sql || sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "%s: %s", q->db, sql ? sqlite3_errmsg (db) : "out of memory");
        goto done;
    }
    sqlite3_bind_text (st, 1, q->from, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, q->to, -1, SQLITE_STATIC);
    for (int i = 3; i <= b.n; i++)
        sqlite3_bind_text (st, i, b.v [i], -1, SQLITE_STATIC);
    rows = 0;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        rows++;
        s_row (q, st, out);
    }
    if (rc != SQLITE_DONE) {
        snprintf (err, errlen, "%s: %s", q->db, sqlite3_errmsg (db));
        rows = -1;
    }
done:
    sqlite3_finalize (st);
    sqlite3_close (db);
    dp_canon_destroy (&table);
    for (int i = 0; i <= b.n; i++)
        free (b.v [i]);
    free (sql);
    return rows;
}

//  --------------------------------------------------------------------------
//  depeche tail

static const char *
s_colour (const char *type)
{
    if (!type)
        return "\033[1m";
    if (strcmp (type, "PER") == 0)
        return "\033[1;31m";
    if (strcmp (type, "LOC") == 0)
        return "\033[1;32m";
    if (strcmp (type, "ORG") == 0)
        return "\033[1;34m";
    if (strcmp (type, "MISC") == 0)
        return "\033[1;35m";
    return "\033[36m";                  //  DATE TIME MONEY NUM PERCENT
}

int
dp_tail_print (FILE *out, const char *frame, size_t len, bool color)
{
    //  An optional topic prefix ends where the JSON object begins.
    const char *brace = memchr (frame, '{', len);
    if (!brace)
        return -1;
    char err [128];
    dp_article_t *doc = dp_article_from_json (brace, len - (size_t) (brace - frame),
                                              err, sizeof err);
    if (!doc)
        return -1;
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    fprintf (out, "%s== %s  %s  %s%s\n", bold, doc->published ? doc->published : "-",
             doc->title ? doc->title : "(no title)", doc->id ? doc->id : "-", reset);
    if (doc->error)
        fprintf (out, "%sERROR%s (%s): %s\n", color ? "\033[1;31m" : "", reset,
                 doc->error_stage ? doc->error_stage : "?", doc->error);
    const char *text = doc->text ? doc->text : "";
    size_t tlen = strlen (text), at = 0;
    //  Entities come in text order from the tagger; an overlapping or
    //  out-of-range one is printed plain.
    for (size_t i = 0; i < doc->n_entities && color; i++) {
        const Dp__Entity *e = doc->entities [i];
        if (e->start < at || e->end > tlen || e->start >= e->end)
            continue;
        fwrite (text + at, 1, e->start - at, out);
        fprintf (out, "%s", s_colour (e->type));
        fwrite (text + e->start, 1, e->end - e->start, out);
        fprintf (out, "%s", reset);
        at = e->end;
    }
    fwrite (text + at, 1, tlen - at, out);
    fputc ('\n', out);
    if (doc->n_entities) {
        fputs ("   ", out);
        for (size_t i = 0; i < doc->n_entities; i++) {
            const Dp__Entity *e = doc->entities [i];
            const char *name = e->norm && *e->norm ? e->norm : e->text ? e->text : "";
            fprintf (out, "%s%s%s %s%s", i ? "; " : "", color ? s_colour (e->type) : "",
                     e->type ? e->type : "?", name, reset);
        }
        fputc ('\n', out);
    }
    //  The story, and the stories it merged: a reader of the feed learns
    //  that their earlier articles now belong to this one; and the articles
    //  a split moved.
    if (doc->story) {
        fprintf (out, "   story %s", doc->story);
        for (size_t i = 0; i < doc->n_merged; i++)
            fprintf (out, "%s%s", i ? ", " : " (merges ", doc->merged [i]);
        fprintf (out, "%s%s%s\n", doc->n_merged ? ")" : "",
                 doc->duplicate_of ? ", a copy of " : "",
                 doc->duplicate_of ? doc->duplicate_of : "");
    }
    //  The articles it moved to another story ("st-FROM st-TO ID").
    for (size_t i = 0; i < doc->n_split; i++) {
        char from [24], to [24];
        int skip = 0;
        if (sscanf (doc->split [i], "%23s %23s %n", from, to, &skip) == 2 && skip)
            fprintf (out, "   moves %s from %s to %s\n", doc->split [i] + skip, from, to);
    }
    fflush (out);
    dp_article_destroy (&doc);
    return 0;
}
