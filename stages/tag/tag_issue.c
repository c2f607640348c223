//  depeche tag — a publication cited by its issue (French): a name the
//  model calls an organisation, followed by the date of the issue, is the
//  newspaper, agency dispatch or magazine as a source, a work (MISC) as
//  the annotation has it: « …relaxé en appel, Le Courrier, 14 mars 2019 »,
//  « Selon La Gazette du 2 avril 2018 », « -L'Écho- 04/06/2017 ».
//  The date follows the name, a field between punctuation marks, across
//  one « , » or « - » and then ends the sentence (a reference's last
//  fields), or follows « du » when no « de » before the name makes the
//  date its head noun's (« la séance de l'ONU du 9 juin » stays); a
//  weekday alone is no issue (« Le Journal du dimanche »). Structure
//  only, no list of titles. The other conventions are in tag_conv.c.
#include "tag/tag_int.h"

#include <string.h>

//  Index of the first token starting at or after byte at, or n_toks.
static size_t
s_tok_from (const dp_tagger_t *self, uint32_t at)
{
    size_t i = 0;
    while (i < self->n_toks && self->toks [i].start < at)
        i++;
    return i;
}

//  Candidate c is a date with a day or a year, a DATE (not a weekday
//  alone: « Le Journal du dimanche ») or a number written as one
//  (« 11.01.02 »).
static bool
s_date (const char *text, const dp_tag_cand_t *c)
{
    if (c->type == S_DATE) {
        for (uint32_t p = c->start; p < c->end; p++)
            if (text [p] >= '0' && text [p] <= '9')
                return true;
        return false;
    }
    if (c->type != S_NUM)
        return false;
    int seps = 0;
    for (uint32_t p = c->start; p < c->end; p++)
        if (text [p] == '.' || text [p] == '/')
            seps++;
        else
        if (text [p] < '0' || text [p] > '9')
            return false;
    return seps == 2;
}

//  Nothing but closing punctuation from token i to the sentence's end.
static bool
s_ends_sentence (const dp_tagger_t *self, const char *text, size_t i)
{
    for (; i < self->n_toks; i++) {
        const dp_tag_tok_t *t = &self->toks [i];
        if (!(t->flags & TK_PUNCT))
            return false;
        if (!dp_tag_tok_is (text, t, ".") && !dp_tag_tok_is (text, t, ")")
        &&  !dp_tag_tok_is (text, t, "]") && !dp_tag_tok_is (text, t, ";"))
            return false;
    }
    return true;
}

bool
dp_tag_issue (dp_tagger_t *self, const char *text, size_t k, size_t a, size_t b)
{
    const dp_tag_tok_t *toks = self->toks;
    if (k + 1 >= self->n_cands || b + 1 >= self->n_toks)
        return false;
    const dp_tag_cand_t *d = &self->cands [k + 1];
    if (!s_date (text, d) || d->start != toks [b + 1].start)
        return false;
    const dp_tag_tok_t *sep = &toks [b];
    //  A reference's field: the name stands between punctuation marks
    //  (« appel, Le Courrier, 14 mars 2019 »), not after a word that
    //  makes it an affiliation (« professeure à l'Université de
    //  Lausanne, 9 mai 2016 », « par X pour ABCD, 10 mai 2016 »).
    if (dp_tag_tok_is (text, sep, ",") || dp_tag_tok_is (text, sep, "-"))
        return a > 0 && (toks [a - 1].flags & TK_PUNCT)
            && s_ends_sentence (self, text, s_tok_from (self, d->end));
    if (!dp_tag_tok_is (text, sep, "du"))
        return false;
    //  The word before the name, past its article (« de l'ONU »).
    if (a > 0 && (dp_tag_tok_is (text, &toks [a - 1], "la")
                  || dp_tag_tok_is (text, &toks [a - 1], "le")
                  || dp_tag_tok_is (text, &toks [a - 1], "les")
                  || ((toks [a - 1].flags & TK_ELISION)
                      && text [toks [a - 1].start] == 'l')))
        a--;
    if (a == 0)
        return true;
    const dp_tag_tok_t *p = &toks [a - 1];
    return !(dp_tag_tok_is (text, p, "de") || dp_tag_tok_is (text, p, "du")
             || dp_tag_tok_is (text, p, "des")
             || ((p->flags & TK_ELISION) && (text [p->start] | 0x20) == 'd'));
}
