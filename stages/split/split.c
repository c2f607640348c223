//  depeche split — the sentence scan (dp_split), French first, English too.
//  One pass over the bytes: only stop marks, ';' and line breaks are looked
//  at closely; the word before a period, its shape and what follows decide.
//  No statistics, no model, no allocation per byte. The abbreviation lists
//  are split_abbrev.c's, the English-only cuts split_en.c's, and words
//  inside a sentence are split_tok.c's job.
#include "split/split_int.h"
#include "split/split_en.h"

#include <string.h>

#if defined (__SSE2__)
#include <emmintrin.h>
#endif

//  What a stop mark is followed by, once spaces are skipped.
typedef enum {
    S_NEXT_NONE,                        //  end of text or line
    S_NEXT_UPPER,                       //  capital letter
    S_NEXT_LOWER,                       //  lowercase letter
    S_NEXT_START,                       //  digit, opening quote/bracket, dash
    S_NEXT_OTHER                        //  comma, %, closing mark...
} s_next_t;

//  What the word before a period looks like.
typedef enum {
    S_WORD_PLAIN,                       //  an ordinary word
    S_WORD_INITIAL,                     //  J  R.R  Jean-C  J.A: name initials
    S_WORD_ACRONYM,                     //  U.S.A  Ph.D  LL.AA.II.RR  P.A
    S_WORD_LETTER,                      //  one lowercase letter: C. opilio
    S_WORD_ENUM                         //  "1" opening its line: a list number
} s_word_t;

//  Classifies w[0..len): segments split at '.' (and '-'); all single
//  capitals = initials; all of one or two letters = acronym.
static s_word_t
s_word_shape (const uint8_t *w, size_t len, bool line_start)
{
    if (len == 0)
        return S_WORD_PLAIN;
    bool digits = true;
    for (size_t i = 0; i < len; i++)
        digits = digits && w [i] >= '0' && w [i] <= '9';
    if (digits)
        return line_start && len <= 3 ? S_WORD_ENUM : S_WORD_PLAIN;

    const uint8_t *end = w + len;
    int32_t first;
    if ((size_t) dp_split_decode (w, end, &first) == len && dp_split_is_letter (first))
        return dp_split_is_upper (first) ? S_WORD_INITIAL : S_WORD_LETTER;
    size_t segs = 0, caps1 = 0, short_segs = 0, dots = 0;
    size_t seg_letters = 0, seg_caps = 0;
    bool bad = false;
    const uint8_t *p = w;
    while (p <= end) {
        int32_t cp = -2;
        int n = 1;
        if (p < end)
            n = dp_split_decode (p, end, &cp);
        if (p == end || cp == '.' || cp == '-') {
            if (seg_letters) {
                segs++;
                if (seg_letters == 1 && seg_caps == 1)
                    caps1++;
                if (seg_letters <= 2)
                    short_segs++;
            }
            else
            if (cp != '-' && p != end)
                bad = true;             //  ".." or leading dot
            dots += cp == '.';
            seg_letters = seg_caps = 0;
            if (p == end)
                break;
        }
        else
        if (dp_split_is_letter (cp)) {
            seg_letters++;
            seg_caps += dp_split_is_upper (cp);
        }
        else
            bad = true;
        p += n;
    }
    if (bad || segs == 0)
        return S_WORD_PLAIN;
    //  Jean-C: the last hyphen segment is one capital.
    if (dots == 0) {
        const uint8_t *h = end;
        while (h > w && h [-1] != '-')
            h--;
        int32_t cp;
        if (h < end && (size_t) dp_split_decode (h, end, &cp) == (size_t) (end - h)
        &&  dp_split_is_upper (cp))
            return S_WORD_INITIAL;
        return S_WORD_PLAIN;
    }
    if (caps1 == segs)
        return S_WORD_INITIAL;
    if (short_segs == segs)
        return S_WORD_ACRONYM;
    return S_WORD_PLAIN;
}

