//  depeche clean — puts back, while libxml2 builds the tree, what dpc_lean
//  set aside: the values of the attributes clean reads, JSON-LD bodies and
//  the text between tags, which dpc_lean replaced in its copy by short
//  references (DPC_ASIDE_MARK, the offset in the cleaner's aside buffer in
//  hex; closed by a second mark in text, which libxml2 may join to the
//  text before or after it). libxml2 decodes those bytes one character at
//  a time (~110 instructions a byte); a reference is a few characters.
//  The parser's SAX callbacks that build the tree (start of an element,
//  text, CDATA) are wrapped: each gets the bytes the reference stands for,
//  so the tree is the one the page as it was gives, and no code that reads
//  it knows. Also says what libxml2 copies as it is, which alone may go
//  aside. Knows nothing of what clean decides.
#include "clean/clean_impl.h"

#include <libxml/SAX2.h>

#include <stdlib.h>
#include <string.h>
#if defined (__SSE2__)
#include <emmintrin.h>
#endif

#define S_ATTS_MAX 64                   //  attributes handed over without a malloc

//  The cleaner whose page is being parsed (one parse at a time per
//  thread): its aside buffer, and its buffer for text with references
//  resolved (aside_text).
static _Thread_local dp_cleaner_t *s_cl;

//  --------------------------------------------------------------------------
//  True when every byte of s[0..n) is printable ASCII, a tab or a newline,
//  but '&': what libxml2 copies into an attribute's value as it is.

static bool
s_plain_byte (unsigned char b)
{
    return b < 0x20 ? b == '\t' || b == '\n' : b != '&' && b < 0x7f;
}

bool
dpc_aside_plain_value (const unsigned char *s, size_t n)
{
    size_t k = 0;
#if defined (__SSE2__)
    //  sixteen at a time (signed compares: bytes >= 0x80 are below 0x20)
    const __m128i space = _mm_set1_epi8 (0x1f), del = _mm_set1_epi8 (0x7f);
    const __m128i amp = _mm_set1_epi8 ('&'), tab = _mm_set1_epi8 ('\t');
    const __m128i nl = _mm_set1_epi8 ('\n');
    for (; k + 16 <= n; k += 16) {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + k));
        __m128i ok = _mm_andnot_si128 (_mm_cmpeq_epi8 (x, amp),
                                       _mm_and_si128 (_mm_cmpgt_epi8 (x, space),
                                                      _mm_cmplt_epi8 (x, del)));
        ok = _mm_or_si128 (ok, _mm_or_si128 (_mm_cmpeq_epi8 (x, tab), _mm_cmpeq_epi8 (x, nl)));
        if (_mm_movemask_epi8 (ok) != 0xffff)
            return false;
    }
#endif
    for (; k < n; k++)
        if (!s_plain_byte (s [k]))
            return false;
    return true;
}

//  True when libxml2 keeps every character of the raw body s[0..n) as it
//  is (htmlParseScript drops the bytes below 0x20 but tabs and newlines,
//  and U+FFFE and U+FFFF; carriage returns are left out to be safe).

bool
dpc_aside_plain_raw (const unsigned char *s, size_t n)
{
    bool high = false;
    size_t k = 0;
#if defined (__SSE2__)
    const __m128i space = _mm_set1_epi8 (0x1f), tab = _mm_set1_epi8 ('\t');
    const __m128i nl = _mm_set1_epi8 ('\n'), zero = _mm_setzero_si128 ();
    for (; k + 16 <= n; k += 16) {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + k));
        __m128i hi = _mm_cmplt_epi8 (x, zero);
        __m128i ok = _mm_or_si128 (_mm_or_si128 (_mm_cmpgt_epi8 (x, space), hi),
                                   _mm_or_si128 (_mm_cmpeq_epi8 (x, tab), _mm_cmpeq_epi8 (x, nl)));
        if (_mm_movemask_epi8 (ok) != 0xffff)
            return false;
        high = high || _mm_movemask_epi8 (hi) != 0;
    }
#endif
    for (; k < n; k++) {
        if (s [k] < 0x20 && s [k] != '\t' && s [k] != '\n')
            return false;
        high = high || s [k] >= 0x80;
    }
    for (const unsigned char *p = s; high && (p = memchr (p, 0xef, n - (size_t) (p - s))); p++)
        if (p + 2 < s + n && p [1] == 0xbf && (p [2] == 0xbe || p [2] == 0xbf))
            return false;
    return true;
}

//  --------------------------------------------------------------------------
//  The offset that the reference at v (after its mark) holds, its end in
//  *end (after the second mark when closed). SIZE_MAX when v holds none:
//  then the bytes are taken as they are.

