//  depeche serve — from what a person types to SQL: words to an FTS5
//  query, a name in any spelling to its canon keys, and a name to the SQL
//  of its latest mentions (a bounded slice that each page reading a name
//  starts from), with the values bound as parameters. Only SQL: the
//  sink's variant table and skeletons are its code, not read here.
#include "serve/serve_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

//  Each of the c characters of the n words gives at most two (a quote is
//  doubled), each word two quotes and a space: 2c + 3n bytes with the NUL,
//  and n words take at least 2n - 1 bytes, so 3 bytes per byte and 3 more.
//  (Twice the length was short by one per word made of quotes alone.)
char *
dp_page_fts (const char *words)
{
    char *q = malloc (strlen (words) * 3 + 3), *o = q;
    if (!q)
        return NULL;
    for (const char *p = words; *p; ) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (o != q)
            *o++ = ' ';
        *o++ = '"';
        for (; *p && *p != ' '; p++) {
            if (*p == '"')
                *o++ = '"';
            *o++ = *p;
        }
        *o++ = '"';
    }
    *o = '\0';
    return q;
}

//  A name folded for comparison: case folded, accents stripped, every run
//  of ASCII punctuation or space one space ("Côtes-d'Armor" and "cotes
//  d armor" fold alike). NULL when it cannot be folded.
static char *
s_fold (const char *s)
{
    utf8proc_uint8_t *f = NULL;
    if (utf8proc_map ((const utf8proc_uint8_t *) s, 0, &f, UTF8PROC_NULLTERM | UTF8PROC_STABLE
                      | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) < 0)
        return NULL;
    char *o = (char *) f;
    bool gap = true;                    //  drop leading separators
    for (const unsigned char *p = f; *p; p++) {
        bool sep = *p < 0x80 && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
        if (sep && !gap)
            *o++ = ' ';
        if (!sep)
            *o++ = (char) *p;
        gap = sep;
    }
    if (o > (char *) f && o [-1] == ' ')
        o--;
    *o = '\0';
    return (char *) f;
}

//  True when the folded words of want appear in the folded name, whole.
static bool
s_has_words (const char *name, const char *want)
{
    size_t len = strlen (want);
    for (const char *p = strstr (name, want); p; p = strstr (p + 1, want))
        if ((p == name || p [-1] == ' ') && (p [len] == '\0' || p [len] == ' '))
            return true;
    return false;
}

static size_t
s_add (char **out, size_t n, size_t max, const char *canon)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp (out [i], canon) == 0)
            return n;
    if (n < max && (out [n] = strdup (canon)))
        n++;
    return n;
}

size_t
dp_page_canons (dp_page_t *pg, const char *name, char **out, size_t max)
{
    size_t n = 0;
    //  A key itself (one index probe), then the keys of the entities with
    //  that norm: a few hundred of them tell (the norm index does not hold
    //  the canon: each is a row read).
    sqlite3_stmt *st = dp_conn_sql (pg->db, "SELECT 1 FROM entities WHERE canon = ?1 LIMIT 1");
    if (!st)
        return 0;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
    if (dp_conn_step (pg->db, st) == 1)
        n = s_add (out, n, max, name);
    sqlite3_reset (st);
    st = dp_conn_sql (pg->db,
        "SELECT canon FROM entities WHERE norm = ?1 AND canon IS NOT NULL LIMIT 300");
    if (!st)
        return n;
    sqlite3_bind_text (st, 1, name, -1, SQLITE_STATIC);
    while (dp_conn_step (pg->db, st) == 1)
        n = s_add (out, n, max, dp_col (st, 0));
    sqlite3_reset (st);
    char *fts = n ? NULL : dp_page_fts (name), *want = fts && *fts ? s_fold (name) : NULL;
    //  Not a key nor a norm: a spelling. The latest sentences holding its
    //  words (FTS5 ignores accents and case) lead to its entities.
    st = want && *want ? dp_conn_sql (pg->db,
        "SELECT e.text, e.norm, e.canon FROM entities e WHERE e.article IN"
        " (SELECT article FROM sentences WHERE sentences MATCH ?1 ORDER BY rowid DESC"
        "  LIMIT 200) AND e.canon IS NOT NULL LIMIT 20000") : NULL;
    //  Written exactly so first; else as words of a longer name (a
    //  surname alone: "Aliev" in "Ilham Aliev").
    char *part [DP_PAGE_MAX_CANONS];
    size_t n_part = 0;
    if (st) {
        sqlite3_bind_text (st, 1, fts, -1, SQLITE_STATIC);
        while (dp_conn_step (pg->db, st) == 1 && n < max) {
            for (int col = 0; col < 2; col++) {
                char *f = s_fold (dp_col (st, col) ? dp_col (st, col) : "");
                if (f && strcmp (f, want) == 0)
                    n = s_add (out, n, max, dp_col (st, 2));
                else
                if (f && s_has_words (f, want))
                    n_part = s_add (part, n_part, DP_PAGE_MAX_CANONS, dp_col (st, 2));
                free (f);
            }
        }
        sqlite3_reset (st);
    }
    bool exact = n > 0;
    for (size_t i = 0; i < n_part; i++) {
        if (!exact)
            n = s_add (out, n, max, part [i]);
        free (part [i]);
    }
    free (fts);
    free (want);
    return n;
}

