//  depeche serve — an article: its metadata, its flags, for a dead letter
//  the error and the stage, and the clean text with every sentence a
//  span (visible, and the target of a search result's link) and every
//  entity highlighted by type, linking to its name page. Offsets come
//  from the database and are checked here (in range, in order, on UTF-8
//  boundaries): a span that fails is not drawn, and the text is always
//  shown whole.
#include "serve/serve_page.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_ENTITIES  5000
#define S_MAX_SENTENCES 20000

typedef struct {
    size_t start, end;                  //  byte range in text
    int64_t idx;                        //  sentence index (FTS5 idx)
    char *type, *href, *tip;            //  entity: owned strings
} s_span_t;

typedef struct {
    s_span_t *v;
    size_t n, cap;
} s_spans_t;

static void
s_spans_free (s_spans_t *self)
{
    for (size_t i = 0; i < self->n; i++) {
        free (self->v [i].type);
        free (self->v [i].href);
        free (self->v [i].tip);
    }
    free (self->v);
    memset (self, 0, sizeof *self);
}

//  True when [start, end) is inside text, not empty, and cut at UTF-8
//  character boundaries.
static bool
s_fits (const char *text, size_t len, int64_t start, int64_t end)
{
    if (start < 0 || end <= start || (uint64_t) end > len)
        return false;
    return ((unsigned char) text [start] & 0xc0) != 0x80
        && ((size_t) end == len || ((unsigned char) text [end] & 0xc0) != 0x80);
}

//  Appends a span that starts at or after the last one's end (the drawing
//  nests sentences and entities, so overlaps are left out). 0 or -1.
static int
s_push (s_spans_t *self, size_t start, size_t end, int64_t idx)
{
    if (self->n && start < self->v [self->n - 1].end)
        return -1;
    if (self->n == self->cap) {
        size_t cap = self->cap ? self->cap * 2 : 64;
        s_span_t *v = realloc (self->v, cap * sizeof *v);
        if (!v)
            return -1;
        self->v = v;
        self->cap = cap;
    }
    self->v [self->n++] = (s_span_t) { start, end, idx, NULL, NULL, NULL };
    return 0;
}

//  The sentences from the sentence_offsets column ("[[s,e],...]").
static void
s_sentences_json (s_spans_t *out, const char *json, const char *text, size_t len)
{
    json_t *arr = json ? json_loads (json, 0, NULL) : NULL;
    size_t n = json_is_array (arr) ? json_array_size (arr) : 0;
    for (size_t i = 0; i < n && out->n < S_MAX_SENTENCES; i++) {
        json_t *pair = json_array_get (arr, i);
        json_t *a = json_array_get (pair, 0), *b = json_array_get (pair, 1);
        if (json_is_integer (a) && json_is_integer (b)
        &&  s_fits (text, len, json_integer_value (a), json_integer_value (b)))
            s_push (out, (size_t) json_integer_value (a), (size_t) json_integer_value (b),
                    (int64_t) i);
    }
    json_decref (arr);
}

//  A database written before sentence_offsets: read the FTS5 rows (a scan
//  of the sentences table; the time budget bounds it).
static int
s_sentences_fts (dp_page_t *pg, s_spans_t *out, const char *id, const char *text, size_t len)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT idx, \"start\", \"end\" FROM sentences WHERE article = ?1 ORDER BY idx");
    int rc = -1;
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    while ((rc = dp_conn_step (pg->db, st)) == 1 && out->n < S_MAX_SENTENCES) {
        int64_t a = sqlite3_column_int64 (st, 1), b = sqlite3_column_int64 (st, 2);
        if (s_fits (text, len, a, b))
            s_push (out, (size_t) a, (size_t) b, sqlite3_column_int64 (st, 0));
    }
    sqlite3_reset (st);
    return rc < 0 ? -1 : 0;
}

