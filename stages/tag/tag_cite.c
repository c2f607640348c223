//  depeche tag — a book's reference in a list (French): « - Karl Laske,
//  Ils se croyaient intouchables, Albin Michel (1 septembre 2000). »,
//  « - Paul Mus, Viêtnam : Sociologie d'une guerre, Seuil, Paris, 1952. »:
//  an item that opens with an author (a person the model found, then a
//  comma), then a title, names its publisher last before the date (the
//  date in brackets after it, or a last part of its own, a town between
//  them allowed). The publisher is an organisation, whatever the model
//  made of it (a person, « Albin Michel »; a place, « Denoël »; nothing,
//  « Seuil », « J'ai lu »). A press reference, which opens with the
//  article's title, and anything else are left alone. A volume's number
//  (« Vol. XVII ») is no name.
//  Deliberately not here: the other conventions (tag_conv.c).
#include "tag/tag_int.h"

#include <string.h>

//  Most tokens a publisher's name has here.
#define S_PUB_MAX 5
//  Most tokens of a date part (« 1 500 p. Paris 1997 », « 3 juin 1999 »).
#define S_DATE_MAX 6

//  Token t is a year: four digits, 1000 to 2099.
static bool
s_year (const char *text, const dp_tag_tok_t *t)
{
    if (t->end - t->start != 4)
        return false;
    for (uint32_t q = t->start; q < t->end; q++)
        if (text [q] < '0' || text [q] > '9')
            return false;
    return text [t->start] == '1' || (text [t->start] == '2' && text [t->start + 1] == '0');
}

//  Tokens a..b hold a year.
static bool
s_has_year (const char *text, const dp_tag_tok_t *toks, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s_year (text, &toks [i]))
            return true;
    return false;
}

//  The last comma before token b and after token a (at depth 0 of the
//  quotes), or a when none.
static size_t
s_comma_before (const char *text, const dp_tag_tok_t *toks, size_t a, size_t b)
{
    bool quoted = false;
    size_t at = a;
    for (size_t i = a + 1; i < b; i++) {
        if (dp_tag_tok_is (text, &toks [i], "\""))
            quoted = !quoted;
        else
        if (dp_tag_tok_is (text, &toks [i], "\xC2\xAB"))
            quoted = true;
        else
        if (dp_tag_tok_is (text, &toks [i], "\xC2\xBB"))
            quoted = false;
        else
        if (!quoted && dp_tag_tok_is (text, &toks [i], ","))
            at = i;
    }
    return at;
}

//  The first token of the item's text after its marks: « - », « – »,
//  « • », « ^ », a language code in brackets (« (en) »). n when the
//  sentence is no list item.
static size_t
s_item_start (const char *text, const dp_tag_tok_t *toks, size_t n)
{
    if (n < 2 || !(dp_tag_tok_is (text, &toks [0], "-")
                   || dp_tag_tok_is (text, &toks [0], "\xE2\x80\x93")
                   || dp_tag_tok_is (text, &toks [0], "\xE2\x80\xA2")))
        return n;
    size_t i = 1;
    if (i < n && dp_tag_tok_is (text, &toks [i], "^"))
        i++;
    if (i + 2 < n && dp_tag_tok_is (text, &toks [i], "(")
    &&  (toks [i + 1].flags & TK_LOWER) && toks [i + 1].nchars == 2
    &&  dp_tag_tok_is (text, &toks [i + 2], ")"))
        i += 3;
    return i;
}

//  Tokens a..b (a part between commas) may be a publisher's name: one to
//  S_PUB_MAX tokens, the first a capitalised word, no number, no quote,
//  no bracket.
static bool
s_publisher_shape (const char *text, const dp_tag_tok_t *toks, size_t a, size_t b)
{
    if (b <= a || b - a > S_PUB_MAX || !(toks [a].flags & TK_WORD)
    ||  !(toks [a].flags & TK_CAP))
        return false;
    for (size_t i = a; i < b; i++) {
        const dp_tag_tok_t *t = &toks [i];
        if ((t->flags & TK_DIGIT)
        ||  ((t->flags & TK_PUNCT) && !dp_tag_tok_is (text, t, "-")
             && !dp_tag_tok_is (text, t, "&")))
            return false;
    }
    return true;
}