//  --------------------------------------------------------------------------
//  Start of the word that ends at p: back over everything but spaces and
//  opening/closing marks, at most DP_SPLIT_WORD_MAX bytes (further: no word).

static const uint8_t *
s_word_start (const uint8_t *text, const uint8_t *p)
{
    const uint8_t *q = p;
    while (q > text) {
        int32_t cp;
        int n = dp_split_decode_back (text, q, &cp);
        if (dp_split_is_space (cp) || dp_split_is_break (cp) || dp_split_is_closer (cp)
        ||  cp == '(' || cp == '[' || cp == 0xAB || cp == 0x201C
        ||  cp == 0x2018 || cp == 0x201E || cp == '/')
            break;
        q -= n;
        if (p - q > DP_SPLIT_WORD_MAX)
            return p;
    }
    return q;
}

//  --------------------------------------------------------------------------
//  True when the word ws[0..wl) is « J.-C. » (or « J.C. ») and is not the
//  era of a date: the word before it is not « av. », « apr. », « avant »
//  or « après ». Then it is a person's initials (« J.-C. Juncker »), which
//  end no sentence; as the era (« en 50 av. J.-C. Les … ») it may.

static bool
s_initials_not_era (const uint8_t *text, const uint8_t *ws, size_t wl)
{
    if (wl && ws [wl - 1] == '.')
        wl--;                           //  the word with or without its last dot
    if (!((wl == 4 && memcmp (ws, "J.-C", 4) == 0) || (wl == 3 && memcmp (ws, "J.C", 3) == 0)))
        return false;
    const uint8_t *q = ws;
    while (q > text && q [-1] == ' ')
        q--;
    const uint8_t *b = s_word_start (text, q);
    size_t bl = (size_t) (q - b);
    static const char *const era [] = { "av.", "apr.", "avant", "apr\xC3\xA8s", "Av.",
                                        "Apr.", "Avant", "Apr\xC3\xA8s", NULL };
    for (int k = 0; era [k]; k++)
        if (bl == strlen (era [k]) && memcmp (b, era [k], bl) == 0)
            return false;
    return true;
}

//  --------------------------------------------------------------------------
//  Skips in-line white space from p; returns where it stops.

static const uint8_t *
s_skip_space (const uint8_t *p, const uint8_t *end)
{
    while (p < end) {
        if (*p == ' ') {
            p++;
            continue;
        }
        int32_t cp;
        int n = dp_split_decode (p, end, &cp);
        if (!dp_split_is_space (cp))
            break;
        p += n;
    }
    return p;
}

//  --------------------------------------------------------------------------
//  Classifies what starts at p: the candidate next sentence.

static s_next_t
s_next_kind (const uint8_t *p, const uint8_t *end)
{
    if (p >= end)
        return S_NEXT_NONE;
    int32_t cp;
    dp_split_decode (p, end, &cp);
    if (dp_split_is_break (cp))
        return S_NEXT_NONE;
    if (dp_split_is_upper (cp))
        return S_NEXT_UPPER;
    if (dp_split_is_letter (cp))
        return S_NEXT_LOWER;
    if (dp_split_is_digit (cp) || dp_split_is_opener (cp) || cp == 0x2026)
        return S_NEXT_START;
    return S_NEXT_OTHER;
}

//  --------------------------------------------------------------------------
//  True when a Roman numeral (I V X L C only, so no "CD" or "DM") stands
//  alone at p: "chap. II", "vol. XIV". Reads at most 8 bytes past p.

static bool
s_is_roman (const uint8_t *p, const uint8_t *end)
{
    const uint8_t *q = p;
    while (q < end && q - p < 8 && (*q == 'I' || *q == 'V' || *q == 'X'
                                    || *q == 'L' || *q == 'C'))
        q++;
    if (q == p || (q < end && *q < 0x80 && dp_split_is_alnum (*q)))
        return false;
    return q == end || *q < 0x80;       //  not followed by a letter like é
}

