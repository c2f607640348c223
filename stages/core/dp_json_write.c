//  depeche — writing an article as one JSON line (DESIGN.md's member order),
//  straight into a buffer, no tree of json_t nodes. Reading is dp_json.c.
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"
#include "core/dp_json_scan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The JSON line is written directly, in DESIGN.md's member order: no tree
//  of json_t nodes, no second pass (the sink writes every article, and the
//  tree cost as much as the linking). The bytes are those jansson's
//  json_dumps (JSON_COMPACT) gives, which the tests compare against.
typedef struct {
    char *buf;
    size_t len, cap;
    bool oom;
} s_out_t;

//  Makes room for n more bytes (and a NUL); false when out of memory.
static __attribute__ ((noinline)) bool
s_grow (s_out_t *o, size_t n)
{
    size_t ncap = o->cap ? o->cap : 256;
    while (o->len + n + 1 > ncap)
        ncap *= 2;
    char *nb = realloc (o->buf, ncap);
    if (!nb) {
        o->oom = true;
        return false;
    }
    o->buf = nb;
    o->cap = ncap;
    return true;
}

//  Inlined: most pieces are a literal of a byte or two, whose memcpy of a
//  constant size becomes a store (a call per piece cost more than the bytes).
static inline __attribute__ ((always_inline)) void
s_raw (s_out_t *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->len + n + 1 > o->cap && !s_grow (o, n))
        return;
    memcpy (o->buf + o->len, s, n);
    o->len += n;
}

//  A string literal (never a pointer: sizeof must see the array).
#define s_lit(o, lit) s_raw ((o), ("" lit), sizeof (lit) - 1)

//  A JSON string the long way: invalid UTF-8 repaired first (U+FFFD), then
//  quotes, backslash and control characters escaped as jansson escapes them.
static __attribute__ ((noinline)) void
s_str_repair (s_out_t *o, const char *s, size_t n)
{
    char *fixed = NULL;
    if (!dp_utf8_valid (s, n)) {
        fixed = dp_utf8_repair (s, n, &n, NULL);
        if (!fixed) {
            o->oom = true;
            return;
        }
        s = fixed;
    }
    s_lit (o, "\"");
    const char *end = s + n, *run = s;  //  bytes copied as they are
    for (;;) {
        const char *at = dp_json_plain_end (run, end);
        s_raw (o, run, (size_t) (at - run));
        if (at == end)
            break;
        run = at + 1;
        unsigned char c = (unsigned char) *at;
        char esc [8];
        switch (c) {
            case '"':  s_lit (o, "\\\""); break;
            case '\\': s_lit (o, "\\\\"); break;
            case '\b': s_lit (o, "\\b"); break;
            case '\f': s_lit (o, "\\f"); break;
            case '\n': s_lit (o, "\\n"); break;
            case '\r': s_lit (o, "\\r"); break;
            case '\t': s_lit (o, "\\t"); break;
            default:
                snprintf (esc, sizeof esc, "\\u%04X", c);
                s_raw (o, esc, 6);
        }
    }
    s_lit (o, "\"");
    free (fixed);
}

//  A JSON string, in one pass over its bytes: ASCII runs and escapes as
//  s_str_repair writes them, each multi-byte character checked where it
//  stands (not the whole string first); at the first byte that is not
//  valid UTF-8 what was written of the string is taken back and the string
//  goes the long way, repaired. Same bytes as s_str_repair.
static void
s_str (s_out_t *o, const char *s)
{
    size_t n = strlen (s), mark = o->len;
    const char *end = s + n, *run = s, *p = s;
    s_lit (o, "\"");
    for (;;) {
        p = dp_json_scan_end (p, end, true);
        if (p == end)
            break;
        unsigned char c = (unsigned char) *p;
        if (c >= 0x80) {
            //  Two bytes (Latin letters with accents), else the whole check.
            size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                       : (c & 0xF8) == 0xF0 ? 4 : 0;
            if (len == 0 || len > (size_t) (end - p)
            ||  !(len == 2 && c >= 0xC2 && ((unsigned char) p [1] & 0xC0) == 0x80
                  ? true : dp_utf8_valid (p, len))) {
                o->len = mark;
                s_str_repair (o, s, n);
                return;
            }
            p += len;
            continue;
        }
        s_raw (o, run, (size_t) (p - run));
        run = p + 1;
        switch (c) {
            case '"':  s_lit (o, "\\\""); break;
            case '\\': s_lit (o, "\\\\"); break;
            case '\b': s_lit (o, "\\b"); break;
            case '\f': s_lit (o, "\\f"); break;
            case '\n': s_lit (o, "\\n"); break;
            case '\r': s_lit (o, "\\r"); break;
            case '\t': s_lit (o, "\\t"); break;
            default: {
                char esc [8];
                snprintf (esc, sizeof esc, "\\u%04X", c);
                s_raw (o, esc, 6);
            }
        }
        p++;
    }
    s_raw (o, run, (size_t) (end - run));
    s_lit (o, "\"");
}

