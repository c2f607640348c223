//  depeche sink — name skeletons: what canon.c keys names by. A name is
//  case-folded without marks (utf8proc, plus the letters the fold leaves
//  alone), cut into words of letters and digits, each word of four ASCII
//  letters or more reduced to what its transliterations share (s_word:
//  Aliyev/Aliev/Alijew, Poutine/Putin), particles and elided articles
//  dropped; two skeletons are close when they differ only by vowels that
//  spellings swap. The indexes themselves are canon.c's.
#include "sink/skeleton.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool
s_vowel (char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

//  Particles and articles that spellings keep or drop (« al-Assad »/« Assad »,
//  « l'Azerbaïdjan », « Charles de Gaulle »/« De Gaulle »).
static bool
s_particle (const char *w, size_t n)
{
    //  Their lengths beside them: asked for every word of every new name.
    #define S_P(lit) { lit, sizeof lit - 1 }
    static const struct { char w [4]; size_t n; } list [] = {
        S_P ("al"), S_P ("el"), S_P ("ul"), S_P ("le"), S_P ("la"), S_P ("les"), S_P ("l"),
        S_P ("d"), S_P ("the"), S_P ("de"), S_P ("du"), S_P ("des"), S_P ("von"),
        S_P ("van"), S_P ("der"), S_P ("den"), S_P ("di"), S_P ("da"), S_P ("del")
    };
    #undef S_P
    if (n > 3)
        return false;
    for (size_t i = 0; i < sizeof list / sizeof list [0]; i++)
        if (list [i].n == n && memcmp (list [i].w, w, n) == 0)
            return true;
    return false;
}

//  One folded ASCII word -> its transliteration skeleton in out (cap > 2n+1).
static size_t
s_word (const char *w, size_t n, char *out)
{
    char tmp [DP_SKEL_MAX * 2];
    size_t t = 0;
    for (size_t i = 0; i < n && t + 3 < sizeof tmp; i++) {
        char c = w [i];
        const char *rest = w + i;
        size_t left = n - i;
        #define S_AT(lit) (left >= sizeof lit - 1 && memcmp (rest, lit, sizeof lit - 1) == 0)
        if (S_AT ("dzh") || S_AT ("dsch")) { tmp [t++] = 'i'; i += S_AT ("dzh") ? 2 : 3; }
        else if (S_AT ("dj")) { tmp [t++] = 'i'; i += 1; }
        else if (S_AT ("tsch")) { memcpy (tmp + t, "sh", 2); t += 2; i += 3; }
        else if (S_AT ("tch") || S_AT ("sch")) { memcpy (tmp + t, "sh", 2); t += 2; i += 2; }
        else if (S_AT ("ch") || S_AT ("sh")) { memcpy (tmp + t, "sh", 2); t += 2; i += 1; }
        else if (S_AT ("gh") && i == 0) { tmp [t++] = 'g'; i += 1; }
        else if (S_AT ("kh") || S_AT ("gh")) { tmp [t++] = 'h'; i += 1; }
        else if (S_AT ("ph")) { tmp [t++] = 'f'; i += 1; }
        else if (S_AT ("th")) { tmp [t++] = 't'; i += 1; }
        else if (S_AT ("ck")) { tmp [t++] = 'k'; i += 1; }
        else if (S_AT ("ou") || S_AT ("oo")) { tmp [t++] = 'u'; i += 1; }
        else if (S_AT ("gue") || S_AT ("gui")) { tmp [t++] = 'g'; i += 1; }
        else if (S_AT ("ue") || S_AT ("ae") || S_AT ("oe")) { tmp [t++] = c; i += 1; }
        else if (c == 'q') tmp [t++] = 'k';
        else if (c == 'c') tmp [t++] = left > 1 && (rest [1] == 'e' || rest [1] == 'i'
                                                   || rest [1] == 'y') ? 's' : 'k';
        else if (c == 'x' && i == 0) tmp [t++] = 'h';
        else if (c == 'x') { tmp [t++] = 'k'; tmp [t++] = 's'; }
        else if (c == 'w') tmp [t++] = 'v';
        else if (c == 'y') tmp [t++] = 'i';
        else if (c == 'j') tmp [t++] = 'i';
        else tmp [t++] = c;
        #undef S_AT
    }
    //  Doubled letters single, then the endings: -iev/-yev -> -ev, -off ->
    //  -ov, -ei/-ej -> -i, a silent final e; a leading ie-/ye- -> e-.
    size_t o = 0;
    for (size_t i = 0; i < t; i++)
        if (!o || out [o - 1] != tmp [i] || (tmp [i] >= '0' && tmp [i] <= '9'))
            out [o++] = tmp [i];
    out [o] = '\0';
    if (o > 4 && memcmp (out + o - 3, "iev", 3) == 0) {
        memmove (out + o - 3, "ev", 3);
        o--;
    }
    if (o > 3 && memcmp (out + o - 2, "of", 2) == 0)
        out [o - 1] = 'v';
    if (o > 3 && out [o - 1] == 'i' && out [o - 2] == 'e') {
        out [o - 2] = 'i';
        out [--o] = '\0';
    }
    if (o > 3 && out [o - 1] == 'e')
        out [--o] = '\0';
    if (o > 3 && out [0] == 'i' && out [1] == 'e') {
        memmove (out, out + 1, o);
        o--;
    }
    return o;
}

#define S_FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE \
                        | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)
