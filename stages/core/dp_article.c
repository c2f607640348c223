//  depeche — article helpers, the protobuf wire form, and the checks every
//  decoded article goes through whatever its form (dp_article_check: spans
//  inside the text) and the one way to fit an article under a frame limit
//  (dp_article_shrink). Every article is a malloc'd protobuf-c tree, freed
//  by free_unpacked with the default allocator, whether it was unpacked,
//  parsed from JSON (dp_json.c) or built.
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"

#include <stddef.h>
#include <stdint.h>
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
        //  The spans first, by hand (the same frees as free_unpacked's walk
        //  of their descriptors, for ~80 sub-messages a text article).
        dp_article_clear_spans (*self_p);
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

//  The room dp_article_add_token leaves for n offsets: 16, then the
//  power of two at or over n.
static size_t
s_token_room (size_t n)
{
    size_t cap = n ? 16 : 0;
    while (cap < n)
        cap *= 2;
    return cap;
}

int
dp_article_add_tokens (dp_article_t *self, size_t n, uint32_t **at)
{
    size_t have = self->n_tokens, want = have + 2 * n;
    if (n && (have == 0 || s_token_room (want) > s_token_room (have))) {
        uint32_t *v = realloc (self->tokens, s_token_room (want) * sizeof *v);
        if (!v)
            return -1;
        self->tokens = v;
    }
    self->n_tokens = want;
    *at = self->tokens ? self->tokens + have : NULL;
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

//  What free_unpacked does to a sub-message with no unknown field: its
//  strings freed, then itself (their default is NULL). A field added to
//  the schema's Entity or Span must be added here (and in
//  dp_article_spans.c): the sizes below say so.
_Static_assert (sizeof (Dp__Entity) == offsetof (Dp__Entity, canon) + sizeof (char *),
                "Entity has a field past canon");
_Static_assert (sizeof (Dp__Span) == offsetof (Dp__Span, end) + sizeof (uint32_t),
                "Span has a field past end");
static void
s_free_span (Dp__Span *s)
{
    if (s && s->base.n_unknown_fields)
        dp__span__free_unpacked (s, NULL);
    else
        free (s);
}

static void
s_free_entity (Dp__Entity *e)
{
    if (e && e->base.n_unknown_fields) {
        dp__entity__free_unpacked (e, NULL);
        return;
    }
    if (e) {
        free (e->type);
        free (e->text);
        free (e->norm);
        free (e->canon);
        free (e);
    }
}

void
dp_article_clear_spans (dp_article_t *self)
{
    for (size_t i = 0; i < self->n_sentences; i++)
        s_free_span (self->sentences [i]);
    for (size_t i = 0; i < self->n_entities; i++)
        s_free_entity (self->entities [i]);
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

uint64_t
dp_mono_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
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

//  Reads a varint at *p (at most end). Returns 0, or -1 when cut short.
static int
s_varint (const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        uint8_t b = *(*p)++;
        *v |= (uint64_t) (b & 0x7F) << shift;
        if (!(b & 0x80))
            return 0;
    }
    return -1;
}

//  The singular string field numbered n of Article, or NULL.
static char **
s_string_field (dp_article_t *a, uint64_t n)
{
    switch (n) {
        case 1:  return &a->id;
        case 2:  return &a->url;
        case 3:  return &a->source;
        case 4:  return &a->title;
        case 5:  return &a->published;
        case 6:  return &a->lang;
        case 8:  return &a->html;
        case 9:  return &a->text;
        case 12: return &a->error;
        case 13: return &a->error_stage;
        case 18: return &a->extra;
        case 21: return &a->story;
        case 22: return &a->duplicate_of;
        default: return NULL;
    }
}

#define S_MAX_FIELD 24

//  protobuf-c copies a string's bytes and ends them with a NUL: a NUL among
//  the bytes cuts the string short in silence, and nothing checks UTF-8.
//  So the frame's top-level strings are looked at here, as the JSON decoder
//  looks at its strings: bytes that are not valid UTF-8 (NUL included) are
//  repaired (U+FFFD) and the article is flagged "utf8-repaired". For a
//  singular field the last occurrence is the one protobuf-c kept. Returns
//  0, or -1 when out of memory. known: a text field's bytes already found
//  valid (not looked at again), or NULL.
static int
s_repair_strings (dp_article_t *a, const uint8_t *p, size_t len, const uint8_t *known)
{
    const uint8_t *end = p + len;
    const uint8_t *last [S_MAX_FIELD] = { NULL };
    size_t last_len [S_MAX_FIELD] = { 0 };
    size_t n_tag = 0, n_flag = 0, n_merged = 0, n_split = 0;
    bool repaired = false;
    while (p < end) {
        uint64_t key, n;
        if (s_varint (&p, end, &key))
            break;
        unsigned wt = (unsigned) (key & 7);
        uint64_t field = key >> 3;
        if (wt == 0 && s_varint (&p, end, &n) == 0)
            continue;
        if ((wt == 1 || wt == 5) && (size_t) (end - p) >= (wt == 1 ? 8u : 4u)) {
            p += wt == 1 ? 8 : 4;
            continue;
        }
        if (wt != 2 || s_varint (&p, end, &n) || n > (uint64_t) (end - p))
            break;                      //  unpack accepted it: cannot happen
        char **slot = NULL;
        if (field == 7 && n_tag < a->n_tags)
            slot = &a->tags [n_tag++];
        else
        if (field == 20 && n_flag < a->n_flags)
            slot = &a->flags [n_flag++];
        else
        if (field == 23 && n_merged < a->n_merged)
            slot = &a->merged [n_merged++];
        else
        if (field == 24 && n_split < a->n_split)
            slot = &a->split [n_split++];
        else
        if (field < S_MAX_FIELD && s_string_field (a, field)) {
            last [field] = p;
            last_len [field] = (size_t) n;
        }
        if (slot && !dp_utf8_valid ((const char *) p, (size_t) n)) {
            char *fixed = dp_utf8_repair ((const char *) p, (size_t) n, NULL, NULL);
            if (!fixed)
                return -1;
            dp_article_take (slot, fixed);
            repaired = true;
        }
        p += n;
    }
    for (uint64_t f = 0; f < S_MAX_FIELD; f++) {
        if (!last [f] || (f == 9 && last [f] == known)
        ||  dp_utf8_valid ((const char *) last [f], last_len [f]))
            continue;
        char *fixed = dp_utf8_repair ((const char *) last [f], last_len [f], NULL, NULL);
        if (!fixed)
            return -1;
        dp_article_take (s_string_field (a, f), fixed);
        repaired = true;
    }
    return repaired ? dp_article_add_flag (a, "utf8-repaired") : 0;
}

//  The stage named in error_stage when a decoder dead-letters an article.
static const char *s_decoder_stage = "decode";

void
dp_article_decoder_stage (const char *name)
{
    s_decoder_stage = name ? name : "decode";
}

int
dp_article_check (const dp_article_t *a, char *err, size_t errlen)
{
    size_t text_len = a->text ? strlen (a->text) : 0;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const Dp__Span *s = a->sentences [i];
        if (s->start > s->end) {
            snprintf (err, errlen, "sentence %zu has start %u > end %u", i, s->start, s->end);
            return -1;
        }
        if (s->end > text_len) {
            snprintf (err, errlen, "sentence end %u is past the text (%zu bytes)",
                      s->end, text_len);
            return -1;
        }
    }
    if (a->n_tokens % 2) {
        snprintf (err, errlen, "tokens are not start,end pairs (%zu offsets)", a->n_tokens);
        return -1;
    }
    for (size_t i = 0; i < a->n_tokens; i += 2)
        if (a->tokens [i] > a->tokens [i + 1] || a->tokens [i + 1] > text_len) {
            snprintf (err, errlen, "token %zu [%u,%u) is not inside the text (%zu bytes)",
                      i / 2, a->tokens [i], a->tokens [i + 1], text_len);
            return -1;
        }
    for (size_t i = 0; i < a->n_entities; i++) {
        const Dp__Entity *e = a->entities [i];
        if (e->start > e->end) {
            snprintf (err, errlen, "entity %zu has start %u > end %u", i, e->start, e->end);
            return -1;
        }
        if (e->end > text_len) {
            snprintf (err, errlen, "entity end %u is past the text (%zu bytes)",
                      e->end, text_len);
            return -1;
        }
    }
    return 0;
}

