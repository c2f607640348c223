//  depeche — article helpers, protobuf wire form and JSON line form.
//  Every article is a malloc'd protobuf-c tree, freed by free_unpacked with
//  the default allocator, whether it was unpacked, parsed from JSON or built.
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

dp_article_t *
dp_article_new (void)
{
    dp_article_t *self = malloc (sizeof *self);
    if (self)
        dp__article__init (self);
    return self;
}

void
dp_article_destroy (dp_article_t **self_p)
{
    if (self_p && *self_p) {
        dp__article__free_unpacked (*self_p, NULL);
        *self_p = NULL;
    }
}

int
dp_article_set (char **field, const char *s, size_t len)
{
    char *copy = NULL;
    if (s) {
        copy = malloc (len + 1);
        if (!copy)
            return -1;
        memcpy (copy, s, len);
        copy [len] = '\0';
    }
    free (*field);
    *field = copy;
    return 0;
}

int
dp_article_set_str (char **field, const char *s)
{
    return dp_article_set (field, s, s ? strlen (s) : 0);
}

void
dp_article_take (char **field, char *s)
{
    free (*field);
    *field = s;
}

int
dp_article_fail (dp_article_t *self, const char *stage, const char *reason)
{
    if (self->error)
        return 0;                       //  the first cause is the one to keep
    if (dp_article_set_str (&self->error, reason))
        return -1;
    return dp_article_set_str (&self->error_stage, stage);
}

//  Grows a pointer array by one slot; returns the new array or NULL.
static void *
s_append (void *array, size_t n, size_t item_size)
{
    return realloc (array, (n + 1) * item_size);
}

int
dp_article_add_tag (dp_article_t *self, const char *tag)
{
    char *copy = strdup (tag);
    char **tags = copy ? s_append (self->tags, self->n_tags, sizeof *tags) : NULL;
    if (!tags) {
        free (copy);
        return -1;
    }
    tags [self->n_tags++] = copy;
    self->tags = tags;
    return 0;
}

int
dp_article_add_flag (dp_article_t *self, const char *flag)
{
    for (size_t i = 0; i < self->n_flags; i++)
        if (strcmp (self->flags [i], flag) == 0)
            return 0;                   //  a flag is said once
    char *copy = strdup (flag);
    char **flags = copy ? s_append (self->flags, self->n_flags, sizeof *flags) : NULL;
    if (!flags) {
        free (copy);
        return -1;
    }
    flags [self->n_flags++] = copy;
    self->flags = flags;
    return 0;
}

static int
s_add_span (Dp__Span ***spans, size_t *n, uint32_t start, uint32_t end)
{
    Dp__Span *span = malloc (sizeof *span);
    Dp__Span **v = span ? s_append (*spans, *n, sizeof *v) : NULL;
    if (!v) {
        free (span);
        return -1;
    }
    dp__span__init (span);
    span->start = start;
    span->end = end;
    v [(*n)++] = span;
    *spans = v;
    return 0;
}

int
dp_article_add_sentence (dp_article_t *self, uint32_t start, uint32_t end)
{
    return s_add_span (&self->sentences, &self->n_sentences, start, end);
}

int
dp_article_add_token (dp_article_t *self, uint32_t start, uint32_t end)
{
    //  Amortised growth: n_tokens is even, capacity doubles at powers of two.
    size_t n = self->n_tokens;
    if ((n & (n - 1)) == 0 || n < 2) {
        size_t cap = n < 16 ? 16 : n * 2;
        uint32_t *v = realloc (self->tokens, cap * sizeof *v);
        if (!v)
            return -1;
        self->tokens = v;
    }
    self->tokens [n] = start;
    self->tokens [n + 1] = end;
    self->n_tokens = n + 2;
    return 0;
}