#define S_LATIN 0x250                   //  U+0080..U+024F: the Latin letters

//  What utf8proc_map makes of each of those characters alone, made once.
//  Without UTF8PROC_COMPOSE the map of a text is its characters' maps end
//  to end, put in canonical order: none of these leaves a mark (the marks
//  are stripped), so nothing moves, and a name of ASCII and these letters
//  (most names with accents) is mapped by the table (utf8proc_map's 16
//  calls a character were ~20 K instructions an article in the sink).
static char s_latin [S_LATIN][8];
static uint8_t s_latin_len [S_LATIN];   //  0xFF: not by the table
static pthread_once_t s_latin_once = PTHREAD_ONCE_INIT;

static void
s_latin_init (void)
{
    for (utf8proc_int32_t cp = 0x80; cp < S_LATIN; cp++) {
        utf8proc_uint8_t one [5] = { 0 }, *f = NULL;
        utf8proc_encode_char (cp, one);
        utf8proc_ssize_t n = utf8proc_map (one, 0, &f, UTF8PROC_NULLTERM | S_FOLD_OPTIONS);
        s_latin_len [cp] = 0xFF;
        //  Checked, not assumed: a character that maps to one with a
        //  combining class (which reordering could move) stays utf8proc's.
        bool ordered = n >= 0;
        for (utf8proc_ssize_t k = 0, step; ordered && k < n; k += step) {
            utf8proc_int32_t c;
            step = utf8proc_iterate (f + k, n - k, &c);
            ordered = step > 0 && utf8proc_get_property (c)->combining_class == 0;
        }
        if (ordered && n < (utf8proc_ssize_t) sizeof s_latin [0]) {
            memcpy (s_latin [cp], f, (size_t) n);
            s_latin_len [cp] = (uint8_t) n;
        }
        free (f);
    }
}

