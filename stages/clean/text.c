//  depeche clean — text in and out: the block buffer, normalisation of a
//  paragraph (NFC, blanks, controls) with its counts, binary sniffing, and
//  the joined output (with French typography when the text is French).
//  Decides nothing about boilerplate.
#include "clean/clean_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "depeche/dp_lang.h"

//  --------------------------------------------------------------------------
//  Appends len bytes to the buffer, keeping it NUL-terminated.

void
dpc_buf_add (dpc_buf_t *b, const char *s, size_t len)
{
    if (b->oom)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 1024;
        while (ncap < b->len + len + 1)
            ncap *= 2;
        char *np = realloc (b->p, ncap);
        if (!np) {
            b->oom = true;
            return;
        }
        //  The bytes past the text are set: PCRE2's JIT reads a subject
        //  in whole aligned blocks, past its end (memcheck's "depends on
        //  uninitialised value" otherwise).
        memset (np + b->len, 0, ncap - b->len);
        b->p = np;
        b->cap = ncap;
    }
    memcpy (b->p + b->len, s, len);
    b->len += len;
    b->p [b->len] = '\0';
}

//  --------------------------------------------------------------------------
//  Returns a NUL-terminated copy of s[0..len), or NULL when out of memory.

char *
dpc_strndup (const char *s, size_t len)
{
    char *d = malloc (len + 1);
    if (d) {
        memcpy (d, s, len);
        d [len] = '\0';
    }
    return d;
}

//  --------------------------------------------------------------------------
//  High bit of each byte of x set where that byte is k, clear elsewhere
//  (exact: no carry crosses a byte).

static uint64_t
s_bytes_eq (uint64_t x, unsigned char k)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t y = x ^ (0x0101010101010101ull * k);
    return ~(((y & lo7) + lo7) | y) & ~lo7;
}

//  --------------------------------------------------------------------------
//  Binary sniffing: true when more than 10% of the bytes are control bytes
//  other than tab, newline, carriage return and form feed. Every byte of a
//  page goes through here: sixteen bytes at a time (GCC/Clang vectors,
//  SSE2 on x86-64; a byte lane counts up to 255 before it is summed), then
//  eight, then one.

typedef unsigned char s_v16_t __attribute__ ((vector_size (16)));

static size_t
s_ctl_16 (const char *s, size_t len, size_t *done)
{
    size_t ctl = 0, i = 0;
    while (i + 16 <= len) {
        s_v16_t acc = { 0 };
        for (int r = 0; r < 255 && i + 16 <= len; r++, i += 16) {
            s_v16_t x;
            memcpy (&x, s + i, 16);
            s_v16_t hit = (s_v16_t) ((x < 0x20) & (x != '\t') & (x != '\n') & (x != '\f')
                                     & (x != '\r'))
                        | (s_v16_t) (x == 0x7F);
            acc -= hit;                 //  a hit lane is 0xFF: one more
        }
        for (int b = 0; b < 16; b++)
            ctl += acc [b];
    }
    *done = i;
    return ctl;
}

bool
dpc_is_binary (const char *s, size_t len)
{
    if (len == 0)
        return false;
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    size_t i = 0;
    size_t ctl = s_ctl_16 (s, len, &i);
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy (&x, s + i, 8);
        //  Bytes below 0x20: b & 0x7F plus 0x60 stays below 0x80, b < 0x80.
        uint64_t low = ~(((x & lo7) + 0x6060606060606060ull) | x) & ~lo7;
        if (low)
            low &= ~(s_bytes_eq (x, '\t') | s_bytes_eq (x, '\n') | s_bytes_eq (x, '\f')
                     | s_bytes_eq (x, '\r'));
        uint64_t hits = (low | s_bytes_eq (x, 0x7F)) >> 7;
        ctl += (size_t) ((hits * 0x0101010101010101ull) >> 56);    //  one per byte
    }
    //  Bit c set: byte c is a control byte (tab, LF, FF, CR are not).
    const uint32_t ctl_mask = ~((1u << '\t') | (1u << '\n') | (1u << '\f') | (1u << '\r'));
    for (; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        ctl += c < 0x20 ? (ctl_mask >> c) & 1u : c == 0x7F;
    }
    return ctl * 10 > len;
}