int
dp_article_admit (dp_article_t *a)
{
    char err [160], reason [200];
    if (dp_article_check (a, err, sizeof err) == 0)
        return 0;
    //  The spans cannot be trusted, the rest can: the article goes on as a
    //  dead letter that keeps its id, text and metadata.
    dp_article_clear_spans (a);
    snprintf (reason, sizeof reason, "invalid spans: %s", err);
    if (dp_article_add_flag (a, "spans-dropped"))
        return -1;
    return dp_article_fail (a, s_decoder_stage, reason);
}

//  dp_article_unpack; known: see s_repair_strings.
static dp_article_t *
s_unpack (const void *data, size_t len, const uint8_t *known)
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
    if (bad || s_repair_strings (a, data, len, known) || dp_article_admit (a))
        dp_article_destroy (&a);
    return a;
}

dp_article_t *
dp_article_unpack (const void *data, size_t len)
{
    return s_unpack (data, len, NULL);
}

//  The length data[0..len) has once its tokens' field is cut out (moved
//  over), or len when it is left whole: no tokens, tokens dp_article_check
//  would refuse (odd count, a start past its end, an end past the text),
//  or anything unusual (two records of them, the unpacked form, a varint
//  over 5 bytes or 32 bits, a key or length over 5 bytes, a text that is not valid UTF-8 as it stands,
//  whose repair could change its length, bytes protobuf-c would refuse).
//  The text whose length bounds the tokens is the last field 9, the one
//  protobuf-c keeps; *known is set to its bytes when they were found valid
//  here (they stay where they are: the text comes before the tokens), else
//  NULL.
static size_t
s_cut_tokens (uint8_t *data, size_t len, const uint8_t **known)
{
    const uint8_t *p = data, *end = data + len;
    const uint8_t *rec = NULL, *vals = NULL, *vals_end = NULL, *text = NULL;
    size_t text_len = 0;
    *known = NULL;
    while (p < end) {
        const uint8_t *at = p;
        uint64_t key, n;
        //  protobuf-c refuses a key or a length over 5 bytes: so must this,
        //  or an overlong key of the tokens (or their length) would be cut
        //  out and leave a frame protobuf-c takes, where the whole one is
        //  refused.
        if (s_varint (&p, end, &key) || p - at > 5)
            return len;
        unsigned wt = (unsigned) (key & 7);
        uint64_t field = key >> 3;
        if ((field == 19 || field == 9) && (wt != 2 || (field == 19 && rec)))
            return len;
        if (wt == 0) {
            if (s_varint (&p, end, &n))
                return len;
            continue;
        }
        if (wt == 1 || wt == 5) {
            if ((size_t) (end - p) < (wt == 1 ? 8u : 4u))
                return len;
            p += wt == 1 ? 8 : 4;
            continue;
        }
        const uint8_t *at_len = p;
        if (wt != 2 || s_varint (&p, end, &n) || p - at_len > 5 || n > (uint64_t) (end - p))
            return len;
        if (field == 19) {
            rec = at;
            vals = p;
            vals_end = p + n;
        }
        else
        if (field == 9) {
            text = p;
            text_len = (size_t) n;
        }
        p += n;
    }
    if (!rec)
        return len;
    //  The offsets, by pairs; most take one or two bytes. A pair is at most
    //  10 bytes: the ones 10 bytes or more from the end are read without a
    //  bound (and a branch) per byte.
    uint64_t max_end = 0, v [2];
    const uint8_t *q = vals;
    while (q < vals_end) {
        bool far = vals_end - q >= 10;
        for (int k = 0; k < 2; k++) {
            if (far && q [0] < 0x80)
                v [k] = *q++;
            else
            if (far && q [1] < 0x80) {
                v [k] = (uint64_t) (q [0] & 0x7F) | (uint64_t) q [1] << 7;
                q += 2;
            }
            else {
                const uint8_t *from = q;
                if (s_varint (&q, vals_end, &v [k]) || q - from > 5 || v [k] > UINT32_MAX)
                    return len;         //  an odd count ends here too
            }
        }
        if (v [0] > v [1])
            return len;
        max_end = v [1] > max_end ? v [1] : max_end;
    }
    if (max_end > text_len)
        return len;
    if (text && text < rec) {
        if (!dp_utf8_valid ((const char *) text, text_len)) {
            if (max_end)
                return len;
        }
        else
            *known = text;
    }
    else
    if (max_end && !dp_utf8_valid ((const char *) text, text_len))
        return len;
    memmove ((uint8_t *) rec, vals_end, (size_t) (end - vals_end));
    return len - (size_t) (vals_end - rec);
}

