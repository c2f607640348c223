//  depeche split — the tokenizer (dp_tokenize): words, numbers and
//  punctuation marks of one sentence in a left-to-right pass. French elided
//  clitics (l' d' qu') are split off, URLs stay one token. It finds no
//  sentence boundary (split.c does) and looks up no abbreviation: the
//  period of « M. » is a token of its own.
#include "split/split_int.h"

#include <string.h>

//  --------------------------------------------------------------------------
//  True when the token w[0..len) is a French elided clitic (l d j qu n s c
//  m t jusqu lorsqu puisqu quoiqu), any case, ASCII only.

static bool
s_is_elision (const uint8_t *w, size_t len)
{
    static const char *const forms [] = {
        "l", "d", "j", "qu", "n", "s", "c", "m", "t",
        "jusqu", "lorsqu", "puisqu", "quoiqu", NULL
    };
    if (len > 6)
        return false;
    char low [8];
    for (size_t i = 0; i < len; i++) {
        if (w [i] >= 0x80)
            return false;
        low [i] = (char) (w [i] | 0x20);
    }
    for (int f = 0; forms [f]; f++)
        if (strlen (forms [f]) == len && memcmp (forms [f], low, len) == 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  dp_spans_push, without the call while there is room (a call a token).

static inline int
s_push (dp_spans_t *out, uint32_t start, uint32_t end)
{
    if (out->n < out->cap) {
        out->v [out->n++] = (dp_span_t) { start, end };
        return 0;
    }
    return dp_spans_push (out, start, end);
}

//  --------------------------------------------------------------------------
//  True when p starts with the ASCII string lit, ignoring case.

static inline bool
s_has_prefix (const uint8_t *p, const uint8_t *end, const char *lit)
{
    for (; *lit; lit++, p++)
        if (p >= end || (*p | 0x20) != *lit)
            return false;
    return true;
}

//  --------------------------------------------------------------------------
//  Length of the URL starting at p (scheme "http://", "https://",
//  "ftp://", "mailto:", or "www." and a letter or digit), or 0. It runs to
//  white space, a line break, a quote or angle bracket, then loses trailing
//  punctuation (".,;:!?'’" and a ")" or "]" it did not open). It looks no
//  further than the prefix unless a scheme is there. (E-mail addresses
//  need no help: the word rule joins letters across '@', '.', '-' and '_'.)

static size_t
s_url_len (const uint8_t *p, const uint8_t *end)
{
    bool url = false;
    switch (*p | 0x20) {
        case 'h':
            url = s_has_prefix (p, end, "http://") || s_has_prefix (p, end, "https://");
            break;
        case 'f':
            url = s_has_prefix (p, end, "ftp://");
            break;
        case 'm':
            url = s_has_prefix (p, end, "mailto:");
            break;
        case 'w':
            url = s_has_prefix (p, end, "www.") && end - p > 4
               && p [4] < 0x80 && dp_split_is_alnum (p [4]);
            break;
        default:
            break;
    }
    if (!url)
        return 0;
    const uint8_t *q = p;
    int paren = 0, bracket = 0;
    while (q < end) {
        int32_t cp;
        int n = dp_split_decode (q, end, &cp);
        if (cp <= 0x20 || cp == 0x7F || dp_split_is_space (cp) || dp_split_is_break (cp)
        ||  cp == '"' || cp == '<' || cp == '>' || cp == 0xAB || cp == 0xBB
        ||  cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2039
        ||  cp == 0x203A)
            break;
        paren += cp == '(' ? 1 : cp == ')' ? -1 : 0;
        bracket += cp == '[' ? 1 : cp == ']' ? -1 : 0;
        q += n;
    }
    //  Trailing punctuation belongs to the sentence.
    while (q > p) {
        uint8_t c = q [-1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?'
        ||  c == '\'' || (c == ')' && paren < 0) || (c == ']' && bracket < 0)) {
            paren += c == ')';
            bracket += c == ']';
            q--;
        }
        else
        if (q - p >= 3 && q [-3] == 0xE2 && q [-2] == 0x80 && q [-1] == 0x99)
            q -= 3;                     //  a closing ’
        else
            break;
    }
    return q - p > 7 ? (size_t) (q - p) : 0;
}

//  --------------------------------------------------------------------------
//  Words, numbers and punctuation marks in one left-to-right pass; the
//  splitter is unused for now (kept for language-specific lists later).

int
dp_tokenize (dp_splitter_t *self, const char *text_, dp_span_t span,
             dp_spans_t *out)
{
    (void) self;
    const uint8_t *text = (const uint8_t *) text_;
    const uint8_t *end = text + span.end;
    const uint8_t *p = text + span.start;
    while (p < end) {
        int32_t cp;
        int n = dp_split_decode (p, end, &cp);
        if (dp_split_is_space (cp) || dp_split_is_break (cp)) {
            p += n;
            continue;
        }
        const uint8_t *t = p;
        if (!dp_split_is_alnum (cp)) {
            //  Punctuation: one mark a token, but "..." stays whole.
            p += n;
            if (cp == '.')
                while (p < end && *p == '.')
                    p++;
            if (s_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
                return -1;
            continue;
        }
        //  A word or number: letters, digits and marks, joined by a hyphen,
        //  an apostrophe, or a '.'/',' between digits or inside a domain.
        int32_t prev = cp;
        p += n;
        while (p < end) {
            int m = dp_split_decode (p, end, &cp);
            if (dp_split_is_alnum (cp)) {
                prev = cp;
                p += m;
                continue;
            }
            //  Only these join two runs (a blank, most often, never does).
            if (!(cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2011 || cp == '_'
               || cp == '@' || cp == '.' || cp == ','))
                break;
            if (p + m >= end)
                break;
            int32_t nx;
            dp_split_decode (p + m, end, &nx);
            if (!dp_split_is_alnum (nx))
                break;
            if (cp == '\'' || cp == 0x2019) {
                if (s_is_elision (t, (size_t) (p - t)))
                    break;              //  l' + armée: the clitic ends here
                p += m;                 //  aujourd'hui, O'Brien
                continue;
            }
            if (cp == '-' || cp == 0x2011 || cp == '_' || cp == '@'
            ||  ((cp == '.' || cp == ',') && dp_split_is_digit (prev) && dp_split_is_digit (nx))
            ||  (cp == '.' && dp_split_is_letter (nx) && dp_split_is_alnum (prev))) {
                p += m;
                continue;
            }
            break;
        }
        //  "https" + "://", "www.x.fr" + "/": a URL is one token. Only
        //  words stopped by ':' or '/' are looked at again, so plain words
        //  cost nothing.
        if (p < end && (*p == ':' || *p == '/')) {
            size_t ul = s_url_len (t, end);
            if (ul > (size_t) (p - t)) {
                p = t + ul;
                if (s_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
                    return -1;
                continue;
            }
        }
        //  The elision's apostrophe belongs to the clitic token.
        if (p < end) {
            int m = dp_split_decode (p, end, &cp);
            if ((cp == '\'' || cp == 0x2019) && p + m < end
            &&  s_is_elision (t, (size_t) (p - t))) {
                int32_t nx;
                dp_split_decode (p + m, end, &nx);
                if (dp_split_is_letter (nx))
                    p += m;
            }
        }
        if (s_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
            return -1;
    }
    return 0;
}
