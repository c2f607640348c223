//  depeche — the analyst's questions on the sink's database, and the live
//  view of `depeche tail`. Read-only: the database is opened read-only, so
//  a query never blocks the sink's writes (WAL readers do not).
#include "sink/query.h"
#include "depeche/dp_article.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
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

int
dp_query_run (const dp_query_t *q, FILE *out, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *sql = NULL, *fts = NULL;
    int rows = -1;
    int limit = q->limit > 0 ? q->limit : 20;
    if ((q->n_with > 0) + (q->cooccur != NULL) + (q->match != NULL) != 1) {
        snprintf (err, errlen, "give one of --with, --cooccur, --match");
        return -1;
    }
    if (sqlite3_open_v2 (q->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "%s: %s", q->db, db ? sqlite3_errmsg (db) : "cannot open");
        goto done;
    }
    sqlite3_busy_timeout (db, 5000);
    //  Date bounds: ISO dates compare as strings; --to takes the whole day.
    const char *dates =
        " AND (?1 IS NULL OR a.published >= ?1)"
        " AND (?2 IS NULL OR substr (a.published, 1, 10) <= ?2)";
    size_t bind_from = 3;
    if (q->n_with) {
        char *where = strdup ("");
        for (size_t i = 0; i < q->n_with && where; i++) {
            char *w = NULL;
            if (asprintf (&w, "%s AND EXISTS (SELECT 1 FROM entities e WHERE e.article = a.id"
                          " AND e.norm = ?%zu)", where, i + bind_from) < 0)
                w = NULL;
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
        if (asprintf (&sql, "SELECT e.norm, e.type, COUNT (DISTINCT e.article) AS n"
                      " FROM entities e JOIN articles a ON a.id = e.article"
                      " WHERE e.article IN (SELECT article FROM entities WHERE norm = ?3)"
                      " AND e.norm <> ?3 AND (?4 IS NULL OR e.type = ?4) %s"
                      " GROUP BY e.norm, e.type ORDER BY n DESC, e.norm LIMIT %d",
                      dates, limit) < 0)
            sql = NULL;
    }
    else {
        fts = s_fts_query (q->match);
        if (asprintf (&sql, "SELECT s.article, a.published, s.idx, s.\"start\", s.\"end\", s.text"
                      " FROM sentences s JOIN articles a ON a.id = s.article"
                      " WHERE sentences MATCH ?3 %s ORDER BY s.rank, s.article, s.idx"
                      " LIMIT %d", dates, limit) < 0)
            sql = NULL;
    }
    if (!sql || sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf (err, errlen, "%s: %s", q->db, sql ? sqlite3_errmsg (db) : "out of memory");
        goto done;
    }
    sqlite3_bind_text (st, 1, q->from, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, q->to, -1, SQLITE_STATIC);
    if (q->n_with)
        for (size_t i = 0; i < q->n_with; i++)
            sqlite3_bind_text (st, (int) (i + bind_from), q->with [i], -1, SQLITE_STATIC);
    else
    if (q->cooccur) {
        sqlite3_bind_text (st, 3, q->cooccur, -1, SQLITE_STATIC);
        sqlite3_bind_text (st, 4, q->type, -1, SQLITE_STATIC);
    }
    else
        sqlite3_bind_text (st, 3, fts, -1, SQLITE_STATIC);
    rows = 0;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
        rows++;
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
        else {
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
        if (o) {
            char *line = json_dumps (o, JSON_COMPACT);
            if (line)
                fprintf (out, "%s\n", line);
            free (line);
            json_decref (o);
        }
    }
    if (rc != SQLITE_DONE) {
        snprintf (err, errlen, "%s: %s", q->db, sqlite3_errmsg (db));
        rows = -1;
    }
done:
    sqlite3_finalize (st);
    sqlite3_close (db);
    free (sql);
    free (fts);
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
    return "\033[36m";                  //  DATE TIME MONEY NUM
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
    fflush (out);
    dp_article_destroy (&doc);
    return 0;
}