//  --------------------------------------------------------------------------
//  Appends [start, end) trimmed of white space, when anything is left.

static int
s_emit (const uint8_t *text, size_t start, size_t end, dp_spans_t *out)
{
    const uint8_t *p = text + start, *e = text + end;
    while (p < e) {
        int32_t cp;
        int n = dp_split_decode (p, e, &cp);
        if (!dp_split_is_space (cp) && !dp_split_is_break (cp))
            break;
        p += n;
    }
    while (e > p) {
        int32_t cp;
        int n = dp_split_decode_back (p, e, &cp);
        if (!dp_split_is_space (cp) && !dp_split_is_break (cp))
            break;
        e -= n;
    }
    if (e == p)
        return 0;
    return dp_spans_push (out, (uint32_t) (p - text), (uint32_t) (e - text));
}

//  --------------------------------------------------------------------------
//  s_emit, and for English first the heading run into the sentence
//  (split_en.c): « Previous Research | We are aware ». French: s_emit.

static int
s_out (const uint8_t *text, size_t start, size_t end, bool english,
       dp_spans_t *out)
{
    size_t cut = english ? dp_split_en_heading (text, start, end) : 0;
    if (cut && s_emit (text, start, cut, out))
        return -1;
    return s_emit (text, cut ? cut : start, end, out);
}

//  Bytes the scan must stop at: stop marks, line breaks, lead bytes of
//  "…" / U+2028 (E2) and NEL (C2). Everything else is skipped in bulk
//  (s_skip_plain, which compares with the same bytes).
static const uint8_t s_interesting [256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, [0xE2] = 1, [0xC2] = 1,
    [';'] = 1
};

//  The first byte at or after i that s_interesting holds, or len: sixteen
//  bytes at a time with SSE2 (the same seven bytes as the table), then one.

static size_t
s_skip_plain (const uint8_t *text, size_t i, size_t len)
{
#if defined (__SSE2__)
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128 ((const __m128i *) (text + i));
        __m128i hit = _mm_or_si128 (
            _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('.')),
                          _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('!'))),
            _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('?')),
                          _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n'))));
        hit = _mm_or_si128 (hit, _mm_or_si128 (
            _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) 0xE2)),
                          _mm_cmpeq_epi8 (v, _mm_set1_epi8 ((char) 0xC2))),
            _mm_cmpeq_epi8 (v, _mm_set1_epi8 (';'))));
        int mask = _mm_movemask_epi8 (hit);
        if (mask)
            return i + (size_t) __builtin_ctz ((unsigned) mask);
    }
#endif
    while (i < len && !s_interesting [text [i]])
        i++;
    return i;
}

//  --------------------------------------------------------------------------
//  True when a French sentence clearly starts at p: a capitalised function
//  word (article, pronoun, preposition, conjunction) or -ment adverb, which
//  cannot be a proper noun. Used after ';', where French puts lowercase, so
//  a capital there marks a list item or a new sentence, not a name.

static bool
s_is_fr_starter (const uint8_t *p, const uint8_t *end)
{
    static const char *const words [] = {
        "Le", "La", "Les", "Un", "Une", "Des", "Du", "Au", "Aux", "Il", "Ils",
        "Elle", "Elles", "On", "Nous", "Vous", "Je", "Tu", "Ce", "Cet",
        "Cette", "Ces", "Cela", "Ceci", "Ça", "En", "Dans", "Pour", "Par",
        "Sur", "Sous", "Avec", "Sans", "Après", "Avant", "Mais", "Et", "Ou",
        "Donc", "Puis", "Alors", "Ainsi", "Enfin", "Que", "Qui", "Quand",
        "Si", "Depuis", "Selon", "Lors", "Pendant", "De", "Son", "Sa", "Ses",
        "Leur", "Leurs", "Tout", "Tous", "Toute", "Toutes", "Certains",
        "Plusieurs", "Cependant", "Pourtant", "Toutefois", "Chaque", "Aucun",
        "Aucune", "Notre", "Nos", "Votre", "Vos", "Mon", "Ma", "Mes", NULL
    };
    static const char *const elided [] = {
        "L", "D", "J", "C", "S", "N", "Qu", "Lorsqu", "Puisqu", "Jusqu", NULL
    };
    const uint8_t *w = p;
    while (p < end && p - w <= 24) {
        int32_t cp;
        int n = dp_split_decode (p, end, &cp);
        if (!dp_split_is_letter (cp))
            break;
        p += n;
    }
    size_t len = (size_t) (p - w);
    if (len == 0 || len > 24)
        return false;
    bool apos = p < end && (*p == '\'' || (end - p >= 3 && p [0] == 0xE2
                                        && p [1] == 0x80 && p [2] == 0x99));
    const char *const *list = apos ? elided : words;
    for (int i = 0; list [i]; i++)
        if (strlen (list [i]) == len && memcmp (list [i], w, len) == 0)
            return true;
    return !apos && len > 6 && memcmp (p - 4, "ment", 4) == 0;
}

