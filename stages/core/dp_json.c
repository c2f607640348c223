//  depeche — reading the article's JSON line form (DESIGN.md), with a fast
//  path for flat objects of string members and jansson for the rest.
//  Writing is dp_json_write.c. What a line holds beyond JSON (spans inside
//  the text) is checked by dp_article.c's dp_article_check, as for the wire
//  form; this file does not check it twice.
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Grows a pointer array by one slot; returns the new array or NULL.
static void *
s_append (void *array, size_t n, size_t item_size)
{
    return realloc (array, (n + 1) * item_size);
}

//  JSON. The member names and order are DESIGN.md's.

static const char *s_known [] = {
    "id", "url", "source", "title", "published", "lang", "tags", "html", "text",
    "story", "duplicate_of", "merged", "split",
    "sentences", "entities", "error", "error_stage", "seq", "origin", "trace",
    "eos", "tokens", "flags", NULL
};

bool
dp_article_json_member (const char *key)
{
    for (int i = 0; s_known [i]; i++)
        if (strcmp (key, s_known [i]) == 0)
            return true;
    return false;
}

//  A copy of a JSON string. jansson hands over \u0000 as a NUL byte, and a
//  C string would end there in silence: such a NUL becomes U+FFFD and
//  *repaired is set. NULL when out of memory.
static char *
s_string (json_t *v, bool *repaired)
{
    const char *s = json_string_value (v);
    size_t n = json_string_length (v);
    if (memchr (s, '\0', n)) {
        *repaired = true;
        return dp_utf8_repair (s, n, NULL, NULL);
    }
    return strndup (s, n);
}

//  Reads an optional string member into *field. null/absent: NULL.
static int
s_get_str (bool *repaired, json_t *obj, const char *key, char **field, char *err,
           size_t errlen)
{
    json_t *v = json_object_get (obj, key);
    if (!v || json_is_null (v))
        return 0;
    if (!json_is_string (v)) {
        snprintf (err, errlen, "member \"%s\" is not a string", key);
        return -1;
    }
    char *copy = s_string (v, repaired);
    if (!copy) {
        snprintf (err, errlen, "out of memory");
        return -1;
    }
    dp_article_take (field, copy);
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

//  Reads start/end of a span object (dp_article_check judges them).
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
    *start = (uint32_t) s;
    *end = (uint32_t) e;
    return 0;
}

//  An array of strings (merged, split) appended to *arr.
static int
s_get_strings (bool *repaired, json_t *obj, const char *key, const char *what,
               char ***arr, size_t *n, char *err, size_t errlen)
{
    json_t *v = json_object_get (obj, key), *item;
    size_t i;
    if (!v || json_is_null (v))
        return 0;
    if (!json_is_array (v)) {
        snprintf (err, errlen, "member \"%s\" is not an array", key);
        return -1;
    }
    json_array_foreach (v, i, item) {
        if (!json_is_string (item)) {
            snprintf (err, errlen, "%s is not a string", what);
            return -1;
        }
        char *copy = s_string (item, repaired);
        char **m = copy ? s_append (*arr, *n, sizeof *m) : NULL;
        if (!m) {
            free (copy);
            snprintf (err, errlen, "out of memory");
            return -1;
        }
        m [(*n)++] = copy;
        *arr = m;
    }
    return 0;
}