static int
s_entities (dp_page_t *pg, s_spans_t *out, const char *id, const char *text, size_t len)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT \"start\", \"end\", type, norm, canon FROM entities WHERE article = ?1"
        " ORDER BY \"start\", \"end\" DESC LIMIT 5000");
    int rc = -1;
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    while ((rc = dp_conn_step (pg->db, st)) == 1) {
        int64_t a = sqlite3_column_int64 (st, 0), b = sqlite3_column_int64 (st, 1);
        if (!s_fits (text, len, a, b) || s_push (out, (size_t) a, (size_t) b, 0))
            continue;
        s_span_t *e = &out->v [out->n - 1];
        const char *type = dp_col (st, 2) ? dp_col (st, 2) : "X";
        const char *key = dp_col (st, 4) ? dp_col (st, 4) : dp_col (st, 3);
        e->type = strdup (type);
        e->href = key ? strdup (key) : strndup (text + a, (size_t) (b - a));
        if (asprintf (&e->tip, "%s · %s", type, e->href ? e->href : "") < 0)
            e->tip = NULL;
    }
    sqlite3_reset (st);
    return rc < 0 ? -1 : 0;
}

//  Writes text[from, to) with the entities that lie wholly inside it;
//  *ei walks the entities (an entity that crosses a sentence's edge is
//  drawn as plain text).
static void
s_run (dp_page_t *pg, const char *text, size_t from, size_t to, const s_spans_t *ents,
       size_t *ei)
{
    size_t at = from;
    for (; *ei < ents->n && ents->v [*ei].start < to; (*ei)++) {
        const s_span_t *e = &ents->v [*ei];
        if (e->start < at || e->end > to)
            continue;
        dp_html_textn (pg->out, text + at, e->start - at);
        dp_html_raw (pg->out, "<a class=\"e ");
        dp_html_text (pg->out, e->type);
        dp_html_raw (pg->out, "\" href=\"/name?n=");
        dp_html_arg (pg->out, e->href);
        dp_html_raw (pg->out, "\" title=\"");
        dp_html_text (pg->out, e->tip);
        dp_html_raw (pg->out, "\">");
        dp_html_textn (pg->out, text + e->start, e->end - e->start);
        dp_html_raw (pg->out, "</a>");
        at = e->end;
    }
    dp_html_textn (pg->out, text + at, to - at);
}

static void
s_text (dp_page_t *pg, const char *text, const char *lang, const s_spans_t *sents,
        const s_spans_t *ents)
{
    size_t len = strlen (text), at = 0, ei = 0;
    dp_html_raw (pg->out, "<div class=\"text\"");
    if (lang) {
        dp_html_raw (pg->out, " lang=\"");
        dp_html_text (pg->out, lang);
        dp_html_raw (pg->out, "\"");
    }
    dp_html_raw (pg->out, ">");
    for (size_t i = 0; i < sents->n; i++) {
        const s_span_t *s = &sents->v [i];
        s_run (pg, text, at, s->start, ents, &ei);
        dp_html_fmt (pg->out, "<span class=\"s\" id=\"s%lld\">", (long long) s->idx);
        s_run (pg, text, s->start, s->end, ents, &ei);
        dp_html_raw (pg->out, "</span>");
        at = s->end;
    }
    s_run (pg, text, at, len, ents, &ei);
    dp_html_raw (pg->out, "</div>\n");
}

//  A JSON array of strings (tags, flags) as badges of class cls.
static void
s_badges (dp_page_t *pg, const char *json, const char *cls)
{
    json_t *arr = json ? json_loads (json, 0, NULL) : NULL;
    for (size_t i = 0; json_is_array (arr) && i < json_array_size (arr); i++) {
        const char *v = json_string_value (json_array_get (arr, i));
        if (!v)
            continue;
        dp_html_fmt (pg->out, "<span class=\"%s\">", cls);
        dp_html_text (pg->out, v);
        dp_html_raw (pg->out, "</span> ");
    }
    json_decref (arr);
}

//  One row of the metadata list, when value is there.
static void
s_meta (dp_page_t *pg, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    dp_html_fmt (pg->out, "<dt>%s</dt><dd>", label);
    dp_html_text (pg->out, value);
    dp_html_raw (pg->out, "</dd>\n");
}

