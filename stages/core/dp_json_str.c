//  depeche — one JSON string decoded in one pass, for the fast path of
//  dp_json.c (flat article lines). A page's `html` value is ~170 KB with an
//  escape every ~20 bytes (\" \n \t \\ \uXXXX): the bytes are copied
//  sixteen at a time into a scratch buffer of the calling thread while the
//  same load finds the next quote, backslash or control byte, so each
//  escape costs a few instructions, not a call. The caller copies the
//  result out (or only compares it, for a member name).
#include "depeche/dp_common.h"
#include "core/dp_json_scan.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


//  A scratch buffer of each thread, as large as the longest rest of a line
//  decoded (escapes only shrink a string); a large one is given back when a
//  small line comes, so one huge line does not stay resident.
static __thread char *s_buf;
static __thread size_t s_cap;

#define S_KEEP_MAX ((size_t) 4 << 20)

int
dp_json_hex4 (const char *p, const char *end)
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

static bool
s_room (size_t need)
{
    if (need <= s_cap && !(s_cap > S_KEEP_MAX && need <= S_KEEP_MAX / 4))
        return true;
    char *b = need <= s_cap ? realloc (s_buf, need) : NULL;
    if (!b) {
        free (s_buf);                   //  grow without copying: nothing to keep
        s_buf = malloc (need);
        s_cap = s_buf ? need : 0;
        return s_buf != NULL;
    }
    s_buf = b;
    s_cap = need;
    return true;
}

const char *
dp_json_str_decode (const char **pp, const char *end, size_t *out_len)
{
    const char *r = *pp;
    if (r > end || !s_room ((size_t) (end - r) + 1))
        return NULL;
    char *const out = s_buf;
    char *o = out;
    unsigned hi = 0;                    //  non-zero once a raw byte >= 0x80 was seen
    for (;;) {
#if defined (__SSE2__)
        //  Sixteen bytes stored whatever they are (o stays at or behind
        //  r's offset, so o + 16 <= out + (end - *pp)), then the first
        //  quote, backslash or control byte among them by its bit.
        while (end - r >= 16) {
            __m128i v = _mm_loadu_si128 ((const __m128i *) r);
            _mm_storeu_si128 ((__m128i *) o, v);
            unsigned mask = dp_json_stops16 (v);
            //  Bytes past the stop may be counted: hi only asks for a check.
            hi |= (unsigned) _mm_movemask_epi8 (v);
            if (mask) {
                unsigned i = (unsigned) __builtin_ctz (mask);
                r += i;
                o += i;
                goto stop;
            }
            r += 16;
            o += 16;
        }
#endif
        for (; r < end; r++) {
            unsigned char c = (unsigned char) *r;
            if (c == '"' || c == '\\' || c < 0x20)
                goto stop;
            hi |= c & 0x80;
            *o++ = (char) c;
        }
        return NULL;                    //  no closing quote
    stop:
        if (*r == '"')
            break;
        if ((unsigned char) *r < 0x20 || end - r < 2)
            return NULL;
        char e = r [1];
        r += 2;
        char plain = 0;
        switch (e) {
            case '"':  plain = '"';  break;
            case '\\': plain = '\\'; break;
            case '/':  plain = '/';  break;
            case 'b':  plain = '\b'; break;
            case 'f':  plain = '\f'; break;
            case 'n':  plain = '\n'; break;
            case 'r':  plain = '\r'; break;
            case 't':  plain = '\t'; break;
            default:   break;
        }
        if (plain) {
            *o++ = plain;
            continue;
        }
        //  Hex digits are never a quote, so reading up to end rather than
        //  up to the closing quote reads the same escapes.
        int cp = e == 'u' ? dp_json_hex4 (r, end) : -1;
        if (cp >= 0)
            r += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - r >= 6 && r [0] == '\\' && r [1] == 'u') {
            int lo = dp_json_hex4 (r + 2, end);
            cp = lo >= 0xDC00 && lo <= 0xDFFF ? 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00) : -1;
            r += 6;
        }
        if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            return NULL;                //  \u0000, a lone surrogate, junk
        o = dp_utf8_put (o, (uint32_t) cp);
    }
    size_t n = (size_t) (o - out);
    *o = '\0';
    //  Escapes make whole, valid sequences; only raw bytes can be invalid.
    if (hi && !dp_utf8_valid (out, n))
        return NULL;
    *pp = r + 1;
    *out_len = n;
    return out;
}