dp_article_t *
dp_article_unpack_untokened (void *data, size_t len)
{
    const uint8_t *known;
    size_t cut = s_cut_tokens (data, len, &known);
    return s_unpack (data, cut, cut < len ? known : NULL);
}

//  Cuts *field to at most max bytes, at a UTF-8 character boundary.
static void
s_cut (char **field, size_t max)
{
    if (!*field || strlen (*field) <= max)
        return;
    size_t n = max;
    while (n && ((unsigned char) (*field) [n] & 0xC0) == 0x80)
        n--;
    (*field) [n] = '\0';
}

int
dp_article_shrink (dp_article_t *self, const char *stage, const char *reason)
{
    //  First what makes an article big: the payload and its annotations.
    dp_article_take (&self->html, NULL);
    dp_article_take (&self->text, NULL);
    dp_article_clear_spans (self);
    //  Then anything else a hostile producer may have made huge (metadata
    //  is never 64 KB); what says which article it was (id, url, source)
    //  is kept, cut if need be.
    if (dp__article__get_packed_size (self) > (64u << 10)) {
        char **drop [] = { &self->extra, &self->title, &self->published, &self->lang,
                           &self->story, &self->duplicate_of };
        for (size_t i = 0; i < sizeof drop / sizeof drop [0]; i++)
            dp_article_take (drop [i], NULL);
        for (size_t i = 0; i < self->n_tags; i++)
            free (self->tags [i]);
        for (size_t i = 0; i < self->n_trace; i++)
            dp__stamp__free_unpacked (self->trace [i], NULL);
        free (self->tags);
        free (self->trace);
        self->tags = NULL;
        self->trace = NULL;
        self->n_tags = self->n_trace = 0;
        s_cut (&self->id, 512);
        s_cut (&self->url, 2048);
        s_cut (&self->source, 2048);
        s_cut (&self->error, 1024);
        s_cut (&self->error_stage, 64);
        if (self->origin) {
            s_cut (&self->origin->fetch, 512);
            s_cut (&self->origin->ack, 1024);
        }
        for (size_t i = 0; i < self->n_flags && i < 16; i++)
            s_cut (&self->flags [i], 64);
        for (size_t i = 16; i < self->n_flags; i++)
            free (self->flags [i]);
        if (self->n_flags > 16)
            self->n_flags = 16;
    }
    if (dp_article_add_flag (self, "payload-dropped"))
        return -1;
    return dp_article_fail (self, stage, reason);
}