//  --------------------------------------------------------------------------
//  True when an English sentence clearly starts at p: a capitalised
//  function word. After "U.S." or "p.m." a capital is as often a name
//  ("U.S. Army", "p.m. Eastern") as a new sentence, so only these split.

static bool
s_is_en_starter (const uint8_t *p, const uint8_t *end)
{
    static const char *const words [] = {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But",
        "And", "Or", "In", "On", "At", "This", "That", "These", "Those",
        "There", "His", "Her", "Its", "Their", "Our", "My", "Your", "If",
        "When", "While", "After", "Before", "As", "So", "Yet", "However",
        "Meanwhile", "Still", "Then", "Now", "What", "Who", "Why", "How",
        "Where", "Some", "Many", "Most", "All", "Both", "Each", "For", "From",
        "With", "By", "Although", "Because", "Since", "Today", "Yesterday",
        "Last", "Also", "Other", "Such", "Several", "Here", NULL
    };
    const uint8_t *w = p;
    while (p < end && p - w <= 10 && *p < 0x80 && dp_split_is_letter (*p))
        p++;
    size_t len = (size_t) (p - w);
    if (len == 0 || len > 10 || (p < end && (*p >= 0x80 || dp_split_is_alnum (*p))))
        return false;
    for (int i = 0; words [i]; i++)
        if (strlen (words [i]) == len && memcmp (words [i], w, len) == 0)
            return true;
    return false;
}

//  Length of a cut in a quotation at p, « […] » or « [...] » followed by
//  white space, or 0.
static int
s_cut_mark (const uint8_t *p, const uint8_t *end)
{
    int n = 0;
    if (end - p >= 6 && !memcmp (p, "[\xE2\x80\xA6]", 5))
        n = 5;
    else
    if (end - p >= 6 && !memcmp (p, "[...]", 5))
        n = 5;
    return n && (p [n] == ' ' || p [n] == '\t') ? n : 0;
}

//  Length of the stop mark at p ("." "!" "?" "…"), or 0.
static inline int
s_stop_len (const uint8_t *p, const uint8_t *end)
{
    if (*p == '.' || *p == '!' || *p == '?')
        return 1;
    if (*p == 0xE2 && end - p >= 3 && p [1] == 0x80 && p [2] == 0xA6)
        return 3;
    return 0;
}

//  --------------------------------------------------------------------------
//  The scan. A candidate boundary is a run of stop marks (with closing
//  quotes/brackets and footnote calls) followed by white space; the mark
//  kind, the word before a single period and the class of what follows
//  decide. Line breaks always end a sentence. O(len), no allocation but
//  the output array.

