//  depeche tag — DATE, TIME, MONEY, PERCENT and NUM by hand-written
//  scanners over the tokens of a sentence (« 9 septembre 2023 »,
//  « 12/03/2024 », « 9h30 », « 5 millions d'euros », « 40 % »), with an ISO
//  norm for full dates. Names are not its business.
#include "tag/tag_int.h"

#include <stdio.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Value of an all-digit token of at most 9 digits, or -1.

static long
s_tok_num (const char *text, const dp_tag_tok_t *tok)
{
    size_t len = tok->end - tok->start;
    if (len == 0 || len > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text [tok->start + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

//  Day of month (1-31, "1er"), or -1.
static long
s_tok_day (const char *text, const dp_tag_tok_t *tok)
{
    if (dp_tag_tok_is (text, tok, "1er"))
        return 1;
    if (tok->end - tok->start > 2)
        return -1;
    long d = s_tok_num (text, tok);
    return d >= 1 && d <= 31 ? d : -1;
}

//  Four-digit year 1000-2999, or -1.
static long
s_tok_year (const char *text, const dp_tag_tok_t *tok)
{
    if (tok->end - tok->start != 4)
        return -1;
    long y = s_tok_num (text, tok);
    return y >= 1000 && y <= 2999 ? y : -1;
}

//  --------------------------------------------------------------------------
//  Stores an ISO date in scratch; returns its offset or S_NO_NORM.

static uint32_t
s_iso (dp_tagger_t *self, long y, long m, long d)
{
    char buf [32];
    int len = d > 0 ? snprintf (buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d)
                    : snprintf (buf, sizeof buf, "%04ld-%02ld", y, m);
    uint32_t off = dp_tag_buf_add (&self->scratch, buf, (size_t) len);
    if (off == S_NO_NORM)
        self->oom = 1;
    return off;
}

//  --------------------------------------------------------------------------
//  "9 septembre [2023]" at i. Returns the end token or i; *norm set when full.

static size_t
s_date_dmy (dp_tagger_t *self, const char *text, size_t i, size_t n,
            uint32_t *norm)
{
    const dp_tag_tok_t *toks = self->toks;
    long d = s_tok_day (text, &toks [i]);
    if (d < 0 || i + 1 >= n || !(toks [i + 1].lex & LX_MONTH)
    ||  !dp_tag_adjacent (text, toks, i))
        return i;
    long m = LX_VAL (toks [i + 1].lex);
    size_t j = i + 2;
    if (j < n && dp_tag_adjacent (text, toks, j - 1)) {
        long y = s_tok_year (text, &toks [j]);
        if (y > 0) {
            *norm = s_iso (self, y, m, d);
            return j + 1;
        }
    }
    return j;
}

//  --------------------------------------------------------------------------
//  A number at i, grouped ("50 000"), with a multiplier and a currency or a
//  percent sign. Returns the end token; *type MONEY, PERCENT or NUM.

size_t
dp_tag_number (dp_tagger_t *self, const char *text, size_t i, size_t n,
               uint8_t *type)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t j = i + 1;
    //  Thousands groups separated by a space: only after 1-3 digits.
    if (toks [i].end - toks [i].start <= 3) {
        while (j < n && (toks [j].flags & TK_NUMERIC)
        &&     toks [j].start > toks [j - 1].end
        &&     dp_tag_adjacent (text, toks, j - 1)) {
            const char *s = text + toks [j].start;
            size_t len = toks [j].end - toks [j].start;
            if (len < 3 || s [0] < '0' || s [0] > '9' || s [1] < '0'
            ||  s [1] > '9' || s [2] < '0' || s [2] > '9'
            ||  (len > 3 && s [3] != ',' && s [3] != '.'))
                break;
            j++;
        }
    }
    *type = S_NUM;
    if (j < n && (toks [j].lex & LX_MULT) && dp_tag_adjacent (text, toks, j - 1))
        j++;
    if (j >= n || !dp_tag_adjacent (text, toks, j - 1))
        return j;
    const dp_tag_tok_t *t = &toks [j];
    if ((t->lex & LX_CURRENCY) || dp_tag_tok_is (text, t, "€")
    ||  dp_tag_tok_is (text, t, "$") || dp_tag_tok_is (text, t, "£")) {
        *type = S_MONEY;
        return j + 1;
    }
    //  "5 millions d'euros", "3 milliards de dollars"
    if (j + 1 < n && (toks [j - 1].lex & LX_MULT)
    &&  (dp_tag_tok_is (text, t, "de") || (t->flags & TK_ELISION)
         || dp_tag_tok_is (text, t, "of"))
    &&  (toks [j + 1].lex & LX_CURRENCY)) {
        *type = S_MONEY;
        return j + 2;
    }
    if (dp_tag_tok_is (text, t, "%") || dp_tag_tok_is (text, t, "percent")) {
        *type = S_PERCENT;
        return j + 1;
    }
    if ((dp_tag_tok_is (text, t, "pour") || dp_tag_tok_is (text, t, "per"))
    &&  j + 1 < n && dp_tag_tok_is (text, &toks [j + 1], "cent")
    &&  dp_tag_adjacent (text, toks, j)) {
        *type = S_PERCENT;
        return j + 2;
    }
    return j;
}

//  --------------------------------------------------------------------------
//  DATE, TIME, MONEY or NUM at token i; returns the end token (i: none).

size_t
dp_tag_scan_num (dp_tagger_t *self, const char *text, size_t i, size_t n,
                 uint8_t *type, uint32_t *norm)
{
    const dp_tag_tok_t *toks = self->toks;
    const dp_tag_tok_t *t = &toks [i];
    const dp_tag_tok_t *prev = i > 0 ? &toks [i - 1] : NULL;
    *norm = S_NO_NORM;
    if (t->lex & LX_WEEKDAY) {
        *type = S_DATE;
        size_t j = i + 1;
        if (j < n && dp_tag_tok_is (text, &toks [j], ","))
            j++;
        if (j < n && dp_tag_adjacent (text, toks, j - 1)
        &&  (toks [j].flags & TK_DIGIT)) {
            size_t e = s_date_dmy (self, text, j, n, norm);
            if (e > j)
                return e;
        }
        //  "Monday, September 9, 2023" is rare enough: weekday alone.
        return i + 1;
    }
    if (t->lex & LX_MONTH) {
        long m = LX_VAL (t->lex);
        *type = S_DATE;
        if (i + 1 < n && dp_tag_adjacent (text, toks, i)) {
            long y = s_tok_year (text, &toks [i + 1]);
            if (y > 0)
                return i + 2;
            long d = s_tok_day (text, &toks [i + 1]);
            if (d > 0 && (t->lex & LX_EN)) {
                size_t j = i + 2;
                if (j + 1 < n && dp_tag_tok_is (text, &toks [j], ",")
                &&  dp_tag_adjacent (text, toks, j)) {
                    y = s_tok_year (text, &toks [j + 1]);
                    if (y > 0) {
                        *norm = s_iso (self, y, m, d);
                        return j + 2;
                    }
                }
                return j;
            }
        }
        if (prev && (prev->lex & LX_MONTHCUE)
        &&  ((t->flags & TK_LOWER) || (t->lex & LX_EN)))
            return i + 1;
        return i;
    }
    if (!(t->flags & TK_DIGIT))
        return i;
    const char *s = text + t->start;
    size_t len = t->end - t->start;
    //  ISO 2024-04-13 and 2023-01.
    if ((len == 10 || len == 7) && (t->flags & TK_NUMERIC) == 0
    &&  s [4] == '-') {
        long y = 0, m = 0, d = 0;
        bool ok = true;
        for (size_t k = 0; k < len && ok; k++) {
            bool dash = k == 4 || k == 7;
            ok = dash ? s [k] == '-' : (s [k] >= '0' && s [k] <= '9');
        }
        if (ok) {
            //  Digits read one by one: strtol would run past the token
            //  (and past text[len) when the token ends the buffer).
            y = (s [0] - '0') * 1000 + (s [1] - '0') * 100 + (s [2] - '0') * 10 + (s [3] - '0');
            m = (s [5] - '0') * 10 + (s [6] - '0');
            d = len == 10 ? (s [8] - '0') * 10 + (s [9] - '0') : 0;
            if (y >= 1000 && y <= 2999 && m >= 1 && m <= 12
            &&  (len == 7 || (d >= 1 && d <= 31))) {
                *type = S_DATE;
                if (len == 10)
                    *norm = s_iso (self, y, m, d);
                return i + 1;
            }
        }
    }
    //  12/03/2024, 1.3.2024 (day first).
    if (len >= 8 && len <= 10 && ((t->flags & TK_NUMERIC) || memchr (s, '/', len))) {
        char sep = 0;
        long part [3] = { 0, 0, 0 };
        int np = 0;
        size_t k = 0;
        bool ok = true;
        while (k < len && ok && np < 3) {
            size_t st = k;
            while (k < len && s [k] >= '0' && s [k] <= '9')
                part [np] = part [np] * 10 + (s [k++] - '0');
            ok = k > st;
            np++;
            if (k < len) {
                if (!sep)
                    sep = s [k];
                ok = ok && (s [k] == sep) && (sep == '/' || sep == '.');
                k++;
            }
        }
        if (ok && np == 3 && k == len && part [0] >= 1 && part [0] <= 31
        &&  part [1] >= 1 && part [1] <= 12 && part [2] >= 1000
        &&  part [2] <= 2999) {
            *type = S_DATE;
            *norm = s_iso (self, part [2], part [1], part [0]);
            return i + 1;
        }
    }
    //  9h30, 14h, 10:30.
    {
        size_t k = 0;
        long h = 0;
        while (k < len && k < 2 && s [k] >= '0' && s [k] <= '9')
            h = h * 10 + (s [k++] - '0');
        if (k > 0 && k < len && h <= 24 && (s [k] == 'h' || s [k] == 'H'
                                            || s [k] == ':')) {
            size_t rest = len - k - 1;
            bool mins = rest == 2 && s [k + 1] >= '0' && s [k + 1] <= '5'
                        && s [k + 2] >= '0' && s [k + 2] <= '9';
            if (mins || (rest == 0 && s [k] != ':')) {
                *type = S_TIME;
                return i + 1;
            }
        }
    }
    size_t e = s_date_dmy (self, text, i, n, norm);
    if (e > i) {
        *type = S_DATE;
        return e;
    }
    if (!(t->flags & TK_NUMERIC))
        return i;
    long v = s_tok_num (text, t);
    if (v >= 0 && v <= 24 && i + 1 < n && (toks [i + 1].lex & LX_HOUR)
    &&  dp_tag_adjacent (text, toks, i)) {
        *type = S_TIME;
        size_t j = i + 2;
        if (j < n && dp_tag_adjacent (text, toks, j - 1)
        &&  toks [j].end - toks [j].start == 2) {
            long mm = s_tok_num (text, &toks [j]);
            if (mm >= 0 && mm < 60)
                j++;
        }
        return j;
    }
    if (len == 4 && v >= 1800 && v <= 2100 && prev && (prev->lex & LX_YEARCUE)) {
        *type = S_DATE;
        return i + 1;
    }
    return dp_tag_number (self, text, i, n, type);
}