//  utf8proc_map (name) with S_FOLD_OPTIONS by the table when every
//  character of name is ASCII or one of those letters; else NULL, *done
//  false (utf8proc's own is to be asked). NULL and *done true: no memory.
static utf8proc_uint8_t *
s_map_latin (const char *name, bool *done)
{
    pthread_once (&s_latin_once, s_latin_init);
    const unsigned char *p = (const unsigned char *) name;
    size_t len = strlen (name);
    *done = false;
    for (size_t i = 0; i < len; i++)
        if (p [i] >= 0x80) {
            unsigned cp = (p [i] & 0x1Fu) << 6 | (p [i + 1] & 0x3Fu);
            if (p [i] < 0xC2 || p [i] > 0xC9 || (p [i + 1] & 0xC0) != 0x80
            ||  cp >= S_LATIN || s_latin_len [cp] == 0xFF)
                return NULL;
            i++;
        }
    *done = true;
    utf8proc_uint8_t *f = malloc (4 * len + 1), *o = f;
    if (!f)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (p [i] < 0x80) {
            //  The fold of ASCII: A-Z lowered, the rest as it is.
            *o++ = p [i] >= 'A' && p [i] <= 'Z' ? (utf8proc_uint8_t) (p [i] + 32) : p [i];
            continue;
        }
        unsigned cp = (p [i] & 0x1Fu) << 6 | (p [i + 1] & 0x3Fu);
        memcpy (o, s_latin [cp], s_latin_len [cp]);
        o += s_latin_len [cp];
        i++;
    }
    *o = '\0';
    return f;
}

char *
dp_skel_map (const char *name)
{
    bool done;
    utf8proc_uint8_t *f = s_map_latin (name, &done);
    if (!done && utf8proc_map ((const utf8proc_uint8_t *) name, 0, &f,
                               UTF8PROC_NULLTERM | S_FOLD_OPTIONS) < 0)
        f = NULL;
    return (char *) f;
}

//  The name case-folded without marks, letters the fold leaves alone
//  mapped by hand (œ æ ø ł đ ı), typographic apostrophes as '.
static char *
s_fold (const char *name)
{
    //  ASCII alone: the fold lowers A-Z, leaves the rest (all 127 checked).
    size_t alen = 0;
    while (name [alen] && (unsigned char) name [alen] < 0x80)
        alen++;
    if (!name [alen]) {
        char *low = malloc (alen + 1);
        for (size_t i = 0; low && i <= alen; i++)
            low [i] = name [i] >= 'A' && name [i] <= 'Z' ? (char) (name [i] + 32) : name [i];
        return low;
    }
    utf8proc_uint8_t *f = (utf8proc_uint8_t *) dp_skel_map (name);
    if (!f)
        return NULL;
    size_t n = strlen ((const char *) f);
    char *out = malloc (n * 2 + 1);
    if (!out) {
        free (f);
        return NULL;
    }
    static const struct { const char *from, *to; } map [] = {
        { "\xc5\x93", "oe" }, { "\xc3\xa6", "ae" }, { "\xc3\xb8", "o" }, { "\xc5\x82", "l" },
        { "\xc4\x91", "d" }, { "\xc4\xb1", "i" }, { "\xe2\x80\x99", "'" }, { "\xca\xbc", "'" },
        { "\xc3\xb0", "d" }, { "\xc3\xbe", "th" },
    };
    size_t o = 0;
    for (const char *p = (const char *) f; *p; ) {
        //  Every map entry starts with a byte over 0x7f: ASCII is copied.
        if ((unsigned char) *p < 0x80) {
            out [o++] = *p++;
            continue;
        }
        size_t i = 0;
        for (; i < sizeof map / sizeof map [0]; i++) {
            size_t len = strlen (map [i].from);
            if (strncmp (p, map [i].from, len) == 0) {
                size_t tl = strlen (map [i].to);
                memcpy (out + o, map [i].to, tl);
                o += tl;
                p += len;
                break;
            }
        }
        if (i == sizeof map / sizeof map [0])
            out [o++] = *p++;
    }
    out [o] = '\0';
    free (f);
    return out;
}

//  Bytes of the UTF-8 character at p (1 for a stray byte).
static size_t
s_char_len (const char *p)
{
    if ((unsigned char) *p < 0x80)
        return 1;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate ((const utf8proc_uint8_t *) p, -1, &cp);
    return n > 0 ? (size_t) n : 1;
}