int
dp_split (dp_splitter_t *self, const char *text_, size_t len,
          const char *lang, dp_spans_t *out)
{
    if (len > UINT32_MAX)
        len = UINT32_MAX;               //  spans are 32-bit offsets
    const uint8_t *text = (const uint8_t *) text_;
    const uint8_t *end = text + len;
    bool english = lang && strncmp (lang, "en", 2) == 0;

    size_t sent = 0;                    //  start of the current sentence
    size_t i = 0;
    while (i < len) {
        i = s_skip_plain (text, i, len);
        if (i >= len)
            break;
        const uint8_t *p = text + i;

        //  Line breaks are hard boundaries.
        if (*p == '\n'
        ||  (*p == 0xC2 && i + 1 < len && p [1] == 0x85)
        ||  (*p == 0xE2 && i + 2 < len && p [1] == 0x80 && (p [2] == 0xA8 || p [2] == 0xA9))) {
            size_t n = *p == '\n' ? 1 : *p == 0xC2 ? 2 : 3;
            if (s_out (text, sent, i, english, out))
                return -1;
            i += n;
            sent = i;
            continue;
        }
        //  "… du Groenland ; La même année …": see s_is_fr_starter.
        if (*p == ';') {
            i++;
            const uint8_t *g = s_skip_space (p + 1, end);
            int32_t cp;
            if (!english && g > p + 1 && g < end && dp_split_decode (g, end, &cp)
            &&  dp_split_is_upper (cp) && s_is_fr_starter (g, end)) {
                if (s_out (text, sent, i, english, out))
                    return -1;
                sent = i;
            }
            continue;
        }
        int sl = s_stop_len (p, end);
        if (!sl) {
            size_t cut = english ? dp_split_en_cut (text, len, i, sent) : 0;
            if (cut) {
                if (s_out (text, sent, cut, english, out))
                    return -1;
                sent = cut;
                i = cut;
                continue;
            }
            i++;
            continue;
        }

        //  "(...)" / "[…]" marks a cut in a quotation, not an end.
        if (i > 0 && (p [-1] == '(' || p [-1] == '[')) {
            const uint8_t *q = p;
            while (q < end && *q == '.')
                q++;
            if (q == p)
                q += s_stop_len (p, end);
            if (q < end && (*q == ')' || *q == ']') && (q - p >= 3)) {
                i = (size_t) (q + 1 - text);
                continue;
            }
        }

        //  The run: stop marks, closing marks, footnote calls "[4]", and
        //  a spaced French closing guillemet "chambre. »".
        const uint8_t *q = p;
        bool qe = false;                //  saw ! or ?
        bool ellipsis = false;
        bool closed = false;            //  the run ends with a closer
        bool first_period = *p == '.';
        while (q < end) {
            int s = s_stop_len (q, end);
            if (s) {
                if (closed) {
                    //  "(la la …). comment": the last stop group counts.
                    qe = ellipsis = false;
                    p = q;
                    first_period = *q == '.';
                }
                if (*q == '.') {
                    if (q > p && q [-1] == '.')
                        ellipsis = true;
                }
                else
                if (s == 3)
                    ellipsis = true;
                else
                    qe = true;
                q += s;
                closed = false;
                continue;
            }
            int32_t cp;
            int n = dp_split_decode (q, end, &cp);
            if (dp_split_is_closer (cp)) {
                //  A straight quote followed by a letter opens, not closes.
                if ((cp == '"' || cp == '\'') && q + 1 < end) {
                    int32_t nx;
                    dp_split_decode (q + 1, end, &nx);
                    if (dp_split_is_alnum (nx))
                        break;
                }
                q += n;
                closed = true;
                continue;
            }
            if (cp == '[') {
                const uint8_t *f = q + 1;
                while (f < end && f - q < 6 && *f >= '0' && *f <= '9')
                    f++;
                if (f > q + 1 && f < end && *f == ']') {
                    q = f + 1;
                    continue;
                }
                break;
            }
            if (dp_split_is_space (cp)) {
                const uint8_t *g = s_skip_space (q, end);
                int32_t nx;
                if (g < end && dp_split_decode (g, end, &nx) && (nx == 0xBB || nx == 0x201D)) {
                    q = g;
                    continue;
                }
                //  English: a cut marked « […] » after the stop is the
                //  sentence's (« Jonathan Bell. […] For the intervener »).
                if (english && s_cut_mark (g, end)) {
                    q = g + s_cut_mark (g, end);
                    continue;
                }
                //  A lone straight quote between spaces closes: "bête ! " Les"
                if (g + 1 < end && *g == '"') {
                    dp_split_decode (g + 1, end, &nx);
                    if (dp_split_is_space (nx) || dp_split_is_break (nx)) {
                        q = g;
                        continue;
                    }
                }
                else
                if (g + 1 == end && *g == '"') {
                    q = g;
                    continue;
                }
            }
            break;
        }
        i = (size_t) (q - text);
        first_period = first_period && !(p + 1 < end && p [1] == '.');

        //  A stop glued to the next word (8.6, gaffa.org, ?!x) is no end.
        if (q < end) {
            int32_t cp;
            dp_split_decode (q, end, &cp);
            if (!dp_split_is_space (cp) && !dp_split_is_break (cp))
                continue;
        }
        const uint8_t *nx = s_skip_space (q, end);
        s_next_t next = s_next_kind (nx, end);
        if (next == S_NEXT_NONE || next == S_NEXT_OTHER)
            continue;                   //  the line break or text end decides

        bool split;
        if (qe || ellipsis || closed || !first_period)
            split = next != S_NEXT_LOWER;
        else {
            //  A single period right after a word: abbreviations decide.
            const uint8_t *ws = s_word_start (text, p);
            size_t wl = (size_t) (p - ws);
            const uint8_t *ls = s_skip_space (text + sent, p);
            uint32_t kind = dp_split_abbrev_kind (self, english, ws, wl);
            uint8_t title [16];
            if (!kind && english && dp_split_en_titlecase (ws, wl, title))
                kind = dp_split_abbrev_kind (self, english, title, wl);  //  « GEN. »
            s_word_t shape = s_word_shape (ws, wl, ws == ls);
            if (english && kind == DP_SPLIT_AB_TITLE && memchr (ws, '.', wl))
                split = false;          //  « (e.g. The Programming Historian »
            else
            if (english && next == S_NEXT_UPPER && (shape == S_WORD_ACRONYM
                                                || shape == S_WORD_INITIAL)
            &&  memchr (ws, '.', wl))
                split = s_is_en_starter (nx, end);  //  "U.S. Army", "D.C. The"
            else
            if (kind == DP_SPLIT_AB_TITLE)
                split = false;
            else
            if (kind == DP_SPLIT_AB_END)
                split = next != S_NEXT_LOWER && !s_initials_not_era (text, ws, wl);
            else
            if (kind == DP_SPLIT_AB_NUM)
                split = (next == S_NEXT_UPPER && (!s_is_roman (nx, end)
                         || (english && nx [0] == 'I' && (nx + 1 == end || nx [1] == ' '))))
                     || (next == S_NEXT_START && !dp_split_is_digit (nx [0]));
            else
            if (shape == S_WORD_INITIAL || shape == S_WORD_ENUM)
                split = false;
            else
            if (shape == S_WORD_ACRONYM)
                split = next != S_NEXT_LOWER;
            else
            if (shape == S_WORD_LETTER && !(ws > text && ws [-1] == '/'))
                split = false;          //  "C. opilio", but "mg/kg/h. Si" ends
            else
            if (next == S_NEXT_LOWER) {
                int32_t before = ' ';
                if (p > text)
                    dp_split_decode_back (text, p, &before);
                split = !english && !dp_split_is_space (before) && !dp_split_is_break (before);
            }
            else
                split = true;
        }
        if (split && english && next == S_NEXT_START) {
            size_t fn = dp_split_en_footnote (text, len, (size_t) (nx - text));
            if (fn)
                i = fn;                 //  « rights. 4 | Even though »
        }
        if (split) {
            if (s_out (text, sent, i, english, out))
                return -1;
            sent = i;
        }
    }
    return s_out (text, sent, len, english, out);
}