//  The entities of the article by type, each with its count.
static void
s_index (dp_page_t *pg, const char *id)
{
    sqlite3_stmt *st = dp_conn_sql (pg->db,
        "SELECT type, coalesce (canon, norm, text) AS k, COUNT (*) FROM entities"
        " WHERE article = ?1 GROUP BY type, k ORDER BY type, 3 DESC, k LIMIT 400");
    int rc = -1, shown = 0;
    const char *type = NULL;
    char *last = NULL;
    dp_html_raw (pg->out, "<h2>Entities</h2>\n");
    if (st) {
        sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
        while ((rc = dp_conn_step (pg->db, st)) == 1) {
            type = dp_col (st, 0) ? dp_col (st, 0) : "?";
            if (!last || strcmp (last, type) != 0) {
                dp_html_raw (pg->out, last ? "</dd>\n<dt>" : "<dl class=\"index\">\n<dt>");
                dp_html_text (pg->out, type);
                dp_html_raw (pg->out, "</dt><dd>");
                free (last);
                last = strdup (type);
            }
            dp_page_name_link (pg, dp_col (st, 1), type, NULL);
            if (sqlite3_column_int64 (st, 2) > 1)
                dp_html_fmt (pg->out, "<small>×%lld</small>",
                             (long long) sqlite3_column_int64 (st, 2));
            dp_html_raw (pg->out, " ");
            shown++;
        }
        if (shown)
            dp_html_raw (pg->out, "</dd>\n</dl>\n");
    }
    free (last);
    if (!shown && rc == 0)
        dp_html_raw (pg->out, "<p class=\"empty\">None.</p>\n");
    dp_page_note (pg, rc, shown, 400, "entities");
}

