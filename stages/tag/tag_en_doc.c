//  depeche tag — the English article-level pass: a name the model found
//  once (« Genevieve Cortese », « NASA », « Pittsburgh Pirates ») is the
//  same name where the article repeats it and the model missed it, and a
//  person's surname alone (« Cortese ») is that person, when the person's
//  span is shaped like a name and the surname is no place or organisation
//  the gazetteers know (tag_norm.c). Each other
//  occurrence of a person's or organisation's name, or of a person's
//  surname, standing alone (no capitalised word glued before or after
//  it, no candidate over it), becomes a candidate of the type found. A
//  string found with two types is left alone. Places are not spread.
//  Before that, a name the model typed two ways takes its most frequent
//  type.
//  Does not find names the model did not find once; the French paths
//  never call this file.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

#define S_KEYS 256                      //  names looked for, at most

typedef struct {
    uint32_t start;                     //  in the article's text
    uint32_t len;
    uint8_t type;
} s_key_t;

//  The character that ends before byte p is part of a word (a UTF-8
//  punctuation mark « “ », « ’ », « — » is not).
static bool
s_word_before (const char *text, uint32_t p)
{
    if (p == 0)
        return false;
    unsigned char c = (unsigned char) text [p - 1];
    if (c >= 0x80 && p >= 3 && (unsigned char) text [p - 3] == 0xE2
    &&  (unsigned char) text [p - 2] == 0x80)
        return false;
    return dp_tag_wordbyte (c) || c == '-' || c == '\'';
}

//  The character at byte p is part of a word (a possessive « 's », « ’s »
//  after a name is not: the name ends before it).
static bool
s_word_at (const char *text, size_t len, size_t p)
{
    if (p >= len)
        return false;
    unsigned char c = (unsigned char) text [p];
    if (c == 0xE2 && p + 2 < len && (unsigned char) text [p + 1] == 0x80)
        return false;
    return dp_tag_wordbyte (c) || c == '-';
}

//  A capitalised word next to the occurrence [a, b), one space away: the
//  occurrence is part of a longer name (« Valeska Paris », « Boston Red
//  Sox ») and is left alone.
static bool
s_glued (const char *text, size_t len, uint32_t a, uint32_t b)
{
    if (b + 1 < len && text [b] == ' ' && text [b + 1] >= 'A' && text [b + 1] <= 'Z')
        return true;
    if (a >= 2 && text [a - 1] == ' ' && dp_tag_wordbyte ((unsigned char) text [a - 2])) {
        uint32_t w = a - 1;
        while (w > 0 && dp_tag_wordbyte ((unsigned char) text [w - 1]))
            w--;
        return text [w] >= 'A' && text [w] <= 'Z';
    }
    return false;
}

//  Adds key [start, start+len) of type type unless there; a string seen
//  with another type is marked S_NONE (ambiguous, not looked for).
static void
s_key_add (s_key_t *keys, size_t *n, const char *text, uint32_t start,
           uint32_t len, uint8_t type)
{
    if (len < 3 || len > 64 || !(text [start] >= 'A' && text [start] <= 'Z'))
        return;
    for (size_t k = 0; k < *n; k++)
        if (keys [k].len == len && !memcmp (text + keys [k].start, text + start, len)) {
            if (keys [k].type != type)
                keys [k].type = S_NONE;
            return;
        }
    if (*n < S_KEYS)
        keys [(*n)++] = (s_key_t) { start, len, type };
}

static int
s_key_cmp (const void *a, const void *b)
{
    const s_key_t *x = a, *y = b;
    return x->len != y->len ? (x->len < y->len ? 1 : -1)
                            : (x->start > y->start) - (x->start < y->start);
}