int
dp_article_add_entity (dp_article_t *self, uint32_t start, uint32_t end,
                       const char *type, const char *norm)
{
    Dp__Entity *ent = calloc (1, sizeof *ent);
    if (!ent)
        return -1;
    dp__entity__init (ent);
    ent->start = start;
    ent->end = end;
    Dp__Entity **v = NULL;
    if (dp_article_set_str (&ent->type, type)
    ||  dp_article_set_str (&ent->norm, norm)
    ||  (self->text && end <= strlen (self->text) && start <= end
         && dp_article_set (&ent->text, self->text + start, end - start))
    ||  !(v = s_append (self->entities, self->n_entities, sizeof *v))) {
        dp__entity__free_unpacked (ent, NULL);
        return -1;
    }
    v [self->n_entities++] = ent;
    self->entities = v;
    return 0;
}

void
dp_article_clear_spans (dp_article_t *self)
{
    for (size_t i = 0; i < self->n_sentences; i++)
        dp__span__free_unpacked (self->sentences [i], NULL);
    for (size_t i = 0; i < self->n_entities; i++)
        dp__entity__free_unpacked (self->entities [i], NULL);
    free (self->sentences);
    free (self->entities);
    free (self->tokens);
    self->sentences = NULL;
    self->entities = NULL;
    self->tokens = NULL;
    self->n_sentences = self->n_entities = self->n_tokens = 0;
}

uint64_t
dp_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

Dp__Stamp *
dp_article_stamp (dp_article_t *self, const char *stage, uint64_t t_in)
{
    static char host [256];
    if (!host [0] && gethostname (host, sizeof host - 1))
        strcpy (host, "unknown");
    Dp__Stamp *st = malloc (sizeof *st);
    Dp__Stamp **v = st ? s_append (self->trace, self->n_trace, sizeof *v) : NULL;
    if (!v) {
        free (st);
        return NULL;
    }
    self->trace = v;
    dp__stamp__init (st);
    st->stage = strdup (stage);
    st->host = strdup (host);
    st->has_pid = 1;
    st->pid = (uint32_t) getpid ();
    st->has_t_in = 1;
    st->t_in = t_in;
    st->has_t_out = 1;
    st->t_out = t_in;
    v [self->n_trace++] = st;
    return st;
}

size_t
dp_article_payload (const dp_article_t *self)
{
    return (self->html ? strlen (self->html) : 0)
         + (self->text ? strlen (self->text) : 0);
}

//  --------------------------------------------------------------------------

//  True when a message carries an unknown field numbered 0. protobuf-c 1.4
//  accepts one (an overlong key), keeps it, and packs it in a form that the
//  next stage's unpack refuses: a frame that would pass one stage and die at
//  the next. Field 0 is invalid protobuf, so we refuse it here, once.
static bool
s_has_field0 (const ProtobufCMessage *m)
{
    for (unsigned i = 0; m && i < m->n_unknown_fields; i++)
        if (m->unknown_fields [i].tag == 0)
            return true;
    return false;
}

dp_article_t *
dp_article_unpack (const void *data, size_t len)
{
    dp_article_t *a = dp__article__unpack (NULL, len, data);
    if (!a)
        return NULL;
    bool bad = s_has_field0 (&a->base)
            || (a->origin && s_has_field0 (&a->origin->base));
    for (size_t i = 0; !bad && i < a->n_trace; i++)
        bad = s_has_field0 (&a->trace [i]->base);
    for (size_t i = 0; !bad && i < a->n_sentences; i++)
        bad = s_has_field0 (&a->sentences [i]->base);
    for (size_t i = 0; !bad && i < a->n_entities; i++)
        bad = s_has_field0 (&a->entities [i]->base);
    if (bad)
        dp_article_destroy (&a);
    return a;
}

void *
dp_article_pack (const dp_article_t *self, size_t *len)
{
    size_t n = dp__article__get_packed_size (self);
    uint8_t *buf = malloc (n ? n : 1);
    if (buf)
        *len = dp__article__pack (self, buf);
    return buf;
}

//  --------------------------------------------------------------------------
//  JSON. The member names and order are DESIGN.md's.

static const char *s_known [] = {
    "id", "url", "source", "title", "published", "lang", "tags", "html", "text",
    "story", "duplicate_of", "merged",
    "sentences", "entities", "error", "error_stage", "seq", "origin", "trace",
    "eos", "tokens", "flags", NULL
};