int
dp_page_article (dp_page_t *pg)
{
    const char *id = dp_req_get (pg->req, "id");
    if (!id || !*id)
        return dp_page_fail (pg, 400, "Which article? (/article?id=...)");
    bool offsets = dp_conn_has_offsets (pg->db);
    sqlite3_stmt *st = dp_conn_sql (pg->db, offsets
        ? "SELECT id, url, source, title, published, lang, tags, text, error, error_stage,"
          " written, story, duplicate_of, outlet, flags, sentence_offsets"
          " FROM articles WHERE id = ?1"
        : "SELECT id, url, source, title, published, lang, tags, text, error, error_stage,"
          " written, story, duplicate_of, outlet, NULL, NULL FROM articles WHERE id = ?1");
    int rc = st ? (sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC), dp_conn_step (pg->db, st))
                : -1;
    if (rc != 1)
        return dp_page_fail (pg, rc == 0 ? 404 : 500, rc == 0 ? "No such article in the database."
                             : dp_conn_error (pg->db));
    const char *title = dp_col (st, 3), *text = dp_col (st, 7) ? dp_col (st, 7) : "";
    dp_html_t *o = pg->out;
    dp_page_head (pg, title && *title ? title : id, NULL);
    dp_html_raw (o, "<article class=\"doc\">\n<h1 id=\"title\">");
    dp_html_text (o, title && *title ? title : "(no title)");
    dp_html_raw (o, "</h1>\n");
    if (dp_col (st, 8)) {
        dp_html_raw (o, "<div class=\"dead\"><b>Dead letter</b>");
        if (dp_col (st, 9)) {
            dp_html_raw (o, " at the stage <code>");
            dp_html_text (o, dp_col (st, 9));
            dp_html_raw (o, "</code>");
        }
        dp_html_raw (o, ": <span class=\"why\">");
        dp_html_text (o, dp_col (st, 8));
        dp_html_raw (o, "</span></div>\n");
    }
    dp_html_raw (o, "<dl class=\"meta\">\n");
    s_meta (pg, "Outlet", dp_col (st, 13));
    if (dp_col (st, 1)) {
        //  The URL is always shown as text; only http(s) becomes a link.
        dp_html_raw (o, "<dt>URL</dt><dd class=\"url\">");
        if (dp_html_http_url (dp_col (st, 1))) {
            dp_html_raw (o, "<a rel=\"noopener noreferrer nofollow\" href=\"");
            dp_html_text (o, dp_col (st, 1));
            dp_html_raw (o, "\">");
            dp_html_text (o, dp_col (st, 1));
            dp_html_raw (o, "</a>");
        }
        else
            dp_html_text (o, dp_col (st, 1));
        dp_html_raw (o, "</dd>\n");
    }
    s_meta (pg, "Source", dp_col (st, 2));
    s_meta (pg, "Published", dp_col (st, 4));
    s_meta (pg, "Language", dp_col (st, 5));
    dp_html_raw (o, "<dt>Seen</dt><dd>");
    dp_page_time (pg, sqlite3_column_int64 (st, 10));
    dp_html_raw (o, " UTC</dd>\n");
    if (dp_col (st, 11)) {
        dp_html_raw (o, "<dt>Story</dt><dd><a href=\"/story?id=");
        dp_html_arg (o, dp_col (st, 11));
        dp_html_raw (o, "\">");
        dp_html_text (o, dp_col (st, 11));
        dp_html_raw (o, "</a></dd>\n");
    }
    if (dp_col (st, 12)) {
        dp_html_raw (o, "<dt>Copy of</dt><dd>");
        dp_page_article_link (pg, dp_col (st, 12), dp_col (st, 12));
        dp_html_raw (o, "</dd>\n");
    }
    if (dp_col (st, 6)) {
        dp_html_raw (o, "<dt>Tags</dt><dd>");
        s_badges (pg, dp_col (st, 6), "tag");
        dp_html_raw (o, "</dd>\n");
    }
    dp_html_raw (o, "<dt>Flags</dt><dd id=\"flags\">");
    if (dp_col (st, 14))
        s_badges (pg, dp_col (st, 14), "flag");
    else
        dp_html_raw (o, offsets ? "none" : "(not in this database)");
    dp_html_raw (o, "</dd>\n<dt>Id</dt><dd><code>");
    dp_html_text (o, dp_col (st, 0));
    dp_html_raw (o, "</code></dd>\n</dl>\n");
    //  The row's strings live until the statement moves: copy what the
    //  next queries need.
    char *body = strdup (text), *lang = dp_col (st, 5) ? strdup (dp_col (st, 5)) : NULL;
    char *aid = strdup (dp_col (st, 0));
    s_spans_t sents = { 0 }, ents = { 0 };
    if (offsets)
        s_sentences_json (&sents, dp_col (st, 15), body ? body : "", body ? strlen (body) : 0);
    sqlite3_reset (st);
    if (body && aid) {
        size_t len = strlen (body);
        int src = offsets ? 0 : s_sentences_fts (pg, &sents, aid, body, len);
        int erc = s_entities (pg, &ents, aid, body, len);
        dp_html_raw (o, "<p class=\"legend\">Sentences are shaded in turn; entities: "
                        "<span class=\"e PER\">PER</span> <span class=\"e LOC\">LOC</span> "
                        "<span class=\"e ORG\">ORG</span> <span class=\"e MISC\">MISC</span> "
                        "<span class=\"e DATE\">DATE</span> <span class=\"e TIME\">TIME</span> "
                        "<span class=\"e MONEY\">MONEY</span> <span class=\"e PERCENT\">PERCENT"
                        "</span> <span class=\"e NUM\">NUM</span></p>\n");
        dp_page_note (pg, src, 0, 1, "sentences");
        dp_page_note (pg, erc, 0, 1, "entities");
        s_text (pg, body, lang, &sents, &ents);
        s_index (pg, aid);
    }
    else
        o->oom = true;
    dp_html_raw (o, "</article>\n");
    s_spans_free (&sents);
    s_spans_free (&ents);
    free (body);
    free (lang);
    free (aid);
    dp_page_foot (pg, false);
    return 0;
}
