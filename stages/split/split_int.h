//  depeche split — what the files of stages/split share, internal to the
//  stage: UTF-8 decoding, the character classes the sentence scan and the
//  tokenizer both use, the abbreviation classes and the one lookup the scan
//  makes into the abbreviation sets. Files by job:
//    split.c         dp_split: the sentence scan (word shapes, what follows
//                    a stop mark, French and English sentence starters)
//    split_abbrev.c  the abbreviation sets: loading data/abbrev/*.txt,
//                    dp_splitter_new/destroy, the lookup
//    split_tok.c     dp_tokenize: words, numbers, elisions, URLs
//    split_en.c      the English-only boundaries (split_en.h)
//  Not a public API: nothing outside stages/split includes this. It holds
//  no state and decides no boundary. The decoder and the classes are static
//  inline here: they run once or more per code point scanned. (In the
//  one-file split.c, s_is_space and s_decode_back were plain static and
//  gcc kept them out of line; inlined, depeche-split runs 2.7 % fewer
//  instructions under callgrind, with the same output.)
#ifndef DP_SPLIT_INT_H_INCLUDED
#define DP_SPLIT_INT_H_INCLUDED

#include "split/split.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

//  Abbreviation classes (second field of a line in abbrev/*.txt).
#define DP_SPLIT_AB_TITLE  1            //  never ends a sentence (M. Dr p.)
#define DP_SPLIT_AB_END    2            //  may end one: splits before a capital
#define DP_SPLIT_AB_NUM    3            //  no split before a digit or lowercase

#define DP_SPLIT_WORD_MAX  64           //  longest abbreviation looked up

//  Looks the word w[0..len) up in the French list, or the English one when
//  english, as written, then with its first letter lowered (a
//  sentence-initial "Cf." is "cf."). Returns its DP_SPLIT_AB_* class or 0.
uint32_t
    dp_split_abbrev_kind (const dp_splitter_t *self, bool english,
                          const uint8_t *w, size_t len);

//  --------------------------------------------------------------------------
//  Decodes the code point at p (p < end). Returns its length; an invalid
//  byte is a non-letter (-1) of length 1, so no input can stall the scan.

static inline int
dp_split_decode (const uint8_t *p, const uint8_t *end, int32_t *cp)
{
    if (*p < 0x80) {
        *cp = *p;
        return 1;
    }
    //  Decoded into a local: were cp's own address passed on, the caller's
    //  code point would live in memory, stored and loaded at every byte.
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate (p, end - p, &c);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (int) n;
}

//  --------------------------------------------------------------------------
//  Decodes the code point that ends just before p (p > start). Returns its
//  length; an invalid byte counts as one non-letter byte.

static inline int
dp_split_decode_back (const uint8_t *start, const uint8_t *p, int32_t *cp)
{
    if (p [-1] < 0x80) {
        *cp = p [-1];
        return 1;
    }
    const uint8_t *q = p - 1;
    while (q > start && p - q < 4 && (*q & 0xC0) == 0x80)
        q--;
    int n = dp_split_decode (q, p, cp);
    if (q + n != p) {
        *cp = -1;
        return 1;
    }
    return n;
}

//  --------------------------------------------------------------------------
//  Character classes. Invalid bytes (cp -1) are in none of them.

static inline utf8proc_category_t
dp_split_cat (int32_t cp)
{
    return cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category (cp);
}

//  True for white space inside a line: Zs (incl. NBSP U+00A0, U+202F),
//  tabs, CR, and the invisible U+200B / U+FEFF that scraped text carries.
static inline bool
dp_split_is_space (int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f')
        return true;
    if (cp < 0x80)
        return false;
    return cp == 0x200B || cp == 0xFEFF || dp_split_cat (cp) == UTF8PROC_CATEGORY_ZS;
}

//  True for a line break: LF, NEL, U+2028, U+2029 (hard boundaries).
static inline bool
dp_split_is_break (int32_t cp)
{
    return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static inline bool
dp_split_is_letter (int32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    utf8proc_category_t c = dp_split_cat (cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static inline bool
dp_split_is_upper (int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = dp_split_cat (cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

//  Letters, digits and combining marks: what words are made of.
static inline bool
dp_split_is_alnum (int32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = dp_split_cat (cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static inline bool
dp_split_is_digit (int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return dp_split_cat (cp) == UTF8PROC_CATEGORY_ND;
}

//  Closing marks that belong to the sentence they follow.
static inline bool
dp_split_is_closer (int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0xBB
        || cp == 0x201D || cp == 0x2019 || cp == 0x203A;
}

//  Marks that may open a sentence: quotes, brackets, dashes, bullets.
static inline bool
dp_split_is_opener (int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0xAB
        || cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0x2039
        || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2022
        || cp == 0xBF || cp == 0xA1 || cp == '*' || cp == '#' || cp == '@';
}

#endif
