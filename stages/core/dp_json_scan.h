//  depeche core — the one scan for the bytes a JSON string cannot hold as
//  they are ('"', '\\', below 0x20), sixteen at a time. Shared by the
//  reader's one-pass decoder (dp_json_str.c), the plain-run scan
//  (dp_common.c) and the writer (dp_json_write.c), which also stops at
//  bytes >= 0x80 to check UTF-8. Inline: the three call it per run of a
//  string, on the hottest paths of fetch and the sink.
#ifndef DP_JSON_SCAN_H
#define DP_JSON_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#if defined (__SSE2__)
#include <emmintrin.h>

//  One bit per byte of v that is '"', '\\' or below 0x20.
static inline unsigned
dp_json_stops16 (__m128i v)
{
    const __m128i quote = _mm_set1_epi8 ('"'), slash = _mm_set1_epi8 ('\\'),
                  ctl = _mm_set1_epi8 (0x1F);
    __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, quote),
                                              _mm_cmpeq_epi8 (v, slash)),
                                _mm_cmpeq_epi8 (_mm_min_epu8 (v, ctl), v));
    return (unsigned) _mm_movemask_epi8 (hit);
}
#endif

//  The first byte of [s, end) that is '"', '\\' or below 0x20, and also
//  >= 0x80 when high; end when there is none.
static inline const char *
dp_json_scan_end (const char *s, const char *end, bool high)
{
#if defined (__SSE2__)
    while (end - s >= 16) {
        __m128i v = _mm_loadu_si128 ((const __m128i *) s);
        unsigned mask = dp_json_stops16 (v);
        if (high)
            mask |= (unsigned) _mm_movemask_epi8 (v);
        if (mask)
            return s + __builtin_ctz (mask);
        s += 16;
    }
#else
    while (end - s >= 8) {
        uint64_t w;
        memcpy (&w, s, 8);
        uint64_t quote = w ^ 0x2222222222222222ull, slash = w ^ 0x5c5c5c5c5c5c5c5cull;
        //  A byte is flagged when zero (quote, slash) or below 0x20; a flag
        //  may be spurious only above a real one, so the bytes are then
        //  looked at one by one.
        uint64_t hit = ((quote - 0x0101010101010101ull) & ~quote)
                     | ((slash - 0x0101010101010101ull) & ~slash)
                     | ((w - 0x2020202020202020ull) & ~w)
                     | (high ? w : 0);
        if (hit & 0x8080808080808080ull)
            break;
        s += 8;
    }
#endif
    for (; s < end; s++) {
        unsigned char c = (unsigned char) *s;
        if (c < 0x20 || c == '"' || c == '\\' || (high && c >= 0x80))
            return s;
    }
    return end;
}

#endif