static bool
s_is_known (const char *key)
{
    for (int i = 0; s_known [i]; i++)
        if (strcmp (key, s_known [i]) == 0)
            return true;
    return false;
}

//  Reads an optional string member into *field. null/absent: NULL.
static int
s_get_str (json_t *obj, const char *key, char **field, char *err, size_t errlen)
{
    json_t *v = json_object_get (obj, key);
    if (!v || json_is_null (v))
        return 0;
    if (!json_is_string (v)) {
        snprintf (err, errlen, "member \"%s\" is not a string", key);
        return -1;
    }
    if (dp_article_set (field, json_string_value (v), json_string_length (v))) {
        snprintf (err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int
s_get_uint (json_t *v, const char *key, uint64_t max, uint64_t *out,
            char *err, size_t errlen)
{
    if (!json_is_integer (v) || json_integer_value (v) < 0
    ||  (uint64_t) json_integer_value (v) > max) {
        snprintf (err, errlen, "member \"%s\" is not an integer in 0..%llu",
                  key, (unsigned long long) max);
        return -1;
    }
    *out = (uint64_t) json_integer_value (v);
    return 0;
}

//  Reads start/end of a span object; checks start <= end.
static int
s_get_span (json_t *v, const char *what, uint32_t *start, uint32_t *end,
            char *err, size_t errlen)
{
    uint64_t s, e;
    if (!json_is_object (v)) {
        snprintf (err, errlen, "%s item is not an object", what);
        return -1;
    }
    if (s_get_uint (json_object_get (v, "start"), "start", UINT32_MAX, &s, err, errlen)
    ||  s_get_uint (json_object_get (v, "end"), "end", UINT32_MAX, &e, err, errlen))
        return -1;
    if (s > e) {
        snprintf (err, errlen, "%s span has start %llu > end %llu", what,
                  (unsigned long long) s, (unsigned long long) e);
        return -1;
    }
    *start = (uint32_t) s;
    *end = (uint32_t) e;
    return 0;
}

static int
s_from_json (dp_article_t *a, json_t *obj, char *err, size_t errlen)
{
    struct { const char *key; char **field; } strs [] = {
        { "id", &a->id }, { "url", &a->url }, { "source", &a->source },
        { "title", &a->title }, { "published", &a->published },
        { "story", &a->story }, { "duplicate_of", &a->duplicate_of },
        { "lang", &a->lang }, { "html", &a->html }, { "text", &a->text },
        { "error", &a->error }, { "error_stage", &a->error_stage },
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs [0]; i++)
        if (s_get_str (obj, strs [i].key, strs [i].field, err, errlen))
            return -1;
    size_t text_len = a->text ? strlen (a->text) : 0;
    json_t *v, *item;
    size_t i;

    if ((v = json_object_get (obj, "tags")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"tags\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            if (!json_is_string (item)) {
                snprintf (err, errlen, "a tag is not a string");
                return -1;
            }
            if (dp_article_add_tag (a, json_string_value (item)))
                goto oom;
        }
    }
    if ((v = json_object_get (obj, "flags")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"flags\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            if (!json_is_string (item)) {
                snprintf (err, errlen, "a flag is not a string");
                return -1;
            }
            if (dp_article_add_flag (a, json_string_value (item)))
                goto oom;
        }
    }
    if ((v = json_object_get (obj, "merged")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"merged\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            if (!json_is_string (item)) {
                snprintf (err, errlen, "a merged story is not a string");
                return -1;
            }
            char *copy = strdup (json_string_value (item));
            char **m = copy ? s_append (a->merged, a->n_merged, sizeof *m) : NULL;
            if (!m) {
                free (copy);
                goto oom;
            }
            m [a->n_merged++] = copy;
            a->merged = m;
        }
    }
    if ((v = json_object_get (obj, "sentences")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"sentences\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            uint32_t s, e;
            if (s_get_span (item, "sentence", &s, &e, err, errlen))
                return -1;
            if (e > text_len) {
                snprintf (err, errlen, "sentence end %u is past the text (%zu bytes)",
                          e, text_len);
                return -1;
            }
            if (dp_article_add_sentence (a, s, e))
                goto oom;
        }
    }
    if ((v = json_object_get (obj, "tokens")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"tokens\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            uint64_t s, e;
            if (!json_is_array (item) || json_array_size (item) != 2
            ||  s_get_uint (json_array_get (item, 0), "token start", UINT32_MAX, &s, err, errlen)
            ||  s_get_uint (json_array_get (item, 1), "token end", UINT32_MAX, &e, err, errlen)
            ||  s > e || e > text_len) {
                snprintf (err, errlen, "token %zu is not a [start,end] pair inside the text", i);
                return -1;
            }
            if (dp_article_add_token (a, (uint32_t) s, (uint32_t) e))
                goto oom;
        }
    }
    if ((v = json_object_get (obj, "entities")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"entities\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            uint32_t s, e;
            if (s_get_span (item, "entity", &s, &e, err, errlen))
                return -1;
            if (e > text_len) {
                snprintf (err, errlen, "entity end %u is past the text (%zu bytes)",
                          e, text_len);
                return -1;
            }
            Dp__Entity *ent = calloc (1, sizeof *ent);
            Dp__Entity **nv = ent ? s_append (a->entities, a->n_entities, sizeof *nv) : NULL;
            if (!nv) {
                free (ent);
                goto oom;
            }
            a->entities = nv;
            dp__entity__init (ent);
            ent->start = s;
            ent->end = e;
            nv [a->n_entities++] = ent;
            if (s_get_str (item, "type", &ent->type, err, errlen)
            ||  s_get_str (item, "text", &ent->text, err, errlen)
            ||  s_get_str (item, "norm", &ent->norm, err, errlen)
            ||  s_get_str (item, "canon", &ent->canon, err, errlen))
                return -1;
        }
    }
    if ((v = json_object_get (obj, "seq")) && !json_is_null (v)) {
        if (s_get_uint (v, "seq", INT64_MAX, &a->seq, err, errlen))
            return -1;
        a->has_seq = 1;
    }
    if ((v = json_object_get (obj, "eos")) && !json_is_null (v)) {
        if (!json_is_boolean (v)) {
            snprintf (err, errlen, "member \"eos\" is not a boolean");
            return -1;
        }
        a->has_eos = 1;
        a->eos = json_is_true (v);
    }
    if ((v = json_object_get (obj, "origin")) && !json_is_null (v)) {
        if (!json_is_object (v)) {
            snprintf (err, errlen, "member \"origin\" is not an object");
            return -1;
        }
        a->origin = malloc (sizeof *a->origin);
        if (!a->origin)
            goto oom;
        dp__origin__init (a->origin);
        if (s_get_str (v, "fetch", &a->origin->fetch, err, errlen)
        ||  s_get_str (v, "ack", &a->origin->ack, err, errlen))
            return -1;
    }
    if ((v = json_object_get (obj, "trace")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"trace\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            if (!json_is_object (item)) {
                snprintf (err, errlen, "trace item is not an object");
                return -1;
            }
            Dp__Stamp *st = malloc (sizeof *st);
            Dp__Stamp **nv = st ? s_append (a->trace, a->n_trace, sizeof *nv) : NULL;
            if (!nv) {
                free (st);
                goto oom;
            }
            a->trace = nv;
            dp__stamp__init (st);
            nv [a->n_trace++] = st;
            json_t *m;
            uint64_t u;
            if (s_get_str (item, "stage", &st->stage, err, errlen)
            ||  s_get_str (item, "host", &st->host, err, errlen))
                return -1;
            if ((m = json_object_get (item, "pid"))) {
                if (s_get_uint (m, "pid", UINT32_MAX, &u, err, errlen))
                    return -1;
                st->has_pid = 1;
                st->pid = (uint32_t) u;
            }
            if ((m = json_object_get (item, "in"))) {
                if (s_get_uint (m, "in", INT64_MAX, &st->t_in, err, errlen))
                    return -1;
                st->has_t_in = 1;
            }
            if ((m = json_object_get (item, "out"))) {
                if (s_get_uint (m, "out", INT64_MAX, &st->t_out, err, errlen))
                    return -1;
                st->has_t_out = 1;
            }
        }
    }
    //  Whatever else the producer sent rides along untouched.
    json_t *extra = NULL;
    const char *key;
    json_object_foreach (obj, key, v) {
        if (s_is_known (key))
            continue;
        if (!extra && !(extra = json_object ()))
            goto oom;
        json_object_set (extra, key, v);
    }
    if (extra) {
        a->extra = json_dumps (extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref (extra);
        if (!a->extra)
            goto oom;
    }
    return 0;
oom:
    snprintf (err, errlen, "out of memory");
    return -1;
}

