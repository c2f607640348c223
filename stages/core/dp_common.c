//  depeche — common helpers: spans, entities, UTF-8 repair, data lookup.
//  Deliberately tiny and dependency-free so every stage's logic can use it.
#include "depeche/dp_common.h"
#include "core/dp_json_scan.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined (__SSE2__)
#include <emmintrin.h>
#endif
#include <unistd.h>
#include <sys/stat.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

//  --------------------------------------------------------------------------
//  Grows *v to hold at least need items of size sz. 0 or -1 (OOM).

static int
s_grow (void **v, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void *nv = realloc (*v, ncap * sz);
    if (!nv)
        return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

int
dp_spans_push (dp_spans_t *self, uint32_t start, uint32_t end)
{
    if (s_grow ((void **) &self->v, &self->cap, self->n + 1, sizeof *self->v))
        return -1;
    self->v [self->n++] = (dp_span_t) { start, end };
    return 0;
}

void
dp_spans_free (dp_spans_t *self)
{
    free (self->v);
    memset (self, 0, sizeof *self);
}

int
dp_entities_push (dp_entities_t *self, const char *text, uint32_t start,
                  uint32_t end, const char *type, const char *norm)
{
    if (s_grow ((void **) &self->v, &self->cap, self->n + 1, sizeof *self->v))
        return -1;
    char *copy = norm ? strdup (norm) : strndup (text + start, end - start);
    if (!copy)
        return -1;
    self->v [self->n++] = (dp_entity_t) { start, end, type, copy };
    return 0;
}

void
dp_entities_free (dp_entities_t *self)
{
    for (size_t i = 0; i < self->n; i++)
        free (self->v [i].norm);
    free (self->v);
    memset (self, 0, sizeof *self);
}

//  --------------------------------------------------------------------------
//  Length of the valid UTF-8 sequence at s (at most avail bytes), or 0 when
//  the bytes there are not one (overlong, surrogate, > U+10FFFF, truncated).

static size_t
s_utf8_seq (const unsigned char *s, size_t avail)
{
    unsigned char c = s [0];
    if (c >= 0x01 && c < 0x80)
        return 1;
    size_t n;
    uint32_t min;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0)      { n = 2; min = 0x80;    cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800;   cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; cp = c & 0x07; }
    else
        return 0;                       //  NUL, stray continuation, 0xF8+
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s [i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s [i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

//  Length of the longest valid UTF-8 prefix of p[0..len) without a NUL.

static size_t
s_utf8_valid_prefix (const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
#if defined (__SSE2__)
        //  Sixteen ASCII bytes at a time, none of them NUL (most text), and
        //  straight to the first byte that is not such.
        const __m128i zero = _mm_setzero_si128 ();
        while (i + 16 <= len) {
            __m128i v = _mm_loadu_si128 ((const __m128i *) (p + i));
            int mask = _mm_movemask_epi8 (v) | _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, zero));
            if (mask) {
                i += (size_t) __builtin_ctz ((unsigned) mask);
                break;
            }
            i += 16;
        }
#endif
        //  Eight ASCII bytes at a time, none of them NUL.
        while (i + 8 <= len) {
            uint64_t w;
            memcpy (&w, p + i, 8);
            if ((w & 0x8080808080808080ull)
            ||  ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = p [i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        //  Two bytes (Latin letters with accents): the common case, inline.
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p [i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        size_t n = s_utf8_seq (p + i, len - i);
        if (!n)
            break;
        i += n;
    }
    return i;
}

bool
dp_utf8_valid (const char *s, size_t len)
{
    return s_utf8_valid_prefix ((const unsigned char *) s, len) == len;
}

const char *
dp_json_plain_end (const char *s, const char *end)
{
    return dp_json_scan_end (s, end, false);
}

uint64_t
dp_hash_str (const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char) *s;
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

char *
dp_utf8_repair (const char *s, size_t len, size_t *out_len, size_t *n_repaired)
{
    //  Worst case: every byte becomes 3 bytes of U+FFFD.
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc (len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0, o = 0, bad = 0;
    while (i < len) {
        //  What is valid goes over at once (most text is all of it).
        size_t n = s_utf8_valid_prefix (p + i, len - i);
        memcpy (out + o, p + i, n);
        o += n;
        i += n;
        if (i < len) {
            //  One U+FFFD per maximal invalid run start byte, then skip the
            //  continuation bytes that belong to it (WHATWG-like behaviour).
            memcpy (out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            bad++;
            i++;
            while (i < len && (p [i] & 0xC0) == 0x80 && !s_utf8_seq (p + i, len - i))
                i++;
        }
    }
    out [o] = '\0';
    char *shrunk = realloc (out, o + 1);
    if (shrunk)
        out = shrunk;
    if (out_len)
        *out_len = o;
    if (n_repaired)
        *n_repaired = bad;
    return out;
}

//  --------------------------------------------------------------------------

int
dp_size_parse (const char *arg, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull (arg, &end, 10);
    if (errno || end == arg || *arg == '-')
        return -1;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else
    if (*end == 'm' || *end == 'M')
        shift = 20;
    else
    if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t) (v << shift);
    return 0;
}

static bool
s_exists (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0;
}

char *
dp_data_path (const char *name)
{
    char buf [PATH_MAX];
    const char *env = getenv ("DP_DATA");
    if (env && *env) {
        int w = snprintf (buf, sizeof buf, "%s/%s", env, name);
        return w > 0 && (size_t) w < sizeof buf && s_exists (buf) ? strdup (buf) : NULL;
    }
    char exe [PATH_MAX];
    ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe [n] = '\0';
    char *slash = strrchr (exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    int w = snprintf (buf, sizeof buf, "%s/../share/depeche/%s", exe, name);
    if (w > 0 && (size_t) w < sizeof buf && s_exists (buf))
        return strdup (buf);
    //  In the source tree binaries live in build/bin or build/asan/bin.
    for (int up = 0; up < 5; up++) {
        w = snprintf (buf, sizeof buf, "%s/data/%s", exe, name);
        if (w > 0 && (size_t) w < sizeof buf && s_exists (buf))
            return strdup (buf);
        slash = strrchr (exe, '/');
        if (!slash || slash == exe)
            break;
        *slash = '\0';
    }
    return NULL;
}

char *
dp_read_file (const char *path, size_t *len)
{
    FILE *f = fopen (path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc (cap);
    while (buf) {
        size_t got = fread (buf + n, 1, cap - n - 1, f);
        n += got;
        if (n < cap - 1) {
            if (ferror (f)) {
                free (buf);
                buf = NULL;
            }
            break;
        }
        char *nb = realloc (buf, cap * 2);
        if (!nb) {
            free (buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int saved = errno;
    fclose (f);
    if (!buf) {
        errno = saved ? saved : ENOMEM;
        return NULL;
    }
    buf [n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void
dp_malloc_tune (void)
{
#ifdef __GLIBC__
    mallopt (M_MXFAST, 0);
#endif
}

void
dp_malloc_trim (void)
{
#ifdef __GLIBC__
    malloc_trim (0);
#endif
}

//  dp_eol_find and dp_eol_find_past, deciding what ends the lines: an LF
//  among the first window bytes; else the first line end to come, LF, or
//  a run of CRs: with an LF after it, a CRLF (the CRs before its CR are
//  JSON whitespace), else an old Mac's CR, unless it is past the window
//  and an LF comes within DP_EOL_SNIFF bytes of it. What was read so far
//  waits for more bytes when they could decide otherwise: what decides is
//  the input's bytes, never where a read ended.
static const char *
s_eol_decide (dp_eol_t *eol, const char *buf, size_t len, bool eof, size_t window)
{
    const char *lf = memchr (buf, '\n', len < window ? len : window);
    if (lf) {
        *eol = DP_EOL_LF;
        return lf;
    }
    if (!eof && len < window)
        return NULL;                    //  too early to tell
    const char *cr = memchr (buf, '\r', len);
    lf = memchr (buf, '\n', cr ? (size_t) (cr - buf) : len);
    if (lf) {
        *eol = DP_EOL_LF;
        return lf;
    }
    if (!cr)
        return NULL;
    size_t r = (size_t) (cr - buf);
    while (r < len && buf [r] == '\r')
        r++;
    if (r == len && !eof)
        return NULL;                    //  the next byte decides
    if (r < len && buf [r] == '\n') {
        *eol = DP_EOL_LF;
        return buf + r;
    }
    //  A lone CR past the window may be JSON whitespace in a long first
    //  line of an LF file: an LF in the DP_EOL_SNIFF bytes from it makes
    //  LF lines, as an LF in the window does.
    size_t at = (size_t) (cr - buf);
    if (at >= window) {
        size_t n = len - at < DP_EOL_SNIFF ? len - at : DP_EOL_SNIFF;
        lf = memchr (cr, '\n', n);
        if (lf) {
            *eol = DP_EOL_LF;
            return lf;
        }
        if (!eof && n < DP_EOL_SNIFF)
            return NULL;                //  the next bytes decide
    }
    *eol = DP_EOL_CR;
    return cr;
}

//  One line end in buf, once told.
static const char *
s_eol_known (dp_eol_t eol, const char *buf, size_t len)
{
    if (eol == DP_EOL_LF)
        return memchr (buf, '\n', len);
    for (size_t i = 0; i < len; i++)
        if (buf [i] == '\r' || buf [i] == '\n')
            return buf + i;
    return NULL;
}

const char *
dp_eol_find (dp_eol_t *eol, const char *buf, size_t len, bool eof)
{
    if (*eol != DP_EOL_UNKNOWN)
        return s_eol_known (*eol, buf, len);
    return s_eol_decide (eol, buf, len, eof, DP_EOL_SNIFF);
}

const char *
dp_eol_find_past (dp_eol_t *eol, const char *buf, size_t len, bool eof)
{
    if (*eol != DP_EOL_UNKNOWN)
        return s_eol_known (*eol, buf, len);
    return s_eol_decide (eol, buf, len, eof, 0);
}
