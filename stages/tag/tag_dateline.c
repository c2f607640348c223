//  depeche tag — the dateline of a wire story: the place in capitals that
//  opens a paragraph, before the date, the agency and a dash (« PARIS,
//  3 mars (AFP) – », « SAINT-DENIS, 8 septembre (Reuters) - », « LONDRES
//  (AFP) — », "WASHINGTON (Reuters) -"). The model, which learnt names in
//  running text, took such a word for a person or an organisation, or
//  nothing; in a dateline it is the place the story was filed from, a LOC,
//  in French and English alike. Structure only, no list of places. And
//  the era of a date (« le IIIe siècle av. J.-C. », « en 50 apr. J.-C. »),
//  which the model took for a person: part of the date, no name.
#include "tag/tag_int.h"

#include <string.h>
#include <utf8proc.h>

#define S_PLACE_WORDS 5                 //  words of the place, at most
#define S_TO_DASH 14                    //  tokens from the place to the dash, at most

//  Token t is one punctuation character c (ASCII).
static bool
s_punct (const char *text, const dp_tag_tok_t *t, char c)
{
    return (t->flags & TK_PUNCT) && t->end - t->start == 1 && text [t->start] == c;
}

//  Token t is a dash: "-", U+2013 or U+2014.
static bool
s_dash (const char *text, const dp_tag_tok_t *t)
{
    return s_punct (text, t, '-') || dp_tag_tok_is (text, t, "\xE2\x80\x93")
        || dp_tag_tok_is (text, t, "\xE2\x80\x94");
}

//  True when the text before byte at is the start of the text or of a line
//  (blanks aside): a dateline opens its paragraph.
static bool
s_line_start (const char *text, uint32_t at)
{
    while (at > 0 && (text [at - 1] == ' ' || text [at - 1] == '\t'))
        at--;
    return at == 0 || text [at - 1] == '\n';
}

//  The tokens of the place in capitals that open the piece, [0, *end), and
//  whether what follows reads as the rest of a dateline: a comma or an
//  opening bracket right after it, a dash within S_TO_DASH tokens, no full
//  stop before it, the brackets closed.
static bool
s_dateline (const dp_tagger_t *self, const char *text, size_t *end)
{
    const dp_tag_tok_t *t = self->toks;
    size_t n = self->n_toks, i = 0, words = 0;
    while (i < n && words < S_PLACE_WORDS) {
        if (t [i].flags & TK_ALLCAPS)
            words++;
        else
        if (!(i > 0 && i + 1 < n && s_punct (text, &t [i], '-')
              && (t [i - 1].flags & TK_ALLCAPS) && (t [i + 1].flags & TK_ALLCAPS)))
            break;
        i++;
    }
    if (words == 0 || i >= n || i == 0 || !(t [i - 1].flags & TK_ALLCAPS)
    ||  !(s_punct (text, &t [i], ',') || s_punct (text, &t [i], '(')))
        return false;
    int open = 0;
    for (size_t k = i; k < n && k <= i + S_TO_DASH; k++) {
        if (s_punct (text, &t [k], '('))
            open++;
        else
        if (s_punct (text, &t [k], ')'))
            open--;
        else
        if (s_punct (text, &t [k], '.') || s_punct (text, &t [k], '!')
        ||  s_punct (text, &t [k], '?'))
            return false;
        else
        if (k > i && open == 0 && s_dash (text, &t [k])) {
            *end = i;
            return true;
        }
    }
    return false;
}

//  The place's norm as it is written in running text, in scratch: each
//  word's first letter kept, the others lowercase (« SAINT-DENIS » ->
//  « Saint-Denis », « LE CAIRE » -> « Le Caire »). Its offset, or
//  S_NO_NORM when it cannot be made (the text then stands for it).
static uint32_t
s_norm (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    char buf [256];
    size_t o = 0;
    bool word_start = true;
    for (uint32_t i = a; i < b; ) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate ((const utf8proc_uint8_t *) text + i,
                                               (utf8proc_ssize_t) (b - i), &c);
        if (k <= 0)
            return S_NO_NORM;
        i += (uint32_t) k;
        bool letter = utf8proc_category (c) <= UTF8PROC_CATEGORY_LO;
        if (letter && !word_start)
            c = utf8proc_tolower (c);
        word_start = !letter;
        if (o + 4 >= sizeof buf)
            return S_NO_NORM;
        o += (size_t) utf8proc_encode_char (c, (utf8proc_uint8_t *) buf + o);
    }
    uint32_t off = dp_tag_buf_add (&self->scratch, buf, o);
    if (off == S_NO_NORM)
        self->oom = 1;
    return off;
}

//  True when candidate c is « J.-C. » right after « av. », « apr. »,
//  « avant » or « après »: the era of a date.
static bool
s_era (const dp_tagger_t *self, const char *text, const dp_tag_cand_t *c)
{
    uint32_t piece_end = self->n_toks ? self->toks [self->n_toks - 1].end : 0;
    if (c->start + 4 > piece_end)
        return false;
    //  « J.-C. », or the part of it the model took (« J. » at a sentence's
    //  end, where the last dot is the sentence's)
    if (c->end - c->start > 5 || memcmp (text + c->start, "J.-C", 4) != 0)
        return false;
    static const char *const before [] = { "av. ", "apr. ", "avant ", "apr\xC3\xA8s ", NULL };
    for (int k = 0; before [k]; k++) {
        size_t bl = strlen (before [k]);
        if (c->start >= bl && memcmp (text + c->start - bl, before [k], bl) == 0
        &&  (c->start == bl || text [c->start - bl - 1] == ' '
             || text [c->start - bl - 1] == '('))
            return true;
    }
    return false;
}

//  --------------------------------------------------------------------------

void
dp_tag_dateline (dp_tagger_t *self, const char *text, size_t c0)
{
    for (size_t k = c0; k < self->n_cands; k++)
        if (self->cands [k].type == S_PER && s_era (self, text, &self->cands [k]))
            self->cands [k].type = S_NONE;
    size_t end;
    if (self->n_toks == 0 || !s_line_start (text, self->toks [0].start)
    ||  !s_dateline (self, text, &end))
        return;
    uint32_t a = self->toks [0].start, b = self->toks [end - 1].end;
    //  The candidates over the place give way to it; the first of them
    //  becomes it (candidates stay in text order).
    size_t keep = self->n_cands;
    for (size_t k = c0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->start >= b || c->end <= a)
            continue;
        if (keep == self->n_cands)
            keep = k;
        else
            c->type = S_NONE;
    }
    if (keep == self->n_cands) {
        if (dp_tag_emit (self, a, b, S_LOC, 0, 0, 0, end, self->toks [end - 1].start))
            return;
        //  to its place in text order: before every candidate of the piece
        dp_tag_cand_t c = self->cands [self->n_cands - 1];
        memmove (&self->cands [c0 + 1], &self->cands [c0],
                 (self->n_cands - 1 - c0) * sizeof c);
        self->cands [c0] = c;
        keep = c0;
    }
    dp_tag_cand_t *c = &self->cands [keep];
    c->start = a;
    c->end = b;
    c->last = self->toks [end - 1].start;
    c->type = S_LOC;
    c->weak = 0;
    c->norm = s_norm (self, text, a, b);
    c->norm_src = c->norm == S_NO_NORM ? 0 : 2;
    c->ntok = (uint8_t) (end > 255 ? 255 : end);
    c->gaz = 0;
    c->tail = 0;
    c->ctx = 1;                         //  told by its place: no vote (tag_doc.c)
}