//  ,"key": (no comma before the first member of an object) for one of
//  DESIGN.md's member names: plain ASCII, written as it is. Inlined, with
//  the helpers that pass a name on: the name is a literal whose length the
//  compiler knows, so the piece is a few stores, not strlen and memcpy.
static inline __attribute__ ((always_inline)) void
s_key (s_out_t *o, bool *first, const char *key)
{
    if (!*first)
        s_lit (o, ",");
    *first = false;
    s_lit (o, "\"");
    s_raw (o, key, strlen (key));
    s_lit (o, "\":");
}

//  The same for any name (an unknown member kept in extra): escaped.
static void
s_key_escaped (s_out_t *o, bool *first, const char *key)
{
    if (!*first)
        s_lit (o, ",");
    *first = false;
    s_str (o, key);
    s_lit (o, ":");
}

//  A number in decimal, as "%llu" writes it (no printf: the sink writes a
//  few hundred per article).
static void
s_num (s_out_t *o, uint64_t v)
{
    char num [24];
    char *p = num + sizeof num;
    do {
        *--p = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    s_raw (o, p, (size_t) (num + sizeof num - p));
}

static inline __attribute__ ((always_inline)) void
s_member_str (s_out_t *o, bool *first, const char *key, const char *value)
{
    if (!value)
        return;
    s_key (o, first, key);
    s_str (o, value);
}

static inline __attribute__ ((always_inline)) void
s_member_num (s_out_t *o, bool *first, const char *key, uint64_t value)
{
    s_key (o, first, key);
    s_num (o, value);
}

//  A 64-bit wire value as jansson writes it: signed (a seq beyond INT64_MAX
//  can only be garbage off the wire; the line must stay JSON).
static inline __attribute__ ((always_inline)) void
s_member_i64 (s_out_t *o, bool *first, const char *key, uint64_t value)
{
    s_key (o, first, key);
    if ((int64_t) value < 0) {
        s_lit (o, "-");
        value = ~value + 1;             //  the magnitude, INT64_MIN too
    }
    s_num (o, value);
}

static void
s_strings (s_out_t *o, bool *first, const char *key, char **v, size_t n)
{
    if (!n)
        return;
    s_key (o, first, key);
    s_lit (o, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            s_lit (o, ",");
        s_str (o, v [i]);
    }
    s_lit (o, "]");
}

//  The members of extra (a JSON object) that are not DESIGN.md's own.
static void
s_extra (s_out_t *o, bool *first, const char *extra)
{
    json_t *obj = json_loads (extra, 0, NULL);
    const char *key;
    json_t *v;
    if (json_is_object (obj))
        json_object_foreach (obj, key, v) {
            if (dp_article_json_member (key))
                continue;
            char *value = json_dumps (v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
            if (!value) {
                o->oom = true;
                break;
            }
            s_key_escaped (o, first, key);
            s_raw (o, value, strlen (value));
            free (value);
        }
    json_decref (obj);
}

//  Ends the object: the line (NUL-terminated, its length in *len), or NULL
//  when out of memory.
static char *
s_close (s_out_t *o, size_t *len)
{
    s_lit (o, "}");
    if (o->oom) {
        free (o->buf);
        return NULL;
    }
    o->buf [o->len] = '\0';
    if (len)
        *len = o->len;
    return o->buf;
}

//  ,"trace":[...] when the article has stamps.
static void
s_trace (s_out_t *o, bool *first, const dp_article_t *a)
{
    if (!a->n_trace)
        return;
    s_key (o, first, "trace");
    s_lit (o, "[");
    for (size_t i = 0; i < a->n_trace; i++) {
        const Dp__Stamp *st = a->trace [i];
        bool in = true;
        if (i)
            s_lit (o, ",");
        s_lit (o, "{");
        s_member_str (o, &in, "stage", st->stage);
        s_member_str (o, &in, "host", st->host);
        if (st->has_pid)
            s_member_num (o, &in, "pid", st->pid);
        if (st->has_t_in)
            s_member_i64 (o, &in, "in", st->t_in);
        if (st->has_t_out)
            s_member_i64 (o, &in, "out", st->t_out);
        s_lit (o, "}");
    }
    s_lit (o, "]");
}

//  The members of a, from the opening brace to just before the closing one.
static void
s_article (s_out_t *o_, const dp_article_t *a)
{
    s_out_t o = *o_;
    bool first = true;
    s_lit (&o, "{");
    s_member_str (&o, &first, "id", a->id);
    s_member_str (&o, &first, "url", a->url);
    s_member_str (&o, &first, "source", a->source);
    s_member_str (&o, &first, "title", a->title);
    s_member_str (&o, &first, "published", a->published);
    s_member_str (&o, &first, "lang", a->lang);
    s_strings (&o, &first, "tags", a->tags, a->n_tags);
    s_member_str (&o, &first, "html", a->html);
    s_member_str (&o, &first, "text", a->text);
    if (a->n_sentences) {
        s_key (&o, &first, "sentences");
        s_lit (&o, "[");
        for (size_t i = 0; i < a->n_sentences; i++) {
            if (i)
                s_lit (&o, ",");
            s_lit (&o, "{\"start\":");
            s_num (&o, a->sentences [i]->start);
            s_lit (&o, ",\"end\":");
            s_num (&o, a->sentences [i]->end);
            s_lit (&o, "}");
        }
        s_lit (&o, "]");
    }
    if (a->n_tokens) {
        s_key (&o, &first, "tokens");
        s_lit (&o, "[");
        for (size_t i = 0; i + 1 < a->n_tokens; i += 2) {
            if (i)
                s_lit (&o, ",");
            s_lit (&o, "[");
            s_num (&o, a->tokens [i]);
            s_lit (&o, ",");
            s_num (&o, a->tokens [i + 1]);
            s_lit (&o, "]");
        }
        s_lit (&o, "]");
    }
    if (a->n_entities) {
        s_key (&o, &first, "entities");
        s_lit (&o, "[");
        for (size_t i = 0; i < a->n_entities; i++) {
            const Dp__Entity *e = a->entities [i];
            bool in = true;
            if (i)
                s_lit (&o, ",");
            s_lit (&o, "{");
            s_member_num (&o, &in, "start", e->start);
            s_member_num (&o, &in, "end", e->end);
            s_member_str (&o, &in, "type", e->type);
            s_member_str (&o, &in, "text", e->text);
            s_member_str (&o, &in, "norm", e->norm);
            s_member_str (&o, &in, "canon", e->canon);
            s_lit (&o, "}");
        }
        s_lit (&o, "]");
    }
    s_strings (&o, &first, "flags", a->flags, a->n_flags);
    s_member_str (&o, &first, "story", a->story);
    s_strings (&o, &first, "merged", a->merged, a->n_merged);
    s_strings (&o, &first, "split", a->split, a->n_split);
    s_member_str (&o, &first, "duplicate_of", a->duplicate_of);
    s_key (&o, &first, "error");
    if (a->error)
        s_str (&o, a->error);
    else
        s_lit (&o, "null");
    s_member_str (&o, &first, "error_stage", a->error_stage);
    if (a->has_seq)
        s_member_i64 (&o, &first, "seq", a->seq);
    if (a->origin) {
        bool in = true;
        s_key (&o, &first, "origin");
        s_lit (&o, "{");
        s_member_str (&o, &in, "fetch", a->origin->fetch);
        s_member_str (&o, &in, "ack", a->origin->ack);
        s_lit (&o, "}");
    }
    s_trace (&o, &first, a);
    if (a->has_eos) {
        s_key (&o, &first, "eos");
        if (a->eos)
            s_lit (&o, "true");
        else
            s_lit (&o, "false");
    }
    if (a->extra)
        s_extra (&o, &first, a->extra);
    *o_ = o;
}

char *
dp_article_to_json (const dp_article_t *a, size_t *len)
{
    s_out_t o = { NULL, 0, 0, false };
    s_article (&o, a);
    return s_close (&o, len);
}

int
dp_article_to_json_buf (const dp_article_t *a, char **buf, size_t *cap, size_t *len)
{
    s_out_t o = { *buf, 0, *buf ? *cap : 0, false };
    s_article (&o, a);
    s_lit (&o, "}");
    //  A failed realloc leaves the old buffer as it was: still the caller's.
    *buf = o.buf;
    *cap = o.cap;
    if (o.oom)
        return -1;
    o.buf [o.len] = '\0';
    *len = o.len;
    return 0;
}

char *
dp_article_json_splice (const char *json, const dp_json_flat_t *scan,
                        const dp_article_t *a, size_t *len)
{
    s_out_t o = { 0 };
    //  Room for the line and what is added, so that it grows once at most.
    o.cap = scan->close - scan->open + 256 + (a->source ? strlen (a->source) * 2 : 0);
    if (!(o.buf = malloc (o.cap)))
        return NULL;
    bool first = true;
    s_lit (&o, "{");
    s_member_str (&o, &first, "id", a->id);
    //  The line's members between its braces, blanks at either end dropped.
    const char *m = json + scan->open + 1, *m_end = json + scan->close;
    while (m < m_end && (*m == ' ' || *m == '\t' || *m == '\n' || *m == '\r'))
        m++;
    while (m_end > m && (m_end [-1] == ' ' || m_end [-1] == '\t' || m_end [-1] == '\n'
                     ||  m_end [-1] == '\r'))
        m_end--;
    if (m < m_end) {
        if (!first)
            s_lit (&o, ",");
        first = false;
        s_raw (&o, m, (size_t) (m_end - m));
    }
    s_member_str (&o, &first, "source", a->source);
    if (a->has_seq)
        s_member_i64 (&o, &first, "seq", a->seq);
    s_trace (&o, &first, a);
    return s_close (&o, len);
}