static int
s_cand_cmp (const void *a, const void *b)
{
    const dp_tag_cand_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

//  True when [a, b) overlaps a live candidate of cands[0..n) (in text
//  order, none longer than maxlen bytes): a binary search, then back.
static bool
s_taken (const dp_tag_cand_t *cands, size_t n, uint32_t maxlen, uint32_t a,
         uint32_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cands [mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k > 0; k--) {
        const dp_tag_cand_t *c = &cands [k - 1];
        if ((uint64_t) c->start + maxlen <= a)
            break;
        if (c->type != S_NONE && c->weak != 2 && a < c->end)
            return true;
    }
    return false;
}

//  Order of candidates by their text (length, then bytes), for the vote.
static int
s_text_cmp (const void *a, const void *b, void *arg)
{
    const dp_tag_cand_t *x = a, *y = b;
    uint32_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return memcmp ((const char *) arg + x->start, (const char *) arg + y->start, lx);
}

//  One name, one type in an article: a name the model typed two ways
//  (« Harvard » LOC here, ORG there) takes its most frequent type (a tie
//  is left alone). Sorts by text, then back into text order.
static void
s_vote (dp_tagger_t *self, const char *text)
{
    dp_tag_cand_t *v = self->cands;
    size_t n = self->n_cands;
    qsort_r (v, n, sizeof *v, s_text_cmp, (void *) text);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && s_text_cmp (&v [i], &v [j], (void *) text) == 0)
            j++;
        unsigned votes [S_ORG + 1] = { 0 };
        for (size_t k = i; k < j; k++)
            if (!v [k].weak && v [k].type >= S_PER && v [k].type <= S_ORG)
                votes [v [k].type]++;
        uint8_t best = S_PER;
        for (uint8_t t = S_LOC; t <= S_ORG; t++)
            if (votes [t] > votes [best])
                best = t;
        bool tie = false;
        for (uint8_t t = S_PER; t <= S_ORG; t++)
            tie = tie || (t != best && votes [t] == votes [best]);
        for (size_t k = i; k < j && !tie; k++)
            if (!v [k].weak && v [k].type >= S_PER && v [k].type <= S_ORG)
                v [k].type = best;
        i = j;
    }
    qsort (v, n, sizeof *v, s_cand_cmp);
}

void
dp_tag_en_document (dp_tagger_t *self, const char *text, size_t len)
{
    s_key_t keys [S_KEYS];
    size_t n_keys = 0;
    s_vote (self, text);
    size_t n0 = self->n_cands;
    uint32_t maxlen = 64;               //  the longest key
    for (size_t k = 0; k < n0; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        if (c->end - c->start > maxlen)
            maxlen = c->end - c->start;
        //  Not places: a work or an event named after one (« Hydrodynamica »,
        //  « Boston » of « Boston Red Sox ») is too often taken for it.
        if (c->weak || (c->type != S_PER && c->type != S_ORG))
            continue;
        s_key_add (keys, &n_keys, text, c->start, c->end - c->start, c->type);
        //  A surname alone: only a name's (not « Paris » of « Alma mater
        //  Conservatoire de Paris »), and never a place or an organisation
        //  the gazetteers know (« Paris » of « Valeska Paris »).
        if (c->type == S_PER && c->ntok >= 2 && c->last > c->start
        &&  dp_tag_person_shape (self, text, c)
        &&  !dp_tag_place_here (self, text, len, c->last, c->end))
            s_key_add (keys, &n_keys, text, c->last, c->end - c->last, S_PER);
    }
    //  Longest first: « Boston Red Sox » is placed before « Boston ».
    qsort (keys, n_keys, sizeof *keys, s_key_cmp);
    for (size_t k = 0; k < n_keys && !self->oom; k++) {
        if (keys [k].type == S_NONE)
            continue;
        const char *key = text + keys [k].start;
        uint32_t kl = keys [k].len;
        const char *p = text;
        size_t sorted = self->n_cands;  //  in text order: the ones before
        while ((p = memmem (p, len - (size_t) (p - text), key, kl)) != NULL) {
            uint32_t a = (uint32_t) (p - text), b = a + kl;
            p += kl;
            if (s_word_before (text, a) || s_word_at (text, len, b)
            ||  s_glued (text, len, a, b) || s_taken (self->cands, sorted, maxlen, a, b))
                continue;
            uint32_t last = a, ntok = 1;
            for (uint32_t q = a; q < b; q++)
                if (text [q] == ' ') {
                    last = q + 1;
                    ntok++;
                }
            if (dp_tag_emit (self, a, b, keys [k].type, 0, 0, S_NO_NORM, ntok, last))
                return;
        }
        //  A key's occurrences never overlap one another; the next key's
        //  search needs them in order.
        if (self->n_cands > sorted)
            qsort (self->cands, self->n_cands, sizeof *self->cands, s_cand_cmp);
    }
}
