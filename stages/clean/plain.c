//  depeche clean — the plain-text path: scraped page text, one line one
//  paragraph; lifts tag and date lines, then the same classifier as HTML.
//  No markup here.
#include "clean/clean_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Handles one line of scraped text: lifts tags and dates, else adds it as
//  a block. Returns -1 when out of memory.

static int
s_text_line (dpc_work_t *w, const char *line, size_t len, size_t line_no)
{
    dp_cleaner_t *self = w->cleaner;
    //  Normalise first so the lifting patterns see clean spacing.
    dpc_block_t *b = dpc_block_add (w, line, len);
    if (!b)
        return w->oom || w->text.oom ? -1 : 0;
    const char *s = w->text.p + b->off;
    size_t start, glen;
    if (b->len <= DPC_RULE_MAX_BYTES && dpc_match (self, self->re_tags, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        if (dpc_tags_split (w->out, s + start, glen))
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        w->out->n_removed++;
        return 0;
    }
    if (line_no < 5 && dpc_match (self, self->re_date_prefix, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        if (dpc_set_published (w->out, s + start, glen))
            return -1;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer (self->md);
        size_t rest = ov [1];
        //  The sentence on the same line is article text: keep it alone.
        char *copy = dpc_strndup (s + rest, b->len - rest);
        if (!copy)
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        dpc_block_add (w, copy, strlen (copy));
        free (copy);
        return 0;
    }
    if (b->len <= 80 && dpc_match (self, self->re_date_line, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        char date [11];
        if (dpc_parse_date (s + start, glen, date)) {
            if (dpc_set_published (w->out, date, strlen (date)))
                return -1;
            w->n_blocks--;
            w->text.len = b->off;
            w->out->n_removed++;
        }
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  The JSON string value after at, decoded (escapes, \uXXXX and surrogate
//  pairs): an article's body that a page only gives in its JSON-LD.

//  The bytes of the string value after at, as written (escapes and all),
//  between its quotes; *from gets its first byte.

static size_t
s_json_span (const char *at, const char **from)
{
    while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r' || *at == ':')
        at++;
    *from = at;
    if (*at != '"')
        return 0;
    const char *end = ++at;
    while (*end && *end != '"')
        end += end [0] == '\\' && end [1] ? 2 : 1;
    *from = at;
    return (size_t) (end - at);
}

size_t
dpc_json_len (const char *at)
{
    const char *from;
    return s_json_span (at, &from);
}

//  The escapes of the string's bytes [s, end) decoded into d, leniently
//  (a page's JSON-LD is often not valid JSON): raw control bytes kept,
//  \n and \r a line, \t a space, NUL and lone surrogates dropped, an
//  unknown escape its character. Returns the byte after the last written.

static char *
s_unescape (char *d, const char *s, const char *end)
{
    for (; s < end; s++) {
        if (*s != '\\') {
            *d++ = *s;
            continue;
        }
        if (++s >= end)
            break;
        switch (*s) {
            case 'n': case 'r': *d++ = '\n'; break;
            case 't': *d++ = ' '; break;
            case 'b': case 'f': break;
            case 'u': {
                int c = dp_json_hex4 (s + 1, end), lo = -1;
                if (c < 0)
                    break;
                s += 4;
                if (c >= 0xD800 && c < 0xDC00 && end - s > 6 && s [1] == '\\' && s [2] == 'u')
                    lo = dp_json_hex4 (s + 3, end);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                }
                if (c > 0 && (c < 0xD800 || c > 0xDFFF))
                    d = dp_utf8_put (d, (uint32_t) c);
                break;
            }
            default: *d++ = *s; break;
        }
    }
    return d;
}

//  Markup some sites leave in the string (raw or as \u003c escapes) taken
//  out of [s, end) in place: a block tag ends a line, any other tag is a
//  space. Returns the new end.

static char *
s_unmark (char *s, char *end)
{
    static const char *blocks [] = {
        "p", "br", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3",
        "h4", "h5", "h6", NULL
    };
    char *d = s;
    for (; s < end; s++) {
        if (*s == '<' && s + 1 < end && (isalpha ((unsigned char) s [1]) || s [1] == '/')) {
            const char *gt = memchr (s, '>', (size_t) (end - s));
            if (gt) {
                const char *n = s [1] == '/' ? s + 2 : s + 1, *e = n;
                while (e < gt && isalnum ((unsigned char) *e))
                    e++;
                *d++ = dpc_in_list (blocks, n, (size_t) (e - n)) ? '\n' : ' ';
                s = (char *) gt;
                continue;
            }
        }
        *d++ = *s;
    }
    return d;
}

int
dpc_json_text (dpc_work_t *w, const char *at)
{
    size_t span = s_json_span (at, &at);
    if (span == 0)
        return 0;
    //  Escapes only shrink the string.
    char *buf = malloc (span + 1);
    if (!buf)
        return -1;
    char *d = s_unmark (buf, s_unescape (buf, at, at + span));
    size_t fixed_len = 0, repaired = 0;
    char *fixed = dp_utf8_repair (buf, (size_t) (d - buf), &fixed_len, &repaired);
    free (buf);
    if (!fixed)
        return -1;
    int rc = 0;
    for (const char *p = fixed, *stop = fixed + fixed_len; p < stop && rc == 0; ) {
        const char *eol = memchr (p, '\n', (size_t) (stop - p));
        if (!eol)
            eol = stop;
        rc = s_text_line (w, p, (size_t) (eol - p), w->n_blocks);
        p = eol + 1;
    }
    free (fixed);
    return rc;
}

//  --------------------------------------------------------------------------
//  Cleans scraped text: one line is one paragraph.

dp_rc_t
dp_clean_text (dp_cleaner_t *self, const char *text, size_t len,
               dp_clean_result_t *out)
{
    if (!self || !out)
        return DP_FATAL;
    if (!text)
        len = 0;
    if (len > DPC_MAX_INPUT)
        return dpc_dead (out, "article too large");
    if (dpc_is_binary (text, len))
        return dpc_dead (out, "binary content");
    size_t fixed_len = 0, repaired = 0;
    char *fixed = dp_utf8_repair (text ? text : "", len, &fixed_len, &repaired);
    if (!fixed)
        return DP_FATAL;
    out->n_repaired += repaired;

    dpc_work_t w = { .cleaner = self, .out = out };
    const char *p = fixed, *end = fixed + fixed_len;
    int rc = 0;
    while (p < end && rc == 0) {
        const char *eol = memchr (p, '\n', (size_t) (end - p));
        if (!eol)
            eol = end;
        //  Blank lines add no block; the date prefix is looked for in the
        //  first paragraphs only.
        rc = s_text_line (&w, p, (size_t) (eol - p), w.n_blocks);
        p = eol + 1;
    }
    free (fixed);
    dp_rc_t result = DP_FATAL;
    if (rc == 0 && !w.oom && !w.text.oom && dpc_classify (&w, true) == 0)
        result = dpc_emit (&w);
    dpc_work_free (&w);
    return result;
}