static int
s_from_json (dp_article_t *a, json_t *obj, char *err, size_t errlen)
{
    bool repaired = false;
    struct { const char *key; char **field; } strs [] = {
        { "id", &a->id }, { "url", &a->url }, { "source", &a->source },
        { "title", &a->title }, { "published", &a->published },
        { "story", &a->story }, { "duplicate_of", &a->duplicate_of },
        { "lang", &a->lang }, { "html", &a->html }, { "text", &a->text },
        { "error", &a->error }, { "error_stage", &a->error_stage },
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs [0]; i++)
        if (s_get_str (&repaired, obj, strs [i].key, strs [i].field, err, errlen))
            return -1;
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
            char *copy = s_string (item, &repaired);
            int rc = copy ? dp_article_add_tag (a, copy) : -1;
            free (copy);
            if (rc)
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
            char *copy = s_string (item, &repaired);
            int rc = copy ? dp_article_add_flag (a, copy) : -1;
            free (copy);
            if (rc)
                goto oom;
        }
    }
    if (s_get_strings (&repaired, obj, "merged", "a merged story", &a->merged, &a->n_merged,
                       err, errlen)
    ||  s_get_strings (&repaired, obj, "split", "a split entry", &a->split, &a->n_split,
                       err, errlen))
        return -1;
    if ((v = json_object_get (obj, "sentences")) && !json_is_null (v)) {
        if (!json_is_array (v)) {
            snprintf (err, errlen, "member \"sentences\" is not an array");
            return -1;
        }
        json_array_foreach (v, i, item) {
            uint32_t s, e;
            if (s_get_span (item, "sentence", &s, &e, err, errlen))
                return -1;
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
            ||  s_get_uint (json_array_get (item, 1), "token end", UINT32_MAX, &e, err, errlen)) {
                snprintf (err, errlen, "token %zu is not a [start,end] pair", i);
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
            if (s_get_str (&repaired, item, "type", &ent->type, err, errlen)
            ||  s_get_str (&repaired, item, "text", &ent->text, err, errlen)
            ||  s_get_str (&repaired, item, "norm", &ent->norm, err, errlen)
            ||  s_get_str (&repaired, item, "canon", &ent->canon, err, errlen))
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
        if (s_get_str (&repaired, v, "fetch", &a->origin->fetch, err, errlen)
        ||  s_get_str (&repaired, v, "ack", &a->origin->ack, err, errlen))
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
            if (s_get_str (&repaired, item, "stage", &st->stage, err, errlen)
            ||  s_get_str (&repaired, item, "host", &st->host, err, errlen))
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
        if (dp_article_json_member (key))
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
    if (repaired && dp_article_add_flag (a, "utf8-repaired"))
        goto oom;
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

//  The string starting after the opening quote at *pp: a malloc'd copy
//  (escapes decoded, UTF-8 checked; dp_json_str.c) and its length; *pp past
//  the closing quote. NULL when jansson should judge it (or out of memory).
static char *
s_flat_string (const char **pp, const char *end, size_t *out_len)
{
    size_t n;
    const char *s = dp_json_str_decode (pp, end, &n);
    char *out = s ? malloc (n + 1) : NULL;
    if (!out)
        return NULL;
    memcpy (out, s, n + 1);
    *out_len = n;
    return out;
}

//  The string starting after the opening quote at *pp, checked and not
//  copied: its escapes are ones s_flat_string decodes (no \u0000, no lone
//  surrogate) and its bytes are UTF-8. *pp past the closing quote; false
//  when s_flat_string would refuse it.
static bool
s_flat_check (const char **pp, const char *end, bool *escaped)
{
    const char *p = *pp, *q = p;
    for (;;) {
        q = dp_json_plain_end (q, end);
        if (q >= end)
            return false;
        if (*q == '"')
            break;
        if ((unsigned char) *q < 0x20 || end - q < 2)
            return false;
        *escaped = true;
        char e = q [1];
        q += 2;
        if (e != 'u') {
            if (!strchr ("\"\\/bfnrt", e) || e == '\0')
                return false;
            continue;
        }
        int cp = dp_json_hex4 (q, end);
        if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return false;
        q += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo = end - q >= 6 && q [0] == '\\' && q [1] == 'u' ? dp_json_hex4 (q + 2, end) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return false;
            q += 6;
        }
    }
    if (!dp_utf8_valid (p, (size_t) (q - p)))
        return false;
    *pp = q + 1;
    return true;
}

bool
dp_article_json_flat_scan (const char *json, size_t len, dp_json_flat_t *out)
{
    static const char *keys [] = { "id", "url", "source", "title", "published", "story",
                                   "duplicate_of", "lang", "html", "text", "error",
                                   "error_stage" };
    const size_t n_keys = sizeof keys / sizeof keys [0];
    const char *p = json, *end = json + len;
    memset (out, 0, sizeof *out);
    p = s_ws (p, end);
    if (p >= end || *p != '{')
        return false;
    out->open = (size_t) (p - json);
    p = s_ws (p + 1, end);
    unsigned seen = 0;
    if (p < end && *p == '}')
        goto closed;
    for (;;) {
        if (p >= end || *p++ != '"')
            return false;
        const char *key = p;
        bool escaped = false;
        if (!s_flat_check (&p, end, &escaped) || escaped)
            return false;
        size_t klen = (size_t) (p - 1 - key), k = 0;
        while (k < n_keys && !(strlen (keys [k]) == klen && memcmp (key, keys [k], klen) == 0))
            k++;
        if (k == n_keys || (seen & (1u << k)))
            return false;               //  another member, or a duplicate
        seen |= 1u << k;
        p = s_ws (p, end);
        if (p >= end || *p++ != ':')
            return false;
        p = s_ws (p, end);
        if (end - p >= 4 && memcmp (p, "null", 4) == 0)
            p += 4;
        else {
            if (p >= end || *p++ != '"')
                return false;
            const char *value = p;
            escaped = false;
            if (!s_flat_check (&p, end, &escaped))
                return false;
            if (k == 1) {
                out->url = value;
                out->url_len = (size_t) (p - 1 - value);
                out->url_escaped = escaped;
            }
            if (k == 8 || k == 9)
                out->has_body = true;
        }
        p = s_ws (p, end);
        if (p < end && *p == ',') {
            p = s_ws (p + 1, end);
            continue;
        }
        if (p < end && *p == '}')
            break;
        return false;
    }
closed:
    out->close = (size_t) (p - json);
    if (s_ws (p + 1, end) != end)
        return false;
    out->has_id = seen & (1u << 0);
    out->has_source = seen & (1u << 2);
    out->has_error = seen & (1u << 10);
    return true;
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
        const char *key = dp_json_str_decode (&p, end, &klen);
        if (!key)
            goto fallback;
        size_t k = 0;
        while (k < sizeof keys / sizeof keys [0] && strcmp (key, keys [k]) != 0)
            k++;
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

//  Moves the tokens read by hand into a (whose "tokens" was blanked).
static void
s_take_tokens (dp_article_t *a, dp_article_t *toks)
{
    a->tokens = toks->tokens;
    a->n_tokens = toks->n_tokens;
    toks->tokens = NULL;
    toks->n_tokens = 0;
}

//  A copy of json[0..len) whose lone surrogate escapes (\ud800 without its
//  low half, a low half alone) are \uFFFD, the same length; NULL when it
//  has none (or out of memory). JavaScript producers write them when they
//  cut a string inside an emoji, and jansson refuses the whole line.
static char *
s_fix_surrogates (const char *json, size_t len)
{
    char *out = NULL;
    for (size_t i = 0; i + 1 < len; i++) {
        if (json [i] != '\\')
            continue;
        int v = json [i + 1] == 'u' ? dp_json_hex4 (json + i + 2, json + len) : -1;
        if (v < 0xD800 || v > 0xDFFF) {
            i++;                        //  another escape, or \\ before a 'u'
            continue;
        }
        int w = v < 0xDC00 && i + 12 <= len && json [i + 6] == '\\' && json [i + 7] == 'u'
              ? dp_json_hex4 (json + i + 8, json + len) : -1;
        if (w >= 0xDC00 && w <= 0xDFFF) {
            i += 11;                    //  a pair: one character
            continue;
        }
        if (!out) {
            if (!(out = malloc (len + 1)))
                return NULL;
            memcpy (out, json, len);
            out [len] = '\0';
        }
        memcpy (out + i, "\\uFFFD", 6);
        i += 5;
    }
    return out;
}

//  True when id ends with what dp_article_repaired_id adds ("~" and 16 hex
//  digits): the line is a record this pipeline wrote (the flag travels
//  with the article), read again in a replay of the sink's output or by
//  the next stage of a chain of filters. Hashed again, its id would
//  change at every read and a replay would write it twice.
static bool
s_has_line_hash (const char *id)
{
    size_t n = strlen (id);
    if (n < 17 || id [n - 17] != '~')
        return false;
    for (size_t i = n - 16; i < n; i++)
        if (!((id [i] >= '0' && id [i] <= '9') || (id [i] >= 'a' && id [i] <= 'f')))
            return false;
    return true;
}

//  An id that held bytes that are not UTF-8, a \u0000 or a lone surrogate
//  escape reads as U+FFFD once the line is repaired: ids that differed
//  only there became one, and the sink dropped all but the first as
//  copies. Such an id (and one to be made of a URL so repaired) gets a
//  hash of the raw line added: the same line keeps the same id on every
//  read, two lines keep two ids (a producer that sends such an article
//  again with other bytes gets a second copy, not a loss). 0, or -1 when
//  out of memory.
int
dp_article_repaired_id (dp_article_t *a, const char *raw, size_t len)
{
    bool repaired = false;
    for (size_t i = 0; i < a->n_flags && !repaired; i++)
        repaired = strcmp (a->flags [i], "utf8-repaired") == 0;
    const char *fffd = "\xEF\xBF\xBD";
    bool in_id = a->id && strstr (a->id, fffd);
    if (!repaired || !(in_id || (!a->id && a->url && strstr (a->url, fffd)))
    ||  (in_id && s_has_line_hash (a->id)))
        return 0;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) raw [i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    char *id = NULL;
    if (asprintf (&id, "%s~%016llx", in_id ? a->id : "u", (unsigned long long) h) < 0)
        return -1;
    dp_article_take (&a->id, id);
    return 0;
}

dp_article_t *
dp_article_from_json_jansson (const char *json, size_t len, char *err, size_t errlen)
{
    if (len >= 3 && memcmp (json, "\xEF\xBB\xBF", 3) == 0) {
        json += 3;                      //  a byte-order mark says nothing in UTF-8
        len -= 3;
    }
    //  A long line's tokens are read by hand (dp_json_tok.c): as a tree
    //  they cost about 220 bytes each.
    dp_article_t *toks = len > (64u << 10) ? dp_article_new () : NULL;
    char *blanked = toks ? dp_json_take_tokens (json, len, toks) : NULL;
    if (blanked)
        json = blanked;
    json_error_t jerr;
    int flags = JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;
    json_t *obj = json_loadb (json, len, flags, &jerr);
    bool repaired = false;
    if (!obj && !dp_utf8_valid (json, len)) {
        //  Bytes that are not UTF-8 are repaired as in a text file, and the
        //  article says so, rather than losing the whole line.
        size_t fixed_len;
        char *fixed = dp_utf8_repair (json, len, &fixed_len, NULL);
        if (!fixed) {
            snprintf (err, errlen, "out of memory");
            free (blanked);
            dp_article_destroy (&toks);
            return NULL;
        }
        obj = json_loadb (fixed, fixed_len, flags, &jerr);
        free (fixed);
        repaired = obj != NULL;
    }
    char *unpaired = obj ? NULL : s_fix_surrogates (json, len);
    if (unpaired) {
        //  Lone surrogates become U+FFFD, as bytes that are not UTF-8 do
        //  (with those repaired too), and the article says so.
        size_t fixed_len = len;
        char *fixed = dp_utf8_valid (unpaired, len) ? NULL
                    : dp_utf8_repair (unpaired, len, &fixed_len, NULL);
        obj = json_loadb (fixed ? fixed : unpaired, fixed ? fixed_len : len, flags, &jerr);
        free (fixed);
        free (unpaired);
        repaired = obj != NULL;
    }
    free (blanked);
    if (!obj) {
        snprintf (err, errlen, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        dp_article_destroy (&toks);
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
    else {
        if (blanked)
            s_take_tokens (a, toks);
        if ((repaired && dp_article_add_flag (a, "utf8-repaired")) || dp_article_admit (a)) {
            dp_article_destroy (&a);
            snprintf (err, errlen, "out of memory");
        }
    }
    json_decref (obj);
    dp_article_destroy (&toks);
    return a;
}