//  Bytes start..end of the sentence whose candidates are [c0, n_cands)
//  become one organisation: the candidates inside give way to it (the
//  first of them takes its span), or a new one is put in its place in
//  text order; nothing changes when a name runs over its edges.
static void
s_publisher_org (dp_tagger_t *self, size_t c0, uint32_t start, uint32_t end,
                 uint32_t last, size_t ntok)
{
    size_t at = self->n_cands;          //  where the name goes (text order)
    for (size_t k = c0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->end <= start) {
            continue;
        }
        if (c->start >= end) {
            if (at == self->n_cands)
                at = k;
            continue;
        }
        if (c->type != S_NONE && (c->start < start || c->end > end))
            return;                     //  a longer name runs over it
    }
    size_t first = self->n_cands;
    for (size_t k = c0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->start >= start && c->end <= end) {
            if (first == self->n_cands)
                first = k;
            c->type = S_NONE;
        }
    }
    if (first == self->n_cands) {
        size_t n = self->n_cands;
        if (dp_tag_emit (self, start, end, S_ORG, 0, 0, S_NO_NORM, ntok, last))
            return;
        if (at < n) {                   //  moved to its place
            dp_tag_cand_t c = self->cands [n];
            memmove (&self->cands [at + 1], &self->cands [at],
                     (n - at) * sizeof c);
            self->cands [at] = c;
        }
        return;
    }
    dp_tag_cand_t *c = &self->cands [first];
    c->start = start;
    c->end = end;
    c->last = last;
    c->ntok = (uint8_t) (ntok < 255 ? ntok : 255);
    c->type = S_ORG;
    c->weak = 0;
    c->norm_src = 0;
    c->norm = S_NO_NORM;
    c->gaz = 0;
}

//  « Vol. XVII », « tome III »: a volume's number in a reference, no name.
//  The candidates of the sentence that are one are dropped.
static void
s_drop_volumes (dp_tagger_t *self, const char *text, size_t c0)
{
    static const char *const vol [] = { "Vol", "vol", "Tome", "tome", NULL };
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks, i = 0;
    for (size_t k = c0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type == S_NONE || c->type > S_MISC)
            continue;
        while (i < n && toks [i].start < c->start)
            i++;
        if (i >= n || toks [i].start != c->start)
            continue;
        bool is_vol = false;
        for (int v = 0; vol [v] && !is_vol; v++)
            is_vol = dp_tag_tok_is (text, &toks [i], vol [v]);
        size_t j = i + 1;
        if (is_vol && j < n && dp_tag_tok_is (text, &toks [j], "."))
            j++;
        if (is_vol && j < n && (toks [j].flags & (TK_ROMAN | TK_DIGIT))
        &&  toks [j].end == c->end)
            c->type = S_NONE;
    }
}

void
dp_tag_cite (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    s_drop_volumes (self, text, c0);
    size_t i = s_item_start (text, toks, n);
    if (i >= n)
        return;
    //  The author: a person the model found at the item's start, a comma
    //  right after.
    size_t k = c0;
    while (k < self->n_cands && (self->cands [k].type == S_NONE
                                 || self->cands [k].end <= toks [i].start))
        k++;
    if (k >= self->n_cands || self->cands [k].type != S_PER
    ||  self->cands [k].start != toks [i].start)
        return;
    size_t comma = i;
    while (comma < n && toks [comma].start < self->cands [k].end)
        comma++;
    if (comma >= n || !dp_tag_tok_is (text, &toks [comma], ","))
        return;
    //  The item's end, its final stops left out.
    size_t e = n;
    while (e > comma + 1 && (dp_tag_tok_is (text, &toks [e - 1], ".")
                             || dp_tag_tok_is (text, &toks [e - 1], ";")))
        e--;
    size_t pa, pb;                      //  the publisher, tokens pa..pb
    if (dp_tag_tok_is (text, &toks [e - 1], ")")) {
        //  « Albin Michel (1 septembre 2000) ».
        size_t o = e - 1;
        while (o > comma && !dp_tag_tok_is (text, &toks [o], "("))
            o--;
        if (o <= comma + 1 || e - 1 - o > S_DATE_MAX || !s_has_year (text, toks, o, e))
            return;
        pb = o;
    }
    else {
        //  « Seuil, Paris, 1952 »: the date, then a town, then the name.
        size_t d = s_comma_before (text, toks, comma, e);
        if (d <= comma || e - d - 1 > S_DATE_MAX || !s_has_year (text, toks, d + 1, e))
            return;
        pb = d;
        size_t t = s_comma_before (text, toks, comma, pb);
        if (t > comma && pb - t == 2 && (toks [t + 1].flags & TK_CAP)) {
            const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, &toks [t + 1]);
            if (g && g->type == S_LOC)
                pb = t;
        }
    }
    pa = s_comma_before (text, toks, comma, pb);
    //  A title between the author and the publisher.
    if (pa <= comma)
        return;
    pa++;
    if (!s_publisher_shape (text, toks, pa, pb))
        return;
    s_publisher_org (self, c0, toks [pa].start, toks [pb - 1].end,
                     toks [pb - 1].start, pb - pa);
}