//  The article's size as a JSON line or as a frame.
static size_t
s_out_size (const dp_article_t *self, bool json)
{
    if (!json)
        return dp__article__get_packed_size (self);
    size_t len = 0;
    char *line = dp_article_to_json (self, &len);
    free (line);
    return line ? len : SIZE_MAX;
}

dp_fit_t
dp_article_fit (dp_article_t *self, const char *stage, size_t limit, bool json,
                size_t size, char *reason, size_t reason_len)
{
    if (self->n_tokens) {
        free (self->tokens);
        self->tokens = NULL;
        self->n_tokens = 0;
        dp_article_add_flag (self, "tokens-dropped");
        size_t now = s_out_size (self, json);
        if (now <= limit) {
            snprintf (reason, reason_len, "over the frame size limit after %s (%zu > %zu "
                      "bytes); its word tokens were dropped (%zu bytes now)", stage, size,
                      limit, now);
            return DP_FIT_TOKENS;
        }
        size = now;
    }
    if (self->n_sentences || self->n_entities) {
        snprintf (reason, reason_len, "article over the frame size limit after %s (%zu > "
                  "%zu bytes); its sentences and entities were dropped, its text kept",
                  stage, size, limit);
        dp_article_clear_spans (self);
        size_t now = s_out_size (self, json);
        if (now <= limit && dp_article_fail (self, stage, reason) == 0)
            return DP_FIT_SPANS;
        size = now;
    }
    snprintf (reason, reason_len, "article over the frame size limit after %s (%zu > %zu "
              "bytes); its text was dropped", stage, size, limit);
    dp_article_shrink (self, stage, reason);
    return DP_FIT_PAYLOAD;
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