//  True when the character at p belongs in a name word: a letter, a digit
//  or '+' (OPEC+ is not OPEC).
static bool
s_letter (const char *p)
{
    unsigned char c = (unsigned char) *p;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+';
    utf8proc_int32_t cp;
    if (utf8proc_iterate ((const utf8proc_uint8_t *) p, -1, &cp) <= 0)
        return false;
    utf8proc_category_t cat = utf8proc_category (cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

//  Skeleton words of a name (skeleton.h).
size_t
dp_skel_split (const char *name, dp_skel_words_t *out)
{
    out->n = 0;
    char *f = s_fold (name);
    if (!f)
        return 0;
    dp_skel_words_t all = { .n = 0 };
    bool particle [16] = { false };
    for (const char *p = f; *p && all.n < 16; ) {
        if (!s_letter (p)) {
            p += s_char_len (p);
            continue;
        }
        const char *start = p;
        while (*p && s_letter (p))
            p += s_char_len (p);
        size_t len = (size_t) (p - start);
        if (len >= sizeof all.w [0] / 2)
            len = sizeof all.w [0] / 2 - 1;
        bool elided = *p == '\'' && len == 1;
        particle [all.n] = elided || s_particle (start, len);
        bool ascii = true;
        for (size_t i = 0; i < len; i++)
            ascii = ascii && (unsigned char) start [i] < 0x80;
        //  Words of three letters or fewer (UE, ONU, Ali) stay as they are.
        if (ascii && len > 3)
            s_word (start, len, all.w [all.n]);
        else {
            memcpy (all.w [all.n], start, len);
            all.w [all.n][len] = '\0';
        }
        all.n++;
    }
    free (f);
    for (size_t i = 0; i < all.n; i++)
        if (!particle [i])
            memcpy (out->w [out->n++], all.w [i], sizeof all.w [i]);
    if (!out->n)
        *out = all;
    return out->n;
}

static int
s_cmp (const void *a, const void *b)
{
    return strcmp (a, b);
}

//  The sorted words joined by spaces into buf; returns the length.
size_t
dp_skel_join (dp_skel_words_t *words, char *buf, size_t cap)
{
    qsort (words->w, words->n, sizeof words->w [0], s_cmp);
    size_t o = 0;
    buf [0] = '\0';
    for (size_t i = 0; i < words->n; i++) {
        size_t len = strlen (words->w [i]);
        if (o + len + 2 > cap)
            break;
        if (o)
            buf [o++] = ' ';
        memcpy (buf + o, words->w [i], len + 1);
        o += len;
    }
    return o;
}


//  The skeleton without vowels (the loose key); initials kept.
void
dp_skel_consonants (const char *skel, char *out)
{
    size_t o = 0;
    for (const char *p = skel; *p; p++)
        if (!s_vowel (*p))
            out [o++] = *p;
    out [o] = '\0';
}

//  True for two vowels that spellings of one name swap: o/u (Mohamed,
//  Muhammad), a/e (Muhammad, Mohammed), e/i (Rashid, Rashed), a/o
//  (Sloviansk, Slaviansk).
static bool
s_kin (char x, char y)
{
    static const char *pairs [] = { "ou", "uo", "ae", "ea", "ei", "ie", "ao", "oa", NULL };
    for (int i = 0; pairs [i]; i++)
        if (pairs [i][0] == x && pairs [i][1] == y)
            return true;
    return false;
}

//  Vowel swaps between a and b (same length, kin vowels only), or more
//  than limit when they differ otherwise. Insertions never count as
//  close: Ivanov/Ivanova, Wang Li/Wang Lei are two people.
size_t
dp_skel_distance (const char *a, const char *b, size_t limit)
{
    size_t d = 0;
    for (; *a && *b; a++, b++)
        if (*a != *b && (!s_kin (*a, *b) || ++d > limit))
            return limit + 1;
    return *a || *b ? limit + 1 : d;
}

//  Vowel swaps allowed between two skeletons of this length: none for
//  short names, 1 from 5 bytes, 2 from 10 (tests/fixtures/canon_pairs.tsv).
size_t
dp_skel_allowed (size_t len)
{
    return len >= 10 ? 2 : len >= 5 ? 1 : 0;
}