static size_t
s_ref (const char *v, const char *stop, bool closed, const char **end)
{
    size_t off = 0;
    const char *p = v;
    for (; p < stop && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')); p++)
        off = off << 4 | (size_t) (*p <= '9' ? *p - '0' : *p - 'a' + 10);
    if (p == v || p - v > 2 * (int) sizeof (size_t) || off >= s_cl->aside_len)
        return SIZE_MAX;
    if (closed) {
        if (p == stop || (unsigned char) *p != DPC_ASIDE_MARK)
            return SIZE_MAX;
        p++;
    }
    *end = p;
    return off;
}

//  --------------------------------------------------------------------------
//  Appends len bytes to the cleaner's aside_text at *n; false when out of
//  memory.

static bool
s_put (size_t *n, const char *s, size_t len)
{
    dp_cleaner_t *c = s_cl;
    if (*n + len + 1 > c->aside_text_cap) {
        size_t cap = c->aside_text_cap ? c->aside_text_cap : 4096;
        while (cap < *n + len + 1)
            cap *= 2;
        char *p = realloc (c->aside_text, cap);
        if (!p)
            return false;
        c->aside_text = p;
        c->aside_text_cap = cap;
    }
    memcpy (c->aside_text + *n, s, len);
    *n += len;
    c->aside_text [*n] = '\0';
    return true;
}

//  ch[0..len) with its references resolved, in aside_text (NUL-terminated, as
//  libxml2's own buffers are: xmlSAX2Text looks at the byte after); *out_len
//  its length. closed: text references. NULL when out of memory.

static const char *
s_resolve (const char *ch, size_t len, bool closed, size_t *out_len)
{
    const char *stop = ch + len;
    size_t n = 0;
    const char *m;
    while ((m = memchr (ch, DPC_ASIDE_MARK, (size_t) (stop - ch)))) {
        const char *end = NULL;
        size_t off = s_ref (m + 1, stop, closed, &end);
        if (!s_put (&n, ch, (size_t) (m - ch)))
            return NULL;
        if (off == SIZE_MAX) {          //  not one of dpc_lean's: as it is
            if (!s_put (&n, m, 1))
                return NULL;
            ch = m + 1;
        }
        else {
            if (!s_put (&n, s_cl->aside_buf + off, strlen (s_cl->aside_buf + off)))
                return NULL;
            ch = end;
        }
    }
    if (!s_put (&n, ch, (size_t) (stop - ch)))
        return NULL;
    *out_len = n;
    return s_cl->aside_text;
}

//  --------------------------------------------------------------------------
//  The wrapped callbacks.

static void
s_characters (void *ctx, const xmlChar *ch, int len)
{
    size_t n = 0;
    const char *t = memchr (ch, DPC_ASIDE_MARK, (size_t) len)
                  ? s_resolve ((const char *) ch, (size_t) len, true, &n) : NULL;
    if (t)
        xmlSAX2Characters (ctx, BAD_CAST t, (int) n);
    else
        xmlSAX2Characters (ctx, ch, len);
}

static void
s_cdata (void *ctx, const xmlChar *ch, int len)
{
    size_t n = 0;
    const char *t = len > 0 && ch [0] == DPC_ASIDE_MARK
                  ? s_resolve ((const char *) ch, (size_t) len, false, &n) : NULL;
    if (t)
        xmlSAX2CDataBlock (ctx, BAD_CAST t, (int) n);
    else
        xmlSAX2CDataBlock (ctx, ch, len);
}

//  An attribute value that is a reference alone: the value it stands for.
static const xmlChar *
s_value (const xmlChar *v)
{
    if (!v || v [0] != DPC_ASIDE_MARK)
        return v;
    const char *end = NULL;
    const char *stop = (const char *) v + strlen ((const char *) v);
    size_t off = s_ref ((const char *) v + 1, stop, false, &end);
    return off != SIZE_MAX && end == stop ? BAD_CAST (s_cl->aside_buf + off) : v;
}

static void
s_start (void *ctx, const xmlChar *name, const xmlChar **atts)
{
    size_t n = 0;
    bool refs = false;
    for (; atts && atts [n]; n += 2)
        refs = refs || (atts [n + 1] && atts [n + 1][0] == DPC_ASIDE_MARK);
    if (!refs) {
        xmlSAX2StartElement (ctx, name, atts);
        return;
    }
    const xmlChar *local [2 * S_ATTS_MAX + 1];
    const xmlChar **copy = n < 2 * S_ATTS_MAX ? local : malloc ((n + 1) * sizeof *copy);
    if (!copy) {
        xmlSAX2StartElement (ctx, name, atts);
        return;
    }
    for (size_t i = 0; i < n; i += 2) {
        copy [i] = atts [i];
        copy [i + 1] = s_value (atts [i + 1]);
    }
    copy [n] = NULL;
    xmlSAX2StartElement (ctx, name, copy);
    if (copy != local)
        free (copy);
}

//  --------------------------------------------------------------------------
//  Makes the parser ctxt put back what dpc_lean set aside for the page
//  (the cleaner's aside buffer) where its references stand; the cleaner
//  stays in use until the parse ends. Nothing set aside: the callbacks
//  stay libxml2's.

void
dpc_aside_parse (xmlParserCtxtPtr ctxt, dp_cleaner_t *cleaner)
{
    s_cl = cleaner;
    if (!cleaner || !cleaner->aside_len || !ctxt->sax)
        return;
    ctxt->sax->startElement = s_start;
    ctxt->sax->characters = s_characters;
    ctxt->sax->cdataBlock = s_cdata;
}