//  --------------------------------------------------------------------------
//  The fast path: most lines fetch reads (crawlers, archives) are a flat
//  object of DESIGN.md's string members. Those are parsed here, in one
//  pass and without a tree (jansson took 3/4 of fetch's time on a
//  .jsonl.gz). Anything else - another member, a number, an array, a
//  duplicate, an escape jansson would refuse, bytes that are not UTF-8 -
//  returns NULL and goes to jansson, which also words the errors.

static const char *
s_ws (const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int
s_hex4 (const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p [i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else
        if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else
        if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

//  The string starting after the opening quote at *pp: a malloc'd copy
//  (escapes decoded, UTF-8 checked) and its length; *pp past the closing
//  quote. NULL when jansson should judge it (or out of memory).
static char *
s_flat_string (const char **pp, const char *end, size_t *out_len)
{
    const char *p = *pp;
    const char *q = p;
    bool escapes = false;
    while (q < end && *q != '"') {
        //  Eight bytes at a time while none is '"', '\\' or below 0x20.
        while (end - q >= 8) {
            uint64_t w;
            memcpy (&w, q, 8);
            uint64_t quote = w ^ 0x2222222222222222ull, slash = w ^ 0x5c5c5c5c5c5c5c5cull;
            uint64_t hit = ((quote - 0x0101010101010101ull) & ~quote)
                         | ((slash - 0x0101010101010101ull) & ~slash)
                         | ((w - 0x2020202020202020ull) & ~w);
            if (hit & 0x8080808080808080ull)
                break;
            q += 8;
        }
        if (q >= end || *q == '"')
            break;
        unsigned char c = (unsigned char) *q;
        if (c < 0x20)
            return NULL;
        if (c == '\\') {
            escapes = true;
            q++;
        }
        q++;
    }
    if (q >= end)
        return NULL;
    size_t n = (size_t) (q - p);
    char *out = malloc (n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    if (!escapes) {
        memcpy (out, p, n);
        o = n;
    }
    else
    for (const char *r = p; r < q; ) {
        if (*r != '\\') {
            out [o++] = *r++;
            continue;
        }
        char e = r [1];
        r += 2;
        static const char from [] = "\"\\/bfnrt", to [] = "\"\\/\b\f\n\r\t";
        const char *plain = e ? strchr (from, e) : NULL;
        if (plain) {
            out [o++] = to [plain - from];
            continue;
        }
        int cp = e == 'u' ? s_hex4 (r, q) : -1;
        if (cp >= 0)
            r += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && q - r >= 6 && r [0] == '\\' && r [1] == 'u') {
            int lo = s_hex4 (r + 2, q);
            cp = lo >= 0xDC00 && lo <= 0xDFFF ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) : -1;
            r += 6;
        }
        if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            free (out);                 //  \u0000, a lone surrogate, junk
            return NULL;
        }
        if (cp < 0x80)
            out [o++] = (char) cp;
        else
        if (cp < 0x800) {
            out [o++] = (char) (0xC0 | (cp >> 6));
            out [o++] = (char) (0x80 | (cp & 0x3F));
        }
        else
        if (cp < 0x10000) {
            out [o++] = (char) (0xE0 | (cp >> 12));
            out [o++] = (char) (0x80 | ((cp >> 6) & 0x3F));
            out [o++] = (char) (0x80 | (cp & 0x3F));
        }
        else {
            out [o++] = (char) (0xF0 | (cp >> 18));
            out [o++] = (char) (0x80 | ((cp >> 12) & 0x3F));
            out [o++] = (char) (0x80 | ((cp >> 6) & 0x3F));
            out [o++] = (char) (0x80 | (cp & 0x3F));
        }
    }
    out [o] = '\0';
    if (!dp_utf8_valid (out, o)) {
        free (out);
        return NULL;
    }
    *pp = q + 1;
    *out_len = o;
    return out;
}

static dp_article_t *
s_from_json_flat (const char *json, size_t len)
{
    const char *p = json, *end = json + len;
    p = s_ws (p, end);
    if (p >= end || *p++ != '{')
        return NULL;
    dp_article_t *a = dp_article_new ();
    if (!a)
        return NULL;
    char **fields [] = { &a->id, &a->url, &a->source, &a->title, &a->published, &a->story,
                         &a->duplicate_of, &a->lang, &a->html, &a->text, &a->error,
                         &a->error_stage };
    static const char *keys [] = { "id", "url", "source", "title", "published", "story",
                                   "duplicate_of", "lang", "html", "text", "error",
                                   "error_stage" };
    unsigned seen = 0;
    p = s_ws (p, end);
    if (p < end && *p == '}')
        p++;
    else
    for (;;) {
        if (p >= end || *p++ != '"')
            goto fallback;
        size_t klen;
        char *key = s_flat_string (&p, end, &klen);
        if (!key)
            goto fallback;
        size_t k = 0;
        while (k < sizeof keys / sizeof keys [0] && strcmp (key, keys [k]) != 0)
            k++;
        free (key);
        if (k == sizeof keys / sizeof keys [0] || (seen & (1u << k)))
            goto fallback;              //  another member, or a duplicate
        seen |= 1u << k;
        p = s_ws (p, end);
        if (p >= end || *p++ != ':')
            goto fallback;
        p = s_ws (p, end);
        if (end - p >= 4 && memcmp (p, "null", 4) == 0)
            p += 4;
        else {
            if (p >= end || *p++ != '"')
                goto fallback;
            size_t vlen;
            char *value = s_flat_string (&p, end, &vlen);
            if (!value)
                goto fallback;
            dp_article_take (fields [k], value);
        }
        p = s_ws (p, end);
        if (p < end && *p == ',') {
            p = s_ws (p + 1, end);
            continue;
        }
        if (p < end && *p == '}') {
            p++;
            break;
        }
        goto fallback;
    }
    if (s_ws (p, end) != end)
        goto fallback;
    return a;
fallback:
    dp_article_destroy (&a);
    return NULL;
}

dp_article_t *
dp_article_from_json (const char *json, size_t len, char *err, size_t errlen)
{
    dp_article_t *a = s_from_json_flat (json, len);
    return a ? a : dp_article_from_json_jansson (json, len, err, errlen);
}

dp_article_t *
dp_article_from_json_jansson (const char *json, size_t len, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *obj = json_loadb (json, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj) {
        snprintf (err, errlen, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        return NULL;
    }
    dp_article_t *a = NULL;
    if (!json_is_object (obj))
        snprintf (err, errlen, "JSON value is not an object");
    else
    if ((a = dp_article_new ()) && s_from_json (a, obj, err, errlen))
        dp_article_destroy (&a);
    else
    if (!a)
        snprintf (err, errlen, "out of memory");
    json_decref (obj);
    return a;
}

//  --------------------------------------------------------------------------

//  The JSON line is written directly, in DESIGN.md's member order: no tree
//  of json_t nodes, no second pass (the sink writes every article, and the
//  tree cost as much as the linking). The bytes are those jansson's
//  json_dumps (JSON_COMPACT) gives, which the tests compare against.
typedef struct {
    char *buf;
    size_t len, cap;
    bool oom;
} s_out_t;

static void
s_raw (s_out_t *o, const char *s, size_t n)
{
    if (o->oom)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t ncap = o->cap ? o->cap : 256;
        while (o->len + n + 1 > ncap)
            ncap *= 2;
        char *nb = realloc (o->buf, ncap);
        if (!nb) {
            o->oom = true;
            return;
        }
        o->buf = nb;
        o->cap = ncap;
    }
    memcpy (o->buf + o->len, s, n);
    o->len += n;
}

//  A string literal (never a pointer: sizeof must see the array).
#define s_lit(o, lit) s_raw ((o), ("" lit), sizeof (lit) - 1)

//  A JSON string: quotes, backslash and control characters escaped as
//  jansson escapes them; invalid UTF-8 repaired first (U+FFFD).
static void
s_str (s_out_t *o, const char *s)
{
    size_t n = strlen (s);
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
    size_t run = 0;                     //  bytes copied as they are
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s [i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        s_raw (o, s + run, i - run);
        run = i + 1;
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
    s_raw (o, s + run, n - run);
    s_lit (o, "\"");
    free (fixed);
}

//  ,"key": (no comma before the first member of an object).
static void
s_key (s_out_t *o, bool *first, const char *key)
{
    if (!*first)
        s_lit (o, ",");
    *first = false;
    s_str (o, key);
    s_lit (o, ":");
}

static void
s_num (s_out_t *o, uint64_t v)
{
    char num [24];
    int n = snprintf (num, sizeof num, "%llu", (unsigned long long) v);
    s_raw (o, num, (size_t) n);
}

static void
s_member_str (s_out_t *o, bool *first, const char *key, const char *value)
{
    if (!value)
        return;
    s_key (o, first, key);
    s_str (o, value);
}

static void
s_member_num (s_out_t *o, bool *first, const char *key, uint64_t value)
{
    s_key (o, first, key);
    s_num (o, value);
}

//  A 64-bit wire value as jansson writes it: signed (a seq beyond INT64_MAX
//  can only be garbage off the wire; the line must stay JSON).
static void
s_member_i64 (s_out_t *o, bool *first, const char *key, uint64_t value)
{
    char num [24];
    int n = snprintf (num, sizeof num, "%lld", (long long) (int64_t) value);
    s_key (o, first, key);
    s_raw (o, num, (size_t) n);
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
            if (s_is_known (key))
                continue;
            char *value = json_dumps (v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
            if (!value) {
                o->oom = true;
                break;
            }
            s_key (o, first, key);
            s_raw (o, value, strlen (value));
            free (value);
        }
    json_decref (obj);
}

char *
dp_article_to_json (const dp_article_t *a, size_t *len)
{
    s_out_t o = { NULL, 0, 0, false };
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
    if (a->n_trace) {
        s_key (&o, &first, "trace");
        s_lit (&o, "[");
        for (size_t i = 0; i < a->n_trace; i++) {
            const Dp__Stamp *st = a->trace [i];
            bool in = true;
            if (i)
                s_lit (&o, ",");
            s_lit (&o, "{");
            s_member_str (&o, &in, "stage", st->stage);
            s_member_str (&o, &in, "host", st->host);
            if (st->has_pid)
                s_member_num (&o, &in, "pid", st->pid);
            if (st->has_t_in)
                s_member_i64 (&o, &in, "in", st->t_in);
            if (st->has_t_out)
                s_member_i64 (&o, &in, "out", st->t_out);
            s_lit (&o, "}");
        }
        s_lit (&o, "]");
    }
    if (a->has_eos) {
        s_key (&o, &first, "eos");
        if (a->eos)
            s_lit (&o, "true");
        else
            s_lit (&o, "false");
    }
    if (a->extra)
        s_extra (&o, &first, a->extra);
    s_lit (&o, "}");
    if (o.oom) {
        free (o.buf);
        return NULL;
    }
    o.buf [o.len] = '\0';
    if (len)
        *len = o.len;
    return o.buf;
}