int
dp_binds_add (dp_binds_t *self, const char *value)
{
    if (self->n >= DP_PAGE_MAX_BINDS)
        return -1;
    if (value && !(self->v [self->n] = strdup (value)))
        return -1;
    if (!value)
        self->v [self->n] = NULL;
    return ++self->n;
}

void
dp_binds_apply (const dp_binds_t *self, sqlite3_stmt *st)
{
    for (int i = 0; i < self->n; i++)
        sqlite3_bind_text (st, i + 1, self->v [i], -1, SQLITE_STATIC);
}

void
dp_binds_free (dp_binds_t *self)
{
    for (int i = 0; i < self->n; i++)
        free (self->v [i]);
    self->n = 0;
}

//  The types of the entities whose norm is key (index only), at most max.
static size_t
s_norm_types (dp_page_t *pg, const char *key, char **out, size_t max)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT type FROM entities WHERE norm = ?1 GROUP BY type LIMIT 12");
    size_t n = 0;
    if (!st)
        return 0;
    sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
    while (n < max && dp_conn_step (pg->db, st) == 1)
        if (dp_col (st, 0) && (out [n] = strdup (dp_col (st, 0))))
            n++;
    sqlite3_reset (st);
    return n;
}

//  Appends "SELECT * FROM (latest limit mentions of key in col, type t)"
//  for each type to *sql, joined by UNION ALL. 0 or -1.
static int
s_parts (char **sql, const char *col, const char *key, char **types, size_t n_types,
         int limit, dp_binds_t *b)
{
    int k = dp_binds_add (b, key);
    for (size_t i = 0; i < n_types && k > 0 && *sql; i++) {
        int t = dp_binds_add (b, types [i]);
        char *more = NULL;
        if (t < 0 || asprintf (&more, "%s%sSELECT * FROM (SELECT rowid AS r, article, text, type"
                               " FROM entities WHERE %s = ?%d AND type = ?%d ORDER BY rowid DESC"
                               " LIMIT %d)", *sql, **sql ? " UNION ALL " : "", col, k, t,
                               limit) < 0)
            more = NULL;
        free (*sql);
        *sql = more;
    }
    return *sql && k > 0 ? 0 : -1;
}

char *
dp_page_mentions (dp_page_t *pg, const char *const *canons, size_t n_canons, const char *norm,
                  int limit, dp_binds_t *b)
{
    static char *canon_types [] = { "PER", "LOC", "ORG" };
    char *sql = strdup ("");
    for (size_t i = 0; i < n_canons && sql; i++)
        if (s_parts (&sql, "canon", canons [i], canon_types, 3, limit, b))
            break;
    if (sql && !n_canons && norm) {
        char *types [12];
        size_t n = s_norm_types (pg, norm, types, 12);
        if (n)
            s_parts (&sql, "norm", norm, types, n, limit, b);
        for (size_t i = 0; i < n; i++)
            free (types [i]);
    }
    if (sql && !*sql) {
        //  Nothing to read: a part that gives no row.
        free (sql);
        sql = strdup ("SELECT 0 AS r, NULL AS article, NULL AS text, NULL AS type WHERE 0");
    }
    return sql;
}