//  --------------------------------------------------------------------------
//  True for code points shown as a blank: ASCII blanks, NBSP, narrow NBSP,
//  the U+2000 spaces, line/paragraph separators, ideographic space.

static bool
s_is_space (utf8proc_int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
        || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

//  --------------------------------------------------------------------------
//  The C1 control c (U+0080 to U+009F) as the character Windows-1252 puts at
//  that byte, 0 for the five bytes it leaves undefined. Pages written on
//  Windows spell their dashes, quotes and bullets as numeric references to
//  those bytes ("&#151;", "&#146;", "&#149;"): HTML reads them so (the
//  numeric character reference table of the HTML standard), libxml2 keeps
//  the control. Dropped, the dash glued "megawatts&#151;about" into one
//  word and "don&#146;t" into "dont".

static utf8proc_int32_t
s_c1_char (utf8proc_int32_t c)
{
    static const unsigned short cp1252 [32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
    };
    return cp1252 [c - 0x80];
}

//  --------------------------------------------------------------------------
//  True for code points that are dropped: C0 controls, the C1 controls that
//  Windows-1252 leaves undefined (the others are read as its characters,
//  s_c1_char), zero-width space, word joiner, BOM, soft hyphen.

static bool
s_is_dropped (utf8proc_int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B || c == 0x2060
        || c == 0xFEFF || c == 0xAD;
}

//  --------------------------------------------------------------------------
//  True when NFC cannot change s[0..len): every code point is a starter
//  with no canonical singleton and nothing combines with it (Latin up to
//  U+02FF, Cyrillic, general punctuation, currency signs, CJK ideographs).
//  Saves utf8proc_map's allocation and decomposition on most paragraphs.

static bool
s_nfc_inert (const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0;
    while (i < len) {
        uint64_t w;                     //  eight ASCII bytes at a time
        if (i + 8 <= len && (memcpy (&w, p + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            continue;
        }
        if (p [i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = 2;         //  two bytes (accents) decoded here
        if (p [i] >= 0xC2 && p [i] <= 0xDF && i + 1 < len && (p [i + 1] & 0xC0) == 0x80)
            c = (p [i] & 0x1F) << 6 | (p [i + 1] & 0x3F);
        else
            k = utf8proc_iterate (p + i, (utf8proc_ssize_t) (len - i), &c);
        if (k <= 0)
            return false;
        i += (size_t) k;
        if (!(c < 0x300 || (c >= 0x400 && c <= 0x482) || (c >= 0x48A && c <= 0x4FF)
           || (c >= 0x2002 && c <= 0x206F)
           || (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x4E00 && c <= 0x9FFF)))
            return false;
    }
    return true;
}

//  --------------------------------------------------------------------------
//  End of the run of printable ASCII bytes (0x21 to 0x7E) that starts at i.

static size_t
s_printable_end (const unsigned char *p, size_t i, size_t n)
{
#if defined __GNUC__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    //  Eight bytes at a time. A byte b is printable when b & 0x7F plus 0x5F
    //  reaches 0x80 (at least 0x21), plus 1 does not (not 0x7F), and b is
    //  below 0x80; the lowest bad byte is the first one.
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy (&x, p + i, 8);
        uint64_t y = x & lo7;
        uint64_t bad = ~((y + 0x5F5F5F5F5F5F5F5Full) & ~(y + 0x0101010101010101ull) & ~x)
                     & ~lo7;
        if (bad)
            return i + (size_t) __builtin_ctzll (bad) / 8;
    }
#endif
    while (i < n && p [i] > 0x20 && p [i] < 0x7F)
        i++;
    return i;
}

//  --------------------------------------------------------------------------
//  A plain character at p[i]: printable ASCII (0x21 to 0x7E), or two bytes
//  of UTF-8 from U+00A1 to U+07FF but the soft hyphen: what dpc_norm_append
//  keeps as it is, neither a blank nor dropped.

static bool
s_plain_at (const unsigned char *p, size_t i, size_t n)
{
    unsigned char c = p [i];
    if (c < 0x80)
        return c > 0x20 && c < 0x7F;
    return c >= 0xC2 && c <= 0xDF && i + 1 < n && (p [i + 1] & 0xC0) == 0x80
        && !(c == 0xC2 && (p [i + 1] <= 0xA0 || p [i + 1] == 0xAD));
}

//  End of the run of plain characters that starts at i, single ordinary
//  spaces between them allowed (a space ends the run when no plain
//  character follows it); *spaces gets those spaces, *pairs the two-byte
//  characters.

static size_t
s_plain_end (const unsigned char *p, size_t i, size_t n, size_t *spaces, size_t *pairs)
{
    for (;;) {
        i = s_printable_end (p, i, n);
        if (i < n && p [i] >= 0x80 && s_plain_at (p, i, n)) {
            ++*pairs;
            i += 2;
        }
        else
        if (i + 1 < n && p [i] == ' ' && s_plain_at (p, i + 1, n)) {
            ++*spaces;
            i++;
        }
        else
            return i;
    }
}

//  --------------------------------------------------------------------------
//  Appends s[0..len) to dst normalised: NFC, blanks (NBSP included) turned
//  into one ordinary space, controls and zero-width characters dropped,
//  trimmed. Invalid bytes (there should be none by now) become U+FFFD.
//  Fills the block's counts. Guillemets are left as written: their spacing
//  is French typography, which dpc_emit applies to French text only.

void
dpc_norm_append (dpc_buf_t *dst, const char *s, size_t len, dpc_block_t *blk)
{
    utf8proc_uint8_t *nfc = NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) s;
    utf8proc_ssize_t n = (utf8proc_ssize_t) len;
    if (!s_nfc_inert (s, len)) {
        utf8proc_ssize_t m = utf8proc_map (p, n, &nfc, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (m >= 0) {
            p = nfc;
            n = m;
        }
    }
    size_t start = dst->len;
    bool pending = false;               //  a blank was seen since the last char
    size_t nchars = 0, nwords = 0, ideographs = 0;
    utf8proc_int32_t last = 0;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        if (s_plain_at (p, (size_t) i, (size_t) n)) {
            //  A run of plain characters with one ordinary space between
            //  words (most text) goes in at once: the loop below would
            //  only copy it, count, and put each space back as it was.
            size_t spaces = 0, pairs = 0;
            utf8proc_ssize_t j = (utf8proc_ssize_t)
                s_plain_end (p, (size_t) i, (size_t) n, &spaces, &pairs);
            bool written = dst->len > start;
            if (written && pending) {
                dpc_buf_add (dst, " ", 1);
                nchars++;
            }
            if (!written || pending)
                nwords++;
            pending = false;
            dpc_buf_add (dst, (const char *) p + i, (size_t) (j - i));
            nchars += (size_t) (j - i) - pairs;
            nwords += spaces;
            last = p [j - 1] < 0x80 ? p [j - 1]
                 : (utf8proc_int32_t) ((p [j - 2] & 0x1F) << 6 | (p [j - 1] & 0x3F));
            i = j;
            continue;
        }
        utf8proc_int32_t c = p [i];
        utf8proc_ssize_t k = c < 0x80 ? 1 : utf8proc_iterate (p + i, n - i, &c);
        if (k <= 0) {
            c = 0xFFFD;
            k = 1;
        }
        i += k;
        if (c >= 0x80 && c <= 0x9F)
            c = s_c1_char (c);          //  0, dropped below, when undefined
        if (s_is_space (c)) {
            pending = true;
            continue;
        }
        if (s_is_dropped (c))
            continue;
        bool written = dst->len > start;
        if (written && pending) {
            dpc_buf_add (dst, " ", 1);
            nchars++;
        }
        if (!written || pending)
            nwords++;
        pending = false;
        utf8proc_uint8_t enc [4];
        utf8proc_ssize_t el = utf8proc_encode_char (c, enc);
        dpc_buf_add (dst, (const char *) enc, (size_t) el);
        nchars++;
        if (c >= 0x3040 && c <= 0x9FFF)
            ideographs++;               //  kana and Han: no blanks between words
        last = c;
    }
    free (nfc);
    blk->len = dst->len - start;
    blk->nchars = nchars;
    blk->nwords = nwords + ideographs / 2;
    blk->terminal = false;
    if (blk->len) {
        const char *e = dst->p + dst->len;
        bool trunc = (blk->len >= 3 && memcmp (e - 3, "...", 3) == 0) || last == 0x2026;
        blk->cls = trunc ? DPC_TRUNC : DPC_SHORT;
        blk->terminal = !trunc && (last == '.' || last == '!' || last == '?'
                        || last == ';' || last == ':' || last == 0xBB
                        || last == 0x201D || last == '"' || last == 0x3002
                        || last == 0xFF01 || last == 0xFF1F);
    }
}

//  --------------------------------------------------------------------------
//  Appends a block made from s[0..len). Empty blocks are not kept.

dpc_block_t *
dpc_block_add (dpc_work_t *w, const char *s, size_t len)
{
    if (w->n_blocks == w->cap_blocks) {
        size_t ncap = w->cap_blocks ? w->cap_blocks * 2 : 64;
        dpc_block_t *nb = realloc (w->blocks, ncap * sizeof *nb);
        if (!nb) {
            w->oom = true;
            return NULL;
        }
        w->blocks = nb;
        w->cap_blocks = ncap;
    }
    dpc_block_t *blk = &w->blocks [w->n_blocks];
    memset (blk, 0, sizeof *blk);
    blk->dup_of = SIZE_MAX;
    blk->off = w->text.len;
    dpc_norm_append (&w->text, s, len, blk);
    if (blk->len == 0)
        return NULL;
    w->n_blocks++;
    return blk;
}

//  --------------------------------------------------------------------------
//  True when the text is French: what its words say (g, dp_lang_guess's
//  answer), else
//  what the page declares (lang: "fr", "en", ... or NULL), and French when
//  neither says (scraped text without a language is French news, as
//  before). A page that declares "en" and is written in French is French.

bool
dpc_text_french (const char *g, const char *lang)
{
    if (g)
        return strcmp (g, "fr") == 0;
    return !lang || !*lang || ((lang [0] | 0x20) == 'f' && (lang [1] | 0x20) == 'r'
                               && (!lang [2] || lang [2] == '-' || lang [2] == '_'));
}

//  --------------------------------------------------------------------------
//  True when s[0..len) holds a « or a » (U+00AB, U+00BB).

static bool
s_has_guillemet (const char *s, size_t len)
{
    for (const char *p = s, *end = s + len; (p = memchr (p, 0xC2, (size_t) (end - p))); p++)
        if (p + 1 < end && ((unsigned char) p [1] == 0xAB || (unsigned char) p [1] == 0xBB))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  French typography in place of s's bytes: exactly one space inside
//  « guillemets » ("«il»" -> "« il »"); a guillemet at a paragraph's edge
//  gets none on that side. The text is normalised already (one blank at
//  most between characters). Returns -1 when out of memory.

static int
s_french_spacing (dpc_buf_t *b)
{
    if (!s_has_guillemet (b->p, b->len))
        return 0;
    //  The bytes between guillemets go over in runs, not one at a time.
    dpc_buf_t o = { 0 };
    size_t from = 0;
    for (const char *q = b->p, *end = b->p + b->len;
         (q = memchr (q, 0xC2, (size_t) (end - q))); q++) {
        size_t i = (size_t) (q - b->p);
        unsigned char d = i + 1 < b->len ? (unsigned char) b->p [i + 1] : 0;
        if (d != 0xAB && d != 0xBB)
            continue;
        dpc_buf_add (&o, b->p + from, i - from);
        if (d == 0xBB && o.len && o.p [o.len - 1] != ' ' && o.p [o.len - 1] != '\n')
            dpc_buf_add (&o, " ", 1);
        dpc_buf_add (&o, b->p + i, 2);
        from = i + 2;
        q++;
        if (d == 0xAB && from < b->len && b->p [from] != ' ' && b->p [from] != '\n')
            dpc_buf_add (&o, " ", 1);
    }
    dpc_buf_add (&o, b->p + from, b->len - from);
    if (o.oom) {
        free (o.p);
        return -1;
    }
    free (b->p);
    *b = o;
    return 0;
}

//  The same for a NUL-terminated field (the title). -1 when out of memory.

static int
s_french_title (char **field)
{
    dpc_buf_t b = { .p = *field, .len = strlen (*field), .cap = strlen (*field) + 1 };
    if (s_french_spacing (&b))
        return -1;
    *field = b.p;
    return 0;
}

//  --------------------------------------------------------------------------
//  Joins the kept blocks into out->text. DP_OK, DP_DEAD when nothing is
//  left, DP_FATAL when out of memory.

dp_rc_t
dpc_emit (dpc_work_t *w)
{
    dpc_buf_t o = { 0 };
    bool debug = getenv ("DP_CLEAN_DEBUG") != NULL;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (debug)                      //  one line per block on stderr
            fprintf (stderr, "clean: %c%c%c w=%zu l=%zu/%zu %s %.*s\n",
                     "BSTGK" [b->cls], b->in_core ? 'c' : ' ', b->rule ? 'r' : ' ',
                     b->nwords, b->link_chars, b->raw_chars,
                     b->node ? (const char *) ((xmlNode *) b->node)->name : "-",
                     (int) (b->len < 70 ? b->len : 70), w->text.p + b->off);
        if (b->cls == DPC_BAD) {
            w->out->n_removed++;
            continue;
        }
        if (o.len)
            dpc_buf_add (&o, "\n\n", 2);
        dpc_buf_add (&o, w->text.p + b->off, b->len);
    }
    if (o.oom) {
        free (o.p);
        return DP_FATAL;
    }
    if (o.len == 0) {
        free (o.p);
        return dpc_dead (w->out, "no text after cleaning");
    }
    //  The language guess reads thousands of words: only for text that
    //  holds a guillemet, in the text or the title.
    //  The answer is kept for clean's own `lang` (the words are the same).
    if (s_has_guillemet (o.p, o.len)
    ||  (w->out->title && s_has_guillemet (w->out->title, strlen (w->out->title)))) {
        w->out->guess = dp_lang_guess (o.p, o.len);
        w->out->guessed = true;
        if (dpc_text_french (w->out->guess, w->out->lang)
        &&  (s_french_spacing (&o) || (w->out->title && s_french_title (&w->out->title)))) {
            free (o.p);
            return DP_FATAL;
        }
    }
    w->out->text = o.p;
    w->out->text_len = o.len;
    return DP_OK;
}

//  --------------------------------------------------------------------------
//  Forgets the blocks of the work state (keeps its buffers) for another walk.

void
dpc_work_reset (dpc_work_t *w)
{
    w->raw.len = 0;
    w->text.len = 0;
    w->n_blocks = 0;
    w->raw_nonblank = 0;
    w->raw_link = 0;
    w->link_depth = 0;
    w->heading_depth = 0;
    w->raw_heading = false;
    w->raw_node = NULL;
    w->data_row = NULL;
}

//  --------------------------------------------------------------------------
//  Frees the work state (not the result).

void
dpc_work_free (dpc_work_t *w)
{
    free (w->raw.p);
    free (w->text.p);
    free (w->blocks);
}